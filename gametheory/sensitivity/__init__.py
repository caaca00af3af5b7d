"""Sensitivity analysis of the model suite: sweeps, thresholds, tornado, Monte Carlo, elasticities.

>>> from gametheory.sensitivity import sweep
>>> r = sweep("deterrence_complete", ["p_US=0:1:3"])
>>> r.counts()
{'deterrence': 3}
"""

from __future__ import annotations

from gametheory.sensitivity.analysis import (
    ElasticityResult,
    MonteCarloResult,
    ThresholdResult,
    TornadoResult,
    elasticities,
    montecarlo,
    thresholds,
    tornado,
    wilson,
)
from gametheory.sensitivity.boundaries import ThresholdCurve, threshold_curves
from gametheory.sensitivity.compiled import CompiledClassifier, compiled_classifier, has_compiled
from gametheory.sensitivity.core import SweepResult, sweep
from gametheory.sensitivity.distributions import parse_distribution
from gametheory.sensitivity.grid import parse_grid, parse_grids

__all__ = [
    "CompiledClassifier",
    "ElasticityResult",
    "MonteCarloResult",
    "SweepResult",
    "ThresholdResult",
    "ThresholdCurve",
    "TornadoResult",
    "compiled_classifier",
    "elasticities",
    "has_compiled",
    "montecarlo",
    "parse_distribution",
    "parse_grid",
    "parse_grids",
    "sweep",
    "threshold_curves",
    "thresholds",
    "tornado",
    "wilson",
]
