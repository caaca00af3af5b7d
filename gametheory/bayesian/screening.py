"""Screening a privately known cost: Fearon's (1995) take-it-or-leave-it demand.

A proposer demands ``x`` in ``[0, 1]`` of a good of size 1; the responder, whose cost of war
``c`` is private and drawn from ``F`` on ``[lo, hi]``, accepts iff its war payoff ``p - c`` is
at most the ``1 - x`` it is offered (``p``: the responder's probability of winning a war).
So war happens iff ``c < x + p - 1`` and the proposer's expected utility is

    EU(x) = x (1 - F(x + p - 1)) + (1 - p - c_P) F(x + p - 1),

with ``F`` read as 0 below ``lo`` and 1 above ``hi``. The demand is found exactly where sympy
can: the candidates are the ends ``0, 1``, the kinks ``1 - p + lo`` and ``1 - p + hi`` inside
``[0, 1]``, and the roots of ``EU'(x) = 0`` between the kinks (sympy ``solve``; bracketing
with ``scipy.optimize.brentq`` when sympy cannot); the best is kept. An independent check
evaluates ``EU`` on a grid of demands and reports how far the grid maximum lies above the
answer (exactly 0 in exact arithmetic). The risk-return trade-off this captures is Fearon
(1995), "Rationalist explanations for war", International Organization 49(3), section
"Private information and incentives to misrepresent".

>>> from gametheory.bayesian.distributions import uniform
>>> r = fearon_screening(uniform(0, "1/2"), p="1/2", proposer_cost="1/10")
>>> r.demand, r.war_probability, r.expected_utility
(Fraction(7, 10), Fraction(2, 5), Fraction(29, 50))
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.results import Result
from gametheory.bayesian.distributions import T, TypeDistribution, to_rational
from gametheory.errors import GameError

X = sympy.Symbol("x", real=True)
#: Largest amount by which the grid maximum may exceed the answer in float arithmetic.
GRID_TOL = 1e-12


@dataclass(frozen=True, kw_only=True)
class ScreeningResult(Result):
    """The optimal demand, the war probability it implies and the proposer's expected utility."""

    demand: Any = None
    war_probability: Any = None
    expected_utility: Any = None
    candidates: tuple[tuple[Any, Any], ...] = ()
    grid_excess: Any = 0

    def summary(self) -> str:
        """Decimals."""
        return (
            f"demand {float(self.demand):.4g}, war probability {100 * float(self.war_probability):.2g}%, "
            f"proposer's expected utility {float(self.expected_utility):.4g}"
        )


def _val(v: sympy.Expr) -> Any:
    v = sympy.nsimplify(v) if v.is_Float else v
    return Fraction(int(v.p), int(v.q)) if v.is_Rational else float(sympy.N(v, 30))


def fearon_screening(cost: TypeDistribution, p: Any, proposer_cost: Any, *, grid: int = 1000) -> ScreeningResult:
    """The proposer's optimal take-it-or-leave-it demand against a privately known war cost.

    Parameters
    ----------
    cost:
        Distribution of the responder's cost of war ``c``.
    p:
        The responder's probability of winning a war, in ``[0, 1]``.
    proposer_cost:
        The proposer's own cost of war ``c_P >= 0``.
    grid:
        Demands of the independent grid check.
    """
    start = time.perf_counter()
    if not isinstance(cost, TypeDistribution):
        raise GameError(f"fearon_screening: cost must be a TypeDistribution, got {type(cost).__name__}")
    pp, cp = to_rational(p, "p"), to_rational(proposer_cost, "proposer_cost")
    if not (0 <= pp <= 1):
        raise GameError(f"fearon_screening: p must be in [0, 1], got {pp}")
    if cp < 0:
        raise GameError(f"fearon_screening: proposer_cost must be nonnegative, got {cp}")
    if not isinstance(grid, int) or isinstance(grid, bool) or not 10 <= grid <= 10**6:
        raise GameError(f"fearon_screening: grid must be an integer in 10..1000000, got {grid!r}")
    lo, hi = cost.lo, cost.hi
    cdf = cost.cdf_expr(T)

    def war_prob(x: sympy.Expr) -> sympy.Expr:
        k = x + pp - 1
        if bool(k <= lo):
            return sympy.Integer(0)
        if bool(k >= hi):
            return sympy.Integer(1)
        return cdf.subs(T, k)

    def eu(x: sympy.Expr) -> sympy.Expr:
        q = war_prob(x)
        return x * (1 - q) + (1 - pp - cp) * q

    a, b = sympy.Max(0, 1 - pp + lo), sympy.Min(1, 1 - pp + hi)
    cands = {sympy.Integer(0), sympy.Integer(1)}
    for k in (1 - pp + lo, 1 - pp + hi):
        if 0 < k < 1:
            cands.add(k)
    method = "exact"
    if bool(a < b):
        mid = X * (1 - cdf.subs(T, X + pp - 1)) + (1 - pp - cp) * cdf.subs(T, X + pp - 1)
        deriv = sympy.diff(mid, X)
        roots: list[sympy.Expr] = []
        solved = False
        if not deriv.has(sympy.Integral):
            try:
                roots = [r for r in sympy.solve(deriv, X) if r.is_real]
                solved = True
            except (NotImplementedError, ValueError):
                solved = False
        if not solved:
            import numpy as np
            from scipy.optimize import brentq

            f = sympy.lambdify(X, deriv, "mpmath")
            xs = np.linspace(float(a), float(b), 801)
            vals = [float(f(x)) for x in xs]
            roots = [sympy.Float(brentq(lambda x: float(f(x)), u, w, xtol=1e-15), 30) for u, w, fu, fw in zip(xs, xs[1:], vals, vals[1:]) if fu * fw < 0]
            method = "numeric"
        for r in roots:
            if bool(a < r) and bool(r < b):
                cands.add(r)
    values = sorted(((c, eu(c)) for c in cands), key=lambda cv: float(sympy.N(cv[0], 30)))
    best_x, best_u = max(values, key=lambda cv: float(sympy.N(cv[1], 30)))
    # independent check on a grid of demands
    excess: Any = 0
    exact = best_u.is_Rational
    for k in range(grid + 1):
        x = sympy.Rational(k, grid)
        u = eu(x)
        d = (u - best_u) if (exact and u.is_Rational) else float(sympy.N(u - best_u, 30))
        if d > excess:
            excess = d
    if isinstance(excess, sympy.Basic):
        excess = Fraction(int(excess.p), int(excess.q))
    if (exact and excess != 0) or (not exact and float(excess) > GRID_TOL):
        raise GameError(f"fearon_screening: a grid demand beats the optimum by {float(excess):.3g}; the optimisation failed")
    arith = "exact" if exact and best_x.is_Rational and method == "exact" else "float"
    return ScreeningResult(
        method="fearon_screening",
        arithmetic=arith,
        elapsed=time.perf_counter() - start,
        parameters={"p": pp, "proposer_cost": cp, "grid": grid},
        diagnostics=(f"grid check over {grid + 1} demands: the best grid demand exceeds the optimum by {float(excess):.3g}",),
        demand=_val(best_x),
        war_probability=_val(war_prob(best_x)),
        expected_utility=_val(best_u),
        candidates=tuple((_val(c), _val(u)) for c, u in values),
        grid_excess=excess,
    )
