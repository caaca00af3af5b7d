"""The lexicographic vertex walk, written once in the subset of Python that numba compiles.

:mod:`gametheory._kernel._jit_vertex` compiles :func:`walk_bases` with numba; without numba
(or when forced, for tests) :mod:`gametheory._kernel.vertex_walk` runs the very same function
interpreted, so both backends take the same pivots in the same order. This module imports
only numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Status codes of :func:`walk_bases`.
DONE, LIMIT, LOST = 0, 1, 2


def hash_find(keys: Any, key: int) -> int:
    """Slot of ``key`` in an open-addressing table (empty slots hold ``-1``), or of the empty
    slot where it would go. The table size is a power of two."""
    cap = keys.shape[0]
    h = key ^ (key >> 29)
    h = h * np.int64(-7046029254386353131)  # 0x9E3779B97F4A7C15 as a signed 64-bit integer
    h = (h ^ (h >> 32)) & (cap - 1)
    while keys[h] != -1 and keys[h] != key:
        h = (h + 1) & (cap - 1)
    return h


def leaving_row(
    T: Any, c: int, column_of: Any, row_of: Any, k: int, d: int, pivot_tol: float, tie_tol: float,
    rows: Any, piv: Any,
) -> int:
    """Leaving row when the variable in column ``c`` enters: minimum ratio, ties (within
    ``tie_tol``, relative) broken lexicographically by the slack columns (the perturbation
    ``1 + eps^j`` of row ``j``); ``-1`` when no row bounds it or a tie cannot be broken."""
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
    for s in range(d, d + k):
        cs = column_of[s]
        low = np.inf
        for t in range(count):
            r = rows[t]
            if cs >= 0:
                val = T[r, cs] / piv[t]
            else:
                val = (1.0 if r == row_of[s] else 0.0) / piv[t]
            if val < low:
                low = val
        cut = low + tie_tol * max(1.0, abs(low))
        kept = 0
        for t in range(count):
            r = rows[t]
            if cs >= 0:
                val = T[r, cs] / piv[t]
            else:
                val = (1.0 if r == row_of[s] else 0.0) / piv[t]
            if val <= cut:
                rows[kept] = r
                piv[kept] = piv[t]
                kept += 1
        count = kept
        if count == 1:
            return rows[0]
    return -1


def walk_bases(
    M: Any, pivot_tol: float, tie_tol: float, tight_tol: float, growth_limit: float, max_bases: int
) -> tuple[int, Any, Any, Any, float, int]:
    """Breadth-first walk over the lexicographically feasible bases of ``{z >= 0 : M z <= 1}``.

    Returns ``(status, Z, basis_masks, tight_masks, margin, count)``: the first ``count`` rows
    of ``Z`` (coordinates) and entries of the masks are the bases met, in order (the origin
    first). ``basis_masks`` has a bit per nonbasic variable (``z_i``: bit ``i``; slack of row
    ``j``: bit ``d + j``), ``tight_masks`` adds the basic variables whose value is at most
    ``tight_tol``; ``margin`` is the smallest basic value above ``tight_tol``.
    """
    k, d = M.shape
    w = d + 1
    cap = 64
    T = np.empty((cap, k, w))
    basic = np.empty((cap, k), dtype=np.int64)
    nonbasic = np.empty((cap, d), dtype=np.int64)
    Z = np.zeros((cap, d))
    masks = np.empty(cap, dtype=np.int64)
    tights = np.empty(cap, dtype=np.int64)
    hcap = 256
    keys = np.full(hcap, -1, dtype=np.int64)
    for r in range(k):
        for c in range(d):
            T[0, r, c] = M[r, c]
        T[0, r, d] = 1.0
        basic[0, r] = d + r
    for c in range(d):
        nonbasic[0, c] = c
    one = np.int64(1)
    mask0 = (one << d) - 1
    masks[0] = mask0
    tights[0] = mask0
    keys[hash_find(keys, mask0)] = mask0
    margin = np.inf
    count = 1
    head = 0
    f = np.empty(k)
    rows = np.empty(k, dtype=np.int64)
    piv = np.empty(k)
    column_of = np.empty(d + k, dtype=np.int64)
    row_of = np.empty(d + k, dtype=np.int64)
    while head < count:
        Th = T[head]
        for r in range(k):
            column_of[basic[head, r]] = -1
            row_of[basic[head, r]] = r
        for c in range(d):
            column_of[nonbasic[head, c]] = c
            row_of[nonbasic[head, c]] = -1
        for c in range(d):
            rbest = leaving_row(Th, c, column_of, row_of, k, d, pivot_tol, tie_tol, rows, piv)
            if rbest < 0:
                return LOST, Z, masks, tights, margin, count
            new_mask = masks[head] ^ (one << nonbasic[head, c]) ^ (one << basic[head, rbest])
            slot = hash_find(keys, new_mask)
            if keys[slot] == new_mask:
                continue
            if count >= max_bases:
                return LIMIT, Z, masks, tights, margin, count
            if count == cap:  # grow the store
                cap *= 2
                T2 = np.empty((cap, k, w))
                T2[:count] = T[:count]
                T = T2
                Th = T[head]
                b2 = np.empty((cap, k), dtype=np.int64)
                b2[:count] = basic[:count]
                basic = b2
                n2 = np.empty((cap, d), dtype=np.int64)
                n2[:count] = nonbasic[:count]
                nonbasic = n2
                Z2 = np.zeros((cap, d))
                Z2[:count] = Z[:count]
                Z = Z2
                m2 = np.empty(cap, dtype=np.int64)
                m2[:count] = masks[:count]
                masks = m2
                t2 = np.empty(cap, dtype=np.int64)
                t2[:count] = tights[:count]
                tights = t2
            # pivot on (rbest, c) of the parent's tableau, into slot ``count``
            Tn = T[count]
            p = Th[rbest, c]
            for r in range(k):
                f[r] = Th[r, c]
            f[rbest] = 0.0
            for j in range(w):
                rowj = 1.0 / p if j == c else Th[rbest, j] / p
                for r in range(k):
                    if r == rbest:
                        Tn[r, j] = rowj
                    elif j == c:
                        Tn[r, j] = -f[r] / p
                    else:
                        Tn[r, j] = Th[r, j] - f[r] * rowj
            for r in range(k):
                for j in range(w):
                    if not abs(Tn[r, j]) <= growth_limit:  # also catches NaN
                        return LOST, Z, masks, tights, margin, count
            for r in range(k):
                basic[count, r] = basic[head, r]
            for j in range(d):
                nonbasic[count, j] = nonbasic[head, j]
            nonbasic[count, c] = basic[head, rbest]
            basic[count, rbest] = nonbasic[head, c]
            tight = new_mask
            for r in range(k):
                v = basic[count, r]
                val = Tn[r, d]
                if val <= tight_tol:
                    tight |= one << v
                    val = 0.0
                elif val < margin:
                    margin = val
                if v < d:
                    Z[count, v] = max(val, 0.0)
            masks[count] = new_mask
            tights[count] = tight
            keys[slot] = new_mask
            count += 1
            if 2 * count > hcap:  # keep the table at most half full
                hcap *= 4
                keys2 = np.full(hcap, -1, dtype=np.int64)
                for t in range(count):
                    keys2[hash_find(keys2, masks[t])] = masks[t]
                keys = keys2
        head += 1
    return DONE, Z, masks, tights, margin, count
