"""Games where players choose amounts (continuous strategies): first-order conditions,
numerically or symbolically, every candidate verified."""

from gametheory.continuous.game import (
    ContinuousGame,
    ContinuousResult,
    SymbolicContinuousSolution,
    solve_continuous,
    solve_continuous_symbolic,
)

__all__ = [
    "ContinuousGame",
    "ContinuousResult",
    "SymbolicContinuousSolution",
    "solve_continuous",
    "solve_continuous_symbolic",
]
