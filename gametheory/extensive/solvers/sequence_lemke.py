"""One Nash equilibrium of a two-player extensive game by Lemke's algorithm on the sequence form.

Works on the sequence form (:mod:`gametheory.extensive.sequences`), whose size is linear in
the game tree.

General-sum games: Lemke's algorithm
------------------------------------
``x`` is a best response to ``y`` exactly when some ``p`` has ``E^T p - A y >= 0`` with
equality wherever ``x > 0`` (complementary slackness of player 1's LP), and likewise for
``y`` with ``F^T q - B^T x >= 0``. Together with ``E x = e``, ``F y = f`` this is a linear
complementarity problem (LCP) with free variables ``p, q``: its solutions are the Nash
equilibria (Koller, Megiddo & von Stengel 1996). :func:`sequence_form_lemke` solves it by
Lemke's complementary pivoting with an extra variable ``z0`` that enters through a
*covering vector*. Following von Stengel, van den Elzen & Talman (2002) the covering
vector comes from a starting profile (the *prior* ``x̄, ȳ``, uniform by default): with
``z0 = 1 - t`` the system reads::

    E x + e z0 = e,      E^T p - A y - (A ȳ) z0 >= 0  ⊥  x >= 0,
    F y + f z0 = f,      F^T q - B^T x - (B^T x̄) z0 >= 0  ⊥  y >= 0,

so at ``z0 = 1`` each player best-responds to the prior and, as ``z0`` falls to ``0``, to
the actual play: the path is the linear tracing procedure, and it ends at an equilibrium
(with a completely mixed prior, a normal-form perfect one). The start is the vertex where
each player plays the pure best response to the prior at every information set; ``x(∅)``
enters first. Pivoting is exact (fraction-free integer Gauss-Jordan on the kernel's
:class:`~gametheory._kernel.tableau.IntTableau`) and degeneracy is
resolved lexicographically: ties in the ratio test are broken by the columns of the
starting basis, i.e. by the perturbation ``b + B0 (ε, ε², ...)`` that makes the start and
every later vertex nondegenerate, so the path is unique and cannot cycle. Payoffs are
first shifted to be negative (this changes no incentive).

Every equilibrium is converted to behaviour strategies, ``b(a | h) = x(σ_h a) / x(σ_h)``;
where the player's own earlier moves rule ``h`` out (``x(σ_h) = 0``) any distribution gives
the same plan, and the uniform one is reported with a note. Each result is verified:
exact regret ``0`` in the sequence form (own best-response computation) and again in
behaviour strategies by :meth:`ExtensiveGame.max_regret`.

References: those of :mod:`gametheory.extensive.sequences` (the sequence form and its
LCP), and for the covering vector and the tracing procedure B. von Stengel, A. van den
Elzen & D. Talman (2002), "Computing normal form perfect equilibria for extensive
two-person games", *Econometrica* 70:693-715.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.linalg import solve_exact
from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tableau import IntTableau
from gametheory._kernel.tolerance import ACTIVE_TOL
from gametheory.errors import GameError, SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult, make_behavior_equilibrium
from gametheory.extensive.sequences import (
    SequenceForm,
    _check_two_player,
    _plan_from_behavior,
    _sparse_times,
    _unreached_note,
    sequence_form,
)

__all__ = ["sequence_form_lemke"]


# ----------------------------------------------------------------------------- the prior
def _best_plan(game: ExtensiveGame, i: int, c: Sequence[Fraction]) -> tuple[list[int], list[Fraction]]:
    """A pure best response to the payoff vector ``c`` at every information set (reached or
    not), made unique: returns the chosen sequences and ``c`` with ties broken.

    Where several actions are best, the first gets a bonus ``η`` (added to ``c``) small
    enough not to change any strict preference: ``η`` is a quarter of the smallest positive
    gap between a best and another value, divided by the number of information sets, so
    the bonuses on any path add up to less than that gap. Lemke's path needs a start
    where every best response is unique (otherwise it may return to ``z0 = 1``).
    """
    seq_off = game.infoset_seq_offset
    par = game.infoset_parent_sequence
    infosets = [int(h) for h in game.player_infosets[i]]

    def solve(cc: list[Fraction]) -> tuple[dict[int, int], Fraction | None, bool]:
        val = list(cc)
        choice: dict[int, int] = {}
        gap: Fraction | None = None
        ties = False
        for h in reversed(infosets):
            off = int(seq_off[h])
            vals = val[off:off + len(game.infoset_actions[h])]
            best = max(vals)
            a = vals.index(best)
            choice[h] = a
            if vals.count(best) > 1:
                ties = True
            for v in vals:
                if v != best and (gap is None or best - v < gap):
                    gap = best - v
            val[int(par[h])] += best
        return choice, gap, ties

    cc = list(c)
    choice, gap, ties = solve(cc)
    if ties:
        eta = (gap if gap is not None else Fraction(1)) / (4 * (len(infosets) + 1))
        val = list(cc)
        for h in reversed(infosets):
            off = int(seq_off[h])
            k = len(game.infoset_actions[h])
            vals = val[off:off + k]
            best = max(vals)
            a = vals.index(best)
            if vals.count(best) > 1:
                cc[off + a] += eta
                val[off + a] += eta
                best += eta
            choice[h] = a
            val[int(par[h])] += best
    return [int(seq_off[h]) + choice[h] for h in infosets], cc



def _prior_plans(game: ExtensiveGame, covering: Any, method: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Realization plans of the prior (a behaviour profile; ``None``: uniform)."""
    exact_game = game if game.is_exact else game.to_exact()
    if covering is None:
        prof = exact_game.uniform_behavior()
    else:
        try:
            prof = exact_game.behavior_profile(covering)
        except GameError as exc:
            raise GameError(f"{method}: covering: {exc}") from None
    probs = tuple(tuple(Fraction(p) for p in dist) for dist in prof.probabilities)
    return _plan_from_behavior(exact_game, 0, probs), _plan_from_behavior(exact_game, 1, probs)


# ----------------------------------------------------------------------------- exact Lemke
def _lemke(
    sf: SequenceForm, covering: Any, max_pivots: int = 1_000_000, float_path: bool = True
) -> tuple[list[Fraction], list[Fraction], int, str]:
    """Lemke path of the tracing-procedure LCP (see the module docs).

    With ``float_path`` the path is first followed in floating point (numpy, with the same
    lexicographic rule within a tolerance) and its end basis certified exactly: the basic
    solution is computed in rational arithmetic (FLINT) and checked nonnegative and
    complementary. If that fails, or without ``float_path``, the path is followed in exact
    integer arithmetic. Returns realization plans ``x, y``, the number of pivots and which
    path was used (``"float, certified"`` or ``"exact"``).
    """
    g = sf.game
    eg = g if g.is_exact else g.to_exact()
    if not sf.exact:
        sf = sequence_form(eg)
    n1, n2 = sf.sizes
    E, F = sf.constraints
    m1, m2 = E.shape[0], F.shape[0]
    # shift payoffs so every terminal payoff is <= -1 (no change in incentives)
    A0, B0 = sf.payoffs
    shift = []
    for k in (0, 1):
        col = eg.terminal_payoffs[:, k]
        shift.append(-(max(col.tolist()) if col.size else Fraction(0)) - 1)
    A = {key: v + shift[0] * sf.reach[key] for key, v in A0.items()}
    B = {key: v + shift[1] * sf.reach[key] for key, v in B0.items()}
    if isinstance(covering, tuple) and len(covering) == 2 and not isinstance(covering[0], str):
        try:
            cx = [Fraction(v) for v in covering[0]]
            cy = [Fraction(v) for v in covering[1]]
        except (TypeError, ValueError) as exc:
            raise GameError(f"sequence_form_lemke: covering vectors must be numbers: {exc}") from None
        if len(cx) != n1 or len(cy) != n2:
            raise GameError(
                f"sequence_form_lemke: covering vectors need {n1} and {n2} entries (one per sequence), "
                f"got {len(cx)} and {len(cy)}"
            )
    else:
        xbar, ybar = _prior_plans(eg, covering, "sequence_form_lemke")
        cx = _sparse_times(A, ybar, n1, by_row=True, exact=True)
        cy = _sparse_times(B, xbar, n2, by_row=False, exact=True)
    # at z0 = 1: w_x = E^T p - cx >= 0, i.e. x best-responds to cx (ties broken in cx)
    bx, cx = _best_plan(eg, 0, cx)
    by, cy = _best_plan(eg, 1, cy)
    # columns
    X, Y = 0, n1
    P, Q = n1 + n2, n1 + n2 + m1
    WX = n1 + n2 + m1 + m2
    WY = WX + n1
    Z0 = WY + n2
    RHS = Z0 + 1
    ncol = RHS + 1
    free = set(range(P, WX))
    # the system, one sparse row {column: value} per equation
    rows_f: list[dict[int, Fraction]] = []
    for r in range(m1):  # E x + e z0 = e
        row = {X + s: Fraction(int(E[r, s])) for s in np.flatnonzero(E[r]).tolist()}
        if r == 0:
            row[Z0] = row[RHS] = Fraction(1)
        rows_f.append(row)
    for r in range(m2):  # F y + f z0 = f
        row = {Y + s: Fraction(int(F[r, s])) for s in np.flatnonzero(F[r]).tolist()}
        if r == 0:
            row[Z0] = row[RHS] = Fraction(1)
        rows_f.append(row)
    wx_rows: list[dict[int, Fraction]] = []
    for s in range(n1):  # w_x - E^T p + A y + cx z0 = 0
        row = {P + r: Fraction(-int(E[r, s])) for r in np.flatnonzero(E[:, s]).tolist()}
        row[WX + s] = Fraction(1)
        if cx[s]:
            row[Z0] = cx[s]
        wx_rows.append(row)
    for (i, j), v in A.items():
        wx_rows[i][Y + j] = wx_rows[i].get(Y + j, Fraction(0)) + v
    wy_rows: list[dict[int, Fraction]] = []
    for s in range(n2):  # w_y - F^T q + B^T x + cy z0 = 0
        row = {Q + r: Fraction(-int(F[r, s])) for r in np.flatnonzero(F[:, s]).tolist()}
        row[WY + s] = Fraction(1)
        if cy[s]:
            row[Z0] = cy[s]
        wy_rows.append(row)
    for (i, j), v in B.items():
        wy_rows[j][X + i] = wy_rows[j].get(X + i, Fraction(0)) + v
    rows_f.extend(wx_rows)
    rows_f.extend(wy_rows)
    int_rows = []
    for srow in rows_f:
        den = 1
        for v in srow.values():
            if v.denominator != 1:
                den = math.lcm(den, v.denominator)
        irow = [0] * ncol
        for c, v in srow.items():
            irow[c] = v.numerator * (den // v.denominator)
        int_rows.append(irow)
    # starting basis: pure best responses to the prior at every information set
    basis0: list[int] = [Z0]
    basis0 += [X + s for s in bx]
    basis0 += [Y] + [Y + s for s in by]
    basis0 += list(range(P, WX))
    chosen_x = set(bx) | {0}
    chosen_y = set(by) | {0}
    basis0 += [WX + s for s in range(n1) if s not in chosen_x]
    basis0 += [WY + s for s in range(n2) if s not in chosen_y]
    nrows = len(int_rows)
    if len(basis0) != nrows:  # pragma: no cover - counting argument in the module docs
        raise SolverError("sequence_form_lemke: internal error, starting basis has the wrong size")

    def complement(v: int) -> int:
        if X <= v < X + n1:
            return WX + (v - X)
        if Y <= v < Y + n2:
            return WY + (v - Y)
        if WX <= v < WX + n1:
            return X + (v - WX)
        if WY <= v < WY + n2:
            return Y + (v - WY)
        raise AssertionError(v)  # pragma: no cover

    pairs = [(X + s, WX + s) for s in range(n1)] + [(Y + s, WY + s) for s in range(n2)]
    if float_path:
        got = _float_path(
            int_rows, basis0, free, X, Z0, RHS, complement, max_pivots,
            certify=lambda b: _certify(int_rows, b, free, RHS, pairs, Z0) is not None,
        )
        if got is not None:
            fbasis, fpivots = got
            vals = _certify(int_rows, fbasis, free, RHS, pairs, Z0)
            if vals is not None:
                return vals[X:X + n1], vals[Y:Y + n2], fpivots, "float, certified"
    tab = IntTableau(int_rows, [-1] * nrows)
    used = [False] * nrows
    for col in basis0:
        prow = next((i for i in range(nrows) if not used[i] and tab.rows[i][col] != 0), None)
        if prow is None:  # pragma: no cover - the starting basis is nonsingular
            raise SolverError("sequence_form_lemke: internal error, singular starting basis")
        used[prow] = True
        tab.pivot(prow, col)
    # the starting vertex must be feasible (non-free basic variables >= 0)
    for r, v in enumerate(tab.basis):
        if v not in free and tab.rows[r][RHS] < 0:  # pragma: no cover - best responses make it feasible
            raise SolverError("sequence_form_lemke: internal error, infeasible starting basis")
    lex_cols = list(basis0)
    entering = X  # x(∅)
    pivots = 0
    while True:
        best = tab.lex_min_ratio_row(entering, lex_cols, exclude=free)
        if best is None:
            raise SolverError(
                "sequence_form_lemke: the complementary path ended in a ray (no equilibrium found); "
                "please report this game"
            )
        leaving = tab.basis[best]
        tab.pivot(best, entering)
        pivots += 1
        if leaving == Z0:
            break
        rz = tab.basis.index(Z0)
        if tab.rows[rz][RHS] == 0:
            break  # z0 basic at 0: the missing pair is nonbasic, the point is complementary
        if pivots >= max_pivots:
            raise SolverError(f"sequence_form_lemke: no equilibrium after {max_pivots} pivots")
        entering = complement(leaving)
    vals = tab.basic_values(RHS)
    return vals[X:X + n1], vals[Y:Y + n2], pivots, "exact"


def _float_path(
    int_rows: list[list[int]],
    basis0: list[int],
    free: set[int],
    entering: int,
    Z0: int,
    RHS: int,
    complement: Any,
    max_pivots: int,
    certify: Any = None,
) -> tuple[list[int], int] | None:
    """Follow the Lemke path in floating point; the end basis, or ``None`` (ray, singular
    refactorisation, unresolved tie or too many pivots: the caller then pivots exactly).

    When ``z0`` is still basic but (numerically) zero, the point is already a solution of
    the unperturbed problem (the lexicographic path may go on for long through such
    degenerate vertices): ``certify(basis)`` is asked, and a certified basis ends the path.

    Rows are scaled to a largest entry of 1 (row scaling changes neither ratios nor the
    lexicographic order); the tableau is recomputed from the original rows every 100 pivots,
    and before giving up on a step. Pivot candidates must exceed a tolerance relative to the
    largest entry of the entering column.
    """
    try:  # an entry beyond the float range (a 400-digit payoff): pivot exactly instead
        M = np.array(int_rows, dtype=np.float64)
    except OverflowError:
        return None
    if not np.all(np.isfinite(M)):
        return None
    M /= np.maximum(np.abs(M[:, :RHS]).max(axis=1), 1e-300)[:, None]
    basis = list(basis0)
    is_free = np.zeros(M.shape[1], dtype=bool)
    is_free[list(free)] = True
    lex = [RHS] + list(basis0)
    tol = ACTIVE_TOL  # a pivot element counts as nonzero above this (relative)

    def refactor() -> np.ndarray | None:
        try:
            T = np.linalg.solve(M[:, basis], M)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(T)):
            return None
        return T

    T = refactor()
    if T is None:
        return None
    lex_arr = np.array(lex, dtype=np.int64)

    def leaving_row(T: np.ndarray, entering: int) -> int | None:
        col = T[:, entering]
        eligible = ~is_free[basis]
        scale = float(np.abs(col[eligible]).max()) if eligible.any() else 0.0
        cand = np.flatnonzero((col > tol * max(1.0, scale)) & eligible)
        if cand.size == 0:
            return None
        ratios = T[cand, RHS] / col[cand]
        m = ratios.min()
        rows = cand[ratios <= m + tol * max(1.0, abs(m))]
        if rows.size > 1:
            # lexicographic tie-break on the columns of the starting basis, vectorised:
            # find the first column on which the tied rows differ, keep its minimisers
            K = T[np.ix_(rows, lex_arr[1:])] / col[rows][:, None]
            start = 0
            while rows.size > 1:
                spread = K[:, start:].max(axis=0) - K[:, start:].min(axis=0)
                diff = np.flatnonzero(spread > tol * np.maximum(1.0, np.abs(K[:, start:]).max(axis=0)))
                if diff.size == 0:
                    return None  # numerically tied on every column
                j = start + int(diff[0])
                kj = K[:, j]
                keep = kj <= kj.min() + tol * max(1.0, abs(float(kj.min())))
                rows, K = rows[keep], K[keep]
                start = j + 1
        return int(rows[0])

    since = 0
    zero_seen = False
    for pivots in range(1, max_pivots + 1):
        r = leaving_row(T, entering)
        if r is None and since:
            # maybe rounding: recompute the tableau from the original rows and look again
            T = refactor()
            since = 0
            if T is None:
                return None
            r = leaving_row(T, entering)
        if r is None:
            return None
        leaving = basis[r]
        T[r] /= T[r, entering]
        f = T[:, entering].copy()
        f[r] = 0.0
        nz = np.flatnonzero(f)
        if nz.size:
            T[nz] -= np.outer(f[nz], T[r])
        basis[r] = entering
        since += 1
        if leaving == Z0:
            return basis, pivots
        entering = complement(leaving)
        if certify is not None:
            rz = basis.index(Z0)
            if abs(T[rz, RHS]) <= tol:
                if not zero_seen and certify(basis):
                    return basis, pivots
                zero_seen = True
            else:
                zero_seen = False
        if since >= 100:
            T = refactor()
            since = 0
            if T is None:
                return None
    return None


def _certify(
    int_rows: list[list[int]],
    basis: list[int],
    free: set[int],
    RHS: int,
    pairs: list[tuple[int, int]],
    Z0: int,
) -> list[Fraction] | None:
    """The exact basic solution of ``basis`` if it solves the LCP (``z0 = 0``, nonnegative,
    complementary), else ``None``. ``z0`` may still be basic, at value 0 (a degenerate end:
    the missing pair is nonbasic, so the point is complementary)."""
    n = len(int_rows)
    if len(set(basis)) != n:
        return None
    sol = solve_exact([[row[c] for c in basis] for row in int_rows], [row[RHS] for row in int_rows])
    if sol is None:
        return None
    vals = [Fraction(0)] * RHS
    for r, v in enumerate(basis):
        vals[v] = sol[r]
        if v not in free and vals[v] < 0:
            return None
    if vals[Z0] != 0:
        return None
    for a, w in pairs:
        if vals[a] != 0 and vals[w] != 0:
            return None
    return vals


def sequence_form_lemke(game: ExtensiveGame, *, covering: Any = None) -> ExtensiveSolveResult:
    """One Nash equilibrium of a two-player extensive game with perfect recall, by Lemke's
    algorithm on the sequence form (exact rational pivoting; see the module docs).

    ``covering`` sets the covering vector: ``None`` (default) uses the uniform behaviour
    profile as the prior of the tracing procedure; a behaviour profile (``{infoset:
    {action: probability}}`` or anything :meth:`ExtensiveGame.behavior_profile` accepts)
    uses that prior; a pair of vectors ``(c1, c2)`` (one number per sequence of each
    player) gives the payoff vectors the players respond to at the start directly. Other
    priors may lead to other equilibria.

    Float games are solved exactly after converting their numbers to the decimals they
    print as; the equilibrium is reported in floats and checked on the float game.
    Raises :class:`~gametheory.SolverError` unless the game has two players and perfect recall.
    """
    start = time.perf_counter()
    _check_two_player(game, "sequence_form_lemke")
    sf = sequence_form(game)
    x, y, pivots, path = _lemke(sf, covering)
    esf = sf if sf.exact else sequence_form(game.to_exact())
    r1, r2 = esf.regrets(x, y)
    if r1 != 0 or r2 != 0:  # pragma: no cover - Lemke's endpoint is an equilibrium
        raise SolverError(f"sequence_form_lemke: internal error, the LCP solution has regrets {r1}, {r2}")
    beh, unreached = esf.behavior(x, y)
    if not sf.exact:
        beh = {h: {a: float(p) for a, p in d.items()} for h, d in beh.items()}
    notes = (_unreached_note(unreached),) if unreached else ()
    eq = make_behavior_equilibrium(game, beh, notes=notes)
    diagnostics: list[str] = []
    if sf.exact and eq.max_regret != 0:  # pragma: no cover - two independent exact checks disagree
        raise SolverError(f"sequence_form_lemke: internal error, behaviour regret {eq.max_regret}")
    if not sf.exact and float(eq.max_regret) > game.tolerance():  # pragma: no cover
        diagnostics.append(f"regret {float(eq.max_regret):.3g} on the float game (rounding)")
    prior = "uniform" if covering is None else ("vectors" if isinstance(covering, tuple) else "behaviour profile")
    return ExtensiveSolveResult(
        game=game,
        method="sequence_form_lemke",
        arithmetic=arithmetic_of(sf.exact),
        equilibria=(eq,),
        complete=False,
        elapsed=time.perf_counter() - start,
        parameters={"pivots": pivots, "path": path, "prior": prior, "sequences": list(sf.sizes)},
        diagnostics=tuple(diagnostics),
    )

