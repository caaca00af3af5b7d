"""Equilibrium solvers of normal-form games, one module per algorithm family.

* :mod:`~gametheory.normal.solvers.registry` -- :data:`METHODS` (name -> function,
  description), :func:`method_options`, :func:`choose_method` (what ``"auto"`` picks);
* :mod:`~gametheory.normal.solvers.dispatch` -- :func:`solve`, which runs a method by name;
* the solver modules: ``enummixed``, ``lemke_howson``, ``zerosum``, ``pure``, ``enumpoly``,
  ``qre`` (with ``logit_path``), ``nashpy_methods``.

The names below load their module on first use (PEP 562): reading :data:`METHODS` imports
no solver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gametheory._kernel.lazy import attach

_REGISTRY = "gametheory.normal.solvers.registry"

_EXPORTS = {
    "AUTO_ENUMERATION_LIMIT": _REGISTRY,
    "AUTO_SUPPORT_LIMIT": _REGISTRY,
    "AUTO_WORK_LIMIT": _REGISTRY,
    "enumeration_estimate": _REGISTRY,
    "METHODS": _REGISTRY,
    "choose_method": _REGISTRY,
    "method_options": _REGISTRY,
    "solve": "gametheory.normal.solvers.dispatch",
    "enummixed_solve": "gametheory.normal.solvers.enummixed",
    "enumpoly_solve": "gametheory.normal.solvers.enumpoly",
    "lemke_howson_solve": "gametheory.normal.solvers.lemke_howson",
    "logit_qre": "gametheory.normal.solvers.qre",
    "logit_solve": "gametheory.normal.solvers.qre",
    "nashpy_solve": "gametheory.normal.solvers.nashpy_methods",
    "pure_solve": "gametheory.normal.solvers.pure",
    "zerosum_solve": "gametheory.normal.solvers.zerosum",
}

__all__ = [
    "AUTO_ENUMERATION_LIMIT",
    "AUTO_SUPPORT_LIMIT",
    "AUTO_WORK_LIMIT",
    "METHODS",
    "choose_method",
    "enumeration_estimate",
    "method_options",
    "enummixed_solve",
    "enumpoly_solve",
    "lemke_howson_solve",
    "logit_qre",
    "logit_solve",
    "nashpy_solve",
    "pure_solve",
    "solve",
    "zerosum_solve",
]

__getattr__, __dir__ = attach(__name__, _EXPORTS)


if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ loads these
    from gametheory.normal.solvers.dispatch import solve
    from gametheory.normal.solvers.enummixed import enummixed_solve
    from gametheory.normal.solvers.enumpoly import enumpoly_solve
    from gametheory.normal.solvers.lemke_howson import lemke_howson_solve
    from gametheory.normal.solvers.nashpy_methods import nashpy_solve
    from gametheory.normal.solvers.pure import pure_solve
    from gametheory.normal.solvers.qre import logit_qre, logit_solve
    from gametheory.normal.solvers.registry import (
        AUTO_ENUMERATION_LIMIT,
        AUTO_SUPPORT_LIMIT,
        AUTO_WORK_LIMIT,
        METHODS,
        choose_method,
        enumeration_estimate,
        method_options,
    )
    from gametheory.normal.solvers.zerosum import zerosum_solve
