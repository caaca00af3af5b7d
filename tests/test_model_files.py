"""Models written as data files (gametheory.modeling.filemodel): the shaping model as a file
against the Python class, the command line, and one clear error per kind of bad file."""

from __future__ import annotations

import json
import pickle
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from gametheory.cli.main import cli
from gametheory.errors import GameError
from gametheory.modeling import Model
from gametheory.modeling.condition import Context, parse_formula
from gametheory.modeling.filemodel import FileModel, load_model_file, parse_model
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.registry import get_model
from gametheory.models import world
from gametheory.models.shaping import Shaping

FILES = Path(__file__).resolve().parent.parent / "models" / "files"
SHAPING = FILES / "shaping.toml"
SCENARIOS = world.scenario_order()
SHARED = ("us_push", "russia_push", "europe_builds", "us_coerces", "us_coercion_credible")


@pytest.fixture(scope="module")
def file_model() -> FileModel:
    return load_model_file(SHAPING, world=world.WORLD)


def same(py, fm) -> None:
    """The file model's result says what the Python class's says."""
    assert fm.outcome.key == py.outcome.key
    assert fm.outcome.headline == py.outcome.headline
    assert fm.equilibrium["plan"] == py.equilibrium["plan"]
    assert fm.equilibrium["payoffs"] == py.equilibrium["payoffs"]
    assert fm.equilibrium["equilibria"] == py.equilibrium["equilibria"]
    assert fm.values == py.values
    for q in SHARED:
        assert fm.quantities[q] == py.quantities[q], q
    assert fm.quantities["bloc_probability"] == py.quantities["bloc_probability"][0]
    # statement facts: the file's sentence (headline, moves, bloc probability, explanation) is
    # the start of the Python sentence, which adds its counterfactual analyses after it
    if py.equilibrium["equilibria"] == 1:
        assert py.statement.startswith(fm.statement), (fm.statement, py.statement)
    else:
        assert fm.statement.split(":")[0] == py.statement.split(":")[0]


def test_file_model_is_a_model(file_model):
    assert isinstance(file_model, Model) and isinstance(file_model, RegimesIn)
    py = Shaping()
    assert file_model.name == py.name and file_model.title == py.title and file_model.players == py.players
    assert [p.name for p in file_model.parameters] == [p.name for p in py.parameters]
    assert file_model.describe_parameters() == py.describe_parameters()
    assert [o.key for o in file_model.outcomes] == [o.key for o in py.outcomes]
    assert file_model.references == py.references
    assert file_model.world_variables() == py.world_variables()


def test_same_at_defaults_with_flips(file_model):
    py, fm = Shaping().solve(), file_model.solve()
    same(py, fm)
    # the same boundaries; the Python class finds them exactly (piecewise backward induction),
    # the file model by the numeric scan (exact within its stated accuracy)
    def where(flips: Any) -> list[tuple[str, Any, str, str]]:
        return [(f.parameter, f.value, f.direction, f.to) for f in flips]

    assert where(fm.flips) == where(py.flips)


@pytest.mark.parametrize("name", SCENARIOS)
def test_same_at_every_scenario(file_model, name):
    scen = world.load(name)
    point = scen.point(world.WORLD)
    py = Shaping().solve(flips=False, world=point, scenario=scen)
    fm = file_model.solve(flips=False, world=point, scenario=scen)
    same(py, fm)
    assert fm.provenance == py.provenance and fm.world == py.world and fm.scenario == name


PARAM = {p.name: p for p in Shaping.parameters}


def _value(name: str):
    p = PARAM[name]
    hi = 3 if p.upper > 3 else p.upper
    return st.fractions(min_value=p.lower, max_value=hi, max_denominator=12)


@given(**{n: _value(n) for n in PARAM})
def test_same_at_random_points(**point):
    assume(point["q2"] >= point["q1"])
    fm = _MODEL.analyse(point)
    py = Shaping().analyse(point)
    same(py, fm)


_MODEL = load_model_file(SHAPING)


def test_regimes_match_the_python_class(file_model):
    """The symbolic regimes of the file's tree give, at each point, the plan the Python
    class's exact solve finds there."""
    py = Shaping()
    for names in (("k_US",), ("a_E", "c_E"), ("h_US", "k_C")):
        analysis = file_model.regimes_in(names)
        for x in ("0", "1/8", "1/2", "1", "5/2", "7"):
            vals = py.values({n: Fraction(x) / (k + 1) for k, n in enumerate(names)})
            regime = analysis.regime_at({n: vals[n] for n in names})
            assert regime.plan == py.analyse(vals).equilibrium["plan"], (names, x)


def test_compiled_classifier_agrees_with_exact_path(file_model):
    import numpy as np

    from gametheory.sensitivity.compiled import compiled_classifier

    clf = compiled_classifier(file_model, ("k_US", "h_US"))
    xs = np.array([0, 0.1, 0.3, 1.0, 2.5])
    grid = {"k_US": np.repeat(xs, len(xs)), "h_US": np.tile(xs, len(xs))}
    keys = clf(grid)
    for k, h, key in zip(grid["k_US"], grid["h_US"], keys):
        exact = Shaping().outcome_key(Shaping().values({"k_US": Fraction(str(k)), "h_US": Fraction(str(h))}))
        assert key == exact


def test_pickles_for_worker_processes(file_model):
    again = pickle.loads(pickle.dumps(file_model))
    assert again.solve(flips=False).outcome.key == file_model.solve(flips=False).outcome.key


def test_get_model_takes_a_path():
    m = get_model(str(SHAPING))
    assert isinstance(m, FileModel) and m.path == str(SHAPING)


# --------------------------------------------------------------------------- command line
def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), prog_name="gametheory")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gametheory {' '.join(args)} raised") from result.exception
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_cli_model_file():
    out = json.loads(run("model", str(SHAPING), "--format", "json", "--no-flips").output)
    py = json.loads(run("model", "shaping", "--format", "json", "--no-flips").output)
    assert out["outcome"] == py["outcome"] and out["headline"] == py["headline"]
    text = run("model", str(SHAPING), "--scenario", "us-out", "--no-flips").output
    assert "Europe" in text


@pytest.mark.parametrize("args", [
    ("sweep", str(SHAPING), "--vary", "k_R=0:4:3", "--workers", "1"),
    ("sweep", str(SHAPING), "--vary", "k_R=0:4:3", "--workers", "2", "--method", "solve"),  # pickled to workers
    ("thresholds", str(SHAPING)),
    ("tornado", str(SHAPING), "--points", "3"),
    ("montecarlo", str(SHAPING), "--dist", "k_US=uniform(0,1)", "--draws", "20"),
])
def test_cli_sensitivity_commands_take_a_file(args):
    assert run(*args).output.strip()


def test_cli_regions_takes_a_file(tmp_path):
    out = tmp_path / "map.svg"
    run("regions", str(SHAPING), "--x", "k_US=0:1:5", "--y", "h_US=0:1:5", "--out", str(out))
    assert out.exists() and out.stat().st_size > 0


def test_cli_bad_file_is_one_clean_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SHAPING.read_text().replace('name = "shaping"', 'name = "shaping"\ncolour = "red"'))
    res = run("model", str(bad), ok=False)
    assert "bad.toml, line 8: colour: unknown key" in res.output
    assert "Traceback" not in res.output


# --------------------------------------------------------------------------- small models
ENTRY = '''
name = "entry"
title = "Entry deterrence"
players = ["Entrant", "Incumbent"]
[parameters.c]
description = "incumbent's cost of a price war"
default = 2
lower = 0
upper = 10
source = "illustrative assumption"
[game.tree]
player = "Entrant"
actions = {"stay out" = [0, 2], enter = {player = "Incumbent", actions = {fight = ["-1", "2 - c"], share = [1, 1]}}}
[quantities]
entry_probability = { formula = "prob(Entrant, enter)", unit = "probability" }
[[outcomes]]
key = "entry"
headline = "The entrant comes in"
condition = "path includes Entrant:enter and payoff(Incumbent) >= 1"
statement = "{headline} (probability {entry_probability}, war cost {c})"
[[outcomes]]
key = "deterred"
headline = "The entrant stays out"
condition = "true"
'''


def test_entry_tree_model_and_statement():
    m = parse_model(ENTRY, where="entry.toml")
    r = m.solve(flips=True)
    assert r.outcome.key == "entry"
    assert r.statement == "The entrant comes in (probability 100%, war cost 2)"
    assert [(f.parameter, f.value, f.to) for f in r.flips] == [("c", 1, "deterred")]
    assert m.solve({"c": "1/2"}, flips=False).outcome.key == "deterred"


NORMAL = {
    "name": "matching",
    "title": "Matching pennies with a bonus",
    "players": ["Row", "Col"],
    "parameters": {"b": {"description": "bonus", "default": 1, "lower": 0, "upper": 5, "source": "illustrative"}},
    "game": {"players": [{"name": "Row", "strategies": ["H", "T"]}, {"name": "Col", "strategies": ["H", "T"]}],
             "A": [["1 + b", "-1"], ["-1", "1"]], "B": [["-1", "1"], ["1", "-1"]]},
    "quantities": {"row_heads": {"formula": "prob(Row, H)", "unit": "probability"}},
    "outcomes": [
        {"key": "mostly_tails", "headline": "Col leans to tails", "condition": "prob(Col, T) > 1/2"},
        {"key": "even", "headline": "Even", "condition": "true"},
    ],
}


def test_normal_form_json_model():
    m = parse_model(json.dumps(NORMAL, indent=1), where="m.json")
    assert not isinstance(m, RegimesIn)
    r = m.solve(flips=False)
    assert r.quantities["row_heads"] == Fraction(1, 2)
    assert r.outcome.key == "mostly_tails"  # Col plays T with probability (2 + b)/(4 + b) = 3/5
    assert m.solve({"b": 0}, flips=False).outcome.key == "even"


def test_world_links_use_formulas():
    m = load_model_file(SHAPING, world=world.WORLD)
    w = world.WORLD.defaults()
    assert m.from_world(w) == Shaping().from_world(w)


# --------------------------------------------------------------------------- bad files
def bad(text: str, fmt: str = "toml", **kw) -> str:
    with pytest.raises(GameError) as exc:
        parse_model(text, where="m." + fmt, fmt=fmt, **kw)
    return str(exc.value)


def edit(old: str, new: str) -> str:
    assert old in ENTRY
    return ENTRY.replace(old, new, 1)


@pytest.mark.parametrize("text, expected", [
    (edit('title = "Entry deterrence"', 'title = "Entry deterrence"\nsize = 3'), "m.toml, line 4: size: unknown key"),
    (edit('title = "Entry deterrence"\n', ""), "m.toml: missing key 'title'"),
    (edit('default = 2', 'default = 20'), "m.toml, line 7: parameters.c.default: 20 is outside"),
    (edit('default = 2', 'default = "2 +"'), "m.toml, line 7: parameters.c.default:"),
    (edit('default = 2', 'default = true'), "parameters.c.default: expected a number, got true/false"),
    (edit('default = 2', 'default = 2\nmean = 1'), "m.toml, line 8: parameters.c.mean: unknown key"),
    (edit('default = 2\n', ''), "parameters.c: missing 'default'"),
    (edit('upper = 10', 'upper = "1' + "0" * 150 + '"'), "parameters.c.upper: a number with more than 100 digits"),
    (edit('upper = 10', 'upper = 1' + "0" * 150), "parameters.c.upper: a number with more than 100 digits"),
    (edit('"2 - c"', '"2 - d"'), "game.tree: "),
    (edit('"2 - c"', '"__import__(1)"'), "game.tree: "),
    (edit('"2 - c"', '"exp(c)"'), "is not exact"),
    (edit('"2 - c"', '"c**1000"'), "game.tree"),
    (edit('"2 - c"', '"((c**100)**100)**100"'), "game.tree"),
    (edit("Entrant:enter and", "Entrant:invade and"), "outcomes[0].condition: column 15: player 'Entrant' has no "
                                                      "action 'invade'"),
    (edit("Entrant:enter and", "Europe:enter and"), "unknown player 'Europe'"),
    (edit("payoff(Incumbent) >= 1", "payoff(Incumbent) >= d"), "unknown name 'd'"),
    (edit("payoff(Incumbent) >= 1", "payoff(Incumbent) + 1"), "'and' needs a condition"),
    (edit("payoff(Incumbent) >= 1", "os.system('x')"), "outcomes[0].condition: column"),
    (edit('key = "deterred"', 'key = "entry"'), "outcomes[1].key: duplicate outcome 'entry'"),
    (edit('condition = "true"', 'condition = 1'), "outcomes[1].condition: expected text, got int"),
    (edit('[quantities]\n', '[quantities]\nc = "1"\n'), "quantities.c: duplicate name"),
    (edit("war cost {c}", "war cost {cost}"), "outcomes[0].statement: unknown slot {cost}"),
    (edit("war cost {c}", "war cost {c.__class__}"), "unknown slot {c.__class__}"),
    (edit('players = ["Entrant", "Incumbent"]', 'players = ["Entrant", "Entrant"]'), "players: expected distinct"),
    (edit('players = ["Entrant", "Incumbent"]', 'players = "Entrant"'), "players"),
    (edit('name = "entry"', 'name = "entry"\nconstraints = ["c > d"]'), "constraints: 'c > d': unknown parameter 'd'"),
    (ENTRY + '[world]\nc = "no_such_variable * 2"\n', "world.c: unknown world variable "
                                                                                   "'no_such_variable'"),
    (ENTRY + '[world]\nd = "us_stake"\n', "world.d: unknown parameter"),
    (ENTRY + '[world]\nc = "us_stake +"\n', "world.c:"),
    ("name = [", "malformed TOML"),
])
def test_bad_model_files(text, expected):
    msg = bad(text, world=world.WORLD)
    assert expected in msg, msg


def test_bad_json_model_files():
    doc = json.dumps(NORMAL, indent=1)
    assert "m.json, line 11: parameters.b.default: 9 is outside" in bad(doc.replace('"default": 1', '"default": 9'),
                                                                        "json")
    dup = doc.replace('"name": "matching",', '"name": "matching",\n "name": "again",')
    assert "duplicate key" in bad(dup, "json")
    assert "malformed JSON" in bad(doc[:-3], "json")
    assert "unknown player" in bad(doc.replace('"prob(Col, T)', '"prob(Cal, T)'), "json")


def test_bad_files_on_disk(tmp_path):
    p = tmp_path / "latin1.toml"
    p.write_bytes(ENTRY.replace("Entry deterrence", "Entr\xe9e").encode("latin-1"))
    with pytest.raises(GameError, match="not UTF-8 text"):
        load_model_file(p)
    with pytest.raises(GameError, match="cannot read the model file"):
        get_model(str(tmp_path / "missing.toml"))
    q = tmp_path / "m.toml"
    q.write_text(ENTRY.replace('[game.tree]\nplayer = "Entrant"\n', '[game]\nfile = "nope.json"\n[game.tree]\n'
                                                                    'player = "Entrant"\n'))
    with pytest.raises(GameError, match="give either file or the game itself"):
        load_model_file(q)


def test_no_matching_outcome_is_a_clear_error_at_solve_time():
    text = edit('condition = "true"', 'condition = "false"')
    m = parse_model(text, where="m.toml")
    with pytest.raises(GameError, match=r"no outcome's condition holds at the equilibrium \{'Entrant:1': 'stay out'"):
        m.solve({"c": "1/2"}, flips=False)


def test_world_variable_checked_when_applied_without_a_world():
    m = parse_model(ENTRY + '[world]\nc = "nowhere"\n', where="m.toml")
    with pytest.raises(GameError, match="world.c: the world state has no variable 'nowhere'"):
        m.from_world(world.WORLD.defaults())


def test_condition_language_is_not_python():
    for text in ("__import__('os').system('true')", "c.real > 0", "[c][0] > 0", "lambda: 1", "c if c else c",
                 "c ** c > 1", "2 ** 1000 > 1", "((((c ^ 100) ^ 100) ^ 100) ^ 100) > 1"):
        with pytest.raises(GameError):
            f = parse_formula(text, names={"c"}, moves={})
            f.evaluate(Context({"c": Fraction(3)}, {}, {}))
    f = parse_formula("if(c > 1, 2, 3) * min(c, 4) - abs(-c) / 2 ^ 2", names={"c"}, moves={})
    assert f.evaluate(Context({"c": Fraction(2)}, {}, {})) == 2 * 2 - Fraction(2, 4)


@given(st.fractions(min_value=0, max_value=10, max_denominator=8), st.fractions(min_value=0, max_value=3,
                                                                                 max_denominator=8),
       st.fractions(min_value=0, max_value=10, max_denominator=8))
def test_world_links_agree_at_random_world_states(capability, stake, coercion):
    w = world.WORLD.values({"europe_capability": capability, "us_stake": stake, "us_coercion": coercion})
    try:
        expected = Shaping().from_world(w)
    except GameError as exc:  # outside a parameter's interval: the file model refuses it the same way
        with pytest.raises(GameError) as got:
            _MODEL.from_world(w)
        assert str(got.value) == str(exc)
        return
    assert _MODEL.from_world(w) == expected


CHANCE = '''
name = "gamble"
title = "A gamble behind a chance move"
players = ["A"]
[parameters.p]
default = "1/4"
lower = 0
upper = 1
[game.tree]
chance = {left = "p", right = "1 - p"}
actions = {left = {player = "A", actions = {safe = [1], risky = [2]}}, right = {player = "A", actions = {safe = [1], risky = [0]}}}
[quantities]
risky = { formula = "prob(A, risky)", unit = "probability" }
value = "payoff(A)"
[[outcomes]]
key = "mostly_safe"
headline = "A mostly plays safe"
condition = "prob(A, safe) > 1/2"
statement = "{headline}: risky with probability {risky}, worth {value}."
[[outcomes]]
key = "mostly_risky"
headline = "A mostly gambles"
condition = "true"
'''


def test_chance_moves_weight_the_path():
    m = parse_model(CHANCE, where="gamble.toml")
    r = m.solve(flips=False)
    assert r.quantities == {"risky": Fraction(1, 4), "value": Fraction(5, 4)}
    assert r.outcome.key == "mostly_safe"
    assert r.statement == "A mostly plays safe: risky with probability 25%, worth 1.25."
    assert m.solve({"p": "3/4"}, flips=False).outcome.key == "mostly_risky"


def test_json_model_file_on_disk(tmp_path):
    p = tmp_path / "matching.json"
    p.write_text(json.dumps(NORMAL, indent=1))
    out = json.loads(run("model", str(p), "--format", "json", "--no-flips").output)
    assert out["outcome"] == "mostly_tails" and out["quantities"]["row_heads"] == "1/2"
    doc = json.loads(p.read_text())
    doc["outcomes"][1]["condition"] = "prob(Col, X) > 0"
    p.write_text(json.dumps(doc, indent=1))
    res = run("model", str(p), ok=False)
    assert "matching.json, line 70: outcomes[1].condition: column 6: player 'Col' has no action 'X'" in res.output


def test_suite_get_model_checks_world_links_when_the_file_is_loaded(tmp_path: Path) -> None:
    """A misspelt world variable in a model file is reported at load time by the suite's
    get_model (and so by `gametheory model FILE` and `gametheory brief --model FILE`)."""
    from gametheory.models import get_model as suite_get_model

    text = SHAPING.read_text().replace('formula = "us_coercion"', 'formula = "us_coersion"')
    (tmp_path / "shaping.tree.json").write_text((SHAPING.parent / "shaping.tree.json").read_text())
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(GameError, match="unknown world variable 'us_coersion'"):
        suite_get_model(str(bad))
