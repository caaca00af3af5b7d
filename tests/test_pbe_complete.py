"""The complete PBE search (``perfect_bayesian(game, complete=True)``): every support profile,
indifference equations solved exactly.

Known answers: beer-quiche (Cho & Kreps 1987, QJE 102:179-221, sec. II) has two pure
pooling PBE and no separating one; one-card poker (Myerson 1991, sec. 2.2) has a unique
semi-separating equilibrium (bluff 1/3, call 2/3); Selten's horse (Selten 1975, IJGT
4:25-55, fig. 1) has the PBE (C, c) with player 3 playing L with probability at most 1/4
and believing P(D) <= 1/3. A signalling game with a fully mixed equilibrium (both types and
both of the receiver's information sets mix: four mixing sets) is found by the complete
search and missed by the two-set search; every assessment is checked against the
definition by independent code (tests/test_pbe.py ``check_assessment``) and against
pygambit (lcp_solve, enumpure_agent_solve) on the exported .efg.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pbe import (
    beer_quiche,
    check_assessment,
    job_market,
    one_card_poker,
    selten_horse,
    signalling_game,
)

from gametheory import GameSizeError
from gametheory.extensive import ExtensiveGame
from gametheory.extensive.solvers.pbe import belief_regions, count_supports, perfect_bayesian
from gametheory.extensive.tree import chance, decision
from gametheory.io.efg import dumps_efg

F = Fraction


def four_mixing_sets() -> ExtensiveGame:
    """Two equally likely types, two messages, two responses; besides pure and partly mixed
    equilibria it has one that mixes at both types and after both messages (found while
    writing this test by the complete search on random games; checked below from the
    definition)."""
    pay = {
        ("t0", "m0"): [(-3, -2), (1, 3)], ("t0", "m1"): [(0, 2), (-2, 1)],
        ("t1", "m0"): [(3, 1), (-2, -1)], ("t1", "m1"): [(-1, -2), (3, 2)],
    }
    types = {}
    for t in ("t0", "t1"):
        msgs = {m: decision("R", {f"r{r}": pay[(t, m)][r] for r in range(2)}, infoset=f"after {m}")
                for m in ("m0", "m1")}
        types[t] = ("1/2", decision("S", msgs, infoset=t))
    return ExtensiveGame.from_tree(chance(types), players=["S", "R"], title="Four mixing sets")


def mixing_sets(eq: Any) -> int:
    return sum(1 for d in eq.behavior.values() if sum(1 for p in d.values() if p > 0) > 1)


def test_complete_search_known_games() -> None:
    bq = perfect_bayesian(beer_quiche(), complete=True)
    assert bq.complete and bq.parameters["search"] == "complete"
    pure = [e.actions() for e in bq.equilibria if e.is_pure()]
    assert sorted(p["weak"] for p in pure) == ["beer", "quiche"]
    assert all(p["weak"] == p["strong"] for p in pure)  # pooling only
    poker = perfect_bayesian(one_card_poker(), complete=True)
    assert poker.complete and len(poker.equilibria) == 1
    assert poker.equilibria[0].behavior["low card"] == {"bet": F(1, 3), "check": F(2, 3)}
    assert poker.equilibria[0].behavior["after bet"] == {"call": F(2, 3), "fold": F(1, 3)}
    horse = perfect_bayesian(selten_horse(), complete=True)
    assert horse.complete
    for eq, regions in zip(horse.equilibria, horse.parameters["belief_regions"]):
        assert eq.behavior["1"]["C"] == 1 and eq.behavior["2"]["c"] == 1
        assert eq.behavior["3"]["L"] <= F(1, 4)  # Selten (1975): 3 plays L with probability <= 1/4
        assert regions["3"].bounds["D"][1] <= F(1, 3)
    # the continuum of player 3's mixtures is reported with its range
    assert any("(0, 1/4)" in n for e in horse.equilibria for n in e.notes)


def test_complete_search_finds_mixing_at_four_sets_two_set_search_does_not() -> None:
    g = four_mixing_sets()
    res = perfect_bayesian(g, complete=True)
    assert res.complete
    full = [e for e in res.equilibria if mixing_sets(e) == 4]
    assert full
    for e in res.equilibria:
        check_assessment(g, e)  # the definition, independent code
        assert e.max_regret == 0 and e.agent_regret == 0
    eq = next(e for e in full if e.behavior["t0"]["m0"] == F(1, 3))
    assert eq.behavior["t1"] == {"m0": F(5, 6), "m1": F(1, 6)}
    assert eq.behavior["after m0"] == {"r0": F(1, 3), "r1": F(2, 3)}
    assert eq.behavior["after m1"] == {"r0": F(5, 6), "r1": F(1, 6)}
    # Bayes: P(t0 | m0) = (1/2 * 1/3) / (1/2 * 1/3 + 1/2 * 5/6) = 2/7
    assert eq.beliefs["after m0"] == {"t0/m0": F(2, 7), "t1/m0": F(5, 7)}
    old = perfect_bayesian(g)
    assert not any(mixing_sets(e) == 4 for e in old.equilibria)
    assert not old.complete


def test_complete_contains_the_two_set_search_pure_results() -> None:
    for g in (beer_quiche(), job_market(), one_card_poker(), selten_horse()):
        new = {str(e) for e in perfect_bayesian(g, complete=True).equilibria if e.is_pure()}
        old = {str(e) for e in perfect_bayesian(g).equilibria if e.is_pure()}
        assert old == new, g.title


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_random_signalling_games_complete_search_is_sound(seed: int) -> None:
    g = signalling_game(seed)
    if count_supports(g) > 400:  # three messages: seconds each, covered by the two-set tests
        return
    res = perfect_bayesian(g, complete=True)
    assert res.equilibria
    for eq in res.equilibria:
        check_assessment(g, eq)
        assert eq.max_regret == 0
    # every pure assessment is found by both searches
    old = {str(e) for e in perfect_bayesian(g).equilibria if e.is_pure()}
    assert old == {str(e) for e in res.equilibria if e.is_pure()}


def test_size_guard() -> None:
    g = signalling_game(3)
    n = count_supports(g)
    with pytest.raises(GameSizeError, match=f"{n:,} support profiles"):
        perfect_bayesian(g, complete=True, max_supports=n - 1)


def _gambit(g: ExtensiveGame, tmp_path: Path) -> Any:
    gbt = pytest.importorskip("pygambit")
    path = tmp_path / "game.efg"
    path.write_text(dumps_efg(g))
    return gbt, gbt.read_efg(str(path))


@pytest.mark.parametrize("make", [beer_quiche, job_market, one_card_poker, four_mixing_sets, selten_horse])
def test_against_pygambit(make: Any, tmp_path: Path) -> None:
    g = make()
    gbt, G = _gambit(g, tmp_path)
    res = perfect_bayesian(g, complete=True)
    ours = [{h: dict(d) for h, d in e.behavior.items()} for e in res.equilibria]
    # every assessment is a Nash equilibrium by pygambit's regret
    for b in ours:
        prof = G.mixed_behavior_profile(rational=True)
        for infoset in G.infosets:
            for act in infoset.actions:
                x = b[infoset.label][act.label]
                prof[act] = gbt.Rational(x.numerator, x.denominator)
        assert Fraction(prof.max_regret()) == 0
    # pygambit's pure agent equilibria: ours are among them, the others have no PBE beliefs
    theirs = []
    for eq in gbt.nash.enumpure_agent_solve(G).equilibria:
        theirs.append({i.label: {a.label: F(eq[a]) for a in i.actions} for i in G.infosets})
    pure_ours = [b for b, e in zip(ours, res.equilibria) if e.is_pure()]
    for b in pure_ours:
        assert b in theirs
    for b in theirs:
        if b not in pure_ours:
            assert belief_regions(g, b) is None
    # two players: pygambit's Lemke equilibrium is ours whenever some beliefs make it a PBE
    # (off-path mixtures are one point of a continuum in our list, so compare those on the path)
    if len(g.players) == 2:
        for eq in gbt.nash.lcp_solve(G, rational=True).equilibria:
            b = {i.label: {a.label: F(eq[a]) for a in i.actions} for i in G.infosets}
            if belief_regions(g, b) is None:
                continue
            reach = g.realization_probabilities(g.behavior_profile(b))
            on_path = [h for h in b if any(reach[n] for n in g.infoset_members[g.infoset_id(h)])]
            assert any(all(b[h] == o[h] for h in on_path) for o in ours)



def test_region_keeps_a_belief_on_the_node_where_the_comparison_ties() -> None:
    """Off the path after m2 the receiver mixes; r1 is better at t1/m2 and tied at t0/m2, so
    exactly the belief on t0 sustains the mixture (a comparison (0, -1) excludes t1, it does
    not rule out every belief; an earlier version rejected such regions)."""
    g = signalling_game(5)
    b = {"t0": "m0", "t1": "m1", "after m0": "r0", "after m1": "r0", "after m2": {"r0": F(2, 3), "r1": F(1, 3)}}
    regions = belief_regions(g, b)
    assert regions is not None
    assert regions["after m2"].vertices == ((F(1), F(0)),)
    assert regions["after m2"].describe() == "P(t0/m2) = 1"
    eq = next(e for e in perfect_bayesian(g).equilibria
              if e.actions()["t0"] == "m0" and e.actions()["t1"] == "m1" and not e.is_pure())
    check_assessment(g, eq)
