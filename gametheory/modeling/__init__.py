"""The engine's side of the model suite: the :class:`Model` contract, outcomes, flips and
constraints -- what :mod:`gametheory.sensitivity` and the brief need. The domain models
themselves live in ``models/`` (installed as :mod:`gametheory.models`), which the engine
never imports."""

from gametheory.modeling.model import Constraint, Flip, Model, ModelResult, Outcome, nearest_flips

__all__ = ["Constraint", "Flip", "Model", "ModelResult", "Outcome", "nearest_flips"]
