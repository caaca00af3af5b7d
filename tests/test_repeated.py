"""Repeated games: minmax values, the individually rational set, strategy automata and their
exact critical discount factors, and the Abreu-Sannikov payoff set (issue 18, item 1)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory._kernel.results import dumps
from gametheory.dynamic import (
    Automaton,
    carrot_and_stick,
    check_automaton,
    grim_trigger,
    individually_rational_set,
    minmax_values,
    spe_payoff_set,
    tit_for_tat,
)
from gametheory.errors import GameError, SolverError
from gametheory.extensive.univariate import AlgebraicPoint
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.zerosum import zerosum_solve


def pd(T: int, R: int, P: int, S: int) -> NormalFormGame:
    """The prisoner's dilemma, strategies C (first) and D."""
    return NormalFormGame.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]], strategies=[["C", "D"], ["C", "D"]])


PDS = [(5, 3, 1, 0), (4, 3, 1, 0), (10, 9, 3, 1), (7, 5, 2, -3), (3, 2, 1, 0)]


# --------------------------------------------------------------------------- minmax
def test_matching_pennies_minmax_is_zero():
    """Matching pennies: mixed minmax 0 (von Neumann's value), pure minmax 1."""
    r = minmax_values(NormalFormGame.zero_sum([[1, -1], [-1, 1]]))
    assert r.mixed == (0, 0) and r.pure == (1, 1)
    assert r.mixed_punishers[0] == {("1",): F(1, 2), ("2",): F(1, 2)}
    assert '"mixed": ["0", "0"]' in dumps(r)


def test_minmax_equals_zero_sum_value_on_random_games():
    """A player's mixed minmax is the value of the zero-sum game of his own payoffs (the engine's
    zero-sum solver, a separate path); mixed <= pure."""
    rng = np.random.default_rng(18)
    for _ in range(12):
        m, n = rng.integers(2, 5, size=2)
        A = rng.integers(-6, 7, size=(m, n)).tolist()
        B = rng.integers(-6, 7, size=(m, n)).tolist()
        r = minmax_values(NormalFormGame.from_bimatrix(A, B))
        v1 = zerosum_solve(NormalFormGame.zero_sum(A), exact=True).equilibria[0].payoffs[0]
        v2 = zerosum_solve(NormalFormGame.zero_sum(np.array(B).T.tolist()), exact=True).equilibria[0].payoffs[0]
        assert r.mixed == (v1, v2)
        assert all(a <= b for a, b in zip(r.mixed, r.pure))
        assert r.pure[0] == min(max(A[i][j] for i in range(m)) for j in range(n))


def test_three_player_minmax():
    """Three players: the pure minmax by brute force; the correlated punishment is no higher."""
    rng = np.random.default_rng(3)
    U = rng.integers(-3, 4, size=(2, 2, 2, 3))
    g = NormalFormGame(U.tolist())
    r = minmax_values(g)
    assert r.pure[0] == min(max(U[a, b, c, 0] for a in range(2)) for b in range(2) for c in range(2))
    assert all(x <= y for x, y in zip(r.mixed, r.pure))
    assert r.diagnostics


def test_folk_theorem_set_of_the_prisoners_dilemma():
    """The feasible individually rational set of the PD (T, R, P, S) = (5, 3, 1, 0): the hull of
    the four payoff vectors cut at the minmax (1, 1) (Fudenberg and Maskin 1986; Fudenberg and
    Tirole 1991, fig. 5.1)."""
    r = individually_rational_set(pd(5, 3, 1, 0))
    assert r.minmax == (1, 1)
    assert list(r.vertices) == [(1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3))]
    assert set(r.feasible) == {(0, 5), (1, 1), (5, 0), (3, 3)}
    with pytest.raises(SolverError):
        individually_rational_set(NormalFormGame(np.zeros((2, 2, 2, 3), dtype=int).tolist()))


# --------------------------------------------------------------------------- automata
@pytest.mark.parametrize("T,R,P,S", PDS)
def test_grim_trigger_critical_delta(T, R, P, S):
    """Grim trigger in the PD is subgame perfect exactly when delta >= (T - R)/(T - P)
    (Fudenberg and Tirole 1991, section 5.1)."""
    r = check_automaton(pd(T, R, P, S), grim_trigger(pd(T, R, P, S)))
    assert r.critical == F(T - R, T - P) and r.critical_attained
    assert len(r.holds_on) == 1 and r.holds_on[0].hi == 1 and not r.holds_on[0].hi_closed
    below = check_automaton(pd(T, R, P, S), grim_trigger(pd(T, R, P, S)), delta=F(T - R, T - P) * F(99, 100))
    assert below.subgame_perfect is False and below.violations[0][0] == "cooperate"
    at = check_automaton(pd(T, R, P, S), grim_trigger(pd(T, R, P, S)), delta=F(T - R, T - P))
    assert at.subgame_perfect and at.values["cooperate"] == (R, R) and at.values["punish"] == (P, P)


@pytest.mark.parametrize("T,R,P,S", PDS)
def test_tit_for_tat_conditions(T, R, P, S):
    """Tit-for-tat in the PD. The one-shot deviation conditions in its four states are
    delta >= (T-R)/(R-S) (in CC), delta >= (P-S)/(T-P) (in CD), delta <= (T-R)/(R-S) (in DC) and
    delta <= (P-S)/(T-P) (in DD): it is subgame perfect only in the knife-edge case
    delta = (T-R)/(R-S) = (P-S)/(T-P) (Kalai, Samet and Stanford 1988; Mailath and Samuelson
    2006, ch. 2)."""
    g = pd(T, R, P, S)
    r = check_automaton(g, tit_for_tat(g))
    a, b = F(T - R, R - S), F(P - S, T - P)
    if a == b and a < 1:
        assert r.critical == a and [(iv.lo, iv.hi) for iv in r.holds_on] == [(a, a)]
    else:
        assert r.critical is None and r.holds_on == ()


def test_carrot_and_stick_golden_ratio():
    """Abreu's (1988) stick and carrot with two periods of (D, D) in the PD (5, 3, 1, 0): the
    carrot state's condition 3 >= 5(1-d) + d((1-d^2) + 3d^2) is (d - 1)(d^2 + d - 1) <= 0, so the
    critical discount factor is the irrational (sqrt(5) - 1)/2."""
    g = pd(5, 3, 1, 0)
    r = check_automaton(g, carrot_and_stick(g, ("C", "C"), ("D", "D"), periods=2))
    assert isinstance(r.critical, AlgebraicPoint)
    assert math.isclose(float(r.critical), (math.sqrt(5) - 1) / 2, rel_tol=1e-12)
    assert str(r.critical) == "-1/2 + sqrt(5)/2"
    assert '"-1/2 + sqrt(5)/2"' in dumps(r)
    one = check_automaton(g, carrot_and_stick(g, periods=1))  # one period of (D, D) never suffices here
    assert one.critical is None


def _brute_check(g: NormalFormGame, a: Automaton, d: F) -> bool:
    """One-shot deviation check at ``d`` by exact linear algebra (V = (1-d) u + d V[next])."""
    import sympy

    flat = list(itertools.product(*map(range, g.shape)))
    pos = {p: k for k, p in enumerate(flat)}
    n = len(a.states)
    M = sympy.eye(n)
    for s in range(n):
        M[s, a.transitions[s][pos[a.actions[s]]]] -= sympy.Rational(d.numerator, d.denominator)
    ok = True
    for i in range(g.num_players):
        u = sympy.Matrix([(1 - d) * F(g.payoffs[a.actions[s] + (i,)]) for s in range(n)])
        V = M.LUsolve(u)
        for s in range(n):
            for b in range(g.shape[i]):
                dev = a.actions[s][:i] + (b,) + a.actions[s][i + 1:]
                val = (1 - d) * F(g.payoffs[dev + (i,)]) + d * V[a.transitions[s][pos[dev]]]
                ok &= bool(val <= V[s])
    return ok


def test_exact_set_agrees_with_linear_algebra_on_random_automata():
    """Property: on random games and random automata (every state reachable), a discount factor
    lies in ``holds_on`` exactly when the brute-force check at it passes."""
    rng = np.random.default_rng(1988)
    for _ in range(8):
        g = NormalFormGame.from_bimatrix(rng.integers(0, 6, (2, 2)).tolist(), rng.integers(0, 6, (2, 2)).tolist())
        k = int(rng.integers(2, 4))
        acts = {f"s{j}": tuple(int(x) for x in rng.integers(0, 2, 2)) for j in range(k)}
        trans = {f"s{j}": {(x, y): f"s{int(rng.integers(0, k))}" for x in range(2) for y in range(2)} for j in range(k)}
        trans["s0"][(0, 0)] = "s1"
        a = Automaton.from_rules(g, acts, trans)
        r = check_automaton(g, a)
        reach = {0}
        for _ in range(k):
            reach |= {t for s in reach for t in a.transitions[s]}
        if len(reach) < k:
            continue
        for d in [F(j, 20) for j in range(20)] + ([r.critical] if isinstance(r.critical, F) else []):
            inside = any((iv.lo < d or (iv.lo == d and iv.lo_closed)) and (d < iv.hi or (d == iv.hi and iv.hi_closed))
                         for iv in r.holds_on if isinstance(iv.lo, F) and isinstance(iv.hi, F))
            if any(not isinstance(iv.lo, F) or not isinstance(iv.hi, F) for iv in r.holds_on):
                continue
            assert inside == _brute_check(g, a, d), (acts, trans, d)
            assert check_automaton(g, a, delta=d).subgame_perfect == inside


def test_bad_input():
    g = pd(5, 3, 1, 0)
    for bad in (1, -0.1, float("nan"), "abc", F(3, 2)):
        with pytest.raises(GameError):
            check_automaton(g, grim_trigger(g), delta=bad)
    with pytest.raises(GameError, match="unknown state"):
        Automaton.from_rules(g, {"a": (0, 0)}, {"a": {"*": "b"}})
    with pytest.raises(GameError, match="no strategy"):
        Automaton.from_rules(g, {"a": ("C", "X")}, {})
    with pytest.raises(GameError):
        minmax_values([[1, 2], [3, 4]])  # type: ignore[arg-type]
    with pytest.raises(GameError):
        tit_for_tat(NormalFormGame.from_bimatrix([[1, 2, 3]], [[1, 2, 3]]))
    with pytest.raises(GameError):
        spe_payoff_set(g, 0)
    with pytest.raises(GameError):
        carrot_and_stick(g, periods=0)


# --------------------------------------------------------------------------- Abreu-Sannikov
AS_GAME = [[(16, 9), (3, 13), (0, 3)], [(21, 1), (10, 4), (-1, 0)], [(9, 0), (5, -4), (-5, -15)]]
#: QuantEcon.py's test cases (quantecon/game_theory/tests/test_repeated_game.py): the example of
#: Abreu and Sannikov (2014) at delta 0.3 and the prisoner's dilemma at delta 0.9.
AS_VERTICES = [[7.33770472e+00, 1.09826253e+01], [1.12568240e+00, 2.80000000e+00], [7.33770472e+00, 0.0],
               [7.86308964e+00, 0.0], [1.97917977e+01, 2.80000000e+00], [1.55630896e+01, 9.10000000e+00]]
PD_GAME = [[(9, 9), (1, 10)], [(10, 1), (3, 3)]]
PD_VERTICES = [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]]


def _same_polygon(a, b, tol=1e-7):
    a, b = np.array(a, dtype=float), np.array(b, dtype=float)
    return a.shape == b.shape and all(np.abs(b - p).max(axis=1).min() <= tol * max(1, np.abs(p).max()) for p in a)


@pytest.mark.parametrize("game,delta,u_init,expected", [
    (AS_GAME, "3/10", (0, 0), AS_VERTICES), (PD_GAME, "9/10", (3, 3), PD_VERTICES),
    (AS_GAME, "3/10", None, AS_VERTICES), (PD_GAME, "9/10", None, PD_VERTICES),
    (AS_GAME, "3/10", (-100, -100), AS_VERTICES)])
def test_abreu_sannikov_quantecon_cases(game, delta, u_init, expected):
    r = spe_payoff_set(NormalFormGame(game), delta, u_init=u_init)
    assert _same_polygon(r.vertices, expected)
    assert not r.diagnostics or "self-generating" in r.diagnostics[0]


def test_abreu_sannikov_pd_exact_and_certified():
    """The PD set at delta 9/10 has rational vertices; rounded, the polygon generates itself
    exactly, so every point of it is a subgame-perfect payoff (APS 1990)."""
    r = spe_payoff_set(NormalFormGame(PD_GAME), "9/10")
    assert r.certified and list(r.exact_vertices) == [(3, 3), (F(39, 4), 3), (9, 9), (3, F(39, 4))]
    ir = individually_rational_set(NormalFormGame(PD_GAME), pure=True)
    assert all(x >= ir.minmax[0] and y >= ir.minmax[1] for x, y in r.exact_vertices)
    assert r.to_json()["certified"] is True


def test_abreu_sannikov_no_pure_spe():
    """QuantEcon's case without a pure-action subgame-perfect equilibrium at delta 0.05."""
    r = spe_payoff_set(NormalFormGame([[(1, -1), (-1, 2)], [(-2, 2), (1, 0)]]), "1/20")
    assert r.empty and "no pure-action" in r.summary()


def test_abreu_sannikov_equals_quantecon():
    """Equality with QuantEcon's RepeatedGame.equilibrium_payoffs on its test games and on
    seeded random games."""
    qg = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(2014)
    cases = [(AS_GAME, 0.3), (PD_GAME, 0.9)]
    for _ in range(6):
        cases.append((rng.integers(-5, 10, size=(3, 3, 2)).tolist(), float(rng.choice([0.5, 0.7, 0.9]))))
    from scipy.spatial import QhullError

    compared = 0
    for game, d in cases:
        r = spe_payoff_set(NormalFormGame(game), F(d).limit_denominator(100))
        try:
            h = qg.RepeatedGame(qg.NormalFormGame(game), d).equilibrium_payoffs()
        except QhullError:  # QuantEcon cannot hull a set that collapsed to a point or a segment
            assert len(r.vertices) <= 2
            continue
        except ValueError:  # QuantEcon: no pure-action subgame-perfect equilibrium
            assert r.empty
            continue
        assert _same_polygon(r.vertices, h.points[h.vertices], tol=1e-6), (game, d)
        compared += 1
    assert compared >= 4


def test_abreu_sannikov_loop_and_arrays_agree():
    """The plain-loop step (small games) and the numpy step give the same sets."""
    rng = np.random.default_rng(7)
    for _ in range(10):
        n1, n2 = rng.integers(2, 5, size=2)
        g = NormalFormGame(rng.integers(-5, 10, size=(n1, n2, 2)).tolist())
        d = F(int(rng.integers(3, 10)), 10)
        a, b = spe_payoff_set(g, d, vectorised=True), spe_payoff_set(g, d, vectorised=False)
        assert _same_polygon(a.vertices, b.vertices, tol=1e-9), (g, d)
        assert a.certified == b.certified


def test_abreu_sannikov_properties_on_random_games():
    """Property: every pure Nash payoff of the stage game (repeat it forever) lies in the set, and
    the set lies in the pure individually rational set (no one gets less than the pure minmax)."""
    from gametheory.dynamic.abreu_sannikov import _inside

    rng = np.random.default_rng(1990)
    for _ in range(10):
        n1, n2 = rng.integers(2, 4, size=2)
        U = rng.integers(-4, 8, size=(n1, n2, 2))
        g = NormalFormGame(U.tolist())
        r = spe_payoff_set(g, F(int(rng.integers(2, 10)), 10))
        nash = [U[i, j] for i in range(n1) for j in range(n2)
                if U[i, j, 0] == U[:, j, 0].max() and U[i, j, 1] == U[i, :, 1].max()]
        if not nash:
            continue
        assert not r.empty
        V = np.array(r.vertices, dtype=float)
        if len(V) >= 3:
            assert _inside(V, np.array(nash, dtype=float), 1e-9).all()
        mm = minmax_values(g).pure
        assert all(x >= mm[0] - 1e-9 and y >= mm[1] - 1e-9 for x, y in r.vertices)


def test_abreu_sannikov_plot(tmp_path):
    pytest.importorskip("matplotlib")
    r = spe_payoff_set(NormalFormGame(AS_GAME), "3/10")
    out = tmp_path / "set.png"
    r.plot(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
