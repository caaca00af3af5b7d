"""The world state and scenarios: variables, TOML scenarios, models run on a world, the CLI."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.errors import GameError
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.flips import world_flips
from gametheory.modeling.scenarios import MAX_SCENARIO_BYTES, load_scenario, parse_scenario
from gametheory.modeling.world import World, WorldLink, WorldVariable, link
from gametheory.models import world as suite
from gametheory.sensitivity.scenarios import scenario_montecarlo
from gametheory.symbolic import Parameter

W = World((
    WorldVariable("p", "a probability", "1/2", 0, 1, unit="probability", role="uncertainty"),
    WorldVariable("x", "a strength", 1, 0, 10, unit="x", role="lever"),
    WorldVariable("size", "a size", 5, 0, 100, unit="units"),
    WorldVariable("on", "a switch", False, kind="flag", role="lever"),
))


class Toy(Model):
    """A threshold model: "high" when q + s exceeds 1, where q = p and s = x/10 (+ 1/2 if on)."""

    name = "toy_world_model"
    title = "Toy"
    question = "Is q + s above 1?"
    players = ("A",)
    parameters = (
        Parameter("q", "q", "1/2", 0, 1, unit="probability", source="illustrative assumption"),
        Parameter("s", "s", "1/10", 0, 1, unit="units", source="a survey (2025)"),
        Parameter("t", "technical", 1, 0, 5, unit="units", source="normalisation"),
    )
    outcomes = (Outcome("high", "High", "q + s above 1."), Outcome("low", "Low", "q + s at most 1."))
    references = ("none",)
    world_links = (
        link("q", "p"),
        WorldLink("s", ("x", "on"), lambda w: w["x"] / 10 + (Fraction(1, 2) if w["on"] else 0), "x/10, +1/2 if on"),
    )

    def build(self, values: Mapping[str, Fraction]) -> Any:
        return None

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        key = "high" if values["q"] + values["s"] > 1 else "low"
        o = self.outcome(key)
        return ModelResult(method="arithmetic", arithmetic="exact", model=self.name, values=dict(values), outcome=o,
                           statement=o.headline, equilibrium={})


# --------------------------------------------------------------------------- variables
def test_world_values_defaults_overrides_and_flags() -> None:
    assert W.values() == {"p": Fraction(1, 2), "x": 1, "size": 5, "on": 0}
    assert W.values({"p": "0.2", "on": "yes"})["on"] == 1
    assert W.variable("on").value_text(Fraction(1)) == "yes"
    assert W.variable("p").value_text(Fraction(1, 8)) == "12.5%"


@pytest.mark.parametrize("over, message", [
    ({"q": 1}, "unknown world variable 'q'"),
    ({"p": 2}, "world variable p: 2 is outside its admissible interval [0, 1]"),
    ({"on": 2}, "expected yes/no"),
    ({"x": True}, "expected a number"),
])
def test_world_values_refuse_bad_input(over: dict[str, Any], message: str) -> None:
    with pytest.raises(GameError, match=message.replace("[", r"\[").replace("]", r"\]")):
        W.values(over)


def test_world_refuses_duplicates_and_bad_roles() -> None:
    with pytest.raises(GameError, match="duplicate"):
        World((WorldVariable("a", "a", 0), WorldVariable("a", "a", 0)))
    with pytest.raises(GameError, match="role"):
        WorldVariable("a", "a", 0, role="important")


def test_a_link_reads_only_what_it_declares() -> None:
    sneaky = WorldLink("q", ("p",), lambda w: w["x"])
    with pytest.raises(GameError, match="does not declare"):
        sneaky.value(W.values())
    with pytest.raises(GameError, match="not an exact number"):
        WorldLink("q", ("p",), lambda w: 0.5).value(W.values())


# --------------------------------------------------------------------------- models on a world
def test_solve_on_a_world_records_provenance_world_and_sources() -> None:
    m = Toy()
    r = m.solve(world=W.values({"p": "0.95"}), flips=False)
    assert r.values["q"] == Fraction(19, 20) and r.values["s"] == Fraction(1, 10)
    assert r.outcome.key == "high"
    assert r.provenance == {"q": "world", "s": "world", "t": "default"}
    assert r.world == {"p": Fraction(19, 20), "x": 1, "on": 0}
    data = r.to_json()
    assumptions = {a["name"]: a for a in data["assumptions"]}
    assert assumptions["q"]["illustrative"] is True and assumptions["s"]["illustrative"] is False
    assert assumptions["s"]["source"] == "a survey (2025)" and assumptions["q"]["world"] == ["p"]
    assert data["illustrative"] is True and "illustrative" in data["caveat"]
    # an expert setting beats the world
    r2 = m.solve({"q": "0.1"}, world=W.values({"p": "0.95"}), flips=False)
    assert r2.values["q"] == Fraction(1, 10) and r2.provenance["q"] == "set" and r2.outcome.key == "low"


def test_a_world_outside_a_parameters_interval_is_named() -> None:
    with pytest.raises(GameError, match=r"the world state \(x = 10, on = 1\) gives parameter s"):
        Toy().solve(world=W.values({"x": 10, "on": True}))


def test_world_flips_are_exact_and_ranked_levers_first() -> None:
    m = Toy()
    point = W.values({"p": "0.7"})  # q + s = 0.8: low
    flips = world_flips(m, W, point, "low")
    names = [(f.parameter, f.direction) for f in flips]
    # levers (x, on) before the uncertainty (p); size is not read by the model
    assert names[:2] == [("on", "up"), ("x", "up")] and names[2] == ("p", "up")
    by = {f.parameter: f for f in flips}
    assert by["x"].value == 3 and by["p"].value == Fraction(9, 10)
    assert all(f.to == "high" for f in flips)


# --------------------------------------------------------------------------- scenario files
GOOD = """
title = "A test"
description = "Two variables."
sources = ["illustrative"]

[world]
p = 0.25
x = { value = 2, low = 1, high = 3 }
size = { value = "10", dist = "normal(10, 2)" }
on = true

[models.toy_world_model]
t = "2"
"""


def test_a_scenario_reads_values_ranges_distributions_and_settings() -> None:
    s = parse_scenario(GOOD, W, name="t", model_names={"toy_world_model": Toy})
    assert s.world == {"p": Fraction(1, 4), "x": 2, "size": 10, "on": 1}
    assert s.ranges == {"x": "uniform(1, 3)", "size": "normal(10, 2)"}
    assert s.models == {"toy_world_model": {"t": 2}}
    assert s.point(W)["p"] == Fraction(1, 4)
    r = Toy().solve(world=s.point(W), scenario=s, flips=False)
    assert r.provenance["t"] == "scenario" and r.values["t"] == 2 and r.scenario == "t"


@pytest.mark.parametrize("text, message", [
    ('title = "x"\n[world]\nq = 1\n', "line 3: world.q: unknown world variable"),
    ('title = "x"\n[world]\np = 1.5\n', "line 3: world.p: 3/2 is outside its admissible interval"),
    ('title = "x"\n[world]\np = "abc"\n', "line 3: world.p:"),
    ('title = "x"\n[world\np = 1\n', "malformed TOML: .*line 2"),
    ('title = "x"\ncolour = 1\n', "line 2: colour: unknown key"),
    ('description = "no title"\n', "every scenario needs a title"),
    ('title = "x"\n[world]\np = nan\n', "line 3: world.p: nan is not a finite number"),
    ('title = "x"\n[world]\nsize = 1' + "0" * 120 + "\n", "more than 100 digits"),
    ('title = "x"\n[world]\nsize = ' + "9" * 5000 + "\n", "a number with 5000 digits"),  # not Python's own limit
    ('title = "x"\n[world]\nx = { value = 2, low = 3, high = 1 }\n', "low 3 must be below high 1"),
    ('title = "x"\n[world]\nx = { value = 5, low = 1, high = 3 }\n', "outside low..high"),
    ('title = "x"\n[world]\nx = { dist = "normal(1, 1)" }\n', "needs a nominal value"),
    ('title = "x"\n[world]\nx = { value = 1, dist = "cauchy(1, 1)" }\n', "line 3: world.x:"),
    ('title = "x"\n[world]\nx = { value = 1, mean = 1 }\n', "unknown field 'mean'"),
    ('title = "x"\n[world]\non = { value = true, low = 0, high = 1 }\n', "yes/no variable"),
    ('title = "x"\n[world]\non = 3\n', "expected yes/no"),
    ('title = "x"\n[models.nope]\nt = 1\n', "unknown model 'nope'"),
    ('title = "x"\n[models.toy_world_model]\nt = 9\n', "line 3: models.toy_world_model.t: parameter t: 9 is outside"),
    ('title = "x"\nextends = "other"\n', "cannot extend another"),
])
def test_bad_scenarios_give_one_line_naming_file_line_and_key(text: str, message: str) -> None:
    with pytest.raises(GameError, match=message) as info:
        parse_scenario(text, W, where="my.toml", model_names={"toy_world_model": Toy})
    assert str(info.value).startswith("my.toml") and "\n" not in str(info.value)


def test_extends_merges_and_refuses_cycles(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text('title = "Base"\nsources = ["A"]\n[world]\np = 0.1\nx = { value = 2, low = 1, high = 3 }\n')
    (tmp_path / "child.toml").write_text('extends = "base.toml"\ntitle = "Child"\nsources = ["B"]\n[world]\nx = 4\n')
    s = load_scenario(tmp_path / "child.toml", W)
    assert s.title == "Child" and s.sources == ("A", "B")
    assert s.world == {"p": Fraction(1, 10), "x": 4} and s.ranges == {}  # a point value replaces the range
    (tmp_path / "a.toml").write_text('extends = "b.toml"\ntitle = "A"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\ntitle = "B"\n')
    with pytest.raises(GameError, match="circular"):
        load_scenario(tmp_path / "a.toml", W)


def test_unreadable_and_oversized_scenario_files(tmp_path: Path) -> None:
    with pytest.raises(GameError, match="unknown scenario"):
        load_scenario(tmp_path / "missing.toml", W)
    big = tmp_path / "big.toml"
    big.write_text('title = "x"\n' + "#" * (MAX_SCENARIO_BYTES + 10))
    with pytest.raises(GameError, match="larger than"):
        load_scenario(big, W)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'title = "caf\xe9"\n')
    with pytest.raises(GameError, match="not UTF-8"):
        load_scenario(latin, W)


# --------------------------------------------------------------------------- the suite's scenarios
REQUIRED = ["us-committed", "us-uncertain", "us-out", "us-coercive", "fuk-forward"]


def test_the_built_in_scenarios_load_and_cover_the_issue() -> None:
    names = suite.scenario_order()
    for n in REQUIRED + [f"{s}-ukraine-in" for s in REQUIRED[:4]]:
        assert n in names
    for n in names:
        s = suite.load(n)
        assert s.title and s.description.strip() and s.sources
        point = s.point(suite.WORLD)
        assert set(point) == set(suite.WORLD.names())
    assert suite.load("us-out-ukraine-in").world["ukraine_in_alliance"] == 1
    assert suite.load("us-out-ukraine-in").world["us_backing"] == suite.load("us-out").world["us_backing"]
    assert suite.load("fuk-forward").world["fuk_forward"] == 1


def test_us_uncertain_is_the_world_default() -> None:
    point = suite.load("us-uncertain").point(suite.WORLD)
    assert point == suite.WORLD.defaults()


def test_scenario_montecarlo_counts_every_draw() -> None:
    s = parse_scenario(GOOD, W, name="t")
    r = scenario_montecarlo(Toy(), s, W, draws=50, seed=3)
    assert sum(r.counts.values()) == 50 and r.varied == ("x",)
    assert set(r.counts) <= {"high", "low"}
    for k, (lo, hi) in r.intervals.items():
        assert lo <= r.frequency(k) <= hi
    assert r.to_json()["outcomes"][0]["count"] == max(r.counts.values())
    with pytest.raises(GameError, match="too many"):
        scenario_montecarlo(Toy(), s, W, draws=10**9)


# --------------------------------------------------------------------------- CLI
def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_cli_scenarios_lists_shows_and_describes_variables() -> None:
    r = run("scenarios")
    assert r.exit_code == 0, r.output
    lines = [ln.split()[0] for ln in r.output.splitlines() if ln and not ln.startswith(" ")]
    assert lines[:4] == ["us-committed", "us-uncertain", "us-out", "us-coercive"]
    r = run("scenarios", "us-out")
    assert r.exit_code == 0 and "us_backing = 5%" in r.output
    data = json.loads(run("scenarios", "--format", "json").output)
    assert {d["name"] for d in data} >= set(REQUIRED)
    v = json.loads(run("scenarios", "--variables", "-f", "json").output)
    assert {d["role"] for d in v} == {"lever", "uncertainty", "context"}
    assert all(d["source"] for d in v)


def test_cli_model_on_a_scenario(tmp_path: Path) -> None:
    r = run("model", "ultimatum", "--scenario", "us-out", "--no-flips")
    assert r.exit_code == 0, r.output
    assert "scenario: us-out" in r.output
    data = json.loads(run("model", "ultimatum", "--scenario", "us-out", "--no-flips", "-f", "json").output)
    assert data["scenario"] == "us-out" and data["scenario_detail"]["title"] == "US out"
    assert data["assumptions"] and all("source" in a and "illustrative" in a for a in data["assumptions"])
    f = tmp_path / "mine.toml"
    f.write_text('extends = "us-out"\ntitle = "Mine"\n[world]\nfuk_damage = 40\n')
    r = run("model", "ultimatum", "--scenario", str(f), "--no-flips", "--draws", "5")
    assert r.exit_code == 0, r.output
    assert "across the scenario's ranges (5 draws" in r.output


@pytest.mark.parametrize("args, message", [
    (["model", "ultimatum", "--scenario", "nowhere"], "unknown scenario 'nowhere'"),
    (["model", "ultimatum", "--draws", "5"], "--draws needs --scenario"),
    (["scenarios", "nowhere"], "unknown scenario"),
])
def test_cli_scenario_errors(args: list[str], message: str) -> None:
    r = run(*args)
    assert r.exit_code != 0 and message in r.output and "internal error" not in r.output


def test_cli_compare_puts_every_model_side_by_side() -> None:
    r = run("scenarios", "--compare", "us-committed", "--compare", "us-out", "--model", "extended_deterrence",
            "--model", "ultimatum")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    # extended deterrence holds while the US is committed and fails without it (models' own tests
    # give the mechanism); the ultimatum appears only without the US umbrella
    assert "  us-committed  Extended deterrence holds" in lines
    assert any(ln.startswith("  us-out") and "abandons" in ln for ln in lines)
    assert "  us-out        Russia issues an ultimatum and Europe complies" in lines
    data = json.loads(run("scenarios", "--compare", "us-out", "--model", "patron", "-f", "json").output)
    assert data["models"] == ["patron"] and data["scenarios"] == ["us-out"]
    row = data["table"][0]
    assert row["outcome"] == "abandonment" and row["statement"].startswith(row["headline"])
    assert data["diagnostics"] and "nominal" in data["diagnostics"][0]


@pytest.mark.parametrize("args, message", [
    (["scenarios", "--model", "patron"], "--model applies to --compare"),
    (["scenarios", "--compare", "nowhere"], "unknown scenario 'nowhere'"),
    (["scenarios", "--compare", "us-out", "--model", "nomodel"], "unknown model 'nomodel'"),
])
def test_cli_compare_errors(args: list[str], message: str) -> None:
    r = run(*args)
    assert r.exit_code != 0 and message in r.output and "internal error" not in r.output
