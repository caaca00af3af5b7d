"""Exact flips of the tree models (RegimesIn.flip_points through the univariate engine)
against the numeric scan, and their fast outcome_key against analyse."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest

from gametheory.errors import GameError
from gametheory.modeling.flips import nearest_flips
from gametheory.models import get_model
from gametheory.models import world as W

MODELS = ("escalation", "extended_deterrence", "patron", "shaping")
SCENARIOS = ("us-out", "crimea-2014")


def _point(m: Any, scenario: str | None) -> tuple[dict[str, Fraction], str]:
    if scenario is None:
        r = m.solve(flips=False)
    else:
        sc = W.load(scenario)
        r = m.solve(flips=False, world=sc.point(W.WORLD), scenario=sc)
    return r.values, r.outcome.key


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
@pytest.mark.parametrize("name", MODELS)
def test_exact_flips_agree_with_the_scan(name: str, scenario: str | None) -> None:
    m = get_model(name)
    values, current = _point(m, scenario)
    exact = m.flip_points(values, current)
    scanned = [f for p in m.parameters if p.name not in m.no_flips
               for f in nearest_flips(m, values, p, current)]
    assert all(f.exact and f.accuracy == 0 and isinstance(f.value, Fraction) for f in exact)
    key = sorted((f.parameter, f.direction, f.to) for f in exact)
    assert key == sorted((f.parameter, f.direction, f.to) for f in scanned)
    by = {(f.parameter, f.direction): f for f in scanned}
    for f in exact:
        s = by[(f.parameter, f.direction)]
        assert abs(f.value - Fraction(s.value)) <= s.accuracy
        # the engine confirms: the current outcome just inside, the new one just beyond
        eps = Fraction(1, 10**12)
        step = -eps if f.direction == "down" else eps
        if f.value != values[f.parameter]:
            assert m.analyse({**values, f.parameter: f.value - step}).outcome.key == current
        assert m.analyse({**values, f.parameter: f.value + step}).outcome.key == f.to


def _random_points(m: Any, n: int, seed: int) -> list[dict[str, Fraction]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        v = m.values()
        for p in m.parameters:
            if rng.random() < 0.5:
                lo, hi = p.sample_bounds()
                v[p.name] = Fraction(rng.randint(0, 64), 64) * Fraction(min(hi, 20) - lo) + Fraction(lo)
        try:
            for k, x in v.items():
                m.parameter(k).check(x)
            m.check_values(v)
        except GameError:
            continue
        out.append(v)
    return out


@pytest.mark.parametrize("name", MODELS)
def test_outcome_key_is_the_analysed_outcome(name: str) -> None:
    m = get_model(name)
    points = [m.values()]
    for sn in W.scenario_order():
        points.append(_point(m, sn)[0])
    points += _random_points(m, 25, seed=7)
    for v in points:
        assert m.outcome_key(v) == m.analyse(v).outcome.key


@pytest.mark.parametrize("name", MODELS)
def test_exact_flips_at_random_points_are_confirmed_by_the_engine(name: str) -> None:
    m = get_model(name)
    for v in _random_points(m, 4, seed=11):
        current = m.outcome_key(v)
        for f in m.flip_points(v, current):
            p = m.parameter(f.parameter)
            eps = Fraction(1, 10**12)
            beyond = f.value + (eps if f.direction == "up" else -eps)
            try:
                p.check(beyond)
            except GameError:  # a flip at the end of the interval: the end itself differs
                assert m.outcome_key({**v, f.parameter: f.value}) == f.to
                continue
            assert m.outcome_key({**v, f.parameter: beyond}) == f.to


def test_patron_windows_match_the_symbolic_regimes() -> None:
    m = get_model("patron")
    points = [m.values(), *(_point(m, sn)[0] for sn in W.scenario_order()), *_random_points(m, 8, seed=3)]
    for v in points:
        for name in m.window_parameters:
            p = m.parameter(name)
            lo, hi = Fraction(p.lower), Fraction(p.upper)
            assert m._window_by_pieces(name, v, lo, hi) == m._window_symbolic(name, v, lo, hi)


@pytest.mark.parametrize("scenario", [None, "us-out", "crimea-2014"])
def test_deterrence_flips_agree_with_its_scan(scenario: str | None) -> None:
    m = get_model("deterrence")
    values, current = _point(m, scenario)
    exact = m.flip_points(values, current)
    scanned = [f for n in m.flip_parameters
               for f in nearest_flips(m, values, m.parameter(n), current, grid=6, rel_tol=Fraction(1, 10**3))]
    assert all(f.exact and f.accuracy == 0 for f in exact)
    assert sorted((f.parameter, f.direction, f.to) for f in exact) == sorted(
        (f.parameter, f.direction, f.to) for f in scanned)
    by = {(f.parameter, f.direction): f for f in scanned}
    for f in exact:
        assert abs(f.value - Fraction(by[(f.parameter, f.direction)].value)) <= by[(f.parameter, f.direction)].accuracy
        eps = Fraction(1, 10**9)
        beyond = f.value + (eps if f.direction == "up" else -eps)
        assert m.outcome_key({**values, f.parameter: beyond}) == f.to


@pytest.mark.parametrize("scenario", [None, "crimea-2014"])
@pytest.mark.parametrize("name", [*MODELS, "deterrence"])
def test_no_outcome_change_before_the_nearest_flip(name: str, scenario: str | None) -> None:
    """Sampled points between the current value and each flip (or the interval's end) keep the
    current outcome: the cuts missed no change."""
    m = get_model(name)
    values, current = _point(m, scenario)
    flips = {(f.parameter, f.direction): f.value for f in m.flip_points(values, current)}
    rng = random.Random(5)
    names = getattr(m, "flip_parameters", None) or [p.name for p in m.parameters if p.name not in m.no_flips]
    for pname in names:
        p = m.parameter(pname)
        lo, hi = p.sample_bounds()
        x0 = values[pname]
        for direction, end in (("down", Fraction(lo)), ("up", Fraction(hi))):
            stop = flips.get((pname, direction), end)
            for _ in range(4):
                x = x0 + (stop - x0) * Fraction(rng.randint(1, 999), 1000)
                v = {**values, pname: x}
                try:
                    p.check(x)
                    m.check_values(v)
                except GameError:
                    continue
                assert m.outcome_key(v) == current, (pname, direction, x)
