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


def hash_find(keys: Any, key: Any) -> Any:
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
    rows: Any, piv: Any, ratio: Any,
) -> int:
    """Leaving row when the variable in column ``c`` enters: minimum ratio over entries above
    ``pivot_tol``, ties (within ``tie_tol``, relative) broken lexicographically by the slack
    columns (the perturbation ``1 + eps^j`` of row ``j``); ``-1`` when no row bounds the
    entering variable or a tie cannot be broken. ``rows``, ``piv``, ``ratio``: work space."""
    best = np.inf
    rbest = -1
    for r in range(k):
        a = T[r, c]
        if a > pivot_tol:
            q = T[r, d] / a
            ratio[r] = q
            if q < best:
                best = q
                rbest = r
        else:
            ratio[r] = np.inf
    if rbest < 0:
        return -1
    limit = best + tie_tol * max(1.0, abs(best))
    count = 0
    for r in range(k):
        if ratio[r] <= limit:
            rows[count] = r
            piv[count] = T[r, c]
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
            ratio[t] = val
            if val < low:
                low = val
        cut = low + tie_tol * max(1.0, abs(low))
        kept = 0
        for t in range(count):
            if ratio[t] <= cut:
                rows[kept] = rows[t]
                piv[kept] = piv[t]
                kept += 1
        count = kept
        if count == 1:
            return rows[0]
    return -1


def walk_bases(
    M: Any, pivot_tol: float, tie_tol: float, tight_tol: float, growth_limit: float, max_bases: int
) -> tuple[int, Any, Any, Any, float, int]:
    """Walk over the lexicographically feasible bases of ``{z >= 0 : M z <= 1}``.

    Returns ``(status, Z, basis_masks, tight_masks, margin, count)``: the first ``count`` rows
    of ``Z`` (coordinates) and entries of the masks are the bases met, in order (the origin
    first). ``basis_masks`` has a bit per nonbasic variable (``z_i``: bit ``i``; slack of row
    ``j``: bit ``d + j``), ``tight_masks`` adds the basic variables whose value is at most
    ``tight_tol``; ``margin`` is the smallest basic value above ``tight_tol``.

    Each basis is *expanded* once: every edge from it not yet known is ratio-tested, and each
    new neighbour's tableau is written (by one pivot) to a free slot and put on a stack of
    bases waiting to be expanded; the last one put is expanded next, and its slot freed after.
    So a tableau is read soon after it was written and the slots in use stay few and warm
    (a last-in first-out list of free slots). Each edge is ratio-tested once: meeting a known
    basis marks the edge back from it as known (``done``).
    """
    k, d = M.shape
    w = d + 1
    one = np.int64(1)
    # per basis: coordinates, masks, known edges, nonbasic variables; the waiting stack
    cap = 256
    Z = np.zeros((cap, d))
    masks = np.empty(cap, dtype=np.int64)
    tights = np.empty(cap, dtype=np.int64)
    done = np.zeros(cap, dtype=np.int64)  # bit v: the edge entering variable v is already known
    wait_vertex = np.empty(cap, dtype=np.int64)
    wait_slot = np.empty(cap, dtype=np.int64)
    # tableau slots: tableau and basis per slot; free slots on a stack
    scap = 64
    T = np.empty((scap, k, w))
    basic = np.empty((scap, k), dtype=np.int64)
    nonbasic = np.empty((scap, d), dtype=np.int64)
    free = np.empty(scap, dtype=np.int64)
    nfree = 0
    used = 1
    hcap = 1024
    keys = np.full(hcap, -1, dtype=np.int64)
    index = np.empty(hcap, dtype=np.int64)  # index[slot]: the basis whose mask is keys[slot]
    for r in range(k):
        for c in range(d):
            T[0, r, c] = M[r, c]
        T[0, r, d] = 1.0
        basic[0, r] = d + r
    for c in range(d):
        nonbasic[0, c] = c
    mask0 = (one << d) - 1
    masks[0] = mask0
    tights[0] = mask0
    h = hash_find(keys, mask0)
    keys[h] = mask0
    index[h] = 0
    wait_vertex[0] = 0
    wait_slot[0] = 0
    waiting = 1
    margin = np.inf
    count = 1
    rows = np.empty(k, dtype=np.int64)
    piv = np.empty(k)
    ratio = np.empty(k)
    prow = np.empty(w)
    column_of = np.empty(d + k, dtype=np.int64)
    row_of = np.empty(d + k, dtype=np.int64)
    while waiting > 0:
        waiting -= 1
        head = wait_vertex[waiting]
        s = wait_slot[waiting]
        Th = T[s]
        for r in range(k):
            column_of[basic[s, r]] = -1
            row_of[basic[s, r]] = r
        for j in range(d):
            column_of[nonbasic[s, j]] = j
            row_of[nonbasic[s, j]] = -1
        for c in range(d):
            entering = nonbasic[s, c]
            if done[head] & (one << entering):
                continue
            rbest = leaving_row(Th, c, column_of, row_of, k, d, pivot_tol, tie_tol, rows, piv, ratio)
            if rbest < 0:
                return LOST, Z, masks, tights, margin, count
            leaving = basic[s, rbest]
            new_mask = masks[head] ^ (one << entering) ^ (one << leaving)
            h = hash_find(keys, new_mask)
            if keys[h] == new_mask:
                # a known basis: the edge back from it (``leaving`` entering) is known too
                done[index[h]] |= one << leaving
                continue
            if count >= max_bases:
                return LIMIT, Z, masks, tights, margin, count
            if count == cap:  # grow the per-basis store
                cap *= 2
                Z2 = np.zeros((cap, d))
                Z2[:count] = Z[:count]
                Z = Z2
                m2 = np.empty(cap, dtype=np.int64)
                m2[:count] = masks[:count]
                masks = m2
                t2 = np.empty(cap, dtype=np.int64)
                t2[:count] = tights[:count]
                tights = t2
                d2 = np.zeros(cap, dtype=np.int64)
                d2[:count] = done[:count]
                done = d2
                v2 = np.empty(cap, dtype=np.int64)
                v2[:waiting] = wait_vertex[:waiting]
                wait_vertex = v2
                s2 = np.empty(cap, dtype=np.int64)
                s2[:waiting] = wait_slot[:waiting]
                wait_slot = s2
            if nfree > 0:
                nfree -= 1
                t = free[nfree]
            else:
                if used == scap:  # grow the tableau slots
                    scap *= 2
                    T2 = np.empty((scap, k, w))
                    T2[:used] = T[:used]
                    T = T2
                    Th = T[s]
                    b2 = np.empty((scap, k), dtype=np.int64)
                    b2[:used] = basic[:used]
                    basic = b2
                    nb2 = np.empty((scap, d), dtype=np.int64)
                    nb2[:used] = nonbasic[:used]
                    nonbasic = nb2
                    f2 = np.empty(scap, dtype=np.int64)
                    f2[:nfree] = free[:nfree]
                    free = f2
                t = used
                used += 1
            # pivot on (rbest, c) of the expanded tableau, into slot t
            Tn = T[t]
            inv = 1.0 / Th[rbest, c]
            for j in range(w):
                prow[j] = Th[rbest, j] * inv
            prow[c] = inv
            big = 0.0
            for r in range(k):
                if r == rbest:
                    for j in range(w):
                        Tn[r, j] = prow[j]
                        big = max(big, abs(prow[j]))
                else:
                    fr = Th[r, c]
                    for j in range(w):
                        val = Th[r, j] - fr * prow[j]
                        Tn[r, j] = val
                        big = max(big, abs(val))
                    Tn[r, c] = -fr * inv
                    big = max(big, abs(Tn[r, c]))
            if not big <= growth_limit:  # also catches NaN
                return LOST, Z, masks, tights, margin, count
            for r in range(k):
                basic[t, r] = basic[s, r]
            basic[t, rbest] = entering
            for j in range(d):
                nonbasic[t, j] = nonbasic[s, j]
            nonbasic[t, c] = leaving
            tight = new_mask
            for r in range(k):
                v = basic[t, r]
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
            done[count] = one << leaving  # pivoting ``leaving`` back in returns here
            keys[h] = new_mask
            index[h] = count
            wait_vertex[waiting] = count
            wait_slot[waiting] = t
            waiting += 1
            count += 1
            if 2 * count > hcap:  # keep the table at most half full
                hcap *= 4
                keys2 = np.full(hcap, -1, dtype=np.int64)
                index2 = np.empty(hcap, dtype=np.int64)
                for q in range(count):
                    h2 = hash_find(keys2, masks[q])
                    keys2[h2] = masks[q]
                    index2[h2] = q
                keys = keys2
                index = index2
        free[nfree] = s  # the expanded basis's slot is free again
        nfree += 1
    return DONE, Z, masks, tights, margin, count


#: Verdicts of :func:`partner_systems`, one per vertex.
NO_PARTNER, PARTNER, UNDECIDED, DEGENERATE = 0, 1, 2, 3


def partner_systems(
    other: Any, masks: Any, nv: int, tight_tol: float, margin: float, singular_log: float
) -> tuple[Any, Any]:
    """The equilibrium partner of each vertex of ``{u >= 0 : M u <= 1}``, by one small solve.

    ``other`` (shape ``(d, e)``) is the other player's polytope matrix; ``masks[:nv]`` are
    tight sets of vertices of the first polytope (bit ``i``: ``u_i = 0``; bit ``d + j``: row
    ``j`` of ``M`` tight). A vertex with support ``S`` and tight rows ``J``, ``|J| = |S|``,
    pairs with the ``w`` on ``J`` solving ``other[S, J] w_J = 1``, if that ``w`` is feasible:
    ``w >= 0`` and ``(other w)_r <= 1`` for the rows ``r`` outside ``S``.

    Returns ``(verdict, W)``: per vertex :data:`PARTNER` (its partner is row ``W[v]``),
    :data:`NO_PARTNER` (a constraint is violated by more than ``margin``; the origin too),
    :data:`DEGENERATE` (``|J| > |S|``: a face of partners, left to the caller) or
    :data:`UNDECIDED` (the system is nearly singular: ``log |det|`` minus the log of the
    product of its row norms below ``singular_log``, judged on squares without logarithms;
    or a slack lies between ``tight_tol`` and ``margin`` from zero with none clearly
    violated; or ``|J| < |S|``).
    """
    d, e = other.shape
    one = np.int64(1)
    verdict = np.zeros(nv, dtype=np.int64)
    W = np.zeros((nv, e))
    S = np.empty(d, dtype=np.int64)
    J = np.empty(e, dtype=np.int64)
    G = np.empty((d, d + 1))
    w = np.empty(d)
    cut = np.exp(2.0 * singular_log)  # compared with det^2 / (product of squared row norms)
    for v in range(nv):
        mask = masks[v]
        ns = 0
        for i in range(d):
            if (mask >> i) & one == 0:
                S[ns] = i
                ns += 1
        nj = 0
        for j in range(e):
            if (mask >> (d + j)) & one != 0:
                J[nj] = j
                nj += 1
        if ns == 0:
            verdict[v] = NO_PARTNER
            continue
        if nj > ns:
            verdict[v] = DEGENERATE
            continue
        if nj < ns:
            verdict[v] = UNDECIDED
            continue
        k = ns
        rows2 = 1.0  # product of squared row norms (Hadamard's bound on det^2); no logs needed
        for a in range(k):
            norm = 0.0
            for b in range(k):
                val = other[S[a], J[b]]
                G[a, b] = val
                norm += val * val
            G[a, k] = 1.0
            rows2 *= norm
        det2 = 1.0
        singular = False
        for c in range(k):  # Gaussian elimination, partial pivoting
            p = c
            big = abs(G[c, c])
            for r in range(c + 1, k):
                if abs(G[r, c]) > big:
                    big = abs(G[r, c])
                    p = r
            if not big > 0:
                singular = True
                break
            if p != c:
                for b in range(c, k + 1):
                    t = G[c, b]
                    G[c, b] = G[p, b]
                    G[p, b] = t
            det2 *= big * big
            inv = 1.0 / G[c, c]
            for r in range(c + 1, k):
                f = G[r, c] * inv
                if f != 0.0:
                    for b in range(c + 1, k + 1):
                        G[r, b] -= f * G[c, b]
        if singular or not det2 >= cut * rows2:
            verdict[v] = UNDECIDED
            continue
        for a in range(k - 1, -1, -1):
            s = G[a, k]
            for b in range(a + 1, k):
                s -= G[a, b] * w[b]
            w[a] = s / G[a, a]
        violated = False
        ambiguous = False
        for b in range(k):
            s = w[b]
            if s < -margin:
                violated = True
            elif abs(s) > tight_tol and abs(s) <= margin:
                ambiguous = True
        if not violated:
            for r in range(d):
                if (mask >> r) & one != 0:
                    s = 1.0
                    for b in range(k):
                        s -= other[r, J[b]] * w[b]
                    if s < -margin:
                        violated = True
                        break
                    if abs(s) > tight_tol and abs(s) <= margin:
                        ambiguous = True
        if violated:
            verdict[v] = NO_PARTNER
        elif ambiguous:
            verdict[v] = UNDECIDED
        else:
            verdict[v] = PARTNER
            for b in range(k):
                W[v, J[b]] = max(w[b], 0.0)
    return verdict, W
