"""The brief's fast paths give what the slow ones give: shared outcome memos for the draws,
one solve per distinct exact values, the extended-deterrence direct evaluation and the
ultimatum outcome computed once per point (no timing here: equality only)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from gametheory.extensive.solvers.backward import backward_induction
from gametheory.models import get_model
from gametheory.models.brief import build_brief
from gametheory.models.extended_deterrence import fast_plan, outcome_of
from gametheory.models.world import WORLD, load, scenario_order
from gametheory.sensitivity.scenarios import scenario_montecarlo

SCENARIOS = [load(n) for n in scenario_order()]


def _random_point(model_name: str, rng: random.Random) -> dict[str, Fraction]:
    m = get_model(model_name)
    out: dict[str, Fraction] = {}
    for p in m.parameters:
        lo, hi = (Fraction(x) for x in p.sample_bounds())
        hi = min(hi, lo + 60)
        out[p.name] = lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)
    return m.values(out)


def _points(model_name: str, n: int = 60, seed: int = 20) -> list[dict[str, Fraction]]:
    m = get_model(model_name)
    pts = [m.values()]
    pts += [m.values({**m.from_world(s.point(WORLD)), **s.model_settings(m)}) for s in SCENARIOS]
    rng = random.Random(seed)
    return pts + [_random_point(model_name, rng) for _ in range(n)]


# ------------------------------------------------------------------ extended deterrence
ED = get_model("extended_deterrence")


@pytest.mark.parametrize("values", _points("extended_deterrence"))
def test_extended_deterrence_direct_plan_is_the_engines(values: dict[str, Fraction]) -> None:
    plan = fast_plan(values)
    res = backward_induction(ED.build(values))
    if plan is not None:
        assert len(res) == 1 and plan == res[0].actions()
    engine = outcome_of(res[0].actions())
    assert ED.outcome_key(values) == engine == ED.analyse(values).outcome.key


def test_extended_deterrence_direct_plan_defers_at_a_tie() -> None:
    # with no US, the guarantor is indifferent between fighting and backing out after an attack
    # when pi_0 w_G + c_G + e L_G = w_G + r_G + h_G: choose h_G so that it holds with c_G = 1
    s = ED.values({"p_US": 0, "c_G": 1})
    h = s["pi_0"] * s["w_G"] + s["c_G"] + s["e"] * s["L_G"] - s["w_G"] - s["r_G"]
    vals = ED.values({"p_US": 0, "c_G": 1, "h_G": h})
    assert fast_plan(vals) is None
    assert ED.outcome_key(vals) == outcome_of(backward_induction(ED.build(vals))[0].actions())


# ------------------------------------------------------------------ ultimatum
UL = get_model("ultimatum")


def _ultimatum_slow(values: dict[str, Fraction]) -> str:
    th = UL.thresholds_at(values)
    if not any(t is not None and t <= 1 for t in th.values()):
        return "ineffective"
    best = max(UL.russia_payoff(values, q) for q in UL.candidate_risks(values))
    return "ultimatum" if best > 0 else "no_ultimatum"


@pytest.mark.parametrize("values", _points("ultimatum"))
def test_ultimatum_outcome_key_computes_the_same_conditions_once(values: dict[str, Fraction]) -> None:
    assert UL.outcome_key(values) == _ultimatum_slow(values)


def test_ultimatum_outcome_key_is_the_engines_at_the_scenarios() -> None:
    for values in _points("ultimatum", n=0):
        assert UL.outcome_key(values) == UL.analyse(values).outcome.key


# ------------------------------------------------------------------ shared memos of the brief
@pytest.mark.parametrize("name", ["deterrence", "durability", "coercion"])
def test_shared_memo_gives_the_same_counts(name: str) -> None:
    m = get_model(name)
    memo: dict = {}
    for s in SCENARIOS:
        if not any(k in set(m.world_variables()) for k in s.ranges):
            continue
        shared = scenario_montecarlo(m, s, WORLD, draws=8, seed=3, memo=memo)
        alone = scenario_montecarlo(get_model(name), s, WORLD, draws=8, seed=3)
        assert shared.counts == alone.counts and shared.intervals == alone.intervals
    assert memo  # filled


def _strip(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("elapsed_seconds", "timings")}


def test_brief_cells_are_each_scenarios_own_solve() -> None:
    """Scenarios that give a model the same values share one solve; every cell still shows what
    solving the model at that scenario gives (outcome, detail, draws)."""
    names = ["us-committed", "us-committed-ukraine-in", "us-out", "us-out-ukraine-in"]
    b = build_brief(names, draws=4, flips=False, charts=False)
    for c in b.cells:
        s = load(c.scenario)
        m = get_model(c.model)
        r = m.solve(s.model_settings(m), flips=False, world=s.point(WORLD), scenario=s)
        assert c.outcome == r.outcome.key and c.headline == r.outcome.headline
        if c.draws:
            fr = scenario_montecarlo(get_model(c.model), s, WORLD, draws=4, seed=0)
            q = b.question(c.question)
            yes = q.yes_outcomes or (r.outcome.key,)
            assert c.probability == Fraction(sum(fr.counts.get(k, 0) for k in yes), 4)
    again = build_brief(names, draws=4, flips=False, charts=False)
    assert _strip(again.to_json()) == _strip(b.to_json())


# ------------------------------------------------------------------ ceasefire's Rubinstein forms
def test_rubinstein_closed_forms_agree_with_the_engine() -> None:
    """The brief no longer derives these forms (it keeps the engine's split per point, see
    tests/test_brief_speed3.py); derived here directly, they still give the engine's split
    at every scenario point and at random points."""
    from pathlib import Path

    import gametheory as gt
    from gametheory.modeling.closedforms import closed_forms
    from gametheory.models import ceasefire as cf_mod

    model = get_model("ceasefire")
    forms = closed_forms("ceasefire-rubinstein", [Path(cf_mod.__file__)], cf_mod._rubinstein_forms)
    shares, proposer = forms.function("shares"), forms.function("proposer_shares")
    pts = [model.values(model.from_world(s.point(WORLD))) for s in SCENARIOS]
    rng = random.Random(7)
    pts += [model.values({"patience_R": Fraction(rng.randint(0, 19), 20), "patience_U": Fraction(rng.randint(0, 19), 20),
                          "breakdown": Fraction(rng.choice([0, 1, 10, 20]), 20)}) for _ in range(20)]
    compared = 0
    for v in pts:
        inputs = model._rubinstein_inputs(cf_mod.terms(v))
        args = (*inputs["discount"], inputs["breakdown"], *inputs["outside_options"])
        engine = gt.rubinstein(**inputs)
        try:
            got = shares(*args)
        except ZeroDivisionError:
            continue
        if None in got or None in proposer(*args):
            continue  # no regime holds: the engine decides (rubinstein_split falls back)
        assert dict(zip(("Russia", "Ukraine"), (Fraction(x) for x in got))) == engine.by_name()
        compared += 1
    assert compared >= len(SCENARIOS)
