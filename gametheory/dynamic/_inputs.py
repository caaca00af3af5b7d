"""Input checks shared by the learning and evolution modules: games as float arrays, seeds.

Every function here raises a :class:`gametheory.errors.GameError` subclass with a clear
message on bad input (NaN, wrong shapes, absurd sizes, probabilities that do not sum to 1).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametheory.errors import GameError, GameSizeError

#: Largest number of steps (or of simulated runs) a dynamics call accepts.
MAX_STEPS = 10_000_000
MAX_RUNS = 1_000_000
MAX_STRATEGIES = 1000


def rng_of(seed: Any) -> Any:
    """A random generator from ``seed``: ``None``/int -> ``numpy.random.default_rng(seed)``;
    a ``numpy.random.Generator`` (or a legacy ``RandomState``, accepted so seeded runs can be
    compared with code written against the legacy API) is used as is."""
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise GameError(f"seed must be an integer, a numpy Generator or None, not {type(seed).__name__}")
    return np.random.default_rng(seed)


def count(value: Any, name: str, *, low: int = 0, high: int = MAX_STEPS) -> int:
    """``value`` as an int in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise GameError(f"{name} must be an integer, not {value!r}")
    if not low <= int(value) <= high:
        raise GameSizeError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)


def matrix(a: Any, name: str) -> np.ndarray:
    """``a`` as a finite 2-D float array of a sensible size."""
    try:
        arr = np.array(a, dtype=float)
    except (TypeError, ValueError) as exc:
        raise GameError(f"{name}: not a numeric matrix ({exc})") from None
    if arr.ndim != 2 or 0 in arr.shape:
        raise GameError(f"{name}: expected a non-empty matrix, got shape {arr.shape}")
    if max(arr.shape) > MAX_STRATEGIES:
        raise GameSizeError(f"{name}: at most {MAX_STRATEGIES} strategies, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise GameError(f"{name}: payoffs must be finite numbers (found NaN or infinity)")
    return arr


def square(a: Any, name: str = "A") -> np.ndarray:
    """A square payoff matrix (a symmetric game's row payoffs)."""
    arr = matrix(a, name)
    if arr.shape[0] != arr.shape[1]:
        raise GameError(f"{name}: a symmetric game needs a square matrix, got shape {arr.shape}")
    return arr


def bimatrix(game: Any) -> tuple[np.ndarray, np.ndarray, Any]:
    """``(A, B, nfg)`` for a two-player game given as a NormalFormGame or a pair ``(A, B)``.

    ``nfg`` is the :class:`~gametheory.normal.game.NormalFormGame` (exact when the payoffs
    are rational), used to verify rest points by their exact regrets.
    """
    from gametheory.normal.game import NormalFormGame

    if isinstance(game, NormalFormGame):
        if game.num_players != 2:
            raise GameError(f"this dynamics needs a two-player game, got {game.num_players} players")
        nfg = game
    elif isinstance(game, (tuple, list)) and len(game) == 2:
        A, B = matrix(game[0], "A"), matrix(game[1], "B")
        if A.shape != B.shape:
            raise GameError(f"A is {A.shape[0]} x {A.shape[1]} but B is {B.shape[0]} x {B.shape[1]}; they must match")
        nfg = NormalFormGame.from_bimatrix(game[0], game[1])
    else:
        raise GameError("expected a two-player NormalFormGame or a pair of payoff matrices (A, B)")
    A = matrix(nfg.payoff_array(0), "A")
    B = matrix(nfg.payoff_array(1), "B")
    return A, B, nfg


def distribution(x: Any, n: int, name: str) -> np.ndarray:
    """A probability vector of length ``n`` (non-negative, summing to 1 within 1e-9)."""
    arr = np.array(x, dtype=float).reshape(-1) if x is not None else np.full(n, 1.0 / n)
    if arr.shape != (n,):
        raise GameError(f"{name}: expected {n} probabilities, got {arr.size}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise GameError(f"{name}: probabilities must be finite and non-negative")
    if abs(arr.sum() - 1.0) > 1e-9:
        raise GameError(f"{name}: probabilities must sum to 1, they sum to {arr.sum():.12g}")
    return arr


def pick(rng: Any, p: np.ndarray) -> int:
    """One index drawn with probabilities ``p`` (inverse CDF of one uniform draw)."""
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    return int(np.searchsorted(cdf, rng.random(), side="right"))


def pick_rows(rng: Any, p: np.ndarray) -> np.ndarray:
    """One index per row of ``p`` (rows are weights, not necessarily normalised)."""
    cdf = np.cumsum(p, axis=1)
    u = rng.random(p.shape[0]) * cdf[:, -1]
    idx = (cdf <= u[:, None]).sum(axis=1)
    return np.minimum(idx, p.shape[1] - 1)


def integers(rng: Any, high: int, size: int | None = None) -> Any:
    """Uniform integers in ``[0, high)`` from a Generator (``integers``) or a legacy
    RandomState (``randint``)."""
    if isinstance(rng, np.random.RandomState):
        return rng.randint(high, size=size)
    return rng.integers(high, size=size)


#: Largest number of stored path entries (about 400 MB of floats).
MAX_CELLS = 50_000_000


def check_cells(cells: int, what: str) -> None:
    """Refuse a path that would hold more than :data:`MAX_CELLS` numbers."""
    if cells > MAX_CELLS:
        raise GameSizeError(f"{what} = {cells:,} numbers to store; at most {MAX_CELLS:,}")
