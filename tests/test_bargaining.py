"""Bargaining: Nash and Kalai-Smorodinsky solutions, Rubinstein alternating offers, Fearon's
bargaining range and Powell's commitment problem (gametheory.cooperative.bargaining).

Known answers come from the literature (cited per test); where a closed form is used as an
oracle it was derived by hand from the model as the paper states it, while the library solves
the model's equations itself. Properties (Pareto optimality, individual rationality, shares
summing to the pie, monotonicity) are checked on random inputs with hypothesis.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import GameError
from gametheory.cooperative.alternating import RubinsteinResult, rubinstein
from gametheory.cooperative.bargaining import (
    BargainingProblem,
    BargainingSolution,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
)
from gametheory.cooperative.conflict import commitment_problem, fearon_bargaining_range

F = Fraction
ONE = Fraction(1)


def same(a: object, b: object) -> bool:
    """Symbolic equality (difference simplifies to 0)."""
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


# ============================================================================ Rubinstein
def test_rubinstein_closed_form_comes_out_of_the_equations() -> None:
    """Rubinstein (1982), Theorem: the first proposer gets (1 - d2)/(1 - d1 d2)."""
    d1, d2 = sympy.symbols("delta1 delta2", positive=True)
    r = rubinstein((d1, d2))
    assert isinstance(r, RubinsteinResult)
    assert r.arithmetic == "symbolic" and r.proposer == "Player 1"
    assert same(r.shares[0], (1 - d2) / (1 - d1 * d2))
    assert same(r.shares[1], d2 * (1 - d1) / (1 - d1 * d2))
    # the equations solved are the two indifference conditions, not the answer
    m1, m2 = sympy.symbols("m1 m2")
    assert len(r.equations) == 2
    assert all(isinstance(e, sympy.Equality) for e in r.equations)
    assert {s.name for e in r.equations for s in e.free_symbols} >= {"m1", "m2"}
    assert same(r.equations[0].lhs - r.equations[0].rhs, m1 - (1 - d2 * m2))


def test_rubinstein_equal_discount_gives_one_over_one_plus_delta() -> None:
    """Equal patience: the proposer gets 1/(1 + delta) (Rubinstein 1982)."""
    d = sympy.Symbol("delta", positive=True)
    r = rubinstein((d, d), pie=1)
    assert same(r.shares[0], 1 / (1 + d))
    assert same(r.shares[1], d / (1 + d))


@pytest.mark.parametrize(
    "discount, pie, first, expected",
    [
        pytest.param((F(1, 2), F(1, 2)), 1, 0, (F(2, 3), F(1, 3)), id="half-half"),
        pytest.param((F(9, 10), F(9, 10)), 1, 0, (F(10, 19), F(9, 19)), id="patient"),
        pytest.param((F(9, 10), F(1, 2)), 1, 0, (F(10, 11), F(1, 11)), id="impatient-responder"),
        pytest.param((0, F(3, 4)), 1, 0, (F(1, 4), F(3, 4)), id="myopic-proposer"),
        pytest.param((F(1, 2), 0), 1, 0, (1, 0), id="ultimatum"),
        pytest.param((F(1, 2), F(1, 2)), 1, 1, (F(1, 3), F(2, 3)), id="player-2-first"),
        pytest.param((F(1, 2), F(1, 2)), 12, 0, (8, 4), id="pie-of-12"),
    ],
)
def test_rubinstein_known_splits(discount: tuple, pie: int, first: int, expected: tuple) -> None:
    r = rubinstein(discount, pie, first=first)
    assert r.shares == tuple(F(x) for x in expected)
    assert r.arithmetic == "exact" and r.immediate is True
    assert r.regimes == ((True, r.shares),)


def test_rubinstein_float_input_gives_floats() -> None:
    r = rubinstein((0.9, 0.8))
    assert r.arithmetic == "float"
    assert isinstance(r.shares[0], float)
    assert r.shares[0] == pytest.approx((1 - 0.8) / (1 - 0.72))


def test_rubinstein_first_by_name_and_by_name() -> None:
    r = rubinstein((F(1, 2), F(1, 2)), first="Russia", players=("Europe", "Russia"))
    assert r.proposer == "Russia"
    assert r.by_name() == {"Europe": F(1, 3), "Russia": F(2, 3)}


@pytest.mark.parametrize(
    "costs, expected",
    [
        pytest.param((F(1, 10), F(1, 5)), (1, 0), id="proposer-cheaper-takes-all"),
        pytest.param((F(1, 5), F(1, 10)), (F(1, 10), F(9, 10)), id="proposer-dearer-gets-c2"),
    ],
)
def test_rubinstein_fixed_costs(costs: tuple, expected: tuple) -> None:
    """Rubinstein (1982), fixed bargaining costs: c1 < c2 gives player 1 everything; c1 > c2 gives
    the first proposer exactly c2."""
    r = rubinstein(None, costs=costs)
    assert r.shares == tuple(F(x) for x in expected)


def test_rubinstein_equal_costs_have_no_unique_equilibrium() -> None:
    with pytest.raises(GameError, match="rubinstein: no unique equilibrium"):
        rubinstein(None, costs=(F(1, 10), F(1, 10)))


def test_outside_option_principle_numeric() -> None:
    """Binmore, Shaked & Sutton (1989): an outside option matters only if it exceeds the
    responder's equilibrium share; then the responder gets exactly the option."""
    base = rubinstein((F(9, 10), F(9, 10)))
    assert base.shares == (F(10, 19), F(9, 19))
    small = rubinstein((F(9, 10), F(9, 10)), outside_options=(0, F(2, 5)))
    assert small.shares == base.shares and small.outside_option_binds == (False, False)
    large = rubinstein((F(9, 10), F(9, 10)), outside_options=(0, F(3, 5)))
    assert large.shares == (F(2, 5), F(3, 5)) and large.outside_option_binds == (False, True)


def test_outside_option_binding_condition_symbolic() -> None:
    d1, d2 = sympy.symbols("delta1 delta2", positive=True)
    o2 = sympy.Symbol("o2", nonnegative=True)
    r = rubinstein((d1, d2), outside_options=(0, o2))
    assert r.outside_option_binds[0] is False
    cond = r.outside_option_binds[1]
    threshold = d2 * (1 - d1) / (1 - d1 * d2)
    # the binding condition is o2 >= (responder's share without the option)
    for vals in ({d1: F(1, 2), d2: F(1, 2), o2: F(1, 2)}, {d1: F(9, 10), d2: F(4, 5), o2: F(1, 10)},
                 {d1: F(1, 3), d2: F(3, 4), o2: F(2, 3)}):
        assert bool(cond.subs(vals)) == (threshold.subs(vals) <= vals[o2])
    assert len(r.regimes) == 2
    # in the binding regime the responder gets exactly its option
    bind_shares = [s for c, s in r.regimes if c is not True and same(s[1], o2)]
    assert bind_shares


def test_breakdown_risk_closed_form() -> None:
    """Binmore, Rubinstein & Wolinsky (1986), no discounting: with breakdown probability p and
    breakdown payoffs b, the stationarity equations give m1 = (1 - b2 + (1 - p) b1)/(2 - p)
    (hand-derived oracle)."""
    p, b1, b2 = F(1, 10), F(1, 5), F(1, 10)
    r = rubinstein(None, breakdown=p, breakdown_payoffs=(b1, b2))
    assert r.shares[0] == (1 - b2 + (1 - p) * b1) / (2 - p)


def test_breakdown_risk_converges_to_nash_solution() -> None:
    """Binmore, Rubinstein & Wolinsky (1986): as the period length shrinks, the split tends to the
    Nash bargaining solution with the breakdown payoffs as disagreement point."""
    b = (F(1, 5), F(1, 10))
    nash = BargainingProblem.from_polygon([(0, 0), (1, 0), (0, 1)], disagreement=b).nash_solution()
    errors = []
    for step in (0.1, 0.01, 0.001):
        r = rubinstein(None, breakdown=1 - math.exp(-step), breakdown_payoffs=b)
        errors.append(abs(r.shares[0] - float(nash.point[0])))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 5e-4  # the first-mover advantage shrinks in proportion to the period


def test_discounting_converges_to_asymmetric_nash_solution() -> None:
    """Binmore, Rubinstein & Wolinsky (1986): with discount rates r_i and period length h -> 0,
    the Rubinstein split tends to the asymmetric Nash solution with powers proportional to 1/r_i."""
    r1, r2 = 0.05, 0.15
    pie = BargainingProblem.from_polygon([(0, 0), (1, 0), (0, 1)])
    target = float(pie.nash_solution(alpha=(1 / r1, 1 / r2)).point[0])
    assert target == pytest.approx(r2 / (r1 + r2))
    errors = [
        abs(rubinstein((math.exp(-r1 * h), math.exp(-r2 * h))).shares[0] - target) for h in (1.0, 0.1, 0.01)
    ]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3


@settings(max_examples=40, deadline=None)
@given(
    d1=st.fractions(0, 1).filter(lambda x: x < 1),
    d2=st.fractions(0, 1).filter(lambda x: x < 1),
    pie=st.integers(1, 20),
    o2=st.fractions(0, 1),
    first=st.integers(0, 1),
)
def test_rubinstein_properties(d1: Fraction, d2: Fraction, pie: int, o2: Fraction, first: int) -> None:
    r = rubinstein((d1, d2), pie, outside_options=(0, o2 * pie / 2), first=first)
    assert sum(r.shares) == pie
    assert all(0 <= s <= pie for s in r.shares)
    assert r.immediate is True
    # the responder gets at least its outside option
    if first == 0:
        assert r.shares[1] >= o2 * pie / 2
    # more patience never hurts
    more = rubinstein(((1 + d1) / 2, d2), pie, outside_options=(0, o2 * pie / 2), first=first)
    assert more.shares[0] >= r.shares[0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        pytest.param(dict(discount=(-0.1, 0.5)), r"rubinstein: discount\[0\] must be in \[0, 1\).*negative", id="negative"),
        pytest.param(dict(discount=(0.5, 1)), r"rubinstein: discount\[1\] must be in \[0, 1\)", id="delta-one"),
        pytest.param(dict(discount=(1.5, 0.5)), r"rubinstein: discount\[0\] must be in \[0, 1\)", id="delta-above-one"),
        pytest.param(dict(discount=(float("nan"), 0.5)), r"rubinstein: discount\[0\].*not finite", id="nan"),
        pytest.param(dict(discount=(0.5,)), r"rubinstein: discount: expected a pair", id="short"),
        pytest.param(dict(discount=(True, 0.5)), r"rubinstein: discount\[0\].*boolean", id="bool"),
        pytest.param(dict(discount=(0.5, 0.5), pie=0), r"rubinstein: pie must be positive", id="pie"),
        pytest.param(dict(discount=(0.5, 0.5), breakdown=2), r"rubinstein: breakdown must be a probability", id="p"),
        pytest.param(dict(discount=(0.5, 0.5), outside_options=(0.6, 0.6)), r"rubinstein: outside_options must sum", id="options"),
        pytest.param(dict(discount=(0.5, 0.5), outside_options=(-1, 0)), r"rubinstein: outside_options\[0\] must be nonnegative", id="neg-option"),
        pytest.param(dict(discount=(0.5, 0.5), costs=(-1, 0)), r"rubinstein: costs\[0\] must be nonnegative", id="neg-cost"),
        pytest.param(dict(discount=(0.5, 0.5), players=("EU", "EU")), r"rubinstein: players: duplicate name 'EU'", id="dup"),
        pytest.param(dict(discount=(0.5, 0.5), first=2), r"rubinstein: first must be 0, 1 or a player name", id="first"),
        pytest.param(dict(discount=(0.5, 0.5), first="US"), r"rubinstein: first: unknown player 'US'", id="first-name"),
        pytest.param(dict(discount=None), r"rubinstein: discount\[0\] must be in \[0, 1\)", id="no-friction"),
    ],
)
def test_rubinstein_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(GameError, match=message):
        rubinstein(**kwargs)


def test_rubinstein_rejects_provably_bad_symbols() -> None:
    bad = sympy.Symbol("delta", negative=True)
    with pytest.raises(GameError, match=r"rubinstein: discount\[0\]"):
        rubinstein((bad, F(1, 2)))


# ============================================================================ Nash / KS
PIE = [(0, 0), (1, 0), (0, 1)]


def test_nash_linear_pie_closed_form() -> None:
    """Nash (1950) on the pie u1 + u2 = s: u1 = (s + d1 - d2)/2."""
    u, s = sympy.symbols("u s", positive=True)
    d1, d2 = sympy.symbols("d1 d2", nonnegative=True)
    problem = BargainingProblem.from_frontier(s - u, (0, s), (d1, d2), variable=u)
    sol = problem.nash_solution()
    assert isinstance(sol, BargainingSolution) and sol.arithmetic == "symbolic"
    assert same(sol.point[0], (s + d1 - d2) / 2) and same(sol.point[1], (s - d1 + d2) / 2)
    assert same(sol.ideal[0], s - d2) and same(sol.ideal[1], s - d1)
    # it holds while there is something to share
    assert len(sol.conditions) == 1 and same(sol.conditions[0].lhs - sol.conditions[0].rhs, d1 + d2 - s)


def test_generalised_nash_linear_pie() -> None:
    """Asymmetric Nash solution (Kalai 1977): u1 = d1 + alpha1 (s - d1 - d2) with alpha1 + alpha2 = 1."""
    u, s = sympy.symbols("u s", positive=True)
    d1, d2 = sympy.symbols("d1 d2", nonnegative=True)
    a1, a2 = sympy.symbols("alpha1 alpha2", positive=True)
    sol = BargainingProblem.from_frontier(s - u, (0, s), (d1, d2), variable=u).nash_solution(alpha=(a1, a2))
    assert same(sol.point[0], d1 + a1 / (a1 + a2) * (s - d1 - d2))


@pytest.mark.parametrize(
    "d, alpha, expected",
    [
        pytest.param((0, 0), None, (F(1, 2), F(1, 2)), id="symmetric"),
        pytest.param((F(1, 5), F(1, 10)), None, (F(11, 20), F(9, 20)), id="disagreement"),
        pytest.param((F(1, 5), F(1, 10)), (1, 2), (F(13, 30), F(17, 30)), id="powers"),
    ],
)
def test_nash_polygon_pie(d: tuple, alpha: tuple | None, expected: tuple) -> None:
    sol = nash_bargaining_solution(BargainingProblem.from_polygon(PIE, d), alpha)
    assert sol.point == expected and sol.method == "polygon-edges"
    # the linear-pie formula (1 + d1 - d2)/2 for equal powers
    if alpha is None:
        assert sol.point[0] == (1 + F(d[0]) - F(d[1])) / 2


def test_kalai_smorodinsky_monotonicity_example() -> None:
    """The monotonicity example behind Kalai & Smorodinsky (1975): enlarging the set from S to T
    raises player 2's feasible payoff for every u1, yet Nash's solution gives player 2 less in T;
    the KS solution gives both players more. (Values computed by hand: Nash(S) = KS(S) = (3/4, 3/4),
    Nash(T) = (1, 7/10), KS(T) = (10/13, 10/13).)"""
    small = BargainingProblem.from_polygon([(0, 0), (0, 1), (F(3, 4), F(3, 4)), (1, 0)])
    large = BargainingProblem.from_polygon([(0, 0), (0, 1), (1, F(7, 10)), (1, 0)])
    assert small.nash_solution().point == (F(3, 4), F(3, 4))
    assert large.nash_solution().point == (1, F(7, 10))
    assert small.kalai_smorodinsky().point == (F(3, 4), F(3, 4))
    ks = large.kalai_smorodinsky()
    assert ks.point == (F(10, 13), F(10, 13)) and ks.ideal == (1, 1)
    assert large.nash_solution().point[1] < small.nash_solution().point[1]
    assert all(a >= b for a, b in zip(ks.point, small.kalai_smorodinsky().point))


def test_nash_and_ks_differ_on_a_curved_frontier() -> None:
    """u2 = 1 - u1^2: Nash gives u1 = 1/sqrt(3); KS (ideal (1, 1)) gives the golden-ratio point."""
    u = sympy.Symbol("u")
    problem = BargainingProblem.from_frontier(1 - u**2, (0, 1))
    nash, ks = problem.nash_solution(), problem.kalai_smorodinsky()
    assert same(nash.point[0], 1 / sympy.sqrt(3)) and nash.point[1] == F(2, 3)
    assert same(ks.point[0], (sympy.sqrt(5) - 1) / 2) and same(ks.point[0], ks.point[1])
    # the same problem as a Python callable, solved numerically
    numeric = BargainingProblem.from_frontier(lambda x: 1 - x * x, (0, 1))
    assert numeric.nash_solution().point[0] == pytest.approx(1 / math.sqrt(3), abs=1e-8)
    assert numeric.kalai_smorodinsky().point[0] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-10)
    assert numeric.nash_solution().arithmetic == "float"


def test_nash_boundary_optimum_on_a_kinked_polygon() -> None:
    """An optimum at a vertex: the first-order condition holds at no interior point of an edge."""
    problem = BargainingProblem.from_polygon([(0, 0), (0, 2), (1, 2), (2, 0)])
    # edges (0,2)-(1,2) (flat, not Pareto) and (1,2)-(2,0): on the latter u1 (4 - 2 u1) is max at u1 = 1
    assert problem.frontier == ((1, 2), (2, 0))
    assert problem.nash_solution().point == (1, 2)


@st.composite
def polygons(draw: st.DrawFn) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    pts = draw(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=8))
    pts.append((draw(st.integers(1, 12)), draw(st.integers(1, 12))))  # something beats (0, 0)
    d = (draw(st.integers(0, 1)), draw(st.integers(0, 1)))
    return pts, d


@settings(max_examples=60, deadline=None)
@given(polygons(), st.integers(1, 4), st.integers(1, 4))
def test_nash_polygon_properties(data: tuple, a1: int, a2: int) -> None:
    """Nash's solution is Pareto optimal, individually rational and maximises the Nash product
    over every frontier vertex and sampled edge point."""
    pts, d = data
    try:
        problem = BargainingProblem.from_polygon(pts, d)
    except GameError:
        return  # no point strictly better than d
    sol = problem.nash_solution(alpha=(a1, a2))
    assert problem.is_pareto_optimal(sol.point)
    assert problem.is_individually_rational(sol.point)

    def product(p: tuple) -> float:
        g1, g2 = float(p[0] - d[0]), float(p[1] - d[1])
        return 0.0 if g1 <= 0 or g2 <= 0 else g1**a1 * g2**a2

    best = product(sol.point)
    chain = problem.frontier
    samples = list(chain) + [
        (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])) for p, q in zip(chain, chain[1:]) for t in (F(1, 7), F(1, 2), F(5, 6))
    ]
    assert all(product(s) <= best * (1 + 1e-12) for s in samples)
    ks = problem.kalai_smorodinsky()
    assert problem.is_pareto_optimal(ks.point)
    assert (ks.point[0] - d[0]) * (ks.ideal[1] - d[1]) == (ks.point[1] - d[1]) * (ks.ideal[0] - d[0])


@pytest.mark.parametrize(
    "call, message",
    [
        pytest.param(lambda: BargainingProblem.from_polygon([], (0, 0)), "from_polygon: vertices must be a non-empty", id="empty"),
        pytest.param(lambda: BargainingProblem.from_polygon([(1, 1)], (2, 0)), "from_polygon: disagreement: no feasible point", id="no-gain"),
        pytest.param(lambda: BargainingProblem.from_polygon([(1, float("nan"))]), r"vertices\[0\]\[1\].*not finite", id="nan"),
        pytest.param(lambda: BargainingProblem.from_polygon([(1, 1, 1)]), r"vertices\[0\]: expected a pair", id="triple"),
        pytest.param(lambda: BargainingProblem.from_polygon([(sympy.Symbol("a"), 1)]), "use BargainingProblem.from_frontier", id="symbolic"),
        pytest.param(lambda: BargainingProblem.from_polygon(PIE, players=("A", "A")), "players: duplicate name", id="dup"),
        pytest.param(lambda: BargainingProblem.from_frontier(sympy.Symbol("u"), (0, 1)), "frontier must be decreasing", id="increasing"),
        pytest.param(lambda: BargainingProblem.from_frontier(sympy.Symbol("u"), (1, 0)), "domain: need a < b", id="domain"),
        pytest.param(
            lambda: BargainingProblem.from_frontier(sympy.Symbol("s") - sympy.Symbol("u"), (0, 1)), "variable: the frontier has symbols s, u", id="variable"
        ),
        pytest.param(lambda: nash_bargaining_solution(BargainingProblem.from_polygon(PIE), alpha=(0, 1)), r"alpha\[0\] must be positive", id="alpha"),
        pytest.param(lambda: kalai_smorodinsky_solution("pie"), "kalai_smorodinsky_solution: problem must be a BargainingProblem", id="type"),
    ],
)
def test_bargaining_problem_bad_input(call: object, message: str) -> None:
    with pytest.raises(GameError, match=message):
        call()  # type: ignore[operator]


# ============================================================================ Fearon
@pytest.mark.parametrize(
    "p, ca, cb, pie, lower, upper",
    [
        pytest.param(F(3, 5), F(1, 10), F(1, 5), 1, F(1, 2), F(4, 5), id="basic"),
        pytest.param(F(1, 2), 0, 0, 1, F(1, 2), F(1, 2), id="costless-war"),
        pytest.param(F(9, 10), F(1, 20), F(1, 5), 1, F(17, 20), F(11, 10), id="beyond-the-pie"),
        pytest.param(F(1, 4), 2, 3, 10, F(1, 2), F(11, 2), id="pie-10"),
    ],
)
def test_fearon_range(p: Fraction, ca: Fraction, cb: Fraction, pie: int, lower: Fraction, upper: Fraction) -> None:
    """Fearon (1995): the splits both prefer to war are [pS - cA, pS + cB] (A's share)."""
    r = fearon_bargaining_range(p, ca, cb, pie=pie)
    assert (r.lower, r.upper) == (lower, upper)
    assert r.width == F(ca) + F(cb) and r.nonempty is True
    assert r.feasible == (max(F(0), lower), min(F(pie), upper))
    assert r.war_values == (p * pie - ca, (1 - p) * pie - cb)
    assert r.contains(r.feasible[0]) is True and r.contains(r.feasible[1]) is True
    if lower > 0:
        assert r.contains(lower - F(1, 100)) is False


def test_fearon_symbolic() -> None:
    p, ca, cb = sympy.symbols("p c_A c_B", nonnegative=True)
    r = fearon_bargaining_range(p, ca, cb)
    assert same(r.lower, p - ca) and same(r.upper, p + cb) and same(r.width, ca + cb)
    assert r.nonempty is True and r.arithmetic == "symbolic"


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param((F(3, 2), 0, 0), "fearon_bargaining_range: p must be a probability", id="p"),
        pytest.param((F(1, 2), -1, 0), "fearon_bargaining_range: cost_a must be nonnegative", id="cost"),
        pytest.param((float("nan"), 0, 0), "fearon_bargaining_range: p: nan is not finite", id="nan"),
    ],
)
def test_fearon_bad_input(args: tuple, message: str) -> None:
    with pytest.raises(GameError, match=message):
        fearon_bargaining_range(*args)


# ============================================================================ Powell
def powell_war(p0: Fraction, p1: Fraction, ca: Fraction, cb: Fraction, delta: Fraction, s: Fraction = ONE) -> bool:
    """Powell (2006): war is inevitable when one side's value of fighting now plus the other's
    discounted value of fighting after the shift exceeds the value of everything to divide."""
    total = s / (1 - delta)
    war_a_now, war_b_now = p0 * total - ca, (1 - p0) * total - cb
    war_a_next, war_b_next = p1 * total - ca, (1 - p1) * total - cb
    return war_a_now + delta * war_b_next > total or war_b_now + delta * war_a_next > total


def test_commitment_problem_example() -> None:
    r = commitment_problem(F(1, 2), F(1, 5), F(1, 10), F(1, 10), F(9, 10))
    assert r.peace_possible is False and r.declining == "A"
    # hand-derived threshold: peace iff p1 >= p0 - (1 - d)(S(1 - p0) + cA + d cB)/(d S)
    assert r.p_future_bounds[0] == F(1, 2) - F(1, 10) * (F(1, 2) + F(1, 10) + F(9, 100)) / F(9, 10)
    assert r.p_future_bounds == (F(127, 300), F(173, 300))
    assert commitment_problem(F(1, 2), F(9, 20), F(1, 10), F(1, 10), F(9, 10)).peace_possible is True


@settings(max_examples=80, deadline=None)
@given(
    p0=st.fractions(0, 1, max_denominator=20),
    p1=st.fractions(0, 1, max_denominator=20),
    ca=st.fractions(0, 1, max_denominator=10),
    cb=st.fractions(0, 1, max_denominator=10),
    delta=st.fractions(0, 1, max_denominator=20).filter(lambda x: x < 1),
    s=st.integers(1, 5),
)
def test_commitment_problem_matches_powells_condition(p0, p1, ca, cb, delta, s) -> None:  # type: ignore[no-untyped-def]
    r = commitment_problem(p0, p1, ca, cb, delta, pie=s)
    assert r.peace_possible is (not powell_war(p0, p1, ca, cb, delta, F(s)))
    lo, hi = r.p_future_bounds
    assert r.peace_possible is (lo <= p1 <= hi)


def test_commitment_problem_rapid_shifts_cause_war() -> None:
    """A fixed shift is harmless when it is slow (low delta per period) and fatal when rapid."""
    slow = commitment_problem(F(1, 2), F(2, 5), F(1, 20), F(1, 20), F(1, 2))
    rapid = commitment_problem(F(1, 2), F(2, 5), F(1, 20), F(1, 20), F(99, 100))
    assert slow.peace_possible is True and rapid.peace_possible is False


def test_commitment_problem_symbolic_bounds() -> None:
    p0, p1, ca, cb, d = sympy.symbols("p0 p1 c_A c_B delta", positive=True)
    r = commitment_problem(p0, p1, ca, cb, d)
    assert same(r.p_future_bounds[0], p0 - (1 - d) * ((1 - p0) + ca + d * cb) / d)
    assert same(r.p_future_bounds[1], p0 + (1 - d) * (p0 + cb + d * ca) / d)
    vals = {p0: F(1, 2), p1: F(1, 5), ca: F(1, 10), cb: F(1, 10), d: F(9, 10)}
    assert bool(r.peace_possible.subs(vals)) is False


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param((F(1, 2), F(1, 2), 0, 0, 1), r"commitment_problem: delta must be in \[0, 1\)", id="delta"),
        pytest.param((F(1, 2), F(1, 2), 0, 0, -1), r"commitment_problem: delta must be in \[0, 1\).*negative", id="negative"),
        pytest.param((F(1, 2), 2, 0, 0, F(1, 2)), "commitment_problem: p_future must be a probability", id="p"),
    ],
)
def test_commitment_problem_bad_input(args: tuple, message: str) -> None:
    with pytest.raises(GameError, match=message):
        commitment_problem(*args)


# --------------------------------------------------------------------------- result protocol
def test_every_result_is_a_result_with_json() -> None:
    import json

    from gametheory._kernel.results import Result

    d, S = sympy.symbols("delta S", positive=True)
    u = sympy.Symbol("u")
    problem = BargainingProblem.from_polygon([(0, 0), (0, 1), (1, 0)])
    frontier = BargainingProblem.from_frontier(S - u, (0, S), variable=u)
    results = [
        problem.nash_solution(),
        problem.kalai_smorodinsky(),
        frontier.nash_solution(),
        BargainingProblem.from_frontier(lambda x: 1 - x * x, (0, 1)).nash_solution(),
        rubinstein((Fraction(1, 2), Fraction(1, 2))),
        rubinstein((d, d)),
        fearon_bargaining_range("1/2", "1/10", "1/5"),
        fearon_bargaining_range(0.5, 0.1, 0.2),
        commitment_problem("1/2", "1/5", "1/10", "1/10", "9/10"),
    ]
    for r in results:
        assert isinstance(r, Result)
        doc = json.loads(json.dumps(r.to_json()))
        assert doc["arithmetic"] == r.arithmetic and doc["method"] == r.method
        assert "exact" not in doc and isinstance(doc["diagnostics"], list)
    assert [r.arithmetic for r in results] == [
        "exact", "exact", "symbolic", "float", "exact", "symbolic", "exact", "float", "exact",
    ]
    assert results[0].to_json()["point"] == ["1/2", "1/2"]
    assert results[2].to_json()["point"] == ["S/2", "S/2"]
    assert results[4].to_json()["shares"] == ["2/3", "1/3"]
    assert results[6].to_json()["lower"] == "2/5" and results[7].to_json()["lower"] == pytest.approx(0.4)
    assert results[8].to_json()["peace_possible"] in (True, False)


def test_rubinstein_unsimplified_symbolic_forms_are_the_same_functions() -> None:
    """simplify=False skips simplification only: at rational points both symbolic results give
    the numeric solve's shares."""
    import random

    import sympy

    import gametheory as gt

    dR, dU, p, w1, w2 = sympy.symbols("dR dU p w1 w2", nonnegative=True)
    kw = {"discount": (dR, dU), "breakdown": p, "breakdown_payoffs": (w1, w2), "outside_options": (w1, w2),
          "first": 1}
    fast = gt.rubinstein(**kw, simplify=False)
    rng = random.Random(3)
    for _ in range(25):
        point = {dR: sympy.Rational(rng.randint(0, 19), 20), dU: sympy.Rational(rng.randint(0, 19), 20),
                 p: sympy.Rational(rng.randint(0, 20), 20), w1: sympy.Rational(rng.randint(0, 10), 20),
                 w2: sympy.Rational(rng.randint(0, 10), 20)}
        num = gt.rubinstein(discount=(point[dR], point[dU]), breakdown=point[p],
                            breakdown_payoffs=(point[w1], point[w2]), outside_options=(point[w1], point[w2]), first=1)
        got = tuple(sympy.nsimplify(s.subs(point)) for s in fast.shares)
        assert got == tuple(sympy.Rational(x.numerator, x.denominator) for x in num.shares)
