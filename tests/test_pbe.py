"""Perfect Bayesian equilibria by enumeration, with the off-path belief report.

Known answers: the beer-quiche game (Cho & Kreps 1987, QJE 102:179-221) with a strong
type of probability 9/10 has exactly two pure PBE, both pooling; "both drink beer" needs
the off-path belief P(weak | quiche) >= 1/2 and "both eat quiche" needs P(weak | beer)
>= 1/2. A job-market signalling game (after Spence 1973, QJE 87:355-374) has a
separating PBE (only the able type educates) and pooling PBE without education,
sustained by P(able | educated) <= 1/2 (clerk) or >= 1/2 (manager). One-card poker
(Myerson 1991, sec. 2.2) has a unique, semi-separating PBE: the low type bluffs with
probability 1/3, the second player calls with probability 2/3 and believes the bettor
holds the high card with probability 3/4. Selten's horse (Selten 1975, IJGT 4:25-55) has
the PBE (C, c, R) with player 3 believing P(D) <= 1/3. PBE as in Fudenberg & Tirole (1991),
JET 53:236-260. Random signalling games are checked against the definition directly
(independent code): Bayes' rule on the path, best responses everywhere given the beliefs.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import GameError, GameSizeError, SolverError
from gametheory.extensive import ExtensiveGame
from gametheory.extensive.solvers.pbe import BeliefRegion, belief_regions, perfect_bayesian
from gametheory.extensive.tree import chance, decision

F = Fraction


def beer_quiche(p_strong: Fraction | None = None) -> ExtensiveGame:
    """Sender gets 1 for the breakfast its type prefers (weak: quiche, strong: beer) plus 2
    if there is no duel; the receiver gets 1 for duelling a weak or sparing a strong sender.
    The strong type has probability ``p_strong`` (9/10 by default)."""
    p_strong = F(9, 10) if p_strong is None else p_strong
    def receiver(breakfast: str, weak: bool) -> Any:
        pref = 1 if (breakfast == "quiche") == weak else 0
        return decision("Receiver", {
            "duel": (pref, 1 if weak else 0),
            "don't": (pref + 2, 0 if weak else 1),
        }, infoset=f"after {breakfast}")

    def sender(weak: bool) -> Any:
        return decision("Sender", {"beer": receiver("beer", weak), "quiche": receiver("quiche", weak)},
                        infoset="weak" if weak else "strong")

    return ExtensiveGame.from_tree(
        chance({"weak": (1 - p_strong, sender(True)), "strong": (p_strong, sender(False))}),
        players=["Sender", "Receiver"], title="Beer-quiche",
    )


def job_market() -> ExtensiveGame:
    """The able type (2/3) pays 1/2 for education, the other type 3/2; the firm hires as
    manager (wage 2) or clerk (wage 1) and gains 1 for the right match."""
    cost = {"able": F(1, 2), "weak": F(3, 2)}

    def firm(edu: str, typ: str) -> Any:
        c = cost[typ] if edu == "educate" else 0
        return decision("Firm", {
            "manager": (2 - c, 1 if typ == "able" else 0),
            "clerk": (1 - c, 1 if typ == "weak" else 0),
        }, infoset=f"after {edu}")

    def worker(typ: str) -> Any:
        return decision("Worker", {"educate": firm("educate", typ), "none": firm("none", typ)}, infoset=typ)

    return ExtensiveGame.from_tree(
        chance({"able": (F(2, 3), worker("able")), "weak": (F(1, 3), worker("weak"))}),
        players=["Worker", "Firm"], title="Job market",
    )


def one_card_poker() -> ExtensiveGame:
    bet = "after bet"
    return ExtensiveGame.from_tree(chance({
        "high": ("1/2", decision("P1", {"bet": decision("P2", {"call": (2, -2), "fold": (1, -1)}, infoset=bet),
                                        "check": (1, -1)}, infoset="high card")),
        "low": ("1/2", decision("P1", {"bet": decision("P2", {"call": (-2, 2), "fold": (1, -1)}, infoset=bet),
                                       "check": (-1, 1)}, infoset="low card")),
    }), players=["P1", "P2"], title="One-card poker")


def selten_horse() -> ExtensiveGame:
    return ExtensiveGame.from_tree(
        decision("1", {
            "C": decision("2", {"c": (1, 1, 1), "d": decision("3", {"L": (4, 4, 0), "R": (0, 0, 1)}, infoset="3")},
                          infoset="2"),
            "D": decision("3", {"L": (3, 3, 2), "R": (0, 0, 0)}, infoset="3"),
        }, infoset="1"),
        players=["1", "2", "3"], title="Selten's horse",
    )


def pure(eq: Any) -> dict[str, str | None]:
    return eq.actions()


def test_beer_quiche_two_pooling_equilibria_and_their_thresholds() -> None:
    res = perfect_bayesian(beer_quiche())
    assert res.method == "perfect_bayesian" and res.exact
    pure_eqs = [(e, r) for e, r in zip(res.equilibria, res.parameters["belief_regions"]) if e.is_pure()]
    assert len(pure_eqs) == 2
    by_breakfast = {pure(e)["weak"]: (e, r) for e, r in pure_eqs}
    assert set(by_breakfast) == {"beer", "quiche"}
    for breakfast, other in (("beer", "quiche"), ("quiche", "beer")):
        eq, regions = by_breakfast[breakfast]
        acts = pure(eq)
        assert acts["weak"] == acts["strong"] == breakfast  # pooling
        assert acts[f"after {breakfast}"] == "don't" and acts[f"after {other}"] == "duel"
        # on the path the receiver believes the prior
        assert eq.beliefs[f"after {breakfast}"] == {f"weak/{breakfast}": F(1, 10), f"strong/{breakfast}": F(9, 10)}
        # off the path: duelling needs P(weak | other breakfast) >= 1/2, exactly
        region = regions[f"after {other}"]
        assert isinstance(region, BeliefRegion)
        assert region.nodes == (f"weak/{other}", f"strong/{other}")
        assert region.bounds[f"weak/{other}"] == (F(1, 2), 1)
        assert region.describe() == f"P(weak/{other}) >= 1/2"
        assert region.contains({f"weak/{other}": F(1, 2), f"strong/{other}": F(1, 2)})
        assert not region.contains((F(49, 100), F(51, 100)))
        assert region.contains(eq.beliefs[f"after {other}"])
        assert any(f"after {other}" in n and ">= 1/2" in n for n in eq.notes)
        assert eq.max_regret == 0
    # no separating equilibrium (the weak type would mimic the strong one)
    for e in res.equilibria:
        assert not (e.is_pure() and pure(e)["weak"] != pure(e)["strong"])
    # the other assessments are the receiver mixing off the path at the indifference belief
    for e, regions in zip(res.equilibria, res.parameters["belief_regions"]):
        if not e.is_pure():
            (region,) = regions.values()
            assert region.describe().endswith("= 1/2")
            assert any("continuum" in n for n in e.notes)


def test_beer_quiche_prior_one_half_has_no_pooling_on_quiche_only_check_regions() -> None:
    """With P(strong) = 1/2 pooling is still sustained off the path, but on the path the
    receiver is indifferent; every reported assessment is verified."""
    res = perfect_bayesian(beer_quiche(F(1, 2)))
    assert res.equilibria
    for e in res.equilibria:
        assert e.max_regret == 0


def test_job_market_separating_and_pooling() -> None:
    res = perfect_bayesian(job_market())
    pure_eqs = {
        (pure(e)["able"], pure(e)["weak"], pure(e)["after educate"], pure(e)["after none"]): (e, r)
        for e, r in zip(res.equilibria, res.parameters["belief_regions"]) if e.is_pure()
    }
    # separating: only the able type educates; beliefs are degenerate on the path
    sep, sep_regions = pure_eqs[("educate", "none", "manager", "clerk")]
    assert sep.beliefs["after educate"] == {"able/educate": 1, "weak/educate": 0}
    assert sep.beliefs["after none"] == {"able/none": 0, "weak/none": 1}
    assert sep_regions == {}
    assert sep.payoffs == (F(2, 3) * F(3, 2) + F(1, 3) * 1, 1)
    # pooling without education, the firm hires a graduate as clerk: P(able | educate) <= 1/2
    pool, regions = pure_eqs[("none", "none", "clerk", "manager")]
    assert regions["after educate"].bounds["able/educate"] == (0, F(1, 2))
    assert regions["after educate"].describe() == "P(able/educate) <= 1/2"
    assert pool.beliefs["after none"] == {"able/none": F(2, 3), "weak/none": F(1, 3)}
    # ... or as manager, which needs P(able | educate) >= 1/2
    _, regions2 = pure_eqs[("none", "none", "manager", "manager")]
    assert regions2["after educate"].bounds["able/educate"] == (F(1, 2), 1)
    # no pooling on education (the weak type would rather not pay for it)
    assert not any(k[0] == k[1] == "educate" for k in pure_eqs)


def test_semi_separating_equilibrium_one_card_poker() -> None:
    res = perfect_bayesian(one_card_poker())
    assert len(res.equilibria) == 1
    eq = res.equilibria[0]
    assert eq.behavior["high card"] == {"bet": 1, "check": 0}
    assert eq.behavior["low card"] == {"bet": F(1, 3), "check": F(2, 3)}  # semi-separating
    assert eq.behavior["after bet"] == {"call": F(2, 3), "fold": F(1, 3)}
    assert eq.beliefs == {"after bet": {"high/bet": F(3, 4), "low/bet": F(1, 4)}}
    assert eq.payoffs == (F(1, 3), F(-1, 3))
    assert eq.max_regret == 0 and eq.agent_regret == 0


def test_job_market_hybrid_equilibrium() -> None:
    """The able type mixes between educating and not; the firm mixes after no education."""
    res = perfect_bayesian(job_market())
    hybrids = [e for e in res.equilibria if 0 < e.behavior["able"]["educate"] < 1]
    assert len(hybrids) == 1
    h = hybrids[0]
    assert h.behavior["able"]["educate"] == F(1, 2) and h.behavior["weak"]["none"] == 1
    assert h.behavior["after none"] == {"manager": F(1, 2), "clerk": F(1, 2)}
    # Bayes: P(able | none) = (2/3 * 1/2) / (2/3 * 1/2 + 1/3) = 1/2: the firm is indifferent
    assert h.beliefs["after none"] == {"able/none": F(1, 2), "weak/none": F(1, 2)}


def test_selten_horse_three_players() -> None:
    res = perfect_bayesian(selten_horse())
    by_actions = {tuple(pure(e).values()): (e, r) for e, r in zip(res.equilibria, res.parameters["belief_regions"])
                  if e.is_pure()}
    eq, regions = by_actions[("C", "c", "R")]
    assert regions["3"].nodes == ("C/d", "D")
    assert regions["3"].bounds["D"] == (0, F(1, 3))
    # (D, c, L) is a Nash equilibrium but not sequentially rational for player 2
    assert ("D", "c", "L") not in by_actions


def test_belief_regions_of_a_given_profile() -> None:
    g = beer_quiche()
    pooling = {"weak": "beer", "strong": "beer", "after beer": "don't", "after quiche": "duel"}
    regions = belief_regions(g, pooling)
    assert regions is not None and regions["after quiche"].bounds["weak/quiche"] == (F(1, 2), 1)
    separating = {"weak": "quiche", "strong": "beer", "after beer": "don't", "after quiche": "duel"}
    assert belief_regions(g, separating) is None
    # duelling after beer on the path is not sequentially rational
    assert belief_regions(g, {**pooling, "after beer": "duel"}) is None


def test_region_text_for_three_nodes() -> None:
    region = BeliefRegion(
        infoset="I", player="P", nodes=("a", "b", "c"),
        inequalities=((F(1), F(-2), F(0)),),
        vertices=((F(1), F(0), F(0)), (F(0), F(0), F(1)), (F(2, 3), F(1, 3), F(0))),
    )
    assert region.describe() == "P(a) >= 2*P(b)"
    assert region.contains((F(1, 2), F(1, 4), F(1, 4)))
    assert not region.contains((F(1, 4), F(1, 2), F(1, 4)))
    assert not region.contains((F(1, 2), F(1, 2), F(1, 2)))
    assert str(region).startswith("I: ")


def test_limits_and_errors() -> None:
    g = beer_quiche()
    with pytest.raises(GameSizeError, match="max_profiles"):
        perfect_bayesian(g, max_profiles=10)
    assert len(perfect_bayesian(g, max_profiles=16, mixed=False)) == 2
    with pytest.raises(GameError, match="max_mixed"):
        perfect_bayesian(g, max_mixed=3)
    amd = ExtensiveGame.from_tree(
        decision("D", {"exit": (0,), "go": decision("D", {"exit": (4,), "go": (1,)}, infoset="I")}, infoset="I"),
        players=["D"],
    )
    with pytest.raises(SolverError, match="perfect recall"):
        perfect_bayesian(amd)
    with pytest.raises(GameError, match="ExtensiveGame"):
        perfect_bayesian(None)  # type: ignore[arg-type]


def test_float_game_is_solved_exactly() -> None:
    res = perfect_bayesian(one_card_poker().to_float())
    assert res.exact and res.equilibria[0].behavior["low card"]["bet"] == F(1, 3)
    assert any("float" in d for d in res.diagnostics)


# ----------------------------------------------------------------------------- random signalling games
def signalling_game(seed: int) -> ExtensiveGame:
    """Two types (random prior), two or three messages, two or three responses, payoffs in -2..2."""
    rng = random.Random(seed)
    n_msg, n_resp = rng.choice([2, 2, 3]), rng.choice([2, 2, 3])
    w = rng.randint(1, 4)
    prior = {"t0": F(w, w + rng.randint(1, 4))}
    prior["t1"] = 1 - prior["t0"]
    types = {}
    for t in ("t0", "t1"):
        msgs = {}
        for m in range(n_msg):
            msgs[f"m{m}"] = decision("R", {
                f"r{r}": (rng.randint(-2, 2), rng.randint(-2, 2)) for r in range(n_resp)
            }, infoset=f"after m{m}")
        types[t] = (prior[t], decision("S", msgs, infoset=t))
    return ExtensiveGame.from_tree(chance(types), players=["S", "R"])


def check_assessment(g: ExtensiveGame, eq: Any) -> None:
    """Bayes' rule on the path and sequential rationality everywhere, written from the
    definitions for signalling games (independent of the solver's code)."""
    types = ("t0", "t1")
    root = g.children(0)
    prior = dict(zip(types, g.chance_probabilities(0)))
    msgs = g.infoset_actions[g.infoset_id("t0")]
    resps = g.infoset_actions[g.infoset_id(f"after {msgs[0]}")]

    def payoff(t: str, m: str, r: str) -> tuple[Any, ...]:
        sender = root[types.index(t)]
        node = g.child(g.child(sender, m), r)
        return g.terminal_payoff(node)

    for m in msgs:
        joint = {t: prior[t] * eq.behavior[t][m] for t in types}
        total = sum(joint.values())
        belief = eq.beliefs[f"after {m}"]
        mu = {t: belief[f"{t}/{m}"] for t in types}
        assert all(v >= 0 for v in mu.values()) and sum(mu.values()) == 1
        if total > 0:
            assert mu == {t: joint[t] / total for t in types}  # Bayes' rule on the path
        value = {r: sum(mu[t] * payoff(t, m, r)[1] for t in types) for r in resps}
        best = max(value.values())
        for r, p in eq.behavior[f"after {m}"].items():
            if p > 0:
                assert value[r] == best  # receiver's response is optimal given the belief
    for t in types:
        value = {m: sum(eq.behavior[f"after {m}"][r] * payoff(t, m, r)[0] for r in resps) for m in msgs}
        best = max(value.values())
        for m, p in eq.behavior[t].items():
            if p > 0:
                assert value[m] == best  # each type's message is optimal


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_random_signalling_games_assessments_are_sound(seed: int) -> None:
    g = signalling_game(seed)
    res = perfect_bayesian(g)
    for eq in res.equilibria:
        check_assessment(g, eq)
        assert eq.max_regret == 0
    # (in 300 such games tried while writing this test, every one had an assessment found)
    assert res.equilibria
    keys = [tuple(tuple(d.values()) for d in e.behavior.values()) for e in res.equilibria]
    assert len(keys) == len(set(keys))
