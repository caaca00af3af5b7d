"""Values of coalitional games and power indices of weighted voting games.

* :func:`shapley_value` -- :math:`\\phi_i = \\sum_{S \\subseteq N\\setminus i}
  \\frac{|S|!\\,(n-|S|-1)!}{n!}\\,[v(S\\cup i) - v(S)]` (Shapley 1953), exact with rational
  values, symbolic with sympy values;
* :func:`shapley_shubik_index` and :func:`banzhaf_index` for weighted voting games
  (Shapley & Shubik 1954; Banzhaf 1965), counted by dynamic programming over integer weights
  so that games with many players (e.g. 50) are fast and exact.

Each returns a :class:`ValueResult`. The games are the classes of
:mod:`~gametheory.cooperative.coalitional` (any :class:`~gametheory.cooperative.tu.TUGame`
or :class:`~gametheory.cooperative.tu.VotingGame`).

>>> from gametheory.cooperative.coalitional import WeightedVotingGame
>>> shapley_shubik_index(WeightedVotingGame(3, [2, 1, 1])).values
(Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result
from gametheory.cooperative.tu import (
    MAX_PLAYERS,
    TUGame,
    Value,
    VotingGame,
    _check_game,
    _common_scale,
    _int_array,
    _popcount,
    _tidy,
)
from gametheory.errors import GameError, GameSizeError

__all__ = ["MAX_DP_CELLS", "ValueResult", "banzhaf_index", "shapley_shubik_index", "shapley_value"]

#: Largest ``players * quota`` table the weighted-voting dynamic programme may allocate.
MAX_DP_CELLS = 50_000_000


@dataclass(frozen=True)
class ValueResult(Result):
    """A one-point solution or power index: one number per player.

    Attributes
    ----------
    concept:
        ``"shapley"``, ``"shapley-shubik"`` or ``"banzhaf"``.
    players:
        Player names.
    values:
        One value per player (for Banzhaf: the normalised index, summing to 1).
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    method:
        ``"enumeration"`` (all :math:`2^n` coalitions) or ``"dynamic-programming"`` (counts
        by size and weight, for weighted voting games).
    counts:
        For simple games: per player the number of orderings in which it is pivotal
        (Shapley--Shubik) or the number of coalitions in which it swings (Banzhaf). Empty
        otherwise.
    elapsed:
        Wall-clock seconds.
    """

    concept: str
    players: tuple[str, ...]
    values: tuple[Value, ...]
    counts: tuple[int, ...] = ()

    def by_name(self) -> dict[str, Value]:
        """``{player: value}``."""
        return dict(zip(self.players, self.values))

    def __getitem__(self, player: str) -> Value:
        return self.values[self.players.index(player)]

    def absolute(self) -> tuple[Fraction, ...]:
        """The absolute (non-normalised) Banzhaf index, swings / :math:`2^{n-1}`."""
        if self.concept != "banzhaf" or not self.counts:
            raise GameError("ValueResult.absolute: only for a Banzhaf index of a simple game")
        return tuple(Fraction(c, 2 ** (len(self.players) - 1)) for c in self.counts)


# --------------------------------------------------------------------------- Shapley value
def _size_weights(n: int) -> list[int]:
    """``k! (n-1-k)!`` for ``k = 0..n-1`` (numerators of the Shapley weights over ``n!``)."""
    return [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)]


def _marginal_sums(game: TUGame) -> tuple[list[list[Any]], int]:
    """``T[i][k] = sum over S not containing i with |S| = k of v(S + i) - v(S)``.

    Exact games are scaled to integers and summed with numpy (int64 when it cannot overflow);
    the result is then in units of ``1/L``; see :func:`_scaled_values`.
    """
    n = game.n
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = _popcount(masks)
    vals, den = _scaled_values(game)
    out: list[list[Any]] = []
    for i in range(n):
        bit = 1 << i
        idx = masks[(masks & bit) == 0]
        delta = vals[idx | bit] - vals[idx]
        sz = sizes[idx]
        if game.arithmetic == "symbolic":
            import sympy

            sums = [sympy.Integer(0)] * n
            for d, k in zip(delta, sz):
                sums[int(k)] = sums[int(k)] + d
            out.append(sums)
        else:
            out.append([delta[sz == k].sum() for k in range(n)])
    return out, den


def _scaled_values(game: TUGame) -> tuple[np.ndarray, int]:
    """The characteristic function as an array: integers times ``1/L`` for exact games."""
    if game.arithmetic == "exact":
        ints, den = _common_scale(game._values)
        return _int_array(ints, 2 << game.n), den
    if game.arithmetic == "float":
        return np.array(game._values, dtype=float), 1
    return np.array(game._values, dtype=object), 1


def shapley_value(game: TUGame | VotingGame) -> ValueResult:
    """The Shapley value (Shapley 1953).

    .. math:: \\phi_i(v) = \\sum_{S \\subseteq N \\setminus \\{i\\}}
              \\frac{|S|!\\,(n - |S| - 1)!}{n!}\\,\\bigl(v(S \\cup \\{i\\}) - v(S)\\bigr)

    -- each player's marginal contribution averaged over all orders in which the grand
    coalition can form. It is the unique value that is efficient
    (:math:`\\sum_i \\phi_i = v(N)`), symmetric, additive and gives null players 0.
    Marginal contributions are summed by coalition size (exact integers after scaling for
    rational games), so the cost is :math:`O(n\\,2^n)`. For a weighted voting game this is
    the Shapley--Shubik index (:func:`shapley_shubik_index`).

    Parameters
    ----------
    game:
        A :class:`CoalitionalGame` (exact, float or symbolic) or a :class:`WeightedVotingGame`.

    Returns
    -------
    ValueResult
    """
    where = "shapley_value"
    _check_game(game, where, voting=True)
    if isinstance(game, VotingGame):
        return shapley_shubik_index(game)
    start = time.perf_counter()
    n = game.n
    weights = _size_weights(n)
    total = math.factorial(n)
    sums, den = _marginal_sums(game)
    values: list[Value] = []
    for i in range(n):
        if game.arithmetic == "exact":
            acc = sum(int(w) * int(t) for w, t in zip(weights, sums[i]))
            values.append(Fraction(acc, total * den))
        elif game.arithmetic == "float":
            values.append(float(sum(w * float(t) for w, t in zip(weights, sums[i])) / total))
        else:
            import sympy

            acc = sum((sympy.Integer(w) * t for w, t in zip(weights, sums[i])), sympy.Integer(0))
            values.append(_tidy(acc / total, "symbolic"))
    return ValueResult(
        concept="shapley",
        players=game.players,
        values=tuple(values),
        arithmetic=game.arithmetic,
        method="enumeration",
        elapsed=time.perf_counter() - start,
    )


# --------------------------------------------------------------------------- weighted voting
def _integer_weights(game: VotingGame) -> tuple[list[int], int]:
    ints, den = _common_scale(list(game.weights) + [game.quota])
    return ints[:-1], ints[-1]


def _swing_counts(game: VotingGame, where: str) -> tuple[list[list[int]], str]:
    """``c[i][k]``: coalitions ``S`` of size ``k`` without ``i`` that lose but win with ``i``.

    Dynamic programming over (size, weight): ``C[k][w]`` counts coalitions of size ``k`` and
    weight ``w < q``. Player ``i`` is removed from the table by the inverse recursion
    ``C_i[k][w] = C[k][w] - C_i[k-1][w - w_i]``; the swings of ``i`` are the coalitions of
    weight in ``[q - w_i, q - 1]``.
    """
    ws, q = _integer_weights(game)
    n = len(ws)
    if n * q <= MAX_DP_CELLS:
        dtype: Any = np.int64 if n <= 62 else object
        table = np.zeros((n + 1, q), dtype=dtype)
        table[0, 0] = 1
        for w in ws:
            if w < q:
                table[1:, w:] += table[:-1, : q - w].copy()
        by_weight: dict[int, list[int]] = {}
        for w in sorted(set(ws)):
            without = np.zeros_like(table)
            without[0] = table[0]
            for k in range(1, n + 1):
                without[k] = table[k]
                if w < q:
                    without[k, w:] -= without[k - 1, : q - w]
                else:
                    pass  # coalitions containing i all reach the quota: none are counted
            lo = max(0, q - w)
            by_weight[w] = [int(x) for x in without[:n, lo:q].sum(axis=1)]
        return [by_weight[w] for w in ws], "dynamic-programming"
    if n <= MAX_PLAYERS:
        return _swing_counts_enumeration(ws, q), "enumeration"
    raise GameSizeError(
        f"{where}: the weights scale to integers with quota {q}; a {n} x {q} counting table is too "
        f"large and {n} players are too many to enumerate (round the weights)"
    )


def _swing_counts_enumeration(ws: list[int], q: int) -> list[list[int]]:
    n = len(ws)
    masks = np.arange(1 << n, dtype=np.int64)
    big = sum(ws) >= 2**62
    weight = np.zeros(1 << n, dtype=object if big else np.int64)
    for k, w in enumerate(ws):
        bits = (masks >> k) & 1
        # huge integer weights: multiply in Python integers (numpy cannot hold them)
        weight = weight + (bits.astype(object) * w if big else bits * w)
    sizes = _popcount(masks)
    out = []
    for i, w in enumerate(ws):
        idx = masks[(masks & (1 << i)) == 0]
        wt = weight[idx]
        swing = (wt < q) & (wt + w >= q)
        out.append([int(np.count_nonzero(swing & (sizes[idx] == k))) for k in range(n)])
    return out


def shapley_shubik_index(game: VotingGame) -> ValueResult:
    """The Shapley--Shubik power index of a weighted voting game (Shapley & Shubik 1954).

    The Shapley value of the simple game: the share of the :math:`n!` voting orders in which
    player :math:`i` is pivotal (its vote turns a losing coalition into a winning one),

    .. math:: \\phi_i = \\sum_{k=0}^{n-1} \\frac{k!\\,(n-k-1)!}{n!}\\, c_{ik},

    where :math:`c_{ik}` counts losing coalitions of size :math:`k` without :math:`i` that
    win with :math:`i`. The counts come from a dynamic programme over sizes and integer
    weights (:math:`O(n^2 q)` per distinct weight), so the answer is exact and fast for many
    players; the indices sum to 1.

    Parameters
    ----------
    game:
        The weighted voting game.

    Returns
    -------
    ValueResult
        ``counts`` holds the number of orders in which each player is pivotal.
    """
    where = "shapley_shubik_index"
    if not isinstance(game, VotingGame):
        raise GameError(f"{where}: game must be a WeightedVotingGame, got {type(game).__name__}")
    start = time.perf_counter()
    counts, method = _swing_counts(game, where)
    n = game.n
    weights = _size_weights(n)
    pivots = [sum(w * c for w, c in zip(weights, row)) for row in counts]
    total = math.factorial(n)
    values: tuple[Value, ...] = tuple(Fraction(p, total) for p in pivots)
    if game.arithmetic == "float":
        values = tuple(float(v) for v in values)
    return ValueResult(
        concept="shapley-shubik",
        players=game.players,
        values=values,
        arithmetic=game.arithmetic,
        method=method,
        counts=tuple(pivots),
        elapsed=time.perf_counter() - start,
    )


def banzhaf_index(game: VotingGame | TUGame) -> ValueResult:
    """The normalised Banzhaf index (Banzhaf 1965; Penrose 1946).

    Player :math:`i`'s *swings* :math:`\\eta_i` are the coalitions without :math:`i` that lose
    but win once :math:`i` joins. The absolute index is :math:`\\eta_i / 2^{n-1}`
    (:meth:`ValueResult.absolute`) and the normalised index, returned in ``values``, is
    :math:`\\eta_i / \\sum_j \\eta_j`. For a general TU game the swings are replaced by the
    summed marginal contributions :math:`\\sum_{S \\not\\ni i} v(S \\cup i) - v(S)`.

    Parameters
    ----------
    game:
        A :class:`WeightedVotingGame` (dynamic programming, exact) or a
        :class:`CoalitionalGame` (enumeration).

    Returns
    -------
    ValueResult
    """
    where = "banzhaf_index"
    _check_game(game, where, voting=True)
    start = time.perf_counter()
    if isinstance(game, VotingGame):
        counts, method = _swing_counts(game, where)
        swings = [sum(row) for row in counts]
        total = sum(swings)
        values: tuple[Value, ...] = tuple(Fraction(s, total) for s in swings)
        if game.arithmetic == "float":
            values = tuple(float(v) for v in values)
        return ValueResult(
            concept="banzhaf", players=game.players, values=values, counts=tuple(swings),
            arithmetic=game.arithmetic, method=method, elapsed=time.perf_counter() - start,
        )
    sums, _ = _marginal_sums(game)
    raw = [sum(row[1:], row[0]) for row in sums]
    simple = game.arithmetic == "exact" and all(v in (0, 1) for v in game._values)
    mode = game.arithmetic
    if mode == "symbolic":
        import sympy

        tot = sympy.Add(*raw)
        if tot == 0:
            raise GameError(f"{where}: every marginal contribution is 0; the index is undefined")
        values = tuple(_tidy(r / tot, mode) for r in raw)
    else:
        tot_num = sum(raw)
        if tot_num == 0:
            raise GameError(f"{where}: every marginal contribution is 0; the index is undefined")
        values = tuple(Fraction(int(r), int(tot_num)) if mode == "exact" else float(r) / float(tot_num) for r in raw)
    counts_out = tuple(int(r) for r in raw) if simple else ()
    return ValueResult(
        concept="banzhaf", players=game.players, values=values, counts=counts_out,
        arithmetic=mode, method="enumeration", elapsed=time.perf_counter() - start,
    )
