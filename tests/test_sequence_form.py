"""Sequence form: the matrices, the zero-sum LP and sequence-form Lemke.

Known answers: Kuhn poker has value -1/18 for the first player and the second player's
optimal strategy is unique (Kuhn 1950, "A simplified two-person poker", Contributions to
the Theory of Games I); one-card poker (Myerson 1991, sec. 2.2; Gambit's ``poker.efg``)
has value 1/3. Everything else is checked against the definition: exact regret 0 in
behaviour strategies (our ``max_regret``, and pygambit's ``MixedBehaviorProfile.max_regret``
on the same equilibrium), LP values equal to pygambit's ``lp_solve``, and pygambit's
``lcp_solve`` equilibria verified by our ``max_regret``. Sequence form and the LCP: Koller,
Megiddo & von Stengel (1996), GEB 14:247-259; von Stengel (1996), GEB 14:220-246.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import permutations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import GAMBIT_GAMES_DIR, _corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import import_pygambit

import gametheory as gt
from gametheory import GameError, SolverError
from gametheory.extensive import ExtensiveGame
from gametheory.extensive.sequences import SequenceForm, sequence_form
from gametheory.extensive.solvers.sequence_lemke import sequence_form_lemke
from gametheory.extensive.solvers.sequence_lp import sequence_form_lp
from gametheory.extensive.tree import chance, decision, terminal

F = Fraction


# ----------------------------------------------------------------------------- games
def one_card_poker() -> ExtensiveGame:
    """Myerson's one-card poker in its smallest form: P1 sees a high or low card (1/2 each)
    and bets or checks; after a bet P2 calls or folds."""
    bet = "P2 after bet"
    return ExtensiveGame.from_tree(chance({
        "high": ("1/2", decision("P1", {
            "bet": decision("P2", {"call": (2, -2), "fold": (1, -1)}, infoset=bet),
            "check": (1, -1),
        }, infoset="P1 high")),
        "low": ("1/2", decision("P1", {
            "bet": decision("P2", {"call": (-2, 2), "fold": (1, -1)}, infoset=bet),
            "check": (-1, 1),
        }, infoset="P1 low")),
    }), players=["P1", "P2"], title="One-card poker")


def kuhn_poker() -> ExtensiveGame:
    """Kuhn (1950): cards J < Q < K, one to each player, antes 1; Alice checks or bets 1;
    after check-bet Alice folds or calls; Bob calls or folds a bet, or checks or bets after
    a check."""
    rank = {"J": 1, "Q": 2, "K": 3}
    deals: dict[str, Any] = {}
    for c1, c2 in permutations("JQK", 2):
        win = 1 if rank[c1] > rank[c2] else -1

        def pay(stake: int, win: int = win) -> tuple[int, int]:
            return (stake * win, -stake * win)

        after_check = decision("Bob", {
            "check": pay(1),
            "bet": decision("Alice", {"fold": (-1, 1), "call": pay(2)}, infoset=f"Alice {c1} check-bet"),
        }, infoset=f"Bob {c2} check")
        after_bet = decision("Bob", {"fold": (1, -1), "call": pay(2)}, infoset=f"Bob {c2} bet")
        deals[c1 + c2] = (F(1, 6), decision("Alice", {"check": after_check, "bet": after_bet}, infoset=f"Alice {c1}"))
    return ExtensiveGame.from_tree(chance(deals), players=["Alice", "Bob"], title="Kuhn poker")


def selten_horse() -> ExtensiveGame:
    """Selten (1975), "Reexamination of the perfectness concept", IJGT 4, fig. 1."""
    return ExtensiveGame.from_tree(
        decision("1", {
            "C": decision("2", {
                "c": (1, 1, 1),
                "d": decision("3", {"L": (4, 4, 0), "R": (0, 0, 1)}, infoset="3"),
            }),
            "D": decision("3", {"L": (3, 3, 2), "R": (0, 0, 0)}, infoset="3"),
        }),
        players=["1", "2", "3"], title="Selten's horse",
    )


def random_game(seed: int, *, max_nodes: int = 40, payoff_range: int = 3, zero_sum: bool = False) -> ExtensiveGame:
    """A random two-player game with perfect recall: decision nodes of one player at the same
    depth that follow the same own sequence and have as many actions are grouped at random
    into information sets. Small payoff ranges make degenerate games common."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [{"parent": -1, "depth": 0}]
    queue = [0]
    while queue:
        k = queue.pop(0)
        nd = nodes[k]
        if len(nodes) >= max_nodes or nd["depth"] >= 5 or (nd["depth"] and rng.random() < 0.3):
            nd["kind"] = "t"
            continue
        nd["kind"] = "c" if rng.random() < 0.15 else "d"
        nd["player"] = rng.randrange(2)
        nd["children"] = []
        for a in range(rng.choice([2, 2, 3])):
            nodes.append({"parent": k, "action": a, "depth": nd["depth"] + 1})
            nd["children"].append(len(nodes) - 1)
            queue.append(len(nodes) - 1)
    own: dict[int, tuple[Any, Any]] = {0: (None, None)}
    infoset: dict[int, str] = {}
    by_depth: dict[int, list[int]] = {}
    for k, nd in enumerate(nodes):
        by_depth.setdefault(nd["depth"], []).append(k)
    count = 0
    for d in sorted(by_depth):
        groups: dict[Any, list[int]] = {}
        for k in by_depth[d]:
            nd = nodes[k]
            if k:
                p = nodes[nd["parent"]]
                seq = list(own[nd["parent"]])
                if p["kind"] == "d":
                    seq[p["player"]] = (infoset[nd["parent"]], nd["action"])
                own[k] = (seq[0], seq[1])
            if nd["kind"] == "d":
                groups.setdefault((nd["player"], own[k][nd["player"]], len(nd["children"])), []).append(k)
        for ks in groups.values():
            rng.shuffle(ks)
            while ks:
                m = rng.randint(1, len(ks))
                for k in ks[:m]:
                    infoset[k] = f"I{count}"
                count += 1
                ks = ks[m:]
    built: dict[int, Any] = {}
    for k in range(len(nodes) - 1, -1, -1):
        nd = nodes[k]
        if nd["kind"] == "t":
            u = [rng.randint(-payoff_range, payoff_range) for _ in range(2)]
            built[k] = terminal(u[0], -u[0] if zero_sum else u[1])
        elif nd["kind"] == "c":
            w = [rng.randint(1, 3) for _ in nd["children"]]
            built[k] = chance({f"c{a}": (F(w[a], sum(w)), built[c]) for a, c in enumerate(nd["children"])})
        else:
            built[k] = decision(
                f"P{nd['player']}", {f"a{a}": built[c] for a, c in enumerate(nd["children"])}, infoset=infoset[k]
            )
    return ExtensiveGame.from_tree(built[0], players=["P0", "P1"])


# ----------------------------------------------------------------------------- the sequence form
def test_sequence_form_of_one_card_poker() -> None:
    sf = sequence_form(one_card_poker())
    assert isinstance(sf, SequenceForm)
    assert sf.sizes == (5, 3)
    assert sf.labels[0] == ("∅", "P1 high:bet", "P1 high:check", "P1 low:bet", "P1 low:check")
    assert sf.labels[1] == ("∅", "P2 after bet:call", "P2 after bet:fold")
    E, Fm = sf.constraints
    assert E.tolist() == [[1, 0, 0, 0, 0], [-1, 1, 1, 0, 0], [-1, 0, 0, 1, 1]]
    assert Fm.tolist() == [[1, 0, 0], [-1, 1, 1]]
    A = sf.matrix(0)
    # chance 1/2 times the payoff: high/bet/call = 2 -> 1, low/check = -1 -> -1/2
    assert A[1, 1] == 1 and A[1, 2] == F(1, 2) and A[2, 0] == F(1, 2)
    assert A[3, 1] == -1 and A[3, 2] == F(1, 2) and A[4, 0] == F(-1, 2)
    assert (sf.matrix(0) + sf.matrix(1) == 0).all()
    assert sf.is_zero_sum()
    assert sf.matrix("P1", sparse=True).toarray()[1, 2] == 0.5
    assert sf.rhs(1).tolist() == [1, 0]


def test_realization_plans_reproduce_expected_payoffs() -> None:
    g = kuhn_poker()
    sf = sequence_form(g)
    rng = random.Random(3)
    data = {}
    for h, acts in zip(g.infosets(), g.infoset_actions):
        w = [rng.randint(1, 5) for _ in acts]
        data[h] = {a: F(x, sum(w)) for a, x in zip(acts, w)}
    x = sf.realization_plan(data, 0)
    y = sf.realization_plan(data, "Bob")
    E, Fm = sf.constraints
    assert [sum(E[r, s] * x[s] for s in range(len(x))) for r in range(E.shape[0])] == [1] + [0] * (E.shape[0] - 1)
    assert [sum(Fm[r, s] * y[s] for s in range(len(y))) for r in range(Fm.shape[0])] == [1] + [0] * (Fm.shape[0] - 1)
    assert sf.expected_payoffs(x, y) == g.expected_payoffs(data)


def test_kuhn_poker_value_is_minus_one_eighteenth() -> None:
    """Kuhn (1950): the game is worth -1/18 to the first player."""
    g = kuhn_poker()
    res = sequence_form_lp(g)
    assert res.exact and res.method == "sequence_form_lp"
    assert res.parameters["value"] == F(-1, 18)
    eq = res.equilibria[0]
    assert eq.max_regret == 0 and eq.payoffs == (F(-1, 18), F(1, 18))
    # the second player's optimal strategy is unique (Kuhn 1950)
    bob = eq.by_player()["Bob"]
    assert bob["Bob J bet"] == {"fold": 1, "call": 0}
    assert bob["Bob Q bet"] == {"fold": F(2, 3), "call": F(1, 3)}
    assert bob["Bob K bet"] == {"fold": 0, "call": 1}
    assert bob["Bob J check"] == {"check": F(2, 3), "bet": F(1, 3)}
    assert bob["Bob Q check"] == {"check": 1, "bet": 0}
    assert bob["Bob K check"] == {"check": 0, "bet": 1}
    # Lemke on the same (zero-sum) game reaches an equilibrium of the same value
    lem = sequence_form_lemke(g)
    assert lem.equilibria[0].max_regret == 0
    assert lem.equilibria[0].payoffs[0] == F(-1, 18)


def test_one_card_poker_lp_and_lemke() -> None:
    g = one_card_poker()
    for res in (sequence_form_lp(g), sequence_form_lemke(g)):
        eq = res.equilibria[0]
        assert eq.max_regret == 0 and eq.agent_regret == 0
        assert eq.payoffs[0] == F(1, 3)
        assert eq.behavior["P1 low"] == {"bet": F(1, 3), "check": F(2, 3)}
        assert eq.behavior["P2 after bet"] == {"call": F(2, 3), "fold": F(1, 3)}


def test_constant_sum_game_is_accepted_by_the_lp() -> None:
    g = ExtensiveGame.from_tree(
        decision("A", {"l": decision("B", {"x": (3, 1), "y": (0, 4)}, infoset="b"),
                       "r": decision("B", {"x": (1, 3), "y": (2, 2)}, infoset="b")}),
        players=["A", "B"],
    )
    res = sequence_form_lp(g)
    assert res.parameters["value"] == F(3, 2)
    assert any("constant-sum" in d for d in res.diagnostics)


def test_float_game() -> None:
    g = one_card_poker().to_float()
    lp = sequence_form_lp(g)
    assert not lp.exact and abs(lp.parameters["value"] - 1 / 3) < 1e-9
    assert lp.equilibria[0].max_regret <= 1e-9
    lem = sequence_form_lemke(g)
    assert not lem.exact
    assert abs(lem.equilibria[0].behavior["P1 low"]["bet"] - 1 / 3) < 1e-12
    assert lem.equilibria[0].max_regret <= 1e-9


def test_unreached_information_sets_get_uniform_behaviour_with_a_note() -> None:
    # A moves first; "out" ends the game, so A's second move after "in" may be ruled out
    g = ExtensiveGame.from_tree(
        decision("A", {
            "out": (2, 0),
            "in": decision("B", {"l": decision("A", {"u": (0, 1), "d": (1, 0)}, infoset="A2"), "r": (0, 2)}),
        }),
        players=["A", "B"],
    )
    eq = sequence_form_lemke(g).equilibria[0]
    assert eq.max_regret == 0
    assert eq.behavior["A:1"] == {"out": 1, "in": 0}
    assert eq.behavior["A2"] == {"u": F(1, 2), "d": F(1, 2)}
    assert any("A2" in n and "uniform" in n for n in eq.notes)


def test_covering_vector_choices() -> None:
    g = ExtensiveGame.from_tree(  # battle of the sexes, sequential but unobserved
        decision("A", {
            "opera": decision("B", {"opera": (2, 1), "fight": (0, 0)}, infoset="B"),
            "fight": decision("B", {"opera": (0, 0), "fight": (1, 2)}, infoset="B"),
        }),
        players=["A", "B"],
    )
    found = set()
    for prior in (None, {"A:1": "opera", "B": "opera"}, {"A:1": "fight", "B": "fight"}):
        res = sequence_form_lemke(g, covering=prior)
        eq = res.equilibria[0]
        assert eq.max_regret == 0
        found.add(tuple(tuple(d.values()) for d in eq.behavior.values()))
    assert ((1, 0), (1, 0)) in found and ((0, 1), (0, 1)) in found
    sf = sequence_form(g)
    res = sequence_form_lemke(g, covering=([0] * sf.sizes[0], [0, 1, 0]))
    assert res.equilibria[0].max_regret == 0 and res.parameters["prior"] == "vectors"
    with pytest.raises(GameError, match="one per sequence"):
        sequence_form_lemke(g, covering=([0], [0]))
    with pytest.raises(GameError, match="covering"):
        sequence_form_lemke(g, covering={"A:1": "nonsense"})


def test_selten_horse_is_not_two_player() -> None:
    g = selten_horse()
    with pytest.raises(SolverError, match="two-player.*3 players"):
        sequence_form_lemke(g)
    with pytest.raises(SolverError, match="two-player"):
        sequence_form_lp(g)
    with pytest.raises(SolverError, match="two-player"):
        sequence_form(g)


def test_errors() -> None:
    general = ExtensiveGame.from_tree(decision("A", {"x": (1, 1), "y": (0, 3)}), players=["A", "B"])
    with pytest.raises(SolverError, match="not zero-sum.*sequence_form_lemke"):
        sequence_form_lp(general)
    # absent-minded driver: no perfect recall
    amd = ExtensiveGame.from_tree(
        decision("D", {"exit": (0, 0), "go": decision("D", {"exit": (4, 0), "go": (1, 0)}, infoset="I")}, infoset="I"),
        players=["D", "X"],
    )
    with pytest.raises(SolverError, match="perfect recall"):
        sequence_form_lemke(amd)
    with pytest.raises(GameError, match="ExtensiveGame"):
        sequence_form_lemke("not a game")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), size=st.sampled_from([8, 15, 30, 50]), spread=st.sampled_from([1, 2, 9]),
       zero_sum=st.booleans())
def test_random_games_equilibria_verified(seed: int, size: int, spread: int, zero_sum: bool) -> None:
    """Every Lemke endpoint is an exact equilibrium (degenerate games included); on
    zero-sum games the LP value equals the payoff of Lemke's equilibrium."""
    g = random_game(seed, max_nodes=size, payoff_range=spread, zero_sum=zero_sum)
    sf = sequence_form(g)
    lem = sequence_form_lemke(g)
    eq = lem.equilibria[0]
    assert eq.max_regret == 0
    x = sf.realization_plan(eq.behavior, 0)
    y = sf.realization_plan(eq.behavior, 1)
    assert sf.regrets(x, y) == (0, 0)
    if zero_sum:
        lp = sequence_form_lp(g)
        assert lp.equilibria[0].max_regret == 0
        assert lp.parameters["value"] == eq.payoffs[0]


# ----------------------------------------------------------------------------- the Gambit corpus
def _read(path: Path) -> ExtensiveGame:
    g = gt.read_game(path)
    assert isinstance(g, ExtensiveGame)
    return g


def _two_player_files() -> list[Path]:
    out = []
    for p in _corpus_files("*.efg"):
        try:
            g = _read(p)
        except GameError:
            continue
        if g.num_players == 2 and g.has_perfect_recall():
            out.append(p)
    return out


TWO_PLAYER_EFG = _two_player_files()
#: pygambit's lp_solve runs out of memory on tic-tac-toe; pygambit cannot read files with
#: repeated node or infoset labels (its parser rejects them; ours does not).
GAMBIT_SKIP = {"ttt.efg"}


@pytest.fixture(
    params=TWO_PLAYER_EFG or [None],
    ids=[str(p.relative_to(GAMBIT_GAMES_DIR)) for p in TWO_PLAYER_EFG] or ["corpus-missing"],
)
def efg_path(request: pytest.FixtureRequest, gambit_games_dir: Path) -> Path:
    if request.param is None:
        pytest.fail(f"no two-player .efg files with perfect recall under {gambit_games_dir}")
    path: Path = request.param
    return path


def _gambit_game(path: Path) -> Any:
    gbt = import_pygambit()
    if path.name in GAMBIT_SKIP:
        return None
    try:
        return gbt.read_efg(str(path))
    except Exception:  # pygambit rejects repeated labels
        return None


def _infoset_map(g: ExtensiveGame, gg: Any) -> dict[int, Any]:
    """Our infoset id -> pygambit infoset, by walking both trees in preorder."""
    nodes = list(gg.nodes)
    assert len(nodes) == g.num_nodes
    out: dict[int, Any] = {}
    for k, n in enumerate(nodes):
        h = int(g.node_infoset[k])
        if h >= 0:
            out.setdefault(h, n.infoset)
            assert out[h] == n.infoset
    return out


def _to_gambit_profile(g: ExtensiveGame, gg: Any, behavior: dict[str, dict[str, Any]]) -> Any:
    gbt = import_pygambit()
    prof = gg.mixed_behavior_profile(rational=True)
    for h, info in _infoset_map(g, gg).items():
        for a, act in enumerate(info.actions):
            v = F(behavior[g.infoset_names[h]][g.infoset_actions[h][a]])
            prof[act] = gbt.Rational(v.numerator, v.denominator)
    return prof


def _from_gambit_profile(g: ExtensiveGame, gg: Any, prof: Any) -> dict[str, dict[str, Fraction]]:
    """pygambit leaves unreached information sets at 0 and may not normalise them: uniform
    there, normalised elsewhere (behaviour at a set the player's own moves rule out does not
    change any payoff)."""
    out = {}
    for h, info in _infoset_map(g, gg).items():
        d = {g.infoset_actions[h][a]: F(str(prof[act])) for a, act in enumerate(info.actions)}
        tot = sum(d.values())
        out[g.infoset_names[h]] = {a: F(1, len(d)) for a in d} if tot == 0 else {a: v / tot for a, v in d.items()}
    return out


def test_corpus_sequence_form_solvers(efg_path: Path) -> None:
    g = _read(efg_path)
    zero_sum = sequence_form(g).is_zero_sum()
    res = sequence_form_lp(g) if zero_sum else sequence_form_lemke(g)
    eq = res.equilibria[0]
    assert res.exact and eq.max_regret == 0
    gg = _gambit_game(efg_path)
    if gg is None:
        return
    gbt = import_pygambit()
    # pygambit agrees that our equilibrium is one
    assert _to_gambit_profile(g, gg, eq.behavior).max_regret() == 0
    if zero_sum:
        ref = gbt.nash.lp_solve(gg, rational=True)
        player1 = list(gg.players)[0]
        assert F(str(ref.equilibria[0].payoff(player1))) == res.parameters["value"]
    else:
        ref = gbt.nash.lcp_solve(gg, rational=True)
    assert ref.equilibria
    # and we agree that pygambit's equilibria are equilibria
    for e in ref.equilibria:
        assert g.max_regret(_from_gambit_profile(g, gg, e)) == 0


def test_corpus_lemke_on_zero_sum_games_too(gambit_games_dir: Path) -> None:
    """Lemke on the zero-sum corpus games reaches the LP value (any equilibrium of a zero-sum
    game is a pair of optimal strategies)."""
    done = 0
    for path in TWO_PLAYER_EFG:
        g = _read(path)
        if not sequence_form(g).is_zero_sum():
            continue
        value = sequence_form_lp(g).parameters["value"]
        eq = sequence_form_lemke(g).equilibria[0]
        assert eq.max_regret == 0 and eq.payoffs[0] == value, path.name
        done += 1
    assert done >= 10


def test_corpus_degenerate_lp_falls_back_exactly(gambit_games_dir: Path) -> None:
    """Payoffs of 10^19 next to 1 defeat the float LP's tolerances; the answer stays exact."""
    g = _read(gambit_games_dir / "tests/test_games/large_payoff_game.efg")
    res = sequence_form_lp(g)
    assert res.equilibria[0].max_regret == 0
    assert res.parameters["value"] == 1
    assert np.all(np.array([len(d) for d in res.equilibria[0].behavior.values()]) == 2)
