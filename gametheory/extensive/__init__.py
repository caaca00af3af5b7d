"""Extensive-form games: game trees, behaviour strategies, the reduced normal form.

* :mod:`~gametheory.extensive.game` -- :class:`ExtensiveGame`, the immutable tree in flat arrays;
* :mod:`~gametheory.extensive.tree` -- node constructors and :class:`TreeBuilder`;
* :mod:`~gametheory.extensive.behavior` -- behaviour profiles, expected payoffs, regrets;
* :mod:`~gametheory.extensive.reduced` -- (reduced) normal form, Kuhn's theorem both ways;
* :mod:`~gametheory.extensive.agent` -- the agent form: Lyapunov value, pure agent equilibria;
* :mod:`~gametheory.extensive.examples` -- textbook trees.
"""

from gametheory.extensive import tree
from gametheory.extensive.agent import AgentPureEquilibria, agent_lyapunov_value, agent_pure_equilibria
from gametheory.extensive.behavior import BehaviorProfile
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.tree import TreeBuilder

__all__ = [
    "CHANCE",
    "DECISION",
    "TERMINAL",
    "AgentPureEquilibria",
    "BehaviorProfile",
    "ExtensiveGame",
    "TreeBuilder",
    "agent_lyapunov_value",
    "agent_pure_equilibria",
    "tree",
]
