"""nashpy's two-player algorithms, reachable for cross-checks.

nashpy (Knight & Campbell 2018, *Journal of Open Source Software* 3(30):904) works in
floating point. Its support enumeration and vertex enumeration are documented for
nondegenerate games only, and its Lemke-Howson can return NaN profiles on degenerate
games. Every profile it returns is therefore verified here: those whose regret exceeds
the tolerance are dropped and counted in ``diagnostics``; nashpy's warnings are captured
into ``diagnostics`` as well. Probabilities within the tolerance below zero (rounding
noise such as ``-2e-16``) are set to zero before verification.

nashpy's Lemke-Howson has no pivot limit and, in floating point, can cycle forever on
ill-conditioned games (seen here on 4 x 5 games with payoffs near 10^6). nashpy
therefore runs in a child process that is stopped after ``timeout`` seconds, and a run
that does not finish raises :class:`~gametheory.SolverError`.
"""

from __future__ import annotations

import multiprocessing as mp
import warnings
from typing import Any

import numpy as np

from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import SolveResult, make_equilibrium
from gametheory.normal.solvers._common import gate, gate_failure, require_two_players, stopwatch

NASHPY_METHODS = ("support_enumeration", "vertex_enumeration", "lemke_howson")

#: Default wall-clock limit (seconds) for one nashpy run.
DEFAULT_TIMEOUT = 60.0


def _run_nashpy(A: np.ndarray, B: np.ndarray, algorithm: str, label: int) -> tuple[list, list[str]]:
    """Call nashpy; return its raw profiles and the messages of the warnings it raised."""
    import nashpy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ng = nashpy.Game(A, B)
        if algorithm == "lemke_howson":
            raw = [ng.lemke_howson(initial_dropped_label=label)]
        else:
            raw = list(getattr(ng, algorithm)())
    messages = list(dict.fromkeys(str(w.message) for w in caught))
    return [(np.asarray(x, float), np.asarray(y, float)) for x, y in raw], messages


def _child(conn: Any, A: np.ndarray, B: np.ndarray, algorithm: str, label: int) -> None:
    try:
        conn.send(("ok", _run_nashpy(A, B, algorithm, label)))
    except BaseException as exc:  # report any failure to the parent, which raises SolverError
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _run_with_timeout(
    A: np.ndarray, B: np.ndarray, algorithm: str, label: int, timeout: float
) -> tuple[list, list[str]]:
    methods = mp.get_all_start_methods()
    ctx: Any = mp.get_context("fork" if "fork" in methods else "spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, A, B, algorithm, label), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise SolverError(
                f"nashpy_{algorithm} did not finish within {timeout:g} s "
                "(nashpy has no iteration limit; use method='enummixed' or 'lemke_howson')"
            )
        status, payload = receive.recv()
    except EOFError:
        raise SolverError(f"nashpy_{algorithm}: the nashpy process died without an answer") from None
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()
        receive.close()
    if status != "ok":
        raise SolverError(f"nashpy_{algorithm} failed: {payload}")
    return payload


def nashpy_solve(
    game: NormalFormGame,
    *,
    algorithm: str = "support_enumeration",
    label: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
) -> SolveResult:
    """Run one of nashpy's algorithms and verify what it returns.

    ``algorithm`` is one of ``"support_enumeration"``, ``"vertex_enumeration"`` or
    ``"lemke_howson"`` (which uses ``label`` as the initial dropped label, ``0..m+n-1``).
    ``timeout`` bounds the wall-clock time of the nashpy run (seconds).
    """
    require_two_players(game, f"nashpy_{algorithm}")
    if algorithm not in NASHPY_METHODS:
        raise SolverError(f"nashpy: unknown algorithm {algorithm!r}; choose from {NASHPY_METHODS}")
    m, n = game.shape
    if algorithm == "lemke_howson" and not (isinstance(label, int) and 0 <= label < m + n):
        raise SolverError(f"nashpy_lemke_howson: label must be an integer in 0..{m + n - 1}, got {label!r}")
    if algorithm == "vertex_enumeration" and min(m, n) < 2:
        raise SolverError("nashpy_vertex_enumeration needs at least two strategies per player")
    if not timeout > 0:
        raise SolverError(f"nashpy: timeout must be positive, got {timeout!r}")
    import nashpy  # noqa: F401  (imported here so a forked child starts with it loaded)

    g = game.to_float()
    A = np.array(g.payoffs[..., 0])
    B = np.array(g.payoffs[..., 1])
    diagnostics: list[str] = []
    with stopwatch() as t:
        raw, messages = _run_with_timeout(A, B, algorithm, label, timeout)
        tol = g.tolerance()
        eqs = []
        seen = set()
        dropped = 0
        for sx, sy in raw:
            if not (np.all(np.isfinite(sx)) and np.all(np.isfinite(sy))):
                dropped += 1
                continue
            if sx.min() < -tol or sy.min() < -tol:
                dropped += 1
                continue
            sx, sy = np.clip(sx, 0.0, None), np.clip(sy, 0.0, None)
            if sx.sum() <= 0 or sy.sum() <= 0:
                dropped += 1
                continue
            prof = (tuple((sx / sx.sum()).tolist()), tuple((sy / sy.sum()).tolist()))
            key = tuple(round(v, 9) for p in prof for v in p)
            if key in seen:
                continue
            seen.add(key)
            if gate_failure(g, prof) is not None:  # the regret gate (see _common.gate)
                dropped += 1
                continue
            eqs.append(make_equilibrium(g, prof))
    for message in messages:
        diagnostics.append("nashpy warning: " + " ".join(message.split()))
    if dropped:
        diagnostics.append(f"{dropped} profile(s) returned by nashpy failed verification and were dropped")
    result = SolveResult(
        game=g,
        method=f"nashpy_{algorithm}",
        arithmetic="float",
        equilibria=tuple(eqs),
        complete=False,
        elapsed=t[0],
        parameters=({"label": label} if algorithm == "lemke_howson" else {}) | {"timeout": timeout},
        diagnostics=tuple(diagnostics),
    )
    return gate(result)
