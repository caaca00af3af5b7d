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
:meth:`Model.flip_points` to give them exactly. Flips are searched once per model, exact
values and settings, and kept in memory and on disk (:mod:`gametheory.modeling.cache`;
``GAMETHEORY_CACHE=off`` turns that off).

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

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.cache import cached_flips
from gametheory.modeling.constraints import Constraint
from gametheory.modeling.flips import nearest_flips
from gametheory.modeling.outcomes import Flip, Outcome
from gametheory.modeling.world import WorldLink, is_illustrative
from gametheory.symbolic.parameters import Parameter

if TYPE_CHECKING:
    import sympy


@dataclass(frozen=True)
class ModelResult(Result):
    """A solved model at one parameter point.

    Besides the common :class:`~gametheory._kernel.results.Result` fields (``method``: which
    engine solver produced the equilibrium; ``arithmetic``; ``diagnostics``: caveats a
    careful reader should see), it holds:

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
    """

    model: str
    values: dict[str, Fraction]
    outcome: Outcome
    statement: str
    equilibrium: dict[str, Any]
    quantities: dict[str, Any] = field(default_factory=dict)
    flips: tuple[Flip, ...] = ()
    #: Where each parameter's value came from: ``"default"``, ``"world"`` (through the
    #: model's world links), ``"scenario"`` (a scenario's expert setting) or ``"set"``.
    provenance: dict[str, str] = field(default_factory=dict)
    #: The world state the values were mapped from (only the variables the model uses).
    world: dict[str, Fraction] = field(default_factory=dict)
    #: The scenario's name, when the model was run on one.
    scenario: str | None = None
    #: Parameter descriptions (name, unit, source, illustrative) for the JSON's assumptions.
    assumptions: tuple[dict[str, Any], ...] = ()

    def __repr__(self) -> str:
        """One line: the model, the outcome, where it was solved, how many flips were found."""
        where = f" at scenario {self.scenario}" if self.scenario else ""
        flips = f", {len(self.flips)} flips" if self.flips else ""
        return f"<ModelResult {self.model}{where}: {self.outcome.key} ({self.outcome.headline}){flips}>"

    @property
    def illustrative(self) -> bool:
        """Whether any value the result rests on is an illustrative assumption."""
        return any(a.get("illustrative", True) for a in self.assumptions) if self.assumptions else True

    @property
    def notes(self) -> tuple[str, ...]:
        """The :attr:`diagnostics` under their old name (kept for one release)."""
        return self.diagnostics

    def to_json(self) -> dict[str, Any]:
        return {
            **self.common_json(),
            "model": self.model,
            "values": json_value(self.values),
            "outcome": self.outcome.key,
            "headline": self.outcome.headline,
            "statement": self.statement,
            "equilibrium": json_value(self.equilibrium),
            "quantities": json_value(self.quantities),
            "flips": [f.to_json() for f in self.flips],
            "scenario": self.scenario,
            "world": json_value(self.world),
            "illustrative": self.illustrative,
            "caveat": ILLUSTRATIVE_CAVEAT if self.illustrative else "",
            "assumptions": [
                {**a, "value": json_value(self.values.get(a["name"])),
                 "set_by": self.provenance.get(a["name"], "default")}
                for a in self.assumptions
            ],
        }


#: The flag every result resting on illustrative values carries (text and JSON alike).
ILLUSTRATIVE_CAVEAT = "illustrative, not an estimate: values rest on assumptions chosen to show the mechanism"


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
    #: The parameters :meth:`flip_points` searches, when a model searches fewer than all of
    #: them (``None``: every parameter not in :attr:`no_flips`). Claims that a parameter
    #: "never changes the outcome alone" are made only for the parameters searched.
    flip_parameters: ClassVar[tuple[str, ...] | None] = None
    #: Declarative joint restrictions (checked by the base :meth:`check_values`).
    constraints: ClassVar[tuple[Constraint, ...]] = ()
    #: How parameters follow from the world state (:mod:`gametheory.modeling.world`); a
    #: parameter without a link keeps its default under every scenario.
    world_links: ClassVar[tuple[WorldLink, ...]] = ()

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

    def from_world(self, world: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """The parameters the world state determines (through :attr:`world_links`), checked."""
        out: dict[str, Fraction] = {}
        for lk in self.world_links:
            x = lk.value(world)
            try:
                out[lk.parameter] = self.parameter(lk.parameter).check(x)
            except GameError as exc:
                raise GameError(
                    f"model {self.name}: the world state ({', '.join(f'{u} = {world[u]}' for u in lk.uses)}) "
                    f"gives {exc}"
                ) from None
        return out

    def world_variables(self) -> tuple[str, ...]:
        """The world variables this model reads, in order of first use."""
        return tuple(dict.fromkeys(u for lk in self.world_links for u in lk.uses))

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
    def solve(
        self,
        overrides: Mapping[str, Any] | None = None,
        *,
        flips: bool = True,
        world: Mapping[str, Fraction] | None = None,
        scenario: Any = None,
    ) -> ModelResult:
        """Solve and add each parameter's nearest flips.

        Values: the defaults, then (with ``world``, a complete world state) the parameters
        the world determines, then ``scenario.model_settings(self)`` (a
        :class:`~gametheory.modeling.scenarios.Scenario`'s expert settings), then
        ``overrides``. ``scenario`` alone uses its nominal world point, which needs the
        world: pass ``world`` too or use :func:`gametheory.modeling.scenarios` helpers.
        """
        mapped = self.from_world(world) if world is not None else {}
        expert = scenario.model_settings(self) if scenario is not None else {}
        user = dict(overrides or {})
        vals = self.values({**mapped, **expert, **user})
        provenance = {p.name: "default" for p in self.parameters}
        provenance.update(dict.fromkeys(mapped, "world"))
        provenance.update(dict.fromkeys(expert, "scenario"))
        provenance.update(dict.fromkeys(user, "set"))
        res = self.analyse(vals)
        used = {u: world[u] for u in self.world_variables()} if world is not None else {}
        res = replace(
            res, provenance=provenance, world=used, assumptions=tuple(self.describe_parameters()),
            scenario=getattr(scenario, "name", None),
        )
        if not flips:
            return res
        current = res.outcome.key
        found = cached_flips(self, vals, {"search": "flip_points", "current": current},
                             lambda: self.flip_points(vals, current))
        return replace(res, flips=found)

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        return self.analyse(values).outcome.key

    def quantity_expressions(self, values: Mapping[str, Fraction]) -> dict[str, sympy.Expr]:
        """Closed forms of numeric quantities near ``values`` (see the module docstring).

        Each value is a sympy expression in the parameter symbols that equals the quantity
        of that name wherever the branches taken at ``values`` still hold; quantities without
        a closed form are left out. The default knows none.
        """
        return {}

    def searched_parameters(self) -> tuple[str, ...]:
        """The parameters whose flips :meth:`flip_points` looks for (see :attr:`flip_parameters`)."""
        if self.flip_parameters is not None:
            return tuple(self.flip_parameters)
        return tuple(p.name for p in self.parameters if p.name not in self.no_flips)

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
                "default": json_value(p.default) if p.default is not None else None,
                "interval": p.interval_text(),
                "source": p.source,
                "illustrative": is_illustrative(p.source),
                "world": next((list(lk.uses) for lk in self.world_links if lk.parameter == p.name), []),
            }
            for p in self.parameters
        ]
