"""Shared plumbing for solvers: timing, integer scaling, arithmetic choice, the regret gate."""

from __future__ import annotations

import functools
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


def _pure_cell(profile: tuple[np.ndarray, ...]) -> tuple[int, ...] | None:
    """The pure profile's cell (one strategy index per player), or ``None`` if it mixes."""
    cell = []
    for s in profile:
        nz = np.flatnonzero(s)
        if len(nz) != 1 or s[nz[0]] != 1:
            return None
        cell.append(int(nz[0]))
    return tuple(cell)


def _pure_failure(game: NormalFormGame, P: np.ndarray, cell: tuple[int, ...], base: float) -> str | None:
    """:func:`gate_failure` for a pure profile: one slice of the payoff array per player."""
    with np.errstate(all="ignore"):
        for i in range(game.num_players):
            key: tuple[Any, ...] = (*cell[:i], slice(None), *cell[i + 1 :], i)
            dev = P[key]
            own = float(P[(*cell, i)])
            scale = float(np.max(np.abs(dev)))
            if not (np.all(np.isfinite(dev)) and math.isfinite(own)):
                return f"player {game.players[i]}'s payoffs overflow floating point"
            regret = float(dev.max()) - own
            limit = scaled(base, scale)
            if not math.isfinite(regret) or regret > limit:
                return f"player {game.players[i]} gains {regret:.3g} by deviating (tolerance {limit:.3g})"
    return None


def gate_failure(game: NormalFormGame, profile: tuple[tuple[Any, ...], ...], tol: float | None = None) -> str | None:
    """Why a float ``profile`` of ``game`` is not an equilibrium, or ``None`` if it passes.

    A profile passes when every probability, payoff and regret is finite, each mixed strategy
    is a probability vector, and each player's regret is at most ``REGRET_TOL`` (or ``tol``)
    times ``max(1, s_i)``, where ``s_i`` is the magnitude of the payoffs in play: the largest
    ``sum |u_i(a, s_-i)| * p(s_-i)`` over the player's own pure strategies ``a``. That scale
    bounds the rounding error of the regret; it is never larger than ``max |payoff|`` (the
    scale of :meth:`NormalFormGame.tolerance`), and much smaller when a huge payoff sits
    where the profile puts no weight, so a huge entry elsewhere cannot hide a real regret.
    A pure profile costs one slice of the payoff array per player.
    """
    base = resolve(tol, REGRET_TOL)
    try:
        sig = tuple(np.asarray([float(p) for p in s], dtype=np.float64) for s in profile)
        P = np.asarray(game.payoffs, dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        return "a probability or payoff is not a finite float"
    if len(sig) != game.num_players or any(len(s) != n for s, n in zip(sig, game.shape)):
        return "the profile does not match the game's shape"
    for i, s in enumerate(sig):
        if not np.all(np.isfinite(s)):
            return f"player {game.players[i]}'s probabilities are not finite"
        if np.any(s < -PROBABILITY_TOL) or abs(float(s.sum()) - 1.0) > PROBABILITY_TOL * max(1, len(s)):
            return f"player {game.players[i]}'s probabilities do not form a distribution"
    cell = _pure_cell(sig)
    if cell is not None:
        return _pure_failure(game, P, cell, base)
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


def exact_failure(game: NormalFormGame, profile: tuple[tuple[Any, ...], ...]) -> str | None:
    """Why an exact ``profile`` of the exact ``game`` is not an equilibrium (its regret,
    computed exactly, is not 0), or ``None``. A pure profile costs one slice per player."""
    if any(len(s) != n for s, n in zip(profile, game.shape)) or len(profile) != game.num_players:
        return "the profile does not match the game's shape"
    for i, s in enumerate(profile):
        if any(p < 0 for p in s) or sum(s) != 1:
            return f"player {game.players[i]}'s probabilities do not form a distribution"
    P = game.payoffs
    cell = _pure_cell(tuple(np.asarray(s, dtype=object) for s in profile))
    if cell is not None:
        for i in range(game.num_players):
            key: tuple[Any, ...] = (*cell[:i], slice(None), *cell[i + 1 :], i)
            regret = max(P[key].tolist()) - P[(*cell, i)]
            if regret != 0:
                return f"player {game.players[i]} gains {regret} by deviating"
        return None
    regret = game.max_regret(profile)
    return None if regret == 0 else f"a player gains {regret} by deviating"


def _two_player_passes(game: NormalFormGame, profiles: list[tuple[tuple[Any, ...], ...]], base: float) -> np.ndarray:
    """Which float profiles of a two-player ``game`` clearly pass :func:`gate_failure`, in one
    batch (matrix products instead of one call per profile).

    A profile passes here when its probabilities are finite, nonnegative to within
    ``PROBABILITY_TOL`` and sum to 1 (the same tests), and each player's regret is at most
    *half* the tolerance :func:`gate_failure` allows (the same scale); the margin of a half
    keeps a profile the scalar check would reject on rounding from passing here. Every other
    profile is left to :func:`gate_failure`, which decides it and says why.
    """
    m, n = game.shape
    try:
        X = np.array([[float(p) for p in prof[0]] for prof in profiles], dtype=np.float64)
        Y = np.array([[float(p) for p in prof[1]] for prof in profiles], dtype=np.float64)
        A = np.asarray(game.payoffs[..., 0], dtype=np.float64)
        B = np.asarray(game.payoffs[..., 1], dtype=np.float64)
    except (OverflowError, TypeError, ValueError):
        return np.zeros(len(profiles), dtype=bool)
    if X.shape != (len(profiles), m) or Y.shape != (len(profiles), n):
        return np.zeros(len(profiles), dtype=bool)
    with np.errstate(all="ignore"):
        ok = np.all(np.isfinite(X), axis=1) & np.all(np.isfinite(Y), axis=1)
        ok &= np.all(X >= -PROBABILITY_TOL, axis=1) & (np.abs(X.sum(axis=1) - 1.0) <= PROBABILITY_TOL * max(1, m))
        ok &= np.all(Y >= -PROBABILITY_TOL, axis=1) & (np.abs(Y.sum(axis=1) - 1.0) <= PROBABILITY_TOL * max(1, n))
        for U, own, other in ((A, X, Y), (B.T, Y, X)):
            dev = other @ U.T  # (K, own strategies): each pure strategy against the other's mix
            scale = (other @ np.abs(U).T).max(axis=1)
            value = np.einsum("ka,ka->k", dev, own)
            regret = dev.max(axis=1) - value
            limit = base * np.maximum(1.0, np.abs(scale))
            ok &= np.isfinite(regret) & np.isfinite(scale) & (regret <= 0.5 * limit)
    return ok


def _is_exact_profile(profile: tuple[tuple[Any, ...], ...]) -> bool:
    return all(isinstance(p, (Fraction, int)) and not isinstance(p, bool) for s in profile for p in s)


#: Key of ``SolveResult.parameters`` by which a solver says that it has already verified every
#: profile it returns in exact rational arithmetic (regret exactly 0), so :func:`gate` need not
#: check them again (Lemke-Howson's certificate does this).
CERTIFIED = "certified_exactly"


def gate(
    result: SolveResult, resolve_exact: Callable[[], SolveResult] | None = None, tol: float | None = None
) -> SolveResult:
    """Let only verified equilibria through: the regret gate on a ``result``.

    Exact profiles of an exact game must have regret exactly 0 (:func:`exact_failure`);
    every other profile (a float result, or an irrational equilibrium shown as floats) must
    pass :func:`gate_failure`. If any fails, a float result is re-solved by ``resolve_exact``
    (the exact result is returned, with a diagnostic saying why); without it, or if that
    fails, the failing profiles are dropped and the result says so with ``complete=False``.
    ``tol`` is the relative regret tolerance (default ``REGRET_TOL``; a method's own ``tol=``).
    A result whose ``parameters[CERTIFIED]`` is ``True`` was verified exactly by its solver and
    passes unchanged.
    """
    if result.parameters.get(CERTIFIED) is True:
        return result
    game = result.game

    def failure(profile: tuple[tuple[Any, ...], ...]) -> str | None:
        if game.is_exact and _is_exact_profile(profile):
            return exact_failure(game, profile)
        return gate_failure(game, profile, tol)

    profiles = [e.profile for e in result.equilibria]
    clear = np.zeros(len(profiles), dtype=bool)
    if game.num_players == 2 and profiles and not (game.is_exact and all(map(_is_exact_profile, profiles))):
        clear = _two_player_passes(game, profiles, resolve(tol, REGRET_TOL))
    failures = [
        (k, why) for k, prof in enumerate(profiles) if not clear[k] and (why := failure(prof)) is not None
    ]
    if not failures:
        return result
    k0, why0 = failures[0]
    what = (
        f"{len(failures)} of {len(result.equilibria)} "
        f"{'' if result.exact else 'floating-point '}candidates failed the "
        f"regret check (candidate {k0}: {why0})"
    )
    if resolve_exact is not None and not result.exact:
        try:
            exact = resolve_exact()
        except GameError:
            exact = None
        if exact is not None and exact.exact:
            note = f"{what}; floating point lost precision on this game, so it was re-solved in exact arithmetic"
            return replace(exact, diagnostics=(note, *exact.diagnostics))
    keep = tuple(e for k, e in enumerate(result.equilibria) if k not in dict(failures))
    hint = "" if result.exact else " (solve with exact=True to be sure)"
    note = f"{what}; they were dropped, so the list may be incomplete{hint}"
    return replace(
        result,
        equilibria=keep,
        components=(),
        complete=False,
        diagnostics=(*result.diagnostics, note),
    )


def gated(func: Callable[..., SolveResult]) -> Callable[..., SolveResult]:
    """Decorator for a public normal-form solver ``func(game, *, exact=None, **options)``:
    its result passes :func:`gate` before it is returned, so a direct call can no more
    return an unverified profile than :func:`~gametheory.normal.solvers.dispatch.solve`.

    A float result that fails is re-solved by ``func(game, exact=True, **options)`` (which
    is gated too); ``options["tol"]``, when the method has one, is the gate's tolerance.
    """

    @functools.wraps(func)
    def run(game: NormalFormGame, *args: Any, exact: bool | None = None, **options: Any) -> SolveResult:
        result = func(game, *args, exact=exact, **options)
        again = None if exact else (lambda: run(game, *args, exact=True, **options))
        return gate(result, again, options.get("tol"))

    return run


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
