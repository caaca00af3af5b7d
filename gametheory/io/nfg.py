"""Gambit strategic-form game files (``.nfg``): reader and writer.

Written from the format's published description (Gambit documentation, "The strategic game
(.nfg) file format"), not from Gambit's code. A file is::

    NFG 1 R "title" { "Player 1" "Player 2" }      <- header: players
    { 3 2 }                                        <- strategy counts, or
    { { "T" "M" "B" } { "L" "R" } }                <- strategy names
    "optional comment"
    <body>

The body is either the *payoff version*, a flat list of numbers giving, for each pure
profile in turn, the payoff of every player in player order; or the *outcome version*, a
list of outcomes ``{ "name" 1, 2 }`` followed by one 1-based outcome index per profile
(``0`` is the null outcome, all payoffs 0). In both, profiles are listed with the FIRST
player's strategy varying fastest.

Conventions of this implementation:

* Numbers (integers, decimals, scientific ``1e-3``, rationals ``3/4``) are parsed exactly.
  The header letter decides the kind of game when ``exact`` is not given: ``R`` gives an
  exact game, ``D`` (Gambit's old marker for floating-point data) a float game. The writer
  uses ``R`` for exact games and ``D`` for float games, so both round-trip.
* The comment is appended to the title after a blank line (``title + "\\n\\n" + comment``);
  the writer splits a title at its first blank line back into title and comment.
* Labels that are not distinct within their list are made distinct: repeated empty labels
  become the default names (``"Player k"``, ``"k"``), other repeats get ``_1``, ``_2``, ...
  Distinct labels (even a single empty one) are kept as they are.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from gametheory._kernel.values import check_digits, parse_number, preview
from gametheory.errors import GameError, GameFormatError, GameSizeError
from gametheory.normal.game import NormalFormGame, check_size

__all__ = ["dumps_nfg", "loads_nfg"]

#: Largest decimal exponent accepted in a number (``1e999999999`` would take minutes to
#: convert exactly); far beyond any meaningful payoff.
MAX_EXPONENT = 1000

_EXP_RE = re.compile(r"[eE]([+-]?\d+)$")
_COUNT_RE = re.compile(r"^\+?\d+$")


class _Tok(NamedTuple):
    kind: str  # "{", "}", ",", "str", "word", "eof"
    value: str
    line: int
    start: int = 0  # offset of the token in the text


def _describe(tok: _Tok) -> str:
    if tok.kind == "eof":
        return "end of file"
    if tok.kind == "str":
        text = tok.value if len(tok.value) <= 30 else tok.value[:27] + "..."
        return f"string {text!r}"
    if tok.kind == "word":
        text = tok.value if len(tok.value) <= 30 else tok.value[:27] + "..."
        return repr(text)
    return f"'{tok.kind}'"


# Any Unicode white space separates tokens (a non-breaking space pasted from a web page
# included), as in the .efg reader.
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r'[^\s{}",]+')


def _tokenize(text: str, source: str) -> Iterator[_Tok]:
    """Split ``text`` into tokens, lazily, tracking the 1-based line of each token."""
    pos = 0
    line = 1
    n = len(text)
    while True:
        m = _SPACE_RE.match(text, pos)
        if m:
            line += text.count("\n", pos, m.end())
            pos = m.end()
        if pos >= n:
            yield _Tok("eof", "", line, pos)
            return
        c = text[pos]
        if c in "{},":
            yield _Tok(c, c, line, pos)
            pos += 1
        elif c == '"':
            start_line, start = line, pos
            parts: list[str] = []
            i = pos + 1
            while True:
                j = i
                # scan to the next quote or backslash
                while j < n and text[j] != '"' and text[j] != "\\":
                    j += 1
                parts.append(text[i:j])
                if j >= n:
                    raise GameFormatError("unterminated quoted string (no closing '\"')", source, start_line)
                if text[j] == '"':
                    pos = j + 1
                    break
                # backslash: \" and \\ are escapes, anything else is kept literally
                if j + 1 < n and text[j + 1] in '"\\':
                    parts.append(text[j + 1])
                    i = j + 2
                else:
                    parts.append("\\")
                    i = j + 1
            value = "".join(parts)
            line += value.count("\n")
            yield _Tok("str", value, start_line, start)
        else:
            m = _WORD_RE.match(text, pos)
            assert m is not None  # any other non-space character starts a word
            yield _Tok("word", m.group(), line, pos)
            pos = m.end()


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._tokens = _tokenize(text, source)
        self._peeked: _Tok | None = None

    def error(self, message: str, tok: _Tok) -> GameFormatError:
        return GameFormatError(message, self.source, tok.line)

    def peek(self) -> _Tok:
        if self._peeked is None:
            self._peeked = next(self._tokens)
        return self._peeked

    def next(self) -> _Tok:
        tok = self.peek()
        if tok.kind != "eof":
            self._peeked = None
        return tok

    def expect(self, kind: str, what: str) -> _Tok:
        tok = self.next()
        if tok.kind != kind:
            if tok.kind == "eof":
                raise self.error(f"file ends early: expected {what}", tok)
            raise self.error(f"expected {what}, got {_describe(tok)}", tok)
        return tok

    def skip_comma(self) -> None:
        if self.peek().kind == ",":
            self.next()

    def number(self, tok: _Tok, what: str) -> Fraction:
        return parse_literal(tok.value, what, self.source, tok.line)

    def string_list(self, what: str) -> tuple[list[str], _Tok]:
        """``{ "a" "b" ... }`` -> labels; returns the labels and the opening brace."""
        open_tok = self.expect("{", f"'{{' to start the {what}")
        labels: list[str] = []
        while True:
            tok = self.next()
            if tok.kind == "}":
                return labels, open_tok
            if tok.kind == "str":
                labels.append(tok.value)
            elif tok.kind == "eof":
                raise self.error(f"file ends early inside the {what}", tok)
            else:
                raise self.error(f"expected a quoted name or '}}' in the {what}, got {_describe(tok)}", tok)


def parse_literal(text: str, what: str, source: str, line: int | None) -> Fraction:
    """Parse one numeric literal exactly, as :func:`parse_number`, with a bounded exponent."""
    integer(text, what, source, line)
    m = _EXP_RE.search(text)
    if m and abs(int(m.group(1))) > MAX_EXPONENT:
        raise GameFormatError(f"{what}: {preview(text)} has an exponent beyond +-{MAX_EXPONENT}", source, line)
    try:
        return parse_number(text, what)
    except GameError:
        raise GameFormatError(
            f"{what}: {preview(text)} is not a number (expected e.g. 3, -1.5, 2.5e3, 2/3)", source, line
        ) from None


def integer(text: str, what: str, source: str, line: int | None) -> int:
    """Check that no run of digits in ``text`` exceeds our limit; return ``int(text)`` when
    ``text`` is a plain integer (else 0).

    The check comes before any conversion (Python refuses integers of more than 4300 digits
    with a message about its own settings)."""
    try:
        check_digits(text, what)
    except GameError as exc:
        raise GameFormatError(str(exc), source, line) from None
    return int(text) if _COUNT_RE.match(text) else 0


def _distinct_names(labels: Sequence[str], default: Callable[[int], str]) -> list[str]:
    """Make labels distinct: repeated empty labels get ``default(k)``, other repeats ``_j``."""
    counts = Counter(labels)
    if all(c == 1 for c in counts.values()):
        return list(labels)
    used = {lab for lab in labels if counts[lab] == 1}
    seen: Counter[str] = Counter()
    out = []
    for k, lab in enumerate(labels):
        if counts[lab] == 1:
            out.append(lab)
            continue
        seen[lab] += 1
        base = default(k) if lab == "" else f"{lab}_{seen[lab]}"
        cand, j = base, 2
        while cand in used:
            cand = f"{base}_{j}"
            j += 1
        used.add(cand)
        out.append(cand)
    return out


def _profile_order_to_array(
    flat: list[object], shape: tuple[int, ...], nplayers: int, dtype: object
) -> np.ndarray:
    """Values listed profile by profile (first player fastest) -> array (n_1..n_N, N)."""
    arr = np.array(flat, dtype=dtype)  # type: ignore[call-overload]
    # profile index k = s_1 + n_1 * (s_2 + n_2 * (...)): reversed C order over the shape
    arr = arr.reshape(tuple(reversed(shape)) + (nplayers,))
    axes = list(range(len(shape) - 1, -1, -1)) + [len(shape)]
    return np.ascontiguousarray(arr.transpose(axes))


def loads_nfg(text: str, *, source: str = "<string>", exact: bool | None = None) -> NormalFormGame:
    """Parse the text of a Gambit ``.nfg`` file.

    ``exact=None`` follows the header (``R``: exact, ``D``: float); ``True``/``False``
    force exact or float payoffs. Raises :class:`GameFormatError` (with ``source`` and the
    line) for malformed text and :class:`GameSizeError` for games too large to hold.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    p = _Parser(text, source)

    # ---- prologue: NFG 1 R "title"
    tok = p.next()
    if tok.kind != "word" or tok.value != "NFG":
        if tok.kind == "word" and tok.value == "EFG":
            raise p.error("this is an extensive-form (.efg) game; only .nfg files are supported", tok)
        raise p.error(f"not a Gambit .nfg file: expected 'NFG' at the start, got {_describe(tok)}", tok)
    tok = p.expect("word", "the version number '1' after 'NFG'")
    if tok.value != "1":
        raise p.error(f"unsupported .nfg version {tok.value!r} (only version 1 exists)", tok)
    tok = p.expect("word", "'R' or 'D' after 'NFG 1'")
    if tok.value not in ("R", "D"):
        raise p.error(f"expected 'R' or 'D' after 'NFG 1', got {_describe(tok)}", tok)
    if exact is None:
        exact = tok.value == "R"
    title = p.expect("str", "the quoted game title").value

    # ---- players
    players, players_tok = p.string_list("list of player names")
    if not players:
        raise p.error("the game has no players", players_tok)
    nplayers = len(players)

    # ---- strategies: { 3 2 } or { { "a" "b" } { "c" } }
    open_tok = p.expect("{", "'{' to start the strategy counts or names")
    strategy_names: list[list[str]] | None = None
    counts: list[int] = []
    if p.peek().kind == "{":
        strategy_names = []
        while p.peek().kind == "{":
            if len(strategy_names) == nplayers:
                raise p.error(
                    f"strategy count mismatch: {nplayers} players but more strategy lists", p.peek()
                )
            names, list_tok = p.string_list(f"strategy names of player {len(strategy_names) + 1}")
            if not names:
                raise p.error(f"player {len(strategy_names) + 1} has no strategies", list_tok)
            strategy_names.append(names)
        close = p.expect("}", "'}' to close the list of strategy names")
        counts = [len(ss) for ss in strategy_names]
    else:
        while True:
            tok = p.next()
            if tok.kind == "}":
                close = tok
                break
            if tok.kind == "eof":
                raise p.error("file ends early inside the strategy counts", tok)
            if tok.kind != "word" or not _COUNT_RE.match(tok.value):
                raise p.error(
                    f"expected a strategy count (a positive integer) or '}}', got {_describe(tok)}", tok
                )
            if len(counts) == nplayers:
                raise p.error(f"strategy count mismatch: {nplayers} players but more counts", tok)
            n = integer(tok.value, f"strategy count of player {len(counts) + 1}", source, tok.line)
            if n == 0:
                raise p.error(f"player {len(counts) + 1} has no strategies (count 0)", tok)
            counts.append(n)
    if len(counts) != nplayers:
        raise p.error(
            f"strategy count mismatch: {nplayers} players but {len(counts)} strateg"
            f"{'y' if len(counts) == 1 else 'ies'} lists/counts",
            close,
        )
    shape = tuple(counts)
    try:
        check_size(shape, f"{source}:{open_tok.line}")
    except GameSizeError:
        raise
    except GameError as exc:  # pragma: no cover - counts are checked positive above
        raise p.error(str(exc), open_tok) from None
    nprofiles = math.prod(shape)

    # ---- optional comment
    comment: str | None = None
    if p.peek().kind == "str":
        comment = p.next().value

    # ---- body
    conv: Callable[[Fraction], object] = (lambda x: x) if exact else float
    cache: dict[str, object] = {}

    def value(tok: _Tok, what: str) -> object:
        v = cache.get(tok.value)
        if v is None:
            num = p.number(tok, what)
            try:
                v = conv(num)
            except OverflowError:
                raise p.error(f"{what}: {tok.value!r} is too large for a float game", tok) from None
            cache[tok.value] = v
        return v

    flat: list[object] | None = None
    if p.peek().kind == "{":
        flat = _outcome_body(p, nplayers, nprofiles, value, exact)
    else:
        flat = _fast_payoff_body(text[p.peek().start :], nplayers * nprofiles, exact, cache)
        if flat is None:  # something to report: the token-by-token reader names it and its line
            flat = _payoff_body(p, nplayers, nprofiles, value)
        else:
            p = _Parser("", source)  # the whole rest was read: at the end of the text
    tok = p.next()
    if tok.kind != "eof":
        raise p.error(f"unexpected {_describe(tok)} after the last payoff entry (too many entries?)", tok)

    arr = _profile_order_to_array(flat, shape, nplayers, object if exact else np.float64)
    player_names = _distinct_names(players, lambda k: f"Player {k + 1}")
    if strategy_names is None:
        strats = [[str(k + 1) for k in range(n)] for n in shape]
    else:
        strats = [_distinct_names(ss, lambda k: str(k + 1)) for ss in strategy_names]
    if comment:
        title = f"{title}\n\n{comment}"
    try:
        return NormalFormGame(arr, players=player_names, strategies=strats, exact=exact, title=title)
    except GameSizeError:
        raise
    except GameError as exc:  # pragma: no cover - the parser checks everything first
        raise GameFormatError(str(exc), source) from None


# Plain ASCII integers and decimals (with a short exponent): the common payoffs, converted
# without the general parser. Everything else goes through parse_literal.
_PLAIN_INT_RE = re.compile(r"[+-]?[0-9]{1,300}", re.ASCII)
_PLAIN_DEC_RE = re.compile(r"([+-]?)([0-9]{0,300})\.([0-9]{1,300})", re.ASCII)
_PLAIN_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]{1,300}(?:\.[0-9]{0,300})?|\.[0-9]{1,300})(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)


def _fast_payoff_body(rest: str, total: int, exact: bool, cache: dict[str, object]) -> list[object] | None:
    """The payoff version's body read in one pass (split on white space, no per-token
    objects), or ``None`` when the body has anything unusual (commas, braces, quotes, a
    wrong count, a bad number): then the token-by-token reader reads it and reports any
    error with its line. Values are the same as that reader's: exact Fractions, or for a
    float game the correctly rounded float of the literal (``float(text)`` rounds a decimal
    literal exactly as ``float(Fraction(text))`` does)."""
    if "," in rest or "{" in rest or "}" in rest or '"' in rest:
        return None
    words = rest.split()
    if len(words) != total:
        return None
    out: list[object] = []
    append = out.append
    get = cache.get
    for w in words:
        v = get(w)
        if v is None:
            if exact:
                if _PLAIN_INT_RE.fullmatch(w):
                    v = Fraction(int(w))
                else:
                    m = _PLAIN_DEC_RE.fullmatch(w)
                    if m:
                        v = Fraction(int(m.group(1) + (m.group(2) or "0") + m.group(3)), 10 ** len(m.group(3)))
            elif _PLAIN_FLOAT_RE.fullmatch(w):
                v = float(w) + 0.0  # "-0" is 0.0, as float(Fraction("-0"))
                if v in (math.inf, -math.inf):
                    return None
            if v is None:
                try:
                    num = parse_literal(w, "payoff", "", None)
                    v = num if exact else float(num) + 0.0  # an underflow of "-1e-400" is 0.0, not -0.0
                except (GameError, OverflowError):
                    return None
            cache[w] = v
        append(v)
    return out


def _payoff_body(
    p: _Parser, nplayers: int, nprofiles: int, value: Callable[[_Tok, str], object]
) -> list[object]:
    total = nprofiles * nplayers
    flat: list[object] = []
    for k in range(total):
        tok = p.next()
        if tok.kind != "word":
            if tok.kind == "eof":
                raise p.error(
                    f"too few payoffs: expected {total} numbers ({nprofiles} profiles x "
                    f"{nplayers} players), the file ends after {k}",
                    tok,
                )
            raise p.error(f"expected payoff number {k + 1} of {total}, got {_describe(tok)}", tok)
        flat.append(value(tok, f"payoff {k + 1}"))
        p.skip_comma()
    return flat


def _outcome_body(
    p: _Parser, nplayers: int, nprofiles: int, value: Callable[[_Tok, str], object], exact: bool
) -> list[object]:
    p.expect("{", "'{' to start the list of outcomes")
    outcomes: list[list[object]] = []
    while True:
        tok = p.next()
        if tok.kind == "}":
            break
        if tok.kind != "{":
            if tok.kind == "eof":
                raise p.error("file ends early inside the list of outcomes", tok)
            raise p.error(
                f"expected '{{' to start outcome {len(outcomes) + 1} or '}}', got {_describe(tok)}", tok
            )
        k = len(outcomes) + 1
        p.expect("str", f"the quoted name of outcome {k}")
        pay: list[object] = []
        while True:
            tok = p.next()
            if tok.kind == "}":
                break
            if tok.kind == "word":
                if len(pay) == nplayers:
                    raise p.error(f"outcome {k} has more than {nplayers} payoffs (one per player)", tok)
                pay.append(value(tok, f"payoff {len(pay) + 1} of outcome {k}"))
                p.skip_comma()
            elif tok.kind == "eof":
                raise p.error(f"file ends early inside outcome {k}", tok)
            else:
                raise p.error(f"expected a payoff or '}}' in outcome {k}, got {_describe(tok)}", tok)
        if len(pay) != nplayers:
            raise p.error(f"outcome {k} has {len(pay)} payoffs, expected {nplayers} (one per player)", tok)
        outcomes.append(pay)
    null: list[object] = [Fraction(0) if exact else 0.0] * nplayers
    flat: list[object] = []
    for k in range(nprofiles):
        tok = p.next()
        if tok.kind != "word":
            if tok.kind == "eof":
                raise p.error(
                    f"too few outcome indices: expected {nprofiles} (one per profile), "
                    f"the file ends after {k}",
                    tok,
                )
            raise p.error(f"expected outcome index {k + 1} of {nprofiles}, got {_describe(tok)}", tok)
        if not _COUNT_RE.match(tok.value) or integer(tok.value, "outcome index", p.source, tok.line) > len(outcomes):
            raise p.error(
                f"outcome index {tok.value!r} for profile {k + 1} is not an integer in 0..{len(outcomes)}",
                tok,
            )
        idx = int(tok.value)
        flat.extend(null if idx == 0 else outcomes[idx - 1])
    return flat


# --------------------------------------------------------------------------- writing
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(v: object) -> str:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    raise TypeError(f"payoff {v!r} is neither a Fraction nor a float")  # pragma: no cover


def _profiles_first_fastest(shape: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    for rev in itertools.product(*(range(n) for n in reversed(shape))):
        yield tuple(reversed(rev))


def dumps_nfg(game: NormalFormGame, *, outcomes: bool = False) -> str:
    """Text of ``game`` as a Gambit ``.nfg`` file.

    The payoff version is written by default; ``outcomes=True`` writes the outcome version
    (one outcome per distinct payoff vector). Exact payoffs are written as integers or
    ``p/q`` under an ``R`` header, float payoffs with ``repr`` under a ``D`` header.
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    title, sep, comment = game.title.partition("\n\n")
    if not comment:  # nothing after the blank line: keep the title whole
        title, sep = game.title, ""
    lines = [
        f"NFG 1 {'R' if game.is_exact else 'D'} {_quote(title)} "
        "{ " + " ".join(_quote(p) for p in game.players) + " }",
        "",
        "{ " + "\n".join("{ " + " ".join(_quote(s) for s in ss) + " }" for ss in game.strategies),
        "}",
    ]
    if sep:
        lines.append(_quote(comment))
    lines.append("")
    pay = game.payoffs
    if outcomes:
        index: dict[tuple[object, ...], int] = {}
        order: list[int] = []
        for prof in _profiles_first_fastest(game.shape):
            vec = tuple(pay[prof].tolist())
            if vec not in index:
                index[vec] = len(index) + 1
            order.append(index[vec])
        lines.append("{")
        for vec in index:
            lines.append('{ "" ' + ", ".join(_fmt(v) for v in vec) + " }")
        lines.append("}")
        lines.append(" ".join(map(str, order)))
    else:
        for prof in _profiles_first_fastest(game.shape):
            lines.append(" ".join(_fmt(v) for v in pay[prof].tolist()))
    return "\n".join(lines) + "\n"
