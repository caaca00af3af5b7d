"""Nearest flips found fast: scan and bisect in floats, then confirm with the exact outcome.

:func:`gametheory.modeling.flips.nearest_flips` classifies every grid and bisection point
with the model's exact outcome (about 80 exact evaluations per side and parameter). Here a
model supplies a float classifier (the same conditions evaluated in floats), which does the
scan on the same grid and the bisection; the exact outcome is then evaluated only on the
final bracket, just inside and just outside, to confirm it. Where the model knows the
boundary in closed form (``boundaries``), a candidate inside the confirmed bracket is
reported as the exact flip. Where the float classifier and the exact outcome disagree
(rounding at a tie), the parameter falls back to the exact scan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gametheory._kernel.tolerance import REL_TOL
from gametheory._kernel.values import simplest_between
from gametheory.errors import GameError
from gametheory.modeling.flips import admissible_range, nearest_flips, scan_ends
from gametheory.modeling.outcomes import Flip
from gametheory.symbolic.parameters import Parameter

if TYPE_CHECKING:
    from gametheory.modeling.model import Model

FloatKey = Callable[[Mapping[str, float]], str]
ExactKey = Callable[[Mapping[str, Fraction]], str]
Boundaries = Callable[[Mapping[str, Fraction], str], Iterable[Fraction]]
Conditions = Callable[[Mapping[str, Fraction]], Iterable[Fraction]]


def fast_flips(
    model: Model,
    values: Mapping[str, Fraction],
    p: Parameter,
    current: str,
    fast_key: FloatKey,
    *,
    exact_key: ExactKey | None = None,
    boundaries: Boundaries | None = None,
    conditions: Conditions | None = None,
    grid: int = 48,
) -> list[Flip]:
    """The closest values of ``p`` below and above its value where the outcome changes.

    Parameters
    ----------
    model, values, p, current:
        As for :func:`~gametheory.modeling.flips.nearest_flips` (same grid, same interval).
    fast_key:
        The outcome from float values (the model's conditions evaluated in floats).
    exact_key:
        The exact outcome (default :meth:`Model.outcome_key`); evaluated only on the final
        bracket of each flip (two or three times).
    boundaries:
        ``boundaries(values, name)``: exact closed-form values of parameter ``name`` at which a
        condition the outcome turns on is an equality. A candidate inside the confirmed bracket
        is reported as the flip, ``exact=True``.
    conditions:
        ``conditions(values)``: the exact quantities whose signs decide the outcome (margins,
        differences of compared values). When the simplest rational in the confirmed bracket
        makes one of them exactly zero, the outcome turns on that equality there: the flip is
        reported there, ``exact=True``.

    Returns
    -------
    list of Flip
        Confirmed bracket flips carry ``accuracy`` (at most the old scan's ``1e-9`` of the
        interval); closed-form ones ``exact=True``.
    """
    exact = exact_key or model.outcome_key
    x0 = values[p.name]
    lo, hi = admissible_range(p, x0)
    width = hi - lo
    if not math.isfinite(width) or width <= 0:
        return []
    tol = Fraction(width) * Fraction(repr(REL_TOL))
    fvals = {k: float(v) for k, v in values.items()}
    flips: list[Flip] = []
    for direction, end_f in scan_ends(p, x0, lo, hi, tol):
        inside = x0
        for k in range(1, grid + 1):
            x = x0 + (end_f - x0) * Fraction(k, grid)
            vals = dict(values)
            vals[p.name] = x
            try:
                model.check_values(vals)
            except GameError:
                break
            o = _classify(fast_key, fvals, p.name, float(x), exact, vals)
            if o != current:
                flip = _confirm(model, values, p, current, inside, x, fast_key, exact, boundaries, conditions, tol,
                                direction)
                if flip is None:  # the float classifier and the exact outcome disagree here
                    return nearest_flips(model, values, p, current, grid=grid, classify=exact)
                flips.append(flip)
                break
            inside = x
    return flips


def _classify(fast_key: FloatKey, fvals: Mapping[str, float], name: str, x: float, exact: ExactKey,
              vals: Mapping[str, Fraction]) -> str:
    try:
        return fast_key({**fvals, name: x})
    except (ArithmeticError, ValueError):  # the float path cannot decide: ask the exact one
        return exact(vals)


def _confirm(model: Model, values: Mapping[str, Fraction], p: Parameter, current: str, inside: Fraction,
             outside: Fraction, fast_key: FloatKey, exact: ExactKey, boundaries: Boundaries | None,
             conditions: Conditions | None, tol: Fraction, direction: str) -> Flip | None:
    """Bisect ``[inside, outside]`` in floats, then confirm the bracket exactly (None: disagree)."""
    fvals = {k: float(v) for k, v in values.items()}
    a, b = float(inside), float(outside)
    enough = float(tol) / 8  # the exact bracket adds tol/4 on each side: at most the old scan's tol
    for _ in range(80):
        mid = (a + b) / 2
        if mid in (a, b) or abs(b - a) <= enough:
            break
        try:
            om = fast_key({**fvals, p.name: mid})
        except (ArithmeticError, ValueError):
            break
        if om == current:
            a = mid
        else:
            b = mid
    sign = 1 if direction == "up" else -1
    margin = tol / 4
    lo_x = Fraction(a) - sign * margin
    hi_x = Fraction(b) + sign * margin
    # stay inside the scanned bracket
    lo_x = max(lo_x, inside) if sign > 0 else min(lo_x, inside)
    hi_x = min(hi_x, outside) if sign > 0 else max(hi_x, outside)

    def at(x: Fraction) -> str:
        vals = dict(values)
        vals[p.name] = x
        return exact(vals)

    if at(lo_x) != current:
        return None
    to = at(hi_x)
    if to == current:
        return None
    if boundaries is not None:
        first, last = (lo_x, hi_x) if sign > 0 else (hi_x, lo_x)
        for c in boundaries(values, p.name):
            if first <= c <= last:
                oc = at(c)
                if oc in (current, to):
                    return Flip(p.name, c, direction, to, exact=True)
    c = simplest_between(lo_x, hi_x)
    if conditions is not None:
        root = _root(values, p.name, c, lo_x, hi_x, conditions)
        step = sign * abs(hi_x - lo_x) / 2**20  # just inside and just outside the root
        if root is not None and at(root) in (current, to) and at(root - step) == current and at(root + step) == to:
            return Flip(p.name, root, direction, to, exact=True)
    return Flip(p.name, c, direction, to, accuracy=abs(hi_x - lo_x))


def _root(values: Mapping[str, Fraction], name: str, simplest: Fraction, a: Fraction, b: Fraction,
          conditions: Conditions) -> Fraction | None:
    """A value in ``[a, b]`` at which a deciding condition is exactly zero: the simplest rational
    of the bracket, or the secant root of a condition that changes sign across it (exact for a
    condition linear in the parameter); None if neither zeroes one."""
    def qs(x: Fraction) -> list[Fraction] | None:
        try:
            return list(conditions({**values, name: x}))
        except (ArithmeticError, GameError):
            return None

    qa, qb = qs(a), qs(b)
    if qa is None or qb is None or len(qa) != len(qb):
        return None
    # only a condition that changes sign across the bracket can be the one the flip turns on
    crossing = [i for i, (ya, yb) in enumerate(zip(qa, qb)) if ya * yb <= 0 and (ya != 0 or yb != 0)]
    at_c = qs(simplest)
    if at_c is not None and len(at_c) == len(qa) and any(at_c[i] == 0 for i in crossing):
        return simplest
    lo, hi = min(a, b), max(a, b)
    for i in crossing:
        ya, yb = qa[i], qb[i]
        r = a - ya * (b - a) / (yb - ya)
        if lo <= r <= hi:
            at_r = qs(r)
            if at_r is not None and len(at_r) == len(qa) and at_r[i] == 0:
                return r
    return None


def fast_flip_points(model: Any, values: Mapping[str, Fraction], current: str) -> list[Flip]:
    """:func:`fast_flips` for every parameter not in ``model.no_flips``, with the model's
    ``fast_outcome_key``, ``boundaries`` and ``conditions`` (ultimatum, ceasefire)."""
    out: list[Flip] = []
    for p in model.parameters:
        if p.name not in model.no_flips:
            out.extend(fast_flips(model, values, p, current, model.fast_outcome_key, boundaries=model.boundaries,
                                  conditions=model.conditions))
    return out
