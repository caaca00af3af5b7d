"""The brief's charts: outcome maps of two world variables with the scenarios marked.

Each chart colours the plane of two world variables by a model's outcome, the other world
variables held at the baseline scenario (``us-uncertain``, the world's defaults), and marks
every scenario at its own values of the two variables. A marker is filled with the colour of
the scenario's *own* outcome (the model solved at the scenario's full world state); where
that differs from the map's colour at the marker's position, because the scenario also moves
other variables, the marker is hollow and the caption names those variables, so the chart
never contradicts the scenario table.

Every cell comes from the model: the ultimatum's :meth:`~gametheory.models.ultimatum.Ultimatum.outcome_key`
(direct evaluation of the engine's closed forms, checked against the engine's solution in
the tests) or, for a model without a fast path, :meth:`Model.outcome_key` (the exact
solve). The map is computed by row-wise bisection
(:func:`gametheory.sensitivity.svgmap.bisect_rows`), so boundaries are located exactly to
the stated width; the SVG and text renderings are the dependency-free ones of that module.

Colours mean the same in every chart (Paul Tol's colour-blind-safe schemes, each with its
own fill pattern and marker shape for greyscale print): light blue with round markers for
"Russia deterred", green with vertical stripes for a settlement, orange hatched with square
markers for "a side gets its way without war", red cross-hatched with diamonds for war, grey
dotted with triangles for neutral outcomes (:func:`outcome_styles`, used by the sensitivity
commands' figures too).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory.modeling.model import Model
from gametheory.modeling.registry import get_model
from gametheory.modeling.scenarios import Scenario
from gametheory.modeling.text import readable
from gametheory.modeling.world import World
from gametheory.sensitivity.svgmap import (
    Axis,
    Category,
    MapPoint,
    OutcomeMap,
    bisect_rows,
    map_json,
    map_svg,
    map_text,
)

#: The scenario whose world state fixes the variables a chart does not vary.
BASELINE = "us-uncertain"

#: Meaning of each outcome of the suite, for every chart (these maps, the sensitivity commands'
#: figures) and the brief: "deterred" (Russia deterred, peace holds), "settlement" (a deal or a
#: cooperative arrangement), "coerced" (a side gets its way without war), "war", or "neutral".
MEANING: dict[str, dict[str, str]] = {
    "ultimatum": {"no_ultimatum": "deterred", "ineffective": "neutral", "ultimatum": "coerced"},
    "extended_deterrence": {"deterrence": "deterred", "abandonment": "coerced", "war": "war"},
    "escalation": {"deterrence": "deterred", "coercion": "coerced", "fait_accompli": "coerced", "war": "war"},
    "deterrence": {"deterrence": "deterred", "coercion": "coerced", "war_risk": "war", "multiple": "neutral"},
    "shaping": {"autonomy": "settlement", "contested": "neutral", "coerced": "coerced", "dependence": "coerced"},
    "ceasefire": {"settlement": "settlement", "fragile_settlement": "settlement", "unverifiable": "neutral",
                  "cap_too_tight": "war", "cap_too_loose": "war", "commitment_failure": "war"},
    "alliance": {"denial": "deterred", "needs_rearmament": "neutral", "nuclear_reliant": "neutral",
                 "deterrence_fails": "war"},
    "patron": {"deterrence": "deterred", "abandonment": "coerced", "appeasement": "coerced",
               "entrapment": "war", "war": "war"},
    "transition": {"no_window": "deterred", "window": "war", "immediate_war": "war"},
    "guarantee": {"deterrence": "deterred", "fait_accompli": "coerced", "nuclear_coercion": "coerced",
                  "limited_nuclear_war": "war", "strategic_war": "war"},
    "durability": {"durable_peace": "deterred", "fragile_peace": "settlement", "rearmament_race": "neutral",
                   "renewed_war": "war"},
    "coalition": {"unanimity_blocked": "neutral", "unanimity_stronger": "settlement",
                  "willing_stronger": "settlement", "no_coalition": "coerced"},
    "coercion": {"bought_protection": "settlement", "counter_coercion": "neutral", "autonomy": "neutral",
                 "deal_over_europe": "coerced", "russia_probes": "war"},
    "inclusion": {"peace_commitment": "deterred", "peace_alone": "deterred", "entrapment_war": "war",
                  "renewed_war": "war", "preventive_strike": "war"},
}

#: Colour (Paul Tol's light and vibrant schemes), fill pattern, text-map character and marker
#: shape per meaning: lightness, pattern and shape all differ, so greyscale print keeps them apart.
STYLE: dict[str, tuple[str, str, str, str]] = {
    "deterred": ("#99DDFF", "none", ".", "circle"),
    "settlement": ("#44BB99", "vertical", "=", "circle"),
    "coerced": ("#EE8866", "hatch", "#", "square"),
    "war": ("#CC3311", "crosshatch", "X", "diamond"),
    "neutral": ("#DDDDDD", "dots", ":", "triangle"),
}
#: Second style for a meaning already used in the same chart.
_ALTERNATE: dict[str, tuple[str, str, str, str]] = {
    "deterred": ("#77AADD", "vertical", "-", "circle"),
    "settlement": ("#BBCC33", "dots", "+", "circle"),
    "coerced": ("#EEDD88", "vertical", "~", "square"),
    "war": ("#EE3377", "vertical", "W", "diamond"),
    "neutral": ("#BBBBBB", "vertical", "?", "triangle"),
}
#: Further styles when a chart shows three or more outcomes of one meaning (rare).
_EXTRA = ("#AA4499", "#332288", "#88CCEE", "#117733", "#999933", "#882255")


def outcome_styles(model: Any, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str, str, str]]:
    """Colour, pattern, text character and marker shape of each of ``model``'s outcomes (or of
    ``keys``, in the model's order), by meaning (:data:`MEANING`): war is red, deterrence light
    blue, coercion orange, a settlement green, anything else grey, in every chart and the brief.
    A model outside the suite (a model file) gets the neutral styles."""
    meanings = MEANING.get(getattr(model, "name", ""), {})
    wanted = set(keys) if keys is not None else None
    counts: dict[str, int] = {}
    out: dict[str, tuple[str, str, str, str]] = {}
    for o in model.outcomes:
        if wanted is not None and o.key not in wanted:
            continue
        meaning = meanings.get(o.key, "neutral")
        n = counts.get(meaning, 0)
        counts[meaning] = n + 1
        if n == 0:
            out[o.key] = STYLE[meaning]
        elif n == 1:
            out[o.key] = _ALTERNATE[meaning]
        else:
            base = STYLE[meaning]
            out[o.key] = (_EXTRA[(n - 2) % len(_EXTRA)], base[1], base[2], base[3])
    return out


def outcome_meaning(model: Any, key: str) -> str:
    """The meaning of outcome ``key`` of ``model`` (see :data:`MEANING`; "neutral" if unknown)."""
    return MEANING.get(getattr(model, "name", ""), {}).get(key, "neutral")

ILLUSTRATIVE_NOTE = ("Illustrative: the map and the scenario values rest on illustrative defaults of the world "
                     "state and the model, not on estimates; they show how the model's answer turns on these two "
                     "assumptions.")


@dataclass(frozen=True, kw_only=True)
class Chart(Result):
    """One chart of the brief: an outcome map of a model over two world variables.

    Attributes
    ----------
    name:
        Short identifier (``"ultimatum-map"``, ``"deterrence-map"``).
    title, caption:
        The chart's title and its caption (plain words; the caption says which model, what
        is held fixed, what hollow markers mean and how fine the boundaries are).
    model:
        The model whose outcome colours the map.
    variables:
        The world variables on the x and y axes.
    outcome_map:
        What is drawn (:class:`~gametheory.sensitivity.svgmap.OutcomeMap`; exact values).
    scenario_outcomes:
        Each marked scenario's own outcome and the map's outcome at its position.
    evaluations:
        How many points the model classified to draw the map.
    """

    name: str
    title: str
    caption: str
    model: str
    variables: tuple[str, str]
    outcome_map: OutcomeMap = field(metadata={"json": False})
    scenario_outcomes: dict[str, dict[str, Any]] = field(default_factory=dict)
    evaluations: int = 0
    illustrative: bool = True

    def to_svg(self) -> str:
        """A standalone SVG document (no scripts, no external references)."""
        return map_svg(self.outcome_map)

    def to_text(self) -> str:
        """A coarse character map for the terminal, with its legend (at most 100 columns)."""
        return map_text(self.outcome_map)

    def to_json(self) -> dict[str, Any]:
        out = self.common_json()
        out.update({
            "name": self.name, "title": self.title, "caption": self.caption, "model": self.model,
            "variables": list(self.variables), "illustrative": self.illustrative,
            "evaluations": self.evaluations,
            "scenario_outcomes": json_value(self.scenario_outcomes),
            "map": json_value(map_json(self.outcome_map)),
        })
        return out


def _categories(model: Model, keys: set[str]) -> tuple[Category, ...]:
    styles = outcome_styles(model, keys)
    return tuple(Category(o.key, o.headline, *styles[o.key]) for o in model.outcomes if o.key in styles)


def _marks(n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [letters[i] if i < len(letters) else f"{i + 1}" for i in range(n)]


class _Classifier:
    """The model's outcome at (x, y) with every other world variable at the baseline (cached)."""

    def __init__(self, model: Model, world: World, base: Mapping[str, Fraction], settings: Mapping[str, Fraction],
                 xv: str, yv: str):
        self.model, self.world, self.base, self.settings = model, world, dict(base), dict(settings)
        self.xv, self.yv = xv, yv
        self.cache: dict[tuple[Fraction, Fraction], str] = {}

    def values(self, x: Fraction, y: Fraction) -> dict[str, Fraction]:
        w = {**self.base, self.xv: x, self.yv: y}
        return self.model.values({**self.model.from_world(w), **self.settings})

    def __call__(self, points: list[tuple[Fraction, Fraction]]) -> list[str]:
        out = []
        for pt in points:
            k = self.cache.get(pt)
            if k is None:
                k = self.cache[pt] = self.model.outcome_key(self.values(*pt))
            out.append(k)
        return out


def _differing(model: Model, world: World, point: Mapping[str, Fraction], base: Mapping[str, Fraction],
               scenario: Scenario, skip: tuple[str, str]) -> list[str]:
    """The variables (and expert settings) by which a scenario differs from the baseline, in words."""
    out = []
    for v in model.world_variables():
        if v in skip or point[v] == base[v]:
            continue
        var = world.variable(v)
        out.append(f"{var.label}: {var.value_text(point[v])}")
    out.extend(f"{k} = {readable(val)} (expert setting)" for k, val in scenario.model_settings(model).items())
    return out


def outcome_chart(
    name: str,
    model_name: str,
    scenarios: Mapping[str, Scenario],
    world: World,
    *,
    x: tuple[str, Fraction, Fraction, str, str],
    y: tuple[str, Fraction, Fraction, str, str],
    title: str,
    why: str,
    baseline: Scenario | None = None,
    rows: int = 20,
    columns: int = 8,
    depth: int = 7,
) -> Chart:
    """An outcome map of ``model_name`` over two world variables with the scenarios marked.

    Parameters
    ----------
    name, model_name:
        The chart's identifier and the registered model that colours it.
    scenarios:
        Scenarios by name (:func:`gametheory.models.world.load`), marked in this order.
    world:
        The world state (:data:`gametheory.models.world.WORLD`).
    x, y:
        ``(variable, low, high, axis label with unit, tick style)``; tick style
        ``"percent"`` or ``"decimal"``.
    title, why:
        The title, and the caption's first sentence (which model and why); ``{name}`` in
        ``why`` is replaced by the baseline value of world variable ``name`` in words.
    baseline:
        The scenario fixing the other variables (default: :data:`BASELINE`, loaded from the
        built-in scenarios if ``scenarios`` lacks it).
    rows, columns, depth:
        Passed to :func:`~gametheory.sensitivity.svgmap.bisect_rows`.
    """
    start = time.perf_counter()
    model = get_model(model_name)
    if baseline is None:
        if BASELINE in scenarios:
            baseline = scenarios[BASELINE]
        else:
            from gametheory.models.world import load

            baseline = load(BASELINE)
    base = baseline.point(world)
    xv, x0, x1, xlabel, xstyle = x
    yv, y0, y1, ylabel, ystyle = y
    classify = _Classifier(model, world, base, baseline.model_settings(model), xv, yv)
    inside = {n: s.point(world) for n, s in scenarios.items()}
    outside = [n for n, p in inside.items() if not (x0 <= p[xv] <= x1 and y0 <= p[yv] <= y1)]
    extra = [(p[xv], p[yv]) for n, p in inside.items() if n not in outside]
    bands, count = bisect_rows(classify, (x0, x1), (y0, y1), rows=rows, columns=columns, depth=depth, extra=extra)
    points: list[MapPoint] = []
    outcomes: dict[str, dict[str, Any]] = {}
    hollow_notes: list[str] = []
    key_parts: list[str] = []
    for mark, (n, sc) in zip(_marks(len(scenarios)), scenarios.items()):
        p = inside[n]
        own = model.outcome_key(model.values({**model.from_world(p), **sc.model_settings(model)}))
        at = classify([(p[xv], p[yv])])[0]
        outcomes[n] = {"mark": mark, "x": p[xv], "y": p[yv], "outcome": own, "map_outcome": at,
                       "differs": own != at, "on_map": n not in outside}
        if n in outside:
            continue
        points.append(MapPoint(p[xv], p[yv], mark, n, own, hollow=own != at))
        key_parts.append(f"{mark} {n}")
        if own != at:
            why_differs = "; ".join(_differing(model, world, p, base, sc, (xv, yv))) or "its settings"
            hollow_notes.append(f"{mark} {n}: {model.outcome(own).headline} (differs from the map at its point "
                                f"because of {why_differs})")
    present = {s.key for b in bands for s in b.segments} | {p.key for p in points}
    cats = _categories(model, present)
    absent = [o.headline for o in model.outcomes if o.key not in present]
    width_x = (x1 - x0) / columns / 2 ** depth
    words = {v.name: v.value_text(base[v.name]) for v in world}
    caption = [why.format(**words),
               f"Every other world variable is held at the baseline scenario ({baseline.name}); each row is "
               f"computed from the model and its boundaries located to within {readable(width_x)} on the x axis "
               f"({len(bands)} rows)."]
    if len(bands) > 1 and len({tuple(sg.key for sg in b.segments) for b in bands}) == 1 and all(
            abs((b.boundaries[i].low + b.boundaries[i].high) - (bands[0].boundaries[i].low + bands[0].boundaries[i].high))
            <= 2 * width_x for b in bands for i in range(len(b.boundaries))):
        caption.append(f"On this map the outcome does not change with {world.variable(yv).label}: every row has "
                       f"the same outcomes, with boundaries within {readable(width_x)} of each other.")
    if hollow_notes:
        caption.append("Filled markers: the scenario's own outcome, which is the map's at its point. Hollow "
                       "markers: the scenario's own outcome (ring colour) differs from the map's colour there, "
                       "because the scenario also moves other assumptions: " + "; ".join(hollow_notes) + ".")
    else:
        caption.append("Markers are filled with each scenario's own outcome, which is the map's at its point.")
    if outside:
        caption.append("Outside the map (not marked): " + ", ".join(outside) + ".")
    if absent:
        caption.append("The model's other outcomes occur at none of the points computed for this map: "
                       + "; ".join(absent) + ".")
    illustrative = any(world.variable(v).illustrative for v in model.world_variables()) or any(
        s.illustrative for s in scenarios.values())
    ticks = {"percent": (0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), 1)}

    def axis_ticks(lo: Fraction, hi: Fraction, style: str) -> tuple[Fraction, ...]:
        if style == "percent" and (lo, hi) == (0, 1):
            return tuple(Fraction(t) for t in ticks["percent"])
        step = (hi - lo) / 6
        return tuple(lo + step * i for i in range(7))

    omap = OutcomeMap(
        title=title,
        x=Axis(xlabel, x0, x1, axis_ticks(x0, x1, xstyle), xstyle),
        y=Axis(ylabel, y0, y1, axis_ticks(y0, y1, ystyle), ystyle),
        categories=cats, bands=tuple(bands), points=tuple(points),
        caption=tuple(caption), footnote=ILLUSTRATIVE_NOTE if illustrative else "",
        point_key=("Scenarios: " + ", ".join(key_parts),) if key_parts else (),
    )
    return Chart(
        name=name, title=title, caption=" ".join(caption), model=model.name, variables=(xv, yv),
        outcome_map=omap, scenario_outcomes=outcomes, evaluations=count, illustrative=illustrative,
        method="row-wise bisection of the model's outcome", arithmetic="exact",
        elapsed=time.perf_counter() - start,
        parameters={"baseline": baseline.name, "rows": rows, "columns": columns, "depth": depth,
                    "x_range": [x0, x1], "y_range": [y0, y1], "boundary_width_x": width_x},
    )


def ultimatum_map(scenarios: Mapping[str, Scenario], world: World) -> Chart:
    """The ultimatum map: US nuclear umbrella against French/UK resolve, coloured by the
    nuclear-ultimatum model's outcome."""
    return outcome_chart(
        "ultimatum-map", "ultimatum", scenarios, world,
        x=("us_umbrella", Fraction(0), Fraction(1), "Probability the US answers Russian nuclear use (US nuclear umbrella)",
           "percent"),
        y=("fuk_resolve", Fraction(0), Fraction(1), "Moscow's belief that France/UK would retaliate (probability)",
           "percent"),
        title="Would Russia issue a nuclear ultimatum? By US umbrella and French/UK resolve",
        why="Model: nuclear ultimatum (gametheory model ultimatum): Russia backs a demand with a risk of a limited "
            "nuclear strike only if the expected answer to that strike, by France/UK or the US, costs it less than "
            "the demand is worth.",
        rows=40, columns=8, depth=8,
    )


def deterrence_map(scenarios: Mapping[str, Scenario], world: World) -> Chart:
    """The deterrence map: US conventional backing against the US nuclear umbrella, coloured by
    the extended-deterrence model's outcome."""
    return outcome_chart(
        "deterrence-map", "extended_deterrence", scenarios, world,
        x=("us_backing", Fraction(0), Fraction(1), "Probability the US fights beside Europe (US conventional backing)",
           "percent"),
        y=("us_umbrella", Fraction(0), Fraction(1),
           "Probability the US answers Russian nuclear use (US nuclear umbrella)", "percent"),
        title="Is Russia deterred from pressing an exposed ally? By the two US commitments",
        why="Model: extended deterrence (gametheory model extended_deterrence): would France/UK stand by Poland "
            "or the Baltic states, with the US joining a war only by chance. Chosen because, of the suite's three "
            "deterrence models, it is the one whose answer changes on this map and across the scenarios; the "
            "escalation and deterrence models answer whether Russia risks a war at all, which at the baseline "
            "rests on the {nuclear_escalation} chance that a war turns nuclear (they find deterrence across this map). "
            "European conventional capability is not an axis: at the baseline it does not move this model's "
            "answer anywhere between 0 and 3 times Russia's power.",
        rows=12, columns=8, depth=7,
    )


def brief_charts(scenarios: Mapping[str, Scenario] | Iterable[Scenario], world: World) -> list[Chart]:
    """The charts of the brief: the ultimatum map and the deterrence map.

    Parameters
    ----------
    scenarios:
        Scenarios by name (``{n: gametheory.models.world.load(n) ...}``), or an iterable of
        scenarios (keyed by their names), marked on every chart in this order.
    world:
        The world state, :data:`gametheory.models.world.WORLD`.

    Returns
    -------
    list[Chart]
        Each with ``title``, ``caption``, ``to_svg()``, ``to_text()`` and ``to_json()``.
    """
    named = dict(scenarios) if isinstance(scenarios, Mapping) else {s.name: s for s in scenarios}
    return [ultimatum_map(named, world), deterrence_map(named, world)]
