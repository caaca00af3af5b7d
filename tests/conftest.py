"""Shared fixtures.

``gambit_games_dir``: the Gambit game corpus at ``<repo>/../shared/games/gambit``. When the
folder is missing, tests that use it are skipped, except under ``CI=true`` where they fail
(a CI run must not silently lose its interoperability tests).

``gambit_nfg_path``: parametrized over every ``.nfg`` file in that corpus.

Hypothesis runs deterministically: the profile ``"ci"`` (``derandomize=True``: examples
derived from each test's source, so every run tries the same ones; a fixed
``max_examples``; no example database; no deadline; ``print_blob=True`` so a failure prints
the ``@reproduce_failure`` line) is loaded under ``CI=true`` and by default. Set
``HYPOTHESIS_PROFILE=explore`` to search with fresh random examples locally. The pytest
header names the profile in use, so a CI log shows the seed policy.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, print_blob=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=200, deadline=None, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "").strip() or "ci"
settings.load_profile(HYPOTHESIS_PROFILE)

# The flip cache (gametheory.modeling.cache) writes under $XDG_CACHE_HOME: the suite uses a
# fresh folder of its own, so no run reads what an earlier run (or the user) left there and
# nothing is written to the home folder. Subprocesses (CLI tests) inherit it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="gametheory-test-cache-")

GAMBIT_GAMES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "games" / "gambit"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _profile_line() -> str:
    s = settings.get_profile(HYPOTHESIS_PROFILE)
    seeds = "derandomized (same examples every run)" if s.derandomize else "random seed per run"
    return (f"hypothesis profile: {HYPOTHESIS_PROFILE} ({seeds}; max_examples={s.max_examples}, "
            f"deadline={s.deadline}, print_blob={s.print_blob}, CI={in_ci()})")


def pytest_report_header(config: pytest.Config) -> str:
    return _profile_line()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    # ``-q`` (the default addopts) hides the header: say it at the end instead
    if config.get_verbosity() < 0:
        terminalreporter.write_line(_profile_line())


def require_dir(path: Path, what: str) -> Path:
    """Return ``path`` if it is a directory; otherwise skip, or fail when ``CI=true``."""
    if path.is_dir():
        return path
    message = f"{what} not found at {path}"
    if in_ci():
        pytest.fail(f"{message} (required when CI=true)")
    pytest.skip(message)


def _corpus_files(pattern: str) -> list[Path]:
    if not GAMBIT_GAMES_DIR.is_dir():
        return []
    return sorted(GAMBIT_GAMES_DIR.rglob(pattern))


GAMBIT_NFG_FILES = _corpus_files("*.nfg")


@pytest.fixture(scope="session")
def gambit_games_dir() -> Path:
    """The Gambit game corpus directory (skip if missing; fail if missing and CI=true)."""
    return require_dir(GAMBIT_GAMES_DIR, "Gambit game corpus")


_NFG_PARAMS: list[Path | None] = list(GAMBIT_NFG_FILES) or [None]


@pytest.fixture(
    params=_NFG_PARAMS,
    ids=[str(p.relative_to(GAMBIT_GAMES_DIR)) for p in GAMBIT_NFG_FILES] or ["corpus-missing"],
)
def gambit_nfg_path(request: pytest.FixtureRequest, gambit_games_dir: Path) -> Path:
    """Each ``.nfg`` file of the Gambit corpus in turn."""
    if request.param is None:
        pytest.fail(f"no .nfg files found under {gambit_games_dir}")
    path: Path = request.param
    return path


# ------------------------------------------------------------------------------ markers
#: Fixtures that read the Gambit corpus: tests using them are cross-checks.
_CORPUS_FIXTURES = {"gambit_games_dir", "gambit_nfg_path", "gambit_efg_path"}
_MENTIONS_PYGAMBIT: dict[str, bool] = {}


def _mentions_pygambit(path: str) -> bool:
    if path not in _MENTIONS_PYGAMBIT:
        try:
            _MENTIONS_PYGAMBIT[path] = "pygambit" in Path(path).read_text(encoding="utf-8")
        except OSError:
            _MENTIONS_PYGAMBIT[path] = False
    return _MENTIONS_PYGAMBIT[path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the cross-checks (``crosscheck``): tests that read the Gambit corpus or whose module
    compares with pygambit. CI runs everything; ``-m "not crosscheck"`` is the contributors'
    fast local run (see the README)."""
    for item in items:
        uses_corpus = bool(_CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())))
        if uses_corpus or _mentions_pygambit(str(item.fspath)):
            item.add_marker(pytest.mark.crosscheck)
