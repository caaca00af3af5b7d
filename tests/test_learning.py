"""Learning dynamics (gametheory.dynamic.learning): known answers, nashpy on seeded runs, bad input.

Known answers: fictitious play converges in zero-sum games (Robinson 1951) and cycles in
Shapley's 3x3 game (Shapley 1964); logit dynamics of a potential game has the Gibbs stationary
distribution exp(beta * potential) / Z (Blume 1993); best-response dynamics of a finite potential
game ends at a pure Nash equilibrium (Monderer & Shapley 1996).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gametheory.dynamic import (
    best_response_dynamics,
    fictitious_play,
    logit_dynamics,
    logit_stationary_distribution,
    stochastic_fictitious_play,
)
from gametheory.errors import GameError, GameSizeError
from gametheory.normal.examples import EXAMPLES
from gametheory.normal.game import NormalFormGame


def test_fictitious_play_zero_sum_converges_robinson_1951() -> None:
    g = EXAMPLES["rock-paper-scissors"]()
    regrets = [fictitious_play(g, t, seed=0).max_regret for t in (500, 5000, 20000)]
    assert regrets[-1] < 0.02
    assert regrets[-1] < regrets[0]
    r = fictitious_play(g, 20000, seed=0)
    for f in r.frequencies:
        assert np.allclose(f, 1 / 3, atol=0.02)


def test_fictitious_play_matching_pennies() -> None:
    r = fictitious_play(EXAMPLES["matching-pennies"](), 10000, seed=3)
    assert r.max_regret < 0.02
    assert r.counts[0].shape == (10001, 2) and r.counts[0][-1].sum() == 10000


def test_fictitious_play_cycles_in_shapley_game_1964() -> None:
    g = EXAMPLES["shapley"]()
    # the empirical frequencies never settle: the regret against them stays large
    for t in (1000, 5000, 20000):
        assert fictitious_play(g, t, seed=0).max_regret > 0.15


def test_fictitious_play_equals_nashpy_without_ties() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[0, 1, 2], [2, 0, 1], [1, 2, 0]], dtype=float)
    B = np.array([[0, 2, 1], [1, 0, 2], [2, 1, 0]], dtype=float)
    start = [np.array([0.1234, 0.5678, 0.9012]), np.array([0.3141, 0.2718, 0.1618])]
    ours = fictitious_play((A, B), 300, initial_counts=start, seed=0)
    theirs = list(nash.Game(A, B).fictitious_play(300, play_counts=[s.copy() for s in start]))
    for t in (0, 1, 17, 300):
        assert np.allclose(ours.counts[0][t], theirs[t][0]) and np.allclose(ours.counts[1][t], theirs[t][1])


def test_stochastic_fictitious_play_equals_nashpy_on_seeded_run() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[3, 0], [5, 1]], dtype=float)
    B = A.T
    for seed in (0, 1, 7):
        ours = stochastic_fictitious_play((A, B), 200, seed=np.random.RandomState(seed))
        np.random.seed(seed)
        theirs = list(nash.Game(A, B).stochastic_fictitious_play(200))
        counts, dists = theirs[-1]
        assert np.array_equal(ours.counts[0][-1], counts[0]) and np.array_equal(ours.counts[1][-1], counts[1])
        assert ours.distributions is not None
        assert np.allclose(ours.distributions[0], dists[0]) and np.allclose(ours.distributions[1], dists[1])


def test_stochastic_fictitious_play_prisoners_dilemma_defects() -> None:
    r = stochastic_fictitious_play(EXAMPLES["prisoners-dilemma"](), 2000, seed=1)
    assert r.frequencies[0][1] > 0.95 and r.frequencies[1][1] > 0.95


def test_seeded_runs_are_reproducible() -> None:
    g = EXAMPLES["battle-of-the-sexes"]()
    for f in (fictitious_play, stochastic_fictitious_play):
        a, b = f(g, 200, seed=42), f(g, 200, seed=42)
        assert all(np.array_equal(x, y) for x, y in zip(a.counts, b.counts))
    a = logit_dynamics(g, 50, runs=100, seed=5)
    b = logit_dynamics(g, 50, runs=100, seed=5)
    assert a.final_actions is not None and b.final_actions is not None
    assert np.array_equal(a.final_actions, b.final_actions)


def test_best_response_dynamics_potential_game_reaches_pure_nash() -> None:
    g = EXAMPLES["battle-of-the-sexes"]()
    r = best_response_dynamics(g, 60, runs=2000, seed=0)
    assert r.final_actions is not None
    finals = {tuple(int(v) for v in row) for row in r.final_actions}
    assert finals == set(r.rest_points) == {(0, 0), (1, 1)}
    for p in r.rest_points:  # exact regret 0
        assert max(g.regrets(g.pure_profile(list(p)))) == 0


def test_best_response_dynamics_three_players() -> None:
    # a three-player coordination game (identical interests): payoff 1 when all agree
    P = np.zeros((2, 2, 2, 3), dtype=int)
    P[0, 0, 0] = 1
    P[1, 1, 1] = 2
    g = NormalFormGame(P.tolist())
    r = best_response_dynamics(g, 200, runs=500, seed=2)
    assert set(r.rest_points) <= {(0, 0, 0), (1, 1, 1)}
    assert len(r.rest_points) >= 1


def test_logit_stationary_is_gibbs_in_potential_game_blume_1993() -> None:
    # identical interests: the common payoff is a potential
    Phi = np.array([[2.0, 0.0], [0.0, 1.0]])
    g = NormalFormGame.from_bimatrix(Phi.tolist(), Phi.tolist())
    for beta in (0.5, 1.0, 3.0):
        st = logit_stationary_distribution(g, beta)
        gibbs = np.exp(beta * Phi).ravel()
        gibbs /= gibbs.sum()
        assert np.allclose(st.probabilities, gibbs, atol=1e-12)
        assert st.residual < 1e-12


def test_logit_simulation_matches_stationary_distribution() -> None:
    g = EXAMPLES["battle-of-the-sexes"]()
    st = logit_stationary_distribution(g, 1.0).as_array(g.shape)
    r = logit_dynamics(g, 200, beta=1.0, runs=20000, seed=11)
    assert r.final_actions is not None
    freq = np.zeros(g.shape)
    np.add.at(freq, (r.final_actions[:, 0], r.final_actions[:, 1]), 1)
    freq /= freq.sum()
    sd = np.sqrt(st * (1 - st) / 20000)
    assert np.all(np.abs(freq - st) < 5 * sd + 1e-9)


def test_logit_beta_zero_is_uniform() -> None:
    st = logit_stationary_distribution(EXAMPLES["shapley"](), 0.0)
    assert np.allclose(st.probabilities, 1 / 9)


def test_results_have_json_and_summary() -> None:
    import json

    from gametheory._kernel.results import dumps

    r = fictitious_play(EXAMPLES["matching-pennies"](), 10, seed=0)
    data = json.loads(dumps(r))
    assert data["rule"] == "fictitious" and data["steps"] == 10 and data["method"] == "fictitious_play"
    assert "frequencies" in r.summary()


@pytest.mark.parametrize(
    "call",
    [
        lambda: fictitious_play(([[1, math.nan], [0, 0]], [[1, 0], [0, 1]]), 5),
        lambda: fictitious_play(([[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]]), 5),
        lambda: fictitious_play(EXAMPLES["matching-pennies"](), -1),
        lambda: stochastic_fictitious_play(EXAMPLES["matching-pennies"](), 5, eta=0),
        lambda: stochastic_fictitious_play(EXAMPLES["matching-pennies"](), 5, epsilon_bar=-1),
        lambda: logit_dynamics(EXAMPLES["matching-pennies"](), 5, beta=math.inf),
        lambda: best_response_dynamics(EXAMPLES["matching-pennies"](), 5, initial=[0, 5]),
        lambda: fictitious_play(EXAMPLES["matching-pennies"](), 5, seed="abc"),
        lambda: fictitious_play("not a game", 5),
    ],
)
def test_bad_input_raises_game_error(call: object) -> None:
    with pytest.raises(GameError):
        call()  # type: ignore[operator]


def test_absurd_sizes_raise_size_error() -> None:
    with pytest.raises(GameSizeError):
        best_response_dynamics(EXAMPLES["matching-pennies"](), 10**9, runs=10**6)


def test_logit_dynamics_equals_quantecon_on_seeded_runs() -> None:
    qe = pytest.importorskip("quantecon")
    P = np.array([[[4, 4], [0, 3], [1, 0]], [[3, 0], [2, 2], [0, 1]], [[0, 1], [1, 0], [3, 3]]], dtype=float)
    game = NormalFormGame(P.tolist())
    ld = qe.game_theory.LogitDynamics(qe.game_theory.NormalFormGame(P), beta=1.5)
    for seed in range(8):
        order = np.random.default_rng(100 + seed).integers(2, size=40)
        for steps in (1, 7, 40):
            theirs = ld.play(init_actions=(0, 2), player_ind_seq=list(order[:steps]),
                             random_state=np.random.default_rng(seed))
            ours = logit_dynamics(game, steps, beta=1.5, initial=[0, 2], player_order=order[:steps],
                                  seed=np.random.default_rng(seed))
            assert ours.final_actions is not None
            assert tuple(int(a) for a in ours.final_actions[0]) == tuple(int(a) for a in theirs)


def test_player_order_checked() -> None:
    with pytest.raises(GameError):
        logit_dynamics(EXAMPLES["matching-pennies"](), 5, player_order=[0, 2])


def test_legacy_random_state_with_ties() -> None:
    # zero starting counts: every action ties in round 1; a RandomState works as the generator
    a = fictitious_play(EXAMPLES["shapley"](), 50, seed=np.random.RandomState(3))
    b = fictitious_play(EXAMPLES["shapley"](), 50, seed=np.random.RandomState(3))
    assert np.array_equal(a.counts[0], b.counts[0])
    r = best_response_dynamics(EXAMPLES["battle-of-the-sexes"](), 20, runs=10, seed=np.random.RandomState(0))
    assert r.rest_points


def test_paths_too_large_to_store() -> None:
    A = np.zeros((600, 600))
    with pytest.raises(GameSizeError):
        fictitious_play((A, A), 10**6)
