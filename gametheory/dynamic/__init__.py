"""Games over time: repeated and stochastic games, learning and evolutionary dynamics.

Each module of the room is listed in ``docs/map.md``; names load their module on first use
(PEP 562), so ``import gametheory.dynamic`` loads no numpy, sympy or scipy.
"""

from __future__ import annotations

from gametheory._kernel.lazy import attach

#: Public name -> module (each module adds its own names here).
_EXPORTS: dict[str, str] = {
    "Automaton": "gametheory.dynamic.repeated",
    "AutomatonCheck": "gametheory.dynamic.repeated",
    "DeviationCheck": "gametheory.dynamic.stochastic",
    "MarkovEquilibrium": "gametheory.dynamic.stochastic",
    "MinmaxResult": "gametheory.dynamic.repeated",
    "PayoffSet": "gametheory.dynamic.repeated",
    "SPEPayoffSet": "gametheory.dynamic.abreu_sannikov",
    "StochasticGame": "gametheory.dynamic.stochastic",
    "StochasticGameError": "gametheory.dynamic.stochastic",
    "StochasticResult": "gametheory.dynamic.stochastic",
    "big_match": "gametheory.dynamic.stochastic",
    "carrot_and_stick": "gametheory.dynamic.repeated",
    "check_automaton": "gametheory.dynamic.repeated",
    "grim_trigger": "gametheory.dynamic.repeated",
    "individually_rational_set": "gametheory.dynamic.repeated",
    "markov_equilibria": "gametheory.dynamic.stochastic",
    "minmax_values": "gametheory.dynamic.repeated",
    "one_shot_deviation": "gametheory.dynamic.stochastic",
    "pure_markov_equilibria": "gametheory.dynamic.stochastic",
    "shapley_iteration": "gametheory.dynamic.stochastic",
    "spe_payoff_set": "gametheory.dynamic.abreu_sannikov",
    "tit_for_tat": "gametheory.dynamic.repeated",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = attach(__name__, _EXPORTS)
