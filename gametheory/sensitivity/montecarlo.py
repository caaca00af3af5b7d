"""Monte Carlo: outcome probabilities under parameter uncertainty, with Wilson intervals and
the parameters most associated with each outcome.

>>> mc = montecarlo("escalation", {"p_US": "uniform(0, 1)"}, draws=200, seed=1)
>>> round(sum(mc.probabilities.values()), 9), mc.arithmetic
(1.0, 'float')
>>> wilson(0, 10)[0], wilson(10, 10)[1]
(0.0, 1.0)
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError, GameSizeError
from gametheory.modeling.model import Model
from gametheory.sensitivity.common import as_model, evaluate
from gametheory.sensitivity.distributions import Truncated, truncate
from gametheory.symbolic.parameters import to_value

#: The 97.5% quantile of the standard normal distribution (two-sided 95% intervals).
Z95 = 1.959963984540054


#: Largest number of draws in one run, checked before any sample is drawn (10**7 draws hold
#: 80 MB per varied parameter).
MAX_DRAWS = 10_000_000

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


@dataclass(frozen=True)
class MonteCarloResult(Result):
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
    samples: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    outcomes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str), repr=False, compare=False)

    @property
    def probabilities(self) -> dict[str, float]:
        return {r["outcome"]: r["probability"] for r in self.table}

    def to_json(self) -> dict[str, Any]:
        return {**self.common_json(), "model": self.model, "draws": self.draws, "seed": self.seed,
                "distributions": self.distributions, "invalid": self.invalid, "table": json_value(self.table)}


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


def montecarlo(model: Model | str, distributions: Mapping[str, Any], *, draws: int = 10_000, seed: int | None = 0,
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
    if draws > MAX_DRAWS:
        raise GameSizeError(f"montecarlo: {draws} draws is more than the {MAX_DRAWS} allowed in one run")
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
    from gametheory.sensitivity.compiled import compiled_classifier, has_compiled  # loads sympy

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
    table: list[dict[str, Any]] = []
    for o in model.outcomes:
        ind = vo == o.key
        k = int(ind.sum())
        lo, hi = wilson(k, n)
        table.append({"outcome": o.key, "count": k, "probability": k / n if n else 0.0, "low": lo, "high": hi,
                      "drivers": _drivers(vs, ind) if k else []})
    table.sort(key=lambda r: -r["count"])
    return MonteCarloResult(model.name, draws, seed, {k: d.dist.text() for k, d in dists.items()}, table,
                            invalid=draws - n, samples=samples, outcomes=outcomes,
                            method="compiled" if use_compiled else "solve", arithmetic="float",
                            elapsed=time.perf_counter() - t0,
                            parameters={"draws": draws, "seed": seed, "fixed": base})
