"""griffe extensions for the generated API reference (mkdocs.yml loads them).

The package's docstrings are numpydoc with Sphinx markup: roles (``:func:`solve```,
``:math:`v(S)```), ``.. math::`` blocks, ``text::`` literal blocks and doctest examples
anywhere in the text. mkdocstrings reads Markdown, where a doctest line ``>>> x`` becomes a
nested quote and ``:func:`` stays literal. :class:`SphinxMarkup` rewrites the docstrings as
they are loaded -- the source files are not changed:

* doctest examples outside an ``Examples`` section -> ``pycon`` code blocks;
* ``:func:`x```, ``:class:``, ``:meth:``, ``:mod:``, ``:data:``, ``:attr:``, ``:exc:``,
  ``:obj:`` -> optional cross-references (a link where the target is documented, the name in
  code otherwise; ``~`` shows the last component only, as in Sphinx);
* ``:math:`x``` -> inline math, ``.. math::`` -> display math (pymdownx.arithmatex);
* ``text::`` -> ``text:`` (the indented block after it is a code block in Markdown too);
* ``#:`` comments above a module or class attribute become its docstring (as in Sphinx).

:class:`DataclassInitFalse` fixes a griffe limitation: it writes an ``__init__`` for every
dataclass from the fields of its dataclass bases, even for ``@dataclass(init=False)`` classes
that inherit a hand-written ``__init__`` (``CoalitionalGame`` inherits
``TUGame.__init__(players, values, *, default)``), so the page showed a wrong signature and the
strict build rejected the real parameters. It points such a class's ``__init__`` at its base's
before griffe's dataclass support runs.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(func|class|meth|mod|data|attr|exc|obj):`([^`]+)`")
_MATH = re.compile(r":math:`([^`]+)`")
_SECTION = re.compile(r"^-{3,}\s*$")


def _target(obj: griffe.Object, text: str, kind: str = "obj") -> tuple[str, str]:
    """(identifier, shown text) of a role's content, resolved in ``obj``'s scope (as in Sphinx,
    ``:meth:`` and ``:attr:`` look in the enclosing class first, the other roles in the module)."""
    m = re.fullmatch(r"(.*?)\s*<([^>]+)>", text)
    title, name = (m.group(1), m.group(2)) if m else (None, text)
    short = name.startswith("~")
    name = name.lstrip("~.").removesuffix("()")
    shown = title or (name.rsplit(".", 1)[-1] if short else name)
    if name.startswith("gametheory."):
        return name, shown
    head, _, rest = name.partition(".")
    scope: griffe.Object | None = obj if kind in ("meth", "attr", "obj") else obj.module
    while scope is not None:
        try:
            full = scope.resolve(head)
        except (griffe.NameResolutionError, AttributeError, KeyError):
            scope = scope.parent
            continue
        return (f"{full}.{rest}" if rest else full), shown
    return name, shown


def _role(obj: griffe.Object, m: re.Match[str]) -> str:
    kind, text = m.group(1), m.group(2)
    ident, shown = _target(obj, text, kind)
    if kind in ("func", "meth"):
        shown += "()"
    return f'<autoref identifier="{html.escape(ident)}" optional><code>{html.escape(shown)}</code></autoref>'


def _markdown(obj: griffe.Object, text: str) -> str:
    out: list[str] = []
    lines = text.split("\n")
    fence = False
    in_examples = False
    k = 0
    while k < len(lines):
        line = lines[k]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if not fence and k + 1 < len(lines) and stripped and _SECTION.match(lines[k + 1].strip()):
            in_examples = stripped == "Examples"
        if fence:
            out.append(line)
            k += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith(">>>") and not in_examples:
            block = []
            while k < len(lines) and lines[k].strip():
                block.append(lines[k][len(indent):] if lines[k].startswith(indent) else lines[k].strip())
                k += 1
            out += ["", indent + "```pycon", *(indent + b for b in block), indent + "```", ""]
            continue
        if stripped.startswith(".. math::"):
            body = [stripped[len(".. math::"):].strip()]
            k += 1
            while k < len(lines) and (not lines[k].strip() or lines[k].startswith(indent + " ")):
                body.append(lines[k].strip())
                k += 1
            formula = " ".join(b for b in body if b)
            out += ["", indent + "\\[", indent + formula, indent + "\\]", ""]
            continue
        if line.rstrip().endswith("::") and not line.rstrip().endswith(" ::"):
            line = line.rstrip()[:-1]
        elif line.strip() == "::":
            line = ""
        out.append(line)
        k += 1
    # roles may run over a line break: substitute on the whole text, outside code blocks
    parts = re.split(r"(^\s*```[\s\S]*?^\s*```\s*$)", "\n".join(out), flags=re.MULTILINE)
    for n in range(0, len(parts), 2):
        parts[n] = _MATH.sub(lambda m: "\\(" + m.group(1) + "\\)", parts[n])
        parts[n] = _ROLE.sub(lambda m: _role(obj, m), parts[n])
    return "".join(parts)


def _objects(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if isinstance(member, griffe.Object):  # not an Alias (documented where it is defined)
            yield from _objects(member)


def _comment_doc(obj: griffe.Object) -> str | None:
    """The ``#:`` comment lines just above an attribute (Sphinx's attribute docs), if any."""
    try:
        lines = obj.lines_collection[obj.filepath]  # type: ignore[index]
    except (KeyError, TypeError, griffe.BuiltinModuleError):
        return None
    k = (obj.lineno or 0) - 2
    found: list[str] = []
    while k >= 0 and lines[k].strip().startswith("#:"):
        found.insert(0, lines[k].strip()[2:].strip())
        k -= 1
    return " ".join(found) or None


class SphinxMarkup(griffe.Extension):
    """Rewrite Sphinx markup in docstrings as Markdown for mkdocstrings."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is None and obj.is_attribute and (text := _comment_doc(obj)):
                obj.docstring = griffe.Docstring(text, parent=obj)
            if obj.docstring is not None:
                obj.docstring.value = _markdown(obj, obj.docstring.value)


def _init_false(cls: griffe.Class) -> bool:
    return any(
        str(dec.value).startswith(("dataclass(", "dataclasses.dataclass("))
        and "init=False" in str(dec.value).replace(" ", "")
        for dec in cls.decorators
    )


class DataclassInitFalse(griffe.Extension):
    """Give ``@dataclass(init=False)`` classes their base's ``__init__``, not a generated one."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if (obj.is_class and "__init__" not in obj.members and _init_false(obj)
                    and len(obj.bases) == 1):
                base = obj.bases[0]
                path = base.canonical_path if isinstance(base, griffe.Expr) else str(base)
                obj.set_member("__init__", griffe.Alias("__init__", f"{path}.__init__", parent=obj))
