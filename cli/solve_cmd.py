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
    display_title,
    echo_json,
    echo_text,
    fail_cleanly,
    format_any,
    format_option,
    is_bayesian_game,
    load_game,
    one_line,
)
from gametheory.dispatch import solve
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult
from gametheory.extensive.solve import EXTENSIVE_METHODS
from gametheory.normal.examples import EXAMPLES
from gametheory.normal.result import Component, EquilibriumSet
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
@click.option(
    "--complete",
    is_flag=True,
    help="With --method pbe: search every support (mixing at any number of information sets); "
    "the result says whether the search was complete.",
)
@click.option(
    "--refine",
    "refine_names",
    metavar="NAMES",
    help="Check refinements of each equilibrium, comma-separated: sequential, intuitive, D1 (game "
    "trees: perfect Bayesian equilibria, method pbe) or perfect, proper (normal forms).",
)
@click.option(
    "--leader-choice",
    "leader_choice",
    metavar="PARAMETER",
    help="A tree with parameters: the parameter a leader picks before the tree is played; prints "
    "the leader's exact best value of it (with --leader, optional --lo/--hi).",
)
@click.option("--leader", "leader", metavar="PLAYER", help="With --leader-choice: the player choosing it.")
@click.option("--lo", "lo", metavar="NUMBER", help="With --leader-choice: lower end [default: the parameter's].")
@click.option("--hi", "hi", metavar="NUMBER", help="With --leader-choice: upper end [default: the parameter's].")
@fail_cleanly
def solve_command(file, method, exact, fmt, row, col, zero_sum, example, label, lam, settings,
                  complete, refine_names, leader_choice, leader, lo, hi) -> None:
    """Compute Nash equilibria of a game from FILE (.nfg, .efg or .json; '-' for stdin) or inline matrices.

    Extensive-form games (.efg, JSON trees) are solved with the extensive-form methods
    (default: backward induction for perfect information, else subgame perfection); a
    normal-form method is applied to their reduced normal form.

    Files with another extension, and stdin, are recognised by their first characters.

    Every equilibrium printed is verified: its max regret (the most any player gains by
    deviating) is shown and is exactly 0 in exact arithmetic.

    A JSON file with "kind": "bayesian" is a game with continuous private types (cutoff
    equilibria, bidding functions, screening; see docs/howto-bayesian.md). With
    --leader-choice, a tree with parameters is read as the subgame after a leader's
    continuous first move (docs/howto-leader.md).
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
    loaded = load_game(file, row, col, zero_sum, example)
    if (leader is not None or lo is not None or hi is not None) and leader_choice is None:
        raise click.UsageError("--leader, --lo and --hi go with --leader-choice")
    if is_bayesian_game(loaded):
        _solve_bayesian(loaded, fmt, method, settings, options, leader_choice)
        return
    if leader_choice is not None:
        _solve_leader(loaded, fmt, method, options, leader_choice, leader, lo, hi, settings)
        return
    game = at_point(loaded, settings)
    refinements = _parse_refinements(refine_names)
    tree_refinements = [r for r in refinements if r in TREE_REFINEMENTS]
    normal_refinements = [r for r in refinements if r in NORMAL_REFINEMENTS]
    if isinstance(game, ExtensiveGame) and refinements:
        if normal_refinements:
            raise click.UsageError(f"--refine {', '.join(normal_refinements)}: for normal-form games; a game tree "
                                   f"takes {', '.join(TREE_REFINEMENTS)}")
        if method not in ("auto", "pbe"):
            raise click.UsageError("--refine sequential/intuitive/D1 ranks perfect Bayesian equilibria: use "
                                   "--method pbe (or leave --method out)")
        method = "pbe"
    elif refinements and tree_refinements:
        raise click.UsageError(f"--refine {', '.join(tree_refinements)}: for game trees; a normal-form game "
                               f"takes {', '.join(NORMAL_REFINEMENTS)}")
    if complete:
        if method != "pbe":
            raise click.UsageError("--complete goes with --method pbe (a game tree)")
        options["complete"] = True
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
    if normal_refinements:
        _refine_normal(game, normal_refinements, method, exact, options, fmt)
        return
    result = solve(game, method, exact=exact, **options)
    if tree_refinements:
        from gametheory.extensive.solvers.refine import refine

        result = refine(result, tree_refinements)
    echo_text(render_result(result, fmt), nl=False)


#: Refinements ``--refine`` checks on game trees (perfect Bayesian equilibria) and on normal forms.
TREE_REFINEMENTS = ("sequential", "intuitive", "D1")
NORMAL_REFINEMENTS = ("perfect", "proper")


def _parse_refinements(text: str | None) -> list[str]:
    if text is None:
        return []
    by_lower = {r.lower(): r for r in (*TREE_REFINEMENTS, *NORMAL_REFINEMENTS)}
    out: list[str] = []
    for part in text.split(","):
        name = by_lower.get(part.strip().lower())
        if name is None:
            raise click.UsageError(f"--refine: unknown refinement {part.strip()!r}; choose from "
                                   f"{', '.join((*TREE_REFINEMENTS, *NORMAL_REFINEMENTS))}")
        if name not in out:
            out.append(name)
    return out


def _refine_normal(game: Any, names: list[str], method: str, exact: bool | None, options: dict[str, Any],
                   fmt: str) -> None:
    """Trembling-hand perfect (and proper) verdicts for each equilibrium the method finds."""
    from gametheory.normal.refinements import refine_equilibria

    if exact is False:
        raise click.UsageError("--refine perfect/proper decides exactly: drop --float")
    if fmt == "csv":
        raise click.UsageError("--format csv: not available with --refine; use table or json")
    report = refine_equilibria(game, proper="proper" in names, method=method, **options)
    if fmt == "json":
        echo_text(dumps(report, indent=2) + "\n", nl=False)
        return
    g = game
    title = f"{display_title(g.title)}: " if display_title(g.title) else ""
    lines = [f"{title}{' x '.join(map(str, g.shape))} game: {'perfect and proper' if 'proper' in names else 'perfect'}"
             f" equilibria among the {len(report.checks)} equilibria found (method {method})"]
    lines += [f"  [{k}] {c.describe()}" for k, c in enumerate(report.checks)]
    lines += [f"note: {one_line(str(d))}" for d in report.diagnostics]
    echo_text("\n".join(lines) + "\n", nl=False)


def _solve_bayesian(game: Any, fmt: str, method: str, settings: tuple[str, ...], options: dict[str, Any],
                    leader_choice: str | None) -> None:
    """A Bayesian game (continuous types): its own solver, printed as a summary or JSON."""
    from gametheory.bayesian import solve_bayesian

    if method != "auto" or settings or options or leader_choice is not None:
        raise click.UsageError("a Bayesian game (\"kind\": \"bayesian\") takes no --method, --set, --label, "
                               "--lam or --leader-choice: its solver follows from the game")
    if fmt == "csv":
        raise click.UsageError("--format csv: not available for Bayesian games; use table or json")
    result: Any = solve_bayesian(game)
    echo_text(dumps(result, indent=2) + "\n" if fmt == "json" else result.summary().rstrip("\n") + "\n", nl=False)


def _solve_leader(game: Any, fmt: str, method: str, options: dict[str, Any], choice: str, leader: str | None,
                  lo: str | None, hi: str | None, settings: tuple[str, ...]) -> None:
    """The leader's exact best continuous first move before the tree ``game``."""
    from gametheory._kernel.values import parse_number
    from gametheory.cli._shared import parse_settings
    from gametheory.symbolic.leader import optimal_first_move

    if not isinstance(game, ExtensiveGame):
        raise GameError("--leader-choice: needs a game tree with parameters (a JSON tree)")
    if leader is None:
        raise click.UsageError("--leader-choice needs --leader PLAYER (whose payoff the choice maximises)")
    if method != "auto" or options:
        raise click.UsageError("--leader-choice takes no --method, --label or --lam")
    if fmt == "csv":
        raise click.UsageError("--format csv: not available with --leader-choice; use table or json")
    values = {k: parse_number(v, f"--set {k}") for k, v in parse_settings(settings).items()}
    result = optimal_first_move(
        game, choice, leader=leader, values=values,
        lo=None if lo is None else parse_number(lo, "--lo"), hi=None if hi is None else parse_number(hi, "--hi"))
    echo_text(dumps(result, indent=2) + "\n" if fmt == "json" else result.describe().rstrip("\n") + "\n", nl=False)


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
    title = f"{display_title(g.title)}: " if display_title(g.title) else ""
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
    title = f"{display_title(g.title)}: " if display_title(g.title) else ""
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
    hulls = [c for c in result.components if isinstance(c, Component)]
    sets = [c for c in result.components if isinstance(c, EquilibriumSet)]
    if result.degenerate and hulls:
        lines.append("maximal convex sets of equilibria (every mix of the listed extreme equilibria):")
        for h in hulls:
            lines.append("  {" + ", ".join(f"[{i}]" for i in h.equilibria) + "}")
    if sets:
        lines.append("sets of equilibria (continua), exactly:")
        for k, c in enumerate(sets):
            inside = ", ".join(f"[{i}]" for i in c.equilibria)
            lines.append(f"  set {k}" + (f" (contains {inside})" if inside else "") + ":")
            lines.extend(f"      {one_line(line)}" for line in c.describe())
    for d in result.diagnostics:
        lines.append(f"note: {one_line(str(d))}")
    return "\n".join(lines) + "\n"


@click.command("demo")
@format_option(*FORMATS, help="Output format (json prints one object per line).")
@fail_cleanly
def demo_command(fmt: str) -> None:
    """Solve every built-in textbook game exactly: a quick tour of the solvers (the main job is `brief`)."""
    for f in EXAMPLES.values():
        result = solve(f())
        if fmt == "json":
            echo_json(result, indent=None)
        else:
            echo_text(render_result(result, fmt))


