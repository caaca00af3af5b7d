"""Private values with cutoff strategies: the fast exact path behind the deterrence models' lens.

A challenger and a defender each know their own value (a *type*, uniform on an interval) and
not the other's (Fearon 1994, "Signaling versus the balance of power and interests", J.
Conflict Resolution 38(2): 236-269, cut to one move each as in ``tests/test_bayesian.py``).
The challenger keeps the status quo (0 to both) or challenges; challenged, the defender
yields (payoffs ``A``) or resists (payoffs ``W``, a war). Each payoff is linear in the
player's own type and does not involve the other's, so with uniform types each player's gain
from its upper action is linear in its own type and in the other's cutoff, and every
indifference condition is solved in Fractions: no sympy, no scipy.

:func:`cutoff_equilibria` enumerates the same candidates, in the same way, as the engine's
:func:`gametheory.bayesian.solve_cutoffs` (interior or corner cutoff for each player; a player
indifferent at every cutoff is a continuum, noted and not listed) and checks each by the same
best-response test on a grid of types (or, by default, at the support ends and the cutoff,
which covers every type for these linear gains), exactly (a cutoff at the highest type is checked as
the lower action for all types, see :func:`best_response_regret`). ``tests/test_model_private_values.py`` checks
that both give the same equilibria at the defaults, at every built-in scenario point and at
random points.

The models report the *perfect* one (:func:`perfect_cutoff_equilibrium`): the defender's
gain from resisting once challenged involves only its own type, so sequential rationality
pins its cutoff whatever it believes; cutoff equilibria of the simultaneous game in which it
would resist (or give way) against its interest if challenged are listed in the quantities
and noted, not reported as the answer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.errors import GameError

#: Half-width of the uniform type distributions, as a share of the model's parameter
#: (illustrative: wide enough that the types overlap the complete-information thresholds,
#: narrow enough to stay near the analyst's estimate; Fearon 1994 leaves the spread free).
SPREAD = Fraction(1, 2)
#: Intervals of the best-response grid (as :data:`gametheory.bayesian.cutoff.GRID`).
GRID = 200

Linear = tuple[Fraction, Fraction]  # (constant, slope in the own type)


class PrivateValuesError(GameError):
    """A private-values game that cannot be set up (an empty type support)."""


def support_around(value: Fraction, low: Any, high: Any, spread: Fraction = SPREAD) -> tuple[Fraction, Fraction] | None:
    """``value +- spread * |value|`` clipped to ``[low, high]``; ``None`` when it is a point."""
    v = Fraction(value)
    half = abs(v) * spread
    lo, hi = v - half, v + half
    if low is not None:
        lo = max(lo, Fraction(low))
    if high is not None:
        hi = min(hi, Fraction(high))
    return (lo, hi) if lo < hi else None


@dataclass(frozen=True)
class CutoffGame:
    """Two players with uniform private types, two actions each (lower, upper).

    ``yield_`` and ``war`` give (challenger, defender) payoffs as linear functions of each
    player's own type: challenger's status quo gives 0 to both; a challenge met by the
    defender's lower action gives ``yield_``, by its upper action ``war``.
    """

    names: tuple[str, str]
    types: tuple[str, str]
    actions: tuple[tuple[str, str], tuple[str, str]]
    supports: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
    yield_: tuple[Linear, Linear]
    war: tuple[Linear, Linear]

    def upper_probability(self, i: int, c: Fraction) -> Fraction:
        lo, hi = self.supports[i]
        return (hi - c) / (hi - lo)

    def gain(self, i: int, t: Fraction, c_other: Fraction) -> Fraction:
        """Player ``i``'s gain of its upper action at type ``t`` when the other uses cutoff ``c_other``."""
        q = self.upper_probability(1 - i, c_other)
        if i == 0:
            (a0, a1), (w0, w1) = self.yield_[0], self.war[0]
            return (1 - q) * (a0 + a1 * t) + q * (w0 + w1 * t)
        (a0, a1), (w0, w1) = self.yield_[1], self.war[1]
        return q * ((w0 + w1 * t) - (a0 + a1 * t))

    def gain_coefficients(self, i: int) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """``gain(i, c, d) = k0 + k1 c + k2 d + k3 c d`` (own cutoff ``c``, other's ``d``)."""
        # gain is affine in t and in d separately: read the four coefficients off four points
        g00, g10 = self.gain(i, Fraction(0), Fraction(0)), self.gain(i, Fraction(1), Fraction(0))
        g01, g11 = self.gain(i, Fraction(0), Fraction(1)), self.gain(i, Fraction(1), Fraction(1))
        return g00, g10 - g00, g01 - g00, g11 - g10 - g01 + g00

    def formulas(self) -> dict[tuple[str, str], tuple[str, str]]:
        """The payoff table as formula text for :class:`gametheory.bayesian.BayesianGame`."""
        def lin(f: Linear, t: str) -> str:
            return f"({f[0]}) + ({f[1]})*{t}"
        (sq, ch), (lower, upper) = self.actions
        tx, ty = self.types
        return {(sq, lower): ("0", "0"), (sq, upper): ("0", "0"),
                (ch, lower): (lin(self.yield_[0], tx), lin(self.yield_[1], ty)),
                (ch, upper): (lin(self.war[0], tx), lin(self.war[1], ty))}

    def bayesian_game(self) -> Any:
        """The same game for the engine's :func:`gametheory.bayesian.solve_cutoffs` (loads sympy)."""
        from gametheory.bayesian import BayesianGame, BayesianPlayer, uniform

        players = [BayesianPlayer(n, t, uniform(*s), a) for n, t, s, a in zip(self.names, self.types, self.supports, self.actions)]
        return BayesianGame(players, self.formulas())


@dataclass(frozen=True)
class CutoffSolution:
    """One cutoff equilibrium: cutoffs, their kinds and the upper-action probabilities."""

    cutoffs: tuple[Fraction, Fraction]
    kinds: tuple[str, str]
    upper: tuple[Fraction, Fraction]

    @property
    def challenge(self) -> Fraction:
        return self.upper[0]

    @property
    def war(self) -> Fraction:
        return self.upper[0] * self.upper[1]


def _solve_affine(k0: Fraction, k1: Fraction) -> list[Fraction] | None:
    """Roots of ``k0 + k1 x``: ``None`` when it vanishes identically."""
    if k1 == 0:
        return None if k0 == 0 else []
    return [-k0 / k1]


def cutoff_equilibria(game: CutoffGame, grid: int | None = None) -> tuple[list[CutoffSolution], list[str]]:
    """Every cutoff equilibrium the engine's enumeration finds, exactly, and the continua noted.

    For each choice of interior / lowest / highest cutoff per player, the interior players'
    indifference conditions (bilinear in the two cutoffs) are solved in Fractions; corner
    cutoffs need a nonnegative (lowest) or nonpositive (highest) gain there. Each candidate
    must then pass the best-response check at ``grid + 1`` types per player and at its cutoff
    (``grid=None``, the default: at the two ends of each support and the cutoff, which covers
    every type because each gain is linear in the own type).
    """
    sup = game.supports
    coef = [game.gain_coefficients(0), game.gain_coefficients(1)]

    def value(i: int, cuts: tuple[Fraction, Fraction]) -> Fraction:
        return game.gain(i, cuts[i], cuts[1 - i])

    notes: list[str] = []
    candidates: list[tuple[tuple[Fraction, Fraction], tuple[str, str]]] = []
    for kinds in itertools.product(("interior", "lowest", "highest"), repeat=2):
        fixed = {i: sup[i][0] if k == "lowest" else sup[i][1] for i, k in enumerate(kinds) if k != "interior"}
        inner = [i for i, k in enumerate(kinds) if k == "interior"]
        sols: list[dict[int, Fraction]] = []
        if len(inner) == 1:
            i = inner[0]
            k0, k1, k2, k3 = coef[i]
            d = fixed[1 - i]
            roots = _solve_affine(k0 + k2 * d, k1 + k3 * d)
            if roots is None:
                notes.append(f"({game.names[0]} {kinds[0]}, {game.names[1]} {kinds[1]}): an interior player is "
                             "indifferent at every cutoff; that continuum is not listed")
                continue
            sols = [{**fixed, i: r} for r in roots if sup[i][0] <= r <= sup[i][1]]
        elif len(inner) == 2:
            if any(k == (0, 0, 0, 0) for k in coef):
                notes.append(f"({game.names[0]} interior, {game.names[1]} interior): an interior player is "
                             "indifferent at every cutoff; that continuum is not listed")
                continue
            sols = _bilinear_system(coef, sup)
        else:
            sols = [dict(fixed)]
        for s in sols:
            cuts = (s[0], s[1])
            if all((k != "lowest" or value(i, cuts) >= 0) and (k != "highest" or value(i, cuts) <= 0)
                   for i, k in enumerate(kinds)):
                candidates.append((cuts, (kinds[0], kinds[1])))
    out: list[CutoffSolution] = []
    seen: set[tuple[Fraction, Fraction]] = set()
    for cuts, kinds in candidates:
        if cuts in seen:
            continue
        seen.add(cuts)
        if best_response_regret(game, cuts, grid, kinds) != 0:
            continue
        out.append(CutoffSolution(cuts, kinds, (game.upper_probability(0, cuts[0]), game.upper_probability(1, cuts[1]))))
    return out, notes


def _bilinear_system(coef: list[tuple[Fraction, Fraction, Fraction, Fraction]],
                     sup: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]) -> list[dict[int, Fraction]]:
    """Isolated solutions in the supports of ``k0 + k1 c_i + k2 c_j + k3 c_i c_j = 0`` for both
    players (``c_i`` own cutoff). Continua (a whole line of solutions) are skipped, as sympy's
    solution sets with a free unknown are by the engine."""
    (a0, a1, a2, a3), (b0, b1, b2, b3) = coef
    # player 0: a0 + a1 x + a2 y + a3 x y = 0 ; player 1: b0 + b1 y + b2 x + b3 x y = 0
    # eliminate x: x (a1 + a3 y) = -(a0 + a2 y); substitute into player 1's times (a1 + a3 y)
    sols: list[tuple[Fraction, Fraction]] = []
    # y with a1 + a3 y = 0 (then a0 + a2 y must vanish too; x then from player 1)
    for y in _solve_affine(a1, a3) or []:
        if a0 + a2 * y == 0:  # player 0 indifferent for every x: x from player 1's condition
            xs = _solve_affine(b0 + b1 * y, b2 + b3 * y)
            sols += [(x, y) for x in xs or []]  # None: a line of solutions, not enumerated
    # generic: (b0 + b1 y)(a1 + a3 y) - (b2 + b3 y)(a0 + a2 y) = 0, quadratic in y
    p0 = b0 * a1 - b2 * a0
    p1 = b0 * a3 + b1 * a1 - b2 * a2 - b3 * a0
    p2 = b1 * a3 - b3 * a2
    ys = _quadratic_rational_roots(p0, p1, p2)
    for y in ys or []:  # None: a curve of solutions, not enumerated (as the engine's)
        den = a1 + a3 * y
        if den != 0:
            sols.append((-(a0 + a2 * y) / den, y))
    out = []
    for x, y in sols:
        if sup[0][0] <= x <= sup[0][1] and sup[1][0] <= y <= sup[1][1]:
            d = {0: x, 1: y}
            if d not in out:
                out.append(d)
    return out


def _quadratic_rational_roots(p0: Fraction, p1: Fraction, p2: Fraction) -> list[Fraction] | None:
    """Real roots of ``p0 + p1 y + p2 y^2`` when rational; irrational roots raise (the caller
    falls back to the engine); ``None`` when the polynomial vanishes."""
    if p2 == 0:
        return _solve_affine(p0, p1)
    disc = p1 * p1 - 4 * p2 * p0
    if disc < 0:
        return []
    r = _fraction_sqrt(disc)
    if r is None:
        raise PrivateValuesError("private values: an irrational cutoff (use gametheory.bayesian.solve_cutoffs)")
    return sorted({(-p1 - r) / (2 * p2), (-p1 + r) / (2 * p2)})


def _fraction_sqrt(x: Fraction) -> Fraction | None:
    from math import isqrt

    n, d = isqrt(x.numerator), isqrt(x.denominator)
    return Fraction(n, d) if n * n == x.numerator and d * d == x.denominator else None


def best_response_regret(game: CutoffGame, cuts: tuple[Fraction, Fraction], grid: int | None = GRID,
                         kinds: tuple[str, str] = ("interior", "interior")) -> Fraction:
    """Largest gain from deviating, over ``grid + 1`` types per player and the cutoffs (exact).

    A cutoff at the highest type means the lower action for every type but that one (a null
    set), so there every type is checked against the lower action. (The engine's
    ``check_cutoffs`` counts the top type as playing the upper action, which rejects every
    never-challenge equilibrium unless the top type is exactly indifferent.) The gains are
    linear in the own type, so a check at the support's ends and the cutoff (``grid=None``)
    covers every type.
    """
    worst = Fraction(0)
    for i in (0, 1):
        lo, hi = game.supports[i]
        pts = [lo, hi] if grid is None else [lo + (hi - lo) * k / grid for k in range(grid + 1)]
        for t in [*pts, cuts[i]]:
            g = game.gain(i, t, cuts[1 - i])
            upper = t >= cuts[i] and kinds[i] != "highest"
            worst = max(worst, -g if upper else g)
    return worst


def defender_resolve_gain(game: CutoffGame) -> Linear:
    """The defender's gain from resisting once challenged, ``(constant, slope)`` in its own type.
    Payoffs do not involve the challenger's type, so it does not depend on the defender's
    belief about that type."""
    (a0, a1), (w0, w1) = game.yield_[1], game.war[1]
    return w0 - a0, w1 - a1


def _own_cutoff(k0: Fraction, k1: Fraction, lo: Fraction, hi: Fraction) -> tuple[Fraction, str] | None:
    """The cutoff of a player whose gain of its upper action is ``k0 + k1 t`` on ``[lo, hi]``:
    ``None`` when that is not a cutoff strategy (the gain falls through 0, or vanishes)."""
    g_lo, g_hi = k0 + k1 * lo, k0 + k1 * hi
    if g_lo >= 0 and g_hi >= 0 and (g_lo, g_hi) != (0, 0):
        return lo, "lowest"
    if g_lo <= 0 and g_hi <= 0 and (g_lo, g_hi) != (0, 0):
        return hi, "highest"
    if k1 > 0:
        return -k0 / k1, "interior"
    return None


def perfect_cutoff_equilibrium(game: CutoffGame) -> CutoffSolution | None:
    """The cutoff equilibrium in which the defender would carry out its choice if challenged
    (perfect Bayesian: sequentially rational at its move, whatever its belief), exactly.

    The defender resists iff its :func:`defender_resolve_gain` is nonnegative (a cutoff in its
    own type); the challenger best-responds to the resulting chance of resistance. ``None``
    when either best response is not a cutoff strategy (or a player is indifferent throughout).
    The result is checked by :func:`best_response_regret` (every type, exactly).
    """
    (ly, hy), (lx, hx) = game.supports[1], game.supports[0]
    d = _own_cutoff(*defender_resolve_gain(game), ly, hy)
    if d is None:
        return None
    k0, k1, k2, k3 = game.gain_coefficients(0)
    c = _own_cutoff(k0 + k2 * d[0], k1 + k3 * d[0], lx, hx)
    if c is None:
        return None
    cuts, kinds = (c[0], d[0]), (c[1], d[1])
    if best_response_regret(game, cuts, None, kinds) != 0:  # pragma: no cover - by construction
        raise PrivateValuesError(f"private values: the perfect cutoff profile {cuts} fails its check")
    up_x = Fraction(0) if kinds[0] == "highest" else game.upper_probability(0, cuts[0])
    up_y = Fraction(0) if kinds[1] == "highest" else game.upper_probability(1, cuts[1])
    return CutoffSolution(cuts, kinds, (up_x, up_y))


def solve_exact(game: CutoffGame) -> tuple[list[CutoffSolution], list[str]]:
    """:func:`cutoff_equilibria`, falling back to the engine's
    :func:`gametheory.bayesian.solve_cutoffs` (sympy) where a cutoff would be irrational."""
    try:
        return cutoff_equilibria(game)
    except PrivateValuesError:
        from gametheory.bayesian import solve_cutoffs

        res = solve_cutoffs(game.bayesian_game())
        sols = []
        for e in res.equilibria:
            cuts = (e.cutoffs[game.names[0]], e.cutoffs[game.names[1]])
            up = (e.upper_probability[game.names[0]], e.upper_probability[game.names[1]])
            sols.append(CutoffSolution(cuts, (e.kinds[game.names[0]], e.kinds[game.names[1]]), up))
        return sols, ["private values: solved by gametheory.bayesian.solve_cutoffs (an irrational cutoff)"]


def _named(game: CutoffGame, cuts: tuple[Fraction, Fraction]) -> str:
    from gametheory.modeling.text import readable

    return ", ".join(f"{n} {readable(c)}" for n, c in zip(game.names, cuts))


def lens_result(game: CutoffGame | None, challenge: str, resist: str, private: str) -> tuple[dict[str, Any], str, list[str]]:
    """Quantities, one sentence (with its mechanism) and notes of the private-values lens.

    The lens reports the perfect cutoff equilibrium (:func:`perfect_cutoff_equilibrium`); the
    cutoff equilibria of the simultaneous Bayesian game (:func:`cutoff_equilibria`, what the
    engine's ``solve_cutoffs`` lists) are given as well, with a note on those that rest on a
    threat the defender would not carry out. ``challenge`` is the challenger's upper action
    (a verb), ``resist`` the defender's upper action as a clause, ``private`` what the
    defender's type is.
    """
    from gametheory.modeling.text import readable as r

    pct = f"{int(SPREAD * 100)}%"
    empty: dict[str, Any] = {"private_values_cutoffs": None, "private_values_probability_of_challenge": None,
                             "private_values_probability_of_resistance": None,
                             "private_values_probability_of_war": None, "private_values_bayesian_nash_cutoffs": []}
    if game is None:
        return empty, "", ["private values: not computed (a value of 0 leaves no spread of types)"]
    sols, found_notes = solve_exact(game)
    pbe = perfect_cutoff_equilibrium(game)
    (cx, dy), ty = game.names, game.types[1]
    q: dict[str, Any] = {**empty, "private_values_supports": {t: list(sp) for t, sp in zip(game.types, game.supports)},
                         "private_values_bayesian_nash_cutoffs": [dict(zip(game.names, x.cutoffs)) for x in sols]}
    notes = [f"private values: cutoff (monotone) strategies only, one move each (Fearon 1994 cut as in "
             f"tests/test_bayesian.py); types uniform within +-{pct}, an illustrative spread"]
    lead = (f"With private values ({cx}'s value of the stake and {private} uniform within +-{pct} of the values "
            f"above, cutoff strategies; one move each, so a resisted challenge means war)")
    if pbe is None:
        notes.append("private values: a best response is not a cutoff strategy here; no perfect cutoff equilibrium")
        return q, f"{lead}, there is no equilibrium in cutoff strategies that the defender would carry out.", notes
    q.update({"private_values_cutoffs": dict(zip(game.names, pbe.cutoffs)),
              "private_values_probability_of_challenge": pbe.challenge,
              "private_values_probability_of_resistance": pbe.upper[1],
              "private_values_probability_of_war": pbe.war})
    others = [x for x in sols if x.cutoffs != pbe.cutoffs]
    if others:
        notes.append(f"private values: {len(others)} further cutoff equilibri{'um' if len(others) == 1 else 'a'} of "
                     f"the simultaneous game (cutoffs {'; '.join(_named(game, x.cutoffs) for x in others)}) rest on "
                     f"a threat {dy} would not carry out if challenged (not perfect Bayesian); not reported")
    who = {"lowest": f"all types of {cx} would {challenge}", "highest": f"no type of {cx} would {challenge}",
           "interior": f"{cx} would {challenge} iff its value is at least {r(pbe.cutoffs[0])}"}[pbe.kinds[0]]
    resists = {"lowest": f"{resist} whatever its value", "highest": f"{resist} for no value in the range",
               "interior": f"{resist} iff {ty} is at least {r(pbe.cutoffs[1])}"}[pbe.kinds[1]]
    text = (f"{lead}, {who} and {resists}: a challenge with probability {r(pbe.challenge, 'probability')}, "
            f"resistance with probability {r(pbe.upper[1], 'probability')}, war with probability "
            f"{r(pbe.war, 'probability')}. Mechanism: the defender resists iff its own value makes the war worth "
            f"more to it than giving way, and {cx}, which cannot see that value, challenges iff its own value "
            "makes a challenge pay against that chance of resistance.")
    notes += [f"private values: {n}" for n in found_notes]
    return q, text, notes
