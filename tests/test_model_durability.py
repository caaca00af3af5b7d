"""Ceasefire durability: the Green & Porter (1984) compliance condition under noisy monitoring,
the engine checks (stochastic game, stick-and-carrot automaton), the float path, the survival
curve and Fortna's (2003) direction (stronger agreements last longer)."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from gametheory.dynamic.stochastic import one_shot_deviation
from gametheory.models import get_model
from gametheory.models.durability import (
    analyse_point,
    critical_delta,
    perfect_monitoring_critical,
    stochastic_game,
    trigger_profile,
)
from gametheory.models.world import WORLD, load, scenario_order

MODEL = get_model("durability")


def vals(**over: object) -> dict[str, F]:
    return MODEL.values(over)


def random_points(n: int, seed: int) -> list[dict[str, F]]:
    rng = random.Random(seed)
    return [vals(
        delta=F(rng.randint(1, 19), 20), T=rng.randint(1, 6), q=F(rng.randint(0, 10), 10),
        f=F(rng.randint(0, 6), 20), g=F(rng.randint(0, 20), 10), rebuild=F(rng.randint(1, 16), 4),
        shield=F(rng.randint(0, 4), 4), pi=F(rng.randint(0, 6), 6), gain_U=F(rng.randint(0, 20), 10),
        army=rng.randint(50, 1500), cap=rng.randint(0, 1500), a_R=F(rng.randint(0, 30), 10),
        a_U=F(rng.randint(0, 30), 10), edge=F(rng.randint(0, 10), 10), war_gain=F(rng.randint(0, 10), 10),
        c_war=F(rng.randint(0, 10), 10), h=F(rng.randint(0, 20), 10), horizon=rng.randint(1, 12),
        durable=F(rng.randint(0, 4), 4),
    ) for _ in range(n)]


# --------------------------------------------------------------------------- Green & Porter (1984)
# A Russia-only test bed: Ukraine gains nothing by rearming, war is ruinous, no guarantor.
GP = {"pi": 0, "gain_U": 0, "war_gain": 0, "c_war": 10, "g": "1/4", "a_R": 1, "T": 1, "durable": 0}


@pytest.mark.parametrize("q, f, threshold", [
    (1, 0, F(1, 4)),             # perfect monitoring: delta >= g/a (one-period stick and carrot)
    (F(1, 2), 0, F(1, 2)),       # half the violations seen: the threshold doubles
    (F(1, 2), F(1, 10), F(4, 5)),  # false alarms too: higher still
])
def test_green_porter_threshold_by_hand(q: F, f: F, threshold: F) -> None:
    """Green & Porter (1984, Econometrica 52(1), 87-100): a trigger strategy with a T-period
    reversion sustains collusion iff the one-period gain is at most the discounted increase in the
    probability of triggering times the loss of the punishment phase:
    (1 - d) g <= d (b1 - b0)(1 - d^T)(V - V_punish). Derived by hand for T = 1 with b0 = 1 - (1 - f)^2,
    b1 - b0 = (1 - f)(q - f), V + a = a(1 - d)/(1 - d + d b0 (1 - d)): d* = g / ((1 - f)(q - f) a - g b0).
    At q = 1/2, f = 1/10, g = 1/4, a = 1: b0 = 19/100, (1 - f)(q - f) = 9/25, d* = (1/4)/(5/16) = 4/5.
    The threshold rises as detection falls and false alarms rise; the model flips exactly there."""
    v = vals(**GP, q=q, f=f, delta=threshold)
    b0 = 1 - (1 - f) ** 2
    assert threshold == F(1, 4) / ((1 - f) * (q - f) * 1 - F(1, 4) * b0)
    assert critical_delta(v) == threshold
    assert MODEL.solve({**GP, "q": q, "f": f, "delta": threshold}, flips=False).outcome.key == "durable_peace"
    below = threshold - F(1, 10**9)
    assert MODEL.solve({**GP, "q": q, "f": f, "delta": below}, flips=False).outcome.key == "rearmament_race"
    for d, holds in ((threshold, True), (below, False)):
        game = stochastic_game(vals(**GP, q=q, f=f, delta=d))
        assert one_shot_deviation(game, trigger_profile(v)).is_equilibrium is holds


def test_perfect_monitoring_matches_the_engine_automaton() -> None:
    """With q = 1 and f = 0 the trigger is Abreu's stick and carrot: the engine's exact critical
    discount factor of the automaton equals the model's, for several punishment lengths."""
    for T in (1, 2, 3, 5):
        v = vals(**{**GP, "T": T}, q=1, f=0)
        assert perfect_monitoring_critical(v) == critical_delta(v) or \
            abs(float(perfect_monitoring_critical(v)) - float(critical_delta(v))) < 1e-12
    # grim-like limit: d + ... + d^T = g/a; T = 2, g/a = 3/4 -> d* = 1/2
    v = vals(**{**GP, "T": 2, "g": "3/4"}, q=1, f=0)
    assert critical_delta(v) == F(1, 2) == perfect_monitoring_critical(v)


def test_no_punishment_sustains_caps_when_signals_are_uninformative() -> None:
    """q <= f: a violation is no more likely to be flagged than compliance; only a zero gain complies."""
    assert critical_delta(vals(**GP, q="1/10", f="1/10")) is None
    assert MODEL.solve({**GP, "q": "1/10", "f": "1/10"}, flips=False).outcome.key == "rearmament_race"


# --------------------------------------------------------------------------- engine and float paths
def test_closed_form_matches_engine_at_defaults_scenarios_and_random_points() -> None:
    points = [MODEL.values()]
    for name in scenario_order():
        sc = load(name)
        points.append(MODEL.values({**MODEL.from_world(sc.point(WORLD)), **sc.model_settings(MODEL)}))
    points += random_points(60, 19)
    for v in points:
        d = analyse_point(v)
        check = one_shot_deviation(stochastic_game(v), trigger_profile(v))
        assert check.is_equilibrium == d.sustainable
        if d.sustainable:
            assert check.values[0][0] * (1 - v["delta"]) == d.peace_value
        fv = {k: float(x) for k, x in v.items()}
        assert MODEL.fast_outcome_key(fv) == MODEL.outcome_key(v) or any(x == 0 for x in MODEL.conditions(v))


def test_every_scenario_runs() -> None:
    for name in scenario_order():
        sc = load(name)
        r = MODEL.solve(world=sc.point(WORLD), scenario=sc, flips=False)
        assert r.outcome.key in {o.key for o in MODEL.outcomes}
        assert len(r.quantities["survival_curve"]) == 10


def test_world_link_of_the_guarantor() -> None:
    w = WORLD.values()
    assert MODEL.from_world(w)["pi"] == 1 - (1 - w["fuk_resolve"]) * (1 - w["us_backing"])
    w2 = WORLD.values({"fuk_resolve": 0, "us_backing": 0, "ukraine_in_alliance": True})
    assert MODEL.from_world(w2)["pi"] == F(3, 4)


# --------------------------------------------------------------------------- survival and Fortna (2003)
def test_survival_curves_by_hand() -> None:
    """At the defaults a false alarm opens a crisis with b0 = 1 - (19/20)^2 a year; Russia answers a
    crisis with war iff the guarantor is uncommitted (probability 1/3). The caps survive t years
    with probability (1 - b0)^t; no war after one year with probability 1 - b0/3; in year two a new
    crisis can only come from the ceasefire (the race lasts T = 2 years)."""
    r = MODEL.solve(flips=False)
    b0 = 1 - (1 - F(1, 20)) ** 2
    rho = F(1, 3)
    assert r.outcome.key == "fragile_peace"
    assert r.quantities["war_risk_per_crisis"] == rho
    assert r.quantities["caps_survival_curve"] == [(1 - b0) ** t for t in range(1, 11)]
    s = r.quantities["survival_curve"]
    assert s[0] == 1 - b0 * rho
    assert s[1] == s[0] - (1 - b0) * b0 * rho
    assert s[2] == s[1] - ((1 - b0) ** 2 + 0) * b0 * rho  # the year-1 race is still running in year 2
    assert s[3] == s[2] - ((1 - b0) ** 3 + b0 * (1 - rho)) * b0 * rho
    assert all(a >= b for a, b in zip(s, s[1:]))


def test_fortna_stronger_agreements_never_shorten_peace() -> None:
    """Fortna (2003, IO 57(2)): stronger agreements (monitoring, peacekeepers) make peace last longer.
    Better detection, fewer false alarms or a more committed guarantor never lower survival."""
    for v in random_points(60, 7):
        base = analyse_point(v).survival[-1]
        for over in ({"q": min(F(1), v["q"] + F(1, 5))}, {"f": v["f"] / 2}, {"pi": F(1)}):
            assert analyse_point({**v, **over}).survival[-1] >= base, (v, over)


def test_guarantee_turns_war_into_peace() -> None:
    over = {"war_gain": "3/4"}
    assert MODEL.solve({**over, "pi": 0}, flips=False).outcome.key == "renewed_war"
    assert MODEL.solve({**over, "pi": 1}, flips=False).outcome.key in ("fragile_peace", "durable_peace")


def test_flips_are_confirmed() -> None:
    r = MODEL.solve()
    assert r.flips
    for fl in r.flips:
        assert fl.to != r.outcome.key
