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
* Tullock (1980); Hirshleifer (1989): in the ratio-form contest v*R/(R + C) - R the best
  response is R = sqrt(v C) - C, rising in the rival's C while C < v/4 and falling beyond
  (Dixit 1987: the favourite and the underdog) -- here spiral versus deterrence (Jervis 1976;
  Kydd 1997) in Russia's reaction to European rearmament.
* History (Huth 1988; Mearsheimer 1983): Cold-War NATO with a near-certain US commitment
  deterred; in 2014 Russia took Crimea without Western military response.
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
from gametheory.models.alliance import (
    ALLIES,
    EUROPEANS,
    _best_response,
    _floor_equilibrium,
    _games,
    _verdict,
)
from gametheory.models.world import WORLD, builtin_scenarios, load

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
    assert r.outcome.key == "denial"
    assert r.statement.startswith("The alliance deters Russia by denial as it stands: Russia")
    assert "68.5% of allied defence with 55.5% of allied GDP" in r.statement


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


# --------------------------------------------------------------------------- capability and Russia's reaction
def test_world_defaults_are_the_mapped_world_defaults() -> None:
    wd = WORLD.defaults()
    for lk in M.world_links:
        assert M.parameter(lk.parameter).default == lk.value(wd), lk.parameter
    linked = {lk.parameter for lk in M.world_links}
    assert {"E", "K_UA", "b_US", "U_US", "D_FUK", "r_FUK", "u_US"} <= linked


def test_ukraine_joins_only_as_a_member() -> None:
    (lk,) = [lk for lk in M.world_links if lk.parameter == "K_UA"]
    assert lk.value(WORLD.values({"ukraine_in_alliance": True})) == F(1, 2)  # 600k under the cap / 1.2m
    assert lk.value(WORLD.values({"ukraine_in_alliance": True, "ceasefire_cap": 1500})) == F(880, 1200)
    assert lk.value(WORLD.values()) == 0


@pytest.mark.parametrize("v, c", [(F(100, 17), F(1)), (F(4), F(1, 4)), (F(6), F(5, 2)), (F(9), F(2))])
def test_tullock_best_response_without_the_us(v: F, c: F) -> None:
    # Tullock (1980), Hirshleifer (1989): argmax v R/(R + C) - R is sqrt(v C) - C (when inside
    # the range); Russia's chance there is 1 - sqrt(C / v).
    r = M.russia_response(M.values({"v_R": v, "b_US": 0}), c)
    want = math.sqrt(v * c) - c
    assert r.exact and abs(float(r.choices["Russia"]) - want) < 1e-12
    assert abs(_best_response(float(v), float(c), 0.0, 8.0) - want) < 1e-9


def test_spiral_or_deterrence_depends_on_the_balance() -> None:
    # Dixit (1987): the best response rises in the rival's effort while the rival is the
    # underdog (C < v/4) and falls beyond -- a weak Europe rearming provokes a Russian build-up
    # (spiral), a strong one makes Russia give up the race (deterrence model; Kydd 1997).
    v = 100 / 17
    assert _best_response(v, 1.0, 0.0, 0.0) < _best_response(v, 1.2, 0.0, 0.0)  # 1 < v/4 = 1.47
    assert _best_response(v, 2.0, 0.0, 0.0) > _best_response(v, 2.5, 0.0, 0.0)
    crimea = load("crimea-2014")
    assert M.solve(world=crimea.point(WORLD), flips=False).quantities["russia_reaction"] == "spiral"
    out = load("us-out")
    assert M.solve(world=out.point(WORLD), flips=False).quantities["russia_reaction"] == "restraint"


def test_capability_not_spending() -> None:
    # Market-rate spending says Europe outspends Russia 3x; at PPP (IISS 2025: about 462 bn
    # USD against 146 at market rates) it is about parity, which is what europe_capability = 1 says.
    q = M.solve(flips=False).quantities
    assert q["market_rate_ratio"] == F(468, 149)
    assert q["russia_spending_ppp"] == F(16, 5) * 149
    assert abs(q["ppp_ratio"] - 1) < F(1, 20)
    # the verdict follows capability: at the same spending a weaker Europe, US out, is not deterred
    assert M.solve({"b_US": 0, "E": "1/2"}, flips=False).outcome.key != "denial"
    assert M.solve({"b_US": 0, "E": 2}, flips=False).outcome.key == "denial"


def test_floor_equilibrium_closed_form_matches_the_engine() -> None:
    for overrides in ({}, {"a": "3/10"}, {"a": "0.8", "f": "0.05"}, {"f": 0, "a": "1/20"}):
        vals, r = equilibrium("status_quo", **overrides)
        got = _floor_equilibrium(float(vals["a"]), float(vals["f"]), [float(vals[f"Y_{c}"]) for _, c in ALLIES])
        for (name, _), x in zip(ALLIES, got, strict=True):
            assert abs(x - float(r.choices[name])) < 1e-6 * max(1.0, x)


# --------------------------------------------------------------------------- scenarios and history
SCENARIO_OUTCOMES = {
    "us-uncertain": "denial",
    "us-committed": "denial",
    "us-coercive": "denial",
    "us-out": "needs_rearmament",
    "fuk-forward": "needs_rearmament",
    "us-out-ukraine-in": "denial",
    "us-uncertain-ukraine-in": "denial",
    "us-committed-ukraine-in": "denial",
    "us-coercive-ukraine-in": "denial",
    # Huth (1988); Mearsheimer (1983): Cold-War NATO, US committed, deterred the Soviet Union
    "cold-war-nato": "denial",
    # 2014: Russia took Crimea; no Western military response (Russia gets its way)
    "crimea-2014": "deterrence_fails",
}


def test_every_builtin_scenario_is_covered() -> None:
    assert set(SCENARIO_OUTCOMES) == set(builtin_scenarios())


@pytest.mark.parametrize("name", sorted(SCENARIO_OUTCOMES))
def test_builtin_scenarios(name: str) -> None:
    s = load(name)
    r = M.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert r.outcome.key == SCENARIO_OUTCOMES[name]
    assert r.statement.startswith(r.outcome.headline)
    assert "/" not in r.statement.split(":")[1].split(".")[0]  # no fractions in the mechanism line


def test_us_out_says_what_it_takes() -> None:
    s = load("us-out")
    r = M.solve(world=s.point(WORLD), scenario=s, flips=False)
    row = r.quantities["us_in_or_out"]["as_assumed"]
    assert 1 < row["capability_needed"] < F(5, 2) and "denial then needs European combat power" in r.statement
    # the answer differs with the US committed: Russia's chance falls several-fold
    c = load("us-committed")
    rc = M.solve(world=c.point(WORLD), scenario=c, flips=False)
    assert rc.quantities["p_today"] < r.quantities["p_today"] / 4


@pytest.mark.parametrize(
    "p0, p1, c, n, key",
    [(F(1, 3), F(1, 4), F(1, 2), 0, "denial"), (F(3, 5), F(2, 5), F(1, 2), 0, "needs_rearmament"),
     (F(3, 5), F(3, 5), F(1, 2), F(1, 5), "nuclear_reliant"), (F(3, 5), F(3, 5), F(1, 2), F(1, 20),
                                                             "deterrence_fails"),
     (F(1, 2), F(1, 2), F(1, 2), 0, "denial")],
)
def test_verdict(p0: F, p1: F, c: F, n: F, key: str) -> None:
    assert _verdict(p0, p1, c, n) == key


# --------------------------------------------------------------------------- coalitions (quantities only)
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


def test_shapley_shubik_in_capability_by_enumeration() -> None:
    r = M.solve(flips=False)
    q = r.quantities
    per_bn = r.values["E"] / q["europe_spending_today"]
    weights = {"US": r.values["U_US"], **{n: per_bn * x for n, x in q["europe_alone_spending"].items()}}
    assert q["power_separate"]["shapley_shubik"] == brute_force_shapley_shubik(weights, q["denial_quota"])
    assert "Shapley" not in r.statement and "core" not in r.statement  # kept out of the headline


# --------------------------------------------------------------------------- flips
@pytest.mark.parametrize(
    "overrides",
    [{}, {"b_US": 0}, {"b_US": 0, "E": "1/4"}, {"b_US": 0, "E": "1/4", "e": 0}, {"K_UA": "1/2", "b_US": "1/10"},
     {"a": "0.97", "f": "0.01", "b_US": 0}, {"c_R": "3/10", "U_US": 2}],
)
def test_fast_classifier_agrees_with_the_engine(overrides: dict) -> None:
    vals = M.values(overrides)
    assert M._fast_outcome(vals) == M.analyse(vals).outcome.key


def test_flip_in_us_backing() -> None:
    flips = {(f.parameter, f.direction): f for f in M.solve().flips}
    f = flips[("b_US", "down")]
    assert f.to == "needs_rearmament" and 0 < f.value < F(1, 2)


def test_build_returns_the_four_numeric_games() -> None:
    games = M.build(M.values())
    assert set(games) == {"status_quo", "europe_alone", "bloc", "us_and_bloc"}
    assert all(g.is_numeric for g in games.values())
    assert games["status_quo"].players == tuple(n for n, _ in ALLIES)


# --------------------------------------------------------------------------- closed forms vs the engine
def _scenario_values() -> list[dict[str, F]]:
    return [M.values(M.from_world(load(n).point(WORLD))) for n in sorted(builtin_scenarios())] + [M.values()]


def test_public_good_closed_form_is_the_engines_equilibrium_at_every_scenario_point() -> None:
    """The analysis solves the four public-good games by the contributor condition in exact
    arithmetic, certified by the exact KKT conditions; the engine's solve agrees exactly."""
    from gametheory.models.alliance import public_good_equilibrium

    for v in _scenario_values():
        games = M.build(v)
        for key, game in games.items():
            mine = public_good_equilibrium(key, v)
            engine = gt.solve_continuous(game)
            assert mine is not None and engine.exact
            assert mine.choices == {k: F(x) for k, x in engine.choices.items()}
            assert mine.active == dict(engine.active)


@pytest.mark.parametrize("v, c, b, u", [(F(100, 17), F(1), F(1, 2), F(8)), (F(100, 17), F(5, 2), F(1, 2), F(8)),
                                        (F(4), F(1, 4), F(0), F(8)), (F(9), F(2), F(1), F(3)), (F(1, 2), F(3), F(1, 2), F(8)),
                                        (F(60), F(0), F(1, 3), F(2)), (F(30), F(1, 10), F(9, 10), F(1))])
def test_russia_closed_form_best_response_is_the_engines(v: F, c: F, b: F, u: F) -> None:
    """Russia's best response as an exact root of the slope's numerator (Fraction or an isolated
    algebraic number) equals the engine's exact KKT solution; its text is sympy's CRootOf of the
    same number."""
    import sympy

    from gametheory.extensive.univariate import AlgebraicPoint
    from gametheory.models.alliance import russia_best_response

    mine = russia_best_response(v, c, b, u)
    engine = M.russia_response(M.values({"v_R": v, "b_US": b, "U_US": u}), c)
    assert mine is not None and engine.exact and mine.active == dict(engine.active)
    r, e = mine.choices["Russia"], engine.choices["Russia"]
    if isinstance(r, F):
        assert sympy.Rational(r.numerator, r.denominator) == sympy.sympify(e)
    else:
        assert isinstance(r, AlgebraicPoint)
        assert sympy.simplify(sympy.sympify(r.root_text()) - sympy.sympify(e)) == 0 or \
            abs(sympy.N(sympy.sympify(r.root_text()) - sympy.sympify(e), 50)) < 1e-45


def test_alliance_default_run_loads_no_sympy() -> None:
    import subprocess
    import sys

    code = ("import sys; from gametheory.models import get_model; r = get_model('alliance').solve(flips=False); "
            "print(r.outcome.key, 'sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600).stdout
    assert out.split()[1:] == ["False"]
