"""Exact threshold curves of a two-parameter regime map.

On a map over parameters :math:`x, y` (the others held fixed) the outcome can change only
where one of the regime conditions :math:`g_j(x, y) = 0` of the compiled classifier
(:mod:`.compiled`) changes sign. :func:`threshold_curves` keeps the conditions that actually
separate two different outcomes somewhere on the sweep's grid (a sign change of
:math:`g_j` between neighbouring grid points whose outcomes differ), merges conditions
that describe the same curve (equal up to a constant factor), and writes each as an
equation -- solved for :math:`y` or :math:`x` where it is linear in one of them.

The curves are exact (polynomials with rational coefficients); the grid is only used to
decide which of them matter on the plotted window and where, so a plot can draw each
curve only along the cells where it separates outcomes. A candidate is confirmed on a grid
edge only if the classifier gives different outcomes just before and just after the point
where the curve crosses that edge (found by bisection), so a curve that merely passes
through a cell whose corners differ for another reason is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.sensitivity.common import as_model
from gametheory.sensitivity.compiled import compiled_classifier, has_compiled

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gametheory.sensitivity.core import SweepResult


@dataclass(frozen=True)
class ThresholdCurve:
    """One exact boundary on a regime map.

    ``expr`` is :math:`g(x, y)` (``g = 0`` is the curve, primitive integer coefficients);
    ``equation`` is a readable form (``"y = ..."`` where possible); ``between`` the pairs of
    outcome keys it separates on the grid (``""`` for points violating a joint
    restriction); ``mask`` marks grid points next to where the curve separates outcomes
    (shape ``(len(xs), len(ys))``); ``crossings`` counts grid edges it separates.
    """

    expr: sympy.Expr
    equation: str
    latex: str
    between: tuple[tuple[str, str], ...]
    crossings: int
    mask: np.ndarray

    def values_on(self, xs: np.ndarray, ys: np.ndarray, names: tuple[str, str]) -> np.ndarray:
        """:math:`g` on the mesh ``xs x ys`` (shape ``(len(xs), len(ys))``)."""
        x, y = sympy.symbols(names)
        f = sympy.lambdify((x, y), self.expr, modules="numpy")
        X, Y = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), indexing="ij")
        return np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)


def _normalise(g: sympy.Expr, gens: tuple[sympy.Symbol, sympy.Symbol]) -> sympy.Expr | None:
    """``g`` with a positive leading coefficient and coprime integer coefficients (``None`` if
    constant in ``x`` and ``y``)."""
    if not (g.free_symbols & set(gens)):
        return None
    poly = sympy.Poly(sympy.together(g).as_numer_denom()[0], *gens)
    _, prim = poly.primitive()
    if prim.LC() < 0:
        prim = -prim
    return prim.as_expr()


def _equation(g: sympy.Expr, x: sympy.Symbol, y: sympy.Symbol) -> tuple[str, str]:
    for s in (y, x):
        if sympy.degree(g, s) == 1:
            sol = sympy.solve(g, s)
            if len(sol) == 1:
                rhs = sympy.simplify(sol[0])
                return f"{s} = {sympy.sstr(rhs)}", f"{sympy.latex(s)} = {sympy.latex(rhs)}"
    return f"{sympy.sstr(g)} = 0", f"{sympy.latex(g)} = 0"


def threshold_curves(model: Model | str, result: SweepResult) -> list[ThresholdCurve]:
    """The exact threshold curves of a two-parameter sweep ``result`` of ``model``.

    Empty when the model has no compiled regimes in the two varied parameters (the map's
    boundaries are then only known to grid resolution). Curves are ordered by how many
    grid edges they separate.
    """

    model = as_model(model)
    if len(result.axes) != 2:
        raise ValueError("threshold curves need a sweep over exactly two parameters")
    (xname, xs), (yname, ys) = result.axes.items()
    base = {**{p.name: p.default for p in model.parameters}, **result.fixed}
    base = {k: Fraction(v) for k, v in base.items() if k not in (xname, yname) and v is not None}
    if not has_compiled(model, [xname, yname], base):
        return []
    clf = compiled_classifier(model, [xname, yname], base)
    x, y = model.parameter(xname).symbol, model.parameter(yname).symbol
    subs = {model.parameter(n).symbol: sympy.Rational(v.numerator, v.denominator)
            for n, v in clf.base.items() if n not in (xname, yname) and n in clf.names}
    grid = result.outcome_grid()
    outcome = np.where(grid == None, "", grid).astype(str)  # noqa: E711 - elementwise
    fx = np.array([float(v) for v in xs])
    fy = np.array([float(v) for v in ys])
    X, Y = np.meshgrid(fx, fy, indexing="ij")
    merged: dict[sympy.Expr, dict[str, Any]] = {}
    coords = (X, Y)
    for g in clf.slacks:
        h = _normalise(sympy.expand(g.subs(subs)), (x, y))
        if h is None:
            continue
        f = sympy.lambdify((x, y), h, modules="numpy")

        def fv(a: np.ndarray, b: np.ndarray, f: Any = f) -> np.ndarray:
            return np.broadcast_to(np.asarray(f(a, b), dtype=float), np.broadcast_shapes(a.shape, b.shape))

        sign = np.sign(fv(X, Y))
        mask = np.zeros(X.shape, dtype=bool)
        pairs: set[tuple[str, str]] = set()
        crossings = 0
        for axis in (0, 1):
            a = [slice(None), slice(None)]
            b = [slice(None), slice(None)]
            a[axis], b[axis] = slice(1, None), slice(None, -1)
            ta, tb = tuple(a), tuple(b)
            edge = (sign[ta] != sign[tb]) & (outcome[ta] != outcome[tb])
            if not edge.any():
                continue
            # confirm: just either side of the curve's crossing of the edge, the outcomes differ
            # (on a coarse grid another curve may be what separates the two grid points)
            lo = [c[tb][edge] for c in coords]
            hi = [c[ta][edge] for c in coords]
            s_lo = np.sign(fv(lo[0], lo[1]))
            t0, t1 = lo[axis].copy(), hi[axis].copy()
            for _ in range(60):
                mid = (t0 + t1) / 2
                pt = [lo[0], lo[1]]
                pt[axis] = mid
                same = np.sign(fv(pt[0], pt[1])) == s_lo
                t0, t1 = np.where(same, mid, t0), np.where(same, t1, mid)
            eps = np.maximum((hi[axis] - lo[axis]) * 1e-7, 1e-12)
            before = [lo[0].copy(), lo[1].copy()]
            after = [lo[0].copy(), lo[1].copy()]
            before[axis] = np.maximum(t0 - eps, lo[axis])
            after[axis] = np.minimum(t1 + eps, hi[axis])
            ob = clf({xname: before[0], yname: before[1]})
            oa = clf({xname: after[0], yname: after[1]})
            ok = ob != oa
            if not ok.any():
                continue
            confirmed = np.zeros_like(edge)
            confirmed[edge] = ok
            crossings += int(ok.sum())
            mask[ta] |= confirmed
            mask[tb] |= confirmed
            for u, v in zip(ob[ok].tolist(), oa[ok].tolist()):
                pairs.add((min(str(u), str(v)), max(str(u), str(v))))
        if not crossings:
            continue
        entry = merged.setdefault(h, {"mask": np.zeros(X.shape, dtype=bool), "pairs": set(), "crossings": 0})
        entry["mask"] |= mask
        entry["pairs"] |= pairs
        entry["crossings"] = max(entry["crossings"], crossings)
    curves = []
    for h, e in merged.items():
        eq, tex = _equation(h, x, y)
        curves.append(ThresholdCurve(h, eq, tex, tuple(sorted(e["pairs"])), e["crossings"], e["mask"]))
    curves.sort(key=lambda c: -c.crossings)
    return curves



def _between(a: Any, b: Any) -> Fraction:
    """A rational strictly between the real numbers ``a < b`` (sympy numbers or ``None`` for
    an infinite end)."""
    if a is None:
        return Fraction(int(sympy.floor(b)) - 1)
    if b is None:
        return Fraction(int(sympy.ceiling(a)) + 1)
    digits = 30
    while digits < 2000:
        q = sympy.Rational(sympy.N((a + b) / 2, digits))
        if a < q < b:
            return Fraction(int(q.p), int(q.q))
        digits *= 2
    raise ArithmeticError(f"no rational found between {a} and {b}")  # pragma: no cover


def exact_flips(model: Model, values: Mapping[str, Fraction], name: str, current: str) -> list[dict[str, Any]] | None:
    """The nearest outcome changes of ``name`` below and above its value, exactly; ``None``
    when the model has no symbolic regimes in ``name``.

    Along one parameter (the others at ``values``) the regime can change only at a real root
    of one of the regime conditions, so the admissible interval splits at those roots into
    open pieces of constant outcome. Walking outwards from the current value, the outcome of
    each piece is computed by solving the model exactly at a rational point inside it; the
    first root at which, or beyond which, it differs from ``current`` is the flip (a rational
    or algebraic number). The outcome *at* a rational root is solved too: a tie between
    regimes can give that single value its own outcome (``only_at_value`` when the piece
    beyond it returns to ``current``). A piece where the model rejects the values (a joint
    restriction) ends the walk. Rows: parameter, direction, value (``Fraction``, or ``float``
    for an irrational root), expression (the exact root as text), to (the outcome at or
    beyond the flip), only_at_value.
    """
    if not has_compiled(model, [name], values):
        return None
    clf = compiled_classifier(model, [name], values)
    p = model.parameter(name)
    sym = p.symbol
    subs = {model.parameter(n).symbol: sympy.Rational(v.numerator, v.denominator)
            for n, v in clf.base.items() if n != name and n in clf.names}
    lo = None if p.lower is None else sympy.Rational(p.lower.numerator, p.lower.denominator)
    hi = None if p.upper is None else sympy.Rational(p.upper.numerator, p.upper.denominator)
    roots: list[Any] = []
    for g in clf.slacks:
        h = sympy.expand(g.subs(subs))
        if sym not in h.free_symbols:
            continue
        poly = sympy.Poly(sympy.together(h).as_numer_denom()[0], sym)
        for r in sympy.real_roots(poly, radicals=True):
            inside = ((lo is None or r > lo or (r == lo and not p.lower_open))
                      and (hi is None or r < hi or (r == hi and not p.upper_open)))
            if inside and not any(r == q for q in roots):
                roots.append(r)
    roots.sort(key=lambda r: sympy.N(r, 50))
    x = sympy.Rational(values[name].numerator, values[name].denominator)

    def outcome(v: Any) -> str | None:
        try:
            return str(model.solve({**values, name: v}, flips=False).outcome.key)
        except GameError:
            return None

    def as_value(r: Any) -> Fraction | float:
        return Fraction(int(r.p), int(r.q)) if r.is_Rational else float(r)

    out: list[dict[str, Any]] = []
    for direction in ("down", "up"):
        side = [r for r in roots if (r < x if direction == "down" else r > x)]
        if direction == "down":
            side.reverse()
        end = lo if direction == "down" else hi
        if any(r == x for r in roots):  # on a boundary: the adjacent piece may already differ
            side.insert(0, x)
        for i, r in enumerate(side):
            if r != x:  # the value itself (a tie between regimes can give its own outcome)
                # an irrational point cannot be solved exactly; the pieces either side decide
                at = outcome(Fraction(int(r.p), int(r.q))) if r.is_Rational else current
                if at is None:
                    break
                if at != current:
                    nxt = side[i + 1] if i + 1 < len(side) else end
                    beyond = (None if nxt == r else
                              outcome(_between(nxt, r) if direction == "down" else _between(r, nxt)))
                    out.append({"parameter": name, "direction": direction, "value": as_value(r),
                                "expression": sympy.sstr(r), "to": at, "only_at_value": beyond == current})
                    break
            nxt = side[i + 1] if i + 1 < len(side) else end
            if nxt is not None and nxt == r:
                break  # r is the closed end of the interval
            key = outcome(_between(nxt, r) if direction == "down" else _between(r, nxt))
            if key is None:
                break
            if key != current:
                out.append({"parameter": name, "direction": direction, "value": as_value(r),
                            "expression": sympy.sstr(r), "to": key, "only_at_value": False})
                break
    return out
