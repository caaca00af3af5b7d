"""NormalFormGame: construction, validation, payoffs, regret."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory import GameError, GameSizeError, NormalFormGame
from gametheory.normal import examples
from gametheory.normal.game import MAX_PAYOFF_ENTRIES

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize(
    "value, exact",
    [
        pytest.param(1, True, id="int"),
        pytest.param(Fraction(1, 3), True, id="fraction"),
        pytest.param(sympy.Rational(2, 7), True, id="sympy-rational"),
        pytest.param("3/4", True, id="string-rational"),
        pytest.param(np.int64(4), True, id="numpy-int"),
        pytest.param(0.5, False, id="float"),
    ],
)
def test_exactness_follows_inputs(value: object, exact: bool) -> None:
    g = NormalFormGame.from_bimatrix([[value, 0], [0, 1]], [[1, 0], [0, 1]])
    assert g.is_exact is exact


def test_sympy_rational_is_kept_exactly() -> None:
    g = NormalFormGame.zero_sum([[sympy.Rational(2, 7), 0], [0, 1]])
    assert g.payoffs[0, 0, 0] == Fraction(2, 7)
    assert g.payoffs[0, 0, 1] == Fraction(-2, 7)


def test_exact_true_reads_floats_as_their_decimals() -> None:
    g = NormalFormGame.from_bimatrix([[0.1, 0], [0, 1]], [[1, 0], [0, 1]], exact=True)
    assert g.payoffs[0, 0, 0] == Fraction(1, 10)


def test_immutable_and_comparable() -> None:
    g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert g == PD and hash(g) == hash(PD)
    assert g != PD.to_float()
    with pytest.raises(ValueError):
        g.payoffs[0, 0, 0] = 7
    assert {g, PD} == {PD}


def test_constructors_agree() -> None:
    tensor = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]
    a = NormalFormGame.from_payoff_tensor(tensor)
    b = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    c = NormalFormGame.from_function(lambda i, j: (tensor[i][j][0], tensor[i][j][1]), [2, 2])
    assert a == b == PD
    assert c.payoffs.tolist() == PD.payoffs.tolist()


def test_zero_sum_constructor() -> None:
    g = NormalFormGame.zero_sum([[1, -2], [3, 0]])
    assert g.is_zero_sum() and g.is_constant_sum()
    assert not PD.is_zero_sum()


def test_three_player_from_function_with_names() -> None:
    g = NormalFormGame.from_function(
        lambda a, b, c: (int(a == b), int(b == c), int(c == "x")),
        [["x", "y"], ["x", "y"], ["x", "y", "z"]],
        players=["Europe", "Russia", "US"],
    )
    assert g.shape == (2, 2, 3) and g.players == ("Europe", "Russia", "US")
    assert g.strategies[2] == ("x", "y", "z")


def test_expected_payoffs_and_regret_exact() -> None:
    bos = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    mixed = [["2/3", "1/3"], ["1/3", "2/3"]]
    assert bos.expected_payoffs(mixed) == (Fraction(2, 3), Fraction(2, 3))
    assert bos.max_regret(mixed) == 0 and bos.is_nash(mixed)
    assert bos.max_regret([[1, 0], [0, 1]]) == 1  # either player gains 1 by switching
    assert bos.best_responses([[1, 0], [1, 0]], 1) == ("1",)
    assert bos.best_responses(mixed, 0) == ("1", "2")


@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 2), (2, 2, 2, 2, 2), (3, 2, 3, 2)])
@pytest.mark.parametrize("kron_max", [1 << 16, 1])
def test_payoffs_and_regret_agree_with_the_contractions(shape: tuple[int, ...], kron_max: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # payoffs_and_regret (Kronecker products against each player's payoff matrix, or axis by
    # axis past _KRON_MAX) against expected_payoffs and regrets (axis-by-axis contraction),
    # exactly for Fraction profiles and to rounding for floats
    import gametheory.normal.game as game_module

    monkeypatch.setattr(game_module, "_KRON_MAX", kron_max)
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    g = NormalFormGame(np.array(rng.integers(-20, 21, (*shape, len(shape))).tolist(), dtype=object))
    for _ in range(3):
        weights = [rng.integers(1, 9, n).tolist() for n in shape]
        exact = [[Fraction(w, sum(ws)) for w in ws] for ws in weights]
        pay, reg = g.payoffs_and_regret(exact)
        assert pay == g.expected_payoffs(exact) and reg == max(g.regrets(exact))
        assert isinstance(reg, Fraction)
        floats = [[float(p) for p in row] for row in exact]
        fpay, freg = g.payoffs_and_regret(floats)
        assert np.allclose(fpay, [float(v) for v in pay], rtol=0, atol=1e-12)
        assert abs(freg - float(reg)) <= 1e-12


def test_profile_by_name() -> None:
    g = examples.battle_of_the_sexes()
    prof = {"Row": {"Opera": 1}, "Column": {"Opera": 1}}
    assert g.is_nash(prof)
    assert g.strategy_payoffs(prof, "Column") == (Fraction(1), Fraction(0))


def test_float_regret_within_tolerance() -> None:
    g = PD.to_float()
    assert g.is_nash([[0, 1], [0, 1]])
    assert not g.is_nash([[1, 0], [1, 0]])


@pytest.mark.parametrize(
    "make, message",
    [
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, 2], [3]], [[1, 2], [3, 4]]), "ragged", id="ragged"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, 2]], [[1, 2], [3, 4]]), "shape", id="mismatched"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, float("nan")]], [[1, 2]]), "finite", id="nan"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, float("inf")]], [[1, 2]]), "finite", id="inf"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, "x"]], [[1, 2]]), "not a number", id="non-number"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, None]], [[1, 2]]), "not a number", id="none"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[1, True]], [[1, 2]]), "boolean", id="bool"),
        pytest.param(lambda: NormalFormGame.from_bimatrix([[]], [[]]), "empty", id="empty"),
        pytest.param(lambda: NormalFormGame.from_payoff_tensor([[1, 2], [3, 4]]), "one entry per player", id="tensor-last-axis"),
        pytest.param(lambda: NormalFormGame(PD.payoffs, players=["a", "a"]), "distinct", id="duplicate-players"),
        pytest.param(lambda: NormalFormGame(PD.payoffs, strategies=[["a"], ["b", "c"]]), "names", id="strategy-count"),
        pytest.param(lambda: NormalFormGame.from_function(lambda *s: (0,) * 3, [10**4] * 3), "limit", id="too-large"),
        pytest.param(lambda: NormalFormGame.from_function(lambda *s: (0, 0), [0, 2]), "no strategies", id="empty-strategy-set"),
        pytest.param(lambda: NormalFormGame.from_function(lambda a, b: (0,), [2, 2]), "returned 1 values", id="function-arity"),
    ],
)
def test_bad_games_raise_clear_errors(make: object, message: str) -> None:
    with pytest.raises(GameError, match=message):
        make()  # type: ignore[operator]


def test_size_is_checked_before_allocating() -> None:
    calls = []

    def payoff(*s: int) -> tuple[int, ...]:
        calls.append(s)
        return (0, 0, 0)

    with pytest.raises(GameSizeError):
        NormalFormGame.from_function(payoff, [MAX_PAYOFF_ENTRIES, 2, 2])
    assert calls == []


@pytest.mark.parametrize(
    "profile, message",
    [
        pytest.param([[1, 0], [0.5, 0.6]], "sum", id="not-summing-to-one"),
        pytest.param([["1/2", "1/3"], [1, 0]], "sum", id="exact-not-one"),
        pytest.param([[1.5, -0.5], [1, 0]], "negative", id="negative"),
        pytest.param([[float("nan"), 1], [1, 0]], "finite", id="nan"),
        pytest.param([[1, 0, 0], [1, 0]], "expected 2", id="wrong-length"),
        pytest.param([[1, 0]], "expected 2 vectors", id="missing-player"),
        pytest.param({"Player 1": [1, 0], "Nobody": [1, 0]}, "unknown players", id="unknown-player"),
        pytest.param({"Player 1": {"9": 1}, "Player 2": [1, 0]}, "unknown strategy", id="unknown-strategy"),
    ],
)
def test_bad_profiles(profile: object, message: str) -> None:
    with pytest.raises(GameError, match=message):
        PD.max_regret(profile)
