"""The documentation site builds with warnings as errors, and its API pages cover the public API.

The site (``mkdocs.yml``: mkdocs-material over ``docs/``, API pages generated from the
docstrings by mkdocstrings) is built once per run with ``mkdocs build --strict`` into a
temporary folder; any warning -- a broken link between pages, a page missing from the
navigation, a docstring the numpydoc parser cannot read, an unresolved cross-reference --
fails the build and so this test. Without the ``docs`` packages the tests are skipped
locally; under ``CI=true`` they fail, so CI never passes without building the site.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API = DOCS / "api"

#: API page (docs/api/NAME.md) -> the module whose ``__all__`` the page must document.
#: gametheory.normal has no names of its own; its page documents its modules, among them
#: gametheory.normal.solvers.
ROOMS = {
    "gametheory": "gametheory",
    "normal": "gametheory.normal.solvers",
    "extensive": "gametheory.extensive",
    "symbolic": "gametheory.symbolic",
    "bayesian": "gametheory.bayesian",
    "dynamic": "gametheory.dynamic",
    "cooperative": "gametheory.cooperative",
    "sensitivity": "gametheory.sensitivity",
    "modeling": "gametheory.modeling",
    "io": "gametheory.io",
}

_DOCS_PACKAGES = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python", "griffe")


def _require_docs_packages() -> None:
    missing = [name for name in _DOCS_PACKAGES if importlib.util.find_spec(name.split(".")[0]) is None
               or importlib.util.find_spec(name) is None]
    if missing:
        message = (f"the docs packages are not installed ({', '.join(missing)}): "
                   "pip install -e '.[test]' (or '.[docs]')")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build the site once: (the finished ``mkdocs build --strict`` process, output folder)."""
    _require_docs_packages()
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    return proc, out


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_site_builds_strict_without_warnings(site: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = site
    log = proc.stdout + proc.stderr
    warnings = [line for line in log.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert proc.returncode == 0 and not warnings, "mkdocs build --strict failed:\n" + log[-6000:]
    assert (out / "index.html").is_file()
    assert (out / "search" / "search_index.json").is_file(), "the site has no search index"


def test_every_docs_page_is_in_the_navigation() -> None:
    """Every page of docs/ is listed in mkdocs.yml's nav (the strict build checks this too)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", config, flags=re.MULTILINE))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert pages - listed == set(), "pages missing from the nav of mkdocs.yml"
    assert listed - pages == set(), "the nav of mkdocs.yml lists pages that do not exist"


@pytest.mark.parametrize("page", sorted(ROOMS))
def test_api_page_documents_every_public_name(
    site: tuple[subprocess.CompletedProcess[str], Path], page: str
) -> None:
    """Each name in a room's ``__all__`` has an anchor on its API page (or, for a module such as
    ``gametheory.tree``, its own anchor somewhere in the API reference)."""
    proc, out = site
    assert proc.returncode == 0, "the site did not build (see test_site_builds_strict_without_warnings)"
    mod = importlib.import_module(ROOMS[page])
    ids = _ids((out / "api" / page / "index.html").read_text(encoding="utf-8"))
    all_ids = set().union(*(_ids(p.read_text(encoding="utf-8")) for p in (out / "api").rglob("index.html")))
    missing = []
    for name in mod.__all__:
        value = getattr(mod, name)
        if isinstance(value, type(sys)):
            if value.__name__ not in all_ids:
                missing.append(name)
        elif not any(i == f"{mod.__name__}.{name}" or i.endswith(f".{name}") for i in ids):
            missing.append(name)
    assert missing == [], f"docs/api/{page}.md does not document {missing}"


def test_api_pages_render_docstrings_as_markdown(site: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """Sphinx markup of the docstrings is rewritten (docs/api/griffe_ext.py): no literal roles,
    doctests as code blocks (not nested quotes), roles as links, math for MathJax."""
    proc, out = site
    assert proc.returncode == 0
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (out / "api").glob("*/index.html")}
    for name, html in pages.items():
        assert not re.search(r":(func|class|meth|mod|data|attr|exc|math):<code>", html), name
        assert "<blockquote>\n<blockquote>" not in html, f"{name}: a doctest rendered as nested quotes"
    top = pages["gametheory"]
    assert 'class="gp">&gt;&gt;&gt; </span>' in top          # the module doctest, highlighted
    coop = pages["cooperative"]
    assert re.search(r'<a class="autorefs[^"]*"[^>]*href="[^"]*#gametheory\.cooperative\.shapley_value"', coop)
    assert 'class="arithmatex"' in coop
    # CoalitionalGame shows its real constructor TUGame.__init__(players, values, *, default)
    heading = coop.index('id="gametheory.cooperative.CoalitionalGame"')
    signature = coop[heading: coop.index("</code>", coop.index("doc-signature", heading))]
    assert "values" in signature and "_values" not in signature


def test_sphinx_markup_rewrite() -> None:
    """The docstring rewrite on a small module: doctest, roles, math, literal block."""
    _require_docs_packages()
    import griffe

    sys.path.insert(0, str(API))
    try:
        ext = importlib.import_module("griffe_ext")
    finally:
        sys.path.remove(str(API))
    code = '''
def helper():
    """Help."""

def f(x):
    """Use :func:`helper` or :func:`~pkg.mod.other`; :math:`x^2` is
    :math:`\\\\ge 0`. Example::

        f(1)

    >>> f(1)
    1

    .. math:: a + b
              = c
    """

class C:
    def helper(self):
        """A method of the same name."""

    def g(self):
        """Not the method: :func:`helper`; the method: :meth:`helper`."""
'''
    with griffe.temporary_visited_module(code) as module:
        text = ext._markdown(module["f"], module["f"].docstring.value)
        method = ext._markdown(module["C.g"], module["C.g"].docstring.value)
    assert '<autoref identifier="module.helper" optional>' in method
    assert '<autoref identifier="module.C.helper" optional>' in method
    assert '<autoref identifier="module.helper" optional><code>helper()</code></autoref>' in text
    assert '<autoref identifier="pkg.mod.other" optional><code>other()</code></autoref>' in text
    assert "\\(x^2\\)" in text and "\\(\\ge 0\\)" in text
    assert "Example:\n" in text and "::" not in text
    assert "```pycon\n>>> f(1)\n1\n```" in text
    assert "\\[\na + b = c\n\\]" in text
