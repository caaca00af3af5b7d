"""Equilibrium solvers, one module per algorithm family, behind :func:`solve`."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult
from gametheory.normal.solvers.enummixed import enummixed_solve
from gametheory.normal.solvers.enumpoly import enumpoly_solve
from gametheory.normal.solvers.lemke_howson import lemke_howson_solve
from gametheory.normal.solvers.nashpy_methods import nashpy_solve
from gametheory.normal.solvers.pure import pure_solve
from gametheory.normal.solvers.qre import logit_qre, logit_solve
from gametheory.normal.solvers.zerosum import zerosum_solve

#: Largest two-player game ``solve(method="auto")`` enumerates completely.
AUTO_ENUMERATION_LIMIT = 12

#: Largest number of support profiles (product of 2^n_i - 1) ``solve(method="auto")``
#: enumerates for games with three or more players (3 x 3 x 3 has 343; 4 x 4 x 4, 3375,
#: takes tens of seconds and gets one equilibrium by the logit path instead).
AUTO_SUPPORT_LIMIT = 1000


def _nashpy(algorithm: str) -> Callable[..., SolveResult]:
    def run(game: NormalFormGame, *, exact: bool | None = None, **kw: Any) -> SolveResult:
        if exact:
            raise SolverError(f"nashpy_{algorithm}: nashpy works in floating point only")
        return nashpy_solve(game, algorithm=algorithm, **kw)

    return run


#: Method name -> (function, one-line description).
METHODS: dict[str, tuple[Callable[..., SolveResult], str]] = {
    "enummixed": (enummixed_solve, "all extreme equilibria and maximal convex sets (2 players)"),
    "lemke_howson": (lemke_howson_solve, "one equilibrium per starting label, exact (2 players)"),
    "zerosum": (zerosum_solve, "value and optimal strategies by LP (2-player zero-sum)"),
    "pure": (pure_solve, "all pure-strategy equilibria (any number of players)"),
    "enumpoly": (enumpoly_solve, "all equilibria of small N-player games: supports + polynomial systems"),
    "logit": (logit_solve, "one equilibrium by following the logit QRE branch, verified (any number of players)"),
    "logit_qre": (logit_qre, "logit quantal response equilibria at given precisions lam= (behavioural, not Nash)"),
    "nashpy_support": (_nashpy("support_enumeration"), "nashpy support enumeration, verified (cross-check)"),
    "nashpy_vertex": (_nashpy("vertex_enumeration"), "nashpy vertex enumeration, verified (cross-check)"),
    "nashpy_lemke_howson": (_nashpy("lemke_howson"), "nashpy Lemke-Howson, verified (cross-check)"),
}


def method_options(name: str) -> set[str]:
    """Keyword options (besides ``exact``) that method ``name`` accepts."""
    func = METHODS[name][0]
    if name.startswith("nashpy_"):
        func = nashpy_solve
    params = inspect.signature(func).parameters
    skip = {"game", "exact", "algorithm"}
    return {p for p, spec in params.items() if p not in skip and spec.kind is spec.KEYWORD_ONLY}


def choose_method(game: NormalFormGame) -> str:
    """The method ``solve(game)`` uses: all equilibria where that is feasible."""
    if game.num_players == 2:
        return "enummixed" if max(game.shape) <= AUTO_ENUMERATION_LIMIT else "lemke_howson"
    if game.num_players == 1:
        return "pure"
    supports = 1
    for k in game.shape:
        supports *= 2**k - 1
    return "enumpoly" if supports <= AUTO_SUPPORT_LIMIT else "logit"


def solve(
    game: NormalFormGame, method: str = "auto", *, exact: bool | None = None, **options: Any
) -> SolveResult:
    """Compute Nash equilibria of the normal-form ``game`` (:func:`gametheory.solve` takes every kind).

    Parameters
    ----------
    game:
        The game.
    method:
        ``"auto"`` (default) or a name in :data:`METHODS`. ``"auto"`` enumerates every
        equilibrium of two-player games up to 12 strategies each and otherwise runs
        Lemke-Howson (one equilibrium); for three or more players it enumerates every
        equilibrium (``enumpoly``) when there are at most 1000 support profiles and
        otherwise follows the logit path to one equilibrium (``logit``); the result's
        ``diagnostics`` say when only one equilibrium was computed.
    exact:
        Rational (``True``) or float (``False``) arithmetic; default: exact for games
        with exact payoffs.
    options:
        Passed to the method (e.g. ``label=`` for Lemke-Howson).

    Returns
    -------
    SolveResult
        The same frozen type for every method.
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"solve: expected a NormalFormGame, got {type(game).__name__} (gametheory.solve takes every kind of game)"
        )
    auto = method == "auto"
    name = choose_method(game) if auto else method
    if name not in METHODS:
        raise SolverError(f"solve: unknown method {method!r}; choose from {['auto', *METHODS]}")
    func = METHODS[name][0]
    allowed = method_options(name)
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise SolverError(
            f"solve: method {name!r} takes no option {unknown[0]!r}; its options: "
            + (", ".join(sorted(allowed)) or "none")
        )
    result = func(game, exact=exact, **options)
    if auto and name in ("lemke_howson", "logit"):
        note = (
            f"method 'auto' chose {name}: the game is too large to enumerate all equilibria "
            "(one equilibrium is returned)"
        )
        result = replace(result, diagnostics=(*result.diagnostics, note))
    return result


__all__ = [
    "METHODS",
    "choose_method",
    "method_options",
    "enummixed_solve",
    "enumpoly_solve",
    "lemke_howson_solve",
    "logit_qre",
    "logit_solve",
    "nashpy_solve",
    "pure_solve",
    "solve",
    "zerosum_solve",
]
