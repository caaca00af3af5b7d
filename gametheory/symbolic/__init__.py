"""Symbolic games: payoffs as formulas in named parameters, parsed safely from text."""

from gametheory.symbolic.expr import ExpressionError, parse_expression
from gametheory.symbolic.game import SymbolicGame
from gametheory.symbolic.parameters import Parameter

__all__ = ["ExpressionError", "Parameter", "SymbolicGame", "parse_expression"]
