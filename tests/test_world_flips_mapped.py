"""World flips mapped from parameter flips (affine links) agree with the numeric scan."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.flips import affine_link, world_flips
from gametheory.modeling.world import WorldLink, link
from gametheory.models import MODELS, get_model, world
from gametheory.symbolic import Parameter


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMETHEORY_CACHE", "off")


def _same(a: list, b: list, x0: dict, outcome) -> None:  # type: ignore[no-untyped-def, type-arg]
    """The mapped flips ``a`` are the scanned flips ``b`` (variable, direction, outcome), values within
    their accuracy, except where the scan, on its coarser grid, stepped over a narrow window of
    another outcome: then the mapped flip is nearer, and solving on either side of it confirms it."""
    ka = {(f.parameter, f.direction): f for f in a}
    kb = {(f.parameter, f.direction): f for f in b}
    assert set(ka) == set(kb)
    for k, fa in ka.items():
        fb = kb[k]
        if abs(fa.value - fb.value) <= fa.accuracy + fb.accuracy:
            assert fa.to == fb.to, k
            continue
        assert abs(fa.value - x0[k[0]]) < abs(fb.value - x0[k[0]]), (k, float(fa.value), float(fb.value))
        step = max(2 * fa.accuracy, Fraction(1, 10**6)) * (1 if k[1] == "up" else -1)
        assert outcome(k[0], fa.value - step) != fa.to and outcome(k[0], fa.value + step) == fa.to, k


@pytest.mark.parametrize("scenario", ["us-uncertain", "us-out"])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_mapped_flips_equal_the_scan(name: str, scenario: str) -> None:
    m = get_model(name)
    s = world.load(scenario)
    point = s.point(world.WORLD)
    current = m.solve(flips=False, world=point, scenario=s).outcome.key
    fixed = s.model_settings(m)
    affine = [v for v in m.world_variables() if world.WORLD.variable(v).kind != "flag" and affine_link(m, point, v)]
    assert affine, "every model reads some world variable through an identity link"
    mapped = world_flips(m, world.WORLD, point, current, overrides=fixed, names=affine, mapped=True)
    scanned = world_flips(m, world.WORLD, point, current, overrides=fixed, names=affine, mapped=False)

    def outcome(var: str, x: Fraction) -> str:
        return m.solve(fixed, flips=False, world={**point, var: x}).outcome.key

    _same(mapped, scanned, point, outcome)


class Line(Model):
    """A toy: outcome "high" when x > 1/3; x follows world variable us_backing as 1 - 2 * b / 3."""

    name = "line-toy"
    parameters = (Parameter("x", "a share", default="1/2", lower=0, upper=1),)
    outcomes = (Outcome("high", "high", "x above a third"), Outcome("low", "low", "x below a third"))
    world_links = (WorldLink("x", ("us_backing",), lambda w: 1 - 2 * w["us_backing"] / 3),)

    def analyse(self, values):  # type: ignore[no-untyped-def]
        key = "high" if values["x"] > Fraction(1, 3) else "low"
        return ModelResult(method="toy", model=self.name, values=dict(values), outcome=self.outcome(key),
                           statement=key, equilibrium={})

    def flip_points(self, values, current):  # type: ignore[no-untyped-def]
        from gametheory.modeling import Flip

        x = values["x"]
        return [Flip("x", Fraction(1, 3), "down" if x > Fraction(1, 3) else "up",
                     "low" if x > Fraction(1, 3) else "high", exact=True)]


def test_affine_link_detection() -> None:
    point = world.load("us-uncertain").point(world.WORLD)
    assert affine_link(Line(), point, "us_backing") == ("x", Fraction(-2, 3), Fraction(1))
    m = get_model("escalation")
    assert affine_link(m, point, "us_backing") == ("p_US", Fraction(1), Fraction(0))  # identity
    assert affine_link(m, point, "europe_capability") is None  # feeds two parameters

    class Branchy(Line):
        world_links = (WorldLink("x", ("us_backing",), lambda w: w["us_backing"] if w["us_backing"] > 0 else 0),)

    assert affine_link(Branchy(), point, "us_backing") is None  # compares: scanned instead
    squared = type("Squared", (Line,), {"world_links": (WorldLink("x", ("us_backing",), lambda w: w["us_backing"] ** 2),)})
    assert affine_link(squared(), point, "us_backing") is None  # not of degree one
    assert link("p", "v").uses == ("v",)


def test_mapped_toy_is_exact_and_reversed() -> None:
    """x = 1 - 2b/3 flips at x = 1/3, i.e. b = 1: the scan's bracket, but exact, and the
    direction reversed (b rising lowers x)."""
    point = dict(world.load("us-uncertain").point(world.WORLD))
    point["us_backing"] = Fraction(1, 2)
    (f,) = world_flips(Line(), world.WORLD, point, "high", mapped=True)
    assert (f.parameter, f.value, f.direction, f.to, f.exact) == ("us_backing", Fraction(1), "up", "low", True)
    (g,) = world_flips(Line(), world.WORLD, point, "high", mapped=False)
    assert g.direction == "up" and abs(g.value - 1) <= g.accuracy and not g.exact
