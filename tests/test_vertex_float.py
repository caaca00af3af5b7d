"""The float all-equilibria path by the vertex walk (issue 20, item 4): the walked vertex sets
equal qhull's, the compiled walk and the interpreted one agree, and enummixed with floats gives
the same equilibria as the qhull path and as the exact path, on random and degenerate games."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt
from gametheory._kernel import vertex_walk
from gametheory.normal.solvers._common import positive_float_matrix
from gametheory.normal.solvers._polytope import float_vertices, masks_of

needs_numba = pytest.mark.skipif(vertex_walk.compiled_walk() is None, reason="numba is not installed")


def family_game(family: str, n: int, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    """The benchmark families of benchmarks/bench_two_player.py (same construction)."""
    rng = np.random.default_rng(seed)
    if family == "random":
        A, B = rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n))
    elif family == "ties":
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
    return {"random": 11_000, "ties": 511_000, "dup": 711_000}[family] + 1000 * n + k


def _polytopes(A: list[list[int]], B: list[list[int]]) -> Iterator[np.ndarray]:
    yield positive_float_matrix(np.array(B, dtype=np.float64)).T.copy()
    yield positive_float_matrix(np.array(A, dtype=np.float64))


@pytest.fixture
def qhull_path() -> Iterator[None]:
    """Run the float solver as if numba were missing (the qhull path)."""
    vertex_walk.FORCE_FALLBACK = True
    try:
        yield
    finally:
        vertex_walk.FORCE_FALLBACK = False


def _float_set(res: gt.SolveResult) -> list[np.ndarray]:
    return sorted((np.concatenate([np.asarray(p, dtype=float) for p in e.profile]) for e in res.equilibria),
                  key=lambda v: tuple(np.round(v, 9)))


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.allclose(x, y, atol=1e-9) for x, y in zip(a, b))


WALK_CASES = [("random", n, k) for n in (2, 3, 5, 8, 10) for k in range(2)] + [
    (f, n, k) for f in ("ties", "dup") for n in (3, 5, 7) for k in range(2)
]


@needs_numba
@pytest.mark.parametrize(("family", "n", "k"), WALK_CASES)
def test_walked_vertices_equal_qhull_and_interpreted_walk(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    for M in _polytopes(A, B):
        compiled = vertex_walk.walk_vertices(M, backend="numba")
        interpreted = vertex_walk.walk_vertices(M, backend="python")
        assert (compiled is None) == (interpreted is None)
        if compiled is None:
            continue
        Zc, tc, mc = compiled
        Zi, ti, mi = interpreted
        assert np.array_equal(tc, ti) and np.allclose(Zc, Zi, atol=1e-12) and mc == pytest.approx(mi)
        fv = float_vertices(M)
        if fv is not None and fv.margin > 1e-7 and mc > 1e-7:
            assert set(masks_of(tc)) == set(fv.masks)
            by_mask = dict(zip(fv.masks, fv.Z))
            for z, mask in zip(Zc, masks_of(tc)):
                assert np.allclose(z, by_mask[mask], atol=1e-9)


def test_walk_backends_and_limits() -> None:
    M = np.array([[2.0, 1.0], [1.0, 2.0]])
    Z, tight, margin = vertex_walk.walk_vertices(M, backend="python")
    assert len(Z) == 4 and tight.shape == (4, 4) and np.all(tight.sum(axis=1) == 2)
    assert {tuple(np.round(z, 12).tolist()) for z in Z} == {(0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (round(1 / 3, 12),) * 2}
    assert vertex_walk.walk_vertices(M, backend="python", max_bases=2) is None
    assert vertex_walk.walk_vertices(np.ones((40, 30)), backend="python") is None  # too many labels
    with pytest.raises(ValueError):
        vertex_walk.walk_vertices(M, backend="fortran")


def test_forcing_the_fallback_skips_the_walk(qhull_path: None) -> None:
    assert not vertex_walk.has_compiled_walk()
    assert vertex_walk.walk_vertices(np.array([[2.0, 1.0], [1.0, 2.0]])) is None
    A, B = family_game("random", 4, _seed("random", 4, 0))
    res = gt.solve(gt.NormalFormGame.from_bimatrix(A, B), "enummixed", exact=False)
    assert "walk" not in res.parameters["vertices"]


SOLVE_CASES = [("random", n, k) for n in range(2, 13) for k in range(2)] + [
    (f, n, k) for f in ("ties", "dup") for n in (3, 4, 6, 8) for k in range(2)
]


@needs_numba
@pytest.mark.parametrize(("family", "n", "k"), SOLVE_CASES)
def test_walk_path_equals_qhull_path(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    game = gt.NormalFormGame.from_bimatrix(A, B)
    walked = gt.solve(game, "enummixed", exact=False)
    vertex_walk.FORCE_FALLBACK = True
    try:
        hulled = gt.solve(game, "enummixed", exact=False)
    finally:
        vertex_walk.FORCE_FALLBACK = False
    assert walked.complete and hulled.complete
    assert _same(_float_set(walked), _float_set(hulled))
    assert len(walked.components) == len(hulled.components)
    for e in walked.equilibria:
        assert e.max_regret <= 1e-9


@needs_numba
@pytest.mark.parametrize(("family", "n", "k"), [c for c in SOLVE_CASES if c[1] <= 8])
def test_walk_path_equals_exact_path(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    game = gt.NormalFormGame.from_bimatrix(A, B)
    walked = gt.solve(game, "enummixed", exact=False)
    exact = gt.solve(game, "enummixed")
    assert all(isinstance(p, Fraction) for e in exact.equilibria for s in e.profile for p in s)
    assert _same(_float_set(walked), _float_set(exact))


@needs_numba
def test_random_games_take_the_walk() -> None:
    A, B = family_game("random", 10, _seed("random", 10, 0))
    res = gt.solve(gt.NormalFormGame.from_bimatrix(A, B), "enummixed", exact=False)
    assert res.parameters["vertices"] == "float (vertex walk)"
    assert res.complete and res.equilibria
