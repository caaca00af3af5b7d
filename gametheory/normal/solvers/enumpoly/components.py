"""Exact description of a continuum of equilibria with a given support (N players).

For a support profile ``S`` the set described is

    C(S) = {x : x_i a distribution on S_i, every s in S_i a best response to x_-i},

in the probabilities ``x`` of the supported strategies. Every point of ``C(S)`` is an
equilibrium, and ``C(S)`` holds every equilibrium with support exactly ``S`` together with
its limit points. The conditions are polynomial (multilinear): equalities among the payoffs
of the strategies in ``S_i`` and inequalities against the unused ones.

The equalities are eliminated while they are linear (each one solved for a variable and
substituted in the rest); when nonlinear ones remain, their Groebner basis is computed and
eliminated if it is linear. When every equality is eliminated and every inequality is then
affine in the free variables, ``C(S)`` is a polytope -- proven convex -- and its vertices are
enumerated exactly (Fractions). Otherwise it is reported as a semialgebraic set: exact
equations (a Groebner basis where one was computed) and sign conditions.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from gametheory.normal.game import NormalFormGame, Profile
from gametheory.normal.result import EquilibriumSet, Polynomial

#: Vertex enumeration tries at most this many sets of tight constraints; beyond it the
#: polytope is reported by its (exact) equations and inequalities instead, as a
#: ``"semialgebraic"`` set (exact membership still; convexity then not claimed).
MAX_VERTEX_BASES = 20_000

_Poly = dict[tuple[int, ...], Fraction]
_Support = tuple[tuple[int, ...], ...]


def _add(p: _Poly, q: _Poly, scale: Fraction = Fraction(1)) -> _Poly:
    out = dict(p)
    for m, c in q.items():
        v = out.get(m, Fraction(0)) + scale * c
        if v:
            out[m] = v
        else:
            out.pop(m, None)
    return out


def _mul(p: _Poly, q: _Poly) -> _Poly:
    out: _Poly = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = tuple(a + b for a, b in zip(m1, m2))
            v = out.get(m, Fraction(0)) + c1 * c2
            if v:
                out[m] = v
            else:
                out.pop(m, None)
    return out


def _degree(p: _Poly) -> int:
    return max((sum(m) for m in p), default=0)


def _substitute(p: _Poly, var: int, expr: _Poly) -> _Poly:
    """``p`` with variable ``var`` replaced by ``expr``."""
    out: _Poly = {}
    for m, c in p.items():
        e = m[var]
        rest = {m[:var] + (0,) + m[var + 1:]: c}
        for _ in range(e):
            rest = _mul(rest, expr)
        out = _add(out, rest)
    return out


def _frozen(p: _Poly) -> Polynomial:
    return tuple(sorted(p.items()))


class _Describer:
    def __init__(self, game: NormalFormGame, support: _Support) -> None:
        self.game = game
        self.support = support
        self.N = len(support)
        self.vars = [(i, a) for i in range(self.N) for a in support[i]]
        self.n = len(self.vars)
        self.index = {v: k for k, v in enumerate(self.vars)}
        self.zero = (0,) * self.n

    def unit(self, k: int) -> _Poly:
        m = [0] * self.n
        m[k] = 1
        return {tuple(m): Fraction(1)}

    def const(self, c: Fraction) -> _Poly:
        return {self.zero: Fraction(c)} if c else {}

    def payoff(self, i: int, t: int) -> _Poly:
        """Player ``i``'s expected payoff from pure ``t`` against the others' mixtures on ``S``."""
        out: _Poly = {}
        others = [range(1) if j == i else self.support[j] for j in range(self.N)]
        P = self.game.payoffs
        for prof in itertools.product(*others):
            full = tuple(t if j == i else prof[j] for j in range(self.N))
            c = Fraction(P[full + (i,)])
            if not c:
                continue
            m = [0] * self.n
            for j in range(self.N):
                if j != i:
                    m[self.index[(j, prof[j])]] = 1
            key = tuple(m)
            v = out.get(key, Fraction(0)) + c
            if v:
                out[key] = v
            else:
                out.pop(key, None)
        return out

    def constraints(self) -> tuple[list[_Poly], list[_Poly], list[_Poly]]:
        """(indifference equalities, sum constraints, best-response inequalities ``>= 0``)."""
        eqs: list[_Poly] = []
        ineqs: list[_Poly] = []
        sums: list[_Poly] = []
        for i in range(self.N):
            S = self.support[i]
            base = self.payoff(i, S[0])
            for s in S[1:]:
                q = _add(self.payoff(i, s), base, Fraction(-1))
                if q:
                    eqs.append(q)
            for t in range(self.game.shape[i]):
                if t not in S:
                    q = _add(base, self.payoff(i, t), Fraction(-1))
                    if q:
                        ineqs.append(q)
            total = self.const(Fraction(-1))
            for a in S:
                total = _add(total, self.unit(self.index[(i, a)]))
            sums.append(total)
        return eqs, sums, ineqs

    def eliminate(self, polys: list[_Poly]) -> tuple[dict[int, _Poly], list[_Poly]] | None:
        """Solve the linear equations for variables while any remain; ``None`` if inconsistent.

        Returns the substitutions (variable -> affine expression in the free variables, fully
        reduced) and the nonlinear equations left (after substitution).
        """
        subs: dict[int, _Poly] = {}
        todo = [p for p in polys if p]
        while True:
            lin = next((p for p in todo if _degree(p) <= 1), None)
            if lin is None:
                return subs, todo
            if set(lin) == {self.zero}:
                return None  # a nonzero constant equal to zero
            var = max(k for m in lin for k, e in enumerate(m) if e)  # the last variable in it
            m = [0] * self.n
            m[var] = 1
            c = lin[tuple(m)]
            expr = {mm: -cc / c for mm, cc in lin.items() if mm != tuple(m)}
            subs = {v: _substitute(e, var, expr) for v, e in subs.items()}
            subs[var] = expr
            todo = [q for q in (_substitute(p, var, expr) for p in todo if p is not lin) if q]

    def groebner(self, polys: list[_Poly]) -> list[_Poly] | None:
        """Reduced Groebner basis of ``polys`` (degrevlex), or ``None`` past the size limits."""
        import flint

        from gametheory.normal.solvers.enumpoly.groebner import GROEBNER_LIMITS

        ctx = flint.fmpz_mpoly_ctx.get(tuple(f"x{k}" for k in range(self.n)), "degrevlex")
        ints = []
        for p in polys:
            den = 1
            for c in p.values():
                den = den * c.denominator // _gcd(den, c.denominator)
            ints.append(ctx.from_dict({m: int(c * den) for m, c in p.items()}))
        found: Any = flint.fmpz_mpoly_vec(ints, ctx).buchberger_naive(limits=GROEBNER_LIMITS)
        basis, ok = found
        if not ok:
            return None
        red = basis.autoreduction()
        out = []
        for k in range(len(red)):
            d = {tuple(int(e) for e in m): Fraction(int(c)) for m, c in red[k].to_dict().items()}
            lead = d[max(d, key=lambda mm: (sum(mm), tuple(-e for e in reversed(mm))))]
            out.append({m: c / lead for m, c in d.items()})
        return out


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def describe_support(
    game: NormalFormGame,
    support: _Support,
    *,
    dimension: int,
    sample: Profile | None = None,
    listed: list[Profile] | tuple[Profile, ...] = (),
) -> EquilibriumSet | None:
    """The exact set ``C(S)`` of equilibria for one support profile (see the module docstring).

    Parameters
    ----------
    game:
        An exact :class:`~gametheory.NormalFormGame`.
    support:
        Strategy indices of ``S``, one tuple per player.
    dimension:
        Dimension of the equations' solution set, reported for a semialgebraic set.
    sample:
        A verified point of the set (full profile), kept as :attr:`EquilibriumSet.sample`.
    listed:
        The equilibria a solver listed; the indices of those in the set are recorded.

    Returns
    -------
    EquilibriumSet or None
        ``None`` when the set is empty (proven exactly).
    """
    D = _Describer(game, support)
    eqs, sums, ineqs = D.constraints()
    done = D.eliminate(eqs + sums)
    if done is None:
        return None
    subs, rest = done
    basis: list[_Poly] | None = None
    if rest:
        basis = D.groebner(rest)
        if basis is not None:
            if any(set(b) == {D.zero} for b in basis):
                return None  # the basis is {1}: no solution
            if all(_degree(b) <= 1 for b in basis):
                again = D.eliminate([_substitute_all(b, subs) for b in basis] + [
                    _add(D.unit(v), e, Fraction(-1)) for v, e in subs.items()])
                if again is None:
                    return None
                subs, rest = again
                basis = None
    polytope = None
    if not rest:
        polytope = _polytope(D, subs, ineqs)
        if polytope == "empty":
            return None
    # the exact equations: the linear substitutions and the nonlinear remainder (its basis)
    equations = [_add(D.unit(v), e, Fraction(-1)) for v, e in sorted(subs.items())]
    equations += basis if basis is not None else rest
    game_names = (game.players, game.strategies)
    if isinstance(polytope, list):
        vertices = tuple(_profile(D, x) for x in polytope)
        kind = "polytope"
        dim = _affine_rank(polytope)
    else:
        vertices = ()
        kind = "semialgebraic"
        dim = dimension
    found = EquilibriumSet(
        support=tuple(tuple(game.strategies[i][a] for a in s) for i, s in enumerate(support)),
        kind=kind,
        dimension=dim,
        equilibria=(),
        vertices=vertices,
        sample=sample,
        variables=tuple(D.vars),
        equations=tuple(_frozen(p) for p in equations),
        inequalities=tuple(_frozen(p) for p in ineqs),
        players=game_names[0],
        strategies=game_names[1],
    )
    inside = tuple(k for k, prof in enumerate(listed) if _within(prof, support) and found.contains(prof))
    return EquilibriumSet(**{**found.__dict__, "equilibria": inside})


def _within(profile: Profile, support: _Support) -> bool:
    """Cheap filter: no weight (beyond 1e-9) outside the support."""
    return all(abs(float(v)) <= 1e-9 for row, s in zip(profile, support) for a, v in enumerate(row) if a not in s)


def _substitute_all(p: _Poly, subs: dict[int, _Poly]) -> _Poly:
    for v, e in subs.items():
        p = _substitute(p, v, e)
    return p


def _polytope(D: _Describer, subs: dict[int, _Poly], ineqs: list[_Poly]) -> list[list[Fraction]] | str | None:
    """Vertices (values of every variable) when the set is a polytope; ``"empty"``; ``None``
    when an inequality is not affine on the solution set (or enumeration is too large)."""
    free = [k for k in range(D.n) if k not in subs]
    d = len(free)
    rows: set[tuple[Fraction, ...]] = set()  # (a_1..a_d, b): a.y + b >= 0
    cons = [D.unit(k) if k not in subs else subs[k] for k in range(D.n)]
    for q in [*cons, *(_substitute_all(p, subs) for p in ineqs)]:
        if _degree(q) > 1:
            return None
        row = [Fraction(0)] * (d + 1)
        for m, c in q.items():
            if m == D.zero:
                row[d] = c
            else:
                row[free.index(m.index(1))] = c
        if all(a == 0 for a in row[:d]):
            if row[d] < 0:
                return "empty"
            continue
        scale = max(abs(a) for a in row[:d])
        rows.add(tuple(a / scale for a in row))
    A = sorted(rows)

    def values(y: list[Fraction]) -> list[Fraction]:
        out = []
        for k in range(D.n):
            e = cons[k]
            out.append(sum((c * (y[free.index(m.index(1))] if m != D.zero else 1) for m, c in e.items()),
                           Fraction(0)))
        return out

    if d == 0:
        return [values([])]
    from math import comb

    if comb(len(A), d) > MAX_VERTEX_BASES:
        return None
    seen: dict[tuple[Fraction, ...], None] = {}
    for pick in itertools.combinations(range(len(A)), d):
        y = _solve([list(A[r][:d]) for r in pick], [-A[r][d] for r in pick])
        if y is None or tuple(y) in seen:
            continue
        if all(sum((a * v for a, v in zip(row[:d], y)), row[d]) >= 0 for row in A):
            seen[tuple(y)] = None
    if not seen:
        return "empty"
    return [values(list(y)) for y in seen]


def _solve(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of ``M y = b`` (square), or ``None`` when ``M`` is singular."""
    n = len(M)
    A = [row[:] + [bb] for row, bb in zip(M, b)]
    for c in range(n):
        p = next((r for r in range(c, n) if A[r][c] != 0), None)
        if p is None:
            return None
        A[c], A[p] = A[p], A[c]
        piv = A[c][c]
        A[c] = [v / piv for v in A[c]]
        for r in range(n):
            if r != c and A[r][c] != 0:
                f = A[r][c]
                A[r] = [v - f * w for v, w in zip(A[r], A[c])]
    return [A[r][n] for r in range(n)]


def _affine_rank(points: list[list[Fraction]]) -> int:
    if len(points) <= 1:
        return 0
    rows = [[a - b for a, b in zip(p, points[0])] for p in points[1:]]
    rank = 0
    ncol = len(rows[0])
    for c in range(ncol):
        p = next((r for r in range(rank, len(rows)) if rows[r][c] != 0), None)
        if p is None:
            continue
        rows[rank], rows[p] = rows[p], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][c] != 0:
                f = rows[r][c] / rows[rank][c]
                rows[r] = [v - f * w for v, w in zip(rows[r], rows[rank])]
        rank += 1
    return rank


def _profile(D: _Describer, x: list[Fraction]) -> Profile:
    rows: list[list[Any]] = [[Fraction(0)] * n for n in D.game.shape]
    for k, (i, a) in enumerate(D.vars):
        rows[i][a] = x[k]
    return tuple(tuple(r) for r in rows)


def describe_continua(
    game: NormalFormGame,
    continua: list[tuple[_Support, int, Profile]],
    listed: list[Profile],
) -> tuple[tuple[EquilibriumSet, ...], bool]:
    """Every continuum a support enumeration flagged, described exactly.

    Parameters
    ----------
    game:
        The exact game.
    continua:
        ``(support, dimension, verified sample profile)`` of each flagged support.
    listed:
        The listed equilibria's profiles (their indices are recorded in each set).

    Returns
    -------
    tuple
        The sets (one per support, in the order given) and whether every one was described
        (``False`` only if a set came out empty despite its verified sample: never expected).
    """
    out = []
    ok = True
    for support, dim, sample in continua:
        found = describe_support(game, support, dimension=dim, sample=sample, listed=listed)
        if found is None:  # pragma: no cover - the sample is a verified point of the set
            ok = False
            continue
        out.append(found)
    return tuple(out), ok


def components_note(sets: tuple[EquilibriumSet, ...], complete: bool) -> str:
    """The diagnostic that says what ``components`` holds and what ``complete`` covers."""
    kinds = ", ".join(f"[{c}] {s.kind} of dimension {s.dimension}" for c, s in enumerate(sets))
    text = (f"components: every continuum is described exactly in components ({kinds}); "
            "check any profile with components[c].contains(profile)")
    if complete:
        text += ("; described completely (parameters['described_completely']): every equilibrium of "
                 "the game is a listed equilibrium or lies in a listed component (polytopes by their "
                 "vertices, the others by exact equations and sign conditions); `complete` stays False "
                 "because the listed equilibria alone are not every equilibrium")
    return text


def settle_supports(
    game: NormalFormGame,
    supports: list[_Support],
    listed: list[Profile],
) -> tuple[list[_Support], tuple[EquilibriumSet, ...]]:
    """Settle supports a solver left unresolved, where the exact description can.

    A support is settled when its set ``C(S)`` is proven empty, or is a polytope whose
    vertices all equal listed equilibria (a single listed point, say), or is a polytope of
    positive dimension (returned as a new set, its vertices exact). Supports whose set is
    not proven a polytope stay unresolved.

    Returns
    -------
    tuple
        The supports still unresolved, and the new sets of positive dimension.
    """
    left: list[_Support] = []
    new: list[EquilibriumSet] = []
    for s in supports:
        found = describe_support(game, s, dimension=0, listed=listed)
        if found is None:
            continue
        if found.kind != "polytope":
            left.append(s)
        elif found.dimension > 0:
            new.append(found)
        elif not all(any(_same(v, p) for p in listed) for v in found.vertices):
            left.append(s)  # an isolated equilibrium nobody listed: let the solver say so
    return left, tuple(new)


def _same(a: Profile, b: Profile) -> bool:
    return all(abs(float(x) - float(y)) <= 1e-12 if not (isinstance(x, Fraction) and isinstance(y, Fraction))
               else x == y for ra, rb in zip(a, b) for x, y in zip(ra, rb))
