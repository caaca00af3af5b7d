"""Equilibrium regimes of symbolic games: which equilibria hold for which parameter values.

:func:`analyze` returns every *candidate* equilibrium of a :class:`SymbolicGame` as
formulas -- the profile and expected payoffs as expressions in the parameters, and the
exact condition under which it is an equilibrium -- and a partition of the sampled
admissible parameter space into *regimes* (sets of parameter values with the same
equilibria).

Coverage
--------
* **Pure equilibria, any number of players**: profile ``s`` is an equilibrium iff
  ``u_i(s) >= u_i(t_i, s_-i)`` for every player ``i`` and strategy ``t_i``.
* **All equilibria of two-player games** by symbolic support enumeration (the
  construction of Mangasarian 1964 / Dickhaut & Kaplan 1991 with formulas in place of
  numbers): for supports ``I``, ``J`` of equal size the indifference equations
  ``A[I, J] y_J = v``, ``x_I B[I, J] = u`` (with ``sum = 1``) are solved by Cramer's rule;
  the pair is an equilibrium where every support probability is positive, no strategy
  outside the support earns more, and the systems are nonsingular. At parameter values
  where the game is nondegenerate these conditions give exactly its equilibria (every
  equilibrium of a nondegenerate game has supports of equal size; Shapley 1974, von
  Stengel 2002 Thm 2.7). On the measure-zero set where the game is degenerate (ties),
  there may be continua; :attr:`Analysis.diagnostics` says so.
* Games with three or more players: only pure equilibria are treated symbolically; the
  result says that mixed equilibria were not analysed (``complete=False``).

Regimes are found by evaluating the exact conditions at sample points (a seeded
pseudo-random sample of the admissible box plus the defaults); each distinct set of
candidates that hold becomes a regime, with its exact condition (the conjunction of the
conditions that hold and the negations of those that do not). The conditions are exact;
a regime too small to contain a sample point can be missed, which the diagnostics state.

Every object here writes itself as JSON (``to_json()``, values through
:func:`~gametheory._kernel.results.json_value`: formulas as text, exact numbers as
``"p/q"`` strings); :class:`Analysis` is a :class:`~gametheory._kernel.results.Result`
with ``method="regimes"`` and ``arithmetic="symbolic"``.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from gametheory._kernel.results import Result, json_value
from gametheory.errors import GameError, GameSizeError
from gametheory.symbolic.expr import ExpressionError, evaluate_at
from gametheory.symbolic.game import SymbolicGame

#: Largest number of support pairs enumerated symbolically.
MAX_SUPPORT_PAIRS = 5_000


@dataclass(frozen=True)
class SymbolicEquilibrium:
    """A candidate equilibrium as formulas, valid where :attr:`condition` holds."""

    support: tuple[tuple[str, ...], ...]
    profile: tuple[tuple[sympy.Expr, ...], ...]
    payoffs: tuple[sympy.Expr, ...]
    condition: sympy.Basic
    inequalities: tuple[sympy.Basic, ...]

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)

    def describe(self) -> str:
        parts = []
        for probs, names, support in zip(self.profile, self._names(), self.support):
            inner = ", ".join(f"{n}: {sympy.sstr(p)}" for n, p in zip(names, probs) if n in support)
            parts.append("{" + inner + "}")
        return "; ".join(parts)

    def _names(self) -> tuple[tuple[str, ...], ...]:
        return self._strategy_names

    _strategy_names: tuple[tuple[str, ...], ...] = field(default=(), repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """Supports, profile and payoffs (formulas as text) and the condition."""
        return {
            "support": [list(s) for s in self.support],
            "profile": json_value(self.profile),
            "payoffs": json_value(self.payoffs),
            "condition": json_value(self.condition),
            "condition_latex": sympy.latex(self.condition),
            "inequalities": json_value(self.inequalities),
        }


@dataclass(frozen=True)
class Cell:
    """One open cell of the exact decomposition (consecutive sectors of one column with the
    same equilibria, merged).

    ``sample`` is a rational point inside it; ``column`` indexes the open interval of the
    first parameter between consecutive roots of the projection, ``rows`` the first and
    last merged sector above it (counted from below); ``signs[k]`` is the sign (+1 or -1)
    of boundary polynomial ``k`` (:attr:`Analysis.boundaries`) in the sector that holds
    the sample.
    """

    sample: dict[str, Fraction]
    column: int
    rows: tuple[int, int]
    signs: tuple[int, ...]

    def conditions(self, boundaries: tuple[sympy.Expr, ...]) -> tuple[sympy.Basic, ...]:
        """The sign conditions of the sample's sector as relations (``f > 0``, ``f < 0``)."""
        return tuple((b > 0) if s > 0 else (b < 0) for b, s in zip(boundaries, self.signs))

    def to_json(self) -> dict[str, Any]:
        """Sample point, column, merged rows and signs of the boundary polynomials."""
        return {
            "sample": json_value(self.sample),
            "column": self.column,
            "rows": list(self.rows),
            "signs": list(self.signs),
        }


@dataclass(frozen=True)
class Regime:
    """A region of parameter space with the same set of equilibria.

    With the exact decomposition (``Analysis.decomposition == "cells"``) ``cells`` lists its
    open cells and ``share`` is the fraction of the decomposition's open sectors in it
    (a count, not an area); with sampling ``share`` is the fraction of sample points.
    """

    condition: sympy.Basic
    equilibria: tuple[int, ...]  # indices into Analysis.candidates
    sample: dict[str, Fraction]
    share: float  # fraction of the sample points (or open sectors) in this regime
    cells: tuple[Cell, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The candidates that hold, the sample share and point, and the condition (the
        cells are written by :meth:`Analysis.to_json` under ``regime_cells``)."""
        return {
            "equilibria": list(self.equilibria),
            "share_of_samples": json_value(self.share),
            "sample": json_value(self.sample),
            "condition": json_value(self.condition),
        }


def game_summary(game: SymbolicGame) -> dict[str, Any]:
    """The game as a result's JSON names it: title, players, strategies and parameters."""
    return {
        "title": game.title,
        "players": list(game.players),
        "strategies": [list(s) for s in game.strategies],
        "parameters": [p.to_json() for p in game.parameters],
    }


@dataclass(frozen=True)
class Analysis(Result):
    """What :func:`analyze` found.

    Attributes
    ----------
    game:
        The symbolic game.
    candidates:
        Every candidate equilibrium, as formulas with the condition where it holds.
    regimes:
        The regions of the sampled parameter space with one set of candidates holding.
    admissible:
        The parameters' admissible intervals as one sympy condition.
    complete:
        Whether the candidates are every equilibrium (two players; False for more, where
        only pure equilibria are analysed).
    samples:
        How many sample points the regimes were found from (with the exact
        decomposition: how many open cells were classified).
    boundaries:
        With the exact decomposition, the irreducible boundary polynomials that cut the
        parameter box (cells report their signs).
    decomposition:
        ``"cells"`` (exact cell decomposition: every full-dimensional regime found) or
        ``"samples"`` (regimes from sample points; a small regime can be missed).

    The common fields come from :class:`~gametheory._kernel.results.Result`: ``method`` is
    ``"regimes"``, ``arithmetic`` ``"symbolic"``, ``parameters`` holds ``candidates``
    (``"support_enumeration"`` or ``"pure"``), the requested ``samples`` and the ``seed``;
    ``diagnostics`` the caveats.
    """

    game: SymbolicGame
    candidates: tuple[SymbolicEquilibrium, ...]
    regimes: tuple[Regime, ...]
    admissible: sympy.Basic
    complete: bool
    samples: int
    boundaries: tuple[sympy.Expr, ...] = ()
    decomposition: str = "samples"

    @property
    def notes(self) -> tuple[str, ...]:
        """The caveats, :attr:`diagnostics` by its old name (kept for one release)."""
        return self.diagnostics

    def to_json(self) -> dict[str, Any]:
        """The game's names, the common fields, then candidates and regimes."""
        return {
            "game": game_summary(self.game),
            **self.common_json(),
            "complete": self.complete,
            "admissible": json_value(self.admissible),
            "candidates": [c.to_json() for c in self.candidates],
            "regimes": [r.to_json() for r in self.regimes],
            "samples": self.samples,
            "decomposition": self.decomposition,
            "boundaries": json_value(self.boundaries),
            "regime_cells": [[c.to_json() for c in r.cells] for r in self.regimes],
        }

    def __repr__(self) -> str:
        """One line: candidates, regimes, completeness (never a field dump)."""
        extra = "complete" if self.complete else "pure equilibria only"
        found = ("by exact cells" if getattr(self, "decomposition", "samples") == "cells"
                 else f"from {self.samples} samples")
        return (f"<Analysis {self.game.title or 'symbolic game'}: {len(self.candidates)} candidate equilibria, "
                f"{len(self.regimes)} regimes {found}, {extra}>")

    def _share_word(self) -> str:
        return "cells" if getattr(self, "decomposition", "samples") == "cells" else "samples"

    def _regime_text(self, r: Regime) -> str:
        return " | ".join(f"({self.candidates[k].describe()})" for k in r.equilibria) or "no equilibrium among the candidates"

    def _repr_latex_(self) -> str:
        """Each regime's exact condition in LaTeX, labelled with its share of the samples."""
        from gametheory._kernel.display import latex_lines

        lines = [(f"regime {k} ({r.share:.0%} of {self._share_word()})", sympy.latex(r.condition))
                 for k, r in enumerate(self.regimes, start=1)]
        return latex_lines(lines or [("no regime", r"\text{(no sample point admissible)}")])

    def _repr_html_(self) -> str:
        """The regimes in a table: the equilibria that hold, the exact condition (LaTeX, which
        the notebook typesets), the share of samples; then the candidates and diagnostics."""
        from gametheory._kernel.display import escape, html_table, notes_html

        rows = [[str(k), escape(self._regime_text(r)), escape(f"\\({sympy.latex(r.condition)}\\)"), f"{r.share:.0%}"]
                for k, r in enumerate(self.regimes, start=1)]
        head = escape(repr(self)[1:-1])
        return (f"<div><b>{head}</b>"
                + html_table(["regime", "equilibria", "condition", f"share of {self._share_word()}"], rows, raw=True)
                + notes_html(self.diagnostics) + "</div>")

    def _repr_markdown_(self) -> str:
        """The regimes with their conditions (inline LaTeX) as a Markdown table."""
        from gametheory._kernel.display import markdown_table

        rows = [[str(k), self._regime_text(r), f"${sympy.latex(r.condition)}$", f"{r.share:.0%}"]
                for k, r in enumerate(self.regimes, start=1)]
        return f"**{repr(self)[1:-1]}**\n\n" + markdown_table(
            ["regime", "equilibria", "condition", f"share of {self._share_word()}"], rows)

    def holding(self, values: Mapping[str, Any] | None = None, **kw: Any) -> list[int]:
        """Indices of the candidates whose condition holds at the given (exact) values."""
        vals = self.game.values(values, **kw)
        subs = {self.game.parameter(k).symbol: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()}
        out = []
        for k, cand in enumerate(self.candidates):
            if _truth(_condition_at(self.game, cand.condition, subs)):
                out.append(k)
        return out

    def equilibria_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> list[tuple[tuple[Fraction, ...], ...]]:
        """The equilibrium profiles (exact) of the candidates that hold at a point."""
        vals = self.game.values(values, **kw)
        subs = {self.game.parameter(k).symbol: sympy.Rational(v.numerator, v.denominator) for k, v in vals.items()}
        out = []
        for k in self.holding(vals):
            prof = tuple(
                tuple(_to_fraction(sympy.sympify(p, strict=True).xreplace(subs)) for p in probs)
                for probs in self.candidates[k].profile
            )
            out.append(prof)
        return out


def _to_fraction(x: sympy.Basic) -> Fraction:
    x = sympy.nsimplify(x) if not x.is_Rational else x
    if not x.is_Rational:
        raise GameError(f"value {x} is not rational")
    return Fraction(int(x.p), int(x.q))


def _condition_at(game: SymbolicGame, condition: sympy.Basic, subs: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``condition`` at a point; a payoff formula that is not real there (``sqrt(c - 3)``
    or ``max(sqrt(c - 3), 0)`` at ``c = 1``) raises :class:`GameError` naming it."""
    try:
        return evaluate_at(condition, subs, source="condition")
    except ExpressionError as exc:
        failure: GameError = exc
    at = ", ".join(f"{s}={v}" for s, v in subs.items())
    for idx in np.ndindex(*game.payoffs.shape):
        formula = game.payoffs[idx]
        where = f"payoff [{', '.join(map(str, idx))}] = {sympy.sstr(formula)}"
        try:
            value = evaluate_at(formula, subs, source=where)
        except ExpressionError as exc:
            failure = exc if "too large" in exc.reason else GameError(f"{where}: not a real number at {at}")
            break
        if value.is_real is False:
            failure = GameError(f"{where}: not a real number at {at}")
            break
    raise GameError(
        f"{failure}; restrict the parameters' intervals (lower/upper) to where the formulas are real"
    )


def _truth(cond: sympy.Basic) -> bool:
    if cond is sympy.true or cond is True:
        return True
    if cond is sympy.false or cond is False:
        return False
    simplified = sympy.simplify(cond)
    if simplified in (sympy.true, sympy.false):
        return bool(simplified)
    raise GameError(f"condition {cond} could not be decided at this point")


def _simplify_rel(expr: sympy.Expr) -> sympy.Expr:
    expr = sympy.cancel(sympy.together(expr))
    return expr


def _ineq(lhs: sympy.Expr, strict: bool) -> sympy.Basic:
    """``lhs > 0`` (strict) or ``lhs >= 0``, simplified under the symbols' assumptions.

    A fraction whose denominator has a known sign (from the parameters' assumptions) is
    replaced by its numerator (flipping the inequality for a negative denominator).
    """
    e = _simplify_rel(lhs)
    num, den = sympy.fraction(e)
    if den.is_positive:
        e = sympy.expand(num)
    elif den.is_negative:
        e = sympy.expand(-num)
    elif not den.is_number:
        # num/den has the sign of num*den wherever den != 0 (den = 0 makes the support
        # system singular, a measure-zero set): a polynomial condition.
        e = sympy.factor(sympy.expand(num * den))
    rel = e > 0 if strict else e >= 0
    return rel


def _pure_candidates(game: SymbolicGame) -> list[SymbolicEquilibrium]:
    U = game.payoffs
    out = []
    for idx in itertools.product(*(range(k) for k in game.shape)):
        ineqs: list[sympy.Basic] = []
        for i in range(game.num_players):
            here = U[idx + (i,)]
            for t in range(game.shape[i]):
                if t == idx[i]:
                    continue
                dev = list(idx)
                dev[i] = t
                ineqs.append(_ineq(here - U[tuple(dev) + (i,)], strict=False))
        cond = sympy.And(*ineqs)
        if cond is sympy.false:
            continue
        profile = tuple(
            tuple(sympy.Integer(1 if k == idx[i] else 0) for k in range(game.shape[i])) for i in range(game.num_players)
        )
        support = tuple((game.strategies[i][idx[i]],) for i in range(game.num_players))
        out.append(
            SymbolicEquilibrium(
                support=support,
                profile=profile,
                payoffs=tuple(sympy.simplify(U[idx + (i,)]) for i in range(game.num_players)),
                condition=cond,
                inequalities=tuple(r for r in ineqs if r is not sympy.true),
                _strategy_names=game.strategies,
            )
        )
    return out


def _is_zero(expr: sympy.Expr) -> bool:
    """Whether a rational function of the parameters is identically zero."""
    num, _ = sympy.fraction(sympy.together(expr))
    return sympy.expand(num) == 0


def _sign_condition(num: sympy.Expr, den: sympy.Expr, strict: bool) -> sympy.Basic:
    """``num / den > 0`` (or ``>= 0``) as a polynomial condition.

    Uses the denominator's sign when the assumptions fix it, else ``num * den`` (same sign
    wherever ``den != 0``; ``den = 0`` is where the support system is singular).
    """
    if den.is_positive:
        e = num
    elif den.is_negative:
        e = -num
    else:
        e = sympy.expand(num * den)
    return e > 0 if strict else e >= 0


def _cramer(M: sympy.Matrix, rhs: sympy.Matrix) -> tuple[list[sympy.Expr], sympy.Expr] | None:
    """Solution of ``M z = rhs`` as fractions with the common denominator ``det M``."""
    det = sympy.expand(M.det(method="bareiss"))
    if det == 0:
        return None
    sols = []
    for c in range(M.shape[1]):
        Mc = M.copy()
        Mc[:, c] = rhs
        sols.append(sympy.expand(Mc.det(method="bareiss")))
    return sols, det


@dataclass
class _Vertex:
    """A vertex of one player's best-response polytope, as formulas: mix ``z`` with support
    ``support``, the opponent strategies ``tight`` it makes best replies (by construction),
    the resulting payoff ``value`` to the opponent, and the condition for it to exist."""

    support: tuple[int, ...]
    tight: tuple[int, ...]
    z: list[sympy.Expr]
    value: sympy.Expr
    payoff_of: list[sympy.Expr]  # opponent's payoff of each of its pure strategies
    ineqs: list[sympy.Basic]


def _vertices(M: sympy.Matrix) -> list[_Vertex]:
    """Vertices of ``{z in simplex : opponent's payoffs z^T M}`` by support/tight pairs.

    ``M`` has one row per own strategy and one column per opponent strategy, holding the
    *opponent's* payoffs. For a support ``S`` and an equally large set ``T`` of opponent
    strategies, ``z_S M[S, T] = w 1`` with ``sum z = 1`` is solved by Cramer's rule; the
    vertex exists where ``z_S > 0`` and no opponent strategy pays more than ``w``.
    """
    rows, cols = M.shape
    out = []
    for k in range(1, min(rows, cols) + 1):
        for S in itertools.combinations(range(rows), k):
            for T in itertools.combinations(range(cols), k):
                E = sympy.zeros(k + 1, k + 1)
                for c, t in enumerate(T):
                    for r, si in enumerate(S):
                        E[c, r] = M[si, t]
                    E[c, k] = -1
                for r in range(k):
                    E[k, r] = 1
                rhs = sympy.zeros(k + 1, 1)
                rhs[k] = 1
                sol = _cramer(E, rhs)
                if sol is None:
                    continue
                num, det = sol
                # Numerators over the common denominator det: signs are decided on the
                # polynomials num * det, with no rational-function simplification.
                z = [sympy.Integer(0)] * rows
                for r, si in enumerate(S):
                    z[si] = num[r] / det
                w = num[k] / det
                pay_num = [sympy.expand(sum(M[si, t] * num[r] for r, si in enumerate(S))) for t in range(cols)]
                pay = [pn / det for pn in pay_num]
                ineqs = [_sign_condition(num[r], det, strict=True) for r in range(k)]
                ineqs += [
                    _sign_condition(sympy.expand(num[k] - pay_num[t]), det, strict=False)
                    for t in range(cols)
                    if t not in T
                ]
                if sympy.And(*ineqs) is sympy.false:
                    continue
                out.append(_Vertex(S, T, z, w, pay, ineqs))
    return out


def _mixed_candidates(game: SymbolicGame, assumptions: sympy.Basic) -> tuple[list[SymbolicEquilibrium], list[str]]:
    """All extreme equilibria of a two-player game as vertex pairs (see module notes)."""
    m, n = game.shape
    A = sympy.Matrix(m, n, lambda i, j: game.payoffs[i, j, 0])
    B = sympy.Matrix(m, n, lambda i, j: game.payoffs[i, j, 1])
    pairs = sum(int(sympy.binomial(m, k) * sympy.binomial(n, k)) for k in range(1, min(m, n) + 1))
    if pairs > MAX_SUPPORT_PAIRS:
        raise GameSizeError(f"analyze: {pairs} support pairs exceed the symbolic limit {MAX_SUPPORT_PAIRS}")
    xs = _vertices(B)  # row player's mixes; B holds the column player's payoffs
    ys = _vertices(A.T)  # column player's mixes; A^T holds the row player's payoffs
    merged: dict[tuple, tuple[list[sympy.Basic], SymbolicEquilibrium]] = {}
    for x in xs:
        for y in ys:
            # supp(x) must be best replies to y, supp(y) best replies to x. Strategies in
            # the tight sets are best replies by construction; any other must tie
            # identically in the parameters (a structural tie), else the pair is skipped
            # (it could only hold on a measure-zero set).
            ok = True
            for i in x.support:
                if i not in y.tight and not _is_zero(y.value - y.payoff_of[i]):
                    ok = False
                    break
            if ok:
                for j in y.support:
                    if j not in x.tight and not _is_zero(x.value - x.payoff_of[j]):
                        ok = False
                        break
            if not ok:
                continue
            cond = sympy.And(*x.ineqs, *y.ineqs)
            if cond is sympy.false:
                continue
            xz = tuple(sympy.cancel(t) for t in x.z)
            yz = tuple(sympy.cancel(t) for t in y.z)
            key = (xz, yz)
            if key in merged:
                merged[key][0].append(cond)
                continue
            eq = SymbolicEquilibrium(
                support=(tuple(game.strategies[0][i] for i in x.support), tuple(game.strategies[1][j] for j in y.support)),
                profile=(xz, yz),
                payoffs=(sympy.cancel(y.value), sympy.cancel(x.value)),
                condition=cond,
                inequalities=tuple(r for r in (*x.ineqs, *y.ineqs) if r is not sympy.true),
                _strategy_names=game.strategies,
            )
            merged[key] = ([cond], eq)
    out = []
    for conds, eq in merged.values():
        if len(conds) > 1:
            eq = SymbolicEquilibrium(
                support=eq.support,
                profile=eq.profile,
                payoffs=eq.payoffs,
                condition=sympy.Or(*conds),
                inequalities=eq.inequalities,
                _strategy_names=eq._strategy_names,
            )
        out.append(eq)
    return out, []


def _sample_points(game: SymbolicGame, count: int, seed: int) -> list[dict[str, Fraction]]:
    rng = np.random.default_rng(seed)
    points = []
    defaults = {p.name: p.default for p in game.parameters}
    if all(v is not None for v in defaults.values()):
        points.append({k: v for k, v in defaults.items() if v is not None})
    for _ in range(count):
        pt = {}
        for p in game.parameters:
            lo, hi = p.sample_bounds()
            # a rational with a large denominator: generic, so boundaries are (almost) never hit
            val = Fraction(lo) + Fraction(int(rng.integers(1, 10**6)), 10**6 + 3) * Fraction(hi - lo)
            if not p.contains(val):
                continue
            pt[p.name] = val
        if len(pt) == len(game.parameters):
            points.append(pt)
    return points


def analyze(game: SymbolicGame, *, samples: int = 400, seed: int = 0, cells: bool = True) -> Analysis:
    """Candidate equilibria with exact conditions, and the regimes they form.

    Parameters
    ----------
    game:
        The symbolic game.
    samples:
        Number of random admissible points at which the conditions are evaluated to
        discover the regimes when the exact cell decomposition does not apply (plus the
        default point when every parameter has one).
    seed:
        Seed of that sample (results are reproducible).
    cells:
        Find the regimes of a two-player game with one or two parameters and
        rational-function payoffs exactly, from a cell decomposition of the parameter box
        cut by the conditions' polynomials (:mod:`gametheory.symbolic.cells`): every
        full-dimensional regime is found and each is reported with its cells. ``False``
        (or any other game) uses the sample.
    """
    if not isinstance(game, SymbolicGame):
        raise GameError(f"analyze: expected a SymbolicGame, got {type(game).__name__}")
    start = time.perf_counter()
    admissible = sympy.And(*(p.condition() for p in game.parameters))
    notes: list[str] = []
    complete = True
    method = "pure"
    clauses: list[list[list[_Atom]]] | None = None
    alg: _Algebra | None = None
    if game.num_players == 2:
        candidates = None
        if cells and 1 <= len(game.parameters) <= 2:
            try:
                candidates, clauses, alg = _fast_candidates(game)
            except _NotPolynomial:
                candidates = None
        if candidates is None:
            candidates, more = _mixed_candidates(game, admissible)
            notes += more
        method = "support_enumeration"
        notes.append(
            "conditions give every equilibrium wherever the game is nondegenerate; on "
            "boundaries between regimes (ties) there can be continua of equilibria"
        )
    else:
        candidates = _pure_candidates(game)
        complete = False
        notes.append(
            f"{game.num_players}-player game: only pure equilibria are analysed symbolically; "
            "mixed equilibria are not covered"
        )
    found = None
    if cells and clauses is not None and alg is not None and len(game.parameters) in (1, 2):
        found = _cell_regimes(game, candidates, clauses, alg)
    if found is not None:
        regimes, boundaries, ncells = found
        notes.append(
            f"regimes found exactly from a cylindrical cell decomposition of the admissible box cut by "
            f"{len(boundaries)} boundary polynomials ({ncells} open cells, each classified exactly at a "
            "rational sample point); regimes confined to boundaries (ties) are not listed"
        )
        return Analysis(
            game=game,
            candidates=tuple(candidates),
            regimes=tuple(regimes),
            admissible=admissible,
            complete=complete,
            samples=ncells,
            boundaries=boundaries,
            decomposition="cells",
            method="regimes",
            arithmetic="symbolic",
            elapsed=time.perf_counter() - start,
            parameters={"candidates": method, "samples": samples, "seed": seed},
            diagnostics=tuple(notes),
        )
    funcs = [
        sympy.lambdify(game.symbols, c.condition, modules=[{"Min": min, "Max": max}, "math"]) for c in candidates
    ]
    points = _sample_points(game, samples, seed)
    seen: dict[tuple[int, ...], list[dict[str, Fraction]]] = {}
    for pt in points:
        args = [pt[p.name] for p in game.parameters]
        sig = []
        for k, (f, c) in enumerate(zip(funcs, candidates)):
            try:
                holds = bool(f(*[float(a) for a in args]))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                exact = {s: sympy.Rational(a.numerator, a.denominator) for s, a in zip(game.symbols, args)}
                holds = _truth(_condition_at(game, c.condition, exact))
            if holds:
                sig.append(k)
        seen.setdefault(tuple(sig), []).append(pt)
    regimes = []
    total = max(1, len(points))
    for key, pts in sorted(seen.items(), key=lambda kv: -len(kv[1])):
        regimes.append(
            Regime(condition=_regime_condition(candidates, key), equilibria=key, sample=pts[0], share=len(pts) / total)
        )
    notes.append(
        f"regimes found by evaluating the exact conditions at {len(points)} admissible sample "
        "points; a regime smaller than the sample spacing can be missed"
    )
    return Analysis(
        game=game,
        candidates=tuple(candidates),
        regimes=tuple(regimes),
        admissible=admissible,
        complete=complete,
        samples=len(points),
        method="regimes",
        arithmetic="symbolic",
        elapsed=time.perf_counter() - start,
        parameters={"candidates": method, "samples": samples, "seed": seed},
        diagnostics=tuple(notes),
    )


def _regime_condition(candidates: list[SymbolicEquilibrium], key: tuple[int, ...]) -> sympy.Basic:
    parts = [candidates[k].condition for k in key]
    parts += [sympy.Not(candidates[k].condition) for k in range(len(candidates)) if k not in key]
    return sympy.And(*parts)


def _cell_regimes(
    game: SymbolicGame, candidates: list[SymbolicEquilibrium], clauses: list[list[list[_Atom]]], alg: _Algebra
) -> tuple[list[Regime], tuple[sympy.Expr, ...], int] | None:
    """Regimes from the open cells of the parameter box cut by the conditions' polynomials
    (``None`` when the box has no interior)."""
    from gametheory.symbolic.cells import open_cells

    polys: dict[str, Any] = {}
    for alts in clauses:
        for atoms in alts:
            for a in atoms:
                polys.setdefault(str(a.poly), a.poly)
    bounds = [(p.lower, p.upper) for p in game.parameters]
    if any(lo is not None and hi is not None and lo >= hi for lo, hi in bounds):
        return None
    found, factors = open_cells(list(polys.values()), alg.ctx, bounds)
    if not found:
        return None
    names = [p.name for p in game.parameters]
    where = {str(f): k for k, f in enumerate(factors)}
    # every atom polynomial as unit * prod factor^mult: its sign from the factors' signs
    shape: dict[str, tuple[int, tuple[tuple[int, int], ...]]] = {}
    for name, poly in polys.items():
        unit, facs = poly.factor()
        sign = 1 if unit > 0 else -1
        odd = []
        for f, mult in facs:
            if f.is_constant():
                sign *= 1 if f.leading_coefficient() > 0 or mult % 2 == 0 else -1
                continue
            g = f / f.content() if f.content() != 1 else f
            if g.leading_coefficient() < 0:
                g = -g
                if mult % 2:
                    sign = -sign
            if mult % 2:
                odd.append((where[str(g)], mult))
        shape[name] = (sign, tuple(odd))
    compiled = [[[shape[str(a.poly)] for a in atoms] for atoms in alts] for alts in clauses]

    def positive(form: tuple[int, tuple[tuple[int, int], ...]], signs: tuple[int, ...]) -> bool:
        s = form[0]
        for k, _ in form[1]:
            s *= signs[k]
        return s > 0

    # classify every open cell at its rational sample point, exactly (no factor vanishes
    # in an open cell, so strict and non-strict atoms agree there); the classification is a
    # function of the boundaries' signs alone, so each sign vector is classified once
    keys: list[tuple[int, ...]] = []
    by_signs: dict[tuple[int, ...], tuple[int, ...]] = {}
    for sector in found:
        key = by_signs.get(sector.signs)
        if key is None:
            key = tuple(
                k
                for k, forms in enumerate(compiled)
                if any(all(positive(form, sector.signs) for form in conj) for conj in forms)
            )
            by_signs[sector.signs] = key
        keys.append(key)
    # merge consecutive sectors of one column with the same classification
    runs = []
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and found[j + 1].column == found[i].column and keys[j + 1] == keys[i]:
            j += 1
        runs.append((i, j))
        i = j + 1
    merged: list[tuple[tuple[int, ...], Cell]] = []
    for i, j in runs:
        run = Cell(
            sample={n: v for n, v in zip(names, found[i].point)},
            column=found[i].column,
            rows=(found[i].row, found[j].row),
            signs=found[i].signs,
        )
        merged.append((keys[i], run))
    by_key: dict[tuple[int, ...], list[Cell]] = {}
    for kind, run in merged:
        by_key.setdefault(kind, []).append(run)
    boundaries = tuple(alg.expr(f) for f in factors)
    regimes = []
    total = len(found)
    sizes = {k: sum(c.rows[1] - c.rows[0] + 1 for c in cs) for k, cs in by_key.items()}
    for kind, cs in sorted(by_key.items(), key=lambda kv: (-sizes[kv[0]], kv[0])):
        regimes.append(
            Regime(
                condition=_regime_condition(candidates, kind),
                equilibria=kind,
                sample=cs[0].sample,
                share=sizes[kind] / total,
                cells=tuple(cs),
            )
        )
    return regimes, boundaries, total


# ----------------------------------------------------------------------------- thresholds
@dataclass(frozen=True)
class Threshold:
    """One inequality of a condition, solved for one parameter."""

    parameter: str
    relation: str  # ">", ">=", "<", "<=", or "boundary" when the direction is not fixed
    bound: sympy.Expr | tuple[sympy.Expr, ...]
    inequality: sympy.Basic
    #: False when the boundary could not be solved for the parameter in closed form
    #: (e.g. ``max(c, d) > 1`` for ``c``); ``bound`` is then empty.
    solved: bool = True

    def to_json(self) -> dict[str, Any]:
        """Parameter, relation, bound(s) and inequality (as text), in words and LaTeX
        (``"solved": false`` added when the boundary has no closed form)."""
        out = {
            "parameter": self.parameter,
            "relation": self.relation,
            "bound": json_value(self.bound),
            "inequality": json_value(self.inequality),
            "words": self.words,
            "latex": self.latex,
        }
        if not self.solved:
            out["solved"] = False
        return out

    @property
    def words(self) -> str:
        if self.relation == "boundary":
            bounds = self.bound if isinstance(self.bound, tuple) else (self.bound,)
            if not self.solved:
                return f"{sympy.sstr(self.inequality)} (boundary in {self.parameter} not solved in closed form)"
            if not bounds:
                return f"{self.inequality} (no boundary in {self.parameter})"
            roots = ", ".join(sympy.sstr(b) for b in bounds)
            return f"{sympy.sstr(self.inequality)}: boundary at {self.parameter} = {roots}"
        return f"{self.parameter} {self.relation} {sympy.sstr(self.bound)}"

    @property
    def latex(self) -> str:
        sym = sympy.latex(sympy.Symbol(self.parameter))
        if self.relation == "boundary":
            bounds = self.bound if isinstance(self.bound, tuple) else (self.bound,)
            if not self.solved:
                return sympy.latex(self.inequality)
            return sym + " = " + r",\ ".join(sympy.latex(b) for b in bounds)
        op = {">": ">", ">=": r"\geq", "<": "<", "<=": r"\leq"}[self.relation]
        return f"{sym} {op} {sympy.latex(self.bound)}"

    @property
    def sympy(self) -> sympy.Basic:
        """The threshold as a sympy relational (or the original inequality for a boundary)."""
        if self.relation == "boundary":
            return self.inequality
        sym = next(s for s in self.inequality.free_symbols if s.name == self.parameter)
        rel = {">": sympy.StrictGreaterThan, ">=": sympy.GreaterThan, "<": sympy.StrictLessThan, "<=": sympy.LessThan}
        return rel[self.relation](sym, self.bound)


def solve_for(inequality: sympy.Basic, parameter: sympy.Symbol) -> Threshold | None:
    """Solve ``expr > 0`` / ``expr >= 0`` for ``parameter`` (``None`` if it does not occur).

    Linear in the parameter with a coefficient of known sign: an explicit bound
    (``c > v*(1 - p)``). Otherwise the roots of ``expr = 0`` are reported as a boundary.
    """
    if not isinstance(inequality, sympy.core.relational.Relational):
        return None
    expr = sympy.expand(inequality.lhs - inequality.rhs)
    if parameter not in expr.free_symbols:
        return None
    strict = isinstance(inequality, (sympy.StrictGreaterThan, sympy.StrictLessThan))
    greater = isinstance(inequality, (sympy.StrictGreaterThan, sympy.GreaterThan))
    if not greater:
        expr = -expr
    poly = sympy.Poly(expr, parameter) if expr.is_polynomial(parameter) else None
    if poly is not None and poly.degree() == 1:
        a, b = poly.all_coeffs()
        bound = sympy.simplify(-b / a)
        # A coefficient that is >= 0 (<= 0) by assumption fixes the direction wherever it is
        # nonzero; where it is zero the parameter does not matter.
        if a.is_positive or (a.is_nonnegative and not a.is_zero):
            return Threshold(parameter.name, ">" if strict else ">=", bound, inequality)
        if a.is_negative or (a.is_nonpositive and not a.is_zero):
            return Threshold(parameter.name, "<" if strict else "<=", bound, inequality)
        return Threshold(parameter.name, "boundary", (bound,), inequality)
    try:
        roots = tuple(sympy.solve(sympy.Eq(expr, 0), parameter))
    except NotImplementedError:
        # e.g. max(c, d) = 1 solved for c: sympy has no algorithm; say so instead of failing
        return Threshold(parameter.name, "boundary", (), inequality, solved=False)
    return Threshold(parameter.name, "boundary", roots, inequality)


def thresholds(candidate: SymbolicEquilibrium, parameter: sympy.Symbol) -> list[Threshold]:
    """The inequalities of a candidate's condition that involve ``parameter``, solved for it."""
    out = []
    atoms = candidate.condition.atoms(sympy.core.relational.Relational)
    for ineq in sorted(atoms, key=sympy.default_sort_key):
        t = solve_for(ineq, parameter)
        if t is not None:
            out.append(t)
    return out


# ----------------------------------------------------------------------------- compiled evaluation
@dataclass(frozen=True)
class Evaluation:
    """Vectorised evaluation of an :class:`Analysis` at many parameter points.

    ``regime[k]`` is the index into :attr:`Analysis.regimes` of point ``k`` (``-1`` for a
    combination of equilibria not seen when the regimes were sampled); ``holds[c, k]``
    whether candidate ``c`` is an equilibrium at point ``k``; ``payoffs[c, k, i]`` player
    ``i``'s expected payoff in candidate ``c`` (NaN where it does not hold).
    """

    regime: np.ndarray
    holds: np.ndarray
    payoffs: np.ndarray

    def to_json(self) -> dict[str, Any]:
        """The three arrays as nested lists (NaN payoffs as ``"nan"``)."""
        return {"regime": json_value(self.regime), "holds": json_value(self.holds), "payoffs": json_value(self.payoffs)}


class CompiledAnalysis:
    """Regime conditions and equilibrium payoffs compiled to numpy (``sympy.lambdify``).

    Every distinct inequality is evaluated once per call; candidates combine them with
    boolean array operations, and the combination of candidates that hold is mapped to its
    regime by table lookup.
    """

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        syms = analysis.game.symbols
        self.names = tuple(p.name for p in analysis.game.parameters)
        cands = analysis.candidates
        if len(cands) > 62:
            raise GameSizeError("compile: more than 62 candidate equilibria")
        atoms = sorted(
            {a for c in cands for a in c.condition.atoms(sympy.core.relational.Relational)},
            key=sympy.default_sort_key,
        )
        flags = sympy.symbols(f"b0:{len(atoms)}") if atoms else ()
        self._atoms = sympy.lambdify(syms, list(atoms), modules="numpy", cse=True) if atoms else None
        swap = dict(zip(atoms, flags))
        self._conds = [sympy.lambdify(flags, c.condition.xreplace(swap), modules="numpy") for c in cands]
        self._pays = [sympy.lambdify(syms, list(c.payoffs), modules="numpy", cse=True) for c in cands]
        self._key_dtype = np.uint8 if len(cands) <= 8 else (np.uint16 if len(cands) <= 16 else np.int64)
        self._table: np.ndarray | None = None
        keys = [sum(1 << k for k in r.equilibria) for r in analysis.regimes]
        if len(cands) <= 16:
            table = np.full(1 << len(cands), -1, dtype=np.int64)
            for idx, key in enumerate(keys):
                table[key] = idx
            self._table = table
        order = np.argsort(np.array(keys, dtype=np.int64))
        self._keys = np.array(keys, dtype=np.int64)[order]
        self._regime_of_key = order

    def _arrays(self, values: Mapping[str, Any]) -> list[np.ndarray]:
        unknown = set(values) - set(self.names)
        if unknown:
            raise GameError(f"compile: unknown parameter {sorted(unknown)[0]!r} (parameters: {', '.join(self.names)})")
        arrays = []
        shape: tuple[int, ...] = ()
        for p in self.analysis.game.parameters:
            if p.name in values:
                a = np.asarray(values[p.name], dtype=np.float64)
                if not np.all(np.isfinite(a)):
                    raise GameError(f"compile: parameter {p.name} has NaN or infinite values")
            elif p.default is not None:
                a = np.asarray(float(p.default))
            else:
                raise GameError(f"compile: no values and no default for parameter {p.name}")
            arrays.append(a)
            shape = np.broadcast_shapes(shape, a.shape)
        return [a if a.shape == shape else np.broadcast_to(a, shape) for a in arrays]

    def _holds(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        atoms = self._atoms(*arrays) if self._atoms is not None else []
        atoms = [np.broadcast_to(np.asarray(a, dtype=bool), shape) for a in atoms]
        return [np.broadcast_to(np.asarray(f(*atoms), dtype=bool), shape) for f in self._conds]

    def _key(self, holds: list[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
        key = np.zeros(shape, dtype=self._key_dtype)
        for k, h in enumerate(holds):
            key |= np.left_shift(h.astype(self._key_dtype), k).astype(self._key_dtype)
        return key

    def _lookup(self, key: np.ndarray) -> np.ndarray:
        if self._table is not None:
            return self._table[key]
        if not len(self._keys):
            return np.full(key.shape, -1, dtype=np.int64)
        pos = np.clip(np.searchsorted(self._keys, key), 0, len(self._keys) - 1)
        return np.where(self._keys[pos] == key, self._regime_of_key[pos], -1)

    def regime(self, values: Mapping[str, Any] | None = None, **kw: Any) -> np.ndarray:
        """Regime index at each point (``-1``: a combination not seen when sampling)."""
        arrays = self._arrays({**(values or {}), **kw})
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        return self._lookup(self._key(self._holds(arrays), shape))

    def __call__(self, values: Mapping[str, Any] | None = None, **kw: Any) -> Evaluation:
        arrays = self._arrays({**(values or {}), **kw})
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        holds_list = self._holds(arrays)
        holds = np.stack(holds_list) if holds_list else np.zeros((0, *shape), dtype=bool)
        n = self.analysis.game.num_players
        pays = np.full((len(self._pays), *shape, n), np.nan)
        for c, f in enumerate(self._pays):
            vals = f(*arrays)
            for i in range(n):
                pays[c, ..., i] = np.where(holds[c], np.broadcast_to(np.asarray(vals[i], dtype=float), shape), np.nan)
        return Evaluation(regime=self._lookup(self._key(holds_list, shape)), holds=holds, payoffs=pays)


def compile_analysis(analysis: Analysis) -> CompiledAnalysis:
    """Compile an :class:`Analysis` into vectorised numpy functions."""
    return CompiledAnalysis(analysis)


# ----------------------------------------------------------------------------- exact polynomial path
class _NotPolynomial(Exception):
    """A payoff is not a rational function of the parameters (sqrt, max, ...)."""


@dataclass
class _Atom:
    """``poly > 0`` (strict) or ``poly >= 0`` as a python-flint integer polynomial."""

    poly: Any
    strict: bool
    relation: sympy.Basic


@dataclass
class _FastVertex:
    support: tuple[int, ...]
    tight: tuple[int, ...]
    num: list[Any]  # numerators over det: z_S then w
    det: Any
    gap: list[Any]  # w - payoff of each opponent strategy, times D_t * det (zero for tight)
    atoms: list[_Atom]


class _Algebra:
    """Conversions between sympy formulas and python-flint polynomials of one game."""

    def __init__(self, game: SymbolicGame):
        from gametheory.symbolic.cells import context

        self.symbols = game.symbols
        self.ctx = context([s.name for s in self.symbols])
        self._fixed_sign: dict[str, int] = {}  # factor -> +1 / -1 by assumption, 0 unknown

    def poly(self, expr: sympy.Expr) -> Any:
        """An integer polynomial times a positive rational, as ``(fmpz_mpoly, denominator)``."""
        try:
            p = sympy.Poly(expr, *self.symbols, domain=sympy.QQ)
        except sympy.PolynomialError as exc:
            raise _NotPolynomial(str(exc)) from None
        terms = p.terms()
        den = 1
        for _, c in terms:
            den = den * int(c.q) // math.gcd(den, int(c.q))
        return self.ctx.from_dict({m: int(c.p) * (den // int(c.q)) for m, c in terms}), den

    def fraction(self, expr: sympy.Expr) -> tuple[Any, Any]:
        """A payoff as ``(numerator, denominator)`` integer polynomials."""
        if not expr.free_symbols <= set(self.symbols) or expr.has(
            sympy.Min, sympy.Max, sympy.Abs, sympy.exp, sympy.log, sympy.Piecewise
        ):
            raise _NotPolynomial(str(expr))
        num, den = sympy.fraction(sympy.together(expr))
        pn, dn = self.poly(num)
        pd, dd = self.poly(den)
        if pd.is_zero():
            raise _NotPolynomial(str(expr))
        return pn * dd, pd * dn

    def expr(self, poly: Any) -> sympy.Expr:
        """A python-flint polynomial as a sympy expression."""
        out = []
        for exps, c in zip(poly.monoms(), poly.coeffs()):
            term: sympy.Expr = sympy.Integer(int(c))
            for s, e in zip(self.symbols, exps):
                if e:
                    term = term * s**e
            out.append(term)
        return sympy.Add(*out)

    def ratio(self, num: Any, den: Any) -> sympy.Expr:
        """``num / den`` cancelled, as a sympy expression."""
        g = num.gcd(den)
        if not g.is_one():
            num, den = num / g, den / g
        if den.leading_coefficient() < 0:
            num, den = -num, -den
        if den.is_one():
            return self.expr(num)
        return self.expr(num) / self.expr(den)

    def key(self, num: Any, den: Any) -> str:
        g = num.gcd(den)
        if not g.is_one():
            num, den = num / g, den / g
        if den.leading_coefficient() < 0:
            num, den = -num, -den
        return f"{num}|{den}"

    def reduce(self, poly: Any) -> Any:
        """``poly`` without the factors of fixed sign: its positive content and every
        irreducible factor sympy proves positive (or negative, flipping the sign) from the
        parameters' assumptions. The result has the sign of ``poly`` at every admissible
        point, so conditions read ``2*c - v >= 0`` rather than ``16*c**2 - 8*c*v >= 0``."""
        if poly.is_constant():
            return poly
        try:
            content, factors = poly.factor()
        except (AttributeError, ValueError, NotImplementedError):  # pragma: no cover - old python-flint
            return poly
        sign = 1 if content > 0 else -1
        kept = self.ctx.from_dict({(0,) * len(self.symbols): 1})
        for f, m in factors:
            known = self._fixed_sign.get(str(f))
            if known is None:
                e = self.expr(f)
                known = 1 if e.is_positive else (-1 if e.is_negative else 0)
                self._fixed_sign[str(f)] = known
            if known > 0:
                continue
            if known < 0:
                sign *= (-1) ** int(m)
                continue
            kept = kept * f ** int(m)
        return kept if sign > 0 else -kept

    def atom(self, num: Any, den: Any, strict: bool) -> _Atom | bool:
        """``num / den > 0`` (or ``>= 0``) as one polynomial condition: ``num`` (or
        ``-num``) when ``den`` is a constant, else ``num * den`` (same sign wherever
        ``den != 0``, see :func:`_sign_condition`). True/False when it is a constant; the
        relation is simplified under the parameters' assumptions only when it is short (for
        long ones that costs more than the whole analysis); the cell decomposition decides
        them exactly."""
        if den.is_constant():
            poly = num if den.leading_coefficient() > 0 else -num
        else:
            poly = num * den
        poly = self.reduce(poly)
        if poly.is_constant():
            c = 0 if poly.is_zero() else int(poly.leading_coefficient())
            return c > 0 or (c == 0 and not strict)
        e = self.expr(poly)
        zero = sympy.Integer(0)
        # short relations are simplified under the assumptions (``v > 0`` is True for a
        # positive ``v``), as the sympy construction does; long ones are kept as they are
        evaluate = len(poly) <= 4
        rel = sympy.StrictGreaterThan(e, zero, evaluate=evaluate) if strict else sympy.GreaterThan(e, zero, evaluate=evaluate)
        if rel is sympy.true or rel is sympy.false:
            return bool(rel)
        return _Atom(poly, strict, rel)


def _det(M: list[list[Any]], one: Any) -> Any:
    """Determinant of a small square matrix of polynomials (Laplace expansion)."""
    n = len(M)
    if n == 1:
        return M[0][0]
    total = one * 0
    for c in range(n):
        if M[0][c].is_zero():
            continue
        minor = [row[:c] + row[c + 1 :] for row in M[1:]]
        term = M[0][c] * _det(minor, one)
        total = total + term if c % 2 == 0 else total - term
    return total


def _fast_vertices(alg: _Algebra, M: list[list[tuple[Any, Any]]]) -> list[_FastVertex]:
    """As :func:`_vertices`, in python-flint polynomials. ``M[r][t] = (N, D)``."""
    rows, cols = len(M), len(M[0])
    one = alg.ctx.from_dict({(0,) * len(alg.symbols): 1})
    zero = one * 0
    D = []
    for t in range(cols):
        lcm = one
        for r in range(rows):
            d = M[r][t][1]
            lcm = lcm * d / lcm.gcd(d)
        D.append(lcm)
    P = [[M[r][t][0] * (D[t] / M[r][t][1]) for t in range(cols)] for r in range(rows)]
    out = []
    for k in range(1, min(rows, cols) + 1):
        for S in itertools.combinations(range(rows), k):
            for T in itertools.combinations(range(cols), k):
                E = [[P[si][t] for si in S] + [-D[t]] for t in T] + [[one] * k + [zero]]
                det = _det(E, one)
                if det.is_zero():
                    continue
                num = []
                for c in range(k + 1):
                    Ec = [row[:c] + [one if rr == k else zero] + row[c + 1 :] for rr, row in enumerate(E)]
                    num.append(_det(Ec, one))
                atoms: list[_Atom] = []
                ok = True
                for r in range(k):
                    a = alg.atom(num[r], det, strict=True)
                    if a is False:
                        ok = False
                        break
                    if a is not True:
                        atoms.append(a)
                if not ok:
                    continue
                gap = []
                for t in range(cols):
                    if t in T:
                        gap.append(zero)
                        continue
                    pay = zero
                    for r, si in enumerate(S):
                        pay = pay + P[si][t] * num[r]
                    g = num[k] * D[t] - pay
                    gap.append(g)
                    a = alg.atom(g, D[t] * det, strict=False)
                    if a is False:
                        ok = False
                        break
                    if a is not True:
                        atoms.append(a)
                if not ok:
                    continue
                out.append(_FastVertex(S, T, num, det, gap, atoms))
    return out


def _fast_candidates(game: SymbolicGame) -> tuple[list[SymbolicEquilibrium], list[list[list[_Atom]]], _Algebra]:
    """All extreme equilibria of a two-player game with rational-function payoffs, the
    algebra done in python-flint polynomials (same construction as
    :func:`_mixed_candidates`). Also returns each candidate's condition as clauses of
    polynomial atoms (an OR of ANDs) for exact evaluation. Raises :class:`_NotPolynomial`
    for other payoffs."""
    alg = _Algebra(game)
    m, n = game.shape
    pairs = sum(int(math.comb(m, k) * math.comb(n, k)) for k in range(1, min(m, n) + 1))
    if pairs > MAX_SUPPORT_PAIRS:
        raise GameSizeError(f"analyze: {pairs} support pairs exceed the symbolic limit {MAX_SUPPORT_PAIRS}")
    A = [[alg.fraction(game.payoffs[i, j, 0]) for j in range(n)] for i in range(m)]
    B = [[alg.fraction(game.payoffs[i, j, 1]) for j in range(n)] for i in range(m)]
    xs = _fast_vertices(alg, B)
    ys = _fast_vertices(alg, [[A[i][j] for i in range(m)] for j in range(n)])
    merged: dict[tuple, list[Any]] = {}
    for x in xs:
        for y in ys:
            if any(i not in y.tight and not y.gap[i].is_zero() for i in x.support):
                continue
            if any(j not in x.tight and not x.gap[j].is_zero() for j in y.support):
                continue
            atoms = x.atoms + y.atoms
            xk = tuple(alg.key(x.num[x.support.index(i)], x.det) if i in x.support else "0" for i in range(m))
            yk = tuple(alg.key(y.num[y.support.index(j)], y.det) if j in y.support else "0" for j in range(n))
            key = (xk, yk)
            if key in merged:
                merged[key][1].append(atoms)
                continue
            merged[key] = [(x, y), [atoms]]
    out = []
    clauses = []
    zero = sympy.Integer(0)
    for (x, y), alts in merged.values():
        xz = tuple(alg.ratio(x.num[x.support.index(i)], x.det) if i in x.support else zero for i in range(m))
        yz = tuple(alg.ratio(y.num[y.support.index(j)], y.det) if j in y.support else zero for j in range(n))
        conds = [sympy.And(*(a.relation for a in atoms)) for atoms in alts]
        cond = conds[0] if len(conds) == 1 else sympy.Or(*conds)
        out.append(
            SymbolicEquilibrium(
                support=(tuple(game.strategies[0][i] for i in x.support), tuple(game.strategies[1][j] for j in y.support)),
                profile=(xz, yz),
                payoffs=(alg.ratio(y.num[-1], y.det), alg.ratio(x.num[-1], x.det)),
                condition=cond,
                inequalities=tuple(a.relation for a in alts[0]),
                _strategy_names=game.strategies,
            )
        )
        clauses.append(alts)
    return out, clauses, alg
