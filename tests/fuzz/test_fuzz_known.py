"""Crashes the fuzzer found outside the parsers, each kept with its minimal input as a
regression test once fixed."""

from __future__ import annotations

import json

import pytest
from fuzzlib import check_message

import gametheory as gt
from gametheory.io.jsonsymbolic import loads_symbolic

HUGE = "9" * 5000


def test_formula_with_a_5000_digit_literal() -> None:
    """Was: ast.parse reported a literal beyond 4300 digits with Python's own message before
    MAX_LITERAL_DIGITS was checked; now the digit count is checked first."""
    doc = {"parameters": [{"name": "c", "default": 1}], "A": [["c", HUGE]], "B": [["1", "2"]]}
    with pytest.raises(gt.GameError) as info:
        loads_symbolic(json.dumps(doc))
    check_message(str(info.value))
