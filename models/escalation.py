"""Escalation: coercion, fait accompli or deterrence on Europe's eastern flank.

One escalation game replaces the earlier ``deterrence_complete`` and ``mutual_deterrence``
models, whose results came from the move order they assumed (who moves last). Here the
move order is chosen by the players:

1. **Europe moves first**: it may deploy a *tripwire* (forces forward on the flank, at a
   standing cost ``k_T``), so that any seizure meets combat at once (Schelling 1966).
2. **Russia** then keeps the status quo, makes a coercive **demand**, or takes a
   **fait accompli**: it seizes a limited objective (at cost ``k_F``) and leaves the next
   move to Europe (Altman 2017; Tarar 2016).
3. After a demand, Europe concedes or resists, and after resistance **Russia moves last**:
   it backs down or goes to war. After a fait accompli (without a tripwire) **Europe moves
   last**: it accepts the loss or counter-attacks, starting the war itself. Schelling's
   *last clear chance* to avoid war is therefore Russia's after a demand and Europe's after
   a fait accompli; which one Russia picks is a result of the game.
4. **War**: with probability ``e`` it turns into a nuclear exchange nobody chose
   (inadvertent escalation). Otherwise Russia prevails conventionally with probability
   ``P = p_US pi_US + (1 - p_US) pi_0`` (the US fights beside Europe with probability
   ``p_US``); if it is losing, **Russia chooses** whether to use nuclear weapons to impose
   its terms. That choice is where *escalation dominance* enters: the expected retaliation
   ``R = f_FUK D_FUK + u_US D_US`` (French/UK damage times their resolve as Moscow sees it,
   plus US damage times the umbrella's probability) against the stake and the humiliation
   of defeat (``v + a_R``).

Payoffs (Russia, Europe), in stake units; the tripwire subtracts ``k_T`` from every
European payoff after it, a fait accompli subtracts ``k_F`` from every Russian payoff
after it:

==================================  ===========================  ===========================
outcome                             Russia                       Europe
==================================  ===========================  ===========================
status quo                          0                            0
Europe concedes / accepts           v                            -v
Russia backs down                   -a_R                         b_E
war: Russia prevails                v - c_R                      -v - c_E
war: Russia accepts defeat          -c_R - a_R                   -c_E
war: Russia's limited nuclear use   v - c_R - R                  -v - c_E - L_E
war: inadvertent nuclear exchange   -c_R - D_FUK - u_US D_US     -c_E - L_E
==================================  ===========================  ===========================

Solved by backward induction
(:func:`gametheory.extensive.solvers.backward.backward_induction`); its regimes and
thresholds come out symbolically
(:func:`~gametheory.symbolic.spe.symbolic_backward_induction`).

>>> from gametheory.models import get_model
>>> r = get_model("escalation").solve(flips=False)
>>> r.outcome.key, r.quantities["europe_tripwire"]
('deterrence', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models.world import russia_wins_alone, russia_wins_vs_us
from gametheory.symbolic import Parameter

if TYPE_CHECKING:
    from gametheory.symbolic.spe import SymbolicSPEAnalysis

ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("p_US", "probability the US fights beside Europe in a conventional war", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "value of the stake (the demanded concession or the seized objective) to each side", "1", 0, 10,
              lower_open=True, unit="stake units", source="normalisation (all payoffs are in units of the stakes)"),
    Parameter("c_R", "Russia's cost of a conventional war with Europe", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_E", "Europe's cost of a conventional war with Russia", "3/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("pi_0", "probability Russia prevails conventionally against Europe alone", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("pi_US", "probability Russia prevails conventionally against Europe and the US", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("e", "probability a Russia-Europe war turns into a nuclear exchange nobody chose "
              "(inadvertent escalation)", "1/10", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("D_FUK", "damage French and British nuclear forces can do to Russia", "20", 0, 10000,
              unit="stake units",
              source="illustrative; scale: about 290 French and 225 British warheads against about 5,460 "
                     "Russian (FAS, Status of World Nuclear Forces 2025)"),
    Parameter("f_FUK", "probability France and the UK retaliate for Russian nuclear use, as Moscow judges it",
              "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("D_US", "damage a US nuclear response does to Russia", "100", 0, 10000, unit="stake units",
              source="illustrative; scale: about 3,700 US warheads in the stockpile (FAS 2025)"),
    Parameter("u_US", "probability the US answers Russian nuclear use with its own (the umbrella)", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("L_E", "Europe's loss in a nuclear war", "50", 0, 10000, unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_R", "Russia's cost of backing down or of a defeat (audience costs, lost face)", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("b_E", "Europe's gain when Russia backs down", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_F", "Russia's cost of seizing the limited objective (operation, sanctions)", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_T", "Europe's cost of keeping a tripwire force forward on the flank", "1/4", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("p_US", "us_backing", "the chance the US fights beside Europe is the world's US conventional backing"),
    link("c_R", "russia_war_cost"),
    link("c_E", "europe_war_cost"),
    WorldLink("pi_0", ("europe_capability",), russia_wins_alone,
              "ratio-form contest: Russia prevails against Europe alone with probability 1/(1 + E)"),
    WorldLink("pi_US", ("europe_capability", "us_conventional"), russia_wins_vs_us,
              "ratio-form contest: Russia prevails against Europe and the US with probability 1/(1 + E + U)"),
    link("e", "nuclear_escalation", "the world's escalation risk is read as inadvertent escalation; deliberate "
         "Russian nuclear use is a choice in the game"),
    link("D_FUK", "fuk_damage"),
    link("f_FUK", "fuk_resolve", "Moscow's estimate of French/UK resolve sets the expected French/UK retaliation"),
    link("D_US", "us_nuclear_damage"),
    link("u_US", "us_umbrella", "the US answers Russian nuclear use with the umbrella's probability, whether or "
         "not it fought conventionally"),
    link("L_E", "europe_nuclear_loss"),
)

OUTCOMES = (
    Outcome("deterrence", "Deterrence holds",
            "Russia keeps the status quo: a demand would be resisted and a seizure fought, and what "
            "follows is worse for Russia than the status quo."),
    Outcome("coercion", "Coercion succeeds: Europe concedes",
            "Russia makes a demand and Europe gives in, because Russia, moving last, would go to war "
            "and for Europe that war is worse than the concession."),
    Outcome("fait_accompli", "Fait accompli: Russia seizes the objective and Europe accepts it",
            "Russia takes a limited objective and hands Europe the last clear chance: to undo it Europe "
            "would have to start a war that is worse for it than the loss."),
    Outcome("war", "Deterrence fails: war",
            "Russia challenges and the side that moves last chooses war: both prefer fighting to giving way."),
)

PLAYERS = ("Russia", "Europe")
H_POSTURE = "Europe: posture"
POSTURES = ("tripwire", "flexible")


def _h(name: str, posture: str) -> str:
    return f"{name} ({posture})"


def win_probability(s: Mapping[str, Any]) -> Any:
    """Russia's chance of prevailing conventionally, over US intervention."""
    return s["p_US"] * s["pi_US"] + (1 - s["p_US"]) * s["pi_0"]


def retaliation(s: Mapping[str, Any]) -> Any:
    """Russia's expected damage from retaliation for a limited nuclear use."""
    return s["f_FUK"] * s["D_FUK"] + s["u_US"] * s["D_US"]


def russia_uses_nuclear(s: Mapping[str, Fraction]) -> bool:
    """Whether a losing Russia prefers limited nuclear use to defeat (ties: defeat)."""
    return s["v"] - retaliation(s) > -s["a_R"]


def war_payoffs(s: Mapping[str, Any], nuclear: bool | None = None) -> tuple[Any, Any]:
    """Expected war payoffs (Russia, Europe), with Russia's nuclear choice when losing
    (default: the optimal one at numeric values; pass it for symbols)."""
    if nuclear is None:
        nuclear = russia_uses_nuclear(s)
    P, e = win_probability(s), s["e"]
    exchange = (-s["c_R"] - s["D_FUK"] - s["u_US"] * s["D_US"], -s["c_E"] - s["L_E"])
    wins = (s["v"] - s["c_R"], -s["v"] - s["c_E"])
    losing = ((s["v"] - s["c_R"] - retaliation(s), -s["v"] - s["c_E"] - s["L_E"]) if nuclear
              else (-s["c_R"] - s["a_R"], -s["c_E"]))
    return tuple(e * x + (1 - e) * (P * w + (1 - P) * lo)
                 for x, w, lo in zip(exchange, wins, losing))


def _war(s: Mapping[str, Any], where: str, kR: Any, kE: Any) -> Any:
    P, e = win_probability(s), s["e"]
    return chance({
        "inadvertent nuclear exchange": (e, (-s["c_R"] - s["D_FUK"] - s["u_US"] * s["D_US"] - kR,
                                             -s["c_E"] - s["L_E"] - kE)),
        "Russia prevails": ((1 - e) * P, (s["v"] - s["c_R"] - kR, -s["v"] - s["c_E"] - kE)),
        "Russia losing": ((1 - e) * (1 - P), decision("Russia", {
            "accept defeat": (-s["c_R"] - s["a_R"] - kR, -s["c_E"] - kE),
            "limited nuclear use": (s["v"] - s["c_R"] - retaliation(s) - kR, -s["v"] - s["c_E"] - s["L_E"] - kE),
        }, infoset=f"Russia: nuclear use? ({where})")),
    })


def escalation_root(s: Mapping[str, Any]) -> Any:
    """The escalation game's root node at values (symbols, or python-flint numbers) ``s``."""

    def branch(posture: str) -> Any:
        kE = s["k_T"] if posture == "tripwire" else 0
        demand = decision("Europe", {
            "concede": (s["v"], -s["v"] - kE),
            "resist": decision("Russia", {
                "back down": (-s["a_R"], s["b_E"] - kE),
                "war": _war(s, _h("after a demand", posture), 0, kE),
            }, infoset=_h("Russia: after resistance", posture)),
        }, infoset=_h("Europe: answer a demand", posture))
        war_fa = _war(s, _h("after a seizure", posture), s["k_F"], kE)
        if posture == "tripwire":
            seize = war_fa  # the tripwire fires: a seizure meets combat at once
        else:
            seize = decision("Europe", {"accept": (s["v"] - s["k_F"], -s["v"]), "counter-attack": war_fa},
                             infoset=_h("Europe: answer a seizure", posture))
        return decision("Russia", {"status quo": (0, -kE), "demand": demand, "fait accompli": seize},
                        infoset=_h("Russia: move", posture))

    return decision("Europe", {p: branch(p) for p in POSTURES}, infoset=H_POSTURE)


def escalation_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The escalation game at values (or symbols) ``s``."""
    return ExtensiveGame.from_tree(escalation_root(s), players=list(PLAYERS), title="Escalation (coercion or fait accompli)",
                                   parameters=list(parameters) if parameters else None)


def outcome_of(plan: Mapping[str, str | None]) -> str:
    """The outcome key of a subgame-perfect plan (a function of the plan alone)."""
    posture = plan[H_POSTURE] or "flexible"
    move = plan[_h("Russia: move", posture)]
    if move == "status quo":
        return "deterrence"
    if move == "demand":
        if plan[_h("Europe: answer a demand", posture)] == "concede":
            return "coercion"
        return "war" if plan[_h("Russia: after resistance", posture)] == "war" else "deterrence"
    accepts = posture == "flexible" and plan[_h("Europe: answer a seizure", "flexible")] == "accept"
    return "fait_accompli" if accepts else "war"


def _symbols(model: Model) -> dict[str, Any]:
    return {p.name: p.symbol for p in model.parameters}


class Escalation(RegimesIn, Model):
    name = "escalation"
    title = "Escalation: coercion, fait accompli or deterrence, with nuclear escalation dominance"
    question = ("Does Russia challenge Europe by a demand or by a fait accompli, does Europe's threat hold, "
                "and who holds the last clear chance to avoid war?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    references = (
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press (the last clear chance; tripwires).",
        "Altman, D. (2017). By fait accompli, not coercion: how states wrest territory from their adversaries. "
        "International Studies Quarterly 61(4), 881-891.",
        "Tarar, A. (2016). A strategic logic of the military fait accompli. International Studies Quarterly "
        "60(4), 742-752.",
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence. Cambridge University Press.",
        "Kahn, H. (1965). On Escalation: Metaphors and Scenarios. Praeger (escalation dominance).",
        "Kristensen, H. M., Korda, M., et al. (2025). Status of World Nuclear Forces. Federation of American Scientists.",
    )

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return escalation_tree(values, parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return escalation_root(values), PLAYERS

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone: the engine's backward induction and :func:`outcome_of`, no text."""
        return outcome_of(backward_induction(self.build(values))[0].actions())

    @cached_property
    def regimes(self) -> SymbolicSPEAnalysis:
        """Regimes in US backing ``p_US`` and the tripwire's cost ``k_T`` (others at their defaults);
        :meth:`regimes_in` gives them in any other parameters."""
        return self.regimes_in(("p_US", "k_T"))

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return escalation_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        s = values
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        posture = plan[H_POSTURE] or "flexible"
        move = plan[_h("Russia: move", posture)]
        key = outcome_of(plan)
        nuclear = russia_uses_nuclear(s)
        W_R, W_E = war_payoffs(s, nuclear)
        W_R_fa = W_R - s["k_F"]
        R = retaliation(s)
        r = readable
        # what would happen after each Russian move, in the chosen posture
        russia_fights = plan[_h("Russia: after resistance", posture)] == "war"
        o = self.outcome(key)
        war_words = f"war is worth {r(W_R)} to Russia and {r(W_E)} to Europe"
        nuke = (f"a losing Russia would use nuclear weapons (stake plus face {r(s['v'] + s['a_R'])} exceed the expected "
                f"retaliation {r(R)}: Russia holds escalation dominance)" if nuclear else
                f"a losing Russia would accept defeat rather than use nuclear weapons (expected retaliation {r(R)} "
                f"exceeds stake plus face {r(s['v'] + s['a_R'])})")
        if key == "deterrence":
            if posture == "tripwire":
                mech = (f"Europe deploys a tripwire (cost {r(s['k_T'])}), so a seizure means war at once and the last "
                        f"clear chance stays with Russia; {war_words}, so Russia keeps the status quo")
            else:
                mech = ("a demand would be resisted and Russia, moving last, would back down; a seizure would be "
                        f"answered by a counter-attack; {war_words}")
        elif key == "coercion":
            mech = (f"after resistance Russia moves last and would choose war ({r(W_R)} against {r(-s['a_R'])} for "
                    f"backing down), and that war ({r(W_E)} for Europe) is worse for Europe than conceding "
                    f"({r(-s['v'])})")
        elif key == "fait_accompli":
            why_not_demand = ("a demand would fail, since after resistance Russia would back down"
                              if not russia_fights else "a demand would also succeed but costs Russia more")
            mech = (f"after the seizure Europe moves last and would have to start a war worth {r(W_E)} to it, worse "
                    f"than losing the objective ({r(-s['v'])}); {why_not_demand}; a tripwire (cost {r(s['k_T'])}) is "
                    f"not worth it to Europe")
        else:
            last = "Russia (after Europe resists a demand)" if move == "demand" else "Europe (after a seizure)"
            mech = f"{last} moves last and chooses war; {war_words}"
        statement = f"{o.headline}: {mech}; {nuke}. {o.explanation}"
        notes = list(res.diagnostics)
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria: a player is indifferent between two actions at these "
                         "values (a knife-edge), so the reported one rests on tie-breaking (the first action)")
        if s["v"] - R == -s["a_R"]:
            notes.append("knife-edge: a losing Russia is indifferent between defeat and nuclear use")
        last_mover = {"status quo": "none (no challenge)", "demand": "Russia",
                      "fait accompli": "Europe" if posture == "flexible" else "Russia (the tripwire fires)"}[move or "status quo"]
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={
                "russia_expected_war_payoff": W_R,
                "europe_expected_war_payoff": W_E,
                "russia_fait_accompli_war_payoff": W_R_fa,
                "russia_win_probability": win_probability(s),
                "expected_nuclear_retaliation": R,
                "russia_uses_nuclear_if_losing": nuclear,
                "europe_tripwire": posture == "tripwire",
                "europe_threat_credible": W_E >= -s["v"],
                "russia_backs_down_if_resisted": not russia_fights,
                "russia_challenge": move,
                "last_clear_chance": last_mover,
            },
            method=res.method,
            diagnostics=tuple(notes),
        )

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, Any]:
        """The war payoffs, with Russia's nuclear choice as it is at ``values``."""
        s = _symbols(self)
        nuclear = russia_uses_nuclear(values)
        W_R, W_E = war_payoffs(s, nuclear)
        return {"russia_expected_war_payoff": W_R, "europe_expected_war_payoff": W_E,
                "russia_fait_accompli_war_payoff": W_R - s["k_F"],
                "russia_win_probability": win_probability(s), "expected_nuclear_retaliation": retaliation(s)}
