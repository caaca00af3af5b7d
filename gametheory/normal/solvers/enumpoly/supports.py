"""Support profiles: counting and enumerating them, integer payoffs, and pruning
supports with a conditionally dominated strategy."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

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
        vals = [v if isinstance(v, (int, Fraction)) else Fraction(v) for v in game.payoffs[..., i].reshape(-1).tolist()]
        den = math.lcm(*(v.denominator for v in vals))
        ints = [v.numerator * (den // v.denominator) for v in vals]
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


#: The relaxation test (:func:`_relaxation_infeasible`) enumerates the vertices of a small
#: polytope in ``n_i - 1`` dimensions; it runs for players with 3 or 4 strategies (with 2
#: it says no more than pure dominance, with more the enumeration grows quickly).
RELAXATION_DIMS = (2, 3)


def _relaxation_infeasible(Ui: np.ndarray, i: int, support: tuple[tuple[int, ...], ...]) -> bool:
    """Whether player ``i`` cannot be in equilibrium with support ``support``, even if the
    opponents could play *any* distribution (correlated, not only a product) that puts
    positive weight on every profile of ``S_-i``. Exact, integer arithmetic.

    Write ``D_r = u_i(r, .) - u_i(s_0, .)`` on the profiles of ``S_-i`` for every strategy
    ``r != s_0`` of player ``i`` (``s_0`` the first of ``S_i``). An equilibrium with this
    support needs a weight ``q > 0`` on those profiles with ``D_r q = 0`` for ``r`` in
    ``S_i`` (indifference) and ``D_r q <= 0`` outside it (no better unused strategy). By
    Motzkin's transposition theorem no such ``q`` exists exactly when some combination
    ``w = sum_r l_r D_r`` -- ``l_r`` of any sign on ``S_i``, ``l_r >= 0`` outside -- is
    nonnegative and nonzero: then ``w.q > 0`` while the conditions give ``w.q <= 0``. This
    generalises conditional dominance (Porter, Nudelman & Shoham 2008) to dominance by
    mixtures and adds the unused strategies' best-response conditions.

    The combination is searched as a linear program -- maximise ``sum(w)`` subject to
    ``w >= 0`` and ``|l_r| <= 1`` -- whose polytope has at most ``C(m + 2d, d)`` vertices
    (``d = n_i - 1`` unknowns, ``m`` opponent profiles); every vertex is computed exactly
    by Cramer's rule on integers, and the profile is ruled out when a feasible vertex has
    ``sum(w) > 0`` (a certificate checked in exact arithmetic). Only ``d`` in
    :data:`RELAXATION_DIMS` is tried; otherwise the answer is ``False`` (no pruning).
    """
    d = Ui.shape[i] - 1
    if d not in RELAXATION_DIMS:
        return False
    idx = [range(Ui.shape[j]) if j == i else support[j] for j in range(len(support))]
    sub = np.moveaxis(Ui[np.ix_(*idx)], i, 0).reshape(Ui.shape[i], -1)
    s0 = support[i][0]
    rows = [r for r in range(Ui.shape[i]) if r != s0]
    D = sub[rows] - sub[s0]  # (d, m)
    if D.dtype != object and int(np.abs(D).max(initial=0)) > 1 << 12:
        D = D.astype(object)  # Python integers: no overflow in the products below
    free = [r in support[i] for r in rows]
    m = D.shape[1]
    # constraints g.l = h made tight at a vertex: w_k = 0, and the bounds of each l_r
    g_rows: list[list[Any]] = [list(D[:, k]) for k in range(m)]
    h_vals: list[int] = [0] * m
    for r in range(d):
        e = [0] * d
        e[r] = 1
        g_rows += [e, e]
        h_vals += [1, -1 if free[r] else 0]
    dtype = object if D.dtype == object else np.int64
    g = np.array(g_rows, dtype=dtype)
    h = np.array(h_vals, dtype=dtype)
    combos = np.array(list(itertools.combinations(range(len(h_vals)), d)), dtype=np.intp)
    G = g[combos]  # (K, d, d)
    H = h[combos]  # (K, d)
    if d == 2:
        det = G[:, 0, 0] * G[:, 1, 1] - G[:, 0, 1] * G[:, 1, 0]
        num = np.stack([G[:, 1, 1] * H[:, 0] - G[:, 0, 1] * H[:, 1],
                        G[:, 0, 0] * H[:, 1] - G[:, 1, 0] * H[:, 0]], axis=1)
    else:
        a, b, c = G[:, 0, 0], G[:, 0, 1], G[:, 0, 2]
        dd, e_, f = G[:, 1, 0], G[:, 1, 1], G[:, 1, 2]
        gg, hh, ii = G[:, 2, 0], G[:, 2, 1], G[:, 2, 2]
        A_, B_, C_ = e_ * ii - f * hh, f * gg - dd * ii, dd * hh - e_ * gg
        det = a * A_ + b * B_ + c * C_
        adj = np.stack([
            np.stack([A_, c * hh - b * ii, b * f - c * e_], axis=1),
            np.stack([B_, a * ii - c * gg, c * dd - a * f], axis=1),
            np.stack([C_, b * gg - a * hh, a * e_ - b * dd], axis=1),
        ], axis=1)  # (K, 3, 3): the adjugate, G^-1 = adj / det
        num = np.einsum("kij,kj->ki", adj, H) if dtype is not object else np.array(
            [[sum(adj[k, r, j] * H[k, j] for j in range(3)) for r in range(3)] for k in range(len(H))], dtype=object)
    keep = det != 0
    if not keep.any():
        return False
    sign = np.where(det[keep] > 0, 1, -1)
    x = num[keep] * sign[:, None]  # the vertex l = x / den, den > 0
    den = det[keep] * sign
    w = x.dot(D)  # den * w at each vertex
    ok = (w >= 0).all(axis=1) & (w.sum(axis=1) > 0)
    for r in range(d):
        ok &= x[:, r] <= den
        ok &= x[:, r] >= (-den if free[r] else 0)
    return bool(ok.any())


#: Estimated seconds to solve one support with ``n`` unknowns (index ``n``; the last entry
#: for more): the median CPU time measured per support on random integer games
#: (3x3x3, 2x2x2x2x2, 4x4x4; benchmarks/bench_n_player.py's games, one process, loaded machine).
SUPPORT_COST = (0.0005, 0.001, 0.003, 0.003, 0.005, 0.01, 0.04, 0.3, 0.3, 0.5)

#: With four or more players a support of ``n`` unknowns costs about this many times more
#: (more multilinear factors per equation: larger Bezout numbers; measured on 3x3x3x3 and
#: 2x2x2x2x2).
MANY_PLAYERS_FACTOR = 7.0


def estimated_work(supports: list[tuple[tuple[int, ...], ...]]) -> float:
    """Estimated CPU seconds to solve these support profiles (a rough cost model,
    :data:`SUPPORT_COST` by number of unknowns), used to decide on a process pool and by
    ``solve(method="auto")``."""
    last = len(SUPPORT_COST) - 1
    return sum(SUPPORT_COST[min(last, sum(len(x) - 1 for x in s))] * (MANY_PLAYERS_FACTOR if len(s) > 3 else 1)
               for s in supports)


def _balance(support: tuple[tuple[int, ...], ...]) -> int:
    sizes = [len(s) for s in support]
    return max(sizes) - min(sizes)


def support_order(shape: Sequence[int]) -> list[tuple[tuple[int, ...], ...]]:
    """Every support profile, the smallest first and, among equal total size, the most
    balanced first (Porter, Nudelman & Shoham 2008 search in this order)."""
    return list(_support_order(tuple(shape)))


@functools.lru_cache(maxsize=64)
def _support_order(shape: tuple[int, ...]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    return tuple(sorted(itertools.product(*[_subsets(n) for n in shape]),
                        key=lambda s: (sum(len(x) for x in s), _balance(s), s)))


def prune_supports(U: list[np.ndarray], shape: Sequence[int], relaxation: bool | None = True
                   ) -> tuple[list[tuple[tuple[int, ...], ...]], dict[str, int]]:
    """The support profiles that may hold an equilibrium, in :func:`support_order`, and
    how many each test ruled out (``"dominance"``: a supported strategy conditionally
    dominated by a pure strategy; ``"relaxation"``: :func:`_relaxation_infeasible` for
    some player; ``"joint"``: :func:`_joint_infeasible`). The tests are exact; a profile
    they rule out has no equilibrium.

    ``relaxation``: ``True`` runs the relaxation tests on every profile that survives
    dominance; ``False`` never; ``None`` only when the survivors' :func:`estimated_work`
    is at least :data:`PRUNE_MIN_WORK` seconds, and then on profiles with at least
    :data:`JOINT_MIN_UNKNOWNS` unknowns (where a test costs less than the solve it saves).
    """
    memo: dict[tuple[int, tuple[tuple[int, ...], ...]], frozenset[int]] = {}
    first = []
    counts = {"dominance": 0, "relaxation": 0, "joint": 0}
    for support in support_order(shape):
        if _dominated(U, support, memo):
            counts["dominance"] += 1
        else:
            first.append(support)
    if relaxation is False or (relaxation is None and estimated_work(first) < PRUNE_MIN_WORK):
        return first, counts
    least = JOINT_MIN_UNKNOWNS if relaxation is None else 0
    alive = []
    for support in first:
        if sum(len(x) - 1 for x in support) < least:
            alive.append(support)
        elif any(_relaxation_infeasible(U[i], i, support) for i in range(len(shape))):
            counts["relaxation"] += 1
        elif _joint_infeasible(U, support):
            counts["joint"] += 1
        else:
            alive.append(support)
    return alive, counts


#: ``prune_supports(relaxation=None)`` runs the relaxation tests only when the supports
#: left by dominance are estimated (:func:`estimated_work`) to take at least this many
#: seconds: on small games (a random 3x3x3: 0.25 s) they cost about what they save.
PRUNE_MIN_WORK = 1.0
#: The relaxation tests (about 1 ms for the per-player ones, 2-5 ms for the joint LP) are
#: tried on supports with at least this many unknowns; smaller ones are solved about as
#: fast as the tests run (measured: on a random 3x3x3 game the tests on every support cost
#: more than the supports they ruled out).
JOINT_MIN_UNKNOWNS = 4


def _joint_rows(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> tuple[list[list[int]], list[bool]]:
    """The rows of the joint relaxation (:func:`_joint_infeasible`): each a linear form on
    the weights ``q_i`` (one weight per profile of ``S_-i``, for every player ``i``, stacked;
    profiles in ``itertools.product`` order) and whether it must be ``<= 0`` (``True``) or
    ``= 0``. Built with array indexing (integer payoffs stay exact: int64 or Python ints)."""
    N = len(support)
    sizes = [len(s) for s in support]
    nprof = [math.prod(sizes[j] for j in range(N) if j != i) for i in range(N)]
    offsets = list(itertools.accumulate([0] + nprof))
    nv = offsets[-1]
    blocks: list[np.ndarray] = []
    ineq: list[bool] = []
    for i in range(N):
        s0 = support[i][0]
        idx = [range(U[i].shape[i]) if j == i else support[j] for j in range(N)]
        sub = np.moveaxis(U[i][np.ix_(*idx)], i, 0).reshape(U[i].shape[i], -1)
        rest = [r for r in range(U[i].shape[i]) if r != s0]
        if not rest:
            continue
        rows_i = np.zeros((len(rest), nv), dtype=sub.dtype)
        rows_i[:, offsets[i]: offsets[i + 1]] = sub[rest] - sub[s0]
        blocks.append(rows_i)
        ineq += [r not in support[i] for r in rest]
    for i, j in itertools.combinations(range(N), 2):
        # q_i and q_j summed over player j resp. i: both the law of the others
        others = [m for m in range(N) if m not in (i, j)]
        ncommon = math.prod(sizes[m] for m in others)
        rows_ij = np.zeros((ncommon, nv), dtype=np.int64)
        for who, sign in ((i, 1), (j, -1)):
            axes = [m for m in range(N) if m != who]
            grid = np.indices([sizes[m] for m in axes]).reshape(len(axes), -1)
            keep = [grid[axes.index(m)] for m in others]
            common = np.ravel_multi_index(keep, [sizes[m] for m in others]) if others else np.zeros(grid.shape[1], dtype=np.intp)
            rows_ij[common, offsets[who] + np.arange(grid.shape[1])] += sign
        blocks.append(rows_ij)
        ineq += [False] * ncommon
    if not blocks:
        return [], []
    rows = np.concatenate([blk.astype(object) if any(b.dtype == object for b in blocks) else blk for blk in blocks])
    return rows.tolist(), ineq


def _joint_infeasible(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    """Whether no *correlated* relaxation of an equilibrium with this support exists.

    Each player ``i`` gets a weight ``q_i > 0`` on the profiles of ``S_-i`` (in an
    equilibrium: the product of the opponents' probabilities) with the indifference and
    no-better-unused-strategy conditions of :func:`_relaxation_infeasible`, and the
    weights must agree where they overlap: ``q_i`` and ``q_j`` give the players other than
    ``i`` and ``j`` the same joint law (true of products of the same mixtures). If this
    linear system has no solution, neither has the equilibrium system.

    Infeasibility is found by a floating-point linear program (scipy's HiGHS) for a
    Motzkin certificate ``l`` (free on equations, ``>= 0`` on inequalities) with
    ``w = sum_r l_r row_r >= 0`` and ``w != 0``; the certificate is rounded to rationals and
    checked in exact integer arithmetic. Only a checked certificate prunes; when the LP or
    the check fails the answer is ``False`` (the support is solved).
    """
    from scipy.optimize import linprog

    rows, ineq = _joint_rows(U, support)
    if not rows:
        return False
    A = np.array(rows, dtype=float)  # (r, nv)
    bounds = [(0.0, 1.0) if s else (-1.0, 1.0) for s in ineq]
    res = linprog(-A.sum(axis=1), A_ub=-A.T, b_ub=np.zeros(A.shape[1]), bounds=bounds, method="highs")
    if res.status != 0 or -res.fun <= 1e-9:
        return False
    x = np.asarray(res.x, dtype=float)
    guesses = [[Fraction(float(v)).limit_denominator(1 << 20) for v in x]]
    snapped = _snap_vertex(A, x, ineq)
    if snapped is not None:
        guesses.insert(0, snapped)
    return any(_is_certificate(rows, ineq, lam) for lam in guesses)


def _is_certificate(rows: list[list[int]], ineq: list[bool], lam: list[Fraction]) -> bool:
    """Exact check: ``l_r >= 0`` on inequalities and ``w = sum l_r row_r`` nonnegative, nonzero."""
    den = 1
    for v in lam:
        den = math.lcm(den, v.denominator)
    ints = [int(v * den) for v in lam]
    if any(s and v < 0 for s, v in zip(ineq, ints)):
        return False
    big = max((abs(v) for v in ints), default=0)
    cmax = max((abs(c) for row in rows for c in row), default=0)
    if big * cmax * len(rows) < 1 << 62:
        # no overflow possible: the same integer sums in int64
        wa = np.array(ints, dtype=np.int64) @ np.array(rows, dtype=np.int64)
        return bool((wa >= 0).all() and (wa > 0).any())
    w = [sum(c * row[k] for c, row in zip(ints, rows) if c) for k in range(len(rows[0]))]
    return all(v >= 0 for v in w) and any(v > 0 for v in w)


def _snap_vertex(A: np.ndarray, x: np.ndarray, ineq: list[bool]) -> list[Fraction] | None:
    """The exact rational point near the LP's float vertex ``x``: the coordinates at a bound
    keep it, the constraints ``w_k = 0`` that are (nearly) tight are solved exactly for the
    others (remaining freedom: the float values, rounded)."""
    import flint

    w = A.T @ x
    tol = 1e-9 * max(1.0, float(np.abs(A).max(initial=0)))
    lam: list[Fraction | None] = [None] * len(x)
    for r, v in enumerate(x):
        for b in ((0.0, 1.0) if ineq[r] else (-1.0, 1.0)):
            if abs(v - b) <= 1e-9:
                lam[r] = Fraction(int(b))
    free = [r for r in range(len(x)) if lam[r] is None]
    tight = [k for k in range(A.shape[1]) if abs(w[k]) <= tol]
    if not free or not tight:
        return [v if v is not None else Fraction(float(x[r])).limit_denominator(1 << 20)
                for r, v in enumerate(lam)]
    Ai = A.astype(np.int64)
    M = flint.fmpq_mat(len(tight), len(free) + 1)
    for a, k in enumerate(tight):
        for b, r in enumerate(free):
            M[a, b] = int(Ai[r, k])
        M[a, len(free)] = -sum(int(Ai[r, k]) * int(v) for r, v in enumerate(lam) if v is not None)
    R, rank = M.rref()
    pivots: list[int] = []
    for a in range(rank):
        col = next(c for c in range(len(free) + 1) if R[a, c] != 0)
        if col == len(free):
            return None  # inconsistent
        pivots.append(col)
    values = {b: Fraction(float(x[r])).limit_denominator(1 << 20) for b, r in enumerate(free) if b not in pivots}
    for a, col in enumerate(pivots):
        v = Fraction(int(R[a, len(free)].p), int(R[a, len(free)].q))
        for b in values:
            c = R[a, b]
            v -= Fraction(int(c.p), int(c.q)) * values[b]
        values[col] = v
    for b, r in enumerate(free):
        lam[r] = values[b]
    return [v if v is not None else Fraction(0) for v in lam]
