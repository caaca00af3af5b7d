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

#: Most digits accepted in one numeric literal (or one integer in a file). Python itself
#: refuses to convert integers of more than 4300 digits to or from text; with at most this
#: many digits and an exponent within :data:`MAX_EXPONENT`, every value read can be written
#: back.
MAX_DIGITS = 1000

_DIGIT_RUN_RE = re.compile(r"\d+")


def preview(text: str, width: int = 30) -> str:
    """``repr`` of ``text``, cut to about ``width`` characters for an error message.

    >>> preview("9" * 50)
    "'999999999999999999999999999...'"
    """
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def check_digits(text: str, where: str = "value") -> None:
    """Raise :class:`GameError` if a run of digits in ``text`` is longer than :data:`MAX_DIGITS`.

    Checked before any conversion, so an oversized literal costs no more than reading it.

    >>> check_digits("12/34")
    >>> check_digits("1" * 1001)
    Traceback (most recent call last):
    ...
    gametheory.errors.GameError: value: a number with 1001 digits (more than 1000): '111111111111111111111111111...'
    """
    if len(text) <= MAX_DIGITS:
        return
    longest = max((len(m) for m in _DIGIT_RUN_RE.findall(text)), default=0)
    if longest > MAX_DIGITS:
        raise GameError(f"{where}: a number with {longest} digits (more than {MAX_DIGITS}): {preview(text)}")


def parse_number(text: str, where: str = "value") -> Fraction:
    """Parse a numeric literal exactly.

    Accepts integers, decimals (``1.5``, ``.5``, ``2e3``) and rationals (``-2/3``).
    Decimals are read exactly (``0.1`` becomes ``1/10``). Raises :class:`GameError`
    naming ``where`` for anything else (including ``nan``, ``inf`` and ``1/0``), and for
    literals beyond our limits: more than :data:`MAX_DIGITS` digits in a row, or a decimal
    exponent beyond :data:`MAX_EXPONENT`.
    """
    s = text.strip()
    if not _NUMBER_RE.match(s):
        raise GameError(f"{where}: {preview(text)} is not a number (expected e.g. 3, -1.5, 2/3)")
    check_digits(s, where)
    exp = _EXPONENT_RE.search(s)
    if exp and abs(int(exp.group(1))) > MAX_EXPONENT:
        raise GameError(f"{where}: {preview(text)} has an exponent beyond +-{MAX_EXPONENT}")
    if "/" in s:
        num, den = s.split("/")
        if int(den) == 0:
            raise GameError(f"{where}: {preview(text)} divides by zero")
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
    try:
        f = float(parse_number(v, where)) if isinstance(v, str) else float(v)
    except OverflowError:  # an exact value beyond the float range (int, Fraction, "1e400")
        raise GameError(f"{where}: {_magnitude_text(v)} is too large for a float (beyond +-1.8e308)") from None
    except (TypeError, ValueError) as exc:
        raise GameError(f"{where}: {v!r} is not a number") from exc
    if not math.isfinite(f):
        if not isinstance(v, float) and not (isinstance(v, str) and v.strip().lower().lstrip("+-") in _NONFINITE):
            raise GameError(f"{where}: {_magnitude_text(v)} is too large for a float (beyond +-1.8e308)")
        raise GameError(f"{where}: {f} is not finite")
    return f + 0.0  # -0.0 (from "-0" or an underflow such as -1e-400) reads as 0.0


_NONFINITE = ("inf", "infinity", "nan")


def _magnitude_text(v: Any) -> str:
    """A short text for a huge value, without converting a huge int to a string (Python
    refuses ints beyond 4300 digits, and the conversion is quadratic)."""
    if isinstance(v, int) and not isinstance(v, bool):
        n = v.bit_length()
        return f"a number of about 10^{int(n * 0.30103)}" if n > 3300 else preview(str(v))
    if isinstance(v, Fraction):
        return _magnitude_text(v.numerator // v.denominator)
    return preview(str(v))


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
