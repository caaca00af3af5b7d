"""Ukraine in the alliance: which European commitment makes a renewed war least likely.

Three players: **Europe**, **Ukraine** and **Russia**. The game, in the order of play:

1. **Design** (Europe): no commitment, a **guarantee** on paper (cost ``k_G``), a
   **reassurance force** on the ground (a tripwire, cost ``k_F``) or **membership** (treaty
   plus integrated defence, cost ``k_M``). With Ukraine already a member (the world's
   ``ukraine_in_alliance``) anything less than membership means walking it back, at ``x_W``.
2. **Preventive window** (Russia): a force takes time to deploy and membership to ratify, so
   against these two Russia may **strike early**, before the commitment takes effect
   (Ukraine then fights alone at its army under the ceasefire cap; the strike costs Russia
   ``c_R + k_S``, ``k_S`` the price of breaking a fresh ceasefire). Against membership the
   strike beats the treaty only with probability ``o_M`` (0 when Ukraine is already a
   member: it then meets the alliance). A paper guarantee takes effect at signature: no
   window.
3. **Army** (Ukraine): keep its army at the ceasefire cap (upkeep ``m``) or demobilise to
   half of it. Russia's chance of prevailing against Ukraine alone is ``p_cap`` or ``p_low``
   (the world links both to the cap, Ukraine's current army and Russia's rebuilt strength by
   the ratio-form contest: this is where the cap feeds Ukraine's capability).
4. **Risk** (Ukraine): **hold** the ceasefire line, or **provoke** (press its claims: raids,
   pressure on occupied areas), which gains it ``g`` and costs Russia ``y`` if Russia
   swallows it.
5. **Renew** (Russia): its resolve is drawn now (resolute with probability ``q_R``: it values
   the stake ``V_hi`` rather than ``v``); it **accepts** or **renews the war**. The
   commitment in effect costs Russia a grievance ``x_F`` (force) or ``x_M`` (membership).
6. **Honour** (Europe, guarantee only): a resolute Europe (probability ``r_E``) honours the
   guarantee; an ordinary one honours it iff abandoning (cost ``h``, or ``h_P`` after a
   provoked war: the guarantee is conditional, Benson 2012) costs more than fighting. The
   force and membership are **automatic** (troops already there; an integrated command).

In a war Russia prevails with probability ``p`` (``p_cap`` or ``p_low``), cut to ``p (1 - e)``
when Europe fights (``e = e_F`` for the force, ``e_M`` for an honoured guarantee or
membership); Europe's fighting also costs Russia ``c_RE``.

Payoffs (Russia, Ukraine, Europe), stake units; ``k_d`` is the design's cost, ``x_d`` its
grievance to Russia, ``m_a`` the upkeep of the army chosen, ``[prov]`` 1 after provocation:

==============================  ==========================  =====================  ==========================
outcome                         Russia                      Ukraine                Europe
==============================  ==========================  =====================  ==========================
peace                           -x_d - y [prov]             g [prov] - m_a         -k_d
war, Ukraine alone              p V - c_R                   -p L_U - c_U - m_a     -p w_E - k_d (- h if abandoned)
war, Europe fights              p (1-e) V - c_R - c_RE      -p(1-e) L_U - c_U - m_a  -p(1-e) w_E - c_E - k_d
preventive strike               p_cap V - c_R - k_S         -p_cap L_U - c_U       -p_cap w_E - k_d
==============================  ==========================  =====================  ==========================

**Solution concept.** Every information set is a single node: each player's type is drawn
at the moment it decides (the crisis reveals to Russia how much it cares, and to Europe
whether it will honour), and everything earlier is observed. Subgame perfection and perfect
Bayesian equilibrium then coincide, and backward induction
(:func:`gametheory.extensive.solvers.backward.backward_induction`) is exact and fast enough
for exact flips in every parameter. Types known before the early-strike decision would make
Ukraine's later moves depend on what Russia's restraint reveals (signalling), which needs
:func:`~gametheory.extensive.solvers.pbe.perfect_bayesian` on a tree with pooled information
sets; that is not modelled.

The reported outcome is the most probable on the equilibrium path of the design Europe
chooses (ties: the more severe); the war probability under every design is a quantity.

>>> from gametheory.models import get_model
>>> r = get_model("inclusion").solve(flips=False)
>>> r.quantities["design"], r.quantities["min_war_design"]
('guarantee', 'guarantee')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from typing import Any

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.modeling import Flip, Model, ModelResult, Outcome
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._fasttree import ENGINE as _ENGINE
from gametheory.models._fasttree import Direct
from gametheory.models._fasttree import Tie as _Tie
from gametheory.models._fasttree import labelled as _h
from gametheory.symbolic import Parameter

ILLUSTRATIVE = "illustrative assumption"
#: Russian troops in and around Ukraine, thousands: the scale of Russia's power in the ratio contest.
RUSSIA_TROOPS = 700
#: Cost to Europe of walking back a membership already granted (illustrative).
WITHDRAWAL = Fraction(1)

PARAMETERS = (
    Parameter("q_R", "probability Russia is resolute when the crisis comes (values the stake V_hi)", "1/3", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("r_E", "probability Europe is resolute (honours a guarantee whatever it costs), as Kyiv and "
              "Moscow judge it", "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("v", "an ordinary Russia's value of what a renewed war would win", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (payoffs are in units of an ordinary Russia's stake)"),
    Parameter("V_hi", "a resolute Russia's value of what a renewed war would win", "2", 0, 100, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("p_cap", "Russia's chance of prevailing against Ukraine alone, Ukraine's army at the ceasefire cap",
              "7/13", 0, 1, unit="probability",
              source="ratio-form contest 1/(1 + army/700k), army = min(current army, cap) = 600k (US 28-point "
                     "draft, Nov 2025); about 700,000 Russian troops in Ukraine (Putin, June 2024)"),
    Parameter("p_low", "Russia's chance of prevailing against Ukraine alone, Ukraine demobilised to half the cap",
              "7/10", 0, 1, unit="probability", source="ratio-form contest as for p_cap, army 300k"),
    Parameter("m", "Ukraine's upkeep of an army at the cap rather than at half of it", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("g", "Ukraine's gain from pressing its claims if Russia swallows it", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("y", "Russia's loss from Ukraine's provocation if it does not fight", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("L_U", "Ukraine's loss if Russia prevails in a renewed war", "2", 0, 100, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("c_U", "Ukraine's cost of a renewed war", "1/2", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_R", "Russia's cost of a renewed war against Ukraine", "3/5", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("c_RE", "Russia's extra cost when Europe fights", "1/2", 0, 10, unit="stake units",
              source=ILLUSTRATIVE + " (the world's cost of a war with Europe)"),
    Parameter("k_S", "Russia's extra cost of striking before the commitment takes effect (breaking a fresh "
              "ceasefire: sanctions, China's reaction)", "1/4", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("x_F", "Russia's grievance from a European force in Ukraine", "1/10", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("x_M", "Russia's grievance from Ukraine's membership (the alliance at its border)", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE + " (Russia's stated red line since 2008)"),
    Parameter("e_F", "share of Russia's chance of prevailing the reassurance force removes when it fights", "7/33",
              0, 1, unit="share", source="ratio form E_F/(1 + U + E_F) with the force and the reinforcements it "
              "triggers at half of Europe's power (E_F = 1/2, U = 6/7); " + ILLUSTRATIVE +
              " (about 25,000-30,000 troops proposed, 2025)"),
    Parameter("e_M", "share of Russia's chance of prevailing Europe's full defence removes (membership, or an "
              "honoured guarantee)", "7/20", 0, 1, unit="share",
              source="ratio form E/(1 + U + E), Europe at parity (E = 1), U = 6/7"),
    Parameter("w_E", "Europe's loss if Russia prevails in Ukraine", "1", 0, 100, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("c_E", "Europe's cost of fighting", "3/5", 0, 10, unit="stake units",
              source=ILLUSTRATIVE + " (the world's cost of war to Europe)"),
    Parameter("h", "an ordinary Europe's cost of abandoning a guarantee when Russia attacks unprovoked "
              "(reputation)", "1/2", 0, 100, unit="stake units", source=ILLUSTRATIVE),
    Parameter("h_P", "an ordinary Europe's cost of abandoning a guarantee after Ukraine provoked the war "
              "(0: the guarantee is conditional)", "0", 0, 100, unit="stake units",
              source=ILLUSTRATIVE + " (Benson 2012: conditional commitments)"),
    Parameter("k_G", "Europe's cost of a paper guarantee", "1/50", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_F", "Europe's cost of a reassurance force", "1/10", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_M", "Europe's cost of membership (integrated defence, the Article-5 pledge)", "1/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("x_W", "Europe's cost of offering less than membership when Ukraine is already a member", "0", 0,
              100, unit="stake units", source=ILLUSTRATIVE),
    Parameter("o_M", "chance that an early strike comes before membership takes effect (0: Ukraine is already a "
              "member, the window is closed)", "1", 0, 1, unit="probability",
              source=ILLUSTRATIVE + " (ratification takes months to years)"),
)


def _army(w: Mapping[str, Fraction]) -> Fraction:
    """Ukraine's army under the cap, thousands: the smaller of its army and the cap."""
    return Fraction(min(w["ukraine_army"], w["ceasefire_cap"]))


def _u(w: Mapping[str, Fraction], share: Fraction = Fraction(1)) -> Fraction:
    """Ukraine's strength as a multiple of Russia's (after its rebuilding), at ``share`` of its army."""
    return share * _army(w) / (RUSSIA_TROOPS * Fraction(w["russia_rebuild"]))


def _cut(w: Mapping[str, Fraction], ally: Fraction) -> Fraction:
    """Share of Russia's chance an ally of strength ``ally`` removes: 1 - (1+U)/(1+U+E) = E/(1+U+E)."""
    return ally / (1 + _u(w) + ally)


WORLD_LINKS: tuple[WorldLink, ...] = (
    link("q_R", "russia_resolve"),
    link("r_E", "europe_resolve", "Moscow's estimate that Europe is determined is the chance it honours a guarantee "
         "whatever it costs"),
    link("c_RE", "russia_war_cost"),
    link("c_E", "europe_war_cost"),
    WorldLink("p_cap", ("ukraine_army", "ceasefire_cap", "russia_rebuild"), lambda w: 1 / (1 + _u(w)),
              "the cap feeds Ukraine's capability: 1/(1 + U), U = min(army, cap) / (700k x Russia's rebuilding)"),
    WorldLink("p_low", ("ukraine_army", "ceasefire_cap", "russia_rebuild"), lambda w: 1 / (1 + _u(w, Fraction(1, 2))),
              "as p_cap with half the army"),
    WorldLink("e_M", ("europe_capability", "ukraine_army", "ceasefire_cap", "russia_rebuild"),
              lambda w: _cut(w, Fraction(w["europe_capability"])), "E/(1 + U + E) (ratio-form contest)"),
    WorldLink("e_F", ("europe_capability", "ukraine_army", "ceasefire_cap", "russia_rebuild"),
              lambda w: _cut(w, Fraction(w["europe_capability"]) / 2),
              "the force and the reinforcements it triggers bring half of Europe's power: E_F/(1 + U + E_F), "
              "E_F = E/2"),
    WorldLink("x_W", ("ukraine_in_alliance",), lambda w: WITHDRAWAL * w["ukraine_in_alliance"],
              "with Ukraine already in the alliance, offering less means walking membership back (cost 1)"),
    WorldLink("o_M", ("ukraine_in_alliance",), lambda w: 1 - Fraction(w["ukraine_in_alliance"]),
              "with Ukraine already in the alliance there is no window before membership takes effect"),
)

OUTCOMES = (
    Outcome("peace_commitment", "Peace with a commitment",
            "Europe commits and Russia accepts the ceasefire: the commitment raises Russia's expected cost of war "
            "more than it emboldens Ukraine."),
    Outcome("peace_alone", "Peace without a commitment",
            "Europe does not commit and the ceasefire holds anyway: Ukraine's own army deters Russia."),
    Outcome("entrapment_war", "Entrapment war",
            "Emboldened by the commitment, Ukraine takes risks and Russia answers with war: the commitment's "
            "moral hazard outweighs its deterrent value."),
    Outcome("renewed_war", "Renewed war",
            "Russia renews the war: what it expects to win exceeds its cost even against the commitment Europe "
            "offers."),
    Outcome("preventive_strike", "Preventive strike",
            "Russia strikes before the commitment takes effect: it expects to do better fighting Ukraine alone now "
            "than living with the commitment later."),
)

PLAYERS = ("Russia", "Ukraine", "Europe")
DESIGNS = ("none", "guarantee", "force", "membership")
WINDOW = ("force", "membership")
ARMIES = ("cap", "reduced")
RISKS = ("hold", "provoke")
TYPES = ("ordinary", "resolute")
SEVERITY = ("preventive_strike", "entrapment_war", "renewed_war", "peace_commitment", "peace_alone")
H_DESIGN = "Europe: design"


_DIRECT = Direct(PLAYERS, first_of_identical=True)


def _design_cost(s: Mapping[str, Any], d: str) -> Any:
    return {"none": s["x_W"], "guarantee": s["k_G"] + s["x_W"], "force": s["k_F"] + s["x_W"],
            "membership": s["k_M"]}[d]


def _grievance(s: Mapping[str, Any], d: str) -> Any:
    return {"force": s["x_F"], "membership": s["x_M"]}.get(d, 0)


def _war(s: Mapping[str, Any], d: str, army: str, risk: str, rtype: str, b: Any) -> Any:
    """The renewed war: Europe fights (automatically, or by choice under a guarantee) or not."""
    p = s["p_cap"] if army == "cap" else s["p_low"]
    V = s["V_hi"] if rtype == "resolute" else s["v"]
    m = s["m"] if army == "cap" else 0
    k = _design_cost(s, d)

    def fight(e: Any) -> tuple[Any, Any, Any]:
        pe = p * (1 - e)
        return (pe * V - s["c_R"] - s["c_RE"], -pe * s["L_U"] - s["c_U"] - m, -pe * s["w_E"] - s["c_E"] - k)

    def alone(h: Any) -> tuple[Any, Any, Any]:
        return (p * V - s["c_R"], -p * s["L_U"] - s["c_U"] - m, -p * s["w_E"] - k - h)

    if d == "none":
        return alone(0)
    if d == "force":
        return fight(s["e_F"])
    if d == "membership":
        return fight(s["e_M"])
    h = s["h_P"] if risk == "provoke" else s["h"]
    honour = b.decision("Europe", {"abandon": alone(h), "honour": fight(s["e_M"])},
                        infoset=_h("Europe: honour?", rtype, army, risk))
    return b.chance({"Europe ordinary": (1 - s["r_E"], honour), "Europe resolute": (s["r_E"], fight(s["e_M"]))})


def _after_design(s: Mapping[str, Any], d: str, b: Any) -> Any:
    """Ukraine's army and risk, then Russia (its resolve drawn) accepts or renews the war."""
    k, x = _design_cost(s, d), _grievance(s, d)
    armies = {}
    for army in ARMIES:
        m = s["m"] if army == "cap" else 0
        risks = {}
        for risk in RISKS:
            prov = risk == "provoke"
            types = {}
            for rtype, prob in (("ordinary", 1 - s["q_R"]), ("resolute", s["q_R"])):
                accept = (-x - (s["y"] if prov else 0), (s["g"] if prov else 0) - m, -k)
                types[f"Russia {rtype}"] = (prob, b.decision("Russia", {
                    "accept": accept, "renew": _war(s, d, army, risk, rtype, b),
                }, infoset=_h("Russia: renew?", d, army, risk, rtype)))
            risks[risk] = b.chance(types)
        armies[army] = b.decision("Ukraine", risks, infoset=_h("Ukraine: risk", d, army))
    return b.decision("Ukraine", armies, infoset=_h("Ukraine: army", d))


def _early(s: Mapping[str, Any], d: str, b: Any) -> Any:
    """Russia's preventive strike: Ukraine alone, its army at the cap; against membership the
    strike comes before the treaty takes effect only with probability ``o_M`` (otherwise it
    meets the alliance's integrated defence)."""
    p, k = s["p_cap"], _design_cost(s, d)
    types = ((t, prob, V) for t, prob, V in (("ordinary", 1 - s["q_R"], s["v"]), ("resolute", s["q_R"], s["V_hi"])))
    if d != "membership":
        return b.chance({
            f"Russia {t}": (prob, (p * V - s["c_R"] - s["k_S"], -p * s["L_U"] - s["c_U"], -p * s["w_E"] - k))
            for t, prob, V in types})
    pe = p * (1 - s["e_M"])
    o = s["o_M"]
    return b.chance({
        f"Russia {t}": (prob, (o * (p * V) + (1 - o) * (pe * V - s["c_RE"]) - s["c_R"] - s["k_S"],
                               -(o * p + (1 - o) * pe) * s["L_U"] - s["c_U"],
                               -(o * p + (1 - o) * pe) * s["w_E"] - (1 - o) * s["c_E"] - k))
        for t, prob, V in types})


def inclusion_root(s: Mapping[str, Any], b: Any = None) -> Any:
    """The game's root node at values (numbers, symbols or python-flint numbers) ``s``; ``b``
    builds the nodes (default: the engine's :mod:`gametheory.extensive.tree`)."""
    b = b or _ENGINE
    branches = {}
    for d in DESIGNS:
        later = _after_design(s, d, b)
        if d in WINDOW:
            later = b.decision("Russia", {"wait": later, "strike early": _early(s, d, b)},
                               infoset=_h("Russia: strike early?", d))
        branches[d] = later
    return b.decision("Europe", branches, infoset=H_DESIGN)


def inclusion_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The inclusion game at values (or symbols) ``s``."""
    return ExtensiveGame.from_tree(inclusion_root(s), players=list(PLAYERS), title="Ukraine in the alliance",
                                   parameters=list(parameters) if parameters else None)


def fast_plan(values: Mapping[str, Fraction]) -> dict[str, str] | None:
    """The subgame-perfect plan by direct exact evaluation (no tree object), or ``None`` where a
    player is indifferent between actions that differ for someone (then only the engine's
    backward induction decides); between actions with identical payoffs it takes the first,
    as the engine's first equilibrium does. The tests check
    it against :func:`~gametheory.extensive.solvers.backward.backward_induction`."""
    from flint import fmpq

    s = {k: fmpq(v.numerator, v.denominator) for k, v in values.items()}  # exact, and faster than Fraction
    try:
        return inclusion_root(s, _DIRECT).plan
    except _Tie:
        return None


# ----------------------------------------------------------------------------- reading a plan
def design_path(plan: Mapping[str, str | None], d: str) -> dict[str, Any]:
    """The play after design ``d``: early strike, army, risk, and which Russian types renew."""
    early = d in WINDOW and plan[_h("Russia: strike early?", d)] == "strike early"
    army = plan[_h("Ukraine: army", d)] or "cap"
    risk = plan[_h("Ukraine: risk", d, army)] or "hold"
    renew = {t: plan[_h("Russia: renew?", d, army, risk, t)] == "renew" for t in TYPES}
    return {"early": early, "army": army, "risk": risk, "renew": renew}


def outcome_distribution(plan: Mapping[str, str | None], s: Mapping[str, Any], d: str | None = None) -> dict[str, Any]:
    """Probability of each outcome on the path of ``plan`` after design ``d`` (default: chosen)."""
    d = d or plan[H_DESIGN] or "none"
    dist: dict[str, Any] = {o.key: 0 for o in OUTCOMES}
    path = design_path(plan, d)
    if path["early"]:
        dist["preventive_strike"] = 1
        return dist
    war = "entrapment_war" if (path["risk"] == "provoke" and d != "none") else "renewed_war"
    peace = "peace_alone" if d == "none" else "peace_commitment"
    for t, prob in (("ordinary", 1 - s["q_R"]), ("resolute", s["q_R"])):
        key = war if path["renew"][t] else peace
        dist[key] = dist[key] + prob
    return dist


def war_probability(plan: Mapping[str, str | None], s: Mapping[str, Any], d: str) -> Any:
    """Probability of war (renewed, entrapment or preventive) after design ``d``."""
    dist = outcome_distribution(plan, s, d)
    return dist["preventive_strike"] + dist["entrapment_war"] + dist["renewed_war"]


def outcome_of(plan: Mapping[str, str | None], s: Mapping[str, Any], d: str | None = None) -> str:
    """The most probable outcome on the path (ties: the more severe)."""
    dist = outcome_distribution(plan, s, d)
    top = max(dist.values())
    return next(k for k in SEVERITY if dist[k] == top)


def min_war_design(plan: Mapping[str, str | None], s: Mapping[str, Any]) -> str:
    """The design with the lowest war probability (ties: the first of none, guarantee, force,
    membership, i.e. the least commitment)."""
    probs = {d: war_probability(plan, s, d) for d in DESIGNS}
    low = min(probs.values())
    return next(d for d in DESIGNS if probs[d] == low)


def renew_margin(s: Mapping[str, Any], d: str, army: str, rtype: str, provoked: bool) -> Any:
    """Russia's gain from renewing the war over accepting, with automatic help (``none``,
    ``force``, ``membership``): positive means war. Closed form of the tree's comparison."""
    p = s["p_cap"] if army == "cap" else s["p_low"]
    V = s["V_hi"] if rtype == "resolute" else s["v"]
    accept = -_grievance(s, d) - (s["y"] if provoked else 0)
    if d == "none":
        return p * V - s["c_R"] - accept
    e = s["e_F"] if d == "force" else s["e_M"]
    return p * (1 - e) * V - s["c_R"] - s["c_RE"] - accept


#: Parameters whose flips of the least-war design the result reports (the mechanism's levers).
RANKING_PARAMETERS = ("q_R", "r_E", "p_cap", "e_F", "e_M", "x_M", "g", "k_S", "h_P")


class _Ranking:
    """The model seen through its least-war design instead of its outcome, for
    :func:`~gametheory.modeling.regimes.exact_flips` and
    :func:`~gametheory.modeling.flips.nearest_flips`."""

    def __init__(self, model: Inclusion) -> None:
        self.model = model
        self.parameters = model.parameters

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        self.model.check_values(values)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        return self.model.flip_tree(values)

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        # war probabilities are 0, 1, q_R or 1 - q_R: designs swap order only where the plan
        # changes or at q_R = 1/2
        return self.model.flip_conditions(values)

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        plan = fast_plan(values)
        if plan is None:
            return min_war_design(backward_induction(self.model.build(values))[0].actions(), values)
        return min_war_design(plan, values)


def ranking_flips(model: Inclusion, values: Mapping[str, Fraction],
                  names: tuple[str, ...] = RANKING_PARAMETERS) -> list[Flip]:
    """The nearest values of the parameters ``names`` (one at a time) at which another design
    becomes the one with the lowest war probability; exact, as the outcome's flips
    (``Flip.to`` is the new design)."""
    from gametheory.modeling.regimes import exact_flips

    view = _Ranking(model)
    current = view.outcome_key(values)
    return [f for n in names for f in exact_flips(view, values, model.parameter(n), current)]


def ranking_world_flips(world: Mapping[str, Any], names: tuple[str, ...] | None = None,
                        overrides: Mapping[str, Any] | None = None) -> list[Flip]:
    """The nearest values of world variables (one at a time, the others at ``world``, a
    complete world state) at which another design becomes the one with the lowest war
    probability, in world units (thousand troops for the cap, and so on). Scanned and bisected
    in exact rationals (:func:`~gametheory.modeling.flips.nearest_flips`, to 1e-6 of the range),
    each point solved exactly; ``overrides`` fixes model parameters."""
    from gametheory.modeling.flips import nearest_flips
    from gametheory.models.world import WORLD

    model = Inclusion()
    fixed = dict(overrides or {})
    chosen = names if names is not None else tuple(v for v in model.world_variables()
                                                   if WORLD.variable(v).kind != "flag")
    view = _Ranking(model)
    base = dict(world)

    def vals(w: Mapping[str, Fraction]) -> dict[str, Fraction]:
        return model.values({**model.from_world(w), **fixed})

    def classify(w: Mapping[str, Fraction]) -> str:
        return view.outcome_key(vals(w))

    def check(w: Mapping[str, Fraction]) -> None:
        vals(w)

    current = classify(base)
    out: list[Flip] = []
    for n in chosen:
        out.extend(nearest_flips(model, base, WORLD.variable(n).parameter, current, grid=24, classify=classify,
                                 check=check, rel_tol=Fraction(1, 10**6)))
    return out


class Inclusion(RegimesIn, Model):
    name = "inclusion"
    title = "Ukraine in the alliance: which commitment makes war least likely"
    question = ("Does a European commitment to Ukraine (a paper guarantee, a reassurance force, membership) raise or "
                "lower the probability of a renewed war, and which design minimises it?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    references = (
        "Benson, B. V. (2012). Constructing International Security: Alliances, Deterrence, and Moral Hazard. "
        "Cambridge University Press (probabilistic and conditional commitments restrain the protégé).",
        "Fang, S., Johnson, J. C., Leeds, B. A. (2014). To concede or to resist? The restraining effect of military "
        "alliances. International Organization 68(4), 775-809.",
        "Kim, T. (2011). Why alliances entangle but seldom entrap states. Security Studies 20(3), 350-377.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
        "Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169-203.",
        "Schelling, T. C. (1966). Arms and Influence. Yale University Press, ch. 2 (the tripwire).",
    )

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        """The declared checks only. Overridden on purpose, as in ``guarantee``: the outcome (the
        most probable on the path) depends on the probability ``q_R`` as well as on the plan, so
        the sensitivity commands solve every draw exactly instead of using a compiled regime
        classifier (:func:`gametheory.sensitivity.compiled.covered_parameters`)."""
        super().check_values(values)

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return inclusion_tree(values, parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return inclusion_root(values), PLAYERS

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        """The outcome is the most probable on the path, so in ``q_R`` it can also change where
        the two Russian types are equally likely (``q_R = 1/2``)."""
        q = values["q_R"]
        return [2 * q - 1] if hasattr(q, "degree") and q.degree() > 0 else []

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone: by :func:`fast_plan`, or at a tie by the engine's backward
        induction (the tests check that both agree)."""
        plan = fast_plan(values)
        if plan is None:
            return outcome_of(backward_induction(self.build(values))[0].actions(), values)
        return outcome_of(plan, values)

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return inclusion_tree(values)

    def solve(self, overrides: Mapping[str, Any] | None = None, *, flips: bool = True,
              world: Mapping[str, Fraction] | None = None, scenario: Any = None) -> ModelResult:
        """As :meth:`Model.solve`; with ``flips`` the quantities also give ``ranking_flips``, the
        nearest values at which another design becomes the least-war one (exact; searched once
        per point and cached like the outcome's flips). Without ``flips`` (a brief's or a Monte
        Carlo's solves) that search, the costly part of a solve, is skipped."""
        res = super().solve(overrides, flips=flips, world=world, scenario=scenario)
        if not flips:
            return res
        from gametheory.modeling.cache import cached_flips

        found = cached_flips(self, res.values, {"search": "ranking_flips"}, lambda: ranking_flips(self, res.values))
        ranking = [{"parameter": f.parameter, "direction": f.direction, "value": f.value, "to": f.to} for f in found]
        return replace(res, quantities={**res.quantities, "ranking_flips": ranking})

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        s, r = values, readable
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        d = plan[H_DESIGN] or "none"
        key = outcome_of(plan, s)
        o = self.outcome(key)
        war = {x: war_probability(plan, s, x) for x in DESIGNS}
        best = min_war_design(plan, s)
        paths = {x: design_path(plan, x) for x in DESIGNS}
        outcomes = {x: outcome_of(plan, s, x) for x in DESIGNS}
        path = paths[d]
        if path["early"]:
            mech = (f"Russia strikes before the {d} takes effect: fighting Ukraine alone now (a chance of "
                    f"{r(s['p_cap'])} for Russia) beats living with the commitment (grievance {r(_grievance(s, d))})")
        else:
            who = [t for t in TYPES if path["renew"][t]]
            army = "keeps its army at the cap" if path["army"] == "cap" else "demobilises to half the cap"
            risk = "presses its claims" if path["risk"] == "provoke" else "holds the line"
            fight = ("no Russian type renews the war" if not who else
                     f"{' and '.join(who)} Russia renews the war")
            mech = f"Ukraine {army} and {risk}; {fight}"
        words = {"none": "no commitment", "guarantee": "a paper guarantee", "force": "a reassurance force",
                 "membership": "membership"}
        table = "; ".join(f"{words[x]} {r(war[x])}" for x in DESIGNS)
        net = war[d] - war["none"]
        statement = (f"{o.headline}: Europe chooses {words[d]}; {mech}. War probability by design: {table}; "
                     f"the lowest under {words[best]}; Europe's choice changes the war probability by {r(net)} against no "
                     f"commitment. {o.explanation}")
        notes = list(res.diagnostics)
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria: a player is indifferent at these values (a "
                         "knife-edge), so the reported one rests on tie-breaking (the first action)")
        dist = outcome_distribution(plan, s)
        top = sorted(dist.values())
        if top[-1] == top[-2]:
            notes.append("two outcomes are equally probable on the path; the more severe one is reported")
        # an ordinary Europe's choice does not depend on which Russian type attacked
        honour = {risk: plan[_h("Europe: honour?", "ordinary", paths["guarantee"]["army"], risk)] for risk in RISKS}
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities={
                "design": d,
                "outcome_probabilities": dist,
                "war_probability": war[d],
                "war_probability_by_design": war,
                "net_effect_of_inclusion": net,
                "net_effect_by_design": {x: war[x] - war["none"] for x in DESIGNS},
                "min_war_design": best,
                "outcome_by_design": outcomes,
                "russia_strikes_early": {x: paths[x]["early"] for x in WINDOW},
                "ukraine_army": {x: paths[x]["army"] for x in DESIGNS},
                "ukraine_provokes": {x: paths[x]["risk"] == "provoke" for x in DESIGNS},
                "guarantee_honoured_by_ordinary_europe": {
                    "unprovoked": honour["hold"] == "honour", "provoked": honour["provoke"] == "honour"},
            },
            method=res.method,
            diagnostics=tuple(notes),
        )
