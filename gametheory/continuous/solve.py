"""Solve a continuous game at numeric parameter values: :func:`solve_continuous`.

>>> from gametheory.continuous import ContinuousGame
>>> g = ContinuousGame(["F1", "F2"], [("q1", 0, 10), ("q2", 0, 10)],
...                    ["q1*(10 - q1 - q2)", "q2*(10 - q1 - q2)"])
>>> r = solve_continuous(g)
>>> r.choices, r.method, r.exact
({'F1': Fraction(10, 3), 'F2': Fraction(10, 3)}, 'best-response', True)
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from gametheory._kernel.results import arithmetic_of
from gametheory.continuous.exact import ExactTimeout, _exact_stage, time_limit
from gametheory.continuous.game import ContinuousGame, Value
from gametheory.continuous.numeric import _Numeric, _numeric_stage, _start_point
from gametheory.continuous.result import ContinuousResult, exact_value
from gametheory.errors import GameError, SolverError

#: Default largest relative regret of :func:`solve_continuous`. Tighter than the kernel's
#: :data:`~gametheory._kernel.tolerance.REGRET_TOL`: the point is polished by Newton's
#: method, so a float equilibrium is found to near machine precision.
TOL = 1e-12


def solve_continuous(
    game: ContinuousGame,
    values: Mapping[str, Any] | None = None,
    *,
    tol: float | None = None,
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
        Largest accepted relative regret (default :data:`TOL`).
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
    if tol is None:
        tol = TOL
    elif not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol > 0):
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
                with time_limit(exact_timeout):
                    point, active = _exact_stage(num, x)
            except ExactTimeout:
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
        choices: dict[str, Value] = {p: exact_value(point[i]) for i, p in enumerate(players)}
        utilities: dict[str, Value] = {
            p: exact_value(_tidy(num.u_expr[i].xreplace(subs))) for i, p in enumerate(players)
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
        max_regret=float(max(gains)),
        iterations=iterations,
        float_choices={p: float(x[i]) + 0.0 for i, p in enumerate(players)},
        float_utilities=fl_u,
        method="best-response" if mode == "foc" else "global-best-response",
        arithmetic=arithmetic_of(point is not None),
        elapsed=time.perf_counter() - t0,
        parameters={"tol": tol, "max_iter": max_iter, "exact": exact, "exact_timeout": exact_timeout},
        diagnostics=tuple(diagnostics),
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
