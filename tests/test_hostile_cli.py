"""Text from a game file never reaches the terminal as control characters (issue 14).

A title or strategy name may carry terminal escape sequences (clear the screen, retitle the
window, ring the bell) or carriage returns that overwrite what was printed; the commands that
print them show them as visible escapes instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

EVIL_NFG = 'NFG 1 R "Evil\x1b]0;pwned\x07 title\x1b[2J" { "P1\r" "P2" } { { "A\x1b[31m" "B" } { "C" "D" } }\n\n1 1 0 0 0 0 1 1\n'


@pytest.mark.parametrize("command", [["solve"], ["solve", "-f", "csv"], ["reduce"]], ids=["solve", "csv", "reduce"])
def test_escape_sequences_from_a_file_are_shown_not_sent(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "evil.nfg"
    path.write_text(EVIL_NFG, encoding="utf-8")
    out = CliRunner().invoke(cli, [*command, str(path)])
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.output and "\x07" not in out.output and "\r" not in out.output
    if command == ["solve"]:
        assert "Evil\\x1b]0;pwned\\x07 title\\x1b[2J" in out.output
        assert "A\\x1b[31m" in out.output
