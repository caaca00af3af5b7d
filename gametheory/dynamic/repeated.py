"""Discounted infinite repetition of a normal-form stage game.

A stage game is played in every period ``t = 0, 1, 2, ...``; each player values a stream
of stage payoffs ``u_t`` by the normalised discounted sum ``(1 - delta) * sum delta**t u_t``
(so a constant stream ``u`` is worth ``u``). Actions are observed perfectly.

What this module computes, every number exact (Fractions):

* :func:`minmax_values` -- each player's pure minmax (the opponents pick pure actions) and
  mixed minmax (one opponent mixes: a linear program solved by HiGHS and certified exactly
  by :func:`gametheory._kernel.lp.certified_optimum`; with several opponents the LP lets
  them correlate, which the result says).
* :func:`individually_rational_set` -- for two players, the feasible individually rational
  set: the convex hull of the stage payoff vectors cut by ``w_i >= minmax_i``, as the
  exact vertices of a convex polygon.
* :class:`Automaton` with the built-ins :func:`grim_trigger`, :func:`tit_for_tat` and
  :func:`carrot_and_stick` (Abreu 1988) -- a strategy profile given by states, the pure
  action profile played in each state and a transition on the observed profile.
* :func:`check_automaton` -- the one-shot deviation check of an automaton (Fudenberg and
  Tirole 1991, Theorem 4.2: a profile of a discounted game is subgame perfect exactly when
  no player gains by deviating once, in any state, and conforming afterwards). The state
  values are rational functions of ``delta``; every deviation gain, multiplied by the
  (positive) denominators, is a polynomial in ``delta``, and the set of discount factors
  at which no gain is positive is computed exactly from the real roots of these
  polynomials (rational roots as Fractions, irrational ones as
  :class:`~gametheory.extensive.univariate.AlgebraicPoint`). The critical discount factor
  is the smallest ``delta`` in that set.

The subgame-perfect payoff set of two-player games (Abreu and Sannikov 2014) is in
:mod:`gametheory.dynamic.abreu_sannikov`.

References
----------
Abreu, D. (1988). On the theory of infinitely repeated games with discounting.
Econometrica 56(2), 383-396.
Fudenberg, D. and Tirole, J. (1991). Game Theory. MIT Press, chapter 5.
Mailath, G. and Samuelson, L. (2006). Repeated Games and Reputations. Oxford UP, ch. 2.

>>> from gametheory.normal.game import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> check_automaton(pd, grim_trigger(pd)).critical
Fraction(1, 2)
>>> [str(v) for v in minmax_values(pd).mixed]
['1', '1']
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import to_fraction
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.normal.game import NormalFormGame

__all__ = [
    "Automaton",
    "AutomatonCheck",
    "MinmaxResult",
    "PayoffSet",
    "carrot_and_stick",
    "check_automaton",
    "check_delta",
    "convex_hull",
    "grim_trigger",
    "individually_rational_set",
    "minmax_values",
    "tit_for_tat",
]

#: Largest number of pure profiles of a stage game handled here.
MAX_PROFILES = 10_000
#: Largest number of automaton states.
MAX_STATES = 200


def _num(v: Any) -> str:
    """A number for a sentence: three significant digits (the exact value is in the JSON)."""
    x = float(v)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{float(f'{x:.3g}'):g}"


def check_delta(delta: Any, where: str = "delta") -> Fraction:
    """``delta`` as an exact Fraction in ``[0, 1)``; a clear :class:`GameError` otherwise."""
    if isinstance(delta, float) and not math.isfinite(delta):
        raise GameError(f"{where}: the discount factor must be a number in [0, 1), got {delta!r}")
    d = delta if isinstance(delta, Fraction) else to_fraction(delta, where)
    if not 0 <= d < 1:
        raise GameError(f"{where}: the discount factor must lie in [0, 1), got {d}")
    return d


def _exact_game(game: Any) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"repeated games need a NormalFormGame stage game, got {type(game).__name__}")
    if math.prod(game.shape) > MAX_PROFILES:
        raise GameSizeError(f"stage game has {math.prod(game.shape):,} pure profiles; at most {MAX_PROFILES:,}")
    return game if game.is_exact else game.to_exact()


def _payoff(game: NormalFormGame, profile: Sequence[int], i: int) -> Fraction:
    return Fraction(game.payoffs[tuple(profile) + (i,)])


# --------------------------------------------------------------------------- minmax
@dataclass(frozen=True, kw_only=True)
class MinmaxResult(Result):
    """Each player's minmax values in the stage game.

    Attributes
    ----------
    players:
        Player names.
    pure, mixed:
        The pure minmax (opponents use pure actions) and the mixed minmax (opponents mix;
        with more than one opponent they may correlate) of each player, exact.
    pure_punishers:
        For each player, the opponents' pure profile (strategy names) attaining the pure minmax.
    mixed_punishers:
        For each player, the opponents' (possibly correlated) mixture attaining the mixed
        minmax: a mapping from the opponents' pure profile (names) to its probability.
    """

    players: tuple[str, ...] = ()
    pure: tuple[Fraction, ...] = ()
    mixed: tuple[Fraction, ...] = ()
    pure_punishers: tuple[tuple[str, ...], ...] = ()
    mixed_punishers: tuple[Mapping[tuple[str, ...], Fraction], ...] = ()

    def summary(self) -> str:
        """The values in one line per player (decimals)."""
        return "\n".join(
            f"{p}: pure minmax {_num(a)}, mixed minmax {_num(b)}" for p, a, b in zip(self.players, self.pure, self.mixed)
        )


def _mixed_minmax(U: np.ndarray) -> tuple[Fraction, list[Fraction]]:
    """``min_q max_a sum_b U[a, b] q[b]`` over distributions ``q`` on the columns, exactly.

    ``U`` (object array of Fractions, shape ``(own actions, opponent profiles)``).
    HiGHS suggests the optimum; :func:`certified_optimum` proves it exactly; when no rung
    certifies, the exact vertex enumeration of the zero-sum game is the fallback.
    """
    from gametheory._kernel.lp import ExactLP, certified_optimum, solve_float

    m, n = U.shape
    # max -v  s.t.  U q - v <= 0, sum q = 1, q >= 0, v free   (variables q_1..q_n, v)
    rows = [[U[a, b] for b in range(n)] + [-1] for a in range(m)]
    lp = ExactLP(c=[0] * n + [-1], A_ub=rows, b_ub=[0] * m, A_eq=[[1] * n + [0]], b_eq=[1],
                 nonneg=[True] * n + [False])
    Uf = U.astype(np.float64)
    scale = float(np.max(np.abs(Uf))) or 1.0
    flp = solve_float(np.r_[np.zeros(n), 1.0], A_ub=np.hstack([Uf / scale, -np.ones((m, 1))]), b_ub=np.zeros(m),
                      A_eq=np.r_[np.ones(n), 0.0].reshape(1, -1), b_eq=[1.0],
                      bounds=[(0, None)] * n + [(None, None)], method="highs-ds")

    def fallback() -> Any:
        from gametheory.normal.solvers.enummixed import enummixed_solve

        zs = NormalFormGame.zero_sum([[-U[a, b] for a in range(m)] for b in range(n)])  # opponents maximise -U
        eq = enummixed_solve(zs, exact=True).equilibria[0]
        q = [Fraction(x) for x in eq.profile[0]]
        v = max(sum((U[a, b] * q[b] for b in range(n)), Fraction(0)) for a in range(m))
        from gametheory._kernel.lp import Certified

        return Certified(q + [v], [], [], -v)

    cert = certified_optimum(lp, flp, fallback=fallback if m * n <= 400 else None)
    if cert is None:  # pragma: no cover - HiGHS always finds this bounded LP's optimum
        raise SolverError("minmax: the LP could not be certified exactly")
    q = cert.x[:n]
    return -cert.value if cert.how == "certified" else cert.x[-1], q


def minmax_values(game: NormalFormGame) -> MinmaxResult:
    """Pure and mixed minmax values of every player of ``game`` (exact).

    The pure minmax of player ``i`` is ``min`` over the opponents' pure profiles of ``i``'s
    best stage payoff; the mixed minmax lets the opponents mix (one LP per player, solved
    exactly). No equilibrium of the repeated game gives a player less than the mixed minmax
    (less than the pure minmax when only pure actions are played).

    >>> from gametheory.normal.game import NormalFormGame
    >>> mp = NormalFormGame.zero_sum([[1, -1], [-1, 1]])   # matching pennies
    >>> r = minmax_values(mp)
    >>> [str(v) for v in r.pure], [str(v) for v in r.mixed]
    (['1', '1'], ['0', '0'])
    """
    t0 = time.perf_counter()
    g = _exact_game(game)
    n = g.num_players
    pure, mixed, pp, mp = [], [], [], []
    for i in range(n):
        U = np.moveaxis(g.payoffs[..., i], i, 0).reshape(g.shape[i], -1)  # own action x opponent profile
        others = [k for k in range(n) if k != i]
        opp_profiles = list(itertools.product(*(range(g.shape[k]) for k in others)))
        best = [max(U[:, b]) for b in range(U.shape[1])]
        j = min(range(len(best)), key=lambda b: best[b])
        pure.append(Fraction(best[j]))
        pp.append(tuple(g.strategies[k][a] for k, a in zip(others, opp_profiles[j])))
        v, q = _mixed_minmax(U)
        mixed.append(v)
        mp.append({tuple(g.strategies[k][a] for k, a in zip(others, opp_profiles[b])): q[b]
                   for b in range(len(q)) if q[b]})
    diags = ("with more than one opponent the mixed minmax lets the opponents correlate their punishment",) if n > 2 else ()
    return MinmaxResult(players=g.players, pure=tuple(pure), mixed=tuple(mixed), pure_punishers=tuple(pp),
                        mixed_punishers=tuple(mp), method="minmax_lp", arithmetic="exact",
                        elapsed=time.perf_counter() - t0, diagnostics=diags)


# --------------------------------------------------------------------------- payoff sets
Point2 = tuple[Fraction, Fraction]


def _cross(o: Any, a: Any, b: Any) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Sequence[Sequence[Any]]) -> list[Point2]:
    """The vertices of the convex hull of plane points, counter-clockwise from the lowest-left
    one, exactly (Andrew's monotone chain; collinear points dropped).

    >>> convex_hull([(0, 0), (2, 0), (1, 1), (0, 2), (2, 2), (1, 0)])
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(0, 1)), (Fraction(2, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(2, 1))]
    """
    return hull_of_sorted(sorted({(Fraction(p[0]), Fraction(p[1])) for p in points}))


def hull_of_sorted(pts: list[Any]) -> list[Any]:
    """Monotone chain on distinct points sorted lexicographically, in any exact ordered field
    (Fractions, python-flint ``fmpq``): the hull's vertices counter-clockwise."""
    if len(pts) <= 2:
        return pts
    lower: list[Any] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Any] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(poly: list[Point2], axis: int, bound: Fraction) -> list[Point2]:
    """The convex polygon ``poly`` cut by the half-plane ``p[axis] >= bound`` (exact)."""
    out: list[Point2] = []
    k = len(poly)
    for j in range(k):
        p, q = poly[j], poly[(j + 1) % k] if k > 1 else poly[j]
        pin, qin = p[axis] >= bound, q[axis] >= bound
        if pin:
            out.append(p)
        if pin != qin:
            t = (bound - p[axis]) / (q[axis] - p[axis])
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return convex_hull(out) if out else []


@dataclass(frozen=True, kw_only=True)
class PayoffSet(Result):
    """The feasible individually rational payoff set of a two-player repeated game.

    Attributes
    ----------
    players:
        Player names.
    feasible:
        Vertices of the convex hull of the stage payoff vectors (counter-clockwise, exact).
    minmax:
        The minmax value of each player used for the cut (mixed unless ``pure=True``).
    vertices:
        Vertices of the feasible set cut by ``w_i >= minmax_i`` (empty when the cut leaves
        nothing); by the folk theorem (Fudenberg and Maskin 1986) every payoff in its
        relative interior is a subgame-perfect payoff when players are patient enough.
    """

    players: tuple[str, ...] = ()
    feasible: tuple[Point2, ...] = ()
    minmax: tuple[Fraction, ...] = ()
    vertices: tuple[Point2, ...] = ()

    def summary(self) -> str:
        """The vertices in words (decimals)."""
        pts = ", ".join(f"({_num(x)}, {_num(y)})" for x, y in self.vertices) or "(empty)"
        return (f"feasible individually rational set of {self.players[0]} and {self.players[1]} "
                f"(minmax {_num(self.minmax[0])}, {_num(self.minmax[1])}): vertices {pts}")


def individually_rational_set(game: NormalFormGame, *, pure: bool = False) -> PayoffSet:
    """The feasible individually rational payoff set of a two-player stage game (exact).

    The convex hull of the stage payoff vectors, cut by each player's mixed minmax (pure
    minmax with ``pure=True``).

    >>> from gametheory.normal.game import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [(str(x), str(y)) for x, y in individually_rational_set(pd).vertices]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    t0 = time.perf_counter()
    g = _exact_game(game)
    if g.num_players != 2:
        raise SolverError(f"the payoff set is drawn for two players; this game has {g.num_players}")
    mm = minmax_values(g)
    cut = mm.pure if pure else mm.mixed
    pts = [(Fraction(g.payoffs[a + (0,)]), Fraction(g.payoffs[a + (1,)])) for a in itertools.product(*map(range, g.shape))]
    hull = convex_hull(pts)
    poly = list(hull)
    for i in (0, 1):
        poly = _clip(poly, i, cut[i]) if poly else []
    return PayoffSet(players=g.players, feasible=tuple(hull), minmax=tuple(cut), vertices=tuple(poly),
                     method="convex_hull", arithmetic="exact", elapsed=time.perf_counter() - t0,
                     parameters={"minmax": "pure" if pure else "mixed"})


# --------------------------------------------------------------------------- automata
@dataclass(frozen=True)
class Automaton:
    """A strategy profile of the repeated game as one automaton shared by all players.

    Attributes
    ----------
    states:
        State names.
    actions:
        For each state, the pure action profile (strategy indices) played in it.
    transitions:
        For each state, the next state (an index) for every pure profile that may be
        observed, as a tuple in row-major order of the stage game's profiles.
    initial:
        Index of the state of period 0.
    name:
        A label (``"grim trigger"``, ...).
    """

    states: tuple[str, ...]
    actions: tuple[tuple[int, ...], ...]
    transitions: tuple[tuple[int, ...], ...]
    initial: int = 0
    name: str = ""

    @classmethod
    def from_rules(cls, game: NormalFormGame, actions: Mapping[str, Sequence[int | str]],
                   transitions: Mapping[str, Mapping[Any, str]], *, initial: str | None = None,
                   name: str = "") -> Automaton:
        """An automaton from readable rules.

        ``actions`` maps each state name to the profile played there (strategy names or
        indices); ``transitions`` maps each state to ``{observed profile: next state}``,
        where the key ``"*"`` is the next state for every profile not listed (default: stay).
        ``initial`` defaults to the first state.

        >>> from gametheory.normal.game import NormalFormGame
        >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> a = Automaton.from_rules(pd, {"c": (0, 0), "p": (1, 1)}, {"c": {(0, 0): "c", "*": "p"}})
        >>> a.transitions
        ((0, 1, 1, 1), (1, 1, 1, 1))
        """
        names = tuple(str(s) for s in actions)
        if not names:
            raise GameError("automaton: give at least one state")
        if len(names) > MAX_STATES:
            raise GameSizeError(f"automaton: {len(names)} states; at most {MAX_STATES}")
        index = {s: k for k, s in enumerate(names)}
        acts = tuple(_profile(game, actions[s], f"state {s!r}") for s in names)
        flat = list(itertools.product(*map(range, game.shape)))
        pos = {p: k for k, p in enumerate(flat)}
        table = []
        for s in names:
            rules = dict(transitions.get(s, {}))
            for target in rules.values():
                if target not in index:
                    raise GameError(f"automaton: state {s!r} moves to unknown state {target!r}")
            default = index[rules.pop("*", s)]
            row = [default] * len(flat)
            for key, target in rules.items():
                row[pos[_profile(game, key, f"transition of state {s!r}")]] = index[target]
            table.append(tuple(row))
        for s in transitions:
            if s not in index:
                raise GameError(f"automaton: transitions of unknown state {s!r}")
        start = 0 if initial is None else index.get(initial, -1)
        if start < 0:
            raise GameError(f"automaton: unknown initial state {initial!r}")
        return cls(names, acts, tuple(table), start, name)

    def to_json(self) -> dict[str, Any]:
        """States, their profiles and transitions as JSON."""
        return json_value({"name": self.name, "states": list(self.states), "actions": [list(a) for a in self.actions],
                           "transitions": [list(t) for t in self.transitions], "initial": self.initial})


def _profile(game: NormalFormGame, p: Any, where: str) -> tuple[int, ...]:
    if isinstance(p, str) or not isinstance(p, Sequence) or len(p) != game.num_players:
        raise GameError(f"automaton: {where}: expected one action per player ({game.num_players}), got {p!r}")
    out = []
    for i, a in enumerate(p):
        if isinstance(a, str):
            if a not in game.strategies[i]:
                raise GameError(f"automaton: {where}: {game.players[i]!r} has no strategy {a!r}")
            out.append(game.strategies[i].index(a))
        elif isinstance(a, (int, np.integer)) and not isinstance(a, bool) and 0 <= a < game.shape[i]:
            out.append(int(a))
        else:
            raise GameError(f"automaton: {where}: bad action {a!r} for {game.players[i]!r}")
    return tuple(out)


def _pure_nash(game: NormalFormGame) -> tuple[int, ...] | None:
    for p in itertools.product(*map(range, game.shape)):
        if all(_payoff(game, p, i) >= max(_payoff(game, p[:i] + (b,) + p[i + 1:], i) for b in range(game.shape[i]))
               for i in range(game.num_players)):
            return p
    return None


def grim_trigger(game: NormalFormGame, cooperate: Sequence[int | str] | None = None,
                 punish: Sequence[int | str] | None = None) -> Automaton:
    """Grim trigger: play ``cooperate`` until anyone deviates, then ``punish`` forever.

    Defaults: ``cooperate`` is every player's first strategy, ``punish`` the first pure
    Nash equilibrium of the stage game (so the punishment is itself an equilibrium).
    """
    if cooperate is None:
        cooperate = (0,) * game.num_players
    if punish is None:
        punish = _pure_nash(game)
        if punish is None:
            raise GameError("grim trigger: the stage game has no pure Nash equilibrium; give punish=")
    return Automaton.from_rules(game, {"cooperate": cooperate, "punish": punish},
                                {"cooperate": {tuple(cooperate): "cooperate", "*": "punish"}},
                                name="grim trigger")


def tit_for_tat(game: NormalFormGame, cooperate: Sequence[int | str] = (0, 0)) -> Automaton:
    """Tit-for-tat for two players with the same number of actions: start with ``cooperate``,
    then each player plays what the other played in the previous period (a state per
    profile: the profile to be played next)."""
    if game.num_players != 2 or game.shape[0] != game.shape[1]:
        raise GameError("tit-for-tat needs two players with the same number of actions")
    flat = list(itertools.product(*map(range, game.shape)))
    start = _profile(game, cooperate, "cooperate")
    names = {p: ",".join(game.strategies[i][a] for i, a in enumerate(p)) for p in flat}
    actions = {names[p]: p for p in flat}
    transitions = {names[p]: {q: names[(q[1], q[0])] for q in flat} for p in flat}
    return Automaton.from_rules(game, actions, transitions, initial=names[start], name="tit-for-tat")


def carrot_and_stick(game: NormalFormGame, cooperate: Sequence[int | str] | None = None,
                     stick: Sequence[int | str] | None = None, periods: int = 1) -> Automaton:
    """Abreu's (1988) stick and carrot: play ``cooperate``; after any deviation play ``stick``
    for ``periods`` periods and return to ``cooperate``; a deviation from the stick restarts it.

    Defaults: ``cooperate`` the first strategies; ``stick`` the last strategies.
    """
    if not isinstance(periods, int) or isinstance(periods, bool) or not 1 <= periods <= MAX_STATES - 1:
        raise GameError(f"carrot-and-stick: periods must be an integer in 1..{MAX_STATES - 1}, got {periods!r}")
    if cooperate is None:
        cooperate = (0,) * game.num_players
    if stick is None:
        stick = tuple(n - 1 for n in game.shape)
    sticks = [f"stick {k + 1}" for k in range(periods)]
    actions: dict[str, Sequence[int | str]] = {"carrot": cooperate, **{s: stick for s in sticks}}
    transitions: dict[str, dict[Any, str]] = {"carrot": {tuple(cooperate): "carrot", "*": sticks[0]}}
    for k, s in enumerate(sticks):
        transitions[s] = {tuple(stick): sticks[k + 1] if k + 1 < periods else "carrot", "*": sticks[0]}
    return Automaton.from_rules(game, actions, transitions, name=f"carrot-and-stick ({periods} period"
                                f"{'s' if periods > 1 else ''})")


# --------------------------------------------------------------------------- one-shot deviations
@dataclass(frozen=True)
class Interval:
    """A set of discount factors ``lo .. hi`` (ends exact: Fractions or algebraic numbers),
    each end included or not."""

    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool

    def __str__(self) -> str:
        return f"{'[' if self.lo_closed else '('}{_num(self.lo)}, {_num(self.hi)}{']' if self.hi_closed else ')'}"

    def to_json(self) -> dict[str, Any]:
        """Ends exactly (Fraction strings or root text) and whether each is included."""
        return {"lo": json_value(self.lo), "hi": json_value(self.hi), "lo_closed": self.lo_closed,
                "hi_closed": self.hi_closed}


@dataclass(frozen=True, kw_only=True)
class AutomatonCheck(Result):
    """The one-shot deviation check of an automaton in the repeated game.

    Attributes
    ----------
    automaton:
        The automaton checked.
    holds_on:
        The discount factors in ``[0, 1)`` at which no one-shot deviation pays in any
        reachable state, as disjoint intervals (exact ends).
    critical:
        The smallest such discount factor (a Fraction, an algebraic number, or ``None``
        when there is none); ``critical_attained`` says whether it belongs to the set.
    delta:
        The discount factor asked about (or ``None``).
    subgame_perfect:
        Whether the automaton is a subgame-perfect equilibrium at ``delta`` (``None``
        without ``delta``).
    values:
        With ``delta``: each reachable state's value to each player (exact).
    violations:
        With ``delta``: the one-shot deviations that pay, as
        ``(state, player, deviation strategy, gain)``.
    """

    automaton: Automaton
    holds_on: tuple[Interval, ...] = ()
    critical: Any = None
    critical_attained: bool = False
    delta: Fraction | None = None
    subgame_perfect: bool | None = None
    values: Mapping[str, tuple[Fraction, ...]] | None = None
    violations: tuple[tuple[str, str, str, Fraction], ...] = ()

    def summary(self) -> str:
        """Verdict in words (decimals; exact values in the JSON)."""
        name = self.automaton.name or "the automaton"
        if self.critical is None:
            head = f"{name}: a one-shot deviation pays at every discount factor in [0, 1)"
        else:
            sets = " and ".join(str(iv) for iv in self.holds_on)
            head = (f"{name}: no one-shot deviation pays for delta in {sets}; critical discount factor "
                    f"{_num(self.critical)}")
        if self.delta is None:
            return head
        verdict = "subgame perfect" if self.subgame_perfect else "not subgame perfect"
        lines = [head, f"at delta = {_num(self.delta)}: {verdict}"]
        for s, p, b, gain in self.violations[:5]:
            lines.append(f"  in state {s}, {p} gains {_num(gain)} by playing {b} once")
        return "\n".join(lines)


def _reachable(a: Automaton) -> list[int]:
    seen, stack = {a.initial}, [a.initial]
    while stack:
        s = stack.pop()
        for t in set(a.transitions[s]):
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return sorted(seen)


def _state_values(g: NormalFormGame, a: Automaton, pos: Mapping[tuple[int, ...], int]) -> list[tuple[Any, Any]]:
    """Each state's value as ``(numerators, denominator)``: python-flint polynomials in delta
    (one numerator per player), the denominator ``1 + d + ... + d**(c-1)`` > 0 on [0, 1]."""
    from flint import fmpq, fmpq_poly

    d = fmpq_poly([0, 1])
    one = fmpq_poly([1])
    n = g.num_players
    out = []
    for s in range(len(a.states)):
        path: list[int] = []
        index: dict[int, int] = {}
        t = s
        while t not in index:
            index[t] = len(path)
            path.append(t)
            t = a.transitions[t][pos[a.actions[t]]]
        p = index[t]
        c = len(path) - p
        R = sum((d ** k for k in range(c)), fmpq_poly([0]))
        nums = []
        for i in range(n):
            u = [_payoff(g, a.actions[x], i) for x in path]
            pre = sum((fmpq(x.numerator, x.denominator) * d ** k for k, x in enumerate(u[:p])), fmpq_poly([0]))
            cyc = sum((fmpq(x.numerator, x.denominator) * d ** k for k, x in enumerate(u[p:])), fmpq_poly([0]))
            nums.append((one - d) * pre * R + d ** p * cyc)
        out.append((nums, R))
    return out


def _sign_at_point(poly: Any, x: Any) -> int:
    """The sign of ``poly`` at an exact point (a Fraction or an AlgebraicPoint)."""
    from flint import fmpq

    from gametheory.extensive.univariate import AlgebraicPoint, real_roots

    if isinstance(x, Fraction):
        v = poly(fmpq(x.numerator, x.denominator))
        return (v > 0) - (v < 0)
    assert isinstance(x, AlgebraicPoint)
    if poly.degree() < 0:
        return 0
    if (poly % x.poly).degree() < 0:  # x is a root of poly
        return 0
    while True:  # refine until poly has no root on [lo, hi]: its sign there is its sign at x
        lo, hi = x.lo, x.hi
        slo = poly(fmpq(lo.numerator, lo.denominator))
        shi = poly(fmpq(hi.numerator, hi.denominator))
        if slo != 0 and shi != 0 and (slo > 0) == (shi > 0) and not real_roots(poly, lo, hi):
            return 1 if slo > 0 else -1
        x = x.refine((hi - lo) / 2)


def check_automaton(game: NormalFormGame, automaton: Automaton, delta: Any = None) -> AutomatonCheck:
    """One-shot deviation check of ``automaton``: exact set of discount factors at which it is
    a subgame-perfect equilibrium, its critical discount factor and, at ``delta``, the verdict.

    Every state reachable from the initial state under some history is checked, for every
    player and every alternative pure action (a mixed deviation never gains more than the
    best pure one).

    >>> from gametheory.normal.game import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> r = check_automaton(pd, grim_trigger(pd), delta="2/5")
    >>> r.critical, r.subgame_perfect
    (Fraction(1, 2), False)
    """
    from flint import fmpq, fmpq_poly

    from gametheory.extensive.univariate import AlgebraicPoint, point_between, real_roots, sorted_points

    t0 = time.perf_counter()
    g = _exact_game(game)
    dval = None if delta is None else check_delta(delta)
    a = automaton
    if len(a.states) > MAX_STATES:
        raise GameSizeError(f"automaton: {len(a.states)} states; at most {MAX_STATES}")
    flat = list(itertools.product(*map(range, g.shape)))
    if any(len(row) != len(flat) for row in a.transitions) or len(a.actions) != len(a.states):
        raise GameError("automaton: its tables do not match the stage game (one next state per pure profile)")
    pos = {p: k for k, p in enumerate(flat)}
    vals = _state_values(g, a, pos)
    d = fmpq_poly([0, 1])
    one = fmpq_poly([1])
    reach = _reachable(a)
    gains: list[tuple[int, int, int, Any]] = []  # (state, player, action, polynomial: > 0 iff the deviation pays)
    for s in reach:
        prof = a.actions[s]
        Ns, Ds = vals[s]
        for i in range(g.num_players):
            for b in range(g.shape[i]):
                if b == prof[i]:
                    continue
                dev = prof[:i] + (b,) + prof[i + 1:]
                s2 = a.transitions[s][pos[dev]]
                N2, D2 = vals[s2]
                u = _payoff(g, dev, i)
                H = (one - d) * fmpq(u.numerator, u.denominator) * Ds * D2 + d * N2[i] * Ds - Ns[i] * D2
                gains.append((s, i, b, H))
    # exact set {delta in [0, 1): every H <= 0}
    roots: list[Any] = []
    for *_, H in gains:
        if H.degree() > 0:
            roots += real_roots(H, Fraction(0), Fraction(1))
    pts = [Fraction(0)] + sorted_points(roots) if roots else [Fraction(0)]
    pieces: list[tuple[Any, Any, bool]] = []  # (lo, hi, holds) : point pieces have lo == hi
    ok = lambda x: all(_sign_at_point(H, x) <= 0 for *_, H in gains)  # noqa: E731
    for k, x in enumerate(pts):
        pieces.append((x, x, ok(x)))
        hi = pts[k + 1] if k + 1 < len(pts) else Fraction(1)
        pieces.append((x, hi, ok(point_between(x, hi))))
    intervals: list[Interval] = []
    cur: list[Any] | None = None  # [lo, lo_closed, hi, hi_closed]
    for lo, hi, holds in pieces:
        is_point = lo is hi
        if holds:
            if cur is None:
                cur = [lo, is_point, hi, is_point]
            else:
                cur[2], cur[3] = hi, is_point
        elif cur is not None:
            intervals.append(Interval(cur[0], cur[2], cur[1], cur[3]))
            cur = None
    if cur is not None:
        intervals.append(Interval(cur[0], Fraction(1), cur[1], False))
    critical = intervals[0].lo if intervals else None
    values = violations = None
    sp = None
    diags = []
    if any(isinstance(iv.lo, AlgebraicPoint) or isinstance(iv.hi, AlgebraicPoint) for iv in intervals):
        diags.append("some ends are irrational: given as roots of rational polynomials")
    if dval is not None:
        q = fmpq(dval.numerator, dval.denominator)

        def at(p: Any) -> Fraction:
            v = p(q)
            return Fraction(int(v.p), int(v.q))

        values = {a.states[s]: tuple(at(N) / at(vals[s][1]) for N in vals[s][0]) for s in reach}
        viol = []
        for s, i, b, H in gains:
            Ds, D2 = vals[s][1], vals[a.transitions[s][pos[a.actions[s][:i] + (b,) + a.actions[s][i + 1:]]]][1]
            gain = at(H) / (at(Ds) * at(D2))
            if gain > 0:
                viol.append((a.states[s], g.players[i], g.strategies[i][b], gain))
        violations = tuple(sorted(viol, key=lambda v: -v[3]))
        sp = not violations
    return AutomatonCheck(
        automaton=a, holds_on=tuple(intervals), critical=critical,
        critical_attained=bool(intervals and intervals[0].lo_closed), delta=dval, subgame_perfect=sp,
        values=values, violations=violations or (), method="one_shot_deviation", arithmetic="exact",
        elapsed=time.perf_counter() - t0, parameters={"delta": dval}, diagnostics=tuple(diags))
