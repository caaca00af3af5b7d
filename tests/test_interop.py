"""Converters to and from the peers' game objects, round-tripped with the real packages.

nashpy (a dependency) and pygambit (in the ``test`` extra) are always there; QuantEcon (in
the ``bench`` extra) is skipped when it is not installed. Each peer also solves the converted
game, and its answer is compared with the engine's exact equilibria.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction as F

import numpy as np
import pytest

import gametheory as gt
from gametheory.extensive import examples

nash = pytest.importorskip("nashpy")
gbt = pytest.importorskip("pygambit")


def pd() -> gt.NormalFormGame:
    return gt.NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("Europe", "Russia"),
        strategies=(("Cooperate", "Defect"), ("Hold", "Push")), title="Prisoner's dilemma",
    )


def fractional() -> gt.NormalFormGame:
    return gt.NormalFormGame.from_bimatrix([[F(1, 3), 0], [0, 1]], [[1, 0], [0, F(2, 7)]])


def unnamed(g: gt.NormalFormGame) -> gt.NormalFormGame:
    """``g`` with the default names a peer without names gives back."""
    return g.with_names(players=[f"Player {k + 1}" for k in range(g.num_players)],
                        strategies=[[str(j + 1) for j in range(n)] for n in g.shape], title="")


def engine_profiles(g: gt.NormalFormGame) -> set[tuple[tuple[F, ...], ...]]:
    return {e.profile for e in gt.solve(g.to_exact())}


# --------------------------------------------------------------------------- nashpy
def test_nashpy_round_trip_keeps_integer_games_exact() -> None:
    g = pd()
    n = gt.to_nashpy(g)
    assert isinstance(n, nash.Game)
    assert all(m.dtype == np.int64 for m in n.payoff_matrices)
    back = gt.from_nashpy(n, players=g.players, strategies=g.strategies, title=g.title)
    assert back == g and back.is_exact


def test_exact_fractions_go_to_nashpy_as_floats_and_it_solves_them() -> None:
    g = fractional()
    n = gt.to_nashpy(g)  # an object array of Fractions would break nashpy's linear algebra
    assert all(m.dtype == np.float64 for m in n.payoff_matrices)
    found = {tuple(tuple(np.round(x, 9)) for x in eq) for eq in n.support_enumeration()}
    expected = {tuple(tuple(round(float(p), 9) for p in probs) for probs in prof) for prof in engine_profiles(g)}
    assert found == expected
    assert gt.from_nashpy(n) == unnamed(g).to_float()
    assert gt.from_nashpy(n, exact=True) != unnamed(g)  # 1/3 as a float is not 1/3: said, not hidden


def test_from_nashpy_of_a_zero_sum_game_and_errors() -> None:
    back = gt.from_nashpy(nash.Game(np.array([[1, -1], [-1, 1]])))
    assert back.is_zero_sum() and back.is_exact
    three = gt.NormalFormGame.from_function(lambda a, b, c: (a, b, c), [2, 2, 2])
    with pytest.raises(gt.GameError, match="two players, this game has 3"):
        gt.to_nashpy(three)
    with pytest.raises(gt.GameError, match="expected a nashpy.Game"):
        gt.from_nashpy([[1, 2]])
    with pytest.raises(gt.GameError, match="expected a NormalFormGame"):
        gt.to_nashpy(examples.entry_deterrence())


# --------------------------------------------------------------------------- pygambit
@pytest.mark.parametrize("make", [pd, fractional], ids=["integers", "fractions"])
def test_pygambit_round_trip_is_exact_with_names(make) -> None:
    g = make()
    pg = gt.to_pygambit(g)
    assert [p.label for p in pg.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in pg.players] == [list(s) for s in g.strategies]
    assert pg.to_arrays(dtype=F)[0][0, 0] == g.payoffs[0, 0, 0]  # 1/3 stays 1/3 in pygambit
    assert gt.from_pygambit(pg) == g


def test_pygambit_solves_the_converted_game_as_the_engine_does() -> None:
    g = fractional()
    found = gbt.nash.enummixed_solve(gt.to_pygambit(g), rational=True).equilibria
    got = {tuple(tuple(F(eq[s]) for s in p.strategies) for p in eq.game.players) for eq in found}
    assert got == engine_profiles(g)


def test_three_player_game_and_float_payoffs_to_pygambit() -> None:
    g = gt.NormalFormGame.from_function(lambda a, b, c: (a + b, b * c, F(a - c, 3)), [2, 3, 2])
    assert gt.from_pygambit(gt.to_pygambit(g)) == g
    fl = gt.NormalFormGame.from_bimatrix([[0.1, 0], [0, 1]], [[1, 0], [0, 0.25]])
    assert gt.from_pygambit(gt.to_pygambit(fl)) == fl.to_exact()  # a float becomes the decimal it prints as


@pytest.mark.parametrize(
    "tree",
    [examples.entry_deterrence(), examples.one_card_poker(), examples.selten_horse(), examples.centipede(4)],
    ids=["entry", "poker", "horse", "centipede"],
)
def test_pygambit_round_trip_of_trees(tree: gt.ExtensiveGame) -> None:
    pg = gt.to_pygambit(tree)
    assert pg.is_tree and len(list(pg.nodes)) == tree.num_nodes
    back = gt.from_pygambit(pg)
    assert isinstance(back, gt.ExtensiveGame) and back == tree


def test_from_pygambit_reads_a_game_made_in_pygambit() -> None:
    pg = gbt.Game.from_arrays([[1, F(1, 2)], [0, 2]], [[0, 1], [F(3, 4), 0]], title="made in pygambit")
    g = gt.from_pygambit(pg)
    assert g.title == "made in pygambit" and g.payoffs[0, 1, 0] == F(1, 2) and g.payoffs[1, 0, 1] == F(3, 4)
    with pytest.raises(gt.GameError, match="expected a pygambit.Game"):
        gt.from_pygambit(pd())


# --------------------------------------------------------------------------- QuantEcon
def test_quantecon_round_trip() -> None:
    qe = pytest.importorskip("quantecon.game_theory")
    g = gt.NormalFormGame.from_function(lambda a, b, c: (a + b, b - c, 2 * a * c), [2, 3, 2])
    q = gt.to_quantecon(g)
    assert isinstance(q, qe.NormalFormGame) and q.nums_actions == (2, 3, 2)
    assert gt.from_quantecon(q) == unnamed(g)
    h = fractional()
    qh = gt.to_quantecon(h)
    assert gt.from_quantecon(qh) == unnamed(h).to_float()
    found = {tuple(tuple(np.round(x, 9)) for x in eq) for eq in qe.support_enumeration(qh)}
    assert found == {tuple(tuple(round(float(p), 9) for p in probs) for probs in prof) for prof in engine_profiles(h)}


# --------------------------------------------------------------------------- a missing peer
def test_a_missing_peer_names_what_to_install() -> None:
    """With the peer made unimportable, the converter says what to install (a fresh
    interpreter, so this process's imports are untouched)."""
    code = (
        "import sys; sys.modules['quantecon'] = None; sys.modules['pygambit'] = None\n"
        "import gametheory as gt\n"
        "g = gt.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])\n"
        "for f in (gt.to_quantecon, gt.to_pygambit):\n"
        "    try:\n"
        "        f(g)\n"
        "    except gt.GameError as e:\n"
        "        print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.splitlines() == [
        "this conversion needs quantecon: pip install quantecon (or pip install 'gametheory[bench]')",
        "this conversion needs pygambit: pip install pygambit",
    ]
