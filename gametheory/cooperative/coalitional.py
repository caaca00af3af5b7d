"""Coalitional (transferable-utility) games: Shapley value, power indices, core, least core.

A TU game is a set of players :math:`N` and a characteristic function :math:`v` giving each
coalition :math:`S \\subseteq N` its worth, with :math:`v(\\emptyset) = 0`.

* :func:`shapley_value` -- :math:`\\phi_i = \\sum_{S \\subseteq N\\setminus i}
  \\frac{|S|!\\,(n-|S|-1)!}{n!}\\,[v(S\\cup i) - v(S)]` (Shapley 1953), exact with rational
  values, symbolic with sympy values;
* :func:`shapley_shubik_index` and :func:`banzhaf_index` for :class:`WeightedVotingGame`
  (Shapley & Shubik 1954; Banzhaf 1965), counted by dynamic programming over integer weights
  so that games with many players (e.g. 50) are fast and exact;
* :func:`in_core` / :func:`max_excess` -- membership in the core
  :math:`\\{x : x(N) = v(N),\\ x(S) \\ge v(S)\\ \\forall S\\}` (Gillies 1959);
* :func:`least_core` -- the least core (Maschler, Peleg & Shapley 1979): the smallest
  :math:`\\varepsilon` with :math:`x(S) + \\varepsilon \\ge v(S)` for all proper coalitions,
  one allocation attaining it, and a Bondareva--Shapley balanced collection certifying the
  value (Bondareva 1963; Shapley 1967). The core is empty exactly when
  :math:`\\varepsilon > 0` (:func:`is_core_empty`). Rational games are solved exactly.
* :func:`is_superadditive`, :func:`is_convex` -- structural checks.

>>> glove = CoalitionalGame.from_function(["L", "R1", "R2"],
...     lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
>>> shapley_value(glove).by_name()
{'L': Fraction(2, 3), 'R1': Fraction(1, 6), 'R2': Fraction(1, 6)}
>>> least_core(glove).allocation
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np
import sympy

from gametheory._kernel.linalg import to_fmpq_mat
from gametheory._kernel.results import Result, json_value
from gametheory._kernel.tolerance import ACTIVE_TOL, REL_TOL, resolve, scaled
from gametheory._kernel.values import classify_value, combine_arithmetic, to_fraction
from gametheory.errors import GameError, GameSizeError, SolverError

#: Largest number of players whose characteristic function is stored (2**n values).
MAX_PLAYERS = 20
#: Largest number of players for sympy (symbolic) characteristic functions.
MAX_SYMBOLIC_PLAYERS = 12
#: Largest number of players for the superadditivity check (3**n pairs of coalitions).
MAX_SUPERADDITIVE_PLAYERS = 16
#: Largest ``players * quota`` table the weighted-voting dynamic programme may allocate.
MAX_DP_CELLS = 50_000_000

Value: TypeAlias = Fraction | float | sympy.Expr


# --------------------------------------------------------------------------- values
#: ``(value, kind)`` of one input: a Fraction (exact), a float, or a sympy expression.
_coerce = classify_value


def _to_sympy(v: Any) -> sympy.Expr:
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, float):
        q = to_fraction(v)
        return sympy.Rational(q.numerator, q.denominator)
    return v


def _convert(values: list[Any], mode: str) -> list[Any]:
    if mode == "exact":
        return values
    if mode == "float":
        return [float(v) for v in values]
    return [_to_sympy(v) for v in values]


def _tidy(v: Any, mode: str) -> Value:
    if mode == "symbolic":
        v = sympy.simplify(v)
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q))
    return v


def _names(players: Any, where: str, limit: int = MAX_PLAYERS) -> tuple[str, ...]:
    if isinstance(players, (str, bytes)) or not isinstance(players, Iterable):
        raise GameError(f"{where}: players must be a list of names, got {players!r}")
    names = tuple(players)
    if not names:
        raise GameError(f"{where}: players: the player set is empty")
    for p in names:
        if not isinstance(p, str) or not p:
            raise GameError(f"{where}: players: names must be non-empty strings, got {p!r}")
    seen: set[str] = set()
    for p in names:
        if p in seen:
            raise GameError(f"{where}: players: duplicate player {p!r}")
        seen.add(p)
    if len(names) > limit:
        raise GameSizeError(
            f"{where}: {len(names)} players; at most {limit} are supported (the characteristic "
            f"function has 2**n values)"
        )
    return names


def _popcount(a: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(a).astype(np.int64)
    out = np.zeros(a.shape, dtype=np.int64)  # pragma: no cover - numpy < 2.0
    b = a.copy()
    while b.any():
        out += (b & 1).astype(np.int64)
        b >>= 1
    return out


def _common_scale(values: Iterable[Fraction]) -> tuple[list[int], int]:
    """Integers ``v * L`` for the least common denominator ``L`` of the values."""
    vals = list(values)
    den = 1
    for d in {v.denominator for v in vals}:
        den = den * d // math.gcd(den, d)
    if den == 1:
        return [v.numerator for v in vals], 1
    return [v.numerator * (den // v.denominator) for v in vals], den


def _int_array(ints: list[int], headroom: int) -> np.ndarray:
    """An int64 array when ``max|ints| * headroom`` cannot overflow, else an object array."""
    biggest = max((abs(v) for v in ints), default=0)
    if biggest * max(headroom, 1) < 2**62:
        return np.array(ints, dtype=np.int64)
    return np.array(ints, dtype=object)


# --------------------------------------------------------------------------- games
@dataclass(frozen=True)
class CoalitionalGame:
    """A transferable-utility game given by its characteristic function.

    Build one from a mapping ``{coalition: worth}`` (this constructor) or from a function of
    the coalition (:meth:`from_function`). Coalitions are sets of player names; a plain
    string key is read as a one-player coalition.

    Parameters
    ----------
    players:
        Distinct player names (at most :data:`MAX_PLAYERS`).
    values:
        Worth of each non-empty coalition (numbers or sympy expressions). The empty coalition
        may be listed with worth 0.
    default:
        Worth of coalitions missing from ``values``; by default every coalition must be given.

    Attributes
    ----------
    players:
        Player names; player ``k`` is bit ``k`` of a coalition's index.
    arithmetic:
        ``"exact"`` (all values rational), ``"float"`` or ``"symbolic"``.
    """

    players: tuple[str, ...]
    arithmetic: str
    _values: tuple[Any, ...] = field(repr=False)

    def __init__(self, players: Sequence[str], values: Mapping[Any, Any], *, default: Any = None) -> None:
        where = "CoalitionalGame"
        names = _names(players, where)
        if not isinstance(values, Mapping):
            raise GameError(
                f"{where}: values must be a mapping {{coalition: worth}}; use "
                "CoalitionalGame.from_function for a callable"
            )
        index = {p: k for k, p in enumerate(names)}
        n = len(names)
        raw: list[Any] = [None] * (1 << n)
        for key, worth in values.items():
            mask = _mask_of(key, index, f"{where}: values")
            if raw[mask] is not None:
                raise GameError(f"{where}: values: coalition {_show(key)} is given twice")
            raw[mask] = worth
        if raw[0] is None:
            raw[0] = 0
        if default is not None:
            raw = [default if v is None else v for v in raw]
        missing = [m for m, v in enumerate(raw) if v is None]
        if missing:
            example = "{" + ", ".join(names[k] for k in range(n) if missing[0] >> k & 1) + "}"
            raise GameError(
                f"{where}: values: {len(missing)} coalition(s) have no worth, e.g. {example} "
                "(give every coalition, or pass default=0)"
            )
        _init(self, names, raw, where)

    @classmethod
    def from_function(cls, players: Sequence[str], function: Callable[[frozenset[str]], Any]) -> CoalitionalGame:
        """The game with worth ``function(S)`` for each coalition ``S`` (a frozenset of names).

        ``function`` is called once per coalition, :math:`2^n` times, and must return 0 for
        the empty set.
        """
        where = "CoalitionalGame.from_function"
        names = _names(players, where)
        if not callable(function):
            raise GameError(f"{where}: function must be callable, got {function!r}")
        n = len(names)
        # members of each half of the bitmask, looked up rather than rebuilt for every coalition
        half = n // 2
        low = [tuple(names[k] for k in range(half) if m >> k & 1) for m in range(1 << half)]
        high = [tuple(names[half + k] for k in range(n - half) if m >> k & 1) for m in range(1 << (n - half))]
        lowmask = (1 << half) - 1
        raw = []
        for mask in range(1 << n):
            coalition = frozenset(low[mask & lowmask] + high[mask >> half])
            try:
                raw.append(function(coalition))
            except Exception as exc:  # noqa: BLE001 - a user callable may raise anything
                raise GameError(f"{where}: function({_show(coalition)}) raised {type(exc).__name__}: {exc}") from exc
        game = cls.__new__(cls)
        _init(game, names, raw, where)
        return game

    # -- access
    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    def value(self, coalition: Iterable[str] | str) -> Value:
        """The worth :math:`v(S)` of a coalition (a set of names; a string is one player)."""
        mask = _mask_of(coalition, {p: k for k, p in enumerate(self.players)}, "CoalitionalGame.value")
        return self._values[mask]

    def coalitions(self) -> Iterable[tuple[frozenset[str], Value]]:
        """Every coalition (including the empty one) with its worth, by bitmask order."""
        for mask, v in enumerate(self._values):
            yield frozenset(self.players[k] for k in range(self.n) if mask >> k & 1), v

    # -- thin wrappers over the module's algorithms
    def shapley_value(self) -> ValueResult:
        """See :func:`shapley_value`."""
        return shapley_value(self)

    def banzhaf_index(self) -> ValueResult:
        """See :func:`banzhaf_index`."""
        return banzhaf_index(self)

    def least_core(self) -> LeastCoreResult:
        """See :func:`least_core`."""
        return least_core(self)

    def in_core(self, allocation: Any) -> bool:
        """See :func:`in_core`."""
        return in_core(self, allocation)

    def is_superadditive(self) -> bool:
        """See :func:`is_superadditive`."""
        return is_superadditive(self)

    def is_convex(self) -> bool:
        """See :func:`is_convex`."""
        return is_convex(self)


def _show(key: Any) -> str:
    if isinstance(key, str):
        return "{" + key + "}"
    try:
        return "{" + ", ".join(sorted(str(k) for k in key)) + "}"
    except TypeError:
        return repr(key)


def _mask_of(key: Any, index: Mapping[str, int], where: str) -> int:
    members = [key] if isinstance(key, str) else key
    if not isinstance(members, Iterable):
        raise GameError(f"{where}: coalition {key!r} is not a set of player names")
    mask = 0
    for p in members:
        if p not in index:
            raise GameError(f"{where}: coalition {_show(key)}: unknown player {p!r}")
        mask |= 1 << index[p]
    return mask


def _init(game: CoalitionalGame, names: tuple[str, ...], raw: list[Any], where: str) -> None:
    n = len(names)
    vals: list[Any] = []
    kinds: set[str] = set()
    for mask, worth in enumerate(raw):
        try:
            v, kind = _coerce(worth, "")
        except GameError:
            members = "{" + ", ".join(names[k] for k in range(n) if mask >> k & 1) + "}"
            _coerce(worth, f"{where}: v({members})")  # raises again, naming the coalition
            raise  # pragma: no cover
        vals.append(v)
        kinds.add(kind)
    mode = combine_arithmetic(kinds)
    if mode == "symbolic" and n > MAX_SYMBOLIC_PLAYERS:
        raise GameSizeError(f"{where}: symbolic values with {n} players; at most {MAX_SYMBOLIC_PLAYERS} are supported")
    vals = _convert(vals, mode)
    if vals[0] != 0:
        raise GameError(f"{where}: v(empty set) must be 0, got {vals[0]}")
    object.__setattr__(game, "players", names)
    object.__setattr__(game, "arithmetic", mode)
    object.__setattr__(game, "_values", tuple(vals))


@dataclass(frozen=True)
class WeightedVotingGame:
    """A weighted majority game :math:`[q; w_1, \\dots, w_n]`.

    A coalition wins (worth 1) when its total weight reaches the quota :math:`q`, else it
    loses (worth 0). Weights are nonnegative numbers; power indices use exact integer
    arithmetic after scaling rational weights to integers.

    Parameters
    ----------
    quota:
        Positive, at most the total weight.
    weights:
        One nonnegative weight per player.
    players:
        Names (default ``"Player 1"``, ...).
    """

    quota: Fraction
    weights: tuple[Fraction, ...]
    players: tuple[str, ...]
    arithmetic: str

    def __init__(self, quota: Any, weights: Sequence[Any], players: Sequence[str] | None = None) -> None:
        where = "WeightedVotingGame"
        if isinstance(weights, (str, bytes)) or not isinstance(weights, Iterable):
            raise GameError(f"{where}: weights must be a list of numbers, got {weights!r}")
        ws_raw = list(weights)
        if not ws_raw:
            raise GameError(f"{where}: weights: the player set is empty")
        names = _names(
            players if players is not None else [f"Player {k + 1}" for k in range(len(ws_raw))],
            where,
            limit=10**6,
        )
        if len(names) != len(ws_raw):
            raise GameError(f"{where}: players: {len(names)} names for {len(ws_raw)} weights")
        kinds = []
        ws = []
        for k, w in enumerate(ws_raw):
            v, kind = _coerce(w, f"{where}: weights[{k}]")
            if kind == "symbolic":
                raise GameError(f"{where}: weights[{k}] must be a number, got {v}")
            ws.append(to_fraction(v, f"{where}: weights[{k}]"))
            kinds.append(kind)
            if ws[-1] < 0:
                raise GameError(f"{where}: weights[{k}] must be nonnegative, got {w}")
        q, kq = _coerce(quota, f"{where}: quota")
        if kq == "symbolic":
            raise GameError(f"{where}: quota must be a number, got {q}")
        qf = to_fraction(q, f"{where}: quota")
        if qf <= 0:
            raise GameError(f"{where}: quota must be positive (else the empty coalition wins), got {quota}")
        if qf > sum(ws):
            raise GameError(f"{where}: quota {quota} exceeds the total weight {sum(ws)}: no coalition wins")
        object.__setattr__(self, "quota", qf)
        object.__setattr__(self, "weights", tuple(ws))
        object.__setattr__(self, "players", names)
        object.__setattr__(self, "arithmetic", "float" if "float" in kinds + [kq] else "exact")

    @property
    def n(self) -> int:
        return len(self.players)

    def is_winning(self, coalition: Iterable[str] | str) -> bool:
        """Whether the coalition's weight reaches the quota."""
        index = {p: k for k, p in enumerate(self.players)}
        members = {coalition} if isinstance(coalition, str) else set(coalition)
        for p in members:
            if p not in index:
                raise GameError(f"WeightedVotingGame.is_winning: coalition {_show(coalition)}: unknown player {p!r}")
        return sum((self.weights[index[p]] for p in members), Fraction(0)) >= self.quota

    def to_coalitional(self) -> CoalitionalGame:
        """The same game as a :class:`CoalitionalGame` (worth 1 for winning coalitions)."""
        if self.n > MAX_PLAYERS:
            raise GameSizeError(f"WeightedVotingGame.to_coalitional: {self.n} players; at most {MAX_PLAYERS}")
        ws = dict(zip(self.players, self.weights))
        q = self.quota
        return CoalitionalGame.from_function(self.players, lambda S: int(sum((ws[p] for p in S), Fraction(0)) >= q))

    def shapley_shubik(self) -> ValueResult:
        """See :func:`shapley_shubik_index`."""
        return shapley_shubik_index(self)

    def banzhaf(self) -> ValueResult:
        """See :func:`banzhaf_index`."""
        return banzhaf_index(self)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class ValueResult(Result):
    """A one-point solution or power index: one number per player.

    Attributes
    ----------
    concept:
        ``"shapley"``, ``"shapley-shubik"`` or ``"banzhaf"``.
    players:
        Player names.
    values:
        One value per player (for Banzhaf: the normalised index, summing to 1).
    arithmetic:
        ``"exact"``, ``"float"`` or ``"symbolic"``.
    method:
        ``"enumeration"`` (all :math:`2^n` coalitions) or ``"dynamic-programming"`` (counts
        by size and weight, for weighted voting games).
    counts:
        For simple games: per player the number of orderings in which it is pivotal
        (Shapley--Shubik) or the number of coalitions in which it swings (Banzhaf). Empty
        otherwise.
    elapsed:
        Wall-clock seconds.
    """

    concept: str
    players: tuple[str, ...]
    values: tuple[Value, ...]
    counts: tuple[int, ...] = ()

    def by_name(self) -> dict[str, Value]:
        """``{player: value}``."""
        return dict(zip(self.players, self.values))

    def __getitem__(self, player: str) -> Value:
        return self.values[self.players.index(player)]

    def absolute(self) -> tuple[Fraction, ...]:
        """The absolute (non-normalised) Banzhaf index, swings / :math:`2^{n-1}`."""
        if self.concept != "banzhaf" or not self.counts:
            raise GameError("ValueResult.absolute: only for a Banzhaf index of a simple game")
        return tuple(Fraction(c, 2 ** (len(self.players) - 1)) for c in self.counts)


@dataclass(frozen=True)
class LeastCoreResult(Result):
    """The least core of a TU game, with an optimality certificate.

    Attributes
    ----------
    players:
        Player names.
    epsilon:
        The least-core value :math:`\\varepsilon^* = \\min_x \\max_{\\emptyset \\ne S \\ne N}
        (v(S) - x(S))` over efficient allocations :math:`x(N) = v(N)`. The core is empty
        exactly when :math:`\\varepsilon^* > 0`.
    allocation:
        One allocation in the least core (a vertex of it).
    core_empty:
        ``epsilon > 0``.
    balancing_weights:
        A balanced collection with weights :math:`\\delta_S \\ge 0` (for every player
        :math:`\\sum_{S \\ni i} \\delta_S = 1`), the dual solution. It proves the value:
        :math:`\\sum_S \\delta_S v(S) - v(N) = \\varepsilon^* \\sum_S \\delta_S`; when the
        core is empty, :math:`\\sum_S \\delta_S v(S) > v(N)` is the Bondareva--Shapley
        certificate of emptiness.
    certified:
        Whether the primal allocation and the dual weights were checked exactly (every
        coalition constraint, balancedness, equal objective values). Always for rational games.
    arithmetic:
        ``"exact"`` or ``"float"``.
    method:
        ``"exact-simplex"`` or ``"highs"``.
    elapsed:
        Wall-clock seconds.
    diagnostics:
        Notes a careful reader should see.
    """

    players: tuple[str, ...]
    epsilon: Value
    allocation: tuple[Value, ...]
    core_empty: bool
    balancing_weights: tuple[tuple[frozenset[str], Value], ...]
    certified: bool

    def by_name(self) -> dict[str, Value]:
        """``{player: payoff}`` of the least-core allocation."""
        return dict(zip(self.players, self.allocation))

    def to_json(self) -> dict[str, Any]:
        """The common fields, then the answer; each balancing weight as
        ``{"coalition": [names], "weight": w}``."""
        out = self.common_json()
        out.update(
            players=list(self.players),
            epsilon=json_value(self.epsilon),
            allocation=json_value(self.allocation),
            core_empty=self.core_empty,
            balancing_weights=[
                {"coalition": [p for p in self.players if p in members], "weight": json_value(w)}
                for members, w in self.balancing_weights
            ],
            certified=self.certified,
        )
        return out


# --------------------------------------------------------------------------- Shapley value
def _check_game(game: Any, where: str, kinds: tuple[type, ...] = ()) -> None:
    allowed = (CoalitionalGame,) + kinds
    if not isinstance(game, allowed):
        names = " or ".join(k.__name__ for k in allowed)
        raise GameError(f"{where}: game must be a {names}, got {type(game).__name__}")


def _size_weights(n: int) -> list[int]:
    """``k! (n-1-k)!`` for ``k = 0..n-1`` (numerators of the Shapley weights over ``n!``)."""
    return [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)]


def _marginal_sums(game: CoalitionalGame) -> tuple[list[list[Any]], int]:
    """``T[i][k] = sum over S not containing i with |S| = k of v(S + i) - v(S)``.

    Exact games are scaled to integers and summed with numpy (int64 when it cannot overflow);
    the result is then in units of ``1/L``; see :func:`_scaled_values`.
    """
    n = game.n
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = _popcount(masks)
    vals, den = _scaled_values(game)
    out: list[list[Any]] = []
    for i in range(n):
        bit = 1 << i
        idx = masks[(masks & bit) == 0]
        delta = vals[idx | bit] - vals[idx]
        sz = sizes[idx]
        if game.arithmetic == "symbolic":
            sums = [sympy.Integer(0)] * n
            for d, k in zip(delta, sz):
                sums[int(k)] = sums[int(k)] + d
            out.append(sums)
        else:
            out.append([delta[sz == k].sum() for k in range(n)])
    return out, den


def _scaled_values(game: CoalitionalGame) -> tuple[np.ndarray, int]:
    """The characteristic function as an array: integers times ``1/L`` for exact games."""
    if game.arithmetic == "exact":
        ints, den = _common_scale(game._values)
        return _int_array(ints, 2 << game.n), den
    if game.arithmetic == "float":
        return np.array(game._values, dtype=float), 1
    return np.array(game._values, dtype=object), 1


def shapley_value(game: CoalitionalGame | WeightedVotingGame) -> ValueResult:
    """The Shapley value (Shapley 1953).

    .. math:: \\phi_i(v) = \\sum_{S \\subseteq N \\setminus \\{i\\}}
              \\frac{|S|!\\,(n - |S| - 1)!}{n!}\\,\\bigl(v(S \\cup \\{i\\}) - v(S)\\bigr)

    -- each player's marginal contribution averaged over all orders in which the grand
    coalition can form. It is the unique value that is efficient
    (:math:`\\sum_i \\phi_i = v(N)`), symmetric, additive and gives null players 0.
    Marginal contributions are summed by coalition size (exact integers after scaling for
    rational games), so the cost is :math:`O(n\\,2^n)`. For a weighted voting game this is
    the Shapley--Shubik index (:func:`shapley_shubik_index`).

    Parameters
    ----------
    game:
        A :class:`CoalitionalGame` (exact, float or symbolic) or a :class:`WeightedVotingGame`.

    Returns
    -------
    ValueResult
    """
    where = "shapley_value"
    _check_game(game, where, (WeightedVotingGame,))
    if isinstance(game, WeightedVotingGame):
        return shapley_shubik_index(game)
    start = time.perf_counter()
    n = game.n
    weights = _size_weights(n)
    total = math.factorial(n)
    sums, den = _marginal_sums(game)
    values: list[Value] = []
    for i in range(n):
        if game.arithmetic == "exact":
            acc = sum(int(w) * int(t) for w, t in zip(weights, sums[i]))
            values.append(Fraction(acc, total * den))
        elif game.arithmetic == "float":
            values.append(float(sum(w * float(t) for w, t in zip(weights, sums[i])) / total))
        else:
            acc = sum((sympy.Integer(w) * t for w, t in zip(weights, sums[i])), sympy.Integer(0))
            values.append(_tidy(acc / total, "symbolic"))
    return ValueResult(
        concept="shapley",
        players=game.players,
        values=tuple(values),
        arithmetic=game.arithmetic,
        method="enumeration",
        elapsed=time.perf_counter() - start,
    )


# --------------------------------------------------------------------------- weighted voting
def _integer_weights(game: WeightedVotingGame) -> tuple[list[int], int]:
    ints, den = _common_scale(list(game.weights) + [game.quota])
    return ints[:-1], ints[-1]


def _swing_counts(game: WeightedVotingGame, where: str) -> tuple[list[list[int]], str]:
    """``c[i][k]``: coalitions ``S`` of size ``k`` without ``i`` that lose but win with ``i``.

    Dynamic programming over (size, weight): ``C[k][w]`` counts coalitions of size ``k`` and
    weight ``w < q``. Player ``i`` is removed from the table by the inverse recursion
    ``C_i[k][w] = C[k][w] - C_i[k-1][w - w_i]``; the swings of ``i`` are the coalitions of
    weight in ``[q - w_i, q - 1]``.
    """
    ws, q = _integer_weights(game)
    n = len(ws)
    if n * q <= MAX_DP_CELLS:
        dtype: Any = np.int64 if n <= 62 else object
        table = np.zeros((n + 1, q), dtype=dtype)
        table[0, 0] = 1
        for w in ws:
            if w < q:
                table[1:, w:] += table[:-1, : q - w].copy()
        by_weight: dict[int, list[int]] = {}
        for w in sorted(set(ws)):
            without = np.zeros_like(table)
            without[0] = table[0]
            for k in range(1, n + 1):
                without[k] = table[k]
                if w < q:
                    without[k, w:] -= without[k - 1, : q - w]
                else:
                    pass  # coalitions containing i all reach the quota: none are counted
            lo = max(0, q - w)
            by_weight[w] = [int(x) for x in without[:n, lo:q].sum(axis=1)]
        return [by_weight[w] for w in ws], "dynamic-programming"
    if n <= MAX_PLAYERS:
        return _swing_counts_enumeration(ws, q), "enumeration"
    raise GameSizeError(
        f"{where}: the weights scale to integers with quota {q}; a {n} x {q} counting table is too "
        f"large and {n} players are too many to enumerate (round the weights)"
    )


def _swing_counts_enumeration(ws: list[int], q: int) -> list[list[int]]:
    n = len(ws)
    masks = np.arange(1 << n, dtype=np.int64)
    big = sum(ws) >= 2**62
    weight = np.zeros(1 << n, dtype=object if big else np.int64)
    for k, w in enumerate(ws):
        bits = (masks >> k) & 1
        # huge integer weights: multiply in Python integers (numpy cannot hold them)
        weight = weight + (bits.astype(object) * w if big else bits * w)
    sizes = _popcount(masks)
    out = []
    for i, w in enumerate(ws):
        idx = masks[(masks & (1 << i)) == 0]
        wt = weight[idx]
        swing = (wt < q) & (wt + w >= q)
        out.append([int(np.count_nonzero(swing & (sizes[idx] == k))) for k in range(n)])
    return out


def shapley_shubik_index(game: WeightedVotingGame) -> ValueResult:
    """The Shapley--Shubik power index of a weighted voting game (Shapley & Shubik 1954).

    The Shapley value of the simple game: the share of the :math:`n!` voting orders in which
    player :math:`i` is pivotal (its vote turns a losing coalition into a winning one),

    .. math:: \\phi_i = \\sum_{k=0}^{n-1} \\frac{k!\\,(n-k-1)!}{n!}\\, c_{ik},

    where :math:`c_{ik}` counts losing coalitions of size :math:`k` without :math:`i` that
    win with :math:`i`. The counts come from a dynamic programme over sizes and integer
    weights (:math:`O(n^2 q)` per distinct weight), so the answer is exact and fast for many
    players; the indices sum to 1.

    Parameters
    ----------
    game:
        The weighted voting game.

    Returns
    -------
    ValueResult
        ``counts`` holds the number of orders in which each player is pivotal.
    """
    where = "shapley_shubik_index"
    if not isinstance(game, WeightedVotingGame):
        raise GameError(f"{where}: game must be a WeightedVotingGame, got {type(game).__name__}")
    start = time.perf_counter()
    counts, method = _swing_counts(game, where)
    n = game.n
    weights = _size_weights(n)
    pivots = [sum(w * c for w, c in zip(weights, row)) for row in counts]
    total = math.factorial(n)
    values: tuple[Value, ...] = tuple(Fraction(p, total) for p in pivots)
    if game.arithmetic == "float":
        values = tuple(float(v) for v in values)
    return ValueResult(
        concept="shapley-shubik",
        players=game.players,
        values=values,
        arithmetic=game.arithmetic,
        method=method,
        counts=tuple(pivots),
        elapsed=time.perf_counter() - start,
    )


def banzhaf_index(game: WeightedVotingGame | CoalitionalGame) -> ValueResult:
    """The normalised Banzhaf index (Banzhaf 1965; Penrose 1946).

    Player :math:`i`'s *swings* :math:`\\eta_i` are the coalitions without :math:`i` that lose
    but win once :math:`i` joins. The absolute index is :math:`\\eta_i / 2^{n-1}`
    (:meth:`ValueResult.absolute`) and the normalised index, returned in ``values``, is
    :math:`\\eta_i / \\sum_j \\eta_j`. For a general TU game the swings are replaced by the
    summed marginal contributions :math:`\\sum_{S \\not\\ni i} v(S \\cup i) - v(S)`.

    Parameters
    ----------
    game:
        A :class:`WeightedVotingGame` (dynamic programming, exact) or a
        :class:`CoalitionalGame` (enumeration).

    Returns
    -------
    ValueResult
    """
    where = "banzhaf_index"
    _check_game(game, where, (WeightedVotingGame,))
    start = time.perf_counter()
    if isinstance(game, WeightedVotingGame):
        counts, method = _swing_counts(game, where)
        swings = [sum(row) for row in counts]
        total = sum(swings)
        values: tuple[Value, ...] = tuple(Fraction(s, total) for s in swings)
        if game.arithmetic == "float":
            values = tuple(float(v) for v in values)
        return ValueResult(
            concept="banzhaf", players=game.players, values=values, counts=tuple(swings),
            arithmetic=game.arithmetic, method=method, elapsed=time.perf_counter() - start,
        )
    sums, _ = _marginal_sums(game)
    raw = [sum(row[1:], row[0]) for row in sums]
    simple = game.arithmetic == "exact" and all(v in (0, 1) for v in game._values)
    mode = game.arithmetic
    if mode == "symbolic":
        tot = sympy.Add(*raw)
        if tot == 0:
            raise GameError(f"{where}: every marginal contribution is 0; the index is undefined")
        values = tuple(_tidy(r / tot, mode) for r in raw)
    else:
        tot_num = sum(raw)
        if tot_num == 0:
            raise GameError(f"{where}: every marginal contribution is 0; the index is undefined")
        values = tuple(Fraction(int(r), int(tot_num)) if mode == "exact" else float(r) / float(tot_num) for r in raw)
    counts_out = tuple(int(r) for r in raw) if simple else ()
    return ValueResult(
        concept="banzhaf", players=game.players, values=values, counts=counts_out,
        arithmetic=mode, method="enumeration", elapsed=time.perf_counter() - start,
    )


# --------------------------------------------------------------------------- core
def _allocation(game: CoalitionalGame, allocation: Any, where: str) -> tuple[list[Any], str]:
    if isinstance(allocation, Mapping):
        unknown = set(allocation) - set(game.players)
        if unknown:
            raise GameError(f"{where}: allocation: unknown player {sorted(unknown)[0]!r}")
        missing = [p for p in game.players if p not in allocation]
        if missing:
            raise GameError(f"{where}: allocation: no payoff for player {missing[0]!r}")
        items = [allocation[p] for p in game.players]
    elif isinstance(allocation, (str, bytes)) or not isinstance(allocation, Iterable):
        raise GameError(f"{where}: allocation must be a list or a {{player: payoff}} mapping")
    else:
        items = list(allocation)
        if len(items) != game.n:
            raise GameError(f"{where}: allocation has {len(items)} payoffs for {game.n} players")
    out, kinds = [], []
    for p, x in zip(game.players, items):
        v, kind = _coerce(x, f"{where}: allocation[{p!r}]")
        if kind == "symbolic":
            raise GameError(f"{where}: allocation[{p!r}] must be a number, got {v}")
        out.append(v)
        kinds.append(kind)
    return out, "float" if "float" in kinds else "exact"


def _numeric_game(game: CoalitionalGame, where: str) -> None:
    if game.arithmetic == "symbolic":
        raise GameError(f"{where}: needs numeric coalition values (substitute the parameters first)")


def _excesses(game: CoalitionalGame, x: list[Any], exact: bool) -> tuple[np.ndarray, int]:
    """``v(S) - x(S)`` for every coalition, as scaled integers (exact) or floats."""
    n = game.n
    if exact:
        ints, den = _common_scale(list(game._values) + list(x))
        v, xs = ints[: 1 << n], ints[1 << n :]
        arr_v = _int_array(v, 2 << n)
        xsum = _subset_sums(_int_array(xs, 2 << n))
        return arr_v - xsum, den
    arr_v = np.array([float(t) for t in game._values])
    return arr_v - _subset_sums(np.array([float(t) for t in x])), 1


def _subset_sums(x: np.ndarray) -> np.ndarray:
    """``out[mask] = sum of x[k] for bits k of mask``."""
    out = np.zeros(1, dtype=x.dtype)
    for k in range(len(x)):
        out = np.concatenate([out, out + x[k]])
    return out


def _allocation_excesses(game: CoalitionalGame, allocation: Any, where: str) -> tuple[np.ndarray, int, bool]:
    """Excesses of an allocation (checked), their denominator, and whether they are exact."""
    _check_game(game, where)
    _numeric_game(game, where)
    x, kind = _allocation(game, allocation, where)
    exact = game.arithmetic == "exact" and kind == "exact"
    exc, den = _excesses(game, x, exact)
    return exc, den, exact


def max_excess(game: CoalitionalGame, allocation: Any) -> Value:
    """The largest excess :math:`\\max_{\\emptyset \\ne S \\ne N} v(S) - x(S)` of an allocation.

    An efficient allocation is in the core exactly when its largest excess is at most 0; no
    coalition can then improve on it by itself. (For one player there is no proper coalition
    and the result is 0.)
    """
    exc, den, exact = _allocation_excesses(game, allocation, "max_excess")
    proper = exc[1:-1]
    if len(proper) == 0:
        return Fraction(0) if exact else 0.0
    top = proper.max()
    return Fraction(int(top), den) if exact else float(top)


def in_core(game: CoalitionalGame, allocation: Any, *, tol: float | None = None) -> bool:
    """Whether an allocation is in the core (Gillies 1959).

    The core is the set of allocations :math:`x` with :math:`x(N) = v(N)` and
    :math:`x(S) \\ge v(S)` for every coalition :math:`S`. Exact games and allocations are
    checked exactly; with floats the constraints may be violated by ``tol`` times the largest
    coalition worth.

    Parameters
    ----------
    game:
        The game (numeric).
    allocation:
        One payoff per player: a list in player order or a ``{player: payoff}`` mapping.
    tol:
        Tolerance for float arithmetic (default
        :data:`~gametheory._kernel.tolerance.ACTIVE_TOL`), relative to the largest worth.
    """
    exc, _, exact = _allocation_excesses(game, allocation, "in_core")
    if exact:
        return bool(exc[-1] == 0 and (exc[1:] <= 0).all())
    slack = scaled(resolve(tol, ACTIVE_TOL), float(np.abs(np.array([float(v) for v in game._values])).max()))
    return bool(abs(exc[-1]) <= slack and (exc[1:] <= slack).all())


# --------------------------------------------------------------------------- least core
class _ExactLeastCore:
    """Revised simplex, in exact rational arithmetic, on the dual of the least-core LP.

    Primal: minimise :math:`\\varepsilon` subject to :math:`x(S) + \\varepsilon \\ge v(S)` for
    proper coalitions and :math:`x(N) \\le v(N)`. Dual (standard form): maximise
    :math:`\\sum_S \\lambda_S v(S) - t\\,v(N)` subject to :math:`\\sum_{S \\ni i} \\lambda_S = t`
    for each player and :math:`\\sum_S \\lambda_S = 1`, with :math:`\\lambda, t \\ge 0`. Rows:
    players ``0..n-1`` then the normalisation row ``n``. Columns: ``0`` is ``t``; ``S`` (a
    bitmask) is :math:`\\lambda_S`. The simplex multipliers at the optimum are the primal
    solution :math:`(x, \\varepsilon)`.
    """

    def __init__(self, values: list[int], n: int):
        self.v = values
        self.n = n
        self.full = (1 << n) - 1
        self._vmax = max(abs(x) for x in values)
        self._varr: np.ndarray | None = np.array(values, dtype=np.int64) if self._vmax < 2**62 else None

    def column(self, j: int) -> list[int]:
        n = self.n
        if j == 0:
            return [-1] * n + [0]
        return [(j >> k) & 1 for k in range(n)] + [1]

    def cost(self, j: int) -> int:
        return -self.v[self.full] if j == 0 else self.v[j]

    @staticmethod
    def invert(cols: list[list[int]]) -> list[list[Fraction]] | None:
        """The inverse of the basis matrix whose columns are ``cols`` (``None`` if singular)."""
        m = len(cols)
        basis = to_fmpq_mat([[cols[c][r] for c in range(m)] for r in range(m)])
        try:
            inv = basis.inv()
        except ZeroDivisionError:
            return None
        return [[Fraction(int(inv[r, c].p), int(inv[r, c].q)) for c in range(m)] for r in range(m)]

    def default_basis(self) -> list[int]:
        return [0] + [self.full ^ (1 << i) for i in range(self.n)]

    def solve(self, start: list[int] | None = None) -> tuple[list[Fraction], list[int], list[Fraction]]:
        """Optimal ``(pi, basis, x_B)``; ``pi[:n]`` is ``x`` and ``pi[n]`` is epsilon."""
        n, m = self.n, self.n + 1
        basis = None
        if start is not None:
            inv = self.invert([self.column(j) for j in start])
            if inv is not None and all(row[n] >= 0 for row in inv):
                basis, binv = list(start), inv
        if basis is None:
            basis = self.default_basis()
            inv = self.invert([self.column(j) for j in basis])
            assert inv is not None
            binv = inv
        xb = [row[n] for row in binv]  # B^-1 b with b = e_n
        bland = False
        while True:
            cb = [self.cost(j) for j in basis]
            pi = [sum((cb[r] * binv[r][c] for r in range(m)), Fraction(0)) for c in range(m)]
            entering, best = self._price(pi, bland)
            if entering is None:
                return pi, basis, xb
            col = self.column(entering)
            u = [sum((binv[r][k] * col[k] for k in range(m) if col[k]), Fraction(0)) for r in range(m)]
            rows = [r for r in range(m) if u[r] > 0]
            if not rows:  # pragma: no cover - the dual is bounded (sum of lambda is 1)
                raise SolverError("least_core: the linear program is unbounded")
            theta = min(xb[r] / u[r] for r in rows)
            leave = min((r for r in rows if xb[r] / u[r] == theta), key=lambda r: basis[r])
            if theta == 0:
                bland = True  # degenerate step: Bland's rule from here on guarantees termination
            pv = u[leave]
            binv[leave] = [x / pv for x in binv[leave]]
            xb[leave] = xb[leave] / pv
            for r in range(m):
                if r != leave and u[r] != 0:
                    f = u[r]
                    binv[r] = [x - f * y for x, y in zip(binv[r], binv[leave])]
                    xb[r] = xb[r] - f * xb[leave]
            basis[leave] = entering

    def _price(self, pi: list[Fraction], bland: bool) -> tuple[int | None, Fraction]:
        """Entering column: largest reduced cost (Dantzig), or the first positive (Bland).

        Reduced costs of all :math:`2^n - 2` coalition columns are computed at once with numpy
        in integers (scaled by the common denominator of the multipliers) when they fit in
        int64, else one by one in rationals.
        """
        n = self.n
        best_j, best = None, Fraction(0)
        d_t = -self.v[self.full] + sum(pi[:n], Fraction(0))
        if d_t > 0:
            if bland:
                return 0, d_t
            best_j, best = 0, d_t
        den = 1
        for p in pi:
            den = den * p.denominator // math.gcd(den, p.denominator)
        pint = [int(p * den) for p in pi]
        if self._varr is not None and (self._vmax * den + sum(abs(p) for p in pint)) < 2**62:
            sums = _subset_sums(np.array(pint[:n], dtype=np.int64))
            d = self._varr * den - sums - pint[n]
            d[0] = d[self.full] = 0
            if bland:
                pos = np.flatnonzero(d > 0)
                if len(pos):
                    j = int(pos[0])
                    return j, Fraction(int(d[j]), den)
                return best_j, best
            j = int(np.argmax(d))
            if d[j] > 0 and Fraction(int(d[j]), den) > best:
                return j, Fraction(int(d[j]), den)
            return best_j, best
        partial = [Fraction(0)] * (1 << n)
        for mask in range(1, self.full):
            low = mask & -mask
            partial[mask] = partial[mask ^ low] + pi[low.bit_length() - 1]
            dm = self.v[mask] - partial[mask] - pi[n]
            if dm > best:
                if bland:
                    return mask, dm
                best_j, best = mask, dm
        return best_j, best


def _highs_least_core(vals: list[float], n: int) -> tuple[np.ndarray, float, np.ndarray]:
    from scipy.optimize import linprog

    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    a_ub = -np.hstack([bits, np.ones((len(masks), 1))])
    b_ub = -np.array([vals[m] for m in masks], dtype=float)
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    b_eq = np.array([vals[full]], dtype=float)
    c = np.zeros(n + 1)
    c[-1] = 1.0
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(None, None)] * (n + 1), method="highs")
    if res.status != 0:  # pragma: no cover - the least-core LP is always feasible and bounded
        raise SolverError(f"least_core: HiGHS failed: {res.message}")
    return res.x, float(res.fun), -np.asarray(res.ineqlin.marginals)


def least_core(game: CoalitionalGame) -> LeastCoreResult:
    """The least core: the smallest uniform tax that makes the core non-empty.

    Solves the linear program (Maschler, Peleg & Shapley 1979)

    .. math:: \\varepsilon^* = \\min \\varepsilon \\quad\\text{s.t.}\\quad
              x(S) + \\varepsilon \\ge v(S)\\ (\\emptyset \\ne S \\subsetneq N),\\quad x(N) = v(N).

    The core is non-empty exactly when :math:`\\varepsilon^* \\le 0` (then the least core is a
    subset of the core). The LP dual is a weighted balanced collection, which turns the
    optimum into the Bondareva--Shapley theorem (Bondareva 1963; Shapley 1967): the core is
    empty iff some balanced weights :math:`\\delta` give :math:`\\sum_S \\delta_S v(S) > v(N)`.

    Rational games are solved exactly by a revised simplex method on the dual (warm-started
    from HiGHS for larger games), and both the allocation and the balanced weights are
    checked exactly. Float games are solved by HiGHS.

    Parameters
    ----------
    game:
        A numeric game with at least two players.

    Returns
    -------
    LeastCoreResult
    """
    where = "least_core"
    _check_game(game, where)
    _numeric_game(game, where)
    n = game.n
    if n < 2:
        raise GameError(f"{where}: needs at least two players (with one, the core is {{v(N)}})")
    start = time.perf_counter()
    full = (1 << n) - 1
    diagnostics: list[str] = []
    if game.arithmetic == "float":
        fvals = [float(v) for v in game._values]
        fx, feps, flam = _highs_least_core(fvals, n)
        masks = np.arange(1, full, dtype=np.int64)
        ft = float(flam[(masks & 1) == 1].sum())  # sum of lambda_S over coalitions with player 0
        fweights = tuple(
            (frozenset(game.players[k] for k in range(n) if m >> k & 1), float(flam[m - 1] / ft))
            for m in masks if flam[m - 1] > 1e-12
        )
        return LeastCoreResult(
            players=game.players,
            epsilon=feps,
            allocation=tuple(float(v) for v in fx[:n]),
            core_empty=feps > scaled(ACTIVE_TOL, max(abs(v) for v in fvals)),
            balancing_weights=fweights,
            certified=False,
            arithmetic="float",
            method="highs",
            elapsed=time.perf_counter() - start,
            diagnostics=("float arithmetic: the answer is HiGHS's, not certified exactly",),
        )
    ints, den = _common_scale(game._values)
    solver = _ExactLeastCore(ints, n)
    warm = None
    if n >= 8:
        warm = _warm_basis([float(v) for v in ints], n)
    pi, basis, xb = solver.solve(warm)
    x = [Fraction(p, den) for p in pi[:n]]
    eps = Fraction(pi[n], den)
    lam = {j: val for j, val in zip(basis, xb) if j != 0 and val != 0}
    t = next((val for j, val in zip(basis, xb) if j == 0), Fraction(0))
    certified = _certify(game, x, eps, lam, t)
    if not certified:  # pragma: no cover - exact simplex output always verifies
        diagnostics.append("exact verification of the simplex output failed")
    weights = tuple(
        (frozenset(game.players[k] for k in range(n) if mask >> k & 1), val / t) for mask, val in sorted(lam.items())
    )
    return LeastCoreResult(
        players=game.players,
        epsilon=eps,
        allocation=tuple(x),
        core_empty=eps > 0,
        balancing_weights=weights,
        certified=certified,
        arithmetic="exact",
        method="exact-simplex",
        elapsed=time.perf_counter() - start,
        diagnostics=tuple(diagnostics),
    )


def _warm_basis(vals: list[float], n: int) -> list[int] | None:
    """A starting basis for the exact simplex from HiGHS's solution (``None`` if none found).

    Columns with positive dual weight come first, then coalitions whose constraint is tight at
    HiGHS's allocation; the exact simplex checks the basis and corrects it if needed.
    """
    try:
        x, eps, lam = _highs_least_core(vals, n)
    except SolverError:  # pragma: no cover
        return None
    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    slack = _subset_sums(np.asarray(x[:n], dtype=float))[masks] + eps - np.asarray(vals, dtype=float)[masks]
    scale = scaled(ACTIVE_TOL, max(abs(v) for v in vals))
    positive = [int(k) for k in np.argsort(-lam) if lam[k] > scale]
    tight = [int(k) for k in np.argsort(slack) if slack[k] <= scale and lam[k] <= scale]
    basis = [0]
    cols = [np.array([-1.0] * n + [0.0])]
    for idx in positive + tight:
        if len(basis) == n + 1:
            break
        mask = int(masks[idx])
        col = np.array([(mask >> k) & 1 for k in range(n)] + [1], dtype=float)
        if np.linalg.matrix_rank(np.array(cols + [col])) == len(cols) + 1:
            basis.append(mask)
            cols.append(col)
    return basis if len(basis) == n + 1 else None


def _certify(game: CoalitionalGame, x: list[Fraction], eps: Fraction, lam: dict[int, Fraction], t: Fraction) -> bool:
    """Exact primal-dual check: feasibility of both and equal objective values."""
    n = game.n
    full = (1 << n) - 1
    v = game._values
    if sum(x, Fraction(0)) != v[full]:
        return False
    exc, den = _excesses(game, x, True)
    if (exc[1:-1] > eps * den).any():
        return False
    if t <= 0 or any(val < 0 for val in lam.values()) or sum(lam.values(), Fraction(0)) != 1:
        return False
    for i in range(n):
        if sum((val for mask, val in lam.items() if mask >> i & 1), Fraction(0)) != t:
            return False
    dual = sum((val * v[mask] for mask, val in lam.items()), Fraction(0)) - t * v[full]
    return bool(dual == eps)


def is_core_empty(game: CoalitionalGame) -> bool:
    """Whether the core is empty (least-core value :math:`\\varepsilon^* > 0`).

    Exact for rational games; see :func:`least_core` for the certificate.
    """
    _check_game(game, "is_core_empty")
    if game.n == 1:
        return False
    return least_core(game).core_empty


# --------------------------------------------------------------------------- structure
def _numeric_values(game: CoalitionalGame, where: str, headroom: int = 4) -> np.ndarray:
    _numeric_game(game, where)
    if game.arithmetic == "exact":
        ints, _ = _common_scale(game._values)
        return _int_array(ints, headroom)
    return np.array(game._values, dtype=float)


def is_superadditive(game: CoalitionalGame, *, tol: float | None = None) -> bool:
    """Whether :math:`v(S \\cup T) \\ge v(S) + v(T)` for all disjoint coalitions.

    Checks all :math:`3^n` pairs (vectorised), so it is limited to
    :data:`MAX_SUPERADDITIVE_PLAYERS` players. Exact for rational games.
    """
    where = "is_superadditive"
    _check_game(game, where)
    n = game.n
    if n > MAX_SUPERADDITIVE_PLAYERS:
        raise GameSizeError(f"{where}: {n} players; at most {MAX_SUPERADDITIVE_PLAYERS} (3**n pairs)")
    v = _numeric_values(game, where)
    slack = 0 if game.arithmetic == "exact" else scaled(resolve(tol, REL_TOL), float(np.abs(v).max()))
    full = (1 << n) - 1
    for s in range(1, full + 1):
        rest = full ^ s
        if rest < s:
            continue  # each unordered pair once: T is a submask of the complement with T > S
        subs = np.zeros(1, dtype=np.int64)
        for k in range(n):
            if rest >> k & 1:
                subs = np.concatenate([subs, subs | (1 << k)])
        subs = subs[subs > s]
        if len(subs) and (v[s | subs] < v[s] + v[subs] - slack).any():
            return False
    return True


def is_convex(game: CoalitionalGame, *, tol: float | None = None) -> bool:
    """Whether the game is convex (supermodular; Shapley 1971).

    :math:`v(S \\cup T) + v(S \\cap T) \\ge v(S) + v(T)` for all coalitions, checked in the
    equivalent local form :math:`v(S \\cup \\{i, j\\}) - v(S \\cup \\{j\\}) \\ge v(S \\cup \\{i\\})
    - v(S)` (increasing marginal contributions). A convex game has a non-empty core that
    contains its Shapley value.
    """
    where = "is_convex"
    _check_game(game, where)
    v = _numeric_values(game, where)
    n = game.n
    slack = 0 if game.arithmetic == "exact" else scaled(resolve(tol, REL_TOL), float(np.abs(v).max()))
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        for j in range(i + 1, n):
            bi, bj = 1 << i, 1 << j
            s = masks[(masks & (bi | bj)) == 0]
            if (v[s | bi | bj] - v[s | bj] < v[s | bi] - v[s] - slack).any():
                return False
    return True
