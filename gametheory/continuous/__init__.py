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

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

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


__getattr__, __dir__ = attach(__name__, _EXPORTS)


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.continuous.game import ContinuousGame
    from gametheory.continuous.result import ContinuousResult
    from gametheory.continuous.solve import solve_continuous
    from gametheory.symbolic.continuous import SymbolicContinuousSolution, solve_continuous_symbolic
