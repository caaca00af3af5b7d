"""The subdivision kernel of enumpoly (``enumpoly/boxes.py``, ``_boxes_jit.py``): every support
profile through corner-sign exclusion, the preconditioned corner test and the Krawczyk test in
floating point, then exact identification of the equilibria it isolates.

What is checked: the same equilibria (exact Fractions where rational, the same floats to
1e-12 otherwise), the same completeness and the same continua as the exact path
(``subdivide=False``), on generic and on tied (degenerate) games; every pygambit
equilibrium is ours; the kernel's own claims (a dismissed support has no equilibrium, a
reported root solves its system); threads and forking change nothing.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import assert_gambit_nplayer_equilibria_are_ours, import_pygambit

import gametheory as gt
from gametheory.normal.solvers.enumpoly import enumpoly_solve
from gametheory.normal.solvers.enumpoly.boxes import (
    FOUND,
    NONE,
    UNDECIDED,
    all_supports,
    certify_supports,
    kernel_available,
    scaled_float_payoffs,
)
from gametheory.normal.solvers.enumpoly.supports import _integer_payoffs
from gametheory.normal.solvers.enumpoly.system import _System

pytest.importorskip("numba")


def _game(shape: tuple[int, ...], seed: int, hi: int = 99) -> gt.NormalFormGame:
    pay = np.random.default_rng(seed).integers(0, hi + 1, size=(*shape, len(shape)))
    return gt.NormalFormGame(np.array(pay.tolist(), dtype=object))


def _same(a: gt.SolveResult, b: gt.SolveResult) -> None:
    """Equal answers: the same equilibria (exact ones equal, floats to 1e-12), the same
    completeness and degeneracy, the same continua and components."""
    assert len(a) == len(b)
    for x, y in zip(a.equilibria, b.equilibria):
        for rx, ry in zip(x.profile, y.profile):
            for u, v in zip(rx, ry):
                assert type(u) is type(v)
                if isinstance(u, Fraction):
                    assert u == v
                else:
                    assert abs(u - v) <= 1e-12
        assert x.max_regret == 0 or float(x.max_regret) < 1e-9
    assert a.parameters["continua"] == b.parameters["continua"]
    left_a = [u["support"] for u in a.parameters["unresolved"]]
    left_b = [u["support"] for u in b.parameters["unresolved"]]
    if left_a == left_b:
        assert a.complete == b.complete and a.degenerate == b.degenerate
        assert a.parameters["described_completely"] == b.parameters["described_completely"]
    else:
        # the kernel (``a``) may settle a support the exact path leaves open: a
        # positive-dimensional solution set with no equilibrium on it, which subdivision
        # proves empty (every box dropped) where 24 random samples could not
        assert all(u in left_b for u in left_a)
        assert a.complete >= b.complete
        assert a.parameters["described_completely"] >= b.parameters["described_completely"]
    # a component is the same set; its sample point (a random point of a set that is not a
    # polytope) may differ, and each lies in the other's set
    assert len(a.components) == len(b.components)
    for ca, cb in zip(a.components, b.components):
        ja, jb = ca.to_json(), cb.to_json()
        ja.pop("sample", None), jb.pop("sample", None)
        assert json.dumps(ja, sort_keys=True) == json.dumps(jb, sort_keys=True)
        assert cb.contains(ca.sample) and ca.contains(cb.sample)


@pytest.mark.parametrize(("shape", "seed"), [
    ((3, 3, 3), 27000), ((3, 3, 3), 27001), ((3, 3, 3), 5),
    ((2, 2, 2, 2, 2), 32000), ((2, 2, 2, 2, 2), 32001),
    ((3, 3, 2), 7), ((2, 2, 2, 2), 8), ((4, 3, 2), 9),
])
def test_kernel_equals_exact_path_on_generic_games(shape: tuple[int, ...], seed: int) -> None:
    game = _game(shape, seed)
    fast = enumpoly_solve(game, subdivide=True, parallel=False)
    assert fast.parameters["subdivision"] is True
    assert fast.parameters["pruned_by"] == {"subdivision": fast.parameters["pruned"]} and fast.parameters["pruned"] > 0
    exact = enumpoly_solve(game, subdivide=False, parallel=False)
    _same(fast, exact)
    p = fast.parameters
    assert p["support_profiles"] == p["pruned"] + p["solved"]


@pytest.mark.parametrize(("shape", "seed"), [
    ((3, 3, 3), 1), ((3, 3, 3), 2), ((2, 2, 2, 2), 3), ((2, 2, 2, 2), 4), ((3, 3, 2), 5),
])
def test_kernel_equals_exact_path_on_tied_games(shape: tuple[int, ...], seed: int) -> None:
    # payoffs in 0..2: many ties, continua, equilibria on boundaries; the kernel must leave
    # every support it cannot settle to the exact path, so nothing changes
    game = _game(shape, 100 + seed, hi=2)
    fast = enumpoly_solve(game, subdivide=True, parallel=False)
    exact = enumpoly_solve(game, subdivide=False, parallel=False)
    _same(fast, exact)


def test_float_games_agree() -> None:
    game = _game((3, 3, 3), 11).to_float()
    fast = enumpoly_solve(game, subdivide=True)
    exact = enumpoly_solve(game, subdivide=False)
    assert not fast.exact
    _same(fast, exact)


def test_rational_equilibria_stay_exact() -> None:
    # A 4x4 bimatrix game (225 support profiles) whose one equilibrium is rational with
    # denominators 8 and 9: recognised and returned as Fractions with exact regret 0 (a
    # comparison at mpmath's default precision once missed it)
    A = [[21, 15, 28, 22], [4, 21, 30, 8], [16, 11, 13, 3], [26, 13, 24, 4]]
    B = [[26, 13, 24, 4], [16, 11, 13, 3], [5, 20, 19, 4], [5, 20, 19, 14]]
    r = enumpoly_solve(gt.NormalFormGame.from_bimatrix(A, B), subdivide=True)
    assert [e.profile for e in r] == [((Fraction(7, 8), Fraction(0), Fraction(0), Fraction(1, 8)),
                                       (Fraction(4, 9), Fraction(0), Fraction(5, 9), Fraction(0)))]
    assert r[0].max_regret == 0 and r.complete


def test_every_verified_pygambit_equilibrium_is_ours() -> None:
    import_pygambit()
    for shape, seed in (((3, 3, 3), 27000), ((2, 2, 2, 2, 2), 32000), ((3, 3, 3), 41)):
        pay = np.random.default_rng(seed).integers(0, 100, size=(*shape, len(shape)))
        ours = enumpoly_solve(gt.NormalFormGame(np.array(pay.tolist(), dtype=object)), subdivide=True)
        assert ours.complete
        assert assert_gambit_nplayer_equilibria_are_ours(pay, ours) >= 1


def test_corpus_five_player_game(gambit_games_dir: Path) -> None:
    # McKelvey & McLennan's 2x2x2x2x2 game from Gambit's corpus: the full support's system
    # has 44 complex solutions; the kernel isolates the real ones in the simplices
    game = gt.read_game(gambit_games_dir / "contrib/games/2x2x2x2x2.nfg")
    _same(enumpoly_solve(game, subdivide=True), enumpoly_solve(game, subdivide=False))


def test_kernel_claims_hold() -> None:
    game = _game((3, 3, 3), 27000).to_exact()
    U = _integer_payoffs(game)
    supports = all_supports(game.shape)
    got = certify_supports(U, supports)
    assert got is not None and len(got) == len(supports)
    exact = enumpoly_solve(game, subdivide=False)
    holding = {tuple(tuple(a for a, v in enumerate(row) if v != 0) for row in e.profile) for e in exact}
    for support, (status, roots, boxes, encl) in zip(supports, got):
        assert status in (NONE, FOUND, UNDECIDED) and boxes >= 1
        if status == NONE:
            assert support not in holding  # a dismissed support holds no equilibrium
        if status == FOUND:
            system = _System(U, support)
            assert len(encl) == len(roots)
            for z, (lo, hi, Y) in zip(roots, encl):  # each root inside its certified enclosure
                assert np.all(lo <= z) and np.all(z <= hi) and np.all(hi - lo < 1e-6)
                # Y inverts the integer equations' Jacobian at the root
                J = np.array(system.jacobian([float(v) for v in z], 1.0, 0.0), dtype=float)
                assert np.allclose(Y @ J, np.eye(len(z)), atol=1e-8)
            for z in roots:
                assert max((abs(v) for v in system.evaluate([float(v) for v in z], 1.0)), default=0.0) < 1e-9
                assert all(v > 0 for row in system.probs([float(v) for v in z], 1.0) for v in row)
    assert {s for s, (st, _r, _b, _e) in zip(supports, got) if st == FOUND} == holding


def test_threads_change_nothing() -> None:
    game = _game((3, 3, 3, 2), 77).to_exact()
    U = _integer_payoffs(game)
    supports = all_supports(game.shape)
    one = certify_supports(U, supports, threads=1)
    two = certify_supports(U, supports, threads=2)
    assert one is not None and two is not None
    for (s1, r1, b1, _e1), (s2, r2, b2, _e2) in zip(one, two):
        assert s1 == s2 and b1 == b2 and len(r1) == len(r2)
        for x, y in zip(r1, r2):
            assert np.array_equal(x, y)


def _solve_in_child(conn: Any) -> None:
    r = enumpoly_solve(_game((3, 3, 3), 27000), subdivide=True)
    conn.send([e.profile for e in r])
    conn.close()


def test_fork_after_the_threads() -> None:
    # the kernel runs on plain threads that end with the call (no OpenMP pool), so a
    # process forked afterwards works, even a daemonic one
    before = [e.profile for e in enumpoly_solve(_game((3, 3, 3), 27000), subdivide=True)]
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_solve_in_child, args=(send,), daemon=True)
    proc.start()
    send.close()
    assert recv.poll(120)
    assert recv.recv() == before
    proc.join(30)


def test_payoffs_the_kernel_cannot_take_go_the_exact_way() -> None:
    # a player indifferent everywhere (all payoffs 0), or payoffs beyond float range: no
    # kernel, the exact path as before
    pay = np.random.default_rng(3).integers(0, 10, size=(3, 3, 3, 3)).astype(object)
    pay[..., 0] = 0
    game = gt.NormalFormGame(pay)
    assert scaled_float_payoffs(_integer_payoffs(game.to_exact())) is None
    r = enumpoly_solve(game, subdivide=True)
    assert r.parameters["subdivision"] is False
    _same(r, enumpoly_solve(game, subdivide=False))
    huge = np.random.default_rng(4).integers(0, 10, size=(3, 3, 3, 3)).astype(object) * (10 ** 400)
    huge[0, 0, 0, 1] += 1
    assert scaled_float_payoffs(_integer_payoffs(gt.NormalFormGame(huge).to_exact())) is None


def test_default_uses_the_kernel_on_large_games() -> None:
    assert kernel_available()
    r = enumpoly_solve(_game((4, 4, 4), 64000))
    assert r.parameters["subdivision"] is True and r.complete and len(r) == 3


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(3, 3, 3), (2, 2, 2, 2), (3, 3, 2), (2, 2, 2, 2, 2)]), st.integers(1, 60),
       st.integers(0, 2**31))
def test_random_games_kernel_equals_exact_path(shape: tuple[int, ...], hi: int, seed: int) -> None:
    # any payoff range: from many ties (hi = 1) to generic games
    game = _game(shape, seed, hi=hi)
    _same(enumpoly_solve(game, subdivide=True, parallel=False), enumpoly_solve(game, subdivide=False, parallel=False))


def _found_roots(game: gt.NormalFormGame) -> tuple[Any, list[Any]]:
    """The kernel's FOUND supports with at least one mixing player: (U, [(support, roots,
    enclosures)])."""
    exact = game.to_exact()
    U = _integer_payoffs(exact)
    supports = all_supports(exact.shape)
    got = certify_supports(U, supports)
    assert got is not None
    return U, [(s, r, e) for s, (st_, r, _b, e) in zip(supports, got)
               if st_ == FOUND and any(len(x) > 1 for x in s)]


def _solver(game: gt.NormalFormGame, U: Any) -> Any:
    from gametheory.normal.solvers.enumpoly.support_solve import _SupportSolver
    from gametheory.normal.solvers.enumpoly.verify import _Verifier

    exact = game.to_exact()
    return _SupportSolver(exact, U, _Verifier(exact, U), np.random.default_rng(0), 1000, True, seed=0)


def test_rational_roots_need_their_enclosure() -> None:
    # 2x2x2x2x2 seed 32000: three supports with two mixing players have rational roots. A
    # rational guess is accepted only inside the root's certified enclosure; moved away,
    # the quick path declines and the polished path still identifies the same fraction
    game = _game((2, 2, 2, 2, 2), 32000)
    U, found = _found_roots(game)
    solver = _solver(game, U)
    rational = 0
    for support, roots, encl in found:
        for z, box in zip(roots, encl):
            quick = solver._rational_root(support, z, box)
            if quick is None:
                continue
            rational += 1
            assert quick.exact is not None and solver.verifier.check_exact(support, quick.exact)[0]
            far = (box[0] + 1e-3, box[1] + 1e-3, box[2])  # a box that misses the root
            assert solver._rational_root(support, z, far) is None
            slow = solver.from_roots(support, [z], algebraic=False)  # no enclosures: polished
            assert slow is not None and slow.points[0].exact == quick.exact
    assert rational >= 3


@pytest.mark.parametrize("spoil", ["zero", "negated"])
def test_a_poor_inverse_jacobian_falls_back(spoil: str) -> None:
    # a singular matrix is not used (the Jacobian is built instead); with the inverse's
    # negative the chord steps diverge and the root is polished by Newton's method. Either
    # way the equilibria are identified as with the kernel's matrix
    game = _game((2, 2, 2, 2, 2), 32000)
    U, found = _found_roots(game)
    solver = _solver(game, U)
    irrational = 0
    for support, roots, encl in found:
        good = solver.from_roots(support, roots, algebraic=False, enclosures=encl)
        poor = [(lo, hi, np.zeros_like(Y) if spoil == "zero" else -Y) for lo, hi, Y in encl]
        bad = solver.from_roots(support, roots, algebraic=False, enclosures=poor)
        assert good is not None and bad is not None and len(good.points) == len(bad.points)
        for p, q in zip(good.points, bad.points):
            assert p.exact == q.exact
            if p.exact is None:
                irrational += 1
                assert all(abs(a - b) < 1e-50 for ra, rb in zip(p.hp, q.hp) for a, b in zip(ra, rb))
    assert irrational >= 1
