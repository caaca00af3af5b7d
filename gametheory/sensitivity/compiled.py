"""Vectorised outcome classification from a model's symbolic regimes.

Models of perfect information expose ``model.regimes``
(:func:`gametheory.symbolic.spe.symbolic_backward_induction`) in some or all of their
parameters, or ``model.regimes_in(names, values)`` for any chosen subset (the others held at
given values): regimes
:math:`R_1, \\dots, R_m` partitioning the admissible parameter space, each a disjunction of
pieces, each piece a conjunction of sign conditions :math:`g_j(\\theta) \\ge 0` or
:math:`g_j(\\theta) > 0` with polynomial :math:`g_j`. The classifier

1. lambdifies every distinct :math:`g_j` (a condition and its negation share one function)
   together with its *rounding scale* :math:`s_j(\\theta) = \\sum_t |t(\\theta)|` (the sum of the
   absolute values of the terms of the expanded polynomial);
2. evaluates them on arrays of parameter values and takes the first regime whose condition
   holds (regimes are disjoint up to ties, which go to the first action, as in the solver);
3. maps each regime to an outcome key by solving the model exactly (``model.solve``) at one
   witness point of the regime (the analysis' witness or, if it has none, a sampled point
   that lies in the regime with certainty).

The classifier covers the parameters that are symbols of the analysis; a parameter outside
them can only be held at the value the analysis was built with (for ``regimes_in`` models a
classifier is built for the varied subset). Declared joint restrictions
(:class:`gametheory.modeling.model.Constraint`) are compiled the same way; points violating them
get code ``-1`` (outcome ``""``).

Floating-point evaluation can misjudge a sign only when :math:`|g_j| \\le \\varepsilon\\, s_j`
(default :math:`\\varepsilon = 10^{-9}`, far above double rounding). A point is *uncertain*
when treating those near-zero conditions as true or as false gives different regimes; such
points (boundaries hit exactly by a rational grid, for instance) are decided in exact
rational arithmetic: the conditions are evaluated with fractions at the exact point and
its regime's outcome taken (``model.solve`` only if no regime or outcome is known), so the
classifier agrees with the model everywhere, not just almost everywhere.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from gametheory._kernel.tolerance import REL_TOL, resolve
from gametheory.errors import GameError
from gametheory.modeling.model import Model
from gametheory.modeling.registry import is_registered
from gametheory.symbolic.parameters import to_value

ExactValues = Callable[[int], Mapping[str, Fraction]]

INVALID = -1


def _base_check_values(model: Model) -> bool:
    """Whether ``model`` has only declarative joint restrictions (no own ``check_values``)."""
    return getattr(type(model), "check_values", None) is Model.check_values


def covered_parameters(model: Model, names: Any = None) -> tuple[str, ...] | None:
    """The parameters a compiled classifier of ``model`` can vary, or ``None`` if it has none.

    ``names``: the parameters to vary (``regimes_in`` models build regimes in exactly those).
    """
    if not _base_check_values(model):
        return None
    order = [p.name for p in model.parameters]
    if hasattr(model, "regimes_in") and names:
        return tuple(n for n in order if n in set(names))
    if "regimes" not in dir(type(model)):
        return None
    m: Any = model  # models with symbolic regimes add ``regimes`` / ``regimes_in`` to the contract
    syms = {p.name for p in m.regimes.game.parameters}
    return tuple(n for n in order if n in syms)


def has_compiled(model: Model, names: Any = None, fixed: Mapping[str, Any] | None = None) -> bool:
    """Whether :func:`compiled_classifier` applies to ``model`` when ``names`` vary and the
    other parameters are at ``fixed`` (defaults where not given)."""
    cov = covered_parameters(model, names)
    if cov is None:
        return False
    if names is not None and not set(names) <= set(cov):
        return False
    if hasattr(model, "regimes_in") and names:
        return True
    defaults = {p.name: p.default for p in model.parameters}
    return all(Fraction(v) == defaults[k] for k, v in (fixed or {}).items() if k not in cov and k in defaults)


def _slack(rel: Any) -> tuple[sympy.Expr, bool]:
    """``(g, strict)`` with the relation equivalent to ``g >= 0`` (``g > 0`` if strict)."""
    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        g = sympy.expand(rel.lhs - rel.rhs)
    elif isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
        g = sympy.expand(rel.rhs - rel.lhs)
    else:
        raise GameError(f"compiled classifier: unsupported condition {rel}")
    return g, isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan))


class CompiledClassifier:
    """Outcome keys of a model on arrays of parameter values (see the module docstring).

    Call with a mapping ``{name: array-like}`` (missing parameters take their base values,
    arrays broadcast); returns an array of outcome keys (``numpy`` unicode, ``""`` where a
    joint restriction is violated). Use :meth:`codes` for integer codes into :attr:`labels`.

    ``names`` are the parameters to vary (default: all the regimes cover); ``base`` the values
    of the others (default: the model's defaults).
    """

    def __init__(self, model: Model, names: Any = None, base: Mapping[str, Any] | None = None, *,
                 rel_tol: float | None = None, samples: int = 20_000, seed: int = 0):
        base_vals = model.values(dict(base or {}))
        if not has_compiled(model, names, base_vals):
            raise GameError(f"model {model.name}: no compiled classifier for varying "
                            f"{', '.join(names) if names else 'its parameters'} at these values "
                            f"(no symbolic regimes in them)")
        covered = covered_parameters(model, names)
        assert covered is not None
        self.model = model
        self.rel_tol = resolve(rel_tol, REL_TOL)
        self.base = base_vals
        if hasattr(model, "regimes_in") and names:
            analysis = model.regimes_in(covered, base_vals)
        else:
            analysis = getattr(model, "regimes")  # noqa: B009 - not part of the Model contract
        self.parameters = tuple(model.parameter(n) for n in covered)
        self.names = covered
        syms = [p.symbol for p in self.parameters]
        slacks: list[sympy.Expr] = []
        index: dict[sympy.Expr, int] = {}

        def atom(rel: Any) -> tuple[int, int, bool]:
            g, strict = _slack(rel)
            if g in index:
                return index[g], 1, strict
            if -g in index:
                return index[-g], -1, strict
            index[g] = len(slacks)
            slacks.append(g)
            return index[g], 1, strict

        # regimes -> pieces -> atoms (slack index, sign, strict)
        self._regimes: list[list[list[tuple[int, int, bool]]]] = []
        for r in analysis.regimes:
            pieces: list[list[tuple[int, int, bool]]] = []
            for piece in r.pieces:
                atoms = self._atoms(piece)
                if atoms is not None:  # None: an always-false piece
                    pieces.append([atom(rel) for rel in atoms])
            self._regimes.append(pieces)
        # declared joint restrictions, with the parameters outside ``names`` at their base values
        self.constraints = tuple(model.constraints)
        fixed_subs = {model.parameter(n).symbol: sympy.Rational(v.numerator, v.denominator)
                      for n, v in base_vals.items() if n not in covered}
        self._valid: list[tuple[int, int, bool]] = []
        self.active_constraints: list[Any] = []
        for c in self.constraints:
            if c.lhs not in covered and c.rhs not in covered:
                continue  # holds: base_vals passed model.values
            a, b = model.parameter(c.lhs).symbol, model.parameter(c.rhs).symbol
            rel = {">": sympy.Gt, ">=": sympy.Ge, "<": sympy.Lt, "<=": sympy.Le}[c.op](a, b).subs(fixed_subs)
            if rel is sympy.true:  # pragma: no cover - one side fixed and always satisfied
                continue
            self._valid.append(atom(rel))
            self.active_constraints.append(c)
        scales = [sympy.Add(*[sympy.Abs(t) for t in sympy.Add.make_args(g)]) for g in slacks]
        self.slacks = tuple(slacks)
        self._fn = sympy.lambdify(syms, [*slacks, *scales], modules="numpy", cse=True) if slacks else None
        self.regime_plans = tuple(dict(r.plan) for r in analysis.regimes)
        self.labels: tuple[str, ...] = tuple(o.key for o in model.outcomes)
        self._label_code = {k: i for i, k in enumerate(self.labels)}
        self.regime_outcome: list[int | None] = [None] * len(self._regimes)
        for i, r in enumerate(analysis.regimes):
            if r.witness is not None:
                try:
                    self.regime_outcome[i] = self._solve_code(dict(r.witness))
                except GameError:  # the witness violates a joint restriction: sample instead
                    pass
        if any(c is None for c in self.regime_outcome):
            self._find_witnesses(samples, seed)
        self.last_exact = 0
        self._exact_terms: list[list[tuple[Any, Fraction]]] | None = None

    # ------------------------------------------------------------------ construction helpers
    @staticmethod
    def _atoms(piece: Any) -> list[Any] | None:
        if piece is sympy.true:
            return []
        if piece is sympy.false:
            return None
        if isinstance(piece, sympy.And):
            return list(piece.args)
        if isinstance(piece, sympy.core.relational.Relational):
            return [piece]
        raise GameError(f"compiled classifier: unsupported regime piece {piece}")

    def _solve_code(self, values: Mapping[str, Fraction]) -> int:
        point = {**self.base, **{str(k): v for k, v in values.items()}}
        key = self.model.solve(point, flips=False).outcome.key
        return self._label_code[key]

    def _find_witnesses(self, samples: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        cols: dict[str, np.ndarray] = {}
        for p in self.parameters:
            lo, hi = p.sample_bounds()
            cols[p.name] = rng.uniform(lo, hi, samples)
            if p.lower is not None and p.lower_open:
                cols[p.name] = np.maximum(cols[p.name], np.nextafter(lo, np.inf))
        regime, uncertain, valid, vuncertain = self._regime(self._arrays(cols))
        for i, code in enumerate(self.regime_outcome):
            if code is not None:
                continue
            hits = np.flatnonzero((regime == i) & ~uncertain & valid & ~vuncertain)
            for h in hits[:5].tolist():
                vals = {n: to_value(float(cols[n][h]), n) for n in self.names}
                try:
                    self.model.values({**self.base, **vals})
                except GameError:
                    continue
                self.regime_outcome[i] = self._solve_code(vals)
                break

    # ------------------------------------------------------------------ evaluation
    def _arrays(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        known = {p.name for p in self.model.parameters}
        unknown = set(values) - known
        if unknown:
            raise GameError(f"model {self.model.name}: unknown parameter {sorted(unknown)[0]!r} "
                            f"(known: {', '.join(p.name for p in self.model.parameters)})")
        for n in set(values) - set(self.names):
            a = np.asarray(values[n], dtype=np.float64)
            if not np.all(a == float(self.base[n])):
                raise GameError(f"compiled classifier of {self.model.name}: parameter {n} is not among the "
                                f"varied parameters ({', '.join(self.names)}); it is held at "
                                f"{self.base[n]} (build a classifier that varies it)")
        arrays = []
        for p in self.parameters:
            if p.name in values:
                a = np.asarray(values[p.name], dtype=np.float64)
                if not np.all(np.isfinite(a)):
                    raise GameError(f"parameter {p.name}: NaN or infinite values")
            else:
                a = np.asarray(float(self.base[p.name]))
            arrays.append(a)
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        return [np.broadcast_to(a, shape) for a in arrays]

    def _regime(self, arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Regime index, regime uncertain, restrictions hold, restrictions uncertain."""
        shape = arrays[0].shape if arrays else ()
        n = len(self.slacks)
        if self._fn is not None:
            out = self._fn(*arrays)
            g = [np.broadcast_to(np.asarray(x, dtype=np.float64), shape) for x in out[:n]]
            s = [np.broadcast_to(np.asarray(x, dtype=np.float64), shape) for x in out[n:]]
        else:
            g, s = [], []
        near = [np.abs(gi) <= self.rel_tol * si for gi, si in zip(g, s)]
        any_near = bool(near) and bool(np.any(np.logical_or.reduce(near)))

        def conj_holds(conj: list[tuple[int, int, bool]], optimistic: bool) -> np.ndarray:
            c = np.ones(shape, dtype=bool)
            for j, sign, strict in conj:
                v = sign * g[j]
                ok = v > 0 if strict else v >= 0
                c &= (ok | near[j]) if optimistic else (ok & ~near[j])
            return c

        def regime_with(optimistic: bool) -> np.ndarray:
            reg = np.full(shape, -1, dtype=np.int64)
            for ri, pieces in enumerate(self._regimes):
                holds = np.zeros(shape, dtype=bool)
                for conj in pieces:
                    holds |= conj_holds(conj, optimistic)
                reg = np.where((reg < 0) & holds, ri, reg)
            return reg

        lo = regime_with(False)
        valid = conj_holds(self._valid, False)
        if not any_near:
            return lo, lo < 0, valid, np.zeros(shape, dtype=bool)
        hi = regime_with(True)
        return lo, (lo != hi) | (lo < 0), valid, valid != conj_holds(self._valid, True)

    def codes(self, values: Mapping[str, Any] | None = None, *, exact: ExactValues | None = None,
              **kw: Any) -> np.ndarray:
        """Integer outcome codes (into :attr:`labels`; ``-1`` where a joint restriction fails).

        ``exact(i)`` may give the exact values at flat index ``i``, used for points whose
        regime floating point cannot decide (else the float values are read as decimals).
        """
        vals = {**(values or {}), **kw}
        arrays = self._arrays(vals)
        regime, uncertain, valid, vuncertain = self._regime(arrays)
        table = np.array([INVALID if c is None else c for c in self.regime_outcome], dtype=np.int64)
        codes = table[np.maximum(regime, 0)] if len(table) else np.full(regime.shape, INVALID, dtype=np.int64)
        codes = np.where(regime < 0, INVALID, codes)
        redo = vuncertain | (valid & (uncertain | (codes < 0)))
        codes = np.where(valid, codes, INVALID)
        self.last_exact = int(np.count_nonzero(redo))
        if self.last_exact:
            flat = codes.reshape(-1).copy()
            flat_arrays = [a.reshape(-1) for a in arrays]
            for i in np.flatnonzero(redo.reshape(-1)).tolist():
                if exact is not None:
                    point = {k: v for k, v in exact(i).items() if k in self.names}
                else:
                    point = {n: to_value(float(a[i]), n) for n, a in zip(self.names, flat_arrays)}
                try:
                    self.model.values({**self.base, **point})
                except GameError:
                    flat[i] = INVALID
                    continue
                code = self._exact_code(point)
                flat[i] = self._solve_code(point) if code is None else code
            codes = flat.reshape(codes.shape)
        return codes

    def _exact_code(self, point: Mapping[str, Fraction]) -> int | None:
        """The outcome code at a rational point from the regime conditions evaluated in exact
        arithmetic (``None`` when no regime holds or its outcome is unknown: solve instead).

        The regimes encode the solver's tie-breaking in their strict and non-strict
        conditions, so a point on a boundary belongs to exactly one of them; the tests compare
        this with ``model.solve`` on grids that hit the boundaries exactly.
        """
        if self._exact_terms is None:
            syms = [p.symbol for p in self.parameters]
            self._exact_terms = [
                [(m, Fraction(int(c.p), int(c.q))) for m, c in sympy.Poly(g, *syms).terms()] if syms else
                [((), Fraction(int(sympy.Rational(g).p), int(sympy.Rational(g).q)))]
                for g in self.slacks]
        x = [Fraction(point.get(n, self.base[n])) for n in self.names]
        g = []
        for terms in self._exact_terms:
            total = Fraction(0)
            for mono, c in terms:
                t = c
                for xi, e in zip(x, mono):
                    if e:
                        t *= xi ** e
                total += t
            g.append(total)

        def holds(conj: list[tuple[int, int, bool]]) -> bool:
            return all((sign * g[j] > 0) if strict else (sign * g[j] >= 0) for j, sign, strict in conj)

        if not holds(self._valid):
            return INVALID
        for ri, pieces in enumerate(self._regimes):
            if any(holds(conj) for conj in pieces):
                return self.regime_outcome[ri]
        return None

    def __call__(self, values: Mapping[str, Any] | None = None, *, exact: ExactValues | None = None,
                 **kw: Any) -> np.ndarray:
        """Outcome keys at each point (an array of strings, ``""`` where a restriction fails)."""
        return np.asarray((*self.labels, ""))[self.codes(values, exact=exact, **kw)]

    def invalid_reason(self) -> str:
        """Words for a point coded ``-1``."""
        cs = self.active_constraints
        fixed = sorted({n for c in cs for n in (c.lhs, c.rhs) if n not in self.names})
        at = f" (with {', '.join(f'{n} = {self.base[n]}' for n in fixed)})" if fixed else ""
        if len(cs) == 1:
            return f"joint restriction violated: {cs[0].text()}{at}"
        return f"a joint restriction is violated: one of {'; '.join(c.text() for c in cs)}{at}"


_CACHE: dict[Any, CompiledClassifier] = {}


def compiled_classifier(model: Model, names: Any = None, base: Mapping[str, Any] | None = None, *,
                        rel_tol: float | None = None) -> CompiledClassifier:
    """The compiled outcome classifier of ``model`` (cached per model class, varied names and
    base values).

    Parameters
    ----------
    model:
        A model with symbolic regimes: ``model.regimes`` (e.g. ``extended_deterrence``) or
        ``model.regimes_in`` (``escalation``, ``patron``, in any subset of its
        parameters); :class:`~gametheory.errors.GameError` otherwise.
    names:
        The parameters to vary (default: every parameter the regimes cover).
    base:
        Values of the other parameters (default: the model's defaults).
    rel_tol:
        :math:`\\varepsilon` of the module docstring: conditions with
        :math:`|g| \\le \\varepsilon s` are decided exactly.

    Returns
    -------
    CompiledClassifier
        ``clf({"p_US": array, ...})`` -> array of outcome keys.
    """
    rel_tol = resolve(rel_tol, REL_TOL)
    base_vals = model.values(dict(base or {}))
    cov = covered_parameters(model, names)
    names_key = tuple(cov) if cov is not None else ()
    # registry models are deterministic in their class: share one classifier per class
    registered = is_registered(model)
    key = (model.name, 0 if registered else id(model), names_key,
           tuple(sorted((k, v) for k, v in base_vals.items() if k not in names_key)), rel_tol)
    clf = _CACHE.get(key)
    if clf is None or (not registered and clf.model is not model):
        if len(_CACHE) > 64:
            _CACHE.clear()
        clf = CompiledClassifier(model, names, base_vals, rel_tol=rel_tol)
        _CACHE[key] = clf
    if clf.base != base_vals:
        # same regimes, other values for the covered parameters where a call omits them
        clf = copy.copy(clf)
        clf.base = base_vals
    return clf
