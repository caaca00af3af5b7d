"""Benchmark: sequence-form solvers on the Gambit corpus, against pygambit in the same run.

Run from the repository root::

    python benchmarks/bench_sequence_form.py              # every two-player corpus game, ~1 minute
    python benchmarks/bench_sequence_form.py --quick      # one repetition each
    python benchmarks/bench_sequence_form.py --reps 7 --timeout 30 --json out.json

Games: every ``.efg`` file under ``../shared/games/gambit`` with two players and perfect
recall. Zero-sum (constant-sum) games are solved with ``sequence_form_lp`` and compared with
``pygambit.nash.lp_solve(g, rational=True)``; the others with ``sequence_form_lemke`` and
``pygambit.nash.lcp_solve(g, rational=True)`` (both on the tree, not the normal form).
Both are exact.

Timing: each solver call is timed alone with ``time.perf_counter`` (reading the file and
converting answers are outside), the median of ``--reps`` calls after one untimed warm-up
call. pygambit runs in a child process with a time limit (``--timeout``) and a memory cap,
because ``lp_solve`` exhausts memory on some games (tic-tac-toe); a game it cannot read
(its parser rejects repeated node or information-set labels) or finish is counted as such.

Verification (all exact): our equilibrium has regret 0 by our ``max_regret`` and by
pygambit's ``MixedBehaviorProfile.max_regret``; every pygambit equilibrium has regret 0 by
our ``max_regret``; on zero-sum games the two values agree. Ratios are pygambit time / our
time per game; the summary gives their median and geometric mean over the games both
finished.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import platform
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gametheory as gt  # noqa: E402
from gametheory.extensive import ExtensiveGame  # noqa: E402
from gametheory.extensive.sequences import sequence_form  # noqa: E402
from gametheory.extensive.solvers.sequence_lemke import sequence_form_lemke  # noqa: E402
from gametheory.extensive.solvers.sequence_lp import sequence_form_lp  # noqa: E402

CORPUS = ROOT.parent / "shared" / "games" / "gambit"


def two_player_games() -> list[tuple[Path, ExtensiveGame]]:
    out = []
    for path in sorted(CORPUS.rglob("*.efg")):
        try:
            g = gt.read_game(path)
        except gt.GameError:
            continue
        if isinstance(g, ExtensiveGame) and g.num_players == 2 and g.has_perfect_recall():
            out.append((path, g))
    return out


def _median_time(fn: Any, reps: int) -> tuple[float, Any]:
    result = fn()  # warm-up (imports, caches)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


# ----------------------------------------------------------------------------- pygambit child
def _gambit_worker(path: str, zero_sum: bool, reps: int, ours: list[list[str]], queue: Any) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    except Exception:  # pragma: no cover - platform dependent
        pass
    try:
        import pygambit as gbt

        try:
            g = gbt.read_efg(path)
        except Exception as exc:
            queue.put({"status": "unreadable", "error": str(exc)})
            return
        solve = gbt.nash.lp_solve if zero_sum else gbt.nash.lcp_solve
        seconds, res = _median_time(lambda: solve(g, rational=True), reps)
        infosets = _infoset_order(g)
        eqs = []
        for e in res.equilibria:
            eqs.append([[str(e[a]) for a in info.actions] for info in infosets])
        value = str(res.equilibria[0].payoff(list(g.players)[0])) if (zero_sum and res.equilibria) else None
        queue.put({"status": "ok", "seconds": seconds, "equilibria": eqs, "value": value})
        # pygambit's regret of our equilibrium (may be slow on large trees: the parent waits
        # for it under the same time limit)
        prof = g.mixed_behavior_profile(rational=True)
        for info, row in zip(infosets, ours):
            for act, v in zip(info.actions, row):
                q = Fraction(v)
                prof[act] = gbt.Rational(q.numerator, q.denominator)
        queue.put({"regret_of_ours": str(prof.max_regret())})
    except MemoryError:
        queue.put({"status": "out of memory"})
    except Exception as exc:  # pragma: no cover - reported, not fatal
        queue.put({"status": "error", "error": f"{type(exc).__name__}: {exc}"})


def _infoset_order(gg: Any) -> list[Any]:
    """pygambit's information sets in order of their first node in preorder (our numbering)."""
    seen: list[Any] = []
    for n in gg.nodes:
        if n.is_terminal or n.player.is_chance:
            continue
        if all(n.infoset != s for s in seen):
            seen.append(n.infoset)
    return seen


def run_gambit(path: Path, zero_sum: bool, reps: int, ours: list[list[str]], timeout: float) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_worker, args=(str(path), zero_sum, reps, ours, queue))
    proc.start()
    deadline = time.monotonic() + timeout
    try:
        out = queue.get(timeout=timeout)
        if out.get("status") == "ok":
            try:
                out.update(queue.get(timeout=max(0.1, deadline - time.monotonic())))
            except Exception:
                out["regret_of_ours"] = None
    except Exception:
        out = {"status": f"over {timeout:g} s"}
    proc.join(timeout=5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if out.get("status") == "ok" or proc.exitcode in (0, None):
        return out
    return out if out.get("status") != "ok" else {"status": "crashed"}


def _ours_from_gambit(g: ExtensiveGame, rows: list[list[str]]) -> dict[str, dict[str, Fraction]]:
    """pygambit leaves unreached information sets at 0 (and may not normalise them)."""
    out = {}
    for h, row in enumerate(rows):
        vals = [Fraction(v) for v in row]
        tot = sum(vals)
        acts = g.infoset_actions[h]
        vals = [Fraction(1, len(vals))] * len(vals) if tot == 0 else [v / tot for v in vals]
        out[g.infoset_names[h]] = dict(zip(acts, vals))
    return out


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed calls per solver and game (median)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds allowed to pygambit per game")
    ap.add_argument("--quick", action="store_true", help="one timed call each")
    ap.add_argument("--json", type=Path, help="write the per-game results here")
    ap.add_argument("--only", default="", help="only games whose path contains this text")
    args = ap.parse_args(argv)
    reps = 1 if args.quick else args.reps
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    games = [(p, g) for p, g in two_player_games() if args.only in str(p)]
    print(f"# sequence form vs pygambit {_gambit_version()} on {len(games)} two-player corpus games")
    print(f"# python {platform.python_version()}, {platform.machine()}, reps={reps}, timeout={args.timeout:g}s")
    print(f"{'game':58s} {'method':5s} {'seqs':>9s} {'ours ms':>9s} {'gambit ms':>10s} {'ratio':>7s}  verified")
    rows = []
    for path, g in games:
        name = str(path.relative_to(CORPUS))
        zero_sum = sequence_form(g).is_zero_sum()
        solver = sequence_form_lp if zero_sum else sequence_form_lemke
        ours_s, res = _median_time(lambda solver=solver, g=g: solver(g), reps)
        eq = res.equilibria[0]
        ours_ok = eq.max_regret == 0
        beh_rows = [[str(p) for p in eq.behavior[h].values()] for h in g.infosets()]
        ref = run_gambit(path, zero_sum, reps, beh_rows, args.timeout)
        checks = {"ours regret 0": ours_ok}
        if ref.get("status") == "ok":
            if ref.get("regret_of_ours") is not None:
                checks["gambit regret(ours) 0"] = Fraction(ref["regret_of_ours"]) == 0
            checks["ours regret(gambit) 0"] = all(
                g.max_regret(_ours_from_gambit(g, e)) == 0 for e in ref["equilibria"]
            ) and bool(ref["equilibria"])
            if zero_sum:
                checks["values agree"] = Fraction(ref["value"]) == res.parameters["value"]
            gambit_ms = f"{ref['seconds'] * 1e3:10.2f}"
            ratio = ref["seconds"] / ours_s
            ratio_s = f"{ratio:7.2f}"
        else:
            gambit_ms = f"{ref['status'][:10]:>10s}"
            ratio = None
            ratio_s = f"{'-':>7s}"
        ok = all(checks.values())
        seqs = "x".join(str(n) for n in g.num_sequences)
        print(f"{name[:58]:58s} {'LP' if zero_sum else 'LCP':5s} {seqs:>9s} {ours_s * 1e3:9.2f} {gambit_ms} {ratio_s}  "
              f"{'yes' if ok else 'NO: ' + ', '.join(k for k, v in checks.items() if not v)}")
        rows.append({
            "game": name, "method": "lp" if zero_sum else "lemke", "sequences": list(g.num_sequences),
            "ours_seconds": ours_s, "gambit_status": ref.get("status"), "gambit_seconds": ref.get("seconds"),
            "ratio": ratio, "checks": checks,
        })
    both = [r for r in rows if r["ratio"] is not None]
    print()
    for method in ("lp", "lemke"):
        sub = [r for r in both if r["method"] == method]
        if not sub:
            continue
        ratios = [r["ratio"] for r in sub]
        gmean = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
        print(f"{method:6s}: {len(sub)} games timed by both; total ours {sum(r['ours_seconds'] for r in sub):.3f} s, "
              f"pygambit {sum(r['gambit_seconds'] for r in sub):.3f} s; ratio pygambit/ours median "
              f"{statistics.median(ratios):.2f}, geometric mean {gmean:.2f}")
    verified = sum(all(r["checks"].values()) for r in rows)
    cross = sum(1 for r in rows if len(r["checks"]) > 1 and all(r["checks"].values()))
    print(f"verified: {verified}/{len(rows)} (ours exact regret 0); cross-checked with pygambit both ways: "
          f"{cross}/{len(rows)}; pygambit did not answer on {len(rows) - len(both)}: "
          + ", ".join(f"{Path(r['game']).name} ({r['gambit_status']})" for r in rows if r["ratio"] is None))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))
    return 0 if verified == len(rows) else 1


def _gambit_version() -> str:
    try:
        import pygambit

        return str(pygambit.__version__)
    except Exception:  # pragma: no cover
        return "(missing)"


if __name__ == "__main__":
    raise SystemExit(main())
