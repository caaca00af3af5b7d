"""Symmetric monotone equilibria of all-pay auctions and wars of attrition with private values.

Values ``v`` are independent draws from one :class:`TypeDistribution` ``F`` (density ``f``)
on ``[lo, hi]`` with ``lo >= 0``. The symmetric equilibrium bid (or stopping time) ``b`` is
increasing and solves a first-order ODE with the boundary condition ``b(lo) = 0``:

* all-pay auction, ``n`` bidders: ``b'(v) = v (F^(n-1))'(v)`` (the highest bid wins; everyone
  pays its bid), so ``b(v) = integral_lo^v y dF(y)^(n-1)`` (Krishna 2010, sec. 2.5);
* war of attrition, two players: ``b'(v) = v f(v) / (1 - F(v))`` (the later to stop wins and
  pays the other's time; the loser pays its own), so ``b(v) = integral_lo^v y f(y)/(1 - F(y)) dy``
  (Krishna 2010, sec. 2.5; Fudenberg and Tirole 1991, sec. 4.5.2).

The right-hand sides do not contain ``b``, so the ODE is solved by integration (sympy where
it can, ``mpmath.quad`` otherwise); the solution is checked to satisfy the ODE and the
boundary condition symbolically when it is closed form. Then, independently, a best-response
check on a grid: for every grid value ``v`` the payoff of bidding ``b(w)`` (acting as type
``w``) over the grid of ``w`` is largest at ``w = v``; the largest gain found is reported
(exact Fractions when everything is rational, otherwise at 30 digits).

>>> from gametheory.bayesian.distributions import uniform
>>> r = all_pay_bids(uniform(0, 1), 3, grid=20)
>>> r.bid, r.max_regret
(2*v**3/3, Fraction(0, 1))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.results import Result, json_value
from gametheory.bayesian.distributions import TypeDistribution
from gametheory.errors import GameError, SolverError

V = sympy.Symbol("v", real=True)
#: Largest gain from mimicking another type accepted by the 30-digit check.
REGRET_TOL = 1e-9


@dataclass(frozen=True, kw_only=True)
class BidResult(Result):
    """The symmetric equilibrium bid function and its verification.

    ``bid`` is the closed form in ``v`` (None when only numeric), ``ode`` the equation and
    boundary condition solved, ``table`` the bid at the grid values, ``max_regret`` the
    largest gain a grid type found by bidding as another grid type.
    """

    game: str = ""
    players: int = 2
    distribution: TypeDistribution | None = None
    bid: sympy.Expr | None = None
    ode: str = ""
    ode_check: str = ""
    table: tuple[tuple[Any, Any], ...] = ()
    max_regret: Any = 0
    worst: tuple[Any, Any] = (None, None)
    _numeric: Any = field(default=None, metadata={"json": False}, repr=False, compare=False)

    def __call__(self, v: Any) -> Any:
        """``b(v)``: a Fraction when exact, else a float."""
        x = sympy.nsimplify(v) if isinstance(v, (int, Fraction, str)) else sympy.Float(v, 30)
        d = self.distribution
        assert d is not None
        if bool(x < d.lo) or bool(x > d.hi):
            raise GameError(f"value {v} is outside the support [{d.lo}, {d.hi}]")
        if self.bid is not None:
            val = self.bid.subs(V, x)
            return Fraction(int(val.p), int(val.q)) if val.is_Rational else float(sympy.N(val, 30))
        return float(self._numeric(x))

    def to_json(self) -> dict[str, Any]:
        """Common fields, the bid formula as text, the table and the check."""
        out = self.common_json()
        out.update(
            game=self.game,
            players=self.players,
            distribution=self.distribution.to_json() if self.distribution else None,
            bid=sympy.sstr(self.bid) if self.bid is not None else None,
            ode=self.ode,
            ode_check=self.ode_check,
            table=[[json_value(v), json_value(b)] for v, b in self.table],
            verification={"max_regret": json_value(self.max_regret), "worst": [json_value(x) for x in self.worst]},
        )
        return out

    def summary(self) -> str:
        """One line per fact, decimals."""
        form = sympy.sstr(self.bid) if self.bid is not None else "(numeric)"
        return (
            f"{self.game}, {self.players} players: b(v) = {form}\n"
            f"  {self.ode}; {self.ode_check}\n"
            f"  largest gain from bidding as another grid type: {float(self.max_regret):.3g}"
        )


def _setup(dist: Any, name: str) -> TypeDistribution:
    if not isinstance(dist, TypeDistribution):
        raise GameError(f"{name}: expected a TypeDistribution, got {type(dist).__name__}")
    if bool(dist.lo < 0):
        raise GameError(f"{name}: values must be nonnegative (support starts at {dist.lo}); the monotone bid solution needs lo >= 0")
    return dist


def _grid(dist: TypeDistribution, grid: int, include_top: bool) -> list[sympy.Expr]:
    if not isinstance(grid, int) or isinstance(grid, bool) or not 4 <= grid <= 2000:
        raise SolverError(f"grid must be an integer in 4..2000, got {grid!r}")
    top = grid + 1 if include_top else grid
    return [dist.lo + (dist.hi - dist.lo) * sympy.Rational(k, grid) for k in range(top)]


def _solve(kind: str, dist: TypeDistribution, rhs: sympy.Expr, payoff: Any, grid_pts: list[sympy.Expr], start: float, n: int, ode: str) -> BidResult:
    import mpmath

    y = sympy.Dummy("y", real=True)
    closed = sympy.integrate(rhs.subs(V, y), (y, dist.lo, V))
    numeric_b = None
    if closed.has(sympy.Integral):
        closed = None
        f = sympy.lambdify(V, rhs, "mpmath")

        def numeric_b(x: Any) -> Any:
            with mpmath.workdps(30):
                return mpmath.quad(f, [mpmath.mpf(str(sympy.N(dist.lo, 30))), mpmath.mpf(str(sympy.N(x, 30)))])

        check = "solved by quadrature (no closed form from sympy); b(lo) = 0 by construction"
    else:
        mid = (dist.lo + dist.hi) / 2
        reps = {g: sympy.log(-g.args[0]) + sympy.I * sympy.pi for g in closed.atoms(sympy.log) if bool(sympy.N(g.args[0].subs(V, mid)) < 0)}
        closed = sympy.simplify(sympy.expand(closed.xreplace(reps)))
        if closed.has(sympy.I):
            raise SolverError(f"{kind}: the integrated bid is not real on the support ({closed})")
        resid = sympy.simplify(sympy.diff(closed, V) - rhs)
        at_lo = sympy.simplify(closed.subs(V, dist.lo))
        if resid != 0 or at_lo != 0:
            num = abs(float(sympy.N(resid.subs(V, (dist.lo + dist.hi) / 2), 30))) if resid != 0 else 0.0
            if at_lo != 0 or num > 1e-20:
                raise SolverError(f"{kind}: the integrated bid does not satisfy its ODE (residual {resid}, b(lo) = {at_lo})")
        check = "ODE and boundary condition verified symbolically"
    # bids on the grid, and monotonicity
    exact = closed is not None and all(p.is_Rational for p in grid_pts) and _rational_poly(closed) and _rational_poly(sympy.expand(dist.cdf_expr(V)))

    def bid_at(x: sympy.Expr) -> Any:
        if closed is not None:
            val = closed.subs(V, x)
            return Fraction(int(val.p), int(val.q)) if exact else mpmath.mpf(str(sympy.N(val, 30)))
        return numeric_b(x)

    bids = [bid_at(x) for x in grid_pts]
    for a, b in zip(bids, bids[1:]):
        if not b > a:
            raise SolverError(f"{kind}: the bid function is not increasing on the grid; the monotone solution does not apply")
    # best response: type v bidding as type w
    cdf = sympy.expand(dist.cdf_expr(V)) if _rational_poly(sympy.expand(dist.cdf_expr(V))) else dist.cdf_expr(V)
    cdfs = []
    for x in grid_pts:
        val = cdf.subs(V, x)
        cdfs.append(Fraction(int(val.p), int(val.q)) if exact else mpmath.mpf(str(sympy.N(val, 30))))
    extra = payoff(closed, numeric_b, grid_pts, cdfs, bids, exact)
    max_regret: Any = Fraction(0) if exact else 0.0
    worst: tuple[Any, Any] = (None, None)
    xs = [Fraction(int(x.p), int(x.q)) if exact else mpmath.mpf(str(sympy.N(x, 30))) for x in grid_pts]
    with mpmath.workdps(30):
        for iv, v in enumerate(xs):
            own = extra(iv, iv, v)
            for iw in range(len(xs)):
                gain = extra(iw, iv, v) - own
                if gain > max_regret:
                    max_regret, worst = gain, (v, xs[iw])
    if not exact:
        max_regret = float(max_regret)
        worst = (float(worst[0]), float(worst[1])) if worst[0] is not None else worst
        if max_regret > REGRET_TOL:
            raise SolverError(f"{kind}: the bid function fails the best-response check (gain {max_regret:.3g} at v = {worst[0]:.6g})")
    elif max_regret != 0:
        raise SolverError(f"{kind}: the bid function fails the best-response check (gain {max_regret} at v = {worst[0]})")
    table = tuple((plain_(x), b if exact else float(b)) for x, b in zip(grid_pts, bids))
    diagnostics = [f"best-response check on {len(grid_pts)} values x {len(grid_pts)} deviations" + ("" if exact else f" at 30 digits, accepted below {REGRET_TOL:g}")]
    return BidResult(
        method=f"{kind}_ode",
        arithmetic="exact" if exact else ("symbolic" if closed is not None else "float"),
        elapsed=time.perf_counter() - start,
        parameters={"players": n, "grid": len(grid_pts) - 1},
        diagnostics=tuple(diagnostics),
        game=kind,
        players=n,
        distribution=dist,
        bid=closed,
        ode=ode,
        ode_check=check,
        table=table,
        max_regret=max_regret,
        worst=worst,
        _numeric=numeric_b,
    )


def plain_(x: sympy.Expr) -> Any:
    return Fraction(int(x.p), int(x.q)) if x.is_Rational else float(sympy.N(x, 30))


def _rational_poly(expr: sympy.Expr) -> bool:
    if not expr.is_polynomial(V):
        return False
    return all(c.is_Rational for c in sympy.Poly(expr, V).all_coeffs())


def all_pay_bids(dist: TypeDistribution, players: int = 2, *, grid: int = 100) -> BidResult:
    """The symmetric equilibrium of the all-pay auction with ``players`` bidders.

    ``b(v) = integral_lo^v y d F(y)^(n-1)``; the check compares ``v F(w)^(n-1) - b(w)`` over the
    grid of ``w`` for every grid ``v``.
    """
    start = time.perf_counter()
    dist = _setup(dist, "all_pay_bids")
    if not isinstance(players, int) or isinstance(players, bool) or not 2 <= players <= 50:
        raise GameError(f"all_pay_bids: players must be an integer in 2..50, got {players!r}")
    n = players
    cdf = dist.cdf_expr(V)
    rhs = sympy.expand(V * sympy.diff(cdf ** (n - 1), V)) if not cdf.has(sympy.Integral) else V * (n - 1) * cdf ** (n - 2) * dist.pdf_in(V)
    pts = _grid(dist, grid, True)

    def payoff(closed: Any, numeric_b: Any, pts: Any, cdfs: list[Any], bids: list[Any], exact: bool) -> Any:
        return lambda iw, iv, v: v * cdfs[iw] ** (n - 1) - bids[iw]

    ode = f"b'(v) = v d/dv F(v)^{n - 1}, b({dist.lo}) = 0"
    return _solve("all_pay", dist, rhs, payoff, pts, start, n, ode)


def war_of_attrition_bids(dist: TypeDistribution, *, grid: int = 60) -> BidResult:
    """The symmetric equilibrium stopping time of the two-player war of attrition.

    ``b(v) = integral_lo^v y f(y) / (1 - F(y)) dy``; the check compares, for every grid ``v``,
    ``integral_lo^w (v - b(y)) f(y) dy - (1 - F(w)) b(w)`` over the grid of ``w`` (the top of
    the support, where ``b`` may be infinite, is left out of the grid).
    """
    import mpmath

    start = time.perf_counter()
    dist = _setup(dist, "war_of_attrition_bids")
    cdf = dist.cdf_expr(V)
    rhs = V * dist.pdf_in(V) / (1 - cdf)
    pts = _grid(dist, grid, False)
    y = sympy.Dummy("y", real=True)
    w = sympy.Dummy("w", real=True)

    def payoff(closed: Any, numeric_b: Any, pts: Any, cdfs: list[Any], bids: list[Any], exact: bool) -> Any:
        # win part W(w) = integral_lo^w b(y) f(y) dy, on the grid
        pdf_y = dist.pdf_in(y)
        wins: list[Any] = []
        won: list[Any] = []
        if closed is not None:
            part = sympy.integrate(closed.subs(V, y) * pdf_y, (y, dist.lo, w))
            if part.has(sympy.Integral):
                part = None
        else:
            part = None
        fp = sympy.lambdify(y, pdf_y, "mpmath")
        if closed is not None:
            bf = sympy.lambdify(V, closed, "mpmath")
        else:
            bf = numeric_b
        lo_mp = mpmath.mpf(str(sympy.N(dist.lo, 30)))
        for x in pts:
            if part is not None:
                wins.append(mpmath.mpf(str(sympy.N(part.subs(w, x), 30))))
            else:
                wins.append(mpmath.quad(lambda s: bf(s) * fp(s), [lo_mp, mpmath.mpf(str(sympy.N(x, 30)))]))
            won.append(mpmath.mpf(str(sympy.N(cdf.subs(V, x), 30))))
        return lambda iw, iv, v: v * won[iw] - wins[iw] - (1 - won[iw]) * bids[iw]

    ode = f"b'(v) = v f(v)/(1 - F(v)), b({dist.lo}) = 0"
    res = _solve("war_of_attrition", dist, rhs, payoff, pts, start, 2, ode)
    return res
