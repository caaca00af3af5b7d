"""Logit quantal response equilibria, and one Nash equilibrium of an N-player game as the
limit of the principal logit branch.

**Logit QRE** (McKelvey & Palfrey 1995, "Quantal response equilibria for normal form
games", *Games and Economic Behavior* 10:6-38). At precision ``lam >= 0`` every player
answers the others with the logit (softmax) choice rule,

    sigma_ij = exp(lam * u_ij(sigma)) / sum_k exp(lam * u_ik(sigma)),

where ``u_ij(sigma)`` is player ``i``'s expected payoff from pure strategy ``j`` against the
others' mixed strategies. A fixed point exists for every ``lam`` (Brouwer). At ``lam = 0``
it is unique (everybody mixes uniformly); for generic games the fixed points connected
to it form a smooth curve, the *principal branch*, which converges as ``lam -> infinity``
to one Nash equilibrium (McKelvey & Palfrey 1995). QRE profiles are **not** Nash
equilibria: better strategies are only played more often than worse ones, and the
regret of a QRE profile shrinks roughly like ``1 / lam``.

**Continuation** (Turocy 2005, "A dynamic homotopy interpretation of the logistic quantal
response equilibrium correspondence", *Games and Economic Behavior* 51:243-263). In
log-probabilities ``x_ij = log sigma_ij`` the fixed points are the zeros of

    H_ij(x, lam) = x_ij - lam * u_ij(exp x) + log sum_k exp(lam * u_ik(exp x)),

``M`` equations (``M`` = total number of strategies) in ``M + 1`` unknowns ``(x, lam)``.
Payoffs are first shifted and scaled to unit range (which rescales ``lam`` only). The
branch is followed by an Euler-Newton predictor-corrector method in arclength
(Allgower & Georg 1990, *Numerical continuation methods*, ch. 2-3): the predictor steps
along the unit tangent (the null vector of ``J = dH/d(x, lam)``, oriented continuously);
the corrector is Newton's method on ``H = 0`` restricted to the hyperplane through the
predicted point orthogonal to the tangent. The step length adapts to the length of the
first Newton step, the contraction rate of Newton's method and the angle between
successive tangents (ch. 6); a rejected step is halved. Arclength steps pass turning
points, where the branch bends back to smaller ``lam``. Log coordinates keep
probabilities that underflow (``exp(-lam * gap)``) meaningful; such strategies are left
out when step lengths and angles are measured, so far out, where the branch is nearly a
straight line, steps grow geometrically.

A step is accepted only if it keeps the orientation ``sign det [J; t^T]`` (ch. 8): a
change means the predictor jumped onto a nearby, different branch, and the step is
halved. A change that persists for tiny steps is a bifurcation point of a non-generic
(e.g. symmetric) game; the trace then continues straight through it, and says so in the
diagnostics. Other programs may turn onto one of the branches that meet there.

**Polishing** (:func:`logit_solve`). At checkpoints ``lam = 10, 30, 90, ...`` (unit-range
payoffs) the strategies whose log-probability lies within ``sqrt(lam)`` (also ``lam / 20``
and ``3``) of the player's most likely strategy form candidate supports. On each, the
indifference system (every support strategy earns the player's value; probabilities sum
to one) is solved by Newton's method with least-squares steps; a strategy that gets a
negative probability, or loses by more than the residual when the system is
inconsistent, leaves the support and the system is solved again. A candidate counts
when its Nash regret is within tolerance and it lies within ``min(0.5, 50 / lam)`` of the
QRE profile; it is accepted when two successive checkpoints give the same candidate and
the QRE profile has moved closer to it. For exact games the support system is then
solved exactly (two players: two linear systems) or the float solution is rationalised
(``limit_denominator``), and either is kept only if it is within ``1e-8`` of the float
equilibrium and its regret is exactly zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory._kernel.linalg import solve_consistent
from gametheory._kernel.results import arithmetic_of
from gametheory._kernel.tolerance import PROBABILITY_TOL
from gametheory.errors import SolverError
from gametheory.normal.game import NormalFormGame, Profile
from gametheory.normal.result import Equilibrium, SolveResult, make_equilibrium
from gametheory.normal.solvers._common import FLOAT_PAYOFF_LIMIT, gated, overflow_prone, stopwatch, want_exact
from gametheory.normal.solvers.logit_path import (
    _branch,
    _BranchLog,
    _Kernel,
    _land,
    _PathBreakdown,
    _uniform_point,
)

#: Default largest precision traced by :func:`logit_solve`, for payoffs rescaled to unit range.
MAX_LAMBDA = 1e7

#: Checkpoints (unit-range precision) at which :func:`logit_solve` tries to polish.
_FIRST_CHECKPOINT = 10.0
_CHECKPOINT_FACTOR = 3.0

#: A polished equilibrium is a candidate limit only within ``min(0.5, _NEAR / lam)`` of the
#: QRE profile (unit-range precision ``lam``).
_NEAR = 50.0

#: Beyond this (unit-range) precision an unconfirmed but verified candidate is accepted.
_SETTLE = 1e5

#: Denominator bounds tried when rationalising a float equilibrium of a game with 3+ players.
_DENOMINATORS = (1, 2, 4, 8, 10, 12, 16, 20, 30, 50, 100, 1_000, 10_000, 100_000, 1_000_000)


#: An exact equilibrium replaces the float one only if no probability moves by more than this.
_EXACT_MATCH = 1e-8



# ----------------------------------------------------------------------------- logit_qre
def _bifurcation_note(log: _BranchLog, k: _Kernel) -> str:
    where = ", ".join(f"{v / k.scale:.6g}" for v in log.bifurcations[:5])
    return (
        f"the branch passed {len(log.bifurcations)} bifurcation point(s) (lambda ~ {where}); "
        "this happens in non-generic (e.g. symmetric) games, where other branches meet "
        "the principal one and other solvers may follow those instead"
    )


def _lambda_list(lam: Any) -> list[float]:
    if lam is None:
        raise SolverError("logit_qre: give the precision(s) lam=, e.g. lam=[0.5, 1, 2]")
    if isinstance(lam, (str, bytes)):
        raise SolverError(f"logit_qre: lam must be a number or a sequence of numbers, got {lam!r}")
    values = list(lam) if isinstance(lam, (Sequence, np.ndarray)) else [lam]
    if not values:
        raise SolverError("logit_qre: lam is empty")
    out = []
    for v in values:
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise SolverError(f"logit_qre: lambda {v!r} is not a number") from None
        if not math.isfinite(f) or f < 0:
            raise SolverError(f"logit_qre: lambda must be finite and >= 0, got {v!r}")
        out.append(f)
    return out


def _float_game(game: NormalFormGame, exact: bool | None, method: str) -> NormalFormGame:
    if exact:
        raise SolverError(f"{method}: quantal response equilibria are irrational in general; "
                          "they are computed in floating point only (use exact=False or None)")
    fg = game.to_float()
    _refuse_overflow(fg, method)
    return fg


def _refuse_overflow(game: NormalFormGame, method: str) -> None:
    """The logit path works in floats only: refuse payoffs whose differences could overflow."""
    if overflow_prone(game):
        raise SolverError(
            f"{method}: payoffs this large (|x| > {FLOAT_PAYOFF_LIMIT:g}) are too large for its "
            "floating-point path; rescale the payoffs or use an exact method (enummixed, "
            "lemke_howson, enumpoly, pure)"
        )


def logit_qre(
    game: NormalFormGame,
    *,
    lam: float | Sequence[float] | None = None,
    exact: bool | None = None,
    tol: float = 1e-10,
) -> SolveResult:
    """Logit quantal response equilibria on the principal branch at given precisions.

    The branch is followed from ``lam = 0`` (uniform play) by predictor-corrector
    continuation in log-probabilities (Turocy 2005; Allgower & Georg 1990); at each
    requested ``lam`` the point of the branch is computed by Newton's method. Where the
    branch bends back (a turning point), the first point reached with the requested
    ``lam`` is returned.

    Parameters
    ----------
    game:
        Any number of players; exact games are converted to floats.
    lam:
        One precision ``>= 0`` or a sequence; one profile per value, in the given order.
        Precision is measured in the game's payoff units (``lam * payoff`` enters the logit).
    exact:
        Must not be ``True``: QRE probabilities are irrational in general.
    tol:
        Required fixed-point residual ``max |sigma - logit(lam * u(sigma))|``; a profile that
        misses it is reported in ``diagnostics``.

    Returns
    -------
    SolveResult
        ``method="logit_qre"``. Each :class:`~gametheory.Equilibrium` is a QRE profile,
        **not** a Nash equilibrium: its ``max_regret`` is the Nash regret of the profile.
        ``parameters`` holds ``lambdas``, the fixed-point ``residuals`` (one per profile)
        and the number of continuation ``steps``.
    """
    lams = _lambda_list(lam)
    g = _float_game(game, exact, "logit_qre")
    k = _Kernel(g.payoffs)
    diagnostics = [
        "QRE profiles are not Nash equilibria: max_regret is each profile's Nash regret, "
        "which tends to 0 as lambda grows"
    ]
    with stopwatch() as t:
        internal = sorted({v * k.scale for v in lams})
        found: dict[float, np.ndarray] = {}
        y0 = _uniform_point(k)
        pending = [v for v in internal if v > 0]
        if 0.0 in internal:
            found[0.0] = y0
        steps = 0
        blog = _BranchLog([])
        if pending:
            prev = None
            try:
                for y, _tan in _branch(k, y0, blog):
                    steps += 1
                    if prev is not None:
                        lo, hi = sorted((float(prev[-1]), float(y[-1])))
                        while pending and lo <= pending[0] <= hi:
                            target = pending.pop(0)
                            pt = _land(k, prev, y, target, 1e-9)
                            if pt is None:
                                raise _PathBreakdown(f"could not land on lambda={target / k.scale:g}")
                            found[target] = pt
                    if not pending:
                        break
                    prev = y
            except _PathBreakdown as exc:
                raise SolverError(f"logit_qre: continuation failed: {exc}") from None
        eqs: list[Equilibrium] = []
        residuals: list[float] = []
        for v in lams:
            y = found[v * k.scale]
            _, _, resid = k.system(y)
            sig = k.profile(y)
            prof: Profile = tuple(tuple(float(p) for p in s) for s in sig)
            eqs.append(make_equilibrium(g, prof))
            residuals.append(resid)
    if blog.bifurcations:
        diagnostics.append(_bifurcation_note(blog, k))
    bad = [(v, r) for v, r in zip(lams, residuals) if not r <= tol]
    for v, r in bad:
        diagnostics.append(f"lambda={v:g}: fixed-point residual {r:.3g} exceeds tol={tol:g}")
    return SolveResult(
        game=g,
        method="logit_qre",
        arithmetic="float",
        equilibria=tuple(eqs),
        complete=False,
        elapsed=t[0],
        parameters={"lambdas": lams, "residuals": residuals, "steps": steps, "tol": tol},
        diagnostics=tuple(diagnostics),
    )


# ----------------------------------------------------------------------------- polishing
@dataclass
class _Candidate:
    support: tuple[tuple[int, ...], ...]
    sigma: list[np.ndarray]
    regret: float
    lam: float  # internal precision at which it was found


def _candidate_supports(k: _Kernel, y: np.ndarray) -> list[tuple[tuple[int, ...], ...]]:
    lam = max(float(y[-1]), 1.0)
    out: list[tuple[tuple[int, ...], ...]] = []
    for c in (math.sqrt(lam), lam / 20.0, 3.0):
        supp = []
        for b in k.blocks(y[:-1]):
            supp.append(tuple(int(j) for j in np.flatnonzero(b >= b.max() - c)))
        s = tuple(supp)
        if s not in out:
            out.append(s)
    return out


def _polish(
    k: _Kernel, sig0: Sequence[np.ndarray], support: tuple[tuple[int, ...], ...], max_iter: int = 30
) -> tuple[list[np.ndarray], float] | None:
    """Solve the indifference system on ``support`` by Newton / least squares from ``sig0``.

    Unknowns: each player's probabilities on their support and their value ``v_i``.
    Equations: ``u_ij(sigma) = v_i`` for ``j`` in the support, ``sum_j sigma_ij = 1``.
    Least-squares steps (``numpy.linalg.lstsq``) also handle singular systems (continua of
    equilibria). Returns the profile (zeros off the support; not yet checked for sign)
    and the final residual, or ``None`` if the iteration broke down.
    """
    N = k.N
    idx = [np.array(s, dtype=int) for s in support]
    sizes = [len(s) for s in support]
    pos = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    nvar = int(pos[-1]) + N
    z = np.empty(nvar)
    for i in range(N):
        v = sig0[i][idx[i]]
        tot = float(v.sum())
        z[pos[i] : pos[i + 1]] = v / tot if tot > 0 else 1.0 / sizes[i]

    def unpack(z: np.ndarray) -> list[np.ndarray]:
        out = []
        for i in range(N):
            v = np.zeros(k.shape[i])
            v[idx[i]] = z[pos[i] : pos[i + 1]]
            out.append(v)
        return out

    u0 = k.payoffs(unpack(z))
    for i in range(N):
        z[pos[-1] + i] = float(u0[i][idx[i]] @ z[pos[i] : pos[i + 1]])
    prev = math.inf
    norm = math.inf
    for it in range(max_iter + 1):
        sig = unpack(z)
        u, D = k.derivatives(sig)
        F = np.empty(nvar)
        G = np.zeros((nvar, nvar))
        row = 0
        for i in range(N):
            n = sizes[i]
            F[row : row + n] = u[i][idx[i]] - z[pos[-1] + i]
            G[row : row + n, pos[-1] + i] = -1.0
            for kk in range(N):
                if kk != i:
                    G[row : row + n, pos[kk] : pos[kk + 1]] = D[i, kk][np.ix_(idx[i], idx[kk])]
            row += n
        for i in range(N):
            F[row] = z[pos[i] : pos[i + 1]].sum() - 1.0
            G[row, pos[i] : pos[i + 1]] = 1.0
            row += 1
        norm = float(np.max(np.abs(F)))
        if not math.isfinite(norm):
            return None
        if norm <= 1e-15 or it == max_iter or (it >= 2 and norm > 0.5 * prev):
            break
        prev = norm
        step = np.linalg.lstsq(G, -F, rcond=None)[0]
        if not np.all(np.isfinite(step)):
            return None
        z = z + step
    return unpack(z), norm


def _refine(
    k: _Kernel, sig0: Sequence[np.ndarray], support: tuple[tuple[int, ...], ...], rounds: int = 4
) -> tuple[tuple[tuple[int, ...], ...], list[np.ndarray]] | None:
    """Polish on ``support``; while that fails, shrink the support and polish again.

    A strategy leaves the support when the solution gives it a negative probability or,
    if the system is inconsistent, when it earns less than the best strategy of the
    support by more than the residual. Returns ``(support, profile)`` with a consistent
    system and a proper profile, or ``None``.
    """
    for _ in range(rounds):
        res = _polish(k, sig0, support)
        if res is None:
            return None
        sig, resid = res
        negative = [np.flatnonzero(v < -PROBABILITY_TOL) for v in sig]
        if resid <= 1e-11 and not any(len(n) for n in negative):
            out = []
            for v in sig:
                v = np.maximum(v, 0.0)
                out.append(v / v.sum())
            return support, out
        if any(len(n) for n in negative):
            new = tuple(tuple(j for j in s if j not in set(n.tolist())) for s, n in zip(support, negative))
        else:
            clipped = [np.maximum(v, 0.0) for v in sig]
            clipped = [v / v.sum() if v.sum() > 0 else v for v in clipped]
            u = k.payoffs(clipped)
            new = tuple(
                tuple(j for j in s if u[i][list(s)].max() - u[i][j] <= resid) for i, s in enumerate(support)
            )
        if new == support or any(len(s) == 0 for s in new):
            return None
        support = new
    return None


def _same(a: Sequence[np.ndarray], b: Sequence[np.ndarray], tol: float = 1e-7) -> bool:
    return all(float(np.max(np.abs(x - y))) <= tol for x, y in zip(a, b))


def _distance(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> float:
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


@dataclass
class _Trace:
    """Outcome of following one branch and polishing along it."""

    accepted: _Candidate | None = None
    accepted_dist: float = math.inf
    best: _Candidate | None = None
    confirmed: bool = False
    steps: int = 0
    note: str = ""
    log: _BranchLog = field(default_factory=lambda: _BranchLog([]))


def _trace_and_polish(
    k_path: _Kernel, k_game: _Kernel, tol_abs: float, max_lambda: float
) -> _Trace:
    """Follow the principal branch of ``k_path`` and polish on the game of ``k_game``.

    ``tol_abs`` is the regret tolerance in the game's own payoff units; ``max_lambda`` is
    internal (unit-range) precision.
    """
    out = _Trace()
    checkpoint = _FIRST_CHECKPOINT
    previous: _Candidate | None = None
    prev_dist = math.inf
    last_y: np.ndarray | None = None

    def consider(y: np.ndarray) -> bool:
        nonlocal previous, prev_dist
        lam = float(y[-1])
        qre = k_path.profile(y)
        here: _Candidate | None = None
        dist = math.inf
        # the QRE profile itself is an approximate equilibrium (regret about 1 / lam)
        full = tuple(tuple(int(j) for j in np.flatnonzero(v >= 1e-15)) for v in qre)
        reg_qre = k_game.max_regret(qre)
        if out.best is None or reg_qre < out.best.regret:
            out.best = _Candidate(full, qre, reg_qre, lam)
        for supp0 in _candidate_supports(k_path, y):
            found = _refine(k_game, qre, supp0)
            if found is None:
                continue
            supp, sig = found
            reg = k_game.max_regret(sig)
            cand = _Candidate(supp, sig, reg, lam)
            d = _distance(sig, qre)
            if out.best is None or reg < out.best.regret:
                out.best = cand
            # Only an equilibrium close to the QRE point can be the branch's limit.
            if reg <= tol_abs and d <= min(0.5, _NEAR / lam) and d < dist:
                here, dist = cand, d
        if here is None:
            previous, prev_dist = None, math.inf
            return False
        if out.accepted is None or dist <= out.accepted_dist:
            out.accepted, out.accepted_dist = here, dist
        if (
            previous is not None
            and previous.support == here.support
            and _same(previous.sigma, here.sigma)
            and (dist <= prev_dist / 1.5 or dist <= 1e-9)
        ):
            out.accepted, out.confirmed = here, True
            return True
        previous, prev_dist = here, dist
        return False

    try:
        for y, _t in _branch(k_path, _uniform_point(k_path), out.log):
            out.steps += 1
            last_y = y
            if float(y[-1]) >= checkpoint:
                while checkpoint <= float(y[-1]):
                    checkpoint *= _CHECKPOINT_FACTOR
                if consider(y):
                    return out
                if out.accepted is not None and float(y[-1]) >= _SETTLE:
                    out.note = (
                        f"stopped at lambda={float(y[-1]) / k_path.scale:.4g}: the polished "
                        "equilibrium still moves with lambda (a degenerate game?)"
                    )
                    return out
            if float(y[-1]) >= max_lambda:
                consider(y)
                out.note = f"reached lambda={float(y[-1]) / k_path.scale:.4g} (max_lambda)"
                return out
    except _PathBreakdown as exc:
        out.note = f"continuation stopped: {exc}"
        if last_y is not None and float(last_y[-1]) > 0:
            consider(last_y)
    return out


# ----------------------------------------------------------------------------- exact
def _exact_two_player(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> Profile | None:
    """Solve the two linear indifference systems of a two-player support exactly."""
    A, B = game.payoffs[..., 0], game.payoffs[..., 1]
    S1, S2 = support

    def mix(own: tuple[int, ...], other: tuple[int, ...], payoff: Any) -> list[Fraction] | None:
        # unknowns: probabilities on ``own`` and the other player's value; the other
        # player's payoff ``payoff(a, b)`` (a in own, b in other) is constant over ``other``.
        rows = [[Fraction(payoff(a, b)) for a in own] + [Fraction(-1)] for b in other]
        rows.append([Fraction(1)] * len(own) + [Fraction(0)])
        rhs = [Fraction(0)] * len(other) + [Fraction(1)]
        z = solve_consistent(rows, rhs, len(rows[0]))
        return None if z is None else z[: len(own)]

    x = mix(S1, S2, lambda a, b: B[a, b])
    y = mix(S2, S1, lambda b, a: A[a, b])
    if x is None or y is None or min(x) < 0 or min(y) < 0:
        return None
    px = [Fraction(0)] * game.shape[0]
    py = [Fraction(0)] * game.shape[1]
    for a, v in zip(S1, x):
        px[a] = v
    for b, v in zip(S2, y):
        py[b] = v
    return (tuple(px), tuple(py))


def _rationalise(sig: Sequence[np.ndarray], support: tuple[tuple[int, ...], ...], den: int) -> Profile:
    out = []
    for v, s in zip(sig, support):
        p = [Fraction(0)] * len(v)
        for j in s[:-1]:
            p[j] = Fraction(float(v[j])).limit_denominator(den)
        p[s[-1]] = 1 - sum(p, Fraction(0))
        out.append(tuple(p))
    return tuple(out)


def _exact_equilibrium(
    game: NormalFormGame, sig: Sequence[np.ndarray], support: tuple[tuple[int, ...], ...]
) -> tuple[Profile, str] | None:
    """An exact equilibrium near the float one, verified with zero regret, and how it was found."""
    tries: list[tuple[Profile, str]] = []
    if game.num_players == 2:
        p = _exact_two_player(game, support)
        if p is not None:
            tries.append((p, "support system solved exactly"))
    for den in _DENOMINATORS:
        p = _rationalise(sig, support, den)
        if all(x >= 0 for probs in p for x in probs):
            tries.append((p, f"rationalised (denominators <= {den})"))
    seen = set()
    for p, how in tries:
        if p in seen:
            continue
        seen.add(p)
        close = all(abs(float(x) - float(v)) <= _EXACT_MATCH for probs, vec in zip(p, sig) for x, v in zip(probs, vec))
        if close and all(x >= 0 for probs in p for x in probs) and game.max_regret(p) == 0:
            return p, how
    return None


# ----------------------------------------------------------------------------- logit_solve
def _support_names(game: NormalFormGame, support: tuple[tuple[int, ...], ...]) -> str:
    return "; ".join(
        f"{p}: {{{', '.join(game.strategies[i][j] for j in s)}}}" for i, (p, s) in enumerate(zip(game.players, support))
    )


@gated
def logit_solve(
    game: NormalFormGame,
    *,
    exact: bool | None = None,
    tol: float = 1e-10,
    max_lambda: float | None = None,
    restarts: int = 3,
    seed: int = 0,
) -> SolveResult:
    """One Nash equilibrium of an N-player game: the limit of the principal logit branch.

    The principal branch of the logit QRE correspondence (McKelvey & Palfrey 1995) is
    followed from uniform play towards ``lam -> infinity`` by predictor-corrector
    continuation (Turocy 2005; Allgower & Georg 1990). At checkpoints the QRE profile's
    likely strategies give a candidate support, on which the indifference equations are
    solved by Newton's method; the answer is checked against the definition (its Nash
    regret must be at most ``game.tolerance(tol)``). For exact games the equilibrium is
    then made exact when the support system has a rational solution.

    If the branch cannot be followed (a singular Jacobian, as at bifurcations of
    non-generic games) or gives no verified equilibrium, the method restarts on the
    principal branches of slightly perturbed payoffs (random, reproducible from ``seed``,
    perturbation 1e-6, 1e-4, 1e-2 of the payoff range) and polishes their limits in the
    original game.

    Parameters
    ----------
    game:
        Any number of players.
    exact:
        ``None`` (default): exact answer for exact games when the equilibrium found is
        rational, floats otherwise. ``True`` also rationalises float games (as the decimals
        they print as); ``False`` returns floats.
    tol:
        Regret tolerance relative to ``max(1, max |payoff|)`` (see
        :meth:`~gametheory.NormalFormGame.tolerance`) for accepting a float equilibrium.
    max_lambda:
        Largest precision traced, in the game's payoff units; default ``1e7`` divided by
        the largest payoff range of a player.
    restarts:
        Number of perturbed restarts allowed when the principal branch fails.
    seed:
        Seed of the perturbations.

    Returns
    -------
    SolveResult
        ``method="logit"``, at most one profile. ``parameters["verified"]`` says whether
        the path's answer was within tolerance (``False``: no profile is returned, and
        ``diagnostics`` gives the reason and the best regret reached). Every profile
        returned has passed the regret gate (:func:`~gametheory.normal.solvers._common.gate`);
        ``parameters`` also records the precision ``lambda`` reached,
        the ``support``, continuation ``steps`` and ``restarts_used``. ``complete`` is
        ``False``: other equilibria may exist.
    """
    if restarts < 0:
        raise SolverError(f"logit: restarts must be >= 0, got {restarts}")
    if not tol > 0:
        raise SolverError(f"logit: tol must be positive, got {tol}")
    use_exact = want_exact(game, exact)
    fg = game.to_float()
    _refuse_overflow(fg, "logit")
    k = _Kernel(fg.payoffs)
    tol_abs = fg.tolerance(tol)
    max_int = MAX_LAMBDA if max_lambda is None else float(max_lambda) * k.scale
    if not max_int > 0:
        raise SolverError(f"logit: max_lambda must be positive, got {max_lambda}")
    diagnostics: list[str] = []
    rng = np.random.default_rng(seed)
    with stopwatch() as t:
        trace = _trace_and_polish(k, k, tol_abs, max_int)
        steps = trace.steps
        if trace.log.bifurcations:
            diagnostics.append(_bifurcation_note(trace.log, k))
        used = 0
        notes = [trace.note] if trace.note else []
        best = trace.best
        found = trace.accepted
        while found is None and used < restarts:
            eps = 10.0 ** (-6 + 2 * used)
            used += 1
            noise = rng.standard_normal(fg.payoffs.shape) * eps * k.scale
            kp = _Kernel(fg.payoffs + noise)
            tr = _trace_and_polish(kp, k, tol_abs, max_int)
            steps += tr.steps
            if tr.note:
                notes.append(f"restart {used}: {tr.note}")
            if tr.best is not None and (best is None or tr.best.regret < best.regret):
                best = tr.best
            found = tr.accepted
        cand = found if found is not None else best
        verified = cand is not None and cand.regret <= tol_abs
        if found is not None and used:
            diagnostics.append(
                f"the principal branch gave no verified equilibrium; found on restart {used} "
                "(perturbed payoffs), so this need not be the logit-selected equilibrium"
            )
        elif found is not None and not trace.confirmed:
            diagnostics.append(
                "the polished equilibrium was not confirmed at two successive precisions; "
                "it may differ from the limit of the principal branch"
            )
        elif found is None and verified:
            diagnostics.append(
                "no polished equilibrium close to the QRE profiles was found; the profile "
                "returned is an equilibrium within tolerance but may not be the limit of the "
                "principal branch"
            )
        target = fg
        profile: Profile | None = None
        if cand is not None and verified and use_exact:
            eg = game.to_exact()
            ex = _exact_equilibrium(eg, cand.sigma, cand.support)
            if ex is not None:
                profile, how = ex
                target = eg
                diagnostics.append(f"exact equilibrium: {how}, regret exactly 0")
            else:
                diagnostics.append(
                    "no rational equilibrium found on the support (it may be irrational); "
                    "returned in floating point"
                )
        if cand is not None and profile is None:
            profile = tuple(tuple(float(p) for p in s) for s in cand.sigma)
        eqs: tuple[Equilibrium, ...] = ()
        if profile is not None:
            eqs = (make_equilibrium(target, profile),)
    if cand is None:
        diagnostics.insert(0, "no equilibrium found: " + "; ".join(notes or ["polishing never succeeded"]))
    elif not verified:
        diagnostics.insert(
            0,
            f"NOT an equilibrium within tolerance: the best profile found has max regret "
            f"{cand.regret:.3g} > {tol_abs:.3g} ({'; '.join(notes) or 'polishing failed'})",
        )
    elif notes:
        diagnostics.extend(notes)
    if cand is not None:
        diagnostics.append(
            f"support {_support_names(fg, cand.support)}; found at lambda={cand.lam / k.scale:.4g}"
        )
    exact_out = target is not fg and bool(eqs)
    return SolveResult(
        game=target,
        method="logit",
        arithmetic=arithmetic_of(exact_out),
        equilibria=eqs,
        complete=False,
        elapsed=t[0],
        parameters={
            "tol": tol,
            "max_lambda": max_int / k.scale,
            "restarts": restarts,
            "seed": seed,
            "verified": bool(verified),
            "lambda": (cand.lam / k.scale) if cand is not None else None,
            "support": [list(s) for s in cand.support] if cand is not None else None,
            "steps": steps,
            "restarts_used": used,
        },
        diagnostics=tuple(diagnostics),
    )


__all__ = ["MAX_LAMBDA", "logit_qre", "logit_solve"]
