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
    from gametheory.models.base import format_value

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


@click.command("sweep")
@click.argument("model_name", metavar="MODEL")
@click.option("--vary", "vary", multiple=True, required=True, metavar="NAME=GRID",
              help="Parameter grid: NAME=start:stop:n, NAME=v1,v2,... or NAME=log:start:stop:n (repeatable).")
@_set_option
@click.option("--quantity", "-q", "quantity", multiple=True, metavar="Q",
              help="Record quantity Q at each point (repeatable).")
@click.option("--all-quantities", is_flag=True, help="Record every quantity the model reports.")
@_parallel_options
@click.option("--method", type=click.Choice(["auto", "compiled", "solve"]), default="auto", show_default=True,
              help="compiled: vectorised symbolic regimes (outcomes only); solve: the model at each point.")
@click.option("--out", "out", metavar="FILE", default=None,
              help="Also write every point to FILE (.csv or .json), atomically, with checkpoints.")
@click.option("--resume", is_flag=True, help="Keep the points already in --out and compute only the rest.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="What to print: a summary table, or every point as CSV/JSON.")
@_progress_option
@_fail_cleanly
def sweep_command(model_name: str, vary: tuple[str, ...], settings: tuple[str, ...], quantity: tuple[str, ...],
                  all_quantities: bool, workers: int, scheduler: str | None, method: str, out: str | None,
                  resume: bool, fmt: str, progress: bool | None) -> None:
    """Solve MODEL at every point of a grid of parameter values (full factorial).

    Example: gametheory sweep deterrence_complete --vary p_US=0:1:11 --vary e=0:1:11
    """
    from gametheory.errors import GameError
    from gametheory.sensitivity import sweep
    from gametheory.sensitivity.grid import parse_grids

    model = _model(model_name)
    fixed = _fixed(model, settings)
    parse_grids(model, list(vary))  # check every grid before any work
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
    with _client(scheduler) as client:
        result = sweep(model, list(vary), fixed, quantities, workers=workers, scheduler=client,
                       progress=_want_progress(progress), out=out, resume=resume, method=method)
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
def regime_map(model: Any, result: Any, path: Path, title: str | None = None) -> list[str]:
    """Draw the 2-D outcome map of ``result`` (two varied parameters) to ``path``.

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
@_parallel_options
@_progress_option
@_fail_cleanly
def regions_command(model_name: str, x: str, y: str, settings: tuple[str, ...], out: str, title: str | None,
                    workers: int, scheduler: str | None, progress: bool | None) -> None:
    """Draw a 2-D map of MODEL's outcome regions over two parameters.

    The default point is marked with a star; other parameters are at their defaults or --set.
    """
    from gametheory.errors import GameError
    from gametheory.sensitivity import sweep
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
    cats = regime_map(model, result, path, title)
    counts = result.counts()
    click.echo(f"wrote {out}: {' x '.join(map(str, result.shape))} points, method {result.method}")
    for k in cats:
        n = counts.get(k or "error", 0)
        click.echo(f"  {100 * n / result.n_points:5.1f}%  {_headline(model, k)}")


# --------------------------------------------------------------------------- thresholds
@click.command("thresholds")
@click.argument("model_name", metavar="MODEL")
@_set_option
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_fail_cleanly
def thresholds_command(model_name: str, settings: tuple[str, ...], fmt: str) -> None:
    """Where each parameter, moved alone, changes MODEL's outcome."""
    from gametheory.sensitivity import thresholds

    model = _model(model_name)
    res = thresholds(model, _fixed(model, settings))
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
@_set_option
@click.option("--out", "out", default=None, metavar="FILE", help="Also draw a bar chart (.png, .svg or .pdf).")
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_parallel_options
@_progress_option
@_fail_cleanly
def tornado_command(model_name: str, quantity: str | None, points: int, settings: tuple[str, ...],
                    out: str | None, fmt: str, workers: int, scheduler: str | None, progress: bool | None) -> None:
    """Rank MODEL's parameters by influence, each swept alone across its admissible range."""
    from gametheory.sensitivity import tornado

    model = _model(model_name)
    fixed = _fixed(model, settings)
    path = _figure_path(out) if out is not None else None
    with _client(scheduler) as client:
        res = tornado(model, quantity, points=points, values=fixed, workers=workers, scheduler=client,
                      progress=_want_progress(progress))
    if path is not None:
        base_q = None
        if quantity:
            from gametheory.sensitivity.analysis import _scalar

            base_q = _scalar(model.solve(fixed, flips=False).quantities.get(quantity), quantity, "the baseline")
        tornado_chart(model, res, path, base_q)
    if fmt == "json":
        _json_out(res.to_json())
    else:
        click.echo(f"{model.title}: baseline {_headline(model, res.baseline)}")
        by = f"range of {quantity}" if quantity else "outcome changes along the sweep"
        click.echo(f"parameters ranked by {by} ({points} points each):")
        width = max(len(r["parameter"]) for r in res.table)
        for r in res.table:
            span = f"{_fmt(r['low'])}..{_fmt(r['high'])}"
            line = f"  {r['rank']:>2}. {r['parameter']:<{width}}  {span:<14}"
            if quantity:
                line += f"  {quantity} {_fmt(r['min'])}..{_fmt(r['max'])} (range {_fmt(r['range'])})"
            line += f"  changes {r['changes']}"
            line += f"  outcomes: {', '.join(r['outcomes'])}"
            click.echo(line.rstrip())
    if path is not None:
        click.echo(f"wrote {out}", err=fmt == "json")


# --------------------------------------------------------------------------- Monte Carlo
@click.command("montecarlo")
@click.argument("model_name", metavar="MODEL")
@click.option("--dist", "dists", multiple=True, required=True, metavar="NAME=DIST",
              help="Uncertain parameter, e.g. \"p_US=uniform(0,1)\" or \"e=normal(0.1,0.05)\" (repeatable); "
              "truncated to the admissible interval.")
@click.option("--draws", type=click.IntRange(min=1), default=10_000, show_default=True, help="Number of draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same draws).")
@_set_option
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_parallel_options
@_progress_option
@_fail_cleanly
def montecarlo_command(model_name: str, dists: tuple[str, ...], draws: int, seed: int, settings: tuple[str, ...],
                       fmt: str, workers: int, scheduler: str | None, progress: bool | None) -> None:
    """Probability of each of MODEL's outcomes when parameters are uncertain (95% Wilson intervals)."""
    from gametheory.errors import GameError
    from gametheory.sensitivity import montecarlo
    from gametheory.sensitivity.distributions import truncate

    model = _model(model_name)
    fixed = _fixed(model, settings)
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
                         progress=_want_progress(progress))
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
@click.command("elasticities")
@click.argument("model_name", metavar="MODEL")
@click.option("--quantity", "-q", required=True, metavar="Q", help="The quantity to differentiate.")
@_set_option
@click.option("--format", "-f", "fmt", type=click.Choice(TEXT_FORMATS), default="text", show_default=True,
              help="Output format.")
@_fail_cleanly
def elasticities_command(model_name: str, quantity: str, settings: tuple[str, ...], fmt: str) -> None:
    """Elasticity of quantity Q with respect to each of MODEL's parameters (% change per 1% change)."""
    from gametheory.sensitivity import elasticities

    model = _model(model_name)
    res = elasticities(model, quantity, _fixed(model, settings))
    if fmt == "json":
        _json_out(res.to_json())
        return
    click.echo(f"{model.title}: {quantity} = {_fmt(res.value)}")
    click.echo("parameter   value   derivative   elasticity")
    width = max(9, max(len(r["parameter"]) for r in res.table))
    for r in res.table:
        el = "-" if r["elasticity"] is None else f"{float(r['elasticity']):+.4g}"
        d = "-" if r["derivative"] is None else f"{float(r['derivative']):+.4g}"
        note = "  (outcome changes nearby: kink)" if r["kink"] else ""
        if r["scheme"].startswith("failed") or r["scheme"] == "none":
            note = f"  ({r['scheme']})"
        click.echo(f"{r['parameter']:<{width}}  {_fmt(r['value']):>6}  {d:>10}  {el:>10}{note}")
