"""``gametheory methods`` and ``gametheory examples``: what the engine offers."""

from __future__ import annotations

import click

from gametheory.cli._shared import one_line
from gametheory.normal.solvers import METHODS


@click.command("methods")
def methods_command() -> None:
    """List the solver methods."""
    for name, (_, desc) in METHODS.items():
        click.echo(f"{name:<22}{desc}")


@click.command("examples")
def examples_command() -> None:
    """List the built-in textbook games (use with `solve --example NAME`)."""
    from gametheory.normal.examples import EXAMPLES  # numpy: only when this command runs

    for name, f in EXAMPLES.items():
        # the docstring's first paragraph, which may wrap over several lines
        doc = one_line((f.__doc__ or "").strip().split("\n\n")[0])
        click.echo(f"{name:<22}{doc}")
