r"""The coalition of the willing: capability, Russia's reaction and deterrence with and without the US.

Two layers, each solved by the engine.

**Burden sharing** (Olson & Zeckhauser 1966; closed form of Bergstrom, Blume & Varian 1986).
Six allies buy defence, a public good: the **US**, **Germany**, the **UK**, **France**,
**Poland** and **Other Europe** (the other EU states plus Norway, merged). Ally ``i`` with
GDP ``Y_i`` spends ``q_i`` between a floor ``f*Y_i`` (a pledge such as NATO's 2%) and
``Y_i`` and values ``a*log(Y_i - q_i) + (1 - a)*log(q_1 + ... + q_n)``. Four
:class:`~gametheory.ContinuousGame` objects are solved with
:func:`~gametheory.solve_continuous`: ``status_quo`` (all six), ``europe_alone`` (the
Europeans separately, no US), ``bloc`` (Europe pooled, no US) and ``us_and_bloc``.

**Deterrence by denial, with Russia reacting** (a contest arms model: Tullock 1980;
Hirshleifer 1989; spiral versus deterrence: Jervis 1976, Kydd 1997). Capabilities are
combat power, not spending, in multiples of Russia's today: Europe's today is ``E`` (the
world's ``europe_capability``, which counts purchasing-power parity and missing enablers);
a European budget ``S`` buys ``E * S / S_0`` where ``S_0`` is Europe's status-quo spending.
Ukraine adds ``K_UA`` when it is in the alliance; the US adds ``U_US`` when it fights,
which it does with probability ``b_US``. With Russian capability ``R`` and allied
``C = X + K_UA``, Russia prevails with probability

    p(R, X) = (1 - b_US)*R/(R + C) + b_US*R/(R + C + U_US).

Russia chooses ``R`` (``R*M_R`` bn USD a year) to maximise ``v_R*p(R, X) - R``: its best
response, a one-player :class:`~gametheory.ContinuousGame` solved exactly (an algebraic
number). Russia is deterred by denial when ``p <= c_R`` (its cost of war, in units of the
stakes), at its best response to Europe's forces as they stand, or to Europe rearmed as a
bloc (the ``bloc`` game's spending). Nuclear forces add an expected cost
``N = e*(r_FUK*D_FUK + u_US*D_US)``: deterrence by punishment where denial fails.

Outcomes: ``denial`` (Russia is deterred by conventional forces as they stand),
``needs_rearmament`` (only after a pooled European rearmament, net of Russia's reaction),
``nuclear_reliant`` (conventional denial fails even then; the nuclear threat covers the
gap), ``deterrence_fails``.
"""

from __future__ import annotations

import decimal
import functools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import gametheory as gt
from gametheory.extensive.univariate import AlgebraicPoint, real_roots
from gametheory.modeling import Model, ModelResult, Outcome, readable
from gametheory.modeling.outcomes import Flip
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flips
from gametheory.symbolic import Parameter

#: The allies (player names) and the codes used in parameter and variable names.
ALLIES: tuple[tuple[str, str], ...] = (
    ("US", "US"),
    ("Germany", "DE"),
    ("UK", "UK"),
    ("France", "FR"),
    ("Poland", "PL"),
    ("Other Europe", "OE"),
)
EUROPEANS = ALLIES[1:]

_GDP_SOURCE = ("IMF World Economic Outlook, GDP at current prices, 2024 (rounded to 100 bn USD; "
               "check the current release)")
_ILL = "illustrative assumption"

#: Russia's active armed forces in thousand troops, the yardstick for Ukraine's army.
RUSSIA_TROOPS = 1200

#: Russia's spending range in the reaction game, as multiples of today's budget.
R_LOW, R_HIGH = Fraction(1, 2), Fraction(3)

#: Scale constants (GDP, purchasing power) whose flips are not searched.
_NO_FLIPS = ("ppp_R", "Y_US", "Y_DE", "Y_UK", "Y_FR", "Y_PL", "Y_OE")

PARAMETERS = (
    Parameter("a", "weight on private consumption in every ally's utility (1 - a: weight on the common defence)",
              "0.95", 0, 1, lower_open=True, upper_open=True, unit="share",
              source="calibrated (rounded): with the European allies at their floors the US, as the only "
                     "ally above its floor, then spends about 1,015 bn USD, close to its 2024 figure of "
                     "997 bn USD in the SIPRI Military Expenditure Database"),
    Parameter("f", "spending floor: the share of GDP every ally spends at least (a political pledge)",
              "0.02", 0, "0.1", unit="share of GDP",
              source="NATO's 2% of GDP guideline (Wales Summit Declaration, 2014); European NATO members "
                     "and Canada together reached about 2% in 2024 (NATO estimates; check the current release)"),
    Parameter("Y_US", "GDP of the United States", 29200, 0, 60000, lower_open=True, unit="bn USD",
              source=_GDP_SOURCE),
    Parameter("Y_DE", "GDP of Germany", 4700, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_UK", "GDP of the United Kingdom", 3600, 0, 30000, lower_open=True, unit="bn USD",
              source=_GDP_SOURCE),
    Parameter("Y_FR", "GDP of France", 3200, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_PL", "GDP of Poland", 900, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_OE", "GDP of the other European coalition members (other EU states plus Norway)", 11000, 0,
              40000, lower_open=True, unit="bn USD",
              source="IMF World Economic Outlook, 2024: EU GDP (about 19,400) minus Germany, France and "
                     "Poland, plus Norway (about 500); rounded; check the current release"),
    Parameter("M_R", "Russia's military spending today, at market exchange rates", 149, 0, 2000,
              lower_open=True, unit="bn USD",
              source="SIPRI Military Expenditure Database, 2024 estimate at market exchange rates, about "
                     "7% of Russia's GDP (SIPRI, April 2025; rounded; check the current release)"),
    Parameter("ppp_R", "purchasing-power multiplier of Russia's military spending (what its roubles buy, "
              "relative to market-rate dollars); reported, the capability E already counts it",
              "3.2", 1, 10, unit="ratio",
              source="IISS, The Military Balance 2025: Russia's 2024 defence spending about 146 bn USD at "
                     "market exchange rates and about 462 bn USD at purchasing-power parity (rounded; check "
                     "the source)"),
    Parameter("E", "European conventional combat power today, as a multiple of Russia's (PPP, readiness "
              "and enablers counted, not spending)", 1, 0, 10, unit="x Russia's power",
              source=_ILL + " (world: europe_capability); European NATO spends about 3x Russia at market "
                     "rates, about parity at PPP (IISS Military Balance 2025; Bruegel/Kiel 2025)"),
    Parameter("K_UA", "Ukraine's combat power in the alliance, as a multiple of Russia's (0 when Ukraine is "
              "not a member)", 0, 0, 5, unit="x Russia's power",
              source=_ILL + " (world: ukraine_in_alliance, ukraine_army, ceasefire_cap): Ukraine's army "
                     "under the cap, per soldier as effective as Russia's 1.2 million (IISS 2025, rounded)"),
    Parameter("b_US", "probability that the US fights beside Europe", "1/2", 0, 1, unit="probability",
              source=_ILL + " (world: us_backing)"),
    Parameter("U_US", "US conventional combat power committed to Europe if it fights, multiple of Russia's",
              8, 0, 20, unit="x Russia's power", source=_ILL + " (world: us_conventional)"),
    Parameter("c_R", "Russia's cost of a war with the alliance, in units of the stakes (Russia attacks "
              "only if its chance of prevailing exceeds it)", "1/2", 0, 10, unit="stake units",
              source=_ILL + " (world: russia_war_cost)"),
    Parameter("v_R", "what prevailing is worth to Russia, in years of its current military budget (drives "
              "its arms reaction)", Fraction(100, 17), 0, 100, lower_open=True, unit="x M_R",
              source="calibrated (" + _ILL + "): at the world's default state, Russia's best response is "
                     "its current budget"),
    Parameter("e", "probability that a Russia-Europe war turns nuclear", "1/10", 0, 1, unit="probability",
              source=_ILL + " (world: nuclear_escalation)"),
    Parameter("r_FUK", "probability that France and the UK retaliate, as Russia judges it", "1/3", 0, 1,
              unit="probability", source=_ILL + " (world: fuk_resolve)"),
    Parameter("D_FUK", "damage French and British nuclear forces can do to Russia", 20, 0, 10000,
              unit="stake units", source=_ILL + " (world: fuk_damage); about 290 French and 225 British "
                                          "warheads (FAS, Status of World Nuclear Forces 2025)"),
    Parameter("u_US", "probability that the US answers Russian nuclear use", "1/2", 0, 1, unit="probability",
              source=_ILL + " (world: us_umbrella)"),
    Parameter("D_US", "damage a US nuclear response would do to Russia", 100, 0, 10000, unit="stake units",
              source=_ILL + " (world: us_nuclear_damage)"),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("E", "europe_capability", "Europe's combat power today is the world's capability (primary); the "
         "model converts spending into capability at the rate E per status-quo European budget"),
    WorldLink("K_UA", ("ukraine_in_alliance", "ukraine_army", "ceasefire_cap"),
              lambda w: w["ukraine_in_alliance"] * min(w["ukraine_army"], w["ceasefire_cap"]) / RUSSIA_TROOPS,
              "Ukraine's army under the ceasefire cap joins the alliance's capability only if Ukraine is a "
              "member; its troops count as Russia's do (Russia about 1.2 million)"),
    link("b_US", "us_backing", "the probability that the US fights beside Europe"),
    link("U_US", "us_conventional", "the US combat power that fights if the US does"),
    link("c_R", "russia_war_cost", "Russia's cost of war"),
    link("e", "nuclear_escalation", "the probability that a war turns nuclear"),
    link("r_FUK", "fuk_resolve", "French/UK retaliation as Russia judges it"),
    link("D_FUK", "fuk_damage", "damage of French/UK retaliation"),
    link("u_US", "us_umbrella", "the US nuclear umbrella"),
    link("D_US", "us_nuclear_damage", "damage of a US nuclear response"),
)

#: The European coalition's pooled GDP, a derived parameter of the two bloc games.
Y_EU = Parameter("Y_EU", "GDP of the European coalition (Y_DE + Y_UK + Y_FR + Y_PL + Y_OE)", 23400, 0,
                 160000, lower_open=True, unit="bn USD", source="sum of the five European GDPs")

OUTCOMES = (
    Outcome("denial", "The alliance deters Russia by denial as it stands",
            "With the forces Europe has today (and the US at its assumed chance of fighting), Russia's "
            "chance of prevailing in a war stays below what it would take to cover its cost of war, even "
            "after Russia adjusts its own spending to the alliance it faces."),
    Outcome("needs_rearmament", "Europe deters Russia only if it rearms",
            "As things stand Russia, adjusting its spending, would have a good enough chance of prevailing; "
            "a European rearmament (Europe pooled as one bloc, spending what it would without the US) "
            "restores deterrence by denial even after Russia's reaction. Until then deterrence rests on "
            "the nuclear threat or is not there."),
    Outcome("nuclear_reliant", "Deterrence rests on the nuclear threat, not on conventional forces",
            "Even a pooled European rearmament, with Russia reacting, leaves Russia a good enough chance "
            "of prevailing; Russia is held back only by the expected cost of nuclear escalation, i.e. by "
            "whether it believes France, the UK (and the US) would retaliate."),
    Outcome("deterrence_fails", "The alliance does not deter Russia",
            "Neither conventional forces (even after a pooled rearmament, with Russia reacting) nor the "
            "expected cost of nuclear escalation outweigh what Russia expects to gain from war."),
)

_GAME_KEYS = ("status_quo", "europe_alone", "bloc", "us_and_bloc")


# --------------------------------------------------------------------------- the games
def _public_good_game(players: Sequence[tuple[str, str]], params: Sequence[Parameter], title: str
                      ) -> gt.ContinuousGame:
    total = " + ".join(f"q_{c}" for _, c in players)
    return gt.ContinuousGame(
        [name for name, _ in players],
        [(f"q_{c}", f"f*Y_{c}", f"Y_{c}") for _, c in players],
        [f"a*log(Y_{c} - q_{c}) + (1 - a)*log({total})" for _, c in players],
        parameters=params,
        title=title,
    )


@functools.lru_cache(maxsize=1)
def _games() -> dict[str, gt.ContinuousGame]:
    """The four public-good games, parametric (built once: parsing takes tens of ms)."""
    by = {p.name: p for p in PARAMETERS}
    common = [by["a"], by["f"]]
    eu = ("Europe", "EU")
    return {
        "status_quo": _public_good_game(
            ALLIES, [*common, *(by[f"Y_{c}"] for _, c in ALLIES)], "alliance burden sharing: status quo"),
        "europe_alone": _public_good_game(
            EUROPEANS, [*common, *(by[f"Y_{c}"] for _, c in EUROPEANS)],
            "alliance burden sharing: Europe without the US, deciding separately"),
        "bloc": _public_good_game([eu], [*common, Y_EU], "alliance burden sharing: Europe as one bloc"),
        "us_and_bloc": _public_good_game([ALLIES[0], eu], [*common, by["Y_US"], Y_EU],
                                         "alliance burden sharing: the US and a European bloc"),
    }


def _game_values(key: str, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """The values of one game's parameters (the bloc games use the pooled GDP Y_EU)."""
    vals = dict(values)
    vals["Y_EU"] = sum((values[f"Y_{c}"] for _, c in EUROPEANS), Fraction(0))
    return {p.name: vals[p.name] for p in _games()[key].parameters}


# --------------------------------------------------------------------------- Russia's reaction
_RUSSIA_PARAMS = (
    Parameter("v_R", "what prevailing is worth to Russia, in years of its budget", Fraction(100, 17), 0,
              lower_open=True, unit="x M_R"),
    Parameter("b_US", "probability that the US fights", "1/2", 0, 1, unit="probability"),
    Parameter("C", "allied capability without the US, multiple of Russia's", 1, 0, unit="x Russia's power"),
    Parameter("U_US", "US combat power if it fights", 8, 0, unit="x Russia's power"),
)


@functools.lru_cache(maxsize=1)
def _russia_game() -> gt.ContinuousGame:
    """Russia's choice of capability R (multiples of today's) against a given alliance."""
    return gt.ContinuousGame(
        ["Russia"],
        [("R", str(R_LOW), str(R_HIGH))],
        ["v_R*((1 - b_US)*R/(R + C) + b_US*R/(R + C + U_US)) - R"],
        parameters=_RUSSIA_PARAMS,
        title="Russia's arms reaction to the alliance",
    )


def _p(r: float, c: float, b: float, u: float) -> float:
    """Russia's chance of prevailing (ratio-form contest, expected over US backing)."""
    alone = r / (r + c) if r + c > 0 else 1.0
    return (1 - b) * alone + b * r / (r + c + u)


def _best_response(v: float, c: float, b: float, u: float) -> float:
    """Russia's best response in floats (the objective is strictly concave in R)."""
    def slope(r: float) -> float:
        s = b * (c + u) / (r + c + u) ** 2
        if c > 0:
            s += (1 - b) * c / (r + c) ** 2
        return v * s - 1

    lo, hi = float(R_LOW), float(R_HIGH)
    if slope(lo) <= 0:
        return lo
    if slope(hi) >= 0:
        return hi
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):  # converged to float precision: further steps change nothing
            break
        if slope(mid) > 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _p_at_response(v: float, c: float, b: float, u: float) -> tuple[float, float]:
    r = _best_response(v, c, b, u)
    return r, _p(r, c, b, u)


def _capability_needed(v: float, k: float, b: float, u: float, c_r: float, top: float = 50.0) -> float | None:
    """The least European capability X at which Russia, reacting, is denied (p <= c_R); None if above ``top``."""
    if _p_at_response(v, k, b, u)[1] <= c_r:
        return 0.0
    if _p_at_response(v, top + k, b, u)[1] > c_r:
        return None
    lo, hi = 0.0, top
    for _ in range(100):
        mid = (lo + hi) / 2
        if _p_at_response(v, mid + k, b, u)[1] <= c_r:
            hi = mid
        else:
            lo = mid
    return hi


def _floor_equilibrium(a: Any, f: Any, incomes: Sequence[Any]) -> list[Any]:
    """Spending in the public-good game with floors, from the contributor condition (floats, or
    Fractions for an exact answer).

    An ally spends above its floor exactly when (1 - f) Y_i > a T / (1 - a), with
    T = (1 - a)(sum_C Y_i + f sum_rest Y_j) / (1 - a + |C| a) (tested against the engine).
    """
    order = sorted(range(len(incomes)), key=lambda i: -incomes[i])
    for n in range(len(incomes) + 1):
        top = set(order[:n])
        t = (1 - a) * (sum(incomes[i] for i in top) + f * sum(incomes[j] for j in order[n:])) / (1 - a + n * a)
        keep = a * t / (1 - a)
        if all((1 - f) * incomes[i] > keep for i in top) and all((1 - f) * incomes[j] <= keep for j in order[n:]):
            return [incomes[i] - keep if i in top else f * incomes[i] for i in range(len(incomes))]
    return [f * y for y in incomes]  # pragma: no cover - some active set always fits


@dataclass(frozen=True)
class Solved:
    """An equilibrium of one of the model's continuous games found in closed form and certified
    exactly (the fields the analysis reads from :class:`gametheory.ContinuousResult`)."""

    choices: dict[str, Any]
    active: dict[str, str]
    exact: bool = True
    max_regret: Fraction = Fraction(0)
    diagnostics: tuple[str, ...] = ()


#: The players (name, GDP code) of each public-good game.
_GAME_PLAYERS: dict[str, tuple[tuple[str, str], ...]] = {
    "status_quo": ALLIES, "europe_alone": EUROPEANS, "bloc": (("Europe", "EU"),),
    "us_and_bloc": (ALLIES[0], ("Europe", "EU")),
}


def public_good_equilibrium(key: str, values: Mapping[str, Fraction]) -> Solved | None:
    """The equilibrium of the public-good game ``key`` by the contributor condition
    (:func:`_floor_equilibrium` in exact arithmetic), certified by the exact KKT conditions:
    each ally's utility ``a log(Y - q) + (1 - a) log(T)`` is strictly concave in its own
    spending ``q``, so ``dU/dq = (1 - a)/T - a/(Y - q)`` equal to 0 (above the floor) or at most
    0 (at the floor ``f Y``) makes every ally's spending a best response. None when the
    certificate fails (the caller solves the game with the engine)."""
    vals = {**values, "Y_EU": sum((values[f"Y_{c}"] for _, c in EUROPEANS), Fraction(0))}
    a, f = vals["a"], vals["f"]
    players = _GAME_PLAYERS[key]
    incomes = [vals[f"Y_{c}"] for _, c in players]
    q = _floor_equilibrium(a, f, incomes)
    total = sum(q, Fraction(0))
    if total <= 0:
        return None
    active: dict[str, str] = {}
    for (name, _), y, qi in zip(players, incomes, q):
        if not f * y <= qi < y:
            return None
        slope = (1 - a) / total - a / (y - qi)
        if qi == f * y and slope <= 0:
            active[name] = "lower"
        elif qi > f * y and slope == 0:
            active[name] = "interior"
        else:
            return None
    return Solved({name: qi for (name, _), qi in zip(players, q)}, active)


def russia_best_response(v: Fraction, c: Fraction, b: Fraction, u: Fraction) -> Solved | None:
    """Russia's exact best response ``R`` in ``[R_LOW, R_HIGH]`` to allied capability ``c``
    (without the US), US backing ``b`` and US power ``u``: the objective
    ``v ((1 - b) R/(R + c) + b R/(R + c + u)) - R`` is strictly concave in ``R``, so ``R`` is an
    end when the slope there has the right sign, else the one root of the slope's numerator
    ``v (b (c + u)(R + c)^2 + (1 - b) c (R + c + u)^2) - (R + c)^2 (R + c + u)^2`` inside the
    interval: a Fraction, or an algebraic number isolated exactly
    (:class:`~gametheory.extensive.univariate.AlgebraicPoint`). None when that root is not
    unique (the caller solves the game with the engine)."""
    from flint import fmpq, fmpq_poly

    def slope(r: Fraction) -> Fraction:
        s = b * (c + u) / (r + c + u) ** 2
        if c > 0:
            s += (1 - b) * c / (r + c) ** 2
        return v * s - 1

    if slope(R_LOW) <= 0:
        return Solved({"Russia": R_LOW}, {"Russia": "lower"})
    if slope(R_HIGH) >= 0:
        return Solved({"Russia": R_HIGH}, {"Russia": "upper"})

    def q(x: Fraction) -> fmpq:
        return fmpq(x.numerator, x.denominator)

    r = fmpq_poly([0, 1])
    near, far = r + q(c), r + q(c + u)
    poly = q(v) * (q(b * (c + u)) * near ** 2 + q((1 - b) * c) * far ** 2) - near ** 2 * far ** 2
    roots = real_roots(poly, R_LOW, R_HIGH)
    if len(roots) != 1:
        return None
    return Solved({"Russia": roots[0]}, {"Russia": "interior"})


def _verdict(p0: Any, p1: Any, c_r: Any, nuclear: Any) -> str:
    if p0 <= c_r:
        return "denial"
    if p1 <= c_r:
        return "needs_rearmament"
    if min(p0, p1) - c_r <= nuclear:
        return "nuclear_reliant"
    return "deterrence_fails"


def _nuclear(v: Mapping[str, Any]) -> Any:
    """Russia's expected nuclear cost of a war: e * (r_FUK * D_FUK + u_US * D_US)."""
    return v["e"] * (v["r_FUK"] * v["D_FUK"] + v["u_US"] * v["D_US"])


# --------------------------------------------------------------------------- voting
def _voting(threshold: Fraction, weights: Mapping[str, Any]) -> dict[str, Any]:
    """Power in the simple game 'a coalition deters when its capability reaches the threshold'."""
    names = list(weights)
    total = sum(weights.values())
    if total < threshold:
        return {"deters": [], "shapley_shubik": None, "banzhaf": None, "veto": [],
                "core_empty": None, "least_core_epsilon": None, "least_core": None}
    game = gt.WeightedVotingGame(threshold, [weights[n] for n in names], names)
    tu = game.to_coalitional()
    if len(names) <= 10:
        # a few players: enumerating the 2^n coalitions of the same simple game gives the same
        # indices, and does not depend on the weights' denominators (the integer counting of the
        # weighted game grows with them: about a second at the crimea-2014 point)
        ss, bz = gt.shapley_value(tu), gt.banzhaf_index(tu)
    else:
        try:
            ss, bz = gt.shapley_shubik_index(game), gt.banzhaf_index(game)
        except (OverflowError, gt.GameSizeError):
            ss, bz = gt.shapley_value(tu), gt.banzhaf_index(tu)
    everyone = set(names)
    veto = [n for n in names if not game.is_winning(everyone - {n})]
    alone = [n for n in names if game.is_winning({n})]
    out: dict[str, Any] = {
        "deters": alone,
        "shapley_shubik": ss.by_name(),
        "banzhaf": bz.by_name(),
        "veto": veto,
    }
    lc = gt.least_core(tu)
    out["core_empty"] = lc.core_empty
    out["least_core_epsilon"] = lc.epsilon
    out["least_core"] = lc.by_name()
    return out




def _names(xs: Sequence[str]) -> str:
    xs = list(xs)
    if not xs:
        return "none"
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]



def _pct(x: Any) -> str:
    return readable(x, "probability")


def _bn(x: Any) -> str:
    return f"{float(x):,.0f}"


def _num(x: Any) -> Fraction | Any:
    """An exact value (Fraction, algebraic point, or a sympy number from the engine) as a
    Fraction when rational."""
    if isinstance(x, Fraction):
        return x
    sp = sys.modules.get("sympy")  # a sympy value comes from the engine (sympy is loaded then)
    if sp is not None and isinstance(x, sp.Rational):
        return Fraction(int(x.p), int(x.q))
    return x


def _f(x: Any) -> float:
    if isinstance(x, (Fraction, AlgebraicPoint)):
        return float(x)
    import sympy

    return float(sympy.N(x, 30))


class Alliance(Model):
    name = "alliance"
    title = "The coalition of the willing: capability, Russia's reaction and deterrence with and without the US"
    question = ("Can the coalition deter Russia by denial with the US in or out, once capability (not "
                "spending) is counted and Russia reacts to European rearmament, and who pays?")
    players = tuple(name for name, _ in ALLIES) + ("Russia", "Ukraine")
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = _NO_FLIPS
    #: M_R only converts units (it never moves the verdict), so its flips are not searched.
    flip_parameters = tuple(p.name for p in PARAMETERS if p.name not in (*_NO_FLIPS, "M_R"))
    references = (
        "Olson, M., Zeckhauser, R. (1966). An economic theory of alliances. Review of Economics and Statistics 48(3), 266-279.",
        "Bergstrom, T., Blume, L., Varian, H. (1986). On the private provision of public goods. Journal of Public Economics 29(1), 25-49.",
        "Warr, P. G. (1983). The private provision of a public good is independent of the distribution of income. Economics Letters 13(2-3), 207-211.",
        "Sandler, T., Hartley, K. (2001). Economics of alliances: the lessons for collective action. Journal of Economic Literature 39(3), 869-896.",
        "Tullock, G. (1980). Efficient rent seeking. In Buchanan, Tollison & Tullock (eds.), Toward a Theory of the Rent-Seeking Society, 97-112.",
        "Hirshleifer, J. (1989). Conflict and rent-seeking success functions: ratio vs. difference models of relative success. Public Choice 63(2), 101-112.",
        "Jervis, R. (1976). Perception and Misperception in International Politics. Princeton University Press, ch. 3.",
        "Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400.",
        "Mearsheimer, J. J. (1983). Conventional Deterrence. Cornell University Press.",
        "Shapley, L. S., Shubik, M. (1954). A method for evaluating the distribution of power in a committee system. American Political Science Review 48(3), 787-792.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
        "IISS (2025). The Military Balance 2025; SIPRI Military Expenditure Database (2025 release, 2024 data).",
    )

    # ------------------------------------------------------------------ games
    def symbolic_games(self) -> dict[str, gt.ContinuousGame]:
        """The four public-good games and Russia's reaction game, with the parameters as symbols."""
        return {**_games(), "russia": _russia_game()}

    def build(self, values: Mapping[str, Fraction]) -> dict[str, gt.ContinuousGame]:
        """The four public-good games at the given values (numeric, no parameters left)."""
        return {key: _games()[key].substitute(_game_values(key, values)) for key in _GAME_KEYS}

    def russia_response(self, values: Mapping[str, Fraction], capability: Any) -> gt.ContinuousResult:
        """Russia's best response (engine, exact) to allied capability ``capability`` (without the US)."""
        game_vals = {"v_R": values["v_R"], "b_US": values["b_US"], "C": capability, "U_US": values["U_US"]}
        return gt.solve_continuous(_russia_game(), game_vals)

    def _response(self, values: Mapping[str, Fraction], capability: Fraction) -> Any:
        """Russia's best response in closed form (:func:`russia_best_response`), the engine's
        (:meth:`russia_response`) where the closed form cannot decide."""
        return (russia_best_response(values["v_R"], Fraction(capability), values["b_US"], values["U_US"])
                or self.russia_response(values, capability))

    # ------------------------------------------------------------------ analysis
    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        vals = dict(values)
        sols: dict[str, Any] = {}
        for key in _GAME_KEYS:  # closed form, certified exactly; the engine where the certificate fails
            sols[key] = public_good_equilibrium(key, vals) or gt.solve_continuous(self.build(vals)[key])
        notes = [f"{key}: {d}" for key, s in sols.items() for d in s.diagnostics]
        for key, s in sols.items():
            if not s.exact:
                notes.append(f"{key}: equilibrium verified numerically only (floats)")
        sq, eu, bloc, pair = (sols[k] for k in _GAME_KEYS)
        gdp = {name: vals[f"Y_{c}"] for name, c in ALLIES}
        eu_names = [name for name, _ in EUROPEANS]
        y_eu = sum(gdp[n] for n in eu_names)

        sq_total = sum(sq.choices.values())
        s0 = sum(sq.choices[n] for n in eu_names)
        eu_total = sum(eu.choices.values())
        w_bloc = bloc.choices["Europe"]
        sq_contrib = [n for n in sq.active if sq.active[n] != "lower"]
        eu_contrib = [n for n in eu.active if eu.active[n] != "lower"]

        # capability: E per status-quo European budget (E is primary; spending converts at this rate)
        per_bn = vals["E"] / s0 if s0 > 0 else Fraction(0)
        x0 = vals["E"]
        x1 = per_bn * w_bloc if s0 > 0 else x0
        if s0 == 0:
            notes.append("Europe spends nothing in the status quo: its spending cannot be converted into "
                         "capability, so rearmament is taken to add none")
        k_ua, c_r = vals["K_UA"], vals["c_R"]
        react0 = self._response(vals, x0 + k_ua)
        react1 = self._response(vals, x1 + k_ua)
        for tag, rr in (("Russia's response today", react0), ("Russia's response to rearmament", react1)):
            notes.extend(f"{tag}: {d}" for d in rr.diagnostics)
            if not rr.exact:
                notes.append(f"{tag}: verified numerically only (floats)")
        r0, r1 = _num(react0.choices["Russia"]), _num(react1.choices["Russia"])
        fv = {k: float(v) for k, v in vals.items()}
        p0: Any = _p(_f(r0), float(x0 + k_ua), fv["b_US"], fv["U_US"])
        p1: Any = _p(_f(r1), float(x1 + k_ua), fv["b_US"], fv["U_US"])
        if isinstance(r0, Fraction):
            p0 = self._p_exact(r0, Fraction(x0 + k_ua), vals)
        if isinstance(r1, Fraction):
            p1 = self._p_exact(r1, Fraction(x1 + k_ua), vals)
        nuclear = _nuclear(vals)
        key = _verdict(p0, p1, c_r, nuclear)
        self._remember(vals, p0, p1)

        # with the US certainly out / certainly in (floats: what-if rows, not the verdict)
        v_r, u = fv["v_R"], fv["U_US"]
        us_rows = {}
        for label, b in (("us_out", 0.0), ("as_assumed", fv["b_US"]), ("us_in", 1.0)):
            rt, pt = _p_at_response(v_r, float(x0 + k_ua), b, u)
            rr_, pr = _p_at_response(v_r, float(x1 + k_ua), b, u)
            need = _capability_needed(v_r, float(k_ua), b, u, fv["c_R"])
            us_rows[label] = {
                "b_US": b, "russia_spending_today": rt * fv["M_R"], "p_today": pt,
                "russia_spending_rearmed": rr_ * fv["M_R"], "p_rearmed": pr,
                "verdict": _verdict(pt, pr, fv["c_R"], float(nuclear)),
                "capability_needed": need,
                "spending_needed": None if need is None or per_bn == 0 else need / float(per_bn),
            }

        margin = min(abs(float(p0) - fv["c_R"]), abs(float(p1) - fv["c_R"]))
        if margin < 0.01:
            notes.append(f"knife-edge: Russia's chance of prevailing is within {readable(margin, 'probability')} "
                         f"of its cost of war ({readable(fv['c_R'])}); a small change in any assumption flips "
                         "the verdict")
        notes.append("Russia's reaction is a best response to Europe's forces (Europe does not anticipate it; "
                     "no arms-race equilibrium): unique, the objective being strictly concave in R")

        empty: dict[str, Any] = {"deters": [], "shapley_shubik": None, "banzhaf": None, "veto": [],
                                 "core_empty": None, "least_core_epsilon": None, "least_core": None}
        separate = pooled = empty
        weights_sep = {"US": vals["U_US"], **{n: per_bn * eu.choices[n] for n in eu_names}}
        weights_bloc = {"US": vals["U_US"], "Europe": x1}
        if k_ua > 0:
            weights_sep["Ukraine"] = k_ua
            weights_bloc["Ukraine"] = k_ua
        quota = None
        if 0 < c_r < 1:
            quota = (1 - c_r) / c_r * Fraction(_f(r0)).limit_denominator(10**6)
            separate = _voting(quota, weights_sep)
            pooled = _voting(quota, weights_bloc)

        quantities: dict[str, Any] = {
            # capability, not spending
            "europe_spending_today": s0,
            "market_rate_ratio": s0 / vals["M_R"],
            "russia_spending_ppp": vals["ppp_R"] * vals["M_R"],
            "ppp_ratio": s0 / (vals["ppp_R"] * vals["M_R"]),
            "europe_capability_today": x0,
            "europe_capability_rearmed": x1,
            "implied_enabler_factor": vals["E"] * vals["ppp_R"] * vals["M_R"] / s0 if s0 > 0 else None,
            "ukraine_capability": k_ua,
            # Russia's reaction and deterrence
            "russia_response_today": r0,
            "russia_response_rearmed": r1,
            "russia_spending_today": _f(r0) * fv["M_R"],
            "russia_spending_rearmed": _f(r1) * fv["M_R"],
            "russia_reaction": "spiral" if _f(r1) > _f(r0) else ("restraint" if _f(r1) < _f(r0) else "none"),
            "p_today": p0,
            "p_rearmed": p1,
            "nuclear_expected_cost": nuclear,
            "war_payoff_today": (p0 - c_r - nuclear) if isinstance(p0, Fraction) else float(p0) - float(c_r + nuclear),
            "us_in_or_out": us_rows,
            # burden sharing
            "status_quo_spending": dict(sq.choices),
            "status_quo_total": sq_total,
            "status_quo_above_floor": sq_contrib,
            "spending_share_of_gdp": {n: sq.choices[n] / gdp[n] for n in sq.choices},
            "us_share_of_spending": sq.choices["US"] / sq_total,
            "us_share_of_gdp": gdp["US"] / sum(gdp.values()),
            "europe_alone_spending": dict(eu.choices),
            "europe_alone_total": eu_total,
            "europe_alone_above_floor": eu_contrib,
            "bloc_spending": w_bloc,
            "bloc_share_of_gdp": w_bloc / y_eu,
            "us_spending_with_bloc": pair.choices["US"],
            "bloc_spending_with_us": pair.choices["Europe"],
            "europe_rise_separate": eu_total - s0,
            "europe_rise_bloc": w_bloc - s0,
            # who is needed (capability-weighted voting; quantities only)
            "denial_quota": quota,
            "power_separate": separate,
            "power_bloc": pooled,
        }
        equilibrium = {
            key_: {"spending": dict(s.choices), "active": dict(s.active), "exact": s.exact,
                   "max_regret": s.max_regret}
            for key_, s in sols.items()
        }
        equilibrium["russia_today"] = {"R": r0, "active": dict(react0.active), "exact": react0.exact}
        equilibrium["russia_rearmed"] = {"R": r1, "active": dict(react1.active), "exact": react1.exact}
        o = self.outcome(key)
        return ModelResult(
            model=self.name,
            values=vals,
            outcome=o,
            statement=self._statement(o, vals, quantities, notes),
            equilibrium=equilibrium,
            quantities=quantities,
            method="exact KKT certificates: four public-good games (contributor condition) and Russia's best "
                   "response (exact root), solve_continuous where a certificate fails; weighted voting in "
                   "capability (Shapley-Shubik, Banzhaf, least core)",
            diagnostics=tuple(notes),
        )

    @staticmethod
    def _p_exact(r: Fraction, c: Fraction, vals: Mapping[str, Fraction]) -> Fraction:
        b, u = vals["b_US"], vals["U_US"]
        alone = r / (r + c) if r + c > 0 else Fraction(1)
        return (1 - b) * alone + b * r / (r + c + u)

    def _statement(self, o: Outcome, vals: Mapping[str, Fraction], q: Mapping[str, Any],
                   notes: Sequence[str]) -> str:
        c_r = _pct(min(vals["c_R"], 1))
        b = _pct(vals["b_US"])
        rs0, rs1 = _bn(q["russia_spending_today"]), _bn(q["russia_spending_rearmed"])
        p0, p1 = _pct(q["p_today"]), _pct(q["p_rearmed"])
        bloc = f"{_bn(q['bloc_spending'])} bn a year ({_pct(q['bloc_share_of_gdp'])} of its GDP)"
        reaction = ("raising its own budget: a spiral" if q["russia_reaction"] == "spiral"
                    else "cutting its own budget: it gives up the race" if q["russia_reaction"] == "restraint"
                    else "keeping its budget")
        out = q["us_in_or_out"]["us_out"]
        if o.key == "denial":
            why = (f"Russia, adjusting its spending to the alliance it faces ({rs0} bn USD a year), would prevail "
                   f"with probability {p0}, below the {c_r} it needs to cover its cost of war, "
                   f"with the US fighting with probability {b}")
            if out["verdict"] != "denial":
                why += (f". With the US certainly out Russia's chance would be {_pct(out['p_today'])}: "
                        + self._what_it_takes(out))
        elif o.key == "needs_rearmament":
            why = (f"as things stand Russia, spending {rs0} bn USD a year, would prevail with probability {p0}, "
                   f"above the {c_r} it needs to cover its cost of war (US fights with probability {b}); pooled as one "
                   f"bloc Europe would spend {bloc}, Russia would answer with {rs1} bn ({reaction}), and its "
                   f"chance falls to {p1}; {self._what_it_takes(q['us_in_or_out']['as_assumed'])}."
                   f" Until then deterrence rests on the nuclear threat"
                   + (" (an expected cost to Russia of " + readable(q["nuclear_expected_cost"]) + " stake units)"
                      if q["p_today"] - vals["c_R"] <= q["nuclear_expected_cost"] else ", which does not cover "
                      "the gap: a window of vulnerability"))
        elif o.key == "nuclear_reliant":
            why = (f"even pooled as one bloc ({bloc}) Europe leaves Russia, answering with {rs1} bn USD a year, a "
                   f"{p1} chance of prevailing, above the {c_r} it needs to cover its cost of war; Russia is held back only "
                   f"by an expected nuclear cost of {readable(q['nuclear_expected_cost'])} stake units (French/UK "
                   f"resolve {_pct(vals['r_FUK'])}, US umbrella {_pct(vals['u_US'])})")
        else:
            why = (f"Russia would prevail with probability {p0} as things stand and {p1} after a pooled European "
                   f"rearmament ({bloc}), and the expected nuclear cost of "
                   f"{readable(q['nuclear_expected_cost'])} stake units does not outweigh its gain")
        text = f"{o.headline}: {why}."
        text += (f" Capability, not spending: Europe's {_bn(q['europe_spending_today'])} bn is "
                 f"{readable(q['market_rate_ratio'])}x Russia's {_bn(vals['M_R'])} bn at market rates but "
                 f"{readable(q['ppp_ratio'])}x its {_bn(q['russia_spending_ppp'])} bn at purchasing-power parity; "
                 f"the model counts Europe at {readable(vals['E'])}x Russia's combat power"
                 + (f", Ukraine at {readable(vals['K_UA'])}x" if vals["K_UA"] > 0 else "") + ".")
        text += (f" The US pays {_pct(q['us_share_of_spending'])} of allied defence with "
                 f"{_pct(q['us_share_of_gdp'])} of allied GDP.")
        if any(n.startswith("knife-edge") for n in notes):
            text += " Knife-edge: the verdict sits within one percentage point of flipping."
        return text

    @staticmethod
    def _what_it_takes(row: Mapping[str, Any]) -> str:
        need = row["capability_needed"]
        if need is None:
            return "no European capability within 50x Russia's would deny it"
        if need == 0:
            return "Ukraine and the US alone would deny it"
        spend = row["spending_needed"]
        return (f"denial then needs European combat power of {readable(need)}x Russia's"
                + (f" (about {_bn(spend)} bn USD a year at today's conversion)" if spend is not None else ""))

    # ------------------------------------------------------------------ flips
    def _remember(self, values: Mapping[str, Fraction], p0: Any, p1: Any) -> None:
        """Keep Russia's exact chances of prevailing at a point for :meth:`flip_points`."""
        memo: dict[Any, Any] = self.__dict__.setdefault("_p_memo", {})
        if len(memo) > 64:
            memo.clear()
        memo[tuple(sorted(values.items()))] = (p0, p1)

    def _chances(self, values: Mapping[str, Fraction]) -> tuple[Any, Any]:
        key = tuple(sorted(values.items()))
        memo: dict[Any, Any] = self.__dict__.setdefault("_p_memo", {})
        if key not in memo:
            self.analyse(values)
        return memo[key]

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def _rearmed_ratio(a: float, f: float, incomes: tuple[float, ...]) -> float | None:
        """Bloc spending over status-quo European spending (None: Europe spends nothing today)."""
        sq = _floor_equilibrium(a, f, list(incomes))
        s0 = sum(sq[1:])
        if s0 <= 0:
            return None
        # the bloc game is the same public-good game with one player, GDP the European sum
        (w_bloc,) = _floor_equilibrium(a, f, [sum(incomes[1:])])
        return w_bloc / s0

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome by the float path (:meth:`_fast_outcome`) where every comparison of the
        verdict is decided by more than 1e-9; the engine's analysis where one is closer."""
        fv = {k: float(v) for k, v in values.items()}
        incomes = tuple(fv[f"Y_{c}"] for _, c in ALLIES)
        ratio = self._rearmed_ratio(fv["a"], fv["f"], incomes)
        x1 = fv["E"] * ratio if ratio is not None else fv["E"]
        _, p0 = _p_at_response(fv["v_R"], fv["E"] + fv["K_UA"], fv["b_US"], fv["U_US"])
        _, p1 = _p_at_response(fv["v_R"], x1 + fv["K_UA"], fv["b_US"], fv["U_US"])
        margins = (p0 - fv["c_R"], p1 - fv["c_R"], min(p0, p1) - fv["c_R"] - _nuclear(fv))
        if min(abs(m) for m in margins) <= 1e-9:
            return self.analyse(values).outcome.key
        return _verdict(p0, p1, fv["c_R"], _nuclear(fv))

    def _fast_outcome(self, values: Mapping[str, Any]) -> str:
        """The outcome in floats: the public-good games by their contributor condition
        (:func:`_floor_equilibrium`, tested against the engine), Russia's best response by bisection."""
        fv = {k: float(v) for k, v in values.items()}
        incomes = tuple(fv[f"Y_{c}"] for _, c in ALLIES)
        ratio = self._rearmed_ratio(fv["a"], fv["f"], incomes)
        x1 = fv["E"] * ratio if ratio is not None else fv["E"]
        c0, c1 = fv["E"] + fv["K_UA"], x1 + fv["K_UA"]
        _, p0 = _p_at_response(fv["v_R"], c0, fv["b_US"], fv["U_US"])
        _, p1 = _p_at_response(fv["v_R"], c1, fv["b_US"], fv["U_US"])
        return _verdict(p0, p1, fv["c_R"], fv["e"] * (fv["r_FUK"] * fv["D_FUK"] + fv["u_US"] * fv["D_US"]))

    def _closed_form_flips(self, values: Mapping[str, Fraction], current: str, name: str) -> list[Flip]:
        """Flips of ``c_R`` and of the nuclear parameters, which leave Russia's chances ``p0``, ``p1``
        unchanged: the verdict's conditions ``p <= c_R`` and ``min(p0, p1) - c_R <= N`` solved for
        the parameter (``N = e (r_FUK D_FUK + u_US D_US)`` is linear in each). Exact when the
        chances are rational; otherwise to 1e-30 (the chances are algebraic numbers)."""
        p0, p1 = self._chances(values)
        approx = not (isinstance(p0, Fraction) and isinstance(p1, Fraction))
        p0, p1 = _frac(p0), _frac(p1)
        v = dict(values)

        def verdict(x: Fraction) -> str:
            w = {**v, name: x}
            return _verdict(p0, p1, w["c_R"], _nuclear(w))

        if name == "c_R":
            cands = [p0, p1, min(p0, p1) - _nuclear(v)]
        else:
            lin = {"e": v["r_FUK"] * v["D_FUK"] + v["u_US"] * v["D_US"], "r_FUK": v["e"] * v["D_FUK"],
                   "D_FUK": v["e"] * v["r_FUK"], "u_US": v["e"] * v["D_US"], "D_US": v["e"] * v["u_US"]}[name]
            if lin == 0:
                return []
            rest = _nuclear(v) - lin * v[name]
            cands = [(min(p0, p1) - v["c_R"] - rest) / lin]
        p = self.parameter(name)
        lo = Fraction(p.lower) if p.lower is not None else Fraction(-10**6)
        hi = Fraction(p.upper) if p.upper is not None else Fraction(10**6)
        x0 = v[name]
        cands = sorted({c for c in cands if lo <= c <= hi})
        acc = Fraction(1, 10**30) if approx else Fraction(0)
        out: list[Flip] = []
        ups = [c for c in cands if c > x0]
        for i, c in enumerate(ups):  # nearest first; the region beyond c runs to the next candidate
            beyond = (c + (ups[i + 1] if i + 1 < len(ups) else hi)) / 2 if c < hi else c
            to = next((o for o in (verdict(beyond), verdict(c)) if o != current), None)
            if to is not None:
                out.append(Flip(name, c, "up", to, exact=not approx, accuracy=acc))
                break
        downs = [c for c in reversed(cands) if c <= x0]
        for i, c in enumerate(downs):
            below = (c + (downs[i + 1] if i + 1 < len(downs) else lo)) / 2 if c > lo else c
            if verdict(below) != current:
                out.append(Flip(name, c, "down", verdict(below), exact=not approx, accuracy=acc))
                break
        return out

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: closed forms for ``c_R`` and the nuclear parameters
        (:meth:`_closed_form_flips`); the others scanned and bisected in floats
        (:meth:`_fast_outcome`), as before."""
        out: list[Flip] = []
        for p in self.parameters:
            if p.name not in self.searched_parameters():
                continue
            if p.name in _CLOSED:
                out.extend(self._closed_form_flips(values, current, p.name))
            else:
                out.extend(fast_flips(self, values, p, current, self._fast_outcome, exact_key=self._fast_outcome))
        return out


#: Parameters whose flips :meth:`Alliance._closed_form_flips` gives in closed form.
_CLOSED = ("c_R", "e", "r_FUK", "D_FUK", "u_US", "D_US")


def _frac(x: Any) -> Fraction:
    """An exact chance as a Fraction (algebraic numbers to 40 significant digits)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, float):  # 40 significant digits of the float's exact binary value
        with decimal.localcontext() as ctx:
            ctx.prec = 40
            return Fraction(+decimal.Decimal(x))
    if isinstance(x, AlgebraicPoint):
        a = x.refine(Fraction(1, 10**40) * max(Fraction(1), abs(x.lo)))
        return (a.lo + a.hi) / 2
    import sympy

    return Fraction(str(sympy.N(x, 40)))
