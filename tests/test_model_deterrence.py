"""The incomplete-information deterrence model against the deterrence conditions.

Oracles:

* Zagare & Kilgour (2000, *Perfect Deterrence*, ch. 3-4 and 6-8): with one type of Russia
  (no private information) the challenger/defender game has the classical solution: if the
  challenger prefers backing down to war (W_R < -a_R) the status quo survives; otherwise the
  defender resists exactly when its threat is credible (W_E >= -v), and the challenger then
  attacks only when war beats the status quo.
* With private resolve, a *separating* equilibrium: only the determined type demands and
  fights, Europe resists, and war occurs with the prior probability of the determined type
  (Fearon 1995 on private information as a cause of war).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.models import get_model
from gametheory.models import world as W
from gametheory.models.escalation import war_payoffs


def oracle(values: dict[str, Fraction]) -> str:
    W_R, W_E = war_payoffs(values)
    if W_R < -values["a_R"]:
        return "deterrence"
    if W_E < -values["v"]:
        return "coercion"
    return "war_risk" if W_R > 0 else "deterrence"


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


@settings(max_examples=10, deadline=None, derandomize=True)
@given(c_R=frac(0, 2), c_E=frac(0, 2), e=st.sampled_from([Fraction(0), Fraction(1, 40)]), a_R=frac(0, 2),
       p_US=frac(0, 1, 10), u_US=frac(0, 1, 10))
def test_identical_types_give_the_classical_deterrence_conditions(**kw: Fraction) -> None:
    # When both types of Russia have the same cost of war, hidden resolve carries no
    # information and the equilibria found have the classical complete-information outcome.
    m = get_model("deterrence")
    values = m.values({**kw, "c_R_det": kw["c_R"]})
    W_R, W_E = war_payoffs(values)
    assume(W_R not in (0, -values["a_R"]) and W_E != -values["v"])
    assume(values["a_R"] != 0)  # with a free climb-down Russia is indifferent between demanding and not
    assert m.solve(values, flips=False).outcome.key == oracle(values)


def test_separating_equilibrium_war_with_the_prior_probability() -> None:
    m = get_model("deterrence")
    r = m.solve({"e": 0, "q_R": "1/2"}, flips=False)
    assert r.outcome.key == "war_risk"
    (eq,) = r.equilibrium["equilibria"]
    b = eq["behavior"]
    assert b["Russia (determined): demand?"]["demand"] == 1 and b["Russia (cautious): demand?"]["demand"] == 0
    assert b["Europe: answer a demand"]["resist"] == 1
    assert eq["probability_of_war"] == Fraction(1, 2)
    assert eq["beliefs"]  # Bayes' rule on the path


def test_europe_is_the_side_uncertain_about_us_backing() -> None:
    # Europe has one information set (it sees neither Russia's type nor US backing); US
    # backing is a chance move inside the war that no player observes before deciding.
    m = get_model("deterrence")
    game = m.build(m.values())
    europe_sets = [h for h in game.infoset_names if h.startswith("Europe")]
    assert europe_sets == ["Europe: answer a demand"]
    assert all("US" not in h for h in game.infoset_names)
    # US backing still matters through the war Europe expects: with no US, no umbrella and
    # no inadvertent escalation Europe concedes, and Russia coerces.
    assert m.solve({"e": 0, "p_US": 0}, flips=False).outcome.key == "coercion"


def test_incomplete_search_is_reported_and_never_called_every() -> None:
    m = get_model("deterrence")
    r = m.solve(flips=False)
    assert r.quantities["search_complete"] is False and r.equilibrium["complete"] is False
    assert "not complete" in r.statement and "every" not in r.statement
    assert any("not complete" in d for d in r.diagnostics)
    multi = m.solve({"e": 0, "q_R": "1/2", "a_R": "9/20", "c_E": "9/10", "b_E": "3/4", "c_R": "4/5",
                     "p_US": "3/5"}, flips=False)
    assert multi.outcome.key == "multiple"
    assert "equilibria found" in multi.statement and "share" in multi.statement
    with pytest.raises(gt.GameError, match="outside its admissible interval"):
        m.solve({"q_R": 0})  # a type drawn with probability 0 is excluded (see the model)


def test_defaults_are_the_world_defaults_mapped() -> None:
    m = get_model("deterrence")
    defaults = W.WORLD.defaults()
    for lk in m.world_links:
        assert m.parameter(lk.parameter).default == lk.value(defaults), lk.parameter


@pytest.mark.parametrize("name", sorted(W.builtin_scenarios()))
def test_every_builtin_scenario_solves(name: str) -> None:
    sc = W.load(name)
    r = get_model("deterrence").solve(world=sc.point(W.WORLD), scenario=sc, flips=False)
    assert r.statement.startswith(r.outcome.headline) and "not complete" in r.statement


def test_history_cold_war_nato_is_deterrence() -> None:
    # Cold-War NATO (Huth 1988; Zagare & Kilgour 2000, ch. 10): deterrence held.
    sc = W.load("cold-war-nato")
    r = get_model("deterrence").solve(world=sc.point(W.WORLD), scenario=sc, flips=False)
    assert r.outcome.key == "deterrence"


def test_history_crimea_2014_russia_gets_its_way() -> None:
    # Crimea 2014 (Allison 2014): a resolved Russia's demand on a state outside the alliance
    # succeeded without war. The scenario puts the risk that such a war turns nuclear at 1% (a
    # war over a non-member would not draw in France and the UK); at the world's 10% with
    # French/UK damage 20, war would be worse for Russia than backing down.
    m = get_model("deterrence")
    sc = W.load("crimea-2014")
    world = sc.point(W.WORLD)
    assert world["nuclear_escalation"] == Fraction(1, 100)
    assert m.solve(world=world, scenario=sc, flips=False).outcome.key == "coercion"
    r = m.solve(world={**world, "nuclear_escalation": Fraction(1, 10)}, scenario=sc, flips=False)
    assert r.outcome.key == "deterrence"


_SHARED = get_model("deterrence")  # one instance: its sign-pattern memo fills up across examples


@settings(max_examples=40)
@given(p_us=frac(0, 1), q_r=st.integers(1, 19).map(lambda k: Fraction(k, 20)), e=frac(0, 1), u_us=frac(0, 1),
       c_e=frac(0, 2))
def test_outcome_key_memo_by_sign_pattern_matches_a_fresh_solve(p_us: Fraction, q_r: Fraction, e: Fraction,
                                                               u_us: Fraction, c_e: Fraction) -> None:
    """``Deterrence.outcome_key`` reuses the outcome of an earlier point with the same signs of
    every ``pbe_conditions`` comparison; at random points it must equal a fresh PBE solve."""
    vals = _SHARED.values({"p_US": p_us, "q_R": q_r, "e": e, "u_US": u_us, "c_E": c_e})
    assert _SHARED.outcome_key(vals) == get_model("deterrence").analyse(vals).outcome.key
