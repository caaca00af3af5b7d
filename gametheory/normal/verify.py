"""Checks of a given mixed profile of a normal-form game: Lyapunov value and epsilon-Nash.

For a profile ``sigma`` write ``g_i(s) = u_i(s, sigma_-i) - u_i(sigma)`` for the gain player
``i`` makes by switching to the pure strategy ``s`` while the others keep their mixtures.

* The **Lyapunov value** (McKelvey 1991, "A Liapunov function for Nash equilibria"; the
  quantity Gambit's ``liap_value`` reports) is

      L(sigma) = sum_i sum_{s in S_i} max(0, g_i(s))^2 .

  It is non-negative and zero exactly at the Nash equilibria, so it measures how far a
  profile is from one in a smooth way (it is the objective of Gambit's ``liap`` solver).
* The **regret** of player ``i`` is ``max_s g_i(s)`` (never negative, since ``sigma_i`` is a
  mixture of the pure strategies). A profile is an **epsilon-Nash equilibrium** when every
  regret is at most ``epsilon`` (Radner 1980): nobody can gain more than ``epsilon`` by a
  unilateral deviation. ``epsilon = 0`` is the Nash condition.

Exact games with exact profiles are evaluated in ``Fraction`` arithmetic, and the comparison
with ``epsilon`` is then exact (a float ``epsilon`` such as ``0.1`` is read as the decimal it
prints as, ``1/10``). With float payoffs or probabilities, values are floats and the comparison
allows the game's rounding tolerance on top of ``epsilon`` (``tol``, default ``1e-9`` times
``max(1, max |payoff|)``); the allowance used is reported in ``parameters``.

>>> import gametheory as gt
>>> from fractions import Fraction as F
>>> pd = gt.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> lyapunov_value(pd, [[1, 0], [1, 0]])   # both cooperate: each gains 2 by defecting
Fraction(8, 1)
>>> check = epsilon_nash(pd, [[F(1, 2), F(1, 2)], [0, 1]], epsilon=F(1, 2))
>>> check.is_epsilon_nash, check.max_regret, check.regrets
(True, Fraction(1, 2), {'Player 1': Fraction(1, 2), 'Player 2': Fraction(0, 1)})
>>> epsilon_nash(pd, [[F(1, 2), F(1, 2)], [0, 1]], epsilon="1/4").is_epsilon_nash
False
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import Result, arithmetic_of
from gametheory._kernel.values import Number, format_number, to_float, to_fraction
from gametheory.errors import GameError
from gametheory.normal.game import NormalFormGame, Profile, _contract_except

__all__ = ["EpsilonNashCheck", "deviation_gains", "epsilon_nash", "lyapunov_value"]


def _gains(game: NormalFormGame, prof: Profile) -> tuple[tuple[Number, ...], ...]:
    U, sig = game._arrays_for(prof)
    exact = U.dtype == object
    out: list[tuple[Number, ...]] = []
    for i in range(game.num_players):
        v = _contract_except(U[..., i], sig, i)
        vals = v.tolist()
        if exact:
            base = sum((Fraction(x) * p for x, p in zip(vals, prof[i])), Fraction(0))
            out.append(tuple(Fraction(x) - base for x in vals))
        else:
            fv = np.asarray(vals, dtype=np.float64)
            base_f = float(fv @ np.asarray(sig[i], dtype=np.float64))
            out.append(tuple(float(x) - base_f for x in fv))
    return tuple(out)


def deviation_gains(game: NormalFormGame, profile: Any) -> tuple[tuple[Number, ...], ...]:
    """Gain ``u_i(s, sigma_-i) - u_i(sigma)`` of every pure strategy ``s`` of every player ``i``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence or mapping
        A mixed profile, in any form :meth:`NormalFormGame.normalize_profile` accepts.

    Returns
    -------
    tuple of tuple
        One tuple per player, in the order of ``game.strategies[i]``; entries may be negative.
        Fractions when the game and the profile are exact, floats otherwise.
    """
    return _gains(game, game.normalize_profile(profile))


def lyapunov_value(game: NormalFormGame, profile: Any) -> Number:
    """The Lyapunov value ``sum_i sum_s max(0, u_i(s, sigma_-i) - u_i(sigma))^2`` of a profile.

    Zero exactly at Nash equilibria (McKelvey 1991); equal to Gambit's
    ``MixedStrategyProfile.liap_value``. Exact (a Fraction) when the game and the profile
    are exact.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence or mapping
        A mixed profile (see :meth:`NormalFormGame.normalize_profile`).

    Returns
    -------
    Fraction or float
        The Lyapunov value.
    """
    gains = deviation_gains(game, profile)
    flat = [g for row in gains for g in row]
    if flat and isinstance(flat[0], Fraction):
        return sum((g * g for g in flat if g > 0), Fraction(0))
    return float(sum(g * g for g in flat if g > 0))


def _epsilon(epsilon: Any, exact: bool) -> Number:
    if isinstance(epsilon, bool) or epsilon is None:
        raise GameError(f"epsilon: {epsilon!r} is not a number")
    value: Number = to_fraction(epsilon, "epsilon") if exact else to_float(epsilon, "epsilon")
    if isinstance(value, float) and math.isnan(value):  # pragma: no cover - to_float refuses NaN
        raise GameError("epsilon: nan is not a number")
    if value < 0:
        raise GameError(f"epsilon: must be at least 0, got {format_number(value)}")
    return value


@dataclass(frozen=True, kw_only=True)
class EpsilonNashCheck(Result):
    """The verdict of :func:`epsilon_nash` on one profile.

    Attributes
    ----------
    is_epsilon_nash : bool
        Whether every player's regret is at most ``epsilon`` (plus the float allowance).
    epsilon : Fraction or float
        The tolerance asked for.
    max_regret : Fraction or float
        The largest regret of any player.
    regrets : dict
        Regret of each player, by name.
    best_responses : dict
        Each player's pure best responses to the others (names; ties included, exactly
        for exact arithmetic).
    payoffs : dict
        Each player's expected payoff under the profile.
    lyapunov : Fraction or float
        The Lyapunov value of the profile (see :func:`lyapunov_value`).
    """

    is_epsilon_nash: bool
    epsilon: Number
    max_regret: Number
    regrets: Mapping[str, Number] = field(default_factory=dict)
    best_responses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    payoffs: Mapping[str, Number] = field(default_factory=dict)
    lyapunov: Number = 0

    @property
    def passed_players(self) -> tuple[str, ...]:
        """Players whose regret is within ``epsilon`` (with the float allowance, if any)."""
        slack = self.parameters.get("float_allowance", 0) or 0
        return tuple(p for p, r in self.regrets.items() if r <= self.epsilon + slack)

    def __bool__(self) -> bool:
        return self.is_epsilon_nash

    def __str__(self) -> str:
        verdict = "is" if self.is_epsilon_nash else "is NOT"
        lines = [
            f"The profile {verdict} an epsilon-Nash equilibrium for epsilon = {format_number(self.epsilon)} "
            f"({self.arithmetic} arithmetic).",
            f"Largest regret: {format_number(self.max_regret)}; Lyapunov value: {format_number(self.lyapunov)}.",
        ]
        for p, r in self.regrets.items():
            br = ", ".join(self.best_responses.get(p, ()))
            lines.append(f"  {p}: payoff {format_number(self.payoffs[p])}, regret {format_number(r)}, best replies: {br}")
        return "\n".join(lines)


def epsilon_nash(game: NormalFormGame, profile: Any, epsilon: Any = 0, *, tol: float | None = None) -> EpsilonNashCheck:
    """Check whether a mixed profile is an epsilon-Nash equilibrium, and report every regret.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence or mapping
        A mixed profile (see :meth:`NormalFormGame.normalize_profile`).
    epsilon : number, default 0
        The user's tolerance: the profile passes when no player gains more than ``epsilon`` by
        a unilateral deviation. Must be finite and non-negative; strings such as ``"1/100"``
        are read exactly.
    tol : float, optional
        Rounding allowance added to ``epsilon`` in float arithmetic only (default ``1e-9``
        times ``max(1, max |payoff|)``, see :meth:`NormalFormGame.tolerance`). Exact checks
        use no allowance.

    Returns
    -------
    EpsilonNashCheck
        The verdict with per-player regrets, best responses, payoffs and the Lyapunov value.

    Raises
    ------
    GameError
        For a malformed profile (wrong length, negative entries, not summing to 1, NaN) or a
        negative or non-numeric ``epsilon``.
    """
    start = time.perf_counter()
    prof = game.normalize_profile(profile)
    gains = _gains(game, prof)
    exact = isinstance(gains[0][0], Fraction) if gains and gains[0] else game.is_exact
    eps = _epsilon(epsilon, exact)
    allowance: Number = 0 if exact else game.tolerance(tol)
    regrets: dict[str, Number] = {}
    best: dict[str, tuple[str, ...]] = {}
    for i, row in enumerate(gains):
        top = max(row)
        name = game.players[i]
        if exact:
            regrets[name] = top
            best[name] = tuple(s for s, g in zip(game.strategies[i], row) if g == top)
        else:
            regrets[name] = max(float(top), 0.0)
            best[name] = tuple(s for s, g in zip(game.strategies[i], row) if g >= float(top) - float(allowance))
    max_regret = max(regrets.values())
    ok = bool(max_regret <= eps + allowance)
    lyap: Number
    if exact:
        lyap = sum((g * g for row in gains for g in row if g > 0), Fraction(0))
    else:
        lyap = float(sum(float(g) ** 2 for row in gains for g in row if g > 0))
    payoffs = dict(zip(game.players, game.expected_payoffs(prof)))
    params: dict[str, Any] = {"epsilon": eps}
    if not exact:
        params["float_allowance"] = allowance
    return EpsilonNashCheck(
        is_epsilon_nash=ok,
        epsilon=eps,
        max_regret=max_regret,
        regrets=regrets,
        best_responses=best,
        payoffs=payoffs,
        lyapunov=lyap,
        method="epsilon_nash",
        arithmetic=arithmetic_of(exact),
        elapsed=time.perf_counter() - start,
        parameters=params,
    )
