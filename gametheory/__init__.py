"""gametheory: exact, verified equilibria and symbolic game models.

>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> [str(e) for e in gt.solve(g)]
['Player 1: {2: 1}; Player 2: {2: 1}']

Importing the package is cheap: the names below are loaded on first use (PEP 562), so
``import gametheory`` loads neither sympy nor scipy. The rooms of the package are listed
in ``docs/map.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory import _compat
from gametheory._kernel.lazy import attach

_compat.install()

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "parse_number": "gametheory._kernel.values",
    "GameError": "gametheory.errors",
    "GameFormatError": "gametheory.errors",
    "GameSizeError": "gametheory.errors",
    "SolverError": "gametheory.errors",
    "solve": "gametheory.dispatch",
    "METHODS": "gametheory.normal.solvers",
    "NormalFormGame": "gametheory.normal.game",
    "Component": "gametheory.normal.result",
    "EquilibriumSet": "gametheory.normal.result",
    "Equilibrium": "gametheory.normal.result",
    "SolveResult": "gametheory.normal.result",
    "CorrelatedResult": "gametheory.normal.correlated",
    "correlated_equilibrium": "gametheory.normal.correlated",
    "correlated_extreme_points": "gametheory.normal.correlated",
    "is_correlated_equilibrium": "gametheory.normal.correlated",
    "DominanceResult": "gametheory.normal.dominance",
    "DominanceStep": "gametheory.normal.dominance",
    "eliminate_dominated": "gametheory.normal.dominance",
    "find_dominator": "gametheory.normal.dominance",
    "is_dominated": "gametheory.normal.dominance",
    "RefinementCheck": "gametheory.normal.refinements",
    "RefinementReport": "gametheory.normal.refinements",
    "check_refinements": "gametheory.normal.refinements",
    "refine_equilibria": "gametheory.normal.refinements",
    "EpsilonNashCheck": "gametheory.normal.verify",
    "epsilon_nash": "gametheory.normal.verify",
    "lyapunov_value": "gametheory.normal.verify",
    "BehaviorProfile": "gametheory.extensive.behavior",
    "ExtensiveGame": "gametheory.extensive.game",
    "TreeBuilder": "gametheory.extensive.tree",
    "AgentPureEquilibria": "gametheory.extensive.agent",
    "agent_lyapunov_value": "gametheory.extensive.agent",
    "agent_pure_equilibria": "gametheory.extensive.agent",
    "perfect_bayesian": "gametheory.extensive.solvers.pbe",
    "sequential_equilibria": "gametheory.extensive.solvers.refine",
    "intuitive_criterion": "gametheory.extensive.solvers.refine",
    "d1_criterion": "gametheory.extensive.solvers.refine",
    "dumps_game": "gametheory.io",
    "loads_game": "gametheory.io",
    "read_game": "gametheory.io",
    "write_game": "gametheory.io",
    "from_nashpy": "gametheory.io.interop",
    "from_pygambit": "gametheory.io.interop",
    "from_quantecon": "gametheory.io.interop",
    "to_nashpy": "gametheory.io.interop",
    "to_pygambit": "gametheory.io.interop",
    "to_quantecon": "gametheory.io.interop",
    "BayesianGame": "gametheory.bayesian",
    "BayesianPlayer": "gametheory.bayesian",
    "BayesianResult": "gametheory.bayesian",
    "BidResult": "gametheory.bayesian",
    "ScreeningResult": "gametheory.bayesian",
    "TypeDistribution": "gametheory.bayesian",
    "all_pay_bids": "gametheory.bayesian",
    "fearon_screening": "gametheory.bayesian",
    "load_bayesian": "gametheory.bayesian",
    "solve_bayesian": "gametheory.bayesian",
    "solve_cutoffs": "gametheory.bayesian",
    "war_of_attrition_bids": "gametheory.bayesian",
    "ContinuousGame": "gametheory.continuous",
    "ContinuousResult": "gametheory.continuous",
    "solve_continuous": "gametheory.continuous",
    "solve_continuous_symbolic": "gametheory.continuous",
    "LeaderChoice": "gametheory.symbolic",
    "optimal_first_move": "gametheory.symbolic",
    "BargainingProblem": "gametheory.cooperative",
    "BargainingRange": "gametheory.cooperative",
    "BargainingSolution": "gametheory.cooperative",
    "CommitmentResult": "gametheory.cooperative",
    "RubinsteinResult": "gametheory.cooperative",
    "commitment_problem": "gametheory.cooperative",
    "fearon_bargaining_range": "gametheory.cooperative",
    "kalai_smorodinsky_solution": "gametheory.cooperative",
    "nash_bargaining_solution": "gametheory.cooperative",
    "rubinstein": "gametheory.cooperative",
    "baron_ferejohn": "gametheory.cooperative",
    "shifting_power": "gametheory.cooperative",
    "CoalitionalGame": "gametheory.cooperative",
    "LeastCoreResult": "gametheory.cooperative",
    "ValueResult": "gametheory.cooperative",
    "WeightedVotingGame": "gametheory.cooperative",
    "banzhaf_index": "gametheory.cooperative",
    "in_core": "gametheory.cooperative",
    "is_convex": "gametheory.cooperative",
    "is_core_empty": "gametheory.cooperative",
    "is_superadditive": "gametheory.cooperative",
    "least_core": "gametheory.cooperative",
    "max_excess": "gametheory.cooperative",
    "shapley_shubik_index": "gametheory.cooperative",
    "shapley_value": "gametheory.cooperative",
}

#: Modules reachable as attributes: the rooms (``gt.io``, ``gt.extensive.tree``, ...) and
#: ``gt.tree``, the tree-building helpers (``gt.tree.decision(...)``).
_MODULES = {
    **{
        room: f"gametheory.{room}"
        for room in (
            "bayesian", "continuous", "cooperative", "dispatch", "errors", "extensive", "io", "modeling", "normal",
            "sensitivity", "symbolic",
        )
    },
    "tree": "gametheory.extensive.tree",
}

__all__ = [
    "AgentPureEquilibria",
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "BayesianGame",
    "BayesianPlayer",
    "BayesianResult",
    "BehaviorProfile",
    "BidResult",
    "CoalitionalGame",
    "CommitmentResult",
    "Component",
    "ContinuousGame",
    "ContinuousResult",
    "CorrelatedResult",
    "DominanceResult",
    "DominanceStep",
    "EpsilonNashCheck",
    "Equilibrium",
    "EquilibriumSet",
    "ExtensiveGame",
    "GameError",
    "GameFormatError",
    "GameSizeError",
    "LeaderChoice",
    "LeastCoreResult",
    "METHODS",
    "NormalFormGame",
    "RefinementCheck",
    "RefinementReport",
    "RubinsteinResult",
    "ScreeningResult",
    "SolveResult",
    "SolverError",
    "TreeBuilder",
    "TypeDistribution",
    "ValueResult",
    "WeightedVotingGame",
    "agent_lyapunov_value",
    "agent_pure_equilibria",
    "all_pay_bids",
    "banzhaf_index",
    "baron_ferejohn",
    "check_refinements",
    "commitment_problem",
    "correlated_equilibrium",
    "correlated_extreme_points",
    "d1_criterion",
    "dumps_game",
    "eliminate_dominated",
    "epsilon_nash",
    "fearon_bargaining_range",
    "fearon_screening",
    "find_dominator",
    "from_nashpy",
    "from_pygambit",
    "from_quantecon",
    "in_core",
    "intuitive_criterion",
    "is_convex",
    "is_core_empty",
    "is_correlated_equilibrium",
    "is_dominated",
    "is_superadditive",
    "kalai_smorodinsky_solution",
    "least_core",
    "load_bayesian",
    "loads_game",
    "lyapunov_value",
    "max_excess",
    "nash_bargaining_solution",
    "optimal_first_move",
    "parse_number",
    "perfect_bayesian",
    "read_game",
    "refine_equilibria",
    "rubinstein",
    "sequential_equilibria",
    "shapley_shubik_index",
    "shapley_value",
    "shifting_power",
    "solve",
    "solve_bayesian",
    "solve_continuous",
    "solve_continuous_symbolic",
    "solve_cutoffs",
    "to_nashpy",
    "to_pygambit",
    "to_quantecon",
    "tree",
    "war_of_attrition_bids",
    "write_game",
]


__getattr__, __dir__ = attach(__name__, _EXPORTS, _MODULES)


if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ loads these
    from gametheory._kernel.values import parse_number
    from gametheory.bayesian import (
        BayesianGame,
        BayesianPlayer,
        BayesianResult,
        BidResult,
        ScreeningResult,
        TypeDistribution,
        all_pay_bids,
        fearon_screening,
        load_bayesian,
        solve_bayesian,
        solve_cutoffs,
        war_of_attrition_bids,
    )
    from gametheory.continuous import (
        ContinuousGame,
        ContinuousResult,
        solve_continuous,
        solve_continuous_symbolic,
    )
    from gametheory.cooperative import (
        BargainingProblem,
        BargainingRange,
        BargainingSolution,
        CoalitionalGame,
        CommitmentResult,
        LeastCoreResult,
        RubinsteinResult,
        ValueResult,
        WeightedVotingGame,
        banzhaf_index,
        baron_ferejohn,
        commitment_problem,
        fearon_bargaining_range,
        in_core,
        is_convex,
        is_core_empty,
        is_superadditive,
        kalai_smorodinsky_solution,
        least_core,
        max_excess,
        nash_bargaining_solution,
        rubinstein,
        shapley_shubik_index,
        shapley_value,
        shifting_power,
    )
    from gametheory.dispatch import solve
    from gametheory.errors import GameError, GameFormatError, GameSizeError, SolverError
    from gametheory.extensive import tree
    from gametheory.extensive.agent import AgentPureEquilibria, agent_lyapunov_value, agent_pure_equilibria
    from gametheory.extensive.behavior import BehaviorProfile
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.extensive.solvers.pbe import perfect_bayesian
    from gametheory.extensive.solvers.refine import d1_criterion, intuitive_criterion, sequential_equilibria
    from gametheory.extensive.tree import TreeBuilder
    from gametheory.io import dumps_game, loads_game, read_game, write_game
    from gametheory.io.interop import (
        from_nashpy,
        from_pygambit,
        from_quantecon,
        to_nashpy,
        to_pygambit,
        to_quantecon,
    )
    from gametheory.normal.correlated import (
        CorrelatedResult,
        correlated_equilibrium,
        correlated_extreme_points,
        is_correlated_equilibrium,
    )
    from gametheory.normal.dominance import (
        DominanceResult,
        DominanceStep,
        eliminate_dominated,
        find_dominator,
        is_dominated,
    )
    from gametheory.normal.game import NormalFormGame
    from gametheory.normal.refinements import (
        RefinementCheck,
        RefinementReport,
        check_refinements,
        refine_equilibria,
    )
    from gametheory.normal.result import Component, Equilibrium, EquilibriumSet, SolveResult
    from gametheory.normal.solvers import METHODS
    from gametheory.normal.verify import EpsilonNashCheck, epsilon_nash, lyapunov_value
    from gametheory.symbolic.leader import LeaderChoice, optimal_first_move
