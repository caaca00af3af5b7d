"""Coalitional games as data: the characteristic function, weighted quotas, shared helpers.

The bottom layer of the coalitional part of :mod:`gametheory.cooperative`:

* :class:`TUGame` -- a characteristic function (players, worth of every coalition, its
  arithmetic) with its constructors and access, and :class:`VotingGame` -- a weighted
  quota :math:`[q; w_1, \\dots, w_n]`;
* the algorithms, :mod:`~gametheory.cooperative.power` (Shapley value, power indices) and
  :mod:`~gametheory.cooperative.core` (core, least core, convexity), take these;
* :mod:`~gametheory.cooperative.coalitional` defines the public classes
  :class:`~gametheory.cooperative.coalitional.CoalitionalGame` and
  :class:`~gametheory.cooperative.coalitional.WeightedVotingGame` on top, whose convenience
  methods call the algorithms. Nothing here or in the algorithms imports that module.

>>> g = TUGame(["a", "b"], {"a": 1, "b": 1, ("a", "b"): 3})
>>> g.value({"a", "b"}), g.arithmetic
(Fraction(3, 1), 'exact')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import numpy as np

from gametheory._kernel.values import classify_value, combine_arithmetic, to_fraction
from gametheory.errors import GameError, GameSizeError

#: Largest number of players whose characteristic function is stored (2**n values).
MAX_PLAYERS = 20
#: Largest number of players for sympy (symbolic) characteristic functions.
MAX_SYMBOLIC_PLAYERS = 12

if TYPE_CHECKING:
    import sympy

#: sympy is imported where a symbolic characteristic function needs it (numeric games load none).
Value: TypeAlias = "Fraction | float | sympy.Expr"

_G = TypeVar("_G", bound="TUGame")


# --------------------------------------------------------------------------- values
#: ``(value, kind)`` of one input: a Fraction (exact), a float, or a sympy expression.
_coerce = classify_value


def _to_sympy(v: Any) -> sympy.Expr:
    import sympy

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
        import sympy

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


def _subset_sums(x: np.ndarray) -> np.ndarray:
    """``out[mask] = sum of x[k] for bits k of mask``."""
    out = np.zeros(1, dtype=x.dtype)
    for k in range(len(x)):
        out = np.concatenate([out, out + x[k]])
    return out


def _check_game(game: Any, where: str, voting: bool = False) -> None:
    """Raise unless ``game`` is a coalitional game (or, with ``voting``, a weighted voting game)."""
    allowed: tuple[type, ...] = (TUGame, VotingGame) if voting else (TUGame,)
    if not isinstance(game, allowed):
        names = "CoalitionalGame or WeightedVotingGame" if voting else "CoalitionalGame"
        raise GameError(f"{where}: game must be a {names}, got {type(game).__name__}")


# --------------------------------------------------------------------------- games
@dataclass(frozen=True)
class TUGame:
    """A transferable-utility game as data: base class of
    :class:`~gametheory.cooperative.coalitional.CoalitionalGame` (see there for the
    constructors' parameters and the attributes). The algorithms accept any :class:`TUGame`.
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
    def from_function(cls: type[_G], players: Sequence[str], function: Callable[[frozenset[str]], Any]) -> _G:
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


def _init(game: TUGame, names: tuple[str, ...], raw: list[Any], where: str) -> None:
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
class VotingGame:
    """A weighted quota game as data: base class of
    :class:`~gametheory.cooperative.coalitional.WeightedVotingGame` (see there for the
    parameters). The power indices accept any :class:`VotingGame`.
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
