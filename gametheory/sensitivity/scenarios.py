"""Outcome frequencies of a model over a scenario's ranges of world variables.

A scenario may give a world variable a range or a distribution instead of one value
(:mod:`gametheory.modeling.scenarios`). :func:`scenario_montecarlo` draws the world state
from those distributions (each truncated to the variable's admissible interval, the others
at the scenario's nominal values), maps it to the model's parameters through the model's
world links, solves the model exactly at each draw, and reports how often each outcome
holds with a 95% Wilson interval. Draws are rounded to six significant digits and solved
as exact decimals, so every solve is the exact model. When the model has a compiled regime
classifier in the parameters the varied world variables feed
(:func:`gametheory.sensitivity.compiled.has_compiled`), the draws are classified by it at
once, with every point floating point cannot decide settled in exact arithmetic, which gives
the same outcome as the exact solve; identical draws are solved once.

>>> from gametheory.models import get_model, world
>>> r = scenario_montecarlo(get_model("ultimatum"), world.load("us-out"), world.WORLD, draws=20, seed=1)
>>> r.draws, sum(r.counts.values())
(20, 20)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.modeling.scenarios import Scenario
from gametheory.modeling.world import World
from gametheory.sensitivity.distributions import truncate
from gametheory.sensitivity.montecarlo import wilson

__all__ = ["MAX_SCENARIO_DRAWS", "ScenarioComparison", "ScenarioFrequencies", "compare_scenarios", "scenario_montecarlo"]

#: Each draw is an exact solve of the model; more than this many are refused up front.
MAX_SCENARIO_DRAWS = 100_000
#: From this many draws on the compiled classifier is used when the model has one (building it
#: costs about as much as a few hundred exact solves).
COMPILED_MIN_DRAWS = 200


@dataclass(frozen=True, kw_only=True)
class ScenarioFrequencies(Result):
    """How often each outcome holds across a scenario's ranges.

    ``counts`` maps outcome keys to the number of draws with that outcome, ``intervals`` to
    95% Wilson intervals of the frequency; ``varied`` names the world variables drawn
    (empty: the scenario has no ranges the model reads, and every draw is the nominal point).
    """

    model: str
    scenario: str
    draws: int
    seed: int | None
    varied: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    headlines: dict[str, str] = field(default_factory=dict)

    def frequency(self, key: str) -> float:
        return self.counts.get(key, 0) / self.draws if self.draws else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            **self.common_json(),
            "model": self.model,
            "scenario": self.scenario,
            "draws": self.draws,
            "seed": self.seed,
            "varied": list(self.varied),
            "outcomes": [
                {"outcome": k, "headline": self.headlines.get(k, k), "count": n, "frequency": self.frequency(k),
                 "interval95": list(self.intervals[k])}
                for k, n in sorted(self.counts.items(), key=lambda kv: -kv[1])
            ],
        }


def _exact(x: float) -> Fraction:
    return Fraction(f"{x:.6g}")


def scenario_montecarlo(
    model: Model,
    scenario: Scenario,
    world: World,
    *,
    draws: int = 400,
    seed: int | None = 0,
    overrides: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    compiled: bool | None = None,
    memo: MutableMapping[tuple[tuple[str, Fraction], ...], str] | None = None,
) -> ScenarioFrequencies:
    """Solve ``model`` at ``draws`` world states drawn from the scenario's ranges.

    ``compiled``: use the compiled classifier when the model has one (None: from
    :data:`COMPILED_MIN_DRAWS` draws on; False: never, solve every distinct draw exactly). Both give the same counts for the same seed.
    ``memo``: outcome keys of ``model`` by its exact parameter values (sorted items), read and
    filled here; pass the same mapping to several calls for the same model (e.g. one per
    scenario) so that a draw met before is not solved again. The outcome key is a function of
    the values alone, so the counts are the same with or without it.
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise GameError(f"draws must be a positive whole number, got {draws!r}")
    if draws > MAX_SCENARIO_DRAWS:
        raise GameError(f"{draws} draws is too many: each is an exact solve of the model; at most "
                        f"{MAX_SCENARIO_DRAWS}")
    t0 = time.perf_counter()
    reads = set(model.world_variables())
    varied = tuple(k for k in scenario.ranges if k in reads)
    point = scenario.point(world)
    rng = np.random.default_rng(seed)
    samples = {k: truncate(world.variable(k).parameter, scenario.ranges[k]).sample(rng, draws) for k in varied}
    fixed = {**scenario.model_settings(model), **dict(overrides or {})}
    # the exact parameter values of every draw (checked as the exact solve checks them)
    points: list[dict[str, Fraction]] = []
    for i in range(draws):
        w = dict(point)
        for k in varied:
            w[k] = world.variable(k).check(_exact(float(samples[k][i])))
        points.append(model.values({**model.from_world(w), **fixed}))
    keys: list[str | None] = [None] * draws
    names = [lk.parameter for lk in model.world_links
             if set(lk.uses) & set(varied) and lk.parameter not in fixed]
    names = list(dict.fromkeys(names))
    how = "the model's exact outcome per distinct draw"
    if names and (compiled or (compiled is None and draws >= COMPILED_MIN_DRAWS)):
        keys, used = _compiled_keys(model, names, points)
        if used:
            how = "compiled regime classifier, exact arithmetic where floating point cannot decide"
    if memo is None:
        memo = {}
    counts: dict[str, int] = {}
    for i, vals in enumerate(points):
        key = keys[i]
        if key is None:
            ident = tuple(sorted(vals.items()))
            key = memo.get(ident)
            if key is None:
                key = memo[ident] = model.outcome_key(vals)
        counts[key] = counts.get(key, 0) + 1
        if progress is not None:
            progress(i + 1, draws)
    intervals = {k: wilson(n, draws) for k, n in counts.items()}
    return ScenarioFrequencies(
        method=f"monte carlo over the scenario's ranges ({how})",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"ranges": {k: str(scenario.ranges[k]) for k in varied}, "point": json_value(point)},
        diagnostics=() if varied else ("the scenario gives no range for any world variable this model reads: "
                                       "every draw is the nominal point",),
        model=model.name,
        scenario=scenario.name,
        draws=draws,
        seed=seed,
        varied=varied,
        counts=counts,
        intervals=intervals,
        headlines={k: model.outcome(k).headline for k in counts},
    )


def _compiled_keys(model: Model, names: list[str], points: list[dict[str, Fraction]]) -> tuple[list[str | None], bool]:
    """Outcome keys of ``points`` from the compiled classifier in ``names`` (None where it cannot
    tell, e.g. a point it codes as violating a restriction), and whether it was used at all."""
    from gametheory.sensitivity.compiled import INVALID, compiled_classifier, has_compiled

    base = points[0]
    if not has_compiled(model, names, base):
        return [None] * len(points), False
    try:
        clf = compiled_classifier(model, names, base)
    except GameError:
        return [None] * len(points), False
    arrays = {n: np.array([float(v[n]) for v in points]) for n in names}
    codes = clf.codes(arrays, exact=lambda i: points[i])
    return [clf.labels[c] if c != INVALID else None for c in codes.tolist()], True


@dataclass(frozen=True, kw_only=True)
class ScenarioComparison(Result):
    """Every model's outcome under every scenario: ``outcomes[model][scenario]`` is an outcome
    key, ``headlines`` the matching headline, ``statements`` the full statement."""

    models: tuple[str, ...]
    scenarios: tuple[str, ...]
    outcomes: dict[str, dict[str, str]] = field(default_factory=dict)
    headlines: dict[str, dict[str, str]] = field(default_factory=dict)
    statements: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.common_json(),
            "models": list(self.models),
            "scenarios": list(self.scenarios),
            "table": [
                {"model": m, "scenario": s, "outcome": self.outcomes[m][s], "headline": self.headlines[m][s],
                 "statement": self.statements[m][s]}
                for m in self.models for s in self.scenarios
            ],
        }


def compare_scenarios(
    models: Mapping[str, Model],
    scenarios: Mapping[str, Scenario],
    world: World,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioComparison:
    """Solve every model at every scenario's nominal world state (no flips): the suite's
    outcomes side by side, for the question "what changes between these worlds?"."""
    t0 = time.perf_counter()
    outcomes: dict[str, dict[str, str]] = {}
    headlines: dict[str, dict[str, str]] = {}
    statements: dict[str, dict[str, str]] = {}
    total, done = len(models) * len(scenarios), 0
    for name, model in models.items():
        outcomes[name], headlines[name], statements[name] = {}, {}, {}
        for s_name, s in scenarios.items():
            r = model.solve(flips=False, world=s.point(world), scenario=s)
            outcomes[name][s_name] = r.outcome.key
            headlines[name][s_name] = r.outcome.headline
            statements[name][s_name] = r.statement
            done += 1
            if progress is not None:
                progress(done, total)
    return ScenarioComparison(
        method="each model solved exactly at each scenario's nominal world state",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        diagnostics=("nominal values only: the scenarios' ranges are not sampled (use model NAME --scenario S "
                     "--draws N)",),
        models=tuple(models),
        scenarios=tuple(scenarios),
        outcomes=outcomes,
        headlines=headlines,
        statements=statements,
    )
