"""``gametheory reduce``: iterated elimination of dominated strategies."""

from __future__ import annotations

import math
import os
from typing import Any

import click

from gametheory._kernel.values import format_number
from gametheory.cli._output import check_output, force_option, write_output
from gametheory.cli._shared import (
    at_point,
    display_title,
    echo_json,
    echo_text,
    example_names,
    fail_cleanly,
    format_option,
    game_format_of,
    load_game,
    one_line,
)
from gametheory.errors import GameError, GameSizeError
from gametheory.io import dumps_game
from gametheory.normal import dominance
from gametheory.normal.dominance import eliminate_dominated


@click.command("reduce")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--weak", is_flag=True, help="Remove weakly dominated strategies too (the order then matters).")
@click.option("--pure-only", is_flag=True, help="Domination by pure strategies only (no LP).")
@click.option(
    "--exact/--float",
    "exact",
    default=None,
    help="Rational or floating-point arithmetic [default: exact when payoffs are rational].",
)
@click.option(
    "--order",
    type=click.Choice(["all-at-once", "player-by-player", "one-at-a-time"]),
    default="all-at-once",
    show_default=True,
    help="How removals are scheduled (the reduced game depends on it only with --weak).",
)
@format_option("table", "json")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the reduced game to this file (.nfg or .json).",
)
@force_option
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", type=click.Choice(example_names()), help="Reduce a built-in textbook game.")
@fail_cleanly
def reduce_command(
    file: str | None,
    weak: bool,
    pure_only: bool,
    exact: bool | None,
    order: str,
    fmt: str,
    output: str | None,
    force: bool,
    row: str | None,
    col: str | None,
    zero_sum: bool,
    example: str | None,
) -> None:
    """Remove dominated strategies, round after round, from a game in FILE (.nfg or .json; '-' for stdin).

    Prints every removal (round, player, strategy, the pure or mixed strategy that dominates
    it, and by how much) and what is left. Strict dominance never removes a strategy used in
    a Nash equilibrium, and its result does not depend on the order of removal; with --weak
    neither is guaranteed. In exact arithmetic every removal is certified exactly.
    """
    out_fmt = None
    if output is not None:
        out_fmt = game_format_of(output)
        if out_fmt is None:
            ext = os.path.splitext(output)[1].lower()
            raise GameError(
                f"--output {output}: cannot tell the format from the extension {ext or '(none)'!r}; "
                "use .nfg or .json"
            )
        check_output(output, force, "--output")
    game = at_point(load_game(file, row, col, zero_sum, example), ())
    profiles = math.prod(game.shape)
    if not pure_only and profiles > dominance.MAX_LP_PROFILES:
        raise GameSizeError(
            f"{' x '.join(map(str, game.shape))} game has {profiles:,} pure profiles, more than the "
            f"{dominance.MAX_LP_PROFILES:,} the mixed-dominance LPs accept; use --pure-only"
        )
    result = eliminate_dominated(game, mixed=not pure_only, weak=weak, exact=exact, order=order)
    if fmt == "json":
        echo_json(result)
    else:
        echo_text(render_reduction(result), nl=False)
    if output is not None:
        write_output(output, dumps_game(result.game, out_fmt or "json"), force, "--output")
        click.echo(f"wrote {output}", err=True)


def render_reduction(result: Any) -> str:
    """Text report of a :class:`~gametheory.normal.dominance.DominanceResult`."""
    g, r = result.original, result.game
    title = f"{display_title(g.title)}: " if display_title(g.title) else ""
    dims = " x ".join(map(str, g.shape))
    kind = "weak and strict" if result.weak else "strict"
    by = "pure and mixed" if result.mixed else "pure"
    rounds = f"{result.rounds} round{'s' if result.rounds != 1 else ''}"
    lines = [
        f"{title}{dims} game reduced to {' x '.join(map(str, r.shape))} "
        f"({kind} dominance by {by} strategies, {result.arithmetic} arithmetic, "
        f"{rounds}, {result.elapsed * 1000:.1f} ms)"
    ]
    if result.steps:
        header = ("round", "player", "removed", "dominated by", "kind", "margin")
        rows = [
            (str(s.round), s.player, s.strategy, s.dominator_text(), s.kind, format_number(s.margin))
            for s in result.steps
        ]
        widths = [max(len(x) for x in col) for col in zip(header, *rows)]
        for cells in (header, *rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    else:
        lines.append("no strategy is dominated")
    lines.append("remaining:")
    width = max(len(p) for p in r.players)
    for p, ss in zip(r.players, r.strategies):
        lines.append(f"  {p:<{width}}  {', '.join(ss)}")
    for w in result.diagnostics:
        lines.append(f"note: {one_line(w)}")
    return "\n".join(lines) + "\n"
