"""Value and optimal strategies of a two-player zero-sum game by linear programming.

The row player's maximin strategy solves ``max v s.t. x^T A >= v, sum x = 1, x >= 0``
and the column player's minimax strategy the dual problem (von Neumann 1928; Dantzig
1951). The LPs are solved in floating point with HiGHS (scipy). In exact mode the
supports found by the LP are re-solved in rational arithmetic and optimality is checked
exactly (``min_j (x^T A)_j = v = max_i (A y)_i``); if that check fails (a degenerate
LP whose float supports are ambiguous), the exact vertex enumeration is used instead.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame, Profile
from gametheory.normal.result import SolveResult, make_equilibrium
from gametheory.normal.solvers._common import require_two_players, solve_linear_exact, stopwatch, want_exact

_SUPPORT_TOL = 1e-9


def _maximin(A: np.ndarray) -> tuple[np.ndarray, float]:
    """Row player's optimal mixed strategy and the value, for payoff matrix ``A``."""
    from scipy.optimize import linprog  # lazy: scipy is slow to import

    m, n = A.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0  # maximise v
    A_ub = np.hstack([-A.T, np.ones((n, 1))])  # v - x^T A_j <= 0
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - a bounded feasible LP
        raise SolverError(f"zerosum: LP failed: {res.message}")
    x = np.clip(res.x[:m], 0, None)
    return x / x.sum(), float(res.x[-1])


def _exact_side(
    A: list[list[Fraction]], own: list[int], other: list[int]
) -> tuple[list[Fraction], Fraction] | None:
    """Mix ``own`` rows of ``A`` so every column in ``other`` pays the same value ``v``."""
    n_own = len(own)
    rows = [[A[i][j] for i in own] + [Fraction(-1)] for j in other]
    rows.append([Fraction(1)] * n_own + [Fraction(0)])
    rhs = [Fraction(0)] * len(other) + [Fraction(1)]
    sol = solve_linear_exact(rows, rhs)
    if sol is None:
        return None
    x = [Fraction(0)] * len(A)
    for i, v in zip(own, sol[:n_own]):
        x[i] = v
    return x, sol[-1]


def zerosum_solve(game: NormalFormGame, *, exact: bool | None = None) -> SolveResult:
    """Optimal (maximin/minimax) strategies and the value of a two-player zero-sum game.

    Returns one equilibrium; ``parameters["value"]`` is the value to the row player.
    Raises :class:`~gametheory.SolverError` if the game is not zero-sum (a constant-sum
    game is accepted: it is strategically equivalent).
    """
    require_two_players(game, "zerosum")
    if not game.is_constant_sum():
        raise SolverError("zerosum: the game is not zero-sum (or constant-sum)")
    use_exact = want_exact(game, exact)
    diagnostics: list[str] = []
    with stopwatch() as t:
        Af = game.payoffs[..., 0].astype(np.float64)
        x, v = _maximin(Af)
        y, w = _maximin(-Af.T)
        if use_exact:
            eg = game.to_exact()
            A = [[Fraction(a) for a in row] for row in eg.payoffs[..., 0].tolist()]
            neg_AT = [[-a for a in col] for col in zip(*A)]  # column player's payoffs, [j][i]
            sx = [i for i in range(len(x)) if x[i] > _SUPPORT_TOL]
            sy = [j for j in range(len(y)) if y[j] > _SUPPORT_TOL]
            ex = _exact_side(A, sx, sy)  # x^T A_j = v for every j in supp(y)
            ey = _exact_side(neg_AT, sy, sx)  # (A y)_i = v for every i in supp(x)
            profile: Profile | None = None
            if ex is not None and ey is not None:
                xq, yq = ex[0], ey[0]
                if min(xq) >= 0 and min(yq) >= 0:
                    profile = (tuple(xq), tuple(yq))
                    if eg.max_regret(profile) != 0:
                        profile = None
            if profile is None:
                from gametheory.normal.solvers.enummixed import enummixed_solve

                profile = enummixed_solve(eg, exact=True).equilibria[0].profile
                diagnostics.append("LP supports were ambiguous; used exact vertex enumeration")
            target = eg
        else:
            profile = (tuple(x.tolist()), tuple(y.tolist()))
            target = game.to_float()
        assert profile is not None
        eq = make_equilibrium(target, profile)
    if not use_exact and float(eq.max_regret) > target.tolerance():
        diagnostics.append(
            f"the LP solution has regret {float(eq.max_regret):.3g}, above the tolerance "
            f"{target.tolerance():.3g}; solve in exact arithmetic to be sure"
        )
    value = eq.payoffs[0]
    return SolveResult(
        game=target,
        method="zerosum",
        arithmetic=arithmetic_of(use_exact),
        equilibria=(eq,),
        complete=False,
        elapsed=t[0],
        parameters={"value": value},
        diagnostics=tuple(diagnostics),
    )
