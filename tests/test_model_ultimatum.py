"""The nuclear ultimatum model against the brinkmanship conditions.

Oracle (Schelling 1960, ch. 8; Dixit, Skeath & Reiley, *Games of Strategy*, ch. 13 on
brinkmanship): a threat with risk q of disaster moves a type of Europe whose cost of
complying is C exactly when complying beats defying, -C >= q (-D_E) + (1 - q) b_E, i.e.
q >= (C + b_E) / (D_E + b_E) (*effectiveness*). Russia issues the smallest effective threat
when it is *acceptable*: its expected payoff beats the status quo. Aimed at the irresolute
type only (a resolute Europe defies and risks disaster with probability q):
(1 - rho) v - rho (q D_R + (1 - q) a_R) > 0; aimed at every type: v > 0. When disaster
hurts Russia less than a fizzled ultimatum (D_R < a_R), the largest risk, q = 1, is best.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.models import get_model


def oracle(values: dict[str, Fraction]) -> tuple[str, Fraction]:
    """The outcome and Russia's equilibrium payoff."""
    v, b, D_E, rho, a = values["v"], values["b_E"], values["D_E"], values["rho"], values["a_R"]
    D_R = values["D_FUK"] + values["u_US"] * values["D_US"]
    q_irr = (v + b) / (D_E + b)
    q_res = (values["k_hard"] * v + b) / (D_E + b)
    options: list[tuple[Fraction, Fraction]] = []
    if q_irr <= 1:
        options.append(((1 - rho) * v - rho * (q_irr * D_R + (1 - q_irr) * a), q_irr))
    if q_res <= 1:
        options.append((v, q_res))
    # the largest risk, q = 1, is the best choice when disaster hurts Russia less than a fizzle
    certain = rho * (v if q_res <= 1 else -D_R) + (1 - rho) * (v if q_irr <= 1 else -D_R)
    options.append((certain, Fraction(1)))
    if q_irr > 1:
        return "ineffective", Fraction(0)
    best = max(u for u, _ in options)
    if best > 0:
        return "ultimatum", best
    return "no_ultimatum", Fraction(0)


def frac(lo: int, hi: int, den: int = 20) -> st.SearchStrategy[Fraction]:
    return st.integers(lo * den, hi * den).map(lambda k: Fraction(k, den))


@settings(max_examples=30, deadline=None)
@given(
    u_US=frac(0, 1), rho=frac(0, 1), k_hard=frac(1, 200, 2), a_R=frac(0, 2), b_E=frac(0, 1),
    D_E=frac(1, 100, 2), D_FUK=frac(0, 100, 2), D_US=frac(0, 200, 2),
)
def test_engine_matches_effectiveness_and_acceptability(**kw: Fraction) -> None:
    m = get_model("ultimatum")
    values = m.values(kw)
    want, russia = oracle(values)
    r = m.solve(values, flips=False)
    assert r.outcome.key == want
    assert r.equilibrium["payoffs"]["Russia"] == russia
    assert r.equilibrium["max_regret"] == 0


def test_thresholds_are_derived_by_the_engine() -> None:
    m = get_model("ultimatum")
    th = {k: str(v) for k, v in m.effectiveness_thresholds.items()}
    assert th == {"resolute": "(b_E + k_hard*v)/(D_E + b_E)", "irresolute": "(b_E + v)/(D_E + b_E)"}


def test_us_umbrella_decides_at_the_defaults() -> None:
    # The scenario's claim 3: without US backing Russia may find a nuclear ultimatum worth
    # issuing. At the defaults the umbrella (u_US = 1/2) makes it unacceptable; without it
    # (u_US = 0) Russia issues it at risk 6/251 and disaster follows with probability 2/251.
    m = get_model("ultimatum")
    assert m.solve(flips=False).outcome.key == "no_ultimatum"
    r = m.solve({"u_US": 0}, flips=False)
    assert r.outcome.key == "ultimatum"
    assert r.quantities["risk_chosen"] == Fraction(6, 251)
    assert r.quantities["probability_of_disaster"] == Fraction(2, 251)
    # The umbrella level at which the ultimatum becomes acceptable again: Russia is
    # indifferent when (1 - rho) v = rho (q D_R + (1 - q) a_R) with D_R = 20 + 100 u_US.
    flips = {(f.parameter, f.direction): Fraction(f.value) for f in m.solve().flips}
    q, rho = Fraction(6, 251), Fraction(1, 3)
    u_star = (((1 - rho) / rho - (1 - q) * Fraction(1, 2)) / q - 20) / 100
    assert flips[("u_US", "down")] == u_star
