"""Nearest outcome changes found numerically: scan a parameter's interval, then bisect exactly.

:func:`nearest_flips` is what :meth:`gametheory.modeling.Model.flip_points` uses when a model
does not know its boundaries in closed form; :func:`simplest_between` turns the tiny bracket
the bisection ends with into the simple rational a boundary of a rational model usually is.

>>> from fractions import Fraction
>>> simplest_between(Fraction(149999, 100000), Fraction(150001, 100000))
Fraction(3, 2)
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Collection, Mapping, Sequence
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


def admissible_range(p: Parameter, current: Fraction) -> tuple[float, float]:
    """The interval a flip search scans: the parameter's sampling bounds, widened around the
    current value on a side without a bound."""
    lo, hi = p.sample_bounds()
    if p.lower is None:
        lo = min(lo, float(current) - 10 * max(1.0, abs(float(current))))
    if p.upper is None:
        hi = max(hi, float(current) + 10 * max(1.0, abs(float(current))))
    return lo, hi


def scan_ends(p: Parameter, x0: Fraction, lo: float, hi: float,
              tol: Fraction) -> list[tuple[str, Fraction]]:
    """``(direction, end)`` of each side a flip search scans from ``x0``: the interval's ends,
    kept ``tol`` inside an open bound; a side with nothing beyond ``x0`` is left out."""
    out = []
    for direction, end in (("down", lo), ("up", hi)):
        end_f = Fraction(end)
        if p.lower is not None and direction == "down" and p.lower_open:
            end_f = Fraction(p.lower) + tol
        if p.upper is not None and direction == "up" and p.upper_open:
            end_f = Fraction(p.upper) - tol
        if (direction == "down" and end_f < x0) or (direction == "up" and end_f > x0):
            out.append((direction, end_f))
    return out


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
    lo, hi = admissible_range(p, x0)
    width = hi - lo
    if not math.isfinite(width) or width <= 0:
        return []
    rel = rel_tol if isinstance(rel_tol, Fraction) else Fraction(repr(resolve(rel_tol, REL_TOL)))
    tol = Fraction(width) * rel
    flips: list[Flip] = []
    for direction, end_f in scan_ends(p, x0, lo, hi, tol):
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
    mapped: bool | None = None,
) -> list[Flip]:
    """The nearest values of each world variable the model reads at which its outcome changes.

    ``values`` is the complete world state, ``overrides`` the model parameters held fixed
    (expert settings); each variable moves alone, the model re-solved through its world
    links. A yes/no variable is simply switched. World variables are real-world quantities
    known to a few digits, so each flip is bisected to ``rel_tol`` of the variable's range
    (default 1e-5), not to the 1e-9 of :func:`nearest_flips`. Sorted by the variable's role (levers,
    then key uncertainties, then context), then by distance relative to its range.

    With ``mapped`` (``None``, the default: when the model gives its own flips, overriding
    :meth:`Model.flip_points`, typically with closed-form boundaries; ``True``: always;
    ``False``: never), a variable that feeds
    exactly one parameter, through a link that is affine in it (:func:`affine_link`), is not
    scanned: the parameter's flips are mapped back to the variable exactly (an exact flip stays
    exact), and a flip beyond the variable's range is no flip. Those flips are computed once
    and shared with :meth:`Model.solve` through the cache. The others
    are scanned. Results are cached (:mod:`gametheory.modeling.cache`).
    """
    fixed = dict(overrides or {})
    chosen = tuple(names) if names is not None else model.world_variables()
    settings: dict[str, Any] = {
        "search": "world", "current": current, "grid": grid, "rel_tol": Fraction(rel_tol), "names": list(chosen),
        "mapped": mapped,
        **{f"fix:{k}": v for k, v in fixed.items()},
        **{f"range:{n}": [world.variable(n).parameter.lower, world.variable(n).parameter.upper,
                          world.variable(n).kind, world.variable(n).role] for n in chosen},
    }
    used = {n: values[n] for n in dict.fromkeys((*chosen, *model.world_variables()))}
    return list(cached_flips(model, used, settings,
                             lambda: _world_flips(model, world, values, current, fixed, chosen, grid, rel_tol,
                                                  mapped)))


class _Line:
    """``a * x + b`` in one unknown ``x`` with exact coefficients: a formula of pure
    arithmetic applied to it gives its line, and anything else (a product of two unknowns, a
    division by the unknown, a comparison, a power, a conversion) raises ``TypeError``."""

    __slots__ = ("a", "b")

    def __init__(self, a: Fraction, b: Fraction) -> None:
        self.a, self.b = a, b

    @staticmethod
    def _of(other: Any) -> _Line:
        if isinstance(other, _Line):
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return _Line(Fraction(0), Fraction(other))
        raise TypeError("not exact arithmetic")

    def __add__(self, other: Any) -> _Line:
        o = self._of(other)
        return _Line(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __neg__(self) -> _Line:
        return _Line(-self.a, -self.b)

    def __pos__(self) -> _Line:
        return self

    def __sub__(self, other: Any) -> _Line:
        return self + (-self._of(other))

    def __rsub__(self, other: Any) -> _Line:
        return self._of(other) + (-self)

    def __mul__(self, other: Any) -> _Line:
        o = self._of(other)
        if self.a and o.a:
            raise TypeError("not affine: a product of the unknown with itself")
        return _Line(self.a * o.b + o.a * self.b, self.b * o.b)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> _Line:
        o = self._of(other)
        if o.a or not o.b:
            raise TypeError("not affine: a division by the unknown (or by zero)")
        return _Line(self.a / o.b, self.b / o.b)

    def __rtruediv__(self, other: Any) -> _Line:
        if self.a:
            raise TypeError("not affine: a division by the unknown")
        return self._of(other) / self.b

    def __bool__(self) -> bool:
        raise TypeError("a formula that branches on the unknown is not affine")

    def _compare(self, other: Any) -> bool:
        raise TypeError("a formula that compares the unknown is not affine")

    __lt__ = __le__ = __gt__ = __ge__ = _compare

    def __eq__(self, other: object) -> bool:
        raise TypeError("a formula that compares the unknown is not affine")

    __hash__ = None  # type: ignore[assignment]


def affine_link(model: Model, values: Mapping[str, Fraction], name: str) -> tuple[str, Fraction, Fraction] | None:
    """``(parameter, a, b)`` when world variable ``name`` feeds exactly one of ``model``'s
    parameters and, the other world variables held at ``values``, that parameter is
    ``a * x + b`` in the variable's value ``x``; otherwise None.

    The link's formula is applied to an exact line standing for the variable (and to the exact
    values of the others): a formula of pure arithmetic (sums, differences, products and
    quotients by numbers) gives its line; one that multiplies or divides by the variable,
    compares, branches or converts its input raises on the line and gives None (the variable is
    then scanned). The line is then checked against the formula itself at three exact points.
    No symbolic algebra is needed, so this costs microseconds and imports nothing.
    """
    links = [lk for lk in model.world_links if name in lk.uses]
    if len(links) != 1:
        return None
    lk = links[0]
    view: dict[str, Any] = {u: _Line(Fraction(1), Fraction(0)) if u == name else Fraction(values[u])
                            for u in lk.uses}
    try:
        out = lk.formula(view)
        line = _Line._of(out)
        a, b = line.a, line.b
        x0 = values[name]
        for x in (x0, x0 + Fraction(1, 7), x0 - Fraction(3, 11)):
            if lk.value({**values, name: x}) != a * x + b:
                return None
    except (TypeError, ValueError, ArithmeticError, AttributeError, GameError):
        return None
    return lk.parameter, a, b


def _own_flips(model: Model) -> bool:
    """Whether ``model`` gives its own flips (overrides the base class's scan)."""
    # the base class found on the MRO: importing gametheory.modeling.model here would be a cycle
    base = next((c for c in type(model).__mro__ if c.__module__ == "gametheory.modeling.model"
                 and c.__name__ == "Model"), None)
    return base is None or type(model).flip_points is not getattr(base, "flip_points", None)


def _searching_only(model: Model, names: Collection[str]) -> Model:
    """A shallow copy of ``model`` whose :meth:`Model.flip_points` searches only the parameters
    in ``names`` (of those the model searches): every model searches its parameters one at a
    time, over :attr:`Model.flip_parameters` or the parameters not in :attr:`Model.no_flips`,
    so the copy finds exactly the original's flips of those parameters and no others."""
    keep = tuple(n for n in model.searched_parameters() if n in names)
    narrowed = copy.copy(model)
    vars(narrowed).update(no_flips=tuple(p.name for p in model.parameters if p.name not in keep),
                          flip_parameters=keep)
    return narrowed


def _parameter_flips(model: Model, vals: Mapping[str, Fraction], current: str, parameter: str,
                     memo: dict[str, tuple[Flip, ...]] | None = None,
                     needed: Collection[str] | None = None) -> list[Flip]:
    """``model``'s own flips of ``parameter`` at ``vals``: its :meth:`Model.flip_points` (cached)
    when it overrides them, else the base scan of this one parameter. ``memo`` keeps the model's
    flips for the rest of one world-flip search, so several world variables mapped to parameters
    search them once even with the cache off. ``needed`` (the parameters the search will ask
    for, ``parameter`` among them) limits the model's search to those (:func:`_searching_only`);
    ``None`` searches every parameter (the flips :meth:`Model.solve` also reads)."""
    if not _own_flips(model):
        return [] if parameter in model.no_flips else nearest_flips(model, vals, model.parameter(parameter), current)
    found = memo.get("all") if memo is not None else None
    if found is None:
        if needed is None:
            found = cached_flips(model, vals, {"search": "flip_points", "current": current},
                                 lambda: model.flip_points(vals, current))
        else:
            names = sorted(set(needed) | {parameter})
            found = cached_flips(model, vals, {"search": "flip_points", "current": current, "names": names},
                                 lambda: _searching_only(model, names).flip_points(vals, current))
        if memo is not None:
            memo["all"] = found
    return [f for f in found if f.parameter == parameter]


def _mapped_world_flips(model: Model, world: World, values: Mapping[str, Fraction], current: str,
                        fixed: Mapping[str, Any], name: str, vals: Mapping[str, Fraction],
                        memo: dict[str, tuple[Flip, ...]] | None = None,
                        needed: Collection[str] | None = None) -> list[Flip] | None:
    """The flips of world variable ``name`` from its parameter's flips (None: not affine)."""
    line = affine_link(model, values, name)
    if line is None:
        return None
    parameter, a, b = line
    if parameter in fixed or a == 0:  # held by a setting, or not moved by the variable: no flip
        return []
    var = world.variable(name).parameter
    out: list[Flip] = []
    for f in _parameter_flips(model, vals, current, parameter, memo, needed):
        if not isinstance(f.value, Fraction):
            return None
        x = (f.value - b) / a
        if not var.contains(x):
            continue
        direction = f.direction if a > 0 else ("up" if f.direction == "down" else "down")
        out.append(Flip(name, x, direction, f.to, exact=f.exact, accuracy=f.accuracy / abs(a)))
    return out


def _world_flips(model: Model, world: World, values: Mapping[str, Fraction], current: str,
                 fixed: dict[str, Any], chosen: Sequence[str], grid: int, rel_tol: Fraction,
                 mapped: bool | None) -> list[Flip]:
    def classify(w: Mapping[str, Fraction]) -> str:
        # the model's outcome_key (fast paths are checked against its analysis in its tests)
        return model.outcome_key(model.values({**model.from_world(w), **fixed}))

    def admissible(w: Mapping[str, Fraction]) -> None:
        model.values({**model.from_world(w), **fixed})

    out: list[tuple[tuple[int, float], Flip]] = []
    vals: dict[str, Fraction] | None = None
    memo: dict[str, tuple[Flip, ...]] = {}
    use_map = mapped or (mapped is None and _own_flips(model))
    # the parameters the mapped variables will ask for: the model searches only those
    needed: set[str] = set()
    if use_map:
        for name in chosen:
            if world.variable(name).kind != "flag":
                line = affine_link(model, values, name)
                if line is not None and line[0] not in fixed and line[1] != 0:
                    needed.add(line[0])
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
        found = None
        # the base class's flips are a scan too, finer and longer than the variable's own: map
        # only the flips a model gives itself, unless asked to
        if use_map:
            if vals is None:
                vals = model.values({**model.from_world(values), **fixed})
            found = _mapped_world_flips(model, world, values, current, fixed, name, vals, memo, needed)
        if found is None:
            found = nearest_flips(model, values, var.parameter, current, grid=grid, classify=classify,
                                  check=admissible, rel_tol=rel_tol)
        for f in found:
            lo, hi = var.parameter.sample_bounds()
            rel = abs(float(f.value) - float(x0)) / ((hi - lo) or 1.0)
            out.append(((ROLES.index(var.role), rel), f))
    return [f for _, f in sorted(out, key=lambda t: t[0])]
