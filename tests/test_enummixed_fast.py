"""The exact enummixed path after the speed work (issue 20, item 4): the certified vertex sets
equal exact pivoting, every equilibrium has exact regret 0, and on the benchmark families the
equilibrium sets equal pygambit's rational enummixed (when pygambit is installed)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt
from gametheory.normal.solvers._common import positive_integer_matrix
from gametheory.normal.solvers._polytope import certify_vertices, exact_vertices, float_vertices


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


CASES = [(f, n, k) for f in ("ties", "dup") for n in (3, 5, 6) for k in range(3)] + [
    ("random", n, k) for n in (4, 6) for k in range(2)
]


def _seed(family: str, n: int, k: int) -> int:
    return {"random": 0, "ties": 500_000, "dup": 700_000}[family] + 1000 * n + k


@pytest.mark.parametrize(("family", "n", "k"), CASES)
def test_certified_vertices_equal_exact_pivoting(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    for M_int in (positive_integer_matrix(np.array(A, dtype=object)),
                  [list(r) for r in zip(*positive_integer_matrix(np.array(B, dtype=object)))]):
        M_f = np.array(M_int, dtype=np.float64)
        fv = float_vertices(M_f / M_f.max())
        assert fv is not None
        cert = certify_vertices(M_int, fv.vertices())
        exact = exact_vertices(M_int)
        assert cert is not None
        assert {(v.z, v.mask) for v in cert} == {(v.z, v.mask) for v in exact}


def test_certificate_refuses_an_incomplete_degenerate_vertex_set() -> None:
    # Drop one vertex next to a degenerate vertex: the closure test must notice it.
    A, _ = family_game("ties", 5, _seed("ties", 5, 0))
    M_int = positive_integer_matrix(np.array(A, dtype=object))
    M_f = np.array(M_int, dtype=np.float64)
    verts = float_vertices(M_f / M_f.max()).vertices()
    d = len(M_int[0])
    degenerate = [v for v in verts if bin(v.mask).count("1") > d]
    assert degenerate
    refused = 0
    for drop in range(len(verts)):
        if verts[drop] in degenerate:
            continue
        if certify_vertices(M_int, verts[:drop] + verts[drop + 1:]) is None:
            refused += 1
    assert refused == len(verts) - len(degenerate)


@pytest.mark.parametrize(("family", "n", "k"), CASES)
def test_exact_equilibria_verified(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    game = gt.NormalFormGame.from_bimatrix(A, B)
    res = gt.solve(game, "enummixed")
    assert res.complete and res.exact
    for e in res.equilibria:
        assert e.max_regret == 0 and isinstance(e.max_regret, Fraction)
        assert game.max_regret(e.profile) == 0
        assert e.payoffs == game.expected_payoffs(e.profile)


@pytest.mark.parametrize(("family", "n", "k"), [c for c in CASES if c[1] <= 5])
def test_same_set_as_pygambit_rational(family: str, n: int, k: int) -> None:
    gbt = pytest.importorskip("pygambit")
    A, B = family_game(family, n, _seed(family, n, k))
    ours = {tuple(tuple(p) for p in e.profile)
            for e in gt.solve(gt.NormalFormGame.from_bimatrix(A, B), "enummixed").equilibria}
    g = gbt.Game.from_arrays(A, B)
    theirs = {
        tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in g.players)
        for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria
    }
    assert ours == theirs


@pytest.mark.parametrize(("family", "n", "k"), [("ties", 6, 0), ("ties", 7, 1), ("dup", 6, 2), ("ties", 8, 3)])
def test_double_description_rays_equal_subset_rays(family: str, n: int, k: int) -> None:
    # The extreme rays of every degenerate vertex cone, two exact ways: double description
    # and the null vector of every (d-1)-subset of tight normals.
    A, B = family_game(family, n, _seed(family, n, k))
    checked = 0
    for M_int in (positive_integer_matrix(np.array(A, dtype=object)),
                  [list(r) for r in zip(*positive_integer_matrix(np.array(B, dtype=object)))]):
        checked += _compare_cones(M_int)
    assert checked


def _compare_cones(M_int: list[list[int]]) -> int:
    from gametheory.normal.solvers._polytope import _bits, _ray_flats_dd, _ray_flats_flint, _row

    M_f = np.array(M_int, dtype=np.float64)
    exact = certify_vertices(M_int, float_vertices(M_f / M_f.max()).vertices())
    assert exact is not None
    d = len(M_int[0])
    checked = 0
    for v in exact:
        groups: dict[tuple[int, ...], int] = {}
        for b in _bits(v.mask):
            key = tuple(_row(M_int, d, b))
            groups[key] = groups.get(key, 0) | (1 << b)
        if len(groups) <= d:
            continue
        dd = _ray_flats_dd(list(groups), list(groups.values()), d)
        assert dd is not None
        assert dd == _ray_flats_flint(list(groups), list(groups.values()), d)
        checked += 1
    return checked


FLOAT_CASES = [(f, n, k) for f in ("ties", "dup") for n in (3, 5, 7) for k in range(3)] + [("ties", 8, 0)] + [
    ("random", n, k) for n in (4, 6, 8) for k in range(3)
]


def _close_sets(got: list, ref: list, tol: float = 1e-9) -> bool:
    if len(got) != len(ref):
        return False
    used = [False] * len(got)
    for r in ref:
        for i, p in enumerate(got):
            if not used[i] and all(abs(float(a) - float(b)) <= tol for u, v in zip(p, r) for a, b in zip(u, v)):
                used[i] = True
                break
        else:
            return False
    return True


@pytest.mark.parametrize(("family", "n", "k"), FLOAT_CASES)
def test_float_path_equals_exact(family: str, n: int, k: int) -> None:
    A, B = family_game(family, n, _seed(family, n, k))
    game = gt.NormalFormGame.from_bimatrix(A, B)
    ex = gt.solve(game, "enummixed")
    res = gt.solve(game, "enummixed", exact=False)
    assert res.complete
    assert _close_sets([e.profile for e in res.equilibria], [e.profile for e in ex.equilibria])
    # the same maximal Nash subsets (one-hull pairs share their vertices)
    assert sorted(len(c.equilibria) for c in res.components) == sorted(len(c.equilibria) for c in ex.components)


@pytest.mark.parametrize(("family", "n", "k"), [c for c in FLOAT_CASES if c[0] != "random"])
def test_one_hull_partners_equal_two_hull_matching(family: str, n: int, k: int) -> None:
    # The one-hull path (partner faces of degenerate vertices included) against matching
    # the labels of both hulls, on the same floating-point vertex sets.
    from gametheory.normal.solvers._common import positive_float_matrix
    from gametheory.normal.solvers.enummixed import _pairs_float, _partners

    A, B = family_game(family, n, _seed(family, n, k))
    Af = positive_float_matrix(np.array(A, dtype=np.float64))
    Bf = positive_float_matrix(np.array(B, dtype=np.float64))
    fx, fy = float_vertices(Bf.T.copy()), float_vertices(Af)
    assert fx is not None and fy is not None
    pairs = _pairs_float(fx, fy, n, n)
    both = [(tuple(fx.Z[a].tolist()), tuple(fy.Z[b].tolist())) for a, b in pairs]
    one = _partners(fx, Af)
    if one is not None:
        assert _close_sets(one, both)
    other = _partners(fy, Bf.T.copy())
    if other is not None:
        assert _close_sets([(x, y) for y, x in other], both)
