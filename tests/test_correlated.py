"""Correlated and coarse correlated equilibria (gametheory.normal.correlated).

Known answers are derived by hand from the definitions (the derivation is in each case's
comment) for games from the literature: Aumann's (1974) "traffic light" in chicken, the
public coin in the Battle of the Sexes, Shapley's (1964) 3x3 game, matching pennies and
the prisoner's dilemma, and the 2x2x4 game of Nau, Gomez Canovas & Hansen (2004, section
6) from the Gambit corpus, whose Nash equilibria lie in the relative interior of the
correlated equilibrium polytope.

Everything else is checked against references written here, independently of the
library: the incentive constraints written out profile by profile in Fractions, HiGHS
(through ``scipy.optimize.linprog``) on those constraints for optimal values, and a brute
force vertex enumeration (every choice of ``P - 1`` constraints to hold with equality) for
the extreme points of small games.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import gametheory as gt
from gametheory import GameError, GameSizeError, NormalFormGame
from gametheory.normal.correlated import (
    CorrelatedPolytope,
    CorrelatedResult,
    correlated_equilibrium,
    correlated_extreme_points,
    correlated_violation,
    is_correlated_equilibrium,
    product_distribution,
)
from gametheory.normal.correlated import optimum as corr_optimum

F = Fraction
Profile = tuple[int, ...]
Row = list[Fraction]


# ============================================================================ games
def chicken() -> NormalFormGame:
    """Chicken (Aumann 1974, "Subjectivity and correlation in randomized strategies",
    J. Math. Econ. 1:67-96): (C,C)=(6,6), (C,D)=(2,7), (D,C)=(7,2), (D,D)=(0,0)."""
    return NormalFormGame.from_bimatrix(
        [[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["Row", "Col"], strategies=[["C", "D"], ["C", "D"]]
    )


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the Sexes: both prefer meeting; Row prefers the opera (O), Col football (F)."""
    return NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Row", "Col"], strategies=[["O", "F"], ["O", "F"]]
    )


def shapley() -> NormalFormGame:
    """Shapley's (1964, "Some topics in two-person games") 3x3 example in a common 0/1 form:
    Row earns 1 for playing the same index as Col, Col earns 1 for being one step ahead
    (Col's j = Row's i + 1 mod 3). Its only Nash equilibrium is uniform play."""
    A = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    B = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    return NormalFormGame.from_bimatrix(A, B, strategies=[["a", "b", "c"], ["a", "b", "c"]])


def matching_pennies() -> NormalFormGame:
    return NormalFormGame.from_bimatrix(
        [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], strategies=[["H", "T"], ["H", "T"]]
    )


def prisoners_dilemma() -> NormalFormGame:
    return NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
    )


def zero_game() -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 0]])


def one_profile_game() -> NormalFormGame:
    return NormalFormGame.from_bimatrix([[3]], [[4]])


NAU_SEC6 = Path("catalog") / "journals" / "ijgt" / "nau2004" / "sec6.nfg"


@pytest.fixture(scope="module")
def nau_sec6(gambit_games_dir: Path) -> NormalFormGame:
    """The 2x2x4 game of Nau, Gomez Canovas & Hansen (2004), "On the geometry of Nash
    equilibria and correlated equilibria", IJGT 32:443-453, section 6."""
    path = gambit_games_dir / NAU_SEC6
    game = gt.read_game(path)
    assert "relative interior of the correlated equilibrium polytope" in game.title
    return game


# ============================================================================ references
def profiles(game: NormalFormGame) -> list[Profile]:
    """Pure profiles in row-major order (the order of ``distribution.reshape(-1)``)."""
    return list(itertools.product(*(range(n) for n in game.shape)))


def u(game: NormalFormGame, prof: Profile, i: int) -> Fraction:
    return F(game.payoffs[prof + (i,)])


def deviate(prof: Profile, i: int, t: int) -> Profile:
    return prof[:i] + (t,) + prof[i + 1 :]


def incentive_rows(game: NormalFormGame, coarse: bool) -> list[Row]:
    """The definition, one row per constraint ``row . p >= 0``.

    Correlated (Aumann 1974): for player ``i`` told ``s``, switching to ``t`` does not pay,
    ``sum_{s_-i} p(s, s_-i) [u_i(s, s_-i) - u_i(t, s_-i)] >= 0``. Coarse (Moulin & Vial
    1978): committing to ``t`` in advance does not pay, ``sum_s p(s) [u_i(s) - u_i(t, s_-i)] >= 0``.
    """
    profs = profiles(game)
    rows: list[Row] = []
    for i, n in enumerate(game.shape):
        for t in range(n):
            if coarse:
                rows.append([u(game, p, i) - u(game, deviate(p, i, t), i) for p in profs])
                continue
            for s in range(n):
                if s != t:
                    rows.append(
                        [u(game, p, i) - u(game, deviate(p, i, t), i) if p[i] == s else F(0) for p in profs]
                    )
    return rows


def flat(dist: Any) -> list[Fraction]:
    return [F(x) for x in np.asarray(dist, dtype=object).reshape(-1).tolist()]


def reference_violation(game: NormalFormGame, dist: Any, coarse: bool) -> Fraction:
    p = flat(dist)
    gains = [-sum((a * b for a, b in zip(row, p)), F(0)) for row in incentive_rows(game, coarse)]
    return max([F(0)] + gains)


def expected_payoffs(game: NormalFormGame, dist: Any) -> tuple[Fraction, ...]:
    p = flat(dist)
    profs = profiles(game)
    return tuple(sum((q * u(game, s, i) for q, s in zip(p, profs)), F(0)) for i in range(game.num_players))


def welfare_of(game: NormalFormGame, dist: Any) -> Fraction:
    return sum(expected_payoffs(game, dist), F(0))


def lp_max(
    game: NormalFormGame, c: list[float], coarse: bool, extra: Sequence[tuple[list[float], float]] = ()
) -> float:
    """``max c.p`` over the polytope (HiGHS on the reference rows); ``extra`` adds ``a.p >= b``."""
    P = math.prod(game.shape)
    G = [[float(v) for v in row] for row in incentive_rows(game, coarse)]
    A_ub = [[-v for v in row] for row in G] + [[-v for v in a] for a, _ in extra]
    b_ub = [0.0] * len(G) + [-b for _, b in extra]
    res = linprog(
        -np.asarray(c, dtype=float),
        A_ub=np.array(A_ub).reshape(len(A_ub), P) if A_ub else None,
        b_ub=np.array(b_ub) if A_ub else None,
        A_eq=np.ones((1, P)),
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    assert res.status == 0, res.message
    return float(-res.fun)


def lp_dimension(game: NormalFormGame, coarse: bool) -> int:
    """Affine dimension of the polytope: ``P - 1`` minus the rank of the implicit equalities
    (the inequalities whose largest value over the polytope is 0), found by LP."""
    P = math.prod(game.shape)
    rows = [[float(v) for v in r] for r in incentive_rows(game, coarse)]
    rows += [[1.0 if j == k else 0.0 for j in range(P)] for k in range(P)]
    implicit = [r for r in rows if any(r) and lp_max(game, r, coarse) <= 1e-9]
    eqs = np.array(implicit + [[1.0] * P])
    return P - int(np.linalg.matrix_rank(eqs))


def _solve_exact(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """Gauss-Jordan elimination over the rationals for a nonsingular square system."""
    n = len(M)
    A = [row[:] + [rhs] for row, rhs in zip(M, b)]
    for col in range(n):
        piv = next(r for r in range(col, n) if A[r][col] != 0)
        A[col], A[piv] = A[piv], A[col]
        pv = A[col][col]
        A[col] = [v / pv for v in A[col]]
        for r in range(n):
            if r != col and A[r][col] != 0:
                f = A[r][col]
                A[r] = [a - f * c for a, c in zip(A[r], A[col])]
    return [A[r][n] for r in range(n)]


def brute_force_vertices(game: NormalFormGame, coarse: bool) -> set[tuple[Fraction, ...]]:
    """Every vertex of ``{p >= 0, G p >= 0, sum p = 1}`` by trying every set of ``P - 1``
    constraints as equalities. The rows are integers (integer games only), so a set is
    nonsingular exactly when its integer determinant is nonzero; candidates that look
    feasible in floats are then solved and checked in Fractions."""
    P = math.prod(game.shape)
    rows = incentive_rows(game, coarse) + [[F(int(j == k)) for j in range(P)] for k in range(P)]
    assert all(v.denominator == 1 for row in rows for v in row), "integer games only"
    combos = list(itertools.combinations(range(len(rows)), P - 1))
    assert len(combos) <= 50_000, "too many constraint sets for brute force"
    R = np.array([[float(v) for v in row] for row in rows]).reshape(len(rows), P)
    mats = np.empty((len(combos), P, P))
    for k, combo in enumerate(combos):
        mats[k, : P - 1] = R[list(combo)]
        mats[k, P - 1] = 1.0
    dets = np.linalg.det(mats) if P > 0 else np.ones(len(combos))
    ok = np.abs(dets) > 0.5
    rhs = np.zeros(P)
    rhs[-1] = 1.0
    out: set[tuple[Fraction, ...]] = set()
    if not ok.any():
        return out
    sols = np.linalg.solve(mats[ok], np.broadcast_to(rhs, (int(ok.sum()), P))[..., None])[..., 0]
    for combo, x in zip(itertools.compress(combos, ok.tolist()), sols):
        if x.min() < -1e-9 or (R @ x).min() < -1e-9:
            continue
        M = [rows[k] for k in combo] + [[F(1)] * P]
        p = _solve_exact(M, [F(0)] * (P - 1) + [F(1)])
        if min(p) >= 0 and all(sum((a * b for a, b in zip(row, p)), F(0)) >= 0 for row in rows):
            out.add(tuple(p))
    return out


def vertex_set(poly: CorrelatedPolytope) -> set[tuple[Fraction, ...]]:
    return {tuple(flat(v)) for v in poly.vertices}


def by_names(game: NormalFormGame, table: dict[tuple[str, ...], Fraction]) -> list[Fraction]:
    """A distribution given as ``{profile names: probability}`` as a flat row-major list."""
    out = [F(0)] * math.prod(game.shape)
    for prof, prob in table.items():
        idx = tuple(game.strategies[i].index(s) for i, s in enumerate(prof))
        out[int(np.ravel_multi_index(idx, game.shape))] = F(prob)
    return out


# ============================================================================ hypothesis games
SMALL_SHAPES = ((2, 2), (2, 3), (3, 2), (3, 3), (2, 2, 2))


@st.composite
def int_games(draw: st.DrawFn, shapes: tuple[tuple[int, ...], ...] = SMALL_SHAPES, hi: int = 3) -> NormalFormGame:
    """Random exact games with integer payoffs in ``-hi..hi`` (small ranges give many ties,
    so degenerate polytopes are common)."""
    shape = draw(st.sampled_from(shapes))
    N = len(shape)
    size = math.prod(shape) * N
    vals = draw(st.lists(st.integers(-hi, hi), min_size=size, max_size=size))
    return NormalFormGame(np.array(vals, dtype=np.int64).reshape(shape + (N,)))


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ============================================================================ known answers
@pytest.mark.parametrize(
    ("make", "coarse", "welfare", "support"),
    [
        # Chicken, p = (a, b, c, d) on (C,C), (C,D), (D,C), (D,D). Row told C: 2b >= a; told
        # D: c >= 2d; Col likewise 2c >= a, b >= 2d. Welfare 12a + 9b + 9c is largest with
        # d = 0, where it is 9 + 3a, and a <= 2 min(b, c) <= b + c = 1 - a gives a <= 1/2,
        # with equality only at b = c = 1/4: Aumann's traffic light, welfare 21/2, unique.
        pytest.param(chicken, False, F(21, 2), {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
                     id="chicken-traffic-light"),
        # With two strategies per player, "commit to t" is the one switch s -> t (s != t), so
        # the coarse constraints are the correlated ones: same unique optimum.
        pytest.param(chicken, True, F(21, 2), {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
                     id="chicken-coarse"),
        # Matching pennies: Row needs p_HH >= p_HT and p_TT >= p_TH, Col p_TH >= p_HH and
        # p_HT >= p_TT; the cycle forces all four equal: the Nash product is the only CE.
        pytest.param(matching_pennies, False, F(0), {(a, b): F(1, 4) for a in "HT" for b in "HT"},
                     id="matching-pennies-unique"),
        # D strictly dominates C by at least 1 against both columns, so any weight on C breaks
        # the constraint for C (correlated) or for committing to D (coarse).
        pytest.param(prisoners_dilemma, False, F(2), {("D", "D"): F(1)}, id="prisoners-dilemma"),
        pytest.param(prisoners_dilemma, True, F(2), {("D", "D"): F(1)}, id="prisoners-dilemma-coarse"),
        # Payoffs 3 and 4 at the only profile.
        pytest.param(one_profile_game, False, F(7), {("1", "1"): F(1)}, id="one-profile"),
    ],
)
def test_welfare_optimum_known(
    make: Callable[[], NormalFormGame], coarse: bool, welfare: Fraction, support: dict[tuple[str, ...], Fraction]
) -> None:
    game = make()
    r = correlated_equilibrium(game, coarse=coarse)
    assert r.exact and r.coarse is coarse and r.objective == "welfare"
    assert r.objective_value == welfare and r.welfare == welfare
    assert r.support == support
    assert all(isinstance(v, Fraction) for v in r.support.values())
    assert r.max_violation == 0 and isinstance(r.max_violation, Fraction)
    assert reference_violation(game, r.distribution, coarse) == 0


def test_traffic_light_payoffs_and_marginals() -> None:
    r = correlated_equilibrium(chicken())
    assert r.payoffs == (F(21, 4), F(21, 4))
    # Each driver is told C with probability 3/4: better than the mixed Nash 2/3, whose
    # welfare is only 2 * 14/3 = 28/3 < 21/2.
    assert r.marginals() == ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))
    nash_welfare = [sum(e.payoffs) for e in gt.solve(chicken())]
    assert sorted(nash_welfare) == [F(9), F(9), F(28, 3)]
    assert r.welfare > max(nash_welfare)
    assert str(r) == "Correlated equilibrium (welfare 21/2): (C, C): 1/2; (C, D): 1/4; (D, C): 1/4"
    assert r.parameters == {"objective": "welfare", "coarse": False}


def test_battle_of_the_sexes_public_coin() -> None:
    # Welfare is 3 on (O,O) and (F,F) and 0 elsewhere, so the welfare optimum is 3, reached
    # by every mixture of the two pure equilibria (obeying a public coin). Egalitarian:
    # min(u_R, u_C) <= welfare / 2 <= 3/2, with equality only when welfare is 3 and
    # u_R = 2x + (1 - x) equals u_C = x + 2(1 - x), i.e. a fair coin.
    game = battle_of_the_sexes()
    best = correlated_equilibrium(game)
    assert best.objective_value == 3
    assert set(best.support) <= {("O", "O"), ("F", "F")}
    fair = correlated_equilibrium(game, objective="egalitarian")
    assert fair.objective == "egalitarian"
    assert fair.support == {("O", "O"): F(1, 2), ("F", "F"): F(1, 2)}
    assert fair.objective_value == F(3, 2) and fair.payoffs == (F(3, 2), F(3, 2))
    coin = {("O", "O"): F(1, 2), ("F", "F"): F(1, 2)}
    assert is_correlated_equilibrium(game, coin)
    # the coin is public: independent coins (a product) of the same marginals are not a CE
    assert not is_correlated_equilibrium(game, product_distribution(game, [[F(1, 2)] * 2, [F(1, 2)] * 2]))


def test_shapley_game() -> None:
    # Every profile pays 1 to at most one player, so welfare <= 1 and the smallest payoff
    # <= 1/2 for every distribution. The uniform distribution on the six profiles that pay
    # someone 1 -- (a,a), (a,b), (b,b), (b,c), (c,c), (c,a) -- reaches both bounds and is a
    # CE: told x, Row faces Col in {x, x+1} with equal odds and earns 1/2 whatever he plays
    # among x, x+1 (and 0 otherwise); told y, Col faces Row in {y-1, y} and earns 1/2 from
    # y or y+1. The unique Nash equilibrium (uniform) has welfare only 2/3.
    game = shapley()
    nash = gt.solve(game)
    assert len(nash) == 1
    assert nash[0].profile == ((F(1, 3),) * 3, (F(1, 3),) * 3)
    assert sum(nash[0].payoffs) == F(2, 3)
    six = {("a", "a"), ("a", "b"), ("b", "b"), ("b", "c"), ("c", "c"), ("c", "a")}
    uniform_six = {prof: F(1, 6) for prof in six}
    assert correlated_violation(game, uniform_six) == 0
    best = correlated_equilibrium(game)
    assert best.objective_value == 1 > sum(nash[0].payoffs)
    assert set(best.support) <= six  # welfare 1 needs every profile to pay 1
    fair = correlated_equilibrium(game, objective="egalitarian")
    assert fair.objective_value == F(1, 2) and fair.welfare == 1
    coarse = correlated_equilibrium(game, coarse=True)
    assert coarse.objective_value == 1


def test_shapley_coarse_but_not_correlated() -> None:
    # Half (a,a), half (b,c). Told b, Row knows Col plays c and gains 1 by playing c:
    # violation 1/2 * 1 = 1/2. Coarse: Row earns 1/2 obeying and 1/2 * 1 = 1/2 by
    # committing to a or to c (0 for b); Col earns 1/2 obeying and 1/2 by committing to a
    # (pays against b), b (pays against a) or c (pays against b): a CCE that is not a CE.
    game = shapley()
    p = {("a", "a"): F(1, 2), ("b", "c"): F(1, 2)}
    assert correlated_violation(game, p) == F(1, 2)
    assert reference_violation(game, by_names(game, p), False) == F(1, 2)
    assert correlated_violation(game, p, coarse=True) == 0
    assert is_correlated_equilibrium(game, p, coarse=True)
    assert not is_correlated_equilibrium(game, p)


@pytest.mark.parametrize(
    ("dist", "coarse", "violation"),
    [
        # (C,C) for sure: Row switches to D and earns 7 instead of 6.
        pytest.param({("C", "C"): 1}, False, F(1), id="CC-correlated"),
        pytest.param({("C", "C"): 1}, True, F(1), id="CC-coarse"),
        # (D,D) for sure: Row switches to C and earns 2 instead of 0.
        pytest.param({("D", "D"): 1}, False, F(2), id="DD"),
        # pure Nash equilibria
        pytest.param({("C", "D"): 1}, False, F(0), id="CD-nash"),
        pytest.param({(1, 0): 1}, False, F(0), id="DC-nash-by-index"),
        # uniform: Row told C faces C/D evenly: 1/4 (6 + 2) = 2 vs 1/4 (7 + 0) = 7/4: no gain;
        # told D: 1/4 (7 + 0) = 7/4 vs 1/4 (6 + 2) = 2: gain 1/4.
        pytest.param([[F(1, 4), F(1, 4)], [F(1, 4), F(1, 4)]], False, F(1, 4), id="uniform"),
        pytest.param([[0.25, 0.25], [0.25, 0.25]], False, 0.25, id="uniform-float"),
    ],
)
def test_violation_known(dist: Any, coarse: bool, violation: Fraction | float) -> None:
    game = chicken()
    v = correlated_violation(game, dist, coarse=coarse)
    assert v == violation
    assert type(v) is type(violation)
    assert is_correlated_equilibrium(game, dist, coarse=coarse) is (violation == 0)


def test_float_violation_tolerance() -> None:
    game = chicken()
    eps = 1e-12
    near = [[0.5 - eps, 0.25 + eps], [0.25, 0.0]]  # the traffic light, rounded
    assert is_correlated_equilibrium(game, near)
    assert is_correlated_equilibrium(game, [[0.5 + 1e-4, 0.25 - 1e-4], [0.25, 0.0]]) is False
    assert is_correlated_equilibrium(game, [[0.5 + 1e-4, 0.25 - 1e-4], [0.25, 0.0]], tol=1e-2)


@pytest.mark.parametrize(
    ("make", "coarse", "count", "dimension", "known"),
    [
        # Chicken: two pure Nash equilibria, the mixed one (2/3, 1/3)^2, the traffic light and
        # (0, 2/5, 2/5, 1/5) (a = 0, b = 2d, c = 2d). A 2x2 game with three Nash equilibria
        # has this five-vertex polytope (Calvo-Armengol 2006, "The set of correlated
        # equilibria of 2x2 games").
        pytest.param(chicken, False, 5, 3,
                     [{("C", "D"): 1}, {("D", "C"): 1},
                      {("C", "C"): F(4, 9), ("C", "D"): F(2, 9), ("D", "C"): F(2, 9), ("D", "D"): F(1, 9)},
                      {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
                      {("C", "D"): F(2, 5), ("D", "C"): F(2, 5), ("D", "D"): F(1, 5)}],
                     id="chicken"),
        pytest.param(battle_of_the_sexes, False, 5, 3,
                     [{("O", "O"): 1}, {("F", "F"): 1},
                      {("O", "O"): F(2, 9), ("O", "F"): F(4, 9), ("F", "O"): F(1, 9), ("F", "F"): F(2, 9)}],
                     id="battle-of-the-sexes"),
        pytest.param(matching_pennies, False, 1, 0, [{(a, b): F(1, 4) for a in "HT" for b in "HT"}],
                     id="matching-pennies"),
        pytest.param(prisoners_dilemma, True, 1, 0, [{("D", "D"): 1}], id="prisoners-dilemma-coarse"),
        # no incentive constraint at all: the polytope is the simplex over the four profiles
        pytest.param(zero_game, False, 4, 3, [{(a, b): 1} for a in "12" for b in "12"], id="all-zero"),
        pytest.param(one_profile_game, False, 1, 0, [{("1", "1"): 1}], id="one-profile"),
    ],
)
def test_extreme_points_known(
    make: Callable[[], NormalFormGame], coarse: bool, count: int, dimension: int, known: list[dict[Any, Any]]
) -> None:
    game = make()
    poly = correlated_extreme_points(game, coarse=coarse)
    assert len(poly) == count and poly.dimension == dimension
    assert poly.coarse is coarse
    got = vertex_set(poly)
    for table in known:
        assert tuple(by_names(game, table)) in got
    assert got == brute_force_vertices(game, coarse)
    assert lp_dimension(game, coarse) == dimension


def test_extreme_points_result_api() -> None:
    poly = correlated_extreme_points(chicken())
    assert isinstance(poly, CorrelatedPolytope)
    # sorted by decreasing welfare: the traffic light first, then the mixed Nash equilibrium
    assert [sum(p) for p in poly.payoffs] == [F(21, 2), F(28, 3), F(9), F(9), F(36, 5)]
    assert poly.supports()[0] == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    assert all(v.shape == (2, 2) and v.dtype == object for v in poly)
    with pytest.raises(ValueError):
        poly.vertices[0][0, 0] = F(1)  # read-only
    doc = poly.to_json()
    assert doc["dimension"] == 3 and len(doc["vertices"]) == 5
    assert doc["vertices"][0][0] == {"profile": ["C", "C"], "probability": "1/2"}
    assert doc["payoffs"][0] == ["21/4", "21/4"]
    assert "5 vertices by double description" in poly.diagnostics[-1]


def test_shapley_polytope() -> None:
    # The polytope is small even though the game has nine profiles: at the uniform Nash
    # product every incentive constraint is tight, and six of them hold with equality on
    # the whole polytope (the independent LP below finds them).
    game = shapley()
    poly = correlated_extreme_points(game)
    assert poly.dimension == lp_dimension(game, False)
    for v in poly:
        assert reference_violation(game, v, False) == 0
    assert max(sum(p) for p in poly.payoffs) == 1
    nash = product_distribution(game, gt.solve(game)[0].profile)
    assert tuple(flat(nash)) in vertex_set(poly)
    rng = np.random.default_rng(7)
    for _ in range(5):
        c = rng.integers(-5, 6, size=9)
        best = max(sum((F(int(a)) * b for a, b in zip(c, flat(v))), F(0)) for v in poly)
        assert abs(float(best) - lp_max(game, c.tolist(), False)) <= 1e-8


# ============================================================================ Nau et al. (2004)
def tight_set(game: NormalFormGame, p: list[Fraction], rows: list[Row]) -> set[int]:
    """Indices of the constraints (incentive rows, then ``p_j >= 0``) holding with equality."""
    acts = [sum((a * b for a, b in zip(row, p)), F(0)) for row in rows] + p
    return {k for k, a in enumerate(acts) if a == 0}


def test_nau_nash_in_relative_interior(nau_sec6: NormalFormGame) -> None:
    # Nau, Gomez Canovas & Hansen (2004), section 6: the polytope is four-dimensional with six
    # vertices, and the Nash equilibria form a segment through its relative interior: Players
    # 1 and 2 mix evenly, Player 3 plays (x, x, 1/2 - x, 1/2 - x) for 0 <= x <= 1/2.
    game = nau_sec6
    poly = correlated_extreme_points(game)
    assert len(poly) == 6 and poly.dimension == 4
    assert lp_dimension(game, False) == 4
    rows = incentive_rows(game, False)
    always_tight = set.intersection(*(tight_set(game, flat(v), rows) for v in poly))
    half = (F(1, 2), F(1, 2))
    for x in (F(0), F(1, 8), F(1, 4), F(3, 8), F(1, 2)):
        profile = (half, half, (x, x, F(1, 2) - x, F(1, 2) - x))
        assert game.max_regret(profile) == 0  # a Nash equilibrium
        p = product_distribution(game, profile)
        assert is_correlated_equilibrium(game, p) and reference_violation(game, p, False) == 0
        interior = tight_set(game, flat(p), rows) == always_tight
        # inside the segment: only the constraints tight on the whole polytope are tight
        # here, so the point is in the relative interior; the ends lie on edges (each is the
        # midpoint of two vertices).
        assert interior is (0 < x < F(1, 2))
    for e in gt.solve(game):
        assert is_correlated_equilibrium(game, product_distribution(game, e.profile))
    # Every vertex pays (3/4, 3/4, 1), as does every Nash equilibrium, so every objective is
    # constant on the polytope.
    assert set(poly.payoffs) == {(F(3, 4), F(3, 4), F(1))}
    assert correlated_equilibrium(game).objective_value == F(5, 2)
    assert correlated_equilibrium(game, objective=[-1, -1, -1]).objective_value == F(-5, 2)


def test_nau_coarse_contains_correlated(nau_sec6: NormalFormGame) -> None:
    game = nau_sec6
    ce = correlated_extreme_points(game)
    cce = correlated_extreme_points(game, coarse=True)
    for v in ce:
        assert is_correlated_equilibrium(game, v, coarse=True)
    best = correlated_equilibrium(game, coarse=True)
    # No profile pays more than 3 in total, and the coarse optimum reaches 3: strictly more
    # than 5/2, which every correlated equilibrium pays here.
    assert max(sum(u(game, s, i) for i in range(3)) for s in profiles(game)) == 3
    assert best.objective_value == 3 > correlated_equilibrium(game).objective_value == F(5, 2)
    assert reference_violation(game, best.distribution, True) == 0
    assert reference_violation(game, best.distribution, False) > 0
    assert max(sum(p) for p in cce.payoffs) == 3


# ============================================================================ objectives
@pytest.mark.parametrize(
    ("objective", "value", "support"),
    [
        # Row's largest payoff anywhere is 7, at the pure equilibrium (D, C).
        pytest.param([1, 0], F(7), {("D", "C"): 1}, id="row-only"),
        pytest.param({"Row": 2}, F(14), {("D", "C"): 1}, id="mapping-missing-player-weighs-0"),
        pytest.param((0, 1), F(7), {("C", "D"): 1}, id="col-only"),
        pytest.param([1, 1], F(21, 2), {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
                     id="equal-weights-are-welfare"),
        pytest.param(["1/2", F(1, 2)], F(21, 4), {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)},
                     id="string-and-fraction-weights"),
        # -(u_R + u_C) is largest where welfare is smallest: (0, 2/5, 2/5, 1/5), welfare 36/5.
        pytest.param([-1, -1], F(-36, 5), {("C", "D"): F(2, 5), ("D", "C"): F(2, 5), ("D", "D"): F(1, 5)},
                     id="negative-weights"),
    ],
)
def test_weights_objective(objective: Any, value: Fraction, support: dict[Any, Any]) -> None:
    game = chicken()
    r = correlated_equilibrium(game, objective=objective)
    assert r.objective == "weights" and r.objective_value == value
    assert r.support == {k: F(v) for k, v in support.items()}
    assert r.parameters["weights"] == [F(w) for w in ([objective.get(p, 0) for p in game.players]
                                                      if isinstance(objective, dict) else objective)]
    poly = correlated_extreme_points(game)
    w = r.parameters["weights"]
    assert value == max(sum((a * b for a, b in zip(w, pay)), F(0)) for pay in poly.payoffs)


def test_no_objective_is_some_equilibrium() -> None:
    game = chicken()
    r = correlated_equilibrium(game, objective=None)
    assert r.objective == "none" and r.objective_value is None
    assert r.max_violation == 0 and reference_violation(game, r.distribution, False) == 0
    assert tuple(flat(r.distribution)) in vertex_set(correlated_extreme_points(game))
    assert "(" not in str(r).split(":")[0]  # no objective in the headline
    assert r.to_json()["objective_value"] is None


def test_egalitarian_chicken() -> None:
    # min(u_R, u_C) <= welfare / 2 <= 21/4, and the traffic light pays 21/4 to each.
    r = correlated_equilibrium(chicken(), objective="egalitarian")
    assert r.objective_value == F(21, 4)
    assert r.support == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    assert any("max-min stage" in d for d in r.diagnostics)


# ============================================================================ exact vs float
def test_float_game() -> None:
    # chicken with payoffs divided by 10, as floats
    game = NormalFormGame.from_bimatrix([[0.6, 0.2], [0.7, 0.0]], [[0.6, 0.7], [0.2, 0.0]])
    assert not game.is_exact
    r = correlated_equilibrium(game)
    assert not r.exact and isinstance(r.objective_value, float)
    assert r.objective_value == pytest.approx(1.05, abs=1e-9)
    assert float(r.max_violation) <= game.tolerance()
    assert is_correlated_equilibrium(game, r.distribution)
    q = correlated_equilibrium(game, exact=True)
    assert q.exact and q.objective_value == F(21, 20) and q.max_violation == 0
    assert q.game.is_exact
    assert any("decimals" in d for d in q.diagnostics)
    poly = correlated_extreme_points(game)
    assert poly.game.is_exact and len(poly) == 5
    assert max(sum(p) for p in poly.payoffs) == F(21, 20)


@pytest.mark.parametrize("make", [chicken, battle_of_the_sexes, shapley, matching_pennies, prisoners_dilemma])
@pytest.mark.parametrize("objective", ["welfare", "egalitarian", [2, -1]])
def test_float_mode_agrees_with_exact(make: Callable[[], NormalFormGame], objective: Any) -> None:
    game = make()
    q = correlated_equilibrium(game, objective=objective)
    f = correlated_equilibrium(game, objective=objective, exact=False)
    assert q.exact and not f.exact
    assert f.distribution.dtype == np.float64
    assert float(f.max_violation) <= game.tolerance()
    assert f.objective_value == pytest.approx(float(q.objective_value), abs=1e-7)
    assert float(f.distribution.sum()) == pytest.approx(1.0, abs=1e-12)


def test_result_api() -> None:
    r = correlated_equilibrium(chicken(), coarse=True)
    assert isinstance(r, CorrelatedResult)
    assert str(r).startswith("Coarse correlated equilibrium (welfare 21/2)")
    with pytest.raises(ValueError):
        r.distribution[0, 0] = F(0)
    doc = r.to_json()
    assert doc["coarse"] is True and doc["arithmetic"] == "exact"
    assert doc["players"] == ["Row", "Col"]
    assert doc["support"][0] == {"profile": ["C", "C"], "probability": "1/2"}
    assert doc["objective_value"] == "21/2" and doc["max_violation"] == "0"
    assert doc["parameters"] == {"objective": "welfare", "coarse": True}
    assert r.elapsed >= 0
    w = correlated_equilibrium(chicken(), objective=[1, "1/3"]).to_json()
    assert w["parameters"]["weights"] == ["1", "1/3"]


def test_product_distribution() -> None:
    game = chicken()
    p = product_distribution(game, [[F(2, 3), F(1, 3)], [F(2, 3), F(1, 3)]])
    assert flat(p) == [F(4, 9), F(2, 9), F(2, 9), F(1, 9)]
    assert is_correlated_equilibrium(game, p) and is_correlated_equilibrium(game, p, coarse=True)
    # a product of non-equilibrium strategies is not a CE
    assert not is_correlated_equilibrium(game, product_distribution(game, [[1, 0], [1, 0]]))
    f = product_distribution(game, [[0.5, 0.5], [0.25, 0.75]])
    assert f.dtype == np.float64 and f.tolist() == [[0.125, 0.375], [0.125, 0.375]]


# ============================================================================ bad input
def too_many_lp_coefficients(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corr_optimum, "MAX_LP_NONZEROS", 10)
    correlated_equilibrium(shapley())


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(lambda: correlated_equilibrium(chicken(), objective=[1]), GameError,
                     r"^correlated_equilibrium: objective needs 2 weights \(one per player\), got 1$",
                     id="weights-too-few"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective=[1, 2, 3]), GameError,
                     "correlated_equilibrium: objective needs 2 weights", id="weights-too-many"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective=[float("nan"), 1]), GameError,
                     "correlated_equilibrium: objective weight: nan is not finite", id="weight-nan"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective=[1, float("inf")], exact=False),
                     GameError, "correlated_equilibrium: objective weight: inf", id="weight-inf-float"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective=["x", 1]), GameError,
                     "correlated_equilibrium: objective weight: 'x' is not a number", id="weight-text"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective="utilitarian"), GameError,
                     "correlated_equilibrium: objective must be 'welfare', 'egalitarian'", id="objective-name"),
        pytest.param(lambda: correlated_equilibrium(chicken(), objective={"Bob": 1}), GameError,
                     r"correlated_equilibrium: objective names unknown players \['Bob'\]", id="unknown-player"),
        pytest.param(lambda: correlated_equilibrium([[1, 0], [0, 1]]), GameError,  # type: ignore[arg-type]
                     "correlated_equilibrium: expected a NormalFormGame, got list", id="not-a-game"),
        pytest.param(lambda: correlated_extreme_points("chicken"), GameError,  # type: ignore[arg-type]
                     "correlated_extreme_points: expected a NormalFormGame", id="extreme-not-a-game"),
        pytest.param(lambda: correlated_extreme_points(NormalFormGame(np.zeros((9, 8, 2), dtype=np.int64))),
                     GameSizeError,
                     "correlated_extreme_points: the 9 x 8 game has 72 pure profiles; vertex enumeration "
                     "is limited to 64", id="extreme-too-many-profiles"),
        pytest.param(lambda: correlated_extreme_points(chicken(), max_vertices=4), GameSizeError,
                     "correlated_extreme_points: the polytope has 5 vertices, more than max_vertices=4",
                     id="extreme-too-many-vertices"),
        pytest.param(lambda: correlated_extreme_points(chicken(), max_vertices=0), GameError,
                     "correlated_extreme_points: max_vertices must be a positive integer", id="max-vertices-0"),
        pytest.param(lambda: correlated_violation(chicken(), np.ones((2, 3)) / 6), GameError,
                     r"correlated_violation: expected an array of shape \(2, 2\), got shape \(2, 3\)",
                     id="violation-shape"),
        pytest.param(lambda: correlated_violation(chicken(), [[0.5, 0.5], [0.5, 0.0]]), GameError,
                     "correlated_violation: probabilities sum to 1.5", id="violation-sum"),
        pytest.param(lambda: correlated_violation(chicken(), [[2, -1], [0, 0]]), GameError,
                     "correlated_violation: negative probability -1", id="violation-negative"),
        pytest.param(lambda: correlated_violation(chicken(), [[0.5, float("nan")], [0.5, 0]]), GameError,
                     "correlated_violation entry: nan is not finite", id="violation-nan"),
        pytest.param(lambda: correlated_violation(chicken(), {("C", "X"): 1}), GameError,
                     r"correlated_violation: key \('C', 'X'\): unknown strategy 'X' of player 'Col'",
                     id="violation-unknown-strategy"),
        pytest.param(lambda: correlated_violation(chicken(), {("C",): 1}), GameError,
                     "correlated_violation: key .* is not a profile of 2 strategies", id="violation-short-key"),
        pytest.param(lambda: correlated_violation(chicken(), {("C", "C"): 0.5, (0, 0): 0.5}), GameError,
                     r"correlated_violation: profile \(0, 0\) is given twice", id="violation-duplicate"),
        pytest.param(lambda: correlated_violation(chicken(), {(0.0, 1): 1}), GameError,
                     "correlated_violation: key .*: strategies are names or 0-based indices", id="violation-float-key"),
        pytest.param(lambda: is_correlated_equilibrium(chicken(), {("C", "C"): F(1, 2)}), GameError,
                     "is_correlated_equilibrium: probabilities sum to 1/2, not 1", id="is-ce-sum"),
    ],
)
def test_bad_input(call: Callable[[], Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_lp_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Shapley's game has 9 profiles and 2 other strategies per player: 9 * 4 = 36 coefficients.
    monkeypatch.setattr(corr_optimum, "MAX_LP_NONZEROS", 35)
    with pytest.raises(GameSizeError, match=r"^correlated_equilibrium: the LP of this 3 x 3 game has 36 "
                                            r"constraint coefficients, more than the limit of 35$"):
        correlated_equilibrium(shapley())
    # coarse: one row per (player, strategy) over all 9 profiles: 9 * 6 = 54
    monkeypatch.setattr(corr_optimum, "MAX_LP_NONZEROS", 36)
    correlated_equilibrium(shapley())
    with pytest.raises(GameSizeError, match="has 54 constraint coefficients"):
        correlated_equilibrium(shapley(), coarse=True)


def test_vertex_enumeration_gives_up_promptly() -> None:
    # A random 5x5 game whose polytope is full-dimensional (24: every profile can have
    # positive probability and no inequality is tight on all of it). The double description
    # method's intermediate rays grow quickly here, and the work bounds tied to max_vertices
    # stop it with a clear error instead of running for hours (as it did before the bounds).
    game = NormalFormGame.from_bimatrix(
        [[5, 4, 0, -5, 7], [0, 6, 1, -4, -5], [7, 8, -5, 4, -8], [-2, -9, 7, 5, 10], [5, 5, 5, -8, -8]],
        [[8, 4, -10, 1, 8], [-1, 4, -7, 5, 3], [-8, 5, 6, 9, 0], [-10, -3, -2, 10, -8], [1, 5, 6, -2, -6]],
    )
    for coarse in (False, True):
        with pytest.raises(GameSizeError, match=r"^correlated_extreme_points: more than [\d,]+ (adjacency tests|"
                                                r"intermediate rays|candidate pairs of rays); the polytope is too "
                                                r"complex to enumerate \(raise max_vertices to try harder\)$"):
            correlated_extreme_points(game, coarse=coarse, max_vertices=1)
    assert lp_dimension(game, False) == 24
    # the LP is unaffected by the size of the polytope
    assert correlated_equilibrium(game).max_violation == 0


def test_nan_payoffs_rejected_before_solving() -> None:
    with pytest.raises(GameError, match="nan is not finite"):
        NormalFormGame.from_bimatrix([[float("nan"), 0], [0, 0]], [[0, 0], [0, 0]])


# ============================================================================ properties
@FAST
@given(game=int_games(), coarse=st.booleans(), objective=st.sampled_from(["welfare", "egalitarian", None]))
def test_exact_result_is_an_exact_equilibrium(game: NormalFormGame, coarse: bool, objective: Any) -> None:
    r = correlated_equilibrium(game, coarse=coarse, objective=objective)
    assert r.exact and r.max_violation == 0 and isinstance(r.max_violation, Fraction)
    p = flat(r.distribution)
    assert all(isinstance(x, Fraction) and x >= 0 for x in r.distribution.reshape(-1).tolist())
    assert sum(p) == 1
    assert reference_violation(game, r.distribution, coarse) == 0
    assert r.payoffs == expected_payoffs(game, r.distribution)
    assert len(r.support) == sum(1 for x in p if x) and all(v > 0 for v in r.support.values())
    if objective == "welfare":
        assert r.objective_value == welfare_of(game, r.distribution)
        c = [float(sum(u(game, s, i) for i in range(game.num_players))) for s in profiles(game)]
        assert float(r.objective_value) == pytest.approx(lp_max(game, c, coarse), abs=1e-7)
    elif objective == "egalitarian":
        assert r.objective_value == min(r.payoffs)


@FAST
@given(game=int_games())
def test_nash_products_are_correlated_and_no_better(game: NormalFormGame) -> None:
    ce = correlated_equilibrium(game)
    cce = correlated_equilibrium(game, coarse=True)
    assert cce.objective_value >= ce.objective_value  # every CE is a CCE
    assert is_correlated_equilibrium(game, ce.distribution, coarse=True)
    for e in gt.solve(game):
        # three-player equilibria can be irrational (then given in floats): their products
        # are checked to the game's tolerance, exact ones exactly
        slack = 0 if e.exact else game.tolerance()
        p = product_distribution(game, e.profile)
        assert is_correlated_equilibrium(game, p)
        assert is_correlated_equilibrium(game, p, coarse=True)
        assert reference_violation(game, p, False) <= slack
        assert sum(e.payoffs) <= ce.objective_value + slack


BRUTE_SHAPES = ((1, 3), (2, 2), (2, 3), (3, 2), (2, 2, 2))


@FAST
@given(game=int_games(BRUTE_SHAPES, hi=2), coarse=st.booleans())
def test_extreme_points_equal_brute_force(game: NormalFormGame, coarse: bool) -> None:
    poly = correlated_extreme_points(game, coarse=coarse)
    got = vertex_set(poly)
    assert len(got) == len(poly)  # no repeats
    assert got == brute_force_vertices(game, coarse)
    assert poly.dimension == lp_dimension(game, coarse)
    for v in poly:
        assert correlated_violation(game, v, coarse=coarse) == 0
    welfare = [sum(pay) for pay in poly.payoffs]
    assert welfare == sorted(welfare, reverse=True)
    assert welfare[0] == correlated_equilibrium(game, coarse=coarse).objective_value


@FAST
@given(game=int_games(((3, 3), (2, 2, 2), (2, 4))), coarse=st.booleans(), data=st.data())
def test_extreme_points_attain_every_linear_optimum(game: NormalFormGame, coarse: bool, data: st.DataObject) -> None:
    # A list of feasible points is the full vertex set only if every linear objective is
    # maximised by one of them: compare with HiGHS on random objectives.
    poly = correlated_extreme_points(game, coarse=coarse)
    for v in poly:
        assert reference_violation(game, v, coarse) == 0
    P = math.prod(game.shape)
    for _ in range(3):
        c = data.draw(st.lists(st.integers(-5, 5), min_size=P, max_size=P))
        best = max(sum((F(a) * b for a, b in zip(c, flat(v))), F(0)) for v in poly)
        assert float(best) == pytest.approx(lp_max(game, [float(a) for a in c], coarse), abs=1e-7)
    w = data.draw(st.lists(st.integers(-2, 2), min_size=game.num_players, max_size=game.num_players))
    r = correlated_equilibrium(game, coarse=coarse, objective=w)
    assert r.objective_value == max(sum((F(a) * b for a, b in zip(w, pay)), F(0)) for pay in poly.payoffs)


@FAST
@given(game=int_games(((2, 2), (2, 2, 2), (1, 2))))
def test_two_strategies_coarse_equals_correlated(game: NormalFormGame) -> None:
    # With two strategies, committing to t is the single switch from the other strategy,
    # so both sets are cut out by the same inequalities.
    assert vertex_set(correlated_extreme_points(game)) == vertex_set(correlated_extreme_points(game, coarse=True))


@FAST
@given(game=int_games(), data=st.data())
def test_invariant_under_positive_affine_payoff_changes(game: NormalFormGame, data: st.DataObject) -> None:
    # Multiplying u_i by k_i > 0 and adding any function of the others' strategies changes
    # no incentive constraint, so the polytope (and the violation of any point) is unchanged.
    N = game.num_players
    U = np.array(game.payoffs.tolist(), dtype=object)
    for i in range(N):
        k = data.draw(st.fractions(min_value=F(1, 3), max_value=3, max_denominator=4).filter(lambda x: x > 0))
        others = tuple(n if j != i else 1 for j, n in enumerate(game.shape))
        shift = np.array(
            data.draw(st.lists(st.integers(-5, 5), min_size=math.prod(others), max_size=math.prod(others))),
            dtype=object,
        ).reshape(others)
        U[..., i] = U[..., i] * k + shift
    moved = NormalFormGame(U, exact=True)
    assert vertex_set(correlated_extreme_points(moved)) == vertex_set(correlated_extreme_points(game))
    r = correlated_equilibrium(moved, objective=None)
    assert correlated_violation(game, r.distribution) == 0


@FAST
@given(game=int_games(), coarse=st.booleans(), objective=st.sampled_from(["welfare", "egalitarian", "weights"]),
       data=st.data())
def test_float_mode_matches_exact_mode(game: NormalFormGame, coarse: bool, objective: str, data: st.DataObject) -> None:
    obj: Any = objective
    if objective == "weights":
        obj = data.draw(st.lists(st.integers(-2, 2), min_size=game.num_players, max_size=game.num_players))
    q = correlated_equilibrium(game, coarse=coarse, objective=obj)
    f = correlated_equilibrium(game, coarse=coarse, objective=obj, exact=False)
    tol = game.tolerance()
    assert not f.exact and float(f.max_violation) <= tol
    assert is_correlated_equilibrium(game.to_float(), f.distribution, coarse=coarse)
    assert f.objective_value == pytest.approx(float(q.objective_value), abs=tol)


@FAST
@given(game=int_games(), coarse=st.booleans())
def test_egalitarian_is_lexicographic_optimum(game: NormalFormGame, coarse: bool) -> None:
    r = correlated_equilibrium(game, coarse=coarse, objective="egalitarian")
    N, P = game.num_players, math.prod(game.shape)
    profs = profiles(game)
    # first stage: max z s.t. u_i(p) >= z for every player, over (p, z), with HiGHS
    G = [[float(v) for v in row] + [0.0] for row in incentive_rows(game, coarse)]
    pay = [[float(u(game, s, i)) for s in profs] for i in range(N)]
    A_ub = [[-v for v in row] for row in G] + [[-v for v in pay[i]] + [1.0] for i in range(N)]
    res = linprog([0.0] * P + [-1.0], A_ub=np.array(A_ub).reshape(len(A_ub), P + 1), b_ub=np.zeros(len(A_ub)),
                  A_eq=np.array([[1.0] * P + [0.0]]), b_eq=[1.0], bounds=[(0, None)] * P + [(None, None)],
                  method="highs")
    assert res.status == 0
    assert float(r.objective_value) == pytest.approx(-res.fun, abs=1e-7)
    # second stage: most welfare among the distributions that keep everyone at the level
    level = float(r.objective_value) - 1e-10
    welfare_c = [sum(pay[i][j] for i in range(N)) for j in range(P)]
    best = lp_max(game, welfare_c, coarse, extra=[(pay[i], level) for i in range(N)])
    assert float(r.welfare) == pytest.approx(best, abs=1e-6)
