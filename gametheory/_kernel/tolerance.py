"""The tolerance policy: every float comparison of the engine uses one of these names.

Floats are compared *relative to a scale*: a tolerance ``tol`` means ``tol * max(1,
scale)`` where the scale is the largest magnitude in play (for payoffs, ``max |payoff|``),
so a game and the same game times 10^6 get the same answer. Exact arithmetic compares
exactly and never uses these.

Functions that compare floats take ``tol: float | None = None``; ``None`` means "the
default named here" (:func:`resolve`), as QuantEcon's ``tol=None`` does.

Where a float computation is followed by an exact certificate and the certificate fails,
the computation is retried at the tolerances of :data:`CERTIFY_LADDER` in turn (the
default first, then looser, tighter and loosest) before falling back to exact arithmetic.

>>> resolve(None, REGRET_TOL)
1e-09
>>> scaled(1e-9, 4.0)
4e-09
"""

from __future__ import annotations

import math

#: Largest float regret (gain from a unilateral deviation) accepted as an equilibrium,
#: relative to ``max(1, max |payoff|)``.
REGRET_TOL = 1e-9

#: Float probabilities: smallest accepted negative entry and largest deviation of a sum
#: from 1 (relative to the number of entries), and the level below which a probability
#: counts as zero when a support is read off.
PROBABILITY_TOL = 1e-9

#: A float constraint counts as tight (active) when its slack is at most this, relative to
#: the scale of its coefficients.
ACTIVE_TOL = 1e-9

#: Relative tolerance for comparing two float quantities (boundaries, classifications).
REL_TOL = 1e-9

#: Tolerances a float path tries in turn when the exact certificate of its answer fails.
CERTIFY_LADDER = (1e-9, 1e-7, 1e-11, 1e-5)


def resolve(tol: float | None, default: float) -> float:
    """``tol`` if given (checked: finite and non-negative), else ``default``."""
    if tol is None:
        return default
    t = float(tol)
    if not math.isfinite(t) or t < 0:
        raise ValueError(f"tol must be a finite non-negative number, got {tol!r}")
    return t


def scaled(tol: float, scale: float) -> float:
    """The absolute tolerance ``tol * max(1, |scale|)``."""
    return tol * max(1.0, abs(float(scale)))
