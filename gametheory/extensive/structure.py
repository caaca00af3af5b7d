"""The arithmetic-free skeleton of a game tree: node kinds, preorder records, flat arrays.

The layers of the extensive room, from the bottom: :mod:`~gametheory.extensive.values`
(numbers), this module (node kinds, :class:`TreeRecords`, the flat structure arrays and the
payoff/probability arrays of one arithmetic), :mod:`~gametheory.extensive.nodes` (node
constructors), the algorithms on a game (:mod:`~gametheory.extensive.behavior`,
:mod:`~gametheory.extensive.reduced`), :mod:`~gametheory.extensive.game`
(:class:`~gametheory.extensive.game.ExtensiveGame`, whose convenience methods delegate to
those algorithms), then :mod:`~gametheory.extensive.tree` (the builder) and the solvers.
Nothing below :mod:`~gametheory.extensive.game` imports it at run time: the algorithms
recognise a game by the small base class :class:`GameTree` defined here.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.values import (
    FLOAT,
    check_distribution,
    one,
    zero,
)

#: Node kind of a leaf (payoffs only), as stored in ``ExtensiveGame.node_kind``.
TERMINAL = 0
#: Node kind of a player's decision node.
DECISION = 1
#: Node kind of a chance (nature) node.
CHANCE = 2
KIND_NAMES = {TERMINAL: "terminal", DECISION: "decision", CHANCE: "chance"}

#: Largest number of nodes a game may have.
MAX_NODES = 20_000_000


class NodeError(GameError):
    """A GameError about one node (``node`` is its preorder number)."""

    def __init__(self, message: str, node: int):
        self.node = node
        super().__init__(message)


@dataclass
class TreeRecords:
    """A game tree as parallel lists in preorder, before validation (internal format).

    ``children`` of a node are implied by the number of its actions: each decision or chance
    node is followed, in preorder, by the subtrees of its actions in order.
    """

    players: tuple[str, ...]
    kinds: list[int] = field(default_factory=list)
    node_players: list[int] = field(default_factory=list)
    #: per node: infoset key (hashable, unique per player) or None for a singleton infoset
    infoset_keys: list[Hashable] = field(default_factory=list)
    #: per node: action labels (decision or chance), () for terminals
    actions: list[tuple[str, ...]] = field(default_factory=list)
    #: per node: raw chance probabilities (chance nodes), else None
    probs: list[tuple[Any, ...] | None] = field(default_factory=list)
    #: per node: index into ``outcomes`` or -1
    outcome: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    #: (label, raw payoffs) per outcome
    outcomes: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    #: (player, key) -> infoset label
    infoset_labels: dict[tuple[int, Hashable], str] = field(default_factory=dict)

    def add(
        self,
        kind: int,
        *,
        player: int = -1,
        infoset: Hashable = None,
        actions: tuple[str, ...] = (),
        probs: tuple[Any, ...] | None = None,
        outcome: int = -1,
        label: str = "",
    ) -> int:
        self.kinds.append(kind)
        self.node_players.append(player)
        self.infoset_keys.append(infoset)
        self.actions.append(actions)
        self.probs.append(probs)
        self.outcome.append(outcome)
        self.labels.append(label)
        return len(self.kinds) - 1

    def add_outcome(self, payoffs: tuple[Any, ...], label: str = "") -> int:
        self.outcomes.append((label, payoffs))
        return len(self.outcomes) - 1


def _frozen(a: Any, dtype: Any = None) -> np.ndarray:
    arr = np.asarray(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


def _object_array(values: Sequence[Any]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


class _Structure:
    """The arithmetic-free part of a game: nodes, infosets, sequences (shared by copies)."""

    def __init__(self, rec: TreeRecords, where: str) -> None:
        n = len(rec.kinds)
        if n == 0:
            raise GameError(f"{where}: the tree has no nodes")
        if n > MAX_NODES:
            raise GameSizeError(f"{where}: {n:,} nodes exceed the limit of {MAX_NODES:,}")
        nplayers = len(rec.players)
        kinds = rec.kinds
        nch = [len(a) for a in rec.actions]
        for k in range(n):
            kind = kinds[k]
            if kind == TERMINAL:
                if nch[k]:
                    raise NodeError(f"{where}: terminal node {k} has actions", k)
            elif nch[k] == 0:
                raise NodeError(f"{where}: {KIND_NAMES[kind]} node {k} has no actions", k)
            if kind == DECISION and not 0 <= rec.node_players[k] < nplayers:
                raise NodeError(
                    f"{where}: node {k} belongs to player number {rec.node_players[k] + 1}, "
                    f"but the game has {nplayers} player(s)",
                    k,
                )
        # ---- parents from preorder + child counts (explicit stack)
        parent = [-1] * n
        action = [-1] * n
        depth = [0] * n
        stack: list[list[int]] = []
        for k in range(n):
            if k:
                if not stack:
                    raise NodeError(
                        f"{where}: node {k} is not part of the tree (the tree is complete after "
                        f"node {k - 1}; too many nodes)",
                        k,
                    )
                top = stack[-1]
                p = top[0]
                parent[k] = p
                action[k] = top[1]
                depth[k] = depth[p] + 1
                top[1] += 1
                if top[1] == nch[p]:
                    stack.pop()
            if nch[k]:
                stack.append([k, 0])
        if stack:
            p, got = stack[-1]
            missing = sum(nch[q] - c for q, c in stack)
            raise NodeError(
                f"{where}: node {p} has {nch[p]} actions but only {got} child(ren); the tree "
                f"ends with {missing} subtree(s) missing",
                p,
            )
        size = [1] * n
        for k in range(n - 1, 0, -1):
            size[parent[k]] += size[k]
        self.num_nodes = n
        self.num_players = nplayers
        self.players = rec.players
        self.node_kind = _frozen(kinds, np.int8)
        self.node_parent = _frozen(parent, np.int64)
        self.node_action = _frozen(action, np.int32)
        self.node_depth = _frozen(depth, np.int32)
        self.subtree_end = _frozen(np.arange(n, dtype=np.int64) + np.asarray(size, dtype=np.int64))
        nch_arr = np.asarray(nch, dtype=np.int64)
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(nch_arr, out=ptr[1:])
        child_ids = np.empty(int(ptr[-1]), dtype=np.int64)
        par = self.node_parent[1:]
        child_ids[ptr[par] + self.node_action[1:]] = np.arange(1, n, dtype=np.int64)
        self.child_ptr = _frozen(ptr)
        self.child_ids = _frozen(child_ids)
        self.node_labels = tuple(rec.labels)
        self.node_outcome = _frozen(rec.outcome, np.int32)
        self.terminal_nodes = _frozen(np.flatnonzero(self.node_kind == TERMINAL).astype(np.int64))
        tindex = np.full(n, -1, dtype=np.int64)
        tindex[self.terminal_nodes] = np.arange(len(self.terminal_nodes), dtype=np.int64)
        self.node_terminal_index = _frozen(tindex)
        self.chance_actions: dict[int, tuple[str, ...]] = {
            k: rec.actions[k] for k in range(n) if kinds[k] == CHANCE
        }
        self._infosets(rec, where)
        self._sequences()
        #: caches of derived structure arrays (see :func:`structure_cache`)
        self.cache: dict[str, Any] = {}

    def _infosets(self, rec: TreeRecords, where: str) -> None:
        n = self.num_nodes
        ids: dict[tuple[int, Hashable], int] = {}
        inf_player: list[int] = []
        inf_actions: list[tuple[str, ...]] = []
        inf_labels: list[str] = []
        members: list[list[int]] = []
        node_infoset = [-1] * n
        kinds, players, keys, actions = rec.kinds, rec.node_players, rec.infoset_keys, rec.actions
        checked: set[tuple[str, ...]] = set()
        for k in range(n):
            if kinds[k] != DECISION:
                continue
            pl = players[k]
            key = keys[k]
            acts = actions[k]
            h: int | None = None
            if key is not None:
                full = (pl, key)
                h = ids.get(full)
            if h is None:
                h = len(inf_player)
                if key is not None:
                    ids[full] = h
                inf_player.append(pl)
                if acts not in checked:
                    if len(set(acts)) != len(acts):
                        dup = sorted({a for a in acts if acts.count(a) > 1})
                        raise NodeError(
                            f"{where}: node {k}: action labels must be distinct within an information "
                            f"set, {dup[0]!r} repeats",
                            k,
                        )
                    checked.add(acts)
                inf_actions.append(acts)
                inf_labels.append(
                    "" if key is None else rec.infoset_labels.get(full, key if isinstance(key, str) else "")
                )
                members.append([k])
            else:
                if acts is not inf_actions[h] and acts != inf_actions[h]:
                    raise NodeError(
                        f"{where}: node {k} is in the information set of node {members[h][0]} but has "
                        f"actions {list(acts)} instead of {list(inf_actions[h])}",
                        k,
                    )
                members[h].append(k)
            node_infoset[k] = h
        node_player = np.asarray(players, dtype=np.int32)
        node_player[np.asarray(kinds, dtype=np.int8) != DECISION] = -1
        self.node_player = _frozen(node_player, np.int32)
        self.node_infoset = _frozen(node_infoset, np.int32)
        self.num_infosets = len(inf_player)
        self.infoset_player = _frozen(inf_player, np.int32)
        self.infoset_actions = tuple(inf_actions)
        self.infoset_labels = tuple(inf_labels)
        self.infoset_members = tuple(tuple(m) for m in members)
        per_player: list[list[int]] = [[] for _ in range(self.num_players)]
        for h, pl in enumerate(inf_player):
            per_player[pl].append(h)
        self.player_infosets = tuple(tuple(x) for x in per_player)
        # distinct names
        counts: dict[str, int] = {}
        for lab in inf_labels:
            counts[lab] = counts.get(lab, 0) + 1
        names: list[str] = []
        used = {lab for lab in inf_labels if lab and counts[lab] == 1}
        index_in_player = {h: j + 1 for hs in per_player for j, h in enumerate(hs)}
        for h, lab in enumerate(inf_labels):
            if lab and counts[lab] == 1:
                names.append(lab)
                continue
            base = f"{self.players[inf_player[h]]}:{index_in_player[h]}"
            cand, j = base, 2
            while cand in used:
                cand = f"{base}_{j}"
                j += 1
            used.add(cand)
            names.append(cand)
        self.infoset_names = tuple(names)
        self.infoset_index = {name: h for h, name in enumerate(names)}
        nacts = np.array([len(a) for a in inf_actions], dtype=np.int64)
        off = np.zeros(self.num_infosets + 1, dtype=np.int64)
        np.cumsum(nacts, out=off[1:])
        self.action_offset = _frozen(off)
        self.num_actions_total = int(off[-1])

    def _sequences(self) -> None:
        n, np_ = self.num_nodes, self.num_players
        seq_off = np.zeros(self.num_infosets, dtype=np.int64)
        num_seq = []
        for i in range(np_):
            nxt = 1
            for h in self.player_infosets[i]:
                seq_off[h] = nxt
                nxt += len(self.infoset_actions[h])
            num_seq.append(nxt)
        self.infoset_seq_offset = _frozen(seq_off)
        self.num_sequences = tuple(num_seq)
        rows: list[tuple[int, ...]] = [()] * n
        rows[0] = (0,) * np_
        parent = self.node_parent.tolist()
        action = self.node_action.tolist()
        kind = self.node_kind.tolist()
        inf = self.node_infoset.tolist()
        player = self.node_player.tolist()
        off = seq_off.tolist()
        for k in range(1, n):
            p = parent[k]
            if kind[p] == DECISION:
                row = list(rows[p])
                row[player[p]] = off[inf[p]] + action[k]
                rows[k] = tuple(row)
            else:
                rows[k] = rows[p]
        self.node_sequences = _frozen(np.array(rows, dtype=np.int32).reshape(n, np_))
        par_seq = [int(self.node_sequences[m[0], self.infoset_player[h]]) for h, m in enumerate(self.infoset_members)]
        self.infoset_parent_sequence = _frozen(np.array(par_seq, dtype=np.int64))
        seq_inf = []
        seq_act = []
        for i in range(np_):
            si = [-1] * num_seq[i]
            sa = [-1] * num_seq[i]
            for h in self.player_infosets[i]:
                for a in range(len(self.infoset_actions[h])):
                    si[off[h] + a] = h
                    sa[off[h] + a] = a
            seq_inf.append(_frozen(si, np.int64))
            seq_act.append(_frozen(sa, np.int64))
        self.sequence_infoset = tuple(seq_inf)
        self.sequence_action = tuple(seq_act)

    def structure_key(self) -> tuple[Any, ...]:
        return (
            self.players,
            self.node_kind.tobytes(),
            self.node_parent.tobytes(),
            self.node_player.tobytes(),
            self.node_infoset.tobytes(),
            self.infoset_actions,
            tuple(sorted(self.chance_actions.items())),
        )


class _Values:
    """Chance probabilities and payoffs of one arithmetic."""

    def __init__(
        self,
        s: _Structure,
        arithmetic: str,
        chance: dict[int, tuple[Any, ...]],
        outcomes: list[tuple[str, tuple[Any, ...]]],
        where: str,
    ) -> None:
        self.arithmetic = arithmetic
        n = s.num_nodes
        dtype: Any = np.float64 if arithmetic == FLOAT else object
        prob_list: list[Any] = [one(arithmetic)] * n
        cp, ci = s.child_ptr, s.child_ids
        for node, probs in chance.items():
            check_distribution(probs, arithmetic, f"{where}: chance node {node}")
            for k, c in enumerate(ci[cp[node]:cp[node + 1]].tolist()):
                prob_list[c] = probs[k]
        self.chance_prob = _frozen(prob_list if dtype is np.float64 else _object_array(prob_list), dtype)
        self.outcome_labels = tuple(lab for lab, _ in outcomes)
        self.outcome_payoffs = tuple(pay for _, pay in outcomes)
        # cumulative payoffs: shared tuples along the path, summed where an outcome is attached
        zero_vec = (zero(arithmetic),) * s.num_players
        acc: list[tuple[Any, ...]] = [zero_vec] * n
        node_out = s.node_outcome.tolist()
        parent = s.node_parent.tolist()
        for k in range(n):
            base = acc[parent[k]] if k else zero_vec
            o = node_out[k]
            if o >= 0:
                pay = self.outcome_payoffs[o]
                base = pay if base is zero_vec else tuple(a + b for a, b in zip(base, pay))
            acc[k] = base
        rows = [acc[t] for t in s.terminal_nodes.tolist()]
        if arithmetic == FLOAT:
            tp = np.array(rows, dtype=np.float64).reshape(len(rows), s.num_players)
        else:
            tp = np.empty((len(rows), s.num_players), dtype=object)
            for r, row in enumerate(rows):
                tp[r, :] = row
        self.terminal_payoffs = _frozen(tp)


class GameTree:
    """Base class of :class:`~gametheory.extensive.game.ExtensiveGame`.

    It holds no behaviour; it sits low so that modules the game class itself imports (the
    behaviour-profile and reduced-form algorithms) can check ``isinstance(game, GameTree)``
    without importing :mod:`gametheory.extensive.game`.
    """

    __slots__ = ()
