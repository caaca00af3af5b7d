"""Declarative joint restrictions between two parameters of a model.

Being data rather than code, a :class:`Constraint` is checked on every value set by
:meth:`gametheory.modeling.Model.check_values` and also evaluated on arrays by the compiled
sensitivity path.

>>> from fractions import Fraction
>>> c = Constraint("a", ">", "b", why="a must pay for b")
>>> c.holds({"a": Fraction(2), "b": Fraction(1)}), c.text()
(True, 'a > b')
>>> c.message("demo", {"a": Fraction(1), "b": Fraction(2)})
'model demo: a (1) must exceed b (2): a must pay for b'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.modeling.text import format_value

_CONSTRAINT_WORDS = {">": "must exceed", ">=": "must be at least", "<": "must be below", "<=": "must be at most"}


@dataclass(frozen=True)
class Constraint:
    """A joint restriction ``lhs op rhs`` between two parameters (``op`` in ``> >= < <=``).

    ``why`` is a short reason shown in the error message.
    """

    lhs: str
    op: str
    rhs: str
    why: str = ""

    def __post_init__(self) -> None:
        if self.op not in _CONSTRAINT_WORDS:
            raise ValueError(f"constraint operator must be one of > >= < <=, not {self.op!r}")

    def holds(self, values: Mapping[str, Any]) -> bool:
        a, b = values[self.lhs], values[self.rhs]
        return bool({">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[self.op])

    def text(self) -> str:
        return f"{self.lhs} {self.op} {self.rhs}"

    def message(self, model: str, values: Mapping[str, Fraction]) -> str:
        why = f": {self.why}" if self.why else ""
        return (f"model {model}: {self.lhs} ({format_value(values[self.lhs])}) {_CONSTRAINT_WORDS[self.op]} "
                f"{self.rhs} ({format_value(values[self.rhs])}){why}")
