"""Compiled kernel (numba): the lexicographic vertex walk of :mod:`gametheory._kernel._vertex_core`.

This module imports :mod:`numba` at its top, so it is itself imported only lazily, by
:func:`gametheory._kernel.vertex_walk.compiled_walk` (never at ``import gametheory``); without
numba that import fails and the caller takes another path. The compiled functions are the
plain-Python functions of :mod:`gametheory._kernel._vertex_core` (the same code objects, with
their helpers bound to the compiled helpers), so the interpreted and the compiled walk take the
same pivots in the same order. Nothing returned is trusted by the solvers. Compiled code is
cached on disk (``cache=True``).
"""

from __future__ import annotations

import types
from typing import Any

import numba

from gametheory._kernel import _vertex_core


def _compiled(func: Any, **helpers: Any) -> Any:
    """``func`` compiled with numba, its global helper names bound to compiled helpers."""
    scope = dict(vars(_vertex_core))
    scope.update(helpers)
    clone = types.FunctionType(func.__code__, scope, func.__name__, func.__defaults__)
    clone.__module__ = __name__
    clone.__qualname__ = func.__qualname__
    return numba.njit(cache=True)(clone)


hash_find = _compiled(_vertex_core.hash_find)
leaving_row = _compiled(_vertex_core.leaving_row)
walk_bases = _compiled(_vertex_core.walk_bases, hash_find=hash_find, leaving_row=leaving_row)
partner_systems = _compiled(_vertex_core.partner_systems)
