"""Symbolic regimes of a model's tree in a few chosen parameters, cached per point.

Piecewise backward induction in every parameter of a model at once can take far too long (the
regime conditions multiply), so a model whose game is a tree may offer regimes in any small
set of parameters, the others held at their values: mix :class:`RegimesIn` into the model
and implement :meth:`RegimesIn.regime_tree`. The compiled sensitivity path asks for the
regimes in exactly the parameters a sweep varies.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from gametheory.extensive.game import ExtensiveGame
    from gametheory.symbolic.parameters import Parameter
    from gametheory.symbolic.spe import SymbolicSPEAnalysis

__all__ = ["RegimesIn"]

#: Cached analyses per model instance before the cache is emptied.
MAX_CACHED = 256


class RegimesIn:
    """Mixin for :class:`~gametheory.modeling.Model` subclasses whose game is a tree."""

    parameters: ClassVar[tuple[Parameter, ...]]

    if TYPE_CHECKING:  # provided by Model (a stub here would shadow it in the method order)

        def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Fraction]: ...

    def regime_tree(self, values: Mapping[str, Any], parameters: tuple[Parameter, ...]) -> ExtensiveGame:
        """The model's tree at ``values`` (symbols for the ``parameters`` left symbolic)."""
        raise NotImplementedError  # pragma: no cover - each model implements it

    def regimes_in(self, names: tuple[str, ...], values: Mapping[str, Fraction] | None = None) -> SymbolicSPEAnalysis:
        """Symbolic SPE regimes with the parameters ``names`` left as symbols, the rest at
        ``values`` (default: the defaults); cached per point."""
        from gametheory.symbolic.spe import symbolic_backward_induction

        vals = self.values() if values is None else dict(values)
        key = (tuple(names), tuple((k, vals[k]) for k in sorted(vals) if k not in names))
        cache: dict[Any, SymbolicSPEAnalysis] = self.__dict__.setdefault("_regime_cache", {})
        if key not in cache:
            s: dict[str, Any] = dict(vals)
            ps = tuple(p for p in self.parameters if p.name in names)
            for p in ps:
                s[p.name] = p.symbol
            if len(cache) > MAX_CACHED:
                cache.clear()
            cache[key] = symbolic_backward_induction(self.regime_tree(s, ps))
        return cache[key]
