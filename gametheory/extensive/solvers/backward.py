"""Backward induction: every pure subgame-perfect equilibrium of a perfect-information game.

Numeric games: :func:`backward_induction`. Games whose payoffs or chance probabilities are
formulas in parameters: :func:`symbolic_backward_induction` (piecewise backward induction,
one *regime* per region of parameter space with the same equilibrium).

Algorithm (numeric)
-------------------
Zermelo's argument, as made precise by Kuhn (1953): in a finite game of perfect information
the subtree below each node is a subgame, and a profile is subgame perfect exactly when no
player gains by changing the action at a single node, evaluated in the subgame starting
there (the *one-shot deviation* property; Selten 1965, 1975). Working from the leaves to
the root therefore finds every subgame-perfect equilibrium (SPE) in pure strategies:

1. **Values.** Nodes are visited level by level from the deepest (children before parents,
   never by recursion). A decision node takes the value of a child that is best for its
   player; a chance node the probability-weighted sum of its children's values. Levels
   with many nodes are handled with numpy segment reductions (``reduceat``); narrow levels
   (e.g. a centipede of depth 10^5) with a short scalar loop. Exact games compare exact
   numbers (games without chance nodes: integer ranks of the payoffs, which order exactly
   as the Fractions do); float games compare within the game's tolerance.
2. **Ties.** A decision node with several optimal actions is *harmless* when the tied
   children have the same payoff vector: whatever is chosen, every value above is the same,
   so the equilibria form a product over such nodes. When tied children differ in some
   player's payoff, the choice changes the values above (e.g. the leader's best move
   depends on how the follower breaks a tie). Then the *set* of payoff vectors achievable
   by an SPE of the subgame is computed at that node and its ancestors, with the plans that
   produce each one: at a decision node, for every combination of achievable values of its
   children, every action that is optimal given that combination; at a chance node, every
   combination. Counts are exact big integers; the enumeration stops at
   ``max_equilibria`` (``complete=False`` then).
3. **Verification.** Every profile returned is checked: the one-shot deviation gain at
   *every* decision node (reached or not; zero certifies subgame perfection, reported as
   :attr:`BehaviorEquilibrium.subgame_regret`) and the strategic regret of the whole game
   (:attr:`BehaviorEquilibrium.max_regret`, the Nash check).

Only pure equilibria are listed. Where a tie occurs, mixing between the tied actions gives
further SPE in behaviour strategies (a continuum when the tied children differ); the
diagnostics say so.

Algorithm (symbolic)
--------------------
The same induction with formulas: every node carries a list of *pieces* -- a conjunction of
sign conditions on the parameters, the (symbolic) value vector and the plan of its subtree.
At a decision node the optimal action is determined by the signs of payoff differences; the
first action wins ties (action ``a`` is chosen where it is strictly better than every
earlier action and at least as good as every later one), so the pieces partition the
admissible parameter space. Infeasible conjunctions are pruned: conditions sympy decides
under the parameters' assumptions, an exact LP feasibility test (scipy HiGHS, confirmed at a
rational point) when all conditions are linear, and random sampling with exact checks
otherwise (a piece that cannot be shown empty or nonempty is kept and flagged).

References
----------
* E. Zermelo (1913), "Über eine Anwendung der Mengenlehre auf die Theorie des Schachspiels".
* H. W. Kuhn (1953), "Extensive games and the problem of information", *Contributions to the
  Theory of Games II*, 193-216.
* R. Selten (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit
  Nachfrageträgheit", *Zeitschrift für die gesamte Staatswissenschaft* 121.
* R. Selten (1975), "Reexamination of the perfectness concept for equilibrium points in
  extensive games", *International Journal of Game Theory* 4, 25-55.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.result import BehaviorEquilibrium, ExtensiveSolveResult, make_behavior_equilibrium

if TYPE_CHECKING:
    import sympy

    from gametheory.symbolic.regimes import Threshold

__all__ = [
    "DEFAULT_MAX_EQUILIBRIA",
    "SPERegime",
    "SymbolicSPEAnalysis",
    "backward_induction",
    "backward_induction_values",
    "one_shot_regret",
    "symbolic_backward_induction",
]

#: Default cap on the number of equilibria :func:`backward_induction` lists.
DEFAULT_MAX_EQUILIBRIA = 1000

#: Largest number of partial plans held while enumerating ties that change upstream values.
PLAN_BUDGET = 2_000_000

#: Levels with fewer non-terminal nodes than this are processed by a scalar loop.
_SCALAR_LEVEL = 24


# =============================================================================== kernel
@dataclass
class _Ctx:
    """Plain arrays for the kernels (taken once from the game)."""

    game: ExtensiveGame
    kind: np.ndarray
    player: np.ndarray
    ptr: np.ndarray
    kids: np.ndarray
    prob: np.ndarray
    #: non-terminal nodes per depth, deepest level first; each (decision, chance) arrays
    levels: list[tuple[np.ndarray, np.ndarray]]
    #: payoff table of the terminals (rows) used for comparisons: integers (exact games
    #: without chance nodes: payoffs times ``scale``, or ranks if those overflow int64),
    #: exact Fractions (object) or floats
    term_table: np.ndarray
    #: row of the value table for each chance node (``T + k``), -1 elsewhere
    chance_row: np.ndarray
    num_chance: int
    tol: Any
    mode: str  # "int", "rank", "exact", "float"
    scale: int = 1
    #: whether the level-by-level numpy kernel pays off (wide levels) or the scalar loop
    vectorised: bool = True

    def new_table(self) -> np.ndarray:
        extra = np.zeros((self.num_chance, self.term_table.shape[1]), dtype=self.term_table.dtype)
        if self.term_table.dtype == object:
            extra[:] = Fraction(0)
        return np.concatenate([self.term_table, extra], axis=0)

    def initial_ref(self) -> np.ndarray:
        ref = np.full(len(self.kind), -1, dtype=np.int64)
        tn = self.game.terminal_nodes
        ref[tn] = np.arange(len(tn), dtype=np.int64)
        return ref


_INT_LIMIT = 2**62


def _integer_table(tp: np.ndarray) -> tuple[str, np.ndarray, int]:
    """Exact payoffs as int64 (times the common denominator), or their ranks when too large."""
    flat = tp.reshape(-1).tolist()
    scale = math.lcm(*(x.denominator for x in flat)) if flat else 1
    if scale < _INT_LIMIT:
        ints = [x.numerator * (scale // x.denominator) for x in flat]
        if not ints or max(abs(v) for v in ints) < _INT_LIMIT // 4:
            return "int", np.array(ints, dtype=np.int64).reshape(tp.shape), scale
    cols = []
    for i in range(tp.shape[1]):
        _, inv = np.unique(tp[:, i], return_inverse=True)
        cols.append(np.asarray(inv, dtype=np.int64).reshape(-1))
    return "rank", np.stack(cols, axis=1), 1


def _context(game: ExtensiveGame, tol: float | None) -> _Ctx:
    kind = np.asarray(game.node_kind)
    n = len(kind)
    tp = game.terminal_payoffs
    chance_nodes = np.flatnonzero(kind == CHANCE)
    scale = 1
    if game.is_exact:
        if chance_nodes.size == 0:
            mode, table, scale = _integer_table(tp)
            tolv: Any = 0
        else:
            mode = "exact"
            table = np.array(tp, dtype=object).reshape(tp.shape)
            tolv = Fraction(0)
    else:
        mode = "float"
        table = np.asarray(tp, dtype=np.float64)
        tolv = game.tolerance(tol)
    chance_row = np.full(n, -1, dtype=np.int64)
    chance_row[chance_nodes] = tp.shape[0] + np.arange(chance_nodes.size, dtype=np.int64)
    nt = np.flatnonzero(kind != TERMINAL)
    depth = np.asarray(game.node_depth)[nt]
    order = nt[np.argsort(depth, kind="stable")]
    levels: list[tuple[np.ndarray, np.ndarray]] = []
    nlevels = 0
    if order.size:
        d_sorted = np.asarray(game.node_depth)[order]
        cuts = np.flatnonzero(np.diff(d_sorted)) + 1
        nlevels = len(cuts) + 1
    vectorised = order.size >= _SCALAR_LEVEL * max(1, nlevels)
    if vectorised and order.size:
        for chunk in reversed(np.split(order, cuts)):
            k = kind[chunk]
            levels.append((chunk[k == DECISION], chunk[k == CHANCE]))
    prob = np.asarray(game.chance_prob)
    if mode == "float":
        prob = prob.astype(np.float64)
    return _Ctx(
        game=game,
        kind=kind,
        player=np.asarray(game.node_player, dtype=np.int64),
        ptr=np.asarray(game.child_ptr, dtype=np.int64),
        kids=np.asarray(game.child_ids, dtype=np.int64),
        prob=prob,
        levels=levels,
        term_table=table,
        chance_row=chance_row,
        num_chance=int(chance_nodes.size),
        tol=tolv,
        mode=mode,
        scale=scale,
        vectorised=vectorised,
    )


def _gather(ctx: _Ctx, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Children of ``nodes`` concatenated: (kids, segment of each kid, segment offsets, child positions)."""
    starts = ctx.ptr[nodes]
    cnt = ctx.ptr[nodes + 1] - starts
    offs = np.cumsum(cnt) - cnt
    total = int(cnt.sum())
    seg = np.repeat(np.arange(len(nodes), dtype=np.int64), cnt)
    pos = starts[seg] + (np.arange(total, dtype=np.int64) - offs[seg])
    return ctx.kids[pos], seg, offs, pos


@dataclass
class _Induction:
    """Result of one bottom-up pass."""

    table: np.ndarray  # value rows (terminals, then chance nodes)
    ref: np.ndarray  # value row of every node
    act: np.ndarray  # action taken at every decision node (-1 elsewhere)
    ntie: np.ndarray  # number of optimal actions (free pass) / 0
    opt: np.ndarray  # per child position: optimal for the (decision) parent (free pass)
    harmful: np.ndarray  # decision nodes whose tied children differ in payoffs
    gain: np.ndarray  # per decision node: best child's key minus chosen child's key (forced pass)


def _induct(ctx: _Ctx, forced: np.ndarray | None = None) -> _Induction:
    """Bottom-up pass: optimal choices (``forced=None``) or the values of a given plan
    ``forced`` (action index per node) with the one-shot gain at every decision node."""
    if not ctx.vectorised:
        return _induct_scalar(ctx, forced)
    n = len(ctx.kind)
    table = ctx.new_table()
    ref = ctx.initial_ref()
    act = np.full(n, -1, dtype=np.int64) if forced is None else np.asarray(forced, dtype=np.int64)
    ntie = np.zeros(n, dtype=np.int64)
    opt = np.zeros(len(ctx.kids), dtype=bool)
    harmful = np.zeros(n, dtype=bool)
    gain = np.zeros(n, dtype=table.dtype)
    if table.dtype == object:
        gain[:] = Fraction(0)
    tol = ctx.tol
    ptr, kids, player, prob, crow = ctx.ptr, ctx.kids, ctx.player, ctx.prob, ctx.chance_row
    for dec, chn in ctx.levels:
        if len(dec) + len(chn) < _SCALAR_LEVEL:
            # a narrow level: a scalar loop beats a dozen numpy calls
            for p in chn.tolist():
                ks = kids[int(ptr[p]):int(ptr[p + 1])]
                r = int(crow[p])
                table[r] = (table[ref[ks]] * prob[ks][:, None]).sum(axis=0)
                ref[p] = r
            for p in dec.tolist():
                s, e = int(ptr[p]), int(ptr[p + 1])
                i = int(player[p])
                kl = kids[s:e].tolist()
                keys = [table[ref[k], i] for k in kl]
                mx = max(keys)
                if forced is None:
                    best = [k >= mx - tol for k in keys]
                    first = best.index(True)
                    opt[s:e] = best
                    ntie[p] = sum(best)
                    act[p] = first
                    if ntie[p] > 1:
                        base = table[ref[kl[first]]]
                        harmful[p] = any(
                            f and j != first and bool(np.any(np.abs(table[ref[kl[j]]] - base) > tol))
                            for j, f in enumerate(best)
                        )
                    ref[p] = ref[kl[first]]
                else:
                    a = int(act[p])
                    gain[p] = mx - keys[a]
                    ref[p] = ref[kl[a]]
            continue
        if len(chn):
            ks, seg, offs, _ = _gather(ctx, chn)
            sums = np.add.reduceat(table[ref[ks]] * prob[ks][:, None], offs, axis=0)
            r = crow[chn]
            table[r] = sums
            ref[chn] = r
        if len(dec):
            ks, seg, offs, pos = _gather(ctx, dec)
            key = table[ref[ks], player[dec][seg]]
            mx = np.maximum.reduceat(key, offs)
            if forced is None:
                flags = np.asarray(key >= mx[seg] - tol, dtype=bool)
                idx = np.arange(len(ks), dtype=np.int64)
                firstpos = np.minimum.reduceat(np.where(flags, idx, len(ks)), offs)
                opt[pos] = flags
                c = np.add.reduceat(flags.astype(np.int64), offs)
                ntie[dec] = c
                act[dec] = firstpos - offs
                chosen = ks[firstpos]
                if int(c.max()) > 1:
                    tp = np.flatnonzero(flags & (idx != firstpos[seg]))
                    diff = np.abs(table[ref[ks[tp]]] - table[ref[chosen[seg[tp]]]]) > tol
                    bad = np.asarray(diff, dtype=bool).any(axis=1)
                    harmful[dec[np.unique(seg[tp[bad]])]] = True
            else:
                a = act[dec]
                chosen = ks[offs + a]
                gain[dec] = mx - key[offs + a]
            ref[dec] = ref[chosen]
    return _Induction(table, ref, act, ntie, opt, harmful, gain)


def _induct_scalar(ctx: _Ctx, forced: np.ndarray | None) -> _Induction:
    """:func:`_induct` as one loop over the nodes in reverse preorder (deep, narrow trees)."""
    n = len(ctx.kind)
    rows: list[Any] = ctx.term_table.tolist()
    zero: Any = Fraction(0) if ctx.term_table.dtype == object else 0
    ref = ctx.initial_ref().tolist()
    act = [-1] * n if forced is None else np.asarray(forced, dtype=np.int64).tolist()
    ntie = [0] * n
    opt = [False] * len(ctx.kids)
    harmful = [False] * n
    gain = [zero] * n
    tol = ctx.tol
    kind = ctx.kind.tolist()
    player = ctx.player.tolist()
    ptr = ctx.ptr.tolist()
    kids = ctx.kids.tolist()
    prob = ctx.prob.tolist()
    np_ = ctx.term_table.shape[1]
    for p in range(n - 1, -1, -1):
        k = kind[p]
        if k == TERMINAL:
            continue
        s, e = ptr[p], ptr[p + 1]
        kl = kids[s:e]
        if k == CHANCE:
            rows.append([sum((prob[c] * rows[ref[c]][j] for c in kl), zero) for j in range(np_)])
            ref[p] = len(rows) - 1
            continue
        i = player[p]
        keys = [rows[ref[c]][i] for c in kl]
        mx = max(keys)
        if forced is None:
            first = -1
            cnt = 0
            for j, kv in enumerate(keys):
                if kv >= mx - tol:
                    opt[s + j] = True
                    cnt += 1
                    if first < 0:
                        first = j
            act[p] = first
            ntie[p] = cnt
            if cnt > 1:
                base = rows[ref[kl[first]]]
                for j in range(first + 1, len(kl)):
                    if opt[s + j] and any(abs(x - y) > tol for x, y in zip(rows[ref[kl[j]]], base)):
                        harmful[p] = True
                        break
            ref[p] = ref[kl[first]]
        else:
            a = act[p]
            gain[p] = mx - keys[a]
            ref[p] = ref[kl[a]]
    dtype: Any = ctx.term_table.dtype
    table = np.empty((len(rows), np_), dtype=dtype)
    if len(rows):
        if dtype is np.dtype(object):
            for r, row in enumerate(rows):
                table[r, :] = row
        else:
            table[:] = rows
    gain_arr = np.empty(n, dtype=dtype)
    gain_arr[:] = gain
    return _Induction(
        table,
        np.asarray(ref, dtype=np.int64),
        np.asarray(act, dtype=np.int64),
        np.asarray(ntie, dtype=np.int64),
        np.asarray(opt, dtype=bool),
        np.asarray(harmful, dtype=bool),
        gain_arr,
    )


def _exact_gain(ctx: _Ctx, ind: _Induction, node: int) -> Any:
    """One-shot gain at ``node`` in payoff units (integer tables hold scaled payoffs or ranks)."""
    if ctx.mode == "int":
        return Fraction(int(ind.gain[node]), ctx.scale)
    if ctx.mode != "rank":
        return ind.gain[node]
    game = ctx.game
    i = int(ctx.player[node])
    tp = game.terminal_payoffs
    kl = ctx.kids[ctx.ptr[node]:ctx.ptr[node + 1]]
    vals = [tp[int(ind.ref[k]), i] for k in kl]
    return max(vals) - vals[int(ind.act[node])]


def one_shot_regret(game: ExtensiveGame, plan: Sequence[int] | np.ndarray, *, tol: float | None = None) -> Any:
    """Largest one-shot deviation gain of a pure plan, over every decision node (reached or not).

    ``plan[n]`` is the action index taken at decision node ``n`` (other entries ignored).
    In a game of perfect information zero means the plan is a subgame-perfect equilibrium
    (Selten 1965); exact games give an exact Fraction.
    """
    if not game.is_perfect_information():
        raise GameError("one_shot_regret: the game does not have perfect information")
    ctx = _context(game, tol)
    return _plan_gain(ctx, np.asarray(plan, dtype=np.int64))


def _plan_gain(ctx: _Ctx, plan: np.ndarray) -> Any:
    ind = _induct(ctx, forced=plan)
    dec = np.flatnonzero(ctx.kind == DECISION)
    if dec.size == 0:
        return Fraction(0) if ctx.mode != "float" else 0.0
    g = ind.gain[dec]
    if ctx.mode == "float":
        return float(max(0.0, float(np.max(g))))
    worst = int(dec[int(np.argmax(g))])
    if g[int(np.argmax(g))] == 0:
        return Fraction(0)
    return Fraction(_exact_gain(ctx, ind, worst))


def backward_induction_values(game: ExtensiveGame, *, tol: float | None = None) -> np.ndarray:
    """Payoff vector of the subgame at every node under the first-optimal-action SPE.

    Shape ``(num_nodes, num_players)`` (floats for float games, Fractions otherwise). Where
    no tie changes values (see :func:`backward_induction`) these are *the* SPE values.
    """
    _check_numeric_pi(game, "backward_induction_values")
    ctx = _context(game, tol)
    ind = _induct(ctx)
    return _node_values(ctx, ind)


def _node_values(ctx: _Ctx, ind: _Induction) -> np.ndarray:
    if ctx.mode in ("int", "rank"):
        tp = ctx.game.terminal_payoffs
        out = np.empty((len(ctx.kind), tp.shape[1]), dtype=object)
        out[:] = tp[ind.ref]
        return out
    return ind.table[ind.ref]


# =============================================================================== ties
@dataclass
class _Multi:
    """Achievable SPE values and plans at the nodes whose value is not unique."""

    values: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    #: plans[n][v]: partial plans ``(node, action, child plans of multi children)``
    plans: dict[int, list[list[tuple[Any, ...]]]] = field(default_factory=dict)
    counts: dict[int, list[int]] = field(default_factory=dict)
    truncated: bool = False
    stored: int = 0


def _mark_ancestors(parent: np.ndarray, nodes: np.ndarray, n: int) -> np.ndarray:
    mark = np.zeros(n, dtype=bool)
    par = parent.tolist()
    for v in nodes.tolist():
        while v >= 0 and not mark[v]:
            mark[v] = True
            v = par[v]
    return mark


def _same(a: tuple[Any, ...], b: tuple[Any, ...], tol: Any) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def _intern(values: list[tuple[Any, ...]], v: tuple[Any, ...], tol: Any, exact: bool, index: dict[Any, int]) -> int:
    if exact:
        k = index.get(v)
        if k is None:
            k = len(values)
            values.append(v)
            index[v] = k
        return k
    for k, w in enumerate(values):
        if _same(v, w, tol):
            return k
    values.append(v)
    return len(values) - 1


def _enumerate_multi(ctx: _Ctx, ind: _Induction, multi_nodes: np.ndarray, cap: int) -> _Multi:
    """Value sets and plans bottom-up over the nodes whose SPE value is not unique."""
    game = ctx.game
    out = _Multi()
    in_multi = np.zeros(len(ctx.kind), dtype=bool)
    in_multi[multi_nodes] = True
    tp = game.terminal_payoffs
    exact = ctx.mode != "float"
    # values of single-valued nodes in payoff units (exact Fractions or floats)
    if ctx.mode in ("int", "rank"):
        def single(c: int) -> tuple[Any, ...]:
            return tuple(tp[int(ind.ref[c])])
    else:
        def single(c: int) -> tuple[Any, ...]:
            return tuple(ind.table[int(ind.ref[c])])
    tol = ctx.tol
    for p in sorted(multi_nodes.tolist(), reverse=True):
        kl = ctx.kids[ctx.ptr[p]:ctx.ptr[p + 1]].tolist()
        options = [out.values[c] if in_multi[c] else [single(c)] for c in kl]
        mchildren = [j for j, c in enumerate(kl) if in_multi[c]]
        values: list[tuple[Any, ...]] = []
        index: dict[Any, int] = {}
        descs: list[list[tuple[int, tuple[int, ...]]]] = []
        is_dec = ctx.kind[p] == DECISION
        i = int(ctx.player[p])
        probs = [ctx.prob[c] for c in kl]
        ncombos = 0
        for combo in itertools.product(*(range(len(o)) for o in options)):
            ncombos += 1
            if ncombos > cap:
                out.truncated = True
                break
            vecs = [options[j][combo[j]] for j in range(len(kl))]
            if is_dec:
                keys = [v[i] for v in vecs]
                mx = max(keys)
                for a, kv in enumerate(keys):
                    if kv >= mx - tol:
                        vi = _intern(values, vecs[a], tol, exact, index)
                        while len(descs) <= vi:
                            descs.append([])
                        descs[vi].append((a, combo))
            else:
                tot = tuple(sum((pr * v[k] for pr, v in zip(probs, vecs)), Fraction(0) if exact else 0.0)
                            for k in range(len(vecs[0])))
                vi = _intern(values, tot, tol, exact, index)
                while len(descs) <= vi:
                    descs.append([])
                descs[vi].append((-1, combo))
        plans: list[list[tuple[Any, ...]]] = []
        counts: list[int] = []
        for dl in descs:
            pl: list[tuple[Any, ...]] = []
            cnt = 0
            for a, combo in dl:
                child_lists = [out.plans[kl[j]][combo[j]] for j in mchildren]
                cnt += math.prod(out.counts[kl[j]][combo[j]] for j in mchildren)
                room = cap - len(pl)
                if room <= 0:
                    out.truncated = True
                    continue
                for prod in itertools.islice(itertools.product(*child_lists), room):
                    pl.append((p, a, prod))
                if math.prod(len(x) for x in child_lists) > room:
                    out.truncated = True
            out.stored += len(pl)
            if out.stored > PLAN_BUDGET:
                raise GameSizeError(
                    f"backward_induction: ties that change upstream payoffs need more than "
                    f"{PLAN_BUDGET:,} partial plans; lower max_equilibria"
                )
            plans.append(pl)
            counts.append(cnt)
        out.values[p] = values
        out.plans[p] = plans
        out.counts[p] = counts
    return out


def _apply_plan(act: np.ndarray, plan: tuple[Any, ...]) -> None:
    """Write the actions of a partial plan tree (iteratively)."""
    stack = [plan]
    while stack:
        node, a, children = stack.pop()
        if a >= 0:
            act[node] = a
        stack.extend(children)


# =============================================================================== front door
def _check_numeric_pi(game: ExtensiveGame, func: str) -> None:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"{func}: expected an ExtensiveGame, got {type(game).__name__}")
    if game.is_symbolic():
        raise GameError(
            f"{func}: the game has parameters; use symbolic_backward_induction(game) for regimes "
            "or game.substitute(values) for a numeric game"
        )
    if not game.is_perfect_information():
        bad = next(h for h, m in enumerate(game.infoset_members) if len(m) > 1)
        raise GameError(
            f"{func}: the game does not have perfect information (information set "
            f"{game.infoset_names[bad]!r} has {len(game.infoset_members[bad])} nodes); use "
            "subgame_perfect(game)"
        )


def _behavior_of(game: ExtensiveGame, act: np.ndarray, dec: np.ndarray) -> dict[str, dict[str, Any]]:
    one: Any = Fraction(1) if game.is_exact else 1.0
    names = game.infoset_names
    actions = game.infoset_actions
    inf = np.asarray(game.node_infoset)[dec].tolist()
    return {names[h]: {actions[h][a]: one} for h, a in zip(inf, act[dec].tolist())}


def _verified_pure_equilibrium(
    game: ExtensiveGame, ctx: _Ctx, act: np.ndarray, dec: np.ndarray, notes: tuple[str, ...] = ()
) -> BehaviorEquilibrium:
    """The :class:`BehaviorEquilibrium` of a pure plan with its Nash and subgame regrets."""
    eq = make_behavior_equilibrium(game, _behavior_of(game, act, dec), notes=notes)
    return replace(eq, subgame_regret=_plan_gain(ctx, act))


def backward_induction(
    game: ExtensiveGame,
    *,
    max_equilibria: int | None = DEFAULT_MAX_EQUILIBRIA,
    tol: float | None = None,
) -> ExtensiveSolveResult:
    """Every pure subgame-perfect equilibrium of a game of perfect information.

    Parameters
    ----------
    game:
        A numeric game in which every information set has one node (chance nodes allowed).
    max_equilibria:
        Stop after this many equilibria (``None``: no limit, up to an internal budget that
        raises :class:`GameSizeError`). The result says ``complete=False`` when more exist.
    tol:
        Relative tolerance for float games (see :meth:`ExtensiveGame.tolerance`): payoffs
        within it count as ties. Exact games compare exactly.

    Returns
    -------
    ExtensiveSolveResult
        Method ``"backward_induction"``; each equilibrium pure, with ``max_regret`` (Nash
        check) and ``subgame_regret`` (largest one-shot gain at any node) verified zero
        (exactly, or within the tolerance). The diagnostics give the number of SPE and the
        ties met.
    """
    start = time.perf_counter()
    _check_numeric_pi(game, "backward_induction")
    if max_equilibria is not None and (isinstance(max_equilibria, bool) or int(max_equilibria) < 1):
        raise GameError(f"backward_induction: max_equilibria must be a positive integer, got {max_equilibria!r}")
    limit = PLAN_BUDGET if max_equilibria is None else int(max_equilibria)
    ctx = _context(game, tol)
    ind = _induct(ctx)
    kind = ctx.kind
    dec = np.flatnonzero(kind == DECISION)
    diagnostics: list[str] = []
    harmful_nodes = np.flatnonzero(ind.harmful)
    tie_nodes = np.flatnonzero(ind.ntie > 1)
    base = ind.act.copy()
    if harmful_nodes.size:
        mark = _mark_ancestors(np.asarray(game.node_parent), harmful_nodes, len(kind))
        multi_nodes = np.flatnonzero(mark)
        multi = _enumerate_multi(ctx, ind, multi_nodes, limit)
        root_plans = [p for pl in multi.plans[0] for p in pl]
        multi_count = sum(multi.counts[0])
        truncated = multi.truncated
        free = tie_nodes[~mark[tie_nodes]]
    else:
        root_plans = [(0, -1, ())]
        multi_count = 1
        truncated = False
        free = tie_nodes
    free_opts = [
        np.flatnonzero(ind.opt[ctx.ptr[d]:ctx.ptr[d + 1]]).tolist() for d in free.tolist()
    ]
    free_count = math.prod(len(o) for o in free_opts)
    total = multi_count * free_count
    wanted = min(limit, len(root_plans) * free_count)
    equilibria: list[BehaviorEquilibrium] = []
    notes: tuple[str, ...] = ()
    m = len(root_plans)
    for e in range(wanted):
        j, k = e % m, e // m
        act = base.copy()
        _apply_plan(act, root_plans[j])
        # mixed-radix digits of k over the free tie nodes (first node varies fastest; the
        # base plan already has the first optimal action everywhere else)
        pos = 0
        while k:
            k, digit = divmod(k, len(free_opts[pos]))
            act[int(free[pos])] = free_opts[pos][digit]
            pos += 1
        equilibria.append(_verified_pure_equilibrium(game, ctx, act, dec, notes))
    complete = not truncated and len(equilibria) == total
    for eq in equilibria:
        _assert_verified(game, eq, "backward_induction")
    ndec = int(dec.size)
    diagnostics.append(
        f"perfect information: {ndec:,} decision node(s), {int(np.count_nonzero(kind == CHANCE)):,} "
        f"chance node(s), {game.num_terminals:,} terminal node(s)"
    )
    if tie_nodes.size:
        diagnostics.append(
            f"ties at {int(tie_nodes.size):,} decision node(s), {int(harmful_nodes.size):,} of them "
            "between actions with different payoffs (these change the values above them)"
        )
        diagnostics.append(
            "only pure equilibria are listed; mixing between tied actions gives further "
            "subgame-perfect equilibria in behaviour strategies"
        )
    if truncated:
        diagnostics.append(
            f"at least {len(equilibria):,} subgame-perfect equilibria in pure strategies; "
            f"the enumeration stopped at max_equilibria={limit:,}"
        )
    else:
        diagnostics.append(f"{total:,} subgame-perfect equilibri{'um' if total == 1 else 'a'} in pure strategies")
        if not complete:
            diagnostics.append(f"listed the first {len(equilibria):,} (max_equilibria={limit:,})")
    return ExtensiveSolveResult(
        game=game,
        method="backward_induction",
        exact=game.is_exact,
        equilibria=tuple(equilibria),
        complete=complete,
        elapsed=time.perf_counter() - start,
        parameters={"max_equilibria": max_equilibria, "tol": None if game.is_exact else ctx.tol},
        diagnostics=tuple(diagnostics),
    )


def _assert_verified(game: ExtensiveGame, eq: BehaviorEquilibrium, func: str) -> None:
    """Refuse to return an unverified profile (a bug, never expected)."""
    tol = game.tolerance()
    for what, r in (("strategic", eq.max_regret), ("subgame", eq.subgame_regret)):
        if r is None:
            continue
        ok = r == 0 if isinstance(r, Fraction) else float(r) <= tol
        if not ok:
            raise GameError(f"{func}: internal error, a computed profile has {what} regret {r}")


# =============================================================================== symbolic
@dataclass(frozen=True)
class SPERegime:
    """A region of parameter space with one subgame-perfect plan.

    Attributes
    ----------
    condition:
        Where this plan is the SPE chosen by backward induction with ties broken in favour of
        the first action: ``Or`` of the :attr:`pieces` (each an ``And`` of sign conditions).
        The admissible intervals of the parameters are assumed, not repeated.
    pieces:
        The conjunctions (one per way of reaching this plan in the induction).
    plan:
        ``{information set name: action}`` at every decision node.
    payoffs:
        Expected payoff of each player (sympy expressions).
    outcome:
        Action labels along the equilibrium path while it is deterministic (stops at the
        first chance node).
    witness:
        Parameter values (exact) at which the regime provably holds, or ``None`` when no
        such point was found (the piece could not be shown to be empty either).
    """

    condition: sympy.Basic
    pieces: tuple[sympy.Basic, ...]
    plan: dict[str, str]
    payoffs: tuple[sympy.Expr, ...]
    outcome: tuple[str, ...]
    witness: dict[str, Fraction] | None

    def holds_at(self, values: Mapping[str, Any], game: ExtensiveGame) -> bool:
        """Whether the regime's condition holds at (complete) parameter values."""
        subs = _subs(game, values)
        return any(_decide(p, subs) for p in self.pieces)

    def thresholds(self, parameter: str | Any) -> list[Threshold]:
        """The inequalities of this regime that involve ``parameter``, solved for it."""
        return _thresholds(self.pieces, parameter)

    def describe(self) -> str:
        plan = ", ".join(f"{h}: {a}" for h, a in self.plan.items())
        return f"{_sstr(self.condition)}  =>  {plan}"


@dataclass(frozen=True)
class SymbolicSPEAnalysis:
    """Piecewise backward induction of a parametric perfect-information game.

    ``regimes`` partition the admissible parameter space (ties go to the first action, so
    every admissible point satisfies exactly one regime, up to pieces kept without a
    witness). ``complete`` is False when some piece could neither be shown empty nor be
    given a witness point.
    """

    game: ExtensiveGame
    regimes: tuple[SPERegime, ...]
    admissible: sympy.Basic
    notes: tuple[str, ...]
    complete: bool

    def regime_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> SPERegime:
        """The regime that holds at the given parameter values (defaults fill in the rest)."""
        vals = self.game.parameter_values(values, **kw)
        subs = _subs(self.game, vals)
        for r in self.regimes:
            if any(_decide(p, subs) for p in r.pieces):
                return r
        raise GameError(f"regime_at: no regime holds at {_point_text(vals)} (internal error)")

    def spe_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> BehaviorEquilibrium:
        """The regime's SPE at the given values, as a verified equilibrium of the numeric game."""
        vals = self.game.parameter_values(values, **kw)
        regime = self.regime_at(vals)
        numeric = self.game.substitute(vals)
        ctx = _context(numeric, None)
        act = np.full(numeric.num_nodes, -1, dtype=np.int64)
        dec = np.flatnonzero(ctx.kind == DECISION)
        inf = np.asarray(numeric.node_infoset)
        for d in dec.tolist():
            h = int(inf[d])
            act[d] = numeric.infoset_actions[h].index(regime.plan[numeric.infoset_names[h]])
        eq = _verified_pure_equilibrium(numeric, ctx, act, dec, notes=(f"regime: {_sstr(regime.condition)}",))
        _assert_verified(numeric, eq, "spe_at")
        return eq

    def thresholds(self, parameter: str | Any) -> list[Threshold]:
        """Every regime boundary involving ``parameter``, solved for it (duplicates removed)."""
        return _thresholds([p for r in self.regimes for p in r.pieces], parameter)

    def describe(self) -> str:
        lines = []
        for k, r in enumerate(self.regimes, 1):
            lines.append(f"regime {k}: {r.describe()}")
            lines.append("  payoffs: " + ", ".join(
                f"{pl}={_sstr(v)}" for pl, v in zip(self.game.players, r.payoffs)))
        return "\n".join(lines)


def _sstr(x: Any) -> str:
    import sympy

    return sympy.sstr(x)


def _point_text(vals: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in vals.items())


def _subs(game: ExtensiveGame, values: Mapping[str, Any]) -> dict[Any, Any]:
    import sympy

    vals = game.parameter_values(values)
    return {p.symbol: sympy.Rational(vals[p.name].numerator, vals[p.name].denominator) for p in game.parameters}


def _decide(cond: Any, subs: Mapping[Any, Any]) -> bool:
    """Truth of a condition at a point (exactly; irrational values via high precision)."""
    import sympy

    val = cond.xreplace(subs)
    if val is sympy.true or val is True:
        return True
    if val is sympy.false or val is False:
        return False
    if isinstance(val, (sympy.And, sympy.Or, sympy.Not)):
        parts = [_decide(a, {}) for a in val.args]
        if isinstance(val, sympy.And):
            return all(parts)
        if isinstance(val, sympy.Or):
            return any(parts)
        return not parts[0]
    if isinstance(val, sympy.core.relational.Relational):
        diff = val.lhs - val.rhs
        num = diff if diff.is_Rational else sympy.N(diff, 50)
        if not num.is_number or not num.is_real or num.has(sympy.zoo, sympy.nan):
            raise GameError(f"condition {cond} is not a real number at this point")
        if isinstance(val, sympy.StrictGreaterThan):
            return bool(num > 0)
        if isinstance(val, sympy.GreaterThan):
            return bool(num >= 0)
        if isinstance(val, sympy.StrictLessThan):
            return bool(num < 0)
        if isinstance(val, sympy.LessThan):
            return bool(num <= 0)
    raise GameError(f"condition {cond} could not be decided at this point")


def _thresholds(pieces: Sequence[Any], parameter: str | Any) -> list[Threshold]:
    import sympy

    from gametheory.symbolic.regimes import solve_for

    atoms: set[Any] = set()
    for p in pieces:
        atoms |= p.atoms(sympy.core.relational.Relational)
    sym = None
    for a in atoms:
        for s in a.free_symbols:
            if s.name == (parameter if isinstance(parameter, str) else getattr(parameter, "name", str(parameter))):
                sym = s
    if sym is None:
        return []
    out = []
    seen = set()
    for a in sorted(atoms, key=sympy.default_sort_key):
        t = solve_for(a, sym)
        if t is None:
            continue
        key = (t.relation, str(t.bound))
        # a boundary and its complement (x > b, x <= b) are one threshold
        flip = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}.get(t.relation)
        if key in seen or (flip is not None and (flip, str(t.bound)) in seen):
            continue
        seen.add(key)
        out.append(t)
    return out


@dataclass
class _Piece:
    atoms: tuple[Any, ...]  # sympy relationals, each ``expr > 0`` or ``expr >= 0``
    value: tuple[Any, ...]  # sympy payoff vector
    plan: tuple[tuple[int, int], ...]  # (node, action) for decision nodes of the subtree
    witness: dict[str, Fraction] | None = None


class _Feasibility:
    """Decides whether a conjunction of sign conditions has an admissible solution."""

    def __init__(self, game: ExtensiveGame, samples: int, seed: int) -> None:
        import sympy

        self.game = game
        self.params = game.parameters
        self.symbols = [p.symbol for p in self.params]
        self.cache: dict[Any, tuple[bool | None, dict[str, Fraction] | None]] = {}
        rng = np.random.default_rng(seed)
        pts: list[dict[str, Fraction]] = []
        defaults = {p.name: p.default for p in self.params}
        if all(v is not None for v in defaults.values()):
            pts.append({k: v for k, v in defaults.items() if v is not None})
        for _ in range(samples):
            pt = {}
            for p in self.params:
                lo, hi = p.sample_bounds()
                val = Fraction(lo) + Fraction(int(rng.integers(1, 10**6)), 10**6 + 3) * (Fraction(hi) - Fraction(lo))
                if p.contains(val):
                    pt[p.name] = val
            if len(pt) == len(self.params):
                pts.append(pt)
        self.points = pts
        self.point_subs = [
            {p.symbol: sympy.Rational(pt[p.name].numerator, pt[p.name].denominator) for p in self.params} for pt in pts
        ]
        self.lp_used = 0
        self.undecided = 0

    def check(self, atoms: tuple[Any, ...]) -> tuple[bool | None, dict[str, Fraction] | None]:
        """(True, witness), (False, None) or (None, None) when undecided."""
        key = frozenset(atoms)
        got = self.cache.get(key)
        if got is not None:
            return got
        res = self._check(atoms)
        self.cache[key] = res
        return res

    def _holds(self, atoms: tuple[Any, ...], subs: Mapping[Any, Any]) -> bool:
        try:
            return all(_decide(a, subs) for a in atoms)
        except (GameError, TypeError, ZeroDivisionError):
            return False

    def _check(self, atoms: tuple[Any, ...]) -> tuple[bool | None, dict[str, Fraction] | None]:
        if not atoms:
            return True, (self.points[0] if self.points else None)
        for pt, subs in zip(self.points, self.point_subs):
            if self._holds(atoms, subs):
                return True, pt
        lin = self._linear_rows(atoms)
        if lin is not None:
            self.lp_used += 1
            return self._lp(atoms, lin)
        single = {s for a in atoms for s in a.free_symbols}
        if len(single) == 1:
            return self._one_dim(atoms, next(iter(single)))
        self.undecided += 1
        return None, None

    def _linear_rows(self, atoms: tuple[Any, ...]) -> list[tuple[list[Fraction], Fraction, bool]] | None:
        import sympy

        rows = []
        for a in atoms:
            expr = sympy.expand(a.lhs - a.rhs)
            if not expr.free_symbols <= set(self.symbols):
                return None
            try:
                poly = sympy.Poly(expr, *self.symbols) if self.symbols else None
            except sympy.PolynomialError:
                return None
            if poly is None or poly.total_degree() > 1:
                return None
            coeffs = []
            for s in self.symbols:
                c = poly.coeff_monomial(s)
                if not c.is_Rational:
                    return None
                coeffs.append(Fraction(int(c.p), int(c.q)))
            c0 = poly.coeff_monomial(1)
            if not c0.is_Rational:
                return None
            strict = isinstance(a, sympy.StrictGreaterThan)
            rows.append((coeffs, Fraction(int(c0.p), int(c0.q)), strict))
        return rows

    def _lp(self, atoms: tuple[Any, ...], rows: list[tuple[list[Fraction], Fraction, bool]]) -> tuple[bool | None, dict[str, Fraction] | None]:
        """Maximise the slack ``t`` of the strict rows: ``a.x + b >= t`` (strict), ``>= 0``."""
        import sympy
        from scipy.optimize import linprog

        k = len(self.symbols)
        A, b = [], []
        for coeffs, c0, strict in rows:
            A.append([-float(c) for c in coeffs] + [1.0 if strict else 0.0])
            b.append(float(c0))
        bounds = []
        for p in self.params:
            lo = None if p.lower is None else float(p.lower)
            hi = None if p.upper is None else float(p.upper)
            bounds.append((lo, hi))
        bounds.append((None, 1.0))
        # open parameter bounds: x - lo >= t
        for j, p in enumerate(self.params):
            if p.lower is not None and p.lower_open:
                row = [0.0] * (k + 1)
                row[j] = -1.0
                row[k] = 1.0
                A.append(row)
                b.append(-float(p.lower))
            if p.upper is not None and p.upper_open:
                row = [0.0] * (k + 1)
                row[j] = 1.0
                row[k] = 1.0
                A.append(row)
                b.append(float(p.upper))
        cost = [0.0] * k + [-1.0]
        res = linprog(cost, A_ub=A, b_ub=b, bounds=bounds, method="highs")
        if res.status == 2:  # infeasible even without strictness
            return False, None
        if res.status != 0:
            self.undecided += 1
            return None, None
        t = -res.fun
        needs_slack = any(s for _, _, s in rows) or any(p.lower_open or p.upper_open for p in self.params)
        if needs_slack and t <= 1e-12:
            return False, None
        # confirm at a rational point near the LP solution (exact)
        x = res.x[:k]
        for denom in (10**3, 10**6, 10**9, 10**12):
            pt = {p.name: Fraction(round(float(v) * denom), denom) for p, v in zip(self.params, x)}
            if not all(p.contains(pt[p.name]) for p in self.params):
                continue
            subs = {p.symbol: sympy.Rational(pt[p.name].numerator, pt[p.name].denominator) for p in self.params}
            if self._holds(atoms, subs):
                return True, pt
        self.undecided += 1
        return None, None

    def _one_dim(self, atoms: tuple[Any, ...], sym: Any) -> tuple[bool | None, dict[str, Fraction] | None]:
        import sympy

        p = next(q for q in self.params if q.symbol == sym)
        try:
            sol = sympy.solvers.inequalities.reduce_inequalities(list(atoms) + [p.condition()], [sym])
        except (NotImplementedError, TypeError, ValueError):
            self.undecided += 1
            return None, None
        if sol is sympy.false:
            return False, None
        try:
            setx = sol.as_set()
        except (NotImplementedError, TypeError, ValueError):
            self.undecided += 1
            return None, None
        if setx.is_empty:
            return False, None
        # a rational point inside: midpoints of the first interval, or an isolated point
        cands = []
        for part in (setx.args if isinstance(setx, sympy.Union) else (setx,)):
            if isinstance(part, sympy.FiniteSet):
                cands.extend(part.args)
            elif isinstance(part, sympy.Interval):
                lo, hi = part.start, part.end
                if lo.is_finite and hi.is_finite:
                    cands.append((lo + hi) / 2)
                elif lo.is_finite:
                    cands.append(lo + 1)
                elif hi.is_finite:
                    cands.append(hi - 1)
                else:
                    cands.append(sympy.Integer(0))
        others = {q.name: (q.default if q.default is not None else Fraction(0)) for q in self.params if q.symbol != sym}
        for c in cands:
            c = sympy.nsimplify(c) if not c.is_Rational else c
            if not c.is_Rational:
                continue
            val = Fraction(int(c.p), int(c.q))
            if not p.contains(val):
                continue
            pt = dict(others)
            pt[p.name] = val
            subs = {sym: c}
            if self._holds(atoms, subs):
                return True, {q.name: pt[q.name] for q in self.params}
        self.undecided += 1
        return None, None


def _negate(atom: Any) -> Any:
    """``not (e > 0)`` is ``-e >= 0``; ``not (e >= 0)`` is ``-e > 0``."""
    import sympy

    e = sympy.expand(-(atom.lhs - atom.rhs))
    return sympy.GreaterThan(e, 0) if isinstance(atom, sympy.StrictGreaterThan) else sympy.StrictGreaterThan(e, 0)


def _drop_redundant(atoms: tuple[Any, ...], feas: _Feasibility) -> tuple[Any, ...]:
    """Remove the conditions implied by the others (and the admissible intervals).

    A condition is dropped only when the others together with its negation are *proven*
    infeasible (exact 1-D reasoning or an LP), so the conjunction is unchanged.
    """
    kept = list(atoms)
    for a in atoms:
        others = [b for b in kept if b is not a]
        ok, _ = feas.check(tuple(others) + (_negate(a),))
        if ok is False:
            kept = others
    return tuple(kept)


def _sign_atom(expr: Any, strict: bool) -> Any:
    """``expr > 0`` (strict) or ``expr >= 0`` with denominators of known sign cleared."""
    import sympy

    e = sympy.cancel(sympy.together(expr))
    num, den = sympy.fraction(e)
    if den.is_positive:
        e = sympy.expand(num)
    elif den.is_negative:
        e = sympy.expand(-num)
    elif not den.is_number:
        e = sympy.expand(num * den)
    else:
        e = sympy.expand(e)
    return sympy.StrictGreaterThan(e, 0) if strict else sympy.GreaterThan(e, 0)


def symbolic_backward_induction(
    game: ExtensiveGame,
    *,
    max_regimes: int = 10_000,
    samples: int = 64,
    seed: int = 0,
) -> SymbolicSPEAnalysis:
    """Regimes of subgame-perfect play of a parametric game of perfect information.

    Piecewise backward induction (see the module notes): each regime is a condition on the
    parameters, the SPE plan there (ties to the first action) and the payoffs as formulas.

    Parameters
    ----------
    game:
        A perfect-information game; payoffs and chance probabilities may be formulas in
        :attr:`ExtensiveGame.parameters` (a numeric game gives one regime).
    max_regimes:
        Largest number of pieces held at one node; beyond it :class:`GameSizeError`.
    samples, seed:
        Random admissible points (plus the defaults) tried first when showing that a
        conjunction of conditions can hold.
    """
    import sympy

    if not isinstance(game, ExtensiveGame):
        raise GameError(f"symbolic_backward_induction: expected an ExtensiveGame, got {type(game).__name__}")
    if not game.is_perfect_information():
        raise GameError(
            "symbolic_backward_induction: the game does not have perfect information; "
            "substitute values and use subgame_perfect(game)"
        )
    n = game.num_nodes
    kind = np.asarray(game.node_kind).tolist()
    player = np.asarray(game.node_player).tolist()
    ptr = np.asarray(game.child_ptr).tolist()
    kids = np.asarray(game.child_ids).tolist()
    tindex = np.asarray(game.node_terminal_index).tolist()

    def S(x: Any) -> Any:
        if isinstance(x, Fraction):
            return sympy.Rational(x.numerator, x.denominator)
        return sympy.sympify(x, strict=True)

    tp = game.terminal_payoffs
    probs = [S(p) for p in np.asarray(game.chance_prob).tolist()]
    feas = _Feasibility(game, samples, seed)
    pieces: list[list[_Piece] | None] = [None] * n

    def conj(*lists: tuple[Any, ...]) -> tuple[Any, ...] | None:
        out: list[Any] = []
        seen = set()
        for atoms in lists:
            for a in atoms:
                if a is sympy.true or a in seen:
                    continue
                if a is sympy.false:
                    return None
                seen.add(a)
                out.append(a)
        return tuple(out)

    def admit(atoms: tuple[Any, ...] | None, value: tuple[Any, ...], plan: tuple[tuple[int, int], ...],
              into: list[_Piece]) -> None:
        if atoms is None:
            return
        ok, witness = feas.check(atoms)
        if ok is False:
            return
        into.append(_Piece(atoms, value, plan, witness))
        if len(into) > max_regimes:
            raise GameSizeError(
                f"symbolic_backward_induction: more than {max_regimes:,} pieces at one node; "
                "raise max_regimes or fix some parameters"
            )

    for p in range(n - 1, -1, -1):
        k = kind[p]
        if k == TERMINAL:
            pieces[p] = [_Piece((), tuple(S(x) for x in tp[tindex[p]]), ())]
            continue
        kl = kids[ptr[p]:ptr[p + 1]]
        child_pieces = [pieces[c] or [] for c in kl]
        here: list[_Piece] = []
        for combo in itertools.product(*child_pieces):
            base_atoms = conj(*(c.atoms for c in combo))
            if base_atoms is None:
                continue
            plan_base = tuple(x for c in combo for x in c.plan)
            if len(combo) > 1 and base_atoms:
                ok, _ = feas.check(base_atoms)
                if ok is False:
                    continue
            if k == CHANCE:
                value = tuple(
                    sympy.expand(sum((probs[c] * pc.value[j] for c, pc in zip(kl, combo)), sympy.Integer(0)))
                    for j in range(game.num_players)
                )
                admit(base_atoms, value, plan_base, here)
                continue
            i = player[p]
            for a in range(len(kl)):
                extra: list[Any] = []
                for b in range(len(kl)):
                    if b == a:
                        continue
                    diff = combo[a].value[i] - combo[b].value[i]
                    atom = _sign_atom(diff, strict=b < a)
                    if atom is sympy.false:
                        extra = [sympy.false]
                        break
                    if atom is not sympy.true:
                        extra.append(atom)
                if extra and extra[0] is sympy.false:
                    continue
                admit(conj(base_atoms, tuple(extra)), combo[a].value, plan_base + ((p, a),), here)
        pieces[p] = here
        for c in kl:
            pieces[c] = None  # free memory
    root = [replace(pc, atoms=_drop_redundant(pc.atoms, feas)) for pc in (pieces[0] or [])]
    # group by plan
    names = game.infoset_names
    actions = game.infoset_actions
    inf = np.asarray(game.node_infoset).tolist()
    groups: dict[tuple[tuple[int, int], ...], list[_Piece]] = {}
    for pc in root:
        groups.setdefault(tuple(sorted(pc.plan)), []).append(pc)
    regimes = []
    for plan_key, pcs in groups.items():
        plan = {names[inf[d]]: actions[inf[d]][a] for d, a in sorted(plan_key)}
        conds = tuple(sympy.And(*pc.atoms) if pc.atoms else sympy.true for pc in pcs)
        witness = next((pc.witness for pc in pcs if pc.witness is not None), None)
        regimes.append(
            SPERegime(
                condition=sympy.Or(*conds) if len(conds) > 1 else conds[0],
                pieces=conds,
                plan=plan,
                payoffs=tuple(sympy.simplify(v) for v in pcs[0].value),
                outcome=_outcome_path(game, dict(plan_key)),
                witness=witness,
            )
        )
    regimes.sort(key=lambda r: (r.witness is None, -_share(r, feas)))
    notes = [
        "ties between actions go to the first action, so the regimes partition the admissible "
        "parameter space; on the boundaries other pure SPE exist as well",
    ]
    complete = all(r.witness is not None for r in regimes)
    if not complete:
        notes.append(
            "some regimes have no witness point: their conditions are nonlinear in several "
            "parameters and could be shown neither empty nor nonempty"
        )
    if feas.lp_used:
        notes.append(f"{feas.lp_used} linear feasibility problem(s) solved (scipy HiGHS, confirmed exactly)")
    admissible = sympy.And(*(p.condition() for p in game.parameters)) if game.parameters else sympy.true
    return SymbolicSPEAnalysis(
        game=game, regimes=tuple(regimes), admissible=admissible, notes=tuple(notes), complete=complete
    )


def _share(regime: SPERegime, feas: _Feasibility) -> float:
    if not feas.points:
        return 0.0
    hits = sum(1 for subs in feas.point_subs if any(feas._holds(tuple(_atoms_of(p)), subs) for p in regime.pieces))
    return hits / len(feas.points)


def _atoms_of(cond: Any) -> list[Any]:
    import sympy

    if cond is sympy.true:
        return []
    if isinstance(cond, sympy.And):
        return list(cond.args)
    return [cond]


def _outcome_path(game: ExtensiveGame, plan: Mapping[int, int]) -> tuple[str, ...]:
    out: list[str] = []
    node = 0
    kind = game.node_kind
    while kind[node] == DECISION:
        a = plan[node]
        out.append(game.node_actions(node)[a])
        node = game.child(node, a)
    return tuple(out)
