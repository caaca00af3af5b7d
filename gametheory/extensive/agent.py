"""The agent form of a tree: its Lyapunov value and its pure equilibria.

In the *agent form* (Selten 1975; Kuhn 1953) every information set ``h`` is played by its own
agent, who picks one action for ``h`` and is paid what the owner of ``h`` is paid. A behaviour
profile is an agent-form equilibrium when no single agent gains by changing its own
distribution while every other agent -- including the other agents of the same player -- keeps
theirs. Under perfect recall every Nash equilibrium is one; the converse fails (two agents of one
player cannot coordinate a joint deviation), so the agent form has more equilibria.

**Agent Lyapunov value.** With ``P(x)`` the probability that play reaches node ``x``, ``P(h)`` the
probability that play visits ``h`` (the sum of ``P(x)`` over the members of ``h`` with no
ancestor in ``h``; without absent-mindedness simply the sum over all members), ``V_i(x)`` the
owner's expected payoff from ``x`` on and ``x a`` the child of ``x`` reached by action ``a``::

    Q_h(a) = sum_{x in h} P(x) V_i(x a) / P(h)        (value of action a at h)
    Q_h    = sum_{x in h} P(x) V_i(x)   / P(h)        (value of h under the profile)
    L(b)   = sum over h with P(h) > 0 of sum_a max(0, Q_h(a) - Q_h)^2

the agent version of McKelvey's (1991) function, as Gambit's ``agent_liap_value`` defines it:
zero exactly when no agent at a reached information set can gain by a one-shot change of action.
Exact (``Fraction``) for exact games and profiles.

**Pure agent equilibria.** :func:`agent_pure_equilibria` lists every pure behaviour profile from
which no agent gains by switching to another action *at all nodes of its information set at once*
(the literal agent-form deviation; with absent-mindedness this differs from the one-shot
comparison above, as in Gambit's ``enumpure_agent_solve``). All pure profiles are enumerated in
blocks of 65,536 with numpy, bottom up over the tree with one array per node: a terminal node
holds its chance-weighted payoffs (integers after scaling by the common denominator, so every
comparison is exact), a chance node the sum of its children, a decision node the child that
each profile's action selects. A deviation of the agent at ``h`` is another pure profile of the
same enumeration, found by index arithmetic. Every equilibrium returned is then verified again
by a separate walk down the tree, deviation by deviation (and the first few also by
:func:`gametheory.extensive.behavior.expected_payoffs`).

>>> import gametheory as gt
>>> from gametheory.extensive.tree import decision, terminal
>>> tree = decision("Entrant", {"out": terminal(0, 2),
...                              "in": decision("Incumbent", {"fight": terminal(-1, -1),
...                                                           "share": terminal(1, 1)})})
>>> game = gt.ExtensiveGame.from_tree(tree, players=["Entrant", "Incumbent"])
>>> res = agent_pure_equilibria(game)
>>> [sorted(c.values()) for c in res.choices]
[['fight', 'out'], ['in', 'share']]
>>> agent_lyapunov_value(game, {game.infoset_names[0]: {"out": 1}, game.infoset_names[1]: {"fight": 1}})
Fraction(0, 1)
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from gametheory._kernel.results import Result, arithmetic_of, json_value
from gametheory._kernel.values import Number, format_number
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.extensive.behavior import (
    BehaviorProfile,
    _full,
    _lite,
    behavior_profile,
    bottom_up_values,
    edge_probabilities,
    expected_payoffs,
    pure_behavior,
    realization_probabilities,
)
from gametheory.extensive.structure import CHANCE, DECISION, TERMINAL

if TYPE_CHECKING:
    from gametheory.extensive.game import ExtensiveGame

__all__ = [
    "DEFAULT_MAX_PROFILES",
    "AgentPureEquilibria",
    "agent_action_values",
    "agent_lyapunov_value",
    "agent_pure_equilibria",
]

#: Default limit on the number of pure behaviour profiles :func:`agent_pure_equilibria` enumerates.
DEFAULT_MAX_PROFILES = 1 << 20

#: Pure profiles evaluated together (one numpy array of this length per live tree node).
_BLOCK = 1 << 16


def _require_numeric(game: ExtensiveGame, func: str) -> None:
    if game.is_symbolic():
        raise GameError(f"{func}: the game is symbolic; use game.substitute(values) first")


def _first_visits(game: ExtensiveGame, h: int) -> list[int]:
    """Members of ``h`` with no proper ancestor in ``h`` (all members without absent-mindedness)."""
    members = [int(x) for x in game.infoset_members[h]]
    inside = set(members)
    parent = game.node_parent
    out = []
    for x in members:
        p = int(parent[x])
        while p >= 0 and p not in inside:
            p = int(parent[p])
        if p < 0:
            out.append(x)
    return out


def agent_action_values(game: ExtensiveGame, profile: Any) -> dict[str, dict[str, Number] | None]:
    """Conditional value ``Q_h(a)`` of every action at every information set (module docstring).

    Parameters
    ----------
    game : ExtensiveGame
        A numeric (not symbolic) game.
    profile : BehaviorProfile or mapping
        A behaviour profile, in any form :meth:`ExtensiveGame.behavior_profile` accepts.

    Returns
    -------
    dict
        ``{infoset name: {action: value}}``; ``None`` for an information set the profile never
        reaches (``P(h) = 0``), where conditional values are undefined. Values include the
        payoffs collected on the way to ``h`` (as the continuation values of
        :mod:`~gametheory.extensive.behavior` do); Gambit's ``action_value`` leaves them out, so
        the two differ by one constant per information set, and their differences agree.
    """
    return {name: (None if q is None else q[0]) for name, q in _action_values(game, profile).items()}


def _action_values(game: ExtensiveGame, profile: Any) -> dict[str, tuple[dict[str, Number], Number] | None]:
    _require_numeric(game, "agent action values")
    prof = behavior_profile(game, profile)
    reach = realization_probabilities(game, prof).tolist()
    V = bottom_up_values(game, edge_probabilities(game, prof))
    exact = V.dtype == object and not any(isinstance(x, float) for x in reach)
    zero: Number = Fraction(0) if exact else 0.0
    ptr = game.child_ptr
    kids = game.child_ids
    out: dict[str, tuple[dict[str, Number], Number] | None] = {}
    for h in range(game.num_infosets):
        i = int(game.infoset_player[h])
        ph = sum((reach[x] for x in _first_visits(game, h)), zero)
        if ph == 0:
            out[game.infoset_names[h]] = None
            continue
        acts = game.infoset_actions[h]
        q: list[Any] = [zero] * len(acts)
        cur: Any = zero
        for x in game.infoset_members[h]:
            r = reach[x]
            if r == 0:
                continue
            cur += r * V[x, i]
            for a in range(len(acts)):
                q[a] += r * V[int(kids[int(ptr[x]) + a]), i]
        if exact:
            values = {act: Fraction(v) / ph for act, v in zip(acts, q)}
            out[game.infoset_names[h]] = (values, Fraction(cur) / ph)
        else:
            values = {act: float(v) / float(ph) for act, v in zip(acts, q)}
            out[game.infoset_names[h]] = (values, float(cur) / float(ph))
    return out


def agent_lyapunov_value(game: ExtensiveGame, profile: Any) -> Number:
    """The agent-form Lyapunov value ``sum_h sum_a max(0, Q_h(a) - Q_h)^2`` over reached infosets.

    Zero exactly when no agent at a reached information set gains by a one-shot change of
    action; equal to Gambit's ``MixedBehaviorProfile.agent_liap_value`` (see the module
    docstring for the definition). Exact when the game and the profile are exact.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric (not symbolic) game.
    profile : BehaviorProfile or mapping
        A behaviour profile (see :meth:`ExtensiveGame.behavior_profile`).

    Returns
    -------
    Fraction or float
        The agent Lyapunov value.
    """
    total: Any = None
    for entry in _action_values(game, profile).values():
        if entry is None:
            continue
        values, cur = entry
        for v in values.values():
            d = v - cur
            if total is None:
                total = d * 0
            if d > 0:
                total += d * d
    if total is None:
        prof = behavior_profile(game, profile)
        return Fraction(0) if game.is_exact and prof.is_exact else 0.0
    return total if isinstance(total, Fraction) else float(total)


@dataclass(frozen=True, kw_only=True)
class AgentPureEquilibria(Result):
    """Every pure agent-form equilibrium of a tree, each verified (see :func:`agent_pure_equilibria`).

    Attributes
    ----------
    choices : tuple of dict
        One ``{infoset name: action}`` per equilibrium, in enumeration order (the first
        information set varies slowest).
    payoffs : tuple of tuple
        The players' expected payoffs in each equilibrium.
    equilibria : tuple of BehaviorProfile
        The same equilibria as pure behaviour profiles (not written to JSON; ``choices`` is).
    profiles_checked : int
        How many pure profiles were enumerated (all of them).
    """

    choices: tuple[Mapping[str, str], ...] = ()
    payoffs: tuple[tuple[Number, ...], ...] = ()
    equilibria: tuple[BehaviorProfile, ...] = field(default=(), metadata={"json": False})
    profiles_checked: int = 0

    def __len__(self) -> int:
        return len(self.choices)

    def __iter__(self) -> Any:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> BehaviorProfile:
        return self.equilibria[k]

    def __str__(self) -> str:
        lines = [
            f"{len(self)} pure agent-form equilibri{'um' if len(self) == 1 else 'a'} "
            f"among {self.profiles_checked:,} pure profiles ({self.arithmetic} arithmetic; each verified)."
        ]
        for k, (c, u) in enumerate(zip(self.choices, self.payoffs), 1):
            moves = ", ".join(f"{h}: {a}" for h, a in c.items())
            pay = ", ".join(format_number(x) for x in u)
            lines.append(f"  {k}. {moves}  -> payoffs ({pay})")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The common fields, then ``choices``, ``payoffs`` and ``profiles_checked``."""
        out = self.common_json()
        out["choices"] = json_value(self.choices)
        out["payoffs"] = json_value(self.payoffs)
        out["profiles_checked"] = self.profiles_checked
        return out


class _BlockValues:
    """Expected payoffs of a block of pure profiles (given by their enumeration indices), bottom
    up over the tree with one numpy array per node: a terminal node holds its chance-weighted
    payoffs, a chance node the sum of its children (the chance weights are already in the
    terminal values), a decision node the child its information set's action selects in each
    profile. Nodes are visited in reverse preorder, so children come before their parent."""

    def __init__(self, game: ExtensiveGame, W: np.ndarray, sizes: list[int], strides: list[int]) -> None:
        self.W = W
        self.sizes = sizes
        self.strides = strides
        self.kind = game.node_kind.tolist()
        self.infoset = game.node_infoset.tolist()
        self.ptr = game.child_ptr.tolist()
        self.kids = game.child_ids.tolist()
        self.tindex = game.node_terminal_index.tolist()
        self.m = game.num_players

    def values(self, idx: np.ndarray) -> np.ndarray:
        n = len(idx)
        choice: dict[int, np.ndarray] = {}
        vals: dict[int, np.ndarray] = {}
        rows = np.arange(n)
        for x in range(len(self.kind) - 1, -1, -1):
            kind = self.kind[x]
            if kind == TERMINAL:
                vals[x] = np.broadcast_to(self.W[self.tindex[x]], (n, self.m))
                continue
            kids = self.kids[self.ptr[x]:self.ptr[x + 1]]
            if kind == CHANCE:
                acc = vals.pop(kids[0]).copy()
                for c in kids[1:]:
                    acc += vals.pop(c)
                vals[x] = acc
                continue
            h = self.infoset[x]
            s_h = choice.get(h)
            if s_h is None:
                s_h = choice[h] = (idx // self.strides[h]) % self.sizes[h]
            if len(kids) == 2:
                vals[x] = np.where((s_h == 0)[:, None], vals.pop(kids[0]), vals.pop(kids[1]))
            else:
                stacked = np.stack([vals.pop(c) for c in kids])
                vals[x] = stacked[s_h, rows]
        return np.asarray(vals[0])


def _weights(game: ExtensiveGame) -> tuple[np.ndarray, int | None]:
    """Chance-weighted terminal payoffs: an int64 array scaled by a common denominator (exact
    games whose scaled values are small enough), an object array of ints, or float64."""
    reach = game.chance_reach[game.terminal_nodes]
    pay = game.terminal_payoffs
    if not game.is_exact:
        return reach.astype(np.float64)[:, None] * pay.astype(np.float64), None
    W = [[Fraction(r) * Fraction(u) for u in row] for r, row in zip(reach.tolist(), pay.tolist())]
    denom = 1
    for row in W:
        for w in row:
            denom = math.lcm(denom, w.denominator)
    ints = [[int(w * denom) for w in row] for row in W]
    big = max((abs(x) for row in ints for x in row), default=0) * max(1, len(ints))
    dtype: Any = np.int64 if big < (1 << 62) else object
    arr = np.array(ints, dtype=dtype).reshape(len(ints), game.num_players)
    return arr, denom


def agent_pure_equilibria(
    game: ExtensiveGame, *, max_profiles: int = DEFAULT_MAX_PROFILES, tol: float | None = None
) -> AgentPureEquilibria:
    """All pure behaviour profiles where no single agent gains by changing its action.

    The analogue of Gambit's ``enumpure_agent_solve``: every pure behaviour profile is
    enumerated (numpy blocks, exact integer arithmetic for exact games), and every equilibrium
    found is verified again with the tree evaluator, one agent deviation at a time.

    Parameters
    ----------
    game : ExtensiveGame
        A numeric tree (symbolic games: substitute values first). Imperfect recall and
        absent-mindedness are allowed (an agent's deviation changes its action at every
        node of its information set).
    max_profiles : int, default 2**20
        Refuse (:class:`~gametheory.GameSizeError`) games with more pure profiles than this.
    tol : float, optional
        Float games only: a deviation counts as a gain when it exceeds ``tol`` (default
        ``1e-9`` times ``max(1, max |payoff|)``). Exact games are compared exactly.

    Returns
    -------
    AgentPureEquilibria
        Every pure agent-form equilibrium (complete: the enumeration is exhaustive).

    Raises
    ------
    GameSizeError
        When the number of pure profiles exceeds ``max_profiles``.
    SolverError
        If an equilibrium fails the independent verification (a bug, never expected).
    """
    start = time.perf_counter()
    _require_numeric(game, "agent_pure_equilibria")
    if isinstance(max_profiles, bool) or not isinstance(max_profiles, int) or max_profiles < 1:
        raise GameError(f"max_profiles: expected a positive integer, got {max_profiles!r}")
    sizes = [len(a) for a in game.infoset_actions]
    total = math.prod(sizes)
    if total > max_profiles:
        raise GameSizeError(
            f"agent_pure_equilibria: the tree has {total:,} pure behaviour profiles, more than "
            f"max_profiles={max_profiles:,}; raise max_profiles to enumerate them all"
        )
    exact = game.is_exact
    eps = 0.0 if exact else game.tolerance(tol)
    nh = len(sizes)
    strides = [1] * nh
    for h in range(nh - 2, -1, -1):
        strides[h] = strides[h + 1] * sizes[h + 1]
    W, _ = _weights(game)
    U = np.empty((total, game.num_players), dtype=W.dtype)
    blocks = _BlockValues(game, W, sizes, strides)
    for lo in range(0, total, _BLOCK):
        U[lo:lo + _BLOCK] = blocks.values(np.arange(lo, min(total, lo + _BLOCK), dtype=np.int64))
    eq_mask = np.ones(total, dtype=bool)
    idx_all = np.arange(total, dtype=np.int64)
    for h in range(nh):
        i = int(game.infoset_player[h])
        cur = (idx_all // strides[h]) % sizes[h]
        base = U[:, i]
        for a in range(sizes[h]):
            dev = idx_all + (a - cur) * strides[h]
            gain = U[dev, i] - base
            eq_mask &= (gain <= 0) if exact else (gain <= eps)
    found = np.flatnonzero(eq_mask).tolist()
    names = game.infoset_names
    walk = _PureWalker(game)
    choices: list[dict[str, str]] = []
    profiles: list[BehaviorProfile] = []
    payoffs: list[tuple[Number, ...]] = []
    for n_found, k in enumerate(found):
        combo = [(k // strides[h]) % sizes[h] for h in range(nh)]
        choice = {names[h]: game.infoset_actions[h][a] for h, a in enumerate(combo)}
        prof = pure_behavior(game, choice)
        values = walk.verify(combo, eps)
        if n_found < _CROSS_CHECKS and tuple(expected_payoffs(game, prof)) != values and exact:
            raise SolverError("agent_pure_equilibria: two payoff evaluations disagree (please report this bug)")
        choices.append(choice)
        profiles.append(prof)
        payoffs.append(values)
    return AgentPureEquilibria(
        choices=tuple(choices),
        payoffs=tuple(payoffs),
        equilibria=tuple(profiles),
        profiles_checked=total,
        method="enumpure_agent",
        arithmetic=arithmetic_of(exact),
        elapsed=time.perf_counter() - start,
        parameters={"max_profiles": max_profiles} if exact else {"max_profiles": max_profiles, "tol": eps},
    )


#: Equilibria whose payoffs are also recomputed by :func:`~gametheory.extensive.behavior.expected_payoffs`.
_CROSS_CHECKS = 8


class _PureWalker:
    """Expected payoffs of a pure behaviour profile by walking the tree from the root: chance
    nodes branch with their probabilities, decision nodes follow the chosen action only.
    Independent of the enumeration's reach matrices; used to verify every equilibrium."""

    def __init__(self, game: ExtensiveGame) -> None:
        self.game = game
        conv: Any = _lite if game.is_exact else float  # FLINT rationals: exact and fast
        self.exact = game.is_exact
        self.prob = [conv(x) for x in game.chance_prob.tolist()]
        self.kind = game.node_kind.tolist()
        self.infoset = game.node_infoset.tolist()
        self.player = game.infoset_player.tolist()
        self.ptr = game.child_ptr.tolist()
        self.kids = game.child_ids.tolist()
        tindex = game.node_terminal_index.tolist()
        rows = [[conv(x) for x in row] for row in game.terminal_payoffs.tolist()]
        self.pay = {k: rows[t] for k, t in enumerate(tindex) if t >= 0}
        self.zero = conv(0)

    def values(self, combo: list[int]) -> tuple[Any, ...]:
        m = self.game.num_players
        acc = [self.zero] * m
        stack: list[tuple[int, Any]] = [(0, 1)]
        while stack:
            x, w = stack.pop()
            kind = self.kind[x]
            if kind == DECISION:
                stack.append((self.kids[self.ptr[x] + combo[self.infoset[x]]], w))
            elif kind == CHANCE:
                for c in self.kids[self.ptr[x]:self.ptr[x + 1]]:
                    p = self.prob[c]
                    if p != 0:
                        stack.append((c, w * p))
            else:
                row = self.pay[x]
                for j in range(m):
                    acc[j] += w * row[j]
        return tuple(_full(x) for x in acc) if self.exact else tuple(acc)

    def verify(self, combo: list[int], eps: float) -> tuple[Any, ...]:
        """The profile's payoffs; SolverError if some agent gains more than ``eps`` by deviating."""
        game = self.game
        values = self.values(combo)
        if not self.exact:
            values = tuple(float(x) for x in values)
        for h, acts in enumerate(game.infoset_actions):
            i = self.player[h]
            own = combo[h]
            for a in range(len(acts)):
                if a == own:
                    continue
                combo[h] = a
                gain = self.values(combo)[i] - values[i]
                combo[h] = own
                if gain > eps:
                    raise SolverError(
                        f"agent_pure_equilibria: verification failed at {game.infoset_names[h]!r}: action "
                        f"{acts[a]!r} gains {format_number(gain)} (please report this bug)"
                    )
        return values
