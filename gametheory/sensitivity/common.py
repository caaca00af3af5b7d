"""What every analysis of the sensitivity room shares: a model from a name, and solving a
list of points with the executors.

>>> as_model("ultimatum").name
'ultimatum'
>>> [o for o, _, _ in evaluate("escalation", [{"p_US": 0}, {"p_US": 1}])]
['deterrence', 'deterrence']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.modeling.registry import get_model
from gametheory.sensitivity.executors import PointResult, Progress, dask_client, model_ref, run


def as_model(model: Model | str) -> Model:
    """A model instance from an instance or a registry name (:mod:`gametheory.modeling.registry`)."""
    if isinstance(model, str):
        return get_model(model)
    if not hasattr(model, "parameters") or not hasattr(model, "solve"):
        raise GameError(f"expected a model or a model name, got {type(model).__name__}")
    return model


def evaluate(model: Model | str, points: Sequence[Mapping[str, Any]], quantities: Any = None, *, workers: int = 1,
             scheduler: Any = None, progress: bool = False, label: str = "points",
             chunk_size: int | None = None) -> list[PointResult]:
    """Solve ``model`` at each of ``points`` with the executors (order preserved)."""
    model = as_model(model)
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
