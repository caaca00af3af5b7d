"""What a model can conclude (:class:`Outcome`) and where that conclusion changes (:class:`Flip`).

>>> from fractions import Fraction
>>> Flip("p", Fraction(1, 2), "down", "war", exact=True).to_json()["value"]
'1/2'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import json_value


@dataclass(frozen=True)
class Outcome:
    """One qualitative result a model can report (e.g. "deterrence holds")."""

    key: str
    headline: str
    explanation: str


@dataclass(frozen=True)
class Flip:
    """A parameter value at which the model's outcome changes.

    ``value`` is where the outcome changes when ``parameter`` alone moves from its current
    value towards ``direction`` (``"down"`` or ``"up"``); ``to`` is the outcome beyond it.
    Exact flips (closed-form boundaries) have ``exact=True``; scanned ones lie within
    ``accuracy`` of the true boundary (by default ``REL_TOL`` = ``1e-9`` of the interval
    width, see :func:`gametheory.modeling.flips.nearest_flips`).
    """

    parameter: str
    value: Fraction | float
    direction: str
    to: str
    exact: bool = False
    accuracy: Fraction = Fraction(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "value": json_value(self.value),
            "direction": self.direction,
            "to": self.to,
            "exact": self.exact,
            "accuracy": json_value(self.accuracy),
        }
