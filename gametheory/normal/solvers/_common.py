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

