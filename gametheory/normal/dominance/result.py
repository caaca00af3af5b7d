"""Records of an elimination: one :class:`DominanceStep` per removal, and the
:class:`DominanceResult` of a whole run of :func:`~gametheory.normal.dominance.eliminate_dominated`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import Number, format_number
from gametheory.normal.game import NormalFormGame, Profile

__all__ = ["ORDERS", "WEAK_DOMINANCE_WARNING", "DominanceResult", "DominanceStep"]

#: Ways to schedule the removals (see :func:`eliminate_dominated`).
ORDERS = ("all-at-once", "player-by-player", "one-at-a-time")

#: Warning every weak-dominance result carries.
WEAK_DOMINANCE_WARNING = (
    "weak dominance: the order of elimination matters (another order can give a different "
    "reduced game) and the reduced game may lose equilibria of the original game"
)



# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class DominanceStep:
    """One removal: ``strategy`` of ``player`` is dominated by the mixture ``dominator``.

    Attributes
    ----------
    round:
        1-based round of elimination. Every dominance relation holds in the game as it was
        at the start of that round (for ``order="player-by-player"``: when that player's
        turn came).
    player, player_index:
        The player, by name and by index.
    strategy, strategy_index:
        The removed strategy, by name and by its index in the *original* game.
    dominator:
        ``{strategy name: probability}`` of the dominating (pure or mixed) strategy, positive
        probabilities only; exact :class:`~fractions.Fraction` values in exact arithmetic.
    kind:
        ``"strict"`` (the dominator pays strictly more against every opponent profile) or
        ``"weak"`` (at least as much everywhere, strictly more somewhere).
    margin:
        The dominator's smallest payoff advantage over ``strategy`` across the opponents'
        remaining pure profiles, in payoff units: positive for strict dominance, 0 for weak.
        For a mixed dominator found by LP in exact arithmetic this is the largest margin any
        mixture achieves.
    """

    round: int
    player: str
    player_index: int
    strategy: str
    strategy_index: int
    dominator: dict[str, Number]
    kind: str
    margin: Number

    @property
    def is_mixed(self) -> bool:
        """Whether the dominator mixes two or more strategies."""
        return len(self.dominator) > 1

    def dominator_text(self) -> str:
        """``"Defect"`` for a pure dominator, ``"{T: 1/2, M: 1/2}"`` for a mixed one."""
        if not self.is_mixed:
            return next(iter(self.dominator))
        return "{" + ", ".join(f"{s}: {format_number(p)}" for s, p in self.dominator.items()) + "}"

    def to_json(self) -> dict[str, Any]:
        """The step as JSON (a per-step record, not a :class:`Result`: values go through
        :func:`~gametheory._kernel.results.json_value`)."""
        return {
            "round": self.round,
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": json_value(self.dominator),
            "kind": self.kind,
            "margin": json_value(self.margin),
        }

    def __str__(self) -> str:
        return (
            f"round {self.round}: {self.player}'s {self.strategy} is {self.kind}ly dominated by "
            f"{self.dominator_text()} (margin {format_number(self.margin)})"
        )


@dataclass(frozen=True)
class DominanceResult(Result):
    """The outcome of :func:`eliminate_dominated` (a :class:`~gametheory._kernel.results.Result`).

    Attributes
    ----------
    game:
        The reduced game: the surviving strategies, with their original names, and the
        original payoffs (exact or float according to the arithmetic used).
    original:
        The game that was reduced (in the arithmetic used).
    kept:
        For each player, the indices of the surviving strategies in ``original``.
    steps:
        Every removal, in order.
    weak, mixed, order:
        How the elimination was run (also in ``parameters``).
    rounds:
        Number of rounds that removed something.
    method, arithmetic, elapsed, parameters, diagnostics:
        The common result fields. ``arithmetic`` is ``"exact"`` or ``"float"`` (``.exact``
        says which). ``diagnostics`` are the caveats to read:
        :data:`WEAK_DOMINANCE_WARNING` whenever weak dominance removed something (the order
        matters), and one for each strategy whose status could not be certified exactly
        (it was kept).
    """

    game: NormalFormGame
    original: NormalFormGame
    kept: tuple[tuple[int, ...], ...]
    steps: tuple[DominanceStep, ...]
    weak: bool = False
    mixed: bool = True
    order: str = "all-at-once"
    rounds: int = 0
    method: str = field(default="eliminate_dominated", kw_only=True)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The :attr:`diagnostics` under their former name (kept for one release)."""
        return self.diagnostics

    @property
    def removed(self) -> tuple[tuple[str, ...], ...]:
        """For each player, the names of the removed strategies in order of removal."""
        out: list[list[str]] = [[] for _ in self.original.players]
        for s in self.steps:
            out[s.player_index].append(s.strategy)
        return tuple(tuple(r) for r in out)

    @property
    def kept_names(self) -> tuple[tuple[str, ...], ...]:
        """For each player, the names of the surviving strategies."""
        return self.game.strategies

    def lift(self, profile: Any) -> Profile:
        """A mixed profile of the reduced game as a profile of the original game.

        Removed strategies get probability 0.
        """
        prof = self.game.normalize_profile(profile)
        out = []
        for probs, idx, n in zip(prof, self.kept, self.original.shape):
            zero = type(probs[0])(0)
            full = [zero] * n
            for k, p in zip(idx, probs):
                full[k] = p
            out.append(tuple(full))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """The common fields, then the game, the steps and what was kept."""
        g = self.original
        out = self.common_json()
        out.update(
            {
                "game": {"title": g.title, "players": list(g.players), "strategies": [list(s) for s in g.strategies]},
                "weak": self.weak,
                "mixed": self.mixed,
                "order": self.order,
                "rounds": self.rounds,
                "steps": [s.to_json() for s in self.steps],
                "kept": {p: list(ss) for p, ss in zip(g.players, self.game.strategies)},
                "reduced_shape": list(self.game.shape),
            }
        )
        return out
