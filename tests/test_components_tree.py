"""Continua of equilibria of game trees, described exactly (``solve_extensive(g, "reduced")``).

Two trees whose continua come from play off the path and are derived by hand:

* entry deterrence: the entrant stays out while the incumbent fights with probability
  ``f >= 1/2`` (entering would give ``-f + (1 - f) <= 0``): a segment ``f in [1/2, 1]``;
* Selten's horse: (R, R) with player 3 playing R with probability ``q <= 1/4`` (player 2's
  L would give ``4q``); and (L, ., R) with player 2 playing L with probability ``r <= 2/3``
  (player 1's R would give ``(1 - r) + 4r <= 3``).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from gametheory.extensive import examples
from gametheory.extensive.result import BehaviorComponent, ExtensiveSolveResult
from gametheory.extensive.solve import solve_extensive
from gametheory.normal.result import Component, EquilibriumSet

F = Fraction


def two(first: str, second: str, p: Any) -> dict[str, Fraction]:
    return {first: F(p), second: 1 - F(p)}


def entry(enter: Any, fight: Any) -> dict[str, dict[str, Fraction]]:
    return {"Entrant:1": two("enter", "stay out", enter), "Incumbent:1": two("fight", "accommodate", fight)}


def horse(p1_r: Any, p2_r: Any, p3_r: Any) -> dict[str, dict[str, Fraction]]:
    return {"Player 1:1": two("R", "L", p1_r), "Player 2:1": two("R", "L", p2_r), "Player 3:1": two("R", "L", p3_r)}


def continuum(r: ExtensiveSolveResult) -> list[BehaviorComponent]:
    return [c for c in r.components if len(c.vertices) > 1]


def test_entry_deterrence_segment() -> None:
    r = solve_extensive(examples.entry_deterrence(), "reduced")
    assert r.complete
    (seg,) = continuum(r)
    assert isinstance(seg.normal_form, Component) and seg.kind == "polytope"
    key = [json.dumps(v, default=str, sort_keys=True) for v in seg.vertices]
    want = [json.dumps(entry(0, f), default=str, sort_keys=True) for f in (1, F(1, 2))]
    assert sorted(key) == sorted(want)
    assert seg.contains(entry(0, F(3, 4))) and seg.contains(entry(0, F(1, 2)))
    assert not seg.contains(entry(0, F(1, 4)))
    assert not seg.contains(entry(1, 1))
    assert seg.contains({"Entrant:1": {"enter": 0.0, "stay out": 1.0}, "Incumbent:1": {"fight": 0.7, "accommodate": 0.3}})
    for k in seg.equilibria:
        assert seg.contains(r[k].behavior)


def test_selten_horse_segments() -> None:
    r = solve_extensive(examples.selten_horse(), "reduced")
    assert r.parameters["described_completely"] is True
    comps = continuum(r)
    assert len(comps) == 2 and all(isinstance(c.normal_form, EquilibriumSet) and c.kind == "polytope" for c in comps)
    as_text = sorted(sorted(json.dumps(v, default=str, sort_keys=True) for v in c.vertices) for c in comps)
    want = sorted([
        sorted(json.dumps(horse(1, 1, q), default=str, sort_keys=True) for q in (0, F(1, 4))),
        sorted(json.dumps(horse(0, p, 1), default=str, sort_keys=True) for p in (1, F(1, 3))),
    ])
    assert as_text == want
    first = next(c for c in comps if c.contains(horse(1, 1, 0)))
    assert first.contains(horse(1, 1, F(1, 5))) and not first.contains(horse(1, 1, F(1, 3)))
    second = next(c for c in comps if c.contains(horse(0, 1, 1)))
    assert second.contains(horse(0, F(1, 2), 1)) and not second.contains(horse(0, F(1, 4), 1))
    g = examples.selten_horse()
    for c in comps:
        for v in c.vertices:
            assert g.max_regret(v) == 0


@pytest.mark.parametrize("make", [examples.entry_deterrence, examples.selten_horse])
def test_other_tree_methods_land_in_a_component(make: Any) -> None:
    g = make()
    r = solve_extensive(g, "reduced")
    listed = [json.dumps(e.behavior, default=str, sort_keys=True) for e in r]
    checked = 0
    for method in ("spe", "sequence_lp", "sequence_lemke", "pbe"):
        try:
            other = solve_extensive(g, method)
        except Exception:  # noqa: BLE001 - a method that refuses this tree is no evidence
            continue
        for e in other:
            checked += 1
            text = json.dumps(e.behavior, default=str, sort_keys=True)
            assert text in listed or any(c.contains(e.behavior, tol=1e-9) for c in r.components), (method, e.behavior)
    assert checked > 0


@pytest.mark.parametrize("make", [examples.entry_deterrence, examples.selten_horse])
def test_tree_components_json(make: Any) -> None:
    r = solve_extensive(make(), "reduced")
    doc = json.loads(json.dumps(r.to_json()))
    assert len(doc["components"]) == len(r.components) > 0
    for c, d in zip(r.components, doc["components"]):
        assert d["kind"] == c.kind and d["equilibria"] == list(c.equilibria)
        assert len(d["vertices"]) == len(c.vertices)
        if isinstance(c.normal_form, EquilibriumSet):
            assert EquilibriumSet.from_json(d["normal_form"]) == c.normal_form
