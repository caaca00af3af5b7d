"""Normal-form games whose payoffs are formulas in named parameters.

>>> from gametheory.symbolic import Parameter, SymbolicGame
>>> c = Parameter("c", "cost of war to the challenger", default=2, lower=0, lower_open=True)
>>> v = Parameter("v", "value of the contested stake", default=3, lower=0, lower_open=True)
>>> g = SymbolicGame.from_bimatrix([["0", "0"], ["v", "v - c"]], [["0", "0"], ["-v", "-c"]],
...                                parameters=[c, v], strategies=(("Stay", "Attack"), ("Yield", "Fight")))
>>> g.substitute(c=1).payoffs[1, 1].tolist()
[Fraction(2, 1), Fraction(-1, 1)]
>>> g.substitute(w=1)
Traceback (most recent call last):
  ...
gametheory.errors.GameError: substitute: unknown parameter 'w' (parameters: c, v)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from numbers import Number as _Number
from typing import Any

import numpy as np
import sympy

from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.reduced import register_symbolic_normal_form, to_normal_form
from gametheory.normal.game import NormalFormGame
from gametheory.symbolic.expr import evaluate_at, parse_expression
from gametheory.symbolic.parameters import (
    Parameter,
    check_parameters,
    find_parameter,
    resolve_values,
    to_value,
)

#: Largest number of symbolic payoff entries (each is a sympy expression).
MAX_SYMBOLIC_ENTRIES = 1_000_000


class SymbolicGame:
    """An N-player normal-form game with payoffs given as sympy expressions.

    Parameters
    ----------
    payoffs:
        Nested sequence (or array) of shape ``(n_1, ..., n_N, N)``; entries are numbers,
        formula text (parsed safely, see :func:`~gametheory.symbolic.expr.parse_expression`)
        or sympy expressions in the parameters' symbols.
    parameters:
        The :class:`Parameter` objects payoffs may use. Names must be distinct.
    players, strategies, title:
        As for :class:`~gametheory.NormalFormGame`.
    """

    def __init__(
        self,
        payoffs: Any,
        parameters: Sequence[Parameter] = (),
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        source: str = "payoffs",
    ) -> None:
        params = check_parameters(parameters)
        self._parameters = params
        self._by_name = {p.name: p for p in params}
        symbols = {p.name: p.symbol for p in params}
        raw = np.array(payoffs, dtype=object)
        if raw.ndim < 2 or raw.shape[-1] != raw.ndim - 1:
            raise GameError(f"{source}: expected shape (n_1, ..., n_N, N), got {raw.shape}")
        if raw.size > MAX_SYMBOLIC_ENTRIES:
            raise GameSizeError(f"{source}: {raw.size} payoff entries exceed the limit {MAX_SYMBOLIC_ENTRIES:,}")
        if any(k == 0 for k in raw.shape[:-1]):
            raise GameError(f"{source}: a player has no strategies (empty strategy set)")
        out = np.empty(raw.shape, dtype=object)
        for idx in np.ndindex(*raw.shape):
            where = f"{source}[{', '.join(map(str, idx))}]"
            out[idx] = self._convert(raw[idx], symbols, where)
        out.setflags(write=False)
        self._payoffs = out
        n = raw.ndim - 1
        shape = raw.shape[:-1]
        # Names are validated by building a numeric game of the same shape once.
        probe = NormalFormGame(
            np.zeros(raw.shape, dtype=np.int64), players=players, strategies=strategies, title=title
        )
        self._players = probe.players
        self._strategies = probe.strategies
        self._title = title
        self._shape = shape
        self._n = n

    @staticmethod
    def _convert(value: Any, symbols: Mapping[str, sympy.Symbol], where: str) -> sympy.Expr:
        if isinstance(value, str):
            return parse_expression(value, symbols, source=where)
        if isinstance(value, bool):
            raise GameError(f"{where}: {value!r} is not a payoff")
        if isinstance(value, sympy.Basic):
            by_name = {s.name: s for s in symbols.values()}
            free = value.free_symbols
            unknown = sorted(str(s) for s in free if str(s) not in by_name)
            if unknown:
                raise GameError(f"{where}: unknown parameter(s) {', '.join(unknown)}")
            expr = value.xreplace({s: by_name[str(s)] for s in free})
            if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                raise GameError(f"{where}: {value} is not finite")
            return sympy.sympify(expr, strict=True)
        if isinstance(value, (_Number, np.number)):
            q = to_value(value, where)
            return sympy.Rational(q.numerator, q.denominator)
        raise GameError(f"{where}: {value!r} is not a number or formula")

    # ----------------------------------------------------------------- constructors
    @classmethod
    def from_bimatrix(cls, A: Any, B: Any, parameters: Sequence[Parameter] = (), **kwargs: Any) -> SymbolicGame:
        a = np.array(A, dtype=object)
        b = np.array(B, dtype=object)
        if a.ndim != 2 or a.shape != b.shape:
            raise GameError(f"from_bimatrix: A and B must be matrices of one shape, got {a.shape} and {b.shape}")
        return cls(np.stack([a, b], axis=-1), parameters, **kwargs)

    # ----------------------------------------------------------------- properties
    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        return tuple(p.symbol for p in self._parameters)

    @property
    def payoffs(self) -> np.ndarray:
        """Read-only object array of sympy expressions, shape ``(n_1, ..., n_N, N)``."""
        return self._payoffs

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self._strategies

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def num_players(self) -> int:
        return self._n

    @property
    def title(self) -> str:
        return self._title

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (:class:`GameError` if there is none)."""
        return find_parameter(self._by_name, name)

    def _names_text(self) -> str:
        return ", ".join(p.name for p in self._parameters) or "none"

    def __repr__(self) -> str:
        dims = " x ".join(map(str, self._shape))
        return f"<SymbolicGame {self._title!r} {dims}, parameters [{self._names_text()}]>"

    # ----------------------------------------------------------------- values
    def values(self, values: Mapping[str, Any] | None = None, **kw: Any) -> dict[str, Fraction]:
        """Complete, validated parameter values: given ones checked, defaults filled in."""
        return resolve_values(self._parameters, values, kw)

    def substitute(self, values: Mapping[str, Any] | None = None, **kw: Any) -> NormalFormGame:
        """The numeric game at the given parameter values (defaults fill the rest).

        Exact (Fraction payoffs) when every payoff evaluates to a rational number, float
        otherwise (e.g. ``sqrt(2)``).
        """
        vals = self.values(values, **kw)
        subs = {
            self._by_name[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()
        }
        flat: list[Fraction | float] = []
        exact = True
        for idx in np.ndindex(*self._payoffs.shape):
            val = evaluate_at(
                sympy.sympify(self._payoffs[idx], strict=True), subs,
                source=f"substitute: payoff [{', '.join(map(str, idx))}] = {self._payoffs[idx]}",
            )
            if val.is_Rational:
                flat.append(Fraction(int(val.p), int(val.q)))
                continue
            num = sympy.N(val, 30)
            if not num.is_real or num.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                raise GameError(
                    f"substitute: payoff [{', '.join(map(str, idx))}] = {self._payoffs[idx]} is not a real "
                    f"number at {self._values_text(vals)}"
                )
            exact = False
            flat.append(float(num))
        arr = np.empty(self._payoffs.shape, dtype=object)
        arr.reshape(-1)[:] = flat
        if not exact:
            arr = arr.astype(np.float64)
        return NormalFormGame(
            arr, players=self._players, strategies=self._strategies, title=self._title, exact=exact
        )

    @classmethod
    def from_tree(cls, tree: ExtensiveGame, reduced: bool = True) -> SymbolicGame:
        """The (reduced) normal form of a symbolic game tree (see
        :func:`gametheory.extensive.reduced.to_normal_form`)."""
        if not tree.is_symbolic():
            raise GameError("from_tree: the tree has no formula payoffs; use tree.to_normal_form()")
        nf = to_normal_form(tree, reduced=reduced)
        assert isinstance(nf, SymbolicGame)
        return nf

    @classmethod
    def _from_table(cls, tree: ExtensiveGame, payoffs: np.ndarray, names: Sequence[tuple[str, ...]]) -> SymbolicGame:
        return cls(payoffs, tree.parameters, players=tree.players, strategies=names, title=tree.title)

    @staticmethod
    def _values_text(vals: Mapping[str, Fraction]) -> str:
        return ", ".join(f"{k}={v}" for k, v in vals.items())


register_symbolic_normal_form(SymbolicGame._from_table)
