"""The result type of every extensive-form solver.

:class:`ExtensiveSolveResult` derives from the common :class:`~gametheory._kernel.results.Result`
(``method``, ``arithmetic``, ``elapsed``, ``parameters``, ``diagnostics``) and mirrors
:class:`gametheory.SolveResult` (iteration, ``to_json``), with equilibria given as behaviour
strategies by information set and action name rather than as mixed strategies over a
strategy list. Values go to JSON through the one encoder,
:func:`~gametheory._kernel.results.json_value`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gametheory._kernel.results import Result, json_value

if TYPE_CHECKING:
    from gametheory.extensive.game import ExtensiveGame


def _num_text(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)


@dataclass(frozen=True)
class BehaviorEquilibrium:
    """One equilibrium in behaviour strategies.

    Attributes
    ----------
    behavior:
        ``{information set name: {action: probability}}`` for every information set of the
        game (every action listed, zeros included), in the game's information-set order.
    players:
        Player names; :meth:`by_player` groups ``behavior`` by the player who moves.
    infoset_players:
        ``{information set name: player name}``.
    payoffs:
        Expected payoff of each player.
    max_regret:
        Largest gain any player gets by switching to another (behaviour) strategy of the
        whole game: the Nash verification. Exactly ``Fraction(0)`` for exact equilibria.
    agent_regret:
        Largest gain from changing the actions at a single information set reached with
        positive probability (``None`` when not computed). Zero at every information set,
        including unreached ones given ``beliefs``, is sequential rationality.
    beliefs:
        For assessments (perfect Bayesian equilibria): ``{information set name: {node
        description: probability}}`` at the information sets with more than one node;
        ``None`` for solvers that do not compute beliefs.
    notes:
        Remarks on this equilibrium (e.g. which off-path beliefs sustain it).
    subgame_regret:
        Largest gain any player gets by deviating in the top part of any subgame (its moves
        outside its own proper subgames, with this profile's continuation values below; in
        perfect-information games: changing the action at a single node, reached or not).
        Zero at every subgame is equivalent to subgame perfection. ``None`` when not
        computed.
    """

    behavior: dict[str, dict[str, Any]]
    players: tuple[str, ...]
    infoset_players: dict[str, str]
    payoffs: tuple[Any, ...]
    max_regret: Any
    agent_regret: Any = None
    beliefs: dict[str, dict[str, Any]] | None = None
    notes: tuple[str, ...] = ()
    subgame_regret: Any = None

    @property
    def exact(self) -> bool:
        return isinstance(self.max_regret, Fraction)

    def by_player(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{player: {information set: {action: probability}}}``."""
        out: dict[str, dict[str, dict[str, Any]]] = {p: {} for p in self.players}
        for h, dist in self.behavior.items():
            out[self.infoset_players[h]][h] = dist
        return out

    def actions(self) -> dict[str, str | None]:
        """``{information set: action}`` where the behaviour is pure there, else ``None``."""
        out: dict[str, str | None] = {}
        for h, dist in self.behavior.items():
            sure = [a for a, p in dist.items() if p == 1]
            out[h] = sure[0] if sure else None
        return out

    def is_pure(self) -> bool:
        return all(v is not None for v in self.actions().values())

    def to_json(self) -> dict[str, Any]:
        return {
            "behavior": json_value(self.behavior),
            "payoffs": json_value(self.payoffs),
            "max_regret": json_value(self.max_regret),
            "agent_regret": json_value(self.agent_regret),
            "beliefs": json_value(self.beliefs),
            "notes": list(self.notes),
            "subgame_regret": json_value(self.subgame_regret),
        }

    def __str__(self) -> str:
        parts = []
        for player, sets in self.by_player().items():
            moves = []
            for h, dist in sets.items():
                pos = {a: p for a, p in dist.items() if p != 0}
                if len(pos) == 1:
                    moves.append(f"{h}: {next(iter(pos))}")
                else:
                    moves.append(f"{h}: {{{', '.join(f'{a}: {_num_text(p)}' for a, p in pos.items())}}}")
            parts.append(f"{player}: " + "; ".join(moves) if moves else f"{player}: (no moves)")
        return " | ".join(parts)

    def __repr__(self) -> str:
        from gametheory._kernel.display import shorten

        pays = ", ".join(_num_text(v) for v in self.payoffs)
        return shorten(f"<BehaviorEquilibrium {self}; payoffs ({pays}), {'exact' if self.exact else 'float'}>")

    def _rows(self) -> tuple[list[str], list[list[str]]]:
        from gametheory._kernel.display import mapping_text

        rows = []
        for player, sets in self.by_player().items():
            for h, dist in sets.items():
                rows.append([player, h, mapping_text({a: p for a, p in dist.items() if p != 0})])
        return ["player", "information set", "behaviour"], rows

    def _caption(self) -> str:
        from gametheory._kernel.display import value_text

        pays = ", ".join(value_text(v) for v in self.payoffs)
        return f"payoffs ({pays}), max regret {value_text(self.max_regret)}"

    def _repr_html_(self) -> str:
        """The behaviour at each information set (actions played) and the payoffs, in a table."""
        from gametheory._kernel.display import html_table

        header, rows = self._rows()
        return html_table(header, rows, caption=self._caption())

    def _repr_markdown_(self) -> str:
        """The table of :meth:`_repr_html_` in Markdown."""
        from gametheory._kernel.display import markdown_table

        header, rows = self._rows()
        return f"*{self._caption()}*\n\n" + markdown_table(header, rows)


@dataclass(frozen=True)
class BehaviorComponent:
    """A set of equilibria of a game tree, described exactly through its reduced normal form.

    Attributes
    ----------
    normal_form:
        The set in the reduced normal form (:func:`~gametheory.extensive.reduced.to_normal_form`
        with ``reduced=True``): a two-player :class:`~gametheory.normal.result.Component`
        (a maximal convex set: product of two polytopes) or an N-player
        :class:`~gametheory.normal.result.EquilibriumSet` (a polytope's vertices, or exact
        equations and sign conditions).
    vertices:
        Behaviour profiles (``{information set: {action: probability}}``) of the normal-form
        set's vertices: for a two-player component every pair of a row and a column vertex,
        for a polytope its vertices; empty for a set that is not proven a polytope. The set
        is convex in mixed strategies; in behaviour strategies it is the image of that set
        (the hull of these vertices when each player moves at most once on every path).
    equilibria:
        Indices (into the result's equilibria) of the listed equilibria in the set.
    game:
        The tree (not compared, not in JSON); used by :meth:`contains`.
    """

    normal_form: Any
    vertices: tuple[dict[str, dict[str, Any]], ...]
    equilibria: tuple[int, ...]
    game: ExtensiveGame = field(compare=False, repr=False)

    @property
    def kind(self) -> str:
        """``"polytope"`` (convex, spanned by :attr:`vertices`) or ``"semialgebraic"``."""
        return str(getattr(self.normal_form, "kind", "polytope"))

    def contains(self, behavior: Mapping[str, Mapping[str, Any]], tol: float | None = None) -> bool:
        """Whether a behaviour profile lies in the set: its mixed representation
        (:func:`~gametheory.extensive.reduced.behavior_to_mixed`, realization-equivalent) is
        tested against :attr:`normal_form`, exactly for Fractions, else within ``tol``.

        A behaviour profile is a Nash equilibrium exactly when its mixed representation lies
        in one of the result's components or equals a listed equilibrium's (with
        ``complete`` or ``parameters["described_completely"]`` true), since
        realization-equivalent profiles have the same payoffs against everything.
        """
        from gametheory.extensive.reduced import behavior_to_mixed

        return bool(self.normal_form.contains(behavior_to_mixed(self.game, behavior), tol))

    def to_json(self) -> dict[str, Any]:
        """``kind``, ``equilibria`` (indices), ``vertices`` (behaviour) and ``normal_form``."""
        return {
            "kind": self.kind,
            "equilibria": list(self.equilibria),
            "vertices": json_value(self.vertices),
            "normal_form": self.normal_form.to_json(),
        }


@dataclass(frozen=True)
class ExtensiveSolveResult(Result):
    """What an extensive-form solver found, and how (fields as in :class:`gametheory.SolveResult`).

    Attributes
    ----------
    game:
        The game solved.
    equilibria:
        The equilibria found, each a verified :class:`BehaviorEquilibrium`.
    complete:
        Whether ``equilibria`` are provably all the equilibria the method looks for.

    The common fields (``method``, ``arithmetic``, ``elapsed``, ``parameters``,
    ``diagnostics``) and ``.exact`` come from :class:`~gametheory._kernel.results.Result`.
    """

    game: ExtensiveGame
    equilibria: tuple[BehaviorEquilibrium, ...]
    complete: bool = False
    #: Sets of equilibria described exactly (all-equilibria methods on degenerate games);
    #: see :class:`BehaviorComponent`.
    components: tuple[BehaviorComponent, ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[BehaviorEquilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> BehaviorEquilibrium:
        return self.equilibria[k]

    def __repr__(self) -> str:
        """One line: method, number of equilibria, arithmetic (never a field dump)."""
        n = len(self.equilibria)
        extra = ", complete" if self.complete else ""
        return f"<ExtensiveSolveResult {self.method}: {n} equilibri{'um' if n == 1 else 'a'}, {self.arithmetic}{extra}>"

    def _heading(self) -> str:
        n = len(self.equilibria)
        what = "all the method looks for" if self.complete else "found"
        return f"{self.method}: {n} equilibri{'um' if n == 1 else 'a'} ({what}), {self.arithmetic}, {self.elapsed * 1000:.3g} ms"

    def _rows(self) -> tuple[list[str], list[list[str]]]:
        from gametheory._kernel.display import value_text

        rows = [[str(k), str(e), ", ".join(value_text(v) for v in e.payoffs), value_text(e.max_regret)]
                for k, e in enumerate(self.equilibria, start=1)]
        return ["#", "behaviour", "payoffs", "max regret"], rows

    def _repr_html_(self) -> str:
        """The equilibria (behaviour by information set, payoffs, regret) and the diagnostics."""
        from gametheory._kernel.display import escape, html_table, notes_html

        header, rows = self._rows()
        return f"<div><b>{escape(self._heading())}</b>" + html_table(header, rows) + notes_html(self.diagnostics) + "</div>"

    def _repr_markdown_(self) -> str:
        """The table of :meth:`_repr_html_` in Markdown."""
        from gametheory._kernel.display import markdown_table

        header, rows = self._rows()
        return f"**{self._heading()}**\n\n" + markdown_table(header, rows) + "".join(f"\n- {d}" for d in self.diagnostics)

    def to_json(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": {"title": g.title, "players": list(g.players), "infosets": list(g.infosets())},
            **self.common_json(),
            "complete": self.complete,
            "equilibria": [e.to_json() for e in self.equilibria],
            **({"components": [c.to_json() for c in self.components]} if self.components else {}),
        }


def make_behavior_equilibrium(
    game: ExtensiveGame,
    behavior: Mapping[str, Mapping[str, Any]],
    *,
    beliefs: dict[str, dict[str, Any]] | None = None,
    notes: tuple[str, ...] = (),
    agent: bool = True,
) -> BehaviorEquilibrium:
    """A verified :class:`BehaviorEquilibrium`: payoffs and regrets computed here from the game."""
    profile = game.behavior_profile({h: dict(d) for h, d in behavior.items()})
    payoffs = tuple(game.expected_payoffs(profile))
    max_regret = game.max_regret(profile)
    agent_regret = None
    if agent:
        regs = game.agent_regrets(profile)
        agent_regret = max(regs.values()) if regs else (Fraction(0) if game.is_exact else 0.0)
    infoset_players = {}
    none: Any = Fraction(0) if game.is_exact else 0.0
    full: dict[str, dict[str, Any]] = {}
    for h_id, h in enumerate(game.infosets()):
        infoset_players[h] = game.players[int(game.infoset_player[h_id])]
        full[h] = {a: behavior.get(h, {}).get(a, none) for a in game.infoset_actions[h_id]}
    return BehaviorEquilibrium(
        behavior=full,
        players=game.players,
        infoset_players=infoset_players,
        payoffs=payoffs,
        max_regret=max_regret,
        agent_regret=agent_regret,
        beliefs=beliefs,
        notes=notes,
    )
