"""Rich display in notebooks: small HTML, Markdown and LaTeX builders shared by every room.

Jupyter and IPython show an object through its ``_repr_html_``, ``_repr_markdown_`` or
``_repr_latex_`` method when it has one. The games, results and equilibria of the engine
define those methods with the helpers here, so that every object renders alike: exact
values as fractions (``2/3`` in text, :math:`\\frac{2}{3}` in LaTeX), floats to ten
significant digits, formulas through sympy's LaTeX printer, every user-given name escaped.

This module knows no game types: it builds tables and lists from plain names and values.

>>> value_text(Fraction(2, 3)), value_latex(Fraction(-2, 3)), value_latex(5)
('2/3', '-\\\\frac{2}{3}', '5')
>>> print(markdown_table(["Player", "payoff"], [["Row | A", "1/2"]]))
| Player | payoff |
| --- | --- |
| Row \\| A | 1/2 |
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from gametheory._kernel.values import format_number

#: Largest number of table cells (or tree nodes, or rows) a rich display shows in full; a
#: larger object shows its first part and says how much was left out.
MAX_CELLS = 400

#: Characters of a one-line ``repr`` before it is cut with an ellipsis.
MAX_REPR = 160


def escape(text: Any) -> str:
    """``text`` made safe for HTML (``<``, ``>``, ``&`` and quotes escaped)."""
    return html.escape(str(text), quote=True)


def _is_sympy(v: Any) -> bool:
    return type(v).__module__.split(".")[0] == "sympy"


def value_text(v: Any) -> str:
    """Plain text of one value: exact ``"2/3"``, a float to ten significant digits, a formula
    as sympy prints it, anything else as ``str``."""
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, (Fraction, float, int)):
        return format_number(v) if not isinstance(v, int) else str(v)
    if type(v).__module__.split(".")[0] == "numpy" and hasattr(v, "item"):
        return value_text(v.item())
    if _is_sympy(v):
        import sympy

        return sympy.sstr(v)
    return str(v)


def value_latex(v: Any) -> str:
    """LaTeX of one value (without ``$``): ``\\frac{p}{q}`` for exact fractions, sympy's
    printer for formulas, escaped text otherwise."""
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        sign = "-" if v < 0 else ""
        return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return value_text(v)
    if type(v).__module__.split(".")[0] == "numpy" and hasattr(v, "item"):
        return value_latex(v.item())
    if _is_sympy(v):
        import sympy

        return str(sympy.latex(v))
    return latex_text(str(v))


def latex_text(text: str) -> str:
    """``text`` as a LaTeX ``\\text{...}`` with the special characters escaped."""
    out = str(text)
    for ch, rep in (("\\", r"\backslash "), ("{", r"\{"), ("}", r"\}"), ("_", r"\_"), ("%", r"\%"),
                    ("&", r"\&"), ("#", r"\#"), ("$", r"\$"), ("^", r"\^{}"), ("~", r"\~{}")):
        out = out.replace(ch, rep)
    return f"\\text{{{out}}}"


def shorten(text: str, limit: int = MAX_REPR) -> str:
    """``text`` cut to ``limit`` characters with ``...`` when longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------- HTML
def html_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    caption: str = "",
    row_header: bool = True,
    raw: bool = False,
) -> str:
    """An HTML table; cells are text (escaped) unless ``raw``; the first cell of each row is a
    header cell when ``row_header``. At most :data:`MAX_CELLS` cells are shown."""
    esc = (lambda s: str(s)) if raw else escape
    width = max(1, len(header))
    keep = max(1, MAX_CELLS // width)
    parts = ['<table class="gametheory">']
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    if header:
        parts.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows[:keep]:
        cells = []
        for k, c in enumerate(row):
            tag = "th" if row_header and k == 0 else "td"
            cells.append(f"<{tag}>{esc(c)}</{tag}>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    if len(rows) > keep:
        parts.append(f'<tr><td colspan="{width}">... {len(rows) - keep} more rows not shown</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def key_values_html(pairs: Sequence[tuple[str, Any]]) -> str:
    """A two-column table of names and values (values through :func:`value_text`)."""
    return html_table([], [[k, value_text(v) if not isinstance(v, str) else v] for k, v in pairs])


def nested_list_html(node: tuple[str, Sequence[tuple[str, Any]]]) -> str:
    """A tree as nested HTML lists. ``node`` is ``(label, [(edge label, child node), ...])``;
    at most :data:`MAX_CELLS` nodes are shown."""
    count = [0]

    def walk(n: tuple[str, Sequence[tuple[str, Any]]]) -> str:
        count[0] += 1
        label, edges = n
        if count[0] > MAX_CELLS:
            return ""
        inner = []
        for edge, child in edges:
            if count[0] >= MAX_CELLS:
                inner.append("<li>...</li>")
                break
            inner.append(f"<li><i>{escape(edge)}</i> &rarr; {walk(child)}</li>")
        body = f"<ul>{''.join(inner)}</ul>" if inner else ""
        return f"{escape(label)}{body}"

    return f'<div class="gametheory-tree">{walk(node)}</div>'


def notes_html(notes: Sequence[str]) -> str:
    """Diagnostics as a short bulleted list ('' when there are none)."""
    if not notes:
        return ""
    return "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"


def json_details_html(data: Any, summary: str = "JSON") -> str:
    """JSON data, indented, inside a collapsed ``<details>`` element."""
    text = json.dumps(data, indent=1)
    if len(text) > 20_000:
        text = text[:20_000] + "\n..."
    return f"<details><summary>{escape(summary)}</summary><pre>{escape(text)}</pre></details>"


def result_html(result: Any) -> str:
    """The default rich display of a :class:`~gametheory._kernel.results.Result`: a heading
    (class, method, arithmetic, time), its ``summary()`` or ``statement`` text when it has
    one, its diagnostics, and its full JSON folded away."""
    name = type(result).__name__
    head = (f"<b>{escape(name)}</b> &middot; {escape(result.method or 'result')} &middot; "
            f"{escape(result.arithmetic)} &middot; {result.elapsed * 1000:.3g} ms")
    body = ""
    summary = getattr(result, "summary", None)
    text = summary() if callable(summary) else getattr(result, "statement", None)
    if isinstance(text, str) and text:
        body = f"<pre>{escape(text)}</pre>"
    try:
        details = json_details_html(result.to_json())
    except (TypeError, ValueError) as exc:  # a value JSON cannot hold: say so rather than fail to show
        details = f"<p>(no JSON: {escape(exc)})</p>"
    return f"<div>{head}{body}{notes_html(result.diagnostics)}{details}</div>"


# ----------------------------------------------------------------------------- Markdown
def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table (``|`` in cells escaped)."""

    def cell(s: Any) -> str:
        return str(s).replace("|", "\\|").replace("\n", " ")

    width = max(1, len(header))
    keep = max(1, MAX_CELLS // width)
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[:keep]]
    if len(rows) > keep:
        lines.append(f"\n... {len(rows) - keep} more rows not shown")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- LaTeX
def latex_array(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A LaTeX ``array`` (cells already LaTeX), a rule under the header and after the first
    column, wrapped in ``$$``."""
    width = max(1, len(header))
    spec = "c|" + "c" * (width - 1)
    lines = [" & ".join(header) + r" \\ \hline"]
    lines += [" & ".join(row) + r" \\" for row in rows[: max(1, MAX_CELLS // width)]]
    return "$$\\begin{array}{" + spec + "}\n" + "\n".join(lines) + "\n\\end{array}$$"


def latex_lines(lines: Sequence[tuple[str, str]]) -> str:
    """Labelled formulas ``[(label text, latex), ...]`` aligned one per line, in ``$$``."""
    body = " \\\\\n".join(f"{latex_text(label)} &: \\; {tex}" for label, tex in lines)
    return "$$\\begin{aligned}\n" + body + "\n\\end{aligned}$$"


def mapping_text(m: Mapping[str, Any]) -> str:
    """``{a: 1/2, b: 1/2}`` for a mapping of names to values."""
    return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in m.items()) + "}"
