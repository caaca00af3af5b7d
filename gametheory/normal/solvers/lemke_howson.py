"""One Nash equilibrium of a two-player game by the Lemke-Howson algorithm.

Lemke & Howson (1964), "Equilibrium points of bimatrix games", *SIAM J. Appl. Math.*
12:413-423; in the tableau form of von Stengel (2002), sec. 3.5 (also Nisan et al.,
*Algorithmic Game Theory*, 2007, ch. 3). Complementary pivoting starts at the artificial
equilibrium ``(0, 0)`` of the best-response polytopes, drops one label, and pivots
alternately in the two tableaux until the missing label is picked up again.

Integer (fraction-free) pivoting keeps arithmetic exact, and the lexicographic minimum
ratio test makes the path unique on degenerate games, so the method always terminates
(von Stengel 2002, sec. 3.7).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tableau import IntTableau
from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult, make_equilibrium
from gametheory.normal.solvers._common import (
    gated,
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


@gated
def lemke_howson_solve(
    game: NormalFormGame,
    *,
    label: int | str | Sequence[int] = 0,
    exact: bool | None = None,
    max_pivots: int = 1_000_000,
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
        Arithmetic of the returned profile. Pivoting is always exact (integers), so
        ``False`` only converts the answer to floats (default follows the game).
    max_pivots:
        Safety bound on the path length.
    """
    require_two_players(game, "lemke_howson")
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
    eg = game.to_exact()
    A = positive_integer_matrix(eg.payoffs[..., 0])
    B = positive_integer_matrix(eg.payoffs[..., 1])
    target = eg if use_exact else game.to_float()
    found: dict[tuple, int] = {}
    pivot_counts = []
    with stopwatch() as t:
        for k in labels:
            x, y, piv = _lemke_howson_kernel(A, B, k, max_pivots)
            pivot_counts.append(piv)
            sx, sy = sum(x), sum(y)
            prof = (tuple(v / sx for v in x), tuple(v / sy for v in y))
            found.setdefault(prof, k)
        profiles = list(found)
        if not use_exact:
            profiles = [tuple(tuple(float(v) for v in p) for p in prof) for prof in profiles]
        eqs = tuple(make_equilibrium(target, prof) for prof in profiles)
    if use_exact and any(e.max_regret != 0 for e in eqs):  # pragma: no cover - a bug if so
        raise ArithmeticError("lemke_howson produced a profile with positive regret")
    return SolveResult(
        game=target,
        method="lemke_howson",
        arithmetic=arithmetic_of(use_exact),
        equilibria=eqs,
        complete=False,
        degenerate=None,
        elapsed=t[0],
        parameters={"labels": labels, "pivots": pivot_counts},
        diagnostics=(),
    )
