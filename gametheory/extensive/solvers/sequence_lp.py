"""Two-player zero-sum extensive games: value and optimal strategies by one linear program.

Works on the sequence form (:mod:`gametheory.extensive.sequences`), whose size is linear in
the game tree.

Zero-sum games: one linear program
----------------------------------
For a fixed ``x`` the second player minimises ``x^T A y`` over realization plans; by LP
duality that minimum is ``max { q(∅) : F^T q <= A^T x }``. Player 1's optimal plan therefore
solves the LP ``max q(∅)`` subject to ``F^T q - A^T x <= 0``, ``E x = e``, ``x >= 0`` (``q``
free), and player 2's the dual ``min p(∅)`` subject to ``E^T p - A y >= 0``, ``F y = f``,
``y >= 0``: the two are dual to each other, and the dual variables of player 1's
best-response rows are player 2's realization plan. :func:`sequence_form_lp` solves player
1's LP with HiGHS (dual simplex, so the answer is a vertex). For an exact game the vertex
is then made exact and proved optimal by :func:`gametheory._kernel.lp.certified_optimum`:
the constraints tight at the float vertex (zero variables stay zero) are solved in rational
arithmetic, likewise the dual, and both points are checked exactly (feasible, equal
objective values ``q(∅) = p(∅)``), which proves both plans optimal. If no rung of the
tolerance ladder certifies the vertex, player 2's LP is solved and certified the same way;
if that fails too (a degenerate LP where tolerances misjudge a tight constraint), the exact
Lemke method is used instead, and the result says so.

Kept for one release: the old module ``gametheory.extensive.sequence_form`` now points
here, so this module also re-exports :class:`SequenceForm`, :func:`sequence_form`,
:data:`MAX_SEQUENCES` and :func:`sequence_form_lemke`.

References: those of :mod:`gametheory.extensive.sequences` (the sequence form and this
LP), and H. W. Kuhn (1950), "A simplified two-person poker", *Contributions to the Theory
of Games* I, 97-103 (the game whose value ``-1/18`` the tests check).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.lp import ExactLP, FloatLP, certified_optimum, solve_float
from gametheory._kernel.results import arithmetic_of
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


def _lp_scale(M: Mapping[tuple[int, int], Any]) -> Any:
    big = max((abs(v) for v in M.values()), default=0)
    return big if big != 0 else 1


def _side_entries(
    sf: SequenceForm, k: int, M: Mapping[tuple[int, int], Any]
) -> tuple[int, int, list[tuple[int, int, Any]]]:
    """Player ``k``'s LP data: own and opponent sequence counts, and the entries
    ``(opponent sequence, own sequence, v)`` of the best-response rows ``-sign * M^T / scale``
    (``sign`` is ``+1`` for the maximiser, ``-1`` for the minimiser)."""
    own, opp = (0, 1) if k == 0 else (1, 0)
    scale = _lp_scale(M)
    sign = 1 if k == 0 else -1  # player 1 maximises -M
    entries = [((j, i) if k == 0 else (i, j)) + (-sign * v / scale,) for (i, j), v in M.items()]
    return sf.sizes[own], sf.sizes[opp], entries


def _lp_side(sf: SequenceForm, k: int, M: Mapping[tuple[int, int], Any]) -> FloatLP:
    """HiGHS on player ``k``'s LP (0: maximiser of ``M``; 1: minimiser of ``M``).

    Player 0: ``max q0  s.t.  F^T q - M^T x <= 0, E x = e, x >= 0``.
    Player 1: ``max q0  s.t.  E^T q + M y <= 0, F y = f, y >= 0`` (``-q0`` is ``min p0``).
    Variables: the own plan, then the free ``q``. The matrix is divided by its largest
    absolute entry first (HiGHS rejects huge coefficients). Solved by the dual simplex
    method, so the answer is a vertex and its duals a vertex of the dual program: minus the
    duals of the ``<=`` rows are the opponent's plan.
    """
    own, opp = (0, 1) if k == 0 else (1, 0)
    n_own, n_opp, entries = _side_entries(sf, k, M)
    E_own = sf.constraints[own].astype(np.float64)
    E_opp = sf.constraints[opp].astype(np.float64)
    m_own, m_opp = E_own.shape[0], E_opp.shape[0]
    ro = np.array([j for j, _, _ in entries], dtype=np.int64)
    co = np.array([i for _, i, _ in entries], dtype=np.int64)
    vals = np.array([float(v) for _, _, v in entries], dtype=np.float64)
    if (n_own + m_opp) * n_opp <= 250_000:
        A_ub: Any = np.zeros((n_opp, n_own + m_opp))
        np.add.at(A_ub, (ro, co), vals)
        A_ub[:, n_own:] = E_opp.T
        A_eq: Any = np.zeros((m_own, n_own + m_opp))
        A_eq[:, :n_own] = E_own
    else:
        from scipy.sparse import coo_array, csr_array, hstack

        Mt = coo_array((vals, (ro, co)), shape=(n_opp, n_own)).tocsr()
        A_ub = hstack([Mt, csr_array(E_opp.T)]).tocsr()
        A_eq = hstack([csr_array(E_own), csr_array((m_own, m_opp))]).tocsr()
    b_eq = np.zeros(m_own)
    b_eq[0] = 1.0
    cost = np.zeros(n_own + m_opp)
    cost[n_own] = -1.0  # maximise q(∅)
    bounds = [(0, None)] * n_own + [(None, None)] * m_opp
    res = solve_float(cost, A_ub=A_ub, b_ub=np.zeros(n_opp), A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs-ds")
    if not res.ok:  # pragma: no cover - the LP is feasible and bounded
        raise SolverError(f"sequence_form_lp: the LP solver failed: {res.message}")
    return res


def _exact_side(sf: SequenceForm, k: int, M: Mapping[tuple[int, int], Fraction]) -> ExactLP:
    """Player ``k``'s LP of :func:`_lp_side`, scaled the same way, in exact arithmetic.

    Its dual is the opponent's LP: the dual variables of the best-response rows are the
    opponent's realization plan, so one certified optimum gives both optimal plans.
    """
    own, opp = (0, 1) if k == 0 else (1, 0)
    n_own, n_opp, entries = _side_entries(sf, k, M)
    E_own, E_opp = sf.constraints[own], sf.constraints[opp]
    m_own, m_opp = E_own.shape[0], E_opp.shape[0]
    A_ub: list[list[Any]] = [[0] * n_own + [int(v) for v in E_opp[:, j].tolist()] for j in range(n_opp)]
    for j, i, v in entries:
        A_ub[j][i] += v
    A_eq = [[int(v) for v in E_own[r].tolist()] + [0] * m_opp for r in range(m_own)]
    c = [0] * (n_own + m_opp)
    c[n_own] = 1
    return ExactLP(
        c=c,
        A_ub=A_ub,
        b_ub=[0] * n_opp,
        A_eq=A_eq,
        b_eq=[1] + [0] * (m_own - 1),
        nonneg=[True] * n_own + [False] * m_opp,
    )


def _certified_plans(
    sf: SequenceForm, M: Mapping[tuple[int, int], Fraction], flp: FloatLP
) -> tuple[list[Fraction], list[Fraction]] | None:
    """Exactly optimal plans ``(x, y)`` from player 1's float LP ``flp``, or from player 2's
    LP when that vertex cannot be certified; ``None`` when neither can."""
    n1, n2 = sf.sizes
    cert = certified_optimum(_exact_side(sf, 0, M), flp)
    if cert is not None:
        return cert.x[:n1], cert.u
    cert = certified_optimum(_exact_side(sf, 1, M), _lp_side(sf, 1, M))
    if cert is not None:
        return cert.u, cert.x[:n2]
    return None


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
    flp = _lp_side(sf, 0, A)
    x_f, y_f = flp.x[: sf.sizes[0]], -flp.ineq_duals
    notes: tuple[str, ...] = ()
    lemke_used = False
    x: Sequence[Any] | None = None
    y: Sequence[Any] | None = None
    if sf.exact:
        plans = _certified_plans(sf, A, flp)
        if plans is None:
            diagnostics.append(
                "the float LP vertices could not be made exact (degenerate LP); solved exactly with "
                "the sequence-form Lemke method instead"
            )
            x, y, _, _ = _lemke(sf, None)
            lemke_used = True
        else:
            x, y = plans
        value: Any = sf.expected_payoffs(x, y)[0]
        r1, r2 = sf.regrets(x, y)
        if r1 != 0 or r2 != 0:  # pragma: no cover - guarded by the exact checks above
            raise SolverError(f"sequence_form_lp: internal error, the exact solution has regrets {r1}, {r2}")
    else:
        x = _clean_plan(game, 0, x_f)
        y = _clean_plan(game, 1, y_f)
        if abs(sum(y) - 1.0) > 1e-6 or y[0] < 0.5:  # pragma: no cover - duals of a solved LP
            y = _clean_plan(game, 1, _lp_side(sf, 1, A).x[: sf.sizes[1]])
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
