"""Bayesian games with continuous, independent private types and finite action sets.

Each player has a name, a type variable (the name payoff formulas use for its type), a
:class:`~gametheory.bayesian.distributions.TypeDistribution` and a finite list of actions
(at least two). Payoffs are formulas in the players' type variables (and named constants),
one per player for every action profile.

>>> from gametheory.bayesian.distributions import uniform
>>> g = BayesianGame(
...     [BayesianPlayer("A", "a", uniform(0, 2), ("give", "keep")),
...      BayesianPlayer("B", "b", uniform(0, 2), ("give", "keep"))],
...     {("give", "give"): ("1 - a", "1 - b"), ("give", "keep"): ("1 - a", "1"),
...      ("keep", "give"): ("1", "1 - b"), ("keep", "keep"): ("0", "0")})
>>> g.payoff(0, ("give", "keep"))
1 - a
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from gametheory.bayesian.distributions import DistributionError, TypeDistribution, to_rational
from gametheory.errors import GameError
from gametheory.symbolic.expr import parse_expression


class BayesianGameError(GameError):
    """A Bayesian game is malformed (players, actions, payoffs, names)."""


@dataclass(frozen=True)
class BayesianPlayer:
    """One player: ``name``, its ``type_name`` in formulas, its type distribution and actions.

    For cutoff strategies the player uses ``actions[1]`` (the *upper* action) for types at or
    above its cutoff and ``actions[0]`` below it.
    """

    name: str
    type_name: str
    distribution: TypeDistribution
    actions: tuple[str, ...]

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol of this player's type."""
        return sympy.Symbol(self.type_name, real=True)


@dataclass(frozen=True)
class BayesianGame:
    """Players with independent private types; payoffs as formulas for every action profile.

    Parameters
    ----------
    players:
        The :class:`BayesianPlayer` list (two or more).
    payoffs:
        Action profile (a tuple with one action per player) -> one formula per player (text
        read by the whitelist parser, or a sympy expression).
    constants:
        Extra names allowed in formulas, with their (exact) values.
    """

    players: tuple[BayesianPlayer, ...]
    payoffs: Mapping[tuple[str, ...], tuple[sympy.Expr, ...]]
    constants: Mapping[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        players: Sequence[BayesianPlayer],
        payoffs: Mapping[Any, Sequence[Any]],
        constants: Mapping[str, Any] | None = None,
    ) -> None:
        players = tuple(players)
        if len(players) < 2:
            raise BayesianGameError(f"players: a Bayesian game needs at least two players, got {len(players)}")
        names: set[str] = set()
        consts: dict[str, sympy.Expr] = {}
        for key, value in (constants or {}).items():
            _check_name(key, "constants")
            try:
                consts[key] = to_rational(value, f"constants.{key}")
            except DistributionError as exc:
                raise BayesianGameError(str(exc)) from None
        for i, p in enumerate(players):
            where = f"players[{i}]"
            if not isinstance(p, BayesianPlayer):
                raise BayesianGameError(f"{where}: expected a BayesianPlayer, got {type(p).__name__}")
            _check_name(p.name, f"{where}.name")
            _check_name(p.type_name, f"{where}.type")
            if not isinstance(p.distribution, TypeDistribution):
                raise BayesianGameError(f"{where}.distribution: expected a TypeDistribution")
            acts = tuple(p.actions)
            if len(acts) < 2:
                raise BayesianGameError(f"{where}.actions: at least two actions are needed, got {len(acts)}")
            if len(set(acts)) != len(acts) or not all(isinstance(a, str) and a for a in acts):
                raise BayesianGameError(f"{where}.actions: actions must be distinct non-empty names, got {list(acts)}")
            for label, value in (("name", p.name), ("type", p.type_name)):
                if value in names or value in consts:
                    raise BayesianGameError(f"{where}.{label}: the name {value!r} is used twice")
            names.update((p.name, p.type_name))
        symbols: dict[str, sympy.Expr] = {p.type_name: p.symbol for p in players}
        symbols.update(consts)
        profiles = set(itertools.product(*(p.actions for p in players)))
        table: dict[tuple[str, ...], tuple[sympy.Expr, ...]] = {}
        for pkey, row in payoffs.items():
            prof = tuple(pkey.split(",")) if isinstance(pkey, str) else tuple(pkey)
            label = ",".join(map(str, prof))
            if prof not in profiles:
                raise BayesianGameError(f"payoffs[{label}]: not an action profile (one action per player, in order)")
            if prof in table:
                raise BayesianGameError(f"payoffs[{label}]: given twice")
            row = tuple(row)
            if len(row) != len(players):
                raise BayesianGameError(f"payoffs[{label}]: expected {len(players)} payoffs, got {len(row)}")
            exprs = []
            for i, item in enumerate(row):
                where = f"payoffs[{label}][{players[i].name}]"
                if isinstance(item, sympy.Basic):
                    expr = item
                    extra = {str(s) for s in expr.free_symbols} - set(symbols)
                    if extra:
                        raise BayesianGameError(f"{where}: unknown names {sorted(extra)}")
                    expr = expr.subs({sympy.Symbol(k, real=True): v for k, v in consts.items()})
                elif isinstance(item, (int, float)) and not isinstance(item, bool):
                    expr = to_rational(item, where)
                elif isinstance(item, str):
                    expr = parse_expression(item, symbols, source=where)
                else:
                    raise BayesianGameError(f"{where}: expected a formula, got {type(item).__name__}")
                if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                    raise BayesianGameError(f"{where}: the formula is not finite")
                exprs.append(expr)
            table[prof] = tuple(exprs)
        missing = profiles - set(table)
        if missing:
            raise BayesianGameError(f"payoffs: missing action profiles {sorted(','.join(m) for m in missing)}")
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "payoffs", table)
        object.__setattr__(self, "constants", consts)

    def payoff(self, player: int, profile: Sequence[str]) -> sympy.Expr:
        """Player ``player``'s payoff formula at ``profile``."""
        return self.payoffs[tuple(profile)][player]

    def to_json(self) -> dict[str, Any]:
        """The game as JSON data (the file format of :func:`gametheory.bayesian.load_bayesian`)."""
        from gametheory._kernel.results import json_value

        return {
            "kind": "bayesian",
            "players": [
                {"name": p.name, "type": p.type_name, "distribution": p.distribution.to_json(), "actions": list(p.actions)}
                for p in self.players
            ],
            "constants": json_value(dict(self.constants)),
            "payoffs": [{"profile": list(k), "payoffs": [sympy.sstr(e) for e in v]} for k, v in self.payoffs.items()],
        }


def _check_name(name: Any, where: str) -> None:
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_") or not name.isascii():
        raise BayesianGameError(f"{where}: {name!r} is not a plain name (letters, digits, '_')")
    if name in ("min", "max", "exp", "log", "sqrt", "abs"):
        raise BayesianGameError(f"{where}: {name!r} is the name of a function")
