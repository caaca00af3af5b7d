"""The inclusion model (Ukraine in the alliance): its fast path against the engine, Benson's
(2012) restraint result and the preventive window derived by hand, and the least-war design's
flips in parameters and world units."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from gametheory.extensive.solvers.backward import backward_induction
from gametheory.models import get_model
from gametheory.models.inclusion import (
    DESIGNS,
    OUTCOMES,
    fast_plan,
    min_war_design,
    outcome_of,
    ranking_flips,
    ranking_world_flips,
    renew_margin,
)
from gametheory.models.world import WORLD, load, scenario_order

M = get_model("inclusion")


def _engine_key(values: dict[str, Fraction]) -> str:
    return outcome_of(backward_induction(M.build(values))[0].actions(), values)


def _random_point(rng: random.Random) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for p in M.parameters:
        lo, hi = (Fraction(x) for x in p.sample_bounds())
        hi = min(hi, lo + 3)  # keep values and costs on one scale, where every branch matters
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
    """The direct evaluation gives the engine's first subgame-perfect plan (or defers at a tie
    that matters), and the outcome agrees with a full solve."""
    plan = fast_plan(values)
    res = backward_induction(M.build(values))
    if plan is not None:
        assert plan == res[0].actions()
    assert M.outcome_key(values) == _engine_key(values) == M.solve(values, flips=False).outcome.key


def test_fast_plan_defers_at_a_tie_that_matters() -> None:
    # an ordinary Russia facing Ukraine alone at the cap is indifferent when p_cap v = c_R
    vals = M.values({"c_R": "7/13"})
    assert fast_plan(vals) is None
    assert M.outcome_key(vals) == _engine_key(vals)


@pytest.mark.parametrize("name", scenario_order())
def test_every_builtin_scenario_runs(name: str) -> None:
    sc = load(name)
    res = M.solve(world=sc.point(WORLD), scenario=sc, flips=False)
    dist = res.quantities["outcome_probabilities"]
    assert sum(dist.values()) == 1 and all(v >= 0 for v in dist.values())
    assert res.outcome.key in {o.key for o in OUTCOMES}
    wars = res.quantities["war_probability_by_design"]
    assert set(wars) == set(DESIGNS) and all(0 <= w <= 1 for w in wars.values())
    assert res.quantities["min_war_design"] == min(DESIGNS, key=lambda d: (wars[d], DESIGNS.index(d)))


def test_defaults() -> None:
    """At the defaults a paper guarantee deters (both Russian types accept), membership invites a
    preventive strike, and without a commitment a resolute Russia renews the war."""
    res = M.solve(flips=False)
    q = res.quantities
    assert res.outcome.key == "peace_commitment" and q["design"] == "guarantee"
    assert q["war_probability_by_design"] == {"none": Fraction(1, 3), "guarantee": 0, "force": 0, "membership": 1}
    assert q["net_effect_of_inclusion"] == Fraction(-1, 3)
    assert q["russia_strikes_early"] == {"force": False, "membership": True}
    assert q["outcome_by_design"]["membership"] == "preventive_strike"
    assert q["guarantee_honoured_by_ordinary_europe"] == {"unprovoked": True, "provoked": False}


# Benson (2012), the theory of commitment design (chapter not checked against the book): conditional and probabilistic
# commitments balance deterrence against moral hazard; uncertainty about intervention transfers
# risk to the protégé and restrains it. Illustrative parameters: no preventive window
# (k_S = 10), no grievance from membership (x_M = 0), the army choice neutralised
# (p_low = p_cap, so Ukraine demobilises and p = 7/13 everywhere), Ukraine already a member
# (x_W = 10: Europe keeps membership), other defaults.
BENSON = {"k_S": 10, "x_M": 0, "p_low": "7/13", "x_W": 10}


def test_benson_conditional_guarantee_restrains_where_membership_emboldens() -> None:
    """By hand. Membership (automatic, unconditional): Russia prevails with pi = p (1 - e_M) =
    7/13 * 13/20 = 7/20. A resolute Russia's war payoff pi V_hi - c_R - c_RE = -2/5 is below
    accepting a hold (0: deterred) and above swallowing a provocation (-y = -1/2: it fights); an
    ordinary Russia's (-3/4) is below both. So Ukraine provokes iff
    (1 - q) g > q (pi L_U + c_U) = q 6/5, i.e. g > g* = q/(1 - q) 6/5 (9/5 at q = 3/5).
    Guarantee (conditional: h_P = 0): an ordinary Europe abandons after a provocation
    (-pi w_E - c_E = -19/20 < -p w_E = -7/13), so even an ordinary Russia fights a provoked war
    (expected payoff -1/4 - 8/195 > -1/2) and Ukraine never provokes; unprovoked, Europe honours
    (h = 1/2 > c_E - p e_M w_E) and Russia is deterred. At q = 3/5 (entrapment then the most
    probable outcome) the model's outcome flips exactly at g*."""
    v = M.values({**BENSON, "q_R": "3/5"})
    p, pi = v["p_cap"], v["p_cap"] * (1 - v["e_M"])
    assert pi == Fraction(7, 20)
    resolute = pi * v["V_hi"] - v["c_R"] - v["c_RE"]
    assert -v["y"] < resolute < 0
    assert pi * v["v"] - v["c_R"] - v["c_RE"] < -v["y"]
    assert renew_margin(v, "membership", "reduced", "resolute", False) < 0 < renew_margin(
        v, "membership", "reduced", "resolute", True)
    g_star = v["q_R"] / (1 - v["q_R"]) * (pi * v["L_U"] + v["c_U"])
    assert g_star == Fraction(9, 5)
    assert -pi * v["w_E"] - v["c_E"] < -p * v["w_E"] - v["h_P"]  # the conditional guarantee lapses
    assert -pi * v["w_E"] - v["c_E"] > -p * v["w_E"] - v["h"]  # but holds against an unprovoked attack
    below = M.solve({**BENSON, "q_R": "3/5", "g": 1})
    assert below.outcome.key == "peace_commitment" and below.quantities["design"] == "membership"
    flips = [(Fraction(f.value), f.direction, f.to) for f in below.flips if f.parameter == "g"]
    assert flips == [(g_star, "up", "entrapment_war")]
    above = M.solve({**BENSON, "q_R": "3/5", "g": g_star + Fraction(1, 100)}, flips=False).quantities
    assert not above["ukraine_provokes"]["guarantee"] and above["ukraine_provokes"]["membership"]
    assert above["war_probability_by_design"]["guarantee"] == 0
    assert above["war_probability_by_design"]["membership"] == Fraction(3, 5)
    assert above["min_war_design"] == "guarantee"


def test_fang_johnson_leeds_net_effect_of_membership() -> None:
    """Fang, Johnson & Leeds (2014, IO 68(4), 775-809): an ally deters the challenger and may
    also restrain (or, unrestrained, embolden) the protégé; the net effect of the commitment on
    war depends on which is larger. At q = 1/3 (Benson parameters above) membership deters
    the resolute Russia's unprovoked renewal (war 1/3 -> 0) while g < g* = (1/2)(6/5) = 3/5;
    from g* on it emboldens Ukraine and the same Russian type fights an entrapment war: the
    net effect of inclusion goes from -1/3 to 0 exactly at g*."""
    g_star = Fraction(1, 2) * Fraction(6, 5)
    before = M.solve({**BENSON, "g": g_star - Fraction(1, 1000)}, flips=False).quantities
    after = M.solve({**BENSON, "g": g_star + Fraction(1, 1000)}, flips=False).quantities
    assert before["net_effect_by_design"]["membership"] == Fraction(-1, 3)
    assert after["net_effect_by_design"]["membership"] == 0
    assert after["outcome_by_design"]["membership"] == "peace_commitment"  # war 1/3 < peace 2/3
    assert not before["ukraine_provokes"]["membership"] and after["ukraine_provokes"]["membership"]


def test_preventive_window_against_membership() -> None:
    """Powell (2006): a shift of power to come (the commitment taking effect) can make war now
    better than peace later. With Ukraine's accession pending (o_M = 1) and Europe bound to
    membership (x_W = 1), Russia waits for W = (1 - q)(-x_M) + q (p_low (1 - e_M) V_hi - c_R -
    c_RE) = -119/300 (Ukraine demobilises, only a resolute Russia renews), and strikes early for
    p_cap E[V] - c_R - k_S; the strike stops paying at k_S* = p_cap E[V] - c_R - W."""
    v = M.values({"x_W": 1})
    q = v["q_R"]
    wait = (1 - q) * (-v["x_M"]) + q * (v["p_low"] * (1 - v["e_M"]) * v["V_hi"] - v["c_R"] - v["c_RE"])
    assert wait == Fraction(-119, 300)
    k_star = v["p_cap"] * ((1 - q) * v["v"] + q * v["V_hi"]) - v["c_R"] - wait
    res = M.solve({"x_W": 1})
    assert res.outcome.key == "preventive_strike"
    assert [(Fraction(f.value), f.to) for f in res.flips if f.parameter == "k_S"] == [(k_star, "peace_commitment")]
    assert M.solve({"x_W": 1, "o_M": 0}, flips=False).outcome.key == "peace_commitment"


@pytest.mark.parametrize("values", _points()[:25])
def test_renew_margin_is_the_engines_choice(values: dict[str, Fraction]) -> None:
    """The closed-form renewal margin has the sign of Russia's choice in the solved tree, for the
    automatic designs, both armies, both types, after a hold and after a provocation."""
    plan = backward_induction(M.build(values))[0].actions()
    for d in ("none", "force", "membership"):
        for army in ("cap", "reduced"):
            for risk in ("hold", "provoke"):
                for t in ("ordinary", "resolute"):
                    margin = renew_margin(values, d, army, t, risk == "provoke")
                    if margin != 0:
                        choice = plan[f"Russia: renew? ({d}, {army}, {risk}, {t})"]
                        assert choice == ("renew" if margin > 0 else "accept")


def _least_war(values: dict[str, Fraction]) -> str:
    return min_war_design(backward_induction(M.build(values))[0].actions(), values)


def test_ranking_flips_change_the_least_war_design() -> None:
    vals = M.values()
    flips = ranking_flips(M, vals)
    assert flips, "the defaults have ranking flips"
    assert "ranking_flips" not in M.solve(flips=False).quantities  # searched only with the flips
    assert M.solve().quantities["ranking_flips"] == [
        {"parameter": f.parameter, "direction": f.direction, "value": f.value, "to": f.to} for f in flips]
    current = _least_war(vals)
    for f in flips:
        p = M.parameter(f.parameter)
        step = Fraction(1, 10**6)
        x = Fraction(f.value)
        beyond, before = (x + step, x - step) if f.direction == "up" else (x - step, x + step)
        if p.contains(beyond):
            assert _least_war(M.values({f.parameter: beyond})) == f.to
        if p.contains(before):
            assert _least_war(M.values({f.parameter: before})) == current


def test_ranking_flips_in_world_units() -> None:
    world = {v.name: v.parameter.default for v in WORLD}
    flips = ranking_world_flips(world)
    names = {f.parameter for f in flips}
    assert names <= set(M.world_variables())

    def least(w: dict[str, Fraction]) -> str:
        return _least_war(M.values(M.from_world(w)))

    current = least(world)
    for f in flips:
        var = WORLD.variable(f.parameter).parameter
        step = 2 * Fraction(f.accuracy) + Fraction(var.sample_bounds()[1] - var.sample_bounds()[0]) / 10**4
        x = Fraction(f.value)
        beyond, before = (x + step, x - step) if f.direction == "up" else (x - step, x + step)
        assert least({**world, f.parameter: before}) == current
        if var.contains(beyond):
            assert least({**world, f.parameter: beyond}) != current
