"""Refinements of perfect Bayesian assessments: sequential equilibrium, the intuitive
criterion and D1.

Each check takes a game and one equilibrium (a :class:`BehaviorEquilibrium` from
:func:`~gametheory.extensive.solvers.pbe.perfect_bayesian`, or a behaviour profile) and
returns a :class:`Verdict`: ``passed`` is ``True``, ``False`` or ``None`` (not decided),
with the reason in words and, where there is one, a witness.

Sequential equilibrium (Kreps & Wilson 1982)
--------------------------------------------
An assessment is *consistent* when its beliefs are the limit of Bayes' rule along fully
mixed profiles converging to the strategies. Kreps and Wilson (1982, sec. 5 and the
appendix) show that such limits can be taken along trembles of the form
``P(a) = z_a ε^{K_a}`` for the actions ``a`` the profile never plays (``K_a >= 1`` an
integer, ``z_a > 0``), every other action keeping its probability. Along such a sequence a
node ``x`` has probability ``κ_x (Π z) ε^{K(x)}``, where ``K(x)`` adds the exponents of the
unused actions on the path to ``x`` and ``κ_x`` multiplies the chance and used-action
probabilities. So at an information set ``h`` the limit belief lives on the nodes of least
``K(x)`` (the *leading set*), in proportion to ``κ_x Π_{a on the path} z_a``.

The check enumerates labellings ``K`` (exponents ``1..L`` on the relevant unused actions,
``L`` their number; the verdict says this bound) and, for each, the leading sets. At each
off-path information set the prescribed play must be optimal for the limit belief, which
must therefore lie in the set's belief region (see
:class:`~gametheory.extensive.solvers.pbe.BeliefRegion`) restricted to the leading set. A
candidate belief (the centre of that face of the region, then its vertices) is tested for
being a limit: with ``y = log z``, the belief ratios give *linear* equations
``(E_x - E_x0) · y = log(μ_x κ_x0 / (μ_x0 κ_x))``, solvable exactly when every integer
combination of rows that vanishes also multiplies the right-hand ratios to 1; that is
checked in rational arithmetic. When the equations have independent rows every belief on
the leading set is a limit, so testing the centre decides the labelling; otherwise a
failure of all candidates leaves the verdict undecided (``None``). ``passed=False`` means
that for every labelling some region is empty on its leading set.

Intuitive criterion and D1 (signalling games)
---------------------------------------------
For a game where chance picks the sender's type, the sender (one information set per type)
sends a message, and the receiver (one information set per message, one node per type)
answers and the game ends. With ``u*(t)`` the type's equilibrium payoff and ``m`` a message
no type sends:

* **Intuitive criterion** (Cho & Kreps 1987, sec. IV): type ``t`` is *equilibrium-dominated*
  at ``m`` when even the best response the receiver could give to any belief pays ``t``
  less than ``u*(t)``. The equilibrium fails if some other type ``t'`` gets more than
  ``u*(t')`` from every best response to a belief on the non-dominated types.
* **D1** (Cho & Kreps 1987, sec. V; Banks & Sobel 1987): type ``t`` is deleted at ``m`` when
  some type ``t'`` would gain from ``m`` at every mixed best response at which ``t``
  gains weakly. The equilibrium fails if no belief on the remaining types sustains the
  receiver's prescribed answer to ``m``.

Best responses are those to some belief over the given types (pure responses suffice for
the extremes of linear payoffs; D1's inclusions are checked over every simplex of mixed
best responses, exactly).

References: D. M. Kreps & R. Wilson (1982), "Sequential equilibria", *Econometrica*
50:863-894; I.-K. Cho & D. M. Kreps (1987), "Signaling games and stable equilibria",
*QJE* 102:179-221; J. S. Banks & J. Sobel (1987), "Equilibrium selection in signaling
games", *Econometrica* 55:647-661; D. Fudenberg & J. Tirole (1991), *Game Theory*, ch. 8
and 11.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.result import BehaviorEquilibrium, ExtensiveSolveResult
from gametheory.extensive.solvers.pbe import (
    MAX_PLANS,
    BeliefRegion,
    _assess,
    _check_game,
    _Context,
    _region_vertices,
    perfect_bayesian,
)

__all__ = [
    "REFINEMENTS",
    "Verdict",
    "d1_criterion",
    "intuitive_criterion",
    "refine",
    "sequential_check",
    "sequential_equilibria",
]

#: The refinements :func:`refine` knows.
REFINEMENTS = ("sequential", "intuitive", "D1")
#: Largest number of tremble labellings tried by :func:`sequential_check`.
MAX_LABELLINGS = 50_000


@dataclass(frozen=True)
class Verdict(Result):
    """One refinement's verdict on one equilibrium (a :class:`~gametheory._kernel.results.Result`).

    ``passed`` is ``True``, ``False`` or ``None`` (not decided, or not applicable: see
    ``reason``); ``witness`` holds what supports it (a consistent belief system and its
    tremble exponents; the deviating type and message). ``method`` is the refinement's name.
    """

    refinement: str
    passed: bool | None
    reason: str
    witness: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.method:
            object.__setattr__(self, "method", self.refinement)

    def __str__(self) -> str:
        word = {True: "passes", False: "fails", None: "undecided"}[self.passed]
        return f"{self.refinement}: {word} ({self.reason})"


def _probs(game: ExtensiveGame, eq: Any) -> tuple[tuple[Fraction, ...], ...]:
    behavior = eq.behavior if isinstance(eq, BehaviorEquilibrium) else eq
    prof = game.behavior_profile(behavior)
    out = []
    for d in prof.probabilities:
        row = []
        for p in d:
            if isinstance(p, float):
                raise GameError("refinements need exact probabilities (Fractions or integers), got a float")
            row.append(Fraction(p))
        out.append(tuple(row))
    return tuple(out)


# ----------------------------------------------------------------------------- sequential
def _log_system_solvable(rows: list[list[Fraction]], ratios: list[Fraction]) -> bool:
    """Whether ``A y = log(ratios)`` has a real solution: every rational ``λ`` with ``λ A = 0``
    must give ``Π ratios^λ = 1`` (checked on an integer basis of the left null space)."""
    if not rows:
        return True
    m, n = len(rows), len(rows[0])
    # row-reduce [A | I] to find the left null space
    aug = [list(r) + [Fraction(int(i == j)) for j in range(m)] for i, r in enumerate(rows)]
    piv_row = 0
    for col in range(n):
        pr = next((r for r in range(piv_row, m) if aug[r][col] != 0), None)
        if pr is None:
            continue
        aug[piv_row], aug[pr] = aug[pr], aug[piv_row]
        pv = aug[piv_row][col]
        aug[piv_row] = [v / pv for v in aug[piv_row]]
        for r in range(m):
            if r != piv_row and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[piv_row])]
        piv_row += 1
    for r in range(piv_row, m):
        lam = aug[r][n:]
        den = 1
        for v in lam:
            den = math.lcm(den, v.denominator)
        ints = [int(v * den) for v in lam]
        num, dd = Fraction(1), Fraction(1)
        for ratio, k in zip(ratios, ints):
            if k > 0:
                num *= ratio ** k
            elif k < 0:
                dd *= ratio ** (-k)
        if num != dd:
            return False
    return True


def sequential_check(game: ExtensiveGame, equilibrium: Any) -> Verdict:
    """Whether a PBE profile is (the strategy part of) a sequential equilibrium: some
    consistent belief system makes it sequentially rational. See the module docs.

    The witness (when ``passed``) holds ``beliefs`` (the consistent beliefs at the off-path
    information sets, exact) and ``exponents`` (the tremble exponent ``K`` of each unused
    action that matters).
    """
    eg = _check_game(game)
    probs = _probs(eg, equilibrium)
    ctx = _Context(eg, MAX_PLANS)
    ass = _assess(ctx, probs)
    if ass is None:
        return Verdict("sequential", False, "not a perfect Bayesian equilibrium (not sequentially rational for "
                       "any beliefs)")
    regions: dict[str, BeliefRegion] = ass.regions
    if not regions:
        return Verdict("sequential", True, "no off-path information set with more than one node: the Bayesian "
                       "beliefs are consistent", {"beliefs": dict(ass.beliefs), "exponents": {}})
    # per node: unused actions on its path and the product of the used probabilities
    n = ctx.n
    zero_path: list[tuple[tuple[int, int], ...]] = [()] * n
    kappa = [Fraction(1)] * n
    for k in range(1, n):
        p = ctx.parent[k]
        if ctx.kind[p] == DECISION:
            h, a = ctx.infoset[p], ctx.action[k]
            if probs[h][a] == 0:
                zero_path[k] = zero_path[p] + ((h, a),)
                kappa[k] = kappa[p]
            else:
                zero_path[k] = zero_path[p]
                kappa[k] = kappa[p] * probs[h][a]
        else:
            zero_path[k] = zero_path[p]
            kappa[k] = kappa[p] * ctx.chance[k]
    sets = [eg.infoset_id(name) for name in regions]
    relevant = sorted({za for h in sets for x in ctx.members[h] for za in zero_path[x]})
    L = max(1, len(relevant))
    n_lab = L ** len(relevant)
    if n_lab > MAX_LABELLINGS:
        raise GameSizeError(f"sequential_check: {n_lab:,} tremble labellings ({len(relevant)} unused actions, "
                            f"exponents 1..{L}) exceed {MAX_LABELLINGS:,}")
    col = {za: j for j, za in enumerate(relevant)}
    seen: set[tuple[tuple[int, ...], ...]] = set()
    undecided = False
    for labels in itertools.product(range(1, L + 1), repeat=len(relevant)):
        K = dict(zip(relevant, labels))
        leading = []
        for h in sets:
            # nodes behind a chance move of probability 0 are never reached, trembles or not
            ks = [sum(K[za] for za in zero_path[x]) if kappa[x] else math.inf for x in ctx.members[h]]
            low = min(ks)
            leading.append(tuple(j for j, v in enumerate(ks) if v == low))
        key = tuple(leading)
        if key in seen:
            continue
        seen.add(key)
        # the log-linear rows of each set (structure only); a zero row fixes a belief ratio
        struct: list[list[tuple[int, list[Fraction]]]] = []
        for h, lead in zip(sets, leading):
            mem = ctx.members[h]
            x0 = mem[lead[0]]
            rws: list[tuple[int, list[Fraction]]] = []
            if kappa[x0] != 0:  # else no tremble reaches this set: its belief is unrestricted
                for j in lead[1:]:
                    row = [Fraction(0)] * len(relevant)
                    for za in zero_path[mem[j]]:
                        row[col[za]] += 1
                    for za in zero_path[x0]:
                        row[col[za]] -= 1
                    rws.append((j, row))
            struct.append(rws)
        # candidates per set: the centre of the region's face on the leading set (with the fixed
        # ratios imposed), then its vertices
        cands: list[list[tuple[Fraction, ...]]] = []
        ok = True
        for h, lead, name, rws in zip(sets, leading, regions, struct):
            reg = regions[name]
            mem = ctx.members[h]
            k = len(reg.nodes)
            rows = list(reg.inequalities) + [
                tuple(Fraction(-int(i == j)) for i in range(k)) for j in range(k) if j not in lead
            ]
            for j, row in rws:
                if not any(row):  # μ_j / μ_0 = κ_j / κ_0 exactly
                    eq = [Fraction(0)] * k
                    eq[j] = kappa[mem[lead[0]]]
                    eq[lead[0]] = -kappa[mem[j]]
                    rows.append(tuple(eq))
                    rows.append(tuple(-v for v in eq))
            verts = _region_vertices(rows, k, f"information set {name!r}")
            centre = None
            if verts:
                centre = tuple(sum((v[j] for v in verts), Fraction(0)) / len(verts) for j in range(k))
            if centre is None or any(centre[j] == 0 for j in lead):
                ok = False  # no belief in the region fits the leading set and the fixed ratios
                break
            cands.append([centre] + [v for v in verts if all(v[j] > 0 for j in lead) and v != centre])
        if not ok:
            continue
        free_rows = [row for rws in struct for _, row in rws if any(row)]
        full_rank = not free_rows or _rank(free_rows) == len(free_rows)
        for choice in itertools.product(*cands):
            A: list[list[Fraction]] = []
            ratios: list[Fraction] = []
            for h, lead, mu, rws in zip(sets, leading, choice, struct):
                mem = ctx.members[h]
                x0 = mem[lead[0]]
                for j, row in rws:
                    A.append(row)
                    ratios.append(mu[j] * kappa[x0] / (mu[lead[0]] * kappa[mem[j]]))
            if _log_system_solvable(A, ratios):
                beliefs = dict(ass.beliefs)
                for name, mu in zip(regions, choice):
                    beliefs[name] = dict(zip(regions[name].nodes, mu))
                exps = {f"{eg.infoset_names[h]}:{eg.infoset_actions[h][a]}": K[(h, a)] for (h, a) in relevant}
                return Verdict(
                    "sequential", True,
                    "consistent beliefs exist (limits of trembles with the exponents in the witness): "
                    + ("; ".join(f"{nm}: " + ", ".join(f"P({x}) = {v}" for x, v in zip(regions[nm].nodes, mu))
                                 for nm, mu in zip(regions, choice))),
                    {"beliefs": beliefs, "exponents": exps},
                )
            if full_rank:  # pragma: no cover - independent rows make every positive belief a limit
                raise SolverError("sequential_check: internal error, an independent system was not solvable")
        if not full_rank:
            undecided = True
    if undecided:
        return Verdict("sequential", None,
                       f"no consistent belief found among the candidates (tremble exponents 1..{L}); the belief "
                       "ratios are tied by the tree's structure and not every belief was tried")
    return Verdict("sequential", False,
                   f"no tremble sequence (exponents 1..{L} on {len(relevant)} unused actions) gives limit beliefs "
                   "inside the belief regions: the off-path play rests on inconsistent beliefs")


def _rank(A: list[list[Fraction]]) -> int:
    M = [list(r) for r in A]
    rank = 0
    cols = len(M[0]) if M else 0
    for c in range(cols):
        pr = next((r for r in range(rank, len(M)) if M[r][c] != 0), None)
        if pr is None:
            continue
        M[rank], M[pr] = M[pr], M[rank]
        for r in range(len(M)):
            if r != rank and M[r][c] != 0:
                f = M[r][c] / M[rank][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[rank])]
        rank += 1
    return rank


# ----------------------------------------------------------------------------- signalling games
@dataclass(frozen=True)
class _Signalling:
    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    sender: tuple[int, ...]  # infoset id per type
    receiver: tuple[int, ...]  # infoset id per message
    us: dict[tuple[int, int, int], Fraction]  # (type, message, response) -> sender payoff
    ur: dict[tuple[int, int, int], Fraction]  # -> receiver payoff
    prior: tuple[Fraction, ...]


def _signalling(game: ExtensiveGame, who: str) -> _Signalling:
    def bad(why: str) -> GameError:
        return GameError(f"{who}: needs a signalling game (chance -> sender type -> message -> receiver "
                         f"response -> end): {why}")

    if int(game.node_kind[0]) != CHANCE:
        raise bad("the root is not a chance node")
    roots = game.children(0)
    types = tuple(game.node_path(c)[-1] for c in roots)
    prior = tuple(Fraction(p) for p in game.chance_probabilities(0))
    sender_player = None
    sender_sets: list[int] = []
    messages: tuple[str, ...] | None = None
    for c in roots:
        if int(game.node_kind[c]) != DECISION:
            raise bad("a type does not lead to a sender decision")
        h = int(game.node_infoset[c])
        if len(game.infoset_members[h]) != 1:
            raise bad("the sender's type is not private (an information set joins two types)")
        i = int(game.node_player[c])
        if sender_player is None:
            sender_player = i
        elif sender_player != i:
            raise bad("different types are moved by different players")
        acts = tuple(game.infoset_actions[h])
        if messages is None:
            messages = acts
        elif acts != messages:
            raise bad("the types do not share the same messages")
        sender_sets.append(h)
    assert messages is not None
    receiver_sets: list[int] = []
    responses: tuple[str, ...] | None = None
    us: dict[tuple[int, int, int], Fraction] = {}
    ur: dict[tuple[int, int, int], Fraction] = {}
    receiver_player = None
    for m, msg in enumerate(messages):
        h_m = None
        for t, c in enumerate(roots):
            node = game.child(c, msg)
            if int(game.node_kind[node]) != DECISION:
                raise bad(f"message {msg!r} does not lead to a receiver decision")
            h = int(game.node_infoset[node])
            i = int(game.node_player[node])
            if i == sender_player or (receiver_player is not None and i != receiver_player):
                raise bad("the response is not made by one receiver")
            receiver_player = i
            if h_m is None:
                h_m = h
            elif h != h_m:
                raise bad(f"after {msg!r} the receiver can tell the types apart")
            acts = tuple(game.infoset_actions[h])
            if responses is None:
                responses = acts
            elif acts != responses:
                raise bad("the receiver's responses differ across messages")
            for r, resp in enumerate(acts):
                leaf = game.child(node, resp)
                if int(game.node_kind[leaf]) != TERMINAL:
                    raise bad("the game continues after the receiver's response")
                pay = game.terminal_payoff(leaf)
                if any(isinstance(v, float) for v in pay):
                    raise bad("payoffs must be exact")
                assert sender_player is not None
                us[(t, m, r)] = Fraction(pay[sender_player])
                ur[(t, m, r)] = Fraction(pay[receiver_player])
        assert h_m is not None
        if len(game.infoset_members[h_m]) != len(roots):
            raise bad(f"the receiver's information set after {msg!r} is not one node per type")
        receiver_sets.append(h_m)
    assert responses is not None
    return _Signalling(types, messages, responses, tuple(sender_sets), tuple(receiver_sets), us, ur, prior)


def _best_response_sets(sg: _Signalling, m: int, types: Sequence[int]) -> list[tuple[int, ...]]:
    """The sets of the receiver's pure best responses at ``m`` to beliefs on ``types``: for
    each belief vertex of each response's optimality region, every response tied there
    (their mixtures are the mixed best responses; the vertices give the maximal sets)."""
    k = len(types)
    R = len(sg.responses)
    out: dict[tuple[int, ...], None] = {}
    for r in range(R):
        rows = []
        for r2 in range(R):
            if r2 != r:
                rows.append(tuple(sg.ur[(t, m, r)] - sg.ur[(t, m, r2)] for t in types))
        for mu in _region_vertices(rows, k, "best responses"):
            vals = [sum((mu[j] * sg.ur[(t, m, r2)] for j, t in enumerate(types)), Fraction(0)) for r2 in range(R)]
            best = max(vals)
            out[tuple(r2 for r2 in range(R) if vals[r2] == best)] = None
    return list(out)


def _equilibrium_payoffs(sg: _Signalling, probs: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    out = []
    for t, h in enumerate(sg.sender):
        v = Fraction(0)
        for m in range(len(sg.messages)):
            pm = probs[h][m]
            if pm:
                for r in range(len(sg.responses)):
                    v += pm * probs[sg.receiver[m]][r] * sg.us[(t, m, r)]
        out.append(v)
    return out


def _prepare(game: ExtensiveGame, equilibrium: Any, who: str) -> tuple[ExtensiveGame, _Signalling,
                                                                          tuple[tuple[Fraction, ...], ...]]:
    eg = _check_game(game)
    sg = _signalling(eg, who)
    probs = _probs(eg, equilibrium)
    if _assess(_Context(eg, MAX_PLANS), probs) is None:
        raise SolverError(f"{who}: the profile is not a perfect Bayesian equilibrium")
    return eg, sg, probs


def _off_path(sg: _Signalling, probs: Sequence[Sequence[Fraction]]) -> list[int]:
    return [m for m in range(len(sg.messages))
            if all(sg.prior[t] * probs[sg.sender[t]][m] == 0 for t in range(len(sg.types)))]


def intuitive_criterion(game: ExtensiveGame, equilibrium: Any) -> Verdict:
    """The Cho-Kreps intuitive criterion for one PBE of a signalling game (module docs).

    The witness of a failure names the ``type`` that would deviate, the ``message`` and the
    ``dominated`` types.
    """
    eg, sg, probs = _prepare(game, equilibrium, "intuitive_criterion")
    ustar = _equilibrium_payoffs(sg, probs)
    T = range(len(sg.types))
    for m in _off_path(sg, probs):
        all_br = {r for S in _best_response_sets(sg, m, list(T)) for r in S}
        dominated = [t for t in T if ustar[t] > max(sg.us[(t, m, r)] for r in all_br)]
        rest = [t for t in T if t not in dominated]
        if not dominated or not rest:
            continue
        br = {r for S in _best_response_sets(sg, m, rest) for r in S}
        for t in rest:
            worst = min(sg.us[(t, m, r)] for r in br)
            if worst > ustar[t]:
                names = [sg.types[d] for d in dominated]
                return Verdict(
                    "intuitive", False,
                    f"type {sg.types[t]} would deviate to {sg.messages[m]}: {'type' if len(names) == 1 else 'types'} "
                    f"{', '.join(names)} cannot gain from it (equilibrium-dominated), and every best response to a "
                    "belief on the others gives "
                    f"{sg.types[t]} at least {worst} > {ustar[t]}",
                    {"type": sg.types[t], "message": sg.messages[m], "dominated": names},
                )
    return Verdict("intuitive", True, "no off-path message attracts a type once equilibrium-dominated types are "
                   "ruled out" if _off_path(sg, probs) else "every message is on the path")


def _gain_sets_included(sg: _Signalling, m: int, t: int, t2: int, ustar: Sequence[Fraction],
                        br_sets: Sequence[tuple[int, ...]]) -> bool:
    """Whether every mixed best response ``α`` with ``u_t(α) >= u*(t)`` has ``u_t2(α) > u*(t2)``."""
    for S in br_sets:
        # vertices of {α in Δ(S) : u_t(α) >= u*(t)}: pure points and edge crossings
        pts: list[dict[int, Fraction]] = []
        for r in S:
            if sg.us[(t, m, r)] >= ustar[t]:
                pts.append({r: Fraction(1)})
        for r1, r2 in itertools.combinations(S, 2):
            a, b = sg.us[(t, m, r1)] - ustar[t], sg.us[(t, m, r2)] - ustar[t]
            if (a > 0 > b) or (a < 0 < b):
                w = b / (b - a)  # weight on r1 making the mixture give exactly u*(t)
                pts.append({r1: w, r2: 1 - w})
        for alpha in pts:
            v = sum((w * sg.us[(t2, m, r)] for r, w in alpha.items()), Fraction(0))
            if not v > ustar[t2]:
                return False
    return True


def d1_criterion(game: ExtensiveGame, equilibrium: Any) -> Verdict:
    """Criterion D1 (Cho & Kreps 1987; Banks & Sobel 1987) for one PBE of a signalling game.

    The witness of a failure names the ``message``, the ``deleted`` types (with the type that
    deletes each) and the receiver's prescribed answer no remaining belief sustains.
    """
    eg, sg, probs = _prepare(game, equilibrium, "d1_criterion")
    ctx = _Context(eg, MAX_PLANS)
    ass = _assess(ctx, probs)
    assert ass is not None
    ustar = _equilibrium_payoffs(sg, probs)
    T = list(range(len(sg.types)))
    for m in _off_path(sg, probs):
        br_sets = _best_response_sets(sg, m, T)
        deleted: dict[int, int] = {}
        for t in T:
            for t2 in T:
                if t2 != t and _gain_sets_included(sg, m, t, t2, ustar, br_sets):
                    deleted[t] = t2
                    break
        rest = [t for t in T if t not in deleted]
        if not deleted or not rest:
            continue
        name = eg.infoset_names[sg.receiver[m]]
        region = ass.regions.get(name)
        k = len(T)
        rows = list(region.inequalities) if region is not None else []
        order = [ctx.members[sg.receiver[m]].index(eg.child(eg.children(0)[t], sg.messages[m])) for t in T]
        for t in deleted:
            rows.append(tuple(Fraction(-int(order[t] == j)) for j in range(k)))
        if not _region_vertices(rows, k, f"information set {name!r}"):
            answer = {sg.responses[r]: p for r, p in enumerate(probs[sg.receiver[m]]) if p}
            return Verdict(
                "D1", False,
                f"after {sg.messages[m]} D1 deletes " + ", ".join(
                    f"{sg.types[t]} (whenever it would gain weakly, {sg.types[t2]} gains strictly)"
                    for t, t2 in deleted.items())
                + f"; no belief on {', '.join(sg.types[t] for t in rest)} makes the receiver's answer optimal",
                {"message": sg.messages[m], "deleted": {sg.types[t]: sg.types[t2] for t, t2 in deleted.items()},
                 "answer": answer},
            )
    return Verdict("D1", True, "at every off-path message some belief on the types D1 keeps sustains the "
                   "receiver's answer" if _off_path(sg, probs) else "every message is on the path")


# ----------------------------------------------------------------------------- per equilibrium
def _sequential_or_undecided(game: ExtensiveGame, eq: Any) -> Verdict:
    try:
        return sequential_check(game, eq)
    except GameSizeError as exc:
        return Verdict("sequential", None, f"not decided: {exc}")


def refine(result: ExtensiveSolveResult, refinements: Sequence[str] = REFINEMENTS) -> ExtensiveSolveResult:
    """The same result with every equilibrium's refinement verdicts: ``parameters["refinements"]``
    (one ``{name: Verdict}`` per equilibrium, in order) and a note per verdict on each
    equilibrium. ``"intuitive"`` and ``"D1"`` are reported as not applicable (``None``) when
    the game is not a signalling game."""
    start = time.perf_counter()
    if not isinstance(result, ExtensiveSolveResult):
        raise GameError(f"refine: expected an ExtensiveSolveResult, got {type(result).__name__}")
    bad = [r for r in refinements if r not in REFINEMENTS]
    if bad or isinstance(refinements, str):
        raise GameError(f"refine: unknown refinements {bad or refinements!r}; choose from {', '.join(REFINEMENTS)}")
    game = result.game
    signalling_error = None
    if "intuitive" in refinements or "D1" in refinements:
        try:
            _signalling(_check_game(game), "refine")
        except GameError as exc:
            signalling_error = str(exc)
    verdicts = []
    new_eqs = []
    for eq in result.equilibria:
        got: dict[str, Verdict] = {}
        for r in refinements:
            if r == "sequential":
                got[r] = _sequential_or_undecided(game, eq)
            elif signalling_error is not None:
                got[r] = Verdict(r, None, f"not applicable: {signalling_error}")
            elif r == "intuitive":
                got[r] = intuitive_criterion(game, eq)
            else:
                got[r] = d1_criterion(game, eq)
        verdicts.append(got)
        new_eqs.append(dataclasses.replace(eq, notes=tuple(eq.notes) + tuple(str(v) for v in got.values())))
    params = dict(result.parameters)
    params["refinements"] = verdicts
    return dataclasses.replace(
        result, equilibria=tuple(new_eqs), parameters=params,
        elapsed=result.elapsed + time.perf_counter() - start,
        diagnostics=tuple(result.diagnostics) + (f"refinements checked: {', '.join(refinements)}",),
    )


def sequential_equilibria(game: ExtensiveGame, *, max_supports: int = 5_000) -> ExtensiveSolveResult:
    """The assessments of the complete PBE search that pass :func:`sequential_check`, each
    with a consistent belief system (``beliefs`` replaced by the witness beliefs).

    ``complete`` is ``True`` only when the PBE search was complete and every verdict was
    decided; undecided assessments are kept out and named in the diagnostics.
    """
    start = time.perf_counter()
    res = perfect_bayesian(game, complete=True, max_supports=max_supports)
    keep = []
    regions = []
    diags = list(res.diagnostics)
    undecided = 0
    for eq, reg in zip(res.equilibria, res.parameters["belief_regions"]):
        v = _sequential_or_undecided(res.game, eq)
        if v.passed:
            keep.append(dataclasses.replace(eq, beliefs=v.witness["beliefs"] or eq.beliefs,
                                            notes=tuple(eq.notes) + (str(v),)))
            regions.append(reg)
        elif v.passed is None:
            undecided += 1
            diags.append(f"sequential check undecided for {eq}: {v.reason}")
    params = dict(res.parameters)
    params["belief_regions"] = regions
    return dataclasses.replace(
        res, method="sequential_equilibria", equilibria=tuple(keep), parameters=params,
        complete=res.complete and undecided == 0, diagnostics=tuple(diags),
        elapsed=time.perf_counter() - start,
    )

