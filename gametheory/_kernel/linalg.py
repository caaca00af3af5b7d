"""Exact rational linear algebra, one implementation for the whole engine (FLINT's
``fmpq_mat`` through python-flint: C speed, exact answers).

Inputs are sequences of rows of anything :class:`fractions.Fraction` accepts (ints,
Fractions, flint integers and rationals; ints and flint numbers go to FLINT as they are);
outputs are lists of :class:`~fractions.Fraction`.

>>> from fractions import Fraction as F
>>> solve_exact([[1, 2], [3, 4]], [5, 6])
[Fraction(-4, 1), Fraction(9, 2)]
>>> solve_exact([[1, 2], [2, 4]], [1, 2]) is None
True
>>> rank([[1, 2], [2, 4]])
1
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import flint


def _q(v: Any) -> Any:
    """``v`` as an entry FLINT takes: ints, flint integers and rationals pass unchanged."""
    tv = type(v)
    if tv is int or tv is flint.fmpq or tv is flint.fmpz:
        return v
    if tv is Fraction:
        return flint.fmpq(v.numerator, v.denominator)
    f = Fraction(v)  # bools, numpy integers, Decimals, other rationals
    return flint.fmpq(f.numerator, f.denominator)


def _fraction(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def to_fmpq_mat(rows: Sequence[Sequence[Any]], ncols: int | None = None) -> flint.fmpq_mat:
    """The rational matrix with these rows (``ncols`` needed only when there are no rows)."""
    m = len(rows)
    n = len(rows[0]) if m else (ncols or 0)
    return flint.fmpq_mat(m, n, [_q(v) for r in rows for v in r])


def solve_exact(a: Sequence[Sequence[Any]], b: Sequence[Any]) -> list[Fraction] | None:
    """The solution of the square system ``a x = b``, or ``None`` when ``a`` is singular."""
    n = len(b)
    if n == 0:
        return []
    if len(a) != n or any(len(r) != n for r in a):
        raise ValueError(f"solve_exact: expected a {n} x {n} matrix")
    try:
        x = to_fmpq_mat(a).solve(flint.fmpq_mat(n, 1, [_q(v) for v in b]))
    except ZeroDivisionError:
        return None
    return [_fraction(v) for v in x.entries()]


def solve_consistent(a: Sequence[Sequence[Any]], b: Sequence[Any], ncols: int) -> list[Fraction] | None:
    """A solution of the (possibly non-square) system ``a x = b`` with ``ncols`` unknowns,
    free variables set to zero, or ``None`` when the system is inconsistent."""
    m = len(b)
    aug = flint.fmpq_mat(m, ncols + 1, [_q(v) for r, rhs in zip(a, b) for v in (*r, rhs)])
    red, rk = aug.rref()
    entries = red.entries()
    width = ncols + 1
    x = [Fraction(0)] * ncols
    for r in range(rk):
        row = entries[r * width:(r + 1) * width]
        lead = next((c for c, v in enumerate(row) if v != 0), None)
        if lead is None:
            continue
        if lead == ncols:
            return None  # 0 = nonzero
        x[lead] = _fraction(row[ncols])
    return x


def rank(a: Sequence[Sequence[Any]]) -> int:
    """The rank of ``a`` over the rationals."""
    if not a:
        return 0
    return int(to_fmpq_mat(a).rank())
