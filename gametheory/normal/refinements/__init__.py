"""Trembling-hand perfect and proper equilibria of small normal-form games, decided exactly.

Definitions
-----------
A profile ``sigma`` is **(trembling-hand) perfect** (Selten 1975) when it is the limit of
completely mixed profiles ``sigma_e`` against each of which ``sigma`` is a best response.
It is **proper** (Myerson 1978) when it is the limit, as ``e -> 0``, of ``e``-proper
profiles: completely mixed ``sigma_e`` in which a strategy that pays less than another
against ``sigma_e`` gets at most ``e`` times the other's probability. Every proper
equilibrium is perfect, every perfect one is a Nash equilibrium, and every finite game
has a proper equilibrium.

How each verdict is reached
---------------------------
* **Perfect, "yes"** (any number of players): one exact LP looks for a completely mixed
  ``sigma'`` for which every strategy in the support stays a best response to
  ``sigma_e = (1 - e) sigma + e sigma'``, to first order in ``e`` (only best responses to
  ``sigma`` can compete); the found ``sigma'`` is then checked to every order with ``e`` a
  formal positive infinitesimal (:class:`~gametheory.normal.refinements._field.Eps`), and
  once more at a concrete rational ``e`` straight from the definition. The LP goes through
  HiGHS with an exact certificate (:mod:`gametheory._kernel.lp`) and falls back to an exact
  simplex.
* **Perfect, "no"**: a player's equilibrium strategy is weakly dominated by a mixed
  strategy (found by an exact LP and checked), which no perfect equilibrium allows; for two
  players the LP above is itself a complete test (van Damme 1991, Theorem 3.2.2: perfect
  iff undominated), so its optimum 0 is a "no".
* **Perfect, "undecided"**: three or more players, undominated, and no tremble of the form
  above -- trembles at different rates are not searched.
* **Proper, "yes"**: a perturbed profile ``sigma_e`` (rational functions of ``e``) that is
  ``e``-proper for every small ``e`` and tends to ``sigma``; first the simple form (the
  support keeps its weights, the other strategies of each player, ranked, tremble at
  ``e^2, e^4, ...``; every ranking is tried); for two players then, for every pair of
  weak orders of the strategies compatible with the payoffs against ``sigma``, one LP over
  the ordered field of rational functions of ``e`` (the payoffs ordered as ranked, lower
  classes at most ``e`` times as likely, every probability within ``e`` of ``sigma``).
  The certificate is checked again from the definition at a concrete ``e``.
* **Proper, "no"**: not perfect; or, for two players, no pair of orders admits such a
  profile. This is complete: along an ``e``-proper sequence tending to ``sigma`` the
  payoff orders are eventually constant (finitely many), each order makes the conditions
  linear in the other player's strategy, and a linear program whose data are rational in
  ``e`` is feasible on a sequence ``e -> 0`` only if it is feasible on a whole interval
  ``(0, e0)``, where the simplex over the field of rational functions decides it.
* **Proper, "undecided"**: three or more players, perfect or undecided, and no certificate
  of the simple form.

Small games only: at most :data:`~gametheory.normal.refinements.checks.MAX_PROFILES` pure
profiles and :data:`~gametheory.normal.refinements.checks.MAX_RANKINGS` rankings, beyond
which :class:`~gametheory.errors.GameSizeError` is raised.

>>> import gametheory as gt
>>> from gametheory.normal.refinements import check_refinements
>>> g = gt.NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
>>> r = check_refinements(g, [[0, 1], [0, 1]])
>>> r.perfect.status, r.proper.status
('no', 'no')
"""

from gametheory.normal.refinements.checks import (
    MAX_PROFILES,
    MAX_RANKINGS,
    check_perfect,
    check_proper,
    check_refinements,
    refine_equilibria,
)
from gametheory.normal.refinements.result import VERDICTS, RefinementCheck, RefinementReport, Verdict

__all__ = [
    "MAX_PROFILES",
    "MAX_RANKINGS",
    "VERDICTS",
    "RefinementCheck",
    "RefinementReport",
    "Verdict",
    "check_perfect",
    "check_proper",
    "check_refinements",
    "refine_equilibria",
]
