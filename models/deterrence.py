"""Deterrence: does Russia challenge Europe, and does Europe's threat to resist hold?

A challenger/defender escalation game in the tradition of classical deterrence theory as
formalised by Zagare & Kilgour (*Perfect Deterrence*, 2000): the challenger (Russia) may
keep the status quo or make a demand; the defender (Europe) may concede or resist; after
resistance the challenger may back down or escalate to war. Whether the United States
joins Europe in a war is a chance move (probability ``p_US``), and the French and British
arsenals set how much nuclear retaliation Russia risks if the US stays out.

Two versions of the same situation are built as trees and solved by the engine:

* **complete information** -- everybody knows every payoff and the probability of US
  backing. Solved by backward induction (:func:`gametheory.extensive.solvers.backward.backward_induction`);
  its regimes and thresholds come out symbolically from
  :func:`~gametheory.symbolic.spe.symbolic_backward_induction`. Classical result
  (Zagare & Kilgour 2000, ch. 3-4, the "rudimentary" deterrence game): the status quo
  survives exactly when the defender's threat is *credible* (it prefers war to conceding)
  and *capable* (war is worse for the challenger than the status quo), or when the
  challenger would back down anyway.
* **incomplete information** -- Europe knows whether the US will back it, Russia does not
  (types drawn by chance, as in Zagare & Kilgour's incomplete-information games); solved for
  perfect Bayesian equilibria when that solver is available (see ``pbe`` in the result).

Payoffs, in units of the stakes (the concession Russia demands is worth ``v`` to both):

============================  ==============================  ==============================
outcome                       Russia                          Europe
============================  ==============================  ==============================
status quo                    0                               0
Europe concedes               v                               -v
Russia backs down             -a_R                            b_E
war, US backs Europe          pi_US v - c_R - e D             -pi_US v - c_E - e D_E
war, US stays out             pi_0 v - c_R - e r_FUK D        -pi_0 v - c_E - e D_E
============================  ==============================  ==============================

``e`` is the probability a war between Russia and Europe turns nuclear; ``D`` the damage
to Russia of a full nuclear response with the US; ``r_FUK`` the fraction of it the
French and British forces can inflict alone; ``D_E`` Europe's damage. Defaults are
illustrative assumptions; warhead counts that motivate ``r_FUK`` are quoted with their
source on the docs page.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Flip, Model, ModelResult, Outcome, format_value, nearest_flips
from gametheory.symbolic import Parameter
from gametheory.symbolic.spe import symbolic_backward_induction

ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("p_US", "probability the US joins Europe in a war with Russia", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "value of the concession Russia demands (to each side)", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (all payoffs are in units of the stakes)"),
    Parameter("c_R", "Russia's cost of a conventional war with Europe", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_E", "Europe's cost of a conventional war with Russia", "3/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("pi_0", "probability Russia prevails against Europe alone", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("pi_US", "probability Russia prevails against Europe and the US", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("e", "probability a Russia-Europe war turns nuclear", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("D", "damage to Russia from a full nuclear response including the US", "10", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("r_FUK", "fraction of that damage the French and British forces can inflict alone", "1/2", 0, 1,
              unit="fraction",
              source="illustrative; motivated by FAS warhead estimates (2025: France ~290, UK ~225, "
                     "Russia ~5,459, US ~5,177) -- damage is not proportional to warhead counts"),
    Parameter("D_E", "damage to Europe from a nuclear war", "10", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's cost of backing down after a challenge (audience costs)", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("b_E", "Europe's gain when Russia backs down", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

OUTCOMES = (
    Outcome("deterrence", "Deterrence holds",
            "Russia keeps the status quo because a challenge would be met by resistance and "
            "what follows (war or a climb-down) is worse for Russia than the status quo."),
    Outcome("coercion", "Coercion succeeds: Europe concedes",
            "Russia challenges and Europe gives in, because for Europe a war is worse than "
            "the concession: its threat to resist is not credible."),
    Outcome("war", "Deterrence fails: war",
            "Russia challenges, Europe resists and Russia escalates: both prefer war to "
            "giving way, and for Russia the expected war is better than the status quo."),
)

PLAYERS = ("Russia", "Europe")
H_CHALLENGE = "Russia: challenge?"
H_RESPOND = "Europe: respond"
H_ESCALATE = "Russia: escalate?"


def war_payoffs(s: Mapping[str, Any]) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """War payoffs (Russia, Europe) with and without the US, from parameter values or symbols."""
    with_us = (s["pi_US"] * s["v"] - s["c_R"] - s["e"] * s["D"],
               -s["pi_US"] * s["v"] - s["c_E"] - s["e"] * s["D_E"])
    alone = (s["pi_0"] * s["v"] - s["c_R"] - s["e"] * s["r_FUK"] * s["D"],
             -s["pi_0"] * s["v"] - s["c_E"] - s["e"] * s["D_E"])
    return with_us, alone


def expected_war_payoffs(s: Mapping[str, Any]) -> tuple[Any, Any]:
    """Expected war payoffs (Russia, Europe) over US intervention (probability ``p_US``),
    from parameter values or symbols."""
    (wr_us, we_us), (wr_0, we_0) = war_payoffs(s)
    p = s["p_US"]
    return p * wr_us + (1 - p) * wr_0, p * we_us + (1 - p) * we_0


def _symbols(model: Model) -> dict[str, Any]:
    return {p.name: p.symbol for p in model.parameters}


def complete_information_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The complete-information deterrence tree at values (or symbols) ``s``."""
    with_us, alone = war_payoffs(s)
    war = chance({"US backs Europe": (s["p_US"], with_us), "US stays out": (1 - s["p_US"], alone)})
    root = decision("Russia", {
        "status quo": (0, 0),
        "challenge": decision("Europe", {
            "concede": (s["v"], -s["v"]),
            "resist": decision("Russia", {"back down": (-s["a_R"], s["b_E"]), "escalate": war},
                               infoset=H_ESCALATE),
        }, infoset=H_RESPOND),
    }, infoset=H_CHALLENGE)
    return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Deterrence (complete information)",
                                   parameters=list(parameters) if parameters else None)


def _classify(plan: Mapping[str, str | None]) -> str:
    if plan[H_CHALLENGE] == "status quo":
        return "deterrence"
    if plan[H_RESPOND] == "concede":
        return "coercion"
    if plan[H_ESCALATE] == "escalate":
        return "war"
    return "deterrence"  # challenge met by resistance and a climb-down: the status quo is restored


class DeterrenceComplete(Model):
    name = "deterrence_complete"
    title = "Deterrence with complete information: Russia's challenge and Europe's resolve"
    question = ("Does Russia challenge Europe, and does Europe's threat to resist hold, given the chance the US "
                "joins (every payoff known to both)?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press.",
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press.",
        "Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive games. "
        "International Journal of Game Theory 4, 25-55.",
        "Kristensen, H. M., Korda, M., et al. (2025). Status of World Nuclear Forces. Federation of American Scientists.",
    )

    @cached_property
    def symbolic_tree(self) -> ExtensiveGame:
        return complete_information_tree({p.name: p.symbol for p in self.parameters}, self.parameters)

    @cached_property
    def regimes(self) -> Any:
        """Symbolic SPE regimes of the complete-information tree (computed once)."""
        return symbolic_backward_induction(self.symbolic_tree)

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return complete_information_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        game = self.build(values)
        res = backward_induction(game)
        eq = res[0]
        plan = eq.actions()
        key = _classify(plan)
        o = self.outcome(key)
        (wr_us, _), (wr_0, _) = war_payoffs(values)
        war_R, war_E = expected_war_payoffs(values)
        credible = war_E >= -values["v"]
        fmt = format_value
        backs_down = plan[H_ESCALATE] == "back down"
        if key == "deterrence" and backs_down:
            reason = (f"if challenged and resisted, Russia would back down, since its expected war payoff "
                      f"{fmt(war_R)} is below the {fmt(-values['a_R'])} of backing down; so Europe would "
                      f"resist, and a challenge cannot pay")
        elif key == "deterrence":
            reason = (f"Europe would resist, since its expected war payoff {fmt(war_E)} beats the "
                      f"{fmt(-values['v'])} of conceding, and Russia's expected war payoff {fmt(war_R)} "
                      f"is no better than the status quo (0)")
        elif key == "coercion":
            reason = (f"Russia would fight rather than back down (war {fmt(war_R)} vs "
                      f"{fmt(-values['a_R'])}), and Europe's expected war payoff {fmt(war_E)} is below "
                      f"the {fmt(-values['v'])} of conceding")
        else:
            reason = (f"Russia's expected war payoff {fmt(war_R)} beats both the status quo (0) and "
                      f"backing down ({fmt(-values['a_R'])}), and Europe prefers war ({fmt(war_E)}) to "
                      f"conceding ({fmt(-values['v'])})")
        statement = f"{o.headline}: {reason}. {o.explanation}"
        notes = list(res.diagnostics)
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria (ties); the first is reported")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={
                "russia_expected_war_payoff": war_R,
                "europe_expected_war_payoff": war_E,
                "europe_threat_credible": credible,
                "russia_backs_down_if_resisted": backs_down,
                "russia_war_payoff_with_us": wr_us,
                "russia_war_payoff_without_us": wr_0,
            },
            method=res.method,
            diagnostics=tuple(notes),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The war payoffs are the same formulas in every regime."""
        s = _symbols(self)
        (wr_us, _), (wr_0, _) = war_payoffs(s)
        war_R, war_E = expected_war_payoffs(s)
        return {"russia_expected_war_payoff": war_R, "europe_expected_war_payoff": war_E,
                "russia_war_payoff_with_us": wr_us, "russia_war_payoff_without_us": wr_0}


# =============================================================================== incomplete information
INC_PARAMETERS = (
    # Types drawn with probability 0 or 1 would leave beliefs at impossible nodes unrestricted
    # (weak perfect Bayesian equilibrium), so the type probabilities stay strictly inside (0, 1).
    Parameter("p_US", "probability the US will back Europe (Europe knows, Russia does not)", "1/2", 0, 1,
              lower_open=True, upper_open=True, unit="probability", source=ILLUSTRATIVE),
    *PARAMETERS[1:],
    Parameter("q_R", "Europe's belief that Russia is determined (a low cost of war)", "1/3", 0, 1,
              lower_open=True, upper_open=True, unit="probability", source=ILLUSTRATIVE),
    Parameter("c_R_det", "a determined Russia's cost of a conventional war", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

INC_OUTCOMES = (
    Outcome("deterrence", "Deterrence holds",
            "No type of Russia challenges: whatever Europe's hidden backing, a challenge would be "
            "resisted often enough, and answered firmly enough, not to pay."),
    Outcome("coercion", "Russia coerces an unbacked Europe",
            "Russia challenges and Europe gives in when it knows the US will not back it; where it "
            "resists (because it is backed) Russia backs down, so no war is fought."),
    Outcome("bluff", "Russia challenges and an unbacked Europe bluffs",
            "Russia challenges, and Europe sometimes resists even when it knows the US will stay "
            "out, betting that Russia cannot tell; a bluff that is called ends in war, so war occurs "
            "with the probability given."),
    Outcome("war_risk", "Deterrence can fail: Russia attacks a resisting Europe",
            "Some type of Russia challenges and escalates when a (backed) Europe resists, so war "
            "occurs with positive probability although Europe does not bluff."),
    Outcome("multiple", "Several perfect Bayesian equilibria with different outcomes",
            "The game has perfect Bayesian equilibria with different outcomes; which one is played "
            "depends on expectations the model does not pin down."),
)


def incomplete_information_tree(s: Mapping[str, Any]) -> ExtensiveGame:
    """Nature draws Russia's type (determined / cautious) and whether the US will back Europe.

    Russia knows its type, Europe knows whether it is backed; each only has beliefs about
    the other (``q_R`` and ``p_US``). Information sets: Russia's decisions depend on its
    type only; Europe's on its backing only.
    """

    def europe(rt: str, et: str) -> Any:
        vals = dict(s)
        if rt == "determined":
            vals["c_R"] = s["c_R_det"]
        with_us, alone = war_payoffs(vals)
        war = with_us if et == "backed" else alone
        return decision("Europe", {
            "concede": (s["v"], -s["v"]),
            "resist": decision("Russia", {"back down": (-s["a_R"], s["b_E"]), "escalate": war},
                               infoset=f"Russia ({rt}): escalate?"),
        }, infoset=f"Europe ({et}): respond")

    def russia(rt: str) -> Any:
        return decision("Russia", {
            "status quo": (0, 0),
            "challenge": chance({"US backs Europe": (s["p_US"], europe(rt, "backed")),
                                 "US stays out": (1 - s["p_US"], europe(rt, "alone"))}),
        }, infoset=f"Russia ({rt}): challenge?")

    root = chance({"Russia determined": (s["q_R"], russia("determined")),
                   "Russia cautious": (1 - s["q_R"], russia("cautious"))})
    return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Deterrence (incomplete information)")


class Deterrence(Model):
    name = "deterrence"
    title = "Deterrence under uncertainty: hidden US backing and hidden Russian resolve"
    question = ("Does Russia challenge Europe when it cannot tell whether the US will back Europe, and Europe "
                "cannot tell how determined Russia is?")
    players = PLAYERS
    parameters = INC_PARAMETERS
    outcomes = INC_OUTCOMES
    references = DeterrenceComplete.references + (
        "Fudenberg, D., Tirole, J. (1991). Perfect Bayesian equilibrium and sequential equilibrium. "
        "Journal of Economic Theory 53, 236-260.",
    )

    #: Perfect Bayesian enumeration takes about 0.1-0.2 s per point, so the scan for
    #: outcome changes is limited to the assumptions the model is about, on a coarse grid.
    flip_parameters = ("p_US", "q_R", "e", "r_FUK")

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return incomplete_information_tree(values)

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        out: list[Flip] = []
        for name in self.flip_parameters:
            out.extend(nearest_flips(self, values, self.parameter(name), current, grid=6, rel_tol=Fraction(1, 10**3)))
        return out

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        from gametheory.extensive.solvers.pbe import perfect_bayesian

        game = self.build(values)
        res = perfect_bayesian(game)
        terms = [int(n) for n in game.terminal_nodes]
        alone_war_E = war_payoffs(values)[1][1]
        paths = {n: game.node_path(n) for n in terms}
        cats, summaries = [], []
        for e in res:
            reach = game.realization_probabilities(e.behavior)
            p_challenge = sum((reach[n] for n in terms if "challenge" in paths[n]), Fraction(0))
            p_war = sum((reach[n] for n in terms if "escalate" in paths[n]), Fraction(0))
            p_concede = sum((reach[n] for n in terms if "concede" in paths[n]), Fraction(0))
            alone_resists = e.behavior["Europe (alone): respond"]["resist"]
            # a bluff: an unbacked Europe resists although it prefers conceding to a war
            bluffing = alone_resists > 0 and alone_war_E < -values["v"]
            if p_challenge == 0:
                cat = "deterrence"
            elif bluffing:
                cat = "bluff"
            elif p_war > 0:
                cat = "war_risk"
            else:
                cat = "coercion"
            cats.append(cat)
            summaries.append({
                "outcome": cat,
                "behavior": e.behavior,
                "beliefs": e.beliefs,
                "probability_of_challenge": p_challenge,
                "probability_of_war": p_war,
                "probability_europe_concedes": p_concede,
                "payoffs": dict(zip(PLAYERS, e.payoffs)),
                "notes": list(e.notes),
            })
        distinct = sorted(set(cats))
        if not distinct:  # pragma: no cover - a finite game has an equilibrium; the search may miss it
            raise GameError("model deterrence: no perfect Bayesian equilibrium found in the searched class")
        key = distinct[0] if len(distinct) == 1 else "multiple"
        o = self.outcome(key)
        parts: list[str] = []
        for smry in summaries:
            text = (f"{self.outcome(str(smry['outcome'])).headline.lower()} (challenge with probability "
                    f"{format_value(smry['probability_of_challenge'])}, war with probability "
                    f"{format_value(smry['probability_of_war'])})")
            if text not in parts:  # equilibria that differ only off the path read the same
                parts.append(text)
        if key == "multiple":
            statement = f"{o.headline}: " + "; or ".join(parts) + f". {o.explanation}"
        else:
            detail = "; or ".join(p[p.index("("):] for p in parts)
            statement = (f"{o.headline} in every perfect Bayesian equilibrium found ({len(summaries)}): "
                         f"{detail}. {o.explanation}")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"equilibria": summaries, "complete": res.complete},
            quantities={
                "equilibria": len(res),
                "probability_of_war": [smry["probability_of_war"] for smry in summaries],
                "probability_of_challenge": [smry["probability_of_challenge"] for smry in summaries],
            },
            method=res.method,
            diagnostics=tuple(res.diagnostics),
        )


# =============================================================================== mutual deterrence
MUT_PARAMETERS = (
    *PARAMETERS[:10],  # p_US, v, c_R, c_E, pi_0, pi_US, e, D, r_FUK, D_E
    Parameter("w_E", "value to Europe of a Russian concession it extracts (e.g. a withdrawal)", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

MUT_OUTCOMES = (
    Outcome("mutual_deterrence", "Mutual deterrence holds",
            "Neither side makes a demand: each would be met by retaliation, and the war that "
            "follows is worse for the initiator than the status quo."),
    Outcome("russia_prevails", "Russia's demand succeeds",
            "Russia makes a demand and Europe concedes rather than retaliate: Europe's threat of "
            "retaliation is not credible."),
    Outcome("europe_prevails", "Europe's demand succeeds",
            "Europe makes a demand and Russia concedes rather than retaliate."),
    Outcome("war", "Mutual deterrence fails: war",
            "One side makes a demand, the other retaliates, and war follows because the initiator "
            "prefers it to the status quo."),
)


def mutual_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """Zagare & Kilgour's mutual deterrence structure: Russia moves first, then Europe; a
    demand by either is answered by the other's concession or retaliation (war)."""
    with_us, alone = war_payoffs(s)
    war = chance({"US backs Europe": (s["p_US"], with_us), "US stays out": (1 - s["p_US"], alone)})
    root = decision("Russia", {
        "hold": decision("Europe", {
            "hold": (0, 0),
            "demand": decision("Russia", {"concede": (-s["w_E"], s["w_E"]), "retaliate": war},
                               infoset="Russia: answer Europe's demand"),
        }, infoset="Europe: demand?"),
        "demand": decision("Europe", {"concede": (s["v"], -s["v"]), "retaliate": war},
                           infoset="Europe: answer Russia's demand"),
    }, infoset="Russia: demand?")
    return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Mutual deterrence",
                                   parameters=list(parameters) or None)


class MutualDeterrence(Model):
    name = "mutual_deterrence"
    title = "Mutual deterrence: either side may make a demand, the other may retaliate"
    question = "Does the status quo survive when both Russia and Europe could make demands and retaliate?"
    players = PLAYERS
    parameters = MUT_PARAMETERS
    outcomes = MUT_OUTCOMES
    references = (
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence, ch. 5 (mutual deterrence). "
        "Cambridge University Press.",
        "Kuhn, H. W. (1953). Extensive games and the problem of information. Contributions to the Theory "
        "of Games II, 193-216.",
    )

    @cached_property
    def regimes(self) -> Any:
        """Symbolic SPE regimes of the mutual-deterrence tree (computed once; used by the
        compiled sensitivity path)."""
        return symbolic_backward_induction(mutual_tree({p.name: p.symbol for p in self.parameters}, self.parameters))

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return mutual_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        war_R, war_E = expected_war_payoffs(values)
        fmt = format_value
        if plan["Russia: demand?"] == "demand":
            if plan["Europe: answer Russia's demand"] == "concede":
                key, reason = "russia_prevails", (f"Europe would concede ({fmt(-values['v'])}) rather than fight a war "
                                                  f"worth {fmt(war_E)} to it")
            else:
                key, reason = "war", (f"Europe would retaliate (war {fmt(war_E)} beats conceding "
                                      f"{fmt(-values['v'])}) and the war ({fmt(war_R)}) still beats the "
                                      f"status quo for Russia")
        elif plan["Europe: demand?"] == "demand":
            if plan["Russia: answer Europe's demand"] == "concede":
                key, reason = "europe_prevails", (f"Russia would concede ({fmt(-values['w_E'])}) rather than fight a "
                                                  f"war worth {fmt(war_R)} to it")
            else:
                key, reason = "war", (f"Russia would retaliate (war {fmt(war_R)} beats conceding "
                                      f"{fmt(-values['w_E'])}) and the war ({fmt(war_E)}) still beats the "
                                      f"status quo for Europe")
        else:
            key, reason = "mutual_deterrence", (
                f"a Russian demand would meet retaliation or cost Russia more than it gains, and a "
                f"European demand likewise (expected war payoffs: Russia {fmt(war_R)}, Europe {fmt(war_E)})")
        o = self.outcome(key)
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}: {reason}. {o.explanation}",
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={"russia_expected_war_payoff": war_R, "europe_expected_war_payoff": war_E},
            method=res.method,
            diagnostics=tuple(res.diagnostics),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The expected war payoffs are the same formulas in every regime."""
        war_R, war_E = expected_war_payoffs(_symbols(self))
        return {"russia_expected_war_payoff": war_R, "europe_expected_war_payoff": war_E}
