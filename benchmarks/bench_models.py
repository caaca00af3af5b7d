"""Benchmark: the model suite's speed against the targets of issue 16, measured in one run.

Run from the repository root (in the environment where ``gametheory`` is installed)::

    python benchmarks/bench_models.py               # 3 runs of each command
    python benchmarks/bench_models.py --repeat 5 --json models.json
    python benchmarks/bench_models.py --models shaping,escalation --skip-brief

Per model it measures

* ``cli first``: ``gametheory model NAME`` in a fresh process with an empty cache folder of
  its own (what the first run after installing or editing the code costs: closed forms
  derived and stored, flips searched and stored), the median of ``--repeat`` runs;
* ``cli off``: the same with ``GAMETHEORY_CACHE=off`` (nothing read or written: start-up,
  solve, flip search every time);
* ``cli warm``: the same with the cache on (a private cache folder, filled by one unmeasured
  run first): every later run, the everyday case, which the target is judged on;
* in this process, with the cache off: ``solve``, the exact solve at the defaults without
  flips; ``flips``, the parameter flip search at the defaults; ``scen solve`` and
  ``scen flips``, the solve at each built-in scenario's nominal world state and the world
  flips there (what ``gametheory model NAME --scenario S`` computes), summed over the
  scenarios.

and, when the command has the issue's new options (``--scenario``), the whole
``gametheory brief`` over every built-in scenario: first, off and warm.

Commands are timed as CPU time (user + system) of the child, read from
``resource.getrusage(RUSAGE_CHILDREN)`` before and after, and as wall time; in-process times
are CPU time (``time.process_time``). The targets: ``gametheory model NAME`` under 1 s median
(judged on the CPU time: wall time depends on what else the machine runs; both are shown),
the full brief under 10 s CPU. The table marks each figure PASS or FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The issue's targets in seconds of CPU time.
MODEL_TARGET = 1.0
BRIEF_TARGET = 10.0


def _script() -> str:
    found = shutil.which("gametheory", path=str(Path(sys.executable).parent)) or shutil.which("gametheory")
    if found is None:
        sys.exit("bench_models: the gametheory command is not installed (pip install -e .)")
    return found


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds of the child, wall seconds) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _median_runs(argv: list[str], env: dict[str, str], repeat: int) -> dict[str, float]:
    runs = [_run(argv, env) for _ in range(repeat)]
    return {"cpu": statistics.median(c for c, _ in runs), "wall": statistics.median(w for _, w in runs)}


def _first_runs(argv: list[str], repeat: int) -> dict[str, float]:
    """Median over ``repeat`` runs, each with a new empty cache folder."""
    runs = []
    for _ in range(repeat):
        home = tempfile.mkdtemp(prefix="bench-models-first-")
        try:
            env = {**os.environ, "XDG_CACHE_HOME": home}
            env.pop("GAMETHEORY_CACHE", None)
            runs.append(_run(argv, env))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return {"cpu": statistics.median(c for c, _ in runs), "wall": statistics.median(w for _, w in runs)}


def _in_process(name: str) -> dict[str, float]:
    """Solve and flip times of model ``name`` at its defaults and over the built-in scenarios."""
    from gametheory.modeling.flips import world_flips
    from gametheory.models import get_model, world

    model = get_model(name)
    t0 = time.process_time()
    res = model.solve(flips=False)
    solve = time.process_time() - t0
    t0 = time.process_time()
    model.flip_points(res.values, res.outcome.key)
    flips = time.process_time() - t0
    scen_solve = scen_flips = 0.0
    for s_name in world.scenario_order():
        s = world.load(s_name)
        point = s.point(world.WORLD)
        t0 = time.process_time()
        r = model.solve(flips=False, world=point, scenario=s)
        scen_solve += time.process_time() - t0
        t0 = time.process_time()
        world_flips(model, world.WORLD, point, r.outcome.key, overrides=s.model_settings(model))
        scen_flips += time.process_time() - t0
    return {"solve": solve, "flips": flips, "scen_solve": scen_solve, "scen_flips": scen_flips}


def _brief_available(script: str, env: dict[str, str]) -> bool:
    out = subprocess.run([script, "brief", "--help"], env=env, capture_output=True, text=True)
    return out.returncode == 0 and "--scenario" in out.stdout


def _verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "FAIL"


HEAD = (f"{'model':<20} {'first cpu':>9} {'wall':>6}  {'off cpu':>7} {'wall':>6}  {'warm cpu':>13} {'wall':>6}  "
        f"{'target':>6}  {'solve':>6} {'flips':>6} {'scen solve':>10} {'scen flips':>10}")


def _row(name: str, r: dict[str, Any]) -> str:
    ip = (f"{r['solve']:>6.2f} {r['flips']:>6.2f} {r['scen_solve']:>10.2f} {r['scen_flips']:>10.2f}"
          if "solve" in r else "")
    return (f"{name:<20} {r['first']['cpu']:>9.2f} {r['first']['wall']:>6.2f}  {r['off']['cpu']:>7.2f} "
            f"{r['off']['wall']:>6.2f}  {r['warm']['cpu']:>8.2f} {_verdict(r['warm']['cpu'], MODEL_TARGET):>4} "
            f"{r['warm']['wall']:>6.2f}  {'< 1 s':>6}  {ip}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command (the median is shown)")
    ap.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    ap.add_argument("--models", help="comma list of models (default: every model of the suite)")
    ap.add_argument("--skip-brief", action="store_true", help="do not time gametheory brief")
    ap.add_argument("--skip-in-process", action="store_true", help="do not time the in-process solves")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    from gametheory.models import MODELS

    names = args.models.split(",") if args.models else sorted(MODELS)
    script = _script()
    cache_home = tempfile.mkdtemp(prefix="bench-models-cache-")
    cold_env = {**os.environ, "GAMETHEORY_CACHE": "off"}
    warm_env = {**os.environ, "XDG_CACHE_HOME": cache_home}
    warm_env.pop("GAMETHEORY_CACHE", None)
    os.environ["GAMETHEORY_CACHE"] = "off"  # the in-process figures are searches, not cache reads

    rows: dict[str, dict[str, Any]] = {}
    print(HEAD)
    print("-" * len(HEAD), flush=True)
    try:
        for name in names:
            argv_ = [script, "model", name]
            row: dict[str, Any] = {"first": _first_runs(argv_, args.repeat),
                                   "off": _median_runs(argv_, cold_env, args.repeat)}
            _run(argv_, warm_env)  # fills the cache
            row["warm"] = _median_runs(argv_, warm_env, args.repeat)
            if not args.skip_in_process:
                row.update(_in_process(name))
            rows[name] = row
            print(_row(name, row), flush=True)
        brief: dict[str, Any] | None = None
        note = ""
        if args.skip_brief:
            note = "brief skipped (--skip-brief)"
        elif not _brief_available(script, cold_env):
            note = "brief skipped: this gametheory brief has no --scenario option (the issue's new brief)"
        else:
            argv_ = [script, "brief", "--format", "json"]
            brief = {"first": _first_runs(argv_, args.repeat), "off": _median_runs(argv_, cold_env, args.repeat)}
            _run(argv_, warm_env)
            brief["warm"] = _median_runs(argv_, warm_env, args.repeat)
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)

    print(f"(seconds; cli: median of {args.repeat} runs, CPU = user + sys of the child; first: empty cache, "
          f"off: GAMETHEORY_CACHE=off, warm: cache filled; target: `gametheory model NAME` under "
          f"{MODEL_TARGET:g} s, judged warm; solve/flips in-process CPU, cache off, at the defaults; scen: summed "
          "over the built-in scenarios)")
    if brief is not None:
        print(f"brief (all scenarios): first {brief['first']['cpu']:.2f} s CPU ({brief['first']['wall']:.2f} s "
              f"wall), off {brief['off']['cpu']:.2f} s CPU {_verdict(brief['off']['cpu'], BRIEF_TARGET)} "
              f"({brief['off']['wall']:.2f} s wall), warm {brief['warm']['cpu']:.2f} s CPU "
              f"{_verdict(brief['warm']['cpu'], BRIEF_TARGET)} ({brief['warm']['wall']:.2f} s wall); "
              f"target under {BRIEF_TARGET:g} s CPU")
    else:
        print(note)
    if args.json:
        Path(args.json).write_text(json.dumps({"repeat": args.repeat, "models": rows, "brief": brief,
                                               "note": note, "load": os.getloadavg()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
