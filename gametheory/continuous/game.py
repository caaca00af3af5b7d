r"""Games with continuous strategies: each player chooses a number in an interval.

A :class:`ContinuousGame` has players :math:`i = 1, \dots, N`; player :math:`i` chooses
:math:`x_i \in [l_i, h_i]` and receives :math:`u_i(x_1, \dots, x_N)`. Bounds and
utilities are formulas in the decision variables and named
:class:`~gametheory.symbolic.Parameter` objects (text is parsed by the whitelisted
:func:`~gametheory.symbolic.parse_expression`, never evaluated).

A (pure) Nash equilibrium is a profile :math:`x^*` with
:math:`u_i(x_i^*, x_{-i}^*) \ge u_i(y, x_{-i}^*)` for every :math:`y \in [l_i, h_i]`. When
:math:`u_i` is differentiable and quasi-concave in :math:`x_i` these are exactly the
solutions of the Karush--Kuhn--Tucker (KKT) conditions

.. math::

    \partial u_i / \partial x_i = 0 \text{ if } l_i < x_i < h_i, \qquad
    \partial u_i / \partial x_i \le 0 \text{ if } x_i = l_i, \qquad
    \partial u_i / \partial x_i \ge 0 \text{ if } x_i = h_i .

:func:`solve_continuous` finds one equilibrium at given parameter values: Gauss--Seidel
best responses (each a bracketed root of the own derivative, Brent 1973), damped when
they oscillate, finished by Newton's method on the first-order conditions of the
interior players. It then re-solves those conditions exactly with sympy for the active set
it found and proves the KKT conditions in exact arithmetic, and it always checks the
answer against a global one-dimensional search of every player's deviations (the
``max_regret``), which does not use derivatives.

:func:`solve_continuous_symbolic` keeps the parameters symbolic: for each active set
(each player at its lower bound, its upper bound or interior) it solves the interior
first-order conditions in closed form and returns the conditions on the parameters under
which that active set is an equilibrium.

>>> from gametheory.symbolic import Parameter
>>> game = ContinuousGame(["Firm 1", "Firm 2"], [("q1", 0, 10), ("q2", 0, 10)],
...                       ["q1*(10 - q1 - q2) - 1*q1", "q2*(10 - q1 - q2) - 1*q2"])
>>> r = solve_continuous(game)
>>> r.choices, r.active["Firm 1"], r.exact
({'Firm 1': Fraction(3, 1), 'Firm 2': Fraction(3, 1)}, 'interior', True)

References
----------
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*. Prentice-Hall.
Kuhn, H. W. & Tucker, A. W. (1951). Nonlinear programming. *Proc. 2nd Berkeley Symposium*.
Rosen, J. B. (1965). Existence and uniqueness of equilibrium points for concave N-person
games. *Econometrica* 33(3), 520--534.
"""

from __future__ import annotations

import contextlib
import itertools
import keyword
import math
import re
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Number as _Number
from typing import Any, TypeAlias

import numpy as np
import sympy
from scipy import optimize

from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.symbolic.expr import FUNCTIONS, parse_expression
from gametheory.symbolic.parameters import Parameter, to_value

__all__ = [
    "ContinuousGame",
    "ContinuousResult",
    "SymbolicContinuousSolution",
    "solve_continuous",
    "solve_continuous_symbolic",
]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_STATES = ("lower", "upper", "interior")
#: Largest number of players :func:`solve_continuous_symbolic` enumerates active sets for.
MAX_SYMBOLIC_PLAYERS = 6
#: Grid points of the global deviation search that verifies an equilibrium.
VERIFY_POINTS = 2049
#: Grid points on which the own derivative is sampled to check quasi-concavity.
CONCAVITY_POINTS = 201

#: An exact (Fraction or sympy number) or float value.
Value: TypeAlias = "Fraction | float | sympy.Expr"


# =========================================================================== the game
class ContinuousGame:
    r"""An N-player game in which each player chooses a number in an interval.

    Parameters
    ----------
    players:
        Distinct player names.
    choices:
        Per player one decision variable ``(name, lower, upper)``. ``name`` is an
        identifier used in the utility formulas; ``lower`` and ``upper`` are numbers,
        formula text or sympy expressions in the *parameters* (not in decision
        variables), e.g. ``("q_1", 0, "Y_1")`` for a contribution bounded by income.
        Bounds must be finite.
    utilities:
        Per player (a sequence in player order, or a mapping ``{player: utility}``) a
        sympy expression or formula text in the decision variables and parameters.
        Sympy symbols are matched to variables and parameters by name.
    parameters:
        :class:`~gametheory.symbolic.Parameter` objects the formulas may use.
    title:
        Free text.

    Raises
    ------
    GameError
        Unknown or duplicate names, formulas that do not parse (the parser rejects
        anything but arithmetic and ``min, max, exp, log, sqrt, abs``), bounds that use
        decision variables, non-finite numbers, or ``lower > upper`` (for numeric bounds,
        and for formula bounds at the parameters' defaults).

    Examples
    --------
    >>> from gametheory.symbolic import Parameter
    >>> Y = Parameter("Y", "income", default=10, lower=0, lower_open=True)
    >>> g = ContinuousGame(["A"], [("x", 0, "Y")], ["log(1 + x) - x/4"], parameters=[Y])
    >>> g.utility("A"), g.substitute({"Y": 2}).bounds("A")
    (-x/4 + log(x + 1), (0, 2))
    """

    def __init__(
        self,
        players: Sequence[str],
        choices: Sequence[Sequence[Any]],
        utilities: Sequence[Any] | Mapping[str, Any],
        parameters: Sequence[Parameter] = (),
        title: str = "",
    ) -> None:
        if isinstance(players, str) or not isinstance(players, Sequence):
            raise GameError("players: expected a sequence of names")
        names = tuple(players)
        if not names:
            raise GameError("players: a game needs at least one player")
        for p in names:
            if not isinstance(p, str) or not p.strip():
                raise GameError(f"players: {p!r} is not a non-empty name")
        dup = sorted({p for p in names if names.count(p) > 1})
        if dup:
            raise GameError(f"players: duplicate player name(s) {', '.join(dup)}")
        params = tuple(parameters)
        for par in params:
            if not isinstance(par, Parameter):
                raise GameError(f"parameters: expected Parameter objects, got {type(par).__name__}")
        pnames = [par.name for par in params]
        dup = sorted({n for n in pnames if pnames.count(n) > 1})
        if dup:
            raise GameError(f"parameters: duplicate name(s) {', '.join(dup)}")
        n = len(names)
        if isinstance(choices, (str, Mapping)) or len(choices) != n:
            raise GameError(f"choices: expected one (name, lower, upper) per player ({n})")
        par_symbols = {par.name: par.symbol for par in params}
        var_names: list[str] = []
        for k, ch in enumerate(choices):
            where = f"choices[{names[k]}]"
            if isinstance(ch, str) or not isinstance(ch, Sequence) or len(ch) != 3:
                raise GameError(f"{where}: expected (name, lower, upper), got {ch!r}")
            v = ch[0]
            if not isinstance(v, str) or not _NAME.match(v) or keyword.iskeyword(v) or v in FUNCTIONS:
                raise GameError(
                    f"{where}: variable name {v!r} is not allowed (letters, digits and '_', starting "
                    "with a letter; not a keyword or one of min, max, exp, log, sqrt, abs)"
                )
            if v in par_symbols:
                raise GameError(f"{where}: variable name {v!r} is also a parameter name")
            if v in var_names:
                raise GameError(f"{where}: variable name {v!r} is used by two players")
            var_names.append(v)
        variables = tuple(sympy.Symbol(v, real=True) for v in var_names)
        lows: list[sympy.Expr] = []
        highs: list[sympy.Expr] = []
        for k, ch in enumerate(choices):
            where = f"choices[{names[k]}]"
            lo = _convert(ch[1], par_symbols, f"{where}: lower bound", var_names)
            hi = _convert(ch[2], par_symbols, f"{where}: upper bound", var_names)
            lows.append(lo)
            highs.append(hi)
        if isinstance(utilities, Mapping):
            unknown = sorted(str(k) for k in utilities if k not in names)
            if unknown:
                raise GameError(f"utilities: unknown player(s) {', '.join(unknown)}")
            missing = [p for p in names if p not in utilities]
            if missing:
                raise GameError(f"utilities: no utility for player(s) {', '.join(missing)}")
            raw = [utilities[p] for p in names]
        else:
            if isinstance(utilities, str) or len(utilities) != n:
                raise GameError(f"utilities: expected one utility per player ({n})")
            raw = list(utilities)
        all_symbols = dict(par_symbols)
        all_symbols.update(zip(var_names, variables))
        utils = tuple(_convert(u, all_symbols, f"utilities[{names[k]}]") for k, u in enumerate(raw))
        self._players = names
        self._parameters = params
        self._by_name = {p.name: p for p in params}
        self._variables = variables
        self._lower = tuple(lows)
        self._upper = tuple(highs)
        self._utilities = utils
        self._title = str(title)
        self._symbols = all_symbols
        self._check_bounds_at_defaults()

    # ----------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def num_players(self) -> int:
        return len(self._players)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    @property
    def title(self) -> str:
        return self._title

    @property
    def variables(self) -> tuple[sympy.Symbol, ...]:
        """The decision variables' sympy symbols, in player order."""
        return self._variables

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """Every name a formula may use (parameters and decision variables) and its symbol."""
        return dict(self._symbols)

    @property
    def utilities(self) -> tuple[sympy.Expr, ...]:
        return self._utilities

    @property
    def is_numeric(self) -> bool:
        """Whether no formula depends on a parameter (e.g. after :meth:`substitute`)."""
        pars = {p.symbol for p in self._parameters}
        return not any(e.free_symbols & pars for e in (*self._lower, *self._upper, *self._utilities))

    def index(self, player: str | int) -> int:
        """Position of a player given by name or index."""
        if isinstance(player, bool):
            raise GameError(f"unknown player {player!r}")
        if isinstance(player, int):
            if 0 <= player < len(self._players):
                return player
            raise GameError(f"player index {player} out of range 0..{len(self._players) - 1}")
        try:
            return self._players.index(player)
        except ValueError:
            raise GameError(f"unknown player {player!r} (players: {', '.join(self._players)})") from None

    def utility(self, player: str | int) -> sympy.Expr:
        """The utility of a player (by name or index) as a sympy expression."""
        return self._utilities[self.index(player)]

    def variable(self, player: str | int) -> sympy.Symbol:
        return self._variables[self.index(player)]

    def bounds(self, player: str | int) -> tuple[sympy.Expr, sympy.Expr]:
        """``(lower, upper)`` of a player's choice as sympy expressions."""
        k = self.index(player)
        return self._lower[k], self._upper[k]

    def parameter(self, name: str) -> Parameter:
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(self._by_name) or "none"
            raise GameError(f"unknown parameter {name!r} (parameters: {known})") from None

    def __repr__(self) -> str:
        pars = ", ".join(self._by_name) or "none"
        return f"<ContinuousGame {self._title!r}, {len(self._players)} players, parameters [{pars}]>"

    # ----------------------------------------------------------------- values
    def values(self, values: Mapping[str, Any] | None = None, **kw: Any) -> dict[str, Fraction]:
        """Complete, validated parameter values: given ones checked, defaults filled in."""
        from gametheory.symbolic.parameters import resolve_values

        return resolve_values(self._parameters, values, kw, where="")

    def _subs(self, vals: Mapping[str, Fraction]) -> dict[sympy.Symbol, sympy.Rational]:
        return {self._by_name[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()}

    def substitute(self, values: Mapping[str, Any] | None = None, **kw: Any) -> ContinuousGame:
        """The game at numeric parameter values (defaults fill the rest), without parameters.

        Raises :class:`GameError` when a bound is not a finite real number or
        ``lower > upper`` at those values, or a utility becomes undefined (``log(0)``).
        """
        vals = self.values(values, **kw)
        subs = self._subs(vals)
        text = ", ".join(f"{k}={v}" for k, v in vals.items()) or "no parameters"
        choices = []
        for k, p in enumerate(self._players):
            lo = sympy.sympify(self._lower[k].xreplace(subs), strict=True)
            hi = sympy.sympify(self._upper[k].xreplace(subs), strict=True)
            for what, b in (("lower", lo), ("upper", hi)):
                if not _is_finite_real(b):
                    raise GameError(f"choices[{p}]: {what} bound {b} is not a finite real number at {text}")
            if _truth(sympy.Gt(lo, hi)):
                raise GameError(f"choices[{p}]: lower bound {lo} is above upper bound {hi} at {text}")
            choices.append((self._variables[k].name, lo, hi))
        utils = []
        for k, p in enumerate(self._players):
            u = self._utilities[k].xreplace(subs)
            if u.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                raise GameError(f"utilities[{p}]: {self._utilities[k]} is undefined at {text}")
            utils.append(u)
        return ContinuousGame(self._players, choices, utils, (), self._title)

    def _check_bounds_at_defaults(self) -> None:
        defaults = {p.symbol: sympy.Rational(p.default.numerator, p.default.denominator)
                    for p in self._parameters if p.default is not None}
        for k, p in enumerate(self._players):
            lo = self._lower[k].xreplace(defaults)
            hi = self._upper[k].xreplace(defaults)
            if lo.free_symbols or hi.free_symbols:
                continue
            where = "" if not (self._lower[k].free_symbols or self._upper[k].free_symbols) else " at the defaults"
            if not (_is_finite_real(lo) and _is_finite_real(hi)):
                raise GameError(f"choices[{p}]: bounds {lo}, {hi} are not finite real numbers{where}")
            if _truth(sympy.Gt(lo, hi)):
                raise GameError(f"choices[{p}]: lower bound {lo} is above upper bound {hi}{where}")


def _convert(value: Any, symbols: Mapping[str, sympy.Symbol], where: str,
             forbidden: Sequence[str] = ()) -> sympy.Expr:
    """A number, formula text or sympy expression as a sympy expression over ``symbols``."""
    if isinstance(value, str):
        names = dict(symbols)
        for v in forbidden:  # decision variables: give a clear message instead of "unknown name"
            if re.search(rf"\b{re.escape(v)}\b", value):
                raise GameError(f"{where}: bounds may depend on parameters only, not on the variable {v!r}")
        expr = parse_expression(value, names, source=where)
    elif isinstance(value, bool):
        raise GameError(f"{where}: {value!r} is not a number or formula")
    elif isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise GameError(f"{where}: {value} is not an expression")
        free = value.free_symbols
        bad = sorted(str(s) for s in free if str(s) in forbidden)
        if bad:
            raise GameError(f"{where}: bounds may depend on parameters only, not on {', '.join(bad)}")
        unknown = sorted(str(s) for s in free if str(s) not in symbols)
        if unknown:
            known = ", ".join(sorted(symbols)) or "none"
            raise GameError(f"{where}: unknown name(s) {', '.join(unknown)} (known: {known})")
        expr = value.xreplace({s: symbols[str(s)] for s in free})
        floats = {f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)}
        if any(not math.isfinite(float(f)) for f in floats):
            raise GameError(f"{where}: {value} is not finite")
        expr = expr.xreplace(floats) if floats else expr
    elif isinstance(value, (_Number, np.number)):
        q = to_value(value, where)
        expr = sympy.Rational(q.numerator, q.denominator)
    else:
        raise GameError(f"{where}: {value!r} is not a number or formula")
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise GameError(f"{where}: {value} is not finite")
    if expr.has(sympy.I):
        raise GameError(f"{where}: {value} is not real")
    return expr


def _is_finite_real(e: sympy.Expr) -> bool:
    if e.free_symbols or e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    if e.is_Rational:
        return True
    v = sympy.N(e, 30)
    return bool(v.is_real) and bool(v.is_finite)


def _truth(rel: Any) -> bool | None:
    """Truth of a relation between numbers (``None`` if sympy cannot decide)."""
    if rel is sympy.true or rel is True:
        return True
    if rel is sympy.false or rel is False:
        return False
    if isinstance(rel, sympy.core.relational.Relational) and not rel.free_symbols:
        d = sympy.N(rel.lhs - rel.rhs, 50)
        if d.is_real and d.is_finite:
            if isinstance(rel, sympy.Eq):
                return None
            return bool(rel.func(d, 0))
    if isinstance(rel, (sympy.And, sympy.Or, sympy.Not)) and not rel.free_symbols:
        parts = [_truth(a) for a in rel.args]
        if None in parts:
            return None
        if isinstance(rel, sympy.And):
            return all(parts)
        if isinstance(rel, sympy.Or):
            return any(parts)
        return not parts[0]
    return None


# =========================================================================== result
@dataclass(frozen=True)
class ContinuousResult:
    """An equilibrium of a :class:`ContinuousGame` at given parameter values, verified.

    Attributes
    ----------
    game:
        The game that was solved (with its parameters).
    values:
        The parameter values used (given ones and defaults), exact.
    choices, utilities:
        ``{player: value}``: exact (``Fraction``, or a sympy number such as ``sqrt(2)`` or
        ``log(3)/2``) when :attr:`exact`, float otherwise.
    active:
        ``{player: "lower" | "upper" | "interior"}``: where each choice lies.
    exact:
        Whether the KKT conditions were proved in exact arithmetic.
    max_regret:
        Largest utility gain of a unilateral deviation found by a global search of each
        player's interval (grid plus bounded refinement, independent of derivatives),
        evaluated in floating point at the equilibrium.
    elapsed:
        Wall-clock seconds.
    iterations:
        Best-response sweeps of the numeric stage.
    diagnostics:
        Notes a careful user should read (quasi-concavity failures, fallbacks, ...).
    """

    game: ContinuousGame
    values: dict[str, Fraction]
    choices: dict[str, Value]
    utilities: dict[str, Value]
    active: dict[str, str]
    exact: bool
    max_regret: float
    elapsed: float = 0.0
    iterations: int = 0
    diagnostics: tuple[str, ...] = ()
    float_choices: dict[str, float] = field(default_factory=dict)
    float_utilities: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "game": {
                "title": self.game.title,
                "players": list(self.game.players),
                "variables": [v.name for v in self.game.variables],
            },
            "values": {k: str(v) for k, v in self.values.items()},
            "exact": self.exact,
            "choices": {p: _json_value(v) for p, v in self.choices.items()},
            "utilities": {p: _json_value(v) for p, v in self.utilities.items()},
            "choices_float": dict(self.float_choices),
            "utilities_float": dict(self.float_utilities),
            "active": dict(self.active),
            "max_regret": self.max_regret,
            "elapsed_seconds": self.elapsed,
            "iterations": self.iterations,
            "diagnostics": list(self.diagnostics),
        }

    def __str__(self) -> str:
        return "; ".join(f"{p}: {_text(v)}" for p, v in self.choices.items())


def _json_value(v: Value) -> str | float:
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, sympy.Basic):
        return sympy.sstr(v)
    return float(v)


def _text(v: Value) -> str:
    if isinstance(v, float):
        return f"{v:.10g}"
    if isinstance(v, sympy.Basic):
        return sympy.sstr(v)
    return str(v)


def _to_value(e: sympy.Expr) -> Fraction | sympy.Expr:
    e = sympy.sympify(e, strict=True)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    return e


# =========================================================================== numeric stage
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
                    if b == end and abs(new - end) <= 1e-9 * self.scale_x[i]:
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

    def classify(self, x: np.ndarray, rel: float = 1e-9) -> list[str]:
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

    def is_fixed(self, x: np.ndarray, mode: str, rel: float = 1e-9) -> bool:
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
            thr = 1e-9 * (float(finite.max()) if finite.size else 1.0)
            signs = [1 if v > thr else -1 for v in d if abs(v) > thr]
            if any(a < 0 < b for a, b in zip(signs, signs[1:])):
                bad.append(i)
        return bad


# =========================================================================== exact stage
class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_Timeout` after ``seconds`` (main thread on POSIX only; else no limit)."""
    if (seconds is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise _Timeout()

    start = time.monotonic()
    old_handler = signal.signal(signal.SIGALRM, handler)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:  # give an outer timer back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - start), 1e-3))


def _foc_equations(gs: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]
                   ) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Numerators and denominators of the first-order conditions."""
    nums, dens = [], []
    for g in gs:
        e = sympy.together(g)
        if not e.has(sympy.log, sympy.exp):
            e = sympy.cancel(e)
        num, den = sympy.fraction(e)
        nums.append(sympy.expand(num))
        dens.append(den)
    return nums, dens


#: Largest Bezout number (product of degrees) of a polynomial first-order system solved exactly.
MAX_BEZOUT = 64


def _solve_focs(nums: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol], numeric: bool = False
                ) -> tuple[list[dict[Any, Any]], bool]:
    """Solutions of ``nums == 0`` for ``variables``, and whether they are zeros by construction.

    Linear systems: ``linsolve``. Nonlinear polynomial systems with numeric coefficients
    (``numeric=True``): a lexicographic Groebner basis (Buchberger 1965); in shape position
    ``x_k = p_k(x_n)``, ``q(x_n) = 0`` the real roots of ``q`` are isolated exactly
    (``real_roots``: rationals, radicals or ``CRootOf``), so every solution returned satisfies
    the system exactly. Otherwise ``sympy.solve`` (solutions to be checked by the caller).
    """
    variables = list(variables)
    polys: list[Any] = []
    for e in nums:
        if not e.is_polynomial(*variables):
            polys = []
            break
        polys.append(sympy.Poly(e, *variables))
    if polys and len(polys) == len(nums):
        degrees = [p.total_degree() for p in polys]
        if all(d <= 1 for d in degrees):
            sol = sympy.linsolve(list(nums), variables)
            return [dict(zip(variables, tup)) for tup in sol], True
        bezout = math.prod(max(d, 1) for d in degrees)
        if bezout > MAX_BEZOUT:
            raise SolverError(f"polynomial first-order system of Bezout number {bezout} is too large")
        if numeric:
            shaped = _shape_solutions(list(nums), variables)
            if shaped is not None:
                return shaped, True
    found = sympy.solve(list(nums), variables, dict=True)
    return [dict(s) for s in found], False


def _shape_solutions(nums: list[sympy.Expr], variables: list[sympy.Symbol]) -> list[dict[Any, Any]] | None:
    """Real solutions from a lex Groebner basis in shape position (``None`` if it is not)."""
    basis = sympy.groebner(nums, *variables, order="lex")
    exprs = list(basis.exprs)
    if exprs == [1]:
        return []
    n = len(variables)
    last = variables[-1]
    if len(exprs) != n or not exprs[-1].free_symbols <= {last}:
        return None
    maps: list[sympy.Expr] = []
    for k in range(n - 1):
        e = sympy.expand(exprs[k])
        v = variables[k]
        if not e.free_symbols <= {v, last} or sympy.degree(e, v) != 1:
            return None
        c = e.coeff(v, 1)
        if c.free_symbols or c == 0:
            return None
        maps.append(sympy.expand(-(e - c * v) / c))
    roots = []
    for r in sympy.real_roots(sympy.Poly(exprs[-1], last)):
        if r not in roots:
            roots.append(r)
    return [{**{variables[k]: maps[k].xreplace({last: r}) for k in range(n - 1)}, last: r} for r in roots]


def _exact_zero(e: sympy.Expr) -> bool:
    e = sympy.sympify(e, strict=True)
    if e.is_Rational:
        return bool(e == 0)
    if e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    approx = sympy.N(e, 40)
    if approx.is_number and approx != 0 and abs(complex(approx)) > 1e-25:
        return False  # clearly not zero
    s = sympy.simplify(e)
    if s == 0:
        return True
    try:
        if s.is_algebraic:
            t = sympy.Dummy("t")
            return bool(sympy.minimal_polynomial(s, t) == t)
    except (NotImplementedError, ValueError, sympy.polys.polyerrors.PolynomialError):
        return False
    return False


def _nonzero(e: sympy.Expr) -> bool:
    """Whether the number ``e`` is certainly not zero (and finite)."""
    e = sympy.sympify(e, strict=True)
    if e.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    if e.is_Rational:
        return bool(e != 0)
    if e.is_zero is False:
        return True
    approx = sympy.N(e, 40)
    return bool(approx.is_number and abs(complex(approx)) > 1e-25)


def _exact_sign_ok(e: sympy.Expr, want: str) -> bool:
    """Whether the number ``e`` is ``<= 0`` (``want='le'``) or ``>= 0``, decided exactly."""
    e = sympy.sympify(e, strict=True)
    if e.has(sympy.nan, sympy.zoo) or e.free_symbols:
        return False
    if e in (sympy.oo, -sympy.oo):
        return (e == -sympy.oo) if want == "le" else (e == sympy.oo)
    if e.is_Rational:
        return bool(e <= 0) if want == "le" else bool(e >= 0)
    if want == "le" and e.is_negative is True:
        return True
    if want == "ge" and e.is_positive is True:
        return True
    return _exact_zero(e)


def _exact_stage(num: _Numeric, x: np.ndarray) -> tuple[list[sympy.Expr], list[str]]:
    """Exact KKT point near ``x`` for an active set read off ``x`` (or raise SolverError)."""
    base = num.classify(x)
    # players whose classification is doubtful: near a bound, or at a bound with ~zero slope
    doubtful = []
    for i, s in enumerate(base):
        near = min(x[i] - num.lo[i], num.hi[i] - x[i]) <= 1e-6 * num.scale_x[i]
        if (s == "interior" and near) or (s != "interior" and abs(num.deriv(i, x)) <= 1e-9):
            doubtful.append(i)
    doubtful = doubtful[:3]
    tried = []
    for flips in itertools.product((False, True), repeat=len(doubtful)):
        active = list(base)
        for i, flip in zip(doubtful, flips):
            if flip:
                if active[i] == "interior":
                    active[i] = "lower" if x[i] - num.lo[i] <= num.hi[i] - x[i] else "upper"
                else:
                    active[i] = "interior"
        active = ["lower" if num.width[i] <= 0 else s for i, s in enumerate(active)]
        if active in tried:
            continue
        tried.append(active)
        point = _exact_kkt(num, x, active)
        if point is not None:
            return point, active
    raise SolverError("no exact solution of the first-order conditions verified the KKT conditions")


def _exact_kkt(num: _Numeric, x: np.ndarray, active: list[str]) -> list[sympy.Expr] | None:
    fixed = {}
    for i, s in enumerate(active):
        if s == "lower":
            fixed[num.vars[i]] = num.lo_s[i]
        elif s == "upper":
            fixed[num.vars[i]] = num.hi_s[i]
    inner = [i for i, s in enumerate(active) if s == "interior"]
    candidates: list[dict[Any, Any]]
    proven = True
    dens: list[sympy.Expr] = []
    if inner:
        inner_vars = [num.vars[i] for i in inner]
        gs = [num.g_expr[i].xreplace(fixed) for i in inner]
        if any(g.has(sympy.nan, sympy.zoo) for g in gs):
            return None
        nums, dens = _foc_equations(gs, inner_vars)
        candidates, proven = _solve_focs(nums, inner_vars, numeric=True)
    else:
        candidates = [{}]
    best: tuple[float, list[sympy.Expr], bool] | None = None
    for sol in candidates:
        point = []
        exact_zero = proven
        ok = True
        for v in num.vars:
            if v in fixed:
                point.append(fixed[v])
                continue
            val = sympy.sympify(sol.get(v, v), strict=True)
            if val.free_symbols:  # a continuum: pin free variables at rationals near the numbers
                pins = {s: sympy.Rational(Fraction(float(x[num.vars.index(s)])).limit_denominator(10**6))
                        for s in val.free_symbols if s in num.vars}
                val = val.xreplace(pins)
                exact_zero = False
                if val.free_symbols:
                    ok = False
                    break
            point.append(val)
        if not ok:
            continue
        try:
            approx = [complex(sympy.N(p, 30)) for p in point]
        except (TypeError, ValueError):
            continue
        if any(abs(z.imag) > 1e-12 * (1 + abs(z.real)) for z in approx):
            continue
        dist = max((abs(z.real - x[i]) / num.scale_x[i] for i, z in enumerate(approx)), default=0.0)
        if best is None or dist < best[0]:
            best = (dist, point, exact_zero)
    if best is None or best[0] > 1e-6:
        return None
    point = [sympy.nsimplify(p) if isinstance(p, sympy.Float) else p for p in best[1]]
    point = [p if p.is_Rational or p.has(sympy.CRootOf) else sympy.radsimp(p) for p in point]
    if best[2]:
        # The numerators vanish by construction; the derivatives are zero iff denominators are not.
        subs = dict(zip(num.vars, point))
        if not all(_nonzero(d.xreplace(subs)) for d in dens):
            return None
    return point if _verify_kkt(num, point, active, interior_proven=best[2]) else None


def _verify_kkt(num: _Numeric, point: list[sympy.Expr], active: list[str], interior_proven: bool = False
                ) -> bool:
    """Exact KKT check: bounds, zero interior derivatives, boundary signs, finite utilities."""
    subs = dict(zip(num.vars, point))
    for i, s in enumerate(active):
        p = point[i]
        if not (_exact_sign_ok(num.lo_s[i] - p, "le") and _exact_sign_ok(p - num.hi_s[i], "le")):
            return False
        if s == "interior" and not interior_proven and not _exact_zero(num.g_expr[i].xreplace(subs)):
            return False
        if s == "lower" and not _exact_sign_ok(num.g_expr[i].xreplace(subs), "le"):
            return False
        if s == "upper" and not _exact_sign_ok(num.g_expr[i].xreplace(subs), "ge"):
            return False
        u = num.u_expr[i].xreplace(subs)
        if u.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            return False
    return True


# =========================================================================== solve
def solve_continuous(
    game: ContinuousGame,
    values: Mapping[str, Any] | None = None,
    *,
    tol: float = 1e-12,
    max_iter: int = 1000,
    start: Mapping[str, Any] | Sequence[Any] | None = None,
    exact: bool = True,
    exact_timeout: float | None = 10.0,
) -> ContinuousResult:
    r"""One verified Nash equilibrium of a continuous game at numeric parameter values.

    Method
    ------
    1. *Numeric stage.* Gauss--Seidel sweeps of best responses from ``start`` (default:
       the midpoints). A best response maximises :math:`u_i(\cdot, x_{-i})` on
       :math:`[l_i, h_i]` assuming quasi-concavity: if the own derivative
       :math:`g_i = \partial u_i/\partial x_i` changes sign from + to - the root is found by
       Brent's method (``scipy.optimize.brentq``); otherwise the better end point is taken.
       When sweeps stop improving they are damped (:math:`x_i \leftarrow x_i +
       \omega(b_i - x_i)`, :math:`\omega` halved). Every few sweeps Newton's method on
       :math:`g_I(x) = 0` for the interior players :math:`I` tries to finish. If this
       fails, the sweeps are repeated with derivative-free global best responses.
    2. *Exact stage* (``exact=True``). With the active set of the numeric answer (each
       player at its lower bound, upper bound, or interior), the interior first-order
       conditions are solved with sympy (boundary players substituted; numerators of the
       rational derivatives, linear systems by ``linsolve``), the solution nearest the
       numeric one is taken and the KKT conditions are checked exactly: :math:`g_i = 0`
       for interior players, :math:`g_i \le 0` at a lower and :math:`\ge 0` at an upper
       bound, choices inside the bounds. If this fails or exceeds ``exact_timeout``
       seconds, the float answer is kept and the diagnostics say so.
    3. *Verification.* For every player a global search (grid of
       :data:`VERIFY_POINTS` points plus bounded Brent refinement, no derivatives) finds the
       best deviation; ``max_regret`` is the largest gain. It must be at most ``tol``
       times the player's utility scale (max of 1 and the largest :math:`|u_i|` seen), or
       :class:`SolverError` is raised. The own derivative is also sampled on
       :data:`CONCAVITY_POINTS` points at the equilibrium: if it goes from - to + the
       utility is not quasi-concave in the own choice, which the diagnostics report.

    Parameters
    ----------
    game:
        The game.
    values:
        Parameter values (defaults fill the rest).
    tol:
        Largest accepted relative regret.
    max_iter:
        Most best-response sweeps (per mode).
    start:
        Starting choices ``{player: value}`` or a sequence in player order.
    exact:
        Whether to attempt the exact stage.
    exact_timeout:
        Seconds allowed for the sympy solve (enforced with ``SIGALRM`` in the main thread).

    Returns
    -------
    ContinuousResult

    Raises
    ------
    SolverError
        No convergence, or the point found fails the regret check.
    GameError
        Invalid values or start.
    """
    t0 = time.perf_counter()
    if not isinstance(game, ContinuousGame):
        raise GameError(f"solve_continuous: expected a ContinuousGame, got {type(game).__name__}")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol > 0):
        raise GameError(f"solve_continuous: tol must be a positive number, got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise GameError(f"solve_continuous: max_iter must be a positive integer, got {max_iter!r}")
    vals = game.values(values)
    numeric_game = game.substitute(vals)
    num = _Numeric(numeric_game)
    x0 = _start_point(num, start)
    diagnostics: list[str] = []
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        x, iterations, mode = _numeric_stage(num, x0, max_iter, tol, diagnostics)
        active = num.classify(x)
        point: list[sympy.Expr] | None = None
        if exact:
            try:
                with _time_limit(exact_timeout):
                    point, active = _exact_stage(num, x)
            except _Timeout:
                diagnostics.append(f"exact stage timed out after {exact_timeout} s; float answer kept")
            except (SolverError, NotImplementedError, ValueError, TypeError, AttributeError,
                    ZeroDivisionError, RecursionError, sympy.polys.polyerrors.PolynomialError) as exc:
                diagnostics.append(f"exact stage failed ({_short(exc)}); float answer kept")
        if point is not None:
            x = np.array([float(sympy.N(p, 30)) for p in point])
        gains, scales = num.regrets(x)
        bad = num.concavity_failures(x)
    for i in bad:
        diagnostics.append(
            f"{num.game.players[i]}: du/d{num.vars[i]} changes sign from - to + on "
            f"[{num.lo[i]:.6g}, {num.hi[i]:.6g}] at the equilibrium: the utility is not "
            "quasi-concave in the own choice, so first-order conditions do not characterise best "
            "responses (the global deviation search still verified this point)"
        )
    worst = max(range(num.n), key=lambda i: gains[i] / scales[i])
    if not gains[worst] <= tol * scales[worst]:
        raise SolverError(
            f"the point found is not an equilibrium: {num.game.players[worst]} gains "
            f"{gains[worst]:.3g} by deviating (tolerance {tol:g} x scale {scales[worst]:.3g})"
            + ("; utilities are not quasi-concave in own choice for " + ", ".join(
                num.game.players[i] for i in bad) if bad else "")
        )
    players = game.players
    fl_u = {p: num.util(i, x) + 0.0 for i, p in enumerate(players)}  # + 0.0: no -0.0
    if point is not None:
        subs = dict(zip(num.vars, point))
        choices: dict[str, Value] = {p: _to_value(point[i]) for i, p in enumerate(players)}
        utilities: dict[str, Value] = {
            p: _to_value(_tidy(num.u_expr[i].xreplace(subs))) for i, p in enumerate(players)
        }
    else:
        choices = {p: float(x[i]) + 0.0 for i, p in enumerate(players)}
        utilities = dict(fl_u)
    if mode != "foc":
        diagnostics.append("first-order best responses failed; derivative-free global best responses used")
    return ContinuousResult(
        game=game,
        values=vals,
        choices=choices,
        utilities=utilities,
        active=dict(zip(players, active)),
        exact=point is not None,
        max_regret=float(max(gains)),
        elapsed=time.perf_counter() - t0,
        iterations=iterations,
        diagnostics=tuple(diagnostics),
        float_choices={p: float(x[i]) + 0.0 for i, p in enumerate(players)},
        float_utilities=fl_u,
    )


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _tidy(e: sympy.Expr) -> sympy.Expr:
    """Cheap cosmetic form of an exact utility: ``log(8)/3`` becomes ``log(2)``."""
    e = sympy.sympify(e, strict=True)
    if e.is_Rational or e.has(sympy.CRootOf) or not e.has(sympy.log):
        return e
    args = [a for f in e.atoms(sympy.log) for a in f.args[0].atoms(sympy.Rational)]
    if all(abs(a.p) < 10**12 and a.q < 10**12 for a in args):  # factoring stays cheap
        return sympy.expand_log(e, force=True)
    return e


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


# =========================================================================== symbolic
@dataclass(frozen=True)
class SymbolicContinuousSolution:
    r"""A candidate equilibrium in closed form, valid where :attr:`conditions` all hold.

    Attributes
    ----------
    game:
        The game.
    active:
        ``{player: "lower" | "upper" | "interior"}``.
    choices, utilities:
        ``{player: expression in the parameters}``.
    conditions:
        Simplified sympy relations on the parameters (those that hold for every admissible
        value are dropped): interior choices within their bounds and the KKT sign
        conditions of the boundary players. Together with quasi-concavity of each utility
        in the own choice they make the profile an equilibrium.
    notes:
        Caveats (e.g. a continuum of solutions).
    """

    game: ContinuousGame
    active: dict[str, str]
    choices: dict[str, sympy.Expr]
    utilities: dict[str, sympy.Expr]
    conditions: tuple[sympy.Basic, ...]
    notes: tuple[str, ...] = ()

    @property
    def condition(self) -> sympy.Basic:
        return sympy.And(*self.conditions)

    def holds(self, values: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """Whether every condition holds at the given parameter values (defaults fill the rest)."""
        subs = self.game._subs(self.game.values(values, **kw))
        for c in self.conditions:
            t = _truth(c.xreplace(subs))
            if t is not True:
                return False
        return True

    def choices_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> dict[str, Value]:
        subs = self.game._subs(self.game.values(values, **kw))
        return {p: _to_value(sympy.simplify(e.xreplace(subs))) for p, e in self.choices.items()}

    def describe(self) -> str:
        parts = [f"{p} = {sympy.sstr(e)}" for p, e in self.choices.items()]
        cond = " and ".join(sympy.sstr(c) for c in self.conditions) or "always"
        return "; ".join(parts) + f"  if  {cond}"


def _domains(game: ContinuousGame) -> dict[sympy.Symbol, sympy.Set]:
    out = {}
    for p in game.parameters:
        lo = sympy.Rational(p.lower.numerator, p.lower.denominator) if p.lower is not None else -sympy.oo
        hi = sympy.Rational(p.upper.numerator, p.upper.denominator) if p.upper is not None else sympy.oo
        out[p.symbol] = sympy.Interval(lo, hi, p.lower_open or p.lower is None, p.upper_open or p.upper is None)
    return out


def _sign(f: sympy.Expr, domains: Mapping[sympy.Symbol, sympy.Set]) -> int:
    """+1 / -1 if ``f`` is positive / negative for all admissible parameters, else 0."""
    if f.is_positive:
        return 1
    if f.is_negative:
        return -1
    free = f.free_symbols
    if len(free) == 1:
        (s,) = free
        dom = domains.get(s)
        if dom is not None:
            try:
                if dom.is_subset(sympy.solveset(f > 0, s, dom)):
                    return 1
                if dom.is_subset(sympy.solveset(f < 0, s, dom)):
                    return -1
            except (NotImplementedError, ValueError, TypeError):
                return 0
    return 0


def _condition(expr: sympy.Expr, op: str, domains: Mapping[sympy.Symbol, sympy.Set]) -> sympy.Basic:
    """``expr <= 0`` (op ``"le"``) or ``expr >= 0``, simplified under the parameter domains."""
    e = sympy.together(expr)
    if not e.has(sympy.log, sympy.exp):
        e = sympy.cancel(e)
    n, d = sympy.fraction(e)
    flip = False
    sd = _sign(d, domains)
    if sd == 0:
        n = e  # unknown sign of the denominator: keep the quotient
    elif sd < 0:
        flip = True
    if n == 0:
        return sympy.true
    keep = []
    for f in sympy.Mul.make_args(sympy.factor(n)):
        s = _sign(f, domains)
        if s > 0:
            continue
        if s < 0:
            flip = not flip
            continue
        keep.append(f)
    if flip:
        op = "ge" if op == "le" else "le"
    if not keep:  # a positive number
        return sympy.false if op == "le" else sympy.true
    rest = sympy.Mul(*keep)
    if len(keep) == 1 and isinstance(keep[0], sympy.Add):
        terms = sympy.Add.make_args(sympy.expand(rest))
        lhs = sympy.Add(*[t for t in terms if not t.could_extract_minus_sign()])
        rhs = sympy.Add(*[-t for t in terms if t.could_extract_minus_sign()])
    else:
        lhs, rhs = rest, sympy.Integer(0)
    lhs, rhs = _nice(lhs), _nice(rhs)
    rel = sympy.Le(lhs, rhs) if op == "le" else sympy.Ge(lhs, rhs)
    if rel in (sympy.true, sympy.false):
        return rel
    free = rel.free_symbols
    if len(free) == 1:
        (s,) = free
        dom = domains.get(s)
        if dom is not None:
            try:
                sol = sympy.solveset(rel, s, dom)
                if dom.is_subset(sol):
                    return sympy.true
                if sympy.Intersection(sol, dom) is sympy.S.EmptySet:
                    return sympy.false
            except (NotImplementedError, ValueError, TypeError):
                pass
    return rel


def _nice(e: sympy.Expr) -> sympy.Expr:
    """Factored form with leading minus signs moved into a factor: ``Y*(1 - a)``, not ``-Y*(a - 1)``."""
    e = sympy.sympify(e, strict=True)
    if e.is_number or e.has(sympy.log, sympy.exp):
        return e
    e = sympy.factor(sympy.cancel(e))
    num, den = sympy.fraction(e)
    parts = []
    for side in (num, den):
        coeff, factors = side.as_coeff_mul()
        factors = list(factors)
        if coeff < 0:
            for k, f in enumerate(factors):
                if isinstance(f, sympy.Add):
                    factors[k] = sympy.expand(-f)
                    coeff = -coeff
                    break
        parts.append(sympy.Mul(coeff, *factors))
    return parts[0] / parts[1]


def _merge_equalities(conds: list[sympy.Basic]) -> tuple[list[sympy.Basic], list[sympy.Basic]]:
    """Replace pairs ``p <= q`` and ``p >= q`` by ``Eq(p, q)``; return (conditions, equalities)."""
    keys: list[sympy.Expr | None] = []
    for c in conds:
        if isinstance(c, sympy.Le):
            keys.append(sympy.expand(c.lhs - c.rhs))
        elif isinstance(c, sympy.Ge):
            keys.append(sympy.expand(c.rhs - c.lhs))
        else:
            keys.append(None)
    out: list[sympy.Basic] = []
    equal: list[sympy.Basic] = []
    used: set[int] = set()
    for a, ka in enumerate(keys):
        if a in used:
            continue
        partner = None
        if ka is not None:
            for b in range(a + 1, len(conds)):
                kb = keys[b]
                if b not in used and kb is not None and sympy.expand(ka + kb) == 0:
                    partner = b
                    break
        if partner is None:
            out.append(conds[a])
        else:
            used.add(partner)
            eq = sympy.Eq(conds[a].lhs, conds[a].rhs)
            out.append(eq)
            equal.append(eq)
    return out, equal


def _parse_active(game: ContinuousGame, active: Mapping[str, str] | Sequence[str]) -> tuple[str, ...]:
    if isinstance(active, Mapping):
        unknown = [str(k) for k in active if k not in game.players]
        if unknown:
            raise GameError(f"active: unknown player(s) {', '.join(unknown)}")
        states = [active.get(p) for p in game.players]
        missing = [p for p, s in zip(game.players, states) if s is None]
        if missing:
            raise GameError(f"active: no state for player(s) {', '.join(missing)}")
    else:
        if isinstance(active, str) or len(active) != game.num_players:
            raise GameError(f"active: expected one state per player ({game.num_players})")
        states = list(active)
    for s in states:
        if s not in _STATES:
            raise GameError(f"active: state {s!r} is not one of lower, upper, interior")
    return tuple(str(s) for s in states)


def solve_continuous_symbolic(
    game: ContinuousGame,
    active: Mapping[str, str] | Sequence[str] | None = None,
    *,
    timeout: float | None = 30.0,
) -> list[SymbolicContinuousSolution]:
    r"""Closed-form equilibria with the parameters left symbolic, one per consistent active set.

    For an active set (player :math:`i` at its lower bound, upper bound, or interior) the
    boundary players' bounds are substituted and the interior first-order conditions
    :math:`\partial u_i/\partial x_i = 0` are solved with sympy (numerators of the
    derivatives; ``linsolve`` when they are linear). Each solution comes with the
    conditions under which the active set is consistent -- interior values inside their
    bounds, :math:`\partial u_i/\partial x_i \le 0` at a lower bound and :math:`\ge 0` at an
    upper bound -- simplified using the parameters' assumptions and intervals (positive
    factors dropped, conditions that always hold removed). Under quasi-concavity of each
    utility in the own choice these KKT conditions are necessary and sufficient.

    Parameters
    ----------
    game:
        The game (parameters stay symbolic).
    active:
        One active set (``{player: state}`` or a sequence of ``"lower"``, ``"upper"``,
        ``"interior"``), or ``None`` for all :math:`3^N` (at most
        :data:`MAX_SYMBOLIC_PLAYERS` players); active sets with no solution, undefined
        derivatives at the bounds (``log(0)``) or a condition that never holds are pruned.
    timeout:
        Seconds allowed for each sympy solve (main thread on POSIX).

    Returns
    -------
    list of SymbolicContinuousSolution
    """
    if not isinstance(game, ContinuousGame):
        raise GameError(f"solve_continuous_symbolic: expected a ContinuousGame, got {type(game).__name__}")
    n = game.num_players
    if active is not None:
        sets: list[tuple[str, ...]] = [_parse_active(game, active)]
    else:
        if n > MAX_SYMBOLIC_PLAYERS:
            raise GameSizeError(
                f"solve_continuous_symbolic: {n} players; enumerating 3^{n} active sets is limited to "
                f"{MAX_SYMBOLIC_PLAYERS} players (pass active=...)"
            )
        options = []
        for k in range(n):
            lo, hi = game.bounds(k)
            options.append(("lower",) if sympy.simplify(hi - lo) == 0 else _STATES)
        sets = list(itertools.product(*options))
    domains = _domains(game)
    g_expr = [sympy.diff(u, v) for u, v in zip(game.utilities, game.variables)]
    out = []
    for states in sets:
        out.extend(_symbolic_active_set(game, states, g_expr, domains, timeout))
    return out


def _symbolic_active_set(game: ContinuousGame, states: tuple[str, ...], g_expr: list[sympy.Expr],
                         domains: Mapping[sympy.Symbol, sympy.Set], timeout: float | None
                         ) -> list[SymbolicContinuousSolution]:
    variables = list(game.variables)
    fixed = {}
    for k, s in enumerate(states):
        lo, hi = game.bounds(k)
        if s == "lower":
            fixed[variables[k]] = lo
        elif s == "upper":
            fixed[variables[k]] = hi
    inner = [k for k, s in enumerate(states) if s == "interior"]
    inner_vars = [variables[k] for k in inner]
    if inner:
        gs = [g_expr[k].xreplace(fixed) for k in inner]
        if any(g.has(sympy.nan, sympy.zoo) for g in gs):
            return []
        nums, _ = _foc_equations(gs, inner_vars)
        try:
            with _time_limit(timeout):
                sols, _ = _solve_focs(nums, inner_vars)
        except _Timeout:
            raise SolverError(f"solve_continuous_symbolic: sympy did not solve the conditions for "
                              f"{states} within {timeout} s") from None
    else:
        sols = [{}]
    out = []
    for sol in sols:
        point = {v: _nice(sympy.sympify(sol.get(v, v), strict=True)) for v in inner_vars}
        point.update(fixed)
        notes = []
        free = {s for v in inner_vars for s in point[v].free_symbols if s in variables}
        if free:
            notes.append("a continuum of solutions: " + ", ".join(sorted(map(str, free))) + " free")
        conditions: list[sympy.Basic] = []
        dead = False
        for k, s in enumerate(states):
            v = variables[k]
            lo, hi = game.bounds(k)
            d = g_expr[k].xreplace(point)
            if s == "interior":
                parts = [_condition(lo - point[v], "le", domains), _condition(point[v] - hi, "le", domains)]
            else:
                if d.has(sympy.nan, sympy.zoo):
                    dead = True
                    break
                parts = [_condition(d, "le" if s == "lower" else "ge", domains)]
            for c in parts:
                if c is sympy.false:
                    dead = True
                elif c is not sympy.true and c not in conditions:
                    conditions.append(c)
            if dead:
                break
        if dead:
            continue
        conditions, equal = _merge_equalities(conditions)
        if equal:
            notes.append("degenerate: consistent only where " + " and ".join(sympy.sstr(c) for c in equal))
        utils = {}
        for k, p in enumerate(game.players):
            u = game.utilities[k].xreplace(point)
            if u.has(sympy.nan, sympy.zoo):
                dead = True
                break
            utils[p] = _nice(u)
        if dead:
            continue
        out.append(SymbolicContinuousSolution(
            game=game,
            active=dict(zip(game.players, states)),
            choices={p: point[variables[k]] for k, p in enumerate(game.players)},
            utilities=utils,
            conditions=tuple(conditions),
            notes=tuple(notes),
        ))
    return out
