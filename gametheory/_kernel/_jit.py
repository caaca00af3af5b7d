"""Compiled kernels (numba): the whole Lemke-Howson pivoting loop in machine code.

This module imports :mod:`numba` at its top, so it is itself imported only lazily, by
:func:`gametheory._kernel.float_pivot.compiled_path` (never at ``import gametheory``); when
numba is missing that import fails and the numpy path of
:func:`gametheory._kernel.float_pivot.lemke_howson_basis` runs instead. numba is an optional
extra (``pip install 'gametheory[speed]'``).

The kernel :func:`lemke_howson_path` walks the same path as the numpy path, operation for
operation: the condensed tableaux (only the nonbasic columns are stored), the minimum ratio
test over entries above the pivot tolerance, ties within the relative tie tolerance broken
lexicographically by the columns of the starting basis, and one rank-1 update per pivot. Each
floating-point operation is the one numpy performs (no fast-math, no fused multiply-add), so
the two paths end at the same basis. Like the numpy path, nothing it returns is trusted: the
caller certifies the basis exactly.

Compiled functions are cached on disk (``cache=True``), so the compile cost (about a second)
is paid once per installation, not once per process.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

#: Status codes of :func:`lemke_howson_path`.
DONE, LOST, LIMIT = 0, 1, 2


@numba.njit(cache=True)
def _leaving_row(
    T: Any, v: int, column_of: Any, row_of: Any, k: int, d: int, pivot_tol: float, tie_tol: float,
    rows: Any, piv: Any, vals: Any,
) -> int:  # pragma: no cover - compiled
    """Row leaving when variable ``v`` enters; ``-1`` unbounded, ``-2`` a NaN ratio."""
    c = column_of[v]
    amax = T[0, c]
    for r in range(1, k):
        if T[r, c] > amax:
            amax = T[r, c]
    thr = pivot_tol * max(1.0, amax)
    best = np.inf
    rbest = -1
    for r in range(k):
        a = T[r, c]
        if a > thr:
            q = T[r, d] / a
            if q != q:
                return -2
            if q < best:
                best = q
                rbest = r
    if rbest < 0:
        return -1
    limit = best + tie_tol * max(1.0, abs(best))
    count = 0
    for r in range(k):
        a = T[r, c]
        if a > thr and T[r, d] / a <= limit:
            rows[count] = r
            piv[count] = a
            count += 1
    if count == 1:
        return rbest
    for s in range(d, d + k):  # lexicographic: columns of the starting basis (the slacks)
        cs = column_of[s]
        low = np.inf
        for t in range(count):
            r = rows[t]
            if cs >= 0:
                val = T[r, cs] / piv[t]
            else:
                val = (1.0 if r == row_of[s] else 0.0) / piv[t]
            vals[t] = val
            if val < low:
                low = val
        cut = low + tie_tol * max(1.0, abs(low))
        kept = 0
        for t in range(count):
            if vals[t] <= cut:
                rows[kept] = rows[t]
                piv[kept] = piv[t]
                kept += 1
        count = kept
        if count == 1:
            break
    return rows[0]


@numba.njit(cache=True)
def _pivot(
    T: Any, r: int, v: int, basis: Any, nonbasic: Any, column_of: Any, row_of: Any, k: int, d: int,
    growth: float, prow: Any, col: Any,
) -> bool:  # pragma: no cover - compiled
    """Exchange ``basis[r]`` with nonbasic ``v`` by a rank-1 update; ``False`` if untrustworthy."""
    c = column_of[v]
    p = T[r, c]
    for j in range(d + 1):
        x = T[r, j] / p
        if not abs(x) <= growth:  # also catches NaN
            return False
        prow[j] = x
    for i in range(k):
        col[i] = T[i, c]
    for i in range(k):
        ci = col[i]
        for j in range(d + 1):
            T[i, j] -= ci * prow[j]
    for j in range(d + 1):
        T[r, j] = prow[j]
    neg = -1.0 / p
    for i in range(k):
        T[i, c] = col[i] * neg
    T[r, c] = 1.0 / p
    leaving = basis[r]
    basis[r] = v
    nonbasic[c] = leaving
    column_of[leaving] = c
    row_of[leaving] = -1
    column_of[v] = -1
    row_of[v] = r
    return True


@numba.njit(cache=True)
def _start(M: Any) -> tuple[Any, Any, Any, Any, Any]:  # pragma: no cover - compiled
    """Condensed tableau of ``M z + s = 1`` with the slacks basic."""
    k, d = M.shape
    T = np.empty((k, d + 1))
    for i in range(k):
        for j in range(d):
            T[i, j] = M[i, j]
        T[i, d] = 1.0
    basis = np.arange(d, d + k)
    nonbasic = np.arange(d)
    column_of = np.full(d + k, -1, dtype=np.int64)
    row_of = np.full(d + k, -1, dtype=np.int64)
    for j in range(d):
        column_of[j] = j
    for i in range(k):
        row_of[d + i] = i
    return T, basis, nonbasic, column_of, row_of


@numba.njit(cache=True)
def lemke_howson_path(
    A: Any, B: Any, label: int, max_pivots: int, pivot_tol: float, tie_tol: float, growth: float
) -> tuple[int, Any, Any, int]:  # pragma: no cover - compiled
    """Follow the Lemke-Howson path dropping ``label`` on positive float matrices ``A``, ``B``.

    Returns ``(status, row_basis, column_basis, pivots)``; ``status`` is :data:`DONE`,
    :data:`LOST` (unbounded, NaN, or growth past ``growth``) or :data:`LIMIT` (``max_pivots``).
    The bases number the variables as :class:`gametheory._kernel.float_pivot.FloatBasis` does.
    """
    m, n = A.shape
    TP, bP, nP, cP, rP = _start(B.T.copy())  # B^T x + r = 1: x_i is i, r_j is m + j
    TQ, bQ, nQ, cQ, rQ = _start(A)  # A y + s = 1: y_j is j, s_i is n + i
    big = max(m, n)
    rows = np.empty(big, dtype=np.int64)
    piv = np.empty(big)
    vals = np.empty(big)
    prow = np.empty(big + 1)
    col = np.empty(big)
    in_p = label < m
    entering = label if in_p else label - m
    pivots = 0
    while pivots < max_pivots:
        if in_p:
            row = _leaving_row(TP, entering, cP, rP, n, m, pivot_tol, tie_tol, rows, piv, vals)
            if row < 0:
                return LOST, bP, bQ, pivots
            leaving = bP[row]
            if not _pivot(TP, row, entering, bP, nP, cP, rP, n, m, growth, prow, col):
                return LOST, bP, bQ, pivots
            left_label = leaving
        else:
            row = _leaving_row(TQ, entering, cQ, rQ, m, n, pivot_tol, tie_tol, rows, piv, vals)
            if row < 0:
                return LOST, bP, bQ, pivots
            leaving = bQ[row]
            if not _pivot(TQ, row, entering, bQ, nQ, cQ, rQ, m, n, growth, prow, col):
                return LOST, bP, bQ, pivots
            left_label = m + leaving if leaving < n else leaving - n
        pivots += 1
        if left_label == label:
            return DONE, bP, bQ, pivots
        if in_p:  # the complementary variable enters Q: y_j for label m + j, s_i for label i
            entering = left_label - m if left_label >= m else n + left_label
            in_p = False
        else:
            entering = left_label
            in_p = True
    return LIMIT, bP, bQ, pivots
