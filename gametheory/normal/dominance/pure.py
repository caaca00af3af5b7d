"""Payoff data of an elimination and the pure-dominance test.

:class:`_Data` holds each player's payoffs (exact integers scaled by the lcm of the
denominators, and floats for the linear programs); :class:`_View` is one player's payoffs
in the current reduced game; :func:`_pure_dominated` compares every pair of strategies
on every opponent profile at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.values import Number
from gametheory.errors import GameError
from gametheory.normal.game import NormalFormGame

#: Work arrays of the pure-dominance comparison are cut into blocks of about this many entries.
_BLOCK_ENTRIES = 4_000_000

_INT64_SAFE = 2**62


# --------------------------------------------------------------------------- payoff data
class _Data:
    """Each player's payoffs as exact integers (exact mode) and floats (for the LPs)."""

    def __init__(self, game: NormalFormGame, exact: bool, need_float: bool) -> None:
        self.game = game
        self.exact = exact
        self.ints: list[np.ndarray] = []
        self.scales: list[int] = []
        self.floats: list[np.ndarray | None] = []
        for i in range(game.num_players):
            U = game.payoffs[..., i]
            if exact:
                Z, L = _integer_payoffs(U)
                self.ints.append(Z)
                self.scales.append(L)
                if need_float:
                    try:
                        F = np.array([float(v) for v in U.reshape(-1).tolist()]).reshape(U.shape)
                    except OverflowError:
                        F = None
                    if F is None or not np.all(np.isfinite(F)):
                        raise GameError(
                            "a payoff is too large for the floating-point LP that finds mixed "
                            "dominators; use mixed=False (pure dominance only)"
                        )
                    self.floats.append(F)
                else:
                    self.floats.append(None)
            else:
                self.floats.append(np.asarray(U, dtype=np.float64))
        self.tol = 0.0 if exact else game.tolerance()

    def view(self, i: int, kept: Sequence[Sequence[int]]) -> _View:
        idx = np.ix_(*[np.asarray(k, dtype=np.intp) for k in kept])
        n = len(kept[i])

        def mat(A: np.ndarray) -> np.ndarray:
            return np.moveaxis(A[idx], i, 0).reshape(n, -1)

        Z = mat(self.ints[i]) if self.exact else None
        Fa = self.floats[i]
        F = mat(Fa) if Fa is not None else None
        return _View(Z=Z, F=F, L=self.scales[i] if self.exact else 1, tol=self.tol)


def _integer_payoffs(U: np.ndarray) -> tuple[np.ndarray, int]:
    """Exact payoffs scaled by the lcm ``L`` of their denominators: integers, int64 when safe."""
    vals = [Fraction(v) for v in U.reshape(-1).tolist()]
    L = 1
    for v in vals:
        L = math.lcm(L, v.denominator)
    ints = [v.numerator * (L // v.denominator) for v in vals]
    big = max((abs(v) for v in ints), default=0)
    if big < _INT64_SAFE // 4:
        return np.array(ints, dtype=np.int64).reshape(U.shape), L
    out = np.empty(len(ints), dtype=object)
    out[:] = ints
    return out.reshape(U.shape), L


@dataclass
class _View:
    """One player's payoffs in the current game: rows = own strategies, columns = opponent profiles."""

    Z: np.ndarray | None  # exact: integers (payoff * L)
    F: np.ndarray | None  # floats in payoff units (None in exact pure-only mode)
    L: int
    tol: float

    @property
    def D(self) -> np.ndarray:
        """The matrix comparisons are made on (integers in exact mode)."""
        M = self.Z if self.Z is not None else self.F
        assert M is not None
        return M

    def value(self, x: Any) -> Number:
        """A difference of entries of :attr:`D` in payoff units."""
        if self.Z is not None:
            return Fraction(int(x), self.L)
        return float(x)


@dataclass
class _Finding:
    j: int  # local index of the dominated strategy
    weights: dict[int, Number]  # local index -> probability
    kind: str
    margin: Number


# --------------------------------------------------------------------------- pure dominance
def _pure_dominated(v: _View, weak: bool) -> dict[int, _Finding]:
    """Strategies dominated by a pure strategy, each with its best (largest-margin) dominator."""
    D = v.D
    n = D.shape[0]
    tol = v.tol
    best_min: list[Any] = [None] * n
    best_k = [-1] * n
    best_kind = [""] * n
    rows_per_block = max(1, _BLOCK_ENTRIES // max(1, D.shape[1]))
    for k in range(n):
        for lo in range(0, n, rows_per_block):
            block = D[lo : lo + rows_per_block]
            diff = D[k][None, :] - block
            mins = diff.min(axis=1)
            maxs = diff.max(axis=1) if weak else None
            for r in range(block.shape[0]):
                j = lo + r
                if j == k:
                    continue
                m = mins[r]
                if m > tol:
                    kind = "strict"
                elif weak and m >= -tol and maxs is not None and maxs[r] > tol:
                    kind = "weak"
                else:
                    continue
                better = (
                    best_k[j] < 0
                    or (kind == "strict" and best_kind[j] == "weak")
                    or (kind == best_kind[j] and m > best_min[j])
                )
                if better:
                    best_min[j], best_k[j], best_kind[j] = m, k, kind
    out = {}
    for j in range(n):
        if best_k[j] >= 0:
            margin = v.value(best_min[j]) if best_kind[j] == "strict" else v.value(0)
            one: Number = Fraction(1) if v.Z is not None else 1.0
            out[j] = _Finding(j, {best_k[j]: one}, best_kind[j], margin)
    return out

