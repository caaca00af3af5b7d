"""The incentive constraints of the (coarse) correlated equilibrium polytope, as sparse
rows ``G p >= 0``: floats scaled to unit size for HiGHS, primitive integers for the exact
paths."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.normal.game import NormalFormGame


# ============================================================================ constraint rows
@dataclass
class _Rows:
    """Constraints ``sum_k vals[k] * x[cols[k]] >= 0`` (``x`` = distribution, then extras)."""

    cols: list[np.ndarray] = field(default_factory=list)
    fvals: list[np.ndarray] = field(default_factory=list)  # floats, each row scaled to max |.| = 1
    qvals: list[list[int]] = field(default_factory=list)  # exact: primitive integers
    labels: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, cols: np.ndarray, vals: np.ndarray | list[Any], exact: bool, label: tuple[Any, ...]) -> bool:
        """Add a row unless it is identically zero; exact rows are scaled to primitive integers."""
        if exact:
            q = [Fraction(v) for v in (vals.tolist() if isinstance(vals, np.ndarray) else vals)]
            den = 1
            for v in q:
                den = math.lcm(den, v.denominator)
            ints = [int(v * den) for v in q]
            g = math.gcd(*ints)
            if g == 0:
                return False
            ints = [v // g for v in ints]
            top = max(abs(v) for v in ints)
            self.qvals.append(ints)
            self.fvals.append(np.array([v / top for v in ints], dtype=np.float64))
        else:
            f = np.asarray(vals, dtype=np.float64)
            big = float(np.max(np.abs(f))) if f.size else 0.0
            if big == 0.0:
                return False
            self.fvals.append(f / big)
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.labels.append(label)
        return True

    def __len__(self) -> int:
        return len(self.cols)


def _nonzeros(game: NormalFormGame, coarse: bool) -> int:
    P = math.prod(game.shape)
    if coarse:
        return P * sum(game.shape)
    return P * sum(n - 1 for n in game.shape)


def _incentive_rows(game: NormalFormGame, coarse: bool, exact: bool) -> _Rows:
    """The (coarse) correlated equilibrium inequalities, without zero or duplicate rows."""
    shape = game.shape
    P = math.prod(shape)
    index = np.arange(P).reshape(shape)
    rows = _Rows()
    seen: set[tuple[Any, ...]] = set()
    for i, n in enumerate(shape):
        U = game.payoffs[..., i]
        if not exact:
            U = U.astype(np.float64)
        for s in range(n):
            if coarse:
                continue
            cols = np.take(index, s, axis=i).reshape(-1)
            base = np.take(U, s, axis=i)
            for t in range(n):
                if t == s:
                    continue
                vals = (base - np.take(U, t, axis=i)).reshape(-1)
                key = (i, s, tuple(vals.tolist())) if exact else None
                if key is not None:
                    if key in seen:
                        continue
                    seen.add(key)
                rows.add(cols, vals, exact, (i, s, t))
        if coarse:
            cols = np.arange(P)
            for t in range(n):
                dev = np.expand_dims(np.take(U, t, axis=i), i)
                vals = (U - dev).reshape(-1)
                rows.add(cols, vals, exact, (i, None, t))
    return rows



def _copy_rows(rows: _Rows) -> _Rows:
    return _Rows(list(rows.cols), list(rows.fvals), list(rows.qvals), list(rows.labels))
