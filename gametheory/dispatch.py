"""``gametheory.solve``: one front door for every kind of game.

A :class:`~gametheory.NormalFormGame` goes to :func:`gametheory.normal.solvers.solve`, an
:class:`~gametheory.ExtensiveGame` to :func:`gametheory.extensive.solve.solve_extensive`.
(The module is called ``dispatch`` so that it does not shadow the function
``gametheory.solve``.)

>>> import gametheory as gt
>>> len(gt.solve(gt.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])))
3
"""

from __future__ import annotations

from typing import Any, overload

from gametheory.errors import SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult
from gametheory.extensive.solve import solve_extensive
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult
from gametheory.normal.solvers import solve as solve_normal


@overload
def solve(game: NormalFormGame, method: str = ..., *, exact: bool | None = ..., **options: Any) -> SolveResult: ...


@overload
def solve(
    game: ExtensiveGame, method: str = ..., *, exact: bool | None = ..., **options: Any
) -> ExtensiveSolveResult: ...


def solve(
    game: NormalFormGame | ExtensiveGame, method: str = "auto", *, exact: bool | None = None, **options: Any
) -> SolveResult | ExtensiveSolveResult:
    """Compute the equilibria of ``game`` with ``method`` (``"auto"``: the best complete one).

    Normal-form games: see :func:`gametheory.normal.solvers.solve` for the methods and
    options. Extensive-form games: see :mod:`gametheory.extensive.solve`. ``exact``
    chooses rational (``True``) or float (``False``) arithmetic; by default exact games are
    solved exactly.
    """
    if isinstance(game, NormalFormGame):
        return solve_normal(game, method, exact=exact, **options)
    if isinstance(game, ExtensiveGame):
        if exact is not None:
            if not exact and game.is_exact:
                game = game.to_float()
            elif exact and not game.is_exact:
                game = game.to_exact()
        return solve_extensive(game, method, **options)
    raise SolverError(f"solve: expected a NormalFormGame or ExtensiveGame, got {type(game).__name__}")
