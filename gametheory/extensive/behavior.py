"""Behaviour strategies: realization probabilities, expected payoffs and regrets.

A *behaviour profile* ``b`` gives, at every information set ``h``, a probability
distribution ``b(. | h)`` over the actions of ``h`` (:class:`BehaviorProfile`).

Definitions used here (``u_i(t)`` is player ``i``'s total payoff at terminal node ``t``):

* **Realization probability** ``P_b(x)``: product of the chance probabilities and the
  behaviour probabilities of the moves on the path to node ``x``.
* **Expected payoff** ``U_i(b) = sum_t P_b(t) u_i(t)``.
* **Continuation value** ``V_i(x)``: expected payoff of ``i`` from node ``x`` on, under ``b``
  (``V_i(t) = u_i(t)``; payoffs attached above ``x`` are included, which does not change any
  comparison).
* **Agent-form regret** at infoset ``h`` of player ``i``: the gain the *agent* of ``i`` at
  ``h`` makes by switching to its best action, everything else in ``b`` held fixed,
  weighting the nodes of ``h`` by their realization probabilities (beliefs from reach
  probabilities, not normalised)::

      R_h(b) = max_a  sum_{x in h} P_b(x) V_i(x a)  -  sum_{x in h} P_b(x) V_i(x)

  where ``x a`` is the child of ``x`` reached by ``a``. Without absent-mindedness this is
  exactly ``max_a U_i(b with b(.|h) := a) - U_i(b)``; dividing by ``P_b(h) = sum_x P_b(x)``
  gives the conditional regret under Bayesian beliefs ``P_b(x) / P_b(h)``. It is ``0`` at
  unreached infosets; all agent regrets are ``0`` exactly when ``b`` is a Nash equilibrium
  of the agent form (for games with perfect recall: a Nash equilibrium).
* **Strategic regret** of player ``i``: ``max_{s_i} U_i(s_i, b_-i) - U_i(b)`` over all of
  ``i``'s strategies (pure suffice). Computed by backward induction over ``i``'s
  information sets in the sequence form: with ``w_t = u_i(t)`` times the probability of the
  chance and opponents' moves to ``t``, and ``val(s)`` the sum of ``w_t`` over terminal
  nodes whose last own sequence is ``s``, the best value of a sequence is
  ``B(s) = val(s) + sum_{h after s} max_a B(h a)`` and the best-response value is ``B(empty)``.
  Valid under perfect recall (a :class:`~gametheory.GameError` otherwise).

Exact games with exact profiles are evaluated in exact ``Fraction`` arithmetic; float games
(or float profiles) with numpy, one vectorised step per tree level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
from flint import fmpq, fmpz

from gametheory._kernel.values import Number, format_number, is_exact_value, to_float, to_fraction
from gametheory.errors import GameError
from gametheory.extensive.structure import DECISION, GameTree
from gametheory.extensive.values import EXACT, FLOAT, SYMBOLIC, check_distribution

if TYPE_CHECKING:
    from gametheory.extensive.game import ExtensiveGame

__all__ = [
    "BehaviorProfile",
    "agent_regrets",
    "behavior_profile",
    "best_response",
    "bottom_up_values",
    "edge_probabilities",
    "expected_payoffs",
    "max_agent_regret",
    "pure_behavior",
    "realization_probabilities",
    "strategic_regrets",
    "top_down_product",
    "uniform_behavior",
]


@dataclass(frozen=True, eq=False)
class BehaviorProfile:
    """A behaviour profile: one distribution over actions per information set.

    ``probabilities[h]`` is the distribution at infoset id ``h`` in the order of
    ``game.infoset_actions[h]``. Index a profile by infoset name or id to get
    ``{action: probability}``. Two profiles are equal when their games and probabilities are.
    """

    game: ExtensiveGame
    probabilities: tuple[tuple[Any, ...], ...]
    arithmetic: str

    @property
    def is_exact(self) -> bool:
        return self.arithmetic == EXACT

    @property
    def flat(self) -> np.ndarray:
        """All probabilities in one vector, indexed by ``game.action_offset[h] + a``."""
        vals = [p for dist in self.probabilities for p in dist]
        if self.arithmetic == FLOAT:
            return np.array(vals, dtype=np.float64)
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
        return arr

    def __getitem__(self, infoset: int | str) -> dict[str, Any]:
        h = self.game.infoset_id(infoset)
        return dict(zip(self.game.infoset_actions[h], self.probabilities[h]))

    def action_probability(self, infoset: int | str, action: str) -> Any:
        h = self.game.infoset_id(infoset)
        acts = self.game.infoset_actions[h]
        if action not in acts:
            raise GameError(f"action_probability: infoset {self.game.infoset_names[h]!r} has no action {action!r}")
        return self.probabilities[h][acts.index(action)]

    def as_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{player: {infoset name: {action: probability}}}``."""
        g = self.game
        return {
            g.players[i]: {g.infoset_names[h]: self[h] for h in g.player_infosets[i]}
            for i in range(g.num_players)
        }

    def is_pure(self) -> bool:
        return all(sum(1 for p in dist if p != 0) == 1 for dist in self.probabilities)

    def support(self) -> dict[str, tuple[str, ...]]:
        """Actions with positive probability, per infoset name."""
        g = self.game
        return {
            g.infoset_names[h]: tuple(a for a, p in zip(g.infoset_actions[h], dist) if p != 0)
            for h, dist in enumerate(self.probabilities)
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BehaviorProfile):
            return NotImplemented
        return self.probabilities == other.probabilities and self.game == other.game

    def __hash__(self) -> int:
        return hash(self.probabilities)

    def __str__(self) -> str:
        g = self.game
        parts = []
        for i, p in enumerate(g.players):
            items = []
            for h in g.player_infosets[i]:
                dist = ", ".join(
                    f"{a}: {_fmt(x)}" for a, x in zip(g.infoset_actions[h], self.probabilities[h]) if x != 0
                )
                items.append(f"{g.infoset_names[h]} {{{dist}}}")
            parts.append(f"{p}: " + ("; ".join(items) if items else "(no moves)"))
        return " | ".join(parts)

    def __repr__(self) -> str:
        return f"<BehaviorProfile {self}>"


def _fmt(x: Any) -> str:
    if isinstance(x, (Fraction, float)):
        return format_number(x)
    return str(x)


# --------------------------------------------------------------------------- construction
def _is_scalar(v: Any) -> bool:
    return not isinstance(v, (Mapping, str, bytes)) and not (
        isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)
    )


def behavior_profile(game: ExtensiveGame, data: Any, *, exact: bool | None = None) -> BehaviorProfile:
    """Check a behaviour profile and return it as a :class:`BehaviorProfile`.

    ``data`` is one of

    * a :class:`BehaviorProfile` of this game;
    * a mapping ``{infoset: distribution}`` with infosets by name or id, or
      ``{player: {infoset: distribution}}``;
    * a sequence with one distribution per infoset (in id order), or the flat vector of all
      probabilities (indexed by ``game.action_offset[h] + a``).

    A distribution is an action label (play it for sure), a mapping ``{action: probability}``
    (missing actions get 0) or a sequence of probabilities in action order. Every infoset
    needs one. Probabilities must be nonnegative and sum to 1 (exactly for exact values,
    within 1e-9 for floats). ``exact=None``: exact when the game is exact (or symbolic) and
    every probability is exact.
    """
    if not isinstance(game, GameTree):
        raise GameError(f"behavior_profile: expected an ExtensiveGame, got {type(game).__name__}")
    if isinstance(data, BehaviorProfile):
        if data.game is not game and data.game._s is not game._s and (
            data.game._s.structure_key() != game._s.structure_key()
        ):
            raise GameError("behavior_profile: the profile belongs to a game with another tree")
        if data.game is game and exact is None:
            return data
        data = [list(d) for d in data.probabilities]
    nh = game.num_infosets
    raw: list[Any] = [None] * nh
    if isinstance(data, Mapping):
        for key, val in data.items():
            if isinstance(key, str) and key in game.players and key not in game.infosets():
                if not isinstance(val, Mapping):
                    raise GameError(
                        f"behavior_profile: the value for player {key!r} must map infosets to distributions"
                    )
                i = game.player_index(key)
                for k2, v2 in val.items():
                    h = game.infoset_id(k2)
                    if int(game.infoset_player[h]) != i:
                        raise GameError(
                            f"behavior_profile: infoset {game.infoset_names[h]!r} belongs to "
                            f"{game.players[game.infoset_player[h]]!r}, not {key!r}"
                        )
                    _put(raw, h, v2, game)
            else:
                _put(raw, game.infoset_id(key), val, game)
    elif isinstance(data, (Sequence, np.ndarray)) and not isinstance(data, (str, bytes)):
        items = list(data.tolist() if isinstance(data, np.ndarray) else data)
        if items and all(_is_scalar(v) for v in items) and len(items) == game.action_offset[-1] and (
            len(items) != nh or all(len(a) == 1 for a in game.infoset_actions)
        ):
            off = game.action_offset.tolist()
            items = [items[off[h]:off[h + 1]] for h in range(nh)]
        if len(items) != nh:
            raise GameError(
                f"behavior_profile: expected {nh} distributions (one per information set) or "
                f"{int(game.action_offset[-1])} probabilities, got {len(items)}"
            )
        for h, v in enumerate(items):
            _put(raw, h, v, game)
    else:
        raise GameError(f"behavior_profile: expected a mapping or a sequence, got {type(data).__name__}")
    missing = [game.infoset_names[h] for h in range(nh) if raw[h] is None]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise GameError(f"behavior_profile: no distribution for information set(s) {missing[:5]}{more}")
    flat = [x for dist in raw for x in dist]
    fast_exact = {int, Fraction, str}
    if all(type(x) in fast_exact for x in flat):
        if exact is not False and (game.is_exact or game.is_symbolic()):
            return _exact_profile(game, raw)
    if any(_is_formula(x) for x in flat):
        if not game.is_symbolic():
            raise GameError("behavior_profile: formula probabilities need a symbolic game")
        arithmetic = SYMBOLIC
    elif exact is None:
        arithmetic = (
            EXACT if (game.is_exact or game.is_symbolic()) and all(is_exact_value(x) for x in flat) else FLOAT
        )
    else:
        arithmetic = EXACT if exact else FLOAT
    out: list[tuple[Any, ...]] = []
    for h, dist in enumerate(raw):
        where = f"behavior_profile: infoset {game.infoset_names[h]!r}"
        if arithmetic == EXACT:
            vals: list[Any] = [to_fraction(x, where) for x in dist]
        elif arithmetic == FLOAT:
            vals = [to_float(x, where) for x in dist]
        else:
            import sympy

            vals = [x if isinstance(x, sympy.Basic) else sympy.Rational(to_fraction(x, where)) for x in dist]
        check_distribution(vals, arithmetic, where)
        if arithmetic == FLOAT:
            vals = [max(v, 0.0) for v in vals]
        out.append(tuple(vals))
    return BehaviorProfile(game, tuple(out), arithmetic)


def _exact_profile(game: ExtensiveGame, raw: list[Any]) -> BehaviorProfile:
    """Fast path of :func:`behavior_profile` for ints, Fractions and numeric strings."""
    cache: dict[Any, Fraction] = {}
    out: list[tuple[Any, ...]] = []
    for h, dist in enumerate(raw):
        vals: list[Fraction] = []
        total: Any = 0
        for x in dist:
            q = cache.get(x) if type(x) is not Fraction else x
            if q is None:
                q = to_fraction(x, f"behavior_profile: infoset {game.infoset_names[h]!r}")
                cache[x] = q
            if q < 0:
                raise GameError(
                    f"behavior_profile: infoset {game.infoset_names[h]!r}: probability {len(vals) + 1} is negative ({q})"
                )
            vals.append(q)
            total += q.numerator if q.denominator == 1 else q
        if total != 1:
            raise GameError(
                f"behavior_profile: infoset {game.infoset_names[h]!r}: probabilities sum to {total}, not 1"
            )
        out.append(tuple(vals))
    return BehaviorProfile(game, tuple(out), EXACT)


def _is_formula(x: Any) -> bool:
    return type(x).__module__.startswith("sympy") and not (x.is_Rational or x.is_Float)


def _put(raw: list[Any], h: int, val: Any, game: ExtensiveGame) -> None:
    acts = game.infoset_actions[h]
    if raw[h] is not None:
        raise GameError(f"behavior_profile: infoset {game.infoset_names[h]!r} is given twice")
    name = game.infoset_names[h]
    if type(val) is str:
        if val not in acts:
            raise GameError(f"behavior_profile: infoset {name!r} has no action {val!r}; actions are {list(acts)}")
        raw[h] = [1 if a == val else 0 for a in acts]
    elif isinstance(val, Mapping):
        dist: list[Any] = [0] * len(acts)
        for a, p in val.items():
            if a not in acts:
                raise GameError(f"behavior_profile: infoset {name!r} has no action {a!r}; actions are {list(acts)}")
            dist[acts.index(a)] = p
        raw[h] = dist
    elif isinstance(val, (Sequence, np.ndarray)):
        vals = list(val.tolist() if isinstance(val, np.ndarray) else val)
        if len(vals) != len(acts):
            raise GameError(
                f"behavior_profile: infoset {name!r} has {len(acts)} actions, got {len(vals)} probabilities"
            )
        raw[h] = vals
    else:
        raise GameError(
            f"behavior_profile: the distribution at infoset {name!r} must be an action, a mapping "
            f"or a sequence of probabilities, got {val!r}"
        )


def uniform_behavior(game: ExtensiveGame) -> BehaviorProfile:
    """The profile that plays every action of every infoset with equal probability."""
    if game.is_exact or game.is_symbolic():
        probs = tuple((Fraction(1, len(acts)),) * len(acts) for acts in game.infoset_actions)
        return BehaviorProfile(game, probs, EXACT)
    return BehaviorProfile(game, tuple((1.0 / len(acts),) * len(acts) for acts in game.infoset_actions), FLOAT)


def pure_behavior(game: ExtensiveGame, choices: Mapping[int | str, str]) -> BehaviorProfile:
    """The pure profile playing ``choices[infoset]`` (an action label) at every infoset."""
    return behavior_profile(game, dict(choices))


# --------------------------------------------------------------------------- kernels
def _mode(game: ExtensiveGame, profile: BehaviorProfile) -> str:
    """Arithmetic of an evaluation: float if either side is float, symbolic if the game is."""
    if game.arithmetic == SYMBOLIC:
        return SYMBOLIC
    if game.arithmetic == FLOAT or profile.arithmetic == FLOAT:
        return FLOAT
    return EXACT


def _decision_children(game: ExtensiveGame) -> tuple[np.ndarray, np.ndarray]:
    """Nodes whose parent is a decision node, and the flat action index of their move."""
    cache = game._s.cache
    got = cache.get("decision_children")
    if got is None:
        parent = game.node_parent
        kids = np.flatnonzero((parent >= 0) & (game.node_kind[np.maximum(parent, 0)] == DECISION))
        kids = kids[kids > 0]
        idx = game.action_offset[game.node_infoset[parent[kids]]] + game.node_action[kids]
        got = (kids, idx.astype(np.int64))
        cache["decision_children"] = got
    return got


def _lite(x: Any) -> Any:
    """An exact number for the pure-Python kernels: a FLINT rational (``fmpq``, about ten
    times faster than ``Fraction``), or an int."""
    if type(x) is Fraction:
        return x.numerator if x.denominator == 1 else fmpq(x.numerator, x.denominator)
    return x


def _full(x: Any) -> Any:
    """Back from :func:`_lite`: a ``Fraction`` (floats and sympy values pass through)."""
    t = type(x)
    if t is int:
        return Fraction(x)
    if t is fmpq:
        return Fraction(int(x.p), int(x.q))
    if t is fmpz:
        return Fraction(int(x))
    return x


def _kernel_number(mode: str) -> Any:
    """Conversion of stored values for the list kernels of arithmetic ``mode``."""
    if mode == EXACT:
        return _lite
    if mode == FLOAT:
        return float
    return lambda x: x


def _lite_game_lists(game: ExtensiveGame, mode: str) -> tuple[list[Any], list[list[Any]]]:
    """Chance probabilities per node and terminal payoff rows, as kernel numbers."""
    key = f"lists:{mode}"
    got = game._cache.get(key)
    if got is None:
        conv = _kernel_number(mode)
        chance = [conv(x) for x in game.chance_prob.tolist()]
        rows = [[conv(x) for x in row] for row in game.terminal_payoffs.tolist()]
        got = (chance, rows)
        game._cache[key] = got
    return got


def _use_lists(game: ExtensiveGame, mode: str) -> bool:
    """Pure-Python kernels: exact or symbolic numbers, or trees too deep for level-wise numpy."""
    return mode != FLOAT or len(game.levels) * 32 > game.num_nodes


def _edge_list(game: ExtensiveGame, prof: BehaviorProfile, mode: str, skip_player: int | None) -> Any:
    """Edge probabilities: a list (list kernels) or a float array (numpy kernels)."""
    kids, idx = _decision_children(game)
    if mode == FLOAT:
        edge = np.asarray(game.chance_prob, dtype=np.float64).copy()
        vals = prof.flat.astype(np.float64)[idx]
        if skip_player is not None:
            vals[game.node_player[game.node_parent[kids]] == skip_player] = 1.0
        edge[kids] = vals
        return edge.tolist() if _use_lists(game, mode) else edge
    chance, _ = _lite_game_lists(game, mode)
    e = list(chance)
    conv = _kernel_number(mode)
    flat = [conv(x) for dist in prof.probabilities for x in dist]
    if skip_player is None:
        for c, j in zip(kids.tolist(), idx.tolist()):
            e[c] = flat[j]
    else:
        owner = game.node_player[game.node_parent[kids]].tolist()
        for c, j, o in zip(kids.tolist(), idx.tolist(), owner):
            e[c] = 1 if o == skip_player else flat[j]
    return e


def _reach(game: ExtensiveGame, e: Any) -> Any:
    """Products of ``e`` along paths: list in, list out; float array in, float array out."""
    n = game.num_nodes
    if isinstance(e, np.ndarray):
        out = np.empty(n, dtype=np.float64)
        parent = game.node_parent
        levels = game.levels
        out[levels[0]] = e[levels[0]]
        for lvl in levels[1:]:
            out[lvl] = out[parent[lvl]] * e[lvl]
        return out
    par = game.node_parent.tolist()
    res: list[Any] = [0] * n
    res[0] = e[0]
    for k in range(1, n):
        r = res[par[k]]
        if r == 0:
            continue
        ek = e[k]
        res[k] = r if ek == 1 else r * ek
    return res


def _values(game: ExtensiveGame, e: Any, mode: str) -> Any:
    """Continuation values: list of rows (list kernels) or a float array (numpy kernels)."""
    n, m = game.num_nodes, game.num_players
    term = game.terminal_nodes
    if isinstance(e, np.ndarray):
        V = np.zeros((n, m), dtype=np.float64)
        V[term] = game.terminal_payoffs.astype(np.float64)
        parent = game.node_parent
        for lvl in reversed(game.levels[1:]):
            contrib = e[lvl, None] * V[lvl]
            par = parent[lvl]
            starts = np.flatnonzero(np.r_[True, par[1:] != par[:-1]])
            V[par[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return V
    trows = _lite_game_lists(game, mode)[1]
    rows: list[list[Any]] = [[0] * m for _ in range(n)]
    for r, t in enumerate(term.tolist()):
        rows[t] = list(trows[r])
    par_l = game.node_parent.tolist()
    cols = range(m)
    for k in range(n - 1, 0, -1):
        ek = e[k]
        if ek == 0:
            continue
        row = rows[k]
        prow = rows[par_l[k]]
        if ek == 1:
            for j in cols:
                prow[j] += row[j]
        else:
            for j in cols:
                prow[j] += ek * row[j]
    return rows


def _as_array(values: Any, mode: str) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values
    if mode == FLOAT:
        return np.array(values, dtype=np.float64)
    out = np.empty(len(values), dtype=object)
    if values and isinstance(values[0], list):
        out = np.empty((len(values), len(values[0])), dtype=object)
        for k, row in enumerate(values):
            out[k, :] = [_full(x) for x in row]
        return out
    out[:] = [_full(x) for x in values]
    return out


def edge_probabilities(game: ExtensiveGame, profile: Any, *, skip_player: int | None = None) -> np.ndarray:
    """Probability of the move into each node (1 at the root).

    Chance moves get their probabilities, decision moves the profile's; with
    ``skip_player=i`` the moves of player ``i`` get probability 1 (for "reach by the others").
    """
    prof = behavior_profile(game, profile)
    mode = _mode(game, prof)
    return _as_array(_edge_list(game, prof, mode, skip_player), mode)


def top_down_product(game: ExtensiveGame, edge: np.ndarray) -> np.ndarray:
    """``out[n]`` = product of ``edge`` over the path from the root to ``n`` (inclusive)."""
    mode = FLOAT if edge.dtype != object else EXACT
    if mode == FLOAT and not _use_lists(game, mode):
        return _as_array(_reach(game, edge), mode)
    e = [_lite(x) for x in edge.tolist()] if mode == EXACT else edge.tolist()
    return _as_array(_reach(game, e), mode)


def bottom_up_values(game: ExtensiveGame, edge: np.ndarray) -> np.ndarray:
    """Continuation values: ``V[n, i] = sum over children c of edge[c] * V[c, i]``,
    ``V[t] = terminal payoffs``. Shape ``(num_nodes, num_players)``."""
    if edge.dtype != object:
        mode = FLOAT
    else:
        mode = SYMBOLIC if game.is_symbolic() else EXACT
    if mode == FLOAT and not _use_lists(game, mode):
        return _as_array(_values(game, edge, mode), mode)
    e = [_lite(x) for x in edge.tolist()] if mode == EXACT else edge.tolist()
    return _as_array(_values(game, e, mode), mode)


def realization_probabilities(game: ExtensiveGame, profile: Any) -> np.ndarray:
    """``P_b(x)`` for every node ``x``: the probability that play reaches it."""
    prof = behavior_profile(game, profile)
    mode = _mode(game, prof)
    return _as_array(_reach(game, _edge_list(game, prof, mode, None)), mode)


def _expected(game: ExtensiveGame, reach: Any, mode: str) -> tuple[Any, ...]:
    term = game.terminal_nodes
    if isinstance(reach, np.ndarray):
        return tuple(float(x) for x in reach[term] @ game.terminal_payoffs.astype(np.float64))
    trows = _lite_game_lists(game, mode)[1]
    m = game.num_players
    acc: list[Any] = [0] * m
    for r, t in enumerate(term.tolist()):
        w = reach[t]
        if w == 0:
            continue
        row = trows[r]
        for j in range(m):
            acc[j] += w * row[j]
    if mode == FLOAT:
        return tuple(float(x) for x in acc)
    return tuple(_full(x) for x in acc)


def expected_payoffs(game: ExtensiveGame, profile: Any) -> tuple[Any, ...]:
    """``U_i(b)`` for every player ``i``."""
    prof = behavior_profile(game, profile)
    mode = _mode(game, prof)
    return _expected(game, _reach(game, _edge_list(game, prof, mode, None)), mode)


def _require_numeric(game: ExtensiveGame, func: str) -> None:
    if game.is_symbolic():
        raise GameError(f"{func}: the game is symbolic; use game.substitute(values) first")


def agent_regrets(game: ExtensiveGame, profile: Any) -> dict[str, Number]:
    """Agent-form regret ``R_h(b)`` at every infoset, by name (see the module docstring)."""
    _require_numeric(game, "agent_regrets")
    prof = behavior_profile(game, profile)
    mode = _mode(game, prof)
    e = _edge_list(game, prof, mode, None)
    reach = _reach(game, e)
    V = _values(game, e, mode)
    kids, idx = _decision_children(game)
    nacts = int(game.action_offset[-1])
    parent = game.node_parent
    owner = game.node_player[parent[kids]]
    dec = np.flatnonzero(game.node_kind == DECISION)
    names = game.infoset_names
    nh = game.num_infosets
    if isinstance(e, np.ndarray):
        q = np.bincount(idx, weights=reach[parent[kids]] * V[kids, owner], minlength=nacts)
        cur = np.bincount(game.node_infoset[dec], weights=reach[dec] * V[dec, game.node_player[dec]], minlength=nh)
        off = game.action_offset
        return {names[h]: max(float(q[off[h]:off[h + 1]].max() - cur[h]), 0.0) for h in range(nh)}
    qx: list[Any] = [0] * nacts
    par_l = parent.tolist()
    for c, j, o in zip(kids.tolist(), idx.tolist(), owner.tolist()):
        r = reach[par_l[c]]
        if r != 0:
            qx[j] += r * V[c][o]
    curx: list[Any] = [0] * nh
    inf_l = game.node_infoset.tolist()
    pl_l = game.node_player.tolist()
    for x in dec.tolist():
        r = reach[x]
        if r != 0:
            curx[inf_l[x]] += r * V[x][pl_l[x]]
    off_l = game.action_offset.tolist()
    if mode == FLOAT:
        return {names[h]: max(float(max(qx[off_l[h]:off_l[h + 1]]) - curx[h]), 0.0) for h in range(nh)}
    return {names[h]: _full(max(qx[off_l[h]:off_l[h + 1]]) - curx[h]) for h in range(nh)}


def max_agent_regret(game: ExtensiveGame, profile: Any) -> Number:
    """Largest agent-form regret (0 for a game without information sets)."""
    r = agent_regrets(game, profile)
    if r:
        return max(r.values())
    return Fraction(0) if game.is_exact else 0.0


def _require_perfect_recall(game: ExtensiveGame, func: str) -> None:
    reason = game.perfect_recall_violation()
    if reason is not None:
        raise GameError(
            f"{func}: needs perfect recall, which this game lacks ({reason}); use agent_regrets instead"
        )


def _best_response_values(game: ExtensiveGame, prof: BehaviorProfile, i: int) -> tuple[Any, list[int]]:
    """(best-response value of player ``i``, best action index per infoset of ``i``)."""
    mode = _mode(game, prof)
    e = _edge_list(game, prof, mode, i)
    reach = _reach(game, e)
    term = game.terminal_nodes
    seqs = game.node_sequences[term, i]
    nseq = game.num_sequences[i]
    if isinstance(reach, np.ndarray):
        w = reach[term] * game.terminal_payoffs[:, i].astype(np.float64)
        B: list[Any] = np.bincount(seqs, weights=w, minlength=nseq).tolist()
    else:
        B = [0] * nseq
        trows = _lite_game_lists(game, mode)[1]
        for r, (t, s) in enumerate(zip(term.tolist(), seqs.tolist())):
            w = reach[t]
            if w != 0:
                B[s] += w * trows[r][i]
    choice: dict[int, int] = {}
    off = game.infoset_seq_offset
    for h in reversed(game.player_infosets[i]):
        o = int(off[h])
        k = len(game.infoset_actions[h])
        seg = B[o:o + k]
        best = max(range(k), key=seg.__getitem__)
        choice[h] = best
        B[int(game.infoset_parent_sequence[h])] += seg[best]
    value = B[0] if mode == FLOAT else _full(B[0])
    return value, [choice[h] for h in game.player_infosets[i]]


def strategic_regrets(game: ExtensiveGame, profile: Any) -> tuple[Number, ...]:
    """Strategic regret of every player: best-response value minus ``U_i(b)`` (needs perfect recall)."""
    _require_numeric(game, "strategic_regrets")
    _require_perfect_recall(game, "strategic_regrets")
    prof = behavior_profile(game, profile)
    values = expected_payoffs(game, prof)
    out: list[Number] = []
    for i in range(game.num_players):
        best, _ = _best_response_values(game, prof, i)
        r = best - values[i]
        out.append(r if isinstance(r, Fraction) else max(float(r), 0.0))
    return tuple(out)


def best_response(game: ExtensiveGame, profile: Any, player: int | str) -> dict[str, str]:
    """A pure best response of ``player`` to ``profile``, as ``{infoset name: action}``.

    Computed by backward induction over the player's information sets, weighting nodes by the
    probability of the chance and other players' moves to them (see the module docstring). At
    an infoset the others' play never reaches, every action is worth 0 and the first one is
    taken: the result is a best response to ``profile``, not necessarily sequentially
    rational off the path. Ties go to the first action. Needs perfect recall.
    """
    _require_numeric(game, "best_response")
    _require_perfect_recall(game, "best_response")
    i = game.player_index(player)
    prof = behavior_profile(game, profile)
    _, choice = _best_response_values(game, prof, i)
    return {
        game.infoset_names[h]: game.infoset_actions[h][a] for h, a in zip(game.player_infosets[i], choice)
    }

