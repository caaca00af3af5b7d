"""The (reduced) normal form of an extensive game, and Kuhn's theorem both ways.

A **pure strategy** of player ``i`` picks an action at every information set of ``i``. A
**reduced pure strategy** picks actions only at the infosets that its own earlier choices do
not rule out: infoset ``h`` is *relevant* for the strategy when some node of ``h`` is reached
if ``i`` follows the strategy (whatever the others and chance do). Strategies that differ only
at irrelevant infosets always lead to the same play, so the reduced normal form keeps one of
each class.

Strategy names join the chosen actions with ``/`` in infoset order (``"challenge/resist"``);
when labels repeat so that two strategies would get the same name, every infoset gets a
position and unassigned ones show ``*`` (``"1/*/0"``, as Gambit writes them). A player
without moves has the single strategy ``"*"``.

Payoffs: a profile of pure strategies plays out as a distribution over terminal nodes (only
chance is random), so ``payoff(s) = sum_t chance(t) u(t)`` over the terminal nodes ``t``
consistent with every player's strategy. Each terminal node is added to the block of profiles
consistent with it at once.

**Kuhn's theorem** (perfect recall): every mixed strategy has a realization-equivalent
behaviour strategy, ``b(a | h) = sigma(s plays to h and picks a) / sigma(s plays to h)``
(:func:`mixed_to_behavior`), and every behaviour strategy ``b`` the mixed strategy
``sigma(s) = prod_{h relevant for s} b(s(h) | h)`` (:func:`behavior_to_mixed`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from gametheory._kernel.values import is_exact_value, to_float, to_fraction
from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.structure import DECISION, GameTree
from gametheory.extensive.values import EXACT, FLOAT, SYMBOLIC, check_distribution
from gametheory.normal.game import MAX_PAYOFF_ENTRIES

if TYPE_CHECKING:
    from gametheory.extensive.behavior import BehaviorProfile
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.normal.game import NormalFormGame
    from gametheory.symbolic.game import SymbolicGame

#: Builds the normal form of a symbolic tree from ``(tree, payoff table, strategy names)``.
#: The symbolic room installs it (:func:`register_symbolic_normal_form`) when
#: :mod:`gametheory.symbolic.game` is imported, which every symbolic tree has caused: its
#: :class:`~gametheory.symbolic.Parameter` objects live in the ``gametheory.symbolic``
#: package, whose ``__init__`` loads that module. The extensive room so never imports the
#: symbolic room above its formula layer (expressions and parameters).
SymbolicNormalForm = Callable[["ExtensiveGame", np.ndarray, Sequence[tuple[str, ...]]], "SymbolicGame"]
_symbolic_normal_form: list[SymbolicNormalForm] = []

__all__ = [
    "MAX_STRATEGIES",
    "SymbolicNormalForm",
    "behavior_to_mixed",
    "count_reduced_strategies",
    "mixed_to_behavior",
    "pure_strategies",
    "reduced_strategies",
    "register_symbolic_normal_form",
    "strategy_names",
    "to_normal_form",
]

#: Largest number of strategies enumerated for one player.
MAX_STRATEGIES = 1_000_000

Strategy = dict[int, int]  # infoset id -> action index


def register_symbolic_normal_form(build: SymbolicNormalForm) -> None:
    """Install the builder :func:`to_normal_form` uses for symbolic trees (the last one wins).

    ``build(tree, payoffs, names)`` receives the tree, the payoff table (an ``object``
    array of sympy expressions, one axis per player and a last axis of players) and each
    player's strategy names, and returns the symbolic normal-form game.
    """
    _symbolic_normal_form[:] = [build]


def count_reduced_strategies(game: ExtensiveGame, player: int | str) -> int:
    """Number of reduced pure strategies of ``player`` (exact integer, never enumerated).

    Needs perfect recall: ``count(s) = prod over infosets h after sequence s of
    sum_a count(h a)``, and the answer is ``count(empty sequence)``.
    """
    i = game.player_index(player)
    if not game.has_perfect_recall():
        return len(reduced_strategies(game, i))
    count = [1] * game.num_sequences[i]
    off = game.infoset_seq_offset
    for h in reversed(game.player_infosets[i]):
        o = int(off[h])
        total = sum(count[o:o + len(game.infoset_actions[h])])
        count[int(game.infoset_parent_sequence[h])] *= total
    return count[0]


def count_pure_strategies(game: ExtensiveGame, player: int | str) -> int:
    i = game.player_index(player)
    out = 1
    for h in game.player_infosets[i]:
        out *= len(game.infoset_actions[h])
    return out


def _explore(game: ExtensiveGame, i: int, starts: list[int], assignment: Strategy) -> list[int]:
    """Nodes of player ``i`` with an unassigned infoset reachable from ``starts`` when ``i``
    follows ``assignment`` (everyone else: any move)."""
    kind = game.node_kind
    player = game.node_player
    inf = game.node_infoset
    ptr = game.child_ptr
    ids = game.child_ids
    out: list[int] = []
    stack = list(starts)
    while stack:
        x = stack.pop()
        k = kind[x]
        if k == DECISION and player[x] == i:
            a = assignment.get(int(inf[x]))
            if a is None:
                out.append(x)
            else:
                stack.append(int(ids[ptr[x] + a]))
        elif k != 0:
            stack.extend(ids[ptr[x]:ptr[x + 1]].tolist())
    return out


def _cache_key(kind: str, i: int) -> str:
    return f"{kind}:{i}"


def reduced_strategies(game: ExtensiveGame, player: int | str, *, limit: int = MAX_STRATEGIES) -> tuple[Strategy, ...]:
    """Reduced pure strategies of ``player`` as ``{infoset id: action index}``.

    Enumerated depth first: at each step the reachable node of the player with the smallest
    number whose infoset is still open is branched on (actions in order). Works without
    perfect recall too. Raises :class:`GameSizeError` beyond ``limit`` strategies.
    """
    i = game.player_index(player)
    key = _cache_key("reduced", i)
    cached = game._s.cache.get(key)
    if cached is not None:
        if len(cached) > limit:
            raise GameSizeError(
                f"reduced_strategies: player {game.players[i]!r} has {len(cached):,} reduced strategies, "
                f"more than the limit of {limit:,}"
            )
        return cached
    if game.has_perfect_recall():
        n = count_reduced_strategies(game, i)
        if n > limit:
            raise GameSizeError(
                f"reduced_strategies: player {game.players[i]!r} has {n:,} reduced strategies, "
                f"more than the limit of {limit:,}"
            )
    inf = game.node_infoset
    ptr = game.child_ptr
    ids = game.child_ids
    out: list[Strategy] = []
    stack: list[tuple[Strategy, list[int]]] = [({}, _explore(game, i, [0], {}))]
    while stack:
        assignment, frontier = stack.pop()
        if not frontier:
            out.append(assignment)
            if len(out) > limit:
                raise GameSizeError(
                    f"reduced_strategies: player {game.players[i]!r} has more than {limit:,} reduced strategies"
                )
            continue
        x = min(frontier)
        h = int(inf[x])
        here = [y for y in frontier if inf[y] == h]
        rest = [y for y in frontier if inf[y] != h]
        nact = len(game.infoset_actions[h])
        for a in range(nact - 1, -1, -1):
            new = dict(assignment)
            new[h] = a
            more = _explore(game, i, [int(ids[ptr[y] + a]) for y in here], new)
            stack.append((new, rest + more))
    result = tuple(out)
    game._s.cache[key] = result
    return result


def pure_strategies(game: ExtensiveGame, player: int | str, *, limit: int = MAX_STRATEGIES) -> tuple[Strategy, ...]:
    """All pure strategies of ``player`` (an action at every infoset), first infoset slowest."""
    i = game.player_index(player)
    n = count_pure_strategies(game, i)
    if n > limit:
        raise GameSizeError(
            f"pure_strategies: player {game.players[i]!r} has {n:,} pure strategies, more than the "
            f"limit of {limit:,}"
        )
    hs = game.player_infosets[i]
    return tuple(
        dict(zip(hs, combo))
        for combo in itertools.product(*(range(len(game.infoset_actions[h])) for h in hs))
    )


def strategy_names(game: ExtensiveGame, player: int | str, strategies: Sequence[Strategy]) -> tuple[str, ...]:
    """Names for ``strategies`` of ``player`` (see the module docstring)."""
    i = game.player_index(player)
    hs = game.player_infosets[i]
    acts = game.infoset_actions
    if not hs:
        return ("*",) * len(strategies)
    names = ["/".join(acts[h][s[h]] for h in hs if h in s) for s in strategies]
    if len(set(names)) == len(names):
        return tuple(names)
    names = ["/".join(acts[h][s[h]] if h in s else "*" for h in hs) for s in strategies]
    if len(set(names)) == len(names):
        return tuple(names)
    return tuple("".join(str(s[h] + 1) if h in s else "*" for h in hs) for s in strategies)  # pragma: no cover


def _strategies(game: ExtensiveGame, i: int, reduced: bool) -> tuple[Strategy, ...]:
    return reduced_strategies(game, i) if reduced else pure_strategies(game, i)


def _consistency(game: ExtensiveGame, i: int, strategies: Sequence[Strategy]) -> list[np.ndarray]:
    """For every terminal node, a boolean mask over ``strategies``: which are consistent with it."""
    n = len(strategies)
    masks: dict[tuple[int, int], np.ndarray] = {}
    for h in game.player_infosets[i]:
        col = np.array([s.get(h, -1) for s in strategies], dtype=np.int64)
        for a in range(len(game.infoset_actions[h])):
            masks[(h, a)] = col == a
    full = np.ones(n, dtype=bool)
    term = game.terminal_nodes.tolist()
    if game.has_perfect_recall():
        # the last own sequence determines all own moves on the path
        nseq = game.num_sequences[i]
        by_seq: list[np.ndarray] = [full] * nseq
        off = game.infoset_seq_offset
        for h in game.player_infosets[i]:
            parent = by_seq[int(game.infoset_parent_sequence[h])]
            for a in range(len(game.infoset_actions[h])):
                by_seq[int(off[h]) + a] = parent & masks[(h, a)]
        seqs = game.node_sequences[:, i]
        return [by_seq[int(seqs[t])] for t in term]
    cons: list[np.ndarray | None] = [None] * game.num_nodes
    cons[0] = full
    parent = game.node_parent.tolist()
    kind = game.node_kind.tolist()
    pl = game.node_player.tolist()
    inf = game.node_infoset.tolist()
    act = game.node_action.tolist()
    for k in range(1, game.num_nodes):
        p = parent[k]
        pc = cons[p]
        assert pc is not None
        cons[k] = pc & masks[(inf[p], act[k])] if kind[p] == DECISION and pl[p] == i else pc
    return [c for c in (cons[t] for t in term) if c is not None]


def to_normal_form(
    game: ExtensiveGame, reduced: bool = True, *, max_strategies: int = MAX_STRATEGIES
) -> NormalFormGame | SymbolicGame:
    """The normal form of ``game``: its reduced pure strategies (default) or all of them.

    Returns a :class:`~gametheory.NormalFormGame` (exact or float like the tree), or a
    :class:`~gametheory.symbolic.SymbolicGame` for a symbolic tree. Raises
    :class:`GameSizeError` when a player has more than ``max_strategies`` strategies or the
    table would exceed the payoff-entry limit of normal-form games.
    """
    from gametheory.normal.game import NormalFormGame, check_size

    if not isinstance(game, GameTree):
        raise GameError(f"to_normal_form: expected an ExtensiveGame, got {type(game).__name__}")
    counts = []
    for i in range(game.num_players):
        if reduced and game.has_perfect_recall():
            counts.append(count_reduced_strategies(game, i))
        elif not reduced:
            counts.append(count_pure_strategies(game, i))
        else:
            counts.append(1)
    total = game.num_players
    for c in counts:
        total *= c
    if total > MAX_PAYOFF_ENTRIES or max(counts) > max_strategies:
        raise GameSizeError(
            f"to_normal_form: the {'reduced ' if reduced else ''}normal form would be "
            f"{' x '.join(f'{c:,}' for c in counts)} ({total:,} payoff entries; limits: "
            f"{max_strategies:,} strategies per player, {MAX_PAYOFF_ENTRIES:,} entries)"
        )
    strategies = [_strategies(game, i, reduced) if reduced else pure_strategies(game, i, limit=max_strategies)
                  for i in range(game.num_players)]
    shape = tuple(len(s) for s in strategies)
    check_size(shape, "to_normal_form")
    names = [strategy_names(game, i, s) for i, s in enumerate(strategies)]
    cons = [_consistency(game, i, s) for i, s in enumerate(strategies)]
    arith = game.arithmetic
    nplayers = game.num_players
    if arith == FLOAT:
        P: np.ndarray = np.zeros(shape + (nplayers,), dtype=np.float64)
    else:
        P = np.empty(shape + (nplayers,), dtype=object)
        z = Fraction(0) if arith == EXACT else _sympy_zero()
        P.fill(z)
    weights = game.chance_reach[game.terminal_nodes]
    tp = game.terminal_payoffs
    last = np.arange(nplayers)
    for t in range(game.num_terminals):
        w = weights[t]
        if w == 0:
            continue
        idx = [np.flatnonzero(cons[i][t]) for i in range(nplayers)]
        if any(len(ix) == 0 for ix in idx):
            continue
        if arith == FLOAT:
            vec = tp[t] * w
        else:
            vec = np.empty(nplayers, dtype=object)
            vec[:] = [u * w for u in tp[t].tolist()]
        P[np.ix_(*idx, last)] += vec
    if arith == SYMBOLIC:
        if not _symbolic_normal_form:  # pragma: no cover - a symbolic tree has loaded it
            raise GameError("to_normal_form: import gametheory.symbolic to take the normal form of a symbolic tree")
        return _symbolic_normal_form[0](game, P, names)
    return NormalFormGame(P, players=game.players, strategies=names, exact=arith == EXACT, title=game.title)


def _sympy_zero() -> Any:
    import sympy

    return sympy.Integer(0)


# --------------------------------------------------------------------------- Kuhn's theorem
def _mixed_vectors(
    game: ExtensiveGame, mixed: Any, strategies: list[tuple[Strategy, ...]], names: list[tuple[str, ...]]
) -> list[list[Any]]:
    """Per-player probability vectors from a sequence or a ``{player: ...}`` mapping."""
    nplayers = game.num_players
    if isinstance(mixed, Mapping):
        unknown = [p for p in mixed if p not in game.players]
        if unknown:
            raise GameError(f"mixed_to_behavior: unknown player {unknown[0]!r}")
        vectors: list[Any] = []
        for i, p in enumerate(game.players):
            if p not in mixed:
                raise GameError(f"mixed_to_behavior: no mixed strategy for player {p!r}")
            v = mixed[p]
            if isinstance(v, Mapping):
                vec: list[Any] = [0] * len(strategies[i])
                for s, prob in v.items():
                    if s not in names[i]:
                        raise GameError(
                            f"mixed_to_behavior: player {p!r} has no strategy {s!r}; strategies are {list(names[i])[:10]}"
                        )
                    vec[names[i].index(s)] = prob
                v = vec
            vectors.append(v)
    else:
        vectors = list(mixed)
    if len(vectors) != nplayers:
        raise GameError(f"mixed_to_behavior: expected {nplayers} mixed strategies, got {len(vectors)}")
    out = []
    for i, v in enumerate(vectors):
        vals = list(v.tolist() if isinstance(v, np.ndarray) else v)
        if len(vals) != len(strategies[i]):
            raise GameError(
                f"mixed_to_behavior: player {game.players[i]!r} has {len(strategies[i])} strategies, "
                f"got {len(vals)} probabilities"
            )
        out.append(vals)
    return out


def mixed_to_behavior(game: ExtensiveGame, mixed: Any, *, reduced: bool = True) -> BehaviorProfile:
    """A behaviour profile realization-equivalent to a mixed profile (Kuhn; perfect recall).

    ``mixed`` has one probability vector per player over the strategies of
    :func:`to_normal_form` (``reduced`` as there), or is ``{player: {strategy name: prob}}``.
    ``b(a | h)`` is the probability that the player's strategy leads to ``h`` and picks
    ``a``, divided by the probability that it leads to ``h``. Where that is 0 (``h`` cannot be
    reached by the mixed strategy) the strategies that specify ``h`` decide, and failing those
    every action gets equal probability.
    """
    from gametheory.extensive.behavior import BehaviorProfile

    reason = game.perfect_recall_violation()
    if reason is not None:
        raise GameError(f"mixed_to_behavior: needs perfect recall ({reason})")
    strategies = [_strategies(game, i, reduced) for i in range(game.num_players)]
    names = [strategy_names(game, i, s) for i, s in enumerate(strategies)]
    vectors = _mixed_vectors(game, mixed, strategies, names)
    flat = [x for v in vectors for x in v]
    exact = (game.is_exact or game.is_symbolic()) and all(is_exact_value(x) for x in flat)
    conv = to_fraction if exact else to_float
    zero: Any = Fraction(0) if exact else 0.0
    probs: list[tuple[Any, ...]] = [()] * game.num_infosets
    for i in range(game.num_players):
        sigma = [conv(x, f"mixed_to_behavior: strategy of {game.players[i]!r}") for x in vectors[i]]
        check_distribution(sigma, EXACT if exact else FLOAT, f"mixed_to_behavior: strategy of {game.players[i]!r}")
        # probability that the strategy plays each own sequence
        plays: list[Any] = [zero] * game.num_sequences[i]
        plays[0] = sum(sigma, zero)
        off = game.infoset_seq_offset
        parent_seq = game.infoset_parent_sequence
        for s, p in zip(strategies[i], sigma):
            if p == 0:
                continue
            played = {0}
            for h in game.player_infosets[i]:  # parents before children under perfect recall
                if h in s and int(parent_seq[h]) in played:
                    q = int(off[h]) + s[h]
                    played.add(q)
                    plays[q] += p
        for h in game.player_infosets[i]:
            k = len(game.infoset_actions[h])
            o = int(off[h])
            den = plays[int(game.infoset_parent_sequence[h])]
            num = plays[o:o + k]
            if den != 0 and sum(num, zero) != 0:
                dist = [x / den for x in num]
            else:
                spec = [zero] * k
                for s, p in zip(strategies[i], sigma):
                    if h in s:
                        spec[s[h]] += p
                tot = sum(spec, zero)
                dist = [x / tot for x in spec] if tot != 0 else [Fraction(1, k) if exact else 1.0 / k] * k
            if not exact:
                total = sum(dist)
                dist = [max(float(x), 0.0) / total for x in dist]
            probs[h] = tuple(dist)
    return BehaviorProfile(game, tuple(probs), EXACT if exact else FLOAT)


def behavior_to_mixed(game: ExtensiveGame, behavior: Any, *, reduced: bool = True) -> tuple[tuple[Any, ...], ...]:
    """The mixed profile ``sigma_i(s) = prod_{h in s} b(s(h) | h)`` over the strategies of
    :func:`to_normal_form` (``reduced`` as there); realization-equivalent under perfect recall."""
    from gametheory.extensive.behavior import behavior_profile

    prof = behavior_profile(game, behavior)
    one: Any = Fraction(1) if prof.arithmetic != FLOAT else 1.0
    out = []
    for i in range(game.num_players):
        vec = []
        for s in _strategies(game, i, reduced):
            p = one
            for h, a in s.items():
                p = p * prof.probabilities[h][a]
            vec.append(p)
        out.append(tuple(vec))
    return tuple(out)
