"""The engine's side of a decision brief: the :class:`Brief` result, the probability
yardstick and the four renderers (text, Markdown, HTML, JSON).

Nothing here knows the Europe-Russia-US suite: which questions a brief asks, which model
answers each and which outcomes count as "yes" are the suite's business
(:mod:`gametheory.models.brief` builds the :class:`Brief`). This module only holds the
computed cells and words and lays them out.

**Probability words.** Every probability in a headline is put into words with the UK
Defence Intelligence / Professional Head of Intelligence Assessment (PHIA) *probability
yardstick* (2018 update), :data:`YARDSTICK`. The yardstick leaves gaps between its ranges
(5-10%, 20-25%, 35-40%, 50-55%, 75-80%, 90-95%) on purpose, to discourage false precision.
A value in a gap gets the word of the nearer range; a value exactly half-way gets the word
of the range nearer to 50% (the more cautious word). :func:`probability_word` says whether
the value fell in a gap, and the brief's JSON keeps the exact value beside the word.

>>> from fractions import Fraction
>>> probability_word(Fraction(3, 100)).word, probability_word(Fraction(1, 2)).word
('remote', 'realistic possibility')
>>> w = probability_word(Fraction(52, 100)); (w.word, w.in_gap)
('realistic possibility', True)
"""

from __future__ import annotations

import html as _html
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.text import readable

__all__ = ["YARDSTICK", "YARDSTICK_SOURCE", "Brief", "BriefBullet", "BriefCell", "BriefQuestion", "ProbabilityWord",
           "probability_word"]

#: The PHIA probability yardstick: (low, high, word), probabilities as exact fractions.
YARDSTICK: tuple[tuple[Fraction, Fraction, str], ...] = (
    (Fraction(0), Fraction(5, 100), "remote"),
    (Fraction(10, 100), Fraction(20, 100), "highly unlikely"),
    (Fraction(25, 100), Fraction(35, 100), "unlikely"),
    (Fraction(40, 100), Fraction(50, 100), "realistic possibility"),
    (Fraction(55, 100), Fraction(75, 100), "likely"),
    (Fraction(80, 100), Fraction(90, 100), "highly likely"),
    (Fraction(95, 100), Fraction(1), "almost certain"),
)

#: The citation printed with every brief.
YARDSTICK_SOURCE = ("UK Defence Intelligence / Professional Head of Intelligence Assessment (PHIA), "
                    "'Probability yardstick', 2018 update")


@dataclass(frozen=True)
class ProbabilityWord:
    """A probability's yardstick word: ``word``, its range ``low``-``high`` and whether the
    value lay in a gap between ranges (``in_gap``)."""

    word: str
    low: Fraction
    high: Fraction
    in_gap: bool


def probability_word(p: Fraction | float | int) -> ProbabilityWord:
    """The yardstick word of probability ``p`` (gaps go to the nearer range; exactly
    half-way, to the range nearer to 50%)."""
    x = Fraction(p) if not isinstance(p, float) else Fraction(p).limit_denominator(10**9)
    if x < 0 or x > 1:
        raise GameError(f"a probability must lie in [0, 1], got {readable(x)}")
    best: tuple[Fraction, Fraction, int] | None = None
    for i, (lo, hi, _) in enumerate(YARDSTICK):
        dist = lo - x if x < lo else (x - hi if x > hi else Fraction(0))
        centre = abs((lo + hi) / 2 - Fraction(1, 2))
        key = (dist, centre, i)
        if best is None or key < best:
            best = key
    assert best is not None
    lo, hi, word = YARDSTICK[best[2]]
    return ProbabilityWord(word, lo, hi, best[0] > 0)


def _pct(p: Fraction | None) -> str:
    return "-" if p is None else readable(p, "probability")


@dataclass(frozen=True)
class BriefQuestion:
    """One column of the brief: a question, the model that answers it, and what it rests on.

    ``key``, ``label`` (the question), ``short`` (its column header), ``yes`` (what a "yes"
    means, as a phrase starting with its subject), ``model`` (the model cited),
    ``yes_outcomes`` (the outcome keys counted as "yes"; empty: the cell reports the most
    frequent outcome), ``mechanism`` (one line: why the model answers as it does),
    ``changes`` (what would change this view, in world variables, at ``changes_at``),
    ``disagreement`` (where other models answer differently, and why; empty if none),
    ``together`` (how to read this column with another where their answers look at odds, and
    why both hold; empty if none).
    """

    key: str
    label: str
    short: str
    yes: str
    model: str
    yes_outcomes: tuple[str, ...] = ()
    mechanism: str = ""
    changes: tuple[str, ...] = ()
    changes_at: str = ""
    disagreement: str = ""
    extra: bool = False
    together: str = ""


@dataclass(frozen=True)
class BriefCell:
    """One cell: the answer to ``question`` in ``scenario``.

    ``outcome``/``headline`` are the cited model's outcome at the scenario's nominal world
    state; ``answer`` is the short text of the table; ``probability`` is the frequency of a
    "yes" over the scenario's ranges (``draws`` draws, each classified by the model's exact outcome rule; ``interval`` its 95% Wilson
    interval) or, when the scenario varies nothing the model reads (``draws == 0``), 1 or 0
    at the one nominal point; ``word`` its yardstick word; ``detail`` a quantity behind the
    answer (e.g. the range of acceptable caps); ``illustrative`` whether it rests on
    illustrative values.
    """

    question: str
    scenario: str
    model: str
    outcome: str
    headline: str
    answer: str
    probability: Fraction
    word: str
    interval: tuple[float, float] | None = None
    draws: int = 0
    varied: tuple[str, ...] = ()
    detail: str = ""
    illustrative: bool = True


@dataclass(frozen=True)
class BriefBullet:
    """A bottom-line bullet: ``text`` in words, resting on ``question`` in ``scenarios``."""

    question: str
    text: str
    scenarios: tuple[str, ...] = ()


#: Heading of the section on answers that change when models feed each other.
LINKED_HEADING = "When the models feed each other (gametheory links)"


@dataclass(frozen=True, kw_only=True)
class Brief(Result):
    """A decision brief: bottom line, scenario table, mechanisms, what would change the view,
    structural disagreements, what the models do not cover, and sources.

    Built by the suite (:func:`gametheory.models.brief.build_brief`); rendered by
    :meth:`render` as ``"text"``, ``"markdown"``, ``"html"`` or ``"json"``.
    :meth:`from_json` rebuilds the same object from its JSON.
    """

    title: str
    scenarios: tuple[dict[str, Any], ...]
    questions: tuple[BriefQuestion, ...]
    cells: tuple[BriefCell, ...]
    bullets: tuple[BriefBullet, ...] = ()
    not_covered: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    #: With ``linked``: the answers that change when models feed each other (one line each).
    linked: tuple[str, ...] = ()
    draws: int = 0
    seed: int | None = 0
    charts: tuple[dict[str, str], ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    # ------------------------------------------------------------------ access
    @property
    def illustrative(self) -> bool:
        """Whether any cell rests on illustrative values."""
        return any(c.illustrative for c in self.cells)

    def cell(self, scenario: str, question: str) -> BriefCell:
        """The cell of ``question`` in ``scenario``."""
        for c in self.cells:
            if c.scenario == scenario and c.question == question:
                return c
        raise GameError(f"the brief has no cell for question {question!r} in scenario {scenario!r}")

    def question(self, key: str) -> BriefQuestion:
        for q in self.questions:
            if q.key == key:
                return q
        raise GameError(f"the brief has no question {key!r}")

    def table(self) -> dict[str, dict[str, str]]:
        """``{scenario: {question: answer text}}``, the table as a reader sees it."""
        return {s["name"]: {q.key: self.cell(s["name"], q.key).answer for q in self.questions}
                for s in self.scenarios}

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        return {
            **self.common_json(),
            "title": self.title,
            "illustrative": self.illustrative,
            "yardstick": {"source": YARDSTICK_SOURCE,
                          "ranges": [{"word": w, "low": str(lo), "high": str(hi)} for lo, hi, w in YARDSTICK],
                          "gaps": "a value between ranges takes the nearer range's word; exactly half-way, the "
                                  "word of the range nearer to 50%"},
            "draws": self.draws,
            "seed": self.seed,
            "scenarios": json_value(list(self.scenarios)),
            "questions": [json_value(q) for q in self.questions],
            "bottom_line": [json_value(b) for b in self.bullets],
            "cells": [json_value(c) for c in self.cells],
            "table": self.table(),
            "not_covered": list(self.not_covered),
            "linked": list(self.linked),
            "sources": list(self.sources),
            "charts": [dict(c) for c in self.charts],
            "timings": json_value(self.timings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Brief:
        """The :class:`Brief` whose :meth:`to_json` is ``data``."""
        def tup(x: Any) -> Any:
            return tuple(x) if isinstance(x, list) else x

        questions = tuple(BriefQuestion(**{k: tup(v) for k, v in q.items()}) for q in data["questions"])
        cells = []
        for c in data["cells"]:
            d = dict(c)
            d["probability"] = Fraction(d["probability"])
            d["interval"] = tuple(d["interval"]) if d["interval"] is not None else None
            d["varied"] = tuple(d["varied"])
            cells.append(BriefCell(**d))
        bullets = tuple(BriefBullet(**{k: tup(v) for k, v in b.items()}) for b in data["bottom_line"])
        return cls(
            method=data["method"], arithmetic=data["arithmetic"], elapsed=float(data["elapsed_seconds"]),
            parameters=data["parameters"], diagnostics=tuple(data["diagnostics"]),
            title=data["title"], scenarios=tuple(data["scenarios"]), questions=questions, cells=tuple(cells),
            bullets=bullets, not_covered=tuple(data["not_covered"]), sources=tuple(data["sources"]),
            linked=tuple(data.get("linked", ())),
            draws=data["draws"], seed=data["seed"], charts=tuple(data["charts"]), timings=dict(data["timings"]),
        )

    # ------------------------------------------------------------------ words
    def _uncertainty_line(self) -> str:
        varied = [s["name"] for s in self.scenarios if s.get("ranges")]
        point = [s["name"] for s in self.scenarios if not s.get("ranges")]
        out = (f"A percentage is how often the cell's answer holds over the scenario's ranges ({self.draws} draws "
               f"per scenario and model, each classified by the model's exact outcome rule, seed {self.seed}; 95% Wilson intervals in the JSON and HTML).")
        if point or any(c.draws == 0 for c in self.cells):
            out += (" A cell or scenario marked * rests on one point: the scenario "
                    "gives no range for any world variable its model reads, so its word is 100% or 0%.")
        if not varied:
            out = "No scenario here gives ranges: every word rests on one nominal point (100% or 0%)."
        return out

    def _illustrative_line(self) -> str:
        ill = [c for c in self.cells if c.illustrative]
        if len(ill) == len(self.cells):
            return ("Illustrative: every number rests on illustrative defaults (assumptions chosen to show the "
                    "mechanism), not estimates.")
        if not ill:
            return "Every number rests on sourced values."
        return (f"Illustrative: {len(ill)} of {len(self.cells)} cells rest on illustrative defaults "
                f"(marked 'illustrative' in the JSON).")

    def _yardstick_line(self) -> str:
        ranges = "; ".join(f"{w} {_pct(lo)}-{_pct(hi)}" for lo, hi, w in YARDSTICK)
        return (f"Probability words: {YARDSTICK_SOURCE}: {ranges}. Values in the yardstick's gaps take the nearer "
                f"range's word.")

    def _interval_text(self, c: BriefCell) -> str:
        if c.interval is None:
            return "one point, no ranges"
        return f"95% interval {_pct(Fraction(c.interval[0]).limit_denominator(10**6))}-" \
               f"{_pct(Fraction(c.interval[1]).limit_denominator(10**6))}, {c.draws} draws"

    # ------------------------------------------------------------------ text
    def to_text(self, width: int = 100) -> str:
        """The terminal form (at most ``width`` columns): bottom line and table first."""
        lines: list[str] = [self.title, "=" * min(len(self.title), width), ""]

        def wrap(text: str, indent: str = "", first: str = "") -> None:
            lines.extend(textwrap.wrap(text, width, initial_indent=first or indent, subsequent_indent=indent,
                                       break_on_hyphens=False) or [""])

        lines.append("Bottom line")
        for b in self.bullets:
            wrap(b.text, "  ", "* ")
        lines.append("")
        main = [q for q in self.questions if not q.extra]
        lines.extend(self._text_table(main, width))
        wrap(self._uncertainty_line())
        wrap(self._illustrative_line())
        lines.append("")
        extra = [q for q in self.questions if q.extra]
        if extra:
            lines.append("Added models (most frequent outcome and its frequency)")
            lines.extend(self._text_table(extra, width))
            lines.append("")
        lines.append("The questions: mechanism, and what would change the view")
        for q in self.questions:
            wrap(f"{q.label} ({q.model})", "  ", "- ")
            if q.mechanism:
                wrap(f"why: {q.mechanism}", "    ", "  ")
            if q.changes:
                lines.append(f"  what would change this view (in {q.changes_at}, one variable at a time):")
                for ch in q.changes:
                    wrap(ch, "      ", "    - ")
            if q.disagreement:
                wrap(f"models disagree: {q.disagreement}", "    ", "  ")
            if q.together:
                wrap(f"read with the other columns: {q.together}", "    ", "  ")
        lines.append("")
        if self.linked:
            lines.append(LINKED_HEADING)
            for n in self.linked:
                wrap(n, "  ", "* ")
            lines.append("")
        if self.not_covered:
            lines.append("Not covered by these models")
            for n in self.not_covered:
                wrap(n, "  ", "* ")
            lines.append("")
        if self.charts:
            lines.append("Charts")
            for chart in self.charts:
                if chart.get("text"):  # the character map carries its own title and caption
                    lines.extend(ln.rstrip() for ln in chart["text"].splitlines())
                    lines.append("")
                    continue
                lines.append(f"  {chart['title']}")
                if chart.get("caption"):
                    wrap(chart["caption"], "    ")
            lines.append("")
        lines.append("Sources")
        for s in self.sources:
            wrap(s, "    ", "  - ")
        wrap(self._yardstick_line(), "  ")
        for d in self.diagnostics:
            wrap(f"note: {d}", "  ")
        return "\n".join(lines) + "\n"

    def _text_table(self, questions: Sequence[BriefQuestion], width: int) -> list[str]:
        """The scenario table; too wide for ``width`` columns, it is split into tables of
        consecutive questions that fit (each with the scenario column), and one block per scenario
        only when a single question is too wide."""
        names = [s["name"] for s in self.scenarios]
        first = max([len("scenario"), *map(len, names)])
        cols = {q.key: max([len(q.short), *(len(self.cell(n, q.key).answer) for n in names)]) for q in questions}

        def table(qs: Sequence[BriefQuestion]) -> list[str]:
            out = ["  ".join([f"{'scenario':<{first}}", *(f"{q.short:<{cols[q.key]}}" for q in qs)]).rstrip()]
            out.append("  ".join(["-" * first, *("-" * cols[q.key] for q in qs)]))
            for n in names:
                row = [f"{n:<{first}}", *(f"{self.cell(n, q.key).answer:<{cols[q.key]}}" for q in qs)]
                out.append("  ".join(row).rstrip())
            return out

        def fits(g: Sequence[BriefQuestion]) -> bool:
            return first + sum(cols[x.key] + 2 for x in g) <= width

        groups: list[list[BriefQuestion]] = []
        for q in questions:
            if groups and fits([*groups[-1], q]):
                groups[-1].append(q)
            else:
                groups.append([q])
        # as many tables as needed, with the questions shared out evenly when that fits too
        k, qs = len(groups), list(questions)
        size = -(-len(qs) // k)
        even = [qs[i:i + size] for i in range(0, len(qs), size)]
        if len(even) == k and all(fits(g) for g in even):
            groups = even
        if any(first + 2 + cols[g[0].key] > width for g in groups):
            # one question too wide for the terminal: one block per scenario instead
            out: list[str] = []
            for n in names:
                out.append(n)
                out.extend(f"  {q.short}: {self.cell(n, q.key).answer}" for q in questions)
            return [*out, ""]
        lines: list[str] = []
        for g in groups:
            lines.extend([*table(g), ""])
        return lines

    # ------------------------------------------------------------------ markdown
    def to_markdown(self) -> str:
        """The brief as a Markdown page (GitHub-flavoured tables; charts as inline SVG)."""
        md: list[str] = [f"# {self.title}", "", "## Bottom line", ""]
        md.extend(f"* {b.text}" for b in self.bullets)
        md += ["", "## Scenarios side by side", ""]
        md.extend(self._md_table([q for q in self.questions if not q.extra]))
        extra = [q for q in self.questions if q.extra]
        if extra:
            md += ["", "Added models (most frequent outcome and its frequency):", ""]
            md.extend(self._md_table(extra))
        md += ["", self._uncertainty_line(), "", f"**{self._illustrative_line()}**", "",
               "## The questions", ""]
        for q in self.questions:
            md.append(f"### {q.label}")
            md.append("")
            md.append(f"Answered by `{q.model}`. {q.mechanism}")
            md.append("")
            if q.changes:
                md.append(f"What would change this view (in {q.changes_at}, one variable at a time):")
                md.append("")
                md.extend(f"* {ch}" for ch in q.changes)
                md.append("")
            if q.disagreement:
                md.append(f"**Models disagree.** {q.disagreement}")
                md.append("")
            if q.together:
                md.append(f"**Read with the other columns.** {q.together}")
                md.append("")
        if self.linked:
            md += [f"## {LINKED_HEADING}", ""]
            md.extend(f"* {n}" for n in self.linked)
            md.append("")
        if self.not_covered:
            md += ["## Not covered by these models", ""]
            md.extend(f"* {n}" for n in self.not_covered)
            md.append("")
        if self.charts:
            md += ["## Charts", ""]
            for chart in self.charts:
                # the SVG draws its own title and caption; without one, say them in words
                md += ([chart["svg"], ""] if chart.get("svg")
                       else [f"### {chart['title']}", "", chart.get("caption", ""), ""])
        md += ["## Sources", ""]
        md.extend(f"* {s}" for s in self.sources)
        md += [f"* {self._yardstick_line()}", ""]
        return "\n".join(md)

    def _md_table(self, questions: Sequence[BriefQuestion]) -> list[str]:
        def esc(t: str) -> str:
            return t.replace("|", "\\|")

        out = ["| scenario | " + " | ".join(esc(q.short) for q in questions) + " |",
               "|---|" + "---|" * len(questions)]
        for s in self.scenarios:
            cells = []
            for q in questions:
                c = self.cell(s["name"], q.key)
                cells.append(esc(f"{c.answer} ({c.word})"))
            out.append(f"| {esc(s['name'])} | " + " | ".join(cells) + " |")
        return out

    # ------------------------------------------------------------------ html
    def to_html(self) -> str:
        """A self-contained HTML page: inline CSS, inline SVG charts, readable when printed."""
        e = _html.escape
        css = ("body{font-family:Georgia,serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}"
               "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #999;padding:.25em .5em;"
               "vertical-align:top;text-align:left}th{background:#eee}.bl{border:2px solid #333;padding:.5em 1em}"
               ".box{border:1px dashed #666;padding:.5em 1em}.small{font-size:.85em;color:#333}"
               "svg{max-width:100%;height:auto}@media print{body{margin:0;max-width:none}.chart{page-break-inside:"
               "avoid}th{background:none}}")
        h: list[str] = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                        f"<title>{e(self.title)}</title><style>{css}</style></head><body>",
                        f"<h1>{e(self.title)}</h1>", '<div class="bl"><h2>Bottom line</h2><ul>']
        h.extend(f"<li>{e(b.text)}</li>" for b in self.bullets)
        h.append("</ul></div>")
        h.append("<h2>Scenarios side by side</h2>")
        h.append(self._html_table([q for q in self.questions if not q.extra]))
        extra = [q for q in self.questions if q.extra]
        if extra:
            h.append("<p>Added models (most frequent outcome and its frequency):</p>")
            h.append(self._html_table(extra))
        h.append(f'<p class="small">{e(self._uncertainty_line())}</p>')
        h.append(f"<p><strong>{e(self._illustrative_line())}</strong></p>")
        h.append("<h2>The questions</h2>")
        for q in self.questions:
            h.append(f"<h3>{e(q.label)}</h3><p>Answered by <code>{e(q.model)}</code>. {e(q.mechanism)}</p>")
            if q.changes:
                h.append(f"<p>What would change this view (in {e(q.changes_at)}, one variable at a time):</p><ul>")
                h.extend(f"<li>{e(ch)}</li>" for ch in q.changes)
                h.append("</ul>")
            if q.disagreement:
                h.append(f"<p><strong>Models disagree.</strong> {e(q.disagreement)}</p>")
            if q.together:
                h.append(f"<p><strong>Read with the other columns.</strong> {e(q.together)}</p>")
        if self.linked:
            h.append(f"<h2>{e(LINKED_HEADING)}</h2><ul>")
            h.extend(f"<li>{e(n)}</li>" for n in self.linked)
            h.append("</ul>")
        if self.not_covered:
            h.append('<div class="box"><h2>Not covered by these models</h2><ul>')
            h.extend(f"<li>{e(n)}</li>" for n in self.not_covered)
            h.append("</ul></div>")
        if self.charts:
            h.append("<h2>Charts</h2>")
            for chart in self.charts:
                h.append(f'<div class="chart">{chart["svg"]}</div>' if chart.get("svg") else
                         f'<div class="chart"><h3>{e(chart["title"])}</h3><p class="small">'
                         f'{e(chart.get("caption", ""))}</p></div>')
        h.append("<h2>Sources</h2><ul>")
        h.extend(f"<li>{e(s)}</li>" for s in self.sources)
        h.append(f"<li>{e(self._yardstick_line())}</li></ul>")
        h.append("</body></html>")
        return "\n".join(h) + "\n"

    def _html_table(self, questions: Sequence[BriefQuestion]) -> str:
        e = _html.escape
        rows = ["<table><thead><tr><th>scenario</th>" + "".join(f"<th>{e(q.short)}</th>" for q in questions)
                + "</tr></thead><tbody>"]
        for s in self.scenarios:
            tds = []
            for q in questions:
                c = self.cell(s["name"], q.key)
                tip = f"{c.headline}; {self._interval_text(c)}" + (f"; {c.detail}" if c.detail else "")
                tds.append(f'<td title="{e(tip)}">{e(c.answer)}<br><span class="small">{e(c.word)}; '
                           f"{e(self._interval_text(c))}</span></td>")
            rows.append(f"<tr><th>{e(s['name'])}</th>{''.join(tds)}</tr>")
        rows.append("</tbody></table>")
        return "\n".join(rows)

    # ------------------------------------------------------------------ dispatch
    def render(self, fmt: str) -> str:
        """The brief as ``"text"`` (or ``"table"``), ``"markdown"``, ``"html"`` or ``"json"``."""
        if fmt in ("text", "table"):
            return self.to_text()
        if fmt == "markdown":
            return self.to_markdown()
        if fmt == "html":
            return self.to_html()
        if fmt == "json":
            return json.dumps(self.to_json(), indent=2) + "\n"
        raise GameError(f"unknown brief format {fmt!r} (text, markdown, html, json)")
