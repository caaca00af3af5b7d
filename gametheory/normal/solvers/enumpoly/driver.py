"""The driver: every support profile of the game through the support solver, and the
answer as one :class:`~gametheory.normal.result.SolveResult`."""

from __future__ import annotations

import functools
import multiprocessing as mp
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory.errors import GameError, GameSizeError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.result import Equilibrium, SolveResult, make_equilibrium
from gametheory.normal.solvers._common import CERTIFIED, REGRET_TOL, gated, stopwatch, want_exact
from gametheory.normal.solvers.enumpoly.boxes import (
    FOUND,
    NONE,
    _available_cores,
    certify_supports,
    kernel_available,
    support_masks,
)
from gametheory.normal.solvers.enumpoly.components import components_note as _components_note
from gametheory.normal.solvers.enumpoly.components import describe_continua, settle_supports
from gametheory.normal.solvers.enumpoly.precision import DIGITS
from gametheory.normal.solvers.enumpoly.support_solve import (
    BATCH_MAX_PATHS,
    BATCH_MIN_BEZOUT,
    GROEBNER_MAX_BEZOUT,  # noqa: F401  (named in _solve_all's docstring)
    GROEBNER_MAX_VARS,  # noqa: F401
    _Outcome,
    _Point,
    _SupportSolver,
)
from gametheory.normal.solvers.enumpoly.supports import (
    MAX_SUPPORT_PROFILES,
    _integer_payoffs,
    count_support_profiles,
    estimated_work,
    prune_supports,
    support_order,
)
from gametheory.normal.solvers.enumpoly.system import MAX_PATHS, _System
from gametheory.normal.solvers.enumpoly.verify import _Verifier


def _support_names(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> list[list[str]]:
    return [[game.strategies[j][a] for a in s] for j, s in enumerate(support)]


def _support_text(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> str:
    return "; ".join(f"{p}: {{{', '.join(ss)}}}" for p, ss in zip(game.players, _support_names(game, support)))


@gated
def enumpoly_solve(
    game: NormalFormGame,
    *,
    exact: bool | None = None,
    max_support_profiles: int = MAX_SUPPORT_PROFILES,
    max_paths: int = MAX_PATHS,
    seed: int = 0,
    prune: bool | None = None,
    parallel: bool | None = None,
    workers: int | None = None,
    subdivide: bool | None = None,
    algebraic: bool | None = None,
) -> SolveResult:
    """All Nash equilibria of a small N-player game, by support enumeration.

    Parameters
    ----------
    game:
        Any :class:`~gametheory.NormalFormGame` (meant for three or more players; two-player
        games work too).
    exact:
        ``True`` (default for exact games): rational equilibria are returned as
        Fractions with exact regret 0, and irrational ones as floats with their exact
        algebraic description in ``parameters["algebraic"]``. ``False`` (default for float
        games): every profile as floats. The algebra is exact in both cases wherever the
        Groebner basis is small enough (float payoffs are read as the decimals they print
        as); larger supports are solved by homotopy continuation.
    max_support_profiles:
        Refuse (:class:`~gametheory.GameSizeError`) games with more support profiles,
        ``prod_i (2**n_i - 1)``, than this (default :data:`MAX_SUPPORT_PROFILES`).
    max_paths:
        Largest number of homotopy paths for one support; bigger supports are reported
        unresolved.
    seed:
        Seed of the random numbers (eigenvector separation, homotopy start system,
        samples of continua); results do not depend on it except by chance of failure.
        Each support draws from its own generator, seeded by ``(seed, support)`` (batched
        homotopy tracking from one seeded by ``(seed, DEFERRED_STREAM)``), so the answer
        does not depend on ``parallel``, ``workers`` or ``subdivide``.
    prune:
        Besides conditional dominance by a pure strategy, rule out support profiles by the
        exact relaxation tests (``supports.prune_supports``): ``None`` (default) when the
        estimated work makes them pay, ``True`` on every support, ``False`` never (the
        equilibria are the same in every case).
    parallel:
        Solve the chunks of supports in a process pool. ``None`` (default): when the
        estimated work (:func:`estimated_work`) is at least :data:`PARALLEL_MIN_WORK`
        seconds and more than one core is available. ``False``: in this process.
    workers:
        Number of worker processes (default: the cores available, at most the chunks).
        Inside a daemonic process (which may not start processes) the supports are
        always solved in that process.
    subdivide:
        First pass every support profile through the compiled subdivision kernel
        (:func:`~gametheory.normal.solvers.enumpoly.boxes.certify_supports`, needs numba:
        the ``speed`` extra): supports it proves to hold no equilibrium need nothing more,
        the equilibria it isolates are only identified exactly, and the supports it leaves
        undecided (singular roots, continua, ties: degenerate games) go through the exact
        path as without it. ``None`` (default): when numba is installed and the game has at
        least :data:`SUBDIVIDE_MIN_SUPPORTS` support profiles and numba is already loaded
        in the process, or at least :data:`SUBDIVIDE_COLD_SUPPORTS` (where loading it
        pays); ``True``: whenever numba is
        installed; ``False``: never. The equilibria are the same in every case.
    algebraic:
        Describe each irrational equilibrium exactly (``parameters["algebraic"]``: each
        probability as a root of an integer polynomial, from a Groebner basis of its
        support). ``None`` (default): wherever the exact path solved the support, and not
        for the equilibria the subdivision kernel isolated (a Groebner basis per support
        costs more than the whole subdivision); ``True``: for those too, where the support
        has at most ``support_solve.ALGEBRAIC_MAX_VARS`` unknowns; ``False``: never.
        Irrational equilibria are verified at 60 digits either way.

    Returns
    -------
    SolveResult
        ``equilibria``: every equilibrium found, each verified. ``components``: each
        continuum described exactly (:class:`~gametheory.normal.result.EquilibriumSet`:
        a polytope's vertices, or exact equations and sign conditions). ``complete`` is
        ``True`` only if every support profile was resolved and none is a continuum;
        ``parameters["described_completely"]`` is ``True`` when every support was resolved,
        continua included: every equilibrium is then listed or in a component.
        ``degenerate``: ``True`` if a continuum, a singular solution or an equilibrium
        with an unused best response was found; ``False`` if every equilibrium is regular
        and the answer complete; ``None`` otherwise. ``parameters`` holds the counts
        (``support_profiles``, ``pruned``, ``solved``, ``solved_exactly``,
        ``solved_numerically``), ``algebraic`` (exact description of each irrational
        equilibrium, by index: one list of strings per player), ``hp_regret`` (their
        regret at 60 digits), ``continua`` and ``unresolved`` (supports, as strategy names),
        ``settled`` (supports whose solution set has positive dimension, proven by the exact
        description to hold only listed equilibria or a set now in ``components``).
    """
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise GameError(f"enumpoly: workers must be a positive whole number, not {workers!r}")
    shape = game.shape
    total = count_support_profiles(shape)
    if total > max_support_profiles:
        raise GameSizeError(
            f"enumpoly: a {' x '.join(map(str, shape))} game has {total:,} support profiles, more than "
            f"max_support_profiles={max_support_profiles:,}; use a method that finds one equilibrium"
        )
    use_exact = want_exact(game, exact)
    exact_game = game.to_exact()
    target = exact_game if use_exact else game.to_float()
    if len(shape) == 1:
        return _one_player(game, exact_game, target, use_exact, total, seed)
    with stopwatch() as clock:
        U = _integer_payoffs(exact_game)
        verifier = _Verifier(exact_game, U)
        certified = None
        if subdivide is not False and (subdivide or _subdivide_pays(total)) and kernel_available():
            certified = _certified_outcomes(exact_game, U, verifier, seed, max_paths, use_exact,
                                            bool(algebraic) and use_exact)
        decided: list[tuple[tuple[tuple[int, ...], ...], _Outcome]] = []
        if certified is None:
            alive, prune_counts = prune_supports(U, shape, relaxation=prune)
        else:
            decided, alive, prune_counts = certified
        pruned = total - len(alive) - len(decided)
        solved = by_groebner = by_homotopy = by_subdivision = 0
        found: list[tuple[tuple[tuple[int, ...], ...], _Point]] = []
        continua: list[tuple[tuple[tuple[int, ...], ...], int, _Point]] = []
        unresolved: list[tuple[tuple[tuple[int, ...], ...], str]] = []
        kinds: dict[tuple[tuple[int, ...], ...], str] = {}
        solved = len(alive) + len(decided)
        chunks = _chunks(alive)
        n_workers = _workers_for(chunks, parallel, workers)
        outcomes = decided + _run_chunks(exact_game, U, chunks, seed, max_paths, use_exact, n_workers,
                                         exclude=certified is None, verifier=verifier)
        for support, out in outcomes:
            if out.how == "subdivision":
                by_subdivision += 1
            elif out.how == "homotopy":
                by_homotopy += 1
            else:
                by_groebner += 1
            if out.sample is not None:
                continua.append((support, out.dimension, out.sample))
                kinds[support] = out.kind
            if out.status == "unresolved":
                unresolved.append((support, out.reason))
            found.extend((support, p) for p in out.points)
        records = [(s, p, None) for s, p in found] + [(s, p, d) for s, d, p in continua]

        def as_profile(support: tuple[tuple[int, ...], ...], p: _Point) -> tuple[tuple[Any, ...], ...]:
            if p.exact is not None and use_exact:
                return tuple(tuple(row) for row in verifier.full_profile(support, p.exact, Fraction(0)))
            rows = verifier.full_profile(support, [[float(v) for v in row] for row in p.hp], 0.0)
            return tuple(tuple(v / sum(row) for v in row) for row in rows)

        built = [(as_profile(s, p), s, p, d) for s, p, d in records]
        built.sort(key=lambda b: (sum(1 for row in b[0] for v in row if v != 0), [-float(v) for row in b[0] for v in row]))
        equilibria: list[Equilibrium] = []
        texts: dict[int, list[list[str]]] = {}
        hp_regret: dict[int, str] = {}
        continua_info: list[dict[str, Any]] = []
        irrational = 0
        degenerate = False
        # every equilibrium checked here: an exact one has exact regret 0 (computed in
        # make_equilibrium); a float one was verified at DIGITS digits (check_hp) before,
        # and its float regret (computed in make_equilibrium) must be within the regret
        # gate's tolerance; then the dispatcher's gate need not check them again
        certified_all = True
        gate_scale = max(1.0, float(verifier.scale))
        for k, (prof, s, p, d) in enumerate(built):
            eq = make_equilibrium(target, prof)
            if isinstance(eq.max_regret, Fraction):
                if eq.max_regret != 0:  # pragma: no cover - a bug
                    raise ArithmeticError("enumpoly produced a profile with positive regret")
            elif not float(eq.max_regret) <= REGRET_TOL * gate_scale:  # pragma: no cover - the gate will say why
                certified_all = False
            equilibria.append(eq)
            if not p.regular:
                degenerate = True
            if p.exact is None and use_exact:
                irrational += 1
                _ok, _strict, reg = verifier.check_hp(s, p.hp)
                hp_regret[k] = mpmath.nstr(reg, 3) if reg is not None else "nan"
                if p.algebraic is not None and algebraic is not False:
                    texts[k] = [
                        [t if a in s[j] and (t := p.algebraic[j][s[j].index(a)]) else "0" for a in range(shape[j])]
                        for j in range(len(shape))
                    ]
            if d is not None:
                continua_info.append({"support": _support_names(game, s), "dimension": d, "equilibrium": k,
                                      "kind": kinds[s], "component": len(continua_info)})
        components, described = describe_continua(
            exact_game, [(s, d, prof) for prof, s, _p, d in built if d is not None],
            [e.profile for e in equilibria])
        # Supports left unresolved because their solution set has positive dimension (no
        # continuum of equilibria found, none ruled out) are settled where the exact
        # description can: an empty set, a single listed point, or a polytope (a new set).
        settled = 0
        open_dim = [s for s, why in unresolved if why.startswith("solution set of dimension")]
        if open_dim and use_exact:
            left, extra = settle_supports(exact_game, open_dim, [e.profile for e in equilibria])
            settled = len(open_dim) - len(left)
            gone = set(open_dim) - set(left)
            unresolved = [(s, why) for s, why in unresolved if s not in gone]
            components = components + extra
    diagnostics: list[str] = []
    for info in continua_info:
        s_text = "; ".join(f"{pl}: {{{', '.join(ss)}}}" for pl, ss in zip(game.players, info["support"]))
        if info["kind"] == "polyhedron":
            what = f"the equilibria form a convex set of dimension {info['dimension']}"
        else:
            what = f"the indifference equations have a solution set of dimension {info['dimension']}"
        diagnostics.append(
            f"continuum: with support {s_text} {what}; equilibrium [{info['equilibrium']}] is one "
            f"verified point of it, the whole set is components[{info['component']}]"
        )
    for support, reason in unresolved:
        diagnostics.append(f"unresolved support {_support_text(game, support)}: {reason}")
    if settled:
        diagnostics.append(f"{settled} support(s) whose solution set has positive dimension settled exactly "
                           "(each holds only listed equilibria or is a set in components)")
    if irrational:
        where = ", ".join(f"[{k}]" for k in sorted(hp_regret))
        diagnostics.append(
            f"irrational equilibria {where}: shown as floats, verified at {DIGITS} digits "
            "(parameters['hp_regret'])"
            + ("; exact values in parameters['algebraic']" if texts else "")
        )
        isolated = [k for k in sorted(hp_regret) if k not in texts and built[k][2].how == "subdivision"]
        if isolated and algebraic is None:
            diagnostics.append(
                f"irrational equilibria {', '.join(f'[{k}]' for k in isolated)} were isolated by subdivision "
                "and have no exact algebraic description; solve with algebraic=True for one")
    if components:
        diagnostics.append(_components_note(components, described and not unresolved))
    if continua or unresolved:
        diagnostics.append(
            "incomplete: equilibria with the supports above are not all listed; equilibria found with "
            "other supports may also lie on the boundary of a continuum"
        )
    if by_homotopy:
        diagnostics.append(f"{by_homotopy} support(s) solved numerically by homotopy continuation "
                           "(multihomogeneous start system, random gamma: every isolated solution "
                           "is reached with probability one)")
    if continua or degenerate:
        deg: bool | None = True
    elif unresolved:
        deg = None
    else:
        deg = False
    params: dict[str, Any] = {
        "support_profiles": total,
        "pruned": pruned,
        "pruned_by": prune_counts,
        "solved": solved,
        "estimated_work": round(estimated_work(alive), 3),
        "workers": n_workers,
        "solved_exactly": by_groebner,
        "solved_numerically": by_homotopy,
        "solved_by_subdivision": by_subdivision,
        "subdivision": certified is not None,
        "continua": continua_info,
        "unresolved": [{"support": _support_names(game, s), "reason": r} for s, r in unresolved],
        "algebraic": texts,
        "hp_regret": hp_regret,
        "seed": seed,
        "described_completely": described and not unresolved,
        "settled": settled,
        CERTIFIED: certified_all,
    }
    return SolveResult(
        game=target,
        method="enumpoly",
        arithmetic=arithmetic_of(use_exact),
        equilibria=tuple(equilibria),
        components=components,
        complete=not continua and not unresolved,
        degenerate=deg,
        elapsed=clock[0],
        parameters=params,
        diagnostics=tuple(diagnostics),
    )


#: ``subdivide=None`` runs the subdivision kernel on games with at least this many support
#: profiles (a 3x3x3 game has 343, 2x2x2x2x2 243, 3x3x2 147) once numba is loaded in the
#: process, ...
SUBDIVIDE_MIN_SUPPORTS = 200
#: ... and from this many on even when numba is not loaded yet: a fresh process pays
#: about 1.5-2 s of CPU to import numba and load the kernel from its cache (measured on a
#: loaded machine), while the exact path solves a random 3x3x3 game in about 0.1-0.2 s
#: and a 4x4x4 one (3,375 profiles) in 10-20 s.
SUBDIVIDE_COLD_SUPPORTS = 1000


def _subdivide_pays(total: int) -> bool:
    """Whether ``subdivide=None`` uses the kernel on a game with ``total`` support profiles."""
    return total >= SUBDIVIDE_COLD_SUPPORTS or (total >= SUBDIVIDE_MIN_SUPPORTS and "numba" in sys.modules)


def _certified_outcomes(game: NormalFormGame, U: list[np.ndarray], verifier: _Verifier, seed: int,
                        max_paths: int, use_exact: bool, algebraic: bool
                        ) -> tuple[list[tuple[tuple[tuple[int, ...], ...], _Outcome]],
                                   list[tuple[tuple[int, ...], ...]], dict[str, int]] | None:
    """Every support through the subdivision kernel: the outcomes it decides (no
    equilibrium, or its isolated equilibria identified exactly), the supports left to the
    exact path (in :func:`support_order`), and the counts for ``pruned_by``. ``None`` when
    the kernel cannot run on these payoffs."""
    order = support_order(game.shape)
    got = certify_supports(U, order, masks=_order_masks(tuple(game.shape)))
    if got is None:
        return None
    rng = np.random.default_rng([seed, CERTIFIED_STREAM])
    solver = _SupportSolver(game, U, verifier, rng, max_paths, use_exact, seed=seed)
    decided: list[tuple[tuple[tuple[int, ...], ...], _Outcome]] = []
    left: list[tuple[tuple[int, ...], ...]] = []
    none = 0
    for support, (status, roots, _boxes, enclosures) in zip(order, got):
        if status == NONE:
            none += 1
        elif status == FOUND:
            out = solver.from_roots(support, roots, algebraic=algebraic, enclosures=enclosures)
            if out is None:
                left.append(support)
            else:
                decided.append((support, out))
        else:
            left.append(support)
    return decided, left, {"subdivision": none}


@functools.lru_cache(maxsize=16)
def _order_masks(shape: tuple[int, ...]) -> np.ndarray:
    """:func:`~.boxes.support_masks` of :func:`support_order`, kept per shape and shared:
    nothing writes to it (it stays a writable array only so that the kernel is compiled for
    one argument type, the one :func:`~.boxes.certify_supports` builds itself)."""
    return support_masks(support_order(shape))


#: Index of the random generator of the supports the subdivision kernel decided.
CERTIFIED_STREAM = (1 << 20) + 1

#: Supports are solved in at most this many chunks (every ``CHUNKS``-th support of the
#: ordered list in one), each with its own random generator: the partition depends on the
#: supports only, never on the number of workers, so serial and parallel runs agree.
CHUNKS = 8
#: A chunk holds at least this many supports (small games: one chunk).
CHUNK_MIN = 24
#: Estimated seconds of support solving (:func:`estimated_work`) from which ``parallel=None``
#: uses a process pool. Starting a pool of two forked workers (imports inherited) and
#: sending them a 4x4x4 game took 0.07 s wall, 0.015 s CPU in this process (measured on a
#: loaded machine); the threshold leaves a wide margin.
PARALLEL_MIN_WORK = 1.0
def _chunks(alive: list[tuple[tuple[int, ...], ...]]) -> list[list[tuple[tuple[int, ...], ...]]]:
    k = max(1, min(CHUNKS, len(alive) // CHUNK_MIN))
    return [alive[c::k] for c in range(k)]


def _workers_for(chunks: list[list[tuple[tuple[int, ...], ...]]], parallel: bool | None,
                 workers: int | None) -> int:
    """Number of worker processes (0: solve in this process). A daemonic process (a worker
    of a multiprocessing pool, of dask, of the benchmark) may not start processes: there
    the chunks are always solved in the process itself."""
    if parallel is False or len(chunks) < 2 or mp.current_process().daemon:
        return 0
    cores = workers if workers is not None else _available_cores()
    n = min(cores, len(chunks))
    if n < 2 and parallel is None:
        return 0
    if parallel is None and estimated_work([s for c in chunks for s in c]) < PARALLEL_MIN_WORK:
        return 0
    return max(1, n)


def _solve_chunk(game: NormalFormGame, U: list[np.ndarray], supports: list[tuple[tuple[int, ...], ...]],
                 seed: int, index: int, max_paths: int, use_exact: bool, exclude: bool = True,
                 verifier: _Verifier | None = None) -> list[tuple[tuple[tuple[int, ...], ...], _Outcome]]:
    """One chunk's outcomes (runs in a worker process or in this one). ``exclude=False``:
    no subdivision certificate (the supports the kernel left undecided: it tried harder)."""
    rng = np.random.default_rng([seed, index])
    solver = _SupportSolver(game, U, verifier or _Verifier(game), rng, max_paths, use_exact, seed=seed)
    if not exclude:
        solver.exclude = False
    return [(s, solver.solve(s, defer=True)) for s in supports]


#: Index of the random generator of the deferred supports' batched tracking (after every
#: chunk's own index), seeded by ``(seed, DEFERRED_STREAM)``.
DEFERRED_STREAM = 1 << 20


def _run_chunks(game: NormalFormGame, U: list[np.ndarray], chunks: list[list[tuple[tuple[int, ...], ...]]],
                seed: int, max_paths: int, use_exact: bool, n_workers: int, exclude: bool = True,
                verifier: _Verifier | None = None) -> list[tuple[tuple[tuple[int, ...], ...], _Outcome]]:
    """Every support's outcome, in the order of the supports (the chunks interleaved back)."""
    if n_workers == 0:
        results = [_solve_chunk(game, U, c, seed, k, max_paths, use_exact, exclude, verifier)
                   for k, c in enumerate(chunks)]
    else:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        try:
            with ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context(method)) as pool:
                futures = [pool.submit(_solve_chunk, game, U, c, seed, k, max_paths, use_exact, exclude)
                           for k, c in enumerate(chunks)]
                results = [f.result() for f in futures]
        except (BrokenProcessPool, OSError):  # pragma: no cover - no processes here: solve in this one
            results = [_solve_chunk(game, U, c, seed, k, max_paths, use_exact, exclude, verifier)
                       for k, c in enumerate(chunks)]
    k = len(chunks)
    out: list[tuple[tuple[tuple[int, ...], ...], _Outcome]] = []
    for pos in range(sum(len(c) for c in chunks)):
        out.append(results[pos % k][pos // k])
    # second pass, in this process: the supports every chunk deferred, batched together
    deferred = [(s, o.reason) for s, o in out if o.status == "deferred"]
    if deferred:
        rng = np.random.default_rng([seed, DEFERRED_STREAM])
        solver = _SupportSolver(game, U, verifier or _Verifier(game), rng, max_paths, use_exact, seed=seed)
        tracked = _track_deferred(solver, U, deferred, max_paths)
        out = [(s, tracked.get(s, o)) for s, o in out]
    return out


def _solve_all(solver: _SupportSolver, U: list[np.ndarray], supports: list[tuple[tuple[int, ...], ...]],
               max_paths: int) -> list[tuple[tuple[tuple[int, ...], ...], _Outcome]]:
    """Every support's outcome, in the order given (both passes in one process; the driver
    runs the first per chunk and the second once over every chunk's deferred supports).

    Each support goes once through the one-support solver with ``defer=True``: the
    subdivision certificate, then exact Groebner bases where the support is within their
    limits (:data:`GROEBNER_MAX_BEZOUT`, :data:`GROEBNER_MAX_VARS`, and the basis size
    limits of ``groebner.GROEBNER_LIMITS``). What they do not settle comes back
    ``"deferred"`` and is never tried by Groebner bases again (except one whose attempt was
    skipped by prediction and whose paths leave it unresolved): the deferred supports are
    grouped by structure (support sizes and which opponents each equation depends on) and
    tracked by homotopy continuation in batches (:meth:`_SupportSolver._solve_batch`,
    at most :data:`BATCH_MAX_PATHS` paths at once). A support is settled by its batch
    when no two of its paths met and its ends pass the test one-support tracking applies
    (no path failed or ended at a singular point near the simplex); otherwise (and when
    its group has one member, or its Bezout number is below :data:`BATCH_MIN_BEZOUT`) it
    is tracked alone, with smaller steps on a repeat, as before. Completeness is the
    homotopy's: with probability one over the random start system and gamma, every
    isolated solution is the end of one path (the multihomogeneous Bezout number bounds
    the isolated solutions; Morgan & Sommese 1987, Sommese & Wampler 2005, ch. 8), as the
    result's diagnostics say for supports "solved numerically by homotopy continuation".
    Either way a support is solved by the same homotopy (the same multihomogeneous start
    system and gamma trick): batching changes how many supports share the array
    operations, not which paths are followed.
    """
    first = [(s, solver.solve(s, defer=True)) for s in supports]
    tracked = _track_deferred(solver, U, [(s, o.reason) for s, o in first if o.status == "deferred"], max_paths)
    return [(s, tracked.get(s, o)) for s, o in first]


def _track_deferred(solver: _SupportSolver, U: list[np.ndarray],
                    deferred: list[tuple[tuple[tuple[int, ...], ...], str]], max_paths: int
                    ) -> dict[tuple[tuple[int, ...], ...], _Outcome]:
    """The outcomes of the deferred supports (with their reasons), tracked in structure
    batches as :func:`_solve_all` describes."""
    done: dict[tuple[tuple[int, ...], ...], _Outcome] = {}
    groups: dict[tuple[Any, ...], list[tuple[tuple[tuple[int, ...], ...], _System, int, str]]] = {}
    for support, reason in deferred:
        system = _System(U, support)
        deps = system.equation_depends()
        bez = system.bezout(max_paths)
        key = (tuple(system.k), tuple(tuple(d) for d in deps))
        groups.setdefault(key, []).append((support, system, bez, reason))
    for members in groups.values():
        if len(members) == 1 or members[0][2] < BATCH_MIN_BEZOUT:  # nothing to share, or too small
            for support, system, _bez, reason in members:
                done[support] = solver._homotopy(system, reason)
            continue
        per_chunk = max(1, BATCH_MAX_PATHS // members[0][2])
        for c in range(0, len(members), per_chunk):
            chunk = members[c:c + per_chunk]
            outs = solver._solve_batch([m[1] for m in chunk], [m[3] for m in chunk])
            for (support, system, _bez, reason), got in zip(chunk, outs):
                done[support] = got if got is not None else solver._homotopy(system, reason)
    for support, out in done.items():
        if out.status == "unresolved" and "predicted too large" in out.reason:
            # the prediction skipped the exact path; the paths did not settle it: try it
            done[support] = solver.solve(support, predict=False)
    return done


def _one_player(
    game: NormalFormGame, exact_game: NormalFormGame, target: NormalFormGame, use_exact: bool, total: int, seed: int
) -> SolveResult:
    """A one-player game: the equilibria are the mixtures of the best strategies.

    Every pure maximum is listed (they are the extreme points); when there are several, the
    mixtures between them form a simplex, reported as a continuum as for more players. The
    payoffs are compared exactly (a float game through the decimals its floats print as).
    """
    with stopwatch() as clock:
        values = [exact_game.payoffs[a, 0] for a in range(exact_game.shape[0])]
        best = max(values)
        maxima = [a for a, v in enumerate(values) if v == best]
        one, zero = (Fraction(1), Fraction(0)) if use_exact else (1.0, 0.0)
        equilibria = tuple(
            make_equilibrium(target, ((tuple(one if b == a else zero for b in range(len(values)))),))
            for a in maxima
        )
    names = [game.strategies[0][a] for a in maxima]
    continuum = len(maxima) > 1
    components, _ok = describe_continua(exact_game, [((tuple(maxima),), len(maxima) - 1, equilibria[0].profile)],
                                        [e.profile for e in equilibria]) if continuum else ((), True)
    continua: list[dict[str, Any]] = []
    diagnostics: list[str] = []
    if continuum:
        continua.append(
            {"support": [names], "dimension": len(maxima) - 1, "equilibrium": 0, "kind": "polyhedron",
             "component": 0}
        )
        diagnostics.append(
            f"continuum: with support {game.players[0]}: {{{', '.join(names)}}} the equilibria form a "
            f"convex set of dimension {len(maxima) - 1}: every mixture of the {len(maxima)} best "
            "strategies, whose pure vertices are listed"
        )
    solved = 2 ** len(maxima) - 1
    params: dict[str, Any] = {
        "support_profiles": total,
        "pruned": total - solved,
        "solved": solved,
        "solved_exactly": solved,
        "solved_numerically": 0,
        "continua": continua,
        "unresolved": [],
        "algebraic": {},
        "hp_regret": {},
        "seed": seed,
        "described_completely": True,
    }
    return SolveResult(
        game=target,
        method="enumpoly",
        arithmetic=arithmetic_of(use_exact),
        equilibria=equilibria,
        components=components,
        complete=not continuum,
        degenerate=continuum,
        elapsed=clock[0],
        parameters=params,
        diagnostics=tuple(diagnostics),
    )
