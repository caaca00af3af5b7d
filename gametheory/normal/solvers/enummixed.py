"""All Nash equilibria of a two-player game by enumerating best-response polytope vertices.

Method (Mangasarian 1964; Avis, Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash
equilibria for two-player games", *Economic Theory* 42:9-37): shift payoffs so that
``A, B > 0`` and form

    P = {x >= 0 : B^T x <= 1},     Q = {y >= 0 : A y <= 1}.

Label ``i`` (a row) is carried by ``x`` if ``x_i = 0`` and by ``y`` if ``(A y)_i = 1``;
label ``m + j`` (a column) by ``x`` if ``(B^T x)_j = 1`` and by ``y`` if ``y_j = 0``. The
extreme equilibria are exactly the completely labelled vertex pairs other than
``(0, 0)``, rescaled to probabilities. In a degenerate game the equilibria form
convex sets whose extreme points are such pairs; the maximal convex sets (maximal Nash
subsets) are the maximal bicliques of the bipartite graph whose edges are the extreme
equilibria (ARSvS 2010, sec. 6).

Arithmetic: with ``exact=True`` (the default for exact games) the vertex sets are found
in floating point with qhull and then *proved* exact and complete by
:func:`~gametheory.normal.solvers._polytope.certify_vertices`; if that proof fails (degenerate
polytope, or floating point misjudged a tie) the vertices are enumerated by exact
integer pivoting instead. With ``exact=False`` the floating-point vertices are used
directly, unless their tight sets are doubtful, in which case the exact path runs and its
results are converted to floats. When numba is importable the float vertex sets come from a
compiled lexicographic pivoting walk (:mod:`gametheory._kernel.vertex_walk`) instead of qhull,
and the two players' vertices are matched by complementary labels; qhull remains the path
without numba and whenever the walk cannot vouch for its tight sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import flint
import numpy as np

from gametheory._kernel import _vertex_core
from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.vertex_walk import has_compiled_walk, mask_bits, walk_partners, walk_vertices
from gametheory.errors import GameSizeError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import Component, Equilibrium, SolveResult
from gametheory.normal.solvers._common import (
    gated,
    positive_float_matrix,
    positive_integer_matrix,
    require_two_players,
    stopwatch,
    want_exact,
)
from gametheory.normal.solvers._polytope import (
    TIGHT_TOL,
    FloatVertices,
    Vertex,
    certify_vertices,
    exact_vertices,
    float_vertices,
    to_fractions,
)

#: Largest number of strategies per player accepted (the vertex count grows exponentially).
MAX_STRATEGIES = 40

#: Below this margin (smallest non-tight slack) floating-point tight sets are not trusted.
MARGIN = 1e-7


def _q_mask_to_labels(mask: int, m: int, n: int) -> int:
    """Q's tight-set bits (y_j = 0 first, then rows) to game labels (rows, then columns)."""
    return ((mask & ((1 << n) - 1)) << m) | (mask >> n)


def _popcount(x: int) -> int:
    return bin(x).count("1")


def _vertices_exact(M_int: list[list[int]]) -> tuple[list[Vertex], str]:
    try:
        M_f = np.array(M_int, dtype=np.float64)
    except OverflowError:  # integers beyond float range: no float guess, pivot exactly
        return exact_vertices(M_int), "pivoting"
    fv = float_vertices(M_f / M_f.max()) if np.all(np.isfinite(M_f)) else None
    if fv is not None:
        cert = certify_vertices(M_int, fv.vertices(), lazy=True)
        if cert is not None:
            return cert, "certified"
    return exact_vertices(M_int), "pivoting"


#: A partner system whose |determinant| is below exp(SINGULAR_LOG) times the product of its
#: row norms is treated as singular (the general path decides).
SINGULAR_LOG = float(np.log(1e-9))

#: Largest number of candidate constraint sets tried for the partners of one degenerate vertex.
MAX_PARTNER_SYSTEMS = 4000


def _slack_verdict(slack: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Tight and feasible flags of partner slacks, and whether any slack is ambiguous.

    A slack within :data:`TIGHT_TOL` of 0 is tight, one below ``-MARGIN`` is violated; a
    slack between the two is a tie floating point cannot settle (the caller then gives up).
    """
    tight = np.abs(slack) <= TIGHT_TOL
    violated = slack < -MARGIN
    ambiguous = bool(np.any(~tight & (np.abs(slack) <= MARGIN)))
    return tight, ~np.any(violated, axis=-1), ambiguous


def _partners(fv: FloatVertices, other: np.ndarray) -> list[tuple[tuple, tuple]] | None:
    """Float equilibria from the vertices of one best-response polytope.

    ``fv`` holds the vertices of ``{u >= 0 : M u <= 1}`` in ``d`` dimensions, and the other
    player's polytope is ``{w >= 0 : other w <= 1}`` with ``other`` of shape ``(d, e)``.
    A vertex ``u`` with support ``S`` and tight rows ``J`` of ``M`` pairs with the points
    ``w`` that carry the labels ``u`` misses: ``(other w)_i = 1`` for ``i`` in ``S`` and
    ``w_j = 0`` for ``j`` not in ``J``. These form a face of the other polytope, so its
    vertices are the extreme partners:

    * a simple ``u`` has ``|J| = |S|``: one square system ``other[S, J] w_J = 1`` (solved in
      batches by support size), and the partner exists if that ``w`` is feasible;
    * a degenerate ``u`` (``|J| > |S|``) has a face of dimension up to ``|J| - |S|``: its
      vertices make ``|J| - |S|`` more constraints tight (``w_j = 0`` for ``j`` in ``J``, or
      ``(other w)_i = 1`` for ``i`` not in ``S``), every choice is solved and the feasible
      ones kept, repeats removed by their tight sets.

    Partners with extra tight labels (degeneracy of the other polytope) are found like any
    other. Returns ``None`` (use the general path) when a tight set of ``u`` is doubtful
    (margin at most :data:`MARGIN`), a square system is singular, a slack is within
    ``MARGIN`` of a tie without being tight, or a degenerate vertex needs more than
    :data:`MAX_PARTNER_SYSTEMS` systems. Pairs are returned as ``(u, w)``.
    """
    d, e = other.shape
    if fv.margin <= MARGIN:
        return None
    tight = fv.tight  # columns: u_i = 0 (d of them), then rows of M (e of them)
    counts = tight.sum(axis=1)
    if np.any(counts < d):
        return None
    keep = ~np.all(tight[:, :d], axis=1)  # drop the origin
    tight, Z, counts = tight[keep], fv.Z[keep], counts[keep]
    out: list[tuple[tuple, tuple]] = []
    simple = np.flatnonzero(counts == d)
    if len(simple) and e <= 63:
        simple = simple[~_dominated(tight[simple], other)]
    if len(simple):
        ts, Zs = tight[simple], Z[simple]
        V = len(Zs)
        support = ~ts[:, :d]
        sizes = support.sum(axis=1)
        W = np.zeros((V, e))
        for k in np.unique(sizes).tolist():
            rows = np.flatnonzero(sizes == k)
            S = np.nonzero(support[rows])[1].reshape(len(rows), k)
            J = np.nonzero(ts[rows, d:])[1].reshape(len(rows), k)
            systems = other[S[:, :, None], J[:, None, :]]
            # a (nearly) singular system means a partner face of positive dimension, or
            # none: not decided here (|det| against Hadamard's bound, the product of row norms)
            _, logdet = np.linalg.slogdet(systems)
            hadamard = np.log(np.linalg.norm(systems, axis=2)).sum(axis=1)
            if np.any(logdet - hadamard < SINGULAR_LOG):
                return None
            w = np.linalg.solve(systems, np.ones((len(rows), k, 1)))[..., 0]
            W[rows[:, None], J] = w
        # slacks of the constraints u does not force tight: rows of ``other`` where u_i = 0,
        # and w_j >= 0 where row j of M is tight
        slack = np.concatenate([1.0 - W @ other.T, W], axis=1)
        free = ts  # a constraint of the partner is free exactly where u carries the label
        s_free = np.where(free, slack, np.inf)
        tight_w, ok, ambiguous = _slack_verdict(s_free)
        if ambiguous:
            return None
        out.extend((tuple(Zs[a].tolist()), tuple(W[a].tolist())) for a in np.flatnonzero(ok))
    for a in np.flatnonzero(counts > d).tolist():
        found = _degenerate_partners(tight[a], other)
        if found is None:
            return None
        z = tuple(Z[a].tolist())
        out.extend((z, w) for w in found)
    return out


def _dominated(tight: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Vertices that cannot have a partner, by strict dominance (a cheap filter).

    A partner ``w`` is nonzero, supported on the tight rows ``J`` of ``u``, and makes every
    ``i`` in the support of ``u`` a best row: ``(other w)_i = 1 >= (other w)_r``. If some row
    ``r`` beats row ``i`` by more than :data:`MARGIN` on every column of ``J``, no such ``w``
    exists. Column sets are ``uint64`` bit masks (``e <= 63``), so the test is one broadcast.
    """
    d, e = other.shape
    bits = np.left_shift(np.uint64(1), np.arange(e, dtype=np.uint64))
    beats = other[:, None, :] > other[None, :, :] + MARGIN * float(np.abs(other).max())  # (r, i, j)
    beat_mask = np.bitwise_or.reduce(np.where(beats, bits, np.uint64(0)), axis=2)  # (r, i)
    J = np.bitwise_or.reduce(np.where(tight[:, d:], bits, np.uint64(0)), axis=1)  # (V,)
    Jb = J[:, None, None]
    dominated = np.any((beat_mask[None, :, :] & Jb) == Jb, axis=1)  # (V, i)
    return np.any(dominated & ~tight[:, :d], axis=1)


def _degenerate_partners(t: np.ndarray, other: np.ndarray) -> list[tuple] | None:
    """Vertices of the partner face of one degenerate vertex with tight set ``t`` (see
    :func:`_partners`), or ``None`` when floating point cannot decide or it costs too much."""
    import itertools
    import math

    d, e = other.shape
    S = np.flatnonzero(~t[:d])  # support of u: equalities (other w)_i = 1
    J = np.flatnonzero(t[d:])  # w may be positive only here
    R = np.flatnonzero(t[:d])  # rows that may or may not be tight
    k, extra = len(J), len(J) - len(S)
    if extra <= 0:
        return None
    candidates = len(J) + len(R)  # w_j = 0 for j in J, then rows i in R
    if math.comb(candidates, extra) > MAX_PARTNER_SYSTEMS:
        return None
    base = other[np.ix_(S, J)]
    scale = max(1.0, float(np.abs(other).max()))
    if len(S) and np.linalg.svd(base, compute_uv=False)[-1] <= 1e-9 * scale:
        return None  # dependent equalities: the face is larger than |J| - |S|; not handled here
    cand_rows = np.concatenate([np.eye(k), other[np.ix_(R, J)]], axis=0)
    cand_rhs = np.concatenate([np.zeros(k), np.ones(len(R))])
    combos = np.array(list(itertools.combinations(range(candidates), extra)), dtype=np.intp)
    n_sys = len(combos)
    mats = np.empty((n_sys, k, k))
    mats[:, : len(S), :] = base
    mats[:, len(S) :, :] = cand_rows[combos]
    rhs = np.empty((n_sys, k))
    rhs[:, : len(S)] = 1.0
    rhs[:, len(S) :] = cand_rhs[combos]
    # well-conditioned systems only: a singular choice is not a vertex (others cut it out)
    sv = np.linalg.svd(mats, compute_uv=False)
    regular = sv[:, -1] > 1e-9 * scale
    if not np.any(regular):
        return []
    sol = np.linalg.solve(mats[regular], rhs[regular][..., None])[..., 0]
    W = np.zeros((len(sol), e))
    W[:, J] = sol
    slack = np.concatenate([1.0 - W @ other.T, W], axis=1)  # rows of other, then w >= 0
    forced = np.concatenate([~t[:d], ~t[d:]])  # equalities and w_j = 0 outside J
    tight_w, ok, ambiguous = _slack_verdict(np.where(forced, 0.0, slack))
    # singular values between the cut-off and a clear margin make the choice doubtful
    if ambiguous or np.any((sv[:, -1] > 1e-12 * scale) & ~regular):
        return None
    found: dict[bytes, tuple] = {}
    for a in np.flatnonzero(ok).tolist():
        found.setdefault(np.packbits(tight_w[a]).tobytes(), tuple(W[a].tolist()))
    return list(found.values())


def _pairs(xs: list[Vertex], ys_lab: list[int], m: int, n: int) -> list[tuple[int, int]]:
    """Index pairs of completely labelled vertices, other than the artificial (0, 0)."""
    full = (1 << (m + n)) - 1
    simple_y: dict[int, int] = {}
    degenerate_y: list[int] = []
    for b, lab in enumerate(ys_lab):
        if _popcount(lab) == n:
            simple_y[lab] = b
        else:
            degenerate_y.append(b)
    rows_all = (1 << m) - 1
    out = []
    for a, v in enumerate(xs):
        if v.mask & rows_all == rows_all:  # x = 0 pairs only with y = 0
            continue
        need = full ^ v.mask
        if _popcount(v.mask) == m:
            match = simple_y.get(need)
            if match is not None:
                out.append((a, match))
            out.extend((a, b) for b in degenerate_y if ys_lab[b] & need == need)
        else:
            out.extend((a, b) for b, lab in enumerate(ys_lab) if lab & need == need)
    return sorted(out)


def _label_words(tight: np.ndarray) -> np.ndarray:
    """Boolean label sets ``(V, L)`` as ``(V, W)`` little-endian ``uint64`` words."""
    V, L = tight.shape
    W = (L + 63) // 64
    packed = np.packbits(tight, axis=1, bitorder="little")
    padded = np.zeros((V, 8 * W), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view("<u8")


def _pairs_float(fx: FloatVertices, fy: FloatVertices, m: int, n: int) -> list[tuple[int, int]]:
    """Completely labelled pairs of two float vertex sets, vectorised.

    Same answer as :func:`_pairs` on the same tight sets. Simple vertices pair by a hash
    join (a simple vertex's partner has exactly the complementary labels); vertices with
    extra labels are tested against every vertex of the other side by broadcasting.
    """
    X = _label_words(fx.tight)  # P's constraints are in game label order already
    ty = fy.tight  # Q: y_j = 0 (labels m + j) first, then rows (labels i)
    Y = _label_words(np.concatenate([ty[:, n:], ty[:, :n]], axis=1))
    full = _label_words(np.ones((1, m + n), dtype=bool))[0]
    nx = fx.tight.sum(axis=1)
    ny = ty.sum(axis=1)
    x_ok = ~np.all(fx.tight[:, :m], axis=1)  # x = 0 pairs only with y = 0
    y_ok = ~np.all(ty[:, :n], axis=1)
    need = X ^ full
    out: set[tuple[int, int]] = set()
    simple_x = np.flatnonzero(x_ok & (nx == m))
    simple_y = np.flatnonzero(y_ok & (ny == n))
    if len(simple_x) and len(simple_y):
        if X.shape[1] == 1:  # one 64-bit word per label set: sort and binary-search
            keys = Y[simple_y, 0]
            order = np.argsort(keys)
            sorted_keys = keys[order]
            wanted = need[simple_x, 0]
            pos = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
            hit = sorted_keys[pos] == wanted
            out.update(zip(simple_x[hit].tolist(), simple_y[order[pos[hit]]].tolist()))
        else:
            key_y = {Y[b].tobytes(): int(b) for b in simple_y}
            for a, key in zip(simple_x.tolist(), need[simple_x]):
                b = key_y.get(key.tobytes())
                if b is not None:
                    out.add((a, b))
    chunk = 4096

    def cover(rows: np.ndarray, cols: np.ndarray) -> None:
        for start in range(0, len(rows), chunk):
            r = rows[start : start + chunk]
            nd = need[r][:, None, :]
            hit = np.all((Y[cols][None, :, :] & nd) == nd, axis=2)
            ia, ib = np.nonzero(hit)
            out.update(zip(r[ia].tolist(), cols[ib].tolist()))

    all_x, all_y = np.flatnonzero(x_ok), np.flatnonzero(y_ok)
    deg_x = np.flatnonzero(x_ok & (nx > m))
    deg_y = np.flatnonzero(y_ok & (ny > n))
    if len(deg_x):
        cover(deg_x, all_y)
    if len(deg_y):
        cover(all_x, deg_y)
    return sorted(out)


def _float_order(found: _Found) -> tuple[list[tuple[int, int]], dict[int, tuple], dict[int, tuple]]:
    """The float pairs in the order :func:`enummixed_solve` lists them (by the row vertex's
    coordinates, then the column vertex's, both descending, as the exact path sorts), and
    the paired vertices as probability vectors, in a few array operations."""
    if not found.pairs:
        return [], {}, {}
    ia = np.array([a for a, _ in found.pairs])
    ib = np.array([b for _, b in found.pairs])
    X = np.array([found.xs[a] for a in ia.tolist()], dtype=np.float64)
    Y = np.array([found.ys[b] for b in ib.tolist()], dtype=np.float64)
    keys = np.concatenate([-X, -Y], axis=1)
    order = np.lexsort(keys.T[::-1])  # stable, first column most significant
    Xn = (X / X.sum(axis=1, keepdims=True)).tolist()
    Yn = (Y / Y.sum(axis=1, keepdims=True)).tolist()
    pairs = [found.pairs[k] for k in order.tolist()]
    x_prob = {int(ia[k]): tuple(Xn[k]) for k in order.tolist()}
    y_prob = {int(ib[k]): tuple(Yn[k]) for k in order.tolist()}
    return pairs, x_prob, y_prob


def _normalise(z: tuple, exact: bool) -> tuple:
    s = sum(z)
    if exact:
        return tuple(Fraction(v) / s for v in z)
    return tuple(float(v) / float(s) for v in z)


def maximal_bicliques(edges: list[tuple[int, int]]) -> list[tuple[frozenset[int], frozenset[int]]]:
    """Maximal bicliques ``(X, Y)`` of a bipartite graph given by its edge list.

    Each is a closed pair: ``Y`` is the set of common neighbours of ``X`` and vice
    versa. Found by closing the neighbourhoods ``N(a)`` under intersection (every
    closed ``Y`` is an intersection of neighbourhoods).
    """
    nbr: dict[int, set[int]] = {}
    for a, b in edges:
        nbr.setdefault(a, set()).add(b)
    closed: set[frozenset[int]] = set()
    frontier = {frozenset(s) for s in nbr.values()}
    while frontier:
        closed |= frontier
        new = set()
        for s in frontier:
            for t in closed:
                u = s & t
                if u and u not in closed:
                    new.add(u)
        frontier = new
    out = []
    for Y in closed:
        X = frozenset(a for a, s in nbr.items() if Y <= s)
        out.append((X, Y))
    out.sort(key=lambda xy: (sorted(xy[0]), sorted(xy[1])))
    return out


@dataclass
class _Found:
    """Equilibria as vertex pairs: ``pairs[k] = (a, b)`` indexes ``xs`` and ``ys``."""

    xs: list[tuple]
    ys: list[tuple]
    pairs: list[tuple[int, int]]
    degenerate: bool | None
    how: str


def _from_vertices(xs: list[Vertex], ys: list[Vertex], m: int, n: int, how: str) -> _Found:
    ys_lab = [_q_mask_to_labels(v.mask, m, n) for v in ys]
    simple = all(_popcount(v.mask) == m for v in xs) and all(_popcount(v.mask) == n for v in ys)
    pairs = _pairs(xs, ys_lab, m, n)
    used_x = {a for a, _ in pairs}
    used_y = {b for _, b in pairs}
    # only paired vertices are converted to Fractions (certified ones may hold FLINT rationals)
    zx = [to_fractions(v.z) if a in used_x else v.z for a, v in enumerate(xs)]
    zy = [to_fractions(v.z) if b in used_y else v.z for b, v in enumerate(ys)]
    return _Found(zx, zy, pairs, not simple, how)


def _solve_exact(game: NormalFormGame) -> _Found:
    m, n = game.shape
    A_int = positive_integer_matrix(game.payoffs[..., 0])
    BT_int = [list(r) for r in zip(*positive_integer_matrix(game.payoffs[..., 1]))]
    xs, how_x = _vertices_exact(BT_int)
    ys, how_y = _vertices_exact(A_int)
    return _from_vertices(xs, ys, m, n, how_x if how_x == how_y else f"{how_x}/{how_y}")


def _has_tied_best_reply(M: np.ndarray) -> bool:
    """Whether some column of the polytope matrix ``M`` (shape ``(k, d)``: the opponent's
    payoffs, one row per own label) has its maximum more than once, to within MARGIN."""
    top = M.max(axis=0)
    return bool(np.any((M >= top - MARGIN).sum(axis=0) > 1))


#: The float path needs every payoff difference that decides a best reply to be at least
#: this fraction of the player's payoff range (the polytopes are scaled to that range, and
#: their ties are judged to MARGIN); otherwise the game is solved in exact arithmetic.
FLOAT_RESOLUTION = 1e-6


def _finest_difference(M: np.ndarray) -> float:
    """Smallest nonzero gap between two entries of a column of ``M``, relative to the range of
    ``M`` (``inf`` when there is none): how finely the player's comparisons must be resolved."""
    with np.errstate(over="ignore"):
        span = float(M.max() - M.min()) if M.size else 0.0
    if not (span > 0 and np.isfinite(span)):
        return np.inf if span == 0 else 0.0
    cols = np.sort(M, axis=0)
    gaps = np.diff(cols, axis=0)
    gaps = gaps[gaps > 0]
    return float(gaps.min()) / span if gaps.size else np.inf


def _found_from_pairs(found: list[tuple[tuple, tuple]], *, swap: bool) -> _Found:
    """Float equilibrium pairs ``(u, w)`` as shared vertex lists (``swap``: ``u`` is the
    column player's), so that an extreme strategy met in several pairs is one vertex and the
    maximal Nash subsets come out as they do from the general path. Coordinates equal to
    about 1e-9 (relative) are the same vertex."""
    if not found:
        return _Found([], [], [], None, "float")
    U = np.array([u for u, _ in found], dtype=np.float64)
    W = np.array([w for _, w in found], dtype=np.float64)
    return _found_from_arrays(U, W, swap=swap)


def _found_from_arrays(U: np.ndarray, W: np.ndarray, *, swap: bool) -> _Found:
    """:func:`_found_from_pairs` for pairs given as two arrays (row ``p``: pair ``p``)."""
    if not len(U):
        return _Found([], [], [], None, "float")
    X, Y = (W, U) if swap else (U, W)

    def shared(Z: np.ndarray) -> tuple[list[tuple], list[int]]:
        top = np.abs(Z).max(axis=1, keepdims=True)
        top[top == 0] = 1.0
        index: dict[tuple, int] = {}
        first: list[int] = []
        which = []
        for r, key in enumerate(map(tuple, np.round(Z / top, 9).tolist())):
            a = index.setdefault(key, len(first))
            if a == len(first):
                first.append(r)
            which.append(a)
        return [tuple(z) for z in Z[first].tolist()], which

    xs, ix = shared(X)
    ys, iy = shared(Y)
    return _Found(xs, ys, sorted(set(zip(ix, iy))), None, "float")


def _match_labels(fx: FloatVertices, fy: FloatVertices, m: int, n: int, how: str) -> _Found:
    """Equilibria from both players' float vertex sets, by matching complementary labels
    (:func:`_pairs_float`); only the paired vertices are kept."""
    simple = bool(np.all(fx.tight.sum(axis=1) == m) and np.all(fy.tight.sum(axis=1) == n))
    pairs = _pairs_float(fx, fy, m, n)
    used_x = sorted({a for a, _ in pairs})
    used_y = sorted({b for _, b in pairs})
    new_x = {a: k for k, a in enumerate(used_x)}
    new_y = {b: k for k, b in enumerate(used_y)}
    return _Found(
        [tuple(z) for z in fx.Z[used_x].tolist()],
        [tuple(z) for z in fy.Z[used_y].tolist()],
        [(new_x[a], new_y[b]) for a, b in pairs],
        not simple,
        how,
    )


def _walked(M: np.ndarray) -> FloatVertices | None:
    """The vertices of ``{z >= 0 : M z <= 1}`` by the compiled lexicographic walk
    (:func:`~gametheory._kernel.vertex_walk.walk_vertices`), or ``None`` (no numba, the walk
    gave up, or its tight sets are doubtful: margin at most :data:`MARGIN`)."""
    got = walk_vertices(M)
    if got is None or got[2] <= MARGIN:
        return None
    Z, tight, margin = got
    return FloatVertices(Z, tight, margin)


def _walk_one_side(M: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Float equilibria from ONE walked polytope ``{u >= 0 : M u <= 1}``, as arrays ``(U, W)``
    of pairs (row ``p`` of each: one equilibrium ``(u, w)``): each vertex's partner in
    ``{w >= 0 : other w <= 1}`` is solved in the kernel
    (:func:`~gametheory._kernel.vertex_walk.walk_partners`, the test of :func:`_partners`: a
    simple vertex's partner is the solution of one square system, kept if feasible); the
    partner faces of degenerate vertices are enumerated by :func:`_degenerate_partners`
    unless strict dominance (:func:`_dominated`) rules every partner out.
    ``None`` when the walk gave up, its tight sets are doubtful (margin at most
    :data:`MARGIN`), or a partner is undecided (near-singular system or near-tie) and not
    ruled out by dominance."""
    got = walk_partners(M, other, MARGIN, SINGULAR_LOG)
    if got is None:
        return None
    Z, masks, margin, verdict, W = got
    if margin <= MARGIN:
        return None
    has = verdict == _vertex_core.PARTNER
    rest = np.flatnonzero((verdict == _vertex_core.UNDECIDED) | (verdict == _vertex_core.DEGENERATE))
    tight = np.zeros((0, sum(M.shape)), dtype=bool)
    if len(rest):  # settled only if no partner can exist at all, or by the partner face
        if other.shape[1] > 63:
            return None
        tight = mask_bits(masks[rest], sum(M.shape))
        keep = ~_dominated(tight, other)
        rest, tight = rest[keep], tight[keep]
        if np.any(verdict[rest] == _vertex_core.UNDECIDED):
            return None
    U, Wp = Z[has], W[has]
    extra_u: list[np.ndarray] = []
    extra_w: list[tuple] = []
    for t, a in enumerate(rest.tolist()):
        partners = _degenerate_partners(tight[t], other)
        if partners is None:
            return None
        extra_u.extend(Z[a] for _ in partners)
        extra_w.extend(partners)
    if extra_u:
        U = np.concatenate([U, np.array(extra_u)])
        Wp = np.concatenate([Wp, np.array(extra_w, dtype=np.float64)])
    return U, Wp


def _solve_walk(A: np.ndarray, B: np.ndarray) -> _Found | None:
    """The float path without qhull, by the compiled vertex walk; ``None`` (the qhull path
    runs) when numba is missing or the walks cannot vouch for their tight sets.

    First one polytope is walked and each vertex's partner solved directly
    (:func:`_walk_one_side`; the row player's polytope, or the column player's when only the
    row player has tied best replies, whose polytope then has degenerate vertices). When that
    cannot decide, both polytopes are walked and their vertices matched by complementary
    labels (:func:`_match_labels`)."""
    if not has_compiled_walk():
        return None
    m, n = A.shape
    BT = B.T.copy()
    swap = _has_tied_best_reply(BT) and not _has_tied_best_reply(A)
    found = _walk_one_side(A, BT) if swap else _walk_one_side(BT, A)
    if found is not None:
        out = _found_from_arrays(*found, swap=swap)
        out.how = "float (vertex walk)"
        return out
    fx = _walked(BT)
    if fx is None:
        return None
    fy = _walked(A)
    if fy is None:
        return None
    return _match_labels(fx, fy, m, n, "float (vertex walk)")


def _solve_float(game: NormalFormGame) -> _Found:
    m, n = game.shape
    A_raw = game.payoffs[..., 0].astype(np.float64)
    B_raw = game.payoffs[..., 1].astype(np.float64)
    if min(_finest_difference(A_raw), _finest_difference(B_raw.T)) < FLOAT_RESOLUTION:
        found_exact = _solve_exact(game.to_exact())
        found_exact.how = "exact (payoffs too badly scaled for floating point): " + found_exact.how
        return found_exact
    A = positive_float_matrix(game.payoffs[..., 0].astype(np.float64))
    B = positive_float_matrix(game.payoffs[..., 1].astype(np.float64))
    walked = _solve_walk(A, B)
    if walked is not None:
        return walked
    # A pure strategy with tied best replies makes a vertex of that player's polytope
    # degenerate, and the one-hull shortcut (_partners) then fails. Start with a side
    # without such ties, so the shortcut can save the second hull.
    if _has_tied_best_reply(B.T) and not _has_tied_best_reply(A):
        fy = float_vertices(A)
        if fy is not None:
            found = _partners(fy, B.T.copy())
            if found is not None:
                return _found_from_pairs(found, swap=True)
        fx = float_vertices(B.T.copy())
    else:
        fx = float_vertices(B.T.copy())
        if fx is not None:
            found = _partners(fx, A)
            if found is not None:
                return _found_from_pairs(found, swap=False)
        fy = float_vertices(A)
    if fx is not None and fy is not None and min(fx.margin, fy.margin) > MARGIN:
        # Both vertex sets are at hand: match labels (handles degenerate vertices too).
        return _match_labels(fx, fy, m, n, "float")
    if fy is not None:
        found = _partners(fy, B.T.copy())
        if found is not None:
            return _found_from_pairs(found, swap=True)
    found_exact = _solve_exact(game.to_exact())
    found_exact.how = "exact fallback: " + found_exact.how
    return found_exact


def _float_equilibria(game: NormalFormGame, profiles: list[tuple[tuple, tuple]]) -> list[Equilibrium]:
    """Equilibrium records for float two-player profiles, payoffs and regrets in one batch."""
    if not profiles:
        return []
    A = game.payoffs[..., 0]
    B = game.payoffs[..., 1]
    X = np.array([x for x, _ in profiles], dtype=np.float64)
    Y = np.array([y for _, y in profiles], dtype=np.float64)
    AY = Y @ A.T  # (K, m): row player's payoff of each pure strategy
    XB = X @ B  # (K, n)
    u1 = np.einsum("km,km->k", X, AY)
    u2 = np.einsum("kn,kn->k", XB, Y)
    regret = np.maximum(AY.max(axis=1) - u1, XB.max(axis=1) - u2)
    regret = np.maximum(regret, 0.0)
    return [
        Equilibrium(
            profile=prof,
            payoffs=(float(a), float(b)),
            max_regret=float(r),
            players=game.players,
            strategies=game.strategies,
        )
        for prof, a, b, r in zip(profiles, u1, u2, regret)
    ]


def _exact_equilibria(game: NormalFormGame, profiles: list[tuple[tuple, tuple]]) -> list[Equilibrium]:
    """Equilibrium records for exact two-player profiles: payoffs and regrets in one batch,
    with FLINT rational matrices (the same values :func:`make_equilibrium` computes)."""
    if not profiles:
        return []
    def q(v: Fraction) -> flint.fmpq:
        return flint.fmpq(v.numerator, v.denominator)

    def f(v: flint.fmpq) -> Fraction:
        return Fraction(int(v.p), int(v.q))

    m, n = game.shape
    A = flint.fmpq_mat([[q(Fraction(v)) for v in row] for row in game.payoffs[..., 0].tolist()])
    B = flint.fmpq_mat([[q(Fraction(v)) for v in row] for row in game.payoffs[..., 1].tolist()])
    X = flint.fmpq_mat([[q(v) for v in x] for x, _ in profiles])
    Y = flint.fmpq_mat([[q(v) for v in y] for _, y in profiles])
    AY = Y * A.transpose()  # (K, m): the row player's payoff of each pure strategy
    XB = X * B  # (K, n)
    out = []
    for k, prof in enumerate(profiles):
        ay = [AY[k, i] for i in range(m)]
        xb = [XB[k, j] for j in range(n)]
        u1 = sum((X[k, i] * ay[i] for i in range(m)), flint.fmpq(0))
        u2 = sum((Y[k, j] * xb[j] for j in range(n)), flint.fmpq(0))
        regret = max(max(ay) - u1, max(xb) - u2)
        out.append(
            Equilibrium(
                profile=prof,
                payoffs=(f(u1), f(u2)),
                max_regret=f(regret),
                players=game.players,
                strategies=game.strategies,
            )
        )
    return out


@gated
def enummixed_solve(game: NormalFormGame, *, exact: bool | None = None) -> SolveResult:
    """Every extreme Nash equilibrium of a two-player game, and its maximal convex sets.

    Parameters
    ----------
    game:
        A two-player :class:`~gametheory.NormalFormGame`.
    exact:
        ``True``: rational arithmetic, vertex sets proved complete (default for exact
        games). ``False``: floating point (default for float games), every equilibrium
        verified by its regret; near-ties send the game to the exact path.

    Returns
    -------
    SolveResult
        ``equilibria`` are all extreme equilibria; ``components`` the maximal Nash
        subsets, each naming the extreme equilibria that span it; ``degenerate`` whether
        a best-response polytope has a vertex with more labels than its dimension
        (``None`` when the float fast path did not need to decide).
    """
    require_two_players(game, "enummixed")
    m, n = game.shape
    if max(m, n) > MAX_STRATEGIES:
        raise GameSizeError(
            f"enummixed: {m} x {n} is too large for enumerating all equilibria "
            f"(limit {MAX_STRATEGIES} strategies per player); use method='lemke_howson'"
        )
    use_exact = want_exact(game, exact)
    target = game.to_exact() if use_exact else game.to_float()
    diagnostics: list[str] = []
    with stopwatch() as t:
        found = _solve_exact(target) if use_exact else _solve_float(target)
        if use_exact:
            order = sorted(
                range(len(found.pairs)),
                key=lambda k: (
                    [-float(v) for v in found.xs[found.pairs[k][0]]],
                    [-float(v) for v in found.ys[found.pairs[k][1]]],
                ),
            )
            pairs = [found.pairs[k] for k in order]
            x_prob = {a: _normalise(found.xs[a], use_exact) for a, _ in pairs}
            y_prob = {b: _normalise(found.ys[b], use_exact) for _, b in pairs}
        else:
            pairs, x_prob, y_prob = _float_order(found)
        if use_exact:
            equilibria = _exact_equilibria(target, [(x_prob[a], y_prob[b]) for a, b in pairs])
        else:
            equilibria = _float_equilibria(target, [(x_prob[a], y_prob[b]) for a, b in pairs])
        if use_exact:
            if any(e.max_regret != 0 for e in equilibria):  # pragma: no cover - a bug if so
                raise ArithmeticError("enummixed produced a profile with positive regret")
        pair_id = {p: k for k, p in enumerate(pairs)}
        def component(X: frozenset[int], Y: frozenset[int]) -> Component:
            # vertices listed in the order they first occur in the component's equilibria
            members = sorted(pair_id[(a, b)] for a in X for b in Y)
            xs = list(dict.fromkeys(pairs[k][0] for k in members))
            ys = list(dict.fromkeys(pairs[k][1] for k in members))
            return Component(
                equilibria=tuple(members),
                row_vertices=tuple(x_prob[a] for a in xs),
                column_vertices=tuple(y_prob[b] for b in ys),
            )

        if len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs}):
            # no vertex in two equilibria: every equilibrium is its own maximal Nash subset
            components = tuple(component(frozenset((a,)), frozenset((b,))) for a, b in pairs)
        else:
            components = tuple(component(X, Y) for X, Y in maximal_bicliques(pairs))
    if found.how.startswith("exact (payoffs too badly scaled"):
        diagnostics.append(
            f"payoff differences below {FLOAT_RESOLUTION:g} of a player's payoff range: floating point "
            "cannot resolve them, so the vertices were found in exact arithmetic"
        )
    if "pivoting" in found.how:
        diagnostics.append("vertices enumerated by exact pivoting (floating point could not settle a tie)")
    if found.degenerate:
        diagnostics.append(
            "degenerate game: equilibria lists every extreme equilibrium; components gives "
            "the maximal convex sets they span"
        )
    return SolveResult(
        game=target,
        method="enummixed",
        arithmetic=arithmetic_of(use_exact),
        equilibria=tuple(equilibria),
        components=tuple(sorted(components, key=lambda c: c.equilibria)),
        complete=True,
        degenerate=found.degenerate,
        elapsed=t[0],
        parameters={"vertices": found.how},
        diagnostics=tuple(diagnostics),
    )
