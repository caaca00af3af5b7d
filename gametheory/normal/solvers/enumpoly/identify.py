"""Exact identification: each probability of a zero-dimensional solution as a rational
number, a quadratic surd or a ``CRootOf`` (roots of the factors of a characteristic
polynomial)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import flint
import mpmath

from gametheory.normal.solvers.enumpoly.precision import DIGITS


class _Roots:
    """Exact values of one probability (an affine function of the unknowns) over a
    zero-dimensional ideal: the roots of the irreducible factors of the characteristic
    polynomial of its multiplication matrix."""

    def __init__(self, M: Any) -> None:
        cp = M.charpoly()
        num = cp.numer()
        _, factors = num.factor()
        self.rational: list[Fraction] = []
        self.irrational: list[Any] = []  # fmpz_poly of degree >= 2
        for f, _mult in factors:
            co = [int(c) for c in f.coeffs()]
            if len(co) == 2:
                self.rational.append(Fraction(-co[0], co[1]))
            elif len(co) > 2:
                self.irrational.append(co)
        self._real: list[tuple[Any, Any]] | None = None

    def real_irrational(self) -> list[tuple[Any, Any]]:
        """``(sympy expression, mpf value)`` for each real irrational root."""
        if self._real is None:
            import sympy as sp  # lazy: only irrational roots need it

            x = sp.Symbol("x")
            out = []
            for co in self.irrational:
                poly = sp.Poly(list(reversed(co)), x)
                for r in poly.real_roots():
                    out.append((r, mpmath.mpf(str(sp.N(r, DIGITS + 10)))))
            self._real = out
        return self._real

    def match(self, value: Any, tol: Any, precise: bool) -> tuple[Fraction | None, str, Any] | None:
        """The root nearest to ``value``: (Fraction or None, exact text, high-precision value).

        ``precise``: ``value`` is a Newton-polished simple root (good to ~``DIGITS``
        digits); then an irrational factor is recognised by evaluating it there and the
        root's index by counting real roots below it (Sturm sequences), instead of
        refining every root.
        """
        cands: list[tuple[Any, Fraction | None, str, Any]] = []
        for r in self.rational:
            hv = mpmath.mpf(r.numerator) / r.denominator
            cands.append((abs(hv - value), r, str(r), hv))
        best_rat = min(cands, key=lambda c: c[0]) if cands else None
        if best_rat is not None and best_rat[0] <= tol:
            return best_rat[1], best_rat[2], best_rat[3]
        if precise:
            hits = []
            for co in self.irrational:
                val = abs(mpmath.polyval(list(reversed(co)), value))
                size = mpmath.fsum(abs(c) * abs(value) ** e for e, c in enumerate(co))
                if val <= size * mpmath.mpf(10) ** (-(DIGITS - 20)):
                    hits.append(co)
            if len(hits) == 1:
                return None, _root_text(hits[0], value), value
        for expr, hv in self.real_irrational():
            cands.append((abs(hv - value), None, str(expr), hv))
        if not cands:
            return None
        cands.sort(key=lambda c: c[0])
        d0 = cands[0][0]
        if d0 > tol:
            return None
        if len(cands) > 1 and cands[1][0] <= max(100 * d0, tol / 1e6) and cands[1][3] != cands[0][3]:
            return None  # ambiguous
        return cands[0][1], cands[0][2], cands[0][3]


def _squarefree(n: int) -> tuple[int, int]:
    """``(m, f)`` with ``n = m**2 * f`` and ``f`` squarefree (``n > 0``; FLINT's factoring)."""
    m = f = 1
    for p, e in flint.fmpz(n).factor():
        m *= int(p) ** (e // 2)
        f *= int(p) ** (e % 2)
    return m, f


def _quadratic_text(co: list[int], value: Any) -> str:
    """The root of the irreducible quadratic ``co`` (low degree first) nearest ``value``, as
    ``p + q*sqrt(f)`` with ``f`` squarefree, rational part first (``-23/4 + sqrt(601)/4``),
    in a syntax sympy reads back.

    Built with integer arithmetic only, so that irrational equilibria do not import sympy;
    ``tests/test_enumpoly_fast.py`` checks the text against sympy's roots.
    """
    c, b, a = co
    if a < 0:
        a, b, c = -a, -b, -c
    disc = b * b - 4 * a * c
    m, f = _squarefree(disc)
    p = Fraction(-b, 2 * a)
    q = Fraction(m, 2 * a)
    with mpmath.workdps(DIGITS):
        root = mpmath.sqrt(f)
        plus = mpmath.mpf(p.numerator) / p.denominator + mpmath.mpf(q.numerator) / q.denominator * root
        minus = 2 * (mpmath.mpf(p.numerator) / p.denominator) - plus
        if abs(minus - value) < abs(plus - value):
            q = -q
    num, den = abs(q.numerator), q.denominator
    term = ("" if num == 1 else f"{num}*") + f"sqrt({f})" + ("" if den == 1 else f"/{den}")
    if p == 0:
        return term if q > 0 else f"-{term}"
    return f"{p} {'+' if q > 0 else '-'} {term}"


def _poly_text(co: list[int]) -> str:
    """The polynomial ``co`` (integers, low degree first) in ``x`` as sympy prints it:
    terms by falling degree, ``2*x**5 - 7*x**4 + 5*x**3 - x + 3``."""
    parts: list[str] = []
    for e in range(len(co) - 1, -1, -1):
        c = co[e]
        if c == 0:
            continue
        mag = abs(c)
        mono = "" if e == 0 else ("x" if e == 1 else f"x**{e}")
        if not mono:
            term = str(mag)
        else:
            term = mono if mag == 1 else f"{mag}*{mono}"
        if not parts:
            parts.append(term if c > 0 else f"-{term}")
        else:
            parts.append(("+ " if c > 0 else "- ") + term)
    return " ".join(parts)


def _roots_below(co: list[int], bound: Fraction) -> int:
    """Number of distinct real roots of the squarefree polynomial ``co`` (low degree
    first) at or below ``bound``: Sturm's theorem, exact rational arithmetic (FLINT)."""
    p = flint.fmpq_poly(co)
    chain = [p, p.derivative()]
    while chain[-1].degree() > 0:
        r = -(chain[-2] % chain[-1])
        if r == 0:
            break
        chain.append(r)
    at = flint.fmpq(bound.numerator, bound.denominator)

    def changes(signs: list[int]) -> int:
        nz = [v for v in signs if v != 0]
        return sum(1 for a, b in zip(nz, nz[1:]) if a != b)

    def sign(v: Any) -> int:
        return (v > 0) - (v < 0)

    minus_inf = [sign(q[q.degree()]) * (-1 if q.degree() % 2 else 1) for q in chain]
    here = [sign(q(at)) for q in chain]
    return changes(minus_inf) - changes(here)


def _rootof_text(co: list[int], value: Any) -> str | None:
    """``CRootOf(poly, index)`` exactly as ``str(sympy.rootof(...))`` writes it, built
    without sympy, for the polynomials where sympy keeps that form: irreducible, degree
    three or more, positive leading coefficient, content one, at least three terms (a
    binomial becomes a radical) and not a polynomial in ``x**k`` for some ``k > 1``
    (sympy may deflate those). ``None`` for any other polynomial (the caller asks sympy).
    The index counts the real roots below ``value`` (real roots come first in sympy's
    order, ascending); ``tests/test_enumpoly_hot.py`` checks the text against sympy.
    """
    if len(co) < 4 or co[-1] <= 0:
        return None
    g = 0
    for c in co:
        g = math.gcd(g, c)
    if g != 1:
        return None
    exps = [e for e, c in enumerate(co) if c != 0]
    if len(exps) < 3:
        return None
    k = 0
    for e in exps:
        k = math.gcd(k, e)
    if k > 1:
        return None
    below = Fraction(mpmath.nstr(value - mpmath.mpf(10) ** (-(DIGITS - 15)), DIGITS + 5, strip_zeros=False))
    return f"CRootOf({_poly_text(co)}, {_roots_below(co, below)})"


def _root_text(co: list[int], value: Any) -> str:
    """Exact text of the real root of the irreducible polynomial ``co`` (low degree first)
    nearest ``value``: radicals for quadratics, ``CRootOf(poly, index)`` otherwise."""
    if len(co) == 3:
        return _quadratic_text(co, value)
    fast = _rootof_text(co, value)
    if fast is not None:
        return fast
    import sympy as sp  # lazy: only unusual polynomials of degree three or more need it

    x = sp.Symbol("x")
    poly = sp.Poly(list(reversed(co)), x)
    below = Fraction(mpmath.nstr(value - mpmath.mpf(10) ** (-(DIGITS - 15)), DIGITS + 5, strip_zeros=False))
    index = int(poly.count_roots(None, sp.Rational(below.numerator, below.denominator)))
    root = sp.rootof(poly, index)
    return str(root)
