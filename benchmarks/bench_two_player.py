"""Benchmark: all Nash equilibria of two-player games, against nashpy, pygambit and QuantEcon.

Run from the repository root::

    python benchmarks/bench_two_player.py                 # default run, ~10 minutes on 2 cores
    python benchmarks/bench_two_player.py --quick         # smoke run, under a minute
    python benchmarks/bench_two_player.py --sizes 2,4,6,8,10,12 --reps 5 --timeout 30 --json out.json

Every solver is timed in the same run, on the same games, in one separate worker process
(so a call that exceeds its time budget can be killed: nothing here can hang). Each timed
region is the solver call alone, measured with ``time.perf_counter``; building each
library's game object and converting its answer for comparison are outside it.

Solvers
-------
``ours exact``     ``gametheory.solve(game, "enummixed")`` on integer payoffs (exact by default)
``ours float``     ``gametheory.solve(game, "enummixed", exact=False)``
``gambit rat``     ``pygambit.nash.enummixed_solve(g, rational=True)`` -- the agreement reference
``gambit float``   ``pygambit.nash.enummixed_solve(g, rational=False)``
``quantecon``      ``quantecon.game_theory.vertex_enumeration`` (numba; JIT-compiled in a warm-up
                   call before any timing)
``nashpy supp``    ``nashpy.Game(A, B).support_enumeration()``
``nashpy vert``    ``nashpy.Game(A, B).vertex_enumeration()``

Families: ``random`` n x n games with integer payoffs uniform in 0..99 (with so few
distinct values, many of these are degenerate from n = 8 on; each table says how many),
and two degenerate families: ``ties`` (payoffs uniform in 0..2) and ``dup`` (payoffs
0..99 with one row and one column duplicated in both matrices). Game k of size n is
``numpy.random.default_rng(seed)`` with the seed printed in the output (``game_seed``).

Agreement: every solver's answer is compared with exact pygambit on the same game. Exact
answers are compared as sets of :class:`fractions.Fraction` profiles (equality); float
answers are matched one-to-one within ``--tol`` (max-abs difference) after removing
repeats. On games where exact pygambit went over its budget, answers are compared with
pygambit's float enummixed instead and marked ``*``; those games do not count towards
the "identical to exact pygambit" target. Ratios are competitor time / our time (our
exact solver for rational competitors, our float solver for float ones), computed as the
ratio of medians over the games both solvers completed.

Budgets: a call over ``--timeout`` (``--ref-timeout`` for exact pygambit) is killed and
that solver skips the rest of the size and all larger sizes of the family; a solver that
has spent ``--size-budget`` seconds on one size takes no further games of that size.
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
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

#: Solver keys, in table order, with the arithmetic each uses.
SOLVERS: dict[str, str] = {
    "ours_exact": "exact",
    "ours_float": "float",
    "gambit_rational": "exact",
    "gambit_float": "float",
    "quantecon_vertex": "float",
    "nashpy_support": "float",
    "nashpy_vertex": "float",
}
LABELS = {
    "ours_exact": "ours exact",
    "ours_float": "ours float",
    "gambit_rational": "gambit rat",
    "gambit_float": "gambit float",
    "quantecon_vertex": "quantecon",
    "nashpy_support": "nashpy supp",
    "nashpy_vertex": "nashpy vert",
}
REFERENCE = "gambit_rational"
#: Used instead, and labelled as such, on games where the reference went over its budget.
FALLBACK_REFERENCE = "gambit_float"
#: Which of our solvers a competitor's time is divided by.
OURS_FOR = {"exact": "ours_exact", "float": "ours_float"}

FAMILIES = {
    "random": "integer payoffs uniform in 0..99",
    "ties": "degenerate: integer payoffs uniform in 0..2",
    "dup": "degenerate: payoffs 0..99, one row and one column duplicated",
}
FAMILY_SEED = {"random": 0, "ties": 500_000, "dup": 700_000}


# --------------------------------------------------------------------------- games
def game_seed(family: str, n: int, k: int) -> int:
    """Seed of the k-th game of size n in a family (printed, so any game can be rebuilt)."""
    return FAMILY_SEED[family] + 1000 * n + k


def make_game(family: str, n: int, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    """Payoff matrices ``(A, B)`` as nested int lists: ``numpy.random.default_rng(seed)``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    if family == "random":
        A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
    elif family == "ties":
        A, B = rng.integers(0, 3, (n, n)), rng.integers(0, 3, (n, n))
    elif family == "dup":
        A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
        r0, r1 = rng.choice(n, 2, replace=False)
        c0, c1 = rng.choice(n, 2, replace=False)
        for M in (A, B):
            M[r1, :] = M[r0, :]
            M[:, c1] = M[:, c0]
    else:  # pragma: no cover - argparse restricts the choice
        raise ValueError(family)
    return A.tolist(), B.tolist()


# --------------------------------------------------------------------------- worker side
def _run_solver(name: str, A: list[list[int]], B: list[list[int]]) -> dict[str, Any]:
    """Time one solver call and return its equilibria (converted after the clock stops)."""
    import numpy as np

    out: dict[str, Any] = {"warnings": 0}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if name in ("ours_exact", "ours_float"):
            import gametheory as gt

            game = gt.NormalFormGame.from_bimatrix(A, B)
            exact = name == "ours_exact"
            t0 = time.perf_counter()
            res = gt.solve(game, "enummixed") if exact else gt.solve(game, "enummixed", exact=False)
            t1 = time.perf_counter()
            if exact:
                profiles = [tuple(tuple(Fraction(v) for v in p) for p in e.profile) for e in res]
            else:
                profiles = [tuple(tuple(float(v) for v in p) for p in e.profile) for e in res]
            out["how"] = res.parameters.get("vertices")
            out["degenerate"] = res.degenerate
            out["complete"] = res.complete
        elif name in ("gambit_rational", "gambit_float"):
            import pygambit as gbt

            g = gbt.Game.from_arrays(A, B)
            rational = name == "gambit_rational"
            t0 = time.perf_counter()
            res = gbt.nash.enummixed_solve(g, rational=rational)
            t1 = time.perf_counter()
            conv = (lambda v: Fraction(str(v))) if rational else float
            profiles = [
                tuple(tuple(conv(eq[s]) for s in pl.strategies) for pl in g.players) for eq in res.equilibria
            ]
        elif name == "quantecon_vertex":
            from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

            a = np.array(A, dtype=np.float64)
            b = np.array(B, dtype=np.float64)
            g = NormalFormGame((Player(a), Player(b.T.copy())))
            t0 = time.perf_counter()
            res = vertex_enumeration(g)
            t1 = time.perf_counter()
            profiles = [(tuple(map(float, x)), tuple(map(float, y))) for x, y in res]
        elif name in ("nashpy_support", "nashpy_vertex"):
            import nashpy

            g = nashpy.Game(np.array(A, dtype=np.float64), np.array(B, dtype=np.float64))
            gen = g.support_enumeration if name == "nashpy_support" else g.vertex_enumeration
            t0 = time.perf_counter()
            res = list(gen())
            t1 = time.perf_counter()
            profiles = [(tuple(map(float, x)), tuple(map(float, y))) for x, y in res]
        else:  # pragma: no cover
            raise ValueError(name)
    out["warnings"] = len(caught)
    if caught:
        out["warning_text"] = str(caught[0].message)[:160]
    out["time"] = t1 - t0
    out["profiles"] = profiles
    return out


def _warm_up(solvers: list[str]) -> dict[str, float]:
    """Call every solver once on small games (QuantEcon's numba JIT compiles here)."""
    games = [
        ([[3, 0, 2], [1, 4, 0], [0, 2, 5]], [[1, 3, 0], [2, 0, 4], [5, 1, 0]]),
        ([[1, 1, 0], [1, 1, 0], [0, 2, 2]], [[0, 1, 1], [0, 1, 1], [2, 0, 2]]),
    ]
    times = {}
    for name in solvers:
        t0 = time.perf_counter()
        for A, B in games:
            try:
                _run_solver(name, A, B)
            except Exception:  # noqa: BLE001 - a failing warm-up shows up in the timed calls
                pass
        times[name] = time.perf_counter() - t0
    return times


def _worker_main(conn: Any, solvers: list[str], repo: str) -> None:
    if repo not in sys.path:
        sys.path.insert(0, repo)
    conn.send(("ready", _warm_up(solvers)))
    while True:
        msg = conn.recv()
        if msg is None:
            return
        name, A, B = msg
        try:
            conn.send(("ok", _run_solver(name, A, B)))
        except Exception as exc:  # noqa: BLE001 - reported as a solver failure
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:200]))


class Worker:
    """One child process that runs solver calls; killed (by its pid) when a call is over budget."""

    def __init__(self, solvers: list[str]) -> None:
        self.solvers = solvers
        self.ctx = mp.get_context("spawn")
        self.proc: Any = None
        self.conn: Any = None
        self.warmups: list[dict[str, float]] = []

    def _start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker_main, args=(child, self.solvers, str(REPO)), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        if not self.conn.poll(600):
            self.kill()
            raise RuntimeError("benchmark worker did not start within 600 s")
        tag, warm = self.conn.recv()
        self.warmups.append(warm)

    def run(self, name: str, A: list, B: list, timeout: float) -> tuple[str, Any]:
        """``("ok", result)``, ``("error", message)`` or ``("timeout", None)``."""
        if self.proc is None or not self.proc.is_alive():
            self._start()
        self.conn.send((name, A, B))
        if self.conn.poll(timeout):
            try:
                return self.conn.recv()
            except EOFError:
                self.kill()
                return "error", "worker died"
        self.kill()
        return "timeout", None

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join(10)
        self.proc = None
        self.conn = None

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self.proc.join(10)
            if self.proc.is_alive():
                self.kill()
        self.proc = None


# --------------------------------------------------------------------------- comparison
def _distinct_float(profiles: list, tol: float) -> list:
    out: list = []
    for p in profiles:
        if not any(_close(p, q, tol) for q in out):
            out.append(p)
    return out


def _close(p: tuple, q: tuple, tol: float) -> bool:
    return all(
        len(u) == len(v) and all(abs(float(a) - float(b)) <= tol for a, b in zip(u, v)) for u, v in zip(p, q)
    )


def compare(profiles: list, exact: bool, ref: list, ref_exact: bool, tol: float) -> dict[str, int]:
    """Missing/extra counts of one answer against a reference answer.

    Exact against exact: equality of sets of Fraction profiles. Otherwise repeats are
    removed and profiles are matched one-to-one within ``tol``.
    """
    if exact and ref_exact:
        got_set, ref_set = set(profiles), set(ref)
        return {"distinct": len(got_set), "missing": len(ref_set - got_set), "extra": len(got_set - ref_set)}
    if not ref_exact:
        ref = _distinct_float(ref, tol)
    got = set(profiles) if exact else _distinct_float(profiles, tol)
    got = list(got)
    if any(any(x != x for v in p for x in v) for p in got):  # NaN entries count as wrong answers
        nan = [p for p in got if any(x != x for v in p for x in v)]
        got = [p for p in got if p not in nan]
    else:
        nan = []
    refs = sorted(set(ref), key=lambda p: [float(x) for v in p for x in v])
    used = [False] * len(got)
    missing = 0
    for r in refs:
        for k, p in enumerate(got):
            if not used[k] and _close(p, r, tol):
                used[k] = True
                break
        else:
            missing += 1
    return {"distinct": len(got) + len(nan), "missing": missing, "extra": used.count(False) + len(nan)}


# --------------------------------------------------------------------------- driver
@dataclass
class Record:
    family: str
    n: int
    seed: int
    solver: str
    status: str  # ok / timeout / error / skipped
    time: float | None = None
    listed: int | None = None
    distinct: int | None = None
    missing: int | None = None
    extra: int | None = None
    agree: bool | None = None
    ref: str | None = None  # the solver this answer was compared with
    note: str = ""
    extra_info: dict[str, Any] = field(default_factory=dict)


def machine_info() -> dict[str, Any]:
    import importlib.metadata as md

    def ver(pkg: str) -> str:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    info = {
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    for pkg in ("gametheory", "numpy", "scipy", "python-flint", "pygambit", "nashpy", "quantecon", "numba"):
        info[pkg] = ver(pkg)
    info["git"] = _git_state()
    try:
        info["loadavg_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def _git_state() -> str:
    """Commit of the measured checkout, and whether the package has uncommitted changes."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "gametheory"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes in gametheory/' if dirty else ''}"


def fmt_time(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} us"
    if t < 1:
        return f"{t * 1e3:.1f} ms"
    return f"{t:.2f} s"


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def summarise(records: list[Record], family: str, n: int, solvers: list[str]) -> dict[str, dict[str, Any]]:
    by = {s: [r for r in records if r.family == family and r.n == n and r.solver == s] for s in solvers}
    out: dict[str, dict[str, Any]] = {}
    for s in solvers:
        rs = by[s]
        done = {r.seed: r.time for r in rs if r.status == "ok"}
        row: dict[str, Any] = {
            "games": len(rs),
            "completed": len(done),
            "median_time": _median(list(done.values())),
            "timeouts": sum(r.status == "timeout" for r in rs),
            "errors": sum(r.status == "error" for r in rs),
            "skipped": sum(r.status == "skipped" for r in rs),
            "listed": sum(r.listed or 0 for r in rs if r.status == "ok"),
            "distinct": sum(r.distinct or 0 for r in rs if r.status == "ok"),
            "compared": sum(r.agree is not None and r.ref == REFERENCE for r in rs),
            "agree": sum(r.agree is True and r.ref == REFERENCE for r in rs),
            "compared_fallback": sum(r.agree is not None and r.ref == FALLBACK_REFERENCE for r in rs),
            "agree_fallback": sum(r.agree is True and r.ref == FALLBACK_REFERENCE for r in rs),
            "missing": sum(r.missing or 0 for r in rs if r.agree is not None),
            "extra": sum(r.extra or 0 for r in rs if r.agree is not None),
        }
        if s.startswith("ours"):
            row["degenerate_games"] = sum(bool(r.extra_info.get("degenerate")) for r in rs)
            hows: dict[str, int] = {}
            for r in rs:
                if r.status == "ok":
                    hows[str(r.extra_info.get("how"))] = hows.get(str(r.extra_info.get("how")), 0) + 1
            row["vertex_paths"] = hows
        ours = OURS_FOR[SOLVERS[s]]
        if s != ours and ours in by:
            ours_done = {r.seed: r.time for r in by[ours] if r.status == "ok"}
            common = sorted(set(done) & set(ours_done))
            if common:
                mc = statistics.median(done[k] for k in common)
                mo = statistics.median(ours_done[k] for k in common)
                row["ratio"] = mc / mo if mo > 0 else None
                row["ratio_vs"] = ours
                row["ratio_games"] = len(common)
        out[s] = row
    return out


def print_table(family: str, n: int, summary: dict[str, dict[str, Any]], budget_note: dict[str, str]) -> None:
    ours = summary.get("ours_exact") or summary.get("ours_float")
    head = f"\n[{family}] {n} x {n}"
    if ours and ours["completed"]:
        head += f"   ({ours['degenerate_games']} of {ours['completed']} games degenerate, per ours exact)"
    print(head)
    print(f"  {'solver':<13}{'games':>6}{'median':>11}{'ratio':>10}  {'#eq':>10}  agreement with gambit rat")
    for s, row in summary.items():
        label = LABELS[s]
        if row["completed"] == 0:
            why = budget_note.get(s) or ("errors" if row["errors"] else "not run")
            print(f"  {label:<13}{row['games']:>6}  {why}")
            continue
        ratio = row.get("ratio")
        ratio_s = "-" if ratio is None else (f"{ratio:.1f}x" if ratio >= 10 else f"{ratio:.2f}x")
        eq = f"{row['distinct']}"
        if row["listed"] != row["distinct"]:
            eq += f" ({row['listed']} listed)"
        parts = []
        if row["compared"]:
            parts.append(f"{row['agree']}/{row['compared']}")
        if row["compared_fallback"]:
            parts.append(f"{row['agree_fallback']}/{row['compared_fallback']} vs {LABELS[FALLBACK_REFERENCE]}*")
        if s == REFERENCE:
            agree = "(reference)"
        elif s == FALLBACK_REFERENCE and not parts and summary.get(REFERENCE, {}).get("completed", 0) < row["games"]:
            agree = "(reference*)"
        elif not parts:
            agree = "no reference"
        else:
            agree = " + ".join(parts)
            if row["agree"] + row["agree_fallback"] < row["compared"] + row["compared_fallback"]:
                agree += f"  missing {row['missing']}, extra {row['extra']}"
        games = f"{row['completed']}/{row['games']}"
        extra = []
        if row["timeouts"]:
            extra.append(f"{row['timeouts']} over budget")
        if row["errors"]:
            extra.append(f"{row['errors']} errors")
        if row["skipped"]:
            extra.append(f"{row['skipped']} skipped")
        paths = {k: v for k, v in row.get("vertex_paths", {}).items() if k not in ("certified", "float")}
        if paths:
            extra.append("vertex path " + ", ".join(f"{k}: {v}" for k, v in paths.items()))
        tail = f"  [{', '.join(extra)}]" if extra else ""
        print(f"  {label:<13}{games:>6}{fmt_time(row['median_time']):>11}{ratio_s:>10}  {eq:>10}  {agree}{tail}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    solvers = [s for s in SOLVERS if s in args.solvers]
    if REFERENCE not in solvers:
        print("note: gambit_rational not selected: no agreement check is possible")
    plan: list[tuple[str, list[int], int]] = [("random", args.sizes, args.reps)]
    if args.degenerate_sizes:
        plan += [(f, args.degenerate_sizes, args.degenerate_reps) for f in ("ties", "dup")]

    info = machine_info()
    print("Two-player all-equilibria benchmark")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M:%S')}")
    for k, v in info.items():
        print(f"  {k}: {v}")
    print(
        f"options: sizes {args.sizes}, reps {args.reps}, degenerate sizes {args.degenerate_sizes} "
        f"x {args.degenerate_reps}, timeout {args.timeout} s (reference {args.ref_timeout} s), "
        f"size budget {args.size_budget} s, tol {args.tol:g}"
    )
    print(
        "timing: time.perf_counter around the solver call only, in one worker process, solvers run\n"
        "one after another on each game (no parallelism); median over games; ratio = competitor / ours\n"
        "(ours exact for rational competitors, ours float for float ones), ratio of medians over the\n"
        "games both completed. A call over its budget is killed; the solver then skips the rest of that\n"
        "size and every larger size of that family (\"skipped (>budget)\").\n"
        "#eq = distinct equilibria summed over the games (\"listed\" counts repeats). Agreement = games\n"
        "whose equilibrium set equals exact pygambit's (* = compared with gambit float instead, on games\n"
        "where gambit rat went over its budget). Degenerate = a best-response polytope has a vertex\n"
        "with extra labels (reported by ours exact)."
    )

    worker = Worker(solvers)
    t_start = time.perf_counter()
    worker._start()
    warm = worker.warmups[0]
    print("warm-up (untimed; first calls, includes imports and QuantEcon's numba JIT compilation): "
          + ", ".join(f"{LABELS[s]} {fmt_time(t)}" for s, t in warm.items()))

    records: list[Record] = []
    summaries: dict[str, dict[int, Any]] = {}
    try:
        for family, sizes, reps in plan:
            print(f"\n=== family {family}: {FAMILIES[family]} ===")
            dead: dict[str, str] = {}  # solver -> reason it is skipped for larger sizes
            summaries[family] = {}
            for n in sizes:
                spent = dict.fromkeys(solvers, 0.0)
                size_note: dict[str, str] = {}
                for k in range(reps):
                    seed = game_seed(family, n, k)
                    A, B = make_game(family, n, seed)
                    answers: dict[str, dict[str, Any]] = {}
                    for s in solvers:
                        if s in dead:
                            records.append(Record(family, n, seed, s, "skipped", note=dead[s]))
                            size_note[s] = dead[s]
                            continue
                        if spent[s] > args.size_budget:
                            note = f"size budget {args.size_budget:g} s used up"
                            records.append(Record(family, n, seed, s, "skipped", note=note))
                            continue
                        budget = args.ref_timeout if s == REFERENCE else args.timeout
                        status, res = worker.run(s, A, B, budget)
                        if status == "timeout":
                            spent[s] += budget
                            dead[s] = f"skipped (>{budget:g} s budget at n={n}, seed {seed})"
                            size_note[s] = dead[s]
                            records.append(Record(family, n, seed, s, "timeout", note=f">{budget:g} s"))
                            continue
                        if status == "error":
                            records.append(Record(family, n, seed, s, "error", note=res))
                            print(f"  ! {LABELS[s]} failed on seed {seed}: {res}")
                            continue
                        spent[s] += res["time"]
                        answers[s] = res
                        info_extra = {
                            key: res[key]
                            for key in ("how", "degenerate", "warnings", "warning_text")
                            if res.get(key) not in (None, 0)
                        }
                        records.append(
                            Record(family, n, seed, s, "ok", time=res["time"], listed=len(res["profiles"]),
                                   extra_info=info_extra)
                        )
                    ref_name = REFERENCE if REFERENCE in answers else FALLBACK_REFERENCE
                    ref = answers.get(ref_name)
                    for rec in records:
                        if rec.seed != seed or rec.family != family or rec.status != "ok":
                            continue
                        prof = answers[rec.solver]["profiles"]
                        exact = SOLVERS[rec.solver] == "exact"
                        if ref is None or rec.solver == ref_name:
                            rec.distinct = len(set(prof)) if exact else len(_distinct_float(prof, args.tol))
                            continue
                        c = compare(prof, exact, ref["profiles"], SOLVERS[ref_name] == "exact", args.tol)
                        rec.distinct, rec.missing, rec.extra = c["distinct"], c["missing"], c["extra"]
                        rec.agree = c["missing"] == 0 and c["extra"] == 0
                        rec.ref = ref_name
                        if not rec.agree and rec.solver.startswith("ours"):
                            print(f"  ! MISMATCH {LABELS[rec.solver]} vs {LABELS[ref_name]}, seed {seed}: {c}")
                summary = summarise(records, family, n, solvers)
                summaries[family][n] = summary
                print_table(family, n, summary, size_note)
                sys.stdout.flush()
    finally:
        worker.close()
    total = time.perf_counter() - t_start
    targets = evaluate_targets(summaries, records, args)
    print_disagreements(records)
    print("\nTargets")
    for t in targets:
        print(f"  [{t['status']}] {t['target']}: {t['detail']}")
    print(f"\nwall time of the run: {total:.0f} s (worker restarts after kills: {len(worker.warmups) - 1})")
    return {
        "machine": info,
        "options": {k: v for k, v in vars(args).items() if k != "json"},
        "warmup_seconds": worker.warmups,
        "summary": {f: {str(n): s for n, s in d.items()} for f, d in summaries.items()},
        "targets": targets,
        "records": [r.__dict__ for r in records],
        "wall_seconds": total,
    }


def print_disagreements(records: list[Record]) -> None:
    """Seeds of every game on which a solver's answer differed from the reference."""
    bad = [r for r in records if r.agree is False]
    print("\nDisagreements with the reference (solver / family: n: seeds; * = vs gambit float)")
    if not bad:
        print("  none")
        return
    for s in SOLVERS:
        mine = [r for r in bad if r.solver == s]
        if not mine:
            continue
        missing = sum(r.missing or 0 for r in mine)
        extra = sum(r.extra or 0 for r in mine)
        print(f"  {LABELS[s]}: {len(mine)} games, {missing} equilibria missing, {extra} extra")
        for fam in FAMILIES:
            sizes = sorted({r.n for r in mine if r.family == fam})
            if sizes:
                text = "; ".join(
                    f"n={n}: " + ",".join(
                        f"{r.seed}{'*' if r.ref != REFERENCE else ''}"
                        for r in mine if r.family == fam and r.n == n
                    )
                    for n in sizes
                )
                print(f"    {fam}: {text}")


def evaluate_targets(summaries: dict, records: list[Record], args: argparse.Namespace) -> list[dict[str, str]]:
    out = []
    rnd = summaries.get("random", {})

    def ratio(n: int, s: str) -> float | None:
        return rnd.get(n, {}).get(s, {}).get("ratio")

    checks = []
    for n in (10, 12):
        r = ratio(n, "quantecon_vertex")
        checks.append((n, r))
    missing = [n for n, r in checks if r is None]
    detail = ", ".join(f"n={n}: quantecon/ours float = {r:.2f}x" for n, r in checks if r is not None)
    if missing:
        status = "N/A"
        detail = (detail + "; " if detail else "") + f"not measured at n={missing}"
    else:
        status = "PASS" if all(r >= 1 for _, r in checks) else "FAIL"
    out.append({"target": "ours float >= as fast as QuantEcon vertex_enumeration at n=10 and 12",
                "status": status, "detail": detail})

    status = "N/A" if missing else ("PASS" if all(r >= 2 for _, r in checks) else "FAIL")
    out.append({"target": "issue 20: ours float >= 2x QuantEcon vertex_enumeration at n=10 and 12 (ratio >= 2)",
                "status": status, "detail": detail or "not measured"})

    deg = []
    for fam in ("ties", "dup"):
        r8 = summaries.get(fam, {}).get(8, {}).get("gambit_rational", {}).get("ratio")
        deg.append((fam, r8))
    if any(r is None for _, r in deg):
        status = "N/A"
    else:
        status = "PASS" if all(r >= 20 for _, r in deg) else "FAIL"
    out.append({
        "target": "issue 20: ours exact >= 20x pygambit enummixed rational on the degenerate 8 x 8 families",
        "status": status,
        "detail": ", ".join(f"{fam}: " + ("not measured" if r is None else f"{r:.1f}x") for fam, r in deg),
    })

    r = ratio(10, "gambit_rational")
    out.append({
        "target": "ours exact >= 20x faster than pygambit enummixed rational at n=10",
        "status": "N/A" if r is None else ("PASS" if r >= 20 else "FAIL"),
        "detail": "not measured at n=10" if r is None else f"gambit rat / ours exact = {r:.1f}x",
    })

    for s in ("ours_exact", "ours_float"):
        rs = [r for r in records if r.solver == s and r.status == "ok"]
        cmp = [r for r in rs if r.agree is not None and r.ref == REFERENCE]
        ok = sum(r.agree for r in cmp)
        alt = [r for r in rs if r.agree is not None and r.ref == FALLBACK_REFERENCE]
        not_cmp = len(rs) - len(cmp)
        failed = sum(1 for r in records if r.solver == s and r.status in ("error", "timeout"))
        status = "PASS" if cmp and ok == len(cmp) and failed == 0 else ("N/A" if not cmp else "FAIL")
        detail = f"{ok}/{len(cmp)} games identical"
        if not_cmp:
            detail += f"; {not_cmp} games without an exact pygambit answer (over budget)"
            if alt:
                detail += f", of which {sum(r.agree for r in alt)}/{len(alt)} identical to gambit float"
        if failed:
            detail += f"; {failed} calls failed or over budget"
        kind = "exact Fraction sets" if s == "ours_exact" else f"within {args.tol:g}"
        out.append({"target": f"{LABELS[s]}: same equilibrium set as exact pygambit on every game ({kind})",
                    "status": status, "detail": detail})
    return out


def _int_list(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=_int_list, default=None, help="random-game sizes n (default 2,4,6,8,10,12)")
    p.add_argument("--reps", type=int, default=None, help="games per size (default 5)")
    p.add_argument("--degenerate-sizes", type=_int_list, default=None,
                   help="sizes of the degenerate families (default 3,4,5,6,7,8; empty string: none)")
    p.add_argument("--degenerate-reps", type=int, default=None, help="games per degenerate size (default 4)")
    p.add_argument("--timeout", type=float, default=None, help="per-call budget in seconds (default 30)")
    p.add_argument("--ref-timeout", type=float, default=None,
                   help="per-call budget of pygambit rational, the reference (default 120)")
    p.add_argument("--size-budget", type=float, default=None,
                   help="a solver stops taking new games of a size after this many seconds (default 120)")
    p.add_argument("--tol", type=float, default=1e-6, help="float comparison tolerance (default 1e-6)")
    p.add_argument("--solvers", type=lambda s: s.split(","), default=list(SOLVERS),
                   help="comma list, subset of " + ",".join(SOLVERS))
    p.add_argument("--quick", action="store_true", help="small smoke run (under a minute)")
    p.add_argument("--json", type=Path, default=None, help="write every measurement to this JSON file")
    args = p.parse_args(argv)
    quick = {"sizes": [2, 4, 6, 8], "reps": 3, "degenerate_sizes": [3, 4, 5], "degenerate_reps": 2,
             "timeout": 5.0, "ref_timeout": 10.0, "size_budget": 10.0}
    full = {"sizes": [2, 4, 6, 8, 10, 12], "reps": 5, "degenerate_sizes": [3, 4, 5, 6, 7, 8],
            "degenerate_reps": 4, "timeout": 30.0, "ref_timeout": 120.0, "size_budget": 120.0}
    for k, v in (quick if args.quick else full).items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    unknown = set(args.solvers) - set(SOLVERS)
    if unknown:
        p.error(f"unknown solvers {sorted(unknown)}; choose from {list(SOLVERS)}")
    return args


def _json_default(o: Any) -> Any:
    if isinstance(o, Fraction):
        return str(o)
    return str(o)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=_json_default))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
