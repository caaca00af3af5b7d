"""Symbolic JSON games on the command line: `analyze`, `solve --set`, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import GameFormatError
from gametheory.cli.main import cli
from gametheory.io.jsonsymbolic import is_symbolic_document, loads_symbolic

DETERRENCE = {
    "title": "Deterrence with US backing",
    "parameters": [
        {"name": "c", "description": "cost of war to the challenger", "default": 2, "lower": 0, "lower_open": True},
        {"name": "v", "description": "value of the stake", "default": 3, "lower": 0, "lower_open": True},
        {"name": "p", "description": "probability the US backs the defender", "default": "1/2", "lower": 0, "upper": 1},
    ],
    "players": [
        {"name": "Russia", "strategies": ["Stay", "Attack"]},
        {"name": "Europe", "strategies": ["Yield", "Fight"]},
    ],
    "A": [["0", "0"], ["v", "v*(1 - p) - c"]],
    "B": [["1", "0"], ["-v", "-c*p - 1"]],
}


def write(tmp_path: Path, doc: object, name: str = "game.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="gametheory")


def test_analyze_text_json_latex(tmp_path: Path) -> None:
    f = write(tmp_path, DETERRENCE)
    r = run("analyze", f, "-t", "c")
    assert r.exit_code == 0, r.output
    assert "threshold: c <= v*(1 - p)" in r.output and "regime 0" in r.output
    doc = json.loads(run("analyze", f, "-f", "json").output)
    assert doc["complete"] is True and len(doc["candidates"]) == 3
    assert doc["title"] == DETERRENCE["title"] and doc["method"] == "regimes" and doc["arithmetic"] == "symbolic"
    assert doc["diagnostics"] and "notes" not in doc  # the Result protocol's keys
    assert [p["name"] for p in doc["game"]["parameters"]] == ["c", "v", "p"]
    fight = next(c for c in doc["candidates"] if c["support"] == [["Attack"], ["Fight"]])
    assert any(t["words"] == "c <= v*(1 - p)" for t in fight["thresholds"])
    latex = run("analyze", f, "-f", "latex").output
    assert latex.startswith(r"\begin{itemize}") and r"c \leq v \left(1 - p\right)" in latex


def test_solve_at_a_point(tmp_path: Path) -> None:
    f = write(tmp_path, DETERRENCE)
    doc = json.loads(run("solve", f, "--set", "c=3", "--set", "p=0.9", "-f", "json").output)
    # c*p - v + 1 = 0.7 >= 0: attack and yield (Russia's payoff v = 3)
    assert [e["profile"] for e in doc["equilibria"]] == [[["0", "1"], ["1", "0"]]]
    doc = json.loads(run("solve", f, "-f", "json").output)  # defaults c=2, v=3, p=1/2: mixed
    # Russia indifferent: 3*y1 + (3/2 - 2)*y2 = 0 gives y = (1/7, 6/7); Europe: x1 - 3*x2 = -2*x2
    assert doc["equilibria"][0]["profile"] == [["1/2", "1/2"], ["1/7", "6/7"]]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--set", "w=1"], "unknown parameter 'w'"),
        (["--set", "p=2"], "outside its admissible interval [0, 1]"),
        (["--set", "c"], "expected NAME=VALUE"),
        (["--set", "c=abc"], "'abc' is not a number"),
        (["--set", "c=1", "--set", "c=2"], "given twice"),
    ],
)
def test_solve_set_errors(tmp_path: Path, args: list[str], fragment: str) -> None:
    r = run("solve", write(tmp_path, DETERRENCE), *args)
    assert r.exit_code == 1 and r.output.startswith("Error: --set") and fragment in r.output
    assert "Traceback" not in r.output


def test_set_on_numeric_game_and_convert_symbolic(tmp_path: Path) -> None:
    r = run("solve", "--example", "chicken", "--set", "c=1")
    assert r.exit_code == 1 and "has no parameters" in r.output
    out = tmp_path / "out.nfg"
    r = run("convert", write(tmp_path, DETERRENCE), str(out))
    assert r.exit_code == 1 and "cannot be converted" in r.output and not out.exists()
    r = run("analyze", "--help")
    assert r.exit_code == 0
    nfg = tmp_path / "g.json"
    nfg.write_text(json.dumps({"A": [[1, 0], [0, 1]], "B": [[1, 0], [0, 1]]}))
    r = run("analyze", str(nfg))
    assert r.exit_code == 1 and "has no parameters" in r.output


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"A": [["0", "0"], ["v", "v - __import__('os')"]]}, "unknown function '__import__'"),
        ({"A": [["0", "0"], ["v", "v.real"]]}, "attribute access"),
        ({"A": [["0", "0"], ["v", "w"]]}, "unknown name 'w'"),
        ({"parameters": [{"name": "c", "lower": 3, "upper": 1}]}, "empty interval"),
        ({"parameters": [{"name": "c", "colour": "red"}]}, "unknown key"),
        ({"parameters": [{"name": "exp"}]}, "not allowed"),
        ({"parameters": {"name": "c"}}, "must be a list"),
        ({"B": [["1", "0"]]}, "one shape"),
        ({"A": [["0", True], ["v", "v"]]}, "expected a number or a formula"),
    ],
)
def test_malformed_symbolic_files(tmp_path: Path, change: dict, fragment: str) -> None:
    doc = {**DETERRENCE, **change}
    f = write(tmp_path, doc)
    r = run("analyze", f)
    assert r.exit_code == 1, r.output
    assert r.output.startswith("Error:") and fragment in r.output and "Traceback" not in r.output
    assert str(tmp_path / "game.json") in r.output or "parameters" in r.output


def test_spec_loader() -> None:
    text = json.dumps(DETERRENCE)
    assert is_symbolic_document(text) and not is_symbolic_document('{"A": [[1]], "B": [[1]]}')
    g = loads_symbolic(text, source="d.json")
    assert g.players == ("Russia", "Europe") and [p.name for p in g.parameters] == ["c", "v", "p"]
    with pytest.raises(GameFormatError, match="d.json"):
        loads_symbolic('{"parameters": [], "A": [[1]]}', source="d.json")


def test_old_module_path_of_the_symbolic_reader() -> None:
    """The reader moved from gametheory.symbolic.spec to gametheory.io.jsonsymbolic; the old
    path is the same module, with a DeprecationWarning, for one release."""
    import importlib
    import sys

    import gametheory.io.jsonsymbolic as new

    sys.modules.pop("gametheory.symbolic.spec", None)
    with pytest.warns(DeprecationWarning, match="gametheory.io.jsonsymbolic"):
        old = importlib.import_module("gametheory.symbolic.spec")
    assert old is new and old.loads_symbolic is loads_symbolic
