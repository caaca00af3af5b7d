"""Baron-Ferejohn under the open rule (issue 18 item 3): stationary equilibria of Baron &
Ferejohn's (1989) class, symmetric majority case, exact and re-verified."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest

from gametheory._kernel.results import json_value
from gametheory.cooperative.multilateral import _open_check, baron_ferejohn, baron_ferejohn_open
from gametheory.errors import GameError, GameSizeError

DELTAS = [F(1, 10), F(1, 2), F(7, 10), F(73, 100), F(3, 4), F(9, 10), F(1)]


@pytest.mark.parametrize("delta", DELTAS)
def test_open_rule_three_members_closed_form(delta: F) -> None:
    """n = 3, derived by hand from Baron & Ferejohn's (1989) open-rule protocol and stationary
    class (amendments discounted; coalition amenders move the previous question). Below
    delta* = sqrt(3) - 1 the proposer pays both others y = delta/(1 + 2 delta) and passes at
    once, keeping 1/(1 + 2 delta); above it the proposer pays one member, keeps
    1 - delta W_A with W_A = 2/(4 + 2 delta - delta^2), and the proposal passes with
    probability 1/2 at each recognition (expected delay one amendment). At delta = 1/2 the
    shares (1/2, 1/4, 1/4) coincide with Britz & Gersbach's (REStud, forthcoming) SSPE
    under the standard assumption (1 - delta, delta/2, delta/2)."""
    r = baron_ferejohn_open(3, delta)
    assert len(r.equilibria) == 1  # unique within the class (the two ranges meet at sqrt 3 - 1)
    e = r.equilibrium
    if delta * delta + 2 * delta - 2 < 0:  # delta < sqrt(3) - 1
        assert e.coalition == 2 and e.author_share == 1 / (1 + 2 * delta)
        assert e.offer == delta / (1 + 2 * delta) and e.expected_amendments == 0
    else:
        w = 2 / (4 + 2 * delta - delta * delta)
        assert e.coalition == 1 and e.author_value == w and e.author_share == 1 - delta * w
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
    parameter values' (Baron & Ferejohn 1989); the open rule also predicts delay."""
    e = baron_ferejohn_open(5, F(4, 5)).equilibrium
    assert e.coalition == 2 == baron_ferejohn(5, F(4, 5)).quota - 1
    assert e.expected_amendments > 0 and e.offer > F(4, 5) / 5  # partners get more than under the closed rule


def test_open_rule_three_members_threshold_is_sqrt3_minus_1() -> None:
    """Rationals just either side of sqrt(3) - 1 = 0.73205...: the coalition switches."""
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
