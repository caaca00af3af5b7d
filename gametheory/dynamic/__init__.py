"""Games over time: repeated and stochastic games, learning and evolutionary dynamics.

Each module of the room is listed in ``docs/map.md``; names load their module on first use
(PEP 562), so ``import gametheory.dynamic`` loads no numpy, sympy or scipy.
"""

from __future__ import annotations

from gametheory._kernel.lazy import attach

#: Public name -> module (each module adds its own names here).
_EXPORTS: dict[str, str] = {
    "LearningResult": "gametheory.dynamic.learning",
    "StationaryDistribution": "gametheory.dynamic.learning",
    "best_response_dynamics": "gametheory.dynamic.learning",
    "fictitious_play": "gametheory.dynamic.learning",
    "logit_dynamics": "gametheory.dynamic.learning",
    "logit_stationary_distribution": "gametheory.dynamic.learning",
    "stochastic_fictitious_play": "gametheory.dynamic.learning",
    "ESSResult": "gametheory.dynamic.evolution",
    "LocalInteractionResult": "gametheory.dynamic.evolution",
    "MoranFixation": "gametheory.dynamic.evolution",
    "MoranSimulation": "gametheory.dynamic.evolution",
    "ReplicatorResult": "gametheory.dynamic.evolution",
    "asymmetric_replicator_dynamics": "gametheory.dynamic.evolution",
    "ess": "gametheory.dynamic.evolution",
    "grid_adjacency": "gametheory.dynamic.evolution",
    "introspection_simulation": "gametheory.dynamic.evolution",
    "introspection_stationary_distribution": "gametheory.dynamic.evolution",
    "local_interaction": "gametheory.dynamic.evolution",
    "moran_fixation": "gametheory.dynamic.evolution",
    "moran_simulation": "gametheory.dynamic.evolution",
    "replicator_dynamics": "gametheory.dynamic.evolution",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = attach(__name__, _EXPORTS)
