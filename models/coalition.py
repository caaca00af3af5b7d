r"""Forming the coalition: who joins a European defence coalition, under which rule.

A membership (cartel) stability game in two stages (d'Aspremont, Jacquemin, Gabszewicz &
Weymark 1983; Barrett 1994). Eight European players, some merged: **Poland/Baltics** (the
frontline), **Germany**, **France**, the **UK**, **Italy/South** (Italy, Spain, Portugal,
Greece), the **Nordics** (Sweden, Finland, Denmark, Norway), **Hungary** (a possible
spoiler) and **Ukraine**.

**Contributions** (stage 2; joint products, Sandler & Hartley 2001). Player ``i`` adds
``q_i`` bn USD a year to defence. Every billion any European spends deters for all; it is
worth ``v e_i`` to ``i``, where ``e_i`` is ``i``'s exposure (proximity to and threat from
Russia) and ``v = 1 - s b_US`` discounts European defence by the chance ``b_US`` that the US
fights anyway (``s`` the share of its value the US would then replace). Part of the spending
is a private good as well: each own billion also brings ``i`` ``rho`` (its own territory,
industry, jobs). Spending ``q_i`` costs ``q_i^2 / (2 g Y_i)`` (``Y_i`` GDP; the marginal
billion costs one billion when ``q_i`` reaches the share ``g`` of GDP). So

    pi_i = v e_i Q + rho q_i - q_i^2 / (2 g Y_i) - tariff_i,     Q = q_1 + ... + q_n.

A coalition ``S`` of two or more chooses its members' spending to maximise their summed
payoff; the others choose alone. With linear benefits both choices are dominant: a member
spends ``g Y_i (v A_S + rho)`` with ``A_S`` the members' summed exposure, an outsider
``g Y_i (v e_i + rho)``. The US threatens tariffs worth ``T`` % of GDP, the share ``m``
aimed at members (a US that fights a European bloc: "buy European" procurement) and
``1 - m`` at outsiders (a US that punishes laggards, as the 2025 threat against Spain).

**Membership** (stage 1). Under the **coalition of the willing** anyone may join or leave.
``S`` is *stable* when it is *internally stable* (no member gains by leaving:
``pi_i(S) >= pi_i(S - i)``) and *externally stable* (no outsider gains by joining, and an
outsider indifferent about joining joins: ``pi_j(S) > pi_j(S + j)``), the two conditions of
d'Aspremont et al. (1983). These are the pure Nash equilibria of the announcement game
(each player says in or out; the engine's :func:`~gametheory.normal.solvers.pure.pure_solve`
finds them on the :class:`~gametheory.NormalFormGame` :meth:`Coalition.build` returns) in
which every outsider strictly prefers to stay out; a "coalition" of one is no coalition.
Under **EU unanimity** the coalition is the EU's members among the players and forms only
if each of them is at least as well off as with no coalition: a single veto blocks it (the
coalition then collapses, as in Hart & Kurz's 1983 gamma rule). The UK and Ukraine are not
EU members: they can join only the coalition of the willing, the UK if ``uk = 1``,
Ukraine if ``ukraine = 1`` (otherwise they spend alone).

Outcomes compare the two rules: ``unanimity_blocked`` (a veto blocks the EU coalition; the
willing form one), ``unanimity_stronger`` (the EU coalition forms and pools more than any
stable coalition of the willing), ``willing_stronger`` (both form; the willing pool at
least as much), ``no_coalition``. Of several stable coalitions of the willing, the one that
pools the most is reported (all are listed). The bloc's pooled spending is reported as
capability (``bloc_capability``, multiples of Russia's combat power) for the link from the
bloc's formation to US backing.

>>> from gametheory.models import get_model
>>> r = get_model("coalition").solve(flips=False)
>>> r.outcome.key, r.quantities["willing_members"]
('unanimity_blocked', ['Poland/Baltics', 'Nordics'])
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling.outcomes import Flip
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink, link
from gametheory.models._flipscan import fast_flips
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.pure import pure_solve
from gametheory.symbolic import Parameter

#: The players: (name, code, EU member).
STATES: tuple[tuple[str, str, bool], ...] = (
    ("Poland/Baltics", "FL", True),
    ("Germany", "DE", True),
    ("France", "FR", True),
    ("UK", "UK", False),
    ("Italy/South", "IS", True),
    ("Nordics", "NO", True),
    ("Hungary", "HU", True),
    ("Ukraine", "UA", False),
)
NAMES = tuple(s[0] for s in STATES)
CODES = tuple(s[1] for s in STATES)
EU = tuple(s[2] for s in STATES)

_ILL = "illustrative assumption"
_WEO = ("IMF World Economic Outlook (October 2024), GDP at current prices, 2024, rounded; check the current "
        "release")
_EXPOSURE = (_ILL + ": exposure by proximity to and threat from Russia (border with Russia or Belarus, "
             "threat perception in national strategies); frontline 1, hinterland lower")

#: GDP (bn USD) and exposure defaults, with the GDP note for each player.
_GDP = {
    "FL": (1100, "Poland (about 910) and the three Baltic states (about 170)"),
    "DE": (4700, "Germany"),
    "FR": (3200, "France"),
    "UK": (3600, "the United Kingdom"),
    "IS": (4700, "Italy (about 2,380), Spain (1,730), Portugal (310) and Greece (250)"),
    "NO": (1800, "Sweden (about 600), Denmark (410), Finland (300) and Norway (490)"),
    "HU": (220, "Hungary"),
    "UA": (190, "Ukraine"),
}
_EXP: dict[str, tuple[Any, str]] = {
    "FL": (1, "borders Russia/Belarus; NATO's most exposed flank"),
    "DE": ("1/2", "hinterland of the flank, hosts the logistics hub"),
    "FR": ("1/2", "distant, but the leading advocate of European strategic autonomy (Macron, 2017-2025)"),
    "UK": ("1/3", "distant, but a leading NATO contributor in the Baltic (Estonia)"),
    "IS": ("1/6", "distant; threat perceptions look south"),
    "NO": (1, "Finland and Norway border Russia, Sweden and Denmark hold the Baltic approaches: as exposed as "
           "the frontline"),
    "HU": ("0", "a government that opposes aid to Ukraine and counts on Russia's goodwill"),
    "UA": (2, "at war with Russia"),
}

PARAMETERS = (
    *(Parameter(f"Y_{c}", f"GDP of {n}", _GDP[c][0], 0, 40000, lower_open=True,
                unit="bn USD", source=f"{_WEO}: {_GDP[c][1]}") for n, c in zip(NAMES, CODES)),
    *(Parameter(f"e_{c}", f"exposure of {n}: what one bn USD of European defence spending is worth to it, "
                "with the US out", _EXP[c][0], 0, 10, unit="bn USD per bn USD",
                source=f"{_EXPOSURE} ({_EXP[c][1]})") for n, c in zip(NAMES, CODES)),
    Parameter("rho", "private (country-specific) benefit of one's own spending: own territory, industry, jobs "
              "(the joint product)", "1/2", 0, 10, unit="bn USD per bn USD",
              source=_ILL + "; joint products: Sandler & Hartley (2001), section IV; Sandler & Murdoch (1990) "
                     "find large private shares in NATO spending"),
    Parameter("g", "share of GDP at which the marginal bn of extra defence spending costs one bn (the curvature "
              "of the cost of spending)", "1/100", 0, "1/10", lower_open=True, unit="share of GDP",
              source=_ILL + "; with it a frontline outsider adds about 1.5% of GDP, close to the rise of "
                     "Poland and the Baltics from 2014 to 2024 (SIPRI Military Expenditure Database, 2025)"),
    Parameter("b_US", "probability that the US fights beside Europe", "1/2", 0, 1, unit="probability",
              source=_ILL + " (world: us_backing)"),
    Parameter("s_US", "share of European defence's value the US would replace when it fights", "1/2", 0, 1,
              unit="share", source=_ILL),
    Parameter("T", "US tariff threat: cost imposed on a target, in % of its GDP", "1/4", 0, 5,
              unit="% of GDP", source=_ILL + " (world: us_coercion, one stake unit = 0.5% of GDP); scale: a 10% "
                     "US tariff on about 3% of GDP in exports to the US"),
    Parameter("m", "share of the tariff threat aimed at coalition members (0: at outsiders, the laggards; 1: at "
              "members, a European bloc)", "0", 0, 1, unit="share",
              source=_ILL + "; the 2025 US threat of tariffs on Spain for refusing NATO's 5% pledge aims at "
                     "laggards (0); a US hostile to 'buy European' procurement would aim at members (1)"),
    Parameter("uk", "the UK may join the coalition of the willing (1) or stays out (0)", 1, 0, 1,
              unit="yes (1) / no (0)", source="policy option (the UK-led coalition of the willing, March 2025)"),
    Parameter("ukraine", "Ukraine may join the coalition of the willing (1) or stays out (0)", 0, 0, 1,
              unit="yes (1) / no (0)", source="policy option (world: ukraine_in_alliance)"),
    Parameter("E", "European conventional combat power today, as a multiple of Russia's", 1, 0, 10,
              unit="x Russia's power", source=_ILL + " (world: europe_capability)"),
    Parameter("S_0", "European defence spending today (the base the extra spending adds to)", 480, 0, 5000,
              lower_open=True, unit="bn USD",
              source="SIPRI Military Expenditure Database (2025 release): NATO 1,506 bn USD in 2024 minus the US "
                     "(997) and Canada (about 29), rounded"),
)

WORLD_LINKS: tuple[WorldLink, ...] = (
    link("b_US", "us_backing", "the more likely the US fights, the less European defence is worth"),
    WorldLink("T", ("us_coercion",), lambda w: w["us_coercion"] / 2,
              "US coercion of allies as a tariff threat: one stake unit of coercion is 0.5% of GDP (illustrative)"),
    link("ukraine", "ukraine_in_alliance", "Ukraine in the alliance: it may join the coalition of the willing"),
    link("E", "europe_capability", "Europe's combat power today, which pooled spending raises"),
)

OUTCOMES = (
    Outcome("unanimity_blocked", "A veto blocks the EU; a coalition of the willing forms",
            "Under EU unanimity a member that would lose from the common effort vetoes it, so nothing forms; "
            "without the veto, a smaller coalition of the willing is self-enforcing: no member gains by leaving "
            "and no outsider by joining."),
    Outcome("unanimity_stronger", "The EU coalition forms and pools more than the willing",
            "Every EU member gains from the common effort, so no one vetoes it; it pools more than any "
            "self-enforcing coalition of the willing, which free riding keeps small: the threat that the whole "
            "effort collapses if one leaves holds the large coalition together."),
    Outcome("willing_stronger", "Both rules form a coalition; the willing pool at least as much",
            "The EU coalition forms, but a coalition of the willing, open to the UK and (if eligible) Ukraine, "
            "pools at least as much and holds together without anyone's veto."),
    Outcome("no_coalition", "No coalition forms under either rule",
            "Under unanimity a member vetoes the common effort, and no coalition of the willing is "
            "self-enforcing: every state spends alone, for its own exposure only."),
)


# --------------------------------------------------------------------------- the game
@dataclass(frozen=True)
class Setup:
    """The model's numbers per player (exact, or floats for the flip scan)."""

    cap: tuple[Any, ...]       # g Y_i: the spending a marginal benefit of one buys
    exp: tuple[Any, ...]       # v e_i: the public benefit per bn, US backing netted out
    gdp: tuple[Any, ...]
    eligible: tuple[int, ...]  # players who may join the coalition of the willing
    eu: tuple[int, ...]        # EU members (the coalition under unanimity)
    rho: Any
    tariff: Any                # T / 100: share of GDP
    m: Any


def _exact(x: Any) -> Any:
    """A Fraction as a python-flint rational (fast exact arithmetic); floats stay floats."""
    if isinstance(x, Fraction):
        from flint import fmpq

        return fmpq(x.numerator, x.denominator)
    return x


def fraction(x: Any) -> Any:
    """A python-flint rational back as a Fraction (other values unchanged)."""
    if hasattr(x, "p") and hasattr(x, "q"):
        return Fraction(int(x.p), int(x.q))
    return x


def setup(values: Mapping[str, Any], *, uk: bool | None = None, ukraine: bool | None = None) -> Setup:
    """The players' numbers at ``values`` (Fractions become python-flint rationals);
    ``uk``/``ukraine`` override who may join."""
    w = {k: _exact(x) for k, x in values.items()}
    v = 1 - w["s_US"] * w["b_US"]
    with_uk = 2 * w["uk"] >= 1 if uk is None else uk
    with_ua = 2 * w["ukraine"] >= 1 if ukraine is None else ukraine
    eligible = tuple(i for i, c in enumerate(CODES)
                     if (c != "UK" or with_uk) and (c != "UA" or with_ua))
    return Setup(
        cap=tuple(w["g"] * w[f"Y_{c}"] for c in CODES),
        exp=tuple(v * w[f"e_{c}"] for c in CODES),
        gdp=tuple(w[f"Y_{c}"] for c in CODES),
        eligible=eligible,
        eu=tuple(i for i, e in enumerate(EU) if e),
        rho=w["rho"],
        tariff=w["T"] / 100,
        m=w["m"],
    )


def spending(s: Setup, members: Sequence[int]) -> list[Any]:
    """Each player's extra spending (bn USD) when ``members`` form the coalition (fewer than two: none)."""
    inside = set(members) if len(members) >= 2 else set()
    a = sum((s.exp[i] for i in inside), 0 * s.rho)
    return [s.cap[i] * ((a if i in inside else s.exp[i]) + s.rho) for i in range(len(s.cap))]


def payoffs(s: Setup, members: Sequence[int]) -> list[Any]:
    """Every player's payoff (bn USD a year) when ``members`` form the coalition:
    ``v e_i Q + rho q_i - q_i^2/(2 g Y_i) - tariff``, where at the dominant spending
    ``rho q_i - q_i^2/(2 g Y_i) = g Y_i (rho^2 - a^2)/2`` with ``a = v A_S`` for a member and
    ``v e_i`` for an outsider."""
    inside = set(members) if len(members) >= 2 else set()
    a = sum((s.exp[i] for i in inside), 0 * s.rho)
    total = sum(spending(s, members), 0 * s.rho)
    rho2 = s.rho * s.rho
    out = []
    for i in range(len(s.cap)):
        if i in inside:
            own, hit = s.cap[i] * (rho2 - a * a) / 2, s.m
        else:
            own, hit = s.cap[i] * (rho2 - s.exp[i] * s.exp[i]) / 2, 1 - s.m
        out.append(s.exp[i] * total + own - s.tariff * s.gdp[i] * hit)
    return out


def _subsets(s: Setup) -> list[tuple[int, ...]]:
    return [tuple(c) for k in range(len(s.eligible) + 1) for c in itertools.combinations(s.eligible, k)]


def payoff_table(s: Setup) -> dict[frozenset[int], list[Any]]:
    """Payoffs for every set of eligible players (sets of fewer than two give the no-coalition
    payoffs), by the same formulas as :func:`payoffs` arranged for speed: with ``A``, ``G`` and
    ``GE`` the members' summed ``v e_i``, ``g Y_i`` and ``g Y_i v e_i``, total spending is
    ``Q_0 + A G - GE`` (``Q_0`` with no coalition)."""
    n = len(s.cap)
    rho2 = s.rho * s.rho
    none = payoffs(s, ())
    q0 = sum((s.cap[i] * (s.exp[i] + s.rho) for i in range(n)), 0 * s.rho)
    out_const = [none[i] - s.exp[i] * q0 for i in range(n)]
    in_const = [s.cap[i] * rho2 / 2 - s.tariff * s.gdp[i] * s.m for i in range(n)]
    table: dict[frozenset[int], list[Any]] = {}
    for c in _subsets(s):
        if len(c) < 2:
            table[frozenset(c)] = none
            continue
        a = sum((s.exp[i] for i in c), 0 * s.rho)
        g = sum((s.cap[i] for i in c), 0 * s.rho)
        ge = sum((s.cap[i] * s.exp[i] for i in c), 0 * s.rho)
        total = q0 + a * g - ge
        half = a * a / 2
        row = [s.exp[i] * total + out_const[i] for i in range(n)]
        for i in c:
            row[i] = s.exp[i] * total + in_const[i] - s.cap[i] * half
        table[frozenset(c)] = row
    return table


def is_stable(s: Setup, table: Mapping[frozenset[int], Sequence[Any]], members: frozenset[int]) -> bool:
    """Internal and external stability of ``members`` (two or more), d'Aspremont et al. (1983)."""
    here = table[members]
    if any(here[i] < table[members - {i}][i] for i in members):
        return False
    return all(here[j] > table[members | {j}][j] for j in s.eligible if j not in members)


def stable_coalitions(s: Setup, table: Mapping[frozenset[int], Sequence[Any]] | None = None
                      ) -> list[frozenset[int]]:
    """Every stable coalition of two or more eligible players (direct enumeration)."""
    table = table if table is not None else payoff_table(s)
    return sorted((c for c in table if len(c) >= 2 and is_stable(s, table, c)), key=sorted)


def announcement_game(s: Setup, table: Mapping[frozenset[int], Sequence[Any]] | None = None) -> NormalFormGame:
    """The open-membership game: each eligible player says ``out`` or ``in``; those who say
    ``in`` form the coalition (fewer than two: none) and stage 2 is played. Exact payoffs."""
    table = table if table is not None else payoff_table(s)
    elig = s.eligible
    n = len(elig)
    arr = np.empty((2,) * n + (n,), dtype=object)
    for cell in itertools.product((0, 1), repeat=n):
        row = table[frozenset(i for i, x in zip(elig, cell) if x)]
        arr[cell] = [fraction(row[i]) for i in elig]
    return NormalFormGame(arr, players=[NAMES[i] for i in elig], strategies=[("out", "in")] * n, exact=True,
                          title="announcement game: join the coalition or stay out")


def engine_stable_coalitions(s: Setup, game: NormalFormGame | None = None) -> list[frozenset[int]]:
    """Stable coalitions from the engine: the pure Nash equilibria of :func:`announcement_game`
    (:func:`~gametheory.normal.solvers.pure.pure_solve`, exact) with two or more members in which
    no outsider is indifferent about joining."""
    game = game if game is not None else announcement_game(s)
    pay = game.payoffs
    out = []
    for eq in pure_solve(game):
        cell = tuple(int(p[1] == 1) for p in eq.profile)
        members = frozenset(i for i, x in zip(s.eligible, cell) if x)
        if len(members) < 2:
            continue
        ties = False
        for k, x in enumerate(cell):
            if not x:
                joined = (*cell[:k], 1, *cell[k + 1:])
                ties = ties or pay[cell][k] == pay[joined][k]
        if not ties:
            out.append(members)
    return sorted(out, key=sorted)


def eu_coalition(s: Setup, table: Mapping[frozenset[int], Sequence[Any]] | None = None
                 ) -> tuple[frozenset[int], list[int], list[Any]]:
    """The coalition under unanimity (the EU members), the players who veto it (worse off than
    with no coalition) and each EU member's gain from it."""
    members = frozenset(s.eu)
    with_eu, none = payoffs(s, tuple(sorted(members))), payoffs(s, ())
    gains = [with_eu[i] - none[i] for i in s.eu]
    return members, [i for i, g in zip(s.eu, gains) if g < 0], gains


def best(coalitions: Sequence[frozenset[int]], s: Setup) -> frozenset[int] | None:
    """The stable coalition that pools the most (ties: more members, then the first listed)."""
    if not coalitions:
        return None
    return max(coalitions, key=lambda c: (sum(spending(s, tuple(sorted(c)))), len(c), [-i for i in sorted(c)]))


def _verdict(willing_total: Any, eu_forms: bool, eu_total: Any) -> str:
    if not eu_forms:
        return "unanimity_blocked" if willing_total is not None else "no_coalition"
    if willing_total is None or eu_total > willing_total:
        return "unanimity_stronger"
    return "willing_stronger"


def exact_key(values: Mapping[str, Fraction]) -> str:
    """The outcome by direct enumeration in exact arithmetic (python-flint rationals)."""
    s = setup(values)
    table = payoff_table(s)
    top = best(stable_coalitions(s, table), s)
    members, vetoes, _ = eu_coalition(s, table)
    wt = sum(spending(s, tuple(sorted(top)))) if top is not None else None
    return _verdict(wt, not vetoes, sum(spending(s, tuple(sorted(members)))))


#: Parameters in which every condition of :func:`conditions` is affine (its secant root is exact).
_AFFINE = ("T", "m", "g")


def conditions(values: Mapping[str, Fraction]) -> list[Fraction]:
    """The exact quantities whose signs decide the outcome, in a fixed order: for every set of
    eligible players and every eligible player, its payoff there minus its payoff with its own
    membership switched; and each EU member's gain from the EU coalition. The flip search uses
    them to report a flip exactly where one is zero (all are affine in ``T`` and in ``m``)."""
    s = setup(values)
    table = payoff_table(s)
    out = []
    for c, row in table.items():
        for i in s.eligible:
            out.append(fraction(row[i] - table[c ^ {i}][i]))
    _, _, gains = eu_coalition(s, table)
    out.extend(fraction(g) for g in gains)
    return out


# --------------------------------------------------------------------------- floats (flip scan)
@functools.lru_cache(maxsize=16)
def _layout(n: int, eligible: tuple[int, ...], eu: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Every set of eligible players as a row of a membership matrix, with, per player, the row
    of the same set with that player switched (in <-> out), and the rows of the EU and of nobody."""
    rows = [[1 if i in c else 0 for i in range(n)] for c in
            (set(c) for k in range(len(eligible) + 1) for c in itertools.combinations(eligible, k))]
    masks = np.array(rows, dtype=bool)
    code = masks.astype(np.int64) @ (1 << np.arange(n))
    where = {int(c): k for k, c in enumerate(code)}
    flips = np.array([[where.get(int(c) ^ (1 << i), 0) for i in range(n)] for c in code], dtype=np.int64)
    k_eu = where[sum(1 << i for i in eu)]
    return masks, flips, np.array([k_eu, where[0]])


def float_key(values: Mapping[str, float]) -> str:
    """The outcome in floats, all coalitions at once (numpy): the same conditions as :func:`exact_key`."""
    n = len(CODES)
    v = 1 - values["s_US"] * values["b_US"]
    gdp = np.array([values[f"Y_{c}"] for c in CODES], dtype=float)
    cap = values["g"] * gdp
    exp = v * np.array([values[f"e_{c}"] for c in CODES], dtype=float)
    rho, tar, m = float(values["rho"]), float(values["T"]) / 100, float(values["m"])
    eligible = tuple(i for i, c in enumerate(CODES) if (c != "UK" or 2 * values["uk"] >= 1)
                     and (c != "UA" or 2 * values["ukraine"] >= 1))
    eu = tuple(i for i, e in enumerate(EU) if e)
    masks, flips, (k_eu, k_none) = _layout(n, eligible, eu)
    formed = masks.sum(axis=1) >= 2
    inside = masks & formed[:, None]
    a = inside @ exp
    q = cap * (np.where(inside, a[:, None], exp) + rho)
    tot = q.sum(axis=1)
    pay = exp * tot[:, None] + rho * q - q * q / (2 * cap) - tar * gdp * np.where(inside, m, 1 - m)
    el = list(eligible)
    here = pay[:, el]
    other = pay[flips[:, el], el]
    ok = formed & np.all(np.where(masks[:, el], here >= other, here > other), axis=1)
    willing = float(tot[ok].max()) if ok.any() else None
    eus = list(eu)
    forms = bool(np.all(pay[k_eu, eus] >= pay[k_none, eus]))
    return _verdict(willing, forms, float(tot[k_eu]))


# --------------------------------------------------------------------------- the model
def _total(xs: Sequence[Any]) -> Any:
    return fraction(sum(xs[1:], xs[0]))


def _names(idx: Any) -> list[str]:
    return [NAMES[i] for i in sorted(idx)]


def _list(xs: Sequence[str]) -> str:
    xs = list(xs)
    if not xs:
        return "none"
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def _bn(x: Any) -> str:
    return f"{float(x):,.0f}"


class Coalition(Model):
    name = "coalition"
    title = "Forming the coalition: who joins, under the coalition of the willing or EU unanimity"
    question = ("Which European coalition is self-enforcing, under a coalition of the willing or EU unanimity, "
                "and how do Ukraine, the UK, US pressure and the rule change it?")
    players = NAMES
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = (*(f"Y_{c}" for c in CODES), "E", "S_0", "uk", "ukraine")
    references = (
        "d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J., Weymark, J. A. (1983). On the stability of "
        "collusive price leadership. Canadian Journal of Economics 16(1), 17-25.",
        "Barrett, S. (1994). Self-enforcing international environmental agreements. Oxford Economic Papers 46, "
        "878-894.",
        "Carraro, C., Siniscalco, D. (1993). Strategies for the international protection of the environment. "
        "Journal of Public Economics 52(3), 309-328.",
        "Finus, M. (2001). Game Theory and International Environmental Cooperation. Edward Elgar (the "
        "stable coalition of three with linear benefits).",
        "Hart, S., Kurz, M. (1983). Endogenous formation of coalitions. Econometrica 51(4), 1047-1064.",
        "Sandler, T., Hartley, K. (2001). Economics of alliances: the lessons for collective action. Journal of "
        "Economic Literature 39(3), 869-896.",
        "Olson, M., Zeckhauser, R. (1966). An economic theory of alliances. Review of Economics and Statistics "
        "48(3), 266-279.",
        "Bloch, F. (1996). Sequential formation of coalitions in games with externalities and fixed payoff "
        "division. Games and Economic Behavior 14(1), 90-123.",
        "SIPRI Military Expenditure Database (2025 release); IMF World Economic Outlook (October 2024).",
    )

    def build(self, values: Mapping[str, Fraction]) -> NormalFormGame:
        """The announcement game at ``values`` (exact)."""
        return announcement_game(setup(values))

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome by direct exact enumeration (:func:`exact_key`; the tests check it against
        the engine's pure equilibria of the announcement game)."""
        return exact_key(values)

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: float scan of every coalition at once (:func:`float_key`), each bracket
        confirmed exactly (:func:`exact_key`); exact where a deciding condition (:func:`conditions`)
        is zero in the bracket (for ``T``, ``m`` and ``g``, in which every condition is affine)."""
        out: list[Flip] = []
        for p in self.parameters:
            if p.name not in self.no_flips:
                affine = p.name in _AFFINE  # the conditions are affine in these: their roots are exact
                out.extend(fast_flips(self, values, p, current, float_key, exact_key=exact_key,
                                      conditions=conditions if affine else None))
        return out

    def _solve_rule(self, values: Mapping[str, Fraction], **who: bool) -> dict[str, Any]:
        s = setup(values, **who)
        table = payoff_table(s)
        stable = stable_coalitions(s, table)
        top = best(stable, s)
        members, vetoes, _ = eu_coalition(s, table)
        return {
            "willing": _names(top) if top is not None else [],
            "willing_spending": _total(spending(s, tuple(sorted(top)))) if top is not None else None,
            "eu_forms": not vetoes,
            "vetoes": _names(vetoes),
        }

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        v = dict(values)
        s = setup(v)
        table = payoff_table(s)
        game = announcement_game(s, table)
        stable = engine_stable_coalitions(s, game)
        notes: list[str] = []
        if sorted(map(sorted, stable)) != sorted(map(sorted, stable_coalitions(s, table))):  # pragma: no cover
            notes.append("the direct enumeration and the engine's equilibria disagree; the engine's are reported")
        top = best(stable, s)
        eu_members, vetoes, gains = eu_coalition(s, table)
        eu_forms = not vetoes
        none_q = spending(s, ())
        none_total = _total(none_q)
        top_q = spending(s, tuple(sorted(top))) if top is not None else none_q
        eu_q = spending(s, tuple(sorted(eu_members)))
        willing_total = _total(top_q) if top is not None else None
        eu_total = _total(eu_q)
        key = _verdict(willing_total, eu_forms, eu_total)
        # the coalition that actually forms (the bloc), for the link to US backing
        if key == "unanimity_stronger":
            bloc, bloc_q, rule = eu_members, eu_q, "EU unanimity"
        elif key == "no_coalition":
            bloc, bloc_q, rule = frozenset(), none_q, "none"
        else:
            bloc, bloc_q, rule = top or frozenset(), top_q, "coalition of the willing"
        bloc_total = _total(bloc_q)
        capability = v["E"] * (v["S_0"] + bloc_total) / v["S_0"]
        grand = frozenset(s.eligible)
        grand_pay, none_pay = table[grand], table[frozenset()]
        leavers = [i for i in grand if grand_pay[i] < table[grand - {i}][i]]
        variants = {}
        for uk, ua in ((True, False), (False, False), (True, True), (False, True)):
            r = self._solve_rule(v, uk=uk, ukraine=ua)
            variants[f"uk_{'in' if uk else 'out'}_ukraine_{'in' if ua else 'out'}"] = r
        stable_rows = [{"members": _names(c), "spending": _total(spending(s, tuple(sorted(c))))}
                       for c in stable]
        if top is not None:
            here = table[top]
            tied = [NAMES[i] for i in s.eligible if here[i] == table[top ^ {i}][i]]
            if tied:
                notes.append(f"knife-edge: {_list(tied)} would be exactly indifferent about switching membership "
                             "(an indifferent member stays, an indifferent outsider joins)")
        if any(g == 0 for g in gains):
            notes.append("knife-edge: an EU member gains exactly nothing from the EU coalition (it does not veto it)")
        if not stable:
            notes.append("no coalition of the willing of two or more is stable: each loses a member or draws in an "
                         "outsider (whose entry can drive a member out), so coalitions of the willing cycle")
        if len(stable) > 1:
            notes.append(f"{len(stable)} stable coalitions of the willing; the one with which Europe spends the most is reported "
                         "(all are in stable_coalitions)")
        notes.append("stage 2 has dominant strategies (linear benefits), so each coalition's spending is unique; "
                     "the trivial equilibrium in which nobody joins always exists and is not reported")
        gdp = dict(zip(NAMES, s.gdp))
        o = self.outcome(key)
        quantities: dict[str, Any] = {
            "willing_members": _names(top) if top is not None else [],
            "stable_coalitions": stable_rows,
            "willing_cycle": not stable,
            "willing_spending": willing_total,
            "willing_members_spending": _total([top_q[i] for i in sorted(top)]) if top is not None else None,
            "willing_capability": v["E"] * (v["S_0"] + willing_total) / v["S_0"] if willing_total is not None else None,
            "eu_capability": v["E"] * (v["S_0"] + eu_total) / v["S_0"],
            "eu_members": _names(eu_members),
            "eu_forms": eu_forms,
            "vetoes": _names(vetoes),
            "eu_gains": dict(zip(_names(eu_members), map(fraction, gains))),
            "eu_spending": eu_total,
            "no_coalition_spending": none_total,
            "grand_coalition_spending": _total(spending(s, tuple(sorted(grand)))),
            "grand_coalition_leavers": _names(leavers),
            "bloc_rule": rule,
            "bloc_members": _names(bloc),
            "bloc_spending": bloc_total,
            "bloc_spending_by_state": dict(zip(NAMES, map(fraction, bloc_q))),
            "bloc_share_of_gdp": {n: fraction(q / gdp[n]) for n, q in zip(NAMES, bloc_q)},
            "bloc_capability": capability,
            "value_of_european_defence": 1 - v["s_US"] * v["b_US"],
            "variants": variants,
        }
        statement = self._statement(o, v, s, quantities, grand_pay, none_pay)
        return ModelResult(
            model=self.name,
            values=v,
            outcome=o,
            statement=statement,
            equilibrium={
                "stable_coalitions": [_names(c) for c in stable],
                "payoffs": dict(zip(NAMES, map(fraction, table[top] if top is not None else none_pay))),
                "announcement_game_players": [NAMES[i] for i in s.eligible],
            },
            quantities=quantities,
            method="pure Nash equilibria of the exact announcement game (pure_solve), d'Aspremont stability "
                   "(outsiders indifferent about joining join); contributions in closed form (dominant strategies)",
            diagnostics=tuple(notes),
        )

    def _statement(self, o: Outcome, v: Mapping[str, Fraction], s: Setup, q: Mapping[str, Any],
                   grand_pay: Sequence[Any], none_pay: Sequence[Any]) -> str:
        willing = q["willing_members"]
        parts = [o.headline]
        if willing:
            w = (f"the self-enforcing coalition of the willing is {_list(willing)} (with it Europe adds "
                 f"{_bn(q['willing_spending'])} bn USD a year to defence, {_bn(q['willing_members_spending'])} bn by "
                 f"the members, against {_bn(q['no_coalition_spending'])} bn if every state spends alone)")
        else:
            w = "no coalition of the willing of two or more is self-enforcing"
        if q["eu_forms"]:
            u = f"under unanimity all EU members gain and with the EU coalition Europe adds {_bn(q['eu_spending'])} bn"
        else:
            verb = "veto" if len(q["vetoes"]) > 1 else "vetoes"
            u = (f"under unanimity {_list(q['vetoes'])} would lose from the common effort of all EU members "
                 f"(with which Europe would add {_bn(q['eu_spending'])} bn) and {verb} it")
        leave = q["grand_coalition_leavers"]
        mech = ("free riding: a member spends for every member's exposure, so the low-exposure states gain more "
                f"by leaving a large coalition ({_list(leave)} would leave the coalition of all "
                f"{len(s.eligible)} eligible states) and a joining state's extra spending outweighs what it adds")
        if not leave:
            mech = "every state gains from staying in the coalition of all eligible states"
        text = f"{parts[0]}: {w}; {u}. Mechanism: {mech}."
        var = q["variants"]
        now = f"uk_{'in' if v['uk'] >= Fraction(1, 2) else 'out'}_ukraine_{'in' if v['ukraine'] >= Fraction(1, 2) else 'out'}"
        for k, label in (("uk_out_ukraine_out" if now != "uk_out_ukraine_out" else "uk_in_ukraine_out",
                          "with the UK out" if now != "uk_out_ukraine_out" else "with the UK in"),
                         ("uk_in_ukraine_in" if "ukraine_out" in now else "uk_in_ukraine_out",
                          "with Ukraine eligible" if "ukraine_out" in now else "without Ukraine")):
            row = var[k]
            who = _list(row["willing"]) if row["willing"] else "none (no coalition of the willing is stable)"
            text += f" {label[0].upper()}{label[1:]}: the coalition of the willing would be {who}."
        if q["bloc_members"]:
            text += (f" The bloc ({q['bloc_rule']}: {_list(q['bloc_members'])}) raises European capability to "
                     f"{readable(q['bloc_capability'])}x Russia's combat power (from {readable(v['E'])}x).")
        else:
            text += (f" With every state spending alone European capability rises to "
                     f"{readable(q['bloc_capability'])}x Russia's combat power (from {readable(v['E'])}x).")
        if v["T"] > 0:
            aim = ("at outsiders (laggards)" if v["m"] == 0 else "at members (a European bloc)" if v["m"] == 1
                   else f"{readable(v['m'], 'share')} at members, the rest at outsiders")
            text += f" The US threatens tariffs of {readable(v['T'])}% of GDP, aimed {aim}."
        text += f" {o.explanation}"
        return text
