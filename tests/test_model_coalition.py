"""The coalition model: membership stability (d'Aspremont et al. 1983; Barrett 1994) under a
coalition of the willing and EU unanimity."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.models import get_model
from gametheory.models.coalition import (
    CODES,
    NAMES,
    announcement_game,
    conditions,
    engine_stable_coalitions,
    eu_coalition,
    exact_key,
    float_key,
    fraction,
    payoff_table,
    payoffs,
    setup,
    spending,
    stable_coalitions,
)
from gametheory.models.world import WORLD, load, scenario_order

MODEL = get_model("coalition")


def _symmetric(n_eligible: int = 8) -> dict[str, Fraction]:
    """Identical players, no US, no tariff: Barrett's linear-benefit, quadratic-cost game."""
    over: dict[str, object] = {f"Y_{c}": 1000 for c in CODES}
    over.update({f"e_{c}": "1/2" for c in CODES})
    over.update({"T": 0, "b_US": 0, "rho": 0, "uk": 1, "ukraine": 1 if n_eligible == 8 else 0})
    return MODEL.values(over)


# --------------------------------------------------------------------------- the published result
def test_barrett_symmetric_linear_quadratic_stable_coalition_has_exactly_three_members() -> None:
    """Barrett (1994, Oxford Economic Papers 46, the Nash case with linear benefits) and
    d'Aspremont et al. (1983, Canadian J. Econ. 16(1), 17-25, internal/external stability); as
    summarised in Finus (2001, Game Theory and International Environmental Cooperation; chapter not checked):
    with N identical players, benefit b Q and cost q^2/(2G), the stable coalition has 3 members.

    By hand: an outsider spends G b, a member of k spends G k b, so with x = G b^2
    member payoff  pi_m(k) = x (k^2/2 + N - k),   outsider payoff  pi_n(k) = x (k^2 + N - k - 1/2).
    Internal stability pi_m(k) >= pi_n(k - 1)  <=>  (k - 1)(k - 3) <= 0  <=>  k <= 3;
    external stability pi_n(k) > pi_m(k + 1)    <=>  k (k - 2) > 0       <=>  k >= 3.
    """
    vals = _symmetric()
    s = setup(vals)
    n = len(CODES)
    b = Fraction(1, 2)
    G = vals["g"] * 1000
    x = G * b * b

    def member(k: int) -> Fraction:
        return x * (Fraction(k * k, 2) + n - k)

    def outsider(k: int) -> Fraction:
        return x * (k * k + n - k - Fraction(1, 2))

    # the model's payoffs are the hand formulas (k = 0 and 1: no coalition)
    for k in range(2, n + 1):
        row = [fraction(p) for p in payoffs(s, tuple(range(k)))]
        assert row[0] == member(k) and all(r == outsider(k) for r in row[k:])
    assert [fraction(p) for p in payoffs(s, ())] == [outsider(0)] * n == [outsider(1)] * n
    internal = [k for k in range(2, n + 1) if member(k) >= outsider(k - 1)]
    external = [k for k in range(2, n + 1) if k == n or outsider(k) > member(k + 1)]
    assert internal == [2, 3] and external == list(range(3, n + 1))
    assert sorted(set(internal) & set(external)) == [3]
    assert member(3) == outsider(2)  # at k = 3 a member is exactly indifferent about leaving
    # the model's enumeration and the engine's equilibria find exactly the 3-member coalitions
    want = sorted(frozenset(c) for c in itertools.combinations(range(n), 3))
    assert sorted(stable_coalitions(s), key=sorted) == sorted(want, key=sorted)
    assert sorted(engine_stable_coalitions(s), key=sorted) == sorted(want, key=sorted)
    res = MODEL.solve(vals, flips=False)
    assert len(res.quantities["willing_members"]) == 3
    assert all(len(row["members"]) == 3 for row in res.quantities["stable_coalitions"])
    assert any(d.startswith("knife-edge") for d in res.diagnostics)
    # every identical EU member gains from the EU coalition (6 members), which pools more
    assert res.outcome.key == "unanimity_stronger" and res.quantities["eu_forms"]


def test_weak_external_stability_at_two_is_broken_by_the_tie_convention() -> None:
    """At k = 2 an outsider is exactly indifferent about joining (k (k - 2) = 0): the engine's
    pure equilibria include the pairs, the d'Aspremont convention (an indifferent outsider joins)
    drops them."""
    s = setup(_symmetric())
    game = announcement_game(s)
    from gametheory.normal.solvers.pure import pure_solve

    sizes = {sum(int(p[1] == 1) for p in eq.profile) for eq in pure_solve(game)}
    assert {2, 3} <= sizes
    assert {len(c) for c in engine_stable_coalitions(s, game)} == {3}


# --------------------------------------------------------------------------- stage 2
def test_spending_is_the_dominant_choice() -> None:
    """Members maximise their summed payoff, outsiders their own: the first-order conditions
    hold exactly (each objective is a concave quadratic in the spending, so they are sufficient)."""
    vals = MODEL.values()
    s = setup(vals)
    for members in ((0, 5), (0, 1, 2, 5), tuple(s.eligible)):
        q = spending(s, members)
        a = sum((s.exp[i] for i in members), 0 * s.rho)
        for i in range(len(CODES)):
            # d/dq_i of (sum over members of v e_j Q) + rho q_i - q_i^2/(2 g Y_i), or of i's own payoff
            slope = (a if i in members else s.exp[i]) + s.rho - q[i] / s.cap[i]
            assert slope == 0


def test_fast_payoff_table_matches_the_payoff_formula() -> None:
    for over in ({}, {"ukraine": 1, "T": 1, "m": "1/3"}, {"uk": 0, "b_US": 1}):
        s = setup(MODEL.values(over))
        table = payoff_table(s)
        for c, row in table.items():
            assert [fraction(x) for x in row] == [fraction(x) for x in payoffs(s, tuple(sorted(c)))]


# --------------------------------------------------------------------------- engine vs fast paths
def _points() -> list[dict[str, Fraction]]:
    pts = [MODEL.values()]
    for name in scenario_order():
        sc = load(name)
        w = sc.point(WORLD)
        pts.append(MODEL.values({**MODEL.from_world(w), **sc.model_settings(MODEL)}))
    rng = random.Random(19)
    for _ in range(40):
        over: dict[str, object] = {f"e_{c}": Fraction(rng.randint(0, 24), 8) for c in CODES}
        over.update({"T": Fraction(rng.randint(0, 12), 4), "m": Fraction(rng.randint(0, 4), 4),
                     "b_US": Fraction(rng.randint(0, 4), 4), "s_US": Fraction(rng.randint(0, 4), 4),
                     "g": Fraction(rng.randint(1, 20), 1000), "uk": rng.randint(0, 1), "ukraine": rng.randint(0, 1)})
        pts.append(MODEL.values(over))
    return pts


def test_engine_and_fast_paths_agree_at_defaults_scenarios_and_random_points() -> None:
    for vals in _points():
        s = setup(vals)
        assert engine_stable_coalitions(s) == stable_coalitions(s)
        res = MODEL.analyse(vals)
        assert exact_key(vals) == res.outcome.key
        assert float_key({k: float(x) for k, x in vals.items()}) == res.outcome.key
        assert not any("disagree" in d for d in res.diagnostics)


# --------------------------------------------------------------------------- results
def test_defaults_a_veto_blocks_the_eu_and_the_frontline_forms_the_coalition() -> None:
    res = MODEL.solve(flips=False)
    q = res.quantities
    assert res.outcome.key == "unanimity_blocked"
    assert q["willing_members"] == ["Poland/Baltics", "Nordics"]
    assert "Hungary" in q["vetoes"] and not q["eu_forms"]
    assert q["eu_gains"]["Hungary"] < 0
    assert q["willing_spending"] > q["no_coalition_spending"]
    assert q["bloc_capability"] == MODEL.values()["E"] * (480 + q["bloc_spending"]) / 480
    assert res.statement.startswith(res.outcome.headline)


def test_unanimity_forms_without_a_spoiler_and_the_variants_table() -> None:
    res = MODEL.solve({"T": 3}, flips=False)
    assert res.outcome.key == "unanimity_stronger" and res.quantities["vetoes"] == []
    assert res.quantities["eu_spending"] > res.quantities["willing_spending"]
    var = MODEL.solve(flips=False).quantities["variants"]
    for key, row in var.items():
        uk, ua = "uk_in" in key, "ukraine_in" in key
        alone = MODEL.solve({"uk": int(uk), "ukraine": int(ua)}, flips=False).quantities
        assert row["willing"] == alone["willing_members"] and row["vetoes"] == alone["vetoes"]


def test_us_tariffs_on_laggards_enlarge_and_on_members_shrink_the_coalition() -> None:
    laggards = MODEL.solve({"T": 2, "m": 0, "b_US": 1}, flips=False)
    members = MODEL.solve({"T": 3, "m": 1}, flips=False)
    assert laggards.outcome.key == "willing_stronger"
    assert len(laggards.quantities["willing_members"]) == 7  # every eligible state
    assert len(MODEL.solve({"T": 3, "m": 0}, flips=False).quantities["willing_members"]) > 2
    assert members.outcome.key == "no_coalition" and members.quantities["willing_cycle"]


def test_world_links_and_every_scenario_runs() -> None:
    w = dict(WORLD.defaults())
    assert MODEL.from_world({**w, "us_coercion": Fraction(3)})["T"] == Fraction(3, 2)
    for name in scenario_order():
        sc = load(name)
        res = MODEL.solve(world=sc.point(WORLD), scenario=sc, flips=False)
        assert res.outcome.key in {o.key for o in MODEL.outcomes}


def test_eu_coalition_is_the_eu_members() -> None:
    s = setup(MODEL.values())
    members, vetoes, gains = eu_coalition(s)
    assert {NAMES[i] for i in members} == {"Poland/Baltics", "Germany", "France", "Italy/South", "Nordics", "Hungary"}
    assert len(gains) == 6 and set(vetoes) <= set(members)


@pytest.mark.parametrize("args", [["model", "coalition", "--no-flips"], ["model", "coalition", "--format", "json"]])
def test_cli(args: list[str]) -> None:
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    assert "coalition" in out.output.lower()


def test_flips_in_the_tariff_are_exact_and_real() -> None:
    res = MODEL.solve()
    by = {(f.parameter, f.direction): f for f in res.flips}
    f = by[("T", "up")]
    assert f.exact and f.to == "unanimity_stronger"
    x = Fraction(f.value)
    # a deciding condition (an EU member's gain) is exactly zero there; the EU forms from there on
    assert 0 in conditions(MODEL.values({"T": x}))
    assert exact_key(MODEL.values({"T": x - Fraction(1, 10**9)})) == res.outcome.key
    assert exact_key(MODEL.values({"T": x})) == "unanimity_stronger"
    assert ("T", "down") not in by  # at the defaults the frontline pair needs no US pressure
    assert "rho" not in {fl.parameter for fl in res.flips}  # the joint product cancels from every condition


def test_stage_two_spending_is_the_engines_equilibrium() -> None:
    """The members' joint objective is separable in their spending, so the coalition's optimum
    is the Nash equilibrium of the game in which each member maximises the members' summed
    payoff and each outsider its own; the engine's continuous solver finds the closed form."""
    import gametheory as gt

    s = setup(MODEL.values())
    members = (0, 5)  # Poland/Baltics and the Nordics
    n = len(CODES)
    total = " + ".join(f"q{i}" for i in range(n))

    def own(i: int) -> str:
        e, r, c = fraction(s.exp[i]), fraction(s.rho), fraction(s.cap[i])
        return f"({e})*({total}) + ({r})*q{i} - q{i}**2/(2*({c}))"

    utilities = [" + ".join(own(j) for j in members) if i in members else own(i) for i in range(n)]
    game = gt.ContinuousGame(list(NAMES), [(f"q{i}", 0, int(fraction(s.gdp[i]))) for i in range(n)], utilities)
    res = gt.solve_continuous(game)
    want = [fraction(x) for x in spending(s, members)]
    got = [Fraction(str(res.choices[name])) for name in NAMES]
    assert got == want
