"""Domination by mixed strategies: the linear programs and their exact certificates.

For strategy ``j`` of a player and the other remaining strategies ``K``, the strict LP
maximises ``eps`` subject to ``sum_k sigma_k u(k, s) >= u(j, s) + eps`` on every opponent
profile ``s`` (``sigma`` a probability vector); the weak LP maximises the total slack of
``sum_k sigma_k u(k, s) >= u(j, s)``. Both are solved by HiGHS through
:mod:`gametheory._kernel.lp`. In exact arithmetic nothing is concluded from the float
answer: a removal needs an exact dominating mixture, and keeping a strategy needs an exact
belief against which it is a best response (the two sides of LP duality); both are built
from the LP's active set (:func:`~gametheory._kernel.lp.active_set_candidates`, tried at
each tolerance of the ladder) or from rounding, and checked exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain

import numpy as np

from gametheory._kernel.lp import FloatLP, active_set_candidates, rounded_candidates, solve_float
from gametheory._kernel.tolerance import PROBABILITY_TOL
from gametheory.normal.dominance.pure import _INT64_SAFE, _Finding, _View

#: A strict-dominance LP optimum (on payoffs rescaled to [0, 1]) below ``-CLEAR_MARGIN`` is
#: clearly negative: the strategy is then a strict best reply to some belief. Between
#: ``-CLEAR_MARGIN`` and 0 the float answer is not trusted to decide the order of the checks.
CLEAR_MARGIN = 1e-6

# --------------------------------------------------------------------------- exact helpers
def _common_denominator(x: Sequence[Fraction]) -> tuple[list[int], int]:
    den = 1
    for v in x:
        den = math.lcm(den, v.denominator)
    return [v.numerator * (den // v.denominator) for v in x], den


def _matvec(A: np.ndarray, w: Sequence[int]) -> np.ndarray:
    """``A @ w`` for an integer matrix and integer vector, exactly (int64 when it cannot overflow)."""
    if A.dtype != object:
        wa = max((abs(x) for x in w), default=0)
        big = int(np.abs(A).max()) if A.size else 0
        if big * wa * max(1, len(w)) < _INT64_SAFE:
            return A @ np.array(w, dtype=np.int64)
    Ao = A.astype(object)
    wo = np.empty(len(w), dtype=object)
    wo[:] = list(w)
    return Ao @ wo


# --------------------------------------------------------------------------- linear programs
def _linprog(c: np.ndarray, A_ub: np.ndarray, b_ub: np.ndarray, A_eq: np.ndarray, bounds: list) -> FloatLP:
    """HiGHS's dual simplex (a vertex, which the exact recovery needs) with ``sum sigma = 1``."""
    return solve_float(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs-ds")


def _strict_lp(S: np.ndarray, j: int, K: list[int]) -> FloatLP:
    """max eps s.t. S[K]^T sigma - eps >= S[j], sum sigma = 1, sigma >= 0 (S rescaled to [0, 1])."""
    m, P = len(K), S.shape[1]
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-S[K].T, np.ones((P, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    return _linprog(c, A_ub, -S[j], A_eq, [(0, None)] * m + [(-2.0, 2.0)])


def _weak_lp(S: np.ndarray, j: int, K: list[int]) -> FloatLP:
    """max sum_s (S[K]^T sigma)_s s.t. S[K]^T sigma >= S[j], sum sigma = 1, sigma >= 0."""
    m = len(K)
    c = -S[K].sum(axis=1)
    return _linprog(c, -S[K].T, -S[j], np.ones((1, m)), [(0, None)] * m)


def _clean_simplex(x: np.ndarray) -> np.ndarray:
    x = np.where(x > PROBABILITY_TOL, x, 0.0)
    total = x.sum()
    return x / total if total > 0 else x


# --------------------------------------------------------------------------- mixed dominance
@dataclass
class _Verdict:
    status: str  # "dominated", "kept", "undecided"
    finding: _Finding | None = None
    note: str = ""


def _mixed_check(v: _View, j: int, K: list[int], weak: bool) -> _Verdict:
    """Whether strategy ``j`` is dominated by a mixture of the strategies ``K`` (|K| >= 2)."""
    D = v.D
    tol = v.tol
    colmax = D[K].max(axis=0)
    if weak:
        if np.any(D[j] > colmax + tol):
            return _Verdict("kept")  # the unique best response to some opponent profile
    elif np.any(D[j] >= colmax - tol):
        return _Verdict("kept")  # a best response to some opponent profile
    assert v.F is not None
    F = v.F
    lo, hi = float(F.min()), float(F.max())
    span = hi - lo
    if span <= 0:
        return _Verdict("kept")
    S = (F - lo) / span
    if v.Z is None:
        return _mixed_check_float(v, S, j, K, weak)
    return _mixed_check_exact(v, S, j, K, weak)


def _mixed_check_float(v: _View, S: np.ndarray, j: int, K: list[int], weak: bool) -> _Verdict:
    F = v.F
    assert F is not None
    tol = v.tol
    res = _strict_lp(S, j, K)
    if res.status == 0:
        sigma = _clean_simplex(res.x[:-1])
        adv = sigma @ F[K] - F[j]
        if adv.min() > tol:
            return _Verdict("dominated", _float_finding(j, K, sigma, "strict", float(adv.min())))
        if res.x[-1] < -CLEAR_MARGIN:
            # a clearly negative optimum: j is the strict best reply to some belief (LP
            # duality), so no mixture is even weakly better everywhere
            return _Verdict("kept")
    if weak:
        res = _weak_lp(S, j, K)
        if res.status == 0:
            sigma = _clean_simplex(res.x)
            adv = sigma @ F[K] - F[j]
            if adv.min() >= -tol and adv.max() > tol:
                kind = "strict" if adv.min() > tol else "weak"
                margin = float(adv.min()) if kind == "strict" else 0.0
                return _Verdict("dominated", _float_finding(j, K, sigma, kind, margin))
    return _Verdict("kept")


def _float_finding(j: int, K: list[int], sigma: np.ndarray, kind: str, margin: float) -> _Finding:
    return _Finding(j, {k: float(p) for k, p in zip(K, sigma) if p > 0}, kind, margin)


def _mixed_check_exact(v: _View, S: np.ndarray, j: int, K: list[int], weak: bool) -> _Verdict:
    Z = v.Z
    assert Z is not None
    P = Z.shape[1]
    m = len(K)
    ZK = Z[K]
    zj = Z[j]
    Dk = zj[None, :] - ZK  # (m, P): j's advantage over each k, per opponent profile
    ones_m = [1] * m

    def advantages(sigma: list[Fraction]) -> tuple[np.ndarray, int] | None:
        """(sigma . Z[K] - Z[j]) * den for an exact probability vector, or None if not one."""
        if any(p < 0 for p in sigma) or sum(sigma) != 1:
            return None
        w, den = _common_denominator(sigma)
        return _matvec(ZK.T, w) - zj * den, den

    def finding(sigma: list[Fraction], kind: str, adv: np.ndarray, den: int) -> _Finding:
        margin = Fraction(int(adv.min()), den * v.L) if kind == "strict" else Fraction(0)
        return _Finding(j, {k: p for k, p in zip(K, sigma) if p > 0}, kind, margin)

    def belief_ok(mu: list[Fraction], need_full: bool, need_strict: bool) -> bool:
        """Whether j is a best response (strict, or against a full-support belief) to ``mu``."""
        if any(p < 0 for p in mu) or sum(mu) <= 0:
            return False
        if need_full and any(p <= 0 for p in mu):
            return False
        w, _ = _common_denominator(mu)
        gains = _matvec(Dk, w)  # mu . (u_j - u_k) for each k, scaled
        return bool(np.all(gains > 0)) if need_strict else bool(np.all(gains >= 0))

    # ---- strict dominance: max eps s.t. sigma . u_K - eps >= u_j
    res = _strict_lp(S, j, K)
    if res.status != 0:
        return _Verdict("undecided", note=f"the LP failed ({res.message})")
    eps_s = float(res.x[-1])
    sigma0 = np.asarray(res.x[:-1])
    mu0 = np.clip(-np.asarray(res.ineq_duals), 0.0, None)

    def strict_primal() -> _Finding | None:
        E = [ones_m + [0]]
        G = np.hstack([ZK.T.astype(object), np.full((P, 1), -1, dtype=object)])
        x0 = np.append(sigma0, eps_s * float(Z.max() - Z.min()) if Z.size else 0.0)
        nonneg = np.array([True] * m + [False])
        cands = active_set_candidates(E, [1], G, zj.tolist(), nonneg, x0, np.asarray(res.slack))
        for x in chain(cands, rounded_candidates(sigma0, normalise=True)):
            sigma = x[:m]
            got = advantages(sigma)
            if got is not None and got[0].min() > 0:
                return finding(sigma, "strict", *got)
        return None

    def belief(need_full: bool, need_strict: bool, mu_start: np.ndarray, slack: np.ndarray) -> bool:
        E = [[1] * P]
        G = Dk
        cands = active_set_candidates(E, [1], G, [0] * m, np.ones(P, dtype=bool), mu_start, slack)
        for mu in chain(cands, rounded_candidates(mu_start, normalise=True)):
            if belief_ok(mu, need_full, need_strict):
                return True
        return False

    mu_slack = (S[j][None, :] - S[K]) @ (mu0 / mu0.sum() if mu0.sum() > 0 else mu0)
    if eps_s > -CLEAR_MARGIN:
        f = strict_primal()
        if f is not None:
            return _Verdict("dominated", f)
    if not weak:
        if belief(False, False, mu0, mu_slack):
            return _Verdict("kept")
        if eps_s <= -CLEAR_MARGIN:
            f = strict_primal()
            if f is not None:
                return _Verdict("dominated", f)
        return _Verdict("undecided", note="neither a dominating mixture nor a belief could be certified")
    # ---- weak dominance
    if eps_s < -CLEAR_MARGIN and belief(False, True, mu0, mu_slack):
        return _Verdict("kept")  # a strict best response to some belief
    res_w = _weak_lp(S, j, K)
    if res_w.infeasible:  # infeasible: nothing is even weakly better everywhere
        if belief(False, True, mu0, mu_slack):
            return _Verdict("kept")
        return _Verdict("undecided", note="the weak-dominance LP is infeasible but no belief was certified")
    if res_w.status != 0:
        return _Verdict("undecided", note=f"the LP failed ({res_w.message})")
    sigma_w = np.asarray(res_w.x)
    E = [ones_m]
    for x in chain(
        active_set_candidates(E, [1], ZK.T, zj.tolist(), np.ones(m, dtype=bool), sigma_w, np.asarray(res_w.slack)),
        rounded_candidates(sigma_w, normalise=True),
    ):
        got = advantages(x)
        if got is not None and got[0].min() >= 0 and got[0].max() > 0:
            kind = "strict" if got[0].min() > 0 else "weak"
            return _Verdict("dominated", finding(x, kind, *got))
    # not weakly dominated: j is a best response to a belief with full support, w = 1 + y
    y0 = np.clip(-np.asarray(res_w.ineq_duals), 0.0, None)
    w_slack = (S[j][None, :] - S[K]) @ (1.0 + y0)
    rhs = [-int(s) for s in Dk.sum(axis=1).tolist()]  # Dk (1 + y) >= 0  <=>  Dk y >= -Dk 1
    for y in chain(
        active_set_candidates([], [], Dk, rhs, np.ones(P, dtype=bool), y0, w_slack),
        rounded_candidates(y0, normalise=False),
    ):
        if belief_ok([1 + t for t in y], True, False):
            return _Verdict("kept")
    if belief(False, True, mu0, mu_slack):
        return _Verdict("kept")
    return _Verdict("undecided", note="neither a weakly dominating mixture nor a belief could be certified")
