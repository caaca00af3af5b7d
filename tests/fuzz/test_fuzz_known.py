"""Crashes the fuzzer found outside the parsers (reported, not fixed here): each is a
strict ``xfail`` with its minimal input, so the test turns red the day it is fixed and the
mark can go."""

from __future__ import annotations

import json

import pytest
from fuzzlib import check_message

import gametheory as gt
from gametheory.io.jsonsymbolic import loads_symbolic

HUGE = "9" * 5000


@pytest.mark.xfail(strict=True, reason="gametheory.symbolic.expr.parse_expression: ast.parse reports a literal "
                   "beyond 4300 digits with Python's own message before MAX_LITERAL_DIGITS is checked")
def test_formula_with_a_5000_digit_literal() -> None:
    doc = {"parameters": [{"name": "c", "default": 1}], "A": [["c", HUGE]], "B": [["1", "2"]]}
    with pytest.raises(gt.GameError) as info:
        loads_symbolic(json.dumps(doc))
    check_message(str(info.value))
