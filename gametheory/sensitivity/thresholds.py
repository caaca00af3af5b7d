"""Thresholds: where each parameter, moved alone, flips a model's outcome.

Exact where the model knows its boundaries in closed form (:meth:`Model.flip_points`) or has
symbolic regimes in the parameter (:func:`.boundaries.exact_flips`), otherwise scanned and
bisected (:func:`gametheory.modeling.nearest_flips`).

>>> t = thresholds("escalation", {"v": 3})
>>> t.outcome, sorted({r["parameter"] for r in t.table})[:2]
('deterrence', ['e', 'k_T'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory.modeling.flips import nearest_flips
from gametheory.modeling.model import Model
from gametheory.modeling.outcomes import Flip
from gametheory.sensitivity.common import as_model


@dataclass(frozen=True)
class ThresholdResult(Result):
    """Nearest outcome changes per parameter at a point.

    ``table`` rows: parameter, current value, direction (down/up), threshold value, the
    outcome beyond it, whether the value is exact, the accuracy of scanned values, the exact
    root as text (``expression``, where the regimes are symbolic) and ``only_at_value`` (a
    tie gives the threshold value itself another outcome, the values beyond do not).
    """

    model: str
    values: dict[str, Fraction]
    outcome: str
    table: list[dict[str, Any]]
    #: The parameters whose flips were searched (a parameter not listed was not examined).
    examined: tuple[str, ...] = ()

    def for_parameter(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.table if r["parameter"] == name]

    def to_json(self) -> dict[str, Any]:
        return {**self.common_json(), "model": self.model, "values": json_value(self.values),
                "outcome": self.outcome, "thresholds": json_value(self.table),
                "examined": list(self.examined),
                "not_examined": [n for n in self.values if n not in self.examined]}


def thresholds(model: Model | str, values: Mapping[str, Any] | None = None) -> ThresholdResult:
    """For each parameter, the values below and above the current one where the outcome flips.

    Where the model has symbolic regimes in a parameter the flips are exact
    (:func:`.boundaries.exact_flips`: roots of the regime conditions, rational or algebraic,
    with the root also given as ``expression``); otherwise :meth:`Model.flip_points` gives
    them (``exact`` where the model knows the boundary in closed form, else within
    ``accuracy`` of the true boundary).
    """
    model = as_model(model)
    res = model.solve(values, flips=False)
    vals, current = dict(res.values), res.outcome.key
    table: list[dict[str, Any]] = []

    def add(f: Flip) -> None:
        table.append({"parameter": f.parameter, "current": vals[f.parameter], "direction": f.direction,
                      "value": f.value, "to": f.to, "exact": f.exact, "accuracy": f.accuracy,
                      "expression": None, "only_at_value": False})

    own = type(model).flip_points is not Model.flip_points  # closed forms of the model's own
    examined = model.searched_parameters()
    if own and not hasattr(model, "regimes_in"):
        for f in model.flip_points(vals, current):
            add(f)
    else:
        for p in model.parameters:
            if p.name not in examined:
                continue
            from gametheory.sensitivity.boundaries import exact_flips  # loads sympy

            exact = exact_flips(model, vals, p.name, current)
            if exact is None:
                found = ([f for f in model.flip_points(vals, current) if f.parameter == p.name] if own
                         else nearest_flips(model, vals, p, current))
                for f in found:
                    add(f)
                continue
            for row in exact:
                table.append({**row, "current": vals[p.name], "exact": True, "accuracy": Fraction(0)})
    return ThresholdResult(model.name, vals, current, table, examined, method="thresholds",
                           arithmetic="exact")
