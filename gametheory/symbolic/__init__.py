"""Symbolic games: payoffs as formulas in named parameters, parsed safely from text.

The names below load on first use (:mod:`gametheory._kernel.lazy`), so code that needs only
:class:`Parameter` (the models' numeric paths) does not load sympy.
"""

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

__all__ = ["ExpressionError", "LeaderChoice", "Parameter", "SymbolicGame", "optimal_first_move", "parse_expression"]

if TYPE_CHECKING:
    from gametheory.symbolic.expr import ExpressionError, parse_expression
    from gametheory.symbolic.game import SymbolicGame
    from gametheory.symbolic.leader import LeaderChoice, optimal_first_move
    from gametheory.symbolic.parameters import Parameter

__getattr__, __dir__ = attach(
    __name__,
    {
        "ExpressionError": "gametheory.symbolic.expr",
        "parse_expression": "gametheory.symbolic.expr",
        "SymbolicGame": "gametheory.symbolic.game",
        "LeaderChoice": "gametheory.symbolic.leader",
        "optimal_first_move": "gametheory.symbolic.leader",
        "Parameter": "gametheory.symbolic.parameters",
    },
)
