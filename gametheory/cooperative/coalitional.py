"""Coalitional (transferable-utility) games: :class:`CoalitionalGame`, :class:`WeightedVotingGame`.

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

The game classes are defined here, on the data classes of :mod:`~gametheory.cooperative.tu`;
the values and power indices live in :mod:`~gametheory.cooperative.power` and the core in
:mod:`~gametheory.cooperative.core`, and are re-exported here (their old home).

>>> glove = CoalitionalGame.from_function(["L", "R1", "R2"],
...     lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
>>> shapley_value(glove).by_name()
{'L': Fraction(2, 3), 'R1': Fraction(1, 6), 'R2': Fraction(1, 6)}
>>> least_core(glove).allocation
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.cooperative.core import (
    MAX_SUPERADDITIVE_PLAYERS,
    LeastCoreResult,
    in_core,
    is_convex,
    is_core_empty,
    is_superadditive,
    least_core,
    max_excess,
)
from gametheory.cooperative.power import (
    MAX_DP_CELLS,
    ValueResult,
    banzhaf_index,
    shapley_shubik_index,
    shapley_value,
)
from gametheory.cooperative.tu import MAX_PLAYERS, MAX_SYMBOLIC_PLAYERS, TUGame, Value, VotingGame
from gametheory.errors import GameSizeError

__all__ = [
    "MAX_DP_CELLS",
    "MAX_PLAYERS",
    "MAX_SUPERADDITIVE_PLAYERS",
    "MAX_SYMBOLIC_PLAYERS",
    "CoalitionalGame",
    "LeastCoreResult",
    "Value",
    "ValueResult",
    "WeightedVotingGame",
    "banzhaf_index",
    "in_core",
    "is_convex",
    "is_core_empty",
    "is_superadditive",
    "least_core",
    "max_excess",
    "shapley_shubik_index",
    "shapley_value",
]


@dataclass(frozen=True, init=False)  # frozen like its base; the constructors are TUGame's
class CoalitionalGame(TUGame):
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

    # -- thin wrappers over the algorithms (power, core)
    def shapley_value(self) -> ValueResult:
        """See :func:`shapley_value`."""
        return shapley_value(self)

    def banzhaf_index(self) -> ValueResult:
        """See :func:`banzhaf_index`."""
        return banzhaf_index(self)

    def least_core(self, *, tol: float | None = None) -> LeastCoreResult:
        """See :func:`least_core`."""
        return least_core(self, tol=tol)

    def in_core(self, allocation: Any, *, tol: float | None = None) -> bool:
        """See :func:`in_core`."""
        return in_core(self, allocation, tol=tol)

    def is_superadditive(self, *, tol: float | None = None) -> bool:
        """See :func:`is_superadditive`."""
        return is_superadditive(self, tol=tol)

    def is_convex(self, *, tol: float | None = None) -> bool:
        """See :func:`is_convex`."""
        return is_convex(self, tol=tol)


@dataclass(frozen=True, init=False)
class WeightedVotingGame(VotingGame):
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
