"""Checks of given normal-form profiles (gametheory.normal.verify): the Lyapunov value equals
pygambit's ``MixedStrategyProfile.liap_value`` on every .nfg of the Gambit corpus (exactly for
rational profiles, to float tolerance for float ones), vanishes exactly at the equilibria the
engine finds, and bounds the regrets; epsilon-Nash checks compare exactly, refuse bad input
with a GameError, and write JSON."""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import GameError, NormalFormGame
from gametheory.normal.verify import EpsilonNashCheck, deviation_gains, epsilon_nash, lyapunov_value


def random_profile(g: NormalFormGame, rng: random.Random, zeros: bool = True) -> list[list[Fraction]]:
    out = []
    for n in g.shape:
        w = [rng.randint(0 if zeros else 1, 4) for _ in range(n)]
        if sum(w) == 0:
            w[rng.randrange(n)] = 1
        out.append([Fraction(x, sum(w)) for x in w])
    return out


def gambit_profile(gbt: Any, G: Any, prof: list[list[Fraction]], rational: bool = True) -> Any:
    P = G.mixed_strategy_profile(rational=rational)
    for player, vec in zip(G.players, prof):
        for s, x in zip(player.strategies, vec):
            P[s] = gbt.Rational(x.numerator, x.denominator) if rational else float(x)
    return P


def test_lyapunov_matches_pygambit_on_corpus(gambit_nfg_path: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    g = gt.read_game(gambit_nfg_path)
    assert isinstance(g, NormalFormGame)
    g = g if g.is_exact else g.to_exact()  # decimal payoffs: Gambit reads them as exact decimals too
    G = gbt.read_nfg(str(gambit_nfg_path))
    rng = random.Random(gambit_nfg_path.name)
    for rep in range(4):
        prof = random_profile(g, rng, zeros=rep > 0)
        P = gambit_profile(gbt, G, prof)
        # the same game and the same profile: payoffs agree first
        assert g.expected_payoffs(prof) == tuple(Fraction(P.payoff(p)) for p in G.players)
        assert lyapunov_value(g, prof) == Fraction(P.liap_value())
        check = epsilon_nash(g, prof)
        assert check.max_regret == Fraction(P.max_regret())
        assert check.lyapunov == Fraction(P.liap_value())
        # float arithmetic: the same values to rounding
        Pf = gambit_profile(gbt, G, prof, rational=False)
        fl = lyapunov_value(g.to_float(), [[float(x) for x in v] for v in prof])
        assert isinstance(fl, float)
        assert fl == pytest.approx(Pf.liap_value(), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("name", ["matching_pennies", "battle_of_the_sexes", "prisoners_dilemma", "rock_paper_scissors"])
def test_lyapunov_vanishes_exactly_at_equilibria(name: str) -> None:
    from gametheory.normal import examples

    g = getattr(examples, name)()
    res = gt.solve(g)
    assert len(res) >= 1
    for eq in res:
        prof = [list(v) for v in eq.profile]
        assert lyapunov_value(g, prof) == 0
        check = epsilon_nash(g, prof)
        assert check.is_epsilon_nash and check.max_regret == 0 and check.exact


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=st.lists(st.integers(1, 3), min_size=2, max_size=3), seed=st.integers(0, 2**31))
def test_lyapunov_bounds_the_regrets(data: st.DataObject, shape: list[int], seed: int) -> None:
    """max_i R_i^2 <= L <= sum_i |S_i| R_i^2, with L = 0 exactly when every regret is 0."""
    import numpy as np

    per = math.prod(shape)
    vals = data.draw(st.lists(st.integers(-5, 5), min_size=per * len(shape), max_size=per * len(shape)))
    g = NormalFormGame.from_arrays(
        *[np.array(vals[i * per:(i + 1) * per], dtype=object).reshape(shape) for i in range(len(shape))]
    )
    prof = random_profile(g, random.Random(seed))
    L = lyapunov_value(g, prof)
    regrets = g.regrets(prof)
    assert isinstance(L, Fraction) and L >= 0
    assert max(r * r for r in regrets) <= L <= sum(n * r * r for n, r in zip(g.shape, regrets))
    assert (L == 0) == all(r == 0 for r in regrets)
    gains = deviation_gains(g, prof)
    # the profile's payoff is the average of the pure-strategy payoffs: gains average to 0
    for vec, row in zip(prof, gains):
        assert sum(p * x for p, x in zip(vec, row)) == 0


def test_epsilon_nash_compares_exactly() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    prof = [[Fraction(1, 2), Fraction(1, 2)], [0, 1]]
    assert epsilon_nash(pd, prof, Fraction(1, 2)).is_epsilon_nash
    assert not epsilon_nash(pd, prof, Fraction(1, 2) - Fraction(1, 10**30)).is_epsilon_nash
    assert epsilon_nash(pd, prof, "0.5").is_epsilon_nash
    assert epsilon_nash(pd, prof, 0.5).is_epsilon_nash  # a float epsilon is read as its decimal
    check = epsilon_nash(pd, prof, "1/4")
    assert not check and check.passed_players == ("Player 2",)
    assert check.best_responses == {"Player 1": ("2",), "Player 2": ("2",)}
    assert check.payoffs == {"Player 1": Fraction(1, 2), "Player 2": Fraction(3)}


def test_epsilon_nash_float_allowance() -> None:
    g = NormalFormGame.from_bimatrix([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]])
    third = 1 / 3
    # (1/3, 2/3) against (1/3, 2/3) is not an equilibrium; (2/3,1/3) vs (1/3,2/3) neither; check
    # the float path with a profile that is an equilibrium up to rounding
    prof = [[0.5, 0.5], [0.5, 0.5]]
    check = epsilon_nash(g, prof)
    assert check.is_epsilon_nash and check.arithmetic == "float"
    assert check.parameters["float_allowance"] == pytest.approx(1e-9)
    near = [[0.5 + 1e-12, 0.5 - 1e-12], [0.5, 0.5]]
    assert epsilon_nash(g, near).is_epsilon_nash  # within the rounding allowance
    off = [[third, 1 - third], [third, 1 - third]]
    assert not epsilon_nash(g, off).is_epsilon_nash
    assert epsilon_nash(g, off, 0.34).is_epsilon_nash
    assert epsilon_nash(g, off, tol=0.0, epsilon=third).is_epsilon_nash


@pytest.mark.parametrize(
    "epsilon, message",
    [(-1, "at least 0"), (float("nan"), "not finite"), (float("inf"), "not finite"), (True, "not a number"),
     (None, "not a number"), ("abc", "epsilon"), ("-1/2", "at least 0")],
)
def test_epsilon_nash_refuses_bad_epsilon(epsilon: Any, message: str) -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(GameError, match=message):
        epsilon_nash(pd, [[1, 0], [1, 0]], epsilon)


@pytest.mark.parametrize(
    "profile, message",
    [([[1, 0]], "expected 2 vectors"), ([[1, 1], [1, 0]], "sum to 2"), ([[Fraction(3, 2), Fraction(-1, 2)], [1, 0]], "negative"),
     ([[float("nan"), 1.0], [1, 0]], "not finite"), ([[1, 0, 0], [1, 0]], "expected 2 probabilities")],
)
def test_bad_profiles_are_refused(profile: Any, message: str) -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(GameError, match=message):
        lyapunov_value(pd, profile)
    with pytest.raises(GameError, match=message):
        epsilon_nash(pd, profile, 0)


def test_result_protocol_and_json() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]])
    check = epsilon_nash(pd, {"Player 1": {"C": 1}, "Player 2": {"C": 1}}, "1/10")
    assert isinstance(check, gt.EpsilonNashCheck) and isinstance(check, EpsilonNashCheck)
    data = json.loads(json.dumps(check.to_json()))
    assert data["method"] == "epsilon_nash" and data["arithmetic"] == "exact"
    assert data["is_epsilon_nash"] is False
    assert data["max_regret"] == "2" and data["lyapunov"] == "8" and data["epsilon"] == "1/10"
    assert data["regrets"] == {"Player 1": "2", "Player 2": "2"}
    assert data["best_responses"] == {"Player 1": ["D"], "Player 2": ["D"]}
    text = str(check)
    assert "is NOT an epsilon-Nash equilibrium for epsilon = 1/10" in text
    assert "best replies: D" in text


def test_float_and_exact_agree_on_corpus(gambit_games_dir: Path) -> None:
    rng = random.Random(3)
    checked = 0
    for path in sorted(gambit_games_dir.rglob("*.nfg")):
        g = gt.read_game(path)
        prof = random_profile(g, rng)
        fprof = [[float(x) for x in v] for v in prof]
        assert float(lyapunov_value(g, prof)) == pytest.approx(lyapunov_value(g.to_float(), fprof), rel=1e-9, abs=1e-9)
        exact = epsilon_nash(g, prof)
        flt = epsilon_nash(g.to_float(), fprof)
        assert float(exact.max_regret) == pytest.approx(flt.max_regret, rel=1e-9, abs=1e-9)
        checked += 1
    assert checked >= 50
