"""The ceasefire model: the published results it rests on, checked against the engine's solution.

Each test states the closed form from the literature (or derived by hand below) and checks it
at several parameter points against what the model computes with the engine. Closed forms
live here, as oracles; the model itself only builds games and calls the engine.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.models import get_model
from gametheory.models.ceasefire import (
    best_offer,
    buildup_stake,
    cap_stake,
    compiled,
    deal,
    fearon_range,
    guarantee_choice,
    inspection,
    offer_game,
    p_future,
    peaceful_caps,
    russia_inspection,
    terms,
    violation_probability,
)
from gametheory.models.world import WORLD, builtin_scenarios, load

MODEL = get_model("ceasefire")


def vals(**overrides: object) -> dict[str, F]:
    """The terms in force at these values with the guarantee Europe chooses (see :func:`terms`)."""
    v = MODEL.values(overrides)
    return terms(v, guarantee=guarantee_choice(v).given)


POINTS = [
    pytest.param({}, id="defaults"),
    pytest.param({"p_now": "3/5", "c_R": "1/5", "c_U": "3/20", "pressure": 0}, id="russia-ahead"),
    pytest.param({"p_now": "2/5", "delta": "9/10", "guarantee_force": "3/2"}, id="ukraine-ahead-guaranteed"),
    pytest.param({"rebuild": "3/2", "c_R": "1/20", "spread": "1/20", "c_U": "1/20"}, id="russia-rearms"),
    pytest.param({"c_R": "1/50", "c_U": "1/50", "spread": "1/50", "pressure": 0, "rebuild": 2},
                 id="commitment-failure"),
]


# --------------------------------------------------------------------------- Fearon (1995)
@pytest.mark.parametrize("over", POINTS)
def test_fearon_range_is_p_minus_cA_to_p_plus_cB(over: dict[str, object]) -> None:
    """Fearon (1995, p. 387): with war a costly lottery, the splits both sides prefer to war
    are Russia's shares x in [p - c_R, p + c_U] (here c_U includes US pressure)."""
    v = vals(**over)
    want = [v["p_now"] - v["c_R"], v["p_now"] + v["c_U"] + v["pressure"]]
    assert fearon_range(v) == want
    assert MODEL.solve(over, flips=False).quantities["bargaining_range_russia"] == want
    direct = gt.fearon_bargaining_range(v["p_now"], v["c_R"], v["c_U"] + v["pressure"])
    assert [direct.lower, direct.upper] == want


# --------------------------------------------------------------------------- Powell (2006)
def powell_peace(v: dict[str, F], p1: F) -> bool:
    """Powell (2006, p. 181): with W_A(p) = pS/(1-d) - c_A, a deal fails iff the declining side's
    war value now plus the discounted value of the rising side's future war exceeds the whole
    stream, W_A(p0) + d W_B(p1) > S/(1-d) (and symmetrically for B). Here S = 1 - d."""
    d, p0, ca, cb = v["delta"], v["p_now"], v["c_R"], v["c_U"] + v["pressure"]

    def war_a(p: F) -> F:
        return p - ca

    def war_b(p: F) -> F:
        return 1 - p - cb

    return war_a(p0) + d * war_b(p1) <= 1 and war_b(p0) + d * war_a(p1) <= 1


@pytest.mark.parametrize("over", POINTS)
def test_peaceful_caps_satisfy_powell_condition(over: dict[str, object]) -> None:
    v = vals(**over)
    caps = peaceful_caps(v)
    grid = [v["army"] * F(i, 40) for i in range(41)]
    for k in grid:
        assert caps.contains(k) == powell_peace(v, p_future(v, k)), k
    if caps.exists:
        assert caps.tightest is not None and caps.largest is not None
        # at an interior end of the interval Powell's condition binds exactly
        if caps.tightest > 0:
            d, p1 = v["delta"], p_future(v, caps.tightest)
            assert (1 - v["p_now"] - v["c_U"] - v["pressure"]) + d * (p1 - v["c_R"]) == 1
        if caps.largest < v["army"]:
            d, p1 = v["delta"], p_future(v, caps.largest)
            assert (v["p_now"] - v["c_R"]) + d * (1 - p1 - v["c_U"] - v["pressure"]) == 1


@pytest.mark.parametrize("over", POINTS)
def test_cap_interval_agrees_with_engine_commitment_problem_per_cap(over: dict[str, object]) -> None:
    """The interval comes from one symbolic solve; the engine solved afresh at each cap agrees."""
    v = vals(**over)
    caps = peaceful_caps(v)
    for k in [v["army"] * F(i, 8) for i in range(9)]:
        r = gt.commitment_problem(v["p_now"], p_future(v, k), v["c_R"], v["c_U"] + v["pressure"], v["delta"],
                                  pie=1 - v["delta"], players=("Russia", "Ukraine"))
        assert bool(r.peace_possible) == caps.contains(k), k


def test_p_future_is_todays_odds_without_cap_guarantee_or_rearmament() -> None:
    v = terms(MODEL.values({"rebuild": 1}), guarantee=False)
    assert v["gforce"] == 0
    assert p_future(v, v["army"]) == v["p_now"]
    # the ratio contest: halving Ukraine's army doubles Russia's odds ratio
    p = p_future(v, v["army"] / 2)
    assert p / (1 - p) == 2 * v["p_now"] / (1 - v["p_now"])
    # the symbolic inversion really inverts
    d = compiled(True)
    for k in (F(100), F(450), F(880)):
        target = p_future(v, k)
        assert F(d.f_cap_for(target, *(v[n] for n in ("army", "p_now", "rebuild", "gforce")))) == k


def test_army_does_not_move_todays_odds() -> None:
    """The army/p_now link is explicit: army is only the size the cap is measured against, so
    doubling it (p_now held) leaves today's odds and makes the same cap cut twice as deep."""
    small, big = MODEL.solve({"army": 880}, flips=False), MODEL.solve({"army": 1500}, flips=False)
    assert small.quantities["p_now"] == big.quantities["p_now"] == F(1, 2)
    assert big.quantities["p_future_at_cap"] > small.quantities["p_future_at_cap"]


def test_guarantee_and_pressure_loosen_ukraines_constraint() -> None:
    v = MODEL.values()
    base = peaceful_caps(terms(v, guarantee=False))
    no_p = peaceful_caps(terms(v, guarantee=False, pressure=F(0)))
    with_g = peaceful_caps(terms(v, guarantee=True))
    assert base.tightest is not None and no_p.tightest is not None and with_g.tightest is not None
    assert with_g.tightest < base.tightest < no_p.tightest
    # a strong guarantee makes Russia the declining side: it then caps the cap from above
    strong = peaceful_caps(terms(MODEL.values({"guarantee_force": 3}), guarantee=True))
    assert strong.largest is not None and strong.largest < v["army"]


def test_powell_large_shift_makes_every_bargain_unacceptable() -> None:
    """Powell (2006), the preventive-war model (page not checked against the print): if the shift in power is large enough, the declining side's
    value of fighting now exceeds anything the rising side can credibly promise, so no bargain
    is acceptable even with complete information. Here: cheap war and fast Russian rearmament."""
    v = vals(c_R="1/50", c_U="1/50", spread="1/50", pressure=0, rebuild=2)
    assert not peaceful_caps(v).exists
    assert not any(powell_peace(v, p_future(v, v["army"] * F(i, 20))) for i in range(21))
    # slowing the shift (less weight on the future) restores peace: Powell's "rapid" shifts
    assert peaceful_caps(vals(c_R="1/50", c_U="1/50", spread="1/50", pressure=0, rebuild=2, delta="1/2")).exists
    # the same failure from Russia's side: membership of a strong alliance is a shift so large
    # against Russia that even a disarmed Ukraine leaves it below its war value
    r = MODEL.solve({"member": 1}, flips=False)
    assert r.outcome.key == "commitment_failure" and "Russia is the declining side" in r.statement


# --------------------------------------------------------------------------- Rubinstein (1982)
@pytest.mark.parametrize(
    "dR, dU",
    [pytest.param("19/20", "19/20", id="equal"), pytest.param("9/10", "99/100", id="ukraine-patient"),
     pytest.param("99/100", "4/5", id="russia-patient")],
)
def test_rubinstein_split_without_binding_options(dR: str, dU: str) -> None:
    """Rubinstein (1982): without breakdown risk and with outside options that do not bind
    (Binmore, Shaked & Sutton 1989), the first proposer (Ukraine) gets (1 - d_R)/(1 - d_U d_R)."""
    # war costs as large as the stakes: walking out to war is worth nothing to either side
    over = {"patience_R": dR, "patience_U": dU, "breakdown": 0, "p_now": "1/2", "c_R": "1/2", "spread": "1/10",
            "c_U": "1/2", "pressure": 0}
    r = MODEL.solve(over, flips=False)
    d_r, d_u = F(dR), F(dU)
    share = r.quantities["rubinstein_split"]
    assert share["Ukraine"] == (1 - d_r) / (1 - d_u * d_r)
    assert share["Russia"] == 1 - share["Ukraine"]
    assert r.equilibrium["rubinstein"]["outside_option_binds"] == {"Russia": False, "Ukraine": False}


def test_rubinstein_outside_option_principle() -> None:
    """An option binds only when it exceeds the responder's share, and then the responder gets
    exactly the option (Binmore, Shaked & Sutton 1989): Russia's war value p - c_R = 3/5."""
    over = {"patience_R": "1/2", "patience_U": "1/2", "breakdown": 0, "p_now": "7/10", "c_R": "1/10",
            "spread": "1/10", "c_U": "1/10", "pressure": 0}
    r = MODEL.solve(over, flips=False)
    assert r.quantities["rubinstein_split"]["Russia"] == F(3, 5)
    assert r.equilibrium["rubinstein"]["outside_option_binds"]["Russia"] is True


@pytest.mark.parametrize("over", POINTS[:4])
def test_rubinstein_split_lies_in_fearons_range_and_pressure_helps_russia(over: dict[str, object]) -> None:
    r = MODEL.solve(over, flips=False)
    lo, hi = r.quantities["bargaining_range_russia"]
    russia = r.quantities["rubinstein_split"]["Russia"]
    assert lo <= russia <= hi
    no_p = gt.rubinstein(**MODEL._rubinstein_inputs(terms(MODEL.values({**over, "pressure": 0}))))
    assert no_p.by_name()["Russia"] <= russia


# --------------------------------------------------------------------------- private information
def uniform_cost_oracle(v: dict[str, F]) -> tuple[F, F]:
    """Fearon's risk-return trade-off, uniform case (derived by hand).

    Russia's cost is uniform on [l, h] = [c_R - s, c_R + s] and it accepts an offer y (its
    share) iff cost >= p - y. Ukraine maximises
    U(y) = (h - p + y)/(h - l) * (1 - y) + (p - l - y)/(h - l) * (1 - p - c),   c = c_U + pressure,
    with U'(y) = (2p + c - h - 2y)/(h - l), so y* = p - (h - c)/2. It is interior iff
    h - c <= 2p (y* >= 0) and (h - c)/2 >= l, i.e. c_R + c <= 3s; then talks fail with
    probability (p - y* - l)/(h - l) = (3s - c_R - c)/(4s). If c_R + c >= 3s Ukraine offers
    p - l, which every type accepts; if y* < 0 it offers 0.
    """
    p, s, c = v["p_now"], v["spread"], v["c_U"] + v["pressure"]
    lo, hi = v["c_R"] - s, v["c_R"] + s
    if v["c_R"] + c >= 3 * s:
        return max(F(0), p - lo), F(0)
    y = p - (hi - c) / 2
    if y >= 0:
        return y, (3 * s - v["c_R"] - c) / (4 * s)
    return F(0), min(F(1), max(F(0), (p - lo) / (hi - lo)))


OFFER_POINTS = [
    pytest.param({}, id="defaults-interior"),
    pytest.param({"pressure": 0}, id="no-pressure"),
    pytest.param({"spread": "1/20"}, id="narrow-uncertainty-corner"),
    pytest.param({"c_R": "3/10", "spread": "3/10", "c_U": 0, "pressure": 0}, id="wide-uncertainty"),
    pytest.param({"p_now": "1/10", "c_R": "3/10", "spread": "3/10", "c_U": "1/20", "pressure": 0},
                 id="zero-offer"),
]


@pytest.mark.parametrize("over", OFFER_POINTS)
def test_war_probability_matches_uniform_closed_form(over: dict[str, object]) -> None:
    v = vals(**over)
    y, war = uniform_cost_oracle(v)
    o = best_offer(v)
    assert (o.offer, o.war_probability) == (y, war)
    assert MODEL.solve(over, flips=False).quantities["war_probability"] == war


@pytest.mark.parametrize("over", OFFER_POINTS)
def test_offer_agrees_with_numeric_solve_of_the_continuous_game(over: dict[str, object]) -> None:
    """The closed forms were derived once symbolically; solving the game afresh agrees."""
    v = vals(**over)
    r = gt.solve_continuous(offer_game(), {n: v[n] for n in ("p_now", "c_R", "c_U", "pressure", "spread")})
    assert r.max_regret <= 1e-9
    assert float(r.choices["Ukraine"]) == pytest.approx(float(best_offer(v).offer), abs=1e-9)


def test_uncertainty_creates_war_and_pressure_reduces_it() -> None:
    # with little uncertainty Ukraine concedes enough for every type: no war
    assert best_offer(vals(spread="1/50")).war_probability == 0
    base, no_p = best_offer(vals()), best_offer(vals(pressure=0))
    assert 0 < base.war_probability < no_p.war_probability


# --------------------------------------------------------------------------- inspection game
INSPECTION_POINTS = [
    pytest.param({}, id="defaults"),
    pytest.param({"inspect_cost": "1/100"}, id="costly-inspection"),
    pytest.param({"detect": "1/2"}, id="weak-detection"),
    pytest.param({"penalty": "1/100", "cap": 300}, id="deterrence-fails"),
    pytest.param({"inspect_cost": "1/4"}, id="never-inspect"),
    pytest.param({"cap": 300}, id="tight-cap"),
]


@pytest.mark.parametrize("over", INSPECTION_POINTS)
def test_inspection_equilibrium(over: dict[str, object]) -> None:
    """Avenhaus, von Stengel & Zamir (2002), the basic inspection game: when inspection pays
    for some violation rate (c < d h) and certain inspection deters (b < d (b + f)), the unique
    equilibrium is mixed, with violation probability c / (d h) set by the inspector's payoffs
    and inspection probability b / (d (b + f)) set by the inspectee's. Otherwise the inspectee
    violates for sure. Here b = h is the stake of the violation (both sides)."""
    v = vals(**over)
    r = MODEL.solve(over, flips=False)
    for ver, stake, f, key in ((inspection(v), cap_stake(v), v["penalty"], "violation_probability"),
                               (russia_inspection(v), buildup_stake(v), v["penalty_R"],
                                "russia_violation_probability")):
        b = h = stake
        c, d = v["inspect_cost"], v["detect"]
        assert ver.stake == stake > 0
        if c < d * h and b < d * (b + f):
            assert ver.result is not None
            (eq,) = list(ver.result)
            assert eq.profile[0][1] == c / (d * h)
            assert eq.profile[1][0] == b / (d * (b + f))
            assert eq.max_regret == 0
        else:
            assert violation_probability(ver) == 1
        assert r.quantities[key] == violation_probability(ver)


def test_cap_enters_the_inspection_game() -> None:
    """The stake of exceeding the cap is the future odds it restores, delta (p1(k) - p1(army)):
    a tighter cap makes violating more tempting (a larger gain), so in the mixed equilibrium
    Russia inspects more often, and the violation rate c/(d h) falls, since it is set by the
    inspector's payoffs (Avenhaus, von Stengel & Zamir 2002). A cap that limits nothing has
    nothing to verify."""
    loose, tight = vals(cap=800), vals(cap=400)
    assert cap_stake(tight) > cap_stake(loose) > 0
    assert inspection(tight).inspection > inspection(loose).inspection
    assert inspection(tight).violation < inspection(loose).violation
    assert cap_stake(vals(cap=880)) == 0 and inspection(vals(cap=880)).violation == 0


def test_russia_compliance_is_verified_too() -> None:
    r = MODEL.solve(flips=False)
    assert 0 < r.quantities["russia_violation_probability"] < 1
    assert r.equilibrium["russia_inspection"] and "Russia violates" in r.equilibrium["russia_inspection"][0]
    # weak verification of Russia alone makes the settlement unverifiable
    weak = MODEL.solve({"buildup": "1/50"}, flips=False)
    assert weak.outcome.key == "unverifiable" and weak.quantities["russia_violation_probability"] == 1


# --------------------------------------------------------------------------- model-level
@pytest.mark.parametrize(
    "over",
    [pytest.param({}, id="defaults"), pytest.param({"cap": 85}, id="istanbul-russian-cap"),
     pytest.param({"cap": 250}, id="istanbul-ukrainian-cap"), pytest.param({"cap": 800}, id="european-cap"),
     pytest.param({"guarantee_force": 3}, id="strong-guarantee"),
     pytest.param({"member": 1, "alliance_force": 3}, id="member"),
     pytest.param({"clause": 1, "cap": 200}, id="clause"),
     pytest.param({"pressure": 0, "spread": "1/20"}, id="no-pressure-narrow"),
     pytest.param({"inspect_cost": "1/10", "pressure": 0}, id="unverifiable")],
)
def test_outcome_key_agrees_with_analyse(over: dict[str, object]) -> None:
    v = MODEL.values(over)
    assert MODEL.outcome_key(v) == MODEL.analyse(v).outcome.key


def test_default_result() -> None:
    r = MODEL.solve(flips=False)
    assert r.outcome.key == "settlement"
    q = r.quantities
    assert q["guarantee_given"] is True and q["guarantee_force_in_effect"] == F(1, 2)
    assert q["peaceful_caps"] == [0, 880]
    assert q["without_guarantee"]["peaceful_caps"] == [F(36080, 149), 880]
    assert q["failure_probability"] == q["war_probability"] == F(1, 8)
    assert q["without_pressure"]["war_probability"] == F(1, 4)
    # with the guarantee Russia's odds fall (from 1/2 to 11/24): Russia is the declining side
    assert r.equilibrium["commitment_at_cap"]["declining"] == "Russia"
    # the headline says what exists, with the failure probability beside it, in percent
    assert r.statement.startswith("A settlement both sides can accept exists (talks fail with probability 12.5%)")
    assert "/" not in r.statement.replace("alliance and", "")  # no raw fractions in the text
    # one bargaining protocol in the statement; the alternating-offers split only in the JSON
    assert "alternating" not in r.statement and "rubinstein_split" in q


def test_guarantee_is_europes_choice() -> None:
    """Walter (2002): a third-party guarantee makes a settlement possible that the parties
    could not otherwise commit to; here it is Europe's choice, at a cost."""
    tight = MODEL.solve({"cap": 85}, flips=False)
    assert tight.outcome.key == "settlement" and tight.quantities["guarantee_given"] is True
    assert tight.quantities["without_guarantee"]["failure_probability"] == 1  # no deal without it
    # too costly: Europe withholds it, and the tight cap is no longer acceptable to Ukraine
    costly = MODEL.solve({"cap": 85, "guarantee_cost": 1}, flips=False)
    assert costly.quantities["guarantee_given"] is False and costly.outcome.key == "cap_too_tight"
    assert "Europe withholds the guarantee" in costly.statement
    tree = MODEL.build(MODEL.values())["guarantee"]
    assert isinstance(tree, gt.ExtensiveGame)


def test_guarantor_knows_a_strong_guarantee_shifts_power() -> None:
    """Powell (2006): a strong guarantee is itself a shift of power against Russia. Given,
    it would make Russia reject the terms; Europe, anticipating this, withholds it."""
    v = MODEL.values({"guarantee_force": 3})
    assert not deal(v, guarantee=True).acceptable and deal(v, guarantee=False).acceptable
    r = MODEL.solve({"guarantee_force": 3}, flips=False)
    assert r.quantities["guarantee_given"] is False and r.outcome.key == "settlement"
    assert "Russia would then reject the terms" in r.statement


def test_clause_trades_against_the_cap() -> None:
    """The clause barring Ukraine from the alliance is worth something to Russia (a concession
    it forfeits by fighting) and weakens the guarantee (no foreign troops): without a
    guarantee it lets Ukraine accept a tighter cap; it is reported beside the terms."""
    v = MODEL.values({"guarantee_cost": 1})
    without, with_c = deal(v, guarantee=False), deal(v, guarantee=False, clause=F(1))
    assert with_c.caps.tightest is not None and without.caps.tightest is not None
    assert with_c.caps.tightest < without.caps.tightest
    g_with = terms(v, guarantee=True, clause=F(1))
    assert g_with["gforce"] == v["guarantee_force"] * v["clause_keeps"]
    r = MODEL.solve({"guarantee_cost": 1}, flips=False)
    assert "with_clause" in r.quantities and "with the clause barring Ukraine" in r.statement
    with pytest.raises(gt.GameError, match="clause=1 bars Ukraine from the alliance"):
        MODEL.solve({"clause": 1, "member": 1})


def test_us_pressure_shifts_the_terms_against_ukraine() -> None:
    r = MODEL.solve({"guarantee_cost": 1}, flips=False)
    q = r.quantities
    assert q["offer_to_russia"] > q["without_pressure"]["offer_to_russia"]
    assert q["peaceful_caps"][0] < q["without_pressure"]["peaceful_caps"][0]
    assert "US pressure on Kyiv shifts the terms against Ukraine" in r.statement
    assert "good for peace" not in r.statement


def test_istanbul_caps() -> None:
    """Russia's 2022 demand (85,000) is too tight without a guarantee; Ukraine's 2022 offer
    (250,000) is acceptable even without one."""
    assert MODEL.solve({"cap": 85, "guarantee_cost": 1}, flips=False).outcome.key == "cap_too_tight"
    assert deal(MODEL.values({"cap": 250, "guarantee_cost": 1}), guarantee=False).acceptable
    r = MODEL.solve({"cap": 250, "guarantee_cost": 1}, flips=False)
    # acceptable, but at the defaults Russia's secret rearmament is too hard to deter
    assert r.outcome.key == "unverifiable" and "Russia from rearming in secret" in r.statement


@pytest.mark.parametrize(
    "over, message",
    [pytest.param({"cap": 900}, "cap .* must be at most army", id="cap-above-army"),
     pytest.param({"spread": "1/5"}, "spread .* must be at most c_R", id="negative-costs"),
     pytest.param({"clause": "1/2"}, "clause must be 0", id="clause-flag")],
)
def test_joint_restrictions(over: dict[str, object], message: str) -> None:
    with pytest.raises(gt.GameError, match=message):
        MODEL.solve(over)


def test_build_returns_the_engine_games() -> None:
    games = MODEL.build(MODEL.values())
    assert isinstance(games["inspection"], gt.NormalFormGame)
    assert isinstance(games["russia_inspection"], gt.NormalFormGame)
    assert isinstance(games["offer"], gt.ContinuousGame)
    r = gt.rubinstein(**games["rubinstein"])
    assert r.by_name() == MODEL.solve(flips=False).quantities["rubinstein_split"]
    assert gt.commitment_problem(**games["commitment"]).peace_possible is True


# --------------------------------------------------------------------------- world and scenarios
def test_defaults_are_the_world_defaults() -> None:
    w = WORLD.defaults()
    for lk in MODEL.world_links:
        assert lk.value(w) == MODEL.parameter(lk.parameter).default, lk.parameter
    assert MODEL.solve(world=w, flips=False).outcome.key == MODEL.solve(flips=False).outcome.key


SCENARIO_OUTCOMES = {
    "us-uncertain": ("settlement", True),
    "us-uncertain-ukraine-in": ("commitment_failure", True),
    "us-committed": ("fragile_settlement", True),
    "us-committed-ukraine-in": ("commitment_failure", True),
    "us-out": ("fragile_settlement", False),
    "us-out-ukraine-in": ("unverifiable", True),
    "us-coercive": ("settlement", False),
    "us-coercive-ukraine-in": ("unverifiable", True),
    "fuk-forward": ("fragile_settlement", False),
    "cold-war-nato": ("fragile_settlement", True),
    "crimea-2014": ("settlement", False),
}


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_scenario_solves(name: str) -> None:
    s = load(name)
    r = MODEL.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert (r.outcome.key, r.quantities["guarantee_given"]) == SCENARIO_OUTCOMES[name]
    assert r.statement.startswith(r.outcome.headline)


def test_history_crimea_2014_no_guarantee_and_terms_favour_russia() -> None:
    """Crimea 2014 and the Minsk agreements (Allison 2014): no Western power would guarantee
    Ukraine, and the ceasefires were signed without a guarantor on terms Russia could accept.
    The model: Europe withholds the guarantee (its costs are high, the US absent) and Ukraine
    must offer Russia at least half the stakes."""
    s = load("crimea-2014")
    r = MODEL.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert r.quantities["guarantee_given"] is False
    assert r.quantities["offer_to_russia"] >= F(1, 2)


def test_history_cold_war_nato_guarantee_given() -> None:
    """Cold-War NATO (Huth 1988): with a near-certain US commitment the guarantee is strong
    and worth giving. The ceasefire model has no deterrence outcome: the check is that the
    guarantee is given and lowers Russia's future odds below today's."""
    s = load("cold-war-nato")
    r = MODEL.solve(world=s.point(WORLD), scenario=s, flips=False)
    assert r.quantities["guarantee_given"] is True
    assert r.quantities["p_future_at_cap"] < r.quantities["p_now"]


def random_points(n: int, seed: int) -> list[dict[str, F]]:
    """Admissible parameter points drawn on a grid of simple rationals (reproducible)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        c_r = F(rng.randint(1, 10), 40)
        over: dict[str, object] = {
            "p_now": F(rng.randint(1, 19), 20), "c_R": c_r, "c_U": F(rng.randint(0, 10), 40),
            "pressure": F(rng.randint(0, 4), 40), "delta": F(rng.randint(1, 99), 100),
            "rebuild": F(rng.randint(2, 12), 4), "guarantee_force": F(rng.randint(0, 9), 4),
            "cap": rng.randint(0, 880), "inspect_cost": F(rng.randint(0, 10), 100),
        }
        over["spread"] = c_r * F(rng.randint(1, 4), 4)
        out.append(MODEL.values(over))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_random_points_agree_with_oracles(seed: int) -> None:
    for raw in random_points(15, seed):
        assert MODEL.outcome_key(raw) == MODEL.analyse(raw).outcome.key
        v = terms(raw, guarantee=guarantee_choice(raw).given)
        caps = peaceful_caps(v)
        assert caps.contains(v["cap"]) == powell_peace(v, p_future(v, v["cap"]))
        assert (best_offer(v).offer, best_offer(v).war_probability) == uniform_cost_oracle(v)


def _engine_rubinstein(v: dict[str, F]) -> gt.RubinsteinResult:
    return gt.rubinstein(**MODEL._rubinstein_inputs(terms(v)))


@pytest.mark.parametrize("scenario", sorted(builtin_scenarios()))
def test_closed_forms_agree_with_the_engine_at_every_scenario_point(scenario: str) -> None:
    """The report's commitment problem and Rubinstein split come from closed forms derived once in
    symbols (and kept on disk); the engine solved afresh at the scenario's point agrees."""
    from gametheory.models.ceasefire import commitment_at_cap, rubinstein_split

    v = MODEL.values(MODEL.from_world(load(scenario).point(WORLD)))
    t = terms(v)
    rub, engine = rubinstein_split(t), _engine_rubinstein(v)
    assert rub.shares == engine.by_name()
    assert rub.outside_option_binds == dict(zip(("Russia", "Ukraine"), map(bool, engine.outside_option_binds)))
    for k in (t["army"] * F(i, 4) for i in range(5)):
        pf = p_future(t, k)
        c = commitment_at_cap(t, pf)
        e = gt.commitment_problem(t["p_now"], pf, t["c_R"], t["c_U"] + t["pressure"], t["delta"],
                                  pie=1 - t["delta"], players=("Russia", "Ukraine"))
        assert c.peace_possible == bool(e.peace_possible)
        assert c.p_future_bounds == tuple(e.p_future_bounds)
        assert c.war_values_now == tuple(e.war_values_now)
        assert c.declining == e.declining


@given(st.fractions(0, F(19, 20), max_denominator=20), st.fractions(0, F(19, 20), max_denominator=20),
       st.sampled_from([F(0), F(1, 20), F(1, 2), F(1)]), st.fractions(F(1, 20), F(19, 20), max_denominator=20),
       st.fractions(F(1, 10), F(1, 2), max_denominator=20))
@settings(max_examples=60)
def test_rubinstein_closed_form_agrees_with_the_engine_at_random_points(dR: F, dU: F, breakdown: F, p_now: F,
                                                                        c_R: F) -> None:
    from gametheory.models.ceasefire import rubinstein_split

    v = MODEL.values({"patience_R": dR, "patience_U": dU, "breakdown": breakdown, "p_now": p_now, "c_R": c_R})
    rub, engine = rubinstein_split(terms(v)), _engine_rubinstein(v)
    assert rub.shares == engine.by_name()
    assert rub.outside_option_binds == dict(zip(("Russia", "Ukraine"), map(bool, engine.outside_option_binds)))
