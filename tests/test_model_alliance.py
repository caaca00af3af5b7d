"""The alliance model: the engine's equilibria against the published results they formalise.

* Bergstrom, Blume & Varian (1986), section 4 (Cobb-Douglas example): with
  u_i = a log(Y_i - q_i) + (1 - a) log Q, the contributors C all keep the same private
  consumption a Q / (1 - a); so Q = (1 - a) sum_C Y_i / (1 - a + |C| a), and an ally
  contributes exactly when Y_i > a Q / (1 - a) (the "contributor condition").
* Warr (1983); Bergstrom, Blume & Varian (1986), Theorem 2: moving income among
  contributors, without changing who contributes, leaves every contributor's private
  consumption and the total unchanged (neutrality).
* Olson & Zeckhauser (1966), "exploitation of the great by the small": the largest ally
  bears a share of the burden larger than its share of income.
* Shapley & Shubik (1954): the power index of a weighted voting game is the share of the
  n! orders in which a player is pivotal; counted here by hand or by brute force.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import pytest

import gametheory as gt
from gametheory.models import get_model
from gametheory.models.alliance import ALLIES, EUROPEANS, _games, _regime

M = get_model("alliance")
CODES = dict(ALLIES)


def equilibrium(game_key: str, **overrides: object) -> tuple[dict[str, F], gt.ContinuousResult]:
    vals = M.values(overrides)
    r = gt.solve_continuous(M.build(vals)[game_key])
    assert r.exact and r.max_regret <= 1e-9
    return vals, r


# --------------------------------------------------------------------------- Cobb-Douglas
@pytest.mark.parametrize(
    "game_key, overrides, contributors",
    [
        pytest.param("status_quo", {"f": 0}, {"US"}, id="status-quo-defaults"),
        pytest.param("status_quo", {"f": 0, "a": "1/2"}, {"US"}, id="status-quo-a-half"),
        pytest.param("status_quo", {"f": 0, "a": "3/10"}, {"US", "Other Europe"}, id="status-quo-two"),
        pytest.param("status_quo", {"f": 0, "a": "1/20"}, {"US", "Germany", "UK", "France", "Other Europe"},
                     id="status-quo-five"),
        pytest.param("status_quo", {"f": 0, "a": "1/100"}, {n for n, _ in ALLIES}, id="status-quo-all"),
        pytest.param("europe_alone", {"f": 0}, {"Other Europe"}, id="europe-defaults"),
        pytest.param("europe_alone", {"f": 0, "a": "3/10"}, {"Other Europe", "Germany"}, id="europe-two"),
        pytest.param("europe_alone", {"f": 0, "a": "1/5", "Y_OE": 6000}, {"Other Europe", "Germany", "UK", "France"},
                     id="europe-four"),
    ],
)
def test_cobb_douglas_total_and_contributor_condition(game_key: str, overrides: dict, contributors: set) -> None:
    vals, r = equilibrium(game_key, **overrides)
    a = vals["a"]
    Y = {name: vals[f"Y_{CODES[name]}"] for name in r.choices}
    C = {p for p, s in r.active.items() if s == "interior"}
    assert C == contributors
    Q = sum(r.choices.values())
    # BBV (1986): the total among contributors in closed form
    assert Q == (1 - a) * sum(Y[i] for i in C) / (1 - a + len(C) * a)
    # ... every contributor keeps private consumption a Q / (1 - a) ...
    for i in C:
        assert Y[i] - r.choices[i] == a * Q / (1 - a)
    # ... and the contributor condition separates contributors from free riders
    for i in Y:
        assert (Y[i] > a * Q / (1 - a)) == (i in C)
        if i not in C:
            assert r.choices[i] == 0


def test_floors_generalise_the_contributor_condition() -> None:
    # With floors f*Y_i the same first-order conditions give: an ally above its floor keeps
    # a T / (1 - a); one at its floor has (1 - f) Y_i <= a T / (1 - a). The total is then
    # T = (1 - a)(sum_C Y_i + f sum_{not C} Y_j) / (1 - a + |C| a); with f = 0, BBV's formula.
    for overrides in ({}, {"a": "3/10"}, {"a": "0.8", "f": "0.05"}):
        vals, r = equilibrium("status_quo", **overrides)
        a, f = vals["a"], vals["f"]
        Y = {name: vals[f"Y_{CODES[name]}"] for name in r.choices}
        T = sum(r.choices.values())
        C = {p for p, s in r.active.items() if s == "interior"}
        for i in Y:
            if i in C:
                assert Y[i] - r.choices[i] == a * T / (1 - a)
            else:
                assert r.choices[i] == f * Y[i] and (1 - f) * Y[i] <= a * T / (1 - a)
        floors = sum(f * Y[j] for j in Y if j not in C)
        assert T == (1 - a) * (sum(Y[i] for i in C) + floors) / (1 - a + len(C) * a)


def test_warr_neutrality() -> None:
    # US and Other Europe both contribute at a = 3/10 (no floors). Moving 1,000 bn of income
    # from the US to Other Europe changes neither the total nor private consumption; each
    # contribution moves by exactly the transfer (Warr 1983; BBV 1986, Theorem 2).
    base = {"f": 0, "a": "3/10"}
    _, r0 = equilibrium("status_quo", **base)
    _, r1 = equilibrium("status_quo", **base, Y_US=28200, Y_OE=12000)
    assert {p for p, s in r1.active.items() if s == "interior"} == {"US", "Other Europe"}
    assert sum(r0.choices.values()) == sum(r1.choices.values())
    assert r1.choices["US"] == r0.choices["US"] - 1000
    assert r1.choices["Other Europe"] == r0.choices["Other Europe"] + 1000


@pytest.mark.parametrize("overrides", [{}, {"f": 0}, {"a": "0.9"}, {"Y_US": 20000}, {"a": "3/10", "f": 0}],
                         ids=["defaults", "no-floor", "a-0.9", "smaller-US", "two-contributors"])
def test_exploitation_of_the_great_by_the_small(overrides: dict) -> None:
    # Olson & Zeckhauser (1966): the largest ally's share of the burden exceeds its share of
    # income, and it spends the largest fraction of its income.
    q = M.solve(overrides, flips=False).quantities
    assert q["us_share_of_spending"] > q["us_share_of_gdp"]
    shares = q["spending_share_of_gdp"]
    assert all(shares["US"] > shares[n] for n, _ in EUROPEANS)


def test_defaults_calibration_and_burden_sharing() -> None:
    r = M.solve(flips=False)
    q = r.quantities
    # the US, the only ally above its floor, spends about its SIPRI 2024 figure (997 bn USD)
    assert q["status_quo_spending"]["US"] == F(5077, 5)
    assert abs(q["status_quo_spending"]["US"] - 997) / 997 < F(1, 20)
    assert q["status_quo_above_floor"] == ["US"]
    assert all(q["status_quo_spending"][n] == F(2, 100) * r.values[f"Y_{c}"] for n, c in EUROPEANS)
    # without the US, only the merged Other Europe rises above its floor; the bloc spends (1 - a) Y_EU
    assert q["europe_alone_above_floor"] == ["Other Europe"]
    assert q["europe_alone_total"] == F(2812, 5)
    assert q["bloc_spending"] == F(1, 20) * 23400
    assert q["europe_rise_separate"] == F(2812, 5) - 468 and q["europe_rise_bloc"] == 1170 - 468
    assert r.outcome.key == "europe_self_reliant"
    assert r.statement.startswith("Europe can deter Russia without the US: pooled as one bloc")
    assert "1,170 bn USD" in r.statement and "68% of allied defence with 56% of allied GDP" in r.statement


def test_contributions_are_strategic_substitutes() -> None:
    # Europe spends more when the US leaves, and more again when it pools its decision.
    for overrides in ({}, {"a": "0.8"}, {"f": 0}, {"Y_US": 45000, "a": "0.99"}):
        q = M.solve(overrides, flips=False).quantities
        eu_sq = sum(q["status_quo_spending"][n] for n, _ in EUROPEANS)
        assert q["europe_alone_total"] >= eu_sq
        assert q["bloc_spending"] >= q["europe_alone_total"]


def test_bloc_closed_form_from_the_engine() -> None:
    sols = gt.solve_continuous_symbolic(_games()["bloc"])
    text = sorted(s.describe() for s in sols)
    assert "Europe = Y_EU*(1 - a)  if  a + f <= 1" in text


# --------------------------------------------------------------------------- coalitions
def brute_force_shapley_shubik(weights: dict[str, F], quota: F) -> dict[str, F]:
    names = list(weights)
    pivots = dict.fromkeys(names, 0)
    for order in itertools.permutations(names):
        total = F(0)
        for p in order:
            total += weights[p]
            if total >= quota:
                pivots[p] += 1
                break
    n = math.factorial(len(names))
    return {p: F(c, n) for p, c in pivots.items()}


def test_shapley_shubik_separate_game_by_enumeration() -> None:
    r = M.solve(flips=False)
    q = r.quantities
    weights = {"US": q["status_quo_spending"]["US"], **q["europe_alone_spending"]}
    power = q["power_separate"]
    assert power["shapley_shubik"] == brute_force_shapley_shubik(weights, q["threshold"])
    # by hand: Poland (18 bn) never turns a losing coalition into a winning one (a dummy)
    assert power["shapley_shubik"]["Poland"] == 0 and power["banzhaf"]["Poland"] == 0
    assert power["shapley_shubik"]["US"] == F(13, 20)
    # the same simple game as a TU game: its Shapley value is the Shapley-Shubik index
    game = gt.WeightedVotingGame(q["threshold"], list(weights.values()), list(weights))
    assert gt.shapley_value(game.to_coalitional()).by_name() == power["shapley_shubik"]


@pytest.mark.parametrize(
    "overrides, key, ss_us, veto, core_empty",
    [
        # both deter alone: each is pivotal in one of the two orders; no veto, core empty
        pytest.param({}, "europe_self_reliant", F(1, 2), [], True, id="either-alone"),
        # the US alone deters: it is pivotal in both orders (a dictator) and gets the whole core
        pytest.param({"Y_US": 40000, "k": 8}, "us_carries", F(1), ["US"], False, id="us-dictator"),
        # neither alone: the second to arrive is pivotal; both veto, the core is every split
        pytest.param({"k": 10}, "shared_burden", F(1, 2), ["US", "Europe"], False, id="both-veto"),
    ],
)
def test_bloc_game_by_hand(overrides: dict, key: str, ss_us: F, veto: list, core_empty: bool) -> None:
    r = M.solve(overrides, flips=False)
    assert r.outcome.key == key
    power = r.quantities["power_bloc"]
    assert power["shapley_shubik"] == {"US": ss_us, "Europe": 1 - ss_us}
    assert power["veto"] == veto
    assert power["core_empty"] is core_empty
    if key == "us_carries":
        assert power["least_core"] == {"US": 1, "Europe": 0}
    if key == "europe_self_reliant":
        assert power["least_core_epsilon"] == F(1, 2)


def test_deterrence_gap_has_no_winning_coalition() -> None:
    r = M.solve({"k": 15}, flips=False)
    assert r.outcome.key == "deterrence_gap"
    assert r.quantities["power_bloc"]["shapley_shubik"] is None
    assert r.quantities["power_bloc"]["deters"] == []


@pytest.mark.parametrize(
    "threshold, us, europe, key",
    [(10, 4, 12, "europe_self_reliant"), (10, 12, 4, "us_carries"), (10, 6, 6, "shared_burden"),
     (10, 4, 4, "deterrence_gap"), (10, 4, 10, "europe_self_reliant"), (10, 10, 0, "us_carries")],
)
def test_regime_is_the_structure_of_the_bloc_game(threshold: int, us: int, europe: int, key: str) -> None:
    assert _regime(threshold, us, europe) == key


# --------------------------------------------------------------------------- flips
def test_threshold_flips_are_exact() -> None:
    flips = {(f.parameter, f.direction): f for f in M.solve().flips}
    # at the defaults Europe deters until D = k * M_R exceeds the bloc's 1,170 bn
    assert flips[("k", "up")].value == F(1170, 149) and flips[("k", "up")].exact
    assert flips[("M_R", "up")].value == 390
    r = M.solve({"k": 10})
    flips = {(f.parameter, f.direction): f for f in r.flips}
    assert flips[("k", "down")].value == F(1170, 149)
    assert flips[("k", "up")].value == (F(5077, 5) + 1170) / 149
    assert flips[("k", "up")].to == "deterrence_gap"


def test_scanned_flips_hold_away_from_the_defaults() -> None:
    # the contract test's check, at a point where every parameter has a flip
    r = M.solve({"k": 10})
    assert {f.parameter for f in r.flips} == {p.name for p in M.parameters}
    for f in r.flips:
        if f.parameter not in ("a", "f", "Y_US", "Y_OE"):  # the others behave like Y_OE; keep the test quick
            continue
        p = M.parameter(f.parameter)
        lo, hi = p.sample_bounds()
        step = F(hi - lo) / 10**6
        sign = 1 if f.direction == "up" else -1
        before = {"k": 10, f.parameter: F(f.value) - sign * step}
        beyond = {"k": 10, f.parameter: F(f.value) + sign * step}
        assert M.solve(before, flips=False).outcome.key == "shared_burden", f
        assert M.solve(beyond, flips=False).outcome.key == f.to, f


@pytest.mark.parametrize(
    "overrides",
    [{}, {"a": "0.5", "f": 0}, {"a": "0.99", "k": 4}, {"f": "0.08", "k": 12}, {"Y_US": 5000, "k": 5},
     {"Y_OE": 100, "Y_DE": 100, "k": 2}, {"a": "0.97", "f": "0.01", "k": 6}],
)
def test_fast_classifier_agrees_with_the_engine(overrides: dict) -> None:
    vals = M.values(overrides)
    assert M._fast_outcome(vals) == M.analyse(vals).outcome.key


def test_build_returns_the_four_numeric_games() -> None:
    games = M.build(M.values())
    assert set(games) == {"status_quo", "europe_alone", "bloc", "us_and_bloc"}
    assert all(g.is_numeric for g in games.values())
    assert games["status_quo"].players == tuple(n for n, _ in ALLIES)
