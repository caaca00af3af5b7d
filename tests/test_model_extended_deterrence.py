"""The extended-deterrence model: France/UK as guarantor of an exposed protégé, the US a chance
move, against the defender conditions of Huth (1988), Zagare & Kilgour (2000, ch. 9) and
Schelling (1966), the world state's scenarios and two historical checks."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory.models import get_model
from gametheory.models.world import WORLD, builtin_scenarios, load

NAME = "extended_deterrence"


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


def payoffs(s: dict[str, Fraction]) -> dict[str, Fraction]:
    """The payoffs compared, by hand: Russia and the guarantor, from the status quo."""
    p = s["p_US"]
    pi = p * s["pi_US"] + (1 - p) * s["pi_0"]
    nuke_R = s["q_G"] * s["D_G"] + s["u_US"] * s["D_US"]
    us_alone_R = s["pi_US"] * s["v"] - s["c_R"] - s["e"] * s["u_US"] * s["D_US"]

    def stay_out_G(cost: Fraction) -> Fraction:  # the guarantor stays out; the US steps in by chance
        return p * (-s["pi_US"] * s["w_G"]) + (1 - p) * (-s["w_G"]) - cost

    return {
        "war_R": pi * s["v"] - s["c_R"] - s["e"] * nuke_R,
        "war_G": -pi * s["w_G"] - s["c_G"] - s["e"] * s["L_G"],
        "out_R": p * us_alone_R + (1 - p) * s["v"],
        "out_G": stay_out_G(s["r_G"] + s["h_G"]),
        "ab_G": stay_out_G(s["r_G"]),
    }


def extended_oracle(s: dict[str, Fraction]) -> str:
    """Huth (1988) / Zagare & Kilgour (2000, ch. 9), by hand: the guarantor's threat is credible
    when, after an attack, fighting beats backing out; Russia attacks when what follows beats
    backing down; the guarantor stands by when that beats abandoning; Russia presses when
    pressing beats the status quo."""
    x = payoffs(s)
    fight = x["war_G"] > x["out_G"]
    attack_R, attack_G = (x["war_R"], x["war_G"]) if fight else (x["out_R"], x["out_G"])
    attacks = attack_R > -s["a_R"]
    takes = x["out_R"] > -s["a_R"]
    stand = (attack_G if attacks else 0) > (x["ab_G"] if takes else -s["r_G"])
    press = ((attack_R if attacks else -s["a_R"]) if stand else (x["out_R"] if takes else -s["a_R"])) > 0
    if not press:
        return "deterrence"
    if stand:
        return ("war" if fight else "abandonment") if attacks else "deterrence"
    return "abandonment" if takes else "deterrence"


@settings(max_examples=100, deadline=None)
@given(
    p_US=frac(0, 1), u_US=frac(0, 1), q_G=frac(0, 1), pi_0=frac(0, 1), pi_US=frac(0, 1), e=frac(0, 1),
    c_G=frac(0, 2), c_R=frac(0, 2), r_G=frac(0, 2), h_G=frac(0, 12), a_R=frac(0, 2), w_G=frac(0, 2),
    v=st.integers(1, 40).map(lambda k: Fraction(k, 10)), L_G=frac(0, 60, 1), D_G=frac(0, 60, 1),
)
def test_extended_deterrence_matches_the_defender_conditions(**kw: Fraction) -> None:
    m = get_model(NAME)
    s = m.values(kw)
    x = payoffs(s)
    # exact ties give several subgame-perfect equilibria; the oracle is for generic points
    assume(x["war_G"] != x["out_G"] and -s["a_R"] not in (x["war_R"], x["out_R"]))
    assume(0 not in (x["war_R"], x["out_R"], x["war_G"] - x["ab_G"], x["out_G"] - x["ab_G"]))
    assume(s["r_G"] not in (-x["war_G"], -x["out_G"]) and x["ab_G"] != 0 and s["a_R"] != 0)
    res = m.solve(s, flips=False)
    assert res.outcome.key == extended_oracle(s)
    assert not any("knife-edge" in d for d in res.diagnostics)


def test_guarantor_threat_credible_is_the_choice_at_the_node_where_it_must_act() -> None:
    """The review's counterexample: a guarantor that prefers backing out (the old model's
    -6/5 against -1/2) must not read as credible, whatever the outcome."""
    m = get_model(NAME)
    for over in ({"c_G": 10}, {"c_G": 10, "p_US": 0}, {"c_G": 10, "p_US": 1}, {"h_G": 20}, {}):
        res = m.solve(over, flips=False)
        x = payoffs(m.values(over))
        assert res.quantities["guarantor_threat_credible"] == (x["war_G"] > x["out_G"])
        assert res.quantities["guarantor_threat_credible"] == (res.equilibrium["plan"]["Guarantor: fight?"] == "fight")
    # a pledge is not a commitment: with a costly war and no US, the guarantor walks away
    res = m.solve({"c_G": 10, "p_US": 0}, flips=False)
    assert res.outcome.key == "abandonment" and not res.quantities["guarantor_threat_credible"]


def test_tripwire_ties_the_guarantors_hands() -> None:
    """Schelling (1966) and Huth (1988)'s ties: with the US out, French/UK forces based forward
    make backing out costly, so the threat becomes credible and deterrence holds."""
    m = get_model(NAME)
    out = load("us-out")
    fwd = load("fuk-forward")
    a = m.solve(world=out.point(WORLD), scenario=out, flips=False)
    b = m.solve(world=fwd.point(WORLD), scenario=fwd, flips=False)
    assert a.outcome.key == "abandonment" and not a.quantities["guarantor_threat_credible"]
    assert b.outcome.key == "deterrence" and b.quantities["guarantor_threat_credible"]


def test_separate_damage_to_each_side() -> None:
    """Russia's nuclear loss is the French/UK retaliation plus the US umbrella's; the guarantor's
    is its own: raising one leaves the other side's war payoff unchanged."""
    m = get_model(NAME)
    base = m.solve(flips=False).quantities
    more = m.solve({"D_US": 1000}, flips=False).quantities
    assert more["guarantor_war_payoff"] == base["guarantor_war_payoff"]
    assert more["russia_war_payoff"] < base["russia_war_payoff"]
    worse = m.solve({"L_G": 500}, flips=False).quantities
    assert worse["russia_war_payoff"] == base["russia_war_payoff"]
    assert worse["guarantor_war_payoff"] < base["guarantor_war_payoff"]


def test_defaults_are_the_world_defaults_mapped() -> None:
    m = get_model(NAME)
    w = WORLD.defaults()
    for lk in m.world_links:
        assert lk.value(w) == m.parameter(lk.parameter).default, lk.parameter


EXPECTED = {
    "cold-war-nato": "deterrence",
    "crimea-2014": "abandonment",
    "us-committed": "deterrence",
    "us-committed-ukraine-in": "deterrence",
    "us-uncertain": "deterrence",
    "us-uncertain-ukraine-in": "deterrence",
    "us-coercive": "deterrence",
    "us-coercive-ukraine-in": "deterrence",
    "us-out": "abandonment",
    "us-out-ukraine-in": "abandonment",
    "fuk-forward": "deterrence",
}


@pytest.mark.parametrize("scenario", sorted(builtin_scenarios()))
def test_every_builtin_scenario_solves(scenario: str) -> None:
    m = get_model(NAME)
    s = load(scenario)
    res = m.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert res.outcome.key == EXPECTED[scenario]
    assert res.statement.startswith(res.outcome.headline)
    assert "/" not in res.statement.replace("France/UK", "")  # decimals, never fractions


def test_history_cold_war_nato_gives_deterrence() -> None:
    """Huth (1988); Schelling (1966): the Cold-War alliance, a near-certain US commitment and
    forces forward as a tripwire, deterred an attack on the protégé."""
    m = get_model(NAME)
    s = load("cold-war-nato")
    res = m.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert res.outcome.key == "deterrence" and res.quantities["guarantor_threat_credible"]


def test_history_crimea_2014_russia_gets_its_way() -> None:
    """Allison (2014): Ukraine was under no guarantee; no Western power would fight for it, and
    Russia took what it wanted."""
    m = get_model(NAME)
    s = load("crimea-2014")
    res = m.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert res.outcome.key == "abandonment" and res.outcome.headline.startswith("Russia gets its way")
    assert not res.quantities["guarantor_threat_credible"]


def test_knife_edge_is_flagged() -> None:
    """At h_G where fighting and backing out are worth the same after an attack, the result
    rests on tie-breaking and the statement and diagnostics say so."""
    m = get_model(NAME)
    s = m.values({"p_US": 0})
    x = payoffs(s)
    h = s["h_G"] + (x["out_G"] - x["war_G"])  # raises the cost of backing out to the war's
    res = m.solve({"p_US": 0, "h_G": h}, flips=False)
    assert "Knife-edge" in res.statement
    assert any("indifferent between fighting and backing out" in d for d in res.diagnostics)


def test_huth_the_defenders_arsenal_alone_does_not_deter() -> None:
    """Huth (1988): the defender's nuclear weapons did not by themselves make extended deterrence
    succeed; ties did. With the US out, the largest French/UK arsenal leaves the threat empty
    (the guarantor would back out, so its retaliation is never reached); forward forces (ties)
    make it credible and deterrence holds."""
    m = get_model(NAME)
    s = load("us-out")
    w = s.point(WORLD)
    big = m.solve({"D_G": 10000, "q_G": 1}, world=w, scenario=s, flips=False)
    assert big.outcome.key == "abandonment" and not big.quantities["guarantor_threat_credible"]
    tied = m.solve(world={**w, "fuk_forward": Fraction(1)}, scenario=s, flips=False)
    assert tied.outcome.key == "deterrence" and tied.quantities["guarantor_threat_credible"]
