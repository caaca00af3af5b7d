"""The plan of the house, checked: doors point one way, no cycles, a cheap start.

The import graph is read from the source (every ``import`` statement, including those
inside functions; imports under ``if TYPE_CHECKING:`` are for type checkers only and do
not count). Rooms and the order of their doors are documented in ``docs/map.md``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"gametheory": ROOT / "gametheory", "gametheory.models": ROOT / "models", "gametheory.cli": ROOT / "cli"}


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for prefix, folder in SOURCES.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = path
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """Modules of ours that ``name`` imports at run time (anywhere in the file)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    found: set[str] = set()

    def target(mod: str) -> str | None:
        while mod and mod not in MODULES:
            mod = mod.rpartition(".")[0]
        return mod or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("gametheory"):
                    t = target(alias.name)
                    if t:
                        found.add(t)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.startswith("gametheory"):
                for alias in node.names:
                    sub = f"{mod}.{alias.name}"
                    t = sub if sub in MODULES else target(mod)
                    if t:
                        found.add(t)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_graph_sees_every_module() -> None:
    assert "gametheory.normal.game" in GRAPH and "gametheory.models" in GRAPH and "gametheory.cli.main" in GRAPH
    assert "gametheory.normal.game" in GRAPH["gametheory.dispatch"]


def test_no_import_cycle() -> None:
    # A package's __init__ re-exporting its own modules is not a door between rooms: drop
    # the edges from a module to the packages that contain it before looking for cycles.
    graph = {m: {t for t in ts if t not in _parents(m)} for m, ts in GRAPH.items()}
    assert _cycles(graph) == []


def test_the_engine_never_imports_the_models_or_the_cli() -> None:
    bad = {
        m: sorted(t for t in ts if t.startswith(("gametheory.models", "gametheory.cli")))
        for m, ts in GRAPH.items()
        if not m.startswith(("gametheory.models", "gametheory.cli"))
    }
    assert {m: ts for m, ts in bad.items() if ts} == {}


def test_the_kernel_imports_nothing_but_itself_and_errors() -> None:
    bad = {
        m: sorted(t for t in ts if not t.startswith(("gametheory._kernel", "gametheory.errors")))
        for m, ts in GRAPH.items()
        if m.startswith("gametheory._kernel")
    }
    assert {m: ts for m, ts in bad.items() if ts} == {}


def test_the_normal_room_does_not_reach_up() -> None:
    allowed = ("gametheory._kernel", "gametheory.errors", "gametheory.normal")
    bad = {
        m: sorted(t for t in ts if not t.startswith(allowed))
        for m, ts in GRAPH.items()
        if m.startswith("gametheory.normal")
    }
    assert {m: ts for m, ts in bad.items() if ts} == {}


#: The formula layer of the symbolic room (expressions, parameters): the one part of it that
#: lower rooms may use.
FORMULA_LAYER = ("gametheory.symbolic.expr", "gametheory.symbolic.parameters")


def test_the_extensive_room_uses_only_the_formula_layer_of_symbolic() -> None:
    # symbolic.spe/regimes/game import extensive; the way back is only to the formula layer
    # (a symbolic tree's normal form comes through a registration hook, see extensive.reduced)
    bad = {
        m: sorted(t for t in ts if t.startswith("gametheory.symbolic") and t not in FORMULA_LAYER)
        for m, ts in GRAPH.items()
        if m.startswith("gametheory.extensive")
    }
    assert {m: ts for m, ts in bad.items() if ts} == {}


def test_the_normal_room_imports_nothing_symbolic() -> None:
    bad = {
        m: sorted(t for t in ts if t.startswith("gametheory.symbolic"))
        for m, ts in GRAPH.items()
        if m.startswith("gametheory.normal")
    }
    assert {m: ts for m, ts in bad.items() if ts} == {}


HEAVY = ("sympy", "scipy", "matplotlib", "numpy")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.split()


@pytest.mark.parametrize(
    "code",
    [
        "import gametheory",
        "import gametheory as gt; gt.__dir__(); gt.GameError",
        "import gametheory._compat",
    ],
)
def test_import_gametheory_loads_no_heavy_library(code: str) -> None:
    assert _loaded_after(code) == []


def test_lazy_names_resolve_to_their_modules() -> None:
    import gametheory as gt
    from gametheory.normal.game import NormalFormGame

    assert gt.NormalFormGame is NormalFormGame
    for name in gt.__all__:
        assert getattr(gt, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        gt.nonexistent  # noqa: B018


def test_old_paths_are_the_same_modules_with_a_warning() -> None:
    import importlib

    from gametheory._compat import OLD_PATHS

    for old, new in OLD_PATHS.items():
        sys.modules.pop(old, None)
        with pytest.warns(DeprecationWarning, match="moved to"):
            mod = importlib.import_module(old)
        assert mod is importlib.import_module(new), old


def test_every_package_folder_is_installed() -> None:
    """pyproject.toml lists packages explicitly (models/ and cli/ are mapped into the
    package): a new room or sub-package must be listed, or `pip install .` drops it."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    present = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    assert present - listed == set()
    assert listed - present == set()
