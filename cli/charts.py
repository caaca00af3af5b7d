"""Figures of the sensitivity commands (matplotlib, Agg backend: no display needed).

Every function here draws one figure of a sensitivity result to a file whose extension
(``.png``, ``.svg``, ``.pdf``) gives its format. matplotlib is imported only when a figure
is drawn (it is an optional extra: ``pip install 'gametheory[plots]'``).
"""

from __future__ import annotations

import re
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any

from gametheory.cli._model_text import outcome_headline, show_value
from gametheory.cli._output import check_output, save_figure
from gametheory.errors import GameError

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")

#: Colour of points the model could not classify (inadmissible or failed).
ERROR_COLOUR = "#333333"
#: Colour of ranges in quantity charts (not an outcome: neutral ink).
RANGE_COLOUR = "#4477AA"


def colour_of(model: Any, key: str | None) -> str:
    """The colour of outcome ``key``: by its meaning, the same in every chart and in the brief
    (:func:`gametheory.models.charts.outcome_styles`: war red, deterrence light blue, coercion
    orange, a settlement green, neutral grey); unclassified points dark grey."""
    from gametheory.models.charts import outcome_styles

    if not key:
        return ERROR_COLOUR
    cache: dict[int, dict[str, tuple[str, str, str, str]]] = _STYLE_CACHE
    styles = cache.get(id(model))
    if styles is None:
        styles = cache[id(model)] = outcome_styles(model)
    style = styles.get(key)
    return style[0] if style is not None else ERROR_COLOUR


_STYLE_CACHE: dict[int, dict[str, tuple[str, str, str, str]]] = {}


def figure_path(out: str, force: bool = False, flag: str = "--out") -> Path:
    """``out`` as a figure path, checked before any work: a known extension, an existing
    directory, not a symbolic link, and not an existing file unless ``force``."""
    p = Path(out)
    if p.suffix.lower() not in FIGURE_SUFFIXES:
        raise GameError(f"{flag} {out}: a figure must end in {', '.join(FIGURE_SUFFIXES)}")
    check_output(p, force, flag)
    return p


PLOTS_NEED = "plots need matplotlib (pip install 'gametheory[plots]')"


def plots_available() -> bool:
    """Whether matplotlib can be imported (checked without importing it)."""
    import importlib.util

    try:
        return importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):  # a broken or blocked installation counts as missing
        return False


def not_drawn(flag: str, out: str) -> str:
    """The message of a figure that was asked for but cannot be drawn (no matplotlib)."""
    return f"{flag} {out} not drawn: {PLOTS_NEED}; the results printed above are complete"


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend (a clear error when matplotlib is missing)."""
    try:
        import matplotlib
    except ImportError:
        raise GameError(PLOTS_NEED) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def param_label(model: Any, name: str) -> str:
    """Axis label of parameter ``name``: its name, description and unit."""
    p = model.parameter(name)
    unit = f" ({p.unit})" if p.unit else ""
    return f"{name}: {p.description}{unit}"


def math_text(expr: str) -> str:
    """A formula printed in code syntax (``6*p_US**2 >= 1``) as readable math (``6·p_US² ≥ 1``)."""
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    out = re.sub(r"\*\*(\d+)", lambda m: m.group(1).translate(sup), expr)
    for a, b in (("*", "·"), (">=", "≥"), ("<=", "≤"), ("!=", "≠"), ("sqrt", "√")):
        out = out.replace(a, b)
    return out


def held_text(model: Any, values: Any) -> str:
    """A subtitle naming what the figure holds fixed: the parameters set away from their
    defaults (with their values and units), or that all others are at their defaults."""
    changed = []
    for p in model.parameters:
        v = values.get(p.name) if values else None
        if v is not None and p.default is not None and Fraction(v) != Fraction(p.default):
            unit = f" {p.unit}" if p.unit and p.unit not in ("probability", "share") else ""
            changed.append(f"{p.name} = {show_value(v)}{unit}")
    if not changed:
        return "other parameters held at their defaults"
    text = "held: " + ", ".join(changed) + "; others at their defaults"
    return "\n".join(textwrap.wrap(text, 100))


def sweep_chart(model: Any, result: Any, path: Path, force: bool = False) -> None:
    """A one-parameter sweep: the outcome along the axis as coloured bands and, above, each
    numeric quantity recorded (list-valued ones as one line per equilibrium index)."""
    plt = pyplot()
    from matplotlib.patches import Patch

    (xname, xs), = result.axes.items()
    fx = [float(x) for x in xs]
    qnames = []
    for q in result.quantities:
        vals = [result.values[i].get(q) for i in range(result.n_points)]
        if any(isinstance(v, (int, float, Fraction)) and not isinstance(v, bool) for v in vals) or any(
                isinstance(v, list) and v and all(isinstance(u, (int, float, Fraction)) for u in v) for v in vals):
            qnames.append(q)
    heights = [3] * len(qnames) + [0.6]
    fig, axes = plt.subplots(len(heights), 1, sharex=True, figsize=(8, 1.2 + sum(heights) * 0.9),
                             gridspec_kw={"height_ratios": heights}, layout="constrained", squeeze=False)
    for ax, q in zip([a[0] for a in axes[:-1]], qnames):
        vals = [result.values[i].get(q) for i in range(result.n_points)]
        width = max((len(v) for v in vals if isinstance(v, list)), default=0)
        if width:
            for k in range(width):
                ys = [float(v[k]) if isinstance(v, list) and len(v) > k else float("nan") for v in vals]
                ax.plot(fx, ys, marker=".", label=f"equilibrium {k + 1}")
            ax.legend(fontsize=7)
        else:
            ys = [float(v) if isinstance(v, (int, float, Fraction)) and not isinstance(v, bool) else float("nan")
                  for v in vals]
            ax.plot(fx, ys, marker=".", color="black")
        ax.set_ylabel("\n".join(textwrap.wrap(q.replace("_", " "), 18)), fontsize=8)
        ax.grid(alpha=0.3)
    band = axes[-1][0]
    seen: list[str] = []
    edges = [fx[0]] + [(a + b) / 2 for a, b in zip(fx, fx[1:])] + [fx[-1]]
    for i, o in enumerate(result.outcome):
        colour = colour_of(model, o)
        band.axvspan(edges[i], edges[i + 1], color=colour)
        if (o or "") not in seen:
            seen.append(o or "")
    band.set_yticks([])
    band.set_xlabel("\n".join(textwrap.wrap(param_label(model, xname), 90)))
    band.set_xlim(fx[0], fx[-1]) if len(fx) > 1 else None
    axes[0][0].set_title("\n".join(textwrap.wrap(model.title, 80)) + "\n" + held_text(model, result.fixed),
                         fontsize=10)
    handles = [Patch(facecolor=colour_of(model, k), label=outcome_headline(model, k or None)) for k in seen]
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    save_figure(fig, path, force)
    plt.close(fig)


def _dilate(mask: Any) -> Any:
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= out[:, :-1].copy()
    out[:, :-1] |= out[:, 1:].copy()
    return out


def regime_map(model: Any, result: Any, path: Path, title: str | None = None,
               curves: list[Any] | None = None, force: bool = False) -> list[str]:
    """Draw the 2-D outcome map of ``result`` (two varied parameters) to ``path``.

    ``curves``: exact threshold curves (:func:`gametheory.sensitivity.threshold_curves`),
    drawn where they separate outcomes and listed in the legend with their equations; where
    there are none, the grid's outcome boundaries are outlined instead.
    Returns the outcome keys drawn (in legend order).
    """
    import numpy as np

    plt = pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    (xname, xs), (yname, ys) = result.axes.items()
    grid = result.outcome_grid()  # shape (len(xs), len(ys))
    keys = [o.key for o in model.outcomes]
    present = [k for k in keys if (grid == k).any()]
    has_error = bool((grid == "").any())
    cats = present + ([""] if has_error else [])
    index = {k: i for i, k in enumerate(cats)}
    codes = np.vectorize(lambda k: index.get(str(k), len(cats) - 1))(grid).T.astype(float)
    colours = [colour_of(model, k) for k in cats]
    fx = np.array([float(x) for x in xs])
    fy = np.array([float(y) for y in ys])
    fig, ax = plt.subplots(figsize=(7.5, 5.6), layout="constrained")
    ax.pcolormesh(fx, fy, codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(cats) - 0.5,
                  shading="nearest", rasterized=True)
    from matplotlib.lines import Line2D

    curve_handles: list[Any] = []
    if curves:
        styles: list[Any] = ["-", "--", "-.", ":"]
        for i, c in enumerate(curves[:8]):
            g = np.ma.masked_array(c.values_on(fx, fy, (xname, yname)), mask=~_dilate(c.mask))
            style = styles[i % len(styles)]
            if len(fx) > 1 and len(fy) > 1:
                ax.contour(fx, fy, g.T, levels=[0.0], colors="black", linewidths=1.6, linestyles=style)
            curve_handles.append(Line2D([], [], color="black", linestyle=style, linewidth=1.6,
                                        label=f"threshold: {math_text(c.equation)}"))
    elif len(fx) > 1 and len(fy) > 1:
        for k in range(len(cats) - 1):
            ax.contour(fx, fy, (codes <= k).astype(float), levels=[0.5], colors="black", linewidths=0.8)
        curve_handles.append(Line2D([], [], color="black", linewidth=0.8,
                                    label="outcome boundary (to grid resolution)"))
    base = {**{p.name: p.default for p in model.parameters}, **result.fixed}
    dx, dy = model.parameter(xname).default, model.parameter(yname).default
    if fx.min() <= float(dx) <= fx.max() and fy.min() <= float(dy) <= fy.max():
        ax.plot([float(dx)], [float(dy)], marker="*", markersize=16, color="white", markeredgecolor="black",
                linestyle="none", label="default assumptions")
    ax.set_xlabel("\n".join(textwrap.wrap(param_label(model, xname), 90)))
    ax.set_ylabel("\n".join(textwrap.wrap(param_label(model, yname), 55)))
    ax.set_title("\n".join(textwrap.wrap(title or model.title, 70)) + "\n" + held_text(model, result.fixed),
                 fontsize=10)
    others = [n for n in base if n not in (xname, yname) and base[n] != model.parameter(n).default]
    if others:
        ax.text(0.01, 0.01, "held at " + ", ".join(f"{n}={show_value(base[n])}" for n in others),
                transform=ax.transAxes, fontsize=8, va="bottom")
    handles: list[Any] = [Patch(facecolor=c, edgecolor="black", label=outcome_headline(model, k))
                          for k, c in zip(cats, colours)]
    handles += curve_handles
    handles += [h for h in ax.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncol=1, fontsize=9, frameon=False)
    save_figure(fig, path, force)
    plt.close(fig)
    return cats


def thresholds_chart(model: Any, res: Any, path: Path, force: bool = False) -> None:
    """How far each parameter must move, alone, to change the outcome: one row per parameter
    with its admissible interval scaled to [0, 1], the current value (dot) and the flips
    (bars from the current value to each flip, coloured by the outcome beyond it)."""
    plt = pyplot()
    from matplotlib.patches import Patch

    names = [p.name for p in model.parameters if p.name not in model.no_flips]
    names.sort(key=lambda n: (not res.for_parameter(n), n))
    rows = list(reversed(names))
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * len(rows) + 2.4), layout="constrained")
    seen: list[str] = []
    for i, n in enumerate(rows):
        p = model.parameter(n)
        cur = res.values[n]
        lo = p.lower if p.lower is not None else cur - 10 * max(1, abs(cur))
        hi = p.upper if p.upper is not None else cur + 10 * max(1, abs(cur))
        width = float(hi - lo) or 1.0

        def pos(v: Any, lo: Any = lo, width: float = width) -> float:
            return min(1.0, max(0.0, (float(v) - float(lo)) / width))

        ax.plot([0, 1], [i, i], color="#cccccc", linewidth=6, solid_capstyle="butt")
        for r in res.for_parameter(n):
            colour = colour_of(model, r["to"])
            a, b = sorted((pos(cur), pos(r["value"])))
            ax.barh(i, max(b - a, 0.004), left=a, height=0.5, color=colour, edgecolor="black", linewidth=0.5)
            ax.text(pos(r["value"]) + (0.01 if r["direction"] == "up" else -0.01), i + 0.3, show_value(r["value"]),
                    ha="left" if r["direction"] == "up" else "right", va="bottom", fontsize=7)
            if r["to"] not in seen:
                seen.append(r["to"])
        ax.plot([pos(cur)], [i], marker="o", color="black", markersize=5)
        ax.text(-0.01, i, show_value(lo), ha="right", va="center", fontsize=7)
        ax.text(1.01, i, show_value(hi), ha="left", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.set_xlim(-0.1, 1.1)
    ax.set_xticks([])
    ax.set_xlabel("each parameter's admissible interval (ends labelled); dot: current value;\n"
                  "bar: from the current value to the nearest outcome change (value labelled)")
    ax.set_title(f"{model.title}\nnow: {outcome_headline(model, res.outcome)}\n{held_text(model, res.values)}",
                 fontsize=10)
    handles = [Patch(facecolor=colour_of(model, k), edgecolor="black",
                     label=f"changes to: {outcome_headline(model, k)}") for k in seen]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    save_figure(fig, path, force)
    plt.close(fig)


def tornado_chart(model: Any, res: Any, path: Path, baseline: float | None = None, force: bool = False) -> None:
    """Horizontal bar chart of a tornado analysis (most influential parameter on top).

    With a quantity, each bar spans the quantity's minimum to maximum over the parameter's
    sweep (``baseline``: the quantity at the baseline point, drawn as a dashed line); without
    one, each bar is the parameter's swept range coloured by the outcome at each value.
    """
    plt = pyplot()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = list(reversed(res.table))
    names = [r["parameter"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 2.2), layout="constrained")
    keys = [o.key for o in model.outcomes]
    if res.quantity:
        for i, r in enumerate(rows):
            lo, hi = r["min"], r["max"]
            if lo is None:
                continue
            ax.barh(i, hi - lo, left=lo, color=RANGE_COLOUR if r["flips"] else "#aaaaaa", edgecolor="black")
        ax.set_xlabel(f"{res.quantity} over each parameter's admissible range")
        handles: list[Any] = [
            Patch(facecolor=RANGE_COLOUR, edgecolor="black", label="the outcome changes within the range"),
                   Patch(facecolor="#aaaaaa", edgecolor="black", label="the outcome never changes")]
        if baseline is not None:
            ax.axvline(baseline, color="black", linestyle="--", linewidth=1)
            handles.append(Line2D([], [], color="black", linestyle="--", label=f"{res.quantity} at the baseline"))
    else:
        # each bar is the parameter's swept range, low (left) to high (right), coloured by outcome
        for i, r in enumerate(rows):
            curve = res.curves[r["parameter"]]
            n = len(curve)
            for k, (_, o, _) in enumerate(curve):
                colour = colour_of(model, o)
                ax.barh(i, 1 / n, left=k / n, color=colour, edgecolor="none")
            ax.text(-0.01, i, show_value(r["low"]), ha="right", va="center", fontsize=8)
            ax.text(1.01, i, show_value(r["high"]), ha="left", va="center", fontsize=8)
        ax.set_xlim(-0.12, 1.12)
        ax.set_xticks([])
        ax.set_xlabel("each parameter swept alone from the low end (left) to the high end (right)")
        seen = [k for k in keys if any(k in r["outcomes"] for r in rows)]
        handles = [Patch(facecolor=colour_of(model, k), label=model.outcome(k).headline) for k in seen]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(names)
    ax.set_title(f"{model.title}\none-at-a-time sensitivity; "
                 f"{held_text(model, (res.parameters or {}).get('values', {}))}", fontsize=10)
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    save_figure(fig, path, force)
    plt.close(fig)


def montecarlo_chart(model: Any, res: Any, path: Path, force: bool = False) -> None:
    """Outcome probabilities of a Monte Carlo run as bars with their 95% Wilson intervals,
    and, beside them, the distribution of each uncertain parameter split by outcome."""
    import numpy as np

    plt = pyplot()
    from matplotlib.patches import Patch

    table = [r for r in res.table if r["count"] > 0] or res.table
    names = list(res.distributions)
    fig, axes = plt.subplots(1, 1 + len(names), figsize=(4.2 + 3.0 * len(names), 4.4), layout="constrained",
                             squeeze=False)
    ax = axes[0][0]
    colours = [colour_of(model, r["outcome"]) for r in table]
    p = np.array([r["probability"] for r in table])
    err = np.array([[r["probability"] - r["low"] for r in table], [r["high"] - r["probability"] for r in table]])
    xs = np.arange(len(table))
    ax.bar(xs, p, color=colours, edgecolor="black", yerr=err, capsize=4)
    ax.set_xticks(xs)
    ax.set_xticklabels(["\n".join(textwrap.wrap(outcome_headline(model, r["outcome"]), 16)) for r in table], fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability (95% Wilson interval)")
    ax.set_title(f"{res.draws:,} draws, seed {res.seed}", fontsize=9)
    valid = res.outcomes != ""
    for j, n in enumerate(names):
        axn = axes[0][j + 1]
        x = res.samples[n][valid]
        o = res.outcomes[valid]
        bins = np.histogram_bin_edges(x, bins=30)
        stacked = [x[o == r["outcome"]] for r in table]
        axn.hist(stacked, bins=bins, stacked=True, color=colours, edgecolor="none")
        axn.set_xlabel("\n".join(textwrap.wrap(param_label(model, n), 42)) + f"\ndrawn from {res.distributions[n]}",
                       fontsize=8)
        axn.set_ylabel("draws (stacked by outcome)", fontsize=8)
        axn.set_title(f"draws of {n} by outcome", fontsize=9)
    fig.legend(handles=[Patch(facecolor=c, edgecolor="black", label=outcome_headline(model, r["outcome"]))
                        for c, r in zip(colours, table)], loc="outside lower center", frameon=False, fontsize=8)
    fig.suptitle(model.title + "\n" + held_text(model, (res.parameters or {}).get("fixed", {})), fontsize=10)
    save_figure(fig, path, force)
    plt.close(fig)
