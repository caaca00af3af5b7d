"""Ceasefire bargaining: does a settlement both Russia and Ukraine can accept exist?

Three actors. **Russia** and **Ukraine** bargain over a ceasefire: a split of the stakes
(territory and political terms, a pie of size 1), a cap ``k`` on Ukraine's army (thousand
troops; its current size is ``army``) and, optionally, a **clause** barring Ukraine from the
alliance and from hosting foreign troops. **Europe** is the guarantor, a separate actor: it
chooses whether to give Ukraine a security guarantee, at a cost (``guarantee_cost``),
knowing that a guarantee is itself a shift of power against Russia (Powell 2006) which
Russia may refuse to accept. If Ukraine is already in the alliance (``member``), the
guarantee is the alliance's treaty commitment and not a choice. The **United States** is a
lever, not a player: its coercion of Kyiv (``pressure``) is an extra cost to Ukraine of
fighting on, and its backing adds to the guarantee's weight (through the world links).

Pieces, each solved by the engine:

1. **Which caps keep the peace** (Powell 2006, war as a commitment problem). Russia wins a
   war now with probability ``p_now``. Combat power follows the ratio contest of the world
   state (Tullock 1980; Hirshleifer 1989) in units of Russia's current power: Ukraine's army
   is worth ``(1 - p_now)/p_now`` at its current size (the calibration that gives today's
   odds; troops count in proportion), Russia ``rebuild`` after the pause, a guarantee
   ``gforce``. So after a cap ``k``

   ``p_future(k) = rebuild*p_now*army / (rebuild*p_now*army + (1 - p_now)*k + gforce*p_now*army)``.

   ``army`` is only the size the cap is measured against: it does *not* move today's odds
   (``p_now`` is set on its own), so changing ``army`` alone changes how deep a given cap
   cuts. :func:`gametheory.commitment_problem` gives the future odds compatible with peace;
   the caps producing them follow by inverting ``p_future``, both once, in symbols.
2. **The clause.** Barring Ukraine from the alliance and foreign troops is worth
   ``clause_value`` to Russia in every period of peace (it loses it by fighting, so it acts
   as an extra cost of war to Russia) and leaves only the share ``clause_keeps`` of a
   guarantee's force (arms, money, training; no troops). So the clause buys looser caps from
   Russia at the price of a weaker guarantee: the terms can trade cap against clause.
3. **Europe's choice** (a one-move tree with a chance node for failed talks, solved by
   backward induction). Europe shares Ukraine's interest in the terms (its payoff is
   Ukraine's), bears ``war_burden`` if the war goes on, and pays ``guarantee_cost`` if a
   guaranteed settlement is signed.
4. **The risk that talks fail** (Fearon 1995): Russia's cost of war is uniform on
   ``[c_R - spread, c_R + spread]`` and known only to Russia; Ukraine makes a
   take-it-or-leave-it offer (a :class:`gametheory.ContinuousGame` solved in closed form by
   :func:`gametheory.solve_continuous_symbolic`). This is the protocol the statement uses.
   The bargaining range (:func:`gametheory.fearon_bargaining_range`) and, as a separate
   complete-information protocol, the alternating-offers split (Rubinstein 1982;
   :func:`gametheory.rubinstein`) are reported in the quantities.
5. **Verification on both sides** (Avenhaus, von Stengel & Zamir 2002): two inspection
   games solved by :func:`gametheory.solve`. Ukraine may secretly exceed the cap, which
   restores its uncapped odds: its gain, and Russia's harm, is
   ``delta*(p_future(k) - p_future(army))``, so the cap enters the game: a tighter cap makes
   violating more tempting, and in the mixed equilibrium it raises the inspection rate
   (set by the inspectee's payoffs) while *lowering* the violation rate (set by the
   inspector's: the harm at stake makes inspecting pay). Russia may secretly rebuild beyond
   the terms (by the share ``buildup`` of its strength); Ukraine and European monitors
   inspect.

US pressure raises Ukraine's cost of fighting, now and later: it does not make peace
likelier in any neutral sense, it moves the terms against Ukraine (a larger share offered
to Russia, tighter caps Ukraine must accept). Every default is an illustrative assumption
except the army size and the proposed cap; the world links map the suite's world state
(:mod:`gametheory.models.world`) to the parameters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import gametheory as gt
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.modeling import Flip, Model, ModelResult, Outcome, format_value
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flip_points
from gametheory.symbolic import Parameter

if TYPE_CHECKING:
    from gametheory.symbolic.continuous import SymbolicContinuousSolution

_ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("army", "Ukraine's current army (the size the cap is measured against; it does not set "
              "today's odds, p_now does)", 880, 50, 1500, unit="thousand troops",
              source="President Zelensky, press conference with D. Tusk, 15 Jan 2025 (about 880,000 "
                     "under arms); public estimates differ, used illustratively"),
    Parameter("cap", "the cap on Ukraine's army proposed in the ceasefire (at most army)", 600, 0, 1500,
              unit="thousand troops",
              source="US 28-point draft plan, Nov 2025 (600,000); for comparison the European "
                     "counter-draft (800,000) and the Istanbul drafts of Apr 2022 (Russia 85,000, "
                     "Ukraine 250,000)"),
    Parameter("p_now", "probability Russia wins if the war goes on now (at Ukraine's current army)", "1/2",
              0, 1, lower_open=True, upper_open=True, unit="probability", source=_ILLUSTRATIVE),
    Parameter("rebuild", "Russia's military strength after the pause relative to today", 1, "1/4", 4,
              unit="ratio", source=_ILLUSTRATIVE),
    Parameter("guarantee_force", "combat power a European security guarantee (reassurance force and its "
              "backing) would add to Ukraine's side in a renewed war, if Europe gives it",
              "1/2", 0, 20, unit="x Russia's power", source=_ILLUSTRATIVE),
    Parameter("alliance_force", "combat power alliance membership would add to Ukraine's side (the "
              "alliance fights as a whole)", 5, 0, 40, unit="x Russia's power", source=_ILLUSTRATIVE),
    Parameter("member", "Ukraine is a member of the alliance (1) or not (0); a member is guaranteed "
              "by treaty", 0, 0, 1, unit="yes (1) / no (0)", source="policy option"),
    Parameter("clause", "the terms bar Ukraine from the alliance and from hosting foreign troops "
              "(1) or not (0)", 0, 0, 1, unit="yes (1) / no (0)",
              source="seed scenario (limits on alliance structures); US 28-point draft plan, Nov 2025"),
    Parameter("clause_value", "value to Russia of the clause in every period of peace", "1/10", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("clause_keeps", "share of a guarantee's force left when the clause bars foreign troops "
              "(arms, money, training)", "1/2", 0, 1, unit="share", source=_ILLUSTRATIVE),
    Parameter("guarantee_cost", "Europe's cost of guaranteeing a settlement (upkeep of the force and the "
              "risk of being drawn into a renewed war)", "1/10", 0, 10,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("war_burden", "Europe's own cost if the talks fail and the war goes on (aid, spillover, risk)",
              "1/5", 0, 10, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("delta", "weight of the time after the cap takes effect (Powell's discount factor; "
              "near 1 means a fast shift)", "19/20", 0, 1, lower_open=True, upper_open=True,
              unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("c_R", "Russia's cost of war (mean, if its cost is uncertain)", "1/10", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("c_U", "Ukraine's cost of war, without US pressure", "1/10", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("pressure", "US coercion of Kyiv: extra cost to Ukraine of fighting on instead of settling",
              "1/20", 0, 1, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("spread", "half-width of Ukraine's uncertainty about Russia's cost (at most c_R)",
              "1/10", 0, 1, lower_open=True, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("patience_R", "Russia's discount factor per round of talks", "19/20", 0, 1,
              upper_open=True, unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("patience_U", "Ukraine's discount factor per round of talks", "19/20", 0, 1,
              upper_open=True, unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("breakdown", "probability talks collapse into war after a rejected offer", "1/20", 0, 1,
              unit="probability", source=_ILLUSTRATIVE),
    Parameter("penalty", "Ukraine's loss if a violation of the cap is detected (sanctions, lost support)",
              "1/5", 0, 1, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("penalty_R", "Russia's loss if a violation of the terms is detected (sanctions snap back)",
              "1/5", 0, 1, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("buildup", "Russia's hidden rearmament beyond the terms, as a share of its strength",
              "1/5", 0, 4, unit="share", source=_ILLUSTRATIVE),
    Parameter("inspect_cost", "cost of an inspection regime (to either side)", "1/200", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("detect", "probability an inspection detects a violation", "4/5", 0, 1,
              lower_open=True, unit="probability", source=_ILLUSTRATIVE),
    Parameter("tolerance", "failure or violation probability above which the model calls a "
              "settlement fragile or unverifiable", "1/5", 0, 1,
              unit="probability", source="reporting convention (set to taste)"),
)


def _guarantor_power(w: Mapping[str, Fraction]) -> Fraction:
    """Europe's conventional power plus the US's, weighted by the chance the US backs Europe."""
    return w["europe_capability"] + w["us_backing"] * w["us_conventional"]


_POWER = ("europe_capability", "us_backing", "us_conventional")

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("army", "ukraine_army", "Ukraine's current army, the size the cap is measured against"),
    link("cap", "ceasefire_cap", "the cap proposed in the ceasefire"),
    link("rebuild", "russia_rebuild", "Russia's strength after the pause relative to today"),
    link("member", "ukraine_in_alliance", "Ukraine in the alliance: guaranteed by treaty, not by choice"),
    WorldLink("guarantee_force", _POWER, lambda w: _guarantor_power(w) / 10,
              "a guarantee commits a tenth of the guarantors' expected conventional power (Europe's, plus "
              "the US's weighted by the chance it backs Europe) to Ukraine's defence"),
    WorldLink("alliance_force", _POWER, _guarantor_power,
              "membership brings the alliance's whole expected conventional power (Europe's, plus the "
              "US's weighted by the chance it backs Europe), as in the world's contest helpers"),
    WorldLink("c_R", ("russia_war_cost",), lambda w: min(Fraction(1), w["russia_war_cost"] / 5),
              "Russia's mean cost of renewed war over Ukraine: a fifth of its cost of a war with Europe "
              "(the stakes here are the ceasefire terms, 1), at most 1"),
    WorldLink("spread", ("russia_war_cost",), lambda w: min(Fraction(1), w["russia_war_cost"] / 5),
              "Ukraine's uncertainty about Russia's cost is as wide as the mean allows (cost between 0 "
              "and twice the mean)"),
    WorldLink("guarantee_cost", ("europe_war_cost",), lambda w: w["europe_war_cost"] / 6,
              "the guarantor's expected cost: upkeep and the risk of being drawn in, a sixth of its "
              "cost of a full war with Russia"),
    WorldLink("war_burden", ("europe_war_cost",), lambda w: w["europe_war_cost"] / 3,
              "Europe's own burden while Ukraine's war goes on (aid, spillover, escalation risk): a third of "
              "its cost of a full war with Russia"),
    WorldLink("pressure", ("us_coercion",), lambda w: w["us_coercion"] / 10,
              "US coercion of Kyiv: a tenth of the cost the US can impose on a European government, "
              "in shares of the ceasefire stakes"),
)


OUTCOMES = (
    Outcome("settlement", "A settlement both sides can accept exists",
            "With the proposed terms neither side's war odds shift beyond what the other can credibly "
            "promise, the talks fail only with low probability, and both sides' compliance can be "
            "verified. This says a bargain acceptable to both exists at signature; it is not a "
            "forecast that the ceasefire will hold over time."),
    Outcome("fragile_settlement", "A settlement both sides can accept exists, but talks often fail",
            "The proposed terms are compatible with peace, but because Ukraine does not know how "
            "costly war is for Russia, its best offer is refused, and the war goes on, with "
            "substantial probability (Fearon's risk-return trade-off)."),
    Outcome("unverifiable", "An acceptable settlement exists, but compliance cannot be verified",
            "The proposed terms would keep the peace if they were kept, but in an inspection game's "
            "equilibrium one side (named in the statement) breaks them with substantial probability, "
            "so the other cannot count on them."),
    Outcome("cap_too_tight", "No acceptable settlement: the cap is too tight for Ukraine",
            "Caps compatible with peace exist, but the proposed one shifts future power so far "
            "towards Russia that Ukraine does better fighting now than accepting a deal Russia "
            "could not credibly promise to honour later (Powell's commitment problem)."),
    Outcome("cap_too_loose", "No acceptable settlement: the terms are too loose for Russia",
            "Caps compatible with peace exist, but with the proposed cap and the guarantee in force "
            "Russia's future odds fall so far that it does better fighting now (a strong guarantee is "
            "itself a shift of power against Russia)."),
    Outcome("commitment_failure", "No cap makes a settlement acceptable to both",
            "Whatever the cap between zero and Ukraine's current army, the shift in power it "
            "implies is too large for one side to credibly promise the other enough: war "
            "follows even with complete information (Powell's commitment problem)."),
)

PLAYERS = ("Russia", "Ukraine", "Europe")
_BARGAINERS = ("Russia", "Ukraine")

# --------------------------------------------------------------------------- the symbols
# sympy is imported where a derivation needs it: the numeric path runs on closed forms read
# from the disk cache (gametheory.modeling.closedforms) and loads no sympy.
def _symbols() -> dict[str, Any]:
    """The parameters' symbols and the derivation's own: ``k`` (the cap, thousand troops),
    ``p_future`` (Russia's odds after the shift), ``gforce`` (the guarantee's force in effect,
    x Russia's power)."""
    import sympy

    return {**{p.name: p.symbol for p in PARAMETERS}, "k": sympy.Symbol("k", nonnegative=True),
            "p_future": sympy.Symbol("p_future", positive=True), "gforce": sympy.Symbol("gforce", nonnegative=True)}


def p_future_expr() -> Any:
    """Russia's chance of winning a renewed war after the cap ``k`` (a sympy expression)."""
    s = _symbols()
    russia = s["rebuild"] * s["p_now"] * s["army"]
    return russia / (russia + (1 - s["p_now"]) * s["k"] + s["gforce"] * s["p_now"] * s["army"])


def offer_game() -> gt.ContinuousGame:
    """Ukraine's take-it-or-leave-it offer ``y`` (Russia's share) against Russia's unknown cost.

    Russia accepts when ``y >= p_now - cost``; with the cost uniform on
    ``[c_R - spread, c_R + spread]`` the offer is accepted with probability
    ``(c_R + spread - p_now + y) / (2 spread)`` for offers between ``p_now - c_R - spread``
    (only the costliest type accepts) and ``p_now - c_R + spread`` (every type accepts).
    With the clause, ``c_R`` here includes the clause's value to Russia (it forfeits it by
    fighting).
    """
    params = [p for p in PARAMETERS if p.name in ("p_now", "c_R", "c_U", "pressure", "spread")]
    accept = "(c_R + spread - p_now + y)/(2*spread)"
    war = "(1 - p_now - c_U - pressure)"
    return gt.ContinuousGame(
        ["Ukraine"],
        [("y", "max(0, p_now - c_R - spread)", "max(0, p_now - c_R + spread)")],
        [f"{accept}*(1 - y) + (1 - {accept})*{war}"],
        parameters=params,
        title="Ukraine's take-it-or-leave-it offer to Russia under uncertainty about Russia's cost",
    )


@dataclass(frozen=True)
class Derivation:
    """What the engine derives once, in symbols, for every parameter point.

    Attributes
    ----------
    commitment:
        :func:`gametheory.commitment_problem` with symbolic inputs (Russia is side A).
    bounds:
        Russia's future odds compatible with peace, ``(low, high)``, in the parameters.
    p_future:
        Russia's future odds as a function of the cap ``k`` and the guarantee's force ``gforce``.
    cap_for:
        The cap ``k`` at which ``p_future(k)`` equals ``p_future`` (the symbol ``p_future``).
    fearon:
        :func:`gametheory.fearon_bargaining_range` at today's odds, in the parameters.
    offer_solutions:
        The closed-form equilibria of :func:`offer_game` with their conditions.
    """

    commitment: gt.CommitmentResult
    bounds: tuple[Any, Any]
    p_future: Any
    cap_for: Any
    fearon: gt.BargainingRange
    offer_solutions: tuple[SymbolicContinuousSolution, ...]


_POWELL_ARGS = ("p_now", "c_R", "c_U", "pressure", "delta")
_CAP_ARGS = ("army", "p_now", "rebuild", "gforce")
_OFFER_ARGS = ("p_now", "c_R", "c_U", "pressure", "spread")
_FEARON_ARGS = ("p_now", "c_R", "c_U", "pressure")


@functools.lru_cache(maxsize=1)
def derivation() -> Derivation:
    """Solve the model's games once with symbolic parameters (cached for the process)."""
    import sympy

    s = _symbols()
    delta = s["delta"]
    commitment = gt.commitment_problem(
        s["p_now"], s["p_future"], s["c_R"], s["c_U"] + s["pressure"], delta, pie=1 - delta, players=_BARGAINERS
    )
    low, high = (sympy.sympify(b, strict=True) for b in commitment.p_future_bounds)
    pf = p_future_expr()
    # p_future(k) = p_future is linear in k once the denominators are cleared: its root by the
    # coefficients (what sympy.solve finds, without the general solver's cost)
    numerator, _ = sympy.fraction(sympy.together(pf - s["p_future"]))
    linear = sympy.Poly(numerator, s["k"])
    if linear.degree() != 1:  # pragma: no cover - the contest form is linear in the cap
        raise gt.SolverError("ceasefire: p_future(k) = p_future is not linear in the cap k")
    slope, constant = linear.all_coeffs()
    cap_for = -constant / slope
    fearon = gt.fearon_bargaining_range(s["p_now"], s["c_R"], s["c_U"] + s["pressure"], players=_BARGAINERS)
    return Derivation(
        commitment=commitment,
        bounds=(low, high),
        p_future=pf,
        cap_for=sympy.factor(cap_for),
        fearon=fearon,
        offer_solutions=tuple(gt.solve_continuous_symbolic(offer_game())),
    )


def _derived_forms() -> tuple[dict[str, tuple[Sequence[str], Any]], dict[str, Any]]:
    """The closed forms the numeric path evaluates, with their arguments (for the disk cache)."""
    d = derivation()
    forms: dict[str, tuple[Sequence[str], Any]] = {
        "bounds": (_POWELL_ARGS, d.bounds),
        "fearon": (_FEARON_ARGS, (d.fearon.lower, d.fearon.upper)),
        "p_future": (("k", *_CAP_ARGS), d.p_future),
        "cap_for": (("p_future", *_CAP_ARGS), d.cap_for),
        "war_values_now": (_POWELL_ARGS, tuple(d.commitment.war_values_now)),
    }
    for i, sol in enumerate(d.offer_solutions):
        forms[f"offer{i}"] = (_OFFER_ARGS, sol.choices["Ukraine"])
        forms[f"offer{i}_conditions"] = (_OFFER_ARGS, tuple(sol.conditions))
    return forms, {"offer_active": [sol.active["Ukraine"] for sol in d.offer_solutions]}


def _rubinstein_forms() -> tuple[dict[str, tuple[Sequence[str], Any]], dict[str, Any]]:
    """The Rubinstein split's closed forms, for :func:`gametheory.modeling.closedforms.closed_forms`.

    Not used by :func:`rubinstein_split`: the symbolic solve takes a few seconds, while the engine
    solves the split at a point in milliseconds once sympy is loaded (about half a second), so
    the forms would pay back only over several later processes; the split at each point is kept
    in the disk cache instead (:func:`gametheory.modeling.cache.cached_values`)."""
    rub = _rubinstein_symbolic()
    return {"shares": (_RUB_ARGS, tuple(rub.shares)), "proposer_shares": (_RUB_ARGS, tuple(rub.proposer_shares)),
            "immediate": (_RUB_ARGS, rub.immediate)}, {}


_RUB_ARGS = ("patience_R", "patience_U", "breakdown", "war_R", "war_U")


def _rubinstein_symbolic() -> gt.RubinsteinResult:
    """The alternating-offers split in symbols (Ukraine proposes first; breaking down and walking
    out are both worth each side's value of war, ``war_R``, ``war_U``): piecewise in the regimes
    of which outside option binds."""
    import sympy

    dr, du, p, wr, wu = sympy.symbols(_RUB_ARGS, nonnegative=True)
    return gt.rubinstein(discount=(dr, du), breakdown=p, breakdown_payoffs=(wr, wu), outside_options=(wr, wu),
                         first="Ukraine", players=_BARGAINERS, simplify=False)


@dataclass(frozen=True)
class _OfferSolution:
    active: str                                  # Ukraine's active bound: lower, upper or interior
    conditions: Callable[..., Any]               # the regime's conditions (a tuple of bools)
    offer: Callable[..., Any]


@dataclass(frozen=True)
class _Functions:
    """The derivation's closed forms as functions: exact (Fractions) or in floats (scans, grids)."""

    f_bounds: Callable[..., Any]
    f_fearon: Callable[..., Any]
    f_p_future: Callable[..., Any]
    f_cap_for: Callable[..., Any]
    f_war_values_now: Callable[..., Any]
    f_offer: tuple[_OfferSolution, ...]


@functools.lru_cache(maxsize=2)
def compiled(exact: bool = True) -> _Functions:
    """The closed forms of :func:`derivation` as Python functions, exact or in floats; read from
    the disk cache of closed forms when present (no sympy), derived otherwise."""
    from pathlib import Path

    from gametheory.modeling.closedforms import closed_forms

    cf = closed_forms("ceasefire", [Path(__file__)], _derived_forms)
    fn = functools.partial(cf.function, exact=exact)
    return _Functions(
        f_bounds=fn("bounds"), f_fearon=fn("fearon"), f_p_future=fn("p_future"), f_cap_for=fn("cap_for"),
        f_war_values_now=fn("war_values_now"),
        f_offer=tuple(_OfferSolution(active, fn(f"offer{i}_conditions"), fn(f"offer{i}"))
                      for i, active in enumerate(cf.meta["offer_active"])),
    )


def _functions(t: Mapping[str, Any]) -> tuple[_Functions, Callable[[Any], Any]]:
    """Exact functions and ``Fraction`` for exact terms; float functions and ``float`` for floats."""
    if isinstance(t["p_now"], float):
        return compiled(False), float
    return compiled(True), Fraction


# --------------------------------------------------------------------------- the terms in force
def terms(values: Mapping[str, Fraction], *, guarantee: bool | None = None, clause: Fraction | None = None,
          pressure: Fraction | None = None) -> dict[str, Fraction]:
    """``values`` with the terms in force: ``gforce`` (the guarantee's force, 0 without one)
    and ``c_R`` raised by the clause's value to Russia (forfeited by fighting).

    ``guarantee`` says whether a guarantee is in force (default: only for a member, whose
    guarantee is the treaty's); ``clause`` and ``pressure`` override the values'.
    """
    v = dict(values)
    if pressure is not None:
        v["pressure"] = pressure
    if clause is not None:
        v["clause"] = clause
    member = bool(v["member"])
    given = member if guarantee is None else (guarantee or member)
    force = v["alliance_force"] if member else v["guarantee_force"]
    if v["clause"]:
        force *= v["clause_keeps"]
    v["gforce"] = force if given else 0 * force
    v["c_R"] = v["c_R"] + v["clause"] * v["clause_value"]
    return v


# --------------------------------------------------------------------------- the pieces
@dataclass(frozen=True)
class PeacefulCaps:
    """Caps compatible with peace (Powell's condition), in thousand troops."""

    bounds: tuple[Fraction, Fraction]     # Russia's future odds compatible with peace
    tightest: Fraction | None             # smallest peaceful cap (None: no peaceful cap)
    largest: Fraction | None              # largest peaceful cap, at most the current army
    russia_limit: Fraction | None         # largest cap Russia accepts (None: any cap)
    ukraine_limit: Fraction               # smallest cap Ukraine accepts (0: any cap)

    @property
    def exists(self) -> bool:
        return self.tightest is not None

    @property
    def interval(self) -> list[Fraction] | None:
        """``[tightest, largest]``, or ``None`` when no cap keeps the peace."""
        if self.tightest is None or self.largest is None:
            return None
        return [self.tightest, self.largest]

    def contains(self, k: Fraction) -> bool:
        return self.tightest is not None and self.largest is not None and self.tightest <= k <= self.largest


def peaceful_caps(t: Mapping[str, Fraction]) -> PeacefulCaps:
    """The caps compatible with peace under the terms ``t`` (from :func:`terms`)."""
    d, num = _functions(t)
    low, high = d.f_bounds(*(t[n] for n in _POWELL_ARGS))
    low, high = num(low), num(high)
    cap_args = [t[n] for n in _CAP_ARGS]
    ceiling = t["rebuild"] / (t["rebuild"] + t["gforce"])   # Russia's future odds with Ukraine disarmed
    # p_future(k) falls from `ceiling` as k grows: Ukraine's constraint p_future <= high gives
    # the tightest cap, Russia's p_future >= low the largest.
    ukraine_limit = num(0) if high >= ceiling else num(d.f_cap_for(high, *cap_args))
    russia_limit: Fraction | None = None
    if low > 0:
        russia_limit = num(-1) if low >= ceiling else num(d.f_cap_for(low, *cap_args))
    tightest = max(num(0), ukraine_limit)
    largest = t["army"] if russia_limit is None else min(t["army"], russia_limit)
    if high < low or largest < tightest:
        return PeacefulCaps((low, high), None, None, russia_limit, ukraine_limit)
    return PeacefulCaps((low, high), tightest, largest, russia_limit, ukraine_limit)


def p_future(t: Mapping[str, Fraction], k: Fraction) -> Fraction:
    """Russia's chance of winning a renewed war after a cap ``k`` under the terms ``t``."""
    d, num = _functions(t)
    return num(d.f_p_future(k, *(t[n] for n in _CAP_ARGS)))


def fearon_range(t: Mapping[str, Fraction]) -> list[Fraction]:
    """Fearon's bargaining range of Russia's share at today's odds, ``[p_now - c_R, p_now + c_U + pressure]``."""
    lo, hi = compiled(True).f_fearon(*(t[n] for n in _FEARON_ARGS))
    return [Fraction(lo), Fraction(hi)]


@dataclass(frozen=True)
class Offer:
    """Ukraine's best take-it-or-leave-it offer and the probability Russia refuses it."""

    offer: Fraction            # Russia's share offered
    war_probability: Fraction
    active: str                # lower / upper bound of the offer, or interior
    accept_range: tuple[Fraction, Fraction]


def best_offer(t: Mapping[str, Fraction]) -> Offer:
    """Ukraine's best take-it-or-leave-it offer under the terms ``t`` (closed form, exact)."""
    d, num = _functions(t)
    args = [t[n] for n in _OFFER_ARGS]
    for sol in d.f_offer:
        if all(bool(c) for c in sol.conditions(*args)):
            y = num(sol.offer(*args))
            active = sol.active
            break
    else:  # pragma: no cover - the active sets cover the parameter space
        raise gt.SolverError("ceasefire: no closed-form offer holds at these values")
    lo, hi = t["c_R"] - t["spread"], t["c_R"] + t["spread"]
    # Russia fights when its cost is below p_now - y
    war = min(num(1), max(num(0), (t["p_now"] - y - lo) / (hi - lo)))
    return Offer(y, war, active, (max(num(0), t["p_now"] - hi), max(num(0), t["p_now"] - lo)))


# --------------------------------------------------------------------------- verification
INSPECTION_STRATEGIES = (("comply", "violate"), ("inspect", "not inspect"))


def inspection_game(gain: Fraction, penalty: Fraction, cost: Fraction, harm: Fraction, detect: Fraction,
                    players: tuple[str, str] = ("Ukraine", "Russia")) -> gt.NormalFormGame:
    """The inspectee (rows: comply, violate) against the inspector (columns: inspect, not inspect)."""
    inspectee = [[0, 0], [(1 - detect) * gain - detect * penalty, gain]]
    inspector = [[-cost, 0], [-cost - (1 - detect) * harm, -harm]]
    return gt.NormalFormGame.from_bimatrix(
        inspectee, inspector, players=list(players), strategies=[list(s) for s in INSPECTION_STRATEGIES],
        title=f"Verifying {players[0]}'s compliance: inspection game")


@functools.lru_cache(maxsize=4096)
def _inspection(gain: Fraction, penalty: Fraction, cost: Fraction, harm: Fraction,
                detect: Fraction, players: tuple[str, str]) -> gt.SolveResult:
    return gt.solve(inspection_game(gain, penalty, cost, harm, detect, players))


def cap_stake(t: Mapping[str, Fraction]) -> Fraction:
    """What exceeding the cap is worth to Ukraine (and costs Russia): the future odds it restores,
    ``delta * (p_future(cap) - p_future(army))`` (zero when the cap limits nothing)."""
    gain = p_future(t, t["cap"]) - p_future(t, t["army"])
    return t["delta"] * max(gain, 0 * gain)


def buildup_stake(t: Mapping[str, Fraction]) -> Fraction:
    """What a hidden Russian build-up is worth to Russia (and costs Ukraine) at the cap."""
    more = dict(t)
    more["rebuild"] = t["rebuild"] * (1 + t["buildup"])
    return t["delta"] * (p_future(more, t["cap"]) - p_future(t, t["cap"]))


@dataclass(frozen=True)
class Verification:
    """One side's compliance: its inspection game (``None`` when there is nothing to gain by
    violating) and the equilibrium rates."""

    side: str
    stake: Fraction
    result: gt.SolveResult | None
    violation: Fraction        # the largest violation probability over the equilibria
    inspection: Fraction       # the inspection probability in that equilibrium


def _verify(side: str, inspector: str, stake: Fraction, penalty: Fraction,
            t: Mapping[str, Fraction]) -> Verification:
    if stake <= 0:
        return Verification(side, stake, None, Fraction(0), Fraction(0))
    res = _inspection(stake, penalty, t["inspect_cost"], stake, t["detect"], (side, inspector))
    worst = max(res, key=lambda e: Fraction(e.profile[0][1]))
    return Verification(side, stake, res, Fraction(worst.profile[0][1]), Fraction(worst.profile[1][0]))


def inspection(t: Mapping[str, Fraction]) -> Verification:
    """Ukraine's compliance with the cap (Russia inspects), solved by the engine."""
    return _verify("Ukraine", "Russia", cap_stake(t), t["penalty"], t)


def russia_inspection(t: Mapping[str, Fraction]) -> Verification:
    """Russia's compliance with the terms (Ukraine and European monitors inspect)."""
    return _verify("Russia", "Ukraine and monitors", buildup_stake(t), t["penalty_R"], t)


def violation_probability(ver: Verification) -> Fraction:
    """The largest probability of violation over the equilibria (the conservative reading)."""
    return ver.violation


def fast_violation(stake: Any, penalty: Any, cost: Any, detect: Any) -> Any:
    """The largest violation probability of :func:`inspection_game` (gain = harm = ``stake``)
    in closed form: 1 when violating pays even against certain inspection
    (``(1 - detect) stake >= detect penalty``) or inspecting does not pay even against certain
    violation (``cost >= detect stake``), else the inspector's indifference rate
    ``cost / (detect stake)``; 0 when there is nothing to gain. Generic in the number type
    (Fractions exactly, floats for scans); the tests check it against the engine's solution."""
    if stake <= 0:
        return 0 * stake
    if (1 - detect) * stake - detect * penalty >= 0 or cost >= detect * stake:
        return 1 + 0 * stake
    return cost / (detect * stake)


# --------------------------------------------------------------------------- one set of terms
@dataclass(frozen=True)
class Deal:
    """The proposed cap under one set of terms (guarantee in force or not)."""

    terms: dict[str, Fraction]
    caps: PeacefulCaps
    p_future: Fraction
    offer: Offer
    failure: Fraction          # probability no settlement is signed (1 if the cap is not acceptable)

    @property
    def acceptable(self) -> bool:
        return self.caps.contains(self.terms["cap"])

    def expected(self, cost: Fraction = Fraction(0)) -> dict[str, Fraction]:
        """Expected payoffs of Russia, Ukraine and Europe (Europe pays ``cost`` if a settlement is signed)."""
        signed, failed = _payoffs(self, peace=True, cost=cost), _payoffs(self, peace=False, cost=cost)
        return {n: (1 - self.failure) * a + self.failure * b for n, a, b in zip(PLAYERS, signed, failed)}


def deal(values: Mapping[str, Fraction], *, guarantee: bool | None = None, clause: Fraction | None = None,
         pressure: Fraction | None = None) -> Deal:
    """The proposed cap under the given terms: caps, odds, offer and expected payoffs.

    Payoffs (whole horizon, stakes 1): a signed settlement gives Russia ``(1 - delta) y``
    now (``y`` Ukraine's offer) and, after the shift, the midpoint of the future bargaining
    range, ``p_future + (c_U + pressure - c_R)/2`` (split the difference, war the
    disagreement point), plus the clause's value; Ukraine the rest. Failed talks give the war
    values now. Europe's payoff is Ukraine's (it backs Ukraine's terms).
    """
    t = terms(values, guarantee=guarantee, clause=clause, pressure=pressure)
    caps = peaceful_caps(t)
    pf = p_future(t, t["cap"])
    offer = best_offer(t)
    acceptable = caps.contains(t["cap"])
    failure = offer.war_probability if acceptable else Fraction(1)
    return Deal(t, caps, pf, offer, failure)


def guarantee_tree(values: Mapping[str, Fraction], deals: Mapping[bool, Deal] | None = None) -> gt.ExtensiveGame:
    """Europe's choice: give the guarantee or not; then the talks succeed or fail (chance).

    ``deals`` (the :func:`deal` with and without the guarantee) may be passed if computed already.
    """
    b = gt.TreeBuilder(players=list(PLAYERS), title="Europe's guarantee choice")
    b.decision("Europe", {"guarantee": ..., "no guarantee": ...})
    for given in (True, False):
        dl = deals[given] if deals is not None else deal(values, guarantee=given)
        cost = values["guarantee_cost"] if given else Fraction(0)
        signed = tuple(_payoffs(dl, peace=True, cost=cost))
        failed = tuple(_payoffs(dl, peace=False, cost=cost))
        b.chance([("settlement signed", 1 - dl.failure, signed), ("talks fail", dl.failure, failed)])
    return b.build()


def _payoffs(dl: Deal, *, peace: bool, cost: Fraction) -> list[Fraction]:
    """Payoffs (Russia, Ukraine, Europe) at a signed settlement or at failed talks."""
    t = dl.terms
    d = t["delta"]
    c_u = t["c_U"] + t["pressure"]
    clause_gain = t["clause"] * t["clause_value"]
    if peace and dl.acceptable:  # Europe pays the guarantee's cost only for a signed settlement
        mid = dl.p_future + (c_u - t["c_R"]) / 2
        future_r = min(1 + 0 * mid, max(0 * mid, mid))
        r = (1 - d) * dl.offer.offer + d * future_r
        return [r + clause_gain, 1 - r, 1 - r - cost]
    u = 1 - t["p_now"] - c_u
    return [t["p_now"] - t["c_R"] + clause_gain, u, u - t["war_burden"]]


@dataclass(frozen=True)
class GuaranteeChoice:
    """Europe's choice (solved by backward induction), or the treaty guarantee of a member."""

    given: bool
    by_treaty: bool
    europe: dict[str, Fraction]     # Europe's expected payoff with and without the guarantee
    tie: bool
    result: Any                     # the engine's ExtensiveSolveResult (None for a member)


def guarantee_choice(values: Mapping[str, Fraction]) -> GuaranteeChoice:
    """Europe's guarantee: by treaty for a member, otherwise its choice in :func:`guarantee_tree`
    (every pure subgame-perfect equilibrium is found; more than one means Europe is indifferent)."""
    if values["member"]:
        treaty = deal(values, guarantee=True).expected(values["guarantee_cost"])["Europe"]
        return GuaranteeChoice(True, True, {"guarantee": treaty}, False, None)
    deals = {True: deal(values, guarantee=True), False: deal(values, guarantee=False)}
    res = backward_induction(guarantee_tree(values, deals))
    plans = {next(iter(eq.actions().values())) for eq in res}
    europe = {
        "guarantee": deals[True].expected(values["guarantee_cost"])["Europe"],
        "no guarantee": deals[False].expected()["Europe"],
    }
    tie = len(plans) > 1
    chosen = next(iter(res[0].actions().values()))
    return GuaranteeChoice(chosen == "guarantee", False, europe, tie, res)


@dataclass(frozen=True)
class CommitmentAtCap:
    """Powell's commitment problem at the proposed cap, from the closed forms of
    :func:`gametheory.commitment_problem` (derived once in symbols; tests check them against the
    engine solved afresh at the same point)."""

    peace_possible: bool
    declining: str | None
    p_future_bounds: tuple[Fraction, Fraction]
    war_values_now: tuple[Fraction, Fraction]


def commitment_at_cap(t: Mapping[str, Fraction], p_fut: Fraction) -> CommitmentAtCap:
    """The commitment problem when Russia's odds move from ``p_now`` to ``p_fut`` under ``t``."""
    d, num = _functions(t)
    args = [t[n] for n in _POWELL_ARGS]
    if t["delta"] == 0:  # no future: only today's participation counts, which costs always secure
        low, high = num(0), num(1)
    else:
        low, high = (num(b) for b in d.f_bounds(*args))
    war = tuple(num(w) for w in d.f_war_values_now(*args))
    p0 = t["p_now"]
    declining = _BARGAINERS[0] if p_fut < p0 else _BARGAINERS[1] if p_fut > p0 else None
    return CommitmentAtCap(low <= p_fut <= high, declining, (low, high), (war[0], war[1]))


@dataclass(frozen=True)
class RubinsteinSplit:
    """The alternating-offers split the report shows (a separate complete-information lens)."""

    shares: dict[str, Any]                      # first-period agreement, by name (exact)
    proposer: str
    outside_option_binds: dict[str, bool]
    diagnostics: tuple[str, ...]


def rubinstein_split(t: Mapping[str, Fraction]) -> RubinsteinSplit:
    """The split of :func:`gametheory.rubinstein` under the terms ``t``, solved by the engine.

    The engine's answer at each point is kept by the disk cache
    (:func:`gametheory.modeling.cache.cached_values`), so a later process that finds it needs
    no sympy; with the cache off the engine solves it every time."""
    from gametheory.modeling.cache import cached_values

    inputs = Ceasefire._rubinstein_inputs(t)
    point = dict(zip(_RUB_ARGS, (*inputs["discount"], inputs["breakdown"], *inputs["outside_options"])))

    def solve() -> dict[str, Any]:
        rub = gt.rubinstein(**inputs)
        return {"shares": [rub.by_name()[n] for n in _BARGAINERS], "proposer": rub.proposer,
                "binds": [bool(b) for b in rub.outside_option_binds], "diagnostics": list(rub.diagnostics)}

    got = cached_values(_split_model(), point, {"result": "rubinstein_split", "first": inputs["first"]}, solve)
    return RubinsteinSplit(dict(zip(_BARGAINERS, (Fraction(x) for x in got["shares"]))), got["proposer"],
                           dict(zip(_BARGAINERS, got["binds"])), tuple(got["diagnostics"]))


@functools.lru_cache(maxsize=1)
def _split_model() -> Ceasefire:
    """The model instance that keys the cached splits (the class's source is what counts)."""
    return Ceasefire()


# --------------------------------------------------------------------------- the model
class Ceasefire(Model):
    name = "ceasefire"
    title = "Ceasefire bargaining: a cap on Ukraine's army, an alliance clause and a guarantee"
    question = ("Does a settlement Russia and Ukraine can both accept exist with the proposed cap, does "
                "Europe guarantee it, how likely are talks to fail, and can both sides' compliance be verified?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = ("member", "clause")
    references = (
        "Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169-203.",
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3), 379-414.",
        "Walter, B. F. (2002). Committing to Peace: The Successful Settlement of Civil Wars. Princeton "
        "University Press.",
        "Fortna, V. P. (2003). Scraps of paper? Agreements and the durability of peace. International "
        "Organization 57(2), 337-372.",
        "Fortna, V. P. (2004). Peace Time: Cease-Fire Agreements and the Durability of Peace. Princeton "
        "University Press.",
        "Werner, S., Yuen, A. (2005). Making and keeping peace. International Organization 59(2), 261-292.",
        "Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. Econometrica 50(1), 97-109.",
        "Binmore, K., Shaked, A., Sutton, J. (1989). An outside option experiment. Quarterly Journal of "
        "Economics 104(4), 753-770.",
        "Binmore, K., Rubinstein, A., Wolinsky, A. (1986). The Nash bargaining solution in economic "
        "modelling. RAND Journal of Economics 17(2), 176-188.",
        "Avenhaus, R., von Stengel, B., Zamir, S. (2002). Inspection games. Handbook of Game Theory "
        "with Economic Applications 3, ch. 51, 1947-1987.",
        "Tullock, G. (1980). Efficient rent seeking. In Toward a Theory of the Rent-Seeking Society, 97-112.",
        "Hirshleifer, J. (1989). Conflict and rent-seeking success functions: ratio vs. difference "
        "models of relative success. Public Choice 63(2), 101-112.",
    )

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        for flag in ("member", "clause"):
            if values[flag] not in (0, 1):
                raise gt.GameError(f"model ceasefire: {flag} must be 0 (no) or 1 (yes), "
                                   f"not {format_value(values[flag])}")
        if values["member"] and values["clause"]:
            raise gt.GameError("model ceasefire: clause=1 bars Ukraine from the alliance, but member=1 "
                               "says it is a member; set one of them to 0")
        if values["cap"] > values["army"]:
            raise gt.GameError(
                f"model ceasefire: cap ({format_value(values['cap'])}) must be at most army "
                f"({format_value(values['army'])}): a cap above the current army limits nothing"
            )
        if values["spread"] > values["c_R"]:
            raise gt.GameError(
                f"model ceasefire: spread ({format_value(values['spread'])}) must be at most c_R "
                f"({format_value(values['c_R'])}): Russia's cost of war cannot be negative"
            )

    # ------------------------------------------------------------------ games
    def build(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The games at ``values``, with the guarantee Europe chooses: Europe's choice (a tree),
        the offer game (continuous), the two inspection games (matrices), and the inputs of the
        commitment problem, Fearon's range and Rubinstein's game."""
        choice = guarantee_choice(values)
        t = terms(values, guarantee=choice.given)
        out: dict[str, Any] = {
            "guarantee": None if choice.by_treaty else guarantee_tree(values),
            "offer": offer_game().substitute({n: t[n] for n in _OFFER_ARGS}),
            "commitment": {"p_now": t["p_now"], "p_future": p_future(t, t["cap"]), "cost_a": t["c_R"],
                           "cost_b": t["c_U"] + t["pressure"], "delta": t["delta"], "pie": 1 - t["delta"],
                           "players": _BARGAINERS},
            "fearon": {"p": t["p_now"], "cost_a": t["c_R"], "cost_b": t["c_U"] + t["pressure"],
                       "players": _BARGAINERS},
            "rubinstein": self._rubinstein_inputs(t),
        }
        for name, ver in (("inspection", inspection(t)), ("russia_inspection", russia_inspection(t))):
            if ver.stake > 0:
                out[name] = inspection_game(ver.stake, t["penalty"] if name == "inspection" else t["penalty_R"],
                                            t["inspect_cost"], ver.stake, t["detect"],
                                            ("Ukraine", "Russia") if name == "inspection"
                                            else ("Russia", "Ukraine and monitors"))
        return out

    @staticmethod
    def _rubinstein_inputs(t: Mapping[str, Fraction]) -> dict[str, Any]:
        """The inputs of :func:`gametheory.rubinstein` (hashable, so the solve can be cached)."""
        war = (max(Fraction(0), t["p_now"] - t["c_R"]),
               max(Fraction(0), 1 - t["p_now"] - t["c_U"] - t["pressure"]))
        return {"discount": (t["patience_R"], t["patience_U"]), "breakdown": t["breakdown"],
                "breakdown_payoffs": war, "outside_options": war, "first": "Ukraine", "players": _BARGAINERS}

    # ------------------------------------------------------------------ outcome
    @staticmethod
    def _key(dl: Deal, ver: tuple[Verification, Verification], tolerance: Fraction) -> str:
        return Ceasefire._key_from(dl, tuple(v.violation for v in ver), tolerance)

    @staticmethod
    def _key_from(dl: Deal, violations: Sequence[Any], tolerance: Any) -> str:
        caps = dl.caps
        if not caps.exists:
            return "commitment_failure"
        k = dl.terms["cap"]
        assert caps.tightest is not None and caps.largest is not None
        if k < caps.tightest:
            return "cap_too_tight"
        if k > caps.largest:
            return "cap_too_loose"
        if max(violations) > tolerance:
            return "unverifiable"
        if dl.offer.war_probability > tolerance:
            return "fragile_settlement"
        return "settlement"

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome by direct evaluation of the conditions :meth:`analyse` turns on (Europe's
        guarantee as the comparison of its expected payoffs, the inspection games' violation rates
        by :func:`fast_violation`); generic in the number type, so the flip scans run it in floats
        and confirm in Fractions. The tests check it against the engine's path (:meth:`engine_outcome_key`)."""
        if values["member"]:
            dl = deal(values, guarantee=True)
        else:
            yes, no = deal(values, guarantee=True), deal(values, guarantee=False)
            dl = yes if yes.expected(values["guarantee_cost"])["Europe"] >= no.expected()["Europe"] else no
        t = dl.terms
        rates = (fast_violation(cap_stake(t), t["penalty"], t["inspect_cost"], t["detect"]),
                 fast_violation(buildup_stake(t), t["penalty_R"], t["inspect_cost"], t["detect"]))
        return self._key_from(dl, rates, values["tolerance"])

    def engine_outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome as :meth:`analyse` finds it (Europe's choice by backward induction, the
        inspection games solved by the engine), without the words."""
        dl = deal(values, guarantee=guarantee_choice(values).given)
        return self._key(dl, (inspection(dl.terms), russia_inspection(dl.terms)), values["tolerance"])

    def fast_outcome_key(self, values: Mapping[str, float]) -> str:
        """:meth:`outcome_key` in floats (flip scans, grids)."""
        return self.outcome_key(values)  # type: ignore[arg-type]  # generic in the number type

    def boundaries(self, values: Mapping[str, Fraction], name: str) -> list[Fraction]:
        """Exact values of ``name`` at which a condition the outcome turns on is an equality, with
        the other parameters at ``values``: for ``tolerance`` the violation and refusal
        probabilities it is compared with; for ``cap`` the ends of the peaceful caps (with and
        without the guarantee)."""
        if name == "tolerance":
            dl = deal(values, guarantee=guarantee_choice(values).given)
            ver = (inspection(dl.terms), russia_inspection(dl.terms))
            return [ver[0].violation, ver[1].violation, dl.offer.war_probability]
        if name == "cap":
            out: list[Fraction] = []
            for given in (True, False):
                caps = deal(values, guarantee=given).caps
                out.extend(c for c in (caps.tightest, caps.largest) if c is not None)
            return out
        return []

    def conditions(self, values: Mapping[str, Fraction]) -> list[Fraction]:
        """The exact quantities whose signs decide :meth:`outcome_key`: Europe's payoff with the
        guarantee minus without; for each set of terms, the peace bounds against each other, against
        Russia's odds with Ukraine disarmed and against 0, the proposed cap against the peaceful caps,
        each inspection game's dominance and indifference margins, each violation rate and the
        refusal probability against the tolerance, and the refusal probability's ends."""
        out: list[Fraction] = []
        deals = [deal(values, guarantee=True)]
        if not values["member"]:
            deals.append(deal(values, guarantee=False))
            out.append(deals[0].expected(values["guarantee_cost"])["Europe"] - deals[1].expected()["Europe"])
        tol = values["tolerance"]
        chosen = deals[0] if len(deals) == 1 or out[0] >= 0 else deals[1]
        for dl in deals:
            t, caps = dl.terms, dl.caps
            low, high = caps.bounds
            ceiling = t["rebuild"] / (t["rebuild"] + t["gforce"])
            out += [high - low, high - ceiling, low - ceiling, low, caps.ukraine_limit - t["cap"]]
            if caps.russia_limit is not None:
                out += [caps.russia_limit - t["army"], caps.russia_limit - t["cap"], caps.russia_limit - caps.ukraine_limit]
            if dl is not chosen:  # only the terms in force are verified and offered
                continue
            for stake, pen in ((cap_stake(t), t["penalty"]), (buildup_stake(t), t["penalty_R"])):
                out += [stake, (1 - t["detect"]) * stake - t["detect"] * pen, t["inspect_cost"] - t["detect"] * stake,
                        fast_violation(stake, pen, t["inspect_cost"], t["detect"]) - tol]
            lo, hi = t["c_R"] - t["spread"], t["c_R"] + t["spread"]
            out += [dl.offer.war_probability - tol, t["p_now"] - dl.offer.offer - lo, t["p_now"] - dl.offer.offer - hi]
        return out

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: the grid scan and bisection in floats (:meth:`fast_outcome_key`), each
        bracket confirmed in Fractions (:meth:`outcome_key`); flips in ``tolerance`` and ``cap``
        are exact where they fall on a closed-form boundary (:meth:`boundaries`), and so is every
        flip whose simplest value in the bracket zeroes a deciding condition (:meth:`conditions`)."""
        return fast_flip_points(self, values, current)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        v = dict(values)
        choice = guarantee_choice(v)
        dl = deal(v, guarantee=choice.given)
        t = dl.terms
        ver = (inspection(t), russia_inspection(t))
        key = self._key(dl, ver, v["tolerance"])
        powell = commitment_at_cap(t, dl.p_future)
        rub = rubinstein_split(t)
        notes: list[str] = list(rub.diagnostics)
        if powell.peace_possible != dl.acceptable:  # pragma: no cover - consistency guard
            notes.append("the commitment problem solved at the cap disagrees with the derived cap interval")

        # counterfactuals: the other guarantee choice, the other clause, no US pressure
        other_g = dl if choice.by_treaty else deal(v, guarantee=not choice.given)
        other_c = None if v["member"] else deal(v, guarantee=choice.given, clause=1 - v["clause"])
        zero = Fraction(0)
        no_p = deal(v, guarantee=choice.given, pressure=zero)
        knife = self._knife_edges(v, choice, dl, ver)
        notes.extend(knife)
        failure = dl.failure
        quantities: dict[str, Any] = {
            "failure_probability": failure,
            "guarantee_given": choice.given,
            "guarantee_force_in_effect": t["gforce"],
            "europe_payoff": choice.europe,
            "p_now": t["p_now"],
            "ukraine_power_now": (1 - t["p_now"]) / t["p_now"],
            "p_future_at_cap": dl.p_future,
            "peaceful_caps": dl.caps.interval,
            "p_future_bounds": list(dl.caps.bounds),
            "bargaining_range_russia": fearon_range(t),
            "rubinstein_split": rub.shares,
            "offer_to_russia": dl.offer.offer,
            "war_probability": dl.offer.war_probability,
            "violation_probability": ver[0].violation,
            "inspection_probability": ver[0].inspection,
            "russia_violation_probability": ver[1].violation,
            "russia_inspection_probability": ver[1].inspection,
            ("without_guarantee" if choice.given else "with_guarantee"): {
                "peaceful_caps": other_g.caps.interval, "p_future_at_cap": other_g.p_future,
                "failure_probability": other_g.failure},
            "without_pressure": {
                "peaceful_caps": no_p.caps.interval,
                "bargaining_range_russia": fearon_range(no_p.terms),
                "offer_to_russia": no_p.offer.offer,
                "war_probability": no_p.offer.war_probability,
                "failure_probability": no_p.failure,
            },
        }
        if other_c is not None:
            quantities["with_clause" if not v["clause"] else "without_clause"] = {
                "peaceful_caps": other_c.caps.interval, "p_future_at_cap": other_c.p_future,
                "failure_probability": other_c.failure}
        equilibrium = {
            "guarantee": {"given": choice.given, "by_treaty": choice.by_treaty,
                          "europe_payoff": choice.europe, "tie": choice.tie,
                          "method": "treaty (member)" if choice.by_treaty else "backward_induction"},
            "commitment_at_cap": {
                "p_now": t["p_now"],
                "p_future": dl.p_future,
                "peace_possible": powell.peace_possible,
                "declining": powell.declining,
                "p_future_bounds": list(powell.p_future_bounds),
                "war_values_now": dict(zip(_BARGAINERS, powell.war_values_now)),
            },
            "offer": {"Russia's share offered": dl.offer.offer, "war_probability": dl.offer.war_probability,
                      "active": dl.offer.active},
            "rubinstein": {
                "protocol": "alternating offers under complete information (a separate lens; the statement "
                            "uses the take-it-or-leave-it offer)",
                "shares": rub.shares, "proposer": rub.proposer,
                "outside_option_binds": rub.outside_option_binds},
        }
        for name, vr in (("inspection", ver[0]), ("russia_inspection", ver[1])):
            equilibrium[name] = [] if vr.result is None else [
                {f"{vr.side} violates": e.profile[0][1], "inspects": e.profile[1][0],
                 "payoffs": list(e.payoffs), "max_regret": e.max_regret}
                for e in vr.result
            ]
        o = self.outcome(key)
        statement = self._statement(v, key, choice, dl, other_g, other_c, no_p, ver, knife)
        methods = ["commitment_problem", "solve_continuous_symbolic", "fearon_bargaining_range", "rubinstein"]
        if not choice.by_treaty:
            methods.insert(0, "backward_induction")
        methods += sorted({vr.result.method for vr in ver if vr.result is not None})
        return ModelResult(
            model=self.name,
            values=v,
            outcome=o,
            statement=statement,
            equilibrium=equilibrium,
            quantities=quantities,
            method=", ".join(methods),
            diagnostics=tuple(notes),
        )

    # ------------------------------------------------------------------ words
    @staticmethod
    def _knife_edges(v: Mapping[str, Fraction], choice: GuaranteeChoice, dl: Deal,
                     ver: tuple[Verification, Verification]) -> list[str]:
        out = []
        if choice.tie:
            out.append("knife-edge: Europe is exactly indifferent between giving and withholding the "
                       "guarantee; the result rests on the tie-break (the first equilibrium is reported)")
        caps, k = dl.caps, v["cap"]
        if caps.exists and k in (caps.tightest, caps.largest) and 0 < k < v["army"]:
            out.append("knife-edge: the proposed cap sits exactly on the edge of the caps compatible with "
                       "peace; the side at its limit is indifferent between the deal and war")
        tol = v["tolerance"]
        if any(x.violation == tol for x in ver) or dl.offer.war_probability == tol:
            out.append("knife-edge: a failure or violation probability equals the tolerance exactly")
        for x in ver:
            if x.result is not None and len(x.result) > 1:
                out.append(f"{x.side}'s inspection game has {len(x.result)} equilibria (a tie); the "
                           "largest violation rate is reported")
        return out

    @staticmethod
    def _statement(v: Mapping[str, Fraction], key: str, choice: GuaranteeChoice, dl: Deal, other_g: Deal,
                   other_c: Deal | None, no_p: Deal, ver: tuple[Verification, Verification],
                   knife: list[str]) -> str:
        o = next(x for x in OUTCOMES if x.key == key)
        pct = functools.partial(readable, unit="probability")
        head = (f"{o.headline} (talks fail with probability {pct(dl.failure)})" if dl.acceptable
                else f"{o.headline} (no settlement can be signed: talks fail for certain)")
        mech = {
            "settlement": "the cap shifts future odds no further than each side can credibly accept "
                          "(Powell 2006); the remaining risk comes from Ukraine not knowing Russia's cost of war",
            "fragile_settlement": "the cap is acceptable to both, but Ukraine's offer under uncertainty about "
                                  "Russia's cost of war is often refused (Fearon 1995)",
            "unverifiable": "the terms are acceptable to both, but inspections cannot deter violations",
            "cap_too_tight": "the cap shifts future power so far to Russia that Ukraine prefers to fight now "
                             "(Powell 2006)",
            "cap_too_loose": "the cap and the guarantee shift future power so far against Russia that Russia "
                             "prefers to fight now (Powell 2006)",
            "commitment_failure": "every cap implies a shift of power too large for the other side's promises "
                                  "to be credible (Powell 2006)",
        }[key]
        if key == "unverifiable":
            sides = [x for x in ver if x.violation > v["tolerance"]]
            mech = "the terms are acceptable to both, but inspections cannot deter " + " or ".join(
                "Ukraine from exceeding the cap" if x.side == "Ukraine" else "Russia from rearming in secret"
                for x in sides)
        parts = [f"{head}. Mechanism: {mech}."]
        t = dl.terms
        # the guarantee
        if choice.by_treaty:
            g = (f"Ukraine is in the alliance, so the guarantee is the treaty's (force {readable(t['gforce'])} "
                 f"x Russia's power)")
        elif choice.given:
            g = (f"Europe gives the guarantee (it lowers Russia's odds in a renewed war at the cap from "
                 f"{pct(other_g.p_future)} to {pct(dl.p_future)}, worth more to Europe than its cost of "
                 f"{readable(v['guarantee_cost'])} of the stakes)")
        else:
            g = (f"Europe withholds the guarantee (with it Russia's odds at the cap would fall from "
                 f"{pct(dl.p_future)} to {pct(other_g.p_future)}")
            g += (", but Russia would then reject the terms)" if other_g.failure == 1 and dl.failure < 1
                  else f", not worth its cost of {readable(v['guarantee_cost'])} of the stakes)")
        parts.append(g + ".")
        # the caps
        if dl.caps.exists:
            c = f"Caps of {_caps_text(dl.caps)} troops are compatible with peace and the proposed cap is {_troops(v['cap'])}"
        else:
            c = (f"Peace needs Russia's future chance of winning between {pct(dl.caps.bounds[0])} and "
                 f"{pct(dl.caps.bounds[1])}; no cap up to Ukraine's current {_troops(v['army'])} troops gives that")
            ceiling = t["rebuild"] / (t["rebuild"] + t["gforce"])
            if ceiling < dl.caps.bounds[0]:
                c += (f" (even with Ukraine disarmed the guarantee in force leaves Russia {pct(ceiling)}: "
                      "Russia is the declining side and prefers to fight now)")
        if other_c is not None:
            which = "with" if not v["clause"] else "without"
            c += (f"; {which} the clause barring Ukraine from the alliance and foreign troops: caps of "
                  f"{_caps_text(other_c.caps)}, talks failing with probability {pct(other_c.failure)}")
        parts.append(c + ".")
        # talks (one protocol: Ukraine's take-it-or-leave-it offer under private information)
        if dl.acceptable:
            parts.append(f"Ukraine's best take-it-or-leave-it offer gives Russia {pct(dl.offer.offer)} of the "
                         f"stakes and is refused with probability {pct(dl.offer.war_probability)}.")
        # US pressure: what it does
        if v["pressure"] > 0:
            caps_moved = (f" and the tightest cap it accepts falls from {_tightest(no_p.caps)} to "
                          f"{_tightest(dl.caps)}" if no_p.caps.tightest != dl.caps.tightest else "")
            parts.append(f"US pressure on Kyiv shifts the terms against Ukraine: the share it must offer Russia "
                         f"rises from {pct(no_p.offer.offer)} to {pct(dl.offer.offer)}{caps_moved}; talks fail "
                         f"with probability {pct(no_p.failure)} without it, because Ukraine then "
                         f"{'concedes less' if no_p.acceptable else 'rejects the cap'}.")
        # verification
        if dl.acceptable:
            u, r = ver
            parts.append(f"Verification: Ukraine exceeds the cap with probability {pct(u.violation)} "
                         f"(Russia inspects with probability {pct(u.inspection)}; a violation is worth "
                         f"{readable(u.stake)} of the stakes, so a looser cap is violated more often but matters "
                         f"less); Russia rearms in secret with probability {pct(r.violation)}.")
        if knife:
            parts.append("Caution: " + "; ".join(knife) + ".")
        return " ".join(parts)


def _caps_text(caps: PeacefulCaps) -> str:
    if caps.tightest is None or caps.largest is None:
        return "none"
    return f"{_troops(caps.tightest)} to {_troops(caps.largest)}"


def _tightest(caps: PeacefulCaps) -> str:
    return "none" if caps.tightest is None else _troops(caps.tightest)


def _troops(k: Any) -> str:
    """Thousands of troops in words, to the nearest thousand."""
    return f"{round(float(k)) * 1000:,}"
