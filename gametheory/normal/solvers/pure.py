"""All pure-strategy Nash equilibria of an N-player game, vectorised.

A pure profile is an equilibrium when every player's payoff there equals the maximum of
that player's payoffs along their own axis (no pure deviation gains). One ``max`` per
player over the payoff array finds them all at once.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameSizeError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import Equilibrium, SolveResult
from gametheory.normal.solvers._common import gated, stopwatch, want_exact


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


#: Most probabilities listed in all (each pure equilibrium is a full profile, one entry per
#: strategy; a game of ties has one equilibrium per cell): about 80 MB of floats.
MAX_PURE_ENTRIES = 10_000_000


def _pure_equilibria(g: NormalFormGame, idx: np.ndarray) -> tuple[Equilibrium, ...]:
    """Equilibrium records for pure profiles: payoffs and regrets read off the array (no
    mixed-profile arithmetic, so the cost is one row per player and equilibrium)."""
    P = g.payoffs
    N = g.num_players
    one, zero = (Fraction(1), Fraction(0)) if g.is_exact else (1.0, 0.0)
    out = []
    for row in idx.tolist():
        cell = tuple(row)
        pay = tuple(P[cell][i] for i in range(N))
        regret = max(max(P[(*cell[:i], slice(None), *cell[i + 1 :], i)].tolist()) - pay[i] for i in range(N))
        if not g.is_exact:
            regret = max(float(regret), 0.0)
            pay = tuple(float(v) for v in pay)
        profile = tuple(tuple(one if j == k else zero for j in range(g.shape[i])) for i, k in enumerate(cell))
        out.append(
            Equilibrium(
                profile=profile, payoffs=pay, max_regret=regret, players=g.players, strategies=g.strategies
            )
        )
    return tuple(out)


@gated
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
        if len(idx) * sum(g.shape) > MAX_PURE_ENTRIES:
            raise GameSizeError(
                f"pure: the game has {len(idx)} pure equilibria among its "
                f"{int(np.prod(g.shape))} pure profiles: {len(idx)} profiles of {sum(g.shape)} "
                f"probabilities each is more than the {MAX_PURE_ENTRIES} this method lists; "
                "remove duplicate or tied strategies first"
            )
        eqs = _pure_equilibria(g, idx)
    return SolveResult(
        game=g,
        method="pure",
        arithmetic=arithmetic_of(use_exact),
        equilibria=eqs,
        complete=False,
        elapsed=t[0],
        diagnostics=("only pure-strategy equilibria are searched",),
    )
