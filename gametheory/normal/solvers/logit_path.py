"""The logit QRE branch as a path: the logit system of a float game (rescaled payoffs,
residual and Jacobian in log-probabilities) and its arclength continuation (Euler-Newton
predictor-corrector with orientation checks). :mod:`gametheory.normal.solvers.qre` holds
the method and the references; this module is the path tracer it uses."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

#: Step-length control: nominal first Newton step, contraction rate, tangent angle (radians).
_D_NOM = 0.1
_K_NOM = 0.4
_A_NOM = 0.15
_H_FIRST = 0.05
_H_MIN = 1e-11
_H_BIFURCATION = 1e-5
_LIVE = 40.0
_MAX_STEPS = 20_000


class _PathBreakdown(Exception):
    """The continuation could not make progress (singular or ill-conditioned Jacobian)."""


# ----------------------------------------------------------------------------- kernel
class _Kernel:
    """Payoffs of an N-player float game, rescaled, with the logit system and its Jacobian.

    Each player's payoffs are shifted so their minimum is 0 and all are divided by the
    same ``scale`` (the largest payoff range of any player): logit choice probabilities
    are unchanged by a per-player shift and ``lam * u`` is unchanged when ``lam`` is
    multiplied by ``scale``. So the internal precision is ``lam_internal = lam * scale``.
    """

    def __init__(self, payoffs: np.ndarray) -> None:
        P = np.asarray(payoffs, dtype=np.float64)
        self.shape = tuple(P.shape[:-1])
        self.N = len(self.shape)
        self.M = int(sum(self.shape))
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        U = [P[..., i] - P[..., i].min() for i in range(self.N)]
        spread = max(float(u.max()) for u in U)
        self.scale = spread if spread > 0 else 1.0
        self.U = [u / self.scale for u in U]
        # Player i's payoffs with its own axis first (and, for the pair (i, k), k's
        # axis second), flattened, so every contraction is one matrix-vector product
        # with the Kronecker product of the remaining players' strategies.
        self._own = [np.moveaxis(self.U[i], i, 0).reshape(self.shape[i], -1) for i in range(self.N)]
        self._others = [[j for j in range(self.N) if j != i] for i in range(self.N)]
        self._pair: dict[tuple[int, int], np.ndarray] = {}
        self._pair_others: dict[tuple[int, int], list[int]] = {}
        for i in range(self.N):
            for k in range(self.N):
                if k != i:
                    T = np.moveaxis(self.U[i], (i, k), (0, 1))
                    self._pair[i, k] = np.ascontiguousarray(T).reshape(self.shape[i] * self.shape[k], -1)
                    self._pair_others[i, k] = [j for j in range(self.N) if j not in (i, k)]

    def blocks(self, z: np.ndarray) -> list[np.ndarray]:
        return [z[self.offsets[i] : self.offsets[i + 1]] for i in range(self.N)]

    @staticmethod
    def _kron(sig: Sequence[np.ndarray], players: list[int]) -> np.ndarray:
        w = np.ones(1)
        for j in players:
            w = np.multiply.outer(w, sig[j]).reshape(-1)
        return w

    def payoffs(self, sig: Sequence[np.ndarray]) -> list[np.ndarray]:
        """``u_i``: payoff of each pure strategy of each player against ``sig``."""
        return [self._own[i] @ self._kron(sig, self._others[i]) for i in range(self.N)]

    def derivatives(self, sig: Sequence[np.ndarray]) -> tuple[list[np.ndarray], dict[tuple[int, int], np.ndarray]]:
        """``u_i`` and ``D[i, k] = d u_i / d sigma_k`` (an ``n_i x n_k`` matrix) for ``k != i``."""
        if self.N == 1:
            return [self.U[0].copy()], {}
        D: dict[tuple[int, int], np.ndarray] = {}
        u: list[np.ndarray] = []
        for i in range(self.N):
            for k in range(self.N):
                if k != i:
                    w = self._kron(sig, self._pair_others[i, k])
                    D[i, k] = (self._pair[i, k] @ w).reshape(self.shape[i], self.shape[k])
            k0 = 1 if i == 0 else 0
            u.append(D[i, k0] @ sig[k0])
        return u, D

    def system(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """``H(y)``, the Jacobian ``dH/dy`` (``M x (M+1)``) and the probability residual.

        ``y = (x, lam)`` with ``x`` the log-probabilities. The residual is
        ``max |sigma - logit(lam * u(sigma))|`` in probabilities.
        """
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return self._system(y)

    def _system(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        M, lam = self.M, float(y[-1])
        x = y[:-1]
        xs = self.blocks(x)
        sig = [np.exp(b) for b in xs]
        u, D = self.derivatives(sig)
        H = np.empty(M)
        J = np.zeros((M, M + 1))
        resid = 0.0
        for i in range(self.N):
            a, b = self.offsets[i], self.offsets[i + 1]
            z = lam * u[i]
            top = float(z.max())
            e = np.exp(z - top)
            s = float(e.sum())
            p = e / s
            H[a:b] = xs[i] - z + (top + math.log(s))
            J[a:b, a:b] = np.eye(b - a)
            J[a:b, M] = -(u[i] - float(p @ u[i]))
            for k in range(self.N):
                if k == i:
                    continue
                c, d = self.offsets[k], self.offsets[k + 1]
                Dik = D[i, k]
                J[a:b, c:d] = -lam * (Dik - p @ Dik) * sig[k][None, :]
            resid = max(resid, float(np.max(np.abs(sig[i] - p))))
        return H, J, resid

    def profile(self, y: np.ndarray) -> list[np.ndarray]:
        """Probabilities of the point ``y``, each player's vector renormalised to sum 1."""
        out = []
        for b in self.blocks(y[:-1]):
            p = np.exp(b - b.max())
            out.append(p / p.sum())
        return out

    def max_regret(self, sig: Sequence[np.ndarray]) -> float:
        """Nash regret of ``sig`` in the *original* payoff units."""
        u = self.payoffs(sig)
        return self.scale * max(float(ui.max() - ui @ si) for ui, si in zip(u, sig))


def _uniform_point(k: _Kernel) -> np.ndarray:
    return np.concatenate([np.full(n, -math.log(n)) for n in k.shape] + [np.zeros(1)])


# ----------------------------------------------------------------------------- continuation
def _tangent(J: np.ndarray, t_prev: np.ndarray) -> tuple[np.ndarray, float]:
    """Unit tangent at a point with Jacobian ``J``, oriented so ``t . t_prev > 0``, and the
    orientation ``sign det [J; t^T]``.

    The tangent solves ``[J; t_prev^T] v = e_last``; ``det [J; v^T]`` has the sign of
    ``det [J; t_prev^T]`` (the last row's cofactor vector is parallel to ``v``).
    """
    A = np.vstack([J, t_prev[None, :]])
    e = np.zeros(len(t_prev))
    e[-1] = 1.0
    try:
        v = np.linalg.solve(A, e)
    except np.linalg.LinAlgError:
        raise _PathBreakdown("singular augmented Jacobian") from None
    n = float(np.linalg.norm(v))
    if not math.isfinite(n) or n == 0:
        raise _PathBreakdown("singular augmented Jacobian")
    sign, _ = np.linalg.slogdet(A)
    return v / n, float(sign)


def _first_tangent(J: np.ndarray) -> np.ndarray:
    """The kernel of ``J`` (``M x (M+1)``, full rank) from a complete QR of ``J^T``."""
    Q, _ = np.linalg.qr(J.T, mode="complete")
    t = Q[:, -1].copy()
    return t if t[-1] >= 0 else -t


def _live(k: _Kernel, y: np.ndarray) -> np.ndarray:
    """Weights for step control: 1 for ``lam`` and for strategies whose probability is
    within ``exp(-_LIVE)`` of their player's most likely one, 0 for the rest.

    Far out on the branch the log-probabilities of inferior strategies are about
    ``-lam * gap`` -- huge numbers whose small relative changes would otherwise throttle
    the step length, although those probabilities are zero to machine precision.
    """
    w = np.ones(len(y))
    for i, b in enumerate(k.blocks(y[:-1])):
        a = k.offsets[i]
        w[a : a + len(b)] = b >= b.max() - _LIVE
    return w


def _corrector(
    k: _Kernel, z: np.ndarray, t: np.ndarray, w: np.ndarray, tol: float, max_iter: int = 12
) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """Newton's method from the predicted point ``z``, restricted to the hyperplane
    through ``z`` orthogonal to the (weighted) tangent ``w * t`` (pseudo-arclength).

    Returns ``(point, Jacobian there, first step length, contraction rate)``, step
    lengths measured with weights ``w`` (see :func:`_live`), or ``None`` when Newton's
    method does not converge quickly (the caller shortens the step).
    """
    first = 0.0
    kappa = 0.0
    prev = 0.0
    rhs = np.zeros(len(z))
    for it in range(max_iter):
        H, J, _ = k.system(z)
        if not np.all(np.isfinite(H)) or not np.all(np.isfinite(J)):
            return None
        # rounding in H grows like eps * lam * |u|: ask for no more than that
        if it > 0 and float(np.max(np.abs(H))) <= tol + 1e-14 * abs(float(z[-1])):
            return z, J, first, kappa
        rhs[:-1] = -H
        try:
            step = np.linalg.solve(np.vstack([J, (w * t)[None, :]]), rhs)
        except np.linalg.LinAlgError:
            return None
        size = float(np.linalg.norm(step * w))
        if not math.isfinite(size):
            return None
        if it == 0:
            first = size
        elif prev > 0:
            kappa = max(kappa, size / prev)
            if size > prev:  # diverging
                return None
        z = z + step
        prev = size
    return None


@dataclass
class _BranchLog:
    """What the continuation met on its way (for diagnostics)."""

    bifurcations: list[float]


def _branch(
    k: _Kernel,
    y0: np.ndarray,
    log: _BranchLog | None = None,
    max_steps: int = _MAX_STEPS,
    path_tol: float = 1e-10,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Points ``(y, tangent)`` of the branch through ``y0``, in order of arclength.

    The first tangent points towards increasing ``lam``; later tangents are oriented by
    continuity. A step is accepted only if the orientation ``sign det [J; t^T]`` is
    unchanged (Allgower & Georg 1990, sec. 8.1): a change means the step jumped to
    another branch nearby -- or crossed a bifurcation point, which is assumed once the
    change persists for steps shorter than ``_H_BIFURCATION``. Raises
    :class:`_PathBreakdown` when the step length falls below ``_H_MIN`` or after
    ``max_steps`` steps.
    """
    _, J, _ = k.system(y0)
    t = _first_tangent(J)
    t, sign = _tangent(J, t)
    y, h = y0, _H_FIRST
    yield y, t
    for _ in range(max_steps):
        w = _live(k, y)
        while True:
            res = _corrector(k, y + h * t, t, w, path_tol)
            if res is not None:
                z, Jz, d1, kappa = res
                try:
                    tz, s = _tangent(Jz, t)
                except _PathBreakdown:
                    tz, s = t, 0.0
                if s != 0.0:
                    a, b = tz * w, t * w
                    cos = float(a @ b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-300)
                    angle = math.acos(min(1.0, max(-1.0, cos)))
                    f = max(math.sqrt(d1 / _D_NOM), angle / _A_NOM)
                    if d1 > 0.01 * _D_NOM:
                        # slow contraction matters only when the correction is not tiny
                        # (at degenerate limits Newton converges linearly at any step length)
                        f = max(f, math.sqrt(kappa / _K_NOM))
                    flipped = s != sign
                    if f <= 2.0 and (not flipped or h <= _H_BIFURCATION):
                        if flipped:
                            sign = s
                            if log is not None:
                                log.bifurcations.append(float(z[-1]))
                        y, t = z, tz
                        h = h / max(f, 0.5)
                        break
            h /= 2.0
            if h < _H_MIN:
                raise _PathBreakdown(f"step length fell below {_H_MIN:g} at lambda={y[-1]:.6g}")
        yield y, t
    raise _PathBreakdown(f"no end after {max_steps} continuation steps")


def _land(k: _Kernel, y_a: np.ndarray, y_b: np.ndarray, lam: float, tol: float) -> np.ndarray | None:
    """The branch point with precision exactly ``lam`` between accepted points ``y_a``, ``y_b``.

    Newton's method on ``H(x, lam) = 0`` (``lam`` fixed) from the chord, iterated until
    the residual stops decreasing. ``None`` if it fails (e.g. at a turning point).
    """
    la, lb = float(y_a[-1]), float(y_b[-1])
    s = 0.0 if lb == la else (lam - la) / (lb - la)
    guesses = [y_a + s * (y_b - y_a), y_b.copy(), y_a.copy()]
    for y in guesses:
        y = y.copy()
        y[-1] = lam
        best: np.ndarray | None = None
        best_r = math.inf
        for _ in range(40):
            H, J, resid = k.system(y)
            hmax = float(np.max(np.abs(H))) if len(H) else 0.0
            if not math.isfinite(hmax):
                break
            if hmax < best_r:
                best, best_r = y.copy(), hmax
            elif hmax > 2 * best_r:
                break
            if hmax <= 1e-15 * max(1.0, lam):
                break
            try:
                dx = np.linalg.solve(J[:, :-1], -H)
            except np.linalg.LinAlgError:
                break
            if not np.all(np.isfinite(dx)):
                break
            y[:-1] += dx
            if float(np.max(np.abs(dx))) <= 1e-16:
                break
        if best is not None and best_r <= tol * max(1.0, lam):
            return best
    return None
