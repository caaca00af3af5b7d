"""Regenerate the figures of docs/howto-sensitivity.md and the brief's charts (run from anywhere).

    python docs/figures/make_figures.py

Each figure is drawn by the same `gametheory` command the page shows, so the pictures
always match the documented commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from gametheory.cli.main import cli

HERE = Path(__file__).resolve().parent

COMMANDS = [
    ["regions", "escalation", "--x", "p_US=0:1:201", "--y", "a_R=0:2:201", "--set", "e=0", "--set", "c_E=2",
     "--out", "regions-deterrence-pus-e.png"],
    ["regions", "escalation", "--x", "k_T=0:2:201", "--y", "v=0.1:6:201",
     "--out", "regions-deterrence-ar-v.png"],
    ["sweep", "escalation", "--vary", "p_US=0:1:101", "-q", "russia_expected_war_payoff",
     "-q", "europe_expected_war_payoff", "--plot", "sweep-deterrence-pus.png"],
    ["thresholds", "escalation", "--out", "thresholds-deterrence.png"],
    ["montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--dist", "k_T=uniform(0,2)",
     "--draws", "100000", "--seed", "1", "--out", "montecarlo-deterrence.png"],
    ["tornado", "escalation", "--points", "41", "--out", "tornado-deterrence.png"],
    ["tornado", "escalation", "--quantity", "russia_expected_war_payoff", "--points", "21",
     "--out", "tornado-deterrence-payoff.png"],
]


def brief_charts() -> None:
    """The brief's charts (docs/brief.md) over every built-in scenario, as standalone SVG."""
    from gametheory.models import world
    from gametheory.models.charts import brief_charts as charts

    scenarios = {n: world.load(n) for n in world.scenario_order()}
    for chart in charts(scenarios, world.WORLD):
        (HERE / f"brief-{chart.name}.svg").write_text(chart.to_svg(), encoding="utf-8")
        print(f"wrote brief-{chart.name}.svg ({chart.evaluations} model evaluations)")


def main() -> int:
    brief_charts()
    runner = CliRunner()
    for args in COMMANDS:
        args = [*args[:-1], str(HERE / args[-1]), "--force"]  # the figures are regenerated in place
        result = runner.invoke(cli, args, prog_name="gametheory")
        print(f"$ gametheory {' '.join(args)}")
        print(result.output, end="")
        if result.exit_code != 0:
            return result.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
