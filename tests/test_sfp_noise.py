"""Stochastic fictitious play with a chosen perturbation (``noise=``): normal and Gumbel.

With ``noise="normal"`` each player plays ``argmax(u + scale * z)``, ``z`` standard normal per
action, as in Fudenberg & Kreps (1993) and QuantEcon's ``StochasticFictitiousPlay`` with a
normal distribution; with ``noise="gumbel"`` the choice probabilities are logit with
``eta = scale`` (McFadden 1974).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

from gametheory import GameError
from gametheory.dynamic import stochastic_fictitious_play

PENNIES = (np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]]))


def _binomial_ok(hits: int, n: int, p: float, z: float = 4.0) -> bool:
    return abs(hits - n * p) <= z * math.sqrt(n * p * (1 - p)) + 1


@pytest.mark.parametrize("gain", [None, 0.1])
def test_equal_to_quantecon_on_seeded_runs(gain: float | None) -> None:
    qe = pytest.importorskip("quantecon.game_theory")
    game = [[(1, -1), (-1, 1)], [(-1, 1), (1, -1)]]
    fp = qe.StochasticFictitiousPlay(game, distribution=norm(), gain=gain)
    for seed in (226177486389088886197048956835604946950, 1, 2):
        want = fp.time_series(ts_length=60, init_actions=(0, 0), random_state=np.random.default_rng(seed))
        r = stochastic_fictitious_play(PENNIES, 59, noise="normal", gain=gain, initial_counts=([1, 0], [1, 0]),
                                       seed=np.random.default_rng(seed))
        for got, w in zip(r.counts, want):
            assert np.allclose(got / got.sum(axis=1, keepdims=True), w, atol=1e-12)


def test_first_choice_probability_normal() -> None:
    """From beliefs (1, 0) the row player's payoffs are (1, -1): it plays action 0 with
    probability Phi(2 / (scale sqrt 2))."""
    runs, scale, hits = 4000, 1.5, 0
    rng = np.random.default_rng(9)
    for _ in range(runs):
        r = stochastic_fictitious_play(PENNIES, 1, noise="normal", noise_scale=scale, initial_counts=([1, 0], [1, 0]),
                                       seed=rng)
        hits += int(r.counts[0][1][0] == 2)
    assert _binomial_ok(hits, runs, float(norm.cdf(2 / (scale * math.sqrt(2)))))


def test_gumbel_is_logit() -> None:
    runs, scale, hits = 4000, 0.7, 0
    rng = np.random.default_rng(10)
    for _ in range(runs):
        r = stochastic_fictitious_play(PENNIES, 1, noise="gumbel", noise_scale=scale, initial_counts=([1, 0], [1, 0]),
                                       seed=rng)
        hits += int(r.counts[0][1][0] == 2)
    p0 = 1 / (1 + math.exp(-2 / scale))
    assert _binomial_ok(hits, runs, p0)
    assert r.distributions is not None and r.distributions[0][0] == pytest.approx(p0)


def test_default_unchanged_and_bad_input() -> None:
    a = stochastic_fictitious_play(PENNIES, 5, seed=np.random.RandomState(0))
    b = stochastic_fictitious_play(PENNIES, 5, seed=np.random.RandomState(0), noise="logit")
    assert all(np.array_equal(x, y) for x, y in zip(a.counts, b.counts))
    assert "noise" not in a.parameters
    for kw in ({"noise": "cauchy"}, {"noise": "normal", "noise_scale": 0}, {"gain": 0}, {"gain": 2}):
        with pytest.raises(GameError):
            stochastic_fictitious_play(PENNIES, 5, **kw)  # type: ignore[arg-type]
