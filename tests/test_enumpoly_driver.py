"""The enumpoly driver: exact support pruning (mixture dominance, best-response relaxations),
chunked and parallel solving of the supports, and ``solve(method="auto")`` choosing enumpoly
by an estimated cost.

Pruning must never lose an equilibrium: on seeded random and tied games the equilibria found
with the new tests equal those found with conditional pure dominance alone, and every
equilibrium's support survives the pruning. Parallel runs must equal serial ones exactly.
"""

from __future__ import annotations

import multiprocessing as mp
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import gametheory as gt
from gametheory.normal.solvers.enumpoly.driver import _chunks, enumpoly_solve
from gametheory.normal.solvers.enumpoly.supports import (
    _dominated,
    _integer_payoffs,
    _joint_infeasible,
    _relaxation_infeasible,
    count_support_profiles,
    estimated_work,
    prune_supports,
    support_order,
)
from gametheory.normal.solvers.registry import AUTO_WORK_LIMIT, choose_method, enumeration_estimate


def random_game(shape: tuple[int, ...], seed: int, top: int = 100) -> gt.NormalFormGame:
    rng = np.random.default_rng(seed)
    return gt.NormalFormGame(rng.integers(0, top, (*shape, len(shape))).astype(object))


def key(result: gt.SolveResult) -> list[tuple[tuple[str, ...], ...]]:
    return sorted(tuple(tuple(str(v) for v in row) for row in e.profile) for e in result.equilibria)


def support_of(profile: tuple[tuple[object, ...], ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(a for a, v in enumerate(row) if v != 0) for row in profile)


def names(result: gt.SolveResult, what: str) -> list[str]:
    return sorted(str(c["support"]) for c in result.parameters[what])


CASES = [((2, 2, 2), s, 100) for s in range(4)] + [((3, 3, 3), s, 100) for s in range(3)] + [
    ((2, 2, 2, 2), s, 100) for s in range(3)] + [((2, 2, 2), s, 2) for s in range(3)] + [
    ((3, 3, 3), s, 3) for s in range(3)] + [((2, 2, 2, 2), s, 2) for s in range(3)]


@pytest.mark.parametrize("shape,seed,top", CASES)
def test_pruned_equals_unpruned(shape: tuple[int, ...], seed: int, top: int) -> None:
    g = random_game(shape, seed, top)
    new = enumpoly_solve(g, prune=True, parallel=False, subdivide=False)
    old = enumpoly_solve(g, prune=False, parallel=False, subdivide=False)
    alive, counts = prune_supports(_integer_payoffs(g.to_exact()), shape)
    assert new.parameters["pruned"] == sum(counts.values()) == count_support_profiles(shape) - len(alive)
    assert new.parameters["pruned_by"] == counts
    assert new.parameters["solved"] <= old.parameters["solved"]
    # no equilibrium of the unpruned run (continuum samples included) has a pruned support
    alive_set = set(alive)
    for e in old.equilibria:
        assert support_of(e.profile) in alive_set
    samples = {c["equilibrium"] for c in new.parameters["continua"]}
    samples_old = {c["equilibrium"] for c in old.parameters["continua"]}
    isolated = sorted(k for i, k in enumerate(key(new)) if i not in samples)
    if new.complete and old.complete:
        assert key(new) == key(old)
    else:
        # continuum samples are drawn at random: compare the supports of the continua
        assert names(new, "continua") == names(old, "continua")
        assert set(names(new, "unresolved")) <= set(names(old, "unresolved"))
        old_isolated = sorted(k for i, k in enumerate(key(old)) if i not in samples_old)
        assert len(isolated) <= len(key(new)) and len(old_isolated) <= len(key(old))
    for e in new.equilibria:
        if isinstance(e.max_regret, Fraction):
            assert e.max_regret == 0


def test_pruning_counts_on_benchmark_games() -> None:
    """The new tests rule out supports that pure conditional dominance keeps."""
    for shape in [(3, 3, 3), (2, 2, 2, 2, 2)]:
        seed = 1000 * int(np.prod(shape))  # the benchmark's first game of this shape
        rng = np.random.default_rng(seed)
        g = gt.NormalFormGame(np.array(rng.integers(0, 100, (*shape, len(shape))).tolist(), dtype=object))
        U = _integer_payoffs(g.to_exact())
        before, _ = prune_supports(U, shape, relaxation=False)
        after, counts = prune_supports(U, shape)
        assert len(after) < len(before)
        assert counts["relaxation"] + counts["joint"] == len(before) - len(after)


def test_mixture_dominance_is_pruned() -> None:
    """Player 1's C is dominated by the half-half mixture of A and B, not by a pure strategy:
    pure dominance keeps the profile ({C}, {0}, {0}); the relaxation test rules it out."""
    u1 = {0: 3, 1: 0, 2: 1}  # against opponents' strategy 0
    v1 = {0: 0, 1: 3, 2: 1}  # against opponents' strategy 1

    pay = np.zeros((3, 2, 2, 3), dtype=object)
    for a in range(3):
        for b in range(2):
            for c in range(2):
                pay[a, b, c] = [u1[a] if b == c else v1[a], (a + b + c) % 2, (a * b + c) % 3]
    g = gt.NormalFormGame(pay)
    U = _integer_payoffs(g.to_exact())
    support = ((2,), (0, 1), (0, 1))
    assert not _dominated(U, support)
    assert _relaxation_infeasible(U[0], 0, support)
    assert _joint_infeasible(U, support)
    r = enumpoly_solve(g, parallel=False, subdivide=False)
    assert all(e.profile[0][2] == 0 for e in r.equilibria)
    assert key(r) == key(enumpoly_solve(g, prune=False, parallel=False, subdivide=False))


def test_relaxation_keeps_supports_of_equilibria() -> None:
    """Matching pennies with a third dummy player: the fully mixed support stays."""
    g = gt.NormalFormGame.from_function(
        lambda a, b, c: [1 if a == b else -1, -1 if a == b else 1, 0], [("H", "T")] * 2 + [("s", "t", "u")])
    U = _integer_payoffs(g.to_exact())
    for support in [((0, 1), (0, 1), (0,)), ((0, 1), (0, 1), (0, 1, 2))]:
        assert not _dominated(U, support)
        assert not any(_relaxation_infeasible(U[i], i, support) for i in range(3))
        assert not _joint_infeasible(U, support)


def test_support_order_small_and_balanced_first() -> None:
    order = support_order((3, 3, 3))
    assert len(order) == count_support_profiles((3, 3, 3))
    sizes = [sum(len(s) for s in p) for p in order]
    assert sizes == sorted(sizes)
    five = [p for p in order if sum(len(s) for s in p) == 5]
    assert [len(s) for s in five[0]] in ([2, 2, 1], [2, 1, 2], [1, 2, 2])  # balanced before (3, 1, 1)


@pytest.mark.parametrize("shape,top,seed", [((3, 3, 3), 2, 2), ((3, 3, 2, 2), 3, 2)])
def test_parallel_equals_serial(shape: tuple[int, ...], top: int, seed: int) -> None:
    g = random_game(shape, seed, top)
    alive, _ = prune_supports(_integer_payoffs(g.to_exact()), shape, relaxation=False)
    assert len(_chunks(alive)) >= 2  # so the pool really splits the work
    serial = enumpoly_solve(g, prune=False, parallel=False, subdivide=False)
    par = enumpoly_solve(g, prune=False, parallel=True, workers=2, subdivide=False)
    assert serial.parameters["workers"] == 0 and par.parameters["workers"] == 2
    assert [e.profile for e in par.equilibria] == [e.profile for e in serial.equilibria]
    assert par.complete == serial.complete and par.degenerate == serial.degenerate
    for k in ("continua", "unresolved", "algebraic", "pruned", "solved", "solved_exactly", "solved_numerically"):
        assert par.parameters[k] == serial.parameters[k]
    assert par.diagnostics == serial.diagnostics


def _solve_in_daemon(conn: Any) -> None:
    r = enumpoly_solve(random_game((3, 3, 3), 2, 2), prune=False, parallel=True, workers=2, subdivide=False)
    conn.send((r.parameters["workers"], [e.profile for e in r.equilibria]))
    conn.close()


def test_daemon_process_solves_in_itself() -> None:
    """A daemonic process may not start a pool: ``parallel=True`` falls back to serial."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_solve_in_daemon, args=(send,), daemon=True)
    proc.start()
    send.close()
    workers, profiles = recv.recv()
    proc.join()
    assert workers == 0
    serial = enumpoly_solve(random_game((3, 3, 3), 2, 2), prune=False, parallel=False, subdivide=False)
    assert profiles == [e.profile for e in serial.equilibria]


def test_no_pool_for_small_games() -> None:
    r = enumpoly_solve(random_game((2, 2, 2), 0))
    assert r.parameters["workers"] == 0


def test_choose_method_by_estimated_cost() -> None:
    assert choose_method(random_game((3, 3, 3), 0)) == "enumpoly"
    big = random_game((4, 4, 4), 1000 * 64)
    est = enumeration_estimate(big)
    assert est is not None and est <= AUTO_WORK_LIMIT
    assert choose_method(big) == "enumpoly"
    assert enumeration_estimate(random_game((5, 5, 5), 0)) is None  # beyond the support limit
    assert choose_method(random_game((5, 5, 5), 0)) == "logit"
    assert estimated_work([]) == 0
