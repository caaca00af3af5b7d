"""``solve``: run a normal-form method by name (``"auto"`` picks one), with its options checked.

The names, functions and options of the methods live in
:mod:`~gametheory.normal.solvers.registry`; :func:`gametheory.solve` takes every kind of game.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult
from gametheory.normal.solvers._common import FLOAT_PAYOFF_LIMIT, overflow_prone
from gametheory.normal.solvers.registry import METHODS, choose_method, method_options

__all__ = ["solve"]

#: Methods with no exact arithmetic: refused on games whose payoffs could overflow floats.
FLOAT_ONLY = ("logit", "logit_qre", "nashpy_support", "nashpy_vertex", "nashpy_lemke_howson")


def _largest(game: NormalFormGame) -> str:
    """The largest payoff magnitude, printed in a few digits."""
    top = max(abs(v) for v in game.payoffs.reshape(-1).tolist())
    try:
        return f"{float(top):.3g}"
    except OverflowError:
        return f"about 10^{len(str(int(top))) - 1}"


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
        equilibrium (``enumpoly``) when its estimated cost
        (:func:`~gametheory.normal.solvers.registry.enumeration_estimate`) is at most
        :data:`~gametheory.normal.solvers.registry.AUTO_WORK_LIMIT` seconds and
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
    overflow_note = None
    if not exact and overflow_prone(game):
        if name in FLOAT_ONLY or exact is False:
            how = "works in floating point" if name in FLOAT_ONLY else "was asked for floating point"
            raise SolverError(
                f"solve: method {name!r} {how}, and this game's payoffs (|x| up to "
                f"{_largest(game)}) are too large for it (limit {FLOAT_PAYOFF_LIMIT:g}); rescale the "
                "payoffs or solve in exact arithmetic (enummixed, lemke_howson, zerosum, enumpoly, pure)"
            )
        overflow_note = (
            f"payoffs up to {_largest(game)} could overflow floating point (limit "
            f"{FLOAT_PAYOFF_LIMIT:g}): solved in exact arithmetic"
        )
        exact = True
    result = func(game, exact=exact, **options)
    if overflow_note is not None:
        result = replace(result, diagnostics=(overflow_note, *result.diagnostics))
    # Every Nash method passes its answer through the regret gate itself (``_common.gated``):
    # a float failure re-solves exactly. logit_qre is not gated: a QRE is not a Nash equilibrium.
    if auto and name in ("lemke_howson", "logit"):
        why = "the game is too large to enumerate all equilibria"
        if name == "logit":
            from gametheory.normal.solvers.registry import AUTO_WORK_LIMIT, enumeration_estimate

            est = enumeration_estimate(game)
            why = (f"enumerating all equilibria is estimated at {est:.0f} s of CPU, over the "
                   f"{AUTO_WORK_LIMIT:.0f} s limit" if est is not None else
                   "the game has too many support profiles to enumerate all equilibria")
        note = (
            f"method 'auto' chose {name}: {why} (one equilibrium is returned; "
            "method='enumpoly' enumerates them all)" if name == "logit" else
            f"method 'auto' chose {name}: {why} (one equilibrium is returned)"
        )
        result = replace(result, diagnostics=(*result.diagnostics, note))
    return result

