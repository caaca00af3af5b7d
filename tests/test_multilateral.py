"""Bargaining beyond two players (issue 18 item 3): Baron-Ferejohn, Powell with a proposer,
Rubinstein with breakdown risk and no discounting."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from gametheory._kernel.results import json_value
from gametheory.cooperative.alternating import rubinstein
from gametheory.cooperative.conflict import commitment_problem
from gametheory.cooperative.multilateral import _verify, baron_ferejohn, shifting_power
from gametheory.errors import GameError, GameSizeError


@pytest.mark.parametrize("n", [3, 5, 7, 9, 21])
@pytest.mark.parametrize("delta", [F(0), F(1, 2), F(9, 10), F(1)])
def test_baron_ferejohn_closed_rule_symmetric_majority(n: int, delta: F) -> None:
    """Baron & Ferejohn (1989), closed rule, n odd, equal recognition: the proposer keeps
    1 - delta (n-1)/(2n) and each of its (n-1)/2 partners gets delta/n."""
    r = baron_ferejohn(n, delta)
    assert r.quota == (n + 1) // 2
    assert r.proposer_share == 1 - delta * F(n - 1, 2 * n)
    if delta:
        assert r.partner_share == delta / n
    assert r.values == tuple(F(1, n) for _ in range(n))
    assert sum(r.values) == 1


@pytest.mark.parametrize("n", [2, 4, 6])
def test_baron_ferejohn_unanimity_values_are_recognition(n: int) -> None:
    """Unanimity: every vote is bought; the ex-ante values equal the recognition
    probabilities and the proposer keeps 1 - delta (1 - p_i)."""
    p = [F(k + 1, n * (n + 1) // 2) for k in range(n)]
    r = baron_ferejohn(p, F(4, 5), quota="unanimity")
    assert r.values == tuple(p)
    assert r.proposer_shares == tuple(1 - F(4, 5) * (1 - x) for x in p)


@pytest.mark.parametrize(
    "p",
    [
        [F(1, 2), F(1, 4), F(1, 4)],
        [F(1, 10), F(2, 10), F(3, 10), F(4, 10)],
        [F(1, 10), F(1, 10), F(1, 10), F(7, 10)],
        [F(0), F(1, 3), F(1, 3), F(1, 3)],
        [F(1, 20), F(3, 20), F(1, 5), F(1, 4), F(7, 20)],
    ],
)
@pytest.mark.parametrize("delta", [F(1, 3), F(9, 10), F(1)])
def test_baron_ferejohn_heterogeneous_recognition_is_verified(p: list[F], delta: F) -> None:
    """Any recognition probabilities: the stationary equilibrium is re-checked exactly
    (acceptance, proposal optimality, values reproduce); agreement is immediate, so the
    values sum to 1 (Eraslan 2002: the values are unique)."""
    r = baron_ferejohn(p, delta)
    assert sum(r.values) == 1
    assert _verify(list(r.recognition), r.discount, list(r.values), [list(x) for x in r.inclusion])
    for i in range(len(p)):
        assert sum(r.inclusion[i][j] for j in range(len(p)) if j != i) == r.quota - 1


def test_baron_ferejohn_json_summary_and_errors() -> None:
    r = baron_ferejohn(5, F(9, 10))
    data = json.loads(json.dumps(json_value(r)))
    assert data["proposer_share"] == "16/25" and data["partner_share"] == "9/50"
    assert "keeps 16/25" in r.summary()
    with pytest.raises(GameError):
        baron_ferejohn([F(1, 2), F(1, 3)], F(1, 2))
    with pytest.raises(GameError):
        baron_ferejohn(3, F(3, 2))
    with pytest.raises(GameError):
        baron_ferejohn(3, F(1, 2), quota=4)
    with pytest.raises(GameSizeError):
        baron_ferejohn(1, F(1, 2))


GRID = [F(k, 10) for k in range(11)]


@pytest.mark.parametrize("proposer", ["A", "B"])
def test_shifting_power_peace_implies_a_credible_deal(proposer: str) -> None:
    """Peace with a proposer needs a deal that survives the shift, so it implies Powell's (2006)
    condition that some peaceful division exists (commitment_problem)."""
    for p0 in GRID[::2]:
        for p1 in GRID[::2]:
            r = shifting_power(p0, p1, F(1, 10), F(1, 20), F(4, 5), proposer=proposer)
            c = commitment_problem(p0, p1, F(1, 10), F(1, 20), F(4, 5))
            if r.outcome == "peace":
                assert c.peace_possible is True
                # responder exactly at its war value now; proposer at least at its own
                k = 0 if proposer == "A" else 1
                assert r.values[1 - k] >= r.war_values_now[1 - k]
                assert r.values[k] >= r.war_values_now[k]
                assert r.values[0] + r.values[1] == 5  # no war: the whole flow S/(1-delta)


def test_shifting_power_known_cases() -> None:
    # no shift: the proposer buys the responder at its war value, peace (Fearon 1995)
    r = shifting_power(F(1, 2), F(1, 2), F(1, 10), F(1, 10), F(9, 10), proposer="A")
    assert r.outcome == "peace"
    assert r.values == (F(51, 10), F(49, 10))
    # a large shift toward A: declining B fights whoever proposes (Powell 2006)
    for who in ("A", "B"):
        assert shifting_power(F(1, 2), F(9, 10), F(1, 10), F(1, 10), F(9, 10), proposer=who).outcome == "war"
    with pytest.raises(GameError):
        shifting_power(F(3, 2), F(1, 2), 0, 0, F(1, 2))
    with pytest.raises(GameError):
        shifting_power(F(1, 2), F(1, 2), 0, 0, F(1, 2), proposer="C")


@pytest.mark.parametrize("p", [F(1, 100), F(1, 10), F(1, 2), F(1)])
def test_rubinstein_breakdown_without_discounting(p: F) -> None:
    """Binmore, Rubinstein & Wolinsky (1986): no discounting, breakdown probability p after a
    rejection (breakdown payoffs 0): the first proposer gets 1/(2 - p), tending to the Nash
    bargaining split 1/2 as p -> 0."""
    r = rubinstein(None, breakdown=p)
    assert r.shares == (1 / (2 - p), (1 - p) / (2 - p))
    assert r.immediate is True
