"""Benchmark: compiled regime evaluation of a symbolic 2x2 game against per-point solving.

Run from the repository root::

    python benchmarks/bench_symbolic.py            # 10^7 points compiled; 300 points per peer
    python benchmarks/bench_symbolic.py --points 1000000 --peer-points 100

The game is the 2x2 deterrence game with two parameters (cost of war ``c``, value ``v``).
``gametheory.symbolic.regimes.analyze`` is run once (its time is reported separately);
then the compiled function classifies every point into its regime. The peers have no
symbolic layer, so each point is a separate numeric game: nashpy's support enumeration and
pygambit's ``enummixed_solve`` are timed on ``--peer-points`` points and their per-point
rate is compared with ours. The regimes our compiled function reports on those points are
checked against the equilibria the peers find (number of equilibria per point).

``--games`` times ``analyze`` instead on 14 seeded random games with formula payoffs in two
parameters ``x, y`` in ``[0, 5]`` (2x3 and 3x3; linear, bilinear and rational entries such
as ``(a*x + b*y + c)/(y + e)``), before and after the exact cell decomposition::

    python benchmarks/bench_symbolic.py --games [--budget 30]

``--extra N`` (default 30) adds N more seeded 3x3 games, a third each linear, bilinear
and rational (generator: :func:`random_game` with seeds ``2000 + k``, entries as above),
timed after only; ``--json PATH`` writes every game's CPU seconds, counts and the verdict
of the 5 s target (worst time and how many games are over it)::

    python benchmarks/bench_symbolic.py --games --budget 0 --json symbolic.json

"after" is the CPU time of ``analyze`` (python-flint candidates, regimes from the exact
cell decomposition); "before" is the CPU time of the sympy candidate construction the old
``analyze`` ran first (``_mixed_candidates``; the 400-point sampling came on top of it),
stopped at ``--budget`` seconds. Every regime of "after" is checked at its sample point
against the exact engine (``enummixed``).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import numpy as np


def build():
    from gametheory.symbolic import Parameter, SymbolicGame

    c = Parameter("c", "cost of war to the challenger", default=2, lower=0, upper=5, lower_open=True)
    v = Parameter("v", "value of the contested stake", default=3, lower=0, upper=5, lower_open=True)
    return SymbolicGame.from_bimatrix(
        [["0", "0"], ["v", "v - c"]],
        [["1", "0"], ["-v", "-c"]],
        parameters=[c, v],
        players=("Challenger", "Defender"),
        strategies=(("Stay", "Attack"), ("Yield", "Fight")),
    )


def random_game(index: int, shape: tuple[int, int], kind: str, seed: int = 1000, label: str = "random"):
    """One of the seeded random formula games of ``--games`` (``random.Random(seed + index)``)."""
    import random

    from gametheory.symbolic import Parameter, SymbolicGame

    rng = random.Random(seed + index)

    def entry() -> str:
        a, b, c, d = (rng.randint(-4, 4) for _ in range(4))
        if kind == "linear":
            return f"{a}*x + {b}*y + {c}"
        if kind == "bilinear":
            return f"{a}*x*y + {b}*x + {c}*y + {d}"
        return f"({a}*x + {b}*y + {c})/(y + {rng.randint(1, 3)})"

    m, n = shape
    x = Parameter("x", "first parameter", default=1, lower=0, upper=5)
    y = Parameter("y", "second parameter", default=2, lower=0, upper=5)
    A = [[entry() for _ in range(n)] for _ in range(m)]
    B = [[entry() for _ in range(n)] for _ in range(m)]
    return SymbolicGame.from_bimatrix(A, B, parameters=[x, y], title=f"{label} {m}x{n} {kind} #{index}")


def formula_games() -> list:
    """The 14 games: 2x3 and 3x3, linear, bilinear and rational payoffs."""
    kinds = ("linear", "bilinear", "rational")
    specs = [((2, 3), k) for k in kinds] * 2 + [((3, 3), k) for k in kinds] * 2
    specs += [((3, 3), "linear"), ((3, 3), "bilinear")]
    return [random_game(i, shape, kind) for i, (shape, kind) in enumerate(specs)]


def extra_games(count: int = 30) -> list:
    """``count`` more seeded 3x3 games (seeds ``2000 + k``), linear, bilinear and rational in turn."""
    kinds = ("linear", "bilinear", "rational")
    return [random_game(k, (3, 3), kinds[k % 3], seed=2000, label="extra") for k in range(count)]


class _OverBudget(Exception):
    pass


def bench_games(budget: int, extra: int = 30, json_path: str | None = None) -> int:
    import json
    import signal

    import sympy

    import gametheory as gt
    from gametheory.symbolic.regimes import _mixed_candidates, analyze

    games = [(g, True) for g in formula_games()] + [(g, False) for g in extra_games(extra)]
    print(f"analyze of {len(games)} random formula games (two parameters: 14 seeded + {extra} more 3x3), "
          "CPU seconds (time.process_time); 'before' = old sympy candidate step (14 games, --budget)")
    print(f"{'game':32} {'before':>9} {'after':>7} {'ratio':>7} {'regimes':>8} {'cells':>6} {'checked':>8}")

    def stop(*_):
        raise _OverBudget

    old = signal.signal(signal.SIGALRM, stop)
    worst = 0.0
    all_ok = True
    rows = []
    try:
        for game, first in games:
            t = time.process_time()
            a = analyze(game)
            after = time.process_time() - t
            worst = max(worst, after)
            ok = checked = 0
            for r in a.regimes:
                numeric = gt.solve(game.substitute(**r.sample), "enummixed")
                if numeric.degenerate:
                    continue
                checked += 1
                ok += set(a.equilibria_at(**r.sample)) == {e.profile for e in numeric}
            all_ok &= ok == checked
            before, ratio, before_s = "", "", None
            if first and budget > 0:
                t = time.process_time()
                signal.alarm(budget)
                try:
                    _mixed_candidates(game, sympy.true)
                    before_s = time.process_time() - t
                    before = f"{before_s:9.2f}"
                    ratio = f"{before_s / after:6.1f}x"
                except _OverBudget:
                    before = f">{budget:7d}s"
                    ratio = f">{budget / after:5.0f}x"
                finally:
                    signal.alarm(0)
            print(f"{game.title:32} {before:>9} {after:7.2f} {ratio:>7} {len(a.regimes):8d} {a.samples:6d} "
                  f"{ok:>4}/{checked:<3}", flush=True)
            rows.append({"game": game.title, "seconds": after, "before_seconds": before_s,
                         "regimes": len(a.regimes), "cells": a.samples, "boundaries": len(a.boundaries),
                         "checked": checked, "agree": ok})
    finally:
        signal.signal(signal.SIGALRM, old)
    over = sum(1 for r in rows if r["seconds"] >= 5)
    print(f"[{'PASS' if worst < 5 else 'FAIL'}] every game under 5 s CPU: worst {worst:.2f} s, "
          f"{over} of {len(rows)} over 5 s")
    print(f"[{'PASS' if all_ok else 'FAIL'}] every regime's sample point agrees with the exact engine")
    if json_path:
        with open(json_path, "w") as fh:
            json.dump({"benchmark": "symbolic analyze, two-parameter formula games", "unit": "CPU seconds",
                       "target_seconds": 5, "worst_seconds": worst, "over_target": over, "games": rows,
                       "target_met": worst < 5, "engine_agrees": all_ok,
                       "verdict": "PASS" if worst < 5 and all_ok else "FAIL"}, fh, indent=1)
        print(f"wrote {json_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", action="store_true", help="time analyze on the random formula games")
    ap.add_argument("--budget", type=int, default=30, help="seconds for the old candidate step per game (0: skip)")
    ap.add_argument("--extra", type=int, default=30, help="more seeded 3x3 games for --games")
    ap.add_argument("--json", default=None, help="with --games: write per-game seconds and the verdict here")
    ap.add_argument("--points", type=int, default=10**7)
    ap.add_argument("--peer-points", type=int, default=300)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args(argv)
    if args.games:
        return bench_games(args.budget, args.extra, args.json)

    import nashpy
    import pygambit

    from gametheory.symbolic.regimes import analyze, compile_analysis

    print("Symbolic regime evaluation benchmark")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S')}, python {platform.python_version()}, numpy {np.__version__}, "
          f"nashpy {nashpy.__version__}, pygambit {pygambit.__version__}")
    game = build()
    t0 = time.perf_counter()
    analysis = analyze(game)
    t1 = time.perf_counter()
    compiled = compile_analysis(analysis)
    t2 = time.perf_counter()
    print(f"analyze: {t1 - t0:.3f} s ({len(analysis.candidates)} candidates, {len(analysis.regimes)} regimes); "
          f"compile: {t2 - t1:.3f} s")

    rng = np.random.default_rng(0)
    C = rng.uniform(0.001, 5, args.points)
    V = rng.uniform(0.001, 5, args.points)
    compiled.regime(c=C[:1000], v=V[:1000])  # warm-up
    times = []
    for _ in range(args.reps):
        t = time.perf_counter()
        regime = compiled.regime(c=C, v=V)
        times.append(time.perf_counter() - t)
    best = min(times)
    ours_rate = args.points / best
    print(f"ours compiled: {args.points:,} points in {best:.3f} s (best of {args.reps}) = {ours_rate:.3g} points/s")
    print(f"  regime counts: {np.bincount(regime + 1).tolist()} (index 0 = unseen combination)")

    k = args.peer_points
    eq_count_ours = np.array([len(analysis.regimes[r].equilibria) if r >= 0 else -1 for r in regime[:k]])

    def payoff_arrays(c: float, v: float) -> tuple[np.ndarray, np.ndarray]:
        return np.array([[0.0, 0.0], [v, v - c]]), np.array([[1.0, 0.0], [-v, -c]])

    t = time.perf_counter()
    nashpy_counts = []
    for c, v in zip(C[:k], V[:k]):
        A, B = payoff_arrays(float(c), float(v))
        nashpy_counts.append(sum(1 for _ in nashpy.Game(A, B).support_enumeration()))
    nashpy_rate = k / (time.perf_counter() - t)

    t = time.perf_counter()
    gambit_counts = []
    for c, v in zip(C[:k], V[:k]):
        A, B = payoff_arrays(float(c), float(v))
        g = pygambit.Game.from_arrays(A, B)
        gambit_counts.append(len(pygambit.nash.enummixed_solve(g, rational=False).equilibria))
    gambit_rate = k / (time.perf_counter() - t)

    print(f"nashpy support_enumeration, one game per point: {nashpy_rate:,.0f} points/s "
          f"-> ours / nashpy = {ours_rate / nashpy_rate:,.0f}x")
    print(f"pygambit enummixed_solve (float), one game per point: {gambit_rate:,.0f} points/s "
          f"-> ours / pygambit = {ours_rate / gambit_rate:,.0f}x")
    agree_gambit = int(np.sum(eq_count_ours == np.array(gambit_counts)))
    agree_nashpy = int(np.sum(eq_count_ours == np.array(nashpy_counts)))
    print(f"equilibrium counts per point agree with pygambit on {agree_gambit}/{k} points, "
          f"with nashpy on {agree_nashpy}/{k}")
    target = ours_rate >= 1e7
    print(f"[{'PASS' if target else 'FAIL'}] at least 1e7 points/s for a 2x2 game with two parameters: {ours_rate:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
