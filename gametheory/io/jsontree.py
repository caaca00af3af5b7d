"""JSON documents for game trees (``"format": "gametheory.efg/1"``).

A tree document is a JSON game document (``docs/json-schema.md``) with a ``"tree"`` key::

    {"format": "gametheory.efg/1",
     "title": "Entry deterrence",
     "players": ["Entrant", "Incumbent"],
     "parameters": [{"name": "c", "default": 2, "lower": 0}],      <- optional
     "tree": {"player": "Entrant", "actions": {
        "enter": {"player": "Incumbent", "actions": {
            "fight": ["-c", "-1"],
            "accommodate": [1, 1]}},
        "stay out": [0, 2]}}}

Nodes:

* **terminal**: a list of payoffs (one per player), or ``{"payoffs": [...], "label": "..."}``;
  payoffs may also be an object ``{player: payoff}``;
* **decision**: ``{"player": NAME, "actions": {ACTION: NODE, ...}}`` with optional
  ``"infoset"`` (nodes of one player with the same infoset name form one information set),
  ``"label"`` and ``"payoffs"`` (attached at this node, added to the payoffs below);
* **chance**: ``{"chance": {ACTION: PROBABILITY, ...}, "actions": {ACTION: NODE, ...}}`` (the
  same actions in both), optional ``"label"`` and ``"payoffs"``.

Numbers follow the JSON game format: integers and numeric strings (``"2/3"``) are exact, JSON
floats make a float game; other strings are formulas in the declared ``"parameters"`` (as in
the symbolic spec), parsed by the whitelisting parser. The reader walks the document without
recursion; Python's JSON decoder itself limits nesting to about 1000 levels (use ``.efg`` for
deeper trees).
"""

from __future__ import annotations

import json
from typing import Any

from gametheory.errors import GameError, GameFormatError, GameSizeError
from gametheory.extensive.game import CHANCE, DECISION, ExtensiveGame
from gametheory.extensive.tree import Node, chance, decision, records_to_game, terminal, to_records
from gametheory.io.json_common import file_value, parameter_from_json, parameter_to_json

__all__ = ["TREE_FORMAT_ID", "dumps_tree_json", "is_tree_document", "tree_from_document"]

#: Value of the ``"format"`` key of tree documents.
TREE_FORMAT_ID = "gametheory.efg/1"

_DOC_KEYS = {"format", "title", "players", "parameters", "tree"}
_DECISION_KEYS = {"player", "actions", "infoset", "label", "payoffs"}
_CHANCE_KEYS = {"chance", "actions", "label", "payoffs"}
_TERMINAL_KEYS = {"payoffs", "label"}


def is_tree_document(doc: Any) -> bool:
    return isinstance(doc, dict) and ("tree" in doc or doc.get("format") == TREE_FORMAT_ID)


def _value(v: Any, path: str, source: str) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise GameFormatError(f"{path}: expected a number or a formula, got {json.dumps(v)[:40]}", source)
    return v


def _payoffs(v: Any, path: str, source: str) -> Any:
    if isinstance(v, list):
        if not v:
            raise GameFormatError(f"{path}: empty payoff list", source)
        return [_value(x, f"{path}[{k}]", source) for k, x in enumerate(v)]
    if isinstance(v, dict):
        return {k: _value(x, f"{path}.{k}", source) for k, x in v.items()}
    raise GameFormatError(f"{path}: payoffs must be a list or an object {{player: payoff}}", source)


def _build(tree: Any, source: str) -> Node:
    """JSON node tree -> node objects, children first, with an explicit stack."""
    built: dict[int, Node] = {}
    stack: list[tuple[Any, str, bool]] = [(tree, "tree", False)]
    while stack:
        obj, path, expanded = stack.pop()
        if isinstance(obj, list):
            built[id(obj)] = terminal(_payoffs(obj, path, source))
            continue
        if not isinstance(obj, dict):
            raise GameFormatError(
                f"{path}: a node must be an object (decision/chance) or a payoff list, got {json.dumps(obj)[:40]}",
                source,
            )
        if "actions" not in obj:
            unknown = set(obj) - _TERMINAL_KEYS
            if unknown:
                raise GameFormatError(
                    f"{path}: unknown key(s) {sorted(unknown)} (a decision node needs \"player\" and "
                    f"\"actions\"; a terminal node has {sorted(_TERMINAL_KEYS)})",
                    source,
                )
            if "payoffs" not in obj:
                raise GameFormatError(f'{path}: a terminal node needs "payoffs"', source)
            label = obj.get("label", "")
            if not isinstance(label, str):
                raise GameFormatError(f"{path}.label: expected a string", source)
            built[id(obj)] = terminal(_payoffs(obj["payoffs"], f"{path}.payoffs", source), label=label)
            continue
        is_chance = "chance" in obj
        allowed = _CHANCE_KEYS if is_chance else _DECISION_KEYS
        unknown = set(obj) - allowed
        if unknown:
            raise GameFormatError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}", source)
        actions = obj["actions"]
        if not isinstance(actions, dict) or not actions:
            raise GameFormatError(f"{path}.actions: expected a non-empty object {{action: node}}", source)
        if not expanded:
            stack.append((obj, path, True))
            for label_, child in reversed(list(actions.items())):
                stack.append((child, f"{path}.actions[{json.dumps(label_, ensure_ascii=False)}]", False))
            continue
        label = obj.get("label", "")
        if not isinstance(label, str):
            raise GameFormatError(f"{path}.label: expected a string", source)
        pay = _payoffs(obj["payoffs"], f"{path}.payoffs", source) if obj.get("payoffs") is not None else None
        kids = {a: built.pop(id(c)) for a, c in actions.items()}
        try:
            if is_chance:
                probs = obj["chance"]
                if not isinstance(probs, dict) or list(probs) != list(actions):
                    raise GameFormatError(
                        f"{path}.chance: expected an object with the probability of each action "
                        f"{list(actions)}, in the same order",
                        source,
                    )
                moves = {a: (_value(probs[a], f"{path}.chance.{a}", source), kids[a]) for a in actions}
                built[id(obj)] = chance(moves, label=label, payoffs=pay)
            else:
                if "player" not in obj:
                    raise GameFormatError(f'{path}: a decision node needs "player"', source)
                player = obj["player"]
                if not isinstance(player, str):
                    raise GameFormatError(f"{path}.player: expected a player name", source)
                infoset = obj.get("infoset")
                if infoset is not None and not isinstance(infoset, str):
                    raise GameFormatError(f"{path}.infoset: expected a string", source)
                built[id(obj)] = decision(player, kids, infoset=infoset, label=label, payoffs=pay)
        except GameFormatError:
            raise
        except GameError as exc:
            raise GameFormatError(f"{path}: {exc}", source) from None
    return built[id(tree)]


def tree_from_document(doc: dict[str, Any], *, source: str = "<string>", exact: bool | None = None) -> ExtensiveGame:
    """The game of a decoded JSON tree document."""
    fmt = doc.get("format", TREE_FORMAT_ID)
    if fmt != TREE_FORMAT_ID:
        raise GameFormatError(f'a "tree" document needs "format": "{TREE_FORMAT_ID}", got {json.dumps(fmt)[:60]}', source)
    unknown = set(doc) - _DOC_KEYS
    if unknown:
        raise GameFormatError(f"unknown key(s) {sorted(unknown)}; allowed keys are {sorted(_DOC_KEYS)}", source)
    if "tree" not in doc:
        raise GameFormatError('missing "tree" (the root node)', source)
    title = doc.get("title", "")
    if not isinstance(title, str):
        raise GameFormatError('"title" must be a string', source)
    players = doc.get("players")
    if players is not None:
        if not isinstance(players, list) or not all(isinstance(p, str) for p in players):
            raise GameFormatError('"players" must be a list of names', source)
    params = None
    if "parameters" in doc:
        specs = doc["parameters"]
        if not isinstance(specs, list):
            raise GameFormatError('"parameters" must be a list of objects', source)
        params = [parameter_from_json(p, k, source) for k, p in enumerate(specs)]
    root = _build(doc["tree"], source)
    try:
        rec = to_records(root, players)
        return records_to_game(rec, title=title, exact=exact, parameters=params, where="tree")
    except (GameFormatError, GameSizeError):
        raise
    except GameError as exc:
        raise GameFormatError(str(exc), source) from None


# --------------------------------------------------------------------------- writing
#: Indentation stops growing below this depth (keeps deep trees' files linear in size).
_MAX_INDENT_DEPTH = 40


def dumps_tree_json(game: ExtensiveGame, *, indent: int = 2) -> str:
    """Text of ``game`` as a JSON tree document (one line per node, written without recursion)."""
    if not isinstance(game, ExtensiveGame):
        raise TypeError(f"dumps_tree_json: expected an ExtensiveGame, got {type(game).__name__}")

    def dumps(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    pad = " " * indent
    lines = [
        "{",
        f'{pad}"format": {dumps(TREE_FORMAT_ID)},',
        f'{pad}"title": {dumps(game.title)},',
        f'{pad}"players": {dumps(list(game.players))},',
    ]
    if game.parameters:
        lines.append(f'{pad}"parameters": [')
        lines.append(",\n".join(pad * 2 + dumps(parameter_to_json(p)) for p in game.parameters))
        lines.append(f"{pad}],")
    kinds = game.node_kind.tolist()
    outs = game.node_outcome.tolist()
    infos = game.node_infoset.tolist()
    parent = game.node_parent.tolist()
    action = game.node_action.tolist()
    labels = game.node_labels
    zero = [0] * game.num_players
    stack: list[int] = []
    for k in range(game.num_nodes):
        prefix = pad * (1 + min(len(stack), _MAX_INDENT_DEPTH))
        if k == 0:
            key = '"tree": '
        else:
            p = parent[k]
            key = dumps(game.node_actions(p)[action[k]]) + ": "
        own = None if outs[k] < 0 else [file_value(x) for x in game.outcome_payoffs[outs[k]]]
        kind = kinds[k]
        if kind == DECISION or kind == CHANCE:
            fields: list[str] = []
            if kind == DECISION:
                h = infos[k]
                fields.append(f'"player": {dumps(game.players[int(game.infoset_player[h])])}')
                if len(game.infoset_members[h]) > 1 or game.infoset_labels[h]:
                    fields.append(f'"infoset": {dumps(game.infoset_names[h])}')
            else:
                probs = {a: file_value(q) for a, q in zip(game.node_actions(k), game.chance_probabilities(k))}
                fields.append(f'"chance": {dumps(probs)}')
            if labels[k]:
                fields.append(f'"label": {dumps(labels[k])}')
            if own is not None:
                fields.append(f'"payoffs": {dumps(own)}')
            lines.append(prefix + key + "{" + ", ".join(fields) + ', "actions": {')
            stack.append(len(game.node_actions(k)))
            continue
        pay = dumps(own if own is not None else zero)
        text = pay if not labels[k] else "{" + f'"label": {dumps(labels[k])}, "payoffs": {pay}' + "}"
        line = prefix + key + text
        while stack:
            stack[-1] -= 1
            if stack[-1] > 0:
                line += ","
                break
            stack.pop()
            line += "}}"
        lines.append(line)
    lines.append("}")
    return "\n".join(lines) + "\n"

