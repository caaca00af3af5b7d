"""Closed forms kept on disk (gametheory.modeling.closedforms): the tree language, its
validation, the cache, and the ceasefire model's use of it (no sympy on the numeric path)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from gametheory.modeling import closedforms
from gametheory.modeling.closedforms import UnsupportedForm, closed_forms, compile_tree, to_tree

X, Y, Z = sympy.symbols("x y z")
ARGS = ("x", "y", "z")


def _exprs() -> st.SearchStrategy[sympy.Expr]:
    leaf = st.sampled_from([X, Y, Z]) | st.fractions(min_value=-5, max_value=5, max_denominator=7).map(
        lambda q: sympy.Rational(q.numerator, q.denominator))

    def grow(sub: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
        return (st.tuples(sub, sub).map(lambda t: t[0] + t[1])
                | st.tuples(sub, sub).map(lambda t: t[0] * t[1])
                | st.tuples(sub, st.integers(1, 3)).map(lambda t: t[0] ** t[1])
                | st.tuples(sub, sub).map(lambda t: sympy.Max(t[0], t[1]))
                | st.tuples(sub, sub).map(lambda t: sympy.Min(t[0], t[1])))

    return st.recursive(leaf, grow, max_leaves=8)


POINT = st.tuples(*(st.fractions(min_value=-3, max_value=3, max_denominator=9) for _ in ARGS))


@given(_exprs(), POINT)
def test_compiled_tree_equals_sympy_exactly(expr: sympy.Expr, point: tuple[F, F, F]) -> None:
    tree = to_tree(expr, ARGS)
    exact = compile_tree(tree, 3, exact=True)(*point)
    want = expr.subs(dict(zip((X, Y, Z), (sympy.Rational(q.numerator, q.denominator) for q in point))))
    assert F(exact) == F(int(want.p), int(want.q))
    assert compile_tree(tree, 3, exact=False)(*map(float, point)) == pytest.approx(float(want), rel=1e-9, abs=1e-9)


def test_relations_booleans_piecewise_and_tuples() -> None:
    expr = (sympy.Piecewise((X, sympy.And(X > Y, sympy.Not(sympy.Eq(Y, 0)))), (Y - 1, sympy.Or(X <= 0, Z >= 2)),
                            (Z, True)), X < Y, sympy.true)
    f = compile_tree(to_tree(expr, ARGS), 3, exact=True)
    assert f(F(2), F(1), F(0)) == (F(2), False, True)
    assert f(F(0), F(1), F(0)) == (F(0), True, True)
    assert f(F(1), F(0), F(5)) == (F(-1), False, True)
    assert f(F(1), F(0), F(1)) == (F(1), False, True)
    # a piecewise without a catch-all piece gives None where no piece applies
    g = compile_tree(to_tree(sympy.Piecewise((X, X > 0)), ARGS), 3, exact=True)
    assert g(F(-1), F(0), F(0)) is None


@pytest.mark.parametrize("expr", [sympy.log(X), sympy.sqrt(X), X ** sympy.Rational(1, 2), sympy.pi * X,
                                  X ** 100, sympy.Symbol("w") + X])
def test_forms_outside_the_language_are_refused(expr: sympy.Expr) -> None:
    with pytest.raises(UnsupportedForm):
        to_tree(expr, ARGS)


@pytest.mark.parametrize("tree", [
    ["s", 3], ["s", "0"], ["n", "1/0"], ["n", "__import__('os')"], ["^", ["s", 0], 1000], ["call", "x"],
    ["+"], "x", [], ["pw", ["s", 0]], ["<", ["s", 0]], ["n", "1" * 500],
])
def test_malformed_trees_are_rejected_before_anything_is_compiled(tree: object) -> None:
    with pytest.raises(ValueError, match="closed form"):
        compile_tree(tree, 3, exact=True)


def _build() -> tuple[dict[str, tuple[tuple[str, ...], sympy.Expr]], dict[str, object]]:
    _build.calls += 1  # type: ignore[attr-defined]
    return {"f": (ARGS, X / 2 + Y * Z)}, {"label": "test"}


_build.calls = 0  # type: ignore[attr-defined]


def test_cache_round_trip_tampering_and_off_switch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(closedforms, "_MEMORY", {})
    src = tmp_path / "model_source.py"
    src.write_text("# version 1\n")
    first = closed_forms("unit-test", [src], _build)
    assert first.derived and first.meta == {"label": "test"}
    assert first.function("f")(F(1), F(2), F(3)) == F(13, 2)
    (path,) = (tmp_path / "gametheory" / "closedforms").glob("*.json")
    monkeypatch.setattr(closedforms, "_MEMORY", {})
    again = closed_forms("unit-test", [src], _build)
    assert not again.derived and again.function("f", exact=False)(1.0, 2.0, 3.0) == 6.5
    # a tampered file (code instead of a tree) is ignored and rebuilt, never run
    data = json.loads(path.read_text())
    data["forms"]["f"]["tree"] = ["n", "__import__('os').system('false')"]
    path.write_text(json.dumps(data))
    monkeypatch.setattr(closedforms, "_MEMORY", {})
    calls = _build.calls  # type: ignore[attr-defined]
    rebuilt = closed_forms("unit-test", [src], _build)
    assert rebuilt.derived and _build.calls == calls + 1  # type: ignore[attr-defined]
    # editing the source changes the key
    src.write_text("# version 2\n")
    monkeypatch.setattr(closedforms, "_MEMORY", {})
    assert closed_forms("unit-test", [src], _build).derived
    # the off switch derives every time and writes nothing
    monkeypatch.setenv("GAMETHEORY_CACHE", "off")
    before = sorted(p.name for p in path.parent.glob("*.json"))
    assert closed_forms("unit-test", [src], _build).derived
    assert sorted(p.name for p in path.parent.glob("*.json")) == before


def test_ceasefire_numeric_path_loads_no_sympy_once_the_forms_are_cached() -> None:
    """The second process reads the forms from the (suite's) cache folder: no sympy, no scipy."""
    code = ("import sys; from gametheory.models import get_model; m = get_model('ceasefire'); "
            "r = m.solve(flips=False); print(r.outcome.key, 'sympy' in sys.modules)")
    env = dict(os.environ)
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                           timeout=600).stdout.split() for _ in range(2)]
    assert outs[0][0] == outs[1][0]
    assert outs[1][1] == "False"
