"""The Moran process on graphs, with mutation: simulated (vectorised over runs) and exact.

A population of ``N`` individuals, each playing one strategy of a symmetric game ``A``, sits
on two graphs (Lieberman, Hauert & Nowak 2005; Ohtsuki et al. 2007):

* the *interaction graph* ``G`` (``N x N``, non-negative weights): individual ``i``'s score is
  ``sum_j G_ij A[s_i, s_j]`` (``payoff="sum"``, the default) or that sum divided by
  ``sum_j G_ij`` (``payoff="mean"``; an isolated individual scores 0). Default: the complete
  graph without self-loops, so the score is the payoff against everyone else;
* the *replacement matrix* ``W`` (row-stochastic): the offspring of ``i`` replaces ``j`` with
  probability ``W_ij``. Default: ``W_ij = 1/N`` for every ``j`` (the parent included, which
  only slows the process down; the well-mixed Moran process).

One step (birth-death updating): an individual is chosen to reproduce with probability
proportional to its fitness ``1 - w + w * score`` (``w`` is the intensity of selection, 1 by
default: fitness = score; when every fitness is 0 the parent is drawn uniformly); the
individual it replaces is drawn from the parent's row of ``W``; with probability
``mutation`` the offspring takes a strategy drawn uniformly among the mutation strategies
(by default those present at the start) other than its parent's, otherwise its parent's.

Without mutation the process stops when every connected component of the replacement graph
(``W``'s non-zero pattern, undirected) holds a single strategy: nothing can change after that.
With mutation it never stops, so a number of steps must be given.

:func:`moran_graph_simulation` runs many independent runs at once (numpy arrays of shape
``(runs, N)``; one Python iteration per step, none per individual or run).
:func:`moran_graph_exact` builds the process's Markov chain on all ``n ** N`` configurations
(small populations) and gives, exactly up to one float linear solve, the probability of each
absorbing configuration or the distribution after a number of steps. Known answers (tests):
on any isothermal graph (``W`` doubly stochastic, e.g. a cycle) a mutant of constant relative
fitness ``r`` fixes with the well-mixed Moran probability ``(1 - 1/r) / (1 - 1/r^N)``, ``1/N``
when neutral (the isothermal theorem, Lieberman, Hauert & Nowak 2005, Nature 433:312-316);
the star amplifies selection, ``(1 - 1/r^2) / (1 - 1/r^(2N))`` for large ``N`` (same paper).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gametheory._kernel.results import Result
from gametheory.dynamic._inputs import MAX_RUNS, count, matrix, rng_of, square
from gametheory.errors import GameError, GameSizeError

#: Largest population on a graph (dense ``N x N`` matrices).
MAX_GRAPH_POPULATION = 2000
#: Largest number of configurations ``n ** N`` for the exact chain (a dense matrix).
MAX_EXACT_STATES = 2500


# --------------------------------------------------------------------------- graphs
def complete_graph(n: int) -> np.ndarray:
    """Adjacency matrix of the complete graph on ``n`` nodes, without self-loops.

    >>> complete_graph(3).tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    """
    n = count(n, "n", low=1, high=MAX_GRAPH_POPULATION)
    return np.ones((n, n)) - np.eye(n)


def cycle_graph(n: int, *, directed: bool = False) -> np.ndarray:
    """Adjacency matrix of the cycle ``0 - 1 - ... - (n-1) - 0`` (``directed``: ``i -> i+1``)."""
    n = count(n, "n", low=2, high=MAX_GRAPH_POPULATION)
    adj = np.zeros((n, n))
    i = np.arange(n)
    adj[i, (i + 1) % n] = 1
    if not directed:
        adj[(i + 1) % n, i] = 1
    return adj


def star_graph(n: int) -> np.ndarray:
    """Adjacency matrix of the star on ``n`` nodes: node 0 is the hub, linked to every leaf."""
    n = count(n, "n", low=2, high=MAX_GRAPH_POPULATION)
    adj = np.zeros((n, n))
    adj[0, 1:] = 1
    adj[1:, 0] = 1
    return adj


def replacement_from_graph(adjacency: Any) -> np.ndarray:
    """The replacement matrix of a graph: the offspring replaces a neighbour drawn uniformly
    (each row of the adjacency matrix divided by its sum; every node needs a neighbour)."""
    G = _graph(adjacency, None, "adjacency")
    deg = G.sum(axis=1)
    if np.any(deg <= 0):
        raise GameError("adjacency: every node needs at least one neighbour to replace")
    return G / deg[:, None]


# --------------------------------------------------------------------------- input checks
def _graph(g: Any, N: int | None, name: str) -> np.ndarray:
    G = matrix(g, name) if not isinstance(g, np.ndarray) or g.dtype != bool else matrix(g.astype(float), name)
    if G.shape[0] != G.shape[1] or (N is not None and G.shape[0] != N):
        raise GameError(f"{name}: expected a {N or 'square'} x {N or 'square'} matrix, got shape {G.shape}")
    if np.any(G < 0):
        raise GameError(f"{name}: weights must be non-negative")
    if G.shape[0] > MAX_GRAPH_POPULATION:
        raise GameSizeError(f"{name}: at most {MAX_GRAPH_POPULATION} individuals")
    return G


def _replacement(W: Any, N: int) -> np.ndarray | None:
    if W is None:
        return None
    R = _graph(W, N, "replacement")
    if np.any(np.abs(R.sum(axis=1) - 1) > 1e-9):
        raise GameError("replacement: every row must sum to 1 (row i: where the offspring of i goes)")
    return R


def _population(population: Any, n: int | None = None) -> np.ndarray:
    pop = np.array(population).reshape(-1)
    if pop.size == 0 or not np.all(np.isfinite(pop.astype(float))) or not np.all(np.mod(pop, 1) == 0) or np.any(pop < 0):
        raise GameError("population: expected one non-negative strategy index per individual")
    if n is not None and np.any(pop >= n):
        raise GameError(f"population: strategy indices must be below {n}, the number of strategies")
    if pop.size > MAX_GRAPH_POPULATION:
        raise GameSizeError(f"population: at most {MAX_GRAPH_POPULATION} individuals, got {pop.size}")
    return pop.astype(np.int64)


def _probability(value: Any, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise GameError(f"{name} must be a number in [0, 1], not {value!r}") from None
    if isinstance(value, bool) or not 0 <= v <= 1:
        raise GameError(f"{name} must be a number in [0, 1], got {value!r}")
    return v


def _strategies(strategies: Any, pop: np.ndarray, n: int) -> np.ndarray:
    if strategies is None:
        return np.unique(pop)
    s = np.unique(np.array(strategies).reshape(-1))
    if s.size == 0 or np.any(s < 0) or np.any(s >= n) or not np.all(np.mod(s, 1) == 0):
        raise GameError(f"mutation_strategies: expected strategy indices in 0..{n - 1}")
    return s.astype(np.int64)


# --------------------------------------------------------------------------- per-step pieces
def moran_scores(A: Any, population: Any, interaction: Any = None, *, payoff: str = "sum") -> np.ndarray:
    """Every individual's score against its interaction neighbours.

    Parameters
    ----------
    A:
        Square payoff matrix of the symmetric game.
    population:
        Strategy of each individual, shape ``(N,)``, or many populations, shape ``(runs, N)``.
    interaction:
        ``N x N`` non-negative weights (default: the complete graph without self-loops).
    payoff:
        ``"sum"`` (``sum_j G_ij A[s_i, s_j]``) or ``"mean"`` (divided by ``sum_j G_ij``).

    Examples
    --------
    >>> moran_scores([[4, 3, 2], [1, 2, 5], [6, 1, 3]], [0, 1, 2], [[0, 1, 0], [0, 0, 1], [1, 0, 0]]).tolist()
    [3.0, 5.0, 6.0]
    """
    M = square(A)
    pop = np.asarray(population)
    flat = _population(pop, M.shape[0])
    pops: np.ndarray = flat.reshape(pop.shape if pop.ndim == 2 else (1, -1))
    N = int(pops.shape[-1])
    G = complete_graph(N) if interaction is None else _graph(interaction, N, "interaction")
    if payoff not in ("sum", "mean"):
        raise GameError(f"payoff must be 'sum' or 'mean', not {payoff!r}")
    out = _scores(M, pops, G, payoff == "mean")
    return out if pop.ndim == 2 else out[0]


def _scores(M: np.ndarray, pops: np.ndarray, G: np.ndarray, mean: bool) -> np.ndarray:
    """Scores of populations ``pops`` (R, N): neighbours' strategy counts (R, N, n) by one
    matrix product, then each individual's payoff row against them."""
    n = M.shape[0]
    onehot = (pops[:, :, None] == np.arange(n)).astype(float)
    neigh = np.matmul(G, onehot)                       # (R, N, n): weighted neighbour counts
    s = (M[pops] * neigh).sum(axis=2)
    if mean:
        deg = G.sum(axis=1)
        s = np.divide(s, deg, out=np.zeros_like(s), where=deg > 0)
    return s


def moran_components(replacement: Any = None, population_size: int | None = None) -> tuple[tuple[int, ...], ...]:
    """The connected components of the replacement graph (``W``'s non-zero pattern, taken as
    undirected); ``None`` means the complete graph on ``population_size`` nodes."""
    if replacement is None:
        if population_size is None:
            raise GameError("moran_components: give a replacement matrix or a population size")
        return (tuple(range(count(population_size, "population_size", low=1, high=MAX_GRAPH_POPULATION))),)
    W = _graph(replacement, None, "replacement")
    N = W.shape[0]
    linked = (W > 0) | (W.T > 0)
    label = np.arange(N)
    while True:  # label propagation: each node takes the smallest label among its neighbours
        nxt = np.minimum(label, np.where(linked, label[None, :], N).min(axis=1))
        if np.array_equal(nxt, label):
            break
        label = nxt
    return tuple(tuple(int(i) for i in np.flatnonzero(label == lab)) for lab in np.unique(label))


def moran_is_fixed(population: Any, components: Any) -> bool:
    """Whether every component holds a single strategy (then, without mutation, the
    process cannot change any more).

    >>> moran_is_fixed([0, 0, 1, 1], [{0, 1}, {2, 3}]), moran_is_fixed([0, 0, 1, 2], [{0, 1}, {2, 3}])
    (True, False)
    """
    pop = _population(population)
    return all(len({int(pop[i]) for i in comp}) == 1 for comp in components)


def moran_step_distribution(population: Any, fitness: Any, *, replacement: Any = None, mutation: float = 0.0,
                            mutation_strategies: Any = None) -> dict[tuple[int, ...], float]:
    """The distribution of the next population after one birth-death step (exact up to float
    rounding): ``{next population: probability}``.

    Parameters
    ----------
    population:
        Current strategy of each individual.
    fitness:
        Each individual's fitness (non-negative; all 0 means a uniformly drawn parent).
    replacement, mutation, mutation_strategies:
        As for :func:`moran_graph_simulation` (``mutation_strategies`` defaults to the
        strategies present in ``population``).

    Examples
    --------
    >>> moran_step_distribution([0, 1], [1, 1], replacement=[[0, 1], [1, 0]])
    {(0, 0): 0.5, (1, 1): 0.5}
    """
    pop = _population(population)
    N = pop.size
    f = np.array(fitness, dtype=float).reshape(-1)
    if f.shape != (N,) or not np.all(np.isfinite(f)) or np.any(f < 0):
        raise GameError(f"fitness: expected {N} finite non-negative numbers")
    W = _replacement(replacement, N)
    mu = _probability(mutation, "mutation")
    strat = _strategies(mutation_strategies, pop, int(pop.max()) + 1 if mutation_strategies is None
                        else int(np.max(mutation_strategies)) + 1)
    birth = f / f.sum() if f.sum() > 0 else np.full(N, 1.0 / N)
    out: dict[tuple[int, ...], float] = {}
    for b in np.flatnonzero(birth > 0):
        death = np.full(N, 1.0 / N) if W is None else W[b]
        for d in np.flatnonzero(death > 0):
            for s, q in _offspring(int(pop[b]), strat, mu):
                nxt = pop.copy()
                nxt[d] = s
                key = tuple(int(v) for v in nxt)
                out[key] = out.get(key, 0.0) + float(birth[b] * death[d] * q)
    return out


def _offspring(parent: int, strat: np.ndarray, mu: float) -> list[tuple[int, float]]:
    """The offspring's strategy and its probability."""
    others = [int(s) for s in strat if s != parent]
    if mu == 0 or not others:
        return [(parent, 1.0)]
    return ([(parent, 1.0 - mu)] if mu < 1 else []) + [(s, mu / len(others)) for s in others]


# --------------------------------------------------------------------------- the process
@dataclass(frozen=True, kw_only=True)
class _Setup:
    M: np.ndarray
    pop: np.ndarray
    G: np.ndarray
    W: np.ndarray | None
    mu: float
    w: float
    mean: bool
    strat: np.ndarray
    comps: tuple[tuple[int, ...], ...]
    label: np.ndarray


def _setup(A: Any, initial_population: Any, interaction: Any, replacement: Any, mutation: Any,
           mutation_strategies: Any, payoff: str, intensity: Any) -> _Setup:
    M = square(A)
    n = M.shape[0]
    pop = _population(initial_population, n)
    N = pop.size
    G = complete_graph(N) if interaction is None else _graph(interaction, N, "interaction")
    W = _replacement(replacement, N)
    mu = _probability(mutation, "mutation")
    w = _probability(intensity, "intensity")
    if payoff not in ("sum", "mean"):
        raise GameError(f"payoff must be 'sum' or 'mean', not {payoff!r}")
    mean = payoff == "mean"
    low = min(0.0, float(M.min())) * (1.0 if mean else float(G.sum(axis=1).max()))
    if 1 - w + w * low < 0:
        raise GameError("fitness 1 - w + w * score can be negative with these payoffs (the lowest payoff is "
                        f"{M.min():g}); use non-negative payoffs, shift them, or lower the intensity")
    comps = moran_components(W, N)
    label = np.empty(N, dtype=np.int64)
    for c in comps:
        label[list(c)] = c[0]
    return _Setup(M=M, pop=pop, G=G, W=W, mu=mu, w=w, mean=mean, strat=_strategies(mutation_strategies, pop, n),
                  comps=comps, label=label)


def _fixed_rows(pops: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Which populations (rows) have a single strategy in every component."""
    return np.all(pops == pops[:, label], axis=1)


@dataclass(frozen=True, kw_only=True)
class MoranGraphSimulation(Result):
    """Many simulated runs of the Moran process on graphs.

    Attributes
    ----------
    outcomes:
        Share of runs ending in each final population (a tuple of strategies), largest first.
    fixation:
        Share of runs in which strategy ``k`` holds the whole population, one entry per strategy.
    final_populations:
        Each run's final population, shape ``(runs, N)``.
    steps_taken:
        Each run's number of steps (until fixation, or the number asked for).
    unfinished:
        Runs not fixed when they stopped (0 when every run fixed; with mutation, runs are
        stopped after the given number of steps and this counts those not fixed then).
    """

    outcomes: dict[tuple[int, ...], float]
    fixation: np.ndarray
    final_populations: np.ndarray = field(metadata={"json": False})
    steps_taken: np.ndarray = field(metadata={"json": False})
    unfinished: int

    def summary(self) -> str:
        top = list(self.outcomes.items())[:5]
        return (f"Moran process on a graph, {len(self.steps_taken)} runs, mean steps "
                f"{float(np.mean(self.steps_taken)):.1f}, unfinished {self.unfinished}; fixation "
                + ", ".join(f"{v:.4f}" for v in self.fixation) + "\n"
                + "\n".join(f"  {p}: {q:.4f}" for p, q in top))


def moran_graph_simulation(A: Any, initial_population: Any, *, interaction: Any = None, replacement: Any = None,
                           mutation: float = 0.0, mutation_strategies: Any = None, payoff: str = "sum",
                           intensity: float = 1.0, runs: int = 1000, steps: int | None = None,
                           max_steps: int = 1_000_000, seed: Any = None) -> MoranGraphSimulation:
    """Simulate the Moran process on an interaction graph and a replacement graph, with
    mutation, all runs at once.

    Parameters
    ----------
    A:
        Square payoff matrix of the symmetric game (strategies ``0 .. n-1``).
    initial_population:
        The strategy of each of the ``N`` individuals at the start.
    interaction:
        ``N x N`` non-negative interaction weights (default: complete graph, no self-loops).
    replacement:
        ``N x N`` row-stochastic matrix; row ``i`` is where the offspring of ``i`` goes
        (default: uniform over all ``N``).
    mutation:
        Probability that an offspring mutates to another strategy (in ``[0, 1]``).
    mutation_strategies:
        The strategies a mutant may take (default: those in ``initial_population``).
    payoff:
        ``"sum"`` or ``"mean"`` over interaction neighbours (see :func:`moran_scores`).
    intensity:
        Intensity of selection ``w`` in ``[0, 1]``; fitness ``1 - w + w * score`` must be
        non-negative for every possible score.
    runs:
        Number of independent runs.
    steps:
        Run exactly this many steps (required with ``mutation > 0``); default: until every
        component of the replacement graph holds one strategy.
    max_steps:
        Without ``steps``: stop runs not fixed after this many steps (``unfinished``).
    seed:
        Integer or ``numpy.random.Generator``.

    Examples
    --------
    >>> r = moran_graph_simulation([[1, 1], [1, 1]], [1, 0, 0, 0, 0], interaction=cycle_graph(5),
    ...                            replacement=replacement_from_graph(cycle_graph(5)), runs=4000, seed=1)
    >>> bool(abs(r.fixation[1] - 1 / 5) < 0.03)     # neutral mutant on a cycle: 1/N
    True
    """
    start = time.perf_counter()
    S = _setup(A, initial_population, interaction, replacement, mutation, mutation_strategies, payoff, intensity)
    runs = count(runs, "runs", low=1, high=MAX_RUNS)
    N, n = S.pop.size, S.M.shape[0]
    if runs * N * N > 400_000_000:
        raise GameSizeError(f"runs x N^2 = {runs * N * N:,} is too large (at most 400,000,000)")
    if steps is None:
        if S.mu > 0:
            raise GameError("with mutation the process never fixes: give the number of steps (steps=...)")
        limit = count(max_steps, "max_steps", low=1)
    else:
        limit = count(steps, "steps")
    rng = rng_of(seed)
    pops = np.tile(S.pop, (runs, 1))
    taken = np.zeros(runs, dtype=np.int64)
    active = np.arange(runs) if S.mu > 0 else np.flatnonzero(~_fixed_rows(pops, S.label))
    cum_w = None if S.W is None else np.cumsum(S.W, axis=1)
    others = [np.array([s for s in S.strat if s != k], dtype=np.int64) for k in range(n)]
    n_others = np.array([o.size for o in others])
    table = np.zeros((n, max(1, int(n_others.max()))), dtype=np.int64)
    for k, o in enumerate(others):
        table[k, : o.size] = o
    # neighbours' weighted strategy counts, kept up to date (one column of G per step)
    neigh = np.matmul(S.G, (pops[:, :, None] == np.arange(n)).astype(float))
    deg = S.G.sum(axis=1)
    scale = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0) if S.mean else np.ones(N)
    everyone = np.arange(N)[None, :]
    for _ in range(limit):
        if active.size == 0:
            break
        P = pops[active]
        fit = (1 - S.w) + S.w * (S.M[P] * neigh[active]).sum(axis=2) * scale
        fit = np.where(fit.sum(axis=1, keepdims=True) > 0, fit, 1.0)
        cdf = np.cumsum(fit, axis=1)
        born = np.minimum((cdf <= (rng.random(active.size) * cdf[:, -1])[:, None]).sum(axis=1), N - 1)
        u = rng.random(active.size)
        if cum_w is None:
            dies = np.minimum((u * N).astype(np.int64), N - 1)
        else:
            row = cum_w[born]
            dies = np.minimum((row <= (u * row[:, -1])[:, None]).sum(axis=1), N - 1)
        child = P[np.arange(active.size), born]
        if S.mu > 0:
            mutate = (rng.random(active.size) < S.mu) & (n_others[child] > 0)
            pick = np.minimum((rng.random(active.size) * n_others[child]).astype(np.int64),
                              np.maximum(n_others[child] - 1, 0))
            child = np.where(mutate, table[child, pick], child)
        col = S.G[:, dies].T                                # how much each individual sees the replaced one
        rows = active[:, None]
        neigh[rows, everyone, P[np.arange(active.size), dies][:, None]] -= col
        neigh[rows, everyone, child[:, None]] += col
        pops[active, dies] = child
        taken[active] += 1
        if S.mu == 0:
            active = active[~_fixed_rows(pops[active], S.label)]
    fixed = _fixed_rows(pops, S.label)
    keys, counts_ = np.unique(pops, axis=0, return_counts=True)
    order = np.argsort(-counts_, kind="stable")
    outcomes = {tuple(int(v) for v in keys[k]): float(counts_[k] / runs) for k in order}
    whole = np.array([np.mean(np.all(pops == k, axis=1)) for k in range(n)])
    return MoranGraphSimulation(
        outcomes=outcomes, fixation=whole, final_populations=pops, steps_taken=taken,
        unfinished=int((~fixed).sum()), method="moran_graph_simulation", arithmetic="float",
        elapsed=time.perf_counter() - start,
        parameters={"runs": runs, "population": N, "mutation": S.mu, "intensity": S.w, "payoff": payoff,
                    "steps": steps, "seed": seed if not hasattr(seed, "random") else "generator"},
    )


@dataclass(frozen=True, kw_only=True)
class MoranGraphExact(Result):
    """The Moran process on graphs solved as a Markov chain on all configurations.

    Attributes
    ----------
    distribution:
        Probability of each final population: the absorbing configurations reached (without
        ``steps``) or the configurations after ``steps`` steps; entries below ``1e-15`` dropped.
    fixation:
        Probability that strategy ``k`` holds the whole population (at absorption, or after
        ``steps`` steps).
    residual:
        Without ``steps``: ``max |(I - Q) x - e|`` of the linear solve for the absorption
        probabilities (a check of the solve); with ``steps``: ``|1 - sum of probabilities|``.
    states:
        Number of configurations of the chain (``n ** N``).
    """

    distribution: dict[tuple[int, ...], float]
    fixation: np.ndarray
    residual: float
    states: int

    def summary(self) -> str:
        top = sorted(self.distribution.items(), key=lambda kv: -kv[1])[:5]
        return (f"Moran process on a graph, exact chain on {self.states} configurations "
                f"(residual {self.residual:.2g}); fixation " + ", ".join(f"{v:.6f}" for v in self.fixation) + "\n"
                + "\n".join(f"  {p}: {q:.6f}" for p, q in top))


def moran_transition_matrix(A: Any, population_size: int, *, interaction: Any = None, replacement: Any = None,
                            mutation: float = 0.0, mutation_strategies: Any = None, payoff: str = "sum",
                            intensity: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The one-step transition matrix of the Moran process on graphs over all ``n ** N``
    configurations, and the configurations (rows of strategies, in C order).

    ``mutation_strategies`` defaults to all ``n`` strategies here (there is no initial
    population to take them from).
    """
    M = square(A)
    n = M.shape[0]
    N = count(population_size, "population_size", low=1, high=MAX_GRAPH_POPULATION)
    if n ** N > MAX_EXACT_STATES:
        raise GameSizeError(f"{n} strategies and {N} individuals make {n ** N:,} configurations; "
                            f"the exact chain takes at most {MAX_EXACT_STATES:,} (use moran_graph_simulation)")
    strategies = np.arange(n) if mutation_strategies is None else mutation_strategies
    S = _setup(M, np.zeros(N, dtype=np.int64), interaction, replacement, mutation, strategies, payoff, intensity)
    return _chain(S, N, n), np.array(list(np.ndindex(*(n,) * N)), dtype=np.int64).reshape(-1, N)


def _chain(S: _Setup, N: int, n: int) -> np.ndarray:
    size = n ** N
    configs = np.array(list(np.ndindex(*(n,) * N)), dtype=np.int64).reshape(size, N)
    fit = (1 - S.w) + S.w * _scores(S.M, configs, S.G, S.mean)
    fit = np.where(fit.sum(axis=1, keepdims=True) > 0, fit, 1.0)
    birth = fit / fit.sum(axis=1, keepdims=True)                       # (size, N)
    W = np.full((N, N), 1.0 / N) if S.W is None else S.W
    place = n ** np.arange(N - 1, -1, -1)                              # C-order digit weights
    index = configs @ place
    P = np.zeros((size, size))
    parent = configs                                                    # parent's strategy per (state, b)
    in_set = np.isin(np.arange(n), S.strat)
    for s in range(n):                                                  # offspring strategy s
        # q[state, b]: probability that the offspring of b has strategy s
        n_other = in_set.sum() - in_set[parent]                         # (size, N)
        same = parent == s
        q = np.where(same, np.where(n_other > 0, 1 - S.mu, 1.0), 0.0)
        q = q + np.where(~same & in_set[s] & (n_other > 0), S.mu / np.maximum(n_other, 1), 0.0)
        weight = birth * q                                              # (size, N_b)
        prob = weight[:, :, None] * W[None, :, :]                       # (size, N_b, N_d)
        target = index[:, None] + (s - configs) * place[None, :]        # (size, N_d)
        tgt = np.broadcast_to(target[:, None, :], prob.shape)
        src = np.broadcast_to(np.arange(size)[:, None, None], prob.shape)
        P += np.bincount((src * size + tgt).ravel(), weights=prob.ravel(), minlength=size * size).reshape(size, size)
    return P


def moran_graph_exact(A: Any, initial_population: Any, *, interaction: Any = None, replacement: Any = None,
                      mutation: float = 0.0, mutation_strategies: Any = None, payoff: str = "sum",
                      intensity: float = 1.0, steps: int | None = None) -> MoranGraphExact:
    """The Moran process on graphs of a small population, solved as a Markov chain.

    Parameters are those of :func:`moran_graph_simulation`. Without ``steps`` (and without
    mutation) it gives the probability of each absorbing configuration (every replacement
    component holding one strategy) from ``initial_population``: one linear solve with the
    transient block of the chain. With ``steps`` it gives the distribution after that many
    steps (mutation allowed). At most :data:`MAX_EXACT_STATES` configurations (``n ** N``).

    Examples
    --------
    >>> r = moran_graph_exact([[2, 2], [1, 1]], [0, 1, 1, 1, 1], payoff="mean",
    ...                       interaction=cycle_graph(5), replacement=replacement_from_graph(cycle_graph(5)))
    >>> round(float(r.fixation[0]), 12) == round((1 - 1 / 2) / (1 - 1 / 2 ** 5), 12)   # isothermal theorem
    True
    """
    start = time.perf_counter()
    M = square(A)
    n = M.shape[0]
    pop = _population(initial_population, n)
    N = pop.size
    size = n ** N
    if size > MAX_EXACT_STATES:
        raise GameSizeError(f"{n} strategies and {N} individuals make {size:,} configurations; "
                            f"the exact chain takes at most {MAX_EXACT_STATES:,} (use moran_graph_simulation)")
    S = _setup(M, pop, interaction, replacement, mutation, mutation_strategies, payoff, intensity)
    P = _chain(S, N, n)
    configs = np.array(list(np.ndindex(*(n,) * N)), dtype=np.int64).reshape(size, N)
    i0 = int(pop @ (n ** np.arange(N - 1, -1, -1)))
    if steps is not None:
        k = count(steps, "steps", low=0, high=100_000)
        v = np.zeros(size)
        v[i0] = 1.0
        for _ in range(k):
            v = v @ P
        residual = abs(1.0 - float(v.sum()))
    else:
        if S.mu > 0:
            raise GameError("with mutation the process never fixes: give the number of steps (steps=...)")
        absorbing = _fixed_rows(configs, S.label)
        v = np.zeros(size)
        if absorbing[i0]:
            v[i0] = 1.0
            residual = 0.0
        else:
            T = np.flatnonzero(~absorbing)
            Q = P[np.ix_(T, T)]
            e = np.zeros(T.size)
            e[int(np.searchsorted(T, i0))] = 1.0
            lhs = np.eye(T.size) - Q.T
            try:
                y = np.linalg.solve(lhs, e)                              # expected visits to each transient state
            except np.linalg.LinAlgError:
                raise GameError("some configurations never reach fixation (the replacement graph lets two "
                                "strategies persist in one component); the absorption probabilities are "
                                "not defined") from None
            residual = float(np.abs(lhs @ y - e).max())
            if not np.all(np.isfinite(y)) or residual > 1e-8:
                raise GameError("some configurations never reach fixation; the absorption probabilities are "
                                f"not defined (solve residual {residual:.2g})")
            v[absorbing] = y @ P[np.ix_(T, np.flatnonzero(absorbing))]
            if abs(1.0 - float(v.sum())) > 1e-9:
                raise GameError("from this population the process may never fix (the replacement graph lets two "
                                f"strategies persist in one component): it is absorbed with probability {v.sum():.6g}")
    keep = np.flatnonzero(v > 1e-15)
    dist = {tuple(int(s) for s in configs[k]): float(v[k]) for k in keep}
    whole = np.array([float(v[int(k * sum(n ** np.arange(N)))]) for k in range(n)])
    return MoranGraphExact(
        distribution=dist, fixation=whole, residual=residual, states=size, method="moran_graph_exact",
        arithmetic="float", elapsed=time.perf_counter() - start,
        parameters={"population": N, "mutation": S.mu, "intensity": S.w, "payoff": payoff, "steps": steps},
    )


__all__ = [
    "MoranGraphExact", "MoranGraphSimulation", "complete_graph", "cycle_graph", "moran_components",
    "moran_graph_exact", "moran_graph_simulation", "moran_is_fixed", "moran_scores", "moran_step_distribution",
    "moran_transition_matrix", "replacement_from_graph", "star_graph",
]
