"""Known answers from the peers' test suites and documentation that the engine can now express:
Lyapunov values of mixed profiles (strategic form), agent-form Lyapunov values of behaviour
profiles, per-player regrets and epsilon-Nash verdicts, and pure agent-form equilibria of trees.

Every case names its source: the file of the peer's repository (and the test in it) where the
number is stated. The games are the files of the Gambit corpus (``../shared/games/gambit``)
that those tests read (``tests/test_games/...`` in Gambit's repository), or matrices written
in the peer's documentation. Profiles follow the peer's order (players, then strategies or
information sets in file order). Values were restated here from the sources, not computed by
the engine; nothing in this file calls pygambit, nashpy or QuantEcon.
"""

from __future__ import annotations

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
    """docs/peer-cases.md states the number of Lyapunov cases reproduced here; it must equal
    the case lists above."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "peer-cases.md").read_text(encoding="utf-8")
    for label, cases in (("strategic form", LIAP_CASES), ("agent form", AGENT_LIAP_CASES)):
        row = next(line for line in text.splitlines() if line.startswith(f"| Lyapunov value, {label} |"))
        assert int(row.split("|")[3]) == len(cases), label
