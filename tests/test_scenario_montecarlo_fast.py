"""The compiled fast path of scenario_montecarlo gives the exact path's counts."""

from __future__ import annotations

import pytest

from gametheory.models import get_model, world
from gametheory.sensitivity.scenarios import scenario_montecarlo


@pytest.mark.parametrize(("name", "scenario"), [("escalation", "us-uncertain"), ("extended_deterrence", "us-coercive")])
def test_compiled_counts_equal_exact(name: str, scenario: str) -> None:
    m, s = get_model(name), world.load(scenario)
    fast = scenario_montecarlo(m, s, world.WORLD, draws=40, seed=7, compiled=True)
    exact = scenario_montecarlo(m, s, world.WORLD, draws=40, seed=7, compiled=False)
    assert fast.varied, "the scenario varies a world variable the model reads"
    assert fast.counts == exact.counts
    assert "compiled" in fast.method and "exact outcome" in exact.method
    if name == "extended_deterrence":
        assert len(fast.counts) == 2  # both sides of a boundary are drawn
