"""Refinements of perfect Bayesian assessments: sequential equilibrium, intuitive criterion, D1.

Known answers:

* Beer-quiche (Cho & Kreps 1987, QJE 102:179-221, sec. II and IV): of the two pooling
  equilibria the intuitive criterion eliminates pooling on quiche (the strong type would
  deviate to beer once the weak type, who cannot gain from beer, is ruled out) and keeps
  pooling on beer. Both are sequential (signalling games put no restriction on off-path
  beliefs beyond Bayes; Fudenberg & Tirole 1991, Game Theory, sec. 8.3).
* Spence-style job market (Spence 1973; Cho & Kreps 1987 sec. V; Fudenberg & Tirole 1991,
  sec. 11.2): with the able type rare (1/3), the separating equilibrium survives and the
  pooling equilibrium without education, sustained by the firm treating graduates as weak,
  fails: the able type would educate.
* Selten's horse (Selten 1975, IJGT 4:25-55; Kreps & Wilson 1982, Econometrica 50:863-894,
  sec. 3): the sequential equilibria are (C, c) with player 3 playing L with probability at
  most 1/4 and believing P(D) <= 1/3.
* A three-player tree where a weak PBE rests on a belief no tremble produces (player 3
  believes in player 2's unused action although both nodes follow the same deviation of
  player 1): it is not sequential (Kreps & Wilson 1982, sec. 4, the consistency condition;
  Fudenberg & Tirole 1991, fig. 8.4 discusses such games).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pbe import beer_quiche, one_card_poker, selten_horse, signalling_game

from gametheory import GameError, SolverError
from gametheory._kernel.results import dumps
from gametheory.extensive import ExtensiveGame
from gametheory.extensive.solvers.pbe import BeliefRegion, perfect_bayesian
from gametheory.extensive.solvers.refine import (
    d1_criterion,
    intuitive_criterion,
    refine,
    sequential_check,
    sequential_equilibria,
)
from gametheory.extensive.tree import chance, decision

F = Fraction


def spence() -> ExtensiveGame:
    """Wages 2 (manager) or 1 (clerk); education costs the able type 1/2 and the weak type
    3/2; the firm gains 1 for the right match."""
    p_able = F(1, 3)
    cost = {"able": F(1, 2), "weak": F(3, 2)}

    def firm(edu: str, typ: str) -> Any:
        c = cost[typ] if edu == "educate" else 0
        return decision("Firm", {"manager": (2 - c, 1 if typ == "able" else 0),
                                 "clerk": (1 - c, 1 if typ == "weak" else 0)}, infoset=f"after {edu}")

    def worker(typ: str) -> Any:
        return decision("Worker", {"educate": firm("educate", typ), "none": firm("none", typ)}, infoset=typ)

    return ExtensiveGame.from_tree(
        chance({"able": (p_able, worker("able")), "weak": (1 - p_able, worker("weak"))}),
        players=["Worker", "Firm"], title="Spence",
    )


def inconsistent_tree() -> ExtensiveGame:
    return ExtensiveGame.from_tree(decision("1", {
        "Out": (1, 1, 1),
        "In": decision("2", {
            "a": decision("3", {"x": (2, 1, 1), "y": (0, 1, 0)}, infoset="3"),
            "b": decision("3", {"x": (0, 0, 0), "y": (0, 0, 1)}, infoset="3"),
        }, infoset="2"),
    }, infoset="1"), players=["1", "2", "3"], title="Inconsistent beliefs")


def test_beer_quiche_intuitive_criterion_selects_beer() -> None:
    g = beer_quiche()
    res = refine(perfect_bayesian(g, complete=True))
    pure = {e.actions()["weak"]: (e, v) for e, v in zip(res.equilibria, res.parameters["refinements"])
            if e.is_pure()}
    beer, beer_v = pure["beer"]
    quiche, quiche_v = pure["quiche"]
    assert beer_v["intuitive"].passed is True
    assert quiche_v["intuitive"].passed is False
    assert quiche_v["intuitive"].witness == {"type": "strong", "message": "beer", "dominated": ["weak"]}
    assert "type strong would deviate to beer" in quiche_v["intuitive"].reason
    assert beer_v["D1"].passed is True and quiche_v["D1"].passed is False
    assert quiche_v["D1"].witness["deleted"] == {"weak": "strong"}
    assert beer_v["sequential"].passed and quiche_v["sequential"].passed
    assert any(n.startswith("intuitive: fails") for n in quiche.notes)
    # the verdicts are part of the JSON
    data = json.loads(dumps(res))
    assert data["parameters"]["refinements"][0]["intuitive"]["passed"] in (True, False)
    # the same verdicts from the functions directly
    assert intuitive_criterion(g, beer).passed and not intuitive_criterion(g, quiche).passed
    assert d1_criterion(g, beer.behavior).passed


def test_spence_separating_survives_pooling_fails() -> None:
    g = spence()
    res = refine(perfect_bayesian(g, complete=True), ("intuitive", "D1"))
    by = {(e.actions()["able"], e.actions()["weak"], e.actions()["after educate"], e.actions()["after none"]): v
          for e, v in zip(res.equilibria, res.parameters["refinements"]) if e.is_pure()}
    sep = by[("educate", "none", "manager", "clerk")]
    assert sep["intuitive"].passed and sep["D1"].passed
    pool = by[("none", "none", "clerk", "clerk")]
    assert pool["intuitive"].passed is False
    assert pool["intuitive"].witness["type"] == "able" and pool["intuitive"].witness["message"] == "educate"
    assert pool["intuitive"].witness["dominated"] == ["weak"]
    assert pool["D1"].passed is False


def test_selten_horse_sequential_equilibria() -> None:
    res = sequential_equilibria(selten_horse())
    assert res.complete and res.method == "sequential_equilibria"
    assert res.equilibria
    for eq, regions in zip(res.equilibria, res.parameters["belief_regions"]):
        assert eq.behavior["1"]["C"] == 1 and eq.behavior["2"]["c"] == 1
        assert eq.behavior["3"]["L"] <= F(1, 4)
        belief = eq.beliefs["3"]
        assert belief["D"] <= F(1, 3)  # Kreps & Wilson: the consistent belief sustaining R
        assert isinstance(regions["3"], BeliefRegion) and regions["3"].contains(belief)
    pure = [e for e in res.equilibria if e.is_pure()]
    assert [e.actions() for e in pure] == [{"1": "C", "2": "c", "3": "R"}]


def test_weak_pbe_with_inconsistent_beliefs_is_not_sequential() -> None:
    g = inconsistent_tree()
    pbe = perfect_bayesian(g, complete=True)
    weak = [e for e in pbe.equilibria if e.behavior["1"]["Out"] == 1]
    assert weak  # (Out, a, y) with P(In/b) >= 1/2 is a weak PBE
    for e in weak:
        v = sequential_check(g, e)
        assert v.passed is False and "inconsistent" in v.reason
    seq = sequential_equilibria(g)
    assert seq.complete
    assert [e.actions() for e in seq.equilibria] == [{"1": "In", "2": "a", "3": "x"}]


def test_signalling_checks_need_a_signalling_game_and_a_pbe() -> None:
    with pytest.raises(GameError, match="signalling game"):
        intuitive_criterion(selten_horse(), {"1": "C", "2": "c", "3": "R"})
    with pytest.raises(GameError, match="signalling game"):
        d1_criterion(one_card_poker(), {"high card": "bet", "low card": "check", "after bet": "call"})
    separating = {"weak": "quiche", "strong": "beer", "after beer": "don't", "after quiche": "duel"}
    with pytest.raises(SolverError, match="not a perfect Bayesian"):
        intuitive_criterion(beer_quiche(), separating)
    assert sequential_check(beer_quiche(), separating).passed is False
    res = refine(perfect_bayesian(one_card_poker(), complete=True))
    (v,) = res.parameters["refinements"]
    assert v["sequential"].passed and v["intuitive"].passed is None and "not applicable" in v["intuitive"].reason
    with pytest.raises(GameError, match="unknown refinements"):
        refine(res, ("perfect",))
    with pytest.raises(GameError, match="ExtensiveSolveResult"):
        refine(None)  # type: ignore[arg-type]
    with pytest.raises(GameError, match="exact"):
        intuitive_criterion(beer_quiche(), {h: {a: 0.5 for a in ("beer", "quiche")} if h in ("weak", "strong")
                                            else {"duel": 0.5, "don't": 0.5} for h in
                                            ("weak", "strong", "after beer", "after quiche")})


def test_consistency_fixes_a_belief_after_chance() -> None:
    """Player 2 does not see chance's move after player 1's deviation In; every tremble gives
    the prior 1/3 : 2/3 (Kreps & Wilson 1982, sec. 4: beliefs must respect chance's moves).
    Keeping 1 out needs P(In/L) >= 1/2 (player 2 plays u), so no such weak PBE is sequential."""
    g = ExtensiveGame.from_tree(decision("1", {
        "Out": (1, 1),
        "In": chance({"L": ("1/3", decision("2", {"u": (0, 1), "v": (2, 0)}, infoset="2")),
                      "R": ("2/3", decision("2", {"u": (0, 0), "v": (2, 1)}, infoset="2"))}),
    }, infoset="1"), players=["1", "2"])
    pbe = perfect_bayesian(g, complete=True)
    outs = [e for e in pbe.equilibria if e.behavior["1"]["Out"] == 1]
    assert outs and all(sequential_check(g, e).passed is False for e in outs)
    seq = sequential_equilibria(g)
    assert seq.complete and [e.actions() for e in seq.equilibria] == [{"1": "In", "2": "v"}]
    assert seq.equilibria[0].beliefs["2"] == {"In/L": F(1, 3), "In/R": F(2, 3)}
    # a belief region meeting the prior passes, with the prior as the consistent belief
    mixed = {"1": "Out", "2": {"u": F(1, 2), "v": F(1, 2)}}
    assert sequential_check(g, mixed).passed is False  # needs exactly 1/2 : 1/2
    v = sequential_check(selten_horse(), {"1": "C", "2": "c", "3": "R"})
    assert v.passed and v.witness["beliefs"]["3"]["D"] <= F(1, 3)
    assert json.loads(dumps(v))["passed"] is True and v.method == "sequential"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_random_signalling_games_every_pbe_is_sequential(seed: int) -> None:
    """In a signalling game each type's off-path message is its own tremble, so every belief
    after an unused message is a limit: every PBE is sequential (Fudenberg & Tirole 1991,
    Game Theory, sec. 8.3). The signalling refinements return a decided verdict with a reason."""
    g = signalling_game(seed)
    res = refine(perfect_bayesian(g))
    for eq, verdicts in zip(res.equilibria, res.parameters["refinements"]):
        assert verdicts["sequential"].passed is True, eq
        for name in ("intuitive", "D1"):
            assert verdicts[name].passed in (True, False) and verdicts[name].reason
            if verdicts[name].passed is False:
                assert verdicts[name].witness["message"] in g.infoset_actions[g.infoset_id("t0")]
