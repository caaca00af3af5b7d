"""The nuclear ultimatum model against the brinkmanship conditions and the situation.

Oracles:

* Brinkmanship (Schelling 1960, ch. 8; Dixit, Skeath & Reiley, *Games of Strategy*, ch. 13):
  a threat with risk q of a strike moves a type of Europe whose cost of complying is C exactly
  when complying beats defying, -C >= q X + (1 - q) b_E, with X its expected payoff after a
  strike, i.e. q >= (C + b_E) / (b_E - X) (*effectiveness*). Russia issues the threat at the
  risk that is best for it among these thresholds and certainty, and only when it beats the
  status quo (*acceptability*).
* Subgame-perfect retaliation (Powell 1990, 2015; Schelling 1966 on tripwires): after a limited
  strike France/UK retaliate exactly when their cost of failing an ally plus the tripwire cost
  of forward forces covers the escalation risk the US umbrella does not already impose:
  k + t_F >= (1 - u_US) e D_E.
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import models.world as world
from gametheory.models import get_model

M = get_model("ultimatum")
TYPES = ("resolute", "irresolute")


def oracle(x: dict[str, Fraction]) -> tuple[str, Fraction]:
    """The outcome and Russia's equilibrium payoff, from the conditions above (by hand)."""
    u, e, D_E, v, b = x["u_US"], x["e"], x["D_E"], x["v"], x["b_E"]
    ret = {"resolute": x["k_F"] + x["t_F"] >= (1 - u) * e * D_E, "irresolute": x["t_F"] >= (1 - u) * e * D_E}
    cost = {"resolute": v + x["c_E"], "irresolute": v}
    prob = {("resolute", "E"): x["rho"], ("irresolute", "E"): 1 - x["rho"],
            ("resolute", "F"): x["rho_F"], ("irresolute", "F"): 1 - x["rho_F"]}
    th = {}
    for et, ft in product(TYPES, TYPES):
        after = -x["L_E"] - e * D_E if ret[ft] else -x["L_E"] - u * e * D_E - (1 - u) * cost[et]
        th[et, ft] = (cost[et] + b) / (b - after) if b - after > 0 else None
    if not any(t is not None and t <= 1 for t in th.values()):
        return "ineffective", Fraction(0)

    def russia(q: Fraction) -> Fraction:
        total = Fraction(0)
        for et, ft in product(TYPES, TYPES):
            if th[et, ft] is not None and th[et, ft] <= q:
                pay = v
            else:
                strike = -x["D_FUK"] - u * x["D_US"] if ret[ft] else -u * x["D_US"] + (1 - u) * v
                pay = q * strike - (1 - q) * x["a_R"]
            total += prob[et, "E"] * prob[ft, "F"] * pay
        return total

    best = max(russia(q) for q in [t for t in th.values() if t is not None and t <= 1] + [Fraction(1)])
    return ("ultimatum", best) if best > 0 else ("no_ultimatum", Fraction(0))


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


@settings(max_examples=30, deadline=None)
@given(
    u_US=frac(0, 1), rho=frac(0, 1), rho_F=frac(0, 1), c_E=frac(0, 100, 2), a_R=frac(0, 2), b_E=frac(0, 1),
    L_E=frac(1, 60, 2), D_E=frac(1, 200, 2), e=frac(0, 1), k_F=frac(0, 30, 2), t_F=frac(0, 20, 2),
    D_FUK=frac(0, 100, 2), D_US=frac(0, 200, 2),
)
def test_engine_matches_effectiveness_acceptability_and_credibility(**kw: Fraction) -> None:
    values = M.values(kw)
    want, russia = oracle(values)
    r = M.solve(values, flips=False)
    assert r.outcome.key == want
    assert r.equilibrium["payoffs"]["Russia"] == russia
    assert r.equilibrium["max_regret"] == 0
    assert M.outcome_key(values) == want  # the fast path used by the flip scans agrees
    assert M.thresholds_at(values, fast=False) == M.thresholds_at(values)  # engine's symbolic = direct
    assert M.retaliates(values, symbolic=True) == M.retaliates(values)


def test_thresholds_and_credibility_are_derived_by_the_engine() -> None:
    th = {k: str(v) for k, v in M.effectiveness_thresholds.items()}
    assert th[("irresolute", "retaliate")] == "(b_E + v)/(D_E*e + L_E + b_E)"
    assert th[("resolute", "retaliate")] == "(b_E + c_E + v)/(D_E*e + L_E + b_E)"
    cond = {k: str(v) for k, v in M.credibility_conditions.items()}
    assert cond == {"resolute": "D_E*e*u_US - D_E*e + k_F + t_F >= 0", "irresolute": "D_E*e*u_US - D_E*e + t_F >= 0"}


def test_defaults_are_the_world_defaults_mapped() -> None:
    mapped = M.from_world(world.WORLD.defaults())
    assert set(mapped) == {"u_US", "rho", "rho_F", "D_FUK", "D_US", "D_E", "L_E", "e", "t_F"}
    for name, value in mapped.items():
        assert M.parameter(name).default == value, name


def scenario(name: str):
    s = world.load(name)
    return M.solve(world=s.point(world.WORLD), scenario=s, flips=False)


@pytest.mark.parametrize("name", sorted(world.builtin_scenarios()))
def test_every_builtin_scenario_solves(name: str) -> None:
    r = scenario(name)
    assert r.outcome.key in {"ultimatum", "no_ultimatum"}
    assert r.statement.startswith(r.outcome.headline)
    assert not re.search(r"\d/\d", r.statement)  # decimals and percentages, never fractions


def test_us_out_makes_the_ultimatum_pay_and_forward_forces_undo_it() -> None:
    """The expected shape: Russia's best ultimatum gains more the weaker the umbrella; with the US
    out it pays (an irresolute Europe gives in at an 11% risk); French/UK forces forward make an
    irresolute France/UK retaliate too (hand-tying), which turns Russia's gain negative."""
    gain = {n: scenario(n).quantities["russia_gain_best_ultimatum"]
            for n in ("us-committed", "us-uncertain", "us-coercive", "us-out", "fuk-forward")}
    assert gain["us-committed"] < gain["us-uncertain"] < gain["us-coercive"] < 0 < gain["us-out"]
    assert gain["fuk-forward"] < 0
    out, fwd = scenario("us-out"), scenario("fuk-forward")
    assert out.outcome.key == "ultimatum" and fwd.outcome.key == "no_ultimatum"
    assert out.quantities["risk_chosen"] == Fraction(2, 19)
    assert out.quantities["probability_of_strike"] == Fraction(2, 57)
    assert out.quantities["fuk_retaliation_probability"] == Fraction(1, 3)
    assert fwd.quantities["fuk_retaliation_probability"] == 1
    assert (gain["us-out"], gain["fuk-forward"]) == (Fraction(223, 1710), Fraction(-11, 76))


def test_history_cold_war_nato_deters() -> None:
    """Cold-War NATO (Schelling 1966, ch. 2, the tripwire; Huth 1988): a near-certain umbrella and
    forward forces make every nuclear ultimatum unacceptable to Moscow."""
    r = scenario("cold-war-nato")
    assert r.outcome.key == "no_ultimatum"
    assert r.quantities["fuk_retaliation_probability"] == 1


def test_history_crimea_2014_russia_gets_its_way() -> None:
    """Crimea 2014 (Allison 2014) was not a nuclear ultimatum; the check only asks that, with no
    Western commitment and a France/UK Moscow thinks irresolute, Russia's demand succeeds."""
    r = scenario("crimea-2014")
    assert r.outcome.key == "ultimatum"
    assert r.quantities["probability_of_strike"] < Fraction(1, 50)


def test_resolve_does_not_vanish_with_small_stakes() -> None:
    """The fix of the review: under a full umbrella a small demand (v = 1/10) no longer brings an
    ultimatum, and a resolute Europe's threshold stays above 1 (its precedent cost is fixed)."""
    r = M.solve({"u_US": 1, "v": "1/10"}, flips=False)
    assert r.outcome.key == "no_ultimatum"
    assert r.quantities["effectiveness_threshold_resolute_europe_resolute_fuk"] > 1
    assert r.quantities["effectiveness_threshold_resolute_europe_irresolute_fuk"] > 1


def test_french_uk_retaliation_is_a_choice() -> None:
    # with the US out, a strategic exchange risk e D_E = 5 above k_F = 4: not even a resolute
    # France/UK retaliates (Powell 2015: retaliation must be worth it at that node)
    r = M.solve({"u_US": 0, "k_F": 4}, flips=False)
    assert not r.quantities["fuk_retaliates_resolute"] and not r.quantities["fuk_retaliates_irresolute"]
    # exactly indifferent: the tie is flagged and resolved towards retaliation
    r = M.solve({"u_US": 0, "k_F": 5}, flips=False)
    assert r.quantities["fuk_retaliates_resolute"]
    assert any("indifferent between retaliating and holding" in d for d in r.diagnostics)


def test_umbrella_flip_and_knife_edge_flag() -> None:
    flips = {(f.parameter, f.direction): Fraction(f.value) for f in M.solve().flips}
    assert Fraction(1, 20) < flips[("u_US", "down")] < Fraction(1, 10)
    # near that boundary the statement's diagnostics say the result is on a knife-edge
    r = M.solve({"u_US": flips[("u_US", "down")] + Fraction(1, 1000)}, flips=False)
    assert any(d.startswith("knife-edge: Russia") for d in r.diagnostics)
