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


def reference_lemke_howson(A: list[list[int]], B: list[list[int]], k: int) -> tuple[list[Fraction], list[Fraction]]:
    """Textbook Lemke-Howson (von Stengel 2002, sec. 3.4) in exact arithmetic, for cross-checks.

    Plain minimum-ratio pivoting without lexicographic tie-breaking, so it is meant for
    nondegenerate games with positive payoffs only. Deliberately written independently of
    ``gametheory.normal.solvers.lemke_howson`` (dictionaries instead of an integer tableau).
    """
    F = Fraction
    m, n = len(A), len(A[0])
    # P: variables x_0..x_{m-1} (labels 0..m-1), r_0..r_{n-1} (labels m..m+n-1): B^T x + r = 1
    # Q: variables y_0..y_{n-1} (labels m+j), s_0..s_{m-1} (labels i): A y + s = 1
    P = {("r", j): ({("x", i): F(B[i][j]) for i in range(m)}, F(1)) for j in range(n)}
    Q = {("s", i): ({("y", j): F(A[i][j]) for j in range(n)}, F(1)) for i in range(m)}
    def label(v):
        return v[1] if v[0] in ("x", "s") else m + v[1]
    def var_with_label(tab_is_P, lab):
        if tab_is_P:
            return ("x", lab) if lab < m else ("r", lab - m)
        return ("s", lab) if lab < m else ("y", lab - m)
    def pivot(T, enter):
        # rows: basic = rhs - sum coef*nonbasic  (we store constraint sum coef*nb + basic = rhs)
        best = None
        for b, (row, rhs) in T.items():
            c = row.get(enter, 0)
            if c > 0:
                ratio = rhs / c
                if best is None or ratio < best[0]:
                    best = (ratio, b)
        leave = best[1]
        row, rhs = T.pop(leave)
        c = row[enter]
        newrow = {v: a / c for v, a in row.items() if v != enter}
        newrow[leave] = 1 / c
        newrhs = rhs / c
        for b in list(T):
            r2, h2 = T[b]
            c2 = r2.get(enter, 0)
            if c2:
                r3 = {v: a for v, a in r2.items() if v != enter}
                for v, a in newrow.items():
                    r3[v] = r3.get(v, 0) - c2 * a
                T[b] = (r3, h2 - c2 * newrhs)
        T[enter] = (newrow, newrhs)
        return leave
    inP = k < m
    enter = var_with_label(True, k) if inP else var_with_label(False, k)
    # dropping label k: if k < m, x_k enters P; else y_{k-m} enters Q
    while True:
        T = P if inP else Q
        leave = pivot(T, enter)
        lab = label(leave)
        if lab == k:
            break
        inP = not inP
        enter = var_with_label(inP, lab)
    x = [P.get(("x", i), (None, F(0)))[1] for i in range(m)]
    y = [Q.get(("y", j), (None, F(0)))[1] for j in range(n)]
    return [v / sum(x) for v in x], [v / sum(y) for v in y]


def assert_gambit_nplayer_equilibria_are_ours(pay: Any, ours: Any, tol: float = 1e-6) -> int:
    """Every equilibrium pygambit's ``enumpoly_solve`` returns for the payoff array ``pay``
    (shape ``(*strategies, players)``) whose float regret is at most ``tol`` is one of
    ``ours`` (a SolveResult) to ``tol``; returns how many were checked."""
    import numpy as np

    gbt = import_pygambit()
    shape = pay.shape[:-1]
    g = gbt.Game.from_arrays(*[pay[..., i].tolist() for i in range(len(shape))])
    fl = pay.astype(float)
    checked = 0
    for eq in gbt.nash.enumpoly_solve(g, use_strategic=True).equilibria:
        prof = [np.array([float(eq[s]) for s in p.strategies]) for p in g.players]
        regret = 0.0
        for i in range(len(shape)):
            T = np.moveaxis(fl[..., i], i, -1)
            for j in range(len(shape)):
                if j != i:
                    T = np.tensordot(prof[j], T, axes=([0], [0]))
            regret = max(regret, float(T.max() - T @ prof[i]))
        if regret > tol:
            continue
        checked += 1
        assert any(all(np.allclose([float(v) for v in ep], pp, atol=tol) for ep, pp in zip(e.profile, prof))
                   for e in ours.equilibria)
    return checked
