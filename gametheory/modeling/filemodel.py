"""Models written as data files (TOML or JSON) instead of Python classes.

A model file declares everything a :class:`~gametheory.modeling.Model` subclass declares --
metadata, parameters with sources and admissible intervals, the game, the outcomes, a
statement, world links and joint restrictions -- and :func:`load_model_file` turns it into
an instance of a real ``Model`` subclass (made for the file), so it solves, scans for flips,
runs on scenarios and feeds every sensitivity command like a built-in model. When the game
is a tree the instance also offers :class:`~gametheory.modeling.regimes.RegimesIn`, so the
compiled sensitivity path reads its regimes symbolically.

Nothing in a file is evaluated as code: payoffs and world links are parsed by the whitelist
parser :func:`gametheory.symbolic.expr.parse_expression` and must be rational functions of
the parameters (``+ - * /``, integer powers, ``min``, ``max``, ``abs``); outcome conditions,
quantities and constraints by the small language of :mod:`gametheory.modeling.condition`;
statement templates only substitute ``{name}`` slots. Every error is one
:class:`~gametheory.errors.GameError` naming the file, the line and the key. The format is
described, with a complete example, in ``docs/model-files.md``.

>>> from gametheory.modeling.filemodel import parse_model
>>> m = parse_model('''
... name = "entry"
... title = "Entry deterrence"
... question = "Does the entrant come in?"
... players = ["Entrant", "Incumbent"]
... [parameters.c]
... description = "incumbent's cost of a price war"
... default = 2
... lower = 0
... source = "illustrative assumption"
... [game.tree]
... player = "Entrant"
... actions = {"stay out" = [0, 2], enter = {player = "Incumbent", actions = {fight = ["-1", "2 - c"], share = [1, 1]}}}
... [[outcomes]]
... key = "entry"
... headline = "The entrant comes in"
... condition = "path includes Entrant:enter"
... [[outcomes]]
... key = "deterred"
... headline = "The entrant stays out"
... condition = "true"
... ''', where="entry.toml")
>>> m.solve(flips=False).outcome.key
'entry'
>>> m.solve({"c": "1/2"}, flips=False).outcome.key
'deterred'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy

from gametheory._kernel.values import check_digits, parse_number
from gametheory.errors import GameError
from gametheory.modeling.condition import MAX_POWER, Context, Formula, checked_power, parse_formula
from gametheory.modeling.constraints import Constraint
from gametheory.modeling.model import Model, ModelResult
from gametheory.modeling.outcomes import Outcome
from gametheory.modeling.regimes import RegimesIn
from gametheory.modeling.text import readable
from gametheory.modeling.world import WorldLink
from gametheory.symbolic.parameters import Parameter

__all__ = ["MODEL_FORMAT_ID", "FileModel", "is_model_path", "load_model_file", "parse_model"]

#: Value of the optional ``format`` key.
MODEL_FORMAT_ID = "gametheory.model/1"
#: Largest model file accepted (bytes).
MAX_MODEL_BYTES = 1_000_000

_TOP_KEYS = {"format", "name", "title", "question", "players", "references", "parameters", "constraints",
             "game", "quantities", "outcomes", "statement", "world", "no_flips"}
_PARAM_KEYS = {"description", "unit", "default", "lower", "upper", "lower_open", "upper_open", "source"}
_OUTCOME_KEYS = {"key", "headline", "explanation", "condition", "statement"}
_QUANTITY_KEYS = {"formula", "unit", "words", "description"}
_GAME_KEYS = {"file", "tree", "title", "players", "payoffs", "A", "B", "format"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.+-]*$")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_SLOT = re.compile(r"\{([^{}]*)\}")
_CONSTRAINT = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*([A-Za-z][A-Za-z0-9_]*)\s*$")


def is_model_path(name: str) -> bool:
    """Whether a model name given on the command line is a model file (``.toml``/``.json``)."""
    return isinstance(name, str) and name.lower().endswith((".toml", ".json"))


# ----------------------------------------------------------------------------- errors with lines
def _find_line(text: str, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line where the key ``path`` (keys and array indices) is written, found by
    scanning for each step after the previous one (TOML and pretty-printed JSON alike)."""
    lines = text.splitlines()
    start, found = 0, False
    for i, step in enumerate(path):
        if isinstance(step, int):
            name = str(path[i - 1]) if i else ""
            hits = [n for n in range(start, len(lines))
                    if re.match(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]", lines[n])]
            if not hits:
                hits = [n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("{")]
            if len(hits) > step:
                start, found = hits[step], True
            continue
        key = re.escape(step)
        pat = re.compile(r"(^|[\s{,.\[])(\"" + key + r"\"|'" + key + r"'|" + key + r")\s*(=|:|\.|\])")
        for n in range(start, len(lines)):
            if pat.search(lines[n]):
                start, found = n, True
                break
        else:
            return start + 1 if found else None
    return start + 1 if found else None


class _Where:
    """File name and text, to put ``file, line N: key:`` in front of every message."""

    def __init__(self, text: str, where: str) -> None:
        self.text, self.where = text, where

    def fail(self, path: tuple[str | int, ...], message: str) -> GameError:
        line = _find_line(self.text, path) if path else None
        at = f"{self.where}, line {line}" if line else self.where
        name = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        return GameError(f"{at}: {name + ': ' if name else ''}{message}")


# ----------------------------------------------------------------------------- exact payoff formulas
def _compile(expr: sympy.Basic, where: str) -> Callable[[Mapping[str, Fraction]], Fraction]:
    """A fast exact evaluator of a rational sympy expression (Fractions in, Fraction out)."""
    if expr.is_Rational:
        x = Fraction(int(expr.p), int(expr.q))
        return lambda v: x
    if expr.is_Symbol:
        name = expr.name
        return lambda v: v[name]
    if expr.is_Add:
        parts = [_compile(a, where) for a in expr.args]
        return lambda v: sum((f(v) for f in parts), Fraction(0))
    if expr.is_Mul:
        parts = [_compile(a, where) for a in expr.args]

        def mul(v: Mapping[str, Fraction]) -> Fraction:
            out = Fraction(1)
            for f in parts:
                out *= f(v)
            return out
        return mul
    if expr.is_Pow and expr.args[1].is_Integer:
        base, k = _compile(expr.args[0], where), int(expr.args[1])
        if abs(k) > MAX_POWER:
            raise GameError(f"{where}: a power beyond {MAX_POWER} ({sympy.sstr(expr)[:60]}); nested powers multiply")
        return lambda v: checked_power(base(v), k)
    if isinstance(expr, (sympy.Min, sympy.Max)):
        parts = [_compile(a, where) for a in expr.args]
        pick = min if isinstance(expr, sympy.Min) else max
        return lambda v: pick(f(v) for f in parts)
    if isinstance(expr, sympy.Abs):
        inner = _compile(expr.args[0], where)
        return lambda v: abs(inner(v))
    raise GameError(f"{where}: {sympy.sstr(expr)} is not exact (use + - * /, whole powers, min, max, abs)")


class _Formula:
    """A payoff or probability of the game: a sympy expression in the parameter symbols, with
    an exact evaluator for numeric points."""

    __slots__ = ("expr", "fn", "free", "symbols")

    def __init__(self, expr: sympy.Basic, where: str) -> None:
        self.expr = expr
        self.fn = _compile(expr, where)
        self.symbols = {s.name: s for s in expr.free_symbols}
        self.free = frozenset(self.symbols)

    def at(self, values: Mapping[str, Any], symbolic: frozenset[str]) -> Any:
        """The value at ``values``; with parameters named in ``symbolic`` left as symbols."""
        if not (self.free & symbolic):
            return self.fn(values)
        subs = {s: sympy.Rational(values[n].numerator, values[n].denominator)
                for n, s in self.symbols.items() if n not in symbolic}
        return self.expr.xreplace(subs) if subs else self.expr


def _value_formula(raw: Any, symbols: Mapping[str, sympy.Symbol], where: str) -> _Formula:
    from gametheory.symbolic.expr import parse_expression

    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise GameError(f"{where}: expected a number or a formula, got {json.dumps(raw)[:40]}")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise GameError(f"{where}: {raw} is not a finite number")
        raw = repr(raw)
    if isinstance(raw, int):
        if abs(raw) > 10**100:
            raise GameError(f"{where}: a number with more than 100 digits")
        return _Formula(sympy.Integer(raw), where)
    return _Formula(parse_expression(raw, symbols, source=where), where)


# ----------------------------------------------------------------------------- game templates
class _Leaf:
    __slots__ = ("payoffs", "label")

    def __init__(self, payoffs: list[_Formula], label: str) -> None:
        self.payoffs, self.label = payoffs, label


class _Move:
    __slots__ = ("player", "infoset", "label", "actions", "probs", "payoffs")

    def __init__(self, player: str | None, infoset: str | None, label: str, actions: dict[str, Any],
                 probs: dict[str, _Formula] | None, payoffs: list[_Formula] | None) -> None:
        self.player, self.infoset, self.label = player, infoset, label
        self.actions, self.probs, self.payoffs = actions, probs, payoffs


def _tree_template(doc: dict[str, Any], players: tuple[str, ...], symbols: Mapping[str, sympy.Symbol],
                   fail: Callable[[str], GameError]) -> tuple[Any, dict[str, set[str]]]:
    """The tree document's nodes with parsed formulas; each decision node gets an infoset name
    (its own, or ``"PLAYER:k"`` in depth-first order); also each player's action names."""
    moves: dict[str, set[str]] = {p: set() for p in players}
    counter: dict[str, int] = {}

    def pays(v: Any, path: str) -> list[_Formula]:
        if isinstance(v, dict):
            unknown = sorted(set(v) - set(players))
            if unknown:
                raise fail(f"{path}: unknown player {unknown[0]!r} (players: {', '.join(players)})")
            return [_value_formula(v.get(p, 0), symbols, f"{path}.{p}") for p in players]
        if not isinstance(v, list) or len(v) != len(players):
            raise fail(f"{path}: expected {len(players)} payoffs (one per player: {', '.join(players)})")
        return [_value_formula(x, symbols, f"{path}[{k}]") for k, x in enumerate(v)]

    def node(obj: Any, path: str, depth: int) -> Any:
        if depth > 200:
            raise fail(f"{path}: the tree is nested more than 200 levels")
        if isinstance(obj, list):
            return _Leaf(pays(obj, path), "")
        if not isinstance(obj, dict):
            raise fail(f"{path}: a node is an object or a payoff list")
        if "actions" not in obj:
            return _Leaf(pays(obj.get("payoffs"), f"{path}.payoffs"), str(obj.get("label", "")))
        at_pay = pays(obj["payoffs"], f"{path}.payoffs") if obj.get("payoffs") is not None else None
        kids = {a: node(c, f"{path}.actions[{json.dumps(a, ensure_ascii=False)}]", depth + 1)
                for a, c in obj["actions"].items()}
        if "chance" in obj:
            probs = {a: _value_formula(obj["chance"][a], symbols, f"{path}.chance.{a}") for a in kids}
            return _Move(None, None, str(obj.get("label", "")), kids, probs, at_pay)
        player = obj["player"]
        moves.setdefault(player, set()).update(kids)
        infoset = obj.get("infoset")
        if infoset is None:
            counter[player] = counter.get(player, 0) + 1
            infoset = f"{player}:{counter[player]}"
        return _Move(player, infoset, str(obj.get("label", "")), kids, None, at_pay)

    return node(doc["tree"], "tree", 0), moves


def _build_tree(template: Any, values: Mapping[str, Any], symbolic: frozenset[str]) -> Any:
    from gametheory.extensive.tree import chance, decision, terminal

    def node(t: Any) -> Any:
        if isinstance(t, _Leaf):
            return terminal([f.at(values, symbolic) for f in t.payoffs], label=t.label)
        pay = [f.at(values, symbolic) for f in t.payoffs] if t.payoffs is not None else None
        kids = {a: node(c) for a, c in t.actions.items()}
        if t.probs is not None:
            return chance({a: (t.probs[a].at(values, symbolic), kids[a]) for a in kids}, label=t.label, payoffs=pay)
        return decision(t.player, kids, infoset=t.infoset, label=t.label, payoffs=pay)

    return node(template)


def _reach(template: Any, plan: Mapping[str, str | None], values: Mapping[str, Fraction]) -> dict[tuple[str, str], Fraction]:
    """``{(player, action): probability the action is taken on the equilibrium path}``."""
    out: dict[tuple[str, str], Fraction] = {}
    stack: list[tuple[Any, Fraction]] = [(template, Fraction(1))]
    while stack:
        t, p = stack.pop()
        if isinstance(t, _Leaf) or p == 0:
            continue
        if t.probs is not None:
            for a, c in t.actions.items():
                stack.append((c, p * t.probs[a].fn(values)))
            continue
        a = plan.get(t.infoset)
        if a is None:
            continue
        out[(t.player, a)] = out.get((t.player, a), Fraction(0)) + p
        stack.append((t.actions[a], p))
    return out


# ----------------------------------------------------------------------------- the model class
class FileModel(Model):
    """Base class of the models :func:`load_model_file` makes (one subclass per file).

    Class attributes beyond :class:`~gametheory.modeling.Model`'s: ``path`` (the file),
    ``game_kind`` (``"tree"`` or ``"normal"``), the parsed game template, quantities,
    outcome conditions and statement templates.
    """

    path: str = ""
    game_kind: str = "tree"
    _template: Any = None
    _symbolic_game: Any = None
    _game_players: tuple[str, ...] = ()
    _game_title: str = ""
    _quantities: tuple[tuple[str, Formula, str, dict[bool, str] | None], ...] = ()
    _conditions: tuple[tuple[str, Formula], ...] = ()
    _statements: dict[str, str] = {}
    _statement: str = "{headline}. {explanation}"
    _source: tuple[str, str, str] = ("", "", "toml")

    def __reduce__(self) -> tuple[Any, ...]:
        text, where, fmt = self._source
        return (_rebuild, (text, where, fmt, self.path))

    # -- game
    def build(self, values: Mapping[str, Fraction]) -> Any:
        if self.game_kind == "normal":
            return self._symbolic_game.substitute(dict(values))
        from gametheory.extensive.game import ExtensiveGame

        root = _build_tree(self._template, values, frozenset())
        return ExtensiveGame.from_tree(root, players=list(self._game_players), title=self._game_title)

    def _equilibria(self, values: Mapping[str, Fraction]) -> tuple[Any, list[dict[str, Any]], str, tuple[str, ...]]:
        """(engine result, one record per equilibrium: plan/profile, probs, payoffs), method, notes."""
        records: list[dict[str, Any]] = []
        if self.game_kind == "normal":
            from gametheory.normal.solvers.dispatch import solve

            res = solve(self.build(values))
            for eq in res:
                by = eq.by_name()
                records.append({
                    "profile": by,
                    "probs": {(p, a): Fraction(x) for p, d in by.items() for a, x in d.items()},
                    "payoffs": dict(zip(eq.players, eq.payoffs)),
                    "max_regret": eq.max_regret,
                })
            return res, records, res.method, tuple(res.diagnostics)
        from gametheory.extensive.solvers.backward import backward_induction

        tres = backward_induction(self.build(values))
        for teq in tres:
            plan = teq.actions()
            records.append({
                "plan": plan,
                "probs": _reach(self._template, plan, values),
                "payoffs": dict(zip(self._game_players, teq.payoffs)),
                "max_regret": teq.max_regret,
            })
        return tres, records, tres.method, tuple(tres.diagnostics)

    # -- interpretation
    def _evaluate(self, values: Mapping[str, Fraction], rec: Mapping[str, Any]) -> tuple[str, dict[str, Any], Context]:
        scope: dict[str, Any] = dict(values)
        ctx = Context(scope, rec["probs"], rec["payoffs"])
        quantities: dict[str, Any] = {}
        for name, f, _unit, _words in self._quantities:
            scope[name] = quantities[name] = f.evaluate(ctx)
        for key, cond in self._conditions:
            if cond.evaluate(ctx):
                return key, quantities, ctx
        eq = rec.get("plan") or rec.get("profile")
        raise GameError(
            f"model {self.name} ({self.path or 'file'}): no outcome's condition holds at the equilibrium {eq} "
            f"(values: {', '.join(f'{k} = {readable(v)}' for k, v in values.items())}); add an outcome with "
            'condition = "true" last to catch every case'
        )

    def _fill(self, template: str, outcome: Outcome, values: Mapping[str, Fraction], quantities: Mapping[str, Any],
              count: int) -> str:
        units = {p.name: p.unit for p in self.parameters}
        qinfo = {n: (u, w) for n, _f, u, w in self._quantities}

        def slot(m: re.Match[str]) -> str:
            name = m.group(1)
            if name == "headline":
                return outcome.headline
            if name == "explanation":
                return outcome.explanation
            if name == "outcome":
                return outcome.key
            if name == "equilibria":
                return str(count)
            if name in qinfo:
                unit, words = qinfo[name]
                v = quantities[name]
                if words is not None and isinstance(v, bool):
                    return words[v]
                if isinstance(v, bool):
                    return "yes" if v else "no"
                return readable(v, unit)
            return readable(values[name], units.get(name, ""))

        return _SLOT.sub(slot, template).strip()

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        res, records, method, diagnostics = self._equilibria(values)
        if not records:
            raise GameError(f"model {self.name}: the engine found no equilibrium at these values")
        first = records[0]
        key, quantities, _ = self._evaluate(values, first)
        o = self.outcome(key)
        template = self._statements.get(key, self._statement)
        statement = self._fill(template, o, values, quantities, len(records))
        notes = list(diagnostics)
        if len(records) > 1:
            notes.append(f"{len(records)} equilibria (a player is indifferent or several equilibria exist); "
                         "the first is reported")
            statement += (f" Knife-edge or multiple equilibria: {len(records)} equilibria at this point; the "
                          "result rests on the first.")
        eq: dict[str, Any] = {k: v for k, v in first.items() if k in ("plan", "profile", "payoffs", "max_regret")}
        eq["equilibria"] = len(records)
        return ModelResult(
            model=self.name, values=dict(values), outcome=o, statement=statement, equilibrium=eq,
            quantities=quantities, method=method, diagnostics=tuple(notes),
        )


class FileTreeModel(RegimesIn, FileModel):
    """A file model whose game is a tree: it also offers symbolic regimes (``regimes_in``)."""

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> Any:
        from gametheory.extensive.game import ExtensiveGame

        symbolic = frozenset(p.name for p in parameters)
        root = _build_tree(self._template, values, symbolic)
        return ExtensiveGame.from_tree(root, players=list(self._game_players), title=self._game_title,
                                       parameters=list(parameters) if parameters else None)


def _rebuild(text: str, where: str, fmt: str, path: str) -> FileModel:
    base = Path(path).parent if path else None
    return parse_model(text, where=where, fmt=fmt, base_dir=base, path=path)


# ----------------------------------------------------------------------------- reading
def _decode(text: str, fmt: str, w: _Where) -> dict[str, Any]:
    if fmt == "json":
        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for k, v in items:
                if k in out:
                    raise w.fail((k,), "duplicate key")
                out[k] = v
            return out
        try:
            data = json.loads(text, object_pairs_hook=pairs)
        except json.JSONDecodeError as exc:
            raise GameError(f"{w.where}, line {exc.lineno}: malformed JSON: {exc.msg}") from None
        except RecursionError:
            raise GameError(f"{w.where}: JSON nested too deeply") from None
    else:
        try:
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover - Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(text)
        except Exception as exc:  # tomllib.TOMLDecodeError: the message has line and column
            raise GameError(f"{w.where}: malformed TOML: {exc}") from None
    if not isinstance(data, dict):
        raise GameError(f"{w.where}: a model file is a table (TOML) or an object (JSON)")
    return data


def _text(data: Mapping[str, Any], key: str, w: _Where, path: tuple[str | int, ...], *, required: bool = False,
          default: str = "") -> str:
    if key not in data:
        if required:
            raise w.fail(path[:-1] if len(path) > 1 else (), f"missing {key!r}" if len(path) > 1 else
                         f"missing key {key!r}")
        return default
    v = data[key]
    if not isinstance(v, str):
        raise w.fail(path, f"expected text, got {type(v).__name__}")
    if required and not v.strip():
        raise w.fail(path, "must not be empty")
    return v


def _number(raw: Any, w: _Where, path: tuple[str | int, ...]) -> Fraction:
    if isinstance(raw, bool):
        raise w.fail(path, "expected a number, got true/false")
    if isinstance(raw, int):
        if abs(raw) > 10**100:
            raise w.fail(path, "a number with more than 100 digits")
        return Fraction(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise w.fail(path, f"{raw} is not a finite number")
        return Fraction(repr(raw))
    if isinstance(raw, str):
        try:
            x = parse_number(raw, "value")
        except GameError as exc:
            raise w.fail(path, str(exc)) from None
        if (x.numerator.bit_length() + x.denominator.bit_length()) * math.log10(2) > 101:
            raise w.fail(path, "a number with more than 100 digits")
        return x
    raise w.fail(path, f"expected a number, got {type(raw).__name__}")


def _bool(raw: Any, w: _Where, path: tuple[str | int, ...]) -> bool:
    if not isinstance(raw, bool):
        raise w.fail(path, f"expected true or false, got {type(raw).__name__}")
    return raw


def _strings(raw: Any, w: _Where, path: tuple[str | int, ...]) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise w.fail(path, "expected a list of texts")
    return tuple(raw)


def _table(raw: Any, w: _Where, path: tuple[str | int, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise w.fail(path, f"expected a table, got {type(raw).__name__}")
    return raw


def _parameters(data: Mapping[str, Any], w: _Where) -> tuple[Parameter, ...]:
    table = _table(data.get("parameters"), w, ("parameters",)) if "parameters" in data else None
    if not table:
        raise w.fail(("parameters",) if table is not None else (), "a model needs at least one parameter "
                     "([parameters.NAME] tables)")
    out = []
    for name, spec in table.items():
        path: tuple[str | int, ...] = ("parameters", name)
        spec = _table(spec, w, path)
        unknown = sorted(set(spec) - _PARAM_KEYS)
        if unknown:
            raise w.fail((*path, unknown[0]), f"unknown key (allowed: {', '.join(sorted(_PARAM_KEYS))})")
        if "default" not in spec:
            raise w.fail(path, "missing 'default'")
        kw: dict[str, Any] = {}
        for k in ("lower_open", "upper_open"):
            if k in spec:
                kw[k] = _bool(spec[k], w, (*path, k))
        lo = _number(spec["lower"], w, (*path, "lower")) if "lower" in spec else None
        hi = _number(spec["upper"], w, (*path, "upper")) if "upper" in spec else None
        default = _number(spec["default"], w, (*path, "default"))
        try:
            p = Parameter(name, _text(spec, "description", w, (*path, "description")), None, lo, hi,
                          unit=_text(spec, "unit", w, (*path, "unit")),
                          source=_text(spec, "source", w, (*path, "source")), **kw)
        except GameError as exc:
            raise w.fail(path, str(exc)) from None
        try:
            p.check(default)
        except GameError as exc:
            raise w.fail((*path, "default"), str(exc).split(": ", 1)[-1]) from None
        out.append(Parameter(name, p.description, default, lo, hi, unit=p.unit, source=p.source, **kw))
    return tuple(out)


def _load_game_doc(game: Mapping[str, Any], w: _Where, base_dir: Path | None) -> tuple[dict[str, Any], _Where]:
    """The game document (inline or from ``file``) and where its errors point."""
    if "file" in game:
        extra = sorted(set(game) - {"file"})
        if extra:
            raise w.fail(("game", extra[0]), "give either file or the game itself, not both")
        ref = game["file"]
        if not isinstance(ref, str) or not ref.strip():
            raise w.fail(("game", "file"), "expected a path (relative to the model file)")
        p = Path(ref)
        if not p.is_absolute():
            p = (base_dir or Path.cwd()) / p
        try:
            if p.stat().st_size > MAX_MODEL_BYTES:
                raise w.fail(("game", "file"), f"{p}: larger than {MAX_MODEL_BYTES} bytes")
            text = p.read_bytes().decode("utf-8")
        except OSError as exc:
            raise w.fail(("game", "file"), f"cannot read {p} ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise w.fail(("game", "file"), f"{p}: not UTF-8 text (byte {exc.start})") from None
        gw = _Where(text, str(p))
        doc = _decode(text, "toml" if p.suffix.lower() == ".toml" else "json", gw)
        return doc, gw
    return dict(game), w


def _game(data: Mapping[str, Any], w: _Where, params: tuple[Parameter, ...], players: tuple[str, ...],
          base_dir: Path | None) -> dict[str, Any]:
    """Parse ``[game]``: returns kind, template or symbolic game, players, title, moves."""
    if "game" not in data:
        raise w.fail((), "missing key 'game' (a tree or a normal form, inline or game.file)")
    raw = _table(data["game"], w, ("game",))
    doc, gw = _load_game_doc(raw, w, base_dir)
    prefix: tuple[str, ...] = () if gw is not w else ("game",)
    unknown = sorted(set(doc) - _GAME_KEYS - {"file"})
    if "parameters" in doc:
        raise gw.fail((*prefix, "parameters"), "declare parameters in the model file, not in its game")
    if unknown:
        raise gw.fail((*prefix, unknown[0]), f"unknown key (allowed: {', '.join(sorted(_GAME_KEYS))})")
    symbols = {p.name: p.symbol for p in params}
    gplayers = doc.get("players", list(players))
    title = doc.get("title", "")
    if not isinstance(title, str):
        raise gw.fail((*prefix, "title"), "expected text")
    if "tree" in doc:
        from gametheory.io.jsontree import tree_from_document

        if not isinstance(gplayers, list) or not all(isinstance(p, str) for p in gplayers):
            raise gw.fail((*prefix, "players"), "expected a list of player names")
        if tuple(gplayers) != players:
            raise gw.fail((*prefix, "players"), f"the game's players {gplayers} differ from the model's {list(players)}")
        check = {"format": "gametheory.efg/1", "players": list(players), "tree": doc["tree"],
                 "parameters": [{"name": p.name, "default": str(p.default)} for p in params]}
        try:  # the engine's reader checks structure, formulas and names
            game = tree_from_document(check, source="tree")
        except GameError as exc:
            msg = str(exc).removeprefix("tree: ")
            raise gw.fail((*prefix, "tree"), msg) from None
        if not game.is_perfect_information():
            raise gw.fail((*prefix, "tree"), "a model's tree must have perfect information (one node per infoset); "
                          "the engine solves it by backward induction")

        def fail(msg: str) -> GameError:
            return gw.fail((*prefix, "tree"), msg)
        try:
            template, moves = _tree_template(doc, players, symbols, fail)
        except GameError as exc:
            if str(exc).startswith(gw.where):
                raise
            raise gw.fail((*prefix, "tree"), str(exc)) from None
        return {"kind": "tree", "template": template, "players": players, "title": title, "moves": moves}
    if "payoffs" in doc or "A" in doc:
        from gametheory.io.jsonsymbolic import loads_symbolic

        spec = {k: v for k, v in doc.items() if k in ("payoffs", "A", "B", "title")}
        pl = doc.get("players")
        if pl is None:
            raise gw.fail(prefix, "a normal form needs players = [{name = ..., strategies = [...]}, ...]")
        spec["players"] = pl
        spec["parameters"] = [{"name": p.name, "default": str(p.default)} for p in params]
        try:
            sg = loads_symbolic(json.dumps(spec), source="game")
        except GameError as exc:
            raise gw.fail((*prefix, "payoffs" if "payoffs" in doc else "A"), str(exc).removeprefix("game: ")) from None
        if tuple(sg.players) != players:
            raise gw.fail((*prefix, "players"), f"the game's players {list(sg.players)} differ from the model's "
                          f"{list(players)}")
        for row in sg.payoffs.flat:
            _compile(row, "game payoffs")
        moves = {p: set(ss) for p, ss in zip(sg.players, sg.strategies)}
        return {"kind": "normal", "symbolic": sg, "players": players, "title": title, "moves": moves}
    raise gw.fail(prefix, "expected a tree (tree = {...}) or a normal form (payoffs, or A and B), or file = PATH")


def _world_links(data: Mapping[str, Any], w: _Where, params: tuple[Parameter, ...],
                 world_names: set[str] | None) -> tuple[WorldLink, ...]:
    if "world" not in data:
        return ()
    table = _table(data["world"], w, ("world",))
    names = {p.name for p in params}
    out = []
    for pname, spec in table.items():
        path: tuple[str | int, ...] = ("world", pname)
        if pname not in names:
            raise w.fail(path, f"unknown parameter (parameters: {', '.join(sorted(names))})")
        note = ""
        if isinstance(spec, dict):
            extra = sorted(set(spec) - {"formula", "note"})
            if extra:
                raise w.fail((*path, extra[0]), "unknown key (allowed: formula, note)")
            note = _text(spec, "note", w, (*path, "note"))
            spec = spec.get("formula")
        if not isinstance(spec, str):
            raise w.fail(path, "expected a world variable's name or a formula in world variables")
        idents = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", spec)) - {"min", "max", "abs", "if", "and", "or",
                                                                     "not", "true", "false"}
        if world_names is not None:
            bad = sorted(idents - world_names)
            if bad:
                raise w.fail(path, f"unknown world variable {bad[0]!r} (known: {', '.join(sorted(world_names))})")
        try:
            f = parse_formula(spec, names=idents, moves={}, players=set())
        except GameError as exc:
            raise w.fail(path, str(exc)) from None
        if f.kind != "number":
            raise w.fail(path, "a world link is a number, not a condition")
        uses = tuple(sorted(f.names, key=spec.index))
        out.append(WorldLink(pname, uses, _world_fn(f, w, path), note or
                             (f"equal to {spec.strip()}" if _IDENT.match(spec.strip()) else f"= {spec.strip()}")))
    return tuple(out)


def _world_fn(f: Formula, w: _Where, path: tuple[str | int, ...]) -> Callable[[Mapping[str, Fraction]], Fraction]:
    def value(world: Mapping[str, Fraction]) -> Fraction:
        vals = {}
        for n in f.names:
            try:
                vals[n] = Fraction(world[n])
            except KeyError:
                raise w.fail(path, f"the world state has no variable {n!r}") from None
        return f.evaluate(Context(vals, {}, {}))
    return value


def parse_model(
    text: str,
    *,
    where: str = "<model>",
    fmt: str | None = None,
    base_dir: Path | None = None,
    world: Any = None,
    path: str = "",
) -> FileModel:
    """A model from the text of a model file (see the module docstring).

    Parameters
    ----------
    text:
        The file's text.
    where:
        The name errors start with (the file's path).
    fmt:
        ``"toml"`` or ``"json"`` (default: JSON if the text starts with ``{``).
    base_dir:
        Where ``game.file`` paths are relative to (default: the working directory).
    world:
        A :class:`~gametheory.modeling.world.World` (or anything with ``names()``) to check
        the world links' variable names against at load time; without it they are checked
        when a world state is applied.
    path:
        The file's path, recorded on the model (and used to re-load it in worker processes).

    Returns
    -------
    FileModel
        An instance of a ``Model`` subclass made for this file (also ``RegimesIn`` when the
        game is a tree).
    """
    model_path = path
    if fmt is None:
        fmt = "json" if text.lstrip("\ufeff \t\r\n").startswith("{") else "toml"
    w = _Where(text, where)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_MODEL_BYTES:
        raise GameError(f"{where}: a model file larger than {MAX_MODEL_BYTES} bytes is refused")
    check_digits(text, where)
    data = _decode(text, fmt, w)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise w.fail((unknown[0],), f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")
    if "format" in data and data["format"] != MODEL_FORMAT_ID:
        raise w.fail(("format",), f"expected {MODEL_FORMAT_ID!r}")
    name = _text(data, "name", w, ("name",), required=True)
    if not _NAME.match(name):
        raise w.fail(("name",), f"{name!r} is not a usable name (letters, digits, '_', '-', '.', '+')")
    title = _text(data, "title", w, ("title",), required=True)
    question = _text(data, "question", w, ("question",))
    if "players" not in data:
        raise w.fail((), "missing key 'players'")
    players = _strings(data["players"], w, ("players",))
    if not players or len(set(players)) != len(players):
        raise w.fail(("players",), "expected distinct player names" if players else "expected at least one player")
    references = _strings(data.get("references", []), w, ("references",))
    params = _parameters(data, w)
    pnames = {p.name for p in params}
    game = _game(data, w, params, players, base_dir)
    moves: dict[str, set[str]] = game["moves"]

    # quantities: formulas over parameters, earlier quantities and the equilibrium
    quantities: list[tuple[str, Formula, str, dict[bool, str] | None]] = []
    known: dict[str, str] = dict.fromkeys(pnames, "number")
    qtable = _table(data.get("quantities", {}), w, ("quantities",))
    for qname, spec in qtable.items():
        kp: tuple[str | int, ...] = ("quantities", qname)
        if not _IDENT.match(qname) or qname in ("headline", "explanation", "outcome", "equilibria"):
            raise w.fail(kp, "not a usable quantity name (letters, digits, '_'; not a reserved slot name)")
        if qname in known:
            raise w.fail(kp, "duplicate name (a parameter or an earlier quantity has it)")
        unit, words = "", None
        if isinstance(spec, dict):
            extra = sorted(set(spec) - _QUANTITY_KEYS)
            if extra:
                raise w.fail((*kp, extra[0]), f"unknown key (allowed: {', '.join(sorted(_QUANTITY_KEYS))})")
            if "formula" not in spec:
                raise w.fail(kp, "missing 'formula'")
            unit = _text(spec, "unit", w, (*kp, "unit"))
            _text(spec, "description", w, (*kp, "description"))
            if "words" in spec:
                wt = _table(spec["words"], w, (*kp, "words"))
                if set(wt) != {"true", "false"} or not all(isinstance(v, str) for v in wt.values()):
                    raise w.fail((*kp, "words"), 'expected {true = "...", false = "..."}')
                words = {True: wt["true"], False: wt["false"]}
            spec = spec["formula"]
        try:
            f = parse_formula(spec, names=known, moves=moves, players=set(players))
        except GameError as exc:
            raise w.fail(kp, str(exc)) from None
        quantities.append((qname, f, unit, words))
        known[qname] = f.kind

    # outcomes
    raw_out = data.get("outcomes")
    if not isinstance(raw_out, list) or not raw_out:
        raise w.fail(("outcomes",) if "outcomes" in data else (), "a model needs outcomes ([[outcomes]] tables)")
    outcomes, conditions, statements = [], [], {}
    seen: set[str] = set()
    for k, spec in enumerate(raw_out):
        kp = ("outcomes", k)
        spec = _table(spec, w, kp)
        extra = sorted(set(spec) - _OUTCOME_KEYS)
        if extra:
            raise w.fail((*kp, extra[0]), f"unknown key (allowed: {', '.join(sorted(_OUTCOME_KEYS))})")
        for req in ("key", "headline", "condition"):
            if req not in spec:
                raise w.fail(kp, f"missing {req!r}")
        key = _text(spec, "key", w, (*kp, "key"), required=True)
        if key in seen:
            raise w.fail((*kp, "key"), f"duplicate outcome {key!r}")
        seen.add(key)
        o = Outcome(key, _text(spec, "headline", w, (*kp, "headline"), required=True),
                    _text(spec, "explanation", w, (*kp, "explanation")))
        try:
            cond = parse_formula(_text(spec, "condition", w, (*kp, "condition"), required=True), names=known,
                                 moves=moves, players=set(players))
        except GameError as exc:
            raise w.fail((*kp, "condition"), str(exc)) from None
        if cond.kind != "condition":
            raise w.fail((*kp, "condition"), "expected a condition (a comparison, kp includes, and/or/not)")
        outcomes.append(o)
        conditions.append((key, cond))
        if "statement" in spec:
            statements[key] = _text(spec, "statement", w, (*kp, "statement"))
    statement = _text(data, "statement", w, ("statement",), default="{headline}. {explanation}")
    slots = set(known) | {"headline", "explanation", "outcome", "equilibria"}
    tpls: list[tuple[tuple[str | int, ...], str]] = [(("statement",), statement)] + [
            (("outcomes", i, "statement"), statements[o.key]) for i, o in enumerate(outcomes) if o.key in statements]
    for kp, tpl in tpls:
        for m in _SLOT.finditer(tpl):
            if m.group(1) not in slots:
                raise w.fail(kp, f"unknown slot {{{m.group(1)}}} (slots: parameters, quantities, headline, "
                             "explanation, outcome, equilibria)")

    constraints = []
    for raw in _strings(data.get("constraints", []), w, ("constraints",)):
        cm = _CONSTRAINT.match(raw)
        if not cm:
            raise w.fail(("constraints",), f"{raw!r}: expected 'NAME op NAME' with op one of < <= > >=")
        for n in (cm.group(1), cm.group(3)):
            if n not in pnames:
                raise w.fail(("constraints",), f"{raw!r}: unknown parameter {n!r}")
        constraints.append(Constraint(cm.group(1), cm.group(2), cm.group(3)))
    no_flips = _strings(data.get("no_flips", []), w, ("no_flips",))
    for n in no_flips:
        if n not in pnames:
            raise w.fail(("no_flips",), f"unknown parameter {n!r}")

    world_names = set(world.names()) if world is not None else None
    links = _world_links(data, w, params, world_names)

    base = FileTreeModel if game["kind"] == "tree" else FileModel
    attrs = {
        "name": name, "title": title, "question": question, "players": players,
        "parameters": params, "outcomes": tuple(outcomes), "references": references,
        "constraints": tuple(constraints), "no_flips": no_flips, "world_links": links,
        "path": model_path, "game_kind": game["kind"], "_template": game.get("template"),
        "_symbolic_game": game.get("symbolic"), "_game_players": game["players"], "_game_title": game["title"] or title,
        "_quantities": tuple(quantities), "_conditions": tuple(conditions), "_statements": statements,
        "_statement": statement, "_source": (text, where, fmt),
        "__doc__": f"{title} (model file {where})",
    }
    cls = type(f"FileModel_{re.sub(r'[^A-Za-z0-9_]', '_', name)}", (base,), attrs)
    model: FileModel = cls()
    model.check_values(model.values())  # the defaults must meet the constraints
    return model


def load_model_file(path: str | Path, *, world: Any = None) -> FileModel:
    """The model in the TOML or JSON file at ``path`` (see :func:`parse_model`)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise GameError(f"{p}: cannot read the model file ({exc.strerror or exc})") from None
    if size > MAX_MODEL_BYTES:
        raise GameError(f"{p}: a model file larger than {MAX_MODEL_BYTES} bytes is refused")
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GameError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise GameError(f"{p}: cannot read the model file ({exc.strerror or exc})") from None
    fmt = "json" if p.suffix.lower() == ".json" else "toml"
    return parse_model(text, where=str(p), fmt=fmt, base_dir=p.parent, world=world, path=str(p))
