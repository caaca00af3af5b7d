"""Models that feed each other: an explicit chain from model results to the world state.

Every model of the suite reads the shared world state (:mod:`gametheory.models.world`); none
reads another model's result. Here two results are fed back into the world, each by a stated
rule, and the models that read the variables they set are solved again on the *linked* world:

* **bloc** (coalition, then coercion): the coalition model's ``bloc_capability`` becomes the
  world's ``europe_capability``, and if a bloc forms, the coercion model's US backing of a
  Europe that has built autonomy (``backing_after_build``, Morrow 1991's autonomy-security
  trade-off) becomes the world's ``us_backing``;
* **cap** (ceasefire): the cap of the settlement the ceasefire model finds becomes the world's
  ``ceasefire_cap``; with no settlement the cap does not bind (``ceasefire_cap = ukraine_army``).

The links form a directed acyclic graph: link A comes before link B when A sets a variable one
of B's models reads. Here the ceasefire model reads ``europe_capability`` and ``us_backing``,
so the bloc link runs first and the cap link reads the bloc's world. The chain is one pass in
that fixed order, not a fixed point: a link's models read the world as the links before it left
it (including the variables the link itself sets: the coalition reads today's capability and
reports the capability after the bloc's spending), and a chain with a cycle is refused
(:class:`LinkCycleError`). Every value is exact and every outcome comes from the model's own
:meth:`~gametheory.modeling.Model.solve`.

>>> from gametheory.models.links import linked_world
>>> lw = linked_world("us-uncertain-ukraine-in")
>>> lw.order, lw.linked["ceasefire_cap"], lw.own["ceasefire_cap"]
(('bloc', 'cap'), Fraction(880, 1), Fraction(600, 1))
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.model import Model, ModelResult
from gametheory.modeling.scenarios import Scenario
from gametheory.modeling.text import readable
from gametheory.models import SUITE, get_model
from gametheory.models import world as world_mod

__all__ = [
    "BLOC", "CAP", "LINKS", "SETTLED", "Link", "LinkCycleError", "LinkStep", "LinkedOutcomes", "LinkedRow",
    "LinkedWorld", "chain_order", "linked_outcomes", "linked_world",
]

#: The ceasefire model's outcomes in which a settlement both sides accept exists at the proposed cap.
SETTLED = ("settlement", "fragile_settlement", "unverifiable")


class LinkCycleError(GameError):
    """The links feed each other in a cycle (or two links set the same variable)."""


@dataclass(frozen=True)
class LinkStep:
    """What one link did on one world: its models' results (summaries) and the values it set.

    ``models``: model name -> ``{"outcome", "headline", ...quantities the rule used}``;
    ``before``/``set``: the variables the link sets, before and after; ``case``: which branch
    of the rule applied, in words.
    """

    link: str
    models: dict[str, dict[str, Any]]
    before: dict[str, Fraction]
    set: dict[str, Fraction]
    case: str


Solver = Callable[[str, Mapping[str, Fraction]], ModelResult]


@dataclass(frozen=True)
class Link:
    """One link: models whose results set world variables, by ``rule``.

    ``rule(world, solve)`` gets the world state and a solver (model name, world) -> result at
    the scenario, and returns the :class:`LinkStep`. ``reads`` are the world variables its
    models read (computed from their world links), ``sets`` the ones it writes.
    """

    name: str
    models: tuple[str, ...]
    sets: tuple[str, ...]
    rule: Callable[[Mapping[str, Fraction], Solver], LinkStep] = field(compare=False)
    description: str = ""

    @property
    def reads(self) -> frozenset[str]:
        out: set[str] = set()
        for name in self.models:
            out.update(get_model(name).world_variables())
        return frozenset(out)


def _clip(name: str, value: Fraction) -> Fraction:
    """``value`` within the world variable's admissible interval (exact)."""
    p = world_mod.WORLD.variable(name).parameter
    lo, hi = p.lower, p.upper
    if lo is not None and value < lo:
        value = Fraction(lo)
    if hi is not None and value > hi:
        value = Fraction(hi)
    return world_mod.WORLD.variable(name).check(value)


def _summary(r: ModelResult, *keys: str) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": r.outcome.key, "headline": r.outcome.headline}
    for k in keys:
        out[k] = r.quantities.get(k)
    return out


def cap_rule(world: Mapping[str, Fraction], solve: Solver) -> LinkStep:
    """The ceasefire's agreed cap as the world's ``ceasefire_cap``.

    A settlement at the proposed cap (outcome in :data:`SETTLED`): the proposed cap, which
    lies in ``peaceful_caps``. The proposal outside the peaceful caps (``cap_too_tight``,
    ``cap_too_loose``): the nearest end of ``peaceful_caps`` -- the smallest change to the
    proposal that Powell's condition accepts -- if the ceasefire model, solved again at that
    cap, finds a settlement there. Otherwise no settlement: the cap does not bind, so
    ``ceasefire_cap`` becomes ``ukraine_army`` (the war goes on with Ukraine's army uncapped).
    """
    r = solve("ceasefire", world)
    proposed, army = r.values["cap"], r.values["army"]
    caps = r.quantities.get("peaceful_caps")
    models = {"ceasefire": _summary(r, "peaceful_caps")}
    key = r.outcome.key
    if key in SETTLED:
        cap, case = proposed, f"a settlement exists at the proposed cap {readable(proposed)}k (ceasefire: {key})"
    elif key in ("cap_too_tight", "cap_too_loose") and caps:
        lo, hi = (Fraction(x) for x in caps)
        nearest = min(max(proposed, lo), hi)
        again = solve("ceasefire", {**world, "ceasefire_cap": _clip("ceasefire_cap", nearest)})
        models["ceasefire at the nearest peaceful cap"] = _summary(again, "peaceful_caps")
        if again.outcome.key in SETTLED:
            cap, case = nearest, (f"proposal {readable(proposed)}k outside the peaceful caps ({key}); settled at "
                                  f"their nearest end {readable(nearest)}k")
        else:
            cap, case = army, (f"no settlement ({key}; at the nearest peaceful cap {readable(nearest)}k: "
                               f"{again.outcome.key}): the cap does not bind")
    else:
        cap, case = army, f"no settlement ({key}): the cap does not bind"
    return LinkStep("cap", models, {"ceasefire_cap": world["ceasefire_cap"]},
                    {"ceasefire_cap": _clip("ceasefire_cap", cap)}, case)


def bloc_rule(world: Mapping[str, Fraction], solve: Solver) -> LinkStep:
    """The bloc's capability as ``europe_capability`` and, if a bloc forms, its US backing.

    ``europe_capability`` becomes the coalition model's ``bloc_capability`` (both are
    multiples of Russia's conventional combat power; the coalition scales today's capability by
    Europe's spending with the bloc over its spending today, so the unit carries over; clipped
    to the world's interval). The coercion model is then solved on that world; if a bloc forms
    (``bloc_members`` not empty), Europe has chosen autonomy, and ``us_backing`` becomes the
    probability that the US backs a Europe that builds (``backing_after_build``, Morrow's
    trade-off: it differs from the backing of a complying Europe by
    ``autonomy_backing_change``). With no bloc, ``us_backing`` is left as it is.
    """
    rc = solve("coalition", world)
    cap = _clip("europe_capability", Fraction(rc.quantities["bloc_capability"]))
    w2 = {**world, "europe_capability": cap}
    rz = solve("coercion", w2)
    members = rc.quantities.get("bloc_members") or []
    models = {"coalition": _summary(rc, "bloc_members", "bloc_rule", "bloc_capability"),
              "coercion": _summary(rz, "backing_after_comply", "backing_after_build", "autonomy_backing_change")}
    if members:
        backing = Fraction(rz.quantities["backing_after_build"])
        case = (f"bloc of {', '.join(members)} ({rc.quantities['bloc_rule']}): capability "
                f"{readable(cap)}x Russia; US backing after Europe builds {readable(backing, 'probability')}")
    else:
        backing = world["us_backing"]
        case = f"no bloc forms: capability {readable(cap)}x Russia (every state spending alone); US backing unchanged"
    return LinkStep("bloc", models,
                    {"europe_capability": world["europe_capability"], "us_backing": world["us_backing"]},
                    {"europe_capability": cap, "us_backing": _clip("us_backing", backing)}, case)


CAP = Link("cap", ("ceasefire",), ("ceasefire_cap",), cap_rule,
           "the cap of the ceasefire settlement (none: the cap does not bind) becomes ceasefire_cap")
BLOC = Link("bloc", ("coalition", "coercion"), ("europe_capability", "us_backing"), bloc_rule,
            "the bloc's capability becomes europe_capability; a bloc that forms moves us_backing to the US "
            "backing of a Europe that builds autonomy")
#: The suite's links, in the order they are described (the chain runs in :func:`chain_order`).
LINKS: tuple[Link, ...] = (CAP, BLOC)


def chain_order(links: Sequence[Link] = LINKS) -> tuple[Link, ...]:
    """The links in the order they run: each after every link that sets a variable it reads.

    Ties keep the given order. Two links setting the same variable, or links feeding each
    other in a cycle, raise :class:`LinkCycleError` (the chain is one pass, not a fixed point).
    A link reading a variable it sets itself is allowed: it reads the value before it.
    """
    names = [lk.name for lk in links]
    if len(set(names)) != len(names):
        raise LinkCycleError("links: a link is named twice")
    setter: dict[str, str] = {}
    for lk in links:
        for v in lk.sets:
            world_mod.WORLD.variable(v)  # unknown variables raise
            if v in setter:
                raise LinkCycleError(f"links {setter[v]} and {lk.name} both set {v}: the chain would be ambiguous")
            setter[v] = lk.name
    after: dict[str, set[str]] = {lk.name: set() for lk in links}  # link -> links that must run before it
    for lk in links:
        for v in lk.reads:
            if v in setter and setter[v] != lk.name:
                after[lk.name].add(setter[v])
    order: list[str] = []
    pending = list(names)
    while pending:
        ready = [n for n in pending if after[n] <= set(order)]
        if not ready:
            cycle = _cycle(after, pending)
            raise LinkCycleError("links feed each other in a cycle (" + " -> ".join(cycle)
                                 + "): the chain runs once in a fixed order and cannot resolve it")
        order.append(ready[0])
        pending.remove(ready[0])
    by_name = {lk.name: lk for lk in links}
    return tuple(by_name[n] for n in order)


def _cycle(after: Mapping[str, set[str]], pending: Sequence[str]) -> list[str]:
    """A cycle among ``pending`` links (each has an unmet predecessor, so one exists)."""
    path = [pending[0]]
    while True:
        nxt = next(n for n in sorted(after[path[-1]]) if n in pending)
        if nxt in path:
            return [*path[path.index(nxt):], nxt][::-1]
        path.append(nxt)


def _scenario(scenario: str | Scenario) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else world_mod.load(scenario)


class _Solver:
    """Solves models at a scenario, once per (model, world values it reads)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.models: dict[str, Model] = {}
        self.cache: dict[tuple[str, tuple[Fraction, ...]], ModelResult] = {}

    def model(self, name: str) -> Model:
        if name not in self.models:
            self.models[name] = get_model(name)
        return self.models[name]

    def __call__(self, name: str, world: Mapping[str, Fraction]) -> ModelResult:
        m = self.model(name)
        reads = sorted(m.world_variables())
        key = (name, tuple(world[v] for v in reads))
        if key not in self.cache:
            self.cache[key] = m.solve(self.scenario.model_settings(m), flips=False, world=dict(world),
                                      scenario=self.scenario)
        return self.cache[key]


@dataclass(frozen=True)
class LinkedWorld(Result):
    """The world of a scenario before and after the chain of links.

    ``own``: the scenario's nominal world (with any ``set`` values); ``linked``: after every
    link, in ``order``; ``steps``: what each link did in the chain; ``alone``: each link applied
    alone to ``own`` (its :class:`LinkStep`), for telling which link changes what.
    """

    scenario: str = ""
    order: tuple[str, ...] = ()
    own: dict[str, Fraction] = field(default_factory=dict)
    linked: dict[str, Fraction] = field(default_factory=dict)
    steps: tuple[LinkStep, ...] = ()
    alone: dict[str, LinkStep] = field(default_factory=dict)
    set_values: dict[str, Fraction] = field(default_factory=dict)

    @property
    def changed(self) -> dict[str, tuple[Fraction, Fraction]]:
        """Variables the chain changed: name -> (own value, linked value)."""
        return {k: (self.own[k], self.linked[k]) for k in self.own if self.own[k] != self.linked[k]}

    def to_json(self) -> dict[str, Any]:
        """The fields, plus the variables the chain changed (own and linked values)."""
        out = super().to_json()
        out["changed"] = {k: {"own": json_value(a), "linked": json_value(b)} for k, (a, b) in self.changed.items()}
        return out

    def world_alone(self, link: str) -> dict[str, Fraction]:
        """The scenario's own world with only ``link`` applied."""
        return {**self.own, **self.alone[link].set}


def _run(scenario: Scenario, links: Sequence[Link], set_values: Mapping[str, Any] | None,
         solver: _Solver) -> LinkedWorld:
    t = time.process_time()
    W = world_mod.WORLD
    own = W.values({**scenario.world, **dict(set_values or {})})
    order = chain_order(links)
    world = dict(own)
    steps = []
    for lk in order:
        step = lk.rule(world, solver)
        world.update(step.set)
        steps.append(step)
    alone = {lk.name: lk.rule(own, solver) for lk in order}
    return LinkedWorld(
        method="each link's models solved exactly at the scenario (Model.solve on the world so far); links in "
               "dependency order, one pass",
        arithmetic="exact", elapsed=time.process_time() - t,
        parameters={"scenario": scenario.name, "links": [lk.name for lk in order],
                    "set": {k: W.variable(k).check(v) for k, v in (set_values or {}).items()}},
        scenario=scenario.name, order=tuple(lk.name for lk in order), own=own, linked=world,
        steps=tuple(steps), alone=alone, set_values={k: W.variable(k).check(v) for k, v in (set_values or {}).items()},
    )


def linked_world(scenario: str | Scenario, *, links: Sequence[Link] = LINKS,
                 set_values: Mapping[str, Any] | None = None) -> LinkedWorld:
    """The chain of ``links`` run at ``scenario``'s nominal world (``set_values`` overriding
    world variables first, as ``--set`` does)."""
    s = _scenario(scenario)
    return _run(s, links, set_values, _Solver(s))


@dataclass(frozen=True)
class LinkedRow:
    """One model on the scenario's own world, on the linked world and with each link alone.

    ``mattered``: the links whose effect alone changes the outcome; ``("together",)`` when the
    outcome changes only with all links applied; empty when the linked outcome is the own one.
    """

    model: str
    reads: tuple[str, ...]
    own: str
    own_headline: str
    linked: str
    linked_headline: str
    alone: dict[str, str]
    mattered: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.own != self.linked


@dataclass(frozen=True)
class LinkedOutcomes(Result):
    """Outcomes of the suite's models on a scenario's own world and on its linked world."""

    world: LinkedWorld = field(default_factory=LinkedWorld)
    rows: tuple[LinkedRow, ...] = ()

    def row(self, model: str) -> LinkedRow:
        for r in self.rows:
            if r.model == model:
                return r
        raise GameError(f"no row for model {model!r}")

    def to_text(self) -> str:
        """The chain, the world values it changed, and the model table."""
        return links_text(self)


def _default_models(links: Iterable[Link]) -> list[str]:
    sets = {v for lk in links for v in lk.sets}
    return [n for n in SUITE if sets & set(get_model(n).world_variables())]


def linked_outcomes(scenario: str | Scenario, models: Sequence[str] | None = None, *,
                    links: Sequence[Link] = LINKS, set_values: Mapping[str, Any] | None = None) -> LinkedOutcomes:
    """Each model (default: every suite model reading a variable a link sets) solved on the
    scenario's own world, on the linked world, and with each link alone."""
    t = time.process_time()
    s = _scenario(scenario)
    solver = _Solver(s)
    lw = _run(s, links, set_values, solver)
    names = list(models) if models is not None else _default_models(links)
    rows = []
    for name in names:
        reads = tuple(sorted(solver.model(name).world_variables()))
        own = solver(name, lw.own)
        linked = solver(name, lw.linked)
        alone = {ln: solver(name, lw.world_alone(ln)).outcome.key for ln in lw.order}
        if own.outcome.key == linked.outcome.key:
            mattered: tuple[str, ...] = ()
        else:
            mattered = tuple(ln for ln in lw.order if alone[ln] != own.outcome.key) or ("together",)
        rows.append(LinkedRow(name, reads, own.outcome.key, own.outcome.headline, linked.outcome.key,
                              linked.outcome.headline, alone, mattered))
    return LinkedOutcomes(
        method="every outcome from the model's own exact solve (Model.solve) at the scenario, on the own, linked "
               "and one-link worlds",
        arithmetic="exact", elapsed=time.process_time() - t,
        parameters={"scenario": s.name, "models": names, "links": list(lw.order),
                    "set": dict(lw.set_values)},
        world=lw, rows=tuple(rows))


def _value(name: str, v: Fraction) -> str:
    var = world_mod.WORLD.variable(name)
    text = var.value_text(v)
    return text if var.unit in ("probability", "yes/no") else f"{text} {var.unit}"


def links_text(res: LinkedOutcomes) -> str:
    """A plain-text report of :func:`linked_outcomes`."""
    lw = res.world
    at = f" (set: {', '.join(f'{k}={readable(v)}' for k, v in lw.set_values.items())})" if lw.set_values else ""
    lines = [f"Linked world at scenario {lw.scenario}{at}",
             f"chain (one pass, in dependency order): {' -> '.join(lw.order)}"]
    for step in lw.steps:
        lines.append(f"  {step.link}: {step.case}")
    lines.append("world values changed:")
    if not lw.changed:
        lines.append("  none")
    for k, (a, b) in lw.changed.items():
        lines.append(f"  {k}: {_value(k, a)} -> {_value(k, b)}")
    header = ("model", "own world", "linked world", "link that mattered")
    table = [header] + [(r.model, r.own, r.linked, ", ".join(r.mattered) if r.mattered else "-") for r in res.rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines.append("outcomes:")
    for row in table:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    changed = [r for r in res.rows if r.changed]
    lines.append(f"{len(changed)} of {len(res.rows)} models change outcome on the linked world.")
    return "\n".join(lines) + "\n"
