"""Finitely repeated two-player games as normal forms over history-dependent strategies.

A stage game played ``T`` times, payoffs summed (no discounting). A *history* before round
``k`` is the pair (row actions so far, column actions so far); a pure strategy of the repeated
game picks an action at every history of length ``0 .. T-1``, reachable or not, so player ``i``
with ``m_i`` actions has ``m_i ** H`` strategies, ``H = sum_k (m_1 m_2) ** k``. The normal form
is built exactly (Fractions stay Fractions) and vectorised over all strategy pairs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameSizeError
from gametheory.normal.game import NormalFormGame

#: Largest number of cells (row strategies x column strategies) the repeated normal form may have.
MAX_CELLS = 5_000_000

History = tuple[tuple[int, ...], tuple[int, ...]]


def _stage(game: Any) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"expected a NormalFormGame as the stage game, not {type(game).__name__}")
    if game.num_players != 2:
        raise GameError(f"finitely repeated games need a two-player stage game, got {game.num_players} players")
    return game


def _repetitions(repetitions: Any) -> int:
    if isinstance(repetitions, bool) or not isinstance(repetitions, (int, np.integer)) or repetitions < 1:
        raise GameError(f"repetitions must be a positive integer, got {repetitions!r}")
    return int(repetitions)


def repeated_histories(shape: Sequence[int], repetitions: int) -> list[History]:
    """Every history before a round of the ``repetitions``-times repeated game with stage
    shape ``(m, n)``: by length, then row actions, then column actions (lexicographic).

    Examples
    --------
    >>> repeated_histories((2, 2), 2)[:3]
    [((), ()), ((0,), (0,)), ((0,), (1,))]
    """
    m, n = (int(s) for s in shape)
    T = _repetitions(repetitions)
    if sum((m * n) ** k for k in range(T)) > MAX_CELLS:
        raise GameSizeError(f"a {m} x {n} stage game repeated {T} times has too many histories")
    out: list[History] = []
    for k in range(T):
        for rows in itertools.product(range(m), repeat=k):
            for cols in itertools.product(range(n), repeat=k):
                out.append((rows, cols))
    return out


def _sizes(m: int, n: int, T: int) -> tuple[int, int, int]:
    H = sum((m * n) ** k for k in range(T))
    log_cells = H * (np.log10(m) + np.log10(n))
    if log_cells > np.log10(MAX_CELLS):
        raise GameSizeError(
            f"a {m} x {n} stage game repeated {T} times has {m}^{H} x {n}^{H} pure strategy pairs; "
            f"at most {MAX_CELLS:,} cells"
        )
    return H, m ** H, n ** H


def _path_totals(P: np.ndarray, m: int, n: int, T: int, R: np.ndarray, C: np.ndarray) -> tuple[Any, Any]:
    """Summed payoffs when row strategies ``R`` (shape ``(r, H)``) meet column strategies
    ``C`` (shape ``(c, H)``), all pairs at once."""
    r, c = R.shape[0], C.shape[0]
    rows = np.zeros((r, c), dtype=np.int64)   # row actions so far, as a base-m number
    cols = np.zeros((r, c), dtype=np.int64)   # column actions so far, as a base-n number
    ii, jj = np.indices((r, c))
    total = [np.zeros((r, c), dtype=P.dtype) for _ in range(2)]
    offset = 0
    for k in range(T):
        h = offset + rows * n ** k + cols
        a = R[ii, h]
        b = C[jj, h]
        for p in range(2):
            total[p] = total[p] + P[a, b, p]
        rows, cols = rows * m + a, cols * n + b
        offset += (m * n) ** k
    return total[0], total[1]


def _scaled(game: NormalFormGame, T: int) -> tuple[np.ndarray, int]:
    """Stage payoffs as an int64 array times a common denominator ``D`` (exact games whose
    ``T``-round sums fit in int64), else ``(payoffs, 0)``: sums of integers are exact and fast."""
    P = np.asarray(game.payoffs)
    if not game.is_exact:
        return P, 0
    D = math.lcm(*(Fraction(v).denominator for v in P.reshape(-1)))
    scaled = [int(Fraction(v) * D) for v in P.reshape(-1)]
    if max(abs(v) for v in scaled) * T >= 2 ** 62:
        return P, 0
    return np.array(scaled, dtype=np.int64).reshape(P.shape), D


def finitely_repeated_game(game: NormalFormGame, repetitions: int) -> NormalFormGame:
    """The normal form of ``game`` repeated ``repetitions`` times, payoffs summed.

    Strategy ``s`` of a player lists its action at each history of
    :func:`repeated_histories`, in that order; strategies are ordered lexicographically
    (action at the first history varies slowest) and named by their action indices.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> finitely_repeated_game(pd, 2).shape
    (32, 32)
    """
    g = _stage(game)
    m, n = g.shape
    T = _repetitions(repetitions)
    H, r, c = _sizes(m, n, T)
    R = np.array(list(itertools.product(range(m), repeat=H)), dtype=np.int64).reshape(r, H)
    C = np.array(list(itertools.product(range(n), repeat=H)), dtype=np.int64).reshape(c, H)
    P, D = _scaled(g, T)
    A, B = _path_totals(P, m, n, T, R, C)
    names = [["".join(map(str, s)) for s in S] for S in (R, C)] if H <= 12 else None
    kwargs: dict[str, Any] = {"players": list(g.players), "title": f"{g.title or 'stage game'} repeated {T} times"}
    if names is not None:
        kwargs["strategies"] = names
    totals = np.stack([A, B], axis=-1)
    if D > 1:
        totals = np.array([Fraction(int(v), D) for v in totals.reshape(-1)], dtype=object).reshape(totals.shape)
    return NormalFormGame(totals, exact=g.is_exact, **kwargs)


def _pure_rule(strategy: Mapping[Any, Any], histories: list[History], k: int, who: str) -> np.ndarray:
    out = np.empty(len(histories), dtype=np.int64)
    for h, key in enumerate(histories):
        if key not in strategy:
            raise GameError(f"{who} strategy: no action for history {key}")
        v = strategy[key]
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            a = int(v)
        else:
            x = np.asarray(v, dtype=float).reshape(-1)
            if x.shape != (k,) or not np.isclose(x.max(), 1) or not np.isclose(x.sum(), 1):
                raise GameError(f"{who} strategy at {key}: expected an action index or a pure (one-hot) vector of {k}")
            a = int(np.argmax(x))
        if not 0 <= a < k:
            raise GameError(f"{who} strategy at {key}: action {a} out of range 0..{k - 1}")
        out[h] = a
    return out


def play_finitely_repeated(game: NormalFormGame, repetitions: int, row_strategy: Mapping[Any, Any],
                           col_strategy: Mapping[Any, Any]) -> tuple[Any, Any]:
    """Summed payoffs of two pure history-dependent strategies in the repeated game.

    Each strategy maps every history of :func:`repeated_histories` to an action index (or a
    one-hot vector).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[0, 1], [2, 3]], [[0, -1], [-2, -3]])
    >>> play_finitely_repeated(g, 1, {((), ()): 0}, {((), ()): 1})
    (Fraction(1, 1), Fraction(-1, 1))
    """
    g = _stage(game)
    m, n = g.shape
    T = _repetitions(repetitions)
    hs = repeated_histories((m, n), T)
    R = _pure_rule(row_strategy, hs, m, "row")[None, :]
    C = _pure_rule(col_strategy, hs, n, "column")[None, :]
    A, B = _path_totals(np.asarray(g.payoffs), m, n, T, R, C)   # one cell: exact values as they are
    return A[0, 0], B[0, 0]
