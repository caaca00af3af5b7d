"""The ``gametheory`` command line: the group and its table of commands.

Each command lives in its own module and is imported only when it runs (or when its own
``--help`` is asked for): :class:`LazyGroup` finds it through :data:`COMMANDS`, which also
holds each command's one-line summary, so ``gametheory --help`` lists every command
without importing any of them (and so without numpy, scipy, sympy or matplotlib).

Errors: library errors become one ``Error:`` line on stderr and exit status 1; usage errors
exit with status 2 (see :func:`gametheory.cli._shared.fail_cleanly`).
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Mapping
from typing import Any

import click

#: Command name -> (``"module:attribute"`` of the click command, its summary for the help
#: listing: the first paragraph of its docstring; a test checks the two agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "analyze": ("gametheory.cli.analyze_cmd:analyze_command",
                "Regimes of a symbolic game: which equilibria hold for which parameter values."),
    "brief": ("gametheory.cli.brief_cmd:brief_command",
              "The decision brief: bottom line, scenario table, mechanisms, what would change the view."),
    "check": ("gametheory.cli.check_cmd:check_command",
              "Check a given profile of a game: every player's regret, epsilon-Nash, the Lyapunov value."),
    "convert": ("gametheory.cli.convert_cmd:convert_command",
                "Convert a game file between Gambit .nfg/.efg and the project's JSON spec ('-' for stdout)."),
    "demo": ("gametheory.cli.solve_cmd:demo_command",
             "Solve every built-in textbook game exactly: a quick tour of the solvers (the main job is `brief`)."),
    "dynamics": ("gametheory.cli.dynamics_cmd:dynamics_command",
                 "Learning and evolutionary dynamics of a game: fictitious play, replicator, Moran, ESS, ..."),
    "elasticities": ("gametheory.cli.sensitivity_cmd:elasticities_command",
                     "Elasticity of quantity Q with respect to each of MODEL's parameters (% change per 1% "
                     "change)."),
    "examples": ("gametheory.cli.info_cmd:examples_command",
                 "List the built-in textbook games (use with `solve --example NAME`)."),
    "links": ("gametheory.cli.links_cmd:links_command",
              "Feed model results into SCENARIO's world (bloc, ceasefire cap) and solve the models again."),
    "methods": ("gametheory.cli.info_cmd:methods_command", "List the solver methods."),
    "model": ("gametheory.cli.model_cmd:model_command",
              "Solve model NAME at its defaults (or --set values) and explain the outcome."),
    "models": ("gametheory.cli.model_cmd:models_command", "List the built-in models of the Europe-Russia-US suite."),
    "montecarlo": ("gametheory.cli.sensitivity_cmd:montecarlo_command",
                   "Probability of each of MODEL's outcomes when parameters are uncertain (95% Wilson "
                   "intervals)."),
    "reduce": ("gametheory.cli.reduce_cmd:reduce_command",
               "Remove dominated strategies, round after round, from a game in FILE (.nfg or .json; '-' for "
               "stdin)."),
    "regions": ("gametheory.cli.sensitivity_cmd:regions_command",
                "Draw a 2-D map of MODEL's outcome regions over two parameters."),
    "repeated": ("gametheory.cli.repeated_cmd:repeated_command",
                 "Repeat the stage game of FILE forever: minmax values, critical discount factors, payoff sets."),
    "scenarios": ("gametheory.cli.scenarios_cmd:scenarios_command",
                  "List the built-in scenarios (or show SCENARIO, a name or a .toml file, in full)."),
    "solve": ("gametheory.cli.solve_cmd:solve_command",
              "Compute Nash equilibria of a game from FILE (.nfg, .efg or .json; '-' for stdin) or inline "
              "matrices."),
    "stochastic": ("gametheory.cli.stochastic_cmd:stochastic_command",
                   "Stationary Markov perfect equilibria of a discounted stochastic game in FILE (.json; '-' for "
                   "stdin)."),
    "sweep": ("gametheory.cli.sensitivity_cmd:sweep_command",
              "Solve MODEL at every point of a grid of parameter values (full factorial)."),
    "thresholds": ("gametheory.cli.sensitivity_cmd:thresholds_command",
                   "Where each parameter, moved alone, changes MODEL's outcome."),
    "tornado": ("gametheory.cli.sensitivity_cmd:tornado_command",
                "Rank MODEL's parameters by influence, each swept alone across its admissible range."),
}


class LazyGroup(click.Group):
    """A :class:`click.Group` whose commands are imported on first use.

    ``lazy`` maps a command name to ``("module:attribute", summary)``; the summary is what
    the group's help lists, so listing the commands imports none of them.
    """

    def __init__(self, *args: Any, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            target = self.lazy[cmd_name][0]
            module_name, _, attribute = target.partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
                raise TypeError(f"{target} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command listing, from the table's summaries for commands not yet loaded."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                # a stand-in command carrying only the summary shortens it exactly as click would
                rows.append((name, click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gametheory")
def cli() -> None:
    """Exact, verified Nash equilibria and game models.

    Start with `gametheory brief` (the decision brief on the built-in scenarios),
    `gametheory demo` (the textbook games), or `gametheory solve GAME.nfg`.
    """


#: Names this module defined before the commands moved to their own modules -> their home
#: now. They still work from here (loaded on first use, with a DeprecationWarning) for one release.
MOVED: dict[str, str] = {
    "FORMATS": "gametheory.cli.solve_cmd",
    "parse_matrix": "gametheory.cli._shared",
    "parse_settings": "gametheory.cli._shared",
    "read_game_source": "gametheory.cli._shared",
    "render_result": "gametheory.cli.solve_cmd",
    "solve_command": "gametheory.cli.solve_cmd",
    "demo_command": "gametheory.cli.solve_cmd",
    "convert_command": "gametheory.cli.convert_cmd",
    "methods_command": "gametheory.cli.info_cmd",
    "examples_command": "gametheory.cli.info_cmd",
}


def __getattr__(name: str) -> Any:
    if name in MOVED:
        warnings.warn(f"gametheory.cli.main.{name} moved to {MOVED[name]}; the old name works until the "
                      "next release", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``gametheory`` script."""
    try:
        cli(prog_name="gametheory")
    except BrokenPipeError:
        # The reader went away (`gametheory demo | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
