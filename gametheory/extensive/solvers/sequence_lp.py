"""Two-player zero-sum extensive games: value and optimal strategies by one linear program.

Works on the sequence form (:mod:`gametheory.extensive.sequences`), whose size is linear in
the game tree.

Zero-sum games: one linear program
----------------------------------
For a fixed ``x`` the second player minimises ``x^T A y`` over realization plans; by LP
duality that minimum is ``max { q(∅) : F^T q <= A^T x }``. Player 1's optimal plan therefore
solves the LP ``max q(∅)`` subject to ``F^T q - A^T x <= 0``, ``E x = e``, ``x >= 0`` (``q``
free), and player 2's the dual ``min p(∅)`` subject to ``E^T p - A y >= 0``, ``F y = f``,
``y >= 0``. :func:`sequence_form_lp` solves both with HiGHS (scipy, dual simplex, so each
answer is a vertex). For an exact game it then re-solves, in rational arithmetic, the
linear system of the constraints that are tight at that vertex (zero variables stay zero)
and checks the rational point exactly: both plans feasible, all dual constraints
satisfied, and equal objective values ``q(∅) = p(∅)`` (which proves both optimal). If the
float vertex cannot be made exact that way (a degenerate LP where tolerances misjudge a
tight constraint), the exact Lemke method below is used instead, and the result says so.

Kept for one release: the old module ``gametheory.extensive.sequence_form`` now points
here, so this module also re-exports :class:`SequenceForm`, :func:`sequence_form`,
:data:`MAX_SEQUENCES` and :func:`sequence_form_lemke`.

References: H. W. Kuhn (1950), "A simplified two-person poker", *Contributions to the
Theory of Games* I, 97-103; H. W. Kuhn (1953), "Extensive games and the problem of
information", *Contributions* II, 193-216; D. Koller, N. Megiddo & B. von Stengel (1996),
"Efficient computation of equilibria for extensive two-person games", *Games and Economic
Behavior* 14:247-259; B. von Stengel (1996), "Efficient computation of behavior strategies",
*Games and Economic Behavior* 14:220-246; B. von Stengel, A. van den Elzen & D. Talman
(2002), "Computing normal form perfect equilibria for extensive two-person games",
*Econometrica* 70:693-715.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.linalg import solve_consistent
from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tolerance import CERTIFY_LADDER
from gametheory.errors import SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult, make_behavior_equilibrium
from gametheory.extensive.sequences import (
    MAX_SEQUENCES,
    SequenceForm,
    _check_two_player,
    _constant_sum,
    _unreached_note,
    sequence_form,
)
from gametheory.extensive.solvers.sequence_lemke import _lemke, sequence_form_lemke

__all__ = [
    "MAX_SEQUENCES",
    "SequenceForm",
    "sequence_form",
    "sequence_form_lemke",
    "sequence_form_lp",
]


def _solve_exact(rows: list[dict[int, Fraction]], rhs: list[Fraction], ncols: int) -> list[Fraction] | None:
    """One rational solution of the sparse system (free variables 0), or ``None`` if it is
    inconsistent."""
    if not rows:
        return [Fraction(0)] * ncols
    dense = [[row.get(c, 0) for c in range(ncols)] for row in rows]
    return solve_consistent(dense, rhs, ncols)


def _lp_side(
    sf: SequenceForm, k: int, M: Mapping[tuple[int, int], Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Float LP for player ``k`` (0: maximiser of ``M``; 1: minimiser of ``M``).

    Player 0: ``max q0  s.t.  F^T q - M^T x <= 0, E x = e, x >= 0``.
    Player 1: ``min p0  s.t.  M y - E^T p <= 0, F y = f, y >= 0``.
    The matrix is divided by its largest absolute entry first (HiGHS rejects huge
    coefficients). Solved by the dual simplex method, so the answer is a vertex and its
    duals a vertex of the dual program. Returns (own plan, the free variables, and from
    the duals: the opponent's plan and the negated free variables of the opponent's LP),
    all for the scaled matrix.
    """
    from scipy.optimize import linprog

    own, opp = (0, 1) if k == 0 else (1, 0)
    n_own, n_opp = sf.sizes[own], sf.sizes[opp]
    E_own = sf.constraints[own].astype(np.float64)
    E_opp = sf.constraints[opp].astype(np.float64)
    m_own, m_opp = E_own.shape[0], E_opp.shape[0]
    scale = _lp_scale(M)
    keys = list(M.keys())
    r = np.array([i for i, _ in keys], dtype=np.int64)
    c = np.array([j for _, j in keys], dtype=np.int64)
    vals = np.array([float(v / scale) for v in M.values()], dtype=np.float64)
    # own-payoff entries indexed [own sequence, opponent sequence]
    ro, co = (r, c) if k == 0 else (c, r)
    sign = 1.0 if k == 0 else -1.0  # player 1 maximises -M
    # variables: own plan (n_own, >= 0), opponent duals (m_opp, free)
    # opponent best response: E_opp^T q <= sign * Mown^T x  ->  E_opp^T q - sign Mown^T x <= 0
    dense = (n_own + m_opp) * n_opp <= 250_000
    if dense:
        A_ub = np.zeros((n_opp, n_own + m_opp))
        np.add.at(A_ub, (co, ro), -sign * vals)
        A_ub[:, n_own:] = E_opp.T
        A_eq: Any = np.zeros((m_own, n_own + m_opp))
        A_eq[:, :n_own] = E_own
    else:
        from scipy.sparse import coo_array, csr_array, hstack

        Mt = coo_array((-sign * vals, (co, ro)), shape=(n_opp, n_own)).tocsr()
        A_ub = hstack([Mt, csr_array(E_opp.T)]).tocsr()
        A_eq = hstack([csr_array(E_own), csr_array((m_own, m_opp))]).tocsr()
    b_ub = np.zeros(n_opp)
    b_eq = np.zeros(m_own)
    b_eq[0] = 1.0
    cost = np.zeros(n_own + m_opp)
    cost[n_own] = -1.0  # maximise q(∅)
    bounds = [(0, None)] * n_own + [(None, None)] * m_opp
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs-ds")
    if res.status != 0:  # pragma: no cover - the LP is feasible and bounded
        raise SolverError(f"sequence_form_lp: the LP solver failed: {res.message}")
    y = -np.asarray(res.ineqlin.marginals, dtype=np.float64)
    p = np.asarray(res.eqlin.marginals, dtype=np.float64)
    return res.x[:n_own], res.x[n_own:], y, p


def _lp_scale(M: Mapping[tuple[int, int], Any]) -> Any:
    big = max((abs(v) for v in M.values()), default=0)
    return big if big != 0 else 1


def _exact_side(
    sf: SequenceForm, k: int, M: Mapping[tuple[int, int], Fraction], xf: np.ndarray, qf: np.ndarray, tol: float
) -> tuple[list[Fraction], list[Fraction]] | None:
    """Rational version of player ``k``'s float LP vertex, checked feasible exactly."""
    own, opp = (0, 1) if k == 0 else (1, 0)
    n_own, n_opp = sf.sizes[own], sf.sizes[opp]
    E_own, E_opp = sf.constraints[own], sf.constraints[opp]
    m_opp = E_opp.shape[0]
    sign = 1 if k == 0 else -1
    mscale = _lp_scale(M)
    scale = max(1.0, float(np.max(np.abs(xf))) if xf.size else 1.0)
    support = [s for s in range(n_own) if xf[s] > tol * scale]
    col = {s: c for c, s in enumerate(support)}
    nv = len(support) + m_opp
    rows: list[dict[int, Fraction]] = []
    rhs: list[Fraction] = []
    for r in range(E_own.shape[0]):
        row = {col[s]: Fraction(int(E_own[r, s])) for s in np.flatnonzero(E_own[r]).tolist() if s in col}
        rows.append(row)
        rhs.append(Fraction(1 if r == 0 else 0))
    # column j of the opponent: (E_opp^T q)_j - sign * (Mown^T x)_j   (<= 0)
    by_opp: dict[int, dict[int, Fraction]] = {j: {} for j in range(n_opp)}
    for (i, j), v in M.items():
        s_own, s_opp = (i, j) if k == 0 else (j, i)
        by_opp[s_opp][s_own] = by_opp[s_opp].get(s_own, Fraction(0)) + v
    Eq = [[(r, int(E_opp[r, j])) for r in np.flatnonzero(E_opp[:, j]).tolist()] for j in range(n_opp)]
    xf_full = np.zeros(n_own)
    xf_full[:] = xf
    slack = np.zeros(n_opp)
    for j in range(n_opp):
        lhs = sum(qf[r] * e for r, e in Eq[j]) - sign * sum(
            float(v / mscale) * xf_full[s] for s, v in by_opp[j].items()
        )
        slack[j] = lhs
    big = max(1.0, float(np.max(np.abs(slack))) if slack.size else 1.0, float(np.max(np.abs(qf))) if qf.size else 1.0)
    for j in range(n_opp):
        if abs(slack[j]) <= tol * big:
            row = {len(support) + r: Fraction(e) for r, e in Eq[j]}
            for s, v in by_opp[j].items():
                if s in col:
                    row[col[s]] = row.get(col[s], Fraction(0)) - sign * v
            rows.append(row)
            rhs.append(Fraction(0))
    sol = _solve_exact(rows, rhs, nv)
    if sol is None:
        return None
    x = [Fraction(0)] * n_own
    for s, c in col.items():
        x[s] = sol[c]
    q = sol[len(support):]
    if any(v < 0 for v in x):
        return None
    for r in range(E_own.shape[0]):
        tot = sum((x[s] * int(E_own[r, s]) for s in np.flatnonzero(E_own[r]).tolist()), Fraction(0))
        if tot != (1 if r == 0 else 0):
            return None
    for j in range(n_opp):
        lhs = sum((q[r] * e for r, e in Eq[j]), Fraction(0)) - sign * sum(
            (v * x[s] for s, v in by_opp[j].items()), Fraction(0)
        )
        if lhs > 0:
            return None
    return x, q


def sequence_form_lp(game: ExtensiveGame) -> ExtensiveSolveResult:
    """Value and optimal behaviour strategies of a two-player zero-sum (or constant-sum)
    extensive game with perfect recall, by the sequence-form linear program.

    Exact for exact games (see the module docs for how the float LP vertex is made exact
    and proved optimal). ``parameters["value"]`` is the value to the first player.
    Raises :class:`~gametheory.SolverError` for games that are not two-player, not
    constant-sum (use :func:`sequence_form_lemke`), or lack perfect recall.
    """
    start = time.perf_counter()
    _check_two_player(game, "sequence_form_lp")
    const = _constant_sum(game)
    if const is None:
        raise SolverError(
            "sequence_form_lp: the game is not zero-sum (u1 + u2 differs between terminal nodes); "
            "use sequence_form_lemke for one equilibrium of a general-sum game"
        )
    sf = sequence_form(game)
    A = sf.payoffs[0]
    diagnostics: list[str] = []
    if const != 0:
        diagnostics.append(f"constant-sum game (u1 + u2 = {const}): solved as the zero-sum game of player 1's payoffs")
    # one LP: player 1's plan from the primal, player 2's from the duals (a second LP for
    # player 2 only when the duals cannot be made exact)
    x_f, q_f, y_f, p_f = _lp_side(sf, 0, A)
    notes: tuple[str, ...] = ()
    lemke_used = False
    x: Sequence[Any] | None = None
    y: Sequence[Any] | None = None
    if sf.exact:
        sides = [(y_f, p_f)]
        for attempt in range(2):
            for tol in CERTIFY_LADDER:
                ex = _exact_side(sf, 0, A, x_f, q_f, tol)
                ey = _exact_side(sf, 1, A, sides[-1][0], sides[-1][1], tol)
                if ex is not None and ey is not None and ex[1][0] == -ey[1][0]:
                    x, y = ex[0], ey[0]
                    break
            if x is not None or attempt:
                break
            y2, p2, _, _ = _lp_side(sf, 1, A)
            sides.append((y2, p2))
        if x is None or y is None:
            diagnostics.append(
                "the float LP vertices could not be made exact (degenerate LP); solved exactly with "
                "the sequence-form Lemke method instead"
            )
            x, y, _, _ = _lemke(sf, None)
            lemke_used = True
        value: Any = sf.expected_payoffs(x, y)[0]
        r1, r2 = sf.regrets(x, y)
        if r1 != 0 or r2 != 0:  # pragma: no cover - guarded by the exact checks above
            raise SolverError(f"sequence_form_lp: internal error, the exact solution has regrets {r1}, {r2}")
    else:
        x = _clean_plan(game, 0, x_f)
        y = _clean_plan(game, 1, y_f)
        if abs(sum(y) - 1.0) > 1e-6 or y[0] < 0.5:  # pragma: no cover - duals of a solved LP
            y = _clean_plan(game, 1, _lp_side(sf, 1, A)[0])
        value = float(sf.expected_payoffs(x, y)[0])
    beh, unreached = sf.behavior(x, y)
    if unreached:
        notes = (_unreached_note(unreached),)
    eq = make_behavior_equilibrium(game, beh, notes=notes)
    if not sf.exact and float(eq.max_regret) > game.tolerance():
        diagnostics.append(
            f"the float LP solution has regret {float(eq.max_regret):.3g}, above the tolerance "
            f"{game.tolerance():.3g}; solve the exact game (game.to_exact()) to be sure"
        )
    if sf.exact and eq.max_regret != 0:  # pragma: no cover - two independent exact checks disagree
        raise SolverError(f"sequence_form_lp: internal error, behaviour regret {eq.max_regret}")
    return ExtensiveSolveResult(
        game=game,
        method="sequence_form_lp",
        arithmetic=arithmetic_of(sf.exact),
        equilibria=(eq,),
        complete=False,
        elapsed=time.perf_counter() - start,
        parameters={
            "value": value,
            "sequences": list(sf.sizes),
            "exact_via": ("lemke" if lemke_used else "lp basis") if sf.exact else "float lp",
        },
        diagnostics=tuple(diagnostics),
    )


def _clean_plan(game: ExtensiveGame, i: int, v: np.ndarray) -> list[float]:
    """Float LP plan with tiny negatives clipped."""
    return [max(0.0, float(a)) for a in v]
