"""Known answers from the peers' test suites and documentation that the engine can now express:
Lyapunov values of mixed profiles (strategic form), agent-form Lyapunov values of behaviour
profiles, per-player regrets and epsilon-Nash verdicts, and pure agent-form equilibria of trees.

Every case names its source: the file of the peer's repository (and the test in it) where the
number is stated. The games are the files of the Gambit corpus (``../shared/games/gambit``)
that those tests read (``tests/test_games/...`` in Gambit's repository), or matrices written
in the peer's documentation. Profiles follow the peer's order (players, then strategies or
information sets in file order). Values were restated here from the sources, not computed by
the engine. Only the pure agent-form cases of Gambit's ``ENUMPURE_AGENT_CASES`` also run
pygambit live (on the same game) as a cross-check of the stated answers; nashpy and QuantEcon
are not called.
"""

from __future__ import annotations

import math
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest

import gametheory as gt
from gametheory import ExtensiveGame, GameError, NormalFormGame
from gametheory.extensive.agent import agent_lyapunov_value, agent_pure_equilibria
from gametheory.normal.verify import epsilon_nash, lyapunov_value

GAMBIT_MIXED = "gambit tests/test_mixed.py"
GAMBIT_BEHAV = "gambit tests/test_behav.py"
GAMBIT_NASH = "gambit tests/test_nash.py"

ZEROS = "tests/test_games/2x2_bimatrix_all_zero_payoffs.nfg"
COORD = "tests/test_games/coordination_4x4_payoff.nfg"
FAROL = "tests/test_games/el_farol_bar.efg"
CUT = "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg"
MIXED_BEHAV = "tests/test_games/mixed_behavior_game.efg"
POKER = "tests/test_games/stripped_down_poker.efg"

H, T, Q, U = F(1, 2), F(1, 3), F(1, 4), None  # U: the uniform profile

# --------------------------------------------------------------------------------------------
# Strategic-form Lyapunov values: Gambit's test_liap_value_reference (26 cases). "float" cases
# are the same profiles in floating point; the engine checks them in float arithmetic.
LIAP_CASES: list[tuple[str, Any, Any, str]] = [
    (ZEROS, [[F(3, 4), Q], [F(2, 5), F(3, 5)]], 0, "exact"),
    (ZEROS, [[H, H], [H, H]], 0, "exact"),
    (ZEROS, [[1, 0], [1, 0]], 0, "exact"),
    (ZEROS, [[Q, F(3, 4)], [F(2, 5), F(3, 5)]], 0, "float"),
    (COORD, U, 0, "exact"),
    (COORD, U, 0, "float"),
    (COORD, [[1, 0, 0, 0], [1, 0, 0, 0]], 0, "exact"),
    (COORD, [[1, 0, 0, 0], [1, 0, 0, 0]], 0, "float"),
    (COORD, [[T, H, F(1, 12), F(1, 12)], [F(3, 8), F(1, 8), Q, Q]], F(245, 2304), "exact"),
    (COORD, [[T, H, F(1, 12), F(1, 12)], [F(3, 8), F(1, 8), Q, Q]], F(245, 2304), "float"),
    (COORD, [[T, 0, 0, F(2, 3)], [1, 0, 0, 0]], F(5, 9), "exact"),
    (COORD, [[T, 0, 0, F(2, 3)], [1, 0, 0, 0]], F(5, 9), "float"),
    (FAROL, [[H, H]] * 5, 0, "exact"),
    (FAROL, [[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], 0, "exact"),
    (CUT, [[1, 0], [1, 0], [1, 0]], 18, "exact"),
    (CUT, [[0, 1], [0, 1], [0, 1]], 18, "exact"),
    (CUT, [[1, 0], [0, 1], [0, 1]], 9, "exact"),
    (CUT, [[0, 1], [1, 0], [1, 0]], 9, "exact"),
    (CUT, [[1, 0], [0, 1], [0, 1]], 9, "exact"),  # listed twice in the source
    (CUT, [[1, 1], [1, 0], [0, 0]], 9, "unnormalised"),  # not a profile: the engine refuses it
    (CUT, [[H, H], [1, 0], [1, 0]], F(33, 4), "exact"),
    (CUT, [[1, 0], [H, H], [1, 0]], 4, "exact"),
    (CUT, [[1, 0], [1, 0], [H, H]], F(33, 4), "exact"),
    (CUT, [[1, 0], [0, 1], [1, 0]], 0, "exact"),
    (CUT, [[0, 1], [1, 0], [0, 1]], 0, "exact"),
    (CUT, U, 0, "exact"),
]

# Per-player regrets: Gambit's test_player_regret_max_regret_reference (the non-zero ones)
REGRET_CASES: list[tuple[str, Any, list[Any]]] = [
    (COORD, [[T, H, F(1, 12), F(1, 12)], [F(3, 8), F(1, 8), Q, Q]], [F(7, 48), F(13, 48)]),
    (COORD, [[T, 0, 0, F(2, 3)], [1, 0, 0, 0]], [F(2, 3), T]),
    (CUT, [[1, 0], [1, 0], [1, 0]], [1, 4, 1]),
    (CUT, [[0, 1], [0, 1], [0, 1]], [1, 4, 1]),
    (CUT, [[1, 0], [0, 1], [0, 1]], [0, 0, 3]),
    (CUT, [[0, 1], [1, 0], [1, 0]], [0, 0, 3]),
    (CUT, [[0, 1], [0, 1], [1, 0]], [3, 0, 0]),
    (CUT, [[1, 0], [1, 0], [0, 1]], [3, 0, 0]),
    (CUT, [[H, H], [1, 0], [1, 0]], [H, 2, 2]),
    (CUT, [[1, 0], [H, H], [1, 0]], [0, 2, 0]),
    (CUT, [[1, 0], [1, 0], [H, H]], [2, 2, H]),
]

# Agent-form Lyapunov values: Gambit's test_agent_liap_value_reference (18 cases). Profiles
# list the information sets in file order: mixed_behavior_game (1:1, 2:1, 3:1), stripped-down
# poker (Alice with the King, Alice with the Queen, Bob).
AGENT_LIAP_CASES: list[tuple[str, Any, Any, str]] = [
    (MIXED_BEHAV, U, F(1, 16), "exact"),
    (MIXED_BEHAV, U, F(1, 16), "float"),
    (MIXED_BEHAV, [[1, 0], [1, 0], [1, 0]], 0, "float"),  # U1 U2 U3
    (MIXED_BEHAV, [[1, 0], [1, 0], [1, 0]], 0, "exact"),
    (MIXED_BEHAV, [[1, 0], [0, 1], [0, 1]], 0, "exact"),  # U1 D2 D3
    (MIXED_BEHAV, [[1, 0], [0, 1], [0, 1]], 0, "float"),
    (MIXED_BEHAV, [[0, 1], [1, 0], [0, 1]], 0, "exact"),  # D1 U2 D3
    (MIXED_BEHAV, [[0, 1], [1, 0], [0, 1]], 0, "float"),
    (MIXED_BEHAV, [[0, 1], [0, 1], [1, 0]], 0, "exact"),  # D1 D2 U3
    (MIXED_BEHAV, [[0, 1], [0, 1], [1, 0]], 0, "float"),
    (MIXED_BEHAV, [[F(2, 5), F(3, 5)], [H, H], [T, F(2, 3)]], 0, "exact"),  # the mixed equilibrium
    (MIXED_BEHAV, [[0, 1], [0, 1], [0, 1]], 29, "float"),  # D1 D2 D3
    (MIXED_BEHAV, [[0, 1], [0, 1], [0, 1]], 29, "exact"),
    (POKER, U, F(15, 8), "exact"),
    (POKER, U, F(15, 8), "float"),
    (POKER, [[1, 0], [T, F(2, 3)], [F(2, 3), T]], 0, "exact"),  # the equilibrium
    (POKER, [[1, 0], [1, 0], [1, 0]], 1, "exact"),  # bet, bet, call
    (POKER, [[1, 0], [1, 0], [1, 0]], 1, "float"),
]


def _load(rel: str, gambit_games_dir: Path) -> Any:
    return gt.read_game(gambit_games_dir / rel)


def _strategic(game: Any) -> NormalFormGame:
    if isinstance(game, ExtensiveGame):
        nf = game.to_normal_form(reduced=False)
        assert isinstance(nf, NormalFormGame)
        return nf
    assert isinstance(game, NormalFormGame)
    return game


def _profile(shape: tuple[int, ...], data: Any, kind: str) -> list[list[Any]]:
    if data is None:
        data = [[F(1, n)] * n for n in shape]
    if kind == "float":
        return [[float(x) for x in v] for v in data]
    return [[F(x) for x in v] for v in data]


def _check_value(got: Any, expected: Any, kind: str) -> None:
    if kind == "float":
        assert isinstance(got, float)
        assert got == pytest.approx(float(expected), abs=1e-13)
    else:
        assert got == F(expected) and isinstance(got, F)


@pytest.mark.parametrize("rel, data, expected, kind", LIAP_CASES, ids=[f"liap{k}-{c[0].split('/')[-1]}" for k, c in enumerate(LIAP_CASES)])
def test_gambit_liap_value_reference(rel: str, data: Any, expected: Any, kind: str, gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_mixed.py, ``test_liap_value_reference``."""
    g = _strategic(_load(rel, gambit_games_dir))
    if kind == "unnormalised":
        # Gambit evaluates vectors that are not probability distributions; the engine refuses them
        with pytest.raises(GameError, match="sum to"):
            lyapunov_value(g, _profile(g.shape, data, "exact"))
        return
    _check_value(lyapunov_value(g, _profile(g.shape, data, kind)), expected, kind)
    check = epsilon_nash(g, _profile(g.shape, data, kind))
    assert check.is_epsilon_nash == (expected == 0)


@pytest.mark.parametrize("rel, data, regrets", REGRET_CASES, ids=[f"regret{k}" for k in range(len(REGRET_CASES))])
def test_gambit_player_regret_reference(rel: str, data: Any, regrets: list[Any], gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_mixed.py, ``test_player_regret_max_regret_reference``: the
    per-player regrets, and so the epsilon-Nash verdict at epsilon = the largest of them."""
    g = _strategic(_load(rel, gambit_games_dir))
    prof = _profile(g.shape, data, "exact")
    top = max(F(r) for r in regrets)
    check = epsilon_nash(g, prof, top)
    assert list(check.regrets.values()) == [F(r) for r in regrets]
    assert check.max_regret == top and check.is_epsilon_nash
    assert not epsilon_nash(g, prof, top - F(1, 10**9)).is_epsilon_nash


@pytest.mark.parametrize("rel, data, expected, kind", AGENT_LIAP_CASES, ids=[f"agent{k}-{c[0].split('/')[-1]}" for k, c in enumerate(AGENT_LIAP_CASES)])
def test_gambit_agent_liap_value_reference(rel: str, data: Any, expected: Any, kind: str, gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_behav.py, ``test_agent_liap_value_reference``."""
    g = _load(rel, gambit_games_dir)
    assert isinstance(g, ExtensiveGame)
    shape = tuple(len(a) for a in g.infoset_actions)
    # the source lists information sets player by player, in file order
    order = [h for p in range(g.num_players) for h in g.player_infosets[p]]
    dists = _profile(tuple(shape[h] for h in order), data, kind)
    by_id = dict(zip(order, dists))
    game = g.to_float() if kind == "float" else g
    _check_value(agent_lyapunov_value(game, [by_id[h] for h in range(g.num_infosets)]), expected, kind)


def test_gambit_agent_versus_strategic_regret(gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_behav.py, ``test_agent_max_regret_versus_non_agent``: in
    Myerson (1991) figure 4.2 the profile (B1, Z1, W2) has agent Lyapunov value 0 but strategic
    regret 1 (player 1 gains by changing both moves at once): an agent-form equilibrium that is
    not a Nash equilibrium."""
    g = _load("catalog/books/myerson1991/fig4_2.efg", gambit_games_dir)
    choice = {"Player 1:1": "B1", "Player 1:2": "Z1", "Player 2:1": "W2"}
    b = g.behavior_profile({h: {a: 1} for h, a in choice.items()})
    assert agent_lyapunov_value(g, b) == 0
    assert max(g.regrets(b)) == 1
    assert choice in [dict(c) for c in agent_pure_equilibria(g).choices]
    # mixed_behavior_game under the uniform profile: regret 1/4 and Lyapunov 1/16 both ways
    m = _load(MIXED_BEHAV, gambit_games_dir)
    uni = m.uniform_behavior()
    assert agent_lyapunov_value(m, uni) == F(1, 16)
    assert max(m.regrets(uni)) == F(1, 4)
    assert lyapunov_value(m.to_normal_form(reduced=False), [[H, H]] * 3) == F(1, 16)


# --------------------------------------------------------------------------------------------
# Pure agent-form equilibria
def _pure_agent(rel: str, gambit_games_dir: Path) -> tuple[ExtensiveGame, list[dict[str, str]]]:
    g = _load(rel, gambit_games_dir)
    return g, [dict(c) for c in agent_pure_equilibria(g).choices]


def test_gambit_enumpure_agent_stripped_down_poker(gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_nash.py, ``test_enumpure_agent``: no pure agent equilibrium."""
    assert _pure_agent(POKER, gambit_games_dir)[1] == []


def test_gambit_enumpure_agent_myerson_poker(gambit_games_dir: Path) -> None:
    """Source: Gambit 16.1, tests/test_nash.py, ``TestNash.test_enumpure_agent`` on poker.efg
    (Myerson's poker, doc/poker.efg of the corpus): no pure agent equilibrium."""
    assert _pure_agent("doc/poker.efg", gambit_games_dir)[1] == []


def test_gambit_mixed_behavior_game_four_pure_equilibria(gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_behav.py, ``test_agent_liap_value_reference``, whose comments
    name the game's four pure Nash equilibria U1 U2 U3, U1 D2 D3, D1 U2 D3 and D1 D2 U3 (each
    player moves once, so agent form and strategic form coincide)."""
    g, found = _pure_agent(MIXED_BEHAV, gambit_games_dir)
    names = g.infoset_names
    want = [("U1", "U2", "U3"), ("U1", "D2", "D3"), ("D1", "U2", "D3"), ("D1", "D2", "U3")]
    assert sorted(tuple(c[n] for n in names) for c in found) == sorted(want)


def test_gambit_el_farol_pure_profile_is_an_equilibrium(gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_mixed.py, ``test_liap_value_reference``: in the El Farol bar
    game (five players) two going and three staying has Lyapunov value 0."""
    g, found = _pure_agent(FAROL, gambit_games_dir)
    want = dict(zip(g.infoset_names, ["GO", "GO", "STAY", "STAY", "STAY"]))
    assert want in found


def test_absent_minded_driver_agent_equilibrium(gambit_games_dir: Path) -> None:
    """Piccione and Rubinstein (1997, GEB 20) / Gilboa (1997, GEB 20), as catalogued by Gambit
    (catalog/journals/geb/gilboa1997/fig1.efg: exit at the first exit 0, at the second 4,
    continue past both 1). A pure agent who changes its action changes it at both nodes of the
    one information set: continuing (payoff 1) beats exiting (0), so "continue" is the only pure
    agent equilibrium, although a one-shot comparison at the second exit would favour exiting
    (agent Lyapunov value 4)."""
    g, found = _pure_agent("catalog/journals/geb/gilboa1997/fig1.efg", gambit_games_dir)
    assert found == [{g.infoset_names[0]: "B"}]
    assert agent_lyapunov_value(g, g.behavior_profile([[1, 0]])) == 4


def test_entry_deterrence_agent_equilibria() -> None:
    """Selten (1975, IJGT 4) chain-store stage: two pure agent equilibria, (out, fight) with an
    untested threat and (in, share); only the second is subgame perfect."""
    tree = gt.tree.decision("Entrant", {"out": (0, 2), "in": gt.tree.decision("Incumbent", {"fight": (-1, -1), "share": (1, 1)})})
    g = ExtensiveGame.from_tree(tree)
    found = [tuple(c.values()) for c in agent_pure_equilibria(g).choices]
    assert sorted(found) == sorted([("out", "fight"), ("in", "share")])


# --------------------------------------------------------------------------------------------
# nashpy and QuantEcon documentation/test cases on best responses and epsilon-Nash
def test_nashpy_check_best_responses_prisoners_dilemma() -> None:
    """Source: nashpy docs/how-to/check-best-responses.rst: in the prisoner's dilemma
    A = [[3, 0], [5, 1]], B = [[3, 5], [0, 1]], sigma_r = (0, 1) is a best response to
    sigma_c = (1, 0) but not the other way round (``is_best_response`` gives (True, False))."""
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    check = epsilon_nash(pd, [[0, 1], [1, 0]], 0)
    assert check.passed_players == ("Player 1",)
    assert not check.is_epsilon_nash
    assert check.regrets == {"Player 1": 0, "Player 2": 1}


def test_quantecon_mclennan_tourky_epsilon_nash() -> None:
    """Source: QuantEcon.py, quantecon/game_theory/tests/test_mclennan_tourky.py:
    ``test_is_epsilon_nash_no_indptr`` (the profile (row 1, column 1) of the 3x2 bimatrix
    [[(3, 3), (3, 2)], [(2, 2), (5, 6)], [(0, 3), (6, 1)]] is a 1e-5-Nash equilibrium) and
    ``test_best_response_selection_no_indptr`` (against (1/3, 1/3, 1/3) and (1/2, 1/2) the best
    responses are row 2 and column 2)."""
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 2], [2, 6], [3, 1]]
    g = NormalFormGame.from_bimatrix(A, B)
    assert epsilon_nash(g, [[1.0, 0.0, 0.0], [1.0, 0.0]], 1e-5).is_epsilon_nash
    assert epsilon_nash(g, [[1, 0, 0], [1, 0]], 0).is_epsilon_nash  # in fact exactly Nash
    check = epsilon_nash(g, [[T, T, T], [H, H]])
    assert check.best_responses == {"Player 1": ("2",), "Player 2": ("2",)}


def test_peer_ledger_gambit_counts() -> None:
    """docs/peer-cases.md states, for the Lyapunov cases and Gambit's pure agent-form cases,
    the peer's count, the number reproduced here and the test names; they must equal the case
    lists above (every peer case reproduced, ids named after the peer's)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "peer-cases.md").read_text(encoding="utf-8")
    rows = (
        ("Lyapunov value, strategic form", LIAP_CASES, 26, "test_gambit_liap_value_reference"),
        ("Lyapunov value, agent form", AGENT_LIAP_CASES, 18, "test_gambit_agent_liap_value_reference"),
        ("Agent-form pure equilibria", ENUMPURE_AGENT_CASES, 8, "test_gambit_enumpure_agent_solve_cases"),
    )
    for label, cases, peer, test in rows:
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        cells = [c.strip() for c in row.split("|")]
        assert (int(cells[3]), int(cells[4])) == (peer, len(cases)), label
        assert test in cells[5] and test in globals(), label
    assert [c[0] for c in ENUMPURE_AGENT_CASES] == [f"test_enumpure_agent_{k}" for k in range(1, 9)]


# --------------------------------------------------------------------------------------------
# Gambit's ENUMPURE_AGENT_CASES (tests/test_nash.py, run by ``test_nash_agent_solver`` with
# ``pygambit.nash.enumpure_agent_solve``): all eight cases, ids ``test_enumpure_agent_1..8``.
# An expected profile is stated as Gambit writes it: one list per player (in player order), in
# it one distribution per information set of that player in Gambit's numbering (the ``p:k`` of
# the .efg file, i.e. pygambit's ``player.infosets``). Information set k of player p is
# ``game.player_infosets[p][k]`` here; the test checks with pygambit that this is the same
# information set (same player, same actions, and for file games the same member nodes), and
# that pygambit, run live on the same game, finds the same list.
def _bimatrix_tree(A: list[list[int]], B: list[list[int]], title: str) -> ExtensiveGame:
    """The tree of a bimatrix game as Gambit's test helper lays it out: player "1" moves first
    with actions "0".."m-1", player "2" then moves in one information set with "0".."n-1"."""
    def column(i: int) -> Any:
        return gt.tree.decision("2", {str(j): (A[i][j], B[i][j]) for j in range(len(A[0]))}, infoset="2")

    root = gt.tree.decision("1", {str(i): column(i) for i in range(len(A))})
    return ExtensiveGame.from_tree(root, players=["1", "2"], title=title)


def _trust_tree(unique: bool) -> ExtensiveGame:
    """Kreps (1990) one-shot trust game of Gambit's ``create_one_shot_trust_efg``; its
    ``unique_NE_variant`` pays the buyer 1/2 instead of -1 when the seller abuses."""
    abuse = (H, 2) if unique else (-1, 2)
    root = gt.tree.decision("Buyer", {"Trust": gt.tree.decision("Seller", {"Honor": (1, 1), "Abuse": abuse}), "Not trust": (0, 0)})
    return ExtensiveGame.from_tree(root, players=["Buyer", "Seller"], exact=True)


EYE3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
# Gambit's create_EFG_for_6x6_bimatrix_with_long_LH_paths_and_unique_eq (von Stengel's long
# Lemke-Howson paths example); its unique equilibrium is mixed.
LONG_LH_A = [
    [-180, 72, -333, 297, -153, 270],
    [-30, 17, -33, 42, -3, 20],
    [-81, 36, -126, 126, -36, 90],
    [90, -36, 126, -126, 36, -81],
    [20, -3, 42, -33, 17, -30],
    [270, -153, 297, -333, 72, -180],
]
LONG_LH_B = [
    [72, 36, 17, -3, -36, -153],
    [-180, -81, -30, 20, 90, 270],
    [297, 126, 42, -33, -126, -333],
    [-333, -126, -33, 42, 126, 297],
    [270, 90, 20, -30, -81, -180],
    [-153, -36, -3, 17, 36, 72],
]

#: (peer id, game: a corpus file or a builder key, expected profiles in Gambit's layout).
#: Myerson's figure 4.2 is Gambit's tests/test_games/myerson_fig_4_2.efg; the corpus holds the
#: same tree (same actions, payoffs and information sets) as catalog/books/myerson1991/fig4_2.efg.
ENUMPURE_AGENT_CASES: list[tuple[str, str, list[Any]]] = [
    ("test_enumpure_agent_1", "tests/test_games/two_player_perfect_info_win_lose.efg", [
        [[[1, 0], [1, 0]], [[0, 1], [1, 0]]],
        [[[0, 1], [1, 0]], [[1, 0], [1, 0]]],
        [[[0, 1], [1, 0]], [[1, 0], [0, 1]]],
        [[[0, 1], [1, 0]], [[0, 1], [1, 0]]],
        [[[0, 1], [1, 0]], [[0, 1], [0, 1]]],
    ]),
    ("test_enumpure_agent_2", POKER, []),
    ("test_enumpure_agent_3", "trust", [[[[0, 1]], [[0, 1]]]]),
    ("test_enumpure_agent_4", "trust-unique", [[[[1, 0]], [[0, 1]]]]),
    ("test_enumpure_agent_5", "coordination-3", [
        [[[1, 0, 0]], [[1, 0, 0]]],
        [[[0, 1, 0]], [[0, 1, 0]]],
        [[[0, 0, 1]], [[0, 0, 1]]],
    ]),
    ("test_enumpure_agent_6", "long-lh-6x6", []),
    ("test_enumpure_agent_7", MIXED_BEHAV, [
        [[[1, 0]], [[1, 0]], [[1, 0]]],
        [[[1, 0]], [[0, 1]], [[0, 1]]],
        [[[0, 1]], [[1, 0]], [[0, 1]]],
        [[[0, 1]], [[0, 1]], [[1, 0]]],
    ]),
    ("test_enumpure_agent_8", "catalog/books/myerson1991/fig4_2.efg", [
        [[[1, 0], [0, 1]], [[0, 1]]],
        [[[0, 1], [0, 1]], [[1, 0]]],
    ]),
]


def _ours_game(key: str, gambit_games_dir: Path) -> ExtensiveGame:
    builders = {
        "trust": lambda: _trust_tree(False),
        "trust-unique": lambda: _trust_tree(True),
        "coordination-3": lambda: _bimatrix_tree(EYE3, EYE3, "3x3 coordination game"),
        "long-lh-6x6": lambda: _bimatrix_tree(LONG_LH_A, LONG_LH_B, "6x6 long Lemke-Howson paths"),
    }
    g = builders[key]() if key in builders else _load(key, gambit_games_dir)
    assert isinstance(g, ExtensiveGame)
    return g


def _gambit_game(gbt: Any, key: str, gambit_games_dir: Path) -> Any:
    """The same game built with pygambit's own API (or read by pygambit from the same file)."""
    if key.endswith(".efg"):
        return gbt.read_efg(str(gambit_games_dir / key))
    if key.startswith("trust"):
        G = gbt.Game.new_tree(players=["Buyer", "Seller"], title="One-shot trust game")
        G.append_move(G.root, "Buyer", ["Trust", "Not trust"])
        G.append_move(G.root.children["Trust"], "Seller", ["Honor", "Abuse"])
        abuse = [gbt.Rational(1, 2), 2] if key == "trust-unique" else [-1, 2]
        G.set_outcome(G.root.children["Trust"].children["Honor"], G.add_outcome("Trustworthy", [1, 1]))
        G.set_outcome(G.root.children["Trust"].children["Abuse"], G.add_outcome("Untrustworthy", abuse))
        G.set_outcome(G.root.children["Not trust"], G.add_outcome("Opt-out", [0, 0]))
        return G
    A, B = (EYE3, EYE3) if key == "coordination-3" else (LONG_LH_A, LONG_LH_B)
    G = gbt.Game.new_tree(players=["1", "2"], title=key)
    G.append_move(G.root, "1", [str(i) for i in range(len(A))])
    G.append_move(list(G.root.children), "2", [str(j) for j in range(len(A[0]))])
    for i, node in enumerate(G.root.children):
        for j, leaf in enumerate(node.children):
            G.set_outcome(leaf, G.add_outcome(f"({i},{j})", [A[i][j], B[i][j]]))
    return G


def _gambit_layout_choice(g: ExtensiveGame, data: list[Any]) -> tuple[str, ...]:
    """A pure profile in Gambit's layout -> the chosen action at each of our information sets."""
    assert len(data) == g.num_players
    choice: dict[int, str] = {}
    for p, per_player in enumerate(data):
        assert len(per_player) == len(g.player_infosets[p])
        for k, dist in enumerate(per_player):
            h = g.player_infosets[p][k]
            assert sorted(dist) == [0] * (len(dist) - 1) + [1]
            choice[h] = g.infoset_actions[h][dist.index(1)]
    return tuple(choice[h] for h in range(g.num_infosets))


@pytest.mark.parametrize("peer_id, key, expected", ENUMPURE_AGENT_CASES, ids=[c[0] for c in ENUMPURE_AGENT_CASES])
def test_gambit_enumpure_agent_solve_cases(peer_id: str, key: str, expected: list[Any], gambit_games_dir: Path) -> None:
    """Source: Gambit, tests/test_nash.py, ``ENUMPURE_AGENT_CASES`` (``test_nash_agent_solver``
    with ``enumpure_agent_solve``; the case named by the id). The engine's pure agent-form
    equilibria are exactly the stated ones (as a set; each found once), each has agent
    Lyapunov value 0, and pygambit run live on the same game lists the same profiles in the
    peer's stated order."""
    g = _ours_game(key, gambit_games_dir)
    want = [_gambit_layout_choice(g, e) for e in expected]
    res = agent_pure_equilibria(g)
    assert res.exact and res.profiles_checked == math.prod(len(a) for a in g.infoset_actions)
    got = [tuple(c[g.infoset_names[h]] for h in range(g.num_infosets)) for c in res.choices]
    assert len(got) == len(set(got)) == len(want)
    assert set(got) == set(want)
    for prof in res.equilibria:
        assert agent_lyapunov_value(g, prof) == 0

    gbt = pytest.importorskip("pygambit")
    G = _gambit_game(gbt, key, gambit_games_dir)
    # the same information sets in the same layout: player labels and action labels agree
    assert [pl.label for pl in G.players] == list(g.players)
    for p, pl in enumerate(G.players):
        assert [[a.label for a in info.actions] for info in pl.infosets] == [list(g.infoset_actions[h]) for h in g.player_infosets[p]]
    if key.endswith(".efg"):  # the same member nodes (both list a file's nodes depth first)
        pos = {node: x for x, node in enumerate(G.nodes)}
        for p, pl in enumerate(G.players):
            assert [int(g.node_infoset[pos[next(iter(info.members))]]) for info in pl.infosets] == list(g.player_infosets[p])
    live = [[[[F(str(eq[a])) for a in info.actions] for info in pl.infosets] for pl in G.players]
            for eq in gbt.nash.enumpure_agent_solve(G).equilibria]
    assert live == [[[[F(x) for x in dist] for dist in per] for per in e] for e in expected], peer_id
