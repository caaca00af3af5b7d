"""Ceasefire durability: caps on both armies, noisy verification and a guarantor of uncertain resolve.

A repeated game between Russia and Ukraine after a ceasefire. Each year each side **complies**
with its cap or **rearms**. Stage payoffs per year (stake units, the ceasefire's peace is 0):

* both comply: ``(0, 0)``;
* one side rearms alone: it gains ``g_i``, the side that complied loses ``a_j + edge``;
* both rearm (a race): each pays ``a_i``.

``edge >= 0`` and ``g_i >= 0`` make the race a stage equilibrium (a prisoner's dilemma). Russia's
gain from rearming alone grows with its rebuilt strength and shrinks when a committed guarantor
(a European reassurance force, with the US behind it or not) stands behind Ukraine:
``g_R = g*rebuild*(1 - pi*shield)``; Ukraine's gain grows with how far the cap cuts its army:
``g_U = gain_U*max(0, army - cap)/army``.

**Monitoring** is imperfect (Green & Porter 1984): a violation by a side is detected with
probability ``q``; a false alarm about a side that complied occurs with probability ``f``
(each side, each year, independently). **Trigger strategy**: comply while no signal; any
signal starts a punishment phase of ``T`` years of race, after which both return to the caps.
Per year the phase starts with probability ``b0 = 1 - (1 - f)^2`` on the path and
``b1 = 1 - (1 - q)(1 - f)`` after a violation. With average (normalised) values and no crisis
ending in war, compliance is a best reply for side ``i`` iff (the one-shot deviation condition)

``g_i*(1 - delta + delta*b0*(1 - delta^T)) <= delta*(b1 - b0)*(1 - delta^T)*a_i``,

equivalently ``(delta + ... + delta^T)*((1 - f)(q - f)*a_i - g_i*b0) >= g_i``: the critical
discount factor rises as detection ``q`` falls and as false alarms ``f`` rise, and no finite
punishment sustains the caps when ``q <= f``. The profile is verified exactly by the engine as
a stationary equilibrium of the stochastic game whose states are the ceasefire, the crises (by
guarantor type), the race years and renewed war (:func:`gametheory.dynamic.stochastic.one_shot_deviation`); with perfect
monitoring the same trigger is Abreu's stick-and-carrot automaton, whose critical discount
factor :func:`gametheory.dynamic.repeated.check_automaton` computes.

**Guarantor** (its resolve a type): a European reassurance force, committed with probability
``pi``. A committed guarantor adds ``h`` a year to the cost of renewed war. Russia's yearly value
of war grows with its rebuilt strength and with how far the cap cuts Ukraine's army:
``w_u = war_gain*rebuild*(2 - min(cap, army)/army) - c_war`` against an uncommitted guarantor,
``w_c = w_u - h`` against a committed one.

**Crises**: a signal opens a crisis (the first year of the punishment phase) in which the
guarantor's type shows; Russia then races for ``T`` years and returns to the caps, or renews
the war (absorbing) when that is worth more to it than the race and the return. With ``rho``
the probability that a crisis ends in war (``pi``-weighted over the types Russia fights),
Russia's average value of the ceasefire is
``V_C = delta*b0*(E[w; war] - (1 - rho)*(1 - delta^T)*a_R) / (1 - delta + delta*b0 - delta*b0*(1 - rho)*delta^T)``,
and the escalation choices must be consistent with it. Compliance is a best reply for side
``i`` iff ``delta*(b1 - b0)*(V_C - V_crisis) >= (1 - delta)*g_i``; when no crisis escalates this
is the condition above. Before the ceasefire starts Russia, not knowing the type, renews the
war at once if ``pi*w_c + (1 - pi)*w_u`` beats the ceasefire (or the race, when the caps
cannot be sustained).

**Survival**: the caps survive ``t`` years uninterrupted with probability ``(1 - b0)^t``; the
ceasefire survives (no renewed war) with the probability of a Markov chain over the ceasefire
and the race years, where each crisis turns into war with probability ``rho``. Outcomes: renewed
war at once; a rearmament race (caps not sustainable); a fragile peace (caps sustained, but the
crises false alarms open end in war often enough that the ceasefire survives the ``horizon``
with probability below ``durable``); a durable peace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.dynamic.stochastic import StochasticGame, one_shot_deviation
from gametheory.errors import GameError
from gametheory.modeling import Flip, Model, ModelResult, Outcome
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flip_points
from gametheory.symbolic import Parameter

_ILL = "illustrative assumption"
#: Leeds (2003): about 75% of alliance commitments were honoured when invoked.
TREATY_BASE_RATE = Fraction(3, 4)

PARAMETERS = (
    Parameter("delta", "weight of next year relative to this one (discount factor)", "9/10", 0, 1,
              lower_open=True, upper_open=True, unit="discount factor", source=_ILL),
    Parameter("T", "length of the punishment phase (race) a signal starts", 2, 1, 30, unit="years",
              source=_ILL + " (Green & Porter 1984 trigger strategy)"),
    Parameter("q", "probability that a violation of a cap is detected in the year it happens", "1/2", 0, 1,
              unit="probability", source="policy option (verification regime); " + _ILL),
    Parameter("f", "probability of a false alarm about a side that kept its cap, per side and year",
              "1/20", 0, 1, unit="probability", source="policy option (verification regime); " + _ILL),
    Parameter("g", "Russia's yearly gain from rearming while Ukraine keeps its cap, at today's strength",
              "1/2", 0, 10, unit="stake units per year", source=_ILL),
    Parameter("rebuild", "Russia's military strength after the pause relative to today", 1, "1/4", 4,
              unit="ratio", source=_ILL),
    Parameter("shield", "share of Russia's gain from rearming that a committed guarantor neutralises", "1/2",
              0, 1, unit="share", source=_ILL + " (Fortna 2003: peacekeepers raise the cost of defection)"),
    Parameter("pi", "probability that the guarantor (a European reassurance force) is committed, as Moscow "
              "judges it", "2/3", 0, 1, unit="probability",
              source=_ILL + "; base rate about 75% of commitments honoured (Leeds 2003)"),
    Parameter("gain_U", "Ukraine's yearly gain from rearming back to its present army while Russia keeps "
              "its cap", 1, 0, 10, unit="stake units per year", source=_ILL),
    Parameter("army", "Ukraine's present army", 880, 50, 1500, unit="thousand troops",
              source="President Zelensky, 15 Jan 2025 (about 880,000 under arms)"),
    Parameter("cap", "cap on Ukraine's army in the ceasefire", 600, 0, 1500, unit="thousand troops",
              source="US 28-point draft plan, Nov 2025 (600,000); European counter-proposal 800,000"),
    Parameter("a_R", "Russia's yearly cost of an arms race", 1, 0, 10, unit="stake units per year", source=_ILL),
    Parameter("a_U", "Ukraine's yearly cost of an arms race", 1, 0, 10, unit="stake units per year", source=_ILL),
    Parameter("edge", "extra yearly loss of a side that keeps its cap while the other rearms", "1/2", 0, 10,
              unit="stake units per year", source=_ILL),
    Parameter("war_gain", "Russia's yearly gain from renewed war at today's strength against an uncapped Ukraine",
              "1/5", 0, 10,
              unit="stake units per year", source=_ILL),
    Parameter("c_war", "Russia's yearly cost of renewed war", "1/2", 0, 10, unit="stake units per year",
              source=_ILL),
    Parameter("war_loss_U", "Ukraine's yearly loss in a renewed war", 2, 0, 10, unit="stake units per year",
              source=_ILL),
    Parameter("h", "extra yearly cost a committed guarantor adds to a renewed Russian war", 1, 0, 10,
              unit="stake units per year", source=_ILL),
    Parameter("horizon", "years over which durability is judged", 10, 1, 50, unit="years", source=_ILL),
    Parameter("durable", "probability of no renewed war over the horizon that counts as a durable peace", "4/5", 0, 1,
              unit="probability", source=_ILL + " (a convention: four chances in five of lasting)"),
)


def _guarantor(w: Mapping[str, Fraction]) -> Fraction:
    """The reassurance force is committed if France/UK stand firm or the US backs it; Ukraine in the
    alliance makes it a treaty guarantee, honoured at least at the historical base rate."""
    base = 1 - (1 - w["fuk_resolve"]) * (1 - w["us_backing"])
    return max(base, TREATY_BASE_RATE) if w["ukraine_in_alliance"] else base


WORLD_LINKS = (
    link("army", "ukraine_army", "Ukraine's present army, against which the cap binds"),
    link("cap", "ceasefire_cap", "the cap proposed in the ceasefire"),
    link("rebuild", "russia_rebuild", "Russia's strength after the pause scales its gains from rearming and war"),
    WorldLink("pi", ("fuk_resolve", "us_backing", "ukraine_in_alliance"), _guarantor,
              "committed if France/UK stand firm or the US backs the force: 1 - (1 - fuk_resolve)(1 - us_backing); "
              "with Ukraine in the alliance at least 3/4 (Leeds 2003 base rate)"),
    WorldLink("c_war", ("russia_war_cost",), lambda w: w["russia_war_cost"],
              "Russia's cost of war, read as a yearly cost of fighting on"),
)

OUTCOMES = (
    Outcome("durable_peace", "Durable peace: both sides keep their caps and false alarms rarely break it",
            "Under the trigger strategy each side's gain from secretly rearming is smaller than the expected "
            "cost of the punishment phase a detected violation starts, and false alarms are rare enough that "
            "the ceasefire more likely than not survives the horizon (Green & Porter 1984; Fortna 2003)."),
    Outcome("fragile_peace", "Fragile peace: the caps hold in equilibrium, but false alarms are likely to end "
            "the ceasefire",
            "Compliance is an equilibrium, yet the noisy verification that deters violations also triggers "
            "punishment phases (arms races) after false alarms; the statement gives the yearly breakdown "
            "probability (Green & Porter 1984: price wars on the equilibrium path)."),
    Outcome("rearmament_race", "Rearmament race: the caps cannot be sustained",
            "For at least one side the gain from rearming now exceeds the expected cost of the punishment "
            "that detection makes likely: detection is too poor, punishment too short, or the future weighs "
            "too little, so both rearm."),
    Outcome("renewed_war", "Renewed war: Russia does better fighting on than under the ceasefire",
            "Russia's expected value of renewed war, net of the cost a possibly committed guarantor adds, "
            "exceeds what the ceasefire (or the race) is worth to it."),
)


def _int(x: Any) -> int:
    return int(x // 1)


def stage_gains(v: Mapping[str, Any]) -> tuple[Any, Any]:
    """Russia's and Ukraine's yearly gains from rearming while the other keeps its cap."""
    g_r = v["g"] * v["rebuild"] * (1 - v["pi"] * v["shield"])
    g_u = v["gain_U"] * max(v["army"] * 0, v["army"] - v["cap"]) / v["army"]
    return g_r, g_u


def signal_rates(v: Mapping[str, Any]) -> tuple[Any, Any]:
    """Yearly probability that a punishment phase starts: on the path (``b0``) and after one
    side's violation (``b1``)."""
    q, f = v["q"], v["f"]
    return 1 - (1 - f) ** 2, 1 - (1 - q) * (1 - f)


def war_values(v: Mapping[str, Any]) -> tuple[Any, Any]:
    """Russia's yearly value of renewed war against a committed and an uncommitted guarantor."""
    base = v["war_gain"] * v["rebuild"] * (2 - min(v["cap"], v["army"]) / v["army"]) - v["c_war"]
    return base - v["h"], base


def war_value(v: Mapping[str, Any]) -> Any:
    """Russia's yearly value of renewed war before it knows the guarantor's type."""
    w_c, w_u = war_values(v)
    return v["pi"] * w_c + (1 - v["pi"]) * w_u


@dataclass(frozen=True)
class Regime:
    """Average values under the trigger strategy when crises escalate as ``escalate`` says
    (war against a committed / an uncommitted guarantor)."""

    escalate: tuple[bool, bool]
    rho: Any
    ceasefire: tuple[Any, Any]
    race: tuple[Any, Any]
    crisis: tuple[Any, Any]


def regime(v: Mapping[str, Any], escalate: tuple[bool, bool]) -> Regime:
    """Closed-form average values (Russia, Ukraine) of the ceasefire, of a crisis and of its race,
    given which guarantor types Russia answers with war: ``V_C = d*b0*(E[crisis payoff stream
    terms]) / (1 - d + d*b0 - d*b0*(1 - rho)*d^T)``."""
    d, T, pi = v["delta"], _int(v["T"]), v["pi"]
    b0, _ = signal_rates(v)
    dT = d ** T
    w_c, w_u = war_values(v)
    e_c, e_u = escalate
    rho = pi * e_c + (1 - pi) * e_u
    wbar = pi * e_c * w_c + (1 - pi) * e_u * w_u
    den = 1 - d + d * b0 - d * b0 * (1 - rho) * dT
    war_u = -v["war_loss_U"]
    vr = d * b0 * (wbar - (1 - rho) * (1 - dT) * v["a_R"]) / den
    vu = d * b0 * (rho * war_u - (1 - rho) * (1 - dT) * v["a_U"]) / den
    rr, ru = -(1 - dT) * v["a_R"] + dT * vr, -(1 - dT) * v["a_U"] + dT * vu
    return Regime((bool(e_c), bool(e_u)), rho, (vr, vu), (rr, ru), (wbar + (1 - rho) * rr, rho * war_u + (1 - rho) * ru))


def crisis_regime(v: Mapping[str, Any]) -> Regime:
    """The escalation choices consistent with their own values: Russia answers a crisis with war
    against a guarantor type iff war is worth more to it than the race and the return to the caps."""
    w = war_values(v)
    for esc in ((False, False), (False, True), (True, True), (True, False)):
        r = regime(v, esc)
        if all((wx > r.race[0]) == e for wx, e in zip(w, esc)):
            return r
    raise GameError("model durability: no consistent escalation choice")  # pragma: no cover - w_c <= w_u


def compliance_margins(v: Mapping[str, Any], r: Regime | None = None) -> tuple[Any, Any]:
    """``d*(b1 - b0)*(V_C - V_crisis) - (1 - d)*g_i`` for Russia and Ukraine: compliance is a best
    reply for side ``i`` iff its margin is at least 0 (the one-shot deviation condition)."""
    r = r or crisis_regime(v)
    d = v["delta"]
    b0, b1 = signal_rates(v)
    return tuple(d * (b1 - b0) * (c - k) - (1 - d) * g
                 for g, c, k in zip(stage_gains(v), r.ceasefire, r.crisis))


def critical_delta_no_escalation(v: Mapping[str, Any]) -> Any:
    """Green & Porter's threshold when crises never escalate: the smallest ``delta`` with
    ``(delta + ... + delta^T)*((1 - f)(q - f)*a_i - g_i*b0) >= g_i`` for both sides (a Fraction, or
    an algebraic number when irrational), or None when no discount factor below 1 suffices."""
    from flint import fmpq, fmpq_poly

    from gametheory.extensive.univariate import real_roots

    T = _int(v["T"])
    b0, b1 = signal_rates(v)
    ks = []
    for g, a in zip(stage_gains(v), (v["a_R"], v["a_U"])):
        den = (b1 - b0) * a - g * b0
        if g == 0:
            ks.append(Fraction(0))
        elif den <= 0:
            return None
        else:
            ks.append(Fraction(g) / Fraction(den))
    k = max(ks)
    if k == 0:
        return Fraction(0)
    if k >= T:
        return None
    return real_roots(fmpq_poly([fmpq(-k.numerator, k.denominator)] + [1] * T), Fraction(0), Fraction(1))[0]


def critical_delta(v: Mapping[str, Any]) -> Any:
    """The smallest discount factor at which both sides keep their caps: the exact no-escalation
    threshold when crises do not escalate there, else a float found by scan and bisection."""
    exact = critical_delta_no_escalation(v)
    if isinstance(exact, Fraction):
        at: dict[str, Any] = {**v, "delta": exact}
        if exact > 0 and crisis_regime(at).rho == 0 and all(x >= 0 for x in compliance_margins(at)):
            return exact
    elif exact is not None:  # irrational: check in floats just above it
        at = {k: float(x) for k, x in v.items()}
        at["delta"] = float(exact) + 1e-12
        if crisis_regime(at).rho == 0:
            return exact
    fv = {k: float(x) for k, x in v.items()}

    def ok(d: float) -> bool:
        w = {**fv, "delta": d}
        return all(x >= 0 for x in compliance_margins(w))

    grid = [k / 400 for k in range(1, 400)]
    prev = None
    for x in grid:
        if ok(x):
            if prev is None:
                return x if exact is None else float(exact)
            lo, hi = prev, x
            for _ in range(50):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if ok(mid) else (mid, hi)
            return hi
        prev = x
    return None


def survival(v: Mapping[str, Any], rho: Any, sustainable: bool, war_now: bool) -> tuple[Any, ...]:
    """Probability that no war has been renewed after ``t = 1..horizon`` years: each year a signal
    (probability ``b0``) opens a crisis that turns into war with probability ``rho``; otherwise a
    race of ``T`` years follows and the caps return."""
    H, T = _int(v["horizon"]), _int(v["T"])
    one = v["delta"] * 0 + 1
    if war_now:
        return (one * 0,) * H
    if not sustainable:
        return (one,) * H if rho == 0 else (one * 0,) * H
    b0, _ = signal_rates(v)
    phase = [one] + [one * 0] * T  # mass in the ceasefire and in race years 1..T
    peace, out = one, []
    for _ in range(H):
        nxt = [one * 0] * (T + 1)
        nxt[0] += phase[0] * (1 - b0) + phase[T]
        crisis = phase[0] * b0
        for k in range(1, T):
            nxt[k + 1] += phase[k]
        peace -= crisis * rho
        nxt[1] += crisis * (1 - rho)
        phase = nxt
        out.append(peace)
    return tuple(out)


@dataclass(frozen=True)
class Durability:
    """The closed-form analysis at one point (Fractions or floats)."""

    regime: Regime
    margins: tuple[Any, Any]
    sustainable: bool
    war_value: Any
    peace_value: Any
    war: bool
    caps_survival: tuple[Any, ...]
    survival: tuple[Any, ...]

    def key(self, v: Mapping[str, Any]) -> str:
        if self.war:
            return "renewed_war"
        if not self.sustainable:
            return "rearmament_race"
        return "durable_peace" if self.survival[-1] >= v["durable"] else "fragile_peace"


def analyse_point(v: Mapping[str, Any]) -> Durability:
    """Solve the model at ``v`` in closed form (exact in Fractions, or in floats for the scan)."""
    r = crisis_regime(v)
    m = compliance_margins(v, r)
    ok = all(x >= 0 for x in m)
    peace = r.ceasefire[0] if ok else -v["a_R"]
    w = war_value(v)
    war = w > peace
    b0, _ = signal_rates(v)
    H = _int(v["horizon"])
    caps = tuple((1 - b0) ** t for t in range(1, H + 1)) if ok and not war else (v["delta"] * 0,) * H
    return Durability(r, m, ok, w, peace, war, caps, survival(v, r.rho, ok, war))


def stochastic_game(v: Mapping[str, Fraction]) -> StochasticGame:
    """The trigger strategy's state machine as an engine stochastic game.

    States: the ceasefire; a crisis against a committed and against an uncommitted guarantor
    (the first year of the punishment phase, where Russia may also renew the war); the other
    ``T - 1`` race years; renewed war against each guarantor type (absorbing). A signal moves
    the ceasefire into a crisis (the guarantor's type drawn with probability ``pi``).
    """
    T = _int(v["T"])
    g_r, g_u = stage_gains(v)
    a_r, a_u, e, loss = v["a_R"], v["a_U"], v["edge"], v["war_loss_U"]
    stage = [[[0, 0], [-(a_r + e), g_u]], [[g_r, -(a_u + e)], [-a_r, -a_u]]]
    q, f, pi = v["q"], v["f"], v["pi"]
    w_c, w_u = war_values(v)
    states = ["ceasefire", "crisis (committed)", "crisis (uncommitted)"] + \
        [f"race {k}" for k in range(2, T + 1)] + ["war (committed)", "war (uncommitted)"]
    n = len(states)
    after_race1 = 3 if T >= 2 else 0
    war_c, war_u = n - 2, n - 1

    def to(*pairs: tuple[int, Any]) -> list[Fraction]:
        row = [Fraction(0)] * n
        for t, p in pairs:
            row[t] += p
        return row

    pay: list[Any] = [stage]
    trans: list[Any] = []
    cease = []
    for r in (0, 1):
        row = []
        for u in (0, 1):
            sig = 1 - (1 - (q if r else f)) * (1 - (q if u else f))
            row.append(to((0, 1 - sig), (1, sig * pi), (2, sig * (1 - pi))))
        cease.append(row)
    trans.append(cease)
    for w, target in ((w_c, war_c), (w_u, war_u)):
        pay.append(stage + [[[w, -loss], [w, -loss]]])
        trans.append([[to((after_race1, 1)) for _ in (0, 1)] for _ in (0, 1)] + [[to((target, 1)), to((target, 1))]])
    for k in range(2, T + 1):
        pay.append(stage)
        nxt = 3 + k - 1 if k < T else 0
        trans.append([[to((nxt, 1)) for _ in (0, 1)] for _ in (0, 1)])
    for w, target in ((w_c, war_c), (w_u, war_u)):
        pay.append([[[w, -loss]]])
        trans.append([[to((target, 1))]])
    ca = ["comply", "rearm"]
    acts = [[ca, ca], [ca + ["war"], ca], [ca + ["war"], ca]] + [[ca, ca]] * (T - 1) + [[["war"], ["war"]]] * 2
    return StochasticGame(pay, trans, v["delta"], players=["Russia", "Ukraine"], states=states, actions=acts)


def trigger_profile(v: Mapping[str, Any], escalate: tuple[bool, bool] | None = None) -> list[list[int]]:
    """Comply in the ceasefire, race in the punishment years, war in a crisis where ``escalate``
    says so (default: the consistent choice), war in the war states."""
    esc = crisis_regime(v).escalate if escalate is None else escalate
    return ([[0, 0]] + [[2 if e else 1, 1] for e in esc] + [[1, 1]] * (_int(v["T"]) - 1) + [[0, 0], [0, 0]])


def perfect_monitoring_critical(v: Mapping[str, Fraction]) -> Any:
    """With perfect monitoring (``q = 1``, ``f = 0``) the trigger is Abreu's stick and carrot;
    its critical discount factor by the engine's exact one-shot deviation check of the automaton."""
    from gametheory.dynamic.repeated import carrot_and_stick, check_automaton
    from gametheory.normal.game import NormalFormGame

    g_r, g_u = stage_gains(v)
    a_r, a_u, e = v["a_R"], v["a_U"], v["edge"]
    game = NormalFormGame.from_bimatrix([[0, -(a_r + e)], [g_r, -a_r]], [[0, g_u], [-(a_u + e), -a_u]],
                                        players=["Russia", "Ukraine"],
                                        strategies=[["comply", "rearm"], ["comply", "rearm"]])
    return check_automaton(game, carrot_and_stick(game, (0, 0), (1, 1), periods=_int(v["T"]))).critical


def _pct(x: Any) -> str:
    return readable(x, unit="probability")


class CeasefireDurability(Model):
    """Ceasefire durability (Green & Porter 1984; Fortna 2003); see the module docstring."""

    name = "durability"
    title = "Ceasefire durability"
    question = ("Once a ceasefire caps both armies, do Russia and Ukraine keep the caps under noisy "
                "verification, how likely is the ceasefire to survive 1..10 years, and how do the cap, "
                "the quality of monitoring and a guarantor of uncertain resolve change that?")
    players = ("Russia", "Ukraine")
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = ("horizon",)
    references = (
        "Green, E. J. & Porter, R. H. (1984). Noncooperative collusion under imperfect price information. "
        "Econometrica 52(1), 87-100.",
        "Abreu, D., Pearce, D. & Stacchetti, E. (1990). Toward a theory of discounted repeated games with "
        "imperfect monitoring. Econometrica 58(5), 1041-1063.",
        "Abreu, D. (1988). On the theory of infinitely repeated games with discounting. Econometrica 56(2), 383-396.",
        "Fortna, V. P. (2003). Scraps of paper? Agreements and the durability of peace. International "
        "Organization 57(2), 337-372.",
        "Fortna, V. P. (2004). Peace Time: Cease-Fire Agreements and the Durability of Peace. Princeton UP.",
        "Leeds, B. A. (2003). Alliance reliability in times of war. International Organization 57(4), 801-827.",
    )

    def build(self, values: Mapping[str, Fraction]) -> StochasticGame:
        """The stochastic game of the trigger strategy (ceasefire and punishment years)."""
        return stochastic_game(values)

    def fast_outcome_key(self, fvals: Mapping[str, float]) -> str:
        """The outcome in floats (the same closed form), for the flip scan."""
        fv = {k: float(x) for k, x in fvals.items()}
        return analyse_point(fv).key(fv)

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The exact outcome by the closed form in Fractions (checked against the engine's
        one-shot deviation check at every :meth:`analyse`)."""
        v = self.values(values)
        return analyse_point(v).key(v)

    boundaries = None

    @staticmethod
    def conditions(values: Mapping[str, Fraction]) -> list[Any]:
        """The exact margins whose signs decide the outcome."""
        d = analyse_point(values)
        return [*d.margins, d.war_value - d.peace_value, d.survival[-1] - values["durable"]]

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: float scan of the closed form, each bracket confirmed exactly."""
        return fast_flip_points(self, values, current)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        v = dict(values)
        d = analyse_point(v)
        key = d.key(v)
        game = stochastic_game(v)
        trig = one_shot_deviation(game, trigger_profile(v, d.regime.escalate))
        if trig.is_equilibrium != d.sustainable:  # pragma: no cover - consistency guard
            raise GameError("model durability: the compliance condition disagrees with the engine's one-shot "
                            "deviation check of the trigger strategy")
        if d.sustainable and trig.values[0][0] * (1 - v["delta"]) != d.peace_value:  # pragma: no cover
            raise GameError("model durability: the ceasefire's value disagrees with the engine's")
        b0, b1 = signal_rates(v)
        g_r, g_u = stage_gains(v)
        w_c, w_u = war_values(v)
        crit = critical_delta(v)
        notes = []
        if any(x == 0 for x in d.margins):
            notes.append("knife-edge: a side is exactly indifferent between keeping its cap and rearming "
                         "(taken to comply)")
        if d.war_value == d.peace_value or any(w == d.regime.race[0] for w in (w_c, w_u)):
            notes.append("knife-edge: Russia is exactly indifferent between renewed war and the ceasefire "
                         "(taken to keep it)")
        if not isinstance(crit, Fraction) and crit is not None and not hasattr(crit, "poly"):
            notes.append("the critical discount factor is a numerical approximation (crises escalate near it)")
        comparisons = self._comparisons(v)
        quantities = {
            "survival_curve": list(d.survival),
            "caps_survival_curve": list(d.caps_survival),
            "war_risk_per_crisis": d.regime.rho,
            "crisis_per_year": b0 if d.sustainable and not d.war else None,
            "punishment_start_after_violation": b1,
            "escalation": {"against_committed_guarantor": d.regime.escalate[0],
                           "against_uncommitted_guarantor": d.regime.escalate[1]},
            "compliance_margins": {"Russia": d.margins[0], "Ukraine": d.margins[1]},
            "critical_delta": crit,
            "critical_delta_without_escalation": critical_delta_no_escalation(v),
            "critical_delta_perfect_monitoring": perfect_monitoring_critical(v),
            "gain_from_rearming": {"Russia": g_r, "Ukraine": g_u},
            "russia_value_of_war": {"expected": d.war_value, "committed_guarantor": w_c,
                                    "uncommitted_guarantor": w_u},
            "russia_value_of_ceasefire": d.peace_value,
            "guarantor_committed_probability": v["pi"],
            **comparisons,
        }
        equilibrium = {
            "method": "trigger strategy as a stationary profile of a stochastic game (ceasefire, crises by "
                      "guarantor type, race years, war), one-shot deviation check (exact)",
            "trigger_strategy_is_equilibrium": trig.is_equilibrium,
            "trigger_max_regret": trig.max_regret,
            "crisis_choice": {"committed": "war" if d.regime.escalate[0] else "race",
                              "uncommitted": "war" if d.regime.escalate[1] else "race"},
            "values_ceasefire_state": {"Russia": trig.values[0][0] * (1 - v["delta"]),
                                       "Ukraine": trig.values[0][1] * (1 - v["delta"])},
            "renewed_war_at_once": d.war,
        }
        return ModelResult(
            model=self.name, values=v, outcome=self.outcome(key),
            statement=self._statement(v, d, key, crit, comparisons, notes),
            equilibrium=equilibrium, quantities=quantities,
            method="one_shot_deviation (engine, stochastic game of the trigger strategy); check_automaton "
                   "(perfect-monitoring benchmark)",
            diagnostics=tuple(notes),
        )

    def _comparisons(self, v: Mapping[str, Fraction]) -> dict[str, Any]:
        """Outcome and survival over the horizon by cap, monitoring quality and guarantee."""
        def row(label: str, **over: Any) -> dict[str, Any]:
            w = {**v, **{k: Fraction(x) for k, x in over.items()}}
            d = analyse_point(w)
            return {"setting": label, **{k: Fraction(x) for k, x in over.items()}, "outcome": d.key(w),
                    "war_risk_per_crisis": d.regime.rho, "survival_at_horizon": d.survival[-1]}

        caps = sorted({Fraction(c) for c in (400, 600, 800)} | {v["cap"]})
        return {
            "by_cap": [row(f"cap {readable(c)}", cap=c) for c in caps],
            "by_monitoring": [row("poor", q="1/4", f="1/10"), row("current", q=v["q"], f=v["f"]),
                              row("good", q="3/4", f="1/40"), row("excellent", q="9/10", f="1/100")],
            "by_guarantee": [row("no guarantor", pi=0), row("current", pi=v["pi"]), row("committed", pi=1)],
        }

    def _statement(self, v: Mapping[str, Fraction], d: Durability, key: str, crit: Any,
                   comp: Mapping[str, Any], notes: list[str]) -> str:
        o = self.outcome(key)
        H = _int(v["horizon"])
        b0, _ = signal_rates(v)
        head = o.headline
        if key in ("durable_peace", "fragile_peace"):
            head += (f" (no renewed war for {H} years: {_pct(d.survival[-1])}; a false alarm opens a crisis with "
                     f"probability {_pct(b0)} a year, and a crisis turns into war with probability {_pct(d.regime.rho)})")
        parts = [head + "."]
        crit_text = "no discount factor below 1" if crit is None else f"a discount factor of at least {readable(float(crit))}"
        esc = d.regime.escalate
        whom = ("whatever the guarantor's type" if all(esc) else "when the guarantor turns out uncommitted"
                if esc[1] else "")
        mech = {
            "durable_peace": "a detected violation starts a punishment phase whose expected cost outweighs the "
                             "gain from rearming, and the crises false alarms open rarely end in war",
            "fragile_peace": "the threat of punishment deters violations, but the same noisy trigger fires on "
                             "false alarms, and Russia answers a crisis with war " + (whom or "rarely"),
            "rearmament_race": "detection is too poor (or punishment too short) for the threat of punishment to "
                               "outweigh the gain from rearming",
            "renewed_war": "renewed war, net of the cost a committed guarantor would add, is worth more to "
                           "Russia than the ceasefire",
        }[key]
        if key == "durable_peace" and any(esc):
            mech += f" (Russia would fight on {whom})"
        parts.append(f"Mechanism: {mech}; keeping the caps needs {crit_text} (here {readable(v['delta'])}).")
        g_r, g_u = stage_gains(v)
        parts.append(f"Gains from rearming alone: Russia {readable(g_r)}, Ukraine {readable(g_u)} a year; "
                     f"guarantor committed with probability {_pct(v['pi'])}.")
        for name, label in (("by_cap", "cap"), ("by_monitoring", "monitoring"), ("by_guarantee", "guarantee")):
            bits = [f"{r['setting']}: {r['outcome'].replace('_', ' ')}, {_pct(r['survival_at_horizon'])}"
                    for r in comp[name]]
            parts.append(f"No renewed war for {H} years by {label}: " + "; ".join(bits) + ".")
        if notes:
            parts.append("Caution: " + "; ".join(notes) + ".")
        return " ".join(parts)


__all__ = ["CeasefireDurability", "analyse_point", "compliance_margins", "critical_delta", "crisis_regime", "stochastic_game", "survival"]
