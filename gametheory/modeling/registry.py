"""The model registry: models by name, for the command line, sensitivity and worker processes.

A model class joins with :func:`register`, or lazily with :func:`register_lazy` (a name and
the ``"module:Class"`` that defines it, imported on first use: the suite in ``models/``
declares its models this way when :mod:`gametheory.models` is imported, so asking for one
model imports that model's module only). Asking for a name that is not registered yet loads the
packages declared under the entry-point group ``"gametheory.models"`` (the suite declares
itself there, and a third-party package can declare its own models the same way), so a fresh
worker process resolves a name without the engine importing the suite by name.

>>> sorted(model_names())[:2]
['alliance', 'ceasefire']
>>> get_model("ultimatum").name
'ultimatum'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, TypeVar

from gametheory.errors import GameError

if TYPE_CHECKING:
    from gametheory.modeling.model import Model

#: The entry-point group whose entries are imported to register models.
ENTRY_POINT_GROUP = "gametheory.models"

_REGISTRY: dict[str, type[Model]] = {}
#: Name -> ``"module:Class"`` of models declared with :func:`register_lazy` and not imported yet.
_LAZY: dict[str, str] = {}
_loaded = False

M = TypeVar("M", bound="type[Model]")


def register(cls: M) -> M:
    """Add the model class ``cls`` under ``cls.name`` (usable as a class decorator).

    Registering the same class again is a no-op; another class under a taken name raises
    :class:`~gametheory.errors.GameError`.
    """
    name = getattr(cls, "name", "")
    if not isinstance(name, str) or not name:
        raise GameError(f"register: model class {cls.__name__} has no name")
    old = _REGISTRY.get(name)
    if old is not None and old is not cls:
        raise GameError(f"register: model name {name!r} is taken by {old.__module__}.{old.__qualname__}")
    _REGISTRY[name] = cls
    _LAZY.pop(name, None)
    return cls


def register_lazy(name: str, target: str) -> None:
    """Declare the model ``name`` as the class ``target`` (``"module:Class"``), imported and
    registered the first time the name is asked for (a name already registered is kept)."""
    if name not in _REGISTRY:
        _LAZY[name] = target


def _resolve(name: str) -> type[Model] | None:
    """The class under ``name``, importing a lazily declared one (None: not known)."""
    cls = _REGISTRY.get(name)
    if cls is None and name in _LAZY:
        module, _, attribute = _LAZY[name].partition(":")
        loaded = getattr(importlib.import_module(module), attribute)
        if getattr(loaded, "name", None) != name:
            raise GameError(f"register_lazy: {_LAZY[name]} is named {getattr(loaded, 'name', None)!r}, not {name!r}")
        register(loaded)
        cls = loaded
    return cls


def load_entry_points() -> None:
    """Import every package declared under :data:`ENTRY_POINT_GROUP` (once per process)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from importlib.metadata import entry_points  # costs ~50 ms: only when a name is not yet known

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        ep.load()


def registered(*, load: bool = True) -> dict[str, type[Model]]:
    """Name -> model class of every registered model (``load``: load the entry points first)."""
    if load:
        load_entry_points()
    for name in list(_LAZY):
        _resolve(name)
    return dict(_REGISTRY)


def model_names() -> list[str]:
    """The registered models' names, sorted (lazily declared ones are not imported)."""
    load_entry_points()
    return sorted({*_REGISTRY, *_LAZY})


def model_class(name: str) -> type[Model]:
    """The class registered under ``name`` (loading the entry points if it is not yet known)."""
    cls = _resolve(name)
    if cls is None:
        load_entry_points()
        cls = _resolve(name)
    if cls is None:
        raise GameError(f"unknown model {name!r} (choose from {', '.join(model_names())})")
    return cls


def get_model(name: str) -> Model:
    """A fresh instance of the registered model ``name`` (GameError names the choices); a
    name ending in ``.toml`` or ``.json`` is a model file (:mod:`gametheory.modeling.filemodel`)."""
    if isinstance(name, str) and name.lower().endswith((".toml", ".json")):
        # the same test as filemodel.is_model_path, made here so a built-in name never loads
        # the model-file reader (and sympy with it)
        from gametheory.modeling.filemodel import load_model_file

        return load_model_file(name)
    return model_class(name)()


def is_registered(model: Model) -> bool:
    """Whether ``model`` is an instance of the very class registered under its name, so that
    the name alone re-creates it (in a worker process, say)."""
    return _resolve(model.name) is type(model)
