"""Two-player axiomatic bargaining.

Solutions of a :class:`BargainingProblem` (a convex feasible set of payoff pairs and a
disagreement point ``d``):

* :func:`nash_bargaining_solution` -- the point maximising the Nash product
  :math:`(u_1-d_1)^{\\alpha_1}(u_2-d_2)^{\\alpha_2}` (Nash 1950; the generalised form with
  bargaining powers :math:`\\alpha` is due to Harsanyi & Selten 1972 and Kalai 1977);
* :func:`kalai_smorodinsky_solution` -- the Pareto-optimal point on the segment from ``d`` to
  the ideal point (Kalai & Smorodinsky 1975).

A polygon is solved exactly, edge by edge, in rational arithmetic. A frontier given as a
sympy expression :math:`u_2 = f(u_1)` is solved from its first-order condition with sympy,
so symbolic parameters give closed forms; a Python callable is solved numerically.

Strategic bargaining (:func:`~gametheory.cooperative.alternating.rubinstein`) and war as
bargaining (:func:`~gametheory.cooperative.conflict.fearon_bargaining_range`,
:func:`~gametheory.cooperative.conflict.commitment_problem`) live in their own modules; this
module re-exports them for the old path ``gametheory.bargaining``.

Values may be exact (``int``, ``Fraction``, numeric strings, sympy rationals), floats or
sympy expressions in symbols; results are exact, float or symbolic accordingly (floats are
read as the decimal they print as, computed exactly, and returned as floats).

>>> problem = BargainingProblem.from_polygon([(0, 0), (0, 1), (1, 0)], disagreement=(0, 0))
>>> problem.nash_solution().point
(Fraction(1, 2), Fraction(1, 2))
>>> problem.kalai_smorodinsky().to_json()["point"]
['1/2', '1/2']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.results import Result
from gametheory._kernel.tolerance import REL_TOL, resolve
from gametheory._kernel.values import to_fraction
from gametheory.cooperative._values import (
    DEFAULT_PLAYERS,
    Condition,
    Value,
    _decide,
    _export,
    _mode,
    _pair,
    _players,
    _q,
    _reject_if_false,
)

# The old module ``gametheory.bargaining`` also held Rubinstein's game and the war models;
# they are re-exported here for that path.
from gametheory.cooperative.alternating import RubinsteinResult, rubinstein
from gametheory.cooperative.conflict import (
    BargainingRange,
    CommitmentResult,
    commitment_problem,
    fearon_bargaining_range,
)
from gametheory.errors import GameError, SolverError

__all__ = [
    "DEFAULT_PLAYERS",
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "CommitmentResult",
    "Condition",
    "RubinsteinResult",
    "Value",
    "commitment_problem",
    "fearon_bargaining_range",
    "kalai_smorodinsky_solution",
    "nash_bargaining_solution",
    "rubinstein",
]


# --------------------------------------------------------------------------- result
@dataclass(frozen=True)
class BargainingSolution(Result):
    """A solution point of a bargaining problem.

    Attributes
    ----------
    concept:
        ``"nash"`` or ``"kalai-smorodinsky"``.
    players:
        The two player names.
    point:
        The agreed payoff pair :math:`(u_1, u_2)`.
    disagreement:
        The disagreement point :math:`d`.
    ideal:
        The ideal (utopia) point: each player's best payoff among feasible points that give
        the other at least its disagreement payoff.
    alpha:
        Normalised bargaining powers (they sum to 1) for the Nash solution; ``None`` for KS.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    method:
        ``"polygon-edges"`` (exact edge-by-edge search), ``"first-order-condition"`` (sympy) or
        ``"numeric"`` (scipy, for callable frontiers).
    conditions:
        For symbolic answers: conditions on the parameters under which the closed form holds
        (the optimum lies inside the frontier's domain). Empty when nothing is assumed.
    diagnostics:
        Notes a careful reader should see.
    """

    concept: str
    players: tuple[str, str]
    point: tuple[Value, Value]
    disagreement: tuple[Value, Value]
    ideal: tuple[Value, Value]
    alpha: tuple[Value, Value] | None
    conditions: tuple[sympy.Basic, ...] = ()

    def by_name(self) -> dict[str, Value]:
        """``{player: payoff}`` at the solution point."""
        return dict(zip(self.players, self.point))

    @property
    def gains(self) -> tuple[Any, Any]:
        """Each player's gain over disagreement, :math:`u_i - d_i`."""
        return (self.point[0] - self.disagreement[0], self.point[1] - self.disagreement[1])


# --------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class BargainingProblem:
    """A two-player bargaining problem :math:`(S, d)`.

    Build one with :meth:`from_polygon` (the convex hull of finitely many payoff pairs) or
    :meth:`from_frontier` (the Pareto frontier :math:`u_2 = f(u_1)` on an interval). The
    feasible set is taken to be convex and to allow free disposal; the solutions use only its
    Pareto frontier.

    Attributes
    ----------
    kind:
        ``"polygon"`` or ``"frontier"``.
    players:
        The two player names.
    disagreement:
        The disagreement point :math:`d`.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    frontier:
        The Pareto frontier: for polygons the vertices of its strictly Pareto-optimal part
        (left to right); for frontier problems the expression or callable.
    variable:
        The sympy symbol for player 1's payoff in a symbolic frontier.
    domain:
        The interval of player 1's payoffs the frontier is defined on.
    """

    kind: str
    players: tuple[str, str]
    disagreement: tuple[Value, Value]
    arithmetic: str
    frontier: Any
    variable: sympy.Symbol | None = None
    domain: tuple[Value, Value] | None = None
    _d: tuple[Any, Any] = field(default=(0, 0), repr=False, compare=False)
    _dom: tuple[Any, Any] | None = field(default=None, repr=False, compare=False)
    _chain: tuple[tuple[Fraction, Fraction], ...] = field(default=(), repr=False, compare=False)

    # -- constructors
    @classmethod
    def from_polygon(
        cls,
        vertices: Sequence[Sequence[Any]],
        disagreement: Sequence[Any] = (0, 0),
        *,
        players: Sequence[str] = DEFAULT_PLAYERS,
    ) -> BargainingProblem:
        """The problem whose feasible set is the convex hull of ``vertices``.

        Parameters
        ----------
        vertices:
            Payoff pairs ``(u1, u2)``, numbers (exact or float); order does not matter and
            interior points are ignored.
        disagreement:
            The disagreement point; some feasible point must be strictly better for both.
        players:
            Two names.
        """
        where = "BargainingProblem.from_polygon"
        names = _players(players, where)
        if isinstance(vertices, (str, bytes)) or not isinstance(vertices, Sequence) or not vertices:
            raise GameError(f"{where}: vertices must be a non-empty list of (u1, u2) pairs")
        kinds: list[str] = []
        pts: list[tuple[Fraction, Fraction]] = []
        for k, v in enumerate(vertices):
            (a, b), ks = _pair(v, f"{where}: vertices[{k}]")
            if "symbolic" in ks:
                raise GameError(
                    f"{where}: vertices[{k}] must be numbers; use BargainingProblem.from_frontier "
                    "for symbolic problems"
                )
            kinds += ks
            pts.append((Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))))
        (d1, d2), kd = _pair(disagreement, f"{where}: disagreement")
        if "symbolic" in kd:
            raise GameError(f"{where}: disagreement must be numbers for a polygon")
        kinds += kd
        d = (Fraction(int(d1.p), int(d1.q)), Fraction(int(d2.p), int(d2.q)))
        chain = _pareto_chain(pts)
        if not _clip_chain(chain, d):
            raise GameError(
                f"{where}: disagreement: no feasible point gives both players more than "
                f"({d[0]}, {d[1]})"
            )
        mode = _mode(kinds)
        out_chain = tuple((_export(_q(x), mode), _export(_q(y), mode)) for x, y in chain)
        return cls(
            kind="polygon",
            players=names,
            disagreement=(_export(d1, mode), _export(d2, mode)),
            arithmetic=mode,
            frontier=out_chain,
            _d=d,
            _chain=tuple(chain),
        )

    @classmethod
    def from_frontier(
        cls,
        frontier: sympy.Expr | Callable[[float], float],
        domain: Sequence[Any],
        disagreement: Sequence[Any] = (0, 0),
        *,
        variable: sympy.Symbol | None = None,
        players: Sequence[str] = DEFAULT_PLAYERS,
    ) -> BargainingProblem:
        """The problem whose Pareto frontier is :math:`u_2 = f(u_1)` for :math:`u_1 \\in [a, b]`.

        Parameters
        ----------
        frontier:
            A sympy expression in ``variable`` (other symbols are parameters and give symbolic
            answers), or a Python callable ``f(u1) -> u2`` (solved numerically, floats). The
            frontier should be decreasing and concave (a convex feasible set).
        domain:
            ``(a, b)`` with ``a < b``.
        disagreement:
            The disagreement point.
        variable:
            The symbol standing for player 1's payoff; may be omitted when ``frontier`` has a
            single free symbol.
        players:
            Two names.
        """
        where = "BargainingProblem.from_frontier"
        names = _players(players, where)
        (a, b), kdom = _pair(domain, f"{where}: domain")
        (d1, d2), kd = _pair(disagreement, f"{where}: disagreement")
        _reject_if_false(a < b, f"{where}: domain: need a < b, got ({a}, {b})")
        if isinstance(frontier, sympy.Basic):
            if not isinstance(frontier, sympy.Expr):
                raise GameError(f"{where}: frontier must be an expression, got {frontier}")
            if variable is None:
                free = sorted(frontier.free_symbols, key=str)
                if len(free) != 1:
                    raise GameError(
                        f"{where}: variable: the frontier has symbols {', '.join(map(str, free)) or 'none'}; "
                        "name the one that stands for player 1's payoff"
                    )
                variable = free[0]
            if not isinstance(variable, sympy.Symbol) or variable not in frontier.free_symbols:
                raise GameError(f"{where}: variable: {variable!r} is not a symbol of the frontier")
            for k, e in (("domain", a), ("domain", b), ("disagreement", d1), ("disagreement", d2)):
                if variable in sympy.sympify(e, strict=True).free_symbols:
                    raise GameError(f"{where}: {k} must not contain the variable {variable}")
            params = frontier.free_symbols - {variable}
            mode = _mode(kdom + kd + (["symbolic"] if params else []))
            fa, fb = frontier.subs(variable, a), frontier.subs(variable, b)
            _reject_if_false(fa >= fb, f"{where}: frontier must be decreasing, but f({a}) < f({b})")
            return cls(
                kind="frontier",
                players=names,
                disagreement=(_export(d1, mode), _export(d2, mode)),
                arithmetic=mode,
                frontier=frontier,
                variable=variable,
                domain=(_export(a, mode), _export(b, mode)),
                _d=(d1, d2),
                _dom=(a, b),
            )
        if not callable(frontier):
            raise GameError(f"{where}: frontier must be a sympy expression or a callable, got {frontier!r}")
        if "symbolic" in kdom + kd:
            raise GameError(f"{where}: a callable frontier needs numeric domain and disagreement")
        af, bf, d1f, d2f = (float(x) for x in (a, b, d1, d2))
        fa_, fb_ = _call(frontier, af, where), _call(frontier, bf, where)
        if fa_ < fb_:
            raise GameError(f"{where}: frontier must be decreasing, but f({af}) < f({bf})")
        return cls(
            kind="frontier",
            players=names,
            disagreement=(d1f, d2f),
            arithmetic="float",
            frontier=frontier,
            domain=(af, bf),
            _d=(d1f, d2f),
            _dom=(af, bf),
        )

    # -- solutions (thin wrappers)
    def nash_solution(self, alpha: Sequence[Any] | None = None) -> BargainingSolution:
        """The (generalised) Nash bargaining solution; see :func:`nash_bargaining_solution`."""
        return nash_bargaining_solution(self, alpha)

    def kalai_smorodinsky(self) -> BargainingSolution:
        """The Kalai--Smorodinsky solution; see :func:`kalai_smorodinsky_solution`."""
        return kalai_smorodinsky_solution(self)

    # -- verification
    def is_pareto_optimal(self, point: Sequence[Any], *, tol: float | None = None) -> bool:
        """Whether ``point`` is feasible and no feasible point is better for one player and no
        worse for the other (numeric problems only; exact for polygons).

        For a callable or float frontier, ``point`` must lie on it within the relative and
        absolute tolerance ``tol`` (default :data:`~gametheory._kernel.tolerance.REL_TOL`).
        """
        where = "BargainingProblem.is_pareto_optimal"
        t = resolve(tol, REL_TOL)
        (x, y), ks = _pair(point, f"{where}: point")
        if "symbolic" in ks or self.arithmetic == "symbolic":
            raise GameError(f"{where}: needs a numeric problem and point")
        if self.kind == "polygon":
            px, py = Fraction(int(x.p), int(x.q)), Fraction(int(y.p), int(y.q))
            return _on_chain(self._chain, (px, py))
        a, b = self._dom  # type: ignore[misc]
        xf, yf = float(x), float(y)
        slack = t * 1e-3  # the domain's end points are inputs, not computed: near-exact
        if not float(a) - slack <= xf <= float(b) + slack:
            return False
        return math.isclose(self._f_float(xf), yf, rel_tol=t, abs_tol=t)

    def is_individually_rational(self, point: Sequence[Any]) -> bool:
        """Whether ``point`` gives each player at least its disagreement payoff (numeric)."""
        (x, y), ks = _pair(point, "BargainingProblem.is_individually_rational: point")
        d1, d2 = (sympy.sympify(v, strict=True) for v in self._d)
        res = _decide(sympy.And(x >= d1, y >= d2))
        if res is None:
            raise GameError("BargainingProblem.is_individually_rational: cannot decide symbolically")
        return res

    def _f_float(self, u: float) -> float:
        if callable(self.frontier) and not isinstance(self.frontier, sympy.Basic):
            return _call(self.frontier, u, "frontier")
        return float(self.frontier.subs(self.variable, sympy.Rational(to_fraction(u))))


def _call(f: Callable[[float], Any], u: float, where: str) -> float:
    try:
        y = float(f(u))
    except Exception as exc:  # noqa: BLE001 - a user callable may raise anything
        raise GameError(f"{where}: frontier({u}) raised {type(exc).__name__}: {exc}") from exc
    if not math.isfinite(y):
        raise GameError(f"{where}: frontier({u}) = {y} is not finite")
    return y


# --------------------------------------------------------------------------- polygon kernels
Point = tuple[Fraction, Fraction]


def _cross(o: Point, a: Point, b: Point) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _pareto_chain(points: list[Point]) -> list[Point]:
    """Vertices of the strictly Pareto-optimal boundary of the convex hull, left to right.

    The upper hull (Andrew's monotone chain, exact) from its highest vertex (rightmost among
    ties) to its rightmost vertex (highest among ties); every edge has negative slope.
    """
    pts = sorted(set(points))
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    upper.reverse()
    top = 0
    for k, p in enumerate(upper):
        if p[1] >= upper[top][1]:
            top = k
    return upper[top:]


def _clip_chain(chain: Sequence[Point], d: Point) -> list[Point]:
    """The part of the chain with ``x >= d1`` and ``y >= d2``; empty unless some point of it is
    strictly better than ``d`` for both players."""
    d1, d2 = d
    if len(chain) == 1:
        p = chain[0]
        return [p] if p[0] > d1 and p[1] > d2 else []
    out: list[Point] = []
    for p, q in zip(chain, chain[1:]):
        t0, t1 = Fraction(0), Fraction(1)
        if q[0] != p[0]:
            t0 = max(t0, (d1 - p[0]) / (q[0] - p[0]))
        if p[1] != q[1]:
            t1 = min(t1, (p[1] - d2) / (p[1] - q[1]))
        if t0 > t1:
            continue
        for t in (t0, t1):
            pt = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            if not out or out[-1] != pt:
                out.append(pt)
    if len(out) == 1 and not (out[0][0] > d1 and out[0][1] > d2):
        return []
    return out


def _on_chain(chain: Sequence[Point], pt: Point) -> bool:
    if len(chain) == 1:
        return pt == chain[0]
    for p, q in zip(chain, chain[1:]):
        if _cross(p, q, pt) == 0 and min(p[0], q[0]) <= pt[0] <= max(p[0], q[0]) \
                and min(p[1], q[1]) <= pt[1] <= max(p[1], q[1]):
            return True
    return False


def _nash_polygon(chain: Sequence[Point], d: Point, a1: Fraction, a2: Fraction) -> Point:
    """Maximise ``a1 log(x-d1) + a2 log(y-d2)`` along the clipped Pareto chain, exactly.

    Along the frontier the objective is concave, so the optimum is where its derivative
    changes sign; on an edge of slope ``s`` that derivative has the sign of
    ``h = a1 (y - d2) + a2 s (x - d1)``, which is linear along the edge.
    """
    q = _clip_chain(chain, d)
    if len(q) == 1:
        return q[0]
    d1, d2 = d
    for k in range(len(q) - 1):
        p0, p1 = q[k], q[k + 1]
        s = (p1[1] - p0[1]) / (p1[0] - p0[0])
        h0 = a1 * (p0[1] - d2) + a2 * s * (p0[0] - d1)
        h1 = a1 * (p1[1] - d2) + a2 * s * (p1[0] - d1)
        if h0 <= 0:
            return p0
        if h1 >= 0:
            continue
        t = h0 / (h0 - h1)
        return (p0[0] + t * (p1[0] - p0[0]), p0[1] + t * (p1[1] - p0[1]))
    return q[-1]


def _ks_polygon(chain: Sequence[Point], d: Point) -> tuple[Point, Point]:
    """The KS point (intersection of the segment d -> ideal with the frontier) and the ideal."""
    q = _clip_chain(chain, d)
    ideal = (q[-1][0], q[0][1])
    if len(q) == 1:
        return q[0], ideal
    e = (ideal[0] - d[0], ideal[1] - d[1])
    for p0, p1 in zip(q, q[1:]):
        a = (p0[0] - d[0], p0[1] - d[1])
        den = (p0[0] - p1[0]) * e[1] - (p0[1] - p1[1]) * e[0]
        if den == 0:
            continue
        s = (a[0] * e[1] - a[1] * e[0]) / den
        if 0 <= s <= 1:
            return (p0[0] + s * (p1[0] - p0[0]), p0[1] + s * (p1[1] - p0[1])), ideal
    raise SolverError("kalai_smorodinsky_solution: the ray to the ideal point missed the frontier")  # pragma: no cover


# --------------------------------------------------------------------------- frontier kernels
def _inside(r: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr) -> bool | None:
    if r.is_real is False:
        return False
    return _decide(sympy.And(r > lo, r < hi))


def _frontier_bounds(f: sympy.Expr, u: sympy.Symbol, a: Any, b: Any, d1: Any, d2: Any) -> tuple[Any, Any]:
    """``(lo, hi)``: the individually rational part of the domain."""
    lo = sympy.Max(a, d1)
    fb = f.subs(u, b)
    if _decide(fb >= d2) is True:
        return lo, b
    roots = [r for r in sympy.solve(sympy.Eq(f, d2), u) if _inside(r, a, b) is not False or r == b]
    if len(roots) != 1:
        raise SolverError(
            f"BargainingProblem: cannot find where the frontier meets u2 = {d2} on [{a}, {b}] "
            f"(candidates: {roots})"
        )
    if _decide(fb < d2) is True:
        return lo, roots[0]
    return lo, sympy.Min(b, roots[0])


def _pick_root(
    roots: list[sympy.Expr], lo: Any, hi: Any, objective: sympy.Expr | None, u: sympy.Symbol, where: str
) -> tuple[sympy.Expr, tuple[sympy.Basic, ...]]:
    cands = [(r, _inside(r, lo, hi)) for r in roots]
    cands = [(r, ok) for r, ok in cands if ok is not False]
    if not cands:
        raise SolverError(f"{where}: the first-order condition has no root inside ({lo}, {hi})")
    if len(cands) > 1:
        if all(ok is True for _, ok in cands) and objective is not None:
            best = max(cands, key=lambda c: sympy.N(objective.subs(u, c[0]), 30))
            return best[0], ()
        raise SolverError(
            f"{where}: several roots of the first-order condition may lie in the domain "
            f"({', '.join(str(r) for r, _ in cands)}); give numeric parameter values"
        )
    r, ok = cands[0]
    conds: tuple[sympy.Basic, ...] = ()
    if ok is None:
        for c in (r > lo, r < hi):
            c = sympy.simplify(c)
            if _decide(c) is not True and c not in conds:
                conds += (c,)
    return r, conds


def _boundary_candidates(f: sympy.Expr, u: sympy.Symbol, a: Any, b: Any, d1: Any, d2: Any) -> list[Any]:
    """Domain end points that are strictly individually rational (numeric problems)."""
    out = []
    for e in (a, b):
        if _decide(sympy.And(e > d1, f.subs(u, e) > d2)) is True:
            out.append(e)
    return out


# --------------------------------------------------------------------------- solutions
def _alpha(alpha: Sequence[Any] | None, where: str) -> tuple[tuple[sympy.Expr, sympy.Expr], list[str]]:
    if alpha is None:
        half = sympy.Rational(1, 2)
        return (half, half), ["exact", "exact"]
    (a1, a2), ks = _pair(alpha, f"{where}: alpha")
    for k, a in enumerate((a1, a2)):
        _reject_if_false(a > 0, f"{where}: alpha[{k}] must be positive, got {a}")
    total = a1 + a2
    return (sympy.simplify(a1 / total), sympy.simplify(a2 / total)), ks


def nash_bargaining_solution(problem: BargainingProblem, alpha: Sequence[Any] | None = None) -> BargainingSolution:
    """The (generalised) Nash bargaining solution.

    The feasible point maximising

    .. math:: (u_1 - d_1)^{\\alpha_1} (u_2 - d_2)^{\\alpha_2},\\qquad u \\ge d,

    with :math:`\\alpha = (1/2, 1/2)` by default (Nash 1950); unequal powers give the
    asymmetric solution (Kalai 1977). On a frontier :math:`u_2 = f(u_1)` the optimum solves
    :math:`\\alpha_1 (f(u_1) - d_2) + \\alpha_2 f'(u_1)(u_1 - d_1) = 0`. For the linear pie
    :math:`u_1 + u_2 = S` this gives :math:`u_1 = d_1 + \\alpha_1 (S - d_1 - d_2)`.

    Parameters
    ----------
    problem:
        The bargaining problem.
    alpha:
        Bargaining powers ``(alpha1, alpha2)``, positive; only their ratio matters.

    Returns
    -------
    BargainingSolution
    """
    where = "nash_bargaining_solution"
    if not isinstance(problem, BargainingProblem):
        raise GameError(f"{where}: problem must be a BargainingProblem, got {type(problem).__name__}")
    (a1, a2), ka = _alpha(alpha, where)
    if problem.kind == "polygon":
        if "symbolic" in ka:
            raise GameError(f"{where}: alpha must be numeric for a polygon")
        mode = _mode([problem.arithmetic] + ka)
        fa1, fa2 = Fraction(int(a1.p), int(a1.q)), Fraction(int(a2.p), int(a2.q))
        pt = _nash_polygon(problem._chain, problem._d, fa1, fa2)
        q = _clip_chain(problem._chain, problem._d)
        ideal = (q[-1][0], q[0][1])
        return BargainingSolution(
            concept="nash",
            players=problem.players,
            point=(_export(_q(pt[0]), mode), _export(_q(pt[1]), mode)),
            disagreement=problem.disagreement,
            ideal=(_export(_q(ideal[0]), mode), _export(_q(ideal[1]), mode)),
            alpha=(_export(a1, mode), _export(a2, mode)),
            arithmetic=mode,
            method="polygon-edges",
        )
    if isinstance(problem.frontier, sympy.Basic):
        return _frontier_solution(problem, "nash", (a1, a2), ka)
    return _numeric_solution(problem, "nash", (float(a1), float(a2)))


def kalai_smorodinsky_solution(problem: BargainingProblem) -> BargainingSolution:
    """The Kalai--Smorodinsky solution (Kalai & Smorodinsky 1975).

    With the ideal point :math:`I_i = \\max\\{u_i : u \\in S, u \\ge d\\}`, the solution is the
    Pareto-optimal point on the segment from :math:`d` to :math:`I`, i.e. where

    .. math:: \\frac{u_1 - d_1}{I_1 - d_1} = \\frac{u_2 - d_2}{I_2 - d_2}.

    Unlike Nash's solution it is monotone: enlarging the set in a way that raises one
    player's ideal payoff never hurts that player.

    Parameters
    ----------
    problem:
        The bargaining problem.

    Returns
    -------
    BargainingSolution
    """
    where = "kalai_smorodinsky_solution"
    if not isinstance(problem, BargainingProblem):
        raise GameError(f"{where}: problem must be a BargainingProblem, got {type(problem).__name__}")
    if problem.kind == "polygon":
        mode = problem.arithmetic
        pt, ideal = _ks_polygon(problem._chain, problem._d)
        return BargainingSolution(
            concept="kalai-smorodinsky",
            players=problem.players,
            point=(_export(_q(pt[0]), mode), _export(_q(pt[1]), mode)),
            disagreement=problem.disagreement,
            ideal=(_export(_q(ideal[0]), mode), _export(_q(ideal[1]), mode)),
            alpha=None,
            arithmetic=mode,
            method="polygon-edges",
        )
    if isinstance(problem.frontier, sympy.Basic):
        return _frontier_solution(problem, "kalai-smorodinsky", None, [])
    return _numeric_solution(problem, "kalai-smorodinsky", None)


def _frontier_solution(
    problem: BargainingProblem, concept: str, alpha: tuple[Any, Any] | None, ka: list[str]
) -> BargainingSolution:
    where = "nash_bargaining_solution" if concept == "nash" else "kalai_smorodinsky_solution"
    f: sympy.Expr = problem.frontier
    u = problem.variable
    assert u is not None and problem._dom is not None
    a, b = problem._dom
    d1, d2 = problem._d
    mode = _mode([problem.arithmetic] + ka)
    lo, hi = _frontier_bounds(f, u, a, b, d1, d2)
    ideal = (hi, f.subs(u, lo))
    objective: sympy.Expr | None
    if concept == "nash":
        assert alpha is not None
        a1, a2 = alpha
        objective = a1 * sympy.log(u - d1) + a2 * sympy.log(f - d2)
        foc = sympy.numer(sympy.together(sympy.diff(objective, u)))
    else:
        objective = None
        foc = (f - d2) * (ideal[0] - d1) - (u - d1) * (ideal[1] - d2)
    roots = sympy.solve(foc, u)
    diagnostics: tuple[str, ...] = ()
    if mode != "symbolic" and concept == "nash":
        cands = [r for r in roots if _inside(r, lo, hi) is True]
        cands += _boundary_candidates(f, u, a, b, d1, d2)
        if not cands:
            raise SolverError(f"{where}: no optimum found inside ({lo}, {hi})")
        assert objective is not None
        u1 = max(cands, key=lambda r: sympy.N(objective.subs(u, r), 30))
        conds: tuple[sympy.Basic, ...] = ()
    else:
        u1, conds = _pick_root(roots, lo, hi, objective, u, where)
        if conds:
            diagnostics = ("the closed form assumes the optimum lies inside the frontier's domain; see conditions",)
    u2 = f.subs(u, u1)
    return BargainingSolution(
        concept=concept,
        players=problem.players,
        point=(_export(u1, mode), _export(u2, mode)),
        disagreement=problem.disagreement,
        ideal=(_export(ideal[0], mode), _export(ideal[1], mode)),
        alpha=None if alpha is None else (_export(alpha[0], mode), _export(alpha[1], mode)),
        arithmetic=mode,
        method="first-order-condition",
        conditions=conds,
        diagnostics=diagnostics,
    )


def _numeric_solution(
    problem: BargainingProblem, concept: str, alpha: tuple[float, float] | None
) -> BargainingSolution:
    from scipy.optimize import brentq, minimize_scalar

    where = "nash_bargaining_solution" if concept == "nash" else "kalai_smorodinsky_solution"
    f = problem._f_float
    a, b = (float(x) for x in problem._dom)  # type: ignore[union-attr]
    d1, d2 = (float(x) for x in problem._d)
    lo = max(a, d1)
    if f(lo) <= d2 or lo >= b:
        raise GameError(f"{where}: no point of the frontier gives both players more than ({d1}, {d2})")
    hi = b if f(b) >= d2 else brentq(lambda x: f(x) - d2, lo, b, xtol=1e-14)
    ideal = (hi, f(lo))
    if concept == "nash":
        assert alpha is not None
        a1, a2 = alpha

        def neg(x: float) -> float:
            g1, g2 = x - d1, f(x) - d2
            if g1 <= 0 or g2 <= 0:
                return math.inf
            return -(a1 * math.log(g1) + a2 * math.log(g2))

        res = minimize_scalar(neg, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
        u1 = float(res.x)
        # the bounded method never evaluates the end points; a boundary optimum is possible
        for e in (lo, hi):
            if neg(e) < neg(u1):
                u1 = e
    else:
        e1, e2 = ideal[0] - d1, ideal[1] - d2

        def h(x: float) -> float:
            return (f(x) - d2) * e1 - (x - d1) * e2

        u1 = lo if h(lo) <= 0 else (hi if h(hi) >= 0 else brentq(h, lo, hi, xtol=1e-14))
    return BargainingSolution(
        concept=concept,
        players=problem.players,
        point=(u1, f(u1)),
        disagreement=problem.disagreement,
        ideal=ideal,
        alpha=alpha,
        arithmetic="float",
        method="numeric",
    )
