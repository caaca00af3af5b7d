"""The ``gametheory`` command line.

Thin click layer: each command parses options, calls the library and formats the
result. Library errors (``ValueError`` subclasses, I/O errors) become one line on stderr
starting ``Error:`` and exit status 1 (any other exception is reported the same way, as an
internal error, never as a traceback); usage errors exit with status 2. Heavy imports happen inside
commands so ``gametheory --help`` starts fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

import click

FORMATS = ("table", "json", "csv")


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(text.split())


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into one clear line and a non-zero exit (never a traceback).

    Domain and I/O errors print their message; anything else is a bug in the library and
    is reported as an internal error, still on one line.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except (ValueError, OSError, ArithmeticError, RecursionError) as exc:
            msg = str(exc)
            if isinstance(exc, OSError) and exc.filename is not None:
                msg = f"{exc.filename}: {exc.strerror or msg}"
            raise click.ClickException(_one_line(msg) or type(exc).__name__) from None
        except MemoryError:
            raise click.ClickException("out of memory: the game is too large") from None
        except Exception as exc:
            detail = _one_line(str(exc))
            if len(detail) > 200:
                detail = detail[:197] + "..."
            raise click.ClickException(
                f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report this bug"
            ) from None

    return wrapper


def parse_matrix(text: str, name: str) -> list[list[Any]]:
    """Parse an inline matrix: ``"3 0; 5 1"``, ``"3,0;5,1"`` or JSON ``"[[3,0],[5,1]]"``.

    Entries are read exactly by :func:`gametheory.parse_number` (never evaluated).
    """
    from gametheory._kernel.values import parse_number
    from gametheory.errors import GameError

    s = text.strip()
    if not s:
        raise GameError(f"{name}: empty matrix")
    if s.startswith("["):
        try:
            data = json.loads(s, parse_float=Decimal, parse_int=int)
        except json.JSONDecodeError as exc:
            raise GameError(f"{name}: not a valid JSON matrix ({exc.msg} at char {exc.pos})") from None
        if not isinstance(data, list) or not data or not all(isinstance(r, list) for r in data):
            raise GameError(f"{name}: expected a non-empty list of rows")
        for k, r in enumerate(data, start=1):
            if not r:
                raise GameError(f"{name}: row {k} is empty")
        if len({len(r) for r in data}) != 1:
            raise GameError(f"{name}: rows have different lengths {[len(r) for r in data]}")
        return [[_json_entry(v, name) for v in row] for row in data]
    out: list[list[Any]] = []
    for k, row in enumerate(s.split(";"), start=1):
        entries = row.replace(",", " ").split()
        if not entries:
            raise GameError(f"{name}: row {k} is empty")
        if out and len(entries) != len(out[0]):
            raise GameError(f"{name}: row {k} has {len(entries)} entries but row 1 has {len(out[0])}")
        out.append([parse_number(e, f"{name} row {k}") for e in entries])
    return out


def _json_entry(v: Any, name: str) -> Any:
    from gametheory._kernel.values import parse_number
    from gametheory.errors import GameError

    if isinstance(v, bool) or not isinstance(v, (int, Decimal, str)):
        raise GameError(f"{name}: {json.dumps(v, default=str)[:40]} is not a number")
    return parse_number(str(v), name)


def read_game_source(path: str) -> Any:
    """The game in file ``path`` (``"-"``: standard input).

    ``.nfg``, ``.efg`` and ``.json`` go by their extension (JSON tree documents, with or
    without parameters, load as extensive games);
    standard input and files with any other extension go by their first characters.
    """
    import gametheory as gt
    from gametheory.errors import GameError

    ext = os.path.splitext(path)[1].lower() if path != "-" else ""
    if ext in (".nfg", ".efg"):
        return gt.read_game(path)
    if ext == ".json":
        with open(path, "rb") as fh:
            raw = fh.read()
        if b'"parameters"' in raw and b'"tree"' not in raw:  # maybe a symbolic game: decide on the parsed document
            from gametheory.errors import GameFormatError
            from gametheory.symbolic.spec import is_symbolic_document, loads_symbolic

            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise GameFormatError("not UTF-8 text", path) from None
            if is_symbolic_document(text):
                return loads_symbolic(text, source=path)
        return gt.read_game(path)
    if path == "-":
        source, text = "<stdin>", sys.stdin.read()
    else:
        source = path
        with open(path, "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # old .nfg files; JSON would fail to parse anyway
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("NFG"):
        return gt.loads_game(text, "nfg", source=source)
    if head.startswith("EFG"):
        return gt.loads_game(text, "efg", source=source)
    if head.startswith("{"):
        from gametheory.symbolic.spec import is_symbolic_document, loads_symbolic

        if '"tree"' not in text and is_symbolic_document(text):
            return loads_symbolic(text, source=source)
        return gt.loads_game(text, "json", source=source)
    what = "the input is empty" if not head else "it starts with neither 'NFG' (Gambit .nfg) nor '{' (JSON)"
    raise GameError(f"{source}: cannot tell the game format: {what}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gametheory")
def cli() -> None:
    """Exact, verified Nash equilibria and game models.

    Start with `gametheory demo`, or `gametheory solve GAME.nfg`.
    """


def _load_game(file: str | None, row: str | None, col: str | None, zero_sum: bool, example: str | None):
    import gametheory as gt
    from gametheory.errors import GameError
    from gametheory.normal.examples import EXAMPLES

    sources = sum(x is not None for x in (file, row, example))
    if sources != 1:
        raise click.UsageError("give exactly one of FILE, --row (with --col or --zero-sum), or --example")
    if example is not None:
        return EXAMPLES[example]()
    if file is not None:
        if col is not None or zero_sum:
            raise click.UsageError("--col/--zero-sum go with --row, not with FILE")
        return read_game_source(file)
    A = parse_matrix(row or "", "--row")
    if zero_sum:
        if col is not None:
            raise click.UsageError("--zero-sum and --col exclude each other")
        return gt.NormalFormGame.zero_sum(A)
    if col is None:
        raise click.UsageError("--row needs --col (the column player's payoffs) or --zero-sum")
    B = parse_matrix(col, "--col")
    if (len(A), len(A[0])) != (len(B), len(B[0])):
        raise GameError(
            f"--row is {len(A)} x {len(A[0])} but --col is {len(B)} x {len(B[0])}; they must match"
        )
    return gt.NormalFormGame.from_bimatrix(A, B)


def _example_names() -> list[str]:
    from gametheory.normal.examples import EXAMPLES

    return list(EXAMPLES)


@cli.command("solve")
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
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", type=click.Choice(_example_names()), help="Solve a built-in textbook game.")
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
@_fail_cleanly
def solve_command(file, method, exact, fmt, row, col, zero_sum, example, label, lam, settings) -> None:
    """Compute Nash equilibria of a game from FILE (.nfg, .efg or .json; '-' for stdin) or inline matrices.

    Extensive-form games (.efg, JSON trees) are solved with the extensive-form methods
    (default: backward induction for perfect information, else subgame perfection); a
    normal-form method is applied to their reduced normal form.

    Files with another extension, and stdin, are recognised by their first characters.

    Every equilibrium printed is verified: its max regret (the most any player gains by
    deviating) is shown and is exactly 0 in exact arithmetic.
    """
    import gametheory as gt
    from gametheory.errors import GameError
    from gametheory.extensive.solve import EXTENSIVE_METHODS

    method = method.strip().lower().replace("-", "_")
    if method != "auto" and method not in gt.METHODS and method not in EXTENSIVE_METHODS:
        raise click.UsageError(
            f"--method: unknown method {method!r}; choose from auto, {', '.join(gt.METHODS)} "
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
    game = _at_point(_load_game(file, row, col, zero_sum, example), settings)
    if isinstance(game, gt.ExtensiveGame) and method in gt.METHODS:
        # a normal-form method on a tree: solve its reduced normal form
        options["nf_method"] = method
        method = "reduced"
    elif not isinstance(game, gt.ExtensiveGame) and method in EXTENSIVE_METHODS:
        raise GameError(f"--method {method}: this method needs an extensive-form game (.efg or a JSON tree)")
    if method == "nashpy_lemke_howson" and "label" in options and game.num_players == 2:
        top = sum(game.shape) - 1
        if not 0 <= options["label"] <= top:
            raise GameError(f"--label: {options['label']} is out of range 0..{top} for this game")
    result = gt.solve(game, method, exact=exact, **options)
    click.echo(render_result(result, fmt), nl=False)


def parse_settings(settings: tuple[str, ...]) -> dict[str, str]:
    """``("c=2", "v=1/2")`` -> ``{"c": "2", "v": "1/2"}`` (values are parsed by the game)."""
    from gametheory.errors import GameError

    out: dict[str, str] = {}
    for item in settings:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise GameError(f"--set: expected NAME=VALUE, got {item!r}")
        if name in out:
            raise GameError(f"--set: parameter {name!r} given twice")
        out[name] = value
    return out


def _at_point(game: Any, settings: tuple[str, ...]) -> Any:
    """A symbolic game substituted at the --set values (defaults elsewhere); others unchanged."""
    from gametheory.errors import GameError
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.symbolic import SymbolicGame

    values = parse_settings(settings)
    if isinstance(game, SymbolicGame) or (isinstance(game, ExtensiveGame) and game.is_symbolic()):
        try:
            return game.substitute(values)
        except GameError as exc:
            raise GameError(f"--set: {exc}") from None
    if values:
        raise GameError("--set: this game has no parameters (only symbolic JSON games and trees do)")
    return game


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
    """Text of a SolveResult in one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result.to_json(), indent=2) + "\n"
    if fmt == "csv":
        return _render_csv(result)
    return _render_table(result)


def _render_csv(result: Any) -> str:
    from gametheory._kernel.values import format_number

    if _is_extensive(result):
        return _render_csv_extensive(result)
    g = result.game
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = ["equilibrium"]
    for p, ss in zip(g.players, g.strategies):
        header += [f"{p}:{s}" for s in ss]
    header += [f"payoff:{p}" for p in g.players] + ["max_regret"]
    w.writerow(header)
    for k, e in enumerate(result.equilibria):
        row = [str(k)]
        for probs in e.profile:
            row += [format_number(x) for x in probs]
        row += [format_number(x) for x in e.payoffs] + [format_number(e.max_regret)]
        w.writerow(row)
    return buf.getvalue()


def _is_extensive(result: Any) -> bool:
    from gametheory.extensive.result import ExtensiveSolveResult

    return isinstance(result, ExtensiveSolveResult)


def _fmt_any(x: Any) -> str:
    from gametheory._kernel.values import format_number

    try:
        return format_number(x)
    except (TypeError, ValueError):
        return str(x)


def _render_csv_extensive(result: Any) -> str:
    g = result.game
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = [(h, a) for k, h in enumerate(g.infosets()) for a in g.infoset_actions[k]]
    w.writerow(["equilibrium", *[f"{h}:{a}" for h, a in cols], *[f"payoff:{p}" for p in g.players], "max_regret"])
    for k, e in enumerate(result.equilibria):
        w.writerow([str(k), *[_fmt_any(e.behavior[h][a]) for h, a in cols],
                    *[_fmt_any(x) for x in e.payoffs], _fmt_any(e.max_regret)])
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
                mix = ", ".join(f"{a} {_fmt_any(x)}" for a, x in dist.items() if x != 0)
                lines.append(f"      {player} at {h}: {mix}")
        lines.append("      payoffs " + ", ".join(f"{p} {_fmt_any(x)}" for p, x in zip(g.players, e.payoffs)))
        lines.append(f"      max regret {_fmt_any(e.max_regret)}")
        if e.beliefs:
            for h, bel in e.beliefs.items():
                lines.append(f"      belief at {h}: " + ", ".join(f"{n} {_fmt_any(x)}" for n, x in bel.items()))
        for n in e.notes:
            lines.append(f"      note: {_one_line(str(n))}")
    for d in result.diagnostics:
        lines.append(f"note: {_one_line(str(d))}")
    return "\n".join(lines) + "\n"


def _render_table(result: Any) -> str:
    from gametheory._kernel.values import format_number

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
        lines.append(f"note: {_one_line(str(d))}")
    return "\n".join(lines) + "\n"


@cli.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["nfg", "efg", "json"]),
    default=None,
    help="Output format [default: from TARGET's extension].",
)
@_fail_cleanly
def convert_command(source: str, target: str, fmt: str | None) -> None:
    """Convert a game file between Gambit .nfg/.efg and the project's JSON spec ('-' for stdout).

    An extensive game written as .nfg is converted to its reduced normal form."""
    import gametheory as gt
    from gametheory.errors import GameError
    from gametheory.io import FORMATS as GAME_FORMATS

    if target != "-" and fmt is None:
        ext = os.path.splitext(target)[1].lower()
        fmt = next((name for name, e in GAME_FORMATS.items() if e == ext), None)
        if fmt is None:
            raise GameError(
                f"{target}: cannot tell the output format from the extension {ext or '(none)'!r}; "
                "use .nfg, .efg or .json or pass --to nfg / --to efg / --to json"
            )
    game = read_game_source(source)
    from gametheory.symbolic import SymbolicGame

    if isinstance(game, SymbolicGame):
        raise GameError(
            f"{source}: a game with parameters cannot be converted to a numeric format; "
            "solve it at a point with `gametheory solve FILE --set NAME=VALUE`"
        )
    if isinstance(game, gt.ExtensiveGame) and fmt == "nfg":
        game = game.to_normal_form(reduced=True)
    elif isinstance(game, gt.NormalFormGame) and fmt == "efg":
        raise GameError(f"{source}: a normal-form game cannot be written as a game tree (.efg)")
    if target == "-":
        click.echo(gt.dumps_game(game, fmt or "json"), nl=False)
        return
    try:
        gt.write_game(game, target, format=fmt)
    except OSError as exc:
        # write_game writes a temporary file next to TARGET first: name TARGET, not that file
        raise click.ClickException(f"{target}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}", err=True)


@cli.command("methods")
def methods_command() -> None:
    """List the solver methods."""
    import gametheory as gt

    for name, (_, desc) in gt.METHODS.items():
        click.echo(f"{name:<22}{desc}")


@cli.command("examples")
def examples_command() -> None:
    """List the built-in textbook games (use with `solve --example NAME`)."""
    from gametheory.normal.examples import EXAMPLES

    for name, f in EXAMPLES.items():
        # the docstring's first paragraph, which may wrap over several lines
        doc = _one_line((f.__doc__ or "").strip().split("\n\n")[0])
        click.echo(f"{name:<22}{doc}")


@cli.command("demo")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format (json prints one object per line).",
)
@_fail_cleanly
def demo_command(fmt: str) -> None:
    """Solve every built-in textbook game exactly: the main job on built-in defaults."""
    import gametheory as gt
    from gametheory.normal.examples import EXAMPLES

    for f in EXAMPLES.values():
        result = gt.solve(f())
        if fmt == "json":
            click.echo(json.dumps(result.to_json()))
        else:
            click.echo(render_result(result, fmt))


from gametheory.cli.analyze_cmd import analyze_command  # noqa: E402  (registered after cli exists)
from gametheory.cli.model_cmd import brief_command, model_command, models_command  # noqa: E402
from gametheory.cli.reduce_cmd import reduce_command  # noqa: E402
from gametheory.cli.sensitivity_cmd import (  # noqa: E402
    elasticities_command,
    montecarlo_command,
    regions_command,
    sweep_command,
    thresholds_command,
    tornado_command,
)

cli.add_command(reduce_command)
cli.add_command(analyze_command)
cli.add_command(models_command)
cli.add_command(model_command)
cli.add_command(brief_command)
cli.add_command(sweep_command)
cli.add_command(regions_command)
cli.add_command(thresholds_command)
cli.add_command(tornado_command)
cli.add_command(montecarlo_command)
cli.add_command(elasticities_command)


def main() -> None:
    try:
        cli(prog_name="gametheory")
    except BrokenPipeError:
        # The reader went away (`gametheory demo | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
