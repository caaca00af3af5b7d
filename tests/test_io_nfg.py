"""Gambit .nfg reading and writing; the read_game/write_game API."""

from __future__ import annotations

import doctest
import io
import itertools
import math
import os
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import GameFormatError, GameSizeError, NormalFormGame
from gametheory.io.nfg import dumps_nfg

REPO = Path(__file__).resolve().parents[1]


def nfg(text: str, **kw: object) -> NormalFormGame:
    return gt.loads_game(text, "nfg", **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- basic reading
PD_PAYOFF = """NFG 1 R "Prisoner's dilemma" { "Row" "Col" } { 2 2 }

3 3 5 0 0 5 1 1
"""

PD_NAMED_OUTCOME = """NFG 1 R "Prisoner's dilemma" { "Row" "Col" }

{ { "C" "D" }
{ "C" "D" }
}
"a comment"

{
{ "reward" 3, 3 }
{ "temptation" 5 0 }
{ "sucker" 0, 5 }
}
1 2 3 0
"""


def test_payoff_version_first_player_fastest() -> None:
    g = nfg(PD_PAYOFF)
    assert g.players == ("Row", "Col")
    assert g.strategies == (("1", "2"), ("1", "2"))
    assert g.is_exact
    # profiles in file order: (1,1), (2,1), (1,2), (2,2)
    assert g.payoffs[0, 0].tolist() == [3, 3]
    assert g.payoffs[1, 0].tolist() == [5, 0]
    assert g.payoffs[0, 1].tolist() == [0, 5]
    assert g.payoffs[1, 1].tolist() == [1, 1]
    assert g.title == "Prisoner's dilemma"


def test_outcome_version_names_comment_null_outcome() -> None:
    g = nfg(PD_NAMED_OUTCOME)
    assert g.strategies == (("C", "D"), ("C", "D"))
    assert g.payoffs[1, 0].tolist() == [5, 0]
    assert g.payoffs[1, 1].tolist() == [0, 0]  # outcome 0 = null outcome
    assert g.title == "Prisoner's dilemma\n\na comment"


def test_three_players_order() -> None:
    text = 'NFG 1 R "" { "a" "b" "c" } { 2 3 2 }\n' + " ".join(
        f"{k}0 {k}1 {k}2" for k in range(12)
    )
    g = nfg(text)
    for k, (c, b, a) in enumerate(itertools.product(range(2), range(3), range(2))):
        assert g.payoffs[a, b, c].tolist() == [10 * k, 10 * k + 1, 10 * k + 2]


def test_numbers_exact_all_syntaxes() -> None:
    g = nfg('NFG 1 R "" { "a" } { 6 }\n 3 -2/3 0.1 1e-3 -.5 +2.5E2')
    assert g.payoffs[:, 0].tolist() == [
        3, Fraction(-2, 3), Fraction(1, 10), Fraction(1, 1000), Fraction(-1, 2), 250,
    ]


def test_strings_escapes_and_multiline() -> None:
    text = 'NFG 1 R "say \\"hi\\" \\\\ back\\slash" { "P\nQ" "B" } { 1 1 }\n"multi\nline\ncomment"\n1\n2'
    g = nfg(text)
    assert g.title == 'say "hi" \\ back\\slash\n\nmulti\nline\ncomment'
    assert g.players == ("P\nQ", "B")


def test_header_letter_decides_kind_unless_overridden() -> None:
    d = 'NFG 1 D "" { "a" "b" } { 1 1 }\n0.1 2'
    assert not nfg(d).is_exact
    assert nfg(d).payoffs.tolist() == [[[0.1, 2.0]]]
    assert nfg(d, exact=True).payoffs.tolist() == [[[Fraction(1, 10), 2]]]
    assert not nfg(PD_PAYOFF, exact=False).is_exact


def test_duplicate_and_empty_labels_made_distinct() -> None:
    text = 'NFG 1 R "" { "" "" "x" } { { "d" "d" "d_1" } { "" "b" } { "" } }\n' + "0 " * 18
    g = nfg(text)
    assert g.players == ("Player 1", "Player 2", "x")
    assert g.strategies == (("d_1_2", "d_2", "d_1"), ("", "b"), ("",))


def test_commas_and_crlf_and_bom() -> None:
    g = nfg('\ufeffNFG 1 R "" { "a" "b" } { 1 2 }\r\n1, 2,\r\n3 4\r\n')
    assert g.payoffs.tolist() == [[[1, 2], [3, 4]]]


# --------------------------------------------------------------------------- malformed input
HEAD2 = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'

MALFORMED = [
    pytest.param("", GameFormatError, 1, id="empty"),
    pytest.param('NFG 1 R "t" { "A" "B" ', GameFormatError, 1, id="truncated-header"),
    pytest.param(HEAD2 + "\n1 2 3", GameFormatError, 3, id="truncated-payoffs"),
    pytest.param(HEAD2 + "1 2 3 4\n5 6 7\n", GameFormatError, 4, id="too-few-payoffs"),
    pytest.param(HEAD2 + "1 2 3 4\n5 6 7 8\n9\n", GameFormatError, 4, id="too-many-payoffs"),
    pytest.param(HEAD2 + "1 2 3\n1.2.3 5 6 7 8", GameFormatError, 3, id="bad-number-1.2.3"),
    pytest.param(HEAD2 + "1 2 nan 4 5 6 7 8", GameFormatError, 2, id="nan"),
    pytest.param(HEAD2 + "1 2 inf 4 5 6 7 8", GameFormatError, 2, id="inf"),
    pytest.param(HEAD2 + "1 2 1/0 4 5 6 7 8", GameFormatError, 2, id="divide-by-zero"),
    pytest.param(HEAD2 + "1 2 1e99999999 4 5 6 7 8", GameFormatError, 2, id="huge-exponent"),
    pytest.param(HEAD2 + '1 2 "3" 4 5 6 7 8', GameFormatError, 2, id="string-as-payoff"),
    pytest.param(HEAD2 + '"comment\n1 2 3 4 5 6 7 8', GameFormatError, 2, id="unterminated-quote"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ { "x" "y" }\n{ "z\n', GameFormatError, 3,
                 id="unterminated-quote-in-strategies"),
    pytest.param('NGF 1 R "t" { "A" } { 1 }\n1', GameFormatError, 1, id="wrong-header"),
    pytest.param('NFG 2 R "t" { "A" } { 1 }\n1', GameFormatError, 1, id="wrong-version"),
    pytest.param('NFG 1 X "t" { "A" } { 1 }\n1', GameFormatError, 1, id="wrong-precision-letter"),
    pytest.param('EFG 2 R "t" { "A" }\n', GameFormatError, 1, id="efg-file"),
    pytest.param('{"payoffs": []}', GameFormatError, 1, id="json-given-as-nfg"),
    pytest.param('NFG 1 R "t"\n{ }\n{ }\n', GameFormatError, 2, id="no-players"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 0 }\n1', GameFormatError, 2, id="zero-strategies-count"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ { "x" }\n{ } }\n1', GameFormatError, 3, id="zero-strategies-names"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 -2 }\n1', GameFormatError, 2, id="negative-count"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 2.5 }\n1', GameFormatError, 2, id="fractional-count"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 2 2 }\n1', GameFormatError, 2, id="more-counts-than-players"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 2 }\n1', GameFormatError, 2, id="fewer-counts-than-players"),
    pytest.param('NFG 1 R "t" { "A" }\n{ { "x" } { "y" } }\n1', GameFormatError, 2,
                 id="more-strategy-lists-than-players"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ { "x" } 3 }\n1', GameFormatError, 2, id="mixed-counts-and-names"),
    pytest.param('NFG 1 R "t" { "A" "B" "C" }\n{ 100000 100000 100000 }\n', GameSizeError, None,
                 id="huge-declared-counts"),
    pytest.param('NFG 1 R "t" { "A" "B" }\n{ 99999999999999999999 2 }\n', GameSizeError, None,
                 id="huge-single-count"),
    pytest.param(HEAD2 + '{ { "" 1, 2 }\n{ "" 3 }\n}\n1 1 1 1', GameFormatError, 3,
                 id="outcome-too-few-payoffs"),
    pytest.param(HEAD2 + '{ { "" 1, 2, 3 } }\n1 1 1 1', GameFormatError, 2, id="outcome-too-many-payoffs"),
    pytest.param(HEAD2 + '{ { 1, 2 } }\n1 1 1 1', GameFormatError, 2, id="outcome-without-name"),
    pytest.param(HEAD2 + '{ { "" 1, 2 } }\n1 1\n1 2', GameFormatError, 4, id="outcome-index-out-of-range"),
    pytest.param(HEAD2 + '{ { "" 1, 2 } }\n1 1 1 1.0', GameFormatError, 3, id="outcome-index-not-integer"),
    pytest.param(HEAD2 + '{ { "" 1, 2 } }\n1 1 1', GameFormatError, 3, id="too-few-outcome-indices"),
    pytest.param(HEAD2 + '{ { "" 1, 2 } }\n1 1 1 1\n1', GameFormatError, 4, id="too-many-outcome-indices"),
    pytest.param(HEAD2 + '{ { "" 1, 2 }\n', GameFormatError, 3, id="truncated-outcomes"),
    pytest.param(HEAD2 + '1 2 3 4 5 6 7 8 }', GameFormatError, 2, id="trailing-brace"),
]


@pytest.mark.parametrize("text, exc, line", MALFORMED)
def test_malformed_nfg(text: str, exc: type[Exception], line: int | None) -> None:
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(exc) as info:
            gt.loads_game(text, "nfg", source="bad.nfg")
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 2_000_000, f"allocated {peak} bytes before failing"
    err = info.value
    assert str(err)
    if isinstance(err, GameFormatError):
        assert err.source == "bad.nfg"
        assert err.line == line, str(err)
        assert str(err).startswith(f"bad.nfg:{line}: ")
    else:  # GameSizeError: location in the message
        assert "bad.nfg:2" in str(err)


def test_error_messages_are_specific() -> None:
    with pytest.raises(GameFormatError, match="too few payoffs: expected 8"):
        nfg(HEAD2 + "1 2 3")
    with pytest.raises(GameFormatError, match="'1.2.3' is not a number"):
        nfg(HEAD2 + "1.2.3")
    with pytest.raises(GameFormatError, match="unterminated quoted string"):
        nfg('NFG 1 R "abc')
    with pytest.raises(GameFormatError, match="strategy count mismatch"):
        nfg('NFG 1 R "t" { "A" "B" } { 2 }')
    with pytest.raises(GameFormatError, match="expected 'NFG'"):
        nfg("hello")
    with pytest.raises(GameFormatError, match="player 2 has no strategies"):
        nfg('NFG 1 R "t" { "A" "B" } { 2 0 }')


def test_float_overflow_in_float_game() -> None:
    with pytest.raises(GameFormatError, match="too large for a float game"):
        nfg('NFG 1 D "" { "a" } { 1 }\n1e400')
    assert nfg('NFG 1 R "" { "a" } { 1 }\n1e400').payoffs[0, 0] == 10**400


# --------------------------------------------------------------------------- writing
def test_dumps_payoff_version_text() -> None:
    g = NormalFormGame.from_bimatrix([[1, Fraction(-2, 3)], [0, 4]], [[2, 0], [1, 3]],
                                     players=["Row", 'C"ol'], strategies=[["U", "D"], ["L", "R"]],
                                     title="T")
    assert dumps_nfg(g) == (
        'NFG 1 R "T" { "Row" "C\\"ol" }\n\n{ { "U" "D" }\n{ "L" "R" }\n}\n\n'
        "1 2\n0 1\n-2/3 0\n4 3\n"
    )
    out = dumps_nfg(g, outcomes=True)
    assert out.endswith('{\n{ "" 1, 2 }\n{ "" 0, 1 }\n{ "" -2/3, 0 }\n{ "" 4, 3 }\n}\n1 2 3 4\n')
    assert nfg(out) == g


def test_dumps_float_game_uses_D_and_repr() -> None:
    g = NormalFormGame.from_bimatrix([[0.1, 1e-300]], [[2.0, -3.5]], exact=False)
    text = dumps_nfg(g)
    assert text.startswith("NFG 1 D ")
    assert "0.1 2.0\n1e-300 -3.5\n" in text
    assert nfg(text) == g


def test_title_comment_split_on_write() -> None:
    g = NormalFormGame([[1]], title="Title\n\nLong comment\n\nsecond paragraph")
    text = dumps_nfg(g)
    assert text.startswith('NFG 1 R "Title" { "Player 1" }')
    assert '\n"Long comment\n\nsecond paragraph"\n' in text
    assert nfg(text).title == g.title
    for title in ["", "x\n\n", "\n\nonly comment", "a\n\n\n\nb"]:
        assert nfg(dumps_nfg(g.with_names(title=title))).title == title


# --------------------------------------------------------------------------- corpus
def test_corpus_file_loads(gambit_nfg_path: Path) -> None:
    g = gt.read_game(gambit_nfg_path)
    assert isinstance(g, NormalFormGame)
    header = gambit_nfg_path.read_text().split(None, 3)[2]
    assert g.is_exact == (header == "R")


OPTION_SETS: list[dict[str, Any]] = [{}, {"outcomes": True}]


def _pygambit_payoff(ref: object, outcome: object, player: object) -> Fraction:
    if outcome is None:
        return Fraction(0)
    return Fraction(outcome[player])  # type: ignore[index]


def test_corpus_matches_pygambit(gambit_nfg_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    ref = gbt.read_nfg(str(gambit_nfg_path))
    ours = gt.read_game(gambit_nfg_path, exact=True)
    ref_players = list(ref.players)
    assert ours.shape == tuple(len(p.strategies) for p in ref_players)
    for i, p in enumerate(ref_players):
        if not (p.label.startswith("_") and p.label[1:].isdigit()):  # Gambit's name for ""
            assert ours.players[i] == p.label
        assert ours.strategies[i] == tuple(s.label for s in p.strategies)
    expected_title = ref.title + (f"\n\n{ref.description}" if ref.description else "")
    assert ours.title == expected_title
    for prof in itertools.product(*(range(n) for n in ours.shape)):
        outcome = ref[prof]
        for i, p in enumerate(ref_players):
            assert ours.payoffs[prof + (i,)] == _pygambit_payoff(ref, outcome, p), (prof, i)
    default = gt.read_game(gambit_nfg_path)
    assert default == (ours if default.is_exact else ours.to_float())


def test_corpus_round_trip(gambit_nfg_path: Path, tmp_path: Path) -> None:
    for exact in (None, True, False):
        g = gt.read_game(gambit_nfg_path, exact=exact)
        for options in OPTION_SETS:
            target = tmp_path / f"out{len(options)}.nfg"
            gt.write_game(g, target, **options)
            back = gt.read_game(target)
            assert back == g
            assert back.title == g.title
        assert gt.loads_game(gt.dumps_game(g, "json"), "json") == g


def test_corpus_written_file_read_by_pygambit(gambit_nfg_path: Path, tmp_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    exact = gt.read_game(gambit_nfg_path, exact=True)
    for g in (exact, exact.to_float()):  # R and D headers
        for options in OPTION_SETS:
            target = tmp_path / "x.nfg"
            gt.write_game(g, target, **options)
            ref = gbt.read_nfg(str(target))
            players = list(ref.players)
            assert tuple(p.label for p in players) == g.players
            for prof in itertools.product(*(range(n) for n in g.shape)):
                outcome = ref[prof]
                for i, p in enumerate(players):
                    value = _pygambit_payoff(ref, outcome, p)
                    assert g.payoffs[prof + (i,)] == (value if g.is_exact else float(value))


def test_corpus_tricky_files(gambit_games_dir: Path) -> None:
    # Duplicate strategy labels "defect" "defect".
    g = gt.read_game(gambit_games_dir / "tests/test_games/2x2_bimatrix_all_zero_payoffs.nfg")
    assert g.strategies == (("cooperate", "defect"), ("defect_1", "defect_2"))
    # Two empty player names; old "D" header (float data).
    g = gt.read_game(gambit_games_dir / "contrib/games/sww1.nfg")
    assert g.players == ("Player 1", "Player 2") and not g.is_exact
    # Outcome payoffs without commas; profile order 1 4 7 2 5 8 ...
    g = gt.read_game(gambit_games_dir / "contrib/games/cent2.nfg")
    assert g.payoffs[1, 0].tolist() == [Fraction("0.564"), Fraction("1.566")]
    # Players and counts on the second line, multi-line comment after the counts.
    g = gt.read_game(gambit_games_dir / "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg")
    assert g.shape == (2, 2, 2) and "local max cut" in g.title


# --------------------------------------------------------------------------- hypothesis
names = st.text(max_size=6)
exact_values = st.fractions(max_denominator=10**6) | st.integers(-(10**40), 10**40).map(Fraction)
float_values = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def games(draw: st.DrawFn, exact: bool | None = None) -> NormalFormGame:
    n = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    is_exact = draw(st.booleans()) if exact is None else exact
    size = math.prod(shape) * n
    vals = draw(st.lists(exact_values if is_exact else float_values, min_size=size, max_size=size))
    payoffs = np.array(vals, dtype=object if is_exact else np.float64).reshape(tuple(shape) + (n,))
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(names, min_size=k, max_size=k, unique=True)) for k in shape]
    title = draw(st.text(max_size=20))
    return NormalFormGame(payoffs, players=players, strategies=strategies, exact=is_exact, title=title)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(), st.booleans())
def test_round_trip_hypothesis(g: NormalFormGame, outcomes: bool) -> None:
    back = nfg(dumps_nfg(g, outcomes=outcomes))
    assert back == g
    assert back.is_exact == g.is_exact
    assert back.players == g.players and back.strategies == g.strategies
    assert back.title == g.title


@settings(max_examples=30, deadline=None)
@given(games(exact=False))
def test_float_games_read_exact_are_shortest_decimals(g: NormalFormGame) -> None:
    assert nfg(dumps_nfg(g), exact=True) == g.to_exact()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='NFG1RD{}", \n0123456789./-e\\a', max_size=80))
def test_random_text_never_crashes(text: str) -> None:
    try:
        nfg(text)
    except (GameFormatError, GameSizeError):
        pass


# --------------------------------------------------------------------------- API: read/write
def test_read_game_path_kinds_and_format(tmp_path: Path) -> None:
    p = tmp_path / "pd.nfg"
    p.write_text(PD_PAYOFF)
    g = gt.read_game(p)
    assert gt.read_game(str(p)) == g
    with open(p) as fh:
        assert gt.read_game(fh) == g
    with open(p, "rb") as fh:
        assert gt.read_game(fh) == g
    assert gt.read_game(io.StringIO(PD_PAYOFF), format="nfg") == g
    q = tmp_path / "pd.txt"
    q.write_text(PD_PAYOFF)
    with pytest.raises(GameFormatError, match="extension"):
        gt.read_game(q)
    assert gt.read_game(q, format="nfg") == g
    assert gt.read_game(tmp_path / "pd.nfg", format=".NFG") == g
    with pytest.raises(GameFormatError, match="unknown game format"):
        gt.read_game(p, format="xml")
    with pytest.raises(FileNotFoundError):
        gt.read_game(tmp_path / "x.efg")  # .efg is a known format now: the file is looked for
    with pytest.raises(GameFormatError, match="loads_game"):
        gt.read_game(PD_PAYOFF)
    with pytest.raises(FileNotFoundError):
        gt.read_game(tmp_path / "missing.nfg")


def test_read_game_error_names_file(tmp_path: Path) -> None:
    p = tmp_path / "bad.nfg"
    p.write_text(HEAD2 + "1 2\n3 x 5")
    with pytest.raises(GameFormatError) as info:
        gt.read_game(p)
    assert info.value.source == str(p) and info.value.line == 3


def test_latin1_nfg(tmp_path: Path) -> None:
    p = tmp_path / "l1.nfg"
    p.write_bytes('NFG 1 R "Caf\xe9" { "A" } { 1 }\n1'.encode("latin-1"))
    assert gt.read_game(p).title == "Caf\xe9"


def test_loads_game_sniffs_format() -> None:
    assert gt.loads_game(PD_PAYOFF) == nfg(PD_PAYOFF)
    with pytest.raises(GameFormatError, match="cannot tell"):
        gt.loads_game("hello")


def test_write_game_round_trip_and_replace(tmp_path: Path) -> None:
    g = nfg(PD_NAMED_OUTCOME)
    target = tmp_path / "g.nfg"
    target.write_text("old")
    os.chmod(target, 0o640)
    gt.write_game(g, target)
    assert gt.read_game(target) == g
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["g.nfg"]
    gt.write_game(g, tmp_path / "g.json")
    assert gt.read_game(tmp_path / "g.json") == g
    gt.write_game(g, tmp_path / "g.txt", format="nfg")
    assert gt.read_game(tmp_path / "g.txt", format="nfg") == g


def test_write_game_missing_directory_leaves_nothing(tmp_path: Path) -> None:
    g = nfg(PD_PAYOFF)
    with pytest.raises(gt.GameError, match="cannot write"):
        gt.write_game(g, tmp_path / "nope" / "g.nfg")
    assert os.listdir(tmp_path) == []


def test_write_game_serialization_error_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "g.nfg"
    target.write_text("old")
    with pytest.raises(TypeError):
        gt.write_game("not a game", target)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        gt.write_game(nfg(PD_PAYOFF), target, bogus_option=1)
    with pytest.raises(GameFormatError):
        gt.write_game(nfg(PD_PAYOFF), tmp_path / "g.xml")
    assert os.listdir(tmp_path) == ["g.nfg"]
    assert target.read_text() == "old"


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_write_game_io_failure_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "g.nfg"
    target.write_text("old")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class Failing(io.BufferedWriter):
            def write(self, b: object) -> int:
                raise OSError(28, "No space left on device")

        def fdopen(fd: int, mode: str = "r", *a: object, **k: object) -> io.BufferedWriter:
            return Failing(real_fdopen(fd, mode, buffering=0))

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, failing, boom)
    with pytest.raises(gt.GameError, match="g.nfg: cannot write: No space"):
        gt.write_game(nfg(PD_PAYOFF), target)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["g.nfg"]
    assert target.read_text() == "old"


def test_exports() -> None:
    for name in ("read_game", "write_game", "loads_game", "dumps_game"):
        assert name in gt.__all__ and callable(getattr(gt, name))


def test_howto_doc_examples() -> None:
    path = REPO / "docs" / "howto-gambit-files.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_io_module_doctest() -> None:
    import gametheory.io as gio

    result = doctest.testmod(gio)
    assert result.attempted > 0 and result.failed == 0


def test_missing_corpus_skips_or_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import require_dir

    missing = tmp_path / "no-such-corpus"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_dir(missing, "corpus")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_dir(missing, "corpus")
    assert require_dir(tmp_path, "corpus") == tmp_path
