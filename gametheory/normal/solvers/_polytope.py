"""Vertices of polytopes ``{z >= 0 : M z <= 1}`` with M > 0, exactly and in floating point.

These are the best-response polytopes of a bimatrix game (von Stengel 2002, *Computing
equilibria for two-person games*, Handbook of Game Theory vol. 3, sec. 3): for player 1,
``P = {x >= 0 : B^T x <= 1}``, for player 2, ``Q = {y >= 0 : A y <= 1}``, after shifting
payoffs to be positive. A vertex is described by its *tight set*: which coordinates are
zero (bits ``0..d-1``) and which rows of ``M`` hold with equality (bits ``d..d+k-1``).

Three routines:

* :func:`float_vertices` -- every vertex via the convex hull (qhull) of the polar point
  set, the fast path; tight sets read off the slacks with a tolerance.
* :func:`certify_vertices` -- exact check (FLINT rational linear algebra) that each
  floating-point vertex is a true, simple vertex with exactly the claimed tight set, and
  that the set is closed under adjacency, which proves it is *every* vertex.
* :func:`exact_vertices` -- exact enumeration by depth-first search over the feasible
  bases of the lexicographically perturbed polytope, using integer (fraction-free)
  pivoting (:class:`~gametheory._kernel.tableau.IntTableau`). Correct on degenerate
  polytopes; slower.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np
from scipy.linalg import qr as scipy_qr
from scipy.spatial import ConvexHull, QhullError

from gametheory._kernel.tableau import IntTableau
from gametheory._kernel.tolerance import ACTIVE_TOL

_QZERO = flint.fmpq(0)
_QONE = flint.fmpq(1)

#: A slack at most this (on the normalised float polytope) counts as tight (the kernel's
#: :data:`~gametheory._kernel.tolerance.ACTIVE_TOL`).
TIGHT_TOL = ACTIVE_TOL

#: Qhull options added to scipy's defaults ("Qx", exact pre-merges, from dimension 5): Q5
#: skips computing outer planes, which only bound numerical error and are not used here
#: (~15% faster at 12 x 12; tight sets unchanged on the benchmark games).
QHULL_EXTRA = "Q5"


@dataclass(frozen=True)
class Vertex:
    """A vertex: coordinates ``z`` and the bit mask of its tight constraints."""

    z: tuple[Any, ...]  # Fractions, floats, or FLINT fmpq (lazy certification)
    mask: int


def _bits(mask: int) -> list[int]:
    out = []
    k = 0
    while mask:
        if mask & 1:
            out.append(k)
        mask >>= 1
        k += 1
    return out


# ----------------------------------------------------------------------------- float path
def _constraints(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k, d = M.shape
    G = np.vstack([-np.eye(d), M])
    h = np.concatenate([np.zeros(d), np.ones(k)])
    return G, h


def masks_of(tight: np.ndarray) -> list[int]:
    """Rows of a boolean matrix as Python int bit masks (bit j = column j)."""
    packed = np.packbits(tight, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


@dataclass(frozen=True)
class FloatVertices:
    """Vertices found in floating point: coordinates, tight sets and the margin."""

    Z: np.ndarray  # (V, d) coordinates
    tight: np.ndarray  # (V, d + k) booleans: constraint b is tight at vertex v
    margin: float  # smallest |slack| among constraints judged not tight

    @property
    def masks(self) -> list[int]:
        return masks_of(self.tight)

    def vertices(self) -> list[Vertex]:
        return [Vertex(tuple(z), mask) for z, mask in zip(self.Z.tolist(), self.masks)]


def float_vertices(M: np.ndarray) -> FloatVertices | None:
    """All vertices of ``{z >= 0 : M z <= 1}`` (``M`` positive, float) via qhull.

    Polar duality: after moving the origin to an interior point, the polytope is
    ``{u : p_b . u <= 1}`` and its vertices are the facets of ``conv{p_b}``.
    Tight sets are read off the slacks at tolerance :data:`TIGHT_TOL`; the *margin* is
    the smallest slack among non-tight constraints (a small margin means the float tight
    sets are doubtful). Returns ``None`` when qhull cannot run (dimension 1, or a
    precision failure); callers then enumerate exactly.
    """
    k, d = M.shape
    if d < 2:
        return None
    t = 0.5 / float(M.sum(axis=1).max())
    G, h = _constraints(M)
    h_shift = h - G @ np.full(d, t)
    pts = G / h_shift[:, None]
    try:
        hull = ConvexHull(pts, qhull_options=("Qx " if d >= 5 else "") + QHULL_EXTRA)
    except (QhullError, ValueError):
        return None
    eq = hull.equations
    offsets = eq[:, -1]
    if np.any(offsets >= 0):  # origin not strictly inside: numerical trouble
        return None
    Z = t + eq[:, :-1] / (-offsets)[:, None]
    slack = np.abs(np.concatenate([Z, 1.0 - Z @ M.T], axis=1))  # same order as G, h
    tight = slack <= TIGHT_TOL
    # A simple vertex is one simplicial facet of the polar hull; only a degenerate vertex
    # (more than d tight constraints) is split into several facets by qhull's triangulation,
    # so repeats are looked for among those rows alone.
    multi = np.flatnonzero(tight.sum(axis=1) > d)
    if len(multi) > 1:
        packed = np.packbits(tight[multi], axis=1)
        keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))[:, 0]
        _, first = np.unique(keys, return_index=True)
        drop = np.setdiff1d(multi, multi[first], assume_unique=True)
        if len(drop):
            rows = np.delete(np.arange(len(Z)), drop)
            Z, slack, tight = Z[rows], slack[rows], tight[rows]
    loose = np.where(tight, np.inf, slack)
    margin = float(loose.min()) if loose.size else float("inf")
    Zr = np.clip(Z, 0.0, None)
    Zr[tight[:, :d]] = 0.0  # coordinates on their zero facet are exactly zero
    return FloatVertices(Zr, tight, margin)


# ----------------------------------------------------------------------------- certification
#: A degenerate vertex whose cone has more extreme rays than this (double description), or
#: more candidate edge subsets (the fallback), is not certified locally; the caller then
#: enumerates by exact pivoting.
MAX_EDGE_SUBSETS = 5000


def _row(M_int: list[list[int]], d: int, b: int) -> list[int]:
    """Integer normal of constraint ``b``: ``-e_b`` for ``z_b >= 0``, else row ``b-d`` of M."""
    if b < d:
        r = [0] * d
        r[b] = -1
        return r
    return M_int[b - d]


def _exact_point(Mz: flint.fmpz_mat, M_int: list[list[int]], labels: list[int]) -> list | None:
    """Exact point (FLINT rationals) where the ``d`` constraints ``labels`` are tight."""
    d = Mz.ncols()
    zero_vars = {b for b in labels if b < d}
    rows = [b - d for b in labels if b >= d]
    free = [i for i in range(d) if i not in zero_vars]
    z = [_QZERO] * d
    if free:
        sub = flint.fmpz_mat([[M_int[r][i] for i in free] for r in rows])
        try:
            sol = sub.solve(flint.fmpz_mat(len(rows), 1, [1] * len(rows))).entries()
        except ZeroDivisionError:
            return None
        for i, q in zip(free, sol):
            z[i] = q
    return z


def _exact_mask(Mz: flint.fmpz_mat, z: list) -> int | None:
    """Tight set of ``z`` computed exactly, or None if ``z`` violates a constraint."""
    d = len(z)
    mask = 0
    for i, v in enumerate(z):
        if v < 0:
            return None
        if v == 0:
            mask |= 1 << i
    lhs = (Mz * flint.fmpq_mat(d, 1, z)).entries()
    for r, s in enumerate(lhs):
        if s > _QONE:
            return None
        if s == _QONE:
            mask |= 1 << (d + r)
    return mask


def _to_fractions(z: list) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(q.p), int(q.q)) for q in z)


def to_fractions(z: tuple) -> tuple[Fraction, ...]:
    """Coordinates as Fractions (from FLINT ``fmpq``, or unchanged if already Fractions)."""
    return tuple(v if isinstance(v, Fraction) else Fraction(int(v.p), int(v.q)) for v in z)


def _choose_basis(M_int: list[list[int]], d: int, labels: list[int]) -> list[int]:
    """``d`` linearly independent constraints among ``labels`` (float QR pivoting)."""
    G = np.array([_row(M_int, d, b) for b in labels], dtype=np.float64)
    norms = np.linalg.norm(G, axis=1)
    _, _, perm = scipy_qr(G.T / norms, pivoting=True, mode="economic")
    return [labels[p] for p in perm[:d]]


def _edges_closed(
    M_int: list[list[int]], mask: int, others: list[int] | np.ndarray, normals: dict[int, list[int]]
) -> bool | None:
    """Whether every edge at a degenerate vertex ends at a listed vertex (exact, combinatorial).

    The edges at a vertex with tight set ``T`` are the extreme rays of the cone
    ``{u : g_b . u <= 0, b in T}``: a ray is the line cut out by ``d - 1`` linearly
    independent tight normals ``S``, pointing so that every other tight normal has
    ``g_b . u <= 0``. Its *flat* ``F`` is the set of tight constraints with ``g_b . u = 0``;
    the edge is the face of the polytope where the constraints of ``F`` hold with equality,
    a segment whose only vertices are this one and its far end. So the far end is listed if
    and only if some *other* listed vertex has every constraint of ``F`` tight -- a test on
    exact tight sets ``others`` (every listed vertex's; Python ints, or ``uint64`` when they
    fit), with no arithmetic on the far end itself.

    Equal normals (a duplicated row of ``M``) are merged first; if ``d`` distinct normals
    remain the cone is simplicial and its rays are "all but one"; otherwise the rays are
    found exactly by double description (:func:`_ray_flats_dd`), or from FLINT null vectors
    of every ``(d-1)``-subset (:func:`_ray_flats_flint`). Returns ``None`` when there are too
    many rays or subsets.
    """
    d = len(M_int[0])
    groups: dict[tuple[int, ...], int] = {}
    for b in _bits(mask):
        key = tuple(normals[b])
        groups[key] = groups.get(key, 0) | (1 << b)
    reps = list(groups)
    gmask = list(groups.values())

    def all_listed(flats: Collection[int]) -> bool:
        if isinstance(others, np.ndarray):  # masks fit in 64 bits: one broadcast test
            F = np.array(list(flats), dtype=np.uint64)[:, None]
            hit = ((others[None, :] & F) == F) & (others[None, :] != np.uint64(mask))
            return bool(np.all(np.any(hit, axis=1)))
        return all(any(w & f == f for w in others if w != mask) for f in flats)

    t = len(reps)
    if t == d:  # simplicial cone (the tight normals span R^d at a vertex)
        return all_listed([mask & ~g for g in gmask])
    flats = _ray_flats_dd(reps, gmask, d)
    if flats is None:
        if math.comb(t, d - 1) > MAX_EDGE_SUBSETS:
            return None
        flats = _ray_flats_flint(reps, gmask, d)
    return all_listed(flats)


def _ray_flats_dd(reps: list[tuple[int, ...]], gmask: list[int], d: int) -> set[int] | None:
    """Flats (as label masks) of the extreme rays of ``{u : N u <= 0}``, where the rows
    ``reps`` of ``N`` are distinct and span ``R^d`` and ``gmask[i]`` holds the labels with
    normal ``reps[i]``: the double description method in Python integers.

    Start from ``d`` independent normals (a simplicial cone: its rays solve ``N_B u = -e_j``)
    and add the other normals one at a time: rays on the wrong side are dropped and each
    adjacent pair across the new hyperplane gives the positive integer combination on it.
    Two rays are adjacent when no third ray is zero on every constraint both are zero on
    (the combinatorial test, exact for the extreme rays of a pointed cone). Zero sets are
    exact: a positive combination is zero on an old constraint only if both rays are.
    Returns ``None`` if the starting normals (chosen in floating point) are dependent.
    """
    t = len(reps)
    G = np.array(reps, dtype=np.float64)
    norms = np.linalg.norm(G, axis=1)
    _, _, perm = scipy_qr(G.T / norms, pivoting=True, mode="economic")
    basis = [int(p) for p in perm[:d]]
    NB = flint.fmpz_mat([list(reps[i]) for i in basis])
    if NB.det() == 0:
        return None
    inv = NB.inv()
    rays: list[list[int]] = []
    zeros: list[int] = []  # bit i: the ray is zero on constraint (rep) i
    for j in range(d):
        col = [inv[i, j] for i in range(d)]
        den = 1
        for q in col:
            den = den * int(q.q) // math.gcd(den, int(q.q))
        u = [-int(q.p) * (den // int(q.q)) for q in col]
        g = math.gcd(*u)
        rays.append([c // g for c in u])
        zeros.append(sum(1 << basis[k] for k in range(d) if k != j))
    for c in (i for i in range(t) if i not in set(basis)):
        n = reps[c]
        vals = [sum(a * b for a, b in zip(n, u)) for u in rays]
        plus = [k for k, v in enumerate(vals) if v > 0]
        minus = [k for k, v in enumerate(vals) if v < 0]
        new_rays: list[list[int]] = []
        new_zeros: list[int] = []
        for p in plus:
            for q in minus:
                common = zeros[p] & zeros[q]
                if bin(common).count("1") < d - 2:
                    continue
                if any(zeros[r] & common == common for r in range(len(rays)) if r != p and r != q):
                    continue
                w = [vals[p] * b - vals[q] * a for a, b in zip(rays[p], rays[q])]
                g = math.gcd(*w)
                new_rays.append([x // g for x in w])
                new_zeros.append(common | (1 << c))
        keep = [k for k, v in enumerate(vals) if v <= 0]
        rays = [rays[k] for k in keep] + new_rays
        zeros = [zeros[k] | ((1 << c) if vals[k] == 0 else 0) for k in keep] + new_zeros
        if len(rays) > MAX_EDGE_SUBSETS:
            return None
    flats: set[int] = set()
    for z in zeros:
        flat = 0
        for i in range(t):
            if (z >> i) & 1:
                flat |= gmask[i]
        flats.add(flat)
    return flats


def _ray_flats_flint(reps: list[tuple[int, ...]], gmask: list[int], d: int) -> set[int]:
    """As :func:`_ray_flats_dd`, from the FLINT null vector of every ``(d-1)``-subset."""
    t = len(reps)
    tight = flint.fmpz_mat([list(r) for r in reps])
    covered: set[frozenset[int]] = set()
    flats: set[int] = set()
    for S in itertools.combinations(range(t), d - 1):
        if frozenset(S) in covered:
            continue  # same line as a flat already examined
        X, nullity = flint.fmpz_mat([list(reps[i]) for i in S]).nullspace()
        if nullity != 1:
            continue
        dots = (tight * flint.fmpz_mat(d, 1, [X[i, 0] for i in range(d)])).entries()
        zero = [i for i, v in enumerate(dots) if v == 0]
        if len(zero) > d - 1 and math.comb(len(zero), d - 1) <= MAX_EDGE_SUBSETS:
            covered.update(frozenset(c) for c in itertools.combinations(zero, d - 1))
        if any(v > 0 for v in dots) and any(v < 0 for v in dots):
            continue  # not a direction of the tangent cone
        flat = 0
        for i in zero:
            flat |= gmask[i]
        flats.add(flat)
    return flats


def certify_vertices(
    M_int: list[list[int]], candidates: list[Vertex], *, lazy: bool = False
) -> list[Vertex] | None:
    """Prove floating-point vertices exact and complete; return them exactly, or ``None``.

    The coordinates are Fractions, or FLINT ``fmpq`` with ``lazy=True`` (cheaper when only a
    few vertices are used; convert with :func:`to_fractions`).

    1. Each candidate's tight set is checked exactly: ``d`` independent constraints of it
       are solved with FLINT rational arithmetic and the exact tight set of the solution
       must equal the claimed one (so no tie was misjudged).
    2. Closure under adjacency: every edge at every vertex must end at a listed vertex.
       At a simple vertex the edges drop one tight constraint each (the other end shares
       the remaining ``d - 1``); at a degenerate vertex they are the extreme rays of its
       tangent cone, and each must have its far end listed (:func:`_edges_closed`).

    The graph of a polytope is connected (Balinski 1961), so a closed set of vertices
    is every vertex. Returns ``None`` when a check fails or would be too costly.
    """
    d = len(M_int[0])
    Mz = flint.fmpz_mat(M_int)
    exact: list[Vertex] = []
    seen: set[int] = set()
    for cand in candidates:
        labels = _bits(cand.mask)
        if len(labels) < d or cand.mask in seen:
            return None
        seen.add(cand.mask)
        if len(labels) > d:  # equal normals (a duplicated row of M) are one constraint
            distinct = list({tuple(_row(M_int, d, b)): b for b in reversed(labels)}.values())
            if len(distinct) < d:
                return None  # not a vertex (its tight normals cannot span R^d)
            labels = distinct if len(distinct) > d else sorted(distinct)
        basis = labels if len(labels) == d else _choose_basis(M_int, d, labels)
        z = _exact_point(Mz, M_int, basis)
        if z is None or _exact_mask(Mz, z) != cand.mask:
            return None
        exact.append(Vertex(tuple(z) if lazy else _to_fractions(z), cand.mask))
    # distinct tight sets <=> distinct vertices, so `exact` has no repeats
    edge_ends: Counter[int] = Counter()
    degenerate = []
    for v in exact:
        labels = _bits(v.mask)
        if len(labels) == d:
            for b in labels:
                edge_ends[v.mask ^ (1 << b)] += 1
        else:
            degenerate.append(v)
    for key, count in edge_ends.items():
        if count == 2:
            continue
        if count > 2 or not any(w.mask & key == key for w in degenerate):
            return None
    if degenerate:
        all_masks: list[int] | np.ndarray = [v.mask for v in exact]
        if d + len(M_int) <= 64:
            all_masks = np.array(all_masks, dtype=np.uint64)
        normals = {b: _row(M_int, d, b) for b in range(d + len(M_int))}
        for v in degenerate:
            if not _edges_closed(M_int, v.mask, all_masks, normals):
                return None
    return exact


# ----------------------------------------------------------------------------- exact path
def _vertex(tab: IntTableau, d: int, k: int) -> Vertex:
    """The vertex at the basic solution of the slack-form tableau of ``M z <= 1``."""
    z = [Fraction(0)] * d
    mask = 0
    basic_rows = {v: r for r, v in enumerate(tab.basis)}
    for v in range(d + k):
        r = basic_rows.get(v)
        if r is None:
            mask |= 1 << v
            continue
        val = tab.rows[r][-1]
        if val == 0:
            mask |= 1 << v
        elif v < d:
            z[v] = Fraction(val, tab.det)
    return Vertex(tuple(z), mask)


def exact_vertices(M_int: list[list[int]], max_bases: int = 2_000_000) -> list[Vertex]:
    """Every vertex of ``{z >= 0 : M z <= 1}`` (``M`` positive integers), exactly.

    Depth-first search over the lexicographically feasible bases, i.e. the vertices of
    the polytope with right-hand side perturbed to ``1 + (eps, eps^2, ...)``. That
    perturbed polytope is simple and its graph connected, so the search reaches all of
    its vertices; every vertex of the original polytope is the image of at least one.
    Tight sets are read at ``eps = 0``, so degenerate vertices get all their labels.
    """
    start = IntTableau.slack_form(M_int)
    k, d = len(M_int), len(M_int[0])
    slacks = range(d, d + k)  # the starting basis: its columns order ties lexicographically
    seen_bases = {frozenset(start.basis)}
    vertices: dict[int, Vertex] = {}
    stack = [start]
    while stack:
        tab = stack.pop()
        v = _vertex(tab, d, k)
        vertices.setdefault(v.mask, v)
        basic = set(tab.basis)
        for col in range(d + k):
            if col in basic:
                continue
            r = tab.lex_min_ratio_row(col, slacks)
            if r is None:
                raise ArithmeticError("unbounded edge: matrix must be positive")
            new_basis = frozenset(basic - {tab.basis[r]} | {col})
            if new_basis in seen_bases:
                continue
            if len(seen_bases) >= max_bases:
                raise OverflowError(f"more than {max_bases} bases")
            seen_bases.add(new_basis)
            nxt = tab.copy()
            nxt.pivot(r, col)
            stack.append(nxt)
    return list(vertices.values())
