"""Every vertex of a polytope ``{z >= 0 : M z <= 1}`` by walking its bases (floating point).

The polytope has ``d`` coordinates and ``k`` rows (``M`` of shape ``(k, d)``, every entry
positive, so it is bounded and the origin is a vertex). A *basis* has ``k`` basic variables
(coordinates ``z_i``, variable ``i``, or slacks ``s_j = 1 - (M z)_j``, variable ``d + j``) and
``d`` nonbasic ones, which are zero. The walk starts at the origin and pivots each nonbasic
variable into the basis in turn, depth first, choosing the leaving row by the minimum ratio
test with ties broken lexicographically (the right-hand side perturbed to ``1 + eps^j`` in row
``j``). The perturbed polytope is simple, so this meets every one of its bases exactly once
(keyed by the bit mask of the nonbasic variables, kept in a hash table); every vertex of the
real polytope is where one or more of them land. On a simple polytope each vertex is one
basis with exactly ``d`` neighbours; a degenerate vertex (more than ``d`` tight constraints)
is met once per lexicographic basis, and its *tight set* (the nonbasic variables and the
basic ones at zero) is the same from each, so vertices are the distinct tight sets.

The walk replaces qhull (:func:`gametheory.normal.solvers._polytope.float_vertices`) when numba
is importable: it is the same enumeration without the polar transform and the convex-hull
bookkeeping, and it reads tight sets off the tableau directly. It is floating point like qhull:
a basic value is zero when it is at most the tight tolerance, and the smallest basic value above
it (the *margin*) says how sure that judgement is; the solver distrusts small margins exactly as
it does qhull's. Nothing returned is trusted by the solvers without the float regret gate.

The walk itself is :func:`gametheory._kernel._vertex_core.walk_bases`, compiled by numba in
:mod:`gametheory._kernel._jit_vertex` or run interpreted (same pivots, much slower: for tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gametheory._kernel import _vertex_core
from gametheory._kernel.lazy import optional
from gametheory._kernel.tolerance import ACTIVE_TOL

#: An entering column's entry must exceed this (times the column's largest entry, at least 1)
#: to be a ratio-test candidate.
PIVOT_TOL = 1e-9

#: Ratios (and lexicographic keys) within this, relative, are tied.
TIE_TOL = 1e-9

#: A basic value at most this is zero (a tight constraint): the kernel's ``ACTIVE_TOL``, as qhull's
#: tight sets are read.
TIGHT_TOL = ACTIVE_TOL

#: A tableau entry above this in magnitude means floating point lost its footing.
GROWTH_LIMIT = 1e12

#: Largest number of labels (``d + k``): a basis mask must fit in a signed 64-bit integer.
MAX_LABELS = 62

#: Largest number of bases walked before giving up.
MAX_BASES = 60_000

#: Values of ``backend``.
BACKENDS = ("auto", "numba", "python")

#: ``True`` makes ``backend="auto"`` behave as if numba were missing (for tests and A/B runs).
FORCE_FALLBACK = False


def compiled_walk() -> Callable[..., tuple[int, Any, Any, Any, float, int]] | None:
    """The numba kernel :func:`gametheory._kernel._jit_vertex.walk_bases`, or ``None`` when
    numba is not importable (imported on first use, never at ``import gametheory``)."""
    return optional("gametheory._kernel._jit_vertex:walk_bases")


def has_compiled_walk() -> bool:
    """Whether ``backend="auto"`` runs the compiled walk (numba importable, not forced off)."""
    return not FORCE_FALLBACK and compiled_walk() is not None


def _kernels(backend: str) -> tuple[Any, Any] | None:
    """``(walk_bases, partner_systems)`` of the chosen backend, or ``None`` (``"auto"``
    without numba, or forced off)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if backend == "python":
        return _vertex_core.walk_bases, _vertex_core.partner_systems
    kernel = compiled_walk() if backend == "numba" or not FORCE_FALLBACK else None
    if kernel is None:
        if backend == "numba":
            raise ValueError("backend='numba' needs numba (pip install 'gametheory[speed]')")
        return None
    from gametheory._kernel import _jit_vertex

    return kernel, _jit_vertex.partner_systems


def _walk(kernel: Any, M: np.ndarray, max_bases: int) -> tuple[np.ndarray, np.ndarray, float] | None:
    """``(Z, masks, margin)`` of the distinct vertices (first meeting order), or ``None``."""
    k, d = M.shape
    if d < 1 or k < 1 or d + k > MAX_LABELS or not (np.all(M > 0) and np.all(np.isfinite(M))):
        return None
    with np.errstate(over="ignore"):  # the interpreted hash multiplies modulo 2**64
        status, Z, masks, tights, margin, count = kernel(M, PIVOT_TOL, TIE_TOL, TIGHT_TOL, GROWTH_LIMIT, int(max_bases))
    if status != _vertex_core.DONE:
        return None
    tights = tights[:count]
    if np.array_equal(tights, masks[:count]):  # no basic variable at zero: bases are vertices
        return Z[:count], tights, float(margin)
    _, first = np.unique(tights, return_index=True)
    first.sort()
    return Z[first], tights[first], float(margin)


def mask_bits(masks: np.ndarray, labels: int) -> np.ndarray:
    """Tight-set bit masks ``(V,)`` as booleans ``(V, labels)`` (bit ``i`` in column ``i``)."""
    bits = np.arange(labels, dtype=np.int64)
    return ((masks[:, None] >> bits) & 1).astype(bool)


def walk_vertices(
    M: np.ndarray, backend: str = "auto", max_bases: int = MAX_BASES
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Every vertex of ``{z >= 0 : M z <= 1}`` by the lexicographic walk, or ``None``.

    Parameters
    ----------
    M:
        ``(k, d)`` float matrix, every entry positive (e.g. mapped onto ``[1, 2]``).
    backend:
        ``"auto"``: the numba kernel, or ``None`` when numba is missing (or
        :data:`FORCE_FALLBACK` is set): the caller then uses qhull; ``"numba"``
        (``ValueError`` without numba); ``"python"``: the same walk interpreted (slow).
    max_bases:
        Give up beyond this many bases.

    Returns
    -------
    tuple, or None
        ``(Z, tight, margin)``: vertex coordinates ``(V, d)`` (the origin first, then in the
        order the walk met them), tight sets ``(V, d + k)`` booleans (columns ``z_i = 0``,
        then rows of ``M``: the layout of
        :class:`~gametheory.normal.solvers._polytope.FloatVertices`), and the smallest basic
        value judged nonzero. ``None`` when the walk could not run or finish (too many
        labels or bases, a tie it could not break, growth of the tableau).
    """
    kernels = _kernels(backend)
    if kernels is None:
        return None
    M = np.ascontiguousarray(M, dtype=np.float64)
    got = _walk(kernels[0], M, max_bases)
    if got is None:
        return None
    Z, masks, margin = got
    return Z, mask_bits(masks, sum(M.shape)), margin


def walk_partners(
    M: np.ndarray, other: np.ndarray, tie_margin: float, singular_log: float, backend: str = "auto",
    max_bases: int = MAX_BASES,
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray] | None:
    """The vertices of ``{z >= 0 : M z <= 1}`` (:func:`walk_vertices`) and, for each, its
    equilibrium partner in ``{w >= 0 : other w <= 1}`` by one small solve
    (:func:`gametheory._kernel._vertex_core.partner_systems`), or ``None``.

    ``other`` has shape ``(d, e)`` when ``M`` has shape ``(e, d)``. ``tie_margin``: a slack
    of a partner constraint closer to zero than this without being tight (at most
    :data:`TIGHT_TOL`) is undecided; ``singular_log``: the log relative determinant below which
    a partner system is undecided. Returns ``(Z, masks, margin, verdict, W)``: as
    :func:`walk_vertices` returns them, but the tight sets as 64-bit masks
    (:func:`mask_bits` turns them into booleans); ``verdict`` per vertex one of
    :data:`~gametheory._kernel._vertex_core.PARTNER`, ``NO_PARTNER``, ``DEGENERATE``,
    ``UNDECIDED``; and ``W`` the partners (rows where the verdict is ``PARTNER``). Nothing
    here is trusted by the solvers without the regret gate.
    """
    kernels = _kernels(backend)
    if kernels is None:
        return None
    M = np.ascontiguousarray(M, dtype=np.float64)
    other = np.ascontiguousarray(other, dtype=np.float64)
    if other.shape != (M.shape[1], M.shape[0]):
        raise ValueError(f"other must have shape {(M.shape[1], M.shape[0])}, got {other.shape}")
    got = _walk(kernels[0], M, max_bases)
    if got is None:
        return None
    Z, masks, margin = got
    verdict, W = kernels[1](other, masks, len(masks), TIGHT_TOL, float(tie_margin), float(singular_log))
    return Z, masks, margin, verdict, W
