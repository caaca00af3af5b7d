"""The model suite: one contract every registered model passes, plus each model's own results."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.modeling import Model, simplest_between
from gametheory.models import MODELS, get_model

MODEL_NAMES = sorted(MODELS)


# --------------------------------------------------------------------------- contract
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_contract_metadata(name: str) -> None:
    m = get_model(name)
    assert isinstance(m, Model) and m.name == name
    assert m.title and m.question and m.players and m.references
    keys = [o.key for o in m.outcomes]
    assert len(keys) == len(set(keys)) and keys
    for o in m.outcomes:
        assert o.headline and o.explanation
    assert m.parameters
    for p in m.parameters:
        assert p.description, f"{name}.{p.name} has no description"
        assert p.unit, f"{name}.{p.name} has no unit"
        assert p.source, f"{name}.{p.name} has no source (say 'illustrative assumption' if so)"
        assert p.default is not None and p.contains(p.default), f"{name}.{p.name}: default outside interval"
    m.values()  # defaults satisfy the joint restrictions


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_contract_builds_solves_and_interprets(name: str) -> None:
    m = get_model(name)
    vals = m.values()
    game = m.build(vals)
    assert game is not None
    res = m.solve()
    assert res.model == name and res.outcome in m.outcomes
    assert res.statement.startswith(res.outcome.headline)
    json.dumps(res.to_json())
    for f in res.flips:
        assert f.to != res.outcome.key
        p = m.parameter(f.parameter)
        assert p.contains(Fraction(f.value))
        # the outcome really differs just beyond the flip, and holds just before it
        width = Fraction(p.sample_bounds()[1] - p.sample_bounds()[0]) if p.upper is not None else Fraction(1)
        step = max(width / 10**6, 2 * Fraction(f.accuracy))
        beyond = Fraction(f.value) + (step if f.direction == "up" else -step)
        before = Fraction(f.value) - (step if f.direction == "up" else -step)
        if p.contains(beyond):
            assert m.solve({f.parameter: beyond}, flips=False).outcome.key != res.outcome.key
        assert m.solve({f.parameter: before}, flips=False).outcome.key == res.outcome.key


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_contract_every_outcome_is_reachable_on_a_grid(name: str) -> None:
    """The interpretation covers every regime: each declared outcome occurs somewhere.

    Each model lists, in ``EXAMPLE_POINTS`` below, a parameter point per outcome.
    """
    m = get_model(name)
    points = EXAMPLE_POINTS[name]
    assert set(points) == {o.key for o in m.outcomes}, "every outcome needs an example point"
    for key, overrides in points.items():
        assert m.solve(overrides, flips=False).outcome.key == key, (key, overrides)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_contract_bad_values(name: str) -> None:
    m = get_model(name)
    with pytest.raises(gt.GameError, match="unknown parameter"):
        m.solve({"no_such_parameter": 1})
    p = m.parameters[0]
    if p.upper is not None:
        with pytest.raises(gt.GameError, match="outside its admissible interval"):
            m.solve({p.name: p.upper + 1})
    with pytest.raises(gt.GameError):
        m.solve({p.name: float("nan")})


EXAMPLE_POINTS: dict[str, dict[str, dict[str, object]]] = {
    "alliance": {
        "denial": {},
        "needs_rearmament": {"b_US": "1/20"},
        "nuclear_reliant": {"b_US": 0, "E": "1/4"},
        "deterrence_fails": {"b_US": 0, "E": "1/4", "e": 0},
    },
    "extended_deterrence": {
        "deterrence": {},
        "abandonment": {"p_US": 0},
        "war": {"p_US": 0, "h_G": 10, "e": 0, "c_R": "1/10"},
    },
    "durability": {
        "durable_peace": {"f": "1/100"},
        "fragile_peace": {},
        "rearmament_race": {"q": "1/4", "c_war": 2},
        "renewed_war": {"war_gain": "3/4", "pi": 0},
    },
    "transition": {
        "no_window": {"observe": 0},
        "window": {},
        "immediate_war": {"U": 0, "start": 0, "lag": 1, "gain": 4, "target": 4},
    },
    "ultimatum": {
        "no_ultimatum": {},
        "ultimatum": {"u_US": 0},
        "ineffective": {"L_E": "1/4", "e": 0},
    },
    "deterrence": {
        "deterrence": {},
        "war_risk": {"e": 0},
        "coercion": {"e": 0, "p_US": 0},
        "multiple": {"e": 0, "q_R": "1/2", "a_R": "9/20", "c_E": "9/10", "b_E": "3/4", "c_R": "4/5", "p_US": "3/5"},
    },
    "escalation": {
        "deterrence": {},
        "fait_accompli": {"k_T": 2},
        "coercion": {"e": 0, "u_US": 0, "f_FUK": 0},
        "war": {"e": 0, "v": 5},
    },
    "guarantee": {
        "deterrence": {},
        "fait_accompli": {"u_US": 0},
        "nuclear_coercion": {"u_US": 0, "r_G": "1/3", "q_R": "9/10", "w_P": 100, "w_hi": 1000, "D_G": 1, "a_hi": 5,
                             "k_F": 5},
        "limited_nuclear_war": {"r_G": "4/5", "v": 10, "w_P": 100, "w_G": 5, "D_G": 1, "a_hi": 5},
        "strategic_war": {"u_US": "3/10", "r_G": "4/5", "q_R": 1, "v": 10, "w_G": 40, "w_hi": 1000, "w_P": 100,
                          "D_G": 1, "a_hi": 2, "d_G": 0},
    },
    "coalition": {
        "unanimity_blocked": {},
        "unanimity_stronger": {"T": 3},
        "willing_stronger": {"T": 2, "b_US": 1},
        "no_coalition": {"ukraine": 1},
    },
    "coercion": {
        "bought_protection": {},
        "deal_over_europe": {"d": "1/4"},
        "counter_coercion": {"p_C": 1},
        "autonomy": {"d": 2, "p_C": 1, "k_C": 2},
        "russia_probes": {"w_B": 0, "d": 2, "k_C": 2, "p_C": "1/5"},
    },
    "inclusion": {
        "peace_commitment": {},
        "peace_alone": {"p_cap": "1/4"},
        "entrapment_war": {"k_S": 10, "x_M": 0, "p_low": "7/13", "x_W": 10, "q_R": "3/5", "g": 2},
        "renewed_war": {"v": 4},
        "preventive_strike": {"x_W": 1},
    },
    "patron": {
        "deterrence": {"w_US": 3},
        "abandonment": {},
        "appeasement": {"pi_alone": "7/10", "c_E": 1},
        "entrapment": {"pi_alone": "7/10", "c_E": "3/4", "c_R": "1/10"},
        "war": {"pi_alone": "7/10", "c_E": "3/4", "c_R": "1/10", "w_US": "9/4"},
    },
    "shaping": {
        "coerced": {},
        "contested": {"x_E": 0},
        "autonomy": {"k_R": 1, "k_US": 1},
        "dependence": {"a_E": "1/2"},
    },
    "ceasefire": {
        "settlement": {},
        "fragile_settlement": {"pressure": 0},
        "unverifiable": {"inspect_cost": "1/10"},
        "cap_too_tight": {"cap": 85, "guarantee_cost": 1},
        "cap_too_loose": {"member": 1, "alliance_force": 3},
        "commitment_failure": {"c_R": "1/50", "c_U": "1/50", "spread": "1/50", "pressure": 0, "rebuild": 2},
    },
}


# --------------------------------------------------------------------------- helpers
@pytest.mark.parametrize(
    "a, b, want",
    [
        pytest.param(Fraction(14999, 10000), Fraction(15001, 10000), Fraction(3, 2), id="three-halves"),
        pytest.param(Fraction(1, 3) - Fraction(1, 10**9), Fraction(1, 3) + Fraction(1, 10**9), Fraction(1, 3), id="third"),
        pytest.param(Fraction(-1, 10**6), Fraction(1, 10**6), Fraction(0), id="zero"),
        pytest.param(Fraction(5), Fraction(5), Fraction(5), id="point"),
        pytest.param(Fraction(-151, 100), Fraction(-149, 100), Fraction(-3, 2), id="negative"),
    ],
)
def test_simplest_between(a: Fraction, b: Fraction, want: Fraction) -> None:
    assert simplest_between(a, b) == want
    assert simplest_between(b, a) == want


def test_unknown_model() -> None:
    with pytest.raises(gt.GameError, match="unknown model 'nope'"):
        get_model("nope")


# --------------------------------------------------------------------------- CLI
def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="gametheory")


def test_cli_models_lists_every_model() -> None:
    r = run("models")
    assert r.exit_code == 0
    for name in MODEL_NAMES:
        assert name in r.output
    data = json.loads(run("models", "--format", "json").output)
    assert [d["name"] for d in data] == MODEL_NAMES


def test_cli_model_text_and_json() -> None:
    r = run("model", "shaping", "--set", "k_R=1", "--set", "k_US=1")
    assert r.exit_code == 0, r.output
    assert "outcome: Europe builds autonomy unopposed" in r.output
    assert "(set)" in r.output
    data = json.loads(run("model", "shaping", "--format", "json", "--no-flips").output)
    assert data["outcome"] == "coerced" and data["flips"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(["model", "nope"], "unknown model 'nope'", id="unknown-model"),
        pytest.param(["model", "shaping", "--set", "zz=1"], "unknown parameter 'zz'", id="unknown-parameter"),
        pytest.param(["model", "shaping", "--set", "q1=2"], "outside its admissible interval", id="out-of-range"),
        pytest.param(["model", "shaping", "--set", "q1"], "expected NAME=VALUE", id="malformed-set"),
        pytest.param(["model", "shaping", "--set", "q1=__import__('os')"], "q1", id="code-is-not-a-number"),
    ],
)
def test_cli_model_errors(args: list[str], message: str) -> None:
    r = run(*args)
    assert r.exit_code != 0
    assert message in r.output
    assert "Traceback" not in r.output


def test_cli_brief_cites_its_models() -> None:
    # the brief's own tests are in tests/test_brief.py; here: it runs and names the models it cites
    r = run("brief", "--scenario", "crimea-2014", "--draws", "0", "--no-flips")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[3] == "Bottom line"
    for name in ("deterrence", "ultimatum", "ceasefire", "shaping"):
        assert f"({name})" in r.output


def test_cli_brief_json() -> None:
    data = json.loads(run("brief", "--scenario", "crimea-2014", "--draws", "0", "--no-flips", "--format", "json").output)
    assert [s["name"] for s in data["scenarios"]] == ["crimea-2014"]
    assert all(c["headline"] for c in data["cells"])
