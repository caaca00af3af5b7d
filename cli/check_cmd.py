"""``gametheory check``: is a given profile an (epsilon-)equilibrium? Pure agent equilibria of trees."""

from __future__ import annotations

from typing import Any

import click

from gametheory._kernel.results import dumps
from gametheory.cli._shared import echo_text, example_names, fail_cleanly, format_option, load_game
from gametheory.errors import GameError


@click.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", help="A built-in textbook game (see `gametheory examples`).")
@click.option("--profile", metavar="PROFILE",
              help='Normal forms: one mixed strategy per player, players separated by ";" and '
              'probabilities by "," (e.g. "1/2,1/2; 0,1").')
@click.option("--epsilon", default="0", show_default=True, metavar="NUMBER",
              help="Largest gain from a deviation still accepted (read exactly: 1/100, 0.01).")
@click.option("--agent-pure", is_flag=True,
              help="Game trees: list every pure behaviour profile no single agent (information set) "
              "can improve on, as Gambit's enumpure_agent_solve.")
@format_option("table", "json")
@fail_cleanly
def check_command(file: str | None, row: str | None, col: str | None, zero_sum: bool, example: str | None,
                  profile: str | None, epsilon: str, agent_pure: bool, fmt: str) -> None:
    """Check a given profile of a game: every player's regret, epsilon-Nash, the Lyapunov value.

    With --profile (normal forms) the report gives each player's largest gain from a
    deviation, the best responses, the payoffs and the Lyapunov value (the sum of squared
    gains), exact for exact games. With --agent-pure (game trees) it lists every pure agent
    equilibrium, each verified by a walk down the tree.
    """
    from gametheory.extensive.game import ExtensiveGame

    if example is not None and example not in example_names():
        raise click.UsageError(f"--example: unknown game {example!r}; choose from {', '.join(example_names())}")
    game = load_game(file, row, col, zero_sum, example)
    result: Any
    if agent_pure:
        if profile is not None:
            raise click.UsageError("--agent-pure lists equilibria; it takes no --profile")
        if not isinstance(game, ExtensiveGame):
            raise GameError("--agent-pure: needs a game tree (.efg or a JSON tree)")
        from gametheory.extensive.agent import agent_pure_equilibria

        result = agent_pure_equilibria(game)
    else:
        if profile is None:
            raise click.UsageError("give --profile (normal forms) or --agent-pure (game trees)")
        if isinstance(game, ExtensiveGame):
            raise GameError("--profile: give a normal-form game (for a tree, use --agent-pure)")
        from gametheory.normal.verify import epsilon_nash

        result = epsilon_nash(game, _parse_profile(profile, game.num_players), epsilon)
    echo_text(dumps(result, indent=2) + "\n" if fmt == "json" else str(result).rstrip("\n") + "\n", nl=False)


def _parse_profile(text: str, players: int) -> list[list[Any]]:
    """``"1/2,1/2; 0,1"`` -> ``[["1/2", "1/2"], ["0", "1"]]`` (numbers are read by the game)."""
    from gametheory._kernel.values import parse_number

    parts = [p.strip() for p in text.split(";")]
    if len(parts) != players:
        raise GameError(f"--profile: {len(parts)} strategies given for {players} players (separate players by ';')")
    return [[parse_number(x.strip(), f"--profile player {i + 1}") for x in p.split(",")] for i, p in enumerate(parts)]
