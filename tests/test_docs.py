"""Every example in the documentation runs, and prints what the page says it prints.

Each Markdown page under ``docs/`` is read top to bottom, in a fresh temporary working
directory, and its fenced blocks are executed in order:

* ```` ```python ```` blocks hold doctest examples (``>>>`` prompts and expected output).
  All blocks of one page share one namespace, as a reader's interpreter session would.
  Options: ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``.
* ```` ```console ```` blocks hold ``$ gametheory ARGS`` lines, each followed by the
  expected output. The command runs in-process through click's ``CliRunner`` on
  ``gametheory.cli.main:cli`` (arguments split with :func:`shlex.split`). ``...`` in
  the expected output matches any text (for timings such as ``2.1 ms``); trailing
  spaces are ignored. A command whose expected output contains a line starting with
  ``Error:`` must fail (non-zero exit status); every other command must succeed.
* A block whose info string has ``file=NAME`` (e.g. ```` ```nfg file=pd.nfg ````) is written to
  ``NAME`` in the working directory, so later examples can read it.
* ```` ```json ```` blocks (without ``file=``) are game documents: each must load with
  :func:`gametheory.loads_game`.

Docstring examples of the package's modules (``gametheory.__init__`` and any other module
with ``>>>`` examples) run through :mod:`doctest` too.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import gametheory
from gametheory.cli.main import cli

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
DOC_PAGES = sorted(DOCS_DIR.glob("*.md"))
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass
class Block:
    """One fenced code block: its info string, first body line (1-based) and body lines."""

    info: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.info.split()[0].lower() if self.info.split() else ""

    @property
    def file(self) -> str | None:
        m = re.search(r"\bfile=(\S+)", self.info)
        return m.group(1) if m else None

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def fenced_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, in order."""
    blocks: list[Block] = []
    current: Block | None = None
    closing = ""
    for n, line in enumerate(text.splitlines(), start=1):
        m = _FENCE.match(line)
        if current is None:
            if m:
                closing = m.group("fence")
                current = Block(m.group("info").strip(), n + 1)
        elif m and m.group("fence").startswith(closing[0]) and len(m.group("fence")) >= len(closing) \
                and not m.group("info").strip():
            blocks.append(current)
            current = None
        else:
            current.lines.append(line)
    assert current is None, f"unterminated code block starting at line {current.line - 1}"
    return blocks


# --------------------------------------------------------------------------- console blocks
@dataclass
class Command:
    args: list[str]
    expected: list[str]
    line: int


def console_commands(block: Block) -> list[Command]:
    """``$ gametheory ...`` commands of a console block with their expected output lines."""
    out: list[Command] = []
    for k, line in enumerate(block.lines):
        if line.startswith("$ "):
            argv = shlex.split(line[2:])
            assert argv and argv[0] == "gametheory", (
                f"line {block.line + k}: console examples must run `gametheory`, got {line!r}"
            )
            out.append(Command(argv[1:], [], block.line + k))
        else:
            assert out, f"line {block.line + k}: output before any `$ gametheory` command"
            out[-1].expected.append(line)
    return out


def ellipsis_match(expected: str, actual: str) -> bool:
    """Whether ``actual`` matches ``expected``, where ``...`` in ``expected`` matches any text."""
    parts = expected.split("...")
    if len(parts) == 1:
        return expected == actual
    if not actual.startswith(parts[0]) or not actual.endswith(parts[-1]):
        return False
    pos, end = len(parts[0]), len(actual) - len(parts[-1])
    if pos > end:
        return False
    for part in parts[1:-1]:
        found = actual.find(part, pos, end)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def _normalise(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return text.strip("\n")


def run_command(cmd: Command, where: str) -> None:
    result = CliRunner().invoke(cli, cmd.args, prog_name="gametheory")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{where}: `gametheory {shlex.join(cmd.args)}` raised") from result.exception
    expected = _normalise(cmd.expected)
    actual = _normalise(result.output.splitlines())
    should_fail = any(line.startswith("Error:") for line in cmd.expected)
    assert (result.exit_code != 0) == should_fail, (
        f"{where}: `gametheory {shlex.join(cmd.args)}` exited with status {result.exit_code}\n{actual}"
    )
    assert ellipsis_match(expected, actual), (
        f"{where}: output of `gametheory {shlex.join(cmd.args)}` differs.\n"
        f"--- expected\n{expected}\n--- actual\n{actual}"
    )


# --------------------------------------------------------------------------- python blocks
def run_python(block: Block, globs: dict, path: Path) -> None:
    # Pad with blank lines so doctest reports line numbers of the Markdown file.
    source = "\n" * (block.line - 1) + block.text
    test = doctest.DocTestParser().get_doctest(source, globs, path.name, str(path), 0)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    runner.run(test, out=report.write, clear_globs=False)
    globs.update(test.globs)  # DocTest copies its globals; carry names over to the next block
    assert runner.failures == 0, report.getvalue()


def run_page(path: Path) -> int:
    """Run every example of one page in order; return how many examples ran."""
    globs: dict = {"__name__": "__docs__"}
    count = 0
    for block in fenced_blocks(path.read_text(encoding="utf-8")):
        where = f"{path.name}:{block.line}"
        if block.file is not None:
            Path(block.file).write_text(block.text, encoding="utf-8")
            count += 1
        elif block.lang == "python":
            n = sum(1 for line in block.lines if line.lstrip().startswith(">>>"))
            assert n, f"{where}: python block without `>>>` examples"
            run_python(block, globs, path)
            count += n
        elif block.lang == "console":
            for cmd in console_commands(block):
                run_command(cmd, f"{path.name}:{cmd.line}")
                count += 1
        elif block.lang == "json":
            gametheory.loads_game(block.text, "json", source=where)
            count += 1
    return count


@pytest.mark.parametrize("path", DOC_PAGES, ids=[p.name for p in DOC_PAGES])
def test_doc_page(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_page(path) > 0, f"{path.name} has no executable examples"


def test_docs_exist() -> None:
    names = {p.name for p in DOC_PAGES}
    for page in ("index.md", "tutorial.md", "reference.md", "algorithms.md"):
        assert page in names


def test_doc_links_resolve() -> None:
    """Relative links between pages point at files that exist."""
    for path in DOC_PAGES:
        for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).exists(), f"{path.name}: broken link to {target}"


# --------------------------------------------------------------------------- docstrings
def _package_modules() -> list[str]:
    names = [gametheory.__name__]
    for info in pkgutil.walk_packages(gametheory.__path__, prefix="gametheory."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _package_modules())
def test_module_docstrings(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=OPTIONS, report=True, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"


# --------------------------------------------------------------------------- the harness itself
def test_fenced_blocks_and_commands() -> None:
    text = "x\n```console\n$ gametheory examples\nout 1\n\n```\n```nfg file=a.nfg\nNFG\n```\n"
    blocks = fenced_blocks(text)
    assert [(b.lang, b.file, b.line) for b in blocks] == [("console", None, 3), ("nfg", "a.nfg", 8)]
    (cmd,) = console_commands(blocks[0])
    assert cmd.args == ["examples"] and cmd.expected == ["out 1", ""]


@pytest.mark.parametrize(
    "expected, actual, ok",
    [
        ("a 2.1 ms", "a 2.1 ms", True),
        ("a ... ms", "a 2.1 ms", True),
        ("a ... ms\nb", "a 2.1 ms\nb", True),
        ("a ... ms", "a 2.1 s", False),
        ("ab...ba", "aba", False),
        ("...", "", True),
        ("x...y...z", "x1y2z", True),
        ("x...y...z", "x1z2y", False),
    ],
)
def test_ellipsis_match(expected: str, actual: str, ok: bool) -> None:
    assert ellipsis_match(expected, actual) is ok
