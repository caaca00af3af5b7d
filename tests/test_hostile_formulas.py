"""Issue 14: hostile formulas and sizes are refused up front with one clean line.

Formulas whose value would be astronomically large (exponent towers, ``exp`` of large
arguments, huge literals raised to powers), reserved parameter names, formulas that turn
complex at a parameter value, and sensitivity runs whose point or draw count is too large.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from test_symbolic_cli import run, write

from gametheory.symbolic.expr import (
    MAX_MAGNITUDE,
    ExpressionError,
    check_magnitude,
    magnitude,
    parse_expression,
)


def game_doc(formula: str, parameters: list[dict] | None = None) -> dict:
    params = parameters if parameters is not None else [{"name": "c", "default": 1}, {"name": "d", "default": 2}]
    return {"parameters": params, "A": [[formula, "0"], ["1", "c"]], "B": [["0", "1"], ["1", "0"]]}


# ---------------------------------------------------------------- 1. value blow-up


@pytest.mark.parametrize(
    ("formula", "token"),
    [
        ("exp(exp(exp(100)))", "exp(exp(100))"),
        ("((1e1000**100)**100)**100", "1e1000**100"),
        ("exp(10000)", "exp(10000)"),
        ("1e1000*1e1000*1e1000*1e1000*1e1000", "1e1000*1e1000*1e1000*1e1000"),
        ("c*1e-1000**5", "1e-1000**5"),
    ],
)
def test_value_blow_up_refused_at_parse(formula: str, token: str) -> None:
    c, d = sympy.symbols("c d")
    with pytest.raises(ExpressionError, match="too large") as info:
        parse_expression(formula, {"c": c, "d": d})
    assert repr(token) in str(info.value)


@pytest.mark.parametrize(
    "formula",
    ["exp(100)", "exp(exp(5))", "1e1000*3", "2**100", "(1/3)**100", "exp(c)**100", "c**100", "sqrt(2)**99", "log(1e1000)"],
)
def test_legit_formulas_still_parse(formula: str) -> None:
    c = sympy.Symbol("c")
    assert parse_expression(formula, {"c": c}) is not None


def test_blow_up_in_a_game_file_is_one_clean_line(tmp_path: Path) -> None:
    path = write(tmp_path, game_doc("exp(exp(exp(100)))"), "m.json")
    res = run("solve", path)
    assert res.exit_code != 0
    assert "internal error" not in res.output
    assert "m.json: A/B[0, 0, 0]: column 5: value of 'exp(exp(100))' is too large" in res.output


def test_check_magnitude_at_values() -> None:
    c = sympy.Symbol("c")
    check_magnitude(2**c + sympy.exp(c), {c: sympy.Integer(1000)})
    with pytest.raises(ExpressionError, match=r"payoff: 2\*\*c is too large to compute at c=1000000000000"):
        check_magnitude(2**c, {c: sympy.Integer(10**12)}, source="payoff")
    with pytest.raises(ExpressionError, match="too large"):
        check_magnitude(sympy.exp(c), {c: sympy.Integer(10**12)})
    assert magnitude(sympy.exp(sympy.exp(100))) > MAX_MAGNITUDE


# ---------------------------------------------------------------- 2. max() in analyze, reserved names


def test_analyze_with_max_of_two_parameters(tmp_path: Path) -> None:
    path = write(tmp_path, game_doc("max(c, d)"))
    res = run("analyze", path)
    assert res.exit_code == 0, res.output
    assert "not solved in closed form" in res.output
    res = run("analyze", path, "--format", "json")
    assert res.exit_code == 0, res.output
    json.loads(res.output)


def test_threshold_not_solvable_is_reported() -> None:
    from gametheory.symbolic.regimes import solve_for

    c, d = sympy.symbols("c d", real=True)
    t = solve_for(sympy.Max(c, d) ** 2 + c * sympy.Max(c, d) > 0, c)
    assert t is not None and not t.solved and t.bound == ()
    assert "not solved in closed form" in t.words
    assert t.to_json()["solved"] is False


@pytest.mark.parametrize("name", ["Max", "MIN", "Exp", "Log", "Sqrt", "Abs"])
def test_reserved_parameter_names_in_any_case(tmp_path: Path, name: str) -> None:
    doc = game_doc("max(X, c)", [{"name": name, "default": 1}, {"name": "c", "default": 2}])
    doc["A"][0][0] = f"max({name}, c)"
    res = run("analyze", write(tmp_path, doc, "m.json"))
    assert res.exit_code != 0
    assert "internal error" not in res.output
    assert f"m.json: parameters[0]: parameter name {name!r} is not allowed" in res.output


# ---------------------------------------------------------------- 3. formulas that turn complex


@pytest.mark.parametrize("formula", ["max(sqrt(c - 3)*(-2), 0)", "sqrt(c - 3)"])
def test_analyze_formula_complex_at_a_sample_point(tmp_path: Path, formula: str) -> None:
    res = run("analyze", write(tmp_path, game_doc(formula)))
    assert res.exit_code != 0
    assert "internal error" not in res.output and "not comparable" not in res.output
    line = res.output.strip().splitlines()[-1]
    assert line.startswith("Error: payoff [0, 0, 0] = ")
    assert "is not a real number at c=" in line or "not a real number at c=" in line
    assert "restrict the parameters' intervals" in line


def test_evaluate_at_names_formula_and_values() -> None:
    from gametheory.symbolic.expr import evaluate_at

    c = sympy.Symbol("c", real=True)
    expr = parse_expression("max(sqrt(c - 3)*(-2), 0)", {"c": c})
    assert evaluate_at(expr, {c: sympy.Integer(7)}) == 0
    with pytest.raises(ExpressionError, match=r"^payoff: .*sqrt\(c - 3\).* is not a real number at c=1$"):
        evaluate_at(expr, {c: sympy.Integer(1)}, source="payoff")
    with pytest.raises(ExpressionError, match="too large"):
        evaluate_at(2**c, {c: sympy.Integer(10**12)})



# ---------------------------------------------------------------- 4. sizes up front


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tornado", "escalation", "--points", "1000000000"],
         "tornado: 1000000000 points per parameter is more than the 100000 allowed"),
        (["montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--draws", "1000000000000"],
         "montecarlo: 1000000000000 draws is more than the 10000000 allowed in one run"),
        (["sweep", "escalation", "--vary", "p_US=0:1:100000", "--vary", "e=0:1:100000"],
         "grid for e: the grid would have 10000000000 points, more than the 10000000 allowed in one sweep"),
        (["sweep", "escalation", "--vary", "p_US=0:1:" + "9" * 5000],
         "grid for p_US: 99999999999999999999... points is more than the 10000000 allowed on one axis"),
    ],
)
def test_sizes_refused_up_front(args: list[str], message: str) -> None:
    res = run(*args)
    assert res.exit_code != 0
    assert res.output.strip().splitlines()[-1] == f"Error: {message}"


def test_size_limits_in_the_library() -> None:
    from gametheory.errors import GameSizeError
    from gametheory.sensitivity import montecarlo, sweep, tornado

    with pytest.raises(GameSizeError, match="100000 allowed"):
        tornado("escalation", points=10**9)
    with pytest.raises(GameSizeError, match="draws is more than"):
        montecarlo("escalation", {"p_US": "uniform(0, 1)"}, draws=10**12)
    with pytest.raises(GameSizeError, match="10000000000 points"):
        axis = [k / 10**5 for k in range(10**5)]
        sweep("escalation", {"p_US": axis, "e": axis})
    with pytest.raises(GameSizeError, match="10000000000 points"):
        sweep("escalation", {"p_US": "0:1:100000", "e": "0:1:100000"})


@pytest.mark.parametrize(
    "payoff, value, message",
    [
        ("2**c", "1e12", "2**c is too large to compute at c=1000000000000"),
        ("sqrt(c - 3)", "1", "not a real number at c=1"),
    ],
    ids=["power-tower", "complex"],
)
def test_solve_at_a_point_refuses_blow_up_and_complex_values(tmp_path: Path, payoff: str, value: str,
                                                             message: str) -> None:
    """`solve FILE --set c=...` evaluates each payoff with the magnitude check: a value too
    large to compute, or not real at the point, is one clean line (it hung / leaked sympy's
    'not comparable' before)."""
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"parameters": [{"name": "c", "default": 4}],
                                "A": [[payoff, "0"], ["1", "c"]], "B": [["0", "1"], ["1", "0"]]}))
    out = run("solve", str(path), "--set", f"c={value}")
    assert out.exit_code == 1, out.output
    assert out.output.startswith("Error: --set: substitute: payoff [0, 0, 0]") and message in out.output, out.output


def test_symbolic_spe_regime_at_refuses_blow_up_cleanly() -> None:
    """Deciding which regime holds substitutes with the magnitude check (2**c at c = 10**12)."""
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.extensive.tree import decision
    from gametheory.symbolic import Parameter
    from gametheory.symbolic.spe import symbolic_backward_induction

    c = Parameter("c", "exponent", 1, 0, None)
    root = decision("A", {"safe": (1,), "gamble": (2 ** c.symbol - 1,)})
    game = ExtensiveGame.from_tree(root, players=["A"], parameters=[c])
    res = symbolic_backward_induction(game)
    assert res.regime_at({"c": 3}).plan  # an ordinary point works
    with pytest.raises(ExpressionError, match="too large to compute"):
        res.regime_at({"c": 10**12})
