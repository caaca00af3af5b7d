"""The coercion model (Europe between Russia and a coercive US): its direct enumeration against
the engine, the hand-derived thresholds of compliance and autonomy (Morrow 1991), and Kydd's
(1997, 2005) reassurance condition and spiral-or-deterrence threshold in the variant."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest

from gametheory.models import get_model
from gametheory.models.coercion import (
    OUTCOMES,
    pure_pbe,
    reassurance_interval,
    sequential_pure,
    spiral_readings,
)
from gametheory.models.world import WORLD, load, scenario_order

M = get_model("coercion")


def _engine_profiles(values: dict[str, Fraction]) -> list[dict[str, str]]:
    res = sequential_pure(M.build(values))
    return [{h: next(a for a, p in eq.behavior[h].items() if p == 1) for h in eq.behavior} for eq in res]


def _random_point(rng: random.Random) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for p in M.parameters:
        lo, hi = (Fraction(x) for x in p.sample_bounds())
        hi = min(hi, lo + 3)  # keep the stakes on one scale, so every branch matters
        out[p.name] = lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)
    return M.values(out)


def _random_points() -> list[dict[str, Fraction]]:
    rng = random.Random(6)
    return [_random_point(rng) for _ in range(40)]


def _points() -> list[dict[str, Fraction]]:
    pts = [M.values()]
    pts += [M.values(M.from_world(load(name).point(WORLD))) for name in scenario_order()]
    return pts + _random_points()


def _key(profile: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(profile.items()))


@pytest.mark.parametrize("values", _points())
def test_direct_enumeration_equals_the_engine(values: dict[str, Fraction]) -> None:
    """:func:`pure_pbe` finds exactly the engine's pure perfect Bayesian assessments that pass
    the sequential check, and the outcome key equals the full solve's."""
    assert sorted(map(_key, pure_pbe(values))) == sorted(map(_key, _engine_profiles(values)))
    assert M.outcome_key(values) == M.solve(values, flips=False).outcome.key


@pytest.mark.parametrize("values", _points()[:20])
def test_consistency_filter_agrees_with_the_sequential_check(values: dict[str, Fraction]) -> None:
    """Where the engine's sequential-equilibrium check decides, it keeps exactly the pure
    assessments the common-belief filter keeps."""
    from gametheory.extensive.solvers.pbe import perfect_bayesian
    from gametheory.extensive.solvers.refine import sequential_check

    game = M.build(values)
    kept = {_key(p) for p in _engine_profiles(values)}
    for eq in perfect_bayesian(game, mixed=False):
        verdict = sequential_check(game, eq).passed
        if verdict is not None:
            prof = {h: next(a for a, p in eq.behavior[h].items() if p == 1) for h in eq.behavior}
            assert verdict == (_key(prof) in kept)


@pytest.mark.parametrize("values", _random_points())
def test_float_classifier_agrees_off_ties(values: dict[str, Fraction]) -> None:
    assert M.fast_outcome_key({k: float(x) for k, x in values.items()}) == M.outcome_key(values)


@pytest.mark.parametrize("name", scenario_order())
def test_every_builtin_scenario_runs(name: str) -> None:
    sc = load(name)
    res = M.solve(world=sc.point(WORLD), scenario=sc, flips=False)
    dist = res.quantities["outcome_probabilities"]
    assert sum(dist.values()) == 1 and all(v >= 0 for v in dist.values())
    assert res.outcome.key in {o.key for o in OUTCOMES}
    assert res.quantities["rearmament"] in ("provokes", "deters", "no effect")


def test_inconsistent_beliefs_are_dropped() -> None:
    """With a surely committed US, weak PBE lets Russia punish counter-coercion by believing,
    against Bayes' rule, that the US is transactional; the sequential check drops that."""
    from gametheory.extensive.solvers.pbe import perfect_bayesian

    vals = M.values({"p_C": 1})
    weak = perfect_bayesian(M.build(vals), mixed=False)
    assert len(weak) == len(_engine_profiles(vals)) + 1
    assert M.solve(vals, flips=False).outcome.key == "counter_coercion"


def test_compliance_buys_protection_and_autonomy_costs_backing() -> None:
    """Morrow (1991)'s autonomy-security trade-off, derived by hand at the defaults. A
    transactional US answers a probe iff u_T + r_T [Europe paid] >= c_US: 1/4 + 1/2 >= 1/2 after
    compliance, 1/4 < 1/2 otherwise; a committed one always (u_C = 1 >= 1/2). Both types offer
    (a transactional US gets d = 1/2 > s_T = 1/3 from a paid bundle), so US backing is 1 after
    compliance and p_C = 1/2 after building: autonomy costs (1 - p_C) of US backing. The
    thresholds: r_T = c_US - u_T = 1/4 (below it compliance buys nothing and the pooling offer
    collapses), d = s_T = 1/3 (below it a transactional US prefers the deal), d = b + tau = 1
    (above it Europe would rather build)."""
    v = M.values()
    res = M.solve()
    q = res.quantities
    assert res.outcome.key == "bought_protection" and q["compliance_buys_protection"]
    assert q["backing_after_comply"] == 1 and q["backing_after_build"] == v["p_C"]
    assert q["autonomy_backing_change"] == -(1 - v["p_C"])
    assert not q["probe_after_comply"] and q["probe_probability"] == 0
    got = {(f.parameter, f.direction): (Fraction(f.value), f.to) for f in res.flips}
    assert got[("r_T", "down")] == (v["c_US"] - v["u_T"], "deal_over_europe")
    assert got[("d", "down")] == (v["s_T"], "deal_over_europe")
    assert got[("d", "up")] == (v["b"] + v["tau"], "deal_over_europe")
    low = M.solve({"r_T": "1/5"}, flips=False)  # a transactional US offers nothing worth paying for
    assert low.outcome.key == "deal_over_europe" and low.quantities["belief_committed_after_offer"] == 1


def test_coercion_works_only_while_protection_is_in_doubt() -> None:
    """Europe pays only while a Russian probe after counter-coercion stays profitable: Russia
    probes after counter-coercion iff mu (-a) + (1 - mu) g > 0, i.e. mu < g / (g + a) = 2/3.
    Above p_C = 2/3 the pooling offer fails: a transactional US reveals itself by dealing and
    Europe counter-coerces the committed one (the moral hazard of an unconditional guarantee;
    Snyder 1984)."""
    v = M.values()
    p_star = v["g"] / (v["g"] + v["a"])
    assert p_star == Fraction(2, 3)
    res = M.solve()
    assert [(Fraction(f.value), f.to) for f in res.flips if f.parameter == "p_C"] == [(p_star, "counter_coercion")]
    assert M.solve({"p_C": p_star - Fraction(1, 100)}, flips=False).outcome.key == "bought_protection"
    assert M.solve({"p_C": p_star + Fraction(1, 100)}, flips=False).outcome.key == "counter_coercion"


def _has_separating(overrides: dict[str, object]) -> bool:
    return any(x["kind"] == "separating" for x in spiral_readings(M.values(overrides)))


def test_kydd_reassurance_condition() -> None:
    """Kydd (1997, Security Studies 7(1); 2005): a security seeker can reassure by costly
    restraint iff the cost lies between the two types' thresholds. Here: in a separating
    equilibrium a rearmed Europe is known hostile, so a security-seeking Russia probes after
    rearmament (f_S = 1 > c_S = 1/2) and an expansionist one only after restraint (0 < g = 1 <
    w_B = 3/2): P_A = 1 - e_R = 2/3, P_N = e_R = 1/3. The defensive type restrains iff
    -P_N L >= -k_A - P_A l, i.e. k_A >= k_low = P_N L - P_A l = 2/3 - 2/5 = 4/15; the hostile
    type arms iff beta_H - k_A - P_A l >= -P_N L, i.e. k_A <= k_high = k_low + beta_H = 19/15.
    The engine's PBE set contains the separating equilibrium exactly on [4/15, 19/15]."""
    v = M.values()
    k_low, k_high, p_a, p_n = reassurance_interval(v)
    assert (p_a, p_n) == (1 - v["e_R"], v["e_R"]) == (Fraction(2, 3), Fraction(1, 3))
    assert (k_low, k_high) == (Fraction(4, 15), Fraction(19, 15))
    eps = Fraction(1, 1000)
    assert not _has_separating({"k_A": k_low - eps})
    assert _has_separating({"k_A": k_low}) and _has_separating({"k_A": "1/2"}) and _has_separating({"k_A": k_high})
    assert not _has_separating({"k_A": k_high + eps})


@pytest.mark.parametrize("e_R, effect", [("1/3", "provokes"), ("1/2", "no effect"), ("2/3", "deters")])
def test_spiral_or_deterrence_threshold(e_R: str, effect: str) -> None:
    """In the separating (reassurance) equilibrium rearmament raises the probe probability by
    (1 - e_R) (security seekers frightened: spiral) and lowers it by e_R (expansionists
    deterred): it provokes iff e_R < 1/2. At k_A = 6/5 the separating equilibrium exists for all
    three values (k_low = 4/15, 7/10, 17/15 respectively)."""
    res = M.solve({"e_R": e_R, "k_A": "6/5"}, flips=False)
    assert res.quantities["spiral_equilibrium"] == "separating"
    assert res.quantities["rearmament"] == effect


def test_no_compiled_classifier_and_monte_carlo_runs() -> None:
    from gametheory.sensitivity.compiled import has_compiled
    from gametheory.sensitivity.scenarios import scenario_montecarlo

    assert not has_compiled(M, ("p_C",))
    sc = load("us-coercive")
    res = scenario_montecarlo(M, sc, WORLD, draws=12, seed=3)
    assert sum(res.counts.values()) == 12


def test_spiral_memo_keys_are_every_value_the_spiral_tree_reads() -> None:
    """spiral_readings keeps its readings per value of _SPIRAL_KEYS: that is sound only if the
    spiral tree (and the reading of its equilibria) reads no other parameter."""
    from collections.abc import Mapping as _Mapping

    from gametheory.models import coercion as C

    class Recording(_Mapping[str, Any]):
        def __init__(self, data: dict[str, Any]) -> None:
            self.data, self.read = data, set()

        def __getitem__(self, key: str) -> Any:
            self.read.add(key)
            return self.data[key]

        def __iter__(self) -> Any:
            return iter(self.data)

        def __len__(self) -> int:
            return len(self.data)

    rec = Recording(dict(get_model("coercion").values()))
    game = C.spiral_tree(rec)
    for eq in C.perfect_bayesian(game):
        C._spiral_reading(game, eq, rec)
    assert rec.read <= set(C._SPIRAL_KEYS)
    # and the memo gives what a fresh solve gives, at another point too
    other = {**rec.data, "e_R": Fraction(3, 4), "k_A": Fraction(1, 2)}
    C._SPIRAL_MEMO.clear()
    fresh = C.spiral_readings(other)
    assert C.spiral_readings(other) == fresh and len(C._SPIRAL_MEMO) == 1
