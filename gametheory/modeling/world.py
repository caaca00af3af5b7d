"""A world state: the situation described once, independent of any one model.

A model's parameters are the assumptions of one lens (a deterrence game, a bargaining
model, ...). Several lenses on the same situation must agree on what "the US is out" or
"France and the UK base aircraft forward" means, so the situation is described by a small
set of :class:`WorldVariable` objects (a :class:`World`), and each model declares how its
own parameters follow from them (:class:`WorldLink`, collected in
``Model.world_links``). One world state then drives every model consistently, while a
model's own parameters stay settable for experts (their values override the mapping).

Each variable has a unit, an admissible range, a default, a source, and a *role*:

* ``"lever"`` -- something European governments choose (a posture, a cap, a budget);
* ``"uncertainty"`` -- something they cannot choose and do not know well (US resolve,
  Russian resolve, escalation risk): the assumptions a conclusion should be tested against;
* ``"context"`` -- a fact or calibration constant (sizes of arsenals, armies).

The roles order the "what would change this" lists: a flip in a lever or a key
uncertainty matters to a decision maker, a flip in a calibration constant much less.

>>> w = World((WorldVariable("p", "a probability", "1/2", 0, 1, unit="probability",
...                          role="uncertainty"),
...            WorldVariable("on", "a switch", False, kind="flag", role="lever")))
>>> w.values({"p": "0.25", "on": True})
{'p': Fraction(1, 4), 'on': Fraction(1, 1)}
>>> w.values({"q": 1})
Traceback (most recent call last):
  ...
gametheory.errors.GameError: unknown world variable 'q' (known: p, on)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory.errors import GameError
from gametheory.modeling.text import readable
from gametheory.symbolic.parameters import Parameter

__all__ = ["ROLES", "World", "WorldLink", "WorldVariable", "link"]

#: The roles a world variable can have, most policy-relevant first.
ROLES = ("lever", "uncertainty", "context")


@dataclass(frozen=True, init=False)
class WorldVariable:
    """One variable of the situation.

    Parameters
    ----------
    name:
        Identifier (letters, digits, ``_``), used in scenario files.
    description:
        What it means, in words a reader outside the project understands.
    default, lower, upper, lower_open, upper_open, unit, source:
        As for :class:`~gametheory.symbolic.Parameter` (exact values, admissible interval).
    kind:
        ``"number"`` or ``"flag"`` (a yes/no variable, stored as 0 or 1; scenario files
        may write ``true``/``false``).
    role:
        One of :data:`ROLES`.
    label:
        A short noun phrase for tables and charts (default: the description).
    """

    parameter: Parameter
    kind: str
    role: str
    label: str

    def __init__(
        self,
        name: str,
        description: str,
        default: Any,
        lower: Any = None,
        upper: Any = None,
        *,
        lower_open: bool = False,
        upper_open: bool = False,
        unit: str = "",
        source: str = "",
        kind: str = "number",
        role: str = "context",
        label: str = "",
    ) -> None:
        if kind not in ("number", "flag"):
            raise GameError(f"world variable {name}: kind must be 'number' or 'flag', not {kind!r}")
        if role not in ROLES:
            raise GameError(f"world variable {name}: role must be one of {', '.join(ROLES)}, not {role!r}")
        if kind == "flag":
            lower, upper, lower_open, upper_open = 0, 1, False, False
            default = _flag(default, f"world variable {name}")
            unit = unit or "yes/no"
        p = Parameter(name, description, default, lower, upper, lower_open=lower_open, upper_open=upper_open,
                      unit=unit, source=source)
        object.__setattr__(self, "parameter", p)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "label", label or description)

    @property
    def name(self) -> str:
        return self.parameter.name

    @property
    def description(self) -> str:
        return self.parameter.description

    @property
    def unit(self) -> str:
        return self.parameter.unit

    @property
    def source(self) -> str:
        return self.parameter.source

    @property
    def default(self) -> Fraction:
        assert self.parameter.default is not None  # the constructor requires one
        return self.parameter.default

    @property
    def illustrative(self) -> bool:
        """Whether the default is an illustrative assumption rather than a sourced figure."""
        return is_illustrative(self.source)

    def check(self, value: Any) -> Fraction:
        """``value`` as an exact admissible value (GameError naming the variable otherwise)."""
        if self.kind == "flag":
            return _flag(value, f"world variable {self.name}")
        if isinstance(value, bool):
            raise GameError(f"world variable {self.name}: expected a number, got {value}")
        try:
            return self.parameter.check(value)
        except GameError as exc:
            raise GameError(str(exc).replace("parameter ", "world variable ", 1)) from None

    def interval_text(self) -> str:
        return "yes/no" if self.kind == "flag" else self.parameter.interval_text()

    def value_text(self, value: Fraction) -> str:
        """The value for a reader: yes/no, a percentage for probabilities, else a decimal."""
        if self.kind == "flag":
            return "yes" if value else "no"
        return readable(value, self.unit)

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description."""
        from gametheory._kernel.results import json_value

        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "kind": self.kind,
            "role": self.role,
            "unit": self.unit,
            "default": json_value(self.default),
            "interval": self.interval_text(),
            "source": self.source,
            "illustrative": self.illustrative,
        }


def is_illustrative(source: str) -> bool:
    """A value without a source, or whose source says it is illustrative, is illustrative."""
    return not source.strip() or "illustrative" in source.lower()


def _flag(value: Any, where: str) -> Fraction:
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
        return Fraction(int(value.strip().lower() in ("yes", "true")))
    if isinstance(value, (int, Fraction)) and value in (0, 1):
        return Fraction(value)
    raise GameError(f"{where}: expected yes/no (true/false), got {value!r}")


@dataclass(frozen=True)
class World:
    """The variables that describe a situation (an ordered, immutable collection)."""

    variables: tuple[WorldVariable, ...]
    title: str = "world state"

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for v in self.variables:
            if not isinstance(v, WorldVariable):
                raise GameError(f"World: expected WorldVariable objects, got {type(v).__name__}")
            if v.name in seen:
                raise GameError(f"World: duplicate variable {v.name!r}")
            seen.add(v.name)

    def __iter__(self) -> Iterator[WorldVariable]:
        return iter(self.variables)

    def __contains__(self, name: object) -> bool:
        return any(v.name == name for v in self.variables)

    def names(self) -> list[str]:
        return [v.name for v in self.variables]

    def variable(self, name: str) -> WorldVariable:
        for v in self.variables:
            if v.name == name:
                return v
        raise GameError(f"unknown world variable {name!r} (known: {', '.join(self.names())})")

    def defaults(self) -> dict[str, Fraction]:
        return {v.name: v.default for v in self.variables}

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Fraction]:
        """Defaults with ``overrides`` applied (unknown names and inadmissible values raise)."""
        vals = self.defaults()
        for k, x in (overrides or {}).items():
            vals[k] = self.variable(k).check(x)
        return vals


@dataclass(frozen=True)
class WorldLink:
    """How one model parameter follows from world variables.

    ``uses`` names the world variables the value depends on (checked: :meth:`value` refuses
    to read any other), ``formula`` computes the parameter's exact value from them, and
    ``note`` says in words what the mapping assumes (shown in docs and JSON).
    """

    parameter: str
    uses: tuple[str, ...]
    formula: Callable[[Mapping[str, Fraction]], Any] = field(compare=False)
    note: str = ""

    def value(self, world: Mapping[str, Fraction]) -> Fraction:
        view = _Declared(world, self.uses, self.parameter)
        out = self.formula(view)
        if isinstance(out, bool) or not isinstance(out, (int, Fraction)):
            raise GameError(f"world link for {self.parameter}: the formula gave {out!r}, not an exact number")
        return Fraction(out)


class _Declared(Mapping[str, Fraction]):
    """A read-only view of a world state that only lets declared variables be read."""

    def __init__(self, world: Mapping[str, Fraction], uses: tuple[str, ...], parameter: str) -> None:
        self._world, self._uses, self._parameter = world, uses, parameter

    def __getitem__(self, key: str) -> Fraction:
        if key not in self._uses:
            raise GameError(f"world link for {self._parameter} reads {key!r}, which it does not declare in uses")
        return self._world[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._uses)

    def __len__(self) -> int:
        return len(self._uses)


def link(parameter: str, variable: str, note: str = "") -> WorldLink:
    """The parameter equals the world variable (same unit)."""
    return WorldLink(parameter, (variable,), lambda w: w[variable], note or f"equal to {variable}")
