"""Support profiles: counting and enumerating them, integer payoffs, and pruning
supports with a conditionally dominated strategy."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from gametheory.normal.game import NormalFormGame

#: Largest number of support profiles (prod_i (2**n_i - 1)) accepted by default:
#: 3 players x 4 strategies (3,375), 4 players x 3 (2,401), 6 players x 2 (729) all fit.
MAX_SUPPORT_PROFILES = 4096


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def count_support_profiles(shape: Sequence[int]) -> int:
    """Number of support profiles of a game: ``prod_i (2**n_i - 1)``."""
    return math.prod((1 << n) - 1 for n in shape)


def _integer_payoffs(game: NormalFormGame) -> list[np.ndarray]:
    """Each player's payoffs scaled by a positive constant to coprime integers.

    A positive scaling of one player's payoffs changes neither best responses nor
    equilibria, and integers keep the polynomial coefficients small.
    """
    out = []
    for i in range(game.num_players):
        vals = [Fraction(v) for v in game.payoffs[..., i].reshape(-1).tolist()]
        den = 1
        for v in vals:
            den = math.lcm(den, v.denominator)
        ints = [int(v * den) for v in vals]
        g = 0
        for w in ints:
            g = math.gcd(g, w)
        g = g or 1
        ints = [w // g for w in ints]
        if max(abs(v) for v in ints) < 2**62:
            arr = np.array(ints, dtype=np.int64)
        else:
            arr = np.array(ints, dtype=object)
        out.append(arr.reshape(game.shape))
    return out


def _dominated(U: list[np.ndarray], support: tuple[tuple[int, ...], ...],
               memo: dict[tuple[int, tuple[tuple[int, ...], ...]], frozenset[int]] | None = None) -> bool:
    """Whether some supported strategy is conditionally dominated given the opponents' supports.

    Porter, Nudelman & Shoham (2008) prune with strict dominance. Since in an equilibrium
    with this support the opponents give *every* profile of ``S_-i`` positive
    probability, weak dominance with a strict gain at one profile rules a strategy out too.
    ``memo`` (optional, shared over one game) keeps each player's dominated strategies per
    opponents' support profile: it depends on ``S_-i`` only, so a game with ``m`` support
    profiles per player computes it ``m**(N-1)`` times per player instead of ``m**N``.
    """
    N = len(support)
    for i in range(N):
        key = (i, support[:i] + support[i + 1:])
        bad = memo.get(key) if memo is not None else None
        if bad is None:
            bad = _dominated_strategies(U[i], i, support)
            if memo is not None:
                memo[key] = bad
        if not bad.isdisjoint(support[i]):
            return True
    return False


def _dominated_strategies(Ui: np.ndarray, i: int, support: tuple[tuple[int, ...], ...]) -> frozenset[int]:
    """Player ``i``'s strategies weakly dominated (strictly somewhere) against ``S_-i``."""
    idx = [range(Ui.shape[j]) if j == i else support[j] for j in range(len(support))]
    sub = np.moveaxis(Ui[np.ix_(*idx)], i, 0)
    sub = sub.reshape(sub.shape[0], -1)
    # beats[t, s]: strategy t is never worse than s against S_-i, somewhere better
    ge = (sub[:, None, :] >= sub[None, :, :]).all(axis=2)
    gt = (sub[:, None, :] > sub[None, :, :]).any(axis=2)
    beats = ge & gt
    return frozenset(int(s) for s in np.flatnonzero(beats.any(axis=0)))
