"""Named model assumptions: a symbol with a meaning, a default, an admissible interval.

>>> p = Parameter("p_US", "probability the US backs Europe", default="1/2", lower=0, upper=1)
>>> p.symbol.is_nonnegative, p.check("0.3")
(True, Fraction(3, 10))
>>> p.check(2)
Traceback (most recent call last):
  ...
gametheory.errors.GameError: parameter p_US: 2 is outside its admissible interval [0, 1]
"""

from __future__ import annotations

import functools
import keyword
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral
from numbers import Rational as _Rational
from typing import TYPE_CHECKING, Any

from gametheory._kernel.results import json_value
from gametheory._kernel.values import format_number, parse_number
from gametheory.errors import GameError

if TYPE_CHECKING:
    import sympy

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Function names of formulas; refused as parameter names in any case (``Max`` is sympy's
#: name for ``max`` and would shadow it when conditions are compiled).
_RESERVED = {"min", "max", "exp", "log", "sqrt", "abs"}


def to_value(value: Any, where: str) -> Fraction:
    """A parameter value as an exact Fraction (floats become the decimal they print as)."""
    if isinstance(value, bool):
        raise GameError(f"{where}: {value!r} is not a number")
    if isinstance(value, str):
        return parse_number(value, where)
    sp = sys.modules.get("sympy")  # a sympy number can only come from code that loaded sympy
    if sp is not None and isinstance(value, sp.Basic):
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        raise GameError(f"{where}: {value} is not a rational number")
    if isinstance(value, (Integral, _Rational)):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise GameError(f"{where}: {value!r} is not a finite number")
        return Fraction(repr(value))
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise GameError(f"{where}: {value!r} is not a number") from None
    return to_value(f, where)


@dataclass(frozen=True)
class Parameter:
    """An assumption of a model.

    Attributes
    ----------
    name:
        Identifier used in payoff formulas (letters, digits, ``_``; starts with a letter).
    description, unit, source:
        What it means, its unit, and where its value or range comes from (a citation).
    default:
        Value used when none is given (exact).
    lower, upper:
        Admissible interval (``None``: unbounded); ``lower_open``/``upper_open`` exclude
        the end points. The bounds become sympy assumptions where sympy can use them
        (``lower >= 0`` makes the symbol nonnegative, ``lower > 0`` positive), and the
        full interval is available as :meth:`condition`.
    """

    name: str
    description: str = ""
    default: Fraction | None = None
    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_open: bool = False
    upper_open: bool = False
    unit: str = ""
    source: str = ""

    def __init__(
        self,
        name: str,
        description: str = "",
        default: Any = None,
        lower: Any = None,
        upper: Any = None,
        *,
        lower_open: bool = False,
        upper_open: bool = False,
        unit: str = "",
        source: str = "",
    ) -> None:
        if not isinstance(name, str) or not _NAME.match(name) or keyword.iskeyword(name) or name.lower() in _RESERVED:
            raise GameError(
                f"parameter name {name!r} is not allowed (letters, digits and '_', starting with a "
                "letter; not a Python keyword or one of min, max, exp, log, sqrt, abs in any case)"
            )
        where = f"parameter {name}"
        lo = None if lower is None else to_value(lower, f"{where}: lower bound")
        hi = None if upper is None else to_value(upper, f"{where}: upper bound")
        if lo is not None and hi is not None and (lo > hi or (lo == hi and (lower_open or upper_open))):
            raise GameError(f"{where}: empty interval (lower {lo} above upper {hi})")
        set_ = object.__setattr__
        set_(self, "name", name)
        set_(self, "description", description)
        set_(self, "lower", lo)
        set_(self, "upper", hi)
        set_(self, "lower_open", bool(lower_open))
        set_(self, "upper_open", bool(upper_open))
        set_(self, "unit", unit)
        set_(self, "source", source)
        set_(self, "default", None if default is None else self.check(default))

    @functools.cached_property
    def symbol(self) -> sympy.Symbol:
        """The parameter as a sympy symbol: real, and positive or nonnegative where the
        interval says so (made on first use, so numeric work never loads sympy)."""
        import sympy

        assumptions: dict[str, bool] = {"real": True}
        lo = self.lower
        if lo is not None and (lo > 0 or (lo == 0 and self.lower_open)):
            assumptions["positive"] = True
        elif lo is not None and lo >= 0:
            assumptions["nonnegative"] = True
        return sympy.Symbol(self.name, **assumptions)

    def interval_text(self) -> str:
        lo = "-oo" if self.lower is None else format_number(self.lower)
        hi = "oo" if self.upper is None else format_number(self.upper)
        left = "(" if self.lower_open or self.lower is None else "["
        right = ")" if self.upper_open or self.upper is None else "]"
        return f"{left}{lo}, {hi}{right}"

    def contains(self, value: Fraction) -> bool:
        if self.lower is not None and (value < self.lower or (self.lower_open and value == self.lower)):
            return False
        if self.upper is not None and (value > self.upper or (self.upper_open and value == self.upper)):
            return False
        return True

    def check(self, value: Any) -> Fraction:
        """``value`` as a Fraction, or :class:`GameError` if it is not admissible."""
        v = to_value(value, f"parameter {self.name}")
        if not self.contains(v):
            raise GameError(
                f"parameter {self.name}: {format_number(v)} is outside its admissible interval "
                f"{self.interval_text()}"
            )
        return v

    def condition(self) -> sympy.Basic:
        """The admissible interval as a sympy condition on :attr:`symbol`."""
        import sympy

        s = self.symbol
        parts: list[sympy.Basic] = []
        if self.lower is not None:
            lo = sympy.Rational(self.lower.numerator, self.lower.denominator)
            parts.append(s > lo if self.lower_open else s >= lo)
        if self.upper is not None:
            hi = sympy.Rational(self.upper.numerator, self.upper.denominator)
            parts.append(s < hi if self.upper_open else s <= hi)
        return sympy.And(*parts) if parts else sympy.true

    def to_json(self) -> dict[str, Any]:
        """Name, description, default (exact, as text), interval, unit and source."""
        return {
            "name": self.name,
            "description": self.description,
            "default": json_value(self.default),
            "interval": self.interval_text(),
            "unit": self.unit,
            "source": self.source,
        }

    def sample_bounds(self) -> tuple[float, float]:
        """A finite box for sampling: the interval, or default +- 10 where it is unbounded."""
        centre = float(self.default) if self.default is not None else 0.0
        lo = float(self.lower) if self.lower is not None else (float(self.upper) - 20 if self.upper is not None else centre - 10)
        hi = float(self.upper) if self.upper is not None else lo + 20
        return lo, hi


def check_parameters(parameters: Sequence[Any], where: str = "parameters") -> tuple[Parameter, ...]:
    """``parameters`` as a tuple, after checking that they are :class:`Parameter` objects
    with distinct names (:class:`GameError` prefixed with ``where`` otherwise).

    >>> [p.name for p in check_parameters([Parameter("a"), Parameter("b")])]
    ['a', 'b']
    >>> check_parameters([Parameter("a"), Parameter("a")], "tree")
    Traceback (most recent call last):
      ...
    gametheory.errors.GameError: tree: duplicate parameter name(s) a
    """
    params = tuple(parameters)
    for p in params:
        if not isinstance(p, Parameter):
            raise GameError(f"{where}: expected Parameter objects, got {type(p).__name__}")
    names = [p.name for p in params]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise GameError(f"{where}: duplicate parameter name(s) {', '.join(dup)}")
    return params


def find_parameter(by_name: Mapping[str, Parameter], name: str) -> Parameter:
    """``by_name[name]``, or :class:`GameError` listing the known names."""
    try:
        return by_name[name]
    except KeyError:
        known = ", ".join(by_name) or "none"
        raise GameError(f"unknown parameter {name!r} (parameters: {known})") from None


def resolve_values(
    parameters: Sequence[Parameter],
    values: Mapping[str, Any] | None,
    kw: Mapping[str, Any],
    where: str = "substitute",
) -> dict[str, Fraction]:
    """Complete, validated parameter values: given ones checked, defaults filled in.

    ``values`` and keyword values are merged (a name in both is an error); unknown names,
    inadmissible values and parameters with neither a value nor a default raise
    :class:`GameError` prefixed with ``where``.
    """
    given = dict(values or {})
    overlap = set(given) & set(kw)
    prefix = f"{where}: " if where else ""
    if overlap:
        raise GameError(f"{prefix}parameter {sorted(overlap)[0]!r} given twice")
    given.update(kw)
    by_name = {p.name: p for p in parameters}
    for name in given:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            raise GameError(f"{prefix}unknown parameter {name!r} (parameters: {known})")
    out: dict[str, Fraction] = {}
    missing = []
    for p in parameters:
        if p.name in given:
            out[p.name] = p.check(given[p.name])
        elif p.default is not None:
            out[p.name] = p.default
        else:
            missing.append(p.name)
    if missing:
        raise GameError(f"{prefix}no value and no default for parameter(s) {', '.join(missing)}")
    return out
