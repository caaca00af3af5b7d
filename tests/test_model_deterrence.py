"""The deterrence model against the classical deterrence conditions.

Oracle (Zagare & Kilgour 2000, *Perfect Deterrence*, ch. 3-4; the textbook analysis of the
challenger/defender game with complete information): let W_R and W_E be the challenger's
and defender's expected war payoffs. If the challenger prefers backing down to war
(W_R < -a_R), resistance always works and the status quo survives. Otherwise the defender
resists exactly when its threat is credible (W_E >= -v), and then the challenger attacks
only when war beats the status quo (W_R > 0); an incredible threat invites a challenge
that succeeds (coercion).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.models import get_model
from gametheory.models.deterrence import war_payoffs


def oracle(values: dict[str, Fraction]) -> str:
    (wr_us, we_us), (wr_0, we_0) = war_payoffs(values)
    p = values["p_US"]
    W_R = p * wr_us + (1 - p) * wr_0
    W_E = p * we_us + (1 - p) * we_0
    if W_R < -values["a_R"]:
        return "deterrence"
    if W_E < -values["v"]:
        return "coercion"
    return "war" if W_R > 0 else "deterrence"


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


@settings(max_examples=60, deadline=None)
@given(
    p_US=frac(0, 1), c_R=frac(0, 2), c_E=frac(0, 2), pi_0=frac(0, 1), pi_US=frac(0, 1),
    e=frac(0, 1), r_FUK=frac(0, 1), a_R=frac(0, 2), v=st.integers(1, 40).map(lambda k: Fraction(k, 10)),
)
def test_engine_outcome_matches_classical_conditions(**kw: Fraction) -> None:
    m = get_model("deterrence_complete")
    values = m.values(kw)
    (wr_us, we_us), (wr_0, we_0) = war_payoffs(values)
    W_R = values["p_US"] * wr_us + (1 - values["p_US"]) * wr_0
    W_E = values["p_US"] * we_us + (1 - values["p_US"]) * we_0
    assume(W_R not in (0, -values["a_R"]) and W_E != -values["v"])  # generic points (no ties)
    assert m.solve(values, flips=False).outcome.key == oracle(values)


def test_symbolic_regimes_agree_with_numeric_backward_induction() -> None:
    m = get_model("deterrence_complete")
    analysis = m.regimes
    assert analysis.regimes
    points = [{}, {"a_R": 1}, {"e": 0, "v": 5}, {"e": 0, "p_US": 0}, {"p_US": 1, "e": "1/2"}]
    for pt in points:
        vals = m.values(pt)
        spe = analysis.spe_at(vals)
        numeric = m.solve(vals, flips=False)
        assert spe.actions() == numeric.equilibrium["plan"], pt


def test_nuclear_risk_makes_russia_back_down_at_defaults() -> None:
    m = get_model("deterrence_complete")
    r = m.solve(flips=False)
    assert r.outcome.key == "deterrence"
    assert r.quantities["russia_backs_down_if_resisted"] is True
    # Without nuclear risk and without the US, Europe's conventional threat is not credible
    # at the default costs: Russia challenges and Europe concedes.
    assert m.solve({"e": 0, "p_US": 0}, flips=False).outcome.key == "coercion"


def test_us_backing_restores_credibility() -> None:
    # With no nuclear risk, Europe's expected war payoff is -(pi v) - c_E with
    # pi = p_US pi_US + (1 - p_US) pi_0; with c_E = 3/5, v = 1 the threat is credible iff
    # pi <= 2/5, i.e. p_US >= 1/4 at pi_0 = 1/2, pi_US = 1/10.
    m = get_model("deterrence_complete")
    assert m.solve({"e": 0, "p_US": "0.24"}, flips=False).outcome.key == "coercion"
    assert m.solve({"e": 0, "p_US": "0.26"}, flips=False).outcome.key == "deterrence"
    flips = {(f.parameter, f.direction): Fraction(f.value) for f in m.solve({"e": 0, "p_US": "0.3"}).flips}
    assert flips[("p_US", "down")] == Fraction(1, 4)


# --------------------------------------------------------------------------- incomplete information
COMPLETE_TO_INCOMPLETE = {"deterrence": "deterrence", "coercion": "coercion", "war": "war_risk"}


@settings(max_examples=8, deadline=None, derandomize=True)
@given(c_R=frac(0, 2), c_E=frac(0, 2), e=st.sampled_from([Fraction(0), Fraction(1, 20)]), a_R=frac(0, 2),
       pi=frac(0, 1, 10))
def test_identical_types_reduce_to_the_complete_information_game(**kw: Fraction) -> None:
    # When every type has the same payoffs (a determined Russia costs what a cautious one does,
    # and US backing changes nothing), hidden types carry no information: the perfect Bayesian
    # equilibria have the on-path outcome of the subgame-perfect equilibrium of the
    # complete-information game (Fudenberg & Tirole 1991).
    pi = kw.pop("pi")
    same = {**kw, "pi_0": pi, "pi_US": pi, "r_FUK": 1, "c_R_det": kw["c_R"]}
    complete = get_model("deterrence_complete")
    values = complete.values({k: v for k, v in same.items() if k != "c_R_det"})
    (wr, we), _ = war_payoffs(values)
    assume(wr not in (0, -values["a_R"]) and we != -values["v"])
    want = COMPLETE_TO_INCOMPLETE[complete.solve(values, flips=False).outcome.key]
    got = get_model("deterrence").solve(same, flips=False)
    assert got.outcome.key == want


def test_incomplete_information_equilibria_are_verified_assessments() -> None:
    m = get_model("deterrence")
    r = m.solve({"e": 0}, flips=False)
    assert r.outcome.key == "bluff"
    (eq,) = r.equilibrium["equilibria"]
    # the unbacked Europe resists with positive probability although it would concede under
    # complete information at these values, and a called bluff means war
    assert eq["behavior"]["Europe (alone): respond"]["resist"] > 0
    assert eq["probability_of_war"] > 0
    assert eq["beliefs"]  # Bayes' rule on the path, example beliefs off it
    with pytest.raises(gt.GameError, match="outside its admissible interval"):
        m.solve({"p_US": 0})  # a type drawn with probability 0 is excluded (see the model)


# --------------------------------------------------------------------------- mutual deterrence
def mutual_oracle(values: dict[str, Fraction]) -> str:
    """Backward induction by hand on Zagare & Kilgour's (2000, ch. 5) mutual deterrence
    structure: the side facing a demand retaliates when war beats conceding; a side makes a
    demand when what follows beats what it gets otherwise."""
    (wr_us, we_us), (wr_0, we_0) = war_payoffs(values)
    p = values["p_US"]
    W_R = p * wr_us + (1 - p) * wr_0
    W_E = p * we_us + (1 - p) * we_0
    europe_retaliates = W_E > -values["v"]
    russia_retaliates = W_R > -values["w_E"]
    russia_demand_value = W_R if europe_retaliates else values["v"]
    europe_demand_value = W_E if russia_retaliates else values["w_E"]
    europe_demands = europe_demand_value > 0
    russia_hold_value = (W_R if russia_retaliates else -values["w_E"]) if europe_demands else Fraction(0)
    if russia_demand_value > russia_hold_value:
        return "war" if europe_retaliates else "russia_prevails"
    if europe_demands:
        return "war" if russia_retaliates else "europe_prevails"
    return "mutual_deterrence"


@settings(max_examples=40, deadline=None)
@given(
    p_US=frac(0, 1), c_R=frac(0, 2), c_E=frac(0, 2), pi_0=frac(0, 1), pi_US=frac(0, 1), e=frac(0, 1, 40),
    w_E=frac(0, 2), v=st.integers(1, 40).map(lambda k: Fraction(k, 10)),
)
def test_mutual_deterrence_matches_hand_induction(**kw: Fraction) -> None:
    m = get_model("mutual_deterrence")
    values = m.values(kw)
    (wr_us, we_us), (wr_0, we_0) = war_payoffs(values)
    W_R = values["p_US"] * wr_us + (1 - values["p_US"]) * wr_0
    W_E = values["p_US"] * we_us + (1 - values["p_US"]) * we_0
    assume(W_R not in (0, -values["w_E"], values["v"], -values["v"]) and W_E not in (0, -values["v"], values["w_E"]))
    assume(values["w_E"] != 0 and W_R != -values["w_E"])
    assert m.solve(values, flips=False).outcome.key == mutual_oracle(values)
