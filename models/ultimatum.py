"""Nuclear ultimatum as brinkmanship: a threat that leaves something to chance.

Russia may issue an ultimatum: a political demand backed by a risk ``q`` that defiance ends
in nuclear disaster (Schelling 1960, ch. 8; Powell 1987, 1990). Europe then complies or
defies. Europe is *resolute* with probability ``rho`` (complying costs it ``k_hard`` times
the stakes) and otherwise *irresolute*; Europe knows its type, Russia only the odds.

The game, built as a tree and solved by the engine:

1. Russia chooses *no ultimatum* (status quo, payoffs 0) or an ultimatum with risk ``q``.
2. Chance draws Europe's type.
3. Europe complies (Russia ``v``, Europe ``-v`` or ``-k_hard v``) or defies; after defiance,
   with probability ``q`` disaster (Russia ``-D_R``, Europe ``-D_E``), otherwise the
   ultimatum has failed (Russia ``-a_R``, Europe ``b_E``).

Russia's choice of ``q`` is continuous. Europe's response to every ``q`` is found by
piecewise backward induction with ``q`` left symbolic
(:func:`~gametheory.extensive.solvers.backward.symbolic_backward_induction`): each type complies
exactly when ``q`` is above its *effectiveness* threshold (Dixit & Skeath's effectiveness
condition). Russia's expected payoff is linear in ``q`` between thresholds and falls with
``q`` (a higher risk only adds danger once a type complies), so its best ultimatum sits at
a threshold; the model builds the tree with Russia choosing among *no ultimatum* and
ultimatums at the thresholds inside [0, 1], and backward induction picks the best (Russia
issues one only when it is *acceptable*: better than the status quo; Dixit & Skeath's
acceptability condition).

The US umbrella enters through Russia's disaster payoff: ``D_R = D_FUK + u_US * D_US``,
the damage the French and British forces can inflict plus, if the US umbrella holds
(``u_US`` = 1; intermediate values are its probability), the damage of a US response.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

import sympy

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Model, ModelResult, Outcome, format_value
from gametheory.symbolic import Parameter
from gametheory.symbolic.spe import symbolic_backward_induction

ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("u_US", "probability the US nuclear umbrella covers Europe", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("rho", "Russia's belief that Europe is resolute", "1/3", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "value of the political concession demanded (to each side)", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (payoffs are in units of the stakes)"),
    Parameter("k_hard", "how much more complying costs a resolute Europe (multiple of v)", "100", 1, 1000,
              unit="multiple of v", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's loss when its ultimatum is defied and nothing happens", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("b_E", "Europe's gain from defying an ultimatum that fails", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_E", "Europe's loss in a nuclear disaster", "50", 0, 10000, lower_open=True,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_FUK", "Russia's loss from French and British retaliation", "20", 0, 10000,
              unit="stake units",
              source="illustrative; FAS (2025) estimates about 290 French and 225 British warheads "
                     "against about 5,459 Russian -- few, but enough to destroy Russia's largest cities"),
    Parameter("D_US", "additional loss to Russia from a US nuclear response", "100", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE),
)

OUTCOMES = (
    Outcome("no_ultimatum", "No ultimatum: the threat would not pay",
            "Every ultimatum that would make Europe comply carries a risk of disaster that Russia "
            "itself finds unacceptable, so Russia does not issue one."),
    Outcome("ineffective", "No ultimatum: no risk level would make Europe comply",
            "Even a certain disaster would not make any type of Europe comply, so an ultimatum "
            "could only fail."),
    Outcome("ultimatum", "Russia issues an ultimatum and Europe complies",
            "Russia picks the smallest risk of disaster that makes Europe (an irresolute Europe, or "
            "every type) give in; a Europe that still defies faces disaster with that probability."),
)

PLAYERS = ("Russia", "Europe")


def _disaster_R(s: Mapping[str, Any]) -> Any:
    return s["D_FUK"] + s["u_US"] * s["D_US"]


def _acceptability_limit(s: Mapping[str, Any]) -> Any:
    """The largest risk at which an ultimatum aimed at an irresolute Europe still beats the status
    quo for Russia: ``(1-rho) v - rho a_R = rho q (D_R - a_R)`` solved for ``q`` (values or symbols;
    defined where ``rho > 0`` and ``D_R != a_R``)."""
    return ((1 - s["rho"]) * s["v"] - s["rho"] * s["a_R"]) / (s["rho"] * (_disaster_R(s) - s["a_R"]))


class Ultimatum(Model):
    name = "ultimatum"
    title = "Nuclear ultimatum: brinkmanship with and without the US umbrella"
    question = "Would Russia back a demand with a risk of nuclear disaster, and would Europe comply?"
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Schelling, T. C. (1960). The Strategy of Conflict, ch. 8. Harvard University Press.",
        "Powell, R. (1987). Crisis bargaining, escalation, and MAD. American Political Science Review 81(3), 717-735.",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge University Press.",
        "Dixit, A., Skeath, S., Reiley, D. (2015). Games of Strategy, 4th ed., ch. 13 (brinkmanship). Norton.",
        "Kristensen, H. M., Korda, M., et al. (2025). Status of World Nuclear Forces. Federation of American Scientists.",
    )

    # ------------------------------------------------------------- symbolic part (computed once)
    @cached_property
    def risk(self) -> Parameter:
        return Parameter("q", "risk of disaster if Europe defies", "1/2", 0, 1, unit="probability",
                         source="chosen by Russia")

    def _type_subtree(self, s: Mapping[str, Any], q: Any, label: str, key: str = "") -> Any:
        cost = s["k_hard"] * s["v"] if label == "resolute" else s["v"]
        d_r = _disaster_R(s)
        defy = chance({"disaster": (q, (-d_r, -s["D_E"])), "no disaster": (1 - q, (-s["a_R"], s["b_E"]))})
        name = f"Europe ({label})" + (f" {key}" if key else "")
        return decision("Europe", {"comply": (s["v"], -cost), "defy": defy}, infoset=name)

    @cached_property
    def response_analyses(self) -> dict[str, Any]:
        """Each type's response to an ultimatum with risk ``q``, by piecewise backward induction."""
        params = (*self.parameters, self.risk)
        s = {p.name: p.symbol for p in params}
        out = {}
        for label in ("resolute", "irresolute"):
            game = ExtensiveGame.from_tree(self._type_subtree(s, s["q"], label), players=list(PLAYERS),
                                           parameters=list(params),
                                           title=f"A {label} Europe facing an ultimatum with risk q")
            out[label] = symbolic_backward_induction(game)
        return out

    @cached_property
    def effectiveness_thresholds(self) -> dict[str, sympy.Expr]:
        """For each type, the risk at which Europe is indifferent between complying and defying.

        Read off the regime boundary in ``q`` that the symbolic induction of that type's
        decision found (Dixit & Skeath's effectiveness condition), not typed in.
        """
        out: dict[str, sympy.Expr] = {}
        for label, analysis in self.response_analyses.items():
            ts = analysis.thresholds("q")
            bounds = {t.bound for t in ts if t.relation != "boundary"}
            if len(bounds) != 1:  # pragma: no cover - the decision has one boundary in q
                raise GameError(f"ultimatum: expected one threshold in q for a {label} Europe, got {ts}")
            out[label] = sympy.simplify(next(iter(bounds)))
        return out

    def threshold_at(self, label: str, values: Mapping[str, Fraction]) -> Fraction:
        """Effectiveness threshold of a type at given values: ``(cost of complying + b_E) / (D_E + b_E)``
        as derived by the engine (returned as an exact Fraction; may exceed 1)."""
        expr = self.effectiveness_thresholds[label]
        subs = {p.symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
                for p in self.parameters}
        val = expr.subs(subs)
        if not val.is_Rational:  # pragma: no cover - rational inputs give a rational threshold
            raise GameError(f"ultimatum: threshold {expr} is not rational at these values")
        return Fraction(int(val.p), int(val.q))

    # ------------------------------------------------------------- the game at given values
    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        cands = self.candidate_risks(values)
        actions: dict[str, Any] = {"no ultimatum": (0, 0)}
        for label, q in cands.items():
            actions[f"ultimatum at risk {format_value(q)} ({label})"] = chance({
                "resolute": (values["rho"], self._type_subtree(values, q, "resolute", f"@{label}")),
                "irresolute": (1 - values["rho"], self._type_subtree(values, q, "irresolute", f"@{label}")),
            })
        root = decision("Russia", actions, infoset="Russia: ultimatum?")
        return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Nuclear ultimatum")

    def candidate_risks(self, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """Risk levels worth considering: each type's effectiveness threshold inside [0, 1]."""
        out: dict[str, Fraction] = {}
        for label in ("irresolute", "resolute"):
            if label not in self.effectiveness_thresholds:
                continue
            q = self.threshold_at(label, values)
            if 0 <= q <= 1 and q not in out.values():
                out[label] = q
        # Russia's payoff is linear in q between thresholds; it falls with q when disaster is
        # worse for Russia than a fizzled ultimatum, and rises otherwise, so the largest risk
        # is a candidate too.
        if Fraction(1) not in out.values():
            out["maximal"] = Fraction(1)
        return out

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        game = self.build(values)
        res = backward_induction(game)
        # At a threshold the targeted type is indifferent; the equilibrium of the continuous
        # game has it comply (otherwise Russia would raise q by an arbitrarily small amount).
        best = None
        for eq in res:
            acts = eq.actions()
            ok = True
            for h, a in acts.items():
                if h.startswith("Europe (") and "@" in h:
                    target = h.split("@", 1)[1]
                    label = h[len("Europe ("):h.index(")")]
                    if label == target and a != "comply":
                        ok = False
            if ok:
                best = eq
                break
        if best is None:  # pragma: no cover - ties resolved above always leave one
            best = res[0]
        # Russia's choice given the compliance tie-break: compare the candidate actions' values
        acts = best.actions()
        choice = acts["Russia: ultimatum?"]
        thresholds = {lab: self.threshold_at(lab, values) for lab in self.effectiveness_thresholds}
        q_irr = thresholds.get("irresolute")
        notes = list(res.diagnostics)
        if choice == "no ultimatum":
            if q_irr is None or q_irr > 1:
                key = "ineffective"
                reason = ("an irresolute Europe would comply only at a risk of "
                          f"{format_value(q_irr) if q_irr is not None else 'more than 1'}, above certainty")
            else:
                key = "no_ultimatum"
                reason = (f"an irresolute Europe would comply at risk {format_value(q_irr)}, but at that risk "
                          f"the expected cost to Russia of a resolute Europe's defiance outweighs the gain")
            q_star = None
            p_defy = Fraction(0)
        else:
            key = "ultimatum"
            target, q_star, defiers = self._ultimatum_choice(values, acts)
            p_defy = sum(((values["rho"] if lab == "resolute" else 1 - values["rho"]) for lab in defiers), Fraction(0))
            if not defiers:
                reason = (f"Russia sets the risk of disaster at {format_value(q_star)}, high enough that every "
                          f"type of Europe complies, so the threat is never carried out")
            else:
                who = " and ".join(f"a {lab} Europe" for lab in defiers)
                reason = (f"Russia sets the risk of disaster at {format_value(q_star)}; {who} defies "
                          f"(probability {format_value(p_defy)}), so disaster follows with probability "
                          f"{format_value(p_defy * q_star)}")
                if target == "irresolute":
                    reason = (f"Russia sets the risk of disaster at {format_value(q_star)}, just enough for an "
                              f"irresolute Europe to comply; with probability {format_value(values['rho'])} "
                              f"Europe is resolute and defies, so disaster follows with probability "
                              f"{format_value(p_defy * q_star)}")
        o = self.outcome(key)
        # acceptability: the largest risk at which the ultimatum still beats the status quo
        rho, a_R = values["rho"], values["a_R"]
        d_r = _disaster_R(values)
        q_accept = _acceptability_limit(values) if rho > 0 and d_r != a_R else None
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}: {reason}. {o.explanation}",
            equilibrium={"plan": acts, "payoffs": dict(zip(PLAYERS, best.payoffs)),
                         "max_regret": best.max_regret, "equilibria": len(res)},
            quantities={
                "risk_chosen": q_star,
                "effectiveness_threshold_irresolute": q_irr,
                "effectiveness_threshold_resolute": thresholds.get("resolute"),
                "acceptability_limit": q_accept,
                "probability_of_disaster": None if q_star is None else p_defy * q_star,
                "russia_disaster_payoff": -d_r,
            },
            method=res.method,
            diagnostics=tuple(notes),
        )

    def _ultimatum_choice(self, values: Mapping[str, Fraction], acts: Mapping[str, Any]
                          ) -> tuple[str, Fraction, list[str]]:
        """For a plan in which Russia issues an ultimatum: the candidate it picked (its label:
        ``irresolute``, ``resolute`` or ``maximal``), the risk, and the types that defy."""
        choice = str(acts["Russia: ultimatum?"])
        target, q_star = next((lab, q) for lab, q in self.candidate_risks(values).items() if f"({lab})" in choice)
        defiers = [lab for lab in ("resolute", "irresolute") if acts.get(f"Europe ({lab}) @{target}") == "defy"]
        return target, q_star, defiers

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, sympy.Expr]:
        """Closed forms: the effectiveness thresholds (from the symbolic induction), Russia's
        disaster payoff, the acceptability limit (where ``rho > 0`` and ``D_R != a_R``) and, when
        Russia issues an ultimatum, the risk it chooses and the probability of disaster (the
        chosen candidate and the defying types as at ``values``)."""
        s = {p.name: p.symbol for p in self.parameters}
        th = self.effectiveness_thresholds
        out: dict[str, sympy.Expr] = {
            "effectiveness_threshold_irresolute": th["irresolute"],
            "effectiveness_threshold_resolute": th["resolute"],
            "russia_disaster_payoff": -_disaster_R(s),
        }
        if values["rho"] > 0 and _disaster_R(values) != values["a_R"]:
            out["acceptability_limit"] = _acceptability_limit(s)
        res = self.analyse(values)
        if res.outcome.key == "ultimatum":
            target, _, defiers = self._ultimatum_choice(values, res.equilibrium["plan"])
            q_star = th[target] if target in th else sympy.Integer(1)
            p_defy = sum(((s["rho"] if lab == "resolute" else 1 - s["rho"]) for lab in defiers), sympy.Integer(0))
            out["risk_chosen"] = q_star
            out["probability_of_disaster"] = p_defy * q_star
        return out
