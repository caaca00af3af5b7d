"""Subgame-perfect equilibria by subgame decomposition (Selten 1965, 1975).

A *subgame* starts at a node ``r`` whose subtree contains every information set it
touches (:meth:`ExtensiveGame.subgame_roots`). A profile is subgame perfect when it is a
Nash equilibrium of every subgame. :func:`subgame_perfect` finds such profiles from the
deepest subgames up:

1. Subgame roots are visited in reverse preorder (a root inside another subtree has the
   larger number, so it is solved first). For root ``r`` the *reduced subgame* is the
   subtree of ``r`` with every maximal proper subgame below it (already solved) replaced
   by a terminal node carrying that subgame's equilibrium payoffs.
2. The reduced subgame is solved:

   * a single decision node: every optimal action (exact comparison, or within the
     tolerance for float games);
   * a single chance node: the expectation;
   * otherwise its reduced normal form (:func:`~gametheory.extensive.reduced.to_normal_form`,
     players who move there only) goes to a normal-form solver -- ``"auto"``: one mover
     ``pure`` (a decision problem, every optimal pure strategy), otherwise the method
     :func:`gametheory.solve` would pick (``enummixed``, every extreme equilibrium exactly,
     for two movers with up to 12 strategies each; ``enumpoly`` for small games of three or
     more; one equilibrium by Lemke-Howson or the logit path beyond) -- and each mixed
     equilibrium becomes behaviour
     strategies by Kuhn's theorem
     (:func:`~gametheory.extensive.reduced.mixed_to_behavior`).

   When a lower subgame has several equilibria, each combination of them is a separate
   reduced game above (enumeration capped by ``max_equilibria``; ``per_subgame="first"``
   keeps one equilibrium per subgame instead).
3. Every profile returned is verified: the strategic regret in the whole game (Nash) and,
   for every subgame root, the regret in its reduced subgame with the profile's own
   continuation values at the subgames below (:attr:`BehaviorEquilibrium.subgame_regret`,
   the largest of them). By induction from the deepest subgames, these are all zero exactly
   when the profile is a Nash equilibrium of every subgame (for perfect recall: a player's
   strategies in disjoint subgames are independent, so no deviation spanning several
   subgames can gain when none confined to one reduced subgame does).

Games of perfect information go to :func:`~gametheory.extensive.solvers.backward.backward_induction`
(every node is a subgame root there). Games without proper subgames (Selten's horse) get
their Nash equilibria: subgame perfection adds nothing.

References: R. Selten (1965), *Zeitschrift für die gesamte Staatswissenschaft* 121; R. Selten
(1975), *International Journal of Game Theory* 4, 25-55; H. W. Kuhn (1953), *Contributions to
the Theory of Games II*.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame, TreeRecords
from gametheory.extensive.result import BehaviorEquilibrium, ExtensiveSolveResult, make_behavior_equilibrium
from gametheory.extensive.solvers.backward import DEFAULT_MAX_EQUILIBRIA, _assert_verified, backward_induction

__all__ = ["MAX_SUBGAME_ENTRIES", "subgame_perfect", "subgame_regret"]

#: Largest reduced normal form (payoff entries) built for one reduced subgame.
MAX_SUBGAME_ENTRIES = 200_000



@dataclass(frozen=True)
class _Solution:
    """One equilibrium of the subgame at a root: payoffs (all players), the behaviour at the
    infosets of its reduced subgame, and the solutions chosen for the subgames below."""

    value: tuple[Any, ...]
    own: tuple[tuple[int, tuple[Any, ...]], ...]
    below: tuple[_Solution, ...]


@dataclass
class _Reduced:
    """The reduced subgame of one root: its nodes (preorder) and frontier subgame roots."""

    root: int
    nodes: list[int]
    frontier: list[int]  # proper subgame roots replaced by terminals (preorder)
    movers: list[int]  # players with a decision node here, in player order


def _reduced_structure(game: ExtensiveGame, root: int, is_root: np.ndarray) -> _Reduced:
    end = game.subtree_end
    kind = game.node_kind
    player = game.node_player
    nodes: list[int] = []
    frontier: list[int] = []
    movers: set[int] = set()
    x = root
    stop = int(end[root])
    while x < stop:
        nodes.append(x)
        if x != root and is_root[x]:
            frontier.append(x)
            x = int(end[x])
            continue
        if kind[x] == DECISION:
            movers.add(int(player[x]))
        x += 1
    return _Reduced(root, nodes, frontier, sorted(movers))


def _reduced_game(
    game: ExtensiveGame, red: _Reduced, leaf_value: dict[int, tuple[Any, ...]]
) -> tuple[ExtensiveGame, list[int]]:
    """The reduced subgame as a game of its movers; ``leaf_value[x]`` are the (all-player)
    payoffs at frontier roots and terminals. Returns the game and its node -> original node map."""
    movers = red.movers
    index = {i: k for k, i in enumerate(movers)}
    rec = TreeRecords(players=tuple(game.players[i] for i in movers))
    front = set(red.frontier)
    kind = game.node_kind
    inf = game.node_infoset
    for x in red.nodes:
        if x in front or kind[x] == TERMINAL:
            vec = leaf_value[x]
            rec.add(TERMINAL, outcome=rec.add_outcome(tuple(vec[i] for i in movers)))
        elif kind[x] == DECISION:
            i = index[int(game.node_player[x])]
            h = int(inf[x])
            rec.infoset_labels[(i, h)] = game.infoset_names[h]
            rec.add(DECISION, player=i, infoset=h, actions=game.infoset_actions[h])
        else:
            rec.add(CHANCE, actions=game.node_actions(x), probs=game.chance_probabilities(x))
    sub = ExtensiveGame.from_records(rec, exact=game.is_exact, where="subgame_perfect")
    return sub, red.nodes


def _leaf_values(game: ExtensiveGame, red: _Reduced, frontier_values: Sequence[tuple[Any, ...]]) -> dict[int, tuple[Any, ...]]:
    out = dict(zip(red.frontier, frontier_values))
    tindex = game.node_terminal_index
    tp = game.terminal_payoffs
    kind = game.node_kind
    front = set(red.frontier)
    for x in red.nodes:
        if kind[x] == TERMINAL and x not in front:
            out[x] = tuple(tp[int(tindex[x])].tolist())
    return out


def _values_under(
    game: ExtensiveGame, red: _Reduced, leaf: dict[int, tuple[Any, ...]], beh: dict[int, tuple[Any, ...]], zero: Any
) -> tuple[Any, ...]:
    """Expected payoffs (all players) at the root of a reduced subgame under behaviour ``beh``."""
    kind = game.node_kind
    ptr, kids = game.child_ptr, game.child_ids
    inf = game.node_infoset
    val: dict[int, tuple[Any, ...]] = {}
    np_ = game.num_players
    for x in reversed(red.nodes):
        if x in leaf:
            val[x] = leaf[x]
            continue
        kl = kids[ptr[x]:ptr[x + 1]].tolist()
        if kind[x] == DECISION:
            w = beh[int(inf[x])]
        else:
            w = tuple(game.chance_prob[c] for c in kl)
        val[x] = tuple(sum((p * val[c][j] for p, c in zip(w, kl) if p != 0), zero) for j in range(np_))
    return val[red.root]


def _better(a: Any, b: Any, tol: Any) -> bool:
    return bool(a > b + tol)


_Found = list[tuple[tuple[Any, ...], tuple[tuple[int, tuple[Any, ...]], ...]]]


def _solve_reduced(
    game: ExtensiveGame,
    red: _Reduced,
    frontier_values: Sequence[tuple[Any, ...]],
    method: str,
    tol: Any,
    zero: Any,
    one: Any,
    diag: dict[str, Any],
) -> _Found:
    """Equilibria of one reduced subgame: (payoffs of all players, behaviour at its infosets)."""
    leaf = _leaf_values(game, red, frontier_values)
    r = red.root
    kind = game.node_kind
    if len(red.nodes) - len(leaf) == 1:
        kl = game.child_ids[game.child_ptr[r]:game.child_ptr[r + 1]].tolist()
        if kind[r] == CHANCE:
            probs = [game.chance_prob[c] for c in kl]
            vec = tuple(sum((p * leaf[c][j] for p, c in zip(probs, kl)), zero) for j in range(game.num_players))
            return [(vec, ())]
        i = int(game.node_player[r])
        h = int(game.node_infoset[r])
        keys = [leaf[c][i] for c in kl]
        mx = max(keys)
        out: _Found = []
        for a, kv in enumerate(keys):
            if not _better(mx, kv, tol):
                dist = tuple(one if b == a else zero for b in range(len(kl)))
                out.append((leaf[kl[a]], ((h, dist),)))
        diag["single"].add(r)
        if len(out) > 1:
            diag["ties"].add(r)
        return out
    if not red.movers:
        return [(_values_under(game, red, leaf, {}, zero), ())]
    sub, node_map = _reduced_game(game, red, leaf)
    from gametheory.extensive.reduced import count_reduced_strategies, mixed_to_behavior
    from gametheory.normal.solvers import choose_method, solve

    counts = [count_reduced_strategies(sub, i) for i in range(sub.num_players)]
    entries = len(counts) * int(np.prod([float(c) for c in counts]))
    if entries > MAX_SUBGAME_ENTRIES:
        raise GameSizeError(
            f"subgame_perfect: the subgame at {game.describe_node(r)} has a reduced normal form of "
            f"{' x '.join(f'{c:,}' for c in counts)} strategies ({entries:,} payoff entries, limit "
            f"{MAX_SUBGAME_ENTRIES:,}); use a sequence-form method for this game"
        )
    nf = sub.to_normal_form(reduced=True)
    single_mover = len(red.movers) == 1
    m = "pure" if single_mover else (choose_method(nf) if method == "auto" else method)  # type: ignore[arg-type]
    try:
        res = solve(nf, m)  # type: ignore[arg-type]
    except SolverError as exc:
        raise SolverError(
            f"subgame_perfect: solving the subgame at {game.describe_node(r)} with {m!r} failed: {exc}"
        ) from None
    diag["normal_form"].add(r)
    diag["methods"].add(m)
    if single_mover:
        # a decision problem: the optimal pure strategies are all extreme optima
        if len(res.equilibria) > 1:
            diag["ties"].add(r)
    elif not res.complete:
        diag["incomplete"].add(f"{game.describe_node(r)} ({m})")
    if getattr(res, "degenerate", None) and any(len(c.equilibria) > 1 for c in res.components):
        diag["continua"].add(game.describe_node(r))
    orig_inf = [int(game.node_infoset[node_map[sub.infoset_members[h][0]]]) for h in range(sub.num_infosets)]
    found: _Found = []
    seen: set[Any] = set()
    for eq in res.equilibria:
        prof = mixed_to_behavior(sub, [list(p) for p in eq.profile])
        beh = {orig_inf[h]: tuple(prof.probabilities[h]) for h in range(sub.num_infosets)}
        if not game.is_exact:
            beh = {h: tuple(float(x) for x in d) for h, d in beh.items()}
        key = tuple(sorted(beh.items()))
        if key in seen:  # realization-equivalent mixed equilibria give the same behaviour
            continue
        seen.add(key)
        vec = _values_under(game, red, leaf, beh, zero)
        found.append((vec, key))
    if not found:
        diag["incomplete"].add(game.describe_node(r) + " (no equilibrium found)")
    return found


def _flatten(sol: _Solution) -> dict[int, tuple[Any, ...]]:
    beh: dict[int, tuple[Any, ...]] = {}
    stack = [sol]
    while stack:
        s = stack.pop()
        beh.update(s.own)
        stack.extend(s.below)
    return beh


def subgame_regret(game: ExtensiveGame, profile: Any) -> Any:
    """Largest regret of ``profile`` over the reduced subgames of every subgame root.

    For each subgame root the moves outside its proper subgames are checked against the
    profile's own continuation values at those subgames (strategic regret, exact for exact
    games). Zero (within the tolerance for floats) for every root means the profile is a
    Nash equilibrium of every subgame: a subgame-perfect equilibrium.
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"subgame_regret: expected an ExtensiveGame, got {type(game).__name__}")
    prof = game.behavior_profile(profile)
    beh = {h: tuple(prof.probabilities[h]) for h in range(game.num_infosets)}
    return _subgame_regret(game, beh)


def _subgame_regret(game: ExtensiveGame, beh: dict[int, tuple[Any, ...]]) -> Any:
    exact = game.is_exact and all(isinstance(x, Fraction) for d in beh.values() for x in d)
    zero: Any = Fraction(0) if exact else 0.0
    n = game.num_nodes
    kind = game.node_kind.tolist()
    ptr = game.child_ptr.tolist()
    kids = game.child_ids.tolist()
    inf = game.node_infoset.tolist()
    tindex = game.node_terminal_index.tolist()
    tp = game.terminal_payoffs
    np_ = game.num_players
    probs = game.chance_prob.tolist()
    val: list[Any] = [None] * n
    for x in range(n - 1, -1, -1):
        if kind[x] == TERMINAL:
            row = tp[tindex[x]].tolist()
            val[x] = tuple(row) if exact else tuple(float(v) for v in row)
            continue
        kl = kids[ptr[x]:ptr[x + 1]]
        w = beh[inf[x]] if kind[x] == DECISION else tuple(probs[c] for c in kl)
        val[x] = tuple(sum((p * val[c][j] for p, c in zip(w, kl) if p != 0), zero) for j in range(np_))
    roots = game.subgame_roots()
    is_root = np.zeros(n, dtype=bool)
    is_root[list(roots)] = True
    worst: Any = zero
    for r in roots:
        red = _reduced_structure(game, r, is_root)
        nleaves = sum(1 for x in red.nodes if kind[x] == TERMINAL or (x != r and is_root[x]))
        if not red.movers:
            continue
        if len(red.nodes) - nleaves == 1:
            i = int(game.node_player[r])
            kl = kids[ptr[r]:ptr[r + 1]]
            g = max(val[c][i] for c in kl) - val[r][i]
        else:
            leaf = {x: val[x] for x in red.nodes if kind[x] == TERMINAL or (x != r and is_root[x])}
            sub, node_map = _reduced_game(game, red, leaf)
            sub_beh = {
                sub.infoset_names[h]: list(beh[inf[node_map[sub.infoset_members[h][0]]]])
                for h in range(sub.num_infosets)
            }
            g = sub.max_regret(sub.behavior_profile(sub_beh))
        if g > worst:
            worst = g
    return worst if exact else float(worst)


def subgame_perfect(
    game: ExtensiveGame,
    *,
    method: str = "auto",
    max_equilibria: int | None = DEFAULT_MAX_EQUILIBRIA,
    per_subgame: str = "all",
    tol: float | None = None,
) -> ExtensiveSolveResult:
    """Subgame-perfect equilibria in behaviour strategies, by solving subgames bottom-up.

    Parameters
    ----------
    game:
        A numeric game with perfect recall.
    method:
        Normal-form method for reduced subgames in which two or more players move
        (``"auto"``: as :func:`gametheory.solve` chooses; or any name of
        :data:`gametheory.METHODS`). Subgames with one mover are decision problems, solved
        exactly (every optimal pure strategy).
    max_equilibria:
        Cap on the equilibria kept per subgame and returned (``complete=False`` when hit).
    per_subgame:
        ``"all"``: every equilibrium of every subgame, combined (default); ``"first"``: the
        first equilibrium of each subgame only (one SPE, fast).
    tol:
        Relative tolerance for float games.

    Returns
    -------
    ExtensiveSolveResult
        Method ``"subgame_perfect"``; equilibria with ``max_regret`` (whole game) and
        ``subgame_regret`` (every subgame) verified zero. ``complete`` is True when every
        subgame's equilibria were all found and combined without a cap; where a subgame has
        a continuum of equilibria (a degenerate normal form) only its extreme equilibria are
        combined and ``complete`` is False.
    """
    start = time.perf_counter()
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"subgame_perfect: expected an ExtensiveGame, got {type(game).__name__}")
    if game.is_symbolic():
        raise GameError(
            "subgame_perfect: the game has parameters; substitute values first "
            "(or use symbolic_backward_induction for perfect-information trees)"
        )
    if per_subgame not in ("all", "first"):
        raise GameError(f"subgame_perfect: per_subgame must be 'all' or 'first', got {per_subgame!r}")
    if max_equilibria is not None and (isinstance(max_equilibria, bool) or int(max_equilibria) < 1):
        raise GameError(f"subgame_perfect: max_equilibria must be a positive integer, got {max_equilibria!r}")
    if method != "auto":
        from gametheory.normal.solvers import METHODS

        if method not in METHODS:
            raise GameError(f"subgame_perfect: unknown method {method!r}; methods: auto, {', '.join(METHODS)}")
    reason = game.perfect_recall_violation()
    if reason is not None:
        raise GameError(f"subgame_perfect: the game needs perfect recall ({reason})")
    cap = 10**9 if max_equilibria is None else int(max_equilibria)
    if game.is_perfect_information():
        res = backward_induction(game, max_equilibria=cap if per_subgame == "all" else 1, tol=tol)
        return replace(
            res,
            method="subgame_perfect",
            elapsed=time.perf_counter() - start,
            parameters={"method": method, "max_equilibria": max_equilibria, "per_subgame": per_subgame},
            diagnostics=("perfect information: every decision node starts a subgame; solved by backward induction",)
            + res.diagnostics,
            complete=res.complete and per_subgame == "all",
        )
    tolv: Any = Fraction(0) if game.is_exact else game.tolerance(tol)
    zero: Any = Fraction(0) if game.is_exact else 0.0
    one: Any = Fraction(1) if game.is_exact else 1.0
    roots = game.subgame_roots()
    is_root = np.zeros(game.num_nodes, dtype=bool)
    is_root[list(roots)] = True
    solutions: dict[int, list[_Solution]] = {}
    diag: dict[str, Any] = {"single": set(), "ties": set(), "normal_form": set(), "methods": set(), "incomplete": set(), "continua": set()}
    truncated = False
    keep = cap if per_subgame == "all" else 1
    for r in reversed(roots):
        red = _reduced_structure(game, r, is_root)
        lists = [solutions.pop(f) for f in red.frontier]
        here: list[_Solution] = []
        for combo in itertools.product(*lists):
            if len(here) >= keep:
                truncated = truncated or per_subgame == "all"
                break
            found = _solve_reduced(game, red, [s.value for s in combo], method, tolv, zero, one, diag)
            for vec, own in found:
                if len(here) >= keep:
                    truncated = truncated or per_subgame == "all"
                    break
                here.append(_Solution(tuple(vec), own, tuple(combo)))
        if not here:
            raise SolverError(f"subgame_perfect: no equilibrium found in the subgame at {game.describe_node(r)}")
        solutions[r] = here
    equilibria: list[BehaviorEquilibrium] = []
    names = game.infoset_names
    actions = game.infoset_actions
    for sol in solutions[0]:
        beh = _flatten(sol)
        behavior = {names[h]: dict(zip(actions[h], beh[h])) for h in range(game.num_infosets)}
        eq = make_behavior_equilibrium(game, behavior)
        eq = replace(eq, subgame_regret=_subgame_regret(game, beh))
        _assert_verified(game, eq, "subgame_perfect")
        equilibria.append(eq)
    proper = len([r for r in roots if r != 0])
    diagnostics = [
        f"{proper} proper subgame(s); {len(diag['normal_form'])} reduced subgame(s) solved in normal form "
        f"({', '.join(sorted(diag['methods'])) or 'none'}), {len(diag['single'])} single decision node(s) by "
        "comparison",
    ]
    if proper == 0:
        diagnostics.append("no proper subgames: the subgame-perfect equilibria are the Nash equilibria")
    if diag["incomplete"]:
        diagnostics.append("the normal-form method did not certify all equilibria at: " + "; ".join(sorted(diag["incomplete"])))
    if diag["continua"]:
        diagnostics.append(
            "continua of equilibria (only their extreme points were combined) at: " + "; ".join(sorted(diag["continua"]))
        )
    if truncated:
        diagnostics.append(f"enumeration stopped at max_equilibria={cap:,} in some subgame")
    if per_subgame == "first":
        diagnostics.append("per_subgame='first': one equilibrium per subgame")
    if diag["ties"]:
        diagnostics.append(
            f"ties in {len(diag['ties'])} one-player subgame(s): only pure choices there are combined; "
            "mixing between tied actions gives further SPE"
        )
    complete = per_subgame == "all" and not truncated and not diag["incomplete"] and not diag["continua"]
    return ExtensiveSolveResult(
        game=game,
        method="subgame_perfect",
        arithmetic=arithmetic_of(game.is_exact),
        equilibria=tuple(equilibria),
        complete=complete,
        elapsed=time.perf_counter() - start,
        parameters={"method": method, "max_equilibria": max_equilibria, "per_subgame": per_subgame},
        diagnostics=tuple(diagnostics),
    )
