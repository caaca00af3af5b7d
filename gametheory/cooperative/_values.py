"""Values shared by the bargaining and conflict models: inputs read as exact, float or
symbolic (sympy) values, computed in sympy, and handed back in the caller's arithmetic;
conditions decided where sympy can, left open where it cannot.

Private to :mod:`gametheory.cooperative`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import sympy

from gametheory._kernel.values import classify_value, combine_arithmetic, to_fraction
from gametheory.errors import GameError

#: A computed quantity: exact, float, or a sympy expression (symbolic inputs).
Value: TypeAlias = Fraction | float | sympy.Expr
#: A condition: a plain ``bool`` for numeric inputs, a sympy Boolean for symbolic ones.
Condition: TypeAlias = bool | sympy.Basic

DEFAULT_PLAYERS = ("Player 1", "Player 2")

#: The arithmetic of a computation on inputs of these kinds (the widest).
_mode = combine_arithmetic


def _value(v: Any, where: str) -> tuple[sympy.Expr, str]:
    """``v`` as a sympy expression plus its kind: ``"exact"``, ``"float"`` or ``"symbolic"``.

    The kind is the kernel's :func:`~gametheory._kernel.values.classify_value`. Floats become
    the rational they print as (``0.1`` -> ``1/10``), so that all arithmetic is exact; the
    kind remembers that the caller wants floats back.
    """
    x, kind = classify_value(v, where)
    if kind == "symbolic":
        return x, kind
    q = x if kind == "exact" else to_fraction(x, where)
    return sympy.Rational(q.numerator, q.denominator), kind


def _pair(v: Any, where: str) -> tuple[tuple[sympy.Expr, sympy.Expr], list[str]]:
    if isinstance(v, (str, bytes)) or not isinstance(v, Sequence) and not hasattr(v, "__iter__"):
        raise GameError(f"{where}: expected a pair of values, got {v!r}")
    items = list(v)
    if len(items) != 2:
        raise GameError(f"{where}: expected a pair of values (one per player), got {len(items)}")
    a, ka = _value(items[0], f"{where}[0]")
    b, kb = _value(items[1], f"{where}[1]")
    return (a, b), [ka, kb]


def _export(e: Any, mode: str) -> Value:
    """A computed sympy value in the caller's arithmetic."""
    e = sympy.sympify(e, strict=True)
    if mode == "float":
        return float(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    if isinstance(e, sympy.Piecewise):
        return sympy.piecewise_fold(e)
    return sympy.factor(sympy.cancel(e)) if e.free_symbols and e.is_rational_function() else sympy.simplify(e)


def _export_plain(e: Any, mode: str) -> Value:
    """A computed sympy value in the caller's arithmetic, not simplified."""
    e = sympy.sympify(e, strict=True)
    if mode == "float":
        return float(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    return e


def _export_condition(c: Any) -> Condition:
    c = sympy.sympify(c, strict=True)
    if c is sympy.true:
        return True
    if c is sympy.false:
        return False
    return c


def _decide(cond: Any) -> bool | None:
    """``True``/``False`` when sympy can decide ``cond``, else ``None`` (undecidable)."""
    if isinstance(cond, bool):
        return cond
    cond = sympy.sympify(cond, strict=True)
    if cond is sympy.true:
        return True
    if cond is sympy.false:
        return False
    if isinstance(cond, sympy.logic.boolalg.And):
        parts = [_decide(a) for a in cond.args]
        if any(p is False for p in parts):
            return False
        return True if all(p is True for p in parts) else None
    if isinstance(cond, sympy.logic.boolalg.Or):
        parts = [_decide(a) for a in cond.args]
        if any(p is True for p in parts):
            return True
        return False if all(p is False for p in parts) else None
    if isinstance(cond, sympy.core.relational.Relational):
        diff = sympy.simplify(cond.lhs - cond.rhs)
        if isinstance(cond, sympy.GreaterThan):
            yes, no = diff.is_nonnegative, diff.is_negative
        elif isinstance(cond, sympy.StrictGreaterThan):
            yes, no = diff.is_positive, diff.is_nonpositive
        elif isinstance(cond, sympy.LessThan):
            yes, no = diff.is_nonpositive, diff.is_positive
        elif isinstance(cond, sympy.StrictLessThan):
            yes, no = diff.is_negative, diff.is_nonnegative
        elif isinstance(cond, sympy.Equality):
            yes, no = diff.is_zero, (diff.is_zero is False)
        else:  # Unequality
            yes, no = (diff.is_zero is False), diff.is_zero
        if yes:
            return True
        if no:
            return False
    return None


def _reject_if_false(cond: Any, message: str) -> None:
    """Style rule: reject what is provably invalid, let the undecidable through."""
    if _decide(cond) is False:
        raise GameError(message)


def _players(players: Any, where: str) -> tuple[str, str]:
    if isinstance(players, str) or not isinstance(players, Sequence) or len(players) != 2:
        raise GameError(f"{where}: players must be two names, got {players!r}")
    names = tuple(str(p) for p in players)
    if names[0] == names[1]:
        raise GameError(f"{where}: players: duplicate name {names[0]!r}")
    return names[0], names[1]


def _q(f: Fraction) -> sympy.Rational:
    return sympy.Rational(f.numerator, f.denominator)
