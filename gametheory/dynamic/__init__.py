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
    "ESSResult": "gametheory.dynamic.evolution",
    "LearningResult": "gametheory.dynamic.learning",
    "LocalInteractionResult": "gametheory.dynamic.evolution",
    "MarkovEquilibrium": "gametheory.dynamic.stochastic",
    "MinmaxResult": "gametheory.dynamic.repeated",
    "MoranFixation": "gametheory.dynamic.evolution",
    "MoranGraphExact": "gametheory.dynamic.moran_graph",
    "MoranGraphSimulation": "gametheory.dynamic.moran_graph",
    "MoranSimulation": "gametheory.dynamic.evolution",
    "PayoffSet": "gametheory.dynamic.repeated",
    "PopulationDynamicsResult": "gametheory.dynamic.kmr",
    "PopulationStationary": "gametheory.dynamic.kmr",
    "ReplicatorResult": "gametheory.dynamic.evolution",
    "SPEPayoffSet": "gametheory.dynamic.abreu_sannikov",
    "StationaryDistribution": "gametheory.dynamic.learning",
    "StochasticGame": "gametheory.dynamic.stochastic",
    "StochasticGameError": "gametheory.dynamic.stochastic",
    "StochasticResult": "gametheory.dynamic.stochastic",
    "asymmetric_replicator_dynamics": "gametheory.dynamic.evolution",
    "best_response_dynamics": "gametheory.dynamic.learning",
    "big_match": "gametheory.dynamic.stochastic",
    "carrot_and_stick": "gametheory.dynamic.repeated",
    "check_automaton": "gametheory.dynamic.repeated",
    "complete_graph": "gametheory.dynamic.moran_graph",
    "cycle_graph": "gametheory.dynamic.moran_graph",
    "ess": "gametheory.dynamic.evolution",
    "fictitious_play": "gametheory.dynamic.learning",
    "finitely_repeated_game": "gametheory.dynamic.finite_repeated",
    "grid_adjacency": "gametheory.dynamic.evolution",
    "grim_trigger": "gametheory.dynamic.repeated",
    "individually_rational_set": "gametheory.dynamic.repeated",
    "introspection_simulation": "gametheory.dynamic.evolution",
    "introspection_stationary_distribution": "gametheory.dynamic.evolution",
    "kmr_dynamics": "gametheory.dynamic.kmr",
    "kmr_stationary_distribution": "gametheory.dynamic.kmr",
    "local_interaction": "gametheory.dynamic.evolution",
    "logit_dynamics": "gametheory.dynamic.learning",
    "logit_stationary_distribution": "gametheory.dynamic.learning",
    "markov_equilibria": "gametheory.dynamic.stochastic",
    "markov_homotopy": "gametheory.dynamic.stochastic",
    "minmax_values": "gametheory.dynamic.repeated",
    "moran_components": "gametheory.dynamic.moran_graph",
    "moran_fixation": "gametheory.dynamic.evolution",
    "moran_graph_exact": "gametheory.dynamic.moran_graph",
    "moran_graph_simulation": "gametheory.dynamic.moran_graph",
    "moran_is_fixed": "gametheory.dynamic.moran_graph",
    "moran_scores": "gametheory.dynamic.moran_graph",
    "moran_simulation": "gametheory.dynamic.evolution",
    "moran_step_distribution": "gametheory.dynamic.moran_graph",
    "moran_transition_matrix": "gametheory.dynamic.moran_graph",
    "one_shot_deviation": "gametheory.dynamic.stochastic",
    "play_finitely_repeated": "gametheory.dynamic.finite_repeated",
    "population_transition_matrix": "gametheory.dynamic.kmr",
    "pure_markov_equilibria": "gametheory.dynamic.stochastic",
    "repeated_histories": "gametheory.dynamic.finite_repeated",
    "replacement_from_graph": "gametheory.dynamic.moran_graph",
    "replicator_dynamics": "gametheory.dynamic.evolution",
    "sampling_best_response_dynamics": "gametheory.dynamic.kmr",
    "shapley_iteration": "gametheory.dynamic.stochastic",
    "spe_payoff_set": "gametheory.dynamic.abreu_sannikov",
    "star_graph": "gametheory.dynamic.moran_graph",
    "stochastic_fictitious_play": "gametheory.dynamic.learning",
    "tit_for_tat": "gametheory.dynamic.repeated",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = attach(__name__, _EXPORTS)
