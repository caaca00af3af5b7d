"""Nearest outcome changes found numerically: scan a parameter's interval, then bisect exactly.

:func:`nearest_flips` is what :meth:`gametheory.modeling.Model.flip_points` uses when a model
does not know its boundaries in closed form; :func:`simplest_between` turns the tiny bracket
the bisection ends with into the simple rational a boundary of a rational model usually is.

>>> from fractions import Fraction
>>> simplest_between(Fraction(149999, 100000), Fraction(150001, 100000))
Fraction(3, 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gametheory._kernel.tolerance import REL_TOL, resolve
from gametheory._kernel.values import simplest_between
from gametheory.errors import GameError
from gametheory.modeling.cache import cached_flips
from gametheory.modeling.outcomes import Flip
from gametheory.modeling.world import ROLES, World
from gametheory.symbolic.parameters import Parameter

if TYPE_CHECKING:
    from gametheory.modeling.model import Model


def _admissible_range(p: Parameter, current: Fraction) -> tuple[float, float]:
    lo, hi = p.sample_bounds()
    if p.lower is None:
        lo = min(lo, float(current) - 10 * max(1.0, abs(float(current))))
    if p.upper is None:
        hi = max(hi, float(current) + 10 * max(1.0, abs(float(current))))
    return lo, hi


def nearest_flips(
    model: Model,
    values: Mapping[str, Fraction],
    p: Parameter,
    current: str,
    *,
    grid: int = 48,
    classify: Callable[[Mapping[str, Fraction]], str] | None = None,
    rel_tol: Fraction | float | None = None,
    check: Callable[[Mapping[str, Fraction]], None] | None = None,
) -> list[Flip]:
    """The closest values of ``p`` below and above its current value where the outcome changes.

    The admissible interval is scanned on ``grid`` points on each side of the current value
    (nearest first); the first point with a different outcome is bisected against the last
    point with the current one, to ``rel_tol`` (default :data:`~gametheory._kernel.tolerance.REL_TOL`,
    ``1e-9``) of the interval width, in exact rationals.
    A change on a scale finer than the grid spacing can be missed; models with closed-form
    boundaries override :meth:`Model.flip_points`. ``classify`` and ``check`` replace
    :meth:`Model.outcome_key` and :meth:`Model.check_values` (e.g. to scan a world variable,
    :func:`world_flips`).
    """
    key = classify or model.outcome_key
    admissible = check or model.check_values
    x0 = values[p.name]
    lo, hi = _admissible_range(p, x0)
    width = hi - lo
    if not math.isfinite(width) or width <= 0:
        return []
    rel = rel_tol if isinstance(rel_tol, Fraction) else Fraction(repr(resolve(rel_tol, REL_TOL)))
    tol = Fraction(width) * rel
    flips: list[Flip] = []
    for direction, end in (("down", lo), ("up", hi)):
        end_f = Fraction(end)
        if p.lower is not None and direction == "down" and p.lower_open:
            end_f = Fraction(p.lower) + tol
        if p.upper is not None and direction == "up" and p.upper_open:
            end_f = Fraction(p.upper) - tol
        if (direction == "down" and end_f >= x0) or (direction == "up" and end_f <= x0):
            continue
        inside = x0
        for k in range(1, grid + 1):
            x = x0 + (end_f - x0) * Fraction(k, grid)
            vals = dict(values)
            vals[p.name] = x
            try:
                admissible(vals)
                o = key(vals)
            except GameError:
                break
            if o != current:
                a, b = inside, x
                while abs(b - a) > tol:
                    mid = (a + b) / 2
                    vals[p.name] = mid
                    om = key(vals)
                    if om == current:
                        a = mid
                    else:
                        b, o = mid, om
                    # keep fractions small: snap to a nearby simple rational
                    a = a.limit_denominator(10**12) if a.denominator > 10**15 else a
                    b = b.limit_denominator(10**12) if b.denominator > 10**15 else b
                flips.append(Flip(p.name, simplest_between(a, b), direction, o, accuracy=tol))
                break
            inside = x
    return flips


def world_flips(
    model: Model,
    world: World,
    values: Mapping[str, Fraction],
    current: str,
    *,
    overrides: Mapping[str, Any] | None = None,
    names: Sequence[str] | None = None,
    grid: int = 16,
    rel_tol: Fraction = Fraction(1, 10**5),
) -> list[Flip]:
    """The nearest values of each world variable the model reads at which its outcome changes.

    ``values`` is the complete world state, ``overrides`` the model parameters held fixed
    (expert settings); each variable moves alone, the model re-solved through its world
    links. A yes/no variable is simply switched. World variables are real-world quantities
    known to a few digits, so each flip is bisected to ``rel_tol`` of the variable's range
    (default 1e-5), not to the 1e-9 of :func:`nearest_flips`. Sorted by the variable's role (levers,
    then key uncertainties, then context), then by distance relative to its range.
    """
    fixed = dict(overrides or {})
    chosen = tuple(names) if names is not None else model.world_variables()
    settings: dict[str, Any] = {
        "search": "world", "current": current, "grid": grid, "rel_tol": Fraction(rel_tol), "names": list(chosen),
        **{f"fix:{k}": v for k, v in fixed.items()},
        **{f"range:{n}": [world.variable(n).parameter.lower, world.variable(n).parameter.upper,
                          world.variable(n).kind, world.variable(n).role] for n in chosen},
    }
    used = {n: values[n] for n in dict.fromkeys((*chosen, *model.world_variables()))}
    return list(cached_flips(model, used, settings,
                             lambda: _world_flips(model, world, values, current, fixed, chosen, grid, rel_tol)))


def _world_flips(model: Model, world: World, values: Mapping[str, Fraction], current: str,
                 fixed: dict[str, Any], chosen: Sequence[str], grid: int, rel_tol: Fraction) -> list[Flip]:
    def classify(w: Mapping[str, Fraction]) -> str:
        return model.solve(fixed, flips=False, world=w).outcome.key

    def admissible(w: Mapping[str, Fraction]) -> None:
        model.values({**model.from_world(w), **fixed})

    out: list[tuple[tuple[int, float], Flip]] = []
    for name in chosen:
        var = world.variable(name)
        x0 = values[name]
        if var.kind == "flag":
            other = 1 - x0
            try:
                admissible({**values, name: other})
                o = classify({**values, name: other})
            except GameError:
                continue
            if o != current:
                f = Flip(name, other, "up" if other > x0 else "down", o, exact=True)
                out.append(((ROLES.index(var.role), 0.0), f))
            continue
        found = nearest_flips(model, values, var.parameter, current, grid=grid, classify=classify, check=admissible,
                              rel_tol=rel_tol)
        for f in found:
            lo, hi = var.parameter.sample_bounds()
            rel = abs(float(f.value) - float(x0)) / ((hi - lo) or 1.0)
            out.append(((ROLES.index(var.role), rel), f))
    return [f for _, f in sorted(out, key=lambda t: t[0])]
