"""Benchmark: start-up cost of the command line and the package, measured in one run.

Run from the repository root (in the environment where ``gametheory`` is installed)::

    python benchmarks/bench_startup.py              # 15 runs of each
    python benchmarks/bench_startup.py --runs 5 --json startup.json

Each workload runs ``--runs`` times, each time in a fresh process; its cost is the CPU time
(user + system) the child took, read from ``resource.getrusage(RUSAGE_CHILDREN)`` before
and after, and the median over the runs is reported (CPU time, not wall time: it does not
depend on what else the machine is doing, as long as the page cache is warm; one unmeasured
run of each warms it).

Workloads (``WORKLOADS``):

``floor``            ``python -c "import click"``: the interpreter plus click, the least any
                     click command line can cost (the peer, measured in the same run)
``import``           ``python -c "import gametheory"``
``help``             ``gametheory --help`` (target: under 0.3 s CPU; loads no numpy, scipy,
                     sympy or matplotlib: ``tests/test_startup.py`` checks that)
``methods``          ``gametheory methods`` (loads the solver registry)

The table shows each median, and its ratio and difference to the floor.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

#: name -> command line (the script is found next to this interpreter, else on PATH).
WORKLOADS: dict[str, list[str]] = {
    "floor": [sys.executable, "-c", "import click"],
    "import": [sys.executable, "-c", "import gametheory"],
    "help": ["gametheory", "--help"],
    "methods": ["gametheory", "methods"],
}


def _script(argv: list[str]) -> list[str]:
    if argv[0] != "gametheory":
        return argv
    found = shutil.which("gametheory", path=str(Path(sys.executable).parent)) or shutil.which("gametheory")
    if found is None:
        raise SystemExit("bench_startup: the gametheory script is not installed (pip install -e .)")
    return [found, *argv[1:]]


def cpu_seconds(argv: list[str]) -> float:
    """CPU seconds (user + system) of one run of ``argv`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Median and spread of each workload's CPU time over ``runs`` fresh processes."""
    out: dict[str, dict[str, float]] = {}
    for name, argv in WORKLOADS.items():
        argv = _script(argv)
        cpu_seconds(argv)  # warm the page cache
        times = sorted(cpu_seconds(argv) for _ in range(runs))
        out[name] = {"median": statistics.median(times), "min": times[0], "max": times[-1], "runs": runs}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per workload (default 15)")
    parser.add_argument("--json", metavar="FILE", help="also write the measurements to FILE")
    args = parser.parse_args()
    results = measure(max(1, args.runs))
    floor = results["floor"]["median"]
    print(f"CPU time (user + sys) per fresh process, median of {args.runs} runs")
    print(f"{'workload':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'x floor':>8} {'- floor s':>10}")
    for name, r in results.items():
        print(f"{name:<10} {r['median']:9.3f} {r['min']:7.3f} {r['max']:7.3f} "
              f"{r['median'] / floor:8.2f} {r['median'] - floor:10.3f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"python": sys.version.split()[0], "results": results}, fh, indent=2)


if __name__ == "__main__":
    main()
