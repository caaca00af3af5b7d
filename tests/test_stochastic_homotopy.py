"""The logit Markov quantal-response homotopy for stochastic games (issue 18 item 2, the
general-sum mixed gap): every equilibrium it returns passes the exact one-shot deviation check."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.cli.main import cli
from gametheory.dynamic._homotopy import MarkovLogitSystem, PathLog, trace
from gametheory.dynamic.stochastic import (
    StochasticGame,
    _float_tables,
    _mixed_by_iteration,
    big_match,
    markov_equilibria,
    markov_homotopy,
    one_shot_deviation,
    pure_markov_equilibria,
    shapley_iteration,
)
from gametheory.errors import GameError, SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.qre import logit_qre, logit_solve


def _one_state(table: list) -> StochasticGame:
    stay = [[[1] for _ in row] for row in table]
    return StochasticGame([table], [stay], F(1, 2))


#: Three pure equilibria on the diagonal and mixed ones; the logit branch turns back twice.
COORDINATION_3X3 = [[[3, 2], [0, 0], [1, 1]], [[0, 0], [2, 3], [1, 0]], [[1, 1], [0, 1], [2, 2]]]

#: A two-state general-sum game with no pure MPE on which the stage-game iteration cycles. It is
#: built so that sigma = ((1/3, 2/3), (1/2, 1/2)) in s0 and ((1/4, 3/4), (2/3, 1/3)) in s1, with
#: values (-72, -24) and (-24, -24), is a fully mixed MPE: per state and player a row (column)
#: constant was added to the payoffs to make every action earn the planned value.
CYCLING_PAYOFFS = [
    [[[-63, -28], [-15, 4]], [[-57, -4], [-33, -20]]],
    [[[-34, 6], [62, 6]], [[4, -18], [-20, -18]]],
]
CYCLING_TRANSITIONS = [
    [[[1, 0], [F(3, 4), F(1, 4)]], [[F(1, 2), F(1, 2)], [F(3, 4), F(1, 4)]]],
    [[[F(1, 4), F(3, 4)], [F(3, 4), F(1, 4)]], [[F(1, 4), F(3, 4)], [F(1, 2), F(1, 2)]]],
]
CYCLING_MPE = (
    ((F(1, 3), F(2, 3)), (F(1, 2), F(1, 2))),
    ((F(1, 4), F(3, 4)), (F(2, 3), F(1, 3))),
)


# ---------------------------------------------------------------- (1) one state = normal-form QRE
@pytest.mark.parametrize(
    "table",
    [
        COORDINATION_3X3,
        [[[10, 10], [1, 8]], [[8, 1], [5, 5]]],  # stag hunt
        [[[3, 1], [0, 0]], [[0, 0], [1, 3]]],  # battle of the sexes (a bifurcation: symmetric)
        [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],  # matching pennies
    ],
)
def test_one_state_limit_is_the_normal_form_logit_limit(table: list) -> None:
    """With one state, Q[a] = r(a) + delta V for every a: the Markov logit system is the
    normal-form logit system, so the homotopy ends where gametheory's logit tracing does."""
    r = markov_homotopy(_one_state(table))
    (eq,) = r.equilibria
    assert eq.verified
    nf = logit_solve(NormalFormGame.from_payoff_tensor(table))
    assert eq.profile[0] == tuple(tuple(F(x) for x in p) for p in nf.equilibria[0].profile)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_state_three_players_agree_with_normal_form_logit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = rng.integers(-3, 4, size=(2, 2, 2, 3)).tolist()
    stay = np.ones((2, 2, 2, 1), dtype=int).tolist()
    (eq,) = markov_homotopy(StochasticGame([table], [stay], F(1, 2))).equilibria
    nf = logit_solve(NormalFormGame.from_payoff_tensor(table))
    assert eq.verified
    assert eq.profile[0] == tuple(tuple(F(x) for x in p) for p in nf.equilibria[0].profile)


def test_one_player_is_the_optimal_policy() -> None:
    """One player: a Markov decision process; with a unique optimal stationary policy, the
    homotopy ends at it (enumeration finds exactly the optimal policies)."""
    pay = [[[5], [1]], [[0], [2]], [[3], [-1]]]
    tr = [[[F(1, 2), F(1, 2), 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [1, 0, 0]]]
    g = StochasticGame(pay, tr, F(9, 10))
    (opt,) = pure_markov_equilibria(g).equilibria
    (eq,) = markov_homotopy(g).equilibria
    assert eq.profile == opt.profile and eq.values == opt.values


def test_the_path_goes_round_turning_points() -> None:
    """The 3x3 coordination game's principal branch turns back in lambda twice; the tracer follows
    the arc (it does not stop at the fold) and reaches (a1, a1) as the normal-form tracer does."""
    r = markov_homotopy(_one_state(COORDINATION_3X3))
    assert r.parameters["turning_points"] >= 2
    assert r.equilibria[0].profile[0] == ((0, 1, 0), (0, 1, 0))


def test_intermediate_points_are_normal_form_qre() -> None:
    """At a checkpoint, the path point of a one-state game is the logit QRE of the stage game at
    the same precision (payoffs of unit range, so internal and user lambdas agree)."""
    table = [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]
    pay, tr = _float_tables(_one_state(table))
    system = MarkovLogitSystem(pay, tr, 0.5)
    assert system.scale == 1.0
    lam, y = next(trace(system, [2.0], PathLog()))
    sig = system.strategies(y)[0]
    q = logit_qre(NormalFormGame.from_payoff_tensor(table), lam=lam)
    ref = q.equilibria[0].profile
    for ours, theirs in zip(sig, ref):
        assert np.allclose(ours, np.array(theirs, dtype=float), atol=1e-8)


# ---------------------------------------------------------------- (2) where the iteration cycles
def test_homotopy_finds_the_mixed_mpe_where_the_iteration_cycles() -> None:
    g = StochasticGame(CYCLING_PAYOFFS, CYCLING_TRANSITIONS, F(1, 2))
    assert pure_markov_equilibria(g).equilibria == ()
    notes: list[str] = []
    assert _mixed_by_iteration(g, 300, 1e-12, 10**4, notes) is None  # cycles (checked up to 2000 too)
    assert "did not settle" in notes[0]
    r = markov_equilibria(g, method="homotopy")
    assert r.method == "pure-enumeration+markov-logit-homotopy"
    (eq,) = r.equilibria
    assert eq.verified and not eq.pure
    assert eq.profile == CYCLING_MPE
    assert eq.values == ((F(-72), F(-24)), (F(-24), F(-24)))
    assert one_shot_deviation(g, eq.profile).max_regret == 0


# ---------------------------------------------------------------- (3) a textbook example
@pytest.mark.parametrize("delta", [F(1, 2), F(9, 10)])
def test_big_match_by_homotopy(delta: F) -> None:
    """Blackwell & Ferguson (1968): the discounted Big Match has normalised value 1/2 for every
    discount factor; the row player stops with probability (1-d)/(2-d), the column player mixes
    evenly (the derivation is in big_match's docstring)."""
    r = markov_homotopy(big_match(delta))
    (eq,) = r.equilibria
    assert eq.verified
    assert eq.profile[0] == (((1 - delta) / (2 - delta), 1 / (2 - delta)), (F(1, 2), F(1, 2)))
    assert (1 - delta) * eq.values[0][0] == F(1, 2)


# ---------------------------------------------------------------- (4) agreement with the other solvers
def test_zero_sum_agrees_with_shapley_iteration() -> None:
    """Two-state zero-sum pennies with action-dependent moves: a unique optimal profile, found
    by both Shapley's iteration and the homotopy, exactly."""
    a = [[[2, -1], [-1, 1]], [[1, -2], [-1, 3]]]
    moves = [
        [[[F(1, 2), F(1, 2)], [0, 1]], [[1, 0], [F(1, 2), F(1, 2)]]],
        [[[1, 0], [F(1, 4), F(3, 4)]], [[0, 1], [1, 0]]],
    ]
    g = StochasticGame.zero_sum(a, moves, F(1, 2))
    z = shapley_iteration(g)
    h = markov_homotopy(g)
    assert z.equilibria[0].verified == h.equilibria[0].verified
    if z.equilibria[0].verified:
        assert h.equilibria[0].profile == z.equilibria[0].profile
    for s in range(2):  # the value is unique even where strategies are not
        assert abs(float(h.equilibria[0].values[s][0] - z.equilibria[0].values[s][0])) < 1e-9


def test_unique_pure_mpe_agrees_with_enumeration() -> None:
    """A prisoner's dilemma in two states with action-dependent moves: the only stationary pure
    MPE is defection everywhere (enumeration, complete); the homotopy ends there too."""
    pd = [[[3, 3], [0, 4]], [[4, 0], [1, 1]]]
    worse = [[[2, 2], [-1, 3]], [[3, -1], [0, 0]]]
    t = [[[F(1, 2), F(1, 2)], [F(3, 4), F(1, 4)]], [[F(3, 4), F(1, 4)], [1, 0]]]
    g = StochasticGame([pd, worse], [t, t], F(9, 10))
    pure = pure_markov_equilibria(g)
    (only,) = pure.equilibria
    h = markov_homotopy(g)
    assert h.equilibria[0].profile == only.profile and h.equilibria[0].verified


# ---------------------------------------------------------------- (5) property: always verified
def _random_game(seed: int) -> StochasticGame:
    rng = np.random.default_rng(seed)
    pay = rng.integers(-3, 4, size=(2, 2, 2, 2)).tolist()
    q = rng.integers(0, 5, size=(2, 2, 2))
    tr = [[[[F(int(q[s, a, b]), 4), 1 - F(int(q[s, a, b]), 4)] for b in range(2)] for a in range(2)] for s in range(2)]
    return StochasticGame(pay, tr, F(int(rng.integers(0, 10)), 10))


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_whatever_the_homotopy_returns_is_checked_exactly(seed: int) -> None:
    g = _random_game(seed)
    r = markov_homotopy(g)
    for eq in r.equilibria:
        chk = one_shot_deviation(g, eq.profile)
        assert chk.max_regret == eq.max_regret and chk.values == eq.values
        if not eq.verified:
            assert eq.max_regret < F(1, 10**6)
            assert any("epsilon-equilibrium" in d for d in r.diagnostics)


# ---------------------------------------------------------------- input checks
def test_bad_arguments() -> None:
    g = _one_state([[[1, 0], [0, 0]], [[0, 0], [0, 1]]])
    with pytest.raises(GameError, match="method must be one of"):
        markov_equilibria(g, method="newton")
    with pytest.raises(SolverError, match="max_lambda must be positive"):
        markov_homotopy(g, max_lambda=0)


def test_result_json_and_summary() -> None:
    g = StochasticGame(CYCLING_PAYOFFS, CYCLING_TRANSITIONS, F(1, 2))
    r = markov_homotopy(g)
    js = r.to_json()
    assert js["method"] == "markov-logit-homotopy" and js["equilibria"][0]["verified"] is True
    assert "mixed, verified exactly" in r.summary()


# ---------------------------------------------------------------- command line
def test_cli_method_homotopy(tmp_path: Path) -> None:
    doc = {
        "discount": "1/2",
        "states": [
            {"name": f"s{k}", "payoffs": CYCLING_PAYOFFS[k], "transitions": [[[str(p) for p in cell] for cell in row] for row in CYCLING_TRANSITIONS[k]]}
            for k in range(2)
        ],
    }
    f = tmp_path / "cycling.json"
    f.write_text(json.dumps(doc))
    res = CliRunner().invoke(cli, ["stochastic", str(f), "--method", "homotopy"])
    assert res.exit_code == 0, res.output
    assert "pure-enumeration+markov-logit-homotopy" in res.output
    assert "s0: P1: a0 1/3, a1 2/3; P2: a0 1/2, a1 1/2 -> values P1 -72, P2 -24" in res.output
    res = CliRunner().invoke(cli, ["stochastic", "--example", "big-match", "--method", "homotopy", "-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["equilibria"][0]["verified"] is True and data["parameters"]["steps"] > 0
