"""gametheory: exact, verified equilibria and symbolic game models.

>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> [str(e) for e in gt.solve(g)]
['Player 1: {2: 1}; Player 2: {2: 1}']
"""

from ._numbers import parse_number
from .bargaining import (
    BargainingProblem,
    BargainingRange,
    BargainingSolution,
    CommitmentResult,
    RubinsteinResult,
    commitment_problem,
    fearon_bargaining_range,
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    rubinstein,
)
from .coalitional import (
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
from .continuous import ContinuousGame, ContinuousResult, solve_continuous, solve_continuous_symbolic
from .correlated import (
    CorrelatedResult,
    correlated_equilibrium,
    correlated_extreme_points,
    is_correlated_equilibrium,
)
from .dominance import DominanceResult, DominanceStep, eliminate_dominated, find_dominator, is_dominated
from .errors import GameError, GameFormatError, GameSizeError, SolverError
from .extensive import BehaviorProfile, ExtensiveGame, TreeBuilder, tree
from .game import NormalFormGame
from .io import dumps_game, loads_game, read_game, write_game
from .result import Component, Equilibrium, SolveResult
from .solvers import METHODS, solve

__all__ = [
    "METHODS",
    "CorrelatedResult",
    "correlated_equilibrium",
    "correlated_extreme_points",
    "is_correlated_equilibrium",
    "DominanceResult",
    "DominanceStep",
    "eliminate_dominated",
    "find_dominator",
    "is_dominated",
    "solve",
    "Component",
    "Equilibrium",
    "GameError",
    "GameFormatError",
    "GameSizeError",
    "NormalFormGame",
    "SolveResult",
    "SolverError",
    "dumps_game",
    "loads_game",
    "parse_number",
    "read_game",
    "write_game",
    "ContinuousGame",
    "ContinuousResult",
    "solve_continuous",
    "solve_continuous_symbolic",
    "BargainingProblem",
    "BargainingRange",
    "BargainingSolution",
    "CommitmentResult",
    "RubinsteinResult",
    "commitment_problem",
    "fearon_bargaining_range",
    "kalai_smorodinsky_solution",
    "nash_bargaining_solution",
    "rubinstein",
    "CoalitionalGame",
    "LeastCoreResult",
    "ValueResult",
    "WeightedVotingGame",
    "banzhaf_index",
    "in_core",
    "is_convex",
    "is_core_empty",
    "is_superadditive",
    "least_core",
    "max_excess",
    "shapley_shubik_index",
    "shapley_value",
    "BehaviorProfile",
    "ExtensiveGame",
    "TreeBuilder",
    "tree",
]
__version__ = "0.1.0"
