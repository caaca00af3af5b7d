"""All pure-strategy Nash equilibria of an N-player game, vectorised.

A pure profile is an equilibrium when every player's payoff there equals the maximum of
that player's payoffs along their own axis (no pure deviation gains). One ``max`` per
player over the payoff array finds them all at once.
"""

from __future__ import annotations

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult, make_equilibrium
from gametheory.normal.solvers._common import stopwatch, want_exact


def pure_equilibrium_indices(payoffs: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Kernel: index tuples (rows of an int array) of all pure equilibria.

    ``payoffs`` has shape ``(n_1, ..., n_N, N)``; works on float or exact (object) arrays.
    A profile is kept when no player gains more than ``tol`` by a unilateral deviation
    (``tol = 0`` for exact arrays: an exact test).
    """
    nplayers = payoffs.shape[-1]
    ok = np.ones(payoffs.shape[:-1], dtype=bool)
    for i in range(nplayers):
        U = payoffs[..., i]
        best = U.max(axis=i, keepdims=True)
        ok &= (U == best) if tol == 0 else (U >= best - tol)
    return np.argwhere(ok)


def pure_solve(game: NormalFormGame, *, exact: bool | None = None) -> SolveResult:
    """Every pure-strategy Nash equilibrium of ``game`` (any number of players).

    Exact comparison for exact games. For float games (or ``exact=False``) a deviation
    must gain more than :meth:`~gametheory.NormalFormGame.tolerance` to count, so payoffs
    that tie up to rounding (``0.1 + 0.2`` against ``0.3``) are treated as ties.
    """
    use_exact = want_exact(game, exact)
    g = game if use_exact == game.is_exact else (game.to_exact() if use_exact else game.to_float())
    with stopwatch() as t:
        idx = pure_equilibrium_indices(g.payoffs, 0.0 if use_exact else g.tolerance())
        eqs = tuple(make_equilibrium(g, g.pure_profile(tuple(int(k) for k in row))) for row in idx)
    return SolveResult(
        game=g,
        method="pure",
        arithmetic=arithmetic_of(use_exact),
        equilibria=eqs,
        complete=False,
        elapsed=t[0],
        diagnostics=("only pure-strategy equilibria are searched",),
    )
