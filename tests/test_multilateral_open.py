"""Baron-Ferejohn under the open rule (issue 18 item 3): stationary equilibria of Baron &
Ferejohn's (1989) class, symmetric majority case, exact and re-verified."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory._kernel.results import json_value
from gametheory.cooperative.multilateral import (
    _open_check,
    baron_ferejohn,
    baron_ferejohn_open,
    open_rule_recursion,
)
from gametheory.errors import GameError, GameSizeError

DELTAS = [F(1, 10), F(1, 2), F(7, 10), F(73, 100), F(3, 4), F(9, 10), F(1)]


@pytest.mark.parametrize("delta", DELTAS)
def test_open_rule_three_members_closed_form(delta: F) -> None:
    """n = 3 against the published three-member open-rule equilibrium of Volden & Wiseman
    (Bargaining in legislatures over particularistic and collective goods; conference
    version, equilibrium (3a)/(3b) with only particularistic goods; APSR 101(1), 2007), which
    uses Baron & Ferejohn's (1989) open-rule protocol and stationary class with discounting
    when an amendment is made. Below delta* = sqrt(3) - 1 (their (3b)) the proposer pays both
    others delta/(2 delta + 1) and keeps 1/(2 delta + 1), and the first proposal passes
    unanimously; above it (their (3a)) the proposer pays one member, the shares have the
    denominator 4 + 2 delta - delta^2 (the proposer keeps (4 - delta^2)/(4 + 2 delta -
    delta^2), the partner gets 2 delta/(4 + 2 delta - delta^2); the extracted text of the
    draft lists the two numerators the other way round, which the proposer's optimality
    rules out), a left-out member who is recognised makes the same proposal to the same
    partner, and the game ends when the partner is recognised (probability 1/2). At
    delta = 1/2 the shares also coincide with Britz & Gersbach's (REStud, forthcoming) SSPE
    under their standard assumption (1 - delta, delta/2, delta/2), a different protocol."""
    r = baron_ferejohn_open(3, delta)
    assert len(r.equilibria) == 1  # unique within the class (the two ranges meet at sqrt 3 - 1)
    e = r.equilibrium
    if delta * delta + 2 * delta - 2 < 0:  # delta < sqrt(3) - 1
        assert e.coalition == 2 and e.author_share == 1 / (1 + 2 * delta)
        assert e.offer == delta / (1 + 2 * delta) and e.expected_amendments == 0
    else:
        den = 4 + 2 * delta - delta * delta
        w = 2 / den
        assert e.coalition == 1 and e.author_value == w and e.author_share == 1 - delta * w
        assert e.author_share == (4 - delta * delta) / den and e.offer == 2 * delta / den
        assert e.pass_probability == F(1, 2) and e.expected_amendments == 1
    if delta == F(1, 2):
        assert (e.author_share, e.offer) == (1 - delta, delta / 2)


@pytest.mark.parametrize("n", [3, 5, 7, 9, 15])
@pytest.mark.parametrize("delta", DELTAS)
def test_open_rule_every_output_passes_the_exact_check(n: int, delta: F) -> None:
    """Every returned equilibrium is re-checked exactly (values, both votes, both kinds of
    amender, the proposer against every coalition size); shares and the surplus divided are
    at most 1; the ex-ante values do not exceed the closed rule's 1/n."""
    r = baron_ferejohn_open(n, delta)
    assert r.equilibria and r.equilibrium in r.equilibria
    for e in r.equilibria:
        assert _open_check(n, delta, e.coalition, e.author_value, e.member_value, e.outsider_value) is None
        assert (n - 1) // 2 <= e.coalition <= n - 1
        assert e.author_share + e.coalition * e.offer == 1
        assert 0 < e.expected_discount <= 1
        assert e.author_value + e.coalition * e.member_value + (n - 1 - e.coalition) * e.outsider_value == e.expected_discount
        assert e.ex_ante_value * n == e.expected_discount
        assert e.ex_ante_value <= baron_ferejohn(n, delta).values[0]
        assert e.expected_amendments == (n - 1 - e.coalition) / F(e.coalition)
    for k, why in r.rejected.items():
        assert why and k not in {e.coalition for e in r.equilibria}


def test_open_rule_minimal_coalition_when_patient_and_large_when_impatient() -> None:
    """Patient legislators (delta = 1) form minimal coalitions with expected delay; very
    impatient ones pay everybody and agree at once (the sizes found for n = 5, 7, 9)."""
    for n in (5, 7, 9):
        assert baron_ferejohn_open(n, 1).equilibrium.coalition == (n - 1) // 2
        assert baron_ferejohn_open(n, F(1, 10)).equilibrium.coalition == n - 1
        assert baron_ferejohn_open(n, F(1, 10)).equilibrium.expected_amendments == 0


def test_open_rule_rejects_a_perturbed_candidate() -> None:
    """The checker is not vacuous: wrong values or the wrong coalition size fail."""
    e = baron_ferejohn_open(3, F(9, 10)).equilibrium
    assert _open_check(3, F(9, 10), 1, e.author_value + F(1, 1000), e.member_value, e.outsider_value) == "values"
    r = baron_ferejohn_open(3, F(9, 10))
    assert r.rejected[2].startswith("proposal")


def test_open_rule_json_summary_and_bad_input() -> None:
    r = baron_ferejohn_open(3, F(1, 2))
    data = json.loads(json.dumps(json_value(r)))
    assert data["equilibrium"]["author_share"] == "1/2"
    assert "open rule" in r.summary() and "Primo 2006" in r.summary()
    for bad in (4, 1, True, 2.5, "3"):
        with pytest.raises(GameError):
            baron_ferejohn_open(bad, F(1, 2))  # type: ignore[arg-type]
    with pytest.raises(GameSizeError):
        baron_ferejohn_open(401, F(1, 2))
    for d in (0, F(3, 2), -1, float("nan")):
        with pytest.raises(GameError):
            baron_ferejohn_open(3, d)


def test_open_rule_minimal_winning_coalition_in_frechette_kagel_lehrer_setting() -> None:
    """Frechette, Kagel & Lehrer (2003, APSR 97:221-232), five-member committees with
    delta = 0.8: 'the theory predicts minimal winning coalitions under both rules for our
    parameter values' (Baron & Ferejohn 1989); the open rule predicts delay and partners
    paid more evenly than under the closed rule; and (their 2000 working paper's abstract)
    the observed rate of passage without delay, 81% of proposals, is 'much higher than
    predicted'. The exact shares are this class's (their table was not reachable)."""
    r = baron_ferejohn_open(5, F(4, 5))
    e = r.equilibrium
    assert [x.coalition for x in r.equilibria] == [2]  # unique in the class: minimal winning
    assert e.coalition == 2 == baron_ferejohn(5, F(4, 5)).quota - 1
    assert (e.author_share, e.offer) == (F(83, 159), F(38, 159))
    assert e.pass_probability == F(1, 2) < F(81, 100) and e.expected_amendments == 1
    closed = baron_ferejohn(5, F(4, 5))
    assert e.offer > closed.partner_share and e.author_share < closed.proposer_share  # more egalitarian


def test_open_rule_three_members_threshold_is_sqrt3_minus_1() -> None:
    """Rationals just either side of sqrt(3) - 1 = 0.73205..., Volden & Wiseman's boundary
    between their (3b) (everybody paid) and (3a) (one partner): the coalition switches."""
    assert baron_ferejohn_open(3, F(7320, 10000)).equilibrium.coalition == 2
    assert baron_ferejohn_open(3, F(7321, 10000)).equilibrium.coalition == 1


def test_open_rule_can_return_several_equilibria() -> None:
    """n = 5, delta = 3/5: coalitions of 2 and of 3 both pass every check; the headline one
    is the better for the first proposer."""
    r = baron_ferejohn_open(5, F(3, 5))
    assert [e.coalition for e in r.equilibria] == [2, 3]
    assert r.equilibrium.author_value == max(e.author_value for e in r.equilibria)
    assert r.rejected.keys() == {4}


def test_open_rule_random_points_pass_the_check() -> None:
    """Seeded random odd n and rational delta: something is found and it re-verifies."""
    rng = np.random.default_rng(18)
    for _ in range(40):
        n = int(rng.integers(1, 15)) * 2 + 1
        d = F(int(rng.integers(1, 1000)), 1000)
        r = baron_ferejohn_open(n, d)
        for e in r.equilibria:
            assert _open_check(n, d, e.coalition, e.author_value, e.member_value, e.outsider_value) is None
            assert sum([e.author_share, e.coalition * e.offer]) == 1 and e.expected_discount <= 1


@pytest.mark.parametrize("n", [3, 5])
@pytest.mark.parametrize("delta", [F(1, 10), F(1, 2), F(7, 10), F(4, 5), F(9, 10), F(1)])
def test_open_rule_explicit_backward_recursion_reproduces_the_stationary_values(n: int, delta: F) -> None:
    """Independent check over the explicit protocol: every standing proposal tracked as an
    allocation to named members, three amendment rounds unrolled (recognition of each
    non-author with probability 1/(n-1), explicit votes on the previous question and on
    every possible amendment of k members, the old author included), the stationary values
    as the continuation after the last round. Every member's value at every proposal comes
    back exactly, the ex-ante values are 1/n of the surplus divided, and the prescribed
    choice of every recognised member is a best one."""
    rec = open_rule_recursion(n, delta, rounds=3)
    e = baron_ferejohn_open(n, delta).equilibrium
    assert rec.values_match and rec.max_gap == 0
    assert rec.choices_optimal and rec.failures == ()
    assert rec.ex_ante == (e.ex_ante_value,) * n
    assert (rec.coalition, rec.offer) == (e.coalition, e.offer)


def test_open_rule_explicit_recursion_is_not_vacuous() -> None:
    """A wrong offer is caught: paying partners more than delta W_A breaks the values; paying
    them less also makes a recognised partner prefer to amend (a non-optimal choice)."""
    e = baron_ferejohn_open(5, F(4, 5)).equilibrium
    high = open_rule_recursion(5, F(4, 5), rounds=1, offer=e.offer + F(1, 100))
    assert not high.values_match and high.max_gap > 0
    low = open_rule_recursion(5, F(4, 5), rounds=1, offer=e.offer - F(1, 100))
    assert not low.values_match and not low.choices_optimal and low.failures
    with pytest.raises(GameError):
        open_rule_recursion(5, F(4, 5), offer=F(2, 3))  # 2 x 2/3 > 1


def test_open_rule_explicit_backward_recursion_seven_members() -> None:
    rec = open_rule_recursion(7, F(4, 5), rounds=1)
    assert rec.values_match and rec.choices_optimal and rec.states == 7 * 20


@pytest.mark.parametrize(("n", "delta"), [(3, F(4, 5)), (3, F(1)), (5, F(1, 2)), (5, F(4, 5)), (5, F(1))])
def test_open_rule_truncated_game_converges_to_the_stationary_values(n: int, delta: F) -> None:
    """The truncated game (nothing divided after T amendment rounds) is solved by the same
    explicit recursion; its values approach the stationary ones, the gap shrinking at least
    by the factor delta (1 - p) per round (p the chance of passage at a recognition)."""
    e = baron_ferejohn_open(n, delta).equilibrium
    rate = delta * (1 - e.pass_probability)
    gaps = [open_rule_recursion(n, delta, rounds=t, terminal="zero").max_gap for t in range(1, 6)]
    assert all(g > 0 for g in gaps)
    assert all(b <= rate * a for a, b in zip(gaps, gaps[1:]))


def test_open_rule_immediate_agreement_when_grand_coalition() -> None:
    """delta = 1/2 with three members pays everybody: the truncated game is then exact
    after one round (no amendment is ever made)."""
    assert open_rule_recursion(3, F(1, 2), rounds=1, terminal="zero").max_gap == 0


@pytest.mark.parametrize("delta", [F(1, 2), F(4, 5), F(1)])
def test_open_rule_large_legislature_limit(delta: F) -> None:
    """Our derivation (the three-group system with k = (n-1)/2, p = 1/2, to first order in
    1/n): n y -> 2 and n times the proposer's share -> 4/delta - 2 delta^2/(4 - delta^2)
    (10/3 at delta = 1), so the proposer keeps only a bounded multiple of a partner's share
    (5/3 at delta = 1; closed rule: (n+1)/2 times). The minimal winning coalition is the
    class's choice at these delta for every n tried; both gaps shrink like 1/n."""
    limit = 4 / delta - 2 * delta * delta / (4 - delta * delta)
    prev = None
    for n in (51, 101, 151, 199):
        e = baron_ferejohn_open(n, delta).equilibrium
        assert e.coalition == (n - 1) // 2 and e.pass_probability == F(1, 2)
        gap_y, gap_share = 2 - n * e.offer, limit - n * e.author_share
        assert 0 < gap_y <= F(15, n) and 0 < gap_share <= F(60, n)
        if prev is not None:
            assert gap_y < prev[0] and gap_share < prev[1]
        prev = (gap_y, gap_share)


def test_open_rule_recursion_bad_input_and_summary() -> None:
    for bad_n in (1, 11, True, 4.0):
        with pytest.raises(GameError):
            open_rule_recursion(bad_n, F(1, 2))  # type: ignore[arg-type]
    for bad_t in (0, 13, True):
        with pytest.raises(GameError):
            open_rule_recursion(3, F(1, 2), rounds=bad_t)
    with pytest.raises(GameError):
        open_rule_recursion(3, F(1, 2), terminal="bogus")
    rec = open_rule_recursion(3, F(9, 10), rounds=2)
    assert "match the stationary values exactly" in rec.summary()
    data = json.loads(json.dumps(json_value(rec)))
    assert data["values_match"] is True and data["offer"] == "180/499"
