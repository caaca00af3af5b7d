"""Subgame-perfect equilibria by subgame decomposition.

Textbook cases (a simultaneous-move subgame after an outside option, Selten's horse without
proper subgames, chance over several subgames, three movers), the subgame regret of Nash
equilibria that are not subgame perfect, caps and errors, random games with simultaneous
stages (every profile verified), and corpus games checked with pygambit's regret.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.errors import GameError, GameSizeError
from gametheory.extensive import ExtensiveGame, examples
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.solvers.subgames import subgame_perfect, subgame_regret
from gametheory.extensive.tree import chance, decision
from gametheory.symbolic import Parameter


def simultaneous(a: Any, b: Any, c: Any, d: Any, *, key: str, p1: str = "P1", p2: str = "P2",
                 rows: tuple[str, str] = ("U", "D"), cols: tuple[str, str] = ("L", "R")) -> Any:
    """A 2x2 simultaneous-move stage: P1 picks a row, P2 a column without seeing it."""
    return decision(p1, {
        rows[0]: decision(p2, {cols[0]: a, cols[1]: b}, infoset=f"{key}-col"),
        rows[1]: decision(p2, {cols[0]: c, cols[1]: d}, infoset=f"{key}-col"),
    }, infoset=f"{key}-row")


def bos_with_outside_option(outside: int = 2) -> ExtensiveGame:
    """Player 1 takes an outside option or plays battle of the sexes (Osborne & Rubinstein
    1994, Example 101.3 style): SPE = one per equilibrium of the subgame."""
    return ExtensiveGame.from_tree(decision("P1", {
        "out": (outside, outside),
        "in": simultaneous((3, 1), (0, 0), (0, 0), (1, 3), key="bos", rows=("opera", "fight"), cols=("opera", "fight")),
    }, infoset="entry"), title="BoS with outside option")


def two_subgames_after_chance() -> ExtensiveGame:
    """Nature picks battle of the sexes or matching pennies: 3 x 1 SPE."""
    return ExtensiveGame.from_tree(chance({
        "bos": ("1/2", simultaneous((3, 1), (0, 0), (0, 0), (1, 3), key="b")),
        "mp": ("1/2", simultaneous((1, -1), (-1, 1), (-1, 1), (1, -1), key="m")),
    }))


def two_bos_after_chance() -> ExtensiveGame:
    return ExtensiveGame.from_tree(chance({
        "x": ("1/3", simultaneous((3, 1), (0, 0), (0, 0), (1, 3), key="x")),
        "y": ("2/3", simultaneous((3, 1), (0, 0), (0, 0), (1, 3), key="y")),
    }))


def pd_then_choice() -> ExtensiveGame:
    """A leader chooses between a prisoner's dilemma and a safe payoff: defect/defect in the
    subgame, so the leader takes the safe payoff."""
    return ExtensiveGame.from_tree(decision("P1", {
        "play": simultaneous((3, 3), (0, 4), (4, 0), (1, 1), key="pd", rows=("C", "D"), cols=("C", "D")),
        "safe": (2, 2),
    }, infoset="lead"))


def three_mover_subgame() -> ExtensiveGame:
    # after player 1 enters, players 2 and 3 move simultaneously (a 2x2 coordination game
    # between them; player 1 gets 2 if they coordinate)
    sub = decision("P2", {
        "a": decision("P3", {"a": (2, 2, 2), "b": (0, 0, 0)}, infoset="p3"),
        "b": decision("P3", {"a": (0, 0, 0), "b": (2, 1, 1)}, infoset="p3"),
    }, infoset="p2")
    return ExtensiveGame.from_tree(decision("P1", {"enter": sub, "stay": (1, 5, 5)}, infoset="p1"),
                                   players=["P1", "P2", "P3"])


CASES = [
    # outside option 2: (in, opera, opera) with (3, 1); (out, fight, fight) and (out, mixed 3/4)
    pytest.param(bos_with_outside_option, 3, {(3, 1), (2, 2)}, id="bos-outside-option"),
    pytest.param(lambda: bos_with_outside_option(0), 3, {(3, 1), (1, 3), (Fraction(3, 4), Fraction(3, 4))},
                 id="bos-worthless-outside-option"),
    pytest.param(two_subgames_after_chance, 3, {(Fraction(3, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(3, 2)),
                                                (Fraction(3, 8), Fraction(3, 8))}, id="chance-bos-and-pennies"),
    pytest.param(two_bos_after_chance, 9, None, id="chance-two-bos"),
    pytest.param(pd_then_choice, 1, {(2, 2)}, id="prisoners-dilemma-stage"),
    pytest.param(three_mover_subgame, 3, None, id="three-players-subgame"),
]


@pytest.mark.parametrize("build, count, payoffs", CASES)
def test_textbook_cases(build: Any, count: int, payoffs: Any) -> None:
    game = build()
    res = subgame_perfect(game)
    assert res.method == "subgame_perfect"
    assert len(res) == count
    for eq in res:
        assert eq.max_regret == 0 and eq.subgame_regret == 0 and eq.agent_regret == 0
        assert subgame_regret(game, eq.behavior) == 0
    if payoffs is not None:
        assert {tuple(e.payoffs) for e in res} == {tuple(Fraction(x) for x in p) for p in payoffs}
    assert len({str(e) for e in res}) == count  # distinct profiles


def test_bos_outside_option_profiles() -> None:
    res = subgame_perfect(bos_with_outside_option())
    assert res.complete
    by_payoff = {e.payoffs: e for e in res}
    inside = by_payoff[(3, 1)]
    assert inside.actions() == {"entry": "in", "bos-row": "opera", "bos-col": "opera"}
    mixed = [e for e in res if not e.is_pure()]
    assert len(mixed) == 1
    assert mixed[0].behavior["bos-row"] == {"opera": Fraction(3, 4), "fight": Fraction(1, 4)}
    assert mixed[0].behavior["bos-col"] == {"opera": Fraction(1, 4), "fight": Fraction(3, 4)}
    assert mixed[0].actions()["entry"] == "out"


def test_nash_but_not_subgame_perfect() -> None:
    """(out, opera; fight) is Nash (the subgame is not reached) but not subgame perfect:
    the miscoordinated (opera, fight) is no equilibrium of battle of the sexes."""
    game = bos_with_outside_option()
    profile = {"entry": "out", "bos-row": "opera", "bos-col": "fight"}
    assert game.max_regret(game.behavior_profile(profile)) == 0
    assert subgame_regret(game, profile) == 1  # in the subgame either player gains 1


def test_selten_horse_has_no_proper_subgames() -> None:
    """Selten (1975): no proper subgames, so every Nash equilibrium is subgame perfect
    (the horse is the motivation for trembling-hand perfection instead)."""
    game = examples.selten_horse()
    assert game.subgame_roots() == (0,)
    res = subgame_perfect(game)
    assert any("no proper subgames" in d for d in res.diagnostics)
    nash = gt.solve(game.to_normal_form(), "enumpoly")  # type: ignore[arg-type]
    assert len(res) == len(nash)
    for eq in res:
        assert eq.max_regret == 0 and eq.subgame_regret == 0


def test_perfect_information_delegates_to_backward_induction() -> None:
    game = examples.entry_deterrence()
    res = subgame_perfect(game)
    assert [e.actions() for e in res] == [e.actions() for e in backward_induction(game)]
    assert res.method == "subgame_perfect" and res.complete
    assert "backward induction" in res.diagnostics[0]


def test_first_per_subgame_and_cap() -> None:
    game = two_bos_after_chance()
    one = subgame_perfect(game, per_subgame="first")
    assert len(one) == 1 and not one.complete
    capped = subgame_perfect(game, max_equilibria=4)
    assert len(capped) == 4 and not capped.complete
    full = subgame_perfect(game, max_equilibria=None)
    assert len(full) == 9 and full.complete


def test_method_choice() -> None:
    game = bos_with_outside_option()
    res = subgame_perfect(game, method="pure")
    assert len(res) == 2 and all(e.is_pure() for e in res)
    assert "pure" in res.diagnostics[0]


def test_float_game() -> None:
    res = subgame_perfect(bos_with_outside_option().to_float())
    assert not res.exact and len(res) == 3
    tol = res.game.tolerance()
    for e in res:
        assert e.max_regret <= tol and e.subgame_regret <= tol


def test_errors() -> None:
    with pytest.raises(GameError, match="per_subgame"):
        subgame_perfect(pd_then_choice(), per_subgame="some")
    with pytest.raises(GameError, match="unknown method"):
        subgame_perfect(pd_then_choice(), method="magic")
    with pytest.raises(GameError, match="positive integer"):
        subgame_perfect(pd_then_choice(), max_equilibria=0)
    v = Parameter("v", lower=0)
    sym = ExtensiveGame.from_tree(decision("A", {"a": ("v", 0), "b": (1, 1)}), players=["A", "B"], parameters=[v])
    with pytest.raises(GameError, match="substitute"):
        subgame_perfect(sym)
    forgetful = ExtensiveGame.from_tree(decision("A", {
        "l": decision("A", {"x": (1,), "y": (0,)}, infoset="h"),
        "r": decision("A", {"x": (0,), "y": (1,)}, infoset="h"),
    }, infoset="root"))
    with pytest.raises(GameError, match="perfect recall"):
        subgame_perfect(forgetful)


def test_large_subgame_normal_form_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import gametheory.extensive.solvers.subgames as sg

    monkeypatch.setattr(sg, "MAX_SUBGAME_ENTRIES", 7)  # the 2x2 stage has 8 payoff entries
    with pytest.raises(GameSizeError, match="2 x 2 strategies"):
        subgame_perfect(pd_then_choice())


# ----------------------------------------------------------------------------- properties
def random_staged_game(seed: int, stages: int, chance_root: bool) -> ExtensiveGame:
    """A root move (or nature) leading to several random 2x2 simultaneous stages, some of
    them followed by a perfect-information move."""
    rng = np.random.default_rng(seed)

    def pay() -> tuple[int, int]:
        return int(rng.integers(0, 4)), int(rng.integers(0, 4))

    def leaf(k: int, j: int) -> Any:
        if rng.random() < 0.3:
            return decision("P2", {"x": pay(), "y": pay()}, infoset=f"s{k}-f{j}")
        return pay()

    subs = {f"s{k}": simultaneous(leaf(k, 0), leaf(k, 1), leaf(k, 2), leaf(k, 3), key=f"s{k}") for k in range(stages)}
    if chance_root:
        w = [Fraction(1, stages)] * stages
        return ExtensiveGame.from_tree(chance({a: (w[k], s) for k, (a, s) in enumerate(subs.items())}))
    return ExtensiveGame.from_tree(decision("P1", subs, infoset="root"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), stages=st.integers(1, 3), chance_root=st.booleans())
def test_random_staged_games_verified(seed: int, stages: int, chance_root: bool) -> None:
    game = random_staged_game(seed, stages, chance_root)
    res = subgame_perfect(game, max_equilibria=30)
    assert len(res) >= 1
    for eq in res:
        assert eq.max_regret == 0 and eq.subgame_regret == 0
    # each simultaneous stage is solved on its own: the SPE payoffs are Nash payoffs of the
    # whole game, and the stage equilibria combine (product of counts when nothing is capped)
    if chance_root and res.complete:
        counts = []
        for r in game.children(0):
            sub = subgame_perfect(_subtree_game(game, r), max_equilibria=None)
            counts.append(len(sub))
        assert len(res) == int(np.prod(counts))


def _subtree_game(game: ExtensiveGame, root: int) -> ExtensiveGame:
    from gametheory.extensive.game import TreeRecords

    rec = TreeRecords(players=game.players)
    for x in range(root, int(game.subtree_end[root])):
        kind = int(game.node_kind[x])
        if kind == 0:
            rec.add(0, outcome=rec.add_outcome(game.terminal_payoff(x)))
        elif kind == 1:
            h = int(game.node_infoset[x])
            rec.add(1, player=int(game.node_player[x]), infoset=h, actions=game.infoset_actions[h])
        else:
            rec.add(2, actions=game.node_actions(x), probs=game.chance_probabilities(x))
    return ExtensiveGame.from_records(rec)


# ----------------------------------------------------------------------------- Gambit corpus
CORPUS = [
    "catalog/books/shohamleytonbrown2008/fig5_10.efg",
    "catalog/books/shohamleytonbrown2008/fig6_2.efg",
    "contrib/games/2smp.efg",
    "contrib/games/e13.efg",
    "contrib/games/e16.efg",
    "contrib/games/km3.efg",
    "contrib/games/km6.efg",
    "contrib/games/sww2.efg",
    "contrib/games/sww3.efg",
    "contrib/games/vd.efg",
    "contrib/games/w_ex1.efg",
    "contrib/games/wilson1.efg",
    "contrib/games/work1.efg",
    "contrib/games/work2.efg",
    "tests/test_games/3_player.efg",
    "tests/test_games/entry_accommodation.efg",
    "tests/test_games/reduction_both_players_payoff_ties_GTE_survey.efg",
    "tests/test_games/reduction_generic_payoffs.efg",
    "tests/test_games/zerosum_efg_from_sequence_form_STOC94_paper.efg",
]


@pytest.mark.parametrize("rel", CORPUS)
def test_corpus_games_with_subgames(rel: str, gambit_games_dir: Path) -> None:
    """Every SPE we return is a Nash equilibrium by pygambit's own regret."""
    gbt = pytest.importorskip("pygambit")
    path = gambit_games_dir / rel
    game = gt.read_game(str(path))
    assert len(game.subgame_roots()) > 1 or not game.is_perfect_information()
    res = subgame_perfect(game, max_equilibria=20)
    assert len(res) >= 1
    g = gbt.read_efg(str(path))
    for eq in res:
        assert eq.subgame_regret == 0 and eq.max_regret == 0
        prof = g.mixed_behavior_profile(rational=True)
        for infoset in g.infosets:
            ours = _our_infoset(game, infoset)
            for k, act in enumerate(infoset.actions):
                prof[act] = gbt.Rational(str(eq.behavior[ours][game.infoset_actions[game.infoset_id(ours)][k]]))
        assert prof.max_regret() == 0


def _our_infoset(game: ExtensiveGame, gambit_infoset: Any) -> str:
    """Our infoset name for a pygambit infoset (same first member in preorder)."""
    g = gambit_infoset.game
    nodes = list(g.nodes)
    first = min(nodes.index(m) for m in gambit_infoset.members)
    return game.infoset_names[int(game.node_infoset[first])]


@pytest.mark.parametrize("rel", ["contrib/games/work3.efg", "contrib/games/pvw.efg"])
def test_corpus_realization_equivalent_equilibria_listed_once(rel: str, gambit_games_dir: Path) -> None:
    """Distinct mixed equilibria of a reduced normal form can induce the same behaviour
    strategies (Kuhn); each behaviour profile is listed once."""
    game = gt.read_game(str(gambit_games_dir / rel))
    res = subgame_perfect(game)
    profiles = [tuple(sorted((h, tuple(d.items())) for h, d in e.behavior.items())) for e in res]
    assert len(profiles) == len(set(profiles)) >= 2
    for eq in res:
        assert eq.max_regret == 0 and eq.subgame_regret == 0
