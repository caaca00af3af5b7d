"""``gametheory sweep | regions | thresholds | tornado | montecarlo | elasticities``.

Command-line access to :mod:`gametheory.sensitivity`. Every option is checked (model,
parameter names, grids, distributions, the Dask scheduler) before any solving starts; a
bad value is one ``Error:`` line and exit status 1. Progress bars go to stderr, and are on
by default only when stderr is a terminal. Plots use matplotlib's Agg backend (no display
needed); the figure format follows the output file's extension.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from gametheory.cli._model_text import outcome_headline, show_value
from gametheory.cli._output import check_output, force_option
from gametheory.cli._shared import echo_json, fail_cleanly, format_option, one_line, parse_settings
from gametheory.cli.charts import (
    figure_path,
    montecarlo_chart,
    not_drawn,
    plots_available,
    pyplot,
    regime_map,
    sweep_chart,
    thresholds_chart,
    tornado_chart,
)
from gametheory.errors import GameError
from gametheory.models import get_model
from gametheory.sensitivity import elasticities, montecarlo, sweep, threshold_curves, thresholds, tornado
from gametheory.sensitivity.distributions import truncate
from gametheory.sensitivity.elasticities import FIT_BUDGET
from gametheory.sensitivity.grid import parse_grids
from gametheory.sensitivity.tornado import scalar_quantity


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


def _fixed(model: Any, settings: tuple[str, ...]) -> dict[str, Any]:
    """The --set values, checked against the model (unknown names, inadmissible values)."""
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
            lines.append("held at: " + ", ".join(f"{k}={show_value(v)}" for k, v in changed.items()))
    counts = result.counts()
    total = max(1, result.computed)
    width = max((len(k) for k in counts), default=0)
    lines.append("outcomes:")
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        head = outcome_headline(model, None if key == "error" else key)
        lines.append(f"  {key:<{width}}  {n:>8}  {100 * n / total:5.1f}%  {head}")
    if len(result.axes) == 1 and result.complete:
        (name, axis), = result.axes.items()
        lines.append(f"along {name}:")
        for lo, hi, o in _runs(axis, [o or "error" for o in result.outcome]):
            where = f"{name} = {show_value(lo)}" if lo == hi else f"{show_value(lo)} <= {name} <= {show_value(hi)}"
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
@click.option("--equilibria", is_flag=True,
              help="Also record, at each point, the equilibrium the outcome rests on (JSON in the CSV cell).")
@_parallel_options
@click.option("--method", type=click.Choice(["auto", "compiled", "solve"]), default="auto", show_default=True,
              help="compiled: vectorised symbolic regimes (outcomes only); solve: the model at each point.")
@click.option("--out", "out", metavar="FILE", default=None,
              help="Also write every point to FILE (.csv or .json), atomically, with checkpoints.")
@click.option("--resume", is_flag=True, help="Keep the points already in --out and compute only the rest.")
@format_option("table", "csv", "json", help="What to print: a summary table, or every point as CSV/JSON.")
@click.option("--plot", "plot", default=None, metavar="FILE",
              help="Also draw the sweep (.png, .svg or .pdf): one parameter -> outcome bands and the "
                   "quantities; two -> a regime map.")
@force_option
@_progress_option
@fail_cleanly
def sweep_command(model_name: str, vary: tuple[str, ...], settings: tuple[str, ...], quantity: tuple[str, ...],
                  all_quantities: bool, equilibria: bool, workers: int, scheduler: str | None, method: str, out: str | None,
                  resume: bool, fmt: str, plot: str | None, force: bool, progress: bool | None) -> None:
    """Solve MODEL at every point of a grid of parameter values (full factorial).

    Example: gametheory sweep escalation --vary p_US=0:1:11 --vary k_T=0:2:11
    """

    model = get_model(model_name)
    fixed = _fixed(model, settings)
    axes = parse_grids(model, list(vary))  # check every grid before any work
    plot_path = figure_path(plot, force, "--plot") if plot is not None else None
    if plot_path is not None and len(axes) not in (1, 2):
        raise GameError(f"--plot draws one or two varied parameters, not {len(axes)}")
    if quantity and all_quantities:
        raise click.UsageError("give --quantity or --all-quantities, not both")
    if resume and out is None:
        raise click.UsageError("--resume needs --out FILE (the file to resume from)")
    if out is not None:
        if Path(out).suffix.lower() not in (".csv", ".json"):
            raise GameError(f"--out {out}: a sweep is written as .csv or .json")
        # --resume continues its own file; otherwise an existing file needs --force
        check_output(out, force or resume, exists_hint="pass --resume to continue it, or --force to overwrite it")
    before = _existing_points(out) if resume and out is not None else 0
    quantities: Any = "all" if all_quantities else (list(quantity) or None)
    if equilibria:
        if quantities == "all":  # the quantities the model reports at the base point
            quantities = list(model.solve(fixed, flips=False).quantities)
        quantities = [*(quantities or []), "equilibrium"]
    with _client(scheduler) as client:
        result = sweep(model, list(vary), fixed, quantities, workers=workers, scheduler=client,
                       progress=_want_progress(progress), out=out, resume=resume, method=method)
    missing = None
    if plot_path is not None and not plots_available():
        missing = not_drawn("--plot", str(plot))
    elif plot_path is not None:
        if len(result.axes) == 2:
            regime_map(model, result, plot_path, None, threshold_curves(model, result), force=force)
        else:
            sweep_chart(model, result, plot_path, force=force)
        click.echo(f"wrote {plot}", err=fmt != "table")
    if fmt == "csv":
        click.echo(result.csv_text(), nl=False)
    elif fmt == "json":
        echo_json(result.to_json())
    else:
        click.echo(render_sweep_table(model, result), nl=False)
        if out is not None:
            kept = f" ({before} kept from the earlier run)" if before else ""
            click.echo(f"wrote {out}: {result.computed} points{kept}")
    if missing:
        raise GameError(missing)


# --------------------------------------------------------------------------- regions
@click.command("regions")
@click.argument("model_name", metavar="MODEL")
@click.option("--x", "x", required=True, metavar="NAME=GRID", help="Horizontal axis grid, e.g. p_US=0:1:201.")
@click.option("--y", "y", required=True, metavar="NAME=GRID", help="Vertical axis grid, e.g. r_FUK=0:1:201.")
@_set_option
@click.option("--out", "out", required=True, metavar="FILE", help="Figure file: .png, .svg or .pdf.")
@click.option("--title", default=None, help="Figure title [default: the model's title].")
@format_option("table", "json", help="Summary on stdout: a table, or json (shares and exact threshold curves).")
@_parallel_options
@force_option
@_progress_option
@fail_cleanly
def regions_command(model_name: str, x: str, y: str, settings: tuple[str, ...], out: str, title: str | None,
                    fmt: str, workers: int, scheduler: str | None, force: bool, progress: bool | None) -> None:
    """Draw a 2-D map of MODEL's outcome regions over two parameters.

    The default point is marked with a star; other parameters are at their defaults or --set.
    """

    model = get_model(model_name)
    fixed = _fixed(model, settings)
    axes = parse_grids(model, [x, y])
    if len(axes) != 2:
        raise GameError("regions: --x and --y must vary two different parameters")
    path = figure_path(out, force)
    pyplot()
    with _client(scheduler) as client:
        result = sweep(model, [x, y], fixed, None, workers=workers, scheduler=client,
                       progress=_want_progress(progress))
    curves = threshold_curves(model, result)
    cats = regime_map(model, result, path, title, curves, force=force)
    counts = result.counts()
    if fmt == "json":
        echo_json({"model": model.name, "figure": str(out), "axes": list(result.axes), "shape": list(result.shape),
                   "method": result.method,
                   "shares": {k or "error": counts.get(k or "error", 0) / result.n_points for k in cats},
                   "threshold_curves": [{"equation": c.equation, "latex": c.latex, "polynomial": str(c.expr),
                                         "between": [list(p) for p in c.between], "grid_edges": c.crossings}
                                        for c in curves]})
        return
    click.echo(f"wrote {out}: {' x '.join(map(str, result.shape))} points, method {result.method}")
    for k in cats:
        n = counts.get(k or "error", 0)
        click.echo(f"  {100 * n / result.n_points:5.1f}%  {outcome_headline(model, k)}")
    if curves:
        click.echo("exact threshold curves (drawn where they separate outcomes):")
        for c in curves:
            sides = "; ".join(" | ".join(k or "not admissible" for k in pair) for pair in c.between)
            click.echo(f"  {c.equation}    [{sides}]")
    else:
        click.echo("boundaries outlined to grid resolution (no symbolic regimes in these parameters)")


# --------------------------------------------------------------------------- thresholds
@click.command("thresholds")
@click.argument("model_name", metavar="MODEL")
@_set_option
@click.option("--out", "out", default=None, metavar="FILE",
              help="Also draw the distances to each threshold (.png, .svg or .pdf).")
@format_option("table", "json")
@force_option
@fail_cleanly
def thresholds_command(model_name: str, settings: tuple[str, ...], out: str | None, fmt: str, force: bool) -> None:
    """Where each parameter, moved alone, changes MODEL's outcome."""

    model = get_model(model_name)
    path = figure_path(out, force) if out is not None else None
    res = thresholds(model, _fixed(model, settings))
    missing = not_drawn("--out", str(out)) if path is not None and not plots_available() else None
    if path is not None and missing is None:
        thresholds_chart(model, res, path, force=force)
        click.echo(f"wrote {out}", err=fmt == "json")
    if fmt == "json":
        echo_json(res.to_json())
    else:
        click.echo(render_thresholds(model, res), nl=False)
    if missing:
        raise GameError(missing)


def render_thresholds(model: Any, res: Any) -> str:
    """The text table of :func:`thresholds_command`; claims only about parameters examined."""
    lines = []
    lines.append(f"{model.title}: {outcome_headline(model, res.outcome)}")
    examined = list(res.examined)
    if not res.table:
        lines.append("no change of a single examined parameter inside its admissible interval changes the outcome")
    else:
        lines.append("outcome changes, one parameter at a time:")
        width = max(len(r["parameter"]) for r in res.table)
        for r in res.table:
            verb = "below" if r["direction"] == "down" else "above"
            how = "exact" if r["exact"] else f"within {show_value(r['accuracy'])}"
            if r.get("only_at_value"):
                how += f", at {show_value(r['value'])} only"
            lines.append(f"  {r['parameter']:<{width}}  now {show_value(r['current']):>6}  {verb} "
                         f"{show_value(r['value']):<8} -> {outcome_headline(model, r['to'])}  ({how})")
    moved = {r["parameter"] for r in res.table}
    quiet = [n for n in examined if n not in moved]
    if quiet:
        lines.append("examined, no change found when moved alone across the admissible interval: " + ", ".join(quiet))
    skipped = [p.name for p in model.parameters if p.name not in examined]
    if skipped:
        lines.append("not examined (this model searches flips only in " + ", ".join(examined) + "): "
                     + ", ".join(skipped) + "; try `gametheory tornado` or `--set`")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- tornado
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
@format_option("table", "json")
@_parallel_options
@force_option
@_progress_option
@fail_cleanly
def tornado_command(model_name: str, quantity: str | None, points: int, aggregate: str, settings: tuple[str, ...],
                    out: str | None, fmt: str, workers: int, scheduler: str | None, force: bool,
                    progress: bool | None) -> None:
    """Rank MODEL's parameters by influence, each swept alone across its admissible range."""

    model = get_model(model_name)
    fixed = _fixed(model, settings)
    path = figure_path(out, force) if out is not None else None
    with _client(scheduler) as client:
        res = tornado(model, quantity, points=points, values=fixed, workers=workers, scheduler=client,
                      progress=_want_progress(progress), aggregate=aggregate)
    missing = not_drawn("--out", str(out)) if path is not None and not plots_available() else None
    if path is not None and missing is None:
        base_q = None
        if quantity:
            base_q = scalar_quantity(model.solve(fixed, flips=False).quantities.get(quantity), quantity, "the baseline",
                             aggregate)
        tornado_chart(model, res, path, base_q, force=force)
    if fmt == "json":
        echo_json(res.to_json())
    else:
        click.echo(f"{model.title}: baseline {outcome_headline(model, res.baseline)}")
        by = f"range of {quantity}" if quantity else "outcome changes along the sweep"
        if quantity and res.aggregate and res.aggregate != "max":
            by += f" ({res.aggregate} over equilibria where it is a list)"
        click.echo(f"parameters ranked by {by} ({points} points each):")
        width = max(len(r["parameter"]) for r in res.table)
        spans = [f"{show_value(r['low'])}..{show_value(r['high'])}" for r in res.table]
        swidth = max(len(x) for x in spans)
        for r, span in zip(res.table, spans):
            line = f"  {r['rank']:>2}. {r['parameter']:<{width}}  {span:<{swidth}}"
            if quantity:
                line += f"  {quantity} {show_value(r['min'])}..{show_value(r['max'])} (range {show_value(r['range'])})"
            line += f"  changes {r['changes']}"
            line += f"  outcomes: {', '.join(r['outcomes'])}"
            click.echo(line.rstrip())
        for r in res.table:
            if r.get("inadmissible"):
                kept = r["points"] - r["inadmissible"]
                where = ("no admissible point" if r["admissible_low"] is None else
                         f"{kept} admissible, from {show_value(r['admissible_low'])} to "
                         f"{show_value(r['admissible_high'])}")
                click.echo(f"  note: {r['parameter']}: {r['inadmissible']} of {r['points']} points rejected by the "
                           f"model ({where}): {one_line(r['inadmissible_reason'] or '')}")
    if path is not None and missing is None:
        click.echo(f"wrote {out}", err=fmt == "json")
    if missing:
        raise GameError(missing)


# --------------------------------------------------------------------------- Monte Carlo
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
@format_option("table", "json")
@_parallel_options
@force_option
@_progress_option
@fail_cleanly
def montecarlo_command(model_name: str, dists: tuple[str, ...], draws: int, seed: int, settings: tuple[str, ...],
                       method: str, out: str | None, fmt: str, workers: int, scheduler: str | None, force: bool,
                       progress: bool | None) -> None:
    """Probability of each of MODEL's outcomes when parameters are uncertain (95% Wilson intervals)."""

    model = get_model(model_name)
    fixed = _fixed(model, settings)
    path = figure_path(out, force) if out is not None else None
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
    missing = not_drawn("--out", str(out)) if path is not None and not plots_available() else None
    if path is not None and missing is None:
        montecarlo_chart(model, res, path, force=force)
        click.echo(f"wrote {out}", err=fmt == "json")
    if fmt == "json":
        echo_json(res.to_json())
    else:
        _echo_montecarlo(model, res)
    if missing:
        raise GameError(missing)


def _echo_montecarlo(model: Any, res: Any) -> None:
    click.echo(f"{model.title}: {res.draws} draws (seed {res.seed}), method {res.method}")
    click.echo("uncertain: " + ", ".join(f"{k} ~ {v}" for k, v in res.distributions.items()))
    if res.invalid:
        click.echo(f"{res.invalid} draws rejected by the model's joint restrictions")
    click.echo("outcome probabilities (95% interval):")
    for r in res.table:
        click.echo(f"  {r['probability']:6.1%}  [{r['low']:6.1%}, {r['high']:6.1%}]  "
                   f"{outcome_headline(model, r['outcome'])} ({r['outcome']}, {r['count']} draws)")
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
@format_option("table", "json")
@fail_cleanly
def elasticities_command(model_name: str, quantity: str, settings: tuple[str, ...], method: str,
                         fit_budget: float | None, fmt: str) -> None:
    """Elasticity of quantity Q with respect to each of MODEL's parameters (% change per 1% change).

    Derivatives are exact where possible: differentiated from the model's closed form
    (symbolic), or from an exact rational function fitted to exact solutions near the point and
    checked at further points (fit p/q: degrees of numerator/denominator); otherwise estimated
    by finite differences.
    """

    model = get_model(model_name)
    res = elasticities(model, quantity, _fixed(model, settings), method=method,
                       fit_budget=FIT_BUDGET if fit_budget is None else fit_budget)
    if fmt == "json":
        echo_json(res.to_json())
        return
    click.echo(f"{model.title}: {quantity} = {show_value(res.value)}")
    width = max(9, max((len(r["parameter"]) for r in res.table), default=0))
    click.echo(f"{'parameter':<{width}}  {'value':>6}  {'method':<9}  {'derivative':>10}  {'elasticity':>10}")
    for r in res.table:
        el = "-" if r["elasticity"] is None else f"{float(r['elasticity']):+.4g}"
        d = "-" if r["derivative"] is None else f"{float(r['derivative']):+.4g}"
        label = _elasticity_method_label(r)
        click.echo(f"{r['parameter']:<{width}}  {show_value(r['value']):>6}  {label:<9}  {d:>10}  {el:>10}")
    if res.expression is not None:
        click.echo(f"{quantity} = {res.expression}")
    exact = [r for r in res.table if r["expression"] is not None or r["fit"] is not None]
    moving = [r for r in exact if r["derivative"] != 0]
    if moving:
        click.echo("exact derivatives:" if res.expression is not None else "exact local fits (others held):")
        for r in moving:
            if r["expression"] is not None:
                value = "" if r["expression"] == show_value(r["derivative"]) else f" = {show_value(r['derivative'])}"
                click.echo(f"  d/d{r['parameter']} = {r['expression']}{value}")
            else:
                click.echo(f"  {quantity} = {r['fit']}  (near {r['parameter']} = {show_value(r['value'])})")
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
    for n in res.diagnostics:
        click.echo(textwrap.fill(n, width=100, initial_indent="note: ", subsequent_indent="  "))
    click.echo(f"method: {res.method}; {res.solves} solves")
