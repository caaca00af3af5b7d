"""Safe expression parsing, parameters and symbolic games (issue: symbolic games)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import GameError, NormalFormGame
from gametheory.symbolic import ExpressionError, Parameter, SymbolicGame, parse_expression

c, v, p = sympy.symbols("c v p", positive=True)
NAMES = {"c": c, "v": v, "p": p}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3", sympy.Integer(3)),
        ("0.1", sympy.Rational(1, 10)),
        ("2.5e3", sympy.Integer(2500)),
        ("2/3", sympy.Rational(2, 3)),
        ("-c + v*(1 - p)", -c + v * (1 - p)),
        ("+v", v),
        ("c**2 - 2*c", c**2 - 2 * c),
        ("v**p", v**p),
        ("min(c, v)", sympy.Min(c, v)),
        ("max(c, v, 1)", sympy.Max(c, v, 1)),
        ("exp(-c)", sympy.exp(-c)),
        ("log(v)", sympy.log(v)),
        ("sqrt(4)", sympy.Integer(2)),
        ("abs(c - v)", sympy.Abs(c - v)),
        ("  (c)  ", c),
        ("1_000", sympy.Integer(1000)),
    ],
)
def test_accepted(text: str, expected: sympy.Expr) -> None:
    assert sympy.simplify(parse_expression(text, NAMES) - expected) == 0


@pytest.mark.parametrize(
    "text, fragment, column",
    [
        ("__import__('os').system('echo hi')", "only the functions", 1),
        ("__import__('os')", "unknown function '__import__'", 1),
        ("c.__class__", "attribute access", 1),
        ("().__class__.__bases__[0]", "subscripts", 1),
        ("().__class__", "attribute access", 1),
        ("v[0]", "subscripts", 1),
        ("lambda: 1", "lambda", 1),
        ("c if v else p", "conditional", 1),
        ("[x for x in c]", "comprehensions", 1),
        ("c < v", "comparisons", 1),
        ("c and v", "'and'/'or'", 1),
        ("'abc'", "not a number", 1),
        ("w + 1", "unknown name 'w'", 1),
        ("c + _x", "names starting with '_'", 5),
        ("open('f')", "unknown function 'open'", 1),
        ("exp(c, v)", "exp() takes 1 argument", 1),
        ("max(c)", "takes at least 2", 1),
        ("min(c, key=v)", "no keyword arguments", 1),
        ("c ** 1000", "exponent '1000'", 6),
        ("2 ** 10 ** 10", "exponent", 6),
        ("c // v", "operator", 1),
        ("c % v", "operator", 1),
        ("c @ v", "operator", 1),
        ("~c", "operator", 1),
        ("1 / 0", "division by zero", 1),
        ("0 ** -1", "division by zero", 1),
        ("log(0)", "log of a non-positive", 1),
        ("sqrt(-1)", "square root of a negative", 1),
        ("1j", "not a number", 1),
        ("True", "not a number", 1),
        ("0x10", "not a plain decimal", 1),
        ("exp", "must be called", 1),
        ("c +", "syntax error", None),
        ("", "empty expression", None),
        ("x := 1", "syntax error", None),
        ("(c, v)", "tuples", 1),
        ("f'{c}'", "f-strings", 1),
        ("*c", "syntax error", None),
    ],
)
def test_rejected_with_position(text: str, fragment: str, column: int | None) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, NAMES, source="model.json:payoffs[0]")
    message = str(info.value)
    assert fragment in message, message
    assert message.startswith("model.json:payoffs[0]")
    if column is not None:
        assert info.value.column == column, message


def test_limits() -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_expression("-" * 250 + "c", NAMES)
    assert parse_expression("+".join(["c"] * 150), NAMES) == 150 * c  # long sums are fine
    with pytest.raises(ExpressionError, match="longer than"):
        parse_expression("c+" * 6000 + "c", NAMES)
    with pytest.raises(ExpressionError):
        parse_expression("+".join(["c"] * 4000), NAMES)
    with pytest.raises(TypeError, match="sympy object"):
        parse_expression("c", {"c": "__import__('os')"})  # type: ignore[dict-item]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="cvp0123456789+-*/()._ ,eaxlmnqrtsj'[]:=<>!%@~^|&", max_size=40))
def test_fuzz_never_crashes_or_executes(text: str) -> None:
    try:
        out = parse_expression(text, NAMES)
    except ExpressionError:
        return
    assert isinstance(out, sympy.Basic)
    assert out.free_symbols <= {c, v, p}


# ----------------------------------------------------------------------------- parameters
def test_parameter_assumptions_and_checks() -> None:
    prob = Parameter("p_US", "probability the US backs Europe", default="1/2", lower=0, upper=1)
    assert prob.symbol.is_nonnegative and prob.default == Fraction(1, 2)
    cost = Parameter("c_R", "cost of war to Russia", default=2, lower=0, lower_open=True, unit="GDP share")
    assert cost.symbol.is_positive
    assert cost.check(0.25) == Fraction(1, 4)
    with pytest.raises(GameError, match=r"outside its admissible interval \(0, oo\)"):
        cost.check(0)
    with pytest.raises(GameError, match="not a number"):
        prob.check("nan")
    with pytest.raises(GameError, match="not allowed"):
        Parameter("exp")
    with pytest.raises(GameError, match="not allowed"):
        Parameter("1x")
    with pytest.raises(GameError, match="empty interval"):
        Parameter("x", lower=2, upper=1)
    with pytest.raises(GameError, match="outside"):
        Parameter("x", default=5, lower=0, upper=1)
    # p_US >= 0 is already a sympy assumption of the symbol, so only the upper bound remains
    assert prob.condition() == (prob.symbol <= 1)


# ----------------------------------------------------------------------------- symbolic games
def deterrence() -> SymbolicGame:
    c = Parameter("c", "cost of war", default=2, lower=0, lower_open=True)
    v = Parameter("v", "value of the stake", default=3, lower=0, lower_open=True)
    return SymbolicGame.from_bimatrix(
        [["0", "0"], ["v", "v - c"]],
        [["0", "0"], ["-v", "-c"]],
        parameters=[c, v],
        players=("Challenger", "Defender"),
        strategies=(("Stay", "Attack"), ("Yield", "Fight")),
    )


def test_substitute_defaults_and_values() -> None:
    g = deterrence()
    assert g.parameters[0].name == "c" and g.shape == (2, 2)
    num = g.substitute()
    assert isinstance(num, NormalFormGame) and num.is_exact
    assert num.payoffs[1, 1].tolist() == [Fraction(1), Fraction(-2)]
    assert g.substitute({"v": "5/2"}, c=1).payoffs[1, 1].tolist() == [Fraction(3, 2), Fraction(-1)]
    assert num.players == ("Challenger", "Defender")


def test_substitute_errors() -> None:
    g = deterrence()
    with pytest.raises(GameError, match="unknown parameter 'w'"):
        g.substitute(w=1)
    with pytest.raises(GameError, match="outside its admissible interval"):
        g.substitute(c=-1)
    with pytest.raises(GameError, match="given twice"):
        g.substitute({"c": 1}, c=2)
    x = Parameter("x")
    h = SymbolicGame.from_bimatrix([["x"]], [["0"]], parameters=[x])
    with pytest.raises(GameError, match="no value and no default for parameter"):
        h.substitute()


def test_irrational_payoffs_give_float_game() -> None:
    x = Parameter("x", default=2, lower=0)
    g = SymbolicGame.from_bimatrix([["sqrt(x)", "1"]], [["0", "1"]], parameters=[x])
    num = g.substitute()
    assert not num.is_exact and abs(num.payoffs[0, 0, 0] - 2**0.5) < 1e-15
    assert g.substitute(x=4).is_exact


def test_construction_errors() -> None:
    x = Parameter("x", default=1)
    with pytest.raises(ExpressionError, match=r"payoffs\[0, 0, 0\]: column 1: unknown name 'y'"):
        SymbolicGame.from_bimatrix([["y"]], [["0"]], parameters=[x])
    with pytest.raises(GameError, match="duplicate"):
        SymbolicGame.from_bimatrix([["x"]], [["0"]], parameters=[x, Parameter("x")])
    with pytest.raises(GameError, match="unknown parameter"):
        SymbolicGame.from_bimatrix([[sympy.Symbol("z")]], [[0]], parameters=[x])
    with pytest.raises(GameError, match="one shape"):
        SymbolicGame.from_bimatrix([["x", "1"]], [["0"]], parameters=[x])
    with pytest.raises(GameError, match="not a payoff"):
        SymbolicGame.from_bimatrix([[True]], [[0]], parameters=[x])


def test_sympy_payoffs_with_other_assumptions_are_unified() -> None:
    x = Parameter("x", default=1, lower=0)
    plain = sympy.Symbol("x")  # no assumptions: a different sympy symbol with the same name
    g = SymbolicGame.from_bimatrix([[2 * plain]], [[0]], parameters=[x])
    assert g.payoffs[0, 0, 0].free_symbols == {x.symbol}
