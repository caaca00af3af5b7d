"""Polyhedra of equilibria: affine arithmetic over free unknowns and exact Fourier-Motzkin
elimination (with strict inequalities) over the rationals."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from gametheory._kernel.linalg import rank
from gametheory.normal.solvers.enumpoly.system import _contract


class _TooLarge(Exception):
    """Fourier-Motzkin elimination produced too many constraints."""


class _Affine:
    """An affine function ``c[0] y_0 + ... + c[d-1] y_{d-1} + c[d]`` with rational coefficients."""

    __slots__ = ("c",)

    def __init__(self, c: list[Fraction]) -> None:
        self.c = c

    def __add__(self, o: Any) -> _Affine:
        if isinstance(o, _Affine):
            return _Affine([a + b for a, b in zip(self.c, o.c)])
        return _Affine(self.c[:-1] + [self.c[-1] + o])

    __radd__ = __add__

    def __neg__(self) -> _Affine:
        return _Affine([-a for a in self.c])

    def __sub__(self, o: Any) -> _Affine:
        return self + (-o)

    def __rsub__(self, o: Any) -> _Affine:
        return (-self) + o

    def __mul__(self, k: Any) -> _Affine:
        if isinstance(k, _Affine):
            if all(v == 0 for v in k.c[:-1]):
                return self * k.c[-1]
            if all(v == 0 for v in self.c[:-1]):
                return k * self.c[-1]
            raise _NotAffine
        return _Affine([a * k for a in self.c])

    __rmul__ = __mul__


class _NotAffine(Exception):
    pass


def _contract_affine(coeffs: list[int], shape: tuple[int, ...], vecs: Sequence[Sequence[Any]], d: int) -> _Affine | None:
    try:
        val = _contract(coeffs, shape, vecs)
    except _NotAffine:
        return None
    if isinstance(val, _Affine):
        return val
    return _Affine([Fraction(0)] * d + [Fraction(val)])


#: Fourier-Motzkin gives up past this many constraints.
FM_LIMIT = 4000


def _fourier_motzkin(cons: list[tuple[tuple[Fraction, ...], Fraction, bool]], d: int) -> list[Fraction] | None:
    """A rational point with ``a.y < b`` (strict) / ``a.y <= b`` for every constraint, or None.

    Fourier-Motzkin elimination (exact, handles strict inequalities), then back
    substitution choosing the midpoint of each variable's interval.
    """
    levels = []
    cur = [(tuple(Fraction(v) for v in a), Fraction(b), s) for a, b, s in cons]
    for k in range(d - 1, -1, -1):
        pos = [c for c in cur if c[0][k] > 0]
        neg = [c for c in cur if c[0][k] < 0]
        nxt = {_normalise_con(c) for c in cur if c[0][k] == 0}
        for ap, bp, sp_ in pos:
            for an, bn, sn in neg:
                lp, ln = -an[k], ap[k]
                a = tuple(lp * x + ln * y for x, y in zip(ap, an))
                nxt.add(_normalise_con((a, lp * bp + ln * bn, sp_ or sn)))
                if len(nxt) > FM_LIMIT:
                    raise _TooLarge
        levels.append((k, pos, neg))
        cur = list(nxt)
    for _a, b, s in cur:
        if (s and not 0 < b) or (not s and not 0 <= b):
            return None
    y = [Fraction(0)] * d
    for k, pos, neg in reversed(levels):
        hi: tuple[Fraction, bool] | None = None
        lo: tuple[Fraction, bool] | None = None
        for a, b, s in pos:
            v = (b - sum(a[j] * y[j] for j in range(k))) / a[k]
            if hi is None or v < hi[0] or (v == hi[0] and s):
                hi = (v, s)
        for a, b, s in neg:
            v = (b - sum(a[j] * y[j] for j in range(k))) / a[k]
            if lo is None or v > lo[0] or (v == lo[0] and s):
                lo = (v, s)
        if lo is not None and hi is not None:
            y[k] = (lo[0] + hi[0]) / 2
        elif lo is not None:
            y[k] = lo[0] + (1 if lo[1] else 0)
        elif hi is not None:
            y[k] = hi[0] - (1 if hi[1] else 0)
    return y


def _normalise_con(c: tuple[tuple[Fraction, ...], Fraction, bool]) -> tuple[tuple[Fraction, ...], Fraction, bool]:
    a, b, s = c
    scale = max((abs(v) for v in a), default=Fraction(0))
    if scale == 0:
        return a, b, s
    return tuple(v / scale for v in a), b / scale, s


def _rank(rows: list[list[Fraction]], d: int) -> int:
    if not rows or d == 0:
        return 0
    return rank(rows)

