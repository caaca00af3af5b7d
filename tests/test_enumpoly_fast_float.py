"""The per-support solve's floating-point stages agree with the exact / mpmath reference.

Newton polishing runs in python-flint balls instead of mpmath
(:func:`~gametheory.normal.solvers.enumpoly.precision._newton_mp`); it must land on the
same roots, with the same regularity verdict, as the mpmath version kept as
``_newton_mp_reference``; and whole solves must give the same equilibria as before.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

import gametheory as gt
from gametheory.normal.solvers.enumpoly.groebner import _Algebra, _eigen_points, _quotient
from gametheory.normal.solvers.enumpoly.precision import _newton_mp, _newton_mp_reference
from gametheory.normal.solvers.enumpoly.system import _System


def _game(shape: tuple[int, ...], seed: int, high: int = 100) -> gt.NormalFormGame:
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, high, size=(*shape, len(shape)))
    return gt.NormalFormGame(np.array(pay.tolist(), dtype=object))


def _supports(shape: tuple[int, ...]) -> list[tuple[tuple[int, ...], ...]]:
    import itertools

    def subsets(n: int) -> list[tuple[int, ...]]:
        return [s for k in range(1, n + 1) for s in itertools.combinations(range(n), k)]

    return list(itertools.product(*[subsets(n) for n in shape]))


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 1), ((3, 3, 3), 3000), ((2, 2, 2, 2), 4)])
def test_newton_agrees_with_mpmath_reference(shape: tuple[int, ...], seed: int) -> None:
    game = _game(shape, seed)
    U = [np.array([[int(v) for v in np.ravel(game.payoffs[..., i])]], dtype=object).reshape(shape)
         for i in range(len(shape))]
    rng = np.random.default_rng(0)
    checked = 0
    for support in _supports(shape):
        system = _System(U, support)
        if system.n == 0 or system.n > 4:
            continue
        algebra = _Algebra(system)
        G = algebra.groebner()
        if not G:
            continue
        Q = _quotient(G, system.n, algebra.qctx)
        if Q is None or not Q.basis:
            continue
        for z in _eigen_points(Q, rng):
            x_new, ok_new = _newton_mp(system, list(z))
            x_ref, ok_ref = _newton_mp_reference(system, list(z))
            assert ok_new == ok_ref
            if ok_ref:
                assert max(abs(a - b) for a, b in zip(x_new, x_ref)) < mpmath.mpf(10) ** -50
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 11), ((3, 3, 3), 3000), ((2, 2, 2, 2), 7), ((2, 2, 2), 5)])
def test_equilibria_exactly_verified(shape: tuple[int, ...], seed: int) -> None:
    game = _game(shape, seed)
    res = gt.solve(game, "enumpoly")
    assert res.complete
    assert res.equilibria
    for eq in res.equilibria:
        if isinstance(eq.max_regret, Fraction):
            assert eq.max_regret == 0


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 3), ((3, 3, 3), 3000), ((2, 2, 2, 2), 8), ((3, 3, 2), 21)])
def test_subdivision_certificate_is_sound(shape: tuple[int, ...], seed: int) -> None:
    """Whenever the subdivision certificate says a support has no root in the simplices,
    the exact path (Groebner bases) finds no equilibrium with that support."""
    from gametheory.normal.solvers.enumpoly.exclude import no_root_in_simplices
    from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver
    from gametheory.normal.solvers.enumpoly.verify import _Verifier

    game = _game(shape, seed)
    U = [np.array([[int(v) for v in np.ravel(game.payoffs[..., i])]], dtype=object).reshape(shape)
         for i in range(len(shape))]
    solver = _SupportSolver(game, U, _Verifier(game), np.random.default_rng(0), 4000, True)
    solver.exclude = False
    excluded = 0
    for support in _supports(shape):
        system = _System(U, support)
        if no_root_in_simplices(system):
            excluded += 1
            out = solver.solve(support)
            assert not out.points and out.sample is None and out.status == "finite"
    assert excluded > 0


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 13), ((3, 3, 3), 3000), ((2, 2, 2, 2), 9)])
def test_subdivision_route_gives_the_same_equilibria(shape: tuple[int, ...], seed: int) -> None:
    from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver

    game = _game(shape, seed)
    answers = []
    for flag in (False, True, "always"):
        _SupportSolver.exclude = flag
        try:
            res = gt.solve(game, "enumpoly")
        finally:
            _SupportSolver.exclude = True
        answers.append((sorted(str(e.profile) for e in res.equilibria), res.complete))
    assert answers[0] == answers[1] == answers[2]


def test_tied_game_still_flags_a_continuum() -> None:
    """A 2x2x2 game where player 1 is indifferent everywhere: a continuum must be reported."""
    pay = np.zeros((2, 2, 2, 3), dtype=object)
    rng = np.random.default_rng(5)
    pay[..., 1] = rng.integers(0, 10, size=(2, 2, 2))
    pay[..., 2] = rng.integers(0, 10, size=(2, 2, 2))
    res = gt.solve(gt.NormalFormGame(pay), "enumpoly")
    assert res.equilibria
    assert not res.complete or any(c for c in getattr(res, "details", {}).get("continua", []))


@pytest.mark.parametrize("shape,seed", [((3, 3, 3), 3000), ((2, 2, 2, 2, 2), 5000), ((4, 4, 3), 2)])
def test_compiled_and_numpy_certificates_agree(shape: tuple[int, ...], seed: int) -> None:
    pytest.importorskip("numba")
    from gametheory.normal.solvers.enumpoly.exclude import no_root_in_simplices

    game = _game(shape, seed)
    U = [np.array([[int(v) for v in np.ravel(game.payoffs[..., i])]], dtype=object).reshape(shape)
         for i in range(len(shape))]
    decided = 0
    for support in _supports(shape)[:400]:
        system = _System(U, support)
        for budget in (32, 200):
            a = no_root_in_simplices(system, compiled=True, max_boxes=budget)
            assert a == no_root_in_simplices(system, compiled=False, max_boxes=budget)
        decided += a
    assert decided > 0


@pytest.mark.parametrize("shape,seed", [((3, 3, 3), 3000), ((2, 2, 2, 2), 4)])
def test_quotient_shortcut_gives_the_same_matrices(shape: tuple[int, ...], seed: int) -> None:
    game = _game(shape, seed)
    U = [np.array([[int(v) for v in np.ravel(game.payoffs[..., i])]], dtype=object).reshape(shape)
         for i in range(len(shape))]
    compared = 0
    for support in _supports(shape):
        system = _System(U, support)
        if system.n == 0 or system.n > 5:
            continue
        algebra = _Algebra(system)
        G = algebra.groebner()
        if not G:
            continue
        fast = _quotient(G, system.n, algebra.qctx)
        slow = _quotient(G, system.n, algebra.qctx, shortcut=False)
        if fast is None or slow is None:
            assert fast is None and slow is None
            continue
        assert fast.basis == slow.basis
        assert all(a == b for a, b in zip(fast.mats, slow.mats))
        compared += 1
    assert compared > 0


def test_jordan_three_player_matching_pennies() -> None:
    """Jordan's (1993) three-player matching pennies: player 1 wants to match player 2,
    player 2 to match player 3, player 3 to mismatch player 1. By hand: no pure
    equilibrium (each pure profile has a player who wants to switch), and in a mixed one
    each player's indifference pins the probability of the player they follow at 1/2, so
    the unique equilibrium is everyone mixing 1/2-1/2 (J. S. Jordan, "Three problems in
    learning mixed-strategy Nash equilibria", Games and Economic Behavior 5 (1993) 368-386)."""
    pay = np.zeros((2, 2, 2, 3), dtype=object)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                pay[a, b, c] = [1 if a == b else 0, 1 if b == c else 0, 1 if c != a else 0]
    game = gt.NormalFormGame(pay)
    for flag in (False, True, "always"):
        from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver

        _SupportSolver.exclude = flag
        try:
            res = gt.solve(game, "enumpoly")
        finally:
            _SupportSolver.exclude = True
        assert res.complete
        assert len(res.equilibria) == 1
        eq = res.equilibria[0]
        assert [list(p) for p in eq.profile] == [[Fraction(1, 2)] * 2] * 3
        assert eq.max_regret == 0
