r"""The coalition of the willing: burden sharing and deterrence with and without the US.

Six allies buy defence, which protects all of them: the **US**, **Germany**, the **UK**,
**France**, **Poland** and **Other Europe** (the remaining EU member states plus Norway,
merged into one actor to keep the game small; see the docs page for what that changes).
Ally ``i`` with GDP ``Y_i`` spends ``q_i`` and values (Cobb--Douglas, common weight ``a``)

    u_i = a*log(Y_i - q_i) + (1 - a)*log(q_1 + ... + q_n),

with ``q_i`` between a political floor ``f*Y_i`` (a spending pledge such as NATO's 2%) and
``Y_i``. This is the public-good model of alliances of Olson and Zeckhauser (1966) in the
closed form of Bergstrom, Blume and Varian (1986). The engine builds four such games as
:class:`~gametheory.ContinuousGame` objects and solves each with
:func:`~gametheory.solve_continuous` (exact KKT proof plus a global deviation check):

* ``status_quo``: all six allies, the European ones deciding separately;
* ``europe_alone``: the five European actors without the US, deciding separately;
* ``bloc``: Europe without the US acting as one player with the pooled GDP ``Y_EU``;
* ``us_and_bloc``: the US and the European bloc together.

Deterrence is a coalitional game on top. A coalition deters Russia when its capability
(military spending) reaches ``D = k * M_R``, a multiple ``k`` of Russia's spending. The
capability of the US is its equilibrium spending in the alliance; that of a European actor
is what it spends when it must provide for itself (the equilibria without the US). The
resulting weighted voting games, Europeans separate and Europe as one bloc, give the US's
Shapley--Shubik and Banzhaf power, its veto, and the core and least core of the simple game
``v(S) = 1`` if ``S`` deters (worth normalised to 1).

The outcome is the structure of the bloc game ``[D; w_US, w_EU]``: Europe deters alone
(``europe_self_reliant``), only the US does (``us_carries``), both are needed
(``shared_burden``), or not even both together reach ``D`` (``deterrence_gap``).

Flips in ``k`` and ``M_R`` are exact (``D`` is linear in them). The others are found by the
base class's scan, classifying each point with the closed forms of the ``bloc`` and
``us_and_bloc`` games that :func:`~gametheory.solve_continuous_symbolic` derives once per
process, so a scan needs no numeric solve.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

import gametheory as gt
from gametheory.modeling import Flip, Model, ModelResult, Outcome, nearest_flips
from gametheory.symbolic import Parameter
from gametheory.symbolic.continuous import SymbolicContinuousSolution

#: The allies (player names) and the codes used in parameter and variable names.
ALLIES: tuple[tuple[str, str], ...] = (
    ("US", "US"),
    ("Germany", "DE"),
    ("UK", "UK"),
    ("France", "FR"),
    ("Poland", "PL"),
    ("Other Europe", "OE"),
)
EUROPEANS = ALLIES[1:]

_GDP_SOURCE = ("IMF World Economic Outlook, GDP at current prices, 2024 (rounded to 100 bn USD; "
               "check the current release)")

PARAMETERS = (
    Parameter("a", "weight on private consumption in every ally's utility (1 - a: weight on the common defence)",
              "0.95", 0, 1, lower_open=True, upper_open=True, unit="share",
              source="calibrated (rounded): with the European allies at their floors the US, as the only "
                     "ally above its floor, then spends about 1,015 bn USD, close to its 2024 figure of "
                     "997 bn USD in the SIPRI Military Expenditure Database"),
    Parameter("f", "spending floor: the share of GDP every ally spends at least (a political pledge)",
              "0.02", 0, "0.1", unit="share of GDP",
              source="NATO's 2% of GDP guideline (Wales Summit Declaration, 2014); European NATO members "
                     "and Canada together reached about 2% in 2024 (NATO estimates; check the current release)"),
    Parameter("Y_US", "GDP of the United States", 29200, 0, 60000, lower_open=True, unit="bn USD",
              source=_GDP_SOURCE),
    Parameter("Y_DE", "GDP of Germany", 4700, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_UK", "GDP of the United Kingdom", 3600, 0, 30000, lower_open=True, unit="bn USD",
              source=_GDP_SOURCE),
    Parameter("Y_FR", "GDP of France", 3200, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_PL", "GDP of Poland", 900, 0, 30000, lower_open=True, unit="bn USD", source=_GDP_SOURCE),
    Parameter("Y_OE", "GDP of the other European coalition members (other EU states plus Norway)", 11000, 0,
              40000, lower_open=True, unit="bn USD",
              source="IMF World Economic Outlook, 2024: EU GDP (about 19,400) minus Germany, France and "
                     "Poland, plus Norway (about 500); rounded; check the current release"),
    Parameter("M_R", "Russia's military spending", 149, 0, 2000, lower_open=True, unit="bn USD",
              source="SIPRI Military Expenditure Database, 2024 estimate at market exchange rates "
                     "(rounded; check the current release)"),
    Parameter("k", "deterrence ratio: allied military spending needed to deter Russia, as a multiple of M_R",
              3, 0, 20, lower_open=True, unit="x M_R",
              source="illustrative assumption: roughly parity with Russia once its spending is valued at "
                     "purchasing-power parity, which estimates such as IISS, The Military Balance 2025, "
                     "put at about three times the market-rate figure (check the source)"),
)

#: The European coalition's pooled GDP, a derived parameter of the two bloc games.
Y_EU = Parameter("Y_EU", "GDP of the European coalition (Y_DE + Y_UK + Y_FR + Y_PL + Y_OE)", 23400, 0,
                 160000, lower_open=True, unit="bn USD", source="sum of the five European GDPs")

OUTCOMES = (
    Outcome("europe_self_reliant", "Europe can deter Russia without the US",
            "Pooled as one bloc, the European allies would spend enough on their own, in equilibrium, "
            "to reach the capability the model takes as needed to deter Russia. The US is then no "
            "veto player of deterrence, and its power over the terms of the alliance shrinks."),
    Outcome("us_carries", "The US carries deterrence; Europe cannot replace it",
            "The US alone fields enough to deter Russia, and the European allies, even pooled as one "
            "bloc and spending what they would without the US, do not: deterrence depends on the US, "
            "which holds all the power in the coalitional game, while the Europeans free-ride."),
    Outcome("shared_burden", "Deterrence needs both the US and Europe",
            "Neither the US nor the pooled European bloc fields enough alone, but together they do: "
            "each is a veto player, and deterrence rests on a shared burden neither side can walk away from."),
    Outcome("deterrence_gap", "Even the full alliance falls short of deterring",
            "The US and a pooled Europe together, each spending its equilibrium amount, stay below the "
            "capability needed: no coalition deters in this model."),
)

_GAME_KEYS = ("status_quo", "europe_alone", "bloc", "us_and_bloc")


# --------------------------------------------------------------------------- the games
def _public_good_game(players: Sequence[tuple[str, str]], params: Sequence[Parameter], title: str
                      ) -> gt.ContinuousGame:
    total = " + ".join(f"q_{c}" for _, c in players)
    return gt.ContinuousGame(
        [name for name, _ in players],
        [(f"q_{c}", f"f*Y_{c}", f"Y_{c}") for _, c in players],
        [f"a*log(Y_{c} - q_{c}) + (1 - a)*log({total})" for _, c in players],
        parameters=params,
        title=title,
    )


@functools.lru_cache(maxsize=1)
def _games() -> dict[str, gt.ContinuousGame]:
    """The four public-good games, parametric (built once: parsing takes tens of ms)."""
    by = {p.name: p for p in PARAMETERS}
    common = [by["a"], by["f"]]
    eu = ("Europe", "EU")
    return {
        "status_quo": _public_good_game(
            ALLIES, [*common, *(by[f"Y_{c}"] for _, c in ALLIES)], "alliance burden sharing: status quo"),
        "europe_alone": _public_good_game(
            EUROPEANS, [*common, *(by[f"Y_{c}"] for _, c in EUROPEANS)],
            "alliance burden sharing: Europe without the US, deciding separately"),
        "bloc": _public_good_game([eu], [*common, Y_EU], "alliance burden sharing: Europe as one bloc"),
        "us_and_bloc": _public_good_game([ALLIES[0], eu], [*common, by["Y_US"], Y_EU],
                                         "alliance burden sharing: the US and a European bloc"),
    }


def _game_values(key: str, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """The values of one game's parameters (the bloc games use the pooled GDP Y_EU)."""
    vals = dict(values)
    vals["Y_EU"] = sum((values[f"Y_{c}"] for _, c in EUROPEANS), Fraction(0))
    return {p.name: vals[p.name] for p in _games()[key].parameters}


@dataclass(frozen=True)
class _Piece:
    """One active set of a bloc game in closed form (from solve_continuous_symbolic)."""

    solution: SymbolicContinuousSolution
    conditions: Callable[..., Any]
    choices: Callable[..., Any]


@functools.lru_cache(maxsize=1)
def _pieces() -> dict[str, tuple[tuple[str, ...], tuple[_Piece, ...]]]:
    """Closed-form equilibria of the two bloc games, every active set, with fast evaluators.

    Derived once per process by the engine (about two seconds of sympy); the evaluators are
    float functions of the parameters, used only to classify points in flip scans.
    """
    out = {}
    for key in ("bloc", "us_and_bloc"):
        game = _games()[key]
        names = tuple(p.name for p in game.parameters)
        args = [p.symbol for p in game.parameters]
        pieces = []
        for s in gt.solve_continuous_symbolic(game):
            pieces.append(_Piece(
                s,
                sympy.lambdify(args, list(s.conditions), modules="math"),
                sympy.lambdify(args, [s.choices[p] for p in game.players], modules="math"),
            ))
        out[key] = (names, tuple(pieces))
    return out


def _fast_choices(key: str, values: Mapping[str, Fraction]) -> list[float]:
    """Equilibrium spending in a bloc game from the engine's closed forms (floats)."""
    names, pieces = _pieces()[key]
    gv = _game_values(key, values)
    args = [float(gv[n]) for n in names]
    for piece in pieces:
        try:
            if all(bool(c) for c in piece.conditions(*args)):
                return [float(x) for x in piece.choices(*args)]
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
    # rounding at the edge of every closed form: ask the numeric solver
    r = gt.solve_continuous(_games()[key], gv, exact=False)
    return [float(r.choices[p]) for p in _games()[key].players]


def _regime(threshold: Any, us: Any, europe: Any) -> str:
    """The outcome from the deterrence threshold and the two capabilities of the bloc game."""
    if us + europe < threshold:
        return "deterrence_gap"
    if europe >= threshold:
        return "europe_self_reliant"
    if us >= threshold:
        return "us_carries"
    return "shared_burden"


# --------------------------------------------------------------------------- voting
def _voting(threshold: Fraction, weights: Mapping[str, Any]) -> dict[str, Any]:
    """Power in the simple game 'a coalition deters when its capability reaches the threshold'."""
    names = list(weights)
    total = sum(weights.values())
    if total < threshold:
        return {"deters": [], "shapley_shubik": None, "banzhaf": None, "veto": [],
                "core_empty": None, "least_core_epsilon": None, "least_core": None}
    game = gt.WeightedVotingGame(threshold, [weights[n] for n in names], names)
    tu = game.to_coalitional()
    try:
        ss, bz = gt.shapley_shubik_index(game), gt.banzhaf_index(game)
    except (OverflowError, gt.GameSizeError):
        # weights with huge denominators defeat the integer counting of the weighted game;
        # the same simple game by enumeration of its 2^n coalitions gives the same indices
        ss, bz = gt.shapley_value(tu), gt.banzhaf_index(tu)
    everyone = set(names)
    veto = [n for n in names if not game.is_winning(everyone - {n})]
    alone = [n for n in names if game.is_winning({n})]
    out: dict[str, Any] = {
        "deters": alone,
        "shapley_shubik": ss.by_name(),
        "banzhaf": bz.by_name(),
        "veto": veto,
    }
    lc = gt.least_core(tu)
    out["core_empty"] = lc.core_empty
    out["least_core_epsilon"] = lc.epsilon
    out["least_core"] = lc.by_name()
    return out


# --------------------------------------------------------------------------- wording
def _bn(x: Any) -> str:
    return f"{float(x):,.0f}"


def _pct(x: Any, digits: int = 0) -> str:
    """A share as a percentage: ``digits`` decimals, or two significant digits when None."""
    if digits < 0:
        return f"{100 * float(x):.2g}%"
    return f"{100 * float(x):.{digits}f}%"


def _names(xs: Sequence[str]) -> str:
    xs = list(xs)
    if not xs:
        return "none"
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]


def _power(x: Any) -> str:
    if isinstance(x, Fraction) and x.denominator <= 100:
        return str(x)
    return f"{float(x):.2f}"


class Alliance(Model):
    name = "alliance"
    title = "The coalition of the willing: burden sharing and deterrence with and without the US"
    question = ("Who pays for the alliance's defence, can Europe deter Russia without the US, "
                "and what does a European bloc change about the US's pivotal role?")
    players = tuple(name for name, _ in ALLIES)
    parameters = PARAMETERS
    outcomes = OUTCOMES
    references = (
        "Olson, M., Zeckhauser, R. (1966). An economic theory of alliances. Review of Economics and Statistics 48(3), 266-279.",
        "Bergstrom, T., Blume, L., Varian, H. (1986). On the private provision of public goods. Journal of Public Economics 29(1), 25-49.",
        "Warr, P. G. (1983). The private provision of a public good is independent of the distribution of income. Economics Letters 13(2-3), 207-211.",
        "Sandler, T., Hartley, K. (2001). Economics of alliances: the lessons for collective action. Journal of Economic Literature 39(3), 869-896.",
        "Shapley, L. S., Shubik, M. (1954). A method for evaluating the distribution of power in a committee system. American Political Science Review 48(3), 787-792.",
        "Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical analysis. Rutgers Law Review 19, 317-343.",
        "Snyder, G. H. (1984). The security dilemma in alliance politics. World Politics 36(4), 461-495.",
    )

    def __init__(self) -> None:
        self._last: tuple[tuple[tuple[str, Fraction], ...], Any, Any] | None = None

    # ------------------------------------------------------------------ games
    def symbolic_games(self) -> dict[str, gt.ContinuousGame]:
        """The four public-good games with the parameters as symbols."""
        return dict(_games())

    def build(self, values: Mapping[str, Fraction]) -> dict[str, gt.ContinuousGame]:
        """The four public-good games at the given values (numeric, no parameters left)."""
        return {key: _games()[key].substitute(_game_values(key, values)) for key in _GAME_KEYS}

    # ------------------------------------------------------------------ analysis
    def analyse(self, values: Mapping[str, Fraction]) -> ModelResult:
        vals = dict(values)
        games = self.build(vals)
        sols = {key: gt.solve_continuous(games[key]) for key in _GAME_KEYS}
        notes = [f"{key}: {d}" for key, s in sols.items() for d in s.diagnostics]
        for key, s in sols.items():
            if not s.exact:
                notes.append(f"{key}: equilibrium verified numerically only (floats)")
        sq, eu, bloc, pair = (sols[k] for k in _GAME_KEYS)
        gdp = {name: vals[f"Y_{c}"] for name, c in ALLIES}
        eu_names = [name for name, _ in EUROPEANS]
        threshold = vals["k"] * vals["M_R"]

        sq_total = sum(sq.choices.values())
        eu_sq = sum(sq.choices[n] for n in eu_names)
        eu_total = sum(eu.choices.values())
        w_bloc = bloc.choices["Europe"]
        w_us = pair.choices["US"]
        key = _regime(threshold, w_us, w_bloc)
        self._last = (tuple(sorted(vals.items())), w_us, w_bloc)

        separate = _voting(threshold, {"US": sq.choices["US"], **eu.choices})
        pooled = _voting(threshold, {"US": w_us, "Europe": w_bloc})
        sq_contrib = [n for n in sq.active if sq.active[n] != "lower"]
        eu_contrib = [n for n in eu.active if eu.active[n] != "lower"]
        us_share = sq.choices["US"] / sq_total
        us_gdp_share = gdp["US"] / sum(gdp.values())

        quantities: dict[str, Any] = {
            "threshold": threshold,
            "status_quo_spending": dict(sq.choices),
            "status_quo_total": sq_total,
            "status_quo_above_floor": sq_contrib,
            "spending_share_of_gdp": {n: sq.choices[n] / gdp[n] for n in sq.choices},
            "us_share_of_spending": us_share,
            "us_share_of_gdp": us_gdp_share,
            "europe_alone_spending": dict(eu.choices),
            "europe_alone_total": eu_total,
            "europe_alone_above_floor": eu_contrib,
            "bloc_spending": w_bloc,
            "us_spending_with_bloc": w_us,
            "bloc_spending_with_us": pair.choices["Europe"],
            "europe_rise_separate": eu_total - eu_sq,
            "europe_rise_bloc": w_bloc - eu_sq,
            "power_separate": separate,
            "power_bloc": pooled,
        }
        equilibrium = {
            key_: {
                "spending": dict(s.choices),
                "active": dict(s.active),
                "exact": s.exact,
                "max_regret": s.max_regret,
            }
            for key_, s in sols.items()
        }
        o = self.outcome(key)
        statement = self._statement(o, vals, quantities, sq_contrib)
        return ModelResult(
            model=self.name,
            values=vals,
            outcome=o,
            statement=statement,
            equilibrium=equilibrium,
            quantities=quantities,
            method="solve_continuous (exact KKT) + weighted voting (Shapley-Shubik, Banzhaf, least core)",
            diagnostics=tuple(notes),
        )

    def _statement(self, o: Outcome, vals: Mapping[str, Fraction], q: Mapping[str, Any],
                   sq_contrib: Sequence[str]) -> str:
        d = q["threshold"]
        need = (f"the {_bn(d)} bn USD a year the model takes as needed to deter Russia "
                f"({float(vals['k']):g} x its {_bn(vals['M_R'])} bn)")
        bloc, us = q["bloc_spending"], q["us_spending_with_bloc"]
        eu_alone = q["europe_alone_total"]
        if o.key == "europe_self_reliant":
            why = f"pooled as one bloc, the European allies would spend {_bn(bloc)} bn USD a year without the US, reaching {need}"
        elif o.key == "us_carries":
            why = (f"the US spends {_bn(us)} bn USD a year, reaching {need}, while the European allies, "
                   f"even pooled as one bloc, would spend only {_bn(bloc)} bn without it")
        elif o.key == "shared_burden":
            why = (f"the US ({_bn(us)} bn USD a year) and the pooled European bloc ({_bn(bloc)} bn without "
                   f"the US) each fall short of {need}, together they reach it")
        else:
            why = (f"the US ({_bn(us)} bn USD a year) and the pooled European bloc ({_bn(bloc)} bn) together "
                   f"stay below {need}")
        separately = "enough" if eu_alone >= d else "not enough"
        europeans_up = [n for n in sq_contrib if n != "US"]
        if "US" in sq_contrib and not europeans_up:
            burden = (f"With the US in the alliance only the US spends above the {_pct(vals['f'], -1)} floor "
                      f"(its {_bn(q['status_quo_spending']['US'])} bn is {_pct(q['spending_share_of_gdp']['US'], -1)} "
                      f"of its GDP)")
        elif not sq_contrib:
            burden = f"With the US in the alliance every ally stays at the {_pct(vals['f'], -1)} floor"
        else:
            burden = (f"With the US in the alliance {_names(sq_contrib)} spend above the "
                      f"{_pct(vals['f'], -1)} floor")
        burden += (f": the US pays {_pct(q['us_share_of_spending'])} of allied defence with "
                   f"{_pct(q['us_share_of_gdp'])} of allied GDP.")
        alone = (f"Without the US, Europeans deciding separately would spend {_bn(eu_alone)} bn "
                 f"({separately} to deter on their own).")
        text = f"{o.headline}: {why}. {burden} {alone}"
        sep, poo = q["power_separate"], q["power_bloc"]
        if sep["shapley_shubik"] is not None and poo["shapley_shubik"] is not None:
            before, after = sep["shapley_shubik"]["US"], poo["shapley_shubik"]["US"]
            if before == after:
                text += f" A European bloc leaves the US's voting power (Shapley-Shubik) at {_power(after)}"
            else:
                text += (f" A European bloc moves the US's voting power (Shapley-Shubik) from "
                         f"{_power(before)} to {_power(after)}")
            veto = poo["veto"]
            text += (f"; veto players with a bloc: {_names(veto)}." if veto
                     else "; with a bloc nobody has a veto and the core is empty.")
        return text

    # ------------------------------------------------------------------ flips
    def _fast_outcome(self, values: Mapping[str, Fraction]) -> str:
        (w_bloc,) = _fast_choices("bloc", values)
        w_us, _ = _fast_choices("us_and_bloc", values)
        return _regime(float(values["k"] * values["M_R"]), w_us, w_bloc)

    def flip_points(self, values: Mapping[str, Fraction], current: str) -> list[Flip]:
        """Exact flips in ``k`` and ``M_R``; scans with the closed forms for the others."""
        stamp = tuple(sorted(values.items()))
        if self._last is None or self._last[0] != stamp:
            self.analyse(values)
        assert self._last is not None
        _, w_us, w_bloc = self._last
        out: list[Flip] = []
        for p in self.parameters:
            if p.name in self.no_flips:
                continue
            if p.name in ("k", "M_R"):
                out.extend(self._threshold_flips(values, p, current, w_us, w_bloc))
            else:
                out.extend(nearest_flips(self, values, p, current, classify=self._fast_outcome))
        return out

    def _threshold_flips(self, values: Mapping[str, Fraction], p: Parameter, current: str,
                         w_us: Any, w_bloc: Any) -> list[Flip]:
        """D = k * M_R is linear in either, so the outcome changes where D meets a capability."""
        other = values["M_R"] if p.name == "k" else values["k"]
        x0 = values[p.name]
        lo = p.lower if p.lower is not None else Fraction(0)
        hi = p.upper if p.upper is not None else x0 * 100
        cuts = sorted({Fraction(c) / other for c in (w_bloc, w_us, w_bloc + w_us)})
        cuts = [c for c in cuts if lo < c < hi]

        def regime_at(x: Fraction) -> str:
            return _regime(x * other, w_us, w_bloc)

        flips: list[Flip] = []
        up = [c for c in cuts if c >= x0]
        for i, c in enumerate(up):
            nxt = up[i + 1] if i + 1 < len(up) else hi
            o = regime_at((c + nxt) / 2)
            if o != current:
                flips.append(Flip(p.name, c, "up", o, exact=True))
                break
        down = [c for c in reversed(cuts) if c < x0]
        for i, c in enumerate(down):
            prv = down[i + 1] if i + 1 < len(down) else lo
            o = regime_at((c + prv) / 2)
            if o != current:
                flips.append(Flip(p.name, c, "down", o, exact=True))
                break
        return flips
