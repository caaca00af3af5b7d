"""Refused inputs stay within bounded memory: each hostile case is parsed in a subprocess
whose address space is capped at 1.5 GiB (``resource.setrlimit(RLIMIT_AS)``), and must end
in a clean :class:`~gametheory.GameError`, not a ``MemoryError`` or a killed process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

resource = pytest.importorskip("resource")  # POSIX only

LIMIT = 3 * 2**29  # 1.5 GiB

# One subprocess runs every case (importing the package costs seconds); it prints one line
# per case: "clean: ..." for a GameError, else what happened instead.
SCRIPT = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    import gametheory as gt
    from gametheory.cli._shared import parse_matrix
    from gametheory.sensitivity.distributions import parse_distribution
    for text, call in {cases}:
        text = eval(text)
        try:
            eval(call)
        except gt.GameError as exc:
            print("clean:", " ".join(str(exc)[:100].split()), flush=True)
        except MemoryError:
            print("MemoryError", flush=True)
        else:
            print("accepted", flush=True)
        del text
    """
)

CASES = {
    "nfg huge exponent": ("'NFG 1 R \"t\" { \"A\" } { 2 }\\n1e' + '9' * 10**6 + ' 2\\n'", "gt.loads_game(text, 'nfg')"),
    "nfg giant counts": ("'NFG 1 R \"t\" { \"A\" \"B\" \"C\" } { 100000 100000 100000 }\\n1 2 3\\n'",
                         "gt.loads_game(text, 'nfg')"),
    "nfg million-digit count": ("'NFG 1 R \"t\" { \"A\" } { ' + '9' * 10**6 + ' }\\n1\\n'", "gt.loads_game(text, 'nfg')"),
    "efg huge exponent": ("'EFG 2 R \"t\" { \"A\" }\\n\"\"\\nt \"\" 1 \"\" { 1e' + '9' * 10**6 + ' }\\n'",
                          "gt.loads_game(text, 'efg')"),
    "json deep nesting": ("'{\"A\": ' + '[' * 10**6 + ']' * 10**6 + '}'", "gt.loads_game(text, 'json')"),
    "json giant strategy count": ("'{\"players\": [{\"name\": \"a\", \"strategies\": 1000000000}, "
                                  "{\"name\": \"b\", \"strategies\": 1000000000}], \"payoffs\": []}'",
                                  "gt.loads_game(text, 'json')"),
    "tree deep nesting": ("'{\"players\": [\"a\"], \"tree\": ' + '{\"player\": \"a\", \"actions\": {\"x\": ' * 100000 "
                          "+ '[1]' + '}}' * 100000 + '}'", "gt.loads_game(text, 'json')"),
    "matrix deep nesting": ("'[' * 10**6 + ']' * 10**6", "parse_matrix(text, '--row')"),
    "dist huge number": ("'normal(1e' + '9' * 10**6 + ', 1)'", "parse_distribution(text)"),
}


def test_refused_within_memory_limit() -> None:
    script = SCRIPT.format(limit=LIMIT, cases=list(CASES.values()))
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr[-2000:])
    lines = proc.stdout.splitlines()
    assert len(lines) == len(CASES), proc.stdout
    for name, line in zip(CASES, lines, strict=True):
        assert line.startswith("clean:"), (name, line)
