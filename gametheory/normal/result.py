"""The one result type every solver returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import Number, format_number
from gametheory.normal.game import NormalFormGame, Profile


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium (or, for a QRE/approximate method, one solution profile).

    Attributes
    ----------
    profile:
        One tuple of probabilities per player, in the game's strategy order.
    payoffs:
        Expected payoff of each player.
    max_regret:
        Largest gain from a unilateral pure deviation: the verification. Exactly
        ``Fraction(0)`` for exact equilibria.
    players, strategies:
        Names, so the profile can be read by name (:meth:`by_name`).
    """

    profile: Profile
    payoffs: tuple[Number, ...]
    max_regret: Number
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]

    @property
    def exact(self) -> bool:
        return isinstance(self.max_regret, Fraction)

    def by_name(self) -> dict[str, dict[str, Number]]:
        """``{player: {strategy: probability}}`` including zero probabilities."""
        return {p: dict(zip(ss, probs)) for p, ss, probs in zip(self.players, self.strategies, self.profile)}

    def support(self) -> tuple[tuple[str, ...], ...]:
        """Names of the strategies each player plays with positive probability."""
        return tuple(
            tuple(s for s, x in zip(ss, probs) if x > 0) for ss, probs in zip(self.strategies, self.profile)
        )

    def is_pure(self) -> bool:
        return all(sum(1 for x in probs if x > 0) == 1 for probs in self.profile)

    def to_json(self) -> dict[str, Any]:
        """``profile``, ``payoffs`` and ``max_regret``, encoded by :func:`json_value`."""
        return {
            "profile": json_value(self.profile),
            "payoffs": json_value(self.payoffs),
            "max_regret": json_value(self.max_regret),
        }

    def __str__(self) -> str:
        parts = []
        for p, ss, probs in zip(self.players, self.strategies, self.profile):
            inner = ", ".join(f"{s}: {format_number(x)}" for s, x in zip(ss, probs) if x != 0)
            parts.append(f"{p}: {{{inner}}}")
        return "; ".join(parts)

    def __repr__(self) -> str:
        from gametheory._kernel.display import shorten

        kind = "exact" if self.exact else "float"
        pays = ", ".join(format_number(v) for v in self.payoffs)
        return shorten(f"<Equilibrium {self}; payoffs ({pays}), {kind}>")

    def _table(self, fmt: Any) -> tuple[list[str], list[list[str]]]:
        header = ["player", "strategy", "probability", "payoff"]
        rows = []
        for p, ss, probs, pay in zip(self.players, self.strategies, self.profile, self.payoffs):
            first = True
            for s, x in zip(ss, probs):
                if x != 0:
                    rows.append([p if first else "", s, fmt(x), fmt(pay) if first else ""])
                    first = False
        return header, rows

    def _caption(self) -> str:
        from gametheory._kernel.display import value_text

        kind = "exact" if self.exact else "float"
        return f"{'pure' if self.is_pure() else 'mixed'} equilibrium, max regret {value_text(self.max_regret)} ({kind})"

    def _repr_html_(self) -> str:
        """The support with its probabilities and each player's payoff, in a table."""
        from gametheory._kernel.display import html_table, value_text

        header, rows = self._table(value_text)
        return html_table(header, rows, caption=self._caption())

    def _repr_markdown_(self) -> str:
        """The table of :meth:`_repr_html_` in Markdown."""
        from gametheory._kernel.display import markdown_table, value_text

        header, rows = self._table(value_text)
        return f"*{self._caption()}*\n\n" + markdown_table(header, rows)

    def _repr_latex_(self) -> str:
        """The profile as one LaTeX line per player, probabilities as fractions."""
        from gametheory._kernel.display import latex_lines, latex_text, value_latex

        lines = []
        for p, ss, probs in zip(self.players, self.strategies, self.profile):
            terms = [f"{value_latex(x)}\\,{latex_text(s)}" for s, x in zip(ss, probs) if x != 0]
            lines.append((p, " + ".join(terms)))
        return latex_lines(lines)


@dataclass(frozen=True)
class Component:
    """A maximal convex set of equilibria of a two-player game (a maximal Nash subset).

    Every profile ``(x, y)`` with ``x`` in the convex hull of ``row_vertices`` and ``y`` in
    the convex hull of ``column_vertices`` is an equilibrium. ``equilibria`` lists the
    indices (into :attr:`SolveResult.equilibria`) of the extreme equilibria that span it.
    """

    equilibria: tuple[int, ...]
    row_vertices: tuple[tuple[Number, ...], ...]
    column_vertices: tuple[tuple[Number, ...], ...]

    def contains(self, profile: Any, tol: float | None = None) -> bool:
        """Whether the profile ``(x, y)`` lies in the component: ``x`` in the convex hull of
        :attr:`row_vertices` and ``y`` in that of :attr:`column_vertices`.

        Exact for Fractions/ints; otherwise within ``tol`` (default ``1e-9``).
        """
        rows = list(profile)
        return len(rows) == 2 and all(
            in_convex_hull(r, vs, tol) for r, vs in zip(rows, (self.row_vertices, self.column_vertices))
        )

    def to_json(self) -> dict[str, Any]:
        """``equilibria`` (indices) and ``vertices`` (row and column), through :func:`json_value`."""
        return {
            "equilibria": list(self.equilibria),
            "vertices": [json_value(self.row_vertices), json_value(self.column_vertices)],
        }


def in_convex_hull(point: Any, vertices: Any, tol: float | None = None) -> bool:
    """Whether ``point`` is a convex combination of ``vertices`` (exact for rationals).

    By Caratheodory's theorem it suffices to try affinely independent subsets of the
    vertices: each is solved exactly (Fractions) and accepted when its weights are
    nonnegative. Floats are compared within ``tol`` (default ``1e-9``).
    """
    vs = [list(v) for v in vertices]
    pt = list(point)
    if not vs or any(len(v) != len(pt) for v in vs):
        return False
    exact = all(isinstance(v, (Fraction, int)) for v in pt) and all(
        isinstance(v, (Fraction, int)) for row in vs for v in row)
    eps: Any = Fraction(0) if exact else (1e-9 if tol is None else float(tol))
    conv: Any = Fraction if exact else float
    pt = [conv(v) for v in pt]
    vs = [[conv(v) for v in row] for row in vs]
    import itertools

    top = _rank([[a - b for a, b in zip(v, vs[0])] for v in vs[1:]], eps) + 1  # Caratheodory
    for k in range(1, top + 1):
        for pick in itertools.combinations(range(len(vs)), k):
            lam = _weights([vs[j] for j in pick], pt, eps)
            if lam is not None and all(w >= -eps for w in lam):
                return True
    return False


def _rank(rows: list[list[Any]], eps: Any) -> int:
    rows = [r[:] for r in rows]
    rank = 0
    for c in range(len(rows[0]) if rows else 0):
        p = max(range(rank, len(rows)), key=lambda r: abs(rows[r][c]), default=None)
        if p is None or abs(rows[p][c]) <= eps:
            continue
        rows[rank], rows[p] = rows[p], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][c] != 0:
                f = rows[r][c] / rows[rank][c]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[rank])]
        rank += 1
    return rank


def _weights(vs: list[list[Any]], pt: list[Any], eps: Any) -> list[Any] | None:
    """Weights ``w`` with ``sum w = 1`` and ``sum w_j vs[j] = pt`` when unique, else ``None``."""
    k = len(vs)
    A = [[v[r] for v in vs] + [pt[r]] for r in range(len(pt))] + [[1] * k + [1]]
    A = [[x for x in row] for row in A]
    rank = 0
    where = []
    for c in range(k):
        p = max(range(rank, len(A)), key=lambda r: abs(A[r][c]), default=None)
        if p is None or abs(A[p][c]) <= eps:
            return None  # dependent columns: a smaller subset covers it
        A[rank], A[p] = A[p], A[rank]
        piv = A[rank][c]
        A[rank] = [x / piv for x in A[rank]]
        for r in range(len(A)):
            if r != rank and A[r][c] != 0:
                f = A[r][c]
                A[r] = [x - f * y for x, y in zip(A[r], A[rank])]
        where.append(rank)
        rank += 1
    if any(abs(A[r][k]) > eps for r in range(rank, len(A))):
        return None  # inconsistent: the point is not in this subset's affine hull
    return [A[r][k] for r in where]


#: One polynomial over a set of equilibria's variables: ``((exponents, coefficient), ...)``.
Polynomial = tuple[tuple[tuple[int, ...], Fraction], ...]


def _poly_value(poly: Polynomial, x: list[Any], exact: bool) -> Any:
    total: Any = 0
    for exps, c in poly:
        term: Any = c if exact else float(c)
        for v, e in zip(x, exps):
            if e:
                term = term * (v if e == 1 else v**e)
        total = total + term
    return total


def poly_text(poly: Polynomial, names: tuple[str, ...]) -> str:
    """A polynomial as text, e.g. ``"2*P1.a*P2.b - P1.a + 1/2"`` (``"0"`` when empty)."""
    parts: list[str] = []
    for exps, c in sorted(poly, key=lambda t: (-sum(t[0]), t[0])):
        mono = "*".join(names[v] + (f"^{e}" if e > 1 else "") for v, e in enumerate(exps) if e)
        mag = abs(c)
        if not mono:
            body = str(mag)
        elif mag == 1:
            body = mono
        else:
            body = f"{mag}*{mono}"
        sign = "-" if c < 0 else "+"
        parts.append((("-" if sign == "-" else "") + body) if not parts else f" {sign} {body}")
    return "".join(parts) or "0"


@dataclass(frozen=True)
class EquilibriumSet:
    """A set of equilibria of an N-player game, described exactly (a component of a continuum).

    For a support profile ``S`` it is the set of profiles that play only strategies in ``S``
    and to which every strategy of ``S`` is a best response: every point is an equilibrium,
    and it holds every equilibrium with support ``S`` (and its limit points). In the
    probabilities ``x`` of the supported strategies (:attr:`variables`) it is
    ``{x : x >= 0, each player's x sums to 1, equations(x) = 0, inequalities(x) >= 0}``.

    ``kind == "polytope"``: the constraints were proven linear on the set, so it is the
    convex hull of :attr:`vertices` (exact profiles). ``kind == "semialgebraic"``: not
    proven convex; :attr:`equations` (a Groebner basis where one was computed) and
    :attr:`inequalities` are its exact description and :attr:`sample` one verified point.
    Either way :meth:`contains` tests a profile exactly (Fractions) or within a tolerance.

    Attributes
    ----------
    support:
        Strategy names of ``S``, one tuple per player.
    kind:
        ``"polytope"`` or ``"semialgebraic"``.
    dimension:
        For a polytope, its exact dimension; otherwise the dimension of the solution set of
        the equations (an upper bound).
    equilibria:
        Indices (into :attr:`SolveResult.equilibria`) of the listed equilibria in the set.
    vertices:
        The polytope's vertices as full profiles (empty for a semialgebraic set).
    sample:
        One verified point of the set (a full profile), or ``None``.
    variables:
        ``(player index, strategy index)`` of each variable.
    equations, inequalities:
        Exact polynomials over the variables (``= 0`` and ``>= 0``); nonnegativity and the
        players' sums are implied and not listed.
    players, strategies:
        The game's names.
    """

    support: tuple[tuple[str, ...], ...]
    kind: str
    dimension: int
    equilibria: tuple[int, ...]
    vertices: tuple[Profile, ...]
    sample: Profile | None
    variables: tuple[tuple[int, int], ...]
    equations: tuple[Polynomial, ...]
    inequalities: tuple[Polynomial, ...]
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]

    @property
    def convex(self) -> bool:
        """Whether the set is proven convex (a polytope)."""
        return self.kind == "polytope"

    def variable_names(self) -> tuple[str, ...]:
        """``"player.strategy"`` for each variable."""
        return tuple(f"{self.players[i]}.{self.strategies[i][a]}" for i, a in self.variables)

    def contains(self, profile: Any, tol: float | None = None) -> bool:
        """Whether ``profile`` (one sequence of probabilities per player) lies in the set.

        Exact (``tol`` ignored) when every probability is a ``Fraction`` or ``int``;
        otherwise every condition is checked within ``tol`` (default ``1e-9``, relative to
        the size of each polynomial's coefficients).
        """
        rows = [list(r) for r in profile]
        if len(rows) != len(self.strategies) or any(len(r) != len(s) for r, s in zip(rows, self.strategies)):
            return False
        exact = all(isinstance(v, (Fraction, int)) for r in rows for v in r)
        if exact:
            rows = [[Fraction(v) for v in r] for r in rows]
            eps: Any = Fraction(0)
        else:
            rows = [[float(v) for v in r] for r in rows]
            eps = 1e-9 if tol is None else float(tol)
        used = {(i, a) for i, a in self.variables}
        for i, r in enumerate(rows):
            if abs(sum(r) - 1) > eps:
                return False
            for a, v in enumerate(r):
                if (i, a) not in used and abs(v) > eps:
                    return False
                if v < -eps:
                    return False
        x = [rows[i][a] for i, a in self.variables]
        for poly in self.equations:
            value = _poly_value(poly, x, exact)
            if value != 0 and (exact or abs(value) > eps * _scale(poly)):
                return False
        for poly in self.inequalities:
            value = _poly_value(poly, x, exact)
            if value < 0 and (exact or value < -eps * _scale(poly)):
                return False
        return True

    def describe(self) -> list[str]:
        """The set in words and formulas, one line each."""
        names = self.variable_names()
        sup = "; ".join(f"{p}: {{{', '.join(ss)}}}" for p, ss in zip(self.players, self.support))
        lines = [f"{self.kind} of dimension {self.dimension}, support {sup}"]
        if self.kind == "polytope":
            for v in self.vertices:
                lines.append("vertex " + "; ".join(
                    f"{p}: {{{', '.join(f'{s}: {format_number(q)}' for s, q in zip(ss, r) if q != 0)}}}"
                    for p, ss, r in zip(self.players, self.strategies, v)))
        else:
            lines += [f"{poly_text(q, names)} = 0" for q in self.equations]
            lines += [f"{poly_text(q, names)} >= 0" for q in self.inequalities]
        return lines

    def __str__(self) -> str:
        return "; ".join(self.describe())

    def to_json(self) -> dict[str, Any]:
        """Everything, exactly: vertices and sample as profiles of Fraction strings, the
        polynomials both as text and as ``[exponents, coefficient]`` terms."""
        names = self.variable_names()

        def terms(poly: Polynomial) -> list[Any]:
            return [[list(e), str(c)] for e, c in poly]

        return {
            "type": "equilibrium_set",
            "kind": self.kind,
            "dimension": self.dimension,
            "support": json_value(self.support),
            "equilibria": list(self.equilibria),
            "vertices": json_value(self.vertices),
            "sample": json_value(self.sample),
            "variables": [[self.players[i], self.strategies[i][a]] for i, a in self.variables],
            "equations": [poly_text(q, names) for q in self.equations],
            "inequalities": [poly_text(q, names) for q in self.inequalities],
            "equation_terms": [terms(q) for q in self.equations],
            "inequality_terms": [terms(q) for q in self.inequalities],
            "players": list(self.players),
            "strategies": [list(s) for s in self.strategies],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EquilibriumSet:
        """Rebuild a set from :meth:`to_json` output (exact: Fractions come back as Fractions).

        Raises :class:`~gametheory.errors.GameFormatError` naming what is missing or malformed."""
        try:
            return cls._from_json(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
            from gametheory.errors import GameFormatError

            what = f"missing field {err}" if isinstance(err, KeyError) else str(err)
            raise GameFormatError(f"equilibrium set JSON: {what}") from None

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> EquilibriumSet:
        players = tuple(data["players"])
        strategies = tuple(tuple(s) for s in data["strategies"])

        def prof(p: Any) -> Profile:
            return tuple(tuple(_number(v) for v in row) for row in p)

        def poly(ts: Any) -> Polynomial:
            return tuple((tuple(int(e) for e in exps), Fraction(c)) for exps, c in ts)

        return cls(
            support=tuple(tuple(s) for s in data["support"]),
            kind=data["kind"],
            dimension=int(data["dimension"]),
            equilibria=tuple(int(k) for k in data["equilibria"]),
            vertices=tuple(prof(v) for v in data["vertices"]),
            sample=None if data["sample"] is None else prof(data["sample"]),
            variables=tuple((players.index(p), strategies[players.index(p)].index(s)) for p, s in data["variables"]),
            equations=tuple(poly(t) for t in data["equation_terms"]),
            inequalities=tuple(poly(t) for t in data["inequality_terms"]),
            players=players,
            strategies=strategies,
        )


def _scale(poly: Polynomial) -> float:
    return max([1.0] + [abs(float(c)) for _e, c in poly])


def _number(v: Any) -> Number:
    return Fraction(v) if isinstance(v, str) else v


@dataclass(frozen=True, kw_only=True)
class SolveResult(Result):
    """What a solver found, and how.

    A :class:`~gametheory._kernel.results.Result`: besides the fields below it carries
    ``method`` (solver name, e.g. ``"enummixed"``), ``arithmetic`` (``"exact"`` when the
    arithmetic was rational throughout, else ``"float"``; :attr:`exact` is the flag),
    ``elapsed`` (wall-clock seconds), ``parameters`` (solver arguments that affect the
    answer, and counts) and ``diagnostics`` (notes a careful user should read: fallbacks
    taken, precision reached, ...).

    Attributes
    ----------
    game:
        The game that was solved.
    equilibria:
        Equilibria found, each verified (see :attr:`Equilibrium.max_regret`). For
        all-equilibria methods on degenerate games: every extreme equilibrium.
    components:
        For two-player enumeration: the maximal convex sets of equilibria
        (:class:`Component`), each naming the extreme equilibria that span it. For N-player
        enumeration (``enumpoly``): each continuum as an :class:`EquilibriumSet` (exact
        vertices or exact equations, with :meth:`EquilibriumSet.contains`). Empty for
        methods that do not compute them.
    complete:
        Whether ``equilibria`` is claimed to be every (extreme) equilibrium of the game.
    degenerate:
        Whether the game is degenerate (``None`` when the method does not tell).

    Examples
    --------
    >>> import gametheory as gt
    >>> r = gt.solve(gt.NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    >>> r.method, r.arithmetic, r.exact, len(r)
    ('enummixed', 'exact', True, 3)
    """

    game: NormalFormGame
    equilibria: tuple[Equilibrium, ...]
    components: tuple[Component | EquilibriumSet, ...] = ()
    complete: bool = False
    degenerate: bool | None = None

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def __repr__(self) -> str:
        """One line: method, number of equilibria, arithmetic (never a field dump)."""
        n = len(self.equilibria)
        extra = (", complete" if self.complete else "") + (", degenerate game" if self.degenerate else "")
        return f"<SolveResult {self.method}: {n} equilibri{'um' if n == 1 else 'a'}, {self.arithmetic}{extra}>"

    def _rows(self, fmt: Any) -> tuple[list[str], list[list[str]]]:
        g = self.game
        header = ["#"] + list(g.players) + ["payoffs", "max regret"]
        rows = []
        for k, e in enumerate(self.equilibria, start=1):
            cells = [str(k)]
            for ss, probs in zip(e.strategies, e.profile):
                cells.append(", ".join(f"{s}: {fmt(x)}" for s, x in zip(ss, probs) if x != 0))
            cells.append(", ".join(fmt(v) for v in e.payoffs))
            cells.append(fmt(e.max_regret))
            rows.append(cells)
        return header, rows

    def _heading(self) -> str:
        n = len(self.equilibria)
        what = "all equilibria" if self.complete else "equilibria found"
        return (f"{self.method}: {n} equilibri{'um' if n == 1 else 'a'} ({what}), {self.arithmetic}"
                f"{', degenerate game' if self.degenerate else ''}, {self.elapsed * 1000:.3g} ms")

    def _repr_html_(self) -> str:
        """The equilibria in a table (support probabilities, payoffs, regret) and the diagnostics."""
        from gametheory._kernel.display import escape, html_table, notes_html, value_text

        header, rows = self._rows(value_text)
        return (f"<div><b>{escape(self._heading())}</b>" + html_table(header, rows)
                + notes_html(self.diagnostics) + "</div>")

    def _repr_markdown_(self) -> str:
        """The table of :meth:`_repr_html_` in Markdown."""
        from gametheory._kernel.display import markdown_table, value_text

        header, rows = self._rows(value_text)
        notes = "".join(f"\n- {d}" for d in self.diagnostics)
        return f"**{self._heading()}**\n\n" + markdown_table(header, rows) + notes

    def to_json(self) -> dict[str, Any]:
        """The common fields (:meth:`~gametheory._kernel.results.Result.common_json`), the game's
        names, ``complete``, ``degenerate``, ``equilibria`` and ``components``."""
        g = self.game
        return {
            "game": {
                "title": g.title,
                "players": list(g.players),
                "strategies": [list(s) for s in g.strategies],
            },
            **self.common_json(),
            "complete": self.complete,
            "degenerate": self.degenerate,
            "equilibria": [e.to_json() for e in self.equilibria],
            "components": [c.to_json() for c in self.components],
        }


def make_equilibrium(game: NormalFormGame, profile: Profile) -> Equilibrium:
    """Build a verified :class:`Equilibrium` record (payoffs and regret computed here)."""
    payoffs, regret = game.payoffs_and_regret(profile)
    return Equilibrium(
        profile=profile,
        payoffs=payoffs,
        max_regret=regret,
        players=game.players,
        strategies=game.strategies,
    )
