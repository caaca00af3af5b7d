"""The world state of the Europe-Russia-US situation: the variables every model maps from.

One description of the situation, independent of any one model (see
:mod:`gametheory.modeling.world` for the machinery and ``docs/world-and-scenarios.md`` for
the reading guide). Every model of the suite declares ``world_links``: how its own
parameters follow from these variables, so that a scenario such as "the US is out" means
the same thing in every model.

Units. Values of the stakes are in **stake units**: the value, to each side, of the political
concession at issue (a demand on a European state, say) is 1. Conventional strength is a
**multiple of Russia's conventional combat power** (so Europe at 1 is parity). Russia's chance
of prevailing in a conventional war follows the ratio form of the contest success function
(Tullock 1980; Hirshleifer 1989): with European power E and US power U (multiples of
Russia's), Russia prevails against Europe alone with probability 1/(1 + E) and against
Europe and the US with probability 1/(1 + E + U).

Every default is an illustrative assumption unless its source names a public figure.

>>> WORLD.variable("us_backing").role
'uncertainty'
>>> sorted(v.name for v in WORLD if v.role == "lever")
['ceasefire_cap', 'europe_capability', 'fuk_forward', 'ukraine_in_alliance']
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from gametheory.modeling.world import World, WorldVariable

if TYPE_CHECKING:
    from gametheory.modeling.scenarios import Scenario

_ILL = "illustrative assumption"

WORLD = World(
    (
        # ------------------------------------------------------------------ the United States
        WorldVariable(
            "us_backing", "probability that the US fights beside Europe in a conventional war with Russia",
            "1/2", 0, 1, unit="probability", role="uncertainty", label="US conventional backing",
            source=_ILL + "; base rate for comparison: about 75% of alliance commitments were honoured "
            "when invoked, 1816-1944 (Leeds, Long & Mitchell 2000; Leeds 2003)",
        ),
        WorldVariable(
            "us_umbrella", "probability that the US answers Russian nuclear use against Europe with its own "
            "nuclear forces", "1/2", 0, 1, unit="probability", role="uncertainty", label="US nuclear umbrella",
            source=_ILL,
        ),
        WorldVariable(
            "us_conventional", "US conventional combat power committed to Europe if the US fights, as a "
            "multiple of Russia's", 8, 0, 20, unit="x Russia's power", role="context",
            label="US conventional weight", source=_ILL + " (with Europe at parity it makes Russia's chance "
            "of prevailing 1/10 against Europe and the US)",
        ),
        WorldVariable(
            "us_nuclear_damage", "damage a US nuclear response would do to Russia, beyond the French and British",
            100, 0, 10000, unit="stake units", role="context", label="US retaliatory damage",
            source=_ILL + "; scale: about 3,700 US warheads in the stockpile (FAS, Status of World "
            "Nuclear Forces 2025)",
        ),
        WorldVariable(
            "us_stake", "US interest in Europe's security: US loss per unit of Europe's loss", 1, 0, 10,
            unit="stake units per unit", role="uncertainty", label="US stake in Europe", source=_ILL,
        ),
        WorldVariable(
            "us_coercion", "cost the US can impose on a European government (or Ukraine) that defies the terms "
            "Washington prefers: tariffs, withheld intelligence and supplies", "1/2", 0, 10,
            unit="stake units", role="uncertainty", label="US coercion of allies",
            source=_ILL + " (the Greenland episode and tariff threats, 2025)",
        ),
        # ------------------------------------------------------------------ France and the UK
        WorldVariable(
            "fuk_damage", "damage French and British nuclear forces together can do to Russia in retaliation",
            20, 0, 10000, unit="stake units", role="context", label="French/UK retaliatory damage",
            source=_ILL + "; scale: about 290 French and 225 British warheads against about 5,460 "
            "Russian (FAS, Status of World Nuclear Forces 2025)",
        ),
        WorldVariable(
            "fuk_resolve", "probability that France and the UK would retaliate for a nuclear attack on an "
            "ally, as Russia judges it", "1/3", 0, 1, unit="probability", role="uncertainty",
            label="French/UK resolve (as Moscow sees it)", source=_ILL,
        ),
        WorldVariable(
            "fuk_forward", "French/UK nuclear-capable forces based forward on the eastern flank (a tripwire "
            "that ties their hands)", False, kind="flag", role="lever", label="French/UK forward posture",
            source="policy option discussed since France's offer of a European dialogue on deterrence "
            "(Macron, 2020 and March 2025)",
        ),
        # ------------------------------------------------------------------ Europe
        WorldVariable(
            "europe_capability", "European conventional combat power, as a multiple of Russia's (not "
            "spending: purchasing-power parity, readiness and enablers count)", 1, 0, 10,
            unit="x Russia's power", role="lever", label="European conventional capability",
            source=_ILL + "; European NATO spends about 3x Russia at market rates but well under that "
            "at PPP and without US enablers (IISS Military Balance 2025; Bruegel/Kiel 2025)",
        ),
        WorldVariable(
            "europe_resolve", "probability that Europe would defy a Russian nuclear ultimatum whatever the risk "
            "(complying would set a precedent it cannot accept), as Moscow judges it", "1/3", 0, 1,
            unit="probability", role="uncertainty", label="European resolve (as Moscow sees it)", source=_ILL,
        ),
        WorldVariable(
            "europe_war_cost", "Europe's cost of a conventional war with Russia", "3/5", 0, 10,
            unit="stake units", role="uncertainty", label="Europe's cost of war", source=_ILL,
        ),
        WorldVariable(
            "europe_nuclear_loss", "Europe's loss in a nuclear war", 50, 0, 10000, lower_open=True,
            unit="stake units", role="context", label="Europe's loss in a nuclear war", source=_ILL,
        ),
        # ------------------------------------------------------------------ Russia
        WorldVariable(
            "russia_war_cost", "Russia's cost of a conventional war with Europe", "1/2", 0, 10,
            unit="stake units", role="uncertainty", label="Russia's cost of war", source=_ILL,
        ),
        WorldVariable(
            "russia_resolve", "probability that Russia is determined (values the stakes highly and fears "
            "war little), as Europe judges it", "1/3", 0, 1, lower_open=True, upper_open=True,
            unit="probability", role="uncertainty", label="Russian resolve", source=_ILL,
        ),
        WorldVariable(
            "nuclear_escalation", "probability that a Russia-Europe war turns nuclear", "1/10", 0, 1,
            unit="probability", role="uncertainty", label="escalation risk", source=_ILL,
        ),
        WorldVariable(
            "russia_rebuild", "Russia's military strength after a pause in the war, relative to today", 1,
            "1/4", 4, unit="ratio", role="uncertainty", label="Russian rearmament during a pause", source=_ILL,
        ),
        # ------------------------------------------------------------------ Ukraine
        WorldVariable(
            "ukraine_army", "Ukraine's current army", 880, 50, 1500, unit="thousand troops", role="context",
            label="Ukraine's army", source="President Zelensky, 15 Jan 2025 (about 880,000 under arms); "
            "public estimates differ",
        ),
        WorldVariable(
            "ceasefire_cap", "cap on Ukraine's army in a ceasefire", 600, 0, 1500, unit="thousand troops",
            role="lever", label="ceasefire cap on Ukraine's army",
            source="US 28-point draft plan, Nov 2025 (600,000); European counter-proposal 800,000",
        ),
        WorldVariable(
            "ukraine_in_alliance", "Ukraine is a member of the European alliance (covered by its guarantee)",
            False, kind="flag", role="lever", label="Ukraine in the alliance", source="policy option",
        ),
    ),
    title="Europe, Russia and the United States",
)


def russia_wins_alone(w: dict[str, Fraction] | object) -> Fraction:
    """Russia's chance of prevailing against Europe alone: 1/(1 + E) (ratio-form contest)."""
    return 1 / (1 + w["europe_capability"])  # type: ignore[index]


def russia_wins_vs_us(w: dict[str, Fraction] | object) -> Fraction:
    """Russia's chance of prevailing against Europe and the US: 1/(1 + E + U)."""
    return 1 / (1 + w["europe_capability"] + w["us_conventional"])  # type: ignore[index]


#: The folder of the built-in scenario files.
SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"


def builtin_scenarios() -> dict[str, Path]:
    """The built-in scenario files by name."""
    from gametheory.modeling.scenarios import scenario_files

    return scenario_files(SCENARIO_DIR)


#: The order scenarios are listed in: the situation's four US postures, their Ukraine-in
#: variants, the French/UK posture variant, then the history checks; any others after.
SCENARIO_ORDER = (
    "us-committed", "us-uncertain", "us-out", "us-coercive",
    "us-committed-ukraine-in", "us-uncertain-ukraine-in", "us-out-ukraine-in", "us-coercive-ukraine-in",
    "fuk-forward", "cold-war-nato", "crimea-2014",
)


def scenario_order() -> list[str]:
    """The built-in scenarios' names in listing order."""
    names = builtin_scenarios()
    return [n for n in SCENARIO_ORDER if n in names] + sorted(set(names) - set(SCENARIO_ORDER))


def load(ref: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file by path, checked against :data:`WORLD`
    and the registered models."""
    from gametheory.modeling.registry import registered
    from gametheory.modeling.scenarios import load_scenario

    return load_scenario(ref, WORLD, builtin=builtin_scenarios(), model_names=registered())
