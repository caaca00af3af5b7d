"""Shared plumbing for solvers: timing, integer scaling, arithmetic choice, the regret gate."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.tolerance import PROBABILITY_TOL, REGRET_TOL, resolve, scaled
from gametheory.errors import GameError, SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult


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



# ----------------------------------------------------------------------------- the regret gate
def _deviation_payoffs(U: np.ndarray, profile: tuple[np.ndarray, ...], i: int) -> np.ndarray:
    """Player ``i``'s payoff of each own pure strategy against the others' mixed strategies."""
    out = U
    for j in reversed(range(len(profile))):  # last axis first: earlier axis numbers stay valid
        if j != i:
            out = np.tensordot(out, profile[j], axes=([j], [0]))
    return np.asarray(out, dtype=np.float64)


def gate_failure(game: NormalFormGame, profile: tuple[tuple[Any, ...], ...], tol: float | None = None) -> str | None:
    """Why a float ``profile`` of ``game`` is not an equilibrium, or ``None`` if it passes.

    A profile passes when every probability, payoff and regret is finite, each mixed strategy
    is a probability vector, and each player's regret is at most ``REGRET_TOL`` (or ``tol``)
    times ``max(1, s_i)``, where ``s_i`` is the magnitude of the payoffs in play: the largest
    ``sum |u_i(a, s_-i)| * p(s_-i)`` over the player's own pure strategies ``a``. That scale
    bounds the rounding error of the regret; it is never larger than ``max |payoff|`` (the
    scale of :meth:`NormalFormGame.tolerance`), and much smaller when a huge payoff sits
    where the profile puts no weight, so a huge entry elsewhere cannot hide a real regret.
    """
    base = resolve(tol, REGRET_TOL)
    try:
        sig = tuple(np.asarray([float(p) for p in s], dtype=np.float64) for s in profile)
        P = np.asarray(game.payoffs, dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        return "a probability or payoff is not a finite float"
    for i, s in enumerate(sig):
        if not np.all(np.isfinite(s)):
            return f"player {game.players[i]}'s probabilities are not finite"
        if np.any(s < -PROBABILITY_TOL) or abs(float(s.sum()) - 1.0) > PROBABILITY_TOL * max(1, len(s)):
            return f"player {game.players[i]}'s probabilities do not form a distribution"
    with np.errstate(all="ignore"):
        for i in range(game.num_players):
            U = P[..., i]
            dev = _deviation_payoffs(U, sig, i)
            scale = float(np.max(_deviation_payoffs(np.abs(U), sig, i)))
            own = float(dev @ sig[i])
            regret = float(dev.max()) - own
            if not (np.all(np.isfinite(dev)) and math.isfinite(own) and math.isfinite(scale)):
                return f"player {game.players[i]}'s payoffs overflow floating point"
            limit = scaled(base, scale)
            if regret > limit:
                return f"player {game.players[i]} gains {regret:.3g} by deviating (tolerance {limit:.3g})"
    return None


def gate(
    result: SolveResult, resolve_exact: Callable[[], SolveResult] | None = None, tol: float | None = None
) -> SolveResult:
    """Let only verified equilibria through: the regret gate on a float ``result``.

    Exact results are returned as they are (their regrets are exactly zero). If any float
    equilibrium fails :func:`gate_failure`, the whole game is re-solved by ``resolve_exact``
    (the exact result is returned, with a diagnostic saying why); without it, or if that
    fails, the failing profiles are dropped and the result says so with ``complete=False``.
    ``tol`` is the relative regret tolerance (default ``REGRET_TOL``; a method's own ``tol=``).
    """
    if result.exact:
        return result
    game = result.game
    failures = [(k, why) for k, e in enumerate(result.equilibria) if (why := gate_failure(game, e.profile, tol)) is not None]
    if not failures:
        return result
    k0, why0 = failures[0]
    what = (
        f"{len(failures)} of {len(result.equilibria)} floating-point candidates failed the "
        f"regret check (candidate {k0}: {why0})"
    )
    if resolve_exact is not None:
        try:
            exact = resolve_exact()
        except GameError:
            exact = None
        if exact is not None and exact.exact:
            note = f"{what}; floating point lost precision on this game, so it was re-solved in exact arithmetic"
            return replace(exact, diagnostics=(note, *exact.diagnostics))
    keep = tuple(e for k, e in enumerate(result.equilibria) if k not in dict(failures))
    note = f"{what}; they were dropped, so the list may be incomplete (solve with exact=True to be sure)"
    return replace(
        result,
        equilibria=keep,
        components=(),
        complete=False,
        diagnostics=(*result.diagnostics, note),
    )


#: Float games whose largest payoff magnitude exceeds this are solved exactly: differences
#: and sums of such payoffs can overflow floating point (1.8e308) inside the float paths.
FLOAT_PAYOFF_LIMIT = 1e300


def overflow_prone(game: NormalFormGame) -> bool:
    """Whether float arithmetic on ``game``'s payoffs could overflow (see FLOAT_PAYOFF_LIMIT)."""
    try:
        top = float(np.max(np.abs(np.asarray(game.payoffs, dtype=np.float64)))) if game.payoffs.size else 0.0
    except OverflowError:
        return True
    return not math.isfinite(top) or top > FLOAT_PAYOFF_LIMIT
