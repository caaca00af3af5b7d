"""Complementary pivoting in floating point: the fast first pass of Lemke-Howson.

The tableaux are float64 arrays; the minimum ratio test is vectorised, and ties (within a
relative tolerance) are broken lexicographically by the columns of the starting basis, the
same rule as the exact :class:`~gametheory._kernel.tableau.IntTableau`, so on a
nondegenerate game both follow the same path. The tableaux keep only their nonbasic columns,
and a pivot is one rank-1 update of that condensed array. Two backends walk the same path:
the whole loop compiled by numba (:mod:`gametheory._kernel._jit`, used when numba is
importable, a few microseconds per pivot) and numpy driven from Python (tens of microseconds
per pivot).

Nothing here is trusted: the function returns only the final *basis* (which variables are
basic in each tableau), and the caller rebuilds the equilibrium from it in exact arithmetic
and checks it (see :mod:`gametheory.normal.solvers.lemke_howson`). When the floats go bad (a
non-finite entry, a pivot element too small to trust, entries growing past
:data:`GROWTH_LIMIT`, or the pivot limit) the result is ``None`` and the caller pivots exactly.

>>> import numpy as np
>>> A = np.array([[3.0, 1.0], [1.0, 2.0]])
>>> B = np.array([[2.0, 1.0], [1.0, 3.0]])
>>> out = lemke_howson_basis(A, B, 0)
>>> out.row_basis, out.column_basis        # x_0 and r_1 basic; y_0 and s_1 basic: pure (0, 0)
([0, 3], [0, 3])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gametheory._kernel.lazy import optional

#: Entries of the entering column at or below this (times the column's largest entry, when
#: above 1) never serve as pivots: they may be zeros blurred by rounding.
PIVOT_TOL = 1e-9
#: Ratios within this relative distance of the minimum count as ties (broken lexicographically).
TIE_TOL = 1e-9
#: A tableau entry larger than this means the floats can no longer be trusted.
GROWTH_LIMIT = 1e12


@dataclass(frozen=True)
class FloatBasis:
    """The final bases of a float Lemke-Howson run.

    ``row_basis`` lists the basic variables of tableau ``B^T x + r = 1`` (``x_i`` is
    variable ``i``, ``r_j`` is variable ``m + j``); ``column_basis`` those of ``A y + s = 1``
    (``y_j`` is variable ``j``, ``s_i`` is variable ``n + i``). ``pivots`` counts the pivots.
    """

    row_basis: list[int]
    column_basis: list[int]
    pivots: int


class _Tableau:
    """The condensed tableau of ``M z + s = 1``: ``basic_r + sum_c T[r, c] nonbasic_c = T[r, -1]``.

    Only the nonbasic columns are stored (the basic ones are unit vectors), so a pivot
    touches ``k x (d + 1)`` entries instead of ``k x (d + k + 1)``. Variables ``0..d-1`` are
    ``z``, ``d..d+k-1`` the slacks; ``basis[r]`` is basic in row ``r`` and ``nonbasic[c]``
    sits in column ``c``; ``column_of[v]`` is ``v``'s column or ``-1`` when ``v`` is basic.
    """

    __slots__ = ("T", "basis", "nonbasic", "column_of", "row_of", "lex", "buf")

    def __init__(self, M: np.ndarray) -> None:
        k, d = M.shape
        self.T = np.empty((k, d + 1))
        self.T[:, :d] = M
        self.T[:, d] = 1.0
        self.basis = list(range(d, d + k))
        self.nonbasic = list(range(d))
        self.column_of = list(range(d)) + [-1] * k
        self.row_of = [-1] * d + list(range(k))
        self.lex = range(d, d + k)  # the starting basis: lexicographic tie-breaking
        self.buf = np.empty_like(self.T)

    def full_column(self, v: int, rows: np.ndarray) -> np.ndarray:
        """Entries of variable ``v``'s column of the full tableau in ``rows``."""
        c = self.column_of[v]
        if c >= 0:
            return self.T[rows, c]
        return (rows == self.row_of[v]).astype(np.float64)

    def leaving_row(self, v: int) -> int | None:
        """The row that leaves when ``v`` enters: minimum ratio, ties broken lexicographically."""
        T = self.T
        a = T[:, self.column_of[v]]
        mask = a > PIVOT_TOL * max(1.0, float(a.max()))
        ratios = np.divide(T[:, -1], a, out=np.full(a.shape[0], np.inf), where=mask)
        r = int(ratios.argmin())
        best = float(ratios[r])
        if not best < np.inf:  # unbounded, or a NaN ratio
            return None
        tied = ratios <= best + TIE_TOL * max(1.0, abs(best))
        if np.count_nonzero(tied) == 1:
            return r
        rows = np.flatnonzero(tied)
        piv = a[rows]
        for s in self.lex:
            vals = self.full_column(s, rows) / piv
            low = float(vals.min())
            keep = vals <= low + TIE_TOL * max(1.0, abs(low))
            rows, piv = rows[keep], piv[keep]
            if rows.size == 1:
                break
        return int(rows[0])

    def pivot(self, r: int, v: int) -> bool:
        """Exchange basic ``basis[r]`` with nonbasic ``v``; ``False`` when untrustworthy."""
        T = self.T
        c = self.column_of[v]
        p = float(T[r, c])
        prow = T[r] / p
        if not float(np.abs(prow).max()) <= GROWTH_LIMIT:  # also catches NaN
            return False
        col = T[:, c].copy()
        np.multiply(col[:, None], prow[None, :], out=self.buf)
        T -= self.buf
        T[r] = prow
        T[:, c] = col * (-1.0 / p)
        T[r, c] = 1.0 / p
        leaving = self.basis[r]
        self.basis[r] = v
        self.nonbasic[c] = leaving
        self.column_of[leaving], self.row_of[leaving] = c, -1
        self.column_of[v], self.row_of[v] = -1, r
        return True


def compiled_path() -> Callable[..., tuple[int, np.ndarray, np.ndarray, int]] | None:
    """The numba-compiled pivoting loop (:func:`gametheory._kernel._jit.lemke_howson_path`),
    or ``None`` when numba is not importable. numba is imported here, on first use, never at
    ``import gametheory``; the answer is remembered."""
    return optional("gametheory._kernel._jit:lemke_howson_path")


#: Values of ``backend``: ``"auto"`` (compiled when numba is importable), ``"numba"``, ``"numpy"``.
BACKENDS = ("auto", "numba", "numpy")


def lemke_howson_basis(
    A: np.ndarray, B: np.ndarray, label: int, max_pivots: int = 100_000, backend: str = "auto"
) -> FloatBasis | None:
    """Follow the Lemke-Howson path from ``(0, 0)`` dropping ``label``, in floating point.

    Parameters
    ----------
    A, B:
        The ``m x n`` payoff matrices, float, every entry positive (e.g. mapped onto
        ``[1, 2]``).
    label:
        The dropped label: ``0..m-1`` rows, ``m..m+n-1`` columns.
    max_pivots:
        Give up (return ``None``) after this many pivots.
    backend:
        ``"auto"`` (default): the compiled loop when numba is importable, else numpy;
        ``"numba"``: the compiled loop (``ValueError`` without numba); ``"numpy"``: one numpy
        rank-1 update per pivot, driven from Python. Both follow the same path, operation for
        operation, and return the same basis.

    Returns
    -------
    FloatBasis or None
        The final bases, or ``None`` when floating point could not finish the path
        reliably; the caller then pivots in exact arithmetic.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    kernel = compiled_path() if backend != "numpy" else None
    if kernel is None and backend == "numba":
        raise ValueError("backend='numba' needs numba (pip install 'gametheory[speed]')")
    if kernel is not None:
        A = np.ascontiguousarray(A, dtype=np.float64)
        B = np.ascontiguousarray(B, dtype=np.float64)
        status, row_basis, column_basis, pivots = kernel(
            A, B, int(label), int(max_pivots), PIVOT_TOL, TIE_TOL, GROWTH_LIMIT
        )
        if status != 0:
            return None
        return FloatBasis(row_basis.tolist(), column_basis.tolist(), int(pivots))
    return _numpy_path(A, B, label, max_pivots)


def _numpy_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int) -> FloatBasis | None:
    """The path of :func:`lemke_howson_basis` with numpy arrays, one Python step per pivot."""
    m, n = A.shape
    P = _Tableau(np.asarray(B, dtype=np.float64).T)  # B^T x + r = 1: x_i is i, r_j is m + j
    Q = _Tableau(np.asarray(A, dtype=np.float64))  # A y + s = 1: y_j is j, s_i is n + i
    in_p = label < m
    entering = label if in_p else label - m
    pivots = 0
    while pivots < max_pivots:
        tab = P if in_p else Q
        row = tab.leaving_row(entering)
        if row is None:
            return None
        leaving = tab.basis[row]
        if not tab.pivot(row, entering):
            return None
        pivots += 1
        if in_p:  # the label of the leaving variable
            left_label = leaving
        else:
            left_label = m + leaving if leaving < n else leaving - n
        if left_label == label:
            return FloatBasis(P.basis, Q.basis, pivots)
        if in_p:  # the complementary variable enters Q: y_j for label m + j, s_i for label i
            entering = left_label - m if left_label >= m else n + left_label
            in_p = False
        else:
            entering = left_label
            in_p = True
    return None
