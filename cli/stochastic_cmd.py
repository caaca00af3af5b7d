"""``gametheory stochastic``: stationary Markov perfect equilibria of a stochastic game."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal

import click

from gametheory.cli._shared import echo_json, echo_text, fail_cleanly, format_option
from gametheory.errors import GameError, GameFormatError

#: Largest game file read (bytes).
MAX_BYTES = 5_000_000


@click.command("stochastic")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--method",
    type=click.Choice(["auto", "pure", "shapley", "iteration", "homotopy"]),
    default="auto",
    show_default=True,
    help="auto: every pure equilibrium plus one mixed (Shapley iteration for zero-sum games); "
    "pure: every pure one only (complete); shapley: zero-sum value iteration; iteration: same as auto; "
    "homotopy: every pure one plus the limit of the logit Markov quantal-response path (any game).",
)
@click.option("--example", type=click.Choice(["big-match"]), help="A built-in game instead of FILE.")
@click.option("--discount", default="9/10", show_default=True, help="Discount factor of --example.")
@format_option("table", "json")
@fail_cleanly
def stochastic_command(file: str | None, method: str, example: str | None, discount: str, fmt: str) -> None:
    """Stationary Markov perfect equilibria of a discounted stochastic game in FILE (.json; '-' for stdin).

    Each equilibrium is verified by the one-shot deviation check in every state, in exact
    rational arithmetic; its values are the exact solution of the linear value equations.
    An equilibrium that could only be found in floats is reported with its exact largest
    deviation gain (an epsilon-equilibrium). The JSON format is described in
    docs/howto-stochastic.md.
    """
    from gametheory.dynamic.stochastic import (
        StochasticGame,
        big_match,
        markov_equilibria,
        pure_markov_equilibria,
        shapley_iteration,
    )

    if (file is None) == (example is None):
        raise click.UsageError("give exactly one of FILE or --example")
    if example is not None:
        game = big_match(discount)
    else:
        assert file is not None
        if file == "-":
            text, source = sys.stdin.read(MAX_BYTES + 1), "<stdin>"
        else:
            if os.path.getsize(file) > MAX_BYTES:
                raise GameError(f"{file}: larger than {MAX_BYTES} bytes")
            with open(file, encoding="utf-8") as fh:
                text, source = fh.read(), file
        if len(text) > MAX_BYTES:
            raise GameError(f"{source}: larger than {MAX_BYTES} bytes")
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise GameFormatError(f"not valid JSON ({exc.msg}, line {exc.lineno})", source) from None
        game = StochasticGame.from_json(data, source)
    if method == "pure":
        result = pure_markov_equilibria(game)
    elif method == "shapley":
        result = shapley_iteration(game)
    elif method == "homotopy":
        result = markov_equilibria(game, method="homotopy")
    else:
        result = markov_equilibria(game)
    if fmt == "json":
        echo_json(result)
    else:
        echo_text(result.summary())
