"""One (coarse) correlated equilibrium optimal for an objective: welfare, egalitarian
(max-min, then welfare), player weights, or none (any vertex); see the package docstring
:mod:`gametheory.normal.correlated` for the method."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tolerance import CERTIFY_LADDER
from gametheory._kernel.values import Number, to_float, to_fraction
from gametheory.errors import GameError, GameSizeError, SolverError
from gametheory.normal.correlated.check import _max_gain
from gametheory.normal.correlated.constraints import _copy_rows, _incentive_rows, _nonzeros, _Rows
from gametheory.normal.correlated.lp import _float_lp, _StandardForm, _support_certificate
from gametheory.normal.correlated.result import CorrelatedResult, _freeze, _support_dict
from gametheory.normal.game import NormalFormGame
from gametheory.normal.solvers._common import stopwatch, want_exact

#: Largest number of nonzero constraint coefficients the LP may have (about 0.5 GB to build).
MAX_LP_NONZEROS = 20_000_000


#: Float egalitarian objective: the max-min level found in stage 1, less this much (times
#: ``max(1, max |payoff|)``), is required of every player in stage 2; the larger values are
#: fallbacks in case HiGHS's stage-1 optimum is too high for stage 2 to be feasible.
_LEVEL_SLACKS = (0.0, *CERTIFY_LADDER[:2])


Objective = str | Sequence[Any] | Mapping[str, Any] | None


# ============================================================================ objectives
def _parse_objective(game: NormalFormGame, objective: Objective, exact: bool) -> tuple[str, list[Number] | None]:
    """Objective kind and, for linear objectives, one weight per player."""
    N = game.num_players
    one: Number = Fraction(1) if exact else 1.0
    if objective is None:
        return "none", None
    if isinstance(objective, str):
        if objective == "welfare":
            return "welfare", [one] * N
        if objective == "egalitarian":
            return "egalitarian", None
        raise GameError(
            f"correlated_equilibrium: objective must be 'welfare', 'egalitarian', None or one "
            f"weight per player, got {objective!r}"
        )
    if isinstance(objective, Mapping):
        unknown = set(objective) - set(game.players)
        if unknown:
            raise GameError(f"correlated_equilibrium: objective names unknown players {sorted(map(str, unknown))}")
        raw = [objective.get(p, 0) for p in game.players]
    else:
        raw = list(objective)
    if len(raw) != N:
        raise GameError(f"correlated_equilibrium: objective needs {N} weights (one per player), got {len(raw)}")
    conv = to_fraction if exact else to_float
    return "weights", [conv(w, "correlated_equilibrium: objective weight") for w in raw]


# ============================================================================ main entry
def correlated_equilibrium(
    game: NormalFormGame,
    *,
    objective: Objective = "welfare",
    coarse: bool = False,
    exact: bool | None = None,
) -> CorrelatedResult:
    """A (coarse) correlated equilibrium that is optimal for ``objective``.

    Parameters
    ----------
    game:
        Any N-player game.
    objective:
        ``"welfare"`` (default): maximise the sum of expected payoffs.
        ``"egalitarian"``: maximise the smallest expected payoff; among those, maximise
        welfare. A sequence of one weight per player (or a mapping ``{player: weight}``,
        missing players weigh 0): maximise ``sum_i w_i u_i``. ``None``: any equilibrium
        (a vertex of the polytope).
    coarse:
        ``True`` for a coarse correlated equilibrium (Moulin & Vial 1978): players only
        compare obeying with committing to a fixed strategy in advance.
    exact:
        Rational arithmetic (default for exact games): the distribution is an exact
        vertex, ``max_violation`` is exactly 0 and optimality is proved by an exact dual
        solution. ``False``: HiGHS's floating-point answer, checked to tolerance.

    Returns
    -------
    CorrelatedResult
    """
    if not isinstance(game, NormalFormGame):
        raise GameError(f"correlated_equilibrium: expected a NormalFormGame, got {type(game).__name__}")
    use_exact = want_exact(game, exact)
    nnz = _nonzeros(game, coarse)
    if nnz > MAX_LP_NONZEROS:
        raise GameSizeError(
            f"correlated_equilibrium: the LP of this {' x '.join(map(str, game.shape))} game has "
            f"{nnz:,} constraint coefficients, more than the limit of {MAX_LP_NONZEROS:,}"
        )
    diagnostics: list[str] = []
    target = game
    if use_exact and not game.is_exact:
        target = game.to_exact()
        diagnostics.append("float payoffs were read as the decimals they print as (exact=True)")
    elif not use_exact and game.is_exact:
        target = game.to_float()
    kind, weights = _parse_objective(target, objective, use_exact)
    shape = target.shape
    N = target.num_players
    P = math.prod(shape)
    with stopwatch() as t:
        rows = _incentive_rows(target, coarse, use_exact)
        U = target.payoffs.reshape(P, N)  # row-major profiles
        if kind == "egalitarian":
            x = _egalitarian(target, rows, U, P, use_exact, diagnostics)
        else:
            if weights is None:
                c_list: list[Number] = [Fraction(0) if use_exact else 0.0] * P
            else:
                c_list = [sum((w * u for w, u in zip(weights, U[j].tolist())), start=0 * weights[0]) for j in range(P)]
            x = _optimise(rows, P, P, c_list, use_exact, diagnostics)
        if use_exact:
            dist = np.array(x[:P], dtype=object).reshape(shape)
        else:
            p = np.clip(np.asarray(x[:P], dtype=np.float64), 0.0, None)
            p[p < 1e-14] = 0.0
            dist = (p / p.sum()).reshape(shape)
        payoffs = _expected_payoffs(dist, target)
        violation = _max_gain(target, dist, coarse)
    if use_exact and violation != 0:  # pragma: no cover - the exact LP solution is feasible
        raise SolverError(f"correlated_equilibrium: exact solution violates a constraint by {violation}")
    if not use_exact and float(violation) > target.tolerance():
        diagnostics.append(
            f"the LP solution violates an incentive constraint by {float(violation):.3g}, above the "
            f"tolerance {target.tolerance():.3g}; solve with exact=True to be sure"
        )
    value: Number | None
    if kind == "none":
        value = None
    elif kind == "egalitarian":
        value = min(payoffs)
    else:
        assert weights is not None
        value = sum((w * u for w, u in zip(weights, payoffs)), start=0 * weights[0])
    params: dict[str, Any] = {"objective": kind, "coarse": coarse}
    if kind == "weights":
        params["weights"] = list(weights or [])
    return CorrelatedResult(
        game=target,
        distribution=_freeze(dist),
        support=_support_dict(target, dist),
        payoffs=payoffs,
        objective=kind,
        objective_value=value,
        max_violation=violation,
        coarse=coarse,
        arithmetic=arithmetic_of(use_exact),
        elapsed=t[0],
        parameters=params,
        diagnostics=tuple(diagnostics),
    )


def _expected_payoffs(dist: np.ndarray, game: NormalFormGame) -> tuple[Number, ...]:
    P = dist.size
    U = game.payoffs.reshape(P, game.num_players)
    flat = dist.reshape(-1)
    if dist.dtype == object:
        return tuple(Fraction(v) for v in flat.dot(U).tolist())
    return tuple(float(v) for v in flat @ U.astype(np.float64))


_FAST_NOTE = (
    "exact: the float optimum's support was re-solved in rational arithmetic; exact dual "
    "solution certifies optimality (every reduced cost <= 0)"
)


def _optimise(
    rows: _Rows, nvars: int, P: int, c: list[Number], exact: bool, diagnostics: list[str]
) -> list[Number]:
    """Optimal vertex of ``max c.x s.t. rows >= 0, sum x[:P] = 1, x >= 0``."""
    cf = np.array([float(v) for v in c], dtype=np.float64)
    flp = _float_lp(rows, nvars, P, cf)
    if not exact:
        return list(flp.x)
    cq = [Fraction(v) for v in c]
    cert = _support_certificate(rows, nvars, P, cq, flp, [False] * nvars, [False] * len(rows))
    if cert is not None:
        diagnostics.append(_FAST_NOTE)
        return list(cert.x)
    sf = _StandardForm(rows, nvars, P)
    z, _, notes = sf.optimise(cq, flp)
    diagnostics.extend(notes)
    return list(z[:nvars])


def _egalitarian(
    game: NormalFormGame, rows: _Rows, U: np.ndarray, P: int, exact: bool, diagnostics: list[str]
) -> list[Number]:
    """Max-min expected payoff, then maximal welfare among the max-min distributions.

    Stage 1 adds a variable ``z >= 0`` with ``u_i(p) - L >= z`` for every player (``L``
    the smallest payoff, so ``z`` need not be free) and maximises ``z``. Stage 2 maximises
    welfare over stage 1's optimal face. Exactly, that face is read off an exact optimal
    dual solution of stage 1 (by complementary slackness: variables with a negative
    reduced cost stay 0, rows with a positive dual hold with equality), so no rounded
    level ``z*`` enters any constraint. In float mode stage 2 requires
    ``u_i(p) >= L + z*`` instead; if HiGHS finds that infeasible, the level is lowered
    by the first two rungs of
    :data:`~gametheory._kernel.tolerance.CERTIFY_LADDER` (``1e-9``, ``1e-7``) times ``scale`` (``scale = max(1, max |payoff|)``).
    """
    N = game.num_players
    low = min(U.reshape(-1).tolist())
    stage1 = _copy_rows(rows)
    for i in range(N):
        stage1.add(np.arange(P + 1), [u - low for u in U[:, i].tolist()] + [-1], exact, ("min", i))
    zero: Number = Fraction(0) if exact else 0.0
    one: Number = Fraction(1) if exact else 1.0
    nv, m = P + 1, len(stage1)
    c1 = [zero] * P + [one]
    welfare = [sum(U[j].tolist(), start=zero) for j in range(P)] + [zero]
    flp1 = _float_lp(stage1, nv, P, np.array([float(v) for v in c1]))
    if not exact:
        scale = max(1.0, float(np.max(np.abs(U.astype(np.float64)))))
        for slack in _LEVEL_SLACKS:
            level = low + flp1.x[P] - slack * scale
            stage2 = _copy_rows(rows)
            for i in range(N):
                stage2.add(np.arange(P), [u - level for u in U[:, i].tolist()], False, ("level", i))
            try:
                return _optimise(stage2, P, P, welfare[:P], False, diagnostics)
            except SolverError:
                if slack == _LEVEL_SLACKS[-1]:  # pragma: no cover - stage 1 is feasible
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    c1q = [Fraction(v) for v in c1]
    c2q = [Fraction(v) for v in welfare]
    c2f = np.array([float(v) for v in welfare])
    cert1 = _support_certificate(stage1, nv, P, c1q, flp1, [False] * nv, [False] * m)
    if cert1 is not None:
        fixed = [v != 0 for v in cert1.r]
        equalities = [v != 0 for v in cert1.y]
        flp2 = _float_lp(stage1, nv, P, c2f, fixed=fixed, equalities=equalities)
        cert2 = _support_certificate(stage1, nv, P, c2q, flp2, fixed, equalities)
        if cert2 is not None:
            diagnostics.append(f"max-min stage: {_FAST_NOTE}")
            diagnostics.append(f"welfare stage (on the max-min optimal face): {_FAST_NOTE}")
            return list(cert2.x[:P])
    sf = _StandardForm(stage1, nv, P)
    _, d1, notes1 = sf.optimise(c1q, flp1)
    basis1 = sf.last_basis
    allowed = [v == 0 for v in d1]  # stage 1's optimal face: zero reduced cost
    flp2 = _float_lp(
        stage1, nv, P, c2f, fixed=[not a for a in allowed[:nv]], equalities=[not a for a in allowed[nv:]]
    )
    z2, _, notes2 = sf.optimise(c2q, flp2, allowed, start=basis1)
    diagnostics.extend(f"max-min stage: {n}" for n in notes1)
    diagnostics.extend(f"welfare stage (on the max-min optimal face): {n}" for n in notes2)
    return list(z2[:P])
