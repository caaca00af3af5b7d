"""Cooperative and bargaining theory.

* :mod:`~gametheory.cooperative.bargaining` -- axiomatic bargaining (Nash, Kalai-Smorodinsky);
* :mod:`~gametheory.cooperative.alternating` -- Rubinstein's alternating offers;
* :mod:`~gametheory.cooperative.conflict` -- Fearon's bargaining range, Powell's commitment
  problem;
* :mod:`~gametheory.cooperative.coalitional` -- coalitional games (Shapley value, power
  indices, the core).

The names below load their module on first use (PEP 562), so importing the package is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "BargainingProblem": "bargaining",
    "BargainingSolution": "bargaining",
    "kalai_smorodinsky_solution": "bargaining",
    "nash_bargaining_solution": "bargaining",
    "RubinsteinResult": "alternating",
    "rubinstein": "alternating",
    "BargainingRange": "conflict",
    "CommitmentResult": "conflict",
    "commitment_problem": "conflict",
    "fearon_bargaining_range": "conflict",
    "CoalitionalGame": "coalitional",
    "LeastCoreResult": "coalitional",
    "ValueResult": "coalitional",
    "WeightedVotingGame": "coalitional",
    "banzhaf_index": "coalitional",
    "in_core": "coalitional",
    "is_convex": "coalitional",
    "is_core_empty": "coalitional",
    "is_superadditive": "coalitional",
    "least_core": "coalitional",
    "max_excess": "coalitional",
    "shapley_shubik_index": "coalitional",
    "shapley_value": "coalitional",
}

__all__ = [
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "CoalitionalGame",
    "CommitmentResult",
    "LeastCoreResult",
    "RubinsteinResult",
    "ValueResult",
    "WeightedVotingGame",
    "banzhaf_index",
    "commitment_problem",
    "fearon_bargaining_range",
    "in_core",
    "is_convex",
    "is_core_empty",
    "is_superadditive",
    "kalai_smorodinsky_solution",
    "least_core",
    "max_excess",
    "nash_bargaining_solution",
    "rubinstein",
    "shapley_shubik_index",
    "shapley_value",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.cooperative' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"gametheory.cooperative.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.cooperative.alternating import RubinsteinResult, rubinstein
    from gametheory.cooperative.bargaining import (
        BargainingProblem,
        BargainingSolution,
        kalai_smorodinsky_solution,
        nash_bargaining_solution,
    )
    from gametheory.cooperative.coalitional import (
        CoalitionalGame,
        LeastCoreResult,
        ValueResult,
        WeightedVotingGame,
        banzhaf_index,
        in_core,
        is_convex,
        is_core_empty,
        is_superadditive,
        least_core,
        max_excess,
        shapley_shubik_index,
        shapley_value,
    )
    from gametheory.cooperative.conflict import (
        BargainingRange,
        CommitmentResult,
        commitment_problem,
        fearon_bargaining_range,
    )
