"""Cooperative and bargaining theory.

* :mod:`~gametheory.cooperative.bargaining` -- axiomatic bargaining (Nash, Kalai-Smorodinsky);
* :mod:`~gametheory.cooperative.alternating` -- Rubinstein's alternating offers;
* :mod:`~gametheory.cooperative.conflict` -- Fearon's bargaining range, Powell's commitment
  problem;
* :mod:`~gametheory.cooperative.multilateral` -- Baron-Ferejohn legislative bargaining,
  Powell's shifting power with a chosen proposer;
* :mod:`~gametheory.cooperative.coalitional` -- coalitional games
  (:class:`CoalitionalGame`, :class:`WeightedVotingGame`), on the data classes of
  :mod:`~gametheory.cooperative.tu`; their values and power indices are in
  :mod:`~gametheory.cooperative.power`, the core and least core in
  :mod:`~gametheory.cooperative.core`.

The names below load their module on first use (PEP 562), so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

_EXPORTS = {
    "BargainingProblem": "gametheory.cooperative.bargaining",
    "BargainingSolution": "gametheory.cooperative.bargaining",
    "kalai_smorodinsky_solution": "gametheory.cooperative.bargaining",
    "nash_bargaining_solution": "gametheory.cooperative.bargaining",
    "RubinsteinResult": "gametheory.cooperative.alternating",
    "rubinstein": "gametheory.cooperative.alternating",
    "BargainingRange": "gametheory.cooperative.conflict",
    "CommitmentResult": "gametheory.cooperative.conflict",
    "commitment_problem": "gametheory.cooperative.conflict",
    "fearon_bargaining_range": "gametheory.cooperative.conflict",
    "CoalitionalGame": "gametheory.cooperative.coalitional",
    "LeastCoreResult": "gametheory.cooperative.core",
    "ValueResult": "gametheory.cooperative.power",
    "WeightedVotingGame": "gametheory.cooperative.coalitional",
    "banzhaf_index": "gametheory.cooperative.power",
    "in_core": "gametheory.cooperative.core",
    "is_convex": "gametheory.cooperative.core",
    "is_core_empty": "gametheory.cooperative.core",
    "is_superadditive": "gametheory.cooperative.core",
    "least_core": "gametheory.cooperative.core",
    "max_excess": "gametheory.cooperative.core",
    "shapley_shubik_index": "gametheory.cooperative.power",
    "shapley_value": "gametheory.cooperative.power",
    "BaronFerejohnResult": "gametheory.cooperative.multilateral",
    "ShiftingPowerResult": "gametheory.cooperative.multilateral",
    "baron_ferejohn": "gametheory.cooperative.multilateral",
    "baron_ferejohn_open": "gametheory.cooperative.multilateral",
    "BaronFerejohnOpenResult": "gametheory.cooperative.multilateral",
    "OpenRuleEquilibrium": "gametheory.cooperative.multilateral",
    "OpenRuleRecursion": "gametheory.cooperative.multilateral",
    "open_rule_recursion": "gametheory.cooperative.multilateral",
    "shifting_power": "gametheory.cooperative.multilateral",
}

__all__ = [
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "BaronFerejohnOpenResult",
    "BaronFerejohnResult",
    "CoalitionalGame",
    "CommitmentResult",
    "LeastCoreResult",
    "OpenRuleEquilibrium",
    "OpenRuleRecursion",
    "RubinsteinResult",
    "ShiftingPowerResult",
    "ValueResult",
    "WeightedVotingGame",
    "banzhaf_index",
    "baron_ferejohn",
    "baron_ferejohn_open",
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
    "open_rule_recursion",
    "rubinstein",
    "shapley_shubik_index",
    "shapley_value",
    "shifting_power",
]


__getattr__, __dir__ = attach(__name__, _EXPORTS)


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.cooperative.alternating import RubinsteinResult, rubinstein
    from gametheory.cooperative.bargaining import (
        BargainingProblem,
        BargainingSolution,
        kalai_smorodinsky_solution,
        nash_bargaining_solution,
    )
    from gametheory.cooperative.coalitional import CoalitionalGame, WeightedVotingGame
    from gametheory.cooperative.conflict import (
        BargainingRange,
        CommitmentResult,
        commitment_problem,
        fearon_bargaining_range,
    )
    from gametheory.cooperative.core import (
        LeastCoreResult,
        in_core,
        is_convex,
        is_core_empty,
        is_superadditive,
        least_core,
        max_excess,
    )
    from gametheory.cooperative.multilateral import (
        BaronFerejohnOpenResult,
        BaronFerejohnResult,
        OpenRuleEquilibrium,
        OpenRuleRecursion,
        ShiftingPowerResult,
        baron_ferejohn,
        baron_ferejohn_open,
        open_rule_recursion,
        shifting_power,
    )
    from gametheory.cooperative.power import ValueResult, banzhaf_index, shapley_shubik_index, shapley_value
