"""The French/UK nuclear guarantee to a frontline ally ("Paris for Tallinn").

Three players: **Russia**, a **guarantor** (France and the UK, whose nuclear forces back
the guarantee) and a frontline **protégé** (a Baltic state or Poland). The United States is
a chance move. The game, in the order of play:

1. **Posture** (guarantor): keep its forces at home (*rear*) or base them forward on the
   flank (*forward*, at a standing cost ``k_P``). Forward forces tie the guarantor's hands
   (Schelling 1966): a seizure meets them at once, so resistance to a fait accompli is
   automatic, and giving way afterwards costs it ``h`` more (forces lost or withdrawn
   under fire, the credibility of every other pledge). Where forces are already forward (the
   world's ``fuk_forward``), keeping them at home means pulling them back, at a cost ``x_W``.
2. **Challenge** (Russia): keep the status quo, take a conventional **fait accompli** (cost
   ``k_F``), or make a **nuclear demonstration plus a demand** (cost ``k_N``).
3. **Resist or concede**: the protégé gives way or resists; if it resists, the guarantor
   backs it or abandons it (after a fait accompli against forward forces both happen
   automatically).
4. **Limited strike or stop** (Russia): stop (it backs down at cost ``a_R``) or strike
   military targets in the protégé with a few nuclear weapons (cost ``t_R``; the protégé
   loses ``L_P``).
5. **The US** (chance): it joins with probability ``u_US`` (the world's US nuclear
   umbrella); the alliance then answers proportionately with US strategic forces behind it.
6. Otherwise the **guarantor answers** alone: concede, a **proportionate** answer (a limited
   strike doing ``d_G`` to Russia at an own cost ``n_G``) or a **strategic** strike (``D_G``).
7. **Counter-retaliation** (Russia): after a proportionate answer Russia stops or strikes
   the guarantor's cities. Damage is asymmetric: Russia's strategic strike costs the
   guarantor and the protégé ``D_R``, the guarantor's (and the US's) second strike costs
   Russia ``D_G`` (``+ D_US``). A strategic first strike by the guarantor is always
   answered.

**Private resolve on both sides** is a chance move realised at the moment its holder
decides (the crisis reveals to each side how much it cares; the other side knows only the
probability): the guarantor is *resolute* with probability ``r_G`` (yielding to nuclear
coercion then costs it ``w_hi`` instead of ``w_G``); Russia is *resolute* with probability
``q_R`` (backing down after being struck then costs it ``a_hi`` instead of ``a_R``). Every
information set is a single node, so subgame perfection and perfect Bayesian equilibrium
coincide; the tree is solved exactly by backward induction
(:func:`gametheory.extensive.solvers.backward.backward_induction`) and its regimes and flips
come out in closed form (:class:`~gametheory.modeling.regimes.RegimesIn`). Types known
*before* the challenge (signalling) are not modelled: that would need
:func:`~gametheory.extensive.solvers.pbe.perfect_bayesian` on a much larger tree.

Payoffs (Russia, guarantor, protégé), stake units (Russia's value of the stake ``v``); with
forward forces every guarantor payoff also carries ``-k_P``, and each concession ``-h``
(with the rear posture: ``-x_W``):

=============================================  =====================  =============================  ===================
outcome                                        Russia                 guarantor                      protégé
=============================================  =====================  =============================  ===================
status quo                                     0                      0                              0
the protégé gives way                          v - k                  -w_G                           -w_P
the guarantor abandons a resisting protégé     v - k                  -w_G                           -w_P - c_P
resisted, Russia stops                         -k - a_R               -c_G                           -c_P
limited strike, the guarantor concedes         v - k - t_R            -c_G - w                       -c_P - L_P - w_P
proportionate answer, Russia stops             -k - t_R - d_G - a     -c_G - n_G                     -c_P - L_P
strategic war                                  -k - t_R - d_G - D     -c_G - n_G - D_R               -c_P - L_P - D_R
=============================================  =====================  =============================  ===================

(``k`` the challenge's cost, ``w``/``a`` the type's cost of yielding, ``D = D_G`` or
``D_G + D_US``; a strategic first strike replaces ``d_G`` by nothing: Russia loses ``D_G``.)

The reported outcome is the most probable one on the equilibrium path (ties: the more
severe); ``outcome_probabilities`` gives them all.

>>> from gametheory.models import get_model
>>> r = get_model("guarantee").solve(flips=False)
>>> r.outcome.key, r.quantities["posture"]
('deterrence', 'rear')
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import TYPE_CHECKING, Any

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._fasttree import ENGINE as _ENGINE
from gametheory.models._fasttree import Direct
from gametheory.models._fasttree import Tie as _Tie
from gametheory.models._fasttree import labelled as _h
from gametheory.symbolic import Parameter

if TYPE_CHECKING:
    from gametheory.symbolic.spe import SymbolicSPEAnalysis

ILLUSTRATIVE = "illustrative assumption"
#: The cost of pulling back forces already forward when the world has them there (illustrative).
WITHDRAWAL = Fraction(1)

PARAMETERS = (
    Parameter("u_US", "probability the US joins the answer to a Russian nuclear strike (its umbrella)", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("r_G", "probability the guarantor is resolute (treats a strike on the protégé as one on itself), "
              "as Moscow judges it", "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("q_R", "probability Russia is resolute (will not back down once struck), as the guarantor judges it",
              "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "value of the stake (territory or concession) to Russia", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (all payoffs are in units of Russia's stake)"),
    Parameter("w_P", "the protégé's loss when it loses the stake", "2", 0, 100, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("w_G", "an ordinary guarantor's loss when the protégé loses the stake (interest, reputation)",
              "1/2", 0, 100, unit="stake units", source=ILLUSTRATIVE),
    Parameter("w_hi", "a resolute guarantor's loss from yielding to nuclear coercion (the precedent)", "10", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_P", "the guarantor's standing cost of basing forces forward", "1/10", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("x_W", "the guarantor's cost of pulling back forces already based forward (0: none are forward)", "0",
              0, 100, unit="stake units", source=ILLUSTRATIVE + " (withdrawal under threat reads as abandonment)"),
    Parameter("h", "extra cost to the guarantor of giving way with forces forward (hand-tying)", "1", 0, 100,
              unit="stake units", source=ILLUSTRATIVE + " (Schelling 1966; Fearon 1997 on tying hands)"),
    Parameter("c_P", "the protégé's cost of resisting (mobilisation, fighting)", "1/5", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("c_G", "the guarantor's cost of backing the protégé (mobilisation, fighting)", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_F", "Russia's cost of a conventional fait accompli (operation, sanctions)", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_N", "Russia's cost of a nuclear demonstration (the broken taboo, China and India's reaction)",
              "1/4", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_R", "an ordinary Russia's cost of stopping once resisted or struck (lost face)", "1/4", 0, 100,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("a_hi", "a resolute Russia's cost of stopping once struck (regime survival at stake)", "25", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("t_R", "Russia's cost of a limited nuclear strike (isolation, sanctions)", "1/10", 0, 100,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("L_P", "the protégé's loss from a limited nuclear strike on its territory", "3", 0, 1000,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("d_G", "damage a proportionate (limited) answer does to Russia", "1/2", 0, 100, unit="stake units",
              source=ILLUSTRATIVE + "; scale: a few French ASMPA or British Trident warheads on military targets"),
    Parameter("n_G", "the guarantor's own cost of a nuclear answer (the risk it accepts, norms)", "1", 0, 100,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("D_G", "damage the French/UK strategic forces do to Russia", "20", 0, 10000, unit="stake units",
              source="illustrative; scale: about 290 French and 225 British warheads against about 5,460 "
                     "Russian (FAS, Status of World Nuclear Forces 2025)"),
    Parameter("D_R", "damage Russia's strategic strike does to the guarantor (and the protégé)", "50", 0, 10000,
              unit="stake units", source=ILLUSTRATIVE + " (the asymmetry of arsenals: FAS 2025)"),
    Parameter("D_US", "damage a US strategic strike does to Russia", "100", 0, 10000, unit="stake units",
              source="illustrative; scale: about 3,700 US warheads in the stockpile (FAS 2025)"),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("u_US", "us_umbrella", "the US joins the answer to a nuclear strike with the umbrella's probability"),
    link("r_G", "fuk_resolve", "Moscow's estimate of French/UK resolve is the chance the guarantor is resolute"),
    link("q_R", "russia_resolve", "the guarantor's estimate that Russia is determined"),
    link("D_G", "fuk_damage"),
    link("D_R", "europe_nuclear_loss", "Europe's loss in a nuclear war is what Russia's strategic strike does to "
         "the guarantor"),
    link("D_US", "us_nuclear_damage"),
    WorldLink("x_W", ("fuk_forward",), lambda w: WITHDRAWAL * w["fuk_forward"],
              "with French/UK forces already forward (the world's lever), keeping them at home means pulling them "
              "back, at an illustrative cost of one stake unit"),
)

OUTCOMES = (
    Outcome("deterrence", "Deterrence holds",
            "Russia keeps the status quo, or stops once resisted: every challenge meets resistance and what "
            "follows is worse for Russia than not challenging."),
    Outcome("fait_accompli", "Fait accompli succeeds",
            "Russia seizes the objective conventionally and the protégé, or the guarantor, gives way: resistance "
            "would invite a nuclear strike the guarantor would not answer."),
    Outcome("nuclear_coercion", "Nuclear coercion succeeds",
            "Russia's nuclear demonstration or limited strike makes the defenders give way: the guarantor's threat "
            "to answer in kind is not credible enough."),
    Outcome("limited_nuclear_war", "Limited nuclear war",
            "Russia strikes, the guarantor (or the US) answers proportionately and Russia stops: the threat of "
            "limited retaliation holds, but only after nuclear use."),
    Outcome("strategic_war", "Strategic nuclear war",
            "The exchange reaches the cities: Russia counter-retaliates against the guarantor, whose damage is far "
            "larger than the damage it can inflict."),
)

PLAYERS = ("Russia", "Guarantor", "Protege")
H_POSTURE = "Guarantor: posture"
POSTURES = ("rear", "forward")
CHALLENGES = ("fait accompli", "demonstration")
SEVERITY = ("strategic_war", "limited_nuclear_war", "nuclear_coercion", "fait_accompli", "deterrence")
TYPES = ("ordinary", "resolute")
ANSWERS = ("concede", "proportionate", "strategic")


def fast_plan(values: Mapping[str, Fraction]) -> dict[str, str] | None:
    """The subgame-perfect plan by direct exact evaluation (no tree object), or ``None`` at a
    tie (then only the engine's backward induction decides). A fast path for flip searches;
    the tests check it against :func:`~gametheory.extensive.solvers.backward.backward_induction`."""
    try:
        return guarantee_root(values, _FAST).plan
    except _Tie:
        return None


def _strike(s: Mapping[str, Any], posture: str, challenge: str, base: tuple[Any, Any, Any], b: Any) -> Any:
    """The subtree after Russia's limited strike: the US, the guarantor's answer, Russia's reply."""
    F = posture == "forward"
    bR, bG, bP = base[0] - s["t_R"], base[1], base[2] - s["L_P"]
    where = (posture, challenge)

    def reply(us: bool, answered_by: str) -> Any:
        # Russia, struck by a proportionate answer, stops or counter-retaliates; its resolve is drawn now
        D = s["D_G"] + s["D_US"] if us else s["D_G"]
        nG = 0 if us else s["n_G"]
        branches = {}
        for t, prob, a in (("ordinary", 1 - s["q_R"], s["a_R"]), ("resolute", s["q_R"], s["a_hi"])):
            branches[f"Russia {t}"] = (prob, b.decision("Russia", {
                "stop": (bR - s["d_G"] - a, bG - nG, bP),
                "counter-retaliate": (bR - s["d_G"] - D, bG - nG - s["D_R"], bP - s["D_R"]),
            }, infoset=_h("Russia: reply", answered_by, t, *where)))
        return b.chance(branches)

    answers = {}
    for t, prob, w in (("ordinary", 1 - s["r_G"], s["w_G"]), ("resolute", s["r_G"], s["w_hi"])):
        answers[f"guarantor {t}"] = (prob, b.decision("Guarantor", {
            "concede": (bR + s["v"], bG - w - (s["h"] if F else 0), bP - s["w_P"]),
            "proportionate": reply(False, f"guarantor {t}"),
            "strategic": (bR - s["D_G"], bG - s["n_G"] - s["D_R"], bP - s["D_R"]),
        }, infoset=_h("Guarantor: answer", t, *where)))
    return b.chance({"US joins": (s["u_US"], reply(True, "US")),
                   "US stays out": (1 - s["u_US"], b.chance(answers))})


def _after_challenge(s: Mapping[str, Any], posture: str, challenge: str, b: Any) -> Any:
    F = posture == "forward"
    kG = s["k_P"] if F else s["x_W"]
    k = s["k_F"] if challenge == "fait accompli" else s["k_N"]
    where = (posture, challenge)
    resisted = (-k, -kG - s["c_G"], -s["c_P"])
    escalate = b.decision("Russia", {
        "stop": (-k - s["a_R"], -kG - s["c_G"], -s["c_P"]),
        "limited strike": _strike(s, posture, challenge, resisted, b),
    }, infoset=_h("Russia: strike?", *where))
    if F and challenge == "fait accompli":
        return escalate  # the tripwire: forces forward are engaged at once, resistance is automatic
    give = -s["w_G"] - kG - (s["h"] if F else 0)
    backing = b.decision("Guarantor", {
        "abandon": (s["v"] - k, give, -s["w_P"] - s["c_P"]),
        "back": escalate,
    }, infoset=_h("Guarantor: back the protege?", *where))
    return b.decision("Protege", {
        "give way": (s["v"] - k, give, -s["w_P"]),
        "resist": backing,
    }, infoset=_h("Protege: resist?", *where))


def guarantee_root(s: Mapping[str, Any], b: Any = None) -> Any:
    """The guarantee game's root node at values (symbols, or python-flint numbers) ``s``;
    ``b`` builds the nodes (default: the engine's :mod:`gametheory.extensive.tree`)."""
    b = b or _ENGINE

    def branch(posture: str) -> Any:
        kG = s["k_P"] if posture == "forward" else s["x_W"]
        moves: dict[str, Any] = {"status quo": (0, -kG, 0)}
        for c in CHALLENGES:
            moves[c] = _after_challenge(s, posture, c, b)
        return b.decision("Russia", moves, infoset=_h("Russia: challenge", posture))

    return b.decision("Guarantor", {p: branch(p) for p in POSTURES}, infoset=H_POSTURE)


_FAST = Direct(PLAYERS)


def guarantee_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The guarantee game at values (or symbols) ``s``."""
    return ExtensiveGame.from_tree(guarantee_root(s), players=list(PLAYERS), title="The French/UK nuclear guarantee",
                                   parameters=list(parameters) if parameters else None)


# ----------------------------------------------------------------------------- reading a plan
def _atoms(s: Mapping[str, Any]) -> dict[tuple[str, str, str], Any]:
    """The chance branches after a strike: (US, guarantor type, Russia type) -> probability
    (the guarantor's type is ``-`` when the US joins)."""
    u, r, q = s["u_US"], s["r_G"], s["q_R"]
    out: dict[tuple[str, str, str], Any] = {}
    for rt, pq in (("ordinary", 1 - q), ("resolute", q)):
        out[("US", "-", rt)] = u * pq
        for gt, pr in (("ordinary", 1 - r), ("resolute", r)):
            out[("alone", gt, rt)] = (1 - u) * pr * pq
    return out


def _strike_outcome(plan: Mapping[str, str | None], posture: str, challenge: str,
                    atom: tuple[str, str, str]) -> str:
    us, gt, rt = atom
    where = (posture, challenge)
    if us == "US":
        reply = plan[_h("Russia: reply", "US", rt, *where)]
        return "strategic_war" if reply == "counter-retaliate" else "limited_nuclear_war"
    answer = plan[_h("Guarantor: answer", gt, *where)]
    if answer == "concede":
        return "nuclear_coercion"
    if answer == "strategic":
        return "strategic_war"
    reply = plan[_h("Russia: reply", f"guarantor {gt}", rt, *where)]
    return "strategic_war" if reply == "counter-retaliate" else "limited_nuclear_war"


def path_of(plan: Mapping[str, str | None], posture: str, challenge: str | None = None) -> str:
    """Where the play goes in ``posture``: ``'status quo'``, ``'conceded'``, ``'stopped'`` or ``'strike'``."""
    move = challenge or plan[_h("Russia: challenge", posture)] or "status quo"
    if move == "status quo":
        return "status quo"
    where = (posture, move)
    if not (posture == "forward" and move == "fait accompli"):
        if plan[_h("Protege: resist?", *where)] == "give way":
            return "conceded"
        if plan[_h("Guarantor: back the protege?", *where)] == "abandon":
            return "conceded"
    return "stopped" if plan[_h("Russia: strike?", *where)] == "stop" else "strike"


def outcome_distribution(plan: Mapping[str, str | None], s: Mapping[str, Any], posture: str | None = None) -> dict[str, Any]:
    """Probability of each outcome on the path of ``plan`` (in ``posture``: default the chosen one)."""
    posture = posture or plan[H_POSTURE] or "rear"
    move = plan[_h("Russia: challenge", posture)] or "status quo"
    dist: dict[str, Any] = {o.key: 0 for o in OUTCOMES}
    path = path_of(plan, posture)
    if path in ("status quo", "stopped"):
        dist["deterrence"] = 1
    elif path == "conceded":
        dist["fait_accompli" if move == "fait accompli" else "nuclear_coercion"] = 1
    else:
        for atom, p in _atoms(s).items():
            key = _strike_outcome(plan, posture, move, atom)
            dist[key] = dist[key] + p
    return dist


def outcome_of(plan: Mapping[str, str | None], s: Mapping[str, Any], posture: str | None = None) -> str:
    """The most probable outcome on the path (ties: the more severe)."""
    dist = outcome_distribution(plan, s, posture)
    best = max(dist.values())
    return next(k for k in SEVERITY if dist[k] == best)


def limited_answer_margin(s: Mapping[str, Any], forward: bool) -> Any:
    """What an ordinary guarantor gains by answering a strike proportionately rather than
    conceding, when Russia's resolute type counter-retaliates iff ``a_hi > D_G``:
    ``w_G + h F - n_G - q_R D_R [a_hi > D_G] - ...`` (positive: the limited threat is credible)."""
    counter = s["a_hi"] > s["D_G"]
    ordinary_counter = s["a_R"] > s["D_G"]
    risk = (s["q_R"] if counter else 0) + ((1 - s["q_R"]) if ordinary_counter else 0)
    return s["w_G"] + (s["h"] if forward else 0) - s["n_G"] - risk * s["D_R"]


def _symbols(model: Model) -> dict[str, Any]:
    return {p.name: p.symbol for p in model.parameters}


class Guarantee(RegimesIn, Model):
    name = "guarantee"
    title = "The French/UK nuclear guarantee to the frontline (\"Paris for Tallinn\")"
    question = ("Is a French/UK nuclear guarantee to a frontline ally credible without the US, against a fait "
                "accompli or limited nuclear use, and what do forward forces and a residual US umbrella buy?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    references = (
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 2 (the tripwire: forward "
        "forces make resistance automatic).",
        "Powell, R. (1990). Nuclear Deterrence Theory: The Search for Credibility. Cambridge University Press "
        "(the credibility of limited retaliation).",
        "Powell, R. (2015). Nuclear brinkmanship, limited war, and military power. International Organization "
        "69(3), 589-626.",
        "Narang, V. (2014). Nuclear Strategy in the Modern Era. Princeton University Press.",
        "Fuhrmann, M., Sechser, T. S. (2014). Signaling alliance commitments: hand-tying and sunk costs in "
        "extended nuclear deterrence. American Journal of Political Science 58(4), 919-935.",
        "Fearon, J. D. (1997). Signaling foreign policy interests: tying hands versus sinking costs. Journal of "
        "Conflict Resolution 41(1), 68-90.",
        "Kristensen, H. M., Korda, M., et al. (2025). Status of World Nuclear Forces. Federation of American Scientists.",
    )

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        """The declared checks only. Overridden on purpose: the outcome (the most probable on the
        path) depends on the chance probabilities as well as on the plan, so one outcome per
        regime of plans would be wrong; a model with its own ``check_values`` is solved exactly
        at every draw by the sensitivity commands instead of by a compiled regime classifier
        (:func:`gametheory.sensitivity.compiled.covered_parameters`)."""
        super().check_values(values)

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return guarantee_tree(values, parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return guarantee_root(values), PLAYERS

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        """The outcome is the most probable on the path, so in the three probabilities it can
        also change where two sums of chance branches after a strike are equal."""
        atoms = list(_atoms(values).values())
        if all(not hasattr(a, "degree") or a.degree() <= 0 for a in atoms):
            return []
        out = []
        for labels in product((0, 1, 2), repeat=len(atoms)):
            if 1 in labels and 2 in labels and labels.index(1) < labels.index(2):
                out.append(sum((a for a, g in zip(atoms, labels) if g == 1), 0 * atoms[0])
                           - sum((a for a, g in zip(atoms, labels) if g == 2), 0 * atoms[0]))
        return out

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone, no text: by :func:`fast_plan`, or where a player is indifferent by the
        engine's backward induction (the tests check that both agree)."""
        plan = fast_plan(values)
        if plan is None:
            return outcome_of(backward_induction(self.build(values))[0].actions(), values)
        return outcome_of(plan, values)

    @cached_property
    def regimes(self) -> SymbolicSPEAnalysis:
        """Regimes in the US umbrella ``u_US`` and the forward posture's cost ``k_P`` (others at
        their defaults); :meth:`regimes_in` gives them in any other parameters."""
        return self.regimes_in(("u_US", "k_P"))

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return guarantee_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        s = values
        r = readable
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        posture = plan[H_POSTURE] or "rear"
        other = "forward" if posture == "rear" else "rear"
        move = plan[_h("Russia: challenge", posture)] or "status quo"
        dist = outcome_distribution(plan, s)
        key = outcome_of(plan, s)
        o = self.outcome(key)
        if s["u_US"] == 0:
            without_us = key
        else:
            alone = dict(values, u_US=Fraction(0))
            without_us = outcome_of(backward_induction(self.build(alone))[0].actions(), alone)
        answers = {(p, c, t): plan[_h("Guarantor: answer", t, p, c)] for p in POSTURES for c in CHALLENGES
                   for t in TYPES}
        credible = {p: answers[(p, "demonstration", "ordinary")] == "proportionate" for p in POSTURES}
        resolute_credible = {p: answers[(p, "demonstration", "resolute")] == "proportionate" for p in POSTURES}
        strategic = any(a == "strategic" for a in answers.values())
        counter = plan[_h("Russia: reply", "guarantor ordinary", "resolute", "rear", "demonstration")] == "counter-retaliate"
        margin = {p: limited_answer_margin(s, p == "forward") for p in POSTURES}
        # the mechanism, in words
        path = path_of(plan, posture)
        answer_words = (f"an ordinary guarantor would answer a strike proportionately (its limited threat is credible: "
                        f"yielding costs it {r(s['w_G'] + (s['h'] if posture == 'forward' else 0))}, more than the "
                        f"answer's cost and risk)" if credible[posture] else
                        "an ordinary guarantor would concede after a strike (answering costs it more than yielding)")
        if resolute_credible[posture] and not credible[posture]:
            answer_words += f"; only a resolute one (probability {r(s['r_G'])}) would answer"
        russia_words = ("a resolute Russia would counter-retaliate against the guarantor's cities (stopping costs it "
                        f"{r(s['a_hi'])}, the French/UK second strike {r(s['D_G'])})" if counter else
                        "even a resolute Russia would stop after a proportionate answer rather than face the "
                        f"French/UK second strike ({r(s['D_G'])})")
        if path == "status quo":
            mech = "Russia keeps the status quo: any challenge would be resisted and would not pay"
        elif path == "stopped":
            mech = f"Russia challenges ({move}) and stops once resisted"
        elif path == "conceded":
            who = ("the protégé gives way" if plan[_h("Protege: resist?", posture, move)] == "give way"
                   else "the guarantor abandons the protégé")
            mech = f"Russia challenges ({move}) and {who}, foreseeing that resistance would invite a nuclear strike"
        else:
            mech = (f"Russia challenges ({move}) and, once resisted, strikes; the US joins with probability "
                    f"{r(s['u_US'])}")
        posture_words = (f"the guarantor bases forces forward (cost {r(s['k_P'])}), tying its hands"
                         if posture == "forward" else
                         f"the guarantor pulls its forward forces back (cost {r(s['x_W'])})" if s["x_W"] > 0 else
                         "the guarantor keeps its forces at home")
        other_key = outcome_of(plan, s, other)
        statement = (f"{o.headline}: {posture_words}; {mech}; {answer_words}; {russia_words}. With a {other} posture "
                     f"the outcome would be: {self.outcome(other_key).headline.lower()}; without the US: "
                     f"{self.outcome(without_us).headline.lower()}. {o.explanation}")
        notes = list(res.diagnostics)
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria: a player is indifferent between two actions at these "
                         "values (a knife-edge), so the reported one rests on tie-breaking (the first action)")
        if sorted(dist.values())[-1] == sorted(dist.values())[-2]:
            notes.append("two outcomes are equally probable on the path; the more severe one is reported")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={
                "posture": posture,
                "russia_challenge": move,
                "outcome_probabilities": dist,
                "russia_strikes": path == "strike",
                "outcome_if_forward": outcome_of(plan, s, "forward"),
                "outcome_if_rear": outcome_of(plan, s, "rear"),
                "outcome_without_us": without_us,
                "limited_answer_credible": credible[posture],
                "limited_answer_credible_if_forward": credible["forward"],
                "limited_answer_credible_if_rear": credible["rear"],
                "limited_answer_margin": margin[posture],
                "strategic_threat_credible": strategic,
                "resolute_russia_counter_retaliates": counter,
            },
            method=res.method,
            diagnostics=tuple(notes),
        )
