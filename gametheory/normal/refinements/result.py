"""Results of the refinement checks: one verdict per equilibrium and refinement, with its proof."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import format_number
from gametheory.normal.game import NormalFormGame, Profile

__all__ = ["VERDICTS", "RefinementCheck", "RefinementReport", "Verdict"]

#: The three answers a check can give.
VERDICTS = ("yes", "no", "undecided")


@dataclass(frozen=True)
class Verdict:
    """Whether one profile has one refinement property, and why.

    Attributes
    ----------
    refinement:
        ``"perfect"`` (trembling-hand perfect, Selten 1975) or ``"proper"`` (Myerson 1978).
    status:
        ``"yes"``, ``"no"`` or ``"undecided"``.
    reason:
        One sentence a reader can follow.
    certificate:
        The evidence, exact: for ``"yes"`` a tremble (``tremble``: a completely mixed
        profile ``sigma'`` with ``sigma_e = (1 - e) sigma + e sigma'`` for perfection; the
        perturbed profile as functions of ``e`` and the ranking of every player's strategies
        for properness) and ``checked_at``, a rational ``e`` at which the property was checked
        again directly from the definition with exact payoffs; for ``"no"`` the weakly
        dominating mixture, or the statement that no ranking admits an ``e``-proper profile.
    """

    refinement: str
    status: str
    reason: str
    certificate: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in VERDICTS:
            raise ValueError(f"Verdict: status must be one of {VERDICTS}, not {self.status!r}")

    def __bool__(self) -> bool:
        return self.status == "yes"

    def to_json(self) -> dict[str, Any]:
        """``refinement``, ``status``, ``reason`` and ``certificate`` through :func:`json_value`."""
        return {
            "refinement": self.refinement,
            "status": self.status,
            "reason": self.reason,
            "certificate": json_value(self.certificate),
        }


@dataclass(frozen=True, kw_only=True)
class RefinementCheck(Result):
    """The refinement verdicts of one profile of a game.

    Attributes
    ----------
    game:
        The (exact) game.
    profile:
        The profile checked, exact.
    max_regret:
        Its exact regret (``0`` for a Nash equilibrium): the independent check that it is one.
    perfect, proper:
        The verdicts (``proper`` is ``None`` when it was not asked for).
    """

    game: NormalFormGame
    profile: Profile
    max_regret: Fraction
    perfect: Verdict
    proper: Verdict | None = None

    def to_json(self) -> dict[str, Any]:
        """Common fields, ``profile``, ``max_regret`` and the verdicts."""
        return {
            **self.common_json(),
            "profile": json_value(self.profile),
            "max_regret": json_value(self.max_regret),
            "perfect": self.perfect.to_json(),
            "proper": None if self.proper is None else self.proper.to_json(),
        }

    def describe(self) -> str:
        """The profile (positive probabilities) and its verdicts, in one line."""
        g = self.game
        parts = []
        for p, ss, probs in zip(g.players, g.strategies, self.profile):
            inner = ", ".join(f"{s}: {format_number(x)}" for s, x in zip(ss, probs) if x != 0)
            parts.append(f"{p}: {{{inner}}}")
        out = "; ".join(parts) + f" -- perfect: {self.perfect.status}"
        if self.proper is not None:
            out += f", proper: {self.proper.status}"
        return out

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, kw_only=True)
class RefinementReport(Result):
    """The refinement verdicts of every equilibrium a solver enumerated.

    Attributes
    ----------
    game:
        The game.
    checks:
        One :class:`RefinementCheck` per equilibrium of the enumeration, in its order.
    complete:
        Whether the enumeration claims to list every (extreme) equilibrium.
    components:
        For two players: the maximal convex sets of equilibria as indices into ``checks``
        (only their extreme points are checked; see ``diagnostics``).
    """

    game: NormalFormGame
    checks: tuple[RefinementCheck, ...]
    complete: bool = False
    components: tuple[tuple[int, ...], ...] = ()

    def __len__(self) -> int:
        return len(self.checks)

    def __iter__(self) -> Iterator[RefinementCheck]:
        return iter(self.checks)

    def __getitem__(self, k: int) -> RefinementCheck:
        return self.checks[k]

    def perfect(self) -> tuple[RefinementCheck, ...]:
        """The checks whose profile was proved perfect."""
        return tuple(c for c in self.checks if c.perfect.status == "yes")

    def proper(self) -> tuple[RefinementCheck, ...]:
        """The checks whose profile was proved proper."""
        return tuple(c for c in self.checks if c.proper is not None and c.proper.status == "yes")

    def to_json(self) -> dict[str, Any]:
        """Common fields, the game's names, ``complete``, ``components`` and every check."""
        g = self.game
        return {
            "game": {
                "title": g.title,
                "players": list(g.players),
                "strategies": [list(s) for s in g.strategies],
            },
            **self.common_json(),
            "complete": self.complete,
            "components": [list(c) for c in self.components],
            "checks": [c.to_json() for c in self.checks],
        }

    def summary(self) -> str:
        """One line per equilibrium with its verdicts."""
        return "\n".join(f"{k}: {c.describe()}" for k, c in enumerate(self.checks))
