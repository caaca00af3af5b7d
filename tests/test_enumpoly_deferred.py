"""Supports the exact path does not settle are deferred and tracked in structure batches
(issue 20, item 2, second round): the predicted-too-large Groebner attempts are skipped,
and the answer is the same as with every attempt made."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from test_enumpoly import assert_verified

from gametheory import NormalFormGame
from gametheory.normal.solvers.enumpoly import enumpoly_solve
from gametheory.normal.solvers.enumpoly.supports import _integer_payoffs
from gametheory.normal.solvers.enumpoly.system import _System
from gametheory.normal.solvers.enumpoly.verify import _Verifier

support_solve = importlib.import_module("gametheory.normal.solvers.enumpoly.support_solve")


def _key(result: object) -> list[tuple[float, ...]]:
    return sorted(tuple(round(float(x), 9) for row in e.profile for x in row) for e in result.equilibria)  # type: ignore[attr-defined]


def _solver(game: NormalFormGame) -> tuple[object, list[np.ndarray]]:
    exact = game.to_exact()
    U = _integer_payoffs(exact)
    solver = support_solve._SupportSolver(exact, U, _Verifier(exact), np.random.default_rng(0), 4000, True)
    solver.exclude = False
    return solver, U


def test_prediction_defers_without_an_attempt_and_predict_false_tries_groebner() -> None:
    game = NormalFormGame(np.random.default_rng(81000).integers(0, 100, (3, 3, 3, 3, 4)))
    solver, U = _solver(game)
    support = ((0, 1), (0, 1), (0, 1, 2), (0, 1, 2))
    system = _System(U, support)
    assert system.n == 6 and support_solve._groebner_predicted_too_large(system, system.bezout(4000))
    out = solver.solve(support, defer=True)  # type: ignore[attr-defined]
    assert out.status == "deferred" and "predicted too large" in out.reason
    # without the prediction the exact path is tried (and here hits the limits: homotopy)
    full = solver.solve(support, predict=False)  # type: ignore[attr-defined]
    assert full.status in ("finite", "unresolved") and "predicted" not in full.reason
    # a small support is never predicted: it is solved on the spot
    small = solver.solve(((0, 1), (0, 1), (0,), (0,)), defer=True)  # type: ignore[attr-defined]
    assert small.status != "deferred"


@pytest.mark.parametrize(("lo", "hi", "seed"), [(0, 99, 5), (0, 2, 6)])
def test_deferred_batches_equal_every_groebner_attempt(lo: int, hi: int, seed: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # 2x2x3x3: the full support has 6 unknowns and Bezout number 29 (predicted too large)
    game = NormalFormGame(np.random.default_rng(seed).integers(lo, hi + 1, (2, 2, 3, 3, 4)))
    fast = enumpoly_solve(game, parallel=False)
    assert_verified(fast)
    with monkeypatch.context() as m:
        m.setattr(support_solve, "PREDICT_MIN_BEZOUT", 10**9)  # every Groebner attempt made
        m.setattr(support_solve, "BATCH_MIN_BEZOUT", 10**9)
        m.setattr(importlib.import_module("gametheory.normal.solvers.enumpoly.driver"), "BATCH_MIN_BEZOUT", 10**9)
        slow = enumpoly_solve(game, parallel=False)
    assert _key(fast) == _key(slow)
    assert fast.complete == slow.complete
    assert fast.parameters["unresolved"] == slow.parameters["unresolved"] or not fast.complete
