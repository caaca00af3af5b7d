"""Benchmark: one equilibrium by Lemke-Howson against QuantEcon's ``lemke_howson``, same run.

Run from the repository root::

    python benchmarks/bench_lemke_howson.py                 # n = 10, 100, 200; 3 games each
    python benchmarks/bench_lemke_howson.py --sizes 10,100 --games 3 --reps 3 --json out.json

Games: for each size ``n``, ``--games`` seeded random ``n x n`` games with float payoffs
uniform in ``[0, 1)`` (``numpy.random.default_rng(seed + k)``), the same arrays for both
libraries, the same dropped label (``--label``, default 0 = QuantEcon's ``init_pivot=0``).
Each call is timed with ``time.process_time`` (CPU seconds of this process; both libraries are
single-threaded here), alternating the libraries call by call so a change of machine load
hits both alike; the median of ``--reps`` calls counts. QuantEcon is JIT-warmed on every game
first. Reported per size: the summed median CPU time of

``ours``       ``lemke_howson_solve(game, label=k)``: the float path (numba-compiled when numba
               is installed, as in the ``bench`` extra; else numpy: the backend is printed),
               its exact certificate, the result record and the engine's regret gate
               (everything a user pays for);
``exact``      the same with ``pivoting="exact"`` (integer pivoting; only with ``--exact``);
``quantecon``  ``quantecon.game_theory.lemke_howson(g, init_pivot=k)``;

the ratio ``quantecon / ours`` (above 1: ours is faster), the path lengths, how many of our
answers were certified from the float path (every one must be: the run fails otherwise), and
whether both libraries found the same equilibrium (within 1e-9). Target (issue 20): ratio >= 1
at n = 100 and 200. Without quantecon installed only our times are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

import numpy as np

from gametheory._kernel.float_pivot import compiled_path
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.lemke_howson import lemke_howson_solve


def timed(f: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """CPU seconds of ``f(*args, **kwargs)`` and its value."""
    t = time.process_time()
    out = f(*args, **kwargs)
    return time.process_time() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,100,200", help="comma-separated n (default 10,100,200)")
    ap.add_argument("--games", type=int, default=3, help="random games per size (default 3)")
    ap.add_argument("--reps", type=int, default=3, help="timed calls per game and library; the median counts")
    ap.add_argument("--label", type=int, default=0, help="dropped label (default 0)")
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--exact", action="store_true", help="also time pivoting='exact' (slow beyond n = 50)")
    ap.add_argument("--json", help="write the rows to this file")
    args = ap.parse_args(argv)
    try:
        import quantecon
        import quantecon.game_theory as qg
    except ImportError:
        qg = None
        print("quantecon is not importable: our times only (pip install quantecon)")
    else:
        print(f"quantecon {quantecon.__version__}, numpy {np.__version__}")
    compiled = compiled_path() is not None
    print(f"our float path: {'numba-compiled loop' if compiled else 'numpy (numba is not importable)'}")
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    all_certified = True
    print(f"{'n':>4} {'games':>5} {'ours ms':>9} {'exact ms':>9} {'quantecon ms':>12} {'ratio':>7} "
          f"{'pivots':>16} {'certified':>9} {'same':>5}")
    for n in sizes:
        ours_t, exact_t, qe_t, pivots, certified, same = [], [], [], [], 0, True
        for k in range(args.games):
            rng = np.random.default_rng(args.seed + 1000 * n + k)
            A, B = rng.random((n, n)), rng.random((n, n))
            game = NormalFormGame.from_bimatrix(A, B)
            qgame = None
            if qg is not None:
                qgame = qg.NormalFormGame((qg.Player(A), qg.Player(B.T)))
                qg.lemke_howson(qgame, init_pivot=args.label)  # JIT warm-up
            lemke_howson_solve(game, label=args.label)  # warm-up (imports)
            mine, theirs = [], []
            res: Any = None
            qres: Any = None
            for _ in range(args.reps):
                t, res = timed(lemke_howson_solve, game, label=args.label)
                mine.append(t)
                if qgame is not None:
                    t, qres = timed(qg.lemke_howson, qgame, init_pivot=args.label)
                    theirs.append(t)
            ours_t.append(statistics.median(mine))
            if theirs:
                qe_t.append(statistics.median(theirs))
            pivots.append(res.parameters["pivots"][0])
            ok = res.parameters["certified_from_float"] == [True]
            certified += ok
            all_certified &= ok
            if qres is not None:
                same &= all(
                    np.allclose(np.asarray(res[0].profile[i], dtype=float), qres[i], atol=1e-9) for i in range(2)
                )
            if args.exact:
                exact_t.append(timed(lemke_howson_solve, game, label=args.label, pivoting="exact")[0])
        o, q = sum(ours_t), sum(qe_t) if qe_t else None
        e = sum(exact_t) if exact_t else None
        ratio = q / o if q is not None and o > 0 else None
        row = {"n": n, "games": args.games, "ours_s": o, "exact_s": e, "quantecon_s": q, "ratio": ratio,
               "pivots": pivots, "certified": certified, "same": same if q is not None else None}
        rows.append(row)
        piv = ",".join(map(str, pivots))
        print(f"{n:>4} {args.games:>5} {o * 1e3:>9.2f} {'-' if e is None else f'{e * 1e3:.1f}':>9} "
              f"{'-' if q is None else f'{q * 1e3:.2f}':>12} {'-' if ratio is None else f'{ratio:.2f}':>7} "
              f"{piv:>16} {certified:>5}/{args.games:<3} {'-' if q is None else ('yes' if same else 'NO'):>5}")
    target = [r for r in rows if r["n"] in (100, 200) and r["ratio"] is not None]
    if target:
        verdict = "MET" if all(r["ratio"] >= 1 for r in target) else "NOT MET"
        print(f"target (ratio >= 1 at n = 100 and 200): {verdict}")
    print(f"every answer certified from the float path: {'yes' if all_certified else 'NO'}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0 if all_certified else 1


if __name__ == "__main__":
    sys.exit(main())
