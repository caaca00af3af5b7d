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
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameFormatError, GameSizeError
from gametheory.extensive.game import ExtensiveGame
from gametheory.io.nfg import parse_literal
from gametheory.normal.game import NormalFormGame, check_size

__all__ = ["FORMAT_ID", "dumps_json", "loads_json"]

#: Value of the ``"format"`` key.
FORMAT_ID = "gametheory.nfg/1"

_FULL_KEYS = {"format", "title", "players", "payoffs"}
_SHORT_KEYS = {"format", "title", "players", "A", "B", "zero_sum"}
_PLAYER_KEYS = {"name", "strategies"}


def _pairs_no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (payoffs must be finite numbers)")


def _decode(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise GameFormatError(f"invalid JSON: {exc.msg}", source, exc.lineno) from None
    except ValueError as exc:  # raised by the hooks above
        raise GameFormatError(f"invalid JSON: {exc}", source) from None
    except RecursionError:
        raise GameFormatError("invalid JSON: nested too deeply", source) from None


def _convert_numbers(data: Any, path: str, source: str) -> Any:
    """Nested lists with strings parsed to Fractions; anything not a number is rejected."""
    if isinstance(data, list):
        return [_convert_numbers(x, f"{path}[{k}]", source) for k, x in enumerate(data)]
    if isinstance(data, bool) or data is None or isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__.replace("dict", "object")
        raise GameFormatError(f"{path}: {json.dumps(data)[:40]} ({kind}) is not a number", source)
    if isinstance(data, str):
        return parse_literal(data, path, source, None)
    if isinstance(data, float) and not math.isfinite(data):
        raise GameFormatError(f"{path}: {data} is not a finite number", source)
    return data


def _shape(data: Any) -> tuple[int, ...]:
    shape: list[int] = []
    while isinstance(data, list):
        shape.append(len(data))
        if not data:
            break
        data = data[0]
    return tuple(shape)


def _parse_players(
    players: Any, nplayers: int | None, source: str
) -> tuple[list[str], list[list[str] | int | None]]:
    """``players`` value -> (names or None, per-player strategy names / counts / None)."""
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


def _strategy_names(
    specs: Sequence[list[str] | int | None], shape: tuple[int, ...], names: Sequence[str], source: str
) -> list[list[str]]:
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


def loads_json(
    text: str, *, source: str = "<string>", exact: bool | None = None
) -> NormalFormGame | ExtensiveGame:
    """Parse a JSON game specification (see ``docs/json-schema.md``).

    ``exact=None``: exact when every payoff is exact (JSON integer or numeric string), float
    otherwise; ``True``/``False`` force exact or float payoffs. A document with a ``"tree"``
    key gives an :class:`~gametheory.ExtensiveGame`.
    """
    doc = _decode(text, source)
    from gametheory.io.jsontree import is_tree_document, tree_from_document

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
        shape = _shape(payoffs)
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
            names, specs = _parse_players(doc["players"], len(shape) - 1, source)
            strategies = _strategy_names(specs, shape[:-1], names, source)
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
    mats = {k: _convert_numbers(doc[k], k, source) for k in ("A", "B") if k in doc}
    for k, m in mats.items():
        s = _shape(m)
        if len(s) != 2:
            raise GameFormatError(f"{k}: expected a matrix (list of rows), got shape {s}", source)
        check_size(s, k)
    names: list[str] | None = None
    strategies: list[list[str]] | None = None
    shape = _shape(mats["A"])
    if "players" in doc:
        names, specs = _parse_players(doc["players"], 2, source)
        strategies = _strategy_names(specs, shape, names, source)
    if zero_sum:
        return NormalFormGame.zero_sum(
            mats["A"], players=names, strategies=strategies, exact=exact, title=title
        )
    if _shape(mats["B"]) != shape:
        raise GameFormatError(f"A has shape {shape} but B has shape {_shape(mats['B'])}", source)
    return NormalFormGame.from_bimatrix(
        mats["A"], mats["B"], players=names, strategies=strategies, exact=exact, title=title
    )


# --------------------------------------------------------------------------- writing
def _json_value(v: Any) -> int | str | float:
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else str(v)
    return float(v)


def _nested(arr: np.ndarray, indent: int, level: int) -> str:
    """Payoff array as JSON: one line per row of the last two axes, indented above."""
    if arr.ndim <= 2:
        return (
            json.dumps([[_json_value(x) for x in row] for row in arr.tolist()])
            if arr.ndim == 2
            else (json.dumps([_json_value(x) for x in arr.tolist()]))
        )
    pad = " " * (indent * (level + 1))
    inner = (",\n" + pad).join(_nested(sub, indent, level + 1) for sub in arr)
    return "[\n" + pad + inner + "\n" + " " * (indent * level) + "]"


def dumps_json(game: NormalFormGame | ExtensiveGame, *, indent: int = 2) -> str:
    """Text of ``game`` as a JSON game specification (full form; a tree document for an
    :class:`~gametheory.ExtensiveGame`)."""
    if isinstance(game, ExtensiveGame):
        from gametheory.io.jsontree import dumps_tree_json

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
