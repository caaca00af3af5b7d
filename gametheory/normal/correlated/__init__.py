"""Correlated and coarse correlated equilibria of N-player games.

A *correlated equilibrium* (Aumann 1974, 1987) is a probability distribution ``p`` over
pure profiles such that no player gains by disobeying a recommendation drawn from ``p``:
for every player ``i`` and every pair of own strategies ``s, t``,

    sum_{s_-i} p(s, s_-i) [u_i(s, s_-i) - u_i(t, s_-i)] >= 0.

A *coarse correlated equilibrium* (Moulin & Vial 1978; the set that no-regret learning
converges to, Hannan 1957) only asks that no player prefers committing to a fixed
strategy ``t`` before seeing the recommendation:

    sum_s p(s) [u_i(s) - u_i(t, s_-i)] >= 0.

Both sets are polytopes cut out by linear inequalities in ``p`` (plus ``p >= 0`` and
``sum p = 1``), so optimising a linear objective over them is a linear program
(Papadimitriou & Roughgarden 2008); they are never empty (Hart & Schmeidler 1989), and
every Nash equilibrium, as a product distribution, lies in them.

* :func:`correlated_equilibrium` solves the LP with HiGHS and, in exact mode, re-solves the
  optimal basis in rational arithmetic and proves optimality with an exact dual solution;
  when the floating-point basis is not exactly optimal it finishes with an exact simplex
  method (Bland's rule), so the answer is always an exact optimal vertex.
* :func:`correlated_extreme_points` lists every vertex of the polytope exactly, by the
  double description method (Motzkin et al. 1953; Fukuda & Prodon 1996) with integer
  arithmetic, and verifies each vertex.
* :func:`correlated_violation`, :func:`is_correlated_equilibrium` and
  :func:`product_distribution` check any distribution against the definition.

>>> import gametheory as gt
>>> chicken = gt.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
...                                          strategies=[["C", "D"], ["C", "D"]])
>>> ce = correlated_equilibrium(chicken)
>>> ce.support
{('C', 'C'): Fraction(1, 2), ('C', 'D'): Fraction(1, 4), ('D', 'C'): Fraction(1, 4)}
>>> ce.objective_value, ce.max_violation
(Fraction(21, 2), Fraction(0, 1))
"""

from gametheory.normal.correlated.check import (
    correlated_violation,
    is_correlated_equilibrium,
    product_distribution,
)
from gametheory.normal.correlated.optimum import MAX_LP_NONZEROS, correlated_equilibrium
from gametheory.normal.correlated.result import CorrelatedPolytope, CorrelatedResult
from gametheory.normal.correlated.vertices import (
    DEFAULT_MAX_VERTICES,
    MAX_VERTEX_PROFILES,
    correlated_extreme_points,
)

__all__ = [
    "DEFAULT_MAX_VERTICES",
    "MAX_LP_NONZEROS",
    "MAX_VERTEX_PROFILES",
    "CorrelatedPolytope",
    "CorrelatedResult",
    "correlated_equilibrium",
    "correlated_extreme_points",
    "correlated_violation",
    "is_correlated_equilibrium",
    "product_distribution",
]
