"""Exact arithmetic with a positive infinitesimal ``e``, and an exact simplex over any ordered field.

:class:`Eps` is a rational function ``p(e) / q(e)`` with rational coefficients (python-flint
polynomials), ordered as its values for every small enough positive real ``e``: its sign is
the sign of the lowest-order coefficient of ``p`` times that of ``q``. This ordered field
lets the refinement checks state "for all sufficiently small ``e``" once, exactly, instead
of trying numbers: a linear program whose data are such functions, solved by
:func:`simplex` in this field, takes the same pivots as the real LP for every small enough
``e`` (each pivot decision is the sign of finitely many rational functions), so its
verdict holds on a whole interval ``(0, e0)``.

:func:`simplex` is a plain two-phase tableau simplex with Bland's rule (it never cycles),
written for the field operations only, so the same code runs on :class:`~fractions.Fraction`
and on :class:`Eps`. It is meant for the small programs of the refinement checks.

>>> e = Eps.eps()
>>> (e > 0, 1 - e > 0, e * e < e, (e - e) == 0)
(True, True, True, True)
>>> str((1 - e) / (1 + e))
'(1 - e)/(1 + e)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint

__all__ = ["Eps", "LPAnswer", "simplex"]


def _poly_str(p: flint.fmpq_poly) -> str:
    terms = []
    for k, cq in enumerate(p.coeffs()):
        c = Fraction(int(cq.p), int(cq.q))
        if c == 0:
            continue
        mag = abs(c)
        body = "e" if k == 1 else (f"e^{k}" if k else "")
        if body and mag == 1:
            text = body
        elif body:
            text = f"{mag}*{body}"
        else:
            text = str(mag)
        terms.append(("-" if c < 0 else "+", text))
    if not terms:
        return "0"
    out = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    for sgn, text in terms[1:]:
        out += f" {sgn} {text}"
    return out


def _low_sign(p: flint.fmpq_poly) -> int:
    deg = p.degree()
    for k in range(deg + 1):
        c = p[k]
        if c != 0:
            return 1 if c > 0 else -1
    return 0


class Eps:
    """``num(e) / den(e)`` for a positive infinitesimal ``e`` (see the module docs)."""

    __slots__ = ("num", "den")

    def __init__(self, num: Any, den: Any = 1) -> None:
        n = num if isinstance(num, flint.fmpq_poly) else flint.fmpq_poly([_q(num)])
        d = den if isinstance(den, flint.fmpq_poly) else flint.fmpq_poly([_q(den)])
        if d == 0:
            raise ZeroDivisionError("Eps: zero denominator")
        if n == 0:
            self.num, self.den = flint.fmpq_poly([]), flint.fmpq_poly([1])
            return
        g = n.gcd(d)
        if g.degree() > 0:
            n, d = n // g, d // g
        lead = d.coeffs()[-1]
        self.num, self.den = n / lead, d / lead

    @classmethod
    def _reduced(cls, num: flint.fmpq_poly, den: flint.fmpq_poly) -> Eps:
        """``num / den`` already in lowest terms with ``den`` monic (no gcd taken)."""
        out = cls.__new__(cls)
        if num == 0:
            out.num, out.den = flint.fmpq_poly([]), flint.fmpq_poly([1])
        else:
            out.num, out.den = num, den
        return out

    @classmethod
    def eps(cls) -> Eps:
        """The infinitesimal ``e`` itself."""
        return cls(flint.fmpq_poly([0, 1]))

    # ------------------------------------------------------------------ field operations
    def _lift(self, other: Any) -> Eps:
        return other if isinstance(other, Eps) else Eps(other)

    def __add__(self, other: Any) -> Eps:
        if type(other) is Fraction or type(other) is int:
            if not other:
                return self
            # (num + c den) / den stays in lowest terms
            return Eps._reduced(self.num + self.den * _q(other), self.den)
        o = self._lift(other)
        if self.den == o.den:
            return Eps(self.num + o.num, self.den)
        return Eps(self.num * o.den + o.num * self.den, self.den * o.den)

    __radd__ = __add__

    def __neg__(self) -> Eps:
        return Eps(-self.num, self.den)

    def __sub__(self, other: Any) -> Eps:
        return self + (-self._lift(other))

    def __rsub__(self, other: Any) -> Eps:
        return self._lift(other) - self

    def __mul__(self, other: Any) -> Eps:
        if type(other) is Fraction or type(other) is int:
            return Eps._reduced(self.num * _q(other), self.den) if other else Eps(0)
        o = self._lift(other)
        return Eps(self.num * o.num, self.den * o.den)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Eps:
        if type(other) is Fraction or type(other) is int:
            if not other:
                raise ZeroDivisionError("Eps: division by zero")
            return Eps._reduced(self.num / _q(other), self.den)
        o = self._lift(other)
        if o.num == 0:
            raise ZeroDivisionError("Eps: division by zero")
        return Eps(self.num * o.den, self.den * o.num)

    def __rtruediv__(self, other: Any) -> Eps:
        return self._lift(other) / self

    def __pow__(self, k: int) -> Eps:
        out = Eps(1)
        for _ in range(k):
            out = out * self
        return out

    # ------------------------------------------------------------------ order
    def sign(self) -> int:
        """-1, 0 or 1: the sign for every small enough positive ``e``."""
        return _low_sign(self.num) * _low_sign(self.den)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Eps, int, Fraction)):
            return NotImplemented
        return (self - other).sign() == 0

    def __hash__(self) -> int:
        return hash((str(self.num), str(self.den)))

    def __lt__(self, other: Any) -> bool:
        return (self - other).sign() < 0

    def __le__(self, other: Any) -> bool:
        return (self - other).sign() <= 0

    def __gt__(self, other: Any) -> bool:
        return (self - other).sign() > 0

    def __ge__(self, other: Any) -> bool:
        return (self - other).sign() >= 0

    def at(self, value: Fraction) -> Fraction:
        """The exact value at ``e = value``."""
        x = Fraction(value)

        def ev(p: flint.fmpq_poly) -> Fraction:
            out = Fraction(0)
            for c in reversed(p.coeffs()):
                out = out * x + Fraction(int(c.p), int(c.q))
            return out

        return ev(self.num) / ev(self.den)

    def limit(self) -> Fraction:
        """The value at ``e = 0`` (the function must be finite there)."""
        return self.at(Fraction(0))

    def __str__(self) -> str:
        n = _poly_str(self.num)
        if self.den == 1:
            return n
        d = _poly_str(self.den)
        n = f"({n})" if (" + " in n or " - " in n) else n
        return f"{n}/({d})" if len(self.den.coeffs()) > 1 else f"{n}/{d}"

    def __repr__(self) -> str:
        return f"Eps({self})"


def _q(v: Any) -> flint.fmpq:
    f = Fraction(v)
    return flint.fmpq(f.numerator, f.denominator)


def sign(v: Any) -> int:
    """The sign of a Fraction, int or :class:`Eps`."""
    if type(v) is Fraction:
        n = v.numerator
        return (n > 0) - (n < 0)
    if isinstance(v, Eps):
        return v.sign()
    return (v > 0) - (v < 0)


@dataclass(frozen=True)
class LPAnswer:
    """What :func:`simplex` found: ``status`` (``"optimal"``, ``"infeasible"``, ``"unbounded"``),
    an optimal ``x`` and the optimal ``value`` (``None`` unless optimal)."""

    status: str
    x: tuple[Any, ...] | None = None
    value: Any = None


def simplex(
    c: Sequence[Any],
    rows: Sequence[tuple[Sequence[Any], str, Any]],
    *,
    max_pivots: int = 100_000,
) -> LPAnswer:
    """Maximise ``c.x`` subject to ``rows`` and ``x >= 0``, exactly, in the field of the data.

    Each row is ``(a, sense, b)`` with ``sense`` one of ``"<="``, ``">="``, ``"="``, meaning
    ``a.x sense b``. Two phases (artificial variables, then the objective), Bland's rule.

    >>> simplex([1, 1], [([1, 2], "<=", 4), ([3, 1], "<=", 6)]).x
    (Fraction(8, 5), Fraction(6, 5))
    >>> simplex([1], [([1], ">=", 2), ([1], "<=", 1)]).status
    'infeasible'
    """
    n = len(c)
    zero = Fraction(0)
    # standard form: a.x + slack = b with b >= 0; then one artificial per row
    std: list[list[Any]] = []
    rhs: list[Any] = []
    nslack = sum(1 for _, s, _ in rows if s != "=")
    k = 0
    for a, s, b in rows:
        if len(a) != n:
            raise ValueError(f"simplex: a row has {len(a)} coefficients, expected {n}")
        row = [v if isinstance(v, Eps) else Fraction(v) for v in a] + [zero] * nslack
        if s == "<=":
            row[n + k] = Fraction(1)
            k += 1
        elif s == ">=":
            row[n + k] = Fraction(-1)
            k += 1
        elif s != "=":
            raise ValueError(f"simplex: unknown sense {s!r}")
        bb = b if isinstance(b, Eps) else Fraction(b)
        if sign(bb) < 0:
            row = [-v for v in row]
            bb = -bb
        std.append(row)
        rhs.append(bb)
    m = len(std)
    width = n + nslack + m
    T = [
        row + [Fraction(1) if r == i else zero for r in range(m)] + [b]
        for i, (row, b) in enumerate(zip(std, rhs))
    ]
    basis = [n + nslack + i for i in range(m)]

    def pivot(r: int, col: int) -> None:
        p = T[r][col]
        T[r] = [v / p if sign(v) else v for v in T[r]]
        for i in range(m):
            if i != r:
                f = T[i][col]
                if sign(f):
                    T[i] = [a - f * b if sign(b) else a for a, b in zip(T[i], T[r])]
        basis[r] = col

    def run(cost: list[Any], allowed: int) -> str:
        """Maximise ``cost.x`` over columns ``< allowed`` from the current basis (Bland)."""
        for _ in range(max_pivots):
            # reduced cost of column j: cost_j - sum_i cost_{basis_i} T[i][j]
            enter = -1
            for j in range(allowed):
                if j in basis:
                    continue
                red = cost[j] - sum((cost[basis[i]] * T[i][j] for i in range(m) if sign(T[i][j])), zero)
                if sign(red) > 0:
                    enter = j
                    break
            if enter < 0:
                return "optimal"
            best = -1
            best_ratio: Any = None
            for i in range(m):
                if sign(T[i][enter]) > 0:
                    ratio = T[i][-1] / T[i][enter]
                    if best < 0 or ratio < best_ratio or (ratio == best_ratio and basis[i] < basis[best]):
                        best, best_ratio = i, ratio
            if best < 0:
                return "unbounded"
            pivot(best, enter)
        raise RuntimeError("simplex: pivot limit reached")

    phase1 = [zero] * (n + nslack) + [Fraction(-1)] * m
    run(phase1, width)
    if any(sign(T[i][-1]) > 0 for i in range(m) if basis[i] >= n + nslack):
        return LPAnswer("infeasible")
    # drive artificials out of the basis (they are at zero)
    for i in range(m):
        if basis[i] >= n + nslack:
            for j in range(n + nslack):
                if sign(T[i][j]):
                    pivot(i, j)
                    break
    cost = [v if isinstance(v, Eps) else Fraction(v) for v in c] + [zero] * (nslack + m)
    # artificial columns may not re-enter: restrict to the first n + nslack columns
    status = run(cost, n + nslack)
    if status != "optimal":
        return LPAnswer(status)
    x: list[Any] = [zero] * n
    for i in range(m):
        if basis[i] < n:
            x[basis[i]] = T[i][-1]
    value = sum((cv * xv for cv, xv in zip(cost, x) if sign(xv)), zero)
    return LPAnswer("optimal", tuple(x), value)
