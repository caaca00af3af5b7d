"""The subgame-perfect payoff set of a two-player repeated game (Abreu and Sannikov 2014).

Setting: a two-player stage game in pure actions, repeated forever with a common discount
factor ``delta`` in ``(0, 1)``, perfect monitoring and a public randomisation device (so the
payoff set ``V`` of pure-action subgame-perfect equilibria is convex). ``V`` is the largest
set that *generates itself* (Abreu, Pearce and Stacchetti 1990): every ``v`` in it is
``(1 - delta) u(a) + delta w`` for an action profile ``a`` and a continuation ``w`` in the set
such that no player gains by deviating once and being pushed to his worst point of the set.

Algorithm (Abreu and Sannikov 2014). Start from the convex hull ``W`` of the stage payoffs
and repeat, for every action profile ``a`` at once (numpy arrays over profiles):

1. the punishment value of player ``i`` is ``p_i = max(u_init_i, min over W of w_i)``;
2. incentive compatibility asks ``w_i >= g_i(a) = p_i + (1 - delta)/delta * (best deviation
   payoff - u_i(a))``: a quadrant ``Q(a)`` of continuation values;
3. the candidate continuations are the points where the lines ``w_1 = g_1(a)`` and
   ``w_2 = g_2(a)`` leave ``W`` (kept when they lie in ``Q(a)``) and the corner ``g(a)`` when
   it lies in ``W`` -- at most four points, which is the paper's key result: an extreme
   point generated with a slack incentive constraint is ``u(a)`` itself, kept when ``u(a)``
   lies in ``W`` and in ``Q(a)``;
4. the new ``W`` is the convex hull of ``(1 - delta) u(a) + delta w`` over the candidates.

The sets shrink towards ``V``; iteration stops when two successive polygons have the same
number of vertices within ``tol`` of each other. The answer is then checked exactly: its
vertices are rounded to fractions and one step of the map is applied in rational
arithmetic; when the rounded polygon lies inside its own image it is self-generating, and
so (Abreu, Pearce and Stacchetti 1990) every point of it is a subgame-perfect payoff
(``certified``). Otherwise the result says so and reports the float residual.

References
----------
Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of discounted repeated
games with imperfect monitoring. Econometrica 58(5), 1041-1063.
Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games with perfect
monitoring. Theoretical Economics 9(2), 313-338.

>>> from gametheory.normal.game import NormalFormGame
>>> pd = NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
>>> r = spe_payoff_set(pd, "9/10")
>>> [(str(x), str(y)) for x, y in r.exact_vertices], r.certified
([('3', '3'), ('39/4', '3'), ('9', '9'), ('3', '39/4')], True)
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gametheory._kernel.results import Result
from gametheory.dynamic.repeated import MAX_PROFILES, check_delta, convex_hull, hull_of_sorted
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.normal.game import NormalFormGame

__all__ = ["SPEPayoffSet", "spe_payoff_set"]

#: Up to this many action profiles a step runs as a plain loop (numpy's per-call cost dominates).
SMALL_GAME = 64


def _num(v: Any) -> str:
    x = float(v)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{float(f'{x:.3g}'):g}"


@dataclass(frozen=True, kw_only=True)
class SPEPayoffSet(Result):
    """The pure-action subgame-perfect payoff set of a two-player repeated game.

    Attributes
    ----------
    players:
        Player names.
    delta:
        The discount factor (exact).
    vertices:
        Vertices of the set (floats, counter-clockwise from the lowest-left one); empty when
        no pure-action subgame-perfect equilibrium exists.
    exact_vertices:
        The vertices rounded to fractions; when ``certified`` they are exactly a
        self-generating polygon (every point of it is a subgame-perfect payoff).
    certified:
        Whether the exact self-generation check passed.
    punishments:
        Each player's worst payoff in the set (float).
    iterations, residual:
        Iterations made and the largest vertex move of the last one.
    """

    players: tuple[str, ...] = ()
    delta: Fraction = Fraction(0)
    vertices: tuple[tuple[float, float], ...] = ()
    exact_vertices: tuple[tuple[Fraction, Fraction], ...] = ()
    certified: bool = False
    punishments: tuple[float, ...] = ()
    iterations: int = 0
    residual: float = 0.0
    stage_payoffs: tuple[tuple[float, float], ...] = field(default=(), metadata={"json": False})

    @property
    def empty(self) -> bool:
        """Whether no pure-action subgame-perfect equilibrium exists."""
        return not self.vertices

    def summary(self) -> str:
        """The set in words (decimals)."""
        if self.empty:
            return f"no pure-action subgame-perfect equilibrium at delta = {_num(self.delta)}"
        pts = ", ".join(f"({_num(x)}, {_num(y)})" for x, y in self.vertices)
        check = ("certified exactly (self-generating)" if self.certified
                 else f"not certified exactly (last move {self.residual:.1e})")
        return (f"subgame-perfect payoffs of {self.players[0]} and {self.players[1]} at delta = {_num(self.delta)}: "
                f"polygon with vertices {pts}; worst payoffs {_num(self.punishments[0])}, "
                f"{_num(self.punishments[1])}; {self.iterations} iterations; {check}")

    def plot(self, path: str | Path | None = None, *, ax: Any = None) -> Any:
        """Draw the set, the feasible set and the stage payoffs (matplotlib, optional).

        Returns the matplotlib figure; with ``path`` also saves it (format from the extension).
        """
        try:
            import matplotlib
        except ImportError:  # pragma: no cover - depends on the environment
            raise GameError("plots need matplotlib (pip install 'gametheory[plots]')") from None
        if ax is None:
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(5.5, 5.6))
        else:  # pragma: no cover - caller's axes
            fig = ax.figure
        pts = np.array(self.stage_payoffs, dtype=float)
        if len(pts):
            feas = np.array([[float(x), float(y)] for x, y in convex_hull(
                [(Fraction(float(x)), Fraction(float(y))) for x, y in pts])])
            if len(feas) >= 3:
                ax.fill(feas[:, 0], feas[:, 1], color="0.9", label="feasible payoffs")
            ax.scatter(pts[:, 0], pts[:, 1], color="0.3", s=18, zorder=3, label="stage payoffs")
        if not self.empty:
            v = np.array(self.vertices, dtype=float)
            ax.fill(v[:, 0], v[:, 1], color="tab:blue", alpha=0.45, label="subgame-perfect payoffs")
            ax.plot(*np.vstack([v, v[:1]]).T, color="tab:blue", lw=1.5)
            ax.scatter(v[:, 0], v[:, 1], color="tab:blue", s=14, zorder=4)
            ax.axvline(self.punishments[0], color="tab:red", ls=":", lw=1)
            ax.axhline(self.punishments[1], color="tab:red", ls=":", lw=1, label="worst payoffs")
        ax.set_xlabel(f"{self.players[0]} payoff")
        ax.set_ylabel(f"{self.players[1]} payoff")
        ax.set_title(f"Subgame-perfect payoff set, delta = {_num(self.delta)}")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8, frameon=False)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=110)
        return fig


def _hull_float(P: np.ndarray, eps: float) -> np.ndarray:
    """Counter-clockwise hull vertices of float points (monotone chain; near-collinear dropped)."""
    pts = sorted(set(map(tuple, P.tolist())))
    if len(pts) <= 2:
        return np.array(pts, dtype=float).reshape(-1, 2)

    def half(seq: list[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in seq:
            while len(out) >= 2:
                o, a = out[-2], out[-1]
                if (a[0] - o[0]) * (p[1] - o[1]) - (a[1] - o[1]) * (p[0] - o[0]) <= eps:
                    out.pop()
                else:
                    break
            out.append(p)
        return out

    lower, upper = half(pts), half(pts[::-1])
    return np.array(lower[:-1] + upper[:-1], dtype=float)


def _chains(P: list[Any]) -> tuple[Any, Any, Any, Any]:
    """The lower and upper boundary chains of a counter-clockwise convex polygon (at least three
    vertices) as functions of ``x``: ``(x_lower, y_lower, x_upper, y_upper)``, ``x`` increasing;
    vertical edges at the ends are left out, so each chain's end is that edge's extreme point."""
    k = len(P)
    idx = range(k)
    bl = min(idx, key=lambda j: (P[j][0], P[j][1]))
    br = max(idx, key=lambda j: (P[j][0], -P[j][1]))
    tr = max(idx, key=lambda j: (P[j][0], P[j][1]))
    tl = min(idx, key=lambda j: (P[j][0], -P[j][1]))
    low = [P[(bl + j) % k] for j in range((br - bl) % k + 1)]
    up = [P[(tr + j) % k] for j in range((tl - tr) % k + 1)][::-1]
    return (np.array([p[0] for p in low]), np.array([p[1] for p in low]),
            np.array([p[0] for p in up]), np.array([p[1] for p in up]))


def _step(W: np.ndarray, U: np.ndarray, D: np.ndarray, p: np.ndarray, delta: float, eps: float) -> np.ndarray:
    """The candidate points of one Abreu-Sannikov step (float, vectorised over profiles)."""
    g = p + (1 - delta) / delta * (D - U)  # (m, 2): IC thresholds on continuations
    k = len(W)
    if k == 0:
        return np.zeros((0, 2))
    if k == 1:  # a single point: the only continuation
        ok = np.all(W[0] >= g - eps, axis=1)
        return (1 - delta) * U[ok] + delta * W[0]
    if k == 2:  # a segment: its points with w >= g
        a, b = W
        cands = []
        for t in np.linspace(0.0, 1.0, 2):
            w = a + t * (b - a)
            ok = np.all(w >= g - eps, axis=1)
            cands.append((1 - delta) * U[ok] + delta * w)
        d = b - a
        for ax in (0, 1):  # where the segment crosses each incentive line
            if abs(d[ax]) > eps:
                t = np.clip((g[:, ax] - a[ax]) / d[ax], 0.0, 1.0)
                w = a + t[:, None] * d
                ok = np.all(w >= g - eps, axis=1) & (np.abs(w[:, ax] - g[:, ax]) <= eps * 10)
                cands.append((1 - delta) * U[ok] + delta * w[ok])
        return np.vstack(cands)
    # Lines w_1 = g_1 meet W between its lower and upper chains (as functions of w_1); lines
    # w_2 = g_2 likewise on W turned by -90 degrees ((x, y) -> (y, -x)). The four chains are laid
    # side by side (shifted apart) so that one np.interp call reads all 4 m line ends.
    m = len(U)
    Wl = W.tolist()
    ch = _chains(Wl) + _chains([(y, -x) for x, y in Wl])  # xl, yl, xu, yu, rxl, ryl, rxu, ryu
    big = 3.0 * max(max(abs(x), abs(y)) for x, y in Wl) + 1.0
    xp = np.concatenate([ch[2], ch[0] + big, ch[6] + 2 * big, ch[4] + 3 * big])
    fp = np.concatenate([ch[3], ch[1], ch[7], ch[5]])
    lo = np.array([[ch[0][0]], [ch[4][0]]])
    hi = np.array([[ch[0][-1]], [ch[4][-1]]])
    gt = g.T
    hit = (gt >= lo - eps) & (gt <= hi + eps)  # (2, m)
    cc = np.minimum(np.maximum(gt, lo), hi)
    q = cc[[0, 0, 1, 1]] + np.array([[0.0], [big], [2 * big], [3 * big]])
    ends = np.interp(q.ravel(), xp, fp).reshape(4, m)  # max y, min y on w_1 lines; max v, min v on w_2 lines
    P = np.empty((5, m, 2))
    P[:2, :, 0] = gt[0]
    P[:2, :, 1] = ends[:2]
    P[2:4, :, 0] = -ends[2:]
    P[2:4, :, 1] = gt[1]
    P[4] = g
    ok = (P >= g - eps).all(axis=2)
    ok[:2] &= hit[0]
    ok[2:4] &= hit[1]
    inside = _inside(W, np.concatenate([g, U]), eps)
    ok[4] &= inside[:m]
    own = inside[m:] & (U >= g - eps).all(axis=1)
    return np.concatenate([((1 - delta) * U + delta * P)[ok], U[own]])


def _ends(xs: list[float], ys: list[float], c: float) -> float:
    """The piecewise-linear chain through ``(xs, ys)`` (``xs`` increasing) at ``c`` in its range."""
    j = bisect.bisect_right(xs, c) - 1
    if j >= len(xs) - 1:
        return ys[-1]
    if j < 0:
        return ys[0]
    x0, x1 = xs[j], xs[j + 1]
    return ys[j] + (c - x0) * (ys[j + 1] - ys[j]) / (x1 - x0)


def _step_small(W: np.ndarray, U: list[tuple[float, float]], D: list[tuple[float, float]], p: np.ndarray,
                delta: float, eps: float) -> np.ndarray:
    """The same candidate points as :func:`_step`, in plain Python: faster on small games (numpy's
    per-call cost dominates there). ``W`` has at least three vertices."""
    Wl = W.tolist()
    k = len(Wl)
    xl, yl, xu, yu = (c.tolist() for c in _chains(Wl))
    rxl, ryl, rxu, ryu = (c.tolist() for c in _chains([(y, -x) for x, y in Wl]))
    edges = [(Wl[j][0], Wl[j][1], Wl[(j + 1) % k][0] - Wl[j][0], Wl[(j + 1) % k][1] - Wl[j][1]) for j in range(k)]
    tols = [eps * max(1.0, abs(dx), abs(dy)) for _, _, dx, dy in edges]

    def inside(x: float, y: float) -> bool:
        for (ex, ey, dx, dy), t in zip(edges, tols):
            if dx * (y - ey) - dy * (x - ex) < -t:
                return False
        return True

    r, e = (1 - delta) / delta, 1 - delta
    p0, p1 = float(p[0]), float(p[1])
    out: list[tuple[float, float]] = []
    for (u0, u1), (d0, d1) in zip(U, D):
        g0, g1 = p0 + r * (d0 - u0), p1 + r * (d1 - u1)
        if xl[0] - eps <= g0 <= xl[-1] + eps:
            c = min(max(g0, xl[0]), xl[-1])
            for y in (_ends(xu, yu, c), _ends(xl, yl, c)):
                if y >= g1 - eps:
                    out.append((e * u0 + delta * g0, e * u1 + delta * y))
        if rxl[0] - eps <= g1 <= rxl[-1] + eps:
            c = min(max(g1, rxl[0]), rxl[-1])
            for v in (_ends(rxu, ryu, c), _ends(rxl, ryl, c)):
                if -v >= g0 - eps:
                    out.append((e * u0 - delta * v, e * u1 + delta * g1))
        if inside(g0, g1):
            out.append((e * u0 + delta * g0, e * u1 + delta * g1))
        if u0 >= g0 - eps and u1 >= g1 - eps and inside(u0, u1):
            out.append((u0, u1))
    return np.array(out, dtype=float).reshape(-1, 2)


def _inside(W: np.ndarray, X: np.ndarray, eps: float) -> np.ndarray:
    """Whether each row of ``X`` lies in the convex polygon ``W`` (counter-clockwise)."""
    if len(W) < 3:
        if len(W) == 2:  # a segment
            a, b = W
            d = b - a
            cr = d[0] * (X[:, 1] - a[1]) - d[1] * (X[:, 0] - a[0])
            s = ((X - a) @ d) / max(float(d @ d), eps)
            return (np.abs(cr) <= eps * max(1.0, float(np.abs(d).max()))) & (s >= -eps) & (s <= 1 + eps)
        return np.all(np.abs(X - W[0]) <= eps, axis=1)
    d = np.concatenate([W[1:], W[:1]]) - W
    normal = np.stack([-d[:, 1], d[:, 0]])  # inward normals (2, k) of a counter-clockwise polygon
    off = (W * normal.T).sum(axis=1) - eps * np.abs(d).max(axis=1).clip(1.0)
    return (X @ normal >= off).all(axis=1)


# --------------------------------------------------------------------------- exact check
def _exact_step_contains(Wq: list[tuple[Fraction, Fraction]], U: list[tuple[Fraction, Fraction]],
                         D: list[tuple[Fraction, Fraction]], delta: Fraction) -> bool:
    """Whether the rational polygon ``Wq`` lies in the convex hull of its image under one
    exact step (punishments the exact minima over ``Wq``): self-generation. Arithmetic in
    python-flint rationals (exact, faster than Fractions)."""
    from flint import fmpq

    def q(x: Fraction) -> Any:
        return fmpq(x.numerator, x.denominator)

    W = [(q(x), q(y)) for x, y in Wq]
    k = len(W)
    if k == 0:
        return False
    dl = q(delta)
    p = (min(w[0] for w in W), min(w[1] for w in W))
    r = (1 - dl) / dl
    pts: list[Any] = []
    edges = [(W[j], W[(j + 1) % k]) for j in range(k)] if k > 1 else [(W[0], W[0])]
    for uf, df in zip(U, D):
        u, dv = (q(uf[0]), q(uf[1])), (q(df[0]), q(df[1]))
        g = (p[0] + r * (dv[0] - u[0]), p[1] + r * (dv[1] - u[1]))
        conts: list[Any] = []
        for ax in (0, 1):
            o = 1 - ax
            vals = []
            for e0, e1 in edges:
                lo, hi = min(e0[ax], e1[ax]), max(e0[ax], e1[ax])
                if lo <= g[ax] <= hi:
                    if e0[ax] == e1[ax]:
                        vals += [e0[o], e1[o]]
                    else:
                        t = (g[ax] - e0[ax]) / (e1[ax] - e0[ax])
                        vals.append(e0[o] + t * (e1[o] - e0[o]))
            for v in (max(vals), min(vals)) if vals else ():
                if v >= g[o]:
                    conts.append((g[0], v) if ax == 0 else (v, g[1]))
        if _inside_exact(W, g):
            conts.append(g)
        pts += [((1 - dl) * u[0] + dl * w[0], (1 - dl) * u[1] + dl * w[1]) for w in conts]
        if u[0] >= g[0] and u[1] >= g[1] and _inside_exact(W, u):
            pts.append(u)
    hull = hull_of_sorted(sorted(set(pts)))
    return bool(hull) and all(_inside_exact(hull, w) for w in W)


def _inside_exact(W: Sequence[Any], x: Any) -> bool:
    k = len(W)
    if k == 1:
        return W[0] == x
    if k == 2:
        a, b = W
        cr = (b[0] - a[0]) * (x[1] - a[1]) - (b[1] - a[1]) * (x[0] - a[0])
        return cr == 0 and min(a[0], b[0]) <= x[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= x[1] <= max(a[1], b[1])
    for j in range(k):
        a, b = W[j], W[(j + 1) % k]
        if (b[0] - a[0]) * (x[1] - a[1]) - (b[1] - a[1]) * (x[0] - a[0]) < 0:
            return False
    return True


# --------------------------------------------------------------------------- driver
def spe_payoff_set(game: NormalFormGame, delta: Any, *, u_init: Sequence[Any] | None = None,
                   tol: float = 1e-12, max_iter: int = 1000, certify: bool = True,
                   vectorised: bool | None = None) -> SPEPayoffSet:
    """Pure-action subgame-perfect payoffs of the repeated two-player ``game`` (with public
    randomisation and perfect monitoring) by the Abreu-Sannikov algorithm.

    Parameters
    ----------
    game:
        A two-player :class:`~gametheory.normal.game.NormalFormGame`.
    delta:
        Discount factor in ``(0, 1)`` (exact text such as ``"9/10"`` or a number).
    u_init:
        A lower bound of each player's worst subgame-perfect payoff used as the first
        punishment (default: each player's pure minmax, always such a bound). A guess
        above the true worst payoff would give a wrong set.
    tol, max_iter:
        Stop when successive polygons move less than ``tol``; at most ``max_iter`` steps.
    certify:
        Run the exact self-generation check of the answer.
    vectorised:
        One step over all action profiles as numpy array operations (``True``) or a plain loop
        (``False``, faster on small games where numpy's per-call cost dominates); default: the
        loop up to :data:`SMALL_GAME` profiles. Both give the same points.
    """
    t0 = time.perf_counter()
    d = check_delta(delta)
    if d == 0:
        raise GameError("delta: the Abreu-Sannikov algorithm needs a discount factor in (0, 1), got 0")
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise SolverError("spe_payoff_set: a two-player normal-form stage game is needed")
    if math.prod(game.shape) > MAX_PROFILES:
        raise GameSizeError(f"stage game has {math.prod(game.shape):,} pure profiles; at most {MAX_PROFILES:,}")
    if not (isinstance(max_iter, int) and 1 <= max_iter <= 10**6) or not (0 < tol < 1):
        raise GameError("spe_payoff_set: max_iter must be an integer in 1..10**6 and tol in (0, 1)")
    Uf = game.payoffs.astype(np.float64)
    if not np.all(np.isfinite(Uf)):
        raise GameError("spe_payoff_set: payoffs must be finite numbers")
    n1, n2 = game.shape
    U = Uf.reshape(-1, 2)
    D = np.stack([np.broadcast_to(Uf[..., 0].max(axis=0, keepdims=True), (n1, n2)).reshape(-1),
                  np.broadcast_to(Uf[..., 1].max(axis=1, keepdims=True), (n1, n2)).reshape(-1)], axis=1)
    pure_minmax = np.array([Uf[..., 0].max(axis=0).min(), Uf[..., 1].max(axis=1).min()])
    if u_init is None:
        lower = pure_minmax
    else:
        if len(u_init) != 2:
            raise GameError("u_init: one value per player (2)")
        lower = np.array([float(v) for v in u_init])
        if not np.all(np.isfinite(lower)):
            raise GameError("u_init: values must be finite")
        lower = np.maximum(lower, U.min(axis=0))
    scale = max(1.0, float(np.abs(U).max()))
    eps = 1e-12 * scale
    df = float(d)
    heps = 1e-10 * scale * scale  # collinearity tolerance of the hulls (cross products)
    W = _hull_float(U, heps)
    small = vectorised is False or (vectorised is None and len(U) <= SMALL_GAME)
    Ul = [(float(x), float(y)) for x, y in U.tolist()]
    Dl = [(float(x), float(y)) for x, y in D.tolist()]
    it, move = 0, math.inf
    while it < max_iter:
        it += 1
        p = np.maximum(lower, W.min(axis=0)) if len(W) else lower
        if small and len(W) >= 3:
            cands = _step_small(W, Ul, Dl, p, df, eps)
        else:
            cands = _step(W, U, D, p, df, eps)
        Wn = _hull_float(cands, heps)
        if len(Wn) == len(W) and len(W):
            move = float(np.abs(Wn - W).max())
            W = Wn
            if move <= tol * scale:
                break
        else:
            move, W = math.inf, Wn
        if len(W) == 0:
            break
    diags = []
    if len(W) and move > tol * scale:
        diags.append(f"not converged after {it} iterations (last move {move:.2e})")
    exact: list[tuple[Fraction, Fraction]] = []
    certified = False
    if len(W):
        exact = convex_hull([(Fraction(float(x)).limit_denominator(10**6), Fraction(float(y)).limit_denominator(10**6))
                             for x, y in W])
        if certify:
            eg = game if game.is_exact else game.to_exact()
            Ue = [(Fraction(eg.payoffs[a + (0,)]), Fraction(eg.payoffs[a + (1,)]))
                  for a in itertools.product(range(n1), range(n2))]
            De = [(max(Fraction(eg.payoffs[(b, a[1], 0)]) for b in range(n1)),
                   max(Fraction(eg.payoffs[(a[0], b, 1)]) for b in range(n2)))
                  for a in itertools.product(range(n1), range(n2))]
            certified = _exact_step_contains(exact, Ue, De, d)
            if not certified:
                diags.append("the rounded polygon is not exactly self-generating (irrational vertices?): "
                             "the vertices are float approximations from outside")
    else:
        diags.append("no action profile can be sustained: no pure-action subgame-perfect equilibrium")
    verts = tuple((float(x), float(y)) for x, y in W)
    return SPEPayoffSet(
        players=game.players, delta=d, vertices=verts, exact_vertices=tuple(exact), certified=certified,
        punishments=tuple(float(v) for v in (W.min(axis=0) if len(W) else [math.nan, math.nan])),
        iterations=it, residual=move if math.isfinite(move) else 0.0,
        stage_payoffs=tuple((float(x), float(y)) for x, y in U),
        method="abreu_sannikov", arithmetic="float", elapsed=time.perf_counter() - t0,
        parameters={"delta": d, "tol": tol, "u_init": [float(v) for v in lower]}, diagnostics=tuple(diags))
