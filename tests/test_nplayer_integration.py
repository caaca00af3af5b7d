"""N-player solvers through `gametheory.solve` and the command line: enumpoly, logit, dispatch,
and correlated equilibria (cross-checked against pygambit and the two-player enumeration)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import import_pygambit, to_gambit

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.normal.correlated import (
    correlated_equilibrium,
    correlated_extreme_points,
    is_correlated_equilibrium,
    product_distribution,
)
from gametheory.normal.examples import EXAMPLES


def flat(profile) -> np.ndarray:
    return np.concatenate([np.asarray([float(v) for v in p]) for p in profile])


def test_local_max_cut_game_two_pure_one_mixed(gambit_games_dir: Path) -> None:
    # The corpus file's name records its known answer: 2 pure and 1 mixed equilibrium.
    path = gambit_games_dir / "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg"
    r = gt.solve(gt.read_game(path))
    assert r.method == "enumpoly" and r.complete
    assert sum(e.is_pure() for e in r) == 2 and sum(not e.is_pure() for e in r) == 1
    assert all(e.max_regret == 0 for e in r)


def test_corpus_three_player_games_cover_gambit_pure(gambit_games_dir: Path) -> None:
    """Ours all verify, and every pure equilibrium pygambit's enumpure finds is among ours.

    (pygambit's enumpoly_solve is not used here: on some corpus games it ran for minutes.)
    """
    gbt = import_pygambit()
    checked = 0
    for path in sorted(gambit_games_dir.rglob("*.nfg")):
        game = gt.read_game(path)
        if game.num_players < 3 or np.prod([2**k - 1 for k in game.shape]) > 100:
            continue
        ours = gt.solve(game, "enumpoly")
        for e in ours:
            assert float(e.max_regret) <= game.to_float().tolerance(), path.name
        g = to_gambit(game.to_exact())
        for eq in gbt.nash.enumpure_solve(g).equilibria:
            prof = [[float(eq[s]) for s in p.strategies] for p in g.players]
            assert any(np.max(np.abs(flat(e.profile) - flat(prof))) < 1e-9 for e in ours), path.name
        checked += 1
    assert checked >= 5


@st.composite
def three_player(draw: st.DrawFn) -> gt.NormalFormGame:
    shape = (2, 2, draw(st.integers(2, 3)))
    values = draw(st.lists(st.integers(0, 20), min_size=int(np.prod(shape)) * 3, max_size=int(np.prod(shape)) * 3))
    return gt.NormalFormGame(np.array(values, dtype=object).reshape(*shape, 3))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player())
def test_enumpoly_and_logit_verify(game: gt.NormalFormGame) -> None:
    r = gt.solve(game)
    assert r.method == "enumpoly"
    for e in r:
        assert float(e.max_regret) <= 1e-9 * 20
    one = gt.solve(game, "logit")
    if one.parameters.get("verified"):
        assert float(one[0].max_regret) <= game.to_float().tolerance()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three_player())
def test_strict_dominance_never_removes_a_strategy_used_in_an_equilibrium(game: gt.NormalFormGame) -> None:
    # A strictly dominated strategy is never a best response, so no Nash equilibrium of the
    # original game -- mixed ones included, found here by enumpoly -- gives it positive weight.
    reduced = gt.eliminate_dominated(game)
    removed = {(s.player, s.strategy) for s in reduced.steps}
    for e in gt.solve(game, "enumpoly"):
        for player, support in zip(game.players, e.support()):
            for name in support:
                assert (player, name) not in removed


def test_enumpoly_on_two_player_games_equals_enummixed() -> None:
    rng = np.random.default_rng(5)
    compared = 0
    for _ in range(10):
        g = gt.NormalFormGame.from_bimatrix(rng.integers(0, 100, (3, 3)).tolist(), rng.integers(0, 100, (3, 3)).tolist())
        full = gt.solve(g, "enummixed")
        if full.degenerate:
            continue
        poly = gt.solve(g, "enumpoly")
        assert sorted(map(tuple, (flat(e.profile) for e in poly))) == sorted(map(tuple, (flat(e.profile) for e in full)))
        compared += 1
    assert compared >= 5


def test_auto_falls_back_to_logit_for_large_games() -> None:
    g = gt.NormalFormGame(np.random.default_rng(2).integers(0, 100, (6, 6, 6, 3)).astype(object))
    r = gt.solve(g)
    assert r.method == "logit" and any("auto" in d for d in r.diagnostics)


def test_cli_three_player_file(tmp_path: Path) -> None:
    game = gt.NormalFormGame.from_function(
        lambda a, b, c: [int(a == b == c)] * 3, [("L", "R")] * 3, players=("Europe", "Russia", "US")
    )
    path = tmp_path / "coord.nfg"
    gt.write_game(game, path)
    out = CliRunner().invoke(cli, ["solve", str(path), "-f", "json"])
    assert out.exit_code == 0, out.output
    import json

    doc = json.loads(out.output)
    assert doc["method"] == "enumpoly"
    # pure LLL and RRR, and the totally mixed (1/2, 1/2) for everyone
    assert ["1/2", "1/2"] in doc["equilibria"][1]["profile"] or any(
        e["profile"] == [["1/2", "1/2"]] * 3 for e in doc["equilibria"]
    )


# ----------------------------------------------------------------------------- correlated
def test_chicken_traffic_light_welfare() -> None:
    # Aumann (1974)-style chicken with payoffs (6,6), (2,7), (7,2), (0,0): the welfare-maximising
    # correlated equilibrium puts 1/2 on (C,C) and 1/4 on each of (C,D), (D,C), welfare 21/2.
    g = gt.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    r = correlated_equilibrium(g)
    assert r.distribution.tolist() == [[Fraction(1, 2), Fraction(1, 4)], [Fraction(1, 4), 0]]
    assert sum(r.payoffs) == Fraction(21, 2) and r.max_violation == 0
    best_nash = max(sum(e.payoffs) for e in gt.solve(g))
    assert sum(r.payoffs) > best_nash  # correlation beats every Nash equilibrium here
    cce = correlated_equilibrium(g, coarse=True)
    assert sum(cce.payoffs) >= sum(r.payoffs)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=12, max_size=12))
def test_nash_products_are_correlated_equilibria(values: list[int]) -> None:
    g = gt.NormalFormGame(np.array(values, dtype=object).reshape(2, 3, 2))
    welfare = correlated_equilibrium(g)
    for e in gt.solve(g):
        assert is_correlated_equilibrium(g, product_distribution(g, e.profile))
        assert sum(welfare.payoffs) >= sum(e.payoffs)


def test_extreme_points_contain_the_optimum() -> None:
    g = EXAMPLES["battle-of-the-sexes"]()
    poly = correlated_extreme_points(g)
    best = correlated_equilibrium(g)
    values = [sum(Fraction(v) * Fraction(u) for v, u in zip(np.asarray(vx).reshape(-1), (g.payoffs[..., 0] + g.payoffs[..., 1]).reshape(-1))) for vx in poly.vertices]
    assert max(values) == sum(best.payoffs)
