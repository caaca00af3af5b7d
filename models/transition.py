"""The transition window: does Russia strike while US protection fades and European power matures?

A finite-horizon shifting-power game (Powell 2006, war as a commitment problem) over ``years``
years, with imperfectly observed investment (Debs & Monteiro 2014). Each year Russia either
**strikes** or makes a **demand** on Europe (a share of that year's stakes, a flow of 1 stake
unit a year); Europe accepts or **resists** (which is war too). War is absorbing: fought in a
year where Russia wins with probability ``p`` it is worth ``p/(1 - delta) - c_R`` to Russia
and ``(1 - p)/(1 - delta) - c_E`` to Europe. After the last year the balance stays as it is.

The balance each year follows the suite's ratio contest (Tullock 1980; Hirshleifer 1989) in
multiples of Russia's power: with European capability ``E_t``, US weight ``U`` and the chance
``b_t`` that the US still fights beside Europe,

``p_t = b_t/(1 + E_t + U) + (1 - b_t)/(1 + E_t)``.

* **US commitment** falls on a path: ``b_t = max(0, b0 - drawdown*t - react*G_t)``, where
  ``G_t`` is the capability Europe has added by year ``t`` (``react > 0``: Washington leaves
  faster as Europe becomes able to stand alone).
* **European capability** rises with a lag: investment starts in year ``start`` and adds
  ``gain`` a year from year ``start + lag`` on, up to ``target`` in all: ``E_t = e0 + G_t``.
* **Observation** (Debs & Monteiro 2014): Russia learns of the investment at once with
  probability ``observe``; otherwise it sees it only when the capability appears (year
  ``start + lag``). Until then it holds the posterior ``mu = s(1 - q)/(s(1 - q) + 1 - s)``
  that Europe is investing (``s`` its prior suspicion, ``q = observe``), and strikes when war
  now is worth more than the expected value of waiting over the two paths (investment under
  way, or not); on each path Europe accepts the largest demand it prefers to war.

Solution: backward induction over the years, exact (Fractions). Russia's best demand is the
largest Europe accepts, ``x_t = min(1, 1 + delta*V_E(t+1) - W_E(t))`` (Europe resists any demand
if it is negative: a European preventive war); Russia strikes iff ``W_R(t) > x_t + delta*V_R(t+1)``
(ties: it waits). In a one-step shift this is exactly Powell's condition, war iff
``W_R(p0) + delta*W_E(p1) > 1/(1 - delta)`` (:func:`gametheory.commitment_problem`). The risk
curve is the probability of war in each year: ``observe`` times the war year when Russia sees
the investment, plus ``1 - observe`` times the war year when it does not.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.errors import GameError
from gametheory.extensive.game import ExtensiveGame
from gametheory.extensive.solvers.backward import backward_induction
from gametheory.extensive.tree import decision
from gametheory.modeling import Flip, Model, ModelResult, Outcome
from gametheory.modeling.text import readable
from gametheory.modeling.world import link
from gametheory.models._flipscan import fast_flip_points
from gametheory.symbolic import Parameter

_ILL = "illustrative assumption"

PARAMETERS = (
    Parameter("years", "length of the transition studied (the balance stays as it is after it)", 10, 1, 30,
              unit="years", source=_ILL + " (a decade of European rearmament)"),
    Parameter("delta", "weight of next year relative to this one (discount factor)", "9/10", 0, 1,
              lower_open=True, upper_open=True, unit="discount factor", source=_ILL),
    Parameter("b0", "probability that the US fights beside Europe today", "1/2", 0, 1, unit="probability",
              source=_ILL + "; base rate about 75% of commitments honoured (Leeds 2003)"),
    Parameter("drawdown", "yearly fall in the probability that the US fights beside Europe", "1/10", 0, 1,
              unit="probability per year", source=_ILL),
    Parameter("react", "extra fall in the US probability per unit of capability Europe adds (Washington "
              "leaves faster as Europe can stand alone)", "1/10", 0, 1,
              unit="probability per x Russia's power", source=_ILL),
    Parameter("U", "US conventional combat power if the US fights", 8, 0, 20, unit="x Russia's power",
              source=_ILL),
    Parameter("e0", "European conventional capability today", 1, 0, 10, unit="x Russia's power",
              source=_ILL + " (IISS Military Balance 2025 for the order of magnitude)"),
    Parameter("gain", "capability European investment adds each year once it matures (a gain as large "
              "as the target: the new forces arrive at once)", 2, 0, 10,
              unit="x Russia's power per year", source=_ILL),
    Parameter("target", "total capability the investment adds", 2, 0, 10, unit="x Russia's power",
              source=_ILL),
    Parameter("start", "year in which European investment starts", 2, 0, 30, unit="year",
              source="policy option"),
    Parameter("lag", "years from investment to usable capability (procurement, training)", 3, 0, 15,
              unit="years", source=_ILL + " (procurement cycles of several years)"),
    Parameter("observe", "probability that Russia observes the investment when it starts", "1/2", 0, 1,
              unit="probability", source=_ILL + " (Debs & Monteiro 2014)"),
    Parameter("suspicion", "Russia's prior that Europe is investing when it sees nothing", "1/2", 0, 1,
              unit="probability", source=_ILL),
    Parameter("c_R", "Russia's one-off cost of war", "1/2", 0, 10, unit="stake units", source=_ILL),
    Parameter("c_E", "Europe's one-off cost of war", "3/5", 0, 10, unit="stake units", source=_ILL),
    Parameter("bridge", "share by which bridging measures slow the US drawdown (for the comparison)",
              "1/2", 0, 1, unit="share", source="policy option"),
)

WORLD_LINKS = (
    link("b0", "us_backing", "the chance the US fights beside Europe today"),
    link("U", "us_conventional", "the US conventional weight if it fights"),
    link("e0", "europe_capability", "European conventional capability today"),
    link("c_R", "russia_war_cost", "Russia's cost of a war with Europe"),
    link("c_E", "europe_war_cost", "Europe's cost of a war with Russia"),
)

OUTCOMES = (
    Outcome("no_window", "No window: Russia never gains by striking during the transition",
            "In every year, on every information path, waiting and extracting concessions is worth at "
            "least as much to Russia as war, and Europe prefers conceding to resisting: the shift in "
            "power is slow enough for promises to be credible (Powell 2006)."),
    Outcome("window", "A window of vulnerability: Russia may strike during the transition",
            "The balance first holds, but in a later year the coming shift against Russia is so fast that "
            "no concession Europe can credibly promise is worth as much to Russia as war now (Powell's "
            "commitment problem); the statement names the years and their probabilities."),
    Outcome("immediate_war", "War now: the coming shift already makes war the better option this year",
            "Already in the first year, war now is worth more to Russia than anything Europe can "
            "credibly promise for the years to come, on at least one information path."),
)


def _floor(x: Any) -> int:
    return int(x // 1)


@dataclass(frozen=True)
class PathSolution:
    """One path of the balance solved by backward induction.

    Attributes
    ----------
    p:
        Russia's chance of winning a war in each year ``0..years``.
    war_year:
        The year war breaks out on the equilibrium path (``None``: peace throughout).
    starter:
        ``"Russia"`` when war breaks out (Europe never starts one), or ``None``.
    values:
        Russia's and Europe's equilibrium values from year 0.
    """

    p: tuple[Any, ...]
    war_year: int | None
    starter: str | None
    values: tuple[Any, Any]


def balance(v: Mapping[str, Any], *, invest: bool = True) -> tuple[list[Any], int]:
    """Russia's chance of winning in each year and the year the capability appears."""
    T, start, lag = _floor(v["years"]), _floor(v["start"]), _floor(v["lag"])
    zero = v["b0"] * 0
    visible = start + lag
    out = []
    for t in range(T + 1):
        added = min(v["target"], v["gain"] * max(0, t - visible + 1)) if invest else zero
        e = v["e0"] + added
        b = max(zero, v["b0"] - v["drawdown"] * t - v["react"] * added)
        out.append(b / (1 + e + v["U"]) + (1 - b) / (1 + e))
    return out, visible


def _war(p: Any, v: Mapping[str, Any]) -> tuple[Any, Any]:
    k = 1 / (1 - v["delta"])
    return p * k - v["c_R"], (1 - p) * k - v["c_E"]


def _terminal(p: Any, v: Mapping[str, Any]) -> tuple[Any, Any]:
    """Stationary peace after the last year: Russia holds Europe to its war value (at least 0)."""
    k = 1 / (1 - v["delta"])
    ve = max(p * 0, _war(p, v)[1])
    return k - ve, ve


def _demand(we: Any, ve_next: Any, d: Any) -> Any:
    """Russia's largest demand Europe accepts rather than resist (at least 0: Europe does not
    launch a preventive war of its own)."""
    return max(we * 0, min(we * 0 + 1, 1 + d * ve_next - we))


def _step(t: int, p: Any, nxt: tuple[Any, Any], v: Mapping[str, Any]) -> tuple[str | None, tuple[Any, Any]]:
    """Year ``t`` under complete information: who starts a war (or None) and the values."""
    wr, we = _war(p, v)
    d = v["delta"]
    x = _demand(we, nxt[1], d)
    peace_r = x + d * nxt[0]
    if wr > peace_r:
        return "Russia", (wr, we)
    return None, (peace_r, 1 - x + d * nxt[1])


def solve_path(p: Sequence[Any], v: Mapping[str, Any]) -> PathSolution:
    """Backward induction over the years of one known path of the balance."""
    T = len(p) - 1
    vals = _terminal(p[T], v)
    war_year: int | None = None
    starter: str | None = None
    for t in range(T - 1, -1, -1):
        who, vals = _step(t, p[t], vals, v)
        if who is not None:
            war_year, starter = t, who
    return PathSolution(tuple(p), war_year, starter, vals)


def path_tree(p: Sequence[Fraction], v: Mapping[str, Fraction]) -> ExtensiveGame:
    """The complete-information chain of years as an engine tree (payoffs Russia, Europe).

    In year ``t`` Russia strikes or waits; if it waits it demands ``x_t``, the largest demand
    Europe accepts (from the backward recursion; Russia's choice of demand is continuous, so the
    tree carries the best one), and Europe accepts or resists (war). A zero demand is the status
    quo, which Europe keeps (it starts no war). Terminal payoffs are discounted totals from
    year 0; after the last year the stationary peace holds.
    """
    T, d = len(p) - 1, v["delta"]
    conts: list[tuple[Fraction, Fraction]] = [(Fraction(0), Fraction(0))] * (T + 1)
    conts[T] = _terminal(p[T], v)
    demands = [Fraction(0)] * T
    for t in range(T - 1, -1, -1):
        demands[t] = _demand(_war(p[t], v)[1], conts[t + 1][1], d)
        conts[t] = _step(t, p[t], conts[t + 1], v)[1]
    acc_r, acc_e, disc = [Fraction(0)], [Fraction(0)], [Fraction(1)]
    for t in range(T):
        acc_r.append(acc_r[-1] + disc[-1] * demands[t])
        acc_e.append(acc_e[-1] + disc[-1] * (1 - demands[t]))
        disc.append(disc[-1] * d)
    node: Any = (acc_r[T] + disc[T] * conts[T][0], acc_e[T] + disc[T] * conts[T][1])
    for t in range(T - 1, -1, -1):
        wr, we = _war(p[t], v)
        war = (acc_r[t] + disc[t] * wr, acc_e[t] + disc[t] * we)
        if demands[t] > 0:
            node = decision("Europe", {"accept": node, "resist": war}, infoset=f"Europe {t}")
        node = decision("Russia", {"wait": node, "strike": war}, infoset=f"Russia {t}")
    return ExtensiveGame.from_tree(node, players=["Russia", "Europe"], title="The transition window (one path)")


def engine_war_year(p: Sequence[Fraction], v: Mapping[str, Fraction]) -> int | None:
    """The war year on a known path by the engine's backward induction (first optimal action
    at ties: Russia waits, Europe accepts), or None."""
    plan = backward_induction(path_tree(p, v), max_equilibria=1)[0].actions()
    for t in range(len(p) - 1):
        if plan.get(f"Russia {t}") == "strike" or plan.get(f"Europe {t}") == "resist":
            return t
    return None


def posterior(v: Mapping[str, Any]) -> Any:
    """Russia's belief that Europe is investing when it has seen nothing (Bayes' rule)."""
    s, q = v["suspicion"], v["observe"]
    den = s * (1 - q) + (1 - s)
    return s * 0 + 1 if den == 0 else s * (1 - q) / den


def solve_unobserved(p_inv: Sequence[Any], p_no: Sequence[Any], visible: int,
                     v: Mapping[str, Any]) -> PathSolution:
    """The investment path when Russia has not seen the investment: before year ``visible``
    it acts on its posterior, weighing the value of waiting on both paths; afterwards it knows."""
    T = len(p_inv) - 1
    mu = posterior(v)
    d = v["delta"]
    # complete-information values from year `visible` on, on both paths
    vi, vn = _terminal(p_inv[T], v), _terminal(p_no[T], v)
    war_year: int | None = None
    starter: str | None = None
    for t in range(T - 1, -1, -1):
        if t >= visible:
            who, vi = _step(t, p_inv[t], vi, v)
            _, vn = _step(t, p_no[t], vn, v)
            if who is not None:
                war_year, starter = t, who
            continue
        # before the capability appears the balance is the same on both paths
        wr, we = _war(p_inv[t], v)
        xi, xn = (_demand(we, w[1], d) for w in (vi, vn))
        wait_i, wait_n = xi + d * vi[0], xn + d * vn[0]
        if wr > mu * wait_i + (1 - mu) * wait_n:
            war_year, starter, vi, vn = t, "Russia", (wr, we), (wr, we)
            continue
        vi = (wait_i, 1 - xi + d * vi[1])
        vn = (wait_n, 1 - xn + d * vn[1])
    return PathSolution(tuple(p_inv), war_year, starter, vi)


@dataclass(frozen=True)
class Transition:
    """The whole analysis at one point: both information paths and the risk curve."""

    observed: PathSolution
    unobserved: PathSolution
    no_investment: PathSolution
    risk: tuple[Any, ...]
    visible: int
    posterior: Any

    @property
    def total(self) -> Any:
        return sum(self.risk, self.risk[0] * 0)

    def key(self) -> str:
        if self.total == 0:
            return "no_window"
        return "immediate_war" if self.risk[0] > 0 else "window"

    def window(self) -> tuple[int, int] | None:
        years = [t for t, r in enumerate(self.risk) if r > 0]
        return (years[0], years[-1]) if years else None


def transition(v: Mapping[str, Any], *, baseline: bool = True) -> Transition:
    """Solve the model at ``v`` (Fractions for the exact result, floats for the fast scan);
    ``baseline=False`` skips the path without investment, which the outcome does not need
    (it is then the unobserved path's counterpart only inside :func:`solve_unobserved`)."""
    p_inv, visible = balance(v)
    p_no, _ = balance(v, invest=False)
    obs = solve_path(p_inv, v)
    unobs = solve_unobserved(p_inv, p_no, visible, v)
    q = v["observe"]
    zero = q * 0
    risk = [zero] * (len(p_inv) - 1)
    for weight, path in ((q, obs), (1 - q, unobs)):
        if path.war_year is not None and weight > 0:
            risk[path.war_year] += weight
    no = solve_path(p_no, v) if baseline else PathSolution(tuple(p_no), None, None, (q * 0, q * 0))
    return Transition(obs, unobs, no, tuple(risk), visible, posterior(v))


def _summary(tr: Transition) -> dict[str, Any]:
    w = tr.window()
    return {"outcome": tr.key(), "war_probability": tr.total,
            "window": list(w) if w else None,
            "risk_curve": list(tr.risk)}


class TransitionWindow(Model):
    """The transition window (Powell 2006; Debs & Monteiro 2014); see the module docstring."""

    name = "transition"
    title = "The transition window"
    question = ("As US commitment fades and European capability matures with a lag, in which years, if any, "
                "does Russia do better striking than waiting, and how do investing earlier and slowing "
                "the US drawdown change that?")
    players = ("Russia", "Europe")
    parameters = PARAMETERS
    outcomes = OUTCOMES
    world_links = WORLD_LINKS
    no_flips = ("years",)
    references = (
        "Powell, R. (2006). War as a commitment problem. International Organization 60(1), 169-203.",
        "Debs, A. & Monteiro, N. P. (2014). Known unknowns: power shifts, uncertainty, and war. "
        "International Organization 68(1), 1-31.",
        "Fearon, J. D. (1995). Rationalist explanations for war. International Organization 49(3), 379-414.",
        "Tullock, G. (1980). Efficient rent seeking; Hirshleifer, J. (1989). Conflict and rent-seeking "
        "success functions. Public Choice 63, 101-112.",
    )

    def build(self, values: Mapping[str, Fraction]) -> ExtensiveGame:
        """The engine tree of the path on which Russia sees the investment (a chain of years)."""
        return path_tree(balance(values)[0], values)

    def fast_outcome_key(self, fvals: Mapping[str, float]) -> str:
        """The outcome in floats (the same recursion), for the flip scan."""
        return transition({k: float(x) for k, x in fvals.items()}, baseline=False).key()

    def outcome_key(self, values: Mapping[str, Fraction]) -> str:
        """The exact outcome by the backward recursion in Fractions (the same recursion
        :meth:`analyse` checks against the engine's backward induction at every solve)."""
        return transition(self.values(values), baseline=False).key()

    boundaries = None
    conditions = None

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Nearest flips: float scan of the same recursion, each bracket confirmed exactly."""
        return fast_flip_points(self, values, current)

    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        v = dict(values)
        tr = transition(v)
        for label, path in (("observed", tr.observed), ("no-investment", tr.no_investment)):
            if engine_war_year(path.p, v) != path.war_year:  # pragma: no cover - consistency guard
                raise GameError(f"model transition: the {label} path's backward recursion disagrees with the "
                                "engine's backward induction")
        key = tr.key()
        early = {**v, "start": Fraction(0)}
        slow = {**v, "drawdown": v["drawdown"] * (1 - v["bridge"])}
        seq, brg, both = transition(early), transition(slow), transition({**early, "drawdown": slow["drawdown"]})
        notes = []
        if any(_tie(path, v) for path in (tr.observed, tr.no_investment)):
            notes.append("knife-edge: in some year Russia is exactly indifferent between war and waiting "
                         "(it is taken to wait)")
        quantities = {
            "russia_win_probability": {"with_investment": list(tr.observed.p),
                                       "without_investment": list(tr.no_investment.p)},
            "risk_curve": list(tr.risk),
            "war_probability": tr.total,
            "window": list(tr.window() or []) or None,
            "capability_visible_year": tr.visible,
            "posterior_if_unseen": tr.posterior,
            "war_year_if_observed": tr.observed.war_year,
            "war_year_if_unobserved": tr.unobserved.war_year,
            "war_year_without_investment": tr.no_investment.war_year,
            "values_if_observed": {"Russia": tr.observed.values[0], "Europe": tr.observed.values[1]},
            "war_probability_by_start_year": [transition({**v, "start": Fraction(s)}, baseline=False).total
                                              for s in range(max(0, _floor(v["years"]) - _floor(v["lag"])))],
            "sequencing_invest_now": _summary(seq),
            "bridging_slower_drawdown": _summary(brg),
            "sequencing_and_bridging": _summary(both),
        }
        equilibrium = {
            "method": "backward induction over the years (exact)",
            "observed": {"war_year": tr.observed.war_year, "started_by": tr.observed.starter},
            "unobserved": {"war_year": tr.unobserved.war_year, "started_by": tr.unobserved.starter,
                           "posterior": tr.posterior},
            "no_investment": {"war_year": tr.no_investment.war_year, "started_by": tr.no_investment.starter},
        }
        return ModelResult(
            model=self.name, values=v, outcome=self.outcome(key),
            statement=self._statement(v, tr, seq, brg, both, notes),
            equilibrium=equilibrium, quantities=quantities,
            method="backward_induction (engine, complete-information paths); exact recursion (unobserved path)", diagnostics=tuple(notes),
        )

    def _statement(self, v: Mapping[str, Fraction], tr: Transition, seq: Transition, brg: Transition,
                   both: Transition, notes: list[str]) -> str:
        pct = functools.partial(readable, unit="probability")
        o = self.outcome(tr.key())
        w = tr.window()
        head = o.headline
        if w is not None:
            when = f"year {w[0]}" if w[0] == w[1] else f"years {w[0]}-{w[1]}"
            head += f" (war probability {pct(tr.total)}, {when})"
        parts = [head + "."]
        mech = {
            "no_window": "the balance shifts slowly enough each year that Europe's promises stay credible "
                         "(Powell 2006)",
            "window": "as European capability matures the balance turns against Russia faster than Europe "
                      "can credibly compensate it, so Russia strikes before the shift (Powell 2006)",
            "immediate_war": "the coming shift is so large and so near that war at once beats waiting",
        }[tr.key()]
        parts.append(f"Mechanism: {mech}.")
        p = tr.observed.p
        parts.append(f"Russia's chance of winning goes from {pct(p[0])} now to {pct(p[-1])} after "
                     f"{len(p) - 1} years with the investment ({pct(tr.no_investment.p[-1])} without); "
                     f"the new capability appears in year {tr.visible}.")
        for label, path in ((f"If Russia sees the investment (probability {pct(v['observe'])})", tr.observed),
                            (f"If it does not (it then thinks Europe invests with probability {pct(tr.posterior)})",
                             tr.unobserved)):
            parts.append(f"{label}: " + ("no war" if path.war_year is None
                                         else f"Russia strikes in year {path.war_year}") + ".")
        for label, alt in (("Investing now (sequencing)", seq), ("Slowing the US drawdown by "
                                                                  f"{pct(v['bridge'])} (bridging)", brg),
                           ("Both", both)):
            flip = "" if alt.key() == tr.key() else f", the outcome becomes: {self.outcome(alt.key()).headline}"
            parts.append(f"{label}: war probability {pct(alt.total)}{flip}.")
        if notes:
            parts.append("Caution: " + "; ".join(notes) + ".")
        return " ".join(parts)


def _tie(path: PathSolution, v: Mapping[str, Fraction]) -> bool:
    """Whether Russia is exactly indifferent between war and waiting in some year of ``path``."""
    p = path.p
    vals = _terminal(p[-1], v)
    for t in range(len(p) - 2, -1, -1):
        wr, we = _war(p[t], v)
        x = _demand(we, vals[1], v["delta"])
        if wr == x + v["delta"] * vals[0]:
            return True
        _, vals = _step(t, p[t], vals, v)
    return False
