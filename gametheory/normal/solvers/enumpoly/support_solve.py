"""Solving one support profile: the exact path (Groebner bases, polyhedra, samples of
continua) and the numerical path (homotopy continuation), and what each support gave."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import mpmath
import numpy as np

from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.enumpoly.exclude import no_root_in_simplices
from gametheory.normal.solvers.enumpoly.groebner import (
    _Algebra,
    _dimension,
    _eigen_points,
    _leading,
    _Quotient,
    _quotient,
)
from gametheory.normal.solvers.enumpoly.homotopy import _Homotopy, _relevant
from gametheory.normal.solvers.enumpoly.identify import _Roots
from gametheory.normal.solvers.enumpoly.polyhedra import (
    _Affine,
    _contract_affine,
    _fourier_motzkin,
    _rank,
    _TooLarge,
)
from gametheory.normal.solvers.enumpoly.precision import (
    DIGITS,
    HP_TOL,
    HP_ZERO,
    _close,
    _newton_mp,
    _refine_chord,
)
from gametheory.normal.solvers.enumpoly.system import _contract, _System
from gametheory.normal.solvers.enumpoly.verify import _Verifier

#: Exact Groebner bases are tried when a support's Bezout number is at most this ...
GROEBNER_MAX_BEZOUT = 40
#: ... and it has at most this many unknowns.
GROEBNER_MAX_VARS = 7

#: Supports left to homotopy continuation (beyond the Groebner limits, or whose basis
#: grew too large) with a Bezout number at least this are tracked together with the other
#: such supports of their structure (the driver's ``_solve_all``); smaller ones alone.
BATCH_MIN_BEZOUT = 2
#: Largest number of paths tracked in one batch.
BATCH_MAX_PATHS = 2000

#: Supports after which the subdivision certificate is used even if numba has not been
#: imported yet (importing it and loading the kernel cost about 0.4 s of CPU, more than
#: the Groebner bases the certificate saves on a few hundred supports).
COMPILE_AFTER = 300

#: Irrational equilibria isolated by the subdivision kernel get their exact algebraic
#: description (a Groebner basis of their support) when the support has at most this many
#: unknowns; larger bases cost more than the whole subdivision (tens of milliseconds each
#: on a 4x4x4 game), and those equilibria are verified at high precision as homotopy
#: solutions are.
ALGEBRAIC_MAX_VARS = 4

#: Rational roots isolated by the subdivision kernel are first sought among the fractions
#: with at most this denominator nearest to the float root (accurate to about ``1e-15``, so
#: such a fraction is unique within that distance); a larger one is found after polishing.
RATIONAL_ROOT_DENOMINATOR = 10**6

#: Random sample points tried on each positive-dimensional solution set.
CONTINUUM_SAMPLES = 24


#: Prediction of a Groebner basis over its limits (:func:`_groebner_predicted_too_large`):
#: games of at least this many players ...
PREDICT_MIN_PLAYERS = 4
#: ... supports with at least this many unknowns ...
PREDICT_MIN_VARS = 6
#: ... and a multihomogeneous Bezout number above this.
PREDICT_MIN_BEZOUT = 24


def _groebner_predicted_too_large(system: _System, bez: int) -> bool:
    """Whether Buchberger's algorithm is expected to hit ``groebner.GROEBNER_LIMITS``.

    Measured on the seeded benchmark games (``benchmarks/bench_n_player.py``, seeds 64000
    and 81000, first attempt per support): every 3x3x3x3 support with 6 unknowns and Bezout
    number 29 failed (38 of 38, about 0.1 s of CPU each, loaded machine), while supports
    with fewer unknowns or Bezout numbers up to 12 succeed about half the time or more
    (and a success gives exact values), so they are still tried. A wrong prediction costs
    nothing in correctness: the support is tracked by homotopy instead, and handed back to
    the exact path when the paths do not settle it.
    """
    return (system.N >= PREDICT_MIN_PLAYERS and system.n >= PREDICT_MIN_VARS
            and bez > PREDICT_MIN_BEZOUT)


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
    ``points`` may hold further equilibria of the support), ``"unresolved"``, or
    ``"deferred"`` (only from ``solve(defer=True)``: left to the batched homotopy, with
    the reason in ``reason``; the driver never reports it).
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


class _SupportSolver:
    #: Try the subdivision certificate (:mod:`~gametheory.normal.solvers.enumpoly.exclude`)
    #: before the exact path (see :meth:`_excluded` for when): a support it dismisses has
    #: no root in the simplices, so no equilibrium; the others go on unchanged. ``False``
    #: gives the previous route (the tests compare the two); ``"always"`` uses it on every
    #: support (the numba kernel where numba is imported, else numpy).
    exclude: bool | str = True

    def __init__(self, game: NormalFormGame, U: list[np.ndarray], verifier: _Verifier,
                 rng: np.random.Generator, max_paths: int, want_exact_values: bool,
                 seed: int | None = None) -> None:
        self.game = game
        self.U = U
        self.verifier = verifier
        self.rng = rng
        #: With a seed, each support draws from its own generator, seeded by ``(seed,
        #: support)``: its samples and start systems then do not depend on which other
        #: supports were solved before it (by the exact path alone, or after the
        #: subdivision kernel settled most of them).
        self.seed = seed
        self.max_paths = max_paths
        self.want_exact_values = want_exact_values
        self._calls = 0
        profiles = 1
        for m in game.shape:
            profiles *= 2**m - 1
        self._big = profiles > 1000

    def solve(self, support: tuple[tuple[int, ...], ...], defer: bool = False,
              predict: bool | None = None) -> _Outcome:
        """Every equilibrium with this support.

        ``defer=True``: a support that the exact path does not settle (Groebner basis over
        its limits, or the Bezout number beyond :data:`GROEBNER_MAX_BEZOUT` /
        :data:`GROEBNER_MAX_VARS`) is not tracked here; the outcome has status
        ``"deferred"`` and the reason, and the caller tracks it by homotopy continuation
        together with the other deferred supports of its structure (the driver's
        ``_solve_all``), never paying a second Groebner attempt for it.
        ``predict`` (default: ``defer``) also defers, without an attempt, the supports
        :func:`_groebner_predicted_too_large` expects to fail; the driver brings such a
        support back here with ``predict=False`` when its homotopy does not settle it, so
        the exact path still gets its chance.
        """
        if all(len(s) == 1 for s in support):  # a pure profile: no unknowns, nothing random
            probs = [[Fraction(1)] for _ in support]
            ok, strict = self.verifier.check_exact(support, probs)
            pts = [_Point([[mpmath.mpf(1)] for _ in support], probs, None, strict, "pure")] if ok else []
            return _Outcome(pts, "finite", 0, "pure")
        system = _System(self.U, support)
        self._reseed(support)
        self._calls += 1
        if self.exclude and self._excluded(system):
            return _Outcome([], "finite", 0, "subdivision")
        bez = system.bezout(max(self.max_paths, GROEBNER_MAX_BEZOUT))
        predicted = (defer if predict is None else predict) and _groebner_predicted_too_large(system, bez)
        if predicted:
            reason = f"Groebner basis predicted too large (Bezout number {bez}, {system.n} unknowns)"
        elif bez == 0 or (bez <= GROEBNER_MAX_BEZOUT and system.n <= GROEBNER_MAX_VARS):
            algebra = _Algebra(system)
            G = algebra.groebner()
            if G is not None:
                return self._from_groebner(system, algebra, G)
            reason = "Groebner basis too large"
        else:
            reason = f"Bezout number {bez if bez <= self.max_paths else f'> {self.max_paths}'}"
        if bez > self.max_paths:
            return _Outcome([], "unresolved", 0, "none", f"{reason}: more homotopy paths than max_paths")
        if defer and all(system.equation_depends()):
            return _Outcome([], "deferred", 0, "homotopy", reason)
        return self._homotopy(system, reason)

    def _reseed(self, support: tuple[tuple[int, ...], ...]) -> None:
        if self.seed is not None:
            code = 0
            for j, sup in enumerate(support):
                code = code * (1 << self.game.shape[j]) + sum(1 << a for a in sup)
            self.rng = np.random.default_rng([self.seed, code])

    def _excluded(self, system: _System) -> bool:
        """The subdivision certificate, where it pays: with the numba kernel (the numpy
        path without numba) once numba is imported (by anything), from the start on a game
        of over 1000 support profiles, else past :data:`COMPILE_AFTER` supports. A small
        game in a fresh process skips it: importing numba and loading the kernel cost about
        0.7 s of CPU, more than the Groebner bases it saves there (3x3x3: about 0.12 s)."""
        if self.exclude is True and ("numba" in sys.modules or self._calls > COMPILE_AFTER or self._big):
            return no_root_in_simplices(system, compiled=True)
        if self.exclude == "always":
            return no_root_in_simplices(system)
        return False

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
        # lazy: the certificate's linear programs import scipy.optimize (seconds, cold), and
        # only positive-dimensional supports need them
        from gametheory.normal.solvers.enumpoly.certify import _no_interior_equilibrium

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
            # polished to full precision: decide feasibility first, identify only survivors;
            # a probability at or below zero settles it without the payoffs (as check_hp would)
            if any(v <= HP_ZERO for row in est for v in row) or self.verifier.clearly_not_equilibrium(support, est):
                return "infeasible"
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

    # ---------------------------------------------------------------- certified roots
    def from_roots(self, support: tuple[tuple[int, ...], ...], roots: list[np.ndarray],
                   algebraic: bool, enclosures: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
                   ) -> _Outcome | None:
        """The equilibria of a support whose every root in the simplices the subdivision
        kernel isolated (:func:`~.boxes.certify_supports`; each root certified unique in its
        box, its probabilities positive and unused strategies strictly worse): each root
        identified exactly. A rational one is recognised from its float value when it lies
        in the root's certified enclosure (``enclosures``, from the kernel: the lower and
        upper corner of a box holding exactly one root of the support's equations, and the
        inverse Jacobian there) and passes the exact check; any other root is polished to
        :data:`DIGITS` digits (chord steps with that inverse), then recognised as rational
        and checked with Fractions, or verified at high precision. With ``algebraic`` (and
        the support within :data:`ALGEBRAIC_MAX_VARS` unknowns), irrational ones get their
        exact algebraic description from the Groebner basis, as on the exact path. ``None``
        when a root does not survive this (the caller then uses the exact path).
        """
        if all(len(s) == 1 for s in support):
            return self.solve(support)
        system: _System | None = None
        points: list[_Point] = []
        for q, z in enumerate(roots):
            if enclosures is not None:
                quick = self._rational_root(support, z, enclosures[q])
                if quick is not None:
                    if any(_close(quick.hp, p.hp) for p in points):  # pragma: no cover - boxes are disjoint
                        return None
                    points.append(quick)
                    continue
            if system is None:
                system = _System(self.U, support)
            # the kernel proved the root nonsingular: the chord method polishes it cheaply
            inverse = enclosures[q][2] if enclosures is not None else None
            xr = _refine_chord(system, [float(v) for v in z], payoffs=self.verifier.arb_int_payoffs, inverse=inverse)
            if xr is None:
                x, nonsingular = _newton_mp(system, [complex(v) for v in z], polished=True)
                if not nonsingular:
                    return None
            else:
                x, nonsingular = xr, True
            with mpmath.workdps(DIGITS):
                if any(abs(mpmath.im(v)) > HP_ZERO for v in x):
                    return None
                probs = [[mpmath.re(v) for v in row] for row in system.probs(x, mpmath.mpf(1))]
            point = self._numeric_point(system, probs)
            if point is None or any(_close(point.hp, q.hp) for q in points):
                return None
            point.how = "subdivision"
            point.regular = point.regular and nonsingular
            points.append(point)
        if (algebraic and system is not None and any(p.exact is None for p in points)
                and system.n <= ALGEBRAIC_MAX_VARS):
            bez = system.bezout(GROEBNER_MAX_BEZOUT)
            if bez <= GROEBNER_MAX_BEZOUT:
                algebra = _Algebra(system)
                G = algebra.groebner()
                if G is not None:
                    exact = self._from_groebner(system, algebra, G)
                    for p in points:
                        if p.exact is None:
                            twin = [q for q in exact.points if _close(q.hp, p.hp)]
                            if twin:
                                p.algebraic = twin[0].algebraic
        return _Outcome(points, "finite", 0, "subdivision")

    def _rational_root(self, support: tuple[tuple[int, ...], ...], z: np.ndarray,
                       box: tuple[np.ndarray, np.ndarray, np.ndarray]) -> _Point | None:
        """The root the kernel isolated at ``z`` as an exact equilibrium, when it is a
        rational with a small denominator: the nearest such rational to each float
        coordinate, accepted only if it lies in the certified enclosure ``box`` (so it is
        that root, the only one there) and the exact check (Python integers) shows an
        equilibrium with this support. ``None`` decides nothing."""
        lo, hi, _inverse = box
        guess = []
        for v, a, b in zip(z.tolist(), lo.tolist(), hi.tolist()):
            g = Fraction(v).limit_denominator(RATIONAL_ROOT_DENOMINATOR)
            # the float root is accurate to a few units in its last place: a fraction much
            # farther away is not the root (an irrational one: skip the exact check)
            if abs(float(g) - v) > 1e-13 * (1.0 + abs(v)) or not Fraction(a) <= g <= Fraction(b):
                return None
            guess.append(g)
        probs: list[list[Fraction]] = []
        pos = 0
        for s in support:
            rest = guess[pos:pos + len(s) - 1]
            pos += len(s) - 1
            probs.append([1 - sum(rest, Fraction(0)), *rest])
        ok, strict = self.verifier.check_exact(support, probs)
        if not ok:
            return None
        with mpmath.workdps(DIGITS):
            hp = [[mpmath.mpf(g.numerator) / g.denominator for g in row] for row in probs]
        # regular: the Krawczyk certificate of the enclosure implies that every Jacobian
        # over it is nonsingular (Neumaier, Interval Methods for Systems of Equations, 1990)
        return _Point(hp, probs, None, strict, "subdivision")

    # ---------------------------------------------------------------- numerical path
    def _homotopy(self, system: _System, reason: str) -> _Outcome:
        self._reseed(system.support)
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
            if not _duplicates(hom, Xe, nonsing):
                break
            max_step /= 4
        else:
            return _Outcome([], "unresolved", 0, "homotopy", f"{reason}; paths kept converging to the same point")
        return self._homotopy_outcome(system, hom, X, done, Xe, nonsing, reason)

    def solve_batch(self, systems: list[_System]) -> list[_Outcome | None]:
        """Homotopy continuation for several systems of one structure, tracked together.

        The systems must share support sizes and equation dependencies (see
        :meth:`_Homotopy.batch`); numpy then follows all their paths in the same array
        operations. ``None`` for a system the paths do not decide: one did not arrive, one
        ended at a finite singular point, or two met (the caller then solves it alone, by
        the exact path where it can).
        """
        self._calls += len(systems)
        # supports the subdivision certificate dismisses need no paths at all
        outcomes: list[_Outcome | None] = [None] * len(systems)
        keep = []
        for k, system in enumerate(systems):
            if self.exclude and self._excluded(system):
                outcomes[k] = _Outcome([], "finite", 0, "subdivision")
            else:
                keep.append(k)
        if not keep:
            return outcomes
        tracked = self._solve_batch([systems[k] for k in keep])
        for k, out in zip(keep, tracked):
            outcomes[k] = out
        return outcomes

    def _solve_batch(self, systems: list[_System], reasons: list[str] | None = None) -> list[_Outcome | None]:
        """Batched tracking (see :meth:`solve_batch`). With ``reasons`` (the driver's
        deferred supports, which one-support tracking would settle by the same test) a
        support is decided as :meth:`_homotopy` decides it; without (``solve_batch``),
        any failed path or finite singular end hands it back."""
        strict_batch = reasons is None
        hom = _Homotopy(systems[0], self.rng)
        X0 = hom.batch(systems)
        X, _t, done = hom.track(X0, 0.05)
        rows_done = np.flatnonzero(done)
        Xe_all, nonsing_all = hom.endgame(X[done], rows_done)
        assert hom.sidx is not None
        sidx = hom.sidx
        out: list[_Outcome | None] = []
        for k, system in enumerate(systems):
            mine = sidx == k
            sel = sidx[rows_done] == k
            Xe, nonsing = Xe_all[sel], nonsing_all[sel]
            _aff, small = hom.affine(Xe)
            # undecided: two paths met (one jumped), or the ends leave the support
            # unresolved by the same test as one-support tracking (:meth:`_homotopy`: a
            # path that failed or ended at a singular point near the simplex); the
            # caller then tracks it alone, with smaller steps if paths meet again
            if not strict_batch and _duplicates(hom, Xe, nonsing):
                out.append(None)
                continue
            if strict_batch and (not done[mine].all() or bool((~nonsing & (small > 1e-8)).any())
                                 or _duplicates(hom, Xe, nonsing)):
                out.append(None)
                continue
            bez = len(X0) // len(systems)
            why = reasons[k] if reasons is not None else f"Bezout number {bez}"
            got = self._homotopy_outcome(system, hom, X[mine], done[mine], Xe, nonsing,
                                         f"{why}, tracked with {len(systems) - 1} other supports")
            out.append(got if got.status == "finite" else None)
        return out

    def _homotopy_outcome(self, system: _System, hom: _Homotopy, X: np.ndarray, done: np.ndarray,
                          Xe: np.ndarray, nonsing: np.ndarray, reason: str) -> _Outcome:
        """The equilibria at the ends of one system's paths (verified), or unresolved."""
        aff, small = hom.affine(Xe)
        ends = aff[nonsing & (small > 1e-8)]
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
        # a rational equilibrium is recognised and then checked exactly; the probabilities
        # are tried one by one, so an irrational point usually costs one attempt
        guess: list[list[Fraction]] = []
        rational = True
        with mpmath.workdps(DIGITS):  # compared at the working precision, not mpmath's default 15 digits
            tiny = mpmath.mpf(10) ** (-40)
            for row in probs:
                grow = []
                for v in row:
                    g = _binary_fraction(v).limit_denominator(10**12)
                    if not abs(mpmath.mpf(g.numerator) / g.denominator - v) < tiny:
                        rational = False
                        break
                    grow.append(g)
                if not rational:
                    break
                guess.append(grow)
        if rational:
            ok, strict = self.verifier.check_exact(support, guess)
            if ok:
                return _Point(probs, guess, None, strict, "homotopy")
        ok, strict, _ = self.verifier.check_hp(support, probs)
        if not ok:
            return None
        return _Point(probs, None, None, strict, "homotopy")




def _binary_fraction(v: Any) -> Fraction:
    """An mpmath number's exact binary value as a Fraction (from its mantissa and
    exponent: no decimal string)."""
    man, exp = mpmath.mpf(v).man_exp
    return Fraction(man * (1 << exp)) if exp >= 0 else Fraction(man, 1 << -exp)


def _duplicates(hom: _Homotopy, Xe: np.ndarray, nonsing: np.ndarray) -> bool:
    """Whether two finite nonsingular path ends coincide (a path jumped: track again)."""
    aff, small = hom.affine(Xe)
    ends = aff[nonsing & (small > 1e-8)]
    for a in range(len(ends)):
        for b in range(a + 1, len(ends)):
            if np.linalg.norm(ends[a] - ends[b]) <= 1e-7 * (1 + np.linalg.norm(ends[a])):
                return True
    return False
