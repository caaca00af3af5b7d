"""Value and optimal strategies of a two-player zero-sum game by linear programming.

The row player's maximin strategy solves ``max v s.t. x^T A >= v, sum x = 1, x >= 0``
and the column player's minimax strategy the dual problem (von Neumann 1928; Dantzig
1951). The LPs are solved in floating point with HiGHS (:mod:`gametheory._kernel.lp`).
In exact mode each side's float vertex is re-solved in rational arithmetic from its
active set and proved optimal by an exact dual solution
(:func:`~gametheory._kernel.lp.certified_optimum`); if no rung of the tolerance ladder
certifies it (a degenerate LP whose float active set is ambiguous), the exact vertex
enumeration is used instead.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from gametheory._kernel.lp import ExactLP, FloatLP, certified_optimum, solve_float
from gametheory._kernel.results import arithmetic_of
from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame, Profile
from gametheory.normal.result import SolveResult, make_equilibrium
from gametheory.normal.solvers._common import gated, require_two_players, stopwatch, want_exact
from gametheory.normal.solvers.enummixed import enummixed_solve


def _maximin_lp(A: np.ndarray) -> FloatLP:
    """HiGHS on ``max v s.t. v - (x^T A)_j <= 0, sum x = 1, x >= 0`` (``v`` free)."""
    m, n = A.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0  # maximise v
    A_ub = np.hstack([-A.T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    res = solve_float(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=bounds)
    if not res.ok:  # pragma: no cover - a bounded feasible LP
        raise SolverError(f"zerosum: LP failed: {res.message}")
    return res


def _maximin(A: np.ndarray) -> tuple[np.ndarray, float, FloatLP]:
    """Row player's optimal mixed strategy and the value, for payoff matrix ``A``.

    The LP sees ``A`` divided by its largest magnitude (optimal strategies do not change),
    so payoffs near the float range (1e308) cannot overflow inside the solver."""
    top = float(np.max(np.abs(A))) if A.size else 0.0
    scale = top if np.isfinite(top) and top > 0 else 1.0
    res = _maximin_lp(A / scale)
    m = A.shape[0]
    x = np.clip(res.x[:m], 0, None)
    return x / x.sum(), float(res.x[-1]) * scale, res


def _exact_maximin(A: list[list[Fraction]], flp: FloatLP) -> list[Fraction] | None:
    """The row player's exactly optimal strategy read off the float LP, or None."""
    m, n = len(A), len(A[0])
    lp = ExactLP(
        c=[0] * m + [1],
        A_ub=[[-A[i][j] for i in range(m)] + [1] for j in range(n)],
        b_ub=[0] * n,
        A_eq=[[1] * m + [0]],
        b_eq=[1],
        nonneg=[True] * m + [False],
    )
    cert = certified_optimum(lp, flp)
    return None if cert is None else cert.x[:m]


@gated
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
        x, v, flp_x = _maximin(Af)
        y, w, flp_y = _maximin(-Af.T)
        if use_exact:
            eg = game.to_exact()
            A = [[Fraction(a) for a in row] for row in eg.payoffs[..., 0].tolist()]
            neg_AT = [[-a for a in col] for col in zip(*A)]  # column player's payoffs, [j][i]
            profile: Profile | None = None
            xq = _exact_maximin(A, flp_x)
            yq = _exact_maximin(neg_AT, flp_y) if xq is not None else None
            if xq is not None and yq is not None:
                profile = (tuple(xq), tuple(yq))
                if eg.max_regret(profile) != 0:  # pragma: no cover - both sides are certified optimal
                    profile = None
            if profile is None:
                profile = enummixed_solve(eg, exact=True).equilibria[0].profile
                diagnostics.append("LP supports were ambiguous; used exact vertex enumeration")
            target = eg
        else:
            profile = (tuple(x.tolist()), tuple(y.tolist()))
            target = game.to_float()
        assert profile is not None
        eq = make_equilibrium(target, profile)
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
