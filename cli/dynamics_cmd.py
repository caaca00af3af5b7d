"""``gametheory dynamics``: learning and evolutionary dynamics of a game, seeded."""

from __future__ import annotations

from typing import Any

import click
import numpy as np

from gametheory.cli._output import force_option
from gametheory.cli._shared import (
    display_title,
    echo_json,
    echo_text,
    example_names,
    fail_cleanly,
    format_option,
    load_game,
)
from gametheory.errors import GameError

RULES = ("fictitious", "sfp", "br", "logit", "replicator", "moran", "local", "introspection", "kmr", "ess")
#: Rules without a plot (``--out`` is refused before any work).
NO_PLOT = ("kmr", "ess")
#: Largest population whose KMR chain is solved exactly by the command (states grow as N^(n-1)).
KMR_EXACT_MAX = 200


def _symmetric_matrix(game: Any) -> Any:
    """The row player's matrix of a symmetric two-player game (exact when the game is)."""
    if game.num_players != 2 or game.shape[0] != game.shape[1]:
        raise GameError("this rule needs a symmetric two-player game (square, column payoffs = row payoffs transposed)")
    A, B = game.payoff_array(0), game.payoff_array(1)
    if not np.array_equal(A, B.T):
        raise GameError("this rule needs a symmetric game: the column player's payoffs must be the row "
                        "player's transposed (use --rule replicator for two populations)")
    return A


def _run(game: Any, rule: str, steps: int, seed: int, beta: float, eta: float, runs: int,
         time_end: float, population: int, mutants: int, intensity: str, grid: str,
         epsilon: str = "1/10") -> tuple[Any, str]:
    from gametheory.dynamic import evolution as ev
    from gametheory.dynamic import learning as lr

    r: Any
    if rule == "fictitious":
        r = lr.fictitious_play(game, steps, seed=seed)
        return r, r.summary()
    if rule == "sfp":
        r = lr.stochastic_fictitious_play(game, steps, eta=eta, seed=seed)
        return r, r.summary()
    if rule == "br":
        r = lr.best_response_dynamics(game, steps, runs=runs, seed=seed)
        return r, r.summary()
    if rule == "logit":
        r = lr.logit_dynamics(game, steps, beta=beta, runs=runs, seed=seed)
        text = r.summary()
        if int(np.prod(game.shape)) <= lr.MAX_PROFILES:
            text += "\n" + lr.logit_stationary_distribution(game, beta).summary()
        return r, text
    if rule == "replicator":
        t = np.linspace(0.0, time_end, 1001)
        if game.num_players != 2:
            raise GameError("replicator dynamics needs a two-player game")
        A, B = game.payoff_array(0), game.payoff_array(1)
        if game.shape[0] == game.shape[1] and np.array_equal(A, B.T):
            r = ev.replicator_dynamics(A, None, t)
        else:
            r = ev.asymmetric_replicator_dynamics(A, B, None, None, t)
        return r, r.summary()
    if rule == "moran":
        A = _symmetric_matrix(game)
        counts = [0] * game.shape[0]
        counts[0], counts[-1] = mutants, population - mutants
        from gametheory._kernel.values import parse_number

        w = parse_number(intensity, "--intensity")
        sim = ev.moran_simulation(A, counts, runs=runs, intensity=float(w), seed=seed)
        text = sim.summary()
        if game.shape[0] == 2 and game.is_exact:
            exact = ev.moran_fixation(A.tolist(), population, mutants, intensity=w)
            text = exact.summary() + "\n" + text
            return {"exact": exact, "simulation": sim}, text
        return sim, text
    if rule == "local":
        rows, cols = _grid(grid)
        r = ev.local_interaction(_symmetric_matrix(game), ev.grid_adjacency(rows, cols, torus=True), None, steps,
                                 seed=seed)
        return r, r.summary()
    if rule == "introspection":
        r = ev.introspection_stationary_distribution(game, beta)
        return r, r.summary()
    if rule == "kmr":
        from gametheory._kernel.values import parse_number
        from gametheory.dynamic import kmr

        A = _symmetric_matrix(game)
        eps = parse_number(epsilon, "--epsilon")
        path = kmr.kmr_dynamics(A, population, steps, epsilon=float(eps), runs=runs, seed=seed)
        if game.is_exact and game.shape[0] == 2 and population <= KMR_EXACT_MAX:
            st = kmr.kmr_stationary_distribution(A.tolist(), population, eps)
            return {"stationary": st, "simulation": path}, st.summary() + "\n" + path.summary()
        return path, path.summary()
    res = ev.ess(_symmetric_matrix(game).tolist())
    return res, res.summary()


def _grid(text: str) -> tuple[int, int]:
    """``"RxC"`` -> ``(R, C)``."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise GameError(f"--grid {text!r}: expected ROWSxCOLS, e.g. 20x20")
    return int(parts[0]), int(parts[1])


def _plot(result: Any, rule: str, game: Any, path: str, force: bool, grid: str) -> None:
    """Draw the run: frequencies over steps, shares over time, fixation by initial count or
    the long-run distribution."""
    from gametheory.cli._output import save_figure
    from gametheory.cli.charts import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    names = game.strategies
    if rule in ("fictitious", "sfp", "br", "logit"):
        for i, c in enumerate(result.counts):
            tot = c.sum(axis=1, keepdims=True)
            share = np.divide(c, tot, out=np.full_like(c, np.nan), where=tot > 0)
            for k in range(c.shape[1]):
                ax.plot(share[:, k], label=f"{game.players[i]}: {names[i][k]}", linestyle="-" if i == 0 else "--")
        ax.set_xlabel("step")
        ax.set_ylabel("empirical frequency" if rule in ("fictitious", "sfp") else "share of runs")
    elif rule == "replicator":
        for i, s in enumerate(result.states):
            for k in range(s.shape[1]):
                ax.plot(result.times, s[:, k], label=f"population {i + 1}: {names[i][k]}",
                        linestyle="-" if i == 0 else "--")
        ax.set_xlabel("time")
        ax.set_ylabel("share")
    elif rule == "moran":
        from gametheory.dynamic.evolution import moran_fixation

        if isinstance(result, dict):
            A = _symmetric_matrix(game).tolist()
            N = result["exact"].population
            ks = np.arange(0, N + 1)
            w = result["exact"].parameters["intensity"]
            ax.plot(ks, [float(moran_fixation(A, N, int(k), intensity=w).probability) for k in ks], "o-",
                    label="exact")
            ax.plot(ks, ks / N, ":", label="neutral drift i/N")
            ax.set_xlabel(f"initial number of {names[0][0]} players (population {N})")
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.set_ylabel("fixation probability")
        else:
            ax.bar([str(n) for n in names[0]], result.fixation)
            ax.set_ylabel("fixation frequency")
    elif rule == "local":
        rows, cols = _grid(grid)
        fig.set_size_inches(5.5, 4.5)
        image = ax.imshow(result.actions[-1].reshape(rows, cols), cmap="viridis", vmin=0, vmax=len(names[0]) - 1)
        cbar = fig.colorbar(image, ax=ax, ticks=range(len(names[0])))
        cbar.ax.set_yticklabels(list(names[0]))
        ax.set_xticks([])
        ax.set_yticks([])
    elif rule == "introspection":
        labels = [",".join(names[j][a] for j, a in enumerate(p)) for p in result.profiles]
        ax.bar(labels, result.probabilities)
        ax.set_ylabel("long-run probability")
    else:
        plt.close(fig)
        raise GameError("--rule ess has no plot")
    if rule in ("fictitious", "sfp", "br", "logit", "replicator"):
        ax.set_ylim(-0.02, 1.02)
    titles = {"fictitious": "Fictitious play", "sfp": "Stochastic fictitious play", "br": "Best-response dynamics",
              "logit": "Logit dynamics", "replicator": "Replicator dynamics", "moran": "Moran process",
              "local": "Local interaction on a torus grid (final actions)",
              "introspection": "Introspection dynamics (long run)"}
    ax.set_title(titles[rule] + (f": {display_title(game.title)}" if display_title(game.title) else ""))
    if rule not in ("introspection", "local") and not (rule == "moran" and not isinstance(result, dict)):
        ax.legend(fontsize="small")
    fig.tight_layout()
    save_figure(fig, path, force)
    plt.close(fig)


@click.command("dynamics")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rule", type=click.Choice(RULES), required=True,
              help="fictitious play, stochastic fictitious play (sfp), best-response (br) or logit dynamics, "
                   "replicator dynamics, Moran process, local interaction on a grid, introspection dynamics, "
                   "KMR dynamics (long-run distribution exact for 2x2 exact games), or exact ESS.")
@click.option("--steps", default=1000, show_default=True, help="Rounds of play (learning rules).")
@click.option("--seed", default=0, show_default=True, help="Seed of the random generator (same seed, same run).")
@click.option("--beta", default=1.0, show_default=True, help="Inverse noise of logit and introspection dynamics.")
@click.option("--eta", default=0.1, show_default=True, help="Logit noise of stochastic fictitious play.")
@click.option("--runs", default=1000, show_default=True, help="Independent runs (br, logit, moran).")
@click.option("--time", "time_end", default=10.0, show_default=True, help="End time of replicator dynamics.")
@click.option("--population", default=10, show_default=True, help="Population size (moran).")
@click.option("--mutants", default=1, show_default=True, help="Initial players of the first strategy (moran).")
@click.option("--intensity", default="1", show_default=True,
              help="Intensity of selection w in [0, 1] (moran): fitness 1 - w + w * payoff.")
@click.option("--grid", default="20x20", show_default=True, help="Grid of players ROWSxCOLS (local, a torus).")
@click.option("--epsilon", default="1/10", show_default=True,
              help="Mutation rate of KMR dynamics (kmr): a reviser picks an action at random with this probability.")
@format_option("table", "json")
@click.option("--out", "-o", "out", default=None, metavar="FILE", help="Also draw the path to FILE (.png, .svg, .pdf).")
@force_option
@click.option("--row", "row", metavar="MATRIX", help='Row player\'s payoffs inline, e.g. "3 0; 5 1".')
@click.option("--col", "col", metavar="MATRIX", help='Column player\'s payoffs inline, e.g. "3 5; 0 1".')
@click.option("--zero-sum", is_flag=True, help="With --row: the column player gets minus the row payoffs.")
@click.option("--example", type=click.Choice(example_names()), help="Use a built-in textbook game.")
@fail_cleanly
def dynamics_command(file: str | None, rule: str, steps: int, seed: int, beta: float, eta: float, runs: int,
                     time_end: float, population: int, mutants: int, intensity: str, grid: str, epsilon: str,
                     fmt: str, out: str | None, force: bool,
                     row: str | None, col: str | None, zero_sum: bool, example: str | None) -> None:
    """Learning and evolutionary dynamics of a game: fictitious play, replicator, Moran, ESS, ...

    Every random rule is seeded (--seed): the same command prints the same numbers. Rest
    points and ESS are verified exactly; Moran fixation of a 2x2 exact game is given exactly
    next to the simulation.
    """
    from gametheory.cli.charts import figure_path

    if rule in NO_PLOT and out is not None:
        raise click.UsageError(f"--rule {rule} has no plot (drop --out)")
    path = figure_path(out, force, "--out") if out is not None else None
    game = load_game(file, row, col, zero_sum, example)
    if not hasattr(game, "payoff_array"):
        raise GameError("dynamics needs a normal-form game")
    result, text = _run(game, rule, steps, seed, beta, eta, runs, time_end, population, mutants, intensity, grid,
                        epsilon)
    if fmt == "json":
        echo_json(result)
    else:
        echo_text(text)
    if path is not None:
        try:
            _plot(result, rule, game, str(path), force, grid)
        except GameError as exc:
            if "matplotlib" not in str(exc):
                raise
            click.echo(f"no plot: {exc}", err=True)
            return
        click.echo(f"wrote {out}", err=fmt != "table")
