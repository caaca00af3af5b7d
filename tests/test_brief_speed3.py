"""The brief's first run (empty cache) pays for no derivation the cache-off run does not:
ceasefire's Rubinstein split is the engine's at each point, kept by the disk cache of plain
values (gametheory.modeling.cache.cached_values), and the cap that gives a future odds is
solved by coefficients. Equality only, no timing."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import gametheory as gt
from gametheory.modeling import cache
from gametheory.models import ceasefire as cf_mod
from gametheory.models import get_model
from gametheory.models.world import WORLD, load, scenario_order

MODEL = get_model("ceasefire")


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    cache.clear_memory()
    yield tmp_path / "gametheory"
    cache.clear_memory()


def _points(n: int = 25, seed: int = 3) -> list[dict[str, Fraction]]:
    pts = [MODEL.values()] + [MODEL.values(MODEL.from_world(load(s).point(WORLD))) for s in scenario_order()]
    rng = random.Random(seed)
    for _ in range(n):
        pts.append(MODEL.values({
            "patience_R": Fraction(rng.randint(0, 19), 20), "patience_U": Fraction(rng.randint(0, 19), 20),
            "breakdown": Fraction(rng.choice([0, 1, 5, 10, 20]), 20), "p_now": Fraction(rng.randint(1, 19), 20),
            "c_R": Fraction(rng.randint(2, 10), 20), "pressure": Fraction(rng.randint(0, 6), 20)}))
    return pts


def _engine(t: dict[str, Fraction]) -> tuple[dict[str, Fraction], dict[str, bool], tuple[str, ...], str]:
    rub = gt.rubinstein(**MODEL._rubinstein_inputs(t))
    return (rub.by_name(), dict(zip(("Russia", "Ukraine"), map(bool, rub.outside_option_binds))), rub.diagnostics,
            rub.proposer)


def test_rubinstein_split_is_the_engines_computed_and_read_back(fresh_cache: Path) -> None:
    """At the defaults, every built-in scenario point and random points the split is the
    engine's: when solved (and stored), read back from memory, and read back from disk."""
    pts = _points()
    computed = [cf_mod.rubinstein_split(cf_mod.terms(v)) for v in pts]
    stored = list((fresh_cache / "values").glob("*/*.json"))
    assert stored  # kept on disk
    again = [cf_mod.rubinstein_split(cf_mod.terms(v)) for v in pts]
    cache.clear_memory()
    from_disk = [cf_mod.rubinstein_split(cf_mod.terms(v)) for v in pts]
    for v, a, b, c in zip(pts, computed, again, from_disk):
        shares, binds, notes, proposer = _engine(cf_mod.terms(v))
        for got in (a, b, c):
            assert got.shares == shares and all(isinstance(x, Fraction) for x in got.shares.values())
            assert got.outside_option_binds == binds
            assert got.diagnostics == notes and got.proposer == proposer


def test_rubinstein_split_with_the_cache_off_writes_nothing(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    v = MODEL.values()
    got = cf_mod.rubinstein_split(cf_mod.terms(v))
    assert got.shares == _engine(cf_mod.terms(v))[0]
    assert not fresh_cache.exists()


def test_cached_values_round_trip_and_bad_files(fresh_cache: Path) -> None:
    """Plain data comes back with Fractions (ints too) and lists; a damaged file is recomputed
    and replaced; data that is not plain is computed and not kept."""
    calls: list[int] = []
    value = {"a": [Fraction(1, 3), 2, True, None, "x"], "b": (Fraction(-7, 2), False)}

    def compute() -> dict:
        calls.append(1)
        return value

    point = {"x": Fraction(1, 2)}
    first = cache.cached_values(MODEL, point, {"what": "test"}, compute)
    expected = {"a": [Fraction(1, 3), Fraction(2), True, None, "x"], "b": [Fraction(-7, 2), False]}
    assert first == expected and len(calls) == 1
    assert cache.cached_values(MODEL, point, {"what": "test"}, compute) == expected and len(calls) == 1
    cache.clear_memory()
    assert cache.cached_values(MODEL, point, {"what": "test"}, compute) == expected and len(calls) == 1
    (path,) = (fresh_cache / "values").glob("*/*.json")
    data = json.loads(path.read_text())
    assert data["model"] == "ceasefire"
    for bad in ("not json", json.dumps({**data, "key": "0" * 64}), json.dumps({**data, "value": {"q": "1/0"}}),
                json.dumps({**data, "value": {"q": 5}})):
        path.write_text(bad)
        cache.clear_memory()
        assert cache.cached_values(MODEL, point, {"what": "test"}, compute) == expected
        assert json.loads(path.read_text())["value"] == data["value"]  # replaced
    assert len(calls) == 5
    # other settings, other values: a separate entry
    assert cache.cached_values(MODEL, {"x": Fraction(1, 3)}, {"what": "test"}, lambda: 1) == Fraction(1)
    assert cache.cached_values(MODEL, point, {"what": "other"}, lambda: "y") == "y"
    # not plain data: computed every time, never written
    n = len(list((fresh_cache / "values").glob("*/*.json")))
    assert cache.cached_values(MODEL, point, {"what": "float"}, lambda: 0.5) == 0.5
    assert len(list((fresh_cache / "values").glob("*/*.json"))) == n


def test_cap_for_by_coefficients_is_what_sympy_solve_gives() -> None:
    import sympy

    s = cf_mod._symbols()
    (solved,) = sympy.solve(sympy.Eq(cf_mod.p_future_expr(), s["p_future"]), s["k"])
    d = cf_mod.derivation()
    assert sympy.simplify(d.cap_for - solved) == 0
    assert d.cap_for == sympy.factor(solved)
    # and it inverts p_future at exact points
    rng = random.Random(11)
    for _ in range(20):
        t = {"army": Fraction(rng.randint(50, 1500)), "p_now": Fraction(rng.randint(1, 19), 20),
             "rebuild": Fraction(rng.randint(1, 16), 4), "gforce": Fraction(rng.randint(0, 40), 4)}
        k = Fraction(rng.randint(0, 1500))
        pf = cf_mod.compiled(True).f_p_future(k, t["army"], t["p_now"], t["rebuild"], t["gforce"])
        assert cf_mod.compiled(True).f_cap_for(pf, t["army"], t["p_now"], t["rebuild"], t["gforce"]) == k


_SOLVE = """
import sys
from gametheory.models import get_model
r = get_model("ceasefire").solve(flips=False)
print(r.quantities["rubinstein_split"], "sympy" in sys.modules)
"""


def test_a_first_run_derives_no_rubinstein_forms_and_a_warm_run_loads_no_sympy(tmp_path: Path) -> None:
    """The first process derives only the basic closed forms (it needs them; the split is the
    engine's, once sympy is loaded anyway); the next one reads both and imports no sympy."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop(cache.CACHE_ENV, None)
    runs = [subprocess.run([sys.executable, "-c", _SOLVE], env=env, capture_output=True, text=True, check=True,
                           timeout=300).stdout.split() for _ in range(2)]
    assert runs[0][-1] == "True" and runs[1][-1] == "False"
    assert runs[0][:-1] == runs[1][:-1]
    assert len(list((tmp_path / "gametheory" / "closedforms").glob("*.json"))) == 1
    assert list((tmp_path / "gametheory" / "values").glob("*/*.json"))
