"""Correlated and coarse correlated equilibria of N-player games.

A *correlated equilibrium* (Aumann 1974, 1987) is a probability distribution ``p`` over
pure profiles such that no player gains by disobeying a recommendation drawn from ``p``:
for every player ``i`` and every pair of own strategies ``s, t``,

    sum_{s_-i} p(s, s_-i) [u_i(s, s_-i) - u_i(t, s_-i)] >= 0.

A *coarse correlated equilibrium* (Moulin & Vial 1978; the set that no-regret learning
converges to, Hannan 1957) only asks that no player prefers committing to a fixed
strategy ``t`` before seeing the recommendation:

    sum_s p(s) [u_i(s) - u_i(t, s_-i)] >= 0.

Both sets are polytopes cut out by linear inequalities in ``p`` (plus ``p >= 0`` and
``sum p = 1``), so optimising a linear objective over them is a linear program
(Papadimitriou & Roughgarden 2008); they are never empty (Hart & Schmeidler 1989), and
every Nash equilibrium, as a product distribution, lies in them.

* :func:`correlated_equilibrium` solves the LP with HiGHS and, in exact mode, re-solves the
  optimal basis in rational arithmetic and proves optimality with an exact dual solution;
  when the floating-point basis is not exactly optimal it finishes with an exact simplex
  method (Bland's rule), so the answer is always an exact optimal vertex.
* :func:`correlated_extreme_points` lists every vertex of the polytope exactly, by the
  double description method (Motzkin et al. 1953; Fukuda & Prodon 1996) with integer
  arithmetic, and verifies each vertex.
* :func:`correlated_violation`, :func:`is_correlated_equilibrium` and
  :func:`product_distribution` check any distribution against the definition.

>>> import gametheory as gt
>>> chicken = gt.NormalFormGame.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
...                                          strategies=[["C", "D"], ["C", "D"]])
>>> ce = correlated_equilibrium(chicken)
>>> ce.support
{('C', 'C'): Fraction(1, 2), ('C', 'D'): Fraction(1, 4), ('D', 'C'): Fraction(1, 4)}
>>> ce.objective_value, ce.max_violation
(Fraction(21, 2), Fraction(0, 1))
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from gametheory._kernel.values import (
    Number,
    format_number,
    is_exact_value,
    json_number,
    to_float,
    to_fraction,
)
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers._common import stopwatch, want_exact

__all__ = [
    "CorrelatedPolytope",
    "CorrelatedResult",
    "correlated_equilibrium",
    "correlated_extreme_points",
    "correlated_violation",
    "is_correlated_equilibrium",
    "product_distribution",
]

#: Largest number of nonzero constraint coefficients the LP may have (about 0.5 GB to build).
MAX_LP_NONZEROS = 20_000_000

#: Largest number of pure profiles :func:`correlated_extreme_points` accepts.
MAX_VERTEX_PROFILES = 64

#: Default cap on the number of vertices :func:`correlated_extreme_points` returns.
DEFAULT_MAX_VERTICES = 10_000

#: A float LP value above this (relative to the largest entry) counts as positive when
#: the floating-point basis is read off HiGHS's solution.
_BASIS_TOLS = (1e-9, 1e-7, 1e-11)

#: Float egalitarian objective: the max-min level found in stage 1, less this much (times
#: ``max(1, max |payoff|)``), is required of every player in stage 2; the larger values are
#: fallbacks in case HiGHS's stage-1 optimum is too high for stage 2 to be feasible.
_LEVEL_SLACKS = (0.0, 1e-9, 1e-7)

#: Cap on exact simplex pivots (Bland's rule terminates, but may take long on large LPs).
MAX_EXACT_PIVOTS = 200_000

Objective = str | Sequence[Any] | Mapping[str, Any] | None


# ============================================================================ result types
def _freeze(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class CorrelatedResult:
    """One (coarse) correlated equilibrium, optimal for the requested objective.

    Attributes
    ----------
    game:
        The game that was solved (the exact copy of a float game solved exactly).
    distribution:
        Read-only array of the game's shape: ``distribution[s_1, ..., s_N]`` is the
        probability of recommending the pure profile ``(s_1, ..., s_N)``. Fractions in
        exact mode, floats otherwise.
    support:
        ``{(strategy name of player 1, ..., of player N): probability}`` for the profiles
        with positive probability, in row-major order.
    payoffs:
        Expected payoff of each player.
    objective:
        ``"welfare"``, ``"egalitarian"``, ``"weights"`` or ``"none"``.
    objective_value:
        Sum of payoffs (welfare), smallest payoff (egalitarian), weighted sum (weights);
        ``None`` when no objective was given.
    max_violation:
        Largest expected gain any player gets from disobeying (for a correlated
        equilibrium: switching a recommended ``s`` to ``t``; for a coarse one: committing
        to ``t`` beforehand), in payoff units. Exactly ``Fraction(0)`` in exact mode.
    coarse:
        Whether this is a coarse correlated equilibrium.
    exact:
        Whether the answer is exact (rational) and exactly optimal.
    elapsed:
        Wall-clock seconds.
    parameters:
        Arguments that affect the answer (objective weights, ...).
    diagnostics:
        How the answer was obtained and certified; warnings in float mode.
    """

    game: NormalFormGame
    distribution: np.ndarray
    support: dict[tuple[str, ...], Number]
    payoffs: tuple[Number, ...]
    objective: str
    objective_value: Number | None
    max_violation: Number
    coarse: bool
    exact: bool
    elapsed: float = 0.0
    parameters: dict[str, Any] = field(default_factory=dict)
    diagnostics: tuple[str, ...] = ()

    @property
    def welfare(self) -> Number:
        """Sum of the players' expected payoffs."""
        return sum(self.payoffs[1:], start=self.payoffs[0])

    def marginals(self) -> tuple[tuple[Number, ...], ...]:
        """Each player's marginal distribution over own strategies."""
        return _marginals(self.distribution)

    def to_json(self) -> dict[str, Any]:
        g = self.game
        return {
            "players": list(g.players),
            "strategies": [list(s) for s in g.strategies],
            "coarse": self.coarse,
            "exact": self.exact,
            "objective": self.objective,
            "objective_value": None if self.objective_value is None else json_number(self.objective_value),
            "support": [
                {"profile": list(prof), "probability": json_number(x)} for prof, x in self.support.items()
            ],
            "payoffs": [json_number(x) for x in self.payoffs],
            "max_violation": json_number(self.max_violation),
            "elapsed_seconds": self.elapsed,
            "parameters": {k: _json_param(v) for k, v in self.parameters.items()},
            "diagnostics": list(self.diagnostics),
        }

    def __str__(self) -> str:
        kind = "Coarse correlated" if self.coarse else "Correlated"
        head = f"{kind} equilibrium"
        if self.objective_value is not None:
            head += f" ({self.objective} {format_number(self.objective_value)})"
        body = "; ".join(f"({', '.join(prof)}): {format_number(x)}" for prof, x in self.support.items())
        return f"{head}: {body}"


@dataclass(frozen=True, eq=False)
class CorrelatedPolytope:
    """Every vertex of a game's (coarse) correlated equilibrium polytope, exactly.

    Attributes
    ----------
    game:
        The (exact) game.
    coarse:
        Whether this is the coarse correlated equilibrium polytope.
    vertices:
        One read-only Fraction array of the game's shape per vertex, sorted by decreasing
        welfare, then lexicographically.
    payoffs:
        Expected payoffs of each player at each vertex.
    dimension:
        Affine dimension of the polytope.
    elapsed, diagnostics:
        As in :class:`CorrelatedResult`.
    """

    game: NormalFormGame
    coarse: bool
    vertices: tuple[np.ndarray, ...]
    payoffs: tuple[tuple[Fraction, ...], ...]
    dimension: int
    elapsed: float = 0.0
    diagnostics: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.vertices)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self.vertices)

    def supports(self) -> list[dict[tuple[str, ...], Number]]:
        """Each vertex as ``{profile names: probability}`` over its support."""
        return [_support_dict(self.game, v) for v in self.vertices]

    def to_json(self) -> dict[str, Any]:
        g = self.game
        return {
            "players": list(g.players),
            "strategies": [list(s) for s in g.strategies],
            "coarse": self.coarse,
            "dimension": self.dimension,
            "vertices": [
                [{"profile": list(prof), "probability": str(x)} for prof, x in sup.items()]
                for sup in self.supports()
            ],
            "payoffs": [[str(x) for x in pay] for pay in self.payoffs],
            "elapsed_seconds": self.elapsed,
            "diagnostics": list(self.diagnostics),
        }


def _json_param(v: Any) -> Any:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_json_param(x) for x in v]
    return v


# ============================================================================ distributions
def _support_dict(game: NormalFormGame, dist: np.ndarray) -> dict[tuple[str, ...], Number]:
    out: dict[tuple[str, ...], Number] = {}
    for idx in zip(*np.nonzero(dist != 0)):
        prof = tuple(game.strategies[i][int(k)] for i, k in enumerate(idx))
        out[prof] = dist[tuple(int(k) for k in idx)]
    return out


def _marginals(dist: np.ndarray) -> tuple[tuple[Number, ...], ...]:
    out = []
    for i in range(dist.ndim):
        moved = np.moveaxis(dist, i, 0).reshape(dist.shape[i], -1)
        out.append(tuple(moved.sum(axis=1).tolist()))
    return tuple(out)


def product_distribution(game: NormalFormGame, profile: Any) -> np.ndarray:
    """The joint distribution of independent mixed strategies: ``p(s) = prod_i x_i(s_i)``.

    ``profile`` is any mixed profile :meth:`NormalFormGame.normalize_profile` accepts.
    The result (game-shaped, Fractions for exact profiles) is a correlated equilibrium
    exactly when the profile is a Nash equilibrium.
    """
    prof = game.normalize_profile(profile)
    exact = isinstance(prof[0][0], Fraction)
    out = np.array(prof[0], dtype=object if exact else np.float64)
    for vec in prof[1:]:
        out = np.multiply.outer(out, np.array(vec, dtype=object if exact else np.float64))
    return out


def _as_distribution(game: NormalFormGame, distribution: Any, where: str) -> np.ndarray:
    """Validate a joint distribution (array of the game's shape, or ``{profile: prob}``)."""
    shape = game.shape
    if isinstance(distribution, Mapping):
        entries: list[Any] = [0] * math.prod(shape)
        seen: set[int] = set()
        for key, prob in distribution.items():
            if not isinstance(key, (tuple, list)) or len(key) != game.num_players:
                raise GameError(f"{where}: key {key!r} is not a profile of {game.num_players} strategies")
            for s in key:
                if not isinstance(s, (str, int, np.integer)) or isinstance(s, bool):
                    raise GameError(f"{where}: key {key!r}: strategies are names or 0-based indices, got {s!r}")
            try:
                idx = tuple(game._strategy_index(i, s) for i, s in enumerate(key))
            except GameError as exc:
                raise GameError(f"{where}: key {key!r}: {exc}") from None
            flat = int(np.ravel_multi_index(idx, shape))
            if flat in seen:
                raise GameError(f"{where}: profile {key!r} is given twice")
            seen.add(flat)
            entries[flat] = prob
        values = entries
    else:
        arr = np.asarray(distribution, dtype=object)
        if arr.shape != shape:
            raise GameError(f"{where}: expected an array of shape {shape}, got shape {arr.shape}")
        values = arr.reshape(-1).tolist()
    exact = game.is_exact and all(is_exact_value(v) for v in values)
    if exact:
        q = [to_fraction(v, f"{where} entry") for v in values]
        if min(q) < 0:
            raise GameError(f"{where}: negative probability {min(q)}")
        if sum(q) != 1:
            raise GameError(f"{where}: probabilities sum to {sum(q)}, not 1")
        return np.array(q, dtype=object).reshape(shape)
    f = np.array([to_float(v, f"{where} entry") for v in values], dtype=np.float64)
    if f.min() < -1e-9:
        raise GameError(f"{where}: negative probability {f.min():.3g}")
    if abs(f.sum() - 1.0) > 1e-9 * max(1, f.size):
        raise GameError(f"{where}: probabilities sum to {f.sum():.12g}, not 1")
    return np.clip(f, 0.0, None).reshape(shape)


def _deviation_values(dist: np.ndarray, U: np.ndarray, i: int) -> np.ndarray:
    """``V[s, t] = sum_{s_-i} p(s, s_-i) u_i(t, s_-i)`` for player ``i``."""
    n = dist.shape[i]
    Pm = np.moveaxis(dist, i, 0).reshape(n, -1)
    Um = np.moveaxis(U, i, 0).reshape(n, -1)
    return np.asarray(Pm.dot(Um.T))


def _max_gain(game: NormalFormGame, dist: np.ndarray, coarse: bool) -> Number:
    """Largest gain from disobeying ``dist`` (0 when it is a (coarse) correlated equilibrium)."""
    exact = dist.dtype == object
    pay = game.payoffs if exact else game.payoffs.astype(np.float64)
    if exact and not game.is_exact:
        pay = game.to_exact().payoffs
    best: Number = Fraction(0) if exact else 0.0
    for i in range(game.num_players):
        V = _deviation_values(dist, pay[..., i], i)
        diag = np.diagonal(V)
        if coarse:
            gains = V.sum(axis=0) - diag.sum()
            g = max(gains.tolist())
        else:
            g = max((V - diag[:, None]).reshape(-1).tolist())
        if g > best:
            best = g
    if exact:
        return Fraction(best)
    return max(float(best), 0.0)


def correlated_violation(game: NormalFormGame, distribution: Any, *, coarse: bool = False) -> Number:
    """Largest expected gain a player gets by disobeying the distribution (>= 0).

    ``distribution`` is an array of the game's shape or a mapping ``{profile: probability}``
    (profiles as strategy names or indices; missing profiles have probability 0). For a
    correlated equilibrium the deviation switches a recommended ``s`` to ``t``; with
    ``coarse=True`` it commits to ``t`` before the recommendation. Exact (a Fraction) when
    the game and the probabilities are exact; 0 exactly when the distribution is an
    equilibrium.
    """
    dist = _as_distribution(game, distribution, "correlated_violation")
    return _max_gain(game, dist, coarse)


def is_correlated_equilibrium(
    game: NormalFormGame, distribution: Any, *, coarse: bool = False, tol: float | None = None
) -> bool:
    """Whether ``distribution`` is a (coarse, with ``coarse=True``) correlated equilibrium.

    Exact data are checked exactly; otherwise the violation may be at most ``tol``
    (default ``1e-9``) times ``max(1, max |payoff|)``.
    """
    dist = _as_distribution(game, distribution, "is_correlated_equilibrium")
    v = _max_gain(game, dist, coarse)
    if isinstance(v, Fraction):
        return v == 0
    return float(v) <= game.tolerance(tol)


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


# ============================================================================ objectives
def _parse_objective(game: NormalFormGame, objective: Objective, exact: bool) -> tuple[str, list[Number] | None]:
    """Objective kind and, for linear objectives, one weight per player."""
    N = game.num_players
    one: Number = Fraction(1) if exact else 1.0
    if objective is None:
        return "none", None
    if isinstance(objective, str):
        if objective == "welfare":
            return "welfare", [one] * N
        if objective == "egalitarian":
            return "egalitarian", None
        raise GameError(
            f"correlated_equilibrium: objective must be 'welfare', 'egalitarian', None or one "
            f"weight per player, got {objective!r}"
        )
    if isinstance(objective, Mapping):
        unknown = set(objective) - set(game.players)
        if unknown:
            raise GameError(f"correlated_equilibrium: objective names unknown players {sorted(map(str, unknown))}")
        raw = [objective.get(p, 0) for p in game.players]
    else:
        raw = list(objective)
    if len(raw) != N:
        raise GameError(f"correlated_equilibrium: objective needs {N} weights (one per player), got {len(raw)}")
    conv = to_fraction if exact else to_float
    return "weights", [conv(w, "correlated_equilibrium: objective weight") for w in raw]


# ============================================================================ float LP
@dataclass
class _FloatLP:
    x: np.ndarray  # primal values of the structural variables
    slack: np.ndarray  # row activities G x (>= 0)
    rc_x: np.ndarray  # |reduced cost| of each structural variable
    rc_slack: np.ndarray  # |dual| of each row (= |reduced cost| of its slack)


def _float_lp(
    rows: _Rows,
    nvars: int,
    P: int,
    c: np.ndarray,
    fixed: list[bool] | None = None,
    equalities: list[bool] | None = None,
) -> _FloatLP:
    """``max c.x  s.t.  G x >= 0, sum(x[:P]) = 1, x >= 0`` with HiGHS.

    ``fixed[j]`` pins ``x_j`` to 0 and ``equalities[k]`` makes row ``k`` an equation (both
    describe an optimal face in the second stage of a lexicographic optimisation).
    """
    from scipy.optimize import linprog  # lazy: scipy is slow to import
    from scipy.sparse import csr_matrix, vstack

    m = len(rows)
    if m:
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum([len(cc) for cc in rows.cols], out=indptr[1:])
        G = csr_matrix((np.concatenate(rows.fvals), np.concatenate(rows.cols), indptr), shape=(m, nvars))
    else:
        G = csr_matrix((0, nvars))
    eq_mask = np.array(equalities if equalities is not None else [False] * m, dtype=bool)
    sum_row = np.zeros((1, nvars))
    sum_row[0, :P] = 1.0
    ineq_idx = np.flatnonzero(~eq_mask)
    eq_idx = np.flatnonzero(eq_mask)
    A_ub = -G[ineq_idx] if ineq_idx.size else None
    b_ub = np.zeros(ineq_idx.size) if ineq_idx.size else None
    A_eq = vstack([csr_matrix(sum_row), G[eq_idx]]) if eq_idx.size else sum_row
    b_eq = np.zeros(1 + eq_idx.size)
    b_eq[0] = 1.0
    bounds: Any = (0, None)
    if fixed is not None and any(fixed):
        bounds = [(0, 0) if f else (0, None) for f in fixed]
    scale = float(np.max(np.abs(c))) if c.size and np.any(c) else 1.0
    res = linprog(
        -c / scale,
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=A_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if res.status != 0:  # pragma: no cover - the polytope is non-empty and bounded
        raise SolverError(f"correlated_equilibrium: HiGHS failed: {res.message}")
    x = np.clip(res.x, 0.0, None)
    # a variable fixed at 0 reports its reduced cost as the marginal of either bound
    rc_x = np.abs(np.asarray(res.lower.marginals, dtype=np.float64)) + np.abs(
        np.asarray(res.upper.marginals, dtype=np.float64)
    )
    rc_s = np.zeros(m)
    if ineq_idx.size:
        rc_s[ineq_idx] = np.abs(np.asarray(res.ineqlin.marginals, dtype=np.float64))
    if eq_idx.size:
        rc_s[eq_idx] = np.abs(np.asarray(res.eqlin.marginals, dtype=np.float64)[1:])
    return _FloatLP(x, np.asarray(G @ x).reshape(-1), rc_x, rc_s)


def _guess_basis(lp: _FloatLP, Mf: np.ndarray, tol: float, allowed: list[bool]) -> list[int]:
    """A basis suggested by HiGHS's solution: positive variables first, then variables whose
    reduced cost is zero, then the rest, keeping only linearly independent columns."""
    vals = np.concatenate([lp.x, lp.slack])
    rc = np.concatenate([lp.rc_x, lp.rc_slack])
    nrows = Mf.shape[0]
    positive = [j for j in np.argsort(-vals, kind="stable").tolist() if vals[j] > tol and allowed[j]]
    pos_set = set(positive)
    rest = [j for j in np.argsort(rc, kind="stable").tolist() if j not in pos_set and allowed[j]]
    norms = np.linalg.norm(Mf, axis=0)
    Q = np.zeros((nrows, nrows))
    basis: list[int] = []
    for j in positive + rest:
        if norms[j] == 0:
            continue
        a = Mf[:, j] / norms[j]
        k = len(basis)
        r = a - Q[:, :k] @ (Q[:, :k].T @ a)
        r -= Q[:, :k] @ (Q[:, :k].T @ r)
        nr = float(np.linalg.norm(r))
        if nr > 1e-8:
            Q[:, k] = r / nr
            basis.append(j)
            if len(basis) == nrows:
                break
    return basis


# ============================================================================ exact: support path
def _rref_solution(mat: list[list[int]], rhs: list[int], ncols: int, unique: bool) -> tuple[list[int], int] | None:
    """One solution of ``mat z = rhs`` as integer numerators over a common denominator.

    Fraction-free row reduction (FLINT); free variables are set to 0, so the leftmost
    independent columns carry the solution. ``None`` when the system is inconsistent, or
    when ``unique`` and the solution is not unique.
    """
    if not mat:
        return None
    R, den, rank = flint.fmpz_mat([row + [b] for row, b in zip(mat, rhs)]).rref()
    num = [0] * ncols
    npiv = 0
    for i in range(int(rank)):
        col = next(j for j in range(ncols + 1) if R[i, j] != 0)
        if col == ncols:
            return None
        num[col] = int(R[i, ncols])
        npiv += 1
    if unique and npiv < ncols:
        return None
    d = int(den)
    if d < 0:
        num, d = [-v for v in num], -d
    return num, d


@dataclass
class _Certified:
    """An exact optimal solution with its dual certificate.

    ``x`` (structural variables), ``y`` (row duals: >= 0 on inequality rows), ``v`` (dual
    of ``sum x[:P] = 1``) and ``r`` (reduced costs ``c + G^T y - v e``: <= 0 on every
    variable that is not fixed, 0 where ``x > 0``); with ``y . G x = 0`` this proves
    ``c . x = v`` is the optimum.
    """

    x: list[Fraction]
    y: list[Fraction]
    r: list[Fraction]


def _support_certificate(
    rows: _Rows,
    nvars: int,
    P: int,
    c: list[Fraction],
    flp: _FloatLP,
    fixed: list[bool],
    equalities: list[bool],
) -> _Certified | None:
    """Exact optimum from the float solution's support, without a full basis.

    Primal: the positive variables ``S`` and the tight rows ``T`` (within a tolerance)
    determine the vertex; ``G_T x_S = 0, sum x_S = 1`` is solved exactly and must have a
    unique solution that satisfies every constraint. Dual: the rows ``Y`` with a nonzero
    float dual carry ``y``; ``(G^T y)_j - v e_j = -c_j`` for ``j`` in ``S`` is solved
    exactly and the signs of ``y`` and of every reduced cost are checked. These systems
    are the size of the support, not of the whole LP. ``None`` if any check fails.
    """
    m = len(rows)
    den_c = 1
    for v in c:
        den_c = math.lcm(den_c, v.denominator)
    cint = [int(v * den_c) for v in c]
    e = [1 if j < P else 0 for j in range(nvars)]
    maps = [dict(zip(cols.tolist(), q)) for cols, q in zip(rows.cols, rows.qvals)]
    for tol in _BASIS_TOLS:
        S = [j for j in range(nvars) if flp.x[j] > tol and not fixed[j]]
        T = [k for k in range(m) if equalities[k] or flp.slack[k] <= tol]
        if not S:
            continue
        # ---- primal: unique solution of the tight system on the support
        mat = [[maps[k].get(j, 0) for j in S] for k in T] + [[e[j] for j in S]]
        sol = _rref_solution(mat, [0] * len(T) + [1], len(S), unique=True)
        if sol is None:
            continue
        num, den = sol
        if any(v < 0 for v in num):
            continue
        xs = dict(zip(S, num))
        acts = [sum(mp.get(j, 0) * v for j, v in xs.items()) for mp in maps]
        if any(a < 0 for a in acts) or any(a != 0 for a, eq in zip(acts, equalities) if eq):
            continue
        # ---- dual: y on rows with a nonzero float dual, v for the sum row
        tight = set(k for k in range(m) if acts[k] == 0)
        Y = [k for k in sorted(tight, key=lambda k: -flp.rc_slack[k]) if flp.rc_slack[k] > tol]
        # unknowns: v first, then y_k; equations: zero reduced cost on the support and on
        # the variables HiGHS left basic at zero (zero float reduced cost)
        # (fixed ones included: HiGHS's dual is basic, and mimicking it pins down y)
        zero_rc = set(S) | {j for j in range(nvars) if flp.rc_x[j] <= tol}
        E = sorted(zero_rc)
        dmat = [[-e[j]] + [maps[k].get(j, 0) for k in Y] for j in E]
        dsol = _rref_solution(dmat, [-cint[j] for j in E], 1 + len(Y), unique=False)
        if dsol is None:
            continue
        dnum, dden = dsol
        vnum, ynum = dnum[0], dnum[1:]
        if any(yv < 0 for yv, k in zip(ynum, Y) if not equalities[k]):
            continue
        red = [cint[j] * dden - e[j] * vnum for j in range(nvars)]
        for yv, k in zip(ynum, Y):
            if yv:
                for j, g in maps[k].items():
                    red[j] += g * yv
        if any(red[j] > 0 for j in range(nvars) if not fixed[j]):
            continue
        scale = den_c * dden
        x = [Fraction(0)] * nvars
        for j, xn in xs.items():
            x[j] = Fraction(xn, den)
        y = [Fraction(0)] * m
        for yv, k in zip(ynum, Y):
            y[k] = Fraction(yv, scale)
        return _Certified(x, y, [Fraction(v, scale) for v in red])
    return None


# ============================================================================ exact LP
def _fmpq_to_fraction(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))


class _StandardForm:
    """The LP ``max c.x  s.t.  G x >= 0, sum(x[:P]) = 1, x >= 0`` in standard form over the
    rationals: ``M z = b, z >= 0`` with ``z = (x, s)``, row 0 ``sum(x[:P]) = 1`` and row
    ``1 + k`` ``G_k x - s_k = 0``. Every row has its own slack, so ``M`` has full row rank.

    A basis (``nrows`` column indices) is checked with FLINT's exact rational solver;
    :meth:`simplex` is the revised simplex method with Bland's smallest-index rule (Bland
    1977), which cannot cycle, so it always ends at an exact optimum.
    """

    def __init__(self, rows: _Rows, nvars: int, P: int):
        m = len(rows)
        self.nvars, self.P, self.m = nvars, P, m
        self.nrows, self.ncols = m + 1, nvars + m
        M = [[1 if j < P else 0 for j in range(self.ncols)]]
        Mf = np.zeros((self.nrows, self.ncols))
        Mf[0, :P] = 1.0
        for k in range(m):
            row = [0] * self.ncols
            for j, v in zip(rows.cols[k].tolist(), rows.qvals[k]):
                row[j] = v
            row[nvars + k] = -1
            M.append(row)
            Mf[k + 1, rows.cols[k]] = rows.fvals[k]
            Mf[k + 1, nvars + k] = -1.0
        self.M = M
        self.Mf = Mf
        self.colsT = [list(col) for col in zip(*M)]
        self.Mq = flint.fmpq_mat(flint.fmpz_mat(M))
        self.b = flint.fmpz_mat(self.nrows, 1, [1] + [0] * m)
        self.pivots = 0
        self.last_basis: list[int] = []

    def canonical_basis(self) -> list[int]:
        """``x_0`` and every slack: always nonsingular."""
        return [0] + [self.nvars + k for k in range(self.m)]

    def _matrix(self, basis: list[int], colsT: list[list[int]]) -> flint.fmpz_mat:
        n = self.nrows
        return flint.fmpz_mat(n, n, [colsT[j][r] for r in range(n) for j in basis])

    def primal(self, basis: list[int], colsT: list[list[int]] | None = None) -> list[Any] | None:
        """Basic solution values ``x_B`` (FLINT rationals), or None for a singular basis."""
        try:
            return list(self._matrix(basis, colsT or self.colsT).solve(self.b).entries())
        except ZeroDivisionError:
            return None

    def reduced_costs(
        self, basis: list[int], c: list[int], colsT: list[list[int]], Mq: flint.fmpq_mat
    ) -> list[Any]:
        """``c - M^T y`` with ``B^T y = c_B``: all <= 0 proves a feasible basis optimal."""
        B = self._matrix(basis, colsT)
        y: Any = B.transpose().solve(flint.fmpz_mat(self.nrows, 1, [c[j] for j in basis]))
        yM = (y.transpose() * Mq).entries()
        return [cj - v for cj, v in zip(c, yM)]

    def simplex(
        self,
        basis: list[int],
        c: list[int],
        allowed: list[bool],
        colsT: list[list[int]] | None = None,
        Mq: flint.fmpq_mat | None = None,
    ) -> tuple[list[int], list[Any], list[Any]]:
        """Bland's-rule primal simplex from a feasible ``basis``; only ``allowed`` columns
        enter. Returns the optimal basis, ``x_B`` and the reduced costs."""
        colsT = colsT or self.colsT
        Mq = Mq if Mq is not None else self.Mq
        basis = list(basis)
        n = self.nrows
        while True:
            B = self._matrix(basis, colsT)
            xB = list(B.solve(self.b).entries())
            d = self.reduced_costs(basis, c, colsT, Mq)
            in_basis = set(basis)
            enter = next((j for j in range(len(c)) if allowed[j] and j not in in_basis and d[j] > 0), None)
            if enter is None:
                return basis, xB, d
            if self.pivots >= MAX_EXACT_PIVOTS:
                raise SolverError(
                    f"correlated_equilibrium: exact simplex exceeded {MAX_EXACT_PIVOTS} pivots; "
                    "solve with exact=False"
                )
            u = list(B.solve(flint.fmpz_mat(n, 1, colsT[enter])).entries())
            leave = -1
            best = None
            for r in range(n):
                if u[r] > 0:
                    ratio = xB[r] / u[r]
                    if best is None or ratio < best or (ratio == best and basis[r] < basis[leave]):
                        best, leave = ratio, r
            if leave < 0:  # pragma: no cover - the feasible set is bounded
                raise SolverError("correlated_equilibrium: unbounded LP (internal error)")
            basis[leave] = enter
            self.pivots += 1

    def feasible_basis(self, basis: list[int], allowed: list[bool]) -> list[int]:
        """A feasible basis from a nonsingular one, by phase 1 with a single artificial
        variable (Chvatal 1983, ch. 3): the artificial column ``-sum of the basic columns
        with negative values`` enters in place of the most negative one, which makes the
        basis feasible; the simplex method then drives the artificial variable to 0."""
        xB = self.primal(basis)
        assert xB is not None
        if all(v >= 0 for v in xB):
            return basis
        n, nc = self.nrows, self.ncols
        neg = [r for r in range(n) if xB[r] < 0]
        art = [-sum(self.colsT[basis[r]][i] for r in neg) for i in range(n)]
        colsT = self.colsT + [art]
        Mq = flint.fmpq_mat(flint.fmpz_mat([row + [a] for row, a in zip(self.M, art)]))
        rstar = min(neg, key=lambda r: (xB[r], basis[r]))
        start = list(basis)
        start[rstar] = nc
        c1 = [0] * nc + [-1]
        basis1, xB1, _ = self.simplex(start, c1, allowed + [False], colsT, Mq)
        if nc in basis1:
            r = basis1.index(nc)
            if xB1[r] != 0:  # pragma: no cover - correlated equilibria exist
                raise SolverError("correlated_equilibrium: the LP is infeasible (internal error)")
            B = self._matrix(basis1, colsT)
            w: Any = B.transpose().solve(flint.fmpz_mat(n, 1, [1 if k == r else 0 for k in range(n)]))
            row = (w.transpose() * Mq).entries()
            in_basis = set(basis1)
            j = next((j for j in range(nc) if allowed[j] and j not in in_basis and row[j] != 0), None)
            if j is None:  # pragma: no cover - M has full row rank
                raise SolverError("correlated_equilibrium: dependent constraints (internal error)")
            basis1[r] = j
        return basis1

    def optimise(
        self,
        c: list[Fraction],
        flp: _FloatLP | None,
        allowed: list[bool] | None = None,
        start: list[int] | None = None,
    ) -> tuple[list[Fraction], list[Any], list[str]]:
        """Exact optimal vertex: HiGHS's basis if it is exactly optimal, else simplex pivots.

        ``start`` is a known feasible basis (used when HiGHS's is not feasible); otherwise
        phase 1 starts from HiGHS's basis or, failing that, :meth:`canonical_basis`.
        Returns the full solution ``z``, the reduced costs and notes for the diagnostics.
        """
        den = 1
        for v in c:
            den = math.lcm(den, v.denominator)
        cint = [int(v * den) for v in c] + [0] * (self.ncols - len(c))
        ok = allowed if allowed is not None else [True] * self.ncols
        before = self.pivots
        basis: list[int] | None = None
        fallback: list[int] | None = None
        source = "HiGHS's final basis"
        if flp is not None:
            for tol in _BASIS_TOLS:
                guess = _guess_basis(flp, self.Mf, tol, ok)
                if len(guess) != self.nrows:
                    continue
                xB = self.primal(guess)
                if xB is None:
                    continue
                if all(v >= 0 for v in xB):
                    basis = guess
                    break
                fallback = fallback or guess
        if basis is None:
            if start is not None:
                basis, source = start, "the first stage's optimal basis"
            else:
                base = fallback or self.canonical_basis()
                basis = self.feasible_basis(base, ok)
                source = "an exact phase 1 (single artificial variable)"
        basis, xB, d = self.simplex(basis, cint, ok)
        self.last_basis = basis
        pivots = self.pivots - before
        z = [Fraction(0)] * self.ncols
        for j, v in zip(basis, xB):
            z[j] = _fmpq_to_fraction(v)
        if pivots == 0 and source.startswith("HiGHS"):
            note = (
                "exact: HiGHS's basis was re-solved in rational arithmetic and is optimal "
                "(exact certificate: every reduced cost <= 0)"
            )
        else:
            note = (
                f"exact: from {source}, {pivots} exact simplex pivots (Bland's rule) to an optimum "
                "certified by exact reduced costs"
            )
        return z, d, [note]


# ============================================================================ main entry
def correlated_equilibrium(
    game: NormalFormGame,
    *,
    objective: Objective = "welfare",
    coarse: bool = False,
    exact: bool | None = None,
) -> CorrelatedResult:
    """A (coarse) correlated equilibrium that is optimal for ``objective``.

    Parameters
    ----------
    game:
        Any N-player game.
    objective:
        ``"welfare"`` (default): maximise the sum of expected payoffs.
        ``"egalitarian"``: maximise the smallest expected payoff; among those, maximise
        welfare. A sequence of one weight per player (or a mapping ``{player: weight}``,
        missing players weigh 0): maximise ``sum_i w_i u_i``. ``None``: any equilibrium
        (a vertex of the polytope).
    coarse:
        ``True`` for a coarse correlated equilibrium (Moulin & Vial 1978): players only
        compare obeying with committing to a fixed strategy in advance.
    exact:
        Rational arithmetic (default for exact games): the distribution is an exact
        vertex, ``max_violation`` is exactly 0 and optimality is proved by an exact dual
        solution. ``False``: HiGHS's floating-point answer, checked to tolerance.

    Returns
    -------
    CorrelatedResult
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"correlated_equilibrium: expected a NormalFormGame, got {type(game).__name__}")
    use_exact = want_exact(game, exact)
    nnz = _nonzeros(game, coarse)
    if nnz > MAX_LP_NONZEROS:
        raise GameSizeError(
            f"correlated_equilibrium: the LP of this {' x '.join(map(str, game.shape))} game has "
            f"{nnz:,} constraint coefficients, more than the limit of {MAX_LP_NONZEROS:,}"
        )
    diagnostics: list[str] = []
    target = game
    if use_exact and not game.is_exact:
        target = game.to_exact()
        diagnostics.append("float payoffs were read as the decimals they print as (exact=True)")
    elif not use_exact and game.is_exact:
        target = game.to_float()
    kind, weights = _parse_objective(target, objective, use_exact)
    shape = target.shape
    N = target.num_players
    P = math.prod(shape)
    with stopwatch() as t:
        rows = _incentive_rows(target, coarse, use_exact)
        U = target.payoffs.reshape(P, N)  # row-major profiles
        if kind == "egalitarian":
            x = _egalitarian(target, rows, U, P, use_exact, diagnostics)
        else:
            if weights is None:
                c_list: list[Number] = [Fraction(0) if use_exact else 0.0] * P
            else:
                c_list = [sum((w * u for w, u in zip(weights, U[j].tolist())), start=0 * weights[0]) for j in range(P)]
            x = _optimise(rows, P, P, c_list, use_exact, diagnostics)
        if use_exact:
            dist = np.array(x[:P], dtype=object).reshape(shape)
        else:
            p = np.clip(np.asarray(x[:P], dtype=np.float64), 0.0, None)
            p[p < 1e-14] = 0.0
            dist = (p / p.sum()).reshape(shape)
        payoffs = _expected_payoffs(dist, target)
        violation = _max_gain(target, dist, coarse)
    if use_exact and violation != 0:  # pragma: no cover - the exact LP solution is feasible
        raise SolverError(f"correlated_equilibrium: exact solution violates a constraint by {violation}")
    if not use_exact and float(violation) > target.tolerance():
        diagnostics.append(
            f"the LP solution violates an incentive constraint by {float(violation):.3g}, above the "
            f"tolerance {target.tolerance():.3g}; solve with exact=True to be sure"
        )
    value: Number | None
    if kind == "none":
        value = None
    elif kind == "egalitarian":
        value = min(payoffs)
    else:
        assert weights is not None
        value = sum((w * u for w, u in zip(weights, payoffs)), start=0 * weights[0])
    params: dict[str, Any] = {"objective": kind, "coarse": coarse}
    if kind == "weights":
        params["weights"] = list(weights or [])
    return CorrelatedResult(
        game=target,
        distribution=_freeze(dist),
        support=_support_dict(target, dist),
        payoffs=payoffs,
        objective=kind,
        objective_value=value,
        max_violation=violation,
        coarse=coarse,
        exact=use_exact,
        elapsed=t[0],
        parameters=params,
        diagnostics=tuple(diagnostics),
    )


def _expected_payoffs(dist: np.ndarray, game: NormalFormGame) -> tuple[Number, ...]:
    P = dist.size
    U = game.payoffs.reshape(P, game.num_players)
    flat = dist.reshape(-1)
    if dist.dtype == object:
        return tuple(Fraction(v) for v in flat.dot(U).tolist())
    return tuple(float(v) for v in flat @ U.astype(np.float64))


_FAST_NOTE = (
    "exact: the float optimum's support was re-solved in rational arithmetic; exact dual "
    "solution certifies optimality (every reduced cost <= 0)"
)


def _optimise(
    rows: _Rows, nvars: int, P: int, c: list[Number], exact: bool, diagnostics: list[str]
) -> list[Number]:
    """Optimal vertex of ``max c.x s.t. rows >= 0, sum x[:P] = 1, x >= 0``."""
    cf = np.array([float(v) for v in c], dtype=np.float64)
    flp = _float_lp(rows, nvars, P, cf)
    if not exact:
        return list(flp.x)
    cq = [Fraction(v) for v in c]
    cert = _support_certificate(rows, nvars, P, cq, flp, [False] * nvars, [False] * len(rows))
    if cert is not None:
        diagnostics.append(_FAST_NOTE)
        return list(cert.x)
    sf = _StandardForm(rows, nvars, P)
    z, _, notes = sf.optimise(cq, flp)
    diagnostics.extend(notes)
    return list(z[:nvars])


def _egalitarian(
    game: NormalFormGame, rows: _Rows, U: np.ndarray, P: int, exact: bool, diagnostics: list[str]
) -> list[Number]:
    """Max-min expected payoff, then maximal welfare among the max-min distributions.

    Stage 1 adds a variable ``z >= 0`` with ``u_i(p) - L >= z`` for every player (``L``
    the smallest payoff, so ``z`` need not be free) and maximises ``z``. Stage 2 maximises
    welfare over stage 1's optimal face. Exactly, that face is read off an exact optimal
    dual solution of stage 1 (by complementary slackness: variables with a negative
    reduced cost stay 0, rows with a positive dual hold with equality), so no rounded
    level ``z*`` enters any constraint. In float mode stage 2 requires
    ``u_i(p) >= L + z*`` instead; if HiGHS finds that infeasible, the level is lowered
    by ``1e-9 * scale``, then by ``1e-7 * scale`` (``scale = max(1, max |payoff|)``).
    """
    N = game.num_players
    low = min(U.reshape(-1).tolist())
    stage1 = _copy_rows(rows)
    for i in range(N):
        stage1.add(np.arange(P + 1), [u - low for u in U[:, i].tolist()] + [-1], exact, ("min", i))
    zero: Number = Fraction(0) if exact else 0.0
    one: Number = Fraction(1) if exact else 1.0
    nv, m = P + 1, len(stage1)
    c1 = [zero] * P + [one]
    welfare = [sum(U[j].tolist(), start=zero) for j in range(P)] + [zero]
    flp1 = _float_lp(stage1, nv, P, np.array([float(v) for v in c1]))
    if not exact:
        scale = max(1.0, float(np.max(np.abs(U.astype(np.float64)))))
        for slack in _LEVEL_SLACKS:
            level = low + flp1.x[P] - slack * scale
            stage2 = _copy_rows(rows)
            for i in range(N):
                stage2.add(np.arange(P), [u - level for u in U[:, i].tolist()], False, ("level", i))
            try:
                return _optimise(stage2, P, P, welfare[:P], False, diagnostics)
            except SolverError:
                if slack == _LEVEL_SLACKS[-1]:  # pragma: no cover - stage 1 is feasible
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    c1q = [Fraction(v) for v in c1]
    c2q = [Fraction(v) for v in welfare]
    c2f = np.array([float(v) for v in welfare])
    cert1 = _support_certificate(stage1, nv, P, c1q, flp1, [False] * nv, [False] * m)
    if cert1 is not None:
        fixed = [v != 0 for v in cert1.r]
        equalities = [v != 0 for v in cert1.y]
        flp2 = _float_lp(stage1, nv, P, c2f, fixed=fixed, equalities=equalities)
        cert2 = _support_certificate(stage1, nv, P, c2q, flp2, fixed, equalities)
        if cert2 is not None:
            diagnostics.append(f"max-min stage: {_FAST_NOTE}")
            diagnostics.append(f"welfare stage (on the max-min optimal face): {_FAST_NOTE}")
            return list(cert2.x[:P])
    sf = _StandardForm(stage1, nv, P)
    _, d1, notes1 = sf.optimise(c1q, flp1)
    basis1 = sf.last_basis
    allowed = [v == 0 for v in d1]  # stage 1's optimal face: zero reduced cost
    flp2 = _float_lp(
        stage1, nv, P, c2f, fixed=[not a for a in allowed[:nv]], equalities=[not a for a in allowed[nv:]]
    )
    z2, _, notes2 = sf.optimise(c2q, flp2, allowed, start=basis1)
    diagnostics.extend(f"max-min stage: {n}" for n in notes1)
    diagnostics.extend(f"welfare stage (on the max-min optimal face): {n}" for n in notes2)
    return list(z2[:P])


def _copy_rows(rows: _Rows) -> _Rows:
    return _Rows(list(rows.cols), list(rows.fvals), list(rows.qvals), list(rows.labels))


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
