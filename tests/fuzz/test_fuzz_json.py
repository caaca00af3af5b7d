"""Fuzzing the JSON readers: games, trees and symbolic games (formulas with injection
strings), and ``solve`` on JSON files.

Seeds: the corpus games written as JSON (games and trees) and a small symbolic game and
symbolic tree.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import GAMBIT_GAMES_DIR
from fuzzlib import HOSTILE, budget, check_parses, corpus_texts, hostile, mutated, run_cli_solve
from hypothesis import example, given
from hypothesis import strategies as st

import gametheory as gt
from gametheory.io.jsonsymbolic import loads_symbolic

SYMBOLIC = {
    "title": "Deterrence",
    "parameters": [
        {"name": "c", "default": 2, "lower": 0, "lower_open": True},
        {"name": "v", "default": 3, "lower": 0, "lower_open": True},
        {"name": "p", "default": "1/2", "lower": 0, "upper": 1},
    ],
    "players": [{"name": "R", "strategies": ["Stay", "Attack"]}, {"name": "E", "strategies": ["Yield", "Fight"]}],
    "A": [["0", "0"], ["v", "v*(1 - p) - c"]],
    "B": [["1", "0"], ["-v", "-c*p - 1"]],
}
TREE = {
    "title": "Deterrence tree",
    "parameters": [{"name": "c", "default": 2, "lower": 0}, {"name": "p", "default": "1/2", "lower": 0, "upper": 1}],
    "players": ["Russia", "Europe"],
    "tree": {"player": "Russia", "actions": {
        "status quo": [0, 0],
        "challenge": {"player": "Europe", "actions": {
            "concede": [1, -1],
            "resist": {"chance": {"US backs": "p", "US stays out": "1 - p"},
                       "actions": {"US backs": ["-c - 1", "-1/2"], "US stays out": ["1/2 - c", -2]}}}}}},
}


def _seeds() -> list[str]:
    out = ['{"A": [[1, -1], [-1, 1]], "zero_sum": true}', '{"A": [[3, 0], [5, 1]], "B": [[3, 5], [0, 1]]}',
           json.dumps(SYMBOLIC, indent=1), json.dumps(TREE, indent=1)]
    if GAMBIT_GAMES_DIR.is_dir():
        for pattern in ("*.nfg", "*.efg"):
            for text in corpus_texts(sorted(GAMBIT_GAMES_DIR.rglob(pattern)), 4000)[:15]:
                try:
                    out.append(gt.dumps_game(gt.loads_game(text), "json"))
                except gt.GameError:
                    pass
    return out


SEEDS = _seeds()


def _load_any(text: str) -> object:
    """As ``gametheory solve`` reads a JSON file: symbolic games by their own reader."""
    from gametheory.io.jsonsymbolic import is_symbolic_document

    if '"tree"' not in text and is_symbolic_document(text):
        return loads_symbolic(text)
    return gt.loads_game(text, "json")


@budget(80)
@given(text=mutated(SEEDS))
@example(text="[" * 500 + "]" * 500)
@example(text='{"A": ' + "[" * 499 + "1" + "]" * 499 + "}")
@example(text='{"A": [[1e400, 1], [2, 3]], "B": [[1, 2], [3, 4.5]]}')
@example(text='{"A": [[1, 2], [3]], "B": [[1, 2], [3, 4]]}')
def test_json_mutated(gambit_games_dir: Path, text: str) -> None:
    check_parses(_load_any, text)


# Every hostile fragment, literals beyond Python's 4300-digit limit included (the formula
# parser counts digits before Python reads the text; see test_fuzz_known.py).
FORMULA_HOSTILE = list(HOSTILE)


@budget(60)
@given(formula=st.one_of(hostile(FORMULA_HOSTILE), st.text(max_size=30)),
       where=st.sampled_from(["A", "B", "default", "tree", "chance", "lower"]))
@example(formula="__import__('os').system('true')", where="A")
@example(formula="c.__class__", where="A")
@example(formula="(lambda: 1)()", where="tree")
@example(formula="exp(exp(exp(100)))", where="A")
@example(formula="sqrt(c - 3)", where="A")
@example(
    formula='0/0',
    where='tree',
)
@example(
    formula='0/0',
    where='A',
)
def test_symbolic_formulas(formula: str, where: str) -> None:
    if where in ("A", "B", "default", "lower"):
        doc = json.loads(json.dumps(SYMBOLIC))
        if where in ("A", "B"):
            doc[where][1][1] = formula
        else:
            doc["parameters"][0][where] = formula
        check_parses(loads_symbolic, json.dumps(doc))
    else:
        doc = json.loads(json.dumps(TREE))
        node = doc["tree"]["actions"]["challenge"]["actions"]["resist"]
        if where == "chance":
            node["chance"]["US backs"] = formula
        else:
            node["actions"]["US backs"][0] = formula
        check_parses(gt.loads_game, json.dumps(doc), format="json")


@budget(15)
@given(text=mutated(SEEDS))
def test_cli_solve_json(gambit_games_dir: Path, text: str) -> None:
    run_cli_solve("fuzz.json", text)
