"""The JSON game specification (gametheory.nfg/1)."""

from __future__ import annotations

import doctest
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import GameFormatError, GameSizeError, NormalFormGame
from gametheory.io.jsonspec import FORMAT_ID, dumps_json

REPO = Path(__file__).resolve().parents[1]
SCHEMA_DOC = REPO / "docs" / "json-schema.md"


def js(doc: object, **kw: object) -> NormalFormGame:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return gt.loads_game(text, "json", **kw)  # type: ignore[arg-type]


PD = {
    "format": FORMAT_ID,
    "title": "PD",
    "players": [
        {"name": "Row", "strategies": ["C", "D"]},
        {"name": "Col", "strategies": ["C", "D"]},
    ],
    "payoffs": [[[3, 3], [0, 5]], [[5, 0], [1, 1]]],
}


def test_full_form() -> None:
    g = js(PD)
    assert g.players == ("Row", "Col")
    assert g.strategies == (("C", "D"), ("C", "D"))
    assert g.title == "PD"
    assert g.is_exact
    assert g.payoffs[1, 0].tolist() == [5, 0]
    assert g == NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                             players=["Row", "Col"], strategies=[["C", "D"]] * 2)


def test_minimal_full_form_defaults() -> None:
    g = js({"payoffs": [[[[1, 2, 3]]], [[[4, 5, 6]]]]})
    assert g.shape == (2, 1, 1)
    assert g.players == ("Player 1", "Player 2", "Player 3")
    assert g.strategies == (("1", "2"), ("1",), ("1",))
    assert g.title == ""


def test_players_as_names_and_counts() -> None:
    g = js({"players": ["A", {"name": "B", "strategies": 2}], "payoffs": [[[1, 2], [3, 4]]]})
    assert g.players == ("A", "B")
    assert g.strategies == (("1",), ("1", "2"))
    g = js({"players": [{"strategies": ["x"]}, {}], "payoffs": [[[1, 2], [3, 4]]]})
    assert g.players == ("Player 1", "Player 2")


def test_numbers_exact_and_float() -> None:
    g = js({"A": [["2/3", "0.1"], ["-1e-3", 7]], "B": [[0, 0], [0, 0]]})
    assert g.is_exact
    assert g.payoffs[..., 0].tolist() == [[Fraction(2, 3), Fraction(1, 10)], [Fraction(-1, 1000), 7]]
    g = js({"A": [[0.5, "1/4"], [2, 0]], "B": [[1, 0], [0, 1]]})
    assert not g.is_exact
    assert g.payoffs[..., 0].tolist() == [[0.5, 0.25], [2.0, 0.0]]
    assert js({"A": [[0.1]], "B": [[1]]}, exact=True).payoffs.tolist() == [[[Fraction(1, 10), 1]]]
    assert not js({"A": [[1]], "B": [[1]]}, exact=False).is_exact


def test_bimatrix_and_zero_sum_shorthand() -> None:
    g = js({"title": "MP", "players": ["Even", "Odd"], "A": [[1, -1], [-1, 1]], "B": [[-1, 1], [1, -1]]})
    z = js({"title": "MP", "players": ["Even", "Odd"], "A": [[1, -1], [-1, 1]], "zero_sum": True})
    assert g == z and z.is_zero_sum() and z.title == "MP"
    assert js({"A": [[1, 2]], "B": [[3, 4]], "zero_sum": False}).shape == (1, 2)
    g = js({"players": [{"name": "R", "strategies": ["u"]}, {"name": "C", "strategies": ["l", "r"]}],
            "A": [[1, 2]], "zero_sum": True})
    assert g.strategies == (("u",), ("l", "r"))
    assert g.payoffs[0, 1].tolist() == [2, -2]


MALFORMED = [
    pytest.param('{"payoffs": [[[1, 2]]', None, id="invalid-json"),
    pytest.param('{\n"payoffs":\n [[[1, 1]]],\n}', 4, id="trailing-comma"),
    pytest.param("[1, 2]", None, id="not-an-object"),
    pytest.param({"payofs": [[[1]]]}, None, id="unknown-key-typo"),
    pytest.param({"payoffs": [[[1]]], "extra": 1}, None, id="unknown-key"),
    pytest.param({"A": [[1]], "B": [[1]], "payoffs": [[[1]]]}, None, id="payoffs-and-shorthand"),
    pytest.param({"A": [[1]], "B": [[1]], "color": "red"}, None, id="unknown-key-shorthand"),
    pytest.param({"format": "gambit", "payoffs": [[[1]]]}, None, id="wrong-format"),
    pytest.param({"title": 3, "payoffs": [[[1]]]}, None, id="title-not-string"),
    pytest.param({}, None, id="missing-payoffs"),
    pytest.param({"payoffs": [[[1, 2, 3]]]}, None, id="last-axis-wrong"),
    pytest.param({"payoffs": [1, 2]}, None, id="payoffs-1d"),
    pytest.param({"payoffs": []}, None, id="payoffs-empty"),
    pytest.param({"payoffs": [[[1, 2], [3, 4]], [[5, 6]]]}, None, id="ragged"),
    pytest.param('{"payoffs": [[[NaN]]]}', None, id="nan-constant"),
    pytest.param('{"payoffs": [[[Infinity]]]}', None, id="infinity-constant"),
    pytest.param('{"payoffs": [[[1e400]]]}', None, id="float-overflow"),
    pytest.param({"payoffs": [[["nan"]]]}, None, id="nan-string"),
    pytest.param({"payoffs": [[["1.2.3"]]]}, None, id="bad-number-string"),
    pytest.param({"payoffs": [[["1e99999999"]]]}, None, id="huge-exponent-string"),
    pytest.param({"payoffs": [[[True]]]}, None, id="boolean"),
    pytest.param({"payoffs": [[[None]]]}, None, id="null"),
    pytest.param({"payoffs": [[[{"x": 1}]]]}, None, id="object-as-number"),
    pytest.param('{"payoffs": [[[1]]], "payoffs": [[[2]]]}', None, id="duplicate-key"),
    pytest.param({"players": ["A", "B"], "payoffs": [[[1]]]}, None, id="too-many-players"),
    pytest.param({"players": "A", "payoffs": [[[1]]]}, None, id="players-not-list"),
    pytest.param({"players": [{"name": "A", "strats": ["x"]}], "payoffs": [[[1]]]}, None,
                 id="unknown-player-key"),
    pytest.param({"players": [{"name": 1}], "payoffs": [[[1]]]}, None, id="player-name-not-string"),
    pytest.param({"players": [{"strategies": ["x", "y"]}], "payoffs": [[[1]]]}, None,
                 id="strategy-count-mismatch"),
    pytest.param({"players": [{"strategies": ["x", "x"]}], "payoffs": [[[1]], [[2]]]}, None,
                 id="duplicate-strategy-names"),
    pytest.param({"players": [{"strategies": 0}], "payoffs": [[[1]]]}, None, id="zero-strategies"),
    pytest.param({"players": [{"strategies": []}], "payoffs": [[[1]]]}, None, id="empty-strategy-list"),
    pytest.param({"players": [{"strategies": [1]}], "payoffs": [[[1]]]}, None, id="strategy-name-not-string"),
    pytest.param({"players": ["A", "A"], "payoffs": [[[1, 1]]]}, None, id="duplicate-player-names"),
    pytest.param({"A": [[1]]}, None, id="A-without-B"),
    pytest.param({"B": [[1]]}, None, id="B-without-A"),
    pytest.param({"A": [[1]], "B": [[1]], "zero_sum": True}, None, id="B-and-zero-sum"),
    pytest.param({"A": [[1]], "zero_sum": "yes"}, None, id="zero-sum-not-bool"),
    pytest.param({"A": [[1, 2]], "B": [[1]]}, None, id="A-B-shape-mismatch"),
    pytest.param({"A": [1, 2], "B": [1, 2]}, None, id="A-not-matrix"),
    pytest.param({"A": [[]], "zero_sum": True}, None, id="A-empty-rows"),
    pytest.param({"A": [[1]], "zero_sum": True, "players": ["x"]}, None, id="shorthand-one-player"),
]


@pytest.mark.parametrize("doc, line", MALFORMED)
def test_malformed_json(doc: object, line: int | None) -> None:
    with pytest.raises(GameFormatError) as info:
        gt.loads_game(doc if isinstance(doc, str) else json.dumps(doc), "json", source="bad.json")
    assert info.value.source == "bad.json"
    assert str(info.value).startswith("bad.json")
    if line is not None:
        assert info.value.line == line


def test_unknown_key_message_lists_allowed() -> None:
    with pytest.raises(GameFormatError, match=r"unknown key\(s\) \['payofs'\]; allowed keys are"):
        js({"payofs": [[[1]]]})


def test_too_large_game_is_size_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import gametheory.normal.game

    monkeypatch.setattr(gametheory.normal.game, "MAX_PAYOFF_ENTRIES", 10)
    with pytest.raises(GameSizeError):
        js({"A": [[0] * 3] * 3, "zero_sum": True})
    with pytest.raises(GameSizeError):
        js({"payoffs": [[[0, 0]] * 3] * 3})


def test_invalid_utf8_json_file(tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    p.write_bytes(b'{"title": "\xff", "payoffs": [[[1]]]}')
    with pytest.raises(GameFormatError, match="UTF-8"):
        gt.read_game(p)


def test_dumps_json_layout_and_values() -> None:
    g = NormalFormGame.from_bimatrix([[1, Fraction(1, 2)]], [[0.0, 2.5]], exact=False)
    doc = json.loads(dumps_json(g))
    assert doc["payoffs"] == [[[1.0, 0.0], [0.5, 2.5]]]
    g = js(PD)
    text = dumps_json(g)
    assert '    [[3, 3], [0, 5]],\n    [[5, 0], [1, 1]]\n' in text
    assert json.loads(text) == PD
    g3 = NormalFormGame(np.array([Fraction(k, 3) for k in range(24)], dtype=object).reshape(2, 2, 2, 3))
    doc = json.loads(dumps_json(g3))
    assert doc["payoffs"][1][0][1] == [5, "16/3", "17/3"]
    assert js(dumps_json(g3)) == g3


def test_unicode_names_round_trip() -> None:
    g = NormalFormGame([[1]], players=['Zoë "the" \\ ☃'], strategies=[["\n"]], title="τ\n\nx")
    back = js(dumps_json(g))
    assert back == g and back.title == g.title


@st.composite
def games(draw: st.DrawFn) -> NormalFormGame:
    n = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    exact = draw(st.booleans())
    size = math.prod(shape) * n
    values = (st.fractions(max_denominator=10**6) | st.integers(-(10**30), 10**30).map(Fraction)) if exact else (
        st.floats(allow_nan=False, allow_infinity=False)
    )
    vals = draw(st.lists(values, min_size=size, max_size=size))
    payoffs = np.array(vals, dtype=object if exact else np.float64).reshape(tuple(shape) + (n,))
    players = draw(st.lists(st.text(max_size=5), min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(st.text(max_size=5), min_size=k, max_size=k, unique=True)) for k in shape]
    return NormalFormGame(payoffs, players=players, strategies=strategies, exact=exact,
                          title=draw(st.text(max_size=10)))


@settings(max_examples=150, deadline=None)
@given(games())
def test_round_trip_hypothesis(g: NormalFormGame) -> None:
    back = js(dumps_json(g))
    assert back == g
    assert back.is_exact == g.is_exact
    assert back.title == g.title


@settings(max_examples=40, deadline=None)
@given(games())
def test_round_trip_via_files(tmp_path_factory: pytest.TempPathFactory, g: NormalFormGame) -> None:
    d = tmp_path_factory.mktemp("rt")
    gt.write_game(g, d / "g.json")
    gt.write_game(g, d / "g.nfg")
    assert gt.read_game(d / "g.json") == g
    assert gt.read_game(d / "g.nfg") == g


def test_schema_doc_json_examples_are_valid() -> None:
    blocks = re.findall(r"```json\n(.*?)```", SCHEMA_DOC.read_text(), flags=re.S)
    assert len(blocks) >= 4
    for block in blocks:
        g = gt.loads_game(block, "json")
        assert isinstance(g, NormalFormGame)


def test_schema_doc_python_examples() -> None:
    result = doctest.testfile(str(SCHEMA_DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_corpus_json_round_trip(gambit_nfg_path: Path) -> None:
    g = gt.read_game(gambit_nfg_path)
    back = js(dumps_json(g))
    assert back == g and back.title == g.title
