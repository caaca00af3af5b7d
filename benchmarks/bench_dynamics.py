"""Benchmark: learning and evolutionary dynamics, ours against nashpy on the same seeded runs.

Run from the repository root::

    python benchmarks/bench_dynamics.py            # about a minute on one core
    python benchmarks/bench_dynamics.py --quick    # smoke run
    python benchmarks/bench_dynamics.py --json out.json

Each row runs the same computation in both libraries and reports the median wall time of
``--reps`` calls (``time.perf_counter``, the call alone) and whether the answers agree:

``sfp``           stochastic fictitious play, seeded with ``RandomState(seed)`` in ours and
                  ``numpy.random.seed(seed)`` in nashpy: the play counts must be identical.
``fictitious``    fictitious play from tie-free starting counts: identical play counts.
``replicator``    replicator dynamics on the same time points: max abs difference.
``asym_repl``     two-population replicator dynamics: max abs difference.
``moran``         fixation probability of one mutant: our exact formula, our vectorised
                  simulation of ``runs`` runs, nashpy's ``fixation_probabilities`` with the
                  same number of repetitions (a per-agent Python loop); agreement within
                  five binomial standard errors of the exact value.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def timed(f: Callable[[], Any], reps: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    import nashpy as nash

    from gametheory.dynamic import (
        asymmetric_replicator_dynamics,
        fictitious_play,
        moran_fixation,
        moran_simulation,
        replicator_dynamics,
        stochastic_fictitious_play,
    )

    steps = 500 if args.quick else 5000
    runs = 200 if args.quick else 2000
    rows = []

    A = np.array([[3, 0], [5, 1]], dtype=float)
    B = A.T
    t_ours, ours = timed(lambda: stochastic_fictitious_play((A, B), steps, seed=np.random.RandomState(7)), args.reps)

    def theirs_sfp() -> Any:
        np.random.seed(7)
        *_, last = nash.Game(A, B).stochastic_fictitious_play(steps)
        return last

    t_theirs, last = timed(theirs_sfp, args.reps)
    same = all(np.array_equal(ours.counts[i][-1], last[0][i]) for i in range(2))
    rows.append(("sfp", steps, t_ours, t_theirs, "identical" if same else "DIFFERENT"))

    S = np.array([[0, 1, 2], [2, 0, 1], [1, 2, 0]], dtype=float)
    start = [np.array([0.1234, 0.5678, 0.9012]), np.array([0.3141, 0.2718, 0.1618])]
    t_ours, ours = timed(lambda: fictitious_play((S, S.T), steps, initial_counts=start, seed=0), args.reps)
    t_theirs, last = timed(lambda: list(nash.Game(S, S.T).fictitious_play(steps, play_counts=[s.copy() for s in start]))[-1],
                           args.reps)
    same = all(np.allclose(ours.counts[i][-1], last[i]) for i in range(2))
    rows.append(("fictitious", steps, t_ours, t_theirs, "identical" if same else "DIFFERENT"))

    R = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], dtype=float)
    t = np.linspace(0, 50, 5001)
    y0 = np.array([0.6, 0.3, 0.1])
    t_ours, ours = timed(lambda: replicator_dynamics(R, y0, t), args.reps)
    t_theirs, theirs = timed(lambda: nash.Game(R).replicator_dynamics(y0=y0, timepoints=t), args.reps)
    rows.append(("replicator", len(t), t_ours, t_theirs, f"max diff {np.abs(ours.states[0] - theirs).max():.1e}"))

    A2, B2 = np.array([[5, 4], [4, 1.]]), np.array([[1, 3], [3, 4.]])
    x0, z0 = np.array([0.4, 0.6]), np.array([0.7, 0.3])
    t_ours, ours = timed(lambda: asymmetric_replicator_dynamics(A2, B2, x0, z0, t), args.reps)
    t_theirs, theirs = timed(lambda: nash.Game(A2, B2).asymmetric_replicator_dynamics(x0=x0, y0=z0, timepoints=t),
                             args.reps)
    diff = max(np.abs(ours.states[0] - theirs[0]).max(), np.abs(ours.states[1] - theirs[1]).max())
    rows.append(("asym_repl", len(t), t_ours, t_theirs, f"max diff {diff:.1e}"))

    M = np.array([[3, 1], [2, 2]])
    N = 10
    exact = float(moran_fixation(M.tolist(), N).probability)
    t_ours, sim = timed(lambda: moran_simulation(M, [1, N - 1], runs=runs, seed=0), args.reps)
    pop = np.array([0] + [1] * (N - 1))

    def theirs_moran() -> Any:
        np.random.seed(0)
        return nash.Game(M).fixation_probabilities(initial_population=pop, repetitions=runs)

    t_theirs, probs = timed(theirs_moran, 1)
    p_theirs = probs.get(tuple([0] * N), 0.0)
    bound = 5 * math.sqrt(exact * (1 - exact) / runs)
    ok = abs(sim.fixation[0] - exact) < bound and abs(p_theirs - exact) < bound
    rows.append(("moran", runs, t_ours, t_theirs,
                 f"exact {exact:.4f}, ours {sim.fixation[0]:.4f}, nashpy {p_theirs:.4f}: {'agree' if ok else 'DISAGREE'}"))

    print(f"{'case':<12}{'size':>7}{'ours s':>11}{'nashpy s':>11}{'ratio':>8}  agreement")
    for name, size, a, b, note in rows:
        print(f"{name:<12}{size:>7}{a:>11.4f}{b:>11.4f}{b / a:>8.1f}  {note}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump([dict(zip(("case", "size", "ours_s", "nashpy_s", "agreement"), r)) for r in rows], fh, indent=2)


if __name__ == "__main__":
    main()
