"""``gametheory models`` and ``gametheory model NAME``: the model suite (``brief`` is in :mod:`.brief_cmd`)."""

from __future__ import annotations

import textwrap
from fractions import Fraction
from typing import Any

import click

from gametheory import models as registry
from gametheory.cli._shared import echo_json, fail_cleanly, format_option, parse_settings, progress_line
from gametheory.modeling import flip_words, readable


def render_model_text(model: Any, result: Any, *, world_flips: Any = (), scenario: Any = None,
                      searched: bool = True) -> str:
    lines = [model.title, "=" * len(model.title)]
    if scenario is not None:
        tag = " (illustrative)" if scenario.illustrative else ""
        lines.append(f"scenario: {scenario.name} -- {scenario.title}{tag}")
    lines.append(f"outcome: {result.outcome.headline}")
    lines.extend(textwrap.wrap(result.statement, 88))
    for n in result.diagnostics:
        lines.extend(textwrap.wrap(f"note: {n}", 88, subsequent_indent="  "))
    lines.append("")
    if scenario is not None:
        from gametheory.models import world

        if searched and world_flips:
            lines.append("what would change this (one world variable at a time; levers first, then key "
                         "uncertainties):")
            for f in world_flips:
                lines.append(f"  {_world_flip_words(model, world.WORLD, f)}")
        elif searched:
            lines.append("no single world variable this model reads changes the outcome within its range")
        if searched:
            lines.append("")
    if result.flips:
        lines.append("nearest changes of outcome (one parameter at a time; levers and key uncertainties first):")
        for f in rank_flips(model, result):
            lines.append(f"  {flip_words(model, f)}{_role_tag(model, f.parameter)}")
        lines.append("")
    elif scenario is None and searched:
        lines.append("no single parameter change inside its admissible interval changes the outcome")
        lines.append("")
    lines.append("parameters:")
    for p in model.parameters:
        v = result.values[p.name]
        unit = f" {p.unit}" if p.unit else ""
        shown = readable(v, p.unit)
        unit = "" if p.unit in ("probability", "share") else unit
        lines.append(f"  {p.name} = {shown}{unit}{_provenance(model, result, p.name)}  -- {p.description}")
    if result.world:
        lines.append("")
        lines.append("world state read by this model:")
        from gametheory.models import world

        for k, v in result.world.items():
            var = world.WORLD.variable(k)
            unit = f" {var.unit}" if var.unit and var.kind != "flag" and var.unit != "probability" else ""
            lines.append(f"  {k} = {var.value_text(v)}{unit}  -- {var.label} ({var.role})")
    lines.append("")
    lines.append(f"equilibrium (engine method {result.method}; full detail with --format json):")
    for k, v in result.equilibrium.items():
        text = _short(v)
        lines.append(f"  {k}: {text if len(text) <= 300 else text[:297] + '...'}")
    if result.quantities:
        lines.append("quantities:")
        for k, v in result.quantities.items():
            lines.append(f"  {k}: {_short(v)}")
    lines.append(result.to_json()["caveat"].capitalize() + "; see the model's docs page." if result.illustrative
                 else "Values are sourced; see the model's docs page.")
    return "\n".join(lines) + "\n"


ROLE_WORDS = {"lever": "lever", "uncertainty": "key uncertainty", "context": "context"}


def _links(model: Any) -> dict[str, tuple[str, ...]]:
    return {lk.parameter: lk.uses for lk in model.world_links}


def _param_role(model: Any, name: str) -> int:
    """0 lever, 1 key uncertainty, 2 context (from the world variables it is linked to), 3 unlinked."""
    from gametheory.modeling.world import ROLES
    from gametheory.models import world

    uses = _links(model).get(name, ())
    roles = [ROLES.index(world.WORLD.variable(u).role) for u in uses if u in world.WORLD]
    return min(roles) if roles else len(ROLES)


def _param_role_name(model: Any, name: str) -> str:
    """``"lever"``, ``"uncertainty"``, ``"context"`` or ``""`` (not linked to the world state)."""
    from gametheory.modeling.world import ROLES

    r = _param_role(model, name)
    return ROLES[r] if r < len(ROLES) else ""


def _role_tag(model: Any, name: str) -> str:
    role = _param_role_name(model, name)
    return f"  [{ROLE_WORDS[role]}]" if role in ("lever", "uncertainty") else ""


def rank_flips(model: Any, result: Any) -> list[Any]:
    """Flips ordered by policy relevance: parameters linked to levers, then to key
    uncertainties, then the rest; within a class by distance relative to the interval."""
    return sorted(result.flips, key=lambda f: (_param_role(model, f.parameter), _relative_distance(model, result, f)))


def _provenance(model: Any, result: Any, name: str) -> str:
    how = result.provenance.get(name, "default")
    if how == "world":
        return f"   (from the world: {', '.join(_links(model).get(name, ()))})"
    if how == "scenario":
        return "   (scenario setting)"
    if how == "set":
        return "   (set)"
    return ""


def _world_flip_words(model: Any, world: Any, f: Any) -> str:
    var = world.variable(f.parameter)
    role = ROLE_WORDS[var.role]
    if var.kind == "flag":
        change = f"if {var.label} were {'yes' if f.value else 'no'}"
    else:
        verb = "fell below" if f.direction == "down" else "rose above"
        change = f"if {var.label} ({var.name}) {verb} {readable(f.value, var.unit)}"
        if var.unit and var.unit not in ("probability", "share"):
            change += f" {var.unit}"
    return f"[{role}] {change}: {model.outcome(f.to).headline}"


def _relative_distance(model: Any, result: Any, f: Any) -> float:
    p = model.parameter(f.parameter)
    lo, hi = p.sample_bounds()
    width = (hi - lo) or 1.0
    return abs(float(f.value) - float(result.values[p.name])) / width


def _short(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_short(x)}" for k, x in v.items()) + "}"
    return readable(v)


@click.command("models")
@format_option("table", "json")
@fail_cleanly
def models_command(fmt: str) -> None:
    """List the built-in models of the Europe-Russia-US suite."""
    if fmt == "json":
        out = []
        for name in sorted(registry.MODELS):
            m = registry.MODELS[name]()
            out.append({
                "name": name,
                "title": m.title,
                "question": m.question,
                "players": list(m.players),
                "parameters": m.describe_parameters(),
                "outcomes": [{"key": o.key, "headline": o.headline} for o in m.outcomes],
            })
        echo_json(out)
        return
    for name in sorted(registry.MODELS):
        m = registry.MODELS[name]()
        click.echo(f"{name:<12} {m.title}")
        click.echo(f"{'':<12} {m.question}")
        click.echo(f"{'':<12} parameters: {', '.join(p.name for p in m.parameters)}")


class _ListsModels(click.Command):
    """A command whose help ends with the names of the models it can run."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from gametheory.modeling.registry import model_names

        super().format_epilog(ctx, formatter)
        with formatter.section("Models (see `gametheory models`)"):
            formatter.write_text(", ".join(model_names()))


@click.command("model", cls=_ListsModels)
@click.argument("name")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Set a parameter (repeatable); others keep their defaults.")
@format_option("table", "json")
@click.option("--scenario", "scenario_ref", metavar="S",
              help="Run on scenario S: a built-in name (see `gametheory scenarios`) or a .toml file. The "
                   "world state it describes sets the model's parameters; --set still overrides them.")
@click.option("--draws", type=int, default=0, show_default=True,
              help="With --scenario: also solve at this many world states drawn from the scenario's ranges "
                   "and report how often each outcome holds (95% Wilson intervals).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --draws sample.")
@click.option("--no-flips", is_flag=True, help="Skip the search for the nearest outcome changes.")
@fail_cleanly
def model_command(name: str, settings: tuple[str, ...], scenario_ref: str | None, draws: int, seed: int,
                  fmt: str, no_flips: bool) -> None:
    """Solve model NAME at its defaults (or --set values) and explain the outcome.

    With --scenario, the model runs in the world state the scenario describes, and the
    output adds which change in one world variable would change the outcome.

    Flips (the nearest changes of outcome) are searched once per model and values and kept
    in ~/.cache/gametheory (or $XDG_CACHE_HOME/gametheory), so running the same model again
    is fast; set GAMETHEORY_CACHE=off to search afresh without the cache.
    """
    model = registry.get_model(name)
    overrides = parse_settings(settings)
    if draws and scenario_ref is None:
        raise click.UsageError("--draws needs --scenario (the ranges come from the scenario)")
    if draws < 0:
        raise click.UsageError("--draws must be 0 or more")
    if scenario_ref is None:
        result = model.solve(overrides, flips=not no_flips)
        if fmt == "json":
            echo_json(result)
        else:
            click.echo(render_model_text(model, result, searched=not no_flips), nl=False)
        return
    from gametheory.modeling.flips import world_flips
    from gametheory.models import world

    scenario = world.load(scenario_ref)
    point = scenario.point(world.WORLD)
    # on a scenario the changes that matter are in world variables; the expert parameters'
    # own flips are left to `gametheory model NAME` without --scenario (or `thresholds`)
    result = model.solve(overrides, flips=False, world=point, scenario=scenario)
    wflips = [] if no_flips else world_flips(model, world.WORLD, point, result.outcome.key,
                                             overrides={**scenario.model_settings(model), **overrides})
    freq = None
    if draws:
        from gametheory.sensitivity.scenarios import scenario_montecarlo

        freq = scenario_montecarlo(model, scenario, world.WORLD, draws=draws, seed=seed, overrides=overrides,
                                   progress=progress_line("draws"))
    if fmt == "json":
        data = result.to_json()
        data["scenario_detail"] = scenario.to_json()
        data["world_flips"] = [f.to_json() for f in wflips]
        if freq is not None:
            data["frequencies"] = freq.to_json()
        echo_json(data)
        return
    text = render_model_text(model, result, world_flips=wflips, scenario=scenario, searched=not no_flips)
    if freq is not None:
        text += _frequency_text(freq)
    click.echo(text, nl=False)


def _frequency_text(freq: Any) -> str:
    lines = ["", f"across the scenario's ranges ({freq.draws} draws, seed {freq.seed}; varied: "
             f"{', '.join(freq.varied) or 'none'}):"]
    for k, n in sorted(freq.counts.items(), key=lambda kv: -kv[1]):
        lo, hi = freq.intervals[k]
        lines.append(f"  {readable(Fraction(n, freq.draws), 'probability'):>6}  {freq.headlines[k]}  "
                     f"(95% interval {readable(lo, 'probability')} to {readable(hi, 'probability')})")
    for n in freq.diagnostics:
        lines.append(f"  note: {n}")
    return "\n".join(lines) + "\n"
