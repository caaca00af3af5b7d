"""Notebook display: rich reprs of games, trees, results, equilibria and symbolic regimes, one-line
``repr``s, and the example notebook ``docs/notebook-example.ipynb`` run cell by cell.

The notebook is executed without Jupyter: its code cells run in one namespace, in order, and
the value of each cell's last expression is what a notebook would display (the same rule as
IPython's). Its rich reprs are checked to be well-formed HTML that shows the exact values.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gametheory as gt
from gametheory._kernel import display
from gametheory.extensive import examples
from gametheory.symbolic import Parameter, SymbolicGame
from gametheory.symbolic.regimes import analyze

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebook-example.ipynb"
VOID = {"br", "hr", "img", "meta", "input", "col"}


class _Checker(HTMLParser):
    """Collects text and fails on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_text(markup: str) -> str:
    """The text of well-formed HTML (every tag closed in order)."""
    p = _Checker()
    p.feed(markup)
    p.close()
    assert p.stack == [], f"unclosed tags {p.stack}"
    return " ".join(p.text)


@pytest.fixture(scope="module")
def battle() -> gt.NormalFormGame:
    return gt.NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]], players=("Row", "Col"), strategies=(("A", "B"), ("a", "b")),
        title="Battle <of> the sexes",
    )


@pytest.fixture(scope="module")
def hawk_dove_analysis() -> Any:
    c = Parameter("c", "cost of fighting", default=2, lower=0, lower_open=True)
    v = Parameter("v", "value of the prize", default=3, lower=0, lower_open=True)
    game = SymbolicGame.from_bimatrix(
        [["v/2 - c", "v"], ["0", "v/2"]], [["v/2 - c", "0"], ["v", "v/2"]], parameters=[c, v], title="Hawk-dove"
    )
    return analyze(game, samples=60)


# --------------------------------------------------------------------------- helpers
def test_values_in_text_and_latex() -> None:
    assert display.value_text(Fraction(2, 3)) == "2/3"
    assert display.value_text(0.1) == "0.1"
    assert display.value_latex(Fraction(-2, 3)) == r"-\frac{2}{3}"
    assert display.value_latex(Fraction(4)) == "4"
    assert display.latex_text("a_b & 50%") == r"\text{a\_b \& 50\%}"


def test_tables_escape_names_and_stop_at_the_cell_limit() -> None:
    markup = display.html_table(["<x>"], [["<script>"]])
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    rows = [[str(k), "x"] for k in range(display.MAX_CELLS)]
    shown = html_text(display.html_table(["k", "v"], rows))
    assert f"{display.MAX_CELLS - display.MAX_CELLS // 2} more rows not shown" in shown
    assert display.markdown_table(["a"], [["x|y"]]).splitlines()[-1] == "| x\\|y |"


# --------------------------------------------------------------------------- normal form
def test_game_displays_payoff_tables(battle: gt.NormalFormGame) -> None:
    text = html_text(battle._repr_html_())
    assert "Battle <of> the sexes: 2 x 2 game, exact payoffs" in text
    assert "Row \\ Col" in text and "2, 1" in text and "1, 2" in text
    md = battle._repr_markdown_()
    assert "| A | 2, 1 | 0, 0 |" in md
    latex = battle._repr_latex_()
    assert latex.startswith("$$\\begin{array}") and r"\text{A} & 2, 1 & 0, 0" in latex


def test_three_player_game_shows_one_table_per_choice_of_the_third() -> None:
    g = gt.NormalFormGame.from_function(lambda a, b, c: (a, b, Fraction(c, 3)), [2, 2, 2])
    text = html_text(g._repr_html_())
    assert "Player 3 plays 0" in text and "Player 3 plays 1" in text and "1, 1, 1/3" in text
    assert g._repr_latex_() is None  # HTML shows games of more than two players


def test_large_game_shows_its_first_part_and_says_so() -> None:
    big = gt.NormalFormGame.from_bimatrix(np.ones((300, 300), dtype=int), np.zeros((300, 300), dtype=int))
    text = html_text(big._repr_html_())
    assert "(the first 19 x 20 strategies of each table shown)" in text
    assert text.count("1, 0") == 380 and big._repr_latex_() is None
    many = gt.NormalFormGame(np.zeros((3, 3, 3, 3, 3, 3, 6), dtype=int))
    text = html_text(many._repr_html_())
    assert "Player 3 plays 1, Player 4 plays 1" in text and "45 of 81 tables shown" in text
    assert "45 of 81 tables shown" in many._repr_markdown_()


def test_solve_result_repr_is_one_line_and_tables_are_exact(battle: gt.NormalFormGame) -> None:
    r = gt.solve(battle)
    assert repr(r) == "<SolveResult enummixed: 3 equilibria, exact, complete>"
    text = html_text(r._repr_html_())
    assert "3 equilibria (all equilibria), exact" in text
    assert "A: 2/3, B: 1/3" in text and "a: 1/3, b: 2/3" in text
    assert "| 2 | A: 2/3, B: 1/3 | a: 1/3, b: 2/3 | 2/3, 2/3 | 0 |" in r._repr_markdown_()
    mixed = r[1]
    assert repr(mixed) == "<Equilibrium Row: {A: 2/3, B: 1/3}; Col: {a: 1/3, b: 2/3}; payoffs (2/3, 2/3), exact>"
    assert "mixed equilibrium, max regret 0 (exact)" in html_text(mixed._repr_html_())
    assert r"\frac{2}{3}\,\text{A} + \frac{1}{3}\,\text{B}" in mixed._repr_latex_()


def test_float_result_says_float() -> None:
    g = gt.NormalFormGame.from_bimatrix([[0.5, 0], [0, 1]], [[1, 0], [0, 0.5]])
    r = gt.solve(g)
    assert repr(r).endswith("float, complete>") and "float" in repr(r[0])


def test_long_equilibrium_repr_is_cut() -> None:
    n = 6  # matching pennies on six strategies: the one equilibrium mixes all of them
    g = gt.NormalFormGame.zero_sum([[int(i == j) for j in range(n)] for i in range(n)],
                                   strategies=([f"row strategy {i}" for i in range(n)],
                                               [f"column strategy {i}" for i in range(n)]))
    (e,) = gt.solve(g)
    assert len(repr(e)) == display.MAX_REPR and repr(e).endswith("...")
    assert "row strategy 0: 1/6" in repr(e)


# --------------------------------------------------------------------------- trees
def test_tree_displays_as_nested_lists_and_its_result_in_one_line() -> None:
    tree = examples.one_card_poker()
    text = html_text(tree._repr_html_())
    assert "chance" in text and "Red (1/2)" in text and "(2, -2)" in text
    md = tree._repr_markdown_()
    assert "- *Red (1/2)* -> Fred [Fred:1]" in md
    r = gt.solve(examples.entry_deterrence())
    assert repr(r) == "<ExtensiveSolveResult backward_induction: 1 equilibrium, exact, complete>"
    assert "enter" in html_text(r._repr_html_()) and "accommodate" in r._repr_markdown_()
    assert repr(r[0]).startswith("<BehaviorEquilibrium Entrant: ") and "enter" in html_text(r[0]._repr_html_())


def test_large_tree_display_is_bounded() -> None:
    tree = examples.centipede(300)
    text = html_text(tree._repr_html_())
    assert "..." in text and text.count("(") < 2 * display.MAX_CELLS


# --------------------------------------------------------------------------- symbolic regimes, other results
def test_regimes_show_their_conditions_in_latex(hawk_dove_analysis: Any) -> None:
    a = hawk_dove_analysis
    # the regimes of a two-parameter game come from the exact cell decomposition; the
    # boundary v = 2c is written without the factors of fixed sign (8 and c > 0)
    assert repr(a).startswith("<Analysis Hawk-dove: 4 candidate equilibria, 2 regimes by exact cells")
    latex = a._repr_latex_()
    assert latex.startswith("$$\\begin{aligned}") and "- 2 c + v" in latex and "regime 1 (50\\% of cells)" in latex
    text = html_text(a._repr_html_())
    assert r"\(- 2 c + v" in text and "<" not in a._repr_html_().split("\\(")[1].split("\\)")[0]
    assert "$- 2 c + v" in a._repr_markdown_() and "share of cells" in a._repr_markdown_()


def test_every_result_has_a_default_html_view() -> None:
    r = gt.eliminate_dominated(gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    text = html_text(r._repr_html_())
    assert "DominanceResult" in text and "eliminate_dominated" in text and '"method"' in text


# --------------------------------------------------------------------------- the example notebook
def run_notebook(path: Path) -> list[tuple[str, Any]]:
    """Run the code cells of a notebook in one namespace; for each, what it printed and the value
    of its last expression (``None`` when it ends with a statement)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    ns: dict[str, Any] = {}
    shown = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = ast.Module(tree.body[:-1] if last else tree.body, type_ignores=[])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(body, str(path), "exec"), ns)
            value = eval(compile(ast.Expression(last.value), str(path), "eval"), ns) if last else None
        shown.append((out.getvalue(), value))
    return shown


def test_example_notebook_runs_and_displays() -> None:
    shown = run_notebook(NOTEBOOK)
    values = [v for _, v in shown]
    kinds = [type(v).__name__ for v in values]
    assert kinds == ["NormalFormGame", "SolveResult", "Equilibrium", "ExtensiveGame", "ExtensiveSolveResult",
                     "Analysis", "ModelResult", "bool"]
    for value in values[:-1]:
        text = html_text(value._repr_html_())
        assert text.strip()
    assert "<SolveResult enummixed: 3 equilibria, exact, complete>" in shown[2][0]
    assert "2/3" in html_text(values[2]._repr_html_())
    assert "Deterrence" in html_text(values[6]._repr_html_())
    assert values[-1] is True  # the nashpy round trip


def test_model_result_repr_is_one_line() -> None:
    from gametheory.models import get_model
    from gametheory.models import world as w

    s = w.load("us-out")
    m = get_model("escalation")
    r = m.solve(world=s.point(w.WORLD), scenario=s, flips=False)
    text = repr(r)
    assert "\n" not in text and len(text) < 160
    assert text.startswith("<ModelResult escalation at scenario us-out: ") and r.outcome.key in text
    assert r._repr_html_().startswith("<div><b>ModelResult</b>")  # the default HTML view of every result
