"""The extensive-form representation: builders, flat arrays, validation, properties of trees,
symbolic trees and the JSON tree document."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

import gametheory as gt
from gametheory import ExtensiveGame, GameError, GameFormatError, TreeBuilder
from gametheory.continuous import ContinuousGame
from gametheory.extensive import examples
from gametheory.extensive.game import CHANCE, DECISION, TERMINAL, TreeRecords
from gametheory.extensive.tree import chance, decision, terminal
from gametheory.symbolic import Parameter, SymbolicGame


def entry_nested() -> ExtensiveGame:
    return ExtensiveGame.from_tree(
        decision("Entrant", {
            "enter": decision("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
            "stay out": (0, 2),
        }),
        title="Entry deterrence",
    )


# --------------------------------------------------------------------------- construction
def test_builder_and_nested_constructors_agree() -> None:
    g = examples.entry_deterrence()
    assert g == entry_nested()
    assert hash(g) == hash(entry_nested())
    assert g.players == ("Entrant", "Incumbent")
    assert g.title == "Entry deterrence"
    assert repr(g) == "<ExtensiveGame 'Entry deterrence' 5 nodes, 2 infosets, players ['Entrant', 'Incumbent'], exact>"


def test_flat_arrays_of_entry_deterrence() -> None:
    g = examples.entry_deterrence()
    # preorder: 0 Entrant, 1 Incumbent (after enter), 2 fight, 3 accommodate, 4 stay out
    assert g.node_kind.tolist() == [DECISION, DECISION, TERMINAL, TERMINAL, TERMINAL]
    assert g.node_player.tolist() == [0, 1, -1, -1, -1]
    assert g.node_infoset.tolist() == [0, 1, -1, -1, -1]
    assert g.node_parent.tolist() == [-1, 0, 1, 1, 0]
    assert g.node_action.tolist() == [-1, 0, 0, 1, 1]
    assert g.node_depth.tolist() == [0, 1, 2, 2, 1]
    assert g.subtree_end.tolist() == [5, 4, 3, 4, 5]
    assert [g.children(k) for k in range(5)] == [(1, 4), (2, 3), (), (), ()]
    assert g.child_ptr.tolist() == [0, 2, 4, 4, 4, 4]
    assert g.terminal_nodes.tolist() == [2, 3, 4]
    assert g.terminal_payoffs.tolist() == [[-1, -1], [1, 1], [0, 2]]
    assert g.node_terminal_index.tolist() == [-1, -1, 0, 1, 2]
    assert g.infoset_names == ("Entrant:1", "Incumbent:1")
    assert g.infoset_actions == (("enter", "stay out"), ("fight", "accommodate"))
    assert g.infoset_members == ((0,), (1,))
    assert g.player_infosets == ((0,), (1,))
    assert g.action_offset.tolist() == [0, 2, 4]
    # sequences: Entrant: 0 empty, 1 enter, 2 stay out; Incumbent: 0 empty, 1 fight, 2 accommodate
    assert g.num_sequences == (3, 3)
    assert g.node_sequences.tolist() == [[0, 0], [1, 0], [1, 1], [1, 2], [2, 0]]
    assert g.infoset_parent_sequence.tolist() == [0, 0]
    assert g.sequence_label("Incumbent", 2) == "Incumbent:1:accommodate"
    assert g.node_path(3) == ("enter", "accommodate")
    assert g.describe_node(0) == "node 0 (root)"
    assert g.child(0, "stay out") == 4 and g.child(1, 1) == 3
    assert g.chance_prob.tolist() == [1] * 5
    for arr in (g.node_kind, g.node_parent, g.terminal_payoffs, g.node_sequences):
        assert not arr.flags.writeable


def test_game_is_immutable_and_not_constructed_directly() -> None:
    with pytest.raises(TypeError, match="from_tree"):
        ExtensiveGame()
    g = examples.entry_deterrence()
    with pytest.raises(ValueError):
        g.node_kind[0] = 2


def test_outcomes_at_non_terminal_nodes_add_up() -> None:
    g = ExtensiveGame.from_tree(
        decision("A", {"x": decision("B", {"l": (1, 1), "r": (0, 0)}, payoffs=(10, -10)), "y": (0, 0)}, payoffs=(1, 2))
    )
    assert g.node_payoffs(0) == (1, 2)
    assert g.node_payoffs(1) == (10, -10)
    assert g.node_payoffs(2) == (1, 1)
    assert [tuple(r) for r in g.terminal_payoffs.tolist()] == [(12, -7), (11, -8), (1, 2)]


def test_payoffs_by_player_name_and_tuple_shorthands() -> None:
    g = ExtensiveGame.from_tree(
        decision("A", {"x": {"B": 1, "A": 2}, "y": terminal(3, 4), "z": terminal([5, 6], label="end")}),
        players=["A", "B"],
    )
    assert [tuple(r) for r in g.terminal_payoffs.tolist()] == [(2, 1), (3, 4), (5, 6)]
    assert g.node_labels[3] == "end"


def test_players_listed_explicitly_and_by_index() -> None:
    g = ExtensiveGame.from_tree(decision(1, {"a": (0, 1, 2), "b": (0, 0, 0)}), players=["P", "Q", "Silent"])
    assert g.node_player.tolist()[0] == 1
    assert g.player_infosets == ((), (0,), ())


def test_shared_subtree_objects_are_copied() -> None:
    sub = decision("B", {"l": (1, 0), "r": (0, 1)}, infoset="b")
    g = ExtensiveGame.from_tree(decision("A", {"x": sub, "y": sub}))
    assert g.num_nodes == 7
    assert g.infoset_members == ((0,), (1, 4))


def test_tree_builder_fills_branches_depth_first() -> None:
    b = TreeBuilder(players=["A", "B"])
    b.decision("A", {"x": ..., "y": ...})
    assert b.open_branches == 2
    b.decision("B", {"l": ..., "r": (0, 0)}).terminal(1, 1)
    assert b.open_branches == 1
    b.subtree(decision("B", {"l": (2, 2), "r": ...})).terminal(3, 3)
    g = b.build()
    assert [g.node_path(int(t)) for t in g.terminal_nodes] == [
        ("x", "l"), ("x", "r"), ("y", "l"), ("y", "r")
    ]
    assert [tuple(r) for r in g.terminal_payoffs.tolist()] == [(1, 1), (0, 0), (2, 2), (3, 3)]


def test_one_card_poker_matches_the_gambit_catalog_file(gambit_games_dir) -> None:  # type: ignore[no-untyped-def]
    assert examples.one_card_poker() == gt.read_game(gambit_games_dir / "catalog/books/myerson1991/fig2_1.efg")
    assert examples.selten_horse() == gt.read_game(gambit_games_dir / "catalog/journals/ijgt/selten1975/fig1.efg")


BAD_TREES = [
    pytest.param(
        lambda: ExtensiveGame.from_tree(decision("A", {
            "x": decision("B", {"l": (0, 0), "r": (0, 0)}, infoset="h"),
            "y": decision("B", {"l": (0, 0), "m": (0, 0)}, infoset="h"),
        })),
        "instead of ['l', 'r'] (at y)", id="infoset-actions-disagree",
    ),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("C", {"a": (0,)}), players=["A"]), "unknown player 'C'", id="unknown-player"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision(0, {"a": (0,)})), "needs players=", id="index-without-players"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision(3, {"a": (0,)}), players=["A"]), "out of range", id="index-out-of-range"),
    pytest.param(
        lambda: ExtensiveGame.from_tree(decision("A", {"a": (0, 1, 2), "b": (0, 1)}), players=["A", "B"]),
        "3 payoffs given, expected one per player (2", id="payoff-count",
    ),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": {"A": 1}, "b": (0, 1)}), players=["A", "B"]),
                 "no payoff for player 'B'", id="payoff-mapping-missing"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": {"Z": 1}, "b": (0,)})), "unknown player 'Z'", id="payoff-mapping-unknown"),
    pytest.param(lambda: ExtensiveGame.from_tree(chance({"h": ("1/2", (1,)), "t": ("1/3", (0,))}), players=["A"]),
                 "sum to 5/6, not 1", id="chance-sum"),
    pytest.param(lambda: ExtensiveGame.from_tree(chance({"h": (-0.5, (1,)), "t": (1.5, (0,))}), players=["A"]),
                 "negative", id="chance-negative"),
    pytest.param(lambda: decision("A", [("a", (0,)), ("a", (1,))]), "action 'a' appears twice", id="duplicate-action"),
    pytest.param(lambda: decision("A", {}), "at least one action", id="no-actions"),
    pytest.param(lambda: decision("A", {"a": "x"}), "must be a node", id="bad-subtree"),
    pytest.param(lambda: decision("A", {"a": (0,)}, infoset=[1]), "hashable", id="unhashable-infoset"),
    pytest.param(lambda: chance({"h": (1, (0,), 3)}), "(probability, subtree) pair", id="bad-chance-move"),
    pytest.param(lambda: terminal(), "payoffs are empty", id="empty-terminal"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": (None,), "b": (0,)})), "None is not a number", id="none-payoff"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": ..., "b": (0,)})), "'a' is open", id="open-branch"),
    pytest.param(lambda: TreeBuilder().decision("A", {"a": ..., "b": ...}).terminal(1).build(), "1 branch(es) still open", id="builder-open"),
    pytest.param(lambda: TreeBuilder().terminal(1).terminal(2), "the tree is complete", id="builder-complete"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": ("v",), "b": (0,)})), "unknown name 'v'", id="formula-without-parameters"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": ("1/0",), "b": (0,)})), "division by zero", id="division-by-zero"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": (float("nan"),), "b": (0,)})), "not finite", id="nan"),
    pytest.param(lambda: ExtensiveGame.from_tree(decision("A", {"a": (True,), "b": (0,)})), "boolean", id="boolean"),
    pytest.param(lambda: ExtensiveGame.from_tree((1, 2), players=["A", "A"]), "distinct", id="duplicate-players"),
]


@pytest.mark.parametrize("build, needle", BAD_TREES)
def test_invalid_trees_are_rejected(build, needle: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GameError) as info:
        build()
    assert needle in str(info.value)


def test_records_validation_names_nodes() -> None:
    rec = TreeRecords(players=("A",))
    rec.add(DECISION, player=0, actions=("a", "b"))
    rec.add(TERMINAL)
    with pytest.raises(GameError, match="only 1 child"):
        ExtensiveGame.from_records(rec)
    rec.add(TERMINAL)
    rec.add(TERMINAL)
    with pytest.raises(GameError, match="not part of the tree"):
        ExtensiveGame.from_records(rec)


# --------------------------------------------------------------------------- arithmetic
def test_exact_and_float_games() -> None:
    g = entry_nested()
    assert g.is_exact and g.arithmetic == "exact"
    f = g.to_float()
    assert f.arithmetic == "float" and f.terminal_payoffs.dtype == np.float64
    assert f.to_exact() == g
    assert f != g
    h = ExtensiveGame.from_tree(decision("A", {"a": (0.5,), "b": (1,)}))
    assert h.arithmetic == "float"
    assert ExtensiveGame.from_tree(decision("A", {"a": (0.1,), "b": (1,)}), exact=True).terminal_payoffs[0, 0] == Fraction(1, 10)
    assert ExtensiveGame.from_tree(decision("A", {"a": ("1/3",), "b": (1,)}), exact=False).terminal_payoffs[0, 0] == pytest.approx(1 / 3)
    c = ExtensiveGame.from_tree(chance({"a": (0.25, (1,)), "b": (0.75, (0,))}), players=["A"])
    assert c.chance_probabilities(0) == (0.25, 0.75)
    assert c.chance_reach.tolist() == [1.0, 0.25, 0.75]


# --------------------------------------------------------------------------- properties
def test_perfect_information_and_recall() -> None:
    g = examples.entry_deterrence()
    assert g.is_perfect_information() and g.has_perfect_recall()
    p = examples.one_card_poker()
    assert not p.is_perfect_information() and p.has_perfect_recall()
    assert p.perfect_recall_violation() is None


def absent_minded_driver() -> ExtensiveGame:
    return ExtensiveGame.from_tree(
        decision("Driver", {
            "exit": (0,),
            "continue": decision("Driver", {"exit": (4,), "continue": (1,)}, infoset="X"),
        }, infoset="X"),
    )


def forgetful() -> ExtensiveGame:
    """Player A forgets their own first move (no chance, two own infosets)."""
    return ExtensiveGame.from_tree(
        decision("A", {
            "L": decision("A", {"l": (1,), "r": (0,)}, infoset="later"),
            "R": decision("A", {"l": (0,), "r": (1,)}, infoset="later"),
        }),
    )


@pytest.mark.parametrize(
    "make, needle",
    [
        pytest.param(absent_minded_driver, "node 0 follows no earlier move of 'Driver' but node 2 follows action 'continue' at 'X'", id="absent-minded"),
        pytest.param(forgetful, "node 1 follows action 'L' at 'A:1' but node 4 follows action 'R' at 'A:1'", id="forgets-own-move"),
    ],
)
def test_imperfect_recall_is_explained(make, needle: str) -> None:  # type: ignore[no-untyped-def]
    g = make()
    assert not g.has_perfect_recall()
    reason = g.perfect_recall_violation()
    assert reason is not None and needle in reason


def test_forgetting_the_others_move_keeps_recall() -> None:
    g = ExtensiveGame.from_tree(
        decision("A", {
            "L": decision("B", {"l": (1, 0), "r": (0, 1)}, infoset="b"),
            "R": decision("B", {"l": (0, 1), "r": (1, 0)}, infoset="b"),
        }),
    )
    assert g.has_perfect_recall() and not g.is_perfect_information()
    assert g.subgame_roots() == (0,)


@pytest.mark.parametrize(
    "make, roots",
    [
        pytest.param(examples.entry_deterrence, (0, 1), id="entry"),
        pytest.param(examples.one_card_poker, (0,), id="poker"),
        pytest.param(examples.selten_horse, (0,), id="horse"),
        pytest.param(lambda: examples.centipede(3), (0, 2, 4), id="centipede"),
        pytest.param(
            lambda: ExtensiveGame.from_tree(chance({
                "a": ("1/2", decision("P", {"x": (1,), "y": (0,)})),
                "b": ("1/2", decision("P", {"x": (0,), "y": (1,)})),
            })),
            (0, 1, 4), id="chance-root",
        ),
    ],
)
def test_subgame_roots(make, roots: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    assert make().subgame_roots() == roots


def test_infoset_listing_per_player() -> None:
    p = examples.one_card_poker()
    assert p.infosets("Fred") == ("Fred:1", "Fred:2")
    assert p.infosets("Alice") == ("Alice:1",)
    assert p.infosets() == ("Fred:1", "Alice:1", "Fred:2")
    assert p.infoset_id("Alice:1") == 1
    with pytest.raises(GameError, match="unknown information set"):
        p.infoset_id("Bob:1")


# --------------------------------------------------------------------------- deep and large trees
def test_deep_centipede_without_recursion() -> None:
    n = 100_000
    g = examples.centipede(n)
    assert g.num_nodes == 2 * n + 1 and g.num_infosets == n
    assert int(g.node_depth.max()) == n
    deepest = int(g.terminal_nodes[-1])
    assert g.node_path(deepest) == ("pass",) * n
    assert len(g.subgame_roots()) == n
    assert g.has_perfect_recall() and g.is_perfect_information()
    assert g.terminal_payoff(deepest) == (n, n)
    assert g.expected_payoffs({name: "take" for name in g.infosets()}) == (2, 0)


def test_a_million_nodes() -> None:
    """A complete binary tree of depth 19 (2^20 - 1 nodes), built from records."""
    rec = TreeRecords(players=("A", "B"))
    stack = [0]
    while stack:
        d = stack.pop()
        if d == 19:
            rec.add(TERMINAL, outcome=rec.add_outcome((d, -d)))
        else:
            rec.add(DECISION, player=d % 2, actions=("l", "r"))
            stack += [d + 1, d + 1]
    g = ExtensiveGame.from_records(rec, exact=False)
    assert g.num_nodes == 2**20 - 1
    assert g.expected_payoffs(g.uniform_behavior()) == (19.0, -19.0)
    assert int(g.subtree_end[0]) == g.num_nodes


# --------------------------------------------------------------------------- symbolic trees
def deterrence_parameters() -> list[Parameter]:
    return [
        Parameter("c", "cost of war", default=2, lower=0, lower_open=True),
        Parameter("v", "value of the stake", default=3, lower=0),
        Parameter("p", "chance the ally helps", default="1/2", lower=0, upper=1),
    ]


def symbolic_deterrence() -> ExtensiveGame:
    return (
        TreeBuilder(players=["Russia", "Europe"], title="Deterrence", parameters=deterrence_parameters())
        .decision("Russia", {"challenge": ..., "status quo": (0, 0)})
        .decision("Europe", {"resist": ..., "concede": ("v", "-v")})
        .chance({"ally helps": ("p", ("-c", "v - c")), "alone": ("1 - p", ("v - c", "-c"))})
        .build()
    )


def test_symbolic_tree_and_substitute() -> None:
    g = symbolic_deterrence()
    assert g.is_symbolic() and g.arithmetic == "symbolic"
    assert [p.name for p in g.parameters] == ["c", "v", "p"]
    c, v = g.parameters[0].symbol, g.parameters[1].symbol
    assert g.terminal_payoff(5) == (v, -v)
    assert g.terminal_payoff(3) == (-c, v - c)
    n = g.substitute(c=1, v=2, p="1/4")
    assert n.is_exact
    assert n.chance_probabilities(2) == (Fraction(1, 4), Fraction(3, 4))
    assert n.terminal_payoff(4) == (Fraction(1), Fraction(-1))
    assert g.substitute().terminal_payoff(5) == (3, -3)  # defaults
    b = {"Russia:1": "challenge", "Europe:1": "resist"}
    assert n.expected_payoffs(b) == (Fraction(1, 2), Fraction(-1, 2))
    assert g.expected_payoffs(b)[0].equals(sympy.sympify("-c + v*(1 - p)", locals={
        "c": c, "v": v, "p": g.parameters[2].symbol}))
    with pytest.raises(GameError, match="symbolic"):
        g.regrets(b)
    with pytest.raises(GameError, match="unknown parameter 'w'"):
        g.substitute(w=1)
    with pytest.raises(GameError, match="outside its admissible interval"):
        g.substitute(p=2)


def test_symbolic_normal_form_comes_from_the_symbolic_room() -> None:
    """extensive.reduced never imports symbolic.game: SymbolicGame registers the builder."""
    from gametheory.extensive.reduced import _symbolic_normal_form

    g = symbolic_deterrence()
    assert _symbolic_normal_form == [SymbolicGame._from_table]
    nf = SymbolicGame.from_tree(g)
    assert isinstance(nf, SymbolicGame) and nf.parameters == g.parameters and nf.title == "Deterrence"
    assert nf.substitute(c=1) == g.to_normal_form().substitute(c=1) == g.substitute(c=1).to_normal_form()
    assert SymbolicGame.from_tree(g, reduced=False).shape == g.to_normal_form(reduced=False).shape
    with pytest.raises(GameError, match="no formula payoffs"):
        SymbolicGame.from_tree(examples.entry_deterrence())


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: TreeBuilder(players=["A"], parameters=ps).decision("A", {"x": (1,), "y": (0,)}).build(),
        lambda ps: SymbolicGame([[["1"], ["0"]]], ps),
        lambda ps: ContinuousGame(["A"], [("x", 0, 1)], ["x"], parameters=ps),
    ],
    ids=["tree", "symbolic", "continuous"],
)
def test_one_parameter_check_for_every_game(make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GameError, match="duplicate parameter name.s. c"):
        make([Parameter("c"), Parameter("c")])
    with pytest.raises(GameError, match="expected Parameter objects, got str"):
        make(["c"])


def test_symbolic_irrational_values_give_a_float_game() -> None:
    x = Parameter("x", default=2, lower=0)
    g = ExtensiveGame.from_tree(decision("A", {"a": ("sqrt(x)",), "b": (0,)}), parameters=[x])
    assert g.substitute().arithmetic == "float"
    assert g.substitute(x=4).terminal_payoff(1) == (2,)


@pytest.mark.parametrize(
    "probs, needle",
    [
        pytest.param(("p", "p"), None, id="undecidable-accepted"),
        pytest.param(("p", "1 - p"), None, id="sums-to-one"),
        pytest.param(("-1 - p**2", "2 + p**2"), "negative", id="provably-negative"),
        pytest.param(("p", "2 - p"), "sum to 2", id="provably-not-one"),
    ],
)
def test_symbolic_chance_probabilities_checked_three_ways(probs: tuple[str, str], needle: str | None) -> None:
    p = Parameter("p", lower=0, upper=1)
    build = lambda: ExtensiveGame.from_tree(chance({"a": (probs[0], (1,)), "b": (probs[1], (0,))}), players=["A"], parameters=[p])  # noqa: E731
    if needle is None:
        assert build().is_symbolic()
    else:
        with pytest.raises(GameError, match=needle):
            build()


def test_substitute_checks_probabilities() -> None:
    p = Parameter("p")
    g = ExtensiveGame.from_tree(chance({"a": ("p", (1,)), "b": ("p", (0,))}), players=["A"], parameters=[p])
    assert g.substitute(p="1/2").chance_probabilities(0) == (Fraction(1, 2), Fraction(1, 2))
    with pytest.raises(GameError, match="sum to 2"):
        g.substitute(p=1)


def test_sympy_values_infer_parameters() -> None:
    a, b = sympy.symbols("a b")
    g = ExtensiveGame.from_tree(decision("P", {"x": (a + b,), "y": (0,)}))
    assert [p.name for p in g.parameters] == ["a", "b"]
    assert g.substitute(a=1, b=2).terminal_payoff(1) == (3,)


# --------------------------------------------------------------------------- JSON tree document
TREE_DOC = """{
  "format": "gametheory.efg/1",
  "title": "Deterrence",
  "players": ["Russia", "Europe"],
  "parameters": [{"name": "c", "default": 2, "lower": 0, "lower_open": true},
                 {"name": "p", "default": "1/2", "lower": 0, "upper": 1}],
  "tree": {"player": "Russia", "actions": {
    "challenge": {"player": "Europe", "actions": {
      "resist": {"chance": {"win": "p", "lose": "1 - p"}, "actions": {
        "win": ["-c", 1],
        "lose": {"label": "defeat", "payoffs": {"Russia": 1, "Europe": "-c"}}}},
      "concede": [1, -1]}},
    "status quo": [0, 0]}}
}"""


def test_json_tree_document() -> None:
    g = gt.loads_game(TREE_DOC)
    assert isinstance(g, ExtensiveGame) and g.is_symbolic()
    assert g.node_kind.tolist() == [DECISION, DECISION, CHANCE, TERMINAL, TERMINAL, TERMINAL, TERMINAL]
    assert g.node_labels[4] == "defeat"
    n = g.substitute()
    assert n.terminal_payoff(4) == (1, -2)
    again = gt.loads_game(gt.dumps_game(g, "json"))
    assert again == g
    assert gt.loads_game(gt.dumps_game(n, "json")) == n


def test_json_tree_document_numbers() -> None:
    doc = '{"tree": {"player": "A", "actions": {"a": [0.5], "b": [1]}}}'
    assert gt.loads_game(doc).arithmetic == "float"
    assert gt.loads_game(doc, exact=True).terminal_payoff(1) == (Fraction(1, 2),)
    assert gt.loads_game('{"players": ["A"], "tree": [3]}').terminal_payoff(0) == (3,)
    with pytest.raises(GameFormatError, match="give players"):
        gt.loads_game('{"tree": [3]}')


def test_normal_form_json_still_loads() -> None:
    g = gt.loads_game('{"A": [[1, -1], [-1, 1]], "zero_sum": true}')
    assert isinstance(g, gt.NormalFormGame)


BAD_DOCS = [
    pytest.param('{"tree": {"player": "A"}}', "unknown key(s) ['player']", id="no-actions"),
    pytest.param('{"tree": {"actions": {"a": [1]}}}', 'needs "player"', id="no-player"),
    pytest.param('{"tree": {"player": "A", "actions": {}}}', "non-empty object", id="empty-actions"),
    pytest.param('{"tree": {"player": "A", "actions": {"a": "x"}}}', 'tree.actions["a"]: a node must be', id="string-node"),
    pytest.param('{"tree": {"player": "A", "actions": {"a": [true]}}}', 'tree.actions["a"][0]', id="boolean-payoff"),
    pytest.param('{"tree": {"chance": {"a": "1/2"}, "actions": {"a": [1], "b": [2]}}}', "same order", id="chance-keys"),
    pytest.param('{"players": ["A"], "tree": {"chance": {"a": "1/2", "b": "1/3"}, "actions": {"a": [1], "b": [2]}}}',
                 "sum to 5/6", id="chance-sum"),
    pytest.param('{"tree": {"player": "A", "actions": {"a": ["v"]}}}', "unknown name 'v'", id="undeclared-parameter"),
    pytest.param('{"tree": [1], "extra": 1}', "unknown key(s) ['extra']", id="unknown-key"),
    pytest.param('{"format": "gametheory.nfg/1", "tree": [1]}', "gametheory.efg/1", id="wrong-format"),
    pytest.param('{"tree": {"player": "A", "actions": {"a": [1]}, "wat": 2}}', "unknown key(s) ['wat']", id="unknown-node-key"),
    pytest.param('{"format": "gametheory.efg/1"}', 'missing "tree"', id="missing-tree"),
]


@pytest.mark.parametrize("doc, needle", BAD_DOCS)
def test_bad_json_tree_documents(doc: str, needle: str) -> None:
    with pytest.raises(GameFormatError) as info:
        gt.loads_game(doc, source="bad.json")
    assert needle in str(info.value)
    assert str(info.value).startswith("bad.json")
