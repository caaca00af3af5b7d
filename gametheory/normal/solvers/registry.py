"""The solver registry: method names, their functions (loaded on first call), their options.

:data:`METHODS` names each method's function by a ``"module:function"`` reference
(:class:`~gametheory._kernel.lazy.LazyFunction`), so listing the methods (``gametheory
methods``) imports no solver, no numpy and no scipy; a solver module is imported the first
time its method runs or :func:`method_options` is asked about it.

>>> METHODS["pure"][1]
'all pure-strategy equilibria (any number of players)'
>>> sorted(method_options("lemke_howson"))
['label', 'max_pivots', 'pivoting']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gametheory._kernel.lazy import LazyFunction
from gametheory.errors import SolverError

if TYPE_CHECKING:
    from gametheory.normal.game import NormalFormGame
    from gametheory.normal.result import SolveResult

__all__ = ["AUTO_ENUMERATION_LIMIT", "AUTO_SUPPORT_LIMIT", "AUTO_WORK_LIMIT", "METHODS", "choose_method", "method_options"]

#: Largest two-player game ``solve(method="auto")`` enumerates completely.
AUTO_ENUMERATION_LIMIT = 12

#: Largest number of support profiles (product of 2^n_i - 1) ``solve(method="auto")``
#: enumerates for games with three or more players (3 x 3 x 3 has 343, 4 x 4 x 4 3375,
#: 3 x 3 x 3 x 3 2401); the same as enumpoly's own ``MAX_SUPPORT_PROFILES``.
AUTO_SUPPORT_LIMIT = 4096

#: Within that limit, ``solve(method="auto")`` enumerates every equilibrium when the
#: estimated solving time (enumpoly's ``estimated_work`` of the support profiles that
#: survive conditional dominance, in CPU seconds) is at most this, and otherwise follows
#: the logit path to one equilibrium. Random 4 x 4 x 4 games estimate about 30-40 s (all
#: equilibria), random 3 x 3 x 3 x 3 games about 75 s (logit).
AUTO_WORK_LIMIT = 60.0

_SOLVERS = "gametheory.normal.solvers"
_NASHPY = LazyFunction(f"{_SOLVERS}.nashpy_methods:nashpy_solve")


def _nashpy(algorithm: str) -> Callable[..., SolveResult]:
    def run(game: NormalFormGame, *, exact: bool | None = None, **kw: Any) -> SolveResult:
        if exact:
            raise SolverError(f"nashpy_{algorithm}: nashpy works in floating point only")
        result: SolveResult = _NASHPY(game, algorithm=algorithm, **kw)
        return result

    return run


#: Method name -> (function, one-line description). The functions are loaded on first call.
METHODS: dict[str, tuple[Callable[..., SolveResult], str]] = {
    "enummixed": (
        LazyFunction(f"{_SOLVERS}.enummixed:enummixed_solve"),
        "all extreme equilibria and maximal convex sets (2 players)",
    ),
    "lemke_howson": (
        LazyFunction(f"{_SOLVERS}.lemke_howson:lemke_howson_solve"),
        "one equilibrium per starting label, exact (2 players)",
    ),
    "zerosum": (
        LazyFunction(f"{_SOLVERS}.zerosum:zerosum_solve"),
        "value and optimal strategies by LP (2-player zero-sum)",
    ),
    "pure": (
        LazyFunction(f"{_SOLVERS}.pure:pure_solve"),
        "all pure-strategy equilibria (any number of players)",
    ),
    "enumpoly": (
        LazyFunction(f"{_SOLVERS}.enumpoly:enumpoly_solve"),
        "all equilibria of small N-player games: supports + polynomial systems",
    ),
    "logit": (
        LazyFunction(f"{_SOLVERS}.qre:logit_solve"),
        "one equilibrium by following the logit QRE branch, verified (any number of players)",
    ),
    "logit_qre": (
        LazyFunction(f"{_SOLVERS}.qre:logit_qre"),
        "logit quantal response equilibria at given precisions lam= (behavioural, not Nash)",
    ),
    "nashpy_support": (_nashpy("support_enumeration"), "nashpy support enumeration, verified (cross-check)"),
    "nashpy_vertex": (_nashpy("vertex_enumeration"), "nashpy vertex enumeration, verified (cross-check)"),
    "nashpy_lemke_howson": (_nashpy("lemke_howson"), "nashpy Lemke-Howson, verified (cross-check)"),
}


#: ``method_options`` answers, per method name: ``(solver function, its options)``.
_OPTIONS: dict[str, tuple[Any, frozenset[str]]] = {}


def method_options(name: str) -> set[str]:
    """Keyword options (besides ``exact``) that method ``name`` accepts (its solver module is
    imported to read them; the answer is kept per method while its function stays the same)."""
    func: Any = _NASHPY if name.startswith("nashpy_") else METHODS[name][0]
    if isinstance(func, LazyFunction):
        func = func.resolve()
    known = _OPTIONS.get(name)
    if known is not None and known[0] is func:
        return set(known[1])
    params = inspect.signature(func).parameters
    skip = {"game", "exact", "algorithm"}
    options = frozenset(p for p, spec in params.items() if p not in skip and spec.kind is spec.KEYWORD_ONLY)
    _OPTIONS[name] = (func, options)
    return set(options)


def choose_method(game: NormalFormGame) -> str:
    """The method ``solve(game)`` uses: all equilibria where that is feasible.

    For three or more players: ``"enumpoly"`` (all equilibria) when the game has at most
    :data:`AUTO_SUPPORT_LIMIT` support profiles and :func:`enumeration_estimate` is at most
    :data:`AUTO_WORK_LIMIT` seconds, else ``"logit"`` (one equilibrium)."""
    if game.num_players == 2:
        return "enummixed" if max(game.shape) <= AUTO_ENUMERATION_LIMIT else "lemke_howson"
    if game.num_players == 1:
        return "pure"
    est = enumeration_estimate(game)
    return "enumpoly" if est is not None and est <= AUTO_WORK_LIMIT else "logit"


def enumeration_estimate(game: NormalFormGame) -> float | None:
    """Estimated CPU seconds for ``enumpoly`` to find every equilibrium of ``game``, or
    ``None`` when it has more than :data:`AUTO_SUPPORT_LIMIT` support profiles.

    The support profiles are pruned by conditional dominance (cheap, exact) and the
    survivors' cost on the exact path estimated by their number of unknowns (enumpoly's
    ``estimated_work``), so the estimate follows the game's payoffs, not only its shape.
    Where enumpoly runs its compiled subdivision kernel first (numba installed, a game of
    at least ``SUBDIVIDE_COLD_SUPPORTS`` profiles), the estimate is the kernel's cost,
    :data:`KERNEL_SECONDS_PER_SUPPORT` per profile, plus :data:`KERNEL_LEFT_SHARE` of the
    exact path's (the supports it leaves undecided; few on generic games).
    """
    from gametheory.normal.solvers.enumpoly.supports import (
        _integer_payoffs,
        count_support_profiles,
        estimated_work,
        prune_supports,
    )

    total = count_support_profiles(game.shape)
    if total > AUTO_SUPPORT_LIMIT:
        return None
    alive, _counts = prune_supports(_integer_payoffs(game.to_exact()), game.shape, relaxation=False)
    exact_path = estimated_work(alive)
    from gametheory.normal.solvers.enumpoly.driver import _subdivide_pays

    if _subdivide_pays(total):
        from gametheory.normal.solvers.enumpoly.boxes import kernel_available

        if kernel_available():
            return total * KERNEL_SECONDS_PER_SUPPORT + KERNEL_LEFT_SHARE * exact_path
    return exact_path


#: The subdivision kernel's cost per support profile in :func:`enumeration_estimate`:
#: measured 0.2-0.7 ms on random 4x4x4 and 3x3x3x3 games (benchmarks/bench_n_player.py,
#: loaded machine); 1 ms leaves a margin.
KERNEL_SECONDS_PER_SUPPORT = 1e-3
#: Share of the exact path's estimated work left after the kernel (its undecided supports).
KERNEL_LEFT_SHARE = 0.1
