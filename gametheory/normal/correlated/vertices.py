"""Every vertex of the (coarse) correlated equilibrium polytope, exactly: the double
description method in integer arithmetic, and an exact check of each vertex."""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import numpy as np

from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.normal.correlated.constraints import _incentive_rows, _Rows
from gametheory.normal.correlated.result import CorrelatedPolytope, _freeze
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers._common import stopwatch

#: Largest number of pure profiles :func:`correlated_extreme_points` accepts.
MAX_VERTEX_PROFILES = 64

#: Default cap on the number of vertices :func:`correlated_extreme_points` returns.
DEFAULT_MAX_VERTICES = 10_000


# ============================================================================ vertices
def _dense_int_rows(rows: _Rows, P: int) -> list[list[int]]:
    out = []
    for cols, q in zip(rows.cols, rows.qvals):
        r = [0] * P
        for j, v in zip(cols.tolist(), q):
            r[j] = v
        out.append(r)
    return out


_POP8 = np.array([bin(k).count("1") for k in range(256)], dtype=np.int64)


def _popcount(words: np.ndarray) -> np.ndarray:
    """Number of set bits along the last axis of a ``uint64`` array."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return np.asarray(np.bitwise_count(words), dtype=np.int64).sum(axis=-1)
    return _POP8[words.view(np.uint8)].sum(axis=-1)  # pragma: no cover - numpy < 2


def _words(masks: list[int], nwords: int) -> np.ndarray:
    """Python int bit masks as rows of ``nwords`` little-endian ``uint64`` words."""
    buf = b"".join(z.to_bytes(8 * nwords, "little") for z in masks)
    return np.frombuffer(buf, dtype="<u8").reshape(len(masks), nwords).astype(np.uint64)


def _rays_by_constraint(Zw: np.ndarray, nbits: int) -> list[int]:
    """For each constraint bit, the set of rays tight on it, as a Python int bit mask."""
    bits = np.unpackbits(Zw.view(np.uint8), axis=1, bitorder="little")[:, :nbits]
    packed = np.packbits(bits, axis=0, bitorder="little")
    return [int.from_bytes(packed[:, b].tobytes(), "little") for b in range(nbits)]


def _double_description(
    G: list[list[int]], P: int, max_rays: int, max_tests: int, max_pairs: int
) -> list[list[int]]:
    """Extreme rays of the cone ``{x >= 0 : G x >= 0}`` (integer vectors, primitive).

    The double description method (Motzkin, Raiffa, Thompson & Thrall 1953) starting from
    the non-negative orthant, whose extreme rays are the unit vectors. Each inequality
    keeps the rays on its non-negative side and joins every *adjacent* pair of rays on
    opposite sides. Adjacency: the pair's common tight set must have at least ``P - 2``
    constraints (rank condition, checked for all pairs at once on bit-packed tight sets),
    and no third ray may be tight on all of them (the combinatorial test of Fukuda &
    Prodon 1996, evaluated as an AND of per-constraint ray sets). Tight sets are bit
    masks (bit ``j < P``: ``x_j = 0``; bit ``P + k``: row ``k``). Rows are taken in the
    order that creates the fewest candidate pairs.

    The work is bounded: more than ``max_rays`` intermediate rays, ``max_pairs`` pairs
    screened by the rank condition or ``max_tests`` pairs put to the combinatorial test
    raise :class:`~gametheory.GameSizeError` (the number of vertices, and of intermediate
    rays, can grow exponentially with the size of the game).
    """
    rays = [[1 if k == j else 0 for k in range(P)] for j in range(P)]
    full = (1 << P) - 1
    zs = [full ^ (1 << j) for j in range(P)]
    nbits = P + len(G)
    nwords = (nbits + 63) // 64
    remaining = list(range(len(G)))
    need = P - 2
    pairs = tests = 0
    too_complex = "the polytope is too complex to enumerate (raise max_vertices to try harder)"
    while remaining:
        A = flint.fmpz_mat([G[k] for k in remaining])
        R = flint.fmpz_mat(rays).transpose()
        prod = (A * R).tolist()
        best_pos = -1
        best_cost = -1
        for pos, vals in enumerate(prod):
            npos = sum(1 for v in vals if v > 0)
            nneg = sum(1 for v in vals if v < 0)
            cost = npos * nneg if nneg else -1  # redundant rows go first
            if best_pos < 0 or cost < best_cost:
                best_pos, best_cost = pos, cost
        k = remaining.pop(best_pos)
        acts = [int(v) for v in prod[best_pos]]
        neg = [r for r, v in enumerate(acts) if v < 0]
        if not neg:
            continue  # implied by the cone built so far: drop the row
        bit = 1 << (P + k)
        pos_ = [r for r, v in enumerate(acts) if v > 0]
        zero = [r for r, v in enumerate(acts) if v == 0]
        new_rays: list[list[int]] = [rays[r] for r in pos_] + [rays[r] for r in zero]
        new_zs: list[int] = [zs[r] for r in pos_] + [zs[r] | bit for r in zero]
        if pos_:
            Zw = _words(zs, nwords)
            by_constraint = _rays_by_constraint(Zw, nbits)
            Zn = Zw[neg]
            block = max(1, 1_000_000 // (len(neg) * nwords))
            for start in range(0, len(pos_), block):
                rows_here = pos_[start : start + block]
                pairs += len(rows_here) * len(neg)
                if pairs > max_pairs:
                    raise GameSizeError(
                        f"correlated_extreme_points: more than {max_pairs:,} candidate pairs of rays; {too_complex}"
                    )
                commons = Zw[rows_here][:, None, :] & Zn[None, :, :]
                ia, ib = np.nonzero(_popcount(commons) >= need)
                tests += len(ia)
                if tests > max_tests:
                    raise GameSizeError(
                        f"correlated_extreme_points: more than {max_tests:,} adjacency tests; {too_complex}"
                    )
                for i_a, i_b in zip(ia.tolist(), ib.tolist()):
                    a, b = pos_[start + i_a], neg[i_b]
                    common = zs[a] & zs[b]
                    pair = (1 << a) | (1 << b)
                    tight_on_all = -1
                    c = common
                    while c:
                        low = c & -c
                        tight_on_all &= by_constraint[low.bit_length() - 1]
                        if tight_on_all == pair:
                            break
                        c ^= low
                    if tight_on_all != pair:
                        continue  # a third ray is tight wherever both are: not adjacent
                    va, vb = acts[a], acts[b]
                    ray = [va * yb - vb * ya for ya, yb in zip(rays[a], rays[b])]
                    g = math.gcd(*ray)
                    new_rays.append([v // g for v in ray])
                    new_zs.append(common | bit)
                    if len(new_rays) > max_rays:
                        raise GameSizeError(
                            f"correlated_extreme_points: more than {max_rays:,} intermediate rays; {too_complex}"
                        )
        rays, zs = new_rays, new_zs
    return rays


def _verify_rays(G: list[list[int]], rays: list[list[int]]) -> bool:
    """Exact check that each ray, scaled to sum 1, is a vertex of ``{p >= 0, G p >= 0, sum p = 1}``.

    A feasible point is a vertex when the constraints tight at it determine it: on its
    support ``S``, the tight rows of ``G`` must have rank ``|S| - 1`` (the point spans their
    null space, and ``sum p = 1`` fixes the scale).
    """
    if not rays:
        return False
    acts = (flint.fmpz_mat(G) * flint.fmpz_mat(rays).transpose()).tolist() if G else []
    for v, ray in enumerate(rays):
        if any(x < 0 for x in ray) or sum(ray) <= 0:
            return False
        support = [j for j, x in enumerate(ray) if x]
        tight = []
        for k, row in enumerate(G):
            a = acts[k][v]
            if a < 0:
                return False
            if a == 0:
                tight.append([row[j] for j in support])
        if len(support) > 1 and (not tight or flint.fmpz_mat(tight).rank() != len(support) - 1):
            return False
    return True


def correlated_extreme_points(
    game: NormalFormGame, *, coarse: bool = False, max_vertices: int = DEFAULT_MAX_VERTICES
) -> CorrelatedPolytope:
    """Every vertex of the (coarse) correlated equilibrium polytope, exactly.

    For small games only (at most :data:`MAX_VERTEX_PROFILES` pure profiles). The
    vertices come from the double description method in integer arithmetic; each one is
    then verified exactly: it satisfies every constraint and its tight constraints have
    full rank. Float games are converted to exact ones first.

    Raises :class:`~gametheory.GameSizeError` when the game has too many profiles, or
    when the polytope has more than ``max_vertices`` vertices, or when its enumeration
    would need more than ``20 * max_vertices`` intermediate rays, ``300 * max_vertices``
    adjacency tests or ``20,000 * max_vertices`` candidate pairs (with floors of 10,000,
    100,000 and 10 million): the work, and so the time, grows with ``max_vertices``
    (roughly 10 to 30 seconds before giving up at the default).
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"correlated_extreme_points: expected a NormalFormGame, got {type(game).__name__}")
    if not isinstance(max_vertices, int) or max_vertices < 1:
        raise GameError(f"correlated_extreme_points: max_vertices must be a positive integer, got {max_vertices!r}")
    P = math.prod(game.shape)
    if P > MAX_VERTEX_PROFILES:
        raise GameSizeError(
            f"correlated_extreme_points: the {' x '.join(map(str, game.shape))} game has {P} pure "
            f"profiles; vertex enumeration is limited to {MAX_VERTEX_PROFILES}"
        )
    diagnostics: list[str] = []
    target = game
    if not game.is_exact:
        target = game.to_exact()
        diagnostics.append("float payoffs were read as the decimals they print as")
    with stopwatch() as t:
        rows = _incentive_rows(target, coarse, True)
        G = _dense_int_rows(rows, P)
        # rows with no negative entry are implied by p >= 0
        active = [r for r in G if any(v < 0 for v in r)]
        rays = _double_description(
            active,
            P,
            max_rays=max(20 * max_vertices, 10_000),
            max_tests=max(300 * max_vertices, 100_000),
            max_pairs=max(20_000 * max_vertices, 10_000_000),
        )
        if len(rays) > max_vertices:
            raise GameSizeError(
                f"correlated_extreme_points: the polytope has {len(rays):,} vertices, more than "
                f"max_vertices={max_vertices:,}"
            )
        if not _verify_rays(G, rays):  # pragma: no cover - the enumeration is exact
            raise SolverError("correlated_extreme_points: a computed vertex failed exact verification")
        points = [[Fraction(v, sum(r)) for v in r] for r in rays]
        U = target.payoffs.reshape(P, target.num_players)
        pays = [tuple(Fraction(v) for v in np.array(p, dtype=object).dot(U).tolist()) for p in points]
        order = sorted(range(len(points)), key=lambda k: (-sum(pays[k]), [-v for v in points[k]]))
        vertices = tuple(_freeze(np.array(points[k], dtype=object).reshape(target.shape)) for k in order)
        payoffs = tuple(pays[k] for k in order)
        dimension = _affine_dimension([points[k] for k in order])
    diagnostics.append(
        f"{len(vertices)} vertices by double description ({len(active)} of {len(G)} inequalities "
        "not implied by p >= 0); each verified exactly"
    )
    return CorrelatedPolytope(
        game=target,
        coarse=coarse,
        vertices=vertices,
        payoffs=payoffs,
        dimension=dimension,
        arithmetic="exact",
        elapsed=t[0],
        diagnostics=tuple(diagnostics),
    )


def _affine_dimension(points: list[list[Fraction]]) -> int:
    if len(points) <= 1:
        return 0
    base = points[0]
    diffs = [[flint.fmpq(v.numerator, v.denominator) - flint.fmpq(w.numerator, w.denominator)
              for v, w in zip(p, base)] for p in points[1:]]
    return int(flint.fmpq_mat(diffs).rank())
