"""Coalitional games: Shapley value, power indices, core and least core (gametheory.cooperative.coalitional).

Known answers come from the literature (cited per test). Properties are checked on random
games with hypothesis: the Shapley axioms (efficiency, symmetry, null/dummy player), power
indices summing to 1, the dynamic programme for weighted voting agreeing with enumeration of
all coalitions, and least-core results agreeing with an independent floating-point LP and with
their own exact certificates.
"""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from gametheory import GameError, GameSizeError
from gametheory.cooperative.coalitional import (
    CoalitionalGame,
    LeastCoreResult,
    ValueResult,
    WeightedVotingGame,
    banzhaf_index,
    in_core,
    is_convex,
    is_core_empty,
    is_superadditive,
    least_core,
    max_excess,
    shapley_shubik_index,
    shapley_value,
)

F = Fraction


def glove_game(left: int, right: int) -> CoalitionalGame:
    """A glove market: a pair (one left, one right glove) is worth 1."""
    lefts = [f"L{k + 1}" for k in range(left)]
    rights = [f"R{k + 1}" for k in range(right)]
    return CoalitionalGame.from_function(
        lefts + rights, lambda S: min(len(S & set(lefts)), len(S & set(rights)))
    )


def majority3() -> CoalitionalGame:
    return CoalitionalGame.from_function(["a", "b", "c"], lambda S: int(len(S) >= 2))


@st.composite
def games(draw: st.DrawFn, max_players: int = 5, hi: int = 6) -> CoalitionalGame:
    n = draw(st.integers(2, max_players))
    values = draw(st.lists(st.integers(-2, hi), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    names = [f"p{k}" for k in range(n)]
    table = {}
    for mask in range(1, 1 << n):
        table[frozenset(names[k] for k in range(n) if mask >> k & 1)] = values[mask - 1]
    return CoalitionalGame(names, table)


def float_least_core(game: CoalitionalGame) -> float:
    """An independent float LP for the least-core value (HiGHS via scipy)."""
    n = game.n
    rows, rhs = [], []
    for S, v in game.coalitions():
        if 0 < len(S) < n:
            rows.append([-(p in S) for p in game.players] + [-1])
            rhs.append(-float(v))
    res = linprog(
        [0] * n + [1], A_ub=rows, b_ub=rhs, A_eq=[[1] * n + [0]], b_eq=[float(game.value(game.players))],
        bounds=[(None, None)] * (n + 1), method="highs",
    )
    assert res.status == 0
    return float(res.fun)


# ============================================================================ construction
def test_game_from_mapping_and_access() -> None:
    g = CoalitionalGame(["A", "B"], {"A": 1, ("B",): 2, frozenset({"A", "B"}): 5})
    assert g.n == 2 and g.arithmetic == "exact"
    assert g.value({"A", "B"}) == 5 and g.value("A") == 1 and g.value(()) == 0
    assert [v for _, v in g.coalitions()] == [0, 1, 2, 5]


def test_game_default_fills_missing_coalitions() -> None:
    g = CoalitionalGame(["A", "B", "C"], {("A", "B", "C"): 1}, default=0)
    assert g.value({"A", "B"}) == 0


@pytest.mark.parametrize(
    "call, error, message",
    [
        pytest.param(lambda: CoalitionalGame([], {}), GameError, "CoalitionalGame: players: the player set is empty", id="empty"),
        pytest.param(lambda: CoalitionalGame(["A", "A"], {}), GameError, "players: duplicate player 'A'", id="duplicate"),
        pytest.param(lambda: CoalitionalGame(["A", 1], {}), GameError, "players: names must be non-empty strings", id="name"),
        pytest.param(lambda: CoalitionalGame(["A"], {"A": float("nan")}), GameError, r"v\(\{A\}\).*not finite", id="nan"),
        pytest.param(lambda: CoalitionalGame(["A", "B"], {"A": 1, "B": 1}), GameError, r"1 coalition\(s\) have no worth, e.g. \{A, B\}", id="missing"),
        pytest.param(lambda: CoalitionalGame(["A"], {"A": 1, (): 2}), GameError, r"v\(empty set\) must be 0", id="empty-worth"),
        pytest.param(lambda: CoalitionalGame(["A"], {"Z": 1}), GameError, "unknown player 'Z'", id="unknown"),
        pytest.param(lambda: CoalitionalGame(["A"], {"A": 1, ("A",): 2}), GameError, r"coalition \{A\} is given twice", id="twice"),
        pytest.param(lambda: CoalitionalGame(["A"], {"A": True}), GameError, "boolean", id="bool"),
        pytest.param(
            lambda: CoalitionalGame.from_function([f"p{k}" for k in range(21)], len), GameSizeError, "21 players; at most 20", id="too-many"
        ),
        pytest.param(lambda: CoalitionalGame.from_function(["A"], lambda S: 1 / 0), GameError, "raised ZeroDivisionError", id="raises"),
        pytest.param(lambda: WeightedVotingGame(3, []), GameError, "WeightedVotingGame: weights: the player set is empty", id="wv-empty"),
        pytest.param(lambda: WeightedVotingGame(3, [1, -1, 4]), GameError, r"weights\[1\] must be nonnegative", id="wv-neg"),
        pytest.param(lambda: WeightedVotingGame(0, [1, 2]), GameError, "quota must be positive", id="wv-quota0"),
        pytest.param(lambda: WeightedVotingGame(4, [1, 2]), GameError, "quota 4 exceeds the total weight 3", id="wv-quota"),
        pytest.param(lambda: WeightedVotingGame(2, [1, 2], ["x", "x"]), GameError, "duplicate player 'x'", id="wv-dup"),
        pytest.param(lambda: WeightedVotingGame(2, [1, float("nan")]), GameError, r"weights\[1\].*not finite", id="wv-nan"),
        pytest.param(lambda: shapley_value("game"), GameError, "shapley_value: game must be a CoalitionalGame", id="type"),
        pytest.param(lambda: least_core(CoalitionalGame(["A"], {"A": 1})), GameError, "least_core: needs at least two players", id="one"),
        pytest.param(
            lambda: in_core(majority3(), [1, 0]), GameError, "in_core: allocation has 2 payoffs for 3 players", id="alloc-length"
        ),
        pytest.param(lambda: in_core(majority3(), {"a": 1, "b": 0}), GameError, "no payoff for player 'c'", id="alloc-missing"),
    ],
)
def test_bad_input(call: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


# ============================================================================ Shapley value
def test_glove_game_shapley_and_core() -> None:
    """One left glove, two right gloves: the left glove is pivotal in 4 of the 3! orders, so the
    Shapley value (Shapley 1953) is (2/3, 1/6, 1/6) (hand computation); the core is the single
    allocation (1, 0, 0), the scarce side taking all (Shapley & Shubik 1969, market games)."""
    g = glove_game(1, 2)
    sv = shapley_value(g)
    assert isinstance(sv, ValueResult) and sv.arithmetic == "exact"
    assert sv.by_name() == {"L1": F(2, 3), "R1": F(1, 6), "R2": F(1, 6)}
    assert sv["L1"] == F(2, 3)
    assert in_core(g, [1, 0, 0]) is True
    assert in_core(g, sv.values) is False
    lc = least_core(g)
    assert lc.epsilon == 0 and lc.allocation == (1, 0, 0) and not lc.core_empty and lc.certified


def test_glove_market_core_gives_scarce_side_everything() -> None:
    """With 2 left and 3 right gloves the core gives each left glove 1 and right gloves 0
    (Shapley & Shubik 1969, market games)."""
    g = glove_game(2, 3)
    assert in_core(g, [1, 1, 0, 0, 0])
    assert not in_core(g, [F(9, 10), 1, F(1, 10), 0, 0])
    lc = least_core(g)
    assert lc.allocation == (1, 1, 0, 0, 0) and lc.epsilon == 0


def test_symbolic_shapley_value() -> None:
    a, b = sympy.symbols("a b", positive=True)
    g = CoalitionalGame(["X", "Y", "Z"], {"X": a, "Y": 0, "Z": 0, ("X", "Y"): b, ("X", "Z"): b, ("Y", "Z"): 0,
                                          ("X", "Y", "Z"): 1})
    sv = shapley_value(g)
    assert sv.arithmetic == "symbolic"
    assert sympy.simplify(sum(sv.values) - 1) == 0
    # X: a/3 + 2 * (b/6) + (1/3) (1 - 0) ; hand computation of the weighted marginal contributions
    assert sympy.simplify(sv.values[0] - (a / 3 + b / 3 + F(1, 3))) == 0
    assert sympy.simplify(sv.values[1] - sv.values[2]) == 0


def test_float_game() -> None:
    g = CoalitionalGame(["A", "B"], {"A": 0.5, "B": 0.25, ("A", "B"): 1.0})
    sv = shapley_value(g)
    assert sv.arithmetic == "float" and sv.values == pytest.approx((0.625, 0.375))
    lc = least_core(g)
    assert lc.arithmetic == "float" and not lc.certified and lc.epsilon == pytest.approx(-0.125)


@settings(max_examples=40, deadline=None)
@given(games())
def test_shapley_efficiency_and_additivity(g: CoalitionalGame) -> None:
    sv = shapley_value(g)
    assert sum(sv.values) == g.value(g.players)
    doubled = CoalitionalGame.from_function(g.players, lambda S: 2 * g.value(S))
    assert shapley_value(doubled).values == tuple(2 * v for v in sv.values)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.lists(st.integers(-3, 9), min_size=6, max_size=6), st.integers(-2, 4))
def test_shapley_symmetry_and_dummy(n: int, by_size: list[int], dummy_worth: int) -> None:
    """Symmetric players (worth depends on size only) get equal values; a dummy player who adds
    exactly its own worth to every coalition gets that worth (Shapley 1953, axioms)."""
    names = [f"p{k}" for k in range(n)] + ["dummy"]

    def v(S: frozenset[str]) -> int:
        core = len(S - {"dummy"})
        return (by_size[core] if core else 0) + (dummy_worth if "dummy" in S else 0)

    sv = shapley_value(CoalitionalGame.from_function(names, v))
    assert len(set(sv.values[:-1])) == 1
    assert sv["dummy"] == dummy_worth


def test_shapley_twenty_players_fast() -> None:
    """At the size limit (2**20 coalitions) the exact Shapley value takes seconds, not minutes."""
    names = [f"p{k}" for k in range(20)]
    weights = {p: k + 1 for k, p in enumerate(names)}
    g = CoalitionalGame.from_function(names, lambda S: sum(weights[p] for p in S) ** 2 // 7)
    start = time.perf_counter()
    sv = shapley_value(g)
    assert time.perf_counter() - start < 20
    assert sum(sv.values) == g.value(names)


# ============================================================================ weighted voting
def test_un_security_council_shapley_shubik() -> None:
    """The 15-member UN Security Council as [39; 7,7,7,7,7,1,...,1]: permanent members 421/2145
    (about 0.1963) each, non-permanent 4/2145 (about 0.00186) each (the index of Shapley & Shubik
    1954, whose paper treated the 11-member council; see the next test). The dynamic programme is
    checked against enumerating all 2**15 coalitions."""
    un = WeightedVotingGame(39, [7] * 5 + [1] * 10)
    ss = shapley_shubik_index(un)
    assert ss.method == "dynamic-programming"
    assert ss.values[:5] == (F(421, 2145),) * 5 and ss.values[5:] == (F(4, 2145),) * 10
    assert float(ss.values[0]) == pytest.approx(0.1963, abs=1e-4)
    assert float(ss.values[5]) == pytest.approx(0.00186, abs=1e-5)
    assert sum(ss.values) == 1
    assert shapley_value(un.to_coalitional()).values == ss.values


def test_un_security_council_1954() -> None:
    """Shapley & Shubik (1954): in the 11-member council the five permanent members together hold
    76/77 of the power."""
    ss = shapley_shubik_index(WeightedVotingGame(37, [7] * 5 + [1] * 6))
    assert sum(ss.values[:5]) == F(76, 77) and ss.values[5] == F(1, 462)


def test_un_security_council_banzhaf() -> None:
    """Banzhaf swings by hand: a permanent member swings in every coalition with the other four and
    at least four non-permanent members (sum_{k>=4} C(10, k) = 848); a non-permanent member with
    all five and exactly three others (C(9, 3) = 84)."""
    bz = banzhaf_index(WeightedVotingGame(39, [7] * 5 + [1] * 10))
    assert bz.counts == (848,) * 5 + (84,) * 10
    assert bz.values[0] == F(848, 5080) and bz.absolute()[0] == F(848, 2**14)
    assert banzhaf_index(WeightedVotingGame(39, [7] * 5 + [1] * 10).to_coalitional()).values == bz.values


def test_weighted_voting_fifty_players() -> None:
    rng = random.Random(7)
    weights = [rng.randint(1, 30) for _ in range(50)]
    game = WeightedVotingGame(sum(weights) // 2 + 1, weights)
    start = time.perf_counter()
    ss, bz = shapley_shubik_index(game), banzhaf_index(game)
    assert time.perf_counter() - start < 5
    assert sum(ss.values) == 1 and sum(bz.values) == 1
    for a, b in itertools.combinations(range(50), 2):
        if weights[a] == weights[b]:
            assert ss.values[a] == ss.values[b]
        elif weights[a] < weights[b]:
            assert ss.values[a] <= ss.values[b] and bz.values[a] <= bz.values[b]


def test_weighted_voting_rational_and_float_weights() -> None:
    exact = WeightedVotingGame(F(1, 2), [F(1, 4), F(1, 4), F(1, 2)])
    assert shapley_shubik_index(exact).values == (F(1, 6), F(1, 6), F(2, 3))
    floats = WeightedVotingGame(0.5, [0.25, 0.25, 0.5])
    assert floats.arithmetic == "float"
    assert shapley_shubik_index(floats).values == pytest.approx((1 / 6, 1 / 6, 2 / 3))
    assert exact.is_winning({"Player 3"}) and not exact.is_winning(["Player 1"])
    assert shapley_value(exact).concept == "shapley-shubik"


def test_weighted_voting_dummy_and_veto_players() -> None:
    g = WeightedVotingGame(5, [4, 1, 1, 0])  # player 1 is a veto player; player 4 has no weight
    ss = shapley_shubik_index(g)
    assert ss.values[3] == 0 and ss.values[0] > F(1, 2)
    assert sum(ss.values) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=8), st.floats(0.01, 1))
def test_weighted_voting_dp_matches_enumeration(weights: list[int], share: float) -> None:
    total = sum(weights)
    if total == 0:
        return
    quota = max(1, int(round(share * total)))
    game = WeightedVotingGame(quota, weights)
    ss = shapley_shubik_index(game)
    assert sum(ss.values) == 1
    enum = shapley_value(game.to_coalitional())
    assert enum.values == ss.values
    if any(c for c in banzhaf_index(game).counts):
        assert banzhaf_index(game).values == banzhaf_index(game.to_coalitional()).values


# ============================================================================ core and least core
def test_majority_game_has_empty_core() -> None:
    """Three-player majority game: the core is empty; the least core is (1/3, 1/3, 1/3) with
    epsilon = 1/3; the pairs with weight 1/2 each form the Bondareva-Shapley certificate
    (1/2 + 1/2 + 1/2 = 3/2 > 1 = v(N))."""
    g = majority3()
    lc = least_core(g)
    assert isinstance(lc, LeastCoreResult)
    assert lc.epsilon == F(1, 3) and lc.allocation == (F(1, 3),) * 3 and lc.core_empty
    assert lc.certified and lc.method == "exact-simplex"
    assert sorted((sorted(S), w) for S, w in lc.balancing_weights) == [
        (["a", "b"], F(1, 2)), (["a", "c"], F(1, 2)), (["b", "c"], F(1, 2))
    ]
    assert sum(w * g.value(S) for S, w in lc.balancing_weights) == F(3, 2)
    assert is_core_empty(g)
    assert max_excess(g, lc.allocation) == F(1, 3)


@pytest.mark.parametrize(
    "pair, epsilon",
    [
        pytest.param(0, F(-1, 3), id="no-pair-value"),
        pytest.param(F(1, 2), F(-1, 6), id="pair-half"),
        pytest.param(F(2, 3), 0, id="core-a-point"),
        pytest.param(F(3, 4), F(1, 12), id="core-empty"),
        pytest.param(1, F(1, 3), id="majority"),
    ],
)
def test_symmetric_three_player_least_core(pair: Fraction, epsilon: Fraction) -> None:
    """v(i) = 0, v(ij) = a, v(N) = 1: by symmetry the least core is (1/3, 1/3, 1/3) with
    epsilon = max(a - 2/3, -1/3) (Maschler, Peleg & Shapley 1979; hand-derived)."""
    g = CoalitionalGame.from_function(["a", "b", "c"], lambda S: {0: 0, 1: 0, 2: pair, 3: 1}[len(S)])
    lc = least_core(g)
    assert lc.epsilon == epsilon and lc.core_empty is (epsilon > 0) and lc.certified
    assert lc.allocation == (F(1, 3),) * 3


@settings(max_examples=40, deadline=None)
@given(games(max_players=6))
def test_least_core_is_certified_and_agrees_with_float_lp(g: CoalitionalGame) -> None:
    lc = least_core(g)
    assert lc.certified
    assert float(lc.epsilon) == pytest.approx(float_least_core(g), abs=1e-7)
    assert sum(lc.allocation) == g.value(g.players)
    assert max_excess(g, lc.allocation) == lc.epsilon
    # the balancing weights: balanced, and they prove the value
    for p in g.players:
        assert sum(w for S, w in lc.balancing_weights if p in S) == 1
    total = sum(w for _, w in lc.balancing_weights)
    assert sum(w * g.value(S) for S, w in lc.balancing_weights) - g.value(g.players) == lc.epsilon * total
    assert is_core_empty(g) is (lc.epsilon > 0)
    if lc.epsilon <= 0:
        assert in_core(g, lc.allocation)


def test_least_core_larger_game_uses_warm_start() -> None:
    rng = random.Random(11)
    names = [f"p{k}" for k in range(10)]
    g = CoalitionalGame.from_function(names, lambda S: rng.randint(0, 3 * len(S)) if S else 0)
    lc = least_core(g)
    assert lc.certified and float(lc.epsilon) == pytest.approx(float_least_core(g), abs=1e-7)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 5), st.lists(st.integers(0, 4), min_size=5, max_size=5))
def test_convex_games_contain_their_shapley_value(n: int, increments: list[int]) -> None:
    """Shapley (1971): a convex game's core is non-empty and contains the Shapley value. Worth
    f(|S|) with f convex (increasing increments) makes the game convex."""
    f = [0]
    step = 0
    for k in range(n):
        step += increments[k]
        f.append(f[-1] + step)
    g = CoalitionalGame.from_function([f"p{k}" for k in range(n)], lambda S: f[len(S)])
    assert is_convex(g) and is_superadditive(g)
    assert in_core(g, shapley_value(g).values)
    assert not is_core_empty(g)


@pytest.mark.parametrize(
    "game, superadditive, convex",
    [
        pytest.param(majority3, True, False, id="majority"),
        pytest.param(lambda: glove_game(1, 2), True, False, id="glove"),
        pytest.param(lambda: CoalitionalGame.from_function(["a", "b", "c"], lambda S: len(S) ** 2), True, True, id="square"),
        pytest.param(lambda: CoalitionalGame.from_function(["a", "b"], lambda S: {0: 0, 1: 2, 2: 3}[len(S)]), False, False, id="sub"),
    ],
)
def test_structure_checks(game: object, superadditive: bool, convex: bool) -> None:
    g = game()  # type: ignore[operator]
    assert is_superadditive(g) is superadditive
    assert is_convex(g) is convex


def test_core_checks_need_numbers() -> None:
    a = sympy.Symbol("a")
    g = CoalitionalGame(["A", "B"], {"A": a, "B": 0, ("A", "B"): 1})
    with pytest.raises(GameError, match="least_core: needs numeric coalition values"):
        least_core(g)
    with pytest.raises(GameError, match="is_convex: needs numeric coalition values"):
        is_convex(g)


def test_float_allocation_tolerance() -> None:
    g = majority3()
    assert not in_core(g, [1 / 3, 1 / 3, 1 / 3])
    glove = glove_game(1, 2)
    assert in_core(glove, [1.0 - 1e-12, 1e-12, 0.0])
    assert isinstance(max_excess(glove, np.array([1.0, 0.0, 0.0])), float)


def test_huge_scaled_weights_do_not_overflow() -> None:
    # Weights whose common denominator makes the scaled integers exceed 64 bits (found by the
    # alliance model): counted with Python integers, exactly.
    w = [Fraction(10**12 + 39, 10**7 + 19), Fraction(5 * 10**11 + 1, 10**7 + 79), Fraction(3, 7), Fraction(2, 3)]
    import gametheory as gt

    g = gt.WeightedVotingGame(sum(w) / 2, w)
    # player 1 alone holds more than half of the total weight: a dictator
    assert gt.shapley_shubik_index(g).values == (1, 0, 0, 0)
    assert gt.banzhaf_index(g).values == (1, 0, 0, 0)


# --------------------------------------------------------------------------- result protocol
def test_every_result_is_a_result_with_json() -> None:
    import json

    from gametheory._kernel.results import Result

    glove = CoalitionalGame.from_function(
        ["L", "R1", "R2"], lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"}))
    )
    a = sympy.Symbol("a", positive=True)
    symbolic = CoalitionalGame(["A", "B"], {"A": 0, "B": 0, ("A", "B"): a})
    voting = WeightedVotingGame(3, [2, 1, 1])
    results = [
        shapley_value(glove),
        shapley_value(symbolic),
        banzhaf_index(voting),
        shapley_shubik_index(voting),
        least_core(glove),
        least_core(CoalitionalGame(["A", "B"], {"A": 0.0, "B": 0.0, ("A", "B"): 1.0})),
    ]
    for r in results:
        assert isinstance(r, Result)
        doc = json.loads(json.dumps(r.to_json()))
        assert doc["arithmetic"] == r.arithmetic and doc["method"] == r.method
        assert doc["elapsed_seconds"] >= 0 and isinstance(doc["diagnostics"], list)
    assert results[0].to_json()["values"] == ["2/3", "1/6", "1/6"]
    assert results[1].to_json()["values"] == ["a/2", "a/2"]
    assert results[3].to_json()["counts"] == [4, 1, 1]
    lc = results[4].to_json()
    assert lc["allocation"] == ["1", "0", "0"] and lc["certified"] is True
    assert all(set(w) == {"coalition", "weight"} for w in lc["balancing_weights"])
    assert results[5].to_json()["arithmetic"] == "float"


def test_old_module_path_keeps_every_public_name() -> None:
    """``gametheory.coalitional`` (before 0.2) and ``gametheory.cooperative.coalitional`` still
    give every name the single module had; the algorithms live in ``power`` and ``core``."""
    import importlib
    import warnings

    from gametheory.cooperative import core, power

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = importlib.import_module("gametheory.coalitional")
    for name in (
        "CoalitionalGame", "WeightedVotingGame", "ValueResult", "LeastCoreResult", "shapley_value",
        "shapley_shubik_index", "banzhaf_index", "in_core", "max_excess", "least_core", "is_core_empty",
        "is_superadditive", "is_convex", "MAX_PLAYERS", "MAX_SYMBOLIC_PLAYERS", "MAX_SUPERADDITIVE_PLAYERS",
        "MAX_DP_CELLS", "Value",
    ):
        assert hasattr(old, name), name
    assert old.least_core is core.least_core and old.shapley_value is power.shapley_value
