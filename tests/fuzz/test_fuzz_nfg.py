"""Fuzzing the Gambit ``.nfg`` reader (payoff and outcome versions) and ``solve`` on ``.nfg`` files.

Seeds are the corpus files (``../shared/games/gambit``; missing corpus: skip, or fail when
``CI=true``) and the same games written back in the outcome version.
"""

from __future__ import annotations

from pathlib import Path

from conftest import GAMBIT_NFG_FILES
from fuzzlib import HUGE_INT, budget, check_parses, corpus_texts, hostile, mutated, run_cli_solve
from hypothesis import example, given
from hypothesis import strategies as st

import gametheory as gt
from gametheory.io.nfg import loads_nfg


def _seeds() -> list[str]:
    texts = corpus_texts(GAMBIT_NFG_FILES)
    outcome_form = []
    for t in texts[:20]:
        try:
            outcome_form.append(gt.dumps_game(loads_nfg(t), "nfg", outcomes=True))
        except gt.GameError:
            pass
    small = ['NFG 1 R "t" { "A" "B" } { 2 2 }\n1 2 3 4 5 6 7 8\n',
             'NFG 1 D "t" { "A" "B" } { { "x" "y" } { "l" "r" } } "c"\n'
             '{ { "" 1, 2 } { "o" 0.5, -1/2 } }\n1 2 0 1\n']
    return small + texts + outcome_form


SEEDS = _seeds()


@budget(60)
@given(text=mutated(SEEDS))
@example(text='NFG 1 R "t" { "A" "B" } { 2 2 }\n1\u00a02 3 4 5 6 7 8\n')
@example(text=f'NFG 1 D "t" {{ "A" }} {{ 1 }}\n1e{HUGE_INT}\n')
@example(text='NFG 1 D "t" { "A" "B" } { 2 2 }\n1e308 1e308 -1e308 1 2 3 4 5\n')
@example(text='NFG 1 R "t" { "A" } { 1 }\n\u0663\n')
def test_nfg_mutated_corpus(gambit_games_dir: Path, text: str) -> None:
    check_parses(loads_nfg, text)


@st.composite
def _generated(draw: st.DrawFn) -> str:
    """A syntactically plausible .nfg with hostile numbers and names."""
    n_players = draw(st.integers(1, 3))
    counts = [draw(st.integers(1, 3)) for _ in range(n_players)]
    entries = n_players
    for c in counts:
        entries *= c
    kind = draw(st.sampled_from("RD"))
    number = st.one_of(st.integers(-10**6, 10**6).map(str),
                       st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
                       st.floats(allow_nan=False, allow_infinity=False).map(repr), hostile())
    name = st.text(max_size=6).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"')
    players = " ".join(draw(name) for _ in range(n_players))
    pays = " ".join(draw(number) for _ in range(entries + draw(st.integers(-1, 1))))
    return f"NFG 1 {kind} {draw(name)} {{ {players} }} {{ {' '.join(map(str, counts))} }}\n{pays}\n"


@budget(60)
@given(text=_generated())
@example(
    text='NFG 1 D "" { "" } { 2 }\n0 5.250433537913159e-180\n',
)
def test_nfg_generated(text: str) -> None:
    check_parses(loads_nfg, text)


@budget(15)
@given(text=mutated(SEEDS))
def test_cli_solve_nfg(gambit_games_dir: Path, text: str) -> None:
    run_cli_solve("fuzz.nfg", text)


@budget(60)
@given(kind=st.sampled_from("RD"), pays=st.lists(st.one_of(
    st.integers(-10**30, 10**30).map(str), st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr), st.fractions().map(str),
    st.sampled_from(["-0", "+0.0", ".5", "5.", "-1e-400", "1e308", "+7", "٣", "1E+5"])), min_size=4, max_size=4))
@example(kind="D", pays=["-0", "-0.0", "1e-400", "2/3"])
@example(
    kind='D',
    pays=['0', '0', '0', '-1e-400'],
)
def test_nfg_fast_body_reads_as_the_token_reader(kind: str, pays: list[str]) -> None:
    """The one-pass body reader gives the same game (or the same error) as the token reader
    (a comma between payoffs sends a body to the token reader)."""
    head = f'NFG 1 {kind} "t" {{ "A" "B" }} {{ 2 1 }}\n'
    fast = _outcome(loads_nfg, head + " ".join(pays) + "\n")
    slow = _outcome(loads_nfg, head + ", ".join(pays) + "\n")
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
    else:
        assert fast.payoffs.tolist() == slow.payoffs.tolist()
        assert [str(x) for x in fast.payoffs.ravel()] == [str(x) for x in slow.payoffs.ravel()]


def _outcome(parse: object, text: str) -> object:
    try:
        return parse(text)  # type: ignore[operator]
    except gt.GameError as exc:
        return str(exc)


def test_exact_payoff_beyond_the_float_range_in_a_corpus_game() -> None:
    """Found by the long run: a corpus game mutated to hold 41e308 in an exact game (the
    equilibria are exact; nothing may convert the payoff to a float)."""
    check_parses(loads_nfg, 'NFG 1 R "4x4 coordination game with 15 Nash equilibria" { "Player 1" "Player 2" }\n\n{ { "1" "2" "3" "4" }\n{ "1" "2" "3" "4" }\n}\n""\n\n{\n{ "" 3, 2 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 2, 2 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 1, 41e308 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 0, 0 }\n{ "" 4, 7 }\n}\n1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n')
