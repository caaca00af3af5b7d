"""Symbolic regimes of a model's tree in a few chosen parameters, cached per point.

Piecewise backward induction in every parameter of a model at once can take far too long (the
regime conditions multiply), so a model whose game is a tree may offer regimes in any small
set of parameters, the others held at their values: mix :class:`RegimesIn` into the model
and implement :meth:`RegimesIn.regime_tree`. The compiled sensitivity path asks for the
regimes in exactly the parameters a sweep varies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from gametheory.errors import GameError
from gametheory.modeling.flips import nearest_flips
from gametheory.modeling.outcomes import Flip

if TYPE_CHECKING:
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.symbolic.parameters import Parameter
    from gametheory.symbolic.spe import SymbolicSPEAnalysis

__all__ = ["RegimesIn", "exact_flips", "flint_values", "flips_between_cuts"]

#: Cached analyses per model instance before the cache is emptied.
MAX_CACHED = 256


class RegimesIn:
    """Mixin for :class:`~gametheory.modeling.Model` subclasses whose game is a tree."""

    parameters: ClassVar[tuple[Parameter, ...]]

    if TYPE_CHECKING:  # provided by Model (a stub here would shadow it in the method order)

        def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Fraction]: ...

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The model's tree at ``values`` (symbols for the ``parameters`` left symbolic)."""
        raise NotImplementedError  # pragma: no cover - each model implements it

    def flip_tree(self, values: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]] | None:
        """The model's tree as nodes (:mod:`gametheory.extensive.nodes`) and its players, at
        ``values`` holding python-flint numbers and one ``fmpq_poly`` (the parameter that
        moves); ``None`` when the model has no such tree (its flips are then scanned)."""
        return None

    def flip_conditions(self, values: Mapping[str, Any]) -> list[Any]:
        """Polynomials (same ``values`` as :meth:`flip_tree`) besides the tree's comparisons
        whose sign can change the outcome or the admissibility of a point (e.g. a joint
        restriction, or a condition the outcome's classification reads); default none."""
        return []

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest outcome changes per parameter: exact (:func:`exact_flips`) when the model
        offers :meth:`flip_tree`, else scanned (:func:`~gametheory.modeling.flips.nearest_flips`)."""
        exact = type(self).flip_tree is not RegimesIn.flip_tree
        out: list[Flip] = []
        for p in self.parameters:
            if p.name in getattr(self, "no_flips", ()):
                continue
            out.extend(exact_flips(self, values, p, current) if exact
                       else nearest_flips(self, values, p, current))  # type: ignore[arg-type]
        return out

    def regimes_in(self, names: tuple[str, ...], values: Mapping[str, Fraction] | None = None) -> SymbolicSPEAnalysis:
        """Symbolic SPE regimes with the parameters ``names`` left as symbols, the rest at
        ``values`` (default: the defaults); cached per point."""
        from gametheory.symbolic.spe import symbolic_backward_induction

        vals = self.values() if values is None else dict(values)
        key = (tuple(names), tuple((k, vals[k]) for k in sorted(vals) if k not in names))
        cache: dict[Any, SymbolicSPEAnalysis] = self.__dict__.setdefault("_regime_cache", {})
        if key not in cache:
            s: dict[str, Any] = dict(vals)
            ps = tuple(p for p in self.parameters if p.name in names)
            for p in ps:
                s[p.name] = p.symbol
            if len(cache) > MAX_CACHED:
                cache.clear()
            cache[key] = symbolic_backward_induction(self.regime_tree(s, ps))
        return cache[key]


# ----------------------------------------------------------------------------- exact flips
def flint_values(values: Mapping[str, Fraction], name: str) -> dict[str, Any]:
    """``values`` as python-flint rationals, with ``name`` the polynomial ``t`` (for a tree in
    that one parameter, :func:`~gametheory.extensive.univariate.pieces_in_one_parameter`)."""
    from flint import fmpq, fmpq_poly

    s: dict[str, Any] = {k: fmpq(v.numerator, v.denominator) for k, v in values.items()}
    s[name] = fmpq_poly([0, 1])
    return s


def _flip_interval(p: Parameter, x0: Fraction) -> tuple[Fraction, Fraction]:
    """The stretch of ``p`` searched for flips: its admissible interval, or (unbounded ends)
    as far as :func:`~gametheory.modeling.flips.nearest_flips` scans."""
    lo = Fraction(p.lower) if p.lower is not None else x0 - 10 * max(Fraction(1), abs(x0))
    hi = Fraction(p.upper) if p.upper is not None else x0 + 10 * max(Fraction(1), abs(x0))
    return lo, hi


def exact_flips(model: Any, values: Mapping[str, Fraction], p: Parameter, current: str) -> list[Flip]:
    """The nearest outcome changes in ``p`` below and above its value, exactly.

    ``model`` offers :meth:`RegimesIn.flip_tree`. The tree is solved in ``p`` alone, the
    others at ``values`` (:func:`~gametheory.extensive.univariate.pieces_in_one_parameter`);
    the cuts are the ends of its pieces where the plan changes and the roots of the model's
    :meth:`RegimesIn.flip_conditions`. Walking outwards from the current value, each stretch
    between cuts is classified by :meth:`~gametheory.modeling.Model.outcome_key` at an interior
    rational point (the engine's own solve); the first stretch with another outcome gives
    the flip, at its exact end. When the current value is itself a cut and the stretch next to
    it already differs, the flip is at the current value. A stretch whose interior point is
    inadmissible (a joint restriction fails) ends the search in that direction. Irrational
    cuts are reported as Fractions within ``2**-60`` of the boundary (``exact=False``, with
    that accuracy).
    """
    from gametheory.extensive.univariate import as_poly, pieces_in_one_parameter, real_roots

    x0 = values[p.name]
    lo, hi = _flip_interval(p, x0)
    if not lo < hi:
        return []
    s = flint_values(values, p.name)
    root, players = model.flip_tree(s)
    pieces = pieces_in_one_parameter(root, players, lo, hi)
    cuts: list[Any] = [a.hi for a, b in zip(pieces, pieces[1:]) if a.plan != b.plan]
    for c in model.flip_conditions(s):
        poly = as_poly(c)
        if poly.degree() > 0:
            cuts.extend(real_roots(poly, lo, hi))
    return flips_between_cuts(model, values, p, current, cuts)


def flips_between_cuts(model: Any, values: Mapping[str, Fraction], p: Parameter, current: str,
                       cuts: list[Any], end_may_differ: Callable[[Fraction], bool] | None = None) -> list[Flip]:
    """The nearest outcome changes in ``p``, given every point where it may change.

    ``cuts`` (Fractions or :class:`~gametheory.extensive.univariate.AlgebraicPoint`, any order,
    repeats allowed) must contain every value of ``p`` in its interval at which the outcome
    can change, besides isolated points; between two consecutive cuts the outcome is taken
    from :meth:`~gametheory.modeling.Model.outcome_key` at one interior rational point. The
    search walks outwards from the current value and stops at the first stretch with another
    outcome (the flip is its end towards the current value, or the current value itself when
    that is a cut), at an inadmissible stretch, or at the interval's end (a closed end with
    another outcome of its own is a flip too). Irrational cuts are reported as Fractions
    within ``2**-60`` of the boundary (``exact=False``, with that accuracy).
    ``end_may_differ(x)`` False says the interval's end ``x`` is no knife-edge (no condition
    vanishes there), so it is not solved on its own.
    """
    from gametheory.extensive.univariate import AlgebraicPoint, _between, _cmp, _sorted_unique

    x0 = values[p.name]
    lo, hi = _flip_interval(p, x0)
    inside = [c for c in cuts if _cmp(lo, c)[0] < 0 and _cmp(c, hi)[0] < 0]
    ends = [lo, *_sorted_unique(inside), hi]
    # where x0 sits: strictly inside stretch k (ends[k] < x0 < ends[k+1]), or on cut ends[k]
    k, on_cut = 0, False
    for i, c in enumerate(ends):
        sign = _cmp(c, x0)[0]
        if sign == 0:
            k, on_cut = i, True
            break
        if sign > 0:
            k = i - 1
            break
    flips: list[Flip] = []
    for direction in ("down", "up"):
        stretches = range(k if on_cut else k + 1, len(ends) - 1) if direction == "up" else range(k - 1, -1, -1)
        found = blocked = False
        for j in stretches:
            a, b = ends[j], ends[j + 1]
            o = _outcome_at(model, values, p, _between(a, b))
            if o is None:
                blocked = True
                break
            if o != current:
                at = a if direction == "up" else b
                if isinstance(at, AlgebraicPoint):
                    fine = at.refine(Fraction(1, 2**60))
                    flips.append(Flip(p.name, fine.lo, direction, o, exact=False, accuracy=fine.hi - fine.lo))
                else:
                    flips.append(Flip(p.name, at, direction, o, exact=True))
                found = True
                break
        end = lo if direction == "down" else hi
        if not (found or blocked) and end != x0 and (end_may_differ is None or end_may_differ(end)):
            # a closed end of the interval may differ on its own (a knife-edge at the boundary)
            o = _outcome_at(model, values, p, end)
            if o is not None and o != current:
                flips.append(Flip(p.name, end, direction, o, exact=True))
    return flips


def _outcome_at(model: Any, values: Mapping[str, Fraction], p: Parameter, x: Fraction) -> str | None:
    """The outcome with ``p`` at ``x`` (None where ``x`` is inadmissible)."""
    vals = dict(values)
    try:
        vals[p.name] = p.check(x)
        model.check_values(vals)
    except GameError:
        return None
    return str(model.outcome_key(vals))
