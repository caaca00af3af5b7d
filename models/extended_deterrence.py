"""Extended deterrence: does a patron stand by an exposed European protégé?

Russia may press a protégé (an exposed ally); the patron may support it or abandon it; after
support Russia may back down or escalate. Solved by backward induction; its regimes come out
symbolically (:func:`~gametheory.symbolic.spe.symbolic_backward_induction`). Literature:
Huth (1988); Zagare & Kilgour (2000, ch. 9).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import decision
from gametheory.modeling import Model, ModelResult, Outcome, format_value
from gametheory.symbolic import Parameter
from gametheory.symbolic.spe import symbolic_backward_induction

ILLUSTRATIVE = "illustrative assumption"


def _symbols(model: Model) -> dict[str, Any]:
    return {p.name: p.symbol for p in model.parameters}

EXT_PARAMETERS = (
    Parameter("w_US", "US interest in the protégé's security (value of defending it)", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("r_US", "US reputation cost of abandoning a protégé (credibility elsewhere)", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_US", "US cost of a conventional war with Russia", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("v", "value to Russia of the concession it demands of the protégé", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation"),
    Parameter("c_R", "Russia's cost of a conventional war with the US", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("pi", "probability Russia prevails against the US-backed protégé", "1/5", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("e", "probability a Russia-US war turns nuclear", "1/20", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("D", "damage each side suffers in a nuclear war", "20", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's cost of backing down after the US stands firm", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

EXT_OUTCOMES = (
    Outcome("deterrence", "Extended deterrence holds",
            "Russia leaves the protégé alone because the US would stand by it and what follows "
            "is worse for Russia than the status quo."),
    Outcome("abandonment", "The US abandons the protégé",
            "Russia presses the protégé and the US, which would rather pay the reputation cost "
            "than fight, does not come to its aid."),
    Outcome("war", "Extended deterrence fails: war",
            "Russia presses, the US stands by the protégé and Russia escalates."),
)

H_EXT_CHALLENGE = "Russia: press the protégé?"
H_EXT_SUPPORT = "US: support?"
H_EXT_ESCALATE = "Russia: escalate against the US?"


def extended_war_payoffs(s: Mapping[str, Any]) -> tuple[Any, Any]:
    """War payoffs (Russia, US) of extended deterrence, from parameter values or symbols."""
    return (s["pi"] * s["v"] - s["c_R"] - s["e"] * s["D"],
            s["w_US"] * (1 - s["pi"]) - s["c_US"] - s["e"] * s["D"])


def extended_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """Russia, the US and a protégé (Europe's exposed member): payoffs (Russia, US)."""
    war = extended_war_payoffs(s)
    root = decision("Russia", {
        "status quo": (0, s["w_US"]),
        "press": decision("US", {
            "abandon": (s["v"], -s["r_US"]),
            "support": decision("Russia", {"back down": (-s["a_R"], s["w_US"]), "escalate": war},
                                infoset=H_EXT_ESCALATE),
        }, infoset=H_EXT_SUPPORT),
    }, infoset=H_EXT_CHALLENGE)
    return ExtensiveGame.from_tree(root, players=["Russia", "US"], title="Extended deterrence",
                                   parameters=list(parameters) if parameters else None)


class ExtendedDeterrence(Model):
    name = "extended_deterrence"
    title = "Extended deterrence: does the US stand by an exposed European protégé?"
    question = "Does Russia press an exposed ally, and would the US come to its aid or abandon it?"
    players = ("Russia", "US")
    parameters = EXT_PARAMETERS
    outcomes = EXT_OUTCOMES
    references = (
        "Huth, P. K. (1988). Extended Deterrence and the Prevention of War. Yale University Press.",
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence, ch. 9. Cambridge University Press.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
    )

    @cached_property
    def regimes(self) -> Any:
        return symbolic_backward_induction(extended_tree({p.name: p.symbol for p in self.parameters}, self.parameters))

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return extended_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        s = values
        war_R, war_US = extended_war_payoffs(s)
        fmt = format_value
        if plan[H_EXT_CHALLENGE] == "status quo":
            key = "deterrence"
            if plan[H_EXT_SUPPORT] == "abandon":  # pragma: no cover - abandonment invites a challenge when v > 0
                reason = "a challenge would not pay"
            elif plan[H_EXT_ESCALATE] == "back down":
                reason = (f"the US would stand firm and Russia would then back down (war {fmt(war_R)} is worse "
                          f"than {fmt(-s['a_R'])})")
            else:
                reason = (f"the US would fight (war {fmt(war_US)} beats abandoning, {fmt(-s['r_US'])}) and war "
                          f"({fmt(war_R)}) is worse for Russia than the status quo")
        elif plan[H_EXT_SUPPORT] == "abandon":
            key = "abandonment"
            reason = (f"if Russia escalated, the US would face a war worth {fmt(war_US)} to it, worse than the "
                      f"{fmt(-s['r_US'])} reputation cost of abandoning")
        else:
            key = "war"
            reason = (f"Russia's war payoff {fmt(war_R)} beats the status quo and backing down, and the US "
                      f"prefers war ({fmt(war_US)}) to abandoning ({fmt(-s['r_US'])})")
        o = self.outcome(key)
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}: {reason}. {o.explanation}",
            equilibrium={"plan": plan, "payoffs": dict(zip(self.players, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={"russia_war_payoff": war_R, "us_war_payoff": war_US,
                        "us_commitment_credible": war_US >= -s["r_US"] or plan[H_EXT_ESCALATE] == "back down"},
            method=res.method,
            diagnostics=tuple(res.diagnostics),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The war payoffs are the same formulas in every regime."""
        war_R, war_US = extended_war_payoffs(_symbols(self))
        return {"russia_war_payoff": war_R, "us_war_payoff": war_US}
