"""Two-dimensional outcome maps: adaptive computation, a standalone SVG and a character map.

A *map* colours the plane of two variables by the outcome a classifier returns there. It is
computed row by row (:func:`bisect_rows`): each row is sampled at a coarse set of exact
points, and every pair of neighbouring samples with different outcomes is bisected, in
exact rational arithmetic, until the bracket is narrower than the tolerance. So the
boundaries are located to that width at a cost that grows with the length of the boundary,
not with the area. Points that must read exactly (the marked scenarios, say) are added as
samples: the row through such a point is sampled at its own height and at its own abscissa,
so the colour drawn under it is the classifier's answer at the point itself.

Rendering needs nothing beyond the standard library: :func:`map_svg` writes a standalone
SVG document (no scripts, no external references, generic font families; each category
has a colour *and* a fill pattern so greyscale print keeps them apart) and :func:`map_text`
a character map of at most 100 columns with a legend. The caller decides categories,
colours and words; this module only draws.

>>> from fractions import Fraction
>>> bands, n = bisect_rows(lambda pts: ["hi" if x + y > 1 else "lo" for x, y in pts],
...                        (Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)), rows=2, columns=2, depth=4)
>>> [(str(b.y), [s.key for s in b.segments]) for b in bands]
[('1/4', ['lo', 'hi']), ('3/4', ['lo', 'hi'])]
>>> str(bands[0].boundaries[0].low), str(bands[0].boundaries[0].high)
('3/4', '25/32')
"""

from __future__ import annotations

import textwrap
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

Classifier = Callable[[list[tuple[Fraction, Fraction]]], list[str]]

#: Fill patterns a category may use (drawn over its colour, so greyscale print keeps them apart).
PATTERNS = ("none", "hatch", "crosshatch", "dots", "vertical")
#: Marker shapes a category may use.
SHAPES = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Category:
    """One outcome on a map: its key, words, colour (``#rrggbb``), fill pattern, the character
    that stands for it in the text map and the shape of its markers (one of :data:`SHAPES`;
    shape and pattern keep categories apart in greyscale print)."""

    key: str
    label: str
    colour: str
    pattern: str = "none"
    symbol: str = "."
    shape: str = "circle"


@dataclass(frozen=True)
class Axis:
    """An axis: words with the unit, the exact range, and the tick style (``"percent"`` for
    probabilities read as percentages, ``"decimal"`` otherwise)."""

    label: str
    low: Fraction
    high: Fraction
    ticks: tuple[Fraction, ...] = ()
    style: str = "decimal"

    def tick_text(self, v: Fraction) -> str:
        if self.style == "percent":
            return f"{float(v) * 100:g}%"
        return f"{float(v):g}"


@dataclass(frozen=True)
class Segment:
    """Part of a row with one outcome, from ``x0`` to ``x1`` (drawn boundaries are the
    midpoints of the exact brackets)."""

    x0: Fraction
    x1: Fraction
    key: str


@dataclass(frozen=True)
class Boundary:
    """An outcome change along a row: ``left`` holds at ``low``, ``right`` at ``high`` (both
    sampled exactly), and the change lies between them."""

    low: Fraction
    high: Fraction
    left: str
    right: str


@dataclass(frozen=True)
class Band:
    """One row of a map: sampled at height ``y``, drawn from ``y0`` to ``y1``."""

    y: Fraction
    y0: Fraction
    y1: Fraction
    segments: tuple[Segment, ...]
    boundaries: tuple[Boundary, ...]

    def key_at(self, x: Fraction | float) -> str:
        for s in self.segments:
            if x <= s.x1:
                return s.key
        return self.segments[-1].key


@dataclass(frozen=True)
class MapPoint:
    """A marked point: position, mark (a letter or digit), name, the category its marker is
    filled with, and whether it is drawn hollow (its own outcome differs from the map's)."""

    x: Fraction
    y: Fraction
    mark: str
    name: str
    key: str
    hollow: bool = False


@dataclass(frozen=True)
class OutcomeMap:
    """Everything drawn: title, axes, categories, bands, points, caption and footnote lines."""

    title: str
    x: Axis
    y: Axis
    categories: tuple[Category, ...]
    bands: tuple[Band, ...]
    points: tuple[MapPoint, ...] = ()
    caption: tuple[str, ...] = ()
    footnote: str = ""
    point_key: tuple[str, ...] = field(default=())

    def category(self, key: str) -> Category:
        for c in self.categories:
            if c.key == key:
                return c
        raise KeyError(key)


# ------------------------------------------------------------------------------ computation
def _row_heights(low: Fraction, high: Fraction, rows: int, extra: Iterable[Fraction]) -> list[Fraction]:
    step = (high - low) / rows
    ys = {low + step * j + step / 2 for j in range(rows)}
    ys.update(y for y in extra if low <= y <= high)
    return sorted(ys)


def bisect_rows(classify: Classifier, x_range: tuple[Fraction, Fraction], y_range: tuple[Fraction, Fraction], *,
                rows: int = 24, columns: int = 8, depth: int = 8,
                extra: Sequence[tuple[Fraction, Fraction]] = ()) -> tuple[list[Band], int]:
    """An outcome map by row-wise bisection.

    Parameters
    ----------
    classify:
        Takes a list of exact points ``(x, y)`` and returns their outcome keys (a batch, so a
        vectorised classifier can answer many at once).
    x_range, y_range:
        The exact ranges of the two variables.
    rows, columns:
        ``rows`` rows sampled at their centres; each sampled at ``columns + 1`` evenly spaced
        points including both ends.
    depth:
        Bisection steps per outcome change: brackets end ``(x range) / columns / 2**depth`` wide.
    extra:
        Points that must read exactly: a row is added at each one's height (if not there
        already) and its abscissa is sampled in that row.

    Returns
    -------
    (bands, evaluations)
        The rows bottom to top, and how many points were classified.
    """
    (x0, x1), (y0, y1) = x_range, y_range
    if not (x0 < x1 and y0 < y1) or rows < 1 or columns < 1 or depth < 0:
        raise ValueError("bisect_rows: empty range or non-positive rows/columns")
    ys = _row_heights(y0, y1, rows, (y for _, y in extra))
    samples: dict[Fraction, dict[Fraction, str]] = {y: {} for y in ys}
    want: list[tuple[Fraction, Fraction]] = []
    for y in ys:
        first = {x0 + (x1 - x0) * i / columns for i in range(columns + 1)}
        first.update(px for px, py in extra if py == y and x0 <= px <= x1)
        want.extend((x, y) for x in sorted(first))
    count = 0

    def run(points: list[tuple[Fraction, Fraction]]) -> None:
        nonlocal count
        if not points:
            return
        keys = classify(points)
        if len(keys) != len(points):
            raise ValueError("bisect_rows: the classifier returned the wrong number of keys")
        count += len(points)
        for (x, y), k in zip(points, keys):
            samples[y][x] = str(k)

    run(want)
    for _ in range(depth):
        want = []
        for y, row in samples.items():
            xs = sorted(row)
            want.extend(((a + b) / 2, y) for a, b in zip(xs, xs[1:]) if row[a] != row[b])
        run(want)
    bands = []
    for j, y in enumerate(ys):
        row = samples[y]
        xs = sorted(row)
        segs: list[Segment] = []
        bounds: list[Boundary] = []
        start = x0
        for a, b in zip(xs, xs[1:]):
            if row[a] != row[b]:
                bounds.append(Boundary(a, b, row[a], row[b]))
                segs.append(Segment(start, (a + b) / 2, row[a]))
                start = (a + b) / 2
        segs.append(Segment(start, x1, row[xs[-1]]))
        lo = y0 if j == 0 else (ys[j - 1] + y) / 2
        hi = y1 if j == len(ys) - 1 else (y + ys[j + 1]) / 2
        bands.append(Band(y, lo, hi, tuple(segs), tuple(bounds)))
    return bands, count


# ------------------------------------------------------------------------------ SVG
WIDTH = 640
_LEFT, _RIGHT, _PLOT_H = 78, 24, 360
_FONT = "font-family=\"Helvetica, Arial, sans-serif\""


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _pattern(cat: Category, pid: str) -> str:
    ink = "#000000" if _luminance(cat.colour) > 0.45 else "#ffffff"
    body = {
        "hatch": f'<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="{ink}" stroke-width="1" stroke-opacity="0.45"/>',
        "crosshatch": (f'<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6 M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2" '
                       f'stroke="{ink}" stroke-width="1" stroke-opacity="0.45"/>'),
        "dots": f'<circle cx="4" cy="4" r="1.2" fill="{ink}" fill-opacity="0.45"/>',
        "vertical": f'<path d="M4,0 L4,8" stroke="{ink}" stroke-width="1" stroke-opacity="0.45"/>',
    }.get(cat.pattern)
    if body is None:
        return ""
    return (f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{cat.colour}"/>{body}</pattern>')


def _shape(shape: str, x: float, y: float, r: float, attrs: str) -> str:
    """A marker of ``shape`` centred at (x, y) with "radius" ``r``."""
    if shape == "square":
        a = r * 0.9
        return f'<rect x="{x - a:.2f}" y="{y - a:.2f}" width="{2 * a:.2f}" height="{2 * a:.2f}" {attrs}/>'
    if shape == "diamond":
        a = r * 1.25
        return f'<path d="M{x:.2f},{y - a:.2f} L{x + a:.2f},{y:.2f} L{x:.2f},{y + a:.2f} L{x - a:.2f},{y:.2f} Z" {attrs}/>'
    if shape == "triangle":
        a = r * 1.3
        return (f'<path d="M{x:.2f},{y - a:.2f} L{x + a * 0.95:.2f},{y + a * 0.6:.2f} '
                f'L{x - a * 0.95:.2f},{y + a * 0.6:.2f} Z" {attrs}/>')
    return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{r:.2f}" {attrs}/>'


def _fill(cat: Category, ids: dict[str, str]) -> str:
    return f"url(#{ids[cat.key]})" if cat.key in ids else cat.colour


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def map_svg(m: OutcomeMap) -> str:
    """The map as a standalone SVG document (640 px wide; height as the text needs)."""
    out: list[str] = []
    title_lines = _wrap(m.title, 62)
    top = 14 + 22 * len(title_lines) + 8
    pw, ph = WIDTH - _LEFT - _RIGHT, _PLOT_H
    xspan, yspan = float(m.x.high - m.x.low), float(m.y.high - m.y.low)

    def px(x: Fraction | float) -> float:
        return _LEFT + (float(x) - float(m.x.low)) / xspan * pw

    def py(y: Fraction | float) -> float:
        return top + ph - (float(y) - float(m.y.low)) / yspan * ph

    # ids unique to this map, so that several maps inlined in one HTML page do not share patterns
    tag = f"{zlib.crc32(repr((m.title, m.categories)).encode()):08x}"
    ids = {c.key: f"pat-{tag}-{i}" for i, c in enumerate(m.categories) if c.pattern != "none"}
    defs = "".join(_pattern(c, ids[c.key]) for c in m.categories if c.key in ids)
    # plot
    cells: list[str] = []
    body: list[str] = []
    for b in m.bands:
        ya, yb = py(b.y1), py(b.y0)
        for s in b.segments:
            xa, xb = px(s.x0), px(s.x1)
            cells.append(f'<rect x="{xa:.2f}" y="{ya:.2f}" width="{max(xb - xa, 0):.2f}" height="{yb - ya:.2f}" '
                        f'fill="{_fill(m.category(s.key), ids)}"/>')
    body.append(f'<rect x="{_LEFT}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#222222"/>')
    # ticks and axis labels
    for t in m.x.ticks:
        x = px(t)
        body.append(f'<line x1="{x:.2f}" y1="{top + ph}" x2="{x:.2f}" y2="{top + ph + 5}" stroke="#222222"/>')
        body.append(f'<text x="{x:.2f}" y="{top + ph + 18}" font-size="12" text-anchor="middle">'
                    f'{escape(m.x.tick_text(t))}</text>')
    for t in m.y.ticks:
        y = py(t)
        body.append(f'<line x1="{_LEFT - 5}" y1="{y:.2f}" x2="{_LEFT}" y2="{y:.2f}" stroke="#222222"/>')
        body.append(f'<text x="{_LEFT - 8}" y="{y + 4:.2f}" font-size="12" text-anchor="end">'
                    f'{escape(m.y.tick_text(t))}</text>')
    body.append(f'<text x="{_LEFT + pw / 2:.1f}" y="{top + ph + 38}" font-size="13" text-anchor="middle" '
                f'class="x-label">{escape(m.x.label)}</text>')
    ylines = _wrap(m.y.label, 66)
    for i, line in enumerate(ylines):
        xx = 16 + 15 * i
        body.append(f'<text x="{xx}" y="{top + ph / 2:.1f}" font-size="12" text-anchor="middle" class="y-label" '
                    f'transform="rotate(-90 {xx} {top + ph / 2:.1f})">{escape(line)}</text>')
    # points: coincident ones side by side, each with a leader to its exact position
    groups: dict[tuple[int, int], list[MapPoint]] = {}
    for p in m.points:
        groups.setdefault((round(px(p.x) / 6), round(py(p.y) / 6)), []).append(p)
    for members in groups.values():
        cx, cy = px(members[0].x), py(members[0].y)
        n = len(members)
        first = min(max(cx - 9 * (n - 1), _LEFT + 9), _LEFT + pw - 9 - 18 * (n - 1))
        my = min(max(cy - 16, top + 9), top + ph - 9)
        if n == 1 and _LEFT + 9 <= cx <= _LEFT + pw - 9 and top + 9 <= cy <= top + ph - 9:
            first, my = cx, cy
        body.append(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="2" fill="#000000"/>')
        for i, p in enumerate(members):
            mx = first + 18 * i
            cat = m.category(p.key)
            if (mx, my) != (cx, cy):
                body.append(f'<line x1="{cx:.2f}" y1="{cy:.2f}" x2="{mx:.2f}" y2="{my:.2f}" stroke="#000000" '
                            'stroke-width="0.8"/>')
            body.append(_shape(cat.shape, mx, my, 11, 'fill="#ffffff"'))
            data = f'data-scenario="{escape(p.name)}" data-outcome="{escape(p.key)}"'
            if p.hollow:
                body.append(_shape(cat.shape, mx, my, 8, f'fill="#ffffff" stroke="{cat.colour}" stroke-width="3" '
                                   f'class="marker hollow" {data}'))
                ink = "#000000"
            else:
                body.append(_shape(cat.shape, mx, my, 8, f'fill="{cat.colour}" stroke="#000000" stroke-width="1.2" '
                                   f'class="marker" {data}'))
                ink = "#000000" if _luminance(cat.colour) > 0.45 else "#ffffff"
            body.append(f'<text x="{mx:.2f}" y="{my + 4:.2f}" font-size="11" font-weight="bold" text-anchor="middle" '
                        f'fill="{ink}">{escape(p.mark)}</text>')
    # legend, point key, caption, footnote
    y = top + ph + 62
    body.append(f'<text x="{_LEFT - 60}" y="{y}" font-size="12" font-weight="bold">Outcome (colour, pattern and marker shape)</text>')
    y += 8
    for c in m.categories:
        body.append(f'<rect x="{_LEFT - 60}" y="{y}" width="22" height="14" fill="{_fill(c, ids)}" stroke="#222222" '
                    f'class="legend-swatch" data-outcome="{escape(c.key)}"/>')
        body.append(_shape(c.shape, _LEFT - 27, y + 7, 6, f'fill="{c.colour}" stroke="#000000" stroke-width="1"'))
        body.append(f'<text x="{_LEFT - 16}" y="{y + 11}" font-size="12" class="legend">{escape(c.label)}</text>')
        y += 19
    if m.point_key:
        y += 8
        for line in m.point_key:
            for part in _wrap(line, 96):
                body.append(f'<text x="{_LEFT - 60}" y="{y}" font-size="11">{escape(part)}</text>')
                y += 14
    if m.caption:
        y += 6
        for para in m.caption:
            for part in _wrap(para, 96):
                body.append(f'<text x="{_LEFT - 60}" y="{y}" font-size="11">{escape(part)}</text>')
                y += 14
            y += 3
    if m.footnote:
        y += 4
        for part in _wrap(m.footnote, 100):
            body.append(f'<text x="{_LEFT - 60}" y="{y}" font-size="10" font-style="italic" fill="#333333">'
                        f'{escape(part)}</text>')
            y += 13
    height = y + 8
    for i, line in enumerate(title_lines):
        out.append(f'<text x="{WIDTH / 2}" y="{26 + 22 * i}" font-size="17" font-weight="bold" text-anchor="middle" '
                   f'class="title">{escape(line)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" {_FONT}>'
            f'<title>{escape(m.title)}</title>'
            f'<defs>{defs}</defs><rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
            + "".join(out) + '<g shape-rendering="crispEdges">' + "".join(cells) + "</g>" + "".join(body)
            + "</svg>\n")


# ------------------------------------------------------------------------------ text
def map_text(m: OutcomeMap, *, width: int = 64, height: int = 22) -> str:
    """A character map (at most 100 columns): one character per cell, the outcome at the
    cell's centre; marked points overwrite their cell with their mark; legend below."""
    ylab = [m.y.tick_text(t) for t in m.y.ticks]
    margin = max((len(s) for s in ylab), default=0) + 2
    width = min(width, 100 - margin - 2)
    xspan, yspan = m.x.high - m.x.low, m.y.high - m.y.low
    grid = []
    for r in range(height):
        yc = m.y.high - yspan * (2 * r + 1) / (2 * height)
        band = min(m.bands, key=lambda b: (not (b.y0 <= yc <= b.y1), abs(b.y - yc)))
        grid.append([m.category(band.key_at(m.x.low + xspan * (2 * c + 1) / (2 * width))).symbol
                     for c in range(width)])
    shared: dict[tuple[int, int], list[str]] = {}
    for p in m.points:
        c = min(int((p.x - m.x.low) / xspan * width), width - 1)
        r = min(int((m.y.high - p.y) / yspan * height), height - 1)
        shared.setdefault((r, c), []).append(p.mark)
        if len(shared[(r, c)]) == 1:
            grid[r][c] = p.mark
    # y tick labels on the rows nearest to them
    labels = {min(int((m.y.high - t) / yspan * height), height - 1): m.y.tick_text(t) for t in m.y.ticks}
    lines = [m.title[:100], ""]
    lines.append(" " * margin + "+" + "-" * width + "+")
    for r, row in enumerate(grid):
        lines.append(f"{labels.get(r, ''):>{margin - 1}} |" + "".join(row) + "|")
    lines.append(" " * margin + "+" + "-" * width + "+")
    axis = " " * margin
    row = [" "] * (width + 10)
    for t in m.x.ticks:
        c = min(int((t - m.x.low) / xspan * width), width - 1) + 1
        text = m.x.tick_text(t)
        start = max(0, min(c - len(text) // 2, len(row) - len(text)))
        if all(ch == " " for ch in row[max(0, start - 1):start + len(text) + 1]):
            row[start:start + len(text)] = list(text)
    lines.append((axis + "".join(row)).rstrip())
    lines.append(f"{'':{margin}}x: {m.x.label}"[:100])
    lines.append(f"{'':{margin}}y: {m.y.label}"[:100])
    lines.append("")
    lines.extend(f"  {c.symbol}  {c.label}"[:100] for c in m.categories)
    for line in m.point_key:
        lines.extend("  " + s for s in _wrap(line, 96))
    same = ["/".join(marks) for marks in shared.values() if len(marks) > 1]
    if same:
        lines.extend("  " + s for s in textwrap.wrap("Sharing a cell (the first mark shown): " + ", ".join(same), 96))
    hollow = [p.mark for p in m.points if p.hollow]
    if hollow:
        lines.extend("  " + s for s in textwrap.wrap(
            "Own outcome differs from the map at its point (hollow marker in the SVG): " + ", ".join(hollow), 96))
    for para in m.caption:
        lines.extend(_wrap(para, 100))
    if m.footnote:
        lines.extend(_wrap(m.footnote, 100))
    return "\n".join(lines) + "\n"


def map_json(m: OutcomeMap) -> dict[str, Any]:
    """The map as exact JSON-ready data (values stay Fractions; encode with json_value)."""
    return {
        "title": m.title,
        "x": {"label": m.x.label, "low": m.x.low, "high": m.x.high},
        "y": {"label": m.y.label, "low": m.y.low, "high": m.y.high},
        "categories": [{"key": c.key, "label": c.label, "colour": c.colour, "pattern": c.pattern,
                        "symbol": c.symbol} for c in m.categories],
        "rows": [{"y": b.y, "y_low": b.y0, "y_high": b.y1,
                  "segments": [{"from": s.x0, "to": s.x1, "outcome": s.key} for s in b.segments],
                  "boundaries": [{"between": [bd.low, bd.high], "left": bd.left, "right": bd.right}
                                 for bd in b.boundaries]} for b in m.bands],
        "points": [{"x": p.x, "y": p.y, "mark": p.mark, "name": p.name, "outcome": p.key, "hollow": p.hollow}
                   for p in m.points],
        "caption": list(m.caption),
        "footnote": m.footnote,
    }
