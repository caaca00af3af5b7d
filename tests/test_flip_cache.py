"""The flip cache (gametheory.modeling.cache): one search per model, exact values and settings."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import pytest

from gametheory.modeling import Model, ModelResult, Outcome
from gametheory.modeling import cache as flip_cache
from gametheory.modeling.flips import world_flips
from gametheory.symbolic import Parameter


class Threshold(Model):
    """A toy model whose outcome is "high" above x = 1/3 and "low" below; it counts its searches."""

    name = "threshold-toy"
    title = "Toy"
    parameters = (Parameter("x", "a share", default="1/2", lower=0, upper=1),
                  Parameter("y", "unused", default="1", lower=0, upper=2))
    outcomes = (Outcome("high", "x is high", "x above a third"), Outcome("low", "x is low", "x below a third"))
    searches = 0

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        key = "high" if values["x"] > Fraction(1, 3) else "low"
        return ModelResult(method="toy", model=self.name, values=dict(values), outcome=self.outcome(key),
                           statement=key, equilibrium={})

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list:  # type: ignore[type-arg]
        type(self).searches += 1
        return super().flip_points(values, current)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(flip_cache.CACHE_ENV, raising=False)
    flip_cache.clear_memory()
    yield tmp_path / "gametheory"
    flip_cache.clear_memory()


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.json")) if root.exists() else []


def test_cache_hit_returns_the_same_flips(cache_home: Path) -> None:
    m = Threshold()
    before = Threshold.searches
    first = m.solve().flips
    assert [(f.parameter, f.direction, f.to) for f in first] == [("x", "down", "low")]
    assert abs(first[0].value - Fraction(1, 3)) <= first[0].accuracy
    assert Threshold.searches == before + 1
    assert m.solve().flips == first  # from memory
    assert Threshold.searches == before + 1
    assert len(_files(cache_home)) == 1 and cache_home == flip_cache.cache_dir()
    flip_cache.clear_memory()
    assert Threshold().solve().flips == first  # from disk, a fresh instance
    assert Threshold.searches == before + 1
    other = m.solve({"x": "1/5"}).flips  # other values: another search
    assert Threshold.searches == before + 2 and other[0].direction == "up" and other[0].to == "high"


def test_off_switch(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(flip_cache.CACHE_ENV, "off")
    assert not flip_cache.cache_enabled()
    before = Threshold.searches
    a, b = Threshold().solve().flips, Threshold().solve().flips
    assert a == b and Threshold.searches == before + 2
    assert _files(cache_home) == []


@pytest.mark.parametrize("garbage", ["{not json", "[]", '{"key": "x", "flips": []}', ""])
def test_corrupt_file_is_ignored(cache_home: Path, garbage: str) -> None:
    first = Threshold().solve().flips
    (path,) = _files(cache_home)
    key = path.stem
    text = garbage if "x" not in garbage else garbage.replace('"x"', f'"{key}"').replace("[]", '[{"value": 1}]')
    path.write_text(text)
    flip_cache.clear_memory()
    before = Threshold.searches
    assert Threshold().solve().flips == first
    assert Threshold.searches == before + 1  # searched again, the file rewritten
    flip_cache.clear_memory()
    assert Threshold().solve().flips == first and Threshold.searches == before + 1


def test_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    flip_cache.clear_memory()
    assert Threshold().solve().flips[0].to == "low"


def test_instance_state_is_not_cached(cache_home: Path) -> None:
    m = Threshold()
    m.scale = 2  # type: ignore[attr-defined]
    before = Threshold.searches
    m.solve()
    m.solve()
    assert Threshold.searches == before + 2 and _files(cache_home) == []


def test_world_flips_are_cached(cache_home: Path) -> None:
    from gametheory.models import get_model, world

    m = get_model("escalation")
    s = world.load("us-uncertain")
    point = s.point(world.WORLD)
    current = m.solve(flips=False, world=point, scenario=s).outcome.key
    fixed = s.model_settings(m)
    first = world_flips(m, world.WORLD, point, current, overrides=fixed)
    # the world flips, and the model's parameter flips they are mapped from
    stored = _files(cache_home)
    assert len(stored) >= 1
    flip_cache.clear_memory()
    assert world_flips(m, world.WORLD, point, current, overrides=fixed) == first
    assert _files(cache_home) == stored  # read back, nothing recomputed
    flip_cache.clear_memory()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(flip_cache.CACHE_ENV, "off")
        assert world_flips(m, world.WORLD, point, current, overrides=fixed) == first
