"""The French/UK nuclear guarantee model: its fast path against the engine, its published
results (Schelling's tripwire, Powell's credibility condition for limited retaliation) derived
by hand, and what a residual US umbrella buys."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from gametheory.extensive.solvers.backward import backward_induction
from gametheory.models import get_model
from gametheory.models.guarantee import OUTCOMES, fast_plan, outcome_distribution, outcome_of
from gametheory.models.world import WORLD, load, scenario_order

M = get_model("guarantee")


def _engine_key(values: dict[str, Fraction]) -> str:
    return outcome_of(backward_induction(M.build(values))[0].actions(), values)


def _random_point(rng: random.Random) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for p in M.parameters:
        lo, hi = (Fraction(x) for x in p.sample_bounds())
        hi = min(hi, lo + 60)  # keep the damages on a scale where every branch matters
        out[p.name] = lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)
    return M.values(out)


def _points() -> list[dict[str, Fraction]]:
    pts = [M.values()]
    pts += [M.values(M.from_world(load(name).point(WORLD))) for name in scenario_order()]
    rng = random.Random(19)
    pts += [_random_point(rng) for _ in range(60)]
    return pts


@pytest.mark.parametrize("values", _points())
def test_fast_plan_equals_the_engine(values: dict[str, Fraction]) -> None:
    """The direct evaluation gives the engine's subgame-perfect plan (or defers at a tie)."""
    plan = fast_plan(values)
    res = backward_induction(M.build(values))
    if plan is not None:
        assert len(res) == 1 and plan == res[0].actions()
    assert M.outcome_key(values) == _engine_key(values) == M.solve(values, flips=False).outcome.key


def test_fast_plan_defers_at_a_tie() -> None:
    # at n_G = w_G + h - q_R D_R the ordinary guarantor is indifferent (see the Powell test)
    vals = M.values({"u_US": 0, "r_G": 0, "D_R": 3, "n_G": "1/2"})
    assert fast_plan(vals) is None
    assert M.outcome_key(vals) == _engine_key(vals)


@pytest.mark.parametrize("values", _points()[:30])
def test_limited_answer_margin_is_the_engines_choice(values: dict[str, Fraction]) -> None:
    """The closed-form credibility margin has the sign of the ordinary guarantor's choice in
    the solved tree (positive: it answers proportionately), in both postures."""
    from gametheory.models.guarantee import limited_answer_margin

    res = M.solve(values, flips=False)
    for posture in ("rear", "forward"):
        margin = limited_answer_margin(values, posture == "forward")
        assert res.quantities[f"limited_answer_credible_if_{posture}"] == (margin > 0)


@pytest.mark.parametrize("name", scenario_order())
def test_every_builtin_scenario_runs(name: str) -> None:
    sc = load(name)
    res = M.solve(world=sc.point(WORLD), scenario=sc, flips=False)
    dist = res.quantities["outcome_probabilities"]
    assert sum(dist.values()) == 1 and all(v >= 0 for v in dist.values())
    assert res.outcome.key in {o.key for o in OUTCOMES}


def test_defaults_and_without_the_us() -> None:
    res = M.solve(flips=False)
    assert res.outcome.key == "deterrence" and res.quantities["outcome_without_us"] == "fait_accompli"
    assert res.quantities["strategic_threat_credible"] is False
    alone = M.solve({"u_US": 0}, flips=False)
    assert alone.outcome.key == "fait_accompli"


def test_powell_limited_retaliation_credibility() -> None:
    """Powell (1990): a threat of limited retaliation is credible when its expected cost -- the
    answer's own cost plus the chance the adversary escalates times the damage it would then do --
    is below what is at stake. Here, for an ordinary guarantor with forward forces facing a
    Russia whose resolute type counter-retaliates (a_hi > D_G) and whose ordinary type does not
    (a_R < D_G): answer iff n_G + q_R D_R < w_G + h. At r_G = 0, u_US = 0, D_R = 3 (q_R = 1/3,
    w_G = 1/2, h = 1) the threshold is n_G* = 1/2 + 1 - 1 = 1/2. Below it the forward posture
    deters (an answered strike costs Russia more than stopping); at and above it every strike
    meets concession, so the fait accompli succeeds."""
    base = {"u_US": 0, "r_G": 0, "D_R": 3}
    v = M.values(base)
    n_star = v["w_G"] + v["h"] - v["q_R"] * v["D_R"]
    assert n_star == Fraction(1, 2) and v["a_hi"] > v["D_G"] > v["a_R"]
    below = M.solve({**base, "n_G": n_star - Fraction(1, 1000)})
    assert below.outcome.key == "deterrence" and below.quantities["posture"] == "forward"
    assert below.quantities["limited_answer_credible"] and below.quantities["limited_answer_margin"] > 0
    assert M.solve({**base, "n_G": n_star}, flips=False).outcome.key == "fait_accompli"
    flips = [f for f in below.flips if f.parameter == "n_G" and f.direction == "up"]
    assert [(Fraction(f.value), f.to) for f in flips] == [(n_star, "fait_accompli")]


def test_schelling_tripwire_hand_tying_and_its_price() -> None:
    """Schelling (1966, ch. 2): forces forward make resistance automatic and giving way costly,
    so a threat not credible from home becomes credible. At u_US = 0, r_G = 0, D_R = 3,
    n_G = 1/4: from home the ordinary guarantor would concede after a strike (w_G = 1/2 <
    n_G + q_R D_R = 5/4); forward it answers iff w_G + h > 5/4, i.e. h > 3/4. Forward basing
    is then worth its price iff k_P < w_G (deterrence at -k_P against a lost protégé at -w_G)."""
    base = {"u_US": 0, "r_G": 0, "D_R": 3, "n_G": "1/4"}
    v = M.values(base)
    h_star = v["n_G"] + v["q_R"] * v["D_R"] - v["w_G"]
    assert h_star == Fraction(3, 4)
    res = M.solve(base)
    assert res.outcome.key == "deterrence" and res.quantities["posture"] == "forward"
    assert res.quantities["outcome_if_rear"] == "fait_accompli"
    assert not res.quantities["limited_answer_credible_if_rear"] and res.quantities["limited_answer_credible_if_forward"]
    got = {(f.parameter, f.direction): (Fraction(f.value), f.to) for f in res.flips}
    assert got[("h", "down")] == (h_star, "fait_accompli")
    assert got[("k_P", "up")] == (v["w_G"], "fait_accompli")


def test_what_a_residual_us_umbrella_buys() -> None:
    """With both guarantor types conceding after a strike (the defaults), Russia strikes iff
    -t_R + u (-d_G - (1 - q_R) a_R - q_R a_hi) + (1 - u) v > -a_R, i.e. iff
    u < u* = (v - t_R + a_R) / (v + d_G + (1 - q_R) a_R + q_R a_hi) = 23/200."""
    v = M.values()
    u_star = (v["v"] - v["t_R"] + v["a_R"]) / (v["v"] + v["d_G"] + (1 - v["q_R"]) * v["a_R"] + v["q_R"] * v["a_hi"])
    assert u_star == Fraction(23, 200)
    res = M.solve({"u_US": 0})
    assert res.outcome.key == "fait_accompli"
    assert [(Fraction(f.value), f.to) for f in res.flips if f.parameter == "u_US"] == [(u_star, "deterrence")]
    assert M.solve({"u_US": u_star}, flips=False).outcome.key == "deterrence"


def test_minimal_deterrence_needs_a_second_strike_a_resolute_russia_fears() -> None:
    """Without the US, deterrence returns once the French/UK second strike exceeds what a
    resolute Russia would accept to avoid backing down (D_G > a_hi): no one counter-retaliates,
    the limited answer costs only n_G, so a resolute guarantor (and with forward forces an
    ordinary one) answers, and an answered strike costs Russia more than stopping."""
    alone = M.solve({"u_US": 0})
    assert alone.quantities["resolute_russia_counter_retaliates"]
    up = [f for f in alone.flips if f.parameter == "D_G"]
    assert [(Fraction(f.value), f.to) for f in up] == [(Fraction(25), "deterrence")]
    res = M.solve({"u_US": 0, "D_G": 26}, flips=False)
    assert res.outcome.key == "deterrence" and not res.quantities["resolute_russia_counter_retaliates"]
    assert res.quantities["limited_answer_credible_if_forward"]


def test_strike_path_distribution() -> None:
    vals = M.values({"u_US": "3/10", "r_G": "4/5", "q_R": 1, "v": 10, "w_G": 40, "w_hi": 1000, "w_P": 100,
                     "D_G": 1, "a_hi": 2, "d_G": 0})
    plan = backward_induction(M.build(vals))[0].actions()
    dist = outcome_distribution(plan, vals)
    assert dist == {"deterrence": 0, "fait_accompli": 0, "nuclear_coercion": Fraction(7, 50),
                    "limited_nuclear_war": Fraction(3, 10), "strategic_war": Fraction(14, 25)}
    assert outcome_of(plan, vals) == "strategic_war"


def test_regimes_in_the_posture_cost() -> None:
    reg = M.regimes_in(("k_P",), M.values({"u_US": 0, "r_G": 0, "D_R": 3, "n_G": "1/4"}))
    postures = {r.plan["Guarantor: posture"] for r in reg.regimes}
    assert postures == {"rear", "forward"}


def test_no_compiled_classifier_and_monte_carlo_is_exact() -> None:
    """The outcome depends on the chance probabilities within one regime of plans, so the
    sensitivity commands solve every draw exactly; their counts equal direct solves."""
    from gametheory.sensitivity.compiled import has_compiled
    from gametheory.sensitivity.scenarios import scenario_montecarlo

    assert not has_compiled(M, ("u_US",))
    sc = load("us-coercive")
    res = scenario_montecarlo(M, sc, WORLD, draws=12, seed=3)
    assert sum(res.counts.values()) == 12 and "compiled" not in res.method
