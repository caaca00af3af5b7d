"""Cross-check of the fast per-support route against pygambit's enumpoly_solve: every
pygambit equilibrium that verifies (regret <= 1e-6) is one of ours (pygambit runs in
this process; the games are small)."""

from __future__ import annotations

import numpy as np
import pytest
from reference import assert_gambit_nplayer_equilibria_are_ours, import_pygambit

import gametheory as gt
from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 31), ((3, 3, 2), 32), ((2, 2, 2, 2), 33)])
def test_every_verified_pygambit_equilibrium_is_ours(shape: tuple[int, ...], seed: int) -> None:
    import_pygambit()
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 100, size=(*shape, len(shape)))
    game = gt.NormalFormGame(np.array(pay.tolist(), dtype=object))
    _SupportSolver.exclude = "always"
    try:
        ours = gt.solve(game, "enumpoly")
    finally:
        _SupportSolver.exclude = True
    assert ours.complete
    assert assert_gambit_nplayer_equilibria_are_ours(pay, ours) >= 1
