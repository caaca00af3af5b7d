"""Distributions of a player's private type on an interval ``[lo, hi]``.

A :class:`TypeDistribution` holds a density as a sympy formula in one variable on a closed
interval. It is checked when built: the density must be nonnegative on the interval and
integrate to 1 -- exactly where sympy can integrate it, otherwise by numerical quadrature
within :data:`QUADRATURE_TOL` (the check used is recorded in ``normalisation``).

Constructors: :func:`uniform`, :func:`beta`, :func:`truncated_normal` and :func:`density`
(any formula text, read by the whitelist parser :func:`gametheory.symbolic.expr.parse_expression`).

>>> d = density("2*t", 0, 1)
>>> d.cdf("1/2"), d.mean(), d.conditional_mean("1/2", 1)
(Fraction(1, 4), Fraction(2, 3), Fraction(7, 9))
>>> density("t", 0, 1)
Traceback (most recent call last):
  ...
gametheory.bayesian.distributions.DistributionError: density 't' on [0, 1] integrates to 1/2, not 1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.values import parse_number
from gametheory.errors import GameError
from gametheory.symbolic.expr import parse_expression

#: Tolerance of the quadrature check when sympy cannot integrate a density exactly.
QUADRATURE_TOL = 1e-9
#: Points of the numeric nonnegativity check (used when the density is not a polynomial).
SIGN_GRID = 2000

#: The variable densities are written in (internally).
T = sympy.Symbol("t", real=True)


class DistributionError(GameError):
    """A type distribution is invalid (support, parameters, density not a probability density)."""


def to_rational(value: Any, where: str) -> sympy.Expr:
    """A number given as int, Fraction, text or sympy number, as an exact sympy number."""
    if isinstance(value, bool):
        raise DistributionError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, sympy.Basic):
        if not value.is_number or not value.is_real or not value.is_finite:
            raise DistributionError(f"{where}: expected a finite real number, got {value}")
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise DistributionError(f"{where}: expected a finite number, got {value}")
        q = Fraction(value)
    elif isinstance(value, (int, Fraction)):
        q = Fraction(value)
    elif isinstance(value, str):
        try:
            q = parse_number(value, where)
        except GameError as exc:
            raise DistributionError(str(exc)) from None
    else:
        raise DistributionError(f"{where}: expected a number, got {type(value).__name__}")
    return sympy.Rational(q.numerator, q.denominator)


def plain(v: Any) -> Fraction | float:
    """A sympy number as a Fraction when rational, otherwise a float."""
    v = sympy.sympify(v, strict=True) if not isinstance(v, sympy.Basic) else v
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return float(sympy.N(v, 30))


@dataclass(frozen=True)
class TypeDistribution:
    """A probability density ``pdf`` (sympy, in :data:`T`) on ``[lo, hi]``.

    Build it with :func:`uniform`, :func:`beta`, :func:`truncated_normal` or :func:`density`
    (which run the checks); ``normalisation`` says how the total mass was checked.
    """

    family: str
    lo: sympy.Expr
    hi: sympy.Expr
    pdf: sympy.Expr
    parameters: dict[str, Any] = field(default_factory=dict)
    normalisation: str = "exact"

    # ------------------------------------------------------------------ building blocks
    def pdf_in(self, var: sympy.Symbol) -> sympy.Expr:
        """The density written in ``var``."""
        return self.pdf.subs(T, var)

    def cdf_expr(self, var: sympy.Symbol = T) -> sympy.Expr:
        """The CDF on ``[lo, hi]`` as a formula in ``var`` (unevaluated integral if sympy cannot)."""
        s = sympy.Dummy("s", real=True)
        return sympy.integrate(self.pdf.subs(T, s), (s, self.lo, var))

    @property
    def exact(self) -> bool:
        """Whether the density is a polynomial with rational coefficients on a rational interval."""
        return bool(self.lo.is_Rational and self.hi.is_Rational and _rational_poly(self.pdf))

    def _point(self, x: Any, where: str) -> sympy.Expr:
        v = to_rational(x, where)
        if bool(v < self.lo) or bool(v > self.hi):
            raise DistributionError(f"{where} = {v} is outside the support [{self.lo}, {self.hi}]")
        return v

    def _mass(self, a: sympy.Expr, b: sympy.Expr, weight: sympy.Expr | None = None) -> sympy.Expr:
        weight = sympy.Integer(1) if weight is None else weight
        val = sympy.integrate(weight * self.pdf, (T, a, b))
        if val.has(sympy.Integral):
            val = sympy.Float(_quad(weight * self.pdf, a, b), 30)
        return val

    # ------------------------------------------------------------------ public values
    def cdf(self, x: Any) -> Fraction | float:
        """``P(type <= x)`` for ``x`` in the support (Fraction when exact)."""
        return plain(self._mass(self.lo, self._point(x, "x")))

    def probability(self, a: Any, b: Any) -> Fraction | float:
        """``P(a <= type <= b)``."""
        a_, b_ = self._point(a, "a"), self._point(b, "b")
        if bool(a_ > b_):
            raise DistributionError(f"probability: a = {a_} is above b = {b_}")
        return plain(self._mass(a_, b_))

    def mean(self) -> Fraction | float:
        """``E[type]``."""
        return plain(self._mass(self.lo, self.hi, T))

    def conditional_mean(self, a: Any, b: Any) -> Fraction | float:
        """``E[type | a <= type <= b]``; raises when the interval has probability zero."""
        a_, b_ = self._point(a, "a"), self._point(b, "b")
        if bool(a_ > b_):
            raise DistributionError(f"conditional_mean: a = {a_} is above b = {b_}")
        mass = self._mass(a_, b_)
        if mass == 0:
            raise DistributionError(f"conditional_mean: P({a_} <= type <= {b_}) is 0")
        return plain(self._mass(a_, b_, T) / mass)

    def to_json(self) -> dict[str, Any]:
        """The family, support, parameters and density as JSON data."""
        from gametheory._kernel.results import json_value

        return {
            "family": self.family,
            "lo": json_value(self.lo),
            "hi": json_value(self.hi),
            "parameters": json_value(self.parameters),
            "density": sympy.sstr(self.pdf),
            "normalisation": self.normalisation,
        }


def _rational_poly(expr: sympy.Expr) -> bool:
    if not expr.is_polynomial(T):
        return False
    return all(c.is_Rational for c in sympy.Poly(expr, T).all_coeffs())


def _quad(expr: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> float:
    import mpmath

    f = sympy.lambdify(T, expr, "mpmath")
    with mpmath.workdps(30):
        return float(mpmath.quad(f, [sympy.N(a, 30), sympy.N(b, 30)]))


def _check(family: str, pdf: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr, text: str, params: dict[str, Any]) -> TypeDistribution:
    if not bool(lo < hi):
        raise DistributionError(f"{family}: the support needs lo < hi (got [{lo}, {hi}])")
    extra = pdf.free_symbols - {T}
    if extra:
        raise DistributionError(f"{family}: density {text!r} has unknown names {sorted(map(str, extra))}")
    where = f"density {text!r} on [{lo}, {hi}]"
    # nonnegative
    if _rational_poly(pdf) and lo.is_Rational and hi.is_Rational:
        poly = sympy.Poly(pdf, T)
        if poly.is_zero:
            raise DistributionError(f"{where} is zero")
        cuts = sorted({r for r in poly.real_roots() if bool(lo < r) and bool(r < hi)}, key=lambda r: sympy.N(r, 30))
        pts = [lo, *cuts, hi]
        probes = [lo, hi] + [(pts[k] + pts[k + 1]) / 2 for k in range(len(pts) - 1)]
        for x in probes:
            v = sympy.nsimplify(poly.eval(x)) if not x.is_Rational else poly.eval(x)
            if bool(v < 0):
                raise DistributionError(f"{where} is negative at t = {x}")
    else:
        import mpmath

        f = sympy.lambdify(T, pdf, "mpmath")
        lo_f, hi_f = float(lo), float(hi)
        for k in range(SIGN_GRID + 1):
            x = lo_f + (hi_f - lo_f) * k / SIGN_GRID
            try:
                v = complex(f(mpmath.mpf(x)))
            except (ZeroDivisionError, ValueError, OverflowError):
                raise DistributionError(f"{where} cannot be evaluated at t = {x:g}") from None
            if v.imag != 0 or v.real != v.real:
                raise DistributionError(f"{where} is not a real number at t = {x:g}")
            if v.real < 0:
                raise DistributionError(f"{where} is negative at t = {x:g}")
    # integrates to 1
    total = sympy.integrate(pdf, (T, lo, hi))
    how = "exact"
    if total.has(sympy.Integral) or not total.is_number:
        q = _quad(pdf, lo, hi)
        if abs(q - 1) > QUADRATURE_TOL:
            raise DistributionError(f"{where} integrates to {q:.12g} (by quadrature), not 1")
        how = f"quadrature: |integral - 1| <= {QUADRATURE_TOL:g}"
    else:
        diff = sympy.simplify(total - 1)
        if diff != 0:
            approx = sympy.N(diff, 30)
            if approx.is_number and abs(float(approx)) <= 1e-25 and not diff.is_Rational:
                how = "exact integral, equal to 1 within 1e-25 at 30 digits (sympy could not simplify)"
            else:
                shown = total if total.is_Rational else f"{float(sympy.N(total, 20)):.12g}"
                raise DistributionError(f"{where} integrates to {shown}, not 1")
    return TypeDistribution(family, lo, hi, pdf, params, how)


def uniform(lo: Any = 0, hi: Any = 1) -> TypeDistribution:
    """The uniform distribution on ``[lo, hi]``."""
    a, b = to_rational(lo, "uniform: lo"), to_rational(hi, "uniform: hi")
    if not bool(a < b):
        raise DistributionError(f"uniform: the support needs lo < hi (got [{a}, {b}])")
    return _check("uniform", 1 / (b - a), a, b, f"1/({b} - {a})", {})


def beta(alpha: Any, beta_: Any, lo: Any = 0, hi: Any = 1) -> TypeDistribution:
    """The beta(alpha, beta) distribution rescaled to ``[lo, hi]`` (alpha, beta >= 1)."""
    al, be = to_rational(alpha, "beta: alpha"), to_rational(beta_, "beta: beta")
    a, b = to_rational(lo, "beta: lo"), to_rational(hi, "beta: hi")
    if not (bool(al >= 1) and bool(be >= 1)):
        raise DistributionError(f"beta: alpha and beta must be at least 1 (a bounded density), got {al}, {be}")
    if not bool(a < b):
        raise DistributionError(f"beta: the support needs lo < hi (got [{a}, {b}])")
    pdf = (T - a) ** (al - 1) * (b - T) ** (be - 1) / ((b - a) ** (al + be - 1) * sympy.gamma(al) * sympy.gamma(be) / sympy.gamma(al + be))
    pdf = sympy.expand(sympy.simplify(pdf))
    return _check("beta", pdf, a, b, f"beta({al}, {be})", {"alpha": al, "beta": be})


def truncated_normal(mu: Any, sigma: Any, lo: Any, hi: Any) -> TypeDistribution:
    """The normal(mu, sigma) distribution truncated to ``[lo, hi]`` (sigma > 0)."""
    m, s = to_rational(mu, "truncated_normal: mu"), to_rational(sigma, "truncated_normal: sigma")
    a, b = to_rational(lo, "truncated_normal: lo"), to_rational(hi, "truncated_normal: hi")
    if not bool(s > 0):
        raise DistributionError(f"truncated_normal: sigma must be positive, got {s}")
    if not bool(a < b):
        raise DistributionError(f"truncated_normal: the support needs lo < hi (got [{a}, {b}])")
    z = lambda x: (x - m) / (s * sympy.sqrt(2))  # noqa: E731
    mass = (sympy.erf(z(b)) - sympy.erf(z(a))) / 2
    pdf = sympy.exp(-((T - m) ** 2) / (2 * s**2)) / (s * sympy.sqrt(2 * sympy.pi) * mass)
    return _check("truncated_normal", pdf, a, b, f"normal({m}, {s})", {"mu": m, "sigma": s})


def density(formula: str, lo: Any, hi: Any, *, var: str = "t") -> TypeDistribution:
    """A density given as formula text in ``var`` on ``[lo, hi]`` (whitelist parser)."""
    if not isinstance(var, str) or not var.isidentifier() or var.startswith("_"):
        raise DistributionError(f"density: variable name {var!r} is not a plain name")
    a, b = to_rational(lo, "density: lo"), to_rational(hi, "density: hi")
    sym = sympy.Symbol(var, real=True)
    pdf = parse_expression(formula, {var: sym}, source="density").subs(sym, T)
    return _check("density", pdf, a, b, formula, {"formula": formula})
