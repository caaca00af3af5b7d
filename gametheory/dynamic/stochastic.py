"""Discounted stochastic games and their stationary Markov perfect equilibria.

A stochastic game (Shapley 1953) has finitely many states; in each state the players play a
normal-form stage game, collect its payoffs and move to a next state drawn from a
distribution that depends on the state and on the action profile. Payoffs are summed with a
common discount factor ``delta`` in ``[0, 1)``: a player's value is
:math:`\\sum_t \\delta^t r_i(s_t, a_t)`.

A *stationary* profile gives each player one mixed action per state. Its values solve the
linear system :math:`(I - \\delta P_\\sigma) V_i = r_{i,\\sigma}`, solved here in exact
rational arithmetic. The profile is a Markov perfect equilibrium exactly when no player
gains by a one-shot deviation in any state (the one-shot deviation principle for discounted
games): for every state :math:`s`, player :math:`i` and action :math:`a`,

.. math:: r_i(s, a, \\sigma_{-i}) + \\delta \\sum_t P(t \\mid s, a, \\sigma_{-i}) V_i(t)
          \\le V_i(s).

Every equilibrium this module returns carries that check's largest gain (``max_regret``),
computed in rationals: ``0`` means an exactly verified equilibrium.

* :func:`pure_markov_equilibria` -- every stationary pure MPE, by enumeration, exact;
* :func:`shapley_iteration` -- value and optimal stationary strategies of a two-player
  zero-sum game by Shapley's (1953) value iteration, then an exact certificate;
* :func:`markov_equilibria` -- pure ones plus one mixed one found by iterating stage-game
  equilibria on continuation values (floats), rounded and certified exactly where possible;
* :func:`markov_homotopy` -- one mixed or pure MPE of any game by the logit Markov
  quantal-response homotopy, certified exactly where possible;
* :func:`one_shot_deviation` -- the check itself for any stationary profile.

>>> g = big_match(Fraction(1, 2))
>>> r = shapley_iteration(g)
>>> r.equilibria[0].values[0], r.equilibria[0].max_regret
((Fraction(1, 1), Fraction(-1, 1)), Fraction(0, 1))
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.linalg import solve_exact
from gametheory._kernel.results import Result
from gametheory._kernel.values import format_number, to_fraction
from gametheory.errors import GameError, GameSizeError, SolverError

#: Largest numbers of states, of action profiles per state and of stationary pure profiles.
MAX_STATES = 200
MAX_CELLS = 10_000
MAX_PURE_PROFILES = 200_000

Strategy = tuple[Fraction, ...]
#: A stationary profile: per state, one mixed action (tuple of probabilities) per player.
StationaryProfile = tuple[tuple[Strategy, ...], ...]


class StochasticGameError(GameError):
    """A stochastic game's data are malformed (shapes, probabilities, discount)."""


# --------------------------------------------------------------------------- the game
class StochasticGame:
    """A finite discounted stochastic game with exact (rational) data.

    Parameters
    ----------
    payoffs:
        One entry per state: a nested array of shape ``(m_1, ..., m_n, n)`` -- for every action
        profile of the state's stage game, one payoff per player. Values are read as exact
        rationals (floats by their shortest decimal).
    transitions:
        One entry per state: a nested array of shape ``(m_1, ..., m_n, S)`` -- for every action
        profile, the probabilities of the next state; each must sum to exactly 1.
    discount:
        Common discount factor ``delta`` in ``[0, 1)``.
    players, states:
        Names (default ``P1, P2, ...`` and ``s0, s1, ...``).
    actions:
        Optional action names: per state, per player, a sequence of names.

    Raises
    ------
    StochasticGameError
        On ragged or mismatched shapes, negative or non-summing probabilities, NaN, a discount
        outside ``[0, 1)``, or absurd sizes (:data:`MAX_STATES`, :data:`MAX_CELLS`).
    """

    def __init__(
        self,
        payoffs: Sequence[Any],
        transitions: Sequence[Any],
        discount: Any,
        *,
        players: Sequence[str] | None = None,
        states: Sequence[str] | None = None,
        actions: Sequence[Sequence[Sequence[str]]] | None = None,
    ) -> None:
        where = "StochasticGame"
        n_states = len(payoffs)
        if n_states == 0:
            raise StochasticGameError(f"{where}: need at least one state")
        if n_states > MAX_STATES:
            raise GameSizeError(f"{where}: {n_states} states is more than the limit of {MAX_STATES}")
        if len(transitions) != n_states:
            raise StochasticGameError(f"{where}: {n_states} payoff tables but {len(transitions)} transition tables")
        d = to_fraction(discount, f"{where}: discount")
        if not 0 <= d < 1:
            raise StochasticGameError(f"{where}: discount must be in [0, 1), got {d}")
        self.discount = d
        pay: list[np.ndarray] = []
        trans: list[np.ndarray] = []
        n_players: int | None = None
        for s in range(n_states):
            p = _exact_array(payoffs[s], f"{where}: payoffs of state {s}")
            t = _exact_array(transitions[s], f"{where}: transitions of state {s}")
            if p.ndim < 2:
                raise StochasticGameError(f"{where}: payoffs of state {s} must have shape (m_1, ..., m_n, n)")
            if n_players is None:
                n_players = p.shape[-1]
            if p.shape[-1] != n_players or p.ndim != n_players + 1:
                raise StochasticGameError(
                    f"{where}: payoffs of state {s} have shape {p.shape}; expected {n_players} action axes "
                    f"and a last axis of {n_players} payoffs"
                )
            if t.shape != p.shape[:-1] + (n_states,):
                raise StochasticGameError(
                    f"{where}: transitions of state {s} have shape {t.shape}; expected {p.shape[:-1] + (n_states,)}"
                )
            if math.prod(p.shape[:-1]) > MAX_CELLS:
                raise GameSizeError(f"{where}: state {s} has more than {MAX_CELLS} action profiles")
            if any(x < 0 for x in t.flat):
                raise StochasticGameError(f"{where}: transitions of state {s} contain a negative probability")
            for idx in itertools.product(*(range(m) for m in t.shape[:-1])):
                total = sum(t[idx], Fraction(0))
                if total != 1:
                    raise StochasticGameError(
                        f"{where}: transition probabilities of state {s} at actions {idx} sum to {total}, not 1"
                    )
            pay.append(p)
            trans.append(t)
        assert n_players is not None
        if n_players < 1:
            raise StochasticGameError(f"{where}: need at least one player")
        self.payoffs: tuple[np.ndarray, ...] = tuple(pay)
        self.transitions: tuple[np.ndarray, ...] = tuple(trans)
        self.players = tuple(players) if players is not None else tuple(f"P{i + 1}" for i in range(n_players))
        self.states = tuple(states) if states is not None else tuple(f"s{k}" for k in range(n_states))
        if len(self.players) != n_players or len(set(self.players)) != n_players:
            raise StochasticGameError(f"{where}: need {n_players} distinct player names, got {list(self.players)}")
        if len(self.states) != n_states or len(set(self.states)) != n_states:
            raise StochasticGameError(f"{where}: need {n_states} distinct state names, got {list(self.states)}")
        if actions is None:
            self.actions = tuple(
                tuple(tuple(f"a{k}" for k in range(m)) for m in p.shape[:-1]) for p in self.payoffs
            )
        else:
            if len(actions) != n_states:
                raise StochasticGameError(f"{where}: actions: need one entry per state")
            acts = []
            for s, (per_state, p) in enumerate(zip(actions, self.payoffs)):
                names = tuple(tuple(str(a) for a in pl) for pl in per_state)
                if tuple(len(a) for a in names) != p.shape[:-1]:
                    raise StochasticGameError(f"{where}: actions of state {s} do not match the payoff shape {p.shape[:-1]}")
                acts.append(names)
            self.actions = tuple(acts)

    @classmethod
    def zero_sum(cls, matrices: Sequence[Any], transitions: Sequence[Any], discount: Any, **kwargs: Any) -> StochasticGame:
        """A two-player zero-sum game from the row player's payoff matrix in each state."""
        payoffs = []
        for s, a in enumerate(matrices):
            arr = _exact_array(a, f"StochasticGame.zero_sum: matrix of state {s}")
            if arr.ndim != 2:
                raise StochasticGameError(f"StochasticGame.zero_sum: matrix of state {s} must be 2-dimensional")
            payoffs.append(np.stack([arr, -arr], axis=-1))
        return cls(payoffs, transitions, discount, **kwargs)

    @classmethod
    def from_json(cls, data: Any, source: str = "stochastic game") -> StochasticGame:
        """A game from its JSON document (already parsed; see ``docs/howto-stochastic.md``).

        ``{"discount": "9/10", "players": [...], "zero_sum": false, "states": [{"name": ...,
        "actions": [[...], [...]], "payoffs": ..., "transitions": ...}, ...]}``: ``payoffs`` has
        shape ``(m_1, ..., m_n, n)`` (or ``(m_1, m_2)``, the row player's payoffs, when
        ``zero_sum`` is true); ``transitions`` has, per action profile, either a list of ``S``
        probabilities or an object ``{state name: probability}`` (missing states: 0).
        Numbers may be JSON numbers or strings such as ``"1/3"``.
        """
        where = source
        if not isinstance(data, dict):
            raise StochasticGameError(f"{where}: the document must be a JSON object")
        unknown = set(data) - {"discount", "players", "states", "zero_sum", "title"}
        if unknown:
            raise StochasticGameError(f"{where}: unknown keys {sorted(unknown)}")
        states = data.get("states")
        if not isinstance(states, list) or not states:
            raise StochasticGameError(f"{where}: 'states' must be a non-empty list")
        if "discount" not in data:
            raise StochasticGameError(f"{where}: 'discount' is required")
        names = []
        for k, st in enumerate(states):
            if not isinstance(st, dict):
                raise StochasticGameError(f"{where}: state {k} must be an object")
            extra = set(st) - {"name", "actions", "payoffs", "transitions"}
            if extra:
                raise StochasticGameError(f"{where}: state {k}: unknown keys {sorted(extra)}")
            names.append(str(st.get("name", f"s{k}")))
        index = {nm: k for k, nm in enumerate(names)}
        zero_sum = bool(data.get("zero_sum", False))
        payoffs, transitions, actions = [], [], []
        for k, st in enumerate(states):
            if "payoffs" not in st or "transitions" not in st:
                raise StochasticGameError(f"{where}: state {names[k]!r} needs 'payoffs' and 'transitions'")
            pay = _exact_array(st["payoffs"], f"{where}: payoffs of state {names[k]!r}")
            if zero_sum:
                if pay.ndim != 2:
                    raise StochasticGameError(f"{where}: zero-sum payoffs of state {names[k]!r} must be a matrix")
                pay = np.stack([pay, -pay], axis=-1)
            payoffs.append(pay)
            shape = pay.shape[:-1]
            transitions.append(_transition_table(st["transitions"], shape, index, f"{where}: transitions of state {names[k]!r}"))
            acts = st.get("actions")
            actions.append(
                acts if acts is not None else [[f"a{j}" for j in range(m)] for m in shape]
            )
        players = data.get("players")
        return cls(payoffs, transitions, data["discount"], players=players, states=names, actions=actions)

    @property
    def num_players(self) -> int:
        return len(self.players)

    @property
    def num_states(self) -> int:
        return len(self.states)

    def is_zero_sum(self) -> bool:
        """Two players whose payoffs sum to zero in every cell of every state."""
        return self.num_players == 2 and all(all(x == 0 for x in (p[..., 0] + p[..., 1]).flat) for p in self.payoffs)

    def to_json(self) -> dict[str, Any]:
        from gametheory._kernel.results import json_value

        return {
            "players": list(self.players),
            "states": list(self.states),
            "discount": json_value(self.discount),
            "actions": json_value(self.actions),
        }

    # ------------------------------------------------------------------ evaluation
    def normalize_profile(self, profile: Any) -> StationaryProfile:
        """Check and convert a stationary profile (per state, per player, probabilities)."""
        where = "stationary profile"
        if len(profile) != self.num_states:
            raise GameError(f"{where}: need one entry per state ({self.num_states})")
        out = []
        for s, per_state in enumerate(profile):
            if len(per_state) != self.num_players:
                raise GameError(f"{where}: state {s}: need one strategy per player ({self.num_players})")
            row = []
            for i, strat in enumerate(per_state):
                m = self.payoffs[s].shape[i]
                if isinstance(strat, (int, np.integer)) and not isinstance(strat, bool):
                    if not 0 <= int(strat) < m:
                        raise GameError(f"{where}: state {s}, player {i}: action {strat} out of range")
                    probs = tuple(Fraction(int(k == int(strat))) for k in range(m))
                else:
                    probs = tuple(to_fraction(x, f"{where}: state {s}, player {i}") for x in strat)
                    if len(probs) != m or any(x < 0 for x in probs) or sum(probs) != 1:
                        raise GameError(f"{where}: state {s}, player {i}: need {m} nonnegative probabilities summing to 1")
                row.append(probs)
            out.append(tuple(row))
        return tuple(out)

    def values(self, profile: Any) -> tuple[tuple[Fraction, ...], ...]:
        """Exact discounted values ``V[s][i]`` of a stationary profile (a linear solve)."""
        prof = self.normalize_profile(profile)
        S, n, d = self.num_states, self.num_players, self.discount
        rewards: list[list[Fraction]] = []
        rows: list[list[Fraction]] = []
        for s in range(S):
            r = _expect(self.payoffs[s], prof[s], skip=None)
            q = _expect(self.transitions[s], prof[s], skip=None)
            rewards.append([r[i] for i in range(n)])
            rows.append([Fraction(int(s == t)) - d * q[t] for t in range(S)])
        cols = []
        for i in range(n):
            sol = solve_exact(rows, [rewards[s][i] for s in range(S)])
            if sol is None:  # pragma: no cover - I - delta P is invertible for delta < 1
                raise SolverError("stochastic game: singular value system")
            cols.append(sol)
        return tuple(tuple(cols[i][s] for i in range(n)) for s in range(S))


def _exact_array(data: Any, where: str) -> np.ndarray:
    try:
        arr = np.array(data, dtype=object)
    except ValueError as exc:
        raise StochasticGameError(f"{where}: ragged nested lists ({exc})") from None
    if arr.size == 0:
        raise StochasticGameError(f"{where}: empty")
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        if isinstance(v, (list, tuple, np.ndarray)):
            raise StochasticGameError(f"{where}: ragged nested lists")
        out[idx] = to_fraction(v, where)
    return out


def _transition_table(raw: Any, shape: tuple[int, ...], index: dict[str, int], where: str) -> list[Any]:
    """Nested lists of shape ``shape + (S,)`` from per-profile lists or ``{state: p}`` objects."""
    S = len(index)

    def walk(x: Any, depth: int) -> Any:
        if depth == len(shape):
            if isinstance(x, dict):
                row: list[Any] = [0] * S
                for name, p in x.items():
                    if name not in index:
                        raise StochasticGameError(f"{where}: unknown state {name!r}")
                    row[index[name]] = p
                return row
            if isinstance(x, list) and len(x) == S:
                return x
            raise StochasticGameError(f"{where}: each action profile needs {S} probabilities or a {{state: p}} object")
        if not isinstance(x, list) or len(x) != shape[depth]:
            raise StochasticGameError(f"{where}: expected {shape[depth]} entries at depth {depth + 1}")
        return [walk(y, depth + 1) for y in x]

    return list(walk(raw, 0))


def _expect(table: np.ndarray, strategies: Sequence[Any], skip: int | None) -> np.ndarray:
    """Contract the action axes of ``table`` with the players' strategies, except ``skip``."""
    arr = table
    n = len(strategies)
    # contract from the last player's axis down, so earlier axis numbers stay valid
    for j in reversed(range(n)):
        if j == skip:
            continue
        vec = np.array(list(strategies[j]), dtype=table.dtype)
        arr = np.tensordot(arr, vec, axes=([j], [0]))
    return arr


# --------------------------------------------------------------------------- verification
@dataclass(frozen=True)
class DeviationCheck(Result):
    """The one-shot deviation check of a stationary profile.

    Attributes
    ----------
    values:
        ``values[s][i]``: player ``i``'s exact discounted value from state ``s``.
    gains:
        ``gains[s][i]``: the largest gain of a one-shot deviation by ``i`` in ``s``
        (``0`` when ``i`` already best-responds there).
    max_regret:
        The largest gain over states and players; the profile is a Markov perfect
        equilibrium iff it is ``0``.
    """

    values: tuple[tuple[Fraction, ...], ...]
    gains: tuple[tuple[Fraction, ...], ...]
    max_regret: Fraction

    @property
    def is_equilibrium(self) -> bool:
        return self.max_regret == 0


def one_shot_deviation(game: StochasticGame, profile: Any) -> DeviationCheck:
    """Verify a stationary profile by the one-shot deviation check in every state, exactly.

    Parameters
    ----------
    game:
        The stochastic game.
    profile:
        Per state, per player: a mixed action (probabilities) or a pure action index.

    Returns
    -------
    DeviationCheck
    """
    t0 = time.perf_counter()
    prof = game.normalize_profile(profile)
    vals = game.values(prof)
    d = game.discount
    gains = []
    for s in range(game.num_states):
        row = []
        for i in range(game.num_players):
            cont = np.array([vals[t][i] for t in range(game.num_states)], dtype=object)
            q_table = game.payoffs[s][..., i] + d * np.tensordot(game.transitions[s], cont, axes=([-1], [0]))
            q = _expect(q_table, prof[s], skip=i)
            row.append(max(q.flat) - vals[s][i])
        gains.append(tuple(row))
    worst = max(max(r) for r in gains)
    return DeviationCheck(
        values=vals,
        gains=tuple(gains),
        max_regret=worst,
        method="one-shot-deviation",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
    )


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class MarkovEquilibrium:
    """One stationary Markov profile with its exact check.

    Attributes
    ----------
    profile:
        Per state, per player, the probabilities of the state's actions.
    values:
        ``values[s][i]``: exact discounted values of the profile.
    max_regret:
        Largest one-shot deviation gain (exact); ``0`` for a verified equilibrium, a positive
        value ``e`` for an ``e``-equilibrium (a float candidate that could not be made exact).
    pure:
        Whether every player plays a pure action in every state.
    """

    profile: StationaryProfile
    values: tuple[tuple[Fraction, ...], ...]
    max_regret: Fraction
    pure: bool

    @property
    def verified(self) -> bool:
        return self.max_regret == 0

    def to_json(self) -> dict[str, Any]:
        from gametheory._kernel.results import json_value

        return {
            "profile": json_value(self.profile),
            "values": json_value(self.values),
            "max_regret": json_value(self.max_regret),
            "verified": self.verified,
            "pure": self.pure,
        }


@dataclass(frozen=True)
class StochasticResult(Result):
    """Stationary Markov perfect equilibria of a stochastic game.

    Attributes
    ----------
    game:
        The game (JSON: its names and discount).
    equilibria:
        The profiles found, each with exact values and its one-shot deviation check.
    complete:
        Whether ``equilibria`` is every equilibrium of the kind searched (all pure ones for
        :func:`pure_markov_equilibria`); ``False`` when a mixed search ran.
    """

    game: StochasticGame = field(metadata={"json": False})
    equilibria: tuple[MarkovEquilibrium, ...]
    complete: bool

    def to_json(self) -> dict[str, Any]:
        out = self.common_json()
        out["game"] = self.game.to_json()
        out["equilibria"] = [e.to_json() for e in self.equilibria]
        out["complete"] = self.complete
        return out

    def summary(self) -> str:
        """The equilibria in words: per state each player's action (or mixture) and values."""
        g = self.game
        lines = [
            f"{len(self.equilibria)} stationary Markov perfect equilibri{'um' if len(self.equilibria) == 1 else 'a'}"
            f" ({self.method}, discount {format_number(g.discount)})"
            + ("" if self.complete else "; the search is not exhaustive")
        ]
        for k, eq in enumerate(self.equilibria, 1):
            tag = "verified exactly" if eq.verified else f"epsilon-equilibrium, max gain {float(eq.max_regret):.3g}"
            lines.append(f"equilibrium {k} ({'pure' if eq.pure else 'mixed'}, {tag}):")
            for s, name in enumerate(g.states):
                parts = []
                for i, pl in enumerate(g.players):
                    probs = eq.profile[s][i]
                    acts = g.actions[s][i]
                    if len(acts) == 1:
                        continue
                    chosen = [f"{a}" if p == 1 else f"{a} {_fmt(p)}" for a, p in zip(acts, probs) if p != 0]
                    parts.append(f"{pl}: {', '.join(chosen)}")
                vals = ", ".join(f"{pl} {_fmt(v)}" for pl, v in zip(g.players, eq.values[s]))
                lines.append(f"  {name}: {'; '.join(parts) or '(no choice)'} -> values {vals}")
        for d in self.diagnostics:
            lines.append(f"note: {d}")
        return "\n".join(lines)


def _fmt(v: Fraction) -> str:
    """Small-denominator rationals exactly, others to 6 significant digits."""
    return format_number(v) if v.denominator <= 1000 else f"{float(v):.6g}"


def _is_pure(prof: StationaryProfile) -> bool:
    return all(all(max(st) == 1 for st in per_state) for per_state in prof)


def _certified(game: StochasticGame, prof: StationaryProfile) -> MarkovEquilibrium:
    chk = one_shot_deviation(game, prof)
    return MarkovEquilibrium(profile=prof, values=chk.values, max_regret=max(chk.max_regret, Fraction(0)), pure=_is_pure(prof))


# --------------------------------------------------------------------------- pure enumeration
def pure_markov_equilibria(game: StochasticGame) -> StochasticResult:
    """Every stationary pure Markov perfect equilibrium, by enumeration, exactly verified.

    Each stationary pure profile (one action per player per state) is evaluated by an exact
    linear solve and kept iff its one-shot deviation check is ``0`` in every state. A float
    screen runs first: a profile whose float gain exceeds ``1e-7`` times the payoff scale
    ``(1 + max |payoff|)/(1 - delta)`` -- far above the rounding error of the float solve --
    is discarded without the exact check; every other profile is decided exactly.

    Raises
    ------
    GameSizeError
        When there are more than :data:`MAX_PURE_PROFILES` stationary pure profiles.
    """
    t0 = time.perf_counter()
    shapes = [p.shape[:-1] for p in game.payoffs]
    count = math.prod(math.prod(sh) for sh in shapes)
    if count > MAX_PURE_PROFILES:
        raise GameSizeError(
            f"pure_markov_equilibria: {count} stationary pure profiles is more than the limit of {MAX_PURE_PROFILES}"
        )
    per_state = [list(itertools.product(*(range(m) for m in sh))) for sh in shapes]
    pay, tr = _float_tables(game)
    d = float(game.discount)
    scale = (1.0 + max(float(np.max(np.abs(p))) for p in pay)) / (1.0 - d)
    margin = 1e-7 * scale
    found = []
    screened = 0
    for choice in itertools.product(*per_state):
        # float screen: a profile whose float one-shot gain clearly exceeds rounding error
        # (margin 1e-7 times the payoff scale) cannot be an equilibrium; every other profile
        # gets the exact check, and only the exact check admits one
        if _float_gain(pay, tr, d, choice) > margin:
            screened += 1
            continue
        prof = game.normalize_profile([list(c) for c in choice])
        eq = _certified(game, prof)
        if eq.max_regret == 0:
            found.append(eq)
    return StochasticResult(
        game=game,
        equilibria=tuple(found),
        complete=True,
        method="pure-enumeration",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"profiles_checked": count, "screened_in_floats": screened},
    )


# --------------------------------------------------------------------------- zero-sum: Shapley
def _float_gain(pay: list[np.ndarray], tr: list[np.ndarray], d: float, choice: Sequence[Sequence[int]]) -> float:
    """Largest one-shot gain of a stationary pure profile, in floats (a screen only)."""
    S = len(pay)
    R = np.stack([pay[s][tuple(choice[s])] for s in range(S)])
    P = np.stack([tr[s][tuple(choice[s])] for s in range(S)])
    V = np.linalg.solve(np.eye(S) - d * P, R)
    worst = -math.inf
    for s in range(S):
        for i in range(R.shape[1]):
            idx: list[Any] = list(choice[s])
            idx[i] = slice(None)
            q = pay[s][tuple(idx)][:, i] + d * tr[s][tuple(idx)] @ V[:, i]
            worst = max(worst, float(np.max(q)) - float(V[s, i]))
    return worst


def _float_tables(game: StochasticGame) -> tuple[list[np.ndarray], list[np.ndarray]]:
    pay = [np.array(p.tolist(), dtype=float) if p.size else p for p in game.payoffs]
    tr = [np.array(t.tolist(), dtype=float) for t in game.transitions]
    return pay, tr


def _matrix_value_float(A: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Value and optimal strategies of the matrix game ``A`` in floats: one HiGHS LP.

    ``max v s.t. v - (x^T A)_j <= 0, sum x = 1``; the column player's strategy is read from
    the duals of the column constraints."""
    from gametheory._kernel.lp import solve_float

    m, n = A.shape
    if m == 1 or n == 1:  # no LP needed: one side has a single action
        if m == 1:
            j = int(np.argmin(A[0]))
            return float(A[0, j]), np.ones(1), np.eye(n)[j]
        i = int(np.argmax(A[:, 0]))
        return float(A[i, 0]), np.eye(m)[i], np.ones(1)
    top = float(np.max(np.abs(A))) or 1.0
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-(A / top).T, np.ones((n, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = solve_float(c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=A_eq, b_eq=[1.0], bounds=[(0, None)] * m + [(None, None)])
    if not res.ok:  # pragma: no cover - a bounded feasible LP
        raise SolverError(f"shapley_iteration: LP failed: {res.message}")
    x = np.clip(res.x[:m], 0, None)
    y = np.clip(-res.ineq_duals, 0, None)
    if not np.isfinite(y).all() or y.sum() <= 0:  # pragma: no cover - HiGHS reports duals
        y = np.full(n, 1.0 / n)
    return float(res.x[-1]) * top, x / x.sum(), y / y.sum()


def _matrix_solve_exact(A: np.ndarray) -> tuple[Strategy, Strategy]:
    from gametheory.normal.game import NormalFormGame
    from gametheory.normal.solvers.zerosum import zerosum_solve

    res = zerosum_solve(NormalFormGame.zero_sum(A.tolist()), exact=True)
    x, y = res.equilibria[0].profile
    return tuple(Fraction(v) for v in x), tuple(Fraction(v) for v in y)


def _rationalize(x: Any, denominator: int) -> Strategy:
    q = [max(Fraction(float(v)).limit_denominator(denominator), Fraction(0)) for v in x]
    total = sum(q, Fraction(0))
    if total == 0:
        q = [Fraction(1)] + [Fraction(0)] * (len(q) - 1)
        total = Fraction(1)
    return tuple(v / total for v in q)


def shapley_iteration(
    game: StochasticGame, *, tol: float = 1e-12, max_iter: int = 100_000, denominator: int = 10**6
) -> StochasticResult:
    """Value and optimal stationary strategies of a two-player zero-sum stochastic game.

    Shapley's (1953) operator maps continuation values ``v`` to the values of the auxiliary
    matrix games :math:`G_s(v) = r(s) + \\delta \\sum_t P(t \\mid s, \\cdot) v_t`; it is a
    contraction with modulus ``delta``, so iterating it (in floats, each matrix game solved by
    linear programming) converges to the game's value. The float values are then rounded to
    the simplest rationals within ``1/denominator``, the auxiliary games at those values are
    solved exactly, and the resulting stationary profile is verified by the exact one-shot
    deviation check: when the value is rational (and its denominator small enough) the
    result is an exactly verified equilibrium; otherwise the float strategies are returned
    with their exact ``max_regret`` (an epsilon-equilibrium, said in ``diagnostics``).

    Parameters
    ----------
    game:
        A zero-sum two-player game (:meth:`StochasticGame.is_zero_sum`).
    tol:
        Stop when the contraction bound on the distance to the value, ``delta/(1-delta)`` times
        the last change, is at most ``tol``; before that, an exact certificate is tried each time
        the bound has fallen a hundredfold below ``1e-4``, and the loop ends when it holds.
    max_iter:
        Iteration cap.
    denominator:
        Largest denominator tried when rounding the float values to rationals.

    Returns
    -------
    StochasticResult
        One equilibrium; ``parameters["value"]`` is the row player's value per state.
    """
    t0 = time.perf_counter()
    if not game.is_zero_sum():
        raise SolverError("shapley_iteration: the game is not a two-player zero-sum game")
    pay, tr = _float_tables(game)
    d = float(game.discount)
    S = game.num_states
    v = np.zeros(S)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    eq: MarkovEquilibrium | None = None
    next_try = 1e-4
    iterations = 0
    for it in range(1, max_iter + 1):
        iterations = it
        new = np.empty(S)
        xs, ys = [], []
        for s in range(S):
            G = pay[s][..., 0] + d * tr[s] @ v
            new[s], x, y = _matrix_value_float(G)
            xs.append(x)
            ys.append(y)
        diff = float(np.max(np.abs(new - v)))
        v = new
        bound = diff * d / (1.0 - d)  # distance of v from the value (contraction bound)
        if bound <= tol or d == 0:
            break
        if bound <= next_try:  # try the exact certificate early: it ends the loop when it holds
            next_try = bound / 100
            eq = _certify_zero_sum(game, v, denominator)
            if eq.max_regret == 0:
                break
    else:
        raise SolverError(f"shapley_iteration: no convergence in {max_iter} iterations")
    diagnostics: list[str] = []
    if eq is None or eq.max_regret != 0:
        eq = _certify_zero_sum(game, v, denominator)
    if eq.max_regret != 0:
        flt = tuple((_rationalize(xs[s], denominator), _rationalize(ys[s], denominator)) for s in range(S))
        eq2 = _certified(game, flt)
        if eq2.max_regret < eq.max_regret:
            eq = eq2
        diagnostics.append(
            "the value could not be certified as a rational with denominator at most "
            f"{denominator}: an epsilon-equilibrium with exact max gain {float(eq.max_regret):.3g}"
        )
    return StochasticResult(
        game=game,
        equilibria=(eq,),
        complete=False,
        method="shapley-iteration",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"value": tuple(eq.values[s][0] for s in range(S)), "iterations": iterations, "tol": tol},
        diagnostics=tuple(diagnostics),
    )


def _certify_zero_sum(game: StochasticGame, v: np.ndarray, denominator: int) -> MarkovEquilibrium:
    """Round float values to rationals, solve the auxiliary games exactly, check the profile."""
    S = game.num_states
    vq = [Fraction(float(x)).limit_denominator(denominator) for x in v]
    cont = np.array(vq, dtype=object)
    cand = []
    for s in range(S):
        G = game.payoffs[s][..., 0] + game.discount * np.tensordot(game.transitions[s], cont, axes=([-1], [0]))
        cand.append(_matrix_solve_exact(G))
    return _certified(game, tuple(cand))


# --------------------------------------------------------------------------- general sum
def _stage_equilibrium(tables: np.ndarray, previous: list[np.ndarray] | None) -> list[np.ndarray]:
    """One Nash equilibrium (floats) of a stage game with payoff tensor (m_1..m_n, n)."""
    from gametheory.normal.game import NormalFormGame
    from gametheory.normal.solvers.dispatch import solve

    game = NormalFormGame.from_payoff_tensor(tables)
    res = solve(game, exact=False)
    eqs = [[np.array(p, dtype=float) for p in e.profile] for e in res.equilibria]
    if not eqs:  # pragma: no cover - every finite game has an equilibrium
        raise SolverError("markov_equilibria: a stage game solver returned no equilibrium")
    if previous is None:
        return eqs[0]
    return min(eqs, key=lambda e: sum(float(np.abs(a - b).sum()) for a, b in zip(e, previous)))


#: The mixed-equilibrium searches of :func:`markov_equilibria`.
METHODS = ("iteration", "homotopy")


def markov_equilibria(
    game: StochasticGame,
    *,
    mixed: bool = True,
    method: str = "iteration",
    max_iter: int = 2000,
    tol: float = 1e-12,
    denominator: int = 10**4,
) -> StochasticResult:
    """Stationary Markov perfect equilibria: every pure one, and a mixed one when found.

    The pure equilibria come from :func:`pure_markov_equilibria` (exact, complete). With
    ``method="homotopy"`` the mixed search is :func:`markov_homotopy` (the logit Markov
    quantal-response path, for any game). With ``method="iteration"`` (default), for zero-sum
    games the mixed search is :func:`shapley_iteration`; otherwise (``mixed=True``) the
    stage-game iteration runs: starting from zero continuation values, each state's auxiliary
    game :math:`r(s) + \\delta P V` is solved in floats and the equilibrium nearest the previous
    one kept; the profile's values are recomputed, until the profile stops moving. This need
    not converge (general-sum games can cycle); when it does, the limit is rounded to
    rationals with denominators up to ``denominator``, and the exact values of that profile
    are used once more to solve the auxiliary games exactly (the nearest exact equilibrium);
    the candidate with the smaller exact one-shot gain is reported, verified when the gain is
    ``0`` and otherwise marked as an epsilon-equilibrium.

    Returns
    -------
    StochasticResult
        ``complete`` is ``True`` only for the pure search (``mixed=False``).
    """
    if method not in METHODS:
        raise GameError(f"markov_equilibria: method must be one of {', '.join(METHODS)}, got {method!r}")
    t0 = time.perf_counter()
    pure = pure_markov_equilibria(game)
    found = list(pure.equilibria)
    diagnostics: list[str] = []
    label = "pure-enumeration"
    parameters: dict[str, Any] = {"mixed": mixed}
    if mixed and method == "homotopy":
        h = markov_homotopy(game, denominator=max(denominator, 10**6))
        label = "pure-enumeration+" + h.method
        diagnostics.extend(h.diagnostics)
        parameters.update(h.parameters)
        for eq in h.equilibria:
            if all(eq.profile != e.profile for e in found):
                found.append(eq)
    elif mixed:
        if game.is_zero_sum():
            z = shapley_iteration(game)
            label = "pure-enumeration+shapley-iteration"
            diagnostics.extend(z.diagnostics)
            cand: MarkovEquilibrium | None = z.equilibria[0]
        else:
            label = "pure-enumeration+stage-iteration"
            cand = _mixed_by_iteration(game, max_iter, tol, denominator, diagnostics)
        if cand is not None and all(cand.profile != e.profile for e in found):
            found.append(cand)
    return StochasticResult(
        game=game,
        equilibria=tuple(found),
        complete=not mixed,
        method=label,
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters=parameters,
        diagnostics=tuple(diagnostics),
    )


def _mixed_by_iteration(
    game: StochasticGame, max_iter: int, tol: float, denominator: int, diagnostics: list[str]
) -> MarkovEquilibrium | None:
    pay, tr = _float_tables(game)
    d = float(game.discount)
    S, n = game.num_states, game.num_players
    V = np.zeros((S, n))
    prof: list[list[np.ndarray]] | None = None
    for _ in range(max_iter):
        new = []
        for s in range(S):
            aux = pay[s] + d * np.tensordot(tr[s], V, axes=([-1], [0]))
            new.append(_stage_equilibrium(aux, None if prof is None else prof[s]))
        moved = (
            math.inf
            if prof is None
            else max(float(np.abs(a - b).max()) for ps, qs in zip(new, prof) for a, b in zip(ps, qs))
        )
        prof = new
        V = _float_values(pay, tr, d, prof)
        if moved <= tol:
            break
    else:
        diagnostics.append(f"the stage-game iteration did not settle in {max_iter} rounds: no mixed equilibrium reported")
        return None
    assert prof is not None
    rounded = tuple(tuple(_rationalize(p, denominator) for p in prof[s]) for s in range(S))
    best = _certified(game, rounded)
    if best.max_regret != 0:
        # one exact polishing round: the auxiliary games at the rounded profile's exact values
        polished = []
        for s in range(S):
            cont = np.array([list(best.values[t]) for t in range(S)], dtype=object)
            aux = game.payoffs[s] + game.discount * np.tensordot(game.transitions[s], cont, axes=([-1], [0]))
            polished.append(_nearest_exact(aux, prof[s]))
        other = _certified(game, tuple(polished))
        if other.max_regret < best.max_regret:
            best = other
    if best.max_regret != 0:
        diagnostics.append(
            f"the mixed profile is an epsilon-equilibrium (exact max one-shot gain {float(best.max_regret):.3g}), not exactly verified"
        )
    return best


def _nearest_exact(aux: np.ndarray, target: list[np.ndarray]) -> tuple[Strategy, ...]:
    from gametheory.normal.game import NormalFormGame
    from gametheory.normal.solvers.dispatch import solve

    res = solve(NormalFormGame.from_payoff_tensor(aux.tolist()), exact=True)
    best = min(
        res.equilibria,
        key=lambda e: sum(float(np.abs(np.array(p, dtype=float) - t).sum()) for p, t in zip(e.profile, target)),
    )
    return tuple(tuple(Fraction(x) for x in p) for p in best.profile)


def _float_values(pay: list[np.ndarray], tr: list[np.ndarray], d: float, prof: list[list[np.ndarray]]) -> np.ndarray:
    S = len(pay)
    R = np.stack([_expect(pay[s], prof[s], skip=None) for s in range(S)])
    P = np.stack([_expect(tr[s], prof[s], skip=None) for s in range(S)])
    return np.linalg.solve(np.eye(S) - d * P, R)


# --------------------------------------------------------------------------- general sum: homotopy
#: Denominator bounds tried when rounding a float equilibrium of the homotopy to rationals.
_HOMOTOPY_DENOMINATORS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 30, 50, 100, 1_000, 10_000, 100_000, 1_000_000)


def markov_homotopy(
    game: StochasticGame,
    *,
    max_lambda: float | None = None,
    denominator: int = 10**6,
) -> StochasticResult:
    """One stationary Markov perfect equilibrium by the logit Markov quantal-response homotopy.

    The Markov logit quantal-response equilibria (Eibelshaeuser & Poensgen 2019) at precision
    ``lam`` solve, in every state, the logit response of every player to the action values
    :math:`Q_{s,i,a} = r_i(s, a, \\sigma_{-i}) + \\delta \\sum_t P(t \\mid s, a, \\sigma_{-i}) V_{t,i}`
    together with the Bellman equations of the values ``V``. At ``lam = 0`` the solution is
    unique (uniform play and its values); the branch through it is followed in arclength by a
    predictor-corrector method (through turning points, where ``lam`` falls for a while) towards
    ``lam -> infinity``, where it approaches a Markov perfect equilibrium -- for generic games
    the branch exists and reaches one (Herings & Peeters 2004 for the linear tracing analogue).
    The path tracer is :mod:`gametheory.dynamic._homotopy`.

    At checkpoints (precision ``10, 30, 90, ...`` for payoffs scaled to unit range) the likely
    actions of the path point give candidate supports; on each the support system (every
    support action earns the state's value, probabilities sum to one) is solved by Newton's
    method, the solution rounded to rationals with growing denominators (up to
    ``denominator``) and -- for two players -- polished once exactly: with the rounded
    profile's exact values fixed, each state's indifference equations are linear in the
    opponent's probabilities and are solved in rationals. Every candidate goes through
    :func:`one_shot_deviation` (exact). An exactly verified candidate close to the path point is
    accepted when the next checkpoint gives it again (or beyond unit-range precision ``1e5``).
    If none is verified by ``max_lambda``, the candidate with the smallest exact gain is
    returned as an epsilon-equilibrium (said in ``diagnostics``) -- as for an equilibrium with
    irrational probabilities.

    Parameters
    ----------
    game:
        Any finite discounted stochastic game.
    max_lambda:
        Largest precision traced, in the game's payoff units; default ``1e7`` divided by the
        game's payoff range.
    denominator:
        Largest denominator tried when rounding.

    Returns
    -------
    StochasticResult
        At most one equilibrium (none when the path breaks down before any candidate was
        found); ``complete=False``. ``parameters``: ``lambda`` reached (payoff units),
        ``steps``, ``rejected_steps``, ``turning_points``, ``support`` (per state and player, the
        action indices).

    Raises
    ------
    SolverError
        When ``max_lambda`` is not positive.

    Examples
    --------
    >>> g = StochasticGame([[[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]], [[[[1], [1]], [[1], [1]]]], Fraction(1, 2))
    >>> markov_homotopy(g).equilibria[0].profile
    (((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))),)
    """
    from gametheory.dynamic._homotopy import (
        MarkovLogitSystem,
        PathBreakdown,
        PathLog,
        solve_support,
        supports_at,
        trace,
    )

    t0 = time.perf_counter()
    pay, tr = _float_tables(game)
    system = MarkovLogitSystem(pay, tr, float(game.discount))
    max_int = 1e7 if max_lambda is None else float(max_lambda) * system.scale
    if not max_int > 0:
        raise SolverError(f"markov_homotopy: max_lambda must be positive, got {max_lambda}")
    marks = []
    m = 10.0
    while m < max_int:
        marks.append(m)
        m *= 3
    marks.append(max_int)
    log = PathLog()
    diagnostics: list[str] = []
    best: MarkovEquilibrium | None = None
    best_support: Any = None
    accepted: MarkovEquilibrium | None = None
    previous: StationaryProfile | None = None
    last_floats: list[np.ndarray] | None = None
    lam_reached = 0.0
    try:
        for lam, y in trace(system, marks, log):
            lam_reached = lam
            qre = system.strategies(y)
            V0 = y[system.M : system.N].reshape(system.S, system.n)
            verified_here: MarkovEquilibrium | None = None
            floats: list[np.ndarray] | None = None
            for support in supports_at(system, y):
                sig = solve_support(system, support, qre, V0)
                if sig is None:
                    continue
                near = max(float(np.max(np.abs(a - b))) for ps, qs in zip(sig, qre) for a, b in zip(ps, qs))
                if floats is None:
                    floats = [p for ps in sig for p in ps]
                cand = _certify_floats(game, sig, support, denominator)
                if cand.max_regret == 0 and near <= min(0.5, 50.0 / lam):
                    verified_here = cand
                    best, best_support = cand, support
                    break
                if best is None or cand.max_regret < best.max_regret:
                    best, best_support = cand, support
            if verified_here is not None:
                if verified_here.profile == previous or lam >= 1e5:
                    accepted = verified_here
                    break
                previous = verified_here.profile
            else:
                previous = None
                # the same unverifiable float equilibrium at two checkpoints far out: its
                # probabilities are (most likely) irrational; stop with the epsilon-equilibrium
                if (
                    floats is not None
                    and last_floats is not None
                    and lam >= 1e3
                    and max(float(np.max(np.abs(a - b))) for a, b in zip(floats, last_floats)) <= 1e-9
                ):
                    break
                last_floats = floats
    except PathBreakdown as exc:
        diagnostics.append(f"the homotopy path broke down ({exc})")
    if accepted is None and best is not None and best.max_regret == 0:
        accepted = best
    result = accepted if accepted is not None else best
    if result is None:
        diagnostics.append("the homotopy found no candidate equilibrium")
    elif result.max_regret != 0:
        diagnostics.append(
            "the homotopy's limit could not be made exact (its probabilities may be irrational): an "
            f"epsilon-equilibrium with exact max one-shot gain {float(result.max_regret):.3g}"
        )
    if log.bifurcations:
        diagnostics.append(f"the path passed {log.bifurcations} bifurcation point(s) (a non-generic game) straight on")
    return StochasticResult(
        game=game,
        equilibria=() if result is None else (result,),
        complete=False,
        method="markov-logit-homotopy",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={
            "lambda": lam_reached / system.scale,
            "steps": log.steps,
            "rejected_steps": log.rejected,
            "turning_points": log.turning_points,
            "support": best_support,
        },
        diagnostics=tuple(diagnostics),
    )


def _certify_floats(
    game: StochasticGame, sig: list[list[np.ndarray]], support: Any, denominator: int
) -> MarkovEquilibrium:
    """The exactly checked rational profile nearest a float equilibrium on a support: rounding
    with growing denominators, then (two players) one exact linear polishing round."""
    best: MarkovEquilibrium | None = None
    seen: set[StationaryProfile] = set()
    for den in _HOMOTOPY_DENOMINATORS:
        if den > denominator:
            break
        prof = tuple(tuple(_rationalize(p, den) for p in per_state) for per_state in sig)
        if prof in seen:
            continue
        seen.add(prof)
        eq = _certified(game, prof)
        if best is None or eq.max_regret < best.max_regret:
            best = eq
        if eq.max_regret == 0:
            return eq
    assert best is not None
    if game.num_players == 2:
        polished = _polish_two_player(game, best, support)
        if polished is not None:
            eq = _certified(game, polished)
            if eq.max_regret < best.max_regret:
                best = eq
    return best


def _polish_two_player(game: StochasticGame, eq: MarkovEquilibrium, support: Any) -> StationaryProfile | None:
    """With the exact values of ``eq`` fixed, each state's indifference conditions are linear in
    the opponent's probabilities: solve them in rationals on the given supports."""
    from gametheory._kernel.linalg import solve_consistent

    S, d = game.num_states, game.discount
    out = []
    for s in range(S):
        row: list[Strategy] = [(), ()]
        for i in (0, 1):
            j = 1 - i
            cont = np.array([eq.values[t][i] for t in range(S)], dtype=object)
            tab = game.payoffs[s][..., i] + d * np.tensordot(game.transitions[s], cont, axes=([-1], [0]))
            if i == 1:
                tab = tab.T  # own actions first
            sj = list(support[s][j])
            k = len(sj)
            # unknowns: sigma_j on its support, then player i's value W
            a = [[tab[ai, b] for b in sj] + [Fraction(-1)] for ai in support[s][i]]
            b = [Fraction(0)] * len(a)
            a.append([Fraction(1)] * k + [Fraction(0)])
            b.append(Fraction(1))
            sol = solve_consistent(a, b, k + 1)
            if sol is None or any(x < 0 for x in sol[:k]):
                return None
            probs = [Fraction(0)] * game.payoffs[s].shape[j]
            for b_idx, x in zip(sj, sol[:k]):
                probs[b_idx] = x
            row[j] = tuple(probs)
        out.append(tuple(row))
    return tuple(out)


# --------------------------------------------------------------------------- examples
def big_match(discount: Any) -> StochasticGame:
    """The discounted Big Match (Blackwell & Ferguson 1968), a zero-sum stochastic game.

    In state ``play`` the row player chooses ``Stop`` (the game is absorbed: payoff 1 per period
    forever if the column player chose ``L``, 0 if ``R``) or ``Go`` (payoff 1 on ``R``, 0 on
    ``L``, and play continues). Its normalised discounted value is 1/2 for every discount
    factor, so the unnormalised value of ``play`` is :math:`1/(2(1-\\delta))`; optimally the
    row player stops with probability :math:`(1-\\delta)/(2-\\delta)` and the column player
    mixes evenly.
    """
    matrices = [[[1, 0], [0, 1]], [[1]], [[0]]]
    transitions = [
        [[[0, 1, 0], [0, 0, 1]], [[1, 0, 0], [1, 0, 0]]],
        [[[0, 1, 0]]],
        [[[0, 0, 1]]],
    ]
    return StochasticGame.zero_sum(
        matrices,
        transitions,
        discount,
        players=("row", "column"),
        states=("play", "won", "lost"),
        actions=((("Stop", "Go"), ("L", "R")), (("-",), ("-",)), (("-",), ("-",))),
    )
