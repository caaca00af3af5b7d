"""Formal models of Europe, Russia and the United States (installed as ``gametheory.models``).

Every model is a :class:`~gametheory.modeling.Model`: parameters with sources and
admissible intervals, a game the engine builds and solves, and an interpretation in words.
Importing this package declares them in :mod:`gametheory.modeling.registry` without
importing them: each model's module is imported the first time the model is asked for
(``get_model(name)``, ``MODELS[name]``, or the class by name), so running one model does not
pay for the others.

>>> from gametheory.models import MODELS, get_model
>>> sorted(MODELS)
[...'shaping'...]
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from gametheory.modeling import Constraint, Flip, Model, ModelResult, Outcome
from gametheory.modeling import registry as _registry
from gametheory.modeling.registry import model_class, register_lazy

if TYPE_CHECKING:
    from gametheory.models.alliance import Alliance
    from gametheory.models.ceasefire import Ceasefire
    from gametheory.models.coalition import Coalition
    from gametheory.models.coercion import Coercion
    from gametheory.models.deterrence import Deterrence
    from gametheory.models.durability import CeasefireDurability
    from gametheory.models.escalation import Escalation
    from gametheory.models.extended_deterrence import ExtendedDeterrence
    from gametheory.models.guarantee import Guarantee
    from gametheory.models.inclusion import Inclusion
    from gametheory.models.patron import Patron
    from gametheory.models.shaping import Shaping
    from gametheory.models.transition import TransitionWindow
    from gametheory.models.ultimatum import Ultimatum

def get_model(name: str) -> Model:
    """A fresh instance of the suite's model ``name``, or of the model file ``name`` (``.toml``,
    ``.json``), whose world links are checked against the suite's world state
    (:data:`gametheory.models.world.WORLD`) when it is loaded: a link to an unknown world
    variable is an error at once, not when a scenario is applied."""
    if isinstance(name, str) and name.lower().endswith((".toml", ".json")):
        from gametheory.modeling.filemodel import load_model_file
        from gametheory.models.world import WORLD

        return load_model_file(name, world=WORLD)
    return _registry.get_model(name)


#: Model name -> (module, class) of the suite's models, imported on first use.
SUITE: dict[str, tuple[str, str]] = {
    "deterrence": ("gametheory.models.deterrence", "Deterrence"),
    "escalation": ("gametheory.models.escalation", "Escalation"),
    "extended_deterrence": ("gametheory.models.extended_deterrence", "ExtendedDeterrence"),
    "ultimatum": ("gametheory.models.ultimatum", "Ultimatum"),
    "shaping": ("gametheory.models.shaping", "Shaping"),
    "ceasefire": ("gametheory.models.ceasefire", "Ceasefire"),
    "alliance": ("gametheory.models.alliance", "Alliance"),
    "patron": ("gametheory.models.patron", "Patron"),
    "transition": ("gametheory.models.transition", "TransitionWindow"),
    "guarantee": ("gametheory.models.guarantee", "Guarantee"),
    "durability": ("gametheory.models.durability", "CeasefireDurability"),
    "coalition": ("gametheory.models.coalition", "Coalition"),
    "coercion": ("gametheory.models.coercion", "Coercion"),
    "inclusion": ("gametheory.models.inclusion", "Inclusion"),
}
_CLASSES = {cls: module for module, cls in SUITE.values()}

for _name, (_module, _cls) in SUITE.items():
    register_lazy(_name, f"{_module}:{_cls}")


class _SuiteModels(Mapping[str, "type[Model]"]):
    """The suite's models by name, a read-only mapping whose values (the classes) are imported
    on first access; iterating over the names or asking their number imports nothing."""

    def __getitem__(self, name: str) -> type[Model]:
        if name not in SUITE:
            raise KeyError(name)
        return model_class(name)

    def __iter__(self) -> Iterator[str]:
        return iter(SUITE)

    def __len__(self) -> int:
        return len(SUITE)

    def __repr__(self) -> str:
        return f"MODELS({', '.join(SUITE)})"


#: The suite's models by name (each is also in the engine's registry, :mod:`gametheory.modeling.registry`).
MODELS: Mapping[str, type[Model]] = _SuiteModels()


def __getattr__(name: str) -> Any:
    """The model classes by class name (``from gametheory.models import Patron``), imported on use."""
    if name in _CLASSES:
        return getattr(importlib.import_module(_CLASSES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MODELS", "SUITE", "Alliance", "Ceasefire", "CeasefireDurability", "Coalition", "Coercion", "Constraint",
    "Deterrence", "Escalation", "ExtendedDeterrence", "Flip", "Guarantee", "Inclusion", "Model", "ModelResult",
    "Outcome", "Patron", "Shaping", "TransitionWindow", "Ultimatum", "get_model",
]
