"""Compiled kernel (numba) of :mod:`gametheory.normal.solvers.enumpoly.boxes`: every support
profile of a game through subdivision, corner-sign exclusion and the Krawczyk test, in
floating point with explicit rounding margins.

This module imports :mod:`numba` at its top, so it is imported only lazily (by
:func:`gametheory.normal.solvers.enumpoly.boxes.certify_supports`). Compiled functions are
cached on disk. Conventions (all arrays are float64 unless said otherwise):

* ``U[i, flat]``: player ``i``'s payoff at the pure profile with row-major index ``flat``,
  divided by the largest absolute payoff of that player (a positive scaling changes no
  best response); ``strides[j]``: the row-major stride of player ``j``'s strategy.
* A support profile is one bit mask per player. Its unknowns are, for each player ``j``
  with ``k_j >= 2`` supported strategies, the probabilities of all but the first
  (``p_j0 = 1 - sum``), in player order. Equation ``(i, r)``: the payoff of the ``r``-th
  supported strategy minus that of the first, ``r >= 1``.
* Every value below is multi-affine in the unknowns of the opponents (degree at most one in
  each), so over a box its range is spanned by its values at the box's corners. A corner
  value is computed in float64 with error at most ``ERR`` times the product of the largest
  absolute payoff (1 after scaling) and each opponent's largest corner 1-norm: a sum of at
  most a few thousand products of numbers of that size, each operation with relative
  error ``2**-53`` (Higham, *Accuracy and Stability of Numerical Algorithms*, 2002, sec.
  3.1), so a sign is trusted only beyond that margin.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

#: Relative rounding margin of one contracted value (see the module docstring): a few
#: hundred operations at 2**-53 each stay below 1e-14; 1e-12 leaves a wide margin.
ERR = 1e-12

#: Where a box side is cut (a fraction of it, not one half: roots at dyadic rationals, common
#: in games with integer payoffs, would otherwise lie on a face of every box around them,
#: where the Krawczyk test cannot succeed).
SPLIT = 0.4871

# outcome of a support
NONE = 0  # no equilibrium with this support (certified)
FOUND = 1  # every equilibrium with this support is among the roots reported
UNDECIDED = 2  # left to the exact path


@numba.njit(cache=True)
def _contract(W: Any, nrow: int, opps: Any, nopp: int, kk: Any, C: Any, cc: Any, jo: int, so: int,
              buf_a: Any, buf_b: Any) -> Any:  # pragma: no cover - compiled
    """Contract player-table ``W`` (rows x opponents' supported strategies, row-major, last
    opponent fastest) with a set of vectors per opponent: ``C[j, t, :kk[j]]`` for
    ``t < cc[j]``, except opponent ``jo`` (if ``>= 0``), which gets the single vector
    ``e_so - e_0`` (a derivative). Returns the buffer holding ``nrow x prod(counts)`` values
    (the counts' axes in reverse opponent order; only their set matters to callers)."""
    size = nrow
    for a in range(nopp):
        size *= kk[opps[a]]
    cur = buf_a
    nxt = buf_b
    for t in range(size):
        cur[t] = W[t]
    post = 1
    for ax in range(nopp - 1, -1, -1):
        j = opps[ax]
        k = kk[j]
        pre = nrow
        for a in range(ax):
            pre *= kk[opps[a]]
        c = 1 if j == jo else cc[j]
        for p in range(pre):
            for q in range(post):
                base = p * k * post + q
                for t in range(c):
                    if j == jo:
                        s = cur[base + so * post] - cur[base]
                    else:
                        s = 0.0
                        for r in range(k):
                            s += cur[base + r * post] * C[j, t, r]
                    nxt[(p * post + q) * c + t] = s
        post *= c
        tmp = cur
        cur = nxt
        nxt = tmp
    return cur


@numba.njit(cache=True)
def _corners(lo: Any, hi: Any, N: int, kk: Any, off: Any, C: Any, cc: Any, norm: Any) -> None:  # pragma: no cover
    """Each player's probability vectors at the corners of the box (``C``, ``cc``) and the
    largest 1-norm among them (``norm``)."""
    for j in range(N):
        m = kk[j] - 1
        if m == 0:
            cc[j] = 1
            C[j, 0, 0] = 1.0
            norm[j] = 1.0
            continue
        cc[j] = 1 << m
        best = 0.0
        for t in range(1 << m):
            s = 0.0
            tot = 0.0
            for r in range(m):
                v = hi[off[j] + r] if (t >> r) & 1 else lo[off[j] + r]
                C[j, t, r + 1] = v
                s += v
                tot += abs(v)
            C[j, t, 0] = 1.0 - s
            tot += abs(1.0 - s)
            if tot > best:
                best = tot
        norm[j] = best


@numba.njit(cache=True)
def _point_vectors(x: Any, N: int, kk: Any, off: Any, C: Any, cc: Any, norm: Any) -> None:  # pragma: no cover
    """Each player's probability vector at the point ``x`` (one "corner")."""
    for j in range(N):
        m = kk[j] - 1
        cc[j] = 1
        if m == 0:
            C[j, 0, 0] = 1.0
            norm[j] = 1.0
            continue
        s = 0.0
        tot = 0.0
        for r in range(m):
            C[j, 0, r + 1] = x[off[j] + r]
            s += x[off[j] + r]
            tot += abs(x[off[j] + r])
        C[j, 0, 0] = 1.0 - s
        norm[j] = tot + abs(1.0 - s)


@numba.njit(cache=True)
def _evaluate(x: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any, opps: Any,
              C: Any, cc: Any, norm: Any, f: Any, J: Any, buf_a: Any, buf_b: Any,
              with_j: bool = True) -> float:  # pragma: no cover
    """The equations ``f`` and (``with_j``) their Jacobian ``J`` at the point ``x``; returns
    the rounding margin of each entry."""
    _point_vectors(x, N, kk, off, C, cc, norm)
    worst = 0.0
    e = 0
    for i in range(N):
        if kk[i] < 2:
            continue
        bound = 1.0
        for a in range(N - 1):
            bound *= norm[opps[i, a]] + 1.0
        if bound > worst:
            worst = bound
        V = _contract(W[i], nstrat[i], opps[i], N - 1, kk, C, cc, -1, 0, buf_a, buf_b)
        for r in range(1, kk[i]):
            f[e + r - 1] = V[sup[i, r]] - V[sup[i, 0]]
        if not with_j:
            e += kk[i] - 1
            continue
        for v in range(n):
            for r in range(1, kk[i]):
                J[e + r - 1, v] = 0.0
        for a in range(N - 1):
            j = opps[i, a]
            for s in range(1, kk[j]):
                V = _contract(W[i], nstrat[i], opps[i], N - 1, kk, C, cc, j, s, buf_a, buf_b)
                for r in range(1, kk[i]):
                    J[e + r - 1, off[j] + s - 1] = V[sup[i, r]] - V[sup[i, 0]]
        e += kk[i] - 1
    return 2.0 * ERR * worst


@numba.njit(cache=True)
def _solve_support(N: int, nstrat: Any, kk: Any, sup: Any, off: Any, n: int, W: Any, opps: Any,
                   max_boxes: int, min_width: float, kraw_width: float, pc_width: float, roots: Any, bounds: Any,
                   inv: Any, nroots: int, cap: int, work: Any) -> Any:  # pragma: no cover - compiled
    """One support: ``(status, roots found, boxes used)``; roots are appended to ``roots``
    from row ``nroots`` (at most ``cap`` rows in all), each root's certified enclosure to
    ``bounds`` (``bounds[q, 0]`` its lower corner, ``bounds[q, 1]`` its upper one) and the
    inverse of the Jacobian at it to ``inv[q, :n, :n]``."""
    C, cc, norm, buf_a, buf_b, f, J, lo_s, hi_s, x, xn, Jlo, Jhi, Vall, pc_eps, Y, scratch = work
    lo = np.zeros(lo_s.shape[1])
    hi = np.zeros(lo_s.shape[1])
    nb = 0
    top = 1
    for v in range(n):
        lo_s[0, v] = 0.0
        hi_s[0, v] = 1.0
    found = 0
    while top > 0:
        top -= 1
        nb += 1
        if nb > max_boxes:
            return UNDECIDED, 0, nb
        for v in range(n):
            lo[v] = lo_s[top, v]
            hi[v] = hi_s[top, v]
        # the open simplices: the lower corner of a player's unknowns must sum below one,
        # and no unknown can exceed one minus the others' lower bounds (tightened; the
        # slack covers the rounding of the sum)
        outside = False
        for j in range(N):
            if kk[j] >= 2:
                s = 0.0
                for r in range(kk[j] - 1):
                    s += lo[off[j] + r]
                if s >= 1.0:
                    outside = True
                    break
                for r in range(kk[j] - 1):
                    cap_v = 1.0 - (s - lo[off[j] + r]) + 1e-15
                    if cap_v < hi[off[j] + r]:
                        hi[off[j] + r] = cap_v
                    if cap_v < lo[off[j] + r]:
                        outside = True
        if outside:
            continue
        # corner signs: an equation of one strict sign, or a strategy beaten everywhere
        _corners(lo, hi, N, kk, off, C, cc, norm)
        drop = False
        for i in range(N):
            bound = 1.0
            combos = 1
            for a in range(N - 1):
                bound *= norm[opps[i, a]] + 1.0
                combos *= cc[opps[i, a]]
            eps = 2.0 * ERR * bound
            V = _contract(W[i], nstrat[i], opps[i], N - 1, kk, C, cc, -1, 0, buf_a, buf_b)
            for r in range(kk[i]):
                for t in range(combos):
                    Vall[i, r * combos + t] = V[sup[i, r] * combos + t]
            pc_eps[i] = eps
            for r in range(1, kk[i]):
                a0 = sup[i, 0]
                a1 = sup[i, r]
                pos = True
                neg = True
                for t in range(combos):
                    d = V[a1 * combos + t] - V[a0 * combos + t]
                    if d <= eps:
                        pos = False
                    if d >= -eps:
                        neg = False
                    if not pos and not neg:
                        break
                if pos or neg:
                    drop = True
                    break
            if drop:
                break
            for b in range(nstrat[i]):
                inside = False
                for r in range(kk[i]):
                    if sup[i, r] == b:
                        inside = True
                if inside:
                    continue
                for r in range(kk[i]):
                    a0 = sup[i, r]
                    better = True
                    for t in range(combos):
                        if V[b * combos + t] - V[a0 * combos + t] <= eps:
                            better = False
                            break
                    if better:
                        drop = True
                        break
                if drop:
                    break
            if drop:
                break
        if drop:
            continue
        if n == 0:
            # a pure profile that no strategy beats: an equilibrium unless a tie is too close
            status = _classify(lo, hi, N, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b)
            if status == 1:
                if nroots >= cap:
                    return UNDECIDED, 0, nb
                nroots += 1
                return FOUND, 1, nb
            if status == 0:
                return NONE, 0, nb
            return UNDECIDED, 0, nb
        width = 0.0
        axis = 0
        for v in range(n):
            if hi[v] - lo[v] > width:
                width = hi[v] - lo[v]
                axis = v
        if width <= pc_width and n >= 2:
            # the equations combined by the inverse Jacobian at the centre: each combination
            # is multi-affine in all unknowns, so its corner values span its range
            if _precond_excluded(lo, hi, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b,
                                 f, J, x, Y, Vall, pc_eps, scratch):
                continue
        if width <= kraw_width:
            verdict = _krawczyk(lo, hi, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b,
                                f, J, x, xn, Jlo, Jhi)
            if verdict == 0:
                continue
            if verdict == 1:
                # a unique root in the box, at x: is it an equilibrium?
                tlo = np.empty(n)
                thi = np.empty(n)
                ok = _tight(x, lo, hi, n, N, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b, f, J,
                            Jlo, Jhi, tlo, thi, inv[min(nroots, cap - 1)])
                if not ok:
                    return UNDECIDED, 0, nb
                status = _classify(tlo, thi, N, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b)
                if status == 2:
                    return UNDECIDED, 0, nb
                if status == 1:
                    # the root lies inside this box (K(X) is in its interior), and boxes
                    # share at most faces: no other box reports it
                    if nroots >= cap:
                        return UNDECIDED, 0, nb
                    for v in range(n):
                        roots[nroots, v] = x[v]
                        bounds[nroots, 0, v] = tlo[v]
                        bounds[nroots, 1, v] = thi[v]
                    nroots += 1
                    found += 1
                continue
        if width <= min_width:
            return UNDECIDED, 0, nb
        if top + 2 > lo_s.shape[0]:
            return UNDECIDED, 0, nb
        mid = lo[axis] + SPLIT * (hi[axis] - lo[axis])
        lo_s[top, :] = lo
        hi_s[top, :] = hi
        hi_s[top, axis] = mid
        lo_s[top + 1, :] = lo
        hi_s[top + 1, :] = hi
        lo_s[top + 1, axis] = mid
        top += 2
    return (FOUND if found else NONE), found, nb


@numba.njit(cache=True)
def _precond_excluded(lo: Any, hi: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any,
                      opps: Any, C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any, f: Any, J: Any, x: Any,
                      Y: Any, Vall: Any, pc_eps: Any, scratch: Any) -> bool:  # pragma: no cover - compiled
    """Whether some row of ``Y f`` (``Y``: inverse Jacobian at the box's centre) has one
    strict sign at every corner of the box. ``Vall[i]``: player ``i``'s supported
    strategies' corner values (from the corner test on this box, opponents' corner
    combinations fastest, the first opponent's corner varying fastest); ``pc_eps[i]`` their
    rounding margin. Clobbers ``C``, ``cc``, ``norm`` (the point's vectors)."""
    ccs, owner, row, combo, tots, margin, fc, alive, pos, neg = scratch
    # corner counts per player (before _evaluate overwrites cc)
    for j in range(N):
        ccs[j] = cc[j]
    for v in range(n):
        x[v] = 0.5 * (lo[v] + hi[v])
    _evaluate(x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, f, J, buf_a, buf_b, True)
    if not _inverse(J, n, Y):
        return False
    # the player and local row of each equation, and its margin
    e = 0
    for i in range(N):
        tot = 1
        for a in range(N - 1):
            tot *= ccs[opps[i, a]]
        tots[i] = tot
        for r in range(1, kk[i]):
            owner[e] = i
            row[e] = r
            e += 1
    for a in range(n):
        margin[a] = 0.0
        alive[a] = True
        pos[a] = True
        neg[a] = True
        for b in range(n):
            margin[a] += abs(Y[a, b]) * (pc_eps[owner[b]] * 1.0000001 + 1e-14)
    left = n
    for corner in range(1 << n):
        # each player's index among its opponents' corner combinations
        for i in range(N):
            idx = 0
            mult = 1
            for a in range(N - 1):
                j = opps[i, a]
                t = (corner >> off[j]) & ((1 << (kk[j] - 1)) - 1)
                idx += t * mult
                mult *= ccs[j]
            combo[i] = idx
        for b in range(n):
            i = owner[b]
            fc[b] = Vall[i, row[b] * tots[i] + combo[i]] - Vall[i, combo[i]]
        for a in range(n):
            if not alive[a]:
                continue
            g = 0.0
            for b in range(n):
                g += Y[a, b] * fc[b]
            if g <= margin[a]:
                pos[a] = False
            if g >= -margin[a]:
                neg[a] = False
            if not pos[a] and not neg[a]:
                alive[a] = False
                left -= 1
        if left == 0:
            return False
    return True


@numba.njit(cache=True)
def _classify(lo: Any, hi: Any, N: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any, opps: Any,
              C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any) -> int:  # pragma: no cover - compiled
    """Whether every point of the (tiny) box is an equilibrium with this support: 1 yes
    (every probability positive, every unused strategy strictly worse), 0 no (one
    probability negative or one unused strategy strictly better throughout), 2 undecided."""
    _corners(lo, hi, N, kk, off, C, cc, norm)
    undecided = False
    for j in range(N):
        if kk[j] >= 2:
            # p_j0 = 1 - sum x is smallest at the upper corner; each x smallest at lo
            for r in range(kk[j] - 1):
                if hi[off[j] + r] < 0.0:
                    return 0
                if lo[off[j] + r] <= 0.0:
                    undecided = True
            s_lo = 0.0
            s_hi = 0.0
            for r in range(kk[j] - 1):
                s_lo += lo[off[j] + r]
                s_hi += hi[off[j] + r]
            if 1.0 - s_lo < -1e-15:
                return 0
            if 1.0 - s_hi <= 1e-15:
                undecided = True
    for i in range(N):
        bound = 1.0
        combos = 1
        for a in range(N - 1):
            bound *= norm[opps[i, a]] + 1.0
            combos *= cc[opps[i, a]]
        eps = 2.0 * ERR * bound
        V = _contract(W[i], nstrat[i], opps[i], N - 1, kk, C, cc, -1, 0, buf_a, buf_b)
        a0 = sup[i, 0]
        for b in range(nstrat[i]):
            inside = False
            for r in range(kk[i]):
                if sup[i, r] == b:
                    inside = True
            if inside:
                continue
            below = True
            above = True
            for t in range(combos):
                d = V[b * combos + t] - V[a0 * combos + t]
                if d >= -eps:
                    below = False
                if d <= eps:
                    above = False
            if above:
                return 0
            if not below:
                undecided = True
    return 2 if undecided else 1


@numba.njit(cache=True)
def _interval_jacobian(lo: Any, hi: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any,
                       opps: Any, C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any, Jlo: Any,
                       Jhi: Any) -> None:  # pragma: no cover - compiled
    """Bounds of every Jacobian entry over the box (corner values, widened by the margin)."""
    _corners(lo, hi, N, kk, off, C, cc, norm)
    for a in range(n):
        for b in range(n):
            Jlo[a, b] = 0.0
            Jhi[a, b] = 0.0
    e = 0
    for i in range(N):
        if kk[i] < 2:
            continue
        for a in range(N - 1):
            j = opps[i, a]
            if kk[j] < 2:
                continue
            bound = 1.0
            combos = 1
            for a2 in range(N - 1):
                o = opps[i, a2]
                if o != j:
                    bound *= norm[o] + 1.0
                    combos *= cc[o]
            eps = 4.0 * ERR * bound
            for s in range(1, kk[j]):
                V = _contract(W[i], nstrat[i], opps[i], N - 1, kk, C, cc, j, s, buf_a, buf_b)
                for r in range(1, kk[i]):
                    mn = 1e300
                    mx = -1e300
                    for t in range(combos):
                        d = V[sup[i, r] * combos + t] - V[sup[i, 0] * combos + t]
                        if d < mn:
                            mn = d
                        if d > mx:
                            mx = d
                    Jlo[e + r - 1, off[j] + s - 1] = mn - eps
                    Jhi[e + r - 1, off[j] + s - 1] = mx + eps
        e += kk[i] - 1


@numba.njit(cache=True)
def _inverse(A: Any, n: int, out: Any) -> bool:  # pragma: no cover - compiled
    """``out`` = inverse of ``A[:n, :n]`` by Gauss-Jordan elimination with partial pivoting;
    ``False`` when a pivot is (relatively) tiny or a value not finite."""
    M = np.zeros((n, 2 * n))
    scale = 0.0
    for a in range(n):
        for b in range(n):
            M[a, b] = A[a, b]
            scale = max(scale, abs(A[a, b]))
        M[a, n + a] = 1.0
    if not (scale > 0.0) or not np.isfinite(scale):
        return False
    for col in range(n):
        piv = col
        for a in range(col + 1, n):
            if abs(M[a, col]) > abs(M[piv, col]):
                piv = a
        if abs(M[piv, col]) <= 1e-13 * scale:
            return False
        if piv != col:
            for b in range(2 * n):
                t = M[col, b]
                M[col, b] = M[piv, b]
                M[piv, b] = t
        d = M[col, col]
        for b in range(2 * n):
            M[col, b] /= d
        for a in range(n):
            if a != col and M[a, col] != 0.0:
                g = M[a, col]
                for b in range(2 * n):
                    M[a, b] -= g * M[col, b]
    for a in range(n):
        for b in range(n):
            v = M[a, n + b]
            if not np.isfinite(v):
                return False
            out[a, b] = v
    return True


@numba.njit(cache=True)
def _krawczyk_step(lo: Any, hi: Any, m: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any,
                   W: Any, opps: Any, C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any, f: Any, J: Any,
                   Jlo: Any, Jhi: Any, klo: Any, khi: Any, Y: Any, fresh: bool) -> int:  # pragma: no cover
    """The Krawczyk operator ``K = m - Y f(m) + (I - Y J(X)) (X - m)`` of the box, with
    ``Y`` the inverse of the Jacobian at ``m`` (``fresh``) or the ``Y`` given (any matrix
    will do for the theorem; one near the inverse makes ``K`` small); its enclosure goes to
    ``klo, khi``. Returns 1 when ``K`` lies inside the box's interior (exactly one root in
    the box, and it lies in ``K``), 0 when ``K`` misses the box (no root), 2 otherwise (or
    ``Y`` not found)."""
    err_f = _evaluate(m, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, f, J, buf_a, buf_b, fresh)
    if fresh and not _inverse(J, n, Y):
        return 2
    _interval_jacobian(lo, hi, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b, Jlo, Jhi)
    inside = True
    miss = False
    for a in range(n):
        # m - Y f(m)
        yf = 0.0
        yabs = 0.0
        for b in range(n):
            yf += Y[a, b] * f[b]
            yabs += abs(Y[a, b])
        c = m[a] - yf
        rad = yabs * err_f + 1e-15 * (abs(m[a]) + abs(yf))
        # (I - Y J(X)) (X - m), with Y J(X) in mid-radius form
        for b in range(n):
            mid = 1.0 if a == b else 0.0
            mrad = 0.0
            for t in range(n):
                jc = 0.5 * (Jlo[t, b] + Jhi[t, b])
                jr = 0.5 * (Jhi[t, b] - Jlo[t, b])
                mid -= Y[a, t] * jc
                mrad += abs(Y[a, t]) * jr
            dc = 0.5 * (lo[b] + hi[b]) - m[b]
            dr = 0.5 * (hi[b] - lo[b])
            c += mid * dc
            rad += abs(mid) * dr + mrad * (abs(dc) + dr) + 1e-15 * (abs(mid) + mrad) * (abs(dc) + dr)
        klo[a] = c - rad
        khi[a] = c + rad
        if not (klo[a] > lo[a] and khi[a] < hi[a]):
            inside = False
        if khi[a] < lo[a] or klo[a] > hi[a]:
            miss = True
    if miss:
        return 0
    return 1 if inside else 2


@numba.njit(cache=True)
def _newton(x: Any, lo: Any, hi: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any,
            opps: Any, C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any, f: Any, J: Any,
            iters: int) -> None:  # pragma: no cover - compiled
    """A few Newton steps from ``x``, each clipped to the box."""
    Y = np.empty((n, n))
    step = np.zeros(n)
    for _ in range(iters):
        _evaluate(x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, f, J, buf_a, buf_b, True)
        if not _inverse(J, n, Y):
            return
        for a in range(n):
            step[a] = 0.0
        for a in range(n):
            for b in range(n):
                step[a] += Y[a, b] * f[b]
        moved = 0.0
        for v in range(n):
            if not np.isfinite(step[v]):
                return
            nv = x[v] - step[v]
            if nv < lo[v]:
                nv = lo[v]
            if nv > hi[v]:
                nv = hi[v]
            moved = max(moved, abs(nv - x[v]))
            x[v] = nv
        if moved < 1e-15:
            return


@numba.njit(cache=True)
def _krawczyk(lo: Any, hi: Any, N: int, n: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any, opps: Any,
              C: Any, cc: Any, norm: Any, buf_a: Any, buf_b: Any, f: Any, J: Any, x: Any, xn: Any, Jlo: Any,
              Jhi: Any) -> int:  # pragma: no cover - compiled
    """The Krawczyk test on the box from a Newton-polished centre (``x`` receives it):
    0 no root in the box, 1 exactly one, 2 undecided."""
    for v in range(n):
        x[v] = 0.5 * (lo[v] + hi[v])
    # chord steps from the centre (one Jacobian, its inverse reused by the test)
    _evaluate(x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, f, J, buf_a, buf_b, True)
    Y = np.empty((n, n))
    if not _inverse(J, n, Y):
        return 2
    for _ in range(5):
        moved = 0.0
        for a in range(n):
            step = 0.0
            for b in range(n):
                step += Y[a, b] * f[b]
            nv = x[a] - step
            if not np.isfinite(nv):
                nv = 0.5 * (lo[a] + hi[a])
            if nv < lo[a]:
                nv = lo[a]
            if nv > hi[a]:
                nv = hi[a]
            moved = max(moved, abs(nv - x[a]))
            xn[a] = nv
        for a in range(n):
            x[a] = xn[a]
        if moved < 1e-15:
            break
        _evaluate(x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, f, J, buf_a, buf_b, False)
    klo = np.empty(n)
    khi = np.empty(n)
    return _krawczyk_step(lo, hi, x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b,
                          f, J, Jlo, Jhi, klo, khi, Y, False)


@numba.njit(cache=True)
def _tight(x: Any, lo: Any, hi: Any, n: int, N: int, nstrat: Any, kk: Any, sup: Any, off: Any, W: Any, opps: Any, C: Any, cc: Any,
           norm: Any, buf_a: Any, buf_b: Any, f: Any, J: Any, Jlo: Any, Jhi: Any, tlo: Any,
           thi: Any, yout: Any) -> bool:  # pragma: no cover - compiled
    """Polish the root at ``x`` and enclose it in a tiny box ``[tlo, thi]`` certified by
    the Krawczyk test (the root is unique there and lies in it); ``yout[:n, :n]`` receives
    the inverse of the Jacobian at ``x`` (the caller's polishing reuses it)."""
    big_lo = np.empty(n)
    big_hi = np.empty(n)
    for v in range(n):
        big_lo[v] = lo[v]
        big_hi[v] = hi[v]
    _newton(x, big_lo, big_hi, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b, f, J, 4)
    klo = np.empty(n)
    khi = np.empty(n)
    Yt = np.empty((n, n))
    for radius in (1e-11, 1e-9, 1e-7, 1e-5):
        for v in range(n):
            tlo[v] = max(lo[v], x[v] - radius * (1.0 + abs(x[v])))
            thi[v] = min(hi[v], x[v] + radius * (1.0 + abs(x[v])))
        verdict = _krawczyk_step(tlo, thi, x, N, n, nstrat, kk, sup, off, W, opps, C, cc, norm, buf_a, buf_b,
                                 f, J, Jlo, Jhi, klo, khi, Yt, True)
        if verdict == 1:
            for v in range(n):
                tlo[v] = klo[v]
                thi[v] = khi[v]
                for b in range(n):
                    yout[v, b] = Yt[v, b]
            return True
    return False


@numba.njit(cache=True, nogil=True)
def certify_chunk(U: Any, nstrat: Any, strides: Any, masks: Any, max_boxes: int, min_width: float, kraw_width: float,
           pc_width: float, c: int, nchunks: int, status: Any, count: Any, boxes: Any,
           roots: Any, bounds: Any, inv: Any) -> None:  # pragma: no cover - compiled
    """Supports ``c, c + nchunks, ...`` (``masks[s, j]``: player ``j``'s support as a bit
    mask), with one set of work arrays. Each support's answer depends on that support
    alone, and the function releases the GIL, so chunks may run on several threads.

    Writes ``status[s]`` (:data:`NONE`, :data:`FOUND`, :data:`UNDECIDED`), ``count[s]``
    and ``roots[s, :count[s]]`` (support ``s``'s equilibria, in the unknowns described in
    the module docstring; a support with more than ``roots.shape[1]`` is undecided), their
    certified enclosures ``bounds[s, :count[s]]`` (lower and upper corner: each holds
    exactly one root, that root), the inverse Jacobians at them ``inv[s, :count[s]]`` (of
    the scaled payoffs ``U``) and ``boxes[s]`` (boxes examined)."""
    S = masks.shape[0]
    N = nstrat.shape[0]
    cap = roots.shape[1]
    nvar = roots.shape[2]
    nmax = 0
    total = 1
    for j in range(N):
        nmax = max(nmax, nstrat[j])
        total *= nstrat[j]
    kk = np.zeros(N, dtype=np.int64)
    sup = np.zeros((N, nmax), dtype=np.int64)
    off = np.zeros(N, dtype=np.int64)
    opps = np.zeros((N, max(N - 1, 1)), dtype=np.int64)
    for i in range(N):
        a = 0
        for j in range(N):
            if j != i:
                opps[i, a] = j
                a += 1
    W = np.zeros((N, total))
    cmax = 1 << (nmax - 1)
    C = np.zeros((N, cmax, nmax))
    cc = np.ones(N, dtype=np.int64)
    norm = np.ones(N)
    bufsize = total * max(1, cmax) ** max(N - 1, 1) + total
    buf_a = np.zeros(bufsize)
    buf_b = np.zeros(bufsize)
    f = np.zeros(nvar)
    J = np.zeros((nvar, nvar))
    depth = 64 * nvar + 8
    lo_s = np.zeros((depth, nvar))
    hi_s = np.zeros((depth, nvar))
    x = np.zeros(nvar)
    xn = np.zeros(nvar)
    Jlo = np.zeros((nvar, nvar))
    Jhi = np.zeros((nvar, nvar))
    Vall = np.zeros((N, nmax * max(1, cmax) ** max(N - 1, 1)))
    pc_eps = np.zeros(N)
    Y = np.zeros((nvar, nvar))
    scratch = (np.zeros(N, dtype=np.int64), np.zeros(nvar, dtype=np.int64), np.zeros(nvar, dtype=np.int64),
               np.zeros(N, dtype=np.int64), np.zeros(N, dtype=np.int64), np.zeros(nvar), np.zeros(nvar),
               np.ones(nvar, dtype=np.bool_), np.ones(nvar, dtype=np.bool_), np.ones(nvar, dtype=np.bool_))
    work = (C, cc, norm, buf_a, buf_b, f, J, lo_s, hi_s, x, xn, Jlo, Jhi, Vall, pc_eps, Y, scratch)
    idx = np.zeros(N, dtype=np.int64)
    for s in range(c, S, nchunks):
        n = 0
        for j in range(N):
            k = 0
            for a in range(nstrat[j]):
                if (masks[s, j] >> a) & 1:
                    sup[j, k] = a
                    k += 1
            kk[j] = k
            off[j] = n
            n += k - 1
        # each player's table: every own strategy against the opponents' supported ones
        for i in range(N):
            K = 1
            for a in range(N - 1):
                K *= kk[opps[i, a]]
            for b in range(nstrat[i]):
                for t in range(K):
                    # decode t (last opponent fastest) into the opponents' strategies
                    rem = t
                    for a in range(N - 2, -1, -1):
                        j = opps[i, a]
                        idx[j] = sup[j, rem % kk[j]]
                        rem //= kk[j]
                    idx[i] = b
                    flat = 0
                    for j in range(N):
                        flat += idx[j] * strides[j]
                    W[i, b * K + t] = U[i, flat]
        st, got, nb = _solve_support(N, nstrat, kk, sup, off, n, W, opps, max_boxes, min_width, kraw_width,
                                     pc_width, roots[s], bounds[s], inv[s], 0, cap, work)
        status[s] = st
        boxes[s] = nb
        count[s] = got if st == FOUND else 0
