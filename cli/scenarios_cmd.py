"""``gametheory scenarios``: the world state's variables and the built-in scenarios."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from gametheory.cli._shared import echo_json, echo_text, fail_cleanly, format_option, progress_line


def _world() -> Any:
    from gametheory.models import world

    return world


def _range_text(var: Any, spec: Any) -> str:
    """``"0% to 10%"`` for a uniform range, the distribution's text otherwise."""
    import re
    from fractions import Fraction

    m = re.fullmatch(r"uniform\((.+), (.+)\)", str(spec))
    if m:
        return f"{var.value_text(Fraction(m.group(1)))} to {var.value_text(Fraction(m.group(2)))}"
    return str(spec)


def _short_values(scenario: Any, world: Any) -> str:
    parts = []
    for k, v in scenario.world.items():
        var = world.WORLD.variable(k)
        text = var.value_text(v)
        if k in scenario.ranges:
            text += f" ({_range_text(var, scenario.ranges[k])})"
        parts.append(f"{k} {text}")
    return "; ".join(parts) or "the world state's defaults"


def _scenario_text(s: Any, world: Any) -> str:
    lines = [f"{s.name}: {s.title}"]
    if s.description.strip():
        lines.extend(textwrap.wrap(" ".join(s.description.split()), 88, initial_indent="  ", subsequent_indent="  "))
    lines.append("  world variables set:")
    for k, v in s.world.items():
        var = world.WORLD.variable(k)
        unit = f" {var.unit}" if var.unit and var.kind != "flag" else ""
        rng = f", drawn from {s.ranges[k]}" if k in s.ranges else ""
        unit = "" if unit == " probability" else unit
        lines.append(f"    {k} = {var.value_text(v)}{unit}{rng}  -- {var.label}")
    for m, settings in s.models.items():
        lines.append(f"  model {m}: " + ", ".join(f"{k} = {v}" for k, v in settings.items()))
    lines.append("  sources: " + ("; ".join(s.sources) or "none given (illustrative)"))
    if s.path:
        lines.append(f"  file: {s.path}")
    return "\n".join(lines)


@click.command("scenarios")
@click.argument("scenario", required=False)
@click.option("--variables", is_flag=True, help="List the world state's variables instead.")
@click.option("--compare", "compare", multiple=True, metavar="S",
              help="Solve every model under scenario S (repeatable; 'all' for every built-in one) and "
                   "show the outcomes side by side.")
@click.option("--model", "model_names", multiple=True, metavar="NAME",
              help="With --compare: only these models (repeatable; default every model).")
@format_option("table", "json")
@fail_cleanly
def scenarios_command(scenario: str | None, variables: bool, compare: tuple[str, ...],
                      model_names: tuple[str, ...], fmt: str) -> None:
    """List the built-in scenarios (or show SCENARIO, a name or a .toml file, in full).

    A scenario sets variables of the world state (US backing, French/UK posture, Ukraine's
    army and alliance status, ...); every model maps the world state to its own parameters,
    so `gametheory model NAME --scenario S` means the same situation in every model.
    `--compare us-committed --compare us-out` puts every model's outcome under each side by side.
    """
    world = _world()
    if model_names and not compare:
        raise click.UsageError("--model applies to --compare")
    if compare:
        _compare(world, compare, model_names, fmt)
        return
    if variables:
        if fmt == "json":
            echo_json([v.describe() for v in world.WORLD])
            return
        for v in world.WORLD:
            unit = f" {v.unit}" if v.unit else ""
            echo_text(f"{v.name:<20} {v.role:<11} default {v.value_text(v.default)}{unit}, range {v.interval_text()}")
            for line in textwrap.wrap(v.description, 66):
                echo_text(f"{'':<21} {line}")
            echo_text(f"{'':<21} source: {v.source}")
        return
    if scenario is not None:
        s = world.load(scenario)
        if fmt == "json":
            echo_json({**s.to_json(), "point": {k: str(x) for k, x in s.point(world.WORLD).items()}})
        else:
            echo_text(_scenario_text(s, world))
        return
    names = world.scenario_order()
    loaded = [world.load(n) for n in names]
    if fmt == "json":
        echo_json([s.to_json() for s in loaded])
        return
    for s in loaded:
        echo_text(f"{s.name:<24} {s.title}")
        for line in textwrap.wrap(_short_values(s, world), 84):
            echo_text(f"{'':<24} {line}")
    echo_text("\nRun one: gametheory model NAME --scenario SCENARIO (a name above or a .toml file).")


def _compare(world: Any, refs: tuple[str, ...], model_names: tuple[str, ...], fmt: str) -> None:
    from gametheory.models import MODELS, get_model
    from gametheory.sensitivity.scenarios import compare_scenarios

    names = world.scenario_order() if "all" in refs else list(dict.fromkeys(refs))
    scenarios = {}
    for ref in names:
        s = world.load(ref)
        scenarios[s.name] = s
    chosen = list(dict.fromkeys(model_names)) or sorted(MODELS)
    models = {n: get_model(n) for n in chosen}
    table = compare_scenarios(models, scenarios, world.WORLD, progress=progress_line("solves"))
    if fmt == "json":
        echo_json(table)
        return
    width = max(len(s) for s in table.scenarios)
    for m in table.models:
        echo_text(f"{m}: {models[m].title}")
        for s in table.scenarios:
            echo_text(f"  {s:<{width}}  {table.headlines[m][s]}")
        echo_text("")
    echo_text("Nominal values of each scenario (illustrative, not estimates); "
              "`gametheory model NAME --scenario S` explains one cell, --draws samples its ranges.")
