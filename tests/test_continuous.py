"""Games with continuous strategies: gametheory.continuous.game.

Oracles (closed forms derived in the comments, never used by the library):

* Cobb-Douglas voluntary provision of a public good (Olson & Zeckhauser 1966, "An
  economic theory of alliances", Rev. Econ. Stat. 48(3); Bergstrom, Blume & Varian 1986,
  "On the private provision of public goods", J. Public Econ. 29, 25-49):
  ``u_i = a*log(Y_i - q_i) + (1 - a)*log(Q)``, ``q_i in [0, Y_i]``, ``Q = sum q_j``.
  For a contributor the first-order condition ``-a/(Y_i - q_i) + (1 - a)/Q = 0`` gives
  ``q_i = Y_i - a*Q/(1 - a)``; summing over the contributors ``C``,
  ``Q = sum_C Y_i - |C|*a*Q/(1 - a)``, i.e. ``Q = (1 - a)*sum_C Y_i / (1 - a + |C|*a)``.
  A non-contributor's derivative at ``q_j = 0`` is ``-a/Y_j + (1 - a)/Q <= 0`` iff
  ``Y_j <= a*Q/(1 - a)``; contributors have ``q_i > 0`` iff ``Y_i > a*Q/(1 - a)``. The
  equilibrium is unique (BBV 1986, Theorem 3), so exactly one ``C`` (the ``k`` richest for
  some ``k``) is consistent. Neutrality: ``Q`` depends on the contributors' incomes only
  through their sum (Warr 1983, "The private provision of a public good is independent of
  the distribution of income", Econ. Letters 13, 207-211). Since ``q_i/Y_i = 1 - a*Q/((1 -
  a)*Y_i)`` increases with ``Y_i``, the largest ally bears a share of the burden above its
  share of income -- Olson & Zeckhauser's "exploitation of the great by the small".
* Cournot oligopoly with linear inverse demand ``P = A - B*Q`` and unit cost ``C``
  (e.g. Tirole 1988, *The Theory of Industrial Organization*, ch. 5): the first-order
  condition ``A - B*Q - B*q_i - C = 0`` gives, symmetrically, ``q_i = (A - C)/(B*(n + 1))``.
"""

from __future__ import annotations

import json
import math
import random
import time
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.symbolic import ExpressionError, Parameter
from gametheory.symbolic.continuous import SymbolicContinuousSolution

HYPOTHESIS = settings(max_examples=20, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- builders
def public_good(incomes, a="1/3", symbolic_incomes=True) -> gt.ContinuousGame:
    """Cobb-Douglas public good: players P1..Pn, contributions q1..qn in [0, Y_i]."""
    n = len(incomes)
    share = Parameter("a", "weight of private consumption", default=a, lower=0, upper=1,
                      lower_open=True, upper_open=True, source="Bergstrom, Blume & Varian 1986")
    Q = " + ".join(f"q{i}" for i in range(1, n + 1))
    params = [share]
    if symbolic_incomes:
        params += [Parameter(f"Y{i}", f"income of ally {i}", default=y, lower=0, lower_open=True)
                   for i, y in enumerate(incomes, 1)]
        uppers = [f"Y{i}" for i in range(1, n + 1)]
    else:
        uppers = [str(y) for y in incomes]
    return gt.ContinuousGame(
        [f"P{i}" for i in range(1, n + 1)],
        [(f"q{i}", 0, up) for i, up in enumerate(uppers, 1)],
        [f"a*log({up} - q{i}) + (1 - a)*log({Q})" for i, up in enumerate(uppers, 1)],
        params,
        title="alliance public good",
    )


def public_good_oracle(a: Fraction, incomes: list[Fraction]) -> tuple[Fraction, list[Fraction]]:
    """Total and contributions from the closed form: try C = the k richest, k = 1..n."""
    order = sorted(range(len(incomes)), key=lambda i: -incomes[i])
    for k in range(1, len(incomes) + 1):
        C = order[:k]
        Q = (1 - a) * sum(incomes[i] for i in C) / (1 - a + k * a)
        threshold = a * Q / (1 - a)
        if all(incomes[i] > threshold for i in C) and all(incomes[j] <= threshold for j in order[k:]):
            return Q, [incomes[i] - threshold if i in C else Fraction(0) for i in range(len(incomes))]
    raise AssertionError("no consistent contributor set")  # pragma: no cover


def cournot(n: int, A=10, B=1, costs=None, symbolic: bool = False) -> gt.ContinuousGame:
    """Linear Cournot oligopoly: firms F1..Fn, quantities in [0, A/B]."""
    qs = [f"q{i}" for i in range(1, n + 1)]
    Q = " + ".join(qs)
    costs = costs if costs is not None else (["C"] * n if symbolic else [1] * n)
    if symbolic:
        params = [Parameter("A", "demand intercept", default=A, lower=0, lower_open=True),
                  Parameter("B", "demand slope", default=B, lower=0, lower_open=True),
                  Parameter("C", "unit cost", default=1, lower=0, lower_open=True)]
        top = "A/B"
        utils = [f"{q}*(A - B*({Q})) - {c}*{q}" for q, c in zip(qs, costs)]
    else:
        params = []
        top = str(Fraction(A) / Fraction(B))
        utils = [f"{q}*({A} - {B}*({Q})) - ({c})*{q}" for q, c in zip(qs, costs)]
    return gt.ContinuousGame([f"F{i}" for i in range(1, n + 1)], [(q, 0, top) for q in qs], utils, params,
                             title="Cournot")


def assert_exact_kkt(game: gt.ContinuousGame, r: gt.ContinuousResult) -> None:
    """The exact answer satisfies the KKT conditions exactly (checked here, independently)."""
    subs = {game.variable(p): sympy.sympify(str(v)) if isinstance(v, Fraction) else v
            for p, v in r.choices.items()}
    subs.update({game.parameter(k).symbol: sympy.Rational(v.numerator, v.denominator) for k, v in r.values.items()})
    for p in game.players:
        d = sympy.simplify(sympy.diff(game.utility(p), game.variable(p)).xreplace(subs))
        lo, hi = (sympy.sympify(b).xreplace(subs) for b in game.bounds(p))
        x = subs[game.variable(p)]
        assert lo <= x <= hi
        if r.active[p] == "interior":
            assert d == 0, (p, d)
        elif r.active[p] == "lower":
            assert x == lo and d <= 0
        else:
            assert x == hi and d >= 0


# --------------------------------------------------------------------------- (a) public good
def test_public_good_closed_form_and_contributors():
    game = public_good([10, 6, 2])
    r = gt.solve_continuous(game)
    # a = 1/3: C = {P1, P2}, Q = (2/3)*16/(2/3 + 2/3) = 8, threshold a*Q/(1-a) = 4 > Y3 = 2
    assert r.exact and r.max_regret <= 1e-12
    assert r.choices == {"P1": 6, "P2": 2, "P3": 0}
    assert r.active == {"P1": "interior", "P2": "interior", "P3": "lower"}
    Q, qs = public_good_oracle(Fraction(1, 3), [Fraction(10), Fraction(6), Fraction(2)])
    assert sum(r.choices.values()) == Q == 8 and list(r.choices.values()) == qs
    assert_exact_kkt(game, r)
    assert r.diagnostics == ()


def test_public_good_neutrality_warr():
    """Redistributing income among contributors leaves Q (and each consumption) unchanged."""
    game = public_good([10, 6, 2])
    base = gt.solve_continuous(game)
    moved = gt.solve_continuous(game, {"Y1": 9, "Y2": 7})
    assert sum(moved.choices.values()) == sum(base.choices.values()) == 8
    assert moved.choices == {"P1": 5, "P2": 3, "P3": 0}
    # private consumption Y_i - q_i is the same for every contributor, before and after
    assert {9 - moved.choices["P1"], 7 - moved.choices["P2"], 10 - base.choices["P1"]} == {4}


def test_public_good_exploitation_of_the_great_by_the_small():
    incomes = [12, 8, 7, 5]
    r = gt.solve_continuous(public_good(incomes, a="1/4"))
    q = {p: Fraction(v) for p, v in r.choices.items()}
    Q = sum(q.values())
    assert Q == public_good_oracle(Fraction(1, 4), [Fraction(y) for y in incomes])[0]
    share_of_burden = q["P1"] / Q
    share_of_income = Fraction(12, sum(incomes))
    assert share_of_burden > share_of_income
    burden_rates = [q[f"P{i}"] / y for i, y in enumerate(incomes, 1)]
    assert burden_rates == sorted(burden_rates, reverse=True) and burden_rates[0] > burden_rates[-1]


def test_public_good_float_parameters_and_json():
    r = gt.solve_continuous(public_good([10, 6, 2]), {"a": 0.25})
    assert r.values["a"] == Fraction(1, 4) and r.exact
    doc = json.loads(json.dumps(r.to_json()))
    assert doc["arithmetic"] == "exact" and doc["active"]["P3"] in ("lower", "interior")
    assert set(doc["choices"]) == {"P1", "P2", "P3"} and isinstance(doc["choices_float"]["P1"], float)
    assert str(r).startswith("P1: ")


# --------------------------------------------------------------------------- (b) Cournot
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_cournot_symmetric_exact(n):
    A, B, C = 12, 2, 3
    r = gt.solve_continuous(cournot(n, A, B, [C] * n))
    expected = Fraction(A - C, B * (n + 1))
    assert r.exact and all(v == expected and isinstance(v, Fraction) for v in r.choices.values())
    assert set(r.active.values()) == {"interior"}
    price = A - B * n * expected
    assert all(u == (price - C) * expected for u in r.utilities.values())


def test_cournot_symbolic_parameters_at_values():
    game = cournot(2, symbolic=True)
    r = gt.solve_continuous(game, {"A": 20, "B": "1/2", "C": 2})
    assert r.choices == {"F1": 12, "F2": 12}  # (20 - 2) / ((1/2) * 3)


# --------------------------------------------------------------------------- (c) corners
def test_corner_lower_bound_high_cost_firm_stays_out():
    # c2 = 7 > (A + c1)/2 = 6: firm 1 is a monopolist, q1 = (10 - 2)/2 = 4; price 6 < 7
    r = gt.solve_continuous(cournot(2, 10, 1, [2, 7]))
    assert r.choices == {"F1": 4, "F2": 0}
    assert r.active == {"F1": "interior", "F2": "lower"}
    assert r.exact


def test_corner_upper_bound_capacity():
    game = gt.ContinuousGame(["F1", "F2"], [("q1", 0, 2), ("q2", 0, 10)],
                             ["q1*(10 - q1 - q2) - q1", "q2*(10 - q1 - q2) - q2"])
    r = gt.solve_continuous(game)
    # capacity 2 binds (unconstrained Cournot: 3); firm 2's best reply (9 - 2)/2
    assert r.choices == {"F1": 2, "F2": Fraction(7, 2)}
    assert r.active == {"F1": "upper", "F2": "interior"}
    assert_exact_kkt(game, r)


def test_algebraic_and_root_of_answers_are_exact():
    r = gt.solve_continuous(gt.ContinuousGame(["P"], [("x", 0, 2)], ["x*(2 - x**2)"]))
    assert r.exact and sympy.simplify(r.choices["P"] - sympy.sqrt(6) / 3) == 0
    game = gt.ContinuousGame(["P1", "P2"], [("x", 0, 2), ("y", 0, 2)],
                             ["x*(2 - x**2) - x*y/4", "y*(3 - y**2) - x*y/4"])
    r = gt.solve_continuous(game)
    assert r.exact and r.active == {"P1": "interior", "P2": "interior"}
    # the exact values satisfy the first-order conditions to 50 digits
    for p in game.players:
        d = sympy.diff(game.utility(p), game.variable(p)).xreplace(
            {game.variable(q): v for q, v in r.choices.items()})
        assert abs(sympy.N(d, 50)) < 1e-45


def test_transcendental_keeps_float_and_says_so():
    game = gt.ContinuousGame(["P"], [("x", 0, 3)], ["x*exp(-x) + log(1 + x) - x"])
    r = gt.solve_continuous(game)
    assert not r.exact and isinstance(r.choices["P"], float)
    assert any("float answer kept" in d for d in r.diagnostics)
    x = r.choices["P"]
    assert abs(math.exp(-x) * (1 - x) + 1 / (1 + x) - 1) < 1e-12
    assert not gt.solve_continuous(cournot(2), exact=False).exact


def test_exact_stage_timeout_keeps_float(monkeypatch):
    import gametheory.continuous.exact as mod

    def slow(*args, **kwargs):
        time.sleep(2)
        raise AssertionError("not reached")  # pragma: no cover

    monkeypatch.setattr(mod, "solve_focs", slow)
    t0 = time.perf_counter()
    r = gt.solve_continuous(cournot(2), exact_timeout=0.05)
    assert time.perf_counter() - t0 < 1.5
    assert not r.exact and any("timed out" in d for d in r.diagnostics)
    assert abs(r.choices["F1"] - 3) < 1e-12


def test_start_point_and_result_fields():
    r = gt.solve_continuous(cournot(2, costs=[1, 1]), start={"F1": 0, "F2": 9})
    assert r.choices == {"F1": 3, "F2": 3} and r.iterations >= 1 and r.elapsed > 0
    r2 = gt.solve_continuous(cournot(2, costs=[1, 1]), start=[5, 5])
    assert r2.choices == r.choices


# --------------------------------------------------------------------------- (d) symbolic
def test_symbolic_cournot_closed_form():
    game = cournot(2, symbolic=True)
    A, B, C = (game.parameter(k).symbol for k in "ABC")
    (sol,) = gt.solve_continuous_symbolic(game, active=["interior", "interior"])
    assert isinstance(sol, SymbolicContinuousSolution)
    for v in sol.choices.values():
        assert sympy.simplify(v - (A - C) / (3 * B)) == 0
    assert sol.conditions in ((sympy.Ge(A, C),), (sympy.Le(C, A),))
    assert sol.holds() and not sol.holds({"C": 11})
    assert sol.choices_at({"A": 10, "B": 1, "C": 1}) == {"F1": 3, "F2": 3}
    # all active sets: interior-interior is the generic one; asymmetric ones only where A = C
    sols = gt.solve_continuous_symbolic(game)
    generic = [s for s in sols if not s.diagnostics]
    assert {tuple(s.active.values()) for s in generic} == {("lower", "lower"), ("interior", "interior")}
    assert all("degenerate" in s.diagnostics[0] for s in sols if s.diagnostics)


def test_symbolic_three_firm_cournot():
    game = cournot(3, symbolic=True)
    A, B, C = (game.parameter(k).symbol for k in "ABC")
    (sol,) = gt.solve_continuous_symbolic(game, active={"F1": "interior", "F2": "interior", "F3": "interior"})
    assert all(sympy.simplify(v - (A - C) / (4 * B)) == 0 for v in sol.choices.values())


def test_symbolic_public_good_contributor_condition():
    game = public_good([10, 6], a="1/3")
    a, Y1, Y2 = (game.parameter(k).symbol for k in ("a", "Y1", "Y2"))
    (sol,) = gt.solve_continuous_symbolic(game, active=["interior", "lower"])
    assert sympy.simplify(sol.choices["P1"] - (1 - a) * Y1) == 0
    # P2 does not contribute iff Y2 <= a*Q/(1-a) with Q = (1-a)*Y1: Y2 <= a*Y1
    assert len(sol.conditions) == 1
    rel = sol.conditions[0]
    assert sympy.simplify((rel.lhs - rel.rhs) - (Y2 - a * Y1)) == 0 and isinstance(rel, sympy.Le)
    (both,) = gt.solve_continuous_symbolic(game, active=["interior", "interior"])
    Q = sympy.simplify(sum(both.choices.values()))
    assert sympy.simplify(Q - (1 - a) * (Y1 + Y2) / (1 + a)) == 0  # (1-a)*sum_C Y / (1 - a + 2a)


def test_symbolic_active_sets_match_numeric_solutions():
    """Exactly one enumerated active set holds at each sampled point, and it is the equilibrium."""
    game = public_good([10, 6, 2], a="1/3")
    sols = gt.solve_continuous_symbolic(game)
    # corners at an upper bound (log(0)) and the all-zero profile are pruned
    assert all("upper" not in s.active.values() for s in sols)
    assert all(set(s.active.values()) != {"lower"} for s in sols)
    rng = random.Random(7)
    for _ in range(6):
        values = {"a": Fraction(rng.randint(1, 9), 10), **{f"Y{i}": rng.randint(1, 20) for i in (1, 2, 3)}}
        holding = [s for s in sols if s.holds(values)]
        assert len(holding) == 1, values
        r = gt.solve_continuous(game, values)
        assert holding[0].choices_at(values) == r.choices
        assert holding[0].active == r.active


# --------------------------------------------------------------------------- (e) properties
@HYPOTHESIS
@given(n=st.integers(2, 4), A=st.integers(8, 30), B=st.integers(1, 3),
       costs=st.lists(st.integers(0, 12), min_size=4, max_size=4))
def test_random_cournot(n, A, B, costs):
    game = cournot(n, A, B, costs[:n])
    r = gt.solve_continuous(game)
    assert r.max_regret <= 1e-12 and r.exact
    assert all(isinstance(v, Fraction) for v in r.choices.values())
    assert_exact_kkt(game, r)
    if len(set(costs[:n])) == 1 and A > costs[0]:
        assert set(r.choices.values()) == {Fraction(A - costs[0], B * (n + 1))}


@HYPOTHESIS
@given(n=st.integers(2, 4), a=st.sampled_from(["1/5", "1/4", "1/3", "1/2", "2/3", "3/4"]),
       incomes=st.lists(st.integers(1, 20), min_size=4, max_size=4))
def test_random_public_good(n, a, incomes):
    game = public_good(incomes[:n], a=a, symbolic_incomes=False)
    r = gt.solve_continuous(game)
    assert r.max_regret <= 1e-12 and r.exact
    Q, qs = public_good_oracle(Fraction(a), [Fraction(y) for y in incomes[:n]])
    assert list(r.choices.values()) == qs
    assert_exact_kkt(game, r)


# --------------------------------------------------------------------------- (f) bad input
def test_unknown_names_and_injection_rejected():
    with pytest.raises(ExpressionError, match="unknown name 'z'"):
        gt.ContinuousGame(["P"], [("x", 0, 1)], ["x - z"])
    with pytest.raises(ExpressionError, match="__import__"):
        gt.ContinuousGame(["P"], [("x", 0, 1)], ["__import__('os').system('true')"])
    with pytest.raises(ExpressionError):
        gt.ContinuousGame(["P"], [("x", 0, "().__class__")], ["x"])
    with pytest.raises(GameError, match="unknown name"):
        gt.ContinuousGame(["P"], [("x", 0, 1)], [sympy.Symbol("w") * 2])
    with pytest.raises(GameError, match="unknown player"):
        gt.ContinuousGame(["P"], [("x", 0, 1)], {"Q": "x"})


def test_invalid_games_rejected():
    with pytest.raises(GameError, match="above upper"):
        gt.ContinuousGame(["P"], [("x", 2, 1)], ["x"])
    Y = Parameter("Y", default=1, lower=0)
    with pytest.raises(GameError, match="above upper"):
        gt.ContinuousGame(["P"], [("x", 2, "Y")], ["x"], [Y])
    floor = gt.ContinuousGame(["P"], [("x", "L", 1)], ["x"], [Parameter("L", default=0)])
    with pytest.raises(GameError, match="above upper bound 1 at L=2"):
        floor.substitute({"L": 2})
    game = gt.ContinuousGame(["P"], [("x", 0, "Y")], ["x"], [Y])
    with pytest.raises(GameError, match="unknown parameter"):
        gt.solve_continuous(game, {"Z": 1})
    with pytest.raises(GameError, match="duplicate player"):
        gt.ContinuousGame(["P", "P"], [("x", 0, 1), ("y", 0, 1)], ["x", "y"])
    with pytest.raises(GameError, match="used by two players"):
        gt.ContinuousGame(["P", "Q"], [("x", 0, 1), ("x", 0, 1)], ["x", "x"])
    with pytest.raises(GameError, match="also a parameter"):
        gt.ContinuousGame(["P"], [("Y", 0, 1)], ["Y"], [Y])
    with pytest.raises(GameError, match="parameters only"):
        gt.ContinuousGame(["P", "Q"], [("x", 0, 1), ("y", 0, "x")], ["x", "y"])
    for bad in (float("nan"), float("inf"), True):
        with pytest.raises(GameError):
            gt.ContinuousGame(["P"], [("x", 0, bad)], ["x"])
    with pytest.raises(GameError, match="not finite"):
        gt.ContinuousGame(["P"], [("x", 0, 1)], [sympy.oo * sympy.Symbol("x")])
    with pytest.raises(GameError, match="outside"):
        gt.solve_continuous(game, start={"P": 5})
    with pytest.raises(GameError, match="state"):
        gt.solve_continuous_symbolic(game, active=["middle"])
    with pytest.raises(GameError, match="tol"):
        gt.solve_continuous(game, tol=-1)
    big = gt.ContinuousGame([f"P{i}" for i in range(7)], [(f"x{i}", 0, 1) for i in range(7)],
                            [f"x{i}" for i in range(7)])
    with pytest.raises(GameSizeError):
        gt.solve_continuous_symbolic(big)


def test_non_concave_utility_flagged():
    # (x - 1/2)^2 is convex: du/dx goes from - to +; both ends are best responses
    r = gt.solve_continuous(gt.ContinuousGame(["P"], [("x", 0, 1)], ["(x - 1/2)**2"]))
    assert r.choices["P"] in (0, 1) and r.max_regret <= 1e-12
    assert any("not quasi-concave" in d for d in r.diagnostics)
    r = gt.solve_continuous(gt.ContinuousGame(["P"], [("x", -1, 2)], ["x**2"]))
    assert r.choices == {"P": 2} and any("not quasi-concave" in d for d in r.diagnostics)
    concave = gt.solve_continuous(cournot(2))
    assert not any("quasi-concave" in d for d in concave.diagnostics)


def test_no_pure_equilibrium_raises():
    # a continuous matching-pennies game: P1 wants to match, P2 (convex) to mismatch
    game = gt.ContinuousGame(["P1", "P2"], [("x", 0, 1), ("y", 0, 1)], ["-(x - y)**2", "(x - y)**2"])
    t0 = time.perf_counter()
    with pytest.raises(SolverError, match="no verified equilibrium"):
        gt.solve_continuous(game)
    assert time.perf_counter() - t0 < 5


def test_game_accessors():
    game = public_good([10, 6])
    assert game.players == ("P1", "P2") and game.num_players == 2
    assert set(game.symbols) == {"a", "Y1", "Y2", "q1", "q2"}
    assert game.utility("P2") == game.utility(1)
    assert not game.is_numeric and game.substitute().is_numeric
    assert game.substitute({"Y1": 4}).bounds("P1") == (0, 4)
    assert "ContinuousGame" in repr(game)
    with pytest.raises(GameError, match="unknown player"):
        game.utility("P9")


def test_results_derive_from_result_and_write_json():
    from gametheory._kernel.results import Result

    r = gt.solve_continuous(cournot(2))
    assert isinstance(r, Result) and r.arithmetic == "exact" and r.method == "best-response"
    doc = json.loads(json.dumps(r.to_json()))
    assert doc["parameters"]["tol"] == 1e-12 and doc["game"]["players"] == ["F1", "F2"]
    assert json.loads(json.dumps(gt.solve_continuous(cournot(2), exact=False).to_json()))["arithmetic"] == "float"
    sols = gt.solve_continuous_symbolic(public_good([10, 6]))
    assert sols and all(isinstance(s, Result) and s.arithmetic == "symbolic" for s in sols)
    for s in sols:
        doc = json.loads(json.dumps(s.to_json()))
        assert set(doc["choices"]) == set(s.game.players) and doc["diagnostics"] == list(s.notes)
