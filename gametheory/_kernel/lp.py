"""Linear programs: a floating-point solve by HiGHS, then an exact certificate.

Every LP of the engine follows the same path, and this module holds its pieces:

1. **Float solve** (:func:`solve_float`): HiGHS through :func:`scipy.optimize.linprog`
   (scipy is imported with this module, which only solvers that run LPs import, so a
   solver's timing never includes loading scipy). The answer, with its slacks and duals, comes back as a :class:`FloatLP`.
2. **Exact candidate** (:func:`active_set_candidates`, :func:`rounded_candidates`,
   :func:`active_solve`): the float answer only *suggests* which constraints are tight.
   Variables near zero are fixed at zero, nearly tight rows become equations, and that
   one system is solved in rational arithmetic (:mod:`gametheory._kernel.linalg`).
   Rounding the float answer to nearby fractions is a cheaper second source of candidates.
3. **Exact certificate** (:class:`ExactLP`): a primal candidate and a dual candidate are
   checked exactly: primal feasibility, dual feasibility and equal objective values
   (strong duality, equivalently complementary slackness). A caller with its own verdict
   (a dominating mixture, a belief, ...) checks candidates with its own predicate instead.
4. **Retry** over :data:`~gametheory._kernel.tolerance.CERTIFY_LADDER`: the tolerance
   that decides "near zero" and "nearly tight" is tried at each rung in turn;
   :func:`certified_optimum` does steps 2-4 for an optimisation LP and takes a
   ``fallback`` (an exact method of the caller) for when no rung certifies.

Nothing is ever concluded from the float answer alone: a candidate is either proved
exactly or discarded.

>>> from fractions import Fraction as F
>>> lp = ExactLP(c=[1, 1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])  # max x + y, x, y >= 0
>>> flp = solve_float([-1.0, -1.0], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
>>> cert = certified_optimum(lp, flp)
>>> cert.x, cert.value
([Fraction(8, 5), Fraction(6, 5)], Fraction(14, 5))

Callers: ``normal/solvers/zerosum.py`` and ``extensive/solvers/sequence_lp.py``
(:func:`certified_optimum`; in the sequence form the dual of one player's LP is the other
player's, so one certificate gives both optimal plans), ``normal/dominance/mixed.py``,
``normal/solvers/enumpoly/certify.py`` and the symbolic SPE's feasibility LP
(``symbolic/spe.py``), which check :func:`active_set_candidates` and then
:func:`rounded_candidates` with their own exact predicate. scipy's ``linprog`` is called
here and nowhere else in the engine (the least core of ``cooperative/coalitional.py`` is
the last to switch: :func:`solve_float` with ``bounds=(None, None)``, then
:func:`certified_optimum` with its exact simplex as ``fallback``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from gametheory._kernel.linalg import solve_consistent
from gametheory._kernel.tolerance import CERTIFY_LADDER

__all__ = [
    "ROUND_DENOMINATORS",
    "Certified",
    "ExactLP",
    "FloatLP",
    "active_set_candidates",
    "active_solve",
    "certified_optimum",
    "rounded_candidates",
    "solve_float",
]

#: Denominators tried, in turn, when a float answer is rounded to fractions.
ROUND_DENOMINATORS = (10, 100, 1000, 10**4, 10**6, 10**9)

#: Largest denominator of the rounded value a free variable takes in :func:`active_solve`.
FREE_DENOMINATOR = 10**6


# --------------------------------------------------------------------------- float solve
@dataclass(frozen=True)
class FloatLP:
    """HiGHS's answer to ``min c.x s.t. A_ub x <= b_ub, A_eq x = b_eq, bounds``.

    Attributes
    ----------
    status, message:
        scipy's status (0 optimal, 2 infeasible, 3 unbounded, ...) and its text.
    x, fun:
        The primal solution and its objective value (``nan`` arrays when none).
    slack:
        ``b_ub - A_ub x`` (non-negative at a feasible point).
    ineq_duals, eq_duals, lower_duals, upper_duals:
        scipy's marginals (sensitivities of ``fun``) of the ``<=`` rows (non-positive), the
        equality rows, and the lower and upper variable bounds.
    """

    status: int
    message: str
    x: np.ndarray
    fun: float
    slack: np.ndarray
    ineq_duals: np.ndarray
    eq_duals: np.ndarray
    lower_duals: np.ndarray
    upper_duals: np.ndarray

    @property
    def ok(self) -> bool:
        """Whether HiGHS reports an optimum."""
        return self.status == 0

    @property
    def infeasible(self) -> bool:
        """Whether HiGHS reports the LP infeasible."""
        return self.status == 2


def _array(v: Any, n: int) -> np.ndarray:
    if v is None:
        return np.full(n, np.nan)
    return np.asarray(v, dtype=np.float64).reshape(-1)


def solve_float(
    c: Any,
    *,
    A_ub: Any = None,
    b_ub: Any = None,
    A_eq: Any = None,
    b_eq: Any = None,
    bounds: Any = (0, None),
    method: str = "highs",
    options: dict[str, Any] | None = None,
) -> FloatLP:
    """Minimise ``c.x`` with HiGHS (scipy's ``linprog``; dense or sparse matrices).

    ``method="highs-ds"`` (dual simplex) returns a vertex, which the exact recovery needs
    when the optimum is not unique. Never raises on an infeasible or unbounded LP: read
    :attr:`FloatLP.status`.
    """
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method=method, options=options)
    n = len(np.asarray(c).reshape(-1))
    m_ub = 0 if b_ub is None else len(np.asarray(b_ub).reshape(-1))
    m_eq = 0 if b_eq is None else len(np.asarray(b_eq).reshape(-1))

    def marg(part: Any, size: int) -> np.ndarray:
        return _array(getattr(part, "marginals", None) if part is not None else None, size)

    return FloatLP(
        status=int(res.status),
        message=str(res.message),
        x=_array(res.x, n),
        fun=float(res.fun) if res.fun is not None else float("nan"),
        slack=_array(getattr(res, "slack", None), m_ub),
        ineq_duals=marg(getattr(res, "ineqlin", None), m_ub),
        eq_duals=marg(getattr(res, "eqlin", None), m_eq),
        lower_duals=marg(getattr(res, "lower", None), n),
        upper_duals=marg(getattr(res, "upper", None), n),
    )


# --------------------------------------------------------------------------- exact candidates
def active_solve(rows: Sequence[Sequence[Any]], rhs: Sequence[Any], guess: Sequence[float]) -> list[Fraction] | None:
    """An exact solution of ``rows x = rhs`` whose free variables keep rounded ``guess`` values.

    The variables that the row reduction leaves free take ``guess`` rounded to a fraction
    (denominator at most :data:`FREE_DENOMINATOR`); the others are then determined. ``None``
    when the equations are inconsistent.

    >>> active_solve([[1, 1]], [1], [0.25, 0.75])
    [Fraction(1, 4), Fraction(3, 4)]
    """
    n = len(guess)
    g = [Fraction(float(v)).limit_denominator(FREE_DENOMINATOR) for v in guess]
    if not rows:
        return g
    resid = [_fr(b) - sum((_fr(a) * x for a, x in zip(r, g) if a and x), Fraction(0)) for r, b in zip(rows, rhs)]
    d = solve_consistent(rows, resid, n)  # free variables of d are 0: they keep g
    if d is None:
        return None
    return [x + y for x, y in zip(g, d)]


def active_set_candidates(
    E: Sequence[Sequence[Any]],
    f: Sequence[Any],
    G: Any,
    h: Sequence[Any],
    nonneg: np.ndarray,
    x0: np.ndarray,
    slack0: np.ndarray,
    *,
    ladder: Iterable[float] = CERTIFY_LADDER,
) -> Iterator[list[Fraction]]:
    """Exact points making tight what is tight at the float solution ``x0``, one per rung.

    Constraints: ``E x = f``, ``G x >= h`` (``G`` a 2-D array), ``x[nonneg] >= 0``;
    ``slack0`` is ``G x0 - h`` as the caller scales it. At each tolerance of ``ladder``,
    variables with ``x0 <= tol`` (among ``nonneg``) are fixed at 0, rows with
    ``slack0 <= tol`` become equations, and the system is solved exactly
    (:func:`active_solve`). Repeated active sets are skipped. The caller verifies each
    candidate: nothing here checks the inequalities.
    """
    G = np.asarray(G)
    seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for tol in ladder:
        var_keep = np.flatnonzero(~(nonneg & (x0 <= tol)))
        active = np.flatnonzero(slack0 <= tol) if len(slack0) else np.zeros(0, dtype=np.intp)
        key = (tuple(var_keep.tolist()), tuple(active.tolist()))
        if key in seen:
            continue
        seen.add(key)
        keep = [int(c) for c in var_keep]
        rows: list[list[Any]] = [[r[c] for c in keep] for r in E]
        rhs = list(f)
        if len(active):
            rows += [list(row) for row in G[np.ix_(active, var_keep)].tolist()]
            rhs += [h[int(a)] for a in active]
        sol = active_solve(rows, rhs, x0[var_keep].tolist())
        if sol is None:
            continue
        x = [Fraction(0)] * len(x0)
        for c, val in zip(keep, sol):
            x[c] = val
        yield x


def rounded_candidates(
    x0: np.ndarray, *, normalise: bool, nonneg: bool = True, denominators: Iterable[int] = ROUND_DENOMINATORS
) -> Iterator[list[Fraction]]:
    """``x0`` clipped at 0 (unless ``nonneg=False``: values of either sign) and rounded to
    fractions of growing denominators (rescaled to sum 1 when ``normalise``).

    >>> next(rounded_candidates(np.array([0.333333333, 0.666666667]), normalise=True))
    [Fraction(1, 3), Fraction(2, 3)]
    """
    x0 = np.asarray(x0, dtype=np.float64)
    if nonneg:
        x0 = np.clip(x0, 0.0, None)
    for den in denominators:
        x = [Fraction(float(v)).limit_denominator(den) for v in x0]
        if normalise:
            total = sum(x)
            if total <= 0:
                continue
            x = [v / total for v in x]
        yield x


# --------------------------------------------------------------------------- exact certificate
def _fr(v: Any) -> Any:
    """``v`` as an exact number: ints and Fractions as they are, anything else a Fraction."""
    tv = type(v)
    return v if tv is int or tv is Fraction else Fraction(v)


def _sparse(rows: Any) -> list[list[tuple[int, Any]]]:
    """The non-zero entries ``(column, value)`` of each row, values exact."""
    return [[(j, _fr(a)) for j, a in enumerate(r) if a] for r in (rows or [])]


def _sdot(row: Sequence[tuple[int, Any]], x: Sequence[Fraction]) -> Fraction:
    return sum((a * x[j] for j, a in row if x[j]), Fraction(0))


def _dot(a: Sequence[Any], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b) if x and y), Fraction(0))


@dataclass(frozen=True)
class ExactLP:
    """``max c.x  s.t.  A_ub x <= b_ub, A_eq x = b_eq, x_j >= 0 for j in nonneg``, exactly.

    ``nonneg`` defaults to every variable; the others are free. Its dual is
    ``min b_ub.u + b_eq.w  s.t.  A_ub^T u + A_eq^T w >= c`` on the non-negative variables
    (``= c`` on the free ones), ``u >= 0``. Entries are anything
    :class:`~fractions.Fraction` accepts. The matrices are kept sparse (most constraint
    matrices of games are), so the exact checks cost time in the number of non-zeros.
    """

    c: Sequence[Any]
    A_ub: Sequence[Sequence[Any]] = ()
    b_ub: Sequence[Any] = ()
    A_eq: Sequence[Sequence[Any]] = ()
    b_eq: Sequence[Any] = ()
    nonneg: Sequence[bool] | None = None
    _q: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.c)
        ub, eq = _sparse(self.A_ub), _sparse(self.A_eq)
        cols: list[list[tuple[int, Any]]] = [[] for _ in range(n)]
        for k, row in enumerate(ub + eq):  # dual rows: u (the <= rows), then w
            for j, a in row:
                cols[j].append((k, a))
        self._q.update(
            c=[_fr(v) for v in self.c],
            ub=ub,
            b_ub=[_fr(v) for v in self.b_ub],
            eq=eq,
            b_eq=[_fr(v) for v in self.b_eq],
            cols=cols,
            nonneg=[True] * n if self.nonneg is None else [bool(v) for v in self.nonneg],
        )

    def _dense(self, rows: list[list[tuple[int, Any]]], sign: int = 1) -> np.ndarray:
        """``rows`` as a dense object array (zeros are the int 0), times ``sign``."""
        out = np.zeros((len(rows), self.n), dtype=object)
        for i, row in enumerate(rows):
            for j, a in row:
                out[i, j] = a if sign > 0 else -a
        return out

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.c)

    def value(self, x: Sequence[Fraction]) -> Fraction:
        """The objective ``c.x``."""
        return _dot(self._q["c"], x)

    def primal_feasible(self, x: Sequence[Fraction]) -> bool:
        """Whether ``x`` satisfies every constraint exactly."""
        q = self._q
        if len(x) != self.n or any(v < 0 for v, nn in zip(x, q["nonneg"]) if nn):
            return False
        if any(_sdot(r, x) > b for r, b in zip(q["ub"], q["b_ub"])):
            return False
        return all(_sdot(r, x) == b for r, b in zip(q["eq"], q["b_eq"]))

    def dual_feasible(self, u: Sequence[Fraction], w: Sequence[Fraction]) -> bool:
        """Whether ``(u, w)`` is feasible for the dual (see the class docstring)."""
        q = self._q
        if any(v < 0 for v in u):
            return False
        y = [*u, *w]
        for col, cj, nn in zip(q["cols"], q["c"], q["nonneg"]):
            val = _sdot(col, y)
            if val < cj or (not nn and val != cj):
                return False
        return True

    def dual_value(self, u: Sequence[Fraction], w: Sequence[Fraction]) -> Fraction:
        """The dual objective ``b_ub.u + b_eq.w``."""
        return _dot(self._q["b_ub"], u) + _dot(self._q["b_eq"], w)

    def is_optimal(self, x: Sequence[Fraction], u: Sequence[Fraction], w: Sequence[Fraction]) -> bool:
        """The exact certificate: ``x`` primal feasible, ``(u, w)`` dual feasible, equal values."""
        return self.primal_feasible(x) and self.dual_feasible(u, w) and self.value(x) == self.dual_value(u, w)

    def primal_candidates(self, flp: FloatLP, ladder: Iterable[float] = CERTIFY_LADDER) -> Iterator[list[Fraction]]:
        """Exact primal points from the active set of HiGHS's answer (see :func:`active_set_candidates`)."""
        q = self._q
        G = self._dense(q["ub"], sign=-1)
        h = [-v for v in q["b_ub"]]
        E = self._dense(q["eq"]).tolist()
        yield from active_set_candidates(
            E, q["b_eq"], G, h, np.array(q["nonneg"], dtype=bool), flp.x, flp.slack, ladder=ladder
        )

    def dual_candidates(
        self, flp: FloatLP, ladder: Iterable[float] = CERTIFY_LADDER
    ) -> Iterator[tuple[list[Fraction], list[Fraction]]]:
        """Exact dual points ``(u, w)`` by complementary slackness with HiGHS's answer: at each
        rung, rows whose float dual is near zero get ``u = 0``, and the dual constraint of
        each free or positive variable holds with equality."""
        q = self._q
        m_ub, m_eq = len(q["ub"]), len(q["eq"])
        # scipy's marginals are d fun / d b of the minimisation of -c.x: u = -marginal
        u0 = -np.asarray(flp.ineq_duals, dtype=np.float64) if m_ub else np.zeros(0)
        w0 = -np.asarray(flp.eq_duals, dtype=np.float64) if m_eq else np.zeros(0)
        y0 = np.concatenate([u0, w0])
        nonneg_y = np.array([True] * m_ub + [False] * m_eq, dtype=bool)
        A = self._dense(q["ub"] + q["eq"])  # dual constraint j is column j
        reduced = A.astype(np.float64).T @ y0 - np.array([float(v) for v in q["c"]]) if self.n else np.zeros(0)
        seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
        for tol in ladder:
            keep = np.flatnonzero(~(nonneg_y & (y0 <= tol)))
            tight = [j for j in range(self.n) if not q["nonneg"][j] or flp.x[j] > tol or abs(reduced[j]) <= tol]
            key = (tuple(keep.tolist()), tuple(tight))
            if key in seen:
                continue
            seen.add(key)
            rows = A[np.ix_(keep, np.array(tight, dtype=np.intp))].T.tolist() if len(keep) else [[] for _ in tight]
            sol = active_solve(rows, [q["c"][j] for j in tight], y0[keep].tolist())
            if sol is None:
                continue
            y = [Fraction(0)] * (m_ub + m_eq)
            for k, v in zip(keep.tolist(), sol):
                y[k] = v
            yield y[:m_ub], y[m_ub:]


@dataclass(frozen=True)
class Certified:
    """An exactly optimal solution and its proof: ``x`` primal, ``u``/``w`` dual, equal values."""

    x: list[Fraction]
    u: list[Fraction]
    w: list[Fraction]
    value: Fraction
    how: str = "certified"


def certified_optimum(
    lp: ExactLP,
    flp: FloatLP,
    *,
    ladder: Iterable[float] = CERTIFY_LADDER,
    fallback: Callable[[], Certified | None] | None = None,
) -> Certified | None:
    """An exactly optimal vertex of ``lp`` read off HiGHS's answer ``flp``, or the fallback's.

    ``flp`` must come from minimising ``-c`` over the same constraints (scaled rows are
    fine: only the active set and the signs of the duals are read). The first primal and
    dual candidates that pass :meth:`ExactLP.is_optimal` win; when no rung of ``ladder``
    gives one, ``fallback()`` (an exact method of the caller) is returned, or ``None``.
    """
    rungs = tuple(ladder)
    if flp.ok:
        duals = list(lp.dual_candidates(flp, rungs))
        for x in lp.primal_candidates(flp, rungs):
            if not lp.primal_feasible(x):
                continue
            val = lp.value(x)
            for u, w in duals:
                if lp.dual_feasible(u, w) and lp.dual_value(u, w) == val:
                    return Certified(x, u, w, val)
    if fallback is not None:
        got = fallback()
        if got is not None:
            return Certified(got.x, got.u, got.w, got.value, how="fallback")
    return None
