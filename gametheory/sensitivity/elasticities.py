"""Elasticities :math:`\\varepsilon_j = \\frac{\\partial q}{\\partial \\theta_j} \\frac{\\theta_j}{q}`
of a model's quantity at a point.

Symbolic where the model gives a closed form (:meth:`Model.quantity_expressions`), otherwise
by exact local rational reconstruction (:func:`rational_fit`), or finite differences in exact
arithmetic; see :func:`elasticities`.

>>> fit = rational_fit([(Fraction(0), Fraction(1)), (Fraction(1), Fraction(3)), (Fraction(2), Fraction(5))], 1, 0)
>>> fit.num, fit.slope
((Fraction(1, 1), Fraction(2, 1)), Fraction(2, 1))
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.linalg import solve_exact
from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.sensitivity.common import as_model
from gametheory.symbolic.parameters import Parameter, to_value

#: Values of ``elasticities(method=...)``.
ELASTICITY_METHODS = ("auto", "symbolic", "fit", "finite")
#: Largest numerator and denominator degree the exact rational fit tries.
FIT_MAX_DEGREE = 4
#: Samples beyond those that determine a fit, at which it must reproduce the quantity exactly.
FIT_CHECKS = 3
#: Default time (seconds) that ``method="auto"`` may expect to spend on exact fits (see
#: :func:`elasticities`).
FIT_BUDGET = 10.0
#: Distance of the boundary probes from the point, as a fraction of the step ``h``.
PROBE = Fraction(1, 100)
#: The ``method`` an elasticity reports when it was estimated by finite differences.
FD_METHOD = "finite differences (Richardson)"
#: Offsets of the fit's samples in units of ``h``, each taken above and below, nearest first.
FIT_OFFSETS = (PROBE, Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3), Fraction(3, 2), Fraction(4),
               Fraction(5, 2), Fraction(5), Fraction(7, 2), Fraction(6), Fraction(9, 2))
#: Most samples a fit takes (the point itself included): a (4, 4) fit and its checks.
FIT_MAX_SAMPLES = 2 * FIT_MAX_DEGREE + 1 + FIT_CHECKS
_SIDE = {1: "above", -1: "below"}


@dataclass(frozen=True)
class ElasticityResult(Result):
    """Elasticities of a quantity at a point.

    ``table`` rows (largest :math:`|\\varepsilon|` first):

    * ``parameter``, ``value`` :math:`\\theta`, ``derivative`` :math:`\\partial q/\\partial\\theta`,
      ``elasticity`` :math:`\\varepsilon` (``None`` where :math:`q = 0` or :math:`\\theta = 0`);
    * ``method``: ``"symbolic"`` (the model's closed form, differentiated), ``"exact rational
      fit (degree p/q, verified at k points)"`` or ``"finite differences (Richardson)"``;
      ``exact`` is true for the first two;
    * ``scheme``: the side(s) of :math:`\\theta` the derivative rests on: ``central`` (both),
      ``forward`` (values above only) or ``backward`` (below only); ``none`` or
      ``failed: ...`` when there is no derivative;
    * ``step`` :math:`h` (the probe distance :math:`h/100` for symbolic rows) and ``error``
      (an estimate for finite differences, 0 for the exact methods);
    * ``kink``: the outcome (or, for the exact methods, the formula of :math:`q`) differs at
      some point solved for this row, so a derivative may not exist nearby; ``boundary``:
      ``"below"``, ``"above"`` or ``"both"`` when the outcome or the formula differs at the
      probe :math:`\\theta \\pm h/100`: the point sits on (or within :math:`h/100` of) a
      boundary and the derivative is one-sided. ``None`` otherwise, and for finite
      differences, which do not probe;
    * ``expression`` and ``latex``: :math:`\\partial q/\\partial\\theta` in the parameters
      (symbolic rows); ``fit``: the fitted :math:`q(\\theta)` with the others held (fit rows);
      ``sides``: ``{"below": d1, "above": d2}`` when the fit finds a different formula on each
      side (a kink: ``derivative`` is then ``None``);
    * ``solves``: calls of ``model.solve`` made for this row; ``note``: caveats in words.

    ``expression`` and ``latex`` of the result are :math:`q` itself when the model gives its
    closed form; ``method`` lists the rows' methods, ``requested`` is the method asked for,
    ``solves`` counts every call of ``model.solve``; ``diagnostics`` holds the caveats that
    concern every row (``notes``, their old name, is kept for one release).
    """

    model: str
    quantity: str
    value: Any
    values: dict[str, Fraction]
    table: list[dict[str, Any]]
    requested: str = "finite"
    expression: str | None = None
    latex: str | None = None
    solves: int = 0

    @property
    def notes(self) -> tuple[str, ...]:
        """The :attr:`diagnostics` under their old name (kept for one release)."""
        return self.diagnostics

    def to_json(self) -> dict[str, Any]:
        return {**self.common_json(), "model": self.model, "quantity": self.quantity,
                "value": json_value(self.value), "requested": self.requested, "expression": self.expression,
                "latex": self.latex, "solves": self.solves, "table": json_value(self.table)}


def _number(v: Any) -> Fraction | None:
    """An exact number from a quantity's value (``None`` when it is not a single number)."""
    if isinstance(v, bool) or not isinstance(v, (int, Fraction, float)):
        return None
    return Fraction(v)


def _rational(expr: Any) -> Fraction | None:
    """A sympy value as a Fraction (``None`` when it is not a finite rational)."""
    import sympy

    v = sympy.sympify(expr, strict=True)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    return None


def _sym_number(x: Fraction) -> Any:
    import sympy

    return sympy.Rational(x.numerator, x.denominator)


class _Solver:
    """``model.solve`` at points that differ from ``base`` in one parameter: counted, memoised."""

    def __init__(self, model: Model, base: Mapping[str, Fraction], quantity: str) -> None:
        self.model, self.base, self.quantity = model, dict(base), quantity
        self.calls = 0
        self.last_time = 0.0
        self._seen: dict[tuple[str, Fraction], tuple[Fraction | None, str | None, str]] = {}
        self.refusals: dict[tuple[str, Fraction], str] = {}

    def point(self, name: str, x: Fraction) -> dict[str, Fraction]:
        return {**self.base, name: x}

    def at(self, name: str, x: Fraction) -> tuple[Fraction | None, str | None, str]:
        """``(quantity, outcome, status)`` at ``name = x``; status ``ok``, ``rejected`` (the model
        refuses the point: a joint restriction) or ``nan`` (the quantity is not a number there)."""
        if (name, x) not in self._seen:
            self.calls += 1
            t0 = time.perf_counter()
            try:
                r = self.model.solve(self.point(name, x), flips=False)
            except GameError as exc:
                self._seen[name, x] = (None, None, "rejected")
                self.refusals[name, x] = str(exc)
            else:
                v = _number(r.quantities.get(self.quantity))
                self._seen[name, x] = (v, r.outcome.key, "ok" if v is not None else "nan")
            self.last_time = time.perf_counter() - t0
        return self._seen[name, x]


def _fmt_value(v: Fraction) -> str:
    return str(v) if v.denominator <= 1000 else f"{float(v):.8g}"


def _step(p: Parameter, x: Fraction, rho: Fraction) -> Fraction:
    width = (p.upper - p.lower) if p.lower is not None and p.upper is not None else Fraction(1)
    h = rho * max(abs(x), width / 100)
    return h if h != 0 else rho


def _side_words(sides: Sequence[int] | set[int]) -> str | None:
    s = set(sides)
    if not s:
        return None
    return "both" if len(s) == 2 else _SIDE[next(iter(s))]


def _scheme(used: Sequence[int] | set[int]) -> str:
    s = set(used)
    if not s:
        return "none"
    return "central" if len(s) == 2 else ("forward" if 1 in s else "backward")


def _side_note(quantity: str, status: Mapping[int, str], used: set[int],
               refusals: Mapping[int, str] | None = None) -> str:
    """Why the derivative rests on one side only (or on none); ``refusals``: the model's error
    message at a side's probe."""
    refusals = refusals or {}
    why = {
        "outside": "values {side} are outside the admissible interval",
        "rejected": "the model rejects values just {side}{refusal}",
        "outcome": "the outcome changes just {side}",
        "formula": f"{quantity} changes formula just {{side}}",
        "nan": f"{quantity} is not a number just {{side}}",
    }
    reasons = [why[status[s]].format(side=_SIDE[s], refusal=f" ({refusals[s]})" if s in refusals else "")
               for s in (-1, 1) if s not in used and status.get(s) in why]
    if not used:
        return "no derivative: " + "; ".join(reasons) if reasons else "no derivative"
    if len(used) == 1 and reasons:
        side = _SIDE[next(iter(used))]
        return f"one-sided derivative (from {side}): " + "; ".join(reasons)
    return ""


# ---------------------------------------------------------------------- the symbolic path
class _Untrusted(Exception):
    """A model's closed form did not reproduce the quantity it computes."""


def _symbolic_row(model: Model, solver: _Solver, quantity: str, expr: Any, name: str, x: Fraction, h: Fraction,
                  subs: Mapping[Any, Any], key0: str) -> dict[str, Any]:
    """Differentiate the closed form; probe each side for a change of outcome or of formula.

    A side is usable when the model's closed form just there is the same expression; there the
    closed form must also reproduce the model's value, else :class:`_Untrusted` is raised.
    """
    import sympy

    p = model.parameter(name)
    sym = p.symbol
    d_expr = sympy.diff(expr, sym)
    deriv = _rational(d_expr.xreplace(dict(subs)))
    if deriv is None:
        raise _Untrusted(f"the derivative of the closed form of {quantity} in {name} is not a finite "
                         f"rational number at these values ({d_expr})")
    if d_expr.free_symbols:
        d_expr = sympy.factor(sympy.cancel(d_expr))
    before = solver.calls
    status: dict[int, str] = {}
    refusals: dict[int, str] = {}
    outcome_changes: set[int] = set()
    for side in (1, -1):
        xs = x + side * PROBE * h
        if not p.contains(xs):
            status[side] = "outside"
            continue
        qs, ks, st = solver.at(name, xs)
        if st == "rejected":
            status[side] = st
            refusals[side] = solver.refusals.get((name, xs), "")
            continue
        if ks != key0:
            outcome_changes.add(side)
        try:
            other = model.quantity_expressions(solver.point(name, xs)).get(quantity)
        except GameError:
            other = None
        if other is None or sympy.cancel(sympy.sympify(other, strict=True) - expr) != 0:
            status[side] = "formula" if st == "ok" else st
            continue
        at_probe = _rational(expr.xreplace({**subs, sym: _sym_number(xs)}))
        if qs is None or at_probe != qs:
            raise _Untrusted(f"the closed form of {quantity} gives {at_probe} at {name}={xs}, but the model "
                             f"computes {qs}")
        status[side] = "ok"
    used = {s for s, st in status.items() if st == "ok"}
    notes = [_side_note(quantity, status, used, refusals)]
    if outcome_changes & used:
        notes.append(f"the outcome changes just {_side_words(outcome_changes & used)}, but {quantity} follows "
                     f"the same formula there")
    row: dict[str, Any] = {
        "parameter": name, "value": x, "derivative": deriv if used else None, "step": PROBE * h,
        "error": Fraction(0), "method": "symbolic", "exact": True, "scheme": _scheme(used),
        "kink": bool(outcome_changes) or "formula" in status.values(),
        "boundary": _side_words(outcome_changes | {s for s, st in status.items() if st == "formula"}),
        "expression": str(d_expr) if used else None, "latex": sympy.latex(d_expr) if used else None,
        "fit": None, "sides": None, "solves": solver.calls - before, "note": "; ".join(n for n in notes if n),
    }
    return row


# ---------------------------------------------------------------------- the exact rational fit
@dataclass(frozen=True)
class RationalFit:
    """:math:`P(u)/Q(u)` with :math:`Q(0) = 1`; ``num`` and ``den`` hold ascending coefficients."""

    num: tuple[Fraction, ...]
    den: tuple[Fraction, ...]

    def parts(self, u: Fraction) -> tuple[Fraction, Fraction]:
        return (sum((c * u**k for k, c in enumerate(self.num)), Fraction(0)),
                sum((c * u**k for k, c in enumerate(self.den)), Fraction(0)))

    def reproduces(self, points: Sequence[tuple[Fraction, Fraction]]) -> bool:
        """Whether :math:`P(u)/Q(u) = f` exactly (with :math:`Q(u) \\ne 0`) at every ``(u, f)``."""
        for u, f in points:
            num, den = self.parts(u)
            if den == 0 or num != f * den:
                return False
        return True

    @property
    def slope(self) -> Fraction:
        """:math:`(P/Q)'(0) = P'(0) - P(0) Q'(0)` (as :math:`Q(0) = 1`)."""
        a1 = self.num[1] if len(self.num) > 1 else Fraction(0)
        b1 = self.den[1] if len(self.den) > 1 else Fraction(0)
        return a1 - self.num[0] * b1


def rational_fit(points: Sequence[tuple[Fraction, Fraction]], p: int, q: int) -> RationalFit | None:
    """The rational function of type ``(p, q)`` through the first ``p + q + 1`` of ``points``, exactly.

    Solves the linearised interpolation conditions :math:`P(u_i) = f_i Q(u_i)` with
    :math:`Q(0) = 1` (rational interpolation: Stoer & Bulirsch, *Introduction to Numerical
    Analysis*, §2.2). Returns ``None`` when that system is singular or the solution has an
    unattainable point (:math:`Q(u_i) = 0`), where no interpolant of that type exists.
    """
    pts = list(points[: p + q + 1])
    if len(pts) < p + q + 1:
        return None
    a = [[u**k for k in range(p + 1)] + [-f * u**k for k in range(1, q + 1)] for u, f in pts]
    sol = solve_exact(a, [f for _, f in pts])
    if sol is None:
        return None
    r = RationalFit(tuple(sol[: p + 1]), (Fraction(1), *sol[p + 1:]))
    return r if r.reproduces(pts) else None


def _search(samples: Sequence[tuple[Fraction, Fraction]], tried: set[tuple[int, int]]
            ) -> tuple[int, int, RationalFit] | None:
    """The lowest-degree type that the samples admit: fitted through the first :math:`p+q+1`,
    reproducing all the others (at least :data:`FIT_CHECKS`). ``tried`` remembers types that
    failed (their verdict cannot change as samples are only appended)."""
    for d in range(len(samples) - FIT_CHECKS):
        for dq in range(min(d, FIT_MAX_DEGREE) + 1):
            dp = d - dq
            if dp > FIT_MAX_DEGREE or (dp, dq) in tried:
                continue
            r = rational_fit(samples, dp, dq)
            if r is not None and r.reproduces(samples):
                return dp, dq, r
            tried.add((dp, dq))
    return None


def _fit_row(model: Model, solver: _Solver, quantity: str, name: str, x: Fraction, h: Fraction, q0: Fraction,
             key0: str, max_solves: int = FIT_MAX_SAMPLES - 1) -> tuple[dict[str, Any] | None, str, int]:
    """Exact local rational reconstruction of ``q`` in one parameter.

    Samples :math:`f(u) = q(\\theta + u h)` at the :data:`FIT_OFFSETS` above and below (a sample
    with another outcome, rejected by the model, or without a number is left out, and so is
    everything beyond it on that side) and after each sample looks for a fit (:func:`_search`).
    When none fits both sides, each side is fitted alone (with the point itself): one side
    fitting means the formula changes on the other (a one-sided derivative); both fitting with
    different slopes is a kink (no derivative; both one-sided ones are reported). At most
    ``max_solves`` new solves are made. Returns the row (or ``None`` and the reason) and the
    number of solves.
    """
    import sympy

    p = model.parameter(name)
    before = solver.calls
    status: dict[int, str] = {}        # the probe's verdict per side
    refusals: dict[int, str] = {}      # the model's message where it rejects a probe
    blocked: dict[int, Fraction] = {}  # side -> nearest offset left out
    left_out: dict[int, list[str]] = {1: [], -1: []}
    taken: dict[int, list[tuple[Fraction, Fraction]]] = {1: [], -1: []}

    def offsets(sides: tuple[int, ...]) -> Any:
        for m in FIT_OFFSETS:
            for s in sides:
                yield s * m

    def take(u: Fraction) -> tuple[Fraction, Fraction] | None:
        """Sample at offset ``u`` (``None`` if the point is not usable)."""
        side = 1 if u > 0 else -1
        if side in blocked and abs(u) > blocked[side]:
            return None
        xs = x + u * h
        if not p.contains(xs):
            status.setdefault(side, "outside")
            return None
        qs, ks, st = solver.at(name, xs)
        if st != "ok" or ks != key0 or qs is None:
            verdict = st if st != "ok" else "outcome"
            if abs(u) == PROBE:
                status[side] = verdict
                if st == "rejected":
                    refusals[side] = solver.refusals.get((name, xs), "")
            else:
                left_out[side].append(verdict)
            blocked[side] = min(blocked.get(side, abs(u)), abs(u))
            return None
        status.setdefault(side, "ok")
        taken[side].append((u, qs))
        return u, qs

    def run(sides: tuple[int, ...], samples: list[tuple[Fraction, Fraction]]
            ) -> tuple[int, int, RationalFit] | None:
        tried: set[tuple[int, int]] = set()
        found = _search(samples, tried)
        for u in offsets(sides):
            if found or len(samples) >= FIT_MAX_SAMPLES or solver.calls - before >= max_solves:
                break
            if any(v == u for v, _ in samples):
                continue
            got = take(u)
            if got is not None:
                samples.append(got)
                found = _search(samples, tried)
        return found

    both = [(Fraction(0), q0)]
    found = run((1, -1), both)
    fits: dict[int, tuple[int, int, RationalFit]] = {}
    if found is not None:
        samples = both
        used = {1 if u > 0 else -1 for u, _ in both if u != 0}
    else:  # one side at a time: a change of formula at the point, or a kink
        for side in (-1, 1):
            if taken[side]:
                side_fit = run((side,), [(Fraction(0), q0), *taken[side]])
                if side_fit is not None:
                    fits[side] = side_fit
        used = set(fits)
        samples = []
        if len(fits) == 1:
            found = next(iter(fits.values()))
            samples = [(Fraction(0), q0), *taken[next(iter(fits))]]
    solves = solver.calls - before
    if found is None and len(fits) < 2:
        if solves >= max_solves:
            why = f"stopped after {solves} solves, the share of the time budget for one parameter"
        elif len(both) >= FIT_MAX_SAMPLES:
            why = (f"no rational function of degree up to {FIT_MAX_DEGREE}/{FIT_MAX_DEGREE} reproduced "
                   f"the exact samples on either side; {quantity} may not be smooth here")
        else:
            why = "too few usable samples; " + (_side_note(quantity, status, set(), refusals) or "none nearby")
        return None, why, solves
    notes: list[str] = []
    row: dict[str, Any] = {"parameter": name, "value": x, "step": h, "error": Fraction(0), "exact": True,
                           "expression": None, "latex": None, "sides": None, "solves": solves}
    outcome = {s for s, st in status.items() if st == "outcome"}
    if found is None:  # both sides fit, with different formulas: a kink
        slopes = {s: f[2].slope / h for s, f in fits.items()}
        row.update(derivative=None, scheme="none", sides={_SIDE[s]: slopes[s] for s in (-1, 1)},
                   method="exact rational fit (degree " + ", ".join(
                       f"{f[0]}/{f[1]} {_SIDE[s]}" for s, f in sorted(fits.items())) + ", each side alone)",
                   fit=None, kink=True, boundary="both")
        notes.append(f"kink: {quantity} follows different formulas below and above; one-sided derivatives "
                     f"{format(float(slopes[-1]), '.6g')} (below) and {format(float(slopes[1]), '.6g')} (above)")
    else:
        dp, dq, r = found
        t = (p.symbol - _sym_number(x)) / _sym_number(h)
        local = sympy.cancel(sum((_sym_number(c) * t**k for k, c in enumerate(r.num)), sympy.Integer(0))
                             / sum((_sym_number(c) * t**k for k, c in enumerate(r.den)), sympy.Integer(0)))
        if fits:  # how far does the one side's formula reach on the other side?
            other = -next(iter(fits))
            reach = Fraction(0)
            for u, qs in sorted(taken[other], key=lambda t: abs(t[0])):
                if not r.reproduces([(u, qs)]):
                    if reach != 0:
                        notes.append(f"{quantity} changes formula {_SIDE[other]} this value, between "
                                     f"{_fmt_value(x + reach * h)} and {_fmt_value(x + u * h)}")
                    break
                reach = u
            if reach != 0:  # it holds at the probe, too: the derivative is two-sided
                used.add(other)
            elif status.get(other) == "ok":
                status[other] = "formula"
        side_words = ", one side alone" if fits else ""
        row.update(derivative=r.slope / h, scheme=_scheme(used), fit=str(local),
                   method=f"exact rational fit (degree {dp}/{dq}{side_words}, verified at "
                          f"{len(samples) - (dp + dq + 1)} points)",
                   kink=bool(outcome) or any("outcome" in v for v in left_out.values()) or bool(fits),
                   boundary=_side_words(outcome | {s for s, st in status.items() if st == "formula"}))
        notes.append(_side_note(quantity, status, used, refusals))
    for s in (-1, 1):
        if left_out[s]:
            what = "another outcome" if "outcome" in left_out[s] else "no usable value"
            notes.append(f"{len(left_out[s])} sample(s) further {_SIDE[s]} left out ({what})")
    row["note"] = "; ".join(n for n in notes if n)
    return row, "", solves


# ---------------------------------------------------------------------- finite differences
def _finite_row(model: Model, solver: _Solver, name: str, x: Fraction, h: Fraction, q0: Fraction, key0: str
                ) -> dict[str, Any]:
    """Central (or one-sided second-order) differences with one Richardson step."""
    p = model.parameter(name)
    before = solver.calls
    down_ok = p.contains(x - h) and p.contains(x - h / 2)
    up_ok = p.contains(x + 2 * h) and p.contains(x + h)
    keys = {key0}

    def q_at(xv: Fraction) -> Fraction:
        v, k, st = solver.at(name, xv)
        if st == "rejected":
            raise GameError(f"the model rejects {name}={xv}")
        if v is None or k is None:
            raise GameError(f"quantity {solver.quantity} is not a number at {name}={xv}")
        keys.add(k)
        return v

    def stencil(s: Fraction, scheme: str) -> Fraction:
        if scheme == "central":
            return (q_at(x + s) - q_at(x - s)) / (2 * s)
        sign = 1 if scheme == "forward" else -1
        a, b = q_at(x + sign * s), q_at(x + sign * 2 * s)
        return sign * (-3 * q0 + 4 * a - b) / (2 * s)

    row: dict[str, Any] = {"parameter": name, "value": x, "derivative": None, "step": h, "error": None,
                           "method": FD_METHOD, "exact": False, "kink": False, "boundary": None,
                           "expression": None, "latex": None, "fit": None, "sides": None, "note": ""}
    if down_ok and p.contains(x + h):
        scheme = "central"
    elif up_ok or down_ok:
        scheme = "forward" if up_ok else "backward"
    else:
        row.update(scheme="none", solves=0, note="no admissible stencil")
        return row
    try:
        d1, d2 = stencil(h, scheme), stencil(h / 2, scheme)
    except GameError as exc:  # a joint restriction, or no number, at a stencil point
        row.update(scheme=f"failed: {exc}", solves=solver.calls - before)
        return row
    row.update(derivative=(4 * d2 - d1) / 3, scheme=scheme, error=abs(d2 - d1), kink=len(keys) > 1,
               solves=solver.calls - before)
    notes = []
    if row["kink"]:
        notes.append("the outcome changes within the stencil: the derivative may not exist")
    if row["error"] > abs(row["derivative"]) / 100:
        notes.append(f"the two steps disagree (error estimate {float(row['error']):.3g}): {solver.quantity} "
                     f"may not be smooth within the stencil")
    row["note"] = "; ".join(notes)
    return row


def _method_summary(rows: Sequence[Mapping[str, Any]]) -> str:
    kinds: list[str] = []
    for r in rows:
        k = FD_METHOD if r["method"] == FD_METHOD else str(r["method"]).split(" (")[0]
        if k not in kinds:
            kinds.append(k)
    return "; ".join(kinds) if kinds else "none"


def elasticities(model: Model | str, quantity: str, values: Mapping[str, Any] | None = None, *,
                 rel_step: Fraction | float = Fraction(1, 1000), parameters: Sequence[str] | None = None,
                 method: str = "auto", fit_budget: float | None = FIT_BUDGET) -> ElasticityResult:
    """Elasticities :math:`\\varepsilon_j = \\partial_j q \\cdot \\theta_j / q` at ``values``.

    Three ways to the derivative :math:`\\partial q/\\partial\\theta_j`, all in exact arithmetic:

    ``"symbolic"``
        The model's closed form of :math:`q` (:meth:`Model.quantity_expressions`),
        differentiated with sympy and evaluated exactly. The closed form must first evaluate to
        exactly the quantity the model computes at the point. Each side of :math:`\\theta_j` is
        then probed at :math:`\\theta_j \\pm h/100`: where the model's closed form there is
        a different expression (or the model rejects the point) that side is not used, so on a
        boundary the derivative is the one-sided derivative of the formula that holds at the
        point, and the row says so; where the formula is the same it must reproduce the model's
        value there too.
    ``"fit"``
        Local rational reconstruction. The models compute in exact rationals, so near the point
        (where no branch changes) :math:`q` is a rational function of :math:`\\theta_j`. It is
        sampled at exact points :math:`\\theta_j + u h` (:data:`FIT_OFFSETS`) with the outcome of
        the point; rational functions :math:`P/Q` of increasing type, up to degree
        :data:`FIT_MAX_DEGREE`/:data:`FIT_MAX_DEGREE`, are interpolated through them by exact
        linear algebra (:func:`rational_fit`), and one is accepted only if it reproduces
        :data:`FIT_CHECKS` or more further samples exactly; its derivative at :math:`u = 0` is
        the answer. When no fit is accepted the row falls back to finite differences.
    ``"finite"``
        Finite differences in exact arithmetic (no rounding error, only truncation error).
        With :math:`D(h) = (q(\\theta+h) - q(\\theta-h))/2h`, Richardson extrapolation
        :math:`(4D(h/2) - D(h))/3` is :math:`O(h^4)` (exact for polynomials of degree
        :math:`\\le 4`), and :math:`|D(h/2) - D(h)|` is reported as the error estimate. Near an
        end of the interval the one-sided :math:`(-3q_0 + 4q_1 - q_2)/2h` is used.

    ``method="auto"`` (the default) takes the closed form when the model has one for
    ``quantity`` at these values and it checks out, otherwise the fit, kept within
    ``fit_budget`` seconds (``None``: no limit): one solve at a fresh point is timed, and each
    parameter's fit may make at most ``fit_budget / (time x number of parameters)`` solves
    (and never more than :data:`FIT_MAX_SAMPLES` - 1). A fit stopped by that cap falls back to
    finite differences; when the cap is below :data:`FIT_CHECKS` (a slow model) no fit is
    tried. The rows and the result's notes say so. ``"symbolic"`` raises :class:`GameError`
    when the model has no closed form for ``quantity`` here or it does not check out;
    ``"fit"`` (no budget) falls back to finite differences, per row, only where the fit fails.

    The step is :math:`h = \\rho \\max(|\\theta|, w/100)` (:math:`\\rho` = ``rel_step``,
    :math:`w` the width of the admissible interval or 1): the stencil of finite differences and
    the spacing of the fit's samples.
    """
    import sympy

    model = as_model(model)
    if method not in ELASTICITY_METHODS:
        raise GameError(f"elasticities: method must be one of {', '.join(ELASTICITY_METHODS)}, not {method!r}")
    if fit_budget is not None and (isinstance(fit_budget, bool) or not isinstance(fit_budget, (int, float))
                                   or not fit_budget >= 0):
        raise GameError(f"elasticities: fit_budget must be a non-negative number of seconds or None, "
                        f"not {fit_budget!r}")
    rho = to_value(rel_step, "elasticities: rel_step")
    if not 0 < rho < 1:
        raise GameError("elasticities: rel_step must be in (0, 1)")
    base = model.values(values)
    names = list(parameters) if parameters is not None else [p.name for p in model.parameters]
    for n in names:
        model.parameter(n)
    res0 = model.solve(base, flips=False)
    if quantity not in res0.quantities:
        raise GameError(f"model {model.name}: no quantity {quantity!r} (available: "
                        f"{', '.join(res0.quantities) or 'none'})")
    q0 = _number(res0.quantities[quantity])
    if q0 is None:
        raise GameError(f"elasticities: quantity {quantity} is not a number ({res0.quantities[quantity]!r})")
    key0 = res0.outcome.key
    solver = _Solver(model, base, quantity)
    solver.calls = 1
    notes: list[str] = []

    # the closed form, checked at the point
    expr = None
    closed: dict[str, Any] = {}
    if method in ("auto", "symbolic") and hasattr(model, "quantity_expressions"):
        closed = dict(model.quantity_expressions(base))
        expr = closed.get(quantity)
    subs = {model.parameter(n).symbol: _sym_number(v) for n, v in base.items()}
    if expr is not None:
        expr = sympy.sympify(expr, strict=True)
        at_point = _rational(expr.xreplace(subs))
        if at_point != q0:
            msg = (f"the model's closed form of {quantity} ({expr}) gives {at_point} at these values, but the "
                   f"model computes {q0}")
            if method == "symbolic":
                raise GameError(f"elasticities: {msg}")
            notes.append(f"{msg}: not used")
            expr = None
    if method == "symbolic" and expr is None:
        raise GameError(f"elasticities: model {model.name} has no closed form for {quantity} at these values "
                        f"(closed forms: {', '.join(sorted(closed)) or 'none'}); use method fit or finite")

    # may the fit run, and with how many solves per parameter? Time one solve at a fresh point
    # (the first probe, which the fit then reuses): the cap keeps the fits within fit_budget.
    use_fit = method == "fit" or (method == "auto" and expr is None)
    cap = FIT_MAX_SAMPLES - 1
    skipped = ""
    if use_fit and method == "auto" and fit_budget is not None and names:
        first = model.parameter(names[0])
        x1 = base[first.name]
        probe = x1 + PROBE * _step(first, x1, rho)
        if not first.contains(probe):
            probe = x1 - PROBE * _step(first, x1, rho)
        solver.at(first.name, probe)
        per_solve = max(solver.last_time, 1e-9)
        cap = min(cap, int(fit_budget / (per_solve * len(names))))
        if cap < FIT_CHECKS:
            use_fit = False
            skipped = (f"exact fit skipped (slow model): a solve took {per_solve * 1000:.3g} ms, so the "
                       f"{fit_budget:g} s budget allows {cap} per parameter, fewer than a fit needs")
            notes.append(f"{skipped}; finite differences used (method fit forces the fit)")
        elif cap < FIT_MAX_SAMPLES - 1:
            notes.append(f"a solve took {per_solve * 1000:.3g} ms: fits limited to {cap} solves per parameter "
                         f"to stay within the {fit_budget:g} s budget")

    table = []
    for n in names:
        p = model.parameter(n)
        x = base[n]
        h = _step(p, x, rho)
        row: dict[str, Any] | None = None
        fallback: list[str] = []
        if expr is not None:
            try:
                row = _symbolic_row(model, solver, quantity, expr, n, x, h, subs, key0)
            except _Untrusted as exc:
                if method == "symbolic":
                    raise GameError(f"elasticities: {exc}") from None
                fallback.append(f"closed form not used: {exc}")
        if row is None and (use_fit or fallback):  # after an untrusted closed form, too
            row, why, spent = _fit_row(model, solver, quantity, n, x, h, q0, key0, cap)
            if row is None:
                fallback.append(f"exact fit failed after {spent} solves: {why}")
            elif fallback:
                row["note"] = "; ".join([*fallback, row["note"]] if row["note"] else fallback)
        if row is None:
            if skipped:
                fallback.append(skipped)
            row = _finite_row(model, solver, n, x, h, q0, key0)
            if fallback:
                row["note"] = "; ".join([*fallback, row["note"]] if row["note"] else fallback)
        d = row["derivative"]
        row["elasticity"] = d * x / q0 if d is not None and q0 != 0 and x != 0 else None
        table.append(row)
    table.sort(key=lambda r: -abs(float(r["elasticity"])) if r["elasticity"] is not None else 0.0)
    return ElasticityResult(model.name, quantity, q0, dict(base), table, requested=method,
                            expression=None if expr is None else str(expr),
                            latex=None if expr is None else sympy.latex(expr), solves=solver.calls,
                            method=_method_summary(table), arithmetic="exact", diagnostics=tuple(notes),
                            parameters={"values": base, "rel_step": rel_step, "fit_budget": fit_budget,
                                        "swept": names})

