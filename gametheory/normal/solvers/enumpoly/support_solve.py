"""All Nash equilibria of small N-player games: support enumeration and polynomial systems.

Method (McKelvey & McLennan 1996, "Computation of equilibria in finite games", *Handbook of
Computational Economics* vol. 1, sec. 6; Datta 2003, "Using computer algebra to find Nash
equilibria", *ISSAC*). Every equilibrium has a *support*: the strategies each player uses
with positive probability. For each support profile ``S = (S_1, ..., S_N)``:

1. **Prune** it when a strategy of some ``S_i`` is *conditionally strictly dominated*: some
   other strategy of player ``i`` does strictly better against every pure profile of the
   opponents' supports ``S_-i`` (Porter, Nudelman & Shoham 2008, "Simple search methods
   for finding a Nash equilibrium", *Games and Economic Behavior* 63:642-662). Such a
   strategy is never a best response to a mixture on ``S_-i``.
2. **Solve** the indifference equations: every strategy in ``S_i`` earns player ``i`` the
   same payoff. With ``p_j0 = 1 - sum_r x_jr`` for the first strategy of each support this
   is a square polynomial system in the ``sum_i (|S_i| - 1)`` unknowns ``x_jr``; player
   ``i``'s equations are multilinear in the opponents' probabilities.

   * *Exactly* (``exact=True``, the default for exact games) when the system is small:
     a Groebner basis over the rationals (degree-reverse-lexicographic; python-flint's
     Buchberger), its dimension read off the leading monomials; for a zero-dimensional
     ideal the multiplication matrices of the quotient ring (Sturmfels 2002, *Solving
     systems of polynomial equations*, ch. 2) give every complex solution as eigenvectors
     and every probability exactly, as a root of an irreducible factor of the
     characteristic polynomial of its multiplication matrix (a rational number, a
     quadratic surd or a ``CRootOf``).
   * *Numerically* otherwise: homotopy continuation from a start system with the same
     multihomogeneous structure (the polynomial of player ``i`` has degree one in each
     opponent's probabilities; McKelvey & McLennan 1997, "The maximal number of regular
     totally mixed Nash equilibria", *J. Economic Theory* 72:411-425, show this count is
     the maximal number of solutions), in multiprojective coordinates with a random affine
     patch and the "gamma trick" (Sturmfels 2002, ch. 6; Sommese & Wampler 2005).
3. **Keep** the real solutions that are strictly positive on the support and from which
   no player gains by deviating to a strategy outside it. Every kept point is polished by
   Newton's method at 60 significant digits and verified: rational equilibria have exact
   regret 0; irrational ones have regret at most ``1e-35`` (times the payoff scale) at
   that precision.

A support whose equations have a positive-dimensional solution set (the Groebner basis
has dimension ``d > 0``) is handled in one of three ways:

* if the basis is linear and the best-response conditions are affine on its solution set
  (always so for two players), the equilibria with this support form a polyhedron, and
  Fourier-Motzkin elimination over the rationals decides exactly whether it is empty, a
  point, or a continuum of known dimension (with an exact sample point);
* otherwise a linear-programming certificate may prove that no point of it is an
  equilibrium (some signed combination of a player's indifference conditions, or of an
  unused strategy's gain, has one-signed coefficients);
* otherwise it is sampled: the ``d`` independent coordinates are fixed at random rational
  points and the rest solved exactly, and the points where an unused strategy ties are
  solved for. A verified sample makes it a reported continuum; finding none leaves the
  support *unresolved*, since a curved solution set may still hold equilibria.

Continua and unresolved supports make the result incomplete; they are listed in
``parameters`` and ``diagnostics``, never silently skipped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import mpmath
import numpy as np
import sympy as sp

from gametheory.errors import GameSizeError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import Equilibrium, SolveResult, make_equilibrium
from gametheory.normal.solvers._common import stopwatch, want_exact

#: Largest number of support profiles (prod_i (2**n_i - 1)) accepted by default:
#: 3 players x 4 strategies (3,375), 4 players x 3 (2,401), 6 players x 2 (729) all fit.
MAX_SUPPORT_PROFILES = 4096

#: Largest number of homotopy paths tracked for one support (the multihomogeneous Bezout
#: number); a larger support is reported as unresolved.
MAX_PATHS = 4000

#: Exact Groebner bases are tried when a support's Bezout number is at most this ...
GROEBNER_MAX_BEZOUT = 40
#: ... and it has at most this many unknowns.
GROEBNER_MAX_VARS = 7
#: Buchberger gives up (and the support goes to homotopy continuation) past these sizes:
#: basis length, terms per polynomial, coefficient bits.
GROEBNER_LIMITS = (400, 4000, 8192)

#: Significant digits for polishing and verification.
DIGITS = 60
#: Regret (relative to the largest absolute payoff) accepted at ``DIGITS`` digits.
HP_TOL = mpmath.mpf("1e-35")
#: Below this a high-precision quantity is taken to be exactly zero (a tie, or a
#: probability that belongs to a smaller support).
HP_ZERO = mpmath.mpf("1e-40")

#: Random sample points tried on each positive-dimensional solution set.
CONTINUUM_SAMPLES = 24


# ----------------------------------------------------------------------------- supports
def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def count_support_profiles(shape: Sequence[int]) -> int:
    """Number of support profiles of a game: ``prod_i (2**n_i - 1)``."""
    return math.prod((1 << n) - 1 for n in shape)


def _integer_payoffs(game: NormalFormGame) -> list[np.ndarray]:
    """Each player's payoffs scaled by a positive constant to coprime integers.

    A positive scaling of one player's payoffs changes neither best responses nor
    equilibria, and integers keep the polynomial coefficients small.
    """
    out = []
    for i in range(game.num_players):
        vals = [Fraction(v) for v in game.payoffs[..., i].reshape(-1).tolist()]
        den = 1
        for v in vals:
            den = math.lcm(den, v.denominator)
        ints = [int(v * den) for v in vals]
        g = 0
        for w in ints:
            g = math.gcd(g, w)
        g = g or 1
        ints = [w // g for w in ints]
        if max(abs(v) for v in ints) < 2**62:
            arr = np.array(ints, dtype=np.int64)
        else:
            arr = np.array(ints, dtype=object)
        out.append(arr.reshape(game.shape))
    return out


def _dominated(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    """Whether some supported strategy is conditionally dominated given the opponents' supports.

    Porter, Nudelman & Shoham (2008) prune with strict dominance. Since in an equilibrium
    with this support the opponents give *every* profile of ``S_-i`` positive
    probability, weak dominance with a strict gain at one profile rules a strategy out too.
    """
    N = len(support)
    for i in range(N):
        idx = [range(U[i].shape[j]) if j == i else support[j] for j in range(N)]
        sub = np.moveaxis(U[i][np.ix_(*idx)], i, 0)
        sub = sub.reshape(sub.shape[0], -1)
        own = sub[list(support[i])]
        # beats[t, s]: strategy t is never worse than supported strategy s, somewhere better
        beats = (sub[:, None, :] >= own[None, :, :]).all(axis=2) & (sub[:, None, :] > own[None, :, :]).any(axis=2)
        if beats.any():
            return True
    return False


# ----------------------------------------------------------------------------- the system
def _contract(coeffs: list[Any], shape: tuple[int, ...], vecs: Sequence[Sequence[Any]]) -> Any:
    """``sum_a coeffs[a] * prod_j vecs[j][a_j]`` for a row-major flat ``coeffs`` of ``shape``.

    Plain Python arithmetic, so it works on ints, Fractions, mpmath numbers and flint
    polynomials alike (contracting the last axis first).
    """
    data = coeffs
    for axis in range(len(shape) - 1, -1, -1):
        n = shape[axis]
        v = vecs[axis]
        nxt = []
        for b in range(len(data) // n):
            acc: Any = 0
            for k in range(n):
                c = data[b * n + k]
                if isinstance(c, int) and c == 0:
                    continue
                acc = acc + c * v[k]
            nxt.append(acc)
        data = nxt
    return data[0]


class _System:
    """The indifference equations of one support profile.

    Unknowns: for each player ``j`` with ``k_j >= 2`` supported strategies, the
    probabilities ``x_j1..x_j(k_j-1)`` of all but the first; ``p_j0 = 1 - sum x_j``.
    Equation ``(i, r)``: payoff of ``S_i[r]`` minus payoff of ``S_i[0]`` (``r >= 1``).
    """

    def __init__(self, U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> None:
        self.support = support
        self.N = N = len(support)
        self.k = [len(s) for s in support]
        self.active = [j for j in range(N) if self.k[j] >= 2]
        self.offset: dict[int, int] = {}
        names: list[str] = []
        for j in self.active:
            self.offset[j] = len(names)
            names += [f"x{j}_{support[j][r]}" for r in range(1, self.k[j])]
        self.names = names
        self.n = len(names)
        # eqs: list of (player, shape of opponents' supports, flat integer coefficients)
        self.eqs: list[tuple[int, tuple[int, ...], list[int]]] = []
        for i in self.active:
            sub = U[i][np.ix_(*support)]
            sub = np.moveaxis(sub, i, 0)
            other_shape = tuple(self.k[j] for j in range(N) if j != i)
            for r in range(1, self.k[i]):
                diff = (sub[r] - sub[0]).reshape(-1)
                self.eqs.append((i, other_shape, [int(v) for v in diff.tolist()]))

    # probabilities as functions of the unknowns
    def probs(self, x: Sequence[Any], one: Any = 1) -> list[list[Any]]:
        out: list[list[Any]] = []
        for j in range(self.N):
            if self.k[j] == 1:
                out.append([one])
                continue
            xs = list(x[self.offset[j]: self.offset[j] + self.k[j] - 1])
            first = one
            for v in xs:
                first = first - v
            out.append([first, *xs])
        return out

    def evaluate(self, x: Sequence[Any], one: Any = 1) -> list[Any]:
        p = self.probs(x, one)
        return [_contract(c, shp, [p[j] for j in range(self.N) if j != i]) for i, shp, c in self.eqs]

    def jacobian(self, x: Sequence[Any], one: Any = 1, zero: Any = 0) -> list[list[Any]]:
        p = self.probs(x, one)
        rows = []
        for i, shp, c in self.eqs:
            row = [zero] * self.n
            for j in self.active:
                if j == i:
                    continue
                for r in range(1, self.k[j]):
                    d = [zero] * self.k[j]
                    d[0] = -one
                    d[r] = one
                    vecs = [d if o == j else p[o] for o in range(self.N) if o != i]
                    row[self.offset[j] + r - 1] = _contract(c, shp, vecs)
            rows.append(row)
        return rows

    def equation_depends(self) -> list[list[int]]:
        """For each equation, the active opponents its value actually depends on."""
        out = []
        for i, shp, c in self.eqs:
            T = np.array(c, dtype=object).reshape(shp)
            others = [j for j in range(self.N) if j != i]
            deps = []
            for axis, j in enumerate(others):
                if self.k[j] < 2:
                    continue
                first = np.take(T, [0], axis=axis)
                if not bool(np.all(T == first)):
                    deps.append(j)
            out.append(deps)
        return out

    def bezout(self, cap: int) -> int:
        """Multihomogeneous Bezout number (capped at ``cap + 1``): assignments of each
        equation to an active opponent it depends on, block ``j`` receiving ``k_j - 1``."""
        deps = self.equation_depends()
        need = {j: self.k[j] - 1 for j in self.active}
        return _count_assignments(deps, need, cap)


def _count_assignments(deps: list[list[int]], need: dict[int, int], cap: int) -> int:
    memo: dict[tuple[int, tuple[int, ...]], int] = {}
    keys = sorted(need)

    def go(e: int, left: tuple[int, ...]) -> int:
        if e == len(deps):
            return 1 if not any(left) else 0
        key = (e, left)
        if key in memo:
            return memo[key]
        total = 0
        for j in deps[e]:
            pos = keys.index(j)
            if left[pos] > 0:
                nl = left[:pos] + (left[pos] - 1,) + left[pos + 1:]
                total += go(e + 1, nl)
                if total > cap:
                    break
        memo[key] = total
        return total

    return go(0, tuple(need[j] for j in keys))


def _assignments(deps: list[list[int]], need: dict[int, int]) -> list[tuple[int, ...]]:
    keys = sorted(need)
    out: list[tuple[int, ...]] = []

    def go(e: int, left: list[int], acc: list[int]) -> None:
        if e == len(deps):
            if not any(left):
                out.append(tuple(acc))
            return
        for j in deps[e]:
            pos = keys.index(j)
            if left[pos] > 0:
                left[pos] -= 1
                acc.append(j)
                go(e + 1, left, acc)
                acc.pop()
                left[pos] += 1

    go(0, [need[j] for j in keys], [])
    return out


# ----------------------------------------------------------------------------- results per support
@dataclass
class _Point:
    """A verified equilibrium with a given support (probabilities on the support only)."""

    hp: list[list[Any]]  # mpf per player and supported strategy
    exact: list[list[Fraction]] | None  # all probabilities rational: exact values
    algebraic: list[list[str]] | None  # exact description of each probability, if known
    regular: bool  # nonsingular Jacobian and no outside strategy tied
    how: str


@dataclass
class _Outcome:
    """What one support gave: equilibria, and for a continuum one sample point of it.

    ``status``: ``"finite"`` (every equilibrium with this support is in ``points``),
    ``"continuum"`` (``sample`` lies on a ``dimension``-dimensional set of equilibria;
    ``points`` may hold further equilibria of the support) or ``"unresolved"``.
    """

    points: list[_Point] = field(default_factory=list)
    status: str = "finite"
    dimension: int = 0
    how: str = ""
    reason: str = ""
    sample: _Point | None = None
    #: ``"polyhedron"``: the equilibria with this support form a convex set of dimension
    #: ``dimension`` (decided exactly); ``"variety"``: the equations' solution set has that
    #: dimension and contains the (verified) sample.
    kind: str = ""


# ----------------------------------------------------------------------------- groebner bases
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


def _quotient(G: list[Any], n: int, qctx: Any) -> _Quotient | None:
    lms = [_leading(g) for g in G]
    B = _standard_monomials(lms, n, 4 * MAX_PATHS)
    if B is None:
        return None
    index = {b: k for k, b in enumerate(B)}
    D = len(B)
    mats = []
    divisor: dict[tuple[int, ...], int] = {}
    for v in range(n):
        M = flint.fmpq_mat(D, D)
        for col, b in enumerate(B):
            e = list(b)
            e[v] += 1
            t = tuple(e)
            if t in index:
                M[index[t], col] = 1
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


# ----------------------------------------------------------------------------- exact identification
class _Roots:
    """Exact values of one probability (an affine function of the unknowns) over a
    zero-dimensional ideal: the roots of the irreducible factors of the characteristic
    polynomial of its multiplication matrix."""

    def __init__(self, M: Any) -> None:
        cp = M.charpoly()
        num = cp.numer()
        _, factors = num.factor()
        self.rational: list[Fraction] = []
        self.irrational: list[Any] = []  # fmpz_poly of degree >= 2
        for f, _mult in factors:
            co = [int(c) for c in f.coeffs()]
            if len(co) == 2:
                self.rational.append(Fraction(-co[0], co[1]))
            elif len(co) > 2:
                self.irrational.append(co)
        self._real: list[tuple[Any, Any]] | None = None

    def real_irrational(self) -> list[tuple[Any, Any]]:
        """``(sympy expression, mpf value)`` for each real irrational root."""
        if self._real is None:
            x = sp.Symbol("x")
            out = []
            for co in self.irrational:
                poly = sp.Poly(list(reversed(co)), x)
                for r in poly.real_roots():
                    out.append((r, mpmath.mpf(str(sp.N(r, DIGITS + 10)))))
            self._real = out
        return self._real

    def match(self, value: Any, tol: Any, precise: bool) -> tuple[Fraction | None, str, Any] | None:
        """The root nearest to ``value``: (Fraction or None, exact text, high-precision value).

        ``precise``: ``value`` is a Newton-polished simple root (good to ~``DIGITS``
        digits); then an irrational factor is recognised by evaluating it there and the
        root's index by counting real roots below it (Sturm sequences), instead of
        refining every root.
        """
        cands: list[tuple[Any, Fraction | None, str, Any]] = []
        for r in self.rational:
            hv = mpmath.mpf(r.numerator) / r.denominator
            cands.append((abs(hv - value), r, str(r), hv))
        best_rat = min(cands, key=lambda c: c[0]) if cands else None
        if best_rat is not None and best_rat[0] <= tol:
            return best_rat[1], best_rat[2], best_rat[3]
        if precise:
            hits = []
            for co in self.irrational:
                val = abs(mpmath.polyval(list(reversed(co)), value))
                size = mpmath.fsum(abs(c) * abs(value) ** e for e, c in enumerate(co))
                if val <= size * mpmath.mpf(10) ** (-(DIGITS - 20)):
                    hits.append(co)
            if len(hits) == 1:
                return None, _root_text(hits[0], value), value
        for expr, hv in self.real_irrational():
            cands.append((abs(hv - value), None, str(expr), hv))
        if not cands:
            return None
        cands.sort(key=lambda c: c[0])
        d0 = cands[0][0]
        if d0 > tol:
            return None
        if len(cands) > 1 and cands[1][0] <= max(100 * d0, tol / 1e6) and cands[1][3] != cands[0][3]:
            return None  # ambiguous
        return cands[0][1], cands[0][2], cands[0][3]


def _root_text(co: list[int], value: Any) -> str:
    """Exact text of the real root of the irreducible polynomial ``co`` (low degree first)
    nearest ``value``: radicals for quadratics, ``CRootOf(poly, index)`` otherwise."""
    x = sp.Symbol("x")
    poly = sp.Poly(list(reversed(co)), x)
    below = Fraction(mpmath.nstr(value - mpmath.mpf(10) ** (-(DIGITS - 15)), DIGITS + 5, strip_zeros=False))
    index = int(poly.count_roots(None, sp.Rational(below.numerator, below.denominator)))
    root = sp.rootof(poly, index)
    return str(root)


# ----------------------------------------------------------------------------- certificates
def _no_interior_equilibrium(U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> bool:
    """A proof that no profile with exactly this support is an equilibrium, if one is found.

    For each player ``i``, every supported strategy earns the same payoff at such a profile,
    so for any weights ``mu`` on ``S_i`` summing to one, an unused strategy ``t`` gains
    ``u_i(t) - sum_s mu_s u_i(s)``: a multilinear form in the opponents' probabilities.
    If some ``mu`` (of either sign) makes all its coefficients over ``S_-i`` nonnegative
    and one positive, ``t`` gains strictly at every interior point: no equilibrium.
    Likewise a signed combination of the indifference conditions with one-signed
    coefficients shows they have no interior solution at all. ``mu`` comes from a linear
    program in floating point and is then checked in exact rational arithmetic.
    """
    from scipy.optimize import linprog

    N = len(support)
    for i in range(N):
        idx = [range(U[i].shape[j]) if j == i else support[j] for j in range(N)]
        sub = np.moveaxis(U[i][np.ix_(*idx)], i, 0)
        rows = [[int(v) for v in sub[a].reshape(-1).tolist()] for a in range(U[i].shape[i])]
        S = list(support[i])
        k, m = len(S), len(rows[0])
        Us = np.array([rows[s] for s in S], dtype=np.float64).T  # (m, k)
        scale = float(np.max(np.abs(Us))) or 1.0
        targets: list[list[int] | None] = [rows[t] for t in range(len(rows)) if t not in S]
        if k >= 2:
            targets.append(None)  # the indifference conditions themselves
        for tgt in targets:
            # variables (mu_1..mu_k, c_1..c_m); c = target - Us mu (or c = Us mu - mean), c >= 0
            if tgt is None:
                A_eq = np.hstack([(Us - Us[:, :1]) / scale, -np.eye(m)])
                b_eq = np.zeros(m)
                extra_A = np.concatenate([np.zeros(k), np.ones(m)])[None, :]
                A_eq = np.vstack([A_eq, extra_A])
                b_eq = np.concatenate([b_eq, [1.0]])
            else:
                A_eq = np.hstack([Us / scale, np.eye(m)])
                b_eq = np.array(tgt, dtype=np.float64) / scale
                A_eq = np.vstack([A_eq, np.concatenate([np.ones(k), np.zeros(m)])[None, :]])
                b_eq = np.concatenate([b_eq, [1.0]])
            bounds = [(None, None)] * k + [(0, 1)] * m
            cost = np.concatenate([np.zeros(k), -np.ones(m)])
            try:
                res = linprog(cost, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            except ValueError:  # pragma: no cover - malformed LP
                continue
            if res.status != 0 or -res.fun <= 1e-9:
                continue
            mu = [Fraction(float(v)).limit_denominator(10**6) for v in res.x[:k]]
            if tgt is None:
                coeffs = [sum((mu[q] * (rows[S[q]][a] - rows[S[0]][a]) for q in range(k)), Fraction(0))
                          for a in range(m)]
            else:
                mu[-1] = 1 - sum(mu[:-1], Fraction(0))
                coeffs = [tgt[a] - sum((mu[q] * rows[S[q]][a] for q in range(k)), Fraction(0)) for a in range(m)]
            if all(c >= 0 for c in coeffs) and any(c > 0 for c in coeffs):
                return True
            if tgt is None and all(c <= 0 for c in coeffs) and any(c < 0 for c in coeffs):
                return True
    return False


# ----------------------------------------------------------------------------- polyhedra
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
    M = flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator) for v in r] for r in rows])
    return int(M.rank())


# ----------------------------------------------------------------------------- verification
class _Verifier:
    """Checks candidate points of a support against the whole game, in high precision."""

    def __init__(self, game: NormalFormGame) -> None:
        self.game = game
        self.shape = game.shape
        self.N = game.num_players
        self.U_frac = [game.payoffs[..., i] for i in range(self.N)]
        scale = max((abs(Fraction(v)) for v in game.payoffs.reshape(-1).tolist()), default=Fraction(1))
        self.scale = max(Fraction(1), scale)
        with mpmath.workdps(DIGITS):
            self.U_mp = [
                np.array([mpmath.mpf(v.numerator) / v.denominator for v in u.reshape(-1).tolist()], dtype=object)
                .reshape(self.shape)
                for u in self.U_frac
            ]

    def full_profile(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]], zero: Any) -> list[list[Any]]:
        out = []
        for j, s in enumerate(support):
            vec = [zero] * self.shape[j]
            for r, a in enumerate(s):
                vec[a] = probs[j][r]
            out.append(vec)
        return out

    def strategy_payoffs(self, U: np.ndarray, prof: list[list[Any]], support: tuple[tuple[int, ...], ...],
                         i: int) -> list[Any]:
        """Payoff of each pure strategy of player ``i`` (opponents restricted to supports)."""
        idx = tuple(range(self.shape[j]) if j == i else support[j] for j in range(self.N))
        sub = np.moveaxis(U[np.ix_(*idx)], i, 0)
        shp = tuple(len(support[j]) for j in range(self.N) if j != i)
        vecs = [[prof[j][a] for a in support[j]] for j in range(self.N) if j != i]
        return [_contract(sub[s].reshape(-1).tolist(), shp, vecs) for s in range(self.shape[i])]

    def check_exact(self, support: tuple[tuple[int, ...], ...], probs: list[list[Fraction]]) -> tuple[bool, bool]:
        """(is an equilibrium with exactly this support, no outside strategy tied)."""
        if any(v <= 0 for row in probs for v in row) or any(sum(row) != 1 for row in probs):
            return False, False
        prof = self.full_profile(support, probs, Fraction(0))
        strict = True
        for i in range(self.N):
            pay = self.strategy_payoffs(self.U_frac[i], prof, support, i)
            best = max(pay)
            own = [pay[a] for a in support[i]]
            if any(v != best for v in own):
                return False, False
            if sum(1 for v in pay if v == best) > len(support[i]):
                strict = False
        return True, strict

    def check_hp(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]]) -> tuple[bool, bool, Any]:
        """(equilibrium at DIGITS digits, no outside tie, high-precision max regret)."""
        with mpmath.workdps(DIGITS):
            if any(v <= HP_ZERO for row in probs for v in row):
                return False, False, None
            prof = self.full_profile(support, probs, mpmath.mpf(0))
            tol = HP_TOL * float(self.scale)
            worst = mpmath.mpf(0)
            strict = True
            for i in range(self.N):
                pay = self.strategy_payoffs(self.U_mp[i], prof, support, i)
                value = mpmath.fsum(p * v for p, v in zip(prof[i], pay))
                best = max(pay)
                regret = best - value
                worst = max(worst, regret)
                if regret > tol:
                    return False, False, regret
                outside = [pay[a] for a in range(self.shape[i]) if a not in support[i]]
                if any(abs(v - value) <= HP_ZERO * float(self.scale) for v in outside):
                    strict = False
            return True, strict, worst


# ----------------------------------------------------------------------------- newton in mpmath
def _newton_mp(system: _System, x0: Sequence[complex], maxit: int = 60) -> tuple[list[Any], bool]:
    """Polish a root of the support system to ``DIGITS`` digits (complex arithmetic).

    Returns the point and whether Newton converged quadratically to a nonsingular root.
    """
    n = system.n
    with mpmath.workdps(DIGITS + 10):
        x = [mpmath.mpc(complex(v)) for v in x0]
        one, zero = mpmath.mpf(1), mpmath.mpf(0)
        eps = mpmath.mpf(10) ** (-(DIGITS + 2))
        for _ in range(maxit):
            F = system.evaluate(x, one)
            J = system.jacobian(x, one, zero)
            try:
                dx = mpmath.lu_solve(mpmath.matrix(J), mpmath.matrix([-f for f in F]))
            except (ZeroDivisionError, TypeError, ValueError):  # singular Jacobian
                return x, False
            x = [x[k] + dx[k] for k in range(n)]
            size = max([abs(v) for v in dx] + [zero])
            if size <= eps * (1 + max(abs(v) for v in x)):
                J = system.jacobian(x, one, zero)
                try:
                    det = abs(mpmath.det(mpmath.matrix(J)))
                except ZeroDivisionError:  # pragma: no cover
                    det = zero
                norm = max([abs(v) for row in J for v in row] + [one])
                return x, det > mpmath.mpf(10) ** (-20) * norm**n
        return x, False


# ----------------------------------------------------------------------------- homotopy continuation
class _Homotopy:
    """Homotopy continuation for one support system in multiprojective coordinates.

    Block ``j`` (a player mixing over ``k_j >= 2`` strategies) has homogeneous coordinates
    ``q_j`` in ``C^{k_j}`` (unnormalised probabilities) and a random affine patch
    ``a_j . q_j = 1``. Equation ``(i, r)`` is multilinear: degree one in each block it
    depends on. The start system replaces it by a product of random linear forms, one per
    block it depends on; its solutions are products of linear solves, one per way of
    assigning equations to blocks (the multihomogeneous Bezout number). The homotopy
    ``H = (1 - t) F + t gamma G`` is followed from ``t = 1`` to ``0`` with a fourth-order
    Runge-Kutta predictor and Newton corrector, per path adaptive steps.
    """

    def __init__(self, system: _System, rng: np.random.Generator) -> None:
        self.sys = system
        self.blocks = system.active
        self.kb = {j: system.k[j] for j in self.blocks}
        self.off: dict[int, int] = {}
        M = 0
        for j in self.blocks:
            self.off[j] = M
            M += self.kb[j]
        self.M = M
        deps = system.equation_depends()
        self.deps = deps
        # target tensors over the active opponents only (inactive axes have size 1)
        self.T: list[np.ndarray] = []
        self.opp: list[list[int]] = []
        for (i, shp, c), _d in zip(system.eqs, deps):
            T = np.array(c, dtype=np.float64).reshape(shp)
            others = [j for j in range(system.N) if j != i]
            keep = [ax for ax, j in enumerate(others) if system.k[j] >= 2]
            T = T.reshape([shp[ax] for ax in keep]) if keep else T.reshape(())
            scale = float(np.max(np.abs(T))) if T.size else 0.0
            self.T.append(T / scale if scale > 0 else T)
            self.opp.append([others[ax] for ax in keep])

        def crand(*size: int) -> np.ndarray:
            return rng.normal(size=size) + 1j * rng.normal(size=size)

        self.patch = {j: crand(self.kb[j]) for j in self.blocks}
        self.b = [{j: crand(self.kb[j]) for j in d} for d in deps]
        self.gamma = np.exp(2j * np.pi * rng.random())

    def start_points(self) -> np.ndarray:
        need = {j: self.kb[j] - 1 for j in self.blocks}
        pts = []
        for assign in _assignments(self.deps, need):
            x = np.zeros(self.M, dtype=complex)
            for j in self.blocks:
                rows = [self.b[e][j] for e, jj in enumerate(assign) if jj == j] + [self.patch[j]]
                rhs = np.zeros(self.kb[j], dtype=complex)
                rhs[-1] = 1
                x[self.off[j]: self.off[j] + self.kb[j]] = np.linalg.solve(np.array(rows), rhs)
            pts.append(x)
        return np.array(pts).reshape(len(pts), self.M)

    def _blocks(self, X: np.ndarray) -> dict[int, np.ndarray]:
        return {j: X[:, self.off[j]: self.off[j] + self.kb[j]] for j in self.blocks}

    def evaluate(self, X: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """H, dH/dX and dH/dt at a batch of points ``X`` (P, M) and times ``t`` (P,)."""
        P = X.shape[0]
        Q = self._blocks(X)
        ne = len(self.T)
        F = np.zeros((P, ne), dtype=complex)
        G = np.zeros((P, ne), dtype=complex)
        JF = np.zeros((P, ne, self.M), dtype=complex)
        JG = np.zeros((P, ne, self.M), dtype=complex)
        for e, (T, opp) in enumerate(zip(self.T, self.opp)):
            labels = list(range(1, len(opp) + 1))
            ops: list[Any] = [T, labels]
            for lab, j in zip(labels, opp):
                ops += [Q[j], [0, lab]]
            F[:, e] = np.einsum(*ops, [0]) if opp else np.full(P, complex(T))
            for pos, j in enumerate(opp):
                sub: list[Any] = [T, labels]
                for lab, jj in zip(labels, opp):
                    if jj != j:
                        sub += [Q[jj], [0, lab]]
                if len(opp) == 1:  # the derivative does not depend on the point
                    JF[:, e, self.off[j]: self.off[j] + self.kb[j]] = T[None, :]
                else:
                    JF[:, e, self.off[j]: self.off[j] + self.kb[j]] = np.einsum(*sub, [0, labels[pos]])
            lin = {j: Q[j] @ self.b[e][j] for j in self.deps[e]}
            prod = np.ones(P, dtype=complex)
            for j in self.deps[e]:
                prod = prod * lin[j]
            G[:, e] = prod
            for j in self.deps[e]:
                rest = np.ones(P, dtype=complex)
                for jj in self.deps[e]:
                    if jj != j:
                        rest = rest * lin[jj]
                JG[:, e, self.off[j]: self.off[j] + self.kb[j]] = rest[:, None] * self.b[e][j][None, :]
        tt = t[:, None]
        H = np.zeros((P, self.M), dtype=complex)
        J = np.zeros((P, self.M, self.M), dtype=complex)
        Ht = np.zeros((P, self.M), dtype=complex)
        H[:, :ne] = (1 - tt) * F + tt * self.gamma * G
        J[:, :ne, :] = (1 - tt)[:, :, None] * JF + (tt * self.gamma)[:, :, None] * JG
        Ht[:, :ne] = self.gamma * G - F
        for r, j in enumerate(self.blocks):
            H[:, ne + r] = Q[j] @ self.patch[j] - 1
            J[:, ne + r, self.off[j]: self.off[j] + self.kb[j]] = self.patch[j][None, :]
        return H, J, Ht

    @staticmethod
    def _solve(J: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        try:
            return np.linalg.solve(J, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            out = np.full(rhs.shape, np.nan + 0j)
            for p in range(J.shape[0]):
                try:
                    out[p] = np.linalg.solve(J[p], rhs[p])
                except np.linalg.LinAlgError:
                    pass
            return out

    def _velocity(self, X: np.ndarray, t: np.ndarray) -> np.ndarray:
        _, J, Ht = self.evaluate(X, t)
        return -self._solve(J, Ht)

    def track(self, X0: np.ndarray, max_step: float = 0.05) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Follow every path to ``t = 0``. Returns end points, end times and a done mask."""
        P = X0.shape[0]
        X = X0.copy()
        t = np.ones(P)
        dt = np.full(P, min(0.01, max_step))
        streak = np.zeros(P, dtype=int)
        done = np.zeros(P, dtype=bool)
        dead = np.zeros(P, dtype=bool)
        for _ in range(20000):
            act = np.flatnonzero(~done & ~dead)
            if not len(act):
                break
            x, tc = X[act], t[act]
            h = np.minimum(dt[act], tc)
            # RK4 predictor towards t - h
            k1 = self._velocity(x, tc)
            k2 = self._velocity(x - 0.5 * h[:, None] * k1, tc - 0.5 * h)
            k3 = self._velocity(x - 0.5 * h[:, None] * k2, tc - 0.5 * h)
            k4 = self._velocity(x - h[:, None] * k3, tc - h)
            xp = x - (h / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
            tn = tc - h
            tn[h >= tc] = 0.0
            ok = np.all(np.isfinite(xp), axis=1)
            for _it in range(3):
                H, J, _ = self.evaluate(np.where(ok[:, None], xp, 0), tn)
                dx = self._solve(J, -H)
                dx[~ok] = 0
                xp = xp + dx
                ok &= np.all(np.isfinite(xp), axis=1)
            size = np.linalg.norm(np.where(ok[:, None], dx, 0), axis=1)
            ok &= size <= 1e-9 * (1 + np.linalg.norm(np.where(ok[:, None], xp, 0), axis=1))
            acc, rej = act[ok], act[~ok]
            X[acc] = xp[ok]
            t[acc] = tn[ok]
            streak[acc] += 1
            grow = acc[streak[acc] >= 3]
            dt[grow] = np.minimum(2 * dt[grow], max_step)
            streak[grow] = 0
            dt[rej] /= 2
            streak[rej] = 0
            dead[rej[dt[rej] < 1e-14]] = True
            done[acc[t[acc] == 0]] = True
        return X, t, done

    def affine(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Affine unknowns of the support system, and each point's smallest block sum."""
        P = X.shape[0]
        out = np.zeros((P, self.sys.n), dtype=complex)
        small = np.full(P, np.inf)
        Q = self._blocks(X)
        for j in self.blocks:
            s = Q[j].sum(axis=1)
            rel = np.abs(s) / np.maximum(np.linalg.norm(Q[j], axis=1), 1e-300)
            small = np.minimum(small, rel)
            with np.errstate(all="ignore"):
                p = Q[j] / s[:, None]
            o = self.sys.offset[j]
            out[:, o: o + self.kb[j] - 1] = p[:, 1:]
        return out, small

    def endgame(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Newton at t = 0; returns refined points and a nonsingular mask."""
        P = X.shape[0]
        t0 = np.zeros(P)
        for _ in range(8):
            H, J, _ = self.evaluate(X, t0)
            dx = self._solve(J, -H)
            good = np.all(np.isfinite(dx), axis=1)
            X = np.where(good[:, None], X + np.where(good[:, None], dx, 0), X)
        H, J, _ = self.evaluate(X, t0)
        with np.errstate(all="ignore"):
            cond = np.linalg.cond(J)
        res = np.linalg.norm(H, axis=1)
        return X, (cond < 1e10) & (res < 1e-8)


def _relevant(x: np.ndarray, system: _System, tol: float = 1e-4) -> bool:
    """Whether an approximate complex solution might be a real point of the simplex."""
    if not np.all(np.isfinite(x)):
        return False
    p = system.probs(list(x), one=1.0)
    vals = np.array([v for row in p for v in row], dtype=complex)
    return bool(np.all(np.abs(vals.imag) <= tol) and np.all(vals.real >= -tol) and np.all(vals.real <= 1 + tol))


# ----------------------------------------------------------------------------- solving one support
class _SupportSolver:
    def __init__(self, game: NormalFormGame, U: list[np.ndarray], verifier: _Verifier,
                 rng: np.random.Generator, max_paths: int, want_exact_values: bool) -> None:
        self.game = game
        self.U = U
        self.verifier = verifier
        self.rng = rng
        self.max_paths = max_paths
        self.want_exact_values = want_exact_values

    def solve(self, support: tuple[tuple[int, ...], ...]) -> _Outcome:
        system = _System(self.U, support)
        if system.n == 0:
            probs = [[Fraction(1)] for _ in support]
            ok, strict = self.verifier.check_exact(support, probs)
            pts = [_Point([[mpmath.mpf(1)] for _ in support], probs, None, strict, "pure")] if ok else []
            return _Outcome(pts, "finite", 0, "pure")
        bez = system.bezout(max(self.max_paths, GROEBNER_MAX_BEZOUT))
        if bez == 0 or (bez <= GROEBNER_MAX_BEZOUT and system.n <= GROEBNER_MAX_VARS):
            algebra = _Algebra(system)
            G = algebra.groebner()
            if G is not None:
                return self._from_groebner(system, algebra, G)
            reason = "Groebner basis too large"
        else:
            reason = f"Bezout number {bez if bez <= self.max_paths else f'> {self.max_paths}'}"
        if bez > self.max_paths:
            return _Outcome([], "unresolved", 0, "none", f"{reason}: more homotopy paths than max_paths")
        return self._homotopy(system, reason)

    # ---------------------------------------------------------------- exact path
    def _from_groebner(self, system: _System, algebra: _Algebra, G: list[Any], depth: int = 0) -> _Outcome:
        n = system.n
        if not G:
            dim, U = n, tuple(range(n))
        else:
            lms = [_leading(g) for g in G]
            if any(all(e == 0 for e in m) for m in lms):
                return _Outcome([], "finite", 0, "groebner")  # inconsistent: no solution
            dim, U = _dimension(lms, n)
        if dim == 0:
            pts, ok = self._zero_dimensional(system, algebra, G)
            if not ok:
                return _Outcome(pts, "unresolved", 0, "groebner", "could not separate the solutions")
            return _Outcome(pts, "finite", 0, "groebner")
        if all(g.total_degree() <= 1 for g in G):
            linear = self._linear_set(system, G, dim)
            if linear is not None:
                return linear
        # positive-dimensional, not a polyhedron: first look for a certificate that no
        # solution is an equilibrium; else sample it, and solve for the points where an
        # unused strategy ties (such as the end points of a segment of equilibria)
        if _no_interior_equilibrium(self.U, system.support):
            return _Outcome([], "finite", dim, "groebner+certificate")
        sample = self._sample_continuum(system, algebra, U)
        ties = self._tie_points(system, algebra, G)
        if sample is None:
            found = f"; {len(ties)} equilibria with an extra tie found" if ties else ""
            return _Outcome(ties, "unresolved", dim, "groebner",
                            f"solution set of dimension {dim}: no continuum of equilibria found in "
                            f"{CONTINUUM_SAMPLES} random samples, but one cannot be ruled out{found}")
        return _Outcome(ties, "continuum", dim, "groebner", sample=sample, kind="variety")

    def _linear_set(self, system: _System, G: list[Any], dim: int) -> _Outcome | None:
        """Equilibria on an affine solution set, decided exactly when they form a polyhedron.

        The reduced basis of a linear ideal expresses each pivot unknown as an affine
        function of the free ones ``y``. When every best-response condition ``u_i(t) <=
        u_i(S_i)`` is affine in ``y`` too (always for two players; for more, when one
        player's probabilities are free), the equilibria with this support are the
        polyhedron ``{y : p(y) > 0, g(y) <= 0}``, decided by Fourier-Motzkin elimination
        over the rationals: empty, one point, or a continuum of known dimension.
        Returns ``None`` when the conditions are not affine (or elimination grows too large).
        """
        n = system.n
        pivots: dict[int, dict[int, Fraction]] = {}  # pivot var -> {var or -1: coeff} (x = -(...))
        for g in G:
            lead = _leading(g).index(1)
            row: dict[int, Fraction] = {}
            for m, c in g.to_dict().items():
                q = Fraction(int(c.p), int(c.q))
                if sum(m) == 0:
                    row[-1] = q
                elif m.index(1) != lead:
                    row[m.index(1)] = q
            pivots[lead] = row
        free = [v for v in range(n) if v not in pivots]
        if len(free) != dim:  # pragma: no cover - consistent by construction
            return None
        d = len(free)

        def affine_x(v: int) -> list[Fraction]:
            """x_v as coefficients over (y_0..y_{d-1}, 1)."""
            out: list[Fraction] = [Fraction(0)] * (d + 1)
            if v in pivots:
                for w, c in pivots[v].items():
                    out[d if w == -1 else free.index(w)] -= c
            else:
                out[free.index(v)] = Fraction(1)
            return out

        xs = [_Affine(affine_x(v)) for v in range(n)]
        one = _Affine([Fraction(0)] * d + [Fraction(1)])
        probs = system.probs(xs, one)
        strict_cons: list[_Affine] = []  # each must be > 0
        for prow in probs:
            for a in prow:
                if isinstance(a, _Affine):
                    strict_cons.append(a)
        weak_cons: list[tuple[_Affine, tuple[int, int]]] = []  # each must be <= 0
        support = system.support
        for i in range(system.N):
            idx = [range(self.U[i].shape[j]) if j == i else support[j] for j in range(system.N)]
            sub = np.moveaxis(self.U[i][np.ix_(*idx)], i, 0)
            shp = tuple(system.k[j] for j in range(system.N) if j != i)
            vecs = [probs[j] for j in range(system.N) if j != i]
            base = sub[support[i][0]].reshape(-1)
            for t in range(self.U[i].shape[i]):
                if t in support[i]:
                    continue
                diff = [int(v) for v in (sub[t].reshape(-1) - base).tolist()]
                val = _contract_affine(diff, shp, vecs, d)
                if val is None:
                    return None
                weak_cons.append((val, (i, t)))
        # constraints in the form a.y < b (strict) or a.y <= b
        base_cons = [(tuple(-c for c in a.c[:d]), a.c[d], True) for a in strict_cons]
        weak = [(tuple(a.c[:d]), -a.c[d], False) for a, _ in weak_cons]
        try:
            point = _fourier_motzkin(base_cons + weak, d)
            if point is None:
                return _Outcome([], "finite", dim, "groebner+polyhedron")
            implicit = []
            for k in range(len(weak)):
                trial = weak[:k] + [(weak[k][0], weak[k][1], True)] + weak[k + 1:]
                if _fourier_motzkin(base_cons + trial, d) is None:
                    implicit.append(weak[k][0])
            others = [(a, b, True) if a not in implicit else (a, b, False) for a, b, _ in weak]
            inner = _fourier_motzkin(base_cons + others, d)
        except _TooLarge:
            return None
        if inner is None:  # pragma: no cover - a relative interior point always exists
            inner = point
        rank = _rank([list(a) for a in implicit], d)
        poly_dim = d - rank
        x = [sum((c * y for c, y in zip(xa.c[:d], inner)), xa.c[d]) for xa in xs]
        exact = [[v if isinstance(v, Fraction) else Fraction(v) for v in row]
                 for row in system.probs(x, Fraction(1))]
        ok, strict = self.verifier.check_exact(support, exact)
        if not ok:  # pragma: no cover - the polyhedron describes exactly these equilibria
            return None
        hp = [[mpmath.mpf(v.numerator) / v.denominator for v in row] for row in exact]
        pt = _Point(hp, exact, None, False, "groebner+polyhedron")
        if poly_dim == 0:
            return _Outcome([pt], "finite", dim, "groebner+polyhedron")
        return _Outcome([], "continuum", poly_dim, "groebner+polyhedron", sample=pt, kind="polyhedron")

    def _tie_points(self, system: _System, algebra: _Algebra, G: list[Any]) -> list[_Point]:
        """Equilibria of a positive-dimensional support at which an unused strategy ties."""
        support = system.support
        probs = system.probs(list(algebra.gens), one=algebra.ctx.from_dict({(0,) * system.n: 1}))
        points: list[_Point] = []
        for i in range(system.N):
            idx = [range(self.U[i].shape[j]) if j == i else support[j] for j in range(system.N)]
            sub = np.moveaxis(self.U[i][np.ix_(*idx)], i, 0)
            shp = tuple(system.k[j] for j in range(system.N) if j != i)
            vecs = [probs[j] for j in range(system.N) if j != i]
            base = sub[support[i][0]].reshape(-1)
            for t in range(self.U[i].shape[i]):
                if t in support[i]:
                    continue
                diff = [int(v) for v in (sub[t].reshape(-1) - base).tolist()]
                tie = _contract(diff, shp, vecs)
                Gt = algebra.groebner([tie])
                if Gt is None or not Gt:
                    continue
                lms = [_leading(g) for g in Gt]
                if any(all(e == 0 for e in m) for m in lms) or _dimension(lms, system.n)[0] != 0:
                    continue
                pts, _ok = self._zero_dimensional(system, algebra, Gt)
                for pt in pts:
                    if not any(_close(pt.hp, q.hp) for q in points):
                        pt.regular = False
                        points.append(pt)
        return points

    def _sample_continuum(self, system: _System, algebra: _Algebra, U: tuple[int, ...]) -> _Point | None:
        for _attempt in range(CONTINUUM_SAMPLES):
            extra = []
            free = set(U)
            # a random point of each player's simplex (rational, denominator 997)
            for j in system.active:
                w = self.rng.dirichlet(np.ones(system.k[j]))
                for r in range(1, system.k[j]):
                    v = system.offset[j] + r - 1
                    if v in free:
                        val = Fraction(max(1, round(float(w[r]) * 997)), 997)
                        extra.append(algebra.linear(v, val))
            G = algebra.groebner(extra)
            if G is None:
                return None
            lms = [_leading(g) for g in G]
            if not G or any(all(e == 0 for e in m) for m in lms):
                continue
            dim, _ = _dimension(lms, system.n)
            if dim != 0:
                continue
            pts, _ok = self._zero_dimensional(system, algebra, G, sampling=True)
            if pts:
                pts[0].regular = False
                return pts[0]
        return None

    def _zero_dimensional(self, system: _System, algebra: _Algebra, G: list[Any],
                          sampling: bool = False) -> tuple[list[_Point], bool]:
        Q = _quotient(G, system.n, algebra.qctx)
        if Q is None:
            return [], False
        if not Q.basis:
            return [], True
        cands = _eigen_points(Q, self.rng)
        roots: list[_Roots] | None = None
        points: list[_Point] = []
        all_ok = True
        seen: list[list[list[Any]]] = []
        for z in cands:
            # loose: eigenvectors of a multiple root are accurate only to ~eps**(1/m)
            if not _relevant(z, system, 1e-3):
                continue
            if roots is None:
                roots = self._component_roots(system, Q)
            x, nonsingular = _newton_mp(system, list(z)) if not sampling else (None, False)
            if x is not None and nonsingular:
                with mpmath.workdps(DIGITS):
                    est = [[mpmath.re(v) for v in row] for row in system.probs(x, mpmath.mpf(1))]
                    if any(abs(mpmath.im(v)) > HP_ZERO for v in x):
                        continue
                tol = mpmath.mpf(10) ** (-(DIGITS - 15))
            else:
                est = [[mpmath.mpf(float(np.real(v))) for v in row] for row in system.probs(list(z), one=1.0)]
                if any(abs(np.imag(v)) > 1e-3 for v in z):
                    continue
                tol = mpmath.mpf("1e-4")
            point = self._identify(system, roots, est, tol, nonsingular)
            if point is None:
                all_ok = False
                continue
            if point == "infeasible":
                continue
            assert isinstance(point, _Point)
            if any(_close(point.hp, s) for s in seen):
                continue
            seen.append(point.hp)
            points.append(point)
        return points, all_ok

    def _component_roots(self, system: _System, Q: _Quotient) -> list[_Roots]:
        D = len(Q.basis)
        out = []
        for j in range(system.N):
            if system.k[j] == 1:
                continue
            o = system.offset[j]
            first = flint.fmpq_mat(D, D)
            for r in range(D):
                first[r, r] = 1
            for r in range(1, system.k[j]):
                first = first - Q.mats[o + r - 1]
            out.append(_Roots(first))
            for r in range(1, system.k[j]):
                out.append(_Roots(Q.mats[o + r - 1]))
        return out

    def _identify(self, system: _System, roots: list[_Roots], est: list[list[Any]], tol: Any,
                  nonsingular: bool) -> _Point | str | None:
        """Match each probability to an exact root; verify. ``None``: could not identify;
        ``"infeasible"``: identified but not an equilibrium with this support."""
        support = system.support
        if nonsingular:
            # polished to full precision: decide feasibility first, identify only survivors
            ok, strict, _reg = self.verifier.check_hp(support, est)
            if not ok:
                return "infeasible"
            if not self.want_exact_values:
                return _Point(est, None, None, strict, "groebner")
        k = 0
        exact: list[list[Fraction]] = []
        texts: list[list[str]] = []
        hp: list[list[Any]] = []
        rational = True
        with mpmath.workdps(DIGITS + 10):
            for j in range(system.N):
                if system.k[j] == 1:
                    exact.append([Fraction(1)])
                    texts.append(["1"])
                    hp.append([mpmath.mpf(1)])
                    continue
                ex_row: list[Fraction] = []
                tx_row: list[str] = []
                hp_row: list[Any] = []
                for r in range(system.k[j]):
                    m = roots[k].match(est[j][r], tol, nonsingular)
                    k += 1
                    if m is None:
                        # a value far from every real root (below the sign of the simplex) is
                        # not our concern; an ambiguous one is
                        return None
                    val, text, hv = m
                    if val is None:
                        rational = False
                    else:
                        ex_row.append(val)
                    tx_row.append(text)
                    hp_row.append(hv if not nonsingular else est[j][r])
                exact.append(ex_row)
                texts.append(tx_row)
                hp.append(hp_row)
        if rational:
            ok, strict = self.verifier.check_exact(support, exact)
            if not ok:
                # an exact check is final for rational points unless they fail to solve the
                # system (then the pairing of coordinates went wrong)
                x = [exact[j][r] for j in system.active for r in range(1, system.k[j])]
                if any(v != 0 for v in system.evaluate(x, Fraction(1))):
                    return None
                return "infeasible"
            x = [exact[j][r] for j in system.active for r in range(1, system.k[j])]
            Jm = system.jacobian(x, Fraction(1), Fraction(0))
            det = flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator) for v in row] for row in Jm]).det() if Jm else 1
            hp_vals = [[mpmath.mpf(v.numerator) / v.denominator for v in row] for row in exact]
            return _Point(hp_vals, exact, None, strict and det != 0, "groebner")
        with mpmath.workdps(DIGITS):
            x = [hp[j][r] for j in system.active for r in range(1, system.k[j])]
            res = max(abs(v) for v in system.evaluate(x, mpmath.mpf(1)))
            if res > HP_TOL:
                return None
        ok, strict, _reg = self.verifier.check_hp(support, hp)
        if not ok:
            return "infeasible"
        return _Point(hp, None, texts if self.want_exact_values else None, strict and nonsingular, "groebner")

    # ---------------------------------------------------------------- numerical path
    def _homotopy(self, system: _System, reason: str) -> _Outcome:
        for (_i, _shp, c), d in zip(system.eqs, system.equation_depends()):
            if not d and any(c):  # a nonzero constant: no solution
                return _Outcome([], "finite", 0, "homotopy")
        if any(not d for d in system.equation_depends()):
            return _Outcome([], "unresolved", 0, "homotopy",
                            f"{reason}; an equation vanishes identically, homotopy not applicable")
        hom = _Homotopy(system, self.rng)
        X0 = hom.start_points()
        if not len(X0):
            return _Outcome([], "unresolved", 0, "homotopy", f"{reason}; no start solutions")
        max_step = 0.05
        for _attempt in range(3):
            X, t, done = hom.track(X0, max_step)
            Xe, nonsing = hom.endgame(X[done])
            aff, small = hom.affine(Xe)
            finite = nonsing & (small > 1e-8)
            ends = aff[finite]
            dup = False
            for a in range(len(ends)):
                for b in range(a + 1, len(ends)):
                    if np.linalg.norm(ends[a] - ends[b]) <= 1e-7 * (1 + np.linalg.norm(ends[a])):
                        dup = True
            if not dup:
                break
            max_step /= 4
        else:
            return _Outcome([], "unresolved", 0, "homotopy", f"{reason}; paths kept converging to the same point")
        # failed or singular paths that might end in the simplex make the support unresolved
        trouble = 0
        aff_fail, small_fail = hom.affine(X[~done])
        for x, s in zip(aff_fail, small_fail):
            if s > 1e-6 and _relevant(x, system, 1e-2):
                trouble += 1
        aff_sing, small_sing = hom.affine(Xe[~nonsing])
        for x, s in zip(aff_sing, small_sing):
            if s > 1e-6 and _relevant(x, system, 1e-3):
                trouble += 1
        points: list[_Point] = []
        seen: list[list[list[Any]]] = []
        for z in ends:
            if not _relevant(z, system, 1e-6):
                continue
            x, nonsingular = _newton_mp(system, z)
            if not nonsingular:
                trouble += 1
                continue
            with mpmath.workdps(DIGITS):
                if any(abs(mpmath.im(v)) > HP_ZERO for v in x):
                    continue
                probs = [[mpmath.re(v) for v in row] for row in system.probs(x, mpmath.mpf(1))]
            point = self._numeric_point(system, probs)
            if point is None or any(_close(point.hp, s) for s in seen):
                continue
            seen.append(point.hp)
            points.append(point)
        if trouble:
            return _Outcome(points, "unresolved", 0, "homotopy",
                            f"{reason}; {trouble} homotopy path(s) failed or ended at a singular point "
                            "near the simplex")
        return _Outcome(points, "finite", 0, "homotopy")

    def _numeric_point(self, system: _System, probs: list[list[Any]]) -> _Point | None:
        support = system.support
        # a rational equilibrium is recognised and then checked exactly
        guess = [[Fraction(str(mpmath.nstr(v, DIGITS))).limit_denominator(10**12) for v in row] for row in probs]
        if all(abs(mpmath.mpf(g.numerator) / g.denominator - v) < mpmath.mpf(10) ** (-40)
               for grow, row in zip(guess, probs) for g, v in zip(grow, row)):
            ok, strict = self.verifier.check_exact(support, guess)
            if ok:
                return _Point(probs, guess, None, strict, "homotopy")
        ok, strict, _ = self.verifier.check_hp(support, probs)
        if not ok:
            return None
        return _Point(probs, None, None, strict, "homotopy")


def _close(a: list[list[Any]], b: list[list[Any]]) -> bool:
    return all(abs(x - y) < mpmath.mpf(10) ** (-30) for ra, rb in zip(a, b) for x, y in zip(ra, rb))


# ----------------------------------------------------------------------------- driver
def _support_names(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> list[list[str]]:
    return [[game.strategies[j][a] for a in s] for j, s in enumerate(support)]


def _support_text(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> str:
    return "; ".join(f"{p}: {{{', '.join(ss)}}}" for p, ss in zip(game.players, _support_names(game, support)))


def enumpoly_solve(
    game: NormalFormGame,
    *,
    exact: bool | None = None,
    max_support_profiles: int = MAX_SUPPORT_PROFILES,
    max_paths: int = MAX_PATHS,
    seed: int = 0,
) -> SolveResult:
    """All Nash equilibria of a small N-player game, by support enumeration.

    Parameters
    ----------
    game:
        Any :class:`~gametheory.NormalFormGame` (meant for three or more players; two-player
        games work too).
    exact:
        ``True`` (default for exact games): rational equilibria are returned as
        Fractions with exact regret 0, and irrational ones as floats with their exact
        algebraic description in ``parameters["algebraic"]``. ``False`` (default for float
        games): every profile as floats. The algebra is exact in both cases wherever the
        Groebner basis is small enough (float payoffs are read as the decimals they print
        as); larger supports are solved by homotopy continuation.
    max_support_profiles:
        Refuse (:class:`~gametheory.GameSizeError`) games with more support profiles,
        ``prod_i (2**n_i - 1)``, than this (default :data:`MAX_SUPPORT_PROFILES`).
    max_paths:
        Largest number of homotopy paths for one support; bigger supports are reported
        unresolved.
    seed:
        Seed of the random numbers (eigenvector separation, homotopy start system,
        samples of continua); results do not depend on it except by chance of failure.

    Returns
    -------
    SolveResult
        ``equilibria``: every equilibrium found, each verified. ``complete`` is ``True``
        only if every support profile was resolved (no continuum, no numerical failure).
        ``degenerate``: ``True`` if a continuum, a singular solution or an equilibrium
        with an unused best response was found; ``False`` if every equilibrium is regular
        and the answer complete; ``None`` otherwise. ``parameters`` holds the counts
        (``support_profiles``, ``pruned``, ``solved``, ``solved_exactly``,
        ``solved_numerically``), ``algebraic`` (exact description of each irrational
        equilibrium, by index: one list of strings per player), ``hp_regret`` (their
        regret at 60 digits), ``continua`` and ``unresolved`` (supports, as strategy names).
    """
    shape = game.shape
    total = count_support_profiles(shape)
    if total > max_support_profiles:
        raise GameSizeError(
            f"enumpoly: a {' x '.join(map(str, shape))} game has {total:,} support profiles, more than "
            f"max_support_profiles={max_support_profiles:,}; use a method that finds one equilibrium"
        )
    use_exact = want_exact(game, exact)
    exact_game = game.to_exact()
    target = exact_game if use_exact else game.to_float()
    rng = np.random.default_rng(seed)
    with stopwatch() as clock:
        U = _integer_payoffs(exact_game)
        verifier = _Verifier(exact_game)
        solver = _SupportSolver(exact_game, U, verifier, rng, max_paths, use_exact)
        supports = sorted(itertools.product(*[_subsets(n) for n in shape]),
                          key=lambda s: (sum(len(x) for x in s), s))
        pruned = solved = by_groebner = by_homotopy = 0
        found: list[tuple[tuple[tuple[int, ...], ...], _Point]] = []
        continua: list[tuple[tuple[tuple[int, ...], ...], int, _Point]] = []
        unresolved: list[tuple[tuple[tuple[int, ...], ...], str]] = []
        kinds: dict[tuple[tuple[int, ...], ...], str] = {}
        for support in supports:
            if _dominated(U, support):
                pruned += 1
                continue
            solved += 1
            out = solver.solve(support)
            if out.how == "homotopy":
                by_homotopy += 1
            else:
                by_groebner += 1
            if out.sample is not None:
                continua.append((support, out.dimension, out.sample))
                kinds[support] = out.kind
            if out.status == "unresolved":
                unresolved.append((support, out.reason))
            found.extend((support, p) for p in out.points)
        records = [(s, p, None) for s, p in found] + [(s, p, d) for s, d, p in continua]

        def as_profile(support: tuple[tuple[int, ...], ...], p: _Point) -> tuple[tuple[Any, ...], ...]:
            if p.exact is not None and use_exact:
                return tuple(tuple(row) for row in verifier.full_profile(support, p.exact, Fraction(0)))
            rows = verifier.full_profile(support, [[float(v) for v in row] for row in p.hp], 0.0)
            return tuple(tuple(v / sum(row) for v in row) for row in rows)

        built = [(as_profile(s, p), s, p, d) for s, p, d in records]
        built.sort(key=lambda b: (sum(1 for row in b[0] for v in row if v != 0), [-float(v) for row in b[0] for v in row]))
        equilibria: list[Equilibrium] = []
        algebraic: dict[int, list[list[str]]] = {}
        hp_regret: dict[int, str] = {}
        continua_info: list[dict[str, Any]] = []
        irrational = 0
        degenerate = False
        for k, (prof, s, p, d) in enumerate(built):
            eq = make_equilibrium(target, prof)
            if isinstance(eq.max_regret, Fraction) and eq.max_regret != 0:  # pragma: no cover - a bug
                raise ArithmeticError("enumpoly produced a profile with positive regret")
            equilibria.append(eq)
            if not p.regular:
                degenerate = True
            if p.exact is None and use_exact:
                irrational += 1
                _ok, _strict, reg = verifier.check_hp(s, p.hp)
                hp_regret[k] = mpmath.nstr(reg, 3) if reg is not None else "nan"
                if p.algebraic is not None:
                    algebraic[k] = [
                        [t if a in s[j] and (t := p.algebraic[j][s[j].index(a)]) else "0" for a in range(shape[j])]
                        for j in range(len(shape))
                    ]
            if d is not None:
                continua_info.append({"support": _support_names(game, s), "dimension": d, "equilibrium": k,
                                      "kind": kinds[s]})
    diagnostics: list[str] = []
    for info in continua_info:
        s_text = "; ".join(f"{pl}: {{{', '.join(ss)}}}" for pl, ss in zip(game.players, info["support"]))
        if info["kind"] == "polyhedron":
            what = f"the equilibria form a convex set of dimension {info['dimension']}"
        else:
            what = f"the indifference equations have a solution set of dimension {info['dimension']}"
        diagnostics.append(
            f"continuum: with support {s_text} {what}; equilibrium [{info['equilibrium']}] is one "
            "verified point of it, the others are not listed"
        )
    for support, reason in unresolved:
        diagnostics.append(f"unresolved support {_support_text(game, support)}: {reason}")
    if irrational:
        where = ", ".join(f"[{k}]" for k in sorted(hp_regret))
        diagnostics.append(
            f"irrational equilibria {where}: shown as floats, verified at {DIGITS} digits "
            "(parameters['hp_regret'])"
            + ("; exact values in parameters['algebraic']" if algebraic else "")
        )
    if continua or unresolved:
        diagnostics.append(
            "incomplete: equilibria with the supports above are not all listed; equilibria found with "
            "other supports may also lie on the boundary of a continuum"
        )
    if by_homotopy:
        diagnostics.append(f"{by_homotopy} support(s) solved numerically by homotopy continuation")
    if continua or degenerate:
        deg: bool | None = True
    elif unresolved:
        deg = None
    else:
        deg = False
    params: dict[str, Any] = {
        "support_profiles": total,
        "pruned": pruned,
        "solved": solved,
        "solved_exactly": by_groebner,
        "solved_numerically": by_homotopy,
        "continua": continua_info,
        "unresolved": [{"support": _support_names(game, s), "reason": r} for s, r in unresolved],
        "algebraic": algebraic,
        "hp_regret": hp_regret,
        "seed": seed,
    }
    return SolveResult(
        game=target,
        method="enumpoly",
        exact=use_exact,
        equilibria=tuple(equilibria),
        complete=not continua and not unresolved,
        degenerate=deg,
        elapsed=clock[0],
        parameters=params,
        diagnostics=tuple(diagnostics),
    )
