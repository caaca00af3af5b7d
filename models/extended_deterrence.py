"""Extended deterrence: would France and the UK stand by an exposed ally, with the US uncertain?

Russia may press a protégé (Poland or the Baltic states); the guarantor (France and the UK)
may stand by it or abandon it; if it stands by, Russia may back down or attack; if Russia
attacks, the guarantor chooses again, for real, whether to fight or to back out of its
pledge. If it fights, the US joins with probability ``p_US`` (a chance move), and the war
may turn nuclear. Each side suffers its own damage: Russia the French/UK retaliation plus
the US umbrella's, the guarantor its own loss.

The guarantor's threat is credible exactly when, at the node where it would have to act
(after a Russian attack), fighting is worth more to it than backing out. A pledge alone
commits nothing. Solved by backward induction; the regimes come out symbolically
(:func:`~gametheory.symbolic.spe.symbolic_backward_induction`).

Literature: Huth (1988) (local balance of forces, the defender's nuclear weapons, ties);
Schelling (1966) (the tripwire); Zagare & Kilgour (2000, ch. 9) (extended deterrence with a
credibility test at the defender's last move); Fearon (1994) (the cost of backing down
after a public commitment).

>>> from gametheory.models import get_model
>>> get_model("extended_deterrence").solve(flips=False).outcome.key
'deterrence'
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._fasttree import ENGINE as _ENGINE
from gametheory.models._fasttree import Direct
from gametheory.models._fasttree import Tie as _Tie
from gametheory.models.world import russia_wins_alone, russia_wins_vs_us
from gametheory.symbolic import Parameter

ILLUSTRATIVE = "illustrative assumption"
#: Extra cost (stake units) of backing out once French/UK forces based forward are in the way
#: of the attack: the tripwire that ties the guarantor's hands (Schelling 1966).
TRIPWIRE = 10

EXT_PARAMETERS = (
    Parameter("p_US", "probability that the US joins the guarantor in the war", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("u_US", "probability that the US answers Russian nuclear use with its own forces", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("D_US", "damage a US nuclear response does to Russia", "100", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_G", "damage French/UK nuclear retaliation does to Russia", "20", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("q_G", "probability that France/UK retaliate with nuclear weapons, as Russia judges it", "1/3", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("L_G", "the guarantor's own loss in a nuclear war", "50", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("w_G", "value to the guarantor of the protégé's security", "1", 0, 10,
              unit="stake units", source="normalisation (the concession at issue is worth 1 to each side)"),
    Parameter("r_G", "the guarantor's reputation cost of abandoning the protégé", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("h_G", "extra cost to the guarantor of backing out of its pledge after Russia attacks "
              "(a broken public commitment; forward forces overrun)", "1/2", 0, 100,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_G", "the guarantor's cost of a conventional war with Russia", "3/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("v", "value to Russia of the concession it demands of the protégé", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation"),
    Parameter("c_R", "Russia's cost of a conventional war", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("pi_0", "probability Russia prevails against the guarantor and protégé without the US", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("pi_US", "probability Russia prevails when the US joins", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("e", "probability that the war turns nuclear", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's cost of backing down after the guarantor stands by the protégé", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)


def _h_g(w: Mapping[str, Fraction]) -> Fraction:
    return Fraction(1, 2) + TRIPWIRE * w["fuk_forward"]


EXT_WORLD_LINKS: tuple[WorldLink, ...] = (
    link("p_US", "us_backing", "the US joins the war with the probability that it backs Europe conventionally"),
    link("u_US", "us_umbrella", "the US nuclear umbrella, whether or not the US fights conventionally"),
    link("D_US", "us_nuclear_damage"),
    link("D_G", "fuk_damage", "the guarantor's nuclear weapons (Huth 1988): the French and British arsenals"),
    link("q_G", "fuk_resolve", "whether France/UK would use them for an ally, as Moscow judges it"),
    link("L_G", "europe_nuclear_loss", "the guarantor's loss in a nuclear war is Europe's"),
    WorldLink("h_G", ("fuk_forward",), _h_g,
              f"1/2 for breaking a public pledge (Fearon 1994), plus {TRIPWIRE} when French/UK forces are based "
              "forward: a tripwire that ties the guarantor's hands (Schelling 1966; Huth 1988's ties)"),
    link("c_G", "europe_war_cost", "the guarantor's cost of war is Europe's"),
    link("c_R", "russia_war_cost"),
    WorldLink("pi_0", ("europe_capability",), russia_wins_alone,
              "local balance of forces (Huth 1988): ratio-form contest against Europe alone, 1/(1 + E)"),
    WorldLink("pi_US", ("europe_capability", "us_conventional"), russia_wins_vs_us,
              "ratio-form contest against Europe and the US, 1/(1 + E + U)"),
    link("e", "nuclear_escalation"),
)

EXT_OUTCOMES = (
    Outcome("deterrence", "Extended deterrence holds",
            "Russia leaves the protégé alone: the guarantor would fight if Russia attacked, and that war "
            "is worse for Russia than backing down."),
    Outcome("abandonment", "Russia gets its way: the guarantor abandons the protégé",
            "Russia presses the protégé and France/UK do not stand by it, because if Russia attacked they "
            "would rather back out than fight, or fighting is worse for them than abandoning at once."),
    Outcome("war", "Extended deterrence fails: war",
            "Russia presses, the guarantor stands by the protégé, Russia attacks and the guarantor fights."),
)

H_EXT_CHALLENGE = "Russia: press the protégé?"
H_EXT_SUPPORT = "Guarantor: stand by the protégé?"
H_EXT_ESCALATE = "Russia: attack?"
H_EXT_FIGHT = "Guarantor: fight?"
H_EXT_TAKE = "Russia: attack the abandoned protégé?"


def _pi(s: Mapping[str, Any]) -> Any:
    """Russia's chance of prevailing against the guarantor, in expectation over the US chance move."""
    return s["p_US"] * s["pi_US"] + (1 - s["p_US"]) * s["pi_0"]


def russia_nuclear_damage(s: Mapping[str, Any]) -> Any:
    """Expected damage to Russia in a nuclear war with the guarantor: French/UK and US retaliation."""
    return s["q_G"] * s["D_G"] + s["u_US"] * s["D_US"]


def _war(s: Mapping[str, Any], pi: Any) -> tuple[Any, Any]:
    return (pi * s["v"] - s["c_R"] - s["e"] * russia_nuclear_damage(s),
            -pi * s["w_G"] - s["c_G"] - s["e"] * s["L_G"])


def _us_alone(s: Mapping[str, Any], cost_G: Any) -> tuple[Any, Any]:
    """The US fights for the protégé without France/UK (who stay out and are not struck)."""
    return (s["pi_US"] * s["v"] - s["c_R"] - s["e"] * s["u_US"] * s["D_US"], -s["pi_US"] * s["w_G"] - cost_G)


def _taken(s: Mapping[str, Any], cost_G: Any) -> tuple[Any, Any]:
    """Nobody fights for the protégé: Russia takes the concession."""
    return (s["v"], -s["w_G"] - cost_G)


def extended_war_payoffs(s: Mapping[str, Any]) -> tuple[Any, Any]:
    """Expected payoffs (Russia, guarantor) of a war in which the guarantor fights (the US joins by chance)."""
    return _war(s, _pi(s))


def without_guarantor_payoffs(s: Mapping[str, Any], cost_G: Any) -> tuple[Any, Any]:
    """Expected payoffs (Russia, guarantor) when Russia attacks and the guarantor stays out at cost
    ``cost_G`` (reputation, plus the broken pledge after standing by): the US steps in by chance."""
    a, b = _us_alone(s, cost_G), _taken(s, cost_G)
    return (s["p_US"] * a[0] + (1 - s["p_US"]) * b[0], s["p_US"] * a[1] + (1 - s["p_US"]) * b[1])


def _us(s: Mapping[str, Any], joins: Any, stays_out: Any, b: Any = _ENGINE) -> Any:
    return b.chance({"US joins": (s["p_US"], joins), "US stays out": (1 - s["p_US"], stays_out)})


def extended_root(s: Mapping[str, Any], b: Any = _ENGINE) -> Any:
    """The root node of :func:`extended_tree` at values (symbols, or python-flint numbers) ``s``.

    ``b``: the builder of the nodes (:mod:`gametheory.models._fasttree`): the engine's nodes by
    default, or a :class:`~gametheory.models._fasttree.Direct` that evaluates the tree as it is
    written (:func:`fast_plan`)."""
    r, rh = s["r_G"], s["r_G"] + s["h_G"]
    root = b.decision("Russia", {
        "status quo": (0, 0),
        "press": b.decision("Guarantor", {
            "stand by": b.decision("Russia", {
                "back down": (-s["a_R"], 0),
                "attack": b.decision("Guarantor", {
                    "fight": _us(s, _war(s, s["pi_US"]), _war(s, s["pi_0"]), b),
                    "back out": _us(s, _us_alone(s, rh), _taken(s, rh), b),
                }, infoset=H_EXT_FIGHT),
            }, infoset=H_EXT_ESCALATE),
            "abandon": b.decision("Russia", {
                "back down": (-s["a_R"], -r),  # the protégé and others saw the guarantor walk away
                "attack": _us(s, _us_alone(s, r), _taken(s, r), b),
            }, infoset=H_EXT_TAKE),
        }, infoset=H_EXT_SUPPORT),
    }, infoset=H_EXT_CHALLENGE)
    return root


#: Evaluates :func:`extended_root` as it is written; every tie is left to the engine.
_FAST = Direct(("Russia", "Guarantor"))


def fast_plan(values: Mapping[str, Fraction]) -> dict[str, str] | None:
    """The subgame-perfect plan by direct exact evaluation of the tree (no tree object), or
    ``None`` where a player is indifferent (then the engine's backward induction decides). The
    tests check it against :func:`~gametheory.extensive.solvers.backward.backward_induction`."""
    try:
        return extended_root(values, _FAST).plan
    except _Tie:
        return None


def extended_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """Russia, the guarantor (France/UK) and the US as a chance move that follows any Russian
    attack: payoffs (Russia, guarantor), measured from the status quo."""
    return ExtensiveGame.from_tree(extended_root(s), players=["Russia", "Guarantor"], title="Extended deterrence",
                                   parameters=list(parameters) if parameters else None)


def outcome_of(plan: Mapping[str, str | None]) -> str:
    """The outcome key of a subgame-perfect plan (a function of the plan alone)."""
    if plan[H_EXT_CHALLENGE] == "status quo":
        return "deterrence"
    if plan[H_EXT_SUPPORT] == "abandon":
        return "abandonment" if plan[H_EXT_TAKE] == "attack" else "deterrence"
    if plan[H_EXT_ESCALATE] == "back down":
        return "deterrence"
    return "war" if plan[H_EXT_FIGHT] == "fight" else "abandonment"


def _ties(s: Mapping[str, Fraction], plan: Mapping[str, str | None]) -> list[str]:
    """Exact indifferences along the backward induction at ``s`` (the result rests on tie-breaking)."""
    war_R, war_G = extended_war_payoffs(s)
    out_R, out_G = without_guarantor_payoffs(s, s["r_G"] + s["h_G"])
    ab_R, ab_G = without_guarantor_payoffs(s, s["r_G"])
    out: list[str] = []
    if war_G == out_G:
        out.append("the guarantor is exactly indifferent between fighting and backing out after an attack")
    fights = plan[H_EXT_FIGHT] == "fight"
    attack_R, attack_G = (war_R, war_G) if fights else (out_R, out_G)
    if attack_R == -s["a_R"]:
        out.append("Russia is exactly indifferent between attacking and backing down")
    if ab_R == -s["a_R"]:
        out.append("Russia is exactly indifferent between attacking an abandoned protégé and backing down")
    stand_G = attack_G if plan[H_EXT_ESCALATE] == "attack" else Fraction(0)
    leave_R, leave_G = (ab_R, ab_G) if plan[H_EXT_TAKE] == "attack" else (-s["a_R"], -s["r_G"])
    if stand_G == leave_G:
        out.append("the guarantor is exactly indifferent between standing by the protégé and abandoning it")
    if plan[H_EXT_SUPPORT] == "stand by":
        press_R = attack_R if plan[H_EXT_ESCALATE] == "attack" else -s["a_R"]
    else:
        press_R = leave_R
    if press_R == 0:
        out.append("Russia is exactly indifferent between pressing and the status quo")
    return out


PLAYERS = ("Russia", "Guarantor")


def _linear(f: Any) -> tuple[Fraction, Fraction]:
    """(constant, slope) of a function linear in one Fraction argument."""
    f0 = Fraction(f(Fraction(0)))
    return f0, Fraction(f(Fraction(1))) - f0


def private_values_game(s: Mapping[str, Fraction], spread: Fraction | None = None) -> Any:
    """The private-values lens: Russia's value of the stake ``v`` and the guarantor's resolve (its
    value ``w_G`` of the protégé's security) are private, each uniform on the model's value
    +- ``spread`` (default :data:`~gametheory.models.private_values.SPREAD`) clipped to the
    parameter's range (Fearon 1994's crisis with private values; Huth 1988's resolve).

    One move each (as in ``tests/test_bayesian.py``): Russia presses or not; the guarantor
    abandons the protégé (Russia then attacks it, the US stepping in with probability
    ``p_US``; the guarantor pays ``r_G``) or stands by it and fights if Russia attacks (the
    war of :func:`extended_war_payoffs`). Returns a
    :class:`~gametheory.models.private_values.CutoffGame`, or ``None`` when a type support is a
    single point (a value of 0).
    """
    from gametheory.models.private_values import SPREAD, CutoffGame, support_around

    spread = SPREAD if spread is None else spread
    bounds = {p.name: (p.lower, p.upper) for p in EXT_PARAMETERS}
    sx = support_around(s["v"], *bounds["v"], spread=spread)
    sy = support_around(s["w_G"], *bounds["w_G"], spread=spread)
    if sx is None or sy is None:
        return None

    def at(name: str, t: Fraction) -> dict[str, Any]:
        return {**s, name: t}

    return CutoffGame(
        names=PLAYERS, types=("v", "w_G"),
        actions=(("status quo", "press"), ("abandon", "stand by")), supports=(sx, sy),
        yield_=(_linear(lambda t: without_guarantor_payoffs(at("v", t), s["r_G"])[0]),
                _linear(lambda t: without_guarantor_payoffs(at("w_G", t), s["r_G"])[1])),
        war=(_linear(lambda t: extended_war_payoffs(at("v", t))[0]),
             _linear(lambda t: extended_war_payoffs(at("w_G", t))[1])))


def private_values_lens(s: Mapping[str, Fraction]) -> tuple[dict[str, Any], str, list[str]]:
    """Quantities, one sentence and notes of the private-values lens at ``s`` (exact, no sympy)."""
    from gametheory.models.private_values import lens_result

    game = private_values_game(s)
    return lens_result(game, "press", "the guarantor stands by the protégé",
                       "the guarantor's resolve (its value of the protégé)")


class ExtendedDeterrence(RegimesIn, Model):
    name = "extended_deterrence"
    title = "Extended deterrence: would France and the UK stand by an exposed ally?"
    question = ("Does Russia press Poland or the Baltic states, and would France and the UK fight for them, "
                "with the US joining only by chance?")
    players = PLAYERS
    parameters = EXT_PARAMETERS
    outcomes = EXT_OUTCOMES
    world_links = EXT_WORLD_LINKS
    no_flips = ()
    references = (
        "Huth, P. K. (1988). Extended Deterrence and the Prevention of War. Yale University Press.",
        "Huth, P. K. (1988). Extended deterrence and the outbreak of war. American Political Science "
        "Review 82(2), 423-443.",
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press.",
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence, ch. 9. Cambridge University Press.",
        "Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes. "
        "American Political Science Review 88(3), 577-592.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
    )

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return extended_tree(values, parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return extended_root(values), PLAYERS

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone, no text: by :func:`fast_plan`, or where a player is indifferent by the
        engine's backward induction (the tests check that both agree)."""
        plan = fast_plan(values)
        if plan is None:
            return outcome_of(backward_induction(self.build(values))[0].actions())
        return outcome_of(plan)

    @cached_property
    def regimes(self) -> Any:
        from gametheory.symbolic.spe import symbolic_backward_induction  # sympy: only for the regimes

        return symbolic_backward_induction(extended_tree({p.name: p.symbol for p in self.parameters}, self.parameters))

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return extended_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        s = values
        war_R, war_G = extended_war_payoffs(s)
        out_R, out_G = without_guarantor_payoffs(s, s["r_G"] + s["h_G"])
        ab_G = without_guarantor_payoffs(s, s["r_G"])[1]
        credible = plan[H_EXT_FIGHT] == "fight"
        key = outcome_of(plan)

        def r(x: Any) -> str:
            return readable(x)

        p_us = readable(s["p_US"], "probability")
        if credible:
            threat = (f"if Russia attacked, France/UK would fight (a war worth {r(war_G)} to them beats "
                      f"{r(out_G)} for backing out)")
        else:
            threat = (f"if Russia attacked, France/UK would back out ({r(out_G)}) rather than fight a war "
                      f"worth {r(war_G)} to them")
        if key == "deterrence" and credible and plan[H_EXT_CHALLENGE] == "status quo":
            reason = f"{threat}, and Russia would rather back down ({r(-s['a_R'])}) than fight that war ({r(war_R)})"
        elif key == "deterrence" and plan[H_EXT_CHALLENGE] == "status quo":
            reason = (f"{threat}, but the US steps in with probability {p_us}: attacking would be worth {r(out_R)} "
                      f"to Russia, less than backing down ({r(-s['a_R'])}); the US, not France/UK, deters")
        elif key == "deterrence":
            reason = "Russia presses and then backs down (it is indifferent between pressing and the status quo)"
        elif key == "abandonment" and not credible:
            reason = (f"{threat}, so their pledge would be empty and they abandon at once; Russia then attacks "
                      f"(worth {r(out_R)} to it, the US stepping in with probability {p_us})")
        elif key == "abandonment":
            reason = (f"{threat}, but Russia would attack even so ({r(war_R)} beats backing down, "
                      f"{r(-s['a_R'])}), and that war is worse for France/UK than abandoning ({r(ab_G)})")
        else:
            reason = (f"{threat}, and Russia still prefers that war ({r(war_R)}) to the status quo and to backing "
                      f"down ({r(-s['a_R'])})")
        ties = _ties(s, plan)
        diagnostics = list(res.diagnostics)
        if ties:
            diagnostics.append("knife-edge at this point: " + "; ".join(ties)
                               + "; the outcome rests on tie-breaking (first action listed)")
        pv, pv_text, pv_notes = private_values_lens(s)
        diagnostics += pv_notes
        o = self.outcome(key)
        us = (f"The US joins a war with probability {p_us} and answers nuclear use with probability "
              f"{readable(s['u_US'], 'probability')}.")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}. {reason[0].upper()}{reason[1:]}. {us}"
                      + (" Knife-edge: the result rests on tie-breaking (see diagnostics)." if ties else "")
                      + f" {pv_text}",
            equilibrium={"plan": plan, "payoffs": dict(zip(self.players, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={"russia_war_payoff": war_R, "guarantor_war_payoff": war_G,
                        "guarantor_backout_payoff": out_G, "russia_payoff_without_guarantor": out_R,
                        "russia_nuclear_damage": russia_nuclear_damage(s),
                        "russia_win_probability": _pi(s),
                        "guarantor_threat_credible": credible, **pv},
            method=res.method,
            diagnostics=tuple(diagnostics),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The payoffs compared are the same formulas in every regime."""
        sym = {p.name: p.symbol for p in self.parameters}
        war_R, war_G = extended_war_payoffs(sym)
        out_R, out_G = without_guarantor_payoffs(sym, sym["r_G"] + sym["h_G"])
        return {"russia_war_payoff": war_R, "guarantor_war_payoff": war_G,
                "guarantor_backout_payoff": out_G, "russia_payoff_without_guarantor": out_R,
                "russia_nuclear_damage": russia_nuclear_damage(sym), "russia_win_probability": _pi(sym)}
