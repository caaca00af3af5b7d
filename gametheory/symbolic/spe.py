"""Symbolic subgame perfection: piecewise backward induction over parameter space.

A perfect-information tree whose payoffs or chance probabilities are formulas in
parameters has, in each region of parameter space, one subgame-perfect plan (ties broken
towards the first action). :func:`symbolic_backward_induction` finds these *regimes*: the
condition on the parameters, the plan and the payoffs as formulas. The numeric induction
it generalises is :mod:`gametheory.extensive.solvers.backward`.

Algorithm
---------
The same induction with formulas: every node carries a list of *pieces* -- a conjunction of
sign conditions on the parameters, the (symbolic) value vector and the plan of its subtree.
At a decision node the optimal action is determined by the signs of payoff differences; the
first action wins ties (action ``a`` is chosen where it is strictly better than every
earlier action and at least as good as every later one), so the pieces partition the
admissible parameter space. Infeasible conjunctions are pruned: conditions sympy decides
under the parameters' assumptions, an exact LP feasibility test (scipy HiGHS, confirmed at a
rational point) when all conditions are linear, and random sampling with exact checks
otherwise (a piece that cannot be shown empty or nonempty is kept and flagged).


References
----------
* E. Zermelo (1913), "Über eine Anwendung der Mengenlehre auf die Theorie des Schachspiels".
* H. W. Kuhn (1953), "Extensive games and the problem of information", *Contributions to the
  Theory of Games II*, 193-216.
* R. Selten (1965), "Spieltheoretische Behandlung eines Oligopolmodells mit
  Nachfrageträgheit", *Zeitschrift für die gesamte Staatswissenschaft* 121.
* R. Selten (1975), "Reexamination of the perfectness concept for equilibrium points in
  extensive games", *International Journal of Game Theory* 4, 25-55.

Kept for one release: the old module ``gametheory.extensive.backward`` now points here, so
this module also re-exports the numeric :func:`backward_induction`,
:func:`backward_induction_values` and :func:`one_shot_regret`.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.tolerance import ACTIVE_TOL
from gametheory.errors import GameError, GameSizeError
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, ExtensiveGame
from gametheory.extensive.result import BehaviorEquilibrium
from gametheory.extensive.solvers.backward import (
    DEFAULT_MAX_EQUILIBRIA,
    backward_induction,
    backward_induction_values,
    one_shot_regret,
    plan_equilibrium,
)
from gametheory.symbolic.expr import evaluate_at
from gametheory.symbolic.regimes import Threshold, solve_for

__all__ = [
    "DEFAULT_MAX_EQUILIBRIA",
    "SPERegime",
    "SymbolicSPEAnalysis",
    "backward_induction",
    "backward_induction_values",
    "one_shot_regret",
    "symbolic_backward_induction",
]


@dataclass(frozen=True)
class SPERegime:
    """A region of parameter space with one subgame-perfect plan.

    Attributes
    ----------
    condition:
        Where this plan is the SPE chosen by backward induction with ties broken in favour of
        the first action: ``Or`` of the :attr:`pieces` (each an ``And`` of sign conditions).
        The admissible intervals of the parameters are assumed, not repeated.
    pieces:
        The conjunctions (one per way of reaching this plan in the induction).
    plan:
        ``{information set name: action}`` at every decision node.
    payoffs:
        Expected payoff of each player (sympy expressions).
    outcome:
        Action labels along the equilibrium path while it is deterministic (stops at the
        first chance node).
    witness:
        Parameter values (exact) at which the regime provably holds, or ``None`` when no
        such point was found (the piece could not be shown to be empty either).
    """

    condition: sympy.Basic
    pieces: tuple[sympy.Basic, ...]
    plan: dict[str, str]
    payoffs: tuple[sympy.Expr, ...]
    outcome: tuple[str, ...]
    witness: dict[str, Fraction] | None

    def holds_at(self, values: Mapping[str, Any], game: ExtensiveGame) -> bool:
        """Whether the regime's condition holds at (complete) parameter values."""
        subs = _subs(game, values)
        return any(_decide(p, subs) for p in self.pieces)

    def thresholds(self, parameter: str | Any) -> list[Threshold]:
        """The inequalities of this regime that involve ``parameter``, solved for it."""
        return _thresholds(self.pieces, parameter)

    def describe(self) -> str:
        plan = ", ".join(f"{h}: {a}" for h, a in self.plan.items())
        return f"{_sstr(self.condition)}  =>  {plan}"

    def to_json(self) -> dict[str, Any]:
        """Plan, path, payoffs (formulas as text), condition and witness point."""
        return {
            "plan": dict(self.plan),
            "outcome": list(self.outcome),
            "condition": json_value(self.condition),
            "condition_latex": sympy.latex(self.condition),
            "pieces": json_value(self.pieces),
            "payoffs": json_value(self.payoffs),
            "witness": json_value(self.witness),
        }


@dataclass(frozen=True)
class SymbolicSPEAnalysis(Result):
    """Piecewise backward induction of a parametric perfect-information game.

    ``regimes`` partition the admissible parameter space (ties go to the first action, so
    every admissible point satisfies exactly one regime, up to pieces kept without a
    witness). ``complete`` is False when some piece could neither be shown empty nor be
    given a witness point.

    The common fields come from :class:`~gametheory._kernel.results.Result`: ``method`` is
    ``"symbolic_backward_induction"``, ``arithmetic`` ``"symbolic"``, ``parameters`` the
    options (``max_regimes``, ``samples``, ``seed``) and ``diagnostics`` the caveats.
    """

    game: ExtensiveGame
    regimes: tuple[SPERegime, ...]
    admissible: sympy.Basic
    complete: bool

    @property
    def notes(self) -> tuple[str, ...]:
        """The caveats, :attr:`diagnostics` by its old name (kept for one release)."""
        return self.diagnostics

    def to_json(self) -> dict[str, Any]:
        """The tree's names, the common fields, then the regimes."""
        g = self.game
        return {
            "game": {
                "title": g.title,
                "players": list(g.players),
                "parameters": [p.to_json() for p in g.parameters],
            },
            **self.common_json(),
            "complete": self.complete,
            "admissible": json_value(self.admissible),
            "regimes": [r.to_json() for r in self.regimes],
        }

    def regime_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> SPERegime:
        """The regime that holds at the given parameter values (defaults fill in the rest)."""
        vals = self.game.parameter_values(values, **kw)
        subs = _subs(self.game, vals)
        for r in self.regimes:
            if any(_decide(p, subs) for p in r.pieces):
                return r
        raise GameError(f"regime_at: no regime holds at {_point_text(vals)} (internal error)")

    def spe_at(self, values: Mapping[str, Any] | None = None, **kw: Any) -> BehaviorEquilibrium:
        """The regime's SPE at the given values, as a verified equilibrium of the numeric game."""
        vals = self.game.parameter_values(values, **kw)
        regime = self.regime_at(vals)
        numeric = self.game.substitute(vals)
        eq = plan_equilibrium(numeric, regime.plan, notes=(f"regime: {_sstr(regime.condition)}",))
        tol = numeric.tolerance()
        for what, r in (("strategic", eq.max_regret), ("subgame", eq.subgame_regret)):
            if not (r == 0 if isinstance(r, Fraction) else float(r) <= tol):
                raise GameError(f"spe_at: internal error, the regime's plan has {what} regret {r}")
        return eq

    def thresholds(self, parameter: str | Any) -> list[Threshold]:
        """Every regime boundary involving ``parameter``, solved for it (duplicates removed)."""
        return _thresholds([p for r in self.regimes for p in r.pieces], parameter)

    def describe(self) -> str:
        lines = []
        for k, r in enumerate(self.regimes, 1):
            lines.append(f"regime {k}: {r.describe()}")
            lines.append("  payoffs: " + ", ".join(
                f"{pl}={_sstr(v)}" for pl, v in zip(self.game.players, r.payoffs)))
        return "\n".join(lines)


def _sstr(x: Any) -> str:
    return sympy.sstr(x)


def _point_text(vals: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in vals.items())


def _subs(game: ExtensiveGame, values: Mapping[str, Any]) -> dict[Any, Any]:
    vals = game.parameter_values(values)
    return {p.symbol: sympy.Rational(vals[p.name].numerator, vals[p.name].denominator) for p in game.parameters}


def _decide(cond: Any, subs: Mapping[Any, Any]) -> bool:
    """Truth of a condition at a point (exactly; irrational values via high precision).

    The substitution is magnitude-checked (:func:`~gametheory.symbolic.expr.evaluate_at`), so
    ``2**c`` at ``c = 10**12`` is refused with a clear error instead of computed."""
    val = evaluate_at(cond, subs, source="condition") if subs else cond
    if val is sympy.true or val is True:
        return True
    if val is sympy.false or val is False:
        return False
    if isinstance(val, (sympy.And, sympy.Or, sympy.Not)):
        parts = [_decide(a, {}) for a in val.args]
        if isinstance(val, sympy.And):
            return all(parts)
        if isinstance(val, sympy.Or):
            return any(parts)
        return not parts[0]
    if isinstance(val, sympy.core.relational.Relational):
        diff = val.lhs - val.rhs
        num = diff if diff.is_Rational else sympy.N(diff, 50)
        if not num.is_number or not num.is_real or num.has(sympy.zoo, sympy.nan):
            raise GameError(f"condition {cond} is not a real number at this point")
        if isinstance(val, sympy.StrictGreaterThan):
            return bool(num > 0)
        if isinstance(val, sympy.GreaterThan):
            return bool(num >= 0)
        if isinstance(val, sympy.StrictLessThan):
            return bool(num < 0)
        if isinstance(val, sympy.LessThan):
            return bool(num <= 0)
    raise GameError(f"condition {cond} could not be decided at this point")


def _thresholds(pieces: Sequence[Any], parameter: str | Any) -> list[Threshold]:

    atoms: set[Any] = set()
    for p in pieces:
        atoms |= p.atoms(sympy.core.relational.Relational)
    sym = None
    for a in atoms:
        for s in a.free_symbols:
            if s.name == (parameter if isinstance(parameter, str) else getattr(parameter, "name", str(parameter))):
                sym = s
    if sym is None:
        return []
    out = []
    seen = set()
    for a in sorted(atoms, key=sympy.default_sort_key):
        t = solve_for(a, sym)
        if t is None:
            continue
        key = (t.relation, str(t.bound))
        # a boundary and its complement (x > b, x <= b) are one threshold
        flip = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}.get(t.relation)
        if key in seen or (flip is not None and (flip, str(t.bound)) in seen):
            continue
        seen.add(key)
        out.append(t)
    return out


@dataclass
class _Piece:
    atoms: tuple[Any, ...]  # sympy relationals, each ``expr > 0`` or ``expr >= 0``
    value: tuple[Any, ...]  # sympy payoff vector
    plan: tuple[tuple[int, int], ...]  # (node, action) for decision nodes of the subtree
    witness: dict[str, Fraction] | None = None


class _Feasibility:
    """Decides whether a conjunction of sign conditions has an admissible solution."""

    def __init__(self, game: ExtensiveGame, samples: int, seed: int) -> None:
        self.game = game
        self.params = game.parameters
        self.symbols = [p.symbol for p in self.params]
        self.cache: dict[Any, tuple[bool | None, dict[str, Fraction] | None]] = {}
        rng = np.random.default_rng(seed)
        pts: list[dict[str, Fraction]] = []
        defaults = {p.name: p.default for p in self.params}
        if all(v is not None for v in defaults.values()):
            pts.append({k: v for k, v in defaults.items() if v is not None})
        for _ in range(samples):
            pt = {}
            for p in self.params:
                lo, hi = p.sample_bounds()
                val = Fraction(lo) + Fraction(int(rng.integers(1, 10**6)), 10**6 + 3) * (Fraction(hi) - Fraction(lo))
                if p.contains(val):
                    pt[p.name] = val
            if len(pt) == len(self.params):
                pts.append(pt)
        self.points = pts
        self.point_subs = [
            {p.symbol: sympy.Rational(pt[p.name].numerator, pt[p.name].denominator) for p in self.params} for pt in pts
        ]
        self.lp_used = 0
        self.undecided = 0

    def check(self, atoms: tuple[Any, ...]) -> tuple[bool | None, dict[str, Fraction] | None]:
        """(True, witness), (False, None) or (None, None) when undecided."""
        key = frozenset(atoms)
        got = self.cache.get(key)
        if got is not None:
            return got
        res = self._check(atoms)
        self.cache[key] = res
        return res

    def _holds(self, atoms: tuple[Any, ...], subs: Mapping[Any, Any]) -> bool:
        try:
            return all(_decide(a, subs) for a in atoms)
        except (GameError, TypeError, ZeroDivisionError):
            return False

    def _check(self, atoms: tuple[Any, ...]) -> tuple[bool | None, dict[str, Fraction] | None]:
        if not atoms:
            return True, (self.points[0] if self.points else None)
        for pt, subs in zip(self.points, self.point_subs):
            if self._holds(atoms, subs):
                return True, pt
        lin = self._linear_rows(atoms)
        if lin is not None:
            self.lp_used += 1
            return self._lp(atoms, lin)
        single = {s for a in atoms for s in a.free_symbols}
        if len(single) == 1:
            return self._one_dim(atoms, next(iter(single)))
        self.undecided += 1
        return None, None

    def _linear_rows(self, atoms: tuple[Any, ...]) -> list[tuple[list[Fraction], Fraction, bool]] | None:
        rows = []
        for a in atoms:
            expr = sympy.expand(a.lhs - a.rhs)
            if not expr.free_symbols <= set(self.symbols):
                return None
            try:
                poly = sympy.Poly(expr, *self.symbols) if self.symbols else None
            except sympy.PolynomialError:
                return None
            if poly is None or poly.total_degree() > 1:
                return None
            coeffs = []
            for s in self.symbols:
                c = poly.coeff_monomial(s)
                if not c.is_Rational:
                    return None
                coeffs.append(Fraction(int(c.p), int(c.q)))
            c0 = poly.coeff_monomial(1)
            if not c0.is_Rational:
                return None
            strict = isinstance(a, sympy.StrictGreaterThan)
            rows.append((coeffs, Fraction(int(c0.p), int(c0.q)), strict))
        return rows

    def _lp(self, atoms: tuple[Any, ...], rows: list[tuple[list[Fraction], Fraction, bool]]) -> tuple[bool | None, dict[str, Fraction] | None]:
        """Maximise the slack ``t`` of the strict rows: ``a.x + b >= t`` (strict), ``>= 0``.

        Float LP (:func:`~gametheory._kernel.lp.solve_float`), then exact points from its
        active set and from rounding, each accepted only when every atom holds exactly.
        """
        k = len(self.symbols)
        # G z >= h over z = (x, t): the rows, t <= 1, and an open parameter bound x - lo >= t
        G: list[list[Fraction]] = [[*coeffs, Fraction(-1 if strict else 0)] for coeffs, _, strict in rows]
        h: list[Fraction] = [-c0 for _, c0, _ in rows]
        G.append([Fraction(0)] * k + [Fraction(-1)])
        h.append(Fraction(-1))
        bounds: list[tuple[float | None, float | None]] = []
        for j, p in enumerate(self.params):
            bounds.append((None if p.lower is None else float(p.lower), None if p.upper is None else float(p.upper)))
            for bound, side, is_open in ((p.lower, 1, p.lower_open), (p.upper, -1, p.upper_open)):
                if bound is None:
                    continue
                row = [Fraction(0)] * (k + 1)
                row[j] = Fraction(side)
                row[k] = Fraction(-1 if is_open else 0)  # open: x - lo >= t (hi - x >= t)
                G.append(row)
                h.append(side * Fraction(bound))
        bounds.append((None, 1.0))
        # the float LP: the rows of G but the closed bounds (HiGHS takes those as bounds)
        lp_rows = [i for i in range(len(G)) if i < len(rows) or (i > len(rows) and G[i][k] != 0)]
        Gf = np.array([[float(v) for v in G[i]] for i in lp_rows], dtype=np.float64).reshape(len(lp_rows), k + 1)
        hf = np.array([float(h[i]) for i in lp_rows], dtype=np.float64)
        # scipy (HiGHS) only when a regime's feasibility needs an LP: models start without it
        from gametheory._kernel.lp import active_set_candidates, rounded_candidates, solve_float

        res = solve_float([0.0] * k + [-1.0], A_ub=-Gf, b_ub=-hf, bounds=bounds)
        if res.infeasible:  # infeasible even without strictness
            return False, None
        if not res.ok:
            self.undecided += 1
            return None, None
        needs_slack = any(s for _, _, s in rows) or any(p.lower_open or p.upper_open for p in self.params)
        if needs_slack and -res.fun <= ACTIVE_TOL:
            return False, None
        # confirm at an exact point: the LP vertex made exact, then rounded LP solutions
        Gx = np.array([[float(v) for v in r] for r in G], dtype=np.float64)
        slack0 = Gx @ res.x - np.array([float(v) for v in h])
        exact = active_set_candidates([], [], np.array(G, dtype=object), h, np.zeros(k + 1, dtype=bool), res.x, slack0)
        rounded = rounded_candidates(res.x, normalise=False, nonneg=False, denominators=(10**3, 10**6, 10**9, 10**12))
        for z in itertools.chain(exact, rounded):
            pt = {p.name: v for p, v in zip(self.params, z)}
            if not all(p.contains(pt[p.name]) for p in self.params):
                continue
            subs = {p.symbol: sympy.Rational(pt[p.name].numerator, pt[p.name].denominator) for p in self.params}
            if self._holds(atoms, subs):
                return True, pt
        self.undecided += 1
        return None, None

    def _one_dim(self, atoms: tuple[Any, ...], sym: Any) -> tuple[bool | None, dict[str, Fraction] | None]:
        p = next(q for q in self.params if q.symbol == sym)
        try:
            sol = sympy.solvers.inequalities.reduce_inequalities(list(atoms) + [p.condition()], [sym])
        except (NotImplementedError, TypeError, ValueError):
            self.undecided += 1
            return None, None
        if sol is sympy.false:
            return False, None
        try:
            setx = sol.as_set()
        except (NotImplementedError, TypeError, ValueError):
            self.undecided += 1
            return None, None
        if setx.is_empty:
            return False, None
        # a rational point inside: midpoints of the first interval, or an isolated point
        cands = []
        for part in (setx.args if isinstance(setx, sympy.Union) else (setx,)):
            if isinstance(part, sympy.FiniteSet):
                cands.extend(part.args)
            elif isinstance(part, sympy.Interval):
                lo, hi = part.start, part.end
                if lo.is_finite and hi.is_finite:
                    cands.append((lo + hi) / 2)
                elif lo.is_finite:
                    cands.append(lo + 1)
                elif hi.is_finite:
                    cands.append(hi - 1)
                else:
                    cands.append(sympy.Integer(0))
        others = {q.name: (q.default if q.default is not None else Fraction(0)) for q in self.params if q.symbol != sym}
        for c in cands:
            c = sympy.nsimplify(c) if not c.is_Rational else c
            if not c.is_Rational:
                continue
            val = Fraction(int(c.p), int(c.q))
            if not p.contains(val):
                continue
            pt = dict(others)
            pt[p.name] = val
            subs = {sym: c}
            if self._holds(atoms, subs):
                return True, {q.name: pt[q.name] for q in self.params}
        self.undecided += 1
        return None, None


def _negate(atom: Any) -> Any:
    """``not (e > 0)`` is ``-e >= 0``; ``not (e >= 0)`` is ``-e > 0``."""
    e = sympy.expand(-(atom.lhs - atom.rhs))
    return sympy.GreaterThan(e, 0) if isinstance(atom, sympy.StrictGreaterThan) else sympy.StrictGreaterThan(e, 0)


def _drop_redundant(atoms: tuple[Any, ...], feas: _Feasibility) -> tuple[Any, ...]:
    """Remove the conditions implied by the others (and the admissible intervals).

    A condition is dropped only when the others together with its negation are *proven*
    infeasible (exact 1-D reasoning or an LP), so the conjunction is unchanged.
    """
    kept = list(atoms)
    for a in atoms:
        others = [b for b in kept if b is not a]
        ok, _ = feas.check(tuple(others) + (_negate(a),))
        if ok is False:
            kept = others
    return tuple(kept)


def _sign_atom(expr: Any, strict: bool) -> Any:
    """``expr > 0`` (strict) or ``expr >= 0`` with denominators of known sign cleared."""
    e = sympy.cancel(sympy.together(expr))
    num, den = sympy.fraction(e)
    if den.is_positive:
        e = sympy.expand(num)
    elif den.is_negative:
        e = sympy.expand(-num)
    elif not den.is_number:
        e = sympy.expand(num * den)
    else:
        e = sympy.expand(e)
    return sympy.StrictGreaterThan(e, 0) if strict else sympy.GreaterThan(e, 0)


def symbolic_backward_induction(
    game: ExtensiveGame,
    *,
    max_regimes: int = 10_000,
    samples: int = 64,
    seed: int = 0,
) -> SymbolicSPEAnalysis:
    """Regimes of subgame-perfect play of a parametric game of perfect information.

    Piecewise backward induction (see the module notes): each regime is a condition on the
    parameters, the SPE plan there (ties to the first action) and the payoffs as formulas.

    Parameters
    ----------
    game:
        A perfect-information game; payoffs and chance probabilities may be formulas in
        :attr:`ExtensiveGame.parameters` (a numeric game gives one regime).
    max_regimes:
        Largest number of pieces held at one node; beyond it :class:`GameSizeError`.
    samples, seed:
        Random admissible points (plus the defaults) tried first when showing that a
        conjunction of conditions can hold.
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"symbolic_backward_induction: expected an ExtensiveGame, got {type(game).__name__}")
    start = time.perf_counter()
    if not game.is_perfect_information():
        raise GameError(
            "symbolic_backward_induction: the game does not have perfect information; "
            "substitute values and use subgame_perfect(game)"
        )
    n = game.num_nodes
    kind = np.asarray(game.node_kind).tolist()
    player = np.asarray(game.node_player).tolist()
    ptr = np.asarray(game.child_ptr).tolist()
    kids = np.asarray(game.child_ids).tolist()
    tindex = np.asarray(game.node_terminal_index).tolist()

    def S(x: Any) -> Any:
        if isinstance(x, Fraction):
            return sympy.Rational(x.numerator, x.denominator)
        return sympy.sympify(x, strict=True)

    tp = game.terminal_payoffs
    probs = [S(p) for p in np.asarray(game.chance_prob).tolist()]
    feas = _Feasibility(game, samples, seed)
    pieces: list[list[_Piece] | None] = [None] * n

    def conj(*lists: tuple[Any, ...]) -> tuple[Any, ...] | None:
        out: list[Any] = []
        seen = set()
        for atoms in lists:
            for a in atoms:
                if a is sympy.true or a in seen:
                    continue
                if a is sympy.false:
                    return None
                seen.add(a)
                out.append(a)
        return tuple(out)

    def admit(atoms: tuple[Any, ...] | None, value: tuple[Any, ...], plan: tuple[tuple[int, int], ...],
              into: list[_Piece]) -> None:
        if atoms is None:
            return
        ok, witness = feas.check(atoms)
        if ok is False:
            return
        into.append(_Piece(atoms, value, plan, witness))
        if len(into) > max_regimes:
            raise GameSizeError(
                f"symbolic_backward_induction: more than {max_regimes:,} pieces at one node; "
                "raise max_regimes or fix some parameters"
            )

    for p in range(n - 1, -1, -1):
        k = kind[p]
        if k == TERMINAL:
            pieces[p] = [_Piece((), tuple(S(x) for x in tp[tindex[p]]), ())]
            continue
        kl = kids[ptr[p]:ptr[p + 1]]
        child_pieces = [pieces[c] or [] for c in kl]
        here: list[_Piece] = []
        for combo in itertools.product(*child_pieces):
            base_atoms = conj(*(c.atoms for c in combo))
            if base_atoms is None:
                continue
            plan_base = tuple(x for c in combo for x in c.plan)
            if len(combo) > 1 and base_atoms:
                ok, _ = feas.check(base_atoms)
                if ok is False:
                    continue
            if k == CHANCE:
                value = tuple(
                    sympy.expand(sum((probs[c] * pc.value[j] for c, pc in zip(kl, combo)), sympy.Integer(0)))
                    for j in range(game.num_players)
                )
                admit(base_atoms, value, plan_base, here)
                continue
            i = player[p]
            for a in range(len(kl)):
                extra: list[Any] = []
                for b in range(len(kl)):
                    if b == a:
                        continue
                    diff = combo[a].value[i] - combo[b].value[i]
                    atom = _sign_atom(diff, strict=b < a)
                    if atom is sympy.false:
                        extra = [sympy.false]
                        break
                    if atom is not sympy.true:
                        extra.append(atom)
                if extra and extra[0] is sympy.false:
                    continue
                admit(conj(base_atoms, tuple(extra)), combo[a].value, plan_base + ((p, a),), here)
        pieces[p] = here
        for c in kl:
            pieces[c] = None  # free memory
    root = [replace(pc, atoms=_drop_redundant(pc.atoms, feas)) for pc in (pieces[0] or [])]
    # group by plan
    names = game.infoset_names
    actions = game.infoset_actions
    inf = np.asarray(game.node_infoset).tolist()
    groups: dict[tuple[tuple[int, int], ...], list[_Piece]] = {}
    for pc in root:
        groups.setdefault(tuple(sorted(pc.plan)), []).append(pc)
    regimes = []
    for plan_key, pcs in groups.items():
        plan = {names[inf[d]]: actions[inf[d]][a] for d, a in sorted(plan_key)}
        conds = tuple(sympy.And(*pc.atoms) if pc.atoms else sympy.true for pc in pcs)
        witness = next((pc.witness for pc in pcs if pc.witness is not None), None)
        regimes.append(
            SPERegime(
                condition=sympy.Or(*conds) if len(conds) > 1 else conds[0],
                pieces=conds,
                plan=plan,
                payoffs=tuple(sympy.simplify(v) for v in pcs[0].value),
                outcome=_outcome_path(game, dict(plan_key)),
                witness=witness,
            )
        )
    regimes.sort(key=lambda r: (r.witness is None, -_share(r, feas)))
    notes = [
        "ties between actions go to the first action, so the regimes partition the admissible "
        "parameter space; on the boundaries other pure SPE exist as well",
    ]
    complete = all(r.witness is not None for r in regimes)
    if not complete:
        notes.append(
            "some regimes have no witness point: their conditions are nonlinear in several "
            "parameters and could be shown neither empty nor nonempty"
        )
    if feas.lp_used:
        notes.append(f"{feas.lp_used} linear feasibility problem(s) solved (scipy HiGHS, confirmed exactly)")
    admissible = sympy.And(*(p.condition() for p in game.parameters)) if game.parameters else sympy.true
    return SymbolicSPEAnalysis(
        game=game,
        regimes=tuple(regimes),
        admissible=admissible,
        complete=complete,
        method="symbolic_backward_induction",
        arithmetic="symbolic",
        elapsed=time.perf_counter() - start,
        parameters={"max_regimes": max_regimes, "samples": samples, "seed": seed},
        diagnostics=tuple(notes),
    )


def _share(regime: SPERegime, feas: _Feasibility) -> float:
    if not feas.points:
        return 0.0
    hits = sum(1 for subs in feas.point_subs if any(feas._holds(tuple(_atoms_of(p)), subs) for p in regime.pieces))
    return hits / len(feas.points)


def _atoms_of(cond: Any) -> list[Any]:
    if cond is sympy.true:
        return []
    if isinstance(cond, sympy.And):
        return list(cond.args)
    return [cond]


def _outcome_path(game: ExtensiveGame, plan: Mapping[int, int]) -> tuple[str, ...]:
    out: list[str] = []
    node = 0
    kind = game.node_kind
    while kind[node] == DECISION:
        a = plan[node]
        out.append(game.node_actions(node)[a])
        node = game.child(node, a)
    return tuple(out)
