"""Pure-strategy equilibria of N-player games (method "pure")."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import import_pygambit, to_gambit

import gametheory as gt
from gametheory import NormalFormGame


def brute_force_pure(game: NormalFormGame) -> set[tuple[int, ...]]:
    """Pure equilibria by checking every profile against the definition."""
    out = set()
    for idx in itertools.product(*(range(k) for k in game.shape)):
        if game.max_regret(game.pure_profile(idx)) == 0:
            out.add(idx)
    return out


def pure_indices(result: gt.SolveResult) -> set[tuple[int, ...]]:
    return {tuple(probs.index(1) for probs in e.profile) for e in result}


@st.composite
def n_player_games(draw: st.DrawFn) -> NormalFormGame:
    players = draw(st.integers(1, 4))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(players))
    size = int(np.prod(shape)) * players
    values = draw(st.lists(st.integers(-3, 3), min_size=size, max_size=size))
    return NormalFormGame(np.array(values, dtype=object).reshape(*shape, players))


@settings(max_examples=80, deadline=None)
@given(n_player_games())
def test_pure_equals_brute_force(game: NormalFormGame) -> None:
    r = gt.solve(game, "pure")
    assert pure_indices(r) == brute_force_pure(game)
    assert all(e.max_regret == 0 for e in r)
    assert not r.complete  # pure equilibria only, never claimed to be all equilibria


def test_three_player_coordination() -> None:
    # Everyone gets 1 when all choose the same action: exactly the two unanimous profiles.
    game = NormalFormGame.from_function(
        lambda a, b, c: [int(a == b == c)] * 3, [("L", "R")] * 3, players=("Europe", "Russia", "US")
    )
    r = gt.solve(game, "pure")
    assert {tuple(e.support()) for e in r} == {(("L",), ("L",), ("L",)), (("R",), ("R",), ("R",))}
    auto = gt.solve(game)  # all equilibria: the two pure ones and the totally mixed one
    assert auto.method == "enumpoly"
    assert {tuple(e.support()) for e in auto if e.is_pure()} == {tuple(e.support()) for e in r}


def test_float_ties_within_tolerance() -> None:
    # 0.1 + 0.2 and 0.3 differ in the last bit; as floats they must count as a tie.
    a = 0.1 + 0.2
    game = NormalFormGame.from_bimatrix([[a, 0.0], [0.3, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    r = gt.solve(game, "pure")
    assert pure_indices(r) == {(0, 0), (1, 0)}


def test_corpus_pure_equilibria_match_gambit(gambit_games_dir: Path) -> None:
    gbt = import_pygambit()
    checked = 0
    for path in sorted(gambit_games_dir.rglob("*.nfg")):
        game = gt.read_game(path).to_exact()
        if game.payoffs.size > 20000:
            continue
        ours = pure_indices(gt.solve(game, "pure"))
        g = to_gambit(game)
        theirs = set()
        for eq in gbt.nash.enumpure_solve(g).equilibria:
            theirs.add(
                tuple(
                    next(k for k, s in enumerate(p.strategies) if eq[s] == 1) for p in g.players
                )
            )
        assert ours == theirs, path.name
        checked += 1
    assert checked >= 40
