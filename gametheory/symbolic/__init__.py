"""Symbolic games: payoffs as formulas in named parameters, parsed safely from text.

The names below load on first use (:mod:`gametheory._kernel.lazy`), so code that needs only
:class:`Parameter` (the models' numeric paths) does not load sympy.
"""

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

__all__ = ["ExpressionError", "Parameter", "SymbolicGame", "parse_expression"]

if TYPE_CHECKING:
    from gametheory.symbolic.expr import ExpressionError, parse_expression
    from gametheory.symbolic.game import SymbolicGame
    from gametheory.symbolic.parameters import Parameter

__getattr__, __dir__ = attach(
    __name__,
    {
        "ExpressionError": "gametheory.symbolic.expr",
        "parse_expression": "gametheory.symbolic.expr",
        "SymbolicGame": "gametheory.symbolic.game",
        "Parameter": "gametheory.symbolic.parameters",
    },
)
