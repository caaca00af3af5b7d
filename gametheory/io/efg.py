"""Gambit extensive-form game files (``.efg``): reader and writer.

Written from the format's published description (Gambit documentation, "The extensive game
(.efg) file format"), not from Gambit's code. A file is::

    EFG 2 R "title" { "Player 1" "Player 2" }     <- header: players
    "optional comment"
    p "node" 1 1 "infoset" { "L" "R" } 0          <- nodes in preorder
    c "node" 1 "chance infoset" { "H" 1/2 "T" 1/2 } 0
    t "node" 1 "outcome" { 3, -3 }

Each node is one of

* ``p "name" PLAYER INFOSET ["infoset name" { "action" ... }] OUTCOME [...]`` -- a decision
  node of player ``PLAYER`` (1-based) in that player's information set ``INFOSET``;
* ``c "name" INFOSET ["infoset name" { "action" PROB ... }] OUTCOME [...]`` -- a chance node;
* ``t "name" OUTCOME ["outcome name" { PAYOFF ... }]`` -- a terminal node;

where the outcome details are ``"outcome name" { payoff, payoff, ... }`` (commas optional) and
``OUTCOME`` ``0`` means no outcome. Information-set and outcome details are required where a
number first appears and may be repeated later (they must then agree). Every decision and
chance node is followed by the subtrees of its actions, in order. Outcomes of non-terminal
nodes add to the payoffs below them.

Conventions of this implementation:

* Numbers (integers, decimals, ``1e-3``, rationals ``3/4``) are read exactly. Header ``R``
  gives an exact game, ``D`` a float game (``exact=`` overrides); the writer uses ``R`` for
  exact and ``D`` for float games.
* The comment is appended to the title after a blank line, as for ``.nfg`` files.
* Repeated labels within a list (players, actions of one infoset) are made distinct as the
  ``.nfg`` reader does (repeated empty action labels become ``"1"``, ``"2"``, ...).
* Chance nodes are not grouped into information sets in :class:`ExtensiveGame`; the writer
  gives each chance node its own number, with its probabilities.
* Errors raise :class:`~gametheory.GameFormatError` with the file name, the line and (in the
  message and as ``error.column``) the column of the offending token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, NamedTuple

from gametheory._kernel.tolerance import PROBABILITY_TOL, scaled
from gametheory.errors import GameError, GameFormatError, GameSizeError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame, NodeError, TreeRecords
from gametheory.io.nfg import _distinct_names, integer, parse_literal

__all__ = ["dumps_efg", "loads_efg"]


#: A token: (kind, value, offset). kind is "{", "}", ",", "str", "word" or "eof"; line and
#: column are computed from the offset only for messages.
_Tok = tuple[str, str, int]


_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|[{},]|[^\s{}",]+|"', re.DOTALL)
_UNESCAPE_RE = re.compile(r'\\(["\\])')
_INT_RE = re.compile(r"^\+?\d+$")


def _tokenize(text: str, source: str) -> Iterator[_Tok]:
    """Tokens of ``text`` (with their offsets), lazily."""
    for m in _TOKEN_RE.finditer(text):
        value = m.group()
        c = value[0]
        if c == '"':
            if len(value) == 1:  # the lone-quote alternative: no closing quote
                line, col = _line_col(text, m.start())
                raise _error("unterminated quoted string (no closing '\"')", source, line, col)
            inner = value[1:-1]
            yield ("str", _UNESCAPE_RE.sub(r"\1", inner) if "\\" in inner else inner, m.start())
        elif c in "{},":
            yield (c, c, m.start())
        else:
            yield ("word", value, m.start())
    yield ("eof", "", len(text))


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _error(message: str, source: str, line: int, col: int | None = None) -> GameFormatError:
    exc = GameFormatError(message if col is None else f"{message} (column {col})", source, line)
    exc.column = col  # type: ignore[attr-defined]
    return exc


def _describe(tok: _Tok) -> str:
    if tok[0] == "eof":
        return "end of file"
    text = tok[1] if len(tok[1]) <= 30 else tok[1][:27] + "..."
    if tok[0] == "str":
        return f"string {text!r}"
    if tok[0] == "word":
        return repr(text)
    return f"'{tok[0]}'"


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = text
        self.exact = True
        self._tokens = _tokenize(text, source)
        self._peeked: _Tok | None = None
        self._numbers: dict[str, Fraction] = {}

    def line_of(self, pos: int) -> int:
        return _line_col(self.text, pos)[0]

    def error(self, message: str, tok: _Tok) -> GameFormatError:
        line, col = _line_col(self.text, tok[2])
        return _error(message, self.source, line, col)

    def peek(self) -> _Tok:
        if self._peeked is None:
            self._peeked = next(self._tokens)
        return self._peeked

    def next(self) -> _Tok:
        tok = self.peek()
        if tok[0] != "eof":
            self._peeked = None
        return tok

    def expect(self, kind: str, what: str) -> _Tok:
        tok = self.next()
        if tok[0] != kind:
            if tok[0] == "eof":
                raise self.error(f"file ends early: expected {what}", tok)
            raise self.error(f"expected {what}, got {_describe(tok)}", tok)
        return tok

    def integer(self, what: str, minimum: int = 0) -> tuple[int, _Tok]:
        tok = self.next()
        if tok[0] != "word" or not _INT_RE.match(tok[1]):
            if tok[0] == "eof":
                raise self.error(f"file ends early: expected {what}", tok)
            raise self.error(f"expected {what} (an integer), got {_describe(tok)}", tok)
        try:
            value = integer(tok[1], what, self.source, None)
        except GameFormatError as exc:
            raise self.error(exc.reason, tok) from None
        if value < minimum:
            raise self.error(f"{what} must be at least {minimum}, got {value}", tok)
        return value, tok

    def number(self, tok: _Tok, what: str) -> Fraction:
        got = self._numbers.get(tok[1])
        if got is not None:
            return got
        try:
            got = parse_literal(tok[1], what, self.source, None)
        except GameFormatError as exc:
            raise self.error(exc.reason, tok) from None
        if len(self._numbers) < 100_000:
            self._numbers[tok[1]] = got
        return got

    def labels(self, what: str) -> list[str]:
        self.expect("{", f"'{{' to start the {what}")
        out: list[str] = []
        while True:
            tok = self.next()
            if tok[0] == "}":
                return out
            if tok[0] == "str":
                out.append(tok[1])
            elif tok[0] == "eof":
                raise self.error(f"file ends early inside the {what}", tok)
            else:
                raise self.error(f"expected a quoted label or '}}' in the {what}, got {_describe(tok)}", tok)

    def details_follow(self) -> bool:
        """Whether optional details (``"name" { ... }`` or ``{ ... }``) come next."""
        return self.peek()[0] in ("str", "{")


class _Infoset(NamedTuple):
    actions: tuple[str, ...]
    probs: tuple[Fraction, ...] | None
    label: str
    offset: int


def loads_efg(text: str, *, source: str = "<string>", exact: bool | None = None) -> ExtensiveGame:
    """Parse the text of a Gambit ``.efg`` file.

    ``exact=None`` follows the header (``R``: exact, ``D``: float); ``True``/``False``
    force exact or float numbers. Raises :class:`GameFormatError` naming ``source`` and the
    line for malformed text.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    p = _Parser(text, source)
    tok = p.next()
    if tok[0] != "word" or tok[1] != "EFG":
        if tok[0] == "word" and tok[1] == "NFG":
            raise p.error("this is a strategic-form (.nfg) game, not an .efg file", tok)
        raise p.error(f"not a Gambit .efg file: expected 'EFG' at the start, got {_describe(tok)}", tok)
    tok = p.expect("word", "the version number '2' after 'EFG'")
    if tok[1] != "2":
        raise p.error(f"unsupported .efg version {tok[1]!r} (only version 2 is read)", tok)
    tok = p.expect("word", "'R' or 'D' after 'EFG 2'")
    if tok[1] not in ("R", "D"):
        raise p.error(f"expected 'R' or 'D' after 'EFG 2', got {_describe(tok)}", tok)
    if exact is None:
        exact = tok[1] == "R"
    p.exact = exact
    title = p.expect("str", "the quoted game title")[1]
    open_tok = p.peek()
    players = p.labels("list of player names")
    if not players:
        raise p.error("the game has no players", open_tok)
    nplayers = len(players)
    comment = p.next()[1] if p.peek()[0] == "str" else ""

    rec = TreeRecords(players=tuple(_distinct_names(players, lambda k: f"Player {k + 1}")))
    node_pos: list[int] = []
    infosets: dict[tuple[int, int], _Infoset] = {}
    outcome_index: dict[int, int] = {}
    outcome_lines: dict[int, int] = {}
    pending: list[list[int]] = []  # [node, children still expected]

    while True:
        tok = p.next()
        if tok[0] == "eof":
            if not node_pos:
                raise p.error("the file has no nodes", tok)
            if pending:
                node = pending[-1][0]
                missing = sum(c for _, c in pending)
                raise p.error(
                    f"file ends early: the node on line {_line_col(text, node_pos[node])[0]} still needs "
                    f"{pending[-1][1]} more child node(s) ({missing} subtree(s) missing in all)",
                    tok,
                )
            break
        if tok[0] != "word" or tok[1] not in ("p", "c", "t"):
            raise p.error(f"expected a node ('p', 'c' or 't'), got {_describe(tok)}", tok)
        if node_pos and not pending:
            raise p.error("unexpected node after the end of the tree (every branch already has its subtree)", tok)
        kind_letter = tok[1]
        label = p.expect("str", "the quoted node name")[1]
        k = len(node_pos)
        node_pos.append(tok[2])
        if kind_letter == "p":
            pl, pl_tok = p.integer("the player number", 1)
            if pl > nplayers:
                raise p.error(f"player number {pl} out of range: the game has {nplayers} player(s)", pl_tok)
            number, num_tok = p.integer("the information set number", 1)
            info = _read_infoset(p, (pl, number), infosets, chance=False, tok=num_tok)
            outcome = _read_outcome(p, rec, outcome_index, outcome_lines, nplayers)
            rec.add(DECISION, player=pl - 1, infoset=number, actions=info.actions, outcome=outcome, label=label)
            rec.infoset_labels[(pl - 1, number)] = info.label
            nchildren = len(info.actions)
        elif kind_letter == "c":
            number, num_tok = p.integer("the chance information set number", 1)
            info = _read_infoset(p, (0, number), infosets, chance=True, tok=num_tok)
            outcome = _read_outcome(p, rec, outcome_index, outcome_lines, nplayers)
            rec.add(CHANCE, actions=info.actions, probs=info.probs, outcome=outcome, label=label)
            nchildren = len(info.actions)
        else:
            outcome = _read_outcome(p, rec, outcome_index, outcome_lines, nplayers)
            rec.add(TERMINAL, outcome=outcome, label=label)
            nchildren = 0
        if pending:
            pending[-1][1] -= 1
            if pending[-1][1] == 0:
                pending.pop()
        if nchildren:
            pending.append([k, nchildren])

    if comment:
        title = f"{title}\n\n{comment}"
    try:
        return ExtensiveGame.from_records(rec, title=title, exact=exact, where="efg")
    except NodeError as exc:
        line = _line_col(text, node_pos[exc.node])[0] if 0 <= exc.node < len(node_pos) else None
        message = str(exc).removeprefix("efg: ")
        raise GameFormatError(message, source, line) from None
    except GameSizeError:
        raise
    except GameError as exc:
        raise GameFormatError(str(exc).removeprefix("efg: "), source) from None


def _read_infoset(
    p: _Parser, key: tuple[int, int], infosets: dict[tuple[int, int], _Infoset], *, chance: bool, tok: _Tok
) -> _Infoset:
    known = infosets.get(key)
    what = f"chance information set {key[1]}" if chance else f"information set {key[1]} of player {key[0]}"
    if not p.details_follow():
        if known is None:
            raise p.error(f"{what} is used before its actions are given", tok)
        return known
    start = p.peek()
    name = p.next()[1] if p.peek()[0] == "str" else ""
    open_tok = p.expect("{", f"'{{' to start the actions of {what}")
    actions: list[str] = []
    probs: list[Fraction] = []
    while True:
        t = p.next()
        if t[0] == "}":
            break
        if t[0] == "eof":
            raise p.error(f"file ends early inside the actions of {what}", t)
        if t[0] != "str":
            raise p.error(f"expected a quoted action label or '}}' in {what}, got {_describe(t)}", t)
        actions.append(t[1])
        if chance:
            pt = p.next()
            if pt[0] != "word":
                if pt[0] == "eof":
                    raise p.error(f"file ends early: expected the probability of action {t[1]!r}", pt)
                raise p.error(f"expected the probability of action {t[1]!r}, got {_describe(pt)}", pt)
            prob = p.number(pt, f"probability of action {t[1]!r}")
            if prob < 0:
                raise p.error(f"probability of action {t[1]!r} is negative ({prob})", pt)
            probs.append(prob)
            if p.peek()[0] == ",":
                p.next()
    if not actions:
        raise p.error(f"{what} has no actions", open_tok)
    if chance:
        total = sum(probs, Fraction(0))
        if total != 1 and (p.exact or abs(float(total) - 1) > scaled(PROBABILITY_TOL, len(probs))):
            raise p.error(f"the probabilities of {what} sum to {total}, not 1", open_tok)
    labels = tuple(actions) if len(set(actions)) == len(actions) else tuple(_distinct_names(actions, lambda j: str(j + 1)))
    info = _Infoset(labels, tuple(probs) if chance else None, name, start[2])
    if known is not None:
        if known.actions != info.actions:
            raise p.error(
                f"{what} was defined on line {p.line_of(known.offset)} with actions {list(known.actions)}, "
                f"here with {list(info.actions)}",
                start,
            )
        if chance and known.probs != info.probs:
            raise p.error(
                f"{what} was defined on line {p.line_of(known.offset)} with probabilities "
                f"{[str(x) for x in known.probs or ()]}, here with {[str(x) for x in probs]}",
                start,
            )
        return known
    infosets[key] = info
    return info


def _read_outcome(
    p: _Parser,
    rec: TreeRecords,
    outcome_index: dict[int, int],
    outcome_lines: dict[int, int],
    nplayers: int,
) -> int:
    number, tok = p.integer("the outcome number", 0)
    if not p.details_follow():
        if number == 0:
            return -1
        if number not in outcome_index:
            raise p.error(f"outcome {number} is used before its payoffs are given", tok)
        return outcome_index[number]
    start = p.peek()
    name = p.next()[1] if p.peek()[0] == "str" else ""
    p.expect("{", f"'{{' to start the payoffs of outcome {number}")
    pay: list[Fraction] = []
    while True:
        t = p.next()
        if t[0] == "}":
            break
        if t[0] == "eof":
            raise p.error(f"file ends early inside the payoffs of outcome {number}", t)
        if t[0] != "word":
            raise p.error(f"expected a payoff or '}}' in outcome {number}, got {_describe(t)}", t)
        if len(pay) == nplayers:
            raise p.error(f"outcome {number} has more than {nplayers} payoffs (one per player)", t)
        pay.append(p.number(t, f"payoff {len(pay) + 1} of outcome {number}"))
        if p.peek()[0] == ",":
            p.next()
    if len(pay) != nplayers:
        raise p.error(f"outcome {number} has {len(pay)} payoffs, expected {nplayers} (one per player)", start)
    if number == 0:
        raise p.error("outcome 0 means 'no outcome' and cannot have payoffs", tok)
    payoffs = tuple(pay)
    if number in outcome_index:
        old = rec.outcomes[outcome_index[number]][1]
        if old != payoffs:
            raise p.error(
                f"outcome {number} was defined on line {p.line_of(outcome_lines[number])} with payoffs "
                f"{[str(x) for x in old]}, here with {[str(x) for x in payoffs]}",
                start,
            )
        return outcome_index[number]
    outcome_index[number] = rec.add_outcome(payoffs, name)
    outcome_lines[number] = start[2]
    return outcome_index[number]


# --------------------------------------------------------------------------- writing
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v)
    return repr(float(v))


def dumps_efg(game: ExtensiveGame) -> str:
    """Text of ``game`` as a Gambit ``.efg`` file (header ``R`` when exact, ``D`` for floats).

    Information-set and outcome details are written at every node that uses them. Symbolic
    games must be given numbers first (:meth:`ExtensiveGame.substitute`).
    """
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"dumps_efg: expected an ExtensiveGame, got {type(game).__name__}")
    if game.is_symbolic():
        raise GameError("dumps_efg: the game is symbolic; write game.substitute(values) instead")
    title, sep, comment = game.title.partition("\n\n")
    if not comment:
        title, sep = game.title, ""
    lines = [
        f"EFG 2 {'R' if game.is_exact else 'D'} {_quote(title)} "
        "{ " + " ".join(_quote(p) for p in game.players) + " }",
        _quote(comment) if sep else '""',
        "",
    ]
    number_in_player: dict[int, int] = {}
    for hs in game.player_infosets:
        for j, h in enumerate(hs):
            number_in_player[h] = j + 1
    kinds = game.node_kind.tolist()
    players = game.node_player.tolist()
    infos = game.node_infoset.tolist()
    outs = game.node_outcome.tolist()
    labels = game.node_labels
    out_pay = game.outcome_payoffs
    out_lab = game.outcome_labels
    chance_number = 0
    append = lines.append
    for k in range(game.num_nodes):
        o = outs[k]
        outcome = "0" if o < 0 else f"{o + 1} {_quote(out_lab[o])} {{ {', '.join(_fmt(x) for x in out_pay[o])} }}"
        kind = kinds[k]
        if kind == DECISION:
            h = infos[k]
            acts = " ".join(_quote(a) for a in game.infoset_actions[h])
            append(
                f"p {_quote(labels[k])} {players[k] + 1} {number_in_player[h]} "
                f"{_quote(game.infoset_labels[h])} {{ {acts} }} {outcome}"
            )
        elif kind == CHANCE:
            chance_number += 1
            moves = " ".join(
                f"{_quote(a)} {_fmt(q)}" for a, q in zip(game.node_actions(k), game.chance_probabilities(k))
            )
            append(f'c {_quote(labels[k])} {chance_number} "" {{ {moves} }} {outcome}')
        else:
            append(f"t {_quote(labels[k])} {outcome}")
    return "\n".join(lines) + "\n"
