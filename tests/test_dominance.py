"""Iterated elimination of dominated strategies (gametheory.normal.dominance) and `gametheory reduce`.

Known answers come from the literature (cited per test). Properties are checked on random
games: strict elimination keeps every equilibrium and the reduced game has exactly the
original's equilibria (two players: all extreme equilibria by ``gametheory.solve``; three
players: pure equilibria), the result does not depend on the order of removal, every
recorded removal is re-verified exactly from its certificate, and pure-strategy elimination
agrees with pygambit's ``undominated_strategies_solve`` iterated to a fixed point (pygambit
16.x has no elimination by mixed strategies, so mixed dominance is checked against an
independent LP written here and against the certificates).
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import click
import numpy as np
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import import_pygambit, to_gambit

import gametheory as gt
from gametheory import GameError, GameSizeError, NormalFormGame
from gametheory.cli.reduce_cmd import reduce_command
from gametheory.normal import dominance as dom
from gametheory.normal.dominance import (
    WEAK_DOMINANCE_WARNING,
    DominanceResult,
    eliminate_dominated,
    find_dominator,
    is_dominated,
)
from gametheory.normal.dominance import eliminate as dom_eliminate
from gametheory.normal.dominance import mixed as dom_mixed
from gametheory.normal.examples import EXAMPLES

F = Fraction
ORDERS = ("all-at-once", "player-by-player", "one-at-a-time")


# ----------------------------------------------------------------------------- helpers
def games(max_players: int = 3, max_strategies: int = 4, hi: int = 3) -> st.SearchStrategy[NormalFormGame]:
    """Random N-player games with integer payoffs in 0..hi (small ranges give many ties)."""

    @st.composite
    def build(draw: st.DrawFn) -> NormalFormGame:
        n = draw(st.integers(2, max_players))
        shape = tuple(draw(st.integers(1, max_strategies)) for _ in range(n))
        size = math.prod(shape)
        top = draw(st.integers(1, hi))
        flat = [draw(st.lists(st.integers(0, top), min_size=size, max_size=size)) for _ in range(n)]
        return NormalFormGame.from_arrays(*[np.array(a).reshape(shape) for a in flat])

    return build()


def bimatrices(max_size: int = 5, hi: int = 4) -> st.SearchStrategy[NormalFormGame]:
    return games(max_players=2, max_strategies=max_size, hi=hi)


def profiles(result: gt.SolveResult) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {tuple(tuple(F(x) for x in probs) for probs in e.profile) for e in result.equilibria}


def game_at_step(result: DominanceResult, step_index: int) -> tuple[list[list[int]], NormalFormGame]:
    """The strategies left when ``result.steps[step_index]`` was justified, and that game.

    For "all-at-once" that is the game at the start of the step's round; for the other
    orders it is the game just before the step (for "player-by-player", the removals of
    the same player in the same round happen together, so those are not applied).
    """
    step = result.steps[step_index]
    kept = [list(range(n)) for n in result.original.shape]
    for s in result.steps[:step_index]:
        if result.order == "all-at-once" and s.round == step.round:
            continue
        if result.order == "player-by-player" and s.round == step.round and s.player_index == step.player_index:
            continue
        kept[s.player_index].remove(s.strategy_index)
    return kept, dom_eliminate._subgame(result.original, kept)


def advantages(game: NormalFormGame, player: int, strategy: str, mix: dict[str, Any]) -> np.ndarray:
    """Payoff advantage of the mixture ``mix`` over ``strategy``, per opponent pure profile."""
    U = np.moveaxis(game.payoff_array(player), player, 0)
    U = U.reshape(U.shape[0], -1)
    names = game.strategies[player]
    j = names.index(strategy)
    out = -U[j]
    for s, p in mix.items():
        out = out + p * U[names.index(s)]
    return out


def check_certificates(result: DominanceResult) -> None:
    """Every step's dominator really dominates, exactly, in the game the step was taken in."""
    for k, step in enumerate(result.steps):
        _, g = game_at_step(result, k)
        probs = list(step.dominator.values())
        assert step.strategy not in step.dominator
        adv = advantages(g, step.player_index, step.strategy, step.dominator)
        if result.exact:
            assert all(isinstance(p, Fraction) and p > 0 for p in probs)
            assert sum(probs) == 1
            assert min(adv) == step.margin
            if step.kind == "strict":
                assert step.margin > 0
            else:
                assert step.margin == 0 and max(adv) > 0
        else:
            assert math.isclose(sum(probs), 1.0, abs_tol=1e-9)
            tol = result.original.tolerance()
            assert min(adv) >= step.margin - 1e-9
            assert (step.margin > tol) if step.kind == "strict" else (min(adv) >= -tol and max(adv) > tol)


def independent_lp_margin(game: NormalFormGame, player: int, j: int) -> float:
    """max eps s.t. some mixture of the player's other strategies beats j by eps everywhere.

    Written separately from gametheory.normal.dominance (interior-point method, variables in the
    other order) to cross-check it.
    """
    from scipy.optimize import linprog

    U = np.moveaxis(game.to_float().payoff_array(player), player, 0)
    U = U.reshape(U.shape[0], -1)
    others = [k for k in range(U.shape[0]) if k != j]
    if not others:
        return -math.inf
    m, P = len(others), U.shape[1]
    # variables: eps, sigma_1..sigma_m
    c = np.r_[-1.0, np.zeros(m)]
    A_ub = np.c_[np.ones(P), -U[others].T]
    A_eq = np.r_[0.0, np.ones(m)][None, :]
    res = linprog(c, A_ub=A_ub, b_ub=-U[j], A_eq=A_eq, b_eq=[1.0],
                  bounds=[(None, None)] + [(0, None)] * m, method="highs-ipm")
    assert res.status == 0
    return float(-res.fun)


def gambit_iterated(game: NormalFormGame, strict: bool) -> tuple[tuple[str, ...], ...]:
    """pygambit: remove every strategy its ``is_dominated`` flags (pure dominators), until none is.

    Uses ``StrategySupportProfile.is_dominated`` rather than ``undominated_strategies_solve``,
    which in pygambit 16.7 can drop a strategy that merely ties with an undominated one (see
    ``test_pygambit_undominated_drops_a_tied_strategy``).
    """
    import_pygambit()
    g = to_gambit(game)
    support = g.strategy_support_profile()
    while True:
        doomed = [
            s
            for p in g.players
            if len(list(support[p])) > 1
            for s in support[p]
            if support.is_dominated(s, strict)
        ]
        if not doomed:
            break
        for s in doomed:
            support = support.remove(s)
    labels = []
    for p, names in zip(g.players, game.strategies):
        kept = {s.label for s in support[p]}
        labels.append(tuple(n for k, n in enumerate(names) if str(k + 1) in kept))
    return tuple(labels)


def relabel(game: NormalFormGame) -> NormalFormGame:
    """Same game with strategies named "1", "2", ... (what to_gambit's labels are)."""
    return game.with_names(strategies=[[str(k + 1) for k in range(n)] for n in game.shape])


# ----------------------------------------------------------------------------- textbook games
def test_prisoners_dilemma_reduces_to_mutual_defection() -> None:
    # Tucker (1950): defecting strictly dominates cooperating for both prisoners.
    r = eliminate_dominated(EXAMPLES["prisoners-dilemma"]())
    assert r.game.strategies == (("Defect",), ("Defect",))
    assert r.kept == ((1,), (1,)) and r.rounds == 1 and r.exact and r.diagnostics == ()
    assert [(s.round, s.player, s.strategy, s.dominator, s.kind, s.margin) for s in r.steps] == [
        (1, "Row", "Cooperate", {"Defect": 1}, "strict", 1),
        (1, "Column", "Cooperate", {"Defect": 1}, "strict", 1),
    ]
    assert isinstance(r.steps[0].margin, Fraction)


MIXED_ONLY = NormalFormGame.from_bimatrix(
    [[3, 0], [0, 3], [1, 1]],
    [[1, 0], [0, 1], [0, 0]],
    players=("Row", "Column"),
    strategies=(("T", "M", "B"), ("L", "R")),
)


def test_strategy_dominated_only_by_a_mixture() -> None:
    # The standard illustration of domination by a mixed strategy (cf. Fudenberg & Tirole
    # 1991, sec. 2.1; Osborne & Rubinstein 1994, ch. 4): B = (1, 1) is beaten by no pure
    # strategy, but 1/2 T + 1/2 M pays (3/2, 3/2).
    assert eliminate_dominated(MIXED_ONLY, mixed=False).steps == ()
    assert not is_dominated(MIXED_ONLY, "Row", "B", mixed=False)
    r = eliminate_dominated(MIXED_ONLY)
    (step,) = r.steps
    assert step.strategy == "B" and step.is_mixed
    assert step.dominator == {"T": F(1, 2), "M": F(1, 2)}
    assert step.margin == F(1, 2) and step.kind == "strict"
    assert r.game.strategies == (("T", "M"), ("L", "R"))
    assert step.dominator_text() == "{T: 1/2, M: 1/2}"
    f = eliminate_dominated(MIXED_ONLY, exact=False)
    (fs,) = f.steps
    assert fs.dominator == pytest.approx({"T": 0.5, "M": 0.5}) and fs.margin == pytest.approx(0.5)


GIBBONS = NormalFormGame.from_bimatrix(
    [[1, 1, 0], [0, 0, 2]],
    [[0, 2, 1], [3, 1, 0]],
    strategies=(("Up", "Down"), ("Left", "Middle", "Right")),
)


@pytest.mark.parametrize("order", ORDERS)
def test_gibbons_three_rounds_to_up_middle(order: str) -> None:
    # Gibbons (1992), Game Theory for Applied Economists, sec. 1.1.B, Figure 1.1.1:
    # Right < Middle, then Down < Up, then Left < Middle; the outcome is (Up, Middle).
    r = eliminate_dominated(GIBBONS, order=order)
    # player by player, player 2 examines Left after player 1 lost Down in the same round
    last_round = 2 if order == "player-by-player" else 3
    assert [(s.round, s.strategy, s.dominator_text()) for s in r.steps] == [
        (1, "Right", "Middle"),
        (2, "Down", "Up"),
        (last_round, "Left", "Middle"),
    ]
    assert r.game.strategies == (("Up",), ("Middle",))
    assert r.removed == (("Down",), ("Right", "Left"))
    (eq,) = gt.solve(r.game)
    assert GIBBONS.is_nash(r.lift(eq.profile))
    assert not is_dominated(GIBBONS, 0, "Down")  # only after Right is gone


def _three_player() -> NormalFormGame:
    def pay(a: str, b: str, c: str) -> tuple[int, int, int]:
        u1 = {"A": {"L": 3, "R": 0}, "B": {"L": 0, "R": 3}, "C": {"L": 1, "R": 1}}[a][b]
        u2 = {"L": 0 if a == "C" else 1, "R": 2 if a == "C" else 0}[b]
        u3 = 1 if (b, c) in (("L", "l"), ("R", "r")) else 0
        return u1, u2, u3

    return NormalFormGame.from_function(pay, [["A", "B", "C"], ["L", "R"], ["l", "r"]], players=["P1", "P2", "P3"])


def test_three_player_game_mixed_then_iterated() -> None:
    # Constructed for this test: P1's C is dominated only by the mix 1/2 A + 1/2 B; without C,
    # P2's R is dominated by L; then P1's B by A and P3's r by l.
    g = _three_player()
    r = eliminate_dominated(g)
    assert [str(s) for s in r.steps] == [
        "round 1: P1's C is strictly dominated by {A: 1/2, B: 1/2} (margin 1/2)",
        "round 2: P2's R is strictly dominated by L (margin 1)",
        "round 3: P1's B is strictly dominated by A (margin 3)",
        "round 3: P3's r is strictly dominated by l (margin 1)",
    ]
    assert r.game.strategies == (("A",), ("L",), ("l",))
    pure = gt.solve(g, "pure")
    assert [e.support() for e in pure] == [(("A",), ("L",), ("l",))]
    check_certificates(r)


def test_three_player_public_goods_game() -> None:
    # Linear public-goods game: contributing 1 returns 2/3 to each of the 3 players, so
    # keeping strictly dominates contributing by 1 - 2/3 = 1/3, for every player.
    def pay(*choices: str) -> tuple[Fraction, ...]:
        pot = F(2, 3) * sum(c == "Contribute" for c in choices)
        return tuple(pot + (1 if c == "Keep" else 0) for c in choices)

    g = NormalFormGame.from_function(pay, [["Contribute", "Keep"]] * 3, players=["A", "B", "C"])
    r = eliminate_dominated(g)
    assert r.game.strategies == (("Keep",),) * 3
    assert [s.margin for s in r.steps] == [F(1, 3)] * 3 and r.rounds == 1


WEAK = NormalFormGame.from_bimatrix(
    [[1, 0], [1, 2], [0, 2]],
    [[1, 0], [1, 1], [0, 1]],
    players=("Row", "Column"),
    strategies=(("U", "M", "D"), ("L", "R")),
)


def test_weak_dominance_order_matters_and_warns() -> None:
    # U and D are weakly (not strictly) dominated by M. Removing both at once, U first or D
    # first gives three different reduced games (Gilboa, Kalai & Zemel 1993 on the order
    # dependence of weak elimination); the last two lose equilibria of the original.
    assert eliminate_dominated(WEAK).steps == ()
    both = eliminate_dominated(WEAK, weak=True)
    assert both.game.strategies == (("M",), ("L", "R"))
    assert both.diagnostics == (WEAK_DOMINANCE_WARNING,)
    assert "order" in both.diagnostics[0] and all(s.kind == "weak" and s.margin == 0 for s in both.steps)
    u_first = eliminate_dominated(WEAK, weak=True, order="one-at-a-time", player_order=["Column", "Row"])
    assert [(s.round, s.strategy) for s in u_first.steps] == [(1, "U"), (2, "L")]
    assert u_first.game.strategies == (("M", "D"), ("R",))
    flipped = NormalFormGame.from_bimatrix(
        [[0, 2], [1, 2], [1, 0]], [[0, 1], [1, 1], [1, 0]],
        players=("Row", "Column"), strategies=(("D", "M", "U"), ("L", "R")),
    )
    d_first = eliminate_dominated(flipped, weak=True, order="one-at-a-time", player_order=[1, 0])
    assert d_first.game.strategies == (("M", "U"), ("L",))
    original = profiles(gt.solve(WEAK))
    assert ((1, 0, 0), (1, 0)) in original  # (U, L) is an equilibrium ...
    lifted = {tuple(tuple(F(x) for x in p) for p in u_first.lift(e.profile)) for e in gt.solve(u_first.game)}
    assert ((1, 0, 0), (1, 0)) not in lifted  # ... that one order of weak elimination loses
    assert lifted < original
    for r in (both, u_first, d_first):
        check_certificates(r)


def test_weak_dominance_by_a_mixture_only() -> None:
    # C = (1, 1, 0) is weakly dominated by 1/2 A + 1/2 B = (1, 1, 1), by no pure strategy.
    g = NormalFormGame.from_bimatrix([[2, 0, 1], [0, 2, 1], [1, 1, 0]], [[0] * 3] * 3,
                                     strategies=[["A", "B", "C"], ["x", "y", "z"]])
    assert eliminate_dominated(g).steps == ()
    assert eliminate_dominated(g, weak=True, mixed=False).steps == ()
    r = eliminate_dominated(g, weak=True)
    (step,) = r.steps
    assert step.dominator == {"A": F(1, 2), "B": F(1, 2)} and step.kind == "weak" and step.margin == 0
    f = find_dominator(g, 0, "C", weak=True, exact=False)
    assert f is not None and f.kind == "weak"


def test_weak_mode_still_reports_strict_removals_as_strict() -> None:
    r = eliminate_dominated(GIBBONS, weak=True)
    assert [s.kind for s in r.steps] == ["strict"] * 3 and r.diagnostics == (WEAK_DOMINANCE_WARNING,)


def test_duplicates_are_never_removed() -> None:
    # Identical strategies dominate each other neither strictly nor weakly.
    g = NormalFormGame.from_bimatrix([[1, 2], [1, 2], [0, 0]], [[1, 0], [1, 0], [0, 1]])
    for weak in (False, True):
        r = eliminate_dominated(g, weak=weak)
        assert r.kept[0] == (0, 1)


# ----------------------------------------------------------------------------- API details
def test_find_dominator_and_is_dominated() -> None:
    step = find_dominator(MIXED_ONLY, "Row", "B")
    assert step is not None and step.round == 1 and step.strategy_index == 2
    assert step.dominator == {"T": F(1, 2), "M": F(1, 2)}
    assert find_dominator(MIXED_ONLY, "Row", "T") is None
    assert is_dominated(MIXED_ONLY, 0, 2) and not is_dominated(MIXED_ONLY, 1, "L")
    pd = EXAMPLES["prisoners-dilemma"]()
    assert find_dominator(pd, 0, "Cooperate").dominator == {"Defect": 1}  # type: ignore[union-attr]
    with pytest.raises(GameError, match="unknown strategy"):
        is_dominated(pd, 0, "Nope")
    with pytest.raises(GameError, match="unknown player"):
        is_dominated(pd, "Nobody", 0)


def test_best_pure_dominator_is_recorded() -> None:
    # Both B and C beat A; C by more.
    g = NormalFormGame.from_bimatrix([[0, 0], [1, 1], [5, 2]], [[0, 0]] * 3, strategies=[["A", "B", "C"], ["x", "y"]])
    r = eliminate_dominated(g)
    assert [(s.strategy, s.dominator_text(), s.margin) for s in r.steps] == [("A", "C", 2), ("B", "C", 1)]


def test_options_are_checked() -> None:
    with pytest.raises(GameError, match="order"):
        eliminate_dominated(GIBBONS, order="random")
    with pytest.raises(GameError, match="player_order"):
        eliminate_dominated(GIBBONS, player_order=[0, 0])
    with pytest.raises(GameError, match="NormalFormGame"):
        eliminate_dominated([[1, 2], [3, 4]])  # type: ignore[arg-type]


def test_trivial_games() -> None:
    one = NormalFormGame.from_bimatrix([[5]], [[7]])
    r = eliminate_dominated(one)
    assert r.steps == () and r.game == one and r.rounds == 0
    flat = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[0, 0], [0, 0]])
    assert eliminate_dominated(flat, weak=True).steps == ()
    # a player with one strategy is left alone; the other still loses its dominated ones
    g = NormalFormGame.from_bimatrix([[0, 0, 0]], [[1, 2, 3]])
    assert eliminate_dominated(g).game.strategies == (("1",), ("3",))


def test_size_limit_for_mixed_dominance() -> None:
    big = NormalFormGame(np.zeros((1500, 1400, 2)), exact=False)
    with pytest.raises(GameSizeError, match="mixed=False"):
        eliminate_dominated(big)
    assert eliminate_dominated(big, mixed=False).steps == ()


def test_float_games_and_forced_arithmetic() -> None:
    g = NormalFormGame.from_bimatrix([[0.3, 0.0], [0.0, 0.3], [0.1, 0.1]], [[0.0] * 2] * 3)
    assert not g.is_exact
    f = eliminate_dominated(g)
    assert not f.exact and f.kept[0] == (0, 1) and isinstance(f.steps[0].margin, float)
    e = eliminate_dominated(g, exact=True)  # floats read as the decimals they print as
    assert e.exact and e.steps[0].dominator == {"1": F(1, 2), "2": F(1, 2)} and e.steps[0].margin == F(1, 20)
    assert e.game.is_exact
    # a tie up to rounding is not a strict domination in float arithmetic
    h = NormalFormGame.from_bimatrix([[0.1 + 0.2, 1.0], [0.3, 1.0]], [[0, 0], [0, 0]], exact=False)
    assert eliminate_dominated(h).steps == ()


def test_fractional_and_huge_payoffs_use_exact_integers() -> None:
    scale = F(10**40, 7)
    A = [[3 * scale, 0], [0, 3 * scale], [scale + F(1, 10**30), scale]]
    g = NormalFormGame.from_bimatrix(A, [[0, 0]] * 3)
    r = eliminate_dominated(g)
    (step,) = r.steps
    # the largest margin: equal advantage against both columns, sigma_1 - sigma_2 = delta / (3 scale)
    delta = F(1, 10**30)
    assert step.dominator == {"1": F(1, 2) + delta / (6 * scale), "2": F(1, 2) - delta / (6 * scale)}
    assert step.margin == scale / 2 - delta / 2
    check_certificates(r)
    # a strategy beaten by a hair, far below float resolution, is still found exactly
    eps = F(1, 10**30)
    g2 = NormalFormGame.from_bimatrix([[1 + eps, 1 + eps], [1, 1], [0, 3]], [[0, 0]] * 3)
    (s2,) = eliminate_dominated(g2).steps
    assert s2.strategy == "2" and s2.margin == eps


def test_affine_payoff_changes_do_not_matter() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        shape = (3, 3, 2)
        arrays = [rng.integers(0, 4, shape) for _ in range(3)]
        g = NormalFormGame.from_arrays(*arrays)
        h = NormalFormGame.from_arrays(*[a * F(7, 3) - 11 for a in arrays])
        rg, rh = eliminate_dominated(g), eliminate_dominated(h)
        assert rg.kept == rh.kept
        assert [s.margin * F(7, 3) for s in rg.steps] == [s.margin for s in rh.steps]


def test_never_removes_on_float_evidence_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without any exact certificate the LP's float answer is not acted on: B is kept and
    # the result says why.
    monkeypatch.setattr(dom_mixed, "active_set_candidates", lambda *a, **k: iter(()))
    monkeypatch.setattr(dom_mixed, "rounded_candidates", lambda *a, **k: iter(()))
    r = eliminate_dominated(MIXED_ONLY)
    assert r.steps == () and r.kept[0] == (0, 1, 2)
    assert len(r.diagnostics) == 1 and "could not certify" in r.diagnostics[0] and "B" in r.diagnostics[0]
    with pytest.warns(RuntimeWarning, match="could not certify"):
        assert find_dominator(MIXED_ONLY, "Row", "B") is None
    # float mode needs no certificate
    assert len(eliminate_dominated(MIXED_ONLY, exact=False).steps) == 1


def test_result_json_and_lift() -> None:
    r = eliminate_dominated(MIXED_ONLY)
    doc = json.loads(json.dumps(r.to_json()))
    assert doc["steps"] == [
        {"round": 1, "player": "Row", "strategy": "B", "dominated_by": {"T": "1/2", "M": "1/2"},
         "kind": "strict", "margin": "1/2"}
    ]
    assert doc["kept"] == {"Row": ["T", "M"], "Column": ["L", "R"]} and doc["reduced_shape"] == [2, 2]
    assert doc["arithmetic"] == "exact" and doc["weak"] is False and doc["diagnostics"] == []
    assert r.lift([[F(1, 2), F(1, 2)], [1, 0]]) == ((F(1, 2), F(1, 2), 0), (1, 0))
    assert r.kept_names == (("T", "M"), ("L", "R"))


# ----------------------------------------------------------------------------- properties
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrices(max_size=5, hi=4))
def test_strict_elimination_keeps_exactly_the_equilibria(g: NormalFormGame) -> None:
    r = eliminate_dominated(g)
    original = gt.solve(g)
    # no equilibrium uses a removed strategy
    for e in original:
        for probs, kept in zip(e.profile, r.kept):
            assert all(p == 0 for k, p in enumerate(probs) if k not in kept)
    # and the reduced game has exactly the same (extreme) equilibria
    reduced = {tuple(tuple(F(x) for x in p) for p in r.lift(e.profile)) for e in gt.solve(r.game)}
    assert reduced == profiles(original)
    check_certificates(r)
    assert r.diagnostics == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=3, hi=3))
def test_strict_elimination_keeps_pure_equilibria_n_players(g: NormalFormGame) -> None:
    r = eliminate_dominated(g)
    before = {tuple(e.support()) for e in gt.solve(g, "pure")}
    after = {tuple(e.support()) for e in gt.solve(r.game, "pure")}
    assert before == after
    check_certificates(r)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=4, hi=3), st.randoms(use_true_random=False))
def test_strict_elimination_is_order_independent(g: NormalFormGame, rnd: Any) -> None:
    base = eliminate_dominated(g)
    for order in ORDERS:
        players = list(range(g.num_players))
        rnd.shuffle(players)
        r = eliminate_dominated(g, order=order, player_order=players)
        assert r.kept == base.kept, (order, players)
        check_certificates(r)
        assert eliminate_dominated(g, order=order, player_order=players, mixed=False).kept == \
            eliminate_dominated(g, mixed=False).kept


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=4, hi=4), st.booleans())
def test_exact_and_float_agree_on_integer_games(g: NormalFormGame, weak: bool) -> None:
    e = eliminate_dominated(g, weak=weak)
    f = eliminate_dominated(g, weak=weak, exact=False)
    assert e.kept == f.kept
    assert [(s.round, s.player, s.strategy, s.kind) for s in e.steps] == [
        (s.round, s.player, s.strategy, s.kind) for s in f.steps
    ]
    check_certificates(e)
    check_certificates(f)
    assert not any("certify" in w for w in e.diagnostics)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=4, hi=3))
def test_survivors_are_undominated_by_an_independent_lp(g: NormalFormGame) -> None:
    r = eliminate_dominated(g)
    for i in range(g.num_players):
        for j in range(r.game.shape[i]):
            assert independent_lp_margin(r.game, i, j) < 1e-7
    # and every removed strategy was dominated in its round, by at least the recorded margin
    for k, step in enumerate(r.steps):
        _, h = game_at_step(r, k)
        j = h.strategies[step.player_index].index(step.strategy)
        best = independent_lp_margin(h, step.player_index, j)
        assert best > 1e-9 and best >= float(step.margin) - 1e-7
        if step.is_mixed:  # the exact certificate is the LP optimum (rebuilt from its tight constraints)
            assert best == pytest.approx(float(step.margin), abs=1e-7)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=4, hi=3))
def test_mixed_removes_at_least_what_pure_removes(g: NormalFormGame) -> None:
    for weak in (False, True):
        pure = eliminate_dominated(g, mixed=False, weak=weak)
        mixed = eliminate_dominated(g, weak=weak)
        if not weak:
            assert all(set(m) <= set(p) for m, p in zip(mixed.kept, pure.kept))
        check_certificates(pure)
        assert all(not s.is_mixed for s in pure.steps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(games(max_players=3, max_strategies=4, hi=3))
def test_pure_elimination_matches_pygambit(g: NormalFormGame) -> None:
    g = relabel(g)
    # strict: any order gives the same result, in particular gambit's simultaneous rounds
    strict = eliminate_dominated(g, mixed=False)
    assert strict.game.strategies == gambit_iterated(g, strict=True)
    # weak: gambit removes every weakly dominated strategy each round, like all-at-once
    weak = eliminate_dominated(g, mixed=False, weak=True, order="all-at-once")
    assert weak.game.strategies == gambit_iterated(g, strict=False)


def test_pygambit_undominated_drops_a_tied_strategy() -> None:
    # A discrepancy found while cross-checking: for payoffs (0, 1, 1, 0) against a single
    # opponent profile, strategies 2 and 3 tie, so neither strictly dominates the other and
    # both must survive. pygambit 16.7's undominated_strategies_solve(strict=True) keeps only
    # 2, although its own is_dominated(3, strict=True) is False. We keep both.
    gbt = import_pygambit()
    from pygambit.supports import undominated_strategies_solve

    g = NormalFormGame.from_bimatrix([[0], [1], [1], [0]], [[0], [0], [0], [0]])
    assert eliminate_dominated(g).game.strategies == (("2", "3"), ("1",))
    assert gambit_iterated(g, strict=True) == (("2", "3"), ("1",))
    gg = to_gambit(g)
    row = list(gg.players)[0]
    kept = [s.label for s in undominated_strategies_solve(gg, strict=True)[row]]
    support = gg.strategy_support_profile()
    assert not support.is_dominated(list(row.strategies)[2], True)
    if kept != ["2"]:  # pragma: no cover - the pygambit bug has been fixed
        assert kept == ["2", "3"], gbt.__version__


def test_random_games_with_many_dominated_strategies() -> None:
    # Games built so that rows are dominated by mixtures of other rows, several rounds deep.
    rng = np.random.default_rng(17)
    found_mixed = 0
    for _ in range(30):
        m, n = 6, 5
        A = rng.integers(0, 10, (m, n))
        w = rng.dirichlet(np.ones(2))
        A[-1] = np.floor(w[0] * A[0] + w[1] * A[1]) - 1  # below a mixture of rows 0 and 1
        B = rng.integers(0, 10, (m, n))
        g = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        r = eliminate_dominated(g)
        assert m - 1 not in r.kept[0]
        found_mixed += sum(s.is_mixed for s in r.steps)
        check_certificates(r)
        assert profiles(gt.solve(g)) == {
            tuple(tuple(F(x) for x in p) for p in r.lift(e.profile)) for e in gt.solve(r.game)
        }
    assert found_mixed >= 10


# ----------------------------------------------------------------------------- command line
@click.group()
def _group() -> None:
    """Test group holding only `reduce` (it is registered on the real CLI separately)."""


_group.add_command(reduce_command)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(_group, list(args), input=input, prog_name="gametheory")


GIBBONS_NFG = """NFG 1 R "Gibbons (1992), Figure 1.1.1" { "Player 1" "Player 2" }
{ { "Up" "Down" } { "Left" "Middle" "Right" } }
""

1 0 0 3 1 2 0 1 0 1 2 0
"""


def test_cli_text_report(tmp_path: Path) -> None:
    path = tmp_path / "gibbons.nfg"
    path.write_text(GIBBONS_NFG)
    res = run("reduce", str(path))
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("Gibbons (1992), Figure 1.1.1: 2 x 3 game reduced to 1 x 1 (strict dominance")
    assert "3 rounds" in lines[0]
    assert lines[1].split() == ["round", "player", "removed", "dominated", "by", "kind", "margin"]
    assert lines[2].split() == ["1", "Player", "2", "Right", "Middle", "strict", "1"]
    assert lines[-3:] == ["remaining:", "  Player 1  Up", "  Player 2  Middle"]


def test_cli_mixed_inline_json_and_output(tmp_path: Path) -> None:
    out = tmp_path / "reduced.json"
    res = run("reduce", "--row", "3 0; 0 3; 1 1", "--col", "1 0; 0 1; 0 0", "-f", "json", "--output", str(out))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["steps"][0]["dominated_by"] == {"1": "1/2", "2": "1/2"}
    assert doc["reduced_shape"] == [2, 2]
    reduced = gt.read_game(out)
    assert reduced.strategies == (("1", "2"), ("1", "2"))
    assert reduced.payoffs.tolist() == MIXED_ONLY.payoffs[:2].tolist()
    nfg = tmp_path / "reduced.nfg"
    assert run("reduce", "--example", "prisoners-dilemma", "-o", str(nfg)).exit_code == 0
    assert gt.read_game(nfg).strategies == (("Defect",), ("Defect",))


def test_cli_options(tmp_path: Path) -> None:
    mixed = ["--row", "3 0; 0 3; 1 1", "--col", "1 0; 0 1; 0 0"]
    assert "no strategy is dominated" in run("reduce", *mixed, "--pure-only").output
    assert "{1: 0.5, 2: 0.5}" in run("reduce", *mixed, "--float").output
    weak = run("reduce", "--row", "1 0; 1 2; 0 2", "--col", "1 0; 1 1; 0 1", "--weak")
    assert weak.exit_code == 0 and "note: weak dominance: the order of elimination matters" in weak.output
    one = run("reduce", "--row", "1 0; 1 2; 0 2", "--col", "1 0; 1 1; 0 1", "--weak", "--order", "one-at-a-time")
    assert one.exit_code == 0 and "2 rounds" in one.output.splitlines()[0]
    stdin = run("reduce", "-", input=GIBBONS_NFG)
    assert stdin.exit_code == 0 and "Player 2  Middle" in stdin.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["reduce", "missing.nfg"], "missing.nfg"),
        (["reduce", "--example", "prisoners-dilemma", "--output", "x.txt"], "--output x.txt"),
        (["reduce", "--row", "1 2; 3"], "row 2"),
        (["reduce", "--row", "1 2", "--col", "1 2; 3 4"], "must match"),
    ],
)
def test_cli_errors_are_one_line(args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = run(*args)
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0]
    assert "Traceback" not in res.output


def test_cli_size_error_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dom, "MAX_LP_PROFILES", 5)  # what the command line reads
    monkeypatch.setattr(dom_eliminate, "MAX_LP_PROFILES", 5)  # what the engine reads
    res = run("reduce", "--example", "rock-paper-scissors")
    assert res.exit_code == 1
    assert res.output.startswith("Error: 3 x 3 game has 9 pure profiles") and "use --pure-only" in res.output
    assert run("reduce", "--example", "rock-paper-scissors", "--pure-only").exit_code == 0


def test_cli_usage_errors_exit_2() -> None:
    assert run("reduce").exit_code == 2
    assert run("reduce", "--format", "csv", "--example", "chicken").exit_code == 2


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_builtin_examples_reduce_without_losing_equilibria(name: str) -> None:
    g = EXAMPLES[name]()
    r = eliminate_dominated(g)
    assert {tuple(tuple(F(x) for x in p) for p in r.lift(e.profile)) for e in gt.solve(r.game)} == profiles(gt.solve(g))
    res = run("reduce", "--example", name)
    assert res.exit_code == 0 and "remaining:" in res.output


def test_timing_three_by_four_by_five_is_fast() -> None:
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_arrays(*[rng.integers(0, 100, (3, 4, 5)) for _ in range(3)])
    eliminate_dominated(g)  # warm up imports
    r = eliminate_dominated(g)
    assert r.elapsed < 2.0
    assert all(isinstance(x, int) for x in itertools.chain.from_iterable(r.kept))
