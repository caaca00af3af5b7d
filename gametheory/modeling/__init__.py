"""The engine's side of the model suite: the :class:`Model` contract, outcomes, flips,
constraints and the registry -- what :mod:`gametheory.sensitivity` and the brief need. The
domain models themselves live in ``models/`` (installed as :mod:`gametheory.models`), which
the engine never imports by name: they register themselves (:mod:`.registry`).

* :mod:`.model` -- :class:`Model` (the contract) and :class:`ModelResult`;
* :mod:`.outcomes` -- :class:`Outcome` and :class:`Flip`;
* :mod:`.constraints` -- :class:`Constraint`, joint restrictions between two parameters;
* :mod:`.flips` -- :func:`nearest_flips` (numeric scan and exact bisection);
* :mod:`.text` -- :func:`format_value`, :func:`flip_words`, :func:`values_text`;
* :mod:`.registry` -- :func:`register`, :func:`get_model`, :func:`model_names`, :func:`registered`.
"""

from gametheory.modeling.constraints import Constraint
from gametheory.modeling.flips import nearest_flips, simplest_between
from gametheory.modeling.model import Model, ModelResult
from gametheory.modeling.outcomes import Flip, Outcome
from gametheory.modeling.registry import get_model, model_names, register, registered
from gametheory.modeling.text import flip_words, format_value, readable, values_text

__all__ = [
    "Constraint",
    "Flip",
    "Model",
    "ModelResult",
    "Outcome",
    "flip_words",
    "format_value",
    "get_model",
    "model_names",
    "nearest_flips",
    "readable",
    "register",
    "registered",
    "simplest_between",
    "values_text",
]
