"""Formal models of Europe, Russia and the United States (installed as ``gametheory.models``).

Every model is a :class:`~gametheory.modeling.Model`: parameters with sources and
admissible intervals, a game the engine builds and solves, and an interpretation in words.
Importing this package registers them in :mod:`gametheory.modeling.registry`.

>>> from gametheory.models import MODELS, get_model
>>> sorted(MODELS)
[...'shaping'...]
"""

from __future__ import annotations

from gametheory.modeling import Constraint, Flip, Model, ModelResult, Outcome, register
from gametheory.modeling.registry import get_model
from gametheory.models.alliance import Alliance
from gametheory.models.ceasefire import Ceasefire
from gametheory.models.deterrence import Deterrence
from gametheory.models.escalation import Escalation
from gametheory.models.extended_deterrence import ExtendedDeterrence
from gametheory.models.patron import Patron
from gametheory.models.shaping import Shaping
from gametheory.models.ultimatum import Ultimatum

#: The suite's models by name (each is also in the engine's registry, :mod:`gametheory.modeling.registry`).
MODELS: dict[str, type[Model]] = {
    m.name: register(m)
    for m in (Deterrence, Escalation, ExtendedDeterrence, Ultimatum, Shaping, Ceasefire, Alliance, Patron)
}

__all__ = ["MODELS", "Constraint", "Flip", "Model", "ModelResult", "Outcome", "get_model"]
