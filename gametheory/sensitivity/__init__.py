"""Sensitivity analysis of the model suite: sweeps, thresholds, tornado, Monte Carlo, elasticities.

One module per analysis: :mod:`.core` (full-factorial sweeps), :mod:`.thresholds`,
:mod:`.tornado`, :mod:`.montecarlo`, :mod:`.elasticities`; beside them the grids
(:mod:`.grid`), distributions (:mod:`.distributions`), executors (:mod:`.executors`), the
compiled regime classifier (:mod:`.compiled`), threshold curves and exact flips
(:mod:`.boundaries`) and the helpers they share (:mod:`.common`). Models are named through
the registry (:mod:`gametheory.modeling.registry`); the engine never imports the suite by name.

The names this package takes from :mod:`.boundaries` and :mod:`.compiled`, the two modules
that need sympy, are loaded on first use (PEP 562), and :mod:`.core`, :mod:`.montecarlo` and
:mod:`.thresholds` import them inside the functions that use them, so importing the package
does not load sympy (a sweep, a Monte Carlo run or a threshold search that builds a compiled
classifier or exact flips does). scipy is loaded only by the truncated distributions of
:func:`montecarlo`.

>>> from gametheory.sensitivity import sweep
>>> r = sweep("escalation", ["p_US=0:1:3"])
>>> r.counts()
{'deterrence': 3}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach
from gametheory.sensitivity.common import evaluate
from gametheory.sensitivity.core import SweepResult, sweep
from gametheory.sensitivity.distributions import parse_distribution
from gametheory.sensitivity.elasticities import (
    ELASTICITY_METHODS,
    FD_METHOD,
    FIT_BUDGET,
    FIT_CHECKS,
    FIT_MAX_DEGREE,
    FIT_MAX_SAMPLES,
    FIT_OFFSETS,
    PROBE,
    ElasticityResult,
    RationalFit,
    elasticities,
    rational_fit,
)
from gametheory.sensitivity.grid import parse_grid, parse_grids
from gametheory.sensitivity.montecarlo import Z95, MonteCarloResult, montecarlo, wilson
from gametheory.sensitivity.thresholds import ThresholdResult, thresholds
from gametheory.sensitivity.tornado import AGGREGATES, TornadoResult, tornado, tornado_range

__all__ = [
    "AGGREGATES",
    "ELASTICITY_METHODS",
    "FD_METHOD",
    "FIT_BUDGET",
    "FIT_CHECKS",
    "FIT_MAX_DEGREE",
    "FIT_MAX_SAMPLES",
    "FIT_OFFSETS",
    "PROBE",
    "Z95",
    "CompiledClassifier",
    "ElasticityResult",
    "MonteCarloResult",
    "RationalFit",
    "SweepResult",
    "ThresholdCurve",
    "ThresholdResult",
    "TornadoResult",
    "compiled_classifier",
    "elasticities",
    "evaluate",
    "has_compiled",
    "montecarlo",
    "parse_distribution",
    "parse_grid",
    "parse_grids",
    "rational_fit",
    "sweep",
    "threshold_curves",
    "thresholds",
    "tornado",
    "tornado_range",
    "wilson",
]

#: Names whose modules need sympy: loaded on first use.
_LAZY: dict[str, str] = {
    "ThresholdCurve": "gametheory.sensitivity.boundaries",
    "threshold_curves": "gametheory.sensitivity.boundaries",
    "CompiledClassifier": "gametheory.sensitivity.compiled",
    "compiled_classifier": "gametheory.sensitivity.compiled",
    "has_compiled": "gametheory.sensitivity.compiled",
}

__getattr__, __dir__ = attach(__name__, _LAZY)

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.sensitivity.boundaries import ThresholdCurve, threshold_curves
    from gametheory.sensitivity.compiled import CompiledClassifier, compiled_classifier, has_compiled
