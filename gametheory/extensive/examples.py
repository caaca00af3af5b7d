"""Textbook game trees, built with the node constructors of :mod:`gametheory.extensive.tree`.

>>> from gametheory.extensive import examples
>>> g = examples.one_card_poker()
>>> g.expected_payoffs({"Fred:1": {"Raise": 1}, "Fred:2": {"Raise": "1/3", "Fold": "2/3"},
...                     "Alice:1": {"Meet": "2/3", "Pass": "1/3"}})
(Fraction(1, 3), Fraction(-1, 3))
"""

from __future__ import annotations

from collections.abc import Sequence

from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.tree import Node, TreeBuilder, chance, decision, terminal

__all__ = ["centipede", "entry_deterrence", "one_card_poker", "selten_horse"]


def entry_deterrence() -> ExtensiveGame:
    """Entry deterrence: the entrant stays out (0, 2) or enters; the incumbent then fights
    (-1, -1) or accommodates (1, 1). Its subgame-perfect equilibrium is (enter, accommodate);
    (stay out, fight) is a Nash equilibrium resting on an incredible threat."""
    return (
        TreeBuilder(players=["Entrant", "Incumbent"], title="Entry deterrence")
        .decision("Entrant", {"enter": ..., "stay out": (0, 2)})
        .decision("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)})
        .build()
    )


def centipede(rounds: int, players: Sequence[str] = ("Alice", "Bob")) -> ExtensiveGame:
    """Rosenthal's centipede with linear payoffs, built bottom-up without recursion.

    In round ``k`` (0-based; the players alternate, the first player moves in round 0) the
    mover may ``take`` -- the mover gets ``k + 2``, the other ``k`` -- or ``pass``; if every
    round is passed both get ``rounds``. Backward induction: take at once. Information set
    of round ``k``: ``"round k+1"``. Works for ``rounds`` in the hundreds of thousands.
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"centipede: rounds must be a positive integer, got {rounds!r}")
    a, b = players
    node: Node = terminal(rounds, rounds)
    for k in range(rounds - 1, -1, -1):
        mover = a if k % 2 == 0 else b
        take = (k + 2, k) if mover == a else (k, k + 2)
        node = decision(mover, {"take": take, "pass": node}, infoset=f"round {k + 1}")
    return ExtensiveGame.from_tree(node, players=[a, b], title=f"Centipede ({rounds} rounds)")


def selten_horse() -> ExtensiveGame:
    """Selten's horse (Selten 1975, Figure 1), labelled as Gambit's ``selten1975/fig1.efg``.

    Player 1 plays ``L`` (to player 3) or ``R``; then player 2 ``R`` (ends, 1, 1, 1) or ``L``
    (to player 3); player 3 does not know which of the two happened.
    """
    return ExtensiveGame.from_tree(
        decision("Player 1", {
            "R": decision("Player 2", {
                "R": (1, 1, 1),
                "L": decision("Player 3", {"R": (4, 4, 0), "L": (0, 0, 1)}, infoset=3),
            }),
            "L": decision("Player 3", {"R": (3, 2, 2), "L": (0, 0, 0)}, infoset=3),
        }),
        players=["Player 1", "Player 2", "Player 3"],
        title="Selten's horse",
    )


def one_card_poker() -> ExtensiveGame:
    """Myerson's one-card poker (Myerson 1991, section 2.1), labelled as Gambit's
    ``myerson1991/fig2_1.efg``.

    Fred sees a red or black card (1/2 each) and raises or folds (folding wins 1 with red,
    loses 1 with black); after a raise Alice, who has not seen the card, meets (the card
    decides +-2) or passes (Fred wins 1). Equilibrium: raise with red, raise with black with
    probability 1/3, meet with probability 2/3; Fred's value is 1/3.
    """
    alice = {"Meet": ..., "Pass": (1, -1)}
    return (
        TreeBuilder(players=["Fred", "Alice"], title="A simple Poker game")
        .subtree(chance({
            "Red": ("1/2", decision("Fred", {"Raise": decision("Alice", alice, infoset=1), "Fold": (1, -1)})),
            "Black": ("1/2", decision("Fred", {"Raise": decision("Alice", alice, infoset=1), "Fold": (-1, 1)})),
        }))
        .terminal(2, -2)
        .terminal(-2, 2)
        .build()
    )
