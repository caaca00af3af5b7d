"""One integer simplex tableau with fraction-free (Bareiss) pivoting, for every exact pivoting
method of the engine (vertex enumeration, Lemke-Howson, sequence-form Lemke).

The tableau stores integer ``rows`` and a positive integer ``det``; the true (rational)
tableau is ``rows / det``. A pivot keeps every entry an integer: with pivot element ``p``
each other row becomes ``(row * p - f * pivot_row) / det`` (the division is exact, by
Sylvester's identity), and ``det`` becomes ``|p|``. The last column is the right-hand side.
``basis[r]`` is the variable (column) basic in row ``r``.

Lexicographic pivoting: :meth:`IntTableau.lex_min_ratio_row` is the minimum ratio test with
ties broken by comparing ``(rhs, lex columns) / entry`` lexicographically. With the columns of
the starting basis as the lex columns (they hold ``B^-1`` times ``det``) the leaving row is
unique, as for a simple, perturbed polytope; degenerate problems then never cycle.

>>> tab = IntTableau.slack_form([[2, 1], [1, 3]])   # 2 z0 + z1 + s0 = 1, z0 + 3 z1 + s1 = 1
>>> r = tab.lex_min_ratio_row(0, lex_cols=(2, 3))    # z0 enters
>>> tab.pivot(r, 0)
>>> tab.basis, tab.det
([0, 3], 2)
>>> tab.basic_values(4)
[Fraction(1, 2), Fraction(0, 1), Fraction(0, 1), Fraction(1, 2)]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction


class IntTableau:
    """Integer tableau ``rows / det`` with basis ``basis`` (see the module docs).

    Parameters
    ----------
    rows:
        Integer rows, the right-hand side last. Taken over (not copied).
    basis:
        The variable basic in each row (``-1`` for a row with no basic variable yet).
    det:
        The common denominator, positive (``1`` for a tableau that is already integral).
    """

    __slots__ = ("rows", "det", "basis")

    def __init__(self, rows: list[list[int]], basis: list[int], det: int = 1) -> None:
        if det <= 0:
            raise ValueError(f"IntTableau: det must be positive, got {det}")
        self.rows = rows
        self.det = det
        self.basis = basis

    @classmethod
    def slack_form(cls, M: Sequence[Sequence[int]], rhs: Sequence[int] | None = None) -> IntTableau:
        """The tableau of ``M z + s = rhs`` (default ``rhs = 1``) with the slacks basic.

        Columns ``0..d-1`` are ``z``, ``d..d+k-1`` the slacks ``s``, then the right-hand side.
        """
        k, d = len(M), len(M[0])
        b = [1] * k if rhs is None else list(rhs)
        rows = []
        for r in range(k):
            row = [*M[r], *([0] * k), b[r]]
            row[d + r] = 1
            rows.append(row)
        return cls(rows, [d + r for r in range(k)])

    def copy(self) -> IntTableau:
        """An independent copy (rows and basis copied)."""
        return IntTableau([list(r) for r in self.rows], list(self.basis), self.det)

    def pivot(self, r: int, col: int) -> None:
        """Make ``col`` basic in row ``r`` (fraction-free; ``det`` stays positive)."""
        rows = self.rows
        prow = rows[r]
        p = prow[col]
        det = self.det
        for i, row in enumerate(rows):
            if i == r:
                continue
            f = row[col]
            if f == 0:
                if p != det:
                    rows[i] = [(x * p) // det for x in row]
                continue
            rows[i] = [(x * p - f * y) // det for x, y in zip(row, prow)]
        self.basis[r] = col
        if p < 0:
            for i in range(len(rows)):
                rows[i] = [-v for v in rows[i]]
            p = -p
        self.det = p

    def lex_min_ratio_row(self, col: int, lex_cols: Sequence[int], *, exclude: Collection[int] = ()) -> int | None:
        """The leaving row when ``col`` enters, by the lexicographic minimum ratio test.

        Among rows with a positive entry in ``col`` (and whose basic variable is not in
        ``exclude``, e.g. free variables that never leave), the one minimising
        ``(rhs, row[c] for c in lex_cols) / entry`` lexicographically; ``None`` when no row
        qualifies (the edge is an unbounded ray).
        """
        rows = self.rows
        basis = self.basis
        best = -1
        for r, row in enumerate(rows):
            a = row[col]
            if a <= 0 or (exclude and basis[r] in exclude):
                continue
            if best < 0:
                best = r
                continue
            b = rows[best]
            ab = b[col]
            lhs, rhs = row[-1] * ab, b[-1] * a
            if lhs != rhs:
                if lhs < rhs:
                    best = r
                continue
            for c in lex_cols:
                lhs, rhs = row[c] * ab, b[c] * a
                if lhs != rhs:
                    if lhs < rhs:
                        best = r
                    break
        return best if best >= 0 else None

    def value(self, r: int, col: int = -1) -> Fraction:
        """The true entry ``rows[r][col] / det`` (default: the right-hand side of row ``r``)."""
        return Fraction(self.rows[r][col], self.det)

    def basic_values(self, n: int) -> list[Fraction]:
        """Values of variables ``0..n-1`` at the basic solution (nonbasic ones are 0)."""
        out = [Fraction(0)] * n
        for r, v in enumerate(self.basis):
            if 0 <= v < n:
                out[v] = Fraction(self.rows[r][-1], self.det)
        return out
