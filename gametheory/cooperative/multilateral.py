"""Bargaining beyond two players, and bargaining in the shadow of shifting power.

* :func:`baron_ferejohn` -- the stationary subgame-perfect equilibrium of Baron & Ferejohn's
  (1989) legislative bargaining game under the closed rule: ``n`` legislators divide a dollar;
  each period one is recognised (with given probabilities) and proposes a division, which
  passes when a quota of legislators (simple majority, unanimity or any number) votes for it;
  otherwise the game repeats, discounted by ``delta``. Exact rationals throughout.
* :func:`baron_ferejohn_open` -- the same game under the open rule (a second recognised member
  moves the previous question or amends), symmetric majority case: the stationary equilibria
  of Baron & Ferejohn's class, every role's choice checked exactly; with three members it
  is Volden & Wiseman's (2007) open-rule equilibrium. :func:`open_rule_recursion`
  re-derives its values by backward recursion over the explicit protocol.
* :func:`shifting_power` -- Powell's (2004, 2006) bargaining in the shadow of power with a
  chosen proposer: one side makes take-it-or-leave-it offers each period, the other accepts
  or fights; the chance of winning a war shifts from ``p_now`` to ``p_future`` after the
  first period. Exact rationals.

>>> from fractions import Fraction
>>> r = baron_ferejohn(5, Fraction(9, 10))
>>> r.proposer_share, r.partner_share
(Fraction(16, 25), Fraction(9, 50))
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory._kernel.linalg import solve_exact
from gametheory._kernel.results import Result
from gametheory._kernel.values import to_fraction
from gametheory.errors import GameError, GameSizeError, SolverError

#: Largest legislature and largest number of distinct recognition probabilities handled.
MAX_LEGISLATORS = 200
MAX_GROUPS = 7


@dataclass(frozen=True)
class BaronFerejohnResult(Result):
    """The stationary equilibrium of closed-rule legislative bargaining (Baron & Ferejohn 1989).

    Attributes
    ----------
    players:
        Legislators' names.
    recognition:
        Recognition probabilities (sum 1).
    discount, quota:
        ``delta`` and the number of votes (the proposer's included) a proposal needs.
    values:
        Each legislator's exact ex-ante value ``v_i`` of the game (agreement is immediate,
        so the values sum to 1).
    proposer_shares:
        What each legislator keeps when it is recognised: ``1`` minus the cost of the cheapest
        winning coalition, each partner ``j`` being paid its continuation value
        ``delta * v_j``.
    inclusion:
        ``inclusion[i][j]``: the probability that proposer ``i`` includes ``j`` in its
        coalition (uniform among equally cheap legislators).
    proposer_share, partner_share:
        For equal recognition probabilities: the proposer's share and each partner's.
    checks:
        What was verified exactly: ``"acceptance"`` (each partner is offered at least its
        continuation value), ``"proposal"`` (every included legislator is among the cheapest,
        and proposing beats being voted down), ``"values"`` (the values reproduce themselves).
    """

    players: tuple[str, ...]
    recognition: tuple[Fraction, ...]
    discount: Fraction
    quota: int
    values: tuple[Fraction, ...]
    proposer_shares: tuple[Fraction, ...]
    inclusion: tuple[tuple[Fraction, ...], ...]
    proposer_share: Fraction | None
    partner_share: Fraction | None
    checks: tuple[str, ...]

    def summary(self) -> str:
        """The equilibrium in words."""
        lines = [
            f"Baron-Ferejohn closed rule: {len(self.players)} legislators, quota {self.quota}, "
            f"discount {self.discount}"
        ]
        if self.proposer_share is not None:
            lines.append(f"the proposer keeps {self.proposer_share}; {self.quota - 1} partners get {self.partner_share} each")
        for name, p, v, m in zip(self.players, self.recognition, self.values, self.proposer_shares):
            lines.append(f"  {name}: recognised {p}, keeps {m} when proposing, ex-ante value {v}")
        lines.append("verified exactly: " + ", ".join(self.checks))
        return "\n".join(lines)


def _quota(quota: int | str, n: int, where: str) -> int:
    if quota == "majority":
        return n // 2 + 1
    if quota == "unanimity":
        return n
    if isinstance(quota, int) and not isinstance(quota, bool) and 1 <= quota <= n:
        return quota
    raise GameError(f"{where}: quota must be 'majority', 'unanimity' or an integer in 1..{n}, got {quota!r}")


def baron_ferejohn(
    recognition: int | Sequence[Any],
    discount: Any,
    *,
    quota: int | str = "majority",
    players: Sequence[str] | None = None,
) -> BaronFerejohnResult:
    """Stationary equilibrium of Baron & Ferejohn's (1989) closed-rule legislative bargaining.

    Each period legislator ``i`` is recognised with probability ``p_i`` and proposes a
    division of a unit surplus; the proposal passes with at least ``quota`` votes. In a
    stationary equilibrium legislator ``j`` votes yes iff offered at least its discounted
    continuation value ``delta v_j``; the proposer buys the ``quota - 1`` cheapest other votes
    and keeps the rest, so

    .. math:: v_j = p_j\\Bigl(1 - \\delta\\sum_k c_{jk} v_k\\Bigr) + \\delta v_j \\sum_{k \\ne j} p_k c_{kj},

    where :math:`c_{kj}` is the probability that proposer ``k`` includes ``j``. Legislators with
    equal recognition probabilities are treated alike (included uniformly at random when the
    proposer needs only some of them). Legislators are sorted into price tiers (every weak order
    of the groups of equal recognition probability is tried, those ordered by recognition probability
    first); within a tier all have the same
    value, which makes the tier values the solution of a linear system, solved exactly. The
    proposers' mixing over a tier with unequal recognition probabilities is then found as an
    exact flow (each proposer's purchases from the tier against each member's required chance
    of inclusion). A candidate is kept only if the exact acceptance, proposal and value checks
    all hold; the values are unique (Eraslan 2002).

    With equal probabilities and ``n`` odd under majority rule the proposer keeps
    :math:`1 - \\delta (n-1)/(2n)` and each partner gets :math:`\\delta/n` (Baron & Ferejohn
    1989); under unanimity with any probabilities the values are the recognition
    probabilities.

    Parameters
    ----------
    recognition:
        The number ``n`` of legislators (equal probabilities) or the probabilities themselves.
    discount:
        ``delta`` in ``[0, 1]``.
    quota:
        ``"majority"`` (``n // 2 + 1``), ``"unanimity"`` or a number of votes.
    players:
        Names (default ``L1, ..., Ln``).

    Returns
    -------
    BaronFerejohnResult

    Raises
    ------
    GameSizeError
        With more than :data:`MAX_GROUPS` distinct recognition probabilities.
    """
    where = "baron_ferejohn"
    t0 = time.perf_counter()
    if isinstance(recognition, int) and not isinstance(recognition, bool):
        n = recognition
        if not 2 <= n <= MAX_LEGISLATORS:
            raise GameSizeError(f"{where}: need 2 to {MAX_LEGISLATORS} legislators, got {n}")
        p = tuple(Fraction(1, n) for _ in range(n))
    else:
        if isinstance(recognition, bool):
            raise GameError(f"{where}: recognition must be a number of legislators or probabilities")
        p = tuple(to_fraction(x, f"{where}: recognition") for x in recognition)
        n = len(p)
        if not 2 <= n <= MAX_LEGISLATORS:
            raise GameSizeError(f"{where}: need 2 to {MAX_LEGISLATORS} legislators, got {n}")
        if any(x < 0 for x in p) or sum(p) != 1:
            raise GameError(f"{where}: recognition probabilities must be nonnegative and sum to 1, got sum {sum(p)}")
    d = to_fraction(discount, f"{where}: discount")
    if not 0 <= d <= 1:
        raise GameError(f"{where}: discount must be in [0, 1], got {d}")
    q = _quota(quota, n, where)
    names = tuple(players) if players is not None else tuple(f"L{i + 1}" for i in range(n))
    if len(names) != n or len(set(names)) != n:
        raise GameError(f"{where}: need {n} distinct names")
    levels = sorted(set(p))
    if len(levels) > MAX_GROUPS:
        raise GameSizeError(f"{where}: at most {MAX_GROUPS} distinct recognition probabilities, got {len(levels)}")
    groups = [[j for j in range(n) if p[j] == lv] for lv in levels]
    solution = None
    for tiers in _weak_orders(len(groups)):
        cand = _tiered_candidate(p, d, q, [[j for g in tier for j in groups[g]] for tier in tiers])
        if cand is not None and _verify(p, d, cand[0], cand[1]):
            solution = cand
            break
    if solution is None:  # pragma: no cover - an equilibrium exists (Eraslan 2002)
        raise SolverError(f"{where}: no stationary equilibrium found among the price orders tried")
    v, inc = solution
    shares = tuple(1 - d * sum(inc[i][k] * v[k] for k in range(n)) for i in range(n))
    symmetric = len(levels) == 1
    return BaronFerejohnResult(
        players=names,
        recognition=p,
        discount=d,
        quota=q,
        values=tuple(v),
        proposer_shares=shares,
        inclusion=tuple(tuple(r) for r in inc),
        proposer_share=shares[0] if symmetric else None,
        partner_share=(d * v[0]) if symmetric and q > 1 else None,
        checks=("acceptance", "proposal", "values"),
        method="closed-rule-stationary",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"quota": q, "rule": "closed"},
    )


def _verify(p: Sequence[Fraction], d: Fraction, v: Sequence[Fraction], inc: list[list[Fraction]]) -> bool:
    """Exact acceptance, proposal and value checks of a candidate stationary equilibrium."""
    n = len(p)
    price = [d * x for x in v]
    if any(x < 0 for x in v):
        return False
    q = sum(inc[0][1:], Fraction(0)) + 1
    for i in range(n):
        if inc[i][i] != 0 or any(not 0 <= x <= 1 for x in inc[i]) or sum(inc[i], Fraction(0)) + 1 != q:
            return False  # not a proposal: a coalition of quota - 1 others, with probabilities
        included = [j for j in range(n) if j != i and inc[i][j] > 0]
        excluded = [j for j in range(n) if j != i and inc[i][j] < 1]
        if included and excluded and max(price[j] for j in included) > min(price[j] for j in excluded):
            return False  # a cheaper vote was left out: the proposal is not optimal
        keep = 1 - sum(inc[i][k] * price[k] for k in range(n))
        if keep < price[i]:
            return False  # the proposer would rather be voted down
    for j in range(n):  # the values reproduce themselves
        keep = 1 - sum(inc[j][k] * price[k] for k in range(n))
        rho = sum((p[k] * inc[k][j] for k in range(n) if k != j), Fraction(0))
        if p[j] * keep + rho * price[j] != v[j]:
            return False
    return True


def _weak_orders(k: int) -> list[list[list[int]]]:
    """Every ordered partition of ``range(k)`` into tiers (cheapest first), likeliest first."""
    out: list[list[list[int]]] = []

    def rec(rest: list[int], acc: list[list[int]]) -> None:
        if not rest:
            out.append(acc)
            return
        for size in range(1, len(rest) + 1):
            for first in itertools.combinations(rest, size):
                rec([x for x in rest if x not in first], acc + [list(first)])

    rec(list(range(k)), [])
    # contiguous tiers in the order of the groups (ascending recognition probability) first:
    # values rise with recognition probability (Eraslan 2002), so one of these holds; the
    # other orders are tried only after them, as a safety net
    def contiguous(t: list[list[int]]) -> bool:
        flat = [g for tier in t for g in tier]
        return flat == sorted(flat)

    out.sort(key=lambda t: (not contiguous(t), -len(t)))
    return out


def _takes(tiers: list[list[int]], q: int, n: int) -> list[list[int]]:
    """``takes[k][t]``: how many votes proposer ``k`` buys from tier ``t`` (cheapest first)."""
    out = []
    for k in range(n):
        need = q - 1
        row = []
        for tier in tiers:
            avail = len(tier) - (k in tier)
            take = min(need, avail)
            row.append(take)
            need -= take
        out.append(row)
    return out


def _tiered_candidate(
    p: Sequence[Fraction], d: Fraction, q: int, tiers: list[list[int]]
) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """Values and inclusion probabilities when legislators are priced in these tiers."""
    n, T = len(p), len(tiers)
    tier_of = {j: t for t, tier in enumerate(tiers) for j in tier}
    takes = _takes(tiers, q, n)
    # unknown w_t (the value of tier t); cost_j = d * sum_t takes[j][t] * w_t.  For tier L:
    # |L| w_L - sum_{j in L} p_j (1 - cost_j) = d w_L sum_k p_k takes[k][L]
    rows, rhs = [], []
    for t, tier in enumerate(tiers):
        demand = sum((p[k] * takes[k][t] for k in range(n)), Fraction(0))
        row = [Fraction(0)] * T
        row[t] += len(tier) - d * demand
        for j in tier:
            for u in range(T):
                row[u] += p[j] * d * takes[j][u]
        rows.append(row)
        rhs.append(sum((p[j] for j in tier), Fraction(0)))
    w = solve_exact(rows, rhs)
    if w is None or any(x < 0 for x in w) or any(w[t] > w[t + 1] for t in range(T - 1)):
        return None
    v = [w[tier_of[j]] for j in range(n)]
    inc = [[Fraction(0)] * n for _ in range(n)]
    for t, tier in enumerate(tiers):
        members = set(tier)
        keep = {j: 1 - d * sum(takes[j][u] * w[u] for u in range(T)) for j in tier}
        if w[t] == 0:
            if any(p[j] * keep[j] != 0 for j in tier):
                return None
            rho = None
        elif d == 0:
            rho = None
        else:
            rho = {j: (w[t] - p[j] * keep[j]) / (d * w[t]) for j in tier}
            if any(r < 0 for r in rho.values()):
                return None
        uniform = {
            k: {j: Fraction(takes[k][t], len(members - {k})) if takes[k][t] else Fraction(0) for j in members - {k}}
            for k in range(n)
        }
        if rho is None or all(
            sum((p[k] * uniform[k].get(j, Fraction(0)) for k in range(n)), Fraction(0)) == rho[j] for j in tier
        ):
            plan = uniform
        else:
            flow = _transport(p, takes, t, tier, rho)
            if flow is None:
                return None
            plan = flow
        for k in range(n):
            for j, x in plan[k].items():
                inc[k][j] = x
    return v, inc


def _transport(
    p: Sequence[Fraction], takes: list[list[int]], t: int, tier: list[int], rho: dict[int, Fraction]
) -> dict[int, dict[int, Fraction]] | None:
    """Inclusion probabilities over one tier meeting every member's required ``rho``, exactly.

    A max flow (Edmonds-Karp, exact rationals): source -> proposer ``k`` with capacity
    ``p_k * takes_k``, ``k`` -> member ``j != k`` with capacity ``p_k``, ``j`` -> sink with
    capacity ``rho_j``; feasible iff every arc into the sink is saturated.
    """
    n = len(p)
    props = [k for k in range(n) if p[k] > 0 and takes[k][t] > 0]
    nodes = ["s"] + [("k", k) for k in props] + [("j", j) for j in tier] + ["z"]
    cap: dict[Any, dict[Any, Fraction]] = {u: {} for u in nodes}

    def arc(u: Any, x: Any, c: Fraction) -> None:
        cap[u][x] = cap[u].get(x, Fraction(0)) + c
        cap[x].setdefault(u, Fraction(0))

    for k in props:
        arc("s", ("k", k), p[k] * takes[k][t])
        for j in tier:
            if j != k:
                arc(("k", k), ("j", j), p[k])
    for j in tier:
        arc(("j", j), "z", rho[j])
    orig = {u: dict(c) for u, c in cap.items()}
    total = Fraction(0)
    while True:
        prev: dict[Any, Any] = {"s": None}
        queue = ["s"]
        while queue and "z" not in prev:
            u = queue.pop(0)
            for x, c in cap[u].items():
                if c > 0 and x not in prev:
                    prev[x] = u
                    queue.append(x)
        if "z" not in prev:
            break
        path, x = [], "z"
        while prev[x] is not None:
            path.append((prev[x], x))
            x = prev[x]
        push = min(cap[u][x] for u, x in path)
        for u, x in path:
            cap[u][x] -= push
            cap[x][u] += push
        total += push
    if total != sum(rho.values(), Fraction(0)) or total != sum((p[k] * takes[k][t] for k in props), Fraction(0)):
        return None
    plan: dict[int, dict[int, Fraction]] = {k: {} for k in range(n)}
    for k in props:
        for j in tier:
            if j != k:
                used = orig[("k", k)][("j", j)] - cap[("k", k)][("j", j)]
                plan[k][j] = used / p[k]
    for k in range(n):  # a never-recognised proposer: any cheapest votes will do (uniform)
        if p[k] == 0 and takes[k][t] > 0:
            others = [j for j in tier if j != k]
            plan[k] = {j: Fraction(takes[k][t], len(others)) for j in others}
    return plan


# --------------------------------------------------------------------------- Powell
@dataclass(frozen=True)
class ShiftingPowerResult(Result):
    """Bargaining in the shadow of shifting power with one proposer (Powell 2004, 2006).

    Attributes
    ----------
    players:
        Names of sides A and B.
    proposer:
        The side making every offer.
    outcome:
        ``"peace"`` (the first offer is accepted) or ``"war"`` (the proposer cannot buy the
        responder off, or prefers to fight).
    offer_now:
        The responder's share of today's flow in the equilibrium offer (``None`` at war).
    offer_later:
        The responder's per-period share after the shift, which holds it exactly at its war
        value there.
    values:
        A's and B's exact total payoffs on the equilibrium path.
    war_values_now:
        What each side gets by fighting in the first period.
    responder_minimum:
        The least share of today's flow the responder accepts; peace needs it ``<= pie`` and
        the proposer's peace payoff at least its war value.
    """

    players: tuple[str, str]
    proposer: str
    outcome: str
    offer_now: Fraction | None
    offer_later: Fraction
    values: tuple[Fraction, Fraction]
    war_values_now: tuple[Fraction, Fraction]
    responder_minimum: Fraction

    def summary(self) -> str:
        a, b = self.players
        resp = b if self.proposer == a else a
        head = f"{self.proposer} proposes: {self.outcome}"
        if self.outcome == "peace":
            head += f"; {resp} is offered {self.offer_now} of today's flow and {self.offer_later} per period after the shift"
        else:
            head += f"; {resp} would need {self.responder_minimum} of today's flow"
        return head + f"; values {a} {self.values[0]}, {b} {self.values[1]}"


def shifting_power(
    p_now: Any,
    p_future: Any,
    cost_a: Any,
    cost_b: Any,
    delta: Any,
    *,
    proposer: int | str = 0,
    pie: Any = 1,
    players: Sequence[str] = ("A", "B"),
) -> ShiftingPowerResult:
    """Subgame-perfect play of Powell's shifting-power bargaining with a chosen proposer.

    Conventions are those of :func:`~gametheory.cooperative.conflict.commitment_problem`: a
    flow ``S`` per period, A wins a war with probability ``p_now`` in the first period and
    ``p_future`` afterwards, war is absorbing, worth :math:`W_A(p) = pS/(1-\\delta) - c_A` and
    :math:`W_B(p) = (1-p)S/(1-\\delta) - c_B`. The proposer makes every offer, the responder
    accepts or fights. After the shift the proposer holds the responder to its war value, so
    the responder's continuation is :math:`W_R(p_1)` (Powell 2004). In the first period the
    responder accepts a share ``y`` of today's flow iff :math:`y + \\delta W_R(p_1) \\ge
    W_R(p_0)`; the proposer offers the least such ``y`` if it is at most ``S`` and peace beats
    fighting for the proposer, and otherwise there is war. Each step is an exact comparison
    of rationals, and the result says which held.

    Parameters
    ----------
    p_now, p_future:
        A's probability of winning now and after the shift, in ``[0, 1]``.
    cost_a, cost_b:
        One-off costs of war, nonnegative.
    delta:
        Discount factor in ``[0, 1)``.
    proposer:
        0/1 or a name: who makes the offers.
    pie:
        The per-period flow ``S``, positive.
    players:
        Names of A and B.

    Returns
    -------
    ShiftingPowerResult
    """
    where = "shifting_power"
    t0 = time.perf_counter()
    p0, p1 = (to_fraction(x, f"{where}: {k}") for x, k in ((p_now, "p_now"), (p_future, "p_future")))
    ca, cb = (to_fraction(x, f"{where}: {k}") for x, k in ((cost_a, "cost_a"), (cost_b, "cost_b")))
    d = to_fraction(delta, f"{where}: delta")
    S = to_fraction(pie, f"{where}: pie")
    for name, x in (("p_now", p0), ("p_future", p1)):
        if not 0 <= x <= 1:
            raise GameError(f"{where}: {name} must be a probability in [0, 1], got {x}")
    if ca < 0 or cb < 0:
        raise GameError(f"{where}: costs must be nonnegative")
    if not 0 <= d < 1:
        raise GameError(f"{where}: delta must be in [0, 1), got {d}")
    if S <= 0:
        raise GameError(f"{where}: pie must be positive, got {S}")
    names = (str(players[0]), str(players[1]))
    if isinstance(proposer, str):
        if proposer not in names:
            raise GameError(f"{where}: proposer: unknown side {proposer!r}")
        k = names.index(proposer)
    elif proposer in (0, 1) and not isinstance(proposer, bool):
        k = int(proposer)
    else:
        raise GameError(f"{where}: proposer must be 0, 1 or a side's name, got {proposer!r}")
    total = S / (1 - d)

    def war(side: int, prob_a: Fraction) -> Fraction:
        return (prob_a * total - ca) if side == 0 else ((1 - prob_a) * total - cb)

    r = 1 - k
    # after the shift the responder is held at its war value (never below 0: shares are >= 0)
    resp_cont = max(war(r, p1), Fraction(0))
    later = (1 - d) * resp_cont
    need = max(war(r, p0) - d * resp_cont, Fraction(0))
    prop_peace = (S - need) + d * (total - resp_cont)
    peace = need <= S and prop_peace >= war(k, p0)
    vals = [Fraction(0), Fraction(0)]
    if peace:
        vals[k], vals[r] = prop_peace, need + d * resp_cont
    else:
        vals[0], vals[1] = war(0, p0), war(1, p0)
    return ShiftingPowerResult(
        players=names,
        proposer=names[k],
        outcome="peace" if peace else "war",
        offer_now=need if peace else None,
        offer_later=later,
        values=(vals[0], vals[1]),
        war_values_now=(war(0, p0), war(1, p0)),
        responder_minimum=need,
        method="powell-proposer",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"proposer": names[k]},
    )




# --------------------------------------------------------------------------- open rule
@dataclass(frozen=True)
class OpenRuleEquilibrium(Result):
    """One stationary equilibrium of Baron & Ferejohn's (1989) open rule in their class.

    Attributes
    ----------
    coalition:
        ``k``: how many other members the author of a standing proposal pays.
    offer:
        ``y``: what each of them is offered (``delta * author_value``).
    author_share:
        ``1 - k y``, what the author keeps if the proposal passes.
    author_value, member_value, outsider_value:
        Exact continuation values, at the moment a proposal is standing, of its author, of a
        member of its coalition and of a member left out.
    ex_ante_value:
        Each member's value before anyone is recognised (equal for all).
    pass_probability:
        ``k / (n - 1)``: the chance that the recognised member moves the previous question.
    expected_amendments:
        Expected number of successful amendments before passage.
    expected_discount:
        ``E[delta^T]``: the expected discounted surplus actually divided (at most 1).
    checks:
        The exact conditions verified.
    """

    coalition: int
    offer: Fraction
    author_share: Fraction
    author_value: Fraction
    member_value: Fraction
    outsider_value: Fraction
    ex_ante_value: Fraction
    pass_probability: Fraction
    expected_amendments: Fraction
    expected_discount: Fraction
    checks: tuple[str, ...]

    def summary(self) -> str:
        """The equilibrium in one line."""
        return (
            f"coalition of {self.coalition}: each offered {self.offer}, author keeps {self.author_share}; "
            f"passes with probability {self.pass_probability}, expected amendments {self.expected_amendments}"
        )


@dataclass(frozen=True)
class BaronFerejohnOpenResult(Result):
    """Stationary equilibria of the symmetric open rule (Baron & Ferejohn 1989), in their class.

    Attributes
    ----------
    n, discount:
        Legislature size (odd) and ``delta``.
    equilibria:
        Every coalition size ``k`` whose candidate passed every exact check, smallest first.
    equilibrium:
        The one the first proposer is best off in (largest ``author_value``; the smallest ``k``
        on ties).
    rejected:
        ``k -> the first check that failed`` for the other coalition sizes.
    equilibrium_class:
        What was computed, in words; other stationary equilibria exist outside it (Primo 2006;
        Britz & Gersbach).
    """

    n: int
    discount: Fraction
    equilibria: tuple[OpenRuleEquilibrium, ...]
    equilibrium: OpenRuleEquilibrium
    rejected: dict[int, str]
    equilibrium_class: str

    def summary(self) -> str:
        """The equilibria in words."""
        lines = [f"Baron-Ferejohn open rule: {self.n} legislators, majority, discount {self.discount}"]
        lines.extend(("* " if e is self.equilibrium else "  ") + e.summary() for e in self.equilibria)
        lines.append("class: " + self.equilibrium_class)
        lines.append("verified exactly: " + ", ".join(self.equilibrium.checks))
        return "\n".join(lines)


_OPEN_CLASS = (
    "Baron-Ferejohn (1989) open-rule stationary strategies (as restated by Primo 2006; for three "
    "members the equilibrium of Volden & Wiseman 2007): the author of a standing proposal pays k others "
    "the offer y; a recognised coalition member moves the previous question, a recognised outsider "
    "amends with the same kind of proposal (all other outsiders plus some coalition members); "
    "ties in the amendment vote go to the amendment. Other stationary equilibria exist "
    "(Primo 2006; Britz & Gersbach)."
)


def _open_values(n: int, d: Fraction, k: int) -> tuple[Fraction, Fraction, Fraction] | None:
    """Author, coalition-member and outsider values of coalition size ``k`` (``y = d W_A``)."""
    p = Fraction(k, n - 1)
    others_out = max(n - 2 - k, 0)  # outsiders besides a recognised outsider
    stay = Fraction(k - others_out, k)  # chance a coalition member is kept by an amendment
    # unknowns (wa, wc, wo); y = d wa
    rows = [
        [1 + p * k * d, Fraction(0), -(1 - p) * d],  # wa = p (1 - k d wa) + (1 - p) d wo
        [-p * d, 1 - (1 - p) * d * stay, -(1 - p) * d * (1 - stay)],  # wc = p d wa + (1-p) d (s wc + (1-s) wo)
        [-d / (n - 1), -d * Fraction(others_out, n - 1), Fraction(1)],  # wo = d wa/(n-1) + d wc (n-2-k)/(n-1)
    ]
    sol = solve_exact(rows, [p, Fraction(0), Fraction(0)])
    if sol is None:  # pragma: no cover - the system is diagonally dominant for delta <= 1
        return None
    return sol[0], sol[1], sol[2]


def _open_check(n: int, d: Fraction, k: int, wa: Fraction, wc: Fraction, wo: Fraction) -> str | None:
    """Exact one-shot checks of a candidate; ``None`` if all hold, else the failed one's name."""
    m = n // 2 + 1
    y = d * wa
    p = Fraction(k, n - 1)
    others_out = max(n - 2 - k, 0)
    stay = Fraction(k - others_out, k)
    if wa != p * (1 - k * y) + (1 - p) * d * wo:
        return "values"
    if wc != p * y + (1 - p) * d * (stay * wc + (1 - stay) * wo) or wo != d * wa / (n - 1) + d * wc * Fraction(others_out, n - 1):
        return "values"
    if y < 0 or 1 - k * y < 0:
        return "feasibility"
    total = p / (1 - (1 - p) * d)
    if wa + k * wc + (n - 1 - k) * wo != total:
        return "values"
    v0 = total / n
    # previous question: author and coalition prefer passage to a new round, and they are a majority
    if 1 + k < m or y < d * v0 or 1 - k * y < d * v0:
        return "previous-question vote"
    # a coalition member moving the question gets y; amending (which passes) gives it d wa
    if y < d * wa:
        return "coalition amender"
    # an outsider gets 0 if it moves the question, d wa if it amends
    if k < n - 1 and d * wa < 0:
        return "outsider amender"
    # amendment vote: included outsiders gain (wc >= wo), the amender gains (wa >= wo); the
    # supporters (amender and its k partners) are a majority
    if wc < wo or wa < wo or 1 + k < m:
        return "amendment vote"
    # the proposer: any other coalition size k2 at the same price (coalition amenders accept
    # iff offered at least d wa), a lower offer (every amender amends), or a losing coalition
    for k2 in range(0, n):
        p2 = Fraction(k2, n - 1)
        if 1 + k2 >= m:
            dev = p2 * (1 - k2 * y) + (1 - p2) * d * wo
        else:
            dev = max(d * v0, d * wo)
        if dev > wa:
            return f"proposal (coalition of {k2} is better)"
    if d * wo > wa:
        return "proposal (a lower offer is better)"
    return None


def baron_ferejohn_open(n: int, discount: Any) -> BaronFerejohnOpenResult:
    """Stationary equilibria of Baron & Ferejohn's (1989) open rule, symmetric majority case.

    ``n`` (odd) legislators with equal recognition probabilities divide a unit surplus by
    majority. A recognised member proposes; then one of the other ``n - 1`` is recognised and
    either moves the previous question (the standing proposal is voted against nothing: it
    passes with a majority, otherwise a new round starts, discounted) or offers an amendment,
    voted against the standing proposal; the winner stands, the surplus is discounted by
    ``delta``, and a member other than its author is recognised. Within Baron and Ferejohn's
    class of stationary strategies (the author pays ``k`` others ``y``; coalition members move
    the previous question, outsiders amend with a proposal of the same kind, built from the
    cheapest votes), for each ``k`` from ``(n-1)/2`` to ``n-1`` the values
    :math:`W_A, W_C, W_O` of author, coalition member and outsider solve a linear system
    with ``y = delta W_A`` (a coalition member is then indifferent between moving the
    question and amending), solved exactly. A candidate is kept only if every role's choice
    is optimal at those values, checked exactly: the votes on the previous question and on
    amendments, the amenders' choice, and the proposer's choice against every other coalition
    size, a lower offer and a losing proposal.

    With three members this reproduces the open-rule equilibrium of Volden & Wiseman (APSR
    2007, three-member case with only particularistic goods): everybody paid
    ``delta/(2 delta + 1)`` below ``delta = sqrt(3) - 1``, one partner paid
    ``2 delta/(4 + 2 delta - delta^2)`` above. :func:`open_rule_recursion` checks the values
    against the explicit protocol.

    Parameters
    ----------
    n:
        Odd number of legislators, 3 to :data:`MAX_LEGISLATORS`.
    discount:
        ``delta`` in ``(0, 1]``.

    Returns
    -------
    BaronFerejohnOpenResult
        All verified equilibria of the class and the one best for the first proposer.
    """
    where = "baron_ferejohn_open"
    t0 = time.perf_counter()
    if isinstance(n, bool) or not isinstance(n, int):
        raise GameError(f"{where}: n must be an odd integer, got {n!r}")
    if not 3 <= n <= MAX_LEGISLATORS:
        raise GameSizeError(f"{where}: need 3 to {MAX_LEGISLATORS} legislators, got {n}")
    if n % 2 == 0:
        raise GameError(f"{where}: the symmetric majority case needs an odd n, got {n}")
    d = to_fraction(discount, f"{where}: discount")
    if not 0 < d <= 1:
        raise GameError(f"{where}: discount must be in (0, 1], got {d}")
    found: list[OpenRuleEquilibrium] = []
    rejected: dict[int, str] = {}
    for k in range((n - 1) // 2, n):
        vals = _open_values(n, d, k)
        if vals is None:  # pragma: no cover
            rejected[k] = "singular"
            continue
        wa, wc, wo = vals
        bad = _open_check(n, d, k, wa, wc, wo)
        if bad is not None:
            rejected[k] = bad
            continue
        p = Fraction(k, n - 1)
        total = p / (1 - (1 - p) * d)
        found.append(
            OpenRuleEquilibrium(
                coalition=k,
                offer=d * wa,
                author_share=1 - k * d * wa,
                author_value=wa,
                member_value=wc,
                outsider_value=wo,
                ex_ante_value=total / n,
                pass_probability=p,
                expected_amendments=(1 - p) / p,
                expected_discount=total,
                checks=("values", "previous-question vote", "coalition amender", "outsider amender", "amendment vote", "proposal"),
                method="open-rule-stationary",
                arithmetic="exact",
            )
        )
    if not found:
        raise SolverError(f"{where}: no equilibrium of the Baron-Ferejohn class passed the checks: {rejected}")
    best = max(found, key=lambda e: (e.author_value, -e.coalition))
    return BaronFerejohnOpenResult(
        n=n,
        discount=d,
        equilibria=tuple(found),
        equilibrium=best,
        rejected=rejected,
        equilibrium_class=_OPEN_CLASS,
        method="open-rule-stationary",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"rule": "open", "quota": n // 2 + 1},
    )


# --------------------------------------------------------------------------- open rule: explicit check
#: Largest legislature for the explicit backward recursion (its state space grows as n C(n-1, k)).
MAX_RECURSION_LEGISLATORS = 9
MAX_RECURSION_ROUNDS = 12


@dataclass(frozen=True)
class OpenRuleRecursion(Result):
    """Backward recursion over the explicit open-rule protocol, ended by the stationary values.

    Attributes
    ----------
    n, discount, rounds:
        Legislature, ``delta`` and the number ``T`` of amendment rounds unrolled.
    coalition, offer:
        The stationary equilibrium's ``k`` and ``y`` that the recursion starts from.
    states:
        How many standing proposals (author, set of ``k`` paid members) were tracked.
    values_match:
        Whether every member's value at every standing proposal, after ``T`` rounds of
        backward recursion, equals the stationary role value exactly.
    ex_ante:
        Each member's value before the first recognition, from the recursion.
    max_gap:
        The largest absolute difference between recursed and stationary values (0 if exact).
    choices_optimal:
        Whether at every round and state the recognised member's prescribed choice (moving
        the previous question or the class's amendment) attained the best value over moving
        and every amendment (every author-excluding or author-including set of ``k``
        members), and the first proposer's coalition was a best one.
    failures:
        The first few places where a choice was not optimal, in words.
    """

    n: int
    discount: Fraction
    rounds: int
    coalition: int
    offer: Fraction
    states: int
    values_match: bool
    ex_ante: tuple[Fraction, ...]
    max_gap: Fraction
    choices_optimal: bool
    failures: tuple[str, ...]

    def summary(self) -> str:
        """The comparison in one line."""
        verdict = "match the stationary values exactly" if self.values_match else f"differ by up to {self.max_gap}"
        opt = "every choice optimal" if self.choices_optimal else f"{len(self.failures)} non-optimal choices"
        return (
            f"open rule, {self.n} legislators, discount {self.discount}: {self.rounds} amendment rounds over "
            f"{self.states} standing proposals {verdict}; {opt}"
        )


def open_rule_recursion(
    n: int, discount: Any, rounds: int = 3, terminal: str = "stationary", offer: Any = None
) -> OpenRuleRecursion:
    """Re-derive the open-rule values by backward recursion over the explicit protocol.

    Every standing proposal is tracked as an explicit allocation (an author keeping
    ``1 - k y`` and a named set of ``k`` members receiving ``y``), each member's payoff
    separately. At each of ``rounds`` amendment rounds a non-author is recognised with
    probability ``1/(n-1)``; moving the previous question puts the allocation to a
    majority vote against a new round (worth ``delta v`` to everyone); an amendment names
    any set of ``k`` members other than the amender (the old author included) and is voted
    against the standing proposal, each member comparing the two discounted continuation
    vectors of the next round (ties go to the amendment). After the last round the
    stationary role values of :func:`baron_ferejohn_open` are the continuation. The
    recognised member follows the class (a paid member moves the question; an unpaid one
    amends, paying every other unpaid member and a uniformly drawn set of paid ones) and
    its choice is checked against every alternative. If the stationary values are right,
    every round reproduces them exactly.

    Parameters
    ----------
    n:
        Odd legislature size, 3 to :data:`MAX_RECURSION_LEGISLATORS`.
    discount:
        ``delta`` in ``(0, 1]``.
    rounds:
        Amendment rounds ``T`` to unroll, 1 to :data:`MAX_RECURSION_ROUNDS`.
    terminal:
        ``"stationary"`` (the stationary values after the last round: a fixed-point check,
        exact equality expected) or ``"zero"`` (nothing is divided after round ``T``: the
        truncated game, whose values approach the stationary ones as ``T`` grows).
    offer:
        Pay the coalition this ``y`` instead of the equilibrium offer (a probe: any other
        offer must show up as a value mismatch, and one below ``delta W_A`` as paid members
        who would rather amend).

    Returns
    -------
    OpenRuleRecursion
        Whether the recursed values equal the stationary ones and whether every choice
        was optimal.
    """
    where = "open_rule_recursion"
    t0 = time.perf_counter()
    if isinstance(n, bool) or not isinstance(n, int) or not 3 <= n <= MAX_RECURSION_LEGISLATORS:
        raise GameSizeError(f"{where}: n must be an odd integer from 3 to {MAX_RECURSION_LEGISLATORS}, got {n!r}")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_RECURSION_ROUNDS:
        raise GameError(f"{where}: rounds must be an integer from 1 to {MAX_RECURSION_ROUNDS}, got {rounds!r}")
    if terminal not in ("stationary", "zero"):
        raise GameError(f"{where}: terminal must be 'stationary' or 'zero', got {terminal!r}")
    res = baron_ferejohn_open(n, discount)
    d, e = res.discount, res.equilibrium
    k, y, v0 = e.coalition, e.offer, e.ex_ante_value
    if offer is not None:
        y = to_fraction(offer, f"{where}: offer")
        if not 0 <= k * y <= 1:
            raise GameError(f"{where}: an offer of {y} to {k} members is not a division of the surplus")
    m = n // 2 + 1
    members = range(n)
    states = [(a, frozenset(s)) for a in members for s in itertools.combinations([i for i in members if i != a], k)]

    def shares(x: tuple[int, frozenset[int]]) -> list[Fraction]:
        a, s = x
        return [1 - k * y if i == a else (y if i in s else Fraction(0)) for i in members]

    def stationary(x: tuple[int, frozenset[int]]) -> list[Fraction]:
        a, s = x
        return [e.author_value if i == a else (e.member_value if i in s else e.outsider_value) for i in members]

    values = {x: (stationary(x) if terminal == "stationary" else [Fraction(0)] * n) for x in states}
    failures: list[str] = []
    for t in range(rounds - 1, -1, -1):
        new: dict[tuple[int, frozenset[int]], list[Fraction]] = {}
        for x in states:
            a, s = x
            cur = values[x]
            xs = shares(x)
            passes = sum(1 for i in members if xs[i] >= d * v0) >= m
            move = xs if passes else [d * v0] * n
            total = [Fraction(0)] * n
            for r in members:
                if r == a:
                    continue
                outcomes: dict[frozenset[int], list[Fraction]] = {}
                for s2 in itertools.combinations([i for i in members if i != r], k):
                    x2 = (r, frozenset(s2))
                    nxt = values[x2]
                    won = sum(1 for i in members if nxt[i] >= cur[i]) >= m
                    outcomes[x2[1]] = [d * v for v in (nxt if won else cur)]
                best = max([move[r]] + [o[r] for o in outcomes.values()])
                if r in s:
                    chosen = move
                else:
                    unpaid = [i for i in members if i != a and i != r and i not in s]
                    need = k - len(unpaid)
                    picks = [frozenset(unpaid) | frozenset(c) for c in itertools.combinations(sorted(s), need)]
                    chosen = [sum((outcomes[p][i] for p in picks), Fraction(0)) / len(picks) for i in members]
                if chosen[r] != best and len(failures) < 5:
                    failures.append(f"round {t}, author {a}, paid {sorted(s)}: member {r} gets {chosen[r]}, could get {best}")
                total = [tv + cv for tv, cv in zip(total, chosen)]
            new[x] = [tv / (n - 1) for tv in total]
        values = new
    gap = max(abs(values[x][i] - stationary(x)[i]) for x in states for i in members)
    # the first proposer: every set of k partners gives it the same value; it is a best one
    by_author: dict[int, list[tuple[int, frozenset[int]]]] = {}
    for x in states:
        by_author.setdefault(x[0], []).append(x)
    ex = [Fraction(0)] * n
    for a, xs_ in by_author.items():
        own = {values[x][a] for x in xs_}
        if len(own) != 1 and len(failures) < 5:
            failures.append(f"proposer {a}: partner sets are not equally good")
        for x in xs_:
            ex = [ev + values[x][i] / (n * len(xs_)) for i, ev in enumerate(ex)]
    return OpenRuleRecursion(
        n=n,
        discount=d,
        rounds=rounds,
        coalition=k,
        offer=y,
        states=len(states),
        values_match=gap == 0,
        ex_ante=tuple(ex),
        max_gap=gap,
        choices_optimal=not failures,
        failures=tuple(failures),
        method="open-rule-backward-recursion",
        arithmetic="exact",
        elapsed=time.perf_counter() - t0,
        parameters={"rounds": rounds, "rule": "open", "terminal": terminal, "offer": y},
    )
