"""Vectorised outcome classification from a model's symbolic regimes.

Models of perfect information expose ``model.regimes``
(:func:`gametheory.extensive.backward.symbolic_backward_induction`): regimes
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

Floating-point evaluation can misjudge a sign only when :math:`|g_j| \\le \\varepsilon\\, s_j`
(default :math:`\\varepsilon = 10^{-9}`, far above double rounding). A point is *uncertain*
when treating those near-zero conditions as true or as false gives different regimes; such
points (boundaries hit exactly by a rational grid, for instance) are solved exactly with
``model.solve``, so the classifier agrees with the model everywhere, not just almost
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from gametheory.errors import GameError
from gametheory.symbolic.parameters import to_value

ExactValues = Callable[[int], Mapping[str, Fraction]]


def has_compiled(model: Any) -> bool:
    """Whether :func:`compiled_classifier` applies to ``model`` (it has symbolic regimes)."""
    return "regimes" in dir(type(model))


class CompiledClassifier:
    """Outcome keys of a model on arrays of parameter values (see the module docstring).

    Call with a mapping ``{name: array-like}`` (missing parameters take their defaults,
    arrays broadcast); returns an array of outcome keys (``numpy`` unicode). Use
    :meth:`codes` for integer codes into :attr:`labels`.
    """

    def __init__(self, model: Any, *, rel_tol: float = 1e-9, samples: int = 20_000, seed: int = 0):
        if not has_compiled(model):
            raise GameError(f"model {model.name}: no symbolic regimes, so no compiled classifier")
        self.model = model
        self.rel_tol = float(rel_tol)
        analysis = model.regimes
        self.parameters = tuple(model.parameters)
        self.names = tuple(p.name for p in self.parameters)
        syms = [p.symbol for p in self.parameters]
        slacks: list[sympy.Expr] = []
        index: dict[sympy.Expr, int] = {}
        # regimes -> pieces -> atoms (slack index, sign, strict)
        self._regimes: list[list[list[tuple[int, int, bool]]]] = []
        for r in analysis.regimes:
            pieces: list[list[tuple[int, int, bool]]] = []
            for piece in r.pieces:
                atoms = self._atoms(piece)
                if atoms is None:  # an always-false piece
                    continue
                conj: list[tuple[int, int, bool]] = []
                for rel in atoms:
                    if isinstance(rel, (sympy.GreaterThan, sympy.StrictGreaterThan)):
                        g = sympy.expand(rel.lhs - rel.rhs)
                    elif isinstance(rel, (sympy.LessThan, sympy.StrictLessThan)):
                        g = sympy.expand(rel.rhs - rel.lhs)
                    else:
                        raise GameError(f"compiled classifier: unsupported condition {rel}")
                    strict = isinstance(rel, (sympy.StrictGreaterThan, sympy.StrictLessThan))
                    if g in index:
                        conj.append((index[g], 1, strict))
                    elif -g in index:
                        conj.append((index[-g], -1, strict))
                    else:
                        index[g] = len(slacks)
                        slacks.append(g)
                        conj.append((index[g], 1, strict))
                pieces.append(conj)
            self._regimes.append(pieces)
        scales = [sympy.Add(*[sympy.Abs(t) for t in sympy.Add.make_args(g)]) for g in slacks]
        self.slacks = tuple(slacks)
        self._fn = sympy.lambdify(syms, [*slacks, *scales], modules="numpy", cse=True) if slacks else None
        self.regime_plans = tuple(dict(r.plan) for r in analysis.regimes)
        self.labels: tuple[str, ...] = tuple(o.key for o in model.outcomes)
        self._label_code = {k: i for i, k in enumerate(self.labels)}
        self.regime_outcome: list[int | None] = [None] * len(self._regimes)
        for i, r in enumerate(analysis.regimes):
            if r.witness is not None:
                self.regime_outcome[i] = self._solve_code(dict(r.witness))
        if any(c is None for c in self.regime_outcome):
            self._find_witnesses(samples, seed)

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
        key = self.model.solve(values, flips=False).outcome.key
        return self._label_code[key]

    def _find_witnesses(self, samples: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        cols: dict[str, np.ndarray] = {}
        for p in self.parameters:
            lo, hi = p.sample_bounds()
            cols[p.name] = rng.uniform(lo, hi, samples)
            if p.lower is not None and p.lower_open:
                cols[p.name] = np.maximum(cols[p.name], np.nextafter(lo, np.inf))
        regime, uncertain = self._regime(self._arrays(cols))
        for i, code in enumerate(self.regime_outcome):
            if code is not None:
                continue
            hits = np.flatnonzero((regime == i) & ~uncertain)
            for h in hits[:5].tolist():
                vals = {n: to_value(float(cols[n][h]), n) for n in self.names}
                try:
                    self.model.values(vals)
                except GameError:
                    continue
                self.regime_outcome[i] = self._solve_code(vals)
                break

    # ------------------------------------------------------------------ evaluation
    def _arrays(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        unknown = set(values) - set(self.names)
        if unknown:
            raise GameError(f"model {self.model.name}: unknown parameter {sorted(unknown)[0]!r} "
                            f"(known: {', '.join(self.names)})")
        arrays = []
        for p in self.parameters:
            if p.name in values:
                a = np.asarray(values[p.name], dtype=np.float64)
                if not np.all(np.isfinite(a)):
                    raise GameError(f"parameter {p.name}: NaN or infinite values")
            else:
                a = np.asarray(float(p.default))
            arrays.append(a)
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        return [np.broadcast_to(a, shape) for a in arrays]

    def _regime(self, arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        shape = arrays[0].shape if arrays else ()
        n = len(self.slacks)
        if self._fn is not None:
            out = self._fn(*arrays)
            g = [np.broadcast_to(np.asarray(x, dtype=np.float64), shape) for x in out[:n]]
            s = [np.broadcast_to(np.asarray(x, dtype=np.float64), shape) for x in out[n:]]
        else:
            g, s = [], []
        near = [np.abs(gi) <= self.rel_tol * si for gi, si in zip(g, s)]

        def regime_with(optimistic: bool) -> np.ndarray:
            reg = np.full(shape, -1, dtype=np.int64)
            for ri, pieces in enumerate(self._regimes):
                holds = np.zeros(shape, dtype=bool)
                for conj in pieces:
                    c = np.ones(shape, dtype=bool)
                    for j, sign, strict in conj:
                        v = sign * g[j]
                        ok = v > 0 if strict else v >= 0
                        c &= (ok | near[j]) if optimistic else (ok & ~near[j])
                    holds |= c
                reg = np.where((reg < 0) & holds, ri, reg)
            return reg

        if not near or not np.any(np.logical_or.reduce(near)):
            reg = regime_with(False)
            return reg, reg < 0
        lo, hi = regime_with(False), regime_with(True)
        return lo, (lo != hi) | (lo < 0)

    def codes(self, values: Mapping[str, Any] | None = None, *, exact: ExactValues | None = None,
              **kw: Any) -> np.ndarray:
        """Integer outcome codes (into :attr:`labels`) at each point.

        ``exact(i)`` may give the exact values at flat index ``i``, used for points whose
        regime floating point cannot decide (else the float values are read as decimals).
        """
        vals = {**(values or {}), **kw}
        arrays = self._arrays(vals)
        regime, uncertain = self._regime(arrays)
        table = np.array([-1 if c is None else c for c in self.regime_outcome], dtype=np.int64)
        codes = table[np.maximum(regime, 0)] if len(table) else np.full(regime.shape, -1, dtype=np.int64)
        codes = np.where(regime < 0, -1, codes)
        redo = uncertain | (codes < 0)
        self.last_exact = int(np.count_nonzero(redo))
        if self.last_exact:
            flat = codes.reshape(-1).copy()
            flat_arrays = [a.reshape(-1) for a in arrays]
            for i in np.flatnonzero(redo.reshape(-1)).tolist():
                if exact is not None:
                    point = dict(exact(i))
                else:
                    point = {n: to_value(float(a[i]), n) for n, a in zip(self.names, flat_arrays)}
                flat[i] = self._solve_code(point)
            codes = flat.reshape(codes.shape)
        return codes

    def __call__(self, values: Mapping[str, Any] | None = None, *, exact: ExactValues | None = None,
                 **kw: Any) -> np.ndarray:
        """Outcome keys at each point (an array of strings)."""
        return np.asarray(self.labels)[self.codes(values, exact=exact, **kw)]


_CACHE: dict[tuple[str, int], CompiledClassifier] = {}



def compiled_classifier(model: Any, *, rel_tol: float = 1e-9) -> CompiledClassifier:
    """The compiled outcome classifier of ``model`` (cached per model instance).

    Parameters
    ----------
    model:
        A model with symbolic regimes (``model.regimes``), e.g. ``deterrence_complete`` or
        ``extended_deterrence``; :class:`~gametheory.errors.GameError` otherwise.
    rel_tol:
        :math:`\\varepsilon` of the module docstring: conditions with
        :math:`|g| \\le \\varepsilon s` are decided exactly.

    Returns
    -------
    CompiledClassifier
        ``clf({"p_US": array, ...})`` -> array of outcome keys.
    """
    from gametheory.models import MODELS

    # registry models are deterministic in their class: share one classifier per class
    registered = MODELS.get(model.name) is type(model)
    key = (model.name, 0 if registered else id(model))
    clf = _CACHE.get(key)
    if clf is None or clf.rel_tol != rel_tol or (not registered and clf.model is not model):
        clf = CompiledClassifier(model, rel_tol=rel_tol)
        _CACHE[key] = clf
    return clf
