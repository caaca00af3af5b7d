"""Benchmark: sensitivity analysis speed — compiled regimes and the process pool.

Run from the repository root::

    python benchmarks/bench_sensitivity.py            # default run (about a minute)
    python benchmarks/bench_sensitivity.py --quick    # smoke run
    python benchmarks/bench_sensitivity.py --quick --json out.json

Measures, in one run:

1. a 10^6-point grid (101 x 100 x 99 over p_US, k_T, a_R) of the ``escalation`` model
   through the compiled regime classifier (``sweep(..., method="compiled")``), against the
   same model solved point by point (timed on a sample and extrapolated per point);
2. a 10^6-point grid of the ``patron`` model over (pi_US, a_US), whose regimes are built for
   the varied pair (symbolic backward induction, then compiled) — timed including that;
3. a 10^6-draw Monte Carlo on ``escalation`` (uniform, normal and lognormal inputs);
4. a numeric sweep of the slow ``deterrence`` model (perfect Bayesian equilibria per point)
   with 1 and 2 worker processes: the speed-up of the local process pool.

Targets (issue 8): the 10^6 grid and the 10^6-draw Monte Carlo each in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--points", type=int, default=40, help="points of the pool sweep (slow model)")
    ap.add_argument("--json", metavar="FILE", help="also write every figure (seconds, counts, verdicts) to FILE")
    args = ap.parse_args(argv)

    import numpy as np

    from gametheory.models import get_model
    from gametheory.sensitivity import compiled_classifier, montecarlo, sweep

    print("Sensitivity benchmark")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S')}, python {platform.python_version()}, "
          f"{os.cpu_count()} cpu(s), loadavg at start {tuple(round(x, 2) for x in os.getloadavg())}")
    model = get_model("escalation")
    n = (11, 10, 9) if args.quick else (101, 100, 99)
    vary = [f"p_US=0:1:{n[0]}", f"k_T=0:2:{n[1]}", f"a_R=0:2:{n[2]}"]
    total = n[0] * n[1] * n[2]

    t0 = time.perf_counter()
    compiled_classifier(model)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    grid = sweep(model, vary, method="compiled")
    t_grid = time.perf_counter() - t0
    print(f"compiled classifier built in {t_build:.2f} s")
    print(f"grid of {total:,} points, compiled: {t_grid:.2f} s ({total / t_grid:,.0f} points/s); "
          f"outcomes {grid.counts()}")

    rng = np.random.default_rng(1)
    sample = 200 if not args.quick else 20
    pts = [{"p_US": str(round(float(rng.random()), 3)), "k_T": str(round(float(rng.random()) * 2, 3)),
            "a_R": str(round(2 * float(rng.random()), 3))} for _ in range(sample)]
    t0 = time.perf_counter()
    for p in pts:
        model.solve(p, flips=False)
    per_point = (time.perf_counter() - t0) / sample
    print(f"point-by-point solve (backward induction): {per_point * 1e3:.2f} ms/point -> "
          f"{per_point * total:,.0f} s for the grid; compiled / point-by-point speed-up "
          f"{per_point * total / t_grid:,.0f}x")

    # patron: regimes are built for the varied pair (symbolic induction, then compiled)
    patron = get_model("patron")
    m = (31, 33) if args.quick else (1000, 1000)
    t0 = time.perf_counter()
    # held at the model's pre-world-state defaults, so the grid (and its outcome counts) is the
    # one recorded in docs/benchmarks.md
    pgrid = sweep(patron, [f"pi_US=0:7/10:{m[0]}", f"a_US=0:3:{m[1]}"], {"pi_alone": "7/10", "c_E": "3/4"},
                  method="compiled")
    t_patron = time.perf_counter() - t0
    print(f"patron grid of {m[0] * m[1]:,} points over (pi_US, a_US), compiled incl. building the regimes: "
          f"{t_patron:.2f} s; outcomes {pgrid.counts()}")

    draws = 10_000 if args.quick else 1_000_000
    dists = {"p_US": "uniform(0,1)", "k_T": "lognormal(-1,0.5)", "a_R": "normal(0.3,0.1)"}
    t0 = time.perf_counter()
    mc = montecarlo(model, dists, draws=draws, seed=7)
    t_mc = time.perf_counter() - t0
    probs = {k: round(v, 4) for k, v in getattr(mc, "probabilities", {}).items()} if hasattr(mc, "probabilities") else ""
    print(f"Monte Carlo, {draws:,} draws: {t_mc:.2f} s {probs}")

    slow = get_model("deterrence")
    k = max(2, int(round(args.points ** 0.5)))
    vary_slow = [f"p_US=1/20:19/20:{k}", f"q_R=1/20:19/20:{max(2, args.points // k)}"]
    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        res = sweep(slow, vary_slow, workers=workers, method="solve")
        times[workers] = time.perf_counter() - t0
        print(f"deterrence (PBE per point), {len(list(res.rows()))} points, {workers} worker(s): {times[workers]:.2f} s")
    print(f"process pool speed-up, 2 workers vs 1: {times[1] / times[2]:.2f}x")

    ok_grid = t_grid < 5.0
    ok_mc = t_mc < 5.0
    if not args.quick:
        print(f"[{'PASS' if ok_grid else 'FAIL'}] 10^6-point grid in a few seconds (< 5 s): {t_grid:.2f} s")
        print(f"[{'PASS' if ok_mc else 'FAIL'}] 10^6-draw Monte Carlo in a few seconds (< 5 s): {t_mc:.2f} s")
    if args.json:
        figures = {
            "quick": args.quick, "load_start": list(os.getloadavg()),
            "grid": {"points": total, "build_s": t_build, "seconds": t_grid, "counts": grid.counts()},
            "point_by_point": {"sample": sample, "per_point_s": per_point, "extrapolated_s": per_point * total},
            "patron_grid": {"points": m[0] * m[1], "seconds": t_patron, "counts": pgrid.counts()},
            "montecarlo": {"draws": draws, "seconds": t_mc},
            "pool": {"points": args.points, "seconds_1_worker": times[1], "seconds_2_workers": times[2],
                     "speedup": times[1] / times[2]},
            "targets": None if args.quick else {"grid_under_5_s": ok_grid, "montecarlo_under_5_s": ok_mc},
        }
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
