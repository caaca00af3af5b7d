"""Parameter grids from text: ``"p_US=0:1:101"``, ``"c=0.1,0.5,2"``, ``"D=log:1:1000:31"``.

Three forms, all validated against a model's parameters before any work is done:

``name=start:stop:n``
    ``n`` evenly spaced values from ``start`` to ``stop`` inclusive,
    :math:`x_k = a + (b - a)\\,k/(n-1)`, :math:`k = 0, \\dots, n-1`; exact
    :class:`~fractions.Fraction` values when ``start`` and ``stop`` are rational (they always
    are: decimals such as ``0.1`` are read as ``1/10``).
``name=v1,v2,...``
    the listed values (one value is a one-point grid).
``name=log:start:stop:n``
    ``n`` log-spaced values, :math:`x_k = a\\,(b/a)^{k/(n-1)}` with :math:`0 < a, b`. A value is
    exact when the power is rational (``log:1:1000:4`` gives 1, 10, 100, 1000); otherwise it is
    the shortest decimal that round-trips the floating-point value.

Numbers are parsed by :func:`gametheory._kernel.values.parse_number` (nothing is evaluated), so
``"p=__import__('os')"`` is rejected as "not a number".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from gametheory._kernel.values import format_number, parse_number
from gametheory.errors import GameError, GameSizeError
from gametheory.symbolic.parameters import to_value

#: Largest number of points in one axis of a grid spec (guards against "0:1:10**9" typos).
MAX_AXIS = 10_000_000
#: Largest number of points in a whole grid (the product of the axes), checked before any
#: axis is built: a 100000 x 100000 grid is refused up front instead of running out of memory.
MAX_POINTS = 10_000_000

_SPEC = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$")


def _model_parameter(model: Any, name: str) -> Any:
    for p in model.parameters:
        if p.name == name:
            return p
    known = ", ".join(p.name for p in model.parameters)
    raise GameError(f"model {model.name}: unknown parameter {name!r} (known: {known})")


def _count(text: str, where: str, before: int = 1) -> int:
    """The point count of one axis; ``before`` is the product of the axes parsed before it."""
    t = text.strip()
    if not re.fullmatch(r"\d+", t):
        raise GameError(f"{where}: number of points {text!r} is not a positive integer")
    if len(t.lstrip("0")) > 18:  # never convert a huge digit string (Python's 4300-digit limit)
        raise GameError(f"{where}: {t[:20]}... points is more than the {MAX_AXIS} allowed on one axis")
    n = int(t)
    if n < 1:
        raise GameError(f"{where}: empty grid (0 points)")
    if n > MAX_AXIS:
        raise GameError(f"{where}: {n} points is more than the {MAX_AXIS} allowed on one axis")
    _check_total(n * before, where)
    return n


def _check_total(total: int, where: str) -> None:
    if total > MAX_POINTS:
        raise GameSizeError(
            f"{where}: the grid would have {total} points, more than the {MAX_POINTS} allowed in one sweep"
        )


def check_total(axes: Mapping[str, Sequence[Any]], where: str = "grid") -> None:
    """Raise :class:`GameSizeError` if the grid spanned by ``axes`` has more than :data:`MAX_POINTS` points.

    >>> check_total({"a": range(10**5), "b": range(10**5)})
    Traceback (most recent call last):
      ...
    gametheory.errors.GameSizeError: grid: the grid would have 10000000000 points, more than the 10000000 allowed in one sweep
    """
    _check_total(math.prod(len(v) for v in axes.values()), where)


def linspace(a: Fraction, b: Fraction, n: int) -> list[Fraction]:
    """``n`` exact evenly spaced values from ``a`` to ``b`` inclusive."""
    if n == 1:
        return [a]
    return [a + (b - a) * Fraction(k, n - 1) for k in range(n)]


def _int_root(m: int, q: int) -> int:
    """The integer part of the ``q``-th root of ``m >= 0``, in integer arithmetic only (no
    float, so any size of ``m`` works)."""
    if m < 2:
        return m
    if m < 2**1000:
        r = round(m ** (1.0 / q))
        while r**q > m:
            r -= 1
        while (r + 1) ** q <= m:
            r += 1
        return r
    x = 1 << -(-m.bit_length() // q)  # at least the root
    while True:
        y = ((q - 1) * x + m // x ** (q - 1)) // q
        if y >= x:
            return x
        x = y


def _exact_root(x: Fraction, q: int) -> Fraction | None:
    """The rational ``q``-th root of ``x > 0`` if it exists."""
    num, den = _int_root(x.numerator, q), _int_root(x.denominator, q)
    if num**q != x.numerator or den**q != x.denominator:
        return None
    return Fraction(num, den)


def _log10(x: Fraction) -> float:
    """``log10(x)`` for ``x > 0`` of any size (a float conversion of ``x`` could overflow or
    underflow to 0)."""
    return math.log10(x.numerator) - math.log10(x.denominator)


def _power_point(a: Fraction, ratio: Fraction, e: Fraction, where: str) -> Fraction:
    """``a * ratio**e`` to about 17 significant digits, for a power that is not rational."""
    la, lr = _log10(a), _log10(ratio)
    if -300 < la < 300 and -300 < lr < 300:
        x = float(a) * float(ratio) ** float(e)
        if 1e-300 < x < 1e300:
            return to_value(x, where)
    # end points beyond the float range: in decimal arithmetic from the logarithm
    with localcontext() as ctx:
        ctx.prec = 17
        value = Decimal(10) ** Decimal(repr(la + float(e) * lr))
    return Fraction(value)


def logspace(a: Fraction, b: Fraction, n: int, where: str = "grid") -> list[Fraction]:
    """``n`` log-spaced values from ``a`` to ``b`` (both positive), exact where rational."""
    if a <= 0 or b <= 0:
        raise GameError(f"{where}: a log grid needs positive end points (got {format_number(a)}, {format_number(b)})")
    if n == 1:
        return [a]
    ratio = b / a
    roots: dict[int, Fraction | None] = {}
    out: list[Fraction] = []
    for k in range(n):
        e = Fraction(k, n - 1)
        exact = None
        if e.denominator <= 64:
            if e.denominator not in roots:
                roots[e.denominator] = _exact_root(ratio, e.denominator)
            root = roots[e.denominator]
            if root is not None:
                exact = a * root**e.numerator
        if exact is None:
            exact = _power_point(a, ratio, e, where)
        out.append(exact)
    out[0], out[-1] = a, b
    return out


def parse_values(model: Any, name: str, text: str, before: int = 1) -> list[Fraction]:
    """The values of one grid spec's right-hand side, validated against ``model``'s parameter.

    ``before`` is the number of points of the axes already parsed: the whole grid is
    checked against :data:`MAX_POINTS` before this axis is built.
    """
    _model_parameter(model, name)
    where = f"grid for {name}"
    body = text.strip()
    if not body:
        raise GameError(f"{where}: empty grid")
    if body.startswith("log:"):
        parts = body[4:].split(":")
        if len(parts) != 3:
            raise GameError(f"{where}: expected log:start:stop:n, got {text!r}")
        a, b = parse_number(parts[0], where), parse_number(parts[1], where)
        values = logspace(a, b, _count(parts[2], where, before), where)
    elif ":" in body:
        parts = body.split(":")
        if len(parts) != 3:
            raise GameError(f"{where}: expected start:stop:n, got {text!r}")
        a, b = parse_number(parts[0], where), parse_number(parts[1], where)
        values = linspace(a, b, _count(parts[2], where, before))
    else:
        items = [s for s in body.split(",")]
        if any(not s.strip() for s in items):
            raise GameError(f"{where}: empty item in list {text!r}")
        _check_total(len(items) * before, where)
        values = [parse_number(s, where) for s in items]
    return check_axis(model, name, values)


def check_axis(model: Any, name: str, values: Iterable[Any]) -> list[Fraction]:
    """Values of parameter ``name`` as exact Fractions, each inside its admissible interval."""
    p = _model_parameter(model, name)
    out = [p.check(v) for v in values]
    if not out:
        raise GameError(f"grid for {name}: empty grid")
    return out


def parse_grid(model: Any, spec: str, before: int = 1) -> tuple[str, list[Fraction]]:
    """Parse one ``name=...`` spec into ``(name, values)`` (see the module docstring);
    ``before`` as in :func:`parse_values`."""
    if not isinstance(spec, str):
        raise GameError(f"grid spec must be text like 'p_US=0:1:11', got {type(spec).__name__}")
    m = _SPEC.match(spec)
    if not m:
        raise GameError(f"grid spec {spec!r}: expected name=start:stop:n, name=v1,v2,... or name=log:start:stop:n")
    return m.group(1), parse_values(model, m.group(1), m.group(2), before)


def parse_grids(model: Any, specs: Sequence[str] | str) -> dict[str, list[Fraction]]:
    """Several specs (a list, or one string with specs separated by ``;`` or whitespace)."""
    if isinstance(specs, str):
        specs = [s for s in re.split(r"[;\s]+", specs) if s]
    out: dict[str, list[Fraction]] = {}
    for s in specs:
        name, values = parse_grid(model, s, math.prod(len(v) for v in out.values()))
        if name in out:
            raise GameError(f"grid: parameter {name} is given twice")
        out[name] = values
    if not out:
        raise GameError("grid: no parameter to vary")
    return out


def normalise_vary(model: Any, vary: Mapping[str, Any] | Sequence[str] | str) -> dict[str, list[Fraction]]:
    """``vary`` as ``{name: [Fraction, ...]}``: accepts spec strings or sequences of values."""
    if isinstance(vary, (str, list, tuple)) and all(isinstance(s, str) for s in vary):
        return parse_grids(model, vary)
    if not isinstance(vary, Mapping):
        raise GameError(f"vary must map parameter names to values or be grid specs, got {type(vary).__name__}")
    out: dict[str, list[Fraction]] = {}
    for name, vals in vary.items():
        if isinstance(vals, str):
            out[name] = parse_values(model, name, vals, math.prod(len(v) for v in out.values()))
        else:
            try:
                seq = list(vals)
            except TypeError:
                seq = [vals]
            out[name] = check_axis(model, name, seq)
            check_total(out, f"grid for {name}")
    if not out:
        raise GameError("sweep: no parameter to vary")
    return out
