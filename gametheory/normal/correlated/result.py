"""The results of the correlated-equilibrium room: one optimal (coarse) correlated
equilibrium (:class:`CorrelatedResult`) and every vertex of the polytope
(:class:`CorrelatedPolytope`), with the helpers that read a joint distribution."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import Number, format_number
from gametheory.normal.game import NormalFormGame


# ============================================================================ result types
def _freeze(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class CorrelatedResult(Result):
    """One (coarse) correlated equilibrium, optimal for the requested objective.

    Attributes
    ----------
    game:
        The game that was solved (the exact copy of a float game solved exactly).
    distribution:
        Read-only array of the game's shape: ``distribution[s_1, ..., s_N]`` is the
        probability of recommending the pure profile ``(s_1, ..., s_N)``. Fractions in
        exact mode, floats otherwise.
    support:
        ``{(strategy name of player 1, ..., of player N): probability}`` for the profiles
        with positive probability, in row-major order.
    payoffs:
        Expected payoff of each player.
    objective:
        ``"welfare"``, ``"egalitarian"``, ``"weights"`` or ``"none"``.
    objective_value:
        Sum of payoffs (welfare), smallest payoff (egalitarian), weighted sum (weights);
        ``None`` when no objective was given.
    max_violation:
        Largest expected gain any player gets from disobeying (for a correlated
        equilibrium: switching a recommended ``s`` to ``t``; for a coarse one: committing
        to ``t`` beforehand), in payoff units. Exactly ``Fraction(0)`` in exact mode.
    coarse:
        Whether this is a coarse correlated equilibrium.
    method, arithmetic, elapsed, parameters, diagnostics:
        The common result fields (:class:`~gametheory._kernel.results.Result`):
        ``arithmetic`` is ``"exact"`` when the answer is rational and exactly optimal
        (``.exact`` says so), ``parameters`` the arguments that affect the answer
        (objective weights, ...), ``diagnostics`` how the answer was obtained and
        certified, and warnings in float mode.
    """

    game: NormalFormGame
    distribution: np.ndarray
    support: dict[tuple[str, ...], Number]
    payoffs: tuple[Number, ...]
    objective: str
    objective_value: Number | None
    max_violation: Number
    coarse: bool
    method: str = field(default="correlated_equilibrium", kw_only=True)

    # identity comparison, as before the Result base: the fields hold numpy arrays
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def welfare(self) -> Number:
        """Sum of the players' expected payoffs."""
        return sum(self.payoffs[1:], start=self.payoffs[0])

    def marginals(self) -> tuple[tuple[Number, ...], ...]:
        """Each player's marginal distribution over own strategies."""
        return _marginals(self.distribution)

    def to_json(self) -> dict[str, Any]:
        """The common fields, then the game's names and the equilibrium."""
        g = self.game
        out = self.common_json()
        out.update(
            {
                "players": list(g.players),
                "strategies": [list(s) for s in g.strategies],
                "coarse": self.coarse,
                "objective": self.objective,
                "objective_value": json_value(self.objective_value),
                "support": [
                    {"profile": list(prof), "probability": json_value(x)} for prof, x in self.support.items()
                ],
                "payoffs": json_value(self.payoffs),
                "max_violation": json_value(self.max_violation),
            }
        )
        return out

    def __str__(self) -> str:
        kind = "Coarse correlated" if self.coarse else "Correlated"
        head = f"{kind} equilibrium"
        if self.objective_value is not None:
            head += f" ({self.objective} {format_number(self.objective_value)})"
        body = "; ".join(f"({', '.join(prof)}): {format_number(x)}" for prof, x in self.support.items())
        return f"{head}: {body}"


@dataclass(frozen=True, eq=False)
class CorrelatedPolytope(Result):
    """Every vertex of a game's (coarse) correlated equilibrium polytope, exactly.

    Attributes
    ----------
    game:
        The (exact) game.
    coarse:
        Whether this is the coarse correlated equilibrium polytope.
    vertices:
        One read-only Fraction array of the game's shape per vertex, sorted by decreasing
        welfare, then lexicographically.
    payoffs:
        Expected payoffs of each player at each vertex.
    dimension:
        Affine dimension of the polytope.
    method, arithmetic, elapsed, parameters, diagnostics:
        The common result fields, as in :class:`CorrelatedResult` (``arithmetic`` is
        always ``"exact"``).
    """

    game: NormalFormGame
    coarse: bool
    vertices: tuple[np.ndarray, ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    dimension: int
    method: str = field(default="correlated_extreme_points", kw_only=True)

    # identity comparison, as before the Result base: the fields hold numpy arrays
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __len__(self) -> int:
        return len(self.vertices)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.vertices)

    def supports(self) -> list[dict[tuple[str, ...], Number]]:
        """Each vertex as ``{profile names: probability}`` over its support."""
        return [_support_dict(self.game, v) for v in self.vertices]

    def to_json(self) -> dict[str, Any]:
        """The common fields, then the game's names and every vertex."""
        g = self.game
        out = self.common_json()
        out.update(
            {
                "players": list(g.players),
                "strategies": [list(s) for s in g.strategies],
                "coarse": self.coarse,
                "dimension": self.dimension,
                "vertices": [
                    [{"profile": list(prof), "probability": json_value(x)} for prof, x in sup.items()]
                    for sup in self.supports()
                ],
                "payoffs": json_value(self.payoffs),
            }
        )
        return out



# ============================================================================ distributions
def _support_dict(game: NormalFormGame, dist: np.ndarray) -> dict[tuple[str, ...], Number]:
    out: dict[tuple[str, ...], Number] = {}
    for idx in zip(*np.nonzero(dist != 0)):
        prof = tuple(game.strategies[i][int(k)] for i, k in enumerate(idx))
        out[prof] = dist[tuple(int(k) for k in idx)]
    return out


def _marginals(dist: np.ndarray) -> tuple[tuple[Number, ...], ...]:
    out = []
    for i in range(dist.ndim):
        moved = np.moveaxis(dist, i, 0).reshape(dist.shape[i], -1)
        out.append(tuple(moved.sum(axis=1).tolist()))
    return tuple(out)
