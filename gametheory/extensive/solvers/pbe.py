"""Perfect Bayesian equilibria of small games with incomplete information, by enumeration.

An *assessment* is a behaviour profile ``b`` together with a *belief* ``μ_h`` at every
information set ``h``: a probability distribution over the nodes of ``h`` (the player's
guess of where in ``h`` play is). It is a perfect Bayesian equilibrium (PBE) here when

* **Bayes' rule on the path**: at every ``h`` reached with positive probability,
  ``μ_h(n) = P_b(n) / P_b(h)``;
* **sequential rationality**: at every information set, on the path or off it, the
  player's continuation strategy from ``h`` is a best response, given ``μ_h`` and the
  others' strategies, among all of the player's continuation strategies (not only
  one-shot deviations).

Beliefs off the equilibrium path are free. This is the *weak* PBE; in signalling games
(nature draws the sender's type, the sender sends a message, the receiver responds) it
is the perfect Bayesian equilibrium of Fudenberg & Tirole (1991), which restricts
off-path beliefs only in games with more stages. The sequential equilibria of Kreps &
Wilson (1982) are among these assessments, not necessarily all of them.

The off-path belief report
--------------------------
At an information set off the path, the prescribed continuation is optimal for a belief
``μ`` exactly when it does at least as well as every pure continuation plan ``π`` of the
player, and each such comparison is linear in ``μ``::

    Σ_n μ(n) [U(b | n) - U(π | n)] >= 0.

So the beliefs that sustain the assessment form a polytope in the simplex over the
nodes of ``h`` (:class:`BeliefRegion`): its inequalities, its vertices (computed exactly),
the range of each node's probability over it (for a two-node information set that range
*is* the region, a threshold such as "P(weak) >= 1/2"), and an example belief (the
average of the vertices). An assessment is reported when every off-path region is
non-empty; ``beliefs`` then holds the Bayesian beliefs on the path and the example
beliefs off it, and the notes state each region.

What is enumerated
------------------
* Every pure behaviour profile (``Π_h |A_h|`` of them; :class:`~gametheory.GameSizeError`
  beyond ``max_profiles``).
* With ``mixed=True``: profiles that mix over two actions at one or two information sets
  (pure elsewhere). Along any path each information set occurs at most once (perfect
  recall), so the indifference condition at a mixing set is *multilinear* in the other
  mixing probabilities: with two mixing sets, each condition is linear in the other
  set's probability, and the pair is solved exactly (this finds the semi-separating
  equilibria of signalling games: a type mixing between two messages and the receiver
  mixing after one of them). A mixing probability no condition pins down (the
  indifference holds identically, or the set is off the path) ranges over an interval,
  computed from the one-shot conditions; one representative point is checked and the
  interval is reported in the notes ("one of a continuum").

Each candidate is verified exactly in rational arithmetic (beliefs by Bayes' rule,
sequential rationality at every information set, non-empty off-path regions) before it is
reported; it is then also checked to be a Nash equilibrium by
:meth:`ExtensiveGame.max_regret`. Mixing over three or more actions at one set, or at
three or more sets at once, is not searched (the result says so in its diagnostics).

The complete search (``complete=True``)
---------------------------------------
Every *support profile* (a non-empty set of used actions at each information set,
:func:`count_supports` of them; :class:`~gametheory.GameSizeError` beyond
``max_supports``) is examined. The supports fix which nodes are reached. The unknowns are
the probabilities of the used actions at the mixing sets. At every information set whose
belief is fixed (on the path, where Bayes' rule applies, or with a single node) the used
actions must be equally good: ``Σ_{n in h} ρ_{-i}(n) [V_i(n a) - V_i(n a')] = 0``, where
``ρ_{-i}`` is the reach probability through chance and the others' moves (the player's own
moves are common to the nodes of ``h`` by perfect recall and cancel). These equations are
multilinear polynomials; sympy's ``solve`` returns their solution sets exactly, as points
or as families with free parameters. Each point is checked by the exact assessment check
above. A family with *one* free parameter ``t`` is decided cell by cell: the real roots of
the necessary sign conditions (used actions at least as good as unused ones at the fixed
sets, probabilities positive) cut ``(0, 1)`` into cells on which every such condition has
a constant sign; a cell failing them is empty, and in the others a rational sample point
(and each rational root) is checked in full and reported as "one of a continuum" with the
cell in its notes. A family with several free parameters is cut into boxes of such cells
when every sign condition involves only one parameter (e.g. receivers mixing after several
unused messages); otherwise it is sampled on a grid.

``result.complete`` is ``True`` when every support was decided: every isolated solution
was rational and checked, and every one-parameter cell was either excluded by the sign
conditions or yielded a verified assessment, and every family with more parameters had a
verified point. It then means that every PBE of the game is either in the list or
lies in the solution family of a listed representative (same supports; for one free
parameter also the same cell); the other points of a family are not all verified (the
belief regions can change inside a cell). It rests on sympy's ``solve`` returning every
solution of each polynomial system. Otherwise the diagnostics name each undecided support
("not decided: ...").

Refinements (sequential equilibrium, intuitive criterion, D1) are in
:mod:`gametheory.extensive.solvers.refine`.

References: D. Fudenberg & J. Tirole (1991), "Perfect Bayesian equilibrium and sequential
equilibrium", *Journal of Economic Theory* 53:236-260; I.-K. Cho & D. M. Kreps (1987),
"Signaling games and stable equilibria", *Quarterly Journal of Economics* 102:179-221;
M. Spence (1973), "Job market signaling", *QJE* 87:355-374; D. M. Kreps & R. Wilson
(1982), "Sequential equilibria", *Econometrica* 50:863-894.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.linalg import solve_exact
from gametheory._kernel.values import simplest_strictly_between
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.game import DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.result import ExtensiveSolveResult, make_behavior_equilibrium
from gametheory.extensive.values import FLOAT, SYMBOLIC

__all__ = ["BeliefRegion", "belief_regions", "count_supports", "perfect_bayesian"]

#: Largest number of pure continuation plans enumerated at one off-path information set.
MAX_PLANS = 20_000
#: Largest number of vertex candidates (subsets of constraints) tried for one region.
MAX_VERTEX_BASES = 200_000


# ----------------------------------------------------------------------------- belief regions
@dataclass(frozen=True)
class BeliefRegion:
    """The beliefs at one off-path information set that make the prescribed play optimal.

    ``nodes`` name the nodes of the information set (their action paths); a belief is a
    tuple of probabilities in that order. The region is ``{μ in the simplex : c · μ >= 0
    for every c in inequalities}``; it is non-empty, with the given ``vertices``.
    """

    infoset: str
    player: str
    nodes: tuple[str, ...]
    inequalities: tuple[tuple[Fraction, ...], ...]
    vertices: tuple[tuple[Fraction, ...], ...]

    @property
    def example(self) -> dict[str, Fraction]:
        """One belief in the region: the average of its vertices."""
        k = len(self.vertices)
        return {
            n: sum((v[j] for v in self.vertices), Fraction(0)) / k for j, n in enumerate(self.nodes)
        }

    @property
    def bounds(self) -> dict[str, tuple[Fraction, Fraction]]:
        """``{node: (lowest, highest probability)}`` over the region (exact)."""
        return {
            n: (min(v[j] for v in self.vertices), max(v[j] for v in self.vertices))
            for j, n in enumerate(self.nodes)
        }

    @property
    def is_everything(self) -> bool:
        """Whether every belief works (no inequality binds)."""
        return not self.inequalities

    def contains(self, belief: Mapping[str, Any] | Sequence[Any]) -> bool:
        """Whether a belief (``{node: probability}`` or a tuple in ``nodes`` order) is in the region."""
        if isinstance(belief, Mapping):
            mu = [Fraction(belief.get(n, 0)) for n in self.nodes]
        else:
            mu = [Fraction(v) for v in belief]
        if len(mu) != len(self.nodes) or any(v < 0 for v in mu) or sum(mu) != 1:
            return False
        return all(sum((c * m for c, m in zip(row, mu)), Fraction(0)) >= 0 for row in self.inequalities)

    def describe(self) -> str:
        """The region in words: ``"P(weak/quiche) >= 1/2"``, ``"any belief"``, or inequalities."""
        if self.is_everything:
            return "any belief"
        if len(self.nodes) == 2:
            lo, hi = self.bounds[self.nodes[0]]
            n = self.nodes[0]
            if lo == hi:
                return f"P({n}) = {lo}"
            if hi == 1:
                return f"P({n}) >= {lo}"
            if lo == 0:
                return f"P({n}) <= {hi}"
            return f"{lo} <= P({n}) <= {hi}"
        parts = []
        for row in self.inequalities:
            pos = " + ".join(_term(c, n) for c, n in zip(row, self.nodes) if c > 0) or "0"
            neg = " + ".join(_term(-c, n) for c, n in zip(row, self.nodes) if c < 0) or "0"
            parts.append(f"{pos} >= {neg}")
        return "; ".join(parts)

    def __str__(self) -> str:
        return f"{self.infoset}: {self.describe()}"


def _term(c: Fraction, n: str) -> str:
    return f"P({n})" if c == 1 else f"{c}*P({n})"


def _primitive(row: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Scale a nonzero vector to coprime integers (same direction)."""
    den = 1
    for v in row:
        den = math.lcm(den, v.denominator)
    ints = [int(v * den) for v in row]
    g = 0
    for n in ints:
        g = math.gcd(g, n)
    g = g or 1
    return tuple(Fraction(n // g) for n in ints)


def _region_vertices(rows: list[tuple[Fraction, ...]], k: int, where: str) -> list[tuple[Fraction, ...]]:
    """Vertices of ``{μ >= 0, Σμ = 1, c·μ >= 0 for c in rows}`` (exact, by bases)."""
    if k == 1:
        mu = (Fraction(1),)
        return [mu] if all(r[0] >= 0 for r in rows) else []
    unit = [tuple(Fraction(int(i == j)) for j in range(k)) for i in range(k)]
    allrows = list(rows) + unit
    nb = math.comb(len(allrows), k - 1)
    if nb > MAX_VERTEX_BASES:
        raise GameSizeError(
            f"perfect_bayesian: {where}: the belief region has {len(rows)} inequalities over {k} nodes "
            f"({nb:,} vertex candidates, limit {MAX_VERTEX_BASES:,})"
        )
    ones = [Fraction(1)] * k
    found: dict[tuple[Fraction, ...], None] = {}
    for combo in itertools.combinations(range(len(allrows)), k - 1):
        M = [list(allrows[i]) for i in combo] + [ones]
        sol = solve_exact(M, [Fraction(0)] * (k - 1) + [Fraction(1)])
        if sol is None or any(v < 0 for v in sol):
            continue
        if all(sum((c * m for c, m in zip(r, sol)), Fraction(0)) >= 0 for r in rows):
            found[tuple(sol)] = None
    return list(found)


# ----------------------------------------------------------------------------- the game, flattened
class _Context:
    """Lists (not arrays) of the tree for fast exact loops, and per-infoset structure."""

    def __init__(self, game: ExtensiveGame, max_plans: int):
        self.game = game
        self.n = game.num_nodes
        self.parent = game.node_parent.tolist()
        self.action = game.node_action.tolist()
        self.kind = game.node_kind.tolist()
        self.infoset = game.node_infoset.tolist()
        self.player = game.node_player.tolist()
        self.end = game.subtree_end.tolist()
        self.chance = [Fraction(p) for p in game.chance_prob.tolist()]
        ptr = game.child_ptr.tolist()
        ids = game.child_ids.tolist()
        self.children = [ids[ptr[k]:ptr[k + 1]] for k in range(self.n)]
        self.np = game.num_players
        self.payoff: dict[int, tuple[Fraction, ...]] = {}
        for t, node in enumerate(game.terminal_nodes.tolist()):
            self.payoff[node] = tuple(Fraction(v) for v in game.terminal_payoffs[t].tolist())
        self.seqs = game.node_sequences.tolist()
        self.members = [list(m) for m in game.infoset_members]
        self.ih_player = game.infoset_player.tolist()
        self.nact = [len(a) for a in game.infoset_actions]
        self.seq_off = game.infoset_seq_offset.tolist()
        self.par_seq = game.infoset_parent_sequence.tolist()
        # own infosets that follow each sequence of their player
        self.seq_children: list[list[list[int]]] = [
            [[] for _ in range(game.num_sequences[i])] for i in range(self.np)
        ]
        for h in range(game.num_infosets):
            self.seq_children[self.ih_player[h]][self.par_seq[h]].append(h)
        # own infosets at and below each infoset (in id order: parents first)
        self.below: list[list[int]] = []
        for h in range(game.num_infosets):
            i = self.ih_player[h]
            out = [h]
            k = 0
            while k < len(out):
                g = out[k]
                for a in range(self.nact[g]):
                    out.extend(self.seq_children[i][self.seq_off[g] + a])
                k += 1
            self.below.append(sorted(out))
        self.max_plans = max_plans
        self._plans: dict[int, list[frozenset[int]]] = {}
        self.node_names = [self._node_name(k) for k in range(self.n)]

    def _node_name(self, k: int) -> str:
        path = self.game.node_path(k)
        return "/".join(path) if path else "root"

    def plans(self, h: int) -> list[frozenset[int]]:
        """Pure continuation plans of ``h``'s player from ``h``: sets of own sequences."""
        got = self._plans.get(h)
        if got is not None:
            return got
        i = self.ih_player[h]
        out: list[frozenset[int]] = []
        stack: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((), (h,))]
        while stack:
            chosen, pending = stack.pop()
            if not pending:
                out.append(frozenset(chosen))
                if len(out) > self.max_plans:
                    raise GameSizeError(
                        f"perfect_bayesian: more than {self.max_plans:,} continuation plans at information "
                        f"set {self.game.infoset_names[h]!r}"
                    )
                continue
            g, rest = pending[0], pending[1:]
            for a in range(self.nact[g]):
                s = self.seq_off[g] + a
                stack.append((chosen + (s,), rest + tuple(self.seq_children[i][s])))
        self._plans[h] = out
        return out

    # -- one profile
    def edge(self, probs: Sequence[Sequence[Fraction]]) -> list[Fraction]:
        """Probability of the move into each node."""
        out = list(self.chance)
        par, act, kind, inf = self.parent, self.action, self.kind, self.infoset
        for k in range(1, self.n):
            p = par[k]
            if kind[p] == DECISION:
                out[k] = probs[inf[p]][act[k]]
        return out

    def reach(self, edge: Sequence[Fraction]) -> list[Fraction]:
        out = [Fraction(1)] * self.n
        par = self.parent
        for k in range(1, self.n):
            out[k] = out[par[k]] * edge[k]
        return out

    def values(self, edge: Sequence[Fraction]) -> list[tuple[Fraction, ...]]:
        """Expected payoffs from each node on (bottom-up, no recursion)."""
        zero = (Fraction(0),) * self.np
        val: list[tuple[Fraction, ...]] = [zero] * self.n
        for k in range(self.n - 1, -1, -1):
            if self.kind[k] == TERMINAL:
                val[k] = self.payoff[k]
                continue
            acc = [Fraction(0)] * self.np
            for c in self.children[k]:
                e = edge[c]
                if e:
                    vc = val[c]
                    for j in range(self.np):
                        acc[j] += e * vc[j]
            val[k] = tuple(acc)
        return val

    def continuation(self, n: int, i: int, edge: Sequence[Fraction]) -> dict[int, Fraction]:
        """``{own sequence σ: Σ_t w(t) u_i(t)}`` over terminal nodes ``t`` below ``n`` whose last
        own sequence is ``σ``; ``w`` multiplies the chance and other players' moves from ``n``."""
        w: dict[int, Fraction] = {n: Fraction(1)}
        out: dict[int, Fraction] = {}
        par, kind, player = self.parent, self.kind, self.player
        for k in range(n + 1, self.end[n]):
            p = par[k]
            wp = w.get(p)
            if wp is None:
                continue
            f = wp if (kind[p] == DECISION and player[p] == i) else wp * edge[k]
            if f == 0:
                continue
            if kind[k] == TERMINAL:
                s = self.seqs[k][i]
                out[s] = out.get(s, Fraction(0)) + f * self.payoff[k][i]
            else:
                w[k] = f
        return out

    def own_realization(self, h: int, probs: Sequence[Sequence[Fraction]]) -> dict[int, Fraction]:
        """Relative realization ``r(σ)`` of the own sequences at and below ``h`` (``r = 1`` at
        ``h``'s parent sequence)."""
        r: dict[int, Fraction] = {self.par_seq[h]: Fraction(1)}
        for g in self.below[h]:
            base = r.get(self.par_seq[g], Fraction(0))
            off = self.seq_off[g]
            for a in range(self.nact[g]):
                r[off + a] = base * probs[g][a]
        return r

    def best_value(self, h: int, weights: Mapping[int, Fraction]) -> Fraction:
        """``max_π Σ_σ weights[σ] r_π(σ)`` over pure continuation plans from ``h``."""
        i = self.ih_player[h]
        val: dict[int, Fraction] = {}
        for g in reversed(self.below[h]):
            off = self.seq_off[g]
            best = None
            for a in range(self.nact[g]):
                s = off + a
                v = weights.get(s, Fraction(0)) + sum(
                    (val.get(g2, Fraction(0)) for g2 in self.seq_children[i][s]), Fraction(0)
                )
                if best is None or v > best:
                    best = v
            val[g] = best if best is not None else Fraction(0)
        return val[h]


# ----------------------------------------------------------------------------- one assessment
@dataclass
class _Assessment:
    probs: tuple[tuple[Fraction, ...], ...]
    beliefs: dict[str, dict[str, Fraction]]
    regions: dict[str, BeliefRegion]


def _assess(ctx: _Context, probs: tuple[tuple[Fraction, ...], ...]) -> _Assessment | None:
    """The assessment of a profile if it is a PBE (beliefs by Bayes' rule on the path; off the
    path the regions of sustaining beliefs, which must be non-empty), else ``None``."""
    g = ctx.game
    edge = ctx.edge(probs)
    reach = ctx.reach(edge)
    beliefs: dict[str, dict[str, Fraction]] = {}
    regions: dict[str, BeliefRegion] = {}
    off_path: list[int] = []
    # on-path information sets first (cheap); off-path ones need the plan enumeration
    for h in range(g.num_infosets):
        mem = ctx.members[h]
        total = sum((reach[n] for n in mem), Fraction(0))
        if total == 0:
            off_path.append(h)
            continue
        i = ctx.ih_player[h]
        mu = [reach[n] / total for n in mem]
        weights: dict[int, Fraction] = {}
        for n, m in zip(mem, mu):
            if m == 0:
                continue
            for s, v in ctx.continuation(n, i, edge).items():
                weights[s] = weights.get(s, Fraction(0)) + m * v
        r = ctx.own_realization(h, probs)
        current = sum((v * r.get(s, Fraction(0)) for s, v in weights.items()), Fraction(0))
        if ctx.best_value(h, weights) != current:
            return None
        if len(mem) > 1:
            beliefs[g.infoset_names[h]] = {ctx.node_names[n]: m for n, m in zip(mem, mu)}
    for h in off_path:
        mem = ctx.members[h]
        i = ctx.ih_player[h]
        conts = [ctx.continuation(n, i, edge) for n in mem]
        r = ctx.own_realization(h, probs)
        if len(mem) == 1:
            weights = conts[0]
            current = sum((v * r.get(s, Fraction(0)) for s, v in weights.items()), Fraction(0))
            if ctx.best_value(h, weights) != current:
                return None
            continue
        cur = [sum((v * r.get(s, Fraction(0)) for s, v in c.items()), Fraction(0)) for c in conts]
        rows: dict[tuple[Fraction, ...], None] = {}
        for plan in ctx.plans(h):
            d = tuple(cur[j] - sum((v for s, v in conts[j].items() if s in plan), Fraction(0)) for j in range(len(mem)))
            if all(v >= 0 for v in d):
                continue  # holds for every belief
            if all(v < 0 for v in d):
                return None  # fails for every belief (a zero entry leaves the belief on that node)
            rows[_primitive(d)] = None
        name = g.infoset_names[h]
        verts = _region_vertices(list(rows), len(mem), f"information set {name!r}")
        if not verts:
            return None
        region = BeliefRegion(
            infoset=name,
            player=g.players[i],
            nodes=tuple(ctx.node_names[n] for n in mem),
            inequalities=tuple(rows),
            vertices=tuple(sorted(verts)),
        )
        regions[name] = region
        beliefs[name] = region.example
    ordered = {name: beliefs[name] for name in g.infoset_names if name in beliefs}
    return _Assessment(probs, ordered, regions)


# ----------------------------------------------------------------------------- mixed candidates
def _interval(constraints: list[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction] | None:
    """``{t in [0, 1] : α + β t >= 0 for every (α, β)}`` as ``(lo, hi)``, or ``None`` if empty."""
    lo, hi = Fraction(0), Fraction(1)
    for a, b in constraints:
        if b == 0:
            if a < 0:
                return None
        elif b > 0:
            lo = max(lo, -a / b)
        else:
            hi = min(hi, -a / b)
    return (lo, hi) if lo <= hi else None


class _Mixer:
    """Solve the indifference conditions of profiles that mix two actions at one or two
    information sets (pure elsewhere), by multilinear interpolation from the corners."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self._cache: dict[tuple[tuple[Fraction, ...], ...], dict[int, list[Fraction]]] = {}

    def action_values(self, probs: tuple[tuple[Fraction, ...], ...]) -> dict[int, list[Fraction]]:
        """``W_h(a) = Σ_{n in h} P(n) V_i(n a)`` (unnormalised one-shot action values) at every
        information set; cached (the corners of the mixed candidates are pure profiles, shared
        by many candidates)."""
        got = self._cache.get(probs)
        if got is not None:
            return got
        ctx = self.ctx
        edge = ctx.edge(probs)
        reach = ctx.reach(edge)
        val = ctx.values(edge)
        out: dict[int, list[Fraction]] = {}
        for h in range(ctx.game.num_infosets):
            i = ctx.ih_player[h]
            acc = [Fraction(0)] * ctx.nact[h]
            for n in ctx.members[h]:
                rn = reach[n]
                if rn:
                    for a, c in enumerate(ctx.children[n]):
                        acc[a] += rn * val[c][i]
            out[h] = acc
        if len(self._cache) < 100_000:
            self._cache[probs] = out
        return out

    def reached(self, probs: Sequence[Sequence[Fraction]]) -> list[bool]:
        """Which nodes have positive probability (booleans, no arithmetic)."""
        ctx = self.ctx
        pos = [True] * ctx.n
        par, act, kind, inf = ctx.parent, ctx.action, ctx.kind, ctx.infoset
        for k in range(1, ctx.n):
            p = par[k]
            if not pos[p]:
                pos[k] = False
            elif kind[p] == DECISION:
                pos[k] = probs[inf[p]][act[k]] != 0
            else:
                pos[k] = ctx.chance[k] != 0
        return pos

    def candidates(
        self, base: list[tuple[Fraction, ...]], mixed: list[tuple[int, int, int]]
    ) -> list[tuple[tuple[tuple[Fraction, ...], ...], list[str]]]:
        """Profiles (with notes) for ``base`` (pure elsewhere) mixing ``a1``/``a2`` at each
        ``(h, a1, a2)`` in ``mixed``: alternative points of one solution set, best first
        (the caller keeps the first that passes the full check)."""
        ctx = self.ctx
        m = len(mixed)

        def profile(s: Sequence[Fraction]) -> tuple[tuple[Fraction, ...], ...]:
            probs = list(base)
            for (h, a1, a2), sv in zip(mixed, s):
                d = [Fraction(0)] * ctx.nact[h]
                d[a1] = sv
                d[a2] = 1 - sv
                probs[h] = tuple(d)
            return tuple(probs)

        # which information sets are on the path (fixed by the supports)
        half = profile([Fraction(1, 2)] * m)
        reach = self.reached(half)
        on_path = [h for h in range(ctx.game.num_infosets) if any(reach[n] for n in ctx.members[h])]
        supports: dict[int, list[int]] = {}
        for h in on_path:
            supports[h] = [a for a in range(ctx.nact[h]) if half[h][a] > 0]
        corners = list(itertools.product((0, 1), repeat=m))
        W = {c: self.action_values(profile([Fraction(v) for v in c])) for c in corners}

        def poly(h: int, a: int, b: int) -> dict[tuple[int, ...], Fraction]:
            return {c: W[c][h][a] - W[c][h][b] for c in corners}

        def evaluate(p: Mapping[tuple[int, ...], Fraction], s: Sequence[Fraction]) -> Fraction:
            tot = Fraction(0)
            for c, v in p.items():
                w = v
                for cj, sj in zip(c, s):
                    w *= sj if cj else 1 - sj
                tot += w
            return tot

        # one-shot conditions: every support action at least as good as every other action
        ineqs = []
        for h in on_path:
            for a in supports[h]:
                for b in range(ctx.nact[h]):
                    if b not in supports[h]:
                        ineqs.append(poly(h, a, b))
        # indifference at the on-path mixing sets
        value: list[Fraction | None] = [None] * m
        free = [True] * m
        for j, (h, a1, a2) in enumerate(mixed):
            if h not in supports:
                continue  # off the path: no Bayes condition, the belief does the work
            p = poly(h, a1, a2)
            if m == 1:
                c0 = p[(0,)]
                if c0 != p[(1,)] or c0 != 0:
                    return []
                continue
            other = 1 - j
            # linear in the other set's probability
            z = [0, 0]
            c_lo = tuple(z)
            z[other] = 1
            c_hi = tuple(z)
            alpha, beta = p[c_lo], p[c_hi] - p[c_lo]
            if beta == 0:
                if alpha != 0:
                    return []
                continue
            root = -alpha / beta
            if not 0 < root < 1:
                return []
            if value[other] is not None and value[other] != root:
                return []
            value[other] = root
            free[other] = False
        free_idx = [j for j in range(m) if free[j]]
        out: list[tuple[tuple[tuple[Fraction, ...], ...], list[str]]] = []
        if not free_idx:
            s = [v if v is not None else Fraction(1, 2) for v in value]
            if all(evaluate(p, s) >= 0 for p in ineqs):
                out.append((profile(s), []))
            return out
        if len(free_idx) == 1:
            j = free_idx[0]
            fixed = [v if v is not None else Fraction(0) for v in value]
            cons = []
            for p in ineqs:
                s0 = list(fixed)
                s0[j] = Fraction(0)
                s1 = list(fixed)
                s1[j] = Fraction(1)
                a0 = evaluate(p, s0)
                cons.append((a0, evaluate(p, s1) - a0))
            iv = _interval(cons)
            if iv is None:
                return []
            lo, hi = iv
            lo_open, hi_open = max(lo, Fraction(0)), min(hi, Fraction(1))
            if lo_open == hi_open:
                if not 0 < lo_open < 1:
                    return []
                points = [lo_open]
            else:
                mid = simplest_strictly_between(lo_open, hi_open)
                points = [mid, (lo_open + hi_open) / 2]
            h, a1, _ = mixed[j]
            name = ctx.game.infoset_names[h]
            act = ctx.game.infoset_actions[h][a1]
            for t in dict.fromkeys(points):
                s = list(fixed)
                s[j] = t
                note = []
                if lo_open != hi_open:
                    note = [
                        f"one of a continuum: every P({act} at {name}) in [{lo}, {hi}] passes the "
                        f"one-shot conditions (this assessment has {t}; the endpoints 0 and 1 would be "
                        "pure and are checked separately)"
                    ]
                out.append((profile(s), note))
            return out
        # both free: try a few points of the square
        grid = [Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4)]
        for g1 in grid:
            for g2 in grid:
                pt = [g1, g2]
                if all(evaluate(p, pt) >= 0 for p in ineqs):
                    out.append((profile(pt), ["one of a two-parameter continuum of mixed profiles; this is one point"]))
                    if len(out) == 3:
                        return out
        return out


# ----------------------------------------------------------------------------- complete search
#: Sample values for continua with two or more free parameters.
_GRID = (Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4), Fraction(1, 10),
         Fraction(9, 10))


def count_supports(game: ExtensiveGame) -> int:
    """Number of support profiles (a non-empty set of actions at every information set),
    ``Π_h (2^|A_h| - 1)``: what ``perfect_bayesian(game, complete=True)`` enumerates."""
    return math.prod(2 ** len(a) - 1 for a in game.infoset_actions)


def _subsets(k: int) -> list[tuple[int, ...]]:
    return [c for size in range(1, k + 1) for c in itertools.combinations(range(k), size)]


class _SupportSearch:
    """Every support profile, its indifference equations solved exactly (sympy), each
    solution checked by :func:`_assess`."""

    def __init__(self, ctx: _Context):
        import sympy

        self.sp = sympy
        self.ctx = ctx
        self.found: dict[tuple[tuple[Fraction, ...], ...], tuple[_Assessment, list[str]]] = {}
        self.undecided: list[str] = []
        self.n_finite = 0
        self.n_continua = 0
        # player i's own decision nodes are skipped in the reach of the others' moves
        self.payoff_sym = {k: tuple(sympy.Rational(v.numerator, v.denominator) for v in p)
                           for k, p in ctx.payoff.items()}

    # -- one support profile
    def run(self, supports: Sequence[tuple[int, ...]]) -> None:
        sp, ctx = self.sp, self.ctx
        nh = ctx.game.num_infosets
        syms: list[Any] = []
        dist: list[list[Any]] = []
        for h in range(nh):
            d: list[Any] = [sp.Integer(0)] * ctx.nact[h]
            S = supports[h]
            if len(S) == 1:
                d[S[0]] = sp.Integer(1)
            else:
                vs = [sp.Symbol(f"p{h}_{a}", positive=True) for a in S[:-1]]
                syms.extend(vs)
                for a, v in zip(S[:-1], vs):
                    d[a] = v
                d[S[-1]] = 1 - sum(vs)
            dist.append(d)
        # reachability is fixed by the supports
        pos = [True] * ctx.n
        for k in range(1, ctx.n):
            p = ctx.parent[k]
            if not pos[p]:
                pos[k] = False
            elif ctx.kind[p] == DECISION:
                pos[k] = ctx.action[k] in supports[ctx.infoset[p]]
            else:
                pos[k] = ctx.chance[k] != 0
        on_path = [h for h in range(nh) if any(pos[n] for n in ctx.members[h])]
        # sets whose belief is fixed: on the path (Bayes) or a single node
        fixed = [h for h in range(nh) if h in on_path or len(ctx.members[h]) == 1]
        mixing_on = [h for h in fixed if len(supports[h]) > 1]
        edge: list[Any] = [sp.Rational(c.numerator, c.denominator) for c in ctx.chance]
        for k in range(1, ctx.n):
            p = ctx.parent[k]
            if ctx.kind[p] == DECISION:
                edge[k] = dist[ctx.infoset[p]][ctx.action[k]]
        need = bool(mixing_on) or bool(syms)
        vals = self._values(edge) if need else None
        W: dict[int, list[Any]] = {}
        if vals is not None:
            for h in fixed:
                W[h] = self._action_values(h, edge, vals, h in on_path)
        eqs = []
        for h in mixing_on:
            S = supports[h]
            for a in S[:-1]:
                e = sp.expand(W[h][a] - W[h][S[-1]])
                if e != 0:
                    eqs.append(e)
        # necessary sign conditions: support actions at least as good as the others on the path
        ineqs = []
        for h in fixed:
            S = supports[h]
            for b in range(ctx.nact[h]):
                if b not in S:
                    ineqs.append(W[h][S[0]] - W[h][b] if vals is not None else None)
        if not syms:
            self.n_finite += 1
            self._try(supports, dist, {}, [])
            return
        if not eqs:
            sols: list[dict[Any, Any]] = [{}]
        else:
            try:
                sols = sp.solve(eqs, syms, dict=True)
            except (NotImplementedError, ValueError) as exc:  # pragma: no cover - sympy gave up
                self.undecided.append(f"{self._name(supports)}: sympy could not solve the system ({exc})")
                return
        for sol in sols:
            free = [v for v in syms if v not in sol]
            if not free:
                self.n_finite += 1
                self._try(supports, dist, sol, [])
            else:
                self.n_continua += 1
                if self._family_empty(supports, dist, sol, vals, fixed):
                    continue
                self._continuum(supports, dist, sol, free, [q for q in ineqs if q is not None])

    def _family_empty(self, supports: Sequence[tuple[int, ...]], dist: Sequence[Sequence[Any]],
                      sol: Mapping[Any, Any], vals: Sequence[tuple[Any, ...]] | None, fixed: Sequence[int]) -> bool:
        """Conditions that rule out a whole solution family at once: a used action's probability
        that is a constant <= 0, or an off-path information set (several nodes) where the used
        actions' values do not depend on the free parameters and no belief makes them equally
        good and at least as good as the unused ones."""
        sp, ctx = self.sp, self.ctx
        for h, d in enumerate(dist):
            if len(supports[h]) > 1:
                for a in supports[h]:
                    v = d[a].subs(sol)
                    if not v.free_symbols and not bool(v > 0):
                        return True
        if vals is None:
            return False
        for h in range(ctx.game.num_infosets):
            if h in fixed:
                continue
            mem = ctx.members[h]
            i = ctx.ih_player[h]
            S = supports[h]
            V = [[sp.nsimplify(vals[c][i].subs(sol)) for c in ctx.children[n]] for n in mem]
            if any(v.free_symbols or not v.is_Rational for row in V for v in row):
                continue
            q = [[Fraction(int(v.p), int(v.q)) for v in row] for row in V]
            rows: list[tuple[Fraction, ...]] = []
            for a in S[1:]:
                diff = tuple(q[j][a] - q[j][S[0]] for j in range(len(mem)))
                rows.append(diff)
                rows.append(tuple(-x for x in diff))
            for b in range(ctx.nact[h]):
                if b not in S:
                    rows.append(tuple(q[j][S[0]] - q[j][b] for j in range(len(mem))))
            if not _region_vertices(rows, len(mem), f"information set {ctx.game.infoset_names[h]!r}"):
                return True
        return False

    def _values(self, edge: Sequence[Any]) -> list[tuple[Any, ...]]:
        ctx, sp = self.ctx, self.sp
        val: list[tuple[Any, ...]] = [()] * ctx.n
        for k in range(ctx.n - 1, -1, -1):
            if ctx.kind[k] == TERMINAL:
                val[k] = self.payoff_sym[k]
                continue
            acc = [sp.Integer(0)] * ctx.np
            for c in ctx.children[k]:
                if edge[c] != 0:
                    for j in range(ctx.np):
                        acc[j] += edge[c] * val[c][j]
            val[k] = tuple(acc)
        return val

    def _action_values(self, h: int, edge: Sequence[Any], vals: Sequence[tuple[Any, ...]],
                       on_path: bool) -> list[Any]:
        """``Σ_{n in h} ρ_{-i}(n) V_i(n a)``: the others' and chance's reach (player i's own moves
        are common to the nodes of ``h`` by perfect recall, and positive on the path); off the
        path (a single node) just ``V_i(n a)``."""
        ctx, sp = self.ctx, self.sp
        i = ctx.ih_player[h]
        out = [sp.Integer(0)] * ctx.nact[h]
        for n in ctx.members[h]:
            rho: Any = sp.Integer(1)
            k = n
            while on_path and k != 0:
                p = ctx.parent[k]
                if not (ctx.kind[p] == DECISION and ctx.player[p] == i):
                    rho = rho * edge[k]
                k = p
            if rho == 0:
                continue
            for a, c in enumerate(ctx.children[n]):
                out[a] += rho * vals[c][i]
        return out

    def _name(self, supports: Sequence[tuple[int, ...]]) -> str:
        g = self.ctx.game
        parts = []
        for h, S in enumerate(supports):
            if len(S) > 1:
                parts.append(f"{g.infoset_names[h]}: {{{', '.join(g.infoset_actions[h][a] for a in S)}}}")
        return "support " + ("; ".join(parts) if parts else "pure")

    def _point(self, supports: Sequence[tuple[int, ...]], dist: Sequence[Sequence[Any]],
               sol: Mapping[Any, Any]) -> tuple[tuple[Fraction, ...], ...] | None | str:
        """The profile at a solution: Fractions, ``None`` if some support probability is not
        in (0, 1), ``"irrational"`` for a real irrational point inside."""
        sp = self.sp
        out = []
        irrational = False
        for h, d in enumerate(dist):
            row = []
            for a in range(len(d)):
                v = sp.nsimplify(d[a].subs(sol)) if d[a].free_symbols else d[a]
                if v.free_symbols:  # pragma: no cover - callers substitute every symbol
                    raise SolverError("perfect_bayesian: internal error, unsubstituted mixing probability")
                if not v.is_real:
                    return None
                if a in supports[h]:
                    if not (v > 0):
                        return None
                if v.is_Rational:
                    row.append(Fraction(int(v.p), int(v.q)))
                else:
                    irrational = True
                    row.append(Fraction(0))
            out.append(tuple(row))
        if irrational:
            return "irrational"
        return tuple(out)

    def _try(self, supports: Sequence[tuple[int, ...]], dist: Sequence[Sequence[Any]],
             sol: Mapping[Any, Any], notes: list[str]) -> bool | None:
        """Check one point; ``True`` if it is an assessment, ``False`` if not, ``None`` if
        it cannot be represented exactly (irrational)."""
        pt = self._point(supports, dist, sol)
        if pt is None:
            return False
        if pt == "irrational":
            self.undecided.append(f"{self._name(supports)}: an irrational solution {dict(sol)} (not represented "
                                  "exactly, so not checked)")
            return None
        assert not isinstance(pt, str)
        if pt in self.found:
            return True
        got = _assess(self.ctx, pt)
        if got is None:
            return False
        self.found[pt] = (got, notes)
        return True

    def _cells(self, t: Any, exprs: list[Any], name: str) -> list[tuple[Any, str]]:
        """Sample points of the cells into which the real roots (in (0, 1)) of the numerators
        and denominators of ``exprs`` (functions of ``t`` alone) cut ``(0, 1)``: a rational
        inside each open cell and each rational root; irrational roots are noted as undecided."""
        sp = self.sp
        crit: set[Any] = set()
        for e in exprs:
            num, den = sp.fraction(e)
            for part in (num, den):
                if part.free_symbols:
                    for r in sp.Poly(part, t).real_roots():
                        if 0 < r < 1:
                            crit.add(r)
        pts = sorted(crit, key=lambda r: float(r))
        edges = [sp.Integer(0)] + pts + [sp.Integer(1)]
        samples: list[tuple[Any, str]] = []
        for lo, hi in zip(edges, edges[1:]):
            flo = _fraction_below(lo, sp, up=True)
            fhi = _fraction_below(hi, sp, up=False)
            if flo is None or fhi is None or not flo < fhi:  # pragma: no cover - roots are apart
                self.undecided.append(f"{name}: a cell ({lo}, {hi}) too narrow to sample exactly")
                continue
            m = simplest_strictly_between(flo, fhi)
            samples.append((sp.Rational(m.numerator, m.denominator), f"({lo}, {hi})"))
        for r in pts:
            if r.is_Rational:
                samples.append((r, f"{{{r}}}"))
            else:
                self.undecided.append(f"{name}: the irrational critical point {t} = {r} is not checked")
        return samples

    def _continuum(self, supports: Sequence[tuple[int, ...]], dist: Sequence[Sequence[Any]],
                   sol: Mapping[Any, Any], free: list[Any], ineqs: list[Any]) -> None:
        """A solution family with free parameters. When every necessary sign condition (and
        every used action's probability) involves at most one free parameter, the family is cut
        into boxes of cells (a product of one-parameter decompositions) on which those
        conditions have constant signs; each box is excluded or represented by a verified point.
        Otherwise points of a grid are tried."""
        sp = self.sp
        name = self._name(supports)
        desc = ", ".join(f"{k} = {v}" for k, v in sol.items()) or "no equation binds"
        conds = [sp.together(q.subs(sol)) for q in ineqs]
        probs = [sp.together(dist[h][a].subs(sol)) for h in range(len(dist)) for a in supports[h]
                 if len(supports[h]) > 1]
        separable = all(len(e.free_symbols) <= 1 for e in conds + probs)
        if separable:
            per_var: list[list[tuple[Any, str]]] = []
            for t in free:
                mine = [e for e in conds + probs if e.free_symbols == {t}]
                cells = []
                for val, where in self._cells(t, mine, name):
                    if all(_sign_ok(c, t, val, sp, strict=False) for c in conds if c.free_symbols == {t}) and all(
                            _sign_ok(q, t, val, sp, strict=True) for q in probs if q.free_symbols == {t}):
                        cells.append((val, where))  # the others fail on the whole cell
                per_var.append(cells)
            if not all(_sign_ok(c, None, None, sp, strict=False) for c in conds if not c.free_symbols):
                return
            n_boxes = math.prod(len(c) for c in per_var)
            if n_boxes <= 500:
                for box in itertools.product(*per_var):
                    full = {**sol, **{t: val for t, (val, _) in zip(free, box)}}
                    where = ", ".join(f"{t} in {w}" for t, (_, w) in zip(free, box))
                    here = ", ".join(f"{t} = {v}" for t, (v, _) in zip(free, box))
                    note = [f"one of a continuum ({name}: {desc}; free {where}; here {here}; the necessary sign "
                            "conditions hold on the whole of that set, this point is verified)"]
                    if self._try(supports, dist, full, note) is False:
                        self.undecided.append(f"{name}: {where} passes the necessary conditions but the sample "
                                              f"{here} is not an assessment")
                return
        for pt in itertools.product(_GRID, repeat=len(free)):
            full = {**sol, **{v: sp.Rational(x.numerator, x.denominator) for v, x in zip(free, pt)}}
            note = [f"one of a {len(free)}-parameter continuum ({name}: {desc}); this point is verified"]
            if self._try(supports, dist, full, note):
                return
        self.undecided.append(f"{name}: a {len(free)}-parameter solution set ({desc}) with no verified point on "
                              "the sample grid")


def _sign_ok(expr: Any, t: Any, val: Any, sp: Any, *, strict: bool) -> bool:
    """``expr(val) > 0`` (``strict``) or ``>= 0``; ``False`` where ``expr`` is undefined."""
    v = sp.nsimplify(expr.subs(t, val) if t is not None else expr)
    if not v.is_Rational:
        if not v.is_real or not v.is_finite:
            return False
    return bool(v > 0) if strict else bool(v >= 0)


def _fraction_below(x: Any, sp: Any, *, up: bool) -> Fraction | None:
    """A rational strictly inside a cell near the endpoint ``x`` (``x`` itself if rational)."""
    if x.is_Rational:
        return Fraction(int(x.p), int(x.q))
    for digits in (20, 40, 80):
        approx = sp.Rational(sp.N(x, digits))
        if up and approx > x:
            return Fraction(int(approx.p), int(approx.q))
        if not up and approx < x:
            return Fraction(int(approx.p), int(approx.q))
        eps = sp.Rational(1, 10 ** (digits - 3))
        approx = approx + eps if up else approx - eps
        if (up and approx > x) or (not up and approx < x):
            return Fraction(int(approx.p), int(approx.q))
    return None  # pragma: no cover


def _complete_search(ctx: _Context) -> tuple[dict[tuple[tuple[Fraction, ...], ...], tuple[_Assessment, list[str]]],
                                             list[str], bool, int]:
    search = _SupportSearch(ctx)
    n = 0
    for supports in itertools.product(*(_subsets(k) for k in ctx.nact)):
        n += 1
        search.run(supports)
    diags = [f"complete search: {n:,} support profiles, {search.n_finite:,} isolated solutions and "
             f"{search.n_continua:,} solution continua examined (indifference equations solved exactly with sympy)"]
    diags.extend(f"not decided: {u}" for u in search.undecided)
    return search.found, diags, not search.undecided, n


# ----------------------------------------------------------------------------- the solver
def _check_game(game: ExtensiveGame) -> ExtensiveGame:
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"perfect_bayesian: expected an ExtensiveGame, got {type(game).__name__}")
    if game.arithmetic == SYMBOLIC:
        raise SolverError("perfect_bayesian: the game is symbolic; substitute parameter values first")
    why = game.perfect_recall_violation()
    if why is not None:
        raise SolverError(f"perfect_bayesian: the game needs perfect recall: {why}")
    if game.num_infosets == 0:
        raise SolverError("perfect_bayesian: the game has no information sets (no decisions)")
    return game if game.arithmetic != FLOAT else game.to_exact()


def _pure_profile(ctx: _Context, choice: Sequence[int]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(
        tuple(Fraction(int(a == c)) for a in range(k)) for k, c in zip(ctx.nact, choice)
    )


def _count_mixed(nact: Sequence[int], max_mixed: int) -> int:
    total = 0
    nh = len(nact)
    pure_all = math.prod(nact)
    for size in range(1, max_mixed + 1):
        for combo in itertools.combinations(range(nh), size):
            t = pure_all
            for h in combo:
                t = t // nact[h] * math.comb(nact[h], 2)
            total += t
    return total


def belief_regions(game: ExtensiveGame, behavior: Any) -> dict[str, BeliefRegion] | None:
    """For a behaviour profile: the off-path belief regions that make it a PBE, or ``None``
    when no beliefs do (it fails on the path, or some off-path region is empty).

    ``behavior`` is anything :meth:`ExtensiveGame.behavior_profile` accepts (exact numbers).
    """
    eg = _check_game(game)
    prof = eg.behavior_profile(behavior)
    probs = tuple(tuple(Fraction(p) for p in d) for d in prof.probabilities)
    got = _assess(_Context(eg, MAX_PLANS), probs)
    return None if got is None else got.regions


def perfect_bayesian(
    game: ExtensiveGame,
    *,
    max_profiles: int = 20_000,
    mixed: bool = True,
    max_mixed: int = 2,
    complete: bool = False,
    max_supports: int = 5_000,
) -> ExtensiveSolveResult:
    """Perfect Bayesian equilibria (assessments) of a small game, with the off-path beliefs
    each one needs (see the module docs for the definitions and what is searched).

    Parameters
    ----------
    max_profiles:
        Largest number of candidate profiles (pure ones, plus the mixed candidates when
        ``mixed``); beyond it :class:`~gametheory.GameSizeError` is raised.
    mixed:
        Also search profiles that mix over two actions at up to ``max_mixed`` information sets.
    max_mixed:
        ``0``, ``1`` or ``2``.
    complete:
        Enumerate every support profile instead (mixing at any number of information sets,
        over any number of actions) and solve each one's indifference equations exactly;
        ``result.complete`` is then ``True`` when every support was decided (see the module
        docs). ``max_profiles``, ``mixed`` and ``max_mixed`` are then ignored.
    max_supports:
        With ``complete``: the largest number of support profiles
        (:func:`count_supports`); beyond it :class:`~gametheory.GameSizeError` is raised.

    Returns
    -------
    ExtensiveSolveResult
        ``method="perfect_bayesian"``; each equilibrium has ``beliefs`` (Bayes' rule on the
        path, an example belief off it) and ``notes`` (each off-path region in words,
        continua). ``parameters["belief_regions"]`` lists, per equilibrium,
        ``{information set: BeliefRegion}`` for the off-path sets with more than one node.

    Notes
    -----
    Float games are solved on their exact decimal values.
    """
    start = time.perf_counter()
    eg = _check_game(game)
    if not isinstance(max_mixed, int) or not 0 <= max_mixed <= 2:
        raise GameError(f"perfect_bayesian: max_mixed must be 0, 1 or 2, got {max_mixed!r}")
    ctx = _Context(eg, MAX_PLANS)
    nact = ctx.nact
    if complete:
        n_sup = count_supports(eg)
        if n_sup > max_supports:
            raise GameSizeError(
                f"perfect_bayesian: {n_sup:,} support profiles exceed max_supports={max_supports:,} "
                "(complete=True enumerates every support; try complete=False)"
            )
        found_all, diags_all, is_complete, n_sup_checked = _complete_search(ctx)
        return _result(eg, game, found_all, diags_all, is_complete, n_sup_checked, start, "complete")
    n_pure = math.prod(nact)
    n_mixed = _count_mixed(nact, max_mixed) if mixed else 0
    if n_pure + n_mixed > max_profiles:
        raise GameSizeError(
            f"perfect_bayesian: {n_pure:,} pure profiles"
            + (f" and {n_mixed:,} mixed candidates" if mixed else "")
            + f" exceed max_profiles={max_profiles:,}"
            + ("; try mixed=False" if mixed and n_pure <= max_profiles else "")
        )
    found: dict[tuple[tuple[Fraction, ...], ...], tuple[_Assessment, list[str]]] = {}
    for choice in itertools.product(*(range(k) for k in nact)):
        probs = _pure_profile(ctx, choice)
        got = _assess(ctx, probs)
        if got is not None:
            found[probs] = (got, [])
    n_checked = n_pure
    if mixed and max_mixed:
        mixer = _Mixer(ctx)
        nh = len(nact)
        for size in range(1, max_mixed + 1):
            for combo in itertools.combinations(range(nh), size):
                if any(nact[h] < 2 for h in combo):
                    continue
                pairs = [list(itertools.combinations(range(nact[h]), 2)) for h in combo]
                rest = [h for h in range(nh) if h not in combo]
                for pair_choice in itertools.product(*pairs):
                    for choice in itertools.product(*(range(nact[h]) for h in rest)):
                        n_checked += 1
                        base = [tuple(Fraction(0) for _ in range(k)) for k in nact]
                        for h, c in zip(rest, choice):
                            base[h] = tuple(Fraction(int(a == c)) for a in range(nact[h]))
                        spec = [(h, a1, a2) for h, (a1, a2) in zip(combo, pair_choice)]
                        for probs, notes in mixer.candidates(base, spec):
                            if probs in found:
                                break
                            got = _assess(ctx, probs)
                            if got is not None:
                                found[probs] = (got, notes)
                                break
    diagnostics = [
        f"checked {n_pure:,} pure profiles"
        + (f" and {n_checked - n_pure:,} mixed support patterns (two actions at up to {max_mixed} "
           "information sets)" if mixed and max_mixed else "")
    ]
    if mixed and max_mixed:
        diagnostics.append(
            "not searched: mixing over three or more actions at one information set, or at more "
            f"than {max_mixed} information sets at once (complete=True searches every support)"
        )
    return _result(eg, game, found, diagnostics, False, n_checked, start, "two-sets")


def _result(
    eg: ExtensiveGame,
    game: ExtensiveGame,
    found: Mapping[tuple[tuple[Fraction, ...], ...], tuple[_Assessment, list[str]]],
    diagnostics: list[str],
    is_complete: bool,
    n_checked: int,
    start: float,
    search: str,
) -> ExtensiveSolveResult:
    equilibria = []
    regions_out = []
    for probs, (ass, extra) in found.items():
        behavior = {
            eg.infoset_names[h]: dict(zip(eg.infoset_actions[h], probs[h])) for h in range(eg.num_infosets)
        }
        notes = []
        for name, region in ass.regions.items():
            acts = [a for a, p in behavior[name].items() if p > 0]
            ex = ", ".join(f"P({n}) = {v}" for n, v in region.example.items())
            notes.append(
                f"off the path at {name}: {region.player} plays {'/'.join(acts)} when {region.describe()} "
                f"(e.g. {ex})"
            )
        notes.extend(extra)
        eq = make_behavior_equilibrium(eg, behavior, beliefs=ass.beliefs, notes=tuple(notes))
        if eq.max_regret != 0:  # pragma: no cover - sequential rationality implies Nash
            raise SolverError(f"perfect_bayesian: internal error, an assessment has Nash regret {eq.max_regret}")
        equilibria.append(eq)
        regions_out.append(dict(ass.regions))
    if not equilibria:
        diagnostics.append(
            "no assessment found among the candidates; every finite game with perfect recall has "
            "one (a sequential equilibrium is one), so this game needs more mixing than is searched"
        )
    if game.arithmetic == FLOAT:
        diagnostics.append("float game solved on its exact decimal values")
    return ExtensiveSolveResult(
        game=eg,
        method="perfect_bayesian",
        arithmetic="exact",
        equilibria=tuple(equilibria),
        complete=is_complete,
        elapsed=time.perf_counter() - start,
        parameters={"belief_regions": regions_out, "candidates": n_checked, "search": search},
        diagnostics=tuple(diagnostics),
    )

