"""Trembling-hand perfect and proper equilibria of small normal forms (gametheory.normal.refinements).

Known answers from the literature, the certificates checked again here from the definitions
with exact payoffs, and properties on random games.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory import GameError, GameSizeError, NormalFormGame
from gametheory.normal.infinitesimal import Eps, simplex
from gametheory.normal.refinements import check_perfect, check_proper, check_refinements, refine_equilibria

F = Fraction


def transpose(A: list[list[int]]) -> list[list[int]]:
    return [list(r) for r in zip(*A)]


def myerson_1978() -> NormalFormGame:
    """Myerson (1978), Int. J. Game Theory 7, 73-80: the 3x3 example. Adding a third, dominated
    strategy to each player of the 2x2 game [[1, 0], [0, 0]] keeps (M, R) perfect (the new
    strategy makes the dominated M a best response to some trembles) but not proper."""
    A = [[1, 0, -9], [0, 0, -7], [-9, -7, -7]]
    return NormalFormGame.from_bimatrix(A, transpose(A), strategies=[["U", "M", "D"], ["L", "R", "D"]])


def selten_1975() -> NormalFormGame:
    """The 2x2 game of Selten (1975), Int. J. Game Theory 4, 25-55: (B, R) is a Nash
    equilibrium in weakly dominated strategies, not perfect; (T, L) is perfect."""
    return NormalFormGame.from_bimatrix(
        [[1, 0], [0, 0]], [[1, 0], [0, 0]], strategies=[["T", "B"], ["L", "R"]]
    )


def pure(game: NormalFormGame, *names: str) -> list[list[int]]:
    return [[1 if s == n else 0 for s in ss] for ss, n in zip(game.strategies, names)]


def verdicts(report: gt.RefinementReport) -> dict[tuple[tuple[str, ...], ...], tuple[str, str]]:
    g = report.game
    out = {}
    for c in report:
        supp = tuple(
            tuple(s for s, p in zip(ss, probs) if p > 0) for ss, probs in zip(g.strategies, c.profile)
        )
        assert c.proper is not None
        out[supp] = (c.perfect.status, c.proper.status)
    return out


def check_perfect_certificate(game: NormalFormGame, check: Any) -> None:
    """The tremble of a 'yes': at e = checked_at the support is a best response to (1-e) sigma + e sigma'."""
    cert = check.perfect.certificate
    if "tremble" not in cert:
        return
    e = cert["checked_at"]
    assert e is not None and 0 < e < 1
    trem = []
    for j, p in enumerate(game.players):
        tr = cert["tremble"][p]
        assert all(tr[s] > 0 for s in game.strategies[j])  # completely mixed
        trem.append([(1 - e) * x + e * tr[s] for x, s in zip(check.profile[j], game.strategies[j])])
    for i in range(game.num_players):
        pay = game.strategy_payoffs(trem, i)
        best = max(pay)
        assert all(pay[k] == best for k, x in enumerate(check.profile[i]) if x > 0)


# ----------------------------------------------------------------------------- known answers
def test_myerson_1978_perfect_but_not_proper() -> None:
    g = myerson_1978()
    r = refine_equilibria(g)
    assert r.complete
    assert verdicts(r) == {
        (("U",), ("L",)): ("yes", "yes"),
        (("M",), ("R",)): ("yes", "no"),  # perfect, not proper
        (("D",), ("D",)): ("no", "no"),
    }
    ul = next(c for c in r if c.profile[0][0] == 1)
    assert ul.proper is not None
    assert ul.proper.certificate["ranking"] == {
        "Player 1": [["U"], ["M"], ["D"]],
        "Player 2": [["L"], ["R"], ["D"]],
    }
    for c in r:
        check_perfect_certificate(g, c)


def test_myerson_2x2_core_has_no_perfect_mr() -> None:
    """Without the third strategies (M, R) is weakly dominated and not perfect (Myerson 1978)."""
    g = NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]], strategies=[["U", "M"], ["L", "R"]])
    assert check_perfect(g, pure(g, "M", "R")).status == "no"


def test_selten_1975_weakly_dominated_equilibrium_not_perfect() -> None:
    g = selten_1975()
    r = refine_equilibria(g)
    assert verdicts(r) == {(("T",), ("L",)): ("yes", "yes"), (("B",), ("R",)): ("no", "no")}
    br = check_refinements(g, pure(g, "B", "R"))
    assert br.perfect.status == "no"
    dom = br.perfect.certificate["dominated_by"]
    assert dom == {"Player 1": {"T": 1}, "Player 2": {"L": 1}}


@pytest.mark.parametrize(
    ("A", "B"),
    [
        ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),  # prisoner's dilemma: a strict equilibrium
        ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),  # matching pennies: completely mixed
    ],
)
def test_unique_undominated_equilibrium_is_perfect_and_proper(A: list[list[int]], B: list[list[int]]) -> None:
    """A unique equilibrium in undominated strategies -- strict, or completely mixed -- is
    perfect and proper (van Damme 1991, Stability and Perfection of Nash Equilibria, ch. 2)."""
    r = refine_equilibria(NormalFormGame.from_bimatrix(A, B))
    assert len(r) == 1
    assert r[0].perfect.status == "yes" and r[0].proper is not None and r[0].proper.status == "yes"


def test_proper_point_inside_a_component_with_no_proper_vertex() -> None:
    """The equilibria (row mixes 2 and 3, column plays 2) form a segment; only its midpoint is
    proper: the column's trembles 1 and 3 must tie (both are equally costly only there) and
    the row's indifference then fixes their ratio at 2."""
    A = [[0, 1, 2], [2, 2, 1], [0, 2, 2]]
    B = [[2, 1, 2], [0, 2, 2], [2, 2, 0]]
    g = NormalFormGame.from_bimatrix(A, B)
    r = refine_equilibria(g)
    assert not r.proper()
    assert any("continua" in d for d in r.diagnostics)
    mid = check_refinements(g, [[0, F(1, 2), F(1, 2)], [0, 1, 0]])
    assert mid.perfect.status == "yes" and mid.proper is not None and mid.proper.status == "yes"
    assert mid.proper.certificate["ranking"]["Player 2"] == [["2"], ["1", "3"]]
    for p in (F(1, 3), F(2, 3)):
        off = check_refinements(g, [[0, p, 1 - p], [0, 1, 0]])
        assert off.perfect.status == "yes" and off.proper is not None and off.proper.status == "no"


def test_three_players_dominated_equilibrium_and_strict_one() -> None:
    """Three players, everyone gets 1 at (1, 1, 1) and 0 elsewhere: (1, 1, 1) is strict, so
    perfect and proper; (2, 2, 2) is an equilibrium in weakly dominated strategies."""
    U = np.zeros((2, 2, 2, 3), dtype=int)
    U[0, 0, 0] = [1, 1, 1]
    g = NormalFormGame.from_payoff_tensor(U.tolist())
    good = check_refinements(g, [[1, 0], [1, 0], [1, 0]])
    assert good.perfect.status == "yes" and good.proper is not None and good.proper.status == "yes"
    check_perfect_certificate(g, good)
    bad = check_refinements(g, [[0, 1], [0, 1], [0, 1]])
    assert bad.perfect.status == "no" and bad.proper is not None and bad.proper.status == "no"


def three_player_01() -> NormalFormGame:
    """A three-player game with payoffs 0/1 (its equilibria need the N-player arguments)."""
    U = [
        [[[1, 1, 0], [1, 0, 1]], [[1, 0, 1], [0, 0, 0]]],
        [[[1, 0, 0], [0, 0, 0]], [[0, 1, 0], [1, 1, 0]]],
    ]
    return NormalFormGame.from_payoff_tensor(U)


def test_three_players_obstruction_without_dominance() -> None:
    """At (2, 2, 2) player 3 is indifferent, neither strategy is weakly dominated, yet every
    small tremble makes 1 better than 2: u_3(2) - u_3(1) = x1 (2 x2 - 1) with x1, x2 the
    trembles of players 1 and 2 onto their first strategies."""
    g = three_player_01()
    c = check_refinements(g, [[0, 1], [0, 1], [0, 1]])
    assert c.perfect.status == "no" and c.proper is not None and c.proper.status == "no"
    ob = c.perfect.certificate["obstruction"]
    assert (ob["player"], ob["support_strategy"], ob["better_strategy"]) == ("Player 3", "2", "1")
    for k in range(1, 6):  # the claim, checked directly at trembles of several sizes and ratios
        x1, x2 = F(1, 10**k), F(1, 3 * 10**k)
        pay = g.strategy_payoffs([[x1, 1 - x1], [x2, 1 - x2], [F(1, 10**k), 1 - F(1, 10**k)]], 2)
        assert pay[1] < pay[0]


def test_three_players_tremble_rates_matter() -> None:
    """At (1, 1, 2) player 2 keeps 1 a best response only if player 3 trembles at least as fast
    as player 1: the first-order LP is feasible with a tie, and only a point that makes the
    first-order term strict is a certificate."""
    g = three_player_01()
    c = check_refinements(g, [[1, 0], [1, 0], [0, 1]])
    assert c.perfect.status == "yes"
    check_perfect_certificate(g, c)
    tr = c.perfect.certificate["tremble"]
    assert tr["Player 3"]["1"] > tr["Player 1"]["2"]


def test_not_an_equilibrium_is_neither() -> None:
    g = selten_1975()
    c = check_refinements(g, pure(g, "T", "R"))
    assert c.max_regret == 1
    assert c.perfect.status == "no" and "not a Nash equilibrium" in c.perfect.reason


def test_check_proper_and_json() -> None:
    g = myerson_1978()
    v = check_proper(g, pure(g, "U", "L"))
    assert v and v.status == "yes"
    r = refine_equilibria(g)
    data = json.loads(json.dumps(r.to_json()))
    assert data["method"] == "refinements" and data["arithmetic"] == "exact"
    assert [c["perfect"]["status"] for c in data["checks"]] == [c.perfect.status for c in r]
    assert data["checks"][0]["proper"]["certificate"]["perturbed"]["Player 1"]["U"] == "1/(1 + e^2 + e^4)"
    assert "perfect: yes, proper: no" in r.summary()


def test_public_names() -> None:
    assert gt.refine_equilibria is refine_equilibria
    assert gt.check_refinements is check_refinements


# ----------------------------------------------------------------------------- bad input
def test_bad_input() -> None:
    g = selten_1975()
    with pytest.raises(GameError):
        check_refinements(g, [[1, 0]])  # one player missing
    with pytest.raises(GameError):
        check_refinements(g, [[F(1, 2), F(1, 3)], [1, 0]])  # does not sum to 1
    with pytest.raises(GameError):
        check_refinements(g, [[float("nan"), 1], [1, 0]])
    with pytest.raises(GameError):
        check_refinements("not a game", [[1, 0], [1, 0]])  # type: ignore[arg-type]
    flat = NormalFormGame.from_bimatrix(np.zeros((6, 6), dtype=int), np.zeros((6, 6), dtype=int))
    corner = [[1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]]
    assert check_perfect(flat, corner).status == "yes"  # cheap: every profile is its own tremble's best reply
    with pytest.raises(GameSizeError, match="ranking pairs"):
        check_proper(flat, corner)  # every order of the other five strategies is compatible
    big = NormalFormGame.from_bimatrix(np.zeros((70, 70), dtype=int), np.zeros((70, 70), dtype=int))
    with pytest.raises(GameSizeError):
        check_refinements(big, [[1] + [0] * 69, [1] + [0] * 69])


# ----------------------------------------------------------------------------- the field
def test_eps_field_and_simplex() -> None:
    e = Eps.eps()
    assert e > 0 and e < F(1, 10**9) and e * e < e and 1 - e < 1
    assert (e / (1 + e)).at(F(1, 2)) == F(1, 3)
    assert (1 / (1 - e)) - 1 == e / (1 - e)
    ans = simplex([0, 0, 1], [([1, -e, 0], "<=", 0), ([1, 1, 0], "=", 1), ([-1, 0, 1], "<=", 0)])
    assert ans.status == "optimal" and ans.value == e / (1 + e)
    assert simplex([1], [([1], ">=", e), ([1], "<=", e * e)]).status == "infeasible"
    assert simplex([1], [([1], ">=", 1)]).status == "unbounded"


# ----------------------------------------------------------------------------- properties
def small_games(
    max_players: int = 2, max_strategies: int = 3, hi: int = 2
) -> st.SearchStrategy[NormalFormGame]:
    """Random small games with integer payoffs in 0..hi (many ties)."""

    @st.composite
    def build(draw: st.DrawFn) -> NormalFormGame:
        n = draw(st.integers(2, max_players))
        shape = tuple(draw(st.integers(2, max_strategies)) for _ in range(n))
        size = math.prod(shape)
        flat = [draw(st.lists(st.integers(0, hi), min_size=size, max_size=size)) for _ in range(n)]
        return NormalFormGame.from_arrays(*[np.array(a).reshape(shape) for a in flat])

    return build()


@settings(max_examples=40)
@given(small_games())
def test_two_players_proper_implies_perfect_implies_nash(g: NormalFormGame) -> None:
    r = refine_equilibria(g)
    for c in r:
        assert c.max_regret == 0 and g.max_regret(c.profile) == 0
        assert c.perfect.status in ("yes", "no")  # two players: always decided
        assert c.proper is not None and c.proper.status in ("yes", "no")
        if c.proper.status == "yes":
            assert c.perfect.status == "yes"
            assert c.proper.certificate["checked_at"] is not None
        check_perfect_certificate(g, c)


@settings(max_examples=15)
@given(small_games(max_players=3, max_strategies=2, hi=1))
def test_three_players_proper_implies_perfect(g: NormalFormGame) -> None:
    r = refine_equilibria(g)
    for c in r:
        if c.arithmetic == "exact":
            assert g.max_regret(c.profile) == 0
        assert c.proper is not None
        if c.proper.status == "yes":
            assert c.perfect.status == "yes"
        if c.perfect.status == "no":
            assert c.proper.status == "no"
        check_perfect_certificate(g, c)


@pytest.mark.parametrize("seed", range(12))
def test_generic_games_all_equilibria_perfect_and_proper(seed: int) -> None:
    """In generic games every equilibrium is regular (Harsanyi 1973), and regular equilibria are
    perfect and proper (van Damme 1991, ch. 2, on regular equilibria). Payoffs drawn from
    0..10^6 are generic with probability one."""
    rng = np.random.default_rng(seed)
    m, n = (int(x) for x in rng.integers(2, 4, size=2))
    g = NormalFormGame.from_bimatrix(
        rng.integers(0, 10**6, size=(m, n)).tolist(), rng.integers(0, 10**6, size=(m, n)).tolist()
    )
    r = refine_equilibria(g)
    for c in r:
        assert c.perfect.status == "yes"
        assert c.proper is not None and c.proper.status == "yes"
        check_perfect_certificate(g, c)
