"""Conversion and validation of payoff and probability values.

Exact values are :class:`fractions.Fraction`; inexact values are Python/numpy floats.
Accepted exact inputs: ``int``, ``Fraction``, ``decimal.Decimal``, numpy integers, sympy
``Integer``/``Rational`` and numeric strings such as ``"3"``, ``"-2/3"``, ``"1.25"``,
``"1e-3"``. Strings are parsed by :func:`parse_number`; nothing is ever evaluated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any

from gametheory.errors import GameError

Number = Fraction | float

_NUMBER_RE = re.compile(
    r"""^[+-]?(
        (\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?   # integer / decimal / scientific
      | \d+/\d+                             # rational p/q
    )$""",
    re.VERBOSE,
)


#: Largest decimal exponent accepted (``1e999999999`` would take minutes to expand exactly).
MAX_EXPONENT = 1000

_EXPONENT_RE = re.compile(r"[eE]([+-]?\d+)$")


def parse_number(text: str, where: str = "value") -> Fraction:
    """Parse a numeric literal exactly.

    Accepts integers, decimals (``1.5``, ``.5``, ``2e3``) and rationals (``-2/3``).
    Decimals are read exactly (``0.1`` becomes ``1/10``). Raises :class:`GameError`
    naming ``where`` for anything else (including ``nan``, ``inf`` and ``1/0``).
    """
    s = text.strip()
    if not _NUMBER_RE.match(s):
        raise GameError(f"{where}: {text!r} is not a number (expected e.g. 3, -1.5, 2/3)")
    exp = _EXPONENT_RE.search(s)
    if exp and abs(int(exp.group(1))) > MAX_EXPONENT:
        raise GameError(f"{where}: {text!r} has an exponent beyond +-{MAX_EXPONENT}")
    if "/" in s:
        num, den = s.split("/")
        if int(den) == 0:
            raise GameError(f"{where}: {text!r} divides by zero")
        return Fraction(int(num), int(den))
    try:
        return Fraction(Decimal(s))
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - regex guards this
        raise GameError(f"{where}: {text!r} is not a number") from exc


def is_exact_value(v: Any) -> bool:
    """Whether ``v`` is a rational value that converts to Fraction without loss."""
    if isinstance(v, bool):
        return False
    if isinstance(v, (Integral, Rational, Decimal, str)):
        return True
    mod = type(v).__module__
    if mod.startswith("sympy"):
        return bool(getattr(v, "is_Rational", False))
    return False


def to_fraction(v: Any, where: str = "value") -> Fraction:
    """Convert one value to an exact Fraction, or raise GameError naming ``where``."""
    if isinstance(v, bool):
        raise GameError(f"{where}: {v!r} is a boolean, not a number")
    if isinstance(v, Fraction):
        return v
    if isinstance(v, Integral):
        return Fraction(int(v))
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise GameError(f"{where}: {v} is not finite")
        return Fraction(v)
    if isinstance(v, str):
        return parse_number(v, where)
    if type(v).__module__.startswith("sympy"):
        if getattr(v, "is_Rational", False):
            return Fraction(int(v.p), int(v.q))
        raise GameError(f"{where}: {v} is not a rational number")
    if isinstance(v, Rational):
        return Fraction(int(v.numerator), int(v.denominator))
    if isinstance(v, float) or hasattr(v, "__float__"):
        try:
            f = float(v)
        except (TypeError, ValueError) as exc:
            raise GameError(f"{where}: {v!r} is not a number") from exc
        if not math.isfinite(f):
            raise GameError(f"{where}: {f} is not finite")
        # The shortest decimal that prints as this float: 0.1 -> 1/10, as users mean.
        return Fraction(Decimal(repr(f)))
    raise GameError(f"{where}: {v!r} is not a number")


def to_float(v: Any, where: str = "value") -> float:
    """Convert one value to a finite float, or raise GameError naming ``where``."""
    if isinstance(v, bool):
        raise GameError(f"{where}: {v!r} is a boolean, not a number")
    if isinstance(v, str):
        return float(parse_number(v, where))
    try:
        f = float(v)
    except (TypeError, ValueError) as exc:
        raise GameError(f"{where}: {v!r} is not a number") from exc
    if not math.isfinite(f):
        raise GameError(f"{where}: {f} is not finite")
    return f


def format_number(v: Number) -> str:
    """Text for a value: ``"2/3"`` for exact values, ``repr``-style for floats."""
    if isinstance(v, Fraction):
        return str(v)
    return f"{float(v):.10g}"


def simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The rational with the smallest denominator in the closed interval between ``a`` and
    ``b`` (in either order), by the same Stern-Brocot descent as
    :func:`simplest_strictly_between`.

    Bisection brackets a boundary to a tiny interval; boundaries of models with rational
    inputs are usually simple rationals (3/2, not 1.5000000074), and this recovers them.

    >>> simplest_between(Fraction(149, 100), Fraction(151, 100))
    Fraction(3, 2)
    """
    lo, hi = (a, b) if a <= b else (b, a)
    fl = lo.numerator // lo.denominator
    if Fraction(fl) == lo:
        return Fraction(fl)
    if fl + 1 <= hi:
        return Fraction(fl + 1) if fl + 1 > lo else Fraction(fl)
    # lo, hi in (fl, fl+1): recurse on the reciprocals of the fractional parts
    inner = simplest_between(1 / (hi - fl), 1 / (lo - fl))
    return fl + 1 / inner


def simplest_strictly_between(lo: Fraction, hi: Fraction | None) -> Fraction:
    """The rational with the smallest denominator in the open interval ``(lo, hi)``
    (``hi=None``: unbounded above), by the continued-fraction descent of the Stern-Brocot
    tree: O(log) steps, however narrow the interval."""
    if hi is not None and not lo < hi:
        raise ValueError(f"empty interval ({lo}, {hi})")
    fl = math.floor(lo)
    if hi is None or fl + 1 < hi:
        return Fraction(fl + 1)
    # (lo, hi) lies inside [fl, fl + 1]: look for 1/x in (1/(hi - fl), 1/(lo - fl))
    a, b = lo - fl, hi - fl
    inner = simplest_strictly_between(1 / b, None if a == 0 else 1 / a)
    return fl + 1 / inner


# --------------------------------------------------------------------------- arithmetic kinds
#: Order of the three arithmetics: a computation on values of several kinds is done in the
#: widest of them (exact < float < symbolic).
ARITHMETIC_RANK = {"exact": 0, "float": 1, "symbolic": 2}


def classify_value(v: Any, where: str = "value") -> tuple[Any, str]:
    """``(value, arithmetic)`` of one input: a :class:`~fractions.Fraction` (``"exact"``), a
    float (``"float"``) or a sympy expression in symbols (``"symbolic"``).

    Exact inputs are those :func:`to_fraction` accepts without loss (ints, Fractions,
    Decimals, numeric strings, sympy rationals); sympy floats and other reals are floats.
    Booleans, non-finite and non-real values raise :class:`GameError` naming ``where``.
    sympy is never imported here: a sympy value means it is loaded already.

    >>> classify_value(3), classify_value("2/3"), classify_value(0.5)
    ((Fraction(3, 1), 'exact'), (Fraction(2, 3), 'exact'), (0.5, 'float'))
    """
    tv = type(v)
    if tv is int:  # fast paths for the common cases
        return Fraction(v), "exact"
    if tv is Fraction:
        return v, "exact"
    if isinstance(v, bool):
        raise GameError(f"{where}: {v!r} is a boolean, not a number")
    if isinstance(v, Fraction):
        return v, "exact"
    if isinstance(v, Integral):
        return Fraction(int(v)), "exact"
    if tv.__module__.startswith("sympy"):
        import sympy

        if not isinstance(v, sympy.Expr):
            raise GameError(f"{where}: {v} is not an expression")
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q)), "exact"
        if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise GameError(f"{where}: {v} is not finite")
        if v.is_Float:
            return to_float(v, where), "float"
        if v.is_number and v.is_real is False:
            raise GameError(f"{where}: {v} is not a real number")
        return v, "symbolic"
    if is_exact_value(v):
        return to_fraction(v, where), "exact"
    if isinstance(v, Real) or hasattr(v, "__float__"):
        return to_float(v, where), "float"
    raise GameError(f"{where}: {v!r} is not a number or sympy expression")


def combine_arithmetic(kinds: Iterable[str]) -> str:
    """The widest of several arithmetics (``"exact"`` when there are none).

    >>> combine_arithmetic(["exact", "float"]), combine_arithmetic([])
    ('float', 'exact')
    """
    return max(kinds, key=ARITHMETIC_RANK.__getitem__, default="exact")
