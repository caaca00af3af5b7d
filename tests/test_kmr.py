"""KMR and sampling best-response dynamics (gametheory.dynamic.kmr): known answers.

Kandori, Mailath & Rob (1993, Econometrica 61:29-56): in a 2 x 2 coordination game the
stationary distribution of best-response dynamics with mistakes concentrates, as the mistake
rate goes to 0, on everyone playing the risk-dominant equilibrium (Harsanyi & Selten 1988).
In ``[[4, 0], [3, 2]]`` action 0 is payoff dominant (4 > 2) but action 1 is risk dominant
(its deviation loss 2 - 0 exceeds action 0's, 4 - 3). The exact distribution (Fractions) is
computed for N = 10 and shown to move to "all play 1".
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from gametheory import GameError
from gametheory.dynamic import (
    kmr_dynamics,
    kmr_stationary_distribution,
    population_transition_matrix,
    sampling_best_response_dynamics,
)

COORD = [[4, 0], [3, 2]]


def _binomial_ok(hits: int, n: int, p: float, z: float = 4.0) -> bool:
    return abs(hits - n * p) <= z * math.sqrt(n * p * (1 - p)) + 1


def test_kmr_selects_the_risk_dominant_equilibrium() -> None:
    all1 = []
    for e in (Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000)):
        st = kmr_stationary_distribution(COORD, 10, e)
        assert sum(st.probabilities) == 1 and all(isinstance(p, Fraction) for p in st.probabilities)
        p1, p0 = st.probability_of([0, 10]), st.probability_of([10, 0])
        assert p1 > p0
        all1.append(p1)
    assert all1[0] < all1[1] < all1[2] and all1[2] > Fraction(99, 100)
    # the payoff-dominant state's weight vanishes faster than the mistake rate
    assert kmr_stationary_distribution(COORD, 10, Fraction(1, 1000)).probability_of([10, 0]) < Fraction(1, 10 ** 6)


def test_kmr_exact_distribution_is_stationary() -> None:
    P, states = population_transition_matrix(COORD, 6, epsilon=Fraction(1, 5))
    st = kmr_stationary_distribution(COORD, 6, Fraction(1, 5))
    assert all(sum(row) == 1 for row in P)
    pi = st.probabilities
    assert all(sum(pi[i] * P[i][j] for i in range(len(states))) == pi[j] for j in range(len(states)))


def test_kmr_three_actions() -> None:
    """A 3 x 3 pure coordination game: the state where all play the best action (payoff 3)
    carries most weight at a small mistake rate."""
    st = kmr_stationary_distribution([[1, 0, 0], [0, 2, 0], [0, 0, 3]], 8, Fraction(1, 50))
    assert max(zip(st.probabilities, st.states))[1] == (0, 0, 8)


@pytest.mark.parametrize("rule", ["kmr", "sampling"])
def test_simulated_one_step_matches_the_exact_chain(rule: str) -> None:
    N, runs = 6, 40_000
    P, states = population_transition_matrix(COORD, N, rule=rule, epsilon=Fraction(1, 5), k=3)
    start = (3, 3)
    if rule == "kmr":
        r = kmr_dynamics(COORD, N, 1, epsilon=0.2, initial=start, runs=runs, seed=3)
    else:
        r = sampling_best_response_dynamics(COORD, N, 1, k=3, initial=start, runs=runs, seed=3)
    row = P[states.index(start)]
    for j, s in enumerate(states):
        hits = int(np.all(r.final_counts == s, axis=1).sum())
        assert _binomial_ok(hits, runs, float(row[j])), (rule, s, hits, row[j])


def test_long_run_share_matches_the_exact_distribution() -> None:
    """Time averages of many KMR runs (N = 10, epsilon = 0.1) against the exact stationary
    distribution: the share of time with all playing 1 (a loose check: runs are correlated)."""
    st = kmr_stationary_distribution(COORD, 10, Fraction(1, 10))
    r = kmr_dynamics(COORD, 10, 20_000, epsilon=0.1, runs=200, seed=1)
    share = float((r.counts[5000:, :, 1] == 10).mean())
    assert share == pytest.approx(float(st.probability_of([0, 10])), abs=0.04)


def test_reproducible_and_shapes() -> None:
    a = kmr_dynamics(COORD, 4, 3, initial=[2, 2], seed=np.random.default_rng(7))
    b = kmr_dynamics(COORD, 4, 3, initial=[2, 2], seed=np.random.default_rng(7))
    assert np.array_equal(a.counts, b.counts) and a.counts.shape == (4, 1, 2)
    assert (a.counts.sum(axis=2) == 4).all()
    c = sampling_best_response_dynamics(COORD, 5, 10, runs=3, seed=2)
    assert c.counts.shape == (11, 3, 2) and (c.counts.sum(axis=2) == 5).all()
    assert "kmr" in a.summary() and a.to_json()["parameters"]["epsilon"] == 0.1


def test_bad_input() -> None:
    with pytest.raises(GameError):
        kmr_dynamics(COORD, 4, 3, epsilon=1.5)
    with pytest.raises(GameError):
        kmr_dynamics(COORD, 4, 3, initial=[3, 3])
    with pytest.raises(GameError):
        kmr_dynamics([[1, 2, 3], [4, 5, 6]], 4, 3)
    with pytest.raises(GameError):
        sampling_best_response_dynamics(COORD, 4, 3, k=0)
    with pytest.raises(GameError):
        kmr_stationary_distribution(COORD, 4, 0)
    with pytest.raises(GameError):
        population_transition_matrix([[1] * 5] * 5, 20)  # 10,626 count vectors: too many for the exact chain
