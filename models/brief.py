"""The suite's decision brief: which questions it asks, which model answers each, and how.

:func:`build_brief` solves the cited models at every scenario's nominal world state, samples
each scenario's ranges (:func:`gametheory.sensitivity.scenarios.scenario_montecarlo`), looks
for the world changes that would flip each answer (:func:`gametheory.modeling.flips.world_flips`)
and returns a :class:`gametheory.modeling.brief.Brief`. Every word of the bottom line and every
cell is chosen from those computed outcomes; what this module fixes is only the questions, the
models cited, which of their outcomes count as "yes", the one-line mechanisms (what each model
assumes), the box of questions no model covers, and the sources.

>>> from gametheory.models.brief import build_brief
>>> b = build_brief(["us-out", "crimea-2014"], draws=4, flips=False)
>>> [s["name"] for s in b.scenarios], b.cell("us-out", "ultimatum").outcome
(['us-out', 'crimea-2014'], 'ultimatum')
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.modeling.brief import (
    YARDSTICK_SOURCE,
    Brief,
    BriefBullet,
    BriefCell,
    BriefQuestion,
    probability_word,
)
from gametheory.modeling.model import Model, ModelResult
from gametheory.modeling.scenarios import Scenario
from gametheory.modeling.text import readable
from gametheory.models import get_model
from gametheory.models import world as world_mod

__all__ = ["DEFAULT_DRAWS", "NOT_COVERED", "QUESTIONS", "Question", "build_brief"]

#: Draws per scenario and model by default: enough for a first look, small enough to stay fast
#: (a 95% Wilson interval of 20 draws is about +-20 points; raise ``--draws`` for more).
DEFAULT_DRAWS = 20


@dataclass(frozen=True)
class Question:
    """A question of the brief and how the suite answers it.

    ``yes_outcomes``: the cited model's outcome keys that mean "yes"; ``answers``: the short
    table word for each outcome key; ``detail``: a function of the nominal result giving the
    quantity behind the answer (or ``""``); ``also``: other models that answer the same
    question, with the outcome keys that mean "yes" for them and one line on what each assumes
    (their disagreement is reported, never resolved).
    """

    key: str
    label: str
    short: str
    yes: str
    model: str
    yes_outcomes: tuple[str, ...]
    answers: dict[str, str]
    mechanism: str
    detail: Callable[[ModelResult], str] | None = None
    also: tuple[tuple[str, tuple[str, ...], str], ...] = ()


def _caps(r: ModelResult) -> str:
    caps = r.quantities.get("peaceful_caps")
    if r.outcome.key in ("cap_too_tight", "cap_too_loose", "commitment_failure") or not caps:
        return ""
    lo, hi = caps
    return f"{readable(lo)}-{readable(hi)}k"


def _war(r: ModelResult) -> str:
    pw = r.quantities.get("probability_of_war") or []
    if not pw:
        return ""
    top = max(Fraction(x) for x in pw)
    return f"war {readable(top, 'probability')}"


def _window(r: ModelResult) -> str:
    pw = r.quantities.get("war_probability")
    w = r.quantities.get("window")
    if pw is None or not Fraction(pw):
        return ""
    years = f" in years {w[0]}-{w[1]}" if w and w[0] != w[1] else (f" in year {w[0]}" if w else "")
    return f"war {readable(Fraction(pw), 'probability')}{years}"


def _survival(r: ModelResult) -> str:
    curve = r.quantities.get("survival_curve") or []
    if not curve:
        return ""
    return f"holds {len(curve)}y {readable(Fraction(curve[-1]), 'probability')}"


def _members(r: ModelResult) -> str:
    members = r.quantities.get("bloc_members") or []
    cap = r.quantities.get("bloc_capability")
    if not members:
        return ""
    size = f"{len(members)} member{'s' if len(members) != 1 else ''}"
    return f"{size}, {readable(Fraction(cap))}x Russia" if cap is not None else size


def _backing(r: ModelResult) -> str:
    comply, build = r.quantities.get("backing_after_comply"), r.quantities.get("backing_after_build")
    if comply is None or build is None:
        return ""
    return (f"US backs {readable(Fraction(comply), 'probability')} if Europe complies, "
            f"{readable(Fraction(build), 'probability')} if it builds")


def _design(r: ModelResult) -> str:
    design, war = r.quantities.get("design"), r.quantities.get("war_probability")
    if design is None:
        return ""
    return f"{design}, war {readable(Fraction(war), 'probability')}" if war else str(design)


def _bloc(r: ModelResult) -> str:
    bp = r.quantities.get("bloc_probability") or []
    return f"forms {readable(Fraction(bp[0]), 'probability')} (assumed)" if bp else ""


#: The brief's questions, in column order.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "deters", "Is Russia deterred from making a demand?", "deterred", "Russia is deterred",
        "deterrence", ("deterrence",),
        {"deterrence": "yes", "coercion": "coerces", "war_risk": "war risk", "multiple": "unclear"},
        "Russia weighs the gain of a demand against the expected cost of a war it may lose and that may turn "
        "nuclear, not knowing whether Europe will resist and with US backing a chance event inside the war "
        "(Zagare & Kilgour 2000).",
        also=(("escalation", ("deterrence",), "complete information, and Russia can present a fait accompli "
               "that leaves Europe the last clear chance"),
              ("extended_deterrence", ("deterrence",), "France and the UK guard an exposed ally and may back out "
               "after pledging"),
              ("guarantee", ("deterrence",), "a frontline ally guarded by French/UK nuclear forces, Russia able to "
               "present a fait accompli or stage a nuclear demonstration, and the US joining only a nuclear "
               "exchange, by chance"))),
    Question(
        "ultimatum", "Does Russia issue a nuclear ultimatum, and does Europe comply?", "ultimatum",
        "Russia issues a nuclear ultimatum and Europe complies", "ultimatum", ("ultimatum",),
        {"no_ultimatum": "none", "ineffective": "none", "ultimatum": "complied"},
        "Russia threatens a risk of limited nuclear use; it pays when Europe's expected loss from a strike, "
        "given whether France/UK and the US would answer, exceeds the demand (Schelling 1960; Powell 2015).",
    ),
    Question(
        "settlement", "Is a ceasefire settlement acceptable to both sides feasible, and at which caps?",
        "settlement", "A ceasefire settlement both sides can accept exists", "ceasefire",
        ("settlement", "fragile_settlement", "unverifiable"),
        {"settlement": "yes", "fragile_settlement": "fragile", "unverifiable": "unverif.",
         "cap_too_tight": "no: cap tight", "cap_too_loose": "no: too loose", "commitment_failure": "no"},
        "A cap on Ukraine's army shifts tomorrow's balance of power; a deal exists when neither side's value of "
        "fighting now exceeds what the other can credibly give it (Powell 2006).",
        detail=_caps,
    ),
    Question(
        "bloc", "Does Europe build its own defence bloc?", "bloc", "Europe builds its defence bloc",
        "shaping", ("autonomy", "contested"),
        {"autonomy": "yes", "contested": "contested", "coerced": "coerced", "dependence": "no"},
        "Washington and Moscow may both push terms against a European bloc; blocking is a public good between "
        "them, and a credible US coercion threat can stop Europe (Olson & Zeckhauser 1966; Drezner 1999).",
        detail=_bloc,
        also=(("coalition", ("unanimity_blocked", "unanimity_stronger", "willing_stronger"),
               "European states join one at a time, each weighing its own exposure against its cost, under "
               "open membership or EU unanimity, with US pressure only as a tariff threat"),),
    ),
    Question(
        "war", "Can deterrence fail into war?", "war risk", "Deterrence can fail into war", "deterrence",
        ("war_risk",),
        {"deterrence": "no", "coercion": "no", "war_risk": "yes", "multiple": "unclear"},
        "War happens in equilibrium only when Europe, unsure of Russia's resolve, resists a demand a "
        "determined Russia then fights for (Fearon 1995); the cell gives the war probability on the path.",
        detail=_war,
    ),
    Question(
        "frontline", "Does the French/UK nuclear guarantee protect a frontline ally (Paris for Tallinn)?",
        "frontline", "The French/UK guarantee deters Russia from pressing a frontline ally", "guarantee",
        ("deterrence",),
        {"deterrence": "holds", "fait_accompli": "fait acc.", "nuclear_coercion": "coerced",
         "limited_nuclear_war": "nuc. war", "strategic_war": "strat. war"},
        "Russia weighs a fait accompli or a nuclear demonstration against a limited French/UK answer, which is "
        "credible only when the guarantor's stake and tied hands outweigh the risk of Russian "
        "counter-retaliation, with the US joining a nuclear exchange by chance (Schelling 1966; Powell 1990).",
    ),
    Question(
        "window", "Does a window of vulnerability open while US commitment falls and Europe rearms?",
        "window", "A window of vulnerability opens: Russia may strike during the transition", "transition",
        ("window", "immediate_war"),
        {"no_window": "no", "window": "yes", "immediate_war": "war now"},
        "Each year Russia compares war now with its value of waiting while US backing declines and European "
        "capability arrives with a lag; a large, rapid shift against it makes striking first pay (Powell 2006), "
        "unless it cannot see the investment coming (Debs & Monteiro 2014).",
        detail=_window,
    ),
    Question(
        "ukraine", "Does Europe's commitment to Ukraine keep the peace, and which design risks least war?",
        "Ukraine", "Europe's chosen commitment to Ukraine keeps the peace", "inclusion",
        ("peace_commitment", "peace_alone"),
        {"peace_commitment": "peace", "peace_alone": "peace, none", "entrapment_war": "entrapped",
         "renewed_war": "war", "preventive_strike": "pre-empted"},
        "A commitment raises what renewed war costs Russia but may embolden Ukraine (entrapment) and, while a "
        "treaty is not yet in force, invite a preventive strike; conditional guarantees restrain where "
        "membership emboldens (Benson 2012; Fang, Johnson & Leeds 2014; Powell 2006).",
        detail=_design,
    ),
    Question(
        "durable", "Does a ceasefire last ten years without renewed war?", "lasts",
        "A ceasefire lasts: no renewed war over ten years is likely", "durability", ("durable_peace",),
        {"durable_peace": "yes", "fragile_peace": "fragile", "rearmament_race": "arms race", "renewed_war": "war"},
        "Each side keeps its cap while the gain from rearming is smaller than the discounted cost of the "
        "punishment a detected violation starts; noisy monitoring also starts crises by false alarm, and a "
        "crisis turns into war when the guarantor proves uncommitted (Green & Porter 1984; Fortna 2003).",
        detail=_survival,
    ),
    Question(
        "coalition", "Which European coalition forms, and does EU unanimity stop it?", "coalition",
        "A European defence coalition forms", "coalition",
        ("unanimity_blocked", "unanimity_stronger", "willing_stronger"),
        {"unanimity_blocked": "willing", "unanimity_stronger": "EU", "willing_stronger": "willing",
         "no_coalition": "none"},
        "A state stays in while its exposure-weighted share of the common defence outweighs its cost and no "
        "outsider gains by joining; under unanimity any state that would lose vetoes the EU-wide effort "
        "(d'Aspremont et al. 1983; Barrett 1994; Sandler & Hartley 2001).",
        detail=_members,
    ),
    Question(
        "compliance", "Does complying with US demands buy US protection?", "comply",
        "Complying with US demands buys US protection", "coercion", ("bought_protection",),
        {"bought_protection": "yes", "counter_coercion": "counters", "autonomy": "builds",
         "deal_over_europe": "US deals", "russia_probes": "probed"},
        "Europe, unsure whether the US is committed or transactional, weighs the price of its demands against "
        "the backing compliance buys and what autonomy would cost; Russia probes where backing is in doubt "
        "(Morrow 1991; Drezner 1999; Farrell & Newman 2019).",
        detail=_backing,
    ),
)

#: Pairs of columns whose "yes" answers look at odds when both hold at a scenario, with why
#: both hold (read from the two models' mechanisms), and the world variable whose value at those
#: scenarios the text quotes: (first question, second question, why, world variable).
TOGETHER: tuple[tuple[str, str, str, str], ...] = (
    ("deters", "ultimatum",
     "Both hold: the first weighs a demand backed by a war Russia may lose, the second a demand backed "
     "only by a risk of a limited nuclear strike that Russia controls and pays for only if Europe defies "
     "it; where the US nuclear umbrella is weak, Europe's expected loss from that strike exceeds the "
     "demand, so it complies. Deterring a war is not deterring nuclear coercion.", "us_umbrella"),
    ("deters", "window",
     "Both hold: the first is about a demand today, at today's balance; the second about the coming years, "
     "as US backing declines faster than European capability arrives, when striking before the balance shifts "
     "can pay (Powell 2006). Deterrence today is no guarantee through the transition.", "us_backing"),
)

#: The situation's questions no model of the suite answers yet (from the suite's review).
NOT_COVERED: tuple[str, ...] = (
    "Deterrence by denial against a limited fait accompli on the eastern flank without US enablers, with "
    "force-on-force detail (the guarantee model has the fait accompli, not the campaign).",
    "Ukraine's army as a choice on a continuum and signalling before a Russian early strike (the inclusion "
    "model has two army levels and resolve drawn when each side moves).",
    "How the models feed each other beyond one pass at each scenario's nominal point (`gametheory links`, "
    "`brief --linked`): the links are not sampled over the scenarios' ranges, and spending becomes "
    "capability without the transition model's lag.",
    "Signalling across the suite: private resolve is a chance type in most models, learned only in the "
    "deterrence and coercion models.",
    "Nuclear posture options beyond forward basing (Franco-British coordination, aircraft).",
)


def _answer(q: Question, r: ModelResult, prob: Fraction, draws: int) -> str:
    base = q.answers.get(r.outcome.key, r.outcome.key)
    detail = q.detail(r) if q.detail is not None else ""
    # the percentage is how often the cell's own answer holds over the ranges
    shown = prob if r.outcome.key in q.yes_outcomes else 1 - prob
    text = f"{base} {readable(shown, 'probability')}" if draws else f"{base}*"
    if q.key in ("settlement", "ukraine") and detail:
        text += f", {detail}"
    return text


def _flip_words(model: Model, f: Any) -> str:
    var = world_mod.WORLD.variable(f.parameter)
    role = {"lever": "lever", "uncertainty": "key uncertainty"}.get(var.role, var.role)
    if var.kind == "flag":
        change = f"{var.label} were {'yes' if f.value else 'no'}"
    else:
        verb = "falls below" if f.direction == "down" else "rises above"
        unit = f" {var.unit}" if var.unit and var.unit not in ("probability", "share") else ""
        change = f"{var.label} ({var.name}) {verb} {readable(f.value, var.unit)}{unit}"
    return f"[{role}] if {change}: {model.outcome(f.to).headline}"


def _group_text(q: Question, probs: dict[str, Fraction], points: set[str],
                disagree: Sequence[str] = (), dissenters: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """One bottom-line bullet: the scenarios grouped by yardstick word, most likely first.

    A word holding in most of many scenarios is said as a count ("in 9 of 11 scenarios") and
    the rest are named; scenarios resting on one point carry ``*``; scenarios where another
    model answers the question differently are named at the end.
    """
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for name, p in sorted(probs.items(), key=lambda kv: -kv[1]):
        w = probability_word(p).word
        if w not in groups:
            groups[w] = []
            order.append(w)
        groups[w].append(name)
    total = len(probs)

    def names(ns: list[str]) -> str:
        return ", ".join(n + ("*" if n in points else "") for n in ns)

    parts = []
    for w in order:
        ns = groups[w]
        if total >= 5 and len(ns) * 2 > total:
            parts.append(f"{w} in {len(ns)} of {total} scenarios")
        else:
            parts.append(f"{w} in {names(ns)}")
    text = f"{q.yes} ({q.model} model): " + "; ".join(parts) + "."
    if disagree:
        who = (f"the {' and '.join(dissenters)} model{'s' if len(dissenters) > 1 else ''}" if dissenters
               else "another model")
        verb = "disagree" if len(dissenters) > 1 else "disagrees"
        text += f" But {who} {verb} in {names(list(disagree))} (see the question below)."
    top = tuple(groups[order[0]])
    return text, top


def _nominal(m: Model, s: Scenario, point: dict[str, Fraction],
             solved: dict[tuple[Model, tuple[tuple[str, Fraction], ...]], ModelResult]) -> ModelResult:
    """``m`` solved at scenario ``s``'s nominal world ``point``, once per distinct parameter values.

    Scenarios that differ only in world variables a model does not read (or that its links map
    to the same values) give it the same exact values, hence the same analysis; the brief reads
    only the analysis (outcome, quantities, the model's assumptions), so the first solve at those
    values is reused (its ``scenario`` and ``world`` fields name the first scenario solved).
    """
    ident = (m, tuple(sorted(m.values({**m.from_world(point), **s.model_settings(m)}).items())))
    hit = solved.get(ident)
    if hit is None:
        hit = solved[ident] = m.solve(s.model_settings(m), flips=False, world=point, scenario=s)
    return hit


def build_brief(
    scenarios: Sequence[str | Scenario] | None = None,
    *,
    extra_models: Sequence[str | Model] = (),
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    flips: bool = True,
    charts: bool = True,
    linked: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Brief:
    """The decision brief over ``scenarios`` (default: every built-in one, in listing order).

    ``extra_models`` (names or models) add one column each (their most frequent outcome);
    ``draws`` draws per scenario and model sample each scenario's ranges (``seed``
    fixes them); ``flips`` adds what would change each answer (world variables, levers and
    key uncertainties); ``charts`` adds the suite's charts when they are available;
    ``linked`` adds the answers that change when the models feed each other at each scenario's
    nominal point (:func:`gametheory.models.links.linked_outcomes`: the bloc's capability and
    the US backing it buys, the agreed ceasefire cap), with the link that mattered.
    """
    from gametheory.modeling.flips import world_flips
    from gametheory.sensitivity.scenarios import scenario_montecarlo

    t_start = time.process_time()
    timings = {"solves": 0.0, "monte_carlo": 0.0, "flips": 0.0, "charts": 0.0}
    refs = list(scenarios) if scenarios else world_mod.scenario_order()
    loaded = [s if isinstance(s, Scenario) else world_mod.load(s) for s in refs]
    if len({s.name for s in loaded}) != len(loaded):
        from gametheory.errors import GameError

        raise GameError("a scenario is named twice")
    W = world_mod.WORLD
    extras = [m if isinstance(m, Model) else get_model(m) for m in extra_models]
    questions: list[Question] = list(QUESTIONS)
    for m in extras:
        questions.append(Question(m.name, m.question or m.title, m.name[:18], m.title, m.name, (),
                                  {o.key: o.key for o in m.outcomes}, ""))
    models = {q.model: get_model(q.model) for q in QUESTIONS}
    for m in extras:
        models[m.name] = m
    suite_models = {q.model for q in QUESTIONS} - {m.name for m in extras}  # fresh suite instances
    total = len(loaded) * len(models)
    done = 0
    nominal: dict[tuple[str, str], ModelResult] = {}
    freqs: dict[tuple[str, str], Any] = {}
    # outcome keys by exact parameter values, per model: scenarios that differ only in variables
    # a model does not read draw the same values (the same seed), which are then solved once
    memos: dict[str, dict[tuple[tuple[str, Fraction], ...], str]] = {name: {} for name in models}
    solved: dict[tuple[Model, tuple[tuple[str, Fraction], ...]], ModelResult] = {}
    for s in loaded:
        point = s.point(W)
        for name, m in models.items():
            t = time.process_time()
            nominal[(name, s.name)] = _nominal(m, s, point, solved)
            timings["solves"] += time.process_time() - t
            reads = set(m.world_variables())
            if draws and any(k in reads for k in s.ranges):
                t = time.process_time()
                freqs[(name, s.name)] = scenario_montecarlo(m, s, W, draws=draws, seed=seed, memo=memos[name])
                timings["monte_carlo"] += time.process_time() - t
            done += 1
            if progress is not None:
                progress(done, total)
    # also-models (disagreement), nominal only
    also_out: dict[tuple[str, str], str] = {}
    t = time.process_time()
    for q in questions:
        for name, _, _ in q.also:
            am = get_model(name)
            for s in loaded:
                if name in suite_models and (name, s.name) in nominal:  # solved above: same model, settings, world
                    also_out[(name, s.name)] = nominal[(name, s.name)].outcome.key
                elif (name, s.name) not in also_out:
                    also_out[(name, s.name)] = _nominal(am, s, s.point(W), solved).outcome.key
    timings["solves"] += time.process_time() - t

    linked_lines: list[str] = []
    if linked:
        from gametheory.models.links import linked_outcomes

        t = time.process_time()
        qmodels = list(dict.fromkeys(q.model for q in questions if q.yes_outcomes))
        for s in loaded:
            feeds = linked_outcomes(s, qmodels)
            for q in questions:
                if not q.yes_outcomes:
                    continue
                row = feeds.row(q.model)
                if row.changed and (row.own in q.yes_outcomes) != (row.linked in q.yes_outcomes):
                    moved = "; ".join(f"{k} {readable(a)} -> {readable(b)}" for k, (a, b) in feeds.world.changed.items())
                    linked_lines.append(
                        f"{s.name}: {q.short}: {q.answers.get(row.own, row.own)} -> "
                        f"{q.answers.get(row.linked, row.linked)} ({' and '.join(row.mattered)} link; {moved})")
        if not linked_lines:
            linked_lines.append("no answer of the table changes at the scenarios' nominal points when the models "
                                "feed each other")
        timings["linked"] = time.process_time() - t

    cells: list[BriefCell] = []
    probs: dict[str, dict[str, Fraction]] = {q.key: {} for q in questions}
    points: dict[str, set[str]] = {q.key: set() for q in questions}
    for s in loaded:
        for q in questions:
            r = nominal[(q.model, s.name)]
            fr = freqs.get((q.model, s.name))
            yes = q.yes_outcomes or (r.outcome.key,)
            if fr is not None:
                n = sum(fr.counts.get(k, 0) for k in yes)
                prob = Fraction(n, fr.draws)
                from gametheory.sensitivity.montecarlo import wilson

                lo, hi = wilson(n, fr.draws)
                interval: tuple[float, float] | None = (float(lo), float(hi))
                nd, varied = fr.draws, tuple(fr.varied)
            else:
                prob = Fraction(1) if r.outcome.key in yes else Fraction(0)
                interval, nd, varied = None, 0, ()
                points[q.key].add(s.name)
            probs[q.key][s.name] = prob
            ans = _answer(q, r, prob, nd) if q.yes_outcomes else \
                f"{r.outcome.key} {readable(prob, 'probability')}" if nd else f"{r.outcome.key}*"
            cells.append(BriefCell(
                question=q.key, scenario=s.name, model=q.model, outcome=r.outcome.key, headline=r.outcome.headline,
                answer=ans, probability=prob, word=probability_word(prob).word, interval=interval, draws=nd,
                varied=varied, detail=q.detail(r) if q.detail is not None else "",
                illustrative=r.illustrative or s.illustrative))

    # what would change each view: world flips at a reference scenario (levers, key uncertainties)
    ref = next((s for s in loaded if s.name == "us-uncertain"), loaded[0])
    changes: dict[str, tuple[str, ...]] = {}
    if flips:
        t = time.process_time()
        for name, m in models.items():
            names = [v for v in m.world_variables() if W.variable(v).role in ("lever", "uncertainty")]
            r = nominal[(name, ref.name)]
            fl = world_flips(m, W, ref.point(W), r.outcome.key, overrides=ref.model_settings(m), names=names)
            changes[name] = tuple(_flip_words(m, f) for f in fl[:4])
        timings["flips"] += time.process_time() - t

    # structural disagreement (nominal points)
    disagreements: dict[str, str] = {}
    disagree_in: dict[str, list[str]] = {}
    dissent: dict[str, list[str]] = {}
    for q in questions:
        if not q.also:
            continue
        parts = []
        dissenters: list[str] = []
        for s in loaded:
            mine = nominal[(q.model, s.name)].outcome.key in q.yes_outcomes
            other = [name for name, yes, _ in q.also if (also_out[(name, s.name)] in yes) != mine]
            if other:
                disagree_in.setdefault(q.key, []).append(s.name)
                dissenters += [o for o in other if o not in dissenters]
                dissent[q.key] = dissenters
                parts.append(f"{s.name} ({q.model}: {'yes' if mine else 'no'}; "
                             f"{', '.join(other)}: {'no' if mine else 'yes'})")
        if parts:
            why = "; ".join(f"{name} assumes {note}" for name, _, note in q.also if name in dissenters)
            disagreements[q.key] = (f"at the nominal point of {', '.join(parts)}. The models differ in structure, "
                                    f"not in data: {why}. Which structure fits is a judgment (structural "
                                    f"uncertainty), not something the data here settle.")

    # columns that look at odds at a scenario's nominal point, and why both answers hold
    together: dict[str, str] = {}
    for first, second, why, shown in TOGETHER:
        qa, qb = (next((q for q in questions if q.key == k), None) for k in (first, second))
        if qa is None or qb is None:
            continue
        both = [s.name for s in loaded if nominal[(qa.model, s.name)].outcome.key in qa.yes_outcomes
                and nominal[(qb.model, s.name)].outcome.key in qb.yes_outcomes]
        if both:
            var = W.variable(shown)
            at = "; ".join(f"{n} {readable(next(s for s in loaded if s.name == n).point(W)[shown], var.parameter.unit)}"
                           for n in both)
            together[second] = (f"in {', '.join(both)}: {qa.yes} ({qa.model}), and {qb.yes} ({qb.model}). {why} "
                                f"({var.label}: {at}.)")

    # bottom line: the three questions whose answer moves most across the scenarios
    def spread(q: Question) -> Fraction:
        v = list(probs[q.key].values())
        return max(v) - min(v)

    main = [q for q in questions if q.yes_outcomes]
    ranked = sorted(main, key=lambda q: (-spread(q), main.index(q)))[:3]
    ranked.sort(key=lambda q: main.index(q))
    bullets = []
    for q in ranked:
        text, top = _group_text(q, probs[q.key], points[q.key], disagree_in.get(q.key, ()),
                                dissent.get(q.key, ()))
        bullets.append(BriefBullet(question=q.key, text=text, scenarios=top))

    chart_data: list[dict[str, str]] = []
    if charts:
        t = time.process_time()
        from gametheory.models.charts import brief_charts

        for ch in brief_charts(loaded, W):
            chart_data.append({"title": str(ch.title), "caption": str(ch.caption), "svg": ch.to_svg(),
                               "text": ch.to_text()})
        timings["charts"] += time.process_time() - t

    sources: list[str] = []
    for name in models:
        for ref_text in getattr(models[name], "references", ()):
            if ref_text not in sources:
                sources.append(str(ref_text))
    for s in loaded:
        for src in s.sources:
            entry = f"scenario {s.name}: {src}"
            if entry not in sources:
                sources.append(entry)
    sources.append(YARDSTICK_SOURCE)

    bq = tuple(BriefQuestion(
        key=q.key, label=q.label, short=q.short, yes=q.yes, model=q.model, yes_outcomes=q.yes_outcomes,
        mechanism=q.mechanism, changes=changes.get(q.model, ()), changes_at=ref.name if flips else "",
        disagreement=disagreements.get(q.key, ""), extra=not q.yes_outcomes, together=together.get(q.key, ""))
        for q in questions)
    scen = tuple({"name": s.name, "title": s.title, "illustrative": s.illustrative,
                  "ranges": {k: str(v) for k, v in s.ranges.items()}} for s in loaded)
    timings["total"] = time.process_time() - t_start
    return Brief(
        method="each cited model solved exactly at each scenario's nominal world state; frequencies over the "
               "scenarios' ranges (scenario_montecarlo, each draw by the model's outcome_key); changes by world_flips",
        arithmetic="exact", elapsed=timings["total"],
        parameters={"draws": draws, "seed": seed, "scenarios": [s.name for s in loaded]},
        title="Decision brief: Europe, Russia and the US across scenarios",
        scenarios=scen, questions=bq, cells=tuple(cells), bullets=tuple(bullets), not_covered=NOT_COVERED,
        linked=tuple(linked_lines),
        sources=tuple(sources), draws=draws, seed=seed, charts=tuple(chart_data),
        timings={k: round(v, 3) for k, v in timings.items()},
    )
