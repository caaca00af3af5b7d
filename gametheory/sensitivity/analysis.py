"""Thresholds, tornado ranking, Monte Carlo and elasticities of a model's outcome.

* :func:`thresholds` -- where each parameter, moved alone, flips the outcome
  (:meth:`Model.flip_points`: exact where the model knows its boundaries in closed form).
* :func:`tornado` -- one-at-a-time sweeps across each admissible interval, ranked by the
  range :math:`\\max_x q - \\min_x q` of a quantity, or by the number of outcome changes.
* :func:`montecarlo` -- outcome probabilities under parameter uncertainty, with Wilson
  intervals and the parameters most associated with each outcome.
* :func:`elasticities` -- :math:`\\varepsilon_j = \\frac{\\partial q}{\\partial \\theta_j}
  \\frac{\\theta_j}{q}` by finite differences in exact arithmetic.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError
from gametheory.symbolic.parameters import to_value

from .compiled import compiled_classifier, has_compiled
from .core import as_model
from .distributions import Truncated, truncate
from .executors import PointResult, Progress, dask_client, model_ref, run

Z95 = 1.959963984540054


def evaluate(model: Any, points: Sequence[Mapping[str, Any]], quantities: Any = None, *, workers: int = 1,
             scheduler: Any = None, progress: bool = False, label: str = "points",
             chunk_size: int | None = None) -> list[PointResult]:
    """Solve ``model`` at each of ``points`` with the executors (order preserved)."""
    out: list[PointResult | None] = [None] * len(points)
    par = workers if scheduler is None else 8
    size = chunk_size or max(1, min(256, math.ceil(len(points) / (8 * max(1, par)))))
    chunks = ((s, [dict(p) for p in points[s: s + size]]) for s in range(0, len(points), size))
    client, own = dask_client(scheduler) if scheduler is not None else (None, False)
    bar = Progress(len(points), enabled=progress, label=label)
    try:
        for start, res in run(model_ref(model), chunks, quantities, workers=workers, scheduler=client):
            out[start: start + len(res)] = res
            bar.update(len(res))
    finally:
        bar.close()
        if own and client is not None:
            client.close()
    return [r if r is not None else (None, {}, "not computed") for r in out]


# ====================================================================== thresholds
@dataclass
class ThresholdResult:
    """Nearest outcome changes per parameter at a point.

    ``table`` rows: parameter, current value, direction (down/up), threshold value, the
    outcome beyond it, whether the value is exact, and the accuracy of scanned values.
    """

    model: str
    values: dict[str, Fraction]
    outcome: str
    table: list[dict[str, Any]]

    def for_parameter(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.table if r["parameter"] == name]

    def to_json(self) -> dict[str, Any]:
        from .core import jsonable

        return {"model": self.model, "values": {k: str(v) for k, v in self.values.items()},
                "outcome": self.outcome, "thresholds": jsonable(self.table)}


def thresholds(model: Any, values: Mapping[str, Any] | None = None) -> ThresholdResult:
    """For each parameter, the values below and above the current one where the outcome flips.

    Reuses :meth:`Model.flip_points`; ``exact`` is true where the model gives the boundary
    in closed form, otherwise the value lies within ``accuracy`` of the true boundary.
    """
    model = as_model(model)
    res = model.solve(values, flips=True)
    table = [
        {"parameter": f.parameter, "current": res.values[f.parameter], "direction": f.direction,
         "value": f.value, "to": f.to, "exact": f.exact, "accuracy": f.accuracy}
        for f in res.flips
    ]
    return ThresholdResult(model.name, dict(res.values), res.outcome.key, table)


# ====================================================================== tornado
def tornado_range(p: Any, default: Fraction, points: int) -> list[Fraction]:
    """The values a tornado sweep uses for parameter ``p``.

    Bounded ends are used as they are; an open end :math:`l` is replaced by
    :math:`l + w/(1000)` (:math:`w` the width of the swept range). An unbounded side extends
    :math:`10 \\max(1, |d|)` from the default :math:`d` (the rule of
    :func:`gametheory.models.base.nearest_flips`).
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


@dataclass
class TornadoResult:
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

    @property
    def ranking(self) -> list[str]:
        return [r["parameter"] for r in self.table]

    def to_json(self) -> dict[str, Any]:
        from .core import jsonable

        return {"model": self.model, "quantity": self.quantity, "baseline": self.baseline,
                "table": jsonable(self.table)}


def _scalar(v: Any, name: str, where: str) -> float | None:
    if isinstance(v, (list, tuple)):
        if len(v) != 1:
            return None if not v else float(max(v))
        v = v[0]
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, Fraction)):
        raise GameError(f"quantity {name} is not numeric at {where} ({v!r})")
    return float(v)


def tornado(model: Any, quantity: str | None = None, *, points: int = 21, values: Mapping[str, Any] | None = None,
            parameters: Sequence[str] | None = None, workers: int = 1, scheduler: Any = None,
            progress: bool = False) -> TornadoResult:
    """Sweep each parameter alone across its admissible interval; rank by influence.

    Each parameter :math:`\\theta_j` takes ``points`` values (:func:`tornado_range`) with the
    others at ``values`` (default: the defaults). With a ``quantity`` :math:`q`, parameters
    are ranked by :math:`\\max q - \\min q` over the sweep (list-valued quantities use their
    largest element), then by outcome changes; without one, by the number of outcome changes
    along the sweep. Points the model rejects (joint restrictions) are skipped.
    """
    model = as_model(model)
    if not isinstance(points, int) or points < 2:
        raise GameError(f"tornado: points must be an integer >= 2, got {points!r}")
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
        row: dict[str, Any] = {"parameter": n, "low": xs[0], "high": xs[-1], "changes": changes,
                               "flips": any(o != baseline.outcome.key for o in outs),
                               "outcomes": sorted(set(outs))}
        if quantity:
            nums = [s for s in (_scalar(q, quantity, f"{n}={x}") for x, _, q in curve) if s is not None]
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
    return TornadoResult(model.name, quantity, baseline.outcome.key, table, curves)


# ====================================================================== Monte Carlo
def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion :math:`k/n`.

    .. math:: \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}
    """
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (0.0 if k == 0 else max(0.0, centre - half)), (1.0 if k == n else min(1.0, centre + half))


@dataclass
class MonteCarloResult:
    """Outcome probabilities under parameter uncertainty.

    ``table`` rows: outcome, count, probability, Wilson 95% interval (``low``, ``high``),
    and ``drivers``: the uncertain parameters ranked by :math:`|r_{pb}|`, the point-biserial
    correlation between the parameter and the indicator of the outcome, with the difference
    in means :math:`\\bar\\theta_{\\text{outcome}} - \\bar\\theta_{\\text{other}}`.
    """

    model: str
    draws: int
    seed: int | None
    distributions: dict[str, str]
    table: list[dict[str, Any]]
    invalid: int = 0
    method: str = "solve"
    elapsed: float = 0.0
    samples: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    outcomes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str), repr=False)

    @property
    def probabilities(self) -> dict[str, float]:
        return {r["outcome"]: r["probability"] for r in self.table}

    def to_json(self) -> dict[str, Any]:
        from .core import jsonable

        return {"model": self.model, "draws": self.draws, "seed": self.seed, "method": self.method,
                "distributions": self.distributions, "invalid": self.invalid, "table": jsonable(self.table)}


def _drivers(samples: Mapping[str, np.ndarray], indicator: np.ndarray) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    y = indicator.astype(np.float64)
    for name, x in samples.items():
        inside, outside = x[indicator], x[~indicator]
        if len(inside) == 0 or len(outside) == 0 or float(np.std(x)) == 0.0:
            r, diff = None, None
        else:
            r = float(np.corrcoef(x, y)[0, 1])
            diff = float(inside.mean() - outside.mean())
        out.append({"parameter": name, "correlation": r, "mean_difference": diff})
    out.sort(key=lambda d: -abs(d["correlation"]) if d["correlation"] is not None else 0.0)
    return out


def montecarlo(model: Any, distributions: Mapping[str, Any], *, draws: int = 10_000, seed: int | None = 0,
               fixed: Mapping[str, Any] | None = None, workers: int = 1, scheduler: Any = None,
               progress: bool = False, method: str = "auto") -> MonteCarloResult:
    """Probability of each outcome when parameters are drawn from (truncated) distributions.

    Parameters
    ----------
    distributions:
        ``{parameter: spec}``, spec as in :mod:`.distributions` (e.g. ``"normal(0.5, 0.1)"``),
        each truncated to the parameter's admissible interval.
    draws, seed:
        Number of draws :math:`n`; seed of :func:`numpy.random.default_rng`.
    fixed:
        Values of parameters that are not drawn (others: defaults).
    method:
        ``"auto"`` (compiled regimes when the model has them, else ``model.solve`` per
        draw with the executors), ``"compiled"`` or ``"solve"``.

    Returns
    -------
    MonteCarloResult
        For each outcome: count :math:`k`, :math:`\\hat p = k / n'` (:math:`n'` the valid
        draws, so the probabilities sum to 1), Wilson 95% interval, ranked drivers.
    """
    t0 = time.perf_counter()
    model = as_model(model)
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 1:
        raise GameError(f"montecarlo: draws must be a positive integer, got {draws!r}")
    if not distributions:
        raise GameError("montecarlo: no parameter has a distribution")
    fixed = dict(fixed or {})
    both = sorted(set(distributions) & set(fixed))
    if both:
        raise GameError(f"montecarlo: parameter {both[0]} has both a distribution and a fixed value")
    base = model.values(fixed)
    dists: dict[str, Truncated] = {n: truncate(model.parameter(n), s) for n, s in distributions.items()}
    if method not in ("auto", "compiled", "solve"):
        raise GameError(f"montecarlo: method must be auto, compiled or solve, not {method!r}")
    compilable = has_compiled(model, list(dists), base)
    if method == "compiled" and not compilable:
        raise GameError(f"montecarlo: model {model.name} has no compiled classifier for varying "
                        f"{', '.join(dists)} at these values (no symbolic regimes in them)")
    use_compiled = method == "compiled" or (method == "auto" and compilable)
    rng = np.random.default_rng(seed)
    samples = {n: d.sample(rng, draws) for n, d in dists.items()}
    if use_compiled:
        clf = compiled_classifier(model, list(dists), base)
        codes = clf.codes(samples)
        outcomes = np.asarray((*clf.labels, ""))[codes]
        valid = codes >= 0
    else:
        pts = [{**base, **{n: to_value(float(samples[n][i]), n) for n in samples}} for i in range(draws)]
        res = evaluate(model, pts, None, workers=workers, scheduler=scheduler, progress=progress,
                       label="montecarlo")
        outcomes = np.array([o or "" for o, _, _ in res], dtype=object).astype(str)
        valid = np.array([o is not None for o, _, _ in res], dtype=bool)
    n = int(valid.sum())
    vs = {k: v[valid] for k, v in samples.items()}
    vo = outcomes[valid]
    table = []
    for o in model.outcomes:
        ind = vo == o.key
        k = int(ind.sum())
        lo, hi = wilson(k, n)
        table.append({"outcome": o.key, "count": k, "probability": k / n if n else 0.0, "low": lo, "high": hi,
                      "drivers": _drivers(vs, ind) if k else []})
    table.sort(key=lambda r: -r["count"])
    return MonteCarloResult(model.name, draws, seed, {k: d.dist.text() for k, d in dists.items()}, table,
                            invalid=draws - n, method="compiled" if use_compiled else "solve",
                            elapsed=time.perf_counter() - t0, samples=samples, outcomes=outcomes)


# ====================================================================== elasticities
@dataclass
class ElasticityResult:
    """Elasticities of a quantity at a point.

    ``table`` rows: parameter, value :math:`\\theta`, derivative estimate
    :math:`\\partial q/\\partial\\theta`, elasticity (``None`` where :math:`q = 0` or
    :math:`\\theta = 0`), the step :math:`h`, the scheme (``central``/``forward``/
    ``backward``), an error estimate, and ``kink``: whether the outcome differs within the
    stencil (the derivative may then not exist).
    """

    model: str
    quantity: str
    value: Any
    values: dict[str, Fraction]
    table: list[dict[str, Any]]
    method: str = "finite differences (exact arithmetic, Richardson)"

    def to_json(self) -> dict[str, Any]:
        from .core import jsonable

        return {"model": self.model, "quantity": self.quantity, "value": jsonable(self.value),
                "method": self.method, "table": jsonable(self.table)}


def elasticities(model: Any, quantity: str, values: Mapping[str, Any] | None = None, *,
                 rel_step: Fraction | float = Fraction(1, 1000), parameters: Sequence[str] | None = None
                 ) -> ElasticityResult:
    """Elasticities :math:`\\varepsilon_j = \\partial_j q \\cdot \\theta_j / q` at ``values``.

    Derivatives are finite differences evaluated in exact rational arithmetic (the models
    are exact, so there is no rounding error; only truncation error). With step
    :math:`h = \\rho \\max(|\\theta|, w/100)` (:math:`\\rho` = ``rel_step``, :math:`w` the width of
    the admissible interval or 1), the central difference
    :math:`D(h) = (q(\\theta+h) - q(\\theta-h))/2h` has error :math:`O(h^2)`; Richardson
    extrapolation :math:`(4D(h/2) - D(h))/3` removes it to :math:`O(h^4)` (exact for
    polynomials of degree :math:`\\le 4`), and :math:`|D(h/2) - D(h)|` is reported as the
    error estimate. Near an end of the interval the one-sided second-order formula
    :math:`(-3q_0 + 4q_1 - q_2)/2h` (and its Richardson step) is used.
    """
    model = as_model(model)
    base = model.values(values)
    res0 = model.solve(base, flips=False)
    if quantity not in res0.quantities:
        raise GameError(f"model {model.name}: no quantity {quantity!r} (available: "
                        f"{', '.join(res0.quantities) or 'none'})")
    rho = to_value(rel_step, "elasticities: rel_step")
    if not 0 < rho < 1:
        raise GameError("elasticities: rel_step must be in (0, 1)")
    names = list(parameters) if parameters is not None else [p.name for p in model.parameters]

    def q_at(name: str, x: Fraction) -> tuple[Fraction, str]:
        r = model.solve({**base, name: x}, flips=False)
        v = r.quantities[quantity]
        if isinstance(v, bool) or not isinstance(v, (int, Fraction, float)):
            raise GameError(f"elasticities: quantity {quantity} is not a number ({v!r})")
        return Fraction(v), r.outcome.key

    q0 = res0.quantities[quantity]
    if isinstance(q0, bool) or not isinstance(q0, (int, Fraction, float)):
        raise GameError(f"elasticities: quantity {quantity} is not a number ({q0!r})")
    q0 = Fraction(q0)
    table = []
    for n in names:
        p = model.parameter(n)
        x = base[n]
        width = (p.upper - p.lower) if p.lower is not None and p.upper is not None else Fraction(1)
        h = rho * max(abs(x), width / 100)
        if h == 0:
            h = rho
        down_ok = p.contains(x - h) and p.contains(x - h / 2)
        up_ok = p.contains(x + 2 * h) and p.contains(x + h)
        keys = {res0.outcome.key}

        def stencil(s: Fraction, scheme: str, n: str = n, x: Fraction = x, keys: set[str] = keys) -> Fraction:
            if scheme == "central":
                a, ka = q_at(n, x + s)
                b, kb = q_at(n, x - s)
                keys.update((ka, kb))
                return (a - b) / (2 * s)
            sign = 1 if scheme == "forward" else -1
            a, ka = q_at(n, x + sign * s)
            b, kb = q_at(n, x + sign * 2 * s)
            keys.update((ka, kb))
            return sign * (-3 * q0 + 4 * a - b) / (2 * s)

        if down_ok and p.contains(x + h):
            scheme = "central"
        elif up_ok or down_ok:
            scheme = "forward" if up_ok else "backward"
        else:
            table.append({"parameter": n, "value": x, "derivative": None, "elasticity": None, "step": h,
                          "scheme": "none", "error": None, "kink": False})
            continue
        try:
            d1, d2 = stencil(h, scheme), stencil(h / 2, scheme)
        except GameError as exc:  # a joint restriction at a stencil point
            table.append({"parameter": n, "value": x, "derivative": None, "elasticity": None, "step": h,
                          "scheme": f"failed: {exc}", "error": None, "kink": False})
            continue
        deriv = (4 * d2 - d1) / 3
        el = deriv * x / q0 if q0 != 0 and x != 0 else None
        table.append({"parameter": n, "value": x, "derivative": deriv, "elasticity": el, "step": h,
                      "scheme": scheme, "error": abs(d2 - d1), "kink": len(keys) > 1})
    table.sort(key=lambda r: -abs(float(r["elasticity"])) if r["elasticity"] is not None else 0.0)
    return ElasticityResult(model.name, quantity, q0, dict(base), table)
