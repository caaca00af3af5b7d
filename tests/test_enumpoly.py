"""enumpoly: all equilibria of small N-player games (support enumeration + polynomial systems).

Known answers come from the literature and from the Gambit game corpus (cited per test);
everything else is checked against the definition of equilibrium (every returned profile
has zero regret), against ``enummixed`` on two-player games, and against pygambit's
``enumpoly_solve`` / ``gnm_solve`` / ``simpdiv_solve``. pygambit's enumpoly has known bugs
(missed and spurious equilibria: Gambit issues #474, #660, #1055; it also hangs on some
games), so the property checked is one-sided: every pygambit equilibrium that *verifies*
(regret <= 1e-6) is one of ours. pygambit runs in a child process with a time limit.
"""

from __future__ import annotations

import multiprocessing as mp
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import import_pygambit

import gametheory as gt
from gametheory import GameSizeError, NormalFormGame
from gametheory.normal.solvers.enummixed import enummixed_solve
from gametheory.normal.solvers.enumpoly import count_support_profiles, enumpoly_solve, support_solve
from gametheory.normal.solvers.pure import pure_solve

F = Fraction
Profile = tuple[tuple[Any, ...], ...]


def exact_profiles(result: gt.SolveResult) -> set[Profile]:
    return {e.profile for e in result.equilibria}


def vectors(result: gt.SolveResult) -> list[np.ndarray]:
    return [np.array([float(x) for row in e.profile for x in row]) for e in result.equilibria]


def assert_verified(result: gt.SolveResult) -> None:
    """Every equilibrium has exact regret 0 (rational) or tiny float and 60-digit regret."""
    for k, e in enumerate(result.equilibria):
        assert all(abs(sum(float(x) for x in row) - 1) < 1e-12 for row in e.profile)
        if isinstance(e.max_regret, Fraction):
            assert e.max_regret == 0
        else:
            assert e.max_regret <= 1e-9 * max(1.0, float(np.max(np.abs(result.game.payoffs.astype(float)))))
            if result.exact:
                assert float(result.parameters["hp_regret"][k]) <= 1e-30


def read(gambit_games_dir: Path, name: str) -> NormalFormGame:
    return gt.read_game(gambit_games_dir / name)


# ----------------------------------------------------------------------------- pygambit in a child process
def _gambit_worker(kind: str, arrays: list, queue: Any) -> None:  # pragma: no cover - runs in a child
    import pygambit as gbt

    g = gbt.Game.from_arrays(*arrays)
    if kind == "enumpoly":
        res = gbt.nash.enumpoly_solve(g)
    elif kind == "gnm":
        res = gbt.nash.gnm_solve(g)
    else:
        res = gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True))
    out = []
    for eq in res.equilibria:
        vec = [float(eq[s]) for p in g.players for s in p.strategies]
        out.append((vec, float(eq.max_regret())))
    queue.put(out)


def gambit_equilibria(game: NormalFormGame, kind: str, timeout: float = 10.0) -> list[tuple[np.ndarray, float]] | None:
    """pygambit's ``kind`` ("enumpoly", "gnm", "simpdiv") equilibria, or None on a timeout."""
    import_pygambit()
    arrays = [game.payoff_array(i).tolist() for i in range(game.num_players)]
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_worker, args=(kind, arrays, queue))
    proc.start()
    try:
        out = queue.get(timeout=timeout)
    except Exception:
        out = None
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if out is None:
        return None
    return [(np.array(v), r) for v, r in out]


def assert_covers(result: gt.SolveResult, theirs: list[tuple[np.ndarray, float]], tol: float = 1e-5) -> int:
    """Every verified equilibrium of another solver is one of ours; returns how many."""
    ours = vectors(result)
    scale = max(1.0, float(np.max(np.abs(result.game.payoffs.astype(float)))))
    checked = 0
    for vec, regret in theirs:
        if regret > 1e-6 * scale:
            continue  # pygambit's own answer does not verify: not evidence either way
        checked += 1
        dist = min((float(np.max(np.abs(vec - v))) for v in ours), default=np.inf)
        assert dist <= tol, f"missed equilibrium {vec.tolist()} (nearest of ours at {dist:g})"
    return checked


# ----------------------------------------------------------------------------- the Gambit corpus
@pytest.mark.parametrize("name", ["contrib/games/2x2x2.nfg", "doc/2x2x2.nfg"])
def test_mckelvey_mclennan_2x2x2_nine_equilibria(gambit_games_dir: Path, name: str) -> None:
    # The corpus file is McKelvey & McLennan's 2x2x2 example "with 9 Nash equilibria, 2
    # totally mixed" (its title); values cross-checked with pygambit below.
    r = enumpoly_solve(read(gambit_games_dir, name))
    assert r.method == "enumpoly" and r.exact and r.complete and r.degenerate is False
    assert len(r) == 9
    assert_verified(r)
    totally_mixed = {e.profile for e in r if all(x > 0 for row in e.profile for x in row)}
    assert totally_mixed == {
        ((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
        ((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))),
    }
    assert sum(1 for e in r if e.is_pure()) == 4
    p = r.parameters
    assert p["support_profiles"] == 27 == p["pruned"] + p["solved"]
    assert p["continua"] == [] and p["unresolved"] == [] and p["algebraic"] == {}


def test_local_max_cut_two_pure_one_mixed(gambit_games_dir: Path) -> None:
    # Gambit test game "2x2x2 game with 2 pure and 1 mixed equilibrium" (a local max-cut
    # instance; its comments list the pure equilibria and the uniform mixed one). Player 2
    # has ties, so two supports have a line of solutions that is shown (exactly, by
    # Fourier-Motzkin) to hold no equilibrium.
    r = enumpoly_solve(read(gambit_games_dir, "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg"))
    half = (F(1, 2), F(1, 2))
    assert exact_profiles(r) == {
        ((1, 0), (0, 1), (1, 0)),
        ((0, 1), (1, 0), (0, 1)),
        (half, half, half),
    }
    assert r.complete and r.parameters["unresolved"] == []


def test_nau_irrational_unique_equilibrium_matches_hand_derivation(gambit_games_dir: Path) -> None:
    # Nau, Gomez Canovas & Hansen (2004), "On the geometry of Nash equilibria and correlated
    # equilibria", IJGT 32, sec. 4: a 2x2x2 game whose unique equilibrium is irrational.
    # Hand derivation, p = P(Top), q = P(Left), r = P(1):
    #   player 1: u(Top) = q + 2qr, u(Bottom) = (1-q)(2-r)      => q = (2-r)/(3+r)
    #   player 2: u(Left) = (1-p)(3-2r), u(Right) = p(1+r)      => p = (3-2r)/(4-r)
    #   player 3: u(1) = 2pq, u(2) = 3(1-p)(1-q)                => 2r^2 + 23r - 9 = 0
    # so r = (sqrt(601) - 23)/4, the root in (0, 1).
    r = enumpoly_solve(read(gambit_games_dir, "catalog/journals/ijgt/nau2004/sec4.nfg"))
    assert r.complete and r.degenerate is False and len(r) == 1
    assert_verified(r)
    rr = (sp.sqrt(601) - 23) / 4
    p = (3 - 2 * rr) / (4 - rr)
    q = (2 - rr) / (3 + rr)
    expected = [[p, 1 - p], [q, 1 - q], [rr, 1 - rr]]
    texts = r.parameters["algebraic"][0]
    for row_text, row_exp, row_float in zip(texts, expected, r[0].profile):
        for text, exp, x in zip(row_text, row_exp, row_float):
            assert sp.simplify(sp.sympify(text) - exp) == 0
            assert abs(float(exp) - x) < 1e-15
    assert isinstance(r[0].max_regret, float) and r[0].max_regret < 1e-14
    assert any("irrational" in d for d in r.diagnostics)


def test_nau_continuum_of_completely_mixed_equilibria(gambit_games_dir: Path) -> None:
    # Nau et al. (2004), sec. 5: "3 pure, 2 incompletely mixed, and a continuum of completely
    # mixed Nash equilibria". The continua are flagged, each with a verified sample point,
    # and the result is not claimed complete.
    r = enumpoly_solve(read(gambit_games_dir, "catalog/journals/ijgt/nau2004/sec5.nfg"))
    assert not r.complete and r.degenerate is True
    assert_verified(r)
    assert sum(1 for e in r if e.is_pure()) == 3
    continua = r.parameters["continua"]
    full = [c for c in continua if all(len(s) == 2 for s in c["support"])]
    assert len(full) == 1 and full[0]["dimension"] == 1
    sample = r[full[0]["equilibrium"]]
    assert all(x > 0 for row in sample.profile for x in row) and sample.max_regret == 0
    assert any(d.startswith("continuum:") for d in r.diagnostics)
    assert any(d.startswith("incomplete") for d in r.diagnostics)


def test_nau_segment_of_equilibria(gambit_games_dir: Path) -> None:
    # Nau et al. (2004), sec. 6: "The set of Nash equilibria is a line segment". Players 1 and
    # 2 mix 1/2-1/2; player 3 plays (a, a, 1/2 - a, 1/2 - a), 0 <= a <= 1/2. The segment's
    # relative interior is found as a continuum (exactly: a polyhedron of dimension 1), and
    # its end points as equilibria of smaller supports at which an unused strategy ties.
    # Those supports' solution sets are curves the homotopy and the Groebner basis alone cannot
    # rule out to hold more; the exact description (components.settle_supports) proves each
    # holds only its listed end point, so nothing is left unresolved and the game is described
    # completely (the segment in components).
    r = enumpoly_solve(read(gambit_games_dir, "catalog/journals/ijgt/nau2004/sec6.nfg"))
    half = (F(1, 2), F(1, 2))
    assert (half, half, (half[0], half[1], 0, 0)) in exact_profiles(r)
    assert (half, half, (0, 0, half[0], half[1])) in exact_profiles(r)
    assert not r.complete and r.degenerate is True
    (cont,) = r.parameters["continua"]
    assert cont["kind"] == "polyhedron" and cont["dimension"] == 1
    x = r[cont["equilibrium"]].profile
    assert x[0] == half and x[1] == half and x[2][0] == x[2][1] and x[2][2] == x[2][3]
    assert r.parameters["unresolved"] == [] and r.parameters["settled"] == 2
    assert r.parameters["described_completely"]
    (segment,) = r.components
    assert segment.kind == "polytope" and segment.dimension == 1
    assert segment.contains((half, half, (F(1, 8), F(1, 8), F(3, 8), F(3, 8))))
    assert not segment.contains((half, half, (F(1, 4), F(1, 8), F(3, 8), F(1, 4))))


@pytest.mark.parametrize(
    "name",
    [
        "contrib/games/2x2x2x2.nfg",
        "contrib/games/3x3x3.nfg",
        "contrib/games/g1.nfg",
        "contrib/games/g2.nfg",
        "contrib/games/g3.nfg",
        "contrib/games/8x2x2.nfg",
        "contrib/games/coord333.nfg",
        "catalog/journals/ijgt/nau2004/sec4.nfg",
        "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg",
    ],
)
def test_corpus_games_cover_pygambit(gambit_games_dir: Path, name: str) -> None:
    game = read(gambit_games_dir, name)
    r = enumpoly_solve(game)
    assert r.complete
    assert_verified(r)
    # every pure equilibrium is listed
    pure = {e.profile for e in pure_solve(game)}
    assert pure <= exact_profiles(r)
    checked = 0
    for kind in ("enumpoly", "gnm"):
        theirs = gambit_equilibria(game, kind)
        if theirs is not None:
            checked += assert_covers(r, theirs)
    assert checked > 0


@pytest.mark.parametrize("name", [
    "contrib/games/2x2x2.nfg",
    "catalog/journals/ijgt/nau2004/sec4.nfg",
    "tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg",
])
def test_simpdiv_equilibrium_is_found(gambit_games_dir: Path, name: str) -> None:
    # Simplicial subdivision (van der Laan, Talman & van der Heyden 1987) from the centroid
    # converges to an approximate equilibrium; it must be near one of ours.
    game = read(gambit_games_dir, name)
    theirs = gambit_equilibria(game, "simpdiv")
    if theirs is None:
        pytest.skip("pygambit simpdiv did not finish in time")
    r = enumpoly_solve(game)
    assert assert_covers(r, theirs, tol=1e-3) == len(theirs) > 0


def test_five_players_corpus_game(gambit_games_dir: Path) -> None:
    # 2x2x2x2x2 (243 support profiles): the full support's system (44 paths, the number of
    # derangements of 5 -- McKelvey & McLennan 1997) is solved by homotopy continuation.
    game = read(gambit_games_dir, "contrib/games/2x2x2x2x2.nfg")
    r = enumpoly_solve(game, subdivide=False)
    assert r.complete and r.parameters["solved_numerically"] >= 1
    assert_verified(r)
    theirs = gambit_equilibria(game, "enumpoly", timeout=20)
    if theirs is not None:
        assert assert_covers(r, theirs) > 0


# ----------------------------------------------------------------------------- constructed games
def two_totally_mixed() -> NormalFormGame:
    """A 2x2x2 game with two totally mixed equilibria.

    With p, q, r the probabilities of each player's first strategy, the payoff differences
    (first minus second strategy) are q - r, p - r and 18(pq - (p + q)/2 + 2/9). Totally
    mixed equilibria need all three to vanish: p = q = r and r^2 - r + 2/9 = 0, i.e.
    r = 1/3 or 2/3.
    """
    D12 = [[0, 1], [-1, 0]]
    D3 = [[4, -5], [-5, 4]]

    def payoff(a: int, b: int, c: int) -> tuple[int, int, int]:
        return (D12[b][c] if a == 0 else 0, D12[a][c] if b == 0 else 0, D3[a][b] if c == 0 else 0)

    return NormalFormGame.from_function(payoff, [2, 2, 2])


def test_two_totally_mixed_equilibria_attain_mckelvey_mclennan_bound() -> None:
    # McKelvey & McLennan (1997), "The maximal number of regular totally mixed Nash
    # equilibria", JET 72: a 2x2x2 game has at most 2 (the number of derangements of 3).
    r = enumpoly_solve(two_totally_mixed())
    assert r.complete
    assert_verified(r)
    mixed = {e.profile for e in r if all(x > 0 for row in e.profile for x in row)}
    third = (F(1, 3), F(2, 3))
    two_thirds = (F(2, 3), F(1, 3))
    assert mixed == {(third, third, third), (two_thirds, two_thirds, two_thirds)}


def test_all_zero_game_is_a_continuum() -> None:
    # Every profile is an equilibrium: every support with a mixing player is a continuum.
    r = enumpoly_solve(NormalFormGame(np.zeros((2, 2, 2, 3), dtype=int)))
    assert not r.complete and r.degenerate is True
    assert_verified(r)
    continua = r.parameters["continua"]
    assert len(continua) == 27 - 8  # every support but the 8 pure profiles
    full = next(c for c in continua if all(len(s) == 2 for s in c["support"]))
    assert full["dimension"] == 3 and full["kind"] == "polyhedron"
    assert r[full["equilibrium"]].max_regret == 0
    assert sum(1 for d in r.diagnostics if d.startswith("continuum:")) == 19


def test_indifferent_player_gives_continuum() -> None:
    # Players 1 and 2 play a coordination game (equilibria: both 0, both 1, both mixing
    # 1/2-1/2); player 3's payoff is constant, so beside each of these player 3 may mix
    # arbitrarily: three segments of equilibria, each flagged with a verified sample.
    def payoff(a: int, b: int, c: int) -> tuple[int, int, int]:
        return (2 if a == b else 0, 2 if a == b else 0, 5)

    r = enumpoly_solve(NormalFormGame.from_function(payoff, [2, 2, 2]))
    assert not r.complete and r.degenerate is True
    assert_verified(r)
    continua = r.parameters["continua"]
    assert sorted(c["support"] for c in continua) == [
        [["0"], ["0"], ["0", "1"]],
        [["0", "1"], ["0", "1"], ["0", "1"]],
        [["1"], ["1"], ["0", "1"]],
    ]
    assert all(c["dimension"] == 1 and c["kind"] == "polyhedron" for c in continua)
    # the isolated-looking pure and partly mixed equilibria are listed as well
    half = (F(1, 2), F(1, 2))
    assert ((1, 0), (1, 0), (1, 0)) in exact_profiles(r) and (half, half, (0, 1)) in exact_profiles(r)


def test_size_limit() -> None:
    g = NormalFormGame(np.zeros((5, 5, 5, 3), dtype=int))
    assert count_support_profiles(g.shape) == 31**3
    with pytest.raises(GameSizeError, match="support profiles"):
        enumpoly_solve(g)
    with pytest.raises(GameSizeError):
        enumpoly_solve(two_totally_mixed(), max_support_profiles=26)


def test_max_paths_limit_reports_unresolved(gambit_games_dir: Path) -> None:
    # With no homotopy paths allowed, the 5-player full support cannot be solved: said so.
    game = read(gambit_games_dir, "contrib/games/2x2x2x2x2.nfg")
    r = enumpoly_solve(game, max_paths=10, subdivide=False)
    assert not r.complete and r.degenerate is None
    assert any("max_paths" in u["reason"] for u in r.parameters["unresolved"])
    assert_verified(r)


def test_homotopy_agrees_with_groebner(gambit_games_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The numerical path (homotopy continuation) alone finds the same equilibria as the
    # exact path; rational ones are recognised and verified exactly.
    game = read(gambit_games_dir, "contrib/games/3x3x3.nfg")
    exact = enumpoly_solve(game, subdivide=False)
    monkeypatch.setattr(support_solve, "GROEBNER_MAX_BEZOUT", -1)
    # every support through the paths (the subdivision certificate would dismiss most)
    monkeypatch.setattr(support_solve._SupportSolver, "exclude", False)
    numeric = enumpoly_solve(game, subdivide=False)
    # (supports whose Bezout number is 0 have no isolated solution; those still go to a
    # Groebner basis, which proves it)
    assert numeric.complete and numeric.parameters["solved_numerically"] >= 0.75 * numeric.parameters["solved"]
    assert len(numeric) == len(exact)
    for a, b in zip(vectors(numeric), vectors(exact)):
        assert np.max(np.abs(a - b)) < 1e-12
    assert_verified(numeric)


def test_float_games_and_exact_false(gambit_games_dir: Path) -> None:
    game = read(gambit_games_dir, "contrib/games/2x2x2.nfg")
    r = enumpoly_solve(game, exact=False)
    assert not r.exact and all(isinstance(x, float) for e in r for row in e.profile for x in row)
    assert r.parameters["algebraic"] == {} and not any("irrational" in d for d in r.diagnostics)
    rf = enumpoly_solve(game.to_float())
    assert not rf.exact and len(rf) == 9 and rf.complete
    exact = enumpoly_solve(game)
    for a, b in zip(vectors(rf), vectors(exact)):
        assert np.max(np.abs(a - b)) < 1e-12


def test_result_json_is_serialisable(gambit_games_dir: Path) -> None:
    import json

    r = enumpoly_solve(read(gambit_games_dir, "catalog/journals/ijgt/nau2004/sec4.nfg"))
    doc = json.loads(json.dumps(r.to_json()))
    assert doc["method"] == "enumpoly" and doc["parameters"]["algebraic"]["0"][2][0] == "-23/4 + sqrt(601)/4"


# ----------------------------------------------------------------------------- random games
def games(shape: tuple[int, ...], lo: int = -9, hi: int = 9) -> st.SearchStrategy[NormalFormGame]:
    size = int(np.prod(shape)) * len(shape)
    return st.lists(st.integers(lo, hi), min_size=size, max_size=size).map(
        lambda v: NormalFormGame(np.array(v, dtype=np.int64).reshape(shape + (len(shape),)))
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(games((2, 2, 2)), games((2, 2, 3))))
def test_random_three_player_games(game: NormalFormGame) -> None:
    r = enumpoly_solve(game)
    assert_verified(r)
    assert {e.profile for e in pure_solve(game)} <= exact_profiles(r)
    p = r.parameters
    assert p["support_profiles"] == p["pruned"] + p["solved"]
    if r.complete and r.degenerate is False:
        # Wilson (1971), "Computing equilibria of N-person games": a game whose equilibria
        # are all regular has an odd number of them.
        assert len(r) % 2 == 1
    if not r.complete:
        assert r.degenerate is not False and (p["continua"] or p["unresolved"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_two_player_games_equal_enummixed(m: int, n: int, data: st.DataObject) -> None:
    entries = st.lists(st.lists(st.integers(0, 30), min_size=n, max_size=n), min_size=m, max_size=m)
    game = NormalFormGame.from_bimatrix(data.draw(entries), data.draw(entries))
    ours = enumpoly_solve(game)
    theirs = enummixed_solve(game)
    assert_verified(ours)
    if theirs.degenerate is False:
        assert ours.complete and ours.degenerate is False
        assert exact_profiles(ours) == exact_profiles(theirs)
        return
    # Degenerate game. An equilibrium that is the only solution for its support is extreme
    # (a vertex pair), so it is one of enummixed's; an extreme equilibrium we do not list
    # must have the support of a continuum we flag (where we show a sample point instead).
    samples = {c["equilibrium"] for c in ours.parameters["continua"]}
    isolated = {e.profile for k, e in enumerate(ours) if k not in samples}
    assert isolated <= exact_profiles(theirs)
    flagged = [c["support"] for c in ours.parameters["continua"]]
    for e in theirs:
        if e.profile not in isolated:
            assert [list(s) for s in e.support()] in flagged
    if flagged:
        assert not ours.complete and ours.degenerate is True


@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 2, 2, 2)])
def test_random_games_cover_pygambit(shape: tuple[int, ...]) -> None:
    checked = 0
    for seed in range(3):
        rng = np.random.default_rng(100 + seed)
        game = NormalFormGame(rng.integers(0, 100, shape + (len(shape),)))
        r = enumpoly_solve(game)
        assert_verified(r)
        if not r.complete:
            continue
        for kind in ("enumpoly", "gnm"):
            theirs = gambit_equilibria(game, kind)
            if theirs is not None:
                checked += assert_covers(r, theirs)
    assert checked > 0


def test_no_interior_certificate_is_exact() -> None:
    """The LP certificate (float solve, exact check): the unused strategy 2 gains 1/2 over
    the mixture (1/2, 1/2) of the supported ones against every interior opponent profile,
    so no profile with support ({0, 1}, {0, 1}) is an equilibrium; with payoffs (1, 1) it
    loses instead, and nothing is proved."""
    from gametheory.normal.solvers.enumpoly.certify import _no_interior_equilibrium

    U1 = np.array([[1, 0], [0, 1], [0, 0]])
    assert _no_interior_equilibrium([np.array([[3, 0], [0, 3], [2, 2]]), U1], ((0, 1), (0, 1)))
    assert not _no_interior_equilibrium([np.array([[3, 0], [0, 3], [1, 1]]), U1], ((0, 1), (0, 1)))
