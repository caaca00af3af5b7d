"""How the model commands (``model``, ``brief``, the sensitivity commands and their
figures) write a model's values and outcomes."""

from __future__ import annotations

from typing import Any

from gametheory.modeling import format_value


def show_value(v: Any) -> str:
    """A parameter value or quantity for a person: ``-`` for none, ``yes``/``no`` for flags,
    numbers as the models write them."""
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return format_value(v)


def outcome_headline(model: Any, key: str | None) -> str:
    """The headline of ``model``'s outcome ``key`` (no key: the values were rejected)."""
    if not key:
        return "not admissible (the model rejects these values)"
    return str(model.outcome(key).headline)
