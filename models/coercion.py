"""Europe between Russia and a coercive United States.

Three players: the **US**, **Europe** and **Russia**. The US is *committed* (it values
Europe's security for its own sake) with probability ``p_C`` (the world's ``us_backing``)
or *transactional* (it defends Europe only when the deal pays); Europe and Russia do not
know which. The game, in the order of play:

1. **The US** (knowing its type) **offers a bundle** -- protection in exchange for demands
   worth ``d`` (tariffs and trade terms, burden sharing, Greenland-type concessions) -- or
   **deals with Russia over Europe's head** (a transactional US gains ``s_T``; a committed
   one pays ``z_C`` for breaking its word). After a deal the US does not defend Europe.
2. **Europe** (seeing the US move, not its type) **complies** (pays ``d``), **counter-coerces**
   through the chokepoints it controls (Farrell & Newman 2019: it pays ``k_C``, the US loses
   ``x_US``, and the US's penalties are blocked) or **builds autonomy** (rearms at cost ``b``;
   after an offer it also bears the US penalty ``tau``, the world's ``us_coercion``).
3. **Russia** (seeing both moves, not the US type) **probes** Europe or holds.
4. **The US answers a probe** or abandons Europe. A committed US backs Europe iff its stake
   ``u_C >= c_US``, a transactional one iff ``u_T + r_T [Europe paid the bundle] >= c_US``
   (a paid bundle is a contract it values honouring, ``r_T``). This last move is at a single
   node, so it is folded into the payoffs when the tree is written (backward induction, exact;
   ties: the US backs). A probe the US answers costs Russia ``a`` and Europe ``l``; an
   unanswered one gains Russia ``g`` (``g - w_B`` against a Europe that built, whose own forces
   then fight: Europe loses ``l`` instead of ``L``).

After a deal Europe's and Russia's payoffs do not depend on the US type, so their choices there
do not depend on beliefs: that continuation is folded into the deal's payoffs too (Europe picks
its best reply, ties in the order comply, counter, build; Russia probes iff strictly better).
What remains is a signalling game solved for its **perfect Bayesian equilibria** by
:func:`gametheory.extensive.solvers.pbe.perfect_bayesian` (pure assessments, exact). When several
exist (the US's offer can pool both types, or a transactional US can reveal itself by dealing),
the reported one is the **US's preferred** equilibrium (the US moves first and sets the terms:
the transactional type's payoff first, then the committed type's, then Europe's); the others
are listed. The reported outcome is the most probable one on its path (ties: the more severe); the
reported numbers answer the two questions of the model: does **compliance buy
protection** (US backing and Russia's probe after compliance versus after building) and how
does **autonomy move US backing** (Morrow 1991's autonomy-security trade-off).

**The spiral-or-deterrence variant** (Kydd 1997, 2005): Europe is *defensive* or *hostile*
(Moscow believes hostile with probability ``h_E``), Russia is a *security seeker* or
*expansionist* (probability ``e_R``, the world's ``russia_resolve``). Europe rearms (cost
``k_A``; a hostile Europe values arms at ``beta_H`` besides) or shows restraint; Russia, seeing
the choice but not Europe's type, probes or holds. An expansionist probes for ``g`` (``g - w_B``
against a rearmed Europe: *deterrence*); a security seeker probes (cost ``c_S``) only if it
fears Europe enough: holding while Europe is hostile costs it ``f_S`` (*spiral*). Kydd's
reassurance condition: the defensive type restrains and the hostile type arms (rearmament then
reveals hostility) iff ``k_low <= k_A <= k_low + beta_H`` with
``k_low = P_N L - P_A l`` (``P_A``, ``P_N``: Russia's probe probability after arms and after
restraint in that equilibrium). Solved by the same PBE solver.

>>> from gametheory.models import get_model
>>> r = get_model("coercion").solve(flips=False)
>>> r.outcome.key, r.quantities["backing_after_comply"], r.quantities["backing_after_build"]
('bought_protection', Fraction(1, 1), Fraction(1, 2))
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from math import lcm
from typing import Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.pbe import perfect_bayesian
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.outcomes import Flip
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flip_points
from gametheory.symbolic import Parameter

ILLUSTRATIVE = "illustrative assumption"
#: Scale of the cost European forces impose on a Russian probe per unit of capability (illustrative).
AUTONOMY_SCALE = Fraction(3, 2)

PARAMETERS = (
    Parameter("p_C", "probability the US is committed (defends Europe for its own sake), as Europe and Russia "
              "judge it", "1/2", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("d", "value of the US demands in the bundle (tariffs, burden sharing, Greenland-type concessions)",
              "1/2", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("tau", "penalty the US imposes on a Europe that refuses the bundle without counter-measures",
              "1/2", 0, 10, unit="stake units", source=ILLUSTRATIVE + " (tariff threats, 2025)"),
    Parameter("k_C", "Europe's cost of counter-coercion through chokepoints (export controls, finance, "
              "regulation)", "1/4", 0, 10, unit="stake units",
              source=ILLUSTRATIVE + " (Farrell & Newman 2019, weaponised interdependence)"),
    Parameter("x_US", "cost Europe's counter-coercion imposes on the US", "1/2", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("b", "Europe's cost of building autonomy (rearming without the US)", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("w_B", "extra cost European forces impose on a Russian probe the US does not answer", "3/2", 0, 30,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("g", "Russia's gain from a probe nobody answers", "1", 0, 10, lower_open=True, unit="stake units",
              source="normalisation (Russia's stake)"),
    Parameter("a", "Russia's loss when the US answers its probe", "1/2", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("L", "Europe's loss from a probe nobody answers", "2", 0, 100, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("l", "Europe's loss from a probe that is fought (by the US, or by a Europe that built)", "3/5", 0,
              100, unit="stake units", source=ILLUSTRATIVE),
    Parameter("u_C", "a committed US's loss if it abandons Europe to a probe", "1", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("u_T", "a transactional US's loss if it abandons Europe to a probe", "1/4", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("r_T", "what a transactional US loses by abandoning a Europe that paid the bundle (the contract)",
              "1/2", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_US", "the US's cost of answering a probe", "1/2", 0, 10, unit="stake units", source=ILLUSTRATIVE),
    Parameter("s_T", "a transactional US's gain from a deal with Russia over Europe's head", "1/3", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("z_C", "a committed US's cost of a deal over Europe's head (a broken word)", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    # ---- the spiral-or-deterrence variant (Kydd 1997, 2005)
    Parameter("h_E", "probability Moscow believes Europe hostile (arming to threaten Russia, not to defend)",
              "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("e_R", "probability Russia is expansionist rather than a security seeker, as Europe judges it",
              "1/3", 0, 1, unit="probability", source=ILLUSTRATIVE),
    Parameter("k_A", "Europe's cost of rearming (spiral variant)", "1/2", 0, 10, unit="stake units",
              source=ILLUSTRATIVE),
    Parameter("beta_H", "a hostile Europe's extra value of arms (what it could extract from Russia)", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_S", "a security-seeking Russia's cost of probing (arming, pre-empting)", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("f_S", "a security-seeking Russia's loss if it holds while Europe is hostile", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("p_C", "us_backing", "the chance the US is the committed type is the chance it fights beside Europe"),
    link("tau", "us_coercion", "the US penalty for refusing the bundle is its coercion of allies"),
    link("u_C", "us_stake", "a committed US loses its stake in Europe's security if it abandons Europe"),
    link("a", "russia_war_cost", "a probe the US answers costs Russia a conventional war"),
    link("l", "europe_war_cost", "a probe that is fought costs Europe a conventional war"),
    link("e_R", "russia_resolve", "an expansionist Russia is a determined one"),
    WorldLink("w_B", ("europe_capability",), lambda w: AUTONOMY_SCALE * w["europe_capability"],
              "European forces make an unanswered probe costlier in proportion to their capability "
              "(illustrative scale: 3/2 stake units per multiple of Russia's power)"),
)

OUTCOMES = (
    Outcome("bought_protection", "Compliance buys protection",
            "Europe pays the US demands and Russia does not probe: a paid bundle makes even a transactional US "
            "defend Europe, so US backing is certain after compliance and Russia is deterred."),
    Outcome("counter_coercion", "Europe counter-coerces",
            "Europe refuses the demands and uses its chokepoints against the US, and Russia does not probe: "
            "US backing does not hinge on the bundle (or Europe prefers to do without it)."),
    Outcome("autonomy", "Autonomy deters",
            "Europe refuses the bundle and rearms; Russia does not probe: European forces make a probe "
            "unprofitable even where the US would not answer."),
    Outcome("deal_over_europe", "The US deals over Europe's head",
            "A transactional US prefers a deal with Russia to Europe's payment, revealing its type; Europe is "
            "left to defend itself, while a committed US still offers its bundle."),
    Outcome("russia_probes", "Russia probes",
            "Russia tests the commitment on the equilibrium path: what Europe did leaves a probe profitable, "
            "because the US may not answer it."),
)

PLAYERS = ("US", "Europe", "Russia")
#: The parameters that are probabilities (the others are stakes: every payoff is linear in them).
_PROBABILITIES = frozenset({"p_C", "h_E", "e_R"})
TYPES = ("committed", "transactional")
US_MOVES = ("offer", "deal")
REPLIES = ("comply", "counter", "build")
H_EUROPE = "Europe: after offer"


def _h_us(t: str) -> str:
    return f"US ({t})"


def _h_russia(reply: str) -> str:
    return f"Russia: after offer, {reply}"


# ----------------------------------------------------------------------------- the main game
def backs(s: Mapping[str, Any], t: str, reply: str) -> bool:
    """Whether the US of type ``t`` answers a probe after an offer and Europe's ``reply``."""
    if t == "committed":
        return bool(s["u_C"] >= s["c_US"])
    return bool(s["u_T"] + (s["r_T"] if reply == "comply" else 0) >= s["c_US"])


def _leaf(s: Mapping[str, Any], t: str, move: str, reply: str, probe: bool) -> tuple[Any, Any, Any]:
    """Payoffs (US, Europe, Russia) at the end of a play, the US's answer to a probe folded in."""
    us: Any = 0
    eu: Any = 0
    ru: Any = 0
    if move == "offer":
        if reply == "comply":
            us, eu = s["d"], -s["d"]
        elif reply == "counter":
            us, eu = -s["x_US"], -s["k_C"]
        else:
            eu = -s["b"] - s["tau"]
    else:
        us = s["s_T"] - (s["z_C"] if t == "committed" else 0)
        if reply == "counter":
            us, eu = us - s["x_US"], -s["k_C"]
        elif reply == "build":
            eu = -s["b"]
    if probe:
        if move == "offer" and backs(s, t, reply):
            us, eu, ru = us - s["c_US"], eu - s["l"], ru - s["a"]
        else:
            stake = s["u_C"] if t == "committed" else s["u_T"] + (
                s["r_T"] if move == "offer" and reply == "comply" else 0)
            us = us - stake
            eu = eu - (s["l"] if reply == "build" else s["L"])
            ru = ru + s["g"] - (s["w_B"] if reply == "build" else 0)
    return us, eu, ru


def deal_play(s: Mapping[str, Any]) -> tuple[str, bool]:
    """Europe's reply and Russia's probe after a deal (neither depends on the US type):
    Russia probes iff strictly better; Europe's best reply, ties in the order of :data:`REPLIES`."""
    best: tuple[str, bool] | None = None
    best_val: Any = None
    for reply in REPLIES:
        probe = bool(_leaf(s, "transactional", "deal", reply, True)[2] > 0)
        val = _leaf(s, "transactional", "deal", reply, probe)[1]
        if best is None or val > best_val:
            best, best_val = (reply, probe), val
    assert best is not None
    return best


def coercion_tree(s: Mapping[str, Any]) -> ExtensiveGame:
    """The coercion game at values ``s`` (the deal's continuation and the US answer folded in)."""
    reply_d, probe_d = deal_play(s)

    def us(t: str) -> Any:
        offer = decision("Europe", {
            r: decision("Russia", {"probe": _leaf(s, t, "offer", r, True), "hold": _leaf(s, t, "offer", r, False)},
                        infoset=_h_russia(r))
            for r in REPLIES}, infoset=H_EUROPE)
        return decision("US", {"offer": offer, "deal": _leaf(s, t, "deal", reply_d, probe_d)}, infoset=_h_us(t))

    root = chance({t: (s["p_C"] if t == "committed" else 1 - s["p_C"], us(t)) for t in TYPES})
    return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Europe between Russia and a coercive US")


Profile = dict[str, str]


def pure_pbe(s: Mapping[str, Any]) -> list[Profile]:
    """Every pure consistent assessment of :func:`coercion_tree` by direct evaluation
    (Fractions: exact; floats: the flip scan's classifier). The tests check it against the
    engine's (:func:`sequential_pure`) and, where the engine's sequential check decides, against
    :func:`~gametheory.extensive.solvers.refine.sequential_check`.

    Europe does not know the US type, so its reply carries no news of it: consistent beliefs
    (Kreps & Wilson 1982) give Europe and Russia, after every reply, the same belief ``mu`` that
    the US is committed -- Bayes' rule when an offer is on the path, otherwise any common
    ``mu`` in ``[0, 1]``. Every condition is linear in ``mu``, so the common ``mu`` exists iff an
    interval intersection is non-empty."""
    pc = s["p_C"]
    if isinstance(pc, Fraction):
        # exact: every payoff is linear in the stake parameters, so scaling them by a common
        # denominator changes no comparison and lets python integers do the arithmetic
        den = lcm(*(Fraction(x).denominator for k, x in s.items() if k not in _PROBABILITIES))
        s = {k: (x if k in _PROBABILITIES else int(x * den)) for k, x in s.items()}
        weight = {"committed": pc.numerator, "transactional": pc.denominator - pc.numerator}
    else:
        weight = {"committed": pc, "transactional": 1 - pc}
    leaves = {(t, r, pr): _leaf(s, t, "offer", r, pr) for t in TYPES for r in REPLIES for pr in (True, False)}
    dp = deal_play(s)
    deal = {t: _leaf(s, t, "deal", *dp)[0] for t in TYPES}
    out: list[Profile] = []
    # each payoff after an offer is linear in mu: (value if committed, value if transactional)
    lin = {(r, pr, i): (leaves[("committed", r, pr)][i], leaves[("transactional", r, pr)][i])
           for r in REPLIES for pr in (True, False) for i in (1, 2)}

    def row(a: tuple[Any, Any], b: tuple[Any, Any]) -> tuple[Any, Any]:
        """``a >= b`` as ``c + t * (1 - mu) >= 0``: ``(c, t)`` with ``c`` the committed-type
        difference and ``t`` the transactional minus the committed one."""
        c = a[0] - b[0]
        return c, (a[1] - b[1]) - c

    russia = {(r, pr): row(lin[(r, pr, 2)], lin[(r, not pr, 2)]) for r in REPLIES for pr in (True, False)}
    europe = {(reply, p1, r, p2): row(lin[(reply, p1, 1)], lin[(r, p2, 1)])
              for reply in REPLIES for r in REPLIES if r != reply for p1 in (True, False) for p2 in (True, False)}

    def holds_at(rows: list[tuple[Any, Any]], w: tuple[Any, Any]) -> bool:
        """At the belief of weights ``w`` (committed, transactional): ``c + t (1 - mu) >= 0``
        times ``w_c + w_t > 0``."""
        total = w[0] + w[1]
        return all(c * total + t * w[1] >= 0 for c, t in rows)

    def holds_somewhere(rows: list[tuple[Any, Any]]) -> bool:
        lo, hi = 0, 1  # bounds on x = 1 - mu
        for c, t in rows:
            if t > 0:
                lo = max(lo, -c / t)
            elif t < 0:
                hi = min(hi, -c / t)
            elif c < 0:
                return False
        return bool(lo <= hi)

    for mc, mt in product(US_MOVES, US_MOVES):
        w_c = weight["committed"] if mc == "offer" else 0
        w_t = weight["transactional"] if mt == "offer" else 0
        on_path = (w_c + w_t) > 0
        mu = (w_c, w_t)
        choices = {r: [pr for pr in (True, False) if not on_path or holds_at([russia[(r, pr)]], mu)] for r in REPLIES}
        for reply in REPLIES:
            for probes in product(*(choices[r] for r in REPLIES)):
                rus = dict(zip(REPLIES, probes))
                rows = [europe[(reply, rus[reply], r, rus[r])] for r in REPLIES if r != reply]
                if on_path:
                    if not holds_at(rows, mu):
                        continue
                elif not holds_somewhere(rows + [russia[(r, rus[r])] for r in REPLIES]):
                    continue
                v_offer = {t: leaves[(t, reply, rus[reply])][0] for t in TYPES}
                if any((m == "offer" and v_offer[t] < deal[t]) or (m == "deal" and deal[t] < v_offer[t])
                       for t, m in (("committed", mc), ("transactional", mt))):
                    continue
                prof = {_h_us("committed"): mc, _h_us("transactional"): mt, H_EUROPE: reply}
                prof.update({_h_russia(r): ("probe" if rus[r] else "hold") for r in REPLIES})
                out.append(prof)
    return out


def _us_payoffs(s: Mapping[str, Any], prof: Mapping[str, str]) -> dict[str, Any]:
    """Each US type's payoff and Europe's expected payoff under a pure profile."""
    reply = prof[H_EUROPE]
    probe = prof[_h_russia(reply)] == "probe"
    dp = deal_play(s)
    pay = {t: (_leaf(s, t, "offer", reply, probe) if prof[_h_us(t)] == "offer" else _leaf(s, t, "deal", *dp))
           for t in TYPES}
    europe = s["p_C"] * pay["committed"][1] + (1 - s["p_C"]) * pay["transactional"][1]
    return {"committed": pay["committed"][0], "transactional": pay["transactional"][0], "Europe": europe}


def select(s: Mapping[str, Any], profiles: list[Profile]) -> Profile:
    """The US's preferred profile: the US's expected payoff before its type is known, then
    Europe's; the first found among equals."""
    best, best_key = profiles[0], None
    for prof in profiles:
        pay = _us_payoffs(s, prof)
        key = (s["p_C"] * pay["committed"] + (1 - s["p_C"]) * pay["transactional"], pay["Europe"])
        if best_key is None or key > best_key:
            best, best_key = prof, key
    return best


def posterior(s: Mapping[str, Any], prof: Mapping[str, str]) -> Any:
    """The belief that the US is committed after an offer (the prior if no type offers)."""
    w_c = s["p_C"] if prof[_h_us("committed")] == "offer" else 0
    w_t = (1 - s["p_C"]) if prof[_h_us("transactional")] == "offer" else 0
    return w_c / (w_c + w_t) if w_c + w_t else s["p_C"]


def probe_probability(s: Mapping[str, Any], prof: Mapping[str, str]) -> Any:
    """Russia's probe probability on the path of ``prof``."""
    dp = deal_play(s)
    total: Any = 0
    for t in TYPES:
        w = s["p_C"] if t == "committed" else 1 - s["p_C"]
        if prof[_h_us(t)] == "offer":
            total += w * (prof[_h_russia(prof[H_EUROPE])] == "probe")
        else:
            total += w * dp[1]
    return total


#: Outcomes from the most to the least severe (ties between equally probable ones: the more severe).
SEVERITY = ("russia_probes", "deal_over_europe", "autonomy", "counter_coercion", "bought_protection")
_REPLY_OUTCOME = {"comply": "bought_protection", "counter": "counter_coercion", "build": "autonomy"}


def outcome_distribution(s: Mapping[str, Any], prof: Mapping[str, str]) -> dict[str, Any]:
    """Probability of each outcome on the path of a pure profile (over the US type): a probe,
    else a deal, else Europe's reply to the offer."""
    dp = deal_play(s)
    dist: dict[str, Any] = {k: 0 for k in SEVERITY}
    for t in TYPES:
        w = s["p_C"] if t == "committed" else 1 - s["p_C"]
        if prof[_h_us(t)] == "offer":
            reply = prof[H_EUROPE]
            key = "russia_probes" if prof[_h_russia(reply)] == "probe" else _REPLY_OUTCOME[reply]
        else:
            key = "russia_probes" if dp[1] else "deal_over_europe"
        dist[key] = dist[key] + w
    return dist


def outcome_of(s: Mapping[str, Any], prof: Mapping[str, str]) -> str:
    """The most probable outcome on the path of a pure profile (ties: the more severe)."""
    dist = outcome_distribution(s, prof)
    best = max(dist.values())
    return next(k for k in SEVERITY if dist[k] == best)


def _committed_share(belief: Mapping[str, Any]) -> Any:
    return sum((p for node, p in belief.items() if str(node).startswith("committed")), Fraction(0))


def sequential_pure(game: ExtensiveGame) -> Any:
    """The engine's pure perfect Bayesian assessments of ``game`` whose beliefs can be made
    consistent: one belief ``mu`` that the US is committed, shared by Europe and Russia after
    every reply (Europe's reply carries no news of the US type, so Kreps & Wilson's consistency
    requires this). For each assessment the solver gives the Bayesian belief on the path and, off
    it, the exact region of beliefs that sustains the play
    (:class:`~gametheory.extensive.solvers.pbe.BeliefRegion`); the assessment is kept iff the
    fixed beliefs and the regions have a common ``mu``."""
    import dataclasses

    res = perfect_bayesian(game, mixed=False)
    keep = []
    for eq, regions in zip(res.equilibria, res.parameters["belief_regions"]):
        lo, hi = Fraction(0), Fraction(1)
        for h in (H_EUROPE, *(_h_russia(r) for r in REPLIES)):
            if h in regions:
                bounds = regions[h].bounds
                a, b = bounds[next(n for n in bounds if str(n).startswith("committed"))]
            else:
                a = b = _committed_share((eq.beliefs or {})[h])
            lo, hi = max(lo, a), min(hi, b)
        if lo <= hi:
            keep.append(eq)
    dropped = len(res.equilibria) - len(keep)
    diags = tuple(res.diagnostics) + ((f"{dropped} pure assessment(s) dropped: their beliefs cannot be made "
                                       "consistent (Russia would have to read news of the US type into Europe's "
                                       "reply)",) if dropped else ())
    return dataclasses.replace(res, equilibria=tuple(keep), diagnostics=diags)


# ----------------------------------------------------------------------------- spiral variant
EUROPE_TYPES = ("defensive", "hostile")
RUSSIA_TYPES = ("security seeker", "expansionist")
ARMS = ("restrain", "rearm")


def spiral_tree(s: Mapping[str, Any]) -> ExtensiveGame:
    """Kydd's spiral-or-deterrence game: chance draws Europe's type, Europe rearms or restrains,
    chance draws Russia's type, Russia (knowing its type and Europe's move, not Europe's type)
    probes or holds. Payoffs (Europe, Russia)."""

    def pay(et: str, arm: str, rt: str, probe: bool) -> tuple[Any, Any]:
        armed = arm == "rearm"
        eu = (-s["k_A"] + (s["beta_H"] if et == "hostile" else 0)) if armed else 0
        if probe:
            eu -= s["l"] if armed else s["L"]
        if rt == "expansionist":
            ru = (s["g"] - (s["w_B"] if armed else 0)) if probe else 0
        else:
            ru = -s["c_S"] if probe else (-s["f_S"] if et == "hostile" else 0)
        return eu, ru

    def europe(et: str) -> Any:
        return decision("Europe", {
            arm: chance({rt: (s["e_R"] if rt == "expansionist" else 1 - s["e_R"],
                              decision("Russia", {"probe": pay(et, arm, rt, True), "hold": pay(et, arm, rt, False)},
                                       infoset=f"Russia ({rt}): after {arm}"))
                         for rt in RUSSIA_TYPES})
            for arm in ARMS}, infoset=f"Europe ({et})")

    root = chance({et: (s["h_E"] if et == "hostile" else 1 - s["h_E"], europe(et)) for et in EUROPE_TYPES})
    return ExtensiveGame.from_tree(root, players=["Europe", "Russia"], title="Spiral or deterrence (Kydd 1997)")


def reassurance_interval(s: Mapping[str, Any]) -> tuple[Any, Any, Any, Any]:
    """Kydd's reassurance condition in closed form: ``(k_low, k_high, P_A, P_N)``. In a separating
    equilibrium (defensive restrains, hostile rearms) rearmament reveals hostility: a security
    seeker probes after it iff ``f_S > c_S``, an expansionist iff ``g > w_B`` (after restraint
    iff ``g > 0``). The defensive type restrains iff ``k_A >= k_low = P_N L - P_A l``; the
    hostile type arms iff ``k_A <= k_high = k_low + beta_H``."""
    e = s["e_R"]
    p_a = (1 - e) * (s["f_S"] > s["c_S"]) + e * (s["g"] > s["w_B"])
    p_n = e * (s["g"] > 0)
    k_low = p_n * s["L"] - p_a * s["l"]
    return k_low, k_low + s["beta_H"], p_a, p_n


def _spiral_reading(game: ExtensiveGame, eq: Any, s: Mapping[str, Any]) -> dict[str, Any]:
    b = eq.behavior
    e = s["e_R"]
    prob = {arm: (1 - e) * b[f"Russia (security seeker): after {arm}"]["probe"]
            + e * b[f"Russia (expansionist): after {arm}"]["probe"] for arm in ARMS}
    arms = {et: b[f"Europe ({et})"]["rearm"] for et in EUROPE_TYPES}
    if arms["defensive"] == 0 and arms["hostile"] == 1:
        kind = "separating"
    elif arms["defensive"] == arms["hostile"] and arms["defensive"] in (0, 1):
        kind = "pooling on " + ("rearmament" if arms["defensive"] == 1 else "restraint")
    else:
        kind = "other"
    effect = "provokes" if prob["rearm"] > prob["restrain"] else "deters" if prob["rearm"] < prob["restrain"] \
        else "no effect"
    return {"kind": kind, "rearm_probability": arms, "probe_after_rearm": prob["rearm"],
            "probe_after_restraint": prob["restrain"], "rearmament": effect}


#: The parameters :func:`spiral_tree` reads: the variant is solved once per their values.
_SPIRAL_KEYS = ("L", "beta_H", "c_S", "e_R", "f_S", "g", "h_E", "k_A", "l", "w_B")
_SPIRAL_MEMO: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


def spiral_readings(s: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The perfect Bayesian equilibria of :func:`spiral_tree`, each read as separating or pooling
    and whether rearmament provokes (raises Russia's probe probability) or deters.

    The engine's perfect Bayesian enumeration is the costly part of a solve (about 0.15 s), and
    scenarios share the variant's values, so the readings are kept per value of the parameters
    the tree reads (:data:`_SPIRAL_KEYS`; the test suite checks the tree reads no other)."""
    key = tuple(Fraction(s[k]) for k in _SPIRAL_KEYS)
    hit = _SPIRAL_MEMO.get(key)
    if hit is None:
        game = spiral_tree(s)
        res = perfect_bayesian(game)
        hit = [_spiral_reading(game, eq, s) for eq in res]
        if len(_SPIRAL_MEMO) > 256:
            _SPIRAL_MEMO.clear()
        _SPIRAL_MEMO[key] = hit
    return [dict(x) for x in hit]


def spiral_verdict(readings: list[dict[str, Any]]) -> dict[str, Any]:
    """The reading reported: the separating (reassurance) equilibrium if there is one (the only
    one in which rearmament carries news), else the first found."""
    sep = [x for x in readings if x["kind"] == "separating"]
    return (sep or readings)[0]


# ----------------------------------------------------------------------------- the model
class Coercion(Model):
    name = "coercion"
    title = "Europe between Russia and a coercive US"
    question = ("Facing a US that may be transactional and a Russia that may probe, does complying with US "
                "demands buy protection, how does building autonomy move US backing, and does European "
                "rearmament provoke or deter Russia?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    #: The spiral variant's parameters do not enter the main game's outcome.
    no_flips = ("h_E", "e_R", "k_A", "beta_H", "c_S", "f_S")
    boundaries = None
    conditions = None
    references = (
        "Morrow, J. D. (1991). Alliances and asymmetry: an alternative to the capability aggregation model of "
        "alliances. American Journal of Political Science 35(4), 904-933.",
        "Drezner, D. W. (1999). The Sanctions Paradox: Economic Statecraft and International Relations. "
        "Cambridge University Press.",
        "Farrell, H., Newman, A. L. (2019). Weaponized interdependence: how global economic networks shape state "
        "coercion. International Security 44(1), 42-79.",
        "Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400; Kydd, A. (1997). "
        "Sheep in sheep's clothing: why security seekers do not fight each other. Security Studies 7(1), 114-155.",
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations. Princeton University Press "
        "(reassurance by costly signals).",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
    )

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return coercion_tree(values)

    def _chosen(self, values: Mapping[str, Fraction]) -> Profile | None:
        found = pure_pbe(values)
        return select(values, found) if found else None

    def fast_outcome_key(self, fvals: Mapping[str, float]) -> str:
        """The outcome in floats (the same enumeration), for the flip scan."""
        found = pure_pbe(fvals)
        return outcome_of(fvals, select(fvals, found)) if found else "none"

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome by the exact direct enumeration :func:`pure_pbe` (the tests check it equals
        the engine's pure assessments); with no pure assessment, by :meth:`analyse`."""
        prof = self._chosen(values)
        if prof is None:
            return self.analyse(values).outcome.key
        return outcome_of(values, prof)

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: a float scan of :func:`pure_pbe`, each bracket confirmed exactly."""
        return fast_flip_points(self, values, current)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        s = values
        r = readable
        game = self.build(values)
        res = sequential_pure(game)
        notes = list(res.diagnostics)
        profiles = [{h: next(a for a, p in eq.behavior[h].items() if p == 1) for h in eq.behavior} for eq in res]
        if profiles:
            prof = select(s, profiles)
            eq = res.equilibria[profiles.index(prof)]
            notes.append("the equilibria compared are the pure perfect Bayesian assessments with consistent "
                         "beliefs (Europe's reply tells Russia nothing about the US type); the reported "
                         "one is the US's preferred (it moves first and sets the terms)")
        else:  # pragma: no cover - no pure assessment at these values: take the mixed search
            res = perfect_bayesian(game)
            if not res.equilibria:
                raise GameError("model coercion: no perfect Bayesian equilibrium found in the searched class")
            eq = res.equilibria[0]
            prof = {h: max(eq.behavior[h], key=lambda a: eq.behavior[h][a]) for h in eq.behavior}
            notes.append("no pure assessment: the first mixed one found is read by its most likely actions")
        key = outcome_of(s, prof)
        o = self.outcome(key)
        others = sorted({outcome_of(s, p) for p in profiles} - {key})
        if others:
            notes.append(f"{len(profiles)} pure perfect Bayesian equilibria; others lead to: "
                         + ", ".join(self.outcome(k).headline for k in others))
        mu = posterior(s, prof)
        backing = {rep: mu * backs(s, "committed", rep) + (1 - mu) * backs(s, "transactional", rep) for rep in REPLIES}
        probe_after = {rep: prof[_h_russia(rep)] == "probe" for rep in REPLIES}
        reply_d, probe_d = deal_play(s)
        offers = {t: prof[_h_us(t)] for t in TYPES}
        # the spiral variant
        readings = spiral_readings(s)
        verdict = spiral_verdict(readings) if readings else None
        k_low, k_high, p_a, p_n = reassurance_interval(s)
        # words
        reply = prof[H_EUROPE]
        if offers["transactional"] == "offer" and offers["committed"] == "offer":
            us_words = (f"both US types offer the bundle, so an offer tells nothing (Europe and Russia keep the prior "
                        f"{r(mu, 'probability')} that the US is committed)")
        elif offers["committed"] == "offer":
            us_words = ("a transactional US deals with Russia over Europe's head and a committed one offers the "
                        "bundle, so an offer reveals commitment")
        elif offers["transactional"] == "offer":
            us_words = "only a transactional US offers the bundle"
        else:
            us_words = "both US types deal with Russia over Europe's head"
        reply_words = {"comply": f"pays the demands ({r(s['d'])})", "counter": f"counter-coerces (cost {r(s['k_C'])})",
                       "build": f"builds autonomy (cost {r(s['b'])}, plus the US penalty {r(s['tau'])})"}[reply]
        protection = ("compliance buys protection: US backing is " + r(backing["comply"], "probability")
                      + " after compliance against " + r(backing["build"], "probability") + " after building"
                      if backing["comply"] > backing["build"] else
                      "compliance buys no extra protection: US backing is " + r(backing["comply"], "probability")
                      + " after compliance and " + r(backing["build"], "probability") + " after building")
        probe_words = ", ".join(f"{'probes' if probe_after[rep] else 'holds'} after {rep}" for rep in REPLIES)
        spiral_words = ""
        if verdict is not None:
            spiral_words = (f" Spiral or deterrence: in the {verdict['kind']} equilibrium European rearmament "
                            f"{verdict['rearmament']} Russia (probe probability {r(verdict['probe_after_rearm'], 'probability')} "
                            f"after rearmament, {r(verdict['probe_after_restraint'], 'probability')} after restraint); a "
                            f"defensive Europe can reassure by restraint iff its cost of arms is between "
                            f"{r(k_low)} and {r(k_high)} (it is {r(s['k_A'])}).")
            alts = [x for x in readings if x is not verdict]
            if alts:
                effects = sorted({x["rearmament"] for x in alts})
                spiral_words += (f" The variant has {len(alts)} other perfect Bayesian equilibri"
                                 f"{'um' if len(alts) == 1 else 'a'} (pooling or mixed), in which rearmament "
                                 f"{' or '.join(effects)}; the separating one is reported because only there "
                                 "does rearmament carry news about Europe's type."
                                 if verdict["kind"] == "separating" else
                                 f" The variant has {len(alts)} other perfect Bayesian equilibri"
                                 f"{'um' if len(alts) == 1 else 'a'}, in which rearmament {' or '.join(effects)}.")
        deal_words = ""
        if "deal" in offers.values():
            deal_words = (f"; after a deal Europe, with no US backing, "
                          f"{ {'comply': 'acquiesces', 'counter': 'counter-coerces', 'build': 'builds'}[reply_d]} "
                          f"and Russia {'probes' if probe_d else 'holds'}")
        statement = (f"{o.headline}: {us_words}; after an offer Europe {reply_words}; Russia {probe_words}"
                     f"{deal_words}; {protection}. {o.explanation}{spiral_words}")
        pays = _us_payoffs(s, prof)
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"plan": prof, "beliefs": eq.beliefs, "payoffs": pays, "max_regret": eq.max_regret,
                         "equilibria": len(res)},
            quantities={
                "us_offers": offers,
                "europe_reply": reply,
                "belief_committed_after_offer": mu,
                "probe_probability": probe_probability(s, prof),
                "outcome_probabilities": outcome_distribution(s, prof),
                "backing_after_comply": backing["comply"],
                "backing_after_counter": backing["counter"],
                "backing_after_build": backing["build"],
                "autonomy_backing_change": backing["build"] - backing["comply"],
                "probe_after_comply": probe_after["comply"],
                "probe_after_counter": probe_after["counter"],
                "probe_after_build": probe_after["build"],
                "compliance_buys_protection": bool(backing["comply"] > backing["build"]),
                "after_deal": {"europe": reply_d, "russia_probes": probe_d},
                "other_outcomes": others,
                "spiral_equilibria": readings,
                "rearmament": verdict["rearmament"] if verdict else None,
                "spiral_equilibrium": verdict["kind"] if verdict else None,
                "reassurance_interval": (k_low, k_high),
                "probe_after_rearm_if_separating": p_a,
                "probe_after_restraint_if_separating": p_n,
            },
            method=res.method,
            diagnostics=tuple(notes),
        )


#: Public names.
__all__ = ["Coercion", "coercion_tree", "outcome_of", "pure_pbe", "reassurance_interval", "select", "spiral_readings",
           "spiral_tree"]

