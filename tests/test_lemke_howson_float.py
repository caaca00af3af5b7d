"""Lemke-Howson's float path with an exact certificate (issue 20, item 1).

The float path must return, label by label, the same exact equilibrium as exact integer
pivoting on nondegenerate games; on degenerate or ill-conditioned games every answer must
still be an exact equilibrium (certified, or pivoted again exactly), and the result must say
which way produced it.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

import gametheory as gt
from gametheory._kernel.float_pivot import FloatBasis, compiled_path, lemke_howson_basis
from gametheory.errors import SolverError
from gametheory.normal.solvers._common import CERTIFIED, gate_failure, positive_float_matrix
from gametheory.normal.solvers.lemke_howson import certify_basis, lemke_howson_solve


def _random_int_game(rng: np.random.Generator, m: int, n: int, hi: int) -> gt.NormalFormGame:
    A = rng.integers(-hi, hi + 1, size=(m, n))
    B = rng.integers(-hi, hi + 1, size=(m, n))
    return gt.NormalFormGame.from_bimatrix(A.tolist(), B.tolist())


def _labelled(game: gt.NormalFormGame, pivoting: str) -> list[tuple]:
    """The equilibrium of each label, one solve per label (duplicates kept)."""
    m, n = game.shape
    out = []
    for k in range(m + n):
        r = lemke_howson_solve(game, label=k, pivoting=pivoting)
        assert len(r) == 1
        out.append(r[0].profile)
    return out


def test_same_equilibrium_as_exact_pivoting_on_nondegenerate_games() -> None:
    rng = np.random.default_rng(20)
    checked = 0
    for _ in range(60):
        m, n = (int(v) for v in rng.integers(2, 8, size=2))
        game = _random_int_game(rng, m, n, 10**6)
        if gt.solve(game, "enummixed").degenerate:
            continue
        fast = _labelled(game, "auto")
        slow = _labelled(game, "exact")
        assert fast == slow
        for k in range(m + n):
            r = lemke_howson_solve(game, label=k)
            assert r.parameters["certified_from_float"] == [True]
            assert r.exact and r[0].max_regret == 0
            assert r[0].max_regret == game.max_regret(r[0].profile)
            assert r[0].payoffs == game.expected_payoffs(r[0].profile)
        checked += 1
    assert checked >= 50


def test_same_equilibrium_on_larger_games_all_labels_at_once() -> None:
    rng = np.random.default_rng(7)
    for size in (12, 20):
        game = _random_int_game(rng, size, size + 1, 1000)
        fast = lemke_howson_solve(game, label="all")
        slow = lemke_howson_solve(game, label="all", pivoting="exact")
        assert [e.profile for e in fast] == [e.profile for e in slow]
        assert all(fast.parameters["certified_from_float"])
        assert not any(slow.parameters["certified_from_float"])
        assert fast.parameters["pivots"] == slow.parameters["pivots"]


def test_float_games_match_the_exact_path_of_their_exact_game() -> None:
    rng = np.random.default_rng(3)
    for _ in range(15):
        m, n = (int(v) for v in rng.integers(2, 10, size=2))
        game = gt.NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))
        assert not game.is_exact
        for k in range(m + n):
            fast = lemke_howson_solve(game, label=k)
            exact = lemke_howson_solve(game, label=k, exact=True)
            slow = lemke_howson_solve(game, label=k, exact=True, pivoting="exact")
            assert fast.parameters["certified_from_float"] == [True]
            assert exact.parameters["certified_from_float"] == [True]
            assert exact[0].profile == slow[0].profile  # same exact equilibrium of to_exact()
            assert exact[0].max_regret == 0
            assert fast[0].profile == tuple(tuple(float(p) for p in s) for s in slow[0].profile)


def test_degenerate_games_are_still_exact_equilibria() -> None:
    rng = np.random.default_rng(11)
    seen_degenerate = 0
    for _ in range(40):
        m, n = (int(v) for v in rng.integers(2, 7, size=2))
        game = _random_int_game(rng, m, n, 1)  # payoffs in {-1, 0, 1}: ties everywhere
        if not gt.solve(game, "enummixed").degenerate:
            continue
        seen_degenerate += 1
        r = lemke_howson_solve(game, label="all")
        assert len(r.parameters["certified_from_float"]) == m + n
        for e in r:
            assert game.max_regret(e.profile) == 0
            assert all(sum(s) == 1 and min(s) >= 0 for s in e.profile)
        fell_back = not all(r.parameters["certified_from_float"])
        assert fell_back == bool(r.diagnostics)
        # the tolerance-aware lexicographic rule sees the same ties as the exact one: same path
        assert _labelled(game, "auto") == _labelled(game, "exact")
    assert seen_degenerate >= 10


def test_classic_degenerate_game() -> None:
    # von Stengel (2002), fig. 2.5-like degenerate game: a pure strategy with two best responses
    game = gt.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    fast = lemke_howson_solve(game, label="all")
    slow = lemke_howson_solve(game, label="all", pivoting="exact")
    assert all(fast.parameters["certified_from_float"])
    assert [e.profile for e in fast] == [e.profile for e in slow]
    assert fast.parameters["pivots"] == slow.parameters["pivots"]
    assert all(game.max_regret(e.profile) == 0 for e in fast)


def test_ill_conditioned_game_falls_back_to_exact_pivoting() -> None:
    # huge payoffs differing in the last units: floating point sees a constant matrix
    big = 10**20
    A = [[big + 1, big], [big, big + 2], [big + 1, big + 3]]
    B = [[big, big + 2], [big + 1, big], [big + 3, big + 1]]
    game = gt.NormalFormGame.from_bimatrix(A, B)
    m, n = game.shape
    fast = lemke_howson_solve(game, label="all")
    slow = lemke_howson_solve(game, label="all", pivoting="exact")
    assert [e.profile for e in fast] == [e.profile for e in slow]
    assert all(e.max_regret == 0 for e in fast)
    assert fast.parameters["certified_from_float"] == [False] * (m + n)
    assert "exact arithmetic" in fast.diagnostics[0]


def test_certificate_refuses_bases_that_are_not_equilibria() -> None:
    game = gt.NormalFormGame.from_bimatrix([[3, 1], [1, 2]], [[2, 1], [1, 3]])
    # the artificial start (0, 0): all slacks basic, no support
    assert certify_basis(game, FloatBasis([2, 3], [2, 3], 0)) is None
    # row 0 against column 1: row 0 is not a best response to column 1
    assert certify_basis(game, FloatBasis([0, 2], [1, 2], 0)) is None
    ok = certify_basis(game, FloatBasis([0, 3], [0, 3], 2))
    assert ok is not None
    (x, y), (v, u) = ok
    assert x == (1, 0) and y == (1, 0) and (v, u) == (3, 2)
    assert isinstance(v, Fraction)


def test_float_path_gives_up_cleanly() -> None:
    rng = np.random.default_rng(1)
    A, B = 1 + rng.random((6, 6)), 1 + rng.random((6, 6))
    full = lemke_howson_basis(A, B, 0)
    assert full is not None and full.pivots > 1
    assert lemke_howson_basis(A, B, 0, max_pivots=1) is None
    assert lemke_howson_basis(np.full((3, 3), np.nan), B[:3, :3], 0) is None


def test_pivoting_keyword_and_result_records() -> None:
    game = gt.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    r = lemke_howson_solve(game, label=[0, 1, 2, 3])
    assert r.parameters["pivoting"] == "auto"
    assert r.parameters["certified_from_float"] == [True] * 4
    assert r.to_json()["parameters"]["certified_from_float"] == [True] * 4
    e = lemke_howson_solve(game, label=[0, 1], pivoting="exact")
    assert e.parameters["certified_from_float"] == [False, False]
    assert [x.profile for x in e] == [x.profile for x in lemke_howson_solve(game, label=[0, 1])]
    with pytest.raises(SolverError, match="pivoting"):
        lemke_howson_solve(game, pivoting="float")
    via_solve = gt.solve(game, "lemke_howson", label=2, pivoting="exact")
    assert via_solve.parameters["certified_from_float"] == [False]


def test_float_answer_for_exact_game_when_asked() -> None:
    rng = np.random.default_rng(5)
    game = _random_int_game(rng, 6, 5, 100)
    r = lemke_howson_solve(game, label=3, exact=False)
    ex = lemke_howson_solve(game, label=3)
    assert not r.exact
    assert r[0].profile == tuple(tuple(float(p) for p in s) for s in ex[0].profile)


# ------------------------------------------------------------------ compiled path, lean certificate


def _random_float_pair(rng: np.random.Generator, m: int, n: int, degenerate: bool) -> tuple[np.ndarray, np.ndarray]:
    if degenerate:  # payoffs in {0, 1, 2}: ties everywhere
        A, B = rng.integers(0, 3, size=(m, n)).astype(float), rng.integers(0, 3, size=(m, n)).astype(float)
    else:
        A, B = rng.random((m, n)), rng.random((m, n))
    return positive_float_matrix(A), positive_float_matrix(B)


def test_numba_and_numpy_paths_give_the_same_basis() -> None:
    pytest.importorskip("numba")
    rng = np.random.default_rng(2026)
    for trial in range(80):
        m, n = (int(v) for v in rng.integers(1, 9, size=2)) if trial < 60 else (30, 41)
        A, B = _random_float_pair(rng, m, n, degenerate=trial % 3 == 0)
        for k in range(m + n):
            assert lemke_howson_basis(A, B, k, backend="numba") == lemke_howson_basis(A, B, k, backend="numpy")
    # giving up agrees too: the pivot limit, and non-finite entries
    A, B = _random_float_pair(rng, 6, 6, degenerate=False)
    assert lemke_howson_basis(A, B, 0, max_pivots=1, backend="numba") is None
    assert lemke_howson_basis(np.full((3, 3), np.nan), B[:3, :3], 0, backend="numba") is None


def test_backend_keyword() -> None:
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    B = np.array([[2.0, 1.0], [1.0, 3.0]])
    assert lemke_howson_basis(A, B, 0, backend="numpy") == lemke_howson_basis(A, B, 0)
    with pytest.raises(ValueError, match="backend"):
        lemke_howson_basis(A, B, 0, backend="fortran")
    if compiled_path() is None:
        with pytest.raises(ValueError, match="numba"):
            lemke_howson_basis(A, B, 0, backend="numba")


def test_numba_is_not_imported_with_the_solver() -> None:
    code = (
        "import sys, gametheory, gametheory.normal.solvers.lemke_howson, gametheory._kernel.float_pivot; "
        "print('numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _floats_of(game: gt.NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    F = np.asarray(game.to_float().payoffs, dtype=np.float64)
    return F[..., 0], F[..., 1]


def test_lean_certificate_agrees_with_the_full_exact_check() -> None:
    rng = np.random.default_rng(99)
    for trial in range(40):
        m, n = (int(v) for v in rng.integers(2, 9, size=2))
        if trial % 2:
            game = gt.NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n)))
        else:
            game = _random_int_game(rng, m, n, 1 if trial % 4 == 0 else 1000)  # {-1, 0, 1}: degenerate
        F = _floats_of(game)
        A, B = positive_float_matrix(F[0]), positive_float_matrix(F[1])
        for k in range(m + n):
            basis = lemke_howson_basis(A, B, k)
            if basis is None:
                continue
            assert certify_basis(game, basis, F) == certify_basis(game, basis)
            # also for bases that are not the end of a path: every intermediate claim is judged alike
            wrong = FloatBasis(basis.row_basis, basis.column_basis[::-1], 0)
            assert certify_basis(game, wrong, F) == certify_basis(game, wrong)


def test_lean_certificate_sees_a_gain_below_float_resolution() -> None:
    # row 1 beats row 0 against column 0 by 10^-30: the same float, so only exact arithmetic tells
    tiny = Fraction(1, 10**30)
    game = gt.NormalFormGame.from_bimatrix([[3, 1], [3 + tiny, 2]], [[2, 1], [1, 3]])
    F = _floats_of(game)
    assert F[0][1, 0] == F[0][0, 0]
    assert certify_basis(game, FloatBasis([0, 3], [0, 3], 2), F) is None
    fair = gt.NormalFormGame.from_bimatrix([[3, 1], [3 - tiny, 2]], [[2, 1], [1, 3]])
    assert certify_basis(fair, FloatBasis([0, 3], [0, 3], 2), _floats_of(fair)) is not None


def test_certified_results_skip_the_second_check_and_exact_ones_do_not() -> None:
    rng = np.random.default_rng(4)
    game = gt.NormalFormGame.from_bimatrix(rng.random((7, 6)), rng.random((7, 6)))
    r = lemke_howson_solve(game, label="all")
    assert r.parameters[CERTIFIED] is True
    assert all(e.max_regret == 0.0 for e in r)
    for e in r:  # the float profile passes the float gate anyway
        assert gate_failure(game, e.profile) is None
    exact = lemke_howson_solve(game.to_exact(), label="all", pivoting="exact")
    assert exact.parameters[CERTIFIED] is False
    via_solve = gt.solve(game, "lemke_howson", label=3)
    assert via_solve.parameters[CERTIFIED] is True
