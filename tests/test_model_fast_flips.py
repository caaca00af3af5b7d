"""Fast flips and fast outcome keys of ultimatum, ceasefire and alliance against the exact paths.

Each model's ``flip_points`` scans in floats and confirms exactly (or solves closed forms);
here they must agree with the old numeric scan (:func:`gametheory.modeling.flips.nearest_flips`,
exact bisection on every step) within its accuracy, at the defaults and at two scenario points,
and the fast outcome keys must equal the engine's path at random points.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.modeling.flips import nearest_flips
from gametheory.modeling.model import Model
from gametheory.models import get_model
from gametheory.models.ceasefire import fast_violation, inspection_game
from gametheory.models.world import WORLD, load

POINTS = (None, "us-coercive", "crimea-2014")


def _point(model: Model, name: str | None) -> Any:
    if name is None:
        return model.solve(flips=False)
    s = load(name)
    return model.solve(world=s.point(WORLD), scenario=s, flips=False)


def _old_flips(model: Model, values: dict, current: str) -> list:
    if model.name == "alliance":  # the old alliance scan classified in floats
        return [f for p in model.parameters if p.name not in model.no_flips
                for f in nearest_flips(model, values, p, current, classify=model._fast_outcome)]  # type: ignore[attr-defined]
    return Model.flip_points(model, values, current)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p or "defaults")
@pytest.mark.parametrize("name", ["ultimatum", "ceasefire", "alliance"])
def test_fast_flips_agree_with_the_old_scan(name: str, point: str | None) -> None:
    m = get_model(name)
    r = _point(m, point)
    new = {(f.parameter, f.direction): f for f in m.flip_points(r.values, r.outcome.key)}
    old = {(f.parameter, f.direction): f for f in _old_flips(m, r.values, r.outcome.key)}
    # M_R only converts units in the alliance: the old scan never found a flip in it either
    assert set(new) == set(old)
    for k, f in new.items():
        o = old[k]
        assert f.to == o.to, k
        assert abs(F(f.value) - F(o.value)) <= o.accuracy + f.accuracy, k
        if f.exact:
            assert f.accuracy == 0


@pytest.mark.parametrize("name", ["ultimatum", "ceasefire"])
def test_exact_flips_sit_on_the_boundary(name: str) -> None:
    """An exact flip: the outcome differs just beyond it (engine path), and not just before."""
    m = get_model(name)
    for point in POINTS:
        r = _point(m, point)
        for f in m.flip_points(r.values, r.outcome.key):
            if not f.exact:
                continue
            eps = F(1, 10**12) * (1 if f.direction == "up" else -1)
            before, beyond = dict(r.values), dict(r.values)
            before[f.parameter] = f.value - eps
            beyond[f.parameter] = f.value + eps
            assert m.solve(before, flips=False).outcome.key == r.outcome.key
            try:
                got = m.solve(beyond, flips=False).outcome.key
            except gt.GameError:  # the flip sits at the end of the admissible interval
                got = m.solve({**r.values, f.parameter: f.value}, flips=False).outcome.key
            assert got == f.to


def frac(lo: int, hi: int, den: int = 997) -> st.SearchStrategy[F]:
    return st.integers(lo * den, hi * den).map(lambda k: F(k, den))


@settings(max_examples=40, deadline=None)
@given(gain=frac(0, 1), penalty=frac(0, 1), cost=frac(0, 1, 50), detect=frac(0, 1).filter(lambda d: d > 0))
def test_fast_violation_is_the_engines_largest_violation_rate(gain: F, penalty: F, cost: F, detect: F) -> None:
    want = F(0)
    if gain > 0:
        res = gt.solve(inspection_game(gain, penalty, cost, gain, detect))
        want = max(F(e.profile[0][1]) for e in res)
    assert fast_violation(gain, penalty, cost, detect) == want


CEASEFIRE_DRAWS = {
    "p_now": frac(0, 1).filter(lambda x: 0 < x < 1), "rebuild": frac(1, 3, 20).map(lambda x: x + F(1, 4)),
    "guarantee_force": frac(0, 3, 20), "cap": frac(100, 880, 1), "clause": st.sampled_from([F(0), F(1)]),
    "guarantee_cost": frac(0, 1, 20), "war_burden": frac(0, 1, 20), "c_R": frac(0, 1, 20).map(lambda x: x / 2),
    "c_U": frac(0, 1, 20).map(lambda x: x / 2), "pressure": frac(0, 1, 20).map(lambda x: x / 5),
    "penalty": frac(0, 1, 20), "buildup": frac(0, 1, 20), "inspect_cost": frac(0, 1, 200).map(lambda x: x / 10),
    "tolerance": frac(0, 1, 20),
}


@settings(max_examples=60, deadline=None)
@given(**CEASEFIRE_DRAWS)
def test_ceasefire_fast_key_is_the_engine_path(**kw: F) -> None:
    m = get_model("ceasefire")
    kw["spread"] = min(kw["c_R"], F(1, 10)) or F(1, 100)
    kw["c_R"] = max(kw["c_R"], kw["spread"])
    values = m.values(kw)
    exact = m.engine_outcome_key(values)  # type: ignore[attr-defined]
    assert m.outcome_key(values) == exact
    assert m.solve(values, flips=False).outcome.key == exact
    # floats: the same conditions; they may differ only where a deciding condition is exactly zero
    if all(q != 0 for q in m.conditions(values)):  # type: ignore[attr-defined]
        assert m.fast_outcome_key({k: float(v) for k, v in values.items()}) == exact  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None)
@given(u_US=frac(0, 1), rho_F=frac(0, 1), rho=frac(0, 1), e=frac(0, 1), k_F=frac(0, 30), t_F=frac(0, 20),
       D_E=frac(1, 200), L_E=frac(1, 60))
def test_ultimatum_float_key_is_the_engine_path(**kw: F) -> None:
    m = get_model("ultimatum")
    values = m.values(kw)
    exact = m.solve(values, flips=False).outcome.key
    assert m.outcome_key(values) == exact
    if all(q != 0 for q in m.conditions(values)):  # type: ignore[attr-defined]  # no exact tie
        assert m.fast_outcome_key({k: float(v) for k, v in values.items()}) == exact  # type: ignore[attr-defined]


def test_ultimatum_map_grid_fast_key_is_the_engine_path() -> None:
    """The ultimatum map: us_umbrella x fuk_resolve on a grid, fast key against the engine."""
    m = get_model("ultimatum")
    base = WORLD.defaults()
    for i in range(9):
        for j in range(9):
            w = {**base, "us_umbrella": F(i, 8), "fuk_resolve": F(j, 8)}
            values = m.values(m.from_world(w))
            exact = m.solve(values, flips=False).outcome.key
            assert m.fast_outcome_key({k: float(v) for k, v in values.items()}) == exact  # type: ignore[attr-defined]


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p or "defaults")
def test_alliance_fast_key_is_the_engine_path(point: str | None) -> None:
    m = get_model("alliance")
    r = _point(m, point)
    assert m._fast_outcome(r.values) == r.outcome.key  # type: ignore[attr-defined]


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p or "defaults")
def test_alliance_bloc_by_the_contributor_condition_is_the_engines(point: str | None) -> None:
    from gametheory.models.alliance import EUROPEANS, _floor_equilibrium

    m = get_model("alliance")
    r = _point(m, point)
    v = r.values
    (w,) = _floor_equilibrium(float(v["a"]), float(v["f"]), [float(sum(v[f"Y_{c}"] for _, c in EUROPEANS))])
    assert w == pytest.approx(float(r.quantities["bloc_spending"]), rel=1e-12)


@pytest.mark.parametrize("scenario", ["us-committed", "us-out", "us-coercive-ukraine-in", "cold-war-nato",
                                      "crimea-2014"])
def test_alliance_outcome_key_is_the_engines_at_scenarios(scenario: str) -> None:
    m, s = get_model("alliance"), load(scenario)
    r = m.solve(s.model_settings(m), flips=False, world=s.point(WORLD), scenario=s)
    assert m.outcome_key(r.values) == r.outcome.key


@settings(max_examples=12)
@given(e_cap=st.integers(1, 60).map(lambda k: F(k, 20)), b_us=st.integers(0, 20).map(lambda k: F(k, 20)),
       c_r=st.integers(1, 20).map(lambda k: F(k, 20)))
def test_alliance_outcome_key_is_the_engines_at_random_points(e_cap: F, b_us: F, c_r: F) -> None:
    m = get_model("alliance")
    vals = m.values({"E": e_cap, "b_US": b_us, "c_R": c_r})
    assert m.outcome_key(vals) == m.analyse(vals).outcome.key
