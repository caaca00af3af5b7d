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

:func:`~gametheory.continuous.solve.solve_continuous` finds one equilibrium at given parameter values: Gauss--Seidel
best responses (each a bracketed root of the own derivative, Brent 1973), damped when
they oscillate, finished by Newton's method on the first-order conditions of the
interior players. It then re-solves those conditions exactly with sympy for the active set
it found and proves the KKT conditions in exact arithmetic, and it always checks the
answer against a global one-dimensional search of every player's deviations (the
``max_regret``), which does not use derivatives.

:func:`~gametheory.symbolic.continuous.solve_continuous_symbolic` keeps the parameters symbolic: for each active set
(each player at its lower bound, its upper bound or interior) it solves the interior
first-order conditions in closed form and returns the conditions on the parameters under
which that active set is an equilibrium.

This module holds the game; the result, the numeric and exact stages and the solver live in
:mod:`~gametheory.continuous.result`, :mod:`~gametheory.continuous.numeric`,
:mod:`~gametheory.continuous.exact` and :mod:`~gametheory.continuous.solve`.

>>> from gametheory.continuous import solve_continuous
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

import math
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from numbers import Number as _Number
from typing import Any, TypeAlias

import sympy

from gametheory.errors import GameError
from gametheory.symbolic.expr import parse_expression
from gametheory.symbolic.parameters import Parameter, check_parameters, find_parameter, to_value

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Where a player's choice can lie: at its lower bound, its upper bound, or inside.
ACTIVE_STATES = ("lower", "upper", "interior")

#: An exact (Fraction or sympy number) or float value.
Value: TypeAlias = "Fraction | float | sympy.Expr"


# =========================================================================== the game

def _allowed_name(v: str) -> bool:
    """The shared name check of :class:`~gametheory.symbolic.parameters.Parameter` (no
    keyword, no formula function in any case: ``Max`` is refused as ``max`` is)."""
    try:
        Parameter(v)
    except GameError:
        return False
    return True

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
        params = check_parameters(parameters)
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
            if not isinstance(v, str) or not _NAME.match(v) or not _allowed_name(v):
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
        """The parameter called ``name`` (:class:`GameError` if there is none)."""
        return find_parameter(self._by_name, name)

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
            if decide_relation(sympy.Gt(lo, hi)):
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
            if decide_relation(sympy.Gt(lo, hi)):
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
    elif isinstance(value, _Number):
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


def decide_relation(rel: Any) -> bool | None:
    """Truth of a relation between numbers (``None`` if sympy cannot decide).

    >>> decide_relation(sympy.Gt(sympy.sqrt(2), sympy.Rational(7, 5))), decide_relation(sympy.Eq(1, 1))
    (True, True)
    """
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
        parts = [decide_relation(a) for a in rel.args]
        if None in parts:
            return None
        if isinstance(rel, sympy.And):
            return all(parts)
        if isinstance(rel, sympy.Or):
            return any(parts)
        return not parts[0]
    return None
