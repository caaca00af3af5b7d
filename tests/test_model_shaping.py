"""The shaping model (sequential: the US, then Russia set terms; Europe decides; the US may
coerce) against backward induction done by hand, the scenarios and the public-good finding."""

from __future__ import annotations

from fractions import Fraction

import pytest

import gametheory as gt
from gametheory.models import get_model
from gametheory.models.world import WORLD, builtin_scenarios, load

F = Fraction


def test_shaping_free_riding_conditions() -> None:
    # Olson & Zeckhauser (1966): blocking the bloc is a public good for the two outside powers.
    # Without coercion (x_E = 0), hand backward induction at the defaults: Europe builds under
    # one pusher (a_E (1 - q1) - c_E = 1 > 0) and under two (a_E (1 - q2) - c_E = 1/5 > 0).
    # Russia, moving second, pushes after "US out" iff q1 r_R > k_R (2/3 > 1/2). The US compares
    # staying out (-(v_US - s_US)(1 - q1) = -1/3) with pushing, after which Russia still pushes
    # (-(v_US - s_US)(1 - q2) - k_US = -9/20): it stays out, though pushing alone would pay it
    # (q1 (v_US - s_US) - k_US = 1/6 - 1/4 < 0 here: the US gains from blocking, v_US > s_US,
    # but leaves it to Russia, whose stake r_R = 2 is larger: Olson & Zeckhauser's
    # exploitation of the great by the small).
    m = get_model("shaping")
    r = m.solve({"x_E": 0}, flips=False)
    assert r.outcome.key == "contested"
    q = r.quantities
    assert (q["us_push"], q["russia_push"], q["europe_builds"]) == (False, True, True)
    assert q["bloc_probability"] == [F(2, 3)]
    assert q["free_rider"] == "US" and q["free_rider_would_push_alone"] is False
    assert "Free riding" in r.statement
    flips = {(f.parameter, f.direction): F(f.value) for f in m.solve({"x_E": 0}).flips}
    assert flips[("k_R", "up")] == F(2, 3)                   # q1 * r_R
    assert "illustrative, not a forecast" in r.statement and "66.7%" in r.statement


def test_free_riding_survives_and_switches_sides_under_coercion() -> None:
    # us-coercive (us_coercion = 3): the US threat stops Europe building by itself, so Russia
    # stays out and free-rides on Washington (Drezner 1999; Farrell & Newman 2019).
    s = load("us-coercive")
    r = get_model("shaping").solve(world=s.point(WORLD), scenario=s, flips=False)
    assert r.outcome.key == "coerced"
    assert r.quantities["free_rider"] == "Russia" and r.quantities["us_push"] is True
    assert "Free riding" in r.statement
    # US committed (no coercion): Russia pushes and the bloc is contested
    s = load("us-committed")
    r = get_model("shaping").solve(world=s.point(WORLD), scenario=s, flips=False)
    assert r.outcome.key == "contested" and r.quantities["russia_push"] is True


def test_defaults_are_coercion_and_hand_derived() -> None:
    # At the defaults (x_E = 1/2; h_US = 1/4 > k_C = 1/10: coercion credible): after both push Europe
    # builds for 3 (2/5) - 1 - 1/2 = -3/10 < 0, so it defers; after the US alone pushes it
    # builds (3 (2/3) - 1 - 1/2 = 1/2), so Russia pushes (-1/2 > -4/3); the US pushes
    # (-1/4 > -1/3, its payoff when it stays out and Russia pushes).
    m = get_model("shaping")
    r = m.solve(flips=False)
    assert r.outcome.key == "coerced"
    assert r.equilibrium["payoffs"] == {"US": F(-1, 4), "Russia": F(-1, 2), "Europe": F(0)}
    assert r.quantities["bloc_probability"] == [0]
    # a bluff: coercion that costs the US more than relenting is ignored
    r = m.solve({"h_US": 0}, flips=False)
    assert r.outcome.key == "contested" and r.quantities["us_coercion_credible"] is False


def test_defaults_are_the_world_defaults_mapped() -> None:
    m = get_model("shaping")
    w = WORLD.defaults()
    for lk in m.world_links:
        assert m.parameter(lk.parameter).default == lk.value(w), lk.parameter


def test_every_builtin_scenario_solves() -> None:
    m = get_model("shaping")
    for name in builtin_scenarios():
        s = load(name)
        r = m.solve(world=s.point(WORLD), scenario=s, flips=False)
        assert r.statement.startswith(r.outcome.headline), name


def test_shaping_q2_below_q1_is_rejected() -> None:
    with pytest.raises(gt.GameError, match="q2 .* must be at least q1"):
        get_model("shaping").solve({"q2": "0.1"})
