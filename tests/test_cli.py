"""The ``gametheory`` command line, run in-process through click's ``CliRunner``.

Real files in ``tmp_path``, no mocks. Covers ``solve`` (files, stdin, inline matrices,
built-in examples; table, JSON and CSV output), ``convert``, ``methods``, ``examples``,
``demo``, ``--version`` and ``--help``, and the promise that bad input always ends in one
line starting ``Error:`` (naming the file, line or option) and a non-zero exit status,
never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.normal import examples as gt_examples

# --------------------------------------------------------------------------- helpers
PD_NFG = """NFG 1 R "Prisoner's dilemma" { "Row" "Column" }
{ { "Cooperate" "Defect" } { "Cooperate" "Defect" } }
"two suspects"

3 3 5 0 0 5 1 1
"""

BOS_JSON = json.dumps(
    {
        "format": "gametheory.nfg/1",
        "title": "Battle of the sexes",
        "players": [
            {"name": "Row", "strategies": ["Opera", "Football"]},
            {"name": "Column", "strategies": ["Opera", "Football"]},
        ],
        "payoffs": [[[2, 1], [0, 0]], [[0, 0], [1, 2]]],
    }
)

#: Battle of the sexes: its three equilibria, as (row mix, column mix) -> payoffs.
BOS_EQUILIBRIA = {
    (("1", "0"), ("1", "0")): ["2", "1"],
    (("2/3", "1/3"), ("1/3", "2/3")): ["2/3", "2/3"],
    (("0", "1"), ("0", "1")): ["1", "2"],
}

THREE_PLAYER_NFG = """NFG 1 R "three" { "A" "B" "C" } { 2 2 2 }

1 1 1  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0  2 2 2
"""


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, prog_name="gametheory")


def ok(*args: str, input: str | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    return result


def solve_json(*args: str, input: str | None = None) -> dict[str, Any]:
    """``gametheory solve ARGS --format json``: the one JSON object it prints."""
    result = ok("solve", *args, "--format", "json", input=input)
    doc = json.loads(result.stdout)  # exactly one JSON document, nothing else on stdout
    assert isinstance(doc, dict)
    return doc


def profiles(doc: dict[str, Any]) -> list[tuple[tuple[str, ...], ...]]:
    return [tuple(tuple(p) for p in e["profile"]) for e in doc["equilibria"]]


def assert_clean_error(result: Result, *needles: str, usage: bool = False) -> str:
    """Non-zero exit through SystemExit, no traceback, exactly one ``Error:`` line.

    ``needles`` must all appear in that line (the file, line, option named). Errors in the
    input (``usage=False``) exit with status 1 and print that one line and nothing else;
    usage errors exit with status 2 after click's usage hint.
    """
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    line = errors[0]
    assert "internal error" not in line, line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    if usage:
        assert result.exit_code == 2, result.output
    else:
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr.strip() == line
    return line


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def regret_is_zero(A: list[list[int]], B: list[list[int]], profile: list[list[str]]) -> bool:
    """Independent exact check that a profile of a bimatrix game is a Nash equilibrium."""
    x = [Fraction(v) for v in profile[0]]
    y = [Fraction(v) for v in profile[1]]
    if any(v < 0 for v in x + y) or sum(x) != 1 or sum(y) != 1:
        return False
    row_pay = [sum(a * q for a, q in zip(row, y)) for row in A]
    col_pay = [sum(B[i][j] * x[i] for i in range(len(x))) for j in range(len(y))]
    u = sum(p * v for p, v in zip(x, row_pay))
    w = sum(q * v for q, v in zip(y, col_pay))
    return max(row_pay) == u and max(col_pay) == w


# --------------------------------------------------------------------------- solve: JSON
def test_prisoners_dilemma_inline_json() -> None:
    doc = solve_json("--row", "3 0; 5 1", "--col", "3 5; 0 1")
    assert doc["arithmetic"] == "exact"
    assert doc["complete"] is True
    assert doc["equilibria"] == [
        {"profile": [["0", "1"], ["0", "1"]], "payoffs": ["1", "1"], "max_regret": "0"}
    ]


def test_prisoners_dilemma_from_nfg_file(tmp_path: Path) -> None:
    doc = solve_json(write(tmp_path, "pd.nfg", PD_NFG))
    assert doc["game"]["players"] == ["Row", "Column"]
    assert doc["game"]["strategies"] == [["Cooperate", "Defect"], ["Cooperate", "Defect"]]
    assert doc["game"]["title"].startswith("Prisoner's dilemma")
    assert profiles(doc) == [(("0", "1"), ("0", "1"))]


def test_prisoners_dilemma_example_matches_inline() -> None:
    a = solve_json("--example", "prisoners-dilemma")
    b = solve_json("--row", "3 0; 5 1", "--col", "3 5; 0 1")
    assert a["equilibria"] == b["equilibria"]


@pytest.mark.parametrize(
    "args",
    [
        ("--example", "battle-of-the-sexes"),
        ("--row", "2 0; 0 1", "--col", "1 0; 0 2"),
        ("--row", "2,0;0,1", "--col", "1,0;0,2"),
        ("--row", "[[2, 0], [0, 1]]", "--col", '[[1, 0], [0, "2"]]'),
    ],
)
def test_battle_of_the_sexes_three_equilibria(args: tuple[str, ...]) -> None:
    doc = solve_json(*args)
    assert doc["method"] == "enummixed"
    assert doc["complete"] is True
    assert doc["degenerate"] is False
    found = {tuple(tuple(p) for p in e["profile"]): e["payoffs"] for e in doc["equilibria"]}
    assert found == BOS_EQUILIBRIA
    assert len(doc["equilibria"]) == 3
    assert all(e["max_regret"] == "0" for e in doc["equilibria"])


def test_battle_of_the_sexes_json_file(tmp_path: Path) -> None:
    doc = solve_json(write(tmp_path, "bos.json", BOS_JSON))
    found = {tuple(tuple(p) for p in e["profile"]): e["payoffs"] for e in doc["equilibria"]}
    assert found == BOS_EQUILIBRIA


def test_battle_of_the_sexes_float_values_are_json_numbers() -> None:
    doc = solve_json("--example", "battle-of-the-sexes", "--float")
    assert doc["arithmetic"] == "float"
    assert len(doc["equilibria"]) == 3
    for e in doc["equilibria"]:
        for probs in e["profile"]:
            assert all(isinstance(v, float) for v in probs)
            assert sum(probs) == pytest.approx(1.0)
        assert all(isinstance(v, float) for v in e["payoffs"])
        assert isinstance(e["max_regret"], float)
        assert e["max_regret"] == pytest.approx(0.0, abs=1e-9)
    mixed = [e for e in doc["equilibria"] if 0 < e["profile"][0][0] < 1]
    assert len(mixed) == 1
    assert mixed[0]["profile"][0] == pytest.approx([2 / 3, 1 / 3])
    assert mixed[0]["profile"][1] == pytest.approx([1 / 3, 2 / 3])


@pytest.mark.parametrize(
    "args",
    [
        ("--example", "matching-pennies"),
        ("--row", "1 -1; -1 1", "--zero-sum"),
        ("--row=1 -1; -1 1", "--col=-1 1; 1 -1"),
    ],
)
def test_matching_pennies(args: tuple[str, ...]) -> None:
    doc = solve_json(*args)
    assert doc["equilibria"] == [
        {"profile": [["1/2", "1/2"], ["1/2", "1/2"]], "payoffs": ["0", "0"], "max_regret": "0"}
    ]


def test_matching_pennies_zerosum_method() -> None:
    doc = solve_json("--row", "1 -1; -1 1", "--zero-sum", "--method", "zerosum")
    assert doc["method"] == "zerosum"
    assert profiles(doc) == [(("1/2", "1/2"), ("1/2", "1/2"))]


def test_profile_lists_probabilities_in_strategy_order() -> None:
    # 2 x 3; column 3 strictly dominates, then row 2 is the best reply: the unique
    # equilibrium is (row 2, column 3).
    doc = solve_json("--row", "1 0 0; 0 0 1", "--col", "0 1 2; 0 1 2")
    assert doc["game"]["strategies"] == [["1", "2"], ["1", "2", "3"]]
    assert profiles(doc) == [(("0", "1"), ("0", "0", "1"))]
    assert doc["equilibria"][0]["payoffs"] == ["1", "2"]


def test_decimals_inline_are_exact() -> None:
    doc = solve_json("--row", "0.1 0; 0 0.2", "--col", "0.2 0; 0 0.1")
    assert doc["arithmetic"] == "exact"
    mixed = [e for e in doc["equilibria"] if e["profile"][0] not in (["1", "0"], ["0", "1"])]
    # row mixes to make column indifferent: 0.2 p = 0.1 (1 - p)
    assert mixed[0]["profile"] == [["1/3", "2/3"], ["2/3", "1/3"]]
    assert mixed[0]["payoffs"] == ["1/15", "1/15"]


def test_exact_flag_on_float_game(tmp_path: Path) -> None:
    path = write(tmp_path, "g.json", json.dumps({"A": [[0.5, 0], [0, 1.0]], "B": [[1, 0], [0, 2]]}))
    assert solve_json(path)["arithmetic"] == "float"
    doc = solve_json(path, "--exact")
    assert doc["arithmetic"] == "exact"
    assert (("2/3", "1/3"), ("2/3", "1/3")) in profiles(doc)


def test_entry_deterrence_components() -> None:
    doc = solve_json("--example", "entry-deterrence")
    assert doc["degenerate"] is True
    assert doc["complete"] is True
    got = profiles(doc)
    # every extreme equilibrium: (Out, Fight), (Out, 1/2 Fight), (In, Accommodate)
    assert sorted(got) == sorted(
        [(("1", "0"), ("1", "0")), (("1", "0"), ("1/2", "1/2")), (("0", "1"), ("0", "1"))]
    )
    comps = [sorted(c["equilibria"]) for c in doc["components"]]
    assert len(comps) == 2
    # each extreme equilibrium is in some component; the continuum spans the two "Out" ones
    assert sorted(i for c in comps for i in c) == [0, 1, 2]
    out = sorted(i for i, p in enumerate(got) if p[0] == ("1", "0"))
    assert out in comps
    continuum = doc["components"][comps.index(out)]
    rows, cols = continuum["vertices"]
    assert rows == [["1", "0"]]
    assert sorted(map(tuple, cols)) == [("1", "0"), ("1/2", "1/2")]
    # every mix of the spanning extreme equilibria is an equilibrium (e.g. Fight 3/4)
    g = gt_examples.entry_deterrence_matrix()
    assert g.is_nash([[1, 0], [Fraction(3, 4), Fraction(1, 4)]])
    assert not g.is_nash([[1, 0], [Fraction(1, 4), Fraction(3, 4)]])


def test_continuum_game_components() -> None:
    doc = solve_json("--row", "1 1; 0 0", "--col", "1 1; 0 0")
    assert doc["degenerate"] is True
    assert sorted(profiles(doc)) == [(("1", "0"), ("0", "1")), (("1", "0"), ("1", "0"))]
    assert [sorted(c["equilibria"]) for c in doc["components"]] == [[0, 1]]
    assert all(e["max_regret"] == "0" for e in doc["equilibria"])


def test_nondegenerate_game_has_singleton_components_or_none() -> None:
    doc = solve_json("--example", "battle-of-the-sexes")
    for c in doc["components"]:
        assert len(c["equilibria"]) == 1


def test_three_player_game_all_equilibria(tmp_path: Path) -> None:
    # Three-player games go to enumpoly by default: the two pure equilibria are among the
    # equilibria it lists, each verified with max regret exactly 0.
    doc = solve_json(write(tmp_path, "three.nfg", THREE_PLAYER_NFG))
    assert doc["method"] == "enumpoly"
    pure = [p for p in profiles(doc) if all(set(x) <= {"0", "1"} for x in p)]
    assert sorted(pure) == [
        (("0", "1"), ("0", "1"), ("0", "1")),
        (("1", "0"), ("1", "0"), ("1", "0")),
    ]
    # rational equilibria have regret exactly "0"; irrational ones are floats, verified to tolerance
    assert all(e["max_regret"] == "0" or float(e["max_regret"]) <= 1e-9 for e in doc["equilibria"])
    doc = solve_json(write(tmp_path, "three.nfg", THREE_PLAYER_NFG), "-m", "pure")
    assert doc["method"] == "pure" and doc["components"] == []


# --------------------------------------------------------------------------- solve: stdin, methods
def test_stdin_nfg_and_json() -> None:
    a = solve_json("-", input=PD_NFG)
    assert profiles(a) == [(("0", "1"), ("0", "1"))]
    b = solve_json("-", input=BOS_JSON)
    assert len(b["equilibria"]) == 3


@pytest.mark.parametrize(
    "method", ["auto", "enummixed", "lemke_howson", "pure", "nashpy_support", "nashpy_lemke_howson"]
)
def test_every_method_finds_verified_equilibria(method: str) -> None:
    doc = solve_json("--example", "battle-of-the-sexes", "--method", method)
    assert doc["equilibria"]
    for e in doc["equilibria"]:
        assert (
            float(Fraction(e["max_regret"]) if isinstance(e["max_regret"], str) else e["max_regret"]) <= 1e-9
        )
        key = tuple(tuple(Fraction(v).limit_denominator(1000) for v in p) for p in e["profile"])
        assert tuple(tuple(str(v) for v in p) for p in key) in BOS_EQUILIBRIA


def test_method_accepts_dashes() -> None:
    doc = solve_json("--example", "shapley", "--method", "lemke-howson")
    assert doc["method"] == "lemke_howson"
    assert profiles(doc) == [(("1/3", "1/3", "1/3"), ("1/3", "1/3", "1/3"))]


@pytest.mark.parametrize("label", ["0", "3", "all", "0,3"])
def test_lemke_howson_labels(label: str) -> None:
    doc = solve_json("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", label)
    assert doc["equilibria"]
    assert set(profiles(doc)) <= set(BOS_EQUILIBRIA)


def test_nashpy_lemke_howson_label() -> None:
    doc = solve_json("--example", "battle-of-the-sexes", "-m", "nashpy_lemke_howson", "--label", "3")
    assert doc["arithmetic"] == "float"
    assert doc["parameters"]["label"] == 3
    assert doc["equilibria"][0]["profile"] == [[0.0, 1.0], [0.0, 1.0]]


def test_large_game_auto_falls_back_with_note(tmp_path: Path) -> None:
    n = 17
    A = [[(3 * i + 5 * j) % 7 for j in range(n)] for i in range(n)]
    B = [[(2 * i + 3 * j) % 5 for j in range(n)] for i in range(n)]
    doc = solve_json(write(tmp_path, "g17.json", json.dumps({"A": A, "B": B})))
    assert doc["method"] == "lemke_howson"
    assert any("lemke_howson" in d for d in doc["diagnostics"])
    assert all(regret_is_zero(A, B, e["profile"]) for e in doc["equilibria"])


# --------------------------------------------------------------------------- solve: table, csv
def test_table_output() -> None:
    out = ok("solve", "--example", "battle-of-the-sexes").stdout
    assert out.splitlines()[0].startswith("Battle of the sexes: 2 x 2 game, method enummixed, exact")
    assert "all equilibria: 3" in out
    assert "Opera 2/3, Football 1/3" in out
    assert out.count("max regret 0") == 3


def test_table_degenerate_lists_components() -> None:
    out = ok("solve", "--example", "entry-deterrence").stdout
    assert "all extreme equilibria: 3  (degenerate game)" in out
    assert "maximal convex sets of equilibria" in out
    assert "{[0], [1]}" in out


def test_table_notes_are_one_line_each() -> None:
    # nashpy's own warning text spans several lines; every note is printed on one line
    out = ok("solve", "--example", "entry-deterrence", "-m", "nashpy_support").stdout
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert notes
    lines = out.splitlines()
    start = min(k for k, line in enumerate(lines) if line.startswith("note:"))
    assert all(line.startswith("note:") for line in lines[start:])


def test_csv_output_parses() -> None:
    out = ok("solve", "--example", "battle-of-the-sexes", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "equilibrium",
        "Row:Opera",
        "Row:Football",
        "Column:Opera",
        "Column:Football",
        "payoff:Row",
        "payoff:Column",
        "max_regret",
    ]
    assert len(rows) == 4
    found = {((r[1], r[2]), (r[3], r[4])): [r[5], r[6]] for r in rows[1:]}
    assert found == BOS_EQUILIBRIA
    assert [r[0] for r in rows[1:]] == ["0", "1", "2"]
    assert all(r[7] == "0" for r in rows[1:])


def test_csv_quotes_names_with_commas(tmp_path: Path) -> None:
    text = 'NFG 1 R "t" { "Smith, J." "Doe" } { { "a,b" "c" } { "d" } }\n1 0 0 1\n'
    out = ok("solve", write(tmp_path, "g.nfg", text), "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][1:4] == ["Smith, J.:a,b", "Smith, J.:c", "Doe:d"]
    assert rows[1][1:4] == ["1", "0", "1"]


def test_csv_float_and_three_players(tmp_path: Path) -> None:
    out = ok("solve", "--example", "matching-pennies", "--float", "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert [float(v) for v in rows[1][1:5]] == [0.5, 0.5, 0.5, 0.5]
    out = ok("solve", write(tmp_path, "three.nfg", THREE_PLAYER_NFG), "-m", "pure", "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows[0]) == 1 + 6 + 3 + 1
    assert len(rows) == 3


# --------------------------------------------------------------------------- property test
_matrix_dims = st.tuples(st.integers(1, 3), st.integers(1, 3))


@st.composite
def bimatrices(draw: st.DrawFn) -> tuple[list[list[int]], list[list[int]]]:
    m, n = draw(_matrix_dims)
    entry = st.integers(-5, 5)
    A = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m))
    return A, B


def _inline(M: list[list[int]]) -> str:
    return "; ".join(" ".join(map(str, row)) for row in M)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrices())
def test_random_bimatrix_equilibria_have_zero_regret(AB: tuple[list[list[int]], list[list[int]]]) -> None:
    A, B = AB
    doc = solve_json(f"--row={_inline(A)}", f"--col={_inline(B)}")
    assert doc["arithmetic"] == "exact"
    assert doc["equilibria"], "every finite game has an equilibrium"
    for e in doc["equilibria"]:
        assert e["max_regret"] == "0"
        assert [len(p) for p in e["profile"]] == [len(A), len(A[0])]
        assert regret_is_zero(A, B, e["profile"])
    for c in doc["components"]:
        assert all(0 <= i < len(doc["equilibria"]) for i in c["equilibria"])


_MUTATION_TOKENS = [
    "{",
    "}",
    '"',
    ",",
    " ",
    "\n",
    "0",
    "-1",
    "1/0",
    "2/3",
    "x",
    "NFG",
    "D",
    "9999999",
    "1.2.3",
    "nan",
]


@st.composite
def mutated_game_text(draw: st.DrawFn) -> str:
    """A valid .nfg or JSON game with a few random insertions, deletions or replacements."""
    chars = list(draw(st.sampled_from([PD_NFG, BOS_JSON])))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "delete":
            del chars[i : i + draw(st.integers(1, 5))]
        else:
            tok = draw(st.sampled_from(_MUTATION_TOKENS))
            chars[i : i + (op == "replace")] = [tok]
    return "".join(chars)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_game_text())
def test_damaged_game_text_solves_or_fails_cleanly(text: str) -> None:
    result = run("solve", "-", "--format", "json", input=text)
    if result.exit_code == 0:
        doc = json.loads(result.stdout)
        for e in doc["equilibria"]:
            # exact games: exactly 0; float games (a "D" header): within the game's tolerance
            assert e["max_regret"] == "0" if doc["arithmetic"] == "exact" else 0.0 <= e["max_regret"] < 1e-2
    else:
        assert_clean_error(result)


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "args, needles",
    [
        (("--row", "1 2; 3", "--col", "1 2; 3 4"), ["--row", "row 2"]),
        (("--row", "1 2; 3 4", "--col", "[[1, 2], [3]]"), ["--col"]),
        (("--row", "1 2; 3 4", "--col", "1 2 3; 4 5 6"), ["--row", "--col", "2 x 3"]),
        (("--row", "1 2; 3 4", "--col", "1 2; 3 4; 5 6"), ["--row", "--col", "3 x 2"]),
        (("--row", "nan 2; 3 4", "--col", "1 2; 3 4"), ["--row", "nan"]),
        (("--row", "1 2; 3 4", "--col", "1 inf; 3 4"), ["--col", "inf"]),
        (("--row", "[[NaN, 2], [3, 4]]", "--col", "1 2; 3 4"), ["--row"]),
        (("--row", "[[1, 2], [3, Infinity]]", "--col", "1 2; 3 4"), ["--row"]),
        (("--row", "1 x; 3 4", "--col", "1 2; 3 4"), ["--row", "'x'"]),
        (("--row", "1 2; 3 4", "--col", "1 2; 3 1.2.3"), ["--col", "1.2.3"]),
        (("--row", "1 2; 3 4", "--col", "1 2; 3 1/0"), ["--col", "1/0"]),
        (("--row", "[[true, 2], [3, 4]]", "--col", "1 2; 3 4"), ["--row", "true"]),
        (("--row", "[[null, 2], [3, 4]]", "--col", "1 2; 3 4"), ["--row", "null"]),
        (("--row", "[[1, 2], [3, 4]", "--col", "1 2; 3 4"), ["--row", "JSON"]),
        (("--row", "1 2; 3 4", "--col", "1 2; 3 1e99999"), ["--col", "exponent"]),
        (("--row", "", "--col", "1"), ["--row", "empty"]),
        (("--row", "  ;  ", "--col", "1"), ["--row", "empty"]),
        (("--row", "1 2;", "--col", "1 2"), ["--row", "row 2"]),
        (("--row", "[]", "--col", "1"), ["--row"]),
        (("--row", "[[]]", "--col", "[[]]"), ["--row", "empty"]),
        (("--row", "[1, 2]", "--col", "1 2"), ["--row"]),
        (("--row", "[[[1]]]", "--col", "1"), ["--row"]),
    ],
)
def test_bad_inline_matrix(args: tuple[str, ...], needles: list[str]) -> None:
    assert_clean_error(run("solve", *args), *needles)


def _nfg(body: str, header: str = '{ "A" "B" } { 2 2 }') -> str:
    return f'NFG 1 R "t" {header}\n{body}\n'


@pytest.mark.parametrize(
    "name, text, needles",
    [
        ("big.nfg", _nfg("1 2 3", '{ "A" "B" "C" } { 100000 100000 100000 }'), ["big.nfg:1", "limit"]),
        ("big2.nfg", _nfg("", '{ "A" "B" } { 100000 100000 }'), ["big2.nfg:1", "limit"]),
        ("short.nfg", _nfg("1 2 3 4 5 6 7"), ["short.nfg:", "too few payoffs"]),
        ("long.nfg", _nfg("1 2 3 4 5 6 7 8 9"), ["long.nfg:2"]),
        ("badnum.nfg", _nfg("1 2 3 1.2.3 5 6 7 8"), ["badnum.nfg:2", "1.2.3"]),
        ("nan.nfg", _nfg("1 2 3 nan 5 6 7 8"), ["nan.nfg:2", "nan"]),
        ("inf.nfg", _nfg("1 2 3 4 5 6 7\n-inf"), ["inf.nfg:3", "inf"]),
        ("word.nfg", _nfg("1 2 3 four 5 6 7 8"), ["word.nfg:2", "four"]),
        (
            "quote.nfg",
            'NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 8\n"oops\n',
            ["quote.nfg:3", "unterminated"],
        ),
        ("quote2.nfg", 'NFG 1 R "unterminated title { "A" "B" } { 2 2 }\n', ["quote2.nfg:"]),
        ("counts.nfg", _nfg("1 2 3 4 5 6 7 8", '{ "A" "B" } { 2 2 2 }'), ["counts.nfg:1", "mismatch"]),
        ("counts2.nfg", _nfg("1 2 3 4", '{ "A" "B" } { 2 }'), ["counts2.nfg:1", "mismatch"]),
        ("zero.nfg", _nfg("", '{ "A" "B" } { 2 0 }'), ["zero.nfg:1", "no strategies"]),
        ("nostrat.nfg", _nfg("", '{ "A" "B" } { { "x" } { } }'), ["nostrat.nfg:1", "no strategies"]),
        ("noplayers.nfg", _nfg("", "{ } { }"), ["noplayers.nfg:1", "no players"]),
        ("trunc.nfg", 'NFG 1 R "t" { "A" "B" } { 2', ["trunc.nfg:1", "ends early"]),
        ("empty.nfg", "", ["empty.nfg"]),
        ("version.nfg", 'NFG 2 R "t" { "A" } { 1 }\n1\n', ["version.nfg:1", "version"]),
        ("outcome.nfg", _nfg('{ { "" 1 2 } }\n1 1 1 2'), ["outcome.nfg:", "outcome index"]),
        ("ragged.json", '{"A": [[1, 2], [3]], "B": [[1, 2], [3, 4]]}', ["ragged.json", "ragged"]),
        ("shape.json", '{"A": [[1, 2], [3, 4]], "B": [[1, 2, 3], [4, 5, 6]]}', ["shape.json", "shape"]),
        ("nan.json", '{"A": [[1, NaN]], "B": [[1, 2]]}', ["nan.json", "NaN"]),
        ("inf.json", '{"A": [[1, 1e999]], "B": [[1, 2]]}', ["inf.json", "inf"]),
        ("str.json", '{"A": [[1, "x"]], "B": [[1, 2]]}', ["str.json", "'x'"]),
        ("emptyA.json", '{"A": [], "B": []}', ["emptyA.json", "A"]),
        ("emptyrows.json", '{"A": [[]], "B": [[]]}', ["emptyrows.json", "no strategies"]),
        ("syntax.json", '{"A": [[1, 2]],\n "B": [[1, 2]', ["syntax.json:2", "invalid JSON"]),
        ("big.json", '{"payoffs": [], "players": ["a"]}', ["big.json"]),
        ("game.txt", "hello", ["game.txt", "cannot tell the game format"]),
        ("game.dat", "", ["game.dat", "empty"]),
        ("game", 'NFG 1 R "t" { "A" } { 0 }', ["game:1", "no strategies"]),
        ("game.efg", "EFG 2 R", ["game.efg", "file ends early"]),
    ],
)
def test_bad_game_file(tmp_path: Path, name: str, text: str, needles: list[str]) -> None:
    path = write(tmp_path, name, text)
    assert_clean_error(run("solve", path), *needles)


def test_bad_game_on_stdin() -> None:
    assert_clean_error(run("solve", "-", input=_nfg("1 2 3 x 5 6 7 8")), "<stdin>:2", "'x'")
    assert_clean_error(run("solve", "-", input='{"A": [[1, 2]], "B": [[1]]}'), "<stdin>", "shape")
    assert_clean_error(run("solve", "-", input="hello"), "<stdin>", "cannot tell the game format")
    assert_clean_error(run("solve", "-", input=""), "<stdin>", "empty")
    assert_clean_error(run("solve", "-", input='EFG 2 R "x" { "A" }'), "<stdin>:1", "no nodes")


def test_other_extensions_are_read_by_content(tmp_path: Path) -> None:
    doc = solve_json(write(tmp_path, "pd.txt", PD_NFG))
    assert profiles(doc) == [(("0", "1"), ("0", "1"))]
    doc = solve_json(write(tmp_path, "bos.game", BOS_JSON))
    assert len(doc["equilibria"]) == 3


def test_non_utf8_json_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"title": "caf\xe9", "A": [[1]], "B": [[1]]}')
    assert_clean_error(run("solve", str(path)), "latin.json", "UTF-8")


def test_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.nfg")
    assert_clean_error(run("solve", missing), "missing.nfg", "No such file")
    assert_clean_error(run("convert", missing, str(tmp_path / "out.json")), "missing.nfg")


def test_directory_as_file(tmp_path: Path) -> None:
    assert_clean_error(run("solve", str(tmp_path)), "is a directory", usage=True)


@pytest.mark.parametrize(
    "args, needles",
    [
        (("--example", "battle-of-the-sexes", "--method", "simplex"), ["--method", "simplex", "choose from"]),
        (("--example", "battle-of-the-sexes", "--method", ""), ["--method", "unknown method"]),
        (("--example", "battle-of-the-sexes", "--format", "xml"), ["--format", "xml"]),
        (("--example", "no-such-game"), ["--example", "no-such-game"]),
        (
            ("--example", "battle-of-the-sexes", "--method", "nashpy_support", "--exact"),
            ["--exact", "nashpy"],
        ),
        (("--example", "battle-of-the-sexes", "--method", "nashpy_vertex", "--exact"), ["--exact", "nashpy"]),
        (("--example", "battle-of-the-sexes", "--label", "0"), ["--label", "lemke_howson"]),
        (("--example", "battle-of-the-sexes", "-m", "enummixed", "--label", "0"), ["--label"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "x"), ["--label", "'x'"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "1.5"), ["--label", "1.5"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", ""), ["--label"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "0,,1"), ["--label"]),
        (("--example", "battle-of-the-sexes", "-m", "nashpy_lemke_howson", "--label", "all"), ["--label"]),
        ((), ["exactly one of"]),
        (("--row", "1 2"), ["--row", "--col"]),
        (("--row", "1 2", "--col", "1 2", "--zero-sum"), ["--zero-sum"]),
        (("--example", "chicken", "--row", "1"), ["exactly one of"]),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], needles: list[str]) -> None:
    assert_clean_error(run("solve", *args), *needles, usage=True)


def test_file_with_col_is_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "pd.nfg", PD_NFG)
    assert_clean_error(run("solve", path, "--col", "1"), "--col", usage=True)


@pytest.mark.parametrize(
    "args, needles",
    [
        (("--example", "battle-of-the-sexes", "-m", "zerosum"), ["zerosum", "zero-sum"]),
        (("--row", "3 0; 5 1", "--col", "3 5; 0 1", "-m", "zerosum"), ["zerosum", "not zero-sum"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "4"), ["lemke_howson", "4"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "-1"), ["lemke_howson"]),
        (("--example", "battle-of-the-sexes", "-m", "lemke_howson", "--label", "0,9"), ["lemke_howson", "9"]),
        (
            ("--example", "battle-of-the-sexes", "-m", "nashpy_lemke_howson", "--label", "4"),
            ["--label", "0..3"],
        ),
        (("--example", "battle-of-the-sexes", "-m", "nashpy_lemke_howson", "--label", "-1"), ["--label"]),
    ],
)
def test_method_not_applicable(args: tuple[str, ...], needles: list[str]) -> None:
    assert_clean_error(run("solve", *args), *needles)


@pytest.mark.parametrize(
    "method",
    ["enummixed", "lemke_howson", "zerosum", "nashpy_support", "nashpy_vertex", "nashpy_lemke_howson"],
)
def test_two_player_methods_on_three_players(tmp_path: Path, method: str) -> None:
    path = write(tmp_path, "three.nfg", THREE_PLAYER_NFG)
    assert_clean_error(run("solve", path, "--method", method), "two-player", "3 players")


def test_enummixed_too_large(tmp_path: Path) -> None:
    n = 41
    A = [[(i * j) % 5 for j in range(n)] for i in range(n)]
    path = write(tmp_path, "g41.json", json.dumps({"A": A, "zero_sum": True}))
    assert_clean_error(run("solve", path, "-m", "enummixed"), "enummixed", "too large")


# --------------------------------------------------------------------------- convert
def test_convert_round_trip_nfg_json_nfg(tmp_path: Path) -> None:
    src = write(tmp_path, "pd.nfg", PD_NFG)
    js, back = tmp_path / "pd.json", tmp_path / "back.nfg"
    res = ok("convert", src, str(js))
    assert "wrote" in res.stderr
    doc = json.loads(js.read_text())
    assert doc["format"] == "gametheory.nfg/1"
    assert doc["players"][0] == {"name": "Row", "strategies": ["Cooperate", "Defect"]}
    ok("convert", str(js), str(back))
    original = gt.read_game(src)
    assert gt.read_game(js) == original
    assert gt.read_game(back) == original
    assert gt.read_game(back).title == original.title == "Prisoner's dilemma\n\ntwo suspects"
    # and solving any of them gives the same answer
    assert solve_json(str(back))["equilibria"] == solve_json(src)["equilibria"]


def test_convert_round_trip_json_nfg_json(tmp_path: Path) -> None:
    src = write(tmp_path, "bos.json", BOS_JSON)
    ok("convert", src, str(tmp_path / "bos.nfg"))
    ok("convert", str(tmp_path / "bos.nfg"), str(tmp_path / "again.json"))
    assert gt.read_game(tmp_path / "again.json") == gt.read_game(src)
    assert (tmp_path / "again.json").read_text() == gt.dumps_game(gt.read_game(src), "json")


def test_convert_round_trip_fractions_floats_three_players(tmp_path: Path) -> None:
    exact = gt.NormalFormGame.from_bimatrix([["1/3", "-2/7"], [0, "5/2"]], [[1, 2], [3, "0.125"]])
    floats = gt.NormalFormGame.from_bimatrix([[0.1, 2.5], [1e-3, -4.0]], [[1.0, 0.0], [0.0, 1.0]])
    three = gt.loads_game(THREE_PLAYER_NFG, "nfg")
    for k, game in enumerate([exact, floats, three]):
        first = tmp_path / f"g{k}.nfg"
        gt.write_game(game, first)
        ok("convert", str(first), str(tmp_path / f"g{k}.json"))
        ok("convert", str(tmp_path / f"g{k}.json"), str(tmp_path / f"h{k}.nfg"))
        assert gt.read_game(tmp_path / f"g{k}.json") == game
        assert gt.read_game(tmp_path / f"h{k}.nfg") == game


def test_convert_outcome_version_nfg(tmp_path: Path) -> None:
    text = (
        'NFG 1 R "PD" { "Row" "Col" }\n{ { "C" "D" } { "C" "D" } }\n\n'
        '{\n{ "reward" 3, 3 }\n{ "temptation" 5 0 }\n{ "sucker" 0, 5 }\n}\n1 2 3 0\n'
    )
    src = write(tmp_path, "pd_outcomes.nfg", text)
    ok("convert", src, str(tmp_path / "pd.json"))
    g = gt.read_game(tmp_path / "pd.json")
    assert g == gt.read_game(src)
    assert g.payoffs[1, 1].tolist() == [0, 0]


def test_convert_to_stdout_and_from_stdin(tmp_path: Path) -> None:
    src = write(tmp_path, "pd.nfg", PD_NFG)
    out = ok("convert", src, "-").stdout
    assert gt.loads_game(out, "json") == gt.read_game(src)
    out = ok("convert", src, "-", "--to", "nfg").stdout
    assert out.startswith("NFG 1 R")
    assert gt.loads_game(out, "nfg") == gt.read_game(src)
    ok("convert", "-", str(tmp_path / "from_stdin.json"), input=PD_NFG)
    assert gt.read_game(tmp_path / "from_stdin.json") == gt.read_game(src)


def test_convert_to_option_overrides_extension(tmp_path: Path) -> None:
    src = write(tmp_path, "pd.nfg", PD_NFG)
    ok("convert", src, str(tmp_path / "pd.txt"), "--to", "json")
    assert gt.loads_game((tmp_path / "pd.txt").read_text(), "json") == gt.read_game(src)


def _dir_listing(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "source_text, target_name, needles",
    [
        (_nfg("1 2 3 1.2.3 5 6 7 8"), "target.json", ["src.nfg:2", "1.2.3"]),
        (_nfg("1 2 3"), "target.json", ["src.nfg:", "too few"]),
        ('NFG 1 R "t { "A" } { 1 }\n', "target.nfg", ["src.nfg:"]),
        (PD_NFG, "target.txt", ["target.txt", "--to"]),
    ],
)
def test_failed_convert_leaves_existing_target_unchanged(
    tmp_path: Path, source_text: str, target_name: str, needles: list[str]
) -> None:
    src = write(tmp_path, "src.nfg", source_text)
    target = tmp_path / target_name
    target.write_text("precious content\n")
    os.chmod(target, 0o640)
    before = _dir_listing(tmp_path)
    assert_clean_error(run("convert", src, str(target), "--force"), *needles)
    assert target.read_text() == "precious content\n"
    assert _dir_listing(tmp_path) == before  # no temporary or partial files left behind
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)


def test_failed_convert_writes_no_new_file(tmp_path: Path) -> None:
    src = write(tmp_path, "src.nfg", _nfg("1 2 3 x 5 6 7 8"))
    assert_clean_error(run("convert", src, str(tmp_path / "new.json")), "src.nfg:2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.nfg"]


def test_convert_into_missing_directory_names_target(tmp_path: Path) -> None:
    src = write(tmp_path, "pd.nfg", PD_NFG)
    target = tmp_path / "nodir" / "out.json"
    line = assert_clean_error(run("convert", src, str(target)), str(target), "does not exist")
    assert ".tmp" not in line
    assert not target.parent.exists()


def test_successful_convert_replaces_target_and_keeps_mode(tmp_path: Path) -> None:
    src = write(tmp_path, "pd.nfg", PD_NFG)
    target = tmp_path / "out.json"
    target.write_text("old")
    os.chmod(target, 0o600)
    ok("convert", src, str(target), "--force")
    assert gt.read_game(target) == gt.read_game(src)
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "pd.nfg"]


# --------------------------------------------------------------------------- other commands
def test_methods_lists_every_method() -> None:
    out = ok("methods").stdout
    names = [line.split()[0] for line in out.splitlines()]
    assert names == list(gt.METHODS)
    assert all(len(line.split()) > 1 for line in out.splitlines())


def test_examples_lists_every_example_on_one_line_each() -> None:
    from gametheory.normal.examples import EXAMPLES

    lines = ok("examples").stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(EXAMPLES)
    shapley = next(line for line in lines if line.startswith("shapley"))
    assert shapley.rstrip().endswith("uniform for both players.")
    for name in EXAMPLES:
        ok("solve", "--example", name)


def test_demo_table() -> None:
    out = ok("demo").stdout
    for title in ["Prisoner's dilemma", "Battle of the sexes", "Matching pennies", "Entry deterrence"]:
        assert title in out
    assert "Opera 2/3, Football 1/3" in out


def test_demo_json_lines() -> None:
    from gametheory.normal.examples import EXAMPLES

    lines = ok("demo", "--format", "json").stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert len(docs) == len(EXAMPLES)
    by_title = {d["game"]["title"]: d for d in docs}
    bos = by_title["Battle of the sexes"]
    assert {tuple(tuple(p) for p in e["profile"]) for e in bos["equilibria"]} == set(BOS_EQUILIBRIA)
    for d in docs:
        assert d["arithmetic"] == "exact"
        assert all(e["max_regret"] == "0" for e in d["equilibria"])


def test_demo_csv() -> None:
    out = ok("demo", "-f", "csv").stdout
    blocks = [b for b in out.split("\n\n") if b.strip()]
    assert len(blocks) == 7
    for b in blocks:
        rows = list(csv.reader(io.StringIO(b)))
        assert rows[0][0] == "equilibrium"
        assert all(r[-1] == "0" for r in rows[1:])


def test_version() -> None:
    out = ok("--version").stdout
    assert gt.__version__ in out
    assert out.startswith("gametheory")


@pytest.mark.parametrize(
    "args", [("--help",), ("-h",), ("solve", "--help"), ("convert", "--help"), ("demo", "--help")]
)
def test_help(args: tuple[str, ...]) -> None:
    out = ok(*args).stdout
    assert out.startswith("Usage: gametheory")
    if args == ("--help",) or args == ("-h",):
        for command in ["solve", "convert", "methods", "examples", "demo"]:
            assert command in out


def test_unknown_command() -> None:
    assert_clean_error(run("sovle"), "sovle", usage=True)


# --------------------------------------------------------------------------- bugs found earlier, fixed
@pytest.mark.parametrize("row", ["1e400 2; 3 4", "1e-300 2; 3 1e300"])
def test_extreme_exact_payoffs_are_solved(row: str) -> None:
    # column 2 strictly dominates; the row player's best reply to it is row 2
    result = run("solve", "--row", row, "--col", "1 2; 3 4", "-f", "json")
    assert result.exit_code == 0, result.output
    assert profiles(json.loads(result.stdout)) == [(("0", "1"), ("0", "1"))]


@pytest.mark.parametrize("row, col", [("5", "3"), ("0; 1", "0; 1"), ("1 0", "0 1")])
def test_nashpy_vertex_single_strategy_player_is_a_clean_error(row: str, col: str) -> None:
    # nashpy's vertex enumeration cannot run qhull in dimension 1; we say so up front.
    result = run("solve", "--row", row, "--col", col, "-m", "nashpy_vertex", "-f", "json")
    assert_clean_error(result, "two strategies")


def test_nashpy_vertex_probabilities_are_nonnegative() -> None:
    doc = solve_json("--example", "battle-of-the-sexes", "-m", "nashpy_vertex")
    assert all(v >= 0 for e in doc["equilibria"] for p in e["profile"] for v in p)


@pytest.mark.parametrize("label", [4, -1, 7])
def test_nashpy_lemke_howson_bad_label_raises_solver_error(label: int) -> None:
    with pytest.raises(gt.SolverError):
        gt.solve(gt_examples.battle_of_the_sexes(), "nashpy_lemke_howson", label=label)


def test_write_game_error_names_target(tmp_path: Path) -> None:
    target = tmp_path / "nodir" / "out.json"
    with pytest.raises(gt.GameError) as info:
        gt.write_game(gt_examples.prisoners_dilemma(), target)
    assert ".tmp" not in str(info.value)
    assert str(info.value).startswith(f"{target}: cannot write")


def test_to_float_of_huge_payoffs_raises_game_error() -> None:
    game = gt.NormalFormGame.from_bimatrix([["1e400", 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(gt.GameError):
        game.to_float()


def test_float_of_huge_payoffs_fails_cleanly() -> None:
    result = run("solve", "--row", "1e400 0; 0 1", "--col", "1 0; 0 1", "--float")
    assert_clean_error(result, "float")


def test_nashpy_lemke_howson_cycling_is_stopped() -> None:
    # nashpy's Lemke-Howson never returns on this degenerate game; the wrapper's time limit
    # turns that into a SolverError instead of a hang.
    game = gt.NormalFormGame.from_bimatrix([[0], [0]], [[0], [1]])
    with pytest.raises(gt.SolverError, match="did not finish"):
        gt.solve(game, "nashpy_lemke_howson", timeout=2)


def test_logit_methods_from_the_command_line() -> None:
    doc = solve_json("--example", "matching-pennies", "-m", "logit_qre", "--lam", "0.5,3")
    # matching pennies: the logit QRE is uniform at every precision (McKelvey & Palfrey 1995)
    assert [e["profile"] for e in doc["equilibria"]] == [[[0.5, 0.5], [0.5, 0.5]]] * 2
    doc = solve_json("--example", "battle-of-the-sexes", "-m", "logit")
    assert len(doc["equilibria"]) == 1 and doc["equilibria"][0]["max_regret"] == "0"
    assert_clean_error(run("solve", "--example", "chicken", "-m", "logit_qre"), "--lam", usage=True)
    assert_clean_error(run("solve", "--example", "chicken", "--lam", "1"), "--lam", usage=True)
