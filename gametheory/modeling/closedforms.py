"""Closed forms derived once with sympy, kept on disk, and evaluated without sympy.

A model whose numeric path needs only a few closed forms (Powell's bounds in the
parameters, a cap solved for in closed form, the regimes of an offer) pays for the
symbolic derivation -- importing sympy and solving -- in every new process, although the
forms depend only on the code. :func:`closed_forms` derives them once, stores each form as
a small expression tree in a JSON file under the flip cache's folder
(:func:`gametheory.modeling.cache.cache_dir`, ``closedforms/``), and compiles the trees
to plain Python functions, exact (``Fraction`` in, ``Fraction`` or ``bool`` out) or in
floats. The next process reads the file and never imports sympy.

The tree language is closed and small: rational numbers, the function's arguments (by
position), ``+``, ``*``, integer powers, ``max``, ``min``, the six comparisons, ``and``,
``or``, ``not``, ``true``, ``false``, piecewise choices and tuples. A file is validated
node by node before anything is compiled, and the Python source is generated from the
validated tree only (argument names are positional ``a0, a1, ...``; constants sit in a
list), so nothing read from the file is ever executed as text. Forms outside the language
(an irrational constant, a function such as ``log``) are refused with
:class:`UnsupportedForm`; the caller keeps its symbolic path for them.

The key of a file is a SHA-256 hash of the form set's name, the given source files, the
engine's source stamp and the sympy version. A file that cannot be read or validated is
rebuilt; a cache folder that cannot be written is skipped; ``GAMETHEORY_CACHE=off`` derives
in memory every time. So the cache never changes an answer and never makes a command fail.

>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> tree = to_tree(sympy.Max(x / 2, y) + sympy.Rational(1, 3), ("x", "y"))
>>> f = compile_tree(tree, 2, exact=True)
>>> from fractions import Fraction
>>> f(Fraction(1), Fraction(0))
Fraction(5, 6)
>>> compile_tree(tree, 2, exact=False)(1.0, 0.0)
0.8333333333333333
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from gametheory.errors import GameError

__all__ = ["ClosedForms", "UnsupportedForm", "closed_forms", "compile_tree", "to_tree"]

#: Bump when the tree format changes.
_FORMAT = 1
#: Deepest tree accepted from a file.
_MAX_DEPTH = 200
#: Largest absolute integer exponent accepted.
_MAX_POWER = 64
#: Longest number text accepted (characters).
_MAX_NUMBER = 400
_NUMBER = re.compile(r"-?\d+(/\d+)?\Z")
_COMPARE = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}
_NARY = {"+", "*", "max", "min", "and", "or", "tuple"}

_MEMORY: dict[str, ClosedForms] = {}


class UnsupportedForm(GameError):
    """A sympy expression outside the closed-form tree language."""


# --------------------------------------------------------------------------- sympy -> tree
def to_tree(expr: Any, args: Sequence[str]) -> Any:
    """``expr`` (a sympy expression, relation, boolean, number, or a tuple of them) as a tree
    over the arguments named ``args`` (JSON-ready nested lists)."""
    import sympy
    from sympy.logic.boolalg import BooleanFalse, BooleanTrue

    index = {name: i for i, name in enumerate(args)}
    relations = {sympy.StrictLessThan: "<", sympy.LessThan: "<=", sympy.StrictGreaterThan: ">",
                 sympy.GreaterThan: ">=", sympy.Equality: "==", sympy.Unequality: "!="}

    def go(e: Any) -> Any:
        if isinstance(e, (tuple, list)):
            return ["tuple", *(go(x) for x in e)]
        if isinstance(e, bool):
            return ["true"] if e else ["false"]
        if isinstance(e, (int, Fraction)):
            q = Fraction(e)
            return ["n", f"{q.numerator}/{q.denominator}"]
        if isinstance(e, BooleanTrue):
            return ["true"]
        if isinstance(e, BooleanFalse):
            return ["false"]
        if isinstance(e, sympy.Symbol):
            if e.name not in index:
                raise UnsupportedForm(f"closed form: the symbol {e.name!r} is not an argument")
            return ["s", index[e.name]]
        if isinstance(e, sympy.Rational):
            return ["n", f"{e.p}/{e.q}"]
        if isinstance(e, sympy.Add):
            return ["+", *(go(a) for a in e.args)]
        if isinstance(e, sympy.Mul):
            return ["*", *(go(a) for a in e.args)]
        if isinstance(e, sympy.Pow):
            base, power = e.args
            if not (isinstance(power, sympy.Integer) and abs(int(power)) <= _MAX_POWER):
                raise UnsupportedForm(f"closed form: the power {power} is not a small integer")
            return ["^", go(base), int(power)]
        if isinstance(e, sympy.Max):
            return ["max", *(go(a) for a in e.args)]
        if isinstance(e, sympy.Min):
            return ["min", *(go(a) for a in e.args)]
        for cls, op in relations.items():
            if isinstance(e, cls):
                return [op, go(e.lhs), go(e.rhs)]
        if isinstance(e, sympy.And):
            return ["and", *(go(a) for a in e.args)]
        if isinstance(e, sympy.Or):
            return ["or", *(go(a) for a in e.args)]
        if isinstance(e, sympy.Not):
            return ["not", go(e.args[0])]
        if isinstance(e, sympy.Piecewise):
            return ["pw", *([go(v), go(c)] for v, c in e.args)]
        raise UnsupportedForm(f"closed form: {type(e).__name__} ({e}) is outside the tree language")

    return go(expr)


# --------------------------------------------------------------------------- tree -> Python
def _check(tree: Any, nargs: int, depth: int = 0) -> None:
    """Raise ValueError unless ``tree`` is a well-formed tree over ``nargs`` arguments."""
    if depth > _MAX_DEPTH:
        raise ValueError("closed form: tree too deep")
    if not isinstance(tree, list) or not tree or not isinstance(tree[0], str):
        raise ValueError("closed form: a node must be a list starting with its kind")
    kind, rest = tree[0], tree[1:]
    if kind in ("true", "false"):
        ok = not rest
    elif kind == "n":
        ok = len(rest) == 1 and isinstance(rest[0], str) and len(rest[0]) <= _MAX_NUMBER \
            and _NUMBER.match(rest[0]) is not None and not rest[0].endswith("/0")
    elif kind == "s":
        ok = len(rest) == 1 and type(rest[0]) is int and 0 <= rest[0] < nargs
    elif kind == "^":
        ok = len(rest) == 2 and type(rest[1]) is int and abs(rest[1]) <= _MAX_POWER
        if ok:
            _check(rest[0], nargs, depth + 1)
    elif kind in _COMPARE:
        ok = len(rest) == 2
    elif kind == "not":
        ok = len(rest) == 1
    elif kind in _NARY:
        ok = kind == "tuple" or len(rest) >= 1
    elif kind == "pw":
        ok = len(rest) >= 1 and all(isinstance(p, list) and len(p) == 2 for p in rest)
        if ok:
            for v, c in rest:
                _check(v, nargs, depth + 1)
                _check(c, nargs, depth + 1)
        _raise_unless(ok, kind)
        return
    else:
        raise ValueError(f"closed form: unknown node kind {kind!r}")
    _raise_unless(ok, kind)
    if kind in _COMPARE or kind in _NARY or kind == "not":
        for child in rest:
            _check(child, nargs, depth + 1)


def _raise_unless(ok: bool, kind: str) -> None:
    if not ok:
        raise ValueError(f"closed form: malformed {kind!r} node")


def compile_tree(tree: Any, nargs: int, *, exact: bool) -> Callable[..., Any]:
    """A Python function of ``nargs`` positional arguments computing ``tree``: with Fractions in
    and out when ``exact``, in floats otherwise. The tree is validated first (ValueError)."""
    _check(tree, nargs)
    consts: list[Any] = []

    def const(text: str) -> str:
        q = Fraction(text)
        consts.append(q if exact else float(q))
        return f"C[{len(consts) - 1}]"

    def emit(t: list[Any]) -> str:
        kind, rest = t[0], t[1:]
        if kind == "true":
            return "True"
        if kind == "false":
            return "False"
        if kind == "n":
            return const(rest[0])
        if kind == "s":
            return f"a{int(rest[0])}"
        if kind == "^":
            return f"({emit(rest[0])} ** ({int(rest[1])}))"
        if kind in ("+", "*"):
            return "(" + f" {kind} ".join(emit(c) for c in rest) + ")"
        if kind in ("max", "min"):
            return f"{kind}(" + ", ".join(emit(c) for c in rest) + ")"
        if kind in _COMPARE:
            return f"({emit(rest[0])} {_COMPARE[kind]} {emit(rest[1])})"
        if kind in ("and", "or"):
            return "(" + f" {kind} ".join(f"bool({emit(c)})" for c in rest) + ")"
        if kind == "not":
            return f"(not {emit(rest[0])})"
        if kind == "tuple":
            return "(" + "".join(f"{emit(c)}, " for c in rest) + ")"
        # piecewise: the first piece whose condition holds; none -> None
        out = "None"
        for v, c in reversed(rest):
            out = f"({emit(v)} if {emit(c)} else {out})"
        return out

    body = emit(tree)
    params = ", ".join(f"a{i}" for i in range(nargs))
    source = f"def _form({params}):\n    return {body}\n"
    namespace: dict[str, Any] = {"C": consts, "__builtins__": {"max": max, "min": min, "bool": bool}}
    exec(compile(source, "<closed form>", "exec"), namespace)  # noqa: S102 - source generated from a validated tree
    fn: Callable[..., Any] = namespace["_form"]
    return fn


# --------------------------------------------------------------------------- the cache
@dataclass
class ClosedForms:
    """A set of named closed forms: each a tree over named arguments, compiled on demand.

    Attributes
    ----------
    forms:
        ``{name: (argument names, tree)}``.
    meta:
        Plain data stored with the forms (e.g. labels of regimes).
    derived:
        Whether this process derived the forms (False: read from the disk cache).
    """

    forms: dict[str, tuple[tuple[str, ...], Any]]
    meta: dict[str, Any]
    derived: bool
    _compiled: dict[tuple[str, bool], Callable[..., Any]] = field(default_factory=dict, repr=False)

    def function(self, name: str, *, exact: bool = True) -> Callable[..., Any]:
        """The form ``name`` as a function of its arguments (positional, in their order)."""
        key = (name, exact)
        if key not in self._compiled:
            args, tree = self.forms[name]
            self._compiled[key] = compile_tree(tree, len(args), exact=exact)
        return self._compiled[key]


def _key(name: str, sources: Sequence[str | Path]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    from gametheory.modeling.cache import _engine_stamp

    try:
        sympy_version = version("sympy")
    except PackageNotFoundError:  # pragma: no cover - sympy is a dependency
        sympy_version = "?"
    h = hashlib.sha256(f"{_FORMAT}|{name}|{sympy_version}|{_engine_stamp()}".encode())
    for s in sources:
        h.update(Path(s).read_bytes())
    return h.hexdigest()


def _read(path: Path, key: str) -> ClosedForms | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        forms: dict[str, tuple[tuple[str, ...], Any]] = {}
        for fname, entry in data["forms"].items():
            args = entry["args"]
            if not (isinstance(fname, str) and isinstance(args, list) and all(isinstance(a, str) for a in args)):
                return None
            _check(entry["tree"], len(args))
            forms[fname] = (tuple(args), entry["tree"])
        meta = data["meta"]
        if not isinstance(meta, dict):
            return None
        return ClosedForms(forms, meta, derived=False)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _write(path: Path, key: str, cf: ClosedForms) -> None:
    from gametheory._kernel.files import write_atomic

    payload = {"key": key, "forms": {n: {"args": list(a), "tree": t} for n, (a, t) in cf.forms.items()},
               "meta": cf.meta}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(payload))
    except (OSError, GameError):
        pass


def closed_forms(
    name: str,
    sources: Sequence[str | Path],
    build: Callable[[], tuple[Mapping[str, tuple[Sequence[str], Any]], Mapping[str, Any]]],
) -> ClosedForms:
    """The closed forms ``build()`` derives, from the disk cache when present (see the module
    docstring).

    ``build`` returns ``(forms, meta)``: ``forms`` maps a name to ``(argument names, sympy
    expression or tuple of them)``; ``meta`` is plain JSON data kept with them. ``sources``
    are the files whose code decides the forms (the model's module); with the engine's stamp
    they key the cache. :class:`UnsupportedForm` from ``build``'s forms propagates.
    """
    from gametheory.modeling.cache import cache_dir, cache_enabled

    def derive() -> ClosedForms:
        forms, meta = build()
        trees = {n: (tuple(args), to_tree(expr, tuple(args))) for n, (args, expr) in forms.items()}
        return ClosedForms(trees, json.loads(json.dumps(dict(meta))), derived=True)

    if not cache_enabled():
        return derive()
    key = _key(name, sources)
    if key in _MEMORY:
        return _MEMORY[key]
    path = cache_dir() / "closedforms" / f"{key}.json"
    found = _read(path, key)
    if found is None:
        found = derive()
        _write(path, key, found)
    _MEMORY[key] = found
    return found
