"""The brief's second speed round: the same answers by cheaper routes.

- Powell's shifting-power model is solved by the coefficients of its conditions (linear in
  ``p_future``); the boundaries equal those of a general ``solve`` and ``simplify``.
- World flips ask a model's ``flip_points`` only for the parameters mapped world variables
  need: the narrowed model finds exactly the full search's flips of those parameters.
- ``gametheory.sensitivity`` loads the names of ``boundaries`` and ``compiled`` on first use.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import gametheory.sensitivity as sens
from gametheory.cooperative.conflict import _powell_model
from gametheory.modeling.flips import _searching_only, affine_link, world_flips
from gametheory.models import get_model, world


def _powell_by_solve() -> tuple[list[sympy.Expr], dict[str, sympy.Expr]]:
    """The boundaries the general way: simplify, then solve the boundary equation for p1."""
    P0, P1, CA, CB, D, SS = sympy.symbols("p0 p1 c_A c_B delta S", real=True)
    total = SS / (1 - D)
    credible = (D * (P1 * SS / (1 - D) - CA), SS + D * (total - ((1 - P1) * SS / (1 - D) - CB)))
    acceptable = (P0 * SS / (1 - D) - CA, total - ((1 - P0) * SS / (1 - D) - CB))
    peace, bounds = [], {}
    for lhs, rhs in ((acceptable[0], credible[1]), (credible[0], acceptable[1])):
        g = sympy.simplify(rhs - lhs)
        peace.append(g)
        (root,) = sympy.solve(sympy.Eq(g, 0), P1)
        # the side is the sign of p1's coefficient at delta = 1/2, S = 1
        bounds["low" if sympy.diff(g, P1).subs({D: sympy.Rational(1, 2), SS: 1}) > 0 else "high"] = root
    return peace, bounds


def test_powell_bounds_equal_the_general_solve() -> None:
    model = _powell_model()
    peace, bounds = _powell_by_solve()
    for new, old in zip(model.peace, peace):
        assert sympy.simplify(new - old) == 0
    assert sympy.simplify(model.bounds[0] - bounds["low"]) == 0
    assert sympy.simplify(model.bounds[1] - bounds["high"]) == 0
    # and at exact rational points
    P0, P1, CA, CB, D, SS = model.symbols
    for point in ({P0: sympy.Rational(1, 2), P1: sympy.Rational(2, 3), CA: sympy.Rational(1, 10),
                   CB: sympy.Rational(1, 5), D: sympy.Rational(9, 10), SS: 1},
                  {P0: sympy.Rational(3, 7), P1: sympy.Rational(1, 9), CA: sympy.Rational(2, 5),
                   CB: 0, D: sympy.Rational(1, 3), SS: sympy.Rational(5, 2)}):
        assert model.bounds[0].subs(point) == bounds["low"].subs(point)
        assert model.bounds[1].subs(point) == bounds["high"].subs(point)
        for new, old in zip(model.peace, peace):
            assert new.subs(point) == old.subs(point)


def _needed(m, point: dict[str, Fraction]) -> list[str]:
    names = []
    for n in m.world_variables():
        if world.WORLD.variable(n).kind != "flag":
            line = affine_link(m, point, n)
            if line is not None and line[1] != 0:
                names.append(line[0])
    return sorted(set(names))


# own flip_points of each kind: fast scan (ceasefire, ultimatum), flip_parameters (deterrence),
# a loop over no_flips (coalition), RegimesIn's exact flips (guarantee)
@pytest.mark.parametrize("name", ["ceasefire", "ultimatum", "deterrence", "coalition", "guarantee"])
def test_narrowed_flip_points_equal_the_full_search(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMETHEORY_CACHE", "off")
    m = get_model(name)
    for scenario in (None, "us-uncertain"):
        if scenario is None:
            vals, point = m.values(), world.WORLD.defaults()
        else:
            s = world.load(scenario)
            point = s.point(world.WORLD)
            vals = m.values({**m.from_world(point), **s.model_settings(m)})
        current = m.outcome_key(vals)
        needed = _needed(m, point)
        assert needed
        full = m.flip_points(vals, current)
        narrowed = _searching_only(m, needed).flip_points(vals, current)
        assert narrowed == [f for f in full if f.parameter in needed]
        assert m.no_flips == type(m).no_flips  # the original is untouched


def test_world_flips_every_scenario_for_ceasefire(monkeypatch: pytest.MonkeyPatch) -> None:
    """World flips (narrowed search) equal the full search's flips mapped back, at every
    built-in scenario's nominal point."""
    monkeypatch.setenv("GAMETHEORY_CACHE", "off")
    m = get_model("ceasefire")
    for name in world.scenario_order():
        s = world.load(name)
        point = s.point(world.WORLD)
        fixed = s.model_settings(m)
        vals = m.values({**m.from_world(point), **fixed})
        current = m.outcome_key(vals)
        got = world_flips(m, world.WORLD, point, current, overrides=fixed)
        full = m.flip_points(vals, current)
        checked = 0
        for n in m.world_variables():
            var = world.WORLD.variable(n)
            line = affine_link(m, point, n)
            if var.kind == "flag" or line is None or line[0] not in m.searched_parameters() or line[0] in fixed:
                continue  # switched or scanned, not mapped from the model's flips
            parameter, a, b = line
            mapped = sorted((g.value - b) / a for g in full
                            if g.parameter == parameter and var.parameter.contains((g.value - b) / a))
            assert sorted(f.value for f in got if f.parameter == n) == mapped
            checked += 1
        assert checked


def test_sensitivity_lazy_names() -> None:
    from gametheory.sensitivity import boundaries, compiled

    assert sens.threshold_curves is boundaries.threshold_curves
    assert sens.ThresholdCurve is boundaries.ThresholdCurve
    assert sens.compiled_classifier is compiled.compiled_classifier
    assert sens.has_compiled is compiled.has_compiled
    assert sens.CompiledClassifier is compiled.CompiledClassifier
    assert {"threshold_curves", "compiled_classifier", "sweep"} <= set(dir(sens))
    assert set(sens.__all__) <= set(dir(sens))
