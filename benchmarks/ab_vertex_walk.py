"""In-process A/B of float enummixed (the vertex walk) against QuantEcon's vertex_enumeration.

Usage: ``python benchmarks/ab_vertex_walk.py [--sizes 10,12] [--reps 5] [--best 7] [--json FILE]``

The games are those of ``bench_two_player.py`` (family ``random``, same seeds). For each game
the two solvers are run alternately in this one process, ``--best`` times each, and the
smallest ``time.process_time()`` of each is kept (CPU time: robust on a loaded machine); the
printed ratio is QuantEcon's total over ours. Needs ``pip install quantecon`` (``bench`` extra).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_two_player import game_seed, make_game  # noqa: E402

import gametheory as gt  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,12")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--best", type=int, default=7)
    parser.add_argument("--json", default=None, help="write one record per size to this file")
    args = parser.parse_args()
    records = []
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    for n in [int(s) for s in args.sizes.split(",")]:
        ours = theirs = 0.0
        how = set()
        found_ours = found_theirs = 0
        for k in range(args.reps):
            A, B = make_game("random", n, game_seed("random", n, k))
            game = gt.NormalFormGame.from_bimatrix(A, B)
            qgame = NormalFormGame((Player(np.array(A, float)), Player(np.array(B, float).T.copy())))
            gt.solve(game, "enummixed", exact=False)  # warm: numba compiled/loaded for both
            vertex_enumeration(qgame)
            best_ours = best_theirs = float("inf")
            for _ in range(args.best):
                t0 = time.process_time()
                res = gt.solve(game, "enummixed", exact=False)
                t1 = time.process_time()
                qres = vertex_enumeration(qgame)
                t2 = time.process_time()
                best_ours, best_theirs = min(best_ours, t1 - t0), min(best_theirs, t2 - t1)
            ours += best_ours
            theirs += best_theirs
            how.add(res.parameters["vertices"])
            found_ours += len(res.equilibria)
            found_theirs += len(qres)
        print(f"n={n}: ours {1e3 * ours / args.reps:.2f} ms, quantecon {1e3 * theirs / args.reps:.2f} ms "
              f"(CPU, best of {args.best}, mean of {args.reps} games): ratio {theirs / ours:.2f}x  [{', '.join(sorted(how))}]; "
              f"equilibria ours {found_ours}, quantecon {found_theirs}")
        records.append({"n": n, "games": args.reps, "best_of": args.best, "ours_s": ours / args.reps,
                        "quantecon_s": theirs / args.reps, "ratio": theirs / ours, "routes": sorted(how),
                        "equilibria_ours": found_ours, "equilibria_quantecon": found_theirs})
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(records, indent=1) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
