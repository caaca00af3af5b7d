"""Shaping the settlement: do Washington and Moscow block an independent European bloc?

Three players move at once. The **United States** and **Russia** each choose whether to
*push* ceasefire terms that obstruct a durable European defence bloc (limits on alliance
structures, bilateral deals over Europe's head); **Europe** chooses whether to *build*
autonomy (pooled forces, procurement and command without US dependence) or to *defer*.

Payoffs (all in units of Europe's stake; parameters below):

* a bloc forms with probability ``f = B * (1 - q)``, where ``B`` is 1 if Europe builds and
  ``q`` is the probability the effort is blocked: 0 when nobody pushes, ``q1`` when one
  power pushes, ``q2`` when both do;
* Europe gets ``a_E * f - c_E * B - l_E * B * P_US``: the bloc's value, the cost of building,
  and, if it builds while the US pushes against it, the loss of US goodwill (the "facing
  both Russia and an alienated US" risk);
* the US gets ``(s_US - v_US) * f - k_US * P_US``: burden sharing gained and leverage lost
  if the bloc forms, minus the cost of pressing allies;
* Russia gets ``-r_R * f - k_R * P_R``: a European bloc is a stronger adversary; pushing
  costs it concessions elsewhere in the deal.

The model is a 2 x 2 x 2 normal-form game built as a :class:`~gametheory.SymbolicGame`
and solved by the engine's all-equilibria method for N players (``enumpoly``), exactly.
Its point is the interaction the scenario describes (claims 5 and 6 of SCENARIO.md): the
two outside powers' pressure is a public good between them (each would rather the other
pay for blocking), and Europe's willingness to build depends on how much pressure it
expects. All defaults are illustrative assumptions, not estimates.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import gametheory as gt
from gametheory.modeling import Model, ModelResult, Outcome, format_value
from gametheory.symbolic import Parameter, SymbolicGame

PARAMETERS = (
    Parameter("a_E", "value to Europe of an autonomous defence bloc that forms", "3", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("c_E", "Europe's cost of building autonomy (spending above its baseline)", "1", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("l_E", "Europe's loss of US goodwill if it builds while the US pushes against it", "1", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("q1", "probability the bloc is blocked when one outside power pushes", "1/3", 0, 1,
              unit="probability", source="illustrative assumption"),
    Parameter("q2", "probability the bloc is blocked when both push (at least q1)", "2/3", 0, 1,
              unit="probability", source="illustrative assumption"),
    Parameter("v_US", "US value of Europe's dependence (leverage lost if the bloc forms)", "1", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("s_US", "US gain from European burden sharing if the bloc forms", "1/2", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("k_US", "US cost of pushing (friction with allies)", "1/4", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("r_R", "Russia's loss if a European bloc forms", "2", 0, 20,
              unit="stake units", source="illustrative assumption"),
    Parameter("k_R", "Russia's cost of pushing (concessions elsewhere in the deal)", "1/2", 0, 20,
              unit="stake units", source="illustrative assumption"),
)

OUTCOMES = (
    Outcome("autonomy", "Europe builds autonomy unopposed",
            "Europe builds and neither outside power finds blocking worth its cost."),
    Outcome("contested", "Europe builds against outside pressure",
            "Europe builds although the US, Russia or both push terms against the bloc; "
            "the bloc forms only with the probability that the pressure fails."),
    Outcome("dependence", "Europe stays dependent",
            "Europe does not build: the expected value of the bloc, after the pressure it "
            "expects, does not cover the cost of building and of alienating the US."),
    Outcome("hedging", "Europe hedges (mixed strategies)",
            "In equilibrium Europe builds only with some probability and the outside powers "
            "push with some probability: each side's randomisation keeps the other indifferent."),
    Outcome("multiple", "Several equilibria with different outcomes",
            "The game has equilibria with different outcomes; which one is played depends on "
            "expectations the model does not pin down."),
)


class Shaping(Model):
    name = "shaping"
    title = "Shaping the settlement: US and Russian pressure against a European bloc"
    question = "Do the US and Russia push terms that block an independent European bloc, and does Europe build anyway?"
    players = ("US", "Russia", "Europe")
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
        "Olson, M., Zeckhauser, R. (1966). An economic theory of alliances. Review of Economics and Statistics 48(3), 266-279.",
        "McKelvey, R. D., McLennan, A. (1996). Computation of equilibria in finite games. Handbook of Computational Economics 1, 87-142.",
    )

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        if values["q2"] < values["q1"]:
            raise gt.GameError(
                f"model shaping: q2 ({format_value(values['q2'])}) must be at least q1 "
                f"({format_value(values['q1'])}): two powers pushing block at least as well as one"
            )

    @staticmethod
    def payoff_table(s: Mapping[str, Any]) -> list[Any]:
        """Payoffs ``[US][Russia][Europe] -> (US, Russia, Europe)`` from parameter values.

        ``s`` maps names to numbers (exact game) or to sympy symbols (symbolic game): one
        formula serves both.
        """
        payoffs: list[Any] = []
        for pu in (1, 0):          # US: push, stay out
            row_r = []
            for pr in (1, 0):      # Russia: push, stay out
                row_e = []
                for b in (1, 0):   # Europe: build, defer
                    pushers = pu + pr
                    q = 0 if pushers == 0 else (s["q1"] if pushers == 1 else s["q2"])
                    f = b * (1 - q)
                    us = (s["s_US"] - s["v_US"]) * f - s["k_US"] * pu
                    ru = -s["r_R"] * f - s["k_R"] * pr
                    eu = s["a_E"] * f - s["c_E"] * b - s["l_E"] * b * pu
                    row_e.append([us, ru, eu])
                row_r.append(row_e)
            payoffs.append(row_r)
        return payoffs

    def symbolic_game(self) -> SymbolicGame:
        """The game with every payoff a formula in the parameters."""
        return SymbolicGame(
            self.payoff_table({p.name: p.symbol for p in self.parameters}),
            parameters=self.parameters,
            players=self.players,
            strategies=[["push", "stay out"], ["push", "stay out"], ["build", "defer"]],
            title=self.title,
        )

    def build(self, values: Mapping[str, Fraction]) -> gt.NormalFormGame:
        return gt.NormalFormGame(
            self.payoff_table(values),
            players=self.players,
            strategies=[["push", "stay out"], ["push", "stay out"], ["build", "defer"]],
            title=self.title,
        )

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        game = self.build(values)
        res = gt.solve(game, "enumpoly")
        notes = list(res.diagnostics)
        cats = []
        for e in res:
            pu, pr, eb = (e.profile[0][0], e.profile[1][0], e.profile[2][0])
            if 0 < eb < 1:
                cats.append("hedging")
            elif eb == 0:
                cats.append("dependence")
            elif pu == 0 and pr == 0:
                cats.append("autonomy")
            else:
                cats.append("contested")
        distinct = sorted(set(cats))
        key = distinct[0] if len(distinct) == 1 else "multiple"
        eqs = []
        for e, c in zip(res, cats):
            eqs.append({
                "outcome": c,
                "US push": e.profile[0][0],
                "Russia push": e.profile[1][0],
                "Europe build": e.profile[2][0],
                "payoffs": dict(zip(self.players, e.payoffs)),
                "max_regret": e.max_regret,
            })
        # the probability that a bloc forms, per equilibrium
        bloc = []
        for e in res:
            pu, pr, eb = (e.profile[0][0], e.profile[1][0], e.profile[2][0])
            q = (pu * pr * values["q2"] + (pu * (1 - pr) + (1 - pu) * pr) * values["q1"])
            bloc.append(eb * (1 - q))
        o = self.outcome(key)
        described = [f"{_describe(e.profile)} (a bloc forms with probability {format_value(b)})"
                     for e, b in zip(res, bloc)]
        if key == "multiple":
            statement = f"{o.headline}: " + "; or ".join(described) + f". {o.explanation}"
        else:
            statement = f"{o.headline}: " + "; or ".join(described) + f". {o.explanation}"
        if not res.complete:
            notes.append("the equilibrium list may be incomplete (see diagnostics)")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"equilibria": eqs, "complete": res.complete},
            quantities={"equilibria": len(res), "bloc_probability": bloc},
            method=res.method,
            diagnostics=tuple(notes),
        )


def _describe(profile: Any) -> str:
    def act(name: str, p: Fraction, verb: str, other: str) -> str:
        if p == 1:
            return f"{name} {verb}"
        if p == 0:
            return f"{name} {other}"
        return f"{name} {verb.split()[0]} with probability {format_value(p)}"

    return ", ".join([
        act("the US", profile[0][0], "pushes", "stays out"),
        act("Russia", profile[1][0], "pushes", "stays out"),
        act("Europe", profile[2][0], "builds", "defers"),
    ])
