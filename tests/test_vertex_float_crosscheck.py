"""Float enummixed by the vertex walk against pygambit's rational enummixed on degenerate games
(ties, duplicated rows and columns), the families where QuantEcon's vertex enumeration misses
equilibria: the float equilibria must be exactly pygambit's, to rounding."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt


def family_game(family: str, n: int, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    """The degenerate benchmark families of benchmarks/bench_two_player.py."""
    rng = np.random.default_rng(seed)
    if family == "ties":
        A, B = rng.integers(0, 3, (n, n)), rng.integers(0, 3, (n, n))
    else:  # dup
        A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
        r0, r1 = rng.choice(n, 2, replace=False)
        c0, c1 = rng.choice(n, 2, replace=False)
        for M in (A, B):
            M[r1, :] = M[r0, :]
            M[:, c1] = M[:, c0]
    return A.tolist(), B.tolist()


def _seed(family: str, n: int, k: int) -> int:
    return {"ties": 523_000, "dup": 723_000}[family] + 1000 * n + k


@pytest.mark.parametrize(("family", "n", "k"), [(f, n, k) for f in ("ties", "dup") for n in (4, 6, 8) for k in range(2)])
def test_float_walk_matches_pygambit_rational(family: str, n: int, k: int) -> None:
    gbt = pytest.importorskip("pygambit")
    A, B = family_game(family, n, _seed(family, n, k))
    res = gt.solve(gt.NormalFormGame.from_bimatrix(A, B), "enummixed", exact=False)
    ours = {tuple(np.round(np.concatenate([np.asarray(p, dtype=float) for p in e.profile]), 9))
            for e in res.equilibria}
    g = gbt.Game.from_arrays(A, B)
    theirs = {  # a set: pygambit may list an equilibrium twice on a degenerate game
        tuple(np.round([float(Fraction(str(eq[s]))) for pl in g.players for s in pl.strategies], 9))
        for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria
    }
    assert len(ours) == len(res.equilibria) and ours == theirs
