"""Tree models solved while they are written: the shared fast path of the guarantee and
inclusion models.

A model writes its game tree once, through a *builder* with two methods, ``decision(player,
moves, infoset)`` and ``chance(branches)``. Given :data:`ENGINE`, the builder returns the
engine's nodes (the tree :func:`~gametheory.extensive.solvers.backward.backward_induction`
solves); given a :class:`Direct`, every node is evaluated as it is written, bottom up, in
exact arithmetic: its subgame-perfect payoffs and the plan below it. Where a player is
indifferent in a way that matters, :class:`Tie` is raised and the model hands the point to
the engine. Each model's tests check the direct evaluation against the engine's backward
induction (defaults, every built-in scenario, random points).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gametheory.extensive.tree import chance, decision


def labelled(name: str, *where: str) -> str:
    """An information-set or node name with its context: ``"Europe: honour? (force, cap)"``."""
    return f"{name} ({', '.join(where)})"


class _Engine:
    """Builds the tree with the engine's node constructors."""

    decision = staticmethod(decision)
    chance = staticmethod(chance)


#: The builder that writes the engine's tree.
ENGINE = _Engine()


class Tie(Exception):
    """A player is indifferent at some node: the direct evaluation leaves the point to the engine."""


class Solved:
    """A subtree evaluated by :class:`Direct`: its payoffs and the plan below it."""

    __slots__ = ("pay", "plan")

    def __init__(self, pay: tuple[Any, ...], plan: dict[str, str]) -> None:
        self.pay, self.plan = pay, plan


def _unpack(x: Any) -> tuple[tuple[Any, ...], dict[str, str]]:
    return (x.pay, x.plan) if isinstance(x, Solved) else (tuple(x), {})


class Direct:
    """Evaluates a tree while it is written (bottom up), exactly.

    ``players`` gives the payoff order. With ``first_of_identical`` a tie between actions
    whose payoff vectors are identical takes the first action, as the engine's first
    equilibrium does, and only a tie that changes someone's payoff raises :class:`Tie`;
    without it every tie raises.
    """

    def __init__(self, players: Sequence[str], *, first_of_identical: bool = False) -> None:
        self.players = tuple(players)
        self.first_of_identical = first_of_identical

    def decision(self, player: str, moves: Mapping[str, Any], infoset: str) -> Solved:
        i = self.players.index(player)
        solved = {a: _unpack(x) for a, x in moves.items()}
        top = max(pay[i] for pay, _ in solved.values())
        best = [a for a, (pay, _) in solved.items() if pay[i] == top]
        if len(best) > 1 and (not self.first_of_identical
                              or any(solved[a][0] != solved[best[0]][0] for a in best[1:])):
            raise Tie(infoset)
        plan = {infoset: best[0]}
        for _, sub in solved.values():
            plan.update(sub)
        return Solved(solved[best[0]][0], plan)

    def chance(self, branches: Mapping[str, tuple[Any, Any]]) -> Solved:
        plan: dict[str, str] = {}
        total: list[Any] = [0] * len(self.players)
        for prob, x in branches.values():
            pay, sub = _unpack(x)
            plan.update(sub)
            total = [t + prob * u for t, u in zip(total, pay)]
        return Solved(tuple(total), plan)
