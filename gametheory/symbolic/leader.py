"""A leader's continuous first move before a discrete subgame, optimised exactly.

A leader picks a number ``x`` in ``[lo, hi]`` (a demand, a risk level); then a finite tree
of perfect information is played whose payoffs and chance probabilities are formulas in
``x``. :func:`optimal_first_move` solves the subgame by backward induction *as a function of*
``x``, so that the leader's payoff is piecewise in ``x`` (one formula per piece on which the
followers' plan does not change), and maximises it exactly on every piece.

Algorithm
---------
1. The other parameters are fixed (given values or defaults) and every payoff and
   probability becomes a rational function of ``x`` with rational coefficients (anything
   else, e.g. ``sqrt(x)``, is refused). A denominator that vanishes on ``[lo, hi]`` is an
   error.
2. Pieces. Polynomial trees go to
   :func:`gametheory.extensive.univariate.pieces_in_one_parameter` (exact python-flint
   polynomials; cuts are exact rational or algebraic roots). Trees with rational functions
   go to :func:`gametheory.symbolic.spe.symbolic_backward_induction` with ``x`` the only
   parameter; the real roots of every sign condition of every regime are the cuts, and the
   regime holding at a rational point inside each piece gives the plan and formula.
3. On each open piece the leader's payoff ``f = n/d`` is smooth; its supremum over the
   closed piece is attained at a real root of ``n'd - nd'`` inside the piece or is the limit
   of ``f`` at an end. The value *at* a cut is what the subgame does there: backward
   induction with ties broken towards the first listed action (the engine's convention),
   evaluated exactly at the (possibly algebraic) point. The largest of all these numbers,
   compared exactly, is the supremum; it is reported as a maximum only when some attained
   value (a stationary point, or the value at a cut or interval end) reaches it. Otherwise the
   result says ``attained=False`` and names the point approached and the side: a follower
   who broke the tie the other way would give the leader this value (a subgame-perfect
   equilibrium of the whole game exists only with that tie-break; see Fudenberg and Tirole
   1991, section 3.2 on Stackelberg leadership with indifferent followers).
4. Verification with the exact engine, independent of steps 2-3: at the optimum (or, for an
   irrational optimum or an unattained supremum, at rational points of the same piece beside
   it) the reported plan is checked by :func:`~gametheory.extensive.solvers.backward.backward_induction`
   on the substituted game, and at every point of a rational grid plus every rational piece
   end the plan played there is confirmed subgame perfect with zero regret
   (:func:`~gametheory.extensive.solvers.backward.plan_equilibrium`) and the leader's payoff
   there is compared exactly with the reported value, which must not be smaller.

References
----------
* H. von Stackelberg (1934), *Marktform und Gleichgewicht*: a leader who moves first and
  foresees the followers' replies.
* T. C. Schelling (1960), *The Strategy of Conflict*, ch. 8 ("The threat that leaves
  something to chance"); R. Powell (1990), *Nuclear Deterrence Theory*, ch. 2-3: the risk
  level as the leader's continuous choice.
* D. Fudenberg and J. Tirole (1991), *Game Theory*, section 3.2 (subgame perfection in
  multistage games; existence needs favourable tie-breaking by the follower).
* C. Sturm (1835): real-root counting, used (through the univariate module) to isolate
  algebraic cut points and stationary points.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy
from flint import fmpq, fmpq_poly

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.nodes import chance, decision, terminal
from gametheory.extensive.solvers.backward import backward_induction, plan_equilibrium
from gametheory.extensive.univariate import (
    AlgebraicPoint,
    Point,
    _between,
    _cmp,
    pieces_in_one_parameter,
    real_roots,
)
from gametheory.symbolic.parameters import Parameter, to_value

__all__ = ["ArgmaxPart", "LeaderChoice", "LeaderInputError", "LeaderPiece", "LeaderVerification", "optimal_first_move"]

_RF = tuple[fmpq_poly, fmpq_poly]  # numerator, denominator (nonzero)
_ONE = fmpq_poly([1])


class LeaderInputError(GameError):
    """The leader's problem is not one this solver handles (wrong choice, interval, formulas)."""


# --------------------------------------------------------------------------- exact helpers
def _q(x: Fraction) -> fmpq:
    return fmpq(x.numerator, x.denominator)


def _sgn(v: Any) -> int:
    return (v > 0) - (v < 0)


def _psign(p: fmpq_poly, pt: Point) -> int:
    """Sign of the polynomial ``p`` at an exact point."""
    if p.degree() < 0:
        return 0
    if isinstance(pt, Fraction):
        return _sgn(p(_q(pt)))
    if (p % pt.poly).degree() < 0:  # the minimal polynomial divides p: p vanishes there
        return 0
    a = pt
    while True:
        s_lo, s_hi = _sgn(p(_q(a.lo))), _sgn(p(_q(a.hi)))
        if s_lo == s_hi != 0 and not real_roots(p, a.lo, a.hi):
            return s_lo
        a = a.refine((a.hi - a.lo) / 2)


def _rsign(f: _RF, pt: Point) -> int:
    return _psign(f[0], pt) * _psign(f[1], pt)


def _radd(f: _RF, g: _RF) -> _RF:
    if f[1] == g[1]:
        return f[0] + g[0], f[1]
    return f[0] * g[1] + g[0] * f[1], f[1] * g[1]


def _rsub(f: _RF, g: _RF) -> _RF:
    return _radd(f, (-g[0], g[1]))


def _rmul(f: _RF, g: _RF) -> _RF:
    return f[0] * g[0], f[1] * g[1]


def _rat_at(f: _RF, x: Fraction) -> Fraction:
    v = f[0](_q(x)) / f[1](_q(x))
    return Fraction(int(v.p), int(v.q))


def _interval_poly(p: fmpq_poly, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """An enclosure of ``p`` on ``[lo, hi]`` (Horner with rational interval arithmetic)."""
    a = b = Fraction(0)
    for c in reversed([Fraction(int(x.p), int(x.q)) for x in p.coeffs()]):
        prods = (a * lo, a * hi, b * lo, b * hi)
        a, b = min(prods) + c, max(prods) + c
    return a, b


def _enclose(f: _RF, pt: Point) -> tuple[Fraction, Fraction, Point]:
    """A rational enclosure of ``f(pt)`` (exact when ``pt`` is rational) and the point used."""
    if isinstance(pt, Fraction):
        v = _rat_at(f, pt)
        return v, v, pt
    nlo, nhi = _interval_poly(f[0], pt.lo, pt.hi)
    dlo, dhi = _interval_poly(f[1], pt.lo, pt.hi)
    if dlo <= 0 <= dhi:
        return Fraction(-10**30), Fraction(10**30), pt  # refine further
    quot = (nlo / dlo, nlo / dhi, nhi / dlo, nhi / dhi)
    return min(quot), max(quot), pt


def _vcmp(f: _RF, a: Point, g: _RF, b: Point) -> int:
    """Sign of ``f(a) - g(b)``, exactly."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return _sgn(_rat_at(f, a) - _rat_at(g, b))
    if _cmp(a, b)[0] == 0:
        return _rsign(_rsub(f, g), a)
    if isinstance(b, Fraction):
        r = _rat_at(g, b)
        return _rsign(_rsub(f, (fmpq_poly([_q(r)]), _ONE)), a)
    if isinstance(a, Fraction):
        return -_vcmp(g, b, f, a)
    rounds = 0
    while True:
        alo, ahi, a = _enclose(f, a)
        blo, bhi, b = _enclose(g, b)
        if ahi < blo:
            return -1
        if bhi < alo:
            return 1
        rounds += 1
        if rounds == 64:  # possibly equal: decide equality of the two algebraic numbers exactly
            X = sympy.Symbol("X")
            diff = _sym_value(f, a) - _sym_value(g, b)
            if sympy.minimal_polynomial(diff, X) == X:
                return 0
        assert isinstance(a, AlgebraicPoint) and isinstance(b, AlgebraicPoint)
        a = a.refine((a.hi - a.lo) / 2)
        b = b.refine((b.hi - b.lo) / 2)


_X = sympy.Symbol("x")


def _poly_sym(p: fmpq_poly, x: Any = _X) -> Any:
    cs = [sympy.Rational(int(c.p), int(c.q)) for c in p.coeffs()]
    return sum((c * x**k for k, c in enumerate(cs)), sympy.Integer(0))


def _sym_point(pt: Point) -> Any:
    """The point as a sympy number: a Rational, radicals for quadratics, else a CRootOf."""
    if isinstance(pt, Fraction):
        return sympy.Rational(pt.numerator, pt.denominator)
    poly = sympy.Poly(_poly_sym(pt.poly), _X)
    lo = sympy.Rational(pt.lo.numerator, pt.lo.denominator)
    hi = sympy.Rational(pt.hi.numerator, pt.hi.denominator)
    roots = poly.real_roots(radicals=poly.degree() <= 2)
    inside = [r for r in roots if bool(lo < r) and bool(r < hi)]
    if len(inside) != 1:  # pragma: no cover - the interval isolates one root of an irreducible factor
        raise GameError(f"internal error: {pt!r} does not isolate one root")
    return inside[0]


def _sym_value(f: _RF, pt: Point) -> Any:
    x = _sym_point(pt)
    v = _poly_sym(f[0], x) / _poly_sym(f[1], x)
    return sympy.radsimp(sympy.expand(v)) if not isinstance(pt, Fraction) else sympy.nsimplify(v)


def _sym_rf(f: _RF, x: Any) -> Any:
    return sympy.cancel(_poly_sym(f[0], x) / _poly_sym(f[1], x))


def _float(pt: Point) -> float:
    return float(pt)


def _text(pt: Point) -> str:
    if isinstance(pt, Fraction):
        return str(pt)
    return f"{sympy.sstr(_sym_point(pt))} (about {float(pt):.10g})"


def _to_rf(expr: Any, x: Any, where: str) -> _RF:
    """A sympy expression in ``x`` alone as a rational function with rational coefficients."""
    if isinstance(expr, Fraction):
        return fmpq_poly([_q(expr)]), _ONE
    if isinstance(expr, int):
        return fmpq_poly([expr]), _ONE
    if isinstance(expr, float):
        raise LeaderInputError(f"{where} is a float ({expr!r}); give exact numbers (Fractions or text)")
    e = sympy.sympify(expr, strict=True)
    extra = e.free_symbols - {x}
    if extra:
        raise LeaderInputError(f"{where} = {e} still has the unknowns {sorted(map(str, extra))} (give their values)")
    num, den = sympy.fraction(sympy.cancel(sympy.together(e)))
    out = []
    for part in (num, den):
        try:
            poly = sympy.Poly(part, x)
        except sympy.PolynomialError:
            raise LeaderInputError(f"{where} = {e} is not a rational function of {x}") from None
        coeffs = poly.all_coeffs()
        if not all(c.is_Rational for c in coeffs):
            raise LeaderInputError(f"{where} = {e} is not a rational function of {x} with rational coefficients")
        out.append(fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(coeffs)]))
    return out[0], out[1]


# --------------------------------------------------------------------------- the subgame
@dataclass
class _Tree:
    """The game's perfect-information tree with rational-function payoffs in ``x``."""

    kind: list[int]
    player: list[int]
    kids: list[list[int]]
    actions: list[tuple[str, ...]]
    infoset: list[str]
    payoff: dict[int, list[_RF]]
    prob: dict[int, _RF]  # probability of the chance move into a node

    def walk(self, pt: Point) -> tuple[dict[str, str], list[_RF]]:
        """Backward induction at an exact point (ties to the first action): plan, root values."""
        n = len(self.kind)
        val: list[list[_RF] | None] = [None] * n
        plan: dict[str, str] = {}
        for v in range(n - 1, -1, -1):
            k = self.kind[v]
            if k == TERMINAL:
                val[v] = self.payoff[v]
                continue
            kv = [val[c] for c in self.kids[v]]
            if k == CHANCE:
                tot = [(fmpq_poly([0]), _ONE)] * len(kv[0] or [])
                for c, vals in zip(self.kids[v], kv):
                    assert vals is not None
                    tot = [_radd(t, _rmul(self.prob[c], y)) for t, y in zip(tot, vals)]
                val[v] = tot
                continue
            i = self.player[v]
            best = 0
            for a in range(1, len(kv)):
                va, vb = kv[a], kv[best]
                assert va is not None and vb is not None
                if _rsign(_rsub(va[i], vb[i]), pt) > 0:
                    best = a
            plan[self.infoset[v]] = self.actions[v][best]
            val[v] = kv[best]
        root = val[0]
        assert root is not None
        return plan, root


def _read_tree(game: ExtensiveGame, x: Any, subs: Mapping[Any, Any]) -> _Tree:
    kind = [int(k) for k in game.node_kind]
    n = len(kind)
    ptr = [int(v) for v in game.child_ptr]
    ch = [int(v) for v in game.child_ids]
    kids = [ch[ptr[v]:ptr[v + 1]] for v in range(n)]
    inf = [int(h) for h in game.node_infoset]
    tindex = [int(t) for t in game.node_terminal_index]
    tp = game.terminal_payoffs
    cp = list(game.chance_prob)
    payoff: dict[int, list[_RF]] = {}
    prob: dict[int, _RF] = {}

    def conv(v: Any, where: str) -> _RF:
        if isinstance(v, sympy.Basic):
            v = v.xreplace(subs)
        return _to_rf(v, x, where)

    for v in range(n):
        if kind[v] == TERMINAL:
            payoff[v] = [conv(p, f"the payoff of {game.players[j]} at {game.describe_node(v)}")
                         for j, p in enumerate(tp[tindex[v]])]
        elif kind[v] == CHANCE:
            for c in kids[v]:
                prob[c] = conv(cp[c], f"the probability of the chance move into {game.describe_node(c)}")
    return _Tree(
        kind=kind,
        player=[int(p) for p in game.node_player],
        kids=kids,
        actions=[game.node_actions(v) if kind[v] != TERMINAL else () for v in range(n)],
        infoset=[game.infoset_names[inf[v]] if kind[v] == DECISION else "" for v in range(n)],
        payoff=payoff,
        prob=prob,
    )


def _check_probabilities(tree: _Tree, lo: Fraction, hi: Fraction, x: Any) -> None:
    """Chance probabilities must be nonnegative on ``[lo, hi]`` and sum to one identically."""
    for v, k in enumerate(tree.kind):
        if k != CHANCE:
            continue
        total: _RF = (fmpq_poly([0]), _ONE)
        for c in tree.kids[v]:
            f = tree.prob[c]
            total = _radd(total, f)
            cuts: list[Point] = [lo, hi]
            for p in f:
                if p.degree() > 0:
                    cuts.extend(real_roots(p, lo, hi))
            ordered = sorted(cuts, key=float)
            probes: list[Point] = [*ordered, *(_between(a, b) for a, b in zip(ordered, ordered[1:]) if _cmp(a, b)[0] < 0)]
            if any(_rsign(f, t) < 0 for t in probes):
                raise LeaderInputError(
                    f"optimal_first_move: the chance probability {sympy.sstr(_sym_rf(f, x))} is negative "
                    f"somewhere on [{lo}, {hi}]"
                )
        if total[0] != total[1]:
            raise LeaderInputError(
                f"optimal_first_move: chance probabilities sum to {sympy.sstr(_sym_rf(total, x))}, not 1"
            )


def _poly_nodes(tree: _Tree) -> Any:
    """The tree as node constructors with ``fmpq_poly`` payoffs (all denominators constant)."""
    def poly(f: _RF) -> fmpq_poly:
        return f[0] * (1 / f[1][0])

    built: list[Any] = [None] * len(tree.kind)
    for v in range(len(tree.kind) - 1, -1, -1):
        k = tree.kind[v]
        if k == TERMINAL:
            built[v] = terminal(tuple(poly(f) for f in tree.payoff[v]))
        elif k == CHANCE:
            built[v] = chance({a: (poly(tree.prob[c]), built[c]) for a, c in zip(tree.actions[v], tree.kids[v])})
        else:
            built[v] = decision(tree.player[v], dict(zip(tree.actions[v], (built[c] for c in tree.kids[v]))),
                                infoset=tree.infoset[v])
    return built[0]


@dataclass
class _RawPiece:
    lo: Point
    hi: Point
    plan: dict[str, str]
    f: _RF


def _polynomial_pieces(tree: _Tree, players: Sequence[str], lo: Fraction, hi: Fraction, leader: int) -> list[_RawPiece]:
    pieces = pieces_in_one_parameter(_poly_nodes(tree), list(players), lo, hi)
    return [_RawPiece(p.lo, p.hi, {str(k): a for k, a in p.plan.items()}, (p.values[leader], _ONE)) for p in pieces]


def _rational_pieces(tree: _Tree, game: ExtensiveGame, x: Any, subs: Mapping[Any, Any], name: str,
                     lo: Fraction, hi: Fraction, leader: int) -> tuple[list[_RawPiece], tuple[str, ...]]:
    """Pieces from the symbolic SPE regimes of the game with ``x`` its only parameter."""
    from gametheory.symbolic.spe import symbolic_backward_induction

    param = Parameter(name, lower=lo, upper=hi, default=lo)
    xs = param.symbol

    def expr(v: Any) -> Any:
        if isinstance(v, sympy.Basic):
            return v.xreplace(subs).xreplace({x: xs})
        return v

    built: list[Any] = [None] * len(tree.kind)
    tp = game.terminal_payoffs
    cp = list(game.chance_prob)
    tindex = [int(t) for t in game.node_terminal_index]
    for v in range(len(tree.kind) - 1, -1, -1):
        k = tree.kind[v]
        if k == TERMINAL:
            built[v] = terminal(tuple(expr(p) for p in tp[tindex[v]]))
        elif k == CHANCE:
            built[v] = chance({a: (expr(cp[c]), built[c]) for a, c in zip(tree.actions[v], tree.kids[v])})
        else:
            built[v] = decision(tree.player[v], dict(zip(tree.actions[v], (built[c] for c in tree.kids[v]))),
                                infoset=tree.infoset[v])
    one = ExtensiveGame.from_tree(built[0], players=list(game.players), parameters=[param])
    analysis = symbolic_backward_induction(one)
    cuts: list[Point] = []
    for regime in analysis.regimes:
        for piece in regime.pieces:
            for atom in piece.atoms(sympy.core.relational.Relational):
                f = _to_rf(atom.lhs - atom.rhs, xs, "a regime condition")
                for p in f:
                    if p.degree() > 0:
                        cuts.extend(real_roots(p, lo, hi))
    ordered: list[Point] = []
    for c in cuts:
        i = len(ordered)
        while i > 0 and _cmp(c, ordered[i - 1])[0] < 0:
            i -= 1
        if i > 0 and _cmp(ordered[i - 1], c)[0] == 0:
            continue
        ordered.insert(i, c)
    out: list[_RawPiece] = []
    ends: list[Point] = [lo, *ordered, hi]
    for a, b in zip(ends, ends[1:]):
        t = _between(a, b)
        regime = analysis.regime_at({name: t})
        f = _to_rf(regime.payoffs[leader], xs, f"the leader's payoff in regime {regime.describe()}")
        out.append(_RawPiece(a, b, dict(regime.plan), f))
    return out, analysis.diagnostics


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class LeaderPiece:
    """An open interval ``(lo, hi)`` of the leader's choice on which the subgame plan is
    ``plan`` and the leader's payoff is the formula ``payoff`` (in the choice's symbol)."""

    lo: Point
    hi: Point
    plan: dict[str, str]
    payoff: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "lo": _point_json(self.lo),
            "hi": _point_json(self.hi),
            "plan": dict(self.plan),
            "payoff": json_value(self.payoff),
        }


def _point_json(pt: Point) -> Any:
    if isinstance(pt, Fraction):
        return str(pt)
    return {
        "root_of": sympy.sstr(_poly_sym(pt.poly)),
        "isolating_interval": [str(pt.lo), str(pt.hi)],
        "exact": sympy.sstr(_sym_point(pt)),
        "approx": float(pt),
    }


@dataclass(frozen=True)
class ArgmaxPart:
    """A part of the set of maximisers: the interval from ``lo`` to ``hi`` with each end
    closed or open (a single point when ``lo == hi``, both closed)."""

    lo: Point
    hi: Point
    lo_closed: bool
    hi_closed: bool

    def text(self) -> str:
        if self.lo == self.hi:
            return "{" + _text(self.lo) + "}"
        return f"{'[' if self.lo_closed else '('}{_text(self.lo)}, {_text(self.hi)}{']' if self.hi_closed else ')'}"

    def to_json(self) -> dict[str, Any]:
        return {"lo": _point_json(self.lo), "hi": _point_json(self.hi),
                "lo_closed": self.lo_closed, "hi_closed": self.hi_closed}


@dataclass(frozen=True)
class LeaderVerification:
    """What the exact engine confirmed.

    Attributes
    ----------
    plan_matches:
        The reported plan is a subgame-perfect equilibrium plan found by
        :func:`~gametheory.extensive.solvers.backward.backward_induction` at ``checked_at``
        (the optimum itself when rational; rational points of the same piece beside it
        otherwise).
    checked_at:
        The rational points where the plan was checked.
    grid_points:
        How many rational points (grid plus rational piece ends) were solved.
    grid_best, grid_best_at:
        The leader's best payoff among them (exact) and where.
    no_better:
        True when no checked point gives the leader more than the reported value.
    """

    plan_matches: bool
    checked_at: tuple[Fraction, ...]
    grid_points: int
    grid_best: Fraction
    grid_best_at: Fraction
    no_better: bool

    @property
    def ok(self) -> bool:
        return self.plan_matches and self.no_better


@dataclass(frozen=True)
class LeaderChoice(Result):
    """The leader's optimal first move.

    Attributes
    ----------
    choice, leader:
        The parameter the leader chooses and the leader's name.
    interval:
        ``(lo, hi)``, the closed interval of the choice.
    x:
        The optimal choice (``Fraction``, or an :class:`~gametheory.extensive.univariate.AlgebraicPoint`
        with an isolating interval); when the supremum is not attained, the point it is
        approached at.
    x_exact:
        ``x`` as a sympy number (rational, radicals, or ``CRootOf``).
    value:
        The leader's best payoff (Fraction or a sympy algebraic number): the maximum when
        ``attained``, otherwise the supremum.
    attained:
        Whether some choice gives the leader ``value`` under the engine's tie-breaking (the
        first listed action wins ties): ``value`` is then a maximum, else a supremum.
    x_attains:
        Whether choosing exactly ``x`` gives ``value``. False when the supremum is not
        attained, and also when the maximisers form an interval whose lower end is open
        (``x`` is then their infimum: e.g. the smallest risk that compels, where the target,
        indifferent, breaks the tie the leader's way only above it).
    approach:
        ``None`` when ``x_attains``; else ``"from below"`` or ``"from above"``: the side from
        which choices approach ``x`` with payoffs tending to ``value``.
    argmax:
        The set of maximisers (empty when the supremum is not attained), as
        :class:`ArgmaxPart` intervals and points in increasing order.
    plan:
        The subgame plan (information set -> action) at ``x`` when ``x_attains``, else on the
        piece from which ``x`` is approached.
    pieces:
        Every piece with its plan and the leader's payoff formula.
    verification:
        The engine's independent check (:class:`LeaderVerification`).
    tie_alternatives:
        When ``x`` is rational: every pure subgame-perfect plan at ``x`` (the engine's full
        list) with the leader's payoff under it; with an unattained supremum, one of them may
        give the leader ``value`` (the follower breaking the tie in the leader's favour).
    """

    choice: str
    leader: str
    interval: tuple[Fraction, Fraction]
    x: Point
    x_exact: Any
    value: Any
    attained: bool
    x_attains: bool
    approach: str | None
    argmax: tuple[ArgmaxPart, ...]
    plan: dict[str, str]
    pieces: tuple[LeaderPiece, ...]
    verification: LeaderVerification
    tie_alternatives: tuple[tuple[dict[str, str], Fraction], ...] = field(default=())

    @property
    def value_float(self) -> float:
        return float(sympy.N(self.value, 30)) if not isinstance(self.value, Fraction) else float(self.value)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.common_json(),
            "choice": self.choice,
            "leader": self.leader,
            "interval": [str(v) for v in self.interval],
            "x": _point_json(self.x),
            "value": json_value(self.value),
            "value_approx": self.value_float,
            "attained": self.attained,
            "x_attains": self.x_attains,
            "approach": self.approach,
            "argmax": [a.to_json() for a in self.argmax],
            "plan": dict(self.plan),
            "pieces": [p.to_json() for p in self.pieces],
            "verification": json_value(self.verification),
            "tie_alternatives": [{"plan": dict(p), "leader_payoff": str(v)} for p, v in self.tie_alternatives],
        }

    def describe(self) -> str:
        if self.attained:
            what = "maximum" + ("" if self.x_attains else f" for every {self.choice} in {self.argmax[0].text()}")
        else:
            what = f"supremum, not attained (approached {self.approach})"
        lines = [
            f"{self.leader} chooses {self.choice} in [{self.interval[0]}, {self.interval[1]}]",
            f"best {self.choice} = {_text(self.x)}; {self.leader}'s payoff {sympy.sstr(self.value)} "
            f"(about {self.value_float:.6g}); {what}",
            "subgame plan: " + ", ".join(f"{h}: {a}" for h, a in self.plan.items()),
            f"{len(self.pieces)} piece(s):",
        ]
        for p in self.pieces:
            plan = ", ".join(f"{h}: {a}" for h, a in p.plan.items())
            lines.append(f"  ({_text(p.lo)}, {_text(p.hi)}): payoff {sympy.sstr(p.payoff)}; {plan}")
        v = self.verification
        lines.append(
            f"verified by the exact engine: plan {'matches' if v.plan_matches else 'DOES NOT match'}; "
            f"{v.grid_points} rational points, best {v.grid_best} at {v.grid_best_at}, "
            f"{'none above the reported value' if v.no_better else 'SOME ABOVE THE REPORTED VALUE'}"
        )
        return "\n".join(lines)


# --------------------------------------------------------------------------- the solver
@dataclass
class _Cand:
    f: _RF
    at: Point
    attained: bool
    piece: int  # index of the piece (-1: a cut point value)
    side: str | None
    plan: dict[str, str]
    whole: bool = False  # the leader's payoff is constant on the whole piece


def _argmax_parts(top: list[_Cand], raw: list[_RawPiece]) -> tuple[ArgmaxPart, ...]:
    """The set of maximisers: whole pieces (constant payoff) and single points, merged."""
    points = [c.at for c in top if not c.whole]
    parts: list[ArgmaxPart] = []
    for c in top:
        if c.whole:
            p = raw[c.piece]
            parts.append(ArgmaxPart(p.lo, p.hi, any(_cmp(q, p.lo)[0] == 0 for q in points),
                                    any(_cmp(q, p.hi)[0] == 0 for q in points)))
    for q in points:
        if not any(_cmp(q, a.lo)[0] == 0 or _cmp(q, a.hi)[0] == 0 for a in parts):
            if not any(_cmp(q, b)[0] == 0 for b in [a.lo for a in parts if a.lo == a.hi]):
                parts.append(ArgmaxPart(q, q, True, True))
    parts.sort(key=lambda a: float(a.lo))
    merged: list[ArgmaxPart] = []
    for a in parts:
        if merged and merged[-1].hi_closed and _cmp(merged[-1].hi, a.lo)[0] == 0:
            merged[-1] = ArgmaxPart(merged[-1].lo, a.hi, merged[-1].lo_closed, a.hi_closed)
        else:
            merged.append(a)
    return tuple(merged)


def _numeric(game: ExtensiveGame, point: Mapping[str, Fraction]) -> ExtensiveGame:
    """The game at a point (a game whose payoffs do not involve the parameters is already numeric)."""
    return game.substitute(point) if game.is_symbolic() else game


def _engine_plan(game: ExtensiveGame, point: Mapping[str, Fraction]) -> tuple[ExtensiveGame, list[tuple[dict[str, str], Any]]]:
    g = _numeric(game, point)
    res = backward_induction(g, max_equilibria=None)
    out = []
    for eq in res.equilibria:
        plan = {h: next(a for a, pr in acts.items() if pr == 1) for h, acts in eq.behavior.items()}
        out.append((plan, eq.payoffs))
    return g, out


def optimal_first_move(
    game: Any,
    choice: str | Any,
    *,
    leader: str | int,
    lo: Any = None,
    hi: Any = None,
    values: Mapping[str, Any] | None = None,
    grid: int = 200,
    players: Sequence[str] | None = None,
    parameters: Sequence[Parameter] | None = None,
) -> LeaderChoice:
    """The leader's best choice of ``choice`` in ``[lo, hi]`` before the subgame ``game``.

    Parameters
    ----------
    game:
        An :class:`~gametheory.extensive.game.ExtensiveGame` of perfect information whose
        payoffs and chance probabilities are formulas in its parameters, ``choice`` among
        them; or a tree of node constructors (then ``players`` and ``parameters`` are passed
        to :meth:`ExtensiveGame.from_tree`, which reads formula text with the whitelist
        parser).
    choice:
        The parameter the leader sets (its name or sympy symbol).
    leader:
        The player whose payoff is maximised (a name or index; need not move in the tree).
    lo, hi:
        The closed interval of the choice; default: the parameter's bounds.
    values:
        Values of the other parameters (their defaults fill in the rest).
    grid:
        Number of equal steps of the rational grid on which the engine re-checks the answer.

    Returns
    -------
    LeaderChoice
        The exact optimum (or unattained supremum), the plan, the pieces and the engine's
        verification (an internal error is raised if it fails).

    Examples
    --------
    >>> from gametheory.extensive.tree import decision
    >>> from gametheory.symbolic.parameters import Parameter
    >>> root = decision("Target", {"comply": (1, "-1"), "defy": ("-q", "-2*q")})
    >>> r = optimal_first_move(root, "q", leader="Threatener", players=["Threatener", "Target"],
    ...                        parameters=[Parameter("q", lower=0, upper=1)])
    >>> r.x, r.value, r.attained, r.plan
    (Fraction(1, 2), Fraction(1, 1), True, {'Target:1': 'comply'})
    """
    start = time.perf_counter()
    if not isinstance(game, ExtensiveGame):
        game = ExtensiveGame.from_tree(game, players=players, parameters=parameters)
    elif players is not None or parameters is not None:
        raise LeaderInputError("optimal_first_move: players/parameters are only for a tree of nodes")
    if not game.is_perfect_information():
        raise LeaderInputError("optimal_first_move: the subgame must have perfect information")
    name = choice if isinstance(choice, str) else str(getattr(choice, "name", choice))
    by_name = {p.name: p for p in game.parameters}
    if name not in by_name:
        raise LeaderInputError(
            f"optimal_first_move: {choice!r} is not a parameter of the game "
            f"(parameters: {', '.join(by_name) or 'none'})"
        )
    param = by_name[name]
    lo_ = param.lower if lo is None else to_value(lo, "optimal_first_move: lo")
    hi_ = param.upper if hi is None else to_value(hi, "optimal_first_move: hi")
    if lo_ is None or hi_ is None:
        raise LeaderInputError(f"optimal_first_move: give lo and hi (parameter {name} has no bounds)")
    if not lo_ < hi_:
        raise LeaderInputError(f"optimal_first_move: empty interval [{lo_}, {hi_}]")
    for end in (lo_, hi_):
        param.check(end)
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 1:
        raise LeaderInputError(f"optimal_first_move: grid must be a positive integer, got {grid!r}")
    try:
        li = game.player_index(leader)
    except (GameError, IndexError, KeyError, ValueError):
        raise LeaderInputError(f"optimal_first_move: {leader!r} is not a player ({', '.join(game.players)})") from None
    given = dict(values or {})
    if name in given:
        raise LeaderInputError(f"optimal_first_move: values must not fix the choice {name}")
    others = game.parameter_values({**given, name: lo_})
    others.pop(name)
    x = param.symbol
    subs = {by_name[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in others.items()}
    tree = _read_tree(game, x, subs)
    for f in [y for ys in tree.payoff.values() for y in ys] + list(tree.prob.values()):
        d = f[1]
        if d.degree() > 0 and (real_roots(d, lo_, hi_) or _psign(d, lo_) == 0 or _psign(d, hi_) == 0):
            raise LeaderInputError(
                f"optimal_first_move: a denominator {sympy.sstr(_poly_sym(d, x))} vanishes on [{lo_}, {hi_}]"
            )
    _check_probabilities(tree, lo_, hi_, x)
    notes: list[str] = []
    polynomial = all(f[1].degree() == 0 for ys in tree.payoff.values() for f in ys) and all(
        f[1].degree() == 0 for f in tree.prob.values())
    if polynomial:
        raw = _polynomial_pieces(tree, game.players, lo_, hi_, li)
        route = "pieces_in_one_parameter (exact polynomials)"
    else:
        raw, extra = _rational_pieces(tree, game, x, subs, name, lo_, hi_, li)
        route = "symbolic_backward_induction regimes (rational functions)"
        notes.extend(f"regimes: {d}" for d in extra)
    # the pieces agree with an independent exact walk at an interior point
    for p in raw:
        inside = _between(p.lo, p.hi)
        plan, vals = tree.walk(inside)
        if plan != p.plan or _vcmp(vals[li], inside, p.f, inside) != 0:
            raise GameError(f"optimal_first_move: internal error, the pieces disagree with backward induction on ({p.lo}, {p.hi})")
    # candidates: stationary points, limits at piece ends, values at cuts and interval ends
    cands: list[_Cand] = []
    for k, p in enumerate(raw):
        n, d = p.f
        deriv = n.derivative() * d - n * d.derivative()
        if deriv.degree() < 0:
            cands.append(_Cand(p.f, _between(p.lo, p.hi), True, k, None, p.plan, whole=True))
        else:
            rlo = p.lo if isinstance(p.lo, Fraction) else p.lo.lo
            rhi = p.hi if isinstance(p.hi, Fraction) else p.hi.hi
            for r in real_roots(deriv, rlo, rhi):
                if _cmp(p.lo, r)[0] < 0 and _cmp(r, p.hi)[0] < 0:
                    cands.append(_Cand(p.f, r, True, k, None, p.plan))
        cands.append(_Cand(p.f, p.lo, False, k, "from above", p.plan))
        cands.append(_Cand(p.f, p.hi, False, k, "from below", p.plan))
    cut_points = [raw[0].lo] + [p.hi for p in raw]
    for cut in cut_points:
        plan, vals = tree.walk(cut)
        cands.append(_Cand(vals[li], cut, True, -1, None, plan))
    best = cands[0]
    for c in cands[1:]:
        if _vcmp(c.f, c.at, best.f, best.at) > 0:
            best = c
    top = [c for c in cands if _vcmp(c.f, c.at, best.f, best.at) == 0]
    attained_top = [c for c in top if c.attained]
    argmax = _argmax_parts(attained_top, raw)
    approach: str | None = None
    if argmax:
        first = argmax[0]
        attained = True
        if first.lo_closed:
            win = next(c for c in attained_top if c.whole is False and _cmp(c.at, first.lo)[0] == 0)
            x_attains = True
        else:  # the maximisers' infimum is an open end of a constant piece
            k = next(c.piece for c in attained_top if c.whole and _cmp(raw[c.piece].lo, first.lo)[0] == 0)
            win = _Cand(raw[k].f, first.lo, False, k, "from above", raw[k].plan)
            x_attains, approach = False, "from above"
            notes.append(
                f"the maximum is attained by every {name} in {first.text()} but not at {_text(first.lo)} "
                "itself: there the engine's tie-breaking (first listed action) gives the leader less"
            )
        if len(argmax) > 1 or first.hi != first.lo:
            notes.append("the maximisers: " + " and ".join(a.text() for a in argmax) + "; the smallest is reported")
    else:
        win = top[0]
        for c in top[1:]:
            if _cmp(c.at, win.at)[0] < 0:
                win = c
        attained, x_attains, approach = False, False, win.side
        notes.append(
            f"the supremum is approached as {name} tends to {_text(win.at)} {win.side}; at that point "
            "the engine's tie-breaking (first listed action) gives the leader less; a follower "
            "breaking the tie in the leader's favour would give it the supremum"
        )
    value: Any = _rat_at(win.f, win.at) if isinstance(win.at, Fraction) else _sym_value(win.f, win.at)
    # verification with the exact engine
    verification, alternatives = _verify(game, name, others, lo_, hi_, raw, li, win, x_attains, value, grid, tree)
    if not verification.ok:
        raise GameError(f"optimal_first_move: internal error, the engine does not confirm the answer: {verification}")
    notes.append(f"pieces from {route}; leader's payoff maximised exactly on each piece")
    pieces = tuple(LeaderPiece(p.lo, p.hi, p.plan, _sym_rf(p.f, x)) for p in raw)
    return LeaderChoice(
        choice=name,
        leader=game.players[li],
        interval=(lo_, hi_),
        x=win.at,
        x_exact=_sym_point(win.at),
        value=value,
        attained=attained,
        x_attains=x_attains,
        approach=approach,
        argmax=argmax,
        plan=dict(win.plan),
        pieces=pieces,
        verification=verification,
        tie_alternatives=alternatives,
        method="optimal_first_move",
        arithmetic="exact" if isinstance(win.at, Fraction) else "symbolic",
        elapsed=time.perf_counter() - start,
        parameters={"choice": name, "lo": lo_, "hi": hi_, "values": dict(others), "grid": grid},
        diagnostics=tuple(notes),
    )


def _key(pt: Point) -> Hashable:
    return pt if isinstance(pt, Fraction) else (str(pt.poly), float(pt))


def _verify(game: ExtensiveGame, name: str, others: Mapping[str, Fraction], lo: Fraction, hi: Fraction,
            raw: list[_RawPiece], li: int, win: _Cand, attained: bool, value: Any, grid: int,
            tree: _Tree) -> tuple[LeaderVerification, tuple[tuple[dict[str, str], Fraction], ...]]:
    def at(t: Fraction) -> dict[str, Fraction]:
        return {**others, name: t}

    # (a) the plan, checked with backward_induction
    if isinstance(win.at, Fraction) and attained:
        checked = [win.at]
    else:
        piece = raw[win.piece] if win.piece >= 0 else None
        if piece is None:  # an attained value at an algebraic cut: rational points beside it
            pt = win.at
            assert isinstance(pt, AlgebraicPoint)
            checked = []
            for p in raw:
                if _cmp(p.hi, pt)[0] == 0:
                    checked.append(_between(p.lo, p.hi))
                if _cmp(p.lo, pt)[0] == 0:
                    checked.append(_between(p.lo, p.hi))
        else:
            a, b = piece.lo, piece.hi
            if isinstance(win.at, AlgebraicPoint) and win.side is None:
                r = win.at
                while not (_cmp(a, r.lo)[0] < 0 and _cmp(r.hi, b)[0] < 0):
                    r = r.refine((r.hi - r.lo) / 2)
                checked = [r.lo, r.hi]
            else:  # a limit at an end of the piece: a point inside, close to that end
                inner = near = _between(a, b)
                for _ in range(4):
                    near = _between(a, near) if win.side == "from above" else _between(near, b)
                checked = [inner, near]
    plan_ok = True
    for t in checked:
        expected, _ = tree.walk(t)
        _, eqs = _engine_plan(game, at(t))
        if not any(p == expected for p, _ in eqs):
            plan_ok = False
        if attained and isinstance(win.at, Fraction):
            same = [v for p, v in eqs if p == win.plan]
            if expected != win.plan or not same or Fraction(same[0][li]) != value:
                plan_ok = False
    if not (attained and isinstance(win.at, Fraction)):
        # the reported plan is the piece's plan: the engine's plan beside the point must be it
        if win.piece >= 0:
            plan_ok = plan_ok and all(tree.walk(t)[0] == win.plan for t in checked)
    alternatives: tuple[tuple[dict[str, str], Fraction], ...] = ()
    if isinstance(win.at, Fraction):
        _, eqs = _engine_plan(game, at(win.at))
        alternatives = tuple((p, Fraction(v[li])) for p, v in eqs)
    # (b) a rational grid plus the rational piece ends
    pts = {lo + (hi - lo) * Fraction(k, grid) for k in range(grid + 1)}
    pts |= {p.lo for p in raw if isinstance(p.lo, Fraction)} | {p.hi for p in raw if isinstance(p.hi, Fraction)}
    best_v: Fraction | None = None
    best_at = lo
    no_better = True
    for t in sorted(pts):
        plan, _ = tree.walk(t)
        eq = plan_equilibrium(_numeric(game, at(t)), plan)
        if eq.max_regret != 0 or eq.subgame_regret != 0:
            raise GameError(f"optimal_first_move: internal error, the plan at {name}={t} is not subgame perfect")
        v = Fraction(eq.payoffs[li])
        for p in raw:  # inside a piece: the piece's plan and formula, as the engine finds them
            if _cmp(p.lo, t)[0] < 0 and _cmp(t, p.hi)[0] < 0 and (plan != p.plan or _rat_at(p.f, t) != v):
                raise GameError(
                    f"optimal_first_move: internal error, the piece ({_text(p.lo)}, {_text(p.hi)}) "
                    f"disagrees with the engine at {name}={t}"
                )
        if best_v is None or v > best_v:
            best_v, best_at = v, t
        c = _vcmp((fmpq_poly([_q(v)]), _ONE), Fraction(0), win.f, win.at)
        if c > 0:
            no_better = False
    assert best_v is not None
    return LeaderVerification(plan_ok, tuple(checked), len(pts), best_v, best_at, no_better), alternatives
