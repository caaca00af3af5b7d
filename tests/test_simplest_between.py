"""The simplest rational strictly inside an interval (used by the PBE search)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gametheory._kernel.values import simplest_strictly_between


def brute_force(lo: Fraction, hi: Fraction) -> Fraction:
    q = 1
    while True:  # smallest denominator q with some p: lo < p/q < hi; smallest such p
        p = (lo * q).__floor__() + 1
        if Fraction(p, q) < hi:
            return Fraction(p, q)
        q += 1


@given(st.fractions(-5, 5, max_denominator=60), st.fractions(Fraction(1, 60), 3, max_denominator=600))
def test_matches_the_smallest_denominator_search(lo, width):
    hi = lo + width
    assert simplest_strictly_between(lo, hi) == brute_force(lo, hi)


def test_examples_and_narrow_intervals():
    assert simplest_strictly_between(Fraction(0), Fraction(1)) == Fraction(1, 2)
    assert simplest_strictly_between(Fraction(1, 3), Fraction(1, 2)) == Fraction(2, 5)
    assert simplest_strictly_between(Fraction(2), None) == 3
    assert simplest_strictly_between(Fraction(-1, 2), Fraction(1, 2)) == 0
    # an interval of width 1e-30 around 1/2: found at once (a linear search would never end)
    lo = Fraction(1, 2) + Fraction(1, 10**30)
    x = simplest_strictly_between(lo, lo + Fraction(1, 10**30))
    assert lo < x < lo + Fraction(1, 10**30)
    with pytest.raises(ValueError):
        simplest_strictly_between(Fraction(1), Fraction(1))
