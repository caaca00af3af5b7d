"""pygambit as the reference solver: conversion helpers shared by the tests."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from gametheory import NormalFormGame

Profile = tuple[tuple[Fraction, ...], ...]


def import_pygambit() -> Any:
    """pygambit, or a failure: it is in the test extras, so a missing copy is an install bug."""
    try:
        import pygambit
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.fail("pygambit is not installed; install the test extras: pip install -e '.[test]'")
    return pygambit


def to_gambit(game: NormalFormGame) -> Any:
    gbt = import_pygambit()
    arrays = [game.payoff_array(i).tolist() for i in range(game.num_players)]
    return gbt.Game.from_arrays(*arrays)


def gambit_profiles(g: Any, equilibria: Any) -> set[Profile]:
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in g.players)
        for eq in equilibria
    }


def gambit_enummixed(game: NormalFormGame) -> set[Profile]:
    """All extreme equilibria according to pygambit's ``enummixed_solve(rational=True)``."""
    gbt = import_pygambit()
    g = to_gambit(game.to_exact())
    return gambit_profiles(g, gbt.nash.enummixed_solve(g, rational=True).equilibria)
