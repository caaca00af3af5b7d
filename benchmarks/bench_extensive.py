"""Benchmark: extensive-form solvers against pygambit, measured in one run.

Run from the repository root::

    python benchmarks/bench_extensive.py --quick      # smoke run, under a minute
    python benchmarks/bench_extensive.py              # full run (10^6-node trees; several minutes)
    python benchmarks/bench_extensive.py --solvers ours_bi,gambit_lcp --sizes 30,100 --json out.json

Workloads (``WORKLOADS``): random game trees with about ``size`` nodes, grown breadth first
(2 or 3 actions per node, 75% of the nodes of a level get children) from
``numpy.random.default_rng(seed)`` with the seed printed; payoffs uniform in [0, 1) (full
double precision, so ties are unlikely and there is one SPE).

``pi``          perfect information, two players, float payoffs (generic: one SPE)
``pi-zerosum``  the same trees with player 2's payoff replaced by minus player 1's

Solvers (``SOLVERS``: name -> workload, largest size tried, function). Every call runs in a
fresh (spawned) worker process that is killed after ``--timeout`` seconds; the solver runs
once on a 20-node tree first, so import time is not measured:

``ours_bi``         ``backward_induction(game)``: every pure SPE, each verified (strategic
                    regret, agent regret, one-shot regret at every node)
``ours_values``     ``backward_induction_values(game)``: the induction alone (values at every
                    node), no verification
``gambit_lcp``      ``pygambit.nash.lcp_solve(g, rational=False)`` on the tree (its time grows
                    steeply with the tree on these games, so small sizes only)
``gambit_lp``       ``pygambit.nash.lp_solve(g, rational=False)`` on the zero-sum tree (sequence-form LP)

pygambit's answers are checked with our regret functions (``max_regret`` of the whole game
and ``subgame_regret``): pygambit's own ``max_regret()`` on a tree enumerates pure
strategies, which takes minutes from about 60 nodes on.

Times are for the solver call only; building the games is timed separately (``build``):
ours from preorder records (:class:`gametheory.extensive.game.TreeRecords`), pygambit by
reading the ``.efg`` text our writer produces. Ratios are pygambit time / our time on the
same tree in the same run. To add a solver (e.g. a sequence-form method), add a function
``solve_<name>(size, seed) -> dict`` and an entry in ``SOLVERS``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


# ----------------------------------------------------------------------------- workloads
def random_tree(size: int, seed: int, *, zerosum: bool = False, players: int = 2) -> Any:
    """A random perfect-information tree with about ``size`` nodes (preorder records)."""
    import numpy as np

    from gametheory.extensive.game import DECISION, TERMINAL, ExtensiveGame, TreeRecords

    rng = np.random.default_rng(seed)
    nch = [0]
    level = [0]
    count, depth = 1, 0
    while level and count < size:
        nxt = []
        for v in level:
            if count >= size:
                break
            if depth < 3 or rng.random() < 0.75:
                b = 3 if rng.random() < 0.4 else 2
                nch[v] = b
                for _ in range(b):
                    nch.append(0)
                    nxt.append(len(nch) - 1)
                count += b
        level = nxt
        depth += 1
    children: list[list[int]] = [[] for _ in nch]
    order, k, qi = [0], 1, 0
    while qi < len(order):
        v = order[qi]
        qi += 1
        for _ in range(nch[v]):
            children[v].append(k)
            order.append(k)
            k += 1
    rec = TreeRecords(players=tuple(f"P{i + 1}" for i in range(players)))
    pays = rng.random((len(nch), players))
    stack = [0]
    while stack:
        v = stack.pop()
        b = nch[v]
        if b:
            rec.add(DECISION, player=int(rng.integers(players)), actions=tuple(f"a{j}" for j in range(b)))
            stack.extend(reversed(children[v]))
        else:
            row = [float(x) for x in pays[v]]
            if zerosum:
                row = [row[0], -row[0]]
            rec.add(TERMINAL, outcome=rec.add_outcome(tuple(row)))
    return ExtensiveGame.from_records(rec, exact=False, title=f"random PI tree {size} seed {seed}")


WORKLOADS: dict[str, Callable[[int, int], Any]] = {
    "pi": lambda size, seed: random_tree(size, seed),
    "pi-zerosum": lambda size, seed: random_tree(size, seed, zerosum=True),
}


def gambit_game(game: Any) -> Any:
    import pygambit as gbt

    from gametheory.io.efg import dumps_efg

    with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as fh:
        fh.write(dumps_efg(game))
        path = fh.name
    try:
        return gbt.read_efg(path)
    finally:
        os.unlink(path)


# ----------------------------------------------------------------------------- solvers
def solve_ours_bi(game: Any) -> dict[str, Any]:
    from gametheory.extensive.solvers.backward import backward_induction

    t0 = time.perf_counter()
    res = backward_induction(game)
    elapsed = time.perf_counter() - t0
    tol = game.tolerance()
    verified = sum(1 for e in res if e.max_regret <= tol and e.subgame_regret <= tol)
    return {"time": elapsed, "found": len(res), "verified": verified, "value": float(res[0].payoffs[0])}


def solve_ours_values(game: Any) -> dict[str, Any]:
    from gametheory.extensive.solvers.backward import backward_induction_values

    t0 = time.perf_counter()
    vals = backward_induction_values(game)
    elapsed = time.perf_counter() - t0
    return {"time": elapsed, "found": 1, "verified": None, "value": float(vals[0][0])}


def _gambit_result(game: Any, g: Any, res: Any, elapsed: float) -> dict[str, Any]:
    """Verify pygambit's profiles with our regret computations (pygambit's own
    ``max_regret()`` on a tree goes through all pure strategies: exponential here)."""
    import numpy as np

    from gametheory.extensive.solvers.subgames import subgame_regret

    tol = game.tolerance(1e-6)
    dec_ours = np.flatnonzero(game.node_kind == 1).tolist()
    dec_theirs = [n for n in g.nodes if not n.is_terminal and not n.player.is_chance]
    eqs = list(res.equilibria)
    verified = 0
    spe = 0
    value = None
    for eq in eqs:
        behavior = {}
        for ours, node in zip(dec_ours, dec_theirs):
            h = int(game.node_infoset[ours])
            probs = [max(0.0, float(eq[a])) for a in node.infoset.actions]
            total = sum(probs)
            # sequence-form answers leave unreached infosets unnormalised: normalise them
            # (uniform where everything is 0)
            probs = [x / total for x in probs] if total > 0 else [1.0 / len(probs)] * len(probs)
            behavior[game.infoset_names[h]] = probs
        prof = game.behavior_profile(behavior)
        if float(game.max_regret(prof)) <= tol:
            verified += 1
        if float(subgame_regret(game, prof)) <= tol:
            spe += 1
        if value is None:
            value = float(game.expected_payoffs(prof)[0])
    return {"time": elapsed, "found": len(eqs), "verified": verified, "subgame_perfect": spe, "value": value}


def solve_gambit_lcp(game: Any) -> dict[str, Any]:
    import pygambit as gbt

    g = gambit_game(game)
    t0 = time.perf_counter()
    res = gbt.nash.lcp_solve(g, rational=False)
    return _gambit_result(game, g, res, time.perf_counter() - t0)


def solve_gambit_lp(game: Any) -> dict[str, Any]:
    import pygambit as gbt

    g = gambit_game(game)
    t0 = time.perf_counter()
    res = gbt.nash.lp_solve(g, rational=False)
    return _gambit_result(game, g, res, time.perf_counter() - t0)


@dataclass(frozen=True)
class Solver:
    label: str
    workload: str
    max_size: int
    func: Callable[[Any], dict[str, Any]]
    ours: bool


SOLVERS: dict[str, Solver] = {
    "ours_bi": Solver("ours backward_induction", "pi", 10**6, solve_ours_bi, True),
    "ours_values": Solver("ours induction only", "pi", 10**6, solve_ours_values, True),
    "gambit_lcp": Solver("gambit lcp (tree)", "pi", 300, solve_gambit_lcp, False),
    "ours_bi_zs": Solver("ours backward_induction", "pi-zerosum", 10**6, solve_ours_bi, True),
    "gambit_lp": Solver("gambit lp (tree, zero-sum)", "pi-zerosum", 10**4, solve_gambit_lp, False),
}

#: our solver that a peer is compared against (ratio = peer time / ours)
BASELINE = {"pi": "ours_bi", "pi-zerosum": "ours_bi_zs"}

FULL_SIZES = [30, 60, 100, 300, 1000, 3000, 10**4, 10**5, 10**6]
QUICK_SIZES = [30, 60, 300, 10**4]


# ----------------------------------------------------------------------------- running
def _worker(name: str, size: int, seed: int, queue: Any) -> None:
    try:
        solver = SOLVERS[name]
        solver.func(WORKLOADS[solver.workload](20, 0))  # warm up: lazy imports are not timed
        t0 = time.perf_counter()
        game = WORKLOADS[solver.workload](size, seed)
        build = time.perf_counter() - t0
        out = solver.func(game)
        out["build"] = build
        out["nodes"] = game.num_nodes
        queue.put(out)
    except Exception as exc:  # reported, not raised: one failing solver must not stop the run
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def run_one(name: str, size: int, seed: int, timeout: float) -> dict[str, Any]:
    # spawn, not fork: pygambit calls in a forked child of a process that has used pygambit
    # can hang
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(name, size, seed, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return {"timeout": timeout}
    return queue.get() if not queue.empty() else {"error": f"worker exited with {proc.exitcode}"}


def gambit_build_time(size: int, seed: int) -> float | None:
    """Seconds pygambit takes to read the .efg text of a tree of this size."""
    try:
        import pygambit as gbt
    except ImportError:
        return None
    from gametheory.io.efg import dumps_efg

    game = random_tree(size, seed)
    with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as fh:
        fh.write(dumps_efg(game))
        path = fh.name
    try:
        t0 = time.perf_counter()
        gbt.read_efg(path)
        return time.perf_counter() - t0
    finally:
        os.unlink(path)


def fmt_time(x: float | None) -> str:
    if x is None:
        return "-"
    if x < 1e-3:
        return f"{x * 1e6:.0f} us"
    if x < 1:
        return f"{x * 1e3:.1f} ms"
    return f"{x:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (smoke run)")
    ap.add_argument("--sizes", help="comma-separated tree sizes (nodes), overrides the defaults")
    ap.add_argument("--solvers", help=f"comma-separated solver names (default: all of {', '.join(SOLVERS)})")
    ap.add_argument("--seed", type=int, default=2024, help="seed of the random trees")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per solver call")
    ap.add_argument("--json", help="write the measurements to this file")
    args = ap.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    names = args.solvers.split(",") if args.solvers else list(SOLVERS)
    for n in names:
        if n not in SOLVERS:
            ap.error(f"unknown solver {n!r}; solvers: {', '.join(SOLVERS)}")
    try:
        import pygambit

        gversion = pygambit.__version__
    except ImportError:
        gversion = "not installed"
        names = [n for n in names if SOLVERS[n].ours]
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpu(s); pygambit {gversion}")
    print(f"seed {args.seed}; timeout {args.timeout:g} s per call; sizes {sizes}")
    rows: list[dict[str, Any]] = []
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for size in sizes:
        for name in names:
            solver = SOLVERS[name]
            if size > solver.max_size:
                continue
            out = run_one(name, size, args.seed, args.timeout)
            results[(name, size)] = out
            row = {"solver": name, "label": solver.label, "workload": solver.workload, "size": size, **out}
            rows.append(row)
            print(_line(row), flush=True)
        if not args.quick or size <= 10**4:
            gb = gambit_build_time(size, args.seed) if size <= 10**5 and gversion != "not installed" else None
            if gb is not None:
                rows.append({"solver": "gambit_read_efg", "size": size, "time": gb})
                print(f"  {'gambit read_efg (build)':28s} {size:>9,} nodes  {fmt_time(gb):>10s}  "
                      f"{gb / size * 1e6:.2f} us/node", flush=True)
    print("\nratios (pygambit time / ours on the same tree, same run):")
    for (name, size), out in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        solver = SOLVERS[name]
        if solver.ours or "time" not in out:
            continue
        base = results.get((BASELINE[solver.workload], size), {})
        if "time" in base:
            agree = ""
            if out.get("value") is not None and base.get("value") is not None:
                same = abs(out["value"] - base["value"]) <= 1e-6 * max(1.0, abs(base["value"]))
                agree = "same value" if same else f"value {out['value']:.6g} vs ours {base['value']:.6g}"
            print(f"  {solver.label:28s} {size:>9,} nodes  x{out['time'] / base['time']:8.1f}  {agree}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"seed": args.seed, "pygambit": gversion, "rows": rows}, fh, indent=1, default=str)
    return 0


def _line(row: dict[str, Any]) -> str:
    head = f"  {row['label']:28s} {row['size']:>9,} nodes"
    if "timeout" in row:
        return f"{head}  timeout after {row['timeout']:g} s"
    if "error" in row:
        return f"{head}  error: {row['error'][:100]}"
    per = row["time"] / max(1, row["nodes"]) * 1e6
    ver = "" if row.get("verified") is None else f", {row['verified']}/{row['found']} verified"
    if row.get("subgame_perfect") is not None:
        ver += f", {row['subgame_perfect']} subgame perfect"
    return (f"{head}  {fmt_time(row['time']):>10s}  {per:8.2f} us/node  (build {fmt_time(row['build'])}"
            f"{ver})")


if __name__ == "__main__":
    raise SystemExit(main())
