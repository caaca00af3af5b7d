"""Evolutionary dynamics (gametheory.dynamic.evolution): known answers, nashpy/QuantEcon, properties.

Known answers (cited in each test): hawk-dove ESS V/C (Maynard Smith 1982), rock-paper-scissors
replicator cycles with constant of motion x1 x2 x3 (Hofbauer & Sigmund 1998, sec. 7.7), neutral Moran
fixation 1/N and constant-fitness fixation (1 - 1/r)/(1 - 1/r^N) (Nowak 2006, ch. 6).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gametheory.dynamic import (
    asymmetric_replicator_dynamics,
    ess,
    grid_adjacency,
    introspection_simulation,
    introspection_stationary_distribution,
    local_interaction,
    moran_fixation,
    moran_simulation,
    replicator_dynamics,
)
from gametheory.errors import GameError, GameSizeError

RPS = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]


# --------------------------------------------------------------------------- replicator
def test_rps_replicator_constant_of_motion() -> None:
    """Hofbauer & Sigmund (1998), sec. 7.7: x1 x2 x3 is constant along zero-sum RPS orbits (cycles)."""
    r = replicator_dynamics(RPS, [0.6, 0.3, 0.1], np.linspace(0, 40, 2001))
    prod = r.states[0].prod(axis=1)
    assert np.allclose(prod, prod[0], rtol=1e-6)
    # it cycles: strategy 1's share comes back near its start after falling
    x1 = r.states[0][:, 0]
    assert x1.min() < 0.3 and np.any(np.abs(x1[1000:] - 0.6) < 0.02)


def test_replicator_equals_nashpy() -> None:
    nash = pytest.importorskip("nashpy")
    t = np.linspace(0, 10, 200)
    for A, y0 in ((np.array([[4, 3], [2, 1.5]]), [0.3, 0.7]), (np.array(RPS, dtype=float), [0.5, 0.3, 0.2]),
                  (np.array([[3, 2, 1], [1, 2, 0], [0, 1, 2.5]]), None)):
        ours = replicator_dynamics(A, y0, t).states[0]
        theirs = nash.Game(A).replicator_dynamics(y0=None if y0 is None else np.array(y0), timepoints=t)
        assert np.allclose(ours, theirs, atol=1e-6)


def test_replicator_with_mutation_equals_nashpy() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[4, 3], [2, 1.5]])
    Q = np.array([[0.9, 0.1], [0.2, 0.8]])
    t = np.linspace(0, 10, 100)
    ours = replicator_dynamics(A, [0.5, 0.5], t, mutation_matrix=Q).states[0]
    theirs = nash.Game(A).replicator_dynamics(y0=np.array([0.5, 0.5]), timepoints=t, mutation_matrix=Q)
    assert np.allclose(ours, theirs, atol=1e-6)


def test_asymmetric_replicator_equals_nashpy() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[5, 4], [4, 1]])
    B = np.array([[1, 3], [3, 4]])
    t = np.linspace(0, 5, 100)
    x, y = asymmetric_replicator_dynamics(A, B, [0.4, 0.6], [0.7, 0.3], t).states
    tx, ty = nash.Game(A, B).asymmetric_replicator_dynamics(x0=np.array([0.4, 0.6]), y0=np.array([0.7, 0.3]),
                                                             timepoints=t)
    assert np.allclose(x, tx, atol=1e-6) and np.allclose(y, ty, atol=1e-6)


@given(
    st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    st.lists(st.integers(0, 10), min_size=3, max_size=3).filter(lambda v: sum(v) > 0),
)
def test_replicator_stays_on_simplex(entries: list[int], weights: list[int]) -> None:
    A = np.array(entries, dtype=float).reshape(3, 3)
    y0 = np.array(weights, dtype=float) / sum(weights)
    r = replicator_dynamics(A, y0, np.linspace(0, 5, 50))
    assert r.simplex_error < 1e-7
    x = r.states[0]
    assert np.all(x > -1e-9) and np.allclose(x.sum(axis=1), 1, atol=1e-7)
    # faces are invariant: a strategy absent at the start stays absent
    assert np.all(np.abs(x[:, y0 == 0]) < 1e-9)


@given(st.lists(st.integers(-5, 5), min_size=9, max_size=9), st.integers(0, 2))
def test_mutation_keeps_the_interior(entries: list[int], vertex: int) -> None:
    A = np.array(entries, dtype=float).reshape(3, 3) + 6  # positive fitness
    Q = np.full((3, 3), 0.05) + np.eye(3) * 0.85
    y0 = np.eye(3)[vertex]  # start on a vertex: mutation pushes into the interior
    x = replicator_dynamics(A, y0, np.linspace(0, 5, 50), mutation_matrix=Q).states[0]
    assert np.all(x[1:] > 0) and np.allclose(x.sum(axis=1), 1, atol=1e-7)


# --------------------------------------------------------------------------- ESS
@pytest.mark.parametrize("V,C", [(2, 3), (1, 4), (3, 5), (Fraction(1, 2), 7)])
def test_hawk_dove_ess_is_v_over_c(V: int, C: int) -> None:
    """Maynard Smith (1982), ch. 2: with V < C the unique ESS plays hawk with probability V/C."""
    A = [[Fraction(V - C, 2), V], [0, Fraction(V, 2)]]
    assert ess(A).strategies == ((Fraction(V, C), 1 - Fraction(V, C)),)


def test_hawk_dove_pure_hawk_when_value_exceeds_cost() -> None:
    assert ess([[Fraction(4 - 2, 2), 4], [0, 2]]).strategies == ((1, 0),)


def test_rps_has_no_ess_but_good_rps_does() -> None:
    """Zero-sum RPS: the centre is a neutrally stable NE, not an ESS; with win 2 > loss 1 the
    centre is an ESS (Hofbauer & Sigmund 1998, sec. 7.7)."""
    r = ess(RPS)
    assert r.strategies == ()
    assert r.symmetric_equilibria == ((Fraction(1, 3),) * 3,)
    assert ess([[0, -1, 2], [2, 0, -1], [-1, 2, 0]]).strategies == ((Fraction(1, 3),) * 3,)


def test_coordination_two_pure_ess_and_unstable_mixed() -> None:
    r = ess([[2, 0], [0, 1]])
    assert set(r.strategies) == {(1, 0), (0, 1)}
    assert (Fraction(1, 3), Fraction(2, 3)) in r.symmetric_equilibria


def test_ess_with_an_alternative_best_reply() -> None:
    # a = c = 1, b = 1 > d = 0: strategy 1 is an ESS by the second condition only
    assert ess([[1, 1], [1, 0]]).strategies == ((1, 0),)
    # a = c, b = d: neutral, no ESS
    assert ess([[1, 1], [1, 1]]).strategies == ()


def test_ess_brute_force_against_random_mutants() -> None:
    rng = np.random.default_rng(0)
    for _ in range(30):
        A = rng.integers(-3, 4, size=(3, 3))
        res = ess(A.tolist())
        for x in res.strategies:
            xf = np.array([float(v) for v in x])
            for _ in range(200):
                y = rng.dirichlet(np.ones(3))
                eps = 1e-3
                mix = (1 - eps) * xf + eps * y
                if np.allclose(y, xf):
                    continue
                # invasion barrier: x does better than y in the mixed population
                assert xf @ A @ mix > y @ A @ mix - 1e-12


def test_ess_bad_input() -> None:
    with pytest.raises(GameError):
        ess([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(GameError):
        ess([[1, math.nan], [0, 1]])
    with pytest.raises(GameSizeError):
        ess(np.zeros((13, 13), dtype=int).tolist())


# --------------------------------------------------------------------------- Moran
@pytest.mark.parametrize("N", [2, 5, 10, 37])
def test_neutral_moran_fixation_is_one_over_n(N: int) -> None:
    """Nowak (2006), ch. 6: a neutral mutant fixes with probability 1/N (i mutants: i/N)."""
    assert moran_fixation([[1, 1], [1, 1]], N).probability == Fraction(1, N)
    assert moran_fixation([[2, 2], [2, 2]], N, mutants=N // 2).probability == Fraction(N // 2, N)


@pytest.mark.parametrize("r,N", [(2, 10), (Fraction(3, 2), 7), (Fraction(1, 2), 5)])
def test_constant_fitness_fixation(r: Fraction, N: int) -> None:
    """Nowak (2006), eq. 6.4: fixation of one mutant of constant fitness r is (1-1/r)/(1-1/r^N)."""
    r = Fraction(r)
    expected = (1 - 1 / r) / (1 - 1 / r**N)
    assert moran_fixation([[r, r], [1, 1]], N).probability == expected


def test_moran_weak_selection_one_third_rule() -> None:
    """Nowak et al. (2004): under weak selection in a large population, a mutant is favoured
    (rho > 1/N) iff the mixed equilibrium x* < 1/3. Coordination game with x* = 1/4 vs 1/2."""
    favoured = moran_fixation([[4, 0], [1, 1]], 200, intensity=Fraction(1, 1000))   # x* = 1/4
    disfavoured = moran_fixation([[2, 0], [1, 1]], 200, intensity=Fraction(1, 1000))  # x* = 1/2
    assert favoured.probability > Fraction(1, 200) > disfavoured.probability


def test_moran_simulation_matches_exact_formula() -> None:
    A = [[3, 1], [2, 2]]
    exact = float(moran_fixation(A, 10).probability)
    sim = moran_simulation(A, [1, 9], runs=40000, seed=1)
    assert sim.unfinished == 0
    sd = math.sqrt(exact * (1 - exact) / 40000)
    assert abs(sim.fixation[0] - exact) < 5 * sd
    assert sim.fixation.sum() == pytest.approx(1.0)


def test_moran_simulation_matches_nashpy_fixation_statistically() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[3, 1], [2, 2]])
    np.random.seed(0)
    theirs = nash.Game(A).fixation_probabilities(initial_population=np.array([0, 0, 1, 1]), repetitions=400)
    ours = moran_simulation(A, [2, 2], runs=40000, seed=0).fixation
    exact = float(moran_fixation(A, 4, mutants=2).probability)
    p0 = theirs.get((0, 0, 0, 0), 0.0)
    assert abs(p0 - exact) < 5 * math.sqrt(exact * (1 - exact) / 400)
    assert abs(ours[0] - exact) < 5 * math.sqrt(exact * (1 - exact) / 40000)


def test_moran_simulation_three_strategies_seeded() -> None:
    A = [[1, 1, 1], [1, 1, 1], [1, 1, 1]]
    a = moran_simulation(A, [2, 3, 5], runs=20000, seed=4)
    b = moran_simulation(A, [2, 3, 5], runs=20000, seed=4)
    assert np.array_equal(a.final_counts, b.final_counts)
    assert np.allclose(a.fixation, [0.2, 0.3, 0.5], atol=0.02)  # neutral: initial shares


def test_moran_bad_input() -> None:
    with pytest.raises(GameError):
        moran_fixation([[1, 2], [3]], 5)
    with pytest.raises(GameError):
        moran_fixation([[-1, 0], [1, 1]], 5)  # non-positive fitness
    with pytest.raises(GameSizeError):
        moran_fixation([[1, 1], [1, 1]], 10**9)
    with pytest.raises(GameError):
        moran_simulation([[1, 1], [1, 1]], [1.5, 2])
    with pytest.raises(GameError):
        moran_simulation([[1, 1], [1, 1]], [1, 1], intensity=2)


# --------------------------------------------------------------------------- local interaction
def test_local_interaction_equals_quantecon() -> None:
    qe = pytest.importorskip("quantecon")
    adj = np.array([[0, 1, 3], [2, 0, 1], [3, 2, 0]])
    A = np.array([[4, 0], [2, 3]])
    li = qe.game_theory.LocalInteraction(A, adj)
    for init in ((0, 0, 1), (1, 0, 0), (0, 1, 1), (1, 1, 0)):
        ours = local_interaction(A, adj, init, 3).actions[-1]
        assert tuple(ours) == tuple(int(v) for v in li.play(actions=init, num_reps=3))
        ours = local_interaction(A, adj, init, 3, revision="asynchronous", player_order=[0, 1, 2]).actions[-1]
        theirs = li.play(revision="asynchronous", actions=init, player_ind_seq=[0, 1, 2])
        assert tuple(ours) == tuple(int(v) for v in theirs)


def test_local_interaction_contagion_on_grid() -> None:
    """Morris (2000): with A risk dominant enough, a block of A players spreads on a grid."""
    adj = grid_adjacency(6, 6, torus=True)
    A = np.array([[5, 0], [1, 1]])       # action 0 is a best reply once 1 of 4 neighbours plays it
    start = np.ones(36, dtype=int)
    start[[0, 1, 6, 7]] = 0
    r = local_interaction(A, adj, start, 20)
    assert r.converged and np.all(r.actions[-1] == 0)


def test_grid_adjacency_degrees() -> None:
    g = grid_adjacency(3, 4)
    assert g.shape == (12, 12) and np.array_equal(g, g.T)
    assert sorted(set(g.sum(axis=1).astype(int))) == [2, 3, 4]
    assert np.all(grid_adjacency(3, 4, torus=True).sum(axis=1) == 4)


# --------------------------------------------------------------------------- introspection
def test_introspection_simulation_matches_stationary() -> None:
    game = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    stat = introspection_stationary_distribution(game, 1.0)
    assert stat.residual < 1e-12
    final = introspection_simulation(game, 300, beta=1.0, runs=40000, seed=3)
    freq = np.zeros(4)
    np.add.at(freq, final[:, 0] * 2 + final[:, 1], 1)
    freq /= freq.sum()
    p = np.asarray(stat.probabilities)
    assert np.all(np.abs(freq - p) < 5 * np.sqrt(p * (1 - p) / 40000) + 1e-9)


def test_introspection_two_actions_closed_form() -> None:
    """Couto, Giaimo & Hilbe (2022): with two actions per player, each revision compares with the
    one other action, so in a game where each player's gain from switching does not depend on
    the other (the prisoner's dilemma with equal gains from defection), the stationary
    distribution is a product of independent Fermi odds."""
    game = ([[3, 0], [5, 2]], [[3, 5], [0, 2]])  # defection gains 2 whatever the other does
    beta = 0.7
    q = 1 / (1 + math.exp(-beta * 2))            # P(defect) per player in the long run
    expected = np.outer([1 - q, q], [1 - q, q]).ravel()
    assert np.allclose(introspection_stationary_distribution(game, beta).probabilities, expected, atol=1e-12)


def test_introspection_nashpy_long_run_frequencies() -> None:
    nash = pytest.importorskip("nashpy")
    A = np.array([[3, 0], [5, 1]])
    B = A.T
    np.random.seed(1)
    plays = list(nash.Game(A, B).introspection_dynamics(number_of_iterations=20000, beta=1.0))
    freq = np.zeros(4)
    for p in plays[1000:]:
        freq[p[0] * 2 + p[1]] += 1
    freq /= freq.sum()
    stat = np.asarray(introspection_stationary_distribution((A, B), 1.0).probabilities)
    assert np.allclose(freq, stat, atol=0.05)


@pytest.mark.parametrize(
    "call",
    [
        lambda: replicator_dynamics([[1, 2, 3], [4, 5, 6]]),
        lambda: replicator_dynamics([[1, math.nan], [0, 1]]),
        lambda: replicator_dynamics([[1, 0], [0, 1]], [0.5, 0.6]),
        lambda: replicator_dynamics([[1, 0], [0, 1]], [-0.5, 1.5]),
        lambda: replicator_dynamics([[1, 0], [0, 1]], None, [0, 1, 1]),
        lambda: replicator_dynamics([[1, 0], [0, 1]], mutation_matrix=[[0.5, 0.6], [0, 1]]),
        lambda: asymmetric_replicator_dynamics([[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]]),
        lambda: local_interaction([[1, 0], [0, 1]], np.ones((3, 3)), [0, 1, 2]),
        lambda: local_interaction([[1, 0], [0, 1]], np.ones((3, 3)), revision="sometimes"),
        lambda: local_interaction([[1, 0], [0, 1]], -np.ones((3, 3))),
        lambda: introspection_stationary_distribution(([[1], [0]], [[1], [0]])),
        lambda: introspection_simulation(([[1, 0], [0, 1]], [[1, 0], [0, 1]]), beta=-1),
    ],
)
def test_bad_input_raises_game_error(call: object) -> None:
    with pytest.raises(GameError):
        call()  # type: ignore[operator]
