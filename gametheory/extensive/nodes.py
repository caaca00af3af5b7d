"""Node constructors for writing a game tree the way it reads on paper.

>>> import gametheory as gt
>>> from gametheory.extensive.tree import decision, terminal   # also gt.tree.decision, ...
>>> root = decision("Entrant", {
...     "enter": decision("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
...     "stay out": (0, 2),
... })
>>> g = gt.ExtensiveGame.from_tree(root, title="Entry deterrence")
>>> g
<ExtensiveGame 'Entry deterrence' 5 nodes, 2 infosets, players ['Entrant', 'Incumbent'], exact>

A *subtree* (the value of an action) is a node made by :func:`decision`, :func:`chance` or
:func:`terminal`, or a shorthand for a terminal node: a sequence of payoffs (one per player,
in player order) or a mapping ``{player: payoff}``. Payoffs and probabilities are numbers,
numeric text (``"2/3"``), formula text in declared parameters (``"v - c"``) or sympy
expressions.

Nodes are immutable and may be shared: a node object used twice is copied into both places.
Nothing here recurses over the tree, so trees with millions of nodes or depth 10^5 can be
written (build deep trees bottom-up in a loop, as :func:`gametheory.extensive.examples.centipede`
does).

:class:`~gametheory.extensive.tree.TreeBuilder` offers the same in a chained style: ``...``
marks a branch that the next call fills (branches are filled depth first, in action order).
The usual import path of these constructors is :mod:`gametheory.extensive.tree`, which
re-exports them beside the builder.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.structure import (
    CHANCE,
    DECISION,
    MAX_NODES,
    TERMINAL,
    TreeRecords,
)

__all__ = ["Chance", "Decision", "Node", "Terminal", "chance", "decision", "terminal"]


@dataclass(frozen=True, eq=False, repr=False)
class Node:
    """Base of the node types (compare by identity; ``repr`` shows one level only)."""

    label: str
    #: payoffs attached at this node (one per player, or ``{player: payoff}``); ``None``: none
    payoffs: Sequence[Any] | Mapping[Any, Any] | None


@dataclass(frozen=True, eq=False, repr=False)
class Terminal(Node):
    """A terminal node with its payoffs."""

    def __repr__(self) -> str:
        return f"terminal({_payoff_text(self.payoffs)})"


@dataclass(frozen=True, eq=False, repr=False)
class Decision(Node):
    """A decision node of ``player`` (a name, or an index into the game's players)."""

    player: str | int
    actions: tuple[str, ...]
    children: tuple[Any, ...]
    infoset: Hashable

    def __repr__(self) -> str:
        extra = f", infoset={self.infoset!r}" if self.infoset is not None else ""
        return f"decision({self.player!r}, {list(self.actions)}{extra})"


@dataclass(frozen=True, eq=False, repr=False)
class Chance(Node):
    """A chance node: ``probs[k]`` is the probability of ``actions[k]``."""

    actions: tuple[str, ...]
    probs: tuple[Any, ...]
    children: tuple[Any, ...]

    def __repr__(self) -> str:
        moves = ", ".join(f"{a!r}: {p}" for a, p in zip(self.actions, self.probs))
        return f"chance({{{moves}}})"


def _payoff_text(p: Any) -> str:
    if isinstance(p, Mapping):
        return "{" + ", ".join(f"{k!r}: {v}" for k, v in p.items()) + "}"
    return "(" + ", ".join(str(x) for x in p) + ")" if p is not None else "None"


def _check_label(label: Any, func: str, what: str = "label") -> str:
    if not isinstance(label, str):
        raise GameError(f"{func}: {what} must be a string, got {label!r}")
    return label


def _check_payoffs(payoffs: Any, func: str) -> Sequence[Any] | Mapping[Any, Any]:
    if type(payoffs) is tuple and payoffs:
        return payoffs
    if isinstance(payoffs, Mapping):
        return dict(payoffs)
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence):
        raise GameError(
            f"{func}: payoffs must be a sequence (one per player) or a mapping {{player: payoff}}, "
            f"got {payoffs!r}"
        )
    if len(payoffs) == 0:
        raise GameError(f"{func}: payoffs are empty (give one per player)")
    return tuple(payoffs)


def _check_subtree(obj: Any, func: str, action: str) -> Any:
    t = type(obj)
    if t is Decision or t is Terminal or t is Chance or obj is Ellipsis:
        return obj
    if t is tuple or t is list:
        return terminal(obj)
    if isinstance(obj, Node):
        return obj
    if isinstance(obj, Mapping) or (isinstance(obj, Sequence) and not isinstance(obj, (str, bytes))):
        return terminal(obj)
    raise GameError(
        f"{func}: the subtree of action {action!r} must be a node (decision/chance/terminal), a "
        f"payoff tuple or ..., got {obj!r}"
    )


def terminal(*payoffs: Any, label: str = "") -> Terminal:
    """A terminal node: ``terminal(2, -1)``, ``terminal([2, -1])`` or ``terminal({"A": 2, "B": -1})``."""
    if len(payoffs) == 1 and (
        type(payoffs[0]) is tuple
        or type(payoffs[0]) is list
        or isinstance(payoffs[0], Mapping)
        or (isinstance(payoffs[0], Sequence) and not isinstance(payoffs[0], (str, bytes)))
    ):
        pay = _check_payoffs(payoffs[0], "terminal")
    else:
        pay = _check_payoffs(payoffs, "terminal")
    return Terminal(_check_label(label, "terminal"), pay)


def _moves(actions: Any, func: str) -> list[tuple[str, Any]]:
    if type(actions) is dict or isinstance(actions, Mapping):
        items = list(actions.items())
    elif isinstance(actions, Sequence) and not isinstance(actions, (str, bytes)):
        items = []
        for k, it in enumerate(actions):
            if not isinstance(it, (tuple, list)) or len(it) < 2:
                raise GameError(f"{func}: actions[{k}] must be an (action, subtree) pair, got {it!r}")
            items.append((it[0], tuple(it[1:]) if len(it) > 2 else it[1]))
    else:
        raise GameError(f"{func}: actions must be a mapping {{action: subtree}}, got {actions!r}")
    if not items:
        raise GameError(f"{func}: a node needs at least one action")
    labels = [a for a, _ in items]
    for a in labels:
        if type(a) is not str and not isinstance(a, str):
            raise GameError(f"{func}: action labels must be strings, got {a!r}")
    if len(set(labels)) != len(labels):
        dup = sorted({a for a in labels if labels.count(a) > 1})
        raise GameError(f"{func}: action {dup[0]!r} appears twice")
    return items


def decision(
    player: str | int,
    actions: Mapping[str, Any] | Sequence[tuple[str, Any]],
    *,
    infoset: Hashable = None,
    label: str = "",
    payoffs: Sequence[Any] | Mapping[Any, Any] | None = None,
) -> Decision:
    """A decision node of ``player`` with ``{action: subtree}``.

    ``infoset``: nodes of the same player with the same (hashable) ``infoset`` key form one
    information set and must have the same action labels; ``None`` (default): an information
    set of its own. A string key is also the infoset's label (and, when unique, its name);
    other keys (e.g. numbers) leave it unlabelled, named ``"<player>:<k>"``. ``payoffs``:
    payoffs attached at this node, added to those below it.
    """
    if type(player) is not str and (isinstance(player, bool) or not isinstance(player, (str, int))):
        raise GameError(f"decision: player must be a name or an index, got {player!r}")
    if infoset is not None and type(infoset) is not str:
        try:
            hash(infoset)
        except TypeError:
            raise GameError(f"decision: infoset must be hashable (e.g. a string), got {infoset!r}") from None
    items = _moves(actions, "decision")
    children = tuple(_check_subtree(sub, "decision", a) for a, sub in items)
    pay = None if payoffs is None else _check_payoffs(payoffs, "decision")
    return Decision(
        _check_label(label, "decision"), pay, player, tuple(a for a, _ in items), children, infoset
    )


def chance(
    moves: Mapping[str, tuple[Any, Any]] | Sequence[tuple[str, Any, Any]],
    *,
    label: str = "",
    payoffs: Sequence[Any] | Mapping[Any, Any] | None = None,
) -> Chance:
    """A chance node with ``{action: (probability, subtree)}``.

    Probabilities must be nonnegative and sum to 1 (checked when the game is built; formulas
    are checked as far as sympy can decide).
    """
    items = _moves(moves, "chance")
    probs: list[Any] = []
    children: list[Any] = []
    for a, val in items:
        if not isinstance(val, (tuple, list)) or len(val) != 2:
            raise GameError(f"chance: move {a!r} must be a (probability, subtree) pair, got {val!r}")
        probs.append(val[0])
        children.append(_check_subtree(val[1], "chance", a))
    pay = None if payoffs is None else _check_payoffs(payoffs, "chance")
    return Chance(_check_label(label, "chance"), pay, tuple(a for a, _ in items), tuple(probs), tuple(children))


# --------------------------------------------------------------------------- flattening
class _Players:
    def __init__(self, players: Sequence[str] | None) -> None:
        self.fixed = players is not None
        if players is not None:
            if isinstance(players, str) or not isinstance(players, Sequence):
                raise GameError(f"players: expected a list of names, got {players!r}")
            for p in players:
                if not isinstance(p, str):
                    raise GameError(f"players: names must be strings, got {p!r}")
            if len(set(players)) != len(players):
                raise GameError(f"players: names must be distinct, got {list(players)}")
        self.names: list[str] = list(players or [])
        self.index = {p: k for k, p in enumerate(self.names)}

    def lookup(self, player: str | int, where_: Callable[[], str]) -> int:
        if isinstance(player, int):
            if not self.fixed:
                raise GameError(f"{where_()}: player index {player} needs players=[...] to be given")
            if not 0 <= player < len(self.names):
                raise GameError(f"{where_()}: player index {player} out of range 0..{len(self.names) - 1}")
            return player
        k = self.index.get(player)
        if k is None:
            if self.fixed:
                raise GameError(f"{where_()}: unknown player {player!r}; players are {self.names}")
            k = len(self.names)
            self.names.append(player)
            self.index[player] = k
        return k


class _Where:
    """Deferred text of a node's path for error messages (computing it is O(depth))."""

    def __init__(self, path: Callable[[int, str | None], str], par: int, action: str) -> None:
        self.args = (path, par, action)

    def __call__(self) -> str:
        path, par, action = self.args
        return f"from_tree: node {path(par, action)!r}"


def to_records(root: Any, players: Sequence[str] | None, fills: Iterator[Any] | None = None) -> TreeRecords:
    """Flatten a tree of node objects into :class:`TreeRecords` (preorder), iteratively.

    ``fills``: subtrees that replace the ``...`` branches in preorder (used by
    :class:`TreeBuilder`); without it an open branch is an error.
    """
    pl = _Players(players)
    rec = TreeRecords(players=())
    parent: list[int] = []
    via: list[str] = []
    payoff_specs: list[tuple[int, Any]] = []  # (outcome index, raw payoffs)

    def path(par: int, action: str | None) -> str:
        labels = [] if action is None else [action]
        while par >= 0:
            if via[par]:
                labels.append(via[par])
            par = parent[par]
        return "/".join(reversed([x for x in labels if x is not None])) or "root"

    stack: list[tuple[Any, int, str]] = [(root, -1, "")]
    while stack:
        obj, par, action = stack.pop()
        k = len(rec.kinds)
        if k >= MAX_NODES:
            raise GameSizeError(f"from_tree: the tree has more than {MAX_NODES:,} nodes")
        if obj is Ellipsis:
            nxt = next(fills, None) if fills is not None else None
            if nxt is None:
                raise GameError(
                    f"from_tree: the branch {path(par, action)!r} is open (...); fill it with a "
                    "node or use TreeBuilder"
                )
            obj = nxt
        tobj = type(obj)
        if tobj is not Decision and tobj is not Terminal and tobj is not Chance and not isinstance(obj, Node):
            obj = _check_subtree(obj, "from_tree", action or "root")
        parent.append(par)
        via.append(action)
        out = -1
        if obj.payoffs is not None:
            out = rec.add_outcome(())
            payoff_specs.append((out, obj.payoffs))
        if isinstance(obj, Terminal):
            rec.add(TERMINAL, outcome=out, label=obj.label)
            continue
        if isinstance(obj, Decision):
            i = pl.index.get(obj.player, -1) if type(obj.player) is str else -1
            if i < 0:
                i = pl.lookup(obj.player, _Where(path, par, action))
            key = None if obj.infoset is None else obj.infoset
            if key is not None:
                rec.infoset_labels.setdefault((i, key), key if isinstance(key, str) else "")
            rec.add(DECISION, player=i, infoset=key, actions=obj.actions, outcome=out, label=obj.label)
        elif isinstance(obj, Chance):
            rec.add(CHANCE, actions=obj.actions, probs=obj.probs, outcome=out, label=obj.label)
        else:  # pragma: no cover - Node subclasses are the three above
            raise GameError(f"from_tree: unknown node type {type(obj).__name__}")
        for a, child in zip(reversed(obj.actions), reversed(obj.children)):
            stack.append((child, k, a))
    rec.players = tuple(pl.names)
    nplayers = len(pl.names)
    node_of_outcome = {o: k for k, o in enumerate(rec.outcome) if o >= 0}
    for o, spec in payoff_specs:
        node = node_of_outcome[o]

        def where(node: int = node) -> str:
            return f"from_tree: payoffs at node {path(parent[node], via[node] or None)!r}"

        if type(spec) is not tuple and isinstance(spec, Mapping):
            unknown = [p for p in spec if p not in pl.index]
            if unknown:
                raise GameError(f"{where()}: unknown player {unknown[0]!r}; players are {pl.names}")
            missing = [p for p in pl.names if p not in spec]
            if missing:
                raise GameError(f"{where()}: no payoff for player {missing[0]!r}")
            vals = tuple(spec[p] for p in pl.names)
        else:
            vals = tuple(spec)
            if len(vals) != nplayers:
                if not pl.fixed and len(vals) > nplayers:
                    raise GameError(
                        f"{where()}: {len(vals)} payoffs given, but only {nplayers} player(s) move "
                        f"({', '.join(map(repr, pl.names)) or 'none'}); give players=[...] to list them all"
                    )
                raise GameError(f"{where()}: {len(vals)} payoffs given, expected one per player ({nplayers}: {pl.names})")
        rec.outcomes[o] = ("", vals)
    return rec


def count_open(node: Any) -> int:
    """Number of ``...`` branches in a subtree (shared nodes counted once per occurrence)."""
    if node is Ellipsis:
        return 1
    if not isinstance(node, Node):
        return 0
    memo: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        obj, done = stack.pop()
        if not isinstance(obj, (Decision, Chance)) or id(obj) in memo:
            continue
        if done:
            memo[id(obj)] = sum(
                1 if c is Ellipsis else memo.get(id(c), 0) for c in obj.children
            )
        else:
            stack.append((obj, True))
            stack.extend((c, False) for c in obj.children if isinstance(c, (Decision, Chance)))
    return memo.get(id(node), 0)


def record_path(rec: TreeRecords, node: int) -> str:
    """Action labels from the root to ``node`` of preorder records (for messages)."""
    node = min(node, len(rec.kinds) - 1)
    parent = [-1] * (node + 1)
    act = [-1] * (node + 1)
    stack: list[list[int]] = []
    for k in range(node + 1):
        if k:
            if not stack:
                return "outside the tree"
            top = stack[-1]
            parent[k], act[k] = top[0], top[1]
            top[1] += 1
            if top[1] == len(rec.actions[top[0]]):
                stack.pop()
        if rec.actions[k]:
            stack.append([k, 0])
    labels: list[str] = []
    n = node
    while n > 0:
        p = parent[n]
        labels.append(rec.actions[p][act[n]])
        n = p
    return "/".join(reversed(labels)) or "root"
