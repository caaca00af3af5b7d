"""Old import paths, kept working for one release after the move to rooms (0.1 -> 0.2).

Before the reorganisation the normal-form code sat at the top of the package
(``gametheory.game``, ``gametheory.solvers``, ...), the extensive-form solvers beside the
tree (``gametheory.extensive.backward``, ...) and the model contract in
``gametheory.models.base``. :data:`OLD_PATHS` maps each old module (or package, with
everything below it) to its new home. Importing an old path gives the *same* module
object as the new path, with a :class:`DeprecationWarning`; nothing is imported until an
old path is asked for, so ``import gametheory`` stays cheap.

>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore", DeprecationWarning)
...     import gametheory.game as old
>>> import gametheory.normal.game as new
>>> old is new
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType
from typing import Any

#: Old module or package path -> new path (a package maps everything below it too).
OLD_PATHS: dict[str, str] = {
    "gametheory._numbers": "gametheory._kernel.values",
    "gametheory.game": "gametheory.normal.game",
    "gametheory.result": "gametheory.normal.result",
    "gametheory.dominance": "gametheory.normal.dominance",
    "gametheory.correlated": "gametheory.normal.correlated",
    "gametheory.examples": "gametheory.normal.examples",
    "gametheory.solvers": "gametheory.normal.solvers",
    "gametheory.bargaining": "gametheory.cooperative.bargaining",
    "gametheory.coalitional": "gametheory.cooperative.coalitional",
    "gametheory.extensive.backward": "gametheory.symbolic.spe",
    "gametheory.extensive.subgames": "gametheory.extensive.solvers.subgames",
    "gametheory.extensive.sequence_form": "gametheory.extensive.solvers.sequence_lp",
    "gametheory.extensive.pbe": "gametheory.extensive.solvers.pbe",
    "gametheory.models.base": "gametheory.modeling",
    "gametheory.symbolic.spec": "gametheory.io.jsonsymbolic",
    "gametheory.sensitivity.analysis": "gametheory.sensitivity",
}


def new_path(old: str) -> str | None:
    """The new module path for ``old``, or ``None`` when ``old`` did not move."""
    for prefix, target in OLD_PATHS.items():
        if old == prefix or old.startswith(prefix + "."):
            return target + old[len(prefix):]
    return None


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self._spec: Any = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self._spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # the import system stamped the old name's spec on the module; give it its own back
        module.__spec__ = self._spec


class _OldPathFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        new = new_path(fullname)
        if new is None:
            return None
        warnings.warn(
            f"{fullname} moved to {new}; the old path works until the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(new))


def install() -> None:
    """Put the old-path finder first on :data:`sys.meta_path` (once)."""
    if not any(isinstance(f, _OldPathFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _OldPathFinder())
