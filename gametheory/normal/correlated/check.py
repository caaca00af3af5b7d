"""Checking a joint distribution against the definition: :func:`product_distribution`,
:func:`correlated_violation` and :func:`is_correlated_equilibrium`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.tolerance import PROBABILITY_TOL
from gametheory._kernel.values import Number, is_exact_value, to_float, to_fraction
from gametheory.errors import GameError
from gametheory.normal.game import NormalFormGame

__all__ = ["correlated_violation", "is_correlated_equilibrium", "product_distribution"]


def product_distribution(game: NormalFormGame, profile: Any) -> np.ndarray:
    """The joint distribution of independent mixed strategies: ``p(s) = prod_i x_i(s_i)``.

    ``profile`` is any mixed profile :meth:`NormalFormGame.normalize_profile` accepts.
    The result (game-shaped, Fractions for exact profiles) is a correlated equilibrium
    exactly when the profile is a Nash equilibrium.
    """
    prof = game.normalize_profile(profile)
    exact = isinstance(prof[0][0], Fraction)
    out = np.array(prof[0], dtype=object if exact else np.float64)
    for vec in prof[1:]:
        out = np.multiply.outer(out, np.array(vec, dtype=object if exact else np.float64))
    return out


def _as_distribution(game: NormalFormGame, distribution: Any, where: str) -> np.ndarray:
    """Validate a joint distribution (array of the game's shape, or ``{profile: prob}``)."""
    shape = game.shape
    if isinstance(distribution, Mapping):
        entries: list[Any] = [0] * math.prod(shape)
        seen: set[int] = set()
        for key, prob in distribution.items():
            if not isinstance(key, (tuple, list)) or len(key) != game.num_players:
                raise GameError(f"{where}: key {key!r} is not a profile of {game.num_players} strategies")
            for s in key:
                if not isinstance(s, (str, int, np.integer)) or isinstance(s, bool):
                    raise GameError(f"{where}: key {key!r}: strategies are names or 0-based indices, got {s!r}")
            try:
                idx = tuple(game._strategy_index(i, s) for i, s in enumerate(key))
            except GameError as exc:
                raise GameError(f"{where}: key {key!r}: {exc}") from None
            flat = int(np.ravel_multi_index(idx, shape))
            if flat in seen:
                raise GameError(f"{where}: profile {key!r} is given twice")
            seen.add(flat)
            entries[flat] = prob
        values = entries
    else:
        arr = np.asarray(distribution, dtype=object)
        if arr.shape != shape:
            raise GameError(f"{where}: expected an array of shape {shape}, got shape {arr.shape}")
        values = arr.reshape(-1).tolist()
    exact = game.is_exact and all(is_exact_value(v) for v in values)
    if exact:
        q = [to_fraction(v, f"{where} entry") for v in values]
        if min(q) < 0:
            raise GameError(f"{where}: negative probability {min(q)}")
        if sum(q) != 1:
            raise GameError(f"{where}: probabilities sum to {sum(q)}, not 1")
        return np.array(q, dtype=object).reshape(shape)
    f = np.array([to_float(v, f"{where} entry") for v in values], dtype=np.float64)
    if f.min() < -PROBABILITY_TOL:
        raise GameError(f"{where}: negative probability {f.min():.3g}")
    if abs(f.sum() - 1.0) > PROBABILITY_TOL * max(1, f.size):
        raise GameError(f"{where}: probabilities sum to {f.sum():.12g}, not 1")
    return np.clip(f, 0.0, None).reshape(shape)


def _deviation_values(dist: np.ndarray, U: np.ndarray, i: int) -> np.ndarray:
    """``V[s, t] = sum_{s_-i} p(s, s_-i) u_i(t, s_-i)`` for player ``i``."""
    n = dist.shape[i]
    Pm = np.moveaxis(dist, i, 0).reshape(n, -1)
    Um = np.moveaxis(U, i, 0).reshape(n, -1)
    return np.asarray(Pm.dot(Um.T))


def _max_gain(game: NormalFormGame, dist: np.ndarray, coarse: bool) -> Number:
    """Largest gain from disobeying ``dist`` (0 when it is a (coarse) correlated equilibrium)."""
    exact = dist.dtype == object
    pay = game.payoffs if exact else game.payoffs.astype(np.float64)
    if exact and not game.is_exact:
        pay = game.to_exact().payoffs
    best: Number = Fraction(0) if exact else 0.0
    for i in range(game.num_players):
        V = _deviation_values(dist, pay[..., i], i)
        diag = np.diagonal(V)
        if coarse:
            gains = V.sum(axis=0) - diag.sum()
            g = max(gains.tolist())
        else:
            g = max((V - diag[:, None]).reshape(-1).tolist())
        if g > best:
            best = g
    if exact:
        return Fraction(best)
    return max(float(best), 0.0)


def correlated_violation(game: NormalFormGame, distribution: Any, *, coarse: bool = False) -> Number:
    """Largest expected gain a player gets by disobeying the distribution (>= 0).

    ``distribution`` is an array of the game's shape or a mapping ``{profile: probability}``
    (profiles as strategy names or indices; missing profiles have probability 0). For a
    correlated equilibrium the deviation switches a recommended ``s`` to ``t``; with
    ``coarse=True`` it commits to ``t`` before the recommendation. Exact (a Fraction) when
    the game and the probabilities are exact; 0 exactly when the distribution is an
    equilibrium.
    """
    dist = _as_distribution(game, distribution, "correlated_violation")
    return _max_gain(game, dist, coarse)


def is_correlated_equilibrium(
    game: NormalFormGame, distribution: Any, *, coarse: bool = False, tol: float | None = None
) -> bool:
    """Whether ``distribution`` is a (coarse, with ``coarse=True``) correlated equilibrium.

    Exact data are checked exactly; otherwise the violation may be at most ``tol``
    (default :data:`~gametheory._kernel.tolerance.REGRET_TOL`, ``1e-9``) times ``max(1, max |payoff|)``.
    """
    dist = _as_distribution(game, distribution, "is_correlated_equilibrium")
    v = _max_gain(game, dist, coarse)
    if isinstance(v, Fraction):
        return v == 0
    return float(v) <= game.tolerance(tol)
