"""Certificates that no profile with a given support is an equilibrium (a linear program
in floating point, checked in exact rational arithmetic)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from itertools import chain

import numpy as np

from gametheory._kernel.lp import active_set_candidates, rounded_candidates, solve_float
from gametheory._kernel.tolerance import ACTIVE_TOL


def _weights(
    rows: list[list[int]], S: list[int], tgt: list[int] | None, scale: int
) -> Iterator[list[Fraction]]:
    """Candidate weights ``mu`` (exact) for one target, read off a float LP (none if it fails).

    Variables ``(mu_1..mu_k, c_1..c_m)``: ``c = target - Us mu`` with ``sum mu = 1`` (or
    ``c = (Us - Us_1) mu`` with ``sum c = 1`` for the indifference conditions), ``mu`` free,
    ``0 <= c <= 1``; the LP maximises ``sum c``. The float optimum suggests an active set,
    solved exactly, then its rounded values are tried.
    """
    k, m = len(S), len(rows[0])
    Us = [[rows[s][a] for s in S] for a in range(m)]  # (m, k), integers
    if tgt is None:
        E = [[Us[a][q] - Us[a][0] for q in range(k)] + [-scale * (b == a) for b in range(m)] for a in range(m)]
        E.append([0] * k + [1] * m)
        f = [0] * m + [1]
    else:
        E = [Us[a] + [scale * (b == a) for b in range(m)] for a in range(m)]
        E.append([1] * k + [0] * m)
        f = [*tgt, 1]
    # the float LP is the exact one with its rows divided by ``scale`` (HiGHS prefers it)
    Ef = np.array(E, dtype=np.float64) / scale
    Ef[-1] *= scale
    ff = np.array(f, dtype=np.float64) / scale
    ff[-1] = 1.0
    cost = np.concatenate([np.zeros(k), -np.ones(m)])
    res = solve_float(cost, A_eq=Ef, b_eq=ff, bounds=[(None, None)] * k + [(0, 1)] * m)
    if not res.ok or -res.fun <= ACTIVE_TOL:
        return
    # the upper bounds c <= 1 as rows -c >= -1 (the lower ones are the nonneg columns)
    G = np.zeros((m, k + m), dtype=np.int64)
    G[:, k:] = -np.eye(m, dtype=np.int64)
    nonneg = np.array([False] * k + [True] * m)
    exact = active_set_candidates(E, f, G, [-1] * m, nonneg, res.x, 1.0 - res.x[k:])
    yield from (x[:k] for x in chain(exact, rounded_candidates(res.x[:k], normalise=False, nonneg=False)))


def _no_interior_equilibrium(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    """A proof that no profile with exactly this support is an equilibrium, if one is found.

    For each player ``i``, every supported strategy earns the same payoff at such a profile,
    so for any weights ``mu`` on ``S_i`` summing to one, an unused strategy ``t`` gains
    ``u_i(t) - sum_s mu_s u_i(s)``: a multilinear form in the opponents' probabilities.
    If some ``mu`` (of either sign) makes all its coefficients over ``S_-i`` nonnegative
    and one positive, ``t`` gains strictly at every interior point: no equilibrium.
    Likewise a signed combination of the indifference conditions with one-signed
    coefficients shows they have no interior solution at all. ``mu`` comes from a linear
    program in floating point (:mod:`gametheory._kernel.lp`) and each candidate is checked
    in exact rational arithmetic: nothing is concluded from the float answer alone.
    """
    N = len(support)
    for i in range(N):
        idx = [range(U[i].shape[j]) if j == i else support[j] for j in range(N)]
        sub = np.moveaxis(U[i][np.ix_(*idx)], i, 0)
        rows = [[int(v) for v in sub[a].reshape(-1).tolist()] for a in range(U[i].shape[i])]
        S = list(support[i])
        k, m = len(S), len(rows[0])
        scale = max((abs(rows[s][a]) for s in S for a in range(m)), default=0) or 1
        targets: list[list[int] | None] = [rows[t] for t in range(len(rows)) if t not in S]
        if k >= 2:
            targets.append(None)  # the indifference conditions themselves
        for tgt in targets:
            for mu in _weights(rows, S, tgt, scale):
                if tgt is None:
                    coeffs = [sum((mu[q] * (rows[S[q]][a] - rows[S[0]][a]) for q in range(k)), Fraction(0))
                              for a in range(m)]
                else:
                    mu[-1] = 1 - sum(mu[:-1], Fraction(0))
                    coeffs = [tgt[a] - sum((mu[q] * rows[S[q]][a] for q in range(k)), Fraction(0))
                              for a in range(m)]
                if all(c >= 0 for c in coeffs) and any(c > 0 for c in coeffs):
                    return True
                if tgt is None and all(c <= 0 for c in coeffs) and any(c < 0 for c in coeffs):
                    return True
    return False
