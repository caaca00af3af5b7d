"""Extensive-form games: an immutable game tree held in flat arrays.

Build a game with :meth:`ExtensiveGame.from_tree` (node constructors in
:mod:`gametheory.extensive.tree`), with :class:`~gametheory.extensive.tree.TreeBuilder`, or read
one with :func:`gametheory.read_game` (Gambit ``.efg`` or the JSON tree document).

Flat layout (for algorithms)
----------------------------
Nodes are numbered ``0 .. num_nodes - 1`` in **preorder** (depth first, children in action
order). Hence the root is ``0``, a parent has a smaller number than its children, iterating
the numbers in reverse visits every child before its parent (no recursion is ever needed),
and the subtree of node ``n`` is the contiguous range ``range(n, subtree_end[n])``.
All arrays are read-only numpy arrays:

============================  =================================================================
``node_kind[n]``              ``TERMINAL`` (0), ``DECISION`` (1) or ``CHANCE`` (2)
``node_player[n]``            player index at a decision node, ``-1`` otherwise
``node_infoset[n]``           information-set id at a decision node, ``-1`` otherwise
``node_parent[n]``            parent node, ``-1`` at the root
``node_action[n]``            index of the action at the parent that leads to ``n`` (``-1``
                              at the root)
``node_depth[n]``             number of moves from the root
``subtree_end[n]``            one past the last node of the subtree of ``n``
``child_ptr``, ``child_ids``  children of ``n`` in action order:
                              ``child_ids[child_ptr[n]:child_ptr[n + 1]]``
``chance_prob[n]``            probability of the chance move into ``n`` when the parent is a
                              chance node, ``1`` otherwise
``node_outcome[n]``           index into :attr:`outcomes` of the payoffs attached at ``n``
                              (``-1``: none); outcomes add up along the path
``terminal_nodes``            terminal node ids (preorder)
``terminal_payoffs``          shape ``(num_terminals, num_players)``: the sum of the outcomes
                              on the path to each terminal node
``node_sequences[n, i]``      player ``i``'s last sequence on the path to ``n`` (not counting
                              the move at ``n`` itself); see below
============================  =================================================================

Information sets (decision nodes only; chance nodes are not grouped) are numbered in the
order of their first member in preorder. ``infoset_player[h]``, ``infoset_actions[h]``
(labels), ``infoset_labels[h]`` (as given, may be empty), ``infoset_names[h]`` (distinct:
the label when it is unique and not empty, else ``"<player>:<k>"``), ``infoset_members[h]``
(node ids in preorder) and ``player_infosets[i]`` (infoset ids of player ``i``).

Sequences (for the sequence form): player ``i``'s sequences are numbered
``0 .. num_sequences[i] - 1``; ``0`` is the empty sequence and the sequence "play action
``a`` at infoset ``h``" is ``infoset_seq_offset[h] + a``. ``infoset_parent_sequence[h]``
is the player's sequence leading to ``h`` (taken at its first member; the same at every
member exactly when the game has perfect recall). ``action_offset[h]`` numbers all
(infoset, action) pairs of the game consecutively: pair ``(h, a)`` is
``action_offset[h] + a`` (used for flat behaviour vectors).

Also: ``levels`` (node ids grouped by depth, for vectorised top-down and bottom-up passes),
``chance_reach`` (product of chance probabilities to each node), ``subgame_roots()``,
``perfect_recall_violation()``. Exact games hold ``Fraction`` objects in ``object`` arrays,
float games ``float64`` arrays, symbolic games sympy expressions in ``object`` arrays.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from gametheory._kernel.tolerance import REGRET_TOL, resolve, scaled
from gametheory.errors import GameError
from gametheory.extensive.behavior import (
    BehaviorProfile,
    agent_regrets,
    behavior_profile,
    best_response,
    expected_payoffs,
    realization_probabilities,
    strategic_regrets,
    top_down_product,
    uniform_behavior,
)
from gametheory.extensive.nodes import record_path, to_records
from gametheory.extensive.reduced import reduced_strategies, to_normal_form
from gametheory.extensive.structure import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    NodeError,
    TreeRecords,
    _Structure,
    _Values,
)
from gametheory.extensive.values import (
    EXACT,
    FLOAT,
    SYMBOLIC,
    arithmetic_of,
    converter,
    infer_parameters,
)

if TYPE_CHECKING:
    from gametheory.extensive.nodes import Node
    from gametheory.normal.game import NormalFormGame
    from gametheory.symbolic.game import SymbolicGame


class ExtensiveGame(GameTree):
    """A finite game in extensive form with named players (immutable).

    Decision nodes belong to a player and an information set (every node of an infoset has
    the same action labels); chance nodes have probabilities on their moves; payoffs
    (*outcomes*) may be attached to any node and add up along the path, as in Gambit. Numbers
    are exact (``Fraction``), floats, or sympy expressions in :attr:`parameters` (a
    *symbolic* game, see :meth:`substitute`).

    Build one with :meth:`from_tree` or :class:`~gametheory.extensive.tree.TreeBuilder`, or
    read one with :func:`gametheory.read_game`. The flat arrays that algorithms use are
    described in :mod:`gametheory.extensive.game`.

    Two games are equal when they have the same players, tree, information sets, action
    labels, arithmetic, chance probabilities and total payoffs at every terminal node
    (titles, node and infoset labels and where along a path payoffs are attached are not
    compared).
    """

    _s: _Structure
    _v: _Values
    _title: str
    _parameters: tuple[Any, ...]
    _hash: int | None
    _cache: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "ExtensiveGame is built with ExtensiveGame.from_tree(root, players=...), "
            "gt.TreeBuilder(...) or gt.read_game('game.efg')"
        )

    # ----------------------------------------------------------------- construction
    @classmethod
    def _create(
        cls,
        structure: _Structure,
        values: _Values,
        *,
        title: str,
        parameters: tuple[Any, ...],
    ) -> ExtensiveGame:
        self = object.__new__(cls)
        self._s = structure
        self._v = values
        self._title = str(title)
        self._parameters = parameters
        self._hash = None
        #: per-game caches of derived arrays (used by the algorithm modules)
        self._cache = {}
        return self

    @classmethod
    def from_records(
        cls,
        rec: TreeRecords,
        *,
        title: str = "",
        exact: bool | None = None,
        parameters: Sequence[Any] | None = None,
        where: str = "from_tree",
    ) -> ExtensiveGame:
        """Game from :class:`TreeRecords` (the preorder lists the readers and builders produce).

        Raises :class:`GameError` (a :class:`NodeError` naming the node where one is at
        fault) for an inconsistent tree.
        """
        players = tuple(str(p) for p in rec.players)
        if not players:
            raise GameError(f"{where}: a game needs at least one player")
        if len(set(players)) != len(players):
            raise GameError(f"{where}: player names must be distinct, got {list(players)}")
        rec.players = players
        structure = _Structure(rec, where)
        for k, (_, pay) in enumerate(rec.outcomes):
            if len(pay) != len(players):
                nodes = [j for j, o in enumerate(rec.outcome) if o == k]
                raise NodeError(
                    f"{where}: node {nodes[0] if nodes else '?'}: payoffs {list(map(str, pay))} have "
                    f"{len(pay)} entries, expected one per player ({len(players)})",
                    nodes[0] if nodes else 0,
                )
        raw_values: list[Any] = [x for _, pay in rec.outcomes for x in pay]
        for p in rec.probs:
            if p is not None:
                raw_values.extend(p)
        arithmetic = arithmetic_of(raw_values, exact, where)
        params: tuple[Any, ...] = ()
        if parameters is not None:
            from gametheory.symbolic.parameters import check_parameters  # sympy: only when given

            params = check_parameters(parameters, where)
        elif arithmetic == SYMBOLIC:
            params = infer_parameters(raw_values)
        conv = converter(arithmetic, params)
        outcomes: list[tuple[str, tuple[Any, ...]]] = []
        node_of_outcome = {o: k for k, o in enumerate(rec.outcome) if o >= 0}
        for k, (lab, pay) in enumerate(rec.outcomes):
            try:
                outcomes.append((lab, tuple([conv(x, "payoff") for x in pay])))
            except GameError:  # again, naming the node and the payoff
                node = node_of_outcome.get(k, 0)
                for j, x in enumerate(pay):
                    try:
                        conv(x, f"{where}: payoff {j + 1} at node {node}")
                    except GameError as exc:
                        raise NodeError(str(exc), node) from None
                raise  # pragma: no cover - the loop above raises
        chance: dict[int, tuple[Any, ...]] = {}
        for k, p in enumerate(rec.probs):
            if p is not None and rec.kinds[k] == CHANCE:
                try:
                    chance[k] = tuple(conv(x, f"{where}: probability {j + 1} at chance node {k}") for j, x in enumerate(p))
                except GameError as exc:
                    raise NodeError(str(exc), k) from None
        try:
            values = _Values(structure, arithmetic, chance, outcomes, where)
        except NodeError:
            raise
        except GameError as exc:
            node = _node_in_message(str(exc), chance)
            raise NodeError(str(exc), node) from None
        return cls._create(structure, values, title=title, parameters=params)

    @classmethod
    def from_tree(
        cls,
        root: Node | Any,
        players: Sequence[str] | None = None,
        *,
        title: str = "",
        exact: bool | None = None,
        parameters: Sequence[Any] | None = None,
    ) -> ExtensiveGame:
        """Game from a tree of node objects (see :mod:`gametheory.extensive.tree`).

        Parameters
        ----------
        root:
            The root node: :func:`~gametheory.extensive.tree.decision`,
            :func:`~gametheory.extensive.tree.chance` or
            :func:`~gametheory.extensive.tree.terminal` (or a payoff tuple).
        players:
            Player names in order. ``None``: the names used at decision nodes, in order of
            first appearance (a player who never moves must then be listed explicitly).
        exact:
            ``None``: exact when every number is exact, float when one is a float; ``True``
            or ``False`` force exact or float numbers.
        parameters:
            :class:`~gametheory.symbolic.Parameter` objects formulas may use. ``None``:
            formulas (text) are not allowed, and the free symbols of sympy values become
            parameters without bounds.
        """
        rec = to_records(root, players)
        return records_to_game(rec, title=title, exact=exact, parameters=parameters, where="from_tree")

    # ----------------------------------------------------------------- basic data
    @property
    def title(self) -> str:
        return self._title

    @property
    def players(self) -> tuple[str, ...]:
        return self._s.players

    @property
    def num_players(self) -> int:
        return self._s.num_players

    @property
    def num_nodes(self) -> int:
        return self._s.num_nodes

    @property
    def num_infosets(self) -> int:
        return self._s.num_infosets

    @property
    def num_terminals(self) -> int:
        return len(self._s.terminal_nodes)

    @property
    def arithmetic(self) -> str:
        """``"exact"``, ``"float"`` or ``"symbolic"``."""
        return self._v.arithmetic

    @property
    def is_exact(self) -> bool:
        """Whether all numbers are exact rationals (``Fraction``)."""
        return self._v.arithmetic == EXACT

    def is_symbolic(self) -> bool:
        """Whether payoffs or probabilities are sympy expressions (see :meth:`substitute`)."""
        return self._v.arithmetic == SYMBOLIC

    @property
    def parameters(self) -> tuple[Any, ...]:
        """The :class:`~gametheory.symbolic.Parameter` objects of a symbolic game."""
        return self._parameters

    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            try:
                return self._s.players.index(player)
            except ValueError:
                raise GameError(f"unknown player {player!r}; players are {list(self._s.players)}") from None
        if isinstance(player, bool) or not isinstance(player, (int, np.integer)):
            raise GameError(f"player: expected a name or an index, got {player!r}")
        if not 0 <= player < self.num_players:
            raise GameError(f"player index {player} out of range 0..{self.num_players - 1}")
        return int(player)

    # flat arrays (documented in the module docstring)
    node_kind = property(lambda self: self._s.node_kind)
    node_player = property(lambda self: self._s.node_player)
    node_infoset = property(lambda self: self._s.node_infoset)
    node_parent = property(lambda self: self._s.node_parent)
    node_action = property(lambda self: self._s.node_action)
    node_depth = property(lambda self: self._s.node_depth)
    node_outcome = property(lambda self: self._s.node_outcome)
    node_sequences = property(lambda self: self._s.node_sequences)
    node_terminal_index = property(lambda self: self._s.node_terminal_index)
    subtree_end = property(lambda self: self._s.subtree_end)
    child_ptr = property(lambda self: self._s.child_ptr)
    child_ids = property(lambda self: self._s.child_ids)
    terminal_nodes = property(lambda self: self._s.terminal_nodes)
    node_labels = property(lambda self: self._s.node_labels)
    infoset_player = property(lambda self: self._s.infoset_player)
    infoset_actions = property(lambda self: self._s.infoset_actions)
    infoset_labels = property(lambda self: self._s.infoset_labels)
    infoset_names = property(lambda self: self._s.infoset_names)
    infoset_members = property(lambda self: self._s.infoset_members)
    player_infosets = property(lambda self: self._s.player_infosets)
    action_offset = property(lambda self: self._s.action_offset)
    infoset_seq_offset = property(lambda self: self._s.infoset_seq_offset)
    infoset_parent_sequence = property(lambda self: self._s.infoset_parent_sequence)
    num_sequences = property(lambda self: self._s.num_sequences)
    sequence_infoset = property(lambda self: self._s.sequence_infoset)
    sequence_action = property(lambda self: self._s.sequence_action)
    chance_prob = property(lambda self: self._v.chance_prob)
    terminal_payoffs = property(lambda self: self._v.terminal_payoffs)
    outcome_payoffs = property(lambda self: self._v.outcome_payoffs)
    outcome_labels = property(lambda self: self._v.outcome_labels)

    @property
    def root(self) -> int:
        return 0

    def children(self, node: int) -> tuple[int, ...]:
        """Children of ``node`` in action order."""
        n = self._check_node(node)
        return tuple(self._s.child_ids[self._s.child_ptr[n]:self._s.child_ptr[n + 1]].tolist())

    def child(self, node: int, action: int | str) -> int:
        """The node reached from ``node`` by ``action`` (label or index)."""
        n = self._check_node(node)
        acts = self.node_actions(n)
        if isinstance(action, str):
            if action not in acts:
                raise GameError(f"child: node {n} has no action {action!r}; actions are {list(acts)}")
            a = acts.index(action)
        else:
            a = int(action)
            if not 0 <= a < len(acts):
                raise GameError(f"child: action index {a} out of range for node {n}")
        return int(self._s.child_ids[self._s.child_ptr[n] + a])

    def node_actions(self, node: int) -> tuple[str, ...]:
        """Action labels at ``node`` (``()`` at terminal nodes)."""
        n = self._check_node(node)
        kind = self._s.node_kind[n]
        if kind == DECISION:
            return self._s.infoset_actions[self._s.node_infoset[n]]
        if kind == CHANCE:
            return self._s.chance_actions[n]
        return ()

    def chance_probabilities(self, node: int) -> tuple[Any, ...]:
        """Probabilities of the moves at chance node ``node``, in action order."""
        n = self._check_node(node)
        if self._s.node_kind[n] != CHANCE:
            raise GameError(f"chance_probabilities: node {n} is not a chance node")
        return tuple(self._v.chance_prob[c] for c in self.children(n))

    def node_path(self, node: int) -> tuple[str, ...]:
        """Action labels on the path from the root to ``node``."""
        n = self._check_node(node)
        out: list[str] = []
        parent = self._s.node_parent
        while n > 0:
            p = int(parent[n])
            out.append(self.node_actions(p)[self._s.node_action[n]])
            n = p
        return tuple(reversed(out))

    def describe_node(self, node: int) -> str:
        """``"node 5 (challenge/resist)"``: number and path, for messages."""
        path = self.node_path(node)
        return f"node {node} ({'/'.join(path) if path else 'root'})"

    def node_payoffs(self, node: int) -> tuple[Any, ...] | None:
        """Payoffs attached at ``node`` itself (``None``: no outcome there)."""
        n = self._check_node(node)
        o = int(self._s.node_outcome[n])
        return None if o < 0 else self._v.outcome_payoffs[o]

    def terminal_payoff(self, node: int) -> tuple[Any, ...]:
        """Total payoffs at terminal node ``node`` (sum of the outcomes on its path)."""
        n = self._check_node(node)
        t = int(self._s.node_terminal_index[n])
        if t < 0:
            raise GameError(f"terminal_payoff: node {n} is not a terminal node")
        return tuple(self._v.terminal_payoffs[t].tolist())

    def infoset_id(self, infoset: int | str) -> int:
        """Id of an information set given by id or name."""
        if isinstance(infoset, str):
            h = self._s.infoset_index.get(infoset)
            if h is None:
                raise GameError(
                    f"unknown information set {infoset!r}; names are {list(self._s.infoset_names)[:20]}"
                )
            return h
        if isinstance(infoset, bool) or not isinstance(infoset, (int, np.integer)):
            raise GameError(f"information set: expected a name or an id, got {infoset!r}")
        if not 0 <= infoset < self.num_infosets:
            raise GameError(f"information set id {infoset} out of range 0..{self.num_infosets - 1}")
        return int(infoset)

    def infosets(self, player: int | str | None = None) -> tuple[str, ...]:
        """Names of the information sets (of one player, or of all in id order)."""
        if player is None:
            return self._s.infoset_names
        i = self.player_index(player)
        return tuple(self._s.infoset_names[h] for h in self._s.player_infosets[i])

    def _check_node(self, node: Any) -> int:
        if isinstance(node, bool) or not isinstance(node, (int, np.integer)):
            raise GameError(f"node: expected a node number, got {node!r}")
        if not 0 <= node < self.num_nodes:
            raise GameError(f"node {node} out of range 0..{self.num_nodes - 1}")
        return int(node)

    @cached_property
    def chance_reach(self) -> np.ndarray:
        """Product of the chance probabilities on the path to each node."""
        out = top_down_product(self, self._v.chance_prob)
        out.setflags(write=False)
        return out

    @property
    def levels(self) -> tuple[np.ndarray, ...]:
        """Node ids grouped by depth: ``levels[d]`` holds the nodes at depth ``d`` in preorder.

        Within a level the children of one parent are consecutive (used for vectorised
        bottom-up sums with ``np.add.reduceat``).
        """
        got = self._s.cache.get("levels")
        if got is None:
            depth = self._s.node_depth
            order = np.argsort(depth, kind="stable")
            counts = np.bincount(depth)
            got = tuple(np.split(order, np.cumsum(counts)[:-1]))
            self._s.cache["levels"] = got
        return got

    # ----------------------------------------------------------------- properties of the tree
    def is_perfect_information(self) -> bool:
        """Whether every information set has exactly one node."""
        return all(len(m) == 1 for m in self._s.infoset_members)

    def perfect_recall_violation(self) -> str | None:
        """Why the game lacks perfect recall, or ``None`` when it has it.

        Perfect recall: at every node of an information set the player has made the same
        sequence of own moves (same infosets, same actions). It suffices that the last own
        move (infoset, action) agrees at all members, since earlier ones then agree by
        induction; an absent-minded infoset (one member below another) fails this test.
        """
        cache = self._s.cache
        if "perfect_recall" in cache:
            return cache["perfect_recall"]
        s = self._s
        reason: str | None = None
        dec = np.flatnonzero(s.node_kind == DECISION)
        if dec.size:
            first = np.array([m[0] for m in s.infoset_members], dtype=np.int64)
            owner = s.node_player[dec]
            ref = first[s.node_infoset[dec]]
            col = s.node_sequences[dec, owner]
            bad = np.flatnonzero(col != s.node_sequences[ref, owner])
            if bad.size:
                y = int(dec[bad[0]])
                x = int(ref[bad[0]])
                h = int(s.node_infoset[y])
                i = int(s.infoset_player[h])
                reason = (
                    f"information set {s.infoset_names[h]!r} of {self.players[i]!r}: "
                    f"node {x} follows {self._describe_sequence(i, int(s.node_sequences[x, i]))} but node {y} "
                    f"follows {self._describe_sequence(i, int(s.node_sequences[y, i]))}"
                )
        cache["perfect_recall"] = reason
        return reason

    def has_perfect_recall(self) -> bool:
        """Whether every player always remembers their own earlier moves (see
        :meth:`perfect_recall_violation` for the reason when not)."""
        return self.perfect_recall_violation() is None

    def _describe_sequence(self, player: int, seq: int) -> str:
        if seq == 0:
            return f"no earlier move of {self.players[player]!r}"
        h = int(self._s.sequence_infoset[player][seq])
        a = int(self._s.sequence_action[player][seq])
        return f"action {self._s.infoset_actions[h][a]!r} at {self._s.infoset_names[h]!r}"

    def sequence_label(self, player: int | str, seq: int) -> str:
        """``"infoset:action"`` for a sequence (``"∅"`` for the empty sequence)."""
        i = self.player_index(player)
        if not 0 <= seq < self._s.num_sequences[i]:
            raise GameError(f"sequence {seq} of {self.players[i]!r} out of range")
        if seq == 0:
            return "∅"
        h = int(self._s.sequence_infoset[i][seq])
        return f"{self._s.infoset_names[h]}:{self._s.infoset_actions[h][self._s.sequence_action[i][seq]]}"

    def subgame_roots(self) -> tuple[int, ...]:
        """Non-terminal nodes whose subtree is closed under information sets, in preorder.

        Node ``r`` is a subgame root when every information set with a node in the subtree
        of ``r`` has all its nodes there. The root always is one. Computed in one pass from
        the leaves up: the subtree of ``r`` is the range ``[r, subtree_end[r])``, so ``r``
        qualifies when the smallest and largest member of every infoset met in it lie in
        that range.
        """
        s = self._s
        n = s.num_nodes
        big = n + 1
        lo = np.full(n, big, dtype=np.int64)
        hi = np.full(n, -1, dtype=np.int64)
        dec = np.flatnonzero(s.node_kind == DECISION)
        if dec.size:
            first = np.array([m[0] for m in s.infoset_members], dtype=np.int64)
            last = np.array([m[-1] for m in s.infoset_members], dtype=np.int64)
            lo[dec] = first[s.node_infoset[dec]]
            hi[dec] = last[s.node_infoset[dec]]
        lo_l = lo.tolist()
        hi_l = hi.tolist()
        parent = s.node_parent.tolist()
        for k in range(n - 1, 0, -1):
            p = parent[k]
            if lo_l[k] < lo_l[p]:
                lo_l[p] = lo_l[k]
            if hi_l[k] > hi_l[p]:
                hi_l[p] = hi_l[k]
        end = s.subtree_end.tolist()
        kind = s.node_kind.tolist()
        return tuple(
            r for r in range(n) if kind[r] != TERMINAL and lo_l[r] >= r and hi_l[r] < end[r]
        )

    # ----------------------------------------------------------------- arithmetic
    def _with_values(self, arithmetic: str, conv: Any, where: str) -> ExtensiveGame:
        s = self._s
        chance = {
            node: tuple(conv(p, f"{where}: probability at chance node {node}") for p in self.chance_probabilities(node))
            for node in s.chance_actions
        }
        if arithmetic == EXACT and self.arithmetic == FLOAT:
            # A float distribution was accepted within PROBABILITY_TOL (six floats 1/6 sum to
            # 0.9999999999999999); its exact decimals are rescaled to sum to exactly 1, so
            # every method accepts the tree the float methods accept (1/6 comes back exactly).
            for node, probs in chance.items():
                total = sum(probs, Fraction(0))
                if total != 1 and total > 0:
                    chance[node] = tuple(p / total for p in probs)
        outcomes = [
            (lab, tuple(conv(x, f"{where}: payoff of outcome {k + 1}") for x in pay))
            for k, (lab, pay) in enumerate(zip(self._v.outcome_labels, self._v.outcome_payoffs))
        ]
        values = _Values(s, arithmetic, chance, outcomes, where)
        params = self._parameters if arithmetic == SYMBOLIC else ()
        return ExtensiveGame._create(s, values, title=self._title, parameters=params)

    def to_float(self) -> ExtensiveGame:
        """The same game with float numbers."""
        if self.arithmetic == FLOAT:
            return self
        if self.arithmetic == SYMBOLIC:
            raise GameError("to_float: the game is symbolic; use substitute(values) first")

        def conv(v: Any, where: str) -> float:
            f = float(v)
            if not np.isfinite(f):
                raise GameError(f"{where}: {v} is too large for floating point")
            return f

        return self._with_values(FLOAT, conv, "to_float")

    def to_exact(self) -> ExtensiveGame:
        """The same game with exact numbers (floats become the decimals they print as).

        A chance distribution whose float probabilities sum to 1 only within
        :data:`~gametheory._kernel.tolerance.PROBABILITY_TOL` (as six floats ``1/6`` do) is
        divided by its exact sum, so it sums to exactly 1.
        """
        if self.arithmetic == EXACT:
            return self
        if self.arithmetic == SYMBOLIC:
            raise GameError("to_exact: the game is symbolic; use substitute(values) first")
        return self._with_values(EXACT, converter(EXACT), "to_exact")

    def parameter_values(self, values: Mapping[str, Any] | None = None, **kw: Any) -> dict[str, Fraction]:
        """Complete, validated parameter values: the given ones checked, defaults for the rest."""
        from gametheory.symbolic.parameters import resolve_values

        return resolve_values(self._parameters, values, kw)

    def substitute(self, values: Mapping[str, Any] | None = None, **kw: Any) -> ExtensiveGame:
        """The numeric game at the given parameter values (defaults fill in the rest).

        Exact when every payoff and probability evaluates to a rational number, float
        otherwise (e.g. ``sqrt(2)``). A numeric game is returned unchanged (and no values may
        be given).
        """
        if self.arithmetic != SYMBOLIC:
            if values or kw:
                raise GameError("substitute: the game has no parameters")
            return self
        import sympy

        vals = self.parameter_values(values, **kw)
        by_name = {p.name: p for p in self._parameters}
        subs = {by_name[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()}
        text = ", ".join(f"{k}={v}" for k, v in vals.items())
        evaluated: dict[Any, Any] = {}

        def ev(expr: Any, where: str) -> Any:
            got = evaluated.get(expr)
            if got is not None:
                return got
            val = expr.xreplace(subs)
            if val.is_Rational:
                out: Any = Fraction(int(val.p), int(val.q))
            else:
                num = sympy.N(val, 30)
                if not num.is_real or num.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                    raise GameError(f"substitute: {where} = {expr} is not a real number at {text}")
                out = float(num)
            evaluated[expr] = out
            return out

        chance = {
            node: tuple(ev(p, f"probability at chance node {node}") for p in self.chance_probabilities(node))
            for node in self._s.chance_actions
        }
        outcomes = [
            (lab, tuple(ev(x, f"payoff of outcome {k + 1}") for x in pay))
            for k, (lab, pay) in enumerate(zip(self._v.outcome_labels, self._v.outcome_payoffs))
        ]
        allv = [x for _, pay in outcomes for x in pay] + [x for ps in chance.values() for x in ps]
        arithmetic = EXACT if all(isinstance(x, Fraction) for x in allv) else FLOAT
        if arithmetic == FLOAT:
            chance = {k: tuple(map(float, ps)) for k, ps in chance.items()}
            outcomes = [(lab, tuple(map(float, pay))) for lab, pay in outcomes]
        values_ = _Values(self._s, arithmetic, chance, outcomes, f"substitute at {text}")
        return ExtensiveGame._create(self._s, values_, title=self._title, parameters=())

    def tolerance(self, tol: float | None = None) -> float:
        """Absolute tolerance for float comparisons: ``tol`` (default
        :data:`~gametheory._kernel.tolerance.REGRET_TOL`) times max(1, max |payoff|)."""
        base = resolve(tol, REGRET_TOL)
        tp = self._v.terminal_payoffs
        if self.arithmetic == SYMBOLIC or tp.size == 0:
            return base
        if self.arithmetic == EXACT:  # exact comparisons need no tolerance; never convert 10**400
            top = max(abs(v) for v in tp.reshape(-1).tolist())
            return scaled(base, float(top) if top < sys.float_info.max else sys.float_info.max)
        return scaled(base, float(np.max(np.abs(tp.astype(np.float64)))))

    def with_title(self, title: str) -> ExtensiveGame:
        return ExtensiveGame._create(self._s, self._v, title=title, parameters=self._parameters)

    # ----------------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        if self is other:
            return True
        a, b = self._v, other._v
        return (
            a.arithmetic == b.arithmetic
            and self._s.structure_key() == other._s.structure_key()
            and bool(np.all(a.chance_prob == b.chance_prob))
            and a.terminal_payoffs.shape == b.terminal_payoffs.shape
            and bool(np.all(a.terminal_payoffs == b.terminal_payoffs))
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(
                (self._s.structure_key(), self._v.arithmetic, tuple(self._v.terminal_payoffs.reshape(-1).tolist()))
            )
        return self._hash

    def __repr__(self) -> str:
        title = f" {self._title!r}" if self._title else ""
        return (
            f"<ExtensiveGame{title} {self.num_nodes} nodes, {self.num_infosets} infosets, "
            f"players {list(self.players)}, {self.arithmetic}>"
        )

    # ----------------------------------------------------------------- notebook display
    def _display_tree(self) -> tuple[str, list[tuple[str, Any]]]:
        """The tree as ``(label, [(edge, child), ...])`` for :func:`~gametheory._kernel.display.nested_list_html`."""
        from gametheory._kernel.display import MAX_CELLS, value_text

        budget = [MAX_CELLS]

        def build(n: int) -> tuple[str, list[tuple[str, Any]]]:
            budget[0] -= 1
            kind = self._s.node_kind[n]
            if kind == TERMINAL:
                pays = ", ".join(value_text(v) for v in self.terminal_payoff(n))
                return f"({pays})", []
            if kind == CHANCE:
                label = "chance"
                edges = [f"{a} ({value_text(p)})" for a, p in zip(self.node_actions(n), self.chance_probabilities(n))]
            else:
                h = int(self._s.node_infoset[n])
                label = f"{self.players[int(self._s.node_player[n])]} [{self.infoset_names[h]}]"
                edges = list(self.node_actions(n))
            out: list[tuple[str, Any]] = []
            for edge, c in zip(edges, self.children(n)):
                if budget[0] <= 0:
                    out.append(("...", ("(not shown)", [])))
                    break
                out.append((edge, build(c)))
            return label, out

        return build(self.root)

    def _repr_html_(self) -> str:
        """The tree as nested lists: who moves (and in which information set), the actions
        (chance probabilities beside them), total payoffs at the leaves."""
        from gametheory._kernel.display import escape, nested_list_html

        head = f"{self._title + ': ' if self._title else ''}{self.num_nodes} nodes, players {', '.join(self.players)}, {self.arithmetic}"
        return f"<div><b>{escape(head)}</b>{nested_list_html(self._display_tree())}</div>"

    def _repr_markdown_(self) -> str:
        """The tree of :meth:`_repr_html_` as a nested Markdown list."""
        lines: list[str] = [f"**{self._title or 'game tree'}** ({self.num_nodes} nodes, {self.arithmetic})", ""]

        def walk(node: tuple[str, list[tuple[str, Any]]], depth: int) -> None:
            label, edges = node
            for edge, child in edges:
                lines.append("  " * depth + f"- *{edge}* -> {child[0]}")
                walk(child, depth + 1)

        tree = self._display_tree()
        lines.append(f"{tree[0]}")
        walk(tree, 0)
        return "\n".join(lines)

    # ----------------------------------------------------------------- conversions
    def to_normal_form(self, reduced: bool = True) -> NormalFormGame | SymbolicGame:
        """The (reduced) normal form: see :func:`gametheory.extensive.reduced.to_normal_form`."""
        return to_normal_form(self, reduced=reduced)

    def reduced_strategies(self, player: int | str) -> tuple[dict[str, str], ...]:
        """Reduced pure strategies of ``player`` as ``{infoset name: action}`` (see
        :mod:`gametheory.extensive.reduced`)."""
        i = self.player_index(player)
        return tuple(
            {self._s.infoset_names[h]: self._s.infoset_actions[h][a] for h, a in s.items()}
            for s in reduced_strategies(self, i)
        )

    # ----------------------------------------------------------------- behaviour strategies
    def behavior_profile(self, data: Any) -> BehaviorProfile:
        """Check a behaviour profile (see :func:`gametheory.extensive.behavior.behavior_profile`)."""
        return behavior_profile(self, data)

    def uniform_behavior(self) -> BehaviorProfile:
        """Every action of every information set with equal probability."""
        return uniform_behavior(self)

    def realization_probabilities(self, profile: Any) -> np.ndarray:
        """Probability of reaching each node under a behaviour profile."""
        return realization_probabilities(self, profile)

    def expected_payoffs(self, profile: Any) -> tuple[Any, ...]:
        """Expected payoff of each player under a behaviour profile."""
        return expected_payoffs(self, profile)

    def agent_regrets(self, profile: Any) -> dict[str, Any]:
        """Agent-form regret at every information set (see :mod:`gametheory.extensive.behavior`)."""
        return agent_regrets(self, profile)

    def regrets(self, profile: Any) -> tuple[Any, ...]:
        """Strategic regret of each player (best response over all their strategies)."""
        return strategic_regrets(self, profile)

    def max_regret(self, profile: Any) -> Any:
        """Largest strategic regret; 0 at a Nash equilibrium (needs perfect recall)."""
        return max(self.regrets(profile))

    def is_nash(self, profile: Any, tol: float | None = None) -> bool:
        """Whether a behaviour profile is a Nash equilibrium (exactly, or within ``tol``)."""
        r = self.max_regret(profile)
        if isinstance(r, Fraction):
            return r == 0
        return float(r) <= self.tolerance(tol)

    def best_response(self, profile: Any, player: int | str) -> dict[str, str]:
        """A pure best response of ``player`` to ``profile``: ``{infoset name: action}``."""
        return best_response(self, profile, player)


def _node_in_message(message: str, chance: Mapping[int, Any]) -> int:
    for node in chance:
        if f"chance node {node}:" in message:
            return node
    return 0


__all__ = [
    "CHANCE",
    "DECISION",
    "TERMINAL",
    "ExtensiveGame",
    "NodeError",
    "TreeRecords",
]


def records_to_game(rec: TreeRecords, *, where: str, **kwargs: Any) -> ExtensiveGame:
    """:meth:`ExtensiveGame.from_records`, with the path of the offending node in errors."""
    try:
        return ExtensiveGame.from_records(rec, where=where, **kwargs)
    except NodeError as exc:
        raise GameError(f"{exc} (at {record_path(rec, exc.node)})") from None
