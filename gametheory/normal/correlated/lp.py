"""The linear program of one optimal correlated equilibrium: HiGHS's float solve
(through :mod:`gametheory._kernel.lp`) and its two exact finishes.

* :func:`_support_certificate` (fast path): the float optimum's support and tight rows are
  re-solved in rational arithmetic, and an exact dual solution read off HiGHS's duals
  proves optimality; tried at each tolerance of
  :data:`~gametheory._kernel.tolerance.CERTIFY_LADDER`.
* :class:`_StandardForm` (fallback): HiGHS's basis re-solved exactly, then an exact
  revised simplex method with Bland's rule, which always ends at a certified optimum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np
from scipy.sparse import csr_matrix, vstack

from gametheory._kernel.lp import solve_float
from gametheory._kernel.tolerance import CERTIFY_LADDER
from gametheory.errors import SolverError
from gametheory.normal.correlated.constraints import _Rows

#: Cap on exact simplex pivots (Bland's rule terminates, but may take long on large LPs).
MAX_EXACT_PIVOTS = 200_000

#: HiGHS's primal and dual feasibility tolerances for this LP (tighter than its default
#: 1e-7, so that the float active set the exact finish reads is sharper).
HIGHS_FEASIBILITY = 1e-10


# ============================================================================ float LP
@dataclass
class _FloatLP:
    x: np.ndarray  # primal values of the structural variables
    slack: np.ndarray  # row activities G x (>= 0)
    rc_x: np.ndarray  # |reduced cost| of each structural variable
    rc_slack: np.ndarray  # |dual| of each row (= |reduced cost| of its slack)


def _float_lp(
    rows: _Rows,
    nvars: int,
    P: int,
    c: np.ndarray,
    fixed: list[bool] | None = None,
    equalities: list[bool] | None = None,
) -> _FloatLP:
    """``max c.x  s.t.  G x >= 0, sum(x[:P]) = 1, x >= 0`` with HiGHS.

    ``fixed[j]`` pins ``x_j`` to 0 and ``equalities[k]`` makes row ``k`` an equation (both
    describe an optimal face in the second stage of a lexicographic optimisation).
    """
    m = len(rows)
    if m:
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum([len(cc) for cc in rows.cols], out=indptr[1:])
        G = csr_matrix((np.concatenate(rows.fvals), np.concatenate(rows.cols), indptr), shape=(m, nvars))
    else:
        G = csr_matrix((0, nvars))
    eq_mask = np.array(equalities if equalities is not None else [False] * m, dtype=bool)
    sum_row = np.zeros((1, nvars))
    sum_row[0, :P] = 1.0
    ineq_idx = np.flatnonzero(~eq_mask)
    eq_idx = np.flatnonzero(eq_mask)
    A_ub = -G[ineq_idx] if ineq_idx.size else None
    b_ub = np.zeros(ineq_idx.size) if ineq_idx.size else None
    A_eq = vstack([csr_matrix(sum_row), G[eq_idx]]) if eq_idx.size else sum_row
    b_eq = np.zeros(1 + eq_idx.size)
    b_eq[0] = 1.0
    bounds: Any = (0, None)
    if fixed is not None and any(fixed):
        bounds = [(0, 0) if f else (0, None) for f in fixed]
    scale = float(np.max(np.abs(c))) if c.size and np.any(c) else 1.0
    res = solve_float(
        -c / scale,
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=A_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options={"primal_feasibility_tolerance": HIGHS_FEASIBILITY, "dual_feasibility_tolerance": HIGHS_FEASIBILITY},
    )
    if not res.ok:  # pragma: no cover - the polytope is non-empty and bounded
        raise SolverError(f"correlated_equilibrium: HiGHS failed: {res.message}")
    x = np.clip(res.x, 0.0, None)
    # a variable fixed at 0 reports its reduced cost as the marginal of either bound
    rc_x = np.abs(res.lower_duals) + np.abs(res.upper_duals)
    rc_s = np.zeros(m)
    if ineq_idx.size:
        rc_s[ineq_idx] = np.abs(res.ineq_duals)
    if eq_idx.size:
        rc_s[eq_idx] = np.abs(res.eq_duals[1:])
    return _FloatLP(x, np.asarray(G @ x).reshape(-1), rc_x, rc_s)


def _guess_basis(lp: _FloatLP, Mf: np.ndarray, tol: float, allowed: list[bool]) -> list[int]:
    """A basis suggested by HiGHS's solution: positive variables first, then variables whose
    reduced cost is zero, then the rest, keeping only linearly independent columns."""
    vals = np.concatenate([lp.x, lp.slack])
    rc = np.concatenate([lp.rc_x, lp.rc_slack])
    nrows = Mf.shape[0]
    positive = [j for j in np.argsort(-vals, kind="stable").tolist() if vals[j] > tol and allowed[j]]
    pos_set = set(positive)
    rest = [j for j in np.argsort(rc, kind="stable").tolist() if j not in pos_set and allowed[j]]
    norms = np.linalg.norm(Mf, axis=0)
    Q = np.zeros((nrows, nrows))
    basis: list[int] = []
    for j in positive + rest:
        if norms[j] == 0:
            continue
        a = Mf[:, j] / norms[j]
        k = len(basis)
        r = a - Q[:, :k] @ (Q[:, :k].T @ a)
        r -= Q[:, :k] @ (Q[:, :k].T @ r)
        nr = float(np.linalg.norm(r))
        if nr > 1e-8:
            Q[:, k] = r / nr
            basis.append(j)
            if len(basis) == nrows:
                break
    return basis


# ============================================================================ exact: support path
def _rref_solution(mat: list[list[int]], rhs: list[int], ncols: int, unique: bool) -> tuple[list[int], int] | None:
    """One solution of ``mat z = rhs`` as integer numerators over a common denominator.

    Fraction-free row reduction (FLINT); free variables are set to 0, so the leftmost
    independent columns carry the solution. ``None`` when the system is inconsistent, or
    when ``unique`` and the solution is not unique.
    """
    if not mat:
        return None
    R, den, rank = flint.fmpz_mat([row + [b] for row, b in zip(mat, rhs)]).rref()
    num = [0] * ncols
    npiv = 0
    for i in range(int(rank)):
        col = next(j for j in range(ncols + 1) if R[i, j] != 0)
        if col == ncols:
            return None
        num[col] = int(R[i, ncols])
        npiv += 1
    if unique and npiv < ncols:
        return None
    d = int(den)
    if d < 0:
        num, d = [-v for v in num], -d
    return num, d


@dataclass
class _Certified:
    """An exact optimal solution with its dual certificate.

    ``x`` (structural variables), ``y`` (row duals: >= 0 on inequality rows), ``v`` (dual
    of ``sum x[:P] = 1``) and ``r`` (reduced costs ``c + G^T y - v e``: <= 0 on every
    variable that is not fixed, 0 where ``x > 0``); with ``y . G x = 0`` this proves
    ``c . x = v`` is the optimum.
    """

    x: list[Fraction]
    y: list[Fraction]
    r: list[Fraction]


def _support_certificate(
    rows: _Rows,
    nvars: int,
    P: int,
    c: list[Fraction],
    flp: _FloatLP,
    fixed: list[bool],
    equalities: list[bool],
) -> _Certified | None:
    """Exact optimum from the float solution's support, without a full basis.

    Primal: the positive variables ``S`` and the tight rows ``T`` (within a tolerance)
    determine the vertex; ``G_T x_S = 0, sum x_S = 1`` is solved exactly and must have a
    unique solution that satisfies every constraint. Dual: the rows ``Y`` with a nonzero
    float dual carry ``y``; ``(G^T y)_j - v e_j = -c_j`` for ``j`` in ``S`` is solved
    exactly and the signs of ``y`` and of every reduced cost are checked. These systems
    are the size of the support, not of the whole LP. ``None`` if any check fails.
    """
    m = len(rows)
    den_c = 1
    for v in c:
        den_c = math.lcm(den_c, v.denominator)
    cint = [int(v * den_c) for v in c]
    e = [1 if j < P else 0 for j in range(nvars)]
    maps = [dict(zip(cols.tolist(), q)) for cols, q in zip(rows.cols, rows.qvals)]
    for tol in CERTIFY_LADDER:
        S = [j for j in range(nvars) if flp.x[j] > tol and not fixed[j]]
        T = [k for k in range(m) if equalities[k] or flp.slack[k] <= tol]
        if not S:
            continue
        # ---- primal: unique solution of the tight system on the support
        mat = [[maps[k].get(j, 0) for j in S] for k in T] + [[e[j] for j in S]]
        sol = _rref_solution(mat, [0] * len(T) + [1], len(S), unique=True)
        if sol is None:
            continue
        num, den = sol
        if any(v < 0 for v in num):
            continue
        xs = dict(zip(S, num))
        acts = [sum(mp.get(j, 0) * v for j, v in xs.items()) for mp in maps]
        if any(a < 0 for a in acts) or any(a != 0 for a, eq in zip(acts, equalities) if eq):
            continue
        # ---- dual: y on rows with a nonzero float dual, v for the sum row
        tight = set(k for k in range(m) if acts[k] == 0)
        Y = [k for k in sorted(tight, key=lambda k: -flp.rc_slack[k]) if flp.rc_slack[k] > tol]
        # unknowns: v first, then y_k; equations: zero reduced cost on the support and on
        # the variables HiGHS left basic at zero (zero float reduced cost)
        # (fixed ones included: HiGHS's dual is basic, and mimicking it pins down y)
        zero_rc = set(S) | {j for j in range(nvars) if flp.rc_x[j] <= tol}
        E = sorted(zero_rc)
        dmat = [[-e[j]] + [maps[k].get(j, 0) for k in Y] for j in E]
        dsol = _rref_solution(dmat, [-cint[j] for j in E], 1 + len(Y), unique=False)
        if dsol is None:
            continue
        dnum, dden = dsol
        vnum, ynum = dnum[0], dnum[1:]
        if any(yv < 0 for yv, k in zip(ynum, Y) if not equalities[k]):
            continue
        red = [cint[j] * dden - e[j] * vnum for j in range(nvars)]
        for yv, k in zip(ynum, Y):
            if yv:
                for j, g in maps[k].items():
                    red[j] += g * yv
        if any(red[j] > 0 for j in range(nvars) if not fixed[j]):
            continue
        scale = den_c * dden
        x = [Fraction(0)] * nvars
        for j, xn in xs.items():
            x[j] = Fraction(xn, den)
        y = [Fraction(0)] * m
        for yv, k in zip(ynum, Y):
            y[k] = Fraction(yv, scale)
        return _Certified(x, y, [Fraction(v, scale) for v in red])
    return None


# ============================================================================ exact LP
def _fmpq_to_fraction(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


class _StandardForm:
    """The LP ``max c.x  s.t.  G x >= 0, sum(x[:P]) = 1, x >= 0`` in standard form over the
    rationals: ``M z = b, z >= 0`` with ``z = (x, s)``, row 0 ``sum(x[:P]) = 1`` and row
    ``1 + k`` ``G_k x - s_k = 0``. Every row has its own slack, so ``M`` has full row rank.

    A basis (``nrows`` column indices) is checked with FLINT's exact rational solver;
    :meth:`simplex` is the revised simplex method with Bland's smallest-index rule (Bland
    1977), which cannot cycle, so it always ends at an exact optimum.
    """

    def __init__(self, rows: _Rows, nvars: int, P: int):
        m = len(rows)
        self.nvars, self.P, self.m = nvars, P, m
        self.nrows, self.ncols = m + 1, nvars + m
        M = [[1 if j < P else 0 for j in range(self.ncols)]]
        Mf = np.zeros((self.nrows, self.ncols))
        Mf[0, :P] = 1.0
        for k in range(m):
            row = [0] * self.ncols
            for j, v in zip(rows.cols[k].tolist(), rows.qvals[k]):
                row[j] = v
            row[nvars + k] = -1
            M.append(row)
            Mf[k + 1, rows.cols[k]] = rows.fvals[k]
            Mf[k + 1, nvars + k] = -1.0
        self.M = M
        self.Mf = Mf
        self.colsT = [list(col) for col in zip(*M)]
        self.Mq = flint.fmpq_mat(flint.fmpz_mat(M))
        self.b = flint.fmpz_mat(self.nrows, 1, [1] + [0] * m)
        self.pivots = 0
        self.last_basis: list[int] = []

    def canonical_basis(self) -> list[int]:
        """``x_0`` and every slack: always nonsingular."""
        return [0] + [self.nvars + k for k in range(self.m)]

    def _matrix(self, basis: list[int], colsT: list[list[int]]) -> flint.fmpz_mat:
        n = self.nrows
        return flint.fmpz_mat(n, n, [colsT[j][r] for r in range(n) for j in basis])

    def primal(self, basis: list[int], colsT: list[list[int]] | None = None) -> list[Any] | None:
        """Basic solution values ``x_B`` (FLINT rationals), or None for a singular basis."""
        try:
            return list(self._matrix(basis, colsT or self.colsT).solve(self.b).entries())
        except ZeroDivisionError:
            return None

    def reduced_costs(
        self, basis: list[int], c: list[int], colsT: list[list[int]], Mq: flint.fmpq_mat
    ) -> list[Any]:
        """``c - M^T y`` with ``B^T y = c_B``: all <= 0 proves a feasible basis optimal."""
        B = self._matrix(basis, colsT)
        y: Any = B.transpose().solve(flint.fmpz_mat(self.nrows, 1, [c[j] for j in basis]))
        yM = (y.transpose() * Mq).entries()
        return [cj - v for cj, v in zip(c, yM)]

    def simplex(
        self,
        basis: list[int],
        c: list[int],
        allowed: list[bool],
        colsT: list[list[int]] | None = None,
        Mq: flint.fmpq_mat | None = None,
    ) -> tuple[list[int], list[Any], list[Any]]:
        """Bland's-rule primal simplex from a feasible ``basis``; only ``allowed`` columns
        enter. Returns the optimal basis, ``x_B`` and the reduced costs."""
        colsT = colsT or self.colsT
        Mq = Mq if Mq is not None else self.Mq
        basis = list(basis)
        n = self.nrows
        while True:
            B = self._matrix(basis, colsT)
            xB = list(B.solve(self.b).entries())
            d = self.reduced_costs(basis, c, colsT, Mq)
            in_basis = set(basis)
            enter = next((j for j in range(len(c)) if allowed[j] and j not in in_basis and d[j] > 0), None)
            if enter is None:
                return basis, xB, d
            if self.pivots >= MAX_EXACT_PIVOTS:
                raise SolverError(
                    f"correlated_equilibrium: exact simplex exceeded {MAX_EXACT_PIVOTS} pivots; "
                    "solve with exact=False"
                )
            u = list(B.solve(flint.fmpz_mat(n, 1, colsT[enter])).entries())
            leave = -1
            best = None
            for r in range(n):
                if u[r] > 0:
                    ratio = xB[r] / u[r]
                    if best is None or ratio < best or (ratio == best and basis[r] < basis[leave]):
                        best, leave = ratio, r
            if leave < 0:  # pragma: no cover - the feasible set is bounded
                raise SolverError("correlated_equilibrium: unbounded LP (internal error)")
            basis[leave] = enter
            self.pivots += 1

    def feasible_basis(self, basis: list[int], allowed: list[bool]) -> list[int]:
        """A feasible basis from a nonsingular one, by phase 1 with a single artificial
        variable (Chvatal 1983, ch. 3): the artificial column ``-sum of the basic columns
        with negative values`` enters in place of the most negative one, which makes the
        basis feasible; the simplex method then drives the artificial variable to 0."""
        xB = self.primal(basis)
        assert xB is not None
        if all(v >= 0 for v in xB):
            return basis
        n, nc = self.nrows, self.ncols
        neg = [r for r in range(n) if xB[r] < 0]
        art = [-sum(self.colsT[basis[r]][i] for r in neg) for i in range(n)]
        colsT = self.colsT + [art]
        Mq = flint.fmpq_mat(flint.fmpz_mat([row + [a] for row, a in zip(self.M, art)]))
        rstar = min(neg, key=lambda r: (xB[r], basis[r]))
        start = list(basis)
        start[rstar] = nc
        c1 = [0] * nc + [-1]
        basis1, xB1, _ = self.simplex(start, c1, allowed + [False], colsT, Mq)
        if nc in basis1:
            r = basis1.index(nc)
            if xB1[r] != 0:  # pragma: no cover - correlated equilibria exist
                raise SolverError("correlated_equilibrium: the LP is infeasible (internal error)")
            B = self._matrix(basis1, colsT)
            w: Any = B.transpose().solve(flint.fmpz_mat(n, 1, [1 if k == r else 0 for k in range(n)]))
            row = (w.transpose() * Mq).entries()
            in_basis = set(basis1)
            j = next((j for j in range(nc) if allowed[j] and j not in in_basis and row[j] != 0), None)
            if j is None:  # pragma: no cover - M has full row rank
                raise SolverError("correlated_equilibrium: dependent constraints (internal error)")
            basis1[r] = j
        return basis1

    def optimise(
        self,
        c: list[Fraction],
        flp: _FloatLP | None,
        allowed: list[bool] | None = None,
        start: list[int] | None = None,
    ) -> tuple[list[Fraction], list[Any], list[str]]:
        """Exact optimal vertex: HiGHS's basis if it is exactly optimal, else simplex pivots.

        ``start`` is a known feasible basis (used when HiGHS's is not feasible); otherwise
        phase 1 starts from HiGHS's basis or, failing that, :meth:`canonical_basis`.
        Returns the full solution ``z``, the reduced costs and notes for the diagnostics.
        """
        den = 1
        for v in c:
            den = math.lcm(den, v.denominator)
        cint = [int(v * den) for v in c] + [0] * (self.ncols - len(c))
        ok = allowed if allowed is not None else [True] * self.ncols
        before = self.pivots
        basis: list[int] | None = None
        fallback: list[int] | None = None
        source = "HiGHS's final basis"
        if flp is not None:
            for tol in CERTIFY_LADDER:
                guess = _guess_basis(flp, self.Mf, tol, ok)
                if len(guess) != self.nrows:
                    continue
                xB = self.primal(guess)
                if xB is None:
                    continue
                if all(v >= 0 for v in xB):
                    basis = guess
                    break
                fallback = fallback or guess
        if basis is None:
            if start is not None:
                basis, source = start, "the first stage's optimal basis"
            else:
                base = fallback or self.canonical_basis()
                basis = self.feasible_basis(base, ok)
                source = "an exact phase 1 (single artificial variable)"
        basis, xB, d = self.simplex(basis, cint, ok)
        self.last_basis = basis
        pivots = self.pivots - before
        z = [Fraction(0)] * self.ncols
        for j, v in zip(basis, xB):
            z[j] = _fmpq_to_fraction(v)
        if pivots == 0 and source.startswith("HiGHS"):
            note = (
                "exact: HiGHS's basis was re-solved in rational arithmetic and is optimal "
                "(exact certificate: every reduced cost <= 0)"
            )
        else:
            note = (
                f"exact: from {source}, {pivots} exact simplex pivots (Bland's rule) to an optimum "
                "certified by exact reduced costs"
            )
        return z, d, [note]
