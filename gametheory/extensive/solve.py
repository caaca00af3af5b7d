"""One front door for extensive-form solvers: :func:`solve_extensive` (also reached through
:func:`gametheory.solve` when the game is an :class:`~gametheory.ExtensiveGame`).

================================  ==========================================================
method                            what it computes
================================  ==========================================================
``backward_induction``            every pure subgame-perfect equilibrium of a game of perfect
                                  information (ties included), exact
``spe``                           subgame-perfect equilibria by solving subgames bottom-up
                                  with normal-form solvers (imperfect information allowed)
``sequence_lp``                   two-player zero-sum games: optimal strategies and the value
                                  by the sequence-form linear program, exact
``sequence_lemke``                two-player games: one equilibrium by sequence-form Lemke
``pbe``                           perfect Bayesian equilibria (assessments with beliefs and
                                  the off-path beliefs each needs) of small games
``reduced``                       every equilibrium of the reduced normal form (any normal-form
                                  method, ``nf_method=``), as behaviour strategies (Kuhn)
================================  ==========================================================

``"auto"`` picks ``backward_induction`` for perfect-information games and ``spe``
otherwise (which falls back to the whole game's reduced normal form when there are no
proper subgames).
"""

from __future__ import annotations

import time
from typing import Any

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameError, SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult, make_behavior_equilibrium

EXTENSIVE_METHODS: dict[str, str] = {
    "backward_induction": "every pure subgame-perfect equilibrium of a perfect-information game (exact)",
    "spe": "subgame-perfect equilibria by subgame decomposition (imperfect information allowed)",
    "sequence_lp": "two-player zero-sum: value and optimal strategies by the sequence-form LP (exact)",
    "sequence_lemke": "two-player: one equilibrium by sequence-form Lemke (exact)",
    "pbe": "perfect Bayesian equilibria with beliefs and off-path belief requirements (small games)",
    "reduced": "every equilibrium of the reduced normal form, as behaviour strategies",
}


def choose_extensive_method(game: ExtensiveGame) -> str:
    return "backward_induction" if game.is_perfect_information() else "spe"


def _reduced(game: ExtensiveGame, *, nf_method: str = "auto", **options: Any) -> ExtensiveSolveResult:
    from gametheory.extensive.reduced import mixed_to_behavior
    from gametheory.normal.solvers import solve as solve_nf

    start = time.perf_counter()
    nf = game.to_normal_form(reduced=True)
    res = solve_nf(nf, nf_method, **options)  # type: ignore[arg-type]
    eqs = []
    for e in res:
        b = mixed_to_behavior(game, [list(p) for p in e.profile])
        behavior = {h: dict(zip(game.infoset_actions[k], b.probabilities[k])) for k, h in enumerate(game.infosets())}
        eqs.append(make_behavior_equilibrium(game, behavior))
    components = _behavior_components(game, res.components, eqs)
    return ExtensiveSolveResult(
        game=game,
        method="reduced",
        arithmetic=arithmetic_of(res.exact),
        equilibria=tuple(eqs),
        complete=res.complete,
        components=components,
        elapsed=time.perf_counter() - start,
        parameters={"nf_method": res.method, **res.parameters},
        diagnostics=(
            f"solved the reduced normal form ({' x '.join(map(str, nf.shape))}) with {res.method}; "
            "equilibria that differ only off the path of play may map to the same behaviour profile",
            *res.diagnostics,
        ),
    )


def _behavior_components(game: ExtensiveGame, found: Any, eqs: list[Any]) -> tuple[Any, ...]:
    """The normal form's components as :class:`~gametheory.extensive.result.BehaviorComponent`:
    their vertices mapped to behaviour strategies; membership stays exact through the
    normal form."""
    from itertools import product

    from gametheory.extensive.reduced import mixed_to_behavior
    from gametheory.extensive.result import BehaviorComponent

    def behave(profile: Any) -> dict[str, dict[str, Any]]:
        b = mixed_to_behavior(game, [list(p) for p in profile])
        return {h: dict(zip(game.infoset_actions[k], b.probabilities[k])) for k, h in enumerate(game.infosets())}

    out = []
    for c in found:
        if hasattr(c, "row_vertices"):
            verts = [behave(pair) for pair in product(c.row_vertices, c.column_vertices)]
        else:
            verts = [behave(v) for v in c.vertices]
        out.append(BehaviorComponent(normal_form=c, vertices=tuple(verts), equilibria=tuple(c.equilibria), game=game))
    return tuple(out)


def solve_extensive(game: ExtensiveGame, method: str = "auto", **options: Any) -> ExtensiveSolveResult:
    """Solve an extensive-form game with ``method`` (see the module table)."""
    if not isinstance(game, ExtensiveGame):
        raise SolverError(f"solve_extensive: expected an ExtensiveGame, got {type(game).__name__}")
    if game.is_symbolic():
        raise GameError(
            "solve: the game has parameters; substitute values first (game.substitute(...), "
            "--set NAME=VALUE), or analyse it symbolically (gametheory analyze)"
        )
    name = choose_extensive_method(game) if method == "auto" else method
    if name not in EXTENSIVE_METHODS:
        raise SolverError(
            f"solve: unknown method {method!r} for an extensive-form game; choose from "
            f"{['auto', *EXTENSIVE_METHODS]}"
        )
    if name == "backward_induction":
        from gametheory.extensive.solvers.backward import backward_induction

        return backward_induction(game, **options)
    if name == "spe":
        from gametheory.extensive.solvers.subgames import subgame_perfect

        return subgame_perfect(game, **options)
    if name == "sequence_lp":
        from gametheory.extensive.solvers.sequence_lp import sequence_form_lp

        return sequence_form_lp(game, **options)
    if name == "sequence_lemke":
        from gametheory.extensive.solvers.sequence_lemke import sequence_form_lemke

        return sequence_form_lemke(game, **options)
    if name == "pbe":
        from gametheory.extensive.solvers.pbe import perfect_bayesian

        return perfect_bayesian(game, **options)
    return _reduced(game, **options)
