"""Scenarios as data: TOML files that set (or give ranges for) the variables of a world state.

A scenario file names values of :class:`~gametheory.modeling.world.WorldVariable` objects,
optionally with a range or a distribution, plus a title, a description and its sources::

    title = "The US is out"
    description = "Washington neither fights nor answers nuclear use for Europe."
    sources = ["illustrative"]
    extends = "us-uncertain"          # optional: start from another scenario (a name or a path)

    [world]
    us_backing = 0.05                                   # a value
    us_umbrella = "1/20"                                # exact text is fine too
    europe_capability = { value = 1, low = 0.7, high = 1.3 }      # a value and a uniform range
    russia_resolve = { value = "1/3", dist = "beta(2, 4)" }       # a value and a distribution

    [models.ultimatum]                # optional: expert settings of one model's own parameters
    rho = "1/3"

Numbers are exact: a TOML float is read as the decimal it prints as (``0.1`` is ``1/10``),
a string goes through the engine's number parser (nothing is evaluated). Every error names
the file, the line and the key. Files are read with :mod:`tomllib` (``tomli`` on Python 3.10).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from gametheory._kernel.results import json_value
from gametheory._kernel.values import check_digits, parse_number
from gametheory.errors import GameError
from gametheory.modeling.world import World

__all__ = ["MAX_SCENARIO_BYTES", "Scenario", "load_scenario", "parse_scenario", "run_scenario", "scenario_files"]

#: Scenario files larger than this are refused before parsing (they are a few hundred bytes).
MAX_SCENARIO_BYTES = 1_000_000

_TOP_KEYS = {"name", "title", "description", "sources", "extends", "world", "models"}
_RANGE_KEYS = {"value", "low", "high", "dist"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario.

    Attributes
    ----------
    name, title, description, sources:
        Identification and provenance (``sources``: citations or ``"illustrative"``).
    world:
        The world variables the scenario sets, at their nominal values (exact). Variables it
        does not name keep the world's defaults (:meth:`point`).
    ranges:
        For variables given a range or distribution: a distribution spec accepted by
        :func:`gametheory.sensitivity.distributions.parse_distribution` (``low``/``high``
        become ``uniform(low, high)``).
    models:
        Expert settings of models' own parameters, by model name (exact, not yet checked
        against the model: :meth:`model_settings` does that).
    path:
        The file it came from (``None`` for text).
    """

    name: str
    title: str
    description: str = ""
    sources: tuple[str, ...] = ()
    world: dict[str, Fraction] = field(default_factory=dict)
    ranges: dict[str, Any] = field(default_factory=dict)
    models: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    path: str | None = None

    def point(self, world: World) -> dict[str, Fraction]:
        """The complete world state at the scenario's nominal values."""
        return world.values(self.world)

    def model_settings(self, model: Any) -> dict[str, Fraction]:
        """The expert settings for ``model`` (checked against its parameters)."""
        out: dict[str, Fraction] = {}
        for k, v in self.models.get(model.name, {}).items():
            try:
                out[k] = model.parameter(k).check(v)
            except GameError as exc:
                raise GameError(f"scenario {self.name}: [models.{model.name}] {exc}") from None
        return out

    @property
    def illustrative(self) -> bool:
        return not self.sources or any("illustrative" in s.lower() for s in self.sources)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "sources": list(self.sources),
            "illustrative": self.illustrative,
            "world": json_value(self.world),
            "ranges": {k: str(v) for k, v in self.ranges.items()},
            "models": json_value(self.models),
            "path": self.path,
        }


# ----------------------------------------------------------------------------- reading
def _toml_loads(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


def _line_of(text: str, table: str | None, key: str) -> int | None:
    """The 1-based line where ``key`` is assigned inside ``[table]`` (top level: ``None``)."""
    current: str | None = None
    pat = re.compile(r"^\s*(?:\"" + re.escape(key) + r"\"|'" + re.escape(key) + r"'|" + re.escape(key) + r")\s*=")
    for n, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).replace(" ", "").replace('"', "")
            continue
        if current == table and pat.match(line):
            return n
    return None


class _Reader:
    """Turns the decoded TOML of one file into checked values, with file:line in every error."""

    def __init__(self, text: str, where: str) -> None:
        self.text, self.where = text, where

    def fail(self, table: str | None, key: str | None, message: str) -> GameError:
        line = _line_of(self.text, table, key) if key is not None else None
        at = f"{self.where}, line {line}" if line else self.where
        name = f"{table}.{key}" if table and key else (key or table or "")
        return GameError(f"{at}: {name + ': ' if name else ''}{message}")

    def number(self, raw: Any, table: str | None, key: str) -> Fraction | bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int):
            if abs(raw) > 10**100:
                raise self.fail(table, key, "a number with more than 100 digits")
            return Fraction(raw)
        if isinstance(raw, float):
            if not math.isfinite(raw):
                raise self.fail(table, key, f"{raw} is not a finite number")
            return Fraction(repr(raw))
        if isinstance(raw, str):
            try:
                return parse_number(raw, "value")
            except GameError as exc:
                raise self.fail(table, key, str(exc)) from None
        raise self.fail(table, key, f"expected a number, got {type(raw).__name__}")


def parse_scenario(
    text: str,
    world: World,
    *,
    name: str = "scenario",
    where: str | None = None,
    resolve: Callable[[str, str], tuple[str, str]] | None = None,
    model_names: Mapping[str, Any] | None = None,
    _stack: tuple[str, ...] = (),
) -> Scenario:
    """Parse scenario ``text`` against ``world``.

    ``resolve(ref, where)`` returns ``(text, where)`` of the scenario named by ``extends``
    (the loader passes one that knows the built-in scenarios and relative paths);
    ``model_names``, when given, lists the models ``[models.NAME]`` tables may name.
    """
    where = where or name
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SCENARIO_BYTES:
        raise GameError(f"{where}: a scenario file larger than {MAX_SCENARIO_BYTES} bytes is refused")
    check_digits(text, where)  # before tomllib, which would hit Python's own 4300-digit limit
    try:
        data = _toml_loads(text)
    except Exception as exc:  # tomllib.TOMLDecodeError; its message carries the line and column
        raise GameError(f"{where}: malformed TOML: {exc}") from None
    r = _Reader(text, where)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise r.fail(None, unknown[0], f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")

    base: Scenario | None = None
    if "extends" in data:
        ref = data["extends"]
        if not isinstance(ref, str) or not ref.strip():
            raise r.fail(None, "extends", "expected the name or path of another scenario")
        if resolve is None:
            raise r.fail(None, "extends", "this scenario text cannot extend another (no loader)")
        if ref in _stack or where in _stack:
            raise r.fail(None, "extends", f"circular: {' -> '.join((*_stack, where, ref))}")
        base_text, base_where = resolve(ref, where)
        base = parse_scenario(base_text, world, name=Path(ref).stem, where=base_where, resolve=resolve,
                              model_names=model_names, _stack=(*_stack, where))

    def text_field(key: str, default: str) -> str:
        v = data.get(key, default)
        if not isinstance(v, str):
            raise r.fail(None, key, f"expected text, got {type(v).__name__}")
        return v

    scen_name = text_field("name", name)
    if not _NAME.match(scen_name):
        raise r.fail(None, "name", f"{scen_name!r} is not a usable name (letters, digits, '-', '_', '.', '+')")
    title = text_field("title", base.title if base else "")
    if not title.strip():
        raise r.fail(None, "title" if "title" in data else None, 'every scenario needs a title (title = "...")')
    description = text_field("description", base.description if base else "")
    sources_raw = data.get("sources", [])
    if isinstance(sources_raw, str):
        sources_raw = [sources_raw]
    if not isinstance(sources_raw, list) or not all(isinstance(s, str) for s in sources_raw):
        raise r.fail(None, "sources", "expected a list of texts")
    sources = tuple(dict.fromkeys([*(base.sources if base else ()), *sources_raw]))

    values = dict(base.world) if base else {}
    ranges = dict(base.ranges) if base else {}
    table = data.get("world", {})
    if not isinstance(table, dict):
        raise r.fail(None, "world", "expected a table [world]")
    for key, raw in table.items():
        if key not in world:
            raise r.fail("world", key, f"unknown world variable (known: {', '.join(world.names())})")
        var = world.variable(key)
        ranges.pop(key, None)
        if isinstance(raw, dict):
            extra = sorted(set(raw) - _RANGE_KEYS)
            if extra:
                raise r.fail("world", key, f"unknown field {extra[0]!r} (allowed: {', '.join(sorted(_RANGE_KEYS))})")
            if var.kind == "flag":
                raise r.fail("world", key, "a yes/no variable takes true or false, not a range")
            low = r.number(raw["low"], "world", key) if "low" in raw else None
            high = r.number(raw["high"], "world", key) if "high" in raw else None
            if (low is None) != (high is None):
                raise r.fail("world", key, "give both low and high")
            if "dist" in raw and low is not None:
                raise r.fail("world", key, "give either low/high or dist, not both")
            spec: Any
            if low is not None and high is not None:
                lo, hi = _checked(r, var, low, key), _checked(r, var, high, key)
                if lo >= hi:
                    raise r.fail("world", key, f"low {lo} must be below high {hi}")
                spec = f"uniform({lo}, {hi})"
                nominal = r.number(raw["value"], "world", key) if "value" in raw else (lo + hi) / 2
            elif "dist" in raw:
                if "value" not in raw:
                    raise r.fail("world", key, "a distribution needs a nominal value (value = ...)")
                from gametheory.sensitivity.distributions import parse_distribution

                try:  # checked here, drawn from later (the text is kept for the output)
                    parse_distribution(raw["dist"], f"world variable {key}")
                except GameError as exc:
                    raise r.fail("world", key, str(exc)) from None
                spec = raw["dist"]
                nominal = r.number(raw["value"], "world", key)
            else:
                if "value" not in raw:
                    raise r.fail("world", key, "expected value, low/high or dist")
                spec = None
                nominal = r.number(raw["value"], "world", key)
            values[key] = _checked(r, var, nominal, key)
            if spec is not None:
                if low is not None and not (lo <= values[key] <= hi):
                    raise r.fail("world", key, f"value {values[key]} lies outside low..high")
                ranges[key] = spec
        else:
            values[key] = _checked(r, var, r.number(raw, "world", key), key)

    models: dict[str, dict[str, Fraction]] = {k: dict(v) for k, v in (base.models if base else {}).items()}
    mtable = data.get("models", {})
    if not isinstance(mtable, dict):
        raise r.fail(None, "models", "expected tables [models.NAME]")
    for mname, settings in mtable.items():
        if model_names is not None and mname not in model_names:
            raise r.fail(None, "models", f"unknown model {mname!r} (known: {', '.join(sorted(model_names))})")
        if not isinstance(settings, dict):
            raise r.fail(None, "models", f"[models.{mname}] must be a table of parameter = value")
        into = models.setdefault(mname, {})
        for key, raw in settings.items():
            num = r.number(raw, f"models.{mname}", key)
            if isinstance(num, bool):
                raise r.fail(f"models.{mname}", key, "expected a number, got true/false")
            if model_names is not None:
                model = model_names[mname]()
                try:
                    num = model.parameter(key).check(num)
                except GameError as exc:
                    raise r.fail(f"models.{mname}", key, str(exc).replace(f"model {mname}: ", "")) from None
            into[key] = num
    path = where if where.endswith(".toml") else None
    return Scenario(scen_name, title, description, sources, values, ranges, models, path)


def _checked(r: _Reader, var: Any, value: Fraction | bool, key: str) -> Fraction:
    try:
        return var.check(value)
    except GameError as exc:
        raise r.fail("world", key, str(exc).split(": ", 1)[-1]) from None


# ----------------------------------------------------------------------------- files
def scenario_files(directory: Path) -> dict[str, Path]:
    """Built-in scenario files in ``directory`` by name (file stem), sorted."""
    return {p.stem: p for p in sorted(directory.glob("*.toml"))}


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GameError(f"{path}: cannot read the scenario file ({exc.strerror or exc})") from None
    if size > MAX_SCENARIO_BYTES:
        raise GameError(f"{path}: a scenario file larger than {MAX_SCENARIO_BYTES} bytes is refused")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GameError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise GameError(f"{path}: cannot read the scenario file ({exc.strerror or exc})") from None


def load_scenario(
    ref: str | Path,
    world: World,
    *,
    builtin: Mapping[str, Path] | None = None,
    model_names: Mapping[str, Any] | None = None,
) -> Scenario:
    """A scenario by built-in name (a key of ``builtin``) or by path to a ``.toml`` file."""
    builtin = builtin or {}

    def locate(r: str, origin: str) -> tuple[str, str]:
        if r in builtin:
            return _read(builtin[r]), str(builtin[r])
        p = Path(r)
        if not p.is_absolute() and origin.endswith(".toml"):
            p = Path(origin).parent / p
        if p.suffix != ".toml" or not p.exists():
            known = ", ".join(builtin) or "none"
            raise GameError(f"unknown scenario {r!r}: not a built-in name ({known}) nor an existing .toml file")
        return _read(p), str(p)

    text, where = locate(str(ref), "")
    stem = Path(where).stem
    return parse_scenario(text, world, name=stem, where=where, resolve=locate, model_names=model_names)


def run_scenario(
    model: Any,
    scenario: Scenario,
    world: World,
    overrides: Mapping[str, Any] | None = None,
    *,
    flips: bool = True,
) -> Any:
    """Solve ``model`` at the scenario's nominal world state (then its expert settings, then
    ``overrides``); the :class:`~gametheory.modeling.ModelResult` records the scenario, the
    world variables used and where every value came from."""
    return model.solve(overrides, flips=flips, world=scenario.point(world), scenario=scenario)
