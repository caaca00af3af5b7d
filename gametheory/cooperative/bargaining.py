"""Two-player bargaining: axiomatic solutions, alternating offers, and war as bargaining.

Axiomatic solutions of a :class:`BargainingProblem` (a convex feasible set of payoff pairs
and a disagreement point ``d``):

* :func:`nash_bargaining_solution` -- the point maximising the Nash product
  :math:`(u_1-d_1)^{\\alpha_1}(u_2-d_2)^{\\alpha_2}` (Nash 1950; the generalised form with
  bargaining powers :math:`\\alpha` is due to Harsanyi & Selten 1972 and Kalai 1977);
* :func:`kalai_smorodinsky_solution` -- the Pareto-optimal point on the segment from ``d`` to
  the ideal point (Kalai & Smorodinsky 1975).

A polygon is solved exactly, edge by edge, in rational arithmetic. A frontier given as a
sympy expression :math:`u_2 = f(u_1)` is solved from its first-order condition with sympy,
so symbolic parameters give closed forms; a Python callable is solved numerically.

Strategic bargaining:

* :func:`rubinstein` -- the subgame-perfect split of the alternating-offers game
  (Rubinstein 1982) with discounting or per-period costs, outside options (Binmore, Shaked
  & Sutton 1989) and a risk of breakdown (Binmore, Rubinstein & Wolinsky 1986). The shares
  are obtained by solving the two stationarity (indifference) equations with sympy.

War as bargaining:

* :func:`fearon_bargaining_range` -- the splits both sides prefer to a costly war
  (Fearon 1995);
* :func:`commitment_problem` -- whether any peaceful deal survives a shift in power
  (Powell 2006).

Values may be exact (``int``, ``Fraction``, numeric strings, sympy rationals), floats or
sympy expressions in symbols; results are exact, float or symbolic accordingly (floats are
read as the decimal they print as, computed exactly, and returned as floats).

>>> from fractions import Fraction
>>> r = rubinstein((Fraction(1, 2), Fraction(1, 2)))
>>> r.shares
(Fraction(2, 3), Fraction(1, 3))
>>> problem = BargainingProblem.from_polygon([(0, 0), (0, 1), (1, 0)], disagreement=(0, 0))
>>> problem.nash_solution().point
(Fraction(1, 2), Fraction(1, 2))
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral, Real
from typing import Any, TypeAlias

import sympy

from gametheory._kernel.values import is_exact_value, to_float, to_fraction
from gametheory.errors import GameError, SolverError

#: A computed quantity: exact, float, or a sympy expression (symbolic inputs).
Value: TypeAlias = Fraction | float | sympy.Expr
#: A condition: a plain ``bool`` for numeric inputs, a sympy Boolean for symbolic ones.
Condition: TypeAlias = bool | sympy.Basic

_RANK = {"exact": 0, "float": 1, "symbolic": 2}
DEFAULT_PLAYERS = ("Player 1", "Player 2")


# --------------------------------------------------------------------------- values
def _value(v: Any, where: str) -> tuple[sympy.Expr, str]:
    """``v`` as a sympy expression plus its kind: ``"exact"``, ``"float"`` or ``"symbolic"``.

    Floats become the rational they print as (``0.1`` -> ``1/10``), so that all arithmetic is
    exact; the kind remembers that the caller wants floats back.
    """
    if isinstance(v, bool):
        raise GameError(f"{where}: {v!r} is a boolean, not a number")
    if isinstance(v, sympy.Basic):
        if not isinstance(v, sympy.Expr):
            raise GameError(f"{where}: {v} is not an expression")
        if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise GameError(f"{where}: {v} is not finite")
        if v.is_Rational:
            return v, "exact"
        if v.is_Float:
            f = to_fraction(float(v), where)
            return sympy.Rational(f.numerator, f.denominator), "float"
        if v.is_number and v.is_real is False:
            raise GameError(f"{where}: {v} is not a real number")
        return v, "symbolic"
    if is_exact_value(v):
        q = to_fraction(v, where)
        return sympy.Rational(q.numerator, q.denominator), "exact"
    if isinstance(v, (Real, float)) or hasattr(v, "__float__"):
        f = to_fraction(to_float(v, where), where)
        return sympy.Rational(f.numerator, f.denominator), "float"
    raise GameError(f"{where}: {v!r} is not a number or sympy expression")


def _pair(v: Any, where: str) -> tuple[tuple[sympy.Expr, sympy.Expr], list[str]]:
    if isinstance(v, (str, bytes)) or not isinstance(v, Sequence) and not hasattr(v, "__iter__"):
        raise GameError(f"{where}: expected a pair of values, got {v!r}")
    items = list(v)
    if len(items) != 2:
        raise GameError(f"{where}: expected a pair of values (one per player), got {len(items)}")
    a, ka = _value(items[0], f"{where}[0]")
    b, kb = _value(items[1], f"{where}[1]")
    return (a, b), [ka, kb]


def _mode(kinds: Sequence[str]) -> str:
    return max(kinds, key=_RANK.__getitem__) if kinds else "exact"


def _export(e: Any, mode: str) -> Value:
    """A computed sympy value in the caller's arithmetic."""
    e = sympy.sympify(e, strict=True)
    if mode == "float":
        return float(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    if isinstance(e, sympy.Piecewise):
        return sympy.piecewise_fold(e)
    return sympy.factor(sympy.cancel(e)) if e.free_symbols and e.is_rational_function() else sympy.simplify(e)


def _export_condition(c: Any) -> Condition:
    c = sympy.sympify(c, strict=True)
    if c is sympy.true:
        return True
    if c is sympy.false:
        return False
    return c


def _decide(cond: Any) -> bool | None:
    """``True``/``False`` when sympy can decide ``cond``, else ``None`` (undecidable)."""
    if isinstance(cond, bool):
        return cond
    cond = sympy.sympify(cond, strict=True)
    if cond is sympy.true:
        return True
    if cond is sympy.false:
        return False
    if isinstance(cond, sympy.logic.boolalg.And):
        parts = [_decide(a) for a in cond.args]
        if any(p is False for p in parts):
            return False
        return True if all(p is True for p in parts) else None
    if isinstance(cond, sympy.logic.boolalg.Or):
        parts = [_decide(a) for a in cond.args]
        if any(p is True for p in parts):
            return True
        return False if all(p is False for p in parts) else None
    if isinstance(cond, sympy.core.relational.Relational):
        diff = sympy.simplify(cond.lhs - cond.rhs)
        if isinstance(cond, sympy.GreaterThan):
            yes, no = diff.is_nonnegative, diff.is_negative
        elif isinstance(cond, sympy.StrictGreaterThan):
            yes, no = diff.is_positive, diff.is_nonpositive
        elif isinstance(cond, sympy.LessThan):
            yes, no = diff.is_nonpositive, diff.is_positive
        elif isinstance(cond, sympy.StrictLessThan):
            yes, no = diff.is_negative, diff.is_nonnegative
        elif isinstance(cond, sympy.Equality):
            yes, no = diff.is_zero, (diff.is_zero is False)
        else:  # Unequality
            yes, no = (diff.is_zero is False), diff.is_zero
        if yes:
            return True
        if no:
            return False
    return None


def _reject_if_false(cond: Any, message: str) -> None:
    """Style rule: reject what is provably invalid, let the undecidable through."""
    if _decide(cond) is False:
        raise GameError(message)


def _players(players: Any, where: str) -> tuple[str, str]:
    if isinstance(players, str) or not isinstance(players, Sequence) or len(players) != 2:
        raise GameError(f"{where}: players must be two names, got {players!r}")
    names = tuple(str(p) for p in players)
    if names[0] == names[1]:
        raise GameError(f"{where}: players: duplicate name {names[0]!r}")
    return names[0], names[1]


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class BargainingSolution:
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
    arithmetic: str
    method: str
    conditions: tuple[sympy.Basic, ...] = ()
    diagnostics: tuple[str, ...] = ()

    def by_name(self) -> dict[str, Value]:
        """``{player: payoff}`` at the solution point."""
        return dict(zip(self.players, self.point))

    @property
    def gains(self) -> tuple[Any, Any]:
        """Each player's gain over disagreement, :math:`u_i - d_i`."""
        return (self.point[0] - self.disagreement[0], self.point[1] - self.disagreement[1])


@dataclass(frozen=True)
class RubinsteinResult:
    """The stationary subgame-perfect equilibrium of an alternating-offers game.

    Attributes
    ----------
    players:
        The two player names.
    proposer:
        Name of the player who makes the first offer.
    shares:
        The agreement reached in the first period, one share per player (in ``players``
        order); the shares sum to ``pie``.
    proposer_shares:
        Each player's own share when it is the one proposing (the unknowns of the
        stationarity equations).
    immediate:
        Whether the first offer is accepted, checked on the solution: the proposer's share is at
        least what it would get if its offer were turned down. ``True`` under the validated
        assumptions; a sympy condition when it cannot be decided symbolically.
    outside_option_binds:
        Per player: whether (numeric) or when (sympy condition) its outside option, not the
        value of continuing to bargain, sets what it must be offered as responder. Binding
        happens exactly when the option exceeds the responder's equilibrium share
        (Binmore, Shaked & Sutton 1989). ``False`` for a player without an option.
    regimes:
        ``(condition, shares)`` pairs: the first-period shares in each parameter region where a
        different set of constraints binds. One pair with condition ``True`` for numeric input.
    equations:
        The stationarity equations solved (``m1``, ``m2``: each player's share as proposer) in
        the regime that applies (the first regime for symbolic input).
    pie, discount, costs, breakdown, breakdown_payoffs, outside_options:
        The model's parameters as used (``costs``/``outside_options`` are ``None`` when absent).
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    diagnostics:
        Notes a careful reader should see.
    """

    players: tuple[str, str]
    proposer: str
    shares: tuple[Value, Value]
    proposer_shares: tuple[Value, Value]
    immediate: Condition
    outside_option_binds: tuple[Condition, Condition]
    regimes: tuple[tuple[Condition, tuple[Value, Value]], ...]
    equations: tuple[sympy.Basic, ...]
    pie: Value
    discount: tuple[Value, Value]
    costs: tuple[Value, Value] | None
    breakdown: Value
    breakdown_payoffs: tuple[Value, Value]
    outside_options: tuple[Value, Value] | None
    arithmetic: str
    diagnostics: tuple[str, ...] = ()

    def by_name(self) -> dict[str, Value]:
        """``{player: share}`` of the first-period agreement."""
        return dict(zip(self.players, self.shares))


@dataclass(frozen=True)
class BargainingRange:
    """Fearon's bargaining range: the splits both sides prefer to war.

    Shares are side A's share of the pie. A accepts :math:`x` when :math:`x \\ge pS - c_A`; B
    accepts when :math:`S - x \\ge (1-p)S - c_B`.

    Attributes
    ----------
    players:
        Names of sides A and B.
    lower, upper:
        The range :math:`[pS - c_A,\\; pS + c_B]` of A's share, as derived from the two
        acceptance inequalities (may extend beyond ``[0, pie]``).
    feasible:
        The range clipped to the pie, :math:`[\\max(0, \\text{lower}), \\min(S, \\text{upper})]`.
    war_values:
        Expected value of war for A and B: :math:`(pS - c_A,\\; (1-p)S - c_B)`.
    width:
        ``upper - lower`` (the total cost of war, :math:`c_A + c_B`).
    nonempty:
        Whether some split both prefer to war exists (``True`` whenever war is costly).
    pie, p, costs:
        The parameters.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    """

    players: tuple[str, str]
    lower: Value
    upper: Value
    feasible: tuple[Value, Value]
    war_values: tuple[Value, Value]
    width: Value
    nonempty: Condition
    pie: Value
    p: Value
    costs: tuple[Value, Value]
    arithmetic: str

    def contains(self, share: Any) -> Condition:
        """Whether A's share ``share`` is in the range (both sides prefer it to war)."""
        x, _ = _value(share, "BargainingRange.contains: share")
        lo, hi, pie = (_value(v, "BargainingRange")[0] for v in (self.lower, self.upper, self.pie))
        return _export_condition(sympy.And(x >= lo, x <= hi, x >= 0, x <= pie))


@dataclass(frozen=True)
class CommitmentResult:
    """Whether a peaceful deal exists when power shifts (Powell 2006).

    Side A wins a war with probability ``p_now`` if it fights now, and with ``p_future`` in
    every later period. War is absorbing: fighting at once gives A
    :math:`p S/(1-\\delta) - c_A` and B :math:`(1-p) S/(1-\\delta) - c_B`, where ``S`` is the
    per-period flow and costs are paid once. After the shift no side can be held below its
    war value, so the rising side cannot credibly promise more than the flow today plus the
    future surplus over its own future war value.

    Attributes
    ----------
    players:
        Names of sides A and B.
    peace_possible:
        Whether some division of today's flow, with credible continuation values, gives each
        side at least its war value now.
    declining:
        Name of the side whose chance of winning falls (``None`` when power does not shift or
        the direction is not known symbolically).
    war_values_now:
        A's and B's expected value of fighting now.
    credible_range:
        The interval of A's total peace payoffs that some split today plus credible future
        values can deliver.
    acceptable_range:
        The interval of A's total peace payoffs that both sides prefer to fighting now.
    p_future_bounds:
        Peace is possible exactly when ``p_future`` lies in this interval (solved by sympy from
        the two participation inequalities): a shift beyond either end makes war inevitable.
    condition:
        The inequality system whose solvability means peace, after substituting the inputs.
    pie, p_now, p_future, costs, delta:
        The parameters.
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    """

    players: tuple[str, str]
    peace_possible: Condition
    declining: str | None
    war_values_now: tuple[Value, Value]
    credible_range: tuple[Value, Value]
    acceptable_range: tuple[Value, Value]
    p_future_bounds: tuple[Value, Value]
    condition: Condition
    pie: Value
    p_now: Value
    p_future: Value
    costs: tuple[Value, Value]
    delta: Value
    arithmetic: str


def _q(f: Fraction) -> sympy.Rational:
    return sympy.Rational(f.numerator, f.denominator)


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
    def is_pareto_optimal(self, point: Sequence[Any]) -> bool:
        """Whether ``point`` is feasible and no feasible point is better for one player and no
        worse for the other (numeric problems only; exact for polygons)."""
        where = "BargainingProblem.is_pareto_optimal"
        (x, y), ks = _pair(point, f"{where}: point")
        if "symbolic" in ks or self.arithmetic == "symbolic":
            raise GameError(f"{where}: needs a numeric problem and point")
        if self.kind == "polygon":
            px, py = Fraction(int(x.p), int(x.q)), Fraction(int(y.p), int(y.q))
            return _on_chain(self._chain, (px, py))
        a, b = self._dom  # type: ignore[misc]
        xf, yf = float(x), float(y)
        if not float(a) - 1e-12 <= xf <= float(b) + 1e-12:
            return False
        return math.isclose(self._f_float(xf), yf, rel_tol=1e-9, abs_tol=1e-9)

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


# --------------------------------------------------------------------------- Rubinstein
_M = (sympy.Symbol("m1"), sympy.Symbol("m2"))


def rubinstein(
    discount: Sequence[Any] | None = None,
    pie: Any = 1,
    *,
    costs: Sequence[Any] | None = None,
    breakdown: Any = 0,
    breakdown_payoffs: Sequence[Any] = (0, 0),
    outside_options: Sequence[Any] | None = None,
    first: int | str = 0,
    players: Sequence[str] = DEFAULT_PLAYERS,
) -> RubinsteinResult:
    """Subgame-perfect split of a pie in the alternating-offers game (Rubinstein 1982).

    Two players alternate proposals; the responder accepts, rejects (and proposes next
    period), or -- when it has one -- takes its outside option. The stationary equilibrium is
    found by solving the responders' indifference conditions. With :math:`m_i` player
    :math:`i`'s share when it proposes, responder :math:`j` must be offered

    .. math:: T_j = \\max\\bigl(o_j,\\; p\\,b_j + (1-p)\\,\\delta_j m_j - c_j,\\; 0\\bigr),
              \\qquad m_i = S - T_j,

    where the middle term is the value of rejecting: a per-period cost :math:`c_j` is paid,
    talks break down with probability :math:`p` (payoff :math:`b_j`), and otherwise
    :math:`j` proposes next period, discounted by :math:`\\delta_j`. Every combination of
    binding terms is solved with sympy and kept where its inequalities hold. Special cases:

    * discounting only: :math:`m_1 = S(1-\\delta_2)/(1-\\delta_1\\delta_2)`; equal
      :math:`\\delta` gives :math:`S/(1+\\delta)` (Rubinstein 1982);
    * costs only (:math:`\\delta = 1`): the player with the lower cost takes (almost) all
      (Rubinstein 1982); equal costs give a continuum of equilibria and are rejected;
    * outside options bind only when they exceed what the responder gets anyway
      (the outside option principle, Binmore, Shaked & Sutton 1989);
    * breakdown risk without discounting: as :math:`p \\to 0` the split tends to the Nash
      bargaining solution with disagreement point :math:`b` (Binmore, Rubinstein &
      Wolinsky 1986).

    Parameters
    ----------
    discount:
        ``(delta1, delta2)`` in ``[0, 1)``; ``None`` means no discounting (``(1, 1)``), which
        needs per-period costs or breakdown risk. A factor of 1 is allowed only for a player
        with a positive cost, or with breakdown risk.
    pie:
        Size ``S`` of the pie, positive.
    costs:
        Per-period bargaining costs ``(c1, c2)``, nonnegative (utility ``x - c t``).
    breakdown:
        Probability ``p`` in ``[0, 1]`` that talks end after each rejection.
    breakdown_payoffs:
        Payoffs ``(b1, b2)`` on breakdown, with ``b1 + b2 <= S``.
    outside_options:
        ``(o1, o2)``, nonnegative with ``o1 + o2 <= S``: what a responder gets by walking out.
    first:
        Index (0 or 1) or name of the first proposer.
    players:
        Two names.

    Returns
    -------
    RubinsteinResult
    """
    where = "rubinstein"
    names = _players(players, where)
    S, kS = _value(pie, f"{where}: pie")
    _reject_if_false(S > 0, f"{where}: pie must be positive, got {S}")
    kinds = [kS]
    if discount is None:
        deltas: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(1), sympy.Integer(1))
    else:
        deltas, kd = _pair(discount, f"{where}: discount")
        kinds += kd
    p, kp = _value(breakdown, f"{where}: breakdown")
    kinds.append(kp)
    _reject_if_false(sympy.And(p >= 0, p <= 1), f"{where}: breakdown must be a probability in [0, 1], got {p}")
    b, kb = _pair(breakdown_payoffs, f"{where}: breakdown_payoffs")
    kinds += kb
    _reject_if_false(b[0] + b[1] <= S, f"{where}: breakdown_payoffs must sum to at most the pie")
    if costs is None:
        c: tuple[sympy.Expr, sympy.Expr] = (sympy.Integer(0), sympy.Integer(0))
    else:
        c, kc = _pair(costs, f"{where}: costs")
        kinds += kc
        for k in (0, 1):
            _reject_if_false(c[k] >= 0, f"{where}: costs[{k}] must be nonnegative, got {c[k]}")
    o: tuple[sympy.Expr, sympy.Expr] | None = None
    if outside_options is not None:
        o, ko = _pair(outside_options, f"{where}: outside_options")
        kinds += ko
        for k in (0, 1):
            _reject_if_false(o[k] >= 0, f"{where}: outside_options[{k}] must be nonnegative, got {o[k]}")
        _reject_if_false(o[0] + o[1] <= S, f"{where}: outside_options must sum to at most the pie")
    for k in (0, 1):
        dk = deltas[k]
        _reject_if_false(dk >= 0, f"{where}: discount[{k}] must be in [0, 1), got {dk} (negative)")
        _reject_if_false(dk <= 1, f"{where}: discount[{k}] must be in [0, 1), got {dk}")
        if _decide(sympy.Eq(dk, 1)) is True and _decide(sympy.Or(c[k] > 0, p > 0)) is not True:
            raise GameError(
                f"{where}: discount[{k}] must be in [0, 1), got {dk} (a factor of 1 is allowed only "
                "with a positive per-period cost for that player or a positive breakdown risk)"
            )
    if isinstance(first, str):
        if first not in names:
            raise GameError(f"{where}: first: unknown player {first!r} (players: {', '.join(names)})")
        i = names.index(first)
    elif isinstance(first, Integral) and not isinstance(first, bool) and int(first) in (0, 1):
        i = int(first)
    else:
        raise GameError(f"{where}: first must be 0, 1 or a player name, got {first!r}")
    mode = _mode(kinds)

    # Parameters given as bare symbols are known to lie in their admissible ranges; deciding
    # conditions after substituting a parametrisation of those ranges removes regimes that
    # cannot occur (e.g. delta = 1/(1 + t) with t > 0 for a discount factor).
    domain: dict[sympy.Basic, sympy.Expr] = {}
    for value, kind in [(deltas[0], "unit"), (deltas[1], "unit"), (p, "unit"), (S, "pos")] + (
        [(c[0], "nonneg"), (c[1], "nonneg")] + ([(o[0], "nonneg"), (o[1], "nonneg")] if o is not None else [])
    ):
        if isinstance(value, sympy.Symbol) and value not in domain:
            if kind == "unit":
                domain[value] = 1 / (1 + sympy.Dummy("t", positive=True))
            else:
                domain[value] = sympy.Dummy("z", positive=True) if kind == "pos" else sympy.Dummy("z", nonnegative=True)

    def decide(cond: Any) -> bool | None:
        verdict = _decide(cond)
        if verdict is None and domain:
            verdict = _decide(sympy.sympify(cond, strict=True).xreplace(domain))
        return verdict

    # Which terms of each responder's threshold can bind.
    branches: list[list[str]] = []
    for j in (0, 1):
        may_be_negative = decide(c[j] <= 0) is not True or (
            decide(sympy.Eq(p, 0)) is not True and decide(b[j] >= 0) is not True
        )
        opts = ["continue"]
        if o is not None and (may_be_negative or decide(sympy.Eq(o[j], 0)) is not True):
            opts.append("outside")  # a zero option can only matter when continuing can be worth < 0
        if may_be_negative:
            opts.append("floor")
        branches.append(opts)

    def threshold(j: int, kind: str) -> sympy.Expr:
        if kind == "continue":
            return p * b[j] + (1 - p) * deltas[j] * _M[j] - c[j]
        if kind == "outside":
            assert o is not None
            return o[j]
        return sympy.Integer(0)

    Case = tuple[tuple[str, str], tuple[sympy.Expr, sympy.Expr], list[sympy.Basic], list[sympy.Basic]]
    kept: list[Case] = []
    continuum = False
    for combo in itertools.product(branches[0], branches[1]):
        # m1 = S - T2 (player 2 responds to 1), m2 = S - T1
        eqs = [sympy.Eq(_M[0], S - threshold(1, combo[1])), sympy.Eq(_M[1], S - threshold(0, combo[0]))]
        sols = sympy.linsolve(eqs, list(_M))
        if sols == sympy.S.EmptySet:
            continue
        (sol,) = tuple(sols)
        if any(s.free_symbols & set(_M) for s in sol):
            continuum = True
            continue
        subs = dict(zip(_M, sol))
        conds: list[sympy.Basic] = []
        for j in (0, 1):
            chosen = threshold(j, combo[j]).subs(subs)
            for other in branches[j]:
                if other != combo[j]:
                    conds.append(chosen >= threshold(j, other).subs(subs))
        verdicts = [decide(cd) for cd in conds]
        if any(v is False for v in verdicts):
            continue
        open_conds = [sympy.simplify(cd) for cd, v in zip(conds, verdicts) if v is not True]
        kept.append((combo, (sympy.simplify(sol[0]), sympy.simplify(sol[1])), eqs, open_conds))
    if mode != "symbolic":
        distinct = {k[1] for k in kept}
        if continuum or len(distinct) > 1:
            raise GameError(
                f"{where}: no unique equilibrium: with no discounting, no breakdown risk and equal "
                "per-period costs, a range of splits are equilibria (Rubinstein 1982)"
            )
    if not kept:
        raise SolverError(f"{where}: no stationary equilibrium found for these parameters")
    definite = [k for k in kept if not k[3]]
    if definite:
        kept = definite[:1]

    j = 1 - i

    def first_shares(m: tuple[sympy.Expr, sympy.Expr]) -> tuple[sympy.Expr, sympy.Expr]:
        own = m[i]
        sh = [sympy.Integer(0), sympy.Integer(0)]
        sh[i], sh[j] = own, S - own
        return sh[0], sh[1]

    def alternative(case: tuple[Any, ...]) -> sympy.Expr:
        """What the first proposer gets if its offer is turned down (responder's best move)."""
        combo, m = case[0], case[1]
        kind = combo[j]
        if kind == "outside":
            assert o is not None
            return o[i]
        if kind == "floor":
            return sympy.Integer(-1)  # nothing is refused: every nonnegative offer is acceptable
        return p * b[i] + (1 - p) * deltas[i] * (S - m[j]) - c[i]

    if len(kept) == 1:
        combo, m, eqs, conds = kept[0]
        shares = first_shares(m)
        regimes: tuple[tuple[Condition, tuple[Value, ...]], ...] = ((True, tuple(_export(s, mode) for s in shares)),)
        immediate = _export_condition(sympy.simplify(m[i] >= alternative(kept[0])))
        binds = tuple(combo[k] == "outside" for k in (0, 1))
        m_out = (m[0], m[1])
        equations = tuple(eqs)
        regime_conditions: list[sympy.Basic] = [sympy.true]
    else:
        regime_conditions = [sympy.And(*k[3]) for k in kept]
        pieces_m = [
            sympy.Piecewise(*[(k[1][idx], cond) for k, cond in zip(kept, regime_conditions[:-1])], (kept[-1][1][idx], True))
            for idx in (0, 1)
        ]
        m_out = (pieces_m[0], pieces_m[1])
        shares = first_shares(m_out)
        regimes = tuple(
            (_export_condition(cond), tuple(_export(s, mode) for s in first_shares(k[1])))
            for k, cond in zip(kept, regime_conditions)
        )
        immediate = _export_condition(
            sympy.Or(*[sympy.And(cond, k[1][i] >= alternative(k)) for k, cond in zip(kept, regime_conditions)])
        )
        bind_list = []
        for k_player in (0, 1):
            conds_k = [cond for k, cond in zip(kept, regime_conditions) if k[0][k_player] == "outside"]
            bind_list.append(_export_condition(sympy.Or(*conds_k)) if conds_k else False)
        binds = (bind_list[0], bind_list[1])
        equations = tuple(kept[0][2])
    diagnostics: list[str] = []
    if mode == "symbolic" and len(kept) > 1:
        diagnostics.append(f"{len(kept)} regimes: the shares are piecewise in the parameters")
    if mode != "symbolic" and immediate is not True:
        diagnostics.append("the first proposer would rather have its offer refused: the stationary split may not apply")
    return RubinsteinResult(
        players=names,
        proposer=names[i],
        shares=(_export(shares[0], mode), _export(shares[1], mode)),
        proposer_shares=(_export(m_out[0], mode), _export(m_out[1], mode)),
        immediate=immediate,
        outside_option_binds=(_export_condition(binds[0]), _export_condition(binds[1])),
        regimes=tuple((c_, (s_[0], s_[1])) for c_, s_ in regimes),
        equations=equations,
        pie=_export(S, mode),
        discount=(_export(deltas[0], mode), _export(deltas[1], mode)),
        costs=None if costs is None else (_export(c[0], mode), _export(c[1], mode)),
        breakdown=_export(p, mode),
        breakdown_payoffs=(_export(b[0], mode), _export(b[1], mode)),
        outside_options=None if o is None else (_export(o[0], mode), _export(o[1], mode)),
        arithmetic=mode,
        diagnostics=tuple(diagnostics),
    )


# --------------------------------------------------------------------------- Fearon / Powell
def _solve_bound(ineq: sympy.Basic, x: sympy.Symbol) -> tuple[str, sympy.Expr]:
    """For a linear inequality ``g(x) >= 0`` return (``">="`` or ``"<="``, boundary value)."""
    g = ineq.lhs - ineq.rhs
    slope = sympy.diff(g, x)
    root = sympy.solve(sympy.Eq(g, 0), x)
    if len(root) != 1 or slope.free_symbols & {x}:
        raise SolverError(f"expected a linear inequality in {x}, got {ineq}")  # pragma: no cover
    sign = _decide(slope > 0)
    if sign is None:
        raise SolverError(f"cannot tell the sign of {slope} in {ineq}")  # pragma: no cover
    return (">=" if sign else "<="), root[0]


def fearon_bargaining_range(
    p: Any, cost_a: Any, cost_b: Any, *, pie: Any = 1, players: Sequence[str] = ("A", "B")
) -> BargainingRange:
    """The bargaining range of Fearon's (1995) model of war as a costly lottery.

    War gives A the whole pie ``S`` with probability :math:`p` and B the pie otherwise, and
    costs :math:`c_A, c_B \\ge 0`. A prefers a peaceful split :math:`(x, S - x)` to war when
    :math:`x \\ge pS - c_A`, B when :math:`S - x \\ge (1-p)S - c_B`. Solving both inequalities
    for :math:`x` (with sympy) gives the range

    .. math:: pS - c_A \\le x \\le pS + c_B,

    of width :math:`c_A + c_B`: with costly war and risk-neutral sides a bargain both prefer
    always exists (Fearon 1995).

    Parameters
    ----------
    p:
        Probability that A wins, in ``[0, 1]``.
    cost_a, cost_b:
        Costs of war to A and B, nonnegative.
    pie:
        Size of the pie, positive.
    players:
        Names of A and B.

    Returns
    -------
    BargainingRange
    """
    where = "fearon_bargaining_range"
    names = _players(players, where)
    pv, kp = _value(p, f"{where}: p")
    ca, kca = _value(cost_a, f"{where}: cost_a")
    cb, kcb = _value(cost_b, f"{where}: cost_b")
    S, kS = _value(pie, f"{where}: pie")
    _reject_if_false(sympy.And(pv >= 0, pv <= 1), f"{where}: p must be a probability in [0, 1], got {pv}")
    _reject_if_false(ca >= 0, f"{where}: cost_a must be nonnegative, got {ca}")
    _reject_if_false(cb >= 0, f"{where}: cost_b must be nonnegative, got {cb}")
    _reject_if_false(S > 0, f"{where}: pie must be positive, got {S}")
    mode = _mode([kp, kca, kcb, kS])
    x = sympy.Dummy("x", real=True)
    war_a, war_b = pv * S - ca, (1 - pv) * S - cb
    bounds = {">=": [], "<=": []}  # type: dict[str, list[sympy.Expr]]
    for ineq in (sympy.GreaterThan(x, war_a, evaluate=False), sympy.GreaterThan(S - x, war_b, evaluate=False)):
        direction, value = _solve_bound(ineq, x)
        bounds[direction].append(value)
    (lower,), (upper,) = bounds[">="], bounds["<="]
    return BargainingRange(
        players=names,
        lower=_export(lower, mode),
        upper=_export(upper, mode),
        feasible=(_export(sympy.Max(0, lower), mode), _export(sympy.Min(S, upper), mode)),
        war_values=(_export(war_a, mode), _export(war_b, mode)),
        width=_export(upper - lower, mode),
        nonempty=_export_condition(sympy.simplify(lower <= upper)),
        pie=_export(S, mode),
        p=_export(pv, mode),
        costs=(_export(ca, mode), _export(cb, mode)),
        arithmetic=mode,
    )


@dataclass(frozen=True)
class _PowellModel:
    symbols: tuple[sympy.Symbol, ...]
    war_now: tuple[sympy.Expr, sympy.Expr]
    credible: tuple[sympy.Expr, sympy.Expr]
    acceptable: tuple[sympy.Expr, sympy.Expr]
    peace: tuple[sympy.Expr, sympy.Expr]
    bounds: tuple[sympy.Expr, sympy.Expr]


@functools.lru_cache(maxsize=1)
def _powell_model() -> _PowellModel:
    """Solve the shifting-power model once, in generic symbols.

    A's total peace payoff is ``x + delta V`` with ``x`` in ``[0, S]`` today and a credible
    continuation ``V`` in ``[W_A(p1), S/(1-delta) - W_B(p1)]``; it must lie in the interval of
    payoffs both prefer to fighting now, ``[W_A(p0), S/(1-delta) - W_B(p0)]``. The two intervals
    meet iff ``acceptable_low <= credible_high`` (A does not decline too fast) and
    ``credible_low <= acceptable_high`` (B does not). Each is linear in ``p1``: its boundary is
    solved for ``p1`` and the direction read from the sign of ``p1``'s coefficient, decided for
    ``delta`` in ``(0, 1)``.
    """
    P0, P1, CA, CB, D, SS = sympy.symbols("p0 p1 c_A c_B delta S", real=True)
    total = SS / (1 - D)

    def war_a(q: sympy.Expr) -> sympy.Expr:
        return q * SS / (1 - D) - CA

    def war_b(q: sympy.Expr) -> sympy.Expr:
        return (1 - q) * SS / (1 - D) - CB

    credible = (D * war_a(P1), SS + D * (total - war_b(P1)))
    acceptable = (war_a(P0), total - war_b(P0))
    unit = {D: 1 / (1 + sympy.Dummy("t", positive=True)), SS: sympy.Dummy("s", positive=True)}
    peace = []
    bounds: dict[str, sympy.Expr] = {}
    for lhs, rhs in ((acceptable[0], credible[1]), (credible[0], acceptable[1])):
        g = sympy.simplify(rhs - lhs)  # peace needs g >= 0
        peace.append(g)
        slope = sympy.diff(g, P1)
        sign = _decide(slope.xreplace(unit) > 0)
        if sign is None:  # pragma: no cover - the coefficients are +-delta S/(1-delta)
            raise SolverError(f"commitment_problem: cannot tell how {g} >= 0 moves with p_future")
        (root,) = sympy.solve(sympy.Eq(g, 0), P1)
        bounds["low" if sign else "high"] = sympy.simplify(root)
    return _PowellModel(
        symbols=(P0, P1, CA, CB, D, SS),
        war_now=(war_a(P0), war_b(P0)),
        credible=credible,
        acceptable=acceptable,
        peace=(peace[0], peace[1]),
        bounds=(bounds["low"], bounds["high"]),
    )


def commitment_problem(
    p_now: Any,
    p_future: Any,
    cost_a: Any,
    cost_b: Any,
    delta: Any,
    *,
    pie: Any = 1,
    players: Sequence[str] = ("A", "B"),
) -> CommitmentResult:
    """Whether a peaceful deal exists under a shift of power (Powell 2006).

    Each period the sides divide a flow ``S``. Side A wins a war with probability
    :math:`p_0` (``p_now``) now and :math:`p_1` (``p_future``) in every later period; war is
    absorbing, so fighting in a period where A's odds are :math:`p` is worth
    :math:`W_A(p) = pS/(1-\\delta) - c_A` to A and :math:`W_B(p) = (1-p)S/(1-\\delta) - c_B` to
    B. After the shift neither side can be held below its war value, so A's continuation
    value :math:`V` satisfies :math:`W_A(p_1) \\le V \\le S/(1-\\delta) - W_B(p_1)`, and A's
    total peace payoff is :math:`x + \\delta V` for a split :math:`x \\in [0, S]` today.
    Peace requires :math:`x + \\delta V \\ge W_A(p_0)` and
    :math:`S/(1-\\delta) - (x + \\delta V) \\ge W_B(p_0)`. The library intersects these
    intervals and solves the boundary equations for :math:`p_1` with sympy.

    Peace fails exactly when the declining side's value of fighting now exceeds the most the
    rising side can credibly promise: for a declining A,
    :math:`W_A(p_0) + \\delta\\, W_B(p_1) > S/(1-\\delta)` -- Powell's (2006) condition that a
    large, rapid shift in power makes war inevitable even with complete information.

    Parameters
    ----------
    p_now, p_future:
        A's probability of winning now and after the shift, in ``[0, 1]``.
    cost_a, cost_b:
        One-off costs of war, nonnegative.
    delta:
        Common discount factor in ``[0, 1)``.
    pie:
        The per-period flow, positive.
    players:
        Names of A and B.

    Returns
    -------
    CommitmentResult
    """
    where = "commitment_problem"
    names = _players(players, where)
    vals = {}
    kinds = []
    for key, raw in (("p_now", p_now), ("p_future", p_future), ("cost_a", cost_a), ("cost_b", cost_b),
                     ("delta", delta), ("pie", pie)):
        vals[key], k = _value(raw, f"{where}: {key}")
        kinds.append(k)
    p0, p1, ca, cb, dl, S = (vals[k] for k in ("p_now", "p_future", "cost_a", "cost_b", "delta", "pie"))
    for key in ("p_now", "p_future"):
        _reject_if_false(sympy.And(vals[key] >= 0, vals[key] <= 1), f"{where}: {key} must be a probability in [0, 1], got {vals[key]}")
    _reject_if_false(ca >= 0, f"{where}: cost_a must be nonnegative, got {ca}")
    _reject_if_false(cb >= 0, f"{where}: cost_b must be nonnegative, got {cb}")
    _reject_if_false(dl >= 0, f"{where}: delta must be in [0, 1), got {dl} (negative)")
    _reject_if_false(dl < 1, f"{where}: delta must be in [0, 1), got {dl}")
    _reject_if_false(S > 0, f"{where}: pie must be positive, got {S}")
    mode = _mode(kinds)

    model = _powell_model()
    P0, P1, CA, CB, D, SS = model.symbols
    subs = {P0: p0, P1: p1, CA: ca, CB: cb, D: dl, SS: S}
    no_future = _decide(sympy.Eq(dl, 0)) is True
    system = [g.subs(subs) >= 0 for g in model.peace]
    if no_future:
        lo_p1, hi_p1 = sympy.Integer(0), sympy.Integer(1)
    else:
        lo_p1, hi_p1 = (sympy.cancel(b.subs(subs)) for b in model.bounds)
    condition: Any
    if mode == "symbolic" and not no_future:
        condition = sympy.And(p1 >= lo_p1, p1 <= hi_p1)
    else:
        condition = sympy.And(*system)
    war_now = tuple(w.subs(subs) for w in model.war_now)
    credible = tuple(w.subs(subs) for w in model.credible)
    acceptable = tuple(w.subs(subs) for w in model.acceptable)
    shift = _decide(p1 < p0), _decide(p1 > p0)
    declining = names[0] if shift[0] else names[1] if shift[1] else None
    return CommitmentResult(
        players=names,
        peace_possible=_export_condition(condition),
        declining=declining,
        war_values_now=(_export(war_now[0], mode), _export(war_now[1], mode)),
        credible_range=(_export(credible[0], mode), _export(credible[1], mode)),
        acceptable_range=(_export(acceptable[0], mode), _export(acceptable[1], mode)),
        p_future_bounds=(_export(lo_p1, mode), _export(hi_p1, mode)),
        condition=_export_condition(condition),
        pie=_export(S, mode),
        p_now=_export(p0, mode),
        p_future=_export(p1, mode),
        costs=(_export(ca, mode), _export(cb, mode)),
        delta=_export(dl, mode),
        arithmetic=mode,
    )
