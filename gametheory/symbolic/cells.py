"""Exact cell decomposition of a parameter plane (or line) cut by polynomial boundaries.

:func:`open_cells` returns one rational sample point in every open cell of a cylindrical
algebraic decomposition (Collins 1975) of the admissible box cut by a list of integer
polynomials in one or two parameters. Every connected region of the box where none of the
polynomials vanishes contains one of the sample points, so a property that is constant on
such regions (which equilibria exist, when the regime conditions are built from these
polynomials) is decided everywhere by evaluating it exactly at the samples.

Construction, for parameters ``(x, y)``:

1. *Boundaries*: the distinct irreducible factors of the polynomials (python-flint), plus
   ``x - lower`` etc. for the finite ends of the box.
2. *Projection*: for the factors that involve ``y``, their leading coefficients in ``y``,
   their discriminants in ``y`` and their pairwise resultants in ``y``; with the factors in
   ``x`` alone these are univariate polynomials in ``x`` whose real roots are the only
   places where the number or order of the boundary curves above ``x`` can change.
3. *Base*: the real roots of the projection are isolated exactly (sympy's rational
   isolating intervals, refined until disjoint); one rational ``x`` is taken in every open
   interval between consecutive roots.
4. *Lift*: at each such ``x`` the boundary factors become univariate in ``y``; their real
   roots are isolated the same way and one rational ``y`` is taken between consecutive
   roots.

Everything is exact integer/rational arithmetic; no floating-point value decides anything.
The cells of lower dimension (on a boundary curve, or above a root of the projection) are
not sampled: there the game has ties, and possibly continua of equilibria.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

from gametheory.errors import GameError, GameSizeError

#: Largest number of distinct boundary factors decomposed (pairwise resultants grow
#: quadratically with it).
MAX_BOUNDARIES = 400


# ----------------------------------------------------------------------------- polynomials
def context(names: Sequence[str]) -> Any:
    """The python-flint context of integer polynomials in the named parameters."""
    return flint.fmpz_mpoly_ctx.get(tuple(names), "lex")


def sign_at(poly: Any, point: Sequence[Fraction]) -> int:
    """Sign (-1, 0, 1) of an integer polynomial at a rational point, in exact integers."""
    degs = poly.degrees()
    total = 0
    for exps, coeff in zip(poly.monoms(), poly.coeffs()):
        term = int(coeff)
        for e, d, v in zip(exps, degs, point):
            term *= v.numerator**e * v.denominator ** (d - e)
        total += term
    return (total > 0) - (total < 0)


def _normalise(poly: Any) -> Any:
    """``poly`` divided by its integer content, with a positive leading coefficient."""
    content = poly.content()
    if content != 1 and content != 0:
        poly = poly / content
    if poly.leading_coefficient() < 0:
        poly = -poly
    return poly


def irreducible_factors(polys: Sequence[Any]) -> list[Any]:
    """The distinct nonconstant irreducible factors (normalised) of ``polys``."""
    seen: dict[str, Any] = {}
    for p in polys:
        if p.is_zero() or p.is_constant():
            continue
        _, facs = p.factor()
        for f, _mult in facs:
            if f.is_constant():
                continue
            f = _normalise(f)
            seen.setdefault(str(f), f)
    return list(seen.values())


def _univariate(poly: Any, var: int) -> flint.fmpz_poly:
    """A polynomial that involves only variable ``var`` as an ``fmpz_poly``."""
    coeffs: dict[int, int] = {}
    for exps, c in zip(poly.monoms(), poly.coeffs()):
        coeffs[exps[var]] = coeffs.get(exps[var], 0) + int(c)
    deg = max(coeffs) if coeffs else 0
    return flint.fmpz_poly([coeffs.get(k, 0) for k in range(deg + 1)])


def at_first(poly: Any, x: Fraction) -> flint.fmpz_poly:
    """``poly(x, y)`` at rational ``x`` as an integer polynomial in ``y`` (denominators
    cleared by a positive factor, so signs are kept)."""
    dx = poly.degrees()[0]
    coeffs: dict[int, int] = {}
    for (i, j), c in zip(poly.monoms(), poly.coeffs()):
        coeffs[j] = coeffs.get(j, 0) + int(c) * x.numerator**i * x.denominator ** (dx - i)
    deg = max(coeffs) if coeffs else 0
    return flint.fmpz_poly([coeffs.get(k, 0) for k in range(deg + 1)])


def sign_univariate(poly: flint.fmpz_poly, v: Fraction) -> int:
    """Sign of an integer polynomial in one variable at a rational, exactly (FLINT)."""
    val = poly(flint.fmpq(v.numerator, v.denominator))
    return (val > 0) - (val < 0)


def signs_at(polys: Sequence[Any], points: Sequence[tuple[Fraction, ...]]) -> list[list[int]]:
    """``signs[k][i]``: sign of ``polys[i]`` at ``points[k]`` (one or two variables),
    exactly; points sharing a first coordinate share the substitution of it."""
    out: list[list[int]] = []
    column: list[flint.fmpz_poly] | None = None
    last: Fraction | None = None
    for pt in points:
        if len(pt) == 1:
            out.append([sign_at(p, pt) for p in polys])
            continue
        if column is None or pt[0] != last:
            column = [at_first(p, pt[0]) for p in polys]
            last = pt[0]
        out.append([sign_univariate(u, pt[1]) for u in column])
    return out


# ----------------------------------------------------------------------------- real roots
def _squarefree_parts(polys: Sequence[flint.fmpz_poly]) -> list[flint.fmpz_poly]:
    """Distinct irreducible factors of univariate integer polynomials (degree >= 1)."""
    seen: dict[str, flint.fmpz_poly] = {}
    for p in polys:
        if p.degree() < 1:
            continue
        _, facs = p.factor()
        for f, _mult in facs:
            if f.degree() < 1:
                continue
            if int(f.coeffs()[-1]) < 0:
                f = -f
            seen.setdefault(str(f), f)
    return list(seen.values())


def _roots(p: flint.fmpz_poly) -> list[tuple[Any, int]]:
    """Isolating enclosures of the complex roots with multiplicities (FLINT/Arb)."""
    out: list[tuple[Any, int]] = p.complex_roots()  # type: ignore[assignment]
    return out


def _ball_ends(b: Any) -> tuple[Fraction, Fraction]:
    """Exact rational ends of a real arb ball (its midpoint and radius are dyadic)."""
    m, e = b.mid().man_exp()
    r, f = b.rad().man_exp()
    m, e, r, f = int(m), int(e), int(r), int(f)
    mid = Fraction(m << e) if e >= 0 else Fraction(m, 1 << -e)
    rad = Fraction(r << f) if f >= 0 else Fraction(r, 1 << -f)
    return mid - rad, mid + rad


def separating_points(polys: Sequence[flint.fmpz_poly]) -> list[Fraction]:
    """Rationals strictly between consecutive distinct real roots of ``polys``, and one
    below the smallest and one above the largest (``[0]`` when there is no real root).

    The roots of the distinct irreducible factors are isolated exactly by FLINT/Arb
    (``fmpz_poly.complex_roots``: pairwise disjoint enclosures, the real roots certified
    real with an exactly zero imaginary part); if enclosures of different factors overlap,
    sympy's rational isolating intervals are refined until they are disjoint. No returned
    point is a root of any of the polynomials.
    """
    facs = _squarefree_parts(polys)
    if not facs:
        return [Fraction(0)]
    ends: list[tuple[Fraction, Fraction]] = []
    for f in facs:
        for root, _mult in _roots(f):
            im = root.imag
            if im.is_exact() and im == 0:
                ends.append(_ball_ends(root.real))
    ends.sort()
    if all(ends[i][1] < ends[i + 1][0] for i in range(len(ends) - 1)):
        if not ends:
            return [Fraction(0)]
        points = [ends[0][0] - 1]
        points += [_simple_between(ends[i][1], ends[i + 1][0]) for i in range(len(ends) - 1)]
        points.append(ends[-1][1] + 1)
        return points
    return _separating_points_sympy(facs)


def _separating_points_sympy(facs: Sequence[flint.fmpz_poly]) -> list[Fraction]:
    """:func:`separating_points` with sympy's exact isolating intervals."""
    import sympy

    t = sympy.Dummy("t")
    spolys = [sympy.Poly([int(c) for c in reversed(f.coeffs())], t, domain=sympy.ZZ) for f in facs]
    ivs: list[list[Any]] = []
    for k, sp in enumerate(spolys):
        for (a, b), _mult in sp.intervals():
            ivs.append([Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)), k])
    for _ in range(100):
        ivs.sort(key=lambda iv: (iv[0], iv[1]))
        clashes = {i for i in range(len(ivs) - 1) if ivs[i][1] >= ivs[i + 1][0]}
        if not clashes:
            break
        for iv in {id(ivs[j]): ivs[j] for i in clashes for j in (i, i + 1)}.values():
            if iv[0] == iv[1]:
                continue
            width = (iv[1] - iv[0]) / 4
            a, b = spolys[iv[2]].refine_root(sympy.Rational(iv[0]), sympy.Rational(iv[1]), eps=sympy.Rational(width))
            iv[0], iv[1] = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
    else:  # pragma: no cover - distinct irreducible polynomials have distinct roots
        raise GameError("cells: real roots could not be separated")
    if not ivs:
        return [Fraction(0)]
    points = [ivs[0][0] - 1]
    for i in range(len(ivs) - 1):
        points.append(_simple_between(ivs[i][1], ivs[i + 1][0]))
    points.append(ivs[-1][1] + 1)
    return points


def _simple_between(a: Fraction, b: Fraction) -> Fraction:
    """A rational with a small denominator strictly between ``a < b``."""
    if a >= b:
        raise GameError("cells: empty interval")
    an, ad, bn, bd = a.numerator, a.denominator, b.numerator, b.denominator
    d = 1
    while True:
        k = (an * d) // ad + 1
        if k * bd < bn * d:
            return Fraction(k, d)
        d *= 2


# ----------------------------------------------------------------------------- decomposition
@dataclass(frozen=True)
class OpenCell:
    """One open cell of the decomposition: its sample point and where it lies.

    ``column`` indexes the open interval of the first parameter (between consecutive roots
    of the projection), ``row`` the sector above it (between consecutive boundary curves,
    counted from below); ``point`` is the rational sample.
    """

    point: tuple[Fraction, ...]
    column: int
    row: int
    signs: tuple[int, ...] = ()  # sign of each boundary factor in the cell


def _box_polys(ctx: Any, k: int, lo: Fraction | None, hi: Fraction | None) -> list[Any]:
    gens = ctx.gens()
    out = []
    for end in (lo, hi):
        if end is not None:
            out.append(end.denominator * gens[k] - end.numerator)
    return out


def _inside(v: Fraction, lo: Fraction | None, hi: Fraction | None) -> bool:
    return (lo is None or v > lo) and (hi is None or v < hi)


def open_cells(
    polys: Sequence[Any], ctx: Any, bounds: Sequence[tuple[Fraction | None, Fraction | None]]
) -> tuple[list[OpenCell], list[Any]]:
    """Sample points of every open cell of the box ``bounds`` cut by ``polys``.

    Parameters
    ----------
    polys:
        Integer polynomials (python-flint ``fmpz_mpoly`` in ``ctx``, one or two variables).
    ctx:
        Their context (see :func:`context`).
    bounds:
        ``(lower, upper)`` of each variable (``None``: unbounded).

    Returns
    -------
    cells, boundaries:
        The open cells (rational sample points, strictly inside the box and off every
        boundary) and the distinct irreducible boundary factors used.
    """
    nvars = len(bounds)
    if nvars not in (1, 2):
        raise GameError(f"cells: the decomposition is implemented for one or two parameters, not {nvars}")
    box = [p for k, (lo, hi) in enumerate(bounds) for p in _box_polys(ctx, k, lo, hi)]
    boundaries = irreducible_factors(list(polys))
    if len(boundaries) > MAX_BOUNDARIES:
        raise GameSizeError(f"cells: {len(boundaries)} boundary factors exceed the limit {MAX_BOUNDARIES}")
    fixed = {k: sg for k, b in enumerate(boundaries) if (sg := _constant_sign(b, ctx, bounds)) != 0}
    active = [b for k, b in enumerate(boundaries) if k not in fixed]
    factors = irreducible_factors(active + box)
    (xlo, xhi) = bounds[0]
    if nvars == 1:
        xs = separating_points([_univariate(f, 0) for f in factors])
        inside = [v for v in xs if _inside(v, xlo, xhi)]
        cells = [
            OpenCell((x,), k, 0, tuple(sign_at(b, (x,)) for b in boundaries)) for k, x in enumerate(inside)
        ]
        return cells, boundaries
    in_y = [f for f in factors if f.degrees()[1] > 0]
    projection = [_univariate(f, 0) for f in factors if f.degrees()[1] == 0]
    for i, f in enumerate(in_y):
        projection.append(_univariate(_leading_in_y(f, ctx), 0))
        if f.degrees()[1] >= 2:
            projection.append(_univariate(_disc(f), 0))
        for g in in_y[i + 1 :]:
            projection.append(_univariate(f.resultant(g, 1), 0))
    xs = [v for v in separating_points(projection) if _inside(v, xlo, xhi)]
    ylo, yhi = bounds[1]
    lifts = [_Lift(b) for b in active]
    if ylo is not None and yhi is not None:
        for lift in lifts:
            lift.box(ylo, yhi)
    cells = []
    # position of each boundary's sign: among the active ones, or its fixed sign
    slots: list[int | None] = []
    n_active = 0
    for k in range(len(boundaries)):
        if k in fixed:
            slots.append(None)
        else:
            slots.append(n_active)
            n_active += 1
    for col, x in enumerate(xs):
        row = 0
        for y, signs in _column(lifts, x, ylo, yhi):
            full = signs if not fixed else tuple(
                fixed[k] if j is None else signs[j] for k, j in enumerate(slots)
            )
            cells.append(OpenCell((x, y), col, row, full))
            row += 1
    return cells, boundaries


def _constant_sign(poly: Any, ctx: Any, bounds: Sequence[tuple[Fraction | None, Fraction | None]]) -> int:
    """+1 or -1 when ``poly`` provably has no zero in the open box (every coefficient of
    the same sign after shifting the variables to start at their lower bounds), else 0."""
    if any(lo is None for lo, _ in bounds):
        return 0
    degs = poly.degrees()
    lows = [lo for lo, _ in bounds if lo is not None]
    scaled = ctx.from_dict(
        {
            m: int(c) * _prod(lo.denominator ** (d - e) for lo, d, e in zip(lows, degs, m))
            for m, c in zip(poly.monoms(), poly.coeffs())
        }
    )
    gens = ctx.gens()
    shifted = scaled.compose(*(g + lo.numerator for g, lo in zip(gens, lows)))
    signs = {int(c) > 0 for c in shifted.coeffs()}
    if signs == {True}:
        return 1
    if signs == {False}:
        return -1
    return 0


def _prod(values: Any) -> int:
    out = 1
    for v in values:
        out *= v
    return out


class _Lift:
    """A boundary polynomial prepared for substituting the first variable: its
    coefficients in ``y`` as integer polynomials in ``x``."""

    def __init__(self, poly: Any):
        coeffs: dict[int, dict[int, int]] = {}
        for (i, j), c in zip(poly.monoms(), poly.coeffs()):
            coeffs.setdefault(j, {})[i] = int(c)
        self.degree = max(coeffs)
        self.coeffs = [
            flint.fmpz_poly([coeffs.get(j, {}).get(i, 0) for i in range(max(coeffs.get(j, {0: 0})) + 1)])
            for j in range(self.degree + 1)
        ]

        self.descartes: list[Any] = []

    def box(self, lo: Fraction, hi: Fraction) -> None:
        """Prepare the Descartes test for roots in ``(lo, hi)`` (degree three and up):
        the coefficients of ``(1 + t)**d * f(x, (lo + hi*t) / (1 + t))`` in ``t`` as
        polynomials in ``x``. Their sign variations at a given ``x`` bound the number of
        roots in ``y`` between ``lo`` and ``hi`` (zero variations: none)."""
        d = self.degree
        if d < 3:
            return
        a = flint.fmpq_poly([flint.fmpq(lo.numerator, lo.denominator), flint.fmpq(hi.numerator, hi.denominator)])
        one_t = flint.fmpq_poly([1, 1])
        terms = [(a**i * one_t ** (d - i)).coeffs() for i in range(d + 1)]
        out = []
        for j in range(d + 1):
            acc = flint.fmpq_poly([0])
            for i in range(d + 1):
                if j < len(terms[i]) and terms[i][j] != 0:
                    acc += flint.fmpq_poly(self.coeffs[i]) * terms[i][j]
            out.append(acc)
        self.descartes = out

    def roots_in_box(self, q: Any) -> int:
        """Descartes' bound on the number of roots in the box prepared by :meth:`box` of
        the polynomial in ``y`` at ``x = q``: the sign variations of the transformed
        coefficients (0: no root; 1: exactly one; ``-1``: not prepared)."""
        if not self.descartes:
            return -1
        last = 0
        changes = 0
        for c in self.descartes:
            v = c(q)
            if v == 0:
                continue
            sg = 1 if v > 0 else -1
            if last and sg != last:
                changes += 1
            last = sg
        return changes

    def at(self, x: Fraction) -> flint.fmpz_poly:
        """The polynomial in ``y`` at rational ``x`` (scaled by a positive integer)."""
        return self.at_q(flint.fmpq(x.numerator, x.denominator))

    def at_q(self, q: Any) -> flint.fmpz_poly:
        """:meth:`at` at an ``fmpq``."""
        return flint.fmpq_poly([c(q) for c in self.coeffs]).numer()


def _column(
    lifts: Sequence[_Lift], x: Fraction, ylo: Fraction | None, yhi: Fraction | None
) -> list[tuple[Fraction, tuple[int, ...]]]:
    """Sample ``y`` of every open sector above ``x`` inside ``(ylo, yhi)``, with the sign
    of each boundary polynomial there.

    Above a sample ``x`` off the projection's roots, every boundary polynomial in ``y`` is
    squarefree and no two share a root, so each real root is a sign change of its owner:
    the signs follow from the sign at ``y -> -oo`` by flipping at each crossing.

    The real roots are enclosed in disjoint rational intervals (:func:`_real_enclosures`:
    exact for degrees one and two, FLINT/Arb above); the samples are the simplest dyadic
    rationals between consecutive enclosures, as :func:`_simple_between` chooses them.
    All comparisons are exact (``fmpq``); only the order in which the enclosures are
    first sorted uses floating point, and it is checked exactly.
    """
    roots: list[tuple[Any, Any, int]] = []
    signs: list[int] = []
    q = flint.fmpq(x.numerator, x.denominator)
    qlo = None if ylo is None else flint.fmpq(ylo.numerator, ylo.denominator)
    qhi = None if yhi is None else flint.fmpq(yhi.numerator, yhi.denominator)
    # in a bounded box only the roots inside it place samples inside it: each sign
    # starts from its value at the lower end and flips at the roots in the box
    for k, lift in enumerate(lifts):
        u = lift.at_q(q)
        deg = u.degree()
        lead = int(u.leading_coefficient()) if deg >= 0 else 0
        if deg <= 0:
            signs.append((lead > 0) - (lead < 0))
            continue
        if qlo is not None and qhi is not None:
            v = u(qlo)
            if v == 0:
                return _column_exact(lifts, x, ylo, yhi)
            signs.append(1 if v > 0 else -1)
            count = lift.roots_in_box(q) if deg == lift.degree else -1
            if count == 0:
                continue
            if count == 1:
                one = _one_root(u, qlo, qhi, signs[-1])
                if one is not None:
                    roots.append((one[0], one[1], k))
                    continue
            for lo, hi in _real_enclosures(u):
                if hi >= qlo and lo <= qhi:
                    roots.append((lo, hi, k))
            continue
        signs.append((1 if lead > 0 else -1) * (-1 if deg % 2 else 1))
        for lo, hi in _real_enclosures(u):
            roots.append((lo, hi, k))
    exact = {lo for lo, hi, _ in roots if lo == hi}
    for end in (qlo, qhi):
        if end is not None and end not in exact:
            roots.append((end, end, -1))
    roots.sort(key=lambda r: float(r[0]))
    if any(roots[i][1] >= roots[i + 1][0] for i in range(len(roots) - 1)):
        roots.sort(key=lambda r: (r[0], r[1]))
        if any(roots[i][1] >= roots[i + 1][0] for i in range(len(roots) - 1)):
            return _column_exact(lifts, x, ylo, yhi)
    ys = [roots[0][0] - 1] if roots else [flint.fmpq(0)]
    ys += [_simple_between_q(roots[i][1], roots[i + 1][0]) for i in range(len(roots) - 1)]
    if roots:
        ys.append(roots[-1][1] + 1)
    out = []
    for i, y in enumerate(ys):
        if i > 0 and roots[i - 1][2] >= 0:
            signs[roots[i - 1][2]] *= -1
        if (qlo is None or y > qlo) and (qhi is None or y < qhi):
            out.append((Fraction(int(y.p), int(y.q)), tuple(signs)))
    return out


def _one_root(u: flint.fmpz_poly, qlo: Any, qhi: Any, below: int) -> tuple[Any, Any] | None:
    """A tight rational enclosure of the only root of ``u`` in ``(qlo, qhi)`` (known to
    be unique, with ``u`` of sign ``below`` at ``qlo``), or ``None``.

    The root is approximated by bisection in floating point; the enclosure
    ``[m - delta, m + delta]`` is then certified exactly: ``u`` has sign ``below`` at its
    lower end and the opposite sign at its upper end, both inside the box.
    """
    cs = [float(c) for c in reversed(u.coeffs())]
    ds = [c * (len(cs) - 1 - i) for i, c in enumerate(cs[:-1])]
    a, b = float(qlo), float(qhi)
    for _ in range(200):
        m = 0.5 * (a + b)
        if not a < m < b:
            break
        v = 0.0
        for c in cs:
            v = v * m + c
        if (v > 0) == (below > 0) and v != 0:
            a = m
        else:
            b = m
        if b - a < 1e-3 * (1.0 + abs(m)):
            # Newton's method from inside the bracket; leaves it: back to bisection
            z = 0.5 * (a + b)
            step = float("inf")
            for _ in range(12):
                v = dv = 0.0
                for c in cs:
                    v = v * z + c
                for c in ds:
                    dv = dv * z + c
                if dv == 0:
                    break
                step = v / dv
                z -= step
                if not a <= z <= b:
                    break
                if abs(step) <= 1e-15 * (1.0 + abs(z)):
                    m = z
                    break
            else:
                continue
            if a <= z <= b and abs(step) <= 1e-15 * (1.0 + abs(z)):
                a = b = z
                break
    m = 0.5 * (a + b)
    delta = 2.0**-40 * (1.0 + abs(m))
    lo = flint.fmpq(*(m - delta).as_integer_ratio())
    hi = flint.fmpq(*(m + delta).as_integer_ratio())
    if not (qlo < lo < hi < qhi):
        return None
    vlo, vhi = u(lo), u(hi)
    if (vlo > 0) != (below > 0) or vlo == 0 or vhi == 0 or (vhi > 0) == (below > 0):
        return None
    return lo, hi


#: Scale of the integer square roots that enclose the irrational roots of quadratics
#: (enclosures of width at most ``2**-SQRT_BITS``).
SQRT_BITS = 128


def _real_enclosures(u: flint.fmpz_poly) -> list[tuple[Any, Any]]:
    """Disjoint rational enclosures ``(lo, hi)`` (``fmpq``, ``lo == hi`` for a rational
    root found exactly) of the real roots of a squarefree integer polynomial, in
    increasing order for degrees one and two.

    Degree one: the root itself. Degree two with discriminant ``D > 0``: the roots
    ``(-b +- sqrt(D)) / 2a`` with ``sqrt(D)`` enclosed by integer square roots
    (``isqrt(D * 4**k) / 2**k`` and one unit above), exact when ``D`` is a square.
    Otherwise (higher degree, or a repeated root) FLINT/Arb's certified enclosures.
    """
    deg = u.degree()
    if deg == 1:
        b0, b1 = u.coeffs()
        r = flint.fmpq(-int(b0), int(b1))
        return [(r, r)]
    if deg == 2:
        c0, c1, c2 = (int(c) for c in u.coeffs())
        disc = c1 * c1 - 4 * c2 * c0
        if disc < 0:
            return []
        if disc > 0:
            s = math.isqrt(disc)
            if s * s == disc:
                r1, r2 = flint.fmpq(-c1 - s, 2 * c2), flint.fmpq(-c1 + s, 2 * c2)
                return [(r1, r1), (r2, r2)] if r1 < r2 else [(r2, r2), (r1, r1)]
            scale = 1 << SQRT_BITS
            t = math.isqrt(disc << (2 * SQRT_BITS))  # t < sqrt(D) * scale < t + 1
            den = 2 * c2 * scale
            b = -c1 * scale
            plus = (flint.fmpq(b + t, den), flint.fmpq(b + t + 1, den))
            minus = (flint.fmpq(b - t - 1, den), flint.fmpq(b - t, den))
            plus = (min(plus), max(plus))
            minus = (min(minus), max(minus))
            return [minus, plus] if minus[0] < plus[0] else [plus, minus]
    out = []
    old_prec = flint.ctx.prec
    flint.ctx.prec = 24  # target accuracy only: the enclosures are certified at any precision
    try:
        found = _roots(u)
    finally:
        flint.ctx.prec = old_prec
    for root, _mult in found:
        im = root.imag
        if im.is_exact() and im == 0:
            out.append(_ball_ends_q(root.real))
    return out


def _ball_ends_q(b: Any) -> tuple[Any, Any]:
    """:func:`_ball_ends` as ``fmpq``."""
    m, e = b.mid().man_exp()
    r, f = b.rad().man_exp()
    m, e, r, f = int(m), int(e), int(r), int(f)
    mid = flint.fmpq(m << e) if e >= 0 else flint.fmpq(m, 1 << -e)
    rad = flint.fmpq(r << f) if f >= 0 else flint.fmpq(r, 1 << -f)
    return mid - rad, mid + rad


def _simple_between_q(a: Any, b: Any) -> Any:
    """:func:`_simple_between` on ``fmpq`` (the same rational)."""
    if a >= b:
        raise GameError("cells: empty interval")
    an, ad, bn, bd = int(a.p), int(a.q), int(b.p), int(b.q)
    d = 1
    while True:
        k = (an * d) // ad + 1
        if k * bd < bn * d:
            return flint.fmpq(k, d)
        d *= 2


def _column_exact(
    lifts: Sequence[_Lift], x: Fraction, ylo: Fraction | None, yhi: Fraction | None
) -> list[tuple[Fraction, tuple[int, ...]]]:
    """:func:`_column` with sympy's isolating intervals and direct sign evaluation."""
    us = [lift.at(x) for lift in lifts]
    ends = [flint.fmpz_poly([-e.numerator, e.denominator]) for e in (ylo, yhi) if e is not None]
    out = []
    for y in separating_points(us + ends):
        if _inside(y, ylo, yhi):
            out.append((y, tuple(sign_univariate(u, y) for u in us)))
    return out


def _leading_in_y(f: Any, ctx: Any) -> Any:
    """The leading coefficient of ``f`` in the second variable, as a polynomial in the first."""
    dy = f.degrees()[1]
    terms = {(i, 0): c for (i, j), c in zip(f.monoms(), f.coeffs()) if j == dy}
    return ctx.from_dict(terms)


def _disc(f: Any) -> Any:
    """Discriminant of ``f`` in the second variable (up to a constant factor: the resultant
    of ``f`` and its derivative, whose roots in ``x`` are what the projection needs)."""
    return f.resultant(f.derivative(1), 1)
