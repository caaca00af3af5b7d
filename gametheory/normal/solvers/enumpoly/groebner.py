"""Exact algebra over the rationals (python-flint): Groebner bases of a support system, the
dimension of its ideal, and the multiplication matrices of a zero-dimensional quotient ring
with their eigenvector solutions."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from gametheory.normal.solvers.enumpoly.system import MAX_PATHS, _System

#: Buchberger gives up (and the support goes to homotopy continuation) past these sizes:
#: basis length, terms per polynomial, coefficient bits.
GROEBNER_LIMITS = (400, 4000, 8192)


class _Algebra:
    """Exact algebra of one support system over the rationals (python-flint)."""

    def __init__(self, system: _System) -> None:
        self.system = system
        self.ctx = flint.fmpz_mpoly_ctx.get(tuple(system.names), "degrevlex")
        self.qctx = flint.fmpq_mpoly_ctx.get(tuple(system.names), "degrevlex")
        gens = self.ctx.gens()
        self.gens = gens
        self.polys = [p for p in system.evaluate(list(gens), one=self.ctx.from_dict({(0,) * system.n: 1}))]

    def linear(self, var: int, value: Fraction) -> Any:
        """The polynomial ``den * x_var - num``."""
        e = [0] * self.system.n
        e[var] = 1
        return self.ctx.from_dict({tuple(e): value.denominator, (0,) * self.system.n: -value.numerator})

    def groebner(self, extra: Sequence[Any] = ()) -> list[Any] | None:
        """Reduced Groebner basis (monic, rational) or ``None`` if the limits were hit."""
        polys = []
        for p in [*self.polys, *extra]:
            if isinstance(p, int):
                p = self.ctx.from_dict({(0,) * self.system.n: p}) if p else self.ctx.from_dict({})
            if not p.is_zero():
                polys.append(p)
        if not polys:
            return []
        for p in polys:
            if p.is_constant():
                return [self.qctx.from_dict({(0,) * self.system.n: 1})]
        vec = flint.fmpz_mpoly_vec(polys, self.ctx)
        found: Any = vec.buchberger_naive(limits=GROEBNER_LIMITS)
        basis, ok = found
        if not ok:
            return None
        reduced = basis.autoreduction()
        out = []
        for k in range(len(reduced)):
            g = reduced[k]
            if g.is_zero():
                continue
            q = self.qctx.from_dict({m: int(c) for m, c in g.to_dict().items()})
            out.append(q * (1 / flint.fmpq(int(g.leading_coefficient()))))
        return out


def _leading(g: Any) -> tuple[int, ...]:
    return tuple(g.monoms()[0])


def _divides(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(x <= y for x, y in zip(a, b))


def _dimension(lms: list[tuple[int, ...]], n: int) -> tuple[int, tuple[int, ...]]:
    """Krull dimension of the ideal with these leading monomials, and a maximal set of
    independent variables (no leading monomial involves only those variables)."""
    for size in range(n, -1, -1):
        for U in itertools.combinations(range(n), size):
            Uset = set(U)
            if not any(all(e == 0 or v in Uset for v, e in enumerate(m)) for m in lms):
                return size, U
    return 0, ()  # pragma: no cover - the empty set is always independent


def _standard_monomials(lms: list[tuple[int, ...]], n: int, cap: int) -> list[tuple[int, ...]] | None:
    start = (0,) * n
    if any(_divides(m, start) for m in lms):
        return []
    seen = {start}
    order = [start]
    k = 0
    while k < len(order):
        m = order[k]
        k += 1
        for v in range(n):
            e = list(m)
            e[v] += 1
            t = tuple(e)
            if t in seen or any(_divides(lm, t) for lm in lms):
                continue
            seen.add(t)
            order.append(t)
            if len(order) > cap:
                return None
    return order


def _normal_form(f: Any, G: list[Any], lms: list[tuple[int, ...]], qctx: Any,
                 divisor: dict[tuple[int, ...], int]) -> dict[tuple[int, ...], Any]:
    """Remainder of ``f`` on division by the reduced basis ``G`` (``divisor`` memoises which
    leading monomial divides a monomial, -1 for none)."""
    rem: dict[tuple[int, ...], Any] = {}
    while not f.is_zero():
        m = f.monomial(0)
        c = f.coefficient(0)
        k = divisor.get(m)
        if k is None:
            k = next((q for q, lm in enumerate(lms) if _divides(lm, m)), -1)
            divisor[m] = k
        if k >= 0:
            shift = tuple(a - b for a, b in zip(m, lms[k]))
            f = f - G[k] * qctx.from_dict({shift: c})
        else:
            rem[m] = c
            f = f - qctx.from_dict({m: c})
    return rem


@dataclass
class _Quotient:
    """Multiplication matrices of a zero-dimensional quotient ring ``Q[x]/I``."""

    basis: list[tuple[int, ...]]
    mats: list[Any]  # flint fmpq_mat per variable


def _quotient(G: list[Any], n: int, qctx: Any, shortcut: bool = True) -> _Quotient | None:
    lms = [_leading(g) for g in G]
    B = _standard_monomials(lms, n, 4 * MAX_PATHS)
    if B is None:
        return None
    index = {b: k for k, b in enumerate(B)}
    D = len(B)
    mats = []
    divisor: dict[tuple[int, ...], int] = {}
    # a border monomial that is itself a leading monomial reduces in one step, to minus
    # the tail of its (reduced, monic) basis element, which is already in normal form
    tails: dict[tuple[int, ...], list[tuple[tuple[int, ...], Any]]] = {}
    for g, lm in zip(G, lms):
        tails[lm] = [(tuple(m), -c) for m, c in zip(g.monoms()[1:], g.coeffs()[1:])]
    for v in range(n):
        M = flint.fmpq_mat(D, D)
        for col, b in enumerate(B):
            e = list(b)
            e[v] += 1
            t = tuple(e)
            if t in index:
                M[index[t], col] = 1
                continue
            tail = tails.get(t)
            if shortcut and tail is not None and all(m in index for m, _c in tail):
                for m, c in tail:
                    M[index[m], col] = c
                continue
            nf = _normal_form(qctx.from_dict({t: 1}), G, lms, qctx, divisor)
            for m, c in nf.items():
                M[index[m], col] = c
        mats.append(M)
    return _Quotient(B, mats)


def _fmpq_mat_to_float(M: Any) -> np.ndarray:
    D = M.nrows()
    return np.array([[float(M[r, c]) for c in range(D)] for r in range(D)], dtype=np.float64)


def _eigen_points(Q: _Quotient, rng: np.random.Generator) -> list[np.ndarray]:
    """Complex solutions of a zero-dimensional system from its multiplication matrices.

    For a solution ``z`` the row vector ``(b(z))_b`` is a left eigenvector of every
    multiplication matrix (Sturmfels 2002, sec. 2.4); a random combination separates the
    solutions, and ``x_v(z)`` is read off as ``(w M_v)[1] / w[1]``.
    """
    D = len(Q.basis)
    if D == 0:
        return []
    Ms = [_fmpq_mat_to_float(M) for M in Q.mats]
    one = Q.basis.index((0,) * len(Q.mats))
    c = rng.normal(size=len(Ms))
    Mt = sum((ci * M for ci, M in zip(c, Ms)), np.zeros((D, D)))
    if not np.all(np.isfinite(Mt)):
        return []
    _, W = np.linalg.eig(Mt.T)
    pts = []
    for k in range(D):
        w = W[:, k]
        if abs(w[one]) < 1e-12 * max(1.0, float(np.max(np.abs(w)))):
            continue
        pts.append(np.array([(w @ M)[one] / w[one] for M in Ms]))
    return pts

