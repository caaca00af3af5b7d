"""Hostile game files (issue 14, deliverable 3): one clean line naming the file and line,
never a Python internal message, for every bad input a file can hold."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory import GameError, GameFormatError
from gametheory._kernel.values import MAX_DIGITS, check_digits, parse_number, to_float
from gametheory.cli.main import cli
from gametheory.io.json_common import MAX_JSON_DEPTH

BIG = "9" * 5000  # beyond Python's own 4300-digit limit for int <-> str
LONG = "9" * 400  # fits our digit limit, but no float holds it


def run_cli(tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", *args, str(path)])
    return result.exit_code, result.output


def assert_clean(code: int, out: str, *fragments: str) -> None:
    assert code != 0
    last = out.strip().splitlines()[-1]
    assert last.startswith("Error: "), out
    assert "internal error" not in out
    assert "sys.set_int_max_str_digits" not in out
    assert "recursion" not in out
    assert len(last) < 300, last
    for f in fragments:
        assert f in last, last


# --------------------------------------------------------------------------- 1. unicode spaces
def test_nbsp_in_nfg_is_white_space(tmp_path: Path) -> None:
    text = 'NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1\u00a02 3 4 5 6 7 8\n'
    game = gt.loads_game(text, "nfg")
    assert game.payoffs[0, 0].tolist() == [Fraction(1), Fraction(2)]
    code, out = run_cli(tmp_path, "nbsp.nfg", text)
    assert code == 0, out


def test_other_unicode_spaces_in_nfg() -> None:
    text = 'NFG\u20031 R "t"\u2009{ "A" }\u3000{ 2 }\n1\u00a02\n'
    assert gt.loads_game(text, "nfg").shape == (2,)


# --------------------------------------------------------------------------- 2. big integers
@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("count.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ {BIG} 2 }}\n1 2 3 4\n', "count.nfg:2: strategy count"),
        ("pay.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ 2 2 }}\n{BIG} 2 3 4 5 6 7 8\n', "pay.nfg:3: payoff 1"),
        ("payf.nfg", f'NFG 1 D "t" {{ "A" "B" }}\n{{ 2 2 }}\n{BIG} 2 3 4 5 6 7 8\n', "payf.nfg:3: payoff 1"),
        ("exp.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ 2 2 }}\n1e{BIG} 2 3 4 5 6 7 8\n', "exp.nfg:3: payoff 1"),
        ("rat.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ 2 2 }}\n1/{BIG} 2 3 4 5 6 7 8\n', "rat.nfg:3: payoff 1"),
        ("dec.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ 2 2 }}\n1.{BIG} 2 3 4 5 6 7 8\n', "dec.nfg:3: payoff 1"),
        ("idx.nfg", f'NFG 1 R "t" {{ "A" "B" }}\n{{ 1 1 }}\n{{ {{ "" 1, 2 }} }}\n{BIG}\n', "idx.nfg:4: outcome index"),
        ("pl.efg", f'EFG 2 R "t" {{ "A" }}\n""\np "" {BIG} 1 "" {{ "a" }} 0\nt "" 1 "" {{ 1 }}\n', "pl.efg:3: the player number"),
        ("out.efg", f'EFG 2 R "t" {{ "A" }}\n""\np "" 1 1 "" {{ "a" }} {BIG}\nt "" 1 "" {{ 1 }}\n', "out.efg:3: the outcome number"),
        ("pay.efg", f'EFG 2 R "t" {{ "A" }}\n""\np "" 1 1 "" {{ "a" }} 0\nt "" 1 "" {{ {BIG} }}\n', "pay.efg:4: payoff 1 of outcome 1"),
        ("int.json", f'{{"A": [[{BIG}, 1], [2, 3]], "B": [[1, 2], [3, 4]]}}', "int.json:1:"),
        ("str.json", f'{{"A": [["{BIG}", 1], [2, 3]], "B": [[1, 2], [3, 4]]}}', "str.json: A[0][0]"),
        ("flt.json", f'{{"A": [[{BIG}.5, 1], [2, 3]], "B": [[1, 2], [3, 4]]}}', "flt.json:1:"),
        ("cnt.json", f'{{"players": [{{"name": "a", "strategies": {BIG}}}, "b"],\n "payoffs": [[[1, 2]]]}}', "cnt.json:1:"),
        ("line.json", f'{{"A": [[1, 1], [2, 3]],\n\n "B": [[1, 2], [3, {BIG}]]}}', "line.json:3:"),
        ("def.json", f'{{"parameters": [{{"name": "c", "default": {BIG}}}], "payoffs": [[["c", 1]]]}}', "def.json:1:"),
        ("defs.json", f'{{"parameters": [{{"name": "c", "default": "{BIG}"}}], "payoffs": [[["c", 1]]]}}', "defs.json"),
    ],
)
def test_big_numbers_refused_by_our_limit(tmp_path: Path, name: str, text: str, where: str) -> None:
    code, out = run_cli(tmp_path, name, text)
    assert_clean(code, out, where, f"more than {MAX_DIGITS}")


def test_numbers_within_the_limit_still_read() -> None:
    n = "9" * MAX_DIGITS
    game = gt.loads_game(f'NFG 1 R "t" {{ "A" }}\n{{ 2 }}\n{n} 1e1000\n', "nfg")
    assert game.payoffs[0, 0] == Fraction(int(n))
    assert game.payoffs[1, 0] == Fraction(10) ** 1000
    assert parse_number(f"1/{n}") == Fraction(1, int(n))


def test_check_digits_before_conversion() -> None:
    check_digits("1" * MAX_DIGITS)
    with pytest.raises(GameError, match=r"x: a number with 4301 digits \(more than 1000\)"):
        check_digits("1" * 4301, "x")
    with pytest.raises(GameError, match="more than 1000"):
        parse_number("2e" + "1" * 5000)


# --------------------------------------------------------------------------- 3. deep JSON
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 990, 1000, 5000, 100_000])
@pytest.mark.parametrize(
    "make",
    [
        lambda d: "[" * d + "]" * d,
        lambda d: '{"A":' + "[" * d + "]" * d + "}",
        lambda d: '{"payoffs":' + "[" * d + "1" + "]" * d + "}",
        lambda d: '{"parameters": [], "payoffs":' + "[" * d + "1" + "]" * d + "}",
        lambda d: '{"tree":' + '{"player": "a", "actions": {"x":' * (d // 2) + "[1]" + "}}" * (d // 2) + "}",
    ],
    ids=["list", "shorthand", "payoffs", "symbolic", "tree"],
)
def test_deep_json_one_message_for_every_depth(tmp_path: Path, depth: int, make: object) -> None:
    code, out = run_cli(tmp_path, "deep.json", make(depth))  # type: ignore[operator]
    assert_clean(code, out, f"nested more than {MAX_JSON_DEPTH} levels deep", "deep.json:1:")


@pytest.mark.parametrize("depth", [66, 300, 499])
def test_deep_payoffs_below_the_json_limit(tmp_path: Path, depth: int) -> None:
    for prefix in ('{"payoffs":', '{"parameters": [], "payoffs":'):
        code, out = run_cli(tmp_path, "deep.json", prefix + "[" * depth + "1" + "]" * depth + "}")
        assert_clean(code, out, "payoffs: lists nested more than 64 levels deep")


def test_deep_tree_within_the_limit_still_reads() -> None:
    d = MAX_JSON_DEPTH // 2 - 1
    text = '{"tree":' + '{"player": "a", "actions": {"x":' * d + "[1]" + "}}" * d + "}"
    assert gt.loads_game(text, "json").num_nodes == d + 1  # type: ignore[union-attr]


def test_depth_error_names_the_line() -> None:
    d = MAX_JSON_DEPTH + 5
    with pytest.raises(GameFormatError) as info:
        gt.loads_game('{"A":\n\n' + "[\n" * d + "]" * d + "}", "json")
    assert info.value.line == 2 + MAX_JSON_DEPTH  # "{" is level 1; "[" k is on line 2 + k


def test_brackets_inside_strings_do_not_count() -> None:
    title = "[" * (2 * MAX_JSON_DEPTH)
    game = gt.loads_game(f'{{"title": "{title}", "A": [[1]], "B": [[2]]}}', "json")
    assert game.title == title


# --------------------------------------------------------------------------- 4. exact meets float
@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f'{{"A": [["{LONG}", 1.5], [2, 3]], "B": [[1, 2], [3, 4]]}}', "A[0][0]"),
        (f'{{"A": [[1, 2], [3, {LONG}]], "B": [[1, 2], [3, 4.5]]}}', "A[1][1]"),
        (f'{{"payoffs": [[[1.5, 2], [3, "{LONG}"]]]}}', "payoffs[0][1][1]"),
        ('{"payoffs": [[[1.5, 2], [3, "1e400"]]]}', "payoffs[0][1][1]"),
    ],
)
def test_huge_exact_value_in_a_float_json_game(tmp_path: Path, text: str, where: str) -> None:
    code, out = run_cli(tmp_path, "mix.json", text)
    assert_clean(code, out, f"mix.json: {where}:", "too large for a float")


def test_huge_exact_value_in_a_float_tree(tmp_path: Path) -> None:
    text = f'{{"players": ["A"], "tree": {{"player": "A", "actions": {{"a": [{LONG}], "b": [1.5]}}}}}}'
    code, out = run_cli(tmp_path, "tree.json", text)
    assert_clean(code, out, "tree.json:", "too large for a float")


def test_to_float_overflow_is_a_game_error() -> None:
    with pytest.raises(GameError, match="too large for a float"):
        to_float(10**400, "x")
    with pytest.raises(GameError, match="too large for a float"):
        to_float("1e400", "x")
    with pytest.raises(GameError, match="too large for a float"):
        to_float(Fraction(10**400, 3), "x")


def test_huge_exact_json_game_stays_exact() -> None:
    game = gt.loads_game(f'{{"A": [[1, 2], [3, {LONG}]], "B": [[1, 2], [3, 4]]}}', "json")
    assert game.is_exact and game.payoffs[1, 1, 0] == int(LONG)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- 5. enumpoly, one player
def test_enumpoly_one_player_is_the_pure_maximum(tmp_path: Path) -> None:
    code, out = run_cli(tmp_path, "one.nfg", 'NFG 1 R "t" { "A" }\n{ 3 }\n1 5 2\n', "--method", "enumpoly")
    assert code == 0, out
    game = gt.loads_game('NFG 1 R "t" { "A" }\n{ 3 }\n1 5 2\n', "nfg")
    res = gt.solve(game, method="enumpoly")
    assert res.complete and res.degenerate is False
    assert [eq.profile for eq in res.equilibria] == [((Fraction(0), Fraction(1), Fraction(0)),)]
    assert res.equilibria[0].max_regret == 0


def test_enumpoly_one_player_ties_are_a_continuum() -> None:
    game = gt.loads_game('NFG 1 D "t" { "A" }\n{ 4 }\n0.1 5.5 2 5.5\n', "nfg")
    res = gt.solve(game, method="enumpoly")
    assert [eq.profile for eq in res.equilibria] == [((0.0, 1.0, 0.0, 0.0),), ((0.0, 0.0, 0.0, 1.0),)]
    assert not res.complete and res.degenerate
    assert res.parameters["continua"][0]["dimension"] == 1
    assert "every mixture of the 2 best strategies" in res.diagnostics[0]


# --------------------------------------------------------------------------- 6. control characters
ESC_NFG = 'NFG 1 R "t\x1b[31mRED\x1b[0m\x07\r" { "A\x1b]0;pwn\x07" "B\u202e" }\n{ { "x\x1b[2J" "y" } { "l" "r" } }\n1 2 3 4 5 6 7 8\n'


def test_reader_keeps_raw_text_and_safe_text_escapes_it() -> None:
    from gametheory.io.text import safe_text

    game = gt.loads_game(ESC_NFG, "nfg")
    assert game.title == "t\x1b[31mRED\x1b[0m\x07\r"  # round-trips unchanged
    assert gt.loads_game(gt.dumps_game(game, "nfg"), "nfg") == game
    shown = [safe_text(game.title), *map(safe_text, game.players), *map(safe_text, game.strategies[0])]
    assert shown == ["t\\x1b[31mRED\\x1b[0m\\x07\\r", "A\\x1b]0;pwn\\x07", "B\\u202e", "x\\x1b[2J", "y"]
    for text in shown:
        assert all(c.isprintable() for c in text)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        ("Émile 🙂 ставка", "Émile 🙂 ставка"),
        ("a\tb\nc", "a\tb\nc"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("\u200b\u2066x\u2069\ufeff", "\\u200b\\u2066x\\u2069\\ufeff"),
    ],
)
def test_safe_text(raw: str, shown: str) -> None:
    from gametheory.io.text import safe_text

    assert safe_text(raw) == shown
    assert safe_text("a\nb", newlines=False) == "a\\nb"


# --------------------------------------------------------------------------- round 3
def test_ragged_symbolic_matrix_names_the_row() -> None:
    from gametheory.io.jsonsymbolic import loads_symbolic

    bad = '{"parameters": [{"name": "c"}], "A": [["c", 1], [2]], "B": [[0, 1], [2, 3]]}'
    with pytest.raises(GameError, match=r"m.json: A\[1\]: 1 entries where the first row has 2"):
        loads_symbolic(bad, source="m.json")
    bad = '{"parameters": [{"name": "c"}], "payoffs": [[["c", 1], [2]], [[1, 1], [0, 0]]]}'
    with pytest.raises(GameError, match=r"payoffs\[0\]\[1\]: 1 entries"):
        loads_symbolic(bad, source="m.json")


@pytest.mark.parametrize("value", [10**5000, Fraction(10**5000, 3)], ids=["int", "fraction"])
def test_huge_exact_value_meeting_a_float_names_its_size(value: object) -> None:
    from gametheory._kernel.values import to_float

    with pytest.raises(GameError, match=r"a number of about 10\^\d+ is too large for a float"):
        to_float(value, "payoff")


def test_write_game_refuses_links_and_can_refuse_overwriting(tmp_path: Path) -> None:
    import gametheory as gt
    from gametheory.normal import examples

    outside = tmp_path / "outside.nfg"
    outside.write_text("keep me")
    link = tmp_path / "link.nfg"
    link.symlink_to(outside)
    with pytest.raises(GameError, match="symbolic link"):
        gt.write_game(examples.prisoners_dilemma(), link)
    assert outside.read_text() == "keep me"
    with pytest.raises(GameError, match="exists"):
        gt.write_game(examples.prisoners_dilemma(), outside, overwrite=False)
    gt.write_game(examples.prisoners_dilemma(), outside)
    assert outside.read_text().startswith("NFG")
