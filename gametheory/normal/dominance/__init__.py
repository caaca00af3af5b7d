"""Iterated elimination of dominated strategies, by pure and by mixed strategies, N players.

A strategy ``j`` of player ``i`` is *strictly dominated* by a mixed strategy ``sigma`` of
the same player when ``sigma`` pays strictly more than ``j`` against every profile of the
opponents' pure strategies; it is *weakly dominated* when ``sigma`` pays at least as much
everywhere and strictly more somewhere. Removing strictly dominated strategies, and
repeating on the smaller game until nothing is dominated, never removes a strategy that
any Nash equilibrium uses, and the end result does not depend on the order of removal.
Neither holds for weak dominance.

How each strategy is tested, in every round and for every player with two or more
strategies left:

1. **Pure dominance**, vectorised: compare every pair of the player's strategies on every
   opponent profile (exact integer comparisons for exact games).
2. **Quick acquittal**: a strategy that is a best response (for weak dominance: the unique
   best response) to some pure opponent profile cannot be dominated, not even by a mixture.
3. **Mixed dominance** by linear programming (HiGHS, dual simplex), over the player's other
   remaining strategies: maximise ``eps`` subject to
   ``sum_k sigma_k u(k, s) >= u(j, s) + eps`` for every opponent profile ``s``,
   ``sigma >= 0``, ``sum sigma = 1``; ``j`` is strictly dominated iff the optimum is
   positive. For weak dominance a second LP maximises the total slack subject to
   ``sum_k sigma_k u(k, s) >= u(j, s)``.

In exact arithmetic the floating-point LP only *suggests* the answer; nothing is removed or
kept on float evidence alone. A removal needs an exact dominating mixture (the LP's optimal
vertex re-solved in rational arithmetic from its tight constraints, or the LP solution
rounded to nearby fractions) checked exactly against every opponent profile. A strategy is
kept when an exact *belief* certificate is found: a probability distribution over opponent
profiles against which the strategy is a best response (for weak dominance: against a
belief giving every profile positive weight, or a strict best response). These are the two
sides of LP duality (Pearce 1984, appendix). If neither certificate can be built the
strategy is kept and :attr:`DominanceResult.diagnostics` say so.

>>> import gametheory as gt
>>> from gametheory.normal.dominance import eliminate_dominated
>>> game = gt.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
...                                        strategies=[["T", "M", "B"], ["L", "R"]])
>>> r = eliminate_dominated(game)
>>> [(s.strategy, {k: str(p) for k, p in s.dominator.items()}, str(s.margin)) for s in r.steps]
[('B', {'T': '1/2', 'M': '1/2'}, '1/2')]
>>> r.game.strategies
(('T', 'M'), ('L', 'R'))
"""

from gametheory.normal.dominance.eliminate import (
    MAX_LP_PROFILES,
    eliminate_dominated,
    find_dominator,
    is_dominated,
)
from gametheory.normal.dominance.result import ORDERS, WEAK_DOMINANCE_WARNING, DominanceResult, DominanceStep

__all__ = [
    "MAX_LP_PROFILES",
    "ORDERS",
    "WEAK_DOMINANCE_WARNING",
    "DominanceResult",
    "DominanceStep",
    "eliminate_dominated",
    "find_dominator",
    "is_dominated",
]
