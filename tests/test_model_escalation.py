"""The escalation model (coercion, fait accompli, tripwire, nuclear escalation dominance).

Oracles:

* backward induction by hand on the tree documented in ``models/escalation.py``;
* Schelling (1966, *Arms and Influence*, ch. 2): the side that moves last has the "last clear
  chance" to avoid war and bears the onus of starting it; a tripwire hands that chance back
  to the attacker;
* Altman (2017, ISQ 61(4)) and Tarar (2016, ISQ 60(4)): a fait accompli succeeds where
  coercion fails, because the defender must then start the war to undo it;
* escalation dominance (Kahn 1965): a losing Russia uses nuclear weapons only when the
  retaliation it expects (French/UK damage times their resolve plus US damage times the
  umbrella) is below what it stands to lose.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory.models import get_model
from gametheory.models import world as W
from gametheory.models.escalation import retaliation, russia_uses_nuclear, war_payoffs


def oracle(s: dict[str, Fraction]) -> tuple[str, str]:
    """(outcome, Europe's posture) by backward induction by hand; ties go to the first action."""
    W_R, W_E = war_payoffs(s)
    v, a_R, b_E, k_F = s["v"], s["a_R"], s["b_E"], s["k_F"]

    def branch(tripwire: bool) -> tuple[str, Fraction, Fraction]:
        kE = s["k_T"] if tripwire else Fraction(0)
        fights = W_R > -a_R
        after = (W_R, W_E) if fights else (-a_R, b_E)
        concede = -v >= after[1]
        demand = (v, -v) if concede else after
        demand_key = "coercion" if concede else ("war" if fights else "deterrence")
        if tripwire:
            fa, fa_key = (W_R - k_F, W_E), "war"
        else:
            accept = -v >= W_E
            fa, fa_key = ((v - k_F, -v), "fait_accompli") if accept else ((W_R - k_F, W_E), "war")
        options = [("deterrence", (Fraction(0), Fraction(0))), (demand_key, demand), (fa_key, fa)]
        best = options[0]
        for o in options[1:]:
            if o[1][0] > best[1][0]:
                best = o
        return best[0], best[1][0], best[1][1] - kE

    t, f = branch(True), branch(False)
    return (t[0], "tripwire") if t[2] >= f[2] else (f[0], "flexible")


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


@settings(max_examples=40, deadline=None)
@given(
    p_US=frac(0, 1), c_R=frac(0, 2), c_E=frac(0, 2), pi_0=frac(0, 1), pi_US=frac(0, 1), e=frac(0, 1, 40),
    u_US=frac(0, 1), f_FUK=frac(0, 1), a_R=frac(0, 2), k_F=frac(0, 1), k_T=frac(0, 2),
    v=st.integers(1, 40).map(lambda k: Fraction(k, 10)),
)
def test_engine_matches_backward_induction_by_hand(**kw: Fraction) -> None:
    m = get_model("escalation")
    s = m.values(kw)
    W_R, W_E = war_payoffs(s)
    # generic points only: no player indifferent anywhere the oracle compares
    assume(s["v"] - retaliation(s) != -s["a_R"])
    assume(W_R not in (-s["a_R"], 0, s["k_F"], s["v"], s["k_F"] - s["a_R"]) and W_E not in (-s["v"], s["b_E"]))
    assume(s["v"] - s["k_F"] not in (0, -s["a_R"], W_R) and s["k_T"] not in (0, s["v"], s["v"] + W_E))
    res = m.solve(s, flips=False)
    assume(res.equilibrium["equilibria"] == 1)
    key, posture = oracle(s)
    assert res.outcome.key == key
    assert res.quantities["europe_tripwire"] == (posture == "tripwire")


@pytest.mark.parametrize("names, point", [
    (("p_US", "k_T"), {}), (("p_US", "k_T"), {"k_T": 2}), (("k_T", "k_F"), {"e": 0, "c_E": 2}),
    (("e", "k_T"), {"u_US": 0, "f_FUK": 0}), (("p_US", "a_R"), {"e": 0, "c_E": 2, "a_R": 1}),
])
def test_symbolic_regimes_agree_with_numeric_backward_induction(names: tuple[str, ...], point: dict) -> None:
    m = get_model("escalation")
    vals = m.values(point)
    analysis = m.regimes_in(names, vals)
    spe = analysis.spe_at({n: vals[n] for n in names})
    assert spe.actions() == m.solve(vals, flips=False).equilibrium["plan"]


def test_defaults_tripwire_deters_the_fait_accompli() -> None:
    # Schelling (1966): forces forward make a seizure mean war at once, so the last clear
    # chance stays with Russia; without the tripwire Europe, moving last after a seizure,
    # would accept it (Altman 2017; Tarar 2016).
    m = get_model("escalation")
    r = m.solve(flips=False)
    assert r.outcome.key == "deterrence" and r.quantities["europe_tripwire"] is True
    assert "tripwire" in r.statement and "last clear chance" in r.statement
    no_tripwire = m.solve({"k_T": 2}, flips=False)
    assert no_tripwire.outcome.key == "fait_accompli"
    assert no_tripwire.quantities["last_clear_chance"] == "Europe"
    # a demand would have failed: resisted, Russia (moving last) would back down
    assert no_tripwire.quantities["russia_backs_down_if_resisted"] is True
    assert "Europe moves last" in no_tripwire.statement


@settings(max_examples=25, deadline=None)
@given(p_US=frac(0, 1), c_R=frac(0, 2), c_E=frac(0, 2), e=frac(0, 1, 40), a_R=frac(0, 2), k_F=frac(0, 1, 10))
def test_fait_accompli_succeeds_wherever_coercion_would(**kw: Fraction) -> None:
    # Without a tripwire, a seizure (cost k_F) is accepted wherever a demand is conceded, and
    # also where Russia would back down if resisted: the fait accompli's region contains
    # the coercion region (Tarar 2016, prop. 1 in words; Altman 2017).
    m = get_model("escalation")
    s = m.values({**kw, "k_T": 10})
    W_R, W_E = war_payoffs(s)
    assume(W_E != -s["v"] and W_R != -s["a_R"])
    if W_E < -s["v"]:  # Europe would rather lose the stake than fight
        assert m.solve(s, flips=False).outcome.key in ("fait_accompli", "coercion")


def test_escalation_dominance_decides_nuclear_use() -> None:
    # A losing Russia uses nuclear weapons iff v + a_R > f_FUK D_FUK + u_US D_US.
    m = get_model("escalation")
    base = {"e": 0, "f_FUK": 0, "D_US": 10}
    # v + a_R = 6/5, so the threshold in the umbrella is u_US = 3/25
    assert m.solve({**base, "u_US": "0.11"}, flips=False).quantities["russia_uses_nuclear_if_losing"] is True
    assert m.solve({**base, "u_US": "0.13"}, flips=False).quantities["russia_uses_nuclear_if_losing"] is False
    # With no umbrella and no French/UK resolve Russia holds escalation dominance, and Europe
    # concedes to a demand; the US umbrella restores deterrence.
    assert m.solve({"e": 0, "u_US": 0, "f_FUK": 0}, flips=False).outcome.key == "coercion"
    assert m.solve({"e": 0, "u_US": "1/2", "f_FUK": 0}, flips=False).outcome.key != "coercion"
    assert russia_uses_nuclear(m.values({"u_US": 0, "f_FUK": 0}))
    assert not russia_uses_nuclear(m.values())


def test_defaults_are_the_world_defaults_mapped() -> None:
    m = get_model("escalation")
    defaults = W.WORLD.defaults()
    for lk in m.world_links:
        assert m.parameter(lk.parameter).default == lk.value(defaults), lk.parameter


SCENARIOS = sorted(W.builtin_scenarios())


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_builtin_scenario_solves(name: str) -> None:
    sc = W.load(name)
    r = get_model("escalation").solve(world=sc.point(W.WORLD), scenario=sc, flips=False)
    assert r.statement.startswith(r.outcome.headline)
    assert "/" not in r.statement.split(":", 1)[1].replace("French/UK", "")  # decimals, not fractions


def test_history_cold_war_nato_is_deterrence() -> None:
    # Cold-War NATO: US forces forward as a tripwire (Schelling 1966), a near-certain US
    # umbrella; deterrence held (Huth 1988).
    sc = W.load("cold-war-nato")
    r = get_model("escalation").solve(world=sc.point(W.WORLD), scenario=sc, flips=False)
    assert r.outcome.key == "deterrence"
    assert r.quantities["russia_uses_nuclear_if_losing"] is False


def test_history_crimea_2014_russia_gets_its_way() -> None:
    # Crimea 2014 (Allison 2014; Altman 2017 lists it among the faits accomplis): Russia took a
    # limited objective outside the alliance and no one fought for it. The built-in scenario
    # keeps the world's 10% risk that a war turns nuclear and 20 units of French/UK damage, as
    # if France and the UK were party to the war; Russia's expected war payoff is then negative
    # and a tripwire would deter it. For a war over a non-member the inadvertent-escalation risk
    # is far lower; at 1% Russia's challenge succeeds.
    m = get_model("escalation")
    sc = W.load("crimea-2014")
    world = sc.point(W.WORLD)
    built_in = m.solve(world=world, scenario=sc, flips=False)
    assert built_in.quantities["russia_uses_nuclear_if_losing"] is True  # escalation dominance is Russia's
    r = m.solve(world={**world, "nuclear_escalation": Fraction(1, 100)}, scenario=sc, flips=False)
    assert r.outcome.key in ("coercion", "fait_accompli")
    assert r.quantities["europe_tripwire"] is False
