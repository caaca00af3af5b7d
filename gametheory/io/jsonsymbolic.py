"""JSON specification of symbolic games: parameter declarations and formula payoffs.

The document is the JSON game format of ``docs/json-schema.md`` with one more key,
``"parameters"``, and payoff entries that may be formulas (strings)::

    {"title": "Deterrence",
     "parameters": [
        {"name": "c", "description": "cost of war", "default": 2, "lower": 0, "lower_open": true},
        {"name": "v", "description": "value of the stake", "default": "3", "lower": 0}],
     "players": [{"name": "Challenger", "strategies": ["Stay", "Attack"]},
                 {"name": "Defender", "strategies": ["Yield", "Fight"]}],
     "A": [["0", "0"], ["v", "v - c"]],
     "B": [["1", "0"], ["-v", "-c"]]}

Formulas are parsed by :func:`~gametheory.symbolic.expr.parse_expression` (a whitelist;
nothing is evaluated).

This reader sat in ``gametheory.symbolic.spec`` until 0.1; it lives with the other file
readers so that the doors point one way (:mod:`gametheory.io` imports
:mod:`gametheory.symbolic`, never the reverse). The old path still works, with a
:class:`DeprecationWarning`, for one release.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameFormatError
from gametheory.io.json_common import (
    check_payoff_depth,
    check_rectangular,
    decode,
    parameter_from_json,
    parse_players,
    shape_of,
    strategy_names,
)
from gametheory.io.jsonspec import FORMAT_ID
from gametheory.symbolic.game import SymbolicGame

__all__ = ["is_symbolic_document", "loads_symbolic", "read_symbolic"]

_DOC_KEYS = {"format", "title", "players", "payoffs", "A", "B", "parameters"}


def is_symbolic_document(text: str) -> bool:
    """Whether ``text`` looks like a JSON game with a ``"parameters"`` declaration."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("{"):
        return False
    try:
        doc = decode(text, "<text>")
    except GameError:  # not readable JSON: the reader it goes to will say why
        return False
    return isinstance(doc, dict) and "parameters" in doc


def _entries(data: Any, path: str, source: str, depth: int = 0) -> Any:
    """Payoff entries: numbers stay numbers (floats as the decimals they print as), strings stay text."""
    if isinstance(data, list):
        check_payoff_depth(depth + 1, path, source)
        return [_entries(x, f"{path}[{i}]", source, depth + 1) for i, x in enumerate(data)]
    if isinstance(data, bool) or not isinstance(data, (int, float, str)):
        raise GameFormatError(f"{path}: expected a number or a formula, got {json.dumps(data)[:40]}", source)
    if isinstance(data, float):
        return repr(data)
    return data


def loads_symbolic(text: str, *, source: str = "<string>") -> SymbolicGame:
    """Parse a symbolic JSON game (see the module docstring)."""
    doc = decode(text, source)
    if not isinstance(doc, dict):
        raise GameFormatError("a JSON game must be an object", source)
    fmt = doc.get("format", FORMAT_ID)
    if fmt != FORMAT_ID:
        raise GameFormatError(f'unsupported "format" {json.dumps(fmt)[:60]}; expected "{FORMAT_ID}"', source)
    unknown = set(doc) - _DOC_KEYS
    if unknown:
        raise GameFormatError(f"unknown key(s) {sorted(unknown)}; allowed keys are {sorted(_DOC_KEYS)}", source)
    specs = doc.get("parameters", [])
    if not isinstance(specs, list):
        raise GameFormatError('"parameters" must be a list of objects', source)
    params = [parameter_from_json(p, k, source) for k, p in enumerate(specs)]
    title = doc.get("title", "")
    if not isinstance(title, str):
        raise GameFormatError('"title" must be a string', source)
    if "payoffs" in doc and ("A" in doc or "B" in doc):
        raise GameFormatError('give either "payoffs" or "A" and "B", not both', source)
    if "payoffs" in doc:
        payoffs = _entries(doc["payoffs"], "payoffs", source)
        where = "payoffs"
    elif "A" in doc and "B" in doc:
        A = _entries(doc["A"], "A", source)
        B = _entries(doc["B"], "B", source)
        check_rectangular(A, "A", source)
        check_rectangular(B, "B", source)
        if shape_of(A) != shape_of(B) or len(shape_of(A)) != 2:
            raise GameFormatError(f"A and B must be matrices of one shape, got {shape_of(A)} and {shape_of(B)}", source)
        payoffs = np.stack([np.array(A, dtype=object), np.array(B, dtype=object)], axis=-1).tolist()
        where = "A/B"
    else:
        raise GameFormatError('missing "payoffs" (or "A" and "B")', source)
    shape = check_rectangular(payoffs, where, source)
    if len(shape) < 2 or shape[-1] != len(shape) - 1:
        raise GameFormatError(f"{where}: expected nested lists of shape (n_1, ..., n_N, N), got {shape}", source)
    names = strategies = None
    if "players" in doc:
        names, pspecs = parse_players(doc["players"], len(shape) - 1, source)
        strategies = strategy_names(pspecs, shape[:-1], names, source)
    try:
        return SymbolicGame(payoffs, params, players=names, strategies=strategies, title=title, source=where)
    except GameFormatError:
        raise
    except GameError as exc:
        raise GameFormatError(str(exc), source) from None


def read_symbolic(path: str) -> SymbolicGame:
    """Read a symbolic JSON game from a file."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise GameFormatError("not UTF-8 text", path) from None
    return loads_symbolic(text, source=path)
