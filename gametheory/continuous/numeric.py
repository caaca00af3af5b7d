"""The numeric stage of :func:`~gametheory.continuous.solve.solve_continuous`: lambdified
utilities, best responses, Gauss--Seidel sweeps finished by Newton's method, and the
derivative-free checks (global deviation search, quasi-concavity sampling).

Works on a game without parameters (:meth:`ContinuousGame.substitute` first), in floats.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from gametheory._kernel.tolerance import ACTIVE_TOL, REL_TOL
from gametheory.continuous.game import ContinuousGame
from gametheory.errors import GameError, SolverError
from gametheory.symbolic.parameters import to_value

#: Grid points of the global deviation search that verifies an equilibrium.
VERIFY_POINTS = 2049
#: Grid points on which the own derivative is sampled to check quasi-concavity.
CONCAVITY_POINTS = 201

_EVAL_ERRORS = (ZeroDivisionError, OverflowError, ValueError, TypeError, FloatingPointError)


class _Numeric:
    """Lambdified utilities and own derivatives of a game without parameters."""

    def __init__(self, game: ContinuousGame) -> None:
        self.game = game
        self.n = game.num_players
        self.vars = list(game.variables)
        self.lo_s = [sympy.sympify(game.bounds(k)[0], strict=True) for k in range(self.n)]
        self.hi_s = [sympy.sympify(game.bounds(k)[1], strict=True) for k in range(self.n)]
        self.lo = np.array([float(b) for b in self.lo_s])
        self.hi = np.array([float(b) for b in self.hi_s])
        self.width = self.hi - self.lo
        self.scale_x = np.where(self.width > 0, self.width, 1.0)
        self.u_expr = list(game.utilities)
        self.g_expr = [sympy.diff(u, v) for u, v in zip(self.u_expr, self.vars)]
        self.u = [self._lambdify(e) for e in self.u_expr]
        self.g = [self._lambdify(e) for e in self.g_expr]
        self._jac: Callable[..., Any] | None = None

    def _lambdify(self, expr: sympy.Expr) -> Callable[..., Any]:
        f: Callable[..., Any] = sympy.lambdify(self.vars, expr, modules="numpy")
        return f

    @staticmethod
    def call(f: Callable[..., Any], x: np.ndarray) -> float:
        try:
            v = f(*(np.float64(t) for t in x))
            return float(np.real_if_close(v)) if np.isrealobj(v) or abs(np.imag(v)) == 0 else math.nan
        except _EVAL_ERRORS:
            return math.nan

    def util(self, i: int, x: np.ndarray) -> float:
        v = self.call(self.u[i], x)
        return v if not math.isnan(v) else -math.inf

    def deriv(self, i: int, x: np.ndarray) -> float:
        return self.call(self.g[i], x)

    def along(self, f: Callable[..., Any], i: int, x: np.ndarray, grid: np.ndarray) -> np.ndarray:
        """``f`` with player ``i``'s variable running over ``grid``, others at ``x``."""
        args: list[Any] = [np.float64(t) for t in x]
        args[i] = grid
        try:
            out = np.asarray(f(*args))
            if out.shape in ((), (1,)):
                out = np.full(grid.shape, out.reshape(()))
            if out.shape == grid.shape and np.isrealobj(out):
                return out.astype(float)
        except Exception:  # noqa: BLE001 - some functions do not vectorise (min/max); go point by point
            pass
        y = x.copy()
        vals = np.empty(grid.shape)
        for k, t in enumerate(grid):
            y[i] = t
            vals[k] = self.call(f, y)
        return vals

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        if self._jac is None:
            mat = sympy.Matrix([[sympy.diff(g, v) for v in self.vars] for g in self.g_expr])
            self._jac = self._lambdify(mat)
        try:
            return np.asarray(self._jac(*(np.float64(t) for t in x)), dtype=float).reshape(self.n, self.n)
        except _EVAL_ERRORS:
            return np.full((self.n, self.n), np.nan)

    # ------------------------------------------------------------- best responses
    def _signed(self, i: int, x: np.ndarray, end: float, inward: float) -> tuple[float, float]:
        """Own derivative at an end point, nudged inward while it is undefined (nan)."""
        y = x.copy()
        w = self.width[i]
        for t in (0.0, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3):
            y[i] = end + inward * t * w
            d = self.deriv(i, y)
            if not math.isnan(d):
                return y[i], d
        return end, math.nan

    def foc_response(self, i: int, x: np.ndarray) -> float:
        """Best response assuming quasi-concavity: the sign change of the own derivative."""
        lo, hi, w = self.lo[i], self.hi[i], self.width[i]
        if w <= 0:
            return float(lo)
        a, ga = self._signed(i, x, lo, 1.0)
        b, gb = self._signed(i, x, hi, -1.0)
        if math.isnan(ga) or math.isnan(gb):
            return self.global_response(i, x, 257)
        candidates = [float(lo), float(hi)]
        if ga > 0 > gb:
            y = x.copy()

            def h(t: float) -> float:
                y[i] = t
                d = self.deriv(i, y)
                if math.isnan(d):
                    raise SolverError("own derivative undefined inside the interval")
                return max(-1e300, min(1e300, d))

            try:
                root = optimize.brentq(h, a, b, xtol=1e-15 * max(1.0, w), rtol=4 * np.finfo(float).eps, maxiter=500)
                candidates.insert(0, float(root))
            except (ValueError, RuntimeError, SolverError):
                return self.global_response(i, x, 257)
        return self._pick(i, x, candidates)

    def _pick(self, i: int, x: np.ndarray, candidates: list[float]) -> float:
        y = x.copy()
        best, best_u = x[i], self.util(i, x)
        cur_u = best_u
        for c in candidates:
            y[i] = c
            uc = self.util(i, y)
            if uc > best_u:
                best, best_u = c, uc
        scale = max(1.0, abs(best_u)) if math.isfinite(best_u) else 1.0
        if math.isfinite(cur_u) and cur_u >= best_u - 1e-15 * scale:
            return float(x[i])
        return float(best)

    def global_response(self, i: int, x: np.ndarray, points: int) -> float:
        return self.global_max(i, x, points)[0]

    def global_max(self, i: int, x: np.ndarray, points: int) -> tuple[float, float, float]:
        """Maximise ``u_i`` over player ``i``'s interval without derivatives.

        A grid of ``points`` values, then a bounded Brent search (scipy ``minimize_scalar``)
        between the neighbours of the best few grid points. Returns ``(argmax, max,
        scale)`` where ``scale`` is the largest finite ``|u_i|`` seen (at least 1).
        """
        lo, hi, w = self.lo[i], self.hi[i], self.width[i]
        y = x.copy()
        if w <= 0:
            y[i] = lo
            v = self.util(i, y)
            return float(lo), v, max(1.0, abs(v)) if math.isfinite(v) else 1.0
        grid = np.linspace(lo, hi, points)
        vals = self.along(self.u[i], i, x, grid)
        vals = np.where(np.isnan(vals), -np.inf, vals)
        finite = vals[np.isfinite(vals)]
        scale = max(1.0, float(np.max(np.abs(finite)))) if finite.size else 1.0
        k_best = int(np.argmax(vals))
        best_x, best_v = float(grid[k_best]), float(vals[k_best])
        # local maxima of the grid, best first
        peaks = [k for k in range(points)
                 if (k == 0 or vals[k] >= vals[k - 1]) and (k == points - 1 or vals[k] >= vals[k + 1])]
        peaks.sort(key=lambda k: -vals[k])
        for k in peaks[:3]:
            a, b = grid[max(k - 1, 0)], grid[min(k + 1, points - 1)]

            def neg(t: float) -> float:
                y[i] = t
                v = self.util(i, y)
                return -v if math.isfinite(v) else 1e300

            res = optimize.minimize_scalar(neg, bounds=(a, b), method="bounded",
                                           options={"xatol": 1e-13 * max(1.0, w), "maxiter": 500})
            if -res.fun > best_v:
                best_x, best_v = float(res.x), float(-res.fun)
        return best_x, best_v, scale

    # ------------------------------------------------------------- equilibrium search
    def gauss_seidel(self, x0: np.ndarray, max_iter: int, mode: str) -> tuple[np.ndarray, int, list[str]]:
        x = x0.copy()
        notes: list[str] = []
        omega = 1.0
        best_res, stall = math.inf, 0
        for it in range(1, max_iter + 1):
            res = 0.0
            for i in range(self.n):
                b = self.foc_response(i, x) if mode == "foc" else self.global_response(i, x, 257)
                r = abs(b - x[i]) / self.scale_x[i]
                res = max(res, r)
                new = x[i] + omega * (b - x[i])
                for end in (self.lo[i], self.hi[i]):
                    if b == end and abs(new - end) <= ACTIVE_TOL * self.scale_x[i]:
                        new = end
                x[i] = min(max(new, self.lo[i]), self.hi[i])
            if res == 0.0 or (res <= 1e-13 and self.is_fixed(x, mode)):
                return x, it, notes
            if it >= 3 and (it % 5 == 0 or res <= 1e-6):
                polished = self.newton(x)
                if polished is not None and self.is_fixed(polished, mode):
                    if omega < 1:
                        notes.append(f"best responses damped to weight {omega:g}")
                    return polished, it, notes
            if res < 0.999 * best_res:
                best_res, stall = res, 0
            else:
                stall += 1
                if stall >= 20 and omega > 0.05:
                    omega *= 0.5
                    best_res, stall = math.inf, 0
                elif stall >= 100:
                    raise SolverError(
                        f"best-response iteration stalled after {it} sweeps, damped to weight {omega:g} "
                        f"(best responses still {res:.3g} of the interval width away); the game may have "
                        "no pure equilibrium, or try another start"
                    )
        raise SolverError(
            f"best-response iteration did not converge in {max_iter} sweeps (last change "
            f"{res:.3g} of the interval width); the game may have no pure equilibrium, or try "
            "another start or a larger max_iter"
        )

    def classify(self, x: np.ndarray, rel: float = ACTIVE_TOL) -> list[str]:
        """Per player: ``"lower"``/``"upper"`` within ``rel`` of the interval width of a bound, else
        ``"interior"``."""
        out = []
        for i in range(self.n):
            if x[i] <= self.lo[i] + rel * self.scale_x[i]:
                out.append("lower")
            elif x[i] >= self.hi[i] - rel * self.scale_x[i]:
                out.append("upper")
            else:
                out.append("interior")
        return out

    def newton(self, x0: np.ndarray) -> np.ndarray | None:
        """Newton's method on the first-order conditions of the interior players."""
        x = x0.copy()
        inner = [i for i, s in enumerate(self.classify(x, 1e-12)) if s == "interior"]
        if not inner:
            return x
        idx = np.array(inner)
        for _ in range(60):
            F = np.array([self.deriv(i, x) for i in inner])
            if not np.all(np.isfinite(F)):
                return None
            J = self.jacobian(x)[np.ix_(idx, idx)]
            if not np.all(np.isfinite(J)):
                return None
            try:
                step = np.linalg.solve(J, F)
            except np.linalg.LinAlgError:
                return None
            if not np.all(np.isfinite(step)):
                return None
            x[idx] -= step
            if np.any(x[idx] < self.lo[idx]) or np.any(x[idx] > self.hi[idx]):
                return None
            if np.max(np.abs(step) / self.scale_x[idx]) <= 1e-15:
                break
        return x

    def is_fixed(self, x: np.ndarray, mode: str, rel: float = REL_TOL) -> bool:
        for i in range(self.n):
            b = self.foc_response(i, x) if mode == "foc" else self.global_response(i, x, 257)
            if abs(b - x[i]) > rel * self.scale_x[i]:
                return False
        return True

    # ------------------------------------------------------------- checks
    def regrets(self, x: np.ndarray) -> tuple[list[float], list[float]]:
        """Per player: deviation gain found by the global search, and the utility scale."""
        gains, scales = [], []
        for i in range(self.n):
            _, best, scale = self.global_max(i, x, VERIFY_POINTS)
            here = self.util(i, x)
            if not math.isfinite(here):
                gains.append(math.inf)
            else:
                gains.append(max(0.0, best - here))
            scales.append(max(scale, abs(here)) if math.isfinite(here) else scale)
        return gains, scales

    def concavity_failures(self, x: np.ndarray) -> list[int]:
        """Players whose own derivative, sampled at ``x``, goes from negative to positive."""
        bad = []
        for i in range(self.n):
            if self.width[i] <= 0:
                continue
            grid = np.linspace(self.lo[i], self.hi[i], CONCAVITY_POINTS)
            d = self.along(self.g[i], i, x, grid)
            d = d[~np.isnan(d)]
            if d.size == 0:
                continue
            finite = np.abs(d[np.isfinite(d)])
            thr = REL_TOL * (float(finite.max()) if finite.size else 1.0)
            signs = [1 if v > thr else -1 for v in d if abs(v) > thr]
            if any(a < 0 < b for a, b in zip(signs, signs[1:])):
                bad.append(i)
        return bad


def _start_point(num: _Numeric, start: Mapping[str, Any] | Sequence[Any] | None) -> np.ndarray:
    x = (num.lo + num.hi) / 2
    if start is None:
        return x
    players = num.game.players
    if isinstance(start, Mapping):
        items = []
        for k, v in start.items():
            items.append((num.game.index(k), v))
    else:
        if isinstance(start, str) or len(start) != num.n:
            raise GameError(f"start: expected one value per player ({num.n})")
        items = list(enumerate(start))
    for i, v in items:
        f = float(to_value(v, f"start[{players[i]}]"))
        if not num.lo[i] <= f <= num.hi[i]:
            raise GameError(f"start[{players[i]}]: {f:g} is outside [{num.lo[i]:g}, {num.hi[i]:g}]")
        x[i] = f
    return x


def _numeric_stage(num: _Numeric, x0: np.ndarray, max_iter: int, tol: float,
                   diagnostics: list[str]) -> tuple[np.ndarray, int, str]:
    errors = []
    for mode in ("foc", "global"):
        try:
            x, it, notes = num.gauss_seidel(x0, max_iter, mode)
        except SolverError as exc:
            errors.append(f"{mode}: {exc}")
            continue
        gains, scales = num.regrets(x)
        if all(g <= tol * s for g, s in zip(gains, scales)):
            diagnostics.extend(notes)
            return x, it, mode
        worst = max(range(num.n), key=lambda i: gains[i] / scales[i])
        errors.append(f"{mode}: fixed point fails the deviation check ({num.game.players[worst]} gains "
                      f"{gains[worst]:.3g})")
    raise SolverError("no verified equilibrium found: " + "; ".join(errors))
