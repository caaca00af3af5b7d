"""The extended-deterrence model against the defender conditions of Huth (1988) and Zagare &
Kilgour (2000, ch. 9)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory.models import get_model


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))

def extended_oracle(values: dict[str, Fraction]) -> str:
    """Huth (1988) / Zagare & Kilgour (2000, ch. 9): the defender of a protégé stands firm when
    fighting beats the reputation cost of abandoning (or the challenger would back down);
    the challenger presses when the defender would abandon, and fights when war beats
    both the status quo and backing down."""
    s = values
    war_R = s["pi"] * s["v"] - s["c_R"] - s["e"] * s["D"]
    war_US = s["w_US"] * (1 - s["pi"]) - s["c_US"] - s["e"] * s["D"]
    if war_R < -s["a_R"]:
        return "deterrence"  # Russia would back down; the US supports (w_US >= -r_US), a challenge cannot pay
    if war_US < -s["r_US"]:
        return "abandonment"
    return "war" if war_R > 0 else "deterrence"


@settings(max_examples=40, deadline=None)
@given(
    w_US=frac(0, 2), r_US=frac(0, 2), c_US=frac(0, 2), c_R=frac(0, 2), pi=frac(0, 1),
    e=frac(0, 1), a_R=frac(0, 2), v=st.integers(1, 40).map(lambda k: Fraction(k, 10)),
)
def test_extended_deterrence_matches_the_defender_conditions(**kw: Fraction) -> None:
    m = get_model("extended_deterrence")
    values = m.values(kw)
    s = values
    war_R = s["pi"] * s["v"] - s["c_R"] - s["e"] * s["D"]
    war_US = s["w_US"] * (1 - s["pi"]) - s["c_US"] - s["e"] * s["D"]
    # exact ties between the payoffs compared give several SPE; the oracle is for generic points
    assume(war_R not in (0, -s["a_R"]) and war_US != -s["r_US"] and s["w_US"] != -s["r_US"])
    assert m.solve(values, flips=False).outcome.key == extended_oracle(values)
