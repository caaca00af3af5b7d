"""High-precision arithmetic: the working precision, its tolerances, and Newton polishing
of a root of a support system in mpmath."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath

from gametheory.normal.solvers.enumpoly.system import _System

#: Significant digits for polishing and verification.
DIGITS = 60
#: Regret (relative to the largest absolute payoff) accepted at ``DIGITS`` digits.
HP_TOL = mpmath.mpf("1e-35")
#: Below this a high-precision quantity is taken to be exactly zero (a tie, or a
#: probability that belongs to a smaller support).
HP_ZERO = mpmath.mpf("1e-40")



def _newton_mp(system: _System, x0: Sequence[complex], maxit: int = 60) -> tuple[list[Any], bool]:
    """Polish a root of the support system to ``DIGITS`` digits (complex arithmetic).

    Returns the point and whether Newton converged quadratically to a nonsingular root.
    """
    n = system.n
    with mpmath.workdps(DIGITS + 10):
        x = [mpmath.mpc(complex(v)) for v in x0]
        one, zero = mpmath.mpf(1), mpmath.mpf(0)
        eps = mpmath.mpf(10) ** (-(DIGITS + 2))
        for _ in range(maxit):
            F = system.evaluate(x, one)
            J = system.jacobian(x, one, zero)
            try:
                dx = mpmath.lu_solve(mpmath.matrix(J), mpmath.matrix([-f for f in F]))
            except (ZeroDivisionError, TypeError, ValueError):  # singular Jacobian
                return x, False
            x = [x[k] + dx[k] for k in range(n)]
            size = max([abs(v) for v in dx] + [zero])
            if size <= eps * (1 + max(abs(v) for v in x)):
                J = system.jacobian(x, one, zero)
                try:
                    det = abs(mpmath.det(mpmath.matrix(J)))
                except ZeroDivisionError:  # pragma: no cover
                    det = zero
                norm = max([abs(v) for row in J for v in row] + [one])
                return x, det > mpmath.mpf(10) ** (-20) * norm**n
        return x, False


def _close(a: list[list[Any]], b: list[list[Any]]) -> bool:
    return all(abs(x - y) < mpmath.mpf(10) ** (-30) for ra, rb in zip(a, b) for x, y in zip(ra, rb))

