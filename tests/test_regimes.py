"""Regimes of symbolic games: soundness against the numeric solver, thresholds, compilation."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import GameError
from gametheory._kernel.results import dumps
from gametheory.symbolic import Parameter, SymbolicGame
from gametheory.symbolic.regimes import analyze, compile_analysis, solve_for, thresholds


def params() -> list[Parameter]:
    return [
        Parameter("c", "cost of war", default=2, lower=0, upper=5, lower_open=True),
        Parameter("v", "value of the stake", default=3, lower=0, upper=5, lower_open=True),
    ]


def deterrence() -> SymbolicGame:
    # Challenger stays (0, 1) or attacks; the defender yields (v, -v) or fights (v - c, -c).
    return SymbolicGame.from_bimatrix(
        [["0", "0"], ["v", "v - c"]],
        [["1", "0"], ["-v", "-c"]],
        parameters=params(),
        players=("Challenger", "Defender"),
        strategies=(("Stay", "Attack"), ("Yield", "Fight")),
    )


def test_deterrence_regimes_and_threshold() -> None:
    a = analyze(deterrence())
    assert a.complete and a.method == "regimes" and a.parameters["candidates"] == "support_enumeration"
    assert a.arithmetic == "symbolic" and not a.exact and a.elapsed >= 0
    by_support = {cand.support: cand for cand in a.candidates}
    fight = by_support[(("Attack",), ("Fight",))]
    (t,) = thresholds(fight, deterrence().parameter("c").symbol)
    assert t.words == "c <= v" and t.latex == r"c \leq v"
    assert t.sympy == (sympy.Symbol("c", positive=True) <= sympy.Symbol("v", positive=True))
    assert {r.equilibria for r in a.regimes} == {
        (a.candidates.index(fight),),
        (a.candidates.index(by_support[(("Attack",), ("Yield",))]),),
    }
    assert a.equilibria_at(c=1, v=2) == [((0, 1), (0, 1))]


def test_solve_for_directions() -> None:
    p, c, v = sympy.symbols("p c v", positive=True)
    t = solve_for(c - v * (1 - p) > 0, c)
    assert t is not None and t.relation == ">" and sympy.simplify(t.bound - v * (1 - p)) == 0
    t = solve_for(v * (1 - p) - c >= 0, c)
    assert t is not None and t.relation == "<=" and "c <= " in t.words
    x = sympy.Symbol("x", real=True)
    t = solve_for(x * c - 1 > 0, x)  # coefficient c > 0: x > 1/c
    assert t is not None and t.relation == ">" and t.bound == 1 / c
    y = sympy.Symbol("y", real=True)
    t = solve_for(y * x - 1 > 0, x)  # sign of y unknown: a boundary, not a direction
    assert t is not None and t.relation == "boundary"
    assert solve_for(c > 0, v) is None


@st.composite
def linear_games(draw: st.DrawFn) -> SymbolicGame:
    m = draw(st.integers(2, 3))
    n = draw(st.integers(2, 3))
    coef = st.integers(-3, 3)

    def entry() -> str:
        a, b, d = draw(coef), draw(coef), draw(coef)
        return f"{a} + {b}*c + {d}*v"

    A = [[entry() for _ in range(n)] for _ in range(m)]
    B = [[entry() for _ in range(n)] for _ in range(m)]
    return SymbolicGame.from_bimatrix(A, B, parameters=params())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(linear_games(), st.lists(st.tuples(st.integers(1, 10**6 - 1), st.integers(1, 10**6 - 1)), min_size=3, max_size=3))
def test_soundness_regimes_equal_numeric_solve(game: SymbolicGame, points: list[tuple[int, int]]) -> None:
    """At random admissible points the candidates that hold are exactly the equilibria."""
    a = analyze(game, samples=50)
    for pc, pv in points:
        c = Fraction(5 * pc, 10**6 + 3)
        v = Fraction(5 * pv, 10**6 + 7)
        numeric = gt.solve(game.substitute(c=c, v=v), "enummixed")
        if numeric.degenerate:
            continue  # a structurally degenerate game at this point: continua are possible
        ours = set(a.equilibria_at(c=c, v=v))
        theirs = {e.profile for e in numeric}
        assert ours == theirs, (c, v)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linear_games())
def test_compiled_matches_exact_evaluation(game: SymbolicGame) -> None:
    a = analyze(game, samples=60, seed=1)
    ca = compile_analysis(a)
    rng = np.random.default_rng(0)
    C = rng.uniform(0.01, 5, 40)
    V = rng.uniform(0.01, 5, 40)
    ev = ca(c=C, v=V)
    for k in range(40):
        c = Fraction(float(C[k]))
        v = Fraction(float(V[k]))
        exact = set(a.holding(c=c, v=v))
        assert set(np.flatnonzero(ev.holds[:, k]).tolist()) == exact
        if ev.regime[k] >= 0:
            assert set(a.regimes[ev.regime[k]].equilibria) == exact
    assert np.array_equal(ca.regime(c=C, v=V), ev.regime)


def test_structural_degeneracy_continuum_extremes() -> None:
    # Staying gives the defender 0 whatever it does: when the challenger stays, the
    # defender is indifferent, and the extreme points of the resulting segment are found.
    p = Parameter("p", "probability the US backs Europe", default="1/2", lower=0, upper=1)
    g = SymbolicGame.from_bimatrix(
        [["0", "0"], ["v", "v*(1-p) - c"]], [["0", "0"], ["-v", "-c*p - 1"]], parameters=[*params(), p]
    )
    a = analyze(g)
    for point in [dict(c=1, v=3, p=0), dict(c="7/3", v="9/4", p="1/5"), dict(c="1/7", v="33/7", p="5/9")]:
        numeric = gt.solve(g.substitute(**point))
        assert sorted(a.equilibria_at(**point)) == sorted(e.profile for e in numeric)


def test_three_player_pure_only() -> None:
    c = Parameter("c", default=1, lower=0)
    g = SymbolicGame(np.array([[["c", "0", "0"]] * 2] * 2 + [[["0", "c", "0"]] * 2] * 2, dtype=object).reshape(2, 2, 2, 3), [c])
    a = analyze(g)
    assert not a.complete and any("pure" in note for note in a.diagnostics)
    assert a.notes == a.diagnostics and a.parameters["candidates"] == "pure"  # old name, one release
    assert all(cand.is_pure for cand in a.candidates)


def test_every_regimes_object_writes_json() -> None:
    game = deterrence()
    a = analyze(game, samples=30, seed=1)
    doc = json.loads(dumps(a))
    assert doc["method"] == "regimes" and doc["arithmetic"] == "symbolic" and doc["complete"] is True
    assert doc["parameters"] == {"candidates": "support_enumeration", "samples": 30, "seed": 1}
    assert doc["diagnostics"] == list(a.diagnostics) and "notes" not in doc and "exact" not in doc
    assert doc["game"]["players"] == ["Challenger", "Defender"]
    assert [p["name"] for p in doc["game"]["parameters"]] == ["c", "v"]
    assert doc["game"]["parameters"][0]["interval"] == "(0, 5]"
    assert len(doc["candidates"]) == len(a.candidates) and len(doc["regimes"]) == len(a.regimes)
    # an equilibrium: supports, exact profile as "p/q" text, condition as text
    fight = next(c for c in a.candidates if c.support == (("Attack",), ("Fight",)))
    assert fight.to_json() == {
        "support": [["Attack"], ["Fight"]],
        "profile": [["0", "1"], ["0", "1"]],
        "payoffs": ["-c + v", "-c"],
        "condition": sympy.sstr(fight.condition),
        "condition_latex": sympy.latex(fight.condition),
        "inequalities": [sympy.sstr(i) for i in fight.inequalities],
    }
    # a regime: candidates that hold, share of the sample, a sample point (exact text)
    reg = a.regimes[0].to_json()
    assert set(reg) == {"equilibria", "share_of_samples", "sample", "condition"}
    assert all(isinstance(v, str) and Fraction(v) >= 0 for v in reg["sample"].values())
    # a threshold
    (t,) = thresholds(fight, game.parameter("c").symbol)
    assert t.to_json() == {
        "parameter": "c", "relation": "<=", "bound": "v", "inequality": "-c + v >= 0",
        "words": "c <= v", "latex": r"c \leq v",
    }
    # a vectorised evaluation: arrays as lists, NaN payoffs as "nan"
    ev = compile_analysis(a)(c=[1.0, 4.0], v=2.5)
    out = json.loads(json.dumps(ev.to_json()))
    assert len(out["regime"]) == 2 and len(out["holds"]) == len(a.candidates)
    assert "nan" in json.dumps(out["payoffs"])


def test_compile_errors() -> None:
    ca = compile_analysis(analyze(deterrence(), samples=20))
    with pytest.raises(GameError, match="unknown parameter 'w'"):
        ca.regime(w=[1.0])
    with pytest.raises(GameError, match="NaN"):
        ca.regime(c=[float("nan")])
    r = ca.regime(c=[1.0, 4.0])  # v from its default 3
    assert r.shape == (2,)
