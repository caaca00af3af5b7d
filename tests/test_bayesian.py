"""The bayesian room: type distributions, cutoff equilibria, bid functions, screening, JSON.

Known answers carry their source; hand derivations are written out beside the test.
"""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction as F

import pytest
import sympy

from gametheory._kernel.results import dumps
from gametheory.bayesian import (
    BayesianFormatError,
    BayesianGame,
    BayesianPlayer,
    DistributionError,
    all_pay_bids,
    beta,
    check_cutoffs,
    density,
    fearon_screening,
    is_bayesian,
    load_bayesian,
    solve_bayesian,
    solve_cutoffs,
    truncated_normal,
    uniform,
    war_of_attrition_bids,
)
from gametheory.errors import GameError, SolverError


# ----------------------------------------------------------------------------- distributions
def test_uniform_values_are_exact() -> None:
    d = uniform(1, 3)
    assert d.cdf(2) == F(1, 2)
    assert d.mean() == 2
    assert d.conditional_mean("3/2", 3) == F(9, 4)
    assert d.probability(1, "5/4") == F(1, 8)
    assert d.normalisation == "exact" and d.exact


def test_beta_matches_its_textbook_moments() -> None:
    # beta(a, b) on [0, 1]: mean a/(a+b)
    d = beta(2, 3)
    assert d.mean() == F(2, 5)
    assert d.cdf(1) == 1
    # rescaled to [0, 2]: the mean doubles
    assert beta(2, 3, 0, 2).mean() == F(4, 5)


def test_truncated_normal_against_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    d = truncated_normal("1/2", "1/4", 0, 1)
    ref = stats.truncnorm((0 - 0.5) / 0.25, (1 - 0.5) / 0.25, loc=0.5, scale=0.25)
    assert float(d.cdf("3/10")) == pytest.approx(ref.cdf(0.3), abs=1e-12)
    d2 = truncated_normal(0, 1, -1, 2)
    ref2 = stats.truncnorm(-1, 2)
    assert float(d2.mean()) == pytest.approx(ref2.mean(), abs=1e-12)
    assert float(d2.conditional_mean(0, 1)) == pytest.approx(ref2.expect(lambda x: x, lb=0, ub=1, conditional=True), abs=1e-9)


def test_formula_density() -> None:
    d = density("3*t**2", 0, 1)
    assert d.mean() == F(3, 4) and d.cdf("1/2") == F(1, 8)
    e = density("exp(x)/(exp(1) - 1)", 0, 1, var="x")
    assert float(e.mean()) == pytest.approx(1 / (math.e - 1), abs=1e-15)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: density("t", 0, 1), "integrates to 1/2, not 1"),
        (lambda: density("4*t - 1", 0, 1), "negative"),
        (lambda: density("1 + y", 0, 1), "unknown name 'y'"),
        (lambda: density("__import__('os')", 0, 1), "unknown function"),
        (lambda: density("2*exp(t)", 0, 1), "integrates to"),
        (lambda: density("6*(t - 1/2)**2", 0, 1), "integrates to 1/2"),
        (lambda: uniform(1, 1), "lo < hi"),
        (lambda: uniform(float("nan"), 1), "finite"),
        (lambda: beta("1/2", 2), "at least 1"),
        (lambda: truncated_normal(0, 0, -1, 1), "sigma must be positive"),
    ],
)
def test_bad_densities_are_refused(make, match) -> None:
    with pytest.raises(GameError, match=match):
        make()


def test_points_outside_the_support_are_refused() -> None:
    with pytest.raises(DistributionError, match="outside the support"):
        uniform(0, 1).cdf(2)
    with pytest.raises(DistributionError, match="is 0"):
        density("2*t", 0, 1).conditional_mean(0, 0)


# ----------------------------------------------------------------------------- cutoff games
def _public_good(lo=0, hi=2) -> BayesianGame:
    # Each player pays its private cost c_i to provide a good worth 1 to both; "keep" is the
    # upper action (used for costs at or above the cutoff).
    return BayesianGame(
        [
            BayesianPlayer("A", "a", uniform(lo, hi), ("give", "keep")),
            BayesianPlayer("B", "b", uniform(lo, hi), ("give", "keep")),
        ],
        {
            ("give", "give"): ("1 - a", "1 - b"),
            ("give", "keep"): ("1 - a", "1"),
            ("keep", "give"): ("1", "1 - b"),
            ("keep", "keep"): ("0", "0"),
        },
    )


def test_public_good_with_private_costs_known_cutoff() -> None:
    """Fudenberg and Tirole (1991), Game Theory, sec. 6.2 (contribution to a public good with
    private costs uniform on [0, 2]): contribute iff c <= c* with 1 - c* = F(c*) = c*/2, so
    c* = 2/3."""
    r = solve_cutoffs(_public_good())
    assert r.exact and len(r) == 1
    (e,) = r.equilibria
    assert e.cutoffs == {"A": F(2, 3), "B": F(2, 3)}
    assert e.max_regret == 0 and e.exact
    assert e.profile_probabilities[("give", "give")] == F(1, 9)  # P(c < 2/3)^2
    assert any("no completeness claim" in d for d in r.diagnostics)
    json.loads(dumps(r))
    assert "2/3" in dumps(r) and "0.6667" in r.summary()


def _deterrence(kC, kD, dC=None, dD=None) -> BayesianGame:
    return BayesianGame(
        [
            BayesianPlayer("C", "vC", dC or uniform(0, 1), ("stay", "challenge")),
            BayesianPlayer("D", "vD", dD or uniform(0, 1), ("concede", "resist")),
        ],
        {
            ("stay", "concede"): ("0", "0"),
            ("stay", "resist"): ("0", "0"),
            ("challenge", "concede"): ("vC", "-vD"),
            ("challenge", "resist"): ("vC/2 - kC", "-vD/2 - kD"),
        },
        constants={"kC": kC, "kD": kD},
    )


def _deterrence_by_hand(kC: F, kD: F) -> tuple[F, F, F]:
    """Extended deterrence with private values (the crisis structure of Fearon 1994, "Signaling
    versus the balance of power and interests", J. Conflict Resolution 38(2): 236-269, cut to
    one move each; values v_C, v_D ~ U[0, 1], war won with probability 1/2 at cost k).

    Challenged, D resists iff -v_D/2 - k_D >= -v_D, i.e. v_D >= c_D = 2 k_D; so D resists with
    probability r = 1 - c_D. C challenges iff (1 - r) v_C + r (v_C/2 - k_C) >= 0, i.e.
    v_C >= c_C = r k_C / (1 - r/2). War happens iff both act: P(war) = (1 - c_C)(1 - c_D).
    (Valid while 2 k_D <= 1 and c_C <= 1.)"""
    cD = 2 * kD
    r = 1 - cD
    cC = r * kC / (1 - r / 2)
    return cC, cD, (1 - cC) * (1 - cD)


@pytest.mark.parametrize("kC, kD", [(F(1, 4), F(1, 4)), (F(1, 10), F(1, 3)), (F(2, 5), F(1, 20))])
def test_extended_deterrence_cutoffs_and_war_probability(kC, kD) -> None:
    cC, cD, war = _deterrence_by_hand(kC, kD)
    r = solve_cutoffs(_deterrence(kC, kD))
    assert r.exact and len(r) == 1
    (e,) = r.equilibria
    assert e.cutoffs == {"C": cC, "D": cD}
    assert e.profile_probabilities[("challenge", "resist")] == war
    assert e.max_regret == 0


def test_extended_deterrence_at_random_costs() -> None:
    rng = random.Random(17)
    for _ in range(4):
        kC, kD = F(rng.randint(1, 40), 100), F(rng.randint(1, 45), 100)
        cC, cD, war = _deterrence_by_hand(kC, kD)
        (e,) = solve_cutoffs(_deterrence(kC, kD), grid=40).equilibria
        assert (e.cutoffs["C"], e.cutoffs["D"]) == (cC, cD)
        assert e.profile_probabilities[("challenge", "resist")] == war


def test_corner_cutoff_at_the_lowest_type() -> None:
    # no cost of war for D: resisting is never worse, the cutoff sits at the lowest type
    (e,) = solve_cutoffs(_deterrence(F(1, 4), 0)).equilibria
    assert e.cutoffs["D"] == 0 and e.kinds["D"] == "lowest"
    cC = F(1) * F(1, 4) / (1 - F(1, 2))  # r = 1
    assert e.cutoffs["C"] == cC


def test_non_rational_density_gives_the_same_cutoffs() -> None:
    # D's cutoff is 2 k_D whatever C's distribution is, and C's depends only on D's
    r = solve_cutoffs(_deterrence(F(1, 4), F(1, 4), dC=beta(2, 2)))
    (e,) = r.equilibria
    assert e.cutoffs == {"C": F(1, 6), "D": F(1, 2)}


def test_numeric_path_has_certified_residuals() -> None:
    # public good with costs of density e^t/(e - 1) on [0, 1]: 1 - c = (e^c - 1)/(e - 1) has no
    # closed form in sympy's polynomial solver, so the numeric stage runs
    d = density("exp(t)/(exp(1) - 1)", 0, 1)
    g = BayesianGame(
        [BayesianPlayer("A", "a", d, ("give", "keep")), BayesianPlayer("B", "b", d, ("give", "keep"))],
        _public_good().payoffs,
    )
    r = solve_cutoffs(g, grid=50)
    assert r.arithmetic == "float"
    sym = [e for e in r.equilibria if abs(e.cutoffs["A"] - e.cutoffs["B"]) < 1e-12]
    assert len(sym) == 1
    c = sym[0].cutoffs["A"]
    assert abs(1 - c - (math.exp(c) - 1) / (math.e - 1)) < 1e-12
    assert sym[0].residual < 1e-12 and sym[0].max_regret < 1e-9 and sym[0].solved_by == "numeric"


def test_non_monotone_gain_rejects_cutoffs() -> None:
    g = BayesianGame(
        [
            BayesianPlayer("A", "a", uniform(0, 1), ("no", "yes")),
            BayesianPlayer("B", "b", uniform(0, 1), ("no", "yes")),
        ],
        {
            ("no", "no"): ("0", "0"),
            ("no", "yes"): ("0", "b - 1/2"),
            ("yes", "no"): ("(a - 1/4)*(a - 3/4)", "0"),
            ("yes", "yes"): ("(a - 1/4)*(a - 3/4)", "b - 1/2"),
        },
    )
    r = solve_cutoffs(g)
    assert len(r) == 0
    assert r.rejected and all("not a best response" in why for _, why in r.rejected)


def test_check_cutoffs_reports_regret_of_a_wrong_profile() -> None:
    exact, regret, worst = check_cutoffs(_public_good(), [F(1, 2), F(2, 3)])
    assert exact and regret > 0 and worst[0] == "A"
    with pytest.raises(SolverError, match="outside its type support"):
        check_cutoffs(_public_good(), [F(3), F(2, 3)])


def test_three_actions_are_refused_by_the_cutoff_solver() -> None:
    acts = ("a", "b", "c")
    g = BayesianGame(
        [BayesianPlayer("P", "x", uniform(0, 1), acts), BayesianPlayer("Q", "y", uniform(0, 1), ("a", "b"))],
        {(i, j): ("x", "y") for i in acts for j in ("a", "b")},
    )
    with pytest.raises(SolverError, match="exactly two actions"):
        solve_cutoffs(g)


def test_bad_games_are_refused() -> None:
    p = BayesianPlayer("A", "a", uniform(0, 1), ("x", "y"))
    q = BayesianPlayer("B", "b", uniform(0, 1), ("x", "y"))
    full = {(i, j): ("a", "b") for i in "xy" for j in "xy"}
    with pytest.raises(GameError, match="missing action profiles"):
        BayesianGame([p, q], {("x", "x"): ("a", "b")})
    with pytest.raises(GameError, match="expected 2 payoffs"):
        BayesianGame([p, q], {**full, ("x", "y"): ("a",)})
    with pytest.raises(GameError, match="unknown name"):
        BayesianGame([p, q], {**full, ("x", "y"): ("a", "zz")})
    with pytest.raises(GameError, match="at least two players"):
        BayesianGame([p], {})
    with pytest.raises(GameError, match="used twice"):
        BayesianGame([p, BayesianPlayer("A", "c", uniform(0, 1), ("x", "y"))], full)
    with pytest.raises(GameError, match="at least two actions"):
        BayesianGame([p, BayesianPlayer("B", "b", uniform(0, 1), ("x",))], full)


# ----------------------------------------------------------------------------- bid functions
def test_war_of_attrition_uniform_known_bid() -> None:
    """Two players, values U[0, 1]: b(v) = -v - ln(1 - v) (Krishna 2010, Auction Theory, 2nd
    ed., the war of attrition of ch. 3; Fudenberg and Tirole 1991, sec. 4.5.2)."""
    v = sympy.Symbol("v", real=True)
    r = war_of_attrition_bids(uniform(0, 1), grid=30)
    assert sympy.simplify(r.bid - (-v - sympy.log(1 - v))) == 0
    assert r(0) == 0
    assert r("1/2") == pytest.approx(-0.5 + math.log(2), abs=1e-15)
    assert r.max_regret <= 1e-9 and "verified symbolically" in r.ode_check
    json.loads(dumps(r))


@pytest.mark.parametrize("n", [2, 3, 4])
def test_all_pay_uniform_known_bid(n) -> None:
    """n bidders, values U[0, 1]: b(v) = (n-1)/n v^n (Krishna 2010, Auction Theory, 2nd ed.,
    sec. 2.5 / ch. 3); expected revenue n E[b(v)] = (n-1)/(n+1), the second-price revenue
    (revenue equivalence, Krishna 2010 ch. 3)."""
    v = sympy.Symbol("v", real=True)
    r = all_pay_bids(uniform(0, 1), n, grid=30)
    assert sympy.expand(r.bid - sympy.Rational(n - 1, n) * v**n) == 0
    assert r.exact and r.max_regret == 0
    revenue = n * sympy.integrate(r.bid, (v, 0, 1))
    assert revenue == sympy.Rational(n - 1, n + 1)


def test_all_pay_beta_values_exact() -> None:
    r = all_pay_bids(beta(2, 2), 2, grid=20)
    assert r.exact and r.max_regret == 0
    assert isinstance(r("1/2"), F)


def test_bid_functions_refuse_negative_values() -> None:
    with pytest.raises(GameError, match="nonnegative"):
        all_pay_bids(uniform(-1, 1))
    with pytest.raises(GameError, match="outside the support"):
        all_pay_bids(uniform(0, 1), grid=10)(2)


# ----------------------------------------------------------------------------- screening
def _screening_by_hand(h: F, p: F, cP: F) -> tuple[F, F, F]:
    """Fearon (1995), "Rationalist explanations for war", Int. Organization 49(3): 379-414, sec.
    "Private information and incentives to misrepresent", with the responder's cost c ~ U[0, h]:
    war iff c < k = x + p - 1, so EU(x) = x (1 - k/h) + (1 - p - c_P) k/h on 1 - p <= x <= 1 - p + h.
    EU'(x) = 0 gives x* = 1 - p + (h - c_P)/2, war probability (h - c_P)/(2h): the proposer
    accepts a risk of war to get a better deal (the risk-return trade-off)."""
    x = 1 - p + (h - cP) / 2
    q = (h - cP) / (2 * h)
    return x, q, x * (1 - q) + (1 - p - cP) * q


@pytest.mark.parametrize("h, p, cP", [(F(1, 2), F(1, 2), F(1, 10)), (F(1, 5), F(7, 10), F(1, 20)), (F(3, 10), F(2, 5), F(0))])
def test_fearon_private_costs_known_demand(h, p, cP) -> None:
    x, q, u = _screening_by_hand(h, p, cP)
    r = fearon_screening(uniform(0, h), p, cP)
    assert (r.demand, r.war_probability, r.expected_utility) == (x, q, u)
    assert r.exact and r.grid_excess == 0
    # brute force over a grid, in the test's own arithmetic
    def eu(y: F) -> F:
        k = y + p - 1
        war = min(max(k / h, F(0)), F(1))
        return y * (1 - war) + (1 - p - cP) * war

    assert max(eu(F(k, 2000)) for k in range(2001)) <= u
    json.loads(dumps(r))


def test_fearon_screening_corner_when_war_is_too_costly() -> None:
    # c_P above h: the proposer never risks war and offers the worst type its war value
    r = fearon_screening(uniform(0, "1/5"), "1/2", "3/10")
    assert r.war_probability == 0 and r.demand == F(1, 2)


def test_fearon_screening_bad_input() -> None:
    with pytest.raises(GameError, match="p must be in"):
        fearon_screening(uniform(0, 1), 2, 0)
    with pytest.raises(GameError, match="TypeDistribution"):
        fearon_screening("uniform", "1/2", 0)


# ----------------------------------------------------------------------------- JSON
DETERRENCE = {
    "kind": "bayesian",
    "players": [
        {"name": "C", "type": "vC", "actions": ["stay", "challenge"], "distribution": {"family": "uniform", "lo": 0, "hi": 1}},
        {"name": "D", "type": "vD", "actions": ["concede", "resist"], "distribution": {"family": "uniform", "lo": 0, "hi": 1}},
    ],
    "constants": {"k": "1/4"},
    "payoffs": [
        {"profile": ["stay", "concede"], "payoffs": [0, 0]},
        {"profile": ["stay", "resist"], "payoffs": [0, 0]},
        {"profile": ["challenge", "concede"], "payoffs": ["vC", "-vD"]},
        {"profile": ["challenge", "resist"], "payoffs": ["vC/2 - k", "-vD/2 - k"]},
    ],
}


def test_json_cutoff_game(tmp_path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(DETERRENCE))
    assert is_bayesian(DETERRENCE)
    r = solve_bayesian(str(path))
    (e,) = r.equilibria
    assert e.cutoffs == {"C": F(1, 6), "D": F(1, 2)}


def test_json_other_games() -> None:
    r = solve_bayesian({"kind": "bayesian", "game": "war_of_attrition", "distribution": {"family": "uniform", "lo": 0, "hi": 1}}, grid=10)
    assert r.game == "war_of_attrition"
    s = solve_bayesian(
        {"kind": "bayesian", "game": "screening", "cost": {"family": "uniform", "lo": 0, "hi": "1/2"}, "p": "1/2", "proposer_cost": "1/10"}
    )
    assert s.demand == F(7, 10)


def _with(path: list, value) -> dict:
    data = json.loads(json.dumps(DETERRENCE))
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "path, value, match",
    [
        (["kind"], "tree", "kind"),
        (["players", 0, "distribution", "family"], "cauchy", r"players\[0\]\.distribution\.family"),
        (["players", 1, "distribution", "hi"], float("nan"), r"players\[1\]\.distribution\.hi"),
        (["players", 1, "distribution"], {"family": "density", "formula": "t", "lo": 0, "hi": 1}, r"players\[1\]\.distribution.*integrates"),
        (["players", 0, "colour"], "red", r"players\[0\]: unknown key"),
        (["players", 0, "actions"], "stay", r"players\[0\]\.actions"),
        (["payoffs", 3, "payoffs"], ["vC", True], r"payoffs\[3\]\.payoffs"),
        (["payoffs", 3, "payoffs"], ["vC + open('x')", "0"], "unknown function"),
        (["payoffs", 3], KeyError, "missing action profiles"),
        (["constants", "k"], [1], r"constants\.k"),
        (["game"], "poker", "unknown game"),
    ],
)
def test_json_errors_name_the_field(path, value, match) -> None:
    with pytest.raises(BayesianFormatError, match=match):
        load_bayesian(_with(path, value))


def test_json_file_errors(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(BayesianFormatError, match="not valid JSON"):
        load_bayesian(bad)
    with pytest.raises(BayesianFormatError, match="cannot read"):
        load_bayesian(tmp_path / "missing.json")


def test_never_challenge_equilibrium_is_found_and_verified() -> None:
    """A challenger for whom challenging never pays (gain vC - 2 < 0 for every vC in [0, 1])
    never challenges: the cutoff sits at the top of its support and every type, the top one
    included, is checked against staying (found in review: the top type used to be checked
    against challenging, which rejected every never-challenge equilibrium)."""
    from gametheory.bayesian import load_bayesian, solve_bayesian

    doc = {"kind": "bayesian",
           "players": [
               {"name": "C", "type": "vC", "actions": ["stay", "challenge"],
                "distribution": {"family": "uniform", "lo": 0, "hi": 1}},
               {"name": "D", "type": "vD", "actions": ["concede", "resist"],
                "distribution": {"family": "uniform", "lo": 0, "hi": 1}}],
           "payoffs": [
               {"profile": ["stay", "concede"], "payoffs": [0, 0]},
               {"profile": ["stay", "resist"], "payoffs": [0, "vD - 1/2"]},
               {"profile": ["challenge", "concede"], "payoffs": ["vC - 2", "-vD"]},
               {"profile": ["challenge", "resist"], "payoffs": ["vC - 2", "vD - 1/2"]}]}
    r = solve_bayesian(load_bayesian(doc))
    found = {(e.kinds["C"], e.cutoffs["C"]) for e in r.equilibria}
    assert ("highest", 1) in found
    eq = next(e for e in r.equilibria if e.kinds["C"] == "highest")
    assert eq.upper_probability["C"] == 0 and eq.max_regret == 0
    assert eq.cutoffs["D"] == F(1, 2)
