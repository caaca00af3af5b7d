"""The Moran process on graphs with mutation (gametheory.dynamic.moran_graph): known answers.

* Isothermal theorem (Lieberman, Hauert & Nowak 2005, Nature 433:312-316): on a graph whose
  replacement matrix is doubly stochastic (e.g. a cycle), a single mutant of constant relative
  fitness ``r`` fixes with the well-mixed Moran probability ``(1 - 1/r) / (1 - 1/r^N)``
  (``1/N`` when neutral), whatever its starting node.
* Star amplifier (same paper): on a star with ``N`` leaves a randomly placed mutant fixes with
  about ``(1 - 1/r^2) / (1 - 1/r^(2N))`` for large ``N``; checked on an exact reduced chain
  (hub type, number of mutant leaves) that our full chain equals at small ``N``.
* On the complete graph with mean payoffs the exact chain equals the exact well-mixed
  fixation probability of :func:`moran_fixation` (Taylor et al. 2004) for 2 x 2 games.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from gametheory import GameError
from gametheory.dynamic import (
    complete_graph,
    cycle_graph,
    moran_components,
    moran_fixation,
    moran_graph_exact,
    moran_graph_simulation,
    moran_scores,
    moran_step_distribution,
    moran_transition_matrix,
    replacement_from_graph,
    star_graph,
)


def _binomial_ok(hits: int, n: int, p: float, z: float = 4.0) -> bool:
    return abs(hits - n * p) <= z * math.sqrt(n * p * (1 - p)) + 1


def _moran_rho(r: float, N: int) -> float:
    return 1 / N if r == 1 else (1 - 1 / r) / (1 - r ** -N)


@pytest.mark.parametrize("r", [1.0, 1.5, 2.0, 0.8])
@pytest.mark.parametrize("N", [5, 8])
def test_isothermal_theorem_on_a_cycle(r: float, N: int) -> None:
    C = cycle_graph(N)
    W = replacement_from_graph(C)
    assert np.allclose(W.sum(axis=0), 1)  # doubly stochastic: isothermal
    for node in (0, N // 2):
        pop = [1] * N
        pop[node] = 0
        e = moran_graph_exact([[r, r], [1, 1]], pop, interaction=C, replacement=W, payoff="mean")
        assert e.fixation[0] == pytest.approx(_moran_rho(r, N), abs=1e-12)
        assert e.fixation.sum() == pytest.approx(1, abs=1e-12)


def test_isothermal_directed_cycle_and_exact_well_mixed_value() -> None:
    """A directed cycle is isothermal too; the value equals moran_fixation's exact Fraction."""
    N, r = 7, 3
    C = cycle_graph(N, directed=True)
    e = moran_graph_exact([[r, r], [1, 1]], [0] + [1] * (N - 1), interaction=C,
                          replacement=replacement_from_graph(C), payoff="mean")
    exact = moran_fixation([[r, r], [1, 1]], N).probability
    assert exact == Fraction(1 - Fraction(1, r), 1 - Fraction(1, r ** N))
    assert e.fixation[0] == pytest.approx(float(exact), abs=1e-12)


@pytest.mark.parametrize("A", [[[3, 1], [4, 2]], [[1, 4], [2, 3]], [[2, 2], [1, 1]]])
def test_complete_graph_equals_exact_well_mixed(A: list[list[int]]) -> None:
    """Complete graph, mean payoff over the other N - 1, intensity 1/2 and 1: the chain's
    fixation of one mutant equals moran_fixation's exact value (Taylor et al. 2004)."""
    N = 6
    K = complete_graph(N)
    for w in (Fraction(1, 2), Fraction(1)):
        e = moran_graph_exact(A, [0] + [1] * (N - 1), interaction=K, payoff="mean", intensity=float(w))
        assert e.fixation[0] == pytest.approx(float(moran_fixation(A, N, 1, intensity=w).probability), abs=1e-12)


def _star_reduced(r: float, leaves: int) -> float:
    """Fixation of one mutant placed uniformly at random on a star (birth-death, parent
    proportional to fitness, offspring to a uniform neighbour), by an exact chain on
    (hub is mutant, number of mutant leaves): 2 (leaves + 1) states."""
    L = leaves
    idx = {(h, m): 2 * m + h for m in range(L + 1) for h in (0, 1)}
    size = 2 * (L + 1)
    P = np.zeros((size, size))
    for (h, m), i in idx.items():
        F = r * (h + m) + (1 - h) + (L - m)                 # total fitness
        hub_f = r if h else 1.0
        # hub reproduces into a uniform leaf
        if h and m < L:
            P[i, idx[(h, m + 1)]] += hub_f / F * (L - m) / L
        if not h and m > 0:
            P[i, idx[(h, m - 1)]] += hub_f / F * m / L
        # a leaf reproduces into the hub
        if not h:
            P[i, idx[(1, m)]] += r * m / F
        if h:
            P[i, idx[(0, m)]] += (L - m) / F
        P[i, i] += 1 - P[i].sum()
    absorbing = [idx[(0, 0)], idx[(1, L)]]
    T = [i for i in range(size) if i not in absorbing]
    Q = P[np.ix_(T, T)]
    b = P[np.ix_(T, [idx[(1, L)]])][:, 0]
    x = np.linalg.solve(np.eye(len(T)) - Q, b)
    fix = dict(zip(T, x))
    N = L + 1
    return (fix[idx[(1, 0)]] + L * fix[idx[(0, 1)]]) / N


def test_star_amplifier() -> None:
    r = 2.0
    S = star_graph(9)
    W = replacement_from_graph(S)
    hub = moran_graph_exact([[r, r], [1, 1]], [0] + [1] * 8, interaction=S, replacement=W, payoff="mean")
    leaf = moran_graph_exact([[r, r], [1, 1]], [1, 0] + [1] * 7, interaction=S, replacement=W, payoff="mean")
    ours = (hub.fixation[0] + 8 * leaf.fixation[0]) / 9
    assert ours == pytest.approx(_star_reduced(r, 8), abs=1e-12)   # our full chain = the reduced chain
    assert ours > _moran_rho(r, 9)                                   # the star amplifies selection
    for L in (200, 1000):                     # the large-N formula, approached at rate about 1.1 / L
        assert abs(_star_reduced(r, L) - (1 - r ** -2) / (1 - r ** (-2 * L))) <= 1.5 / L


def test_simulation_agrees_with_exact_chain() -> None:
    A = [[3, 1, 2], [2, 2, 1], [1, 3, 2]]
    G = cycle_graph(6)
    e = moran_graph_exact(A, [0, 1, 2, 0, 1, 2], interaction=G, replacement=replacement_from_graph(G))
    runs = 4000
    s = moran_graph_simulation(A, [0, 1, 2, 0, 1, 2], interaction=G, replacement=replacement_from_graph(G),
                               runs=runs, seed=2)
    assert s.unfinished == 0 and s.outcomes.keys() <= e.distribution.keys()
    for k in range(3):
        assert _binomial_ok(round(s.fixation[k] * runs), runs, float(e.fixation[k]))


def test_seeded_reproducible_and_json() -> None:
    kw = {"mutation": 0.1, "steps": 20, "runs": 50}
    a = moran_graph_simulation([[1, 2], [3, 1]], [0, 0, 1, 1], seed=np.random.default_rng(4), **kw)
    b = moran_graph_simulation([[1, 2], [3, 1]], [0, 0, 1, 1], seed=np.random.default_rng(4), **kw)
    assert np.array_equal(a.final_populations, b.final_populations)
    assert "fixation" in a.to_json() and "Moran process on a graph" in a.summary()
    e = moran_graph_exact([[1, 2], [3, 1]], [0, 0, 1, 1])
    assert e.to_json()["states"] == 16 and "exact chain" in e.summary()


def test_transition_matrix_is_stochastic() -> None:
    P, configs = moran_transition_matrix([[1, 2], [3, 1]], 4, interaction=cycle_graph(4), mutation=0.3)
    assert P.shape == (16, 16) and configs.shape == (16, 4)
    assert np.allclose(P.sum(axis=1), 1) and (P >= 0).all()
    # the one-step distribution of one configuration matches its row
    pop = configs[6]
    fit = moran_scores([[1, 2], [3, 1]], pop, cycle_graph(4))
    dist = moran_step_distribution(pop, fit, mutation=0.3, mutation_strategies=[0, 1])
    for k, c in enumerate(configs):
        assert P[6, k] == pytest.approx(dist.get(tuple(int(v) for v in c), 0.0), abs=1e-12)


def test_components_of_a_directed_replacement() -> None:
    W = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]
    assert moran_components(W) == ((0, 1), (2, 3))
    assert moran_components(None, 3) == ((0, 1, 2),)


@pytest.mark.parametrize("kwargs", [
    {"replacement": [[0.5, 0.6], [0.5, 0.5]]},                  # a row not summing to 1
    {"interaction": [[0, -1], [1, 0]]},                          # negative weight
    {"interaction": [[0, 1, 0], [1, 0, 1], [0, 1, 0]]},          # wrong size
    {"mutation": 1.5},
    {"mutation": 0.1},                                           # mutation without steps
    {"payoff": "median"},
    {"intensity": float("nan")},
])
def test_bad_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(GameError):
        moran_graph_simulation([[1, 2], [3, 1]], [0, 1], runs=2, **kwargs)  # type: ignore[arg-type]


def test_bad_input_more() -> None:
    with pytest.raises(GameError):
        moran_graph_simulation([[1, -2], [3, 1]], [0, 1], runs=2)      # negative fitness possible
    with pytest.raises(GameError):
        moran_graph_simulation([[1, 2], [3, 1]], [0, 2], runs=2)       # strategy out of range
    with pytest.raises(GameError):
        moran_graph_exact([[1, 2], [3, 1]], [0, 1] * 8)                # 2**16 configurations
    with pytest.raises(GameError):
        moran_graph_exact([[1, 1], [1, 1]], [0, 0, 1], replacement=[[0.5, 0.5, 0], [0, 1, 0], [0, 0.5, 0.5]])  # two sources
    with pytest.raises(GameError):
        replacement_from_graph([[0, 0], [1, 0]])                       # a node without neighbours
