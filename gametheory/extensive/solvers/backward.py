"""Backward induction: every pure subgame-perfect equilibrium of a perfect-information game.

Numeric games only; games whose payoffs or chance probabilities are formulas in
parameters are solved region by region by
:func:`gametheory.symbolic.spe.symbolic_backward_induction`.

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
from typing import Any

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.result import BehaviorEquilibrium, ExtensiveSolveResult, make_behavior_equilibrium

__all__ = [
    "DEFAULT_MAX_EQUILIBRIA",
    "backward_induction",
    "backward_induction_values",
    "one_shot_regret",
    "plan_equilibrium",
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
        arithmetic=arithmetic_of(game.is_exact),
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


def plan_equilibrium(
    game: ExtensiveGame, plan: Mapping[str, str], *, notes: tuple[str, ...] = ()
) -> BehaviorEquilibrium:
    """The pure profile playing ``plan`` (``{information set: action}``), with its regrets.

    Both checks of :func:`backward_induction` are computed: ``max_regret`` (Nash) and
    ``subgame_regret`` (largest one-shot gain at any decision node, reached or not). Unlike
    :func:`backward_induction` the plan need not be an equilibrium; the regrets say whether
    it is.

    >>> from gametheory.extensive import examples
    >>> game = examples.entry_deterrence()
    >>> plan_equilibrium(game, {"Entrant:1": "enter", "Incumbent:1": "accommodate"}).subgame_regret
    Fraction(0, 1)
    >>> plan_equilibrium(game, {"Entrant:1": "stay out", "Incumbent:1": "fight"}).subgame_regret
    Fraction(2, 1)
    """
    _check_numeric_pi(game, "plan_equilibrium")
    ctx = _context(game, None)
    act = np.full(game.num_nodes, -1, dtype=np.int64)
    dec = np.flatnonzero(ctx.kind == DECISION)
    inf = np.asarray(game.node_infoset)
    for d in dec.tolist():
        h = int(inf[d])
        name = game.infoset_names[h]
        if name not in plan:
            raise GameError(f"plan_equilibrium: the plan gives no action at information set {name!r}")
        try:
            act[d] = game.infoset_actions[h].index(plan[name])
        except ValueError:
            raise GameError(
                f"plan_equilibrium: {plan[name]!r} is not an action at {name!r} "
                f"(actions: {', '.join(game.infoset_actions[h])})"
            ) from None
    return _verified_pure_equilibrium(game, ctx, act, dec, notes)
