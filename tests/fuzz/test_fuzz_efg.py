"""Fuzzing the Gambit ``.efg`` reader and ``solve`` on ``.efg`` files (corpus seeds)."""

from __future__ import annotations

from pathlib import Path

from conftest import GAMBIT_GAMES_DIR
from fuzzlib import HUGE_INT, budget, check_parses, corpus_texts, mutated, run_cli_solve
from hypothesis import example, given

from gametheory.io.efg import loads_efg

SMALL = ('EFG 2 R "t" { "A" "B" }\n""\n'
         'p "" 1 1 "" { "l" "r" } 0\n'
         'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\n'
         't "" 1 "o" { 1, -1 }\n'
         't "" 2 "p" { -1 1 }\n'
         'p "" 2 1 "" { "x" "y" } 0\n'
         't "" 3 "" { 2 0 }\n'
         't "" 4 "" { 0 2 }\n')
SEEDS = [SMALL, *corpus_texts(sorted(GAMBIT_GAMES_DIR.rglob("*.efg")) if GAMBIT_GAMES_DIR.is_dir() else [])]


@budget(60)
@given(text=mutated(SEEDS))
@example(text=SMALL.replace("1/2", "1e999999", 1))
@example(text=SMALL.replace(" 1 1 ", f" 1 {HUGE_INT} ", 1))
@example(text=SMALL.replace('""\n', '"\u202e\x1b[2J"\n', 1))
def test_efg_mutated_corpus(gambit_games_dir: Path, text: str) -> None:
    check_parses(loads_efg, text)


@budget(15)
@given(text=mutated(SEEDS))
def test_cli_solve_efg(gambit_games_dir: Path, text: str) -> None:
    run_cli_solve("fuzz.efg", text)
