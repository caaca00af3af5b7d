"""The fast paths of the N-player all-equilibria solver (issue 20, item 2), each checked
against the exact path it replaces.

* batched homotopy tracking of the larger supports (floats first) against the exact
  Groebner path for every support: the same equilibria on random games, generic and with
  many ties (where the batch must hand undecided supports back to the exact path);
* the vectorised homotopy evaluation against finite differences, and batched against
  one-system evaluation;
* the memoised conditional dominance against a direct loop;
* quadratic surds written without sympy against sympy's exact roots;
* the benchmark's 3x3x3 and 2x2x2x2x2 games against pygambit's enumpoly and gnm.
"""

from __future__ import annotations

import importlib
import itertools
import random
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from test_enumpoly import assert_covers, assert_verified, gambit_equilibria

from gametheory import NormalFormGame
from gametheory.normal.solvers.enumpoly import enumpoly_solve
from gametheory.normal.solvers.enumpoly.homotopy import _Homotopy
from gametheory.normal.solvers.enumpoly.identify import _quadratic_text, _squarefree
from gametheory.normal.solvers.enumpoly.supports import _dominated, _integer_payoffs, _subsets
from gametheory.normal.solvers.enumpoly.system import _System

driver = importlib.import_module("gametheory.normal.solvers.enumpoly.driver")


def _key(result: object) -> list[tuple[float, ...]]:
    return sorted(tuple(round(float(x), 9) for row in e.profile for x in row) for e in result.equilibria)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("shape", "lo", "hi", "seeds"), [
    ((3, 3, 4), 0, 99, range(2)),      # generic: the four (3, 3, 3) supports are tracked in a batch
    ((3, 3, 4), 0, 2, range(2)),       # many ties: singular ends hand supports back
    ((2, 3, 3), 0, 99, range(3)),
])
def test_batched_homotopy_equals_exact_path(shape: tuple[int, ...], lo: int, hi: int, seeds: range,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    batched_supports = 0
    for seed in seeds:
        game = NormalFormGame(np.random.default_rng(700 + seed).integers(lo, hi + 1, shape + (len(shape),)))
        fast = enumpoly_solve(game, subdivide=False)
        assert_verified(fast)
        batched_supports += fast.parameters["solved_numerically"]
        with monkeypatch.context() as m:
            m.setattr(driver, "BATCH_MIN_BEZOUT", 10**9)  # every support on the one-support path
            exact = enumpoly_solve(game, subdivide=False)
        assert _key(fast) == _key(exact)
        assert {e.profile for e in fast if isinstance(e.profile[0][0], Fraction)} == \
            {e.profile for e in exact if isinstance(e.profile[0][0], Fraction)}
        assert fast.complete == exact.complete
        assert fast.parameters["algebraic"] == exact.parameters["algebraic"]
    if shape == (3, 3, 4):
        assert batched_supports > 0  # the batch path was exercised


def _homotopy_for(shape: tuple[int, ...], support: tuple[tuple[int, ...], ...], seed: int) -> tuple[_Homotopy, _System]:
    game = NormalFormGame(np.random.default_rng(seed).integers(0, 100, shape + (len(shape),))).to_exact()
    system = _System(_integer_payoffs(game), support)
    return _Homotopy(system, np.random.default_rng(seed)), system


@pytest.mark.parametrize(("shape", "support"), [
    ((3, 3, 3), ((0, 1, 2), (0, 2), (0, 1, 2))),
    ((2, 2, 2, 2, 2), ((0, 1),) * 5),
    ((3, 3, 3, 3), ((0, 1), (1, 2), (0, 1, 2), (0, 2))),
    ((3, 3, 2), ((0,), (0, 1), (0, 1))),
])
def test_homotopy_derivatives_match_finite_differences(shape: tuple[int, ...],
                                                       support: tuple[tuple[int, ...], ...]) -> None:
    hom, _ = _homotopy_for(shape, support, 3)
    rng = np.random.default_rng(4)
    X = rng.normal(size=(3, hom.M)) + 1j * rng.normal(size=(3, hom.M))
    t = rng.random(3)
    H, J, Ht = hom.evaluate(X, t)
    h = 1e-6
    for c in range(hom.M):
        E = np.zeros(hom.M, dtype=complex)
        E[c] = h
        Hp, _, _ = hom.evaluate(X + E, t)
        Hm, _, _ = hom.evaluate(X - E, t)
        assert np.allclose((Hp - Hm) / (2 * h), J[:, :, c], atol=1e-6)
    Hp, _, _ = hom.evaluate(X, t + h)
    Hm, _, _ = hom.evaluate(X, t - h)
    assert np.allclose((Hp - Hm) / (2 * h), Ht, atol=1e-6)


def test_batched_evaluation_equals_one_system_at_a_time() -> None:
    shape, support = (3, 3, 3), ((0, 1, 2), (0, 1), (1, 2))
    others = [((0, 1, 2), (1, 2), (0, 2)), ((0, 1, 2), (0, 2), (0, 1))]
    hom, system = _homotopy_for(shape, support, 5)
    U = _integer_payoffs(NormalFormGame(np.random.default_rng(5).integers(0, 100, shape + (3,))).to_exact())
    systems = [system] + [_System(U, s) for s in others]
    X0 = hom.batch(systems)
    assert hom.sidx is not None and len(X0) == len(hom.sidx)
    rng = np.random.default_rng(6)
    X = X0 + 0.1 * (rng.normal(size=X0.shape) + 1j * rng.normal(size=X0.shape))
    t = rng.random(len(X))
    Hb, Jb, Htb = hom.evaluate(X, t)
    for k, s in enumerate(systems):
        one = _Homotopy(s, np.random.default_rng(5))  # the same random start system
        rows = np.flatnonzero(hom.sidx == k)
        H1, J1, Ht1 = one.evaluate(X[rows], t[rows])
        assert np.allclose(Hb[rows], H1) and np.allclose(Jb[rows], J1) and np.allclose(Htb[rows], Ht1)
        # a subset of the paths, as the tracker passes them
        Hs, _, _ = hom.evaluate(X[rows[::2]], t[rows[::2]], rows[::2])
        assert np.allclose(Hs, H1[::2])


def _dominated_by_loops(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    N = len(support)
    for i in range(N):
        opp = [support[j] if j != i else (None,) for j in range(N)]
        profiles = list(itertools.product(*opp))

        def pay(a: int, prof: tuple, i: int = i) -> int:
            return int(U[i][tuple(a if j == i else prof[j] for j in range(N))])

        for s in support[i]:
            for t in range(U[i].shape[i]):
                diffs = [pay(t, p) - pay(s, p) for p in profiles]
                if all(d >= 0 for d in diffs) and any(d > 0 for d in diffs):
                    return True
    return False


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 2, 2)])
def test_memoised_dominance_equals_direct_check(shape: tuple[int, ...]) -> None:
    for seed in range(3):
        U = [np.random.default_rng(seed).integers(0, 6, shape + (len(shape),))[..., i] for i in range(len(shape))]
        memo: dict = {}
        for support in itertools.product(*[_subsets(n) for n in shape]):
            assert _dominated(U, support, memo) == _dominated(U, support) == _dominated_by_loops(U, support)


def test_squarefree_parts() -> None:
    assert _squarefree(601) == (1, 601)
    assert _squarefree(72) == (6, 2)
    assert _squarefree(2**10 * 3**3 * 7 * 11**2) == (2**5 * 3 * 11, 21)
    assert _squarefree(1) == (1, 1)


def test_quadratic_surds_are_the_exact_roots() -> None:
    x = sp.Symbol("x")
    rnd = random.Random(1)
    checked = 0
    while checked < 80:
        co = [rnd.randint(-60, 60) for _ in range(3)]
        if co[2] == 0:
            continue
        poly = sp.Poly(list(reversed(co)), x)
        if not poly.is_irreducible:
            continue
        for i, r in enumerate(poly.real_roots()):
            value = mpmath.mpf(str(sp.N(r, 70)))
            text = _quadratic_text(co, value)
            assert sp.simplify(sp.sympify(text) - sp.rootof(poly, i)) == 0, (co, text)
            checked += 1
    assert _quadratic_text([-9, 23, 2], mpmath.mpf("0.3789")) == "-23/4 + sqrt(601)/4"


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2, 2)])
def test_benchmark_games_cover_pygambit(shape: tuple[int, ...]) -> None:
    """The games of benchmarks/bench_n_player.py (seed 1000 * size)."""
    seed = 1000 * int(np.prod(shape))
    game = NormalFormGame(np.random.default_rng(seed).integers(0, 100, (*shape, len(shape))))
    r = enumpoly_solve(game)
    assert_verified(r)
    assert r.complete
    checked = 0
    for kind in ("enumpoly", "gnm"):
        theirs = gambit_equilibria(game, kind, timeout=60.0)
        if theirs is not None:
            checked += assert_covers(r, theirs)
    assert checked > 0
