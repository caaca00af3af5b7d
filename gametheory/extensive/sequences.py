"""The sequence form of a two-player extensive game with perfect recall.

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

The solvers built on it are :func:`~gametheory.extensive.solvers.sequence_lp.sequence_form_lp`
(zero-sum games, one linear program) and
:func:`~gametheory.extensive.solvers.sequence_lemke.sequence_form_lemke` (general-sum games).

References: H. W. Kuhn (1953), "Extensive games and the problem of information",
*Contributions to the Theory of Games* II, 193-216; D. Koller, N. Megiddo & B. von Stengel
(1996), "Efficient computation of equilibria for extensive two-person games", *Games and
Economic Behavior* 14:247-259; B. von Stengel (1996), "Efficient computation of behavior
strategies", *Games and Economic Behavior* 14:220-246.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.values import EXACT, FLOAT, SYMBOLIC

__all__ = ["MAX_SEQUENCES", "SequenceForm", "sequence_form"]

#: Largest total number of sequences (both players) the solvers accept.
MAX_SEQUENCES = 20_000


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



def _unreached_note(names: Sequence[str]) -> str:
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return (
        f"information sets ruled out by the player's own earlier moves ({shown}): any behaviour there "
        "gives the same realization plan; uniform is shown"
    )
