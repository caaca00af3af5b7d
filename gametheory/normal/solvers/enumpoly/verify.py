"""Verification of candidate points against the whole game, exactly or at high precision."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import flint
import mpmath
import numpy as np

from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers.enumpoly.precision import DIGITS, HP_TOL, HP_ZERO, _arb_to_mpf, _flint_prec


class _Verifier:
    """Checks candidate points of a support against the whole game, in high precision."""

    def __init__(self, game: NormalFormGame, U_int: list[np.ndarray] | None = None) -> None:
        """``U_int``: the game's :func:`~.supports._integer_payoffs`, when the caller has them."""
        self.game = game
        self.shape = game.shape
        self.N = game.num_players
        self.U_frac = [game.payoffs[..., i] for i in range(self.N)]
        flat = game.payoffs.reshape(-1).tolist()
        scale = max(abs(max(flat)), abs(min(flat))) if flat else Fraction(1)
        self.scale = max(Fraction(1), Fraction(scale))
        self._U_float: list[np.ndarray] | None = None
        self._U_int: list[np.ndarray] | None = U_int
        self._arb: _PayoffMatrices | None = None
        self._arb_int: _PayoffMatrices | None = None
        self._fmpz: _PayoffMatrices | None = None
        self._hp_memo: dict[Any, tuple[bool, bool, Any]] = {}

    @property
    def U_int(self) -> list[np.ndarray]:
        """Each player's payoffs scaled by a positive constant to integers (built on first use)."""
        if self._U_int is None:
            from gametheory.normal.solvers.enumpoly.supports import _integer_payoffs

            self._U_int = _integer_payoffs(self.game)
        return self._U_int

    def clearly_not_equilibrium(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]]) -> bool:
        """A float64 screen before :meth:`check_hp`: ``True`` when some player's regret at
        ``probs`` exceeds ``1e-6`` times the largest absolute payoff.

        The rounding error of these float sums is below ``1e-12`` of that scale (a few dozen
        terms, each a payoff times probabilities at most one, relative error ``2**-52`` per
        operation), and a polished candidate is accurate to far more digits, so a regret that
        large is a real one: the candidate is no equilibrium. ``False`` decides nothing.
        """
        if self._U_float is None:
            self._U_float = [np.array([float(v) for v in u.reshape(-1).tolist()]).reshape(self.shape)
                             for u in self.U_frac]
        prof = [np.zeros(n) for n in self.shape]
        for j, s in enumerate(support):
            for r, a in enumerate(s):
                prof[j][a] = float(probs[j][r])
        margin = 1e-6 * float(self.scale)
        for i in range(self.N):
            T = np.moveaxis(self._U_float[i], i, -1)
            for j in range(self.N):
                if j != i:
                    T = np.tensordot(prof[j], T, axes=([0], [0]))
            if float(T.max() - T @ prof[i]) > margin:
                return True
        return False

    def full_profile(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]], zero: Any) -> list[list[Any]]:
        out = []
        for j, s in enumerate(support):
            vec = [zero] * self.shape[j]
            for r, a in enumerate(s):
                vec[a] = probs[j][r]
            out.append(vec)
        return out

    def check_exact(self, support: tuple[tuple[int, ...], ...], probs: list[list[Fraction]]) -> tuple[bool, bool]:
        """(is an equilibrium with exactly this support, no outside strategy tied).

        Exact, in Python integers: each player's payoffs scaled to integers and each
        probability vector to its common denominator multiply to the strategies' payoffs
        times one positive constant per player, which changes no comparison between them.
        """
        if any(v <= 0 for row in probs for v in row) or any(sum(row) != 1 for row in probs):
            return False, False
        weights = []
        for row in probs:
            den = math.lcm(*(Fraction(v).denominator for v in row))
            weights.append([int(Fraction(v) * den) for v in row])
        prof = self.full_profile(support, weights, 0)
        strict = True
        if self._fmpz is None:
            self._fmpz = _PayoffMatrices(self.U_int, balls=False)
        every = self._fmpz.payoffs(prof)
        for i in range(self.N):
            pay = every[i]
            best = max(pay)
            own = [pay[a] for a in support[i]]
            if any(v != best for v in own):
                return False, False
            if sum(1 for v in pay if v == best) > len(support[i]):
                strict = False
        return True, strict

    def check_hp(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]]) -> tuple[bool, bool, Any]:
        """(equilibrium at DIGITS digits, no outside tie, high-precision max regret);
        remembered per support and point (the driver asks again for the regret it reports)."""
        key = (support, tuple(tuple(row) for row in probs))
        got = self._hp_memo.get(key)
        if got is None:
            got = self._hp_memo[key] = self._check_hp(support, probs)
        return got

    def _check_hp(self, support: tuple[tuple[int, ...], ...], probs: list[list[Any]]) -> tuple[bool, bool, Any]:
        # the sums run in python-flint balls at DIGITS + 10 digits, comparing midpoints only
        # (ordinary floating point at that precision, in C: what mpmath gave, much faster)
        with mpmath.workdps(DIGITS):
            if any(v <= HP_ZERO for row in probs for v in row):
                return False, False, None
        with _flint_prec(DIGITS + 10):
            zero = flint.arb(0)
            P = [[flint.arb(v) for v in row] for row in probs]
            prof = self.full_profile(support, P, zero)
            tol = flint.arb(HP_TOL) * flint.arb(float(self.scale))
            tie = flint.arb(HP_ZERO) * flint.arb(float(self.scale))
            worst = zero
            strict = True
            every = self.arb_payoffs.payoffs(prof)
            for i in range(self.N):
                pay = [v.mid() for v in every[i]]
                value = sum((p * v for p, v in zip(prof[i], pay)), zero).mid()
                best = pay[0]
                for v in pay[1:]:
                    if v > best:
                        best = v
                regret = (best - value).mid()
                if regret > worst:
                    worst = regret
                if regret > tol:
                    return False, False, _hp(regret)
                outside = [pay[a] for a in range(self.shape[i]) if a not in support[i]]
                if any(abs(v - value).mid() <= tie for v in outside):
                    strict = False
            return True, strict, _hp(worst)

    @property
    def arb_payoffs(self) -> _PayoffMatrices:
        """The game's payoffs for :meth:`check_hp` (built on first use)."""
        if self._arb is None:
            self._arb = _PayoffMatrices(self.U_frac, balls=True)
        return self._arb

    @property
    def arb_int_payoffs(self) -> _PayoffMatrices:
        """The integer-scaled payoffs (those of the support systems) for polishing."""
        if self._arb_int is None:
            self._arb_int = _PayoffMatrices(self.U_int, balls=True)
        return self._arb_int


def _hp(x: Any) -> Any:
    """A ball's midpoint as an mpmath number at ``DIGITS + 10`` digits."""
    with mpmath.workdps(DIGITS + 10):
        return _arb_to_mpf(x)


def _kron(full: list[list[Any]], i: int, one: Any = 1) -> list[Any]:
    """The Kronecker product of every opponent's vector in ``full`` (player order, the last
    opponent's index fastest): the weight of each opponents' pure profile."""
    q = [one]
    for j, vec in enumerate(full):
        if j != i:
            q = [a * b for a in q for b in vec]
    return q


class _PayoffMatrices:
    """Every pure strategy's payoff against a profile: player ``i``'s payoffs as one
    python-flint matrix (own strategies by the opponents' pure profiles, row-major) times
    the Kronecker product of the opponents' vectors, one matrix product in C per player.

    ``balls=False``: integer payoffs against integer weights, exact (``fmpz``; each
    strategy's payoff times the product of the opponents' totals). ``balls=True``: ball
    matrices at ``DIGITS + 10`` digits, for probabilities as balls (call :meth:`payoffs`
    inside ``_flint_prec(DIGITS + 10)``)."""

    def __init__(self, U: list[np.ndarray], balls: bool) -> None:
        self.shape = U[0].shape
        self.N = len(self.shape)
        self.balls = balls
        with _flint_prec(DIGITS + 10):
            self.M: list[Any] = []
            for i in range(self.N):
                rows = np.moveaxis(U[i], i, 0).reshape(self.shape[i], -1)
                flat = rows.reshape(-1).tolist()
                exact: Any
                if all(type(v) is int for v in flat):
                    exact = flint.fmpz_mat(rows.shape[0], rows.shape[1], flat)
                else:
                    exact = flint.fmpq_mat(rows.shape[0], rows.shape[1],
                                           [flint.fmpq(f.numerator, f.denominator)
                                            for f in (v if isinstance(v, Fraction) else Fraction(v) for v in flat)])
                self.M.append(flint.arb_mat(exact) if balls else exact)

    def payoffs(self, full: list[list[Any]], players: Any = None) -> dict[int, list[Any]]:
        """``{i: [payoff of each strategy of i]}`` at the profile ``full`` (one list per
        player, every strategy: balls, or Python integers for an integer table)."""
        out: dict[int, list[Any]] = {}
        for i in (range(self.N) if players is None else players):
            if self.balls:
                q = _kron(full, i, flint.arb(1))
                v = self.M[i] * flint.arb_mat(len(q), 1, q)
                out[i] = [v[a, 0] for a in range(self.shape[i])]
            else:
                q = _kron(full, i)
                v = self.M[i] * flint.fmpz_mat(len(q), 1, q)
                out[i] = [int(v[a, 0]) for a in range(self.shape[i])]
        return out
