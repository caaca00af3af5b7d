"""The core of a coalitional game: membership, the least core, convexity.

* :func:`in_core` / :func:`max_excess` -- membership in the core
  :math:`\\{x : x(N) = v(N),\\ x(S) \\ge v(S)\\ \\forall S\\}` (Gillies 1959);
* :func:`least_core` -- the least core (Maschler, Peleg & Shapley 1979): the smallest
  :math:`\\varepsilon` with :math:`x(S) + \\varepsilon \\ge v(S)` for all proper coalitions,
  one allocation attaining it, and a Bondareva--Shapley balanced collection certifying the
  value (Bondareva 1963; Shapley 1967). The core is empty exactly when
  :math:`\\varepsilon > 0` (:func:`is_core_empty`). Rational games are solved exactly.
* :func:`is_superadditive`, :func:`is_convex` -- structural checks.

The games are the classes of :mod:`~gametheory.cooperative.coalitional` (any
:class:`~gametheory.cooperative.tu.TUGame`).

>>> from gametheory.cooperative.coalitional import CoalitionalGame
>>> glove = CoalitionalGame.from_function(["L", "R1", "R2"],
...     lambda S: min(len(S & {"L"}), len(S & {"R1", "R2"})))
>>> least_core(glove).allocation
(Fraction(1, 1), Fraction(0, 1), Fraction(0, 1))
>>> in_core(glove, [1, 0, 0])
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.linalg import to_fmpq_mat
from gametheory._kernel.results import Result, json_value
from gametheory._kernel.tolerance import ACTIVE_TOL, PROBABILITY_TOL, REL_TOL, resolve, scaled
from gametheory.cooperative.tu import (
    TUGame,
    Value,
    _check_game,
    _coerce,
    _common_scale,
    _int_array,
    _subset_sums,
)
from gametheory.errors import GameError, GameSizeError, SolverError

__all__ = [
    "MAX_SUPERADDITIVE_PLAYERS",
    "LeastCoreResult",
    "in_core",
    "is_convex",
    "is_core_empty",
    "is_superadditive",
    "least_core",
    "max_excess",
]

#: Largest number of players for the superadditivity check (3**n pairs of coalitions).
MAX_SUPERADDITIVE_PLAYERS = 16

@dataclass(frozen=True)
class LeastCoreResult(Result):
    """The least core of a TU game, with an optimality certificate.

    Attributes
    ----------
    players:
        Player names.
    epsilon:
        The least-core value :math:`\\varepsilon^* = \\min_x \\max_{\\emptyset \\ne S \\ne N}
        (v(S) - x(S))` over efficient allocations :math:`x(N) = v(N)`. The core is empty
        exactly when :math:`\\varepsilon^* > 0`.
    allocation:
        One allocation in the least core (a vertex of it).
    core_empty:
        ``epsilon > 0``.
    balancing_weights:
        A balanced collection with weights :math:`\\delta_S \\ge 0` (for every player
        :math:`\\sum_{S \\ni i} \\delta_S = 1`), the dual solution. It proves the value:
        :math:`\\sum_S \\delta_S v(S) - v(N) = \\varepsilon^* \\sum_S \\delta_S`; when the
        core is empty, :math:`\\sum_S \\delta_S v(S) > v(N)` is the Bondareva--Shapley
        certificate of emptiness.
    certified:
        Whether the primal allocation and the dual weights were checked exactly (every
        coalition constraint, balancedness, equal objective values). Always for rational games.
    arithmetic:
        ``"exact"`` or ``"float"``.
    method:
        ``"exact-simplex"`` or ``"highs"``.
    elapsed:
        Wall-clock seconds.
    diagnostics:
        Notes a careful reader should see.
    """

    players: tuple[str, ...]
    epsilon: Value
    allocation: tuple[Value, ...]
    core_empty: bool
    balancing_weights: tuple[tuple[frozenset[str], Value], ...]
    certified: bool

    def by_name(self) -> dict[str, Value]:
        """``{player: payoff}`` of the least-core allocation."""
        return dict(zip(self.players, self.allocation))

    def to_json(self) -> dict[str, Any]:
        """The common fields, then the answer; each balancing weight as
        ``{"coalition": [names], "weight": w}``."""
        out = self.common_json()
        out.update(
            players=list(self.players),
            epsilon=json_value(self.epsilon),
            allocation=json_value(self.allocation),
            core_empty=self.core_empty,
            balancing_weights=[
                {"coalition": [p for p in self.players if p in members], "weight": json_value(w)}
                for members, w in self.balancing_weights
            ],
            certified=self.certified,
        )
        return out


# --------------------------------------------------------------------------- core
def _allocation(game: TUGame, allocation: Any, where: str) -> tuple[list[Any], str]:
    if isinstance(allocation, Mapping):
        unknown = set(allocation) - set(game.players)
        if unknown:
            raise GameError(f"{where}: allocation: unknown player {sorted(unknown)[0]!r}")
        missing = [p for p in game.players if p not in allocation]
        if missing:
            raise GameError(f"{where}: allocation: no payoff for player {missing[0]!r}")
        items = [allocation[p] for p in game.players]
    elif isinstance(allocation, (str, bytes)) or not isinstance(allocation, Iterable):
        raise GameError(f"{where}: allocation must be a list or a {{player: payoff}} mapping")
    else:
        items = list(allocation)
        if len(items) != game.n:
            raise GameError(f"{where}: allocation has {len(items)} payoffs for {game.n} players")
    out, kinds = [], []
    for p, x in zip(game.players, items):
        v, kind = _coerce(x, f"{where}: allocation[{p!r}]")
        if kind == "symbolic":
            raise GameError(f"{where}: allocation[{p!r}] must be a number, got {v}")
        out.append(v)
        kinds.append(kind)
    return out, "float" if "float" in kinds else "exact"


def _numeric_game(game: TUGame, where: str) -> None:
    if game.arithmetic == "symbolic":
        raise GameError(f"{where}: needs numeric coalition values (substitute the parameters first)")


def _excesses(game: TUGame, x: list[Any], exact: bool) -> tuple[np.ndarray, int]:
    """``v(S) - x(S)`` for every coalition, as scaled integers (exact) or floats."""
    n = game.n
    if exact:
        ints, den = _common_scale(list(game._values) + list(x))
        v, xs = ints[: 1 << n], ints[1 << n :]
        arr_v = _int_array(v, 2 << n)
        xsum = _subset_sums(_int_array(xs, 2 << n))
        return arr_v - xsum, den
    arr_v = np.array([float(t) for t in game._values])
    return arr_v - _subset_sums(np.array([float(t) for t in x])), 1



def _allocation_excesses(game: TUGame, allocation: Any, where: str) -> tuple[np.ndarray, int, bool]:
    """Excesses of an allocation (checked), their denominator, and whether they are exact."""
    _check_game(game, where)
    _numeric_game(game, where)
    x, kind = _allocation(game, allocation, where)
    exact = game.arithmetic == "exact" and kind == "exact"
    exc, den = _excesses(game, x, exact)
    return exc, den, exact


def max_excess(game: TUGame, allocation: Any) -> Value:
    """The largest excess :math:`\\max_{\\emptyset \\ne S \\ne N} v(S) - x(S)` of an allocation.

    An efficient allocation is in the core exactly when its largest excess is at most 0; no
    coalition can then improve on it by itself. (For one player there is no proper coalition
    and the result is 0.)
    """
    exc, den, exact = _allocation_excesses(game, allocation, "max_excess")
    proper = exc[1:-1]
    if len(proper) == 0:
        return Fraction(0) if exact else 0.0
    top = proper.max()
    return Fraction(int(top), den) if exact else float(top)


def in_core(game: TUGame, allocation: Any, *, tol: float | None = None) -> bool:
    """Whether an allocation is in the core (Gillies 1959).

    The core is the set of allocations :math:`x` with :math:`x(N) = v(N)` and
    :math:`x(S) \\ge v(S)` for every coalition :math:`S`. Exact games and allocations are
    checked exactly; with floats the constraints may be violated by ``tol`` times the largest
    coalition worth.

    Parameters
    ----------
    game:
        The game (numeric).
    allocation:
        One payoff per player: a list in player order or a ``{player: payoff}`` mapping.
    tol:
        Tolerance for float arithmetic (default
        :data:`~gametheory._kernel.tolerance.ACTIVE_TOL`), relative to the largest worth.
    """
    exc, _, exact = _allocation_excesses(game, allocation, "in_core")
    if exact:
        return bool(exc[-1] == 0 and (exc[1:] <= 0).all())
    slack = scaled(resolve(tol, ACTIVE_TOL), float(np.abs(np.array([float(v) for v in game._values])).max()))
    return bool(abs(exc[-1]) <= slack and (exc[1:] <= slack).all())


# --------------------------------------------------------------------------- least core
class _ExactLeastCore:
    """Revised simplex, in exact rational arithmetic, on the dual of the least-core LP.

    Primal: minimise :math:`\\varepsilon` subject to :math:`x(S) + \\varepsilon \\ge v(S)` for
    proper coalitions and :math:`x(N) \\le v(N)`. Dual (standard form): maximise
    :math:`\\sum_S \\lambda_S v(S) - t\\,v(N)` subject to :math:`\\sum_{S \\ni i} \\lambda_S = t`
    for each player and :math:`\\sum_S \\lambda_S = 1`, with :math:`\\lambda, t \\ge 0`. Rows:
    players ``0..n-1`` then the normalisation row ``n``. Columns: ``0`` is ``t``; ``S`` (a
    bitmask) is :math:`\\lambda_S`. The simplex multipliers at the optimum are the primal
    solution :math:`(x, \\varepsilon)`.
    """

    def __init__(self, values: list[int], n: int):
        self.v = values
        self.n = n
        self.full = (1 << n) - 1
        self._vmax = max(abs(x) for x in values)
        self._varr: np.ndarray | None = np.array(values, dtype=np.int64) if self._vmax < 2**62 else None

    def column(self, j: int) -> list[int]:
        n = self.n
        if j == 0:
            return [-1] * n + [0]
        return [(j >> k) & 1 for k in range(n)] + [1]

    def cost(self, j: int) -> int:
        return -self.v[self.full] if j == 0 else self.v[j]

    @staticmethod
    def invert(cols: list[list[int]]) -> list[list[Fraction]] | None:
        """The inverse of the basis matrix whose columns are ``cols`` (``None`` if singular)."""
        m = len(cols)
        basis = to_fmpq_mat([[cols[c][r] for c in range(m)] for r in range(m)])
        try:
            inv = basis.inv()
        except ZeroDivisionError:
            return None
        return [[Fraction(int(inv[r, c].p), int(inv[r, c].q)) for c in range(m)] for r in range(m)]

    def default_basis(self) -> list[int]:
        return [0] + [self.full ^ (1 << i) for i in range(self.n)]

    def solve(self, start: list[int] | None = None) -> tuple[list[Fraction], list[int], list[Fraction]]:
        """Optimal ``(pi, basis, x_B)``; ``pi[:n]`` is ``x`` and ``pi[n]`` is epsilon."""
        n, m = self.n, self.n + 1
        basis = None
        if start is not None:
            inv = self.invert([self.column(j) for j in start])
            if inv is not None and all(row[n] >= 0 for row in inv):
                basis, binv = list(start), inv
        if basis is None:
            basis = self.default_basis()
            inv = self.invert([self.column(j) for j in basis])
            assert inv is not None
            binv = inv
        xb = [row[n] for row in binv]  # B^-1 b with b = e_n
        bland = False
        while True:
            cb = [self.cost(j) for j in basis]
            pi = [sum((cb[r] * binv[r][c] for r in range(m)), Fraction(0)) for c in range(m)]
            entering, best = self._price(pi, bland)
            if entering is None:
                return pi, basis, xb
            col = self.column(entering)
            u = [sum((binv[r][k] * col[k] for k in range(m) if col[k]), Fraction(0)) for r in range(m)]
            rows = [r for r in range(m) if u[r] > 0]
            if not rows:  # pragma: no cover - the dual is bounded (sum of lambda is 1)
                raise SolverError("least_core: the linear program is unbounded")
            theta = min(xb[r] / u[r] for r in rows)
            leave = min((r for r in rows if xb[r] / u[r] == theta), key=lambda r: basis[r])
            if theta == 0:
                bland = True  # degenerate step: Bland's rule from here on guarantees termination
            pv = u[leave]
            binv[leave] = [x / pv for x in binv[leave]]
            xb[leave] = xb[leave] / pv
            for r in range(m):
                if r != leave and u[r] != 0:
                    f = u[r]
                    binv[r] = [x - f * y for x, y in zip(binv[r], binv[leave])]
                    xb[r] = xb[r] - f * xb[leave]
            basis[leave] = entering

    def _price(self, pi: list[Fraction], bland: bool) -> tuple[int | None, Fraction]:
        """Entering column: largest reduced cost (Dantzig), or the first positive (Bland).

        Reduced costs of all :math:`2^n - 2` coalition columns are computed at once with numpy
        in integers (scaled by the common denominator of the multipliers) when they fit in
        int64, else one by one in rationals.
        """
        n = self.n
        best_j, best = None, Fraction(0)
        d_t = -self.v[self.full] + sum(pi[:n], Fraction(0))
        if d_t > 0:
            if bland:
                return 0, d_t
            best_j, best = 0, d_t
        den = 1
        for p in pi:
            den = den * p.denominator // math.gcd(den, p.denominator)
        pint = [int(p * den) for p in pi]
        if self._varr is not None and (self._vmax * den + sum(abs(p) for p in pint)) < 2**62:
            sums = _subset_sums(np.array(pint[:n], dtype=np.int64))
            d = self._varr * den - sums - pint[n]
            d[0] = d[self.full] = 0
            if bland:
                pos = np.flatnonzero(d > 0)
                if len(pos):
                    j = int(pos[0])
                    return j, Fraction(int(d[j]), den)
                return best_j, best
            j = int(np.argmax(d))
            if d[j] > 0 and Fraction(int(d[j]), den) > best:
                return j, Fraction(int(d[j]), den)
            return best_j, best
        partial = [Fraction(0)] * (1 << n)
        for mask in range(1, self.full):
            low = mask & -mask
            partial[mask] = partial[mask ^ low] + pi[low.bit_length() - 1]
            dm = self.v[mask] - partial[mask] - pi[n]
            if dm > best:
                if bland:
                    return mask, dm
                best_j, best = mask, dm
        return best_j, best


def _highs_least_core(vals: list[float], n: int) -> tuple[np.ndarray, float, np.ndarray]:
    """HiGHS's ``(x and epsilon, epsilon, balancing weights lambda)`` for the least-core LP
    (float values ``vals`` by bitmask)."""
    from gametheory._kernel.lp import solve_float  # scipy: only float games and warm starts need HiGHS

    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    a_ub = -np.hstack([bits, np.ones((len(masks), 1))])
    b_ub = -np.array([vals[m] for m in masks], dtype=float)
    a_eq = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    b_eq = np.array([vals[full]], dtype=float)
    c = np.zeros(n + 1)
    c[-1] = 1.0
    flp = solve_float(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(None, None))
    if not flp.ok:  # pragma: no cover - the least-core LP is always feasible and bounded
        raise SolverError(f"least_core: HiGHS failed: {flp.message}")
    return flp.x, flp.fun, -flp.ineq_duals


def least_core(game: TUGame, *, tol: float | None = None) -> LeastCoreResult:
    """The least core: the smallest uniform tax that makes the core non-empty.

    Solves the linear program (Maschler, Peleg & Shapley 1979)

    .. math:: \\varepsilon^* = \\min \\varepsilon \\quad\\text{s.t.}\\quad
              x(S) + \\varepsilon \\ge v(S)\\ (\\emptyset \\ne S \\subsetneq N),\\quad x(N) = v(N).

    The core is non-empty exactly when :math:`\\varepsilon^* \\le 0` (then the least core is a
    subset of the core). The LP dual is a weighted balanced collection, which turns the
    optimum into the Bondareva--Shapley theorem (Bondareva 1963; Shapley 1967): the core is
    empty iff some balanced weights :math:`\\delta` give :math:`\\sum_S \\delta_S v(S) > v(N)`.

    Rational games are solved exactly by a revised simplex method on the dual (warm-started
    from HiGHS for larger games), and both the allocation and the balanced weights are
    checked exactly. Float games are solved by HiGHS.

    Parameters
    ----------
    game:
        A numeric game with at least two players.
    tol:
        Float games only: a balancing weight counts as zero at most ``tol`` (default
        :data:`~gametheory._kernel.tolerance.PROBABILITY_TOL`; the weights sum to 1), and
        the core counts as empty when epsilon exceeds ``tol`` times the largest worth
        (default :data:`~gametheory._kernel.tolerance.ACTIVE_TOL`).

    Returns
    -------
    LeastCoreResult
    """
    where = "least_core"
    _check_game(game, where)
    _numeric_game(game, where)
    n = game.n
    if n < 2:
        raise GameError(f"{where}: needs at least two players (with one, the core is {{v(N)}})")
    start = time.perf_counter()
    full = (1 << n) - 1
    diagnostics: list[str] = []
    if game.arithmetic == "float":
        fvals = [float(v) for v in game._values]
        fx, feps, flam = _highs_least_core(fvals, n)
        masks = np.arange(1, full, dtype=np.int64)
        ft = float(flam[(masks & 1) == 1].sum())  # sum of lambda_S over coalitions with player 0
        fweights = tuple(
            (frozenset(game.players[k] for k in range(n) if m >> k & 1), float(flam[m - 1] / ft))
            for m in masks if flam[m - 1] > resolve(tol, PROBABILITY_TOL)
        )
        return LeastCoreResult(
            players=game.players,
            epsilon=feps,
            allocation=tuple(float(v) for v in fx[:n]),
            core_empty=feps > scaled(resolve(tol, ACTIVE_TOL), max(abs(v) for v in fvals)),
            balancing_weights=fweights,
            certified=False,
            arithmetic="float",
            method="highs",
            elapsed=time.perf_counter() - start,
            diagnostics=("float arithmetic: the answer is HiGHS's, not certified exactly",),
        )
    # Exact games: the exact revised simplex below, not _kernel.lp.certified_optimum. The LP
    # has 2**n - 2 rows; ExactLP would hold and check them as Python Fractions one by one,
    # and every call would import scipy and run HiGHS, where small games (n < 8) need
    # neither. The simplex prices all coalitions at once in numpy integers, HiGHS only
    # warm-starts it for n >= 8, and _certify checks the answer exactly (vectorised).
    ints, den = _common_scale(game._values)
    solver = _ExactLeastCore(ints, n)
    warm = None
    if n >= 8:
        warm = _warm_basis([float(v) for v in ints], n)
    pi, basis, xb = solver.solve(warm)
    x = [Fraction(p, den) for p in pi[:n]]
    eps = Fraction(pi[n], den)
    lam = {j: val for j, val in zip(basis, xb) if j != 0 and val != 0}
    t = next((val for j, val in zip(basis, xb) if j == 0), Fraction(0))
    certified = _certify(game, x, eps, lam, t)
    if not certified:  # pragma: no cover - exact simplex output always verifies
        diagnostics.append("exact verification of the simplex output failed")
    weights = tuple(
        (frozenset(game.players[k] for k in range(n) if mask >> k & 1), val / t) for mask, val in sorted(lam.items())
    )
    return LeastCoreResult(
        players=game.players,
        epsilon=eps,
        allocation=tuple(x),
        core_empty=eps > 0,
        balancing_weights=weights,
        certified=certified,
        arithmetic="exact",
        method="exact-simplex",
        elapsed=time.perf_counter() - start,
        diagnostics=tuple(diagnostics),
    )


def _warm_basis(vals: list[float], n: int) -> list[int] | None:
    """A starting basis for the exact simplex from HiGHS's solution (``None`` if none found).

    Columns with positive dual weight come first, then coalitions whose constraint is tight at
    HiGHS's allocation; the exact simplex checks the basis and corrects it if needed.
    """
    try:
        x, eps, lam = _highs_least_core(vals, n)
    except SolverError:  # pragma: no cover
        return None
    full = (1 << n) - 1
    masks = np.arange(1, full, dtype=np.int64)
    slack = _subset_sums(np.asarray(x[:n], dtype=float))[masks] + eps - np.asarray(vals, dtype=float)[masks]
    scale = scaled(ACTIVE_TOL, max(abs(v) for v in vals))
    positive = [int(k) for k in np.argsort(-lam) if lam[k] > scale]
    tight = [int(k) for k in np.argsort(slack) if slack[k] <= scale and lam[k] <= scale]
    basis = [0]
    cols = [np.array([-1.0] * n + [0.0])]
    for idx in positive + tight:
        if len(basis) == n + 1:
            break
        mask = int(masks[idx])
        col = np.array([(mask >> k) & 1 for k in range(n)] + [1], dtype=float)
        if np.linalg.matrix_rank(np.array(cols + [col])) == len(cols) + 1:
            basis.append(mask)
            cols.append(col)
    return basis if len(basis) == n + 1 else None


def _certify(game: TUGame, x: list[Fraction], eps: Fraction, lam: dict[int, Fraction], t: Fraction) -> bool:
    """Exact primal-dual check: feasibility of both and equal objective values."""
    n = game.n
    full = (1 << n) - 1
    v = game._values
    if sum(x, Fraction(0)) != v[full]:
        return False
    exc, den = _excesses(game, x, True)
    if (exc[1:-1] > eps * den).any():
        return False
    if t <= 0 or any(val < 0 for val in lam.values()) or sum(lam.values(), Fraction(0)) != 1:
        return False
    for i in range(n):
        if sum((val for mask, val in lam.items() if mask >> i & 1), Fraction(0)) != t:
            return False
    dual = sum((val * v[mask] for mask, val in lam.items()), Fraction(0)) - t * v[full]
    return bool(dual == eps)


def is_core_empty(game: TUGame) -> bool:
    """Whether the core is empty (least-core value :math:`\\varepsilon^* > 0`).

    Exact for rational games; see :func:`least_core` for the certificate.
    """
    _check_game(game, "is_core_empty")
    if game.n == 1:
        return False
    return least_core(game).core_empty


# --------------------------------------------------------------------------- structure
def _numeric_values(game: TUGame, where: str, headroom: int = 4) -> np.ndarray:
    _numeric_game(game, where)
    if game.arithmetic == "exact":
        ints, _ = _common_scale(game._values)
        return _int_array(ints, headroom)
    return np.array(game._values, dtype=float)


def is_superadditive(game: TUGame, *, tol: float | None = None) -> bool:
    """Whether :math:`v(S \\cup T) \\ge v(S) + v(T)` for all disjoint coalitions.

    Checks all :math:`3^n` pairs (vectorised), so it is limited to
    :data:`MAX_SUPERADDITIVE_PLAYERS` players. Exact for rational games.
    """
    where = "is_superadditive"
    _check_game(game, where)
    n = game.n
    if n > MAX_SUPERADDITIVE_PLAYERS:
        raise GameSizeError(f"{where}: {n} players; at most {MAX_SUPERADDITIVE_PLAYERS} (3**n pairs)")
    v = _numeric_values(game, where)
    slack = 0 if game.arithmetic == "exact" else scaled(resolve(tol, REL_TOL), float(np.abs(v).max()))
    full = (1 << n) - 1
    for s in range(1, full + 1):
        rest = full ^ s
        if rest < s:
            continue  # each unordered pair once: T is a submask of the complement with T > S
        subs = np.zeros(1, dtype=np.int64)
        for k in range(n):
            if rest >> k & 1:
                subs = np.concatenate([subs, subs | (1 << k)])
        subs = subs[subs > s]
        if len(subs) and (v[s | subs] < v[s] + v[subs] - slack).any():
            return False
    return True


def is_convex(game: TUGame, *, tol: float | None = None) -> bool:
    """Whether the game is convex (supermodular; Shapley 1971).

    :math:`v(S \\cup T) + v(S \\cap T) \\ge v(S) + v(T)` for all coalitions, checked in the
    equivalent local form :math:`v(S \\cup \\{i, j\\}) - v(S \\cup \\{j\\}) \\ge v(S \\cup \\{i\\})
    - v(S)` (increasing marginal contributions). A convex game has a non-empty core that
    contains its Shapley value.
    """
    where = "is_convex"
    _check_game(game, where)
    v = _numeric_values(game, where)
    n = game.n
    slack = 0 if game.arithmetic == "exact" else scaled(resolve(tol, REL_TOL), float(np.abs(v).max()))
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        for j in range(i + 1, n):
            bi, bj = 1 << i, 1 << j
            s = masks[(masks & (bi | bj)) == 0]
            if (v[s | bi | bj] - v[s | bj] < v[s | bi] - v[s] - slack).any():
                return False
    return True
