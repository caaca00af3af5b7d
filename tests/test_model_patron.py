"""The patron model against backward induction done by hand.

Oracle (hand derivation; notation of ``models/patron.py``). Write ``f = 1`` after a firm
pledge, ``D = pi_alone - pi_US`` and ``d`` for the stakes of a demand (``v_small`` or
``v_large``). Solve from the last mover up:

* **US after Europe resists** ``d``: intervening gives ``-w_US pi_US d - c_US``, staying out
  ``-w_US pi_alone d - a_US f``; it intervenes iff ``w_US D d + a_US f > c_US``. Without a
  pledge (``f = 0``) this is ``w_US D d > c_US``: the counterfactual that separates
  *entrapment* (fights only because of the pledge) from a willing *war*.
* **Europe** facing ``d``: with pi the probability Russia prevails given what the US will do,
  war gives ``-pi d - c_E`` and conceding ``-d``; it resists iff ``(1 - pi) d > c_E``.
* **Russia**: no demand gives 0; a demand gives ``d`` if Europe concedes and ``pi d - c_R``
  if it resists; Russia takes the best of the three.
* **US at the root**: its payoff under each commitment follows from the above (``-k_US``
  for the pledge, ``-w_US d`` after a concession, ``-w_US pi_US d - c_US`` after a war it
  joins, ``-w_US pi_alone d - a_US f`` after one it stays out of); it pledges iff firm
  is strictly better.

Snyder's window at the pre-world defaults (``c_US = 3/2, w_US = 1, a_US = 1, v_small = 1, v_large = 2,
pi_alone = 7/10, pi_US = 1/10, c_R = 1/2, c_E = 3/4, k_US = 1/10``). Russia loses any war
with the US (``pi_US d < c_R`` for both demands), Europe concedes the small demand alone
(``(1 - pi_alone) v_small = 3/10 < 3/4``) and resists any demand with the US.

* in ``a_US``: the pledge covers the small demand iff ``a_US >= c_US - w_US D v_small = 9/10``;
  then Russia is deterred (US payoff ``-k_US``), otherwise Russia takes the small concession
  (abandonment) whatever the pledge. Window ``[9/10, 10]``.
* in ``w_US`` (``a_US = 1``): the pledge covers the small demand iff
  ``w_US >= (c_US - a_US) / (D v_small) = 5/6``; without a pledge the US would itself fight
  over the small demand iff ``w_US >= c_US / (D v_small) = 5/2``, and then a loose
  commitment deters as well and saves ``k_US``. Below ``5/2`` a loose commitment costs the
  US at least ``w_US v_small > k_US``. Window ``[5/6, 5/2)``.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory.models import get_model
from gametheory.models.patron import Patron, _compile, _linear, classify, in_window

F = Fraction


def oracle(s: dict[str, Fraction]) -> tuple[str, str, list[Fraction]]:
    """(outcome, US commitment, every payoff difference compared) by hand."""
    diffs: list[Fraction] = []
    D = s["pi_alone"] - s["pi_US"]

    def branch(firm: bool) -> tuple[Fraction, str, dict[str, bool], dict[str, bool]]:
        f = 1 if firm else 0
        us_fights: dict[str, bool] = {}
        resists: dict[str, bool] = {}
        russia = {"none": F(0)}
        us_pay = {"none": -s["k_US"] * f}
        for d, v in (("small", s["v_small"]), ("large", s["v_large"])):
            gain = s["w_US"] * D * v + s["a_US"] * f - s["c_US"]
            diffs.append(gain)
            us_fights[d] = gain > 0
            pi = s["pi_US"] if us_fights[d] else s["pi_alone"]
            europe = (1 - pi) * v - s["c_E"]
            diffs.append(europe)
            resists[d] = europe > 0
            russia[d] = pi * v - s["c_R"] if resists[d] else v
            if not resists[d]:
                us_pay[d] = -s["k_US"] * f - s["w_US"] * v
            elif us_fights[d]:
                us_pay[d] = -s["k_US"] * f - s["w_US"] * s["pi_US"] * v - s["c_US"]
            else:
                us_pay[d] = -s["k_US"] * f - s["w_US"] * s["pi_alone"] * v - s["a_US"] * f
        ranked = sorted(russia.values())
        diffs.extend(b - a for a, b in zip(ranked, ranked[1:]))
        demand = max(russia, key=lambda k: russia[k])
        return us_pay[demand], demand, us_fights, resists

    firm_pay, firm_d, firm_fights, firm_res = branch(True)
    loose_pay, loose_d, loose_fights, loose_res = branch(False)
    diffs.append(firm_pay - loose_pay)
    firm = firm_pay > loose_pay
    c, d = ("firm", firm_d) if firm else ("loose", loose_d)
    fights, res = (firm_fights, firm_res) if firm else (loose_fights, loose_res)
    if d == "none":
        key = "deterrence"
    elif not res[d]:
        key = "appeasement" if fights[d] else "abandonment"
    elif not fights[d]:
        key = "abandonment"
    elif firm and not loose_fights[d]:
        key = "entrapment"
    else:
        key = "war"
    return key, c, diffs


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


POINT = dict(
    w_US=frac(0, 3), a_US=frac(0, 2), k_US=frac(0, 1), c_US=frac(0, 3), v_small=frac(1, 2).filter(bool),
    v_large=frac(1, 4), pi_alone=frac(0, 1), pi_US=frac(0, 1), c_R=frac(0, 2), c_E=frac(0, 2),
)


@settings(max_examples=300, deadline=None)
@given(**POINT)
def test_engine_outcome_matches_hand_backward_induction(**kw: Fraction) -> None:
    assume(kw["v_large"] > kw["v_small"] and kw["pi_US"] <= kw["pi_alone"])
    m = get_model("patron")
    values = m.values(kw)
    key, commitment, diffs = oracle(values)
    assume(all(x != 0 for x in diffs))  # generic points: no ties anywhere in the tree
    res = m.analyse(values)
    assert res.outcome.key == key
    assert res.quantities["us_commitment"] == commitment


OLD_DEFAULTS = {"pi_alone": "7/10", "c_E": "3/4"}  # the point of the hand derivation above


def test_defaults_and_hand_derived_windows() -> None:
    m = get_model("patron")
    r = m.solve(OLD_DEFAULTS, flips=False)
    assert r.outcome.key == "deterrence"
    assert r.quantities["us_commitment"] == "firm" and r.quantities["in_snyder_window"] is True
    s = r.values
    D = s["pi_alone"] - s["pi_US"]
    # window in a_US: [c_US - w_US D v_small, 10]
    assert r.quantities["window_a_US_lower"] == s["c_US"] - s["w_US"] * D * s["v_small"] == F(9, 10)
    assert r.quantities["window_a_US_upper"] == 10
    assert r.quantities["window_a_US"] == "[9/10, 10]"
    # window in w_US: [(c_US - a_US) / (D v_small), c_US / (D v_small))
    assert r.quantities["window_w_US_lower"] == (s["c_US"] - s["a_US"]) / (D * s["v_small"]) == F(5, 6)
    assert r.quantities["window_w_US_upper"] == s["c_US"] / (D * s["v_small"]) == F(5, 2)
    assert r.quantities["window_w_US"] == "[5/6, 5/2)"
    # the numeric engine agrees on either side of each bound
    for name, x, inside in [("a_US", F(89, 100), False), ("a_US", F(91, 100), True),
                            ("w_US", F(82, 100), False), ("w_US", F(84, 100), True),
                            ("w_US", F(249, 100), True), ("w_US", F(251, 100), False)]:
        assert m.analyse(m.values({**OLD_DEFAULTS, name: x})).quantities["in_snyder_window"] is inside, (name, x)


def test_entrapment_point() -> None:
    # c_R = 1/10: Russia now wins a war with the US over the large demand (pi_US v_large - c_R
    # = 1/10 > 0); the US would not fight for it unpledged (w_US D v_large = 6/5 < 3/2) but the
    # pledge (a_US = 1) makes it fight, and the firm payoff -1/10 - 1/5 - 3/2 = -9/5 beats the
    # loose one (-2: Europe concedes the large demand alone).
    m = get_model("patron")
    r = m.solve({**OLD_DEFAULTS, "c_R": "1/10"}, flips=False)
    assert r.outcome.key == "entrapment"
    assert r.quantities["russia_demand"] == "large" and r.quantities["us_intervenes"] is True
    assert r.equilibrium["payoffs"]["US"] == F(-9, 5)
    assert r.quantities["window_a_US"] == "empty"


def _breakpoints(m: Patron, name: str, values: dict[str, Fraction]) -> list[Fraction]:
    out = set()
    for r in m.regimes_in((name,), values).regimes:
        for piece in r.pieces:
            for atom in piece.atoms(__import__("sympy").core.relational.Relational):
                a, b = _linear(_compile(atom), name, values)
                if a != 0:
                    out.add(-b / a)
    return sorted(out)


@settings(max_examples=12, deadline=None)
@given(**POINT, name=st.sampled_from(["a_US", "w_US"]))
def test_symbolic_window_agrees_with_numeric_engine(name: str, **kw: Fraction) -> None:
    assume(kw["v_large"] > kw["v_small"] and kw["pi_US"] <= kw["pi_alone"])
    m = get_model("patron")
    values = m.values(kw)
    window = m.window(name, values)
    p = m.parameter(name)
    cuts = [x for x in _breakpoints(m, name, values) if p.lower < x < p.upper]
    grid = [F(p.lower), *cuts, F(p.upper)]
    for lo, hi in zip(grid, grid[1:]):
        x = (lo + hi) / 2
        plan = m.analyse({**values, name: x}).equilibrium["plan"]
        assert in_window(plan) == any(iv.contains(x) for iv in window), (name, x, window)


def test_symbolic_regimes_agree_with_numeric_backward_induction() -> None:
    m = get_model("patron")
    analysis = m.regimes
    assert analysis.complete
    for pt in [{}, {"a_US": "1/2"}, {"w_US": 3}, {"w_US": "1/2", "a_US": 2}]:
        vals = m.values(pt)
        assert analysis.spe_at({k: vals[k] for k in ("a_US", "w_US")}).actions() == \
            m.analyse(vals).equilibrium["plan"], pt
        assert classify(analysis.regime_at({k: vals[k] for k in ("a_US", "w_US")}).plan) == \
            m.analyse(vals).outcome.key


# ----------------------------------------------------------------------------- world and valley
def test_defaults_are_the_world_defaults_mapped() -> None:
    from gametheory.models.world import WORLD

    m = get_model("patron")
    w = WORLD.defaults()
    for lk in m.world_links:
        assert m.parameter(lk.parameter).default == lk.value(w), lk.parameter
    assert "us_backing" not in m.world_variables()  # the pledge is the model's output


def test_transition_valley_hand_derived() -> None:
    # Sweep Europe's capability E with pi_alone = 1/(1+E), pi_US = 1/(1+E+8) (ratio-form
    # contest, world defaults otherwise: w_US = 1, a_US = 1, c_US = 3/2, c_E = 3/5, c_R = 1/2).
    # Russia loses any war with the US. With D = pi_alone - pi_US = 8/((1+E)(9+E)):
    # * the firm pledge covers the small demand iff a_US + w_US D v_small >= c_US, i.e.
    #   D >= 1/2, i.e. (1+E)(9+E) <= 16, i.e. E <= -5 + 4 sqrt(2) (about 0.657): below it the
    #   US pledges firmly and deters (Snyder's window);
    # * Europe alone resists the small demand iff (1 - pi_alone) v_small > c_E, i.e.
    #   pi_alone < 2/5, i.e. E > 3/2: above it Russia's small demand is deterred again.
    # In between the US's marginal contribution D has fallen too far for a pledge and Europe
    # cannot yet stand alone: Russia takes the small concession (abandonment). This is the
    # transition trap the review names (MODELS.md, patron; Snyder 1984).
    import sympy

    m = get_model("patron")
    r = m.solve(flips=False)
    q = r.quantities
    assert r.outcome.key == "abandonment" and q["in_valley"] is True
    assert sympy.simplify(sympy.sympify(q["valley_europe_capability_lower"]) - (-5 + 4 * sympy.sqrt(2))) == 0
    assert q["valley_europe_capability_upper"] == F(3, 2)
    assert q["outcomes_by_europe_capability"].startswith("0 to 0.6569: deterrence (firm pledge); "
                                                         "0.6569 to 1.5: abandonment")
    assert "Transition valley" in r.statement and "0.657 to 1.5" in r.statement
    # the numeric engine agrees on either side of both bounds
    for e, key in [(F(65, 100), "deterrence"), (F(66, 100), "abandonment"), (F(149, 100), "abandonment"),
                   (F(151, 100), "deterrence")]:
        vals = {"pi_alone": 1 / (1 + e), "pi_US": 1 / (9 + e)}
        assert m.solve(vals, flips=False).outcome.key == key, e


def test_no_valley_sentence_far_from_it() -> None:
    r = get_model("patron").solve({"pi_alone": "1/10", "pi_US": "1/20"}, flips=False)  # E = 9
    assert "Transition valley" not in r.statement


def _scenario(name: str):
    from gametheory.models.world import WORLD, load

    s = load(name)
    return get_model("patron").solve(world=s.point(WORLD), scenario=s, flips=False)


def test_every_builtin_scenario_solves() -> None:
    from gametheory.models.world import builtin_scenarios

    want = {"us-committed": "deterrence", "us-uncertain": "abandonment", "us-out": "abandonment",
            "us-coercive": "abandonment"}
    for name in builtin_scenarios():
        r = _scenario(name)
        assert r.statement.startswith(r.outcome.headline)
        if name in want:
            assert r.outcome.key == want[name], name


def test_history_cold_war_nato_deterrence() -> None:
    # Cold-War NATO: a US with a large stake in Europe deters Soviet demands (Snyder 1984;
    # Huth 1988, Extended Deterrence and the Prevention of War). In the model the US stake
    # (3) is large enough that the US would fight unpledged, so the pledge adds nothing.
    r = _scenario("cold-war-nato")
    assert r.outcome.key == "deterrence" and r.quantities["russia_demand"] == "none"


def test_history_crimea_2014_russia_gets_its_way() -> None:
    # Crimea 2014: no Western power committed to fight, and Russia's demand succeeded
    # (Allison 2014, International Affairs 90(6)): abandonment, Europe (the target) concedes.
    r = _scenario("crimea-2014")
    assert r.outcome.key == "abandonment" and r.quantities["europe_response"] == "concede"
