"""Compiled kernel (numba) of the subdivision certificate of
:mod:`gametheory.normal.solvers.enumpoly.exclude`.

This module imports :mod:`numba` at its top, so it is imported only lazily by
:func:`~gametheory.normal.solvers.enumpoly.exclude.no_root_in_simplices`; without numba
the numpy path there runs instead. Both paths bisect the same boxes level by level, drop
the same ones (the corner values are exact in float64, so the sign tests agree), count the
same budget and so give the same answer. Compiled functions are cached on disk.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np


@numba.njit(cache=True)
def _box_excluded(lo: Any, hi: Any, nvars: Any, vars_: Any, nterms: Any, coef: Any, fac: Any,
                  opp: Any, poff: Any, pm: Any, x: Any, p: Any) -> bool:  # pragma: no cover - compiled
    """Whether one equation has one strict sign at every corner of the box."""
    ne = nvars.shape[0]
    nopp = opp.shape[1]
    for e in range(ne):
        q = nvars[e]
        pos = False
        neg = False
        for mask in range(1 << q):
            for b in range(q):
                v = vars_[e, b]
                x[v] = hi[v] if (mask >> b) & 1 else lo[v]
            # probabilities of the opponents at this corner: p[a, r]
            for a in range(nopp):
                j = opp[e, a]
                m = pm[j]
                s = 0.0
                for r in range(m):
                    p[a, r + 1] = x[poff[j] + r]
                    s += x[poff[j] + r]
                p[a, 0] = 1.0 - s
            val = 0.0
            for t in range(nterms[e]):
                term = coef[e, t]
                for a in range(nopp):
                    term *= p[a, fac[e, t, a]]
                val += term
            if val > 0.0:
                pos = True
            elif val < 0.0:
                neg = True
            else:
                pos = True
                neg = True
            if pos and neg:
                break
        if not (pos and neg):
            return True
    return False


@numba.njit(cache=True)
def exclude_kernel(n: int, nvars: Any, vars_: Any, nterms: Any, coef: Any, fac: Any, opp: Any,
                   poff: Any, pm: Any, blk_off: Any, blk_m: Any, max_boxes: int,
                   max_depth: int) -> bool:  # pragma: no cover - compiled
    """The level-by-level bisection of ``exclude.no_root_in_simplices`` in machine code."""
    cap = 2 * max_boxes + 2
    lo = np.zeros((cap, n))
    hi = np.ones((cap, n))
    lev = np.zeros((cap, n), dtype=np.int64)
    lo2 = np.zeros((cap, n))
    hi2 = np.ones((cap, n))
    lev2 = np.zeros((cap, n), dtype=np.int64)
    x = np.zeros(n)
    p = np.zeros((opp.shape[1], 16))
    count = 1
    evaluated = 0
    while count > 0:
        kept = 0
        for b in range(count):
            inside = True
            for s in range(blk_off.shape[0]):
                tot = 0.0
                for r in range(blk_m[s]):
                    tot += lo[b, blk_off[s] + r]
                if tot >= 1.0:
                    inside = False
                    break
            if inside:
                lo[kept, :] = lo[b, :]
                hi[kept, :] = hi[b, :]
                lev[kept, :] = lev[b, :]
                kept += 1
        count = kept
        if count == 0:
            return True
        evaluated += count
        if evaluated > max_boxes:
            return False
        kept = 0
        for b in range(count):
            if not _box_excluded(lo[b], hi[b], nvars, vars_, nterms, coef, fac, opp, poff, pm, x, p):
                lo[kept, :] = lo[b, :]
                hi[kept, :] = hi[b, :]
                lev[kept, :] = lev[b, :]
                kept += 1
        count = kept
        if count == 0:
            return True
        out = 0
        for b in range(count):
            axis = 0
            for v in range(1, n):
                if lev[b, v] < lev[b, axis]:
                    axis = v
            if lev[b, axis] >= max_depth:
                return False
            mid = (lo[b, axis] + hi[b, axis]) / 2
            lo2[out, :] = lo[b, :]
            hi2[out, :] = hi[b, :]
            lev2[out, :] = lev[b, :]
            hi2[out, axis] = mid
            lev2[out, axis] += 1
            lo2[out + count, :] = lo[b, :]
            hi2[out + count, :] = hi[b, :]
            lev2[out + count, :] = lev[b, :]
            lo2[out + count, axis] = mid
            lev2[out + count, axis] += 1
            out += 1
        count = 2 * count
        lo, lo2 = lo2, lo
        hi, hi2 = hi2, hi
        lev, lev2 = lev2, lev
    return True
