"""``gametheory solve`` on games of private information and a leader's continuous first move."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_bayesian import DETERRENCE  # the same game (tests/test_bayesian.py)

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.extensive.nodes import chance, decision
from gametheory.symbolic import Parameter


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, prog_name="gametheory")


@pytest.fixture()
def deterrence_file(tmp_path: Path) -> Path:
    p = tmp_path / "deterrence.json"
    p.write_text(json.dumps(DETERRENCE))
    return p


def test_bayesian_file_is_solved_and_json_matches_the_library(deterrence_file: Path) -> None:
    """The challenger challenges iff its value is at least 1/6 and the defender resists iff its
    value is at least 1/2 (derived by hand in tests/test_bayesian.py, after Fearon 1994)."""
    r = run("solve", str(deterrence_file))
    assert r.exit_code == 0, r.output
    assert "cutoff" in r.output and "0.1667" in r.output
    j = run("solve", str(deterrence_file), "-f", "json")
    assert j.exit_code == 0, j.output
    data = json.loads(j.output)
    lib = gt.solve_bayesian(gt.load_bayesian(DETERRENCE))
    assert data["equilibria"][0]["cutoffs"] == {k: str(v) for k, v in lib.equilibria[0].cutoffs.items()}
    assert data["equilibria"][0]["cutoffs"] == {"C": "1/6", "D": "1/2"}


def test_bayesian_game_from_stdin_and_bidding() -> None:
    doc = {"kind": "bayesian", "game": "war_of_attrition", "distribution": {"family": "uniform", "lo": 0, "hi": 1}}
    r = run("solve", "-", input=json.dumps(doc))
    assert r.exit_code == 0, r.output
    assert "-v - log(1 - v)" in r.output  # Krishna (2010), war of attrition with U[0,1] values


@pytest.mark.parametrize("extra, message", [
    (["-f", "csv"], "not available for Bayesian games"),
    (["--method", "pure"], "takes no --method"),
    (["--set", "k=1"], "takes no --method, --set"),
])
def test_bayesian_game_refuses_options_that_do_not_apply(deterrence_file: Path, extra: list[str], message: str) -> None:
    r = run("solve", str(deterrence_file), *extra)
    assert r.exit_code != 0 and message in r.output


def test_bad_bayesian_file_names_the_field(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(DETERRENCE))
    bad["players"][1]["distribution"]["hi"] = -1
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(bad))
    r = run("solve", str(p))
    assert r.exit_code != 0 and "players[1].distribution" in r.output and "Traceback" not in r.output


@pytest.fixture()
def demand_file(tmp_path: Path) -> Path:
    war = chance({"US intervenes": ("u", ("-c_R", "1 - c_E")), "US stays out": ("1 - u", ("1 - c_R", "-c_E"))})
    root = decision("Europe", {"accept": ("x", "1 - x"), "resist": war}, infoset="Europe")
    params = [Parameter("x", "Russia's demand", lower=0, upper=1),
              Parameter("u", "probability the US intervenes", default="1/2", lower=0, upper=1),
              Parameter("c_E", "Europe's cost of war", default="1/10", lower=0),
              Parameter("c_R", "Russia's cost of war", default="1/5", lower=0)]
    game = gt.ExtensiveGame.from_tree(root, players=["Russia", "Europe"], parameters=params)
    p = tmp_path / "demand.json"
    p.write_text(gt.dumps_game(game, "json"))
    return p


def test_leader_choice_from_the_command_line(demand_file: Path) -> None:
    """Russia demands the most Europe accepts, 1 - u + c_E (Fearon 1995's bargaining range)."""
    r = run("solve", str(demand_file), "--leader-choice", "x", "--leader", "Russia")
    assert r.exit_code == 0, r.output
    assert "best x = 3/5" in r.output and "verified by the exact engine" in r.output
    j = run("solve", str(demand_file), "--leader-choice", "x", "--leader", "Russia", "--set", "u=3/10",
            "--set", "c_E=1/5", "--hi", "4/5", "-f", "json")
    assert j.exit_code == 0, j.output
    data = json.loads(j.output)
    assert Fraction(data["x"]) == Fraction(4, 5)  # 9/10 is outside [0, 4/5]: the end is best


@pytest.mark.parametrize("args, message", [
    (["--leader", "Russia"], "go with --leader-choice"),
    (["--leader-choice", "x"], "needs --leader"),
    (["--leader-choice", "y", "--leader", "Russia"], "y"),
    (["--leader-choice", "x", "--leader", "Russia", "--lo", "abc"], "--lo"),
])
def test_leader_choice_bad_input(demand_file: Path, args: list[str], message: str) -> None:
    r = run("solve", str(demand_file), *args)
    assert r.exit_code != 0 and message in r.output and "Traceback" not in r.output


@pytest.fixture()
def beer_quiche_file(tmp_path: Path) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_pbe import beer_quiche

    p = tmp_path / "bq.efg"
    p.write_text(gt.dumps_game(beer_quiche(), "efg"))
    return p


def test_refine_intuitive_on_beer_quiche(beer_quiche_file: Path) -> None:
    """Cho & Kreps (1987): the intuitive criterion keeps pooling on beer and removes pooling on
    quiche (the strong type would deviate to beer)."""
    r = run("solve", str(beer_quiche_file), "--refine", "intuitive,sequential", "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    verdicts = data["parameters"]["refinements"]
    pooling = {}
    for eq, v in zip(data["equilibria"], verdicts):
        sender = {h: max(d, key=lambda a: Fraction(d[a])) for h, d in eq["behavior"].items() if h in ("weak", "strong")}
        if len(set(sender.values())) == 1 and all(Fraction(eq["behavior"][h][a]) == 1 for h, a in sender.items()):
            pooling.setdefault(next(iter(sender.values())), []).append(v["intuitive"]["passed"])
    assert set(pooling["beer"]) == {True} and set(pooling["quiche"]) == {False}


def test_complete_pbe_search_from_the_command_line(beer_quiche_file: Path) -> None:
    r = run("solve", str(beer_quiche_file), "--method", "pbe", "--complete", "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["complete"] is True


@pytest.mark.parametrize("args, message", [
    (["--refine", "perfect"], "for normal-form games"),
    (["--refine", "lexicographic"], "unknown refinement"),
    (["--complete"], "--complete goes with --method pbe"),
    (["--refine", "D1", "--method", "sequence_lp"], "--method pbe"),
])
def test_refine_and_complete_bad_combinations(beer_quiche_file: Path, args: list[str], message: str) -> None:
    r = run("solve", str(beer_quiche_file), *args)
    assert r.exit_code != 0 and message in r.output


def test_refine_perfect_proper_on_myersons_game() -> None:
    """Myerson (1978): in the 3x3 game the equilibrium (M, R) is perfect but not proper; (U, L)
    is both; (D, D) neither."""
    r = run("solve", "--row", "1 0 -9; 0 0 -7; -9 -7 -7", "--col", "1 0 -9; 0 0 -7; -9 -7 -7",
            "--refine", "proper", "-f", "json")
    assert r.exit_code == 0, r.output
    checks = json.loads(r.output)["checks"]
    verdicts = {}
    for c in checks:
        support = tuple(next(i for i, x in enumerate(mix) if Fraction(x) == 1) for mix in c["profile"])
        verdicts[support] = (c["perfect"]["status"], c["proper"]["status"])
    assert verdicts[(0, 0)] == ("yes", "yes")
    assert verdicts[(1, 1)] == ("yes", "no")
    assert verdicts[(2, 2)] == ("no", "no")
    t = run("solve", "--row", "1 0; 0 0", "--col", "1 0; 0 0", "--refine", "perfect")
    assert t.exit_code == 0 and "perfect: yes" in t.output and "perfect: no" in t.output


def test_refine_perfect_refuses_float_and_csv() -> None:
    for extra, message in ((["--float"], "drop --float"), (["-f", "csv"], "not available with --refine")):
        r = run("solve", "--row", "1 0; 0 0", "--col", "1 0; 0 0", "--refine", "perfect", *extra)
        assert r.exit_code != 0 and message in r.output
