"""How model values and flips read in words: one formatting rule for the suite.

>>> from fractions import Fraction
>>> format_value(Fraction(3, 4)), format_value(Fraction(1, 3001)), format_value(0.123456)
('3/4', '0.0003332', '0.1235')
>>> values_text({"p": Fraction(1, 2), "v": Fraction(3)})
'p=1/2, v=3'
>>> readable(Fraction(6, 251), "probability"), readable(Fraction(277, 5)), readable(Fraction(1, 3))
('2.4%', '55.4', '0.333')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gametheory._kernel.values import format_number

if TYPE_CHECKING:
    from gametheory.modeling.model import Model
    from gametheory.modeling.outcomes import Flip


def format_value(v: Any) -> str:
    """A value as a reader wants it: small-denominator rationals exactly, others to 4 digits."""
    if isinstance(v, Fraction):
        if v.denominator <= 1000:
            return format_number(v)
        return f"{float(v):.4g}"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def readable(v: Any, unit: str = "") -> str:
    """A value for a sentence a minister's staff reads: decimals, never fractions.

    Probabilities and shares (``unit`` ``"probability"``/``"share"``) read as percentages
    with two significant digits (``"2.4%"``, ``"50%"``); other numbers with three
    (``"55.4"``, ``"0.333"``, ``"1,200"``). Exact values stay in the JSON.
    """
    if isinstance(v, bool) or not isinstance(v, (int, float, Fraction)):
        return str(v)
    x = float(v)
    if unit in ("probability", "share"):
        pct = 100 * x
        if pct == 0 or pct == 100:
            return f"{pct:.0f}%"
        if 99 < pct < 100:  # keep "99.9%" apart from 100%
            text = f"{min(pct, 99.9):.1f}"
        else:
            text = f"{pct:.2g}" if abs(pct) < 10 else f"{pct:.3g}"
        return f"{float(text):g}%"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{float(f'{x:.3g}'):g}"


def flip_words(model: Model, f: Flip) -> str:
    """A flip in words: ``"if p falls below 50%: <headline of the outcome beyond>"`` (decimals
    and percentages; the exact value is in the flip's JSON)."""
    p = model.parameter(f.parameter)
    unit = f" {p.unit}" if p.unit and p.unit not in ("probability", "share") else ""
    verb = "falls below" if f.direction == "down" else "rises above"
    return f"if {p.name} {verb} {readable(f.value, p.unit)}{unit}: {model.outcome(f.to).headline}"


def values_text(values: Mapping[str, Fraction], names: Sequence[str] | None = None) -> str:
    """``"a=1/2, b=3"`` for the named values (default: all, in order)."""
    keys = names if names is not None else list(values)
    return ", ".join(f"{k}={format_value(values[k])}" for k in keys)
