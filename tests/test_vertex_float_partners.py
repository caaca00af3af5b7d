"""The one-polytope float route of enummixed (issue 20, item 4, second round): one best-response
polytope is walked and each vertex's partner solved in the kernel. It must give the same
equilibria as walking both polytopes and matching labels (round one's route) and as the exact
path, on random and degenerate games; the compiled and interpreted partner kernels agree."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt
from gametheory._kernel import _vertex_core, vertex_walk
from gametheory.errors import GameError
from gametheory.normal.solvers import enummixed as em
from gametheory.normal.solvers._common import positive_float_matrix
from gametheory.normal.solvers.registry import method_options
from tests.test_vertex_float import _seed, family_game

needs_numba = pytest.mark.skipif(vertex_walk.compiled_walk() is None, reason="numba is not installed")

CASES = [("random", n, k) for n in range(2, 13) for k in range(3)] + [
    (f, n, k) for f in ("ties", "dup") for n in (3, 4, 6, 8, 10) for k in range(3)
]


def _matrices(A: list[list[int]], B: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    return (positive_float_matrix(np.array(A, dtype=np.float64)),
            positive_float_matrix(np.array(B, dtype=np.float64)))


def _profiles(found: em._Found) -> list[np.ndarray]:
    """The equilibria of a vertex-pair result as normalised profile vectors, sorted."""
    out = []
    for a, b in found.pairs:
        x = np.asarray([float(v) for v in found.xs[a]])
        y = np.asarray([float(v) for v in found.ys[b]])
        out.append(np.concatenate([x / x.sum(), y / y.sum()]))
    return sorted(out, key=lambda v: tuple(np.round(v, 9)))


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.allclose(x, y, atol=1e-9) for x, y in zip(a, b))


def _both_walks(A: np.ndarray, B: np.ndarray) -> em._Found | None:
    fx = em._walked(B.T.copy())
    fy = em._walked(A)
    if fx is None or fy is None:
        return None
    return em._match_labels(fx, fy, A.shape[0], A.shape[1], "both walks")


@needs_numba
@pytest.mark.parametrize(("family", "n", "k"), CASES)
def test_one_polytope_route_equals_both_walks_and_exact(family: str, n: int, k: int) -> None:
    Ai, Bi = family_game(family, n, _seed(family, n, k))
    A, B = _matrices(Ai, Bi)
    both = _both_walks(A, B)
    for swap in (False, True):  # walking the row player's polytope, and the column player's
        one = em._walk_one_side(A, B.T.copy()) if swap else em._walk_one_side(B.T.copy(), A)
        if one is None or both is None:
            continue
        assert _same(_profiles(em._found_from_arrays(*one, swap=swap)), _profiles(both))
    if n <= 8:
        walked = em._solve_walk(A, B)
        assert walked is not None
        exact = em._solve_exact(gt.NormalFormGame.from_bimatrix(Ai, Bi))
        assert _same(_profiles(walked), _profiles(exact))


@needs_numba
def test_one_polytope_route_decides_most_random_games() -> None:
    decided = 0
    for k in range(6):
        A, B = _matrices(*family_game("random", 10, _seed("random", 10, k)))
        decided += em._walk_one_side(B.T.copy(), A) is not None
    assert decided >= 4


@needs_numba
@pytest.mark.parametrize(("family", "n", "k"), [c for c in CASES if c[1] <= 8])
def test_partner_kernel_compiled_equals_interpreted(family: str, n: int, k: int) -> None:
    A, B = _matrices(*family_game(family, n, _seed(family, n, k)))
    for M, other in ((B.T.copy(), A), (A, B.T.copy())):
        compiled = vertex_walk.walk_partners(M, other, em.MARGIN, em.SINGULAR_LOG, backend="numba")
        interpreted = vertex_walk.walk_partners(M, other, em.MARGIN, em.SINGULAR_LOG, backend="python")
        assert (compiled is None) == (interpreted is None)
        if compiled is None:
            continue
        for c, i in zip(compiled, interpreted):
            assert np.allclose(c, i, atol=1e-12)


def test_partner_kernel_on_matching_pennies_shape() -> None:
    # Row polytope of a 2x2 game with one mixed equilibrium: the vertex with full support pairs
    # with the column mix (1/2, 1/2) of the scaled matrix; the pure vertices have no partner.
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    BT = np.array([[1.0, 2.0], [2.0, 1.0]])
    Z, masks, margin, verdict, W = vertex_walk.walk_partners(BT, A, em.MARGIN, em.SINGULAR_LOG, backend="python")
    full = [v for v in range(len(Z)) if np.all(Z[v] > 0)]
    assert len(full) == 1 and verdict[full[0]] == _vertex_core.PARTNER
    assert np.allclose(W[full[0]], [1 / 3, 1 / 3])
    assert all(verdict[v] == _vertex_core.NO_PARTNER for v in range(len(Z)) if v != full[0])
    with pytest.raises(ValueError):
        vertex_walk.walk_partners(BT, A[:, :1], em.MARGIN, em.SINGULAR_LOG, backend="python")


def test_to_float_matches_the_generic_conversion() -> None:
    g = gt.NormalFormGame.from_bimatrix([[Fraction(1, 3), 2], [Fraction(-7, 10**30), 5]], [[0.1, 3], [4, 10**20]])
    f = g.to_float()
    assert not f.is_exact and f.players == g.players and f.strategies == g.strategies
    assert np.array_equal(f.payoffs, g.payoffs.astype(np.float64))
    assert f == gt.NormalFormGame(g.payoffs.astype(np.float64), players=g.players, strategies=g.strategies)
    assert hash(f) == hash(gt.NormalFormGame(g.payoffs.astype(np.float64), players=g.players, strategies=g.strategies))
    assert not f.payoffs.flags.writeable
    with pytest.raises(GameError):
        gt.NormalFormGame.from_bimatrix([[10**400, 1]], [[1, 1]]).to_float()


def test_method_options_kept_per_method() -> None:
    first = method_options("lemke_howson")
    first.add("not an option")
    assert "not an option" not in method_options("lemke_howson")
    assert method_options("enummixed") == method_options("enummixed")
