"""``gametheory repeated``: the stage game of FILE repeated forever with discounting."""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import click

from gametheory.cli._output import check_output, force_option, save_figure
from gametheory.cli._shared import echo_json, echo_text, example_names, fail_cleanly, format_option, load_game
from gametheory.errors import GameError

STRATEGIES = ("grim", "tft", "carrot", "carrot2", "carrot3")


@click.command("repeated")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--delta", "delta", metavar="D", default=None,
              help="Discount factor in [0, 1), exact text such as 9/10 (needed for --payoff-set).")
@click.option("--strategy", type=click.Choice(STRATEGIES), default=None,
              help="Check a strategy profile: grim trigger, tit-for-tat, or carrot-and-stick with 1-3 "
                   "punishment periods (cooperation: each player's first strategy).")
@click.option("--payoff-set", "payoff_set", is_flag=True,
              help="The subgame-perfect payoff set at --delta (Abreu-Sannikov; two players).")
@click.option("--output", "-o", "output", metavar="FILE", default=None,
              help="With --payoff-set: draw the set to a .png, .svg or .pdf file (needs matplotlib).")
@force_option
@format_option("table", "json")
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", type=click.Choice(example_names()), help="Use a built-in textbook game.")
@fail_cleanly
def repeated_command(file: str | None, delta: str | None, strategy: str | None, payoff_set: bool,
                     output: str | None, force: bool, fmt: str, row: str | None, col: str | None,
                     zero_sum: bool, example: str | None) -> None:
    """Repeat the stage game of FILE forever: minmax values, critical discount factors, payoff sets.

    Prints each player's pure and mixed minmax value and, for two players, the feasible
    individually rational payoff set (exact vertices). With --strategy, the one-shot
    deviation check of that strategy profile: the exact set of discount factors at which it
    is subgame perfect and its critical discount factor (and the verdict at --delta). With
    --payoff-set, the subgame-perfect payoff set at --delta by the Abreu-Sannikov algorithm.
    """
    from gametheory.dynamic.repeated import (
        carrot_and_stick,
        check_automaton,
        check_delta,
        grim_trigger,
        individually_rational_set,
        minmax_values,
        tit_for_tat,
    )

    if output is not None and not payoff_set:
        raise click.UsageError("--output draws the payoff set: give --payoff-set")
    if payoff_set and delta is None:
        raise click.UsageError("--payoff-set needs --delta")
    if output is not None:
        ext = os.path.splitext(output)[1].lower()
        if ext not in (".png", ".svg", ".pdf"):
            raise GameError(f"--output {output}: a figure is written as .png, .svg or .pdf")
        check_output(output, force, "--output")
    game = load_game(file, row, col, zero_sum, example)
    if not hasattr(game, "num_players") or not hasattr(game, "payoffs"):
        raise GameError("repeated games need a normal-form stage game (a .nfg file, JSON normal form or --row/--col)")
    d = None if delta is None else check_delta(delta, "--delta")
    out: dict[str, Any] = {"minmax": minmax_values(game)}
    if game.num_players == 2:
        out["individually_rational_set"] = individually_rational_set(game)
    if strategy is not None:
        if strategy == "grim":
            auto = grim_trigger(game)
        elif strategy == "tft":
            auto = tit_for_tat(game)
        else:
            auto = carrot_and_stick(game, periods=int(strategy[6:] or 1))
        out["strategy"] = check_automaton(game, auto, d)
    notes: list[str] = []
    if payoff_set:
        from gametheory.dynamic.abreu_sannikov import spe_payoff_set

        res = spe_payoff_set(game, d)
        out["payoff_set"] = res
        if output is not None:
            if importlib.util.find_spec("matplotlib") is None:
                notes.append(f"{output} not drawn: plots need matplotlib (pip install 'gametheory[plots]')")
            else:
                import matplotlib.pyplot as plt

                fig = res.plot()
                save_figure(fig, output, force)
                plt.close(fig)
                notes.append(f"wrote {output}")
    if fmt == "json":
        echo_json(out)
    else:
        echo_text(render(out))
    for n in notes:
        click.echo(n, err=True)


def render(out: dict[str, Any]) -> str:
    """The text report: one block per part computed."""
    parts = [out["minmax"].summary()]
    if "individually_rational_set" in out:
        parts.append(out["individually_rational_set"].summary())
    if "strategy" in out:
        parts.append(out["strategy"].summary())
    if "payoff_set" in out:
        parts.append(out["payoff_set"].summary())
    return "\n".join(parts)
