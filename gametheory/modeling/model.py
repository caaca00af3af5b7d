"""What every model of the suite provides, and the machinery they share.

A model is a game the engine builds and solves, plus the words that turn its solution into
a statement an analyst can use. Concretely a :class:`Model` subclass declares

* ``name``, ``title``, ``question`` (what it answers) and ``players``;
* ``parameters``: :class:`~gametheory.symbolic.Parameter` objects, each with description,
  unit, default, admissible interval and, for calibrated defaults, the public source;
* ``outcomes``: every :class:`Outcome` its interpretation can report, each with a headline
  and an explanation written for a reader who has not seen the model;
* ``references``: the literature the model formalises;
* ``constraints`` (optional): joint restrictions between two parameters as
  :class:`Constraint` objects, checked on every value set and, being declarative, also
  evaluated on arrays by the compiled sensitivity path;

and implements

* :meth:`Model.build` -- the game at given parameter values (a tree, matrix, bargaining
  problem or coalitional game of the engine);
* :meth:`Model.analyse` -- solves that game *with the engine's solvers* and reports which
  outcome holds, the equilibrium, and named quantities (shares, probabilities, ...).

:meth:`Model.solve` validates the values, calls both, and adds the parameters' *nearest
flips*: for each parameter, the closest values below and above the current one at which
the outcome changes (:func:`nearest_flips`), found by scanning the admissible interval and
bisecting. Models whose outcome boundaries are known in closed form may override
:meth:`Model.flip_points` to give them exactly.

Models whose numeric quantities are known in closed form may also override
:meth:`Model.quantity_expressions`: at a point ``values``, a dict mapping quantity names to
exact sympy expressions in the parameter symbols (``model.parameter(name).symbol``), with
every branch chosen as it is at ``values``, so that each expression equals the quantity in
a neighbourhood of the point where the outcome and the branches do not change. A quantity
left out simply has no closed form there. :func:`gametheory.sensitivity.elasticities`
differentiates these expressions (checking first that each one evaluates to exactly the
quantity the model computes at the point); the default returns ``{}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from gametheory._kernel.values import format_number, json_number
from gametheory.errors import GameError
from gametheory.symbolic.parameters import Parameter

if TYPE_CHECKING:
    import sympy

_CONSTRAINT_WORDS = {">": "must exceed", ">=": "must be at least", "<": "must be below", "<=": "must be at most"}


@dataclass(frozen=True)
class Constraint:
    """A joint restriction ``lhs op rhs`` between two parameters (``op`` in ``> >= < <=``).

    ``why`` is a short reason shown in the error message.
    """

    lhs: str
    op: str
    rhs: str
    why: str = ""

    def __post_init__(self) -> None:
        if self.op not in _CONSTRAINT_WORDS:
            raise ValueError(f"constraint operator must be one of > >= < <=, not {self.op!r}")

    def holds(self, values: Mapping[str, Any]) -> bool:
        a, b = values[self.lhs], values[self.rhs]
        return bool({">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[self.op])

    def text(self) -> str:
        return f"{self.lhs} {self.op} {self.rhs}"

    def message(self, model: str, values: Mapping[str, Fraction]) -> str:
        why = f": {self.why}" if self.why else ""
        return (f"model {model}: {self.lhs} ({format_value(values[self.lhs])}) {_CONSTRAINT_WORDS[self.op]} "
                f"{self.rhs} ({format_value(values[self.rhs])}){why}")


@dataclass(frozen=True)
class Outcome:
    """One qualitative result a model can report (e.g. "deterrence holds")."""

    key: str
    headline: str
    explanation: str


@dataclass(frozen=True)
class Flip:
    """A parameter value at which the model's outcome changes.

    ``value`` is where the outcome changes when ``parameter`` alone moves from its current
    value towards ``direction`` (``"down"`` or ``"up"``); ``to`` is the outcome beyond it.
    Exact flips (closed-form boundaries) have ``exact=True``; scanned ones lie within
    ``accuracy`` of the true boundary (by default ``1e-9`` of the interval width).
    """

    parameter: str
    value: Fraction | float
    direction: str
    to: str
    exact: bool = False
    accuracy: Fraction = Fraction(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "value": json_number(self.value),
            "direction": self.direction,
            "to": self.to,
            "exact": self.exact,
            "accuracy": json_number(self.accuracy),
        }


@dataclass(frozen=True)
class ModelResult:
    """A solved model at one parameter point.

    Attributes
    ----------
    model:
        The model's registry name.
    values:
        Every parameter's value used (defaults filled in), exact.
    outcome:
        The :class:`Outcome` that holds.
    statement:
        The outcome in plain words at these values (headline plus the reason).
    equilibrium:
        The equilibrium the statement rests on, in JSON-ready form (strategies by name,
        payoffs, and how it was verified).
    quantities:
        Named numbers the analysis produces (probabilities, shares, thresholds), exact
        where the model is.
    flips:
        Nearest values of each parameter that change the outcome (empty until
        :meth:`Model.solve` computes them, or when no parameter can flip it).
    method:
        Which engine solver produced the equilibrium.
    notes:
        Caveats a careful reader should see.
    """

    model: str
    values: dict[str, Fraction]
    outcome: Outcome
    statement: str
    equilibrium: dict[str, Any]
    quantities: dict[str, Any] = field(default_factory=dict)
    flips: tuple[Flip, ...] = ()
    method: str = ""
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "values": {k: json_number(v) for k, v in self.values.items()},
            "outcome": self.outcome.key,
            "headline": self.outcome.headline,
            "statement": self.statement,
            "equilibrium": _jsonable(self.equilibrium),
            "quantities": {k: _jsonable(v) for k, v in self.quantities.items()},
            "flips": [f.to_json() for f in self.flips],
            "method": self.method,
            "notes": list(self.notes),
        }


def _jsonable(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (Fraction, float, int)) and not isinstance(x, bool):
        return json_number(x)
    if x is None or isinstance(x, (str, bool)):
        return x
    try:
        return json_number(Fraction(str(x)))
    except (ValueError, TypeError):
        pass
    try:
        return float(x)
    except (TypeError, ValueError):
        return str(x)


class Model:
    """Base class of the suite's models (see the module docstring for the contract)."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    question: ClassVar[str] = ""
    players: ClassVar[tuple[str, ...]] = ()
    parameters: ClassVar[tuple[Parameter, ...]] = ()
    outcomes: ClassVar[tuple[Outcome, ...]] = ()
    references: ClassVar[tuple[str, ...]] = ()
    #: Parameters whose flips are not worth scanning (e.g. pure scale constants).
    no_flips: ClassVar[tuple[str, ...]] = ()
    #: Declarative joint restrictions (checked by the base :meth:`check_values`).
    constraints: ClassVar[tuple[Constraint, ...]] = ()

    # ------------------------------------------------------------------ values
    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters)
        raise GameError(f"model {self.name}: unknown parameter {name!r} (known: {known})")

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Fraction]:
        """Defaults with ``overrides`` applied; unknown names and inadmissible values raise."""
        vals: dict[str, Fraction] = {}
        for p in self.parameters:
            if p.default is None:  # pragma: no cover - the contract test forbids it
                raise GameError(f"model {self.name}: parameter {p.name} has no default")
            vals[p.name] = p.default
        for k, v in (overrides or {}).items():
            vals[k] = self.parameter(k).check(v)
        self.check_values(vals)
        return vals

    def check_values(self, values: Mapping[str, Fraction]) -> None:
        """Joint restrictions between parameters: the declared :attr:`constraints`; models with
        restrictions that are not pairwise comparisons override this (and raise GameError)."""
        for c in self.constraints:
            if not c.holds(values):
                raise GameError(c.message(self.name, values))

    def outcome(self, key: str) -> Outcome:
        for o in self.outcomes:
            if o.key == key:
                return o
        raise KeyError(f"model {self.name}: no outcome {key!r}")  # pragma: no cover - programming error

    # ------------------------------------------------------------------ to implement
    def build(self, values: Mapping[str, Fraction]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:  # pragma: no cover - abstract
        raise NotImplementedError

    # ------------------------------------------------------------------ front door
    def solve(self, overrides: Mapping[str, Any] | None = None, *, flips: bool = True) -> ModelResult:
        """Solve at the defaults with ``overrides``; add each parameter's nearest flips."""
        vals = self.values(overrides)
        res = self.analyse(vals)
        if not flips:
            return res
        found = self.flip_points(vals, res.outcome.key)
        return ModelResult(
            model=res.model,
            values=res.values,
            outcome=res.outcome,
            statement=res.statement,
            equilibrium=res.equilibrium,
            quantities=res.quantities,
            flips=tuple(found),
            method=res.method,
            notes=res.notes,
        )

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        return self.analyse(values).outcome.key

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, sympy.Expr]:
        """Closed forms of numeric quantities near ``values`` (see the module docstring).

        Each value is a sympy expression in the parameter symbols that equals the quantity
        of that name wherever the branches taken at ``values`` still hold; quantities without
        a closed form are left out. The default knows none.
        """
        return {}

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest outcome changes per parameter (numeric scan; override for closed forms)."""
        out: list[Flip] = []
        for p in self.parameters:
            if p.name in self.no_flips:
                continue
            out.extend(nearest_flips(self, values, p, current))
        return out

    def describe_parameters(self) -> list[dict[str, Any]]:
        return [
            {
                "name": p.name,
                "description": p.description,
                "unit": p.unit,
                "default": json_number(p.default) if p.default is not None else None,
                "interval": p.interval_text(),
                "source": p.source,
            }
            for p in self.parameters
        ]


def _admissible_range(p: Parameter, current: Fraction) -> tuple[float, float]:
    lo, hi = p.sample_bounds()
    if p.lower is None:
        lo = min(lo, float(current) - 10 * max(1.0, abs(float(current))))
    if p.upper is None:
        hi = max(hi, float(current) + 10 * max(1.0, abs(float(current))))
    return lo, hi


def nearest_flips(
    model: Model,
    values: Mapping[str, Fraction],
    p: Parameter,
    current: str,
    *,
    grid: int = 48,
    classify: Callable[[Mapping[str, Fraction]], str] | None = None,
    rel_tol: Fraction = Fraction(1, 10**9),
) -> list[Flip]:
    """The closest values of ``p`` below and above its current value where the outcome changes.

    The admissible interval is scanned on ``grid`` points on each side of the current value
    (nearest first); the first point with a different outcome is bisected against the last
    point with the current one, to ``rel_tol`` (default ``1e-9``) of the interval width, in
    exact rationals.
    A change on a scale finer than the grid spacing can be missed; models with closed-form
    boundaries override :meth:`Model.flip_points`.
    """
    key = classify or model.outcome_key
    x0 = values[p.name]
    lo, hi = _admissible_range(p, x0)
    width = hi - lo
    if not math.isfinite(width) or width <= 0:
        return []
    tol = Fraction(width) * rel_tol
    flips: list[Flip] = []
    for direction, end in (("down", lo), ("up", hi)):
        end_f = Fraction(end)
        if p.lower is not None and direction == "down" and p.lower_open:
            end_f = Fraction(p.lower) + tol
        if p.upper is not None and direction == "up" and p.upper_open:
            end_f = Fraction(p.upper) - tol
        if (direction == "down" and end_f >= x0) or (direction == "up" and end_f <= x0):
            continue
        inside = x0
        for k in range(1, grid + 1):
            x = x0 + (end_f - x0) * Fraction(k, grid)
            vals = dict(values)
            vals[p.name] = x
            try:
                model.check_values(vals)
                o = key(vals)
            except GameError:
                break
            if o != current:
                a, b = inside, x
                while abs(b - a) > tol:
                    mid = (a + b) / 2
                    vals[p.name] = mid
                    om = key(vals)
                    if om == current:
                        a = mid
                    else:
                        b, o = mid, om
                    # keep fractions small: snap to a nearby simple rational
                    a = a.limit_denominator(10**12) if a.denominator > 10**15 else a
                    b = b.limit_denominator(10**12) if b.denominator > 10**15 else b
                flips.append(Flip(p.name, simplest_between(a, b), direction, o, accuracy=tol))
                break
            inside = x
    return flips


def simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The rational with the smallest denominator in the closed interval between a and b.

    Bisection brackets a boundary to a tiny interval; boundaries of models with rational
    inputs are usually simple rationals (3/2, not 1.5000000074), and this recovers them.
    """
    lo, hi = (a, b) if a <= b else (b, a)
    fl = lo.numerator // lo.denominator
    if Fraction(fl) == lo:
        return Fraction(fl)
    if fl + 1 <= hi:
        return Fraction(fl + 1) if fl + 1 > lo else Fraction(fl)
    # lo, hi in (fl, fl+1): recurse on the reciprocals of the fractional parts
    inner = simplest_between(1 / (hi - fl), 1 / (lo - fl))
    return fl + 1 / inner


def format_value(v: Any) -> str:
    if isinstance(v, Fraction):
        if v.denominator <= 1000:
            return format_number(v)
        return f"{float(v):.4g}"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def flip_words(model: Model, f: Flip) -> str:
    p = model.parameter(f.parameter)
    unit = f" {p.unit}" if p.unit else ""
    verb = "falls below" if f.direction == "down" else "rises above"
    return f"if {p.name} {verb} {format_value(f.value)}{unit}: {model.outcome(f.to).headline}"


def values_text(values: Mapping[str, Fraction], names: Sequence[str] | None = None) -> str:
    keys = names if names is not None else list(values)
    return ", ".join(f"{k}={format_value(values[k])}" for k in keys)
