"""The project's JSON game specification (``format: "gametheory.nfg/1"``).

See ``docs/json-schema.md`` for the schema. A document with a ``"tree"`` key is a game tree
(:mod:`gametheory.io.jsontree`, read into an :class:`~gametheory.ExtensiveGame`). Three
normal-form forms are accepted:

* the full form ``{"format": "gametheory.nfg/1", "title": ..., "players": [...],
  "payoffs": <nested lists of shape (n_1, ..., n_N, N)>}``;
* the bimatrix shorthand ``{"A": [[...]], "B": [[...]]}``;
* the zero-sum shorthand ``{"A": [[...]], "zero_sum": true}``.

Exact numbers are JSON integers or strings (``"2/3"``, ``"0.1"``); JSON numbers with a
fraction or exponent part are floats, and a game with any float is a float game (unless
``exact=True`` is requested). The writer always produces the full form.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import numpy as np

from gametheory._kernel.values import preview
from gametheory.errors import GameError, GameFormatError, GameSizeError
from gametheory.extensive.game import ExtensiveGame
from gametheory.io.json_common import (
    check_payoff_depth,
    decode,
    file_value,
    parse_players,
    shape_of,
    strategy_names,
)
from gametheory.io.jsontree import dumps_tree_json, is_tree_document, tree_from_document
from gametheory.io.nfg import parse_literal
from gametheory.normal.game import NormalFormGame, check_size

__all__ = ["FORMAT_ID", "dumps_json", "loads_json"]

#: Value of the ``"format"`` key.
FORMAT_ID = "gametheory.nfg/1"

_FLOAT_MAX = sys.float_info.max

_FULL_KEYS = {"format", "title", "players", "payoffs"}
_SHORT_KEYS = {"format", "title", "players", "A", "B", "zero_sum"}


def _convert_numbers(data: Any, path: str, source: str, depth: int = 0) -> Any:
    """Nested lists with strings parsed to Fractions; anything not a number is rejected."""
    if isinstance(data, list):
        check_payoff_depth(depth + 1, path, source)
        return [_convert_numbers(x, f"{path}[{k}]", source, depth + 1) for k, x in enumerate(data)]
    if isinstance(data, bool) or data is None or isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__.replace("dict", "object")
        raise GameFormatError(f"{path}: {json.dumps(data)[:40]} ({kind}) is not a number", source)
    if isinstance(data, str):
        return parse_literal(data, path, source, None)
    if isinstance(data, float) and not math.isfinite(data):
        raise GameFormatError(f"{path}: {data} is not a finite number", source)
    return data


def _check_float_range(roots: dict[str, Any], source: str, exact: bool | None) -> None:
    """In a game that will hold floats, refuse an exact entry no float can hold (a huge
    integer or a string such as ``"1e400"`` beside a ``1.5``) before it is converted."""
    if exact:
        return
    flat: list[tuple[str, Any]] = []
    todo: list[tuple[str, Any]] = list(roots.items())
    while todo:
        where, item = todo.pop()
        if isinstance(item, list):
            todo.extend((f"{where}[{k}]", x) for k, x in enumerate(item))
        else:
            flat.append((where, item))
    if exact is None and not any(isinstance(v, float) for _, v in flat):
        return
    for where, v in flat:
        if not isinstance(v, float) and abs(v) > _FLOAT_MAX:
            raise GameFormatError(
                f"{where}: {preview(str(file_value(v)))} is too large for a float game "
                f"(beyond +-1.8e308; make every payoff exact, or scale the payoffs)",
                source,
            )


def loads_json(
    text: str, *, source: str = "<string>", exact: bool | None = None
) -> NormalFormGame | ExtensiveGame:
    """Parse a JSON game specification (see ``docs/json-schema.md``).

    ``exact=None``: exact when every payoff is exact (JSON integer or numeric string), float
    otherwise; ``True``/``False`` force exact or float payoffs. A document with a ``"tree"``
    key gives an :class:`~gametheory.ExtensiveGame`.
    """
    doc = decode(text, source)
    if is_tree_document(doc):
        return tree_from_document(doc, source=source, exact=exact)
    if not isinstance(doc, dict):
        raise GameFormatError('a JSON game must be an object with "payoffs" or "A"', source)
    fmt = doc.get("format", FORMAT_ID)
    if fmt != FORMAT_ID:
        raise GameFormatError(f'unsupported "format" {json.dumps(fmt)[:60]}; expected "{FORMAT_ID}"', source)
    title = doc.get("title", "")
    if not isinstance(title, str):
        raise GameFormatError('"title" must be a string', source)
    shorthand = "A" in doc or "B" in doc or "zero_sum" in doc
    if shorthand and "payoffs" in doc:
        raise GameFormatError('give either "payoffs" or the shorthand "A"/"B"/"zero_sum", not both', source)
    allowed = _SHORT_KEYS if shorthand else _FULL_KEYS
    unknown = set(doc) - allowed
    if unknown:
        raise GameFormatError(
            f"unknown key(s) {sorted(unknown)}; allowed keys are {sorted(allowed)}"
            + ("" if shorthand else ' (or "A", "B", "zero_sum" for the two-player shorthand)'),
            source,
        )
    try:
        if shorthand:
            return _load_shorthand(doc, title, exact, source)
        if "payoffs" not in doc:
            raise GameFormatError('missing "payoffs" (or "A" and "B" for a bimatrix game)', source)
        payoffs = _convert_numbers(doc["payoffs"], "payoffs", source)
        _check_float_range({"payoffs": payoffs}, source, exact)
        shape = shape_of(payoffs)
        if len(shape) < 2 or shape[-1] != len(shape) - 1:
            raise GameFormatError(
                f"payoffs: expected nested lists of shape (n_1, ..., n_N, N) with N = number of "
                f"players, got shape {shape}",
                source,
            )
        check_size(shape[:-1], "payoffs")
        names: list[str] | None = None
        strategies: list[list[str]] | None = None
        if "players" in doc:
            names, specs = parse_players(doc["players"], len(shape) - 1, source)
            strategies = strategy_names(specs, shape[:-1], names, source)
        return NormalFormGame(payoffs, players=names, strategies=strategies, exact=exact, title=title)
    except (GameFormatError, GameSizeError):
        raise
    except GameError as exc:
        raise GameFormatError(str(exc), source) from None


def _load_shorthand(doc: dict[str, Any], title: str, exact: bool | None, source: str) -> NormalFormGame:
    zero_sum = doc.get("zero_sum", False)
    if not isinstance(zero_sum, bool):
        raise GameFormatError('"zero_sum" must be true or false', source)
    if "A" not in doc:
        raise GameFormatError('the two-player shorthand needs "A"', source)
    if zero_sum and "B" in doc:
        raise GameFormatError('give "B" or "zero_sum": true, not both', source)
    if not zero_sum and "B" not in doc:
        raise GameFormatError('missing "B" (or set "zero_sum": true for B = -A)', source)
    mats: dict[str, Any] = {k: _convert_numbers(doc[k], k, source) for k in ("A", "B") if k in doc}
    _check_float_range(mats, source, exact)
    for k, m in mats.items():
        s = shape_of(m)
        if len(s) != 2:
            raise GameFormatError(f"{k}: expected a matrix (list of rows), got shape {s}", source)
        check_size(s, k)
    names: list[str] | None = None
    strategies: list[list[str]] | None = None
    shape = shape_of(mats["A"])
    if "players" in doc:
        names, specs = parse_players(doc["players"], 2, source)
        strategies = strategy_names(specs, shape, names, source)
    if zero_sum:
        return NormalFormGame.zero_sum(
            mats["A"], players=names, strategies=strategies, exact=exact, title=title
        )
    if shape_of(mats["B"]) != shape:
        raise GameFormatError(f"A has shape {shape} but B has shape {shape_of(mats['B'])}", source)
    return NormalFormGame.from_bimatrix(
        mats["A"], mats["B"], players=names, strategies=strategies, exact=exact, title=title
    )


# --------------------------------------------------------------------------- writing
def _nested(arr: np.ndarray, indent: int, level: int) -> str:
    """Payoff array as JSON: one line per row of the last two axes, indented above."""
    if arr.ndim <= 2:
        return (
            json.dumps([[file_value(x) for x in row] for row in arr.tolist()])
            if arr.ndim == 2
            else (json.dumps([file_value(x) for x in arr.tolist()]))
        )
    pad = " " * (indent * (level + 1))
    inner = (",\n" + pad).join(_nested(sub, indent, level + 1) for sub in arr)
    return "[\n" + pad + inner + "\n" + " " * (indent * level) + "]"


def dumps_json(game: NormalFormGame | ExtensiveGame, *, indent: int = 2) -> str:
    """Text of ``game`` as a JSON game specification (full form; a tree document for an
    :class:`~gametheory.ExtensiveGame`)."""
    if isinstance(game, ExtensiveGame):
        return dumps_tree_json(game, indent=indent)
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    pad = " " * indent
    players = [{"name": name, "strategies": list(ss)} for name, ss in zip(game.players, game.strategies)]
    lines = [
        "{",
        f'{pad}"format": {json.dumps(FORMAT_ID)},',
        f'{pad}"title": {json.dumps(game.title, ensure_ascii=False)},',
        f'{pad}"players": [',
        (",\n").join(pad * 2 + json.dumps(p, ensure_ascii=False) for p in players),
        f"{pad}],",
        f'{pad}"payoffs": {_nested(game.payoffs, indent, 1)}',
        "}",
    ]
    return "\n".join(lines) + "\n"
