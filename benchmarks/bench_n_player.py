"""Benchmark: equilibria of N-player games against pygambit and QuantEcon, measured in one run.

Run from the repository root::

    python benchmarks/bench_n_player.py               # default: 3x3x3, 2x2x2x2x2, 4x4x4, 3x3x3x3
    python benchmarks/bench_n_player.py --solvers ours_enumpoly,gambit_enumpoly,gambit_gnm --reps 2
    python benchmarks/bench_n_player.py --quick       # smoke run
    python benchmarks/bench_n_player.py --shapes 2x2x2,3x3x3 --reps 3 --timeout 60 --json out.json

Solvers (all on the same games, one after another, each call in a worker process that is
killed after ``--timeout`` seconds, so nothing can hang):

``ours enumpoly``   ``gametheory.solve(game, "enumpoly")``: all equilibria (support enumeration;
                    with numba installed, every support first through the compiled subdivision
                    kernel, which runs on the threads of the worker)
``ours logit``      ``gametheory.solve(game, "logit")``: one equilibrium (logit path)
``gambit enumpoly`` ``pygambit.nash.enumpoly_solve(g, use_strategic=True)``
``gambit gnm``      ``pygambit.nash.gnm_solve(g)``
``gambit simpdiv``  ``pygambit.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True))``
``gambit logit``    ``pygambit.nash.logit_solve(g)``
``quantecon mt``    ``quantecon.game_theory.mclennan_tourky(g)`` (one approximate equilibrium)

Games: payoffs uniform integers in 0..99 from ``numpy.random.default_rng(seed)``, with the seed
printed. After each shape, ``ratio`` = pygambit enumpoly's median time / ours enumpoly's (above 1
we are faster; both all-equilibria methods, measured in the same run). Times are wall times of
the solver call; ours enumpoly's records also hold ``cpu`` (this process and its pool workers),
the support counts (``support_profiles``, ``pruned``, ``pruned_by``, ``solved``) and ``workers``
(``--parallel``: ``auto`` lets it choose, ``off`` solves in one process). ``--json`` writes
one record per solver call plus one ``"solver": "ratio"`` record per summary line. For every answer we count the distinct profiles, how many of them *verify* (max
regret at most ``--tol`` times the payoff range, recomputed here in float64) and how many of
the verified ones are also in our enumpoly answer (matched within ``--match``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from typing import Any

SOLVERS = [
    "ours_enumpoly",
    "ours_logit",
    "gambit_enumpoly",
    "gambit_gnm",
    "gambit_simpdiv",
    "gambit_logit",
    "quantecon_mt",
]
#: Options of ours enumpoly (``--parallel``): set in the parent, inherited by the forked workers.
OURS_OPTIONS: dict[str, Any] = {}

LABELS = {
    "ours_enumpoly": "ours enumpoly",
    "ours_logit": "ours logit",
    "gambit_enumpoly": "gambit enumpoly",
    "gambit_gnm": "gambit gnm",
    "gambit_simpdiv": "gambit simpdiv",
    "gambit_logit": "gambit logit",
    "quantecon_mt": "quantecon mt",
}


def make_payoffs(shape: tuple[int, ...], seed: int) -> list:
    import numpy as np

    rng = np.random.default_rng(seed)
    return rng.integers(0, 100, (*shape, len(shape))).tolist()


def _flatten_gambit(g: Any, eq: Any) -> list[list[float]]:
    return [[float(eq[s]) for s in p.strategies] for p in g.players]


def run_solver(name: str, payoffs: list) -> dict[str, Any]:
    """Solve one game; return the time of the solver call and the profiles it returned."""
    import numpy as np

    arr = np.array(payoffs, dtype=object)
    nplayers = arr.shape[-1]
    if name.startswith("ours"):
        import resource

        import gametheory as gt

        game = gt.NormalFormGame(arr)
        method = "enumpoly" if name == "ours_enumpoly" else "logit"
        opts = dict(OURS_OPTIONS) if method == "enumpoly" else {}
        kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c0 = time.process_time()
        t0 = time.perf_counter()
        res = gt.solve(game, method, **opts)
        t1 = time.perf_counter()
        kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - c0 + (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
        profiles = [[[float(v) for v in probs] for probs in e.profile] for e in res.equilibria]
        out = {"time": t1 - t0, "cpu": cpu, "profiles": profiles, "complete": res.complete,
               "notes": list(res.diagnostics)[:3]}
        if method == "enumpoly":
            out.update({k: res.parameters.get(k) for k in
                        ("support_profiles", "pruned", "pruned_by", "solved", "workers", "estimated_work")})
        return out
    if name.startswith("gambit"):
        import pygambit as gbt

        g = gbt.Game.from_arrays(*[arr[..., i].astype(int).tolist() for i in range(nplayers)])
        c0 = time.process_time()
        t0 = time.perf_counter()
        if name == "gambit_enumpoly":
            res = gbt.nash.enumpoly_solve(g, use_strategic=True)
        elif name == "gambit_gnm":
            res = gbt.nash.gnm_solve(g)
        elif name == "gambit_simpdiv":
            res = gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True))
        else:
            res = gbt.nash.logit_solve(g)
        t1 = time.perf_counter()
        return {"time": t1 - t0, "cpu": time.process_time() - c0,
                "profiles": [_flatten_gambit(g, eq) for eq in res.equilibria]}
    if name == "quantecon_mt":
        import quantecon.game_theory as qe

        g = qe.NormalFormGame(np.array(payoffs, dtype=float))
        t0 = time.perf_counter()
        prof = qe.mclennan_tourky(g)
        t1 = time.perf_counter()
        return {"time": t1 - t0, "profiles": [[list(map(float, p)) for p in prof]]}
    raise ValueError(name)


def _worker(conn: Any, name: str, payoffs: list) -> None:
    try:
        conn.send(("ok", run_solver(name, payoffs)))
    except BaseException as exc:  # reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    conn.close()


def run_with_timeout(name: str, payoffs: list, timeout: float) -> tuple[str, Any]:
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(send, name, payoffs), daemon=True)
    proc.start()
    send.close()
    try:
        if not recv.poll(timeout):
            return "timeout", None
        return recv.recv()
    except EOFError:
        return "error", "worker died"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def regret(payoffs: list, profile: list[list[float]]) -> float:
    """Max gain from a unilateral pure deviation, float64."""
    import numpy as np

    U = np.array(payoffs, dtype=float)
    n = U.shape[-1]
    worst = 0.0
    for i in range(n):
        Ui = U[..., i]
        for j in reversed(range(n)):  # contract all opponents, keep player i's axis
            if j != i:
                Ui = np.tensordot(Ui, np.asarray(profile[j]), axes=([j], [0]))
        vals = Ui  # payoff of each pure strategy of player i
        worst = max(worst, float(vals.max() - np.dot(vals, profile[i])))
    return worst


def distinct(profiles: list, match: float) -> list:
    import numpy as np

    out: list = []
    for p in profiles:
        flat = np.concatenate([np.asarray(q, float) for q in p])
        if not any(np.max(np.abs(flat - o)) <= match for o in out):
            out.append(flat)
    return out


def _fmt(t: float | None) -> str:
    if t is None:
        return "timeout"
    return f"{t * 1e3:.0f} ms" if t < 1 else f"{t:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default="3x3x3,2x2x2x2x2,4x4x4,3x3x3x3")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0, help="per-call budget, seconds")
    ap.add_argument("--tol", type=float, default=1e-6, help="verification: regret <= tol * payoff range")
    ap.add_argument("--match", type=float, default=1e-5, help="profiles equal within this max-abs difference")
    ap.add_argument("--solvers", default=",".join(SOLVERS))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--parallel", choices=["auto", "off", "on"], default="auto",
                    help="ours enumpoly's process pool: auto (its own choice), off, on (2 workers)")
    args = ap.parse_args(argv)
    if args.parallel == "off":
        OURS_OPTIONS["parallel"] = False
    elif args.parallel == "on":
        OURS_OPTIONS.update(parallel=True, workers=2)
    if args.quick:
        args.shapes, args.reps, args.timeout = "2x2x2,3x3x3", 2, 30.0
    shapes = [tuple(int(k) for k in s.split("x")) for s in args.shapes.split(",") if s]
    solvers = [s for s in args.solvers.split(",") if s]
    for s in solvers:
        if s not in SOLVERS:
            ap.error(f"unknown solver {s!r}; choose from {SOLVERS}")

    # our lazy imports (scipy's LP, flint, mpmath) are loaded here, once, as pygambit's are:
    # the forked workers inherit them, so no solver call pays an import
    import flint  # noqa: F401
    import mpmath  # noqa: F401
    import numpy as np
    import pygambit
    import scipy.optimize  # noqa: F401

    import gametheory
    import gametheory.normal.solvers.enumpoly  # noqa: F401

    try:
        # numba, and our compiled subdivision kernel, loaded here too: pygambit's compiled
        # code is loaded by its import, a numba function by its first call, so one solve of
        # a small game in this process puts the kernel in every forked worker (as the
        # warm-up below does for QuantEcon's JIT in its workers)
        import numba  # noqa: F401

        gametheory.solve(gametheory.NormalFormGame(np.array(make_payoffs((3, 3, 3), 1), dtype=object)),
                         "enumpoly")
    except ImportError:
        pass

    try:  # only the quantecon_mt solver needs it
        import quantecon

        qe_version = quantecon.__version__
    except ImportError:
        qe_version = "not installed"
        if "quantecon_mt" in solvers:
            solvers.remove("quantecon_mt")

    print("N-player equilibrium benchmark")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print(f"  cpu_count: {os.cpu_count()}  platform: {platform.platform()}  python: {platform.python_version()}")
    print(f"  gametheory {gametheory.__version__}, numpy {np.__version__}, pygambit {pygambit.__version__}, "
          f"quantecon {qe_version}")
    print(f"  loadavg_at_start: {os.getloadavg()}")
    print(f"options: shapes {args.shapes}, reps {args.reps}, timeout {args.timeout:g} s, tol {args.tol:g}, "
          f"parallel {args.parallel}")
    # warm-up (imports, numba JIT of QuantEcon) outside any timing
    for s in solvers:
        run_with_timeout(s, make_payoffs((2, 2, 2), 1), 120.0)

    records: list[dict[str, Any]] = []
    ratios: list[tuple[str, float | None, float | None]] = []
    cpu_ratios: list[tuple[str, float | None, float | None]] = []
    t_start = time.perf_counter()
    for shape in shapes:
        label = "x".join(map(str, shape))
        print(f"\n=== {label} ===")
        rows: dict[str, list[dict[str, Any]]] = {s: [] for s in solvers}
        for k in range(args.reps):
            seed = 1000 * int(np.prod(shape)) + k
            payoffs = make_payoffs(shape, seed)
            scale = float(np.ptp(np.array(payoffs, dtype=float))) or 1.0
            answers: dict[str, Any] = {}
            for s in solvers:
                status, res = run_with_timeout(s, payoffs, args.timeout)
                rec: dict[str, Any] = {"shape": label, "seed": seed, "solver": s, "status": status}
                if status == "ok":
                    profs = distinct(res["profiles"], args.match)
                    verified = []
                    for p in profs:
                        split, pos = [], 0
                        for n_i in shape:
                            split.append(p[pos:pos + n_i].tolist())
                            pos += n_i
                        if regret(payoffs, split) <= args.tol * scale:
                            verified.append(p)
                    rec.update(time=res["time"], found=len(profs), verified=len(verified),
                               complete=res.get("complete"), notes=res.get("notes", []))
                    for extra in ("cpu", "support_profiles", "pruned", "pruned_by", "solved", "workers",
                                  "estimated_work"):
                        if extra in res:
                            rec[extra] = res[extra]
                    answers[s] = verified
                else:
                    rec["note"] = res
                records.append(rec)
                rows[s].append(rec)
            ours = answers.get("ours_enumpoly")
            for s in solvers:
                rec = rows[s][-1]
                if ours is not None and s in answers:
                    rec["in_ours"] = sum(
                        1 for p in answers[s] if any(np.max(np.abs(p - o)) <= args.match for o in ours)
                    )
        medians: dict[str, float | None] = {}
        cpu_medians: dict[str, float | None] = {}
        print(f"  {'solver':<16}{'games':>6}{'median':>11}  {'found':>6}{'verified':>9}{'in ours':>9}  notes")
        for s in solvers:
            done = [r for r in rows[s] if r["status"] == "ok"]
            med = statistics.median(r["time"] for r in done) if done else None
            found = sum(r["found"] for r in done)
            ver = sum(r["verified"] for r in done)
            inours = sum(r.get("in_ours", 0) for r in done)
            fails = [f"{r['status']} (seed {r['seed']})" for r in rows[s] if r["status"] != "ok"]
            incomplete = sum(1 for r in done if r.get("complete") is False and s == "ours_enumpoly")
            note = ", ".join(fails[:2]) + (f"; {incomplete} game(s) not complete" if incomplete else "")
            med_s = "-" if med is None else (f"{med * 1e3:.1f} ms" if med < 1 else f"{med:.2f} s")
            print(f"  {LABELS[s]:<16}{len(done)}/{len(rows[s]):<4}{med_s:>11}  {found:>6}{ver:>9}{inours:>9}  {note}")
            if s in ("ours_enumpoly", "gambit_enumpoly"):
                medians[s] = med
                cpus = [r["cpu"] for r in done if "cpu" in r]
                cpu_medians[s] = statistics.median(cpus) if cpus else None
        if "ours_enumpoly" in medians and "gambit_enumpoly" in medians:
            ratios.append((label, medians["ours_enumpoly"], medians["gambit_enumpoly"]))
            cpu_ratios.append((label, cpu_medians["ours_enumpoly"], cpu_medians["gambit_enumpoly"]))
    if ratios:
        print("\nall equilibria, ours enumpoly vs gambit enumpoly (median times, same run; ratio > 1: we are faster)")
        for label, ours_t, theirs_t in ratios:
            r = "-" if not ours_t or theirs_t is None else f"{theirs_t / ours_t:.2f}x"
            print(f"  {label:<12} ours {_fmt(ours_t)}  gambit {_fmt(theirs_t)}  ratio {r}")
            # the summary lines are in the JSON too, as records of their own ("solver": "ratio")
            records.append({"shape": label, "solver": "ratio", "status": "summary", "ours_median": ours_t,
                            "gambit_median": theirs_t,
                            "ratio": None if not ours_t or theirs_t is None else theirs_t / ours_t,
                            "line": f"{label} ours {_fmt(ours_t)} gambit {_fmt(theirs_t)} ratio {r}"})
    if cpu_ratios:
        print("\nthe same, CPU seconds of the call (ours: this process and its pool workers; robust to load)")
        for label, ours_t, theirs_t in cpu_ratios:
            r = "-" if not ours_t or theirs_t is None else f"{theirs_t / ours_t:.2f}x"
            print(f"  {label:<12} ours {_fmt(ours_t)}  gambit {_fmt(theirs_t)}  cpu ratio {r}")
            records.append({"shape": label, "solver": "cpu_ratio", "status": "summary", "ours_median": ours_t,
                            "gambit_median": theirs_t,
                            "ratio": None if not ours_t or theirs_t is None else theirs_t / ours_t,
                            "line": f"{label} ours {_fmt(ours_t)} gambit {_fmt(theirs_t)} cpu ratio {r}"})
    print(f"\nwall time: {time.perf_counter() - t_start:.0f} s")
    print("found = distinct profiles returned, verified = those with regret <= tol * payoff range,")
    print("in ours = verified profiles that are also in ours enumpoly's answer (summed over games).")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(records, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
