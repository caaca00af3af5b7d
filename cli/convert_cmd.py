"""``gametheory convert``: a game file from one format to another."""

from __future__ import annotations

import os

import click

from gametheory.cli._output import check_output, force_option, write_output
from gametheory.cli._shared import fail_cleanly, game_format_of, is_symbolic_game, read_game_source
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.io import dumps_game
from gametheory.normal.game import NormalFormGame


@click.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["nfg", "efg", "json"]),
    default=None,
    help="Output format [default: from TARGET's extension].",
)
@force_option
@fail_cleanly
def convert_command(source: str, target: str, fmt: str | None, force: bool) -> None:
    """Convert a game file between Gambit .nfg/.efg and the project's JSON spec ('-' for stdout).

    An extensive game written as .nfg is converted to its reduced normal form."""
    if target != "-" and fmt is None:
        fmt = game_format_of(target)
        if fmt is None:
            ext = os.path.splitext(target)[1].lower()
            raise GameError(
                f"{target}: cannot tell the output format from the extension {ext or '(none)'!r}; "
                "use .nfg, .efg or .json or pass --to nfg / --to efg / --to json"
            )
    if target != "-":
        check_output(target, force, None)  # before reading: an existing TARGET needs --force
    game = read_game_source(source)
    if is_symbolic_game(game):
        raise GameError(
            f"{source}: a game with parameters cannot be converted to a numeric format; "
            "solve it at a point with `gametheory solve FILE --set NAME=VALUE`"
        )
    if isinstance(game, ExtensiveGame) and fmt == "nfg":
        game = game.to_normal_form(reduced=True)
    elif isinstance(game, NormalFormGame) and fmt == "efg":
        raise GameError(f"{source}: a normal-form game cannot be written as a game tree (.efg)")
    if target == "-":
        click.echo(dumps_game(game, fmt or "json"), nl=False)
        return
    # atomically, via a temporary file next to TARGET; never through a symbolic link
    write_output(target, dumps_game(game, fmt or "json"), force, None)
    click.echo(f"wrote {target}", err=True)
