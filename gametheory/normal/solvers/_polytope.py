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
from dataclasses import dataclass
from fractions import Fraction

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

    z: tuple[Fraction, ...] | tuple[float, ...]
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


def _popcount_int(mask: int) -> int:
    return bin(mask).count("1")


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
    # one row per distinct tight set (triangulated facets repeat a vertex)
    packed = np.packbits(tight, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))[:, 0]
    _, rows = np.unique(keys, return_index=True)
    tight = tight[rows]
    loose = slack[rows][~tight]
    margin = float(loose.min()) if loose.size else float("inf")
    Zr = np.clip(Z[rows], 0.0, None)
    Zr[tight[:, :d]] = 0.0  # coordinates on their zero facet are exactly zero
    return FloatVertices(Zr, tight, margin)


# ----------------------------------------------------------------------------- certification
#: Degenerate vertices with more candidate edge subsets than this are not certified
#: locally; the caller falls back to exact pivoting.
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


def _choose_basis(M_int: list[list[int]], d: int, labels: list[int]) -> list[int]:
    """``d`` linearly independent constraints among ``labels`` (float QR pivoting)."""
    G = np.array([_row(M_int, d, b) for b in labels], dtype=np.float64)
    norms = np.linalg.norm(G, axis=1)
    _, _, perm = scipy_qr(G.T / norms, pivoting=True, mode="economic")
    return [labels[p] for p in perm[:d]]


def _edges_closed(
    M_int: list[list[int]], mask: int, others: list[int], normals: dict[int, list[int]]
) -> bool | None:
    """Whether every edge at a degenerate vertex ends at a listed vertex (exact, combinatorial).

    The edges at a vertex with tight set ``T`` are the extreme rays of the cone
    ``{u : g_b . u <= 0, b in T}``: a ray is the line cut out by ``d - 1`` linearly
    independent tight normals ``S`` (an integer null vector ``u`` from FLINT), pointing so
    that every other tight normal has ``g_b . u <= 0``. Its *flat* ``F`` is the set of tight
    constraints with ``g_b . u = 0``; the edge is the face of the polytope where exactly the
    constraints of ``F`` hold with equality, a segment whose only vertices are this one and
    its far end. So the far end is listed if and only if some *other* listed vertex has
    every constraint of ``F`` tight -- a test on exact tight sets ``others``, with no
    arithmetic on the far end itself. A subset ``S`` inside an already computed flat spans
    the same line and is skipped. Returns ``None`` when there are too many subsets.
    """
    d = len(M_int[0])
    labels = _bits(mask)
    if math.comb(len(labels), d - 1) > MAX_EDGE_SUBSETS:
        return None
    covered: set[int] = set()  # (d-1)-subsets of the flats already examined
    for S in itertools.combinations(labels, d - 1):
        s_mask = 0
        for b in S:
            s_mask |= 1 << b
        if s_mask in covered:
            continue  # same line as a flat already examined
        if d > 1:
            X, nullity = flint.fmpz_mat([normals[b] for b in S]).nullspace()
            if nullity != 1:
                continue
            u = [int(X[i, 0]) for i in range(d)]
        else:
            u = [1]
        flat = s_mask
        sign = 0
        feasible = True
        for b in labels:
            if (s_mask >> b) & 1:
                continue
            g = normals[b]
            dot = sum(a * c for a, c in zip(g, u) if a)
            if dot == 0:
                flat |= 1 << b
            elif sign == 0:
                sign = 1 if dot > 0 else -1
            elif (dot > 0) != (sign > 0):
                feasible = False
        if flat != s_mask and math.comb(_popcount_int(flat), d - 1) <= MAX_EDGE_SUBSETS:
            for T in itertools.combinations(_bits(flat), d - 1):
                covered.add(sum(1 << b for b in T))
        if not feasible:
            continue
        if sign == 0:  # pragma: no cover - T spans R^d at a vertex, so some dot is nonzero
            return None
        if not any(w & flat == flat for w in others if w != mask):
            return False
    return True


def certify_vertices(M_int: list[list[int]], candidates: list[Vertex]) -> list[Vertex] | None:
    """Prove floating-point vertices exact and complete; return them exactly, or ``None``.

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
        basis = labels if len(labels) == d else _choose_basis(M_int, d, labels)
        z = _exact_point(Mz, M_int, basis)
        if z is None or _exact_mask(Mz, z) != cand.mask:
            return None
        exact.append(Vertex(_to_fractions(z), cand.mask))
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
        all_masks = [v.mask for v in exact]
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
