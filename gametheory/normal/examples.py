"""Textbook games, built in so the command line and docs can run without files.

Each entry cites where the game is discussed; payoffs are the standard textbook ones.
"""

from __future__ import annotations

from collections.abc import Callable

from gametheory.normal.game import NormalFormGame


def prisoners_dilemma() -> NormalFormGame:
    """Prisoner's dilemma (Tucker 1950; e.g. Osborne & Rubinstein 1994, ex. 16.2)."""
    return NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        players=("Row", "Column"),
        strategies=(("Cooperate", "Defect"), ("Cooperate", "Defect")),
        title="Prisoner's dilemma",
    )


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (Luce & Raiffa 1957): two pure equilibria and one mixed."""
    return NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        players=("Row", "Column"),
        strategies=(("Opera", "Football"), ("Opera", "Football")),
        title="Battle of the sexes",
    )


def matching_pennies() -> NormalFormGame:
    """Matching pennies: zero-sum, unique equilibrium (1/2, 1/2) for both."""
    return NormalFormGame.zero_sum(
        [[1, -1], [-1, 1]],
        players=("Matcher", "Mismatcher"),
        strategies=(("Heads", "Tails"), ("Heads", "Tails")),
        title="Matching pennies",
    )


def rock_paper_scissors() -> NormalFormGame:
    """Rock-paper-scissors: zero-sum, unique equilibrium uniform over the three strategies."""
    rps = ("Rock", "Paper", "Scissors")
    return NormalFormGame.zero_sum(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
        players=("Row", "Column"),
        strategies=(rps, rps),
        title="Rock-paper-scissors",
    )


def chicken() -> NormalFormGame:
    """Chicken (hawk-dove; Rapoport & Chammah 1966): two pure equilibria and one mixed."""
    return NormalFormGame.from_bimatrix(
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        players=("Row", "Column"),
        strategies=(("Swerve", "Straight"), ("Swerve", "Straight")),
        title="Chicken",
    )


def shapley() -> NormalFormGame:
    """Shapley's 3x3 game (Shapley 1964, "Some topics in two-person games"), where
    fictitious play cycles; its unique equilibrium is uniform for both players."""
    return NormalFormGame.from_bimatrix(
        [[0, 1, 2], [2, 0, 1], [1, 2, 0]],
        [[0, 2, 1], [1, 0, 2], [2, 1, 0]],
        players=("Row", "Column"),
        title="Shapley's game",
    )


def entry_deterrence_matrix() -> NormalFormGame:
    """A degenerate 2x2: an entrant stays out or enters, an incumbent fights or accommodates.

    Its equilibria form a continuum (the incumbent may fight with any probability of at
    least 1/2 when the entrant stays out), the textbook non-credible-threat example
    (Selten 1965 on subgame perfection; Selten 1978, "The chain store paradox").
    """
    return NormalFormGame.from_bimatrix(
        [[0, 0], [-1, 1]],
        [[2, 2], [-1, 1]],
        players=("Entrant", "Incumbent"),
        strategies=(("Out", "In"), ("Fight", "Accommodate")),
        title="Entry deterrence (normal form)",
    )


EXAMPLES: dict[str, Callable[[], NormalFormGame]] = {
    "prisoners-dilemma": prisoners_dilemma,
    "battle-of-the-sexes": battle_of_the_sexes,
    "matching-pennies": matching_pennies,
    "rock-paper-scissors": rock_paper_scissors,
    "chicken": chicken,
    "shapley": shapley,
    "entry-deterrence": entry_deterrence_matrix,
}
