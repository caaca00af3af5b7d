"""Tornado: one-at-a-time sweeps across each admissible interval, parameters ranked by influence.

The ranking is by the range :math:`\\max_x q - \\min_x q` of a quantity, or by the number of
outcome changes along the sweep.

>>> t = tornado("escalation", points=3)
>>> t.baseline, len(t.ranking) == len(t.table)
('deterrence', True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError, GameSizeError
from gametheory.modeling.model import Model
from gametheory.sensitivity.common import as_model, evaluate
from gametheory.symbolic.parameters import Parameter


def tornado_range(p: Parameter, default: Fraction, points: int) -> list[Fraction]:
    """The values a tornado sweep uses for parameter ``p``.

    Bounded ends are used as they are; an open end :math:`l` is replaced by
    :math:`l + w/(1000)` (:math:`w` the width of the swept range). An unbounded side extends
    :math:`10 \\max(1, |d|)` from the default :math:`d` (the rule of
    :func:`gametheory.modeling.model.nearest_flips`).
    """
    span = 10 * max(Fraction(1), abs(default))
    lo = p.lower if p.lower is not None else default - span
    hi = p.upper if p.upper is not None else default + span
    width = hi - lo
    if p.lower is not None and p.lower_open:
        lo = lo + width / 1000
    if p.upper is not None and p.upper_open:
        hi = hi - width / 1000
    if points < 2 or width == 0:
        return [default]
    return [lo + (hi - lo) * Fraction(k, points - 1) for k in range(points)]


@dataclass(frozen=True)
class TornadoResult(Result):
    """One-at-a-time sensitivity, parameters ranked.

    ``table`` rows (ranked, most influential first): parameter, low and high end of its
    sweep, the quantity's minimum, maximum and range (with ``quantity``), the number of
    outcome changes along the sweep, whether it flips the outcome at all, and the outcomes
    seen. ``curves`` holds each parameter's sweep: ``[(value, outcome, quantity), ...]``.
    """

    model: str
    quantity: str | None
    baseline: str
    table: list[dict[str, Any]]
    curves: dict[str, list[tuple[Fraction, str | None, Any]]] = field(default_factory=dict)
    #: How list-valued quantities were reduced (``None`` without a quantity).
    aggregate: str | None = None

    @property
    def ranking(self) -> list[str]:
        return [r["parameter"] for r in self.table]

    def to_json(self) -> dict[str, Any]:
        return {**self.common_json(), "model": self.model, "quantity": self.quantity, "aggregate": self.aggregate,
                "baseline": self.baseline, "table": json_value(self.table)}


#: How a list-valued quantity is reduced to one number (``aggregate=`` of :func:`tornado`).
AGGREGATES = ("max", "min", "mean")
#: Largest number of points per parameter (a tornado usually needs a few dozen).
MAX_POINTS = 100_000


def scalar_quantity(v: Any, name: str, where: str, aggregate: str = "max") -> float | None:
    """A number from a quantity; list-valued quantities (one value per equilibrium, say)
    are reduced by ``aggregate``; ``None`` and empty lists give ``None``."""
    if isinstance(v, (list, tuple)):
        items = [scalar_quantity(x, name, where) for x in v]
        nums = [x for x in items if x is not None]
        if not nums:
            return None
        if aggregate == "max":
            return max(nums)
        if aggregate == "min":
            return min(nums)
        return sum(nums) / len(nums)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, Fraction)):
        raise GameError(f"quantity {name} is not numeric at {where} ({v!r})")
    return float(v)


def tornado(model: Model | str, quantity: str | None = None, *, points: int = 21, values: Mapping[str, Any] | None = None,
            parameters: Sequence[str] | None = None, workers: int = 1, scheduler: Any = None,
            progress: bool = False, aggregate: str = "max") -> TornadoResult:
    """Sweep each parameter alone across its admissible interval; rank by influence.

    Each parameter :math:`\\theta_j` takes ``points`` values (:func:`tornado_range`) with the
    others at ``values`` (default: the defaults). With a ``quantity`` :math:`q`, parameters
    are ranked by :math:`\\max q - \\min q` over the sweep, then by outcome changes; without
    one, by the number of outcome changes along the sweep. A list-valued quantity (one value
    per equilibrium, for instance) is reduced at each point by ``aggregate``: ``"max"``
    (default: the worst case for a probability of war), ``"min"`` or ``"mean"``. Points the
    model rejects (joint restrictions) are left out of the ranking and counted in each row
    (``inadmissible``, the first ``inadmissible_reason``, and the admissible part of the
    sweep ``admissible_low`` .. ``admissible_high``).
    """
    model = as_model(model)
    if aggregate not in AGGREGATES:
        raise GameError(f"tornado: aggregate must be one of {', '.join(AGGREGATES)}, not {aggregate!r}")
    if not isinstance(points, int) or isinstance(points, bool) or points < 2:
        raise GameError(f"tornado: points must be an integer >= 2, got {points!r}")
    if points > MAX_POINTS:
        raise GameSizeError(f"tornado: {points} points per parameter is more than the {MAX_POINTS} allowed")
    base = model.values(values)
    names = list(parameters) if parameters is not None else [p.name for p in model.parameters]
    for n in names:
        model.parameter(n)
    baseline = model.solve(base, flips=False)
    if quantity is not None and quantity not in baseline.quantities:
        raise GameError(f"model {model.name}: no quantity {quantity!r} (available: "
                        f"{', '.join(baseline.quantities) or 'none'})")
    pts: list[dict[str, Fraction]] = []
    spans: dict[str, list[Fraction]] = {}
    for n in names:
        xs = tornado_range(model.parameter(n), base[n], points)
        spans[n] = xs
        for x in xs:
            pts.append({**base, n: x})
    qs = [quantity] if quantity else None
    res = evaluate(model, pts, qs, workers=workers, scheduler=scheduler, progress=progress, label="tornado")
    table, curves = [], {}
    k = 0
    for n in names:
        xs = spans[n]
        chunk = res[k: k + len(xs)]
        k += len(xs)
        curve = [(x, o, (v.get(quantity) if quantity else None)) for x, (o, v, _) in zip(xs, chunk)]
        curves[n] = curve
        outs = [o for _, o, _ in curve if o is not None]
        changes = sum(1 for a, b in zip(outs, outs[1:]) if a != b)
        kept = [x for x, (o, _, _) in zip(xs, chunk) if o is not None]
        rejected = [err for o, _, err in chunk if o is None]
        row: dict[str, Any] = {"parameter": n, "low": xs[0], "high": xs[-1], "changes": changes,
                               "flips": any(o != baseline.outcome.key for o in outs),
                               "outcomes": sorted(set(outs)),
                               # points the model rejects are counted and explained, never dropped silently
                               "points": len(xs), "inadmissible": len(rejected),
                               "admissible_low": kept[0] if kept else None,
                               "admissible_high": kept[-1] if kept else None,
                               "inadmissible_reason": str(rejected[0]) if rejected else None}
        if quantity:
            nums = [s for s in (scalar_quantity(q, quantity, f"{n}={x}", aggregate) for x, _, q in curve) if s is not None]
            row["min"] = min(nums) if nums else None
            row["max"] = max(nums) if nums else None
            row["range"] = (max(nums) - min(nums)) if nums else 0.0
        table.append(row)
    if quantity:
        table.sort(key=lambda r: (-r["range"], -r["changes"], r["parameter"]))
    else:
        table.sort(key=lambda r: (-r["changes"], not r["flips"], r["parameter"]))
    for rank, r in enumerate(table, 1):
        r["rank"] = rank
    return TornadoResult(model.name, quantity, baseline.outcome.key, table, curves,
                         aggregate=aggregate if quantity else None, method="tornado",
                         arithmetic="float" if quantity else "exact",
                         parameters={"points": points, "values": base, "swept": names})
