"""The small formula and condition language of model files, parsed and evaluated safely.

A model file (:mod:`gametheory.modeling.filemodel`) says which outcome holds, and which
numbers to report, by formulas over the parameters and the solved equilibrium. This module
reads them with its own tokenizer and recursive-descent parser: nothing is handed to
``eval``, ``exec`` or ``sympify``, and only the constructs below exist.

* numbers (``3``, ``0.25``, ``2/3``; decimals are exact), parameter and quantity names,
  ``true`` and ``false``;
* ``+ - * /``, ``^`` (or ``**``) with an integer exponent of at most 100 in absolute value,
  parentheses;
* comparisons ``< <= > >= == !=`` between numbers; ``and``, ``or``, ``not`` between
  conditions;
* ``path includes PLAYER:ACTION`` -- the equilibrium reaches a move of ``PLAYER`` at which
  it takes ``ACTION`` (in a normal form: plays it with positive probability);
* ``prob(PLAYER, ACTION)`` -- the probability that ``PLAYER`` takes ``ACTION`` on the
  equilibrium path (tree: summed over the player's moves, weighted by the chance of reaching
  them; normal form: the mixed strategy's weight);
* ``payoff(PLAYER)`` -- the player's expected equilibrium payoff;
* ``if(CONDITION, A, B)``, ``min(A, B, ...)``, ``max(A, B, ...)``, ``abs(A)``.

Player and action names that are not identifiers are quoted: ``path includes US:"stay out"``
or ``prob("US", "stay out")``. Everything is exact (``Fraction``); a condition is ``bool``.

>>> f = parse_formula("if(path includes A:in, payoff(A) * 2, 0) > 1/2 and not c < 0",
...                   names={"c"}, moves={"A": {"in", "out"}})
>>> f.kind
'condition'
>>> from fractions import Fraction
>>> f.evaluate(Context({"c": Fraction(1)}, {("A", "in"): Fraction(1)}, {"A": Fraction(1)}))
True
>>> parse_formula("__import__('os')", names=set(), moves={})
Traceback (most recent call last):
  ...
gametheory.modeling.condition.FormulaError: column 1: unknown name '__import__'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.errors import GameError

__all__ = ["Context", "Formula", "FormulaError", "parse_formula"]

#: Longest formula text accepted (characters).
MAX_LENGTH = 2000
#: Deepest nesting accepted.
MAX_DEPTH = 100
#: Largest absolute integer exponent.
MAX_POWER = 100
#: Longest number literal (digits).
MAX_DIGITS = 100
#: Largest result of a power, in bits (numerator and denominator each): bigger ones are refused
#: before they are computed, so nested powers cannot make a number with millions of digits.
MAX_POWER_BITS = 20_000

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<string>"[^"\\\n]*"|'[^'\\\n]*')
      | (?P<op>\*\*|<=|>=|==|!=|[-+*/^(),:<>])
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "path", "includes"}
_FUNCTIONS = {"prob", "payoff", "if", "min", "max", "abs"}
_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class FormulaError(GameError):
    """A formula or condition could not be read; the message names the column."""


@dataclass(frozen=True)
class Context:
    """What a formula is evaluated against: parameter (and quantity) values, the equilibrium's
    action probabilities ``{(player, action): p}`` and payoffs ``{player: u}``."""

    values: Mapping[str, Any]
    probs: Mapping[tuple[str, str], Fraction]
    payoffs: Mapping[str, Fraction]


Node = Callable[[Context], Any]


@dataclass(frozen=True)
class Formula:
    """A parsed formula: ``kind`` is ``"number"`` or ``"condition"``; ``names`` the
    parameter/quantity names it reads; ``moves`` the (player, action) pairs it mentions."""

    text: str
    kind: str
    names: frozenset[str]
    moves: frozenset[tuple[str, str]]
    _fn: Node

    def evaluate(self, ctx: Context) -> Any:
        """The exact value (``Fraction``) or truth (``bool``) at ``ctx``."""
        try:
            return self._fn(ctx)
        except ZeroDivisionError:
            raise FormulaError(f"{self.text!r}: division by zero at these values") from None


def checked_power(x: Fraction, k: int) -> Fraction:
    """``x ** k``, refused (:class:`FormulaError`) when the result would exceed
    :data:`MAX_POWER_BITS` bits."""
    x = Fraction(x)
    bits = max(x.numerator.bit_length(), x.denominator.bit_length())
    if bits * abs(k) > MAX_POWER_BITS:
        raise FormulaError(f"a power too large to compute (a number of {bits} bits to the power {k})")
    return x**k


def _arith(op: str, a: Node, b: Node) -> Node:
    """The closure for ``a op b`` (``op`` in ``+ - * /``)."""
    if op == "+":
        return lambda c: a(c) + b(c)
    if op == "-":
        return lambda c: a(c) - b(c)
    if op == "*":
        return lambda c: a(c) * b(c)
    return lambda c: a(c) / b(c)


class _Parser:
    def __init__(self, text: str, names: Mapping[str, str] | set[str] | frozenset[str], moves: Mapping[str, set[str]] | None,
                 players: set[str] | None) -> None:
        self.text = text
        self.known = names
        self.moves = moves
        self.players = players if players is not None else (set(moves) if moves is not None else None)
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
                raise FormulaError(f"column {col}: unexpected character {text[col - 1]!r}")
            kind = m.lastgroup
            assert kind is not None
            value = m.group(kind)
            self.tokens.append((kind, value, m.start(kind) + 1))
            pos = m.end()
        self.i = 0
        self.depth = 0
        self.used: set[str] = set()
        self.used_moves: set[tuple[str, str]] = set()

    # -- tokens
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "", len(self.text) + 1)

    def take(self) -> tuple[str, str, int]:
        t = self.peek()
        self.i += 1
        return t

    def expect(self, value: str) -> None:
        t = self.take()
        if t[1] != value or t[0] not in ("op", "name"):
            raise FormulaError(f"column {t[2]}: expected {value!r}, found {t[1] or 'the end'!r}")

    def at(self, value: str) -> bool:
        t = self.peek()
        return t[0] in ("op", "name") and t[1] == value

    def fail(self, message: str, col: int) -> FormulaError:
        return FormulaError(f"column {col}: {message}")

    # -- grammar (each returns (kind, fn, column))
    def parse(self) -> tuple[str, Node]:
        kind, fn, _ = self.or_()
        t = self.peek()
        if t[0] != "end":
            raise self.fail(f"unexpected {t[1]!r}", t[2])
        return kind, fn

    def nest(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels", col)

    def boolean(self, part: tuple[str, Node, int], word: str) -> Node:
        if part[0] != "condition":
            raise self.fail(f"'{word}' needs a condition (a comparison, path includes, true/false), not a number",
                            part[2])
        return part[1]

    def number(self, part: tuple[str, Node, int], what: str) -> Node:
        if part[0] != "number":
            raise self.fail(f"{what} needs a number, not a condition", part[2])
        return part[1]

    def or_(self) -> tuple[str, Node, int]:
        left = self.and_()
        if not self.at("or"):
            return left
        parts = [self.boolean(left, "or")]
        while self.at("or"):
            self.take()
            parts.append(self.boolean(self.and_(), "or"))
        return "condition", lambda c: any(p(c) for p in parts), left[2]

    def and_(self) -> tuple[str, Node, int]:
        left = self.not_()
        if not self.at("and"):
            return left
        parts = [self.boolean(left, "and")]
        while self.at("and"):
            self.take()
            parts.append(self.boolean(self.not_(), "and"))
        return "condition", lambda c: all(p(c) for p in parts), left[2]

    def not_(self) -> tuple[str, Node, int]:
        if self.at("not"):
            col = self.take()[2]
            self.nest(col)
            inner = self.boolean(self.not_(), "not")
            self.depth -= 1
            return "condition", lambda c: not inner(c), col
        return self.compare()

    def compare(self) -> tuple[str, Node, int]:
        if self.at("path"):
            col = self.take()[2]
            self.expect("includes")
            player, action = self.move(col)
            key = (player, action)
            return "condition", lambda c: c.probs.get(key, Fraction(0)) > 0, col
        left = self.sum_()
        t = self.peek()
        if t[0] == "op" and t[1] in _COMPARE:
            self.take()
            a = self.number(left, f"'{t[1]}'")
            b = self.number(self.sum_(), f"'{t[1]}'")
            op = _COMPARE[t[1]]
            return "condition", lambda c: op(a(c), b(c)), left[2]
        return left

    def sum_(self) -> tuple[str, Node, int]:
        left = self.term()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            a = self.number(left, f"'{op}'")
            b = self.number(self.term(), f"'{op}'")
            left = ("number", _arith(op, a, b), left[2])
        return left

    def term(self) -> tuple[str, Node, int]:
        left = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in "*/":
            op = self.take()[1]
            a = self.number(left, f"'{op}'")
            b = self.number(self.unary(), f"'{op}'")
            left = ("number", _arith(op, a, b), left[2])
        return left

    def unary(self) -> tuple[str, Node, int]:
        t = self.peek()
        if t[0] == "op" and t[1] in "+-":
            self.take()
            self.nest(t[2])
            inner = self.number(self.unary(), f"unary '{t[1]}'")
            self.depth -= 1
            return "number", (lambda c: -inner(c)) if t[1] == "-" else inner, t[2]
        return self.power()

    def power(self) -> tuple[str, Node, int]:
        base = self.atom()
        t = self.peek()
        if t[0] == "op" and t[1] in ("^", "**"):
            self.take()
            sign = 1
            if self.at("-"):
                self.take()
                sign = -1
            e = self.take()
            if e[0] != "number" or not e[1].isdigit() or int(e[1]) > MAX_POWER:
                raise self.fail(f"an exponent must be a whole number of at most {MAX_POWER}", e[2])
            k = sign * int(e[1])
            b = self.number(base, "'^'")
            return "number", lambda c: checked_power(b(c), k), base[2]
        return base

    def name_or_string(self, what: str) -> tuple[str, int]:
        t = self.take()
        if t[0] == "string":
            return t[1][1:-1], t[2]
        if t[0] == "name" and t[1] not in _KEYWORDS:
            return t[1], t[2]
        raise self.fail(f"expected {what}, found {t[1] or 'the end'!r}", t[2])

    def check_player(self, player: str, col: int) -> None:
        if self.players is not None and player not in self.players:
            raise self.fail(f"unknown player {player!r} (players: {', '.join(sorted(self.players))})", col)

    def check_move(self, player: str, action: str, col: int) -> None:
        self.check_player(player, col)
        if self.moves is not None and action not in self.moves.get(player, set()):
            known = ", ".join(sorted(self.moves.get(player, set()))) or "none"
            raise self.fail(f"player {player!r} has no action {action!r} (its actions: {known})", col)
        self.used_moves.add((player, action))

    def move(self, col: int) -> tuple[str, str]:
        t = self.peek()
        if t[0] == "string" and ":" in t[1]:  # "US:stay out"
            self.take()
            player, action = t[1][1:-1].split(":", 1)
            self.check_move(player.strip(), action.strip(), t[2])
            return player.strip(), action.strip()
        player, pc = self.name_or_string("a player")
        self.expect(":")
        action, ac = self.name_or_string("an action")
        self.check_move(player, action, pc)
        return player, action

    def atom(self) -> tuple[str, Node, int]:
        kind, value, col = self.take()
        if kind == "number":
            digits = len(re.sub(r"\D", "", value.split("e")[0].split("E")[0]))
            if digits > MAX_DIGITS or ("e" in value.lower() and abs(int(re.split("[eE]", value)[1])) > MAX_DIGITS):
                raise self.fail(f"a number with more than {MAX_DIGITS} digits", col)
            x = Fraction(value)
            return "number", lambda c: x, col
        if kind == "op" and value == "(":
            self.nest(col)
            inner = self.or_()
            self.depth -= 1
            self.expect(")")
            return inner[0], inner[1], col
        if kind == "name":
            if value in ("true", "false"):
                truth = value == "true"
                return "condition", lambda c: truth, col
            if value in _FUNCTIONS and self.at("("):
                return self.call(value, col)
            if value in _KEYWORDS:
                raise self.fail(f"unexpected {value!r}", col)
            if value not in self.known:
                raise self.fail(f"unknown name {value!r}", col)
            self.used.add(value)
            name = value
            kind = self.known.get(value, "number") if isinstance(self.known, Mapping) else "number"
            return kind, lambda c: c.values[name], col
        if kind == "string":
            raise self.fail(f"a quoted name {value} only goes inside prob(), payoff() or path includes", col)
        raise self.fail(f"unexpected {value or 'end of text'!r}", col)

    def call(self, fname: str, col: int) -> tuple[str, Node, int]:
        self.expect("(")
        self.nest(col)
        out: tuple[str, Node, int]
        if fname == "prob":
            player, pc = self.name_or_string("a player")
            self.expect(",")
            action, _ = self.name_or_string("an action")
            self.check_move(player, action, pc)
            key = (player, action)
            out = ("number", lambda c: c.probs.get(key, Fraction(0)), col)
        elif fname == "payoff":
            player, pc = self.name_or_string("a player")
            self.check_player(player, pc)
            out = ("number", lambda c: c.payoffs[player], col)
        else:
            args = [self.or_()]
            while self.at(","):
                self.take()
                args.append(self.or_())
            if fname == "if":
                if len(args) != 3:
                    raise self.fail("if(condition, a, b) takes three arguments", col)
                cond = self.boolean(args[0], "if")
                if args[1][0] != args[2][0]:
                    raise self.fail("if(): both branches must be numbers or both conditions", col)
                a, b = args[1][1], args[2][1]
                out = (args[1][0], lambda c: a(c) if cond(c) else b(c), col)
            else:
                fns = [self.number(a, f"{fname}()") for a in args]
                if fname == "abs":
                    if len(fns) != 1:
                        raise self.fail("abs() takes one argument", col)
                    f0 = fns[0]
                    out = ("number", lambda c: abs(f0(c)), col)
                else:
                    if len(fns) < 2:
                        raise self.fail(f"{fname}() takes at least two arguments", col)
                    pick = min if fname == "min" else max
                    out = ("number", lambda c: pick(f(c) for f in fns), col)
        self.expect(")")
        self.depth -= 1
        return out


def parse_formula(
    text: str,
    *,
    names: Mapping[str, str] | set[str] | frozenset[str],
    moves: Mapping[str, set[str]] | None = None,
    players: set[str] | None = None,
) -> Formula:
    """Parse a formula or condition (see the module docstring).

    ``names``: the names it may read (a set: all numbers; a mapping: name -> ``"number"`` or
    ``"condition"``); ``moves``: each player's actions (``None``: no
    equilibrium references are checked, e.g. for world links); ``players``: the players
    ``payoff()`` may name (default: the keys of ``moves``). Raises :class:`FormulaError`
    naming the column.
    """
    if not isinstance(text, str):
        raise FormulaError(f"expected a formula as text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"a formula longer than {MAX_LENGTH} characters")
    if not text.strip():
        raise FormulaError("empty formula")
    p = _Parser(text, names, moves, players)
    kind, fn = p.parse()
    return Formula(text, kind, frozenset(p.used), frozenset(p.used_moves), fn)
