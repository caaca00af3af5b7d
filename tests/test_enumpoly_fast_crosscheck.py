"""Cross-check of the fast per-support route against pygambit's enumpoly_solve: every
pygambit equilibrium that verifies (regret <= 1e-6) is one of ours (pygambit runs in
this process; the games are small)."""

from __future__ import annotations

import numpy as np
import pytest
from reference import import_pygambit

import gametheory as gt
from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 31), ((3, 3, 2), 32), ((2, 2, 2, 2), 33)])
def test_every_verified_pygambit_equilibrium_is_ours(shape: tuple[int, ...], seed: int) -> None:
    gbt = import_pygambit()
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 100, size=(*shape, len(shape)))
    game = gt.NormalFormGame(np.array(pay.tolist(), dtype=object))
    _SupportSolver.exclude = "always"
    try:
        ours = gt.solve(game, "enumpoly")
    finally:
        _SupportSolver.exclude = True
    assert ours.complete
    g = gbt.Game.from_arrays(*[pay[..., i].tolist() for i in range(len(shape))])
    theirs = gbt.nash.enumpoly_solve(g, use_strategic=True).equilibria
    fl = pay.astype(float)
    for eq in theirs:
        prof = [np.array([float(eq[s]) for s in p.strategies]) for p in g.players]
        regret = 0.0
        for i in range(len(shape)):
            T = np.moveaxis(fl[..., i], i, -1)
            for j in range(len(shape)):
                if j != i:
                    T = np.tensordot(prof[j], T, axes=([0], [0]))
            regret = max(regret, float(T.max() - T @ prof[i]))
        if regret > 1e-6:
            continue
        assert any(
            all(np.allclose([float(v) for v in ep], pp, atol=1e-6) for ep, pp in zip(e.profile, prof))
            for e in ours.equilibria
        )
