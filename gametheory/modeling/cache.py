"""A cache of flips: each (model, exact values, flip settings) is searched once.

Finding a model's flips means solving it many times (a scan and a bisection per parameter,
or per world variable), while the answer depends only on the model's code, the exact values
and the search settings. :func:`cached_flips` keeps every answer in memory for the rest of
the process (the brief reuses it across scenarios that map a model to the same values) and on
disk, one small JSON file per answer, under ``$XDG_CACHE_HOME/gametheory`` (or
``~/.cache/gametheory``) so that the next command finds it too.

The key is a SHA-256 hash of

* the model class's source files (every class of its MRO below :class:`~gametheory.modeling.Model`),
* a stamp of the engine's own source files (path, size and modification time of each ``.py``
  file of the installed ``gametheory`` package) and the package version,
* the model's name, the exact parameter (or world) values and the settings of the search.

Editing the model or the engine therefore starts afresh. A model instance with state of its
own (public attributes set on the instance; private ``_caches`` do not count), or whose methods do not come from those source files
(replaced at run time), is never cached. ``GAMETHEORY_CACHE=off`` (or ``0``, ``no``,
``false``) turns the cache off, memory and disk alike. A cache file that cannot be read,
does not parse, or does not hold flips is ignored (and replaced); a cache folder that cannot
be written is skipped silently: the cache never makes a command fail.

:func:`cached_values` keeps other exact answers the same way (plain data: Fractions, bools,
strings, lists, dicts; under ``values/``), for a solve that is cheap to keep but costly to
redo in a new process, e.g. one that would import sympy.

>>> from gametheory.modeling.cache import cache_enabled
>>> isinstance(cache_enabled(), bool)
True
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gametheory.errors import GameError
from gametheory.modeling.outcomes import Flip

if TYPE_CHECKING:
    from gametheory.modeling.model import Model

__all__ = ["CACHE_ENV", "cache_dir", "cache_enabled", "cached_flips", "cached_values", "clear_memory"]

#: The environment variable that switches the cache off (``off``, ``0``, ``no``, ``false``).
CACHE_ENV = "GAMETHEORY_CACHE"
_OFF = {"off", "0", "no", "false"}
#: Bump when the file format changes.
_FORMAT = 1
#: Methods whose code decides flips; each must come from the hashed source files.
_METHODS = ("build", "analyse", "outcome_key", "check_values", "flip_points", "values", "from_world", "solve")

_MEMORY: dict[str, tuple[Flip, ...]] = {}
_VALUES: dict[str, Any] = {}
_CLASS_HASH: dict[type, str | None] = {}
_ENGINE_STAMP: list[str] = []


def cache_enabled() -> bool:
    """Whether the flip cache is on (``GAMETHEORY_CACHE`` is not ``off``)."""
    return os.environ.get(CACHE_ENV, "").strip().lower() not in _OFF


def cache_dir() -> Path:
    """The folder of the on-disk cache: ``$XDG_CACHE_HOME/gametheory`` or ``~/.cache/gametheory``."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "gametheory"


def clear_memory() -> None:
    """Forget the flips and values kept in memory (the files on disk stay)."""
    _MEMORY.clear()
    _VALUES.clear()


def _engine_stamp() -> str:
    if not _ENGINE_STAMP:
        import gametheory

        root = Path(gametheory.__file__).parent
        h = hashlib.sha256(f"{gametheory.__version__}|{_FORMAT}".encode())
        _stamp_dir(h, root, recursive=True)
        _ENGINE_STAMP.append(h.hexdigest())
    return _ENGINE_STAMP[0]


def _stamp_dir(h: Any, root: Path, *, recursive: bool) -> None:
    """Add path, size and modification time of every ``.py`` file under ``root`` to ``h``."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__") if recursive else []
        for f in sorted(filenames):
            if f.endswith(".py"):
                p = os.path.join(dirpath, f)
                try:
                    st = os.stat(p)
                except OSError:  # pragma: no cover - a file vanished while walking
                    continue
                h.update(f"{os.path.relpath(p, root)}|{st.st_size}|{st.st_mtime_ns};".encode())


def _class_hash(cls: type) -> str | None:
    """Hash of the source files defining ``cls`` and its bases, with a stamp of the other files of
    its package (helpers a model imports), or None: not cacheable."""
    if cls in _CLASS_HASH:
        return _CLASS_HASH[cls]
    # the base class, found on the MRO (importing gametheory.modeling.model here would be a cycle)
    Model = next((c for c in cls.__mro__ if c.__module__ == "gametheory.modeling.model" and c.__name__ == "Model"),
                 object)
    digest: str | None = None
    try:
        files = sorted({inspect.getsourcefile(c) or "" for c in cls.__mro__ if c not in (object, Model)})
        methods_ok = all(
            getattr(getattr(cls, name, None), "__code__", None) is not None
            and (getattr(cls, name).__code__.co_filename in files or getattr(cls, name) is getattr(Model, name, None))
            for name in _METHODS
        )
        if methods_ok and all(files):
            h = hashlib.sha256(cls.__module__.encode() + b"|" + cls.__qualname__.encode())
            for f in files:
                h.update(Path(f).read_bytes())
            for folder in sorted({Path(f).parent for f in files}):
                if (folder / "__init__.py").exists():  # a package: its helper modules count too
                    _stamp_dir(h, folder, recursive=False)
            digest = h.hexdigest()
    except (OSError, TypeError):
        digest = None
    _CLASS_HASH[cls] = digest
    return digest


def _instance_state(model: Model) -> bool:
    """Whether ``model`` holds public attributes of its own (caches do not count: cached
    properties of its class and private ``_names``, such as the regimes a model keeps)."""
    cls = type(model)
    return any(not k.startswith("_") and not isinstance(getattr(cls, k, None), functools.cached_property)
               for k in vars(model))


def _exact_text(v: Any) -> str:
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    return repr(v)


def _key(model: Model, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str | None:
    if _instance_state(model):  # state the class source does not show
        return None
    cls_hash = _class_hash(type(model))
    if cls_hash is None:
        return None
    payload = {
        "class": cls_hash,
        "engine": _engine_stamp(),
        "model": model.name,
        "values": sorted((str(k), _exact_text(v)) for k, v in values.items()),
        "settings": sorted((str(k), _exact_text(v) if not isinstance(v, (list, tuple)) else
                            [_exact_text(x) for x in v]) for k, v in settings.items()),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _flip_json(f: Flip) -> dict[str, Any]:
    return {"parameter": f.parameter, "value": _exact_text(f.value), "float": isinstance(f.value, float),
            "direction": f.direction, "to": f.to, "exact": f.exact, "accuracy": _exact_text(f.accuracy)}


def _flip_from(d: Mapping[str, Any]) -> Flip:
    value: Fraction | float = float(d["value"]) if d["float"] else Fraction(d["value"])
    if not (isinstance(d["parameter"], str) and d["direction"] in ("up", "down") and isinstance(d["to"], str)
            and isinstance(d["exact"], bool)):
        raise ValueError("not a flip")
    return Flip(d["parameter"], value, d["direction"], d["to"], exact=d["exact"], accuracy=Fraction(d["accuracy"]))


def _read(path: Path, key: str) -> tuple[Flip, ...] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("flips"), list):
            return None
        return tuple(_flip_from(d) for d in data["flips"])
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError):
        return None


def _write(path: Path, key: str, model: str, flips: Iterable[Flip]) -> None:
    from gametheory._kernel.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"key": key, "model": model, "flips": [_flip_json(f) for f in flips]}))
    except (OSError, GameError):
        pass


def cached_flips(
    model: Model,
    values: Mapping[str, Any],
    settings: Mapping[str, Any],
    compute: Callable[[], Iterable[Flip]],
) -> tuple[Flip, ...]:
    """The flips ``compute()`` finds for ``model`` at ``values`` with search ``settings``,
    computed at most once per process and kept on disk (see the module docstring).

    ``settings`` must name everything else the answer depends on (the kind of search, its
    grid and tolerance, parameters held fixed); values are exact or plain Python values.
    """
    key = _key(model, values, settings) if cache_enabled() else None
    if key is None:
        return tuple(compute())
    hit = _MEMORY.get(key)
    if hit is not None:
        return hit
    path = cache_dir() / "flips" / key[:2] / f"{key}.json"
    found = _read(path, key)
    if found is None:
        found = tuple(compute())
        _write(path, key, model.name, found)
    _MEMORY[key] = found
    return found


# --------------------------------------------------------------------------- plain values
def _encode(x: Any) -> Any:
    """``x`` (bools, ints, strings, None, Fractions, lists, tuples, dicts with string keys) as JSON
    data; a Fraction becomes ``{"q": "n/d"}``. Anything else raises TypeError."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return {"q": f"{x}/1"}
    if isinstance(x, Fraction):
        return {"q": f"{x.numerator}/{x.denominator}"}
    if isinstance(x, (list, tuple)):
        return [_encode(y) for y in x]
    if isinstance(x, dict) and all(isinstance(k, str) and k != "q" for k in x):
        return {k: _encode(v) for k, v in x.items()}
    raise TypeError(f"cache: cannot keep a {type(x).__name__}")


def _decode(x: Any) -> Any:
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, list):
        return [_decode(y) for y in x]
    if isinstance(x, dict):
        if set(x) == {"q"}:
            if not (isinstance(x["q"], str) and len(x["q"]) <= 400):
                raise ValueError("not a number")
            return Fraction(x["q"])
        return {str(k): _decode(v) for k, v in x.items()}
    raise ValueError("not a cached value")


def cached_values(
    model: Model,
    values: Mapping[str, Any],
    settings: Mapping[str, Any],
    compute: Callable[[], Any],
) -> Any:
    """What ``compute()`` returns for ``model`` at ``values`` with ``settings``, computed at most
    once per process and kept on disk under ``values/`` (keyed as :func:`cached_flips` is).

    For an exact answer that is cheap to keep but costly to find in a new process (for instance
    a solve that would import sympy). ``compute`` returns plain data: ``None``, bools, strings,
    integers and Fractions (both come back as Fractions), lists (tuples come back as lists) and
    dicts with string keys. The answer is the engine's, computed once: the cache stores it,
    never derives it, and with the cache off ``compute()`` runs every time.
    """
    key = _key(model, values, {"cached": "values", **settings}) if cache_enabled() else None
    if key is None:
        return compute()
    if key in _VALUES:
        return _VALUES[key]
    path = cache_dir() / "values" / key[:2] / f"{key}.json"
    found: Any = None
    hit = False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("key") == key and "value" in data:
            found, hit = _decode(data["value"]), True
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError, RecursionError):
        hit = False
    if not hit:
        found = compute()
        try:
            text = json.dumps({"key": key, "model": model.name, "value": _encode(found)})
        except TypeError:
            return found  # not plain data: computed, not kept
        from gametheory._kernel.files import write_atomic

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        except (OSError, GameError):
            pass
        found = _decode(json.loads(text)["value"])  # the same shape as a hit (lists, Fractions)
    _VALUES[key] = found
    return found
