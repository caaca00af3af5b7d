"""The result of :func:`~gametheory.continuous.solve.solve_continuous`: one verified
equilibrium of a :class:`~gametheory.continuous.game.ContinuousGame`.

>>> from gametheory.continuous import ContinuousGame, solve_continuous
>>> g = ContinuousGame(["A"], [("x", 0, 2)], ["x - x**2/2"])
>>> r = solve_continuous(g)
>>> r.choices, r.arithmetic, r.to_json()["choices"]
({'A': Fraction(1, 1)}, 'exact', {'A': '1'})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from gametheory._kernel.results import Result, json_value
from gametheory.continuous.game import ContinuousGame, Value


def game_summary(game: ContinuousGame) -> dict[str, Any]:
    """The game as a result's JSON names it: title, players and decision variables."""
    return {
        "title": game.title,
        "players": list(game.players),
        "variables": [v.name for v in game.variables],
    }


def exact_value(e: Any) -> Fraction | sympy.Expr:
    """An exact sympy number as a :class:`~fractions.Fraction` when rational, else as is."""
    e = sympy.sympify(e, strict=True)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    return e


def _text(v: Value) -> str:
    if isinstance(v, float):
        return f"{v:.10g}"
    if isinstance(v, sympy.Basic):
        return sympy.sstr(v)
    return str(v)


@dataclass(frozen=True)
class ContinuousResult(Result):
    """An equilibrium of a :class:`ContinuousGame` at given parameter values, verified.

    Attributes
    ----------
    game:
        The game that was solved (with its parameters).
    values:
        The parameter values used (given ones and defaults), exact.
    choices, utilities:
        ``{player: value}``: exact (``Fraction``, or a sympy number such as ``sqrt(2)`` or
        ``log(3)/2``) when :attr:`arithmetic` is ``"exact"``, float otherwise.
    active:
        ``{player: "lower" | "upper" | "interior"}``: where each choice lies.
    arithmetic:
        ``"exact"`` when the KKT conditions were proved in exact arithmetic, else ``"float"``
        (:attr:`exact` says the same as a flag).
    max_regret:
        Largest utility gain of a unilateral deviation found by a global search of each
        player's interval (grid plus bounded refinement, independent of derivatives),
        evaluated in floating point at the equilibrium.
    iterations:
        Best-response sweeps of the numeric stage.
    float_choices, float_utilities:
        The same equilibrium in floats.
    method:
        ``"best-response"`` (first-order best responses) or ``"global-best-response"``
        (derivative-free best responses, the fallback).
    parameters:
        The solver options used (``tol``, ``max_iter``, ``exact``, ``exact_timeout``).
    elapsed:
        Wall-clock seconds.
    diagnostics:
        Notes a careful user should read (quasi-concavity failures, fallbacks, ...).
    """

    game: ContinuousGame = field(metadata={"json": False})
    values: dict[str, Fraction]
    choices: dict[str, Value]
    utilities: dict[str, Value]
    active: dict[str, str]
    max_regret: float
    iterations: int = 0
    float_choices: dict[str, float] = field(default_factory=dict)
    float_utilities: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The common fields, the game's names, then the equilibrium (exact values as text)."""
        out = self.common_json()
        out.update(
            game=game_summary(self.game),
            values=json_value(self.values),
            choices=json_value(self.choices),
            utilities=json_value(self.utilities),
            choices_float=json_value(self.float_choices),
            utilities_float=json_value(self.float_utilities),
            active=dict(self.active),
            max_regret=json_value(self.max_regret),
            iterations=self.iterations,
        )
        return out

    def __str__(self) -> str:
        return "; ".join(f"{p}: {_text(v)}" for p, v in self.choices.items())
