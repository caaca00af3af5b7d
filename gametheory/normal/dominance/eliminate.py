"""The elimination driver: rounds, removal orders, and the public entry points
(:func:`eliminate_dominated`, :func:`find_dominator`, :func:`is_dominated`).

Each round asks, player by player, which strategies are dominated in the current game:
pure dominance first (:mod:`~gametheory.normal.dominance.pure`), then domination by
mixtures (:mod:`~gametheory.normal.dominance.mixed`).
"""

from __future__ import annotations

import math
import time
import warnings as _warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameError, GameSizeError
from gametheory.normal.dominance.mixed import _mixed_check
from gametheory.normal.dominance.pure import _Data, _Finding, _pure_dominated
from gametheory.normal.dominance.result import ORDERS, WEAK_DOMINANCE_WARNING, DominanceResult, DominanceStep
from gametheory.normal.game import NormalFormGame

__all__ = ["MAX_LP_PROFILES", "eliminate_dominated", "find_dominator", "is_dominated"]

#: Largest game (number of pure profiles) tested for domination by mixed strategies.
MAX_LP_PROFILES = 2_000_000


# --------------------------------------------------------------------------- one player, one round
def _examine(
    data: _Data,
    kept: Sequence[Sequence[int]],
    i: int,
    *,
    weak: bool,
    mixed: bool,
    first_only: bool,
    only: int | None = None,
) -> tuple[list[_Finding], dict[int, str]]:
    """Dominated strategies of player ``i`` in the current game (local indices).

    Returns the findings and, for strategies whose status could not be certified, a note.
    """
    n = len(kept[i])
    if n < 2:
        return [], {}
    v = data.view(i, kept)
    D = v.D
    if D.max() - D.min() <= v.tol:
        return [], {}  # the player is indifferent among everything
    pure = _pure_dominated(v, weak)
    targets = [only] if only is not None else list(range(n))
    found = [pure[j] for j in targets if j in pure]
    if found and (first_only or only is not None):
        return found[:1], {}
    undecided: dict[int, str] = {}
    if mixed:
        candidates = [k for k in range(n) if k not in pure]
        for j in targets:
            if j in pure:
                continue
            K = [k for k in candidates if k != j]
            if len(K) < 2:
                continue
            verdict = _mixed_check(v, j, K, weak)
            if verdict.status == "dominated":
                assert verdict.finding is not None
                found.append(verdict.finding)
                if first_only:
                    break
            elif verdict.status == "undecided":
                undecided[j] = verdict.note
    found.sort(key=lambda f: f.j)
    return found, undecided


# --------------------------------------------------------------------------- public API
def _check_options(game: Any, order: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"expected a NormalFormGame, got {type(game).__name__}")
    if order not in ORDERS:
        raise GameError(f"order: unknown value {order!r}; choose from {', '.join(ORDERS)}")


def _prepare(game: NormalFormGame, exact: bool | None, mixed: bool) -> tuple[NormalFormGame, bool]:
    use_exact = game.is_exact if exact is None else bool(exact)
    if mixed and math.prod(game.shape) > MAX_LP_PROFILES:
        raise GameSizeError(
            f"{' x '.join(map(str, game.shape))} game has {math.prod(game.shape):,} pure profiles, "
            f"more than the {MAX_LP_PROFILES:,} the mixed-dominance LPs accept; "
            "use mixed=False (pure dominance only)"
        )
    target = game.to_exact() if use_exact else game.to_float()
    return target, use_exact


def _player_order(game: NormalFormGame, player_order: Sequence[int | str] | None) -> list[int]:
    if player_order is None:
        return list(range(game.num_players))
    order = [game.player_index(p) for p in player_order]
    if sorted(order) != list(range(game.num_players)):
        raise GameError(
            f"player_order: expected each of the {game.num_players} players exactly once, got {list(player_order)}"
        )
    return order


def eliminate_dominated(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
    order: str = "all-at-once",
    player_order: Sequence[int | str] | None = None,
) -> DominanceResult:
    """Iteratively remove dominated strategies until none is left.

    Parameters
    ----------
    game:
        Any number of players.
    mixed:
        Test domination by mixed strategies too (default); ``False``: by pure strategies
        only (cheaper; misses e.g. a strategy beaten only by a 50-50 mix of two others).
    weak:
        Remove weakly dominated strategies too. The result then depends on the order of
        removal and may lose equilibria; :attr:`DominanceResult.diagnostics` say so.
    exact:
        ``None`` (default): exact arithmetic for exact games, floats otherwise. In exact
        arithmetic every removal is certified exactly; floats use the game's tolerance.
    order:
        ``"all-at-once"`` (default): each round removes every strategy of every player
        that is dominated in the game at the start of the round. ``"player-by-player"``:
        within a round, players take turns (in ``player_order``), each removing all its
        dominated strategies before the next is examined. ``"one-at-a-time"``: each round
        removes one strategy, the first found (players in ``player_order``, pure
        dominators before mixed ones, lowest strategy index first). For strict dominance
        all orders give the same reduced game.
    player_order:
        Players (names or indices) in the order they are examined; default: game order.

    Returns
    -------
    DominanceResult
        The reduced game, the surviving strategy indices, and the ordered record of removals.
    """
    _check_options(game, order)
    start = time.perf_counter()
    target, use_exact = _prepare(game, exact, mixed)
    porder = _player_order(target, player_order)
    data = _Data(target, use_exact, need_float=mixed)
    kept: list[list[int]] = [list(range(n)) for n in target.shape]
    steps: list[DominanceStep] = []
    notes: dict[tuple[int, int], str] = {}
    rounds = 0

    def record(i: int, found: list[_Finding], rnd: int) -> None:
        local = kept[i]
        names = target.strategies[i]
        for f in found:
            steps.append(
                DominanceStep(
                    round=rnd,
                    player=target.players[i],
                    player_index=i,
                    strategy=names[local[f.j]],
                    strategy_index=local[f.j],
                    dominator={names[local[k]]: p for k, p in sorted(f.weights.items())},
                    kind=f.kind,
                    margin=f.margin,
                )
            )
        gone = {f.j for f in found}
        kept[i] = [s for k, s in enumerate(local) if k not in gone]

    def note(i: int, undecided: dict[int, str], rnd: int) -> None:
        for j, why in undecided.items():
            s = kept[i][j]
            notes[(i, s)] = (
                f"round {rnd}: could not certify exactly whether {target.players[i]}'s "
                f"{target.strategies[i][s]} is dominated ({why}); it was kept"
            )

    while True:
        rnd = rounds + 1
        progress = False
        if order == "all-at-once":
            batch = []
            for i in porder:
                found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=False)
                note(i, undecided, rnd)
                batch.append((i, found))
            for i, found in batch:  # all relative to the game at the start of the round
                if found:
                    record(i, found, rnd)
                    progress = True
        else:
            for i in porder:
                first = order == "one-at-a-time"
                found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=first)
                note(i, undecided, rnd)
                if found:
                    record(i, found, rnd)
                    progress = True
                    if first:
                        break
        if not progress:
            break
        rounds = rnd
        for i in porder:  # a player never loses every strategy (a best reply to a belief survives)
            assert kept[i], "internal error: every strategy of a player was removed"
    warn: list[str] = []
    if weak and steps:
        warn.append(WEAK_DOMINANCE_WARNING)
    # notes about strategies later removed anyway are moot
    alive = {(i, s) for i in range(target.num_players) for s in kept[i]}
    warn += [msg for key, msg in notes.items() if key in alive]
    reduced = _subgame(target, kept)
    return DominanceResult(
        game=reduced,
        original=target,
        kept=tuple(tuple(k) for k in kept),
        steps=tuple(steps),
        weak=weak,
        mixed=mixed,
        order=order,
        rounds=rounds,
        arithmetic=arithmetic_of(use_exact),
        elapsed=time.perf_counter() - start,
        parameters={"mixed": mixed, "weak": weak, "order": order, "player_order": [target.players[i] for i in porder]},
        diagnostics=tuple(warn),
    )


def _subgame(game: NormalFormGame, kept: Sequence[Sequence[int]]) -> NormalFormGame:
    idx = np.ix_(*[np.asarray(k, dtype=np.intp) for k in kept], np.arange(game.num_players))
    return NormalFormGame(
        game.payoffs[idx],
        players=game.players,
        strategies=[[ss[k] for k in ks] for ss, ks in zip(game.strategies, kept)],
        title=game.title,
        exact=game.is_exact,
    )


def find_dominator(
    game: NormalFormGame,
    player: int | str,
    strategy: int | str,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
) -> DominanceStep | None:
    """A strategy that dominates ``strategy`` of ``player`` in ``game`` (no iteration), or None.

    A pure dominator is preferred (the one with the largest margin); otherwise a mixed one
    from the LP. With ``weak=True`` a strict dominator is still preferred. The returned
    record has ``round=1``. In exact arithmetic ``None`` means the strategy is certified
    undominated, except in the rare case where neither side could be certified (a
    :class:`RuntimeWarning` is issued then).
    """
    _check_options(game, "all-at-once")
    target, use_exact = _prepare(game, exact, mixed)
    i = target.player_index(player)
    j = target._strategy_index(i, strategy)
    data = _Data(target, use_exact, need_float=mixed)
    kept = [list(range(n)) for n in target.shape]
    found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=True, only=j)
    if undecided:
        _warnings.warn(
            f"could not certify exactly whether {target.players[i]}'s {target.strategies[i][j]} is "
            f"dominated ({undecided[j]})",
            RuntimeWarning,
            stacklevel=2,
        )
    if not found:
        return None
    f = found[0]
    names = target.strategies[i]
    return DominanceStep(
        round=1,
        player=target.players[i],
        player_index=i,
        strategy=names[j],
        strategy_index=j,
        dominator={names[k]: p for k, p in sorted(f.weights.items())},
        kind=f.kind,
        margin=f.margin,
    )


def is_dominated(
    game: NormalFormGame,
    player: int | str,
    strategy: int | str,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
) -> bool:
    """Whether ``strategy`` of ``player`` is dominated in ``game`` (see :func:`find_dominator`).

    >>> import gametheory as gt
    >>> pd = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> is_dominated(pd, 0, 0), is_dominated(pd, 0, 1)
    (True, False)
    """
    return find_dominator(game, player, strategy, mixed=mixed, weak=weak, exact=exact) is not None

