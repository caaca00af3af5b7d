"""War as bargaining: Fearon's bargaining range and Powell's commitment problem.

* :func:`fearon_bargaining_range` -- the splits both sides prefer to a costly war
  (Fearon 1995);
* :func:`commitment_problem` -- whether any peaceful deal survives a shift in power
  (Powell 2006).

Inputs may be exact, float or symbolic (sympy); the answers are in the same arithmetic.

>>> r = fearon_bargaining_range("1/2", "1/10", "1/5")
>>> (r.lower, r.upper), r.nonempty
((Fraction(2, 5), Fraction(7, 10)), True)
>>> commitment_problem("1/2", "1/2", "1/10", "1/10", "9/10").peace_possible
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from gametheory._kernel.results import Result
from gametheory.cooperative._values import (
    Condition,
    Value,
    _decide,
    _export,
    _export_condition,
    _mode,
    _players,
    _reject_if_false,
    _value,
)
from gametheory.errors import SolverError


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class BargainingRange(Result):
    """Fearon's bargaining range: the splits both sides prefer to war.

    Shares are side A's share of the pie. A accepts :math:`x` when :math:`x \\ge pS - c_A`; B
    accepts when :math:`S - x \\ge (1-p)S - c_B`.

    Attributes
    ----------
    players:
        Names of sides A and B.
    lower, upper:
        The range :math:`[pS - c_A,\\; pS + c_B]` of A's share, as derived from the two
        acceptance inequalities (may extend beyond ``[0, pie]``).
    feasible:
        The range clipped to the pie, :math:`[\\max(0, \\text{lower}), \\min(S, \\text{upper})]`.
    war_values:
        Expected value of war for A and B: :math:`(pS - c_A,\\; (1-p)S - c_B)`.
    width:
        ``upper - lower`` (the total cost of war, :math:`c_A + c_B`).
    nonempty:
        Whether some split both prefer to war exists (``True`` whenever war is costly).
    pie, p, costs:
        The parameters.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    """

    players: tuple[str, str]
    lower: Value
    upper: Value
    feasible: tuple[Value, Value]
    war_values: tuple[Value, Value]
    width: Value
    nonempty: Condition
    pie: Value
    p: Value
    costs: tuple[Value, Value]

    def contains(self, share: Any) -> Condition:
        """Whether A's share ``share`` is in the range (both sides prefer it to war)."""
        x, _ = _value(share, "BargainingRange.contains: share")
        lo, hi, pie = (_value(v, "BargainingRange")[0] for v in (self.lower, self.upper, self.pie))
        return _export_condition(sympy.And(x >= lo, x <= hi, x >= 0, x <= pie))


@dataclass(frozen=True)
class CommitmentResult(Result):
    """Whether a peaceful deal exists when power shifts (Powell 2006).

    Side A wins a war with probability ``p_now`` if it fights now, and with ``p_future`` in
    every later period. War is absorbing: fighting at once gives A
    :math:`p S/(1-\\delta) - c_A` and B :math:`(1-p) S/(1-\\delta) - c_B`, where ``S`` is the
    per-period flow and costs are paid once. After the shift no side can be held below its
    war value, so the rising side cannot credibly promise more than the flow today plus the
    future surplus over its own future war value.

    Attributes
    ----------
    players:
        Names of sides A and B.
    peace_possible:
        Whether some division of today's flow, with credible continuation values, gives each
        side at least its war value now.
    declining:
        Name of the side whose chance of winning falls (``None`` when power does not shift or
        the direction is not known symbolically).
    war_values_now:
        A's and B's expected value of fighting now.
    credible_range:
        The interval of A's total peace payoffs that some split today plus credible future
        values can deliver.
    acceptable_range:
        The interval of A's total peace payoffs that both sides prefer to fighting now.
    p_future_bounds:
        Peace is possible exactly when ``p_future`` lies in this interval (solved by sympy from
        the two participation inequalities): a shift beyond either end makes war inevitable.
    condition:
        The inequality system whose solvability means peace, after substituting the inputs.
    pie, p_now, p_future, costs, delta:
        The parameters.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    """

    players: tuple[str, str]
    peace_possible: Condition
    declining: str | None
    war_values_now: tuple[Value, Value]
    credible_range: tuple[Value, Value]
    acceptable_range: tuple[Value, Value]
    p_future_bounds: tuple[Value, Value]
    condition: Condition
    pie: Value
    p_now: Value
    p_future: Value
    costs: tuple[Value, Value]
    delta: Value


# --------------------------------------------------------------------------- Fearon / Powell
def _solve_bound(ineq: sympy.Basic, x: sympy.Symbol) -> tuple[str, sympy.Expr]:
    """For a linear inequality ``g(x) >= 0`` return (``">="`` or ``"<="``, boundary value)."""
    g = ineq.lhs - ineq.rhs
    slope = sympy.diff(g, x)
    root = sympy.solve(sympy.Eq(g, 0), x)
    if len(root) != 1 or slope.free_symbols & {x}:
        raise SolverError(f"expected a linear inequality in {x}, got {ineq}")  # pragma: no cover
    sign = _decide(slope > 0)
    if sign is None:
        raise SolverError(f"cannot tell the sign of {slope} in {ineq}")  # pragma: no cover
    return (">=" if sign else "<="), root[0]


def _war_inputs(where: str, raw: Mapping[str, Any], probabilities: Sequence[str]) -> tuple[dict[str, Any], str]:
    """The inputs of a war model read as sympy values, checked, and their arithmetic.

    ``probabilities`` must lie in ``[0, 1]``, ``cost_a``/``cost_b`` be nonnegative, ``delta``
    (when given) lie in ``[0, 1)`` and ``pie`` be positive; what sympy cannot decide passes.
    """
    vals: dict[str, Any] = {}
    kinds = []
    for key, v in raw.items():
        vals[key], kind = _value(v, f"{where}: {key}")
        kinds.append(kind)
    for key in probabilities:
        q = vals[key]
        _reject_if_false(sympy.And(q >= 0, q <= 1), f"{where}: {key} must be a probability in [0, 1], got {q}")
    for key in ("cost_a", "cost_b"):
        _reject_if_false(vals[key] >= 0, f"{where}: {key} must be nonnegative, got {vals[key]}")
    if "delta" in vals:
        dl = vals["delta"]
        _reject_if_false(dl >= 0, f"{where}: delta must be in [0, 1), got {dl} (negative)")
        _reject_if_false(dl < 1, f"{where}: delta must be in [0, 1), got {dl}")
    _reject_if_false(vals["pie"] > 0, f"{where}: pie must be positive, got {vals['pie']}")
    return vals, _mode(kinds)


def fearon_bargaining_range(
    p: Any, cost_a: Any, cost_b: Any, *, pie: Any = 1, players: Sequence[str] = ("A", "B")
) -> BargainingRange:
    """The bargaining range of Fearon's (1995) model of war as a costly lottery.

    War gives A the whole pie ``S`` with probability :math:`p` and B the pie otherwise, and
    costs :math:`c_A, c_B \\ge 0`. A prefers a peaceful split :math:`(x, S - x)` to war when
    :math:`x \\ge pS - c_A`, B when :math:`S - x \\ge (1-p)S - c_B`. Solving both inequalities
    for :math:`x` (with sympy) gives the range

    .. math:: pS - c_A \\le x \\le pS + c_B,

    of width :math:`c_A + c_B`: with costly war and risk-neutral sides a bargain both prefer
    always exists (Fearon 1995).

    Parameters
    ----------
    p:
        Probability that A wins, in ``[0, 1]``.
    cost_a, cost_b:
        Costs of war to A and B, nonnegative.
    pie:
        Size of the pie, positive.
    players:
        Names of A and B.

    Returns
    -------
    BargainingRange
    """
    where = "fearon_bargaining_range"
    names = _players(players, where)
    vals, mode = _war_inputs(where, {"p": p, "cost_a": cost_a, "cost_b": cost_b, "pie": pie}, ("p",))
    pv, ca, cb, S = (vals[k] for k in ("p", "cost_a", "cost_b", "pie"))
    x = sympy.Dummy("x", real=True)
    war_a, war_b = pv * S - ca, (1 - pv) * S - cb
    bounds = {">=": [], "<=": []}  # type: dict[str, list[sympy.Expr]]
    for ineq in (sympy.GreaterThan(x, war_a, evaluate=False), sympy.GreaterThan(S - x, war_b, evaluate=False)):
        direction, value = _solve_bound(ineq, x)
        bounds[direction].append(value)
    (lower,), (upper,) = bounds[">="], bounds["<="]
    return BargainingRange(
        players=names,
        lower=_export(lower, mode),
        upper=_export(upper, mode),
        feasible=(_export(sympy.Max(0, lower), mode), _export(sympy.Min(S, upper), mode)),
        war_values=(_export(war_a, mode), _export(war_b, mode)),
        width=_export(upper - lower, mode),
        nonempty=_export_condition(sympy.simplify(lower <= upper)),
        pie=_export(S, mode),
        p=_export(pv, mode),
        costs=(_export(ca, mode), _export(cb, mode)),
        method="fearon-1995",
        arithmetic=mode,
    )


@dataclass(frozen=True)
class _PowellModel:
    symbols: tuple[sympy.Symbol, ...]
    war_now: tuple[sympy.Expr, sympy.Expr]
    credible: tuple[sympy.Expr, sympy.Expr]
    acceptable: tuple[sympy.Expr, sympy.Expr]
    peace: tuple[sympy.Expr, sympy.Expr]
    bounds: tuple[sympy.Expr, sympy.Expr]


@functools.lru_cache(maxsize=1)
def _powell_model() -> _PowellModel:
    """Solve the shifting-power model once, in generic symbols.

    A's total peace payoff is ``x + delta V`` with ``x`` in ``[0, S]`` today and a credible
    continuation ``V`` in ``[W_A(p1), S/(1-delta) - W_B(p1)]``; it must lie in the interval of
    payoffs both prefer to fighting now, ``[W_A(p0), S/(1-delta) - W_B(p0)]``. The two intervals
    meet iff ``acceptable_low <= credible_high`` (A does not decline too fast) and
    ``credible_low <= acceptable_high`` (B does not). Each is linear in ``p1``: written
    ``a p1 + b`` (``a`` its derivative in ``p1``, ``b`` its value at ``p1 = 0``, both rational
    functions brought to lowest terms by ``cancel``), its boundary is ``-b/a`` and the direction
    is the sign of ``a``, decided for ``delta`` in ``(0, 1)``. Solving by coefficients gives the
    same boundaries as a general ``solve`` and ``simplify`` at a fraction of the cost.
    """
    P0, P1, CA, CB, D, SS = sympy.symbols("p0 p1 c_A c_B delta S", real=True)
    total = SS / (1 - D)

    def war_a(q: sympy.Expr) -> sympy.Expr:
        return q * SS / (1 - D) - CA

    def war_b(q: sympy.Expr) -> sympy.Expr:
        return (1 - q) * SS / (1 - D) - CB

    credible = (D * war_a(P1), SS + D * (total - war_b(P1)))
    acceptable = (war_a(P0), total - war_b(P0))
    unit = {D: 1 / (1 + sympy.Dummy("t", positive=True)), SS: sympy.Dummy("s", positive=True)}
    peace = []
    bounds: dict[str, sympy.Expr] = {}
    for lhs, rhs in ((acceptable[0], credible[1]), (credible[0], acceptable[1])):
        g = sympy.cancel(rhs - lhs)  # peace needs g >= 0; linear in P1
        peace.append(g)
        slope = sympy.cancel(sympy.diff(g, P1))
        sign = _decide(slope.xreplace(unit) > 0)
        if sign is None or slope.has(P1):  # pragma: no cover - the coefficients are +-delta S/(1-delta)
            raise SolverError(f"commitment_problem: cannot tell how {g} >= 0 moves with p_future")
        bounds["low" if sign else "high"] = sympy.cancel(-g.subs(P1, 0) / slope)
    return _PowellModel(
        symbols=(P0, P1, CA, CB, D, SS),
        war_now=(war_a(P0), war_b(P0)),
        credible=credible,
        acceptable=acceptable,
        peace=(peace[0], peace[1]),
        bounds=(bounds["low"], bounds["high"]),
    )


def commitment_problem(
    p_now: Any,
    p_future: Any,
    cost_a: Any,
    cost_b: Any,
    delta: Any,
    *,
    pie: Any = 1,
    players: Sequence[str] = ("A", "B"),
) -> CommitmentResult:
    """Whether a peaceful deal exists under a shift of power (Powell 2006).

    Each period the sides divide a flow ``S``. Side A wins a war with probability
    :math:`p_0` (``p_now``) now and :math:`p_1` (``p_future``) in every later period; war is
    absorbing, so fighting in a period where A's odds are :math:`p` is worth
    :math:`W_A(p) = pS/(1-\\delta) - c_A` to A and :math:`W_B(p) = (1-p)S/(1-\\delta) - c_B` to
    B. After the shift neither side can be held below its war value, so A's continuation
    value :math:`V` satisfies :math:`W_A(p_1) \\le V \\le S/(1-\\delta) - W_B(p_1)`, and A's
    total peace payoff is :math:`x + \\delta V` for a split :math:`x \\in [0, S]` today.
    Peace requires :math:`x + \\delta V \\ge W_A(p_0)` and
    :math:`S/(1-\\delta) - (x + \\delta V) \\ge W_B(p_0)`. The library intersects these
    intervals and solves the boundary equations for :math:`p_1` with sympy.

    Peace fails exactly when the declining side's value of fighting now exceeds the most the
    rising side can credibly promise: for a declining A,
    :math:`W_A(p_0) + \\delta\\, W_B(p_1) > S/(1-\\delta)` -- Powell's (2006) condition that a
    large, rapid shift in power makes war inevitable even with complete information.

    Parameters
    ----------
    p_now, p_future:
        A's probability of winning now and after the shift, in ``[0, 1]``.
    cost_a, cost_b:
        One-off costs of war, nonnegative.
    delta:
        Common discount factor in ``[0, 1)``.
    pie:
        The per-period flow, positive.
    players:
        Names of A and B.

    Returns
    -------
    CommitmentResult
    """
    where = "commitment_problem"
    names = _players(players, where)
    vals, mode = _war_inputs(
        where,
        {"p_now": p_now, "p_future": p_future, "cost_a": cost_a, "cost_b": cost_b, "delta": delta, "pie": pie},
        ("p_now", "p_future"),
    )
    p0, p1, ca, cb, dl, S = (vals[k] for k in ("p_now", "p_future", "cost_a", "cost_b", "delta", "pie"))

    model = _powell_model()
    P0, P1, CA, CB, D, SS = model.symbols
    subs = {P0: p0, P1: p1, CA: ca, CB: cb, D: dl, SS: S}
    no_future = _decide(sympy.Eq(dl, 0)) is True
    system = [g.subs(subs) >= 0 for g in model.peace]
    if no_future:
        lo_p1, hi_p1 = sympy.Integer(0), sympy.Integer(1)
    else:
        lo_p1, hi_p1 = (sympy.cancel(b.subs(subs)) for b in model.bounds)
    condition: Any
    if mode == "symbolic" and not no_future:
        condition = sympy.And(p1 >= lo_p1, p1 <= hi_p1)
    else:
        condition = sympy.And(*system)
    war_now = tuple(w.subs(subs) for w in model.war_now)
    credible = tuple(w.subs(subs) for w in model.credible)
    acceptable = tuple(w.subs(subs) for w in model.acceptable)
    shift = _decide(p1 < p0), _decide(p1 > p0)
    declining = names[0] if shift[0] else names[1] if shift[1] else None
    return CommitmentResult(
        players=names,
        peace_possible=_export_condition(condition),
        declining=declining,
        war_values_now=(_export(war_now[0], mode), _export(war_now[1], mode)),
        credible_range=(_export(credible[0], mode), _export(credible[1], mode)),
        acceptable_range=(_export(acceptable[0], mode), _export(acceptable[1], mode)),
        p_future_bounds=(_export(lo_p1, mode), _export(hi_p1, mode)),
        condition=_export_condition(condition),
        pie=_export(S, mode),
        p_now=_export(p0, mode),
        p_future=_export(p1, mode),
        costs=(_export(ca, mode), _export(cb, mode)),
        delta=_export(dl, mode),
        method="powell-2006",
        arithmetic=mode,
    )
