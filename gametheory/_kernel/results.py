"""The one result protocol: a frozen :class:`Result` base and the one JSON encoder.

Every public result of the engine (normal-form and tree solutions, symbolic analyses,
bargaining and coalitional answers, sensitivity analyses, model results) derives from
:class:`Result` and so carries the same common fields:

``method``
    what computed it (``"enummixed"``, ``"backward_induction"``, ``"sweep"``, ...);
``arithmetic``
    ``"exact"`` (rationals throughout), ``"float"`` or ``"symbolic"``;
``elapsed``
    wall-clock seconds;
``parameters``
    the options that affect the answer;
``diagnostics``
    notes a careful reader should see (fallbacks taken, what was not checked, ...).

:func:`json_value` is the one value serialiser (the same idea as attrs'
``asdict(value_serializer=...)``): every result's ``to_json``, the command line and the
models turn values into JSON through it, so a value prints the same everywhere:

==========================================  ===========================================
value                                       JSON
==========================================  ===========================================
``None``, ``bool``, ``str``                 as is
``int``, ``numpy`` integers                 a number (``np.int64(3)`` -> ``3``)
``Fraction``, sympy rationals               a string, exactly: ``"2/3"``, ``"3"``
``float``, ``numpy`` floats                 a number; ``nan``/``inf`` as the strings
                                            ``"nan"``, ``"inf"``, ``"-inf"``
other sympy expressions                     their text (``"p_US*(1 - e)"``)
``Decimal``                                 a string, exactly
mappings                                    objects (keys as text; tuples joined by ``,``)
tuples, lists, sets, numpy arrays           arrays (sets sorted)
a :class:`Result` or anything with          what its ``to_json()`` returns
``to_json()``
other dataclasses                           an object of their fields
==========================================  ===========================================

Anything else raises :class:`TypeError` naming the type: a value that cannot be written
faithfully is a bug to fix, not text to guess.

>>> from fractions import Fraction
>>> import numpy as np
>>> json_value({"p": Fraction(2, 3), "n": np.int64(3), "x": np.float64(0.5), "t": (1, 2)})
{'p': '2/3', 'n': 3, 'x': 0.5, 't': [1, 2]}
>>> dumps(Result(method="demo", arithmetic="exact", parameters={"tol": Fraction(1, 10)}))
'{"method": "demo", "arithmetic": "exact", "elapsed_seconds": 0.0, "parameters": {"tol": "1/10"}, "diagnostics": []}'
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

#: The three kinds of arithmetic a result can rest on.
ARITHMETICS = ("exact", "float", "symbolic")


def arithmetic_of(exact: bool) -> str:
    """``"exact"`` or ``"float"`` for a flag ``exact``."""
    return "exact" if exact else "float"


def _float(v: float) -> float | str:
    v = float(v)
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, tuple):
        return ",".join(_key(x) for x in k)
    v = json_value(k)
    return v if isinstance(v, str) else json.dumps(v)


def json_value(v: Any) -> Any:
    """``v`` as plain JSON data (see the module table); raises TypeError for unknown types."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, Enum):
        return json_value(v.value)
    if isinstance(v, Mapping):
        return {_key(k): json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [json_value(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted((json_value(x) for x in v), key=lambda x: (type(x).__name__, str(x)))
    to_json = getattr(v, "to_json", None)
    if callable(to_json):
        return to_json()
    module = type(v).__module__.split(".")[0]
    if module == "numpy":
        import numpy as np

        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return _float(float(v))
        if isinstance(v, np.ndarray):
            return [json_value(x) for x in v.tolist()] if v.dtype != object else [json_value(x) for x in v]
    if module == "sympy":
        if getattr(v, "is_Integer", False) or getattr(v, "is_Rational", False):
            return str(Fraction(int(v.p), int(v.q)))
        import sympy

        return sympy.sstr(v)
    if module == "flint":
        return str(Fraction(str(v)))
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: json_value(getattr(v, f.name)) for f in dataclasses.fields(v)}
    raise TypeError(f"json_value: cannot write a {type(v).__module__}.{type(v).__name__} as JSON")


def dumps(v: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` of :func:`json_value` ``(v)``."""
    return json.dumps(json_value(v), indent=indent)


@dataclass(frozen=True, kw_only=True)
class Result:
    """Base of every result: the common fields, frozen, and one way to JSON.

    Subclasses add their own fields (positional ones first; the common fields are
    keyword-only) and, where the plain field-by-field JSON is not what a reader wants,
    override :meth:`to_json` starting from :meth:`common_json`.
    """

    method: str = ""
    arithmetic: str = "exact"
    elapsed: float = 0.0
    parameters: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.arithmetic not in ARITHMETICS:
            raise ValueError(f"arithmetic must be one of {ARITHMETICS}, not {self.arithmetic!r}")

    @property
    def exact(self) -> bool:
        """Whether the arithmetic was exact (rational) throughout."""
        return self.arithmetic == "exact"

    def _repr_html_(self) -> str:
        """The default notebook display of every result: a heading (method, arithmetic,
        time), its summary text when it has one, the diagnostics, and the JSON folded away."""
        from gametheory._kernel.display import result_html

        return result_html(self)

    def common_json(self) -> dict[str, Any]:
        """The common fields as JSON (``elapsed`` as ``elapsed_seconds``)."""
        return {
            "method": self.method,
            "arithmetic": self.arithmetic,
            "elapsed_seconds": json_value(self.elapsed),
            "parameters": json_value(self.parameters),
            "diagnostics": list(self.diagnostics),
        }

    def to_json(self) -> dict[str, Any]:
        """Every field through :func:`json_value`, the common ones first."""
        out = self.common_json()
        common = {f.name for f in dataclasses.fields(Result)}
        for f in dataclasses.fields(self):
            if f.name not in common and f.metadata.get("json", True):
                out[f.name] = json_value(getattr(self, f.name))
        return out
