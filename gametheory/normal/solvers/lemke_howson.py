"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

Lemke & Howson (1964), "Equilibrium points of bimatrix games", *SIAM J. Appl. Math.*
12:413-423; in the tableau form of von Stengel (2002), sec. 3.5 (also Nisan et al.,
*Algorithmic Game Theory*, 2007, ch. 3). Complementary pivoting starts at the artificial
equilibrium ``(0, 0)`` of the best-response polytopes, drops one label, and pivots
alternately in the two tableaux until the missing label is picked up again.

Two ways to walk the path:

* **float, then certified** (the default, ``pivoting="auto"``): the path is followed in
  floating point (:func:`gametheory._kernel.float_pivot.lemke_howson_basis`, numpy, with the
  same lexicographic rule), which yields only the final bases. From them the equilibrium is
  rebuilt by one exact rational solve per player (indifference on the support, probabilities
  summing to 1; FLINT ``fmpq_mat``) and checked exactly: every probability ``>= 0`` and no pure
  deviation gains anything (regret exactly 0, from the exact payoffs of the game). When that
  certificate fails -- floating point lost its way on a degenerate or ill-conditioned game --
  the label is pivoted again exactly.
* **exact** (``pivoting="exact"``, and the fallback): integer (fraction-free) pivoting keeps
  the arithmetic exact, and the lexicographic minimum ratio test makes the path unique on
  degenerate games, so the method always terminates (von Stengel 2002, sec. 3.7).

On nondegenerate games both ways follow the same path and return the same equilibrium for a
given label; the result records which way produced each (``parameters["certified_from_float"]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from gametheory._kernel.float_pivot import FloatBasis, lemke_howson_basis
from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tableau import IntTableau
from gametheory.errors import GameError, SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import Equilibrium, SolveResult, make_equilibrium
from gametheory.normal.solvers._common import (
    CERTIFIED,
    gated,
    positive_float_matrix,
    positive_integer_matrix,
    require_two_players,
    stopwatch,
    want_exact,
)


def _lemke_howson_kernel(
    A: list[list[int]], B: list[list[int]], label: int, max_pivots: int
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...], int]:
    """Kernel on positive integer matrices. Returns unnormalised ``x``, ``y`` and the pivot count.

    Tableau ``P`` is ``B^T x + r = 1`` (variables x_0..x_{m-1}, r_0..r_{n-1}); there the
    variable index equals its label. Tableau ``Q`` is ``A y + s = 1`` (variables
    y_0..y_{n-1}, s_0..s_{m-1}); y_j has label m + j and s_i has label i.
    """
    m, n = len(A), len(A[0])
    BT = [list(r) for r in zip(*B)]
    P = IntTableau.slack_form(BT)
    Q = IntTableau.slack_form(A)
    p_slacks, q_slacks = range(m, m + n), range(n, n + m)  # lexicographic tie-breaking

    def q_var(lab: int) -> int:
        return lab - m if lab >= m else n + lab

    def q_label(var: int) -> int:
        return m + var if var < n else var - n

    tab, entering, in_p = (P, label, True) if label < m else (Q, q_var(label), False)
    lex = p_slacks if in_p else q_slacks
    pivots = 0
    while True:
        row = tab.lex_min_ratio_row(entering, lex)
        if row is None:  # pragma: no cover - impossible for positive matrices
            raise ArithmeticError("Lemke-Howson: unbounded ray")
        leaving = tab.basis[row]
        tab.pivot(row, entering)
        pivots += 1
        left_label = leaving if in_p else q_label(leaving)
        if left_label == label:
            break
        if pivots >= max_pivots:
            raise SolverError(f"lemke_howson: no equilibrium after {max_pivots} pivots")
        if in_p:
            tab, entering, in_p, lex = Q, q_var(left_label), False, q_slacks
        else:
            tab, entering, in_p, lex = P, left_label, True, p_slacks

    return tuple(P.basic_values(m)), tuple(Q.basic_values(n)), pivots


#: Values of ``pivoting``: ``"auto"`` (float path, exact certificate, exact fallback), ``"exact"``.
PIVOTING = ("auto", "exact")

ExactProfile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


#: Powers of ten for :func:`_fmpq_of` (a float prints with at most 17 significant digits).
_POW10 = tuple(10**k for k in range(400))


def _fmpq_of(v: Any) -> flint.fmpq:
    """A payoff as FLINT rational, with the value :meth:`NormalFormGame.to_exact` gives it
    (a float is the shortest decimal that prints as it, ``0.1 -> 1/10``)."""
    if type(v) is float:
        text = repr(v)
        dot = text.find(".")
        if dot >= 0 and "e" not in text:  # plain "123.456": read the digits directly
            return flint.fmpq(int(text[:dot] + text[dot + 1 :]), _POW10[len(text) - dot - 1])
        num, den = Decimal(text).as_integer_ratio()
        return flint.fmpq(num, den)
    if type(v) is int:
        return flint.fmpq(v)
    return flint.fmpq(v.numerator, v.denominator)  # Fraction (exact games hold Fractions)


def _exact_block(
    game: NormalFormGame, player: int, rows: Sequence[int], cols: Sequence[int], memo: dict[tuple[int, int, int], Any]
) -> list[list[Any]]:
    """Player ``player``'s exact payoffs on ``rows x cols``, as lists of FLINT rationals; each
    payoff is converted once per ``memo`` (one certificate)."""
    todo = [(i, j) for i in rows for j in cols if (player, i, j) not in memo]
    if todo:
        ii, jj = zip(*todo)
        for i, j, v in zip(ii, jj, game.payoffs[list(ii), list(jj), player].tolist()):
            memo[player, i, j] = _fmpq_of(v)
    return [[memo[player, i, j] for j in cols] for i in rows]


def _fraction(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _indifference(block: list[list[Any]], k: int) -> list[Any] | None:
    """Solve ``block z = w 1, sum z = 1`` for ``(z, w)`` (``block`` is ``k x k``) exactly;
    ``None`` when singular."""
    flat: list[Any] = []
    for r in block:
        flat.extend(r)
        flat.append(-1)
    flat.extend([1] * k)
    flat.append(0)
    rhs = flint.fmpq_mat(k + 1, 1, [0] * k + [1])
    try:
        sol = flint.fmpq_mat(k + 1, k + 1, flat).solve(rhs)
    except ZeroDivisionError:
        return None
    return list(sol.entries())


#: Unit roundoff of float64.
_U = 2.0**-53


def _float_of(q: Any) -> float:
    """A FLINT rational as the nearest float (``int / int`` rounds correctly)."""
    return int(q.p) / int(q.q)


def _contenders(F: np.ndarray, probs: list[Any], best: Any) -> list[int]:
    """Indices of the rows of ``F`` (float payoffs ``m x k`` against ``probs``) that might earn
    ``best`` or more exactly: every other row is *proven* to earn less.

    The exact payoff of row ``i`` is ``sum_j a_ij p_j`` with the game's exact payoffs ``a``.
    Each float ``F_ij`` and ``float(p_j)`` is within relative ``u = 2^-53`` of its exact value
    (correct rounding: ``to_float`` of a rational, or a float game whose exact value is the
    shortest decimal that rounds to ``F_ij``), and a float dot product of length ``k`` is
    within ``k u sum_j |F_ij p_j|`` of its exact value whatever the summation order, so the
    exact payoff is below ``s_i + (4k + 32) u S_i + 1e-290`` (``s_i``, ``S_i`` the float dot
    products of ``F`` and ``|F|`` with the probabilities; the constant is generous). A row
    whose bound stays below ``best`` (less its own rounding) cannot be a best response; the
    rest are checked in exact arithmetic. With no float payoffs, or probabilities too small
    for floats, every row is a contender.
    """
    pf = np.array([_float_of(p) for p in probs])
    if np.any((pf > 0) & (pf < 1e-290)):
        return list(range(F.shape[0]))
    with np.errstate(all="ignore"):
        s = F @ pf
        bound = (4 * len(pf) + 32) * _U * (np.abs(F) @ pf) + 1e-290
        vf = _float_of(best)
        threshold = vf - 4 * _U * abs(vf) - 1e-290
        below = s + bound < threshold  # NaN or inf: not proven below
    return np.flatnonzero(~below).tolist()


def certify_basis(
    game: NormalFormGame,
    basis: FloatBasis,
    floats: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[ExactProfile, tuple[Fraction, Fraction]] | None:
    """Rebuild the equilibrium of a Lemke-Howson ``basis`` exactly and check it.

    The basic ``x_i`` (rows ``I``) and the tight columns ``J'`` (nonbasic slacks ``r_j``) give
    the square system ``B[I, J']^T x_I = u 1, sum x_I = 1``; likewise ``A[I', J] y_J = v 1,
    sum y_J = 1`` for the column player. Both are solved in exact rational arithmetic from the
    game's own payoffs (only those on the support blocks are converted); the profile is
    accepted only if every probability is ``>= 0`` and no pure strategy earns more than the
    equilibrium payoff against the other's strategy, exactly, while every strategy in use
    earns exactly that payoff: the regret is exactly 0.

    ``floats``, the game's payoff matrices ``(A, B)`` as float64 (unshifted), lets a rigorous
    float bound rule out the strategies that are clearly worse (see :func:`_contenders`);
    only the remaining ones (the support and any near-ties) are compared in exact rational
    arithmetic. Without it every strategy is compared exactly.

    Returns
    -------
    ((x, y), (v, u)) or None
        The exact equilibrium and its payoffs, or ``None`` when the certificate fails.
    """
    m, n = game.shape
    rows = sorted(v for v in basis.row_basis if v < m)
    tight_cols = sorted(set(range(n)) - {v - m for v in basis.row_basis if v >= m})
    cols = sorted(v for v in basis.column_basis if v < n)
    tight_rows = sorted(set(range(m)) - {v - n for v in basis.column_basis if v >= n})
    ki, kj = len(rows), len(cols)
    if not ki or not kj or ki != len(tight_cols) or kj != len(tight_rows):
        return None
    memo: dict[tuple[int, int, int], Any] = {}
    ys = _indifference(_exact_block(game, 0, tight_rows, cols, memo), kj)
    xs = _indifference([list(c) for c in zip(*_exact_block(game, 1, rows, tight_cols, memo))], ki)
    if ys is None or xs is None:
        return None
    y_sup, v = ys[:kj], ys[kj]
    x_sup, u = xs[:ki], xs[ki]
    if any(p < 0 for p in y_sup) or any(p < 0 for p in x_sup):
        return None
    yq, xq = [_fraction(p) for p in y_sup], [_fraction(p) for p in x_sup]
    vq, uq = _fraction(v), _fraction(u)
    if floats is None:
        row_check, col_check = list(range(m)), list(range(n))
    else:
        row_check = _contenders(floats[0][:, cols], y_sup, v)
        col_check = _contenders(floats[1][rows, :].T, x_sup, u)
    # a strategy in use must be a contender (it earns the equilibrium payoff exactly)
    in_row, in_col = set(row_check), set(col_check)
    if any(p != 0 and i not in in_row for i, p in zip(rows, x_sup)):
        return None
    if any(p != 0 and j not in in_col for j, p in zip(cols, y_sup)):
        return None
    # payoff of every contender against the other's mixed strategy, exactly
    a_blk = _exact_block(game, 0, row_check, cols, memo)
    b_blk = _exact_block(game, 1, rows, col_check, memo)
    row_pay = (flint.fmpq_mat(len(row_check), kj, [q for r in a_blk for q in r]) * flint.fmpq_mat(kj, 1, y_sup)).entries()
    col_pay = (flint.fmpq_mat(1, ki, x_sup) * flint.fmpq_mat(ki, len(col_check), [q for r in b_blk for q in r])).entries()
    if any(w > v for w in row_pay) or any(w > u for w in col_pay):
        return None
    pay_of_row = dict(zip(row_check, row_pay))
    pay_of_col = dict(zip(col_check, col_pay))
    if any(p != 0 and pay_of_row[i] != v for i, p in zip(rows, x_sup)):
        return None
    if any(p != 0 and pay_of_col[j] != u for j, p in zip(cols, y_sup)):
        return None
    x = [Fraction(0)] * m
    y = [Fraction(0)] * n
    for i, p in zip(rows, xq):
        x[i] = p
    for j, p in zip(cols, yq):
        y[j] = p
    return (tuple(x), tuple(y)), (vq, uq)


def _float_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The game's float payoffs (``m x n x 2``) and the matrices mapped onto ``[1, 2]`` for
    pivoting, or ``None`` if they overflow."""
    try:
        F = np.asarray(game.to_float().payoffs, dtype=np.float64)
    except (GameError, OverflowError):
        return None
    if not np.all(np.isfinite(F)):
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # a span past 1.8e308: refused below
        A, B = positive_float_matrix(F[..., 0]), positive_float_matrix(F[..., 1])
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(B))):
        return None
    return F, A, B


@gated
def lemke_howson_solve(
    game: NormalFormGame,
    *,
    label: int | str | Sequence[int] = 0,
    exact: bool | None = None,
    max_pivots: int = 1_000_000,
    pivoting: str = "auto",
) -> SolveResult:
    """One equilibrium per starting label by lexicographic Lemke-Howson.

    Parameters
    ----------
    game:
        Two-player game.
    label:
        Label to drop first: ``0..m-1`` are the row player's strategies, ``m..m+n-1`` the
        column player's. A sequence runs several labels, and ``"all"`` runs every label;
        distinct equilibria are returned in order of discovery (not necessarily all
        equilibria of the game).
    exact:
        Arithmetic of the returned profile. Every profile is exact before it is returned
        (certified or pivoted exactly), so ``False`` only converts the answer to floats
        (default follows the game).
    max_pivots:
        Safety bound on the path length.
    pivoting:
        ``"auto"`` (default): pivot in floating point, then certify the final basis exactly
        (one rational solve per player and an exact regret check), pivoting exactly only
        when the certificate fails. ``"exact"``: pivot in integer arithmetic throughout.
        ``parameters["certified_from_float"]`` says, label by label, which way produced the
        equilibrium.
    """
    require_two_players(game, "lemke_howson")
    if pivoting not in PIVOTING:
        raise SolverError(f"lemke_howson: pivoting must be one of {', '.join(PIVOTING)}, got {pivoting!r}")
    m, n = game.shape
    if label == "all":
        labels = list(range(m + n))
    elif isinstance(label, int):
        labels = [label]
    elif isinstance(label, str):
        raise SolverError(f"lemke_howson: label must be an integer or 'all', got {label!r}")
    else:
        labels = [int(k) for k in label]
    for k in labels:
        if not 0 <= k < m + n:
            raise SolverError(f"lemke_howson: label {k} out of range 0..{m + n - 1}")
    use_exact = want_exact(game, exact)
    found: dict[ExactProfile, tuple[Fraction, Fraction] | None] = {}
    pivot_counts: list[int] = []
    certified: list[bool] = []
    fallbacks: list[int] = []
    int_mats: tuple[list[list[int]], list[list[int]]] | None = None
    with stopwatch() as t:
        floats = _float_matrices(game) if pivoting == "auto" else None
        for k in labels:
            cert = None
            if floats is not None:
                basis = lemke_howson_basis(floats[1], floats[2], k, max_pivots)
                if basis is not None:
                    cert = certify_basis(game, basis, (floats[0][..., 0], floats[0][..., 1]))
                    if cert is not None:
                        pivot_counts.append(basis.pivots)
                if cert is None:
                    fallbacks.append(k)
            if cert is not None:
                found.setdefault(cert[0], cert[1])
                certified.append(True)
                continue
            if int_mats is None:
                eg = game.to_exact()
                int_mats = (positive_integer_matrix(eg.payoffs[..., 0]), positive_integer_matrix(eg.payoffs[..., 1]))
            x, y, piv = _lemke_howson_kernel(int_mats[0], int_mats[1], k, max_pivots)
            pivot_counts.append(piv)
            certified.append(False)
            sx, sy = sum(x), sum(y)
            found.setdefault((tuple(v / sx for v in x), tuple(v / sy for v in y)), None)
        target = game.to_exact() if use_exact else game.to_float()
        eqs = []
        for prof, pay in found.items():
            if pay is not None:  # certified above: regret exactly 0, payoffs exact
                if use_exact:
                    eqs.append(Equilibrium(prof, pay, Fraction(0), target.players, target.strategies))
                else:
                    fprof = tuple(tuple(float(v) for v in p) for p in prof)
                    eqs.append(Equilibrium(fprof, (float(pay[0]), float(pay[1])), 0.0, target.players,
                                           target.strategies))
            elif use_exact:
                eqs.append(make_equilibrium(target, prof))
            else:
                eqs.append(make_equilibrium(target, tuple(tuple(float(v) for v in p) for p in prof)))
    if use_exact and any(e.max_regret != 0 for e in eqs):  # pragma: no cover - a bug if so
        raise ArithmeticError("lemke_howson produced a profile with positive regret")
    diagnostics: tuple[str, ...] = ()
    if fallbacks:
        diagnostics = (
            f"label{'s' if len(fallbacks) > 1 else ''} {', '.join(map(str, fallbacks))}: the floating-point "
            "path did not end at a basis that certifies exactly (degenerate or ill-conditioned game), "
            "so the path was pivoted again in exact arithmetic",
        )
    return SolveResult(
        game=target,
        method="lemke_howson",
        arithmetic=arithmetic_of(use_exact),
        equilibria=tuple(eqs),
        complete=False,
        degenerate=None,
        elapsed=t[0],
        parameters={"labels": labels, "pivots": pivot_counts, "pivoting": pivoting, "certified_from_float": certified,
                    # every profile certified exactly above: the regret gate need not check again
                    CERTIFIED: all(certified)},
        diagnostics=diagnostics,
    )
