"""Certificates that no profile with a given support is an equilibrium (a linear program
in floating point, checked in exact rational arithmetic)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from gametheory._kernel.tolerance import ACTIVE_TOL


def _no_interior_equilibrium(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    """A proof that no profile with exactly this support is an equilibrium, if one is found.

    For each player ``i``, every supported strategy earns the same payoff at such a profile,
    so for any weights ``mu`` on ``S_i`` summing to one, an unused strategy ``t`` gains
    ``u_i(t) - sum_s mu_s u_i(s)``: a multilinear form in the opponents' probabilities.
    If some ``mu`` (of either sign) makes all its coefficients over ``S_-i`` nonnegative
    and one positive, ``t`` gains strictly at every interior point: no equilibrium.
    Likewise a signed combination of the indifference conditions with one-signed
    coefficients shows they have no interior solution at all. ``mu`` comes from a linear
    program in floating point and is then checked in exact rational arithmetic.
    """
    from scipy.optimize import linprog

    N = len(support)
    for i in range(N):
        idx = [range(U[i].shape[j]) if j == i else support[j] for j in range(N)]
        sub = np.moveaxis(U[i][np.ix_(*idx)], i, 0)
        rows = [[int(v) for v in sub[a].reshape(-1).tolist()] for a in range(U[i].shape[i])]
        S = list(support[i])
        k, m = len(S), len(rows[0])
        Us = np.array([rows[s] for s in S], dtype=np.float64).T  # (m, k)
        scale = float(np.max(np.abs(Us))) or 1.0
        targets: list[list[int] | None] = [rows[t] for t in range(len(rows)) if t not in S]
        if k >= 2:
            targets.append(None)  # the indifference conditions themselves
        for tgt in targets:
            # variables (mu_1..mu_k, c_1..c_m); c = target - Us mu (or c = Us mu - mean), c >= 0
            if tgt is None:
                A_eq = np.hstack([(Us - Us[:, :1]) / scale, -np.eye(m)])
                b_eq = np.zeros(m)
                extra_A = np.concatenate([np.zeros(k), np.ones(m)])[None, :]
                A_eq = np.vstack([A_eq, extra_A])
                b_eq = np.concatenate([b_eq, [1.0]])
            else:
                A_eq = np.hstack([Us / scale, np.eye(m)])
                b_eq = np.array(tgt, dtype=np.float64) / scale
                A_eq = np.vstack([A_eq, np.concatenate([np.ones(k), np.zeros(m)])[None, :]])
                b_eq = np.concatenate([b_eq, [1.0]])
            bounds = [(None, None)] * k + [(0, 1)] * m
            cost = np.concatenate([np.zeros(k), -np.ones(m)])
            try:
                res = linprog(cost, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            except ValueError:  # pragma: no cover - malformed LP
                continue
            if res.status != 0 or -res.fun <= ACTIVE_TOL:
                continue
            mu = [Fraction(float(v)).limit_denominator(10**6) for v in res.x[:k]]
            if tgt is None:
                coeffs = [sum((mu[q] * (rows[S[q]][a] - rows[S[0]][a]) for q in range(k)), Fraction(0))
                          for a in range(m)]
            else:
                mu[-1] = 1 - sum(mu[:-1], Fraction(0))
                coeffs = [tgt[a] - sum((mu[q] * rows[S[q]][a] for q in range(k)), Fraction(0)) for a in range(m)]
            if all(c >= 0 for c in coeffs) and any(c > 0 for c in coeffs):
                return True
            if tgt is None and all(c <= 0 for c in coeffs) and any(c < 0 for c in coeffs):
                return True
    return False

