"""The logit Markov quantal-response homotopy of a stochastic game (float path tracer).

This module is the numerical core behind ``markov_equilibria(game, method="homotopy")`` in
:mod:`gametheory.dynamic.stochastic`; it works on float tables only and knows nothing of the
exact game. The certification (exact one-shot deviation check) happens in the caller.

**The system** (Eibelshaeuser & Poensgen 2019; after the stationary tracing procedure of
Herings & Peeters 2004). The unknowns are, per state ``s`` and player ``i``, the
log-probabilities ``x[s, i, a] = log sigma[s, i, a]`` of the state's actions and the
continuation value ``V[s, i]``, plus the precision ``lam >= 0``. With the action values

    Q[s, i, a] = r_i(s, a, sigma[s, -i]) + delta * sum_t P(t | s, a, sigma[s, -i]) V[t, i],

a *Markov logit quantal-response equilibrium* at precision ``lam`` solves

    x[s, i, a] - lam * Q[s, i, a] + log sum_b exp(lam * Q[s, i, b]) = 0   (logit response),
    V[s, i] - sum_a sigma[s, i, a] Q[s, i, a] = 0                        (Bellman equation).

At ``lam = 0`` the solution is unique: uniform play in every state, and the values of
uniform play by one linear solve. The branch through it is followed to large ``lam`` by
an Euler-Newton predictor-corrector method in arclength (Allgower & Georg 1990,
*Numerical continuation methods*, ch. 2-6): the tangent is the null vector of the
Jacobian ``dH/d(x, V, lam)`` (from the bordered system ``[J; t_prev] t = e``, which keeps
the orientation), the corrector is Newton's method on the hyperplane orthogonal to the
tangent, and the step length doubles after easy steps and halves after rejected ones (a
Newton failure, a large first Newton step, a large tangent angle, or a change of the
orientation ``sign det [J; t]``, the sign of a jump to another branch). Arclength steps go
round turning points, where ``lam`` decreases for a while. The Jacobian is computed by the
complex-step method (exact to rounding, no subtraction error), all columns in one batched
evaluation.

Payoffs are shifted and divided by their range, which rescales ``lam`` only (a per-player
shift ``c`` moves every ``Q[s, i, .]`` by ``c / (1 - delta)`` and leaves the logit response
unchanged).

References: Eibelshaeuser, S. & Poensgen, D. (2019), Markov quantal response equilibrium and a
homotopy method for computing and selecting Markov perfect equilibria of dynamic stochastic
games, SSRN 3314404. Herings, P. J.-J. & Peeters, R. J. A. P. (2004), Stationary equilibria in
stochastic games: structure, selection, and computation, *J. Econ. Theory* 118:32-60.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

#: Complex step of the Jacobian.
_CSTEP = 1e-30
#: Newton tolerance on the residual (max norm) and iteration cap of the corrector.
_NEWTON_TOL = 1e-10
_NEWTON_MAX = 8
#: Step-length control: first step, largest step, smallest step, largest tangent angle.
_H_FIRST = 0.05
_H_MAX = 1e6
_H_MIN = 1e-10
_ANGLE = 0.3
#: Orientation changes persisting below this step are treated as bifurcation points.
_H_BIFURCATION = 1e-6
_MAX_STEPS = 20_000


class PathBreakdown(Exception):
    """The homotopy path could not be followed (singular Jacobian or no progress)."""


class MarkovLogitSystem:
    """The Markov logit system of a stochastic game given by float tables.

    Parameters
    ----------
    payoffs, transitions:
        Per state, float arrays of shapes ``(m_1, ..., m_n, n)`` and ``(m_1, ..., m_n, S)``.
    discount:
        ``delta`` in ``[0, 1)``.
    """

    def __init__(self, payoffs: Sequence[np.ndarray], transitions: Sequence[np.ndarray], discount: float) -> None:
        self.S = len(payoffs)
        self.n = int(payoffs[0].shape[-1])
        self.d = float(discount)
        lo = min(float(np.min(p)) for p in payoffs)
        hi = max(float(np.max(p)) for p in payoffs)
        self.shift = lo
        self.scale = (hi - lo) if hi > lo else 1.0
        self.pay = [(np.asarray(p, dtype=float) - lo) / self.scale for p in payoffs]
        self.tr = [np.asarray(t, dtype=float) for t in transitions]
        self.shapes = [tuple(p.shape[:-1]) for p in self.pay]
        # index of every (state, player) block of log-probabilities
        self.blocks: list[list[tuple[int, int]]] = []
        off = 0
        for sh in self.shapes:
            row = []
            for m in sh:
                row.append((off, off + m))
                off += m
            self.blocks.append(row)
        self.M = off
        self.N = self.M + self.S * self.n  # equations; unknowns N + 1 (with lam)
        letters = string.ascii_lowercase[: self.n]
        self._contract = [
            f"z{letters}," + ",".join(f"z{letters[j]}" for j in range(self.n) if j != i) + f"->z{letters[i]}"
            for i in range(self.n)
        ]
        self._cont = f"{letters}t,zt->z{letters}"

    # ------------------------------------------------------------------ pieces
    def vindex(self, s: int, i: int) -> int:
        return self.M + s * self.n + i

    def action_values(self, Y: np.ndarray) -> list[list[np.ndarray]]:
        """``Q[s][i]`` of shape ``(B, m_{s,i})`` for a batch of points ``Y`` (rows)."""
        B = Y.shape[0]
        V = Y[:, self.M : self.N].reshape(B, self.S, self.n)
        out = []
        for s in range(self.S):
            sig = [np.exp(Y[:, a:b]) for a, b in self.blocks[s]]
            row = []
            for i in range(self.n):
                tab = self.pay[s][..., i][None] + self.d * np.einsum(self._cont, self.tr[s], V[:, :, i])
                others = [sig[j] for j in range(self.n) if j != i]
                row.append(np.einsum(self._contract[i], tab, *others) if others else tab)
            out.append(row)
        return out

    def residual(self, Y: np.ndarray) -> np.ndarray:
        """``H`` at a batch of points ``Y`` of shape ``(B, N + 1)`` (real or complex)."""
        with np.errstate(all="ignore"):  # a far-off predictor overflows: the corrector rejects it
            return self._residual(Y)

    def _residual(self, Y: np.ndarray) -> np.ndarray:
        B = Y.shape[0]
        lam = Y[:, -1][:, None]
        Q = self.action_values(Y)
        out = np.empty((B, self.N), dtype=Y.dtype)
        for s in range(self.S):
            for i, (a, b) in enumerate(self.blocks[s]):
                q = Q[s][i]
                z = lam * q
                c = np.max(z.real, axis=1, keepdims=True)
                lse = np.log(np.sum(np.exp(z - c), axis=1, keepdims=True)) + c
                x = Y[:, a:b]
                out[:, a:b] = x - z + lse
                k = self.vindex(s, i)
                out[:, k] = Y[:, k] - np.sum(np.exp(x) * q, axis=1)
        return out

    def jacobian(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``H(y)`` and its ``N x (N + 1)`` Jacobian by the complex-step method."""
        k = y.shape[0]
        Y = np.tile(y.astype(complex), (k + 1, 1))
        Y[1:] += 1j * _CSTEP * np.eye(k)
        R = self.residual(Y)
        return R[0].real, (R[1:].imag / _CSTEP).T

    def start(self) -> np.ndarray:
        """The unique point at ``lam = 0``: uniform play and its values."""
        y = np.zeros(self.N + 1)
        R = np.zeros((self.S, self.n))
        P = np.zeros((self.S, self.S))
        for s in range(self.S):
            for a, b in self.blocks[s]:
                y[a:b] = -np.log(b - a)
            w = np.ones(1)
            for a, b in self.blocks[s]:
                w = np.multiply.outer(w, np.full(b - a, 1.0 / (b - a))).reshape(-1)
            shape = self.shapes[s]
            R[s] = w @ self.pay[s].reshape(int(np.prod(shape)), self.n)
            P[s] = w @ self.tr[s].reshape(int(np.prod(shape)), self.S)
        V = np.linalg.solve(np.eye(self.S) - self.d * P, R)
        y[self.M : self.N] = V.reshape(-1)
        return y

    def strategies(self, y: np.ndarray) -> list[list[np.ndarray]]:
        """Per state, per player, the probabilities at the point ``y``."""
        out = []
        for s in range(self.S):
            row = []
            for a, b in self.blocks[s]:
                x = y[a:b] - np.max(y[a:b])
                p = np.exp(x)
                row.append(p / p.sum())
            out.append(row)
        return out


# --------------------------------------------------------------------------- path following
def _tangent(J: np.ndarray, t_prev: np.ndarray) -> np.ndarray:
    A = np.vstack([J, t_prev[None]])
    e = np.zeros(A.shape[0])
    e[-1] = 1.0
    t = np.linalg.solve(A, e)
    return t / np.linalg.norm(t)


def _first_tangent(J: np.ndarray) -> np.ndarray:
    _, _, vt = np.linalg.svd(J)
    t = vt[-1]
    return t if t[-1] > 0 else -t


def _orientation(J: np.ndarray, t: np.ndarray) -> float:
    return float(np.sign(np.linalg.det(np.vstack([J, t[None]]))))


def _correct(
    sys: MarkovLogitSystem, y_pred: np.ndarray, t: np.ndarray, h: float
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Newton's method on ``H = 0`` within the hyperplane through ``y_pred`` orthogonal to ``t``."""
    y = y_pred.copy()
    # lam * Q carries a rounding error of about lam * 1e-16: the tolerance grows with lam
    tol = _NEWTON_TOL * max(1.0, abs(float(y_pred[-1])))
    for it in range(1, _NEWTON_MAX + 1):
        H, J = sys.jacobian(y)
        if not np.all(np.isfinite(H)) or not np.all(np.isfinite(J)):
            return None
        if np.max(np.abs(H)) <= tol and it > 1:
            return y, J, it
        A = np.vstack([J, t[None]])
        rhs = -np.concatenate([H, [t @ (y - y_pred)]])
        try:
            dy = np.linalg.solve(A, rhs)
        except np.linalg.LinAlgError:
            return None
        if it == 1 and np.linalg.norm(dy) > 0.5 * max(h, 1e-3) + 0.05:
            return None  # the predictor landed too far from the path
        y = y + dy
        if np.linalg.norm(dy) <= 1e-13 * (1 + np.linalg.norm(y)):
            H, J = sys.jacobian(y)
            if np.max(np.abs(H)) <= 10 * tol:
                return y, J, it
    return None


@dataclass
class PathLog:
    """What happened on the way: steps, turning points, bifurcations, largest ``lam``."""

    steps: int = 0
    rejected: int = 0
    turning_points: int = 0
    bifurcations: int = 0
    lam_max: float = 0.0
    lam_turns: list[float] = field(default_factory=list)


def trace(sys: MarkovLogitSystem, checkpoints: Sequence[float], log: PathLog) -> Iterator[tuple[float, np.ndarray]]:
    """Follow the branch from ``lam = 0``; yield ``(lam, y)`` each time ``lam`` first passes a checkpoint.

    ``lam`` is in the system's internal (unit payoff range) units. Raises :class:`PathBreakdown`
    when no step can be taken.
    """
    y = sys.start()
    H, J = sys.jacobian(y)
    if np.max(np.abs(H)) > 1e-9:  # pragma: no cover - the start solves the system exactly
        raise PathBreakdown("the starting point does not solve the system")
    t = _first_tangent(J)
    orient = _orientation(J, t)
    h = _H_FIRST
    marks = sorted(checkpoints)
    k = 0
    dlam_prev = t[-1]
    while k < len(marks) and log.steps < _MAX_STEPS:
        y_pred = y + h * t
        got = _correct(sys, y_pred, t, h)
        ok = False
        if got is not None:
            y_new, J_new, its = got
            try:
                t_new = _tangent(J_new, t)
            except np.linalg.LinAlgError:
                t_new = None
            if t_new is not None and float(np.arccos(np.clip(t_new @ t, -1, 1))) <= _ANGLE:
                o = _orientation(J_new, t_new)
                if o == orient or o == 0:
                    ok = True
                elif h < _H_BIFURCATION:
                    ok = True
                    orient = o
                    log.bifurcations += 1
        if not ok:
            log.rejected += 1
            h /= 2
            if h < _H_MIN:
                raise PathBreakdown(f"no progress at precision {y[-1]:.4g} of unit-range payoffs (step below {_H_MIN})")
            continue
        assert t_new is not None
        log.steps += 1
        y, t = y_new, t_new
        if (t[-1] < 0) != (dlam_prev < 0):
            log.turning_points += 1
            log.lam_turns.append(float(y[-1]))
        dlam_prev = t[-1]
        log.lam_max = max(log.lam_max, float(y[-1]))
        if its <= 3:
            h = min(2 * h, _H_MAX)
        while k < len(marks) and y[-1] >= marks[k]:
            k += 1
            yield float(y[-1]), y


# --------------------------------------------------------------------------- support systems
def supports_at(sys: MarkovLogitSystem, y: np.ndarray) -> list[tuple[tuple[tuple[int, ...], ...], ...]]:
    """Candidate limit supports at a path point: per state and player, the actions whose
    log-probability is within a threshold of the best one (two thresholds)."""
    lam = max(float(y[-1]), 1.0)
    out = []
    for thr in (max(3.0, lam**0.5), 3.0, max(3.0, lam / 20)):
        supp = tuple(
            tuple(tuple(int(j) for j in np.flatnonzero(y[a:b] >= np.max(y[a:b]) - thr)) for a, b in sys.blocks[s])
            for s in range(sys.S)
        )
        if supp not in out:
            out.append(supp)
    return out


def solve_support(
    sys: MarkovLogitSystem,
    support: Sequence[Sequence[Sequence[int]]],
    start: list[list[np.ndarray]],
    V0: np.ndarray,
) -> list[list[np.ndarray]] | None:
    """Newton's method on a support system: on its support every action of ``i`` in ``s``
    earns ``V[s, i]``, probabilities sum to one. Returns float strategies (zero off the
    support) or ``None`` when Newton fails or a probability is negative."""
    S, n = sys.S, sys.n
    idx: list[list[np.ndarray]] = []
    off = 0
    for s in range(S):
        row = []
        for i in range(n):
            row.append(np.arange(off, off + len(support[s][i])))
            off += len(support[s][i])
        idx.append(row)
    nv = off + S * n
    z = np.zeros(nv)
    for s in range(S):
        for i in range(n):
            p = start[s][i][list(support[s][i])]
            z[idx[s][i]] = p / p.sum()
    z[off:] = V0.reshape(-1)

    def unpack(Z: np.ndarray) -> tuple[list[list[np.ndarray]], np.ndarray]:
        B = Z.shape[0]
        sig = []
        for s in range(S):
            row = []
            for i in range(n):
                full = np.zeros((B, sys.shapes[s][i]), dtype=Z.dtype)
                full[:, list(support[s][i])] = Z[:, idx[s][i]]
                row.append(full)
            sig.append(row)
        return sig, Z[:, off:].reshape(B, S, n)

    def F(Z: np.ndarray) -> np.ndarray:
        sig, V = unpack(Z)
        parts = []
        for s in range(S):
            for i in range(n):
                tab = sys.pay[s][..., i][None] + sys.d * np.einsum(sys._cont, sys.tr[s], V[:, :, i])
                others = [sig[s][j] for j in range(n) if j != i]
                q = np.einsum(sys._contract[i], tab, *others) if others else tab
                parts.append(q[:, list(support[s][i])] - V[:, s, i][:, None])
                parts.append((np.sum(Z[:, idx[s][i]], axis=1) - 1.0)[:, None])
        return np.concatenate(parts, axis=1)

    for _ in range(50):
        Z = np.tile(z.astype(complex), (nv + 1, 1))
        Z[1:] += 1j * _CSTEP * np.eye(nv)
        R = F(Z)
        r, J = R[0].real, (R[1:].imag / _CSTEP).T
        if np.max(np.abs(r)) <= 1e-14:
            break
        dz, *_ = np.linalg.lstsq(J, -r, rcond=None)
        z = z + dz
        if not np.all(np.isfinite(z)):
            return None
    else:
        return None
    sig, _ = unpack(z[None].astype(float))
    if any(np.min(sig[s][i]) < -1e-12 for s in range(S) for i in range(n)):
        return None
    return [[np.clip(sig[s][i][0], 0.0, None) for i in range(n)] for s in range(S)]
