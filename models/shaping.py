"""Shaping the settlement: Washington and Moscow set terms, then Europe decides on a bloc.

A sequential game of perfect information (the situation's order of moves: the outside powers
shape the deal, Europe answers it):

1. The **United States** sets its terms: it *pushes* terms that obstruct a durable European
   defence bloc (backed by its coercion of a Europe that defies them: tariffs, withheld
   intelligence and supplies, the Greenland episode), or *stays out*.
2. **Russia**, seeing the US terms, *pushes* its own obstructing terms (limits on alliance
   structures, bilateral deals over Europe's head) or *stays out*.
3. **Europe**, seeing both, *builds* an autonomous bloc (pooled forces, procurement and
   command without US dependence) or *defers*.
4. If Europe builds against the US terms, the **US** *coerces* (Europe loses ``x_E``, the US
   pays ``k_C``: tariffs hurt it too) or *relents* (it loses ``h_US``, the audience and
   credibility cost of a threat not carried out). The threat is credible iff ``h_US > k_C``.

A bloc Europe builds forms with probability ``f = 1 - q``: ``q`` is 0 when nobody pushes,
``q1`` when one power does and ``q2`` when both do. Payoffs (stake units: the value, to each
side, of the political concession at issue is 1):

* Europe ``a_E f - c_E B - x_E C``;
* US ``(s_US - v_US) f - k_US P_US - k_C C - h_US R`` (``R``: it relents after defiance);
* Russia ``-r_R f - k_R P_R``;

with ``B``, ``P_US``, ``P_R``, ``C`` in {0, 1} for building, pushing and coercing.

The engine solves the tree by backward induction, exactly. Blocking the bloc is a public good
for Washington and Moscow (Olson & Zeckhauser 1966): the model reports who pays for it and
who free-rides. US coercion of an ally is the lever of Drezner (1999) and Farrell & Newman
(2019); Europe's choice is Morrow's (1991) trade of autonomy against the patron's security.
Europe is one actor (see the docs page for why). Every default is an illustrative assumption,
and so is every probability the model reports: ``q1`` and ``q2`` are the model's assumed
blocking probabilities, not forecasts.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import gametheory as gt
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import decision
from gametheory.modeling import Model, ModelResult, Outcome, format_value, readable
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.world import WorldLink, link
from gametheory.models.world import russia_wins_alone
from gametheory.symbolic import Parameter

_ILL = "illustrative assumption"

PARAMETERS = (
    Parameter("a_E", "value to Europe of an autonomous defence bloc that forms", "3", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("c_E", "Europe's cost of building autonomy (closing the gap to standing alone)", "1", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("x_E", "cost the US imposes on Europe if it coerces a Europe that builds against US terms",
              "1/2", 0, 20, unit="stake units", source=_ILL),
    Parameter("q1", "assumed probability the bloc is blocked when one outside power pushes", "1/3", 0, 1,
              unit="probability", source=_ILL),
    Parameter("q2", "assumed probability the bloc is blocked when both push (at least q1)", "3/5", 0, 1,
              unit="probability", source=_ILL),
    Parameter("v_US", "US value of Europe's dependence (leverage lost if the bloc forms)", "1", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("s_US", "US gain from European burden sharing if the bloc forms", "1/2", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("k_US", "US cost of pushing terms against the bloc (friction with allies)", "1/4", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("h_US", "US audience/credibility cost of relenting after Europe defies its terms", "1/4", 0, 10,
              unit="stake units", source=_ILL),
    Parameter("k_C", "US cost of carrying out coercion (tariffs and lost cooperation hurt the US too)", "1/10",
              0, 10, unit="stake units", source=_ILL),
    Parameter("r_R", "Russia's loss if a European bloc forms", "2", 0, 20,
              unit="stake units", source=_ILL),
    Parameter("k_R", "Russia's cost of pushing (concessions elsewhere in the deal)", "1/2", 0, 20,
              unit="stake units", source=_ILL),
)

WORLD_LINKS = (
    link("x_E", "us_coercion", "the cost US coercion imposes on a Europe that defies it, same unit"),
    WorldLink("s_US", ("us_stake",), lambda w: w["us_stake"] / 2,
              "the bloc's security gain to Europe is worth 1/2 stake unit; the US values it at us_stake per unit"),
    WorldLink("c_E", ("europe_capability",), lambda w: 2 * russia_wins_alone(w),
              "the cost of autonomy falls as Europe's capability E rises: 2/(1 + E), twice Russia's chance "
              "against Europe alone (1 at parity)"),
)

OUTCOMES = (
    Outcome("autonomy", "Europe builds autonomy unopposed",
            "Neither outside power finds obstructing the bloc worth its cost, and Europe builds."),
    Outcome("contested", "Europe builds against outside pressure",
            "Europe builds although the US, Russia or both push terms against the bloc; the bloc "
            "forms only if the pressure fails."),
    Outcome("coerced", "Europe gives up the bloc under US coercion",
            "Europe would build against the pressure alone, but the US threat of coercion (credible "
            "because relenting would cost the US more than carrying it out) makes building not worth it."),
    Outcome("dependence", "Europe stays dependent",
            "Europe does not build: after the pressure it expects, the bloc's value does not cover the "
            "cost of building, even without US coercion."),
)

PLAYERS = ("US", "Russia", "Europe")
ACTS = ("stay out", "push")  # ties go to the first action: pushing must pay strictly


def _payoffs(s: Mapping[str, Any], pu: int, pr: int, b: int, c: int) -> tuple[Any, Any, Any]:
    n = pu + pr
    q = 0 if n == 0 else (s["q1"] if n == 1 else s["q2"])
    f = b * (1 - q)
    relent = pu * b * (1 - c)
    us = (s["s_US"] - s["v_US"]) * f - s["k_US"] * pu - s["k_C"] * c - s["h_US"] * relent
    ru = -s["r_R"] * f - s["k_R"] * pr
    eu = s["a_E"] * f - s["c_E"] * b - s["x_E"] * c
    return (us, ru, eu)


def shaping_root(s: Mapping[str, Any], russia_first: bool = False) -> Any:
    """The root node of :func:`shaping_tree` at values (symbols, or python-flint numbers) ``s``."""
    first, second = ("Russia", "US") if russia_first else ("US", "Russia")

    def europe(pu: int, pr: int) -> Any:
        tag = f"US {ACTS[pu]}, Russia {ACTS[pr]}"
        build: Any
        if pu:
            build = decision("US", {"relent": _payoffs(s, pu, pr, 1, 0), "coerce": _payoffs(s, pu, pr, 1, 1)},
                             infoset=f"US: coerce? ({tag})")
        else:
            build = _payoffs(s, pu, pr, 1, 0)
        return decision("Europe", {"defer": _payoffs(s, pu, pr, 0, 0), "build": build},
                        infoset=f"Europe: ({tag})")

    branches = {}
    for a1, x1 in enumerate(ACTS):
        inner = {}
        for a2, x2 in enumerate(ACTS):
            pu, pr = (a2, a1) if russia_first else (a1, a2)
            inner[x2] = europe(pu, pr)
        branches[x1] = decision(second, inner, infoset=f"{second}: terms ({first} {x1})")
    return decision(first, branches, infoset=f"{first}: terms")


def shaping_tree(s: Mapping[str, Any], russia_first: bool = False,
                 parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The tree at values ``s``; ``russia_first`` swaps the two outside powers' order."""
    return ExtensiveGame.from_tree(shaping_root(s, russia_first), players=list(PLAYERS),
                                   title="Shaping the settlement", parameters=list(parameters) if parameters else None)


def _path(plan: Mapping[str, str | None], russia_first: bool = False) -> tuple[int, int, int, int]:
    first, second = ("Russia", "US") if russia_first else ("US", "Russia")
    a1 = ACTS.index(plan[f"{first}: terms"] or "stay out")
    a2 = ACTS.index(plan[f"{second}: terms ({first} {ACTS[a1]})"] or "stay out")
    pu, pr = (a2, a1) if russia_first else (a1, a2)
    tag = f"US {ACTS[pu]}, Russia {ACTS[pr]}"
    b = int(plan[f"Europe: ({tag})"] == "build")
    c = int(bool(pu and b and plan[f"US: coerce? ({tag})"] == "coerce"))
    return pu, pr, b, c


class Shaping(RegimesIn, Model):
    name = "shaping"
    title = "Shaping the settlement: US and Russian terms against a European bloc"
    question = ("Do the US and Russia set terms that block an independent European bloc, and does Europe "
                "build one anyway?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    references = (
        "Olson, M., Zeckhauser, R. (1966). An economic theory of alliances. Review of Economics and "
        "Statistics 48(3), 266-279.",
        "Drezner, D. W. (1999). The Sanctions Paradox: Economic Statecraft and International Relations. "
        "Cambridge University Press.",
        "Farrell, H., Newman, A. L. (2019). Weaponized interdependence. International Security 44(1), 42-79.",
        "Morrow, J. D. (1991). Alliances and asymmetry: an alternative to the capability aggregation model "
        "of alliances. American Journal of Political Science 35(4), 904-933.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
    )

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        if values["q2"] < values["q1"]:
            raise gt.GameError(
                f"model shaping: q2 ({format_value(values['q2'])}) must be at least q1 "
                f"({format_value(values['q1'])}): two powers pushing block at least as well as one"
            )

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return shaping_tree(values)

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return shaping_tree(values, parameters=parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return shaping_root(values), PLAYERS

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        """What :meth:`_classify` reads besides the plan (would Europe build against one or two
        pushing powers without coercion; is the threat credible; does it cost Europe), and the
        restriction ``q2 >= q1``."""
        s = values
        return [s["a_E"] * (1 - s["q1"]) - s["c_E"], s["a_E"] * (1 - s["q2"]) - s["c_E"],
                s["h_US"] - s["k_C"], s["x_E"], s["q2"] - s["q1"]]

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone: the engine's backward induction and :meth:`_classify`, no text."""
        return self._classify(values, _path(backward_induction(self.build(values))[0].actions()))

    def _classify(self, s: Mapping[str, Fraction], path: tuple[int, int, int, int]) -> str:
        pu, pr, b, c = path
        if b:
            return "autonomy" if pu + pr == 0 else "contested"
        # would Europe build against the same pressure without the coercion?
        n = pu + pr
        q = 0 if n == 0 else (s["q1"] if n == 1 else s["q2"])
        gain = s["a_E"] * (1 - q) - s["c_E"]
        return "coerced" if pu and gain > 0 and s["h_US"] > s["k_C"] and s["x_E"] > 0 else "dependence"

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        s = values
        res = backward_induction(self.build(s))
        eq = res[0]
        plan = eq.actions()
        path = _path(plan)
        key = self._classify(s, path)
        o = self.outcome(key)
        pu, pr, b, c = path
        n = pu + pr
        q = Fraction(0) if n == 0 else (s["q1"] if n == 1 else s["q2"])
        bloc = [(1 - q) * b]
        for e in list(res)[1:]:
            p2 = _path(e.actions())
            n2 = p2[0] + p2[1]
            q2 = Fraction(0) if n2 == 0 else (s["q1"] if n2 == 1 else s["q2"])
            bloc.append((1 - q2) * p2[2])
        # free riding: a power that stays out while the other pushes, although pushing alone would pay it
        rider, alone = None, None
        if n == 1:
            idle = "US" if pr else "Russia"
            values_blocking = (s["v_US"] > s["s_US"]) if idle == "US" else (s["r_R"] > 0)
            if values_blocking:
                rider = idle
                alone = self._solo_gain(s, idle) > 0
        rev = backward_induction(shaping_tree(s, russia_first=True))
        rev_key = self._classify(s, _path(rev[0].actions(), russia_first=True))
        credible = s["h_US"] > s["k_C"]
        words = {1: "pushes", 0: "stays out"}
        mech = (f"the US {words[pu]}, Russia {words[pr]}, Europe {'builds' if b else 'defers'}"
                + (", and the US coerces it" if c else ""))
        if b:
            mech += f"; the bloc forms with probability {readable(1 - q, 'probability')}"
            mech += (f" (1 minus the model's assumed blocking probability {readable(q, 'probability')}: "
                     "illustrative, not a forecast)") if n else ""
        extra = []
        if rider:
            other = "Russia" if rider == "US" else "the US"
            who = "Russia" if rider == "Russia" else "the US"
            extra.append(f"Free riding: blocking the bloc is a public good between Washington and Moscow; "
                         f"{who} also gains from blocking but leaves the cost to {other}"
                         + (", although pushing alone would pay it" if alone else
                            ", whose stake in blocking is larger"))
        elif n == 2:
            extra.append("Both powers push: no free riding, each one's pressure pays at the margin"
                         + (" because the US coercion threat stops Europe building" if key == "coerced" else ""))
        if pu and not credible:
            extra.append("The US coercion threat is not credible (carrying it out costs the US more than "
                         "relenting)")
        if rev_key != key:
            extra.append(f"If Russia set its terms first the outcome would be: {self.outcome(rev_key).headline}")
        statement = f"{o.headline}: {mech}. {o.explanation}" + "".join(f" {x}." for x in extra)
        notes = list(res.diagnostics)
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria (a player is indifferent); the first is reported")
            statement += (f" Knife-edge: a player is indifferent at this point ({len(res)} subgame-perfect "
                          "equilibria); the result rests on tie-breaking.")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)), "equilibria": len(res),
                         "max_regret": eq.max_regret},
            quantities={
                "us_push": bool(pu), "russia_push": bool(pr), "europe_builds": bool(b), "us_coerces": bool(c),
                "us_coercion_credible": credible,
                "bloc_probability": bloc,
                "free_rider": rider,
                "free_rider_would_push_alone": alone,
                "outcome_if_russia_moves_first": rev_key,
                "equilibria": len(res),
            },
            method=res.method,
            diagnostics=tuple(notes),
        )

    def _solo_gain(self, s: Mapping[str, Fraction], who: str) -> Fraction:
        """``who``'s gain from pushing when the other power stays out (Europe and the US's
        coercion choice best-responding)."""
        def outcome(pu: int, pr: int) -> tuple[Any, Any, Any]:
            tree = shaping_tree(s)
            sub = backward_induction(tree)[0].actions()
            tag = f"US {ACTS[pu]}, Russia {ACTS[pr]}"
            b = int(sub[f"Europe: ({tag})"] == "build")
            c = int(bool(pu and b and sub[f"US: coerce? ({tag})"] == "coerce"))
            return _payoffs(s, pu, pr, b, c)

        i = 0 if who == "US" else 1
        pushed = outcome(1, 0) if who == "US" else outcome(0, 1)
        return Fraction(pushed[i] - outcome(0, 0)[i])
