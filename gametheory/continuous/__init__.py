"""Games where players choose amounts (continuous strategies): first-order conditions,
numerically or symbolically, every candidate verified.

* :mod:`~gametheory.continuous.game` -- :class:`ContinuousGame`;
* :mod:`~gametheory.continuous.solve` -- :func:`solve_continuous` (numeric stage in
  :mod:`~gametheory.continuous.numeric`, exact stage in :mod:`~gametheory.continuous.exact`),
  giving a :class:`ContinuousResult` (:mod:`~gametheory.continuous.result`);
* :mod:`gametheory.symbolic.continuous` -- :func:`solve_continuous_symbolic` and
  :class:`SymbolicContinuousSolution`, re-exported here.

The names load their module on first use (PEP 562): ``ContinuousGame`` alone needs
neither scipy nor the symbolic solver.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ContinuousGame": "gametheory.continuous.game",
    "ContinuousResult": "gametheory.continuous.result",
    "solve_continuous": "gametheory.continuous.solve",
    "SymbolicContinuousSolution": "gametheory.symbolic.continuous",
    "solve_continuous_symbolic": "gametheory.symbolic.continuous",
}

__all__ = [
    "ContinuousGame",
    "ContinuousResult",
    "SymbolicContinuousSolution",
    "solve_continuous",
    "solve_continuous_symbolic",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.continuous' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.continuous.game import ContinuousGame
    from gametheory.continuous.result import ContinuousResult
    from gametheory.continuous.solve import solve_continuous
    from gametheory.symbolic.continuous import SymbolicContinuousSolution, solve_continuous_symbolic
