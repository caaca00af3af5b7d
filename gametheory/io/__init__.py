"""Reading and writing game files.

Formats (chosen by ``format=`` or by the file extension):

* ``"nfg"`` (``.nfg``): Gambit strategic-form files, payoff and outcome versions
  (:mod:`gametheory.io.nfg`);
* ``"efg"`` (``.efg``): Gambit extensive-form files (:mod:`gametheory.io.efg`), read into an
  :class:`~gametheory.ExtensiveGame`;
* ``"json"`` (``.json``): the project's JSON game specification
  (:mod:`gametheory.io.jsonspec`, described in ``docs/json-schema.md``); a document with a
  ``"tree"`` key is a game tree (:mod:`gametheory.io.jsontree`). Symbolic games (a
  ``"parameters"`` list and formula payoffs) are read by :mod:`gametheory.io.jsonsymbolic`;
  what the JSON readers share is in :mod:`gametheory.io.json_common`.

Readers keep titles and names exactly as the file has them; print them through
:func:`gametheory.io.text.safe_text`, which escapes control characters.

>>> import gametheory as gt
>>> g = gt.loads_game('{"A": [[1, -1], [-1, 1]], "zero_sum": true}', "json")
>>> gt.loads_game(gt.dumps_game(g, "nfg"), "nfg") == g
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from gametheory._kernel.files import write_atomic
from gametheory.errors import GameError, GameFormatError
from gametheory.extensive.game import ExtensiveGame
from gametheory.io.efg import dumps_efg, loads_efg
from gametheory.io.jsonspec import dumps_json, loads_json
from gametheory.io.nfg import dumps_nfg, loads_nfg
from gametheory.normal.game import NormalFormGame

__all__ = ["FORMATS", "dumps_game", "loads_game", "read_game", "write_game"]

#: Supported formats and their file extensions.
FORMATS = {"nfg": ".nfg", "efg": ".efg", "json": ".json"}


def _normalize_format(fmt: str, source: str) -> str:
    f = fmt.lower().lstrip(".")
    if f not in FORMATS:
        raise GameFormatError(f"unknown game format {fmt!r}; supported: {', '.join(FORMATS)}", source)
    return f


def _format_from_path(path: str | os.PathLike[str], fmt: str | None) -> str:
    source = os.fspath(path)
    if fmt is not None:
        return _normalize_format(fmt, source)
    ext = Path(source).suffix.lower()
    for name, e in FORMATS.items():
        if ext == e:
            return name
    raise GameFormatError(
        f"cannot tell the game format from the extension {ext or '(none)'!r}; use .nfg, .efg or "
        ".json or pass format='nfg' / 'efg' / 'json'",
        source,
    )


def _sniff(text: str, source: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("NFG"):
        return "nfg"
    if head.startswith("EFG"):
        return "efg"
    if head.startswith("{"):
        return "json"
    raise GameFormatError("cannot tell the game format of this text; pass format='nfg', 'efg' or 'json'", source)


def loads_game(
    text: str, format: str | None = None, *, exact: bool | None = None, source: str = "<string>"
) -> NormalFormGame | ExtensiveGame:
    """Parse game text in ``format`` (``"nfg"``, ``"efg"`` or ``"json"``; ``None`` guesses
    from the text). ``.efg`` text and JSON tree documents give an
    :class:`~gametheory.ExtensiveGame`, the others a :class:`~gametheory.NormalFormGame`.

    ``exact``: ``None`` keeps the file's own kind of numbers (for ``.nfg``: header ``R`` is
    exact, ``D`` float; for JSON: exact unless a payoff is a JSON float); ``True`` or
    ``False`` force exact or float payoffs. ``source`` names the text in error messages.
    """
    if not isinstance(text, str):
        raise TypeError(f"loads_game expects the text of a game file (str), got {type(text).__name__}")
    fmt = _sniff(text, source) if format is None else _normalize_format(format, source)
    if fmt == "nfg":
        return loads_nfg(text, source=source, exact=exact)
    if fmt == "efg":
        return loads_efg(text, source=source, exact=exact)
    return loads_json(text, source=source, exact=exact)


def read_game(
    path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: str | None = None,
    exact: bool | None = None,
) -> NormalFormGame | ExtensiveGame:
    """Read a game from a file path (or an open file object).

    The format comes from ``format`` or else from the extension (``.nfg``, ``.efg``, ``.json``). For the
    text of a game already in memory use :func:`loads_game`. Errors in the file raise
    :class:`~gametheory.GameFormatError` naming the file and line; ``exact`` as in
    :func:`loads_game`.
    """
    if hasattr(path_or_file, "read"):
        fobj: Any = path_or_file
        name = str(getattr(fobj, "name", "<file>"))
        data = fobj.read()
        fmt = _normalize_format(format, name) if format is not None else None
        if fmt is None:
            try:
                fmt = _format_from_path(name, None)
            except GameFormatError:
                fmt = None
        text = data if isinstance(data, str) else _decode_bytes(data, name, fmt)
        return loads_game(text, fmt, exact=exact, source=name)
    if not isinstance(path_or_file, (str, os.PathLike)):
        raise TypeError(f"read_game expects a path or a file object, got {type(path_or_file).__name__}")
    source = os.fspath(path_or_file)
    if isinstance(path_or_file, str) and ("\n" in source or source.lstrip().startswith(("NFG ", "EFG ", "{"))):
        if not os.path.exists(source):
            raise GameFormatError(
                "read_game takes a file path; for the text of a game use loads_game(text, format)",
                "<string>",
            )
    fmt = _format_from_path(source, format)
    with open(source, "rb") as fh:
        raw = fh.read()
    return loads_game(_decode_bytes(raw, source, fmt), fmt, exact=exact, source=source)


def _decode_bytes(raw: bytes, source: str, fmt: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fmt == "json":
            line = raw[: exc.start].count(b"\n") + 1
            raise GameFormatError("JSON game files must be UTF-8", source, line) from None
        # Old .nfg/.efg files may be Latin-1; every byte sequence decodes.
        return raw.decode("latin-1")


def dumps_game(game: NormalFormGame | ExtensiveGame, format: str | None = None, **options: Any) -> str:
    """Text of ``game`` in ``format`` (``"nfg"``, ``"efg"`` or ``"json"``; default ``"nfg"``
    for normal-form and ``"efg"`` for extensive games).

    Options: ``outcomes=True`` writes the ``.nfg`` outcome version; ``indent=`` sets the JSON
    indentation.
    """
    if format is None:
        format = "efg" if isinstance(game, ExtensiveGame) else "nfg"
    fmt = _normalize_format(format, "<string>")
    if fmt == "efg":
        if not isinstance(game, ExtensiveGame):
            raise GameError("dumps_game: only extensive-form games can be written as .efg")
        return dumps_efg(game, **options)
    if fmt == "nfg":
        if isinstance(game, ExtensiveGame):
            raise GameError(
                "dumps_game: an extensive-form game cannot be written as .nfg; convert it with "
                "game.to_normal_form() first, or write format='efg'"
            )
        return dumps_nfg(game, **options)
    return dumps_json(game, **options)


def write_game(
    game: NormalFormGame | ExtensiveGame,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    overwrite: bool = True,
    **options: Any,
) -> None:
    """Write ``game`` to ``path`` atomically (format from ``format`` or the extension).

    The text is produced completely first, written to a temporary file in the same directory
    and moved over ``path`` (:func:`gametheory._kernel.files.write_atomic`); on any error an
    existing ``path`` is left unchanged. A symbolic link at ``path`` is refused (the write
    would land outside the folder named); ``overwrite=False`` refuses an existing file.
    """
    target = os.fspath(path)
    fmt = _format_from_path(target, format)
    write_atomic(target, dumps_game(game, fmt, **options), overwrite=overwrite)
