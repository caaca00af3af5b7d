"""Names loaded on first use: lazy package exports (PEP 562) and lazy function references.

A package ``__init__`` that re-exports names from its modules would import all of them
(and numpy, sympy, scipy behind them) as soon as the package is imported. Instead it
declares which module defines each name and lets :func:`attach` build the module-level
``__getattr__`` and ``__dir__`` that import a module the first time one of its names is
asked for::

    from gametheory._kernel.lazy import attach

    __getattr__, __dir__ = attach(__name__, {"ContinuousGame": "gametheory.continuous.game"})

A resolved name is stored in the package namespace, so ``__getattr__`` runs once per name.

One trap is checked when the package is set up: a lazily exported name must not be the
name of a submodule of the same package. Importing that submodule (for any reason) sets
the package attribute of the same name to the module, silently replacing the exported
function; :func:`attach` raises :class:`ImportError` instead.

:class:`LazyFunction` is the same idea for a single callable kept in a table (the solver
registry): it holds a ``"module:function"`` reference and imports the module on the first
call.

>>> f = LazyFunction("fractions:Fraction")
>>> f(3, 6)
Fraction(1, 2)
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["LazyFunction", "attach", "optional", "resolve"]


def resolve(target: str) -> Any:
    """The object a ``"package.module:attribute"`` reference names (the module is imported).

    >>> resolve("fractions:Fraction").__name__
    'Fraction'
    """
    module, sep, attribute = target.partition(":")
    if not sep or not module or not attribute:
        raise ValueError(f"lazy reference {target!r} is not of the form 'module:attribute'")
    return getattr(importlib.import_module(module), attribute)


@functools.cache
def optional(target: str) -> Any:
    """:func:`resolve`, or ``None`` when the module cannot be imported (an optional
    dependency, such as numba for the compiled kernels, is missing); looked up once per
    reference, on first use, never at import time."""
    try:
        return resolve(target)
    except ImportError:
        return None


def _submodule_names(package: str) -> set[str]:
    """Names of the modules and sub-packages inside ``package`` (found on its ``__path__``)."""
    path = getattr(sys.modules.get(package), "__path__", None)
    if path is None:
        return set()
    return {info.name for info in pkgutil.iter_modules(path)}


def attach(
    package: str,
    exports: Mapping[str, str],
    submodules: Mapping[str, str] | Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``(__getattr__, __dir__)`` pair of a package whose names load on first use.

    Parameters
    ----------
    package:
        The package's ``__name__`` (it must be in :data:`sys.modules`, as it is while its
        ``__init__`` runs).
    exports:
        Public name -> absolute name of the module that defines it; the value of
        ``package.name`` is that module's attribute ``name``.
    submodules:
        Names that give a module itself: either names of modules inside ``package``, or a
        mapping name -> absolute module name (``gametheory.tree`` is
        ``gametheory.extensive.tree``).

    Raises
    ------
    ImportError
        When an exported name is also the name of a module or sub-package of ``package``
        (importing that module would replace the exported attribute).
    """
    modules = dict(submodules) if isinstance(submodules, Mapping) else {s: f"{package}.{s}" for s in submodules}
    clashes = sorted(set(exports) & _submodule_names(package))
    if clashes:
        raise ImportError(
            f"{package}: lazily exported name(s) {clashes} are also submodules of the package; "
            "rename the module or the export"
        )
    names = sorted({*exports, *modules})

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
            setattr(sys.modules[package], name, value)
            return value
        if name in modules:
            return importlib.import_module(modules[name])
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__


class LazyFunction:
    """A function named by a ``"module:function"`` reference, imported on the first call.

    Calling it calls the function; :meth:`resolve` gives the function itself (to read its
    signature, say).

    Parameters
    ----------
    target:
        ``"package.module:function"``.
    """

    __slots__ = ("_func", "target")

    def __init__(self, target: str) -> None:
        if target.count(":") != 1:
            raise ValueError(f"lazy reference {target!r} is not of the form 'module:attribute'")
        self.target = target
        self._func: Callable[..., Any] | None = None

    def resolve(self) -> Callable[..., Any]:
        """The function itself (its module is imported the first time)."""
        if self._func is None:
            self._func = resolve(self.target)
        return self._func

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazyFunction({self.target!r})"
