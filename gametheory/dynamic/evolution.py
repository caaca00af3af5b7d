"""Evolutionary dynamics: replicator dynamics, Moran processes, local interaction,
introspection dynamics and evolutionarily stable strategies.

Algorithms
----------
*Replicator dynamics* (Taylor & Jonker 1978): ``x_i' = x_i ((A x)_i - x.A x)``; with a
mutation matrix ``Q`` (row ``i``: where offspring of ``i`` go) the replicator-mutator
equation ``x_j' = sum_i x_i (A x)_i Q_ij - x_j x.A x`` (Page & Nowak 2002). The two-population
(asymmetric) form uses ``A y`` and ``x B``. Integrated with LSODA (scipy's ``odeint``,
``rtol=1e-10``, ``atol=1e-12``), vectorised over strategies. The mean payoff is divided by ``sum x`` (equal
to 1 on the simplex), which makes ``sum x`` an exact linear invariant of the integrated system,
so the integrator keeps it to rounding error instead of letting it drift.

*Moran process* (Moran 1958; Nowak et al. 2004; Taylor et al. 2004): a population of ``N``;
each step one individual reproduces with probability proportional to its fitness
``1 - w + w * payoff`` (payoff averaged over the other ``N - 1``) and the offspring replaces
one individual drawn uniformly. :func:`moran_fixation` gives the exact fixation probability
(Fractions) of ``i`` mutants, ``(1 + sum_{k<i} prod_{j<=k} g_j/f_j) / (1 + sum_{k<N} prod_{j<=k}
g_j/f_j)``; a neutral mutant fixes with probability ``1/N``. :func:`moran_simulation`
simulates many runs at once (the state of a run is its count vector).

*Local interaction* (Blume 1995; Morris 2000): players on a graph play a symmetric game with
each neighbour and revise to a best response to their neighbours' actions, all at once
("simultaneous") or one at a time ("asynchronous").

*Introspection dynamics* (Couto, Giaimo & Hilbe 2022): one player, drawn uniformly,
compares its payoff with that of one other action drawn uniformly and switches with the
Fermi probability ``1 / (1 + exp(-beta * delta))``.

*Evolutionarily stable strategies* (Maynard Smith & Price 1973; Maynard Smith 1982): ``x`` is
an ESS of the symmetric game ``A`` if ``x`` is a symmetric Nash equilibrium and every
alternative best reply ``y != x`` satisfies ``x.A y > y.A y``. :func:`ess` enumerates supports
in exact arithmetic and decides the second condition exactly by Haigh's (1975) criterion: the
quadratic form ``z.A z`` must be negative on the cone of directions ``z`` (sum 0, inside the
best-reply set, non-negative off the support) -- a negative-definite test on the support's
directions and a strict copositivity test on the rest, both with exact rationals.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import format_number, to_fraction
from gametheory.dynamic._inputs import (
    MAX_RUNS,
    check_cells,
    count,
    distribution,
    integers,
    matrix,
    rng_of,
    square,
)
from gametheory.dynamic.learning import StationaryDistribution, _fermi, revision_matrix, stationary_of
from gametheory.errors import GameError, GameSizeError

#: Largest population a Moran process accepts.
MAX_POPULATION = 100_000
#: Largest symmetric game for exact ESS support enumeration.
MAX_ESS_STRATEGIES = 12


# --------------------------------------------------------------------------- replicator
@dataclass(frozen=True, kw_only=True)
class ReplicatorResult(Result):
    """A replicator trajectory.

    Attributes
    ----------
    times:
        The time points.
    states:
        One array per population, shape ``(len(times), n)``: the strategy shares.
    simplex_error:
        Largest ``|sum - 1|`` or negative share along the path (a check of the integration).
    """

    times: np.ndarray = field(metadata={"json": False})
    states: tuple[np.ndarray, ...] = field(metadata={"json": False})
    simplex_error: float

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["final"] = json_value([s[-1] for s in self.states])
        out["t_end"] = float(self.times[-1])
        return out

    def summary(self) -> str:
        lines = [f"{self.method}: t from {self.times[0]:g} to {self.times[-1]:g}"]
        for i, s in enumerate(self.states):
            lines.append(f"  population {i + 1} at the end: " + ", ".join(f"{v:.4f}" for v in s[-1]))
        lines.append(f"  largest distance from the simplex: {self.simplex_error:.2g}")
        return "\n".join(lines)


def _times(timepoints: Any) -> np.ndarray:
    t = np.linspace(0, 10, 1000) if timepoints is None else np.array(timepoints, dtype=float).reshape(-1)
    if t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise GameError("timepoints: expected at least two finite, increasing times")
    if t.size > 10_000_000:
        raise GameSizeError("timepoints: at most 10,000,000 points")
    return t


def _integrate(rhs: Any, y0: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``rhs(t, y)`` integrated from ``y0`` and reported at the times ``t`` (LSODA through
    scipy's compiled ``odeint``: one Python call per evaluation, no per-step Python work)."""
    from scipy.integrate import odeint

    ys, info = odeint(lambda y, tt: rhs(tt, y), y0, t, rtol=1e-10, atol=1e-12, full_output=True, mxstep=100_000)
    if info.get("message") != "Integration successful.":  # pragma: no cover - smooth systems
        raise GameError(f"the ODE integration failed: {info.get('message')}")
    return np.asarray(ys)


def _mutation(Q: Any, n: int) -> np.ndarray | None:
    if Q is None:
        return None
    M = matrix(Q, "mutation_matrix")
    if M.shape != (n, n) or np.any(M < 0) or np.any(np.abs(M.sum(axis=1) - 1) > 1e-9):
        raise GameError(f"mutation_matrix: expected an {n} x {n} matrix of probabilities with rows summing to 1")
    return M


def replicator_dynamics(A: Any, y0: Any = None, timepoints: Any = None, *,
                        mutation_matrix: Any = None) -> ReplicatorResult:
    """Replicator (or replicator-mutator) dynamics of a symmetric game.

    Parameters
    ----------
    A:
        Square payoff matrix (row strategy against column strategy).
    y0:
        Starting shares (default uniform).
    timepoints:
        Increasing times at which to report the state (default ``linspace(0, 10, 1000)``).
    mutation_matrix:
        Optional row-stochastic matrix ``Q``: offspring of ``i`` are of type ``j`` with
        probability ``Q[i, j]``.

    Examples
    --------
    >>> r = replicator_dynamics([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [0.5, 0.3, 0.2])
    >>> x = r.states[0]
    >>> bool(abs(x[-1].prod() - x[0].prod()) < 1e-8)   # x1 x2 x3 is a constant of motion
    True
    """
    start = time.perf_counter()
    M = square(A)
    n = M.shape[0]
    x0 = distribution(y0, n, "y0")
    Q = _mutation(mutation_matrix, n)
    t = _times(timepoints)
    check_cells(t.size * n, "timepoints x strategies")

    if Q is None:
        def rhs(_t: float, x: np.ndarray) -> np.ndarray:
            f = M @ x
            return x * (f - (x @ f) / x.sum())
    else:
        def rhs(_t: float, x: np.ndarray) -> np.ndarray:
            f = M @ x
            return (x * f) @ Q - x * ((x @ f) / x.sum())

    xs = _integrate(rhs, x0, t)
    err = float(max(np.abs(xs.sum(axis=1) - 1).max(), max(0.0, -xs.min())))
    return ReplicatorResult(
        times=t, states=(xs,), simplex_error=err, method="replicator_dynamics", arithmetic="float",
        elapsed=time.perf_counter() - start, parameters={"mutation": Q is not None},
    )


def asymmetric_replicator_dynamics(A: Any, B: Any, x0: Any = None, y0: Any = None,
                                   timepoints: Any = None) -> ReplicatorResult:
    """Two-population replicator dynamics: ``x_i' = x_i ((A y)_i - x.A y)``,
    ``y_j' = y_j ((x B)_j - x.B y)``.

    Parameters
    ----------
    A, B:
        The row and column population's payoff matrices (same shape).
    x0, y0:
        Starting shares of the two populations (default uniform).
    timepoints:
        As for :func:`replicator_dynamics`.
    """
    start = time.perf_counter()
    MA, MB = matrix(A, "A"), matrix(B, "B")
    if MA.shape != MB.shape:
        raise GameError(f"A is {MA.shape[0]} x {MA.shape[1]} but B is {MB.shape[0]} x {MB.shape[1]}; they must match")
    m, n = MA.shape
    z0 = np.concatenate([distribution(x0, m, "x0"), distribution(y0, n, "y0")])
    t = _times(timepoints)
    check_cells(t.size * (m + n), "timepoints x strategies")

    def rhs(_t: float, z: np.ndarray) -> np.ndarray:
        x, y = z[:m], z[m:]
        fa, fb = MA @ y, x @ MB
        return np.concatenate([x * (fa - (x @ fa) / x.sum()), y * (fb - (y @ fb) / y.sum())])

    zs = _integrate(rhs, z0, t)
    xs, ys = zs[:, :m], zs[:, m:]
    err = float(max(np.abs(xs.sum(axis=1) - 1).max(), np.abs(ys.sum(axis=1) - 1).max(), max(0.0, -zs.min())))
    return ReplicatorResult(
        times=t, states=(xs, ys), simplex_error=err, method="asymmetric_replicator_dynamics",
        arithmetic="float", elapsed=time.perf_counter() - start,
    )


# --------------------------------------------------------------------------- Moran
@dataclass(frozen=True, kw_only=True)
class MoranFixation(Result):
    """Exact fixation probability of a mutant in a two-strategy Moran process.

    Attributes
    ----------
    probability:
        The probability (a Fraction) that ``mutants`` individuals of strategy 1 take over a
        population of size ``population`` otherwise playing strategy 2.
    neutral:
        ``mutants / population``, the neutral benchmark.
    """

    probability: Fraction
    neutral: Fraction
    population: int
    mutants: int

    def summary(self) -> str:
        return (f"fixation probability of {self.mutants} mutant(s) in a population of {self.population}: "
                f"{float(self.probability):.6g} (neutral drift: {float(self.neutral):.6g})")


def moran_fixation(A: Any, population: int, mutants: int = 1, *, intensity: Any = 1) -> MoranFixation:
    """Exact fixation probability in the frequency-dependent Moran process (Taylor et al. 2004).

    Parameters
    ----------
    A:
        2 x 2 payoff matrix ``[[a, b], [c, d]]``: strategy 1 (the mutant) against 1 and 2,
        strategy 2 against 1 and 2. Exact (rational) entries give an exact answer.
    population:
        Population size ``N >= 2``.
    mutants:
        Initial number ``i`` of mutants (``1 <= i <= N``).
    intensity:
        Intensity of selection ``w`` in ``[0, 1]``; fitness is ``1 - w + w * payoff``, which
        must be positive in every mixed state.

    Examples
    --------
    >>> moran_fixation([[1, 1], [1, 1]], 10).probability      # neutral: 1/N
    Fraction(1, 10)
    """
    start = time.perf_counter()
    try:
        a, b, c, d = (to_fraction(v, "A") for row in A for v in row)
        if len(A) != 2 or any(len(row) != 2 for row in A):
            raise ValueError
    except (TypeError, ValueError):
        raise GameError("A: the exact Moran fixation needs a 2 x 2 matrix of rational numbers") from None
    N = count(population, "population", low=2, high=MAX_POPULATION)
    i0 = count(mutants, "mutants", low=0, high=N)
    w = to_fraction(intensity, "intensity")
    if not 0 <= w <= 1:
        raise GameError(f"intensity must be in [0, 1], got {intensity}")
    ratios = []
    for j in range(1, N):
        f = 1 - w + w * (a * (j - 1) + b * (N - j)) / (N - 1)
        g = 1 - w + w * (c * j + d * (N - j - 1)) / (N - 1)
        if f <= 0 or g <= 0:
            raise GameError(f"fitness must be positive; with {j} mutants it is {f} (mutant) and {g} (resident): "
                            "lower the intensity of selection or shift the payoffs")
        ratios.append(g / f)
    total, partial, prod = Fraction(1), Fraction(1) if i0 > 0 else Fraction(0), Fraction(1)
    for k, r in enumerate(ratios, start=1):
        prod *= r
        total += prod
        if k < i0:
            partial += prod
    return MoranFixation(
        probability=partial / total, neutral=Fraction(i0, N), population=N, mutants=i0,
        method="moran_fixation", arithmetic="exact", elapsed=time.perf_counter() - start,
        parameters={"intensity": w},
    )


@dataclass(frozen=True, kw_only=True)
class MoranSimulation(Result):
    """Many simulated Moran processes.

    Attributes
    ----------
    fixation:
        Fraction of runs in which each strategy took over.
    final_counts:
        Each run's final count vector, shape ``(runs, n)``.
    steps_taken:
        Each run's number of birth-death steps until fixation (or ``max_steps``).
    unfinished:
        Number of runs not fixed after ``max_steps``.
    """

    fixation: np.ndarray
    final_counts: np.ndarray = field(metadata={"json": False})
    steps_taken: np.ndarray = field(metadata={"json": False})
    unfinished: int

    def summary(self) -> str:
        return (f"Moran process, {len(self.steps_taken)} runs: fixation frequencies "
                + ", ".join(f"{v:.4f}" for v in self.fixation)
                + f"; mean steps {float(np.mean(self.steps_taken)):.1f}; unfinished {self.unfinished}")


def moran_simulation(A: Any, initial_counts: Any, *, runs: int = 1000, intensity: float = 1.0,
                     max_steps: int = 1_000_000, seed: Any = None) -> MoranSimulation:
    """Simulate the well-mixed Moran process, all runs at once (vectorised over runs).

    Parameters
    ----------
    A:
        Square payoff matrix of the symmetric game.
    initial_counts:
        How many individuals play each strategy at the start (their sum is ``N``).
    runs:
        Number of independent runs.
    intensity:
        Intensity of selection ``w``; fitness ``1 - w + w * payoff`` (must be non-negative;
        when every fitness in a run is 0, the parent is drawn uniformly).
    max_steps:
        Stop a run that has not fixed after this many steps.
    seed:
        Integer or ``numpy.random.Generator``.
    """
    start = time.perf_counter()
    M = square(A)
    n = M.shape[0]
    c0 = np.array(initial_counts).reshape(-1)
    if c0.shape != (n,) or not np.all(np.mod(c0, 1) == 0) or np.any(c0 < 0):
        raise GameError(f"initial_counts: expected {n} non-negative integers")
    c0 = c0.astype(np.int64)
    N = int(c0.sum())
    count(N, "population (sum of initial_counts)", low=2, high=MAX_POPULATION)
    runs = count(runs, "runs", low=1, high=MAX_RUNS)
    max_steps = count(max_steps, "max_steps", low=1)
    if not (math.isfinite(intensity) and 0 <= intensity <= 1):
        raise GameError(f"intensity must be in [0, 1], got {intensity}")
    rng = rng_of(seed)
    counts = np.tile(c0, (runs, 1))
    steps = np.zeros(runs, dtype=np.int64)
    active = np.flatnonzero((counts > 0).sum(axis=1) > 1)
    for _ in range(max_steps):
        if active.size == 0:
            break
        c = counts[active].astype(float)
        pay = (c @ M.T - np.diag(M)) / (N - 1)          # payoff of each strategy (self excluded)
        fit = (1 - intensity) + intensity * pay
        if np.any(fit[c > 0] < 0):
            raise GameError("fitness 1 - w + w * payoff is negative; shift the payoffs or lower the intensity")
        weight = c * fit
        dead_all = weight.sum(axis=1) <= 0
        weight[dead_all] = c[dead_all]
        wc = np.cumsum(weight, axis=1)
        born = np.minimum((wc <= (rng.random(active.size) * wc[:, -1])[:, None]).sum(axis=1), n - 1)
        cc = np.cumsum(c, axis=1)
        dies = np.minimum((cc <= (rng.random(active.size) * N)[:, None]).sum(axis=1), n - 1)
        counts[active, born] += 1
        counts[active, dies] -= 1
        steps[active] += 1
        active = active[(counts[active] > 0).sum(axis=1) > 1]
    winners = np.zeros(n)
    fixed = (counts == N)
    winners += fixed.sum(axis=0)
    return MoranSimulation(
        fixation=winners / runs, final_counts=counts, steps_taken=steps, unfinished=int(active.size),
        method="moran_simulation", arithmetic="float", elapsed=time.perf_counter() - start,
        parameters={"runs": runs, "intensity": intensity, "population": N,
                    "seed": seed if not hasattr(seed, "random") else "generator"},
    )


# --------------------------------------------------------------------------- local interaction
@dataclass(frozen=True, kw_only=True)
class LocalInteractionResult(Result):
    """A local-interaction path: ``actions[t]`` is every player's action after step ``t``."""

    actions: np.ndarray = field(metadata={"json": False})
    converged: bool

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["final_actions"] = json_value(self.actions[-1])
        out["steps"] = int(self.actions.shape[0] - 1)
        return out

    def summary(self) -> str:
        share = np.bincount(self.actions[-1], minlength=int(self.parameters.get("actions", 0)))
        return (f"local interaction ({self.parameters.get('revision')}): {self.actions.shape[0] - 1} steps, "
                f"final action counts {share.tolist()}, {'at rest' if self.converged else 'still moving'}")


def grid_adjacency(rows: int, cols: int, *, torus: bool = False) -> np.ndarray:
    """Adjacency matrix of a ``rows x cols`` grid (von Neumann neighbourhood)."""
    rows = count(rows, "rows", low=1, high=1000)
    cols = count(cols, "cols", low=1, high=1000)
    N = rows * cols
    if N > 10_000:
        raise GameSizeError(f"a grid of {N} cells is too large for a dense adjacency matrix (at most 10,000)")
    adj = np.zeros((N, N))
    idx = np.arange(N).reshape(rows, cols)
    for dr, dc in ((0, 1), (1, 0)):
        if torus:
            a, b = idx, np.roll(np.roll(idx, -dr, axis=0), -dc, axis=1)
        else:
            a, b = idx[: rows - dr, : cols - dc], idx[dr:, dc:]
        adj[a.ravel(), b.ravel()] = 1
        adj[b.ravel(), a.ravel()] = 1
    np.fill_diagonal(adj, 0)
    return adj


def local_interaction(A: Any, adjacency: Any, actions: Any = None, steps: int = 10, *,
                      revision: str = "simultaneous", player_order: Any = None,
                      seed: Any = None) -> LocalInteractionResult:
    """Best-response revision on a graph: each player plays the symmetric game ``A`` with
    its neighbours (weights from ``adjacency``) and revises to a best response to them.

    Parameters
    ----------
    A:
        Square payoff matrix.
    adjacency:
        ``N x N`` non-negative weights (row ``i``: how much ``i`` cares about each player).
    actions:
        Starting actions (default uniform random).
    steps:
        Number of revision rounds; in ``"asynchronous"`` revision one player, drawn
        uniformly, revises per step.
    revision:
        ``"simultaneous"`` or ``"asynchronous"``.
    player_order:
        Asynchronous revision only: the players who revise, in turn (cycled); default a
        uniformly drawn player each step.
    seed:
        Integer or ``numpy.random.Generator``.

    Notes
    -----
    Ties among best responses go to the smallest action index (as in QuantEcon's
    ``LocalInteraction``).
    """
    start = time.perf_counter()
    M = square(A)
    n = M.shape[0]
    W = matrix(adjacency, "adjacency")
    if W.shape[0] != W.shape[1] or np.any(W < 0):
        raise GameError("adjacency: expected a square matrix of non-negative weights")
    N = W.shape[0]
    if revision not in ("simultaneous", "asynchronous"):
        raise GameError(f"revision must be 'simultaneous' or 'asynchronous', not {revision!r}")
    steps = count(steps, "steps")
    rng = rng_of(seed)
    if actions is None:
        a = integers(rng, n, size=N)
    else:
        a = np.array(actions).reshape(-1)
        if a.shape != (N,) or np.any(a < 0) or np.any(a >= n) or not np.all(np.mod(a, 1) == 0):
            raise GameError(f"actions: expected {N} action indices in 0..{n - 1}")
        a = a.astype(np.int64)
    order = None
    if player_order is not None:
        order = np.array(player_order).reshape(-1)
        if order.size == 0 or np.any(order < 0) or np.any(order >= N) or not np.all(np.mod(order, 1) == 0):
            raise GameError(f"player_order: expected player indices in 0..{N - 1}")
        order = order.astype(np.int64)
    check_cells((steps + 1) * N, "steps x players")
    path = np.empty((steps + 1, N), dtype=np.int64)
    path[0] = a

    def best(players: np.ndarray, a: np.ndarray) -> np.ndarray:
        dist = W[players] @ np.eye(n)[a]                # neighbours' action counts (weighted)
        return np.argmax(dist @ M.T, axis=1)            # argmax: smallest index on ties

    for t in range(1, steps + 1):
        a = a.copy()
        if revision == "simultaneous":
            a = best(np.arange(N), a)
        else:
            i = np.array([integers(rng, N) if order is None else order[(t - 1) % order.size]])
            a[i] = best(i, a)
        path[t] = a
    at_rest = bool(np.array_equal(best(np.arange(N), a), a))
    return LocalInteractionResult(
        actions=path, converged=at_rest, method="local_interaction", arithmetic="float",
        elapsed=time.perf_counter() - start,
        parameters={"revision": revision, "steps": steps, "actions": n,
                    "seed": seed if not hasattr(seed, "random") else "generator"},
    )


# --------------------------------------------------------------------------- introspection
def introspection_simulation(game: Any, steps: int = 1000, *, beta: float = 1.0, runs: int = 1000,
                             initial: Any = None, seed: Any = None) -> np.ndarray:
    """Simulate introspection dynamics, ``runs`` runs at once; returns the final profiles
    (shape ``(runs, num_players)``).

    Each step in each run: a player drawn uniformly, an alternative action drawn uniformly
    from its other actions, and a switch with probability ``1 / (1 + exp(-beta * delta))``
    where ``delta`` is the payoff gain of the alternative against the others' actions.
    """
    from gametheory.dynamic.learning import _moved_payoffs, _nfg

    nfg = _nfg(game)
    steps = count(steps, "steps")
    runs = count(runs, "runs", low=1, high=MAX_RUNS)
    if not (math.isfinite(beta) and beta >= 0):
        raise GameError(f"beta must be a finite non-negative number, got {beta!r}")
    rng = rng_of(seed)
    shape = nfg.shape
    if min(shape) < 2:
        raise GameError("introspection dynamics needs at least two actions per player")
    n = nfg.num_players
    U = _moved_payoffs(nfg)
    if initial is None:
        state = np.stack([integers(rng, k, size=runs) for k in shape], axis=1)
    else:
        prof = np.array(initial, dtype=int).reshape(-1)
        if prof.shape != (n,) or np.any(prof < 0) or np.any(prof >= np.array(shape)):
            raise GameError(f"initial: expected one action index per player within {shape}")
        state = np.tile(prof, (runs, 1))
    for _ in range(steps):
        mover = integers(rng, n, size=runs)
        u_alt = rng.random(runs)
        u_switch = rng.random(runs)
        for i in range(n):
            sel = np.flatnonzero(mover == i)
            if sel.size == 0:
                continue
            cur = state[sel, i]
            alt = (cur + 1 + np.floor(u_alt[sel] * (shape[i] - 1)).astype(np.int64)) % shape[i]
            pay = U[i][tuple(state[sel, j] for j in range(n) if j != i)]
            delta = pay[np.arange(sel.size), alt] - pay[np.arange(sel.size), cur]
            state[sel, i] = np.where(u_switch[sel] < _fermi(delta, beta), alt, cur)
    return state


def introspection_stationary_distribution(game: Any, beta: float = 1.0) -> StationaryDistribution:
    """Stationary distribution of introspection dynamics (Couto, Giaimo & Hilbe 2022), from
    the chain's transition matrix (float, one linear solve; the residual is reported)."""
    start = time.perf_counter()
    if not (isinstance(beta, (int, float)) and math.isfinite(beta) and beta >= 0):
        raise GameError(f"beta must be a finite non-negative number, got {beta!r}")

    def choice(i: int, pay: np.ndarray, cur: int) -> np.ndarray:
        k = pay.size
        if k < 2:
            raise GameError("introspection dynamics needs at least two actions per player")
        p = _fermi(pay - pay[cur], beta) / (k - 1)
        p[cur] = 0.0
        p[cur] = 1.0 - p.sum()
        return p

    P, profiles = revision_matrix(game, choice)
    pi, res = stationary_of(P)
    return StationaryDistribution(
        profiles=tuple(profiles), probabilities=pi, residual=res, method="introspection_dynamics",
        arithmetic="float", elapsed=time.perf_counter() - start, parameters={"beta": beta},
    )


# --------------------------------------------------------------------------- ESS
@dataclass(frozen=True, kw_only=True)
class ESSResult(Result):
    """Evolutionarily stable strategies of a symmetric game, exact.

    Attributes
    ----------
    strategies:
        Every ESS, as a tuple of Fractions (one share per pure strategy).
    symmetric_equilibria:
        Every isolated symmetric Nash equilibrium found by support enumeration (the ESS
        are among them).
    """

    strategies: tuple[tuple[Fraction, ...], ...]
    symmetric_equilibria: tuple[tuple[Fraction, ...], ...]

    def summary(self) -> str:
        if not self.strategies:
            return "no evolutionarily stable strategy"
        return "\n".join("ESS: (" + ", ".join(format_number(v) for v in s) + ")" for s in self.strategies)


def _solve(M: list[list[Fraction]], b: list[Fraction]) -> tuple[list[Fraction], bool] | None:
    """Gauss-Jordan over Fractions: ``(a solution, unique?)`` or None if inconsistent."""
    rows, cols = len(M), len(M[0]) if M else 0
    aug = [list(r) + [v] for r, v in zip(M, b)]
    piv_cols: list[int] = []
    r = 0
    for c in range(cols):
        p = next((k for k in range(r, rows) if aug[k][c] != 0), None)
        if p is None:
            continue
        aug[r], aug[p] = aug[p], aug[r]
        pv = aug[r][c]
        aug[r] = [v / pv for v in aug[r]]
        for k in range(rows):
            if k != r and aug[k][c] != 0:
                f = aug[k][c]
                aug[k] = [x - f * y for x, y in zip(aug[k], aug[r])]
        piv_cols.append(c)
        r += 1
        if r == rows:
            break
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in aug):
        return None
    x = [Fraction(0)] * cols
    for k, c in enumerate(piv_cols):
        x[c] = aug[k][-1]
    return x, len(piv_cols) == cols


def _negative_definite(Q: list[list[Fraction]]) -> bool:
    """Sylvester's criterion for ``Q < 0`` (leading minors alternate in sign), exactly."""
    n = len(Q)
    for k in range(1, n + 1):
        det = _det([row[:k] for row in Q[:k]])
        if (det <= 0) if k % 2 == 0 else (det >= 0):
            return False
    return True


def _det(M: list[list[Fraction]]) -> Fraction:
    M = [list(r) for r in M]
    n, det = len(M), Fraction(1)
    for c in range(n):
        p = next((k for k in range(c, n) if M[k][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            M[c], M[p] = M[p], M[c]
            det = -det
        det *= M[c][c]
        for k in range(c + 1, n):
            f = M[k][c] / M[c][c]
            M[k] = [x - f * y for x, y in zip(M[k], M[c])]
    return det


def _strictly_copositive(C: list[list[Fraction]]) -> bool | None:
    """Whether ``t.C t > 0`` for every ``t >= 0, t != 0`` (``C`` symmetric), exactly: the minimum
    over the simplex sits at a KKT point inside some face ``I`` where ``C_I t = lam 1``; ``lam``
    is that minimum. None when a degenerate face leaves the answer open."""
    n = len(C)
    for size in range(1, n + 1):
        for face in itertools.combinations(range(n), size):
            rows = [[C[i][j] for j in face] + [Fraction(-1)] for i in face] + [[Fraction(1)] * size + [Fraction(0)]]
            sol = _solve(rows, [Fraction(0)] * size + [Fraction(1)])
            if sol is None:
                continue
            x, unique = sol
            lam = x[-1]
            if lam > 0:
                continue
            if all(v > 0 for v in x[:-1]):
                return False
            if not unique:
                return None
    return True


def ess(A: Any) -> ESSResult:
    """Every evolutionarily stable strategy of the symmetric game with payoff matrix ``A``, exact.

    Parameters
    ----------
    A:
        Square matrix of rational payoffs (row strategy against column strategy), at most
        12 strategies.

    Returns
    -------
    ESSResult
        The ESS and the symmetric Nash equilibria found. Supports whose equations have a
        continuum of solutions hold no ESS (an ESS is an isolated equilibrium) and are named
        in ``diagnostics``.

    Examples
    --------
    Hawk-dove with value V = 2 and cost C = 3: the ESS plays hawk with probability V/C.

    >>> V, C = 2, 3
    >>> ess([[Fraction(V - C, 2), V], [0, Fraction(V, 2)]]).strategies
    ((Fraction(2, 3), Fraction(1, 3)),)
    """
    start = time.perf_counter()
    try:
        M = [[to_fraction(v, "A") for v in row] for row in A]
    except (TypeError, ValueError) as exc:
        raise GameError(f"A: ESS needs a square matrix of rational numbers ({exc})") from None
    n = len(M)
    if n == 0 or any(len(r) != n for r in M):
        raise GameError("A: ESS needs a square, non-empty matrix")
    if n > MAX_ESS_STRATEGIES:
        raise GameSizeError(f"A: exact ESS search handles at most {MAX_ESS_STRATEGIES} strategies, got {n}")
    found: list[tuple[Fraction, ...]] = []
    equilibria: list[tuple[Fraction, ...]] = []
    notes: list[str] = []
    for size in range(1, n + 1):
        for S in itertools.combinations(range(n), size):
            rows = [[M[i][j] for j in S] + [Fraction(-1)] for i in S] + [[Fraction(1)] * size + [Fraction(0)]]
            sol = _solve(rows, [Fraction(0)] * size + [Fraction(1)])
            if sol is None:
                continue
            xs, unique = sol
            if not unique:
                notes.append(f"support {tuple(i + 1 for i in S)}: a continuum of solutions, no ESS there")
                continue
            if any(v <= 0 for v in xs[:-1]):
                continue
            x = [Fraction(0)] * n
            for i, v in zip(S, xs):
                x[i] = v
            payoff = [sum((M[i][j] * x[j] for j in range(n)), Fraction(0)) for i in range(n)]
            v = max(payoff)
            if any(payoff[i] != v for i in S):
                continue
            eq = tuple(x)
            equilibria.append(eq)
            T = [i for i in range(n) if payoff[i] == v]
            verdict = _haigh(M, list(S), [j for j in T if j not in S])
            if verdict is None:
                notes.append(f"equilibrium {tuple(str(c) for c in eq)}: a degenerate face left stability open")
            elif verdict:
                found.append(eq)
    for s in found:  # verify Maynard Smith's conditions against every pure mutant
        _check_pure_mutants(M, s)
    return ESSResult(
        strategies=tuple(found), symmetric_equilibria=tuple(equilibria), method="ess_support_enumeration",
        arithmetic="exact", elapsed=time.perf_counter() - start, diagnostics=tuple(notes),
    )


def _haigh(M: list[list[Fraction]], S: list[int], J: list[int]) -> bool | None:
    """Haigh's condition: ``z.A z < 0`` on the cone of directions ``sum z = 0``, ``z`` zero outside
    ``S`` and ``J``, ``z >= 0`` on ``J``, ``z != 0``."""
    s0 = S[0]
    free = [[Fraction(int(k == i)) - Fraction(int(k == s0)) for k in range(len(M))] for i in S[1:]]
    cone = [[Fraction(int(k == j)) - Fraction(int(k == s0)) for k in range(len(M))] for j in J]

    def q(u: list[Fraction], w: list[Fraction]) -> Fraction:
        n = len(M)
        return sum((u[i] * (M[i][j] + M[j][i]) * w[j] for i in range(n) for j in range(n)), Fraction(0)) / 2

    P = [[q(u, w) for w in free] for u in free]
    if free and not _negative_definite(P):
        return False
    if not cone:
        return True
    R = [[q(u, w) for w in cone] for u in free]        # free x cone
    Qc = [[q(u, w) for w in cone] for u in cone]
    if free:
        # maximise over the free part: Schur complement Qc - R^T P^-1 R
        cols = []
        for k in range(len(cone)):
            sol = _solve(P, [R[i][k] for i in range(len(free))])
            assert sol is not None
            cols.append(sol[0])
        Qc = [[Qc[a][b] - sum((R[i][a] * cols[b][i] for i in range(len(free))), Fraction(0))
               for b in range(len(cone))] for a in range(len(cone))]
    return _strictly_copositive([[-v for v in row] for row in Qc])


def _check_pure_mutants(M: list[list[Fraction]], x: tuple[Fraction, ...]) -> None:
    n = len(M)

    def u(p: Any, r: Any) -> Fraction:
        return sum((p[i] * M[i][j] * r[j] for i in range(n) for j in range(n)), Fraction(0))

    for k in range(n):
        e = [Fraction(int(i == k)) for i in range(n)]
        if list(e) == list(x):
            continue
        if u(e, x) > u(x, x) or (u(e, x) == u(x, x) and not u(x, e) > u(e, e)):
            raise AssertionError(f"ESS check failed against pure mutant {k + 1}")  # pragma: no cover


__all__ = [
    "ESSResult", "LocalInteractionResult", "MoranFixation", "MoranSimulation", "ReplicatorResult",
    "asymmetric_replicator_dynamics", "ess", "grid_adjacency", "introspection_simulation",
    "introspection_stationary_distribution", "local_interaction", "moran_fixation", "moran_simulation",
    "replicator_dynamics",
]
