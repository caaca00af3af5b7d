"""Rubinstein's alternating-offers bargaining game.

(The module is not called ``rubinstein``: a submodule of that name would hide the function
:func:`rubinstein` on the lazily loading package ``gametheory.cooperative``.)

:func:`rubinstein` -- the subgame-perfect split of the alternating-offers game (Rubinstein
1982) with discounting or per-period costs, outside options (Binmore, Shaked & Sutton 1989)
and a risk of breakdown (Binmore, Rubinstein & Wolinsky 1986). The shares are obtained by
solving the two stationarity (indifference) equations with sympy; inputs may be exact,
float or symbolic, and the result is in the same arithmetic.

>>> from fractions import Fraction
>>> r = rubinstein((Fraction(1, 2), Fraction(1, 2)))
>>> r.shares, r.arithmetic
((Fraction(2, 3), Fraction(1, 3)), 'exact')
>>> r.to_json()["shares"]
['2/3', '1/3']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import sympy

from gametheory._kernel.results import Result
from gametheory.cooperative._values import (
    DEFAULT_PLAYERS,
    Condition,
    Value,
    _decide,
    _export,
    _export_condition,
    _export_plain,
    _mode,
    _pair,
    _players,
    _reject_if_false,
    _value,
)
from gametheory.errors import GameError, SolverError


# --------------------------------------------------------------------------- result
@dataclass(frozen=True)
class RubinsteinResult(Result):
    """The stationary subgame-perfect equilibrium of an alternating-offers game.

    Attributes
    ----------
    players:
        The two player names.
    proposer:
        Name of the player who makes the first offer.
    shares:
        The agreement reached in the first period, one share per player (in ``players``
        order); the shares sum to ``pie``.
    proposer_shares:
        Each player's own share when it is the one proposing (the unknowns of the
        stationarity equations).
    immediate:
        Whether the first offer is accepted, checked on the solution: the proposer's share is at
        least what it would get if its offer were turned down. ``True`` under the validated
        assumptions; a sympy condition when it cannot be decided symbolically.
    outside_option_binds:
        Per player: whether (numeric) or when (sympy condition) its outside option, not the
        value of continuing to bargain, sets what it must be offered as responder. Binding
        happens exactly when the option exceeds the responder's equilibrium share
        (Binmore, Shaked & Sutton 1989). ``False`` for a player without an option.
    regimes:
        ``(condition, shares)`` pairs: the first-period shares in each parameter region where a
        different set of constraints binds. One pair with condition ``True`` for numeric input.
    equations:
        The stationarity equations solved (``m1``, ``m2``: each player's share as proposer) in
        the regime that applies (the first regime for symbolic input).
    pie, discount, costs, breakdown, breakdown_payoffs, outside_options:
        The model's parameters as used (``costs``/``outside_options`` are ``None`` when absent).
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    diagnostics:
        Notes a careful reader should see.
    """

    players: tuple[str, str]
    proposer: str
    shares: tuple[Value, Value]
    proposer_shares: tuple[Value, Value]
    immediate: Condition
    outside_option_binds: tuple[Condition, Condition]
    regimes: tuple[tuple[Condition, tuple[Value, Value]], ...]
    equations: tuple[sympy.Basic, ...]
    pie: Value
    discount: tuple[Value, Value]
    costs: tuple[Value, Value] | None
    breakdown: Value
    breakdown_payoffs: tuple[Value, Value]
    outside_options: tuple[Value, Value] | None

    def by_name(self) -> dict[str, Value]:
        """``{player: share}`` of the first-period agreement."""
        return dict(zip(self.players, self.shares))


# --------------------------------------------------------------------------- Rubinstein
_M = (sympy.Symbol("m1"), sympy.Symbol("m2"))


def rubinstein(
    discount: Sequence[Any] | None = None,
    pie: Any = 1,
    *,
    costs: Sequence[Any] | None = None,
    breakdown: Any = 0,
    breakdown_payoffs: Sequence[Any] = (0, 0),
    outside_options: Sequence[Any] | None = None,
    first: int | str = 0,
    players: Sequence[str] = DEFAULT_PLAYERS,
    simplify: bool = True,
) -> RubinsteinResult:
    """Subgame-perfect split of a pie in the alternating-offers game (Rubinstein 1982).

    Two players alternate proposals; the responder accepts, rejects (and proposes next
    period), or -- when it has one -- takes its outside option. The stationary equilibrium is
    found by solving the responders' indifference conditions. With :math:`m_i` player
    :math:`i`'s share when it proposes, responder :math:`j` must be offered

    .. math:: T_j = \\max\\bigl(o_j,\\; p\\,b_j + (1-p)\\,\\delta_j m_j - c_j,\\; 0\\bigr),
              \\qquad m_i = S - T_j,

    where the middle term is the value of rejecting: a per-period cost :math:`c_j` is paid,
    talks break down with probability :math:`p` (payoff :math:`b_j`), and otherwise
    :math:`j` proposes next period, discounted by :math:`\\delta_j`. Every combination of
    binding terms is solved with sympy and kept where its inequalities hold. Special cases:

    * discounting only: :math:`m_1 = S(1-\\delta_2)/(1-\\delta_1\\delta_2)`; equal
      :math:`\\delta` gives :math:`S/(1+\\delta)` (Rubinstein 1982);
    * costs only (:math:`\\delta = 1`): the player with the lower cost takes (almost) all
      (Rubinstein 1982); equal costs give a continuum of equilibria and are rejected;
    * outside options bind only when they exceed what the responder gets anyway
      (the outside option principle, Binmore, Shaked & Sutton 1989);
    * breakdown risk without discounting: as :math:`p \\to 0` the split tends to the Nash
      bargaining solution with disagreement point :math:`b` (Binmore, Rubinstein &
      Wolinsky 1986).

    Parameters
    ----------
    discount:
        ``(delta1, delta2)`` in ``[0, 1)``; ``None`` means no discounting (``(1, 1)``), which
        needs per-period costs or breakdown risk. A factor of 1 is allowed only for a player
        with a positive cost, or with breakdown risk.
    pie:
        Size ``S`` of the pie, positive.
    costs:
        Per-period bargaining costs ``(c1, c2)``, nonnegative (utility ``x - c t``).
    breakdown:
        Probability ``p`` in ``[0, 1]`` that talks end after each rejection.
    breakdown_payoffs:
        Payoffs ``(b1, b2)`` on breakdown, with ``b1 + b2 <= S``.
    outside_options:
        ``(o1, o2)``, nonnegative with ``o1 + o2 <= S``: what a responder gets by walking out.
    first:
        Index (0 or 1) or name of the first proposer.
    players:
        Two names.
    simplify:
        Symbolic inputs: simplify the shares and the regimes' conditions (the default). With
        ``False`` they are returned as solved, unsimplified: the same functions of the
        parameters, found in a fraction of the time (simplification is most of the work).

    Returns
    -------
    RubinsteinResult
    """
    where = "rubinstein"
    names = _players(players, where)
    simp = sympy.simplify if simplify else (lambda e: e)
    export = _export if simplify else _export_plain
    S, kS = _value(pie, f"{where}: pie")
    _reject_if_false(S > 0, f"{where}: pie must be positive, got {S}")
    kinds = [kS]
    if discount is None:
        deltas: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(1), sympy.Integer(1))
    else:
        deltas, kd = _pair(discount, f"{where}: discount")
        kinds += kd
    p, kp = _value(breakdown, f"{where}: breakdown")
    kinds.append(kp)
    _reject_if_false(sympy.And(p >= 0, p <= 1), f"{where}: breakdown must be a probability in [0, 1], got {p}")
    b, kb = _pair(breakdown_payoffs, f"{where}: breakdown_payoffs")
    kinds += kb
    _reject_if_false(b[0] + b[1] <= S, f"{where}: breakdown_payoffs must sum to at most the pie")
    if costs is None:
        c: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(0), sympy.Integer(0))
    else:
        c, kc = _pair(costs, f"{where}: costs")
        kinds += kc
        for k in (0, 1):
            _reject_if_false(c[k] >= 0, f"{where}: costs[{k}] must be nonnegative, got {c[k]}")
    o: tuple[sympy.Expr, sympy.Expr] | None = None
    if outside_options is not None:
        o, ko = _pair(outside_options, f"{where}: outside_options")
        kinds += ko
        for k in (0, 1):
            _reject_if_false(o[k] >= 0, f"{where}: outside_options[{k}] must be nonnegative, got {o[k]}")
        _reject_if_false(o[0] + o[1] <= S, f"{where}: outside_options must sum to at most the pie")
    for k in (0, 1):
        dk = deltas[k]
        _reject_if_false(dk >= 0, f"{where}: discount[{k}] must be in [0, 1), got {dk} (negative)")
        _reject_if_false(dk <= 1, f"{where}: discount[{k}] must be in [0, 1), got {dk}")
        if _decide(sympy.Eq(dk, 1)) is True and _decide(sympy.Or(c[k] > 0, p > 0)) is not True:
            raise GameError(
                f"{where}: discount[{k}] must be in [0, 1), got {dk} (a factor of 1 is allowed only "
                "with a positive per-period cost for that player or a positive breakdown risk)"
            )
    if isinstance(first, str):
        if first not in names:
            raise GameError(f"{where}: first: unknown player {first!r} (players: {', '.join(names)})")
        i = names.index(first)
    elif isinstance(first, Integral) and not isinstance(first, bool) and int(first) in (0, 1):
        i = int(first)
    else:
        raise GameError(f"{where}: first must be 0, 1 or a player name, got {first!r}")
    mode = _mode(kinds)

    # Parameters given as bare symbols are known to lie in their admissible ranges; deciding
    # conditions after substituting a parametrisation of those ranges removes regimes that
    # cannot occur (e.g. delta = 1/(1 + t) with t > 0 for a discount factor).
    domain: dict[sympy.Basic, sympy.Expr] = {}
    for value, kind in [(deltas[0], "unit"), (deltas[1], "unit"), (p, "unit"), (S, "pos")] + (
        [(c[0], "nonneg"), (c[1], "nonneg")] + ([(o[0], "nonneg"), (o[1], "nonneg")] if o is not None else [])
    ):
        if isinstance(value, sympy.Symbol) and value not in domain:
            if kind == "unit":
                domain[value] = 1 / (1 + sympy.Dummy("t", positive=True))
            else:
                domain[value] = sympy.Dummy("z", positive=True) if kind == "pos" else sympy.Dummy("z", nonnegative=True)

    def decide(cond: Any) -> bool | None:
        verdict = _decide(cond)
        if verdict is None and domain:
            verdict = _decide(sympy.sympify(cond, strict=True).xreplace(domain))
        return verdict

    # Which terms of each responder's threshold can bind.
    branches: list[list[str]] = []
    for j in (0, 1):
        may_be_negative = decide(c[j] <= 0) is not True or (
            decide(sympy.Eq(p, 0)) is not True and decide(b[j] >= 0) is not True
        )
        opts = ["continue"]
        if o is not None and (may_be_negative or decide(sympy.Eq(o[j], 0)) is not True):
            opts.append("outside")  # a zero option can only matter when continuing can be worth < 0
        if may_be_negative:
            opts.append("floor")
        branches.append(opts)

    def threshold(j: int, kind: str) -> sympy.Expr:
        if kind == "continue":
            return p * b[j] + (1 - p) * deltas[j] * _M[j] - c[j]
        if kind == "outside":
            assert o is not None
            return o[j]
        return sympy.Integer(0)

    Case = tuple[tuple[str, str], tuple[sympy.Expr, sympy.Expr], list[sympy.Basic], list[sympy.Basic]]
    kept: list[Case] = []
    continuum = False
    for combo in itertools.product(branches[0], branches[1]):
        # m1 = S - T2 (player 2 responds to 1), m2 = S - T1
        eqs = [sympy.Eq(_M[0], S - threshold(1, combo[1])), sympy.Eq(_M[1], S - threshold(0, combo[0]))]
        sols = sympy.linsolve(eqs, list(_M))
        if sols == sympy.S.EmptySet:
            continue
        (sol,) = tuple(sols)
        if any(s.free_symbols & set(_M) for s in sol):
            continuum = True
            continue
        subs = dict(zip(_M, sol))
        conds: list[sympy.Basic] = []
        for j in (0, 1):
            chosen = threshold(j, combo[j]).subs(subs)
            for other in branches[j]:
                if other != combo[j]:
                    conds.append(chosen >= threshold(j, other).subs(subs))
        verdicts = [decide(cd) for cd in conds]
        if any(v is False for v in verdicts):
            continue
        open_conds = [simp(cd) for cd, v in zip(conds, verdicts) if v is not True]
        kept.append((combo, (simp(sol[0]), simp(sol[1])), eqs, open_conds))
    if mode != "symbolic":
        distinct = {k[1] for k in kept}
        if continuum or len(distinct) > 1:
            raise GameError(
                f"{where}: no unique equilibrium: with no discounting, no breakdown risk and equal "
                "per-period costs, a range of splits are equilibria (Rubinstein 1982)"
            )
    if not kept:
        raise SolverError(f"{where}: no stationary equilibrium found for these parameters")
    definite = [k for k in kept if not k[3]]
    if definite:
        kept = definite[:1]

    j = 1 - i

    def first_shares(m: tuple[sympy.Expr, sympy.Expr]) -> tuple[sympy.Expr, sympy.Expr]:
        own = m[i]
        sh = [sympy.Integer(0), sympy.Integer(0)]
        sh[i], sh[j] = own, S - own
        return sh[0], sh[1]

    def alternative(case: tuple[Any, ...]) -> sympy.Expr:
        """What the first proposer gets if its offer is turned down (responder's best move)."""
        combo, m = case[0], case[1]
        kind = combo[j]
        if kind == "outside":
            assert o is not None
            return o[i]
        if kind == "floor":
            return sympy.Integer(-1)  # nothing is refused: every nonnegative offer is acceptable
        return p * b[i] + (1 - p) * deltas[i] * (S - m[j]) - c[i]

    if len(kept) == 1:
        combo, m, eqs, conds = kept[0]
        shares = first_shares(m)
        regimes: tuple[tuple[Condition, tuple[Value, ...]], ...] = ((True, tuple(export(s, mode) for s in shares)),)
        immediate = _export_condition(simp(m[i] >= alternative(kept[0])))
        binds = tuple(combo[k] == "outside" for k in (0, 1))
        m_out = (m[0], m[1])
        equations = tuple(eqs)
        regime_conditions: list[sympy.Basic] = [sympy.true]
    else:
        regime_conditions = [sympy.And(*k[3]) for k in kept]
        pieces_m = [
            sympy.Piecewise(*[(k[1][idx], cond) for k, cond in zip(kept, regime_conditions[:-1])], (kept[-1][1][idx], True))
            for idx in (0, 1)
        ]
        m_out = (pieces_m[0], pieces_m[1])
        shares = first_shares(m_out)
        regimes = tuple(
            (_export_condition(cond), tuple(export(s, mode) for s in first_shares(k[1])))
            for k, cond in zip(kept, regime_conditions)
        )
        immediate = _export_condition(
            sympy.Or(*[sympy.And(cond, k[1][i] >= alternative(k)) for k, cond in zip(kept, regime_conditions)])
        )
        bind_list = []
        for k_player in (0, 1):
            conds_k = [cond for k, cond in zip(kept, regime_conditions) if k[0][k_player] == "outside"]
            bind_list.append(_export_condition(sympy.Or(*conds_k)) if conds_k else False)
        binds = (bind_list[0], bind_list[1])
        equations = tuple(kept[0][2])
    diagnostics: list[str] = []
    if mode == "symbolic" and len(kept) > 1:
        diagnostics.append(f"{len(kept)} regimes: the shares are piecewise in the parameters")
    if mode != "symbolic" and immediate is not True:
        diagnostics.append("the first proposer would rather have its offer refused: the stationary split may not apply")
    return RubinsteinResult(
        players=names,
        proposer=names[i],
        shares=(export(shares[0], mode), export(shares[1], mode)),
        proposer_shares=(export(m_out[0], mode), export(m_out[1], mode)),
        immediate=immediate,
        outside_option_binds=(_export_condition(binds[0]), _export_condition(binds[1])),
        regimes=tuple((c_, (s_[0], s_[1])) for c_, s_ in regimes),
        equations=equations,
        pie=export(S, mode),
        discount=(export(deltas[0], mode), export(deltas[1], mode)),
        costs=None if costs is None else (export(c[0], mode), export(c[1], mode)),
        breakdown=export(p, mode),
        breakdown_payoffs=(export(b[0], mode), export(b[1], mode)),
        outside_options=None if o is None else (export(o[0], mode), export(o[1], mode)),
        method="stationarity-equations",
        arithmetic=mode,
        diagnostics=tuple(diagnostics),
    )
