"""Stochastic games: stationary Markov perfect equilibria, exactly verified (issue 18 item 2)."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory.dynamic.stochastic import (
    StochasticGame,
    StochasticGameError,
    big_match,
    markov_equilibria,
    one_shot_deviation,
    pure_markov_equilibria,
    shapley_iteration,
)
from gametheory.errors import GameError, GameSizeError, SolverError

PD = [[[[3, 3], [0, 4]], [[4, 0], [1, 1]]]]  # one state: (C, D) x (C, D), payoffs (row, col)
STAY = [[[[1], [1]], [[1], [1]]]]


@pytest.mark.parametrize("delta", [F(0), F(1, 2), F(9, 10), F(19, 20)])
def test_big_match_discounted_value_is_one_half(delta: F) -> None:
    """Blackwell & Ferguson (1968): the normalised discounted value of the Big Match is 1/2 for
    every discount factor; the row player stops with probability (1-d)/(2-d), the column player
    mixes evenly (derivation in the docstring of big_match)."""
    r = shapley_iteration(big_match(delta))
    eq = r.equilibria[0]
    assert eq.verified and eq.max_regret == 0
    assert (1 - delta) * eq.values[0][0] == F(1, 2)
    assert eq.profile[0][0] == ((1 - delta) / (2 - delta), 1 / (2 - delta))
    assert eq.profile[0][1] == (F(1, 2), F(1, 2))
    assert r.parameters["value"][1] == 1 / (1 - delta)  # absorbing win: 1 per period


def test_one_state_game_is_the_repeated_stage_equilibrium() -> None:
    """A one-state stochastic game: stationary MPE = a stage Nash equilibrium played forever;
    the prisoner's dilemma has exactly one, (D, D), worth 1/(1-delta)."""
    g = StochasticGame(PD, STAY, F(9, 10))
    r = pure_markov_equilibria(g)
    assert r.complete and len(r.equilibria) == 1
    eq = r.equilibria[0]
    assert eq.profile == (((F(0), F(1)), (F(0), F(1))),)
    assert eq.values == ((F(10), F(10)),)
    # cooperation forever is not an MPE: a one-shot deviation gains 4 - 3 = 1 in the state
    chk = one_shot_deviation(g, [[0, 0]])
    assert chk.max_regret == 1 and not chk.is_equilibrium


def test_matching_pennies_mixed_by_iteration() -> None:
    g = StochasticGame([[[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]], STAY, F(1, 2))
    r = markov_equilibria(g)
    assert r.method == "pure-enumeration+shapley-iteration"
    (eq,) = r.equilibria
    assert eq.verified and eq.profile[0] == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))


def _battle_two_states() -> StochasticGame:
    # state 0: a coordination game whose outcome moves play; state 1: absorbing, payoffs (1, 1)
    pay0 = [[[2, 1], [0, 0]], [[0, 0], [1, 2]]]
    tr0 = [[[1, 0], [F(1, 2), F(1, 2)]], [[F(1, 2), F(1, 2)], [1, 0]]]
    return StochasticGame([pay0, [[[1, 1]]]], [tr0, [[[0, 1]]]], F(3, 4), states=("bargain", "settled"))


def test_general_sum_pure_and_mixed_all_verified() -> None:
    g = _battle_two_states()
    r = markov_equilibria(g)
    pure = [e for e in r.equilibria if e.pure]
    assert len(pure) == 2  # the two conventions, each played forever in state 0
    for e in r.equilibria:
        assert e.max_regret >= 0
        chk = one_shot_deviation(g, e.profile)
        assert chk.max_regret == e.max_regret
    assert all(e.verified for e in pure)
    # (A, A) forever: (2, 1) per period -> (8, 4)
    assert ((F(8), F(4)), (F(4), F(4))) in [e.values for e in pure]


def test_mixed_iteration_result_is_verified_or_marked() -> None:
    g = _battle_two_states()
    r = markov_equilibria(g)
    mixed = [e for e in r.equilibria if not e.pure]
    for e in mixed:
        assert e.verified or any("epsilon" in d for d in r.diagnostics)


def test_zero_sum_values_agree_with_pure_saddle_points() -> None:
    """In a zero-sum game every stationary equilibrium has the same value (Shapley 1953)."""
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(12):
        S = 2
        mats = [rng.integers(-3, 4, size=(2, 2)).tolist() for _ in range(S)]
        trans = []
        for _s in range(S):
            t = rng.integers(0, 3, size=(2, 2, S)) + 1
            trans.append([[[F(int(x), int(cell.sum())) for x in cell] for cell in row] for row in t])
        g = StochasticGame.zero_sum(mats, trans, F(2, 3))
        z = shapley_iteration(g)
        zeq = z.equilibria[0]
        # irrational values are possible: then an epsilon-equilibrium, said in diagnostics
        assert zeq.max_regret == 0 or (zeq.max_regret < F(1, 10**8) and z.diagnostics)
        for e in pure_markov_equilibria(g).equilibria:
            checked += 1
            assert zeq.verified  # a pure saddle point makes the value rational
            assert [v[0] for v in e.values] == [v[0] for v in zeq.values]
    assert checked > 0


def test_one_player_game_matches_quantecon_mdp() -> None:
    """A one-player stochastic game is a Markov decision process: its pure MPE values equal the
    optimal values of QuantEcon's DiscreteDP (policy iteration) on the same data."""
    qe = pytest.importorskip("quantecon")
    rng = np.random.default_rng(3)
    S, m = 3, 3
    R = rng.integers(0, 10, size=(S, m))
    Q = rng.integers(1, 5, size=(S, m, S))
    Qp = Q / Q.sum(axis=-1, keepdims=True)
    delta = F(9, 10)
    g = StochasticGame(
        [[[int(R[s, a])] for a in range(m)] for s in range(S)],
        [[[F(int(x), int(Q[s, a].sum())) for x in Q[s, a]] for a in range(m)] for s in range(S)],
        delta,
    )
    res = qe.markov.DiscreteDP(R.astype(float), Qp, float(delta)).solve(method="policy_iteration")
    eqs = pure_markov_equilibria(g).equilibria
    assert eqs
    for e in eqs:
        assert np.allclose([float(v[0]) for v in e.values], res.v, atol=1e-9)


def test_json_and_summary() -> None:
    r = shapley_iteration(big_match(F(1, 2)))
    data = json.loads(json.dumps(r.to_json()))
    assert data["equilibria"][0]["verified"] is True
    assert data["game"]["states"] == ["play", "won", "lost"]
    assert "Stop 1/3" in r.summary()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"discount": 1}, StochasticGameError),
        ({"discount": -0.1}, StochasticGameError),
        ({"discount": float("nan")}, GameError),
        ({"transitions": [[[[F(1, 2)], [1]], [[1], [1]]]]}, StochasticGameError),
        ({"transitions": [[[[1, 0]], [[1], [1]]]]}, StochasticGameError),
        ({"payoffs": [[[3, 3], [0, 4]]]}, StochasticGameError),
        ({"payoffs": [[[[3, 3], [0, "x"]], [[4, 0], [1, 1]]]]}, GameError),
    ],
)
def test_bad_input_is_refused(kwargs: dict, error: type) -> None:
    args = {"payoffs": PD, "transitions": STAY, "discount": F(1, 2)} | kwargs
    with pytest.raises(error):
        StochasticGame(args["payoffs"], args["transitions"], args["discount"])


def test_size_limits_and_wrong_solver() -> None:
    with pytest.raises(GameSizeError):
        StochasticGame([[[0]]] * 201, [[[1] + [0] * 200]] * 201, F(1, 2))
    with pytest.raises(SolverError):
        shapley_iteration(StochasticGame(PD, STAY, F(1, 2)))
    with pytest.raises(GameError):
        one_shot_deviation(StochasticGame(PD, STAY, F(1, 2)), [[0, 5]])


def test_only_mixed_stage_equilibrium_is_found_exactly() -> None:
    """One state whose stage game has a unique, mixed equilibrium (row 1/2-1/2, column 2/3-1/3):
    the only stationary MPE plays it forever, worth (2/3, 1/2) per period."""
    pay = [[[1, 0], [0, 1]], [[0, 1], [2, 0]]]
    g = StochasticGame([pay], STAY, F(1, 2))
    r = markov_equilibria(g)
    assert not pure_markov_equilibria(g).equilibria
    (eq,) = r.equilibria
    assert eq.verified and not eq.pure
    assert eq.profile == (((F(1, 2), F(1, 2)), (F(2, 3), F(1, 3))),)
    assert eq.values == ((F(4, 3), F(1)),)


def test_two_state_mixed_equilibrium_is_certified_or_bounded() -> None:
    """Two states, transitions depending on actions, no pure MPE: the float equilibrium is
    rounded and checked exactly; when it cannot be made exact (its values may be irrational)
    the exact largest gain is reported and tiny."""
    pay0 = [[[1, 0], [0, 1]], [[0, 1], [2, 0]]]
    tr0 = [[[F(1, 2), F(1, 2)], [1, 0]], [[1, 0], [F(1, 3), F(2, 3)]]]
    pay1 = [[[0, 2], [1, 0]], [[1, 0], [0, 1]]]
    tr1 = [[[1, 0], [F(1, 2), F(1, 2)]], [[F(1, 2), F(1, 2)], [1, 0]]]
    g = StochasticGame([pay0, pay1], [tr0, tr1], F(2, 3))
    r = markov_equilibria(g)
    (eq,) = r.equilibria
    assert not eq.pure
    assert eq.verified or (0 < eq.max_regret < F(1, 10**6) and "epsilon" in r.diagnostics[0])
    assert one_shot_deviation(g, eq.profile).max_regret == eq.max_regret
    assert "epsilon-equilibrium" in r.summary() or eq.verified


def test_float_screen_agrees_with_exact_enumeration() -> None:
    """The float screen of pure_markov_equilibria never drops an equilibrium: on random games
    (ties included: small integer payoffs) it finds exactly the profiles whose exact one-shot
    check is 0 over all stationary pure profiles."""
    import itertools

    rng = np.random.default_rng(11)
    for trial in range(8):
        S, m = 2, 2
        pay = [rng.integers(0, 3, size=(m, m, 2)).tolist() for _ in range(S)]
        tr = []
        for _s in range(S):
            t = rng.integers(0, 3, size=(m, m, S)) + (trial % 2)
            t[..., 0] += t.sum(axis=-1) == 0
            tr.append([[[F(int(x), int(c.sum())) for x in c] for c in row] for row in t])
        g = StochasticGame(pay, tr, F(4, 5))
        fast = {e.profile for e in pure_markov_equilibria(g).equilibria}
        exact = set()
        for choice in itertools.product(itertools.product(range(m), range(m)), repeat=S):
            prof = g.normalize_profile([list(c) for c in choice])
            if one_shot_deviation(g, prof).max_regret == 0:
                exact.add(prof)
        assert fast == exact


def test_three_players_one_state() -> None:
    """Three players, one state, each paid 1 when all match: the stationary pure MPE are the
    two stage equilibria (all a0, all a1) played forever, worth 1/(1 - 1/2) = 2 each."""
    pay = np.zeros((2, 2, 2, 3), dtype=int)
    pay[0, 0, 0] = 1
    pay[1, 1, 1] = 1
    g = StochasticGame([pay.tolist()], [np.ones((2, 2, 2, 1), dtype=int).tolist()], F(1, 2))
    r = pure_markov_equilibria(g)
    assert [e.values for e in r.equilibria] == [((F(2), F(2), F(2)),)] * 2
    assert {tuple(int(s[1] == 1) for s in e.profile[0]) for e in r.equilibria} == {(0, 0, 0), (1, 1, 1)}
