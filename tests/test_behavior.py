"""Behaviour profiles: payoffs, agent and strategic regrets, best responses; the reduced
normal form and Kuhn's theorem both ways. Cross-checked against the normal form and pygambit."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import GAMBIT_GAMES_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import BehaviorProfile, ExtensiveGame, GameError, GameSizeError
from gametheory.extensive import examples
from gametheory.extensive.behavior import behavior_profile, max_agent_regret, pure_behavior
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, TreeRecords
from gametheory.extensive.reduced import (
    behavior_to_mixed,
    count_reduced_strategies,
    mixed_to_behavior,
    reduced_strategies,
    to_normal_form,
)
from gametheory.extensive.tree import decision
from gametheory.symbolic import Parameter, SymbolicGame

POKER_EQ = {
    "Fred:1": {"Raise": 1},
    "Fred:2": {"Raise": "1/3", "Fold": "2/3"},
    "Alice:1": {"Meet": "2/3", "Pass": "1/3"},
}


# --------------------------------------------------------------------------- textbook trees
def test_one_card_poker_equilibrium() -> None:
    g = examples.one_card_poker()
    b = g.behavior_profile(POKER_EQ)
    assert b.is_exact and not b.is_pure()
    assert g.expected_payoffs(b) == (Fraction(1, 3), Fraction(-1, 3))
    assert g.regrets(b) == (0, 0)
    assert g.agent_regrets(b) == {"Fred:1": 0, "Alice:1": 0, "Fred:2": 0}
    assert g.is_nash(b)
    assert g.realization_probabilities(b).tolist() == [
        1, Fraction(1, 2), Fraction(1, 2), Fraction(1, 3), Fraction(1, 6), 0,
        Fraction(1, 2), Fraction(1, 6), Fraction(1, 9), Fraction(1, 18), Fraction(1, 3),
    ]
    f = g.to_float()
    assert f.expected_payoffs(b) == pytest.approx((1 / 3, -1 / 3))
    assert f.is_nash(b)
    assert str(b) == "Fred: Fred:1 {Raise: 1}; Fred:2 {Raise: 1/3, Fold: 2/3} | Alice: Alice:1 {Meet: 2/3, Pass: 1/3}"


def test_one_card_poker_uniform_profile() -> None:
    g = examples.one_card_poker()
    u = g.uniform_behavior()
    assert g.expected_payoffs(u) == (Fraction(1, 4), Fraction(-1, 4))
    assert g.regrets(u) == (Fraction(1, 4), Fraction(1, 4))
    assert g.agent_regrets(u) == {"Fred:1": Fraction(1, 8), "Alice:1": Fraction(1, 4), "Fred:2": Fraction(1, 8)}
    assert g.best_response(u, "Fred") == {"Fred:1": "Raise", "Fred:2": "Raise"}
    assert g.best_response(u, "Alice") == {"Alice:1": "Meet"}
    assert not g.is_nash(u)
    assert max_agent_regret(g, u) == Fraction(1, 4)


@pytest.mark.parametrize(
    "profile, nash, regrets",
    [
        pytest.param({"Entrant:1": "enter", "Incumbent:1": "accommodate"}, True, (0, 0), id="subgame-perfect"),
        pytest.param({"Entrant:1": "stay out", "Incumbent:1": "fight"}, True, (0, 0), id="incredible-threat"),
        pytest.param({"Entrant:1": "enter", "Incumbent:1": "fight"}, False, (1, 2), id="entry-fought"),
        pytest.param({"Entrant:1": "stay out", "Incumbent:1": "accommodate"}, False, (1, 0), id="entry-deterred-wrongly"),
    ],
)
def test_entry_deterrence_profiles(profile: dict[str, str], nash: bool, regrets: tuple[int, int]) -> None:
    g = examples.entry_deterrence()
    assert g.is_nash(profile) is nash
    assert g.regrets(profile) == regrets
    # the incredible threat is not punished ex ante (the incumbent's infoset is unreached)
    assert max_agent_regret(g, profile) == max(regrets)


@pytest.mark.parametrize(
    "q_right, nash",
    [pytest.param(0, True, id="3-plays-L"), pytest.param("1/4", True, id="boundary"), pytest.param("1/3", False, id="too-often-R")],
)
def test_selten_horse_equilibria(q_right: int | str, nash: bool) -> None:
    g = examples.selten_horse()
    q = Fraction(q_right)
    b = {"Player 1:1": "R", "Player 2:1": "R", "Player 3:1": {"R": q, "L": 1 - q}}
    assert g.is_nash(b) is nash
    assert g.expected_payoffs(b) == (1, 1, 1)
    assert g.agent_regrets(b)["Player 3:1"] == 0  # unreached


def test_selten_horse_imperfect_equilibrium() -> None:
    g = examples.selten_horse()
    b = {"Player 1:1": "L", "Player 2:1": "R", "Player 3:1": "R"}
    assert g.is_nash(b)
    # player 2's infoset is unreached: ex ante every action is a best response (first one taken),
    # although L would be the sequentially rational choice there
    assert g.best_response(b, "Player 2") == {"Player 2:1": "R"}
    assert g.regrets({**b, "Player 2:1": "L"})[1] == 0


def test_centipede() -> None:
    g = examples.centipede(6)
    take = {h: "take" for h in g.infosets()}
    assert g.is_nash(take) and g.expected_payoffs(take) == (2, 0)
    pas = {h: "pass" for h in g.infosets()}
    assert g.expected_payoffs(pas) == (6, 6)
    assert g.regrets(pas) == (0, 1)  # Bob takes in the last round: 7 instead of 6
    assert g.best_response(pas, "Bob") == {"round 2": "pass", "round 4": "pass", "round 6": "take"}


def test_absent_minded_driver_agent_equilibrium() -> None:
    g = ExtensiveGame.from_tree(
        decision("Driver", {
            "exit": (0,),
            "continue": decision("Driver", {"exit": (4,), "continue": (1,)}, infoset="X"),
        }, infoset="X"),
    )
    b = {"X": {"exit": "1/3", "continue": "2/3"}}
    assert g.expected_payoffs(b) == (Fraction(4, 3),)
    assert g.agent_regrets(b) == {"X": 0}
    # always continue: the agent compares 1*V(exit) + 1*V(exit at node 2) = 0 + 4 with 1 + 1
    assert g.agent_regrets({"X": "continue"}) == {"X": 2}
    with pytest.raises(GameError, match="perfect recall"):
        g.regrets(b)
    nf = g.to_normal_form()
    assert nf.strategies == (("exit", "continue"),)
    assert nf.payoffs.reshape(-1).tolist() == [0, 1]


# --------------------------------------------------------------------------- profiles
def test_profile_input_forms() -> None:
    g = examples.one_card_poker()
    b = g.behavior_profile(POKER_EQ)
    by_player = {"Fred": {"Fred:1": "Raise", "Fred:2": [Fraction(1, 3), Fraction(2, 3)]},
                 "Alice": {"Alice:1": {"Meet": Fraction(2, 3), "Pass": Fraction(1, 3)}}}
    assert g.behavior_profile(by_player) == b
    assert g.behavior_profile([[1, 0], ["2/3", "1/3"], ["1/3", "2/3"]]) == b
    assert g.behavior_profile(b.flat) == b
    assert g.behavior_profile({0: "Raise", 1: [Fraction(2, 3), Fraction(1, 3)], 2: {"Raise": Fraction(1, 3), "Fold": Fraction(2, 3)}}) == b
    assert b["Fred:2"] == {"Raise": Fraction(1, 3), "Fold": Fraction(2, 3)}
    assert b.action_probability("Alice:1", "Pass") == Fraction(1, 3)
    assert b.as_dict()["Alice"] == {"Alice:1": {"Meet": Fraction(2, 3), "Pass": Fraction(1, 3)}}
    assert b.support() == {"Fred:1": ("Raise",), "Alice:1": ("Meet", "Pass"), "Fred:2": ("Raise", "Fold")}
    assert behavior_profile(g, b) is b
    floats = g.behavior_profile({"Fred:1": "Raise", "Fred:2": [1 / 3, 2 / 3], "Alice:1": [2 / 3, 1 / 3]})
    assert floats.arithmetic == "float"
    assert isinstance(pure_behavior(g, {"Fred:1": "Raise", "Fred:2": "Fold", "Alice:1": "Pass"}), BehaviorProfile)
    assert g.to_float().behavior_profile(b).arithmetic == "float"  # profiles carry over between arithmetics


BAD_PROFILES = [
    pytest.param({"Fred:1": "Raise", "Fred:2": "Raise"}, "no distribution for information set(s) ['Alice:1']", id="missing"),
    pytest.param({**POKER_EQ, "Fred:1": "Call"}, "has no action 'Call'", id="unknown-action"),
    pytest.param({**POKER_EQ, "Fred:1": [1]}, "2 actions, got 1 probabilities", id="wrong-length"),
    pytest.param({**POKER_EQ, "Fred:1": [2, -1]}, "negative", id="negative"),
    pytest.param({**POKER_EQ, "Fred:1": ["1/2", "1/3"]}, "sum to 5/6", id="sum"),
    pytest.param({**POKER_EQ, "Fred:1": [0.5, 0.6]}, "sum to 1.1", id="float-sum"),
    pytest.param({**POKER_EQ, "Bob:1": "Raise"}, "unknown information set 'Bob:1'", id="unknown-infoset"),
    pytest.param({"Fred": {"Alice:1": "Meet"}}, "belongs to 'Alice', not 'Fred'", id="wrong-player"),
    pytest.param([[1, 0]], "expected 3 distributions", id="short-list"),
    pytest.param("Raise", "expected a mapping or a sequence", id="text"),
    pytest.param({**POKER_EQ, "Fred:1": 1}, "must be an action, a mapping or a sequence", id="scalar"),
]


@pytest.mark.parametrize("data, needle", BAD_PROFILES)
def test_bad_profiles(data: object, needle: str) -> None:
    g = examples.one_card_poker()
    with pytest.raises(GameError) as info:
        g.behavior_profile(data)
    assert needle in str(info.value)


def test_profile_of_another_tree_is_rejected() -> None:
    b = examples.one_card_poker().uniform_behavior()
    with pytest.raises(GameError, match="another tree"):
        examples.entry_deterrence().expected_payoffs(b)


# --------------------------------------------------------------------------- reduced normal form
def test_reduced_normal_form_of_entry_deterrence() -> None:
    nf = examples.entry_deterrence().to_normal_form()
    assert isinstance(nf, gt.NormalFormGame) and nf.is_exact
    assert nf.strategies == (("enter", "stay out"), ("fight", "accommodate"))
    assert nf.payoffs.tolist() == [[[-1, -1], [1, 1]], [[0, 2], [0, 2]]]
    assert nf.players == ("Entrant", "Incumbent")


def sequential_moves() -> ExtensiveGame:
    """Player A moves twice (after B), so A's second infoset is irrelevant after 'out'."""
    return ExtensiveGame.from_tree(decision("A", {
        "out": (1, 1),
        "in": decision("B", {
            "l": decision("A", {"a": (3, 0), "b": (0, 2)}, infoset="A2"),
            "r": decision("A", {"a": (0, 3), "b": (2, 0)}, infoset="A2"),
        }),
    }))


def test_reduced_strategies_skip_irrelevant_infosets() -> None:
    g = sequential_moves()
    assert g.reduced_strategies("A") == ({"A:1": "out"}, {"A:1": "in", "A2": "a"}, {"A:1": "in", "A2": "b"})
    assert count_reduced_strategies(g, "A") == 3
    nf = g.to_normal_form()
    assert nf.strategies == (("out", "in/a", "in/b"), ("l", "r"))
    full = g.to_normal_form(reduced=False)
    assert full.strategies[0] == ("out/a", "out/b", "in/a", "in/b")
    assert full.shape == (4, 2)


def test_gambit_style_names_when_names_would_collide() -> None:
    g = ExtensiveGame.from_tree(decision("A", {"a/b": (1,), "a": decision("A", {"b": (0,)})}))
    assert g.to_normal_form().strategies == (("a/b/*", "a/b"),)
    g = ExtensiveGame.from_tree(decision("A", {
        "1": decision("A", {"1": (1,), "0": (0,)}, infoset="x"),
        "0": decision("A", {"1": (2,), "0": (3,)}, infoset="y"),
    }))
    assert g.to_normal_form().strategies == (("1/1", "1/0", "0/1", "0/0"),)


def test_one_card_poker_normal_form_and_value() -> None:
    g = examples.one_card_poker()
    nf = g.to_normal_form()
    assert nf.strategies == (("Raise/Raise", "Raise/Fold", "Fold/Raise", "Fold/Fold"), ("Meet", "Pass"))
    b = g.behavior_profile(POKER_EQ)
    mixed = behavior_to_mixed(g, b)
    assert mixed == ((Fraction(1, 3), Fraction(2, 3), 0, 0), (Fraction(2, 3), Fraction(1, 3)))
    assert nf.expected_payoffs(mixed) == (Fraction(1, 3), Fraction(-1, 3))
    assert nf.is_nash(mixed)
    assert mixed_to_behavior(g, mixed) == b
    assert mixed_to_behavior(g, {"Fred": {"Raise/Raise": "1/3", "Raise/Fold": "2/3"}, "Alice": {"Meet": "2/3", "Pass": "1/3"}}) == b


def test_kuhn_with_unreached_infosets() -> None:
    g = sequential_moves()
    out = ((1, 0, 0), (1, 0))
    b = mixed_to_behavior(g, out)
    assert b["A2"] == {"a": Fraction(1, 2), "b": Fraction(1, 2)}  # unreachable: uniform
    full = ((0, 1, 0, 0), (1, 0))  # "out/b" specifies the unreached infoset
    assert mixed_to_behavior(g, full, reduced=False)["A2"] == {"a": 0, "b": 1}
    assert behavior_to_mixed(g, b) == ((1, 0, 0), (1, 0))


def test_size_guards() -> None:
    g = examples.centipede(120)
    assert count_reduced_strategies(g, "Alice") == 61
    assert to_normal_form(g).shape == (61, 61)
    with pytest.raises(GameSizeError, match="normal form would be"):
        g.to_normal_form(reduced=False)
    with pytest.raises(GameSizeError, match="more than the limit"):
        reduced_strategies(g, 0, limit=10)


def test_symbolic_reduced_normal_form() -> None:
    v = Parameter("v", default=3, lower=0)
    g = ExtensiveGame.from_tree(
        decision("A", {"fight": decision("B", {"yield": ("v", "-v"), "resist": ("-1", "-1")}), "peace": (0, 0)}),
        parameters=[v],
    )
    nf = g.to_normal_form()
    assert isinstance(nf, SymbolicGame)
    assert nf.substitute(v=2) == g.substitute(v=2).to_normal_form()


def test_imperfect_recall_strategies_match_enumeration() -> None:
    g = ExtensiveGame.from_tree(
        decision("A", {
            "L": decision("A", {"l": (1,), "r": (0,)}, infoset="later"),
            "R": decision("A", {"l": (0,), "r": (1,)}, infoset="later"),
        }),
    )
    assert not g.has_perfect_recall()
    assert g.to_normal_form().payoffs.reshape(-1).tolist() == [1, 0, 0, 1]
    with pytest.raises(GameError, match="perfect recall"):
        mixed_to_behavior(g, ((1, 0, 0, 0),))


# --------------------------------------------------------------------------- cross-checks
def random_profile(g: ExtensiveGame, rng: random.Random, pure_share: float = 0.3) -> BehaviorProfile:
    dists = []
    for acts in g.infoset_actions:
        if rng.random() < pure_share:
            k = rng.randrange(len(acts))
            dists.append([1 if j == k else 0 for j in range(len(acts))])
        else:
            w = [rng.randint(0, 4) for _ in acts]
            if sum(w) == 0:
                w[0] = 1
            dists.append([Fraction(x, sum(w)) for x in w])
    return g.behavior_profile(dists)


SMALL_PR = [
    p for p in (sorted(GAMBIT_GAMES_DIR.rglob("*.efg")) if GAMBIT_GAMES_DIR.is_dir() else [])
    if p.stat().st_size < 2500
]


@pytest.fixture(scope="module")
def small_games(gambit_games_dir: Path) -> list[ExtensiveGame]:
    games = [gt.read_game(p) for p in SMALL_PR]
    out = [g for g in games if isinstance(g, ExtensiveGame) and g.has_perfect_recall()]
    assert len(out) > 50
    return out


def test_tree_and_reduced_normal_form_agree(small_games: list[ExtensiveGame]) -> None:
    """Kuhn both ways and payoff/regret agreement on the small perfect-recall corpus games."""
    rng = random.Random(20240601)
    for g in small_games:
        nf = g.to_normal_form()
        for _ in range(3):
            b = random_profile(g, rng)
            mixed = behavior_to_mixed(g, b)
            values = g.expected_payoffs(b)
            assert nf.expected_payoffs(mixed) == values, g.title
            assert tuple(nf.regrets(mixed)) == g.regrets(b), g.title
            back = mixed_to_behavior(g, mixed)
            term = g.terminal_nodes
            assert g.realization_probabilities(back)[term].tolist() == g.realization_probabilities(b)[term].tolist()
            assert g.expected_payoffs(back) == values
            # strategic regret bounds every agent regret (under perfect recall)
            agent = g.agent_regrets(b)
            for h, r in agent.items():
                assert 0 <= r <= g.regrets(b)[int(g.infoset_player[g.infoset_id(h)])], (g.title, h)
            # a best response has zero regret for that player
            for i in range(g.num_players):
                br = {**{g.infoset_names[h]: list(b.probabilities[h]) for h in range(g.num_infosets)},
                      **g.best_response(b, i)}
                assert g.regrets(br)[i] == 0


def test_float_and_exact_evaluations_agree(small_games: list[ExtensiveGame]) -> None:
    rng = random.Random(7)
    for g in small_games[:40]:
        b = random_profile(g, rng)
        f = g.to_float()
        assert f.expected_payoffs(b) == pytest.approx([float(x) for x in g.expected_payoffs(b)], abs=1e-9)
        assert f.regrets(b) == pytest.approx([float(x) for x in g.regrets(b)], abs=1e-9)
        assert list(f.agent_regrets(b).values()) == pytest.approx([float(x) for x in g.agent_regrets(b).values()], abs=1e-9)


def test_against_pygambit(small_games: list[ExtensiveGame]) -> None:
    pygambit = pytest.importorskip("pygambit")
    rng = random.Random(11)
    checked = 0
    for path in SMALL_PR:
        try:
            G = pygambit.read_efg(str(path))
        except ValueError:
            continue
        g = gt.read_game(path)
        if not g.has_perfect_recall():
            continue
        b = random_profile(g, rng)
        nodes = list(G.nodes)
        pos = {node: k for k, node in enumerate(nodes)}
        P = G.mixed_behavior_profile(rational=True)
        for infoset in G.infosets:
            h = int(g.node_infoset[pos[list(infoset.members)[0]]])
            for a, act in enumerate(infoset.actions):
                x = b.probabilities[h][a]
                P[act] = pygambit.Rational(x.numerator, x.denominator)
        assert tuple(Fraction(P.payoff(p)) for p in G.players) == g.expected_payoffs(b), path.name
        assert Fraction(P.max_regret()) == max(g.regrets(b)), path.name
        reach = g.realization_probabilities(b)
        assert [Fraction(P.realiz_prob(n)) for n in nodes] == reach.tolist(), path.name
        agent = g.agent_regrets(b)
        for infoset in G.infosets:
            h = int(g.node_infoset[pos[list(infoset.members)[0]]])
            prob = sum(reach[m] for m in g.infoset_members[h])
            if prob > 0:
                assert Fraction(P.infoset_regret(infoset)) * prob == agent[g.infoset_names[h]], path.name
        checked += 1
    assert checked > 40


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), share=st.floats(min_value=0, max_value=1))
def test_regrets_are_nonnegative_and_vanish_at_best_responses(seed: int, share: float) -> None:
    g = examples.one_card_poker()
    b = random_profile(g, random.Random(seed), share)
    regrets = g.regrets(b)
    assert all(r >= 0 for r in regrets)
    assert all(r >= 0 for r in g.agent_regrets(b).values())
    nf = g.to_normal_form()
    assert tuple(nf.regrets(behavior_to_mixed(g, b))) == regrets


def bushy_game(seed: int) -> ExtensiveGame:
    """A random tree of depth 5 and branching 3: chance at the root, then two players whose
    infosets pool the nodes of a level that follow the same own moves (perfect recall)."""
    rng = random.Random(seed)
    rec = TreeRecords(players=("A", "B"))
    stack: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    while stack:
        depth, path = stack.pop()
        if depth == 0:
            rec.add(CHANCE, actions=("x", "y", "z"), probs=("1/2", "1/3", "1/6"))
        elif depth == 5:
            rec.add(TERMINAL, outcome=rec.add_outcome((rng.randint(-5, 5), rng.randint(-5, 5))))
            continue
        else:
            player = depth % 2
            own = tuple(a for d, a in enumerate(path) if d > 0 and d % 2 == player)
            rec.add(DECISION, player=player, infoset=(depth, own), actions=("l", "m", "r"))
        for a in (2, 1, 0):
            stack.append((depth + 1, path + (a,)))
    return ExtensiveGame.from_records(rec)


def test_vectorised_float_kernels_on_a_bushy_tree() -> None:
    """Level-by-level numpy evaluation equals the exact evaluation."""
    g = bushy_game(5)
    assert g.has_perfect_recall() and not g.is_perfect_information()
    f = g.to_float()
    assert len(f.levels) * 32 <= f.num_nodes  # the numpy path is taken
    for seed in range(3):
        b = random_profile(g, random.Random(seed), 0.2)
        assert np.allclose(f.realization_probabilities(b), np.array(g.realization_probabilities(b), dtype=float))
        assert f.expected_payoffs(b) == pytest.approx([float(x) for x in g.expected_payoffs(b)])
        assert list(f.agent_regrets(b).values()) == pytest.approx([float(x) for x in g.agent_regrets(b).values()])
        assert f.regrets(b) == pytest.approx([float(x) for x in g.regrets(b)])
        assert g.to_normal_form().expected_payoffs(behavior_to_mixed(g, b)) == g.expected_payoffs(b)
