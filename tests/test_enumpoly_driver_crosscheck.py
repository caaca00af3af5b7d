"""``solve(method="auto")`` on a 4x4x4 game: every equilibrium, complete, and every
equilibrium pygambit's enumpoly finds is among ours (a cross-check: marked ``crosscheck``
by tests/conftest.py, which the full suite and CI run). About 25 s of CPU."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import gametheory as gt


def test_auto_finds_all_equilibria_at_4x4x4() -> None:
    import pygambit as gbt

    rng = np.random.default_rng(1000 * 64)  # the benchmark's first 4x4x4 game
    payoffs = rng.integers(0, 100, (4, 4, 4, 3))
    g = gt.NormalFormGame(payoffs.astype(object))
    r = gt.solve(g)
    assert r.method == "enumpoly" and r.complete
    assert not any("auto" in d for d in r.diagnostics)
    for k, e in enumerate(r.equilibria):
        if isinstance(e.max_regret, Fraction):  # rational: exact regret 0
            assert e.max_regret == 0
        else:  # irrational: shown as floats, verified at 60 digits
            assert float(r.parameters["hp_regret"][k]) < 1e-30
    gg = gbt.Game.from_arrays(*[payoffs[..., i].tolist() for i in range(3)])
    theirs = gbt.nash.enumpoly_solve(gg, use_strategic=True).equilibria
    ours = [np.concatenate([np.asarray(row, float) for row in e.profile]) for e in r.equilibria]
    for eq in theirs:
        flat = np.array([float(eq[s]) for p in gg.players for s in p.strategies])
        assert any(np.max(np.abs(flat - o)) < 1e-6 for o in ours)
    assert len(ours) >= len(theirs)
