"""Games of private information with continuous types.

* :mod:`~gametheory.bayesian.distributions` -- :class:`TypeDistribution` on an interval
  (:func:`uniform`, :func:`beta`, :func:`truncated_normal`, :func:`density`), checked to be a
  density; CDF, mean, conditional means;
* :mod:`~gametheory.bayesian.game` -- :class:`BayesianGame` (independent types, finite actions,
  payoff formulas);
* :mod:`~gametheory.bayesian.cutoff` -- :func:`solve_cutoffs`: equilibria in cutoff strategies,
  each verified on a type grid (:class:`BayesianResult`);
* :mod:`~gametheory.bayesian.bidding` -- :func:`all_pay_bids`, :func:`war_of_attrition_bids`:
  symmetric monotone bid functions from their ODE (:class:`BidResult`);
* :mod:`~gametheory.bayesian.screening` -- :func:`fearon_screening` (:class:`ScreeningResult`);
* :mod:`~gametheory.bayesian.jsonfile` -- :func:`load_bayesian`, :func:`solve_bayesian`.

Names load their module on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

_EXPORTS = {
    "TypeDistribution": "gametheory.bayesian.distributions",
    "DistributionError": "gametheory.bayesian.distributions",
    "uniform": "gametheory.bayesian.distributions",
    "beta": "gametheory.bayesian.distributions",
    "truncated_normal": "gametheory.bayesian.distributions",
    "density": "gametheory.bayesian.distributions",
    "BayesianGame": "gametheory.bayesian.game",
    "BayesianPlayer": "gametheory.bayesian.game",
    "BayesianGameError": "gametheory.bayesian.game",
    "BayesianResult": "gametheory.bayesian.cutoff",
    "CutoffEquilibrium": "gametheory.bayesian.cutoff",
    "solve_cutoffs": "gametheory.bayesian.cutoff",
    "check_cutoffs": "gametheory.bayesian.cutoff",
    "BidResult": "gametheory.bayesian.bidding",
    "all_pay_bids": "gametheory.bayesian.bidding",
    "war_of_attrition_bids": "gametheory.bayesian.bidding",
    "ScreeningResult": "gametheory.bayesian.screening",
    "fearon_screening": "gametheory.bayesian.screening",
    "AllPayAuction": "gametheory.bayesian.jsonfile",
    "WarOfAttrition": "gametheory.bayesian.jsonfile",
    "ScreeningGame": "gametheory.bayesian.jsonfile",
    "BayesianFormatError": "gametheory.bayesian.jsonfile",
    "is_bayesian": "gametheory.bayesian.jsonfile",
    "load_bayesian": "gametheory.bayesian.jsonfile",
    "solve_bayesian": "gametheory.bayesian.jsonfile",
}

__all__ = [
    "AllPayAuction",
    "BayesianFormatError",
    "BayesianGame",
    "BayesianGameError",
    "BayesianPlayer",
    "BayesianResult",
    "BidResult",
    "CutoffEquilibrium",
    "DistributionError",
    "ScreeningGame",
    "ScreeningResult",
    "TypeDistribution",
    "WarOfAttrition",
    "all_pay_bids",
    "beta",
    "check_cutoffs",
    "density",
    "fearon_screening",
    "is_bayesian",
    "load_bayesian",
    "solve_bayesian",
    "solve_cutoffs",
    "truncated_normal",
    "uniform",
    "war_of_attrition_bids",
]

__getattr__, __dir__ = attach(__name__, _EXPORTS)


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.bayesian.bidding import BidResult, all_pay_bids, war_of_attrition_bids
    from gametheory.bayesian.cutoff import BayesianResult, CutoffEquilibrium, check_cutoffs, solve_cutoffs
    from gametheory.bayesian.distributions import (
        DistributionError,
        TypeDistribution,
        beta,
        density,
        truncated_normal,
        uniform,
    )
    from gametheory.bayesian.game import BayesianGame, BayesianGameError, BayesianPlayer
    from gametheory.bayesian.jsonfile import (
        AllPayAuction,
        BayesianFormatError,
        ScreeningGame,
        WarOfAttrition,
        is_bayesian,
        load_bayesian,
        solve_bayesian,
    )
    from gametheory.bayesian.screening import ScreeningResult, fearon_screening
