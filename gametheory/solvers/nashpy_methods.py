"""nashpy's two-player algorithms, reachable for cross-checks.

nashpy (Knight & Campbell 2018, *Journal of Open Source Software* 3(30):904) works in
floating point. Its support enumeration and vertex enumeration are documented for
nondegenerate games only, and its Lemke-Howson can return NaN profiles on degenerate
games. Every profile it returns is therefore verified here: those whose regret exceeds
the tolerance are dropped and counted in ``diagnostics``; nashpy's warnings are captured
into ``diagnostics`` as well.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..game import NormalFormGame
from ..result import SolveResult, make_equilibrium
from ._common import require_two_players, stopwatch

NASHPY_METHODS = ("support_enumeration", "vertex_enumeration", "lemke_howson")


def nashpy_solve(
    game: NormalFormGame, *, algorithm: str = "support_enumeration", label: int = 0
) -> SolveResult:
    """Run one of nashpy's algorithms and verify what it returns.

    ``algorithm`` is one of ``"support_enumeration"``, ``"vertex_enumeration"`` or
    ``"lemke_howson"`` (which uses ``label`` as the initial dropped label).
    """
    import nashpy

    require_two_players(game, f"nashpy_{algorithm}")
    if algorithm not in NASHPY_METHODS:
        raise ValueError(f"nashpy: unknown algorithm {algorithm!r}; choose from {NASHPY_METHODS}")
    g = game.to_float()
    A = g.payoffs[..., 0]
    B = g.payoffs[..., 1]
    diagnostics: list[str] = []
    with stopwatch() as t, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ng = nashpy.Game(np.array(A), np.array(B))
        if algorithm == "lemke_howson":
            raw = [ng.lemke_howson(initial_dropped_label=label)]
        else:
            raw = list(getattr(ng, algorithm)())
        tol = g.tolerance()
        eqs = []
        seen = set()
        dropped = 0
        for sx, sy in raw:
            sx, sy = np.asarray(sx, float), np.asarray(sy, float)
            if not (np.all(np.isfinite(sx)) and np.all(np.isfinite(sy))) or sx.sum() <= 0 or sy.sum() <= 0:
                dropped += 1
                continue
            prof = (tuple((sx / sx.sum()).tolist()), tuple((sy / sy.sum()).tolist()))
            key = tuple(round(v, 9) for p in prof for v in p)
            if key in seen:
                continue
            seen.add(key)
            eq = make_equilibrium(g, prof)
            if float(eq.max_regret) > tol:
                dropped += 1
                continue
            eqs.append(eq)
    for w in caught:
        diagnostics.append(f"nashpy warning: {w.message}")
    if dropped:
        diagnostics.append(f"{dropped} profile(s) returned by nashpy failed verification and were dropped")
    return SolveResult(
        game=g,
        method=f"nashpy_{algorithm}",
        exact=False,
        equilibria=tuple(eqs),
        complete=False,
        elapsed=t[0],
        parameters={"label": label} if algorithm == "lemke_howson" else {},
        diagnostics=tuple(diagnostics),
    )
