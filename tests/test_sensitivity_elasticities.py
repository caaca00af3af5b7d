"""Elasticities: symbolic derivatives from models' closed forms, exact local rational fits,
finite differences, and how each reports boundaries and kinks."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_sensitivity_cli import run

from gametheory.errors import GameError
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.models import get_model
from gametheory.models.ceasefire import cap_stake, guarantee_choice, terms
from gametheory.sensitivity import ElasticityResult, elasticities
from gametheory.sensitivity.elasticities import FD_METHOD, rational_fit
from gametheory.symbolic import Parameter

DC = get_model("escalation")
EXT = get_model("extended_deterrence")
ULT = get_model("ultimatum")
CEASE = get_model("ceasefire")

SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rows(res: ElasticityResult) -> dict[str, dict[str, Any]]:
    return {r["parameter"]: r for r in res.table}


def interior(lo: int, hi: int, den: int = 97) -> st.SearchStrategy[Fraction]:
    """Rationals strictly inside (lo, hi) with denominator ``den`` (a prime, so values are generic)."""
    return st.integers(lo * den + 1, hi * den - 1).map(lambda k: Fraction(k, den))


# ---------------------------------------------------------------------------- symbolic path
def hand_derivatives(v: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Russia's expected war payoff in the escalation model, differentiated by hand, where a
    losing Russia accepts defeat (true at the defaults: the expected retaliation exceeds v + a_R).

    W = e X + (1 - e) (P A + (1 - P) B), with X = -c_R - D_FUK - u_US D_US (inadvertent exchange),
    A = v - c_R (Russia prevails), B = -c_R - a_R (defeat), P = p pi_US + (1 - p) pi_0 (p = p_US):

      dW/dp     = (1 - e) (pi_US - pi_0) (v + a_R)
      dW/dv     = (1 - e) P
      dW/dc_R   = -e - (1 - e) = -1
      dW/dpi_US = (1 - e) p (v + a_R),   dW/dpi_0 = (1 - e) (1 - p) (v + a_R)
      dW/de     = X - (P A + (1 - P) B)
      dW/dD_FUK = -e,   dW/dD_US = -e u_US,   dW/du_US = -e D_US
      dW/da_R   = -(1 - e) (1 - P)
      c_E, f_FUK, L_E, b_E, k_F, k_T do not enter W: 0.
    """
    p, e = v["p_US"], v["e"]
    P = p * v["pi_US"] + (1 - p) * v["pi_0"]
    X = -v["c_R"] - v["D_FUK"] - v["u_US"] * v["D_US"]
    A, B = v["v"] - v["c_R"], -v["c_R"] - v["a_R"]
    return {
        "p_US": (1 - e) * (v["pi_US"] - v["pi_0"]) * (v["v"] + v["a_R"]),
        "v": (1 - e) * P,
        "c_R": Fraction(-1),
        "pi_US": (1 - e) * p * (v["v"] + v["a_R"]),
        "pi_0": (1 - e) * (1 - p) * (v["v"] + v["a_R"]),
        "e": X - (P * A + (1 - P) * B),
        "D_FUK": -e,
        "D_US": -e * v["u_US"],
        "u_US": -e * v["D_US"],
        "a_R": -(1 - e) * (1 - P),
        "c_E": Fraction(0), "f_FUK": Fraction(0), "L_E": Fraction(0), "b_E": Fraction(0),
        "k_F": Fraction(0), "k_T": Fraction(0),
    }


def test_symbolic_equals_hand_derivation_at_defaults():
    res = elasticities(DC, "russia_expected_war_payoff")
    assert res.method == "symbolic" and res.requested == "auto"
    assert res.expression is not None and "p_US" in res.expression and res.latex
    hand = hand_derivatives(DC.values())
    for name, row in rows(res).items():
        assert row["derivative"] == hand[name], name
        if name in ("k_F", "k_T"):  # enter the tree but not W: estimated numerically (exactly 0)
            continue
        assert row["method"] == "symbolic" and row["exact"] and row["error"] == 0
        assert row["scheme"] == "central" and not row["kink"] and row["boundary"] is None
        assert row["elasticity"] == hand[name] * DC.values()[name] / Fraction(-1839, 250)
    # the derivative expression is the hand-derived formula (compared as sympy expressions)
    syms = {p.name: p.symbol for p in DC.parameters}
    d_us = sympy.sympify(rows(res)["D_US"]["expression"], locals=syms)
    assert sympy.simplify(d_us + syms["e"] * syms["u_US"]) == 0
    d_pi = sympy.sympify(rows(res)["pi_US"]["expression"], locals=syms)
    assert sympy.simplify(d_pi - (1 - syms["e"]) * syms["p_US"] * (syms["v"] + syms["a_R"])) == 0


@SLOW
@given(p=interior(0, 1), v=interior(0, 10), c_r=interior(0, 10), pi0=interior(0, 1), pius=interior(0, 1),
       e=interior(0, 1), d=interior(0, 1000, 7), a=interior(0, 10))
def test_symbolic_equals_hand_derivation_anywhere(p, v, c_r, pi0, pius, e, d, a):
    # D_US up to 1000 and a_R up to 10 keep the expected retaliation (20/3 + D_US/2 > 16) above v + a_R
    # wherever D_US > 2 (a losing Russia accepts defeat, as in the hand derivation)
    vals = {"p_US": p, "v": v, "c_R": c_r, "pi_0": pi0, "pi_US": pius, "e": e, "D_US": max(d, Fraction(40)),
            "a_R": a}
    res = elasticities(DC, "russia_expected_war_payoff", vals, method="symbolic")
    hand = hand_derivatives(DC.values(vals))
    for name, row in rows(res).items():
        assert row["derivative"] == hand[name], name


@pytest.mark.parametrize("model, quantity, values", [
    (DC, "europe_expected_war_payoff", {}),
    (DC, "russia_fait_accompli_war_payoff", {"e": "0.3"}),
    (DC, "russia_win_probability", {"p_US": "0.3"}),
    (EXT, "guarantor_war_payoff", {"e": "0.1"}),
    (ULT, "effectiveness_threshold_irresolute_europe_irresolute_fuk", {}),
    (ULT, "risk_chosen", {"u_US": 0}),                    # an ultimatum aimed at an irresolute Europe
    (ULT, "probability_of_strike", {"u_US": 0}),
    (ULT, "risk_chosen", {"u_US": 0, "c_E": 2}),          # aimed at every type
])
def test_symbolic_fit_and_finite_agree(model, quantity, values):
    sym = rows(elasticities(model, quantity, values, method="symbolic"))
    fit = rows(elasticities(model, quantity, values, method="fit"))
    fd = rows(elasticities(model, quantity, values, method="finite"))
    for name in sym:
        assert sym[name]["method"] == "symbolic"
        assert fit[name]["method"].startswith("exact rational fit")
        assert fd[name]["method"] == FD_METHOD and not fd[name]["exact"]
        assert sym[name]["derivative"] == fit[name]["derivative"], name   # both exact
        assert float(fd[name]["derivative"]) == pytest.approx(float(sym[name]["derivative"]), rel=1e-6, abs=1e-9)


@SLOW
@given(rho=interior(0, 1), c_E=interior(0, 1000), d_e=interior(0, 10000, 3), v=interior(0, 10))
def test_closed_forms_reproduce_the_model(rho, c_E, d_e, v):
    """Every closed form a model offers evaluates to exactly the quantity it computes."""
    for model, vals in ((ULT, {"rho": rho, "c_E": c_E, "D_E": d_e, "v": v, "u_US": rho / 4}),
                        (DC, {"v": v, "p_US": rho}), (DC, {"v": v, "e": rho, "u_US": 0, "f_FUK": 0}),
                        (EXT, {"v": v, "pi_0": rho})):
        full = model.values(vals)
        res = model.solve(full, flips=False)
        subs = {model.parameter(n).symbol: sympy.Rational(x.numerator, x.denominator) for n, x in full.items()}
        for name, expr in model.quantity_expressions(full).items():
            got = sympy.sympify(expr).xreplace(subs)
            assert got.is_Rational and Fraction(int(got.p), int(got.q)) == res.quantities[name], name


def test_models_without_closed_forms_offer_none():
    assert CEASE.quantity_expressions(CEASE.values()) == {}
    assert get_model("alliance").quantity_expressions(get_model("alliance").values()) == {}


# ---------------------------------------------------------------------------- exact fit
def test_rational_fit_recovers_a_rational_function():
    f = lambda u: (3 + 2 * u - u * u) / (1 + u / 2)  # noqa: E731 - type (2, 1)
    pts = [(Fraction(u), f(Fraction(u))) for u in (0, 1, -1, 2, 3, -3, 5)]
    low = rational_fit(pts, 1, 1)  # through the first three points only
    assert low is None or not low.reproduces(pts)
    r = rational_fit(pts, 2, 1)
    assert r is not None and r.reproduces(pts)
    # f'(0) = (2 * 1 - 3 * 1/2) / 1 = 1/2
    assert r.slope == Fraction(1, 2)


@settings(max_examples=60, deadline=None)
@given(num=st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=7), min_size=1, max_size=3),
       den=st.lists(st.fractions(min_value=-1, max_value=1, max_denominator=7), min_size=0, max_size=2))
def test_rational_fit_is_exact(num, den):
    den = [Fraction(1), *den]
    f = lambda u: (sum(c * u**k for k, c in enumerate(num)) / sum(c * u**k for k, c in enumerate(den)))  # noqa: E731
    us = [Fraction(k, 3) for k in (0, 1, -1, 2, -2, 4, -4, 5)]
    assume(all(sum(c * u**k for k, c in enumerate(den)) != 0 for u in us))
    pts = [(u, f(u)) for u in us]
    p, q = len(num) - 1, len(den) - 1
    r = rational_fit(pts, p, q)
    assume(r is not None)  # num and den may share a factor: then a lower type fits instead
    assert r.reproduces(pts)
    a1 = num[1] if len(num) > 1 else 0
    b1 = den[1] if len(den) > 1 else 0
    assert r.slope == a1 - num[0] * b1


def _cease_stake(vals: Mapping[str, Fraction]) -> Fraction:
    """The stake of exceeding the ceasefire cap (Ukraine's gain = Russia's harm) at ``vals``."""
    return cap_stake(terms(vals, guarantee=guarantee_choice(vals).given))


def test_fit_is_exact_on_ceasefire_inspection_game():
    """The inspection game's mixed equilibrium, solved by hand: with h the stake of exceeding the
    cap (Ukraine's gain and Russia's harm), Ukraine violates with probability s = c / (d h)
    (Russia indifferent about inspecting: c + s (1-d) h = s h) and Russia inspects with
    probability r = h / (d (h + P)) (Ukraine indifferent: r ((1-d) h - d P) + (1-r) h = 0).
    """
    vals = CEASE.values()
    c, d, h, pen = vals["inspect_cost"], vals["detect"], _cease_stake(vals), vals["penalty"]
    viol = rows(elasticities(CEASE, "violation_probability", parameters=["inspect_cost", "detect"]))
    assert viol["inspect_cost"]["derivative"] == 1 / (d * h)
    assert viol["detect"]["derivative"] == -c / (d * d * h)
    assert all(r["method"].startswith("exact rational fit") and r["exact"] for r in viol.values())
    assert viol["detect"]["method"] == "exact rational fit (degree 0/1, verified at 3 points)"
    insp = rows(elasticities(CEASE, "inspection_probability", parameters=["penalty", "detect"]))
    assert insp["penalty"]["derivative"] == -h / (d * (h + pen) ** 2)
    assert insp["detect"]["derivative"] == -h / (d * d * (h + pen))


@SLOW
@given(c=interior(0, 1, 997), d=interior(50, 100, 101))
def test_fit_matches_the_inspection_formula_anywhere(c, d):
    c, d = c / 100, d / 100
    h = _cease_stake(CEASE.values())
    assume(c < d * h)  # an interior mixed equilibrium
    vals = {"inspect_cost": c, "detect": d}
    res = rows(elasticities(CEASE, "violation_probability", vals, parameters=list(vals), method="fit"))
    assert res["detect"]["derivative"] == -c / (d * d * h)
    assert res["inspect_cost"]["derivative"] == 1 / (d * h)


def test_fit_agrees_with_high_precision_richardson():
    numeric = [p.name for p in CEASE.parameters if p.name not in CEASE.no_flips]  # not the yes/no flags
    fit = rows(elasticities(CEASE, "p_future_at_cap", parameters=numeric, method="fit"))
    fine = rows(elasticities(CEASE, "p_future_at_cap", parameters=numeric, method="finite",
                             rel_step=Fraction(1, 10**6)))
    for name, row in fit.items():
        assert row["exact"], name
        if fine[name]["derivative"] is None:  # the central stencil crosses the joint restriction spread <= c_R
            assert name in ("c_R", "spread") and fine[name]["scheme"].startswith("failed")
            continue
        assert float(fine[name]["derivative"]) == pytest.approx(float(row["derivative"]), rel=1e-9, abs=1e-12)
    # a quantity of degree 1/1 in army, exact: with the guarantee (force 1/2) Europe gives,
    # 2 army / (3 army + 1200) near army = 880
    assert fit["army"]["method"].startswith("exact rational fit (degree 1/1")
    assert fit["army"]["derivative"] == Fraction(2 * 1200, (3 * 880 + 1200) ** 2)


def test_fit_on_a_joint_restriction_is_one_sided():
    res = rows(elasticities(CEASE, "offer_to_russia", parameters=["c_R", "spread"]))
    # ceasefire requires spread <= c_R, and both are 1/10 at the defaults
    assert res["c_R"]["scheme"] == "forward" and "rejects values just below" in res["c_R"]["note"]
    assert res["spread"]["scheme"] == "backward" and "rejects values just above" in res["spread"]["note"]
    assert res["c_R"]["derivative"] == Fraction(-1, 2)


# ---------------------------------------------------------------------------- boundaries and kinks
def test_outcome_boundary_with_a_smooth_quantity():
    """At k_T = v = 1 the escalation model turns from deterrence (Europe buys the tripwire) into a
    fait accompli just below v = 1, but Russia's expected war payoff is the same formula on both
    sides: the closed form knows that, the fit cannot."""
    sym = rows(elasticities(DC, "russia_expected_war_payoff", {"k_T": 1}, parameters=["v", "a_R"]))
    assert sym["v"]["kink"] and sym["v"]["boundary"] == "below" and sym["v"]["scheme"] == "central"
    assert "same formula" in sym["v"]["note"]
    assert not sym["a_R"]["kink"] and sym["a_R"]["boundary"] is None
    fit = rows(elasticities(DC, "russia_expected_war_payoff", {"k_T": 1}, parameters=["v"], method="fit"))
    assert fit["v"]["boundary"] == "below" and fit["v"]["scheme"] == "forward"
    assert "one-sided derivative (from above): the outcome changes just below" in fit["v"]["note"]
    assert fit["v"]["derivative"] == sym["v"]["derivative"] == Fraction(27, 100)
    fd = rows(elasticities(DC, "russia_expected_war_payoff", {"k_T": 1}, parameters=["v"], method="finite"))
    assert fd["v"]["kink"] and fd["v"]["boundary"] is None


def test_formula_boundary_inside_one_outcome():
    """At c_E = 14 (u_US = 0, rho = 1/100) the threshold of a resolute Europe backed by a resolute
    France/UK is exactly 1: Russia targets every type there and just below, an irresolute
    Europe just above. The outcome stays 'ultimatum', so only the formula of risk_chosen
    reveals the boundary."""
    vals = {"u_US": 0, "rho": "1/100", "c_E": 14}
    sym = rows(elasticities(ULT, "risk_chosen", vals, parameters=["c_E", "D_E"], method="symbolic"))
    assert sym["c_E"]["scheme"] == "backward" and sym["c_E"]["boundary"] == "above"
    # d/dc_E [(b_E + c_E + v)/(D_E e + L_E + b_E)] = 1/(D_E e + L_E + b_E) = 5/76
    assert sym["c_E"]["derivative"] == Fraction(5, 76)
    assert "changes formula just above" in sym["c_E"]["note"]
    assert sym["D_E"]["scheme"] == "forward" and sym["D_E"]["boundary"] == "below"
    fit = rows(elasticities(ULT, "risk_chosen", vals, parameters=["c_E"], method="fit"))
    assert fit["c_E"]["derivative"] == Fraction(5, 76) and fit["c_E"]["scheme"] == "backward"
    assert "one side alone" in fit["c_E"]["method"]
    fd = rows(elasticities(ULT, "risk_chosen", vals, parameters=["c_E"], method="finite"))
    assert "may not be smooth" in fd["c_E"]["note"]  # the estimate straddles a jump


def test_formula_change_near_but_not_at_the_point_keeps_a_two_sided_fit():
    res = rows(elasticities(ULT, "risk_chosen", {"u_US": 0, "rho": "1/100", "c_E": "13.99"}, parameters=["c_E"],
                            method="fit"))
    row = res["c_E"]
    assert row["derivative"] == Fraction(5, 76) and row["scheme"] == "central" and row["boundary"] is None
    assert row["kink"] and "changes formula above this value, between" in row["note"]


# A one-parameter model with known kinks, a jump and a quantity that is not rational.
class Toy(Model):
    name = "toy"
    title = "toy"
    parameters = (Parameter("t", "a parameter", "1/3", 0, 1, unit="", source="test"),)
    outcomes = (Outcome("low", "low", "t below 3/4"), Outcome("high", "high", "t at least 3/4"))

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        t = values["t"]
        q = {
            "smooth": t * t / (1 + t),
            "vee": abs(t - Fraction(1, 2)) + t,                       # slopes 0 and 2 at 1/2
            "jump": t if t <= Fraction(1, 2) else t + 1,              # a jump just above 1/2
            "root": Fraction(math.sqrt(t)).limit_denominator(10**12),  # no rational function
            "wrong": t**3,
            "label": "a word",
        }
        key = "low" if t < Fraction(3, 4) else "high"
        return ModelResult(self.name, dict(values), self.outcome(key), key, {}, q)

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        t = self.parameter("t").symbol
        return {"smooth": t**2 / (1 + t), "wrong": t**2}


TOY = Toy()


def test_toy_smooth_all_methods():
    half = {"t": "1/2"}
    exact = Fraction(5, 9)  # d/dt t^2/(1+t) = (t^2 + 2t)/(1+t)^2 = (5/4)/(9/4) at t = 1/2
    for method in ("auto", "symbolic", "fit"):
        row = elasticities(TOY, "smooth", half, method=method).table[0]
        assert row["derivative"] == exact and row["exact"], method
    assert elasticities(TOY, "smooth", half, method="fit").table[0]["method"].startswith(
        "exact rational fit (degree 2/1")
    assert float(elasticities(TOY, "smooth", half, method="finite").table[0]["derivative"]) == pytest.approx(5 / 9)


def test_toy_continuous_kink_has_two_one_sided_derivatives():
    row = elasticities(TOY, "vee", {"t": "1/2"}).table[0]
    assert row["derivative"] is None and row["elasticity"] is None and row["kink"]
    assert row["sides"] == {"below": 0, "above": 2}
    assert "kink" in row["note"]


def test_toy_jump_is_one_sided_from_the_side_holding_the_point():
    row = elasticities(TOY, "jump", {"t": "1/2"}).table[0]
    assert row["derivative"] == 1 and row["scheme"] == "backward" and row["boundary"] == "above"


def test_toy_outcome_boundary_with_the_same_formula():
    row = elasticities(TOY, "smooth", {"t": "3/4"}).table[0]
    assert row["method"] == "symbolic" and row["boundary"] == "below" and row["scheme"] == "central"
    assert row["derivative"] == Fraction(33, 49)  # (t^2 + 2t)/(1+t)^2 = (33/16)/(49/16) at t = 3/4


def test_toy_not_rational_falls_back_to_finite_differences():
    res = elasticities(TOY, "root", method="fit")
    row = res.table[0]
    assert row["method"] == FD_METHOD and "exact fit failed" in row["note"]
    assert float(row["derivative"]) == pytest.approx(0.5 / math.sqrt(1 / 3), rel=1e-6)


def test_toy_wrong_closed_form_is_never_trusted():
    with pytest.raises(GameError, match="closed form of wrong"):
        elasticities(TOY, "wrong", method="symbolic")
    res = elasticities(TOY, "wrong")  # auto: noted, and the fit is used instead
    assert res.expression is None and res.notes and "not used" in res.notes[0]
    assert res.table[0]["derivative"] == 3 * Fraction(1, 3) ** 2


# ---------------------------------------------------------------------------- cost, budget, JSON
def test_budget_zero_means_finite_differences_and_says_so():
    res = elasticities(CEASE, "violation_probability", parameters=["detect"], fit_budget=0)
    assert res.table[0]["method"] == FD_METHOD and "exact fit skipped" in res.table[0]["note"]
    assert any("exact fit skipped" in n for n in res.notes)
    assert elasticities(CEASE, "violation_probability", parameters=["detect"], method="fit",
                        fit_budget=0).table[0]["exact"]  # method fit ignores the budget


def test_solves_are_counted():
    res = elasticities(DC, "russia_expected_war_payoff", parameters=["c_R", "e"])
    assert res.solves == 1 + sum(r["solves"] for r in res.table) == 5  # the point, then 2 probes each
    fd = elasticities(DC, "russia_expected_war_payoff", parameters=["c_R"], method="finite")
    assert fd.solves == 5 and fd.table[0]["solves"] == 4
    fit = elasticities(DC, "russia_expected_war_payoff", parameters=["c_E", "c_R"], method="fit")
    assert {r["parameter"]: r["solves"] for r in fit.table} == {"c_E": 3, "c_R": 4}


def test_to_json():
    quantity = "effectiveness_threshold_irresolute_europe_irresolute_fuk"
    data = json.loads(json.dumps(elasticities(ULT, quantity, parameters=["L_E"]).to_json()))
    assert data["method"] == "symbolic" and data["requested"] == "auto" and data["value"] == "1/11"
    assert data["expression"] and data["latex"] and data["solves"] == 3
    row = data["table"][0]
    assert row["derivative"] == "-5/726" and row["expression"] and row["latex"] and row["method"] == "symbolic"


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("model, quantity, kwargs, words", [
    (DC, "nope", {}, "no quantity"),
    (DC, "europe_threat_credible", {}, "not a number"),
    (ULT, "risk_chosen", {}, "not a number"),                    # None: no ultimatum at the defaults
    (get_model("shaping"), "bloc_probability", {}, "not a number"),  # a list
    (DC, "russia_expected_war_payoff", {"method": "exact"}, "method must be one of"),
    (DC, "russia_expected_war_payoff", {"fit_budget": -1}, "fit_budget"),
    (DC, "russia_expected_war_payoff", {"rel_step": 2}, "rel_step"),
    (DC, "russia_expected_war_payoff", {"parameters": ["zz"]}, "unknown parameter"),
    (CEASE, "war_probability", {"method": "symbolic"}, "no closed form for war_probability"),
    (TOY, "root", {"method": "symbolic"}, "closed forms: smooth, wrong"),
])
def test_bad_input(model, quantity, kwargs, words):
    with pytest.raises(GameError, match=words):
        elasticities(model, quantity, **kwargs)


# ---------------------------------------------------------------------------- command line


def test_cli_symbolic_shows_expressions():
    out = run("elasticities", "escalation", "-q", "russia_expected_war_payoff").output
    lines = out.splitlines()
    assert lines[2].split()[2] == "symbolic"
    assert "russia_expected_war_payoff = " in out and "D_US*u_US" in out
    assert "  d/dc_R = -1" in out and "method: symbolic;" in out


def test_cli_fit_and_methods():
    out = run("elasticities", "ceasefire", "-q", "violation_probability").output
    assert "fit 0/1" in out and "violation_probability = 12/(133*detect)  (near detect = 4/5)" in out
    out = run("elasticities", "escalation", "-q", "russia_expected_war_payoff", "-m", "finite").output
    assert "finite" in out.splitlines()[2] and "method: finite differences (Richardson)" in out
    data = json.loads(run("elasticities", "ceasefire", "-q", "violation_probability", "-m", "fit", "-f",
                          "json").output)
    # the ceasefire's yes/no flags (member, clause) cannot be fitted and fall back to finite differences
    assert data["requested"] == "fit" and data["method"].startswith("exact rational fit")


def test_cli_bad_method():
    assert "Error: elasticities: model ceasefire has no closed form" in run(
        "elasticities", "ceasefire", "-q", "war_probability", "-m", "symbolic", ok=False).output
    assert "Invalid value for '--method'" in run(
        "elasticities", "ceasefire", "-q", "war_probability", "-m", "exact", ok=False).output
