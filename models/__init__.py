"""Formal models of Europe, Russia and the United States (installed as ``gametheory.models``).

Every model is a :class:`~gametheory.modeling.model.Model`: parameters with sources and
admissible intervals, a game the engine builds and solves, and an interpretation in words.

>>> from gametheory.models import MODELS, get_model
>>> sorted(MODELS)
[...'shaping'...]
"""

from __future__ import annotations

from gametheory.errors import GameError
from gametheory.modeling.model import Constraint, Flip, Model, ModelResult, Outcome
from gametheory.models.alliance import Alliance
from gametheory.models.ceasefire import Ceasefire
from gametheory.models.deterrence import Deterrence, DeterrenceComplete, ExtendedDeterrence, MutualDeterrence
from gametheory.models.patron import Patron
from gametheory.models.shaping import Shaping
from gametheory.models.ultimatum import Ultimatum

MODELS: dict[str, type[Model]] = {m.name: m for m in (Deterrence, DeterrenceComplete, ExtendedDeterrence, MutualDeterrence, Ultimatum, Shaping, Ceasefire, Alliance, Patron)}


def get_model(name: str) -> Model:
    """A fresh instance of the registered model ``name`` (GameError names the choices)."""
    try:
        return MODELS[name]()
    except KeyError:
        raise GameError(f"unknown model {name!r} (choose from {', '.join(sorted(MODELS))})") from None


__all__ = ["MODELS", "Constraint", "Flip", "Model", "ModelResult", "Outcome", "get_model"]
