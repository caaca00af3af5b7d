"""The agent form of trees (gametheory.extensive.agent): the agent Lyapunov value equals
pygambit's ``MixedBehaviorProfile.agent_liap_value`` exactly on every .efg of the Gambit corpus
(random rational profiles, with unreached information sets and absent-mindedness); the pure
agent equilibria equal pygambit's ``enumpure_agent_solve`` on every .efg pygambit reads (up to
the size limit below), and a brute force by the definition on the files it rejects."""

from __future__ import annotations

import itertools
import json
import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import GAMBIT_GAMES_DIR

import gametheory as gt
from gametheory import ExtensiveGame, GameError, GameSizeError
from gametheory.extensive.agent import (
    AgentPureEquilibria,
    agent_action_values,
    agent_lyapunov_value,
    agent_pure_equilibria,
)
from gametheory.extensive.behavior import expected_payoffs, pure_behavior
from gametheory.extensive.tree import chance, decision, terminal

EFG_FILES = sorted(GAMBIT_GAMES_DIR.rglob("*.efg")) if GAMBIT_GAMES_DIR.is_dir() else []
EFG_IDS = [str(p.relative_to(GAMBIT_GAMES_DIR)) for p in EFG_FILES]

#: Trees with more pure behaviour profiles than this are only size-checked here (pygambit takes
#: seconds to minutes on them; they matched when run by hand); every other corpus tree is compared.
MAX_TEST_PROFILES = 10_000


def _num_profiles(g: ExtensiveGame) -> int:
    return math.prod(len(a) for a in g.infoset_actions)


def _read_gambit(gbt: Any, path: Path) -> Any:
    try:
        return gbt.read_efg(str(path))
    except ValueError:
        return None  # pygambit 16 rejects repeated node labels in a few contrib files


def _infoset_map(g: ExtensiveGame, G: Any) -> dict[Any, int]:
    pos = {node: k for k, node in enumerate(G.nodes)}
    return {info: int(g.node_infoset[pos[list(info.members)[0]]]) for info in G.infosets}


def random_dists(g: ExtensiveGame, rng: random.Random, zeros: bool) -> list[list[Fraction]]:
    out = []
    for acts in g.infoset_actions:
        w = [rng.randint(0 if zeros else 1, 3) for _ in acts]
        if sum(w) == 0:
            w[rng.randrange(len(w))] = 1
        out.append([Fraction(x, sum(w)) for x in w])
    return out


@pytest.mark.parametrize("path", EFG_FILES, ids=EFG_IDS)
def test_agent_lyapunov_matches_pygambit(path: Path, gambit_games_dir: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    G = _read_gambit(gbt, path)
    if G is None:
        pytest.skip("pygambit cannot read this file")
    g = gt.read_game(path)
    hmap = _infoset_map(g, G)
    rng = random.Random(path.name)
    for rep in range(4):
        dists = random_dists(g, rng, zeros=rep > 0)
        P = G.mixed_behavior_profile(rational=True)
        for info in G.infosets:
            for act, x in zip(info.actions, dists[hmap[info]]):
                P[act] = gbt.Rational(x.numerator, x.denominator)
        b = g.behavior_profile(dists)
        assert agent_lyapunov_value(g, b) == Fraction(P.agent_liap_value()), rep
        values = agent_action_values(g, b)
        for info in G.infosets:
            name = g.infoset_names[hmap[info]]
            if values[name] is not None:
                got = values[name]
                assert got is not None
                # ours include payoffs attached above h (a constant shift within h): compare differences
                mine = [got[a] for a in g.infoset_actions[hmap[info]]]
                theirs = [Fraction(P.action_value(a)) for a in info.actions]
                assert [x - mine[0] for x in mine] == [y - theirs[0] for y in theirs]
        # float arithmetic: the same value to rounding
        Pf = G.mixed_behavior_profile(rational=False)
        for info in G.infosets:
            for act, x in zip(info.actions, dists[hmap[info]]):
                Pf[act] = float(x)
        fl = agent_lyapunov_value(g.to_float(), [[float(x) for x in d] for d in dists])
        assert isinstance(fl, float)
        assert fl == pytest.approx(Pf.agent_liap_value(), rel=1e-9, abs=1e-9)


def _gambit_choices(g: ExtensiveGame, G: Any, eqs: Any) -> set[tuple[str, ...]]:
    hmap = _infoset_map(g, G)
    out = set()
    for eq in eqs:
        choice: dict[int, str] = {}
        for info in G.infosets:
            probs = [eq[a] for a in info.actions]
            assert sorted(probs) == [0] * (len(probs) - 1) + [1]
            choice[hmap[info]] = g.infoset_actions[hmap[info]][probs.index(1)]
        out.add(tuple(choice[h] for h in range(g.num_infosets)))
    return out


def _ours(res: AgentPureEquilibria, g: ExtensiveGame) -> set[tuple[str, ...]]:
    got = {tuple(c[g.infoset_names[h]] for h in range(g.num_infosets)) for c in res.choices}
    assert len(got) == len(res)
    return got


def brute_force(g: ExtensiveGame) -> set[tuple[str, ...]]:
    """Every pure profile where no agent gains by switching, by the tree evaluator (slow, direct)."""
    out = set()
    names = g.infoset_names
    for combo in itertools.product(*g.infoset_actions):
        choice = dict(zip(names, combo))
        u = expected_payoffs(g, pure_behavior(g, choice))
        ok = True
        for h, name in enumerate(names):
            i = int(g.infoset_player[h])
            for a in g.infoset_actions[h]:
                if expected_payoffs(g, pure_behavior(g, {**choice, name: a}))[i] > u[i]:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            out.add(combo)
    return out


@pytest.mark.parametrize("path", EFG_FILES, ids=EFG_IDS)
def test_agent_pure_equilibria_match_pygambit(path: Path, gambit_games_dir: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    g = gt.read_game(path)
    n = _num_profiles(g)
    if n > MAX_TEST_PROFILES:
        with pytest.raises(GameSizeError, match="max_profiles"):
            agent_pure_equilibria(g, max_profiles=MAX_TEST_PROFILES)
        return
    res = agent_pure_equilibria(g)
    assert res.profiles_checked == n and res.exact
    ours = _ours(res, g)
    G = _read_gambit(gbt, path)
    if G is None:
        if n <= 600:
            assert ours == brute_force(g)
        return
    assert ours == _gambit_choices(g, G, gbt.nash.enumpure_agent_solve(G).equilibria)
    # payoffs reported are the tree's expected payoffs
    for prof, u in list(zip(res.equilibria, res.payoffs))[:5]:
        assert tuple(expected_payoffs(g, prof)) == u


def test_float_game_gives_the_same_equilibria(gambit_games_dir: Path) -> None:
    checked = 0
    for path in EFG_FILES:
        g = gt.read_game(path)
        if _num_profiles(g) > 2000 or path.name == "large_payoff_game.efg":
            # payoffs of 1e19 next to payoffs of 1: the float tolerance (1e-9 x 1e19) makes
            # unit differences ties there, so float arithmetic finds more equilibria (by design)
            continue
        exact = agent_pure_equilibria(g)
        flt = agent_pure_equilibria(g.to_float())
        assert flt.arithmetic == "float"
        assert flt.choices == exact.choices, path.name
        checked += 1
    assert checked > 100


def test_agent_lyapunov_vanishes_at_pure_agent_equilibria_without_absent_mindedness(gambit_games_dir: Path) -> None:
    checked = 0
    for path in EFG_FILES:
        g = gt.read_game(path)
        if _num_profiles(g) > 2000 or "AM" in path.name or "gilboa" in str(path) or "fig5_12" in path.name:
            continue
        for prof in agent_pure_equilibria(g).equilibria[:10]:
            assert agent_lyapunov_value(g, prof) == 0, path.name
            checked += 1
    assert checked > 100


def entry() -> ExtensiveGame:
    tree = decision("Entrant", {"out": terminal(0, 2),
                                "in": decision("Incumbent", {"fight": terminal(-1, -1), "share": terminal(1, 1)})})
    return ExtensiveGame.from_tree(tree, players=["Entrant", "Incumbent"])


def test_entry_game_agent_equilibria_and_json() -> None:
    g = entry()
    res = agent_pure_equilibria(g)
    assert isinstance(res, gt.AgentPureEquilibria)
    assert [dict(c) for c in res.choices] == [
        {g.infoset_names[0]: "out", g.infoset_names[1]: "fight"},
        {g.infoset_names[0]: "in", g.infoset_names[1]: "share"},
    ]
    assert res.payoffs == ((0, 2), (1, 1))
    data = json.loads(json.dumps(res.to_json()))
    assert data["method"] == "enumpure_agent" and data["arithmetic"] == "exact"
    assert data["payoffs"] == [["0", "2"], ["1", "1"]] and data["profiles_checked"] == 4
    assert "equilibria" not in data
    assert "2 pure agent-form equilibria among 4 pure profiles" in str(res)
    # the incumbent's threat is never tested on the path: agent Lyapunov 0 (unreached infoset)
    assert agent_lyapunov_value(g, res[0]) == 0
    assert agent_action_values(g, res[0])[g.infoset_names[1]] is None


def test_chance_and_unreached_values() -> None:
    tree = chance({"a": (Fraction(1, 3), decision("P", {"x": terminal(1), "y": terminal(0)})),
                   "b": (Fraction(2, 3), terminal(5))})
    g = ExtensiveGame.from_tree(tree, players=["P"])
    res = agent_pure_equilibria(g)
    assert [dict(c) for c in res.choices] == [{g.infoset_names[0]: "x"}]
    assert res.payoffs == ((Fraction(1, 3) + Fraction(10, 3),),)
    # conditional on reaching P's node, y loses 1 -> Lyapunov 1 (not weighted by 1/3)
    assert agent_lyapunov_value(g, {g.infoset_names[0]: {"y": 1}}) == 1


def test_refusals() -> None:
    g = entry()
    with pytest.raises(GameSizeError, match="more than max_profiles=3"):
        agent_pure_equilibria(g, max_profiles=3)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(GameError, match="max_profiles"):
            agent_pure_equilibria(g, max_profiles=bad)  # type: ignore[arg-type]
    with pytest.raises(GameError, match="probabilities"):
        agent_lyapunov_value(g, {g.infoset_names[0]: [Fraction(1, 2), Fraction(1, 3)], g.infoset_names[1]: [1, 0]})


def test_symbolic_trees_are_refused() -> None:
    from gametheory.symbolic import Parameter

    c = Parameter("c", default=2)
    tree = decision("A", {"l": ("c", 0), "r": (1, 1)})
    g = ExtensiveGame.from_tree(tree, players=["A", "B"], parameters=[c])
    assert g.is_symbolic()
    with pytest.raises(GameError, match="symbolic"):
        agent_pure_equilibria(g)
    with pytest.raises(GameError, match="symbolic"):
        agent_lyapunov_value(g, {g.infoset_names[0]: [1, 0]})


def test_strategic_lyapunov_of_behaviour_profiles_matches_pygambit(gambit_games_dir: Path) -> None:
    """Gambit's ``MixedBehaviorProfile.liap_value`` is the strategic Lyapunov value of the mixed
    profile the behaviour profile induces on the reduced strategic form (Gambit 16 lists the
    reduced strategies of a tree): the same as :func:`lyapunov_value` on ``to_normal_form()``
    (the sum does not depend on the order of the strategies)."""
    gbt = pytest.importorskip("pygambit")
    from gametheory.extensive.reduced import behavior_to_mixed, count_reduced_strategies
    from gametheory.normal.verify import lyapunov_value

    rng = random.Random(17)
    checked = 0
    for path in EFG_FILES:
        g = gt.read_game(path)
        if not g.has_perfect_recall() or math.prod(count_reduced_strategies(g, i) for i in range(g.num_players)) > 512:
            continue
        G = _read_gambit(gbt, path)
        if G is None:
            continue
        hmap = _infoset_map(g, G)
        nf = g.to_normal_form()
        for rep in range(2):
            dists = random_dists(g, rng, zeros=rep > 0)
            P = G.mixed_behavior_profile(rational=True)
            for info in G.infosets:
                for act, x in zip(info.actions, dists[hmap[info]]):
                    P[act] = gbt.Rational(x.numerator, x.denominator)
            mixed = behavior_to_mixed(g, g.behavior_profile(dists))
            assert lyapunov_value(nf, mixed) == Fraction(P.liap_value()), path.name
        checked += 1
    assert checked > 40
