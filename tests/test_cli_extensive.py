"""The command line on game trees: solve, analyze, convert with .efg files and JSON trees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.cli.main import cli

TREE = {
    "format": "gametheory.efg/1",
    "title": "Deterrence with uncertain US backing",
    "players": ["Russia", "Europe"],
    "parameters": [
        {"name": "p", "description": "probability the US backs Europe", "default": "1/2", "lower": 0, "upper": 1},
        {"name": "c", "description": "Russia's cost of war", "default": "1/2", "lower": 0},
    ],
    "tree": {"player": "Russia", "actions": {
        "status quo": [0, 0],
        "challenge": {"player": "Europe", "actions": {
            "concede": [1, -1],
            "resist": {"chance": {"US backs": "p", "US stays out": "1 - p"},
                       "actions": {"US backs": ["-c - 1", "-1/2"], "US stays out": ["1/2 - c", -2]}}}}}},
}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), prog_name="gametheory", input=input)


@pytest.fixture
def tree_file(tmp_path: Path) -> Path:
    p = tmp_path / "deterrence.json"
    p.write_text(json.dumps(TREE))
    return p


def test_solve_parametric_tree_at_defaults_and_at_a_point(tree_file: Path) -> None:
    # Europe resists iff p*(-1/2) + (1-p)*(-2) >= -1, i.e. p >= 2/3; then war costs Russia
    # p(-c-1) + (1-p)(1/2-c) < 0 at c = 1/5, p = 9/10, so Russia keeps the status quo.
    r = run("solve", str(tree_file), "-f", "json")
    assert r.exit_code == 0, r.output
    eq = json.loads(r.output)["equilibria"]
    assert len(eq) == 1 and eq[0]["behavior"]["Russia:1"]["challenge"] == "1"
    r = run("solve", str(tree_file), "--set", "p=0.9", "--set", "c=0.2")
    assert r.exit_code == 0 and "Russia at Russia:1: status quo 1" in r.output
    assert "max regret 0" in r.output


def test_analyze_tree_gives_regimes_and_thresholds(tree_file: Path) -> None:
    r = run("analyze", str(tree_file))
    assert r.exit_code == 0, r.output
    assert "regimes of subgame-perfect play: 2" in r.output
    assert "threshold: p <= 2/3" in r.output
    doc = json.loads(run("analyze", str(tree_file), "-f", "json", "-t", "p").output)
    plans = [reg["plan"] for reg in doc["regimes"]]
    assert {"Russia:1": "challenge", "Europe:1": "concede"} in plans
    assert run("analyze", str(tree_file), "-f", "latex").output.startswith("\\begin{itemize}")


def test_solve_efg_file_with_methods(gambit_games_dir: Path) -> None:
    path = gambit_games_dir / "contrib" / "games" / "bhg1.efg"
    for method in ("auto", "spe", "sequence_lemke", "reduced", "enummixed"):
        r = run("solve", str(path), "-m", method, "-f", "json")
        assert r.exit_code == 0, (method, r.output)
        doc = json.loads(r.output)
        assert doc["equilibria"], method
        assert all(e["max_regret"] == "0" for e in doc["equilibria"]), method


def test_convert_efg_to_json_tree_and_back_and_to_nfg(gambit_games_dir: Path, tmp_path: Path) -> None:
    src = gambit_games_dir / "contrib" / "games" / "bhg1.efg"
    out_json = tmp_path / "t.json"
    out_efg = tmp_path / "t.efg"
    assert run("convert", str(src), str(out_json)).exit_code == 0
    assert run("convert", str(out_json), str(out_efg)).exit_code == 0
    assert gt.read_game(out_efg) == gt.read_game(src)
    r = run("convert", str(src), "-", "--to", "nfg")
    assert r.exit_code == 0 and r.output.startswith("NFG 1 R")
    assert gt.loads_game(r.output, "nfg") == gt.read_game(src).to_normal_form()


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(["solve", "--example", "prisoners-dilemma", "-m", "backward_induction"],
                     "needs an extensive-form game", id="tree-method-on-matrix"),
        pytest.param(["solve", "-", "-m", "no_such"], "unknown method", id="unknown-method"),
    ],
)
def test_errors(args: list[str], message: str) -> None:
    r = run(*args, input="")
    assert r.exit_code != 0
    assert message in r.output and "Traceback" not in r.output


def test_tree_errors(tree_file: Path, tmp_path: Path) -> None:
    r = run("solve", str(tree_file), "--set", "q=1")
    assert r.exit_code != 0 and "unknown parameter 'q'" in r.output
    r = run("analyze", str(tree_file), "-t", "zz")
    assert r.exit_code != 0 and "unknown parameter 'zz'" in r.output
    nfg = tmp_path / "pd.nfg"
    nfg.write_text('NFG 1 R "pd" { "A" "B" } { 2 2 }\n3 3 0 5 5 0 1 1\n')
    r = run("convert", str(nfg), str(tmp_path / "pd.efg"))
    assert r.exit_code != 0 and "cannot be written as a game tree" in r.output
