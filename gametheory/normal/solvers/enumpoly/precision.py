"""High-precision arithmetic: the working precision, its tolerances, and Newton polishing
of a root of a support system in mpmath."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import flint
import mpmath
import numpy as np

from gametheory.normal.solvers.enumpoly.system import _System

#: Significant digits for polishing and verification.
DIGITS = 60
#: Regret (relative to the largest absolute payoff) accepted at ``DIGITS`` digits.
HP_TOL = mpmath.mpf("1e-35")
#: Below this a high-precision quantity is taken to be exactly zero (a tie, or a
#: probability that belongs to a smaller support).
HP_ZERO = mpmath.mpf("1e-40")



def _newton_mp(system: _System, x0: Sequence[complex], maxit: int = 60,
               polished: bool = False) -> tuple[list[Any], bool]:
    """Polish a root of the support system to ``DIGITS`` digits (complex arithmetic).

    Returns the point (``mpmath.mpc`` values) and whether Newton converged quadratically
    to a nonsingular root. The work is done in python-flint complex balls (``acb``; only
    their midpoints are used, so this is ordinary floating point at ``DIGITS + 10``
    digits, in C) after a few double-precision steps; the answer is what the mpmath
    version gave, at a fraction of its cost. :func:`_newton_mp_reference` is that
    pure-mpmath version, kept for the tests. ``polished=True`` skips the double-precision
    steps (for a start that is already a root to double precision).
    """
    n = system.n
    # ``polished``: the start is already a double-precision root (the subdivision kernel's)
    x = [complex(v) for v in x0] if polished else _newton_float(system, [complex(v) for v in x0])
    with _flint_prec(DIGITS + 10):
        one, zero = flint.acb(1), flint.acb(0)
        xa = [flint.acb(v) for v in x]
        eps = flint.arb(10) ** (-(DIGITS + 2))
        ok = False
        for _ in range(maxit):
            F = system.evaluate(xa, one)
            J = system.jacobian(xa, one, zero)
            try:
                dx = flint.acb_mat(J).solve(flint.acb_mat([[-f] for f in F]))
            except ZeroDivisionError:  # singular Jacobian (or not decided at this precision)
                return _to_mpc(xa), False
            xa = [(xa[k] + dx[k, 0]).mid() for k in range(n)]
            size = max(abs(dx[k, 0]).mid() for k in range(n))
            big = max(abs(v).mid() for v in xa)
            if size <= eps * (1 + big):
                ok = True
                break
        if not ok:
            return _to_mpc(xa), False
        J = system.jacobian(xa, one, zero)
        det = abs(flint.acb_mat(J).det()).mid()
        norm = max([abs(v).mid() for row in J for v in row] + [flint.arb(1)])
        return _to_mpc(xa), bool(det > flint.arb(10) ** (-20) * norm ** n)


def _refine_chord(system: _System, x0: Sequence[float], payoffs: Any, maxit: int = 16,
                  inverse: np.ndarray | None = None) -> list[Any] | None:
    """Polish a root known to double precision (and nonsingular: the subdivision kernel's
    Krawczyk test proved it) to ``DIGITS`` digits by the chord method: every step uses the
    inverse of the double-precision Jacobian at the start, so a step costs one evaluation
    of the equations (in python-flint balls' midpoints, ``DIGITS + 10`` digits) and gains
    about as many digits as the start had. Returns mpmath numbers, or ``None`` when it does
    not converge within ``maxit`` steps (the caller then uses :func:`_newton_mp`).
    ``payoffs``: the game's integer-scaled payoffs as ``verify._PayoffMatrices`` (balls):
    the equations are evaluated by one ball-matrix product per player.
    ``inverse``: the inverse Jacobian at ``x0`` when the caller has it (the kernel's, from
    its last Krawczyk test); any matrix is safe here, a poor one only fails to converge.
    """
    if inverse is not None and np.all(np.isfinite(inverse)) and np.linalg.det(inverse) != 0:
        Jinv = inverse
    else:  # none given, or a singular one (whose zero steps would look converged)
        try:
            Jinv = np.linalg.inv(np.array(system.jacobian([float(v) for v in x0], 1.0, 0.0), dtype=np.float64))
        except np.linalg.LinAlgError:
            return None
    if Jinv.shape != (system.n, system.n) or not np.all(np.isfinite(Jinv)):
        return None
    n = system.n
    with _flint_prec(DIGITS + 10):
        one = flint.arb(1)
        xa = [flint.arb(float(v)) for v in x0]
        Y = flint.arb_mat(n, n, [float(v) for v in Jinv.reshape(-1).tolist()])
        eps = flint.arb(10) ** (-(DIGITS + 2))
        zero = flint.arb(0)
        sizes = payoffs.shape

        def equations(x: list[Any]) -> list[Any]:
            probs = system.probs(x, one)
            full = []
            for j, sup in enumerate(system.support):
                row = [zero] * sizes[j]
                for r, a in enumerate(sup):
                    row[a] = probs[j][r]
                full.append(row)
            pay = payoffs.payoffs(full, system.active)
            return [pay[i][system.support[i][r]] - pay[i][system.support[i][0]]
                    for i in system.active for r in range(1, system.k[i])]

        prev = None
        for _ in range(maxit):
            D = Y * flint.arb_mat(n, 1, equations(xa))
            dx = [D[a, 0] for a in range(n)]
            xa = [(xa[a] - dx[a]).mid() for a in range(n)]
            size = max(abs(d).mid() for d in dx)
            tol = eps * (1 + max(abs(v).mid() for v in xa))
            if size <= tol:
                break
            # the chord method converges linearly: the next step would be about
            # size * (size / prev); far below the tolerance, that step is not taken
            if prev is not None and size < prev * 1e-6 and size * size <= prev * tol * 1e-3:
                break
            prev = size
        else:
            return None
        with mpmath.workdps(DIGITS + 10):
            return [_arb_to_mpf(v) for v in xa]


def _newton_float(system: _System, x: list[complex], steps: int = 8) -> list[complex]:
    """A few Newton steps in double precision (numpy), stopping early once converged or
    when the Jacobian is singular; the start point is returned if a step does not help."""
    best = x
    try:
        res = float(np.max(np.abs(np.array(system.evaluate(x, 1.0), dtype=complex))))
    except (OverflowError, ValueError):  # pragma: no cover - defensive
        return x
    for _ in range(steps):
        if not np.isfinite(res) or res == 0.0:
            break
        F = np.array(system.evaluate(best, 1.0), dtype=complex)
        J = np.array(system.jacobian(best, 1.0, 0.0), dtype=complex)
        try:
            dx = np.linalg.solve(J, -F)
        except np.linalg.LinAlgError:
            break
        cand = [v + d for v, d in zip(best, dx.tolist())]
        r2 = float(np.max(np.abs(np.array(system.evaluate(cand, 1.0), dtype=complex))))
        if not np.isfinite(r2) or r2 >= res:
            break
        best, res = cand, r2
    return best


class _flint_prec:
    """Set python-flint's working precision (decimal digits) for a block, then restore it."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __enter__(self) -> None:
        self.saved = flint.ctx.prec
        flint.ctx.dps = self.digits

    def __exit__(self, *exc: object) -> None:
        flint.ctx.prec = self.saved


def _arb_to_mpf(a: Any) -> Any:
    """The midpoint of a real ball as an mpmath number (exact: a binary float)."""
    m, e = a.mid().man_exp()
    return mpmath.mpf((int(m), int(e)))


def _to_mpc(xs: list[Any]) -> list[Any]:
    with mpmath.workdps(DIGITS + 10):
        return [mpmath.mpc(_arb_to_mpf(v.real), _arb_to_mpf(v.imag)) for v in xs]


def _newton_mp_reference(system: _System, x0: Sequence[complex], maxit: int = 60) -> tuple[list[Any], bool]:
    """The pure-mpmath Newton polishing :func:`_newton_mp` replaced (kept for the tests)."""
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

