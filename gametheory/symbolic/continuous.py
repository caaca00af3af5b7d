r"""Closed-form equilibria of continuous games with the parameters left symbolic.

:func:`solve_continuous_symbolic` takes a :class:`~gametheory.continuous.game.ContinuousGame`
whose bounds and utilities depend on named parameters and, for each active set (each player
at its lower bound, its upper bound or interior), solves the interior first-order conditions
in closed form and states the conditions on the parameters under which that active set is
an equilibrium (:class:`SymbolicContinuousSolution`).

>>> from gametheory.continuous import ContinuousGame
>>> from gametheory.symbolic import Parameter
>>> c = Parameter("c", "unit cost", default=1, lower=0)
>>> g = ContinuousGame(["F1", "F2"], [("q1", 0, 10), ("q2", 0, 10)],
...                    ["q1*(10 - q1 - q2) - c*q1", "q2*(10 - q1 - q2) - c*q2"], parameters=[c])
>>> [s.describe() for s in solve_continuous_symbolic(g, active=["interior", "interior"])]
['F1 = 10/3 - c/3; F2 = 10/3 - c/3  if  c <= 10']
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from gametheory._kernel.results import Result, json_value
from gametheory.continuous.exact import ExactTimeout, foc_equations, solve_focs, time_limit
from gametheory.continuous.game import ACTIVE_STATES, ContinuousGame, Value, decide_relation
from gametheory.continuous.result import exact_value, game_summary
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.symbolic.expr import evaluate_at

__all__ = ["MAX_SYMBOLIC_PLAYERS", "SymbolicContinuousSolution", "solve_continuous_symbolic"]

#: Largest number of players :func:`solve_continuous_symbolic` enumerates active sets for.
MAX_SYMBOLIC_PLAYERS = 6


@dataclass(frozen=True)
class SymbolicContinuousSolution(Result):
    r"""A candidate equilibrium in closed form, valid where :attr:`conditions` all hold.

    Attributes
    ----------
    game:
        The game.
    active:
        ``{player: "lower" | "upper" | "interior"}``.
    choices, utilities:
        ``{player: expression in the parameters}``.
    conditions:
        Simplified sympy relations on the parameters (those that hold for every admissible
        value are dropped): interior choices within their bounds and the KKT sign
        conditions of the boundary players. Together with quasi-concavity of each utility
        in the own choice they make the profile an equilibrium.
    diagnostics:
        Caveats (e.g. a continuum of solutions).
    arithmetic:
        Always ``"symbolic"``.
    method:
        ``"first-order-conditions"``.
    """

    game: ContinuousGame = field(metadata={"json": False})
    active: dict[str, str]
    choices: dict[str, sympy.Expr]
    utilities: dict[str, sympy.Expr]
    conditions: tuple[sympy.Basic, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        """The caveats, :attr:`diagnostics` by its old name (kept for one release)."""
        return self.diagnostics

    def to_json(self) -> dict[str, Any]:
        """The common fields, the game's names, then the closed form (expressions as text)."""
        out = self.common_json()
        out.update(
            game=game_summary(self.game),
            active=dict(self.active),
            choices=json_value(self.choices),
            utilities=json_value(self.utilities),
            conditions=json_value(self.conditions),
        )
        return out

    @property
    def condition(self) -> sympy.Basic:
        """All :attr:`conditions` as one sympy ``And``."""
        return sympy.And(*self.conditions)

    def holds(self, values: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """Whether every condition holds at the given parameter values (defaults fill the rest)."""
        subs = self.game._subs(self.game.values(values, **kw))
        for c in self.conditions:
            t = decide_relation(evaluate_at(c, subs, source="condition"))
            if t is not True:
                return False
        return True

    def choices_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> dict[str, Value]:
        subs = self.game._subs(self.game.values(values, **kw))
        return {p: exact_value(sympy.simplify(evaluate_at(e, subs, source=f"choice {p}"))) for p, e in self.choices.items()}

    def describe(self) -> str:
        parts = [f"{p} = {sympy.sstr(e)}" for p, e in self.choices.items()]
        cond = " and ".join(sympy.sstr(c) for c in self.conditions) or "always"
        return "; ".join(parts) + f"  if  {cond}"


def _domains(game: ContinuousGame) -> dict[sympy.Symbol, sympy.Set]:
    out = {}
    for p in game.parameters:
        lo = sympy.Rational(p.lower.numerator, p.lower.denominator) if p.lower is not None else -sympy.oo
        hi = sympy.Rational(p.upper.numerator, p.upper.denominator) if p.upper is not None else sympy.oo
        out[p.symbol] = sympy.Interval(lo, hi, p.lower_open or p.lower is None, p.upper_open or p.upper is None)
    return out


def _sign(f: sympy.Expr, domains: Mapping[sympy.Symbol, sympy.Set]) -> int:
    """+1 / -1 if ``f`` is positive / negative for all admissible parameters, else 0."""
    if f.is_positive:
        return 1
    if f.is_negative:
        return -1
    free = f.free_symbols
    if len(free) == 1:
        (s,) = free
        dom = domains.get(s)
        if dom is not None:
            try:
                if dom.is_subset(sympy.solveset(f > 0, s, dom)):
                    return 1
                if dom.is_subset(sympy.solveset(f < 0, s, dom)):
                    return -1
            except (NotImplementedError, ValueError, TypeError):
                return 0
    return 0


def _condition(expr: sympy.Expr, op: str, domains: Mapping[sympy.Symbol, sympy.Set]) -> sympy.Basic:
    """``expr <= 0`` (op ``"le"``) or ``expr >= 0``, simplified under the parameter domains."""
    e = sympy.together(expr)
    if not e.has(sympy.log, sympy.exp):
        e = sympy.cancel(e)
    n, d = sympy.fraction(e)
    flip = False
    sd = _sign(d, domains)
    if sd == 0:
        n = e  # unknown sign of the denominator: keep the quotient
    elif sd < 0:
        flip = True
    if n == 0:
        return sympy.true
    keep = []
    for f in sympy.Mul.make_args(sympy.factor(n)):
        s = _sign(f, domains)
        if s > 0:
            continue
        if s < 0:
            flip = not flip
            continue
        keep.append(f)
    if flip:
        op = "ge" if op == "le" else "le"
    if not keep:  # a positive number
        return sympy.false if op == "le" else sympy.true
    rest = sympy.Mul(*keep)
    if len(keep) == 1 and isinstance(keep[0], sympy.Add):
        terms = sympy.Add.make_args(sympy.expand(rest))
        lhs = sympy.Add(*[t for t in terms if not t.could_extract_minus_sign()])
        rhs = sympy.Add(*[-t for t in terms if t.could_extract_minus_sign()])
    else:
        lhs, rhs = rest, sympy.Integer(0)
    lhs, rhs = _nice(lhs), _nice(rhs)
    rel = sympy.Le(lhs, rhs) if op == "le" else sympy.Ge(lhs, rhs)
    if rel in (sympy.true, sympy.false):
        return rel
    free = rel.free_symbols
    if len(free) == 1:
        (s,) = free
        dom = domains.get(s)
        if dom is not None:
            try:
                sol = sympy.solveset(rel, s, dom)
                if dom.is_subset(sol):
                    return sympy.true
                if sympy.Intersection(sol, dom) is sympy.S.EmptySet:
                    return sympy.false
            except (NotImplementedError, ValueError, TypeError):
                pass
    return rel


def _nice(e: sympy.Expr) -> sympy.Expr:
    """Factored form with leading minus signs moved into a factor: ``Y*(1 - a)``, not ``-Y*(a - 1)``."""
    e = sympy.sympify(e, strict=True)
    if e.is_number or e.has(sympy.log, sympy.exp):
        return e
    e = sympy.factor(sympy.cancel(e))
    num, den = sympy.fraction(e)
    parts = []
    for side in (num, den):
        coeff, factors = side.as_coeff_mul()
        factors = list(factors)
        if coeff < 0:
            for k, f in enumerate(factors):
                if isinstance(f, sympy.Add):
                    factors[k] = sympy.expand(-f)
                    coeff = -coeff
                    break
        parts.append(sympy.Mul(coeff, *factors))
    return parts[0] / parts[1]


def _merge_equalities(conds: list[sympy.Basic]) -> tuple[list[sympy.Basic], list[sympy.Basic]]:
    """Replace pairs ``p <= q`` and ``p >= q`` by ``Eq(p, q)``; return (conditions, equalities)."""
    keys: list[sympy.Expr | None] = []
    for c in conds:
        if isinstance(c, sympy.Le):
            keys.append(sympy.expand(c.lhs - c.rhs))
        elif isinstance(c, sympy.Ge):
            keys.append(sympy.expand(c.rhs - c.lhs))
        else:
            keys.append(None)
    out: list[sympy.Basic] = []
    equal: list[sympy.Basic] = []
    used: set[int] = set()
    for a, ka in enumerate(keys):
        if a in used:
            continue
        partner = None
        if ka is not None:
            for b in range(a + 1, len(conds)):
                kb = keys[b]
                if b not in used and kb is not None and sympy.expand(ka + kb) == 0:
                    partner = b
                    break
        if partner is None:
            out.append(conds[a])
        else:
            used.add(partner)
            eq = sympy.Eq(conds[a].lhs, conds[a].rhs)
            out.append(eq)
            equal.append(eq)
    return out, equal


def _parse_active(game: ContinuousGame, active: Mapping[str, str] | Sequence[str]) -> tuple[str, ...]:
    if isinstance(active, Mapping):
        unknown = [str(k) for k in active if k not in game.players]
        if unknown:
            raise GameError(f"active: unknown player(s) {', '.join(unknown)}")
        states = [active.get(p) for p in game.players]
        missing = [p for p, s in zip(game.players, states) if s is None]
        if missing:
            raise GameError(f"active: no state for player(s) {', '.join(missing)}")
    else:
        if isinstance(active, str) or len(active) != game.num_players:
            raise GameError(f"active: expected one state per player ({game.num_players})")
        states = list(active)
    for s in states:
        if s not in ACTIVE_STATES:
            raise GameError(f"active: state {s!r} is not one of lower, upper, interior")
    return tuple(str(s) for s in states)


def solve_continuous_symbolic(
    game: ContinuousGame,
    active: Mapping[str, str] | Sequence[str] | None = None,
    *,
    timeout: float | None = 30.0,
) -> list[SymbolicContinuousSolution]:
    r"""Closed-form equilibria with the parameters left symbolic, one per consistent active set.

    For an active set (player :math:`i` at its lower bound, upper bound, or interior) the
    boundary players' bounds are substituted and the interior first-order conditions
    :math:`\partial u_i/\partial x_i = 0` are solved with sympy (numerators of the
    derivatives; ``linsolve`` when they are linear). Each solution comes with the
    conditions under which the active set is consistent -- interior values inside their
    bounds, :math:`\partial u_i/\partial x_i \le 0` at a lower bound and :math:`\ge 0` at an
    upper bound -- simplified using the parameters' assumptions and intervals (positive
    factors dropped, conditions that always hold removed). Under quasi-concavity of each
    utility in the own choice these KKT conditions are necessary and sufficient.

    Parameters
    ----------
    game:
        The game (parameters stay symbolic).
    active:
        One active set (``{player: state}`` or a sequence of ``"lower"``, ``"upper"``,
        ``"interior"``), or ``None`` for all :math:`3^N` (at most
        :data:`MAX_SYMBOLIC_PLAYERS` players); active sets with no solution, undefined
        derivatives at the bounds (``log(0)``) or a condition that never holds are pruned.
    timeout:
        Seconds allowed for each sympy solve (main thread on POSIX).

    Returns
    -------
    list of SymbolicContinuousSolution
    """
    if not isinstance(game, ContinuousGame):
        raise GameError(f"solve_continuous_symbolic: expected a ContinuousGame, got {type(game).__name__}")
    n = game.num_players
    if active is not None:
        sets: list[tuple[str, ...]] = [_parse_active(game, active)]
    else:
        if n > MAX_SYMBOLIC_PLAYERS:
            raise GameSizeError(
                f"solve_continuous_symbolic: {n} players; enumerating 3^{n} active sets is limited to "
                f"{MAX_SYMBOLIC_PLAYERS} players (pass active=...)"
            )
        options = []
        for k in range(n):
            lo, hi = game.bounds(k)
            options.append(("lower",) if sympy.simplify(hi - lo) == 0 else ACTIVE_STATES)
        sets = list(itertools.product(*options))
    domains = _domains(game)
    g_expr = [sympy.diff(u, v) for u, v in zip(game.utilities, game.variables)]
    out = []
    for states in sets:
        out.extend(_symbolic_active_set(game, states, g_expr, domains, timeout))
    return out


def _symbolic_active_set(game: ContinuousGame, states: tuple[str, ...], g_expr: list[sympy.Expr],
                         domains: Mapping[sympy.Symbol, sympy.Set], timeout: float | None
                         ) -> list[SymbolicContinuousSolution]:
    variables = list(game.variables)
    fixed = {}
    for k, s in enumerate(states):
        lo, hi = game.bounds(k)
        if s == "lower":
            fixed[variables[k]] = lo
        elif s == "upper":
            fixed[variables[k]] = hi
    inner = [k for k, s in enumerate(states) if s == "interior"]
    inner_vars = [variables[k] for k in inner]
    if inner:
        gs = [g_expr[k].xreplace(fixed) for k in inner]
        if any(g.has(sympy.nan, sympy.zoo) for g in gs):
            return []
        nums, _ = foc_equations(gs, inner_vars)
        try:
            with time_limit(timeout):
                sols, _ = solve_focs(nums, inner_vars)
        except ExactTimeout:
            raise SolverError(f"solve_continuous_symbolic: sympy did not solve the conditions for "
                              f"{states} within {timeout} s") from None
    else:
        sols = [{}]
    out = []
    for sol in sols:
        point = {v: _nice(sympy.sympify(sol.get(v, v), strict=True)) for v in inner_vars}
        point.update(fixed)
        notes = []
        free = {s for v in inner_vars for s in point[v].free_symbols if s in variables}
        if free:
            notes.append("a continuum of solutions: " + ", ".join(sorted(map(str, free))) + " free")
        conditions: list[sympy.Basic] = []
        dead = False
        for k, s in enumerate(states):
            v = variables[k]
            lo, hi = game.bounds(k)
            d = g_expr[k].xreplace(point)
            if s == "interior":
                parts = [_condition(lo - point[v], "le", domains), _condition(point[v] - hi, "le", domains)]
            else:
                if d.has(sympy.nan, sympy.zoo):
                    dead = True
                    break
                parts = [_condition(d, "le" if s == "lower" else "ge", domains)]
            for c in parts:
                if c is sympy.false:
                    dead = True
                elif c is not sympy.true and c not in conditions:
                    conditions.append(c)
            if dead:
                break
        if dead:
            continue
        conditions, equal = _merge_equalities(conditions)
        if equal:
            notes.append("degenerate: consistent only where " + " and ".join(sympy.sstr(c) for c in equal))
        utils = {}
        for k, p in enumerate(game.players):
            u = game.utilities[k].xreplace(point)
            if u.has(sympy.nan, sympy.zoo):
                dead = True
                break
            utils[p] = _nice(u)
        if dead:
            continue
        out.append(SymbolicContinuousSolution(
            game=game,
            active=dict(zip(game.players, states)),
            choices={p: point[variables[k]] for k, p in enumerate(game.players)},
            utilities=utils,
            conditions=tuple(conditions),
            method="first-order-conditions",
            arithmetic="symbolic",
            diagnostics=tuple(notes),
        ))
    return out
