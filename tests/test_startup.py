"""Start-up: the command line's help, and importing the package, load no heavy library.

Each check runs in a fresh interpreter (a test process has long since imported numpy).
There are no timing assertions: ``benchmarks/bench_startup.py`` measures the time.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gametheory.cli._shared import FORMAT_ALIASES
from gametheory.cli.main import COMMANDS, cli

HEAVY = ("numpy", "scipy", "sympy", "matplotlib")

_PROBE = """
import json, sys
{setup}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("gametheory.cli."))))
"""

_HELP = """
import contextlib, io
from gametheory.cli.main import main
sys.argv = ["gametheory", "--help"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
"""


def _loaded(setup: str) -> tuple[list[str], list[str]]:
    """(heavy libraries, gametheory.cli submodules) loaded in a fresh interpreter by ``setup``."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(setup=setup, heavy=HEAVY)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout.splitlines()
    return json.loads(out[-2]), json.loads(out[-1])


@pytest.mark.parametrize("setup", ["import gametheory", "import gametheory.cli.main", _HELP],
                         ids=["import gametheory", "import gametheory.cli.main", "gametheory --help"])
def test_no_heavy_library_at_start(setup: str) -> None:
    heavy, commands = _loaded(setup)
    assert heavy == []
    assert all(m == "gametheory.cli.main" for m in commands), commands  # no command module either


def test_command_table_matches_the_commands() -> None:
    """Every table entry names a click command of that name whose summary is the table's."""
    for name, (target, summary) in COMMANDS.items():
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        assert command.name == name
        first_paragraph = " ".join((command.help or "").split("\n\n")[0].split())
        assert first_paragraph == summary, name


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in COMMANDS:
        assert f"  {name} " in out


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["sovle"])
    assert result.exit_code == 2
    assert "No such command 'sovle'" in result.output


@pytest.mark.parametrize("old", sorted(FORMAT_ALIASES))
def test_old_format_word_still_works(old: str) -> None:
    """``--format text`` (the old word) is ``--format table``; it is not listed in the help."""
    runner = CliRunner()
    new = runner.invoke(cli, ["reduce", "--example", "prisoners-dilemma", "--format", FORMAT_ALIASES[old]])
    assert new.exit_code == 0, new.output
    same = runner.invoke(cli, ["reduce", "--example", "prisoners-dilemma", "-f", old])
    assert same.exit_code == 0, same.output
    assert same.output.split("\n", 1)[1] == new.output.split("\n", 1)[1]  # the first line has the time
    assert old not in runner.invoke(cli, ["reduce", "--help"]).output.split("--format")[1].split("\n")[0]
    bad = runner.invoke(cli, ["solve", "--example", "prisoners-dilemma", "-f", "yaml"])
    assert bad.exit_code == 2 and "'table', 'json', 'csv'" in bad.output


def test_moved_names_still_load_from_main() -> None:
    import gametheory.cli.main as main_module
    from gametheory.cli import _shared, solve_cmd

    with pytest.warns(DeprecationWarning, match="moved to gametheory.cli._shared"):
        assert main_module.parse_matrix is _shared.parse_matrix
    with pytest.warns(DeprecationWarning):
        assert main_module.render_result is solve_cmd.render_result
    with pytest.raises(AttributeError):
        main_module.no_such_name  # noqa: B018


def test_methods_loads_no_solver_module() -> None:
    """The registry names its functions by reference: listing it imports no solver."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from gametheory.normal.solvers import METHODS; "
         "print(sorted(m for m in sys.modules if m.startswith(('gametheory.normal.solvers.', 'numpy'))))"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout.strip()
    assert loaded == "['gametheory.normal.solvers.registry']"


def test_lazy_export_may_not_shadow_a_submodule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exported name that is also a submodule's name would be replaced by the module on
    import; attach refuses it."""
    pkg = tmp_path / "lazypkg"
    pkg.mkdir()
    (pkg / "solve.py").write_text("def solve():\n    return 1\n")
    (pkg / "__init__.py").write_text(
        "from gametheory._kernel.lazy import attach\n"
        "__getattr__, __dir__ = attach(__name__, {'solve': 'lazypkg.solve'})\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match=r"\['solve'\] are also submodules"):
        importlib.import_module("lazypkg")


def test_lazy_function_resolves_on_first_call() -> None:
    from gametheory._kernel.lazy import LazyFunction
    from gametheory.normal.solvers import METHODS
    from gametheory.normal.solvers.pure import pure_solve

    ref = METHODS["pure"][0]
    assert isinstance(ref, LazyFunction)
    assert ref.resolve() is pure_solve
    with pytest.raises(ValueError, match="module:attribute"):
        LazyFunction("no_colon")


def _suite_modules() -> tuple[str, ...]:
    """The suite's model modules, read from models/__init__.py's SUITE table (no import)."""
    import ast
    from pathlib import Path

    src = (Path(__file__).resolve().parents[1] / "models" / "__init__.py").read_text()
    for node in ast.parse(src).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "SUITE":
            return tuple(sorted(v.elts[0].value.rsplit(".", 1)[1] for v in node.value.values))
    raise AssertionError("models/__init__.py has no SUITE table")


SUITE_MODULES = _suite_modules()


def _models_loaded(setup: str) -> list[str]:
    """Which of the suite's model modules a fresh interpreter has imported after ``setup``."""
    probe = (f"import sys\n{setup}\nprint(sorted(m.rsplit('.', 1)[1] for m in sys.modules "
             f"if m.rsplit('.', 1)[-1] in {SUITE_MODULES!r} and m.startswith('gametheory.models.')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.splitlines()[-1].replace("'", '"'))


def test_importing_the_suite_imports_no_model() -> None:
    """``import gametheory.models`` and listing the names declare the models without importing them."""
    assert _models_loaded("from gametheory.models import MODELS, get_model\nprint(sorted(MODELS), len(MODELS))") == []


def test_one_model_imports_only_its_module() -> None:
    assert _models_loaded("from gametheory.models import get_model\nget_model('shaping')") == ["shaping"]
    assert _models_loaded("from gametheory.models import MODELS\nMODELS['ultimatum']") == ["ultimatum"]
    # a fresh process that knows only the engine's registry finds the suite through its entry point
    assert _models_loaded("from gametheory.modeling.registry import get_model\nget_model('ultimatum')") == [
        "ultimatum"]


def test_model_command_imports_only_its_model() -> None:
    setup = ("import contextlib, io\nfrom gametheory.cli.main import main\n"
             "sys.argv = ['gametheory', 'model', 'shaping', '--no-flips']\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try:\n        main()\n    except SystemExit:\n        pass")
    assert _models_loaded(setup) == ["shaping"]


def test_lazy_suite_is_the_registry() -> None:
    """MODELS maps names to the very classes the registry holds; classes import by name too."""
    import gametheory.models as suite
    from gametheory.modeling import registry

    assert sorted(suite.MODELS) == sorted(SUITE_MODULES) and len(suite.MODELS) == len(suite.SUITE) >= 8
    assert suite.MODELS["patron"] is registry.model_class("patron") is suite.Patron
    assert "patron" in suite.MODELS and "nonesuch" not in suite.MODELS
    with pytest.raises(KeyError):
        suite.MODELS["nonesuch"]
    with pytest.raises(AttributeError):
        suite.NoSuchModel  # noqa: B018
    assert set(SUITE_MODULES) <= set(registry.registered())
    assert set(SUITE_MODULES) <= set(registry.model_names())
    assert registry.is_registered(suite.get_model("shaping"))


@pytest.mark.parametrize("name", ["escalation", "extended_deterrence", "deterrence", "shaping", "ultimatum"])
def test_model_command_runs_without_sympy(name: str) -> None:
    """The numeric path of these models (exact solve, exact flips by piecewise backward
    induction or closed forms) needs no sympy; only their symbolic regimes load it."""
    setup = ("import contextlib, io, os\nos.environ['GAMETHEORY_CACHE'] = 'off'\n"
             "from gametheory.cli.main import main\n"
             f"sys.argv = ['gametheory', 'model', {name!r}]\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try:\n        main()\n    except SystemExit:\n        pass")
    out = subprocess.run([sys.executable, "-c", _PROBE.format(setup=setup, heavy=HEAVY)], capture_output=True,
                         text=True, check=True, timeout=300)
    assert "sympy" not in json.loads(out.stdout.splitlines()[-2])
