"""``gametheory convert``: a game file from one format to another."""

from __future__ import annotations

import os

import click

from gametheory.cli._shared import fail_cleanly, game_format_of, is_symbolic_game, read_game_source
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.io import dumps_game, write_game
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
@fail_cleanly
def convert_command(source: str, target: str, fmt: str | None) -> None:
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
    try:
        write_game(game, target, format=fmt)
    except OSError as exc:
        # write_game writes a temporary file next to TARGET first: name TARGET, not that file
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}", err=True)
