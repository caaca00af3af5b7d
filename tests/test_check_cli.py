"""``gametheory check``: regrets and epsilon-Nash of a given profile; pure agent equilibria of a tree."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.extensive.agent import agent_pure_equilibria


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="gametheory")


def test_prisoners_dilemma_profiles() -> None:
    """Mutual defection is the equilibrium; from mutual cooperation each gains 5 - 3 = 2 by
    defecting, so the Lyapunov value is 2^2 + 2^2 = 8."""
    coop = run("check", "--example", "prisoners-dilemma", "--profile", "1,0; 1,0", "-f", "json")
    assert coop.exit_code == 0, coop.output
    d = json.loads(coop.output)
    assert d["is_epsilon_nash"] is False and Fraction(d["max_regret"]) == 2 and Fraction(d["lyapunov"]) == 8
    defect = json.loads(run("check", "--example", "prisoners-dilemma", "--profile", "0,1;0,1", "-f", "json").output)
    assert defect["is_epsilon_nash"] is True and Fraction(defect["max_regret"]) == 0


def test_epsilon_is_read_exactly() -> None:
    """Matching pennies with the matcher at (3/5, 2/5): the mismatcher gains exactly 1/5."""
    args = ("check", "--example", "matching-pennies", "--profile", "0.6,0.4; 1/2,1/2")
    assert "NOT an epsilon-Nash" in run(*args, "--epsilon", "0.1").output
    ok = run(*args, "--epsilon", "1/5")
    assert ok.exit_code == 0 and "NOT" not in ok.output


def test_agent_pure_equals_the_library(gambit_games_dir: Path) -> None:
    path = gambit_games_dir / "catalog" / "journals" / "geb" / "wichardt2008.efg"
    r = run("check", str(path), "--agent-pure", "-f", "json")
    assert r.exit_code == 0, r.output
    lib = agent_pure_equilibria(gt.read_game(str(path)))
    assert json.loads(r.output)["choices"] == [dict(c) for c in lib.choices]


@pytest.mark.parametrize("args, message", [
    (["--example", "prisoners-dilemma"], "give --profile"),
    (["--example", "prisoners-dilemma", "--profile", "1,0"], "2 players"),
    (["--example", "prisoners-dilemma", "--profile", "1,0;x,1"], "--profile player 2"),
    (["--example", "prisoners-dilemma", "--profile", "1,0;1,0", "--epsilon", "-1"], "epsilon"),
    (["--example", "prisoners-dilemma", "--agent-pure"], "needs a game tree"),
    (["--example", "nope", "--profile", "1"], "unknown game"),
])
def test_bad_input(args: list[str], message: str) -> None:
    r = run("check", *args)
    assert r.exit_code != 0 and message in r.output and "Traceback" not in r.output
