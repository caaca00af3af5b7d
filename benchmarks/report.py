"""Benchmark report: every ratio of issue 20 in one command, the peers measured in the same run.

Run from the repository root, with the ``bench`` extra installed (``pip install -e '.[bench]'``)::

    python benchmarks/report.py                      # full run (about 10-20 min on 2 idle cores)
    python benchmarks/report.py --quick              # smoke run, small sizes (about 2 min)
    python benchmarks/report.py --only startup,lemke_howson
    python benchmarks/report.py --render-only        # re-render docs/benchmarks.md from the stored JSON

Each benchmark (``BENCHMARKS``) is one of the existing ``benchmarks/bench_*.py`` scripts run as
a child process with ``--json FILE`` and fixed options (printed in the table), so a crash or a
time-out of one is reported and the others still run; a benchmark whose time limit passes is
killed with its whole process group. The scripts time ours and the peer on the same games in
the same process tree, alternating where the script does. From their JSON files this builds
one table -- work | ours | peer | ratio (peer time / our time: above 1 we are faster) | target |
verdict -- with the machine (cores, load average at the start and end, versions of numpy,
pygambit, quantecon, numba) and the date, writes it with every script's raw output to
``benchmarks/results/latest.json`` (``--out``) and regenerates the section of
``docs/benchmarks.md`` between the markers ``BEGIN_MARK`` and ``END_MARK`` from that file
(``render_section``), so the page is always a rendering of a stored result.

``--only`` runs some benchmarks and keeps the stored rows of the others (each benchmark records
its own date, mode and load). A peer package that is not installed gives a row saying what to
install instead of a crash.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import importlib.util
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCRIPT_DIR = REPO / "benchmarks"
RESULTS = REPO / "benchmarks" / "results" / "latest.json"
DOCS = REPO / "docs" / "benchmarks.md"
BEGIN_MARK = "<!-- BEGIN GENERATED: benchmarks/report.py -->"
END_MARK = "<!-- END GENERATED -->"
SCHEMA = 1
PACKAGES = ("gametheory", "numpy", "scipy", "python-flint", "pygambit", "quantecon", "numba", "nashpy")
INSTALL = {"quantecon": "pip install quantecon", "pygambit": "pip install pygambit"}


# ----------------------------------------------------------------------------- rows
def row(work: str, ours: float | None, peer: float | None, peer_name: str, *, target: str = "-",
        verdict: str = "-", note: str = "", config: str = "") -> dict[str, Any]:
    """One line of the table; ``ratio`` is ``peer / ours`` when both were measured."""
    ratio = peer / ours if ours and peer is not None else None
    return {"work": work, "ours_s": ours, "peer_s": peer, "peer": peer_name, "ratio": ratio,
            "target": target, "verdict": verdict, "note": note, "config": config}


def ratio_verdict(r: dict[str, Any], at_least: float) -> dict[str, Any]:
    """Set the target ``ratio >= at_least`` and its verdict on a row."""
    r["target"] = f"ratio >= {at_least:g}"
    r["verdict"] = "-" if r["ratio"] is None else ("PASS" if r["ratio"] >= at_least else "FAIL")
    return r


def time_verdict(r: dict[str, Any], at_most: float) -> dict[str, Any]:
    """Set the target ``ours <= at_most`` seconds and its verdict on a row."""
    r["target"] = f"ours <= {at_most:g} s"
    r["verdict"] = "-" if r["ours_s"] is None else ("PASS" if r["ours_s"] <= at_most else "FAIL")
    return r


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


# ----------------------------------------------------------------------------- benchmarks
@dataclass
class Bench:
    """One benchmark: which script, its options (full and quick), and how to read its JSON."""

    name: str
    script: str
    full: list[str]
    quick: list[str] | None  # None: not run with --quick
    rows: Callable[[Any, bool], list[dict[str, Any]]]
    peers: tuple[str, ...] = ()
    timeout: float = 600.0
    quick_timeout: float = 120.0
    describe: str = ""
    optional: dict[str, list[str]] = field(default_factory=dict)  # option -> args, only if the script has it
    reads_stdout: bool = False  # rows() gets {"json": parsed file or None, "stdout": printed text}


def rows_lemke_howson(data: Any, quick: bool) -> list[dict[str, Any]]:
    out = []
    for r in data:
        n = r["n"]
        x = row(f"one equilibrium, Lemke-Howson, n = {n} ({r['games']} games, summed)", r["ours_s"],
                r.get("quantecon_s"), "QuantEcon lemke_howson",
                note=f"certified {r['certified']}/{r['games']}; same answer: {_yes(r.get('same'))}")
        if n in (100, 200):
            ratio_verdict(x, 1)
        out.append(x)
    return out


def rows_n_player(data: Any, quick: bool) -> list[dict[str, Any]]:
    shapes: list[str] = []
    for rec in data:
        if rec["shape"] not in shapes:
            shapes.append(rec["shape"])
    out = []
    for shape in shapes:
        recs = {s: [r for r in data if r["shape"] == shape and r["solver"] == s]
                for s in ("ours_enumpoly", "gambit_enumpoly")}
        ok = {s: [r for r in rs if r["status"] == "ok"] for s, rs in recs.items()}
        # CPU time of the call (workers included) where the script records it: steadier than wall
        # time on a loaded machine; wall time otherwise
        def _t(r: dict[str, Any]) -> float:
            return r["cpu"] if isinstance(r.get("cpu"), (int, float)) else r["time"]

        ours = _median([_t(r) for r in ok["ours_enumpoly"]])
        peer = _median([_t(r) for r in ok["gambit_enumpoly"]])
        games = len(recs["ours_enumpoly"])
        notes = []
        for s, label in (("ours_enumpoly", "ours"), ("gambit_enumpoly", "pygambit")):
            bad = [r["status"] for r in recs[s] if r["status"] != "ok"]
            if bad:
                notes.append(f"{label}: {len(bad)} of {len(recs[s])} {'/'.join(sorted(set(bad)))}")
        incomplete = sum(1 for r in ok["ours_enumpoly"] if r.get("complete") is False)
        if incomplete:
            notes.append(f"ours not complete on {incomplete} game(s)")
        found = sum(r.get("verified", 0) for r in ok["ours_enumpoly"])
        theirs = sum(r.get("verified", 0) for r in ok["gambit_enumpoly"])
        in_ours = sum(r.get("in_ours", 0) for r in ok["gambit_enumpoly"])
        notes.append(f"verified equilibria ours {found}, pygambit {theirs} ({in_ours} of them in ours)")
        others = [r for r in data if r["shape"] == shape and r["status"] == "ok"
                  and r["solver"] in ("gambit_gnm", "gambit_logit", "gambit_simpdiv")]
        if others:
            notes.append(f"pygambit gnm/logit/simpdiv: {sum(r.get('in_ours', 0) for r in others)} of "
                         f"{sum(r.get('verified', 0) for r in others)} verified equilibria in ours")
        x = row(f"N-player all equilibria {shape} (median of {games})", ours, peer, "pygambit enumpoly_solve",
                note="; ".join(notes))
        out.append(ratio_verdict(x, 1))
    return out


def _two_player_row(data: Any, family: str, n: int, solver: str) -> dict[str, Any] | None:
    summ = data.get("summary", {}).get(family, {}).get(str(n))
    return None if summ is None else summ.get(solver)


def rows_two_player_float(data: Any, quick: bool) -> list[dict[str, Any]]:
    out = []
    for r in data:
        n = r["n"]
        x = row(f"float all equilibria, random {n}x{n} (mean of {r['games']} games, CPU best of {r['best_of']})",
                r["ours_s"], r["quantecon_s"], "QuantEcon vertex_enumeration",
                note=f"equilibria ours {r['equilibria_ours']}, QuantEcon {r['equilibria_quantecon']}; "
                     f"route: {', '.join(r.get('routes', []))}")
        if n in (10, 12):
            ratio_verdict(x, 2)
        out.append(x)
    return out


def rows_two_player_exact(data: Any, quick: bool) -> list[dict[str, Any]]:
    out = []
    for family, fam_text in (("random", "random"), ("ties", "degenerate (ties 0..2)"),
                             ("dup", "degenerate (duplicated row and column)")):
        for n_text in data.get("summary", {}).get(family, {}):
            n = int(n_text)
            ours = _two_player_row(data, family, n, "ours_exact") or {}
            gb = _two_player_row(data, family, n, "gambit_rational") or {}
            note = _counts(ours, gb)
            if ours.get("compared"):
                note += f"; same set as pygambit on {ours['agree']}/{ours['compared']} games"
            x = row(f"exact all equilibria, {fam_text} {n}x{n} (median of {ours.get('completed', 0)})",
                    ours.get("median_time"), gb.get("median_time"), "pygambit enummixed rational", note=note)
            if gb.get("ratio") is not None:
                x["ratio"] = gb["ratio"]
            if (family == "random" and n == 10) or (family != "random" and n == 8):
                ratio_verdict(x, 20)
            out.append(x)
    return out


def _counts(ours: dict[str, Any], peer: dict[str, Any]) -> str:
    parts = [f"equilibria ours {ours.get('distinct', '-')}, peer {peer.get('distinct', '-')}"]
    for label, s in (("ours", ours), ("peer", peer)):
        bad = s.get("timeouts", 0) + s.get("errors", 0) + s.get("skipped", 0)
        if bad:
            parts.append(f"{label}: {bad} of {s.get('games')} over budget, failed or skipped")
    return "; ".join(parts)


def rows_extensive(data: Any, quick: bool) -> list[dict[str, Any]]:
    rows_ = data.get("rows", [])
    by = {(r["solver"], r["size"]): r for r in rows_}
    out = []
    for peer, base, what in (("gambit_lcp", "ours_bi", "tree SPE"), ("gambit_lp", "ours_bi_zs", "zero-sum tree")):
        for (solver, size), r in sorted(by.items(), key=lambda kv: kv[0][1]):
            if solver != peer:
                continue
            b = by.get((base, size), {})
            label = "pygambit lcp_solve" if peer == "gambit_lcp" else "pygambit lp_solve"
            note = ""
            if "timeout" in r:
                note = f"pygambit over {r['timeout']:g} s"
            elif "error" in r:
                note = f"pygambit error: {str(r['error'])[:80]}"
            elif r.get("value") is not None and b.get("value") is not None:
                same = abs(r["value"] - b["value"]) <= 1e-6 * max(1.0, abs(b["value"]))
                note = "same value" if same else "VALUES DIFFER"
                if r.get("subgame_perfect") is not None:
                    note += f"; pygambit's answer subgame perfect: {r['subgame_perfect']}/{r.get('found')}"
            out.append(row(f"{what}, {size} nodes (backward induction vs sequence form)", b.get("time"),
                           r.get("time"), label, note=note))
    return out


def rows_symbolic(data: Any, quick: bool) -> list[dict[str, Any]]:
    worst, count, over, ok = _symbolic_figures(data)
    note = f"{count} formula games" if count else ""
    if over is not None:
        note += f"; {over} over 5 s"
    if ok is not None:
        note += f"; regimes agree with the exact engine: {_yes(ok)}"
    x = row("symbolic analyze, 2x3/3x3 formula games (worst CPU)", worst, None, "none (no symbolic peer)",
            note=note.strip("; "))
    return [time_verdict(x, 5)]


def _symbolic_figures(data: Any) -> tuple[float | None, int, int | None, bool | None]:
    """Worst CPU seconds, games, games over 5 s and agreement, from bench_symbolic's output.

    Reads the ``--json`` file when the script writes one (a list of per-game records with the
    CPU seconds under ``after``/``seconds``/``cpu``, or a dict with ``games`` and ``worst``) and
    finds the worst time in it, else the printed table and ``worst ... s`` line of ``stdout``.
    """
    if isinstance(data, dict) and "stdout" in data:
        from_json = _symbolic_figures(data.get("json")) if data.get("json") is not None else None
        if from_json is not None and from_json[0] is not None:
            return from_json
        return _symbolic_from_text(data["stdout"])
    games = data.get("games", data.get("rows")) if isinstance(data, dict) else data
    times: list[float] = []
    if isinstance(games, list):
        for g in games:
            if isinstance(g, dict):
                for key in ("after", "seconds", "cpu", "cpu_s", "time", "analyze_s"):
                    if isinstance(g.get(key), (int, float)):
                        times.append(float(g[key]))
                        break
    worst = None
    if isinstance(data, dict):
        for key in ("worst", "worst_s", "worst_cpu", "worst_seconds"):
            if isinstance(data.get(key), (int, float)):
                worst = float(data[key])
    if worst is None and times:
        worst = max(times)
    ok = data.get("all_ok", data.get("engine_agrees", data.get("agree"))) if isinstance(data, dict) else None
    return worst, len(times), (sum(t > 5 for t in times) if times else None), ok


def _symbolic_from_text(text: str) -> tuple[float | None, int, int | None, bool | None]:
    import re

    worst = None
    m = re.search(r"worst ([0-9.]+) s", text)
    if m:
        worst = float(m.group(1))
    # game lines: title, "before" (seconds or ">  30s"), "after" (seconds), ratio, regimes, cells, checked
    pattern = re.compile(r"^(random .*?#\d+)\s+(>\s*\d+s|[0-9.]+)\s+([0-9.]+)\s")
    times = [float(m.group(3)) for m in map(pattern.match, text.splitlines()) if m]
    games = len(times)
    over = sum(t > 5 for t in times) if times else None
    ok = None
    if "every regime's sample point agrees" in text:
        ok = "[PASS] every regime's sample point" in text
    return worst, games, over, ok


def rows_startup(data: Any, quick: bool) -> list[dict[str, Any]]:
    res = data["results"]
    runs = res["help"]["runs"]
    x = row(f"start-up, `gametheory --help` CPU (median of {runs} fresh processes)", res["help"]["median"],
            res["floor"]["median"], "`python -c 'import click'` (floor)",
            note=f"import gametheory {res['import']['median']:.3f} s, methods {res['methods']['median']:.3f} s")
    return [time_verdict(x, 0.3)]


def rows_brief(data: Any, quick: bool) -> list[dict[str, Any]]:
    brief = data.get("brief")
    if not brief:
        x = row("the brief, `gametheory brief` CPU", None, None, "none", note=data.get("note", "not measured"))
        return [time_verdict(x, 10)]
    x = row("the brief, `gametheory brief` CPU, cache off", brief["off"]["cpu"], None, "none",
            note=f"first run {brief['first']['cpu']:.2f} s, warm cache {brief['warm']['cpu']:.2f} s CPU; "
                 f"{brief['off']['wall']:.2f} s wall (cache off)")
    return [time_verdict(x, 10)]


def _yes(v: Any) -> str:
    return "-" if v is None else ("yes" if v else "NO")


#: Every measurement behind the issue's table, in table order.
BENCHMARKS: list[Bench] = [
    Bench("lemke_howson", "bench_lemke_howson.py",
          ["--sizes", "10,100,200", "--games", "3", "--reps", "5"],
          ["--sizes", "10,100", "--games", "2", "--reps", "3"],
          rows_lemke_howson, ("quantecon",), timeout=600, quick_timeout=120,
          describe="CPU time (process_time) summed over the games, median of the reps, ours and QuantEcon alternated call by call"),
    Bench("n_player", "bench_n_player.py",
          ["--shapes", "3x3x3,2x2x2x2x2,4x4x4,3x3x3x3", "--reps", "2", "--timeout", "150",
           "--solvers", "ours_enumpoly,gambit_enumpoly,gambit_gnm,gambit_logit,gambit_simpdiv"],
          ["--shapes", "2x2x2,3x3x3", "--reps", "1", "--timeout", "60", "--solvers", "ours_enumpoly,gambit_enumpoly"],
          rows_n_player, ("pygambit",), timeout=1500, quick_timeout=180,
          describe="CPU time (process_time, pool workers included) of each call in a forked worker whose imports were loaded before the clock starts, median over the games"),
    Bench("two_player_float", "ab_vertex_walk.py",
          ["--sizes", "10,12", "--reps", "5", "--best", "7"],
          ["--sizes", "6,8", "--reps", "2", "--best", "3"],
          rows_two_player_float, ("quantecon",), timeout=600, quick_timeout=120,
          describe="CPU time (process_time) of each call in one process, ours and QuantEcon alternated, best of 7 per game, mean over the games of bench_two_player.py's random family"),
    Bench("two_player_exact", "bench_two_player.py",
          ["--sizes", "10", "--reps", "3", "--degenerate-sizes", "8", "--degenerate-reps", "4",
           "--timeout", "60", "--ref-timeout", "120", "--solvers", "ours_exact,gambit_rational"],
          ["--sizes", "6", "--reps", "2", "--degenerate-sizes", "5", "--degenerate-reps", "2",
           "--timeout", "10", "--ref-timeout", "20", "--solvers", "ours_exact,gambit_rational"],
          rows_two_player_exact, ("pygambit",), timeout=900, quick_timeout=120,
          describe="wall time of the solver call in one warm worker, median over the games; equilibrium sets compared exactly"),
    Bench("extensive", "bench_extensive.py",
          ["--sizes", "60,300", "--solvers", "ours_bi,gambit_lcp,ours_bi_zs,gambit_lp", "--timeout", "120"],
          ["--sizes", "30,60", "--solvers", "ours_bi,gambit_lcp,ours_bi_zs,gambit_lp", "--timeout", "30"],
          rows_extensive, ("pygambit",), timeout=600, quick_timeout=120,
          describe="wall time of the solver call in a fresh spawned worker, one random tree per size"),
    Bench("symbolic", "bench_symbolic.py", ["--games"], None, rows_symbolic, (), timeout=900,
          describe="CPU time of analyze per formula game; the worst counts",
          optional={"--budget": ["--budget", "0"]}, reads_stdout=True),
    Bench("startup", "bench_startup.py", ["--runs", "10"], ["--runs", "3"], rows_startup, (),
          timeout=300, quick_timeout=120, describe="CPU (user + sys) of fresh processes, median"),
    Bench("brief", "bench_models.py", ["--models", "escalation", "--skip-in-process", "--repeat", "1"], None,
          rows_brief, (), timeout=900,
          describe="CPU (user + sys) of `gametheory brief` in a fresh process; one model (escalation) is timed too and not shown"),
]
NAMES = [b.name for b in BENCHMARKS]


# ----------------------------------------------------------------------------- running
def machine_info() -> dict[str, Any]:
    """Cores, platform and package versions (read from the installed metadata, nothing imported)."""
    info: dict[str, Any] = {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                            "python": platform.python_version()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        info["usable_cpus"] = os.cpu_count()
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            info["cpu"] = line.split(":", 1)[1].strip()
            break
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = "not installed"
    info["versions"] = versions
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "gametheory"], cwd=REPO,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["git"] = (head or "unknown") + (" + uncommitted changes in gametheory/" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        info["git"] = "unknown"
    return info


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return []


def _missing_peers(bench: Bench) -> list[str]:
    return [p for p in bench.peers if importlib.util.find_spec(p) is None]


def run_bench(bench: Bench, quick: bool, script_dir: Path, timeout: float | None) -> dict[str, Any]:
    """Run one benchmark script as a child process; return its record (status, raw JSON, rows)."""
    rec: dict[str, Any] = {"name": bench.name, "script": bench.script, "mode": "quick" if quick else "full",
                           "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "describe": bench.describe}
    args = bench.quick if quick else bench.full
    if args is None:
        rec.update(status="skipped", note="not part of --quick (run without --quick)", rows=[])
        return rec
    missing = _missing_peers(bench)
    if missing:
        what = ", ".join(INSTALL.get(p, f"pip install {p}") for p in missing)
        rec.update(status="missing peer", note=f"peer not installed: {what} (or pip install -e '.[bench]')",
                   rows=[])
        return rec
    script = script_dir / bench.script
    text = _read(str(script))
    args = list(args)
    for opt, extra in bench.optional.items():
        if opt in text:
            args += extra
    limit = timeout if timeout is not None else (bench.quick_timeout if quick else bench.timeout)
    with tempfile.TemporaryDirectory(prefix=f"report-{bench.name}-") as tmp:
        out = Path(tmp) / "out.json"
        wants_json = "--json" in text  # a script without --json is read from its printed output
        argv = [sys.executable, str(script), *args] + (["--json", str(out)] if wants_json else [])
        rec["argv"] = ["python", f"benchmarks/{bench.script}", *args] + (["--json", "FILE"] if wants_json else [])
        rec["timeout_s"] = limit
        rec["load_start"] = _load()
        t0 = time.perf_counter()
        before = os.times()
        status, code, stdout, stderr = _run(argv, limit)
        after = os.times()
        rec["wall_s"] = round(time.perf_counter() - t0, 2)
        rec["cpu_s"] = round((after.children_user - before.children_user)
                             + (after.children_system - before.children_system), 2)
        rec["load_end"] = _load()
        rec["status"], rec["returncode"] = status, code
        if status != "ok":
            rec["note"] = (f"timed out after {limit:g} s" if status == "timeout"
                           else f"exit code {code}") + _tail(stderr or stdout)
            rec["rows"] = []
            return rec
        parsed = None
        if wants_json:
            try:
                parsed = json.loads(out.read_text())
            except (OSError, ValueError) as exc:
                if not bench.reads_stdout:
                    rec.update(status="failed", note=f"no valid JSON written ({type(exc).__name__})", rows=[])
                    return rec
        raw = {"json": parsed, "stdout": stdout} if bench.reads_stdout else parsed
    rec["raw"] = raw
    try:
        rec["rows"] = bench.rows(raw, quick)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        rec.update(status="failed", note=f"could not read the script's JSON: {type(exc).__name__}: {exc}",
                   rows=[])
    return rec


def _tail(text: str, lines: int = 3) -> str:
    tail = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return (": " + " | ".join(tail))[:400] if tail else ""


def _run(argv: list[str], limit: float) -> tuple[str, int | None, str, str]:
    """Run ``argv`` in its own process group; kill the whole group when ``limit`` passes."""
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = proc.communicate()
        return "timeout", None, stdout, stderr
    return ("ok" if proc.returncode == 0 else "failed"), proc.returncode, stdout, stderr


def measure(names: list[str], quick: bool, script_dir: Path, timeout: float | None,
            previous: dict[str, Any] | None) -> dict[str, Any]:
    """Run the named benchmarks; keep the stored records of the others from ``previous``."""
    result: dict[str, Any] = {"schema": SCHEMA, "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                              "command": "python benchmarks/report.py " + " ".join(sys.argv[1:]),
                              "machine": machine_info(), "load_start": _load()}
    t0 = time.perf_counter()
    kept = {b["name"]: b for b in (previous or {}).get("benchmarks", [])}
    records = []
    for bench in BENCHMARKS:
        if bench.name not in names:
            if bench.name in kept:
                records.append(kept[bench.name])
            continue
        print(f"[{time.strftime('%H:%M:%S')}] {bench.name}: {bench.script} ...", flush=True)
        rec = run_bench(bench, quick, script_dir, timeout)
        print(f"    {rec['status']}" + (f" ({rec.get('wall_s')} s wall, {rec.get('cpu_s')} s CPU)"
                                        if "wall_s" in rec else "") + (f": {rec['note']}" if rec.get("note") else ""),
              flush=True)
        records.append(rec)
    result["benchmarks"] = records
    result["load_end"] = _load()
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    modes = {r["mode"] for r in records}
    result["mode"] = modes.pop() if len(modes) == 1 else "mixed"
    return result


# ----------------------------------------------------------------------------- rendering
def fmt_s(x: float | None) -> str:
    """Seconds as text with a unit that fits (us, ms, s)."""
    if x is None:
        return "-"
    if x < 1e-3:
        return f"{x * 1e6:.0f} us"
    if x < 1:
        return f"{x * 1e3:.1f} ms"
    return f"{x:.2f} s"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "-"
    if r >= 100:
        return f"{r:,.0f}x"
    if r < 0.1:
        return f"{r:.2g}x"
    return f"{r:.1f}x" if r >= 10 else f"{r:.2f}x"


def table_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every row of the table, a status row for each benchmark that did not give rows."""
    out = []
    for b in result.get("benchmarks", []):
        if b["rows"]:
            for r in b["rows"]:
                out.append({**r, "benchmark": b["name"]})
        else:
            verdict = {"skipped": "SKIP", "missing peer": "SKIP", "timeout": "TIMEOUT"}.get(b["status"], "ERROR")
            out.append({"work": f"{b['name']} ({b['script']})", "ours_s": None, "peer_s": None, "peer": "-",
                        "ratio": None, "target": "-", "verdict": verdict,
                        "note": f"{b['status']}: {b.get('note', '')}", "benchmark": b["name"]})
    return out


def _cell(text: str) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def render_section(result: dict[str, Any]) -> str:
    """The generated Markdown section (markers included) for one stored result."""
    m = result["machine"]
    v = m["versions"]
    lines = [BEGIN_MARK, "", "## Issue 20 ratios (generated)", ""]
    mode = result.get("mode", "full")
    if mode == "quick":
        lines += ["**Mode: quick** -- a smoke run with small sizes: not the issue's figures. Run "
                  "`python benchmarks/report.py` (full) for those.", ""]
    elif mode != "full":
        lines += [f"**Mode: {mode}** -- the rows come from different runs, full or `--quick` (small sizes); each "
                  "benchmark's mode and date are in the list below the table.", ""]
    lines += [
        f"Measured {result['date']} by `{result['command'].strip()}` on {m['cpu_count']} cores "
        f"({m.get('usable_cpus', m['cpu_count'])} usable{', ' + m['cpu'] if m.get('cpu') else ''}), "
        f"Python {m['python']}, gametheory {v.get('gametheory')} at `{m.get('git', 'unknown')}`; "
        f"numpy {v.get('numpy')}, pygambit {v.get('pygambit')}, quantecon {v.get('quantecon')}, "
        f"numba {v.get('numba')}, python-flint {v.get('python-flint')}. Load average (1, 5, 15 min) "
        f"{_load_text(result.get('load_start'))} at the start and {_load_text(result.get('load_end'))} at the "
        f"end; {result.get('wall_s', '-')} s wall in all.",
        "",
        "Ratio = peer time / our time on the same games in the same run (above 1 we are faster); "
        "each time is measured the way its script does it (the clock is named in the list below the "
        "table); PASS/FAIL against the issue's target where it sets one.",
        "",
        "| work | ours | peer | ratio | target | verdict | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in table_rows(result):
        peer = r["peer"] if r.get("peer_s") is None else f"{r['peer']}: {fmt_s(r['peer_s'])}"
        lines.append(f"| {_cell(r['work'])} | {fmt_s(r['ours_s'])} | {_cell(peer)} | {fmt_ratio(r['ratio'])} | "
                     f"{_cell(r['target'])} | {r['verdict']} | {_cell(r.get('note', ''))} |")
    lines += ["", "Benchmarks run (options, status, time):", ""]
    for b in result.get("benchmarks", []):
        cmd = " ".join(a if a else "''" for a in b.get("argv", [f"python benchmarks/{b['script']}"]))
        extra = ""
        if "wall_s" in b:
            extra = (f", {b['wall_s']} s wall, {b['cpu_s']} s CPU of its processes, load {_load_text(b.get('load_start'))}"
                     f" -> {_load_text(b.get('load_end'))}")
        what = f" ({b['describe']})" if b.get("describe") else ""
        lines.append(f"* `{b['name']}`{what}, {b['mode']}, {b['date']}: `{cmd}` -- {b['status']}{extra}")
    lines += ["", "Regenerate: `python benchmarks/report.py` (measures, writes `benchmarks/results/latest.json`, "
              "rewrites this section); `python benchmarks/report.py --render-only` re-renders it from the stored "
              "JSON. Do not edit this section by hand: `tests/test_benchmark_report.py` checks it is the rendering "
              "of the stored results.", "", END_MARK]
    return "\n".join(lines) + "\n"


def _load_text(load: list[float] | None) -> str:
    return "/".join(f"{x:.2f}" for x in load) if load else "-"


def render_table_text(result: dict[str, Any]) -> str:
    """The table as plain text for the terminal."""
    rows_ = table_rows(result)
    head = ("work", "ours", "peer", "ratio", "target", "verdict")
    cells = [head] + [(r["work"], fmt_s(r["ours_s"]), (r["peer"] if r.get("peer_s") is None
                                                       else f"{r['peer']}: {fmt_s(r['peer_s'])}"),
                       fmt_ratio(r["ratio"]), r["target"], r["verdict"]) for r in rows_]
    width = [max(len(str(c[i])) for c in cells) for i in range(len(head))]
    lines = ["  ".join(str(c[i]).ljust(width[i]) for i in range(len(head))) for c in cells]
    for r in rows_:
        if r.get("note"):
            lines.append(f"  note [{r['work']}]: {r['note']}")
    return "\n".join(lines)


def update_docs(section: str, path: Path) -> None:
    """Replace the generated section of ``path``, or insert it after the page's first heading."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if BEGIN_MARK in text and END_MARK in text:
        start = text.index(BEGIN_MARK)
        end = text.index(END_MARK, start) + len(END_MARK)
        if text[end:end + 1] == "\n":
            end += 1
        text = text[:start] + section + text[end:]
    else:
        lines = text.splitlines(keepends=True)
        at = next((i + 1 for i, ln in enumerate(lines) if ln.startswith("# ")), 0)
        text = "".join(lines[:at]) + "\n" + section + "".join(lines[at:])
    path.write_text(text)


def generated_section(path: Path) -> str | None:
    """The generated section currently in ``path`` (markers included), or None."""
    text = path.read_text()
    if BEGIN_MARK not in text or END_MARK not in text:
        return None
    start = text.index(BEGIN_MARK)
    end = text.index(END_MARK, start) + len(END_MARK)
    return text[start:end] + "\n"


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run of about 2 minutes")
    ap.add_argument("--only", help=f"comma list of benchmarks (default all: {','.join(NAMES)})")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite the generated section of the docs page")
    ap.add_argument("--render-only", action="store_true", help="re-render the docs section from --out; measure nothing")
    ap.add_argument("--out", type=Path, default=RESULTS, help=f"results JSON (default {RESULTS.relative_to(REPO)})")
    ap.add_argument("--docs", type=Path, default=DOCS, help=f"page to update (default {DOCS.relative_to(REPO)})")
    ap.add_argument("--script-dir", type=Path, default=SCRIPT_DIR, help="where the bench_*.py scripts are")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per benchmark (default: each its own)")
    args = ap.parse_args(argv)
    if args.render_only:
        result = json.loads(args.out.read_text())
    else:
        names = NAMES if not args.only else [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(names) - set(NAMES))
        if unknown:
            ap.error(f"unknown benchmarks {unknown}; choose from {NAMES}")
        previous = None
        if args.only and args.out.exists():
            try:
                previous = json.loads(args.out.read_text())
            except ValueError:
                previous = None
        result = measure(names, args.quick, args.script_dir.resolve(), args.timeout, previous)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1, default=str) + "\n")
        print(f"wrote {args.out}")
    print(render_table_text(result))
    if not args.no_docs:
        update_docs(render_section(result), args.docs)
        print(f"updated the generated section of {args.docs}")
    bad = [b["name"] for b in result["benchmarks"] if b["status"] in ("failed", "timeout")]
    if bad:
        print(f"benchmarks that failed or timed out: {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
