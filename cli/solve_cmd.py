"""``gametheory solve`` and ``gametheory demo``: Nash equilibria, and how they are printed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import click

from gametheory._kernel.files import csv_text_cell
from gametheory._kernel.results import dumps
from gametheory._kernel.values import format_number
from gametheory.cli._shared import (
    at_point,
    echo_json,
    echo_text,
    fail_cleanly,
    format_any,
    format_option,
    load_game,
    one_line,
)
from gametheory.dispatch import solve
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult
from gametheory.extensive.solve import EXTENSIVE_METHODS
from gametheory.normal.examples import EXAMPLES
from gametheory.normal.solvers import METHODS

#: The formats ``solve`` and ``demo`` write.
FORMATS = ("table", "json", "csv")


@click.command("solve")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--method",
    "-m",
    default="auto",
    show_default=True,
    help="Solver: auto, or one listed by `gametheory methods` (enummixed, lemke_howson, zerosum, "
    "pure, enumpoly, logit, logit_qre, nashpy_*).",
)
@click.option(
    "--exact/--float",
    "exact",
    default=None,
    help="Rational or floating-point arithmetic [default: exact when payoffs are rational].",
)
@format_option(*FORMATS)
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", type=click.Choice(list(EXAMPLES)), help="Solve a built-in textbook game.")
@click.option(
    "--label",
    type=str,
    default=None,
    help="Lemke-Howson starting label: 0..m+n-1 (row strategies first), a comma-separated "
    "list, or 'all' (lemke_howson); one label for nashpy_lemke_howson.",
)
@click.option(
    "--lam",
    type=str,
    default=None,
    metavar="L1,L2,...",
    help="logit_qre: precision values lambda (comma-separated, in payoff units).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Parameter value for a symbolic game (repeatable); unset parameters take their defaults.",
)
@fail_cleanly
def solve_command(file, method, exact, fmt, row, col, zero_sum, example, label, lam, settings) -> None:
    """Compute Nash equilibria of a game from FILE (.nfg, .efg or .json; '-' for stdin) or inline matrices.

    Extensive-form games (.efg, JSON trees) are solved with the extensive-form methods
    (default: backward induction for perfect information, else subgame perfection); a
    normal-form method is applied to their reduced normal form.

    Files with another extension, and stdin, are recognised by their first characters.

    Every equilibrium printed is verified: its max regret (the most any player gains by
    deviating) is shown and is exactly 0 in exact arithmetic.
    """
    method = method.strip().lower().replace("-", "_")
    if method != "auto" and method not in METHODS and method not in EXTENSIVE_METHODS:
        raise click.UsageError(
            f"--method: unknown method {method!r}; choose from auto, {', '.join(METHODS)} "
            f"(normal form) or {', '.join(EXTENSIVE_METHODS)} (extensive form)"
        )
    if exact and method.startswith("nashpy_"):
        raise click.UsageError(f"--exact: {method} works in floating point only; use --float or drop --exact")
    options: dict[str, Any] = {}
    if label is not None:
        options["label"] = _parse_label(label, method)
    if lam is not None:
        if method != "logit_qre":
            raise click.UsageError("--lam goes with --method logit_qre")
        try:
            options["lam"] = [float(x) for x in lam.split(",")]
        except ValueError:
            raise click.UsageError(f"--lam: expected comma-separated numbers, got {lam!r}") from None
    elif method == "logit_qre":
        raise click.UsageError("--method logit_qre needs --lam (e.g. --lam 0.5,1,2)")
    game = at_point(load_game(file, row, col, zero_sum, example), settings)
    if isinstance(game, ExtensiveGame) and method in METHODS:
        # a normal-form method on a tree: solve its reduced normal form
        options["nf_method"] = method
        method = "reduced"
    elif not isinstance(game, ExtensiveGame) and method in EXTENSIVE_METHODS:
        raise GameError(f"--method {method}: this method needs an extensive-form game (.efg or a JSON tree)")
    if method == "nashpy_lemke_howson" and "label" in options and game.num_players == 2:
        top = sum(game.shape) - 1
        if not 0 <= options["label"] <= top:
            raise GameError(f"--label: {options['label']} is out of range 0..{top} for this game")
    result = solve(game, method, exact=exact, **options)
    echo_text(render_result(result, fmt), nl=False)


def _parse_label(text: str, method: str) -> int | str | list[int]:
    """The --label value for ``method``: an integer, 'all' or (lemke_howson) a list of integers."""
    if method not in ("lemke_howson", "nashpy_lemke_howson"):
        raise click.UsageError("--label applies to --method lemke_howson or nashpy_lemke_howson")
    s = text.strip().lower()
    if method == "lemke_howson" and s == "all":
        return "all"
    parts = [p.strip() for p in s.split(",")]
    if not all(re.fullmatch(r"[+-]?\d{1,9}", p) for p in parts) or (
        len(parts) > 1 and method != "lemke_howson"
    ):
        expected = (
            "an integer, a comma-separated list of integers or 'all'"
            if method == "lemke_howson"
            else "one integer"
        )
        raise click.UsageError(f"--label: expected {expected}, got {text!r}")
    labels = [int(p) for p in parts]
    return labels[0] if len(labels) == 1 else labels


def render_result(result: Any, fmt: str) -> str:
    """Text of a solve result (normal-form or tree) as ``fmt``: ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return dumps(result, indent=2) + "\n"
    if fmt == "csv":
        return _render_csv(result)
    return _render_table(result)


def _render_csv(result: Any) -> str:
    if _is_extensive(result):
        return _render_csv_extensive(result)
    g = result.game
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = ["equilibrium"]
    for p, ss in zip(g.players, g.strategies):
        header += [f"{p}:{s}" for s in ss]
    header += [f"payoff:{p}" for p in g.players] + ["max_regret"]
    w.writerow([csv_text_cell(h) for h in header])  # names from the file: no spreadsheet formulas
    for k, e in enumerate(result.equilibria):
        row = [str(k)]
        for probs in e.profile:
            row += [format_number(x) for x in probs]
        row += [format_number(x) for x in e.payoffs] + [format_number(e.max_regret)]
        w.writerow(row)
    return buf.getvalue()


def _is_extensive(result: Any) -> bool:
    return isinstance(result, ExtensiveSolveResult)


def _render_csv_extensive(result: Any) -> str:
    g = result.game
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = [(h, a) for k, h in enumerate(g.infosets()) for a in g.infoset_actions[k]]
    header = ["equilibrium", *[f"{h}:{a}" for h, a in cols], *[f"payoff:{p}" for p in g.players], "max_regret"]
    w.writerow([csv_text_cell(h) for h in header])  # names from the file: no spreadsheet formulas
    for k, e in enumerate(result.equilibria):
        w.writerow([str(k), *[format_any(e.behavior[h][a]) for h, a in cols],
                    *[format_any(x) for x in e.payoffs], format_any(e.max_regret)])
    return buf.getvalue()


def _render_table_extensive(result: Any) -> str:
    g = result.game
    lines = []
    title = f"{g.title}: " if g.title else ""
    lines.append(
        f"{title}extensive game with {g.num_nodes} nodes and {g.num_infosets} information sets, "
        f"method {result.method}, {'exact' if result.exact else 'float'} arithmetic, {result.elapsed * 1000:.1f} ms"
    )
    lines.append(f"{'all ' if result.complete else ''}equilibria: {len(result.equilibria)}")
    for k, e in enumerate(result.equilibria):
        lines.append(f"  [{k}]")
        for player, sets in e.by_player().items():
            for h, dist in sets.items():
                mix = ", ".join(f"{a} {format_any(x)}" for a, x in dist.items() if x != 0)
                lines.append(f"      {player} at {h}: {mix}")
        lines.append("      payoffs " + ", ".join(f"{p} {format_any(x)}" for p, x in zip(g.players, e.payoffs)))
        lines.append(f"      max regret {format_any(e.max_regret)}")
        if e.beliefs:
            for h, bel in e.beliefs.items():
                lines.append(f"      belief at {h}: " + ", ".join(f"{n} {format_any(x)}" for n, x in bel.items()))
        for n in e.notes:
            lines.append(f"      note: {one_line(str(n))}")
    for d in result.diagnostics:
        lines.append(f"note: {one_line(str(d))}")
    return "\n".join(lines) + "\n"


def _render_table(result: Any) -> str:
    if _is_extensive(result):
        return _render_table_extensive(result)
    g = result.game
    lines = []
    title = f"{g.title}: " if g.title else ""
    dims = " x ".join(map(str, g.shape))
    lines.append(
        f"{title}{dims} game, method {result.method}, {'exact' if result.exact else 'float'} arithmetic, "
        f"{result.elapsed * 1000:.1f} ms"
    )
    kind = "extreme equilibria" if result.degenerate else "equilibria"
    scope = "all " if result.complete else ""
    lines.append(
        f"{scope}{kind}: {len(result.equilibria)}" + ("  (degenerate game)" if result.degenerate else "")
    )
    for k, e in enumerate(result.equilibria):
        lines.append(f"  [{k}]")
        width = max(len(p) for p in g.players)
        for p, ss, probs, pay in zip(g.players, g.strategies, e.profile, e.payoffs):
            mix = ", ".join(f"{s} {format_number(x)}" for s, x in zip(ss, probs) if x != 0)
            lines.append(f"      {p:<{width}}  {mix}   payoff {format_number(pay)}")
        lines.append(f"      max regret {format_number(e.max_regret)}")
    if result.degenerate and result.components:
        lines.append("maximal convex sets of equilibria (every mix of the listed extreme equilibria):")
        for c in result.components:
            lines.append("  {" + ", ".join(f"[{i}]" for i in c.equilibria) + "}")
    for d in result.diagnostics:
        lines.append(f"note: {one_line(str(d))}")
    return "\n".join(lines) + "\n"


@click.command("demo")
@format_option(*FORMATS, help="Output format (json prints one object per line).")
@fail_cleanly
def demo_command(fmt: str) -> None:
    """Solve every built-in textbook game exactly: the main job on built-in defaults."""
    for f in EXAMPLES.values():
        result = solve(f())
        if fmt == "json":
            echo_json(result, indent=None)
        else:
            echo_text(render_result(result, fmt))


