"""Gambit .efg files: every corpus file loads, round-trips, and agrees with pygambit;
malformed files fail with GameFormatError naming the line."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import GAMBIT_GAMES_DIR, require_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import ExtensiveGame, GameFormatError, GameSizeError
from gametheory.extensive import examples
from gametheory.io.efg import dumps_efg, loads_efg

EFG_FILES = sorted(GAMBIT_GAMES_DIR.rglob("*.efg")) if GAMBIT_GAMES_DIR.is_dir() else []
EFG_IDS = [str(p.relative_to(GAMBIT_GAMES_DIR)) for p in EFG_FILES] or ["corpus-missing"]


@pytest.fixture(params=EFG_FILES or [None], ids=EFG_IDS)
def efg_path(request: pytest.FixtureRequest, gambit_games_dir: Path) -> Path:
    """Each .efg file of the Gambit corpus (fails under CI=true when the corpus is missing)."""
    if request.param is None:
        pytest.fail(f"no .efg files found under {gambit_games_dir}")
    path: Path = request.param
    return path


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # pragma: no cover - the corpus is UTF-8
        return raw.decode("latin-1")


# --------------------------------------------------------------------------- corpus
def test_corpus_has_all_efg_files(gambit_games_dir: Path) -> None:
    assert len(list(gambit_games_dir.rglob("*.efg"))) >= 170


def test_corpus_file_loads_and_round_trips(efg_path: Path) -> None:
    g = gt.read_game(efg_path)
    assert isinstance(g, ExtensiveGame)
    assert g.is_exact
    text = gt.dumps_game(g, "efg")
    again = gt.loads_game(text)
    assert again == g
    assert again.title == g.title
    assert again.node_labels == g.node_labels
    assert again.infoset_labels == g.infoset_labels
    assert again.outcome_labels == g.outcome_labels
    assert [again.node_payoffs(k) for k in range(again.num_nodes)] == [g.node_payoffs(k) for k in range(g.num_nodes)]
    assert dumps_efg(again) == text  # the writer is a fixed point after one pass
    # JSON tree documents round-trip too (the corpus is shallow enough for JSON nesting)
    assert gt.loads_game(gt.dumps_game(g, "json"), "json") == g


def _pygambit_game(path: Path):  # type: ignore[no-untyped-def]
    pygambit = pytest.importorskip("pygambit")
    try:
        return pygambit.read_efg(str(path))
    except ValueError as exc:  # pygambit 16.7 insists on unique node and infoset labels
        pytest.skip(f"pygambit cannot read this file: {exc}")


def _pygambit_terminal_payoffs(G) -> list[tuple[Fraction, ...]]:  # type: ignore[no-untyped-def]
    players = list(G.players)
    cum: dict[object, tuple[Fraction, ...]] = {}
    out = []
    for node in G.nodes:
        parent = node.parent
        base = cum[parent] if parent is not None else tuple(Fraction(0) for _ in players)
        try:
            own = [Fraction(str(node.outcome[p])) for p in players]
        except KeyError:
            own = None
        if own is not None:
            base = tuple(b + o for b, o in zip(base, own))
        cum[node] = base
        if node.is_terminal:
            out.append(base)
    return out


def test_corpus_file_agrees_with_pygambit(efg_path: Path) -> None:
    G = _pygambit_game(efg_path)
    g = gt.read_game(efg_path)
    assert g.num_nodes == len(list(G.nodes))
    assert g.num_infosets == len(list(G.infosets))
    labels = tuple(p.label for p in G.players)
    if len(set(labels)) == len(labels):
        assert g.players == labels
    assert [tuple(row) for row in g.terminal_payoffs.tolist()] == _pygambit_terminal_payoffs(G)
    assert g.has_perfect_recall() == G.is_perfect_recall
    if G.is_perfect_recall:
        assert len(g.subgame_roots()) == len(list(G.subgames))
    # infosets: same partition of the nodes (pygambit lists nodes in preorder too)
    pos = {node: k for k, node in enumerate(G.nodes)}
    theirs = sorted(tuple(sorted(pos[m] for m in infoset.members)) for infoset in G.infosets)
    assert theirs == sorted(g.infoset_members)


def test_corpus_reduced_normal_form_agrees_with_pygambit(efg_path: Path) -> None:
    G = _pygambit_game(efg_path)
    g = gt.read_game(efg_path)
    try:
        nf = g.to_normal_form()
    except GameSizeError:
        pytest.skip("reduced normal form too large (cs.efg, ttt.efg)")
    players = list(G.players)
    assert list(nf.shape) == [len(list(p.strategies)) for p in players]
    pos = {node: k for k, node in enumerate(G.nodes)}
    perms = []
    for i, p in enumerate(players):
        mine = list(g.reduced_strategies(i))
        theirs = []
        for s in p.strategies:
            d = {}
            for infoset in p.infosets:
                act = s.action(infoset)
                if act is not None:
                    h = int(g.node_infoset[pos[list(infoset.members)[0]]])
                    d[g.infoset_names[h]] = act.label
            theirs.append(d)
        perms.append([mine.index(d) for d in theirs])
    arrays = G.to_arrays()
    for j in range(len(players)):
        expected = np.array([[Fraction(str(x)) for x in np.asarray(arrays[j], dtype=object).reshape(-1)]])
        got = nf.payoffs[..., j][np.ix_(*perms)].reshape(-1)
        assert got.tolist() == expected.reshape(-1).tolist()


# --------------------------------------------------------------------------- reader details
SMALL = 'EFG 2 R "Small" { "A" "B" }\n"a comment"\n\np "root" 1 1 "I" { "L" "R" } 0\nt "l" 1 "o1" { 1, -1 }\np "" 2 1 "J" { "x" "y" } 1 "o1" { 1, -1 }\nt "" 2 "o2" { 2 3 }\nt "" 0\n'


def test_reader_details() -> None:
    g = gt.loads_game(SMALL)
    assert g.title == "Small\n\na comment"
    assert g.players == ("A", "B")
    assert g.node_labels == ("root", "l", "", "", "")
    assert g.infoset_names == ("I", "J")
    assert g.node_payoffs(2) == (Fraction(1), Fraction(-1))  # outcome at a non-terminal node
    assert [tuple(r) for r in g.terminal_payoffs.tolist()] == [(1, -1), (3, 2), (1, -1)]
    assert g.outcome_labels == ("o1", "o2")
    assert loads_efg(SMALL, exact=False).arithmetic == "float"


def test_float_header_and_writer() -> None:
    g = gt.loads_game(SMALL.replace("EFG 2 R", "EFG 2 D"))
    assert g.arithmetic == "float"
    text = gt.dumps_game(g)
    assert text.startswith("EFG 2 D")
    assert gt.loads_game(text) == g


def test_quoted_strings_and_escapes() -> None:
    text = 'EFG 2 R "a \\"quoted\\" title\\\\" { "P\nQ" }\n""\nt "" 1 "" { 1 }\n'
    g = gt.loads_game(text)
    assert g.title == 'a "quoted" title\\'
    assert g.players == ("P\nQ",)
    assert gt.loads_game(gt.dumps_game(g)).players == ("P\nQ",)


def test_exact_numbers() -> None:
    text = 'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" 0.25 "b" 3/4 } 0\nt "" 1 "" { 1e-3 }\nt "" 2 "" { -2/3 }\n'
    g = gt.loads_game(text)
    assert g.chance_probabilities(0) == (Fraction(1, 4), Fraction(3, 4))
    assert g.terminal_payoff(1) == (Fraction(1, 1000),)
    assert g.terminal_payoff(2) == (Fraction(-2, 3),)


def test_details_may_be_omitted_after_first_use() -> None:
    text = (
        'EFG 2 R "" { "A" "B" }\n""\n'
        'c "" 1 "" { "H" 1/2 "T" 1/2 } 0\n'
        'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "w" { 1, 0 }\nt "" 2 "l" { 0, 1 }\n'
        'p "" 1 1 { "a" "b" } 0\nt "" 2\nt "" 1\n'
    )
    g = gt.loads_game(text)
    assert g.num_infosets == 1 and g.infoset_members == ((1, 4),)
    assert [tuple(r) for r in g.terminal_payoffs.tolist()] == [(1, 0), (0, 1), (0, 1), (1, 0)]


def test_repeated_labels_are_made_distinct() -> None:
    g = gt.loads_game('EFG 2 R "" { "" "" }\n""\np "" 1 1 "" { "" "" } 0\nt "" 0\nt "" 0\n')
    assert g.players == ("Player 1", "Player 2")
    assert g.infoset_actions == (("1", "2"),)


BAD = [
    pytest.param("", 1, "expected 'EFG'", id="empty"),
    pytest.param('NFG 1 R "x" { "A" } { 1 }\n1\n', 1, "strategic-form", id="nfg-file"),
    pytest.param('EFG 3 R "" { "A" }', 1, "version", id="version"),
    pytest.param('EFG 2 Q "" { "A" }', 1, "'R' or 'D'", id="letter"),
    pytest.param('EFG 2 R "" { }\n', 1, "no players", id="no-players"),
    pytest.param('EFG 2 R "" { "A" }\n""\n', 3, "no nodes", id="no-nodes"),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 0\n', 5, "ends early", id="missing-child"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 0\nt "" 0\n', 4, "after the end of the tree", id="extra-node"),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 2 1 "" { "a" } 0\nt "" 0\n', 3, "player number 2", id="bad-player"),
    pytest.param('EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0\n', 3, "sum to 5/6", id="chance-sum"),
    pytest.param('EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" -1/2 "b" 3/2 } 0\nt "" 0\nt "" 0\n', 3, "negative", id="negative-prob"),
    pytest.param(
        'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/2 } 0\np "" 1 1 "" { "x" "y" } 0\nt "" 0\nt "" 0\n'
        'p "" 1 1 "" { "x" "z" } 0\nt "" 0\nt "" 0\n',
        7, "actions", id="infoset-labels-disagree",
    ),
    pytest.param(
        'EFG 2 R "" { "A" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/2 } 0\np "" 1 1 "" { "x" "y" } 0\nt "" 0\nt "" 0\n'
        'p "" 1 1 "" { "x" } 0\nt "" 0\n',
        7, "actions", id="infoset-sizes-disagree",
    ),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 1 1 0\nt "" 0\n', 3, "used before its actions", id="infoset-undefined"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 3\n', 3, "outcome 3 is used before", id="outcome-undefined"),
    pytest.param('EFG 2 R "" { "A" "B" }\n""\nt "" 1 "" { 1 }\n', 3, "1 payoffs, expected 2", id="short-outcome"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 1 "" { 1 2 }\n', 3, "more than 1 payoffs", id="long-outcome"),
    pytest.param(
        'EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 }\nt "" 1 "" { 2 }\n',
        5, "defined on line 4", id="outcome-disagrees",
    ),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 1 "" { 1.2.3 }\n', 3, "'1.2.3' is not a number", id="bad-number"),
    pytest.param('EFG 2 R "" { "A" }\n""\nx "" 0\n', 3, "expected a node", id="unknown-node-type"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 0 }\n', 3, "expected a node", id="stray-brace"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "unterminated 0\n', 3, "unterminated", id="unterminated"),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { } 0\n', 3, "no actions", id="no-actions"),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 1 1 "" { "a" "a" } 0\nt "" 0\nt "" 0\n', None, "", id="dup-actions-ok"),
    pytest.param('EFG 2 R "" { "A" }\n""\nt "" 0 "" { 1 }\n', 3, "outcome 0", id="outcome-zero-payoffs"),
    pytest.param('EFG 2 R "" { "A" }\n""\np "" 1 x "" { "a" } 0\nt "" 0\n', 3, "information set number", id="bad-infoset-number"),
]


@pytest.mark.parametrize("text, line, needle", BAD)
def test_malformed_files(text: str, line: int | None, needle: str) -> None:
    if line is None:
        gt.loads_game(text, "efg", source="bad.efg")  # accepted (labels made distinct)
        return
    with pytest.raises(GameFormatError) as info:
        gt.loads_game(text, "efg", source="bad.efg")
    err = info.value
    assert err.source == "bad.efg"
    assert err.line == line, str(err)
    assert needle in str(err)
    assert str(err).startswith(f"bad.efg:{line}:")


def test_error_names_column() -> None:
    with pytest.raises(GameFormatError, match=r"^bad.efg:3: .*'x' is not a number.*\(column 16\)$") as info:
        gt.loads_game('EFG 2 R "" { "A" "B" }\n""\nt "" 1 "" { 1, x }\n', "efg", source="bad.efg")
    assert info.value.column == 16  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- fuzzing
FUZZ_FILES = [p for p in EFG_FILES if p.stat().st_size < 5000][:60]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.integers(min_value=0, max_value=max(len(FUZZ_FILES) - 1, 0)),
    cut=st.floats(min_value=0, max_value=1),
    edits=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), st.sampled_from(['"', "{", "}", "p", "c", "t", "0", "-1",
                                                                     "1/0", "x", " ", "\n", "\\", ",", "9", ""])),
        max_size=4,
    ),
)
def test_fuzzed_files_raise_only_format_errors(which: int, cut: float, edits: list[tuple[float, str]]) -> None:
    if not FUZZ_FILES:  # skip, or fail under CI=true
        require_dir(GAMBIT_GAMES_DIR, "Gambit game corpus")
        pytest.fail("no small .efg files in the corpus")
    text = read_text(FUZZ_FILES[which])
    text = text[: max(1, int(len(text) * (0.3 + 0.7 * cut)))] if cut < 0.5 else text
    for where, insert in edits:
        k = int(len(text) * where)
        text = text[:k] + insert + text[k + 1:]
    try:
        g = gt.loads_game(text, "efg", source="fuzz.efg")
    except GameFormatError as exc:
        assert exc.source == "fuzz.efg"
        return
    assert isinstance(g, ExtensiveGame)
    assert gt.loads_game(gt.dumps_game(g)) == g


# --------------------------------------------------------------------------- dispatch
def test_read_write_dispatch(tmp_path: Path) -> None:
    g = examples.one_card_poker()
    path = tmp_path / "poker.efg"
    gt.write_game(g, path)
    assert path.read_text().startswith("EFG 2 R")
    assert gt.read_game(path) == g
    assert gt.read_game(io.StringIO(path.read_text()), format="efg") == g
    with open(path, "rb") as fh:
        assert gt.read_game(fh, format="efg") == g
    gt.write_game(g, tmp_path / "poker.json")
    assert gt.read_game(tmp_path / "poker.json") == g
    assert gt.loads_game(gt.dumps_game(g)) == g  # format sniffed from 'EFG'
    with pytest.raises(gt.GameError, match="to_normal_form"):
        gt.dumps_game(g, "nfg")
    with pytest.raises(gt.GameError, match="extensive-form"):
        gt.dumps_game(gt.NormalFormGame.zero_sum([[1]]), "efg")


def test_symbolic_games_cannot_be_written_as_efg() -> None:
    import sympy

    g = gt.ExtensiveGame.from_tree(gt.tree.decision("A", {"a": (sympy.Symbol("x"),), "b": (0,)}))
    assert g.is_symbolic()
    with pytest.raises(gt.GameError, match="substitute"):
        gt.dumps_game(g, "efg")


def test_deep_tree_round_trips_through_efg() -> None:
    g = examples.centipede(3000)
    assert gt.loads_game(gt.dumps_game(g)) == g
