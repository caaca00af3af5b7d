"""Safe parsing of payoff formulas from text.

Text from files and the command line is parsed with :func:`ast.parse` and the tree is
walked here, node by node, against a whitelist; sympy objects are built directly. Nothing
is passed to ``eval``, ``exec`` or ``sympify`` (which evaluates Python code).

Accepted: numbers (``3``, ``0.25``, ``2.5e3``, ``2/3`` -- decimals are read exactly),
declared parameter names, ``+ - * / **``, unary minus and plus, parentheses, and the
functions ``min, max, exp, log, sqrt, abs``. Everything else -- attribute access,
subscripts, lambdas, comprehensions, comparisons, strings, unknown names or functions,
keyword arguments, exponents beyond :data:`MAX_POWER`, nesting beyond :data:`MAX_DEPTH` --
raises :class:`ExpressionError` naming the offending token and its column.

>>> import sympy
>>> c, v = sympy.symbols("c v", positive=True)
>>> parse_expression("v*(1 - 0.25) - c", {"c": c, "v": v})
-c + 3*v/4
>>> parse_expression("__import__('os')", {})
Traceback (most recent call last):
  ...
gametheory.symbolic.expr.ExpressionError: <expression>: column 1: unknown function '__import__' (allowed: min, max, exp, log, sqrt, abs)
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import sympy

from gametheory._kernel.values import parse_number
from gametheory.errors import GameError

#: Longest expression text accepted (characters).
MAX_LENGTH = 10_000
#: Deepest nesting of operations accepted.
MAX_DEPTH = 200
#: Largest number of syntax-tree nodes accepted.
MAX_NODES = 5_000
#: Largest absolute value of a numeric exponent (``x**1000000`` would blow up sympy).
MAX_POWER = 100
#: Largest absolute value of a numeric literal's magnitude, as a power of ten.
MAX_LITERAL_DIGITS = 1000
#: Largest size of a computed number, in decimal digits: values are kept between
#: ``10**-MAX_MAGNITUDE`` and ``10**MAX_MAGNITUDE`` (exact fractions: numerator and
#: denominator together). Checked on estimates *before* sympy computes anything, so
#: ``exp(exp(exp(100)))`` or ``((1e1000**100)**100)**100`` are refused at once.
MAX_MAGNITUDE = 4000

_LOG10_2 = math.log10(2)
_LN10 = math.log(10)


class ExpressionError(GameError):
    """An expression could not be parsed; the message names the token and its column."""

    def __init__(self, message: str, source: str = "<expression>", column: int | None = None):
        self.reason = message
        self.source = source
        self.column = column
        where = source if column is None else f"{source}: column {column}"
        super().__init__(f"{where}: {message}")


def _min(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Min(*args)


def _max(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Max(*args)


#: name -> (sympy constructor, minimum arity, maximum arity or None)
FUNCTIONS: dict[str, tuple[Callable[..., sympy.Expr], int, int | None]] = {
    "min": (_min, 2, None),
    "max": (_max, 2, None),
    "exp": (sympy.exp, 1, 1),
    "log": (sympy.log, 1, 1),
    "sqrt": (sympy.sqrt, 1, 1),
    "abs": (sympy.Abs, 1, 1),
}

_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}

_NODE_WORDS = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda",
    ast.Compare: "comparisons",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "conditional expressions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Starred: "starred arguments",
    ast.NamedExpr: "assignment expressions",
    ast.JoinedStr: "f-strings",
    ast.Await: "await",
}


class _Parser:
    def __init__(self, text: str, names: Mapping[str, sympy.Expr], source: str):
        self.text = text
        self.names = names
        self.source = source

    def fail(self, node: ast.AST | None, message: str) -> ExpressionError:
        col = getattr(node, "col_offset", None)
        return ExpressionError(message, self.source, None if col is None else col + 1)

    def token(self, node: ast.AST) -> str:
        seg = ast.get_source_segment(self.text, node)
        return seg if seg is not None else type(node).__name__

    def visit(self, node: ast.AST, depth: int) -> sympy.Expr:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"expression nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.visit(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return operand
            raise self.fail(node, f"operator {self.token(node)[:1]!r} is not allowed")
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        what = _NODE_WORDS.get(type(node), type(node).__name__)
        raise self.fail(node, f"{what} not allowed ({self.token(node)!r})")

    def constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(node, f"{self.token(node)!r} is not a number")
        literal = self.token(node).replace("_", "")
        if len(literal) > MAX_LITERAL_DIGITS:
            raise self.fail(node, f"number with more than {MAX_LITERAL_DIGITS} digits")
        try:
            q = parse_number(literal, "number")
        except GameError as exc:
            raise self.fail(node, f"{literal!r} is not a plain decimal number") from exc
        return sympy.Rational(q.numerator, q.denominator)

    def name(self, node: ast.Name) -> sympy.Expr:
        ident = node.id
        if ident.startswith("_"):
            raise self.fail(node, f"names starting with '_' are not allowed ({ident!r})")
        if ident in FUNCTIONS:
            raise self.fail(node, f"function {ident!r} must be called, e.g. {ident}(x)")
        if ident not in self.names:
            known = ", ".join(sorted(self.names)) or "none declared"
            raise self.fail(node, f"unknown name {ident!r} (parameters: {known})")
        return self.names[ident]

    def binop(self, node: ast.BinOp, depth: int) -> sympy.Expr:
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.fail(node, f"operator in {self.token(node)!r} is not allowed (use + - * / **)")
        left = self.visit(node.left, depth + 1)
        right = self.visit(node.right, depth + 1)
        if op == "+":
            return self.bounded_result(node, left + right)
        if op == "-":
            return self.bounded_result(node, left - right)
        if op == "*":
            return self.bounded_result(node, left * right)
        if op == "/":
            if right == 0:
                raise self.fail(node, f"division by zero in {self.token(node)!r}")
            return self.bounded_result(node, left / right)
        # power: numeric exponents are bounded; symbolic ones are kept as they are
        if right.is_number:
            if not right.is_real or abs(right) > MAX_POWER:
                raise self.fail(node.right, f"exponent {self.token(node.right)!r} outside -{MAX_POWER}..{MAX_POWER}")
            if left == 0 and right.is_negative:
                raise self.fail(node, f"division by zero in {self.token(node)!r}")
        self.bounded(node, _pow_size(magnitude(left), magnitude(right)))
        return self.bounded_result(node, sympy.Pow(left, right))

    def bounded(self, node: ast.AST, size: float) -> None:
        if size > MAX_MAGNITUDE:
            raise self.fail(
                node, f"value of {self.token(node)!r} is too large (beyond 10**{MAX_MAGNITUDE} in size)"
            )

    def bounded_result(self, node: ast.AST, value: sympy.Expr) -> sympy.Expr:
        if value.is_number:
            self.bounded(node, magnitude(value))
        return value

    def call(self, node: ast.Call, depth: int) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, f"only the functions {', '.join(FUNCTIONS)} may be called ({self.token(node.func)!r})")
        fname = node.func.id
        if fname not in FUNCTIONS:
            raise self.fail(node, f"unknown function {fname!r} (allowed: {', '.join(FUNCTIONS)})")
        if node.keywords:
            raise self.fail(node, f"{fname}() takes no keyword arguments")
        func, lo, hi = FUNCTIONS[fname]
        if len(node.args) < lo or (hi is not None and len(node.args) > hi):
            want = str(lo) if hi == lo else f"at least {lo}"
            raise self.fail(node, f"{fname}() takes {want} argument(s), got {len(node.args)}")
        args = [self.visit(a, depth + 1) for a in node.args]
        if fname == "log" and args[0].is_number and args[0] <= 0:
            raise self.fail(node, f"log of a non-positive number in {self.token(node)!r}")
        if fname == "sqrt" and args[0].is_number and args[0] < 0:
            raise self.fail(node, f"square root of a negative number in {self.token(node)!r}")
        if fname == "exp":
            self.bounded(node, _exp_size(magnitude(args[0])))
        return self.bounded_result(node, func(*args))


def parse_expression(
    text: str, names: Mapping[str, Any] | None = None, *, source: str = "<expression>"
) -> sympy.Expr:
    """Parse ``text`` into a sympy expression over the symbols in ``names``.

    ``names`` maps each allowed identifier to a sympy symbol (or expression). Raises
    :class:`ExpressionError` for anything outside the whitelist, naming the token and its
    1-based column.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}", source)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", source)
    if not text.strip():
        raise ExpressionError("empty expression", source)
    stripped = text.strip()
    digits = max((len(m) for m in re.findall(r"\d+", stripped)), default=0)
    if digits > MAX_LITERAL_DIGITS:  # before ast.parse, which has its own limit and message
        raise ExpressionError(f"a number with {digits} digits (more than {MAX_LITERAL_DIGITS})", source)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"syntax error: {exc.msg}", source, exc.offset) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("expression could not be read (too deeply nested?)", source) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExpressionError(f"expression has more than {MAX_NODES} parts", source)
    symbols: dict[str, sympy.Expr] = {}
    for key, value in (names or {}).items():
        if not isinstance(value, sympy.Basic):  # never sympify text: it would be evaluated
            raise TypeError(f"parse_expression: names[{key!r}] must be a sympy object, not {type(value).__name__}")
        symbols[key] = value
    return _Parser(stripped, symbols, source).visit(tree.body, 0)


def _pow_size(base: float, exponent: float) -> float:
    """Size of ``b**e`` from the sizes of ``b`` and ``e`` (``|e| <= 10**exponent``)."""
    if base == 0:
        return 0.0
    if exponent > 6:
        return math.inf
    return base * 10.0**exponent


def _exp_size(argument: float) -> float:
    """Size of ``exp(a)`` from the size of ``a``: ``|log10 exp(a)| = |a| / ln 10``."""
    if argument > 6:
        return math.inf
    return 10.0**argument / _LN10


def magnitude(expr: sympy.Basic, sizes: Mapping[sympy.Basic, float] | None = None) -> float:
    """An upper bound on the size of ``expr`` in decimal digits, computed without evaluating it.

    The size of a number ``x`` is about ``|log10 |x||`` (numerator and denominator digits
    together for exact fractions); symbols count as the size given in ``sizes`` (0 when
    absent). The bound is rough but safe: it is used to refuse formulas whose value would
    be astronomically large or small before sympy tries to compute it.

    >>> import sympy
    >>> round(magnitude(sympy.Integer(10) ** 20))
    20
    >>> magnitude(sympy.exp(sympy.exp(100)))
    inf
    >>> c = sympy.Symbol("c")
    >>> magnitude(2**c, {c: magnitude(sympy.Integer(10**12))}) > MAX_MAGNITUDE
    True
    """
    memo: dict[sympy.Basic, float] = {}
    given = sizes or {}

    def size(e: sympy.Basic) -> float:
        if e in memo:
            return memo[e]
        out: float
        if e.is_Rational:
            p, q = int(e.p), int(e.q)
            out = 0.0 if p == 0 else (abs(p).bit_length() + q.bit_length() - 1) * _LOG10_2
        elif e.is_Symbol:
            out = given.get(e, 0.0)
        elif e.is_Float:
            out = abs(float(sympy.log(abs(e), 10))) if e != 0 else 0.0
        elif e.is_Add:
            out = max(size(a) for a in e.args) + math.log10(len(e.args))
        elif e.is_Mul:
            out = sum(size(a) for a in e.args)
        elif e.is_Pow:
            out = _pow_size(size(e.args[0]), size(e.args[1]))
        elif isinstance(e, sympy.exp):
            out = _exp_size(size(e.args[0]))
        elif isinstance(e, sympy.log):
            out = size(e.args[0]) + 1.0
        elif e.args:
            out = max(size(a) for a in e.args)
        else:  # pi, E, I and other atoms
            out = 1.0
        memo[e] = out
        return out

    return size(expr)


def check_magnitude(
    expr: sympy.Basic, values: Mapping[sympy.Basic, sympy.Basic], *, source: str = "<expression>"
) -> None:
    """Raise :class:`ExpressionError` if ``expr`` at ``values`` would be too large to compute.

    Call before substituting: ``2**c`` at ``c = 1e12`` is refused here instead of making
    sympy build a number with 300 billion digits.

    >>> import sympy
    >>> c = sympy.Symbol("c")
    >>> check_magnitude(2**c, {c: sympy.Integer(10)})
    >>> check_magnitude(2**c, {c: sympy.Integer(10**12)}, source="payoff [0, 0, 0]")
    Traceback (most recent call last):
      ...
    gametheory.symbolic.expr.ExpressionError: payoff [0, 0, 0]: 2**c is too large to compute at c=1000000000000 (beyond 10**4000 in size)
    """
    relevant = {s: v for s, v in values.items() if s in expr.free_symbols}
    sizes = {s: magnitude(v) for s, v in relevant.items()}
    if magnitude(expr, sizes) > MAX_MAGNITUDE:
        at = ", ".join(f"{s}={v}" for s, v in relevant.items())
        raise ExpressionError(
            f"{expr} is too large to compute at {at} (beyond 10**{MAX_MAGNITUDE} in size)", source
        )


def evaluate_at(
    expr: sympy.Basic, values: Mapping[sympy.Basic, sympy.Basic], *, source: str = "<expression>"
) -> sympy.Basic:
    """``expr`` with ``values`` substituted, after :func:`check_magnitude`; a formula that
    turns complex there (``max(sqrt(c - 3), 0)`` at ``c = 1``) raises
    :class:`ExpressionError` naming the formula and the values instead of sympy's
    "not comparable" or "Invalid comparison" message.

    >>> import sympy
    >>> c = sympy.Symbol("c", real=True)
    >>> evaluate_at(sympy.Max(sympy.sqrt(c - 3), 0), {c: sympy.Integer(7)})
    2
    >>> evaluate_at(sympy.Max(sympy.sqrt(c - 3), 0), {c: sympy.Integer(1)}, source="payoff")
    Traceback (most recent call last):
      ...
    gametheory.symbolic.expr.ExpressionError: payoff: Max(0, sqrt(c - 3)) is not a real number at c=1
    """
    check_magnitude(expr, values, source=source)
    try:
        return expr.xreplace(dict(values))
    except (TypeError, ValueError):
        at = ", ".join(f"{s}={v}" for s, v in values.items() if s in expr.free_symbols)
        raise ExpressionError(f"{sympy.sstr(expr)} is not a real number at {at}", source) from None
