"""Error types.

Every domain error subclasses :class:`ValueError` so callers can catch bad input
with one ``except`` clause; the command line turns them into one line of text and
a non-zero exit status.
"""

from __future__ import annotations


class GameError(ValueError):
    """A game, profile or solver argument is invalid."""


class GameSizeError(GameError):
    """A game is too large to hold or to solve with the requested method."""


class GameFormatError(GameError):
    """A game file or game text could not be parsed.

    Parameters
    ----------
    message:
        What is wrong.
    source:
        File name (or ``"<string>"``) the text came from.
    line:
        1-based line number of the offending token, when known.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None):
        self.reason = message
        self.source = source
        self.line = line
        where = ""
        if source is not None:
            where = source if line is None else f"{source}:{line}"
        elif line is not None:
            where = f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class SolverError(GameError):
    """A solver could not be applied to the given game (wrong size, wrong kind)."""
