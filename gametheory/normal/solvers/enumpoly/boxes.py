"""Every support profile through a compiled float subdivision with certified answers, before
any exact algebra: the supports it proves empty need nothing more, the equilibria it
isolates need only their exact identification, and the rest go to the exact path.

For one support profile the unknowns are the probabilities of each player's supported
strategies but the first; each indifference equation and each comparison with an unused
strategy is multi-affine in them (degree at most one in each unknown), so over a box its
range is spanned by its values at the box's corners. The box ``[0, 1]^n`` is bisected
(widest side first); a box is dropped when

* it misses the open simplices (a player's lower corner sums to one or more),
* an equation has one strict sign at every corner (no root in the box), or
* an unused strategy beats a supported one at every corner (no equilibrium in the box);

and once it is small, the Krawczyk test (Krawczyk 1969; Moore, Kearfott & Cloud,
*Introduction to Interval Analysis*, 2009, sec. 8.2) either proves that the box holds no
root, or exactly one root (then polished by Newton's method and enclosed in a box of
relative width about ``1e-9``, certified again), or leaves the box to bisection. The
Jacobian's range over a box comes from corner values too. A root's enclosure is then
classified: an equilibrium when every probability is positive and every unused strategy
strictly worse throughout it, no equilibrium when one probability is negative or one
unused strategy strictly better throughout, otherwise the support is undecided.

Rounding: every corner value is compared with zero only beyond a margin that bounds its
float64 rounding error (``_boxes_jit.ERR``), and the Krawczyk enclosures are widened by
bounds on the rounding of their own arithmetic, so a dropped box has no equilibrium and
a certified box one root. A support whose boxes are not all settled within
:data:`MAX_BOXES` (singular roots, continua, ties with an unused strategy: degenerate
games) is reported undecided and the caller solves it exactly.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from gametheory._kernel.lazy import optional

#: Largest number of boxes examined for one support before it is left undecided.
MAX_BOXES = 50000
#: Narrowest box side bisected further (a narrower undecided box leaves the support undecided).
MIN_WIDTH = 1e-6
#: Boxes with every side at most this wide get the Krawczyk test.
KRAWCZYK_WIDTH = 0.05
#: Boxes with every side at most this wide get the preconditioned corner test. (Both
#: chosen on the benchmark games, 2026-12-07: against 0.07 and 0.76 the kernel took about
#: 13% less time on 2x2x2x2x2 and 3x3x3x3 and about the same on 3x3x3 and 4x4x4; the
#: answers do not depend on them.)
PRECOND_WIDTH = 0.4
#: Most equilibria one support can report (a support with more is left undecided).
ROOTS_PER_SUPPORT = 16
#: The supports are split into this many interleaved chunks, taken in turn by the threads
#: of :func:`certify_supports` (one chunk when one thread runs); the answer does not depend on it.
CHUNKS = 16
#: ``threads=None`` uses one thread below this many supports (a 3x3x3 game's 343 take
#: about 10 ms in one thread, less than starting a pool costs).
THREADS_MIN_SUPPORTS = 1000

#: The kernel's outcomes.
NONE, FOUND, UNDECIDED = 0, 1, 2

def kernel_available() -> bool:
    """Whether the compiled kernel can be used (numba is installed)."""
    return _kernel() is not None


def _kernel() -> Any:
    """The compiled kernel, or ``None`` without numba."""
    return optional("gametheory.normal.solvers.enumpoly._boxes_jit:certify_chunk")


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def support_masks(supports: list[tuple[tuple[int, ...], ...]]) -> np.ndarray:
    """Support profiles as one bit mask per player."""
    masks: dict[tuple[int, ...], int] = {}
    rows = []
    for prof in supports:
        row = []
        for sup in prof:
            m = masks.get(sup)
            if m is None:
                m = masks[sup] = sum(1 << a for a in sup)
            row.append(m)
        rows.append(row)
    return np.array(rows, dtype=np.int64).reshape(len(supports), len(supports[0]) if supports else 0)


def all_supports(shape: tuple[int, ...]) -> list[tuple[tuple[int, ...], ...]]:
    """Every support profile, smallest supports first."""
    per = [[c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)] for n in shape]
    profiles = list(itertools.product(*per))
    profiles.sort(key=lambda p: (sum(len(s) for s in p), p))
    return profiles


def scaled_float_payoffs(U: list[np.ndarray]) -> np.ndarray | None:
    """Each player's payoffs over the largest absolute one, as float64 (``None`` when they
    do not fit: the caller then uses the exact path)."""
    rows = []
    for u in U:
        flat = u.reshape(-1)
        big = max((abs(int(v)) for v in flat.tolist()), default=0)
        if big == 0 or big.bit_length() > 1000:
            return None
        rows.append(np.array([float(int(v)) for v in flat.tolist()]) / float(big))
    return np.array(rows)


def certify_supports(U: list[np.ndarray], supports: list[tuple[tuple[int, ...], ...]],
                     max_boxes: int = MAX_BOXES, threads: int | None = None, masks: np.ndarray | None = None
                     ) -> list[tuple[int, list[np.ndarray], int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]] | None:
    """Each support's ``(outcome, roots, boxes, enclosures)``: outcome :data:`NONE`
    (certified: no equilibrium has this support), :data:`FOUND` (every equilibrium with
    this support is a root listed, each in the open simplices with every unused strategy
    strictly worse; the unknowns as in
    :class:`~gametheory.normal.solvers.enumpoly.system._System`) or :data:`UNDECIDED`;
    ``enclosures``: for each root, the lower and upper corner of a box proved to hold
    exactly one root of the support's equations, that one, and the float inverse of those
    equations' Jacobian at the root (for ``U`` as given). ``None`` when the kernel is not
    available or the payoffs do not fit in floats.

    ``U``: each player's integer payoffs (:func:`~.supports._integer_payoffs`);
    ``threads``: how many threads share the chunks of supports (default: the cores
    available, one below :data:`THREADS_MIN_SUPPORTS` supports); the answer does not
    depend on it. ``masks``: :func:`support_masks` of ``supports``, when the caller keeps them.
    """
    kernel = _kernel()
    if kernel is None or not supports:
        return None
    Uf = scaled_float_payoffs(U)
    if Uf is None or not np.isfinite(Uf).all():
        return None
    big = [float(max(abs(int(v)) for v in u.reshape(-1).tolist())) for u in U]
    shape = U[0].shape
    nstrat = np.array(shape, dtype=np.int64)
    strides = np.array([int(np.prod(shape[j + 1:])) for j in range(len(shape))], dtype=np.int64)
    if masks is None:
        masks = support_masks(supports)
    S = len(supports)
    status = np.zeros(S, dtype=np.int64)
    count = np.zeros(S, dtype=np.int64)
    boxes = np.zeros(S, dtype=np.int64)
    nvar = max(1, sum(n - 1 for n in shape))
    # per-root outputs: only the rows of found roots are written and read, so they are left
    # uninitialised (zeroing them would touch about a megabyte of fresh pages per call)
    roots = np.empty((S, ROOTS_PER_SUPPORT, nvar))
    bounds = np.empty((S, ROOTS_PER_SUPPORT, 2, nvar))
    inv = np.empty((S, ROOTS_PER_SUPPORT, nvar, nvar))
    if threads is None:
        threads = _available_cores() if S >= THREADS_MIN_SUPPORTS else 1
    # one thread takes every support in one call (one set of work arrays)
    chunks = min(CHUNKS, S) if threads > 1 else 1
    threads = min(threads, chunks)

    def run(c: int) -> None:
        kernel(Uf, nstrat, strides, masks, max_boxes, MIN_WIDTH, KRAWCZYK_WIDTH, PRECOND_WIDTH, c, chunks,
               status, count, boxes, roots, bounds, inv)

    if threads <= 1:
        for c in range(chunks):
            run(c)
    else:
        # the kernel releases the GIL: plain threads run chunks side by side (no process
        # pool, no OpenMP: safe to fork afterwards), each taking the next chunk when done
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(run, range(chunks)))
    out: list[tuple[int, list[np.ndarray], int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]] = []
    for s, (st, nb, m) in enumerate(zip(status.tolist(), boxes.tolist(), count.tolist())):
        if m:
            prof = supports[s]
            n = sum(len(p) - 1 for p in prof)
            # the kernel's equations of player i are the integer ones over big[i]: the
            # inverse Jacobian of the integer equations divides column e by its player's
            cols = np.array([1.0 / big[i] for i, p in enumerate(prof) for _r in range(len(p) - 1)])
            out.append((st, [roots[s, q, :n].copy() for q in range(m)], nb,
                        [(bounds[s, q, 0, :n].copy(), bounds[s, q, 1, :n].copy(), inv[s, q, :n, :n] * cols)
                         for q in range(m)]))
        else:
            out.append((st, [], nb, []))
    return out
