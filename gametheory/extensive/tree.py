"""Writing a game tree: node constructors (from :mod:`~gametheory.extensive.nodes`) and
:class:`TreeBuilder`, which fills branches by chained calls.

>>> import gametheory as gt
>>> from gametheory.extensive.tree import decision, terminal   # also gt.tree.decision, ...
>>> root = decision("Entrant", {
...     "enter": decision("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
...     "stay out": (0, 2),
... })
>>> g = gt.ExtensiveGame.from_tree(root, title="Entry deterrence")
>>> g
<ExtensiveGame 'Entry deterrence' 5 nodes, 2 infosets, players ['Entrant', 'Incumbent'], exact>

See :mod:`gametheory.extensive.nodes` for what a subtree may be.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame, records_to_game
from gametheory.extensive.nodes import (
    Chance,
    Decision,
    Node,
    Terminal,
    _check_subtree,
    _Players,
    chance,
    count_open,
    decision,
    record_path,
    terminal,
    to_records,
)

__all__ = ["Chance", "Decision", "Node", "Terminal", "TreeBuilder", "chance", "decision", "terminal"]

#: Kept importable from here (the JSON tree reader and older code use these paths).
_REEXPORTED = (count_open, record_path, records_to_game, to_records)


class TreeBuilder:
    """Build a game by chained calls; ``...`` marks a branch that a later call fills.

    Each call (:meth:`decision`, :meth:`chance`, :meth:`terminal`, :meth:`subtree`) fills the
    first open branch in depth-first order (the root first; then the open branches of the
    node just added, in action order; then the remaining ones):

    >>> import gametheory as gt
    >>> g = (gt.TreeBuilder(players=["Russia", "Europe"], title="Deterrence")
    ...      .decision("Russia", {"challenge": ..., "status quo": (0, 0)})
    ...      .decision("Europe", {"resist": (-2, -1), "concede": (1, -1)})
    ...      .build())
    >>> g.node_path(3)
    ('challenge', 'concede')
    """

    def __init__(
        self,
        players: Sequence[str] | None = None,
        *,
        title: str = "",
        parameters: Sequence[Any] | None = None,
        exact: bool | None = None,
    ) -> None:
        if players is not None:
            _Players(players)
        self._players = None if players is None else list(players)
        self._title = title
        self._parameters = parameters
        self._exact = exact
        self._fills: list[Any] = []
        self._open = 1

    @property
    def open_branches(self) -> int:
        """How many branches are still open."""
        return self._open

    def subtree(self, node: Any) -> TreeBuilder:
        """Fill the next open branch with ``node`` (a node object or payoff tuple; may contain ``...``)."""
        if self._open == 0:
            raise GameError("TreeBuilder: the tree is complete; no open branch left to fill")
        if node is Ellipsis:
            raise GameError("TreeBuilder.subtree: give a node, not ...")
        node = _check_subtree(node, "TreeBuilder.subtree", "next")
        self._fills.append(node)
        self._open += count_open(node) - 1
        return self

    def decision(
        self,
        player: str | int,
        actions: Mapping[str, Any] | Sequence[tuple[str, Any]],
        *,
        infoset: Hashable = None,
        label: str = "",
        payoffs: Sequence[Any] | Mapping[Any, Any] | None = None,
    ) -> TreeBuilder:
        """Fill the next open branch with a decision node (see :func:`decision`)."""
        return self.subtree(decision(player, actions, infoset=infoset, label=label, payoffs=payoffs))

    def chance(
        self,
        moves: Mapping[str, tuple[Any, Any]] | Sequence[tuple[str, Any, Any]],
        *,
        label: str = "",
        payoffs: Sequence[Any] | Mapping[Any, Any] | None = None,
    ) -> TreeBuilder:
        """Fill the next open branch with a chance node (see :func:`chance`)."""
        return self.subtree(chance(moves, label=label, payoffs=payoffs))

    def terminal(self, *payoffs: Any, label: str = "") -> TreeBuilder:
        """Fill the next open branch with a terminal node (see :func:`terminal`)."""
        return self.subtree(terminal(*payoffs, label=label))

    def build(self) -> ExtensiveGame:
        """The game (every branch must be filled)."""
        if self._open:
            raise GameError(
                f"TreeBuilder.build: {self._open} branch(es) still open; fill them with "
                ".decision(...), .chance(...) or .terminal(...)"
            )
        fills = iter(self._fills)
        root = next(fills)
        rec = to_records(root, self._players, fills)
        return records_to_game(rec, title=self._title, exact=self._exact, parameters=self._parameters,
                               where="TreeBuilder")
