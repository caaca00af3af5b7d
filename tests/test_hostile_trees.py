"""Issue 14 (trees): float chance probabilities that sum to 1 only within rounding, huge exact
payoffs in trees."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import permutations
from typing import Any

import pytest

import gametheory as gt
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.nodes import chance, decision

SIXTH = 1 / 6  # six of them sum to 0.9999999999999999 in floating point


def kuhn_poker(p: float = SIXTH) -> ExtensiveGame:
    """Kuhn (1950) poker with float payoffs and the deal's probabilities as floats, as
    pygambit's own tests build it."""
    rank = {"J": 1, "Q": 2, "K": 3}
    deals: dict[str, Any] = {}
    for c1, c2 in permutations("JQK", 2):
        win = 1.0 if rank[c1] > rank[c2] else -1.0
        after_check = decision("Bob", {
            "check": (win, -win),
            "bet": decision("Alice", {"fold": (-1.0, 1.0), "call": (2 * win, -2 * win)}, infoset=f"Alice {c1} check-bet"),
        }, infoset=f"Bob {c2} check")
        after_bet = decision("Bob", {"fold": (1.0, -1.0), "call": (2 * win, -2 * win)}, infoset=f"Bob {c2} bet")
        deals[c1 + c2] = (p, decision("Alice", {"check": after_check, "bet": after_bet}, infoset=f"Alice {c1}"))
    return ExtensiveGame.from_tree(chance(deals), players=["Alice", "Bob"], title="Kuhn poker")


def six_card_poker() -> ExtensiveGame:
    """Myerson's one-card poker with the card one of six (three red, three black), each 1/6
    as a float: Fred's value is 1/3 (Myerson 1991, sec. 2.1)."""
    deals = {}
    for k in range(6):
        red = k < 3
        meet = (2.0, -2.0) if red else (-2.0, 2.0)
        alice = decision("Alice", {"Meet": meet, "Pass": (1.0, -1.0)}, infoset="Alice")
        fold = (1.0, -1.0) if red else (-1.0, 1.0)
        deals[f"card{k}"] = (SIXTH, decision("Fred", {"Raise": alice, "Fold": fold}, infoset=f"Fred {red}"))
    return ExtensiveGame.from_tree(chance(deals), players=["Fred", "Alice"], title="six cards")


def test_float_sixths_sum_below_one():
    assert sum([SIXTH] * 6) != 1.0


@pytest.mark.parametrize("method", ["spe", "sequence_lp", "sequence_lemke", "reduced"])
def test_every_method_accepts_kuhn_poker_with_float_sixths(method):
    # old: sequence_lemke (and pbe) said "to_exact: chance node 0: probabilities sum to
    # 24999999999999999/25000000000000000, not 1"; spe, sequence_lp, reduced accepted it
    result = gt.solve(kuhn_poker(), method)
    assert result.equilibria
    assert math.isclose(float(result.equilibria[0].payoffs[0]), -1 / 18, rel_tol=1e-9)  # Kuhn 1950


def test_pbe_accepts_kuhn_poker_with_float_sixths():
    result = gt.solve(kuhn_poker(), "pbe", mixed=False)  # Kuhn poker has no pure assessment
    assert result.equilibria == () and "4,096 pure profiles" in result.diagnostics[0]


@pytest.mark.parametrize("method", ["spe", "sequence_lp", "sequence_lemke", "pbe", "reduced"])
def test_every_method_agrees_on_six_card_poker(method):
    result = gt.solve(six_card_poker(), method)
    assert math.isclose(float(result.equilibria[0].payoffs[0]), 1 / 3, rel_tol=1e-9)


def test_to_exact_rescales_a_float_distribution_to_sum_one():
    exact = kuhn_poker().to_exact()
    assert exact.chance_probabilities(exact.root) == (Fraction(1, 6),) * 6
    assert gt.solve(exact, "sequence_lp").equilibria[0].payoffs[0] == Fraction(-1, 18)


@pytest.mark.parametrize("p", [0.15, 0.2])
def test_a_real_mismatch_is_refused_cleanly(p):
    with pytest.raises(GameError, match=r"chance node 0: probabilities sum to (0\.9|1\.2), not 1"):
        kuhn_poker(p)


BIG = 10**400


def _big_efg() -> str:
    return (
        'EFG 2 R "big" { "A" "B" } ""\n'
        'p "" 1 1 "" { "L" "R" } 0\n'
        f't "" 1 "" {{ {BIG}, {-BIG} }}\n'
        'p "" 2 1 "" { "l" "r" } 0\n'
        't "" 2 "" { 0, 0 }\n'
        't "" 3 "" { 1, -1 }\n'
    )


@pytest.mark.parametrize("method", ["spe", "backward_induction", "sequence_lp", "sequence_lemke", "reduced"])
def test_exact_tree_with_a_400_digit_payoff(method):
    from gametheory.io.efg import loads_efg

    game = loads_efg(_big_efg())
    # old: "integer division result too large for a float" (tolerance()) or "int too large
    # to convert to float" (sequence_lemke's float path); new: solved exactly
    assert math.isfinite(game.tolerance())
    result = gt.solve(game, method)
    assert result.exact and result.equilibria[0].payoffs[0] == BIG


@pytest.mark.parametrize("name", ["Max", "EXP", "Sqrt", "lambda"])
def test_continuous_variable_names_use_the_shared_check(name):
    # old: a choice variable named "Max" was accepted (only the lower-case names were refused)
    with pytest.raises(GameError, match="is not allowed"):
        gt.ContinuousGame(["F1", "F2"], [(name, 0, 1), ("q2", 0, 1)], [f"-{name}**2", "-q2**2"])
