"""``gametheory analyze``: equilibrium regimes and thresholds of a symbolic game (needs sympy)."""

from __future__ import annotations

from typing import Any

import click
import sympy

from gametheory._kernel.results import dumps
from gametheory.cli._shared import display_title, echo_text, fail_cleanly, format_option, read_game_source
from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.symbolic import SymbolicGame
from gametheory.symbolic.regimes import analyze, thresholds
from gametheory.symbolic.spe import symbolic_backward_induction


def render_text(analysis: Any, focus: list[Any]) -> str:
    g = analysis.game
    lines = [
        f"{display_title(g.title) or 'Game'}: {' x '.join(map(str, g.shape))}, method {analysis.method} "
        f"(candidates by {analysis.parameters['candidates'].replace('_', ' ')})"
    ]
    lines.append("parameters:")
    for p in g.parameters:
        default = "" if p.default is None else f", default {p.default}"
        desc = f" -- {p.description}" if p.description else ""
        lines.append(f"  {p.name} in {p.interval_text()}{default}{desc}")
    lines.append(f"candidate equilibria: {len(analysis.candidates)}")
    for k, cand in enumerate(analysis.candidates):
        lines.append(f"  [{k}] {cand.describe()}")
        lines.append(f"      payoffs: {', '.join(sympy.sstr(u) for u in cand.payoffs)}")
        lines.append(f"      holds iff: {sympy.sstr(cand.condition)}")
        for sym in focus:
            for t in thresholds(cand, sym):
                lines.append(f"      threshold: {t.words}")
    lines.append(f"regimes (from {analysis.samples} sample points):")
    for r, reg in enumerate(analysis.regimes):
        eqs = ", ".join(f"[{k}]" for k in reg.equilibria) or "none of the candidates"
        sample = ", ".join(f"{k}={v}" for k, v in reg.sample.items())
        lines.append(f"  regime {r}: equilibria {eqs}; {reg.share:.1%} of samples; e.g. {sample}")
    for note in analysis.diagnostics:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"


def render_latex(analysis: Any, focus: list[Any]) -> str:
    out = [r"\begin{itemize}"]
    for k, cand in enumerate(analysis.candidates):
        prof = "; ".join(
            ", ".join(sympy.latex(p) for p in probs) for probs in cand.profile
        )
        out.append(rf"  \item Equilibrium {k}: $({prof})$ holds iff ${sympy.latex(cand.condition)}$")
        for sym in focus:
            for t in thresholds(cand, sym):
                out.append(rf"    \\ threshold: ${t.latex}$")
    out.append(r"\end{itemize}")
    return "\n".join(out) + "\n"


def render_json(analysis: Any, focus: list[Any]) -> str:
    """``analysis.to_json()`` with each candidate's conditions solved for the focus parameters."""
    doc = {"title": analysis.game.title, **analysis.to_json()}
    for c, cand in zip(analysis.candidates, doc["candidates"]):
        cand["thresholds"] = [t.to_json() for sym in focus for t in thresholds(c, sym)]
    return dumps(doc, indent=2) + "\n"


def render_tree(game: Any, focus: list[str], fmt: str) -> str:
    """Subgame-perfect regimes of a parametric tree as a table (text), LaTeX or JSON."""
    analysis = symbolic_backward_induction(game)
    names = focus or [p.name for p in game.parameters]
    known = {p.name for p in game.parameters}
    for n in names:
        if n not in known:
            raise GameError(f"--threshold: unknown parameter {n!r} (known: {', '.join(sorted(known))})")
    if fmt == "json":
        doc = {"title": game.title, **analysis.to_json()}
        for r, reg in zip(analysis.regimes, doc["regimes"]):
            reg["thresholds"] = [t.to_json() for n in names for t in r.thresholds(n)]
        return dumps(doc, indent=2) + "\n"
    if fmt == "latex":
        out = [r"\begin{itemize}"]
        for k, r in enumerate(analysis.regimes, 1):
            plan = "; ".join(f"{h}: {a}" for h, a in r.plan.items())
            out.append(rf"  \item Regime {k} ({plan}) holds iff ${sympy.latex(r.condition)}$")
        out.append(r"\end{itemize}")
        return "\n".join(out) + "\n"
    lines = [f"{display_title(game.title) or 'Game tree'}: {game.num_nodes} nodes, method {analysis.method}"]
    lines.append("parameters:")
    for p in game.parameters:
        default = "" if p.default is None else f", default {p.default}"
        desc = f" -- {p.description}" if p.description else ""
        lines.append(f"  {p.name} in {p.interval_text()}{default}{desc}")
    lines.append(f"regimes of subgame-perfect play: {len(analysis.regimes)}")
    for k, r in enumerate(analysis.regimes, 1):
        lines.append(f"  [{k}] path: {' -> '.join(r.outcome) or '(chance first)'}")
        lines.append("      plan: " + "; ".join(f"{h}: {a}" for h, a in r.plan.items()))
        lines.append(f"      holds iff: {sympy.sstr(r.condition)}")
        lines.append("      payoffs: " + ", ".join(f"{pl} = {sympy.sstr(u)}" for pl, u in zip(game.players, r.payoffs)))
        for n in names:
            for t in r.thresholds(n):
                lines.append(f"      threshold: {t.words}")
    for note in analysis.diagnostics:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"


@click.command("analyze")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@format_option("table", "latex", "json")
@click.option("--threshold", "-t", "focus", multiple=True, metavar="NAME",
              help="Solve each condition for this parameter (repeatable; default: every parameter).")
@click.option("--samples", type=click.IntRange(1, 1_000_000), default=400, show_default=True,
              help="Sample points used to discover the regimes.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample.")
@fail_cleanly
def analyze_command(file: str, fmt: str, focus: tuple[str, ...], samples: int, seed: int) -> None:
    """Regimes of a symbolic game: which equilibria hold for which parameter values.

    FILE is a JSON game with a "parameters" list and formula payoffs (see the symbolic
    games tutorial), or a JSON game tree with parameters: its subgame-perfect regimes come
    from piecewise backward induction (perfect information). Conditions and thresholds are exact; regimes are discovered by
    evaluating them at sample points.
    """
    game = read_game_source(file)
    if isinstance(game, ExtensiveGame):
        if not game.is_symbolic():
            raise GameError(f"{file}: this game has no parameters; use `gametheory solve` for numeric games")
        echo_text(render_tree(game, list(focus), fmt), nl=False)
        return
    if not isinstance(game, SymbolicGame):
        raise GameError(f"{file}: this game has no parameters; use `gametheory solve` for numeric games")
    syms = [game.parameter(name).symbol for name in focus] if focus else list(game.symbols)
    analysis = analyze(game, samples=samples, seed=seed)
    render = {"table": render_text, "latex": render_latex, "json": render_json}[fmt]
    echo_text(render(analysis, syms), nl=False)
