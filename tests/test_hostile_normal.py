"""Issue 14 (normal form): the regret gate, overflow-prone floats, differential checks, pure size."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.errors import GameError, GameSizeError
from gametheory.io.nfg import loads_nfg
from gametheory.normal.result import make_equilibrium
from gametheory.normal.solvers import solve
from gametheory.normal.solvers._common import gate, gate_failure
from gametheory.normal.solvers.enummixed import enummixed_solve
from gametheory.normal.solvers.pure import pure_solve

BAD_3X3 = 'NFG 1 D "bad" { "P1" "P2" } { 3 3 }\n1e12 1 0 0 0 0 0 0 1 2 0 0 0 0 0 0 2 1\n'
BIG_2X2 = 'NFG 1 D "big" { "P1" "P2" } { 2 2 }\n1e308 -1e308 -1e308 1e308 -1e308 1e308 1e308 -1e308\n'


def _finite(result: gt.SolveResult) -> None:
    for e in result.equilibria:
        for v in [*(p for s in e.profile for p in s), *e.payoffs, e.max_regret]:
            assert math.isfinite(float(v))


def test_badly_scaled_float_game_is_resolved_exactly():
    game = loads_nfg(BAD_3X3)
    assert not game.is_exact
    result = enummixed_solve(game)
    # old: 11 "extreme equilibria", five with max regret 0.27 to 1.2; new: the 7 true ones,
    # their vertices found in exact arithmetic
    assert not result.exact and len(result.equilibria) == 7
    assert all(gate_failure(game, e.profile) is None for e in result.equilibria)
    assert any("exact arithmetic" in d for d in result.diagnostics)
    exact = enummixed_solve(game, exact=True)
    for e, f in zip(exact.equilibria, result.equilibria, strict=True):
        assert np.allclose(np.concatenate(e.profile).astype(float), np.concatenate(f.profile), rtol=1e-12, atol=0)
    assert solve(game, "enummixed").equilibria == result.equilibria


def test_gate_resolves_exactly_or_drops():
    game = loads_nfg(BAD_3X3)
    good = make_equilibrium(game, ((0.0, 0.0, 1.0), (0.0, 0.0, 1.0)))
    bad = make_equilibrium(game, ((0.4, 0.2, 0.4), (0.0, 0.0, 1.0)))  # regret 1.2
    fake = gt.SolveResult(game=game, method="x", arithmetic="float", equilibria=(good, bad), complete=True)
    resolved = gate(fake, lambda: enummixed_solve(game, exact=True))
    assert resolved.exact and len(resolved.equilibria) == 7
    assert "re-solved in exact arithmetic" in resolved.diagnostics[0]
    dropped = gate(fake)
    assert dropped.equilibria == (good,) and not dropped.complete
    assert "dropped" in dropped.diagnostics[-1]


def test_gate_uses_the_payoffs_in_play():
    # 1e12 elsewhere in the matrix must not hide a regret of 1.2 (game.tolerance() is 1000 here)
    game = gt.NormalFormGame(
        np.array([[[1e12, 1], [0, 0], [0, 0]], [[0, 0], [1, 2], [0, 0]], [[0, 0], [0, 0], [2, 1]]]).transpose(1, 0, 2)
    )
    assert game.tolerance() > 100
    assert gate_failure(game, ((0.4, 0.2, 0.4), (0.0, 0.0, 1.0))) is not None
    assert gate_failure(game, ((0.0, 0.0, 1.0), (0.0, 0.0, 1.0))) is None
    assert "not finite" in (gate_failure(game, ((math.nan, 0.5, 0.5), (0.0, 0.0, 1.0))) or "")


@pytest.mark.parametrize("method", ["enummixed", "lemke_howson", "zerosum", "pure", "enumpoly"])
def test_payoffs_near_float_max_give_no_nan(method):
    game = loads_nfg(BIG_2X2)
    result = solve(game, method)
    _finite(result)
    if method != "pure":
        assert [tuple(map(float, s)) for s in result.equilibria[0].profile] == [(0.5, 0.5), (0.5, 0.5)]
    assert any("overflow" in d for d in result.diagnostics)


@pytest.mark.parametrize("method", ["logit", "logit_qre"])
def test_float_only_methods_refuse_overflow_prone_games(method):
    with pytest.raises(GameError, match="too large"):
        solve(loads_nfg(BIG_2X2), method)


def test_direct_float_enummixed_on_huge_payoffs_is_finite():
    A = np.array([[1.7e308, -1.7e308], [-1.7e308, 1.7e308]])
    game = gt.NormalFormGame(np.stack([A, -A], axis=-1))
    result = enummixed_solve(game)
    _finite(result)
    assert len(result.equilibria) == 1


_scaled = st.sampled_from([0.0, 1e-6, -1e-6, 1.0, 2.0, -3.0, 1e6, 1e12, -1e12, 1e12 + 1])


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_float_and_exact_enummixed_agree_on_badly_scaled_games(m, n, data):
    vals = data.draw(st.lists(_scaled, min_size=2 * m * n, max_size=2 * m * n))
    game = gt.NormalFormGame(np.array(vals, dtype=np.float64).reshape(m, n, 2))
    flo = enummixed_solve(game, exact=False)
    ex = enummixed_solve(game, exact=True)
    for e in flo.equilibria:  # every returned profile passes the gate
        assert gate_failure(game, e.profile) is None
    _finite(flo)
    if flo.exact:  # the float path said it could not, and re-solved exactly
        assert flo.diagnostics and flo.equilibria == ex.equilibria
        return
    # old: [1e-6, 1e6, 0, 0, 0, 0, 0, 1e-6] (2x2) lost the pure equilibrium (2, 2)
    assert flo.complete
    want = sorted(tuple(round(float(p), 6) for s in e.profile for p in s) for e in ex.equilibria)
    got = sorted(tuple(round(float(p), 6) for s in e.profile for p in s) for e in flo.equilibria)
    assert got == want


def test_pure_on_a_large_game_is_fast_and_bounded():
    rng = np.random.default_rng(0)
    game = gt.NormalFormGame(rng.integers(0, 3, (200, 200, 2)).astype(float))
    result = pure_solve(game)  # old: a mixed-profile regret per equilibrium (minutes at 1000 x 1000)
    assert len(result.equilibria) > 1000
    e = result.equilibria[0]
    assert e == make_equilibrium(game, e.profile)
    ties = gt.NormalFormGame(np.zeros((1000, 1000, 2)))
    with pytest.raises(GameSizeError, match="1000000 pure equilibria"):
        pure_solve(ties)


def test_direct_solver_calls_on_huge_floats():
    from gametheory.normal.solvers.enumpoly import enumpoly_solve
    from gametheory.normal.solvers.lemke_howson import lemke_howson_solve
    from gametheory.normal.solvers.qre import logit_qre, logit_solve
    from gametheory.normal.solvers.zerosum import zerosum_solve

    game = loads_nfg(BIG_2X2)
    for f in (lemke_howson_solve, enumpoly_solve, zerosum_solve, pure_solve):
        _finite(f(game))
    with pytest.raises(GameError, match="too large"):
        logit_solve(game)
    with pytest.raises(GameError, match="too large"):
        logit_qre(game, lam=[1.0])


def test_explicit_float_on_huge_payoffs_is_refused():
    with pytest.raises(GameError, match="asked for floating point"):
        solve(loads_nfg(BIG_2X2), "enummixed", exact=False)


def _direct_solvers():
    from gametheory.normal.solvers.enumpoly import enumpoly_solve
    from gametheory.normal.solvers.lemke_howson import lemke_howson_solve
    from gametheory.normal.solvers.nashpy_methods import nashpy_solve
    from gametheory.normal.solvers.qre import logit_solve

    return {
        "enummixed": enummixed_solve,
        "lemke_howson": lambda g, **kw: lemke_howson_solve(g, label="all", **kw),
        "pure": pure_solve,
        "enumpoly": enumpoly_solve,
        "logit": logit_solve,
        "nashpy_support": lambda g, **kw: nashpy_solve(g),
        "nashpy_vertex": lambda g, **kw: nashpy_solve(g, algorithm="vertex_enumeration"),
    }


def _all_pass(game: gt.NormalFormGame, result: gt.SolveResult) -> None:
    _finite(result)
    for e in result.equilibria:
        if result.exact:
            assert game.to_exact().max_regret(e.profile) == 0
        assert gate_failure(game, e.profile) is None


@pytest.mark.parametrize("name", list(_direct_solvers()))
def test_direct_solver_calls_are_gated_on_the_badly_scaled_game(name):
    game = loads_nfg(BAD_3X3)
    result = _direct_solvers()[name](game)
    # old: pure_solve listed 7 pure "equilibria" (tolerance 1e-9 * 1e12 = 1000), four of them
    # with regret 1 or 2; logit_solve returned a profile with regret 0.67. New: every profile
    # returned passes the gate (pure re-solves exactly: the 3 true pure equilibria)
    _all_pass(game, result)
    if name == "pure":
        assert result.exact and len(result.equilibria) == 3
        assert "re-solved in exact arithmetic" in result.diagnostics[0]
    if name == "logit" and not result.equilibria:
        assert not result.complete and any("dropped" in d for d in result.diagnostics)


def test_direct_zerosum_is_gated_on_a_badly_scaled_zero_sum_game():
    from gametheory.normal.solvers.zerosum import zerosum_solve

    A = np.array([[1e12, 1.0, 0.0], [0.0, 1.0, 2.0], [0.0, 0.0, 2.0]])
    game = gt.NormalFormGame(np.stack([A, -A], axis=-1))
    _all_pass(game, zerosum_solve(game))
    _all_pass(game, zerosum_solve(game, exact=False))
    big = gt.NormalFormGame(np.stack([A * 1e296, -A * 1e296], axis=-1))
    _all_pass(big, zerosum_solve(big, exact=False))


@pytest.mark.parametrize("name", [n for n in _direct_solvers() if n != "logit"])
def test_direct_solver_calls_are_gated_near_float_max(name):
    game = loads_nfg(BIG_2X2)
    try:
        result = _direct_solvers()[name](game)
    except GameError as exc:  # nashpy's LP refuses infinities: a clean SolverError
        assert name == "nashpy_vertex" and "nashpy" in str(exc)
        return
    _all_pass(game, result)  # old: NaN probabilities through some paths; never now


def test_gate_checks_exact_results_exactly():
    game = loads_nfg(BAD_3X3).to_exact()
    from fractions import Fraction

    half = Fraction(1, 2)
    good = make_equilibrium(game, ((0, 0, 1), (0, 0, 1)))
    bad = make_equilibrium(game, ((half, half, 0), (0, 0, 1)))
    fake = gt.SolveResult(game=game, method="x", arithmetic="exact", equilibria=(good, bad), complete=True)
    out = gate(fake, lambda: pytest.fail("an exact result is never re-solved"))
    assert out.equilibria == (good,) and not out.complete
    assert "1 of 2 candidates failed" in out.diagnostics[-1]


@pytest.mark.parametrize("big", [10**400, -(10**400), "1e400"])
def test_huge_exact_values_in_a_float_game_are_refused_cleanly(big):
    with pytest.raises(GameError, match="too large for a float"):
        gt.NormalFormGame([[[big, 1], [0, 0]], [[0, 0], [1, 2]]], exact=False)


def test_huge_exact_game_never_meets_a_float_division():
    # old: "integer division result too large for a float" (OverflowError) from tolerance(),
    # is_nash and max_regret with a float profile
    game = gt.NormalFormGame([[[10**400, 1], [0, 0]], [[0, 0], [1, 2]]])
    assert math.isfinite(game.tolerance())
    assert game.is_nash(((1, 0), (1, 0)))
    with pytest.raises(GameError, match="too large for floating point"):
        game.max_regret(((0.5, 0.5), (1.0, 0.0)))
    assert solve(game).exact


@pytest.mark.parametrize("method", ["auto", "pure", "enumpoly", "enummixed"])
def test_a_game_on_a_tiny_scale_gets_a_relative_tolerance(method: str) -> None:
    """Found by the long fuzz run: with payoffs 0 and 5.25e-180 an absolute 1e-9 tolerance let
    the worse strategy through as an equilibrium; the tolerance is now relative below 1."""
    from gametheory.io.nfg import loads_nfg

    g = loads_nfg('NFG 1 D "" { "" } { 2 }\n0 5.250433537913159e-180\n')
    if method == "enummixed":
        g = gt.NormalFormGame.from_bimatrix([[0.0], [5.25e-180]], [[0.0], [0.0]], exact=False)
    res = gt.solve(g, method)
    assert res.equilibria
    for eq in res.equilibria:
        assert g.max_regret(eq.profile) <= g.tolerance()
        assert eq.profile[0][1] == 1
