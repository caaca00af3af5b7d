"""Logit quantal response equilibria (method "logit_qre") and the logit-limit Nash solver ("logit").

Known answers: closed forms for 2x2 games and the one-dimensional fixed point of Goeree &
Holt's asymmetric matching pennies (solved here with ``scipy.optimize.brentq``); the
definition of QRE (checked through the public payoff API); pygambit's
``qre.logit_solve_lambda`` (same principal branch, same precision) and ``nash.logit_solve``
(limit of the principal branch) on the Gambit corpus.
"""

from __future__ import annotations

import inspect
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import import_pygambit, to_gambit
from scipy.optimize import brentq

import gametheory as gt
from gametheory import NormalFormGame, SolverError
from gametheory.normal.examples import EXAMPLES
from gametheory.normal.solvers import qre
from gametheory.normal.solvers.qre import logit_qre, logit_solve

F = Fraction


def logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def floats(profile: tuple) -> list[np.ndarray]:
    return [np.array([float(x) for x in probs]) for probs in profile]


def qre_residual(game: NormalFormGame, profile: tuple, lam: float) -> float:
    """``max |sigma - logit(lam * u(sigma))|`` computed with the game's public payoff API."""
    worst = 0.0
    for i, probs in enumerate(profile):
        u = np.array([float(v) for v in game.strategy_payoffs(profile, i)])
        z = lam * (u - u.max())
        p = np.exp(z) / np.exp(z).sum()
        worst = max(worst, float(np.max(np.abs(p - np.array(probs, dtype=float)))))
    return worst


def gambit_profile(g_gbt: object, profile: object) -> list[np.ndarray]:
    return [np.array([float(profile[s]) for s in p.strategies]) for p in g_gbt.players]  # type: ignore[attr-defined]


def distance(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


def corpus(gambit_games_dir: Path, name: str) -> NormalFormGame:
    return gt.read_game(gambit_games_dir / name)


def bifurcated(result: gt.SolveResult) -> bool:
    return any("bifurcation" in d for d in result.diagnostics)


# ----------------------------------------------------------------------------- API
def test_options_are_keyword_only_for_solve() -> None:
    # gametheory.solve passes options by keyword and accepts only keyword-only parameters
    for func, names in ((logit_qre, {"lam", "exact", "tol"}),
                        (logit_solve, {"exact", "tol", "max_lambda", "restarts", "seed"})):
        params = inspect.signature(func).parameters
        assert list(params)[0] == "game"
        assert names <= {p for p, spec in params.items() if spec.kind is spec.KEYWORD_ONLY}


def test_logit_qre_rejects_bad_input() -> None:
    g = EXAMPLES["matching-pennies"]()
    with pytest.raises(SolverError, match="lam="):
        logit_qre(g)
    for bad in (-1, float("nan"), float("inf"), "2", []):
        with pytest.raises(SolverError):
            logit_qre(g, lam=bad)
    with pytest.raises(SolverError, match="floating point"):
        logit_qre(g, lam=1, exact=True)
    with pytest.raises(SolverError):
        logit_solve(g, restarts=-1)


# ----------------------------------------------------------------------------- closed forms
def test_matching_pennies_qre_is_uniform_for_every_lambda() -> None:
    # Uniform play makes every strategy earn the same, so it is a logit fixed point at every
    # precision, and the principal branch never leaves it.
    g = EXAMPLES["matching-pennies"]()
    lams = [0, 0.5, 1, 5, 40, 1000]
    r = logit_qre(g, lam=lams)
    assert r.method == "logit_qre" and not r.exact and not r.complete
    assert r.parameters["lambdas"] == [float(v) for v in lams]
    assert len(r) == len(lams)
    for e in r:
        assert distance(floats(e.profile), [np.full(2, 0.5)] * 2) <= 1e-12
        assert float(e.max_regret) <= 1e-12  # uniform is also the Nash equilibrium here
    assert max(r.parameters["residuals"]) <= 1e-10
    assert "not Nash equilibria" in r.diagnostics[0]


def test_dominant_strategy_closed_form() -> None:
    # Column's Right beats Left by exactly 1 whatever Row does, so at precision lam Column
    # plays Right with probability logistic(lam); Row's Top earns 2 against Left and 0
    # against Right, Bottom earns 1 always, so Row plays Top with
    # logistic(lam * (2 q_L - 1)).
    g = NormalFormGame.from_bimatrix([[2, 0], [1, 1]], [[0, 1], [3, 4]])
    lams = [0.25, 1.0, 3.0, 10.0]
    r = logit_qre(g, lam=lams)
    for lam, e in zip(lams, r):
        q_right = logistic(lam)
        p_top = logistic(lam * (2 * (1 - q_right) - 1))
        assert abs(e.profile[1][1] - q_right) <= 1e-10
        assert abs(e.profile[0][0] - p_top) <= 1e-10
        assert e.max_regret > 0  # a QRE profile is not a Nash equilibrium


def asymmetric_matching_pennies() -> NormalFormGame:
    """Goeree & Holt (2001), "Ten little treasures of game theory and ten intuitive
    contradictions", AER 91:1402-1422, the asymmetric matching pennies game (payoffs in
    cents): Nash has Row mix 1/2-1/2 whatever Row's own payoff in (Top, Left), but
    subjects chose Top far more often, as logit QRE predicts."""
    return NormalFormGame.from_bimatrix(
        [[320, 40], [40, 80]], [[40, 80], [80, 40]],
        players=("Row", "Column"), strategies=(("Top", "Bottom"), ("Left", "Right")),
    )


def amp_fixed_point(lam: float) -> tuple[float, float]:
    """The QRE of asymmetric matching pennies by one-dimensional root finding.

    Column plays Left with ``q(p) = logistic(lam * (40 - 80 p))`` when Row plays Top with
    probability ``p``; Row's fixed point solves ``logistic(lam * (320 q(p) - 40)) = p``.
    The left side decreases in ``p``, so the root in (0, 1) is unique.
    """
    def q(p: float) -> float:
        return logistic(lam * (40 - 80 * p))

    p = brentq(lambda p: logistic(lam * (320 * q(p) - 40)) - p, 0.0, 1.0, xtol=1e-15, rtol=1e-15)
    return p, q(p)


def test_asymmetric_matching_pennies_against_brentq() -> None:
    g = asymmetric_matching_pennies()
    lams = [0.001, 0.01, 0.03, 0.1, 0.5, 2.0]
    r = logit_qre(g, lam=lams)
    tops = []
    for lam, e in zip(lams, r):
        p, q = amp_fixed_point(lam)
        assert abs(e.profile[0][0] - p) <= 1e-9
        assert abs(e.profile[1][0] - q) <= 1e-9
        tops.append(e.profile[0][0])
    # Row is drawn towards the high-payoff cell: Top more than the Nash 1/2 at every lambda
    assert all(t > 0.5 for t in tops)
    # ... and Column's Left falls towards the Nash 1/8 as lambda grows
    assert r[-1].profile[1][0] < 0.2


def test_qre_converges_to_nash_as_lambda_grows() -> None:
    # McKelvey & Palfrey (1995): the principal branch tends to a Nash equilibrium; here the
    # unique one, Row 1/2-1/2 and Column Left 1/8.
    g = asymmetric_matching_pennies()
    r = logit_qre(g, lam=[0.01, 0.1, 1, 10, 100])
    regrets = [float(e.max_regret) for e in r]
    assert all(a > b for a, b in zip(regrets, regrets[1:]))
    assert regrets[-1] < 1.0  # payoffs are in the hundreds
    assert distance(floats(r[-1].profile), [np.array([0.5, 0.5]), np.array([1 / 8, 7 / 8])]) < 1e-3
    assert max(r.parameters["residuals"]) <= 1e-10
    nash = logit_solve(g)
    assert nash[0].profile == ((F(1, 2), F(1, 2)), (F(1, 8), F(7, 8)))
    assert nash[0].max_regret == 0


def test_lambda_order_and_duplicates_are_kept() -> None:
    g = asymmetric_matching_pennies()
    r = logit_qre(g, lam=[0.5, 0.01, 0.5, 0])
    assert r.parameters["lambdas"] == [0.5, 0.01, 0.5, 0.0]
    assert r[0].profile == r[2].profile
    assert r[3].profile == ((0.5, 0.5), (0.5, 0.5))
    assert abs(r[1].profile[0][0] - amp_fixed_point(0.01)[0]) <= 1e-9
    single = logit_qre(g, lam=0.5)
    assert len(single) == 1 and single[0].profile == r[0].profile


def test_qre_of_exact_game_is_float() -> None:
    r = logit_qre(EXAMPLES["battle-of-the-sexes"](), lam=1)
    assert not r.exact and not r.game.is_exact
    assert isinstance(r[0].max_regret, float)


# ----------------------------------------------------------------------------- pygambit: QRE
#: Corpus games on which the principal branch meets no bifurcation point (generic enough);
#: several players, dominance, a backward-bending branch (loopback.nfg).
GENERIC_CORPUS = [
    "contrib/games/2x2.nfg",
    "contrib/games/loopback.nfg",
    "contrib/games/cent2.nfg",
    "contrib/games/8x8.nfg",
    "contrib/games/e04.nfg",
    "contrib/games/2x2x2x2.nfg",
    "contrib/games/3x3x3.nfg",
    "contrib/games/5x4x3.nfg",
    "contrib/games/8x2x2.nfg",
    "contrib/games/g2.nfg",
    "catalog/journals/ijgt/nau2004/sec4.nfg",
    "catalog/journals/ijgt/nau2004/sec5.nfg",
]


@pytest.mark.parametrize("name", GENERIC_CORPUS)
def test_qre_matches_pygambit_logit_solve_lambda(gambit_games_dir: Path, name: str) -> None:
    gbt = import_pygambit()
    g = corpus(gambit_games_dir, name).to_float()
    spread = float(np.ptp(g.payoffs))
    lams = [s / spread for s in (0.5, 3.0, 9.0, 30.0)]
    ours = logit_qre(g, lam=lams)
    assert not bifurcated(ours)
    assert max(ours.parameters["residuals"]) <= 1e-10
    gg = to_gambit(g)
    theirs = gbt.qre.logit_solve_lambda(gg, lam=lams)
    for lam, e, q in zip(lams, ours, theirs):
        assert abs(q.lam - lam) <= 1e-6 * max(1.0, lam)
        assert distance(floats(e.profile), gambit_profile(gg, q.profile)) <= 1e-6
        assert qre_residual(g, e.profile, lam) <= 1e-9


def test_backward_bending_branch_first_crossing(gambit_games_dir: Path) -> None:
    # loopback.nfg: the principal branch turns back near lambda 1.349 and forward again at
    # 1.324, so three branch points share lambda = 1.33; the first one reached is returned.
    g = corpus(gambit_games_dir, "contrib/games/loopback.nfg")
    r = logit_qre(g, lam=[1.30, 1.33, 1.36])
    p_row = [e.profile[0][0] for e in r]
    assert p_row[0] > 0.74 and p_row[1] > 0.74  # before the bend: Row's first strategy high
    assert p_row[2] < 0.5  # after the bend the branch heads for Row's second strategy
    for lam, e in zip([1.30, 1.33, 1.36], r):
        assert qre_residual(g.to_float(), e.profile, lam) <= 1e-9


# ----------------------------------------------------------------------------- logit_solve
@pytest.mark.parametrize("name", GENERIC_CORPUS)
def test_logit_solve_matches_pygambit_limit(gambit_games_dir: Path, name: str) -> None:
    gbt = import_pygambit()
    g = corpus(gambit_games_dir, name)
    r = logit_solve(g)
    assert r.method == "logit" and not r.complete and len(r) == 1
    assert r.parameters["verified"] and not bifurcated(r)
    e = r[0]
    if r.exact:
        assert e.max_regret == 0 and isinstance(e.max_regret, Fraction)
    else:
        assert float(e.max_regret) <= g.tolerance(1e-10)
    gg = to_gambit(g.to_float())
    theirs = gbt.nash.logit_solve(gg).equilibria[0]
    # Gambit stops when the regret is below 1e-8 of the payoff range, so its profile is
    # only close to the limit; ours is the polished limit itself.
    assert distance(floats(e.profile), gambit_profile(gg, theirs)) <= 1e-3


def test_logit_solve_verifies_on_every_corpus_game(gambit_nfg_path: Path) -> None:
    g = gt.read_game(gambit_nfg_path)
    r = logit_solve(g)
    assert r.parameters["verified"], r.diagnostics
    e = r[0]
    if r.exact:
        assert e.max_regret == 0 and r.game.is_exact
    else:
        assert float(e.max_regret) <= g.tolerance(1e-10)
    assert g.is_nash(e.profile)


def test_symmetric_game_bifurcation_is_reported(gambit_games_dir: Path) -> None:
    # In contrib/games/2x2x2.nfg the symmetric branch meets other branches near
    # lambda 0.597; we continue straight through (to the symmetric equilibrium), Gambit may
    # turn onto another branch. Below the bifurcation the two agree.
    gbt = import_pygambit()
    g = corpus(gambit_games_dir, "contrib/games/2x2x2.nfg")
    r = logit_solve(g)
    assert bifurcated(r) and r.parameters["verified"] and r[0].max_regret == 0
    below = logit_qre(g, lam=[0.3, 0.5])
    gg = to_gambit(g.to_float())
    for e, q in zip(below, gbt.qre.logit_solve_lambda(gg, lam=[0.3, 0.5])):
        assert distance(floats(e.profile), gambit_profile(gg, q.profile)) <= 1e-6


def test_exact_answers_two_and_three_players(gambit_games_dir: Path) -> None:
    # 2x2.nfg (Row 2, 0 / 0, 1; Column 0, 1 / 1, 0): the unique equilibrium has Row
    # (1/2, 1/2) and Column (1/3, 2/3), found exactly
    r = logit_solve(corpus(gambit_games_dir, "contrib/games/2x2.nfg"))
    assert r.exact and r[0].profile == ((F(1, 2), F(1, 2)), (F(1, 3), F(2, 3)))
    assert r[0].max_regret == 0
    # the same game in floats, or with exact=False: a float answer with tiny regret
    r = logit_solve(corpus(gambit_games_dir, "contrib/games/2x2.nfg"), exact=False)
    assert not r.exact and not r.game.is_exact and float(r[0].max_regret) <= 1e-12
    # Nau et al. (2004) sec. 4: unique equilibrium, in irrational probabilities -> floats
    r = logit_solve(corpus(gambit_games_dir, "catalog/journals/ijgt/nau2004/sec4.nfg"))
    assert not r.exact and r.parameters["verified"]
    assert any("irrational" in d for d in r.diagnostics)
    # a 3-player game with a rational mixed equilibrium: rationalised and checked exactly
    r = logit_solve(corpus(gambit_games_dir, "contrib/games/5x4x3.nfg"))
    assert r.exact and r[0].max_regret == 0 and not r[0].is_pure()


def test_volunteers_dilemma_symmetric_equilibrium() -> None:
    # Three players each volunteer (payoff 3) or ignore (4 if someone volunteers, else 0).
    # Indifference 3 = 4 (1 - q^2) gives the symmetric equilibrium: ignore with q = 1/2.
    def pay(*s: str) -> tuple[int, ...]:
        anyone = "V" in s
        return tuple(3 if x == "V" else (4 if anyone else 0) for x in s)

    g = NormalFormGame.from_function(pay, [["V", "I"]] * 3)
    r = logit_solve(g)
    assert r.exact and r[0].profile == ((F(1, 2), F(1, 2)),) * 3


def test_float_game_exact_true_rationalises() -> None:
    g = NormalFormGame.from_bimatrix([[9.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
    r = logit_solve(g, exact=True)
    assert r.exact and r[0].profile == ((F(1, 2), F(1, 2)), (F(1, 10), F(9, 10)))


def test_trivial_games() -> None:
    one_player = NormalFormGame(np.array([[3], [1], [2]]))
    r = logit_qre(one_player, lam=1.0)
    u = np.array([3.0, 1.0, 2.0])
    assert distance(floats(r[0].profile), [np.exp(u) / np.exp(u).sum()]) <= 1e-12
    assert logit_solve(one_player)[0].profile == ((1, 0, 0),)
    single = NormalFormGame(np.zeros((1, 1, 2)))
    assert logit_solve(single)[0].profile == ((1.0,), (1.0,))
    zeros = NormalFormGame(np.zeros((2, 2, 2, 3)))
    r = logit_solve(zeros)
    assert r.parameters["verified"] and float(r[0].max_regret) == 0.0


def test_failure_is_reported_not_hidden(monkeypatch: pytest.MonkeyPatch, gambit_games_dir: Path) -> None:
    # With polishing disabled and the trace stopped early, the best profile found is the
    # QRE profile itself. Issue 14: the regret gate drops it (it used to be returned with its
    # large regret); the diagnostics say why and the result is incomplete.
    monkeypatch.setattr(qre, "_refine", lambda *args, **kwargs: None)
    g = corpus(gambit_games_dir, "contrib/games/5x4x3.nfg")
    r = logit_solve(g, max_lambda=0.05, restarts=0)
    assert not r.parameters["verified"] and not r.exact and not r.complete
    assert r.diagnostics[0].startswith("NOT an equilibrium")
    assert r.equilibria == () and "dropped" in r.diagnostics[-1]


def test_restart_after_a_failed_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = qre._trace_and_polish

    def first_fails(*args: object, **kwargs: object) -> qre._Trace:
        calls.append(1)
        if len(calls) == 1:
            return qre._Trace(note="continuation stopped: simulated breakdown")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(qre, "_trace_and_polish", first_fails)
    r = logit_solve(asymmetric_matching_pennies(), seed=3)
    assert r.parameters["restarts_used"] == 1 and r.parameters["verified"]
    assert r[0].max_regret == 0
    assert any("restart 1" in d for d in r.diagnostics)


# ----------------------------------------------------------------------------- hypothesis
def three_player_games(values: st.SearchStrategy[float]) -> st.SearchStrategy[NormalFormGame]:
    return st.lists(values, min_size=81, max_size=81).map(
        lambda v: NormalFormGame(np.array(v, dtype=np.float64).reshape(3, 3, 3, 3))
    )


RANDOM_FLOATS = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
#: Few distinct values make ties, dominance and continua of equilibria common.
COARSE_FLOATS = st.sampled_from([0.0, 1.0, 2.0, -1.5])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(three_player_games(RANDOM_FLOATS), three_player_games(COARSE_FLOATS)))
def test_random_three_player_games_logit_solve(game: NormalFormGame) -> None:
    r = logit_solve(game)
    assert len(r) == 1
    regret = float(r[0].max_regret)
    if r.parameters["verified"]:
        assert regret <= game.tolerance(1e-10)
        assert game.is_nash(r[0].profile)
    else:  # a failure must say so, with the regret of what is returned
        assert r.diagnostics[0].startswith(("NOT an equilibrium", "no equilibrium"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(2, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(1, 3), min_size=n, max_size=n),
            st.integers(0, 2**32 - 1),
            st.lists(st.floats(0, 20), min_size=1, max_size=3),
        )
    )
)
def test_random_qre_profiles_are_logit_fixed_points(args: tuple[list[int], int, list[float]]) -> None:
    shape, seed, lams = args
    rng = np.random.default_rng(seed)
    g = NormalFormGame(rng.normal(size=(*shape, len(shape))))
    r = logit_qre(g, lam=lams)
    assert max(r.parameters["residuals"]) <= 1e-10
    for lam, e in zip(lams, r):
        assert qre_residual(g, e.profile, lam) <= 1e-9
        for probs in e.profile:
            assert abs(sum(probs) - 1) <= 1e-12 and min(probs) >= 0
