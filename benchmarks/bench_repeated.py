"""Benchmark: the subgame-perfect payoff set (Abreu-Sannikov) against QuantEcon, same run.

Run from the repository root::

    python benchmarks/bench_repeated.py              # QuantEcon's test games and seeded random games
    python benchmarks/bench_repeated.py --reps 50 --random 10 --json out.json

Games: QuantEcon's two test cases of ``RepeatedGame.equilibrium_payoffs`` (the example of
Abreu and Sannikov 2014 at delta 0.3, the prisoner's dilemma at delta 0.9) and ``--random``
seeded 3 x 3 and 4 x 4 games with integer payoffs in -5..9 at delta 0.5, 0.7 or 0.9 (seed
printed). Each solver is timed on the same game, alternating the two libraries call by call
(so a change of machine load hits both alike), with ``time.process_time`` (CPU seconds of
this process: QuantEcon's numba code and ours are single-threaded). QuantEcon is JIT-warmed
on every game before timing. Reported: the median CPU time per call of

``ours``       ``spe_payoff_set(game, delta, certify=False)``: the algorithm alone, like for like;
``ours+cert``  ``spe_payoff_set(game, delta)``: plus the exact self-generation check;
``quantecon``  ``RepeatedGame(game, delta).equilibrium_payoffs()``;

the ratio ``quantecon / ours`` (above 1: ours is faster) and whether the vertex sets agree
(within 1e-6 relative). Target (issue 18): ratio >= 1 on QuantEcon's test games. Without
quantecon installed only our times are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.dynamic.abreu_sannikov import spe_payoff_set
from gametheory.normal.game import NormalFormGame

AS_GAME = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]]
PD_GAME = [[(9, 9), (1, 10)], [(10, 1), (3, 3)]]


def games(n_random: int, seed: int) -> list[tuple[str, Any, float]]:
    out = [("AS 2014 example (QuantEcon test)", AS_GAME, 0.3), ("prisoner's dilemma (QuantEcon test)", PD_GAME, 0.9)]
    rng = np.random.default_rng(seed)
    for k in range(n_random):
        n = 3 + k % 2
        out.append((f"random {n}x{n} #{k}", rng.integers(-5, 10, size=(n, n, 2)).tolist(),
                    float(rng.choice([0.5, 0.7, 0.9]))))
    return out


def timed(f: Any, *args: Any, **kwargs: Any) -> float:
    """CPU seconds of ``f(*args, **kwargs)``."""
    t = time.process_time()
    f(*args, **kwargs)
    return time.process_time() - t


def same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a, float).reshape(-1, 2), np.asarray(b, float).reshape(-1, 2)
    if a.shape != b.shape:
        return False
    return all(np.abs(b - p).max(axis=1).min() <= 1e-6 * max(1.0, np.abs(p).max()) for p in a)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--random", type=int, default=6)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    try:
        import quantecon.game_theory as qg
    except ImportError:
        qg = None
        print("quantecon is not importable: our times only (pip install quantecon)")
    rows = []
    print(f"{'game':38s} {'ours ms':>8s} {'+cert ms':>8s} {'qe ms':>8s} {'qe/ours':>8s}  agree  certified")
    for name, payoffs, d in games(args.random, args.seed):
        g = NormalFormGame(payoffs)
        dq = Fraction(d).limit_denominator(100)
        ours, cert, qe = [], [], []
        ref = spe_payoff_set(g, dq)
        rq = None
        qe_error = None
        if qg is not None:
            rpg = qg.RepeatedGame(qg.NormalFormGame(payoffs), d)
            try:
                h = rpg.equilibrium_payoffs()  # JIT warm-up
                rq = h.points[h.vertices]
            except Exception as exc:  # QuantEcon raises on empty or degenerate sets
                qe_error = type(exc).__name__
        for _ in range(args.reps):
            ours.append(timed(spe_payoff_set, g, dq, certify=False))
            cert.append(timed(spe_payoff_set, g, dq))
            if rq is not None:
                qe.append(timed(rpg.equilibrium_payoffs))
        mo, mc = statistics.median(ours), statistics.median(cert)
        mq = statistics.median(qe) if qe else None
        ratio = mq / mo if mq else None
        agree = "-" if rq is None else ("yes" if same(ref.vertices, rq) else "NO")
        print(f"{name:38s} {mo * 1e3:8.2f} {mc * 1e3:8.2f} "
              f"{(f'{mq * 1e3:8.2f}' if mq else (qe_error or '-')):>8s} {(f'{ratio:8.2f}' if ratio else '-'):>8s}"
              f"  {agree:5s}  {ref.certified}")
        rows.append({"game": name, "delta": d, "ours_s": mo, "ours_cert_s": mc, "quantecon_s": mq, "ratio": ratio,
                     "agree": agree, "certified": ref.certified, "iterations": ref.iterations,
                     "quantecon_error": qe_error})
    tests = [r["ratio"] for r in rows[:2] if r["ratio"]]
    if tests:
        verdict = "PASS" if min(tests) >= 1 else "FAIL"
        print(f"target (ratio >= 1 on QuantEcon's test games): {verdict} (ratios "
              f"{', '.join(f'{x:.2f}' for x in tests)}; CPU time, median of {args.reps})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
