"""Ceasefire bargaining over a cap on Ukraine's army.

Two sides bargain: **Russia** and **Ukraine with its European backers** (merged into one
player: in the bargaining over the cap they want the same thing, a cap that keeps Ukraine
able to defend itself). The **United States** is not a player here but a lever: it can
press Ukraine to settle (``pressure``) and, with Europe, back a security guarantee
(``guarantee``); its own choice of whether to press is the subject of the ``shaping``
model. The stakes (territory and political terms) are a pie of size 1; costs are shares of
it. Five pieces, each solved by the engine:

1. **Which caps keep the peace** (Powell 2006, war as a commitment problem). Today Russia
   wins a war with probability ``p_now``. A cap ``k`` on Ukraine's army (thousands of
   troops; its current size is ``army``) shifts tomorrow's balance: Russia's chance of
   winning a renewed war becomes

   ``p_future(k) = (1 - guarantee) * rebuild*p_now*army / (rebuild*p_now*army + (1 - p_now)*k)``,

   a ratio contest-success function (Tullock 1980; Hirshleifer 1989) calibrated so that an
   uncapped army and no guarantee leave the odds where they are today; ``rebuild`` is
   Russia's strength after the pause relative to today and ``guarantee`` the share by which
   a Western guarantee cuts Russia's chance of winning. :func:`gametheory.commitment_problem`
   (with a per-period flow ``1 - delta``, so the whole future is worth the pie) gives the
   interval of future odds compatible with peace; the caps that produce them follow by
   solving ``p_future(k) = bound`` for ``k``. Both derivations are done once, in symbols,
   and evaluated exactly at each parameter point.
2. **The bargaining range** at today's odds (Fearon 1995): Russia's share between
   ``p_now - c_R`` and ``p_now + c_U + pressure`` (:func:`gametheory.fearon_bargaining_range`).
3. **The split under alternating offers** (Rubinstein 1982) with the war values as outside
   options (Binmore, Shaked & Sutton 1989) and a risk that talks break down into war
   (Binmore, Rubinstein & Wolinsky 1986): :func:`gametheory.rubinstein`.
4. **The risk that talks fail** under private information (Fearon 1995): Russia's cost of
   war is uniform on ``[c_R - spread, c_R + spread]`` and known only to Russia; Ukraine
   makes a take-it-or-leave-it offer, trading a larger concession against a higher chance
   of acceptance. This is a :class:`gametheory.ContinuousGame` (one player choosing a
   number), solved once in closed form by :func:`gametheory.solve_continuous_symbolic`.
5. **Verifying the cap** as an inspection game (Avenhaus, von Stengel & Zamir 2002): Ukraine
   complies or secretly exceeds the cap, Russia (or monitors acting for it) inspects or not;
   the 2 x 2 game is solved by :func:`gametheory.solve`.

US pressure raises Ukraine's cost of fighting on (aid withheld if it walks away), which
moves every piece; the guarantee moves only the future odds, hence the set of peaceful
caps. All defaults except the army size and the proposed cap are illustrative assumptions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy
from sympy.printing.pycode import PythonCodePrinter

import gametheory as gt
from gametheory.modeling import Model, ModelResult, Outcome, format_value
from gametheory.symbolic import Parameter
from gametheory.symbolic.continuous import SymbolicContinuousSolution

_ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("army", "Ukraine's current army (the size the cap is measured against)", 880, 50, 1500,
              unit="thousand troops",
              source="President Zelensky, press conference with D. Tusk, 15 Jan 2025 (about 880,000 "
                     "under arms); public estimates differ, used illustratively"),
    Parameter("cap", "the cap on Ukraine's army proposed in the ceasefire (at most army)", 600, 0, 1500,
              unit="thousand troops",
              source="US 28-point draft plan, Nov 2025 (600,000); for comparison the European "
                     "counter-draft (800,000) and the Istanbul drafts of Apr 2022 (Russia 85,000, "
                     "Ukraine 250,000)"),
    Parameter("p_now", "probability Russia wins if the war goes on now", "1/2", 0, 1,
              lower_open=True, upper_open=True, unit="probability", source=_ILLUSTRATIVE),
    Parameter("rebuild", "Russia's military strength after the pause relative to today", 1, "1/4", 4,
              unit="ratio", source=_ILLUSTRATIVE),
    Parameter("guarantee", "share by which a Western security guarantee cuts Russia's chance of "
              "winning a renewed war", "1/10", 0, 1, upper_open=True, unit="share", source=_ILLUSTRATIVE),
    Parameter("delta", "weight of the time after the cap takes effect (Powell's discount factor; "
              "near 1 means a fast shift)", "19/20", 0, 1, lower_open=True, upper_open=True,
              unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("c_R", "Russia's cost of war (mean, if its cost is uncertain)", "1/10", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("c_U", "cost of war to Ukraine and its backers, without US pressure", "1/10", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("pressure", "US pressure: extra cost to Ukraine of fighting on instead of settling",
              "1/20", 0, 1, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("spread", "half-width of Ukraine's uncertainty about Russia's cost (at most c_R)",
              "1/10", 0, 1, lower_open=True, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("patience_R", "Russia's discount factor per round of talks", "19/20", 0, 1,
              upper_open=True, unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("patience_U", "Ukraine's discount factor per round of talks", "19/20", 0, 1,
              upper_open=True, unit="discount factor", source=_ILLUSTRATIVE),
    Parameter("breakdown", "probability talks collapse into war after a rejected offer", "1/20", 0, 1,
              unit="probability", source=_ILLUSTRATIVE),
    Parameter("gain_V", "Ukraine's gain from exceeding the cap undetected", "1/10", 0, 1,
              lower_open=True, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("penalty", "Ukraine's loss if a violation is detected (sanctions, lost guarantee)",
              "1/5", 0, 1, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("inspect_cost", "Russia's cost of an inspection", "1/50", 0, 1,
              unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("harm", "Russia's loss from an undetected violation", "1/5", 0, 1,
              lower_open=True, unit="share of the stakes", source=_ILLUSTRATIVE),
    Parameter("detect", "probability an inspection detects a violation", "4/5", 0, 1,
              lower_open=True, unit="probability", source=_ILLUSTRATIVE),
    Parameter("tolerance", "failure or violation probability above which the model calls a "
              "settlement fragile or the cap unverifiable", "1/5", 0, 1,
              unit="probability", source="reporting convention (set to taste)"),
)

OUTCOMES = (
    Outcome("settlement", "The ceasefire holds with the proposed cap",
            "The proposed cap lies among the caps compatible with peace, the talks succeed with "
            "high probability, and the cap can be verified: in the inspection game Ukraine "
            "rarely violates it."),
    Outcome("fragile_settlement", "Peace is possible but the talks are fragile",
            "The proposed cap is compatible with peace, but because Ukraine does not know how "
            "costly war is for Russia, its best offer is refused, and the war goes on, with "
            "substantial probability (Fearon's risk-return trade-off)."),
    Outcome("unverifiable", "The cap is compatible with peace but cannot be verified",
            "The proposed cap would keep the peace if it were kept, but inspections are too "
            "costly or too weak: in the inspection game's equilibrium Ukraine exceeds the cap "
            "with substantial probability, so Russia cannot count on it."),
    Outcome("cap_too_tight", "The proposed cap is too tight for Ukraine",
            "Caps compatible with peace exist, but the proposed one shifts future power so far "
            "towards Russia that Ukraine does better fighting now than accepting a deal Russia "
            "could not credibly promise to honour later (Powell's commitment problem)."),
    Outcome("cap_too_loose", "The proposed cap is too loose for Russia",
            "Caps compatible with peace exist, but with the proposed cap (and the guarantee) "
            "Russia's future odds fall so far that it does better fighting now."),
    Outcome("commitment_failure", "No cap is compatible with peace",
            "Whatever the cap between zero and Ukraine's current army, the shift in power it "
            "implies is too large for either side to credibly promise the other enough: war "
            "follows even with complete information (Powell's commitment problem)."),
)

PLAYERS = ("Russia", "Ukraine")

# --------------------------------------------------------------------------- exact compilation


class _FractionPrinter(PythonCodePrinter):
    """Python code for sympy expressions that keeps rationals exact (as Fractions)."""

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return f"Fraction({expr.p}, {expr.q})"

    def _print_Half(self, expr: sympy.Rational) -> str:
        return "Fraction(1, 2)"


def _exact(args: Sequence[sympy.Symbol], expr: Any) -> Callable[..., Any]:
    """``expr`` as a Python function of ``args`` that maps Fractions to Fractions (or bools)."""
    return sympy.lambdify(list(args), expr, modules=[{"Fraction": Fraction, "Max": max, "Min": min}],
                          printer=_FractionPrinter)


_SYM = {p.name: p.symbol for p in PARAMETERS}
K = sympy.Symbol("k", nonnegative=True)          # the cap (thousand troops)
P1 = sympy.Symbol("p_future", positive=True)     # Russia's odds after the shift


def p_future_expr() -> sympy.Expr:
    """Russia's chance of winning a renewed war after the cap ``k`` (a sympy expression)."""
    s = _SYM
    strength = s["rebuild"] * s["p_now"] * s["army"]
    return (1 - s["guarantee"]) * strength / (strength + (1 - s["p_now"]) * K)


def offer_game() -> gt.ContinuousGame:
    """Ukraine's take-it-or-leave-it offer ``y`` (Russia's share) against Russia's unknown cost.

    Russia accepts when ``y >= p_now - cost``; with the cost uniform on
    ``[c_R - spread, c_R + spread]`` the offer is accepted with probability
    ``(c_R + spread - p_now + y) / (2 spread)`` for offers between ``p_now - c_R - spread``
    (only the costliest type accepts) and ``p_now - c_R + spread`` (every type accepts).
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
class _OfferSolution:
    solution: SymbolicContinuousSolution
    conditions: tuple[Callable[..., Any], ...]
    offer: Callable[..., Any]


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
        Russia's future odds as a function of the cap ``k``.
    cap_for:
        The cap ``k`` at which ``p_future(k)`` equals ``p_future`` (the symbol ``P1``).
    fearon:
        :func:`gametheory.fearon_bargaining_range` at today's odds, in the parameters.
    offer_solutions:
        The closed-form equilibria of :func:`offer_game` with their conditions.
    """

    commitment: gt.CommitmentResult
    bounds: tuple[sympy.Expr, sympy.Expr]
    p_future: sympy.Expr
    cap_for: sympy.Expr
    fearon: gt.BargainingRange
    offer_solutions: tuple[SymbolicContinuousSolution, ...]
    f_bounds: Callable[..., Any]
    f_fearon: Callable[..., Any]
    f_p_future: Callable[..., Any]
    f_cap_for: Callable[..., Any]
    f_offer: tuple[_OfferSolution, ...]


_POWELL_ARGS = ("p_now", "c_R", "c_U", "pressure", "delta")
_CAP_ARGS = ("army", "p_now", "rebuild", "guarantee")
_OFFER_ARGS = ("p_now", "c_R", "c_U", "pressure", "spread")
_FEARON_ARGS = ("p_now", "c_R", "c_U", "pressure")


@functools.lru_cache(maxsize=1)
def derivation() -> Derivation:
    """Solve the model's games once with symbolic parameters (cached for the process)."""
    s = _SYM
    delta = s["delta"]
    commitment = gt.commitment_problem(
        s["p_now"], P1, s["c_R"], s["c_U"] + s["pressure"], delta, pie=1 - delta, players=PLAYERS
    )
    low, high = (sympy.sympify(b, strict=True) for b in commitment.p_future_bounds)
    pf = p_future_expr()
    (cap_for,) = sympy.solve(sympy.Eq(pf, P1), K)
    cap_for = sympy.factor(cap_for)
    fearon = gt.fearon_bargaining_range(s["p_now"], s["c_R"], s["c_U"] + s["pressure"], players=PLAYERS)
    sols = tuple(gt.solve_continuous_symbolic(offer_game()))
    offer_args = [s[n] for n in _OFFER_ARGS]
    f_offer = tuple(
        _OfferSolution(sol, tuple(_exact(offer_args, c) for c in sol.conditions),
                       _exact(offer_args, sol.choices["Ukraine"]))
        for sol in sols
    )
    return Derivation(
        commitment=commitment,
        bounds=(low, high),
        p_future=pf,
        cap_for=cap_for,
        fearon=fearon,
        offer_solutions=sols,
        f_bounds=_exact([s[n] for n in _POWELL_ARGS], (low, high)),
        f_fearon=_exact([s[n] for n in _FEARON_ARGS], (fearon.lower, fearon.upper)),
        f_p_future=_exact([K] + [s[n] for n in _CAP_ARGS], pf),
        f_cap_for=_exact([P1] + [s[n] for n in _CAP_ARGS], cap_for),
        f_offer=f_offer,
    )


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


def peaceful_caps(values: Mapping[str, Fraction], *, pressure: Fraction | None = None,
                  guarantee: Fraction | None = None) -> PeacefulCaps:
    """The caps compatible with peace at ``values`` (``pressure``/``guarantee`` override them)."""
    d = derivation()
    v = dict(values)
    if pressure is not None:
        v["pressure"] = pressure
    if guarantee is not None:
        v["guarantee"] = guarantee
    low, high = d.f_bounds(*(v[n] for n in _POWELL_ARGS))
    low, high = Fraction(low), Fraction(high)
    cap_args = [v[n] for n in _CAP_ARGS]
    ceiling = 1 - v["guarantee"]          # Russia's future odds with Ukraine disarmed (k = 0)
    # p_future(k) falls from `ceiling` towards 0 as k grows: Ukraine's constraint
    # p_future <= high gives the tightest cap, Russia's p_future >= low the largest.
    ukraine_limit = Fraction(0) if high >= ceiling else Fraction(d.f_cap_for(high, *cap_args))
    russia_limit: Fraction | None = None if low <= 0 else Fraction(d.f_cap_for(low, *cap_args))
    tightest = max(Fraction(0), ukraine_limit)
    largest = v["army"] if russia_limit is None else min(v["army"], russia_limit)
    if high < low or largest < tightest:
        return PeacefulCaps((low, high), None, None, russia_limit, ukraine_limit)
    return PeacefulCaps((low, high), tightest, largest, russia_limit, ukraine_limit)


def p_future(values: Mapping[str, Fraction], k: Fraction) -> Fraction:
    """Russia's chance of winning a renewed war after a cap ``k``."""
    return Fraction(derivation().f_p_future(k, *(values[n] for n in _CAP_ARGS)))


def fearon_range(values: Mapping[str, Fraction], *, pressure: Fraction | None = None) -> list[Fraction]:
    """Fearon's bargaining range of Russia's share at today's odds, ``[p_now - c_R, p_now + c_U + pressure]``."""
    v = dict(values)
    if pressure is not None:
        v["pressure"] = pressure
    lo, hi = derivation().f_fearon(*(v[n] for n in _FEARON_ARGS))
    return [Fraction(lo), Fraction(hi)]


@dataclass(frozen=True)
class Offer:
    """Ukraine's best take-it-or-leave-it offer and the probability Russia refuses it."""

    offer: Fraction            # Russia's share offered
    war_probability: Fraction
    active: str                # lower / upper bound of the offer, or interior
    accept_range: tuple[Fraction, Fraction]


def best_offer(values: Mapping[str, Fraction], *, pressure: Fraction | None = None) -> Offer:
    d = derivation()
    v = dict(values)
    if pressure is not None:
        v["pressure"] = pressure
    args = [v[n] for n in _OFFER_ARGS]
    for sol in d.f_offer:
        if all(bool(c(*args)) for c in sol.conditions):
            y = Fraction(sol.offer(*args))
            active = sol.solution.active["Ukraine"]
            break
    else:  # pragma: no cover - the active sets cover the parameter space
        raise gt.SolverError("ceasefire: no closed-form offer holds at these values")
    lo, hi = v["c_R"] - v["spread"], v["c_R"] + v["spread"]
    # Russia fights when its cost is below p_now - y
    war = min(Fraction(1), max(Fraction(0), (v["p_now"] - y - lo) / (hi - lo)))
    return Offer(y, war, active, (max(Fraction(0), v["p_now"] - hi), max(Fraction(0), v["p_now"] - lo)))


INSPECTION_STRATEGIES = (("comply", "violate"), ("inspect", "not inspect"))


def inspection_game(gain: Fraction, penalty: Fraction, cost: Fraction, harm: Fraction,
                    detect: Fraction) -> gt.NormalFormGame:
    """Ukraine (rows: comply, violate) against Russia (columns: inspect, not inspect)."""
    ukraine = [[0, 0], [(1 - detect) * gain - detect * penalty, gain]]
    russia = [[-cost, 0], [-cost - (1 - detect) * harm, -harm]]
    return gt.NormalFormGame.from_bimatrix(
        ukraine, russia, players=PLAYERS[::-1], strategies=[list(s) for s in INSPECTION_STRATEGIES],
        title="Verifying the cap: inspection game")


@functools.lru_cache(maxsize=4096)
def _inspection(gain: Fraction, penalty: Fraction, cost: Fraction, harm: Fraction,
                detect: Fraction) -> gt.SolveResult:
    return gt.solve(inspection_game(gain, penalty, cost, harm, detect))


def inspection(values: Mapping[str, Fraction]) -> gt.SolveResult:
    """All equilibria of the inspection game at ``values`` (solved by the engine, cached)."""
    return _inspection(values["gain_V"], values["penalty"], values["inspect_cost"], values["harm"],
                       values["detect"])


def violation_probability(res: gt.SolveResult) -> Fraction:
    """The largest probability of violation over the equilibria (the conservative reading)."""
    return max(Fraction(e.profile[0][1]) for e in res)


# --------------------------------------------------------------------------- the model
class Ceasefire(Model):
    name = "ceasefire"
    title = "Ceasefire bargaining over a cap on Ukraine's army"
    question = ("Which caps on Ukraine's army are compatible with peace, how are the stakes split, "
                "how likely are talks to fail, and can the cap be verified?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169-203.",
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3), 379-414.",
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
        """The games at ``values``: the offer game (continuous), the inspection game (matrix),
        and the inputs of the commitment problem, Fearon's range and Rubinstein's game."""
        v = values
        c_u = v["c_U"] + v["pressure"]
        return {
            "offer": offer_game().substitute({n: v[n] for n in _OFFER_ARGS}),
            "inspection": inspection_game(v["gain_V"], v["penalty"], v["inspect_cost"], v["harm"], v["detect"]),
            "commitment": {"p_now": v["p_now"], "p_future": p_future(v, v["cap"]), "cost_a": v["c_R"],
                           "cost_b": c_u, "delta": v["delta"], "pie": 1 - v["delta"], "players": PLAYERS},
            "fearon": {"p": v["p_now"], "cost_a": v["c_R"], "cost_b": c_u, "players": PLAYERS},
            "rubinstein": self._rubinstein_inputs(v, v["pressure"]),
        }

    @staticmethod
    def _rubinstein_inputs(v: Mapping[str, Fraction], pressure: Fraction) -> dict[str, Any]:
        war = (max(Fraction(0), v["p_now"] - v["c_R"]),
               max(Fraction(0), 1 - v["p_now"] - v["c_U"] - pressure))
        return {"discount": (v["patience_R"], v["patience_U"]), "breakdown": v["breakdown"],
                "breakdown_payoffs": war, "outside_options": war, "first": "Ukraine", "players": PLAYERS}

    # ------------------------------------------------------------------ outcome
    def _key(self, values: Mapping[str, Fraction], caps: PeacefulCaps,
             offer: Callable[[], Offer], violation: Callable[[], Fraction]) -> str:
        if not caps.exists:
            return "commitment_failure"
        k = values["cap"]
        assert caps.tightest is not None and caps.largest is not None
        if k < caps.tightest:
            return "cap_too_tight"
        if k > caps.largest:
            return "cap_too_loose"
        if violation() > values["tolerance"]:
            return "unverifiable"
        if offer().war_probability > values["tolerance"]:
            return "fragile_settlement"
        return "settlement"

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone (what the flip scan needs): the same pieces as :meth:`analyse`,
        computed lazily."""
        return self._key(values, peaceful_caps(values), lambda: best_offer(values),
                         lambda: violation_probability(inspection(values)))

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        v = dict(values)
        caps = peaceful_caps(v)
        offer = best_offer(v)
        insp = inspection(v)
        violation = violation_probability(insp)
        key = self._key(v, caps, lambda: offer, lambda: violation)
        pf_cap = p_future(v, v["cap"])
        # the commitment problem at the proposed cap, solved afresh: the report's equilibrium,
        # and a check of the cap interval derived from the symbolic solution
        powell = gt.commitment_problem(v["p_now"], pf_cap, v["c_R"], v["c_U"] + v["pressure"], v["delta"],
                                       pie=1 - v["delta"], players=PLAYERS)
        rub = gt.rubinstein(**self._rubinstein_inputs(v, v["pressure"]))
        notes: list[str] = list(rub.diagnostics)
        if bool(powell.peace_possible) != caps.contains(v["cap"]):  # pragma: no cover - consistency guard
            notes.append("the commitment problem solved at the cap disagrees with the derived cap interval")

        # counterfactuals: the guarantee and US pressure toggled off
        zero = Fraction(0)
        caps_ng = peaceful_caps(v, guarantee=zero)
        caps_np = peaceful_caps(v, pressure=zero)
        offer_np = best_offer(v, pressure=zero)
        rub_np = gt.rubinstein(**self._rubinstein_inputs(v, zero))
        inspect_p = max(Fraction(e.profile[1][0]) for e in insp)
        quantities: dict[str, Any] = {
            "p_future_at_cap": pf_cap,
            "peaceful_caps": caps.interval,
            "p_future_bounds": list(caps.bounds),
            "bargaining_range_russia": fearon_range(v),
            "rubinstein_split": rub.by_name(),
            "offer_to_russia": offer.offer,
            "war_probability": offer.war_probability,
            "violation_probability": violation,
            "inspection_probability": inspect_p,
            "without_guarantee": {"peaceful_caps": caps_ng.interval},
            "without_pressure": {
                "peaceful_caps": caps_np.interval,
                "bargaining_range_russia": fearon_range(v, pressure=zero),
                "rubinstein_split": rub_np.by_name(),
                "war_probability": offer_np.war_probability,
            },
        }
        equilibrium = {
            "commitment_at_cap": {
                "p_now": v["p_now"],
                "p_future": pf_cap,
                "peace_possible": bool(powell.peace_possible),
                "declining": powell.declining,
                "p_future_bounds": list(powell.p_future_bounds),
                "war_values_now": dict(zip(PLAYERS, powell.war_values_now)),
            },
            "rubinstein": {"shares": rub.by_name(), "proposer": rub.proposer,
                           "outside_option_binds": dict(zip(PLAYERS, rub.outside_option_binds))},
            "offer": {"Russia's share offered": offer.offer, "war_probability": offer.war_probability,
                      "active": offer.active},
            "inspection": [
                {"Ukraine violates": e.profile[0][1], "Russia inspects": e.profile[1][0],
                 "payoffs": dict(zip(("Ukraine", "Russia"), e.payoffs)), "max_regret": e.max_regret}
                for e in insp
            ],
        }
        o = self.outcome(key)
        reason = self._reason(v, key, caps, caps_ng, caps_np, offer, offer_np, violation, inspect_p, rub)
        return ModelResult(
            model=self.name,
            values=v,
            outcome=o,
            statement=f"{o.headline}: {reason} {o.explanation}",
            equilibrium=equilibrium,
            quantities=quantities,
            method="commitment_problem, fearon_bargaining_range, rubinstein, "
                   f"solve_continuous_symbolic, {insp.method}",
            diagnostics=tuple(notes),
        )

    # ------------------------------------------------------------------ words
    @staticmethod
    def _reason(v: Mapping[str, Fraction], key: str, caps: PeacefulCaps, caps_ng: PeacefulCaps,
                caps_np: PeacefulCaps, offer: Offer, offer_np: Offer, violation: Fraction,
                inspect_p: Fraction, rub: gt.RubinsteinResult) -> str:
        parts = []
        if caps.exists:
            aside = []
            if v["guarantee"] > 0 and caps_ng.interval != caps.interval:
                aside.append(f"{_caps_text(caps_ng)} without the guarantee")
            if v["pressure"] > 0 and caps_np.interval != caps.interval:
                aside.append(f"{_caps_text(caps_np)} without US pressure")
            more = f" ({'; '.join(aside)})" if aside else ""
            parts.append(f"caps of {_caps_text(caps)} troops are compatible with peace{more}, and the "
                         f"proposed cap is {_troops(v['cap'])}")
        else:
            parts.append(f"peace needs Russia's future chance of winning to stay between "
                         f"{_prob(caps.bounds[0])} and {_prob(caps.bounds[1])}, and no cap up to "
                         f"Ukraine's current {_troops(v['army'])} troops achieves that")
        if key in ("settlement", "fragile_settlement", "unverifiable"):
            np_text = f" ({_prob(offer_np.war_probability)} without US pressure)" if v["pressure"] > 0 else ""
            parts.append(f"Ukraine's best take-it-or-leave-it offer gives Russia {_prob(offer.offer)} of "
                         f"the stakes and is refused with probability {_prob(offer.war_probability)}{np_text}")
            parts.append(f"under alternating offers Russia gets {_prob(rub.shares[0])}")
            parts.append(f"in the inspection game Ukraine exceeds the cap with probability "
                         f"{_prob(violation)} and Russia inspects with probability {_prob(inspect_p)}")
        return "; ".join(parts) + "."


def _caps_text(caps: PeacefulCaps) -> str:
    if caps.tightest is None or caps.largest is None:
        return "none"
    return f"{_troops(caps.tightest)} to {_troops(caps.largest)}"


def _troops(k: Fraction) -> str:
    """Thousands of troops in words, to the nearest thousand."""
    return f"{round(float(k)) * 1000:,}"


def _prob(x: Any) -> str:
    return format_value(x)
