"""The private-values lens of the extended deterrence model (issue 17, item 4).

The fast exact path (:mod:`gametheory.models.private_values`, Fractions, no sympy) must give the
equilibria of the engine's :func:`gametheory.bayesian.solve_cutoffs` on the same game, at the
defaults, at every built-in scenario point and at random points. One known difference: the
engine's grid check counts the top type of a "highest" cutoff as taking the upper action, so it
rejects never-challenge equilibria (unless the top type is exactly indifferent); the fast path
checks those against the lower action for every type. Those are verified here with the engine's
own gain formulas instead (so is an interior solution at the challenger's top type, which the
engine's sympy path does not return).
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from gametheory.bayesian import solve_cutoffs
from gametheory.bayesian.cutoff import gain_formulas
from gametheory.models import extended_deterrence as ext
from gametheory.models import get_model
from gametheory.models.private_values import (
    CutoffGame,
    cutoff_equilibria,
    perfect_cutoff_equilibrium,
    support_around,
)
from gametheory.models.world import WORLD, builtin_scenarios, load

MODELS = {"extended_deterrence": ext.private_values_game}


def _points(name: str) -> list[dict[str, F]]:
    model = get_model(name)
    pts = [model.values()]
    pts += [model.values(model.from_world(load(s).point(WORLD))) for s in sorted(builtin_scenarios())]
    rng = random.Random(4)
    for _ in range(5):
        vals = dict(model.values())
        for p in model.parameters:
            if p.lower is not None and p.upper is not None and rng.random() < 0.5:
                vals[p.name] = p.lower + (p.upper - p.lower) * F(rng.randint(1, 19), 20)
        pts.append(vals)
    return pts


def _engine_gain_check(game: CutoffGame, cuts: tuple[F, F], kinds: tuple[str, str], grid: int = 20) -> None:
    import sympy

    gains, syms = gain_formulas(game.bayesian_game())
    sub = {syms[0]: sympy.Rational(cuts[0]), syms[1]: sympy.Rational(cuts[1])}
    bg = game.bayesian_game()
    for i, p in enumerate(bg.players):
        lo, hi = game.supports[i]
        for k in range(grid + 1):
            t = lo + (hi - lo) * F(k, grid)
            v = sympy.simplify(gains[i].subs(sub).subs(p.symbol, sympy.Rational(t)))
            assert v.is_Rational, v
            g = F(int(v.p), int(v.q))
            if kinds[i] == "highest" or t < cuts[i]:
                assert g <= 0, (p.name, t, g)
            else:
                assert g >= 0, (p.name, t, g)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_fast_path_equals_engine(name: str) -> None:
    checked = 0
    for vals in _points(name):
        game = MODELS[name](vals)
        if game is None:
            continue
        mine, _ = cutoff_equilibria(game, grid=20)
        engine = solve_cutoffs(game.bayesian_game(), grid=20)
        eng = {(e.cutoffs[game.names[0]], e.cutoffs[game.names[1]]) for e in engine.equilibria}
        ours = {s.cutoffs for s in mine}
        assert eng <= ours
        # beyond the engine's list only never-challenge equilibria: with no challenge the defender
        # is indifferent at every value, a continuum the engine does not list (it says so); the
        # gain formulas check these below
        top = game.supports[0][1]
        assert all(s.cutoffs[0] == top for s in mine if s.cutoffs not in eng)
        for s in mine:
            _engine_gain_check(game, s.cutoffs, s.kinds)
            assert s.war == s.upper[0] * s.upper[1]
        for e in engine.equilibria:
            (m,) = [s for s in mine if s.cutoffs == (e.cutoffs[game.names[0]], e.cutoffs[game.names[1]])]
            assert e.profile_probabilities[(game.actions[0][1], game.actions[1][1])] == m.war
        checked += 1
    assert checked >= 10


def test_extended_lens_known_answer_by_hand() -> None:
    """Derived by hand (the cut-down crisis of Fearon 1994 with private values): the guarantor
    stands by iff -pi w - c_G - e L_G >= p_US(-pi_US w - r_G) + (1 - p_US)(-w - r_G), i.e.
    w >= (c_G + e L_G - r_G) / ((1 - p_US)(1 - pi_0)) = (1/2) / (1/2) = 1 here, so it stands by
    with probability 1/2 (w uniform on [1/2, 3/2]); Russia's gain from pressing,
    (1/2) v + (1/2)(v/2 - 1/10), is positive for every v in [1/2, 3/2]: it always presses,
    and war comes with probability 1/2."""
    m = get_model("extended_deterrence")
    vals = m.values({"c_G": F(1, 2), "e": F(0), "r_G": F(0), "p_US": F(0), "pi_0": F(1, 2), "c_R": F(1, 10)})
    game = ext.private_values_game(vals)
    assert game is not None
    sols, _ = cutoff_equilibria(game)
    assert [(s.cutoffs, s.kinds, s.war) for s in sols] == [((F(1, 2), F(1)), ("lowest", "interior"), F(1, 2))]
    assert perfect_cutoff_equilibrium(game) == sols[0]
    q, _, _ = ext.private_values_lens(vals)
    assert q["private_values_probability_of_war"] == F(1, 2)


def test_quantities_and_statement_at_defaults() -> None:
    for name in MODELS:
        r = get_model(name).solve(flips=False)
        q = r.quantities
        assert set(q["private_values_cutoffs"]) == set(get_model(name).players)
        assert 0 <= q["private_values_probability_of_war"] <= q["private_values_probability_of_challenge"] <= 1
        assert q["private_values_probability_of_war"] == (q["private_values_probability_of_challenge"]
                                                          * q["private_values_probability_of_resistance"])
        assert "With private values" in r.statement
        assert "Mechanism: the defender resists" in r.statement


def test_support_around() -> None:
    assert support_around(F(1), 0, 10) == (F(1, 2), F(3, 2))
    assert support_around(F(9), 0, 10) == (F(9, 2), F(10))
    assert support_around(F(0), 0, 10) is None


def test_no_spread_means_not_computed() -> None:
    m = get_model("extended_deterrence")
    q, text, notes = ext.private_values_lens(m.values({"w_G": 0}))
    assert q["private_values_cutoffs"] is None and text == "" and "not computed" in notes[0]


def test_perfect_cutoff_equilibrium_checked_by_the_engine() -> None:
    """The reported (perfect Bayesian) cutoff equilibrium is a cutoff equilibrium by the engine's
    gain formulas, the defender's cutoff is a best response once challenged (the engine's
    gain formula with every challenger type challenging), and it is among the equilibria the
    enumeration lists unless that case is the skipped continuum (no challenge, defender
    indifferent at every cutoff)."""
    import sympy

    for name, build in MODELS.items():
        for vals in _points(name):
            game = build(vals)
            if game is None:
                continue
            pbe = perfect_cutoff_equilibrium(game)
            assert pbe is not None
            _engine_gain_check(game, pbe.cutoffs, pbe.kinds)
            gains, syms = gain_formulas(game.bayesian_game())
            bg = game.bayesian_game()
            lo_x = game.supports[0][0]
            lo, hi = game.supports[1]
            for k in range(11):
                t = lo + (hi - lo) * F(k, 10)
                v = sympy.simplify(gains[1].subs({syms[0]: sympy.Rational(lo_x), syms[1]: sympy.Rational(pbe.cutoffs[1])})
                                   .subs(bg.players[1].symbol, sympy.Rational(t)))
                g = F(int(v.p), int(v.q))
                if pbe.kinds[1] == "highest" or t < pbe.cutoffs[1]:
                    assert g <= 0
                else:
                    assert g >= 0
            mine, _ = cutoff_equilibria(game)
            assert pbe in mine or (pbe.kinds[0] == "highest" and pbe.kinds[1] == "interior")


def test_linear_check_equals_the_grid_check() -> None:
    """The default check (support ends and cutoff: enough for gains linear in the own type)
    accepts the same equilibria as the 200-interval grid check."""
    for name, build in MODELS.items():
        for vals in _points(name):
            game = build(vals)
            if game is not None:
                assert cutoff_equilibria(game) == cutoff_equilibria(game, grid=200)
