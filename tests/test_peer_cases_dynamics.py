"""Known answers from the peers' test suites for dynamics (issue 18, items 5-6), case by case.

Sources: nashpy 0.0.43's sdist (``tests/unit/test_*.py``) and QuantEcon.py 0.11.4's wheel
(``quantecon/game_theory/tests/test_*.py``). Every parametrised case has an id naming the peer
file and test function. Matrices, starting points, seeds and expected numbers are restated from
those tests (facts); no peer code is copied and nothing here imports nashpy or QuantEcon.

Where the peer's algorithm consumes random numbers in the same order as ours (fictitious play
and stochastic fictitious play against a legacy ``numpy.random.RandomState``) the same seeded
numbers are checked. Where it does not (the Moran process, introspection dynamics), the test
checks the claim the peer's case makes in distribution: the peer's outcome has the probability
our process gives it, within a stated binomial tolerance, or every step of the peer's path is a
possible transition of our chain. Cases our engine cannot express are listed in
``PEER_NOT_REPRODUCED`` with the reason; ``docs/peer-cases.md`` is the ledger, and
:func:`test_ledger_counts_match_the_cases` checks it against the lists below.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gametheory import GameError, NormalFormGame
from gametheory.dynamic import (
    asymmetric_replicator_dynamics,
    fictitious_play,
    finitely_repeated_game,
    introspection_stationary_distribution,
    kmr_dynamics,
    local_interaction,
    logit_dynamics,
    moran_simulation,
    play_finitely_repeated,
    population_transition_matrix,
    repeated_histories,
    replicator_dynamics,
    sampling_best_response_dynamics,
    spe_payoff_set,
    stochastic_fictitious_play,
)
from gametheory.dynamic.moran_graph import (
    complete_graph,
    moran_components,
    moran_graph_exact,
    moran_graph_simulation,
    moran_is_fixed,
    moran_scores,
    moran_step_distribution,
)

NP = "nashpy tests/unit/"
QE = "quantecon game_theory/tests/"
LEDGER = Path(__file__).resolve().parents[1] / "docs" / "peer-cases.md"


def _id(peer_file: str, test: str, extra: str = "") -> str:
    return f"{peer_file.split('/')[-1].removesuffix('.py')}::{test}{'-' + extra if extra else ''}"


def _binomial_ok(hits: int, n: int, p: float, z: float = 4.0) -> bool:
    """``hits`` successes in ``n`` trials are within ``z`` standard deviations of ``n p``
    (plus one count for the discreteness of small samples)."""
    return abs(hits - n * p) <= z * math.sqrt(n * p * (1 - p)) + 1


# ============================================================================ replicator dynamics
# nashpy test_replicator_dynamics.py. Trajectory cases state 100 rows; rows 1, 2, 50 and 99 are
# restated here (row 0 is the start) and checked with the peer's tolerance (numpy allclose).
RD_FILE = "test_replicator_dynamics.py"
M2A = [[3, 2], [4, 1]]
M2B = [[8, 2], [5, 3]]
M3 = [[3, 2, 3], [4, 1, 1], [2, 3, 1]]
M4 = [[3, 2, 4, 2], [5, 1, 1, 3], [6, 2, 3, 2], [1, 3, 4, 7]]
Q3 = [[9 / 10, 1 / 10, 0], [1 / 5, 3 / 5, 1 / 5], [1 / 3, 1 / 3, 1 / 3]]

RD_TRAJECTORIES: list[tuple[str, Any, Any, float, dict[int, list[float]]]] = [
    ("test_replicator_dynamics_example_1", M2A, [0.9, 0.1], 10,
     {1: [0.89256013, 0.10743987], 2: [0.88479436, 0.11520564], 50: [0.55305749, 0.44694251],
      99: [0.50449178, 0.49550822]}),
    ("test_replicator_dynamics_example_2", M2A, [0.65, 0.35], 10,
     {1: [0.64323298, 0.35676702], 2: [0.63671861, 0.36328139], 50: [0.51258143, 0.48741857],
      99: [0.50105949, 0.49894051]}),
    ("test_replicator_dynamics_example_3_default_y0", M2B, None, 10,
     {1: [0.526546322, 0.473453678], 2: [0.555724197, 0.444275803], 50: [0.999998669, 1.33084681e-06],
      99: [0.999999998, -1.7192346e-10]}),
    ("test_replicator_dynamics_game_size_3_example_1", M3, [0.2, 0.1, 0.7], 20,
     {1: [0.25084045, 0.09789735, 0.6512622], 2: [0.30680235, 0.096512, 0.59668565],
      50: [0.52091, 0.47025287, 0.00883714], 99: [0.50347948, 0.4905321, 0.00598842]}),
    ("test_replicator_dynamics_game_size_3_example_2", M3, [0.5, 0.1, 0.4], 10,
     {1: [0.52559968, 0.10135984, 0.37304048], 2: [0.5497745, 0.10301946, 0.34720604],
      50: [0.60145203, 0.38079834, 0.01774963], 99: [0.51474485, 0.47694545, 0.0083097]}),
    ("test_replicator_dynamics_game_size_3_example_1_default_y0", M3, None, 10,
     {1: [0.34828459, 0.3262229, 0.32549251], 2: [0.36315697, 0.31983211, 0.31701092],
      50: [0.57288908, 0.38247759, 0.04463333], 99: [0.52094945, 0.46111123, 0.01793933]}),
    ("test_replicator_dynamics_game_size_4_example_1", M4, [0.2, 0.2, 0.5, 0.1], 10,
     {1: [0.203014607, 0.179775683, 0.512598077, 0.104611633],
      2: [0.205602634, 0.161119562, 0.524116145, 0.109161659],
      50: [1.99507373e-05, 4.07058812e-06, 5.8088662e-05, 0.99991789],
      99: [-1.3094272e-11, -3.05256954e-11, -3.81253678e-11, 0.999999999]}),
    ("test_replicator_dynamics_game_size_4_example_2", M4, [0.6, 0.1, 0.2, 0.1], 10,
     {1: [0.580420179, 0.102112104, 0.226438063, 0.0910296545],
      2: [0.560703224, 0.102764556, 0.253803256, 0.0827289637],
      50: [0.257386712, 0.000140406606, 0.739745767, 0.00272711416],
      99: [0.250138985, 2.44612938e-08, 0.749636473, 0.000224517619]}),
    ("test_replicator_dynamics_game_size_4_default_y0_example_1", M4, None, 10,
     {1: [0.241719166, 0.235735156, 0.253873636, 0.268672042],
      2: [0.232546984, 0.221360179, 0.255769777, 0.29032306],
      50: [6.23213391e-10, 2.13755295e-08, 9.26028545e-10, 0.999999977],
      99: [-5.02493095e-13, -3.93348906e-11, -7.46649131e-13, 0.999999999]}),
]


@pytest.mark.parametrize("name, M, y0, t_end, rows", RD_TRAJECTORIES,
                         ids=[_id(RD_FILE, c[0]) for c in RD_TRAJECTORIES])
def test_nashpy_replicator_trajectories(name: str, M: Any, y0: Any, t_end: float, rows: dict[int, list[float]]) -> None:
    xs = replicator_dynamics(M, y0, np.linspace(0, t_end, 100)).states[0]
    assert xs.shape == (100, len(M))
    start = np.full(len(M), 1 / len(M)) if y0 is None else np.array(y0)
    assert np.allclose(xs[0], start)
    for k, row in rows.items():
        assert np.allclose(xs[k], row), (name, k)


# Default time points (1000 points on [0, 10]); the peer states rows 1 and 999.
RD_DEFAULT_TIMES: list[tuple[str, Any, list[float], list[float]]] = [
    ("test_replicator_dynamics_game_size_3_example_default_timepoints", None,
     [0.20237066, 0.09988063, 0.69774871], [0.52171238, 0.46937475, 0.00891287]),
    ("test_replicator_dynamics_game_size_3_example_default_timepoints_with_mutation", Q3,
     [0.20537529, 0.10307503, 0.69154968], [0.67670208, 0.2496027, 0.07369522]),
]


@pytest.mark.parametrize("name, Q, first, last", RD_DEFAULT_TIMES, ids=[_id(RD_FILE, c[0]) for c in RD_DEFAULT_TIMES])
def test_nashpy_replicator_default_timepoints(name: str, Q: Any, first: list[float], last: list[float]) -> None:
    xs = replicator_dynamics(M3, [0.2, 0.1, 0.7], mutation_matrix=Q).states[0]
    assert len(xs) == 1000
    assert np.allclose(xs[1], first) and np.allclose(xs[-1], last)


def _derivative(M: Any, x: Any, Q: Any = None, B: Any = None) -> np.ndarray:
    """The right-hand side at ``x`` read off our integrator: a forward difference over
    ``h = 1e-7`` (error O(h), far below the peer's tolerance)."""
    h = 1e-7
    x = np.array(x, dtype=float)
    if B is None:
        xs = replicator_dynamics(M, x, [0.0, h], mutation_matrix=Q).states[0]
        return (xs[1] - xs[0]) / h
    m = len(M)
    r = asymmetric_replicator_dynamics(M, B, x[:m], x[m:], [0.0, h])
    return (np.concatenate([r.states[0][1], r.states[1][1]]) - x) / h


X6 = [[1, 0, 0], [1 / 2, 1 / 2, 0], [0, 1 / 4, 3 / 4], [1 / 5, 2 / 5, 2 / 5], [1 / 2, 0, 1 / 2], [2 / 4, 1 / 4, 1 / 4]]
RD_DERIVATIVES: list[tuple[str, Any, Any, list[list[float]]]] = [
    ("test_get_derivative_of_fitness", None, None,
     [[0, 0, 0], [0, 0, 0], [0.0, -0.09375, 0.09375], [0.128, -0.144, 0.016], [0.375, 0.0, -0.375],
      [0.125, 0.0, -0.125]]),
    ("test_get_derivative_of_fitness_with_mutation", Q3, None,
     [[-0.3, 0.3, 0], [0.125, -0.375, 0.25], [0.425, 0.18125, -0.60625],
      [0.47066666666666684, -0.08133333333333337, -0.3893333333333334], [0.4750000000000001, 0.4, -0.875],
      [0.2791666666666668, 0.054166666666666585, -0.33333333333333337]]),
    ("test_get_derivative_of_asymmetric_fitness_example", None, [[1, 2, 3], [3, 2, 1], [2, 1, 3]],
     [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0.0, -0.09375, 0.09375, 0.0, -0.234375, 0.234375],
      [0.128, -0.144, 0.016, 0.048, -0.144, 0.096], [0.375, 0.0, -0.375, -0.375, 0.0, 0.375],
      [0.125, 0.0, -0.125, -0.09375, -0.046875, 0.140625]]),
]


@pytest.mark.parametrize("name, Q, B, expected", RD_DERIVATIVES, ids=[_id(RD_FILE, c[0]) for c in RD_DERIVATIVES])
def test_nashpy_replicator_derivatives(name: str, Q: Any, B: Any, expected: list[list[float]]) -> None:
    for x, d in zip(X6, expected):
        point = x if B is None else x + x
        assert np.allclose(_derivative(M3, point, Q, B), d, atol=1e-5), (name, x)


# Asymmetric trajectories: rows 1 and -1 of each population, with the peer's tolerances.
M46_A = [[1, 20, 23, 21, 15, 4], [9, 29, 0, 14, 19, 27], [22, 28, 30, 12, 3, 25], [5, 16, 8, 17, 11, 18]]
M46_B = [[11, 39, 27, 15, 36, 35], [1, 31, 2, 18, 10, 19], [21, 38, 8, 24, 40, 32], [22, 37, 25, 7, 30, 0]]
RD_ASYMMETRIC: list[tuple[str, Any, Any, dict[str, Any], float, list[list[float]]]] = [
    ("test_asymmetric_replicator_dynamics_size_2_3_default_values", [[1, 2, 3], [4, 5, 6]],
     [[7, 8, 9], [10, 11, 12]], {}, 1e-5,
     [[0.49249308, 0.50750692], [9.33624531e-14, 1], [0.33000229, 0.3333222, 0.33667551],
      [2.04812640e-09, 4.53898590e-05, 9.99954607e-01]]),
    ("test_asymmetric_replicator_dynamics_size_2_3_given_timepoints", [[1, 1, 2], [2, 3, 2]],
     [[1, 2, 2], [2, 1, 3]], {"timepoints": np.linspace(0, 100, 100)}, 1e-8,
     [[0.30904906, 0.69095094], [0.2, 0.8], [0.2196786, 0.1771107, 0.6032107],
      [-6.57013390e-14, 2.92761632e-17, 1]]),
    ("test_asymmetric_replicator_dynamics_size_4_6_given_x0_y0", M46_A, M46_B,
     # atol 1e-7, not the peer's 1e-8: its numbers carry the error of odeint's default
     # tolerances (1.2e-8 on the third share at t = 10); ours integrate at rtol 1e-10.
     {"x0": [0.5, 0.2, 0.2, 0.1], "y0": [0.4, 0.1, 0.1, 0.1, 0.2, 0.1]}, 1e-7,
     [[0.48729326, 0.20349646, 0.21191178, 0.0972985],
      [-2.50483397e-15, 9.99977992e-01, 2.20078313e-05, 1.18367977e-17],
      [0.36455939, 0.11688505, 0.096508, 0.09537898, 0.22015362, 0.10651496],
      [4.58211507e-12, 1.00000000e00, 8.73932312e-12, 1.58763628e-18, -1.22965529e-14, -9.91094095e-17]]),
]


@pytest.mark.parametrize("name, A, B, kwargs, atol, rows", RD_ASYMMETRIC, ids=[_id(RD_FILE, c[0]) for c in RD_ASYMMETRIC])
def test_nashpy_asymmetric_replicator(name: str, A: Any, B: Any, kwargs: dict[str, Any], atol: float,
                                      rows: list[list[float]]) -> None:
    xs, ys = asymmetric_replicator_dynamics(A, B, **kwargs).states
    for got, want in zip((xs[1], xs[-1], ys[1], ys[-1]), rows):
        assert np.allclose(got, want, atol=atol), name


# The property cases of the same file, run on fixed matrices instead of hypothesis draws.
RD_PROPERTIES = ["test_property_get_derivative_of_fitness", "test_property_of_output_dimension_for_games_of_size_3",
                 "test_property_of_output_dimension_for_games_of_size_4", "test_replicator_dynamics_with_incorrect_inputs",
                 "test_property_get_derivative_of_asymmetric_fitness",
                 "test_property_of_output_dimension_for_asymmetric_games_of_size_4_2",
                 "test_equivalence_between_symmetric_and_asymmetric_replicator_dynamics"]


@pytest.mark.parametrize("name", RD_PROPERTIES, ids=[_id(RD_FILE, c) for c in RD_PROPERTIES])
def test_nashpy_replicator_properties(name: str) -> None:
    rng = np.random.default_rng(18)
    for _ in range(5):
        if name == "test_property_get_derivative_of_fitness":
            M = rng.integers(-128, 128, (3, 3))
            assert len(_derivative(M, [1 / 3, 1 / 3, 1 / 3])) == 3
        elif name == "test_property_of_output_dimension_for_games_of_size_3":
            assert replicator_dynamics(rng.integers(-5, 6, (3, 3))).states[0].shape[1] == 3
        elif name == "test_property_of_output_dimension_for_games_of_size_4":
            assert replicator_dynamics(rng.integers(-5, 6, (4, 4))).states[0].shape[1] == 4
        elif name == "test_replicator_dynamics_with_incorrect_inputs":
            with pytest.raises(ValueError):  # GameError derives from ValueError
                replicator_dynamics(M4, [1, 0, 0])
        elif name == "test_property_get_derivative_of_asymmetric_fitness":
            A, B = rng.integers(-128, 128, (3, 2)), rng.integers(-128, 128, (3, 2))
            r = asymmetric_replicator_dynamics(A, B, None, None, [0.0, 1e-7])
            assert r.states[0].shape[1] + r.states[1].shape[1] == 5
        elif name == "test_property_of_output_dimension_for_asymmetric_games_of_size_4_2":
            xs, ys = asymmetric_replicator_dynamics(rng.integers(0, 101, (4, 2)), rng.integers(0, 101, (4, 2))).states
            assert xs.shape[1] == 4 and ys.shape[1] == 2
        else:
            A = rng.integers(1, 6, (2, 2))
            sym = replicator_dynamics(A).states[0]
            xs, ys = asymmetric_replicator_dynamics(A, A.T).states
            assert np.allclose(xs, ys, atol=1e-3) and np.allclose(sym, xs, atol=1e-3)


# ============================================================================ Moran process
# nashpy test_moran_process.py. nashpy's process (fitness = summed payoff against everyone else,
# birth proportional to fitness, death uniform) is our moran_simulation at intensity 1 (fitness
# = mean payoff, proportional). Its random draws differ, so its seeded outcomes are checked in
# distribution: the peer's 10-run frequencies (seeds 0 and 1, pooled: 20 runs) and its single
# seeded runs must be plausible under our estimated fixation probabilities.
MORAN_FILE = "test_moran_process.py"
MORAN_A = [[4, 3, 2], [1, 2, 5], [6, 1, 3]]
MORAN_START = [3, 2, 2]  # the population (0, 0, 0, 1, 1, 2, 2)


@pytest.fixture(scope="module")
def moran_estimate() -> np.ndarray:
    r = moran_simulation(MORAN_A, MORAN_START, runs=20_000, seed=18)
    assert r.unfinished == 0
    return np.asarray(r.fixation)


MORAN_DISTRIBUTION: list[tuple[str, dict[int, int], int]] = [
    # (peer test, {type: runs fixed at that type}, runs)
    ("test_fixation_probablities_0", {0: 5, 1: 3, 2: 2}, 10),
    ("test_fixation_probablities_1", {0: 2, 1: 3, 2: 5}, 10),
    ("test_specific_moran_process_seed_0", {1: 1}, 1),
    ("test_specific_moran_process_seed_1", {2: 1}, 1),
]


@pytest.mark.parametrize("name, hits, n", MORAN_DISTRIBUTION, ids=[_id(MORAN_FILE, c[0]) for c in MORAN_DISTRIBUTION])
def test_nashpy_moran_outcomes_in_distribution(name: str, hits: dict[int, int], n: int, moran_estimate: np.ndarray) -> None:
    for k, h in hits.items():
        p = float(moran_estimate[k])
        assert p > 0.05  # every type the peer saw fixing fixes with non-negligible probability
        assert _binomial_ok(h, n, p), (name, k, h, n, p)
    assert abs(moran_estimate.sum() - 1) < 1e-12


MORAN_FIXED: list[tuple[str, list[int]]] = [
    ("test_specific_moran_process_with_already_fixed_initial_population", [3, 0, 0]),
    ("test_fixation_probablities_with_fixed_initial_population_0", [4, 0, 0]),
    ("test_fixation_probablities_with_fixed_initial_population_2", [0, 0, 6]),
]


@pytest.mark.parametrize("name, start", MORAN_FIXED, ids=[_id(MORAN_FILE, c[0]) for c in MORAN_FIXED])
def test_nashpy_moran_already_fixed(name: str, start: list[int]) -> None:
    r = moran_simulation(MORAN_A, start, runs=10, seed=1)
    assert np.array_equal(r.fixation, np.array(start) > 0)  # probability 1 for the initial type
    assert int(np.max(r.steps_taken)) == 0
    assert (r.final_counts == np.array(start)).all()


MORAN_PROPERTIES = ["test_properties_of_scores", "test_moran_process_in_3_by_3_game"]


@pytest.mark.parametrize("name", MORAN_PROPERTIES, ids=[_id(MORAN_FILE, c) for c in MORAN_PROPERTIES])
def test_nashpy_moran_properties(name: str) -> None:
    """Negative payoffs are refused (at intensity 1 they make a negative fitness); with
    non-negative ones every run ends with one type holding the whole population."""
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError):
        moran_simulation([[-10, 1, 2], [3, 4, 5], [6, 7, 8]], MORAN_START, runs=5, seed=0)
    for _ in range(5):
        M = rng.permutation(np.arange(1, 10) * 7).reshape(3, 3)  # unique non-negative entries
        r = moran_simulation(M, MORAN_START, runs=200, seed=rng)
        assert r.unfinished == 0
        assert ((r.final_counts == 7).sum(axis=1) == 1).all() and (r.final_counts.sum(axis=1) == 7).all()


# ---------------------------------------------------------------------------- Moran on graphs
# The rest of nashpy's test_moran_process.py: interaction graphs, replacement matrices,
# mutation and the per-step helpers (gametheory.dynamic.moran_graph). nashpy's process is ours
# at its defaults (fitness = summed payoff over interaction neighbours, parent proportional to
# fitness, the replaced individual from the parent's row of the replacement matrix, uniform over
# all N by default, fixation when every replacement component holds one strategy). Its draws
# differ from ours, so its seeded outcomes are checked against our exact chain
# (moran_graph_exact): each outcome the peer saw has positive probability, and its 10-run
# frequencies are within binomial tolerance of our exact absorption probabilities. Mutation
# differs in one detail: our mutant takes another strategy than its parent's; nashpy's excludes
# the strategy whose number equals the parent's *index* (so it may copy the parent), which
# changes probabilities, not which populations are possible.
MG_G7 = [[0, 1, 1, 0, 1, 0, 1], [1, 1, 1, 0, 1, 1, 1], [0, 1, 0, 0, 1, 0, 1], [0, 1, 1, 0, 1, 0, 1],
         [1, 1, 1, 1, 1, 0, 1], [1, 1, 1, 1, 1, 0, 1], [0, 1, 1, 1, 1, 1, 1]]
MG_W7 = [[1 / 3, 1 / 3, 1 / 3, 0, 0, 0, 0]] * 3 + [[0, 0, 0, 1 / 3, 1 / 3, 1 / 3, 0]] * 2 \
    + [[0, 0, 0, 1 / 4, 1 / 4, 1 / 4, 1 / 4], [0, 0, 0, 0, 0, 1 / 2, 1 / 2]]
MG_CYCLE3 = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
MG_POP7 = [0, 0, 0, 1, 1, 2, 2]
MG_SCORES7 = [18, 18, 18, 15, 15, 23, 23]


def test_nashpy_moran_complete_graph() -> None:
    """nashpy test_moran_process.py::test_get_complete_graph_adjacency_matrix (7 nodes)."""
    assert np.array_equal(complete_graph(7), np.ones((7, 7)) - np.eye(7))


MG_SCORES: list[tuple[str, list[int], Any, list[int]]] = [
    ("test_score_all_individuals_in_3_by_3_game", MG_POP7, None, MG_SCORES7),
    ("test_score_all_individuals_in_3_by_3_game_on_cycle", [0, 1, 2], MG_CYCLE3, [3, 5, 6]),
    ("test_score_all_individuals_in_3_by_3_game_on_disconnected_graph", [0, 1, 2], np.zeros((3, 3)), [0, 0, 0]),
]


@pytest.mark.parametrize("name, pop, G, expected", MG_SCORES, ids=[_id(MORAN_FILE, c[0]) for c in MG_SCORES])
def test_nashpy_moran_scores(name: str, pop: list[int], G: Any, expected: list[int]) -> None:
    assert np.array_equal(moran_scores(MORAN_A, pop, G), expected)
    many = moran_scores(MORAN_A, np.array([pop, pop]), G)  # vectorised over populations
    assert np.array_equal(many, [expected, expected])


def test_nashpy_moran_scores_any_graph() -> None:
    """nashpy test_moran_process.py::test_properties_of_scores_for_arbitrary_adjacency_matrix on
    fixed random boolean 6 x 6 graphs: scores lie in [0, sum M], one per individual."""
    M = np.array([[0, 1, 2], [2, 0, 1], [1, 2, 0]])
    rng = np.random.default_rng(11)
    for _ in range(20):
        G = rng.random((6, 6)) < 0.5
        s = moran_scores(M, [0, 0, 1, 1, 2, 2], G)
        assert s.shape == (6,) and s.min() >= 0 and s.max() <= M.sum()


MG_UPDATES: list[tuple[str, list[int], list[int], dict[str, Any], list[int]]] = [
    # (test, population, scores, options, the peer's next population)
    ("test_update_population_seed_0", MG_POP7, MG_SCORES7, {}, [0, 0, 0, 1, 1, 1, 2]),
    ("test_update_population_seed_1", MG_POP7, MG_SCORES7, {}, MG_POP7),
    ("test_update_population_seed_2", MG_POP7, MG_SCORES7, {}, [0, 0, 0, 1, 1, 1, 2]),
    ("test_update_population_with_mutation_probability_1_seed_2", MG_POP7, MG_SCORES7, {"mutation": 1}, MG_POP7),
]


@pytest.mark.parametrize("name, pop, scores, kw, seen", MG_UPDATES, ids=[_id(MORAN_FILE, c[0]) for c in MG_UPDATES])
def test_nashpy_moran_update_is_possible(name: str, pop: list[int], scores: list[int], kw: dict[str, Any],
                                         seen: list[int]) -> None:
    """One seeded update of the peer: its next population has positive probability in our
    exact one-step distribution (which sums to 1 and changes at most one individual)."""
    dist = moran_step_distribution(pop, scores, **kw)
    assert sum(dist.values()) == pytest.approx(1)
    assert all(sum(a != b for a, b in zip(p, pop)) <= 1 for p in dist)
    assert dist.get(tuple(seen), 0) > 0.01, (name, dist.get(tuple(seen)))


def test_nashpy_moran_update_uniform_population() -> None:
    """nashpy test_moran_process.py::test_update_population_with_uniform_population."""
    assert moran_step_distribution([0] * 7, MG_SCORES7) == {(0,) * 7: pytest.approx(1)}


def test_nashpy_moran_update_identity_replacement() -> None:
    """nashpy test_moran_process.py::test_update_population_with_identity_replacement_stochastic_matrix:
    with W = I nobody but the parent itself can be replaced."""
    assert moran_step_distribution([0, 1, 2], [18, 15, 23], replacement=np.eye(3)) == {(0, 1, 2): pytest.approx(1)}


def test_nashpy_moran_update_specific_graph() -> None:
    """nashpy test_moran_process.py::test_update_population_with_specific_graph: only the first
    three (type 0) can reproduce and only into nodes 4 and 5; the peer's two seeded outcomes
    are exactly the two possible ones, each with probability 1/2."""
    W = np.vstack([[[0, 0, 0, 1 / 2, 1 / 2, 0, 0]] * 3, np.eye(7)[3:]])
    dist = moran_step_distribution(MG_POP7, [18, 18, 18, 0, 0, 0, 0], replacement=W)
    assert dist == {(0, 0, 0, 1, 0, 2, 2): pytest.approx(0.5), (0, 0, 0, 0, 1, 2, 2): pytest.approx(0.5)}


MG_FIXED: list[tuple[str, list[int], bool]] = [
    ("test_is_population_not_fixed_for_fixed_population", [0, 0, 1, 1], True),
    ("test_is_population_not_fixed_for_not_fixed_population", [0, 0, 1, 2], False),
]


@pytest.mark.parametrize("name, pop, fixed", MG_FIXED, ids=[_id(MORAN_FILE, c[0]) for c in MG_FIXED])
def test_nashpy_moran_fixed_on_components(name: str, pop: list[int], fixed: bool) -> None:
    comps = moran_components([[1 / 2, 1 / 2, 0, 0], [1 / 2, 1 / 2, 0, 0], [0, 0, 1 / 2, 1 / 2], [0, 0, 1 / 2, 1 / 2]])
    assert comps == ((0, 1), (2, 3))
    assert moran_is_fixed(pop, ({0, 1}, {2, 3})) is fixed and moran_is_fixed(pop, comps) is fixed


MG_RUNS: list[tuple[str, list[int], dict[str, Any], list[list[int]]]] = [
    # (test, initial population, options, the peer's final population(s), one per seeded run)
    ("test_specific_moran_process_to_effect_of_interaction_graph_seed_0", [0, 1, 2],
     {"interaction": MG_CYCLE3}, [[2, 2, 2]]),
    ("test_specific_moran_process_to_effect_of_interaction_graph_seed_0", [0, 1, 2],
     {"interaction": [[0, 1, 0], [0, 0, 1], [0, 0, 0]]}, [[0, 0, 0]]),
    ("test_specific_moran_process_for_effect_of_replacement_stochastic_matrix_seed_0", [0, 1, 2], {}, [[2, 2, 2]]),
    ("test_specific_moran_process_for_effect_of_replacement_stochastic_matrix_seed_0", [0, 1, 2],
     {"replacement": [[1 / 3] * 3, [1 / 3] * 3, [0, 0, 1]]}, [[0, 0, 0]]),
    ("test_specific_moran_process_for_effect_of_replacement_stochastic_matrix_seed_1", [0, 1, 2, 1], {},
     [[1, 1, 1, 1]]),
    ("test_specific_moran_process_for_effect_of_replacement_stochastic_matrix_seed_1", [0, 1, 2, 1],
     {"replacement": [[1 / 2, 1 / 2, 0, 0], [1 / 2, 1 / 2, 0, 0], [0, 0, 1 / 2, 1 / 2], [0, 0, 1 / 2, 1 / 2]]},
     [[0, 0, 2, 2]]),
    ("test_fixation_probablities_on_graphs_0", MG_POP7, {"interaction": MG_G7, "replacement": MG_W7},
     [[0, 0, 0, 1, 1, 1, 1]] * 2 + [[0, 0, 0, 2, 2, 2, 2]] * 8),
    ("test_fixation_probablities_on_graphs_1", MG_POP7, {"interaction": MG_G7, "replacement": MG_W7},
     [[0, 0, 0, 1, 1, 1, 1]] * 3 + [[0, 0, 0, 2, 2, 2, 2]] * 7),
    ("test_fixation_probablities_with_initial_fixed_population_on_graphs_0", [0, 1, 0, 1, 2, 0, 2],
     {"interaction": MG_G7, "replacement": np.eye(7)}, [[0, 1, 0, 1, 2, 0, 2]] * 10),
]


@pytest.mark.parametrize("name, pop, kw, seen", MG_RUNS,
                         ids=[_id(MORAN_FILE, c[0], str(k)) for k, c in enumerate(MG_RUNS)])
def test_nashpy_moran_graph_outcomes(name: str, pop: list[int], kw: dict[str, Any], seen: list[list[int]]) -> None:
    """Each final population the peer saw is an absorbing outcome of our exact chain with
    non-negligible probability, and the peer's counts are within binomial tolerance; our
    simulation agrees with the exact chain (2,000 runs, binomial tolerance)."""
    exact = moran_graph_exact(MORAN_A, pop, **kw)
    assert exact.residual < 1e-10 and sum(exact.distribution.values()) == pytest.approx(1)
    sim = moran_graph_simulation(MORAN_A, pop, runs=2000, seed=18, **kw)
    assert sim.unfinished == 0
    for outcome in {tuple(s) for s in seen}:
        p = exact.distribution.get(outcome, 0.0)
        assert p > 0.05, (name, outcome, p)
        assert _binomial_ok(sum(tuple(s) == outcome for s in seen), len(seen), p), (name, outcome, p)
    for outcome, p in exact.distribution.items():
        assert _binomial_ok(round(sim.outcomes.get(outcome, 0.0) * 2000), 2000, p), (name, outcome, p)


MG_MUTATION: list[tuple[str, Any, list[int], float, list[int]]] = [
    # (test, A, initial population, mutation probability, the peer's 10th generation)
    ("test_specific_moran_process_with_mutation_seed_0", MORAN_A, MG_POP7, 0.2, [0, 0, 0, 1, 1, 0, 0]),
    ("test_specific_moran_process_with_mutation_seed_0_mutation_probability_1", MORAN_A, MG_POP7, 1,
     [0, 0, 2, 1, 1, 1, 1]),
    ("test_specific_moran_process_with_mutation_seed_2", MORAN_A, MG_POP7, 0.2, [0, 0, 2, 1, 1, 1, 0]),
    ("test_specific_moran_process_with_mutation_seed_3", [[2, 1], [3, 0]], [0, 0, 0, 0, 1], 0.2, [1, 0, 1, 1, 1]),
]


@pytest.mark.parametrize("name, A, pop, mu, seen", MG_MUTATION, ids=[_id(MORAN_FILE, c[0]) for c in MG_MUTATION])
def test_nashpy_moran_mutation_generation_10(name: str, A: Any, pop: list[int], mu: float, seen: list[int]) -> None:
    """The peer's population after 10 steps has positive probability in our exact 10-step
    distribution, and our simulation's 10-step frequency of it matches that probability."""
    exact = moran_graph_exact(A, pop, mutation=mu, steps=10)
    assert exact.residual < 1e-12
    p = exact.distribution.get(tuple(seen), 0.0)
    assert p > 1e-4, (name, p)
    runs = 50_000
    sim = moran_graph_simulation(A, pop, mutation=mu, steps=10, runs=runs, seed=5)
    assert (sim.steps_taken == 10).all()
    assert _binomial_ok(round(sim.outcomes.get(tuple(seen), 0.0) * runs), runs, p), (name, p)


# ============================================================================ fictitious play
FP_FILE = "test_fictitious_play.py"
FP_RPS_A = [[1 / 2, 1, 0], [0, 1 / 2, 1], [1, 0, 1 / 2]]
FP_RPS_B = [[1 / 2, 0, 1], [1, 1 / 2, 0], [0, 1, 1 / 2]]

FP_SEEDED: list[tuple[str, int, list[int]]] = [
    ("test_fictitious_play", 0, [3290, 3320, 3390]),
    ("test_fictitious_play", 1, [3312, 3309, 3379]),
]


@pytest.mark.parametrize("name, seed, final_row", FP_SEEDED, ids=[_id(FP_FILE, c[0], f"seed{c[1]}") for c in FP_SEEDED])
def test_nashpy_fictitious_play_seeded(name: str, seed: int, final_row: list[int]) -> None:
    """Ties broken uniformly at random with the legacy generator, as the peer does."""
    r = fictitious_play((np.array(FP_RPS_A), np.array(FP_RPS_B)), 10_000, seed=np.random.RandomState(seed))
    assert r.counts[0].shape[0] == 10_001
    assert np.array_equal(r.counts[0][-1], final_row)


def test_nashpy_fictitious_play_asymmetric_with_initial_counts() -> None:
    """nashpy test_fictitious_play.py::test_fictitious_play_with_asymetric_game_and_initial_play_counts."""
    A = [[1 / 2, 2, 0, 0], [0, 1 / 2, 1, 1], [1, 0, 1 / 2, 0]]
    B = [[1 / 2, 0, 1 / 2, 1], [1 / 2, 1 / 2, 0, 1], [0, 1, 1 / 2, 2]]
    r = fictitious_play((np.array(A), np.array(B)), 10_000, initial_counts=([1, 0, 0], [0, 0, 1, 0]), seed=0)
    assert np.array_equal(r.counts[0][-1], [1, 10_000, 0]) and np.array_equal(r.counts[1][-1], [0, 0, 1, 10_000])


FP_BEST_RESPONSE = [([1, 0, 0], 1), ([2, 1, 0], 1), ([0, 0, 2], 0)]


def test_nashpy_fictitious_play_best_response_to_counts() -> None:
    """nashpy test_fictitious_play.py::test_find_best_response_to_play_count: one step of our
    fictitious play from the stated counts (column player's history) picks the stated row."""
    M = np.array([[3, 2, 3], [4, 1, 1], [2, 3, 1]])
    for counts, best in FP_BEST_RESPONSE:
        r = fictitious_play((M, np.zeros((3, 3))), 1, initial_counts=([1, 1, 1], counts), seed=0)
        assert int(np.argmax(r.counts[0][1] - r.counts[0][0])) == best


FP_PROPERTIES = ["test_property_find_best_response_to_play_count", "test_property_update_belief",
                 "test_property_fictitious_play"]


@pytest.mark.parametrize("name", FP_PROPERTIES, ids=[_id(FP_FILE, c) for c in FP_PROPERTIES])
def test_nashpy_fictitious_play_properties(name: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        A, B = rng.integers(-128, 128, (4, 5)), rng.integers(-128, 128, (4, 5))
        steps = int(rng.integers(10, 26))
        r = fictitious_play((A, B), steps, seed=rng)
        assert r.counts[0].shape == (steps + 1, 4) and r.counts[1].shape == (steps + 1, 5)
        inc = np.diff(r.counts[0], axis=0)  # each step adds exactly one play of one action
        assert ((inc == 1).sum(axis=1) == 1).all() and (inc.sum(axis=1) == 1).all()


# QuantEcon test_fictplay.py, decreasing gain (the classic rule): matching pennies from (0, 0).
QE_FP = "test_fictplay.py"
QE_FP_CASES = ["TestFictitiousPlayDecreaingGain::test_play", "TestFictitiousPlayDecreaingGain::test_time_series"]
PENNIES = (np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))


@pytest.mark.parametrize("name", QE_FP_CASES, ids=[_id(QE_FP, c) for c in QE_FP_CASES])
def test_quantecon_fictitious_play_decreasing_gain(name: str) -> None:
    """The first step has no tie and matches exactly. At the second step the row player is
    indifferent (belief (1/2, 1/2)): QuantEcon takes the first best reply, we draw uniformly
    among best replies (as nashpy does), so the peer's series is our outcome with probability
    1/2; over 40 seeds it must occur within binomial tolerance."""
    hits = 0
    for seed in range(40):
        r = fictitious_play(PENNIES, 2, initial_counts=([1, 0], [1, 0]), seed=seed)
        beliefs = [c / c.sum(axis=1, keepdims=True) for c in r.counts]
        assert np.allclose(beliefs[0][1], [1, 0]) and np.allclose(beliefs[1][1], [1 / 2, 1 / 2])  # after one play
        hits += bool(np.allclose(beliefs[0], [[1, 0], [1, 0], [1, 0]])
                     and np.allclose(beliefs[1], [[1, 0], [1 / 2, 1 / 2], [1 / 3, 2 / 3]]))
    if name.endswith("time_series"):
        assert hits > 0 and _binomial_ok(hits, 40, 0.5)


QE_FP_GAIN_CASES = ["TestFictitiousPlayConstantGain::test_play", "TestFictitiousPlayConstantGain::test_time_series"]


@pytest.mark.parametrize("name", QE_FP_GAIN_CASES, ids=[_id(QE_FP, c) for c in QE_FP_GAIN_CASES])
def test_quantecon_fictitious_play_constant_gain(name: str) -> None:
    """Gain 0.1: beliefs move a tenth of the way to the last action; no ties arise."""
    r = fictitious_play(PENNIES, 2, initial_counts=([1, 0], [1, 0]), gain=0.1, seed=0)
    assert np.allclose(r.counts[0][1], [1, 0]) and np.allclose(r.counts[1][1], [0.9, 0.1])
    if name.endswith("time_series"):
        assert np.allclose(r.counts[0], [[1, 0], [1, 0], [1, 0]])
        assert np.allclose(r.counts[1], [[1, 0], [0.9, 0.1], [0.81, 0.19]])
    for bad in (0, 1.5, -0.1, True):
        with pytest.raises(GameError):
            fictitious_play(PENNIES, 2, gain=bad)


# ============================================================================ stochastic fictitious play
SFP_FILE = "test_stochastic_fictitious_play.py"
G2 = np.array([[3, 2], [7, 6]])

SFP_SEEDED: list[tuple[str, Any, int, dict[str, float], list[list[float]], list[list[float]]]] = [
    # (test, (A, B), steps, eta/epsilon_bar, final counts, final distributions); seed 0
    ("test_stochastic_fictitious_play_given_etha_epsilon", (G2, -G2), 1, {"eta": 0.2, "epsilon_bar": 0.05},
     [[0, 1], [0, 1]], [[1.97718056e-09, 9.99999998e-01], [0.00678974, 0.99321026]]),
    ("test_get_distribution_response_to_play_count_3", (G2, -G2), 1, {"eta": 0.2, "epsilon_bar": 0.05},
     [[0, 1], [0, 1]], [[1.97718056e-09, 9.99999998e-01], [0.00678974, 0.99321026]]),
    ("test_stochastic_fictitious_play_default_inputs", (G2, -G2), 3, {},
     [[0, 3], [0, 3]], [[4.09913701e-18, 1.0], [4.53248709e-05, 9.99954675e-01]]),
    ("test_stochastic_fictitious_play_2x3", (np.array([[3, 2, -2], [7, -2, 6]]), np.array([[2, -2, 3], [-4, 2, 6]])),
     3, {"eta": 2, "epsilon_bar": 0.2}, [[0, 3], [0, 0, 3]],
     [[0.01795781, 0.98204219], [0.00546793, 0.11912101, 0.87541106]]),
    ("test_stochastic_fictitious_play_longrun_default_inputs", (np.array(FP_RPS_A), np.array(FP_RPS_B)), 10_000, {},
     [], [[0.35888645, 0.32741658, 0.31369697], [0.30257911, 0.3463743, 0.35104659]]),
]


@pytest.mark.parametrize("name, game, steps, kw, counts, dists", SFP_SEEDED, ids=[_id(SFP_FILE, c[0]) for c in SFP_SEEDED])
def test_nashpy_stochastic_fictitious_play_seeded(name: str, game: Any, steps: int, kw: dict[str, float],
                                                  counts: list[list[float]], dists: list[list[float]]) -> None:
    """Same draws as the peer (noise of player 1, of player 2, then the two actions) from the
    legacy generator seeded 0; the peer's default eta and epsilon_bar are ours (0.1, 0.01)."""
    r = stochastic_fictitious_play(game, steps, seed=np.random.RandomState(0), **kw)
    assert r.counts[0].shape[0] == steps + 1
    assert [int(c[-1].sum()) for c in r.counts] == [steps, steps]
    for got, want in zip(r.counts, counts):
        assert np.array_equal(got[-1], want)
    assert r.distributions is not None
    for got_d, want_d in zip(r.distributions, dists):
        assert np.allclose(got_d, want_d)


def test_nashpy_stochastic_fictitious_play_distribution_response() -> None:
    """nashpy test_stochastic_fictitious_play.py::test_get_distribution_response_to_play_count_2:
    the row player's response to column counts (40, 30) with eta 2, epsilon_bar 2, seed 0 (the
    noise is the first draw of the legacy generator)."""
    r = stochastic_fictitious_play((G2, -G2), 1, eta=2, epsilon_bar=2, initial_counts=([1, 1], [40, 30]),
                                   seed=np.random.RandomState(0))
    assert r.distributions is not None
    assert np.allclose(r.distributions[0], [0.1028108461, 0.8971891539])
    assert r.distributions[0].sum() == pytest.approx(1)


SFP_OVERFLOW = ["test_get_distribution_response_to_play_for_bug_reported_by_user", "test_bug_reported_by_user"]


@pytest.mark.parametrize("name", SFP_OVERFLOW, ids=[_id(SFP_FILE, c) for c in SFP_OVERFLOW])
def test_nashpy_stochastic_fictitious_play_large_payoffs(name: str) -> None:
    """nashpy issue 214: payoffs ~100 with eta 0.1 overflow the peer's exponentials and it raises
    ValueError. Our logit is computed stably, so the same case gives proper distributions; the
    case is kept for what it guards (no NaN, no overflow)."""
    A = np.array([[113, 65, 112], [141, 93, -56], [120, 73, -76]])
    steps = 1 if "distribution" in name else 500
    r = stochastic_fictitious_play((A, -A), steps, seed=np.random.RandomState(0))
    assert r.distributions is not None
    for d in r.distributions:
        assert np.isfinite(d).all() and d.sum() == pytest.approx(1) and (d >= 0).all()


def test_nashpy_stochastic_fictitious_play_property() -> None:
    """nashpy test_stochastic_fictitious_play.py::test_property_get_distribution_response_to_play_count
    on fixed matrices: the response is a probability vector of the right length."""
    rng = np.random.default_rng(3)
    for _ in range(5):
        M = rng.integers(-10, 11, (3, 4))
        r = stochastic_fictitious_play((M, M), 3, eta=2, epsilon_bar=2, seed=rng)
        assert r.distributions is not None
        assert [len(d) for d in r.distributions] == [3, 4]
        assert all(d.sum() == pytest.approx(1) and (d >= 0).all() for d in r.distributions)


QE_SFP_CASES = [f"{cls}::{t}" for cls in ("TestStochasticFictitiosuPlayDecreaingGain",
                                           "TestStochasticFictitiosuPlayConstantGain")
                for t in ("test_play", "test_time_series")]
QE_SFP_SEEDS = {"TestStochasticFictitiosuPlayDecreaingGain::test_play": 272733541340907175684079858751241831341,
                "TestStochasticFictitiosuPlayDecreaingGain::test_time_series": 226177486389088886197048956835604946950,
                "TestStochasticFictitiosuPlayConstantGain::test_play": 271001177347704493622442691590340912076,
                "TestStochasticFictitiosuPlayConstantGain::test_time_series": 143773081180220547556482766921740826832}


@pytest.mark.parametrize("name", QE_SFP_CASES, ids=[_id(QE_FP, c) for c in QE_SFP_CASES])
def test_quantecon_stochastic_fictitious_play_normal(name: str) -> None:
    """QuantEcon test_fictplay.py's SFP cases: matching pennies from actions (0, 0), normal
    payoff shocks, decreasing gain or gain 0.1; the peer's claim is that the same seed gives
    the same play (one step) and series (three points). Ours (noise="normal") draws the same
    numbers in the same order, so equality with the peer's own runs is checked in
    tests/test_sfp_noise.py; here: the claim, and the first step's determinism up to the draw."""
    gain = 0.1 if "ConstantGain" in name else None
    steps = 1 if name.endswith("test_play") else 2

    def run() -> list[np.ndarray]:
        r = stochastic_fictitious_play(PENNIES, steps, noise="normal", gain=gain, initial_counts=([1, 0], [1, 0]),
                                       seed=np.random.default_rng(QE_SFP_SEEDS[name]))
        return [c / c.sum(axis=1, keepdims=True) for c in r.counts]

    a, b = run(), run()
    assert all(np.allclose(x, y) for x, y in zip(a, b))
    assert all(x.shape == (steps + 1, 2) and np.allclose(x.sum(axis=1), 1) for x in a)
    assert np.allclose(a[0][0], [1, 0]) and np.allclose(a[1][0], [1, 0])


# ============================================================================ introspection dynamics
# nashpy test_introspection_dynamics.py: 10-step seeded paths. Our simulation draws differently
# (vectorised over runs), so each stated path is checked as a possible path of our chain: every
# step has positive probability in our transition matrix, and the path's probability is stated.
ID_FILE = "test_introspection_dynamics.py"
ID_ROW = [[3, 4], [5, 1], [6, 3]]
ID_COL = [[5, 2], [3, 4], [1, 9]]
ID_PATHS: list[tuple[str, float, list[tuple[int, int]]]] = [
    ("test_introspection_dynamics_with_seed_0", 1.0,
     [(0, 1), (0, 0), (0, 0), (0, 0), (1, 0), (1, 0), (1, 0), (1, 1), (1, 1), (1, 1), (2, 1)]),
    ("test_introspection_dynamics_with_seed_0_and_initial_action_set", 1.0,
     [(2, 1)] * 6 + [(0, 1), (0, 1), (0, 1), (0, 0), (2, 0)]),
    ("test_introspection_dynamics_with_seed_1_and_initial_action_set", 1.0, [(2, 1)] * 11),
    ("test_introspection_dynamics_with_seed_1_and_initial_action_set_and_low_beta", 0.2,
     [(2, 1), (2, 1), (1, 1), (1, 0), (2, 0)] + [(2, 1)] * 6),
]


def _introspection_matrix(beta: float) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    from gametheory.dynamic.learning import revision_matrix

    # Our chain: one player drawn uniformly, one alternative drawn uniformly, switch with the
    # Fermi probability; the stationary distribution below is built from the same matrix.
    def choice(i: int, pay: np.ndarray, cur: int) -> np.ndarray:
        k = pay.size
        p = 1.0 / (1.0 + np.exp(-beta * (pay - pay[cur]))) / (k - 1)
        p[cur] = 0.0
        p[cur] = 1.0 - p.sum()
        return p

    return revision_matrix(NormalFormGame.from_bimatrix(ID_ROW, ID_COL), choice)


@pytest.mark.parametrize("name, beta, path", ID_PATHS, ids=[_id(ID_FILE, c[0]) for c in ID_PATHS])
def test_nashpy_introspection_paths_are_possible(name: str, beta: float, path: list[tuple[int, int]]) -> None:
    P, profiles = _introspection_matrix(beta)
    st = introspection_stationary_distribution(NormalFormGame.from_bimatrix(ID_ROW, ID_COL), beta)
    assert np.allclose(st.probabilities @ P, st.probabilities, atol=1e-12)  # the same chain
    index = {p: k for k, p in enumerate(profiles)}
    prob = 1.0
    for a, b in zip(path, path[1:]):
        step = P[index[a], index[b]]
        assert step > 0, (name, a, b)
        prob *= step
    assert 0 < prob <= 1


# ============================================================================ local interaction
QE_LI = "test_localint.py"
LI_A = [[4, 0], [2, 3]]
LI_ADJ = [[0, 1, 3], [2, 0, 1], [3, 2, 0]]
LI_CASES: list[tuple[str, dict[str, Any], list[list[int]]]] = [
    ("TestLocalInteraction::test_play", {"steps": 1}, [[0, 0, 1], [1, 0, 0]]),
    ("TestLocalInteraction::test_time_series_simultaneous_revision", {"steps": 2}, [[0, 0, 1], [1, 0, 0], [0, 1, 1]]),
    ("TestLocalInteraction::test_time_series_asynchronous_revision_with_player_index",
     {"steps": 2, "revision": "asynchronous", "player_order": [0, 1, 2]}, [[0, 0, 1], [1, 0, 1], [1, 1, 1]]),
]


@pytest.mark.parametrize("name, kw, expected", LI_CASES, ids=[_id(QE_LI, c[0]) for c in LI_CASES])
def test_quantecon_local_interaction(name: str, kw: dict[str, Any], expected: list[list[int]]) -> None:
    r = local_interaction(LI_A, LI_ADJ, [0, 0, 1], **kw)
    assert np.array_equal(r.actions, expected)


SEEDED_REPRODUCIBLE = [
    (QE_LI, "TestLocalInteraction::test_time_series_asynchronous_revision"),
    ("test_brd.py", "TestBRD::test_time_series_2"),
    ("test_logitdyn.py", "TestLogitDynamics::test_play"),
    ("test_logitdyn.py", "TestLogitDynamics::test_time_series"),
]


@pytest.mark.parametrize("peer, name", SEEDED_REPRODUCIBLE, ids=[_id(c[0], c[1]) for c in SEEDED_REPRODUCIBLE])
def test_quantecon_seeded_runs_repeat(peer: str, name: str) -> None:
    """The peer's claim: two runs from generators with the same seed give the same path.
    BRD on a population of N = 4 is local interaction on the complete graph with asynchronous
    revision; logit dynamics on the 2 x 2 coordination game with beta 4."""
    def run(seed: int) -> np.ndarray:
        g = np.random.default_rng(seed)
        if "LocalInteraction" in name:
            return local_interaction(LI_A, LI_ADJ, [0, 0, 1], 2, revision="asynchronous", seed=g).actions
        if "BRD" in name:
            return local_interaction([[4, 0], [3, 2]], np.ones((4, 4)) - np.eye(4), [0, 0, 1, 1], 2,
                                     revision="asynchronous", seed=g).actions
        coord = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
        steps = 1 if name.endswith("test_play") else 9
        r = logit_dynamics(coord, steps, beta=4.0, initial=(0, 0), seed=g)
        return np.asarray(r.final_actions)

    seeds = {"test_play": 76240103339929371127372784081282227092}
    seed = seeds.get(name.split("::")[-1], 165570719993771384215214311194249493239)
    assert np.array_equal(run(seed), run(seed))


def test_quantecon_brd_fixed_start() -> None:
    """QuantEcon test_brd.py::TestBRD::test_time_series_1: everyone playing the payoff-dominant
    action 0 of [[4, 0], [3, 2]] (N = 4) stays there: action counts [4, 0] at every step."""
    r = local_interaction([[4, 0], [3, 2]], np.ones((4, 4)) - np.eye(4), [0, 0, 0, 0], 2, revision="asynchronous", seed=0)
    counts = np.stack([np.bincount(a, minlength=2) for a in r.actions])
    assert np.array_equal(counts, [[4, 0], [4, 0], [4, 0]])


QE_BRD_MORE = ["TestKMR::test_time_series", "TestSamplingBRD::test_time_series"]


@pytest.mark.parametrize("name", QE_BRD_MORE, ids=[_id("test_brd.py", c) for c in QE_BRD_MORE])
def test_quantecon_kmr_and_sampling_brd(name: str) -> None:
    """QuantEcon test_brd.py's KMR (epsilon 0.1) and sampling BRD (k = 2) cases on
    [[4, 0], [3, 2]], N = 4, from counts [2, 2], three points: the same seed gives the same
    series (the peer's claim); every step is a transition of our exact chain."""
    seed = {"TestKMR::test_time_series": 21519527815966711149598801341951879349,
            "TestSamplingBRD::test_time_series": 205165126657120054758393970887343077472}[name]
    kmr = name.startswith("TestKMR")

    def run() -> np.ndarray:
        g = np.random.default_rng(seed)
        if kmr:
            return kmr_dynamics([[4, 0], [3, 2]], 4, 2, epsilon=0.1, initial=[2, 2], seed=g).counts[:, 0]
        return sampling_best_response_dynamics([[4, 0], [3, 2]], 4, 2, k=2, initial=[2, 2], seed=g).counts[:, 0]

    a = run()
    assert np.array_equal(a, run()) and a.shape == (3, 2) and (a.sum(axis=1) == 4).all()
    P, states = population_transition_matrix([[4, 0], [3, 2]], 4, rule="kmr" if kmr else "sampling", k=2)
    for x, y in zip(a, a[1:]):
        assert P[states.index(tuple(x))][states.index(tuple(y))] > 0


def test_quantecon_logit_choice_probabilities() -> None:
    """QuantEcon test_logitdyn.py::test_set_choice_probs_with_asymmetric_payoff_matrix: against
    the column action j, the row player picks action 0 with probability
    1 / (1 + exp(beta (u(1, j) - u(0, j)))). Checked in distribution on one logit step from
    (1, j): the row player revises with probability 1/2, so the share of runs at row 0 is
    half that probability (binomial tolerance, 4 standard deviations)."""
    U = np.array([[(4, 4), (1, 1), (0, 3)], [(3, 0), (1, 1), (2, 2)]])
    game = NormalFormGame.from_bimatrix(U[:, :, 0].tolist(), U[:, :, 1].tolist())
    runs = 40_000
    for j in range(3):
        p0 = 1 / (1 + math.exp(1.0 * (U[1, j, 0] - U[0, j, 0])))
        r = logit_dynamics(game, 1, beta=1.0, runs=runs, initial=(1, j), seed=j)
        hits = int((np.asarray(r.final_actions)[:, 0] == 0).sum())
        assert _binomial_ok(hits, runs, p0 / 2), (j, hits, p0)


# ============================================================================ Abreu-Sannikov
QE_RG = "test_repeated_game.py"
AS_GAME = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]]
AS_VERTICES = [[7.33770472e+00, 1.09826253e+01], [1.12568240e+00, 2.80000000e+00], [7.33770472e+00, 0.0],
               [7.86308964e+00, 0.0], [1.97917977e+01, 2.80000000e+00], [1.55630896e+01, 9.10000000e+00]]
PD_GAME = [[(9, 9), (1, 10)], [(10, 1), (3, 3)]]
PD_VERTICES = [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]]
AS_CASES = ["TestAS::test_abreu_sannikov", "TestAS::test_abreu_sannikov_default_u_init",
            "TestAS::test_abreu_sannikov_low_u_init"]


def _same_polygon(a: Any, b: Any, tol: float = 1e-7) -> bool:
    pa, pb = np.array(a, dtype=float), np.array(b, dtype=float)
    return pa.shape == pb.shape and all(np.abs(pb - p).max(axis=1).min() <= tol * max(1, np.abs(p).max()) for p in pa)


@pytest.mark.parametrize("name", AS_CASES, ids=[_id(QE_RG, c) for c in AS_CASES])
def test_quantecon_abreu_sannikov(name: str) -> None:
    for game, delta, u, want in ((AS_GAME, "3/10", (0, 0), AS_VERTICES), (PD_GAME, "9/10", (3, 3), PD_VERTICES)):
        u_init = None if name.endswith("default_u_init") else ((0, 0) if name.endswith("low_u_init") else u)
        r = spe_payoff_set(NormalFormGame(game), delta, u_init=u_init)
        assert _same_polygon(r.vertices, want), (name, delta)


def test_quantecon_abreu_sannikov_no_pure_action_spe() -> None:
    """QuantEcon test_repeated_game.py::TestAS::test_abreu_sannikov_no_pure_action_spe: at
    delta 0.05 the game has no pure-action SPE; the peer raises, we report an empty set."""
    r = spe_payoff_set(NormalFormGame([[(1, -1), (-1, 2)], [(-2, 2), (1, 0)]]), "1/20")
    assert r.empty


# ============================================================================ finitely repeated games
# nashpy test_repeated_games.py: histories ("states"), the strategy space, the payoffs of given
# strategies and the size of the repeated game's normal form (gametheory.dynamic.finite_repeated).
FR_FILE = "test_repeated_games.py"
S23 = [[1, 2, 3], [4, 5, 6]]
FR_STATES: list[tuple[str, Any, int, list[Any]]] = [
    ("test_obtain_states_after_1_repetition_for_2_by_2_game", (2, 2), 1, [((), ())]),
    ("test_obtain_states_after_2_repetitions_for_2_by_2_game", (2, 2), 2,
     [((), ()), ((0,), (0,)), ((0,), (1,)), ((1,), (0,)), ((1,), (1,))]),
    ("test_obtain_states_after_2_repetitions_for_2_by_3_game", (2, 3), 2,
     [((), ()), ((0,), (0,)), ((0,), (1,)), ((0,), (2,)), ((1,), (0,)), ((1,), (1,)), ((1,), (2,))]),
    ("test_obtain_states_after_2_repetitions_for_3_by_2_game", (3, 2), 2,
     [((), ()), ((0,), (0,)), ((0,), (1,)), ((1,), (0,)), ((1,), (1,)), ((2,), (0,)), ((2,), (1,))]),
]


@pytest.mark.parametrize("name, shape, T, expected", FR_STATES, ids=[_id(FR_FILE, c[0]) for c in FR_STATES])
def test_nashpy_repeated_histories(name: str, shape: Any, T: int, expected: list[Any]) -> None:
    assert repeated_histories(shape, T) == expected


FR_SPACE: list[tuple[str, Any, int, int]] = [
    # (test, row player's stage actions, repetitions, number of strategies); nashpy counts the
    # row player's strategies of A (2 x 3: 2 ** 7 = 128) and of A transposed (3 ** 7 = 2187).
    ("test_obtain_strategy_space_after_1_repetition_for_2_by_2_game", S23, 1, 2),
    ("test_obtain_strategy_space_after_2_repetition_for_2_by_3_game", S23, 2, 128),
    ("test_obtain_strategy_space_after_2_repetition_for_3_by_2_game", np.array(S23).T.tolist(), 2, 2187),
]


@pytest.mark.parametrize("name, A, T, count", FR_SPACE, ids=[_id(FR_FILE, c[0]) for c in FR_SPACE])
def test_nashpy_repeated_strategy_space(name: str, A: Any, T: int, count: int) -> None:
    """The row player's strategies of the repeated game: one action per history. (The 2 x 3
    game repeated twice is built in full by test_nashpy_repeated_game_dimension; here the
    row player's count is read off a game with a one-action column player.)"""
    m = len(A)
    one_col = NormalFormGame.from_bimatrix([[r[0]] for r in A], [[0] for _ in A])
    histories = repeated_histories((m, len(A[0])), T)
    assert m ** len(histories) == count
    if T == 1:
        g = finitely_repeated_game(one_col, T)
        assert g.shape == (count, 1) and list(g.strategies[0]) == ["0", "1"]


FR_PLAY: list[tuple[str, Any, Any, int, dict[Any, Any], dict[Any, Any], tuple[int, int]]] = [
    ("test_play_game_with_1_repetitions_for_2_by_2_game", [[0, 1], [2, 3]], None, 1,
     {((), ()): (1.0, 0.0)}, {((), ()): (0, 1)}, (1, -1)),
    ("test_play_game_with_2_repetitions_for_2_by_2_game", [[0, 11], [-22, 3]], [[2, 1], [-2, -3]], 2,
     {((), ()): 0, ((0,), (0,)): 0, ((1,), (0,)): 0, ((0,), (1,)): 0, ((1,), (1,)): 0},
     {((), ()): 1, ((0,), (0,)): 1, ((1,), (0,)): 0, ((0,), (1,)): 1, ((1,), (1,)): 0}, (22, 2)),
    ("test_play_game_with_2_repetitions_for_3_by_2_game", [[0, 11], [-22, 3], [0, 0]], [[2, 1], [-2, -3], [1, 2]], 2,
     {h: 0 for h in repeated_histories((3, 2), 2)},
     {((), ()): 1, ((0,), (0,)): 1, ((1,), (0,)): 0, ((2,), (0,)): 0, ((0,), (1,)): 1, ((1,), (1,)): 0,
      ((2,), (1,)): 0}, (22, 2)),
]


@pytest.mark.parametrize("name, A, B, T, row, col, expected", FR_PLAY, ids=[_id(FR_FILE, c[0]) for c in FR_PLAY])
def test_nashpy_play_finitely_repeated(name: str, A: Any, B: Any, T: int, row: dict[Any, Any], col: dict[Any, Any],
                                       expected: tuple[int, int]) -> None:
    g = NormalFormGame.zero_sum(A) if B is None else NormalFormGame.from_bimatrix(A, B)
    assert play_finitely_repeated(g, T, row, col) == expected
    # the same payoffs sit in the repeated game's normal form, at the two strategies' cells
    hs = repeated_histories(g.shape, T)
    G = finitely_repeated_game(g, T)
    def index(rule: dict[Any, Any], k: int) -> int:  # strategies are ordered lexicographically
        digits = [v if isinstance(v, int) else int(np.argmax(v)) for v in (rule[h] for h in hs)]
        return int(np.ravel_multi_index(tuple(digits), (k,) * len(hs)))

    r, c = index(row, g.shape[0]), index(col, g.shape[1])
    assert tuple(G.payoffs[r, c]) == expected


FR_DIMENSION: list[tuple[str, Any, Any, tuple[int, int]]] = [
    ("test_get_repeated_game_with_2_by_2_stage_game", [[0, 11], [-22, 3]], [[2, 1], [-2, -3]], (32, 32)),
    ("test_get_repeated_game_with_2_by_3_stage_game", [[0, 11, 5], [-22, 3, 4]], [[2, 1, 2], [-2, -3, 6]], (128, 2187)),
]


@pytest.mark.parametrize("name, A, B, shape", FR_DIMENSION, ids=[_id(FR_FILE, c[0]) for c in FR_DIMENSION])
def test_nashpy_repeated_game_dimension(name: str, A: Any, B: Any, shape: tuple[int, int]) -> None:
    G = finitely_repeated_game(NormalFormGame.from_bimatrix(A, B), 2)
    assert G.shape == shape and G.is_exact


def test_finitely_repeated_exact_and_float() -> None:
    """Fractions stay exact (the sums go through a common denominator), floats stay float;
    each cell equals the payoffs of its two strategies played out."""
    from fractions import Fraction as F

    g = NormalFormGame.from_bimatrix([[F(1, 2), 1], [0, F(1, 3)]], [[1, 0], [F(2, 3), 1]])
    G = finitely_repeated_game(g, 2)
    assert G.is_exact and tuple(G.payoffs[0, 0]) == (1, 2) and tuple(G.payoffs[31, 31]) == (F(2, 3), 2)
    hs = repeated_histories((2, 2), 2)
    rng = np.random.default_rng(2)
    for r, c in rng.integers(0, 32, (10, 2)):
        rows = dict(zip(hs, np.unravel_index(int(r), (2,) * 5)))
        cols = dict(zip(hs, np.unravel_index(int(c), (2,) * 5)))
        got = play_finitely_repeated(g, 2, {h: int(a) for h, a in rows.items()}, {h: int(a) for h, a in cols.items()})
        assert got == tuple(G.payoffs[r, c])
    f = finitely_repeated_game(NormalFormGame.from_bimatrix([[0.5, 1], [0, 0.25]], [[1, 0], [0.5, 1]], exact=False), 2)
    assert not f.is_exact and tuple(f.payoffs[0, 0]) == (1.0, 2.0)


def test_finitely_repeated_bad_input() -> None:
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    for bad in (0, -1, 1.5, True):
        with pytest.raises(GameError):
            finitely_repeated_game(g, bad)
    with pytest.raises(GameError):
        finitely_repeated_game(g, 4)  # 2 ** 85 strategies: refused as too large
    with pytest.raises(GameError):
        play_finitely_repeated(g, 1, {((), ()): (0.5, 0.5)}, {((), ()): 0})  # mixed: not a pure strategy
    with pytest.raises(GameError):
        play_finitely_repeated(g, 2, {((), ()): 0}, {((), ()): 0})  # missing histories


# ============================================================================ not reproduced
#: Cases the engine cannot express, with the reason (category -> [(peer file, test, reason)]).
PEER_NOT_REPRODUCED: dict[str, list[tuple[str, str, str]]] = {
}

#: The reproduced cases per category (the lists and single tests above).
PEER_REPRODUCED: dict[str, list[str]] = {
    "replicator": [_id(RD_FILE, c[0]) for c in RD_TRAJECTORIES] + [_id(RD_FILE, c[0]) for c in RD_DEFAULT_TIMES]
    + [_id(RD_FILE, c[0]) for c in RD_DERIVATIVES] + [_id(RD_FILE, c[0]) for c in RD_ASYMMETRIC]
    + [_id(RD_FILE, c) for c in RD_PROPERTIES],
    "moran": [_id(MORAN_FILE, c[0]) for c in MORAN_DISTRIBUTION] + [_id(MORAN_FILE, c[0]) for c in MORAN_FIXED]
    + [_id(MORAN_FILE, c) for c in MORAN_PROPERTIES]
    + [_id(MORAN_FILE, c) for c in ("test_get_complete_graph_adjacency_matrix",
                                     "test_properties_of_scores_for_arbitrary_adjacency_matrix",
                                     "test_update_population_with_uniform_population",
                                     "test_update_population_with_identity_replacement_stochastic_matrix",
                                     "test_update_population_with_specific_graph")]
    + [_id(MORAN_FILE, c[0]) for lst in (MG_SCORES, MG_UPDATES, MG_FIXED, MG_RUNS, MG_MUTATION) for c in lst],
    "repeated-finite": [_id(FR_FILE, c[0]) for c in FR_STATES] + [_id(FR_FILE, c[0]) for c in FR_SPACE]
    + [_id(FR_FILE, c[0]) for c in FR_PLAY] + [_id(FR_FILE, c[0]) for c in FR_DIMENSION],
    "fictitious-play": [_id(FP_FILE, "test_fictitious_play"),
                        _id(FP_FILE, "test_fictitious_play_with_asymetric_game_and_initial_play_counts"),
                        _id(FP_FILE, "test_find_best_response_to_play_count")]
    + [_id(FP_FILE, c) for c in FP_PROPERTIES] + [_id(QE_FP, c) for c in QE_FP_CASES + QE_FP_GAIN_CASES],
    "stochastic-fictitious-play": [_id(SFP_FILE, c[0]) for c in SFP_SEEDED]
    + [_id(SFP_FILE, "test_get_distribution_response_to_play_count_2")] + [_id(SFP_FILE, c) for c in SFP_OVERFLOW]
    + [_id(SFP_FILE, "test_property_get_distribution_response_to_play_count")] + [_id(QE_FP, c) for c in QE_SFP_CASES],
    "introspection": [_id(ID_FILE, c[0]) for c in ID_PATHS],
    "local-interaction": [_id(QE_LI, c[0]) for c in LI_CASES] + [_id(QE_LI, SEEDED_REPRODUCIBLE[0][1])],
    "best-response-logit": [_id(c[0], c[1]) for c in SEEDED_REPRODUCIBLE[1:]]
    + [_id("test_brd.py", "TestBRD::test_time_series_1"),
       _id("test_logitdyn.py", "test_set_choice_probs_with_asymmetric_payoff_matrix")]
    + [_id("test_brd.py", c) for c in QE_BRD_MORE],
    "abreu-sannikov": [_id(QE_RG, c) for c in AS_CASES] + [_id(QE_RG, "TestAS::test_abreu_sannikov_no_pure_action_spe")],
}


def test_ledger_counts_match_the_cases() -> None:
    """docs/peer-cases.md's dynamics table states, per category, the peer's count, the number
    reproduced here and the number not reproduced; they must equal the lists above (one entry
    per peer test function; a peer test checked with several parametrised ids counts once)."""
    text = LEDGER.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \|[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", text, flags=re.M)
    table = {cat: (int(peer), int(done), int(missing)) for cat, peer, done, missing in rows}
    assert set(table) == set(PEER_REPRODUCED), sorted(table)
    for cat, (peer, done, missing) in table.items():
        reproduced = len(set(PEER_REPRODUCED[cat]))
        not_done = len(PEER_NOT_REPRODUCED.get(cat, []))
        assert (done, missing) == (reproduced, not_done), (cat, done, missing, reproduced, not_done)
        assert peer == done + missing, cat


def test_every_reproduced_id_is_a_collected_case() -> None:
    """Each id of PEER_REPRODUCED is (a prefix of) a parametrised id or a test of this file."""
    import sys

    module = sys.modules[__name__]
    names = " ".join(n for n in dir(module) if n.startswith("test_"))
    docs = " ".join((getattr(module, n).__doc__ or "") for n in dir(module) if n.startswith("test_"))
    lists = [RD_TRAJECTORIES, RD_DEFAULT_TIMES, RD_DERIVATIVES, RD_ASYMMETRIC, MORAN_DISTRIBUTION, MORAN_FIXED,
             FP_SEEDED, SFP_SEEDED, ID_PATHS, LI_CASES, FR_STATES, FR_SPACE, FR_PLAY, FR_DIMENSION,
             MG_SCORES, MG_UPDATES, MG_FIXED, MG_RUNS, MG_MUTATION]
    firsts = {c[0] for lst in lists for c in lst} | set(RD_PROPERTIES) | set(MORAN_PROPERTIES) | set(FP_PROPERTIES)
    firsts |= set(QE_FP_CASES) | set(QE_FP_GAIN_CASES) | set(QE_SFP_CASES) | set(QE_BRD_MORE) | set(SFP_OVERFLOW) | set(AS_CASES) | {c[1] for c in SEEDED_REPRODUCIBLE}
    for ids in PEER_REPRODUCED.values():
        for i in ids:
            test = i.split("::", 1)[1]
            assert test in firsts or test.split("::")[-1] in docs or test in names, i
    assert GameError  # errors of bad input are GameError (a ValueError), used above via ValueError
