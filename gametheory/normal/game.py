"""Normal-form (strategic-form) games with named players and strategies.

A game with N players, where player i has n_i pure strategies, is stored as one payoff
array of shape ``(n_1, ..., n_N, N)``: ``payoffs[s_1, ..., s_N, i]`` is player i's payoff
when the pure profile ``(s_1, ..., s_N)`` is played. Payoffs are either all exact
(:class:`fractions.Fraction`, held in an ``object`` array) or all floats (``float64``).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.tolerance import PROBABILITY_TOL, REGRET_TOL, resolve, scaled
from gametheory._kernel.values import Number, is_exact_value, to_float, to_fraction
from gametheory.errors import GameError, GameSizeError

#: Largest number of payoff entries (profiles x players) a game may hold (~800 MB as floats).
MAX_PAYOFF_ENTRIES = 100_000_000

#: Default tolerance for float games, multiplied by ``max(1, max |payoff|)``: the kernel's
#: :data:`~gametheory._kernel.tolerance.REGRET_TOL` (this name is kept for one release).
DEFAULT_TOL = REGRET_TOL

Profile = tuple[tuple[Number, ...], ...]


def check_size(shape: Sequence[int], where: str = "game") -> None:
    """Raise :class:`GameSizeError` before allocating a game of this many strategies."""
    if len(shape) == 0:
        raise GameError(f"{where}: a game needs at least one player")
    for i, n in enumerate(shape):
        if n < 1:
            raise GameError(f"{where}: player {i + 1} has no strategies (empty strategy set)")
    entries = math.prod(shape) * len(shape)
    if entries > MAX_PAYOFF_ENTRIES:
        raise GameSizeError(
            f"{where}: {' x '.join(map(str, shape))} game has {entries:,} payoff entries, "
            f"more than the limit of {MAX_PAYOFF_ENTRIES:,}"
        )


def _nested_shape(data: Any, where: str) -> tuple[int, ...]:
    """Shape of a rectangular nested sequence; raise a clear error if it is ragged."""
    if isinstance(data, np.ndarray):
        if data.dtype == object:
            # may still hold ragged lists
            if data.ndim == 0:
                return ()
            shapes = {_nested_shape(x, where) for x in data.reshape(-1)}
            if len(shapes) != 1:
                raise GameError(f"{where}: ragged array (rows of different lengths)")
            return data.shape + shapes.pop()
        return data.shape
    if isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
        return ()
    if len(data) == 0:
        return (0,)
    sub = [_nested_shape(x, where) for x in data]
    first = sub[0]
    for k, s in enumerate(sub[1:], start=1):
        if s != first:
            raise GameError(
                f"{where}: ragged input: entry 0 has shape {first or 'scalar'} "
                f"but entry {k} has shape {s or 'scalar'}"
            )
    return (len(data),) + first


def _to_array(data: Any, exact: bool | None, where: str) -> np.ndarray:
    """Validate a nested numeric array and convert it to Fraction-object or float64."""
    shape = _nested_shape(data, where)
    if 0 in shape:
        raise GameError(f"{where}: empty array (a player has no strategies)")
    if math.prod(shape) > MAX_PAYOFF_ENTRIES:
        raise GameSizeError(f"{where}: {math.prod(shape):,} entries exceed the limit")
    if isinstance(data, np.ndarray) and data.dtype != object:
        if data.dtype.kind == "b":
            raise GameError(f"{where}: boolean array, expected numbers")
        if data.dtype.kind in "iu":
            flat_vals = data.reshape(-1).tolist()
            if exact is False:
                return data.astype(np.float64)
            return np.array([Fraction(v) for v in flat_vals], dtype=object).reshape(shape)
        if data.dtype.kind == "f":
            if not np.all(np.isfinite(data)):
                bad = tuple(int(i) for i in np.argwhere(~np.isfinite(data))[0])
                raise GameError(f"{where}: entry {list(bad)} is {data[bad]}, not a finite number")
            if exact:
                flat_vals = data.reshape(-1).tolist()
                return np.array([to_fraction(v, where) for v in flat_vals], dtype=object).reshape(shape)
            return data.astype(np.float64) + 0.0  # -0.0 reads as 0.0
        raise GameError(f"{where}: array of dtype {data.dtype} is not numeric")
    flat: list[Any] = []

    def walk(x: Any, idx: tuple[int, ...]) -> None:
        if len(idx) == len(shape):
            flat.append((x, idx))
        else:
            for k, y in enumerate(x):
                walk(y, idx + (k,))

    walk(data, ())
    if exact is None:
        exact = all(is_exact_value(v) for v, _ in flat)
    conv = to_fraction if exact else to_float
    values = [conv(v, f"{where} entry {list(i)}") for v, i in flat]
    if exact:
        return np.array(values, dtype=object).reshape(shape)
    return np.array(values, dtype=np.float64).reshape(shape)


def _default_names(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(n))


class NormalFormGame:
    """An N-player game in strategic form.

    Immutable: the payoff array is read-only and the class defines value equality and a
    hash. Build one with a named constructor (:meth:`from_bimatrix`, :meth:`zero_sum`,
    :meth:`from_payoff_tensor`, :meth:`from_arrays`, :meth:`from_function`) or read one
    from a file with :func:`gametheory.read_game`.

    Parameters
    ----------
    payoffs:
        Array-like of shape ``(n_1, ..., n_N, N)``.
    players:
        Player names (default ``"Player 1"``, ...). Must be distinct.
    strategies:
        For each player, the names of its strategies (default ``"1"``, ``"2"``, ...).
    exact:
        ``None`` (default): exact when every payoff is rational (int, Fraction, Decimal,
        sympy Rational, numeric string), float otherwise. ``True``: convert to exact
        (a float becomes the decimal it prints as, ``0.1 -> 1/10``). ``False``: floats.
    title:
        Optional description.
    """

    __slots__ = ("_payoffs", "_players", "_strategies", "_exact", "_title", "_hash", "_float", "_ints", "_rows")

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        *,
        exact: bool | None = None,
        title: str = "",
    ) -> None:
        arr = _to_array(payoffs, exact, "payoffs")
        if arr.ndim < 2:
            raise GameError(f"payoffs: expected an array of shape (n_1, ..., n_N, N), got shape {arr.shape}")
        nplayers = arr.ndim - 1
        if arr.shape[-1] != nplayers:
            raise GameError(
                f"payoffs: last axis must have one entry per player ({nplayers}), "
                f"got {arr.shape[-1]} (shape {arr.shape})"
            )
        check_size(arr.shape[:-1], "payoffs")
        if players is None:
            players = _default_names("Player ", nplayers)
        players = tuple(str(p) for p in players)
        if len(players) != nplayers:
            raise GameError(f"players: expected {nplayers} names, got {len(players)}")
        if len(set(players)) != len(players):
            raise GameError(f"players: names must be distinct, got {list(players)}")
        if strategies is None:
            strategies = [_default_names("", n) for n in arr.shape[:-1]]
        strats = tuple(tuple(str(s) for s in ss) for ss in strategies)
        if len(strats) != nplayers:
            raise GameError(f"strategies: expected {nplayers} lists, got {len(strats)}")
        for i, (ss, n) in enumerate(zip(strats, arr.shape[:-1])):
            if len(ss) != n:
                raise GameError(
                    f"strategies: player {players[i]!r} has {n} strategies in the payoffs but {len(ss)} names"
                )
            if len(set(ss)) != len(ss):
                raise GameError(
                    f"strategies: names of player {players[i]!r} must be distinct, got {list(ss)}"
                )
        arr.setflags(write=False)
        self._payoffs = arr
        self._players = players
        self._strategies = strats
        self._exact = arr.dtype == object
        self._title = str(title)
        self._hash: int | None = None

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_payoff_tensor(cls, payoffs: Any, **kwargs: Any) -> NormalFormGame:
        """Game from an array of shape ``(n_1, ..., n_N, N)`` (same as the constructor)."""
        return cls(payoffs, **kwargs)

    @classmethod
    def from_arrays(cls, *arrays: Any, **kwargs: Any) -> NormalFormGame:
        """Game from one payoff array per player, each of shape ``(n_1, ..., n_N)``."""
        if not arrays:
            raise GameError("from_arrays: give one payoff array per player")
        exact = kwargs.pop("exact", None)
        converted = [_to_array(a, exact, f"payoffs of player {k + 1}") for k, a in enumerate(arrays)]
        shapes = {a.shape for a in converted}
        if len(shapes) != 1:
            raise GameError(
                "from_arrays: payoff arrays have different shapes "
                + ", ".join(str(a.shape) for a in converted)
            )
        if len(converted[0].shape) != len(arrays):
            raise GameError(
                f"from_arrays: {len(arrays)} players need {len(arrays)}-dimensional arrays, "
                f"got shape {converted[0].shape}"
            )
        any_float = any(a.dtype != object for a in converted)
        if exact is None and any_float:
            converted = [a.astype(np.float64) for a in converted]
        return cls(np.stack(converted, axis=-1), exact=exact, **kwargs)

    @classmethod
    def from_bimatrix(cls, A: Any, B: Any, **kwargs: Any) -> NormalFormGame:
        """Two-player game: ``A[i, j]`` is the row player's payoff, ``B[i, j]`` the column player's."""
        shapes = [_nested_shape(A, "A"), _nested_shape(B, "B")]
        for name, s in zip("AB", shapes):
            if len(s) != 2:
                raise GameError(f"{name}: expected a matrix, got shape {s}")
        if shapes[0] != shapes[1]:
            raise GameError(f"A has shape {shapes[0]} but B has shape {shapes[1]}")
        return cls.from_arrays(A, B, **kwargs)

    @classmethod
    def zero_sum(cls, A: Any, **kwargs: Any) -> NormalFormGame:
        """Two-player zero-sum game: the row player gets ``A[i, j]``, the column player ``-A[i, j]``."""
        if len(_nested_shape(A, "A")) != 2:
            raise GameError(f"A: expected a matrix, got shape {_nested_shape(A, 'A')}")
        exact = kwargs.pop("exact", None)
        a = _to_array(A, exact, "A")
        return cls.from_arrays(a, -a, exact=exact, **kwargs)

    @classmethod
    def from_function(
        cls,
        payoff: Callable[..., Sequence[Any]],
        strategies: Sequence[Sequence[str]] | Sequence[int],
        players: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> NormalFormGame:
        """Game whose payoffs are ``payoff(s_1, ..., s_N)`` (one value per player).

        ``strategies`` gives each player's strategy names, or just their counts (the
        function then receives indices).
        """
        names: list[tuple[Any, ...]] = []
        for ss in strategies:
            if isinstance(ss, int) and not isinstance(ss, bool):
                names.append(tuple(range(ss)))
            elif isinstance(ss, Sequence):
                names.append(tuple(ss))
            else:
                raise GameError(f"from_function: strategies must be name lists or counts, got {ss!r}")
        check_size([len(ss) for ss in names], "from_function")
        nplayers = len(names)
        rows = []
        for prof in itertools.product(*names):
            vals = tuple(payoff(*prof))
            if len(vals) != nplayers:
                raise GameError(
                    f"from_function: payoff{prof} returned {len(vals)} values, expected {nplayers}"
                )
            rows.append(vals)
        shape = tuple(len(ss) for ss in names) + (nplayers,)
        exact = kwargs.pop("exact", None)
        arr = _to_array(rows, exact, "from_function")
        strat_names = [tuple(str(s) for s in ss) for ss in names]
        return cls(arr.reshape(shape), players=players, strategies=strat_names, exact=exact, **kwargs)

    # ----------------------------------------------------------------- basic data
    @property
    def payoffs(self) -> np.ndarray:
        """Read-only payoff array of shape ``(n_1, ..., n_N, N)``."""
        return self._payoffs

    def payoff_array(self, player: int | str) -> np.ndarray:
        """Read-only payoff array of one player, shape ``(n_1, ..., n_N)``."""
        return self._payoffs[..., self.player_index(player)]

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def title(self) -> str:
        return self._title

    @property
    def num_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(self._payoffs.shape[:-1])

    @property
    def is_exact(self) -> bool:
        """Whether payoffs are exact rationals (Fraction) rather than floats."""
        return bool(self._exact)

    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            try:
                return self._players.index(player)
            except ValueError:
                raise GameError(f"unknown player {player!r}; players are {list(self._players)}") from None
        if not 0 <= player < self.num_players:
            raise GameError(f"player index {player} out of range 0..{self.num_players - 1}")
        return int(player)

    def to_float(self) -> NormalFormGame:
        """The same game with float payoffs (each the nearest float to the exact payoff)."""
        if not self._exact:
            return self
        cached = getattr(self, "_float", None)  # a game never changes: convert once
        if cached is not None:
            return cached
        flat = self._payoffs.reshape(-1).tolist()
        try:
            if all(type(v) is Fraction for v in flat):
                # ``n / d`` on Python ints rounds correctly, as ``float(Fraction)`` does, without
                # its generic ``numbers.Rational`` detour
                floats = np.array([v.numerator / v.denominator for v in flat], dtype=np.float64)
                floats = floats.reshape(self._payoffs.shape)
            else:
                floats = self._payoffs.astype(np.float64)
        except OverflowError:
            floats = None
        if floats is None or not np.all(np.isfinite(floats)):
            raise GameError(
                "to_float: a payoff is too large for floating point (|x| > 1.8e308); "
                "solve this game in exact arithmetic"
            )
        # the names were checked when this game was built: copy them rather than check again
        floats.setflags(write=False)
        out = NormalFormGame.__new__(NormalFormGame)
        out._payoffs = floats
        out._players = self._players
        out._strategies = self._strategies
        out._exact = False
        out._title = self._title
        out._hash = None
        self._float = out
        return out

    def to_exact(self) -> NormalFormGame:
        """The same game with exact payoffs (floats become the decimals they print as)."""
        if self._exact:
            return self
        return self._replace(_to_array(self._payoffs, True, "payoffs"))

    def _replace(self, payoffs: np.ndarray) -> NormalFormGame:
        return NormalFormGame(
            payoffs,
            players=self._players,
            strategies=self._strategies,
            title=self._title,
            exact=payoffs.dtype == object,
        )

    def with_names(
        self,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str | None = None,
    ) -> NormalFormGame:
        """A copy with other player/strategy names or title."""
        return NormalFormGame(
            self._payoffs,
            players=self._players if players is None else players,
            strategies=self._strategies if strategies is None else strategies,
            title=self._title if title is None else title,
            exact=self._exact,
        )

    def is_constant_sum(self) -> bool:
        """Whether payoffs sum to the same constant in every pure profile."""
        sums = self._payoffs.sum(axis=-1)
        first = sums.reshape(-1)[0]
        if self._exact:
            return bool(np.all(sums == first))
        return bool(np.allclose(sums, first, rtol=0, atol=self.tolerance()))

    def is_zero_sum(self) -> bool:
        """Whether payoffs sum to zero in every pure profile."""
        sums = self._payoffs.sum(axis=-1)
        if self._exact:
            return bool(np.all(sums == 0))
        return bool(np.allclose(sums, 0, rtol=0, atol=self.tolerance()))

    def tolerance(self, tol: float | None = None) -> float:
        """Absolute tolerance used for float comparisons on this game: ``tol`` (default
        ``REGRET_TOL``) times the largest payoff magnitude M when M > 1, times 1 otherwise,
        except that a float game with 0 < M < 1 gets ``tol * M`` (relative), so that a game on
        a tiny scale (payoffs near 1e-180) is not waved through by an absolute 1e-9. Exact
        games are checked exactly (the regret gate asks for zero)."""
        base = resolve(tol, REGRET_TOL)
        if not self._payoffs.size:
            return scaled(base, 1.0)
        if self._exact:  # no float conversion of a huge exact payoff (10**400): compare first
            top = max(abs(v) for v in self._payoffs.reshape(-1).tolist())
            scale = float(top) if top < sys.float_info.max else sys.float_info.max
        else:
            scale = float(np.max(np.abs(self._payoffs)))
            if 0 < scale < 1:  # a game on a small scale (payoffs ~1e-180) gets a relative tolerance,
                return base * scale  # or every profile would pass an absolute 1e-9
        return scaled(base, scale)

    # ----------------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._strategies == other._strategies
            and self._exact == other._exact
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.all(self._payoffs == other._payoffs))
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(
                (self._players, self._strategies, self._exact, tuple(self._payoffs.reshape(-1).tolist()))
            )
        return self._hash

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        dims = " x ".join(map(str, self.shape))
        title = f" {self._title!r}" if self._title else ""
        return f"<NormalFormGame{title} {dims}, players {list(self._players)}, {kind}>"

    # ----------------------------------------------------------------- notebook display
    def _payoff_tables(self, fmt: Callable[[Any], str]) -> tuple[list[tuple[str, list[str], list[list[str]]]], str]:
        """One table per choice of the players after the second -- (caption, header, rows), a
        cell listing every player's payoff, ``fmt`` writing each value -- built only up to
        :data:`~gametheory._kernel.display.MAX_CELLS` cells (rows, columns and tables beyond it
        are left out), and a note saying what was left out ('' when nothing)."""
        from gametheory._kernel.display import MAX_CELLS

        shape = self.shape
        two = self.num_players > 1
        ncols = min(shape[1], max(20, MAX_CELLS // shape[0])) if two else 1  # a square game: 20 x 20
        nrows = min(shape[0], max(1, MAX_CELLS // (ncols + 1)))  # + 1: the row names
        cols = list(self._strategies[1][:ncols]) if two else [""]
        header = [f"{self._players[0]} \\ {self._players[1]}" if two else self._players[0]] + cols
        left = []
        if nrows < shape[0] or (two and ncols < shape[1]):
            left.append(f"the first {nrows} x {ncols} strategies of each table shown")
        tables = []
        ntables = math.prod(shape[2:])
        for t, rest in enumerate(itertools.product(*(range(n) for n in shape[2:]))):
            if t * nrows * ncols >= MAX_CELLS and t > 0:
                left.append(f"{t} of {ntables} tables shown")
                break
            caption = ", ".join(f"{p} plays {ss[k]}" for p, ss, k in zip(self._players[2:], self._strategies[2:], rest))
            rows = []
            for i in range(nrows):
                row = [self._strategies[0][i]]
                for j in range(ncols):
                    idx = (i, j, *rest) if two else (i,)
                    row.append(", ".join(fmt(v) for v in self._payoffs[idx].tolist()))
                rows.append(row)
            tables.append((caption, header, rows))
        return tables, "; ".join(left)

    def _display_heading(self) -> str:
        kind = "exact" if self._exact else "float"
        dims = " x ".join(map(str, self.shape))
        return f"{self._title + ': ' if self._title else ''}{dims} game, {kind} payoffs"

    def _repr_html_(self) -> str:
        """Payoff tables (the first player chooses the row, the second the column; one table
        per choice of the others), exact values as fractions; a large game shows its first
        part and says what was left out."""
        from gametheory._kernel import display

        tables, left = self._payoff_tables(display.value_text)
        parts = [f"<div><b>{display.escape(self._display_heading())}</b>"]
        parts += [display.html_table(header, rows, caption=caption) for caption, header, rows in tables]
        if left:
            parts.append(f"<p>({display.escape(left)})</p>")
        return "".join(parts) + "</div>"

    def _repr_markdown_(self) -> str:
        """The payoff tables of :meth:`_repr_html_` as Markdown."""
        from gametheory._kernel import display

        tables, left = self._payoff_tables(display.value_text)
        out = [f"**{self._display_heading()}**"]
        for caption, header, rows in tables:
            out.append((f"*{caption}*\n\n" if caption else "") + display.markdown_table(header, rows))
        if left:
            out.append(f"({left})")
        return "\n\n".join(out)

    def _repr_latex_(self) -> str | None:
        """A two-player game as a LaTeX array (``None`` for more players, or a game too large
        to show whole: HTML shows those)."""
        if self.num_players != 2:
            return None
        from gametheory._kernel import display

        tables, left = self._payoff_tables(display.value_latex)
        if left:
            return None
        ((_, header, rows),) = tables
        head = [""] + [display.latex_text(h) for h in header[1:]]
        body = [[display.latex_text(r[0])] + r[1:] for r in rows]
        return display.latex_array(head, body)

    # ----------------------------------------------------------------- profiles
    def pure_profile(self, choice: Sequence[int | str]) -> Profile:
        """The mixed profile that plays pure strategies ``choice`` (indices or names)."""
        if len(choice) != self.num_players:
            raise GameError(f"pure profile: expected {self.num_players} choices, got {len(choice)}")
        out = []
        for i, c in enumerate(choice):
            k = self._strategy_index(i, c)
            one = Fraction(1) if self._exact else 1.0
            zero = Fraction(0) if self._exact else 0.0
            out.append(tuple(one if j == k else zero for j in range(self.shape[i])))
        return tuple(out)

    def _strategy_index(self, player: int, s: int | str) -> int:
        names = self._strategies[player]
        if isinstance(s, str):
            if s not in names:
                raise GameError(
                    f"unknown strategy {s!r} of player {self._players[player]!r}; "
                    f"strategies are {list(names)}"
                )
            return names.index(s)
        if not 0 <= s < len(names):
            raise GameError(f"strategy index {s} of player {self._players[player]!r} out of range")
        return int(s)

    def normalize_profile(self, profile: Any, *, exact: bool | None = None) -> Profile:
        """Check a mixed profile and return it as one tuple of probabilities per player.

        ``profile`` is a sequence with one probability vector per player, or a mapping
        ``{player: vector}`` or ``{player: {strategy: probability}}`` (missing strategies
        get probability 0). Probabilities must be finite, non-negative and sum to 1 for
        each player (exactly for exact values; within 1e-9 for floats).
        """
        if isinstance(profile, Mapping):
            unknown = set(profile) - set(self._players)
            if unknown:
                raise GameError(f"profile: unknown players {sorted(map(str, unknown))}")
            vectors: list[Any] = []
            for i, p in enumerate(self._players):
                if p not in profile:
                    raise GameError(f"profile: no strategy given for player {p!r}")
                v = profile[p]
                if isinstance(v, Mapping):
                    vec: list[Any] = [0] * self.shape[i]
                    for s, prob in v.items():
                        vec[self._strategy_index(i, s)] = prob
                    v = vec
                vectors.append(v)
        else:
            vectors = list(profile)
        if len(vectors) != self.num_players:
            raise GameError(f"profile: expected {self.num_players} vectors, got {len(vectors)}")
        flat_vals = [x for v in vectors for x in (list(v) if not isinstance(v, np.ndarray) else v.tolist())]
        if exact is None:
            exact = self._exact and all(is_exact_value(x) for x in flat_vals)
        out = []
        for i, v in enumerate(vectors):
            vals = list(v) if not isinstance(v, np.ndarray) else v.tolist()
            who = f"profile of {self._players[i]!r}"
            if len(vals) != self.shape[i]:
                raise GameError(f"{who}: expected {self.shape[i]} probabilities, got {len(vals)}")
            conv = [to_fraction(x, who) if exact else to_float(x, who) for x in vals]
            if any(x < 0 for x in conv):
                if exact or min(conv) < -PROBABILITY_TOL:
                    raise GameError(f"{who}: negative probability {min(conv)}")
                conv = [max(x, 0.0) for x in conv]
            total = sum(conv)
            if exact and total != 1:
                raise GameError(f"{who}: probabilities sum to {total}, not 1")
            if not exact and abs(total - 1.0) > PROBABILITY_TOL * max(1, len(conv)):
                raise GameError(f"{who}: probabilities sum to {total:.12g}, not 1")
            out.append(tuple(conv))
        return tuple(out)

    def _arrays_for(self, profile: Profile) -> tuple[np.ndarray, list[np.ndarray]]:
        exact = isinstance(profile[0][0], Fraction)
        if exact and self._exact:
            return self._payoffs, [np.array(v, dtype=object) for v in profile]
        return self.to_float()._payoffs, [np.array(v, dtype=np.float64) for v in profile]

    def strategy_payoffs(self, profile: Any, player: int | str) -> tuple[Number, ...]:
        """Payoff to each pure strategy of ``player`` against the others' mixed strategies."""
        prof = self.normalize_profile(profile)
        i = self.player_index(player)
        U, sig = self._arrays_for(prof)
        return tuple(_contract_except(U[..., i], sig, i).tolist())

    def expected_payoffs(self, profile: Any) -> tuple[Number, ...]:
        """Expected payoff of every player under a mixed profile."""
        prof = self.normalize_profile(profile)
        U, sig = self._arrays_for(prof)
        out = []
        for i in range(self.num_players):
            v = _contract_except(U[..., i], sig, i)
            out.append(_dot(v, sig[i]))
        return tuple(out)

    def payoffs_and_regret(self, profile: Any) -> tuple[tuple[Number, ...], Number]:
        """:meth:`expected_payoffs` and :meth:`max_regret` of a profile, with one
        contraction per player for both (what building an equilibrium record needs)."""
        prof = self.normalize_profile(profile)
        cell = [row.index(1) if sum(1 for x in row if x != 0) == 1 and 1 in row else -1 for row in prof]
        if -1 not in cell and isinstance(prof[0][0], Fraction) == self._exact:
            # a pure profile: one slice of the payoff array per player
            own_pay = self._payoffs[tuple(cell)].tolist()
            worst: Number = Fraction(0) if self._exact else 0.0
            for i in range(self.num_players):
                key: tuple[Any, ...] = (*cell[:i], slice(None), *cell[i + 1:], i)
                worst = max(worst, max(self._payoffs[key].tolist()) - own_pay[i])
            return tuple(own_pay), worst if self._exact else float(worst)
        if self._exact and isinstance(prof[0][0], Fraction):
            return self._payoffs_and_regret_int(prof)
        # otherwise the profile is floats (normalize_profile makes it so), in float64
        U, sig = self._arrays_for(prof)
        return _payoffs_and_regret_float(U, sig, self._player_rows(U))

    def _payoffs_and_regret_int(self, prof: Profile) -> tuple[tuple[Number, ...], Number]:
        """The exact case of :meth:`payoffs_and_regret` in Python integers: the payoffs over
        their common denominator ``D`` and each mixed strategy over its own ``d_j``, so the
        sums are of integers, and each result is one Fraction at the end (the same values
        as Fraction arithmetic throughout, several times faster)."""
        cached = getattr(self, "_ints", None)
        if cached is None:
            flat = [v if isinstance(v, (int, Fraction)) else Fraction(v) for v in self._payoffs.reshape(-1).tolist()]
            D = math.lcm(*(v.denominator for v in flat))
            ints = np.array([v.numerator * (D // v.denominator) for v in flat], dtype=object).reshape(self._payoffs.shape)
            cached = self._ints = (D, ints)
        D, ints = cached
        dens = [math.lcm(*(Fraction(p).denominator for p in row)) for row in prof]
        sig = [[int(Fraction(p) * d) for p in row] for row, d in zip(prof, dens)]
        pay = []
        worst = Fraction(0)
        for i in range(self.num_players):
            # the others' weights as one vector over their pure profiles (row-major, the
            # last player fastest) against player i's payoffs, one row per own strategy
            if math.prod(len(w) for j, w in enumerate(sig) if j != i) > _KRON_MAX:
                # very many opponents' profiles: contract axis by axis instead
                v = _contract_except(ints[..., i], [np.array(w, dtype=object) for w in sig], i).tolist()
            else:
                q = [1]
                for j, w in enumerate(sig):
                    if j != i:
                        q = [a * b for a in q for b in w]
                v = [sum(a * b for a, b in zip(row, q)) for row in self._player_rows(ints)[i]]
            own = sum(a * b for a, b in zip(v, sig[i]))
            scale = D * math.prod(dens)  # the others' d_j, this player's d_i, and D
            pay.append(Fraction(own, scale))
            worst = max(worst, Fraction(max(v) * dens[i] - own, scale))
        return tuple(pay), worst

    def _player_rows(self, U: np.ndarray) -> list[Any]:
        """Each player's payoffs in ``U`` (this game's float or integer table) as one
        matrix, own strategies by the others' pure profiles (row-major): numpy arrays for
        floats, lists of Python integers otherwise; kept per table (a game never changes)."""
        cache: dict[int, tuple[np.ndarray, list[Any]]] | None = getattr(self, "_rows", None)
        if cache is None:
            cache = {}
            self._rows = cache
        key = id(U)
        got = cache.get(key)
        if got is None or got[0] is not U:
            n = self.num_players
            mats = [np.ascontiguousarray(np.moveaxis(U[..., i], i, 0).reshape(U.shape[i], -1)) for i in range(n)]
            rows = mats if U.dtype != object else [m.tolist() for m in mats]
            got = cache[key] = (U, rows)
        return got[1]

    def regrets(self, profile: Any) -> tuple[Number, ...]:
        """For each player, best pure-strategy payoff minus the profile's payoff (>= 0)."""
        prof = self.normalize_profile(profile)
        U, sig = self._arrays_for(prof)
        out = []
        for i in range(self.num_players):
            v = _contract_except(U[..., i], sig, i)
            r = max(v.tolist()) - _dot(v, sig[i])
            out.append(r if isinstance(r, Fraction) else max(float(r), 0.0))
        return tuple(out)

    def max_regret(self, profile: Any) -> Number:
        """Largest gain any player gets by deviating to a pure strategy; 0 at a Nash equilibrium.

        Exact (a Fraction) when both the game and the profile are exact.
        """
        return max(self.regrets(profile))

    def is_nash(self, profile: Any, tol: float | None = None) -> bool:
        """Whether ``profile`` is a Nash equilibrium.

        Exact games with exact profiles are checked exactly (regret must be 0); otherwise
        regret must be at most ``tol`` (default ``1e-9``) times ``max(1, max |payoff|)``.
        """
        r = self.max_regret(profile)
        if isinstance(r, Fraction):
            return r == 0
        return float(r) <= self.tolerance(tol)

    def best_responses(self, profile: Any, player: int | str, tol: float | None = None) -> tuple[str, ...]:
        """Names of ``player``'s pure best responses to ``profile`` (ties included)."""
        i = self.player_index(player)
        v = self.strategy_payoffs(profile, i)
        best = max(v)
        if isinstance(best, Fraction):
            return tuple(s for s, x in zip(self._strategies[i], v) if x == best)
        eps = self.tolerance(tol)
        return tuple(s for s, x in zip(self._strategies[i], v) if x >= best - eps)


#: Largest Kronecker product of the opponents' mixed strategies formed in one piece by
#: :meth:`NormalFormGame.payoffs_and_regret` (beyond it, axis-by-axis contraction).
_KRON_MAX = 1 << 16


def _payoffs_and_regret_float(U: np.ndarray, sig: list[np.ndarray], rows: list[Any]) -> tuple[tuple[Number, ...], Number]:
    """Expected payoffs and max regret in float64: each player's payoffs as one matrix
    (``rows[i]``: own strategies by the others' pure profiles) times the Kronecker product
    of the others' mixed strategies (or axis-by-axis contraction when that product is large)."""
    n = len(sig)
    pay: list[Number] = []
    worst = 0.0
    for i in range(n):
        size = math.prod(len(w) for j, w in enumerate(sig) if j != i)
        if size <= _KRON_MAX:
            q = np.ones(1)
            for j in range(n):
                if j != i:
                    q = np.multiply.outer(q, sig[j]).reshape(-1)
            v = rows[i] @ q
        else:
            v = _contract_except(U[..., i], sig, i)
        own = float(v @ sig[i])
        pay.append(own)
        worst = max(worst, float(v.max()) - own)
    return tuple(pay), worst


def _dot(v: np.ndarray, w: np.ndarray) -> Number:
    s = sum((a * b for a, b in zip(v.tolist(), w.tolist())), start=type(v.tolist()[0])(0))
    return s


def _contract_except(U: np.ndarray, sig: list[np.ndarray], keep: int) -> np.ndarray:
    """Contract ``U`` with every player's mixed strategy except player ``keep``'s."""
    out = U
    for j in range(len(sig) - 1, -1, -1):
        if j == keep:
            continue
        out = np.tensordot(out, sig[j], axes=([j], [0]))
    return out


def iter_pure_profiles(shape: Iterable[int]) -> Iterable[tuple[int, ...]]:
    """All pure profiles as index tuples, in row-major order."""
    return itertools.product(*(range(n) for n in shape))
