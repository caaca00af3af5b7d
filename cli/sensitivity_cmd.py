"""``gametheory sweep | regions | thresholds | tornado | montecarlo | elasticities``.

Command-line access to :mod:`gametheory.sensitivity`. Every option is checked (model,
parameter names, grids, distributions, the Dask scheduler) before any solving starts; a
bad value is one ``Error:`` line and exit status 1. Progress bars go to stderr, and are on
by default only when stderr is a terminal. Plots use matplotlib's Agg backend (no display
needed); the figure format follows the output file's extension.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import click

TEXT_FORMATS = ("text", "json")
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")

#: Colours of outcome regions, in the model's outcome order (colour-blind friendly).
PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")
ERROR_COLOUR = "#333333"


def _fail_cleanly(func: Any) -> Any:
    from functools import wraps

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gametheory.cli.main import _fail_cleanly as wrap

        return wrap(func)(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------- shared options
def _set_option(func: Any) -> Any:
    return click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                        help="Hold a parameter at VALUE (repeatable); others keep their defaults.")(func)


def _parallel_options(func: Any) -> Any:
    func = click.option("--scheduler", metavar="ADDRESS", default=None,
                        help="Dask scheduler address (tcp://host:8786); contacted before any work.")(func)
    func = click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                        help="Local worker processes.")(func)
    return func


def _progress_option(func: Any) -> Any:
    return click.option("--progress/--no-progress", "progress", default=None,
                        help="Progress bar on stderr [default: when stderr is a terminal].")(func)


def _want_progress(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _model(name: str) -> Any:
    from gametheory.models import get_model

    return get_model(name)


def _fixed(model: Any, settings: tuple[str, ...]) -> dict[str, Any]:
    """The --set values, checked against the model (unknown names, inadmissible values)."""
    from gametheory.cli.main import parse_settings

    from gametheory.errors import GameError

    values = parse_settings(settings)
    try:
        checked = model.values(values)
    except GameError as exc:
        raise GameError(f"--set: {exc}") from None
    return {k: checked[k] for k in values}


@contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    """A Dask client for --scheduler (connected now, so a bad address fails before work)."""
    if scheduler is None:
        yield None
        return
    from gametheory.sensitivity.executors import dask_client

    client, own = dask_client(scheduler)
    try:
        yield client
    finally:
        if own:
            client.close()


def _figure_path(out: str) -> Path:
    from gametheory.errors import GameError

    p = Path(out)
    if p.suffix.lower() not in FIGURE_SUFFIXES:
        raise GameError(f"--out {out}: a figure must end in {', '.join(FIGURE_SUFFIXES)}")
    if p.parent and not p.parent.exists():
        raise GameError(f"--out {out}: directory {p.parent} does not exist")
    return p


def _pyplot() -> Any:
    from gametheory.errors import GameError

    try:
        import matplotlib
    except ImportError:  # pragma: no cover - depends on the environment
        raise GameError("plots need matplotlib (pip install 'gametheory[plots]')") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _fmt(v: Any) -> str:
    from gametheory.modeling import format_value

    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return format_value(v)


def _label(model: Any, name: str) -> str:
    p = model.parameter(name)
    unit = f" ({p.unit})" if p.unit else ""
    return f"{name}: {p.description}{unit}"


def _headline(model: Any, key: str | None) -> str:
    if not key:
        return "not admissible (the model rejects these values)"
    return str(model.outcome(key).headline)


def _json_out(data: Any) -> None:
    click.echo(json.dumps(data, indent=2))


# --------------------------------------------------------------------------- sweep
def _runs(axis: list[Any], outcomes: list[str]) -> list[tuple[Any, Any, str]]:
    """Consecutive stretches of one outcome along an axis: ``[(first, last, outcome)]``."""
    runs: list[tuple[Any, Any, str]] = []
    for x, o in zip(axis, outcomes):
        if runs and runs[-1][2] == o:
            runs[-1] = (runs[-1][0], x, o)
        else:
            runs.append((x, x, o))
    return runs


def _existing_points(path: str) -> int:
    """How many points an earlier output file holds (0 if it is missing or empty)."""
    p = Path(path)
    if not p.exists():
        return 0
    text = p.read_text(encoding="utf-8")
    if not text.strip():
        return 0
    if p.suffix.lower() == ".json":
        try:
            return len(json.loads(text).get("rows", []))
        except (ValueError, AttributeError):
            return 0
    return max(0, sum(1 for line in text.splitlines() if line.strip()) - 1)


def render_sweep_table(model: Any, result: Any) -> str:
    shape = " x ".join(str(n) for n in result.shape)
    lines = [f"{model.title}: {result.computed} of {result.n_points} points ({shape}), "
             f"method {result.method}, {result.elapsed:.2f} s"]
    if result.fixed:
        changed = {k: v for k, v in result.fixed.items() if v != model.parameter(k).default}
        if changed:
            lines.append("held at: " + ", ".join(f"{k}={_fmt(v)}" for k, v in changed.items()))
    counts = result.counts()
    total = max(1, result.computed)
    width = max((len(k) for k in counts), default=0)
    lines.append("outcomes:")
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        head = _headline(model, None if key == "error" else key)
        lines.append(f"  {key:<{width}}  {n:>8}  {100 * n / total:5.1f}%  {head}")
    if len(result.axes) == 1 and result.complete:
        (name, axis), = result.axes.items()
        lines.append(f"along {name}:")
        for lo, hi, o in _runs(axis, [o or "error" for o in result.outcome]):
            where = f"{name} = {_fmt(lo)}" if lo == hi else f"{_fmt(lo)} <= {name} <= {_fmt(hi)}"
            lines.append(f"  {where}: {o}")
    return "\n".join(lines) + "\n"


def sweep_chart(model: Any, result: Any, path: Path) -> None:
    """A one-parameter sweep: the outcome along the axis as coloured bands and, above, each
    numeric quantity recorded (list-valued ones as one line per equilibrium index)."""
    from matplotlib.patches import Patch

    plt = _pyplot()
    (xname, xs), = result.axes.items()
    fx = [float(x) for x in xs]
    keys = [o.key for o in model.outcomes]
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
        colour = PALETTE[keys.index(o) % len(PALETTE)] if o else ERROR_COLOUR
        band.axvspan(edges[i], edges[i + 1], color=colour)
        if (o or "") not in seen:
            seen.append(o or "")
    band.set_yticks([])
    band.set_xlabel("\n".join(textwrap.wrap(_label(model, xname), 90)))
    band.set_xlim(fx[0], fx[-1]) if len(fx) > 1 else None
    axes[0][0].set_title("\n".join(textwrap.wrap(model.title, 80)), fontsize=10)
    handles = [Patch(facecolor=PALETTE[keys.index(k) % len(PALETTE)] if k else ERROR_COLOUR,
                     label=_headline(model, k or None)) for k in seen]
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)


@click.command("sweep")
@click.argument("model_name", metavar="MODEL")
@click.option("--vary", "vary", multiple=True, required=True, metavar="NAME=GRID",
              help="Parameter grid: NAME=start:stop:n, NAME=v1,v2,... or NAME=log:start:stop:n (repeatable).")
@_set_option
@click.option("--quantity", "-q", "quantity", multiple=True, metavar="Q",
              help="Record quantity Q at each point (repeatable).")
@click.option("--all-quantities", is_flag=True, help="Record every quantity the model reports.")
@click.option("--equilibria", is_flag=True,
              help="Also record, at each point, the equilibrium the outcome rests on (JSON in the CSV cell).")
@_parallel_options
@click.option("--method", type=click.Choice(["auto", "compiled", "solve"]), default="auto", show_default=True,
              help="compiled: vectorised symbolic regimes (outcomes only); solve: the model at each point.")
@click.option("--out", "out", metavar="FILE", default=None,
              help="Also write every point to FILE (.csv or .json), atomically, with checkpoints.")
@click.option("--resume", is_flag=True, help="Keep the points already in --out and compute only the rest.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="What to print: a summary table, or every point as CSV/JSON.")
@click.option("--plot", "plot", default=None, metavar="FILE",
              help="Also draw the sweep (.png, .svg or .pdf): one parameter -> outcome bands and the "
                   "quantities; two -> a regime map.")
@_progress_option
@_fail_cleanly
def sweep_command(model_name: str, vary: tuple[str, ...], settings: tuple[str, ...], quantity: tuple[str, ...],
                  all_quantities: bool, equilibria: bool, workers: int, scheduler: str | None, method: str, out: str | None,
                  resume: bool, fmt: str, plot: str | None, progress: bool | None) -> None:
    """Solve MODEL at every point of a grid of parameter values (full factorial).

    Example: gametheory sweep deterrence_complete --vary p_US=0:1:11 --vary e=0:1:11
    """
    from gametheory.errors import GameError
    from gametheory.sensitivity import sweep
    from gametheory.sensitivity.grid import parse_grids

    model = _model(model_name)
    fixed = _fixed(model, settings)
    axes = parse_grids(model, list(vary))  # check every grid before any work
    plot_path = _figure_path(plot) if plot is not None else None
    if plot_path is not None and len(axes) not in (1, 2):
        raise GameError(f"--plot draws one or two varied parameters, not {len(axes)}")
    if quantity and all_quantities:
        raise click.UsageError("give --quantity or --all-quantities, not both")
    if resume and out is None:
        raise click.UsageError("--resume needs --out FILE (the file to resume from)")
    if out is not None:
        if Path(out).suffix.lower() not in (".csv", ".json"):
            raise GameError(f"--out {out}: a sweep is written as .csv or .json")
        if Path(out).exists() and not resume:
            raise GameError(f"--out {out}: the file exists; add --resume to continue it, or remove it")
    before = _existing_points(out) if resume and out is not None else 0
    quantities: Any = "all" if all_quantities else (list(quantity) or None)
    if equilibria:
        if quantities == "all":  # the quantities the model reports at the base point
            quantities = list(model.solve(fixed, flips=False).quantities)
        quantities = [*(quantities or []), "equilibrium"]
    with _client(scheduler) as client:
        result = sweep(model, list(vary), fixed, quantities, workers=workers, scheduler=client,
                       progress=_want_progress(progress), out=out, resume=resume, method=method)
    if plot_path is not None:
        if len(result.axes) == 2:
            from gametheory.sensitivity import threshold_curves

            regime_map(model, result, plot_path, None, threshold_curves(model, result))
        else:
            sweep_chart(model, result, plot_path)
        click.echo(f"wrote {plot}", err=fmt != "table")
    if fmt == "csv":
        click.echo(result.csv_text(), nl=False)
    elif fmt == "json":
        _json_out(result.to_json())
    else:
        click.echo(render_sweep_table(model, result), nl=False)
        if out is not None:
            kept = f" ({before} kept from the earlier run)" if before else ""
            click.echo(f"wrote {out}: {result.computed} points{kept}")


# --------------------------------------------------------------------------- regions
def _dilate(mask: Any) -> Any:
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= out[:, :-1].copy()
    out[:, :-1] |= out[:, 1:].copy()
    return out


def regime_map(model: Any, result: Any, path: Path, title: str | None = None,
               curves: list[Any] | None = None) -> list[str]:
    """Draw the 2-D outcome map of ``result`` (two varied parameters) to ``path``.

    ``curves``: exact threshold curves (:func:`gametheory.sensitivity.threshold_curves`),
    drawn where they separate outcomes and listed in the legend with their equations; where
    there are none, the grid's outcome boundaries are outlined instead.
    Returns the outcome keys drawn (in legend order).
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    plt = _pyplot()
    (xname, xs), (yname, ys) = result.axes.items()
    grid = result.outcome_grid()  # shape (len(xs), len(ys))
    keys = [o.key for o in model.outcomes]
    present = [k for k in keys if (grid == k).any()]
    has_error = bool((grid == "").any())
    cats = present + ([""] if has_error else [])
    index = {k: i for i, k in enumerate(cats)}
    codes = np.vectorize(lambda k: index.get(str(k), len(cats) - 1))(grid).T.astype(float)
    colours = [PALETTE[keys.index(k) % len(PALETTE)] if k else ERROR_COLOUR for k in cats]
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
                                        label=f"threshold: {c.equation}"))
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
    ax.set_xlabel("\n".join(textwrap.wrap(_label(model, xname), 90)))
    ax.set_ylabel("\n".join(textwrap.wrap(_label(model, yname), 55)))
    ax.set_title("\n".join(textwrap.wrap(title or model.title, 70)), fontsize=10)
    others = [n for n in base if n not in (xname, yname) and base[n] != model.parameter(n).default]
    if others:
        ax.text(0.01, 0.01, "held at " + ", ".join(f"{n}={_fmt(base[n])}" for n in others),
                transform=ax.transAxes, fontsize=8, va="bottom")
    handles: list[Any] = [Patch(facecolor=c, edgecolor="black", label=_headline(model, k))
                          for k, c in zip(cats, colours)]
    handles += curve_handles
    handles += [h for h in ax.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncol=1, fontsize=9, frameon=False)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return cats


@click.command("regions")
@click.argument("model_name", metavar="MODEL")
@click.option("--x", "x", required=True, metavar="NAME=GRID", help="Horizontal axis grid, e.g. p_US=0:1:201.")
@click.option("--y", "y", required=True, metavar="NAME=GRID", help="Vertical axis grid, e.g. r_FUK=0:1:201.")
@_set_option
@click.option("--out", "out", required=True, metavar="FILE", help="Figure file: .png, .svg or .pdf.")
@click.option("--title", default=None, help="Figure title [default: the model's title].")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Summary on stdout: text, or json (shares and exact threshold curves).")
@_parallel_options
@_progress_option
@_fail_cleanly
def regions_command(model_name: str, x: str, y: str, settings: tuple[str, ...], out: str, title: str | None,
                    fmt: str, workers: int, scheduler: str | None, progress: bool | None) -> None:
    """Draw a 2-D map of MODEL's outcome regions over two parameters.

    The default point is marked with a star; other parameters are at their defaults or --set.
    """
    from gametheory.errors import GameError
    from gametheory.sensitivity import sweep, threshold_curves
    from gametheory.sensitivity.grid import parse_grids

    model = _model(model_name)
    fixed = _fixed(model, settings)
    axes = parse_grids(model, [x, y])
    if len(axes) != 2:
        raise GameError("regions: --x and --y must vary two different parameters")
    path = _figure_path(out)
    _pyplot()
    with _client(scheduler) as client:
        result = sweep(model, [x, y], fixed, None, workers=workers, scheduler=client,
                       progress=_want_progress(progress))
    curves = threshold_curves(model, result)
    cats = regime_map(model, result, path, title, curves)
    counts = result.counts()
    if fmt == "json":
        _json_out({"model": model.name, "figure": str(out), "axes": list(result.axes), "shape": list(result.shape),
                   "method": result.method,
                   "shares": {k or "error": counts.get(k or "error", 0) / result.n_points for k in cats},
                   "threshold_curves": [{"equation": c.equation, "latex": c.latex, "polynomial": str(c.expr),
                                         "between": [list(p) for p in c.between], "grid_edges": c.crossings}
                                        for c in curves]})
        return
    click.echo(f"wrote {out}: {' x '.join(map(str, result.shape))} points, method {result.method}")
    for k in cats:
        n = counts.get(k or "error", 0)
        click.echo(f"  {100 * n / result.n_points:5.1f}%  {_headline(model, k)}")
    if curves:
        click.echo("exact threshold curves (drawn where they separate outcomes):")
        for c in curves:
            sides = "; ".join(" | ".join(k or "not admissible" for k in pair) for pair in c.between)
            click.echo(f"  {c.equation}    [{sides}]")
    else:
        click.echo("boundaries outlined to grid resolution (no symbolic regimes in these parameters)")


# --------------------------------------------------------------------------- thresholds
def thresholds_chart(model: Any, res: Any, path: Path) -> None:
    """How far each parameter must move, alone, to change the outcome: one row per parameter
    with its admissible interval scaled to [0, 1], the current value (dot) and the flips
    (bars from the current value to each flip, coloured by the outcome beyond it)."""
    from matplotlib.patches import Patch

    plt = _pyplot()
    keys = [o.key for o in model.outcomes]
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
            colour = PALETTE[keys.index(r["to"]) % len(PALETTE)] if r["to"] in keys else ERROR_COLOUR
            a, b = sorted((pos(cur), pos(r["value"])))
            ax.barh(i, max(b - a, 0.004), left=a, height=0.5, color=colour, edgecolor="black", linewidth=0.5)
            ax.text(pos(r["value"]) + (0.01 if r["direction"] == "up" else -0.01), i + 0.3, _fmt(r["value"]),
                    ha="left" if r["direction"] == "up" else "right", va="bottom", fontsize=7)
            if r["to"] not in seen:
                seen.append(r["to"])
        ax.plot([pos(cur)], [i], marker="o", color="black", markersize=5)
        ax.text(-0.01, i, _fmt(lo), ha="right", va="center", fontsize=7)
        ax.text(1.01, i, _fmt(hi), ha="left", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.set_xlim(-0.1, 1.1)
    ax.set_xticks([])
    ax.set_xlabel("each parameter's admissible interval (ends labelled); dot: current value;\n"
                  "bar: from the current value to the nearest outcome change (value labelled)")
    ax.set_title(f"{model.title}\nnow: {_headline(model, res.outcome)}", fontsize=10)
    handles = [Patch(facecolor=PALETTE[keys.index(k) % len(PALETTE)] if k in keys else ERROR_COLOUR,
                     edgecolor="black", label=f"changes to: {_headline(model, k)}") for k in seen]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)


@click.command("thresholds")
@click.argument("model_name", metavar="MODEL")
@_set_option
@click.option("--out", "out", default=None, metavar="FILE",
              help="Also draw the distances to each threshold (.png, .svg or .pdf).")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_fail_cleanly
def thresholds_command(model_name: str, settings: tuple[str, ...], out: str | None, fmt: str) -> None:
    """Where each parameter, moved alone, changes MODEL's outcome."""
    from gametheory.sensitivity import thresholds

    model = _model(model_name)
    path = _figure_path(out) if out is not None else None
    res = thresholds(model, _fixed(model, settings))
    if path is not None:
        thresholds_chart(model, res, path)
        click.echo(f"wrote {out}", err=fmt == "json")
    if fmt == "json":
        _json_out(res.to_json())
        return
    click.echo(f"{model.title}: {_headline(model, res.outcome)}")
    if not res.table:
        click.echo("no single parameter change inside its admissible interval changes the outcome")
        return
    click.echo("outcome changes, one parameter at a time:")
    width = max(len(r["parameter"]) for r in res.table)
    for r in res.table:
        verb = "below" if r["direction"] == "down" else "above"
        how = "exact" if r["exact"] else f"within {_fmt(r['accuracy'])}"
        if r.get("only_at_value"):
            how += f", at {_fmt(r['value'])} only"
        click.echo(f"  {r['parameter']:<{width}}  now {_fmt(r['current']):>6}  {verb} {_fmt(r['value']):<8} "
                   f"-> {_headline(model, r['to'])}  ({how})")
    fixed = [p.name for p in model.parameters if p.name not in {r["parameter"] for r in res.table}]
    if fixed:
        click.echo("never change the outcome alone: " + ", ".join(fixed))


# --------------------------------------------------------------------------- tornado
def tornado_chart(model: Any, res: Any, path: Path, baseline: float | None = None) -> None:
    """Horizontal bar chart of a tornado analysis (most influential parameter on top).

    With a quantity, each bar spans the quantity's minimum to maximum over the parameter's
    sweep (``baseline``: the quantity at the baseline point, drawn as a dashed line); without
    one, each bar is the parameter's swept range coloured by the outcome at each value.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plt = _pyplot()
    rows = list(reversed(res.table))
    names = [r["parameter"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 2.2), layout="constrained")
    keys = [o.key for o in model.outcomes]
    if res.quantity:
        for i, r in enumerate(rows):
            lo, hi = r["min"], r["max"]
            if lo is None:
                continue
            ax.barh(i, hi - lo, left=lo, color=PALETTE[0] if r["flips"] else "#aaaaaa", edgecolor="black")
        ax.set_xlabel(f"{res.quantity} over each parameter's admissible range")
        handles: list[Any] = [
            Patch(facecolor=PALETTE[0], edgecolor="black", label="the outcome changes within the range"),
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
                colour = PALETTE[keys.index(o) % len(PALETTE)] if o else ERROR_COLOUR
                ax.barh(i, 1 / n, left=k / n, color=colour, edgecolor="none")
            ax.text(-0.01, i, _fmt(r["low"]), ha="right", va="center", fontsize=8)
            ax.text(1.01, i, _fmt(r["high"]), ha="left", va="center", fontsize=8)
        ax.set_xlim(-0.12, 1.12)
        ax.set_xticks([])
        ax.set_xlabel("each parameter swept alone from the low end (left) to the high end (right)")
        seen = [k for k in keys if any(k in r["outcomes"] for r in rows)]
        handles = [Patch(facecolor=PALETTE[keys.index(k) % len(PALETTE)], label=model.outcome(k).headline)
                   for k in seen]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(names)
    ax.set_title(f"{model.title}\none-at-a-time sensitivity", fontsize=10)
    fig.legend(handles=handles, loc="outside lower center", frameon=False, fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)


@click.command("tornado")
@click.argument("model_name", metavar="MODEL")
@click.option("--quantity", "-q", default=None, metavar="Q",
              help="Rank by the range of quantity Q [default: by the number of outcome changes].")
@click.option("--points", type=click.IntRange(min=2), default=21, show_default=True,
              help="Values per parameter across its admissible interval.")
@click.option("--aggregate", type=click.Choice(["max", "min", "mean"]), default="max", show_default=True,
              help="How a list-valued quantity (one value per equilibrium) is reduced at each point.")
@_set_option
@click.option("--out", "out", default=None, metavar="FILE", help="Also draw a bar chart (.png, .svg or .pdf).")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_parallel_options
@_progress_option
@_fail_cleanly
def tornado_command(model_name: str, quantity: str | None, points: int, aggregate: str, settings: tuple[str, ...],
                    out: str | None, fmt: str, workers: int, scheduler: str | None, progress: bool | None) -> None:
    """Rank MODEL's parameters by influence, each swept alone across its admissible range."""
    from gametheory.sensitivity import tornado

    model = _model(model_name)
    fixed = _fixed(model, settings)
    path = _figure_path(out) if out is not None else None
    with _client(scheduler) as client:
        res = tornado(model, quantity, points=points, values=fixed, workers=workers, scheduler=client,
                      progress=_want_progress(progress), aggregate=aggregate)
    if path is not None:
        base_q = None
        if quantity:
            from gametheory.sensitivity.tornado import scalar_quantity as _scalar

            base_q = _scalar(model.solve(fixed, flips=False).quantities.get(quantity), quantity, "the baseline",
                             aggregate)
        tornado_chart(model, res, path, base_q)
    if fmt == "json":
        _json_out(res.to_json())
    else:
        click.echo(f"{model.title}: baseline {_headline(model, res.baseline)}")
        by = f"range of {quantity}" if quantity else "outcome changes along the sweep"
        if quantity and res.aggregate and res.aggregate != "max":
            by += f" ({res.aggregate} over equilibria where it is a list)"
        click.echo(f"parameters ranked by {by} ({points} points each):")
        width = max(len(r["parameter"]) for r in res.table)
        spans = [f"{_fmt(r['low'])}..{_fmt(r['high'])}" for r in res.table]
        swidth = max(len(x) for x in spans)
        for r, span in zip(res.table, spans):
            line = f"  {r['rank']:>2}. {r['parameter']:<{width}}  {span:<{swidth}}"
            if quantity:
                line += f"  {quantity} {_fmt(r['min'])}..{_fmt(r['max'])} (range {_fmt(r['range'])})"
            line += f"  changes {r['changes']}"
            line += f"  outcomes: {', '.join(r['outcomes'])}"
            click.echo(line.rstrip())
    if path is not None:
        click.echo(f"wrote {out}", err=fmt == "json")


# --------------------------------------------------------------------------- Monte Carlo
def montecarlo_chart(model: Any, res: Any, path: Path) -> None:
    """Outcome probabilities of a Monte Carlo run as bars with their 95% Wilson intervals,
    and, beside them, the distribution of each uncertain parameter split by outcome."""
    import numpy as np

    plt = _pyplot()
    keys = [o.key for o in model.outcomes]
    table = [r for r in res.table if r["count"] > 0] or res.table
    names = list(res.distributions)
    fig, axes = plt.subplots(1, 1 + len(names), figsize=(4.2 + 3.0 * len(names), 4.4), layout="constrained",
                             squeeze=False)
    ax = axes[0][0]
    colours = [PALETTE[keys.index(r["outcome"]) % len(PALETTE)] for r in table]
    p = np.array([r["probability"] for r in table])
    err = np.array([[r["probability"] - r["low"] for r in table], [r["high"] - r["probability"] for r in table]])
    xs = np.arange(len(table))
    ax.bar(xs, p, color=colours, edgecolor="black", yerr=err, capsize=4)
    ax.set_xticks(xs)
    ax.set_xticklabels(["\n".join(textwrap.wrap(_headline(model, r["outcome"]), 16)) for r in table], fontsize=7)
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
        axn.set_xlabel(f"{n} ~ {res.distributions[n]}", fontsize=8)
        axn.set_yticks([])
        axn.set_title(f"draws of {n} by outcome", fontsize=9)
    fig.suptitle(model.title, fontsize=10)
    fig.savefig(path, dpi=110)
    plt.close(fig)


@click.command("montecarlo")
@click.argument("model_name", metavar="MODEL")
@click.option("--dist", "dists", multiple=True, required=True, metavar="NAME=DIST",
              help="Uncertain parameter, e.g. \"p_US=uniform(0,1)\" or \"e=normal(0.1,0.05)\" (repeatable); "
              "truncated to the admissible interval.")
@click.option("--draws", type=click.IntRange(min=1), default=10_000, show_default=True, help="Number of draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same draws).")
@_set_option
@click.option("--method", type=click.Choice(["auto", "compiled", "solve"]), default="auto", show_default=True,
              help="compiled: vectorised symbolic regimes; solve: the model at each draw (local pool or Dask).")
@click.option("--out", "out", default=None, metavar="FILE",
              help="Also draw the outcome probabilities with their intervals (.png, .svg or .pdf).")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_parallel_options
@_progress_option
@_fail_cleanly
def montecarlo_command(model_name: str, dists: tuple[str, ...], draws: int, seed: int, settings: tuple[str, ...],
                       method: str, out: str | None, fmt: str, workers: int, scheduler: str | None,
                       progress: bool | None) -> None:
    """Probability of each of MODEL's outcomes when parameters are uncertain (95% Wilson intervals)."""
    from gametheory.errors import GameError
    from gametheory.sensitivity import montecarlo
    from gametheory.sensitivity.distributions import truncate

    model = _model(model_name)
    fixed = _fixed(model, settings)
    path = _figure_path(out) if out is not None else None
    spec: dict[str, str] = {}
    for item in dists:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise GameError(f"--dist: expected NAME=DIST such as p_US=uniform(0,1), got {item!r}")
        if name in spec:
            raise GameError(f"--dist: parameter {name} given twice")
        spec[name] = text
        try:
            truncate(model.parameter(name), text)  # check now, before any draw
        except GameError as exc:  # the library's advice names its Python argument
            raise GameError(str(exc).replace("use fixed=", "hold it with --set")) from None
    with _client(scheduler) as client:
        res = montecarlo(model, spec, draws=draws, seed=seed, fixed=fixed, workers=workers, scheduler=client,
                         progress=_want_progress(progress), method=method)
    if path is not None:
        montecarlo_chart(model, res, path)
        click.echo(f"wrote {out}", err=fmt == "json")
    if fmt == "json":
        _json_out(res.to_json())
        return
    click.echo(f"{model.title}: {res.draws} draws (seed {res.seed}), method {res.method}")
    click.echo("uncertain: " + ", ".join(f"{k} ~ {v}" for k, v in res.distributions.items()))
    if res.invalid:
        click.echo(f"{res.invalid} draws rejected by the model's joint restrictions")
    click.echo("outcome probabilities (95% interval):")
    for r in res.table:
        click.echo(f"  {r['probability']:6.1%}  [{r['low']:6.1%}, {r['high']:6.1%}]  "
                   f"{_headline(model, r['outcome'])} ({r['outcome']}, {r['count']} draws)")
    for r in res.table:
        drivers = [d for d in r["drivers"] if d["correlation"] is not None]
        if not drivers:
            continue
        words = ", ".join(
            f"{d['parameter']} {'higher' if d['mean_difference'] > 0 else 'lower'} "
            f"(r = {d['correlation']:+.2f})" for d in drivers[:3])
        click.echo(f"  drivers of {r['outcome']}: {words}")


# --------------------------------------------------------------------------- elasticities
def _elasticity_method_label(row: dict[str, Any]) -> str:
    """Short name of a row's method for the table: symbolic, fit p/q, fit kink or finite."""
    import re

    method = str(row["method"])
    if method == "symbolic":
        return "symbolic"
    if method.startswith("exact rational fit"):
        m = re.match(r"exact rational fit \(degree (\d+/\d+)", method)
        return f"fit {m.group(1)}" if m and row["derivative"] is not None else "fit kink"
    return "finite"


@click.command("elasticities")
@click.argument("model_name", metavar="MODEL")
@click.option("--quantity", "-q", required=True, metavar="Q", help="The quantity to differentiate.")
@_set_option
@click.option("--method", "-m", type=click.Choice(("auto", "symbolic", "fit", "finite")), default="auto",
              show_default=True,
              help="symbolic: the model's closed form; fit: exact local rational fit; finite: finite "
                   "differences; auto: symbolic where the model has a closed form, else fit.")
@click.option("--fit-budget", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Time the exact fits of --method auto may expect to take [default: 10].")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_fail_cleanly
def elasticities_command(model_name: str, quantity: str, settings: tuple[str, ...], method: str,
                         fit_budget: float | None, fmt: str) -> None:
    """Elasticity of quantity Q with respect to each of MODEL's parameters (% change per 1% change).

    Derivatives are exact where possible: differentiated from the model's closed form
    (symbolic), or from an exact rational function fitted to exact solutions near the point and
    checked at further points (fit p/q: degrees of numerator/denominator); otherwise estimated
    by finite differences.
    """
    from gametheory.sensitivity import elasticities
    from gametheory.sensitivity.elasticities import FIT_BUDGET

    model = _model(model_name)
    res = elasticities(model, quantity, _fixed(model, settings), method=method,
                       fit_budget=FIT_BUDGET if fit_budget is None else fit_budget)
    if fmt == "json":
        _json_out(res.to_json())
        return
    click.echo(f"{model.title}: {quantity} = {_fmt(res.value)}")
    width = max(9, max((len(r["parameter"]) for r in res.table), default=0))
    click.echo(f"{'parameter':<{width}}  {'value':>6}  {'method':<9}  {'derivative':>10}  {'elasticity':>10}")
    for r in res.table:
        el = "-" if r["elasticity"] is None else f"{float(r['elasticity']):+.4g}"
        d = "-" if r["derivative"] is None else f"{float(r['derivative']):+.4g}"
        label = _elasticity_method_label(r)
        click.echo(f"{r['parameter']:<{width}}  {_fmt(r['value']):>6}  {label:<9}  {d:>10}  {el:>10}")
    if res.expression is not None:
        click.echo(f"{quantity} = {res.expression}")
    exact = [r for r in res.table if r["expression"] is not None or r["fit"] is not None]
    moving = [r for r in exact if r["derivative"] != 0]
    if moving:
        click.echo("exact derivatives:" if res.expression is not None else "exact local fits (others held):")
        for r in moving:
            if r["expression"] is not None:
                value = "" if r["expression"] == _fmt(r["derivative"]) else f" = {_fmt(r['derivative'])}"
                click.echo(f"  d/d{r['parameter']} = {r['expression']}{value}")
            else:
                click.echo(f"  {quantity} = {r['fit']}  (near {r['parameter']} = {_fmt(r['value'])})")
    still = [r["parameter"] for r in exact if r["derivative"] == 0]
    if still:
        click.echo(textwrap.fill("exactly zero derivative: " + ", ".join(still), width=100,
                                 subsequent_indent="  "))
    noted = [r for r in res.table if r["note"] or r["scheme"].startswith("failed")]
    if noted:
        click.echo("notes:")
        for r in noted:
            text = r["note"] or r["scheme"]
            click.echo(textwrap.fill(f"{r['parameter']}: {text}", width=100, initial_indent="  ",
                                     subsequent_indent="    "))
    for n in res.notes:
        click.echo(textwrap.fill(n, width=100, initial_indent="note: ", subsequent_indent="  "))
    click.echo(f"method: {res.method}; {res.solves} solves")
