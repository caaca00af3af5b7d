"""Payoff and probability values of extensive games: exact, float or symbolic.

A game's numbers are all of one *arithmetic*:

* ``"exact"``: :class:`fractions.Fraction`;
* ``"float"``: Python floats (held in ``float64`` arrays);
* ``"symbolic"``: sympy expressions in the game's parameters (numbers become
  ``sympy.Rational``).

:func:`arithmetic_of` decides which one a collection of raw values needs and
:func:`converter` returns the function that converts one raw value. Text is read by
:func:`~gametheory.parse_number` when it is a numeric literal and otherwise by the whitelisting
formula parser :func:`~gametheory.symbolic.expr.parse_expression` (never by ``sympify``).
sympy is imported only when a game is symbolic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any

from gametheory._kernel.tolerance import PROBABILITY_TOL, resolve
from gametheory._kernel.values import is_exact_value, parse_number, to_float, to_fraction
from gametheory.errors import GameError

EXACT = "exact"
FLOAT = "float"
SYMBOLIC = "symbolic"
ARITHMETICS = (EXACT, FLOAT, SYMBOLIC)


def _is_sympy(v: Any) -> bool:
    return type(v).__module__.startswith("sympy")


def _is_numeric_text(v: str) -> bool:
    try:
        parse_number(v)
    except GameError:
        return False
    return True


_FAST_KINDS: dict[type, str] = {int: EXACT, Fraction: EXACT, float: FLOAT}


def value_kind(v: Any) -> str:
    """``"exact"``, ``"float"`` or ``"symbolic"``: the arithmetic one raw value needs."""
    fast = _FAST_KINDS.get(type(v))
    if fast is not None:
        return fast
    if isinstance(v, str):
        return EXACT if _is_numeric_text(v) else SYMBOLIC
    if _is_sympy(v):
        if getattr(v, "is_Rational", False):
            return EXACT
        if getattr(v, "is_Float", False):
            return FLOAT
        return SYMBOLIC
    if is_exact_value(v):
        return EXACT
    return FLOAT


def arithmetic_of(values: Iterable[Any], exact: bool | None, where: str) -> str:
    """The arithmetic for a game whose raw values are ``values``.

    Symbolic as soon as one value is a formula or a sympy expression that is not a number;
    otherwise exact when every value is exact (or ``exact=True``), float when one is a float
    (or ``exact=False``).
    """
    kinds = set()
    for v in values:
        fast = _FAST_KINDS.get(type(v))
        kinds.add(fast if fast is not None else value_kind(v))
    if SYMBOLIC in kinds:
        if exact is False:
            raise GameError(
                f"{where}: exact=False, but the game has formula payoffs or probabilities; "
                "substitute parameter values first"
            )
        return SYMBOLIC
    if exact is None:
        return FLOAT if FLOAT in kinds else EXACT
    return EXACT if exact else FLOAT


def symbols_of(parameters: Sequence[Any]) -> dict[str, Any]:
    return {p.name: p.symbol for p in parameters}


def converter(arithmetic: str, parameters: Sequence[Any] = ()) -> Callable[[Any, str], Any]:
    """Function ``(raw value, where) -> converted value`` for ``arithmetic``."""
    if arithmetic in (EXACT, FLOAT):
        return _cached(to_fraction if arithmetic == EXACT else to_float)
    import sympy

    from gametheory.symbolic.expr import parse_expression

    names = symbols_of(parameters)
    by_name = dict(names)

    def convert(v: Any, where: str) -> Any:
        if isinstance(v, str):
            if _is_numeric_text(v):
                q = parse_number(v, where)
                return sympy.Rational(q.numerator, q.denominator)
            return parse_expression(v, names, source=where)
        if isinstance(v, bool):
            raise GameError(f"{where}: {v!r} is a boolean, not a number")
        if isinstance(v, sympy.Basic):
            free = v.free_symbols
            unknown = sorted(str(s) for s in free if str(s) not in by_name)
            if unknown:
                known = ", ".join(sorted(by_name)) or "none declared"
                raise GameError(f"{where}: unknown parameter(s) {', '.join(unknown)} (parameters: {known})")
            expr = v.xreplace({s: by_name[str(s)] for s in free})
            if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                raise GameError(f"{where}: {v} is not finite")
            return expr
        if is_exact_value(v):
            q = to_fraction(v, where)
            return sympy.Rational(q.numerator, q.denominator)
        q = to_fraction(to_float(v, where), where)
        return sympy.Rational(q.numerator, q.denominator)

    return convert


def _cached(conv: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    """``conv`` with a cache for ints, floats and short strings (payoffs repeat a lot)."""
    cache: dict[tuple[type, Any], Any] = {}

    def convert(v: Any, where: str) -> Any:
        t = type(v)
        if t is int or t is float or t is str or t is Fraction:
            key = (t, v)
            got = cache.get(key)
            if got is None:
                if t is int and conv is to_fraction:
                    got = Fraction(v)
                else:
                    got = conv(v, where)
                if len(cache) < 100_000:
                    cache[key] = got
            return got
        return conv(v, where)

    return convert


def zero(arithmetic: str) -> Any:
    if arithmetic == FLOAT:
        return 0.0
    if arithmetic == EXACT:
        return Fraction(0)
    import sympy

    return sympy.Integer(0)


def one(arithmetic: str) -> Any:
    if arithmetic == FLOAT:
        return 1.0
    if arithmetic == EXACT:
        return Fraction(1)
    import sympy

    return sympy.Integer(1)


def infer_parameters(values: Iterable[Any]) -> tuple[Any, ...]:
    """Parameters (without bounds) for the free symbols of sympy values, sorted by name."""
    from gametheory.symbolic.parameters import Parameter

    names: set[str] = set()
    for v in values:
        if _is_sympy(v):
            names.update(str(s) for s in v.free_symbols)
    return tuple(Parameter(name) for name in sorted(names))


def check_distribution(probs: Sequence[Any], arithmetic: str, where: str, tol: float | None = None) -> None:
    """Raise :class:`GameError` unless ``probs`` is a probability distribution.

    Exact values must be nonnegative and sum to exactly 1; floats within ``tol`` (default
    :data:`~gametheory._kernel.tolerance.PROBABILITY_TOL`). Symbolic
    values are checked three ways: what is provably negative (or provably does not sum to 1)
    is rejected, what is provably valid accepted, and the undecidable let through.
    """
    if arithmetic == EXACT:
        for k, p in enumerate(probs):
            if p < 0:
                raise GameError(f"{where}: probability {k + 1} is negative ({p})")
        total = sum(probs, Fraction(0))
        if total != 1:
            raise GameError(f"{where}: probabilities sum to {total}, not 1")
        return
    if arithmetic == FLOAT:
        tol = resolve(tol, PROBABILITY_TOL)
        for k, p in enumerate(probs):
            if p < -tol:
                raise GameError(f"{where}: probability {k + 1} is negative ({p:.12g})")
        ftotal = float(sum(probs))
        if abs(ftotal - 1.0) > tol * max(1, len(probs)):
            raise GameError(f"{where}: probabilities sum to {ftotal:.12g}, not 1")
        return
    import sympy

    for k, p in enumerate(probs):
        if p.is_negative:
            raise GameError(f"{where}: probability {k + 1} ({p}) is negative")
    diff = sympy.expand(sympy.Add(*probs) - 1)
    if diff.is_zero is False or (diff.is_number and diff != 0):
        raise GameError(f"{where}: probabilities sum to {sympy.Add(*probs)}, not 1")
