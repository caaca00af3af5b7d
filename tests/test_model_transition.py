"""The transition window: Powell's (2006) large-shift condition, the observation logic of Debs &
Monteiro (2014), the engine check of the recursion, the float path, and the policy comparisons."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

import gametheory as gt
from gametheory.models import get_model
from gametheory.models.transition import (
    balance,
    engine_war_year,
    posterior,
    solve_path,
    transition,
)
from gametheory.models.world import WORLD, load, scenario_order

MODEL = get_model("transition")


def vals(**over: object) -> dict[str, F]:
    return MODEL.values(over)


def random_points(n: int, seed: int) -> list[dict[str, F]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(vals(
            years=rng.randint(1, 12), delta=F(rng.randint(1, 19), 20), b0=F(rng.randint(0, 10), 10),
            drawdown=F(rng.randint(0, 6), 20), react=F(rng.randint(0, 4), 10), U=rng.randint(0, 12),
            e0=F(rng.randint(0, 30), 10), gain=F(rng.randint(0, 40), 10), target=F(rng.randint(0, 40), 10),
            start=rng.randint(0, 6), lag=rng.randint(0, 5), observe=F(rng.randint(0, 4), 4),
            suspicion=F(rng.randint(0, 4), 4), c_R=F(rng.randint(0, 20), 20), c_E=F(rng.randint(0, 20), 20),
        ))
    return out


# --------------------------------------------------------------------------- Powell (2006)
def one_shift(p0: F, p1: F, c_r: F, c_e: F, delta: F) -> bool:
    """Whether Russia strikes in year 0 of a one-year transition from p0 to p1 (the model's own
    recursion, years = 1)."""
    v = vals(years=1, delta=delta, c_R=c_r, c_E=c_e)
    return solve_path([p0, p1], v).war_year == 0


def test_powell_published_condition_at_published_style_parameters() -> None:
    """Powell (2006), the shifting-power model of its preventive-war section (page not checked against the print): with W_A(p) = pS/(1-d) - c_A, war is unavoidable iff the declining
    side's value of fighting now plus the discounted value of the rising side's war after the shift
    exceeds the whole stream, W_A(p0) + d W_B(p1) > S/(1-d) (the "large, rapid shift"). At p0 = 1/2,
    costs 1/10, d = 9/10 the bound on p1 is 127/300: a fall to 1/5 means war, to 9/20 peace."""
    half, tenth, d = F(1, 2), F(1, 10), F(9, 10)
    for p1, war in ((F(1, 5), True), (F(9, 20), False), (F(127, 300), False), (F(127, 300) - F(1, 10**6), True)):
        cp = gt.commitment_problem(half, p1, tenth, tenth, d, players=("Russia", "Europe"))
        assert (cp.peace_possible is False) == war
        assert one_shift(half, p1, tenth, tenth, d) == war
    assert gt.commitment_problem(half, F(1, 5), tenth, tenth, d).p_future_bounds[0] == F(127, 300)


def test_powell_condition_on_random_declining_shifts() -> None:
    """Whenever Russia is the declining side (p1 <= p0) and Europe's war value after the shift is
    not negative, the model's one-year recursion strikes exactly when commitment_problem finds no
    peaceful deal."""
    rng = random.Random(19)
    checked = 0
    while checked < 25:
        p0 = F(rng.randint(1, 19), 20)
        p1 = F(rng.randint(0, 19), 20)
        c_r, c_e, d = F(rng.randint(0, 10), 20), F(rng.randint(0, 10), 20), F(rng.randint(1, 19), 20)
        if p1 > p0 or (1 - p1) / (1 - d) < c_e:
            continue
        cp = gt.commitment_problem(p0, p1, c_r, c_e, d)
        assert one_shift(p0, p1, c_r, c_e, d) == (cp.peace_possible is False), (p0, p1, c_r, c_e, d)
        checked += 1


def test_large_rapid_shift_through_the_balance() -> None:
    """The same result through the model's balance: with the US out (b0 = 0) and Europe at parity
    (Russia wins with 1/2), European forces arriving at once (to 4x Russia's power, odds 1/5) after
    one year provoke a strike in year 0; the same total gain spread over the years does not ("rapid")."""
    base = {"b0": 0, "drawdown": 0, "react": 0, "e0": 1, "start": 0, "lag": 1, "c_R": "1/10", "c_E": "1/10",
            "delta": "9/10", "observe": 1}
    fast = vals(**base, years=1, gain=3, target=3)
    p, _ = balance(fast)
    assert p == [F(1, 2), F(1, 5)]
    assert transition(fast).key() == "immediate_war" and MODEL.solve(fast, flips=False).outcome.key == "immediate_war"
    slow = vals(**base, years=12, gain="1/4", target=3)
    assert transition(slow).key() == "no_window"


# --------------------------------------------------------------------------- Debs & Monteiro (2014)
def test_posterior_is_bayes_rule() -> None:
    assert posterior(vals(suspicion="1/2", observe="1/2")) == F(1, 3)
    assert posterior(vals(suspicion=1, observe="1/2")) == 1
    assert posterior(vals(suspicion=0)) == 0


def test_hidden_investment_avoids_preventive_war_at_defaults() -> None:
    """Debs & Monteiro (2014): preventive war needs the shift to be seen in time. At the defaults
    Russia strikes in the year before the capability appears if it sees the investment, not if it
    does not; the risk curve is the observation probability in that year."""
    r = MODEL.solve(flips=False)
    q = r.quantities
    assert r.outcome.key == "window"
    assert q["war_year_if_observed"] == 4 and q["war_year_if_unobserved"] is None
    assert q["risk_curve"] == [0, 0, 0, 0, F(1, 2), 0, 0, 0, 0, 0]
    assert q["window"] == [4, 4] and q["war_probability"] == F(1, 2)
    assert MODEL.solve({"observe": 1}, flips=False).quantities["war_probability"] == 1
    assert MODEL.solve({"observe": 0}, flips=False).outcome.key == "no_window"
    # a Russia certain that Europe invests strikes in the dark too
    dark = MODEL.solve({"observe": 0, "suspicion": 1}, flips=False)
    assert dark.quantities["war_year_if_unobserved"] == 4 and dark.outcome.key == "window"


def test_sequencing_and_bridging_close_the_window_at_defaults() -> None:
    q = MODEL.solve(flips=False).quantities
    assert q["sequencing_invest_now"]["outcome"] == "no_window"
    assert q["bridging_slower_drawdown"]["outcome"] == "no_window"
    assert q["sequencing_and_bridging"]["war_probability"] == 0
    # the comparison is the model itself at the changed lever
    assert transition(vals(start=0)).key() == "no_window"
    assert transition(vals(drawdown="1/20")).key() == "no_window"


# --------------------------------------------------------------------------- engine and float path
def _points() -> list[dict[str, F]]:
    pts = [vals()]
    for name in scenario_order():
        sc = load(name)
        pts.append(MODEL.values({**MODEL.from_world(sc.point(WORLD)), **sc.model_settings(MODEL)}))
    return pts + random_points(40, 7)


def test_recursion_matches_engine_backward_induction() -> None:
    """On every complete-information path the exact recursion gives the war year the engine's
    backward induction gives on the chain tree."""
    for v in _points():
        for invest in (True, False):
            p, _ = balance(v, invest=invest)
            assert engine_war_year(p, v) == solve_path(p, v).war_year


def test_float_outcome_matches_exact() -> None:
    """The float classifier used by the flip scan agrees with the exact outcome at the defaults,
    every built-in scenario point and random points."""
    for v in _points():
        assert MODEL.fast_outcome_key({k: float(x) for k, x in v.items()}) == transition(v).key()


def test_every_scenario_runs() -> None:
    for name in scenario_order():
        r = MODEL.solve(world=load(name).point(WORLD), scenario=load(name), flips=False)
        assert r.outcome.key in {o.key for o in MODEL.outcomes}
        assert sum(r.quantities["risk_curve"]) == r.quantities["war_probability"] <= 1


def test_risk_curve_is_a_probability_per_year() -> None:
    for v in random_points(30, 3):
        tr = transition(v)
        assert len(tr.risk) == int(v["years"]) and all(r >= 0 for r in tr.risk) and tr.total <= 1


@pytest.mark.parametrize("key, over", [
    ("no_window", {"observe": 0}),
    ("window", {}),
    ("immediate_war", {"U": 0, "start": 0, "lag": 1, "gain": 4, "target": 4}),
])
def test_outcomes(key: str, over: dict[str, object]) -> None:
    r = MODEL.solve(over, flips=False)
    assert r.outcome.key == key and r.statement.startswith(r.outcome.headline)


def test_start_schedule_is_the_model_at_each_start_year() -> None:
    q = MODEL.solve(flips=False).quantities
    sched = q["war_probability_by_start_year"]
    # start years whose capability appears within the ten years (lag 3)
    assert len(sched) == 7 and sched[2] == q["war_probability"] == F(1, 2)
    assert all(sched[s] == transition(vals(start=s)).total for s in range(7))
    assert sched[0] == 0  # investing at once closes the window (sequencing)
