"""Homotopy continuation for one support system (multihomogeneous start system, gamma
trick, Runge-Kutta predictor and Newton corrector)."""

from __future__ import annotations

import numpy as np

from gametheory.normal.solvers.enumpoly.system import _assignments, _System


class _Homotopy:
    """Homotopy continuation for one support system in multiprojective coordinates.

    Block ``j`` (a player mixing over ``k_j >= 2`` strategies) has homogeneous coordinates
    ``q_j`` in ``C^{k_j}`` (unnormalised probabilities) and a random affine patch
    ``a_j . q_j = 1``. Equation ``(i, r)`` is multilinear: degree one in each block it
    depends on. The start system replaces it by a product of random linear forms, one per
    block it depends on; its solutions are products of linear solves, one per way of
    assigning equations to blocks (the multihomogeneous Bezout number). The homotopy
    ``H = (1 - t) F + t gamma G`` is followed from ``t = 1`` to ``0`` with a fourth-order
    Runge-Kutta predictor and Newton corrector, per path adaptive steps.
    """

    def __init__(self, system: _System, rng: np.random.Generator) -> None:
        self.sys = system
        self.blocks = system.active
        self.kb = {j: system.k[j] for j in self.blocks}
        self.off: dict[int, int] = {}
        M = 0
        for j in self.blocks:
            self.off[j] = M
            M += self.kb[j]
        self.M = M
        deps = system.equation_depends()
        self.deps = deps
        # target tensors over the active opponents only (inactive axes have size 1)
        self.T: list[np.ndarray] = []
        self.opp: list[list[int]] = []
        for (i, shp, c), _d in zip(system.eqs, deps):
            T = np.array(c, dtype=np.float64).reshape(shp)
            others = [j for j in range(system.N) if j != i]
            keep = [ax for ax, j in enumerate(others) if system.k[j] >= 2]
            T = T.reshape([shp[ax] for ax in keep]) if keep else T.reshape(())
            scale = float(np.max(np.abs(T))) if T.size else 0.0
            self.T.append(T / scale if scale > 0 else T)
            self.opp.append([others[ax] for ax in keep])

        def crand(*size: int) -> np.ndarray:
            return rng.normal(size=size) + 1j * rng.normal(size=size)

        self.patch = {j: crand(self.kb[j]) for j in self.blocks}
        self.b = [{j: crand(self.kb[j]) for j in d} for d in deps]
        self.gamma = np.exp(2j * np.pi * rng.random())
        self._prepare()

    def _prepare(self) -> None:
        """Stack the equations of each player (they share the opponents' blocks) and the
        start system's linear forms per block, so that :meth:`evaluate` makes a few array
        calls per player instead of several per equation."""
        ne = len(self.T)
        self.groups: list[tuple[list[int], list[int], np.ndarray]] = []
        e = 0
        while e < ne:
            f = e
            while f < ne and self.opp[f] == self.opp[e] and self.T[f].shape == self.T[e].shape:
                f += 1
            self.groups.append((list(range(e, f)), self.opp[e], np.stack(self.T[e:f]).astype(complex)))
            e = f
        nb = len(self.blocks)
        self.pos = {j: r for r, j in enumerate(self.blocks)}
        # Bmat[j]: (k_j, ne), column e is b[e][j] (zero if equation e does not use block j)
        self.Bmat = {j: np.zeros((self.kb[j], ne), dtype=complex) for j in self.blocks}
        self.dep = np.zeros((ne, nb), dtype=bool)
        for e, d in enumerate(self.deps):
            for j in d:
                self.Bmat[j][:, e] = self.b[e][j]
                self.dep[e, self.pos[j]] = True
        self.BmatT = {j: np.ascontiguousarray(B.T) for j, B in self.Bmat.items()}
        self.patch_rows = [(self.off[j], self.kb[j], self.patch[j]) for j in self.blocks]
        #: per group, the tensor flattened for :func:`_multilinear` (value and each partial)
        self.flat: list[tuple[np.ndarray, list[np.ndarray]]] = []
        for _eqs, _opp, T in self.groups:
            TF, TJ = _flatten(T[None])
            self.flat.append((TF[0], [Tj[0] for Tj in TJ]))
        #: batched tracking (:meth:`batch`): per group, the stacked tensors of every system,
        #: and the system of each path
        self.TB: list[np.ndarray] | None = None
        self.flatB: list[tuple[np.ndarray, list[np.ndarray]]] | None = None
        self.sidx: np.ndarray | None = None

    def batch(self, systems: list[_System]) -> np.ndarray:
        """Track the paths of several systems with this one's structure at once.

        ``systems`` must have the same support sizes and equation dependencies as the
        system this homotopy was built for (only the payoffs differ). They share the random
        start system, patch and gamma (for each system, the bad choices still have measure
        zero). Returns the start points of all paths, system after system; ``self.sidx``
        gives each path's system.
        """
        per: list[list[np.ndarray]] = []
        for sys_ in systems:
            Ts = []
            for (i, shp, c) in sys_.eqs:
                T = np.array(c, dtype=np.float64).reshape(shp)
                others = [j for j in range(sys_.N) if j != i]
                keep = [ax for ax, j in enumerate(others) if sys_.k[j] >= 2]
                T = T.reshape([shp[ax] for ax in keep]) if keep else T.reshape(())
                scale = float(np.max(np.abs(T))) if T.size else 0.0
                Ts.append(T / scale if scale > 0 else T)
            per.append(Ts)
        self.TB = [np.stack([np.stack([Ts[e] for e in eqs]) for Ts in per]).astype(complex)
                   for eqs, _opp, _T in self.groups]
        self.flatB = [_flatten(TB) for TB in self.TB]
        X0 = self.start_points()
        self.sidx = np.repeat(np.arange(len(systems)), len(X0))
        return np.tile(X0, (len(systems), 1))

    def start_points(self) -> np.ndarray:
        need = {j: self.kb[j] - 1 for j in self.blocks}
        pts = []
        for assign in _assignments(self.deps, need):
            x = np.zeros(self.M, dtype=complex)
            for j in self.blocks:
                rows = [self.b[e][j] for e, jj in enumerate(assign) if jj == j] + [self.patch[j]]
                rhs = np.zeros(self.kb[j], dtype=complex)
                rhs[-1] = 1
                x[self.off[j]: self.off[j] + self.kb[j]] = np.linalg.solve(np.array(rows), rhs)
            pts.append(x)
        return np.array(pts).reshape(len(pts), self.M)

    def _blocks(self, X: np.ndarray) -> dict[int, np.ndarray]:
        return {j: X[:, self.off[j]: self.off[j] + self.kb[j]] for j in self.blocks}

    def evaluate(self, X: np.ndarray, t: np.ndarray,
                 rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """H, dH/dX and dH/dt at a batch of points ``X`` (P, M) and times ``t`` (P,);
        ``rows``: the paths they are (batched tracking: each path has its own system)."""
        P = X.shape[0]
        Q = self._blocks(X)
        ne = len(self.T)
        M = self.M
        nb = len(self.blocks)
        a_t = (1 - t)[:, None, None]
        g_t = (t * self.gamma)[:, None, None]
        H = np.empty((P, M), dtype=complex)
        J = np.zeros((P, M, M), dtype=complex)
        Ht = np.zeros((P, M), dtype=complex)
        # start system: equation e is the product over its blocks j of Q_j . b[e][j]; the
        # derivative in block j is the product of the other factors (exclusive prefix and
        # suffix products) times b[e][j]
        L = np.ones((P, ne, nb), dtype=complex)
        for j in self.blocks:
            r = self.pos[j]
            L[:, :, r] = np.where(self.dep[None, :, r], Q[j] @ self.Bmat[j], 1.0)
        pre = np.ones((P, ne, nb), dtype=complex)
        suf = np.ones((P, ne, nb), dtype=complex)
        if nb > 1:
            pre[:, :, 1:] = np.cumprod(L[:, :, :-1], axis=2)
            suf[:, :, :-1] = np.cumprod(L[:, :, :0:-1], axis=2)[:, :, ::-1]
        G = pre[:, :, -1] * L[:, :, -1]
        for j in self.blocks:
            r = self.pos[j]
            o = self.off[j]
            J[:, :ne, o: o + self.kb[j]] = (g_t * (pre[:, :, r] * suf[:, :, r])[:, :, None]) * self.BmatT[j][None]
        # target system: per group of equations, values and partials (multilinear)
        F = np.zeros((P, ne), dtype=complex)
        batched = self.TB is not None and self.sidx is not None
        which = None
        if batched:
            assert self.sidx is not None
            which = self.sidx if rows is None else self.sidx[rows]
        for g, (eqs, opp, T) in enumerate(self.groups):
            lo, hi = eqs[0], eqs[-1] + 1
            if not opp:
                F[:, lo:hi] = self.TB[g][which] if batched else T[None, :]  # type: ignore[index]
                continue
            Qs = [Q[j] for j in opp]
            if batched:
                assert self.flatB is not None
                TF, TJ = self.flatB[g]
                Fg, grads = _multilinear(TF[which], [Tj[which] for Tj in TJ], Qs, True)
            else:
                TF, TJ = self.flat[g]
                Fg, grads = _multilinear(TF, TJ, Qs, False)
            F[:, lo:hi] = Fg
            for pos, j in enumerate(opp):
                o = self.off[j]
                J[:, lo:hi, o: o + self.kb[j]] += a_t * grads[pos]
        tt = t[:, None]
        H[:, :ne] = (1 - tt) * F + tt * self.gamma * G
        Ht[:, :ne] = self.gamma * G - F
        for r, (o, k, a) in enumerate(self.patch_rows):
            H[:, ne + r] = X[:, o: o + k] @ a - 1
            J[:, ne + r, o: o + k] = a[None, :]
        return H, J, Ht

    @staticmethod
    def _solve(J: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        try:
            return np.linalg.solve(J, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            out = np.full(rhs.shape, np.nan + 0j)
            for p in range(J.shape[0]):
                try:
                    out[p] = np.linalg.solve(J[p], rhs[p])
                except np.linalg.LinAlgError:
                    pass
            return out

    def _velocity(self, X: np.ndarray, t: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        _, J, Ht = self.evaluate(X, t, rows)
        return -self._solve(J, Ht)

    def track(self, X0: np.ndarray, max_step: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Follow every path to ``t = 0``. Returns end points, end times and a done mask."""
        P = X0.shape[0]
        X = X0.copy()
        t = np.ones(P)
        dt = np.full(P, min(0.01, max_step))
        streak = np.zeros(P, dtype=int)
        done = np.zeros(P, dtype=bool)
        dead = np.zeros(P, dtype=bool)
        for _ in range(20000):
            act = np.flatnonzero(~done & ~dead)
            if not len(act):
                break
            x, tc = X[act], t[act]
            h = np.minimum(dt[act], tc)
            # RK4 predictor towards t - h
            k1 = self._velocity(x, tc, act)
            k2 = self._velocity(x - 0.5 * h[:, None] * k1, tc - 0.5 * h, act)
            k3 = self._velocity(x - 0.5 * h[:, None] * k2, tc - 0.5 * h, act)
            k4 = self._velocity(x - h[:, None] * k3, tc - h, act)
            xp = x - (h / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
            tn = tc - h
            tn[h >= tc] = 0.0
            ok = np.all(np.isfinite(xp), axis=1)
            for _it in range(3):
                H, J, _ = self.evaluate(np.where(ok[:, None], xp, 0), tn, act)
                dx = self._solve(J, -H)
                dx[~ok] = 0
                xp = xp + dx
                ok &= np.all(np.isfinite(xp), axis=1)
            size = np.linalg.norm(np.where(ok[:, None], dx, 0), axis=1)
            ok &= size <= 1e-9 * (1 + np.linalg.norm(np.where(ok[:, None], xp, 0), axis=1))
            acc, rej = act[ok], act[~ok]
            X[acc] = xp[ok]
            t[acc] = tn[ok]
            streak[acc] += 1
            grow = acc[streak[acc] >= 3]
            dt[grow] = np.minimum(2 * dt[grow], max_step)
            streak[grow] = 0
            dt[rej] /= 2
            streak[rej] = 0
            dead[rej[dt[rej] < 1e-14]] = True
            done[acc[t[acc] == 0]] = True
        return X, t, done

    def affine(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Affine unknowns of the support system, and each point's smallest block sum."""
        P = X.shape[0]
        out = np.zeros((P, self.sys.n), dtype=complex)
        small = np.full(P, np.inf)
        Q = self._blocks(X)
        for j in self.blocks:
            s = Q[j].sum(axis=1)
            rel = np.abs(s) / np.maximum(np.linalg.norm(Q[j], axis=1), 1e-300)
            small = np.minimum(small, rel)
            with np.errstate(all="ignore"):
                p = Q[j] / s[:, None]
            o = self.sys.offset[j]
            out[:, o: o + self.kb[j] - 1] = p[:, 1:]
        return out, small

    def endgame(self, X: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Newton at t = 0; returns refined points and a nonsingular mask."""
        P = X.shape[0]
        t0 = np.zeros(P)
        for _ in range(8):
            H, J, _ = self.evaluate(X, t0, rows)
            dx = self._solve(J, -H)
            good = np.all(np.isfinite(dx), axis=1)
            X = np.where(good[:, None], X + np.where(good[:, None], dx, 0), X)
        H, J, _ = self.evaluate(X, t0, rows)
        with np.errstate(all="ignore"):
            cond = np.linalg.cond(J)
        res = np.linalg.norm(H, axis=1)
        return X, (cond < 1e10) & (res < 1e-8)


def _outer2(A: np.ndarray | None, B: np.ndarray | None) -> np.ndarray | None:
    """Row-wise outer product of two ``(P, a)`` and ``(P, b)`` arrays, flattened to
    ``(P, a * b)`` in C order; ``None`` stands for the empty product."""
    if A is None:
        return B
    if B is None:
        return A
    return (A[:, :, None] * B[:, None, :]).reshape(A.shape[0], -1)


def _flatten(TB: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The tensors of a group of equations (``TB``: ``(S, E, k_1, ..., k_m)``, ``S``
    systems, ``E`` equations, one axis per opponent block) laid out for
    :func:`_multilinear`: ``(S, E, X)`` for the value (``X = prod k``) and, per block
    ``j``, ``(S, X_j, E * k_j)`` with block ``j``'s axis moved last (``X_j``: the
    product of the other blocks' sizes)."""
    S, E = TB.shape[:2]
    ks = TB.shape[2:]
    TF = np.ascontiguousarray(TB.reshape(S, E, -1))
    TJ = []
    for j, kj in enumerate(ks):
        Tj = np.moveaxis(TB, 2 + j, -1).reshape(S, E, -1, kj)
        TJ.append(np.ascontiguousarray(Tj.transpose(0, 2, 1, 3).reshape(S, -1, E * kj)))
    return TF, TJ


def _multilinear(TF: np.ndarray, TJ: list[np.ndarray], Qs: list[np.ndarray],
                 batched: bool) -> tuple[np.ndarray, list[np.ndarray]]:
    """Values and partial derivatives of multilinear equations at a batch of points.

    Each equation is linear in every factor ``Q_j`` (``(P, k_j)``), so its value is the
    tensor's inner product with the outer product of all factors, and its gradient in
    block ``j`` the tensor contracted with the outer product of the *other* factors: one
    matrix product each (per path when ``batched``: ``TF`` is ``(P, E, X)`` and each
    ``TJ[j]`` ``(P, X_j, E * k_j)``; else ``(E, X)`` and ``(X_j, E * k_j)`` shared by
    all paths). Returns ``F`` ``(P, E)`` and per block ``(P, E, k_j)``.
    """
    P, m = Qs[0].shape[0], len(Qs)
    # prefix[l]: outer product of Q_0 .. Q_{l-1}; suffix[l]: of Q_l .. Q_{m-1}
    prefix: list[np.ndarray | None] = [None]
    for Qj in Qs:
        prefix.append(_outer2(prefix[-1], Qj))
    suffix: list[np.ndarray | None] = [None] * (m + 1)
    for j in range(m - 1, 0, -1):
        suffix[j] = _outer2(Qs[j], suffix[j + 1])
    W = prefix[m]
    assert W is not None
    if batched:
        F = np.matmul(TF, W[:, :, None])[:, :, 0]
    else:
        F = W @ TF.T
    E = F.shape[1]
    grads = []
    for j, Tj in enumerate(TJ):
        Wj = _outer2(prefix[j], suffix[j + 1])
        if Wj is None:  # one block: the derivative is the tensor itself
            G = Tj[:, 0, :] if batched else np.broadcast_to(Tj, (P, Tj.shape[1]))
        else:
            G = np.matmul(Wj[:, None, :], Tj)[:, 0, :] if batched else Wj @ Tj
        grads.append(G.reshape(P, E, -1))
    return F, grads


def _relevant(x: np.ndarray, system: _System, tol: float = 1e-4) -> bool:
    """Whether an approximate complex solution might be a real point of the simplex."""
    if not np.all(np.isfinite(x)):
        return False
    p = system.probs(list(x), one=1.0)
    vals = np.array([v for row in p for v in row], dtype=complex)
    return bool(np.all(np.abs(vals.imag) <= tol) and np.all(vals.real >= -tol) and np.all(vals.real <= 1 + tol))

