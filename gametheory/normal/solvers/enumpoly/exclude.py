"""An exact certificate that a support system has no root inside the simplices, by
subdividing the box of its unknowns (before any Groebner basis or homotopy).

Each indifference equation is multi-affine in the unknowns (degree at most one in each
``x_jr``: a player's probabilities enter each term once, and each probability is affine in
that player's unknowns). On a box, a multi-affine function is the multilinear interpolation
of its values at the box's corners, so if one equation has the same strict sign at every
corner, it has no zero in the box. The box ``[0, 1]^n`` holds the product of the open
simplices; it is bisected (widest side first) and boxes are dropped when one equation is
of one strict sign at all corners, or when they miss the open simplices (the lower corner
of a player's unknowns already sums to 1 or more). If every box is dropped, no equilibrium
has this support, and nothing else needs to be solved.

Exactness: corners are dyadic (denominator ``2**depth``) and the coefficients integers, so
each corner value is an integer over ``2**(depth * degree)``; it is computed in float64 only
while the bound :func:`_exact_in_float` proves every product and sum exact (53-bit
mantissa), else the certificate is not attempted. A support whose boxes cannot all be
dropped within the budget goes on to the exact path unchanged.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from gametheory._kernel.lazy import optional
from gametheory.normal.solvers.enumpoly.system import _System

#: Largest number of unknowns for which the certificate is tried (corners per box: 2**n).
EXCLUDE_MAX_VARS = 9
#: Largest number of boxes evaluated for one support before giving up (compiled kernel) ...
EXCLUDE_MAX_BOXES = 1000
#: ... and on the numpy path, where each level costs tens of microseconds of overhead.
EXCLUDE_MAX_BOXES_NUMPY = 32
#: Deepest bisection of one coordinate.
EXCLUDE_MAX_DEPTH = 6


def _exact_in_float(system: _System, depth: int) -> bool:
    """Whether every corner value at bisection depth ``depth`` is exact in float64."""
    if max(system.k) > 9:
        return False
    bits_total = 0
    for _i, shp, c in system.eqs:
        big = max((abs(v) for v in c), default=0)
        terms = len(c)
        degree = len(shp)
        # a corner probability is at most max(k_j - 1, 1) <= 2 ** 3 in absolute value
        # (the first one, 1 - sum x, can be negative outside the simplex), so
        # |numerator| <= big * terms * (2 ** (depth + 3)) ** degree
        bits = int(big).bit_length() + int(terms).bit_length() + (depth + 3) * degree + 1
        bits_total = max(bits_total, bits)
    return bits_total <= 52


def no_root_in_simplices(system: _System, compiled: bool | None = None, max_boxes: int | None = None) -> bool:
    """``True`` when the support system provably has no root with every probability in
    (0, 1) (see the module docstring); ``False`` means undecided, not that a root exists.

    ``compiled``: ``True`` uses the numba kernel (:mod:`._exclude_jit`) when numba is
    installed (else the numpy path); ``False`` the numpy path; ``None`` (default) the
    kernel only when numba is already imported (importing it and loading the kernel costs
    about 0.4 s of CPU, more than the numpy path spends on a small game). Both paths give
    the same answer for the same ``max_boxes`` (default: :data:`EXCLUDE_MAX_BOXES` for the
    kernel, :data:`EXCLUDE_MAX_BOXES_NUMPY` for numpy; a larger budget only decides more).
    """
    n = system.n
    if n == 0 or n > EXCLUDE_MAX_VARS or not _exact_in_float(system, EXCLUDE_MAX_DEPTH):
        return False
    if compiled is None:
        compiled = "numba" in sys.modules
    if compiled:
        kernel = _kernel()
        if kernel is not None:
            budget = EXCLUDE_MAX_BOXES if max_boxes is None else max_boxes
            return bool(kernel(n, *_packed(system), budget, EXCLUDE_MAX_DEPTH))
    return _numpy_path(system, EXCLUDE_MAX_BOXES_NUMPY if max_boxes is None else max_boxes)


def _kernel() -> Any:
    """The compiled kernel, or ``None`` without numba (looked up once)."""
    return optional("gametheory.normal.solvers.enumpoly._exclude_jit:exclude_kernel")


def _packed(system: _System) -> tuple[np.ndarray, ...]:
    """The equations as flat arrays for the kernel: per equation the unknowns it involves,
    its nonzero terms (coefficient and each opponent's local strategy), and the players."""
    N = system.N
    ne = len(system.eqs)
    terms = []
    for _i, shp, c in system.eqs:
        idx = np.array(np.unravel_index(np.arange(len(c)), shp)).T if shp else np.zeros((1, 0), dtype=np.int64)
        terms.append([(float(v), idx[t]) for t, v in enumerate(c) if v != 0])
    T = max((len(t) for t in terms), default=1) or 1
    coef = np.zeros((ne, T))
    fac = np.zeros((ne, T, N - 1), dtype=np.int64)
    nterms = np.zeros(ne, dtype=np.int64)
    opp = np.zeros((ne, N - 1), dtype=np.int64)
    nvars = np.zeros(ne, dtype=np.int64)
    vars_ = np.zeros((ne, max(system.n, 1)), dtype=np.int64)
    pm = np.array([system.k[j] - 1 for j in range(N)], dtype=np.int64)
    poff = np.array([system.offset.get(j, 0) for j in range(N)], dtype=np.int64)
    for e, (i, _shp, _c) in enumerate(system.eqs):
        others = [j for j in range(N) if j != i]
        opp[e] = others
        nterms[e] = len(terms[e])
        for t, (v, ix) in enumerate(terms[e]):
            coef[e, t] = v
            fac[e, t] = ix
        vs = [poff[j] + r for j in others for r in range(pm[j])]
        nvars[e] = len(vs)
        vars_[e, :len(vs)] = vs
    blk_off = np.array([system.offset[j] for j in system.active], dtype=np.int64)
    blk_m = np.array([system.k[j] - 1 for j in system.active], dtype=np.int64)
    return nvars, vars_, nterms, coef, fac, opp, poff, pm, blk_off, blk_m


def _numpy_path(system: _System, max_boxes: int) -> bool:
    """The certificate in numpy (the fallback without numba)."""
    n = system.n
    N = system.N
    blocks = [(j, system.offset[j], system.k[j] - 1) for j in system.active]
    # the equations of each player stacked, as float tensors over the opponents' supports;
    # corner values need only the corners of the opponents' blocks (an equation does not
    # involve its own player's unknowns), combined as an outer product by einsum
    letters = "abcdefghijklmnop"
    corner_letters = "qrstuvwxy"
    groups: list[tuple[np.ndarray, list[int], str]] = []
    for i in range(N):
        cs = [c for (ii, _shp, c) in system.eqs if ii == i]
        if not cs:
            continue
        shp = next(shp for (ii, shp, _c) in system.eqs if ii == i)
        T = np.array(cs, dtype=np.float64).reshape((len(cs), *shp))
        others = [j for j in range(N) if j != i]
        subs = letters[:len(others)]
        spec = ("e" + subs + "," + ",".join("Z" + corner_letters[a] + s for a, s in enumerate(subs))
                + "->Ze" + corner_letters[:len(others)])
        groups.append((T, others, spec))
    block_corners = {j: np.array(np.unravel_index(np.arange(2 ** m), (2,) * m)).T.astype(bool)
                     for j, _o, m in blocks}
    lo = np.zeros((1, n))
    hi = np.ones((1, n))
    width_level = np.zeros((1, n), dtype=np.int64)
    evaluated = 0
    while len(lo):
        # drop boxes that miss the open simplices
        keep = np.ones(len(lo), dtype=bool)
        for _j, o, m in blocks:
            keep &= lo[:, o:o + m].sum(axis=1) < 1
        lo, hi, width_level = lo[keep], hi[keep], width_level[keep]
        if not len(lo):
            return True
        evaluated += len(lo)
        if evaluated > max_boxes:
            return False
        B = len(lo)
        probs: list[np.ndarray] = []
        for j in range(N):
            if system.k[j] == 1:
                probs.append(np.ones((B, 1, 1)))
                continue
            o, m = system.offset[j], system.k[j] - 1
            xs = np.where(block_corners[j][None, :, :], hi[:, None, o:o + m], lo[:, None, o:o + m])
            probs.append(np.concatenate([1 - xs.sum(axis=2, keepdims=True), xs], axis=2))
        excluded = np.zeros(B, dtype=bool)
        for T, others, spec in groups:
            vals = np.einsum(spec, T, *[probs[j] for j in others]).reshape(B, T.shape[0], -1)
            excluded |= ((vals > 0).all(axis=2) | (vals < 0).all(axis=2)).any(axis=1)
        lo, hi, width_level = lo[~excluded], hi[~excluded], width_level[~excluded]
        if not len(lo):
            return True
        # bisect each remaining box along its least-split coordinate
        axis = np.argmin(width_level, axis=1)
        if int(width_level[np.arange(len(lo)), axis].max()) >= EXCLUDE_MAX_DEPTH:
            return False
        mid = (lo[np.arange(len(lo)), axis] + hi[np.arange(len(lo)), axis]) / 2
        lo2, hi2 = lo.copy(), hi.copy()
        hi[np.arange(len(lo)), axis] = mid
        lo2[np.arange(len(lo)), axis] = mid
        width_level[np.arange(len(lo)), axis] += 1
        lo = np.concatenate([lo, lo2])
        hi = np.concatenate([hi, hi2])
        width_level = np.concatenate([width_level, width_level])
    return True
