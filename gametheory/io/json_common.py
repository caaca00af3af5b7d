"""What the JSON game documents share: decoding, players, parameters and number writing.

The three JSON readers of :mod:`gametheory.io` (normal-form games in
:mod:`~gametheory.io.jsonspec`, game trees in :mod:`~gametheory.io.jsontree`, symbolic
games in :mod:`~gametheory.io.jsonsymbolic`) all use these; this module imports none of
them, so the doors between them point one way::

    jsonsymbolic -> jsonspec -> jsontree -> json_common

Numbers in game *files* follow the file format's own rule (:func:`file_value`): an
integral rational is written as a JSON integer, another rational as the string
``"p/q"``, a float as a JSON number and a formula as its text. (Results are written by
:func:`gametheory._kernel.results.json_value`, which writes every rational as a string.)

>>> from fractions import Fraction
>>> [file_value(Fraction(3)), file_value(Fraction(2, 3)), file_value(0.5)]
[3, '2/3', 0.5]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from fractions import Fraction
from itertools import accumulate
from typing import Any

from gametheory._kernel.values import MAX_DIGITS, preview
from gametheory.errors import GameError, GameFormatError

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_PAYOFF_DEPTH",
    "check_payoff_depth",
    "decode",
    "file_value",
    "parameter_from_json",
    "parameter_to_json",
    "parse_players",
    "shape_of",
    "strategy_names",
]

_PLAYER_KEYS = {"name", "strategies"}
_PARAM_KEYS = {"name", "description", "default", "lower", "upper", "lower_open", "upper_open", "unit", "source"}


#: Deepest nesting of lists and objects accepted in a JSON document. A game's payoffs nest
#: one level per player plus one; a tree nests two levels per move. Checked before decoding,
#: so every deeper document gets the same message (Python's decoder would otherwise stop at
#: a depth that depends on how deep the caller's stack already is).
MAX_JSON_DEPTH = 500

#: Deepest nesting of a payoff array: one level per player plus one, within numpy's limit
#: on the number of dimensions of an array.
MAX_PAYOFF_DEPTH = 64

_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET_RE = re.compile(r"[^\[\]{}]+")
_STRUCTURE_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]')
_LONG_DIGITS_RE = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


# --------------------------------------------------------------------------- reading
class _TooManyDigits(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 and len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits(text)
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_DIGITS and _LONG_DIGITS_RE.search(text):
        raise _TooManyDigits(text)
    return float(text)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _check_depth(text: str, source: str) -> None:
    """Refuse a document nested deeper than :data:`MAX_JSON_DEPTH`, naming the line."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    brackets = _NOT_BRACKET_RE.sub("", _STRING_RE.sub("", text))
    steps = (1 if c in "[{" else -1 for c in brackets)
    if max(accumulate(steps), default=0) <= MAX_JSON_DEPTH:
        return
    depth = 0
    for m in _STRUCTURE_RE.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                break
        elif c in "]}":
            depth -= 1
    raise GameFormatError(
        f"invalid JSON: lists and objects nested more than {MAX_JSON_DEPTH} levels deep", source,
        _line_of(text, m.start()),
    )


def _pairs_no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (payoffs must be finite numbers)")


def decode(text: str, source: str) -> Any:
    """The JSON document in ``text``; duplicate keys and ``NaN``/``Infinity`` are errors.

    Raises :class:`~gametheory.GameFormatError` naming ``source`` (and the line, where
    the decoder knows it).
    """
    _check_depth(text, source)
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs_no_duplicates,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        raise GameFormatError(f"invalid JSON: {exc.msg}", source, exc.lineno) from None
    except _TooManyDigits as exc:
        number = str(exc)
        digits = max(len(run) for run in re.findall(r"\d+", number))
        m = _LONG_DIGITS_RE.search(text)
        raise GameFormatError(
            f"a number with {digits} digits (more than {MAX_DIGITS}): {preview(number)}",
            source,
            _line_of(text, m.start()) if m else None,
        ) from None
    except ValueError as exc:  # raised by the hooks above
        raise GameFormatError(f"invalid JSON: {exc}", source) from None
    except RecursionError:  # pragma: no cover - the depth is checked above
        raise GameFormatError(
            f"invalid JSON: lists and objects nested more than {MAX_JSON_DEPTH} levels deep", source
        ) from None


def check_payoff_depth(depth: int, path: str, source: str) -> None:
    """Refuse payoffs nested deeper than :data:`MAX_PAYOFF_DEPTH` (called at each level)."""
    if depth > MAX_PAYOFF_DEPTH:
        raise GameFormatError(
            f"{path.split('[')[0]}: lists nested more than {MAX_PAYOFF_DEPTH} levels deep "
            f"(payoffs nest one level per player plus one)",
            source,
        )


def shape_of(data: Any) -> tuple[int, ...]:
    """The shape of nested lists, read along the first entries.

    >>> shape_of([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    (2, 2, 2)
    """
    shape: list[int] = []
    while isinstance(data, list):
        shape.append(len(data))
        if not data:
            break
        data = data[0]
    return tuple(shape)


def check_rectangular(data: Any, name: str, source: str) -> tuple[int, ...]:
    """The shape of nested lists, after checking every list at one depth has the same length
    (a ragged matrix names the first offending position).

    >>> check_rectangular([[1, 2], [3]], "A", "m.json")
    Traceback (most recent call last):
      ...
    gametheory.errors.GameFormatError: m.json: A[1]: 1 entries where the first row has 2
    """
    shape = shape_of(data)
    stack: list[tuple[Any, tuple[int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        depth = len(path)
        if depth >= len(shape):
            if isinstance(node, list):
                at = name + "".join(f"[{i}]" for i in path)
                raise GameFormatError(f"{at}: a list where a number was expected (nested deeper than the first entry)",
                                      source)
            continue
        if not isinstance(node, list):
            at = name + "".join(f"[{i}]" for i in path)
            raise GameFormatError(f"{at}: a number where a list of {shape[depth]} entries was expected", source)
        if len(node) != shape[depth]:
            at = name + "".join(f"[{i}]" for i in path)
            raise GameFormatError(f"{at}: {len(node)} entries where the first row has {shape[depth]}", source)
        stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(node))))
    return shape


def parse_players(
    players: Any, nplayers: int | None, source: str
) -> tuple[list[str], list[list[str] | int | None]]:
    """``"players"`` value -> (names, per-player strategy names / counts / ``None``)."""
    if not isinstance(players, list):
        raise GameFormatError('"players" must be a list (of names or {"name", "strategies"} objects)', source)
    if nplayers is not None and len(players) != nplayers:
        raise GameFormatError(
            f'"players" lists {len(players)} players but the payoffs are for {nplayers}', source
        )
    names: list[str] = []
    strategies: list[list[str] | int | None] = []
    for k, p in enumerate(players):
        where = f"players[{k}]"
        if isinstance(p, str):
            names.append(p)
            strategies.append(None)
            continue
        if not isinstance(p, dict):
            raise GameFormatError(f"{where}: expected a name or an object, got {json.dumps(p)[:40]}", source)
        unknown = set(p) - _PLAYER_KEYS
        if unknown:
            raise GameFormatError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_PLAYER_KEYS)}", source
            )
        name = p.get("name", f"Player {k + 1}")
        if not isinstance(name, str):
            raise GameFormatError(f"{where}.name: expected a string, got {json.dumps(name)[:40]}", source)
        names.append(name)
        ss = p.get("strategies")
        if ss is None:
            strategies.append(None)
        elif isinstance(ss, int) and not isinstance(ss, bool):
            if ss < 1:
                raise GameFormatError(f"{where}.strategies: player {name!r} has no strategies ({ss})", source)
            strategies.append(ss)
        elif isinstance(ss, list) and all(isinstance(s, str) for s in ss):
            if not ss:
                raise GameFormatError(f"{where}.strategies: player {name!r} has no strategies", source)
            strategies.append(list(ss))
        else:
            raise GameFormatError(f"{where}.strategies: expected a list of names or a positive count", source)
    return names, strategies


def strategy_names(
    specs: Sequence[list[str] | int | None], shape: tuple[int, ...], names: Sequence[str], source: str
) -> list[list[str]]:
    """Each player's strategy names from :func:`parse_players`' specs, checked against the
    payoff ``shape`` (a count or no names gives ``"1"``, ``"2"``, ...)."""
    out = []
    for k, (spec, n) in enumerate(zip(specs, shape)):
        count = spec if isinstance(spec, int) else (len(spec) if spec is not None else n)
        if count != n:
            raise GameFormatError(
                f"players[{k}].strategies: player {names[k]!r} has {count} strategies but the "
                f"payoffs have {n}",
                source,
            )
        out.append(spec if isinstance(spec, list) else [str(j + 1) for j in range(n)])
    return out


def parameter_from_json(spec: Any, k: int, source: str) -> Any:
    """The :class:`~gametheory.symbolic.Parameter` declared by entry ``k`` of a document's
    ``"parameters"`` list (keys ``name``, ``description``, ``default``, ``lower``,
    ``upper``, ``lower_open``, ``upper_open``, ``unit``, ``source``)."""
    from gametheory.symbolic.parameters import Parameter  # sympy: only for documents with parameters

    where = f"parameters[{k}]"
    if not isinstance(spec, dict):
        raise GameFormatError(f"{where}: expected an object with at least a \"name\"", source)
    unknown = set(spec) - _PARAM_KEYS
    if unknown:
        raise GameFormatError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_PARAM_KEYS)}", source)
    if "name" not in spec:
        raise GameFormatError(f'{where}: missing "name"', source)
    for key in ("lower_open", "upper_open"):
        if key in spec and not isinstance(spec[key], bool):
            raise GameFormatError(f"{where}.{key}: expected true or false", source)
    for key in ("description", "unit", "source", "name"):
        if key in spec and not isinstance(spec[key], str):
            raise GameFormatError(f"{where}.{key}: expected a string", source)
    for key in ("default", "lower", "upper"):
        if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], (int, float, str))):
            raise GameFormatError(f"{where}.{key}: expected a number", source)
    try:
        return Parameter(
            spec["name"],
            spec.get("description", ""),
            default=spec.get("default"),
            lower=spec.get("lower"),
            upper=spec.get("upper"),
            lower_open=spec.get("lower_open", False),
            upper_open=spec.get("upper_open", False),
            unit=spec.get("unit", ""),
            source=spec.get("source", ""),
        )
    except GameError as exc:
        raise GameFormatError(f"{where}: {exc}", source) from None


# --------------------------------------------------------------------------- writing
def _formula(expr: Any) -> str:
    text = str(expr)
    for a, b in (("Max(", "max("), ("Min(", "min("), ("Abs(", "abs(")):
        text = text.replace(a, b)
    return text


def file_value(v: Any) -> int | str | float:
    """A payoff, probability or bound as a game file writes it: integral rationals as JSON
    integers, other rationals as ``"p/q"``, floats as numbers, formulas as their text (in
    the spelling the formula parser reads back)."""
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else str(v)
    if isinstance(v, float):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return int(v)
    if getattr(v, "is_Integer", False):
        return int(v)
    if getattr(v, "is_Rational", False):
        return f"{v.p}/{v.q}"
    return _formula(v)


def parameter_to_json(p: Any) -> dict[str, Any]:
    """The declaration of parameter ``p`` as a ``"parameters"`` entry (only the keys that
    differ from their defaults)."""
    out: dict[str, Any] = {"name": p.name}
    if p.description:
        out["description"] = p.description
    for key in ("default", "lower", "upper"):
        val = getattr(p, key)
        if val is not None:
            out[key] = file_value(val)
    if p.lower_open:
        out["lower_open"] = True
    if p.upper_open:
        out["upper_open"] = True
    if p.unit:
        out["unit"] = p.unit
    if p.source:
        out["source"] = p.source
    return out
