"""The exact stage of :func:`~gametheory.continuous.solve.solve_continuous`, and the sympy
machinery it shares with :mod:`gametheory.symbolic.continuous`: first-order conditions as
polynomial numerators, their exact solution (``linsolve``, a lexicographic Groebner basis in
shape position, or ``sympy.solve``), exact KKT checks, and a wall-clock limit for sympy.

>>> x, y = sympy.symbols("x y", real=True)
>>> sols, proven = solve_focs([2 - 2*x - y, 2 - x - 2*y], [x, y])
>>> sols, proven
([{x: 2/3, y: 2/3}], True)
"""

from __future__ import annotations

import contextlib
import itertools
import math
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from gametheory._kernel.tolerance import ACTIVE_TOL
from gametheory.errors import SolverError

if TYPE_CHECKING:
    from gametheory.continuous.numeric import _Numeric

class ExactTimeout(Exception):
    """Raised inside :func:`time_limit` when its time is up."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ExactTimeout` after ``seconds`` (main thread on POSIX only; else no limit).

    An outer limit running when this one starts gets back what is left of its time.
    """
    if (seconds is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise ExactTimeout()

    start = time.monotonic()
    old_handler = signal.signal(signal.SIGALRM, handler)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:  # give an outer timer back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - start), 1e-3))


def foc_equations(gs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]
                  ) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Numerators and denominators of the first-order conditions."""
    nums, dens = [], []
    for g in gs:
        e = sympy.together(g)
        if not e.has(sympy.log, sympy.exp):
            e = sympy.cancel(e)
        num, den = sympy.fraction(e)
        nums.append(sympy.expand(num))
        dens.append(den)
    return nums, dens


#: Largest Bezout number (product of degrees) of a polynomial first-order system solved exactly.
MAX_BEZOUT = 64


def solve_focs(nums: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], numeric: bool = False
               ) -> tuple[list[dict[Any, Any]], bool]:
    """Solutions of ``nums == 0`` for ``variables``, and whether they are zeros by construction.

    Linear systems: ``linsolve``. Nonlinear polynomial systems with numeric coefficients
    (``numeric=True``): a lexicographic Groebner basis (Buchberger 1965); in shape position
    ``x_k = p_k(x_n)``, ``q(x_n) = 0`` the real roots of ``q`` are isolated exactly
    (``real_roots``: rationals, radicals or ``CRootOf``), so every solution returned satisfies
    the system exactly. Otherwise ``sympy.solve`` (solutions to be checked by the caller).
    """
    variables = list(variables)
    polys: list[Any] = []
    for e in nums:
        if not e.is_polynomial(*variables):
            polys = []
            break
        polys.append(sympy.Poly(e, *variables))
    if polys and len(polys) == len(nums):
        degrees = [p.total_degree() for p in polys]
        if all(d <= 1 for d in degrees):
            sol = sympy.linsolve(list(nums), variables)
            return [dict(zip(variables, tup)) for tup in sol], True
        bezout = math.prod(max(d, 1) for d in degrees)
        if bezout > MAX_BEZOUT:
            raise SolverError(f"polynomial first-order system of Bezout number {bezout} is too large")
        if numeric:
            shaped = _shape_solutions(list(nums), variables)
            if shaped is not None:
                return shaped, True
    found = sympy.solve(list(nums), variables, dict=True)
    return [dict(s) for s in found], False


def _shape_solutions(nums: list[sympy.Expr], variables: list[sympy.Symbol]) -> list[dict[Any, Any]] | None:
    """Real solutions from a lex Groebner basis in shape position (``None`` if it is not)."""
    basis = sympy.groebner(nums, *variables, order="lex")
    exprs = list(basis.exprs)
    if exprs == [1]:
        return []
    n = len(variables)
    last = variables[-1]
    if len(exprs) != n or not exprs[-1].free_symbols <= {last}:
        return None
    maps: list[sympy.Expr] = []
    for k in range(n - 1):
        e = sympy.expand(exprs[k])
        v = variables[k]
        if not e.free_symbols <= {v, last} or sympy.degree(e, v) != 1:
            return None
        c = e.coeff(v, 1)
        if c.free_symbols or c == 0:
            return None
        maps.append(sympy.expand(-(e - c * v) / c))
    roots = []
    for r in sympy.real_roots(sympy.Poly(exprs[-1], last)):
        if r not in roots:
            roots.append(r)
    return [{**{variables[k]: maps[k].xreplace({last: r}) for k in range(n - 1)}, last: r} for r in roots]


def _exact_zero(e: sympy.Expr) -> bool:
    e = sympy.sympify(e, strict=True)
    if e.is_Rational:
        return bool(e == 0)
    if e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    approx = sympy.N(e, 40)
    if approx.is_number and approx != 0 and abs(complex(approx)) > 1e-25:
        return False  # clearly not zero
    s = sympy.simplify(e)
    if s == 0:
        return True
    try:
        if s.is_algebraic:
            t = sympy.Dummy("t")
            return bool(sympy.minimal_polynomial(s, t) == t)
    except (NotImplementedError, ValueError, sympy.polys.polyerrors.PolynomialError):
        return False
    return False


def _nonzero(e: sympy.Expr) -> bool:
    """Whether the number ``e`` is certainly not zero (and finite)."""
    e = sympy.sympify(e, strict=True)
    if e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    if e.is_Rational:
        return bool(e != 0)
    if e.is_zero is False:
        return True
    approx = sympy.N(e, 40)
    return bool(approx.is_number and abs(complex(approx)) > 1e-25)


def _exact_sign_ok(e: sympy.Expr, want: str) -> bool:
    """Whether the number ``e`` is ``<= 0`` (``want='le'``) or ``>= 0``, decided exactly."""
    e = sympy.sympify(e, strict=True)
    if e.has(sympy.nan, sympy.zoo) or e.free_symbols:
        return False
    if e in (sympy.oo, -sympy.oo):
        return (e == -sympy.oo) if want == "le" else (e == sympy.oo)
    if e.is_Rational:
        return bool(e <= 0) if want == "le" else bool(e >= 0)
    if want == "le" and e.is_negative is True:
        return True
    if want == "ge" and e.is_positive is True:
        return True
    return _exact_zero(e)


def _exact_stage(num: _Numeric, x: np.ndarray) -> tuple[list[sympy.Expr], list[str]]:
    """Exact KKT point near ``x`` for an active set read off ``x`` (or raise SolverError)."""
    base = num.classify(x)
    # players whose classification is doubtful: near a bound, or at a bound with ~zero slope
    doubtful = []
    for i, s in enumerate(base):
        near = min(x[i] - num.lo[i], num.hi[i] - x[i]) <= 1e-6 * num.scale_x[i]
        if (s == "interior" and near) or (s != "interior" and abs(num.deriv(i, x)) <= ACTIVE_TOL):
            doubtful.append(i)
    doubtful = doubtful[:3]
    tried = []
    for flips in itertools.product((False, True), repeat=len(doubtful)):
        active = list(base)
        for i, flip in zip(doubtful, flips):
            if flip:
                if active[i] == "interior":
                    active[i] = "lower" if x[i] - num.lo[i] <= num.hi[i] - x[i] else "upper"
                else:
                    active[i] = "interior"
        active = ["lower" if num.width[i] <= 0 else s for i, s in enumerate(active)]
        if active in tried:
            continue
        tried.append(active)
        point = _exact_kkt(num, x, active)
        if point is not None:
            return point, active
    raise SolverError("no exact solution of the first-order conditions verified the KKT conditions")


def _exact_kkt(num: _Numeric, x: np.ndarray, active: list[str]) -> list[sympy.Expr] | None:
    fixed = {}
    for i, s in enumerate(active):
        if s == "lower":
            fixed[num.vars[i]] = num.lo_s[i]
        elif s == "upper":
            fixed[num.vars[i]] = num.hi_s[i]
    inner = [i for i, s in enumerate(active) if s == "interior"]
    candidates: list[dict[Any, Any]]
    proven = True
    dens: list[sympy.Expr] = []
    if inner:
        inner_vars = [num.vars[i] for i in inner]
        gs = [num.g_expr[i].xreplace(fixed) for i in inner]
        if any(g.has(sympy.nan, sympy.zoo) for g in gs):
            return None
        nums, dens = foc_equations(gs, inner_vars)
        candidates, proven = solve_focs(nums, inner_vars, numeric=True)
    else:
        candidates = [{}]
    best: tuple[float, list[sympy.Expr], bool] | None = None
    for sol in candidates:
        point = []
        exact_zero = proven
        ok = True
        for v in num.vars:
            if v in fixed:
                point.append(fixed[v])
                continue
            val = sympy.sympify(sol.get(v, v), strict=True)
            if val.free_symbols:  # a continuum: pin free variables at rationals near the numbers
                pins = {s: sympy.Rational(Fraction(float(x[num.vars.index(s)])).limit_denominator(10**6))
                        for s in val.free_symbols if s in num.vars}
                val = val.xreplace(pins)
                exact_zero = False
                if val.free_symbols:
                    ok = False
                    break
            point.append(val)
        if not ok:
            continue
        try:
            approx = [complex(sympy.N(p, 30)) for p in point]
        except (TypeError, ValueError):
            continue
        if any(abs(z.imag) > 1e-12 * (1 + abs(z.real)) for z in approx):
            continue
        dist = max((abs(z.real - x[i]) / num.scale_x[i] for i, z in enumerate(approx)), default=0.0)
        if best is None or dist < best[0]:
            best = (dist, point, exact_zero)
    if best is None or best[0] > 1e-6:
        return None
    point = [sympy.nsimplify(p) if isinstance(p, sympy.Float) else p for p in best[1]]
    point = [p if p.is_Rational or p.has(sympy.CRootOf) else sympy.radsimp(p) for p in point]
    if best[2]:
        # The numerators vanish by construction; the derivatives are zero iff denominators are not.
        subs = dict(zip(num.vars, point))
        if not all(_nonzero(d.xreplace(subs)) for d in dens):
            return None
    return point if _verify_kkt(num, point, active, interior_proven=best[2]) else None


def _verify_kkt(num: _Numeric, point: list[sympy.Expr], active: list[str], interior_proven: bool = False
                ) -> bool:
    """Exact KKT check: bounds, zero interior derivatives, boundary signs, finite utilities."""
    subs = dict(zip(num.vars, point))
    for i, s in enumerate(active):
        p = point[i]
        if not (_exact_sign_ok(num.lo_s[i] - p, "le") and _exact_sign_ok(p - num.hi_s[i], "le")):
            return False
        if s == "interior" and not interior_proven and not _exact_zero(num.g_expr[i].xreplace(subs)):
            return False
        if s == "lower" and not _exact_sign_ok(num.g_expr[i].xreplace(subs), "le"):
            return False
        if s == "upper" and not _exact_sign_ok(num.g_expr[i].xreplace(subs), "ge"):
            return False
        u = num.u_expr[i].xreplace(subs)
        if u.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            return False
    return True
