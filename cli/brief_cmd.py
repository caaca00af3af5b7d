"""``gametheory brief``: the decision brief across scenarios (text, Markdown, HTML, JSON)."""

from __future__ import annotations

import click

from gametheory.cli._output import check_output, force_option, write_output
from gametheory.cli._shared import fail_cleanly, format_option, progress_line


@click.command("brief")
@click.option("--scenario", "scenario_refs", multiple=True, metavar="S",
              help="A scenario (built-in name or .toml file; repeatable). Default: every built-in scenario.")
@click.option("--model", "model_refs", multiple=True, metavar="NAME",
              help="Add a model's outcomes as an extra column (repeatable).")
@click.option("--draws", type=int, default=None,
              help="Draws per scenario and model over the scenario's ranges, each classified by the model's exact outcome rule (default 20).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the draws.")
@click.option("--no-flips", is_flag=True, help="Skip the search for what would change each answer.")
@click.option("--linked", is_flag=True,
              help="Also say which answers change when the models feed each other (the bloc's capability and "
                   "the US backing it buys, the agreed ceasefire cap; see `gametheory links`). Slower.")
@format_option("table", "markdown", "html", "json",
               help="Output format: table (terminal text, also 'text'), markdown, html or json.")
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False), default=None,
              help="Write the brief to this file instead of standard output.")
@force_option
@fail_cleanly
def brief_command(scenario_refs: tuple[str, ...], model_refs: tuple[str, ...], draws: int | None, seed: int,
                  no_flips: bool, linked: bool, fmt: str, out: str | None, force: bool) -> None:
    """The decision brief: bottom line, scenario table, mechanisms, what would change the view."""
    from gametheory.models.brief import DEFAULT_DRAWS, build_brief

    if out is not None:
        check_output(out, force)
    n = DEFAULT_DRAWS if draws is None else draws
    if n < 0:
        raise click.UsageError("--draws must be 0 or more")
    brief = build_brief(list(scenario_refs) or None, extra_models=model_refs, draws=n, seed=seed,
                        flips=not no_flips, linked=linked, progress=progress_line("model solves"))
    text = brief.render("text" if fmt == "table" else fmt)
    if out is not None:
        write_output(out, text, force)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)
