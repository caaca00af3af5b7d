"""Probability distributions of parameters, truncated to their admissible intervals.

Text forms (numbers parsed exactly, nothing evaluated)::

    uniform(a, b)            U(a, b), a < b
    normal(mu, sd)           N(mu, sd^2), sd > 0
    triangular(a, mode, b)   a <= mode <= b, a < b
    beta(a, b[, lo, hi])     lo + (hi - lo) Beta(a, b), a, b > 0 (default lo = 0, hi = 1)
    lognormal(mu, sigma)     exp(N(mu, sigma^2)), sigma > 0

or dicts ``{"dist": "normal", "mu": 0.5, "sd": 0.1}`` (``"type"`` also accepted, arguments by
name or as ``"args": [...]``).

Truncation to the admissible interval :math:`[l, u]` is by the inverse CDF: with
:math:`F` the distribution's CDF, draws are :math:`x = F^{-1}(U)`,
:math:`U \\sim \\mathrm{Uniform}(F(l), F(u))`, which is exactly the conditional law of
:math:`X` given :math:`l \\le X \\le u`. The retained mass :math:`F(u) - F(l)` must exceed
:math:`10^{-12}`, else the distribution has (numerically) no mass in the interval. Open ends
are nudged inwards by one floating-point step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory._kernel.values import parse_number, to_float
from gametheory.errors import GameError

_ARGS: dict[str, tuple[tuple[str, ...], int]] = {
    # name: (argument names, how many are required)
    "uniform": (("a", "b"), 2),
    "normal": (("mu", "sd"), 2),
    "triangular": (("a", "mode", "b"), 3),
    "beta": (("a", "b", "lo", "hi"), 2),
    "lognormal": (("mu", "sigma"), 2),
}

_TEXT = re.compile(r"^\s*([a-z]+)\s*\((.*)\)\s*$")
MIN_MASS = 1e-12


@dataclass(frozen=True)
class Distribution:
    """A named distribution with its arguments (floats), before truncation."""

    kind: str
    args: tuple[float, ...]

    def frozen(self) -> Any:
        from scipy import stats

        k, a = self.kind, self.args
        if k == "uniform":
            return stats.uniform(loc=a[0], scale=a[1] - a[0])
        if k == "normal":
            return stats.norm(loc=a[0], scale=a[1])
        if k == "triangular":
            return stats.triang(c=(a[1] - a[0]) / (a[2] - a[0]), loc=a[0], scale=a[2] - a[0])
        if k == "beta":
            lo, hi = (a[2], a[3]) if len(a) == 4 else (0.0, 1.0)
            return stats.beta(a[0], a[1], loc=lo, scale=hi - lo)
        return stats.lognorm(s=a[1], scale=float(np.exp(a[0])))

    def cdf(self, x: Any) -> Any:
        """The CDF at ``x`` (a float or an array). Uniform and triangular laws are computed in
        closed form with numpy (scenario ranges are uniform: drawing them needs no scipy, whose
        statistics module alone costs seconds to import); the others go through scipy."""
        a = self.args
        if self.kind == "uniform":
            return np.clip((np.asarray(x, dtype=np.float64) - a[0]) / (a[1] - a[0]), 0.0, 1.0)
        if self.kind == "triangular":
            lo, m, hi = a
            t = np.clip(np.asarray(x, dtype=np.float64), lo, hi)
            with np.errstate(divide="ignore", invalid="ignore"):
                left = np.where(m > lo, (t - lo) ** 2 / ((hi - lo) * (m - lo)), 0.0)
                right = np.where(hi > m, 1.0 - (hi - t) ** 2 / ((hi - lo) * (hi - m)), 1.0)
            return np.where(t <= m, left, right)
        return self.frozen().cdf(x)

    def ppf(self, u: Any) -> Any:
        """The inverse CDF at ``u`` in [0, 1] (closed form for uniform and triangular laws)."""
        a = self.args
        q = np.asarray(u, dtype=np.float64)
        if self.kind == "uniform":
            return a[0] + q * (a[1] - a[0])
        if self.kind == "triangular":
            lo, m, hi = a
            fm = (m - lo) / (hi - lo)
            return np.where(q <= fm, lo + np.sqrt(q * (hi - lo) * (m - lo)),
                            hi - np.sqrt((1.0 - q) * (hi - lo) * (hi - m)))
        return self.frozen().ppf(q)

    def text(self) -> str:
        return f"{self.kind}({', '.join(f'{x:g}' for x in self.args)})"


#: Largest ``|mu|`` of a lognormal: ``exp(mu)`` (its median) must be a float.
MAX_LOG_MU = 700


def _check(kind: str, args: tuple[float, ...], where: str) -> None:
    if kind == "uniform" and not args[0] < args[1]:
        raise GameError(f"{where}: uniform(a, b) needs a < b (zero variance or empty)")
    if kind in ("normal", "lognormal") and not args[1] > 0:
        raise GameError(f"{where}: {kind} needs a positive spread (zero variance is a fixed value: use fixed=)")
    if kind == "lognormal" and not abs(args[0]) < MAX_LOG_MU:
        raise GameError(f"{where}: lognormal mu {args[0]:g} is beyond +-{MAX_LOG_MU} (exp(mu) has no float)")
    if kind == "triangular":
        a, m, b = args
        if not a < b:
            raise GameError(f"{where}: triangular(a, mode, b) needs a < b (zero variance)")
        if not a <= m <= b:
            raise GameError(f"{where}: triangular mode {m:g} is outside [{a:g}, {b:g}]")
    if kind == "beta":
        if not (args[0] > 0 and args[1] > 0):
            raise GameError(f"{where}: beta(a, b) needs a, b > 0")
        if len(args) == 3:
            raise GameError(f"{where}: beta takes (a, b) or (a, b, lo, hi)")
        if len(args) == 4 and not args[2] < args[3]:
            raise GameError(f"{where}: beta needs lo < hi")


def parse_distribution(spec: Any, where: str = "distribution") -> Distribution:
    """A :class:`Distribution` from text or a dict (see the module docstring)."""
    if isinstance(spec, Distribution):
        return spec
    if isinstance(spec, str):
        m = _TEXT.match(spec)
        if not m:
            raise GameError(f"{where}: {spec!r} is not a distribution like normal(0.5, 0.1) "
                            f"(known: {', '.join(_ARGS)})")
        kind = m.group(1)
        raw = [s for s in m.group(2).split(",")]
        if kind not in _ARGS:
            raise GameError(f"{where}: unknown distribution {kind!r} (known: {', '.join(_ARGS)})")
        if len(raw) == 1 and not raw[0].strip():
            raw = []
        values = [to_float(parse_number(s, where), where) for s in raw]
    elif isinstance(spec, Mapping):
        kind = str(spec.get("dist", spec.get("type", "")))
        if kind not in _ARGS:
            raise GameError(f"{where}: unknown distribution {kind!r} (known: {', '.join(_ARGS)})")
        names, _ = _ARGS[kind]
        extra = set(spec) - {"dist", "type", "args", *names}
        if extra:
            raise GameError(f"{where}: unknown argument {sorted(extra)[0]!r} for {kind} (takes {', '.join(names)})")
        if "args" in spec:
            items = list(spec["args"])
        else:
            items = [spec[n] for n in names if n in spec]
        values = [to_float(parse_number(str(v), where), where) for v in items]
    else:
        raise GameError(f"{where}: expected text like 'normal(0.5, 0.1)' or a dict, got {type(spec).__name__}")
    names, required = _ARGS[kind]
    if not required <= len(values) <= len(names):
        raise GameError(f"{where}: {kind} takes {required}{'-' + str(len(names)) if len(names) > required else ''} "
                        f"arguments ({', '.join(names)}), got {len(values)}")
    args = tuple(values)
    _check(kind, args, where)
    return Distribution(kind, args)


@dataclass(frozen=True)
class Truncated:
    """A distribution truncated to a parameter's admissible interval (inverse-CDF sampling)."""

    parameter: str
    dist: Distribution
    lo: float
    hi: float
    mass: float

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        d = self.dist
        flo, fhi = float(d.cdf(self.lo)), float(d.cdf(self.hi))
        u = rng.uniform(flo, fhi, n)
        x = np.asarray(d.ppf(u), dtype=np.float64)
        return np.clip(x, self.lo, self.hi)


def truncate(parameter: Any, spec: Any) -> Truncated:
    """``spec`` for ``parameter``, truncated to its admissible interval."""
    where = f"distribution of {parameter.name}"
    dist = parse_distribution(spec, where)
    lo = -np.inf if parameter.lower is None else float(parameter.lower)
    hi = np.inf if parameter.upper is None else float(parameter.upper)
    if parameter.lower is not None and parameter.lower_open:
        lo = float(np.nextafter(lo, np.inf))
    if parameter.upper is not None and parameter.upper_open:
        hi = float(np.nextafter(hi, -np.inf))
    mass = float(dist.cdf(hi) - dist.cdf(lo))
    if not mass > MIN_MASS:
        raise GameError(f"{where}: {dist.text()} has no probability mass in the admissible interval "
                        f"{parameter.interval_text()}")
    return Truncated(parameter.name, dist, lo, hi, mass)
