"""The sequence form of two-player extensive games, and the solvers built on it.

Sequence form (Koller, Megiddo & von Stengel 1996; von Stengel 1996)
---------------------------------------------------------------------
In a game with perfect recall a player's pure strategy matters only through the
*sequences* of own moves it makes possible. A sequence is the empty sequence ``∅`` or
"the moves on the way to information set ``h``, then action ``a`` at ``h``"; with perfect
recall it is named by its last move ``(h, a)``. A mixed strategy is summarised by its
*realization plan* ``x``: the probability ``x(σ)`` that the player's own moves follow
``σ``. Realization plans are exactly the vectors ``x >= 0`` with

* ``x(∅) = 1`` and
* ``x(σ_h) = Σ_a x(σ_h a)`` at every information set ``h`` (``σ_h`` is the sequence that
  leads to ``h``),

written ``E x = e`` (player 1) and ``F y = f`` (player 2). A terminal node ``t`` is reached
with probability ``chance(t) · x(σ1(t)) · y(σ2(t))``, so expected payoffs are bilinear:
``x^T A y`` and ``x^T B y``, where ``A[σ1, σ2]`` sums ``chance(t) · u1(t)`` over the terminal
nodes whose last sequences are ``σ1`` and ``σ2`` (most entries are zero: the matrices are
sparse, with at most one non-zero per terminal node). The size is linear in the game
tree, where the (reduced) normal form can be exponential.

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
enters first. Pivoting is exact (fraction-free integer Gauss-Jordan) and degeneracy is
resolved lexicographically: ties in the ratio test are broken by the columns of the
starting basis, i.e. by the perturbation ``b + B0 (ε, ε², ...)`` that makes the start and
every later vertex nondegenerate, so the path is unique and cannot cycle. Payoffs are
first shifted to be negative (this changes no incentive).

Every equilibrium is converted to behaviour strategies, ``b(a | h) = x(σ_h a) / x(σ_h)``;
where the player's own earlier moves rule ``h`` out (``x(σ_h) = 0``) any distribution gives
the same plan, and the uniform one is reported with a note. Each result is verified:
exact regret ``0`` in the sequence form (own best-response computation) and again in
behaviour strategies by :meth:`ExtensiveGame.max_regret`.

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

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult, make_behavior_equilibrium
from gametheory.extensive.values import EXACT, FLOAT, SYMBOLIC

__all__ = [
    "MAX_SEQUENCES",
    "SequenceForm",
    "sequence_form",
    "sequence_form_lemke",
    "sequence_form_lp",
]

#: Largest total number of sequences (both players) the solvers accept.
MAX_SEQUENCES = 20_000

_TOL = 1e-9


# ----------------------------------------------------------------------------- the sequence form
@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player game with perfect recall.

    Attributes
    ----------
    game:
        The extensive game.
    sizes:
        Number of sequences of each player (``game.num_sequences``); sequence ``0`` is ``∅``.
    payoffs:
        ``(A, B)`` as sparse dictionaries ``{(σ1, σ2): value}``: the sum of
        ``chance(t) * u_k(t)`` over terminal nodes ``t`` with last sequences ``σ1, σ2``
        (pairs no terminal node reaches with positive probability are absent).
    reach:
        ``{(σ1, σ2): chance probability}`` summed the same way (used to shift payoffs: adding
        ``c`` to every terminal payoff adds ``c * reach`` to the matrix).
    constraints:
        ``(E, F)`` as dense integer arrays: row ``0`` is ``x(∅) = 1``; row ``1 + k`` is the
        ``k``-th information set of the player (``constraint_infosets``):
        ``-x(σ_h) + Σ_a x(σ_h a) = 0``.
    constraint_infosets:
        Information-set ids of rows ``1, 2, ...`` of ``E`` and ``F``.
    labels:
        ``"infoset:action"`` (``"∅"``) for every sequence of each player.
    exact:
        Whether the numbers are ``Fraction`` (else float).
    """

    game: ExtensiveGame
    sizes: tuple[int, int]
    payoffs: tuple[dict[tuple[int, int], Any], dict[tuple[int, int], Any]]
    reach: dict[tuple[int, int], Any]
    constraints: tuple[np.ndarray, np.ndarray]
    constraint_infosets: tuple[tuple[int, ...], tuple[int, ...]]
    labels: tuple[tuple[str, ...], tuple[str, ...]]
    exact: bool

    @property
    def players(self) -> tuple[str, ...]:
        return self.game.players

    def matrix(self, player: int | str, *, sparse: bool = False) -> Any:
        """``A`` (player 0) or ``B`` (player 1) as a dense array (``Fraction`` objects for
        exact games), or with ``sparse=True`` as a ``scipy.sparse`` CSR array of floats."""
        k = self.game.player_index(player)
        entries = self.payoffs[k]
        n1, n2 = self.sizes
        if sparse:
            from scipy.sparse import csr_array

            if not entries:
                return csr_array((n1, n2))
            rows, cols = zip(*entries.keys())
            vals = [float(v) for v in entries.values()]
            return csr_array((vals, (rows, cols)), shape=(n1, n2))
        if self.exact:
            out = np.empty((n1, n2), dtype=object)
            out[:] = Fraction(0)
        else:
            out = np.zeros((n1, n2))
        for (i, j), v in entries.items():
            out[i, j] = v
        return out

    def rhs(self, player: int | str) -> np.ndarray:
        """``e`` (or ``f``): ``1`` for the root row, ``0`` for the information-set rows."""
        k = self.game.player_index(player)
        out = np.zeros(self.constraints[k].shape[0], dtype=np.int64)
        out[0] = 1
        return out

    def realization_plan(self, behavior: Any, player: int | str) -> tuple[Any, ...]:
        """Realization plan of ``player`` under a behaviour profile (anything
        :meth:`ExtensiveGame.behavior_profile` accepts)."""
        k = self.game.player_index(player)
        prof = self.game.behavior_profile(behavior)
        return _plan_from_behavior(self.game, k, prof.probabilities)

    def expected_payoffs(self, x: Sequence[Any], y: Sequence[Any]) -> tuple[Any, Any]:
        """``(x^T A y, x^T B y)`` for realization plans ``x`` and ``y``."""
        zero: Any = Fraction(0) if self.exact else 0.0
        out = [zero, zero]
        for k in (0, 1):
            for (i, j), v in self.payoffs[k].items():
                out[k] += x[i] * v * y[j]
        return out[0], out[1]

    def regrets(self, x: Sequence[Any], y: Sequence[Any]) -> tuple[Any, Any]:
        """Each player's gain from a best response (exact for exact plans): 0 and 0 at an
        equilibrium."""
        g = self.game
        cx = _sparse_times(self.payoffs[0], y, self.sizes[0], by_row=True, exact=self.exact)
        cy = _sparse_times(self.payoffs[1], x, self.sizes[1], by_row=False, exact=self.exact)
        r1 = _best_value(g, 0, cx) - sum((a * b for a, b in zip(x, cx)), cx[0] * 0)
        r2 = _best_value(g, 1, cy) - sum((a * b for a, b in zip(y, cy)), cy[0] * 0)
        return r1, r2

    def behavior(self, x: Sequence[Any], y: Sequence[Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Behaviour strategies ``{infoset: {action: prob}}`` from realization plans, and the
        names of the information sets the player's own moves rule out (given uniform)."""
        g = self.game
        beh: dict[str, dict[str, Any]] = {}
        unreached: list[str] = []
        for k, plan in enumerate((x, y)):
            for h in g.player_infosets[k]:
                name = g.infoset_names[h]
                acts = g.infoset_actions[h]
                off = int(g.infoset_seq_offset[h])
                par = plan[int(g.infoset_parent_sequence[h])]
                if par > 0:
                    beh[name] = {a: plan[off + j] / par for j, a in enumerate(acts)}
                else:
                    u: Any = Fraction(1, len(acts)) if self.exact else 1.0 / len(acts)
                    beh[name] = {a: u for a in acts}
                    unreached.append(name)
        return beh, unreached

    def is_zero_sum(self) -> bool:
        """Whether ``u1(t) + u2(t)`` is the same at every terminal node (a constant-sum game:
        strategically zero-sum)."""
        return _constant_sum(self.game) is not None


def _check_two_player(game: ExtensiveGame, method: str) -> None:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{method}: expected an ExtensiveGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise SolverError(
            f"{method}: the sequence form needs a two-player game, but {game.title or 'the game'!r} "
            f"has {game.num_players} players ({', '.join(game.players)}); for more players use the "
            "reduced normal form (game.to_normal_form()) with an N-player solver"
        )
    if game.arithmetic == SYMBOLIC:
        raise SolverError(f"{method}: the game is symbolic; substitute parameter values first")
    why = game.perfect_recall_violation()
    if why is not None:
        raise SolverError(f"{method}: the sequence form needs perfect recall, and the game lacks it: {why}")
    total = sum(game.num_sequences)
    if total > MAX_SEQUENCES:
        raise GameSizeError(f"{method}: {total:,} sequences exceed the limit of {MAX_SEQUENCES:,}")


def _chance_reach(game: ExtensiveGame) -> list[Any]:
    """Product of the chance probabilities on the path to each node (preorder, no recursion)."""
    prob = game.chance_prob.tolist()
    parent = game.node_parent.tolist()
    reach = list(prob)
    for k in range(1, game.num_nodes):
        reach[k] = reach[parent[k]] * prob[k]
    return reach


def sequence_form(game: ExtensiveGame) -> SequenceForm:
    """The sequence form of a two-player game with perfect recall (see the module docs).

    Raises :class:`~gametheory.SolverError` for other numbers of players, symbolic games or
    games without perfect recall.
    """
    _check_two_player(game, "sequence_form")
    exact = game.arithmetic == EXACT
    zero: Any = Fraction(0) if exact else 0.0
    reach = _chance_reach(game)
    seqs = game.node_sequences
    pay = game.terminal_payoffs
    A: dict[tuple[int, int], Any] = {}
    B: dict[tuple[int, int], Any] = {}
    R: dict[tuple[int, int], Any] = {}
    for t, node in enumerate(game.terminal_nodes.tolist()):
        c = reach[node]
        if c == 0:
            continue
        key = (int(seqs[node, 0]), int(seqs[node, 1]))
        A[key] = A.get(key, zero) + c * pay[t, 0]
        B[key] = B.get(key, zero) + c * pay[t, 1]
        R[key] = R.get(key, zero) + c
    mats = []
    rows_h = []
    for i in (0, 1):
        hs = tuple(int(h) for h in game.player_infosets[i])
        E = np.zeros((1 + len(hs), game.num_sequences[i]), dtype=np.int64)
        E[0, 0] = 1
        for r, h in enumerate(hs, start=1):
            E[r, int(game.infoset_parent_sequence[h])] = -1
            off = int(game.infoset_seq_offset[h])
            E[r, off:off + len(game.infoset_actions[h])] = 1
        E.setflags(write=False)
        mats.append(E)
        rows_h.append(hs)
    labels = tuple(tuple(game.sequence_label(i, s) for s in range(game.num_sequences[i])) for i in (0, 1))
    return SequenceForm(
        game=game,
        sizes=(game.num_sequences[0], game.num_sequences[1]),
        payoffs=(A, B),
        reach=R,
        constraints=(mats[0], mats[1]),
        constraint_infosets=(rows_h[0], rows_h[1]),
        labels=(labels[0], labels[1]),
        exact=exact,
    )


# ----------------------------------------------------------------------------- plan utilities
def _sparse_times(M: Mapping[tuple[int, int], Any], v: Sequence[Any], n: int, *, by_row: bool, exact: bool) -> list[Any]:
    """``M v`` (``by_row``: indexed by the row sequence) or ``M^T v``."""
    out: list[Any] = [Fraction(0) if exact else 0.0] * n
    if by_row:
        for (i, j), a in M.items():
            out[i] += a * v[j]
    else:
        for (i, j), a in M.items():
            out[j] += a * v[i]
    return out


def _best_value(game: ExtensiveGame, i: int, c: Sequence[Any]) -> Any:
    """``max x^T c`` over player ``i``'s realization plans, by backward induction over the
    player's information sets (children have larger ids than their parents)."""
    val = list(c)
    seq_off = game.infoset_seq_offset
    par = game.infoset_parent_sequence
    for h in reversed(game.player_infosets[i]):
        off = int(seq_off[h])
        best = max(val[off:off + len(game.infoset_actions[h])])
        val[int(par[h])] += best
    return val[0]


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


def _plan_from_behavior(game: ExtensiveGame, i: int, probs: Sequence[Sequence[Any]]) -> tuple[Any, ...]:
    n = game.num_sequences[i]
    one: Any = Fraction(1) if game.arithmetic == EXACT else 1.0
    plan: list[Any] = [one * 0] * n
    plan[0] = one
    for h in game.player_infosets[i]:
        base = plan[int(game.infoset_parent_sequence[h])]
        off = int(game.infoset_seq_offset[h])
        for a, p in enumerate(probs[h]):
            plan[off + a] = base * p
    return tuple(plan)


def _constant_sum(game: ExtensiveGame) -> Any:
    """The constant ``u1 + u2`` when it is the same at every terminal node, else ``None``."""
    pay = game.terminal_payoffs
    if pay.shape[0] == 0:
        return 0
    total = pay[:, 0] + pay[:, 1]
    if game.arithmetic == FLOAT:
        if float(np.max(total) - np.min(total)) <= game.tolerance():
            return float(total[0])
        return None
    first = total[0]
    return first if all(v == first for v in total.tolist()) else None


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


# ----------------------------------------------------------------------------- exact linear algebra
def _solve_exact(rows: list[dict[int, Fraction]], rhs: list[Fraction], ncols: int) -> list[Fraction] | None:
    """One rational solution of the sparse system (free variables 0), or ``None`` if it is
    inconsistent. Uses FLINT's exact reduced row echelon form."""
    import flint

    m = len(rows)
    if m == 0:
        return [Fraction(0)] * ncols
    M = flint.fmpq_mat(m, ncols + 1)
    for r, (row, b) in enumerate(zip(rows, rhs)):
        for c, v in row.items():
            M[r, c] = flint.fmpq(v.numerator, v.denominator)
        M[r, ncols] = flint.fmpq(b.numerator, b.denominator)
    R, rank = M.rref()
    sol = [Fraction(0)] * ncols
    for r in range(rank):
        lead = next((c for c in range(ncols + 1) if R[r, c] != 0), ncols)
        if lead == ncols:
            return None  # 0 = non-zero
        q = R[r, ncols]
        sol[lead] = Fraction(int(q.p), int(q.q))
    return sol


# ----------------------------------------------------------------------------- zero-sum LP
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
            for tol in (1e-9, 1e-7, 1e-11, 1e-5):
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
        exact=sf.exact,
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


def _unreached_note(names: Sequence[str]) -> str:
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return (
        f"information sets ruled out by the player's own earlier moves ({shown}): any behaviour there "
        "gives the same realization plan; uniform is shown"
    )


# ----------------------------------------------------------------------------- exact Lemke
class _IntTableau:
    """Integer tableau with fraction-free (Bareiss) Gauss-Jordan pivoting.

    The true tableau is ``rows / det``; ``det > 0`` always. The last column is the
    right-hand side.
    """

    __slots__ = ("rows", "det", "basis")

    def __init__(self, rows: list[list[int]], basis: list[int]):
        self.rows = rows
        self.det = 1
        self.basis = basis

    def pivot(self, r: int, col: int) -> None:
        rows = self.rows
        prow = rows[r]
        p = prow[col]
        det = self.det
        for i, row in enumerate(rows):
            if i == r:
                continue
            f = row[col]
            if f == 0:
                if p != det:
                    rows[i] = [(v * p) // det for v in row]
                continue
            rows[i] = [(v * p - f * w) // det for v, w in zip(row, prow)]
        self.det = p
        self.basis[r] = col
        if p < 0:
            for i in range(len(rows)):
                rows[i] = [-v for v in rows[i]]
            self.det = -p


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
    tab = _IntTableau(int_rows, [-1] * nrows)
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
        best = -1
        trows = tab.rows
        for r, trow in enumerate(trows):
            a = trow[entering]
            if a <= 0 or tab.basis[r] in free:
                continue
            if best < 0:
                best = r
                continue
            b = trows[best]
            ab = b[entering]
            lhs, rhs_v = trow[RHS] * ab, b[RHS] * a
            if lhs != rhs_v:
                if lhs < rhs_v:
                    best = r
                continue
            for c in lex_cols:
                lhs, rhs_v = trow[c] * ab, b[c] * a
                if lhs != rhs_v:
                    if lhs < rhs_v:
                        best = r
                    break
        if best < 0:
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
    vals = [Fraction(0)] * RHS
    for r, v in enumerate(tab.basis):
        vals[v] = Fraction(tab.rows[r][RHS], tab.det)
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
    M = np.array(int_rows, dtype=np.float64)
    M /= np.maximum(np.abs(M[:, :RHS]).max(axis=1), 1e-300)[:, None]
    basis = list(basis0)
    is_free = np.zeros(M.shape[1], dtype=bool)
    is_free[list(free)] = True
    lex = [RHS] + list(basis0)
    tol = 1e-9

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
    import flint

    n = len(int_rows)
    if len(set(basis)) != n:
        return None
    B = flint.fmpz_mat([[row[c] for c in basis] for row in int_rows])
    b = flint.fmpz_mat([[row[RHS]] for row in int_rows])
    try:
        sol = B.solve(b)
    except (ZeroDivisionError, ValueError):
        return None
    vals = [Fraction(0)] * RHS
    for r, v in enumerate(basis):
        q = sol[r, 0]
        vals[v] = Fraction(int(q.p), int(q.q))
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
        exact=sf.exact,
        equilibria=(eq,),
        complete=False,
        elapsed=time.perf_counter() - start,
        parameters={"pivots": pivots, "path": path, "prior": prior, "sequences": list(sf.sizes)},
        diagnostics=tuple(diagnostics),
    )

