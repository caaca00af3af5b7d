"""Shared plumbing for solvers: timing, integer scaling, arithmetic choice."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import numpy as np

from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame


def want_exact(game: NormalFormGame, exact: bool | None) -> bool:
    """Resolve the ``exact`` argument: default exact for exact games, float otherwise."""
    if exact is None:
        return game.is_exact
    return bool(exact)


def require_two_players(game: NormalFormGame, method: str) -> None:
    if game.num_players != 2:
        raise SolverError(f"{method}: needs a two-player game, got {game.num_players} players")


def positive_integer_matrix(M: np.ndarray) -> list[list[int]]:
    """Scale an exact matrix to integers and shift it so every entry is >= 1.

    Best responses (and so equilibria) are unchanged by a positive scaling and a
    constant shift of one player's payoffs.
    """
    vals = [Fraction(v) for v in M.reshape(-1).tolist()]
    den = 1
    for v in vals:
        den = math.lcm(den, v.denominator)
    ints = [int(v * den) for v in vals]
    shift = 1 - min(ints)
    rows, cols = M.shape
    return [[ints[r * cols + c] + shift for c in range(cols)] for r in range(rows)]


def positive_float_matrix(M: np.ndarray) -> np.ndarray:
    """Float matrix shifted so its smallest entry is 1 and scaled so its largest is <= ~2."""
    F = np.asarray(M, dtype=np.float64)
    lo, hi = float(F.min()), float(F.max())
    span = hi - lo
    if span == 0:
        return np.ones_like(F)
    return 1.0 + (F - lo) / span


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` holds elapsed seconds."""
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start


def solve_linear_exact(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """One exact solution of ``rows @ z = rhs`` (free variables set to 0), or None if inconsistent.

    Gauss-Jordan elimination over the rationals; meant for the small support systems
    solvers build, not for large matrices.
    """
    nrows = len(rows)
    ncols = len(rows[0]) if rows else 0
    aug = [list(map(Fraction, r)) + [Fraction(b)] for r, b in zip(rows, rhs)]
    pivots: list[int] = []
    r = 0
    for c in range(ncols):
        p = next((i for i in range(r, nrows) if aug[i][c] != 0), None)
        if p is None:
            continue
        aug[r], aug[p] = aug[p], aug[r]
        piv = aug[r][c]
        aug[r] = [v / piv for v in aug[r]]
        for i in range(nrows):
            if i != r and aug[i][c] != 0:
                f = aug[i][c]
                aug[i] = [a - f * b for a, b in zip(aug[i], aug[r])]
        pivots.append(c)
        r += 1
        if r == nrows:
            break
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in aug):
        return None
    z = [Fraction(0)] * ncols
    for i, c in enumerate(pivots):
        z[c] = aug[i][-1]
    return z
