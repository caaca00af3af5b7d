"""Nuclear ultimatum as brinkmanship, with French/UK retaliation a choice and a limited rung.

Russia may issue an ultimatum: a political demand backed by a risk ``q`` that defiance leads to
a *limited* Russian nuclear strike on the eastern flank (Schelling's threat that leaves
something to chance, 1960, ch. 8; the limited rung below a strategic exchange, Powell 2015).
Russia commits to the risk, not to the strike: the threat is believed only as a risk, and
running it costs Russia what the answer to a strike would cost it.

The game, built as a tree and solved by the engine:

1. Russia chooses *no ultimatum* (status quo, payoffs 0) or an ultimatum with risk ``q``.
2. Chance draws Europe's resolve (resolute with probability ``rho``: complying costs it the
   stake ``v`` plus a fixed precedent cost ``c_E``, which does not shrink with the stake) and
   France/UK's resolve (resolute with probability ``rho_F``: failing an ally costs them
   ``k_F``). Europe and France/UK know both; Russia only the odds.
3. Europe complies (Russia ``v``) or defies. After defiance, with probability ``1 - q``
   nothing happens (Russia loses face ``a_R``, Europe gains ``b_E``); with probability ``q``
   Russia strikes (Europe loses ``L_E``).
4. France/UK choose to retaliate or hold. Retaliation costs them the risk ``e`` of a
   strategic exchange (``e D_E``); holding costs them their resolve cost (``k_F`` if
   resolute) plus the tripwire cost ``t_F`` of forward-based forces that were hit.
5. Chance: the US answers with probability ``u_US``. If anyone answered, Russia bears
   ``D_FUK`` (French/UK retaliation) and/or ``D_US`` (US response) and the demand fails,
   while Europe bears the escalation risk ``e D_E``; if no one answered, Russia gets the
   demand and Europe capitulates after the strike (``L_E`` plus its cost of complying).

French/UK retaliation is subgame perfect: each type retaliates exactly when
``k_F + t_F >= (1 - u_US) e D_E`` (for its own ``k_F``). Europe's response to every ``q`` is
found by piecewise backward induction with ``q`` symbolic
(:func:`~gametheory.symbolic.spe.symbolic_backward_induction`): each type complies exactly
when ``q`` reaches its *effectiveness* threshold (Dixit & Skeath). Russia's expected payoff is
linear in ``q`` between thresholds and jumps up at each, so its best ultimatum sits at a
threshold or at ``q = 1``; backward induction over those candidates and the status quo gives
Russia's choice (an ultimatum only when *acceptable*: better than the status quo).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import TYPE_CHECKING, Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Flip, Model, ModelResult, Outcome, format_value, readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flip_points
from gametheory.symbolic import Parameter

if TYPE_CHECKING:
    import sympy


def _symbolic_spe(game: ExtensiveGame) -> Any:
    """The engine's symbolic backward induction (loads sympy: the symbolic path only)."""
    from gametheory.symbolic.spe import symbolic_backward_induction

    return symbolic_backward_induction(game)


ILLUSTRATIVE = "illustrative assumption"

#: Tripwire cost (stake units) of not answering a strike that hit French/UK forward forces.
TRIPWIRE = 10
#: Russia's margin over the status quo, as a share of the stake, below which a result is flagged
#: as a knife-edge.
KNIFE_EDGE = Fraction(1, 4)
#: Pure equilibria listed by the engine (ties at indifferent types multiply them).
MAX_LISTED = 16
#: A limited strike's damage to Europe, as a share of its loss in a strategic exchange.
LIMITED_SHARE = Fraction(1, 5)

PARAMETERS = (
    Parameter("u_US", "probability the US answers a Russian nuclear strike on Europe", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("rho_F", "Russia's belief that France/UK are resolute (would rather retaliate than fail an ally)",
              "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("rho", "Russia's belief that Europe is resolute (complying sets a costly precedent)", "1/3", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "value of the political concession demanded (to each side)", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (payoffs are in units of the stakes)"),
    Parameter("c_E", "a resolute Europe's fixed precedent cost of complying (does not shrink with v)", "50",
              0, 1000, unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's loss when its ultimatum is defied and nothing happens", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("b_E", "Europe's gain from defying an ultimatum that fizzles", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("L_E", "Europe's loss from a limited Russian nuclear strike", "10", 0, 10000, lower_open=True,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_E", "Europe's loss in a strategic nuclear exchange", "50", 0, 10000, lower_open=True,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("e", "probability that a nuclear answer to the strike escalates to a strategic exchange",
              "1/10", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("k_F", "a resolute France/UK's cost of failing an ally (credibility, alliance collapse)", "10",
              0, 1000, unit="stake units", source=ILLUSTRATIVE),
    Parameter("t_F", "France/UK's extra cost of not answering a strike that hit their forward forces (tripwire)",
              "0", 0, 1000, unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_FUK", "Russia's loss from French and British retaliation", "20", 0, 10000,
              unit="stake units",
              source="illustrative; FAS (2025) estimates about 290 French and 225 British warheads "
                     "against about 5,459 Russian -- few, but enough to destroy Russia's largest cities"),
    Parameter("D_US", "additional loss to Russia from a US nuclear response", "100", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("u_US", "us_umbrella", "the US answers a nuclear strike on Europe with the umbrella's probability"),
    link("rho", "europe_resolve", "Moscow's belief that Europe is the resolute type"),
    link("rho_F", "fuk_resolve", "Moscow's belief that France/UK would retaliate is its belief that they are the "
         "resolute type (a resolute type does retaliate wherever k_F >= (1 - u_US) e D_E)"),
    link("D_FUK", "fuk_damage", "French/UK retaliation does their full retaliatory damage"),
    link("D_US", "us_nuclear_damage", "a US response does the US retaliatory damage"),
    link("D_E", "europe_nuclear_loss", "Europe's loss in a strategic exchange is its loss in a nuclear war"),
    WorldLink("L_E", ("europe_nuclear_loss",), lambda w: LIMITED_SHARE * w["europe_nuclear_loss"],
              "a limited strike does a fifth of the damage of a nuclear war to Europe"),
    link("e", "nuclear_escalation", "a nuclear answer escalates to a strategic exchange with the suite's "
         "escalation risk"),
    WorldLink("t_F", ("fuk_forward",), lambda w: TRIPWIRE * w["fuk_forward"],
              "hand-tying, not automatic retaliation: with forces forward, a strike on the flank hits French/UK "
              f"units, and not answering it costs France/UK {TRIPWIRE} stake units more (0 without forward forces)"),
)

OUTCOMES = (
    Outcome("no_ultimatum", "No ultimatum: the threat would not pay",
            "Every ultimatum that would make Europe comply carries a risk that Russia itself finds "
            "unacceptable: the Europe that still defies would draw a strike that France/UK or the US "
            "answer, so Russia does not issue one."),
    Outcome("ineffective", "No ultimatum: no risk level would make Europe comply",
            "Even a certain limited strike would not make any type of Europe comply, so an ultimatum "
            "could only fail."),
    Outcome("ultimatum", "Russia issues an ultimatum and Europe complies",
            "Russia picks the smallest risk of a limited strike that makes Europe (some or every type) "
            "give in; a Europe that still defies runs that risk."),
)

PLAYERS = ("Russia", "Europe", "France/UK")
E_TYPES = ("resolute", "irresolute")
F_TYPES = ("resolute", "irresolute")
FUK_ACTIONS = ("retaliate", "hold")


def _cost(s: Mapping[str, Any], etype: str) -> Any:
    """Europe's cost of complying (of capitulating): the stake, plus the precedent if resolute."""
    return s["v"] + s["c_E"] if etype == "resolute" else s["v"]


def _back_down(s: Mapping[str, Any], ftype: str) -> Any:
    """France/UK's cost of not answering: their resolve cost plus the tripwire."""
    return (s["k_F"] if ftype == "resolute" else 0) + s["t_F"]


def _after_strike(s: Mapping[str, Any], etype: str, ftype: str, action: str | None, key: str) -> Any:
    """The subtree after a Russian limited strike: France/UK's choice (or a fixed ``action``),
    then whether the US answers."""
    esc = s["e"] * s["D_E"]
    u = s["u_US"]
    answered = (-s["L_E"] - esc, -esc)
    retaliate = chance({"US answers": (u, (-s["D_FUK"] - s["D_US"], *answered)),
                        "US does not": (1 - u, (-s["D_FUK"], *answered))})
    hold = chance({"US answers": (u, (-s["D_US"], -s["L_E"] - esc, -esc - _back_down(s, ftype))),
                   "US does not": (1 - u, (s["v"], -s["L_E"] - _cost(s, etype), -_back_down(s, ftype)))})
    if action == "retaliate":
        return retaliate
    if action == "hold":
        return hold
    return decision("France/UK", {"retaliate": retaliate, "hold": hold},
                    infoset=f"France/UK ({ftype}, {etype} Europe){key}" if key else f"France/UK ({ftype})")


def _europe_node(s: Mapping[str, Any], q: Any, etype: str, ftype: str, action: str | None, key: str = "") -> Any:
    defy = chance({"strike": (q, _after_strike(s, etype, ftype, action, key)),
                   "nothing": (1 - q, (-s["a_R"], s["b_E"], 0))})
    return decision("Europe", {"comply": (s["v"], -_cost(s, etype), 0), "defy": defy},
                    infoset=f"Europe ({etype}, F/UK {ftype}){key}")


def _prob(values: Mapping[str, Fraction], etype: str, ftype: str) -> Fraction:
    pe = values["rho"] if etype == "resolute" else 1 - values["rho"]
    pf = values["rho_F"] if ftype == "resolute" else 1 - values["rho_F"]
    return pe * pf


def _combo(etype: str, ftype: str) -> str:
    return f"{etype} Europe, {ftype} France/UK"


def _who(types: list[tuple[str, str]]) -> str:
    """The type combinations in words (a Europe type stands for both French/UK types when both are there)."""
    parts = []
    for et in E_TYPES:
        fts = [ft for e, ft in types if e == et]
        if len(fts) == len(F_TYPES):
            parts.append(f"a {et} Europe")
        parts.extend(f"a {et} Europe backed by a {ft} France/UK" for ft in fts if len(fts) < len(F_TYPES))
    return " or ".join(parts)


class Ultimatum(Model):
    name = "ultimatum"
    title = "Nuclear ultimatum: brinkmanship, French/UK retaliation and the US umbrella"
    question = ("Would Russia back a demand with a risk of limited nuclear use, would Europe comply, and would "
                "France/UK retaliate?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = ("v",)
    references = (
        "Schelling, T. C. (1960). The Strategy of Conflict, ch. 8. Harvard University Press.",
        "Schelling, T. C. (1966). Arms and Influence, ch. 2-3 (tripwires, commitment). Yale University Press.",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge University Press.",
        "Powell, R. (2015). Nuclear brinkmanship, limited war, and military power. International Organization "
        "69(3), 589-626.",
        "Dixit, A., Skeath, S., Reiley, D. (2015). Games of Strategy, 4th ed., ch. 13 (brinkmanship). Norton.",
        "Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus sinking costs. "
        "Journal of Conflict Resolution 41(1), 68-90.",
        "Kristensen, H. M., Korda, M., et al. (2025). Status of World Nuclear Forces. Federation of American Scientists.",
    )

    # ------------------------------------------------------------- symbolic part (computed once)
    @cached_property
    def risk(self) -> Parameter:
        return Parameter("q", "risk of a limited strike if Europe defies", "1/2", 0, 1, unit="probability",
                         source="chosen by Russia")

    @cached_property
    def retaliation_analyses(self) -> dict[str, Any]:
        """France/UK's choice after a strike, by type, by piecewise backward induction."""
        s = {p.name: p.symbol for p in self.parameters}
        out = {}
        for ftype in F_TYPES:
            game = ExtensiveGame.from_tree(_after_strike(s, "irresolute", ftype, None, ""), players=list(PLAYERS),
                                           parameters=list(self.parameters),
                                           title=f"A {ftype} France/UK after a Russian limited strike")
            out[ftype] = _symbolic_spe(game)
        return out

    @cached_property
    def response_analyses(self) -> dict[tuple[str, str], Any]:
        """Europe's response to an ultimatum with risk ``q``, for each type of Europe and each
        French/UK action after a strike, by piecewise backward induction."""
        params = (*self.parameters, self.risk)
        s = {p.name: p.symbol for p in params}
        out = {}
        for etype, action in product(E_TYPES, FUK_ACTIONS):
            game = ExtensiveGame.from_tree(_europe_node(s, s["q"], etype, "irresolute", action),
                                           players=list(PLAYERS), parameters=list(params),
                                           title=f"A {etype} Europe facing an ultimatum; France/UK {action}")
            out[(etype, action)] = _symbolic_spe(game)
        return out

    @cached_property
    def effectiveness_thresholds(self) -> dict[tuple[str, str], sympy.Expr]:
        """For each type of Europe and French/UK action, the risk at which Europe is indifferent
        between complying and defying (Dixit & Skeath's effectiveness condition), read off the
        regime boundary in ``q`` that the symbolic induction found, not typed in."""
        import sympy

        out: dict[tuple[str, str], sympy.Expr] = {}
        for key, analysis in self.response_analyses.items():
            # the coefficient of q is positive wherever the threshold is used (thresholds_at checks
            # the denominator), but its sign is not fixed symbolically: relation "boundary"
            bounds = {b for t in analysis.thresholds("q") if t.solved
                      for b in (t.bound if isinstance(t.bound, tuple) else (t.bound,))}
            if len(bounds) != 1:  # pragma: no cover - the decision has one boundary in q
                raise GameError(f"ultimatum: expected one threshold in q for {key}, got {bounds}")
            out[key] = sympy.simplify(next(iter(bounds)))
        return out

    @cached_property
    def credibility_conditions(self) -> dict[str, sympy.Basic]:
        """For each French/UK type, the condition under which it retaliates (from the engine)."""
        out = {}
        for ftype, analysis in self.retaliation_analyses.items():
            reg = next(r for r in analysis.regimes if r.plan[f"France/UK ({ftype})"] == "retaliate")
            out[ftype] = reg.condition
        return out

    # ------------------------------------------------------------- at given values
    def retaliates(self, values: Mapping[str, Fraction], *, symbolic: bool = False) -> dict[str, bool]:
        """Whether each French/UK type retaliates after a strike (subgame perfect; ties to retaliate).

        By default the credibility condition the engine derives (:attr:`credibility_conditions`)
        is evaluated directly; ``symbolic=True`` reads the regime off the engine's piecewise
        backward induction (the first call derives it: about two seconds; the tests check both
        agree)."""
        if symbolic:
            return dict(self._memo("retaliates", values, self._retaliates))
        return self._fast_retaliates(values)

    def _memo(self, what: str, values: Mapping[str, Fraction], compute: Any) -> Any:
        """Results at a parameter point, kept for the few calls one analysis makes."""
        cache: dict[Any, Any] = self.__dict__.setdefault("_cache", {})
        key = (what, tuple(sorted((k, values[k]) for k in values)))
        if key not in cache:
            if len(cache) > 512:
                cache.clear()
            cache[key] = compute(values)
        return cache[key]

    def _retaliates(self, values: Mapping[str, Fraction]) -> dict[str, bool]:
        out = {}
        for ftype, analysis in self.retaliation_analyses.items():
            out[ftype] = analysis.regime_at(dict(values)).plan[f"France/UK ({ftype})"] == "retaliate"
        return out

    def _margin(self, values: Mapping[str, Fraction], ftype: str) -> Fraction:
        """Retaliation minus holding for a French/UK type (>= 0: retaliates)."""
        return (_back_down(values, ftype) - (1 - values["u_US"]) * values["e"] * values["D_E"])

    def _fast_retaliates(self, values: Mapping[str, Fraction]) -> dict[str, bool]:
        """:meth:`retaliates` by direct evaluation of the credibility condition (flip scans)."""
        return {ft: self._margin(values, ft) >= 0 for ft in F_TYPES}

    def _fast_thresholds(self, values: Mapping[str, Fraction], rets: Mapping[str, bool] | None = None
                         ) -> dict[tuple[str, str], Fraction | None]:
        """:meth:`thresholds_at` by direct evaluation of the closed forms (flip scans); ``rets``:
        :meth:`_fast_retaliates` at ``values`` when already known."""
        if rets is None:
            rets = self._fast_retaliates(values)
        out: dict[tuple[str, str], Fraction | None] = {}
        for etype, ftype in product(E_TYPES, F_TYPES):
            den = self._denominator(values, etype, "retaliate" if rets[ftype] else "hold")
            out[(etype, ftype)] = (_cost(values, etype) + values["b_E"]) / den if den > 0 else None
        return out

    def thresholds_at(self, values: Mapping[str, Fraction], *, fast: bool = True
                      ) -> dict[tuple[str, str], Fraction | None]:
        """Effectiveness threshold of each (Europe type, France/UK type) at given values, given what
        France/UK do there (``None``: that Europe never complies; values may exceed 1). By default
        the closed forms are evaluated directly (they are the engine's: the tests check them
        against :attr:`effectiveness_thresholds`); ``fast=False`` substitutes ``values`` into
        the engine's symbolic thresholds (derived on first use, about two seconds)."""
        if fast:
            return self._fast_thresholds(values)
        return dict(self._memo("thresholds", values, self._thresholds))

    def _thresholds(self, values: Mapping[str, Fraction]) -> dict[tuple[str, str], Fraction | None]:
        import sympy

        rets = self.retaliates(values, symbolic=True)
        subs = {p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
                for p in self.parameters}
        out: dict[tuple[str, str], Fraction | None] = {}
        for etype, ftype in product(E_TYPES, F_TYPES):
            action = "retaliate" if rets[ftype] else "hold"
            den = self._denominator(values, etype, action)
            if den <= 0:
                out[(etype, ftype)] = None
                continue
            val = self.effectiveness_thresholds[(etype, action)].subs(subs)
            if not val.is_Rational:  # pragma: no cover - rational inputs give a rational threshold
                raise GameError(f"ultimatum: threshold is not rational at these values: {val}")
            out[(etype, ftype)] = Fraction(int(val.p), int(val.q))
        return out

    @staticmethod
    def _denominator(values: Mapping[str, Fraction], etype: str, action: str) -> Fraction:
        """``b_E`` minus Europe's expected payoff after a strike (the threshold's denominator)."""
        esc = values["e"] * values["D_E"]
        if action == "retaliate":
            after = -values["L_E"] - esc
        else:
            u = values["u_US"]
            after = -values["L_E"] - u * esc - (1 - u) * _cost(values, etype)
        return values["b_E"] - after

    def candidate_risks(self, values: Mapping[str, Fraction], *, fast: bool = True) -> list[Fraction]:
        """Risk levels worth considering: the thresholds inside [0, 1], and certainty."""
        qs = {q for q in self.thresholds_at(values, fast=fast).values() if q is not None and 0 <= q <= 1}
        qs.add(Fraction(1))
        return sorted(qs)

    def _strike_payoffs(self, values: Mapping[str, Fraction], ftype: str, retaliates: bool) -> Fraction:
        """Russia's expected payoff once it has struck."""
        u = values["u_US"]
        if retaliates:
            return -values["D_FUK"] - u * values["D_US"]
        return -u * values["D_US"] + (1 - u) * values["v"]

    def russia_payoff(self, values: Mapping[str, Fraction], q: Fraction, *, fast: bool = True) -> Fraction:
        """Russia's expected payoff of an ultimatum at risk ``q`` (types at or above their threshold comply)."""
        rets = self._fast_retaliates(values) if fast else self.retaliates(values, symbolic=True)
        th = self.thresholds_at(values, fast=fast)
        return self._payoff_at(values, q, rets, th)

    def _payoff_at(self, values: Mapping[str, Fraction], q: Fraction, rets: Mapping[str, bool],
                   th: Mapping[tuple[str, str], Fraction | None]) -> Fraction:
        """:meth:`russia_payoff` given what France/UK do (``rets``) and the thresholds ``th``."""
        total = Fraction(0)
        for etype, ftype in product(E_TYPES, F_TYPES):
            t = th[(etype, ftype)]
            if t is not None and t <= q:
                pay = values["v"]
            else:
                pay = q * self._strike_payoffs(values, ftype, rets[ftype]) - (1 - q) * values["a_R"]
            total += _prob(values, etype, ftype) * pay
        return total

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome by direct evaluation of the same conditions (fast path for flip scans;
        the tests check it against the engine's solution)."""
        rets = self._fast_retaliates(values)
        th = self._fast_thresholds(values, rets)  # what thresholds_at(fast=True) returns, computed once
        if not any(t is not None and t <= 1 for t in th.values()):
            return "ineffective"
        qs = {t for t in th.values() if t is not None and 0 <= t <= 1}  # candidate_risks, from th
        qs.add(Fraction(1))
        best = max(self._payoff_at(values, q, rets, th) for q in sorted(qs))
        return "ultimatum" if best > 0 else "no_ultimatum"

    def fast_outcome_key(self, values: Mapping[str, float]) -> str:
        """:meth:`outcome_key` in floats (flip scans and grids; confirmed exactly where it matters)."""
        return self.outcome_key(values)  # type: ignore[arg-type]  # the conditions are generic in the number type

    def boundaries(self, values: Mapping[str, Fraction], name: str) -> list[Fraction]:
        """Exact values of ``name`` at which a French/UK type's credibility condition
        ``k_F + t_F = (1 - u_US) e D_E`` (with ``k_F`` only for the resolute type) is an equality,
        solved for ``name`` with the other parameters at ``values``."""
        v = values
        out: list[Fraction] = []
        for ft in F_TYPES:
            back = _back_down(v, ft)
            k = v["k_F"] if ft == "resolute" else Fraction(0)
            need = (1 - v["u_US"]) * v["e"] * v["D_E"]
            if name == "t_F":
                out.append(need - k)
            elif name == "k_F" and ft == "resolute":
                out.append(need - v["t_F"])
            elif name == "u_US" and v["e"] * v["D_E"] != 0:
                out.append(1 - back / (v["e"] * v["D_E"]))
            elif name == "e" and (1 - v["u_US"]) * v["D_E"] != 0:
                out.append(back / ((1 - v["u_US"]) * v["D_E"]))
            elif name == "D_E" and (1 - v["u_US"]) * v["e"] != 0:
                out.append(back / ((1 - v["u_US"]) * v["e"]))
        return out

    def conditions(self, values: Mapping[str, Fraction]) -> list[Fraction]:
        """The exact quantities whose signs decide :meth:`outcome_key`: each French/UK type's
        credibility margin, each threshold's denominator, each threshold against 0, 1 and the
        others, and Russia's payoff of each candidate ultimatum (against the status quo, 0)."""
        out = [self._margin(values, ft) for ft in F_TYPES]
        out += [self._denominator(values, et, a) for et in E_TYPES for a in FUK_ACTIONS]
        # one entry per type and pair, whether or not a threshold exists there (1: no condition)
        th = list(self.thresholds_at(values).values())
        one = Fraction(1)
        out += [one if t is None else t - 1 for t in th] + [one if t is None else t for t in th]
        out += [one if a is None or b is None else a - b for i, a in enumerate(th) for b in th[i + 1:]]
        out += [self.russia_payoff(values, q) if q is not None and 0 <= q <= 1 else one for q in th]
        out.append(self.russia_payoff(values, one))
        return out

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: the grid scan and bisection in floats (:meth:`fast_outcome_key`), each
        bracket confirmed by the exact conditions (:meth:`outcome_key`, itself tested against the
        engine's solution); flips of the credibility condition are exact (:meth:`boundaries`), and
        so is every flip whose simplest value in the bracket zeroes a deciding condition
        (:meth:`conditions`)."""
        return fast_flip_points(self, values, current)

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        actions: dict[str, Any] = {"no ultimatum": (0, 0, 0)}
        for q in self.candidate_risks(values):
            key = f" @{format_value(q)}"
            actions[f"ultimatum at risk {format_value(q)}"] = chance({
                _combo(et, ft): (_prob(values, et, ft), _europe_node(values, q, et, ft, None, key))
                for et, ft in product(E_TYPES, F_TYPES)
            })
        root = decision("Russia", actions, infoset="Russia: ultimatum?")
        return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Nuclear ultimatum")

    def _consistent(self, acts: Mapping[str, Any], values: Mapping[str, Fraction]) -> bool:
        """Ties broken as in the continuous game: a type at its threshold complies (else Russia
        would raise q by an arbitrarily small amount), France/UK indifferent retaliate."""
        th = self.thresholds_at(values)
        rets = self.retaliates(values)
        for q in self.candidate_risks(values):
            key = f" @{format_value(q)}"
            for et, ft in product(E_TYPES, F_TYPES):
                t = th[(et, ft)]
                want = "comply" if t is not None and t <= q else "defy"
                if acts.get(f"Europe ({et}, F/UK {ft}){key}") != want:
                    return False
                f_act = acts.get(f"France/UK ({ft}, {et} Europe){key}")
                if f_act is not None and f_act != ("retaliate" if rets[ft] else "hold"):
                    return False
        return True

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        game = self.build(values)
        # Actions are ordered so that the first optimal action is the continuous game's tie-break
        # (comply, retaliate, no ultimatum): the first equilibrium is the one reported; ties
        # multiply pure equilibria exponentially, so only a few are listed.
        res = backward_induction(game, max_equilibria=MAX_LISTED)
        cands = [eq for eq in res if self._consistent(eq.actions(), values)]
        best = cands[0] if cands else res[0]
        acts = best.actions()
        choice = str(acts["Russia: ultimatum?"])
        th = self.thresholds_at(values)
        rets = self.retaliates(values)
        v = values["v"]
        notes = list(res.diagnostics)
        q_star: Fraction | None = None
        p_strike = Fraction(0)
        best_ult = max(self.candidate_risks(values), key=lambda q: (self.russia_payoff(values, q), -q))
        margin = self.russia_payoff(values, best_ult)
        fuk = ("France/UK retaliate whatever their type" if all(rets.values()) else
               "only a resolute France/UK retaliates" if rets["resolute"] else
               "France/UK would not retaliate whatever their type" if not rets["irresolute"] else
               "only an irresolute France/UK retaliates")
        if choice == "no ultimatum":
            if not any(t is not None and t <= 1 for t in th.values()):
                key = "ineffective"
                reason = "no type of Europe would comply even at a certain limited strike"
            else:
                key = "no_ultimatum"
                reason = (f"the best ultimatum (risk {readable(best_ult, 'probability')}) would leave Russia "
                          f"{readable(-margin)} stake units worse off than the status quo, because {fuk} "
                          f"(Moscow judges France/UK resolute with probability {readable(values['rho_F'], 'probability')}) and the "
                          f"US answers with probability {readable(values['u_US'], 'probability')}")
        else:
            key = "ultimatum"
            q_star = next(q for q in self.candidate_risks(values) if choice == f"ultimatum at risk {format_value(q)}")
            defiers = [(et, ft) for et, ft in product(E_TYPES, F_TYPES)
                       if acts.get(f"Europe ({et}, F/UK {ft}) @{format_value(q_star)}") == "defy"]
            p_defy = sum((_prob(values, et, ft) for et, ft in defiers), Fraction(0))
            p_strike = p_defy * q_star
            if not defiers:
                reason = (f"Russia sets the risk of a limited strike at {readable(q_star, 'probability')}, high "
                          f"enough that every type of Europe complies, so the threat is never carried out; {fuk}")
            else:
                reason = (f"Russia sets the risk of a limited strike at {readable(q_star, 'probability')}; Europe "
                          f"defies with probability {readable(p_defy, 'probability')} ({_who(defiers)}), so a strike follows with probability {readable(p_strike, 'probability')}; {fuk}, "
                          f"and Russia still expects {readable(margin)} stake units over the status quo")
        # ties and knife-edges at the current point
        if margin == 0:
            notes.append("tie: Russia is exactly indifferent between its best ultimatum and the status quo; "
                         "the outcome rests on tie-breaking")
        elif abs(margin) < v * KNIFE_EDGE:
            notes.append(f"knife-edge: Russia's best ultimatum is within {readable(abs(margin))} stake units of "
                         f"the status quo (less than {readable(KNIFE_EDGE, 'share')} of the stake); small changes "
                         "flip the outcome")
        for ft in F_TYPES:
            m = self._margin(values, ft)
            if m == 0:
                notes.append(f"tie: a {ft} France/UK is indifferent between retaliating and holding; the model "
                             "assumes it retaliates")
            elif abs(m) < Fraction(1, 2):
                notes.append(f"knife-edge: a {ft} France/UK is within {readable(abs(m))} stake units of "
                             f"{'holding' if m > 0 else 'retaliating'}")
        if choice != "no ultimatum":
            notes.append("by construction the type(s) Russia targets are indifferent at the chosen risk (its "
                         "smallest effective value); they are taken to comply, the limit of the continuous game")
        if not cands:  # pragma: no cover - the tie-break above always leaves one
            notes.append("no equilibrium matched the continuous-game tie-break; the first one is reported")
        if not res.complete:
            notes.append(f"only the first {MAX_LISTED} pure subgame-perfect equilibria were listed (ties between "
                         "actions of equal value multiply them); the one reported breaks ties as the continuous game does "
                         "(indifferent types comply, an indifferent France/UK retaliates)")
        o = self.outcome(key)
        if margin == 0:
            reason += ". Tie: Russia is exactly indifferent, so the outcome rests on tie-breaking"
        elif abs(margin) < v * KNIFE_EDGE:
            reason += (f". Knife-edge: that margin is under {readable(KNIFE_EDGE, 'share')} of the stake, so small "
                       "changes flip the outcome")
        mechanism = ("Mechanism: Russia runs the smallest risk that makes Europe give in, and does so only if the "
                     "expected answer to a strike on the Europe that still defies costs it less than the demand "
                     "is worth.")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}: {reason}. {mechanism}",
            equilibrium={"plan": acts, "payoffs": dict(zip(PLAYERS, best.payoffs)),
                         "max_regret": best.max_regret, "equilibria": len(res)},
            quantities={
                "risk_chosen": q_star,
                "probability_of_strike": None if q_star is None else p_strike,
                "russia_gain_best_ultimatum": margin,
                "fuk_retaliates_resolute": rets["resolute"],
                "fuk_retaliates_irresolute": rets["irresolute"],
                "fuk_retaliation_probability": sum(
                    ((values["rho_F"] if ft == "resolute" else 1 - values["rho_F"]) for ft in F_TYPES if rets[ft]),
                    Fraction(0)),
                **{f"effectiveness_threshold_{et}_europe_{ft}_fuk": th[(et, ft)]
                   for et, ft in product(E_TYPES, F_TYPES)},
            },
            method=res.method,
            diagnostics=tuple(notes),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, sympy.Expr]:
        """Closed forms near ``values``: each (Europe, France/UK) type's effectiveness threshold
        (from the symbolic induction, for what France/UK do at ``values``) and, when Russia issues
        an ultimatum, the risk it chooses and the probability of a strike."""
        import sympy

        rets = self.retaliates(values)
        out: dict[str, sympy.Expr] = {}
        th = self.thresholds_at(values)
        for et, ft in product(E_TYPES, F_TYPES):
            if th[(et, ft)] is not None:
                action = "retaliate" if rets[ft] else "hold"
                out[f"effectiveness_threshold_{et}_europe_{ft}_fuk"] = self.effectiveness_thresholds[(et, action)]
        res = self.analyse(values)
        q_star = res.quantities["risk_chosen"]
        if res.outcome.key == "ultimatum" and q_star is not None:
            s = {p.name: p.symbol for p in self.parameters}
            match = [(et, ft) for et, ft in product(E_TYPES, F_TYPES) if th[(et, ft)] == q_star]
            if match:
                et, ft = match[0]
                q_expr = self.effectiveness_thresholds[(et, "retaliate" if rets[ft] else "hold")]
            else:
                q_expr = sympy.Integer(1)
            acts = res.equilibrium["plan"]
            defiers = [(a, b) for a, b in product(E_TYPES, F_TYPES)
                       if acts.get(f"Europe ({a}, F/UK {b}) @{format_value(q_star)}") == "defy"]

            def pr(a: str, b: str) -> Any:
                pe = s["rho"] if a == "resolute" else 1 - s["rho"]
                pf = s["rho_F"] if b == "resolute" else 1 - s["rho_F"]
                return pe * pf

            out["risk_chosen"] = q_expr
            out["probability_of_strike"] = sum((pr(a, b) for a, b in defiers), sympy.Integer(0)) * q_expr
        return out
