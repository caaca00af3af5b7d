"""The indifference equations of one support profile, as a square polynomial system."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Largest number of homotopy paths tracked for one support (the multihomogeneous Bezout
#: number); a larger support is reported as unresolved.
MAX_PATHS = 4000


def _contract(coeffs: list[Any], shape: tuple[int, ...], vecs: Sequence[Sequence[Any]]) -> Any:
    """``sum_a coeffs[a] * prod_j vecs[j][a_j]`` for a row-major flat ``coeffs`` of ``shape``.

    Plain Python arithmetic, so it works on ints, Fractions, mpmath numbers and flint
    polynomials alike (contracting the last axis first).
    """
    data = coeffs
    for axis in range(len(shape) - 1, -1, -1):
        n = shape[axis]
        v = vecs[axis]
        nxt = []
        for b in range(len(data) // n):
            acc: Any = 0
            for k in range(n):
                c = data[b * n + k]
                if isinstance(c, int) and c == 0:
                    continue
                acc = acc + c * v[k]
            nxt.append(acc)
        data = nxt
    return data[0]


class _System:
    """The indifference equations of one support profile.

    Unknowns: for each player ``j`` with ``k_j >= 2`` supported strategies, the
    probabilities ``x_j1..x_j(k_j-1)`` of all but the first; ``p_j0 = 1 - sum x_j``.
    Equation ``(i, r)``: payoff of ``S_i[r]`` minus payoff of ``S_i[0]`` (``r >= 1``).
    """

    def __init__(self, U: list[np.ndarray], support: tuple[tuple[int, ...], ...]) -> None:
        self.support = support
        self.N = N = len(support)
        self.k = [len(s) for s in support]
        self.active = [j for j in range(N) if self.k[j] >= 2]
        self.offset: dict[int, int] = {}
        names: list[str] = []
        for j in self.active:
            self.offset[j] = len(names)
            names += [f"x{j}_{support[j][r]}" for r in range(1, self.k[j])]
        self.names = names
        self.n = len(names)
        self._U = U
        self._eqs: list[tuple[int, tuple[int, ...], list[int]]] | None = None

    @property
    def eqs(self) -> list[tuple[int, tuple[int, ...], list[int]]]:
        """The equations: (player, shape of the opponents' supports, flat integer
        coefficients), built on first use (polishing a root the subdivision kernel isolated
        needs only the unknowns' layout)."""
        if self._eqs is None:
            eqs = []
            support = self.support
            for i in self.active:
                sub = np.moveaxis(self._U[i][np.ix_(*support)], i, 0)
                other_shape = tuple(self.k[j] for j in range(self.N) if j != i)
                for r in range(1, self.k[i]):
                    diff = (sub[r] - sub[0]).reshape(-1)
                    eqs.append((i, other_shape, [int(v) for v in diff.tolist()]))
            self._eqs = eqs
        return self._eqs

    # probabilities as functions of the unknowns
    def probs(self, x: Sequence[Any], one: Any = 1) -> list[list[Any]]:
        out: list[list[Any]] = []
        for j in range(self.N):
            if self.k[j] == 1:
                out.append([one])
                continue
            xs = list(x[self.offset[j]: self.offset[j] + self.k[j] - 1])
            first = one
            for v in xs:
                first = first - v
            out.append([first, *xs])
        return out

    def evaluate(self, x: Sequence[Any], one: Any = 1) -> list[Any]:
        p = self.probs(x, one)
        return [_contract(c, shp, [p[j] for j in range(self.N) if j != i]) for i, shp, c in self.eqs]

    def jacobian(self, x: Sequence[Any], one: Any = 1, zero: Any = 0) -> list[list[Any]]:
        p = self.probs(x, one)
        rows = []
        for i, shp, c in self.eqs:
            row = [zero] * self.n
            for j in self.active:
                if j == i:
                    continue
                for r in range(1, self.k[j]):
                    d = [zero] * self.k[j]
                    d[0] = -one
                    d[r] = one
                    vecs = [d if o == j else p[o] for o in range(self.N) if o != i]
                    row[self.offset[j] + r - 1] = _contract(c, shp, vecs)
            rows.append(row)
        return rows

    def equation_depends(self) -> list[list[int]]:
        """For each equation, the active opponents its value actually depends on (computed
        once per system: the driver, the Bezout count and the homotopy all ask)."""
        cached = getattr(self, "_deps", None)
        if cached is not None:
            return [list(d) for d in cached]
        out = []
        for i, shp, c in self.eqs:
            T = np.array(c, dtype=np.int64 if _fits_int64(c) else object).reshape(shp)
            others = [j for j in range(self.N) if j != i]
            deps = []
            for axis, j in enumerate(others):
                if self.k[j] < 2:
                    continue
                first = np.take(T, [0], axis=axis)
                if not bool(np.all(T == first)):
                    deps.append(j)
            out.append(deps)
        self._deps = [list(d) for d in out]
        return out

    def bezout(self, cap: int) -> int:
        """Multihomogeneous Bezout number (capped at ``cap + 1``): assignments of each
        equation to an active opponent it depends on, block ``j`` receiving ``k_j - 1``."""
        deps = self.equation_depends()
        need = {j: self.k[j] - 1 for j in self.active}
        return _count_assignments(deps, need, cap)


def _fits_int64(c: list[int]) -> bool:
    return all(-(2**62) < v < 2**62 for v in c)


def _count_assignments(deps: list[list[int]], need: dict[int, int], cap: int) -> int:
    memo: dict[tuple[int, tuple[int, ...]], int] = {}
    keys = sorted(need)

    def go(e: int, left: tuple[int, ...]) -> int:
        if e == len(deps):
            return 1 if not any(left) else 0
        key = (e, left)
        if key in memo:
            return memo[key]
        total = 0
        for j in deps[e]:
            pos = keys.index(j)
            if left[pos] > 0:
                nl = left[:pos] + (left[pos] - 1,) + left[pos + 1:]
                total += go(e + 1, nl)
                if total > cap:
                    break
        memo[key] = total
        return total

    return go(0, tuple(need[j] for j in keys))


def _assignments(deps: list[list[int]], need: dict[int, int]) -> list[tuple[int, ...]]:
    keys = sorted(need)
    out: list[tuple[int, ...]] = []

    def go(e: int, left: list[int], acc: list[int]) -> None:
        if e == len(deps):
            if not any(left):
                out.append(tuple(acc))
            return
        for j in deps[e]:
            pos = keys.index(j)
            if left[pos] > 0:
                left[pos] -= 1
                acc.append(j)
                go(e + 1, left, acc)
                acc.pop()
                left[pos] += 1

    go(0, [need[j] for j in keys], [])
    return out

