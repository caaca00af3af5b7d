"""Backward induction along one parameter: the exact pieces of a tree whose payoffs are
polynomials in a single unknown ``t``.

:func:`pieces_in_one_parameter` takes a tree written with the node constructors of
:mod:`gametheory.extensive.nodes` whose payoffs and chance probabilities are polynomials in
``t`` (python-flint ``fmpq_poly``; numbers are constants) and an interval ``[lo, hi]`` of
``t``. It returns the interval cut into pieces on each of which the subgame-perfect plan
that backward induction picks (the first optimal action at every decision node, as
:func:`gametheory.extensive.solvers.backward.backward_induction` reports first) does not
change. Each cut is an exact root of a difference between two actions' values: rational
roots come out as Fractions, irrational ones (from factors of degree two and more) as
:class:`AlgebraicPoint` values, isolated by exact bisection on a Sturm sequence.

Algorithm: nodes are solved bottom-up; each child's value is a list of pieces with a
polynomial payoff vector. A decision node merges its children's cuts, adds the real roots
of every pairwise difference of its player's values inside each merged piece, and picks the
first best action on each resulting piece at an interior rational point (where no
difference vanishes unless it vanishes identically, an exact tie over the whole piece).
A chance node merges its children's cuts and weighs their polynomials. Everything is exact
rational polynomial arithmetic.

>>> from fractions import Fraction
>>> from flint import fmpq_poly
>>> from gametheory.extensive.nodes import decision
>>> t = fmpq_poly([0, 1])
>>> root = decision("A", {"safe": (1, 0), "risky": (2 * t, 1)}, infoset="A")
>>> [(p.lo, p.hi, p.plan["A"]) for p in pieces_in_one_parameter(root, ["A", "B"], 0, 1)]
[(Fraction(0, 1), Fraction(1, 2), 'safe'), (Fraction(1, 2), Fraction(1, 1), 'risky')]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_poly

from gametheory.errors import GameError
from gametheory.extensive.nodes import Chance, Decision, Terminal

__all__ = ["AlgebraicPoint", "Piece", "as_poly", "compare_points", "pieces_in_one_parameter", "point_between",
           "real_roots", "sorted_points"]


def _q(x: Fraction) -> fmpq:
    return fmpq(x.numerator, x.denominator)


def _frac(x: Any) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def as_poly(x: Any) -> fmpq_poly:
    """``x`` (an ``fmpq_poly``, ``fmpq``, int or Fraction) as a polynomial in ``t``."""
    if isinstance(x, fmpq_poly):
        return x
    if isinstance(x, fmpq):
        return fmpq_poly([x])
    if isinstance(x, bool) or not isinstance(x, (int, Fraction)):
        raise GameError(f"pieces_in_one_parameter: {x!r} is not a polynomial in the parameter")
    return fmpq_poly([_q(Fraction(x))])


def _bound(p: fmpq_poly) -> Fraction:
    """Cauchy's bound: every real root of ``p`` has absolute value below it."""
    c = [_frac(x) for x in p.coeffs()]
    return 1 + max(abs(x / c[-1]) for x in c[:-1]) if len(c) > 1 else Fraction(1)


def _sign_at(p: fmpq_poly, x: Fraction) -> int:
    v = p(_q(x))
    return (v > 0) - (v < 0)


@dataclass(frozen=True)
class AlgebraicPoint:
    """An irrational real root of the irreducible rational polynomial ``poly``, the only one in
    the open interval ``(lo, hi)`` (rational ends, neither a root)."""

    poly: fmpq_poly
    lo: Fraction
    hi: Fraction

    def refine(self, width: Fraction) -> AlgebraicPoint:
        """The same root on an isolating interval narrower than ``width``."""
        lo, hi = self.lo, self.hi
        s_lo = _sign_at(self.poly, lo)
        while hi - lo >= width:
            mid = (lo + hi) / 2
            s = _sign_at(self.poly, mid)
            if s == s_lo:
                lo = mid
            else:
                hi = mid
        return AlgebraicPoint(self.poly, lo, hi)

    def __float__(self) -> float:
        a = self.refine(Fraction(1, 2**60) * max(Fraction(1), abs(self.lo)))
        return float((a.lo + a.hi) / 2)

    def __repr__(self) -> str:
        return f"AlgebraicPoint(root of {self.poly} near {float(self):.12g})"

    def __str__(self) -> str:
        return self.radical_text() if self.poly.degree() == 2 else self.root_text()

    def radical_text(self) -> str:
        """A root of a quadratic as ``p + q*sqrt(m)`` text (``m`` square-free, the rational part
        first), e.g. ``-5 + 4*sqrt(2)`` or ``-3/2 + sqrt(57)/6``: text ``sympy.sympify`` reads back
        as the same number."""
        import flint

        c0, c1, c2 = (_frac(c) for c in self.poly.coeffs())
        centre = -c1 / (2 * c2)
        disc = c1 * c1 - 4 * c2 * c0
        k, m = 1, 1
        for prime, e in flint.fmpz(disc.numerator * disc.denominator).factor():
            k *= int(prime) ** (e // 2)
            m *= int(prime) ** (e % 2)
        q = Fraction(k, disc.denominator) / (2 * abs(c2))     # sqrt(disc) / |2 c2| = q sqrt(m)
        plus = float(self) > float(centre)
        surd = ("sqrt" if q.numerator == 1 else f"{q.numerator}*sqrt") + f"({m})" + (
            f"/{q.denominator}" if q.denominator != 1 else "")
        if centre == 0:
            return surd if plus else f"-{surd}"
        return f"{centre} {'+' if plus else '-'} {surd}"

    def root_text(self) -> str:
        """The root in sympy's notation, ``CRootOf(<primitive integer polynomial in x>, k)`` with
        ``k`` its rank among the polynomial's real roots from the smallest (0-based): text that
        ``sympy.sympify`` reads back as the same number (sympy itself may print a rescaled
        polynomial, or radicals for a quadratic)."""
        q = self.poly
        coeffs = [_frac(c) for c in q.coeffs()]                    # constant term first
        den = 1
        for q_c in coeffs:
            den = den * q_c.denominator // math.gcd(den, q_c.denominator)
        ints = [int(q_c * den) for q_c in coeffs]
        g = math.gcd(*ints)
        sign = -1 if ints[-1] < 0 else 1
        ints = [sign * n // g for n in ints]
        terms: list[str] = []
        for k in range(len(ints) - 1, -1, -1):
            n = ints[k]
            if n == 0:
                continue
            mono = "" if k == 0 else ("x" if k == 1 else f"x**{k}")
            mag = abs(n)
            body = str(mag) if not mono else (mono if mag == 1 else f"{mag}*{mono}")
            if not terms:
                terms.append(("-" if n < 0 else "") + body)
            else:
                terms.append(("- " if n < 0 else "+ ") + body)
        rank = len(real_roots(q, self.lo - 1 - _bound(q), self.lo))
        return f"CRootOf({' '.join(terms)}, {rank})"

    def to_json(self) -> str:
        """JSON text: ``str`` (radicals for a quadratic, else :meth:`root_text`)."""
        return str(self)


Point = Fraction | AlgebraicPoint


def _cmp(a: Point, b: Point) -> tuple[int, Point, Point]:
    """Compare two points exactly; returns (sign of a - b, a, b) with algebraic points refined."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return (a > b) - (a < b), a, b
    if isinstance(a, AlgebraicPoint) and isinstance(b, AlgebraicPoint) and a.poly == b.poly:
        if a.lo == b.lo and a.hi == b.hi:
            return 0, a, b
    while True:
        alo, ahi = (a, a) if isinstance(a, Fraction) else (a.lo, a.hi)
        blo, bhi = (b, b) if isinstance(b, Fraction) else (b.lo, b.hi)
        if ahi <= blo:
            return -1, a, b
        if bhi <= alo:
            return 1, a, b
        if isinstance(a, AlgebraicPoint) and isinstance(b, AlgebraicPoint) and a.poly == b.poly:
            m, M = max(alo, blo), min(ahi, bhi)
            if _sign_at(a.poly, m) != _sign_at(a.poly, M):
                return 0, a, b  # both isolate the one root of the intersection
        if isinstance(a, AlgebraicPoint):
            a = a.refine((a.hi - a.lo) / 2)
        if isinstance(b, AlgebraicPoint):
            b = b.refine((b.hi - b.lo) / 2)


def _less(a: Point, b: Point) -> bool:
    return _cmp(a, b)[0] < 0


def _between(a: Point, b: Point) -> Fraction:
    """A rational strictly between the points ``a < b``."""
    while True:
        lo = a if isinstance(a, Fraction) else a.hi
        hi = b if isinstance(b, Fraction) else b.lo
        if lo < hi:
            return (lo + hi) / 2
        if isinstance(a, AlgebraicPoint):
            a = a.refine((a.hi - a.lo) / 2)
        if isinstance(b, AlgebraicPoint):
            b = b.refine((b.hi - b.lo) / 2)


def _sturm(p: fmpq_poly) -> list[fmpq_poly]:
    seq = [p, p.derivative()]
    while seq[-1].degree() > 0:
        r = -(seq[-2] % seq[-1])
        if r.degree() < 0:
            break
        seq.append(r)
    return seq


def _variations(seq: list[fmpq_poly], x: Fraction) -> int:
    signs = [s for s in (_sign_at(q, x) for q in seq) if s]
    return sum(1 for u, v in zip(signs, signs[1:]) if u != v)


def real_roots(p: fmpq_poly, lo: Fraction, hi: Fraction) -> list[Point]:
    """The distinct real roots of ``p`` strictly inside ``(lo, hi)``, sorted; rational roots as
    Fractions, irrational ones as :class:`AlgebraicPoint`. ``p`` must not be zero."""
    if p.degree() <= 0:
        return []
    if p.degree() == 1:
        c = p.coeffs()
        r = _frac(-c[0] / c[1])
        return [r] if lo < r < hi else []
    out: list[Point] = []
    _, factors = p.factor()
    for f, _m in factors:
        if f.degree() == 1:
            c = f.coeffs()
            r = _frac(-c[0] / c[1])
            if lo < r < hi:
                out.append(r)
            continue
        # irreducible of degree >= 2: no rational roots, so rational ends are never roots
        seq = _sturm(f)
        stack = [(lo, hi)]
        while stack:
            a, b = stack.pop()
            n = _variations(seq, a) - _variations(seq, b)
            if n == 0:
                continue
            if n == 1:
                out.append(AlgebraicPoint(f, a, b))
                continue
            mid = (a + b) / 2
            stack += [(a, mid), (mid, b)]
            if _sign_at(f, mid) == 0:  # pragma: no cover - irreducible: no rational root
                raise GameError("real_roots: a rational root of an irreducible factor")
    return _sorted_unique(out)


def compare_points(a: Point, b: Point) -> int:
    """The sign of ``a - b``, decided exactly (algebraic points refined as needed)."""
    return _cmp(a, b)[0]


def point_between(a: Point, b: Point) -> Fraction:
    """A rational strictly between the points ``a < b``."""
    return _between(a, b)


def sorted_points(points: Sequence[Point]) -> list[Point]:
    """The distinct points, sorted exactly."""
    return _sorted_unique(points)


def _sorted_unique(points: Sequence[Point]) -> list[Point]:
    out: list[Point] = []
    for x in points:
        # insertion sort: the lists are short
        i = len(out)
        while i > 0 and _less(x, out[i - 1]):
            i -= 1
        if i > 0 and _cmp(out[i - 1], x)[0] == 0:
            continue
        out.insert(i, x)
    return out


@dataclass(frozen=True)
class Piece:
    """An open interval ``(lo, hi)`` of the parameter on which the backward-induction plan is
    ``plan`` (information set -> action) and the root's payoffs are the polynomials ``values``."""

    lo: Point
    hi: Point
    plan: dict[Hashable, str]
    values: tuple[fmpq_poly, ...]

    def interior(self) -> Fraction:
        """A rational point strictly inside the piece."""
        return _between(self.lo, self.hi)


@dataclass
class _Seg:
    hi: Point
    values: list[fmpq_poly]
    plan: dict[Hashable, str]


def _merge(children: list[list[_Seg]]) -> list[tuple[Point, list[_Seg]]]:
    """The common refinement of the children's piece lists: (upper end, segment of each child)."""
    idx = [0] * len(children)
    out: list[tuple[Point, list[_Seg]]] = []
    while True:
        current = [ch[i] for ch, i in zip(children, idx)]
        hi = current[0].hi
        for s in current[1:]:
            if _less(s.hi, hi):
                hi = s.hi
        out.append((hi, current))
        if all(i == len(ch) - 1 for ch, i in zip(children, idx)):
            return out
        for k, ch in enumerate(children):
            if _cmp(ch[idx[k]].hi, hi)[0] == 0 and idx[k] < len(ch) - 1:
                idx[k] += 1


def _payoff_vector(p: Any, players: Sequence[str]) -> list[fmpq_poly]:
    if isinstance(p, Mapping):
        return [as_poly(p.get(name, 0)) for name in players]
    vals = list(p)
    if len(vals) != len(players):
        raise GameError(f"pieces_in_one_parameter: payoffs {vals!r} do not match the players {list(players)}")
    return [as_poly(v) for v in vals]


def pieces_in_one_parameter(
    root: Any, players: Sequence[str], lo: Fraction | int, hi: Fraction | int
) -> list[Piece]:
    """Backward induction on ``[lo, hi]`` of the single parameter of ``root``'s polynomials.

    Parameters
    ----------
    root:
        A perfect-information tree (node constructors, or payoff tuples as terminals) whose
        payoffs and chance probabilities are ``fmpq_poly`` in the parameter or numbers.
        Decision nodes are identified in the plans by their ``infoset`` (each information
        set here holds one node).
    players:
        The player names, in payoff order.
    lo, hi:
        The parameter's interval (``lo < hi``).

    Returns
    -------
    list of Piece
        Consecutive open pieces covering ``(lo, hi)``; the plan on each is the one backward
        induction with first-optimal tie-breaking returns at every interior point. The
        plan may change only at the pieces' ends (exact), which may include points where it
        does not change.
    """
    a, b = Fraction(lo), Fraction(hi)
    if not a < b:
        raise GameError(f"pieces_in_one_parameter: empty interval [{a}, {b}]")
    names = list(players)

    def solve(node: Any, add: list[fmpq_poly] | None) -> list[_Seg]:
        if isinstance(node, Terminal):
            segs = [_Seg(b, _payoff_vector(node.payoffs, names), {})]
        elif isinstance(node, Decision):
            kids = [solve(c, None) for c in node.children]
            player = node.player if isinstance(node.player, int) else names.index(node.player)
            key = node.infoset if node.infoset is not None else id(node)
            segs = []
            start: Point = a
            for end, parts in _merge(kids):
                diffs = []
                vals = [s.values[player] for s in parts]
                for i in range(len(vals)):
                    for j in range(i + 1, len(vals)):
                        d = vals[i] - vals[j]
                        if d.degree() >= 0:
                            diffs.append(d)
                cuts: list[Point] = []
                for d in diffs:
                    cuts.extend(_roots_between(d, start, end))
                cuts = _sorted_unique(cuts)
                for lo_, hi_ in zip([start, *cuts], [*cuts, end]):
                    x = _q(_between(lo_, hi_))
                    at = [v(x) for v in vals]
                    best = max(range(len(at)), key=lambda k: (at[k], -k))
                    plan = {key: node.actions[best]}
                    for s in parts:
                        plan.update(s.plan)
                    segs.append(_Seg(hi_, list(parts[best].values), plan))
                start = end
        elif isinstance(node, Chance):
            kids = [solve(c, None) for c in node.children]
            probs = [as_poly(p) for p in node.probs]
            segs = []
            for end, parts in _merge(kids):
                total = [fmpq_poly([0])] * len(names)
                plan = {}
                for pr, s in zip(probs, parts):
                    total = [x + pr * y for x, y in zip(total, s.values)]
                    plan.update(s.plan)
                segs.append(_Seg(end, total, plan))
        elif isinstance(node, (tuple, list, Mapping)):
            segs = [_Seg(b, _payoff_vector(node, names), {})]
        else:
            raise GameError(f"pieces_in_one_parameter: not a tree node: {node!r}")
        if isinstance(node, (Decision, Chance)) and node.payoffs is not None:
            extra = _payoff_vector(node.payoffs, names)
            segs = [_Seg(s.hi, [x + y for x, y in zip(s.values, extra)], s.plan) for s in segs]
        return segs

    def _roots_between(d: fmpq_poly, lo_: Point, hi_: Point) -> list[Point]:
        rlo = lo_ if isinstance(lo_, Fraction) else lo_.lo
        rhi = hi_ if isinstance(hi_, Fraction) else hi_.hi
        return [r for r in real_roots(d, rlo, rhi) if _less(lo_, r) and _less(r, hi_)]

    out: list[Piece] = []
    start: Point = a
    for s in solve(root, None):
        out.append(Piece(start, s.hi, s.plan, tuple(s.values)))
        start = s.hi
    return out
