"""Iterated elimination of dominated strategies, by pure and by mixed strategies, N players.

A strategy ``j`` of player ``i`` is *strictly dominated* by a mixed strategy ``sigma`` of
the same player when ``sigma`` pays strictly more than ``j`` against every profile of the
opponents' pure strategies; it is *weakly dominated* when ``sigma`` pays at least as much
everywhere and strictly more somewhere. Removing strictly dominated strategies, and
repeating on the smaller game until nothing is dominated, never removes a strategy that
any Nash equilibrium uses, and the end result does not depend on the order of removal.
Neither holds for weak dominance.

How each strategy is tested, in every round and for every player with two or more
strategies left:

1. **Pure dominance**, vectorised: compare every pair of the player's strategies on every
   opponent profile (exact integer comparisons for exact games).
2. **Quick acquittal**: a strategy that is a best response (for weak dominance: the unique
   best response) to some pure opponent profile cannot be dominated, not even by a mixture.
3. **Mixed dominance** by linear programming (HiGHS, dual simplex), over the player's other
   remaining strategies: maximise ``eps`` subject to
   ``sum_k sigma_k u(k, s) >= u(j, s) + eps`` for every opponent profile ``s``,
   ``sigma >= 0``, ``sum sigma = 1``; ``j`` is strictly dominated iff the optimum is
   positive. For weak dominance a second LP maximises the total slack subject to
   ``sum_k sigma_k u(k, s) >= u(j, s)``.

In exact arithmetic the floating-point LP only *suggests* the answer; nothing is removed or
kept on float evidence alone. A removal needs an exact dominating mixture (the LP's optimal
vertex re-solved in rational arithmetic from its tight constraints, or the LP solution
rounded to nearby fractions) checked exactly against every opponent profile. A strategy is
kept when an exact *belief* certificate is found: a probability distribution over opponent
profiles against which the strategy is a best response (for weak dominance: against a
belief giving every profile positive weight, or a strict best response). These are the two
sides of LP duality (Pearce 1984, appendix). If neither certificate can be built the
strategy is kept and :attr:`DominanceResult.warnings` says so.

>>> import gametheory as gt
>>> from gametheory.normal.dominance import eliminate_dominated
>>> game = gt.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
...                                        strategies=[["T", "M", "B"], ["L", "R"]])
>>> r = eliminate_dominated(game)
>>> [(s.strategy, {k: str(p) for k, p in s.dominator.items()}, str(s.margin)) for s in r.steps]
[('B', {'T': '1/2', 'M': '1/2'}, '1/2')]
>>> r.game.strategies
(('T', 'M'), ('L', 'R'))
"""

from __future__ import annotations

import math
import time
import warnings as _warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.values import Number, format_number, json_number
from gametheory.errors import GameError, GameSizeError
from gametheory.normal.game import NormalFormGame, Profile

__all__ = [
    "ORDERS",
    "WEAK_DOMINANCE_WARNING",
    "DominanceResult",
    "DominanceStep",
    "eliminate_dominated",
    "find_dominator",
    "is_dominated",
]

#: Ways to schedule the removals (see :func:`eliminate_dominated`).
ORDERS = ("all-at-once", "player-by-player", "one-at-a-time")

#: Warning every weak-dominance result carries.
WEAK_DOMINANCE_WARNING = (
    "weak dominance: the order of elimination matters (another order can give a different "
    "reduced game) and the reduced game may lose equilibria of the original game"
)

#: Largest game (number of pure profiles) tested for domination by mixed strategies.
MAX_LP_PROFILES = 2_000_000

#: Work arrays of the pure-dominance comparison are cut into blocks of about this many entries.
_BLOCK_ENTRIES = 4_000_000

#: Tolerances (on payoffs rescaled to [0, 1]) tried when reading tight constraints off an LP solution.
_ACTIVE_TOLS = (1e-9, 1e-7, 1e-5)

#: Denominators tried when rounding an LP solution to fractions.
_ROUND_DENOMINATORS = (10, 100, 1000, 10**4, 10**6, 10**9)

_INT64_SAFE = 2**62


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class DominanceStep:
    """One removal: ``strategy`` of ``player`` is dominated by the mixture ``dominator``.

    Attributes
    ----------
    round:
        1-based round of elimination. Every dominance relation holds in the game as it was
        at the start of that round (for ``order="player-by-player"``: when that player's
        turn came).
    player, player_index:
        The player, by name and by index.
    strategy, strategy_index:
        The removed strategy, by name and by its index in the *original* game.
    dominator:
        ``{strategy name: probability}`` of the dominating (pure or mixed) strategy, positive
        probabilities only; exact :class:`~fractions.Fraction` values in exact arithmetic.
    kind:
        ``"strict"`` (the dominator pays strictly more against every opponent profile) or
        ``"weak"`` (at least as much everywhere, strictly more somewhere).
    margin:
        The dominator's smallest payoff advantage over ``strategy`` across the opponents'
        remaining pure profiles, in payoff units: positive for strict dominance, 0 for weak.
        For a mixed dominator found by LP in exact arithmetic this is the largest margin any
        mixture achieves.
    """

    round: int
    player: str
    player_index: int
    strategy: str
    strategy_index: int
    dominator: dict[str, Number]
    kind: str
    margin: Number

    @property
    def is_mixed(self) -> bool:
        """Whether the dominator mixes two or more strategies."""
        return len(self.dominator) > 1

    def dominator_text(self) -> str:
        """``"Defect"`` for a pure dominator, ``"{T: 1/2, M: 1/2}"`` for a mixed one."""
        if not self.is_mixed:
            return next(iter(self.dominator))
        return "{" + ", ".join(f"{s}: {format_number(p)}" for s, p in self.dominator.items()) + "}"

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": {s: json_number(p) for s, p in self.dominator.items()},
            "kind": self.kind,
            "margin": json_number(self.margin),
        }

    def __str__(self) -> str:
        return (
            f"round {self.round}: {self.player}'s {self.strategy} is {self.kind}ly dominated by "
            f"{self.dominator_text()} (margin {format_number(self.margin)})"
        )


@dataclass(frozen=True)
class DominanceResult:
    """The outcome of :func:`eliminate_dominated`.

    Attributes
    ----------
    game:
        The reduced game: the surviving strategies, with their original names, and the
        original payoffs (exact or float according to the arithmetic used).
    original:
        The game that was reduced (in the arithmetic used).
    kept:
        For each player, the indices of the surviving strategies in ``original``.
    steps:
        Every removal, in order.
    warnings:
        Caveats to read: :data:`WEAK_DOMINANCE_WARNING` whenever weak dominance removed
        something (the order matters), and one for each strategy whose status could not be
        certified exactly (it was kept).
    exact, weak, mixed, order:
        How the elimination was run.
    rounds:
        Number of rounds that removed something.
    elapsed:
        Wall-clock seconds.
    """

    game: NormalFormGame
    original: NormalFormGame
    kept: tuple[tuple[int, ...], ...]
    steps: tuple[DominanceStep, ...]
    warnings: tuple[str, ...] = ()
    exact: bool = True
    weak: bool = False
    mixed: bool = True
    order: str = "all-at-once"
    rounds: int = 0
    elapsed: float = 0.0

    @property
    def removed(self) -> tuple[tuple[str, ...], ...]:
        """For each player, the names of the removed strategies in order of removal."""
        out: list[list[str]] = [[] for _ in self.original.players]
        for s in self.steps:
            out[s.player_index].append(s.strategy)
        return tuple(tuple(r) for r in out)

    @property
    def kept_names(self) -> tuple[tuple[str, ...], ...]:
        """For each player, the names of the surviving strategies."""
        return self.game.strategies

    def lift(self, profile: Any) -> Profile:
        """A mixed profile of the reduced game as a profile of the original game.

        Removed strategies get probability 0.
        """
        prof = self.game.normalize_profile(profile)
        out = []
        for probs, idx, n in zip(prof, self.kept, self.original.shape):
            zero = type(probs[0])(0)
            full = [zero] * n
            for k, p in zip(idx, probs):
                full[k] = p
            out.append(tuple(full))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        g = self.original
        return {
            "game": {"title": g.title, "players": list(g.players), "strategies": [list(s) for s in g.strategies]},
            "exact": self.exact,
            "weak": self.weak,
            "mixed": self.mixed,
            "order": self.order,
            "rounds": self.rounds,
            "elapsed_seconds": self.elapsed,
            "steps": [s.to_json() for s in self.steps],
            "kept": {p: list(ss) for p, ss in zip(g.players, self.game.strategies)},
            "reduced_shape": list(self.game.shape),
            "warnings": list(self.warnings),
        }


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


# --------------------------------------------------------------------------- exact helpers
def _common_denominator(x: Sequence[Fraction]) -> tuple[list[int], int]:
    den = 1
    for v in x:
        den = math.lcm(den, v.denominator)
    return [v.numerator * (den // v.denominator) for v in x], den


def _matvec(A: np.ndarray, w: Sequence[int]) -> np.ndarray:
    """``A @ w`` for an integer matrix and integer vector, exactly (int64 when it cannot overflow)."""
    if A.dtype != object:
        wa = max((abs(x) for x in w), default=0)
        big = int(np.abs(A).max()) if A.size else 0
        if big * wa * max(1, len(w)) < _INT64_SAFE:
            return A @ np.array(w, dtype=np.int64)
    Ao = A.astype(object)
    wo = np.empty(len(w), dtype=object)
    wo[:] = list(w)
    return Ao @ wo


def _solve_active(rows: list[list[int]], rhs: list[int], guess: Sequence[float]) -> list[Fraction] | None:
    """An exact solution of ``rows @ x = rhs``; free variables take rounded values of ``guess``."""
    import flint

    ncols = len(guess)
    if not rows:
        return [Fraction(g).limit_denominator(10**6) for g in guess]
    aug = flint.fmpq_mat(len(rows), ncols + 1, [a for r, b in zip(rows, rhs) for a in (*r, b)])
    R, rank = aug.rref()
    pivots: list[int] = []
    for r in range(rank):
        c = next(c for c in range(ncols + 1) if R[r, c] != 0)
        if c == ncols:
            return None  # inconsistent: these constraints cannot all be tight
        pivots.append(c)

    def frac(q: Any) -> Fraction:
        return Fraction(int(q.p), int(q.q))

    x = [Fraction(0)] * ncols
    free = [c for c in range(ncols) if c not in set(pivots)]
    for c in free:
        x[c] = Fraction(float(guess[c])).limit_denominator(10**6)
    for r, c in enumerate(pivots):
        val = frac(R[r, ncols])
        for f in free:
            coef = R[r, f]
            if coef != 0:
                val -= frac(coef) * x[f]
        x[c] = val
    return x


def _vertex_candidates(
    E: list[list[int]],
    f: list[int],
    G: np.ndarray,
    h: Sequence[int],
    nonneg: np.ndarray,
    x0: np.ndarray,
    slack0: np.ndarray,
) -> Iterator[list[Fraction]]:
    """Exact points that make the constraints tight at the float LP solution ``x0`` tight.

    Constraints: ``E x = f``, ``G x >= h``, ``x[nonneg] >= 0``. ``slack0`` is ``G x0 - h`` on
    payoffs rescaled to [0, 1]. Variables near zero are fixed at zero; the nearly tight
    rows of ``G`` become equations; the system is solved exactly. The caller verifies.
    """
    seen: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for tol in _ACTIVE_TOLS:
        var_keep = np.flatnonzero(~(nonneg & (x0 <= tol)))
        active = np.flatnonzero(slack0 <= tol)
        key = (tuple(var_keep.tolist()), tuple(active.tolist()))
        if key in seen:
            continue
        seen.add(key)
        keep_list = [int(c) for c in var_keep]
        rows = [[r[c] for c in keep_list] for r in E]
        rhs = list(f)
        if len(active):
            sub = G[np.ix_(active, var_keep)]
            rows += [[int(a) for a in row] for row in sub.tolist()]
            rhs += [int(h[int(a)]) for a in active]
        sol = _solve_active(rows, rhs, x0[var_keep].tolist())
        if sol is None:
            continue
        x = [Fraction(0)] * len(x0)
        for c, val in zip(var_keep, sol):
            x[int(c)] = val
        yield x


def _rounded_candidates(x0: np.ndarray, normalise: bool) -> Iterator[list[Fraction]]:
    """``x0`` clipped at 0 and rounded to fractions of growing denominators."""
    x0 = np.clip(x0, 0.0, None)
    for den in _ROUND_DENOMINATORS:
        x = [Fraction(float(v)).limit_denominator(den) for v in x0]
        if normalise:
            total = sum(x)
            if total <= 0:
                continue
            x = [v / total for v in x]
        yield x


# --------------------------------------------------------------------------- linear programs
def _linprog(c: np.ndarray, A_ub: np.ndarray, b_ub: np.ndarray, A_eq: np.ndarray, bounds: list) -> Any:
    from scipy.optimize import linprog  # lazy: scipy is slow to import

    return linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs-ds")


def _strict_lp(S: np.ndarray, j: int, K: list[int]) -> Any:
    """max eps s.t. S[K]^T sigma - eps >= S[j], sum sigma = 1, sigma >= 0 (S rescaled to [0, 1])."""
    m, P = len(K), S.shape[1]
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-S[K].T, np.ones((P, 1))])
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    return _linprog(c, A_ub, -S[j], A_eq, [(0, None)] * m + [(-2.0, 2.0)])


def _weak_lp(S: np.ndarray, j: int, K: list[int]) -> Any:
    """max sum_s (S[K]^T sigma)_s s.t. S[K]^T sigma >= S[j], sum sigma = 1, sigma >= 0."""
    m = len(K)
    c = -S[K].sum(axis=1)
    return _linprog(c, -S[K].T, -S[j], np.ones((1, m)), [(0, None)] * m)


def _clean_simplex(x: np.ndarray) -> np.ndarray:
    x = np.where(x > 1e-12, x, 0.0)
    total = x.sum()
    return x / total if total > 0 else x


# --------------------------------------------------------------------------- mixed dominance
@dataclass
class _Verdict:
    status: str  # "dominated", "kept", "undecided"
    finding: _Finding | None = None
    note: str = ""


def _mixed_check(v: _View, j: int, K: list[int], weak: bool) -> _Verdict:
    """Whether strategy ``j`` is dominated by a mixture of the strategies ``K`` (|K| >= 2)."""
    D = v.D
    tol = v.tol
    colmax = D[K].max(axis=0)
    if weak:
        if np.any(D[j] > colmax + tol):
            return _Verdict("kept")  # the unique best response to some opponent profile
    elif np.any(D[j] >= colmax - tol):
        return _Verdict("kept")  # a best response to some opponent profile
    assert v.F is not None
    F = v.F
    lo, hi = float(F.min()), float(F.max())
    span = hi - lo
    if span <= 0:
        return _Verdict("kept")
    S = (F - lo) / span
    if v.Z is None:
        return _mixed_check_float(v, S, j, K, weak)
    return _mixed_check_exact(v, S, j, K, weak)


def _mixed_check_float(v: _View, S: np.ndarray, j: int, K: list[int], weak: bool) -> _Verdict:
    F = v.F
    assert F is not None
    tol = v.tol
    res = _strict_lp(S, j, K)
    if res.status == 0:
        sigma = _clean_simplex(res.x[:-1])
        adv = sigma @ F[K] - F[j]
        if adv.min() > tol:
            return _Verdict("dominated", _float_finding(j, K, sigma, "strict", float(adv.min())))
        if res.x[-1] < -1e-6:
            # a clearly negative optimum: j is the strict best reply to some belief (LP
            # duality), so no mixture is even weakly better everywhere
            return _Verdict("kept")
    if weak:
        res = _weak_lp(S, j, K)
        if res.status == 0:
            sigma = _clean_simplex(res.x)
            adv = sigma @ F[K] - F[j]
            if adv.min() >= -tol and adv.max() > tol:
                kind = "strict" if adv.min() > tol else "weak"
                margin = float(adv.min()) if kind == "strict" else 0.0
                return _Verdict("dominated", _float_finding(j, K, sigma, kind, margin))
    return _Verdict("kept")


def _float_finding(j: int, K: list[int], sigma: np.ndarray, kind: str, margin: float) -> _Finding:
    return _Finding(j, {k: float(p) for k, p in zip(K, sigma) if p > 0}, kind, margin)


def _mixed_check_exact(v: _View, S: np.ndarray, j: int, K: list[int], weak: bool) -> _Verdict:
    Z = v.Z
    assert Z is not None
    P = Z.shape[1]
    m = len(K)
    ZK = Z[K]
    zj = Z[j]
    Dk = zj[None, :] - ZK  # (m, P): j's advantage over each k, per opponent profile
    ones_m = [1] * m

    def advantages(sigma: list[Fraction]) -> tuple[np.ndarray, int] | None:
        """(sigma . Z[K] - Z[j]) * den for an exact probability vector, or None if not one."""
        if any(p < 0 for p in sigma) or sum(sigma) != 1:
            return None
        w, den = _common_denominator(sigma)
        return _matvec(ZK.T, w) - zj * den, den

    def finding(sigma: list[Fraction], kind: str, adv: np.ndarray, den: int) -> _Finding:
        margin = Fraction(int(adv.min()), den * v.L) if kind == "strict" else Fraction(0)
        return _Finding(j, {k: p for k, p in zip(K, sigma) if p > 0}, kind, margin)

    def belief_ok(mu: list[Fraction], need_full: bool, need_strict: bool) -> bool:
        """Whether j is a best response (strict, or against a full-support belief) to ``mu``."""
        if any(p < 0 for p in mu) or sum(mu) <= 0:
            return False
        if need_full and any(p <= 0 for p in mu):
            return False
        w, _ = _common_denominator(mu)
        gains = _matvec(Dk, w)  # mu . (u_j - u_k) for each k, scaled
        return bool(np.all(gains > 0)) if need_strict else bool(np.all(gains >= 0))

    # ---- strict dominance: max eps s.t. sigma . u_K - eps >= u_j
    res = _strict_lp(S, j, K)
    if res.status != 0:
        return _Verdict("undecided", note=f"the LP failed ({res.message})")
    eps_s = float(res.x[-1])
    sigma0 = np.asarray(res.x[:-1])
    mu0 = np.clip(-np.asarray(res.ineqlin.marginals), 0.0, None)

    def strict_primal() -> _Finding | None:
        E = [ones_m + [0]]
        G = np.hstack([ZK.T.astype(object), np.full((P, 1), -1, dtype=object)])
        x0 = np.append(sigma0, eps_s * float(Z.max() - Z.min()) if Z.size else 0.0)
        nonneg = np.array([True] * m + [False])
        cands = _vertex_candidates(E, [1], G, zj.tolist(), nonneg, x0, np.asarray(res.slack))
        for x in _chain(cands, _rounded_candidates(sigma0, normalise=True)):
            sigma = x[:m]
            got = advantages(sigma)
            if got is not None and got[0].min() > 0:
                return finding(sigma, "strict", *got)
        return None

    def belief(need_full: bool, need_strict: bool, mu_start: np.ndarray, slack: np.ndarray) -> bool:
        E = [[1] * P]
        G = Dk
        cands = _vertex_candidates(E, [1], G, [0] * m, np.ones(P, dtype=bool), mu_start, slack)
        for mu in _chain(cands, _rounded_candidates(mu_start, normalise=True)):
            if belief_ok(mu, need_full, need_strict):
                return True
        return False

    mu_slack = (S[j][None, :] - S[K]) @ (mu0 / mu0.sum() if mu0.sum() > 0 else mu0)
    if eps_s > -1e-6:
        f = strict_primal()
        if f is not None:
            return _Verdict("dominated", f)
    if not weak:
        if belief(False, False, mu0, mu_slack):
            return _Verdict("kept")
        if eps_s <= -1e-6:
            f = strict_primal()
            if f is not None:
                return _Verdict("dominated", f)
        return _Verdict("undecided", note="neither a dominating mixture nor a belief could be certified")
    # ---- weak dominance
    if eps_s < -1e-6 and belief(False, True, mu0, mu_slack):
        return _Verdict("kept")  # a strict best response to some belief
    res_w = _weak_lp(S, j, K)
    if res_w.status == 2:  # infeasible: nothing is even weakly better everywhere
        if belief(False, True, mu0, mu_slack):
            return _Verdict("kept")
        return _Verdict("undecided", note="the weak-dominance LP is infeasible but no belief was certified")
    if res_w.status != 0:
        return _Verdict("undecided", note=f"the LP failed ({res_w.message})")
    sigma_w = np.asarray(res_w.x)
    E = [ones_m]
    for x in _chain(
        _vertex_candidates(E, [1], ZK.T, zj.tolist(), np.ones(m, dtype=bool), sigma_w, np.asarray(res_w.slack)),
        _rounded_candidates(sigma_w, normalise=True),
    ):
        got = advantages(x)
        if got is not None and got[0].min() >= 0 and got[0].max() > 0:
            kind = "strict" if got[0].min() > 0 else "weak"
            return _Verdict("dominated", finding(x, kind, *got))
    # not weakly dominated: j is a best response to a belief with full support, w = 1 + y
    y0 = np.clip(-np.asarray(res_w.ineqlin.marginals), 0.0, None)
    w_slack = (S[j][None, :] - S[K]) @ (1.0 + y0)
    rhs = [-int(s) for s in Dk.sum(axis=1).tolist()]  # Dk (1 + y) >= 0  <=>  Dk y >= -Dk 1
    for y in _chain(
        _vertex_candidates([], [], Dk, rhs, np.ones(P, dtype=bool), y0, w_slack),
        _rounded_candidates(y0, normalise=False),
    ):
        if belief_ok([1 + t for t in y], True, False):
            return _Verdict("kept")
    if belief(False, True, mu0, mu_slack):
        return _Verdict("kept")
    return _Verdict("undecided", note="neither a weakly dominating mixture nor a belief could be certified")


def _chain(*its: Iterator[list[Fraction]]) -> Iterator[list[Fraction]]:
    for it in its:
        yield from it


# --------------------------------------------------------------------------- one player, one round
def _examine(
    data: _Data,
    kept: Sequence[Sequence[int]],
    i: int,
    *,
    weak: bool,
    mixed: bool,
    first_only: bool,
    only: int | None = None,
) -> tuple[list[_Finding], dict[int, str]]:
    """Dominated strategies of player ``i`` in the current game (local indices).

    Returns the findings and, for strategies whose status could not be certified, a note.
    """
    n = len(kept[i])
    if n < 2:
        return [], {}
    v = data.view(i, kept)
    D = v.D
    if D.max() - D.min() <= v.tol:
        return [], {}  # the player is indifferent among everything
    pure = _pure_dominated(v, weak)
    targets = [only] if only is not None else list(range(n))
    found = [pure[j] for j in targets if j in pure]
    if found and (first_only or only is not None):
        return found[:1], {}
    undecided: dict[int, str] = {}
    if mixed:
        candidates = [k for k in range(n) if k not in pure]
        for j in targets:
            if j in pure:
                continue
            K = [k for k in candidates if k != j]
            if len(K) < 2:
                continue
            verdict = _mixed_check(v, j, K, weak)
            if verdict.status == "dominated":
                assert verdict.finding is not None
                found.append(verdict.finding)
                if first_only:
                    break
            elif verdict.status == "undecided":
                undecided[j] = verdict.note
    found.sort(key=lambda f: f.j)
    return found, undecided


# --------------------------------------------------------------------------- public API
def _check_options(game: Any, order: str) -> None:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"expected a NormalFormGame, got {type(game).__name__}")
    if order not in ORDERS:
        raise GameError(f"order: unknown value {order!r}; choose from {', '.join(ORDERS)}")


def _prepare(game: NormalFormGame, exact: bool | None, mixed: bool) -> tuple[NormalFormGame, bool]:
    use_exact = game.is_exact if exact is None else bool(exact)
    if mixed and math.prod(game.shape) > MAX_LP_PROFILES:
        raise GameSizeError(
            f"{' x '.join(map(str, game.shape))} game has {math.prod(game.shape):,} pure profiles, "
            f"more than the {MAX_LP_PROFILES:,} the mixed-dominance LPs accept; "
            "use mixed=False (pure dominance only)"
        )
    target = game.to_exact() if use_exact else game.to_float()
    return target, use_exact


def _player_order(game: NormalFormGame, player_order: Sequence[int | str] | None) -> list[int]:
    if player_order is None:
        return list(range(game.num_players))
    order = [game.player_index(p) for p in player_order]
    if sorted(order) != list(range(game.num_players)):
        raise GameError(
            f"player_order: expected each of the {game.num_players} players exactly once, got {list(player_order)}"
        )
    return order


def eliminate_dominated(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
    order: str = "all-at-once",
    player_order: Sequence[int | str] | None = None,
) -> DominanceResult:
    """Iteratively remove dominated strategies until none is left.

    Parameters
    ----------
    game:
        Any number of players.
    mixed:
        Test domination by mixed strategies too (default); ``False``: by pure strategies
        only (cheaper; misses e.g. a strategy beaten only by a 50-50 mix of two others).
    weak:
        Remove weakly dominated strategies too. The result then depends on the order of
        removal and may lose equilibria; :attr:`DominanceResult.warnings` says so.
    exact:
        ``None`` (default): exact arithmetic for exact games, floats otherwise. In exact
        arithmetic every removal is certified exactly; floats use the game's tolerance.
    order:
        ``"all-at-once"`` (default): each round removes every strategy of every player
        that is dominated in the game at the start of the round. ``"player-by-player"``:
        within a round, players take turns (in ``player_order``), each removing all its
        dominated strategies before the next is examined. ``"one-at-a-time"``: each round
        removes one strategy, the first found (players in ``player_order``, pure
        dominators before mixed ones, lowest strategy index first). For strict dominance
        all orders give the same reduced game.
    player_order:
        Players (names or indices) in the order they are examined; default: game order.

    Returns
    -------
    DominanceResult
        The reduced game, the surviving strategy indices, and the ordered record of removals.
    """
    _check_options(game, order)
    start = time.perf_counter()
    target, use_exact = _prepare(game, exact, mixed)
    porder = _player_order(target, player_order)
    data = _Data(target, use_exact, need_float=mixed)
    kept: list[list[int]] = [list(range(n)) for n in target.shape]
    steps: list[DominanceStep] = []
    notes: dict[tuple[int, int], str] = {}
    rounds = 0

    def record(i: int, found: list[_Finding], rnd: int) -> None:
        local = kept[i]
        names = target.strategies[i]
        for f in found:
            steps.append(
                DominanceStep(
                    round=rnd,
                    player=target.players[i],
                    player_index=i,
                    strategy=names[local[f.j]],
                    strategy_index=local[f.j],
                    dominator={names[local[k]]: p for k, p in sorted(f.weights.items())},
                    kind=f.kind,
                    margin=f.margin,
                )
            )
        gone = {f.j for f in found}
        kept[i] = [s for k, s in enumerate(local) if k not in gone]

    def note(i: int, undecided: dict[int, str], rnd: int) -> None:
        for j, why in undecided.items():
            s = kept[i][j]
            notes[(i, s)] = (
                f"round {rnd}: could not certify exactly whether {target.players[i]}'s "
                f"{target.strategies[i][s]} is dominated ({why}); it was kept"
            )

    while True:
        rnd = rounds + 1
        progress = False
        if order == "all-at-once":
            batch = []
            for i in porder:
                found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=False)
                note(i, undecided, rnd)
                batch.append((i, found))
            for i, found in batch:  # all relative to the game at the start of the round
                if found:
                    record(i, found, rnd)
                    progress = True
        else:
            for i in porder:
                first = order == "one-at-a-time"
                found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=first)
                note(i, undecided, rnd)
                if found:
                    record(i, found, rnd)
                    progress = True
                    if first:
                        break
        if not progress:
            break
        rounds = rnd
        for i in porder:  # a player never loses every strategy (a best reply to a belief survives)
            assert kept[i], "internal error: every strategy of a player was removed"
    warn: list[str] = []
    if weak and steps:
        warn.append(WEAK_DOMINANCE_WARNING)
    # notes about strategies later removed anyway are moot
    alive = {(i, s) for i in range(target.num_players) for s in kept[i]}
    warn += [msg for key, msg in notes.items() if key in alive]
    reduced = _subgame(target, kept)
    return DominanceResult(
        game=reduced,
        original=target,
        kept=tuple(tuple(k) for k in kept),
        steps=tuple(steps),
        warnings=tuple(warn),
        exact=use_exact,
        weak=weak,
        mixed=mixed,
        order=order,
        rounds=rounds,
        elapsed=time.perf_counter() - start,
    )


def _subgame(game: NormalFormGame, kept: Sequence[Sequence[int]]) -> NormalFormGame:
    idx = np.ix_(*[np.asarray(k, dtype=np.intp) for k in kept], np.arange(game.num_players))
    return NormalFormGame(
        game.payoffs[idx],
        players=game.players,
        strategies=[[ss[k] for k in ks] for ss, ks in zip(game.strategies, kept)],
        title=game.title,
        exact=game.is_exact,
    )


def find_dominator(
    game: NormalFormGame,
    player: int | str,
    strategy: int | str,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
) -> DominanceStep | None:
    """A strategy that dominates ``strategy`` of ``player`` in ``game`` (no iteration), or None.

    A pure dominator is preferred (the one with the largest margin); otherwise a mixed one
    from the LP. With ``weak=True`` a strict dominator is still preferred. The returned
    record has ``round=1``. In exact arithmetic ``None`` means the strategy is certified
    undominated, except in the rare case where neither side could be certified (a
    :class:`RuntimeWarning` is issued then).
    """
    _check_options(game, "all-at-once")
    target, use_exact = _prepare(game, exact, mixed)
    i = target.player_index(player)
    j = target._strategy_index(i, strategy)
    data = _Data(target, use_exact, need_float=mixed)
    kept = [list(range(n)) for n in target.shape]
    found, undecided = _examine(data, kept, i, weak=weak, mixed=mixed, first_only=True, only=j)
    if undecided:
        _warnings.warn(
            f"could not certify exactly whether {target.players[i]}'s {target.strategies[i][j]} is "
            f"dominated ({undecided[j]})",
            RuntimeWarning,
            stacklevel=2,
        )
    if not found:
        return None
    f = found[0]
    names = target.strategies[i]
    return DominanceStep(
        round=1,
        player=target.players[i],
        player_index=i,
        strategy=names[j],
        strategy_index=j,
        dominator={names[k]: p for k, p in sorted(f.weights.items())},
        kind=f.kind,
        margin=f.margin,
    )


def is_dominated(
    game: NormalFormGame,
    player: int | str,
    strategy: int | str,
    *,
    mixed: bool = True,
    weak: bool = False,
    exact: bool | None = None,
) -> bool:
    """Whether ``strategy`` of ``player`` is dominated in ``game`` (see :func:`find_dominator`).

    >>> import gametheory as gt
    >>> pd = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> is_dominated(pd, 0, 0), is_dominated(pd, 0, 1)
    (True, False)
    """
    return find_dominator(game, player, strategy, mixed=mixed, weak=weak, exact=exact) is not None

