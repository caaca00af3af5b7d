"""Games over time: repeated and stochastic games, learning and evolutionary dynamics.

Each module of the room is listed in ``docs/map.md``; names load their module on first use
(PEP 562), so ``import gametheory.dynamic`` loads no numpy, sympy or scipy.
"""

from __future__ import annotations

from gametheory._kernel.lazy import attach

#: Public name -> module (each module adds its own names here).
_EXPORTS: dict[str, str] = {
    "DeviationCheck": "gametheory.dynamic.stochastic",
    "MarkovEquilibrium": "gametheory.dynamic.stochastic",
    "StochasticGame": "gametheory.dynamic.stochastic",
    "StochasticGameError": "gametheory.dynamic.stochastic",
    "StochasticResult": "gametheory.dynamic.stochastic",
    "big_match": "gametheory.dynamic.stochastic",
    "markov_equilibria": "gametheory.dynamic.stochastic",
    "one_shot_deviation": "gametheory.dynamic.stochastic",
    "pure_markov_equilibria": "gametheory.dynamic.stochastic",
    "shapley_iteration": "gametheory.dynamic.stochastic",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = attach(__name__, _EXPORTS)
