"""``gametheory models``, ``gametheory model NAME`` and ``gametheory brief``: the model suite."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from gametheory import models as registry
from gametheory._kernel.results import dumps
from gametheory.cli._shared import echo_json, fail_cleanly, format_option, parse_settings
from gametheory.modeling import flip_words, format_value


def render_model_text(model: Any, result: Any) -> str:
    lines = [model.title, "=" * len(model.title)]
    lines.append(f"outcome: {result.outcome.headline}")
    lines.extend(textwrap.wrap(result.statement, 88))
    lines.append("")
    lines.append("parameters:")
    for p in model.parameters:
        v = result.values[p.name]
        mark = "" if v == p.default else "   (set)"
        unit = f" {p.unit}" if p.unit else ""
        lines.append(f"  {p.name} = {format_value(v)}{unit}{mark}  -- {p.description}")
    lines.append("")
    if result.flips:
        lines.append("nearest changes of outcome (one parameter at a time):")
        ranked = sorted(result.flips, key=lambda f: _relative_distance(model, result, f))
        for f in ranked:
            lines.append(f"  {flip_words(model, f)}")
    else:
        lines.append("no single parameter change inside its admissible interval changes the outcome")
    lines.append("")
    lines.append(f"equilibrium (engine method {result.method}):")
    lines.append(textwrap.indent(dumps(result.equilibrium, indent=2), "  "))
    if result.quantities:
        lines.append("quantities:")
        for k, v in result.quantities.items():
            lines.append(f"  {k}: {_short(v)}")
    for n in result.diagnostics:
        lines.append(f"note: {n}")
    lines.append("Defaults are illustrative assumptions, not estimates; see the model's docs page.")
    return "\n".join(lines) + "\n"


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
    return format_value(v)


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


@click.command("model")
@click.argument("name")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Set a parameter (repeatable); others keep their defaults.")
@format_option("table", "json")
@click.option("--no-flips", is_flag=True, help="Skip the search for the nearest outcome changes.")
@fail_cleanly
def model_command(name: str, settings: tuple[str, ...], fmt: str, no_flips: bool) -> None:
    """Solve model NAME at its defaults (or --set values) and explain the outcome."""
    model = registry.get_model(name)
    result = model.solve(parse_settings(settings), flips=not no_flips)
    if fmt == "json":
        echo_json(result)
    else:
        click.echo(render_model_text(model, result), nl=False)


@click.command("brief")
@format_option("table", "json")
@fail_cleanly
def brief_command(fmt: str) -> None:
    """Run every model at its defaults and print a short decision brief."""
    results = []
    for name in sorted(registry.MODELS):
        m = registry.MODELS[name]()
        results.append((m, m.solve()))
    if fmt == "json":
        echo_json([r for _, r in results])
        return
    click.echo("Decision brief: the Europe-Russia-US model suite at its default assumptions")
    click.echo("(defaults are illustrative, not estimates; `gametheory model NAME` for details)")
    for m, r in results:
        click.echo("")
        click.echo(f"{m.title}")
        para = r.statement
        if r.flips:
            f = min(r.flips, key=lambda f: _relative_distance(m, r, f))
            para += f" Most fragile assumption: {flip_words(m, f)}."
        for line in textwrap.wrap(para, 88):
            click.echo(line)
