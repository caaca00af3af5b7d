"""Fuzzing number parsing and the command-line values: ``parse_number``, inline matrices
(``--row``/``--col``), ``--set``, ``--vary`` grids and ``--dist`` distributions."""

from __future__ import annotations

import json
from fractions import Fraction

from fuzzlib import HUGE_INT, budget, check_message, hostile, parse_or_clean_error
from hypothesis import example, given
from hypothesis import strategies as st

from gametheory._kernel.values import MAX_DIGITS, MAX_EXPONENT, parse_number
from gametheory.cli._shared import parse_matrix, parse_settings, read_game_source
from gametheory.modeling.registry import get_model
from gametheory.sensitivity.distributions import parse_distribution, truncate
from gametheory.sensitivity.grid import MAX_AXIS, MAX_POINTS, parse_grids

NUMBER_ALPHABET = list("0123456789.eE+-/ ") + ["\u00a0", "\u200f", "\x00", "\u0301", "٣"]
numbers = st.one_of(hostile(), st.text(alphabet=st.sampled_from(NUMBER_ALPHABET), max_size=20),
                    st.fractions().map(str), st.floats().map(repr), st.integers().map(str))

# point counts: small ones (building a valid grid of 10^7 points is legitimate but slow) and
# ones beyond the limits
counts = st.one_of(hostile(), st.integers(0, 500).map(str), st.integers(MAX_AXIS + 1, 10**30).map(str))

MODEL = get_model("escalation")


@budget(200)
@given(text=numbers)
@example(text="1e" + HUGE_INT)
@example(text="1/" + "0" * 5000)
@example(text=f"1e-{MAX_EXPONENT}")
def test_parse_number(text: str) -> None:
    v = parse_or_clean_error(parse_number, text)
    if v is not None:
        assert isinstance(v, Fraction)
        assert len(str(v.numerator)) <= MAX_DIGITS + MAX_EXPONENT + 1


@budget(100)
@given(text=st.one_of(st.lists(st.lists(numbers, max_size=3), max_size=3).map(
    lambda rows: "; ".join(" ".join(r) for r in rows)), numbers,
    st.recursive(st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                 lambda c: st.lists(c, max_size=3), max_leaves=10).map(json.dumps)))
@example(text="[" * 2000 + "]" * 2000)
@example(text="[[1e99999999]]")
@example(text=f"[[{HUGE_INT}]]")
@example(text=f"[[1.{HUGE_INT}]]")
def test_parse_matrix(text: str) -> None:
    parse_or_clean_error(parse_matrix, text, "--row")


@budget(100)
@given(items=st.lists(st.one_of(numbers, st.text(max_size=12)), max_size=4))
def test_parse_settings(items: list[str]) -> None:
    parse_or_clean_error(parse_settings, tuple(items))


@budget(150)
@given(spec=st.one_of(
    st.builds(lambda n, a, b, c: f"{n}={a}:{b}:{c}", st.sampled_from(["p_US", "v", "D_US", "x", ""]), numbers, numbers,
              counts),
    st.builds(lambda n, v: f"{n}={','.join(v)}", st.sampled_from(["p_US", "e"]), st.lists(numbers, max_size=5)),
    st.builds(lambda n, a, b, c: f"{n}=log:{a}:{b}:{c}", st.sampled_from(["v", "D_US"]), numbers, numbers,
              counts),
    st.text(max_size=20)))
@example(spec="D_US=log:1e-1000:1000:3")
@example(spec="D_US=log:1:1000:10000001")
@example(spec=f"p_US=0:1:{HUGE_INT}")
@example(spec="p_US=0:1:٣")
def test_vary(spec: str) -> None:
    axes = parse_or_clean_error(parse_grids, MODEL, [spec])
    if axes is not None:
        assert sum(len(v) for v in axes.values()) <= MAX_POINTS


@budget(150)
@given(spec=st.one_of(
    st.builds(lambda k, a: f"{k}({', '.join(a)})",
              st.sampled_from(["normal", "uniform", "triangular", "beta", "lognormal", "cauchy", ""]),
              st.lists(numbers, max_size=5)),
    st.text(max_size=30)),
    name=st.sampled_from(["p_US", "v", "D_US"]))
@example(spec="normal(1e400, 1)", name="v")
@example(spec="uniform(-1e400, 1e400)", name="v")
@example(spec="lognormal(1000, 1)", name="D_US")
@example(spec="beta(1e-400, 1)", name="p_US")
@example(spec="normal(0.5, 1e-400)", name="p_US")
def test_dist(spec: str, name: str) -> None:
    parse_or_clean_error(parse_distribution, spec)
    parse_or_clean_error(truncate, MODEL.parameter(name), spec)


@budget(20)
@given(text=st.one_of(hostile(), st.text(max_size=30)))
@example(text="")
@example(text="\ufeff")
def test_read_game_source_sniffing(text: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "game.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            read_game_source(str(path))
        except ValueError as exc:  # GameError, or the JSON decoder's error turned into one
            check_message(str(exc))


# --------------------------------------------------------------------------- regressions
def test_matrix_refusals_are_ours() -> None:
    for text, fragment in [("[" * 2000 + "]" * 2000, "nested deeper"), (f"[[{HUGE_INT}]]", "more than 1000"),
                           ("[[[1]]]", "nested deeper")]:
        msg = _error_of(parse_matrix, text, "--row")
        assert msg.startswith("--row: ") and fragment in msg, msg


def _error_of(func: object, *args: object) -> str:
    from gametheory.errors import GameError

    try:
        func(*args)  # type: ignore[operator]
    except GameError as exc:
        check_message(str(exc))
        return str(exc)
    raise AssertionError(f"{args!r} was accepted")


def test_log_grid_beyond_the_float_range() -> None:
    # old: OverflowError "math range error" / "integer division result too large for a float",
    # or values that underflowed to 0.0
    axes = parse_grids(MODEL, ["D_US=log:1e-999:1:4"])
    assert axes["D_US"] == [Fraction(1, 10**999), Fraction(1, 10**666), Fraction(1, 10**333), Fraction(1)]
    middle = parse_grids(MODEL, ["D_US=log:1e-500:1000:3"])["D_US"][1]  # 10^-248.5, not a rational power
    assert abs(middle / Fraction(10**-249) - Fraction("3.1622776601683793")) < Fraction(1, 10**15)


def test_distribution_numbers_beyond_floats() -> None:
    # old: OverflowError "integer division result too large for a float"
    assert "too large for a float" in _error_of(parse_distribution, "normal(1e400, 1)")
    # old: RuntimeWarning and a refusal for "no probability mass"
    assert "lognormal mu" in _error_of(parse_distribution, "lognormal(1000, 1)")
