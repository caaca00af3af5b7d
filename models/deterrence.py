"""Deterrence under uncertainty: Russia's resolve is private, US backing is unknown to both.

A challenger/defender game with incomplete information in the tradition of Zagare &
Kilgour (*Perfect Deterrence*, 2000, ch. 6-8). Chance draws Russia's type: *determined*
(probability ``q_R``; a low cost of war ``c_R_det``) or *cautious* (cost ``c_R``). Russia
knows its type; Europe does not. Russia keeps the status quo or makes a demand; Europe,
which cannot tell the types apart, concedes or resists; after resistance Russia backs
down or goes to war.

In the situation Europe does **not** know whether the US will fight, and Russia may not
know either. So US backing is a chance move *inside* the war that neither side observes
beforehand: the US fights beside Europe with probability ``p_US``, which both use in their
expectations. The war is the one of the escalation model (:mod:`gametheory.models.escalation`):
inadvertent nuclear escalation with probability ``e``, a conventional contest, and a
losing Russia choosing whether to use nuclear weapons against the expected French/UK and
US retaliation (escalation dominance). Each type of Russia makes that choice itself; the war
is a proper subgame in which only Russia moves, so the tree carries its value (the optimal
nuclear choice) rather than the subgame, which leaves the perfect Bayesian equilibria as they are.

Solved for perfect Bayesian equilibria by :func:`gametheory.extensive.solvers.pbe.perfect_bayesian`,
which enumerates every pure assessment and the assessments that mix over two actions at
up to two information sets; mixing beyond that is not searched, so the search is **not
complete** and the statement says "among the equilibria found".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.pbe import perfect_bayesian
from gametheory.extensive.tree import chance, decision
from gametheory.modeling import Flip, Model, ModelResult, Outcome
from gametheory.modeling.text import readable
from gametheory.modeling.world import link
from gametheory.models.escalation import PARAMETERS as ESC_PARAMETERS
from gametheory.models.escalation import WORLD_LINKS as ESC_LINKS
from gametheory.models.escalation import Escalation, retaliation, russia_uses_nuclear, war_payoffs
from gametheory.symbolic import Parameter

ILLUSTRATIVE = "illustrative assumption"

_SHARED = ("p_US", "v", "c_R", "c_E", "pi_0", "pi_US", "e", "D_FUK", "f_FUK", "D_US", "u_US", "L_E", "a_R", "b_E")

PARAMETERS = (
    *(p for p in ESC_PARAMETERS if p.name in _SHARED),
    # Types drawn with probability 0 or 1 would leave beliefs at impossible nodes unrestricted,
    # so the type probability stays strictly inside (0, 1).
    Parameter("q_R", "Europe's belief that Russia is determined (a low cost of war)", "1/3", 0, 1,
              lower_open=True, upper_open=True, unit="probability", source=ILLUSTRATIVE),
    Parameter("c_R_det", "a determined Russia's cost of a conventional war", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

WORLD_LINKS = (
    *(lk for lk in ESC_LINKS if lk.parameter in _SHARED),
    link("q_R", "russia_resolve", "Europe's belief that Russia is determined is the world's Russian resolve"),
)

OUTCOMES = (
    Outcome("deterrence", "Deterrence holds",
            "No type of Russia makes a demand: Europe would resist often enough, and the war that could "
            "follow is bad enough for Russia, that a demand does not pay."),
    Outcome("coercion", "Russia coerces Europe without war",
            "Russia makes a demand and Europe, unsure how determined Russia is and whether the US will "
            "fight, concedes often enough that the demand pays; no war is fought."),
    Outcome("war_risk", "Deterrence can fail: war with positive probability",
            "Some type of Russia demands, Europe resists with positive probability, and a determined "
            "Russia goes to war rather than back down."),
    Outcome("multiple", "Several perfect Bayesian equilibria with different outcomes",
            "The equilibria found have different outcomes; which one is played depends on expectations "
            "the model does not pin down."),
)

PLAYERS = ("Russia", "Europe")
TYPES = ("determined", "cautious")
H_EUROPE = "Europe: answer a demand"


def _war(s: Mapping[str, Any], rt: str) -> tuple[Fraction, Fraction]:
    """The war against a Russia of type ``rt``, as its expected payoffs. The war is a proper
    subgame in which only Russia moves (its nuclear choice, knowing its type), so it is
    replaced by its value with the optimal choice (the escalation model's war); this keeps the
    assessment search small without changing the perfect Bayesian equilibria."""
    vals = dict(s)
    if rt == "determined":
        vals["c_R"] = s["c_R_det"]
    return war_payoffs(vals)


def incomplete_information_tree(s: Mapping[str, Any]) -> ExtensiveGame:
    """Chance draws Russia's type; Russia demands or not; Europe (not knowing the type)
    concedes or resists; Russia backs down or goes to war, where US backing is a chance
    move neither observed beforehand."""

    def russia(rt: str) -> Any:
        return decision("Russia", {
            "status quo": (0, 0),
            "demand": decision("Europe", {
                "concede": (s["v"], -s["v"]),
                "resist": decision("Russia", {"back down": (-s["a_R"], s["b_E"]), "war": _war(s, rt)},
                                   infoset=f"Russia ({rt}): after resistance"),
            }, infoset=H_EUROPE),
        }, infoset=f"Russia ({rt}): demand?")

    root = chance({"Russia determined": (s["q_R"], russia("determined")),
                   "Russia cautious": (1 - s["q_R"], russia("cautious"))})
    return ExtensiveGame.from_tree(root, players=list(PLAYERS), title="Deterrence (incomplete information)")


def type_war_payoffs(s: Mapping[str, Fraction]) -> dict[str, tuple[Fraction, Fraction]]:
    """Expected war payoffs (Russia, Europe) against each type, with each type's optimal
    nuclear choice."""
    return {"determined": war_payoffs({**s, "c_R": s["c_R_det"]}), "cautious": war_payoffs(s)}


def pbe_conditions(s: Mapping[str, Any]) -> list[tuple[Any, Callable[[Mapping[str, Fraction]], bool]]]:
    """Every payoff comparison on which the set of perfect Bayesian equilibria the solver finds
    can change (a superset), as expressions in ``s`` (numbers or python-flint polynomials),
    each with a guard: a test at an exact point whether the comparison matters there.

    Each type's war payoffs under either nuclear choice against backing down (``-a_R``) and the
    status quo (0), and Europe's war payoff against each type against conceding (``-v``):
    these matter where that nuclear choice is the optimal one (or at the switch). The nuclear
    choice itself. Europe's payoff from resisting at the prior (``q_R``) for each combination
    of the types' answers (war, with either nuclear choice, or backing down), which decides
    pooling and the belief at which a mixing type leaves Europe indifferent: it matters where
    each type answers so (or is indifferent). ``a_R`` and ``b_E + v`` always. Mixing
    probabilities are ratios of these differences, so their lying in (0, 1) changes only where
    one of them changes sign.
    """

    def typed(vals: Mapping[str, Any], rt: str) -> dict[str, Any]:
        return {**vals, "c_R": vals["c_R_det"]} if rt == "determined" else dict(vals)

    def nuclear_is(nuclear: bool) -> Callable[[Mapping[str, Fraction]], bool]:
        def guard(x: Mapping[str, Fraction]) -> bool:
            return russia_uses_nuclear(x) == nuclear or x["v"] - retaliation(x) == -x["a_R"]
        return guard

    def answers(rt: str, fights: bool, nuclear: bool | None) -> Callable[[Mapping[str, Fraction]], bool]:
        def guard(x: Mapping[str, Fraction]) -> bool:
            w_r = war_payoffs(typed(x, rt))[0] + x["a_R"]
            if not fights:
                return w_r <= 0
            return w_r >= 0 and nuclear_is(bool(nuclear))(x)
        return guard

    def always(x: Mapping[str, Fraction]) -> bool:
        return True

    out: list[tuple[Any, Callable[[Mapping[str, Fraction]], bool]]] = []
    options: dict[str, list[tuple[Any, Callable[[Mapping[str, Fraction]], bool]]]] = {}
    for rt in TYPES:
        vals = typed(s, rt)
        options[rt] = [(s["b_E"], answers(rt, False, None))]
        for nuclear in (True, False):
            w_r, w_e = war_payoffs(vals, nuclear)
            out += [(w_r + s["a_R"], nuclear_is(nuclear)), (w_r, nuclear_is(nuclear)),
                    (w_e + s["v"], nuclear_is(nuclear))]
            options[rt].append((w_e, answers(rt, True, nuclear)))
    out += [(s["v"] - retaliation(s) + s["a_R"], always), (s["a_R"], always), (s["b_E"] + s["v"], always)]
    def both(gx: Callable[[Mapping[str, Fraction]], bool],
             gy: Callable[[Mapping[str, Fraction]], bool]) -> Callable[[Mapping[str, Fraction]], bool]:
        return lambda z: gx(z) and gy(z)

    for x, gx in options["determined"]:
        for y, gy in options["cautious"]:
            out.append((s["q_R"] * x + (1 - s["q_R"]) * y + s["v"], both(gx, gy)))
    return out


class Deterrence(Model):
    name = "deterrence"
    title = "Deterrence under uncertainty: hidden Russian resolve, US backing unknown to both"
    question = ("Does Russia make a demand when Europe cannot tell how determined Russia is, and neither side "
                "knows whether the US will fight?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    references = (
        "Zagare, F. C., Kilgour, D. M. (2000). Perfect Deterrence, ch. 6-8 (incomplete information). "
        "Cambridge University Press.",
        "Fudenberg, D., Tirole, J. (1991). Perfect Bayesian equilibrium and sequential equilibrium. "
        "Journal of Economic Theory 53, 236-260.",
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3), 379-414.",
        *Escalation.references[:1],
    )

    #: Perfect Bayesian enumeration takes about 0.05 s per point, so flips are found only in
    #: the uncertainties the model is about (exactly: :meth:`flip_points`).
    flip_parameters = ("p_US", "q_R", "e", "u_US")

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return incomplete_information_tree(values)

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Exact flips in :attr:`flip_parameters`: the candidates are the roots of
        :func:`pbe_conditions` in each parameter; each stretch between them is classified by
        the perfect Bayesian solver (:func:`~gametheory.modeling.regimes.flips_between_cuts`)."""
        from flint import fmpq

        from gametheory.extensive.univariate import as_poly, real_roots
        from gametheory.modeling.regimes import _flip_interval, flint_values, flips_between_cuts

        out: list[Flip] = []
        for name in self.flip_parameters:
            p = self.parameter(name)
            lo, hi = _flip_interval(p, values[name])
            cuts: list[Any] = []
            polys = [(as_poly(c), guard) for c, guard in pbe_conditions(flint_values(values, name))]
            for poly, guard in polys:
                if poly.degree() > 0:
                    for r in real_roots(poly, lo, hi):
                        # an irrational root is kept; a rational one where the comparison matters
                        if not isinstance(r, Fraction) or guard({**values, name: r}):
                            cuts.append(r)

            def vanishes(x: Fraction, polys: list[Any] = polys) -> bool:
                return any(q(fmpq(x.numerator, x.denominator)) == 0 for q, _ in polys)

            out.extend(flips_between_cuts(self, values, p, current, cuts, vanishes))
        return out

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome, solved once per sign pattern of :func:`pbe_conditions`.

        Two points at which every comparison of :func:`pbe_conditions` has the same sign lead
        the perfect Bayesian solver through the same cases (that list is every comparison the
        equilibrium set can turn on), so their outcome is the same: the first point with a
        new pattern is solved, later ones reuse its outcome. Monte Carlo draws and flip
        searches fall into a handful of patterns. ``tests/test_model_deterrence.py`` checks
        the reuse against a fresh solve at random points.
        """
        signs = tuple((x > 0) - (x < 0) for x, _ in pbe_conditions(values))
        memo: dict[tuple[int, ...], str] = self.__dict__.setdefault("_outcome_by_signs", {})
        key = memo.get(signs)
        if key is None:
            if len(memo) > 4096:
                memo.clear()
            key = memo[signs] = self.analyse(values).outcome.key
        return key

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        game = self.build(values)
        res = perfect_bayesian(game)
        terms = [int(n) for n in game.terminal_nodes]
        paths = {n: game.node_path(n) for n in terms}
        cats, summaries = [], []
        for eq in res:
            reach = game.realization_probabilities(eq.behavior)
            p_challenge = sum((reach[n] for n in terms if "demand" in paths[n]), Fraction(0))
            p_war = sum((reach[n] for n in terms if "war" in paths[n]), Fraction(0))
            p_concede = sum((reach[n] for n in terms if "concede" in paths[n]), Fraction(0))
            if p_challenge == 0:
                cat = "deterrence"
            elif p_war > 0:
                cat = "war_risk"
            else:
                cat = "coercion"
            cats.append(cat)
            summaries.append({
                "outcome": cat,
                "behavior": eq.behavior,
                "beliefs": eq.beliefs,
                "probability_of_challenge": p_challenge,
                "probability_of_war": p_war,
                "probability_europe_concedes": p_concede,
                "europe_resists": eq.behavior[H_EUROPE]["resist"],
                "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                "notes": list(eq.notes),
            })
        distinct = sorted(set(cats))
        if not distinct:  # pragma: no cover - a finite game has an equilibrium; the search may miss it
            raise GameError("model deterrence: no perfect Bayesian equilibrium found in the searched class")
        key = distinct[0] if len(distinct) == 1 else "multiple"
        o = self.outcome(key)
        r = readable
        parts: list[str] = []
        for smry in summaries:
            text = (f"{self.outcome(str(smry['outcome'])).headline.lower()} (demand with probability "
                    f"{r(smry['probability_of_challenge'], 'probability')}, war with probability "
                    f"{r(smry['probability_of_war'], 'probability')})")
            if text not in parts:  # equilibria that differ only off the path read the same
                parts.append(text)
        wars = type_war_payoffs(values)
        europe_war = (r(wars["cautious"][1]) if wars["cautious"][1] == wars["determined"][1] else
                      f"{r(wars['determined'][1])} (against a determined Russia) or {r(wars['cautious'][1])}")
        mech = (f"war is worth {r(wars['determined'][0])} to a determined Russia, {r(wars['cautious'][0])} to a "
                f"cautious one (backing down: {r(-values['a_R'])}), and {europe_war} to Europe against conceding "
                f"({r(-values['v'])}); Europe believes "
                f"Russia determined with probability {r(values['q_R'], 'probability')} and nobody knows whether "
                f"the US will fight (probability {r(values['p_US'], 'probability')})")
        n = len(summaries)
        found = (f"{n} perfect Bayesian equilibri{'um' if n == 1 else 'a'} found; the search covers pure "
                 "assessments and mixing at up to two information sets, so it is not complete")
        if key == "multiple":
            wars_p = [smry["probability_of_war"] for smry in summaries]
            share = (f"they share that the war probability lies between {r(min(wars_p), 'probability')} and "
                     f"{r(max(wars_p), 'probability')}")
            if all(smry["behavior"]["Russia (cautious): after resistance"]["war"] == 0 for smry in summaries):
                share += " and that a cautious Russia never goes to war"
            statement = (f"{o.headline}: " + "; or ".join(parts) + f". Mechanism: {mech}. {found}; {share}. "
                         f"{o.explanation}")
        else:
            detail = "; or ".join(p[p.index("("):] for p in parts)
            same = "; the outcome is the same in each of them" if n > 1 else ""
            statement = f"{o.headline} {detail}: {mech}. {found}{same}. {o.explanation}"
        notes = list(res.diagnostics)
        if not res.complete:
            notes.append("the equilibrium search is not complete (see the solver's diagnostics): other perfect "
                         "Bayesian equilibria may exist")
        if n > 1:
            notes.append(f"{n} equilibria found; outcomes: {', '.join(cats)}")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=statement,
            equilibrium={"equilibria": summaries, "complete": res.complete},
            quantities={
                "equilibria": n,
                "search_complete": res.complete,
                "probability_of_war": [smry["probability_of_war"] for smry in summaries],
                "probability_of_challenge": [smry["probability_of_challenge"] for smry in summaries],
                "russia_war_payoff_determined": wars["determined"][0],
                "russia_war_payoff_cautious": wars["cautious"][0],
                "europe_war_payoff_vs_cautious": wars["cautious"][1],
                "europe_war_payoff_vs_determined": wars["determined"][1],
            },
            method=res.method,
            diagnostics=tuple(notes),
        )
