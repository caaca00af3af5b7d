"""Patron: the US between abandonment and entrapment when Russia makes demands of Europe.

The patron half of the "shaping" scenario (the normal-form half is :mod:`.shaping`): three
players move in turn, with perfect information.

1. The **US** chooses its commitment to Europe: ``firm`` (a public pledge; staying out of a
   war after it costs the US an audience/reputation cost ``a_US``, and keeping it costs
   ``k_US`` in peacetime) or ``loose``.
2. **Russia** makes no demand, a ``small`` demand (worth ``v_small``) or a ``large`` one
   (``v_large``).
3. **Europe** concedes the demand or resists it.
4. If Europe resists, the **US** intervenes or stays out; either way there is a war.

Payoffs (US, Russia, Europe), stakes ``d`` of the demand made, ``f = 1`` after a firm pledge:

==========================  ===========================================  ====================  ====================
outcome                     US                                           Russia                Europe
==========================  ===========================================  ====================  ====================
no demand                   ``-k_US f``                                  0                     0
Europe concedes             ``-k_US f - w_US d``                         ``d``                 ``-d``
war, US intervenes          ``-k_US f - w_US pi_US d - c_US``            ``pi_US d - c_R``     ``-pi_US d - c_E``
war, US stays out           ``-k_US f - w_US pi_alone d - a_US f``       ``pi_alone d - c_R``  ``-pi_alone d - c_E``
==========================  ===========================================  ====================  ====================

``pi_US`` and ``pi_alone`` are the probabilities that Russia prevails with and without the
US in the war; ``w_US`` is how much each unit of Europe's loss costs the US (its stake in
Europe's security).

The tree is third-party intervention bargaining in the sense of Yuen (2009): the target
(Europe) concedes more or less depending on whether a third party (the US) will intervene.
The two ways US commitment can go wrong are Snyder's (1984) alliance security dilemma:
*abandonment* (the US stays out, so Europe concedes or fights alone) and *entrapment* (the
US fights a war it would not have fought without its pledge, because the pledge made Europe
resist). Snyder's window is the set of values of a commitment parameter (``a_US`` or
``w_US``) at which the US chooses the firm pledge and no entrapment follows; the model reads
it off the symbolic regimes (:func:`~gametheory.symbolic.spe.symbolic_backward_induction`)
at the other parameters' current values. All defaults are illustrative assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

from flint import fmpq, fmpq_poly

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import decision
from gametheory.extensive.univariate import real_roots, sorted_points
from gametheory.modeling import Constraint, Model, ModelResult, Outcome, format_value, readable
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.world import WorldLink, link
from gametheory.models.world import WORLD, russia_wins_alone, russia_wins_vs_us
from gametheory.symbolic import Parameter

if TYPE_CHECKING:
    from gametheory.symbolic.spe import SymbolicSPEAnalysis

ILLUSTRATIVE = "illustrative assumption"

PARAMETERS = (
    Parameter("w_US", "US stake in Europe's security (US loss per unit of Europe's loss)", "1", 0, 10,
              unit="stake units per unit", source=ILLUSTRATIVE),
    Parameter("a_US", "US audience/reputation cost of staying out of a war after a firm pledge", "1", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("k_US", "US peacetime cost of a firm pledge (forces, lost freedom of action)", "1/10", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_US", "US cost of fighting Russia", "3/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("v_small", "value of Russia's small demand (to Russia and to Europe)", "1", 0, 10, lower_open=True,
              unit="stake units", source="normalisation (payoffs are in units of the small demand)"),
    Parameter("v_large", "value of Russia's large demand (greater than v_small)", "2", 0, 10, lower_open=True,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("pi_alone", "probability Russia prevails in a war against Europe alone", "1/2", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("pi_US", "probability Russia prevails against Europe and the US (at most pi_alone)", "1/10", 0, 1,
              unit="probability", source=ILLUSTRATIVE),
    Parameter("c_R", "Russia's cost of a war", "1/2", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
    Parameter("c_E", "Europe's cost of a war", "3/5", 0, 10,
              unit="stake units", source=ILLUSTRATIVE),
)

OUTCOMES = (
    Outcome("deterrence", "Deterrence: Russia makes no demand",
            "Any demand would be resisted and end in a war Russia does not want, so Russia "
            "keeps the status quo."),
    Outcome("abandonment", "Abandonment: the US leaves Europe to Russia's demand",
            "Russia makes a demand the US would not fight over, so Europe either gives in "
            "or fights alone (Snyder's abandonment)."),
    Outcome("appeasement", "Appeasement: Europe concedes although the US would fight",
            "The US would join a war, but for Europe even a war with US help is worse than "
            "the concession, so it gives in."),
    Outcome("entrapment", "Entrapment: the firm pledge drags the US into war",
            "The US pledged firmly; the pledge makes Europe resist, Russia fights anyway, "
            "and the US joins a war it would have stayed out of without the pledge "
            "(Snyder's entrapment)."),
    Outcome("war", "War: the US joins Europe willingly",
            "Europe resists, Russia fights, and the US intervenes because the war is worth "
            "it to the US even without a pledge."),
)

#: How the parameters follow from the suite's world state (models/world.py). The US pledge
#: itself (the world's ``us_backing``) is what this model decides, so it is no input.
WORLD_LINKS = (
    link("w_US", "us_stake", "the US stake in Europe's security, in the same unit"),
    WorldLink("pi_alone", ("europe_capability",), russia_wins_alone,
              "ratio-form contest: Russia prevails against Europe alone with probability 1/(1 + E), "
              "E = europe_capability (models.world.russia_wins_alone)"),
    WorldLink("pi_US", ("europe_capability", "us_conventional"),
              russia_wins_vs_us,
              "ratio-form contest: Russia prevails against Europe and the US with probability 1/(1 + E + U), "
              "U = us_conventional (models.world.russia_wins_vs_us)"),
    link("c_R", "russia_war_cost", "Russia's cost of a war, in stake units"),
    link("c_E", "europe_war_cost", "Europe's cost of a war, in stake units"),
)

PLAYERS = ("US", "Russia", "Europe")
COMMITMENTS = ("loose", "firm")  # ties at the root go to the first action: no costless pledge
DEMANDS = ("none", "small", "large")
H_COMMIT = "US: commitment"


def h_demand(c: str) -> str:
    return f"Russia: demand ({c})"


def h_respond(c: str, d: str) -> str:
    return f"Europe: respond ({c}, {d})"


def h_intervene(c: str, d: str) -> str:
    return f"US: intervene? ({c}, {d})"


def payoffs(s: Mapping[str, Any], firm: bool, stake: Any) -> dict[str, tuple[Any, Any, Any]]:
    """Terminal payoffs (US, Russia, Europe) after a demand worth ``stake`` (values or symbols)."""
    f = 1 if firm else 0
    pledge = s["k_US"] * f
    return {
        "concede": (-pledge - s["w_US"] * stake, stake, -stake),
        "intervene": (-pledge - s["w_US"] * s["pi_US"] * stake - s["c_US"],
                      s["pi_US"] * stake - s["c_R"], -s["pi_US"] * stake - s["c_E"]),
        "stay out": (-pledge - s["w_US"] * s["pi_alone"] * stake - s["a_US"] * f,
                     s["pi_alone"] * stake - s["c_R"], -s["pi_alone"] * stake - s["c_E"]),
        "none": (-pledge, 0, 0),
    }


def patron_root(s: Mapping[str, Any]) -> Any:
    """The patron tree's root node at values (symbols, or python-flint numbers) ``s``."""
    branches: dict[str, Any] = {}
    for c in COMMITMENTS:
        firm = c == "firm"
        demands: dict[str, Any] = {"none": payoffs(s, firm, 0)["none"]}
        for d, stake in (("small", s["v_small"]), ("large", s["v_large"])):
            pay = payoffs(s, firm, stake)
            war = decision("US", {"intervene": pay["intervene"], "stay out": pay["stay out"]},
                           infoset=h_intervene(c, d))
            demands[d] = decision("Europe", {"concede": pay["concede"], "resist": war}, infoset=h_respond(c, d))
        branches[c] = decision("Russia", demands, infoset=h_demand(c))
    return decision("US", branches, infoset=H_COMMIT)


def patron_tree(s: Mapping[str, Any], parameters: tuple[Parameter, ...] = ()) -> ExtensiveGame:
    """The patron tree at values (or symbols) ``s``."""
    return ExtensiveGame.from_tree(patron_root(s), players=list(PLAYERS), title="Patron: abandonment and entrapment",
                                   parameters=list(parameters) if parameters else None)


def classify(plan: Mapping[str, str | None]) -> str:
    """The outcome of a subgame-perfect plan (it depends on the plan only)."""
    c = plan[H_COMMIT]
    assert c is not None
    d = plan[h_demand(c)]
    if d == "none" or d is None:
        return "deterrence"
    us = plan[h_intervene(c, d)]
    if plan[h_respond(c, d)] == "concede":
        return "appeasement" if us == "intervene" else "abandonment"
    if us == "stay out":
        return "abandonment"
    # the US fights: would it have fought over the same demand without the pledge?
    if c == "firm" and plan[h_intervene("loose", d)] == "stay out":
        return "entrapment"
    return "war"


def in_window(plan: Mapping[str, str | None]) -> bool:
    """Snyder's window: the US pledges firmly and suffers neither abandonment nor entrapment."""
    return plan[H_COMMIT] == "firm" and classify(plan) not in ("abandonment", "entrapment")


# ----------------------------------------------------------------------------- windows
@dataclass(frozen=True)
class Interval:
    """An interval of one parameter's values, with open or closed ends."""

    lo: Fraction
    hi: Fraction
    lo_open: bool = False
    hi_open: bool = False

    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def contains(self, x: Fraction) -> bool:
        above = x > self.lo or (x == self.lo and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    def text(self) -> str:
        return (f"{'(' if self.lo_open else '['}{format_value(self.lo)}, "
                f"{format_value(self.hi)}{')' if self.hi_open else ']'}")


def _union(parts: list[Interval]) -> list[Interval]:
    parts = sorted((p for p in parts if not p.empty()), key=lambda p: (p.lo, p.lo_open))
    out: list[Interval] = []
    for p in parts:
        if out:
            q = out[-1]
            touches = p.lo < q.hi or (p.lo == q.hi and not (p.lo_open and q.hi_open))
            if touches:
                if p.hi > q.hi or (p.hi == q.hi and not p.hi_open):
                    out[-1] = Interval(q.lo, p.hi, q.lo_open, p.hi_open)
                continue
        out.append(p)
    return out


Monomials = tuple[tuple[Fraction, tuple[tuple[str, int], ...]], ...]


@dataclass(frozen=True)
class _Atom:
    """``poly > 0`` (strict) or ``poly >= 0``, the polynomial stored for fast exact evaluation."""

    poly: Monomials
    strict: bool


def _compile(rel: Any) -> _Atom:
    import sympy  # symbolic regimes only

    expr = sympy.expand(rel.lhs - rel.rhs)
    greater = isinstance(rel, (sympy.StrictGreaterThan, sympy.GreaterThan))
    if not greater:
        expr = -expr
    syms = sorted(expr.free_symbols, key=lambda x: x.name)
    terms: list[tuple[Fraction, tuple[tuple[str, int], ...]]] = []
    if syms:
        for monom, coeff in sympy.Poly(expr, *syms).terms():
            r = sympy.Rational(coeff)
            terms.append((Fraction(int(r.p), int(r.q)), tuple((s.name, e) for s, e in zip(syms, monom) if e)))
    else:
        r = sympy.Rational(expr)
        terms.append((Fraction(int(r.p), int(r.q)), ()))
    strict = isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan))
    return _Atom(tuple(terms), strict)


def _linear(atom: _Atom, name: str, values: Mapping[str, Fraction]) -> tuple[Fraction, Fraction]:
    """``(a, b)`` with the atom's polynomial equal to ``a x + b`` in ``x = name``, others fixed."""
    a = b = Fraction(0)
    for coeff, monom in atom.poly:
        term = coeff
        degree = 0
        for sym, e in monom:
            if sym == name:
                degree = e
            else:
                term *= values[sym] ** e
        if degree == 0:
            b += term
        elif degree == 1:
            a += term
        else:  # pragma: no cover - payoffs are multilinear in the parameters
            raise GameError(f"model patron: a regime condition is not linear in {name}")
    return a, b


# ----------------------------------------------------------------------------- transition valley
Affine = tuple[Fraction, Fraction, Fraction]  # c0 + c1 pi_alone + c2 pi_US


def _comparisons(s: Mapping[str, Fraction]) -> list[Affine]:
    """Every payoff difference backward induction compares, as an affine form in the two
    probabilities ``pi_alone`` and ``pi_US`` (the other parameters at ``s``): a superset of
    the conditions on which the subgame-perfect plan can change when only they vary."""
    Z = Fraction(0)
    out: list[Affine] = []
    us: dict[bool, list[Affine]] = {}
    russia: list[Affine] = [(Z, Z, Z)]
    for firm in (True, False):
        f = 1 if firm else 0
        base = -s["k_US"] * f
        us[firm] = [(base, Z, Z)]
        for d in (s["v_small"], s["v_large"]):
            intervene = (base - s["c_US"], Z, -s["w_US"] * d)
            stay_out = (base - s["a_US"] * f, -s["w_US"] * d, Z)
            us[firm] += [(base - s["w_US"] * d, Z, Z), intervene, stay_out]
            out.append(tuple(a - b for a, b in zip(intervene, stay_out)))  # type: ignore[arg-type]
    for d in (s["v_small"], s["v_large"]):
        out.append((d - s["c_E"], -d, Z))   # Europe resists alone iff (1 - pi_alone) d > c_E
        out.append((d - s["c_E"], Z, -d))   # ... with the US iff (1 - pi_US) d > c_E
        russia += [(d, Z, Z), (-s["c_R"], d, Z), (-s["c_R"], Z, d)]
    out += [tuple(a - b for a, b in zip(x, y)) for i, x in enumerate(russia) for y in russia[i + 1:]]  # type: ignore[misc]
    out += [tuple(a - b for a, b in zip(x, y)) for x in us[True] for y in us[False]]  # type: ignore[misc]
    return out


def _roots_in_capability(g: Affine, U: Fraction | None, lo: Fraction, hi: Fraction) -> list[Any]:
    """Roots in ``(lo, hi)`` of ``g`` with ``pi_alone = 1/(1 + E)``, ``pi_US = 1/(1 + E + U)``
    (``U = None``: the US makes Russia lose for sure, ``pi_US = 0``), exact: Fractions, or
    :class:`~gametheory.extensive.univariate.AlgebraicPoint` values when irrational.

    Multiplying by the positive ``(1 + E)(1 + E + U)`` leaves a polynomial of degree two:
    ``a E^2 + b E + c``."""
    c0, c1, c2 = g
    if U is None:  # c0 (1 + E) + c1
        a, b, c = Fraction(0), c0, c0 + c1
    else:  # c0 (1 + E)(1 + E + U) + c1 (1 + E + U) + c2 (1 + E)
        a, b, c = c0, c0 * (2 + U) + c1 + c2, c0 * (1 + U) + c1 * (1 + U) + c2
    if a == 0 and b == 0:
        return []
    if a == 0:
        root = -c / b
        return [root] if lo < root < hi else []
    # a quadratic: exact roots, rational as Fractions, irrational as isolated algebraic numbers
    return real_roots(fmpq_poly([fmpq(x.numerator, x.denominator) for x in (c, b, a)]), lo, hi)


@dataclass(frozen=True)
class Segment:
    """A stretch of European capability (``lo`` to ``hi``, exact) with one outcome."""

    lo: Any
    hi: Any
    outcome: str
    commitment: str


def capability_profile(model: Patron, values: Mapping[str, Fraction]) -> tuple[Fraction, list[Segment]] | None:
    """The outcome as Europe's own strength varies, the rest held at ``values``.

    Europe's capability ``E`` (a multiple of Russia's conventional power, the world's
    ``europe_capability``) and the US weight ``U`` are read back from ``pi_alone = 1/(1 + E)``
    and ``pi_US = 1/(1 + E + U)``; ``E`` then sweeps the world variable's interval with ``U``
    fixed, both probabilities following it. Breakpoints are exact (roots of the payoff
    comparisons, at most quadratic in ``E``); the outcome on each stretch comes from the
    numeric solver. Returns ``(E at the point, segments)``, or None when ``pi_alone = 0``.
    """
    pa, pu = values["pi_alone"], values["pi_US"]
    if pa == 0:
        return None
    E0 = 1 / pa - 1
    U = None if pu == 0 else 1 / pu - 1 / pa
    p = WORLD.variable("europe_capability").parameter
    lo, hi = Fraction(p.lower or 0), Fraction(p.upper or 10)
    hi = max(hi, E0)
    found: list[Any] = []
    for g in _comparisons(values):
        found.extend(_roots_in_capability(g, U, lo, hi))
    points = sorted_points(found)
    grid: list[Any] = [lo, *points, hi]
    # each breakpoint as a float once (an irrational one is refined to double precision on
    # every float(), and each inner breakpoint ends one stretch and starts the next)
    floats = [float(x) for x in grid]
    segs: list[Segment] = []
    for (a, b), (fa, fb) in zip(zip(grid, grid[1:]), zip(floats, floats[1:])):
        mid = _rational_between_floats(fa, fb)
        vals = dict(values)
        vals["pi_alone"] = 1 / (1 + mid)
        vals["pi_US"] = Fraction(0) if U is None else 1 / (1 + mid + U)
        plan = backward_induction(patron_tree(vals))[0].actions()
        key, c = classify(plan), plan[H_COMMIT] or ""
        if segs and segs[-1].outcome == key and segs[-1].commitment == c:
            segs[-1] = Segment(segs[-1].lo, b, key, c)
        else:
            segs.append(Segment(a, b, key, c))
    return E0, segs


def _rational_between(a: Any, b: Any) -> Fraction:
    return _rational_between_floats(float(a), float(b))


def _rational_between_floats(fa: float, fb: float) -> Fraction:
    x = (fa + fb) / 2
    q = Fraction(x).limit_denominator(10**6)
    if not (fa < q < fb):  # pragma: no cover - breakpoints closer than 1e-6
        q = Fraction(x)
    return q


def valleys(segs: list[Segment]) -> list[Segment]:
    """Transition valleys: stretches without deterrence between two stretches with it."""
    out = []
    for i in range(1, len(segs) - 1):
        if segs[i].outcome != "deterrence" and segs[i - 1].outcome == "deterrence":
            j = i
            while j < len(segs) and segs[j].outcome != "deterrence":
                j += 1
            if j < len(segs):
                out.append(Segment(segs[i].lo, segs[j - 1].hi, segs[i].outcome
                                   if all(s.outcome == segs[i].outcome for s in segs[i:j]) else "mixed",
                                   segs[i].commitment))
    return out


#: How close (in multiples of Russia's power) European capability must be to a transition
#: valley for the statement to mention it (a reporting threshold, not a parameter).
VALLEY_NEAR = Fraction(1, 4)


def _text(x: Any) -> str:
    """An exact boundary as readable text: a decimal (exact in the JSON)."""
    return readable(float(x))


def _valley_sentence(e0: Fraction, v: Segment, segs: list[Segment], inside: bool) -> str:
    below = next(g for g in segs if g.hi == v.lo)
    above = next(g for g in segs if g.lo == v.hi)
    where = ("lies in" if inside else
             ("lies just below" if e0 <= float(v.lo) else "lies just above"))
    what = {"abandonment": "the US leaves Europe to Russia's demand", "appeasement": "Europe concedes",
            "entrapment": "the pledge drags the US into war", "war": "there is war"}.get(v.outcome, "deterrence fails")
    return (f"Transition valley: European capability at {_text(e0)} x Russia's {where} a valley from "
            f"{_text(v.lo)} to {_text(v.hi)} x Russia's power (Russia prevails against Europe alone with "
            f"{readable(1 / (1 + float(v.hi)), 'probability')} to {readable(1 / (1 + float(v.lo)), 'probability')}) "
            f"in which {what}: weaker, a {below.commitment} US pledge deters; stronger, a {above.commitment} "
            f"pledge deters again. As Europe gets stronger the US pledges less before Europe can stand alone "
            f"(other parameters held fixed).")


def _exact(x: Any) -> Any:
    """A boundary as a Fraction when rational, else its exact text."""
    if isinstance(x, Fraction):
        return x
    return str(x)  # an AlgebraicPoint: radicals for a quadratic


class Patron(RegimesIn, Model):
    name = "patron"
    title = "Patron: US commitment between abandonment and entrapment"
    question = ("Should the US pledge firmly to defend Europe against Russian demands, and does the pledge "
                "deter Russia, leave Europe to concede, or drag the US into a war?")
    players = PLAYERS
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
        "Yuen, A. (2009). Target concessions in the shadow of intervention. Journal of Conflict Resolution "
        "53(5), 745-773.",
        "Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes. "
        "American Political Science Review 88(3), 577-592.",
        "Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in extensive games. "
        "International Journal of Game Theory 4, 25-55.",
    )
    world_links = WORLD_LINKS
    #: Parameters whose Snyder window is reported.
    window_parameters = ("a_US", "w_US")

    constraints = (Constraint("v_large", ">", "v_small"),
                   Constraint("pi_US", "<=", "pi_alone", "US help cannot hurt Europe"))

    # ------------------------------------------------------------------ symbolic
    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The tree for :meth:`regimes_in` (see :class:`~gametheory.modeling.regimes.RegimesIn`)."""
        return patron_tree(values, parameters)

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
        """The tree for exact flips (see :meth:`~gametheory.modeling.regimes.RegimesIn.flip_tree`)."""
        return patron_root(values), PLAYERS

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        """The joint restrictions' boundaries (``v_large > v_small``, ``pi_US <= pi_alone``)."""
        return [values["v_large"] - values["v_small"], values["pi_alone"] - values["pi_US"]]

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The outcome alone: the engine's backward induction and :func:`classify`, no text."""
        return classify(backward_induction(self.build(values))[0].actions())

    @cached_property
    def regimes(self) -> SymbolicSPEAnalysis:
        """Regimes in the US commitment parameters ``a_US`` and ``w_US`` (others at their defaults)."""
        return self.regimes_in(("a_US", "w_US"))

    def window(self, name: str, values: Mapping[str, Fraction]) -> list[Interval]:
        """Snyder's window in parameter ``name``, the others held at ``values``.

        The values of ``name`` (within its admissible interval) at which the US pledges firmly
        and suffers neither abandonment nor entrapment, as a union of disjoint intervals read
        off the symbolic regimes in ``name``. Joint restrictions (``check_values``) are not
        applied to the interval.
        """
        p = self.parameter(name)
        lo = Fraction(p.lower) if p.lower is not None else Fraction(-10**9)
        hi = Fraction(p.upper) if p.upper is not None else Fraction(10**9)
        fast = self._window_by_pieces(name, values, lo, hi)
        if fast is not None:
            return fast
        return self._window_symbolic(name, values, lo, hi)

    def _window_by_pieces(self, name: str, values: Mapping[str, Fraction], lo: Fraction,
                          hi: Fraction) -> list[Interval] | None:
        """:meth:`window` from the exact pieces of the tree in ``name``
        (:func:`~gametheory.extensive.univariate.pieces_in_one_parameter`): a piece belongs to
        the window when its plan does; each end of a piece (and each closed end of the
        interval) is decided by the engine's backward induction at that exact point. None when
        a cut is irrational (then the symbolic path decides)."""
        from gametheory.extensive.univariate import pieces_in_one_parameter
        from gametheory.modeling.regimes import flint_values

        p = self.parameter(name)
        pieces = pieces_in_one_parameter(patron_root(flint_values(values, name)), PLAYERS, lo, hi)
        if not all(isinstance(x.hi, Fraction) for x in pieces):
            return None

        def at(x: Fraction) -> bool:
            return in_window(backward_induction(patron_tree({**values, name: x}))[0].actions())

        parts: list[Interval] = []
        cuts: list[Fraction] = [lo]
        for piece in pieces:
            a, b = Fraction(piece.lo), Fraction(piece.hi)  # type: ignore[arg-type]
            if in_window({str(k): v for k, v in piece.plan.items()}):
                parts.append(Interval(a, b, True, True))
            cuts.append(b)
        for i, x in enumerate(cuts):
            closed_end = not ((i == 0 and p.lower_open) or (i == len(cuts) - 1 and p.upper_open))
            if closed_end and at(x):
                parts.append(Interval(x, x))
        return _union(parts)

    def _window_symbolic(self, name: str, values: Mapping[str, Fraction], lo: Fraction,
                         hi: Fraction) -> list[Interval]:
        """:meth:`window` read off the sympy regimes in ``name`` (the slower, general path)."""
        import sympy

        p = self.parameter(name)
        parts: list[Interval] = []
        for r in self.regimes_in((name,), values).regimes:
            if not in_window(r.plan):
                continue
            for piece in r.pieces:
                if piece is sympy.false:
                    continue
                atoms = [] if piece is sympy.true else (list(piece.args) if isinstance(piece, sympy.And) else [piece])
                iv = Interval(lo, hi, p.lower_open, p.upper_open)
                for atom in (_compile(a) for a in atoms):
                    a, b = _linear(atom, name, values)
                    if a == 0:
                        if b < 0 or (b == 0 and atom.strict):
                            iv = Interval(Fraction(1), Fraction(0))
                            break
                        continue
                    t = -b / a
                    if a > 0:  # x > t (or >=)
                        if t > iv.lo or (t == iv.lo and atom.strict):
                            iv = Interval(t, iv.hi, atom.strict, iv.hi_open)
                    elif t < iv.hi or (t == iv.hi and atom.strict):  # x < t (or <=)
                        iv = Interval(iv.lo, t, iv.lo_open, atom.strict)
                    if iv.empty():
                        break
                if not iv.empty():
                    parts.append(iv)
        return _union(parts)

    def solve(
        self,
        overrides: Mapping[str, Any] | None = None,
        *,
        flips: bool = True,
        world: Mapping[str, Fraction] | None = None,
        scenario: Any = None,
    ) -> ModelResult:
        """As :meth:`Model.solve`, plus Snyder's window in ``a_US`` and ``w_US`` at this point.

        The windows come from symbolic regimes (about 0.1-1 s each), so they are added here
        rather than in :meth:`analyse`, which the scan for flips calls many times.
        """
        res = super().solve(overrides, flips=flips, world=world, scenario=scenario)
        quantities = dict(res.quantities)
        for name in self.window_parameters:
            ivs = self.window(name, res.values)
            quantities[f"window_{name}"] = " U ".join(iv.text() for iv in ivs) or "empty"
            quantities[f"window_{name}_lower"] = ivs[0].lo if ivs else None
            quantities[f"window_{name}_upper"] = ivs[-1].hi if ivs else None
        statement = res.statement
        prof = capability_profile(self, res.values)
        quantities["valley_europe_capability"] = None
        quantities["valley_europe_capability_lower"] = quantities["valley_europe_capability_upper"] = None
        quantities["valley_pi_alone"] = None
        if prof is not None:
            e0, segs = prof
            floats: dict[int, float] = {}

            def as_float(x: Any) -> float:
                """A boundary as a float, once: an irrational one is refined on every float(),
                and neighbouring segments and valleys share their ends."""
                if id(x) not in floats:
                    floats[id(x)] = float(x)
                return floats[id(x)]

            quantities["europe_capability_at_point"] = e0
            quantities["outcomes_by_europe_capability"] = "; ".join(
                f"{as_float(g.lo):.4g} to {as_float(g.hi):.4g}: {g.outcome} ({g.commitment} pledge)" for g in segs)
            found = valleys(segs)
            if found:
                # the valley containing the point, else the nearest one
                v = min(found, key=lambda g: 0 if as_float(g.lo) <= e0 <= as_float(g.hi)
                        else min(abs(e0 - as_float(g.lo)), abs(e0 - as_float(g.hi))))
                quantities["valley_europe_capability"] = " U ".join(
                    f"({_text(g.lo)}, {_text(g.hi)})" for g in found)
                quantities["valley_europe_capability_lower"] = _exact(v.lo)
                quantities["valley_europe_capability_upper"] = _exact(v.hi)
                quantities["valley_pi_alone"] = (f"({_text(1 / (1 + as_float(v.hi)))}, "
                                                 f"{_text(1 / (1 + as_float(v.lo)))})")
                inside = as_float(v.lo) < e0 < as_float(v.hi)
                near = not inside and min(abs(e0 - as_float(v.lo)), abs(e0 - as_float(v.hi))) <= VALLEY_NEAR
                quantities["in_valley"] = inside
                if inside or near:
                    statement += " " + _valley_sentence(e0, v, segs, inside)
        return replace(res, quantities=quantities, statement=statement)

    # ------------------------------------------------------------------ numeric
    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        return patron_tree(values)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        res = backward_induction(self.build(values))
        eq = res[0]
        plan = eq.actions()
        key = classify(plan)
        o = self.outcome(key)
        s = values
        c = plan[H_COMMIT]
        assert c is not None
        d = plan[h_demand(c)] or "none"
        fmt = readable
        stake = {"none": Fraction(0), "small": s["v_small"], "large": s["v_large"]}[d]
        us = plan[h_intervene(c, d)] if d != "none" else None
        europe = plan[h_respond(c, d)] if d != "none" else None
        if key == "deterrence":
            parts = []
            for dd, v in (("small", s["v_small"]), ("large", s["v_large"])):
                with_us = plan[h_intervene(c, dd)] == "intervene"
                pi = s["pi_US"] if with_us else s["pi_alone"]
                parts.append(f"the {dd} one a war {'with' if with_us else 'against Europe without'} the US "
                             f"worth {fmt(pi * v - s['c_R'])} to Russia")
            reason = (f"after a {c} commitment Europe would resist either demand, {parts[0]} and {parts[1]}, "
                      f"no better than the status quo")
        elif key == "abandonment" and europe == "concede":
            reason = (f"after a {c} commitment the US would stay out of a war over the {d} demand, and Europe "
                      f"alone prefers conceding ({fmt(-stake)}) to war ({fmt(-s['pi_alone'] * stake - s['c_E'])})")
        elif key == "abandonment":
            reason = (f"after a {c} commitment the US stays out of the war over the {d} demand, which Europe "
                      f"fights alone")
        elif key == "appeasement":
            reason = (f"the US would intervene over the {d} demand, but Europe prefers conceding ({fmt(-stake)}) "
                      f"to a war with US help ({fmt(-s['pi_US'] * stake - s['c_E'])})")
        elif key == "entrapment":
            reason = (f"the firm pledge makes Europe resist the {d} demand; without it the US would stay out "
                      f"(war {fmt(-s['w_US'] * s['pi_US'] * stake - s['c_US'])} against "
                      f"{fmt(-s['w_US'] * s['pi_alone'] * stake)}), with it the audience cost "
                      f"{fmt(s['a_US'])} makes it fight; Russia's war payoff {fmt(s['pi_US'] * stake - s['c_R'])} "
                      f"still beats its alternatives, and the US prefers this to a loose commitment")
        else:
            reason = (f"Russia fights over the {d} demand (war payoff {fmt(s['pi_US'] * stake - s['c_R'])}) and "
                      f"the US joins because the war is worth it to the US even without a pledge")
        quantities: dict[str, Any] = {
            "us_commitment": c,
            "russia_demand": d,
            "europe_response": europe or "none needed",
            "us_intervenes": us == "intervene" if us is not None else None,
            "in_snyder_window": in_window(plan),
        }
        quantities["payoffs"] = dict(zip(PLAYERS, eq.payoffs))
        notes = list(res.diagnostics)
        tie = ""
        if len(res) > 1:
            notes.append(f"{len(res)} subgame-perfect equilibria (ties); the first is reported")
            tie = (f" Knife-edge: a player is indifferent at this point ({len(res)} subgame-perfect equilibria); "
                   f"the result rests on tie-breaking.")
        return ModelResult(
            model=self.name,
            values=dict(values),
            outcome=o,
            statement=f"{o.headline}: {reason}. {o.explanation}{tie}",
            equilibrium={"plan": plan, "payoffs": dict(zip(PLAYERS, eq.payoffs)),
                         "max_regret": eq.max_regret, "equilibria": len(res)},
            quantities=quantities,
            method=res.method,
            diagnostics=tuple(notes),
        )
