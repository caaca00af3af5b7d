"""``gametheory stochastic``: the command over game files (issue 18 item 7)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gametheory.cli.main import COMMANDS, cli

GAME = {
    "players": ["Ann", "Bob"],
    "discount": "3/4",
    "states": [
        {
            "name": "bargain",
            "payoffs": [[[2, 1], [0, 0]], [[0, 0], [1, 2]]],
            "transitions": [[{"bargain": 1}, [0.5, 0.5]], [{"bargain": "1/2", "settled": "1/2"}, {"bargain": 1}]],
        },
        {"name": "settled", "payoffs": [[[1, 1]]], "transitions": [[{"settled": 1}]]},
    ],
}


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args), input=input)
    return res.exit_code, res.output


def test_summary_is_docstring_first_paragraph() -> None:
    from gametheory.cli.stochastic_cmd import stochastic_command

    assert COMMANDS["stochastic"][1] == " ".join((stochastic_command.help or "").split("\n\n")[0].split())


def test_file_pure_and_json(tmp_path: Path) -> None:
    f = tmp_path / "g.json"
    f.write_text(json.dumps(GAME))
    code, out = run("stochastic", str(f), "--method", "pure")
    assert code == 0 and "2 stationary Markov perfect equilibria" in out and "Ann 8, Bob 4" in out
    code, out = run("stochastic", str(f), "-f", "json")
    data = json.loads(out)
    assert code == 0 and all(e["verified"] for e in data["equilibria"] if e["pure"])
    code, out = run("stochastic", "-", "--method", "pure", input=json.dumps(GAME))
    assert code == 0 and "verified exactly" in out


def test_zero_sum_document_and_example(tmp_path: Path) -> None:
    doc = {
        "zero_sum": True,
        "discount": "1/2",
        "states": [{"name": "s", "payoffs": [[1, -1], [-1, 1]], "transitions": [[[1], [1]], [[1], [1]]]}],
    }
    f = tmp_path / "z.json"
    f.write_text(json.dumps(doc))
    code, out = run("stochastic", str(f), "--method", "shapley")
    assert code == 0 and "a0 1/2, a1 1/2" in out
    code, out = run("stochastic", "--example", "big-match", "--discount", "1/2")
    assert code == 0 and "Stop 1/3" in out


def test_bad_files_fail_cleanly(tmp_path: Path) -> None:
    cases = {
        "notjson.json": "{",
        "nodiscount.json": json.dumps({"states": GAME["states"]}),
        "badprob.json": json.dumps(GAME | {"discount": "3/2"}),
        "badstate.json": json.dumps(
            GAME | {"states": [GAME["states"][0] | {"transitions": [[{"x": 1}, {"bargain": 1}], [{"bargain": 1}, {"bargain": 1}]]}]}
        ),
        "sum.json": json.dumps(GAME | {"states": [GAME["states"][0] | {"transitions": [[[1, 1], [1, 0]], [[1, 0], [1, 0]]]}, GAME["states"][1]]}),
    }
    for name, text in cases.items():
        f = tmp_path / name
        f.write_text(text)
        code, out = run("stochastic", str(f))
        assert code == 1 and out.startswith("Error:"), (name, out)
    code, out = run("stochastic")
    assert code == 2
