"""Trembling-hand perfect and proper equilibria of small normal-form games, decided exactly.

Definitions
-----------
A profile ``sigma`` is **(trembling-hand) perfect** (Selten 1975) when it is the limit of
completely mixed profiles ``sigma_e`` against each of which ``sigma`` is a best response.
It is **proper** (Myerson 1978) when it is the limit, as ``e -> 0``, of ``e``-proper
profiles: completely mixed ``sigma_e`` in which a strategy that pays less than another
against ``sigma_e`` gets at most ``e`` times the other's probability. Every proper
equilibrium is perfect, every perfect one is a Nash equilibrium, and every finite game
has a proper equilibrium.

How each verdict is reached
---------------------------
* **Perfect, "yes"** (any number of players): one exact LP looks for a completely mixed
  ``sigma'`` for which every strategy in the support stays a best response to
  ``sigma_e = (1 - e) sigma + e sigma'``, to first order in ``e`` (only best responses to
  ``sigma`` can compete); the found ``sigma'`` is then checked to every order with ``e`` a
  formal positive infinitesimal (:class:`~gametheory.normal.infinitesimal.Eps`), and
  once more at a concrete rational ``e`` straight from the definition. The LP goes through
  HiGHS with an exact certificate (:mod:`gametheory._kernel.lp`) and falls back to an exact
  simplex. With three or more players, where the higher-order terms matter, the LP is
  asked again to make every pair that can be strict at first order strict at once; failing
  that, after the "no" tests below, players tremble at different rates
  (``(1 - e^r_j) sigma_j + e^r_j sigma'_j``, the leading-order LP per rate pattern), and
  last the ranked trembles (support fixed, other strategies at ``e, e^2, ...``).
* **Perfect, "no"**: a player's equilibrium strategy is weakly dominated by a mixed
  strategy (found by an exact LP and checked), which no perfect equilibrium allows; or,
  when a player's opponents all play pure strategies, the difference ``u_i(s) - u_i(k)``
  between a support strategy and another best response, a square-free polynomial in the
  opponents' tremble probabilities, has every positive term a proper multiple of a
  negative one, so it is negative for all small trembles. For two players the first LP is
  itself a complete test (van Damme 1991, Theorem 3.2.2: perfect iff undominated), so its
  optimum 0 is a "no".
* **Perfect, "undecided"**: three or more players and none of the above.
* **Proper, "yes"**: a perturbed profile ``sigma_e`` (rational functions of ``e``) that is
  ``e``-proper for every small ``e`` and tends to ``sigma``; first the simple form (the
  support keeps its weights, the other strategies of each player, ranked, tremble at
  ``e^2, e^4, ...``; every ranking is tried); for two players then, for every pair of
  weak orders of the strategies compatible with the payoffs against ``sigma``, one LP over
  the ordered field of rational functions of ``e`` (the payoffs ordered as ranked, lower
  classes at most ``e`` times as likely, every probability within ``e`` of ``sigma``).
  The certificate is checked again from the definition at a concrete ``e``.
* **Proper, "no"**: not perfect; or, for two players, no pair of orders admits such a
  profile. This is complete: along an ``e``-proper sequence tending to ``sigma`` the
  payoff orders are eventually constant (finitely many), each order makes the conditions
  linear in the other player's strategy, and a linear program whose data are rational in
  ``e`` is feasible on a sequence ``e -> 0`` only if it is feasible on a whole interval
  ``(0, e0)``, where the simplex over the field of rational functions decides it.
* **Proper, "undecided"**: three or more players, perfect or undecided, and no certificate
  of the simple form. A proper "yes" also settles an undecided perfection (an ``e``-proper
  sequence is a perfect one).

Small games only: at most :data:`MAX_PROFILES` pure
profiles and :data:`MAX_RANKINGS` rankings, beyond
which :class:`~gametheory.errors.GameSizeError` is raised.

>>> import gametheory as gt
>>> g = gt.NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
>>> r = gt.check_refinements(g, [[0, 1], [0, 1]])
>>> r.perfect.status, r.proper.status
('no', 'no')
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from typing import Any

from gametheory._kernel.results import Result, json_value
from gametheory._kernel.values import format_number
from gametheory.errors import GameError, GameSizeError
from gametheory.normal.game import NormalFormGame, Profile
from gametheory.normal.infinitesimal import Eps, simplex
from gametheory.normal.result import Equilibrium

__all__ = [
    "MAX_PROFILES",
    "MAX_RANKINGS",
    "VERDICTS",
    "RefinementCheck",
    "RefinementReport",
    "Verdict",
    "check_perfect",
    "check_proper",
    "check_refinements",
    "refine_equilibria",
]

#: The three answers a check can give.
VERDICTS = ("yes", "no", "undecided")


@dataclass(frozen=True)
class Verdict:
    """Whether one profile has one refinement property, and why.

    Attributes
    ----------
    refinement:
        ``"perfect"`` (trembling-hand perfect, Selten 1975) or ``"proper"`` (Myerson 1978).
    status:
        ``"yes"``, ``"no"`` or ``"undecided"``.
    reason:
        One sentence a reader can follow.
    certificate:
        The evidence, exact: for ``"yes"`` a tremble (``tremble``: a completely mixed
        profile ``sigma'`` with ``sigma_e = (1 - e) sigma + e sigma'`` for perfection; the
        perturbed profile as functions of ``e`` and the ranking of every player's strategies
        for properness) and ``checked_at``, a rational ``e`` at which the property was checked
        again directly from the definition with exact payoffs; for ``"no"`` the weakly
        dominating mixture, or the statement that no ranking admits an ``e``-proper profile.
    """

    refinement: str
    status: str
    reason: str
    certificate: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in VERDICTS:
            raise ValueError(f"Verdict: status must be one of {VERDICTS}, not {self.status!r}")

    def __bool__(self) -> bool:
        return self.status == "yes"

    def to_json(self) -> dict[str, Any]:
        """``refinement``, ``status``, ``reason`` and ``certificate`` through :func:`json_value`."""
        return {
            "refinement": self.refinement,
            "status": self.status,
            "reason": self.reason,
            "certificate": json_value(self.certificate),
        }


@dataclass(frozen=True, kw_only=True)
class RefinementCheck(Result):
    """The refinement verdicts of one profile of a game.

    Attributes
    ----------
    game:
        The (exact) game.
    profile:
        The profile checked, exact.
    max_regret:
        Its exact regret (``0`` for a Nash equilibrium): the independent check that it is one.
    perfect, proper:
        The verdicts (``proper`` is ``None`` when it was not asked for).
    """

    game: NormalFormGame
    profile: Profile
    max_regret: Fraction
    perfect: Verdict
    proper: Verdict | None = None

    def to_json(self) -> dict[str, Any]:
        """Common fields, ``profile``, ``max_regret`` and the verdicts."""
        return {
            **self.common_json(),
            "profile": json_value(self.profile),
            "max_regret": json_value(self.max_regret),
            "perfect": self.perfect.to_json(),
            "proper": None if self.proper is None else self.proper.to_json(),
        }

    def describe(self) -> str:
        """The profile (positive probabilities) and its verdicts, in one line."""
        g = self.game
        parts = []
        for p, ss, probs in zip(g.players, g.strategies, self.profile):
            inner = ", ".join(f"{s}: {format_number(x)}" for s, x in zip(ss, probs) if x != 0)
            parts.append(f"{p}: {{{inner}}}")
        out = "; ".join(parts) + f" -- perfect: {self.perfect.status}"
        if self.proper is not None:
            out += f", proper: {self.proper.status}"
        return out

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, kw_only=True)
class RefinementReport(Result):
    """The refinement verdicts of every equilibrium a solver enumerated.

    Attributes
    ----------
    game:
        The game.
    checks:
        One :class:`RefinementCheck` per equilibrium of the enumeration, in its order.
    complete:
        Whether the enumeration claims to list every (extreme) equilibrium.
    components:
        For two players: the maximal convex sets of equilibria as indices into ``checks``
        (only their extreme points are checked; see ``diagnostics``).
    """

    game: NormalFormGame
    checks: tuple[RefinementCheck, ...]
    complete: bool = False
    components: tuple[tuple[int, ...], ...] = ()

    def __len__(self) -> int:
        return len(self.checks)

    def __iter__(self) -> Iterator[RefinementCheck]:
        return iter(self.checks)

    def __getitem__(self, k: int) -> RefinementCheck:
        return self.checks[k]

    def perfect(self) -> tuple[RefinementCheck, ...]:
        """The checks whose profile was proved perfect."""
        return tuple(c for c in self.checks if c.perfect.status == "yes")

    def proper(self) -> tuple[RefinementCheck, ...]:
        """The checks whose profile was proved proper."""
        return tuple(c for c in self.checks if c.proper is not None and c.proper.status == "yes")

    def to_json(self) -> dict[str, Any]:
        """Common fields, the game's names, ``complete``, ``components`` and every check."""
        g = self.game
        return {
            "game": {
                "title": g.title,
                "players": list(g.players),
                "strategies": [list(s) for s in g.strategies],
            },
            **self.common_json(),
            "complete": self.complete,
            "components": [list(c) for c in self.components],
            "checks": [c.to_json() for c in self.checks],
        }

    def summary(self) -> str:
        """One line per equilibrium with its verdicts."""
        return "\n".join(f"{k}: {c.describe()}" for k, c in enumerate(self.checks))


#: Largest number of pure-strategy profiles of a game the checks accept.
MAX_PROFILES = 4096

#: Largest number of ranking combinations the properness check enumerates.
MAX_RANKINGS = 2_000

_E = Eps.eps()


# --------------------------------------------------------------------------- basics
def _exact_game(game: NormalFormGame) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise GameError(f"expected a NormalFormGame, got {type(game).__name__}")
    total = 1
    for n in game.shape:
        total *= n
    if total > MAX_PROFILES:
        raise GameSizeError(
            f"refinement checks are for small games: {total} pure profiles, the limit is {MAX_PROFILES}"
        )
    return game if game.is_exact else game.to_exact()


def _pure_payoffs(game: NormalFormGame) -> list[tuple[tuple[int, ...], tuple[Fraction, ...]]]:
    U = game.payoffs
    return [(idx, tuple(U[idx])) for idx in product(*(range(n) for n in game.shape))]


def _payoffs(
    table: list[tuple[tuple[int, ...], tuple[Fraction, ...]]], n_i: int, i: int, y: Sequence[Sequence[Any]]
) -> list[Any]:
    """Player ``i``'s payoff to each pure strategy against the others' (unnormalised) ``y``."""
    out: list[Any] = [Fraction(0)] * n_i
    for idx, u in table:
        if not u[i]:
            continue
        w: Any = Fraction(1)
        for j, t in enumerate(idx):
            if j != i:
                p = y[j][t]
                if p == 0:
                    w = 0
                    break
                w = w * p
        if w != 0:
            out[idx[i]] = out[idx[i]] + w * u[i]
    return out


def _support(v: Sequence[Any]) -> list[int]:
    return [k for k, x in enumerate(v) if x > 0]


def _names(game: NormalFormGame, i: int, ks: Sequence[int]) -> list[str]:
    return [game.strategies[i][k] for k in ks]


def _concrete_e(ok: Any, start: int = 1, stop: int = 64) -> Fraction | None:
    """The largest ``e = 2^-k`` (k from ``start``) where ``ok(e)`` holds, or None."""
    for k in range(start, stop):
        e = Fraction(1, 2**k)
        if ok(e):
            return e
    return None


# --------------------------------------------------------------------------- LPs
def _lp_max(
    c: list[Any], A_ub: list[list[Any]], b_ub: list[Any], A_eq: list[list[Any]], b_eq: list[Any]
) -> tuple[list[Fraction], Fraction] | None:
    """``max c.x`` over ``A_ub x <= b_ub, A_eq x = b_eq, x >= 0``, exactly (None if infeasible).

    HiGHS first, with its exact certificate (:func:`gametheory._kernel.lp.certified_optimum`);
    when no certificate can be built, the exact simplex of :mod:`gametheory.normal.infinitesimal` decides.
    """
    from gametheory._kernel.lp import Certified, ExactLP, certified_optimum, solve_float

    def own() -> Certified | None:
        rows = [(a, "<=", b) for a, b in zip(A_ub, b_ub)] + [(a, "=", b) for a, b in zip(A_eq, b_eq)]
        ans = simplex(c, rows)
        if ans.status != "optimal" or ans.x is None:
            return None
        return Certified([Fraction(v) for v in ans.x], [], [], Fraction(ans.value), how="simplex")

    lp = ExactLP(c=c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq)
    flp = solve_float(
        [-float(v) for v in c],
        A_ub=[[float(v) for v in r] for r in A_ub] or None,
        b_ub=[float(v) for v in b_ub] or None,
        A_eq=[[float(v) for v in r] for r in A_eq] or None,
        b_eq=[float(v) for v in b_eq] or None,
        method="highs-ds",
    )
    if flp.infeasible:
        got = own()  # an infeasible verdict is never taken from floats
    else:
        got = certified_optimum(lp, flp, fallback=own)
    if got is None:
        return None
    return list(got.x), got.value


def _dominating_mixture(
    game: NormalFormGame, table: Any, profile: Profile, i: int
) -> dict[str, Fraction] | None:
    """A mixed strategy of player ``i`` weakly dominating ``profile[i]`` (pure opponent
    profiles), or None when ``profile[i]`` is undominated -- decided by one exact LP."""
    n = game.shape[i]
    others = [range(m) for j, m in enumerate(game.shape) if j != i]
    U = game.payoffs
    rows, rhs = [], []
    total_c = [Fraction(0)] * n
    for opp in product(*others):
        col = []
        for s in range(n):
            idx = list(opp)
            idx.insert(i, s)
            col.append(Fraction(U[tuple(idx)][i]))
        base = sum((p * v for p, v in zip(profile[i], col)), Fraction(0))
        rows.append([-v for v in col])  # z.col >= base
        rhs.append(-base)
        total_c = [a + v for a, v in zip(total_c, col)]
    got = _lp_max(total_c, rows, rhs, [[1] * n], [1])
    if got is None:
        return None
    z, value = got
    base_total = sum((p * v for p, v in zip(profile[i], total_c)), Fraction(0))
    if value <= base_total:
        return None
    # independent exact check of the dominance
    gains = [-(sum((a * b for a, b in zip(r, z)), Fraction(0))) - (-h) for r, h in zip(rows, rhs)]
    if min(gains) < 0 or max(gains) <= 0:
        return None
    return {game.strategies[i][k]: p for k, p in enumerate(z) if p > 0}


# --------------------------------------------------------------------------- perfection
def _tremble_holds(table: Any, shape: Sequence[int], profile: Profile, trem: Sequence[Sequence[Any]]) -> bool:
    """Whether every strategy in the support of ``profile`` is a best response to ``trem``."""
    for i, n in enumerate(shape):
        pay = _payoffs(table, n, i, trem)
        best = max(pay)
        if any(pay[s] != best for s in _support(profile[i])):
            return False
    return True


def _tremble_candidates(
    game: NormalFormGame, table: Any, profile: Profile, rates: Sequence[int]
) -> tuple[list[list[list[Fraction]]], Fraction | None]:
    """Completely mixed ``sigma'`` for the tremble ``(1 - e^a_j) sigma_j + e^a_j sigma'_j``
    that keep every support strategy at least as good as every other best response to
    ``sigma`` at the leading order in ``e`` (for player ``i`` the opponents with the smallest
    rate lead; the leading term is linear in their ``sigma'``). One exact LP maximises the
    smallest probability ``d`` of ``sigma'``; returns candidates and the optimum ``d``."""
    N = game.num_players
    shape = game.shape
    # variables: sigma'_j(t) for every player j and strategy t, then d
    offs = [sum(shape[:j]) for j in range(N)]
    nv = sum(shape) + 1
    A_ub: list[list[Any]] = []
    b_ub: list[Any] = []
    A_eq: list[list[Any]] = []
    b_eq: list[Any] = []
    for j in range(N):
        row = [Fraction(0)] * nv
        for t in range(shape[j]):
            row[offs[j] + t] = Fraction(1)
            r2 = [Fraction(0)] * nv
            r2[offs[j] + t] = Fraction(-1)
            r2[-1] = Fraction(1)
            A_ub.append(r2)
            b_ub.append(0)
        A_eq.append(row)
        b_eq.append(1)
    cap = [Fraction(0)] * nv
    cap[-1] = Fraction(1)
    A_ub.append(cap)
    b_ub.append(1)
    first_pair = len(A_ub)
    for i in range(N):
        base = _payoffs(table, shape[i], i, profile)
        best = max(base)
        brs = [k for k in range(shape[i]) if base[k] == best]
        supp = _support(profile[i])
        if len(brs) < 2:
            continue
        lead = min(rates[j] for j in range(N) if j != i)
        lin: dict[int, list[Any]] = {}
        for j in range(N):
            if j == i or rates[j] != lead:
                continue
            for t in range(shape[j]):
                y = [list(v) for v in profile]
                y[j] = [Fraction(1 if q == t else 0) for q in range(shape[j])]
                lin[offs[j] + t] = _payoffs(table, shape[i], i, y)
        for s in supp:
            for k in brs:
                if k == s:
                    continue
                row = [Fraction(0)] * nv
                for col, pay in lin.items():
                    row[col] = pay[k] - pay[s]  # -(leading term) <= 0
                A_ub.append(row)
                b_ub.append(0)
    c = [Fraction(0)] * nv
    c[-1] = Fraction(1)
    got = _lp_max(c, A_ub, b_ub, A_eq, b_eq)
    if got is None or got[1] <= 0:
        return [], None if got is None else got[1]
    points = [got[0]]
    if N > 2:
        # higher-order terms decide the pairs whose leading term is 0: make every pair that
        # can be strict at leading order strict at once (an average of points each making
        # one pair strict), keeping sigma' >= d/2
        floor = [Fraction(0)] * nv
        floor[-1] = Fraction(-1)
        A2, b2 = [*A_ub, floor], [*b_ub, -got[1] / 2]
        pts = [got[0]]
        for row in A_ub[first_pair:]:
            best_pt = _lp_max([-v for v in row], A2, b2, A_eq, b_eq)
            if best_pt is not None and best_pt[1] > 0:
                pts.append(best_pt[0])
        points.append([sum((pt[col] for pt in pts), Fraction(0)) / len(pts) for col in range(nv)])
    return [[x[offs[j] : offs[j] + shape[j]] for j in range(N)] for x in points], got[1]


def _rate_patterns(N: int) -> list[tuple[int, ...]]:
    """Equal rates first, then every assignment of rates 1..N with some player at rate 1."""
    if N == 2:
        return [(1, 1)]
    out = [tuple([1] * N)]
    out += [r for r in product(range(1, N + 1), repeat=N) if min(r) == 1 and len(set(r)) > 1]
    return out


def _rated_tremble(
    game: NormalFormGame, table: Any, profile: Profile, patterns: Sequence[tuple[int, ...]]
) -> tuple[Verdict | None, Fraction | None]:
    """The first tremble certificate over the rate ``patterns``, and the first LP optimum."""
    shape = game.shape
    first_d: Fraction | None = None
    for rates in patterns:
        cands, d = _tremble_candidates(game, table, profile, rates)
        if first_d is None:
            first_d = d
        for sig2 in cands:
            trem = [
                [(1 - _E**a) * p + _E**a * q for p, q in zip(profile[j], sig2[j])]
                for j, a in enumerate(rates)
            ]
            if not _tremble_holds(table, shape, profile, trem):
                continue

            def ok(e: Fraction, sig2: list[list[Fraction]] = sig2, rates: tuple[int, ...] = rates) -> bool:
                tr = [
                    [(1 - e**a) * p + e**a * q for p, q in zip(profile[j], sig2[j])]
                    for j, a in enumerate(rates)
                ]
                return _tremble_holds(table, shape, profile, tr)

            equal = len(set(rates)) == 1
            found = Verdict(
                "perfect",
                "yes",
                "a best response to sigma_e = (1 - e) sigma + e sigma' for every small e > 0, sigma' completely mixed"
                if equal
                else "a best response to sigma_e, player j trembling as (1 - e^r_j) sigma_j + e^r_j sigma'_j, "
                "for every small e > 0",
                {
                    "tremble": {
                        p: dict(zip(game.strategies[j], sig2[j])) for j, p in enumerate(game.players)
                    },
                    **({} if equal else {"rates": dict(zip(game.players, rates))}),
                    "checked_at": _concrete_e(ok),
                },
            )
            return found, first_d
    return None, first_d


def _perfect(game: NormalFormGame, table: Any, profile: Profile) -> Verdict:
    N = game.num_players
    patterns = _rate_patterns(N)
    found, first_d = _rated_tremble(game, table, profile, patterns[:1])
    if found is not None:
        return found
    # no first-order tremble certificate
    dominated = {}
    for i in range(N):
        z = _dominating_mixture(game, table, profile, i)
        if z is not None:
            dominated[game.players[i]] = z
    if dominated:
        who = " and ".join(dominated)
        what = f"the strategy of {who} is" if len(dominated) == 1 else f"the strategies of {who} are"
        return Verdict(
            "perfect",
            "no",
            f"{what} weakly dominated (a perfect equilibrium uses undominated strategies)",
            {"dominated_by": dominated},
        )
    obstruction = _obstruction(game, table, profile)
    if obstruction is not None:
        return Verdict(
            "perfect",
            "no",
            f"against every small tremble of the others {obstruction['player']}'s "
            f"{obstruction['support_strategy']} does worse than {obstruction['better_strategy']}",
            {"obstruction": obstruction},
        )
    if N == 2:
        # van Damme (1991), Theorem 3.2.2: perfect iff undominated; the LP above is exact
        return Verdict(
            "perfect",
            "no",
            "no completely mixed strategy of the opponent keeps the support a best response among the best responses",
            {"lp_optimum": first_d},
        )
    found, _ = _rated_tremble(game, table, profile, patterns[1:])
    if found is not None:
        return found
    ranked = _perfect_ranked(game, table, profile)
    if ranked is not None:
        return ranked
    return Verdict(
        "perfect",
        "undecided",
        "undominated, but no tremble was found among (1 - e) sigma + e sigma' and the ranked trembles "
        "(support fixed, other strategies at e, e^2, ...)",
    )


def _obstruction(game: NormalFormGame, table: Any, profile: Profile) -> dict[str, Any] | None:
    """A proof that no tremble keeps a support strategy a best response, when the others play
    pure strategies: ``u_i(s) - u_i(k)`` as a polynomial in the others' tremble probabilities
    ``x`` (square-free, the pure strategy keeps ``1 - sum x``) whose every positive term is a
    proper multiple of a negative one is negative for all small positive ``x``. None if no
    player and pair give one."""
    shape = game.shape
    N = len(shape)
    for i in range(N):
        opp = [j for j in range(N) if j != i]
        pures = {}
        for j in opp:
            supp = _support(profile[j])
            if len(supp) != 1:
                break
            pures[j] = supp[0]
        else:
            base = _payoffs(table, shape[i], i, profile)
            best = max(base)
            brs = [k for k in range(shape[i]) if base[k] == best]
            for s in _support(profile[i]):
                for k in brs:
                    if k == s:
                        continue
                    poly: dict[frozenset[tuple[int, int]], Fraction] = {}
                    for idx, u in table:
                        if idx[i] not in (s, k):
                            continue
                        w = Fraction(u[i]) if idx[i] == s else -Fraction(u[i])
                        if not w:
                            continue
                        terms: dict[frozenset[tuple[int, int]], Fraction] = {frozenset(): w}
                        for j in opp:
                            t = idx[j]
                            if t != pures[j]:
                                factor = {frozenset([(j, t)]): Fraction(1)}
                            else:
                                factor = {frozenset(): Fraction(1)}
                                factor.update(
                                    {frozenset([(j, q)]): Fraction(-1) for q in range(shape[j]) if q != t}
                                )
                            terms = {a | b: ca * cb for a, ca in terms.items() for b, cb in factor.items()}
                        for mono, cf in terms.items():
                            poly[mono] = poly.get(mono, Fraction(0)) + cf
                    neg = [m for m, cf in poly.items() if cf < 0]
                    pos = [m for m, cf in poly.items() if cf > 0]
                    if neg and all(any(n < m for n in neg) for m in pos):

                        def name(v: tuple[int, int]) -> str:
                            return f"x[{game.players[v[0]]}:{game.strategies[v[0]][v[1]]}]"

                        text = " + ".join(
                            f"({cf})" + "".join("*" + name(v) for v in sorted(m))
                            for m, cf in sorted(poly.items(), key=lambda kv: sorted(kv[0]))
                            if cf
                        )
                        return {
                            "player": game.players[i],
                            "support_strategy": game.strategies[i][s],
                            "better_strategy": game.strategies[i][k],
                            "payoff_difference": text,
                        }
    return None


# --------------------------------------------------------------------------- properness
def _ordered_partitions(items: Sequence[int]) -> Iterator[list[list[int]]]:
    """Every ordered partition of ``items`` into non-empty blocks (a weak order, best first)."""
    items = list(items)
    if not items:
        yield []
        return
    for size in range(1, len(items) + 1):
        for first in combinations(items, size):
            rest = [x for x in items if x not in first]
            for tail in _ordered_partitions(rest):
                yield [list(first), *tail]


def _is_eps_proper(table: Any, shape: Sequence[int], y: Sequence[Sequence[Any]], e: Any) -> bool:
    """Myerson's definition at ``e``: ``u_i(s) < u_i(k)`` implies ``y_i(s) <= e y_i(k)`` (y > 0)."""
    for i, n in enumerate(shape):
        if any(p <= 0 for p in y[i]):
            return False
        pay = _payoffs(table, n, i, y)
        for s in range(n):
            for k in range(n):
                if pay[s] < pay[k] and y[i][s] > e * y[i][k]:
                    return False
    return True


def _normalised(y: Sequence[Sequence[Any]]) -> list[list[Any]]:
    out = []
    for v in y:
        tot = sum(v[1:], v[0])
        out.append([p / tot for p in v])
    return out


def _proper_certificate(
    game: NormalFormGame, table: Any, y: list[list[Eps]], rankings: Any, how: str
) -> Verdict:
    shape = game.shape

    def ok(e: Fraction) -> bool:
        return _is_eps_proper(table, shape, [[p.at(e) for p in v] for v in y], e)

    e0 = _concrete_e(ok)
    return Verdict(
        "proper",
        "yes",
        f"limit of e-proper profiles ({how}): every costlier mistake is at most e times as likely",
        {
            "perturbed": {
                p: {s: str(v) for s, v in zip(game.strategies[j], y[j])} for j, p in enumerate(game.players)
            },
            "ranking": {
                p: [_names(game, j, block) for block in rankings[j]] for j, p in enumerate(game.players)
            },
            "checked_at": e0,
        },
    )


def _count_rankings(game: NormalFormGame, profile: Profile) -> int:
    """How many combinations :func:`_ranked_trembles` goes through."""
    total = 1
    for i, n in enumerate(game.shape):
        m = n - len(_support(profile[i]))
        fub = [1]
        for r in range(1, m + 1):
            fub.append(sum(math.comb(r, k) * fub[r - k] for k in range(1, r + 1)))
        total *= fub[m]
    return total


def _ranked_trembles(
    game: NormalFormGame, profile: Profile, step: int
) -> Iterator[tuple[list[list[Any]], Any]]:
    """Completely mixed profiles tending to ``profile``: the support keeps its weights and the
    ``c``-th class (best first) of an ordered partition of the other strategies gets
    ``e^(step c)``; every combination of partitions, with the rankings they stand for."""
    shape = game.shape
    per_player = []
    for i, n in enumerate(shape):
        supp = _support(profile[i])
        rest = [k for k in range(n) if k not in supp]
        per_player.append([(supp, part) for part in _ordered_partitions(rest)])
    total = 1
    for opts in per_player:
        total *= len(opts)
    if total > MAX_RANKINGS:
        raise GameSizeError(f"refinement checks: {total} rankings to try, the limit is {MAX_RANKINGS}")
    for combo in product(*per_player):
        y: list[list[Any]] = []
        for i, (_supp, part) in enumerate(combo):
            v: list[Any] = [Eps(profile[i][k]) for k in range(shape[i])]
            for c, block in enumerate(part, start=1):
                for k in block:
                    v[k] = _E ** (step * c)
            y.append(v)
        yield _normalised(y), [[supp, *part] for supp, part in combo]


def _perfect_ranked(game: NormalFormGame, table: Any, profile: Profile) -> Verdict | None:
    """A tremble with a rate per ranked class (``e, e^2, ...``) against which the support is a
    best response for every small ``e``, or None (N players; sufficient only)."""
    shape = game.shape
    for y, rankings in _ranked_trembles(game, profile, 1):
        if _tremble_holds(table, shape, profile, y):

            def ok(e: Fraction, y: list[list[Any]] = y) -> bool:
                return _tremble_holds(table, shape, profile, [[p.at(e) for p in v] for v in y])

            return Verdict(
                "perfect",
                "yes",
                "a best response to the completely mixed tremble sigma_e for every small e > 0",
                {
                    "perturbed": {
                        p: {s: str(v) for s, v in zip(game.strategies[j], y[j])}
                        for j, p in enumerate(game.players)
                    },
                    "ranking": {
                        p: [_names(game, j, block) for block in rankings[j]]
                        for j, p in enumerate(game.players)
                    },
                    "checked_at": _concrete_e(ok),
                },
            )
    return None


def _proper_simple(game: NormalFormGame, table: Any, profile: Profile) -> Verdict | None:
    """Try ``y_i(s) = sigma_i(s)`` on the support and ``e^(2c)`` on the ``c``-th class of the
    others, for every ordered partition of the others (N players; sufficient only)."""
    if game.num_players == 2 and _count_rankings(game, profile) > MAX_RANKINGS:
        return None  # a shortcut only: the complete two-player test follows
    for y, rankings in _ranked_trembles(game, profile, 2):
        if _is_eps_proper(table, game.shape, y, _E):
            return _proper_certificate(
                game, table, y, rankings, "strategies outside the support trembling at e^2, e^4, ..."
            )
    return None


def _rankings_2p(profile: Profile, i: int, limit_pay: Sequence[Fraction]) -> list[list[list[int]]]:
    """Weak orders of player ``i``'s strategies, the support in the top class, that refine the
    order of the payoffs against the equilibrium (a strictly better strategy stays strictly above)."""
    n = len(limit_pay)
    supp = _support(profile[i])
    others = [k for k in range(n) if k not in supp]
    out = []
    for size in range(len(others) + 1):
        for extra in combinations(others, size):
            top = supp + list(extra)
            rest = [k for k in others if k not in extra]
            for tail in _ordered_partitions(rest):
                blocks = [top, *tail]
                rank = {k: r for r, b in enumerate(blocks) for k in b}
                if all(
                    (limit_pay[a] > limit_pay[b]) <= (rank[a] < rank[b])
                    and (limit_pay[a] == limit_pay[b] or rank[a] != rank[b])
                    for a in range(n)
                    for b in range(n)
                ):
                    out.append(blocks)
    return out


def _proper_side_2p(
    game: NormalFormGame, table: Any, profile: Profile, j: int, own: list[list[int]], other: list[list[int]]
) -> list[Eps] | None:
    """Probabilities ``y_j`` (rational functions of ``e``) within ``e`` of ``sigma_j``, all
    positive, ranked by ``own`` (a lower class at most ``e`` times as likely), against which
    the other player's payoffs are ordered as ``other`` (equal within a class, a higher class
    at least as good) -- for all small ``e``; by one LP over the field of rational functions of
    ``e`` maximising the smallest probability. None if there is none."""
    n = game.shape[j]
    o = 1 - j
    nv = n + 1
    rows: list[tuple[list[Any], str, Any]] = []
    r: list[Any] = [Fraction(1)] * n + [Fraction(0)]
    rows.append((r, "=", 1))
    for k in range(n):
        lo: list[Any] = [Fraction(0)] * nv
        lo[k] = Fraction(1)
        lo[-1] = Fraction(-1)
        rows.append((lo, ">=", 0))  # y >= z
        near: list[Any] = [Fraction(0)] * nv
        near[k] = Fraction(1)
        rows.append((list(near), "<=", profile[j][k] + _E))
        if profile[j][k] > 0:
            rows.append((list(near), ">=", profile[j][k] - _E))
    for upper, lower in zip(own, own[1:]):
        for s in lower:
            for k in upper:
                r = [Fraction(0)] * nv
                r[s] = Fraction(1)
                r[k] = -_E
                rows.append((r, "<=", 0))  # y(s) <= e y(k)
    # the other player's payoff to each of its strategies, per pure strategy t of player j
    cols = []
    for t in range(n):
        y = [[Fraction(0)] * game.shape[0], [Fraction(0)] * game.shape[1]]
        y[j][t] = Fraction(1)
        cols.append(_payoffs(table, game.shape[o], o, y))

    def diff(a: int, b: int) -> list[Any]:
        return [cols[t][a] - cols[t][b] for t in range(n)] + [Fraction(0)]

    for block in other:
        for a, b in zip(block, block[1:]):
            rows.append((diff(a, b), "=", 0))
    for upper, lower in zip(other, other[1:]):
        rows.append((diff(upper[0], lower[0]), ">=", 0))
    c: list[Any] = [Fraction(0)] * n + [Fraction(1)]
    ans = simplex(c, rows)
    if ans.status != "optimal" or ans.x is None or not ans.value > 0:
        return None
    return [v if isinstance(v, Eps) else Eps(v) for v in ans.x[:n]]


def _proper_lp_2p(
    game: NormalFormGame,
    table: Any,
    profile: Profile,
    rankings: Sequence[list[list[int]]],
    cache: dict[Any, list[Eps] | None],
) -> list[list[Eps]] | None:
    """An ``e``-proper profile within ``e`` of ``profile`` whose payoff orders are ``rankings``
    for all small ``e``, or None. The conditions split into one LP per player's probabilities
    (:func:`_proper_side_2p`); ``cache`` keeps their answers across ranking pairs."""
    out = []
    for j in range(2):
        key = (j, tuple(map(tuple, rankings[j])), tuple(map(tuple, rankings[1 - j])))
        if key not in cache:
            cache[key] = _proper_side_2p(game, table, profile, j, rankings[j], rankings[1 - j])
        got = cache[key]
        if got is None:
            return None
        out.append(got)
    return out


def _proper(game: NormalFormGame, table: Any, profile: Profile, perfect: Verdict) -> Verdict:
    if perfect.status == "no":
        return Verdict("proper", "no", "not perfect, and every proper equilibrium is perfect (Myerson 1978)")
    found = _proper_simple(game, table, profile)
    if found is not None:
        return found
    if game.num_players != 2:
        return Verdict(
            "proper",
            "undecided",
            "no e-proper sequence of the form tried (support fixed, others at e^2, e^4, ...) was found",
        )
    shape = game.shape
    options = []
    for i in range(2):
        limit = _payoffs(table, shape[i], i, profile)
        options.append(_rankings_2p(profile, i, limit))
    total = len(options[0]) * len(options[1])
    if total > MAX_RANKINGS:
        raise GameSizeError(f"properness check: {total} ranking pairs to try, the limit is {MAX_RANKINGS}")
    cache: dict[Any, list[Eps] | None] = {}
    for r1, r2 in product(*options):
        y = _proper_lp_2p(game, table, profile, [r1, r2], cache)
        if y is not None and _is_eps_proper(table, shape, y, _E):
            return _proper_certificate(game, table, y, [r1, r2], "found by a linear program in e")
    return Verdict(
        "proper",
        "no",
        f"none of the {total} orderings of the strategies admits e-proper profiles within e of it for small e",
        {"rankings_tried": total},
    )


# --------------------------------------------------------------------------- public API
def check_refinements(game: NormalFormGame, profile: Any, *, proper: bool = True) -> RefinementCheck:
    """Decide whether ``profile`` is a trembling-hand perfect (and a proper) equilibrium of ``game``.

    Parameters
    ----------
    game:
        A small finite game (at most :data:`MAX_PROFILES` pure profiles); float payoffs are
        read as the decimals they print as.
    profile:
        A mixed profile in any form :meth:`NormalFormGame.normalize_profile` accepts, exact.
    proper:
        Whether to decide properness too (more work).

    Returns
    -------
    RefinementCheck
        With a :class:`Verdict` per refinement.

    Examples
    --------
    >>> import gametheory as gt
    >>> g = gt.NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    >>> check_refinements(g, [[1, 0], [1, 0]]).perfect.status
    'yes'
    >>> check_refinements(g, [[0, 1], [0, 1]]).perfect.status
    'no'
    """
    start = time.perf_counter()
    g = _exact_game(game)
    prof = g.normalize_profile(profile, exact=True)
    regret = g.max_regret(prof)
    assert isinstance(regret, Fraction)
    table = _pure_payoffs(g)
    if regret != 0:
        not_nash = f"not a Nash equilibrium: a player gains {regret} by deviating"
        perf = Verdict("perfect", "no", not_nash)
        prop = Verdict("proper", "no", not_nash) if proper else None
    else:
        perf = _perfect(g, table, prof)
        prop = _proper(g, table, prof, perf) if proper else None
        if perf.status == "undecided" and prop is not None and prop.status == "yes":
            # an e-proper sequence is a perfect one: a support strategy that is not a best
            # response gets at most e times another's probability, so it vanishes in the limit
            perf = Verdict("perfect", "yes", "proper, hence perfect (Myerson 1978)", prop.certificate)
    return RefinementCheck(
        method="refinements",
        arithmetic="exact",
        elapsed=time.perf_counter() - start,
        parameters={"proper": proper},
        game=g,
        profile=prof,
        max_regret=regret,
        perfect=perf,
        proper=prop,
    )


def _inexact_check(game: NormalFormGame, eq: Equilibrium, proper: bool, solver: str) -> RefinementCheck:
    """Verdicts for an equilibrium a solver could only give in floats (irrational values).

    A completely mixed equilibrium is its own tremble and pays every strategy the same, so
    it is perfect and proper; otherwise nothing is claimed."""
    full = all(all(p > 0 for p in probs) for probs in eq.profile)
    if full:
        why = "completely mixed: every strategy is a best response, so the profile is its own tremble"
        perf = Verdict("perfect", "yes", why)
        prop = Verdict("proper", "yes", why + " and no strategy is a costlier mistake") if proper else None
    else:
        why = "the equilibrium is irrational (floats): the exact checks do not apply"
        perf = Verdict("perfect", "undecided", why)
        prop = Verdict("proper", "undecided", why) if proper else None
    return RefinementCheck(
        method="refinements",
        arithmetic="float",
        parameters={"proper": proper},
        diagnostics=(
            f"the equilibrium's regret was certified by {solver!r}, not here (max_regret {eq.max_regret})",
        ),
        game=game,
        profile=eq.profile,
        max_regret=Fraction(0),
        perfect=perf,
        proper=prop,
    )


def check_perfect(game: NormalFormGame, profile: Any) -> Verdict:
    """The trembling-hand perfection verdict of ``profile`` (see :func:`check_refinements`)."""
    return check_refinements(game, profile, proper=False).perfect


def check_proper(game: NormalFormGame, profile: Any) -> Verdict:
    """The properness verdict of ``profile`` (see :func:`check_refinements`)."""
    got = check_refinements(game, profile, proper=True).proper
    assert got is not None
    return got


def refine_equilibria(
    game: NormalFormGame, *, proper: bool = True, method: str = "auto", **options: Any
) -> RefinementReport:
    """Enumerate the equilibria of ``game`` and decide which are perfect and proper.

    The equilibria come from :func:`gametheory.normal.solvers.solve` with ``method``
    (``"auto"``: a complete method); each is then checked by :func:`check_refinements`.
    For two players with equilibria in continua only the extreme equilibria (the vertices
    of each component) are checked; a diagnostic says so.

    >>> import gametheory as gt
    >>> g = gt.NormalFormGame.from_bimatrix([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    >>> [c.perfect.status for c in refine_equilibria(g)]
    ['yes', 'no']
    """
    from gametheory.normal.solvers import solve

    start = time.perf_counter()
    g = _exact_game(game)
    solved = solve(g, method, exact=True, **options)
    checks = tuple(
        check_refinements(g, e.profile, proper=proper)
        if e.exact
        else _inexact_check(g, e, proper, solved.method)
        for e in solved.equilibria
    )
    notes = list(solved.diagnostics)
    comps = tuple(c.equilibria for c in solved.components)
    if any(len(c) > 1 for c in comps) or any("continuum" in d for d in solved.diagnostics):
        notes.append(
            "equilibria form continua: only the listed equilibria (for two players the vertices of each "
            "component) were checked; check other points with check_refinements"
        )
    if not solved.complete:
        notes.append(f"the enumeration by {solved.method!r} is not claimed complete")
    return RefinementReport(
        method="refinements",
        arithmetic="exact",
        elapsed=time.perf_counter() - start,
        parameters={"proper": proper, "solver": solved.method},
        diagnostics=tuple(notes),
        game=g,
        checks=checks,
        complete=solved.complete,
        components=comps,
    )
