"""Charts that mean the same everywhere (issue 21, item 5): one palette by outcome meaning for
every figure and the brief, axis labels in words with units, the values held fixed in a
subtitle, legends everywhere, formulas shown as math. Each figure is rendered for real (SVG)
and its text and colours inspected."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.charts import math_text
from gametheory.cli.main import cli
from gametheory.models import SUITE, get_model
from gametheory.models.charts import MEANING, STYLE, outcome_meaning, outcome_styles

pytest.importorskip("matplotlib")


def render(tmp_path: Path, name: str, *args: str) -> str:
    target = tmp_path / name
    out = CliRunner().invoke(cli, [*args, str(target)], prog_name="gametheory")
    assert out.exit_code == 0, out.output
    root = ET.fromstring(target.read_bytes())
    assert root.tag.endswith("svg")
    return target.read_text(encoding="utf-8").lower()


def test_every_outcome_of_the_suite_has_a_meaning() -> None:
    for name in SUITE:
        m = get_model(name)
        assert set(MEANING[name]) == {o.key for o in m.outcomes}, name
        assert set(MEANING[name].values()) <= set(STYLE), name


def test_war_is_red_and_deterrence_light_blue_in_every_model() -> None:
    reds, blues = {"#cc3311", "#ee3377", "#aa4499"}, {"#99ddff", "#77aadd"}
    for name in SUITE:
        m = get_model(name)
        styles = outcome_styles(m)
        for o in m.outcomes:
            colour = styles[o.key][0].lower()
            if outcome_meaning(m, o.key) == "war":
                assert colour in reds, (name, o.key, colour)
            if outcome_meaning(m, o.key) == "deterred":
                assert colour in blues, (name, o.key, colour)
        # within one model no two outcomes share a colour, a pattern and a text character
        assert len({s[:3] for s in styles.values()}) == len(styles), name


def test_the_brief_maps_use_the_same_palette() -> None:
    from gametheory.models.charts import _categories

    m = get_model("escalation")
    cats = {c.key: c.colour for c in _categories(m, {o.key for o in m.outcomes})}
    assert cats == {k: v[0] for k, v in outcome_styles(m).items()}


def test_tornado_and_thresholds_figures_say_what_is_held(tmp_path: Path) -> None:
    text = render(tmp_path, "t.svg", "tornado", "escalation", "--set", "v=2", "--points", "5", "--out")
    assert "held: v = 2 stake units; others at their defaults" in text
    assert "deterrence holds" in text and "#99ddff" in text  # deterrence in the deterrence colour
    text = render(tmp_path, "h.svg", "thresholds", "escalation", "--set", "v=2", "--out")
    assert "held: v = 2 stake units" in text and "changes to: fait accompli" in text


def test_regions_and_sweep_figures_have_worded_axes_and_the_held_values(tmp_path: Path) -> None:
    text = render(tmp_path, "r.svg", "regions", "escalation", "--x", "p_US=0:1:11", "--y", "k_T=0:2:11",
                  "--set", "c_R=1", "--out")
    assert "p_us: probability the us fights beside europe in a conventional war" in text
    assert "held: c_r = 1 stake units" in text
    assert "threshold: k_t = 1" in text
    text = render(tmp_path, "s.svg", "sweep", "escalation", "--vary", "k_T=0:2:5", "--plot")
    assert "other parameters held at their defaults" in text


def test_monte_carlo_figure_has_a_legend_and_a_y_axis(tmp_path: Path) -> None:
    text = render(tmp_path, "m.svg", "montecarlo", "escalation", "--dist", "v=uniform(0.1,2)", "--draws", "300",
                  "--out")
    assert "draws (stacked by outcome)" in text
    assert "fait accompli: russia seizes the objective" in text  # the legend names each outcome
    assert "drawn from uniform(0.1, 2)" in text


def test_formulas_are_shown_as_math() -> None:
    assert math_text("6*p_US**2 >= 1") == "6·p_US² ≥ 1"
    assert math_text("k_T = 1") == "k_T = 1"
    assert math_text("sqrt(3)*x <= 2") == "√(3)·x ≤ 2"
