"""Symbolic games: payoffs as formulas in named parameters, parsed safely from text."""

from .expr import ExpressionError, parse_expression
from .game import SymbolicGame
from .parameters import Parameter

__all__ = ["ExpressionError", "Parameter", "SymbolicGame", "parse_expression"]
