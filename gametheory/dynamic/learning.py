"""Learning in repeated play: fictitious play, stochastic fictitious play, best-response and
logit dynamics.

Every function takes a seed (an integer or a ``numpy.random.Generator``) and gives the same
answer for the same seed. Two-player rules take a two-player
:class:`~gametheory.normal.game.NormalFormGame` or a pair of payoff matrices ``(A, B)``;
best-response and logit dynamics take any finite normal-form game and run many independent
runs at once (vectorised over runs).

Algorithms
----------
*Fictitious play* (Brown 1951): each round every player best-responds to the empirical
frequencies of the other's past play. The empirical frequencies converge to the equilibrium
set in zero-sum games (Robinson 1951) and cycle in Shapley's 3x3 game (Shapley 1964).
Ties among best responses are broken uniformly at random.

*Stochastic fictitious play* (Fudenberg & Kreps 1993; Hofbauer & Sandholm 2002): the
expected payoffs against the empirical frequencies get a uniform perturbation in
``[0, epsilon_bar)``, and the action is drawn from the logit distribution with noise ``eta``.

*Best-response dynamics*: at each step one player, drawn uniformly, switches to a best
response to the others' current actions (staying put when its action already is one).
A state where no player wants to move is a pure Nash equilibrium; every such rest point is
verified by its exact regrets.

*Logit dynamics* (Blume 1993): the drawn player chooses action ``a`` with probability
proportional to ``exp(beta * u(a, others))``. In a potential game its stationary
distribution is ``exp(beta * potential) / Z``; :func:`logit_stationary_distribution`
computes it for any small game from the chain's transition matrix.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory.dynamic._inputs import (
    MAX_RUNS,
    bimatrix,
    check_cells,
    count,
    integers,
    pick,
    pick_rows,
    rng_of,
)
from gametheory.errors import GameError, GameSizeError

#: Largest number of pure profiles for which a stationary distribution is computed.
MAX_PROFILES = 4096


@dataclass(frozen=True, kw_only=True)
class LearningResult(Result):
    """A learning run: the path of play and where it ended.

    Attributes
    ----------
    rule:
        ``"fictitious"``, ``"sfp"``, ``"br"`` or ``"logit"``.
    counts:
        For fictitious play and stochastic fictitious play, one array per player of shape
        ``(steps + 1, n_i)``: how often each action was played up to each step (row 0 is the
        starting counts). For best-response and logit dynamics, one array per player of shape
        ``(steps + 1, n_i)``: how many runs play each action at each step.
    frequencies:
        The final empirical mixed strategy of each player (counts normalised).
    max_regret:
        The largest gain any player could make against ``frequencies`` by deviating
        (float; 0 at a Nash equilibrium).
    rest_points:
        Pure profiles where runs came to rest (no player wants to move); each verified as a
        pure Nash equilibrium by its exact regrets. Empty for the fictitious-play rules.
    final_actions:
        The action profile of each run at the end (best-response and logit dynamics).
    distributions:
        Stochastic fictitious play only: each player's last logit mixed strategy.
    """

    rule: str
    counts: tuple[np.ndarray, ...] = field(metadata={"json": False})
    frequencies: tuple[np.ndarray, ...]
    max_regret: float
    rest_points: tuple[tuple[int, ...], ...] = ()
    final_actions: np.ndarray | None = field(default=None, metadata={"json": False})
    distributions: tuple[np.ndarray, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["counts_final"] = json_value([c[-1] for c in self.counts])
        out["steps"] = int(self.counts[0].shape[0] - 1)
        return out

    def summary(self) -> str:
        """A few lines a reader can check."""
        lines = [f"{self.rule}: {self.counts[0].shape[0] - 1} steps, seed {self.parameters.get('seed')}"]
        for i, f in enumerate(self.frequencies):
            lines.append(f"  player {i + 1} frequencies: " + ", ".join(f"{v:.4f}" for v in f))
        lines.append(f"  largest regret against these frequencies: {self.max_regret:.4g}")
        for p in self.rest_points:
            lines.append(f"  rest point (pure Nash equilibrium, exact regret 0): {tuple(a + 1 for a in p)}")
        return "\n".join(lines)


def _regret(nfg: Any, freqs: list[np.ndarray]) -> float:
    """Largest deviation gain against mixed strategies ``freqs`` (float)."""
    return float(max(nfg.to_float().regrets([list(f) for f in freqs])))


def _verified_rest(nfg: Any, profile: tuple[int, ...]) -> bool:
    """Whether a pure profile is a Nash equilibrium, by exact regrets when the game is exact."""
    regrets = nfg.regrets(nfg.pure_profile(list(profile)))
    return all(r <= 0 for r in regrets) if nfg.is_exact else all(r <= nfg.tolerance() for r in regrets)


def _initial_counts(initial: Any, shape: tuple[int, int]) -> list[np.ndarray]:
    if initial is None:
        return [np.zeros(n) for n in shape]
    if len(initial) != 2:
        raise GameError("initial_counts: expected one count vector per player")
    out = []
    for i, (c, n) in enumerate(zip(initial, shape)):
        arr = np.array(c, dtype=float).reshape(-1)
        if arr.shape != (n,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise GameError(f"initial_counts[{i}]: expected {n} finite non-negative counts")
        out.append(arr)
    return out


def _best_reply(rng: Any, utilities: np.ndarray) -> int:
    best = np.flatnonzero(utilities >= utilities.max() - 1e-12 * max(1.0, abs(utilities.max())))
    return int(best[0]) if best.size == 1 else int(best[integers(rng, best.size)])


def fictitious_play(game: Any, steps: int = 1000, *, initial_counts: Any = None, seed: Any = None,
                    gain: float | None = None) -> LearningResult:
    """Discrete-time fictitious play of a two-player game.

    Parameters
    ----------
    game:
        A two-player NormalFormGame or a pair of payoff matrices ``(A, B)``.
    steps:
        Number of rounds.
    initial_counts:
        Optional starting play counts, one vector per player (default zeros: every action
        is a best response in round 1 and one is drawn at random).
    seed:
        Integer or ``numpy.random.Generator`` for the tie-breaking draws.
    gain:
        Optional constant gain ``g`` in ``(0, 1]``: beliefs start at the normalised initial
        counts and move as ``x <- (1 - g) x + g e_a`` after action ``a`` (recent play weighs
        more). Default ``None``: the classical decreasing gain ``1 / (t + 1)`` (counts).

    Returns
    -------
    LearningResult
        With ``counts`` (the play counts after every round; with ``gain``, the beliefs) and
        the final frequencies.

    Examples
    --------
    >>> from gametheory.normal.examples import EXAMPLES
    >>> r = fictitious_play(EXAMPLES["matching-pennies"](), 2000, seed=0)
    >>> [round(float(v), 1) for v in r.frequencies[0]]
    [0.5, 0.5]
    """
    start = time.perf_counter()
    A, B, nfg = bimatrix(game)
    steps = count(steps, "steps")
    rng = rng_of(seed)
    check_cells((steps + 1) * sum(A.shape), "steps x strategies")
    if gain is not None and not (isinstance(gain, (int, float)) and not isinstance(gain, bool) and 0 < gain <= 1):
        raise GameError(f"gain must be a number in (0, 1], got {gain!r}")
    counts = _initial_counts(initial_counts, A.shape)
    if gain is not None:
        counts = [_normalise(c) for c in counts]
    paths = [np.empty((steps + 1, n)) for n in A.shape]
    for p, c in zip(paths, counts):
        p[0] = c
    row, col = counts
    for t in range(1, steps + 1):
        a = _best_reply(rng, A @ col)
        b = _best_reply(rng, B.T @ row)
        if gain is None:
            row = row.copy()
            col = col.copy()
        else:
            row = row * (1 - gain)
            col = col * (1 - gain)
        row[a] += 1 if gain is None else gain
        col[b] += 1 if gain is None else gain
        paths[0][t] = row
        paths[1][t] = col
    freqs = [_normalise(p[-1]) for p in paths]
    return LearningResult(
        rule="fictitious", counts=tuple(paths), frequencies=tuple(freqs), max_regret=_regret(nfg, freqs),
        method="fictitious_play", arithmetic="float", elapsed=time.perf_counter() - start,
        parameters={"steps": steps, "seed": seed if not hasattr(seed, "random") else "generator",
                    **({} if gain is None else {"gain": gain})},
    )


def _normalise(c: np.ndarray) -> np.ndarray:
    s = c.sum()
    return c / s if s > 0 else np.full(c.shape, 1.0 / c.size)


def _logit(u: np.ndarray, eta: float) -> np.ndarray:
    z = u / eta
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()


def stochastic_fictitious_play(
    game: Any, steps: int = 1000, *, eta: float = 0.1, epsilon_bar: float = 0.01,
    initial_counts: Any = None, seed: Any = None, noise: str = "logit", noise_scale: float = 1.0,
    gain: float | None = None,
) -> LearningResult:
    """Stochastic fictitious play: logit responses to perturbed expected payoffs.

    In each round, player ``i``'s expected payoffs against the other's empirical
    frequencies (uniform when there is no history) get independent uniform noise in
    ``[0, epsilon_bar)``; the action is then drawn from the logit distribution
    ``exp(u / eta) / sum(exp(u / eta))``. The draws per round are, in order: player 1's
    noise, player 2's noise, player 1's action, player 2's action (each action by inverse
    CDF of one uniform draw).

    Parameters
    ----------
    game:
        A two-player NormalFormGame or a pair of payoff matrices ``(A, B)``.
    steps:
        Number of rounds.
    eta:
        Logit noise (> 0); small ``eta`` is close to best responding.
    epsilon_bar:
        Size of the uniform payoff perturbation (>= 0).
    initial_counts, seed:
        As for :func:`fictitious_play`.
    noise:
        ``"logit"`` (default, the rule above), or a perturbed best response: ``"normal"`` or
        ``"gumbel"``, where each player plays ``argmax(u + noise_scale * z)`` with ``z`` one
        independent standard normal (or standard Gumbel) draw per action (Fudenberg & Kreps
        1993; QuantEcon's ``StochasticFictitiousPlay`` with a normal distribution draws the
        same numbers in the same order, so seeded runs coincide; the tests check this).
        Gumbel perturbations give logit choice with ``eta = noise_scale`` (McFadden 1974).
        ``eta`` and ``epsilon_bar`` are not used by these two.
    noise_scale:
        Scale (> 0) of the normal or Gumbel perturbations.
    gain:
        As for :func:`fictitious_play`: a constant gain in ``(0, 1]`` moves beliefs as
        ``x <- (1 - g) x + g e_a`` (``counts`` then holds the beliefs); default the
        decreasing gain (counts).

    Returns
    -------
    LearningResult
        ``distributions`` holds each player's last choice probabilities: the logit
        distribution for ``"logit"`` and ``"gumbel"`` (exact), ``None`` for ``"normal"``.

    Examples
    --------
    >>> pennies = ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> r = stochastic_fictitious_play(pennies, 2000, noise="normal", seed=0)
    >>> [round(float(v), 1) for v in r.frequencies[0]]
    [0.5, 0.5]
    """
    start = time.perf_counter()
    A, B, nfg = bimatrix(game)
    steps = count(steps, "steps")
    if not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
        raise GameError(f"eta must be a positive number, got {eta!r}")
    if not (isinstance(epsilon_bar, (int, float)) and math.isfinite(epsilon_bar) and epsilon_bar >= 0):
        raise GameError(f"epsilon_bar must be a non-negative number, got {epsilon_bar!r}")
    if noise not in ("logit", "normal", "gumbel"):
        raise GameError(f"noise must be 'logit', 'normal' or 'gumbel', not {noise!r}")
    if not (isinstance(noise_scale, (int, float)) and not isinstance(noise_scale, bool)
            and math.isfinite(noise_scale) and noise_scale > 0):
        raise GameError(f"noise_scale must be a positive number, got {noise_scale!r}")
    if gain is not None and not (isinstance(gain, (int, float)) and not isinstance(gain, bool) and 0 < gain <= 1):
        raise GameError(f"gain must be a number in (0, 1], got {gain!r}")
    rng = rng_of(seed)
    check_cells((steps + 1) * sum(A.shape), "steps x strategies")
    counts = _initial_counts(initial_counts, A.shape)
    if gain is not None:
        counts = [_normalise(c) for c in counts]
    paths = [np.empty((steps + 1, n)) for n in A.shape]
    for p, c in zip(paths, counts):
        p[0] = c
    row, col = counts
    dists: tuple[np.ndarray, ...] | None = None
    mats = (A, B.T)
    for t in range(1, steps + 1):
        beliefs = (_normalise(col), _normalise(row))
        if noise == "logit":
            d = [_logit(m @ b + rng.random(m.shape[0]) * epsilon_bar, float(eta)) for m, b in zip(mats, beliefs)]
            a = pick(rng, d[0])
            b = pick(rng, d[1])
        else:
            u = [m @ bel for m, bel in zip(mats, beliefs)]
            draw = rng.standard_normal if noise == "normal" else rng.gumbel
            z = [draw(size=m.shape[0]) for m in mats]
            a, b = (int(np.argmax(ui + noise_scale * zi)) for ui, zi in zip(u, z))
            d = [_logit(ui, float(noise_scale)) for ui in u] if noise == "gumbel" else []
        if gain is None:
            row = row.copy()
            col = col.copy()
        else:
            row = row * (1 - gain)
            col = col * (1 - gain)
        row[a] += 1 if gain is None else gain
        col[b] += 1 if gain is None else gain
        paths[0][t] = row
        paths[1][t] = col
        dists = (d[0], d[1]) if d else None
    freqs = [_normalise(p[-1]) for p in paths]
    extra: dict[str, Any] = {} if noise == "logit" else {"noise": noise, "noise_scale": noise_scale}
    if gain is not None:
        extra["gain"] = gain
    return LearningResult(
        rule="sfp", counts=tuple(paths), frequencies=tuple(freqs), max_regret=_regret(nfg, freqs),
        distributions=dists, method="stochastic_fictitious_play", arithmetic="float",
        elapsed=time.perf_counter() - start,
        parameters={"steps": steps, "eta": eta, "epsilon_bar": epsilon_bar,
                    "seed": seed if not hasattr(seed, "random") else "generator", **extra},
    )


# --------------------------------------------------------------------------- revision dynamics
def _nfg(game: Any) -> Any:
    from gametheory.normal.game import NormalFormGame

    if isinstance(game, NormalFormGame):
        return game
    if isinstance(game, (tuple, list)) and len(game) == 2:
        return bimatrix(game)[2]
    raise GameError("expected a NormalFormGame or a pair of payoff matrices (A, B)")


def _moved_payoffs(nfg: Any) -> list[np.ndarray]:
    """Player ``i``'s payoffs with its own action on the last axis, as floats."""
    P = np.array(nfg.to_float().payoffs, dtype=float)
    if not np.all(np.isfinite(P)):
        raise GameError("payoffs must be finite numbers (found NaN or infinity)")
    return [np.moveaxis(P[..., i], i, -1) for i in range(nfg.num_players)]


def _revision_dynamics(
    game: Any, steps: int, runs: int, initial: Any, seed: Any, rule: str, beta: float | None,
    player_order: Any = None,
) -> LearningResult:
    start = time.perf_counter()
    nfg = _nfg(game)
    steps = count(steps, "steps")
    runs = count(runs, "runs", low=1, high=MAX_RUNS)
    if steps * runs > 200_000_000:
        raise GameSizeError(f"steps x runs = {steps * runs} is too large (at most 200,000,000)")
    rng = rng_of(seed)
    shape = nfg.shape
    n = nfg.num_players
    U = _moved_payoffs(nfg)
    if initial is None:
        state = np.stack([integers(rng, k, size=runs) for k in shape], axis=1)
    else:
        prof = np.array(initial, dtype=int).reshape(-1)
        if prof.shape != (n,) or np.any(prof < 0) or np.any(prof >= np.array(shape)):
            raise GameError(f"initial: expected one action index per player within {shape}, got {initial!r}")
        state = np.tile(prof, (runs, 1))
    order = None
    if player_order is not None:
        order = np.array(player_order).reshape(-1)
        if order.size == 0 or not np.all(np.mod(order, 1) == 0) or np.any(order < 0) or np.any(order >= n):
            raise GameError(f"player_order: expected player indices in 0..{n - 1}")
        order = order.astype(np.int64)
    check_cells((steps + 1) * sum(shape), "steps x strategies")
    paths = [np.zeros((steps + 1, k)) for k in shape]

    def record(t: int) -> None:
        for i, k in enumerate(shape):
            paths[i][t] = np.bincount(state[:, i], minlength=k)

    record(0)
    for t in range(1, steps + 1):
        mover = integers(rng, n, size=runs) if order is None else np.full(runs, order[(t - 1) % order.size])
        u = rng.random(runs) if rule == "logit" else None
        for i in range(n):
            sel = np.flatnonzero(mover == i)
            if sel.size == 0:
                continue
            others = tuple(state[sel, j] for j in range(n) if j != i)
            pay = U[i][others]  # (len(sel), n_i)
            if rule == "br":
                best = pay.max(axis=1, keepdims=True)
                is_best = pay >= best - 1e-12 * np.maximum(1.0, np.abs(best))
                stay = is_best[np.arange(sel.size), state[sel, i]]
                choice = pick_rows(rng, is_best.astype(float))
                state[sel, i] = np.where(stay, state[sel, i], choice)
            else:
                z = float(beta) * pay  # type: ignore[arg-type]
                w = np.exp(z - z.max(axis=1, keepdims=True))
                cdf = np.cumsum(w, axis=1)
                assert u is not None
                idx = (cdf <= (u[sel] * cdf[:, -1])[:, None]).sum(axis=1)
                state[sel, i] = np.minimum(idx, shape[i] - 1)
        record(t)
    freqs = [_normalise(p[-1]) for p in paths]
    rest: list[tuple[int, ...]] = []
    if rule == "br":
        for rp in sorted({tuple(int(a) for a in row) for row in np.unique(state, axis=0)}):
            if _verified_rest(nfg, rp):
                rest.append(rp)
    return LearningResult(
        rule=rule, counts=tuple(paths), frequencies=tuple(freqs),
        max_regret=_regret(nfg, freqs) if nfg.num_players >= 2 else 0.0,
        rest_points=tuple(rest), final_actions=state,
        method="best_response_dynamics" if rule == "br" else "logit_dynamics", arithmetic="float",
        elapsed=time.perf_counter() - start,
        parameters={"steps": steps, "runs": runs, "seed": seed if not hasattr(seed, "random") else "generator",
                    **({"beta": beta} if rule == "logit" else {})},
    )


def best_response_dynamics(game: Any, steps: int = 100, *, runs: int = 1, initial: Any = None,
                           player_order: Any = None, seed: Any = None) -> LearningResult:
    """Asynchronous best-response dynamics, ``runs`` independent runs at once.

    At each step, in every run, one player drawn uniformly switches to a best response to
    the others' current actions (drawn uniformly among best responses; a player whose
    action already is a best response keeps it). Runs that reach a pure Nash equilibrium
    stay there; in a finite potential game every run gets there (Monderer & Shapley 1996).

    Parameters
    ----------
    game:
        A NormalFormGame (any number of players) or a pair ``(A, B)``.
    steps:
        Number of revision steps.
    runs:
        Number of independent runs simulated together.
    initial:
        Optional starting action profile (indices) for every run; default uniform random.
    player_order:
        Optional sequence of players who revise, in turn (cycled, the same in every run);
        default one player drawn uniformly per step and run.
    seed:
        Integer or ``numpy.random.Generator``.

    Returns
    -------
    LearningResult
        ``rest_points`` lists the final profiles that are pure Nash equilibria (verified by
        exact regrets on exact games).
    """
    return _revision_dynamics(game, steps, runs, initial, seed, "br", None, player_order)


def logit_dynamics(game: Any, steps: int = 100, *, beta: float = 1.0, runs: int = 1, initial: Any = None,
                   player_order: Any = None, seed: Any = None) -> LearningResult:
    """Logit (log-linear) dynamics, ``runs`` independent runs at once (Blume 1993).

    At each step, in every run, one player drawn uniformly chooses action ``a`` with
    probability proportional to ``exp(beta * u(a, others))``. ``beta = 0`` is uniform
    noise; large ``beta`` approaches best-response dynamics. The long-run distribution is
    :func:`logit_stationary_distribution`.

    Parameters are as for :func:`best_response_dynamics`, with ``beta >= 0`` the
    inverse noise level. Each step draws one uniform number per run and picks the action by
    inverse CDF, so a single run with a given ``player_order`` and seed reproduces QuantEcon's
    ``LogitDynamics.play`` with the same ``player_ind_seq`` and ``random_state`` (the tests
    check this).
    """
    if not (isinstance(beta, (int, float)) and not isinstance(beta, bool) and math.isfinite(beta) and beta >= 0):
        raise GameError(f"beta must be a finite non-negative number, got {beta!r}")
    return _revision_dynamics(game, steps, runs, initial, seed, "logit", float(beta), player_order)


@dataclass(frozen=True, kw_only=True)
class StationaryDistribution(Result):
    """The stationary distribution of a revision dynamics on pure profiles.

    Attributes
    ----------
    profiles:
        The pure profiles (action indices), in C order of the game's shape.
    probabilities:
        Their long-run probabilities (float; they sum to 1).
    residual:
        ``max |pi P - pi|`` of the computed distribution (a check of the linear solve).
    """

    profiles: tuple[tuple[int, ...], ...]
    probabilities: np.ndarray
    residual: float

    def as_array(self, shape: tuple[int, ...]) -> np.ndarray:
        """The probabilities laid out in the game's shape."""
        return np.asarray(self.probabilities).reshape(shape)

    def summary(self) -> str:
        top = np.argsort(-np.asarray(self.probabilities))[:5]
        return "\n".join(
            [f"stationary distribution ({self.method}), residual {self.residual:.2g}"]
            + [f"  {tuple(a + 1 for a in self.profiles[k])}: {self.probabilities[k]:.4f}" for k in top]
        )


def stationary_of(P: np.ndarray) -> tuple[np.ndarray, float]:
    """The stationary distribution of a row-stochastic matrix (unique when the chain is
    irreducible) by one linear solve, and its residual."""
    m = P.shape[0]
    M = P.T - np.eye(m)
    M[-1, :] = 1.0
    rhs = np.zeros(m)
    rhs[-1] = 1.0
    pi = np.linalg.solve(M, rhs)
    pi = np.clip(pi, 0.0, None)
    pi /= pi.sum()
    return pi, float(np.abs(pi @ P - pi).max())


def revision_matrix(game: Any, choice: Any) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Transition matrix of a dynamics where one player, drawn uniformly, revises.

    ``choice(i, pay, current)`` returns player ``i``'s probabilities over its actions given
    its payoffs ``pay`` for each action against the others' current actions.
    """
    nfg = _nfg(game)
    shape = nfg.shape
    size = int(np.prod(shape))
    if size > MAX_PROFILES:
        raise GameSizeError(f"the game has {size} pure profiles; at most {MAX_PROFILES} for an exact chain")
    U = _moved_payoffs(nfg)
    profiles = [tuple(int(a) for a in p) for p in np.ndindex(*shape)]
    P = np.zeros((size, size))
    n = nfg.num_players
    for k, prof in enumerate(profiles):
        for i in range(n):
            others = tuple(prof[j] for j in range(n) if j != i)
            probs = choice(i, U[i][others], prof[i])
            for a, q in enumerate(probs):
                nxt = prof[:i] + (a,) + prof[i + 1:]
                P[k, int(np.ravel_multi_index(nxt, shape))] += q / n
    return P, profiles


def logit_stationary_distribution(game: Any, beta: float = 1.0) -> StationaryDistribution:
    """Long-run distribution of :func:`logit_dynamics` (float, by one linear solve).

    In a potential game with potential ``Phi`` it equals ``exp(beta * Phi) / Z``
    (Blume 1993); the tests check this.
    """
    start = time.perf_counter()
    if not (isinstance(beta, (int, float)) and math.isfinite(beta) and beta >= 0):
        raise GameError(f"beta must be a finite non-negative number, got {beta!r}")
    P, profiles = revision_matrix(game, lambda i, pay, cur: _logit(pay, 1.0 / beta) if beta > 0
                                  else np.full(pay.size, 1.0 / pay.size))
    pi, res = stationary_of(P)
    return StationaryDistribution(
        profiles=tuple(profiles), probabilities=pi, residual=res, method="logit_dynamics", arithmetic="float",
        elapsed=time.perf_counter() - start, parameters={"beta": beta},
    )


def _fermi(delta: np.ndarray, beta: float) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * beta * delta))


__all__ = [
    "LearningResult", "StationaryDistribution", "best_response_dynamics", "fictitious_play",
    "logit_dynamics", "logit_stationary_distribution", "revision_matrix", "stationary_of",
    "stochastic_fictitious_play",
]
