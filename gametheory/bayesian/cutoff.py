"""Equilibria in cutoff (threshold) strategies of a :class:`BayesianGame`.

A cutoff strategy of player ``i`` uses its upper action ``actions[1]`` for types
``t_i >= c_i`` and its lower action ``actions[0]`` below. Given the others' cutoffs, the
gain of the upper action over the lower one for type ``t_i`` is

    D_i(t_i; c_-i) = sum over the others' actions of the integral, over the type region where
    they play those actions, of [u_i(upper, a_-i, t) - u_i(lower, a_-i, t)] * prod_j f_j(t_j)

(types are independent). A profile of cutoffs is a candidate when every interior cutoff is
indifferent (``D_i(c_i) = 0``), a cutoff at the lowest type has ``D_i(lo_i) >= 0`` and one at
the highest type ``D_i(hi_i) <= 0``; all ``3**n`` choices of interior and corner cutoffs are
tried. The indifference system is solved by sympy when it is polynomial in the cutoffs (all
real solutions in the supports), otherwise numerically (scan and bracketing in one unknown,
``scipy.optimize.root`` from a grid of starts in several, each root polished by
``mpmath.findroot`` at 30 digits and its residual recorded).

Every candidate is then checked independently on a grid of types: at each grid type (and at
the cutoff) the action the cutoff strategy prescribes must be a best response to the others'
cutoff strategies; the largest regret found is reported. With rational cutoffs and
payoffs/densities that are rational functions the check is exact (Fractions, regret exactly
0); otherwise it is done at 30 digits and passes below :data:`REGRET_TOL`. Only monotone
(cutoff) strategies are searched: other equilibria may exist, and no completeness is claimed.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.results import Result, json_value
from gametheory.bayesian.distributions import plain
from gametheory.bayesian.game import BayesianGame
from gametheory.errors import GameError, SolverError

#: Largest regret accepted by the 30-digit grid check when the arithmetic is not exact.
REGRET_TOL = 1e-9
#: Largest indifference residual accepted for a numerically found cutoff.
RESIDUAL_TOL = 1e-12
#: Default number of grid intervals of the best-response check.
GRID = 200

ASSUMPTION = (
    "only monotone (cutoff) strategies were searched: each player uses its upper action iff its "
    "type is at least its cutoff; other (non-monotone) equilibria may exist -- no completeness claim"
)


@dataclass(frozen=True)
class CutoffEquilibrium:
    """One verified cutoff equilibrium.

    ``cutoffs`` maps player names to their cutoff (a Fraction, a sympy number when algebraic,
    or a float when found numerically); ``kinds`` says ``interior``, ``lowest`` (always the
    upper action) or ``highest`` (never the upper action: the cutoff is the top of the
    support, and every type, the top one included, plays the lower action).
    ``upper_probability`` is each player's probability of its upper action,
    ``profile_probabilities`` the probability of every action profile.
    """

    cutoffs: dict[str, Any]
    kinds: dict[str, str]
    upper_probability: dict[str, Any]
    profile_probabilities: dict[tuple[str, ...], Any]
    exact: bool
    max_regret: Any
    worst: tuple[str, Any]
    residual: float
    solved_by: str

    def to_json(self) -> dict[str, Any]:
        """Values exactly (text) and as floats."""
        return {
            "cutoffs": {k: json_value(v) for k, v in self.cutoffs.items()},
            "cutoffs_float": {k: float(v) for k, v in self.cutoffs.items()},
            "kinds": dict(self.kinds),
            "upper_probability": json_value(self.upper_probability),
            "profile_probabilities": json_value(self.profile_probabilities),
            "verification": {
                "exact": self.exact,
                "max_regret": json_value(self.max_regret),
                "worst_type": [self.worst[0], json_value(self.worst[1])],
                "indifference_residual": self.residual,
            },
            "solved_by": self.solved_by,
        }


@dataclass(frozen=True, kw_only=True)
class BayesianResult(Result):
    """Cutoff equilibria of a Bayesian game, each verified, and the candidates that failed."""

    equilibria: tuple[CutoffEquilibrium, ...] = ()
    rejected: tuple[tuple[dict[str, Any], str], ...] = ()
    players: tuple[str, ...] = ()

    def __iter__(self) -> Any:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def to_json(self) -> dict[str, Any]:
        """Common fields, the equilibria and the rejected candidates."""
        out = self.common_json()
        out["players"] = list(self.players)
        out["equilibria"] = [e.to_json() for e in self.equilibria]
        out["rejected"] = [{"cutoffs": {k: json_value(v) for k, v in c.items()}, "reason": r} for c, r in self.rejected]
        return out

    def summary(self) -> str:
        """A short readable account (decimals)."""
        lines = [f"{len(self.equilibria)} cutoff equilibri{'um' if len(self.equilibria) == 1 else 'a'} (monotone strategies only)"]
        for k, e in enumerate(self.equilibria, 1):
            cuts = ", ".join(f"{p} {_dec(v)}" for p, v in e.cutoffs.items())
            lines.append(f"  {k}. cutoffs: {cuts}; max regret on the grid {_dec(e.max_regret)}")
        return "\n".join(lines)


def _dec(v: Any) -> str:
    return f"{float(v):.4g}"


# ---------------------------------------------------------------------------- the gain formula
def gain_formulas(game: BayesianGame) -> tuple[list[sympy.Expr], list[sympy.Symbol]]:
    """``D_i(t_i; c)`` for every player (in its own type symbol and the others' cutoff symbols)."""
    for p in game.players:
        if len(p.actions) != 2:
            raise SolverError(
                f"cutoff strategies need exactly two actions per player; {p.name} has {len(p.actions)} ({list(p.actions)})"
            )
    cuts = [sympy.Symbol(f"c_{p.name}", real=True) for p in game.players]
    gains = []
    for i, p in enumerate(game.players):
        total = sympy.Integer(0)
        others = [j for j in range(len(game.players)) if j != i]
        for choice in itertools.product((0, 1), repeat=len(others)):
            prof_hi, prof_lo = [""] * len(game.players), [""] * len(game.players)
            for j, a in zip(others, choice):
                prof_hi[j] = prof_lo[j] = game.players[j].actions[a]
            prof_hi[i], prof_lo[i] = p.actions[1], p.actions[0]
            expr = game.payoff(i, prof_hi) - game.payoff(i, prof_lo)
            for j, a in zip(others, choice):
                q = game.players[j]
                d = q.distribution
                lims = (cuts[j], d.hi) if a == 1 else (d.lo, cuts[j])
                expr = sympy.integrate(sympy.expand(expr * d.pdf_in(q.symbol)), (q.symbol, *lims))
            total += expr
        gains.append(sympy.expand(total))
    return gains, cuts


def _is_rational_function(expr: sympy.Expr, syms: Sequence[sympy.Symbol]) -> bool:
    num, den = sympy.fraction(sympy.together(expr))
    for part in (num, den):
        if not part.is_polynomial(*syms):
            return False
        if syms and not all(c.is_Rational for c in sympy.Poly(part, *syms).coeffs()):
            return False
        if not syms and not part.is_Rational:
            return False
    return True


# ---------------------------------------------------------------------------- solving
def _real_in(v: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr | None:
    if v.free_symbols:
        return None
    z = sympy.N(v, 50)
    re_, im_ = z.as_real_imag()
    if abs(im_) > sympy.Float("1e-40"):
        return None
    if v.is_Rational:
        return v if (lo < v < hi) else None
    r = float(re_)
    if not (float(lo) < r < float(hi)):
        return None
    return sympy.nsimplify(v) if not v.is_real else v


def _exact_solutions(eqs: list[sympy.Expr], unknowns: list[sympy.Symbol], supports: list[tuple[Any, Any]]) -> list[dict] | None:
    nums = []
    for e in eqs:
        num, den = sympy.fraction(sympy.together(e))
        if not num.is_polynomial(*unknowns) or not den.is_polynomial(*unknowns):
            return None
        if num == 0:
            return []  # indifferent for every cutoff: a continuum, reported by the caller
        nums.append(sympy.expand(num))
    try:
        sols = sympy.solve(nums, unknowns, dict=True)
    except (NotImplementedError, ValueError):
        return None
    out = []
    for s in sols:
        if set(s) != set(unknowns):
            continue  # a continuum of solutions: not enumerated
        vals = {}
        for u, (lo, hi) in zip(unknowns, supports):
            v = _real_in(sympy.simplify(s[u]), lo, hi)
            if v is None:
                break
            vals[u] = v
        else:
            if all(sympy.fraction(sympy.together(e))[1].subs(vals) != 0 for e in eqs):
                out.append(vals)
    return out


def _numeric_solutions(eqs: list[sympy.Expr], unknowns: list[sympy.Symbol], supports: list[tuple[Any, Any]]) -> list[dict]:
    import mpmath
    import numpy as np

    f_mp = sympy.lambdify(unknowns, eqs, "mpmath")
    bounds = [(float(lo), float(hi)) for lo, hi in supports]

    def f(x: Sequence[float]) -> list[float]:
        return [float(mpmath.re(v)) for v in f_mp(*x)]

    starts: list[list[float]] = []
    if len(unknowns) == 1:
        from scipy.optimize import brentq

        lo, hi = bounds[0]
        xs = np.linspace(lo, hi, 401)
        vals = []
        for x in xs:
            try:
                vals.append(f([x])[0])
            except (ZeroDivisionError, ValueError, OverflowError):
                vals.append(float("nan"))
        for a, b, fa, fb in zip(xs, xs[1:], vals, vals[1:]):
            if fa == 0:
                starts.append([a])
            elif fa * fb < 0:
                starts.append([brentq(lambda x: f([x])[0], a, b, xtol=1e-15)])
    else:
        from scipy.optimize import root

        axes = [np.linspace(lo + (hi - lo) / 10, hi - (hi - lo) / 10, 5) for lo, hi in bounds]
        for x0 in itertools.islice(itertools.product(*axes), 243):
            sol = root(f, list(x0), method="hybr")
            if sol.success:
                starts.append(list(sol.x))
    found: list[dict] = []
    for x in starts:
        with mpmath.workdps(30):
            try:
                if len(unknowns) == 1:
                    r = [mpmath.findroot(lambda y: f_mp(y)[0], mpmath.mpf(x[0]))]
                else:
                    r = list(mpmath.findroot(lambda *y: f_mp(*y), [mpmath.mpf(v) for v in x]))
            except (ZeroDivisionError, ValueError):
                continue
            if any(abs(mpmath.im(v)) > 1e-25 for v in r):
                continue
            r = [mpmath.re(v) for v in r]
        if not all(lo < float(v) < hi for v, (lo, hi) in zip(r, bounds)):
            continue
        point = {u: sympy.Float(str(v), 30) for u, v in zip(unknowns, r)}
        if any(all(abs(float(point[u] - p[u])) < 1e-10 for u in unknowns) for p in found):
            continue
        found.append(point)
    return found


# ---------------------------------------------------------------------------- the grid check
def _gain_at(expr: sympy.Expr, t: sympy.Symbol, exact: bool) -> Any:
    if exact:
        num, den = sympy.fraction(sympy.together(expr))
        pn = [Fraction(int(c.p), int(c.q)) for c in sympy.Poly(num, t).all_coeffs()]
        pd = [Fraction(int(c.p), int(c.q)) for c in sympy.Poly(den, t).all_coeffs()]

        def ev(x: Fraction) -> Fraction:
            n = d = Fraction(0)
            for c in pn:
                n = n * x + c
            for c in pd:
                d = d * x + c
            if d == 0:
                raise SolverError(f"the gain formula has a pole at type {x}")
            return n / d

        return ev
    import mpmath

    closed = {i: numeric(i) for i in expr.atoms(sympy.Integral) if not i.free_symbols}
    f = sympy.lambdify(t, expr.xreplace(closed), "mpmath")

    def evf(x: Any) -> Any:
        with mpmath.workdps(30):
            return mpmath.re(f(mpmath.mpf(x) if not isinstance(x, Fraction) else mpmath.mpf(x.numerator) / x.denominator))

    return evf


def check_cutoffs(
    game: BayesianGame, cutoffs: Sequence[Any], *, grid: int = GRID, gains: list[sympy.Expr] | None = None
) -> tuple[bool, Any, tuple[str, Any]]:
    """Best-response check of a cutoff profile on a grid of ``grid + 1`` types per player.

    Returns ``(exact, max_regret, (player, worst type))``: exact when Fractions were used.
    """
    if gains is None:
        gains, cuts = gain_formulas(game)
    else:
        cuts = [sympy.Symbol(f"c_{p.name}", real=True) for p in game.players]
    try:  # numbers only: text is never parsed here (strict)
        values = [sympy.nsimplify(c) if isinstance(c, (int, Fraction)) else sympy.sympify(c, strict=True)
                  for c in cutoffs]
    except sympy.SympifyError:
        raise GameError(f"check_cutoffs: cutoffs must be numbers, got {list(cutoffs)!r}") from None
    sub = dict(zip(cuts, values))
    exact_all = True
    worst: tuple[str, Any] = (game.players[0].name, None)
    max_regret: Any = Fraction(0)
    for i, p in enumerate(game.players):
        d = p.distribution
        ci = values[i]
        if bool(ci < d.lo) or bool(ci > d.hi):
            raise SolverError(f"cutoff of {p.name} = {ci} is outside its type support [{d.lo}, {d.hi}]")
        expr = gains[i].subs(sub)
        exact = all(v.is_Rational for v in values) and d.lo.is_Rational and d.hi.is_Rational and _is_rational_function(expr, [p.symbol])
        exact_all = exact_all and exact
        ev = _gain_at(expr, p.symbol, exact)
        lo, hi = Fraction(str(d.lo)), Fraction(str(d.hi))
        pts: list[Any] = [lo + (hi - lo) * k / grid for k in range(grid + 1)]
        if exact:
            pts.append(Fraction(int(ci.p), int(ci.q)))
        else:
            pts.append(float(sympy.N(ci, 30)))
        c_float = float(sympy.N(ci, 30))
        # a cutoff at the top of the support means "never the upper action" (the top type alone
        # is a null event): every type, the top one included, is checked against the lower action
        never = bool(ci >= d.hi)
        for x in pts:
            g = ev(x) if exact else float(ev(x))
            upper = not never and ((x >= Fraction(int(ci.p), int(ci.q))) if exact else (float(x) >= c_float))
            regret = max(-g, 0) if upper else max(g, 0)
            if regret > max_regret:
                max_regret, worst = regret, (p.name, x)
    if not exact_all:
        max_regret = float(max_regret)
    return exact_all, max_regret, worst


# ---------------------------------------------------------------------------- the solver
def solve_cutoffs(game: BayesianGame, *, grid: int = GRID) -> BayesianResult:
    """All cutoff equilibria the indifference conditions give, each verified on a type grid.

    Parameters
    ----------
    game:
        A :class:`BayesianGame` with exactly two actions per player.
    grid:
        Intervals of the type grid of the best-response check (at least 10).

    Returns
    -------
    BayesianResult
        Verified equilibria (exact where sympy solved the system and the check ran in
        Fractions), and the candidates that failed the check with the reason.
    """
    start = time.perf_counter()
    if not isinstance(game, BayesianGame):
        raise SolverError(f"solve_cutoffs: expected a BayesianGame, got {type(game).__name__}")
    if not isinstance(grid, int) or isinstance(grid, bool) or grid < 10 or grid > 100_000:
        raise SolverError(f"solve_cutoffs: grid must be an integer in 10..100000, got {grid!r}")
    gains, cuts = gain_formulas(game)
    players = game.players
    n = len(players)
    diagnostics: list[str] = [ASSUMPTION]
    candidates: list[tuple[dict[sympy.Symbol, sympy.Expr], dict[str, str], str]] = []
    for corners in itertools.product(("interior", "lowest", "highest"), repeat=n):
        sub = {}
        for i, k in enumerate(corners):
            if k == "lowest":
                sub[cuts[i]] = players[i].distribution.lo
            elif k == "highest":
                sub[cuts[i]] = players[i].distribution.hi
        inner = [i for i, k in enumerate(corners) if k == "interior"]
        unknowns = [cuts[i] for i in inner]
        eqs = [gains[i].subs(players[i].symbol, cuts[i]).subs(sub) for i in inner]
        if any(sympy.simplify(e) == 0 for e in eqs):
            label = ", ".join(f"{p.name} {k}" for p, k in zip(players, corners))
            diagnostics.append(f"({label}): an interior player is indifferent at every cutoff; that continuum is not listed")
            continue
        supports = [(players[i].distribution.lo, players[i].distribution.hi) for i in inner]
        how = "corners"
        if inner:
            sols = _exact_solutions(eqs, unknowns, supports)
            how = "sympy"
            if sols is None:
                sols = _numeric_solutions(eqs, unknowns, supports)
                how = "numeric"
        else:
            sols = [{}]
        for s in sols:
            full = {**sub, **s}
            ok = True
            for i, k in enumerate(corners):
                if k == "interior":
                    continue
                g = gains[i].subs(players[i].symbol, full[cuts[i]]).subs(full)
                gv = numeric(g)
                if (k == "lowest" and gv < -RESIDUAL_TOL) or (k == "highest" and gv > RESIDUAL_TOL):
                    ok = False
            if ok:
                candidates.append((full, dict(zip((p.name for p in players), corners)), how))
    # de-duplicate (an interior root at an end of a support equals a corner)
    unique: list[tuple[dict, dict, str]] = []
    for full, kinds, how in candidates:
        vec = [float(sympy.N(full[c], 30)) for c in cuts]
        if any(all(abs(a - float(sympy.N(u[0][c], 30))) < 1e-10 for a, c in zip(vec, cuts)) for u in unique):
            continue
        unique.append((full, kinds, how))
    equilibria: list[CutoffEquilibrium] = []
    rejected: list[tuple[dict[str, Any], str]] = []
    for full, kinds, how in unique:
        values = [full[c] for c in cuts]
        residual = 0.0
        for i, c in enumerate(cuts):
            if kinds[players[i].name] == "interior":
                r = numeric(gains[i].subs(players[i].symbol, c).subs(full))
                residual = max(residual, abs(float(r)))
        named = {p.name: _value(v) for p, v in zip(players, values)}
        if how == "numeric" and residual > RESIDUAL_TOL:
            rejected.append((named, f"indifference residual {residual:.3g} above {RESIDUAL_TOL:g}"))
            continue
        exact, regret, worst = check_cutoffs(game, values, grid=grid, gains=gains)
        if (exact and regret != 0) or (not exact and regret > REGRET_TOL):
            rejected.append((named, f"not a best response: regret {float(regret):.3g} for {worst[0]} at type {float(worst[1]):.6g} (cutoff strategies fail here)"))
            continue
        up = {}
        for p, v in zip(players, values):
            up[p.name] = _prob_upper(p, v)
        prof = {}
        for choice in itertools.product((0, 1), repeat=n):
            pr: Any = 1
            for p, a in zip(players, choice):
                pr = pr * (up[p.name] if a == 1 else 1 - up[p.name])
            prof[tuple(p.actions[a] for p, a in zip(players, choice))] = pr
        equilibria.append(CutoffEquilibrium(named, kinds, up, prof, exact, regret, worst, residual, how))
    arithmetic = "exact" if equilibria and all(e.exact for e in equilibria) else ("float" if equilibria else "exact")
    if any(not e.exact for e in equilibria):
        diagnostics.append(f"some checks ran at 30 digits: regret accepted below {REGRET_TOL:g}, numeric indifference residuals below {RESIDUAL_TOL:g}")
    return BayesianResult(
        method="cutoff_equilibria",
        arithmetic=arithmetic,
        elapsed=time.perf_counter() - start,
        parameters={"grid": grid},
        diagnostics=tuple(diagnostics),
        equilibria=tuple(equilibria),
        rejected=tuple(rejected),
        players=tuple(p.name for p in players),
    )


def numeric(expr: sympy.Expr, dps: int = 30) -> sympy.Expr:
    """``expr`` (without free symbols) as a sympy Float of ``dps`` digits; integrals sympy left
    unevaluated are done by ``mpmath.quad``."""
    import mpmath

    expr = sympy.sympify(expr, strict=True)
    while True:
        ints = [i for i in expr.atoms(sympy.Integral) if not i.atoms(sympy.Integral) - {i}]
        if not ints:
            break
        reps = {}
        for integral in ints:
            (var, a, b), = integral.limits
            f = sympy.lambdify(var, integral.function, "mpmath")
            with mpmath.workdps(dps):
                val = mpmath.quad(f, [mpmath.mpf(str(sympy.N(a, dps))), mpmath.mpf(str(sympy.N(b, dps)))])
            reps[integral] = sympy.Float(str(val), dps)
        expr = expr.xreplace(reps)
    return sympy.N(expr, dps)


def _value(v: sympy.Expr) -> Any:
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    if isinstance(v, sympy.Float):
        return float(v)
    return v


def _prob_upper(p: Any, v: sympy.Expr) -> Any:
    d = p.distribution
    mass = sympy.integrate(d.pdf, (sympy.Symbol("t", real=True), v, d.hi))
    if mass.has(sympy.Integral) or isinstance(v, sympy.Float):
        return float(numeric(mass))
    mass = sympy.simplify(mass)
    return plain(mass) if mass.is_Rational else mass
