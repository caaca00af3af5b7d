"""Population best-response dynamics with mistakes (KMR) and with sampling.

A population of ``N`` players is matched to play a symmetric two-player game ``A``; the
state is how many play each action. At each step one player, drawn uniformly, revises:

* *KMR* (Kandori, Mailath & Rob 1993, Econometrica 61:29-56): with probability ``epsilon``
  the player picks an action uniformly at random (a mistake or mutation), otherwise a best
  response to the other ``N - 1`` players' actions;
* *sampling best response* (Sandholm 2001; Oyama, Sandholm & Tercieux 2015): the player draws
  ``k`` of the others with replacement and best-responds to that sample.

Ties between best responses go to the smallest action index (as in QuantEcon's ``BRD``).

Simulations run many independent runs at once (arrays of shape ``(runs, n)``; one Python
iteration per step). :func:`population_transition_matrix` is the exact chain on the count
vectors (Fractions); :func:`kmr_stationary_distribution` solves it exactly. KMR's theorem: in
a 2 x 2 coordination game the stationary distribution concentrates, as ``epsilon -> 0``, on
everyone playing the *risk-dominant* equilibrium (Harsanyi & Selten 1988), even when the other
equilibrium is payoff dominant; the tests show it on ``[[4, 0], [3, 2]]``.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result
from gametheory._kernel.values import to_fraction
from gametheory.dynamic._inputs import MAX_RUNS, check_cells, count, integers, rng_of, square
from gametheory.errors import GameError, GameSizeError

#: Largest population for the simulations.
MAX_POPULATION = 1_000_000
#: Largest number of count vectors for the exact chain.
MAX_STATES = 400


@dataclass(frozen=True, kw_only=True)
class PopulationDynamicsResult(Result):
    """Simulated population revision dynamics.

    Attributes
    ----------
    counts:
        Action counts after every step, shape ``(steps + 1, runs, n)`` (row 0 the start).
    final_counts:
        The counts at the end, shape ``(runs, n)``.
    shares:
        Mean share of each action over runs at the end.
    """

    rule: str
    counts: np.ndarray = field(metadata={"json": False})
    final_counts: np.ndarray = field(metadata={"json": False})
    shares: np.ndarray

    def summary(self) -> str:
        return (f"{self.rule}: {self.counts.shape[0] - 1} steps, {self.counts.shape[1]} runs, population "
                f"{int(self.final_counts[0].sum())}; final mean shares " + ", ".join(f"{v:.4f}" for v in self.shares))


def _start(initial: Any, N: int, n: int, runs: int, rng: Any) -> np.ndarray:
    if initial is None:
        check_cells(runs * N, "runs x N")
        acts = np.asarray(integers(rng, n, size=runs * N)).reshape(runs, N)
        return (acts[:, :, None] == np.arange(n)).sum(axis=1).astype(np.int64)
    c = np.array(initial).reshape(-1)
    if c.shape != (n,) or not np.all(np.mod(c, 1) == 0) or np.any(c < 0) or int(c.sum()) != N:
        raise GameError(f"initial: expected {n} non-negative action counts summing to N = {N}")
    return np.tile(c.astype(np.int64), (runs, 1))


def _simulate(A: Any, N: int, steps: int, rule: str, epsilon: float, k: int, initial: Any, runs: int,
              seed: Any) -> PopulationDynamicsResult:
    start = time.perf_counter()
    M = square(A)
    n = M.shape[0]
    N = count(N, "N", low=2, high=MAX_POPULATION)
    steps = count(steps, "steps")
    runs = count(runs, "runs", low=1, high=MAX_RUNS)
    check_cells((steps + 1) * runs * n, "steps x runs x actions")
    rng = rng_of(seed)
    x = _start(initial, N, n, runs, rng)
    path = np.empty((steps + 1, runs, n), dtype=np.int64)
    path[0] = x
    idx = np.arange(runs)
    for t in range(1, steps + 1):
        x = x.copy()
        who = (rng.random(runs) * N).astype(np.int64)                  # the reviser's position
        a = np.minimum((np.cumsum(x, axis=1) <= who[:, None]).sum(axis=1), n - 1)
        x[idx, a] -= 1                                                  # the others
        if rule == "kmr":
            br = np.argmax(x @ M.T, axis=1)
            mistake = rng.random(runs) < epsilon
            new = np.where(mistake, integers(rng, n, size=runs), br)
        else:
            draws = (rng.random((runs, k)) * (N - 1)).astype(np.int64)
            cum = np.cumsum(x, axis=1)
            picked = np.minimum((cum[:, None, :] <= draws[:, :, None]).sum(axis=2), n - 1)   # (runs, k)
            sample = (picked[:, :, None] == np.arange(n)).sum(axis=1)
            new = np.argmax(sample @ M.T, axis=1)
        x[idx, new] += 1
        path[t] = x
    return PopulationDynamicsResult(
        rule=rule, counts=path, final_counts=x, shares=(x / N).mean(axis=0),
        method="kmr_dynamics" if rule == "kmr" else "sampling_best_response_dynamics", arithmetic="float",
        elapsed=time.perf_counter() - start,
        parameters={"N": N, "steps": steps, "runs": runs, "seed": seed if not hasattr(seed, "random") else "generator",
                    **({"epsilon": epsilon} if rule == "kmr" else {"k": k})},
    )


def _epsilon(epsilon: Any) -> float:
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float, Fraction)) or not 0 <= epsilon <= 1 \
            or not math.isfinite(float(epsilon)):
        raise GameError(f"epsilon must be a probability in [0, 1], got {epsilon!r}")
    return float(epsilon)


def kmr_dynamics(A: Any, N: int, steps: int = 100, *, epsilon: float = 0.1, initial: Any = None, runs: int = 1,
                 seed: Any = None) -> PopulationDynamicsResult:
    """Simulate KMR dynamics: one reviser per step best-responds to the others, or with
    probability ``epsilon`` picks an action uniformly at random.

    Parameters
    ----------
    A:
        Square payoff matrix of the symmetric game.
    N:
        Population size.
    steps:
        Number of revisions.
    epsilon:
        Mistake (mutation) probability.
    initial:
        Starting action counts (summing to ``N``); default uniformly random actions.
    runs:
        Independent runs simulated together.
    seed:
        Integer or ``numpy.random.Generator``.

    Examples
    --------
    >>> r = kmr_dynamics([[4, 0], [3, 2]], 4, 3, initial=[2, 2], seed=1)
    >>> r.counts.shape, int(r.final_counts.sum())
    ((4, 1, 2), 4)
    """
    return _simulate(A, N, steps, "kmr", _epsilon(epsilon), 0, initial, runs, seed)


def sampling_best_response_dynamics(A: Any, N: int, steps: int = 100, *, k: int = 2, initial: Any = None,
                                    runs: int = 1, seed: Any = None) -> PopulationDynamicsResult:
    """Simulate sampling best-response dynamics: one reviser per step draws ``k`` of the
    others (with replacement) and best-responds to the sample.

    Parameters are those of :func:`kmr_dynamics`, with ``k >= 1`` the sample size.
    """
    k = count(k, "k", low=1, high=1000)
    return _simulate(A, N, steps, "sampling", 0.0, k, initial, runs, seed)


# --------------------------------------------------------------------------- exact chain
def _compositions(N: int, n: int) -> list[tuple[int, ...]]:
    """All count vectors of ``n`` actions summing to ``N`` (lexicographic)."""
    out = []
    for cuts in itertools.combinations(range(N + n - 1), n - 1):
        prev, parts = -1, []
        for c in cuts + (N + n - 1,):
            parts.append(c - prev - 1)
            prev = c
        out.append(tuple(parts))
    return sorted(out)


def _best(M: list[list[Fraction]], others: tuple[int, ...]) -> int:
    u = [sum((a * b for a, b in zip(row, others)), Fraction(0)) for row in M]
    return u.index(max(u))                                              # smallest index on ties


def population_transition_matrix(A: Any, N: int, *, rule: str = "kmr", epsilon: Any = Fraction(1, 10),
                                 k: int = 2) -> tuple[list[list[Fraction]], list[tuple[int, ...]]]:
    """The exact transition matrix (Fractions) of KMR (``rule="kmr"``) or sampling
    best-response (``rule="sampling"``) dynamics on the count vectors, and the count vectors."""
    try:
        M = [[to_fraction(v, "A") for v in row] for row in A]
    except (TypeError, ValueError):
        raise GameError("A: expected a square matrix of rational numbers") from None
    n = len(M)
    if n == 0 or any(len(r) != n for r in M):
        raise GameError("A: expected a square matrix")
    N = count(N, "N", low=2, high=10_000)
    if rule not in ("kmr", "sampling"):
        raise GameError(f"rule must be 'kmr' or 'sampling', not {rule!r}")
    eps = to_fraction(epsilon, "epsilon")
    if not 0 <= eps <= 1:
        raise GameError(f"epsilon must be a probability in [0, 1], got {epsilon!r}")
    k = count(k, "k", low=1, high=12)
    states = _compositions(N, n)
    if len(states) > MAX_STATES:
        raise GameSizeError(f"{len(states)} count vectors; the exact chain takes at most {MAX_STATES}")
    where = {s: i for i, s in enumerate(states)}
    P = [[Fraction(0)] * len(states) for _ in states]
    samples = _compositions(k, n) if rule == "sampling" else []
    for i, s in enumerate(states):
        for a in range(n):
            if s[a] == 0:
                continue
            others = tuple(v - (j == a) for j, v in enumerate(s))
            p_rev = Fraction(s[a], N)
            choice = [Fraction(0)] * n
            if rule == "kmr":
                for b in range(n):
                    choice[b] += eps / n
                choice[_best(M, others)] += 1 - eps
            else:
                for smp in samples:                                     # multinomial sample of k others
                    coef = Fraction(math.factorial(k))
                    for j, c in enumerate(smp):
                        coef *= Fraction(others[j], N - 1) ** c / math.factorial(c)
                    if coef:
                        choice[_best(M, smp)] += coef
            for b, q in enumerate(choice):
                if q:
                    nxt = tuple(v - (j == a) + (j == b) for j, v in enumerate(s))
                    P[i][where[nxt]] += p_rev * q
    return P, states


@dataclass(frozen=True, kw_only=True)
class PopulationStationary(Result):
    """The exact stationary distribution of KMR dynamics.

    Attributes
    ----------
    states:
        The count vectors (how many play each action).
    probabilities:
        Their stationary probabilities (Fractions summing to 1).
    """

    states: tuple[tuple[int, ...], ...]
    probabilities: tuple[Fraction, ...]

    def probability_of(self, counts: Any) -> Fraction:
        """The stationary probability of one count vector."""
        return self.probabilities[self.states.index(tuple(int(c) for c in counts))]

    def summary(self) -> str:
        top = sorted(zip(self.states, self.probabilities), key=lambda sp: -sp[1])[:5]
        return "\n".join([f"stationary distribution ({self.method}, exact)"]
                         + [f"  {s}: {float(p):.6g}" for s, p in top])


def kmr_stationary_distribution(A: Any, N: int, epsilon: Any) -> PopulationStationary:
    """The exact stationary distribution of KMR dynamics (Fractions).

    With ``0 < epsilon`` every count vector can reach every other, so it is unique; it
    solves ``pi P = pi``, ``sum pi = 1`` (exact Gauss-Jordan), and ``pi P = pi`` is checked
    exactly before it is returned.

    Examples
    --------
    >>> st = kmr_stationary_distribution([[4, 0], [3, 2]], 6, Fraction(1, 1000))
    >>> st.probability_of([0, 6]) > Fraction(99, 100)    # the risk-dominant equilibrium
    True
    """
    from gametheory.dynamic.evolution import _solve

    start = time.perf_counter()
    eps = to_fraction(epsilon, "epsilon")
    if not 0 < eps <= 1:
        raise GameError(f"epsilon must be in (0, 1] for a unique stationary distribution, got {epsilon!r}")
    P, states = population_transition_matrix(A, N, rule="kmr", epsilon=eps)
    m = len(states)
    rows = [[P[j][i] - (1 if i == j else 0) for j in range(m)] for i in range(m - 1)] + [[Fraction(1)] * m]
    rhs = [Fraction(0)] * (m - 1) + [Fraction(1)]
    sol = _solve(rows, rhs)
    if sol is None or not sol[1]:
        raise GameError("the KMR chain has no unique stationary distribution")
    pi = sol[0]
    if any(sum((pi[i] * P[i][j] for i in range(m)), Fraction(0)) != pi[j] for j in range(m)):
        raise GameError("internal check failed: pi P != pi")                # pragma: no cover
    return PopulationStationary(
        states=tuple(states), probabilities=tuple(pi), method="kmr_stationary_distribution", arithmetic="exact",
        elapsed=time.perf_counter() - start, parameters={"N": N, "epsilon": eps},
    )


__all__ = [
    "PopulationDynamicsResult", "PopulationStationary", "kmr_dynamics", "kmr_stationary_distribution",
    "population_transition_matrix", "sampling_best_response_dynamics",
]
