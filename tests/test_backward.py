"""Backward induction: pure subgame-perfect equilibria of perfect-information games.

Textbook answers (named cases), an independent brute-force enumeration of all pure SPE on
small random trees (many ties), agreement of the numpy level kernel with the scalar loop,
deep and wide trees, the symbolic regimes against numeric backward induction at random
points, and a cross-check against pygambit on the perfect-information games of the Gambit
corpus.
"""

from __future__ import annotations

import functools
import itertools
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.errors import GameError
from gametheory.extensive import ExtensiveGame, examples
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, TreeRecords
from gametheory.extensive.solvers.backward import (
    _context,
    _induct,
    backward_induction,
    backward_induction_values,
    one_shot_regret,
)
from gametheory.extensive.tree import chance, decision
from gametheory.symbolic import Parameter
from gametheory.symbolic.spe import symbolic_backward_induction


# ----------------------------------------------------------------------------- helpers
def plan_of(game: ExtensiveGame, eq: Any) -> tuple[int, ...]:
    """Action index at every decision node (preorder) of a pure equilibrium."""
    acts = eq.actions()
    out = []
    for n in np.flatnonzero(game.node_kind == DECISION).tolist():
        h = int(game.node_infoset[n])
        out.append(game.infoset_actions[h].index(acts[game.infoset_names[h]]))
    return tuple(out)


def values_under(game: ExtensiveGame, plan: dict[int, int]) -> list[tuple[Any, ...]]:
    """Payoff vector of the subgame at every node under a pure plan (independent loop)."""
    n = game.num_nodes
    val: list[Any] = [None] * n
    for x in range(n - 1, -1, -1):
        kind = game.node_kind[x]
        if kind == TERMINAL:
            val[x] = game.terminal_payoff(x)
        elif kind == DECISION:
            val[x] = val[game.child(x, plan[x])]
        else:
            kids = game.children(x)
            probs = game.chance_probabilities(x)
            val[x] = tuple(sum(p * val[c][j] for p, c in zip(probs, kids)) for j in range(game.num_players))
    return val


def is_spe(game: ExtensiveGame, plan: dict[int, int], tol: Any = 0) -> bool:
    """No player gains by changing the action at any single decision node (reached or not)."""
    val = values_under(game, plan)
    for x in np.flatnonzero(game.node_kind == DECISION).tolist():
        i = int(game.node_player[x])
        best = max(val[c][i] for c in game.children(x))
        if best - val[x][i] > tol:
            return False
    return True


def brute_force_spe(game: ExtensiveGame, tol: Any = 0) -> set[tuple[int, ...]]:
    dec = np.flatnonzero(game.node_kind == DECISION).tolist()
    out = set()
    for combo in itertools.product(*(range(len(game.node_actions(d))) for d in dec)):
        if is_spe(game, dict(zip(dec, combo)), tol):
            out.add(combo)
    return out


def random_pi_game(
    n: int, seed: int, *, players: int = 2, ints: int | None = None, chance_share: float = 0.0,
    branch3: float = 0.4, grow: float = 0.75,
) -> ExtensiveGame:
    """A random perfect-information tree with about ``n`` nodes, grown breadth first."""
    rng = np.random.default_rng(seed)
    nch = [0]
    level = [0]
    count = 1
    depth = 0
    while level and count < n:
        nxt = []
        for v in level:
            if count >= n:
                break
            if depth < 3 or rng.random() < grow:
                b = 3 if rng.random() < branch3 else 2
                nch[v] = b
                for _ in range(b):
                    nch.append(0)
                    nxt.append(len(nch) - 1)
                count += b
        level = nxt
        depth += 1
    children: list[list[int]] = [[] for _ in nch]
    order, k, qi = [0], 1, 0
    while qi < len(order):
        v = order[qi]
        qi += 1
        for _ in range(nch[v]):
            children[v].append(k)
            order.append(k)
            k += 1
    rec = TreeRecords(players=tuple(f"P{i + 1}" for i in range(players)))
    stack = [0]
    while stack:
        v = stack.pop()
        b = nch[v]
        if b:
            if chance_share and rng.random() < chance_share:
                w = rng.integers(0, 4, b)
                if w.sum() == 0:
                    w[0] = 1
                rec.add(CHANCE, actions=tuple(f"c{j}" for j in range(b)),
                        probs=tuple(Fraction(int(x), int(w.sum())) for x in w))
            else:
                rec.add(DECISION, player=int(rng.integers(players)), actions=tuple(f"a{j}" for j in range(b)))
            stack.extend(reversed(children[v]))
        else:
            if ints:
                pay: tuple[Any, ...] = tuple(int(x) for x in rng.integers(0, ints, players))
            else:
                pay = tuple(float(x) for x in rng.random(players))
            rec.add(TERMINAL, outcome=rec.add_outcome(pay))
    return ExtensiveGame.from_records(rec)


def centipede_records(rounds: int, exact: bool = True) -> ExtensiveGame:
    """Rosenthal's centipede straight from preorder records (fast for 10^5 rounds)."""
    rec = TreeRecords(players=("Alice", "Bob"))
    for k in range(rounds):
        rec.add(DECISION, player=k % 2, actions=("take", "pass"))
        rec.add(TERMINAL, outcome=rec.add_outcome((k + 2, k) if k % 2 == 0 else (k, k + 2)))
    rec.add(TERMINAL, outcome=rec.add_outcome((rounds, rounds)))
    return ExtensiveGame.from_records(rec, title=f"centipede {rounds}", exact=exact)


def assert_verified(result: Any) -> None:
    for eq in result:
        if result.exact:
            assert eq.max_regret == 0 and eq.subgame_regret == 0
        else:
            tol = result.game.tolerance()
            assert eq.max_regret <= tol and eq.subgame_regret <= tol


def pure_sets(result: Any) -> set[tuple[int, ...]]:
    return {plan_of(result.game, eq) for eq in result}


# ----------------------------------------------------------------------------- textbook cases
def entry() -> ExtensiveGame:
    return examples.entry_deterrence()


def tie_harmless() -> ExtensiveGame:
    # the follower is indifferent between two moves with identical payoff vectors, twice
    return ExtensiveGame.from_tree(decision("A", {
        "l": decision("B", {"x": (2, 1), "y": (2, 1)}),
        "r": decision("B", {"x": (0, 3), "y": (0, 3), "z": (1, 0)}),
    }))


def tie_harmful() -> ExtensiveGame:
    # the follower's tie changes the leader's payoff: (l, x) and (r, y) are both SPE
    return ExtensiveGame.from_tree(decision("A", {
        "l": decision("B", {"x": (2, 1), "y": (0, 1)}),
        "r": (1, 0),
    }))


def tie_through_chance() -> ExtensiveGame:
    return ExtensiveGame.from_tree(decision("A", {
        "l": decision("B", {"x": (2, 1), "y": (0, 1)}),
        "r": chance({"h": ("1/2", (4, 0)), "t": ("1/2", (0, 0))}),
    }))


def chance_first() -> ExtensiveGame:
    # nature picks the leader's cost; the leader then enters or not, the follower fights or not
    def stage(cost: int) -> Any:
        return decision("Leader", {
            "enter": decision("Follower", {"fight": (-cost, -1), "yield": (3 - cost, 1)}),
            "out": (0, 2),
        })
    return ExtensiveGame.from_tree(chance({"low": ("2/3", stage(1)), "high": ("1/3", stage(4))}))


def three_players() -> ExtensiveGame:
    return ExtensiveGame.from_tree(decision("1", {
        "a": decision("2", {"c": decision("3", {"e": (1, 2, 3), "f": (3, 1, 0)}), "d": (0, 0, 1)}),
        "b": (2, 1, 1),
    }))


CASES = [
    # Selten (1978), chain-store stage game: enter and accommodate; (out, fight) is Nash
    # but rests on an incredible threat.
    pytest.param(entry, {("Entrant:1", "enter"), ("Incumbent:1", "accommodate")}, 1, (1, 1), id="entry-deterrence-selten1978"),
    # Rosenthal (1981): take at the first node.
    pytest.param(lambda: examples.centipede(6), {("round 1", "take")}, 1, (2, 0), id="centipede-rosenthal1981-6"),
    pytest.param(tie_harmless, {("A:1", "l")}, 4, (2, 1), id="harmless-ties-product"),
    pytest.param(tie_harmful, set(), 2, None, id="harmful-tie-two-spe"),
    pytest.param(tie_through_chance, set(), 3, None, id="tie-with-chance-three-spe"),
    pytest.param(chance_first, set(), 1, (Fraction(4, 3), Fraction(4, 3)), id="chance-root"),
    pytest.param(three_players, {("1:1", "b"), ("2:1", "c"), ("3:1", "e")}, 1, (2, 1, 1), id="three-players"),
]


@pytest.mark.parametrize("build, must, count, payoffs", CASES)
def test_textbook_cases(build: Any, must: set[tuple[str, str]], count: int, payoffs: Any) -> None:
    game = build()
    res = backward_induction(game)
    assert res.method == "backward_induction" and res.complete
    assert len(res) == count
    assert_verified(res)
    for eq in res:
        assert eq.is_pure()
        assert {(h, a) for h, a in eq.actions().items() if (h, a) in must} == must
    if payoffs is not None:
        assert {tuple(e.payoffs) for e in res} == {tuple(Fraction(x) for x in payoffs)}
    assert pure_sets(res) == brute_force_spe(game)


def test_entry_threat_is_nash_but_not_subgame_perfect() -> None:
    game = entry()
    threat = {"Entrant:1": "stay out", "Incumbent:1": "fight"}
    assert game.max_regret(game.behavior_profile(threat)) == 0
    plan = [-1] * game.num_nodes
    plan[0] = game.node_actions(0).index("stay out")
    inc = game.child(0, "enter")
    plan[inc] = game.node_actions(inc).index("fight")
    assert one_shot_regret(game, plan) == 2  # the incumbent gains 1 - (-1) by accommodating


def test_tie_diagnostics_and_payoffs() -> None:
    res = backward_induction(tie_harmful())
    text = " ".join(res.diagnostics)
    assert "2 subgame-perfect equilibria" in text and "different payoffs" in text
    assert {e.payoffs for e in res} == {(2, 1), (1, 0)}


def test_float_ties_within_tolerance() -> None:
    game = ExtensiveGame.from_tree(decision("A", {
        "l": decision("B", {"x": (0.1 + 0.2, 1.0), "y": (0.3, 1.0)}),
        "r": (0.2, 0.0),
    }))
    res = backward_induction(game)
    assert not res.exact and len(res) == 2  # 0.1 + 0.2 and 0.3 tie within the tolerance
    assert_verified(res)


def test_values_at_every_node() -> None:
    game = chance_first()
    vals = backward_induction_values(game)
    assert tuple(vals[0]) == (Fraction(4, 3), Fraction(4, 3))
    assert vals.shape == (game.num_nodes, 2)


def test_max_equilibria_truncates() -> None:
    # a chain of ten nodes of A, each with a side branch where B is indifferent between two
    # moves with the same payoffs: 2^10 SPE
    node: Any = (0, 0)
    for _ in range(10):
        node = decision("A", {"go": node, "stop": decision("B", {"x": (-1, -1), "y": (-1, -1)})})
    game = ExtensiveGame.from_tree(node, players=["A", "B"])
    full = backward_induction(game, max_equilibria=None)
    assert len(full) == 2**10 and full.complete
    part = backward_induction(game, max_equilibria=100)
    assert len(part) == 100 and not part.complete
    assert any("1,024" in d for d in part.diagnostics)
    assert len(pure_sets(part)) == 100


def test_errors() -> None:
    with pytest.raises(GameError, match="perfect information"):
        backward_induction(examples.selten_horse())
    with pytest.raises(GameError, match="positive integer"):
        backward_induction(entry(), max_equilibria=0)
    v = Parameter("v", lower=0)
    sym = ExtensiveGame.from_tree(decision("A", {"a": ("v", 0), "b": (1, 1)}), players=["A", "B"], parameters=[v])
    with pytest.raises(GameError, match="symbolic_backward_induction"):
        backward_induction(sym)
    with pytest.raises(GameError, match="ExtensiveGame"):
        backward_induction(gt.NormalFormGame.from_bimatrix([[1]], [[1]]))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(3, 22), ints=st.sampled_from([2, 3, 5]),
       players=st.integers(1, 3), chance_share=st.sampled_from([0.0, 0.3]))
def test_all_spe_against_brute_force(seed: int, n: int, ints: int, players: int, chance_share: float) -> None:
    """Small integer payoffs: ties everywhere; the enumeration must be exactly the SPE set."""
    game = random_pi_game(n, seed, players=players, ints=ints, chance_share=chance_share, grow=0.6)
    if int(np.count_nonzero(game.node_kind == DECISION)) > 9:
        return
    res = backward_induction(game, max_equilibria=None)
    assert res.complete
    assert_verified(res)
    assert pure_sets(res) == brute_force_spe(game)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), n=st.integers(3, 200), exact=st.booleans(), players=st.integers(1, 4),
       chance_share=st.sampled_from([0.0, 0.2]))
def test_random_trees_every_profile_verified(seed: int, n: int, exact: bool, players: int, chance_share: float) -> None:
    game = random_pi_game(n, seed, players=players, ints=4 if exact else None, chance_share=chance_share)
    res = backward_induction(game, max_equilibria=20)
    assert len(res) >= 1
    assert_verified(res)
    tol: Any = 0 if exact else game.tolerance()
    for eq in res:
        dec = np.flatnonzero(game.node_kind == DECISION).tolist()
        assert is_spe(game, dict(zip(dec, plan_of(game, eq))), tol)
        assert eq.agent_regret is not None and eq.agent_regret <= tol


@pytest.mark.parametrize("ints", [None, 3], ids=["float", "exact-ties"])
@pytest.mark.parametrize("chance_share", [0.0, 0.25], ids=["decisions", "with-chance"])
def test_vector_and_scalar_kernels_agree(ints: int | None, chance_share: float) -> None:
    game = random_pi_game(6000, 7, players=3, ints=ints, chance_share=chance_share)
    ctx = _context(game, None)
    assert ctx.vectorised
    a = _induct(ctx)
    ctx.vectorised = False
    b = _induct(ctx)
    for field in ("act", "ntie", "opt", "harmful"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    va = a.table[a.ref]
    vb = b.table[b.ref]
    if game.is_exact:
        assert (va == vb).all()
    else:
        assert np.allclose(va.astype(float), vb.astype(float))


def test_deep_centipede_without_recursion() -> None:
    """Depth 10^5 (a recursive solver would overflow the stack)."""
    game = centipede_records(100_000, exact=False)
    start = time.perf_counter()
    res = backward_induction(game)
    elapsed = time.perf_counter() - start
    assert len(res) == 1 and res.complete
    eq = res[0]
    assert eq.payoffs == (2.0, 0.0)
    assert set(eq.actions().values()) == {"take"}
    assert eq.subgame_regret == 0 and eq.max_regret == 0
    assert elapsed < 30


def test_deep_centipede_exact_values() -> None:
    game = centipede_records(20_000, exact=True)
    vals = backward_induction_values(game)
    assert tuple(vals[0]) == (2, 0)
    assert tuple(vals[2 * 19_999]) == (19_999, 20_001)  # Bob takes in the last round


def test_wide_random_tree() -> None:
    game = random_pi_game(200_000, 3)
    res = backward_induction(game)
    assert len(res) == 1 and res.complete
    assert_verified(res)


# ----------------------------------------------------------------------------- symbolic
def deterrence_tree() -> ExtensiveGame:
    """Challenger/defender deterrence with an uncertain ally (parameters v, c, d, p)."""
    v = Parameter("v", "value of the stake", default=3, lower=0, lower_open=True)
    c = Parameter("c", "challenger's cost of a fight", default=2, lower=0, lower_open=True)
    d = Parameter("d", "defender's cost of a fight", default=1, lower=0, lower_open=True)
    p = Parameter("p", "probability the ally joins", default="1/2", lower=0, upper=1)
    root = decision("Challenger", {
        "challenge": decision("Defender", {
            "resist": chance({"ally joins": ("p", ("-c", "-d")), "ally stays out": ("1 - p", ("v - c", "-d - v"))}),
            "concede": ("v", "-v"),
        }),
        "status quo": (0, 0),
    })
    return ExtensiveGame.from_tree(root, parameters=[v, c, d, p], title="deterrence")


def linear_tree() -> ExtensiveGame:
    a = Parameter("a", lower=-5, upper=5, default=1)
    b = Parameter("b", lower=-5, upper=5, default=0)
    root = decision("1", {
        "L": decision("2", {"l": ("a", "b"), "r": ("b", "a")}),
        "R": decision("2", {"l": (1, "a - b"), "r": ("b - 1", 0)}),
    })
    return ExtensiveGame.from_tree(root, parameters=[a, b])


def test_symbolic_deterrence_regimes() -> None:
    game = deterrence_tree()
    an = symbolic_backward_induction(game)
    assert an.complete and len(an.regimes) == 3
    plans = {tuple(r.outcome) for r in an.regimes}
    assert plans == {("challenge", "concede"), ("status quo",), ("challenge", "resist")}
    deterred = next(r for r in an.regimes if r.outcome == ("status quo",))
    assert tuple(map(str, deterred.payoffs)) == ("0", "0")
    # the defender resists iff p*v >= d; then the challenger stays out iff c > v*(1 - p)
    words = {t.words for t in an.thresholds("p")}
    assert words == {"p >= d/v", "p <= (-c + v)/v"}
    at = an.spe_at(v=3, c=2, d=1, p="1/2")
    assert at.actions() == {"Challenger:1": "status quo", "Defender:1": "resist"}
    assert at.max_regret == 0 and at.subgame_regret == 0
    assert an.regime_at(p="1/10").outcome == ("challenge", "concede")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(v=st.fractions(Fraction(1, 10), 10), c=st.fractions(Fraction(1, 10), 10),
       d=st.fractions(Fraction(1, 10), 10), p=st.fractions(0, 1))
def test_symbolic_regimes_match_numeric(v: Fraction, c: Fraction, d: Fraction, p: Fraction) -> None:
    game = deterrence_tree()
    an = deterrence_analysis()
    vals = {"v": v, "c": c, "d": d, "p": p}
    holding = [r for r in an.regimes if r.holds_at(vals, game)]
    assert len(holding) == 1  # the regimes partition the parameter space
    numeric = backward_induction(game.substitute(vals), max_equilibria=None)
    assert holding[0].plan in [eq.actions() for eq in numeric]
    first = numeric[0].actions()
    if len(numeric) == 1:
        assert holding[0].plan == first


@functools.cache
def deterrence_analysis() -> Any:
    return symbolic_backward_induction(deterrence_tree())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.fractions(-5, 5, max_denominator=7), b=st.fractions(-5, 5, max_denominator=7))
def test_symbolic_linear_regimes_match_numeric(a: Fraction, b: Fraction) -> None:
    game = linear_tree()
    an = linear_analysis()
    holding = [r for r in an.regimes if r.holds_at({"a": a, "b": b}, game)]
    assert len(holding) == 1
    numeric = backward_induction(game.substitute(a=a, b=b), max_equilibria=None)
    assert holding[0].plan in [eq.actions() for eq in numeric]
    subs = {q.symbol: sympy_rational(x) for q, x in zip(game.parameters, (a, b))}
    pay = tuple(Fraction(str(e.xreplace(subs))) for e in holding[0].payoffs)
    assert pay in {eq.payoffs for eq in numeric}


@functools.cache
def linear_analysis() -> Any:
    return symbolic_backward_induction(linear_tree())


def sympy_rational(x: Fraction) -> Any:
    import sympy

    return sympy.Rational(x.numerator, x.denominator)


def test_symbolic_linear_pieces_have_witnesses() -> None:
    an = linear_analysis()
    assert an.complete
    for r in an.regimes:
        assert r.witness is not None and r.holds_at(r.witness, an.game)
    assert any("linear feasibility" in n for n in an.diagnostics)
    assert an.notes == an.diagnostics  # the old name, kept for one release


def test_symbolic_spe_analysis_is_a_result_and_writes_json() -> None:
    import json

    import sympy

    from gametheory._kernel.results import Result, dumps

    an = linear_analysis()
    assert isinstance(an, Result) and an.method == "symbolic_backward_induction"
    assert an.arithmetic == "symbolic" and not an.exact and an.elapsed >= 0
    assert an.parameters == {"max_regimes": 10_000, "samples": 64, "seed": 0}
    doc = json.loads(dumps(an))
    assert doc["method"] == "symbolic_backward_induction" and doc["complete"] is True
    assert doc["diagnostics"] == list(an.diagnostics) and "notes" not in doc and "exact" not in doc
    assert doc["game"]["players"] == list(an.game.players)
    assert [p["name"] for p in doc["game"]["parameters"]] == [p.name for p in an.game.parameters]
    assert len(doc["regimes"]) == len(an.regimes)
    r = an.regimes[0]
    one = r.to_json()
    assert one["plan"] == r.plan and one["outcome"] == list(r.outcome)
    assert one["condition"] == sympy.sstr(r.condition) and one["payoffs"] == [sympy.sstr(u) for u in r.payoffs]
    assert r.witness is not None and one["witness"] == {k: str(v) for k, v in r.witness.items()}
    assert doc["regimes"][0] == one


def escalation_tree() -> ExtensiveGame:
    """Five alternating escalate/back-down moves after nature picks a hawkish or dovish
    challenger (linear payoffs in four parameters, a probability q)."""
    params = [Parameter(n, lower=0, upper=10, default=d) for n, d in [("a", 1), ("b", 2), ("c", 3), ("d", 4)]]
    q = Parameter("q", lower=0, upper=1, default="1/2")
    node: Any = ("a - d", "b - c")
    for k in range(5):
        mover = "R" if k % 2 == 0 else "E"
        back = (f"{k} - a", f"b + {k}") if mover == "R" else (f"c - {k}", f"{k} - d")
        node = decision(mover, {"escalate": node, "back down": back})
    root = chance({"hawk": ("q", node), "dove": ("1 - q", decision("R", {"x": ("a", "b"), "y": ("c", "d")}))})
    return ExtensiveGame.from_tree(root, parameters=[*params, q])


@functools.cache
def escalation_analysis() -> Any:
    return symbolic_backward_induction(escalation_tree())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vals=st.tuples(*[st.fractions(0, 10, max_denominator=5)] * 4), q=st.fractions(0, 1, max_denominator=9))
def test_symbolic_escalation_matches_numeric(vals: tuple[Fraction, ...], q: Fraction) -> None:
    an = escalation_analysis()
    point = dict(zip("abcd", vals), q=q)
    holding = [r for r in an.regimes if r.holds_at(point, an.game)]
    assert len(holding) == 1
    numeric = backward_induction(an.game.substitute(point), max_equilibria=None)
    assert holding[0].plan in [eq.actions() for eq in numeric]


def test_symbolic_redundant_conditions_dropped() -> None:
    """Two conditions on the same linear form (``2a - d >= 4`` and ``2a - d >= 0``) never
    stay together: the weaker one is implied."""
    import sympy

    an = escalation_analysis()
    assert an.complete and len(an.regimes) >= 10
    for r in an.regimes:
        for piece in r.pieces:
            atoms = list(piece.args) if isinstance(piece, sympy.And) else [piece]
            forms = [sympy.expand(a.lhs - a.rhs) for a in atoms]
            linear_parts = [f - f.as_coeff_Add()[0] for f in forms]
            assert len(set(linear_parts)) == len(linear_parts), piece


def test_symbolic_numeric_game_has_one_regime() -> None:
    an = symbolic_backward_induction(entry())
    assert len(an.regimes) == 1 and an.regimes[0].outcome == ("enter", "accommodate")


def test_symbolic_requires_perfect_information() -> None:
    with pytest.raises(GameError, match="perfect information"):
        symbolic_backward_induction(examples.selten_horse())


# ----------------------------------------------------------------------------- Gambit corpus
PI_FILES = [
    "catalog/books/shohamleytonbrown2008/fig5_1.efg",
    "catalog/books/shohamleytonbrown2008/fig5_2.efg",
    "catalog/books/shohamleytonbrown2008/fig5_9.efg",
    "catalog/journals/ijgt/selten1975/fig2.efg",
    "contrib/games/badgame1.efg",
    "contrib/games/cent4.efg",
    "contrib/games/cent6.efg",
    "contrib/games/centcs10.efg",
    "contrib/games/centcs6.efg",
    "contrib/games/sww1.efg",
    "tests/test_games/2_player_PI_2_dev_off_eq_path_const_sum.efg",
    "tests/test_games/3_player_PI_2_dev_off_eq_path.efg",
    "tests/test_games/3_player_PI_2_dev_off_eq_path_strict_dom_for_p1.efg",
    "tests/test_games/3_player_perfect_info_1_move_each.efg",
    "tests/test_games/chance_root_3_moves_only_one_nonzero_prob.efg",
    "tests/test_games/chance_root_5_moves_no_nonterm_player_nodes.efg",
    "tests/test_games/nature_leaves_generic.efg",
    "tests/test_games/nature_leaves_nongeneric.efg",
    "tests/test_games/perfect_info_with_chance.efg",
    "tests/test_games/perfect_recall.efg",
    "tests/test_games/reduction_one_player_generic_payoffs.efg",
    "tests/test_games/sample_extensive_game.efg",
    "tests/test_games/two_player_perfect_info_win_lose.efg",
    "tests/test_games/two_player_perfect_info_win_lose_with_nonterm_outcomes.efg",
]


def _gambit_pure_plan(g: Any, eq: Any) -> tuple[int, ...]:
    out = []
    for node in g.nodes:
        if node.is_terminal or node.player.is_chance:
            continue
        probs = [eq[a] for a in node.infoset.actions]
        out.append(max(range(len(probs)), key=lambda k: probs[k]))
    return tuple(out)


def _gambit_is_spe(g: Any, eq: Any) -> bool:
    """Pygambit's own continuation values: no one-shot gain at any decision node (children
    compared with each other, as payoffs attached at the node itself are common to all)."""
    for node in g.nodes:
        if node.is_terminal or node.player.is_chance:
            continue
        vals = [eq.node_value(node.player, child) for child in node.children]
        probs = [eq[a] for a in node.infoset.actions]
        chosen = max(range(len(probs)), key=lambda k: probs[k])
        if max(vals) > vals[chosen]:
            return False
    return True


@pytest.mark.parametrize("rel", PI_FILES)
def test_corpus_against_pygambit(rel: str, gambit_games_dir: Path) -> None:
    gbt = pytest.importorskip("pygambit")
    path = gambit_games_dir / rel
    game = gt.read_game(str(path))
    assert game.is_perfect_information()
    res = backward_induction(game, max_equilibria=None)
    assert res.complete
    assert_verified(res)
    g = gbt.read_efg(str(path))
    ours = pure_sets(res)
    # every SPE is a Nash equilibrium by pygambit's regret
    for plan in ours:
        prof = g.mixed_behavior_profile(rational=True)
        dec = [n for n in g.nodes if not n.is_terminal and not n.player.is_chance]
        for node, a in zip(dec, plan):
            for k, act in enumerate(node.infoset.actions):
                prof[act] = 1 if k == a else 0
        assert prof.max_regret() == 0
    # pygambit's pure agent equilibria that are subgame perfect (by pygambit's own node
    # values) are exactly ours
    agent = gbt.nash.enumpure_agent_solve(g).equilibria
    theirs = {_gambit_pure_plan(g, eq) for eq in agent if _gambit_is_spe(g, eq)}
    assert theirs == ours


@pytest.mark.parametrize("rel", ["contrib/games/e10.efg", "contrib/games/e10a.efg", "contrib/games/nim.efg"])
def test_corpus_unreadable_by_pygambit_against_brute_force(rel: str, gambit_games_dir: Path) -> None:
    """Files pygambit 16 rejects (repeated node labels): all pure SPE by brute force."""
    game = gt.read_game(str(gambit_games_dir / rel))
    res = backward_induction(game, max_equilibria=None)
    assert res.complete
    assert_verified(res)
    assert pure_sets(res) == brute_force_spe(game)


def test_corpus_nim7(gambit_games_dir: Path) -> None:
    game = gt.read_game(str(gambit_games_dir / "contrib/games/nim7.efg"))
    res = backward_induction(game, max_equilibria=None)
    assert res.complete and len(res) == 64
    assert_verified(res)
    assert {e.payoffs for e in res} == {res[0].payoffs}  # the first player wins


def test_corpus_tic_tac_toe_is_truncated_and_verified(gambit_games_dir: Path) -> None:
    game = gt.read_game(str(gambit_games_dir / "contrib/games/ttt.efg"))
    res = backward_induction(game, max_equilibria=50)
    assert len(res) == 50 and not res.complete
    assert_verified(res)
    assert {e.payoffs for e in res} == {res[0].payoffs}  # tic-tac-toe is a draw
