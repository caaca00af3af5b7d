"""What the fuzz tests share: the example budget, hostile fragments, mutations of seed
texts, and the two properties every parser must keep.

Property of a parser: on any input it either raises a :class:`~gametheory.GameError` (or a
subclass) whose message is one line in the user's terms, never a Python internal message,
or it returns a game that then solves with a verified result (small games only; larger
ones are only parsed). Property of the command line: exit status 0 or 1 (the clean-error
status), and neither "internal error" nor a traceback in the output.

Budget: the ``ci`` hypothesis profile of ``tests/conftest.py`` (derandomized, the same
examples every run) with a small number of examples per test. ``GT_FUZZ=long`` selects the
``fuzz-long`` profile: random examples, many of them, ``print_blob`` to replay a failure.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.cli.main import cli
from gametheory.errors import GameError

LONG = os.environ.get("GT_FUZZ", "").strip().lower() == "long"
#: How many times more examples the long run tries than the CI run.
LONG_FACTOR = 100

settings.register_profile(
    "fuzz-long", derandomize=False, deadline=None, print_blob=True, database=None, max_examples=100
)
if LONG:
    settings.load_profile("fuzz-long")

#: Largest input (characters) a strategy builds: bounds the work of every example.
MAX_INPUT = 20_000
#: Games with at most this many payoff entries are solved; larger ones are only parsed.
SOLVE_ENTRIES = 200
#: Trees with at most this many nodes are solved.
SOLVE_NODES = 40


def budget(n: int) -> settings:
    """Settings for a fuzz test: ``n`` examples in CI, ``LONG_FACTOR * n`` under ``GT_FUZZ=long``."""
    return settings(max_examples=n * LONG_FACTOR if LONG else n)


# --------------------------------------------------------------------------- hostile bits
HUGE_INT = "9" * 5000  # beyond Python's own 4300-digit int <-> str limit
HOSTILE = [
    "\u00a0",  # no-break space
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u0301",  # combining acute accent
    "\x00",
    "\ufeff",
    "\u2028",
    "\x1b[2J",
    "\\",
    '"',
    "{",
    "}",
    ",",
    "-",
    "/",
    "/0",
    "e",
    "1e999999",
    "1e-999999",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-0",
    "٣",  # an Arabic-Indic digit
    "１",  # a full-width digit
    HUGE_INT,
    "1/" + HUGE_INT,
    "0." + "0" * 999 + "1",
    "__import__('os').system('true')",
    "lambda: 0",
    "().__class__.__bases__[0]",
    "x.__globals__",
    "exp(exp(exp(100)))",
    "((1e1000**100)**100)**100",
    "2**2**2**2**2",
    "[" * 600,
    "{" * 600,
    '"' + "a" * 300,
]


def hostile(fragments: list[str] | None = None) -> st.SearchStrategy[str]:
    """One hostile fragment (of ``fragments``, default :data:`HOSTILE`), or a short text
    from an alphabet of awkward characters."""
    awkward = st.text(
        alphabet=st.sampled_from(list("0123456789.eE+-/{}[]\",:\\ \t\n") + ["\u00a0", "\u200f", "\x00", "\u0301"]),
        max_size=12,
    )
    return st.one_of(st.sampled_from(HOSTILE if fragments is None else fragments), awkward)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    """A seed text after up to four mutations: truncation, a replaced, deleted or repeated
    span, an inserted hostile fragment, or a flipped character."""
    text = draw(st.sampled_from(seeds))[:MAX_INPUT]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "insert", "replace", "delete", "repeat", "flip"]))
        n = len(text)
        i = draw(st.integers(0, n))
        if op == "truncate":
            text = text[:i]
        elif op == "insert":
            text = text[:i] + draw(hostile()) + text[i:]
        elif op == "replace":
            j = draw(st.integers(i, min(n, i + 8)))
            text = text[:i] + draw(hostile()) + text[j:]
        elif op == "delete":
            j = draw(st.integers(i, min(n, i + 16)))
            text = text[:i] + text[j:]
        elif op == "repeat":
            j = draw(st.integers(i, min(n, i + 40)))
            text = text[:j] + text[i:j] * draw(st.integers(1, 3)) + text[j:]
        elif i < n:
            c = draw(st.characters(codec="utf-8", exclude_categories=("Cs",)))
            text = text[:i] + c + text[i + 1 :]
        text = text[:MAX_INPUT]
    return text


# --------------------------------------------------------------------------- properties
#: Fragments of Python's own messages that must never reach a user.
INTERNAL = (
    "Traceback",
    "internal error",
    "sys.set_int_max_str_digits",
    "Exceeds the limit",
    "maximum recursion depth",
    "object has no attribute",
    "unsupported operand",
    "invalid literal for int",
    "could not convert",
    "index out of range",
    "NoneType",
    "not subscriptable",
    "is not iterable",
    "too large to convert",
    "integer division result too large",
    "all input arrays must have the same shape",
    "argument must be",
    "object is not callable",
    "unhashable type",
)


def check_message(message: str) -> None:
    """A clean error message: one line, not empty, none of Python's own wording."""
    assert message.strip(), "empty error message"
    assert "\n" not in message, f"message spans lines: {message!r}"
    for frag in INTERNAL:
        assert frag not in message, f"Python internal message: {message!r}"
    # Python says "division by zero"; ours names the token: "division by zero in '0/0'"
    assert not re.search(r"division by zero(?! in ')", message), f"Python internal message: {message!r}"


def check_profile_finite(values: Any) -> None:
    for v in values:
        if isinstance(v, float):
            assert math.isfinite(v), v


def check_game(game: Any) -> None:
    """Solve a small parsed game and check every equilibrium it reports is verified."""
    if isinstance(game, gt.NormalFormGame):
        if math.prod(game.shape) * game.num_players > SOLVE_ENTRIES:
            return
        try:
            result = gt.solve(game)
        except GameError as exc:
            check_message(str(exc))
            return
        top = max((abs(x) for x in game.payoffs.ravel()), default=1)
        try:
            scale = float(top) or 1.0
        except OverflowError:  # an exact payoff beyond the float range: its regret is exact anyway
            scale = sys.float_info.max
        for eq in result.equilibria:
            for probs in eq.profile:
                check_profile_finite(probs)
            regret = game.max_regret(eq.profile)
            if isinstance(regret, Fraction):
                assert regret == 0, (eq.profile, regret)
            else:
                assert math.isfinite(regret) and regret <= 1e-6 * scale, (eq.profile, regret)
    elif isinstance(game, gt.ExtensiveGame):
        if game.num_nodes > SOLVE_NODES:
            return
        try:
            gt.solve(game)
        except GameError as exc:
            check_message(str(exc))


def parse_or_clean_error(parse: Any, *args: Any, **kwargs: Any) -> Any:
    """``parse(*args, **kwargs)``, or ``None`` after checking its :class:`GameError`.

    Any other exception escapes and fails the test: that is a crash."""
    try:
        return parse(*args, **kwargs)
    except GameError as exc:
        check_message(str(exc))
        return None


def check_parses(parse: Any, text: str, **kwargs: Any) -> None:
    """The parser property: a clean error, or a game that solves with a verified result."""
    game = parse_or_clean_error(parse, text, **kwargs)
    if game is not None:
        check_game(game)


def run_cli_solve(name: str, text: str, *args: str) -> None:
    """``gametheory solve FILE`` on ``text``: exit 0 or 1, no internal error or traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = CliRunner().invoke(cli, ["solve", *args, str(path)], prog_name="gametheory")
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert "internal error" not in result.output, result.output
    assert "Traceback" not in result.output, result.output
    if result.exit_code == 1:
        last = result.output.strip().splitlines()[-1]
        assert last.startswith("Error: "), result.output
        check_message(last)


def corpus_texts(files: list[Path], limit: int = MAX_INPUT) -> list[str]:
    """The texts of the corpus files no longer than ``limit`` characters."""
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        if len(text) <= limit:
            out.append(text)
    return out
