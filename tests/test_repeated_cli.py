"""``gametheory repeated``: text and JSON output, the payoff-set plot, clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

PD = ["--row", "3 0; 5 1", "--col", "3 5; 0 1"]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["repeated", *args])


def test_text_grim_trigger():
    r = run(*PD, "--strategy", "grim", "--delta", "2/5")
    assert r.exit_code == 0, r.output
    assert "critical discount factor 0.5" in r.output and "not subgame perfect" in r.output


def test_json_is_exact():
    r = run(*PD, "--strategy", "carrot2", "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["minmax"]["mixed"] == ["1", "1"]
    assert data["individually_rational_set"]["vertices"] == [["1", "1"], ["13/3", "1"], ["3", "3"], ["1", "13/3"]]
    assert data["strategy"]["critical"] == "-1/2 + sqrt(5)/2"


def test_payoff_set_and_plot(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "set.png"
    r = run("--row", "9 1; 10 3", "--col", "9 10; 1 3", "--payoff-set", "--delta", "9/10", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "certified exactly" in r.output and out.read_bytes()[:4] == b"\x89PNG"
    again = run("--row", "9 1; 10 3", "--col", "9 10; 1 3", "--payoff-set", "--delta", "9/10", "-o", str(out))
    assert again.exit_code != 0 and "--force" in again.output


@pytest.mark.parametrize("args,message", [
    (["--delta", "1"], "[0, 1)"),
    (["--delta", "nan"], "Error"),
    (["--payoff-set"], "--payoff-set needs --delta"),
    (["-o", "x.png"], "give --payoff-set"),
    (["--payoff-set", "--delta", "1/2", "-o", "x.txt"], ".png, .svg or .pdf"),
])
def test_errors(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run(*PD, *args)
    assert r.exit_code != 0 and message in r.output


def test_example_game():
    r = run("--example", "prisoners-dilemma", "-f", "json")
    assert r.exit_code == 0 and "individually_rational_set" in json.loads(r.output)
