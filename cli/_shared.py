"""What every command of the ``gametheory`` command line shares.

* :func:`fail_cleanly`, the one error trampoline: library errors (``ValueError``
  subclasses, I/O errors) become one line on stderr starting ``Error:`` and exit status 1;
  any other exception is reported the same way as an internal error, never as a traceback.
  Usage errors keep click's exit status 2.
* :func:`format_option`, the one ``--format/-f`` option: the same words everywhere
  (``table``, ``json``, ``csv``, and ``latex`` where a command writes it); the old word
  ``text`` is still accepted as a hidden alias of ``table``.
* Game loading: :func:`read_game_source`, :func:`parse_matrix`, :func:`load_game`,
  :func:`parse_settings` and :func:`at_point`.
* JSON output: :func:`echo_json`, through the engine's one encoder
  (:func:`gametheory._kernel.results.dumps`).
* Small display helpers used by several commands.

This module is imported only when a command runs, never by ``gametheory --help``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

import click

from gametheory._kernel.results import dumps
from gametheory._kernel.values import check_digits, format_number, parse_number
from gametheory.errors import GameError, GameFormatError

#: Optional packages -> what to install for them (the package's extras in pyproject.toml).
_EXTRAS = {"matplotlib": "gametheory[plots]", "dask": "gametheory[dask]", "distributed": "gametheory[dask]",
           "pygambit": "pygambit", "quantecon": "quantecon", "nashpy": "nashpy"}

#: Old spellings of format words, accepted but not listed in the help.
FORMAT_ALIASES = {"text": "table"}


# --------------------------------------------------------------------------- errors
def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) collapsed to one space.

    >>> one_line("a\\n  b\\tc")
    'a b c'
    """
    return " ".join(text.split())


_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`([^`]*)`")  # Sphinx roles such as :cite:p:`vS99`, :math:`x`


def display_title(title: str | None) -> str:
    """The title of a game as a one-line heading: the file's title without the comment that
    follows it after a blank line, Sphinx markup (``:math:`x```, ``:cite:p:`key```, double
    backquotes) reduced to its text, whitespace collapsed. The game keeps its title and
    comment unchanged (they round-trip); only the heading is cleaned.

    >>> display_title("A game\\n\\nFrom :cite:p:`vS99`, with :math:`2^6 - 1` equilibria.")
    'A game'
    >>> display_title("Bound :math:`2^6 - 1 = 63` of ``enummixed``")
    'Bound 2^6 - 1 = 63 of enummixed'
    """
    if not title:
        return ""
    head = title.split("\n\n", 1)[0]
    head = _ROLE.sub(lambda m: m.group(1), head).replace("``", "")
    return one_line(head)


def display_comment(title: str | None) -> str:
    """The comment a game file gives after its title (see :func:`display_title`), cleaned the
    same way; empty when there is none."""
    if not title or "\n\n" not in title:
        return ""
    body = title.split("\n\n", 1)[1]
    return one_line(_ROLE.sub(lambda m: m.group(1), body).replace("``", ""))


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error raised by a command into one clear line and a non-zero exit.

    Domain and I/O errors print their message; anything else is a bug in the library and
    is reported as an internal error, still on one line (never a traceback).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except (ValueError, OSError, ArithmeticError, RecursionError) as exc:
            msg = str(exc)
            if isinstance(exc, OSError) and exc.filename is not None:
                msg = f"{exc.filename}: {exc.strerror or msg}"
            raise click.ClickException(one_line(msg) or type(exc).__name__) from None
        except MemoryError:
            raise click.ClickException("out of memory: the game is too large") from None
        except ImportError as exc:  # an optional package is missing: say what to install
            name = (getattr(exc, "name", None) or "").split(".")[0]
            extra = _EXTRAS.get(name)
            if extra is None:
                raise click.ClickException(
                    f"internal error (ImportError: {one_line(str(exc))}); please report this bug") from None
            raise click.ClickException(f"this needs {name}, which is not installed: pip install '{extra}'") from None
        except Exception as exc:
            detail = one_line(str(exc))
            if len(detail) > 200:
                detail = detail[:197] + "..."
            raise click.ClickException(
                f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report this bug"
            ) from None

    return wrapper


# --------------------------------------------------------------------------- --format
class FormatChoice(click.Choice):
    """A :class:`click.Choice` of format words that also takes the hidden old spellings of
    :data:`FORMAT_ALIASES` (``text`` means ``table``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value not in self.choices and FORMAT_ALIASES.get(value) in self.choices:
            value = FORMAT_ALIASES[value]
        return super().convert(value, param, ctx)


def format_option(*choices: str, help: str = "Output format.") -> Callable[[Any], Any]:
    """The ``--format/-f`` option (parameter ``fmt``), default ``table``.

    ``choices`` are the formats the command writes, from ``table``, ``json``, ``csv``,
    ``latex``, ``markdown`` and ``html``; ``table`` (the human-readable report) must be
    one of them.
    """
    known = ("table", "json", "csv", "latex", "markdown", "html")
    if "table" not in choices or any(c not in known for c in choices):
        raise ValueError(f"format_option: formats must include 'table' and come from {known}, got {choices}")
    return click.option(
        "--format", "-f", "fmt", type=FormatChoice(choices), default="table", show_default=True, help=help
    )


def echo_text(text: str, *, nl: bool = True) -> None:
    """Print rendered text whose titles and names come from a game file: control characters
    and terminal escape sequences are shown as escapes (:func:`gametheory.io.text.safe_text`),
    never sent to the terminal; newlines and tabs are kept."""
    from gametheory.io.text import safe_text

    click.echo(safe_text(text), nl=nl)


def echo_json(data: Any, *, indent: int | None = 2) -> None:
    """Print ``data`` (a result or plain data) as JSON through the engine's one encoder."""
    click.echo(dumps(data, indent=indent))


# --------------------------------------------------------------------------- games
def parse_matrix(text: str, name: str) -> list[list[Any]]:
    """Parse an inline matrix: ``"3 0; 5 1"``, ``"3,0;5,1"`` or JSON ``"[[3,0],[5,1]]"``.

    Entries are read exactly by :func:`gametheory.parse_number` (never evaluated).

    >>> parse_matrix("3 0; 5 1/2", "--row")
    [[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 2)]]
    """
    s = text.strip()
    if not s:
        raise GameError(f"{name}: empty matrix")
    if s.startswith("["):
        check_digits(s, name)  # before Python's own 4300-digit limit on int()
        if _nesting(s) > 2:  # a matrix is a list of rows; also keeps the decoder off deep recursion
            raise GameError(f"{name}: expected a list of rows of numbers, got lists nested deeper")
        try:
            data = json.loads(s, parse_float=Decimal, parse_int=int)
        except json.JSONDecodeError as exc:
            raise GameError(f"{name}: not a valid JSON matrix ({exc.msg} at char {exc.pos})") from None
        if not isinstance(data, list) or not data or not all(isinstance(r, list) for r in data):
            raise GameError(f"{name}: expected a non-empty list of rows")
        for k, r in enumerate(data, start=1):
            if not r:
                raise GameError(f"{name}: row {k} is empty")
        if len({len(r) for r in data}) != 1:
            raise GameError(f"{name}: rows have different lengths {[len(r) for r in data]}")
        return [[_json_entry(v, name) for v in row] for row in data]
    out: list[list[Any]] = []
    for k, row in enumerate(s.split(";"), start=1):
        entries = row.replace(",", " ").split()
        if not entries:
            raise GameError(f"{name}: row {k} is empty")
        if out and len(entries) != len(out[0]):
            raise GameError(f"{name}: row {k} has {len(entries)} entries but row 1 has {len(out[0])}")
        out.append([parse_number(e, f"{name} row {k}") for e in entries])
    return out


_JSON_STRING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def _nesting(text: str) -> int:
    """How deep the brackets of JSON ``text`` nest (outside strings), without decoding it."""
    depth = deepest = 0
    for c in _JSON_STRING_RE.sub("", text):
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def _json_entry(v: Any, name: str) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, Decimal, str)):
        raise GameError(f"{name}: {json.dumps(v, default=str)[:40]} is not a number")
    return parse_number(str(v), name)


def read_game_source(path: str) -> Any:
    """The game in file ``path`` (``"-"``: standard input).

    ``.nfg``, ``.efg`` and ``.json`` go by their extension (JSON tree documents, with or
    without parameters, load as extensive games); standard input and files with any other
    extension go by their first characters.
    """
    from gametheory.io import loads_game, read_game  # numpy: only when a game is read

    ext = os.path.splitext(path)[1].lower() if path != "-" else ""
    if ext in (".nfg", ".efg"):
        return read_game(path)
    if ext == ".json":
        with open(path, "rb") as fh:
            raw = fh.read()
        if b'"bayesian"' in raw:  # maybe a Bayesian game: decide on the parsed document
            found = _bayesian_or_none(raw, path)
            if found is not None:
                return found
        if b'"parameters"' in raw and b'"tree"' not in raw:  # maybe a symbolic game: decide on the parsed document
            from gametheory.io.jsonsymbolic import is_symbolic_document, loads_symbolic

            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise GameFormatError("not UTF-8 text", path) from None
            if is_symbolic_document(text):
                return loads_symbolic(text, source=path)
        return read_game(path)
    if path == "-":
        source, text = "<stdin>", sys.stdin.read()
    else:
        source = path
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # old .nfg files; JSON would fail to parse anyway
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("NFG"):
        return loads_game(text, "nfg", source=source)
    if head.startswith("EFG"):
        return loads_game(text, "efg", source=source)
    if head.startswith("{"):
        from gametheory.io.jsonsymbolic import is_symbolic_document, loads_symbolic

        if '"bayesian"' in text:
            found = _bayesian_or_none(text.encode("utf-8"), source)
            if found is not None:
                return found

        if '"tree"' not in text and is_symbolic_document(text):
            return loads_symbolic(text, source=source)
        return loads_game(text, "json", source=source)
    what = "the input is empty" if not head else "it starts with neither 'NFG' (Gambit .nfg) nor '{' (JSON)"
    raise GameError(f"{source}: cannot tell the game format: {what}")


def _bayesian_or_none(raw: bytes, source: str) -> Any:
    """The Bayesian game in a JSON document declaring ``"kind": "bayesian"``; None for any other
    document (it is read as a game of another kind)."""
    import json

    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None  # the game reader reports the JSON error
    from gametheory.bayesian import is_bayesian, load_bayesian

    return load_bayesian(data) if is_bayesian(data) else None


def is_bayesian_game(game: Any) -> bool:
    """Whether ``game`` came from :func:`gametheory.bayesian.load_bayesian` (without importing
    the room for any other game)."""
    return type(game).__module__.startswith("gametheory.bayesian.")


def example_names() -> list[str]:
    """Names of the built-in textbook games (for ``--example`` choices)."""
    from gametheory.normal.examples import EXAMPLES

    return list(EXAMPLES)


def load_game(file: str | None, row: str | None, col: str | None, zero_sum: bool, example: str | None) -> Any:
    """The game named by exactly one of FILE, ``--row`` (with ``--col`` or ``--zero-sum``)
    or ``--example``."""
    from gametheory.normal.examples import EXAMPLES
    from gametheory.normal.game import NormalFormGame

    sources = sum(x is not None for x in (file, row, example))
    if sources != 1:
        raise click.UsageError("give exactly one of FILE, --row (with --col or --zero-sum), or --example")
    if example is not None:
        return EXAMPLES[example]()
    if file is not None:
        if col is not None or zero_sum:
            raise click.UsageError("--col/--zero-sum go with --row, not with FILE")
        return read_game_source(file)
    A = parse_matrix(row or "", "--row")
    if zero_sum:
        if col is not None:
            raise click.UsageError("--zero-sum and --col exclude each other")
        return NormalFormGame.zero_sum(A)
    if col is None:
        raise click.UsageError("--row needs --col (the column player's payoffs) or --zero-sum")
    B = parse_matrix(col, "--col")
    if (len(A), len(A[0])) != (len(B), len(B[0])):
        raise GameError(
            f"--row is {len(A)} x {len(A[0])} but --col is {len(B)} x {len(B[0])}; they must match"
        )
    return NormalFormGame.from_bimatrix(A, B)


def parse_settings(settings: tuple[str, ...]) -> dict[str, str]:
    """``("c=2", "v=1/2")`` -> ``{"c": "2", "v": "1/2"}`` (values are parsed by the game).

    >>> parse_settings(("c=2", "v = 1/2"))
    {'c': '2', 'v': '1/2'}
    """
    out: dict[str, str] = {}
    for item in settings:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise GameError(f"--set: expected NAME=VALUE, got {item!r}")
        if name in out:
            raise GameError(f"--set: parameter {name!r} given twice")
        out[name] = value
    return out


def is_symbolic_game(game: Any) -> bool:
    """Whether ``game`` is a :class:`~gametheory.symbolic.SymbolicGame` (a symbolic
    normal-form game), without importing sympy for any other game."""
    # a SymbolicGame can exist only once its module is loaded
    module = sys.modules.get("gametheory.symbolic.game")
    return module is not None and isinstance(game, module.SymbolicGame)


def at_point(game: Any, settings: tuple[str, ...]) -> Any:
    """A symbolic game substituted at the --set values (defaults elsewhere); others unchanged."""
    from gametheory.extensive.game import ExtensiveGame

    values = parse_settings(settings)
    if is_symbolic_game(game) or (isinstance(game, ExtensiveGame) and game.is_symbolic()):
        try:
            return game.substitute(values)
        except GameError as exc:
            raise GameError(f"--set: {exc}") from None
    if values:
        raise GameError("--set: this game has no parameters (only symbolic JSON games and trees do)")
    return game


def game_format_of(path: str) -> str | None:
    """The game-file format (``"nfg"``, ``"efg"``, ``"json"``) named by ``path``'s extension,
    or ``None``."""
    from gametheory.io import FORMATS as GAME_FORMATS

    ext = os.path.splitext(path)[1].lower()
    return next((name for name, e in GAME_FORMATS.items() if e == ext), None)


# --------------------------------------------------------------------------- display
def format_any(x: Any) -> str:
    """A number as :func:`gametheory._kernel.values.format_number` writes it; anything else as text."""
    try:
        return format_number(x)
    except (TypeError, ValueError):
        return str(x)


def progress_line(what: str) -> Callable[[int, int], None]:
    """A ``(done, total)`` callback that keeps one ``done/total WHAT`` line on stderr, only when
    stderr is a terminal (scripts and pipes get clean output)."""
    try:
        interactive = sys.stderr.isatty()
    except (AttributeError, ValueError):
        interactive = False

    def report(done: int, total: int) -> None:
        if interactive:
            click.echo(f"\r  {done}/{total} {what}", err=True, nl=done == total)

    return report
