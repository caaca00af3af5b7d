"""The chain of model results fed into the world state (gametheory.models.links)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from gametheory.cli.main import COMMANDS, cli
from gametheory.errors import GameError
from gametheory.models import get_model
from gametheory.models import world as world_mod
from gametheory.models.links import (
    BLOC,
    CAP,
    LINKS,
    SETTLED,
    Link,
    LinkCycleError,
    LinkStep,
    chain_order,
    linked_outcomes,
    linked_world,
)

W = world_mod.WORLD


def solve_at(name: str, scenario: str, world: dict[str, Fraction]):
    s = world_mod.load(scenario)
    m = get_model(name)
    return m.solve(s.model_settings(m), flips=False, world=world, scenario=s)


@pytest.mark.parametrize("name", world_mod.scenario_order())
def test_chain_runs_at_every_builtin_scenario(name):
    res = linked_outcomes(name)
    lw = res.world
    assert lw.order == ("bloc", "cap")
    assert set(lw.own) == set(W.names()) == set(lw.linked)
    for k, v in lw.linked.items():
        assert isinstance(v, Fraction)
        assert W.variable(k).check(v) == v  # admissible
    # only the linked variables can change
    assert set(lw.changed) <= {"europe_capability", "us_backing", "ceasefire_cap"}
    assert lw.own == W.values(world_mod.load(name).world)
    for row in res.rows:
        assert row.changed == bool(row.mattered)
        assert set(row.alone) == {"bloc", "cap"}
    json.dumps(res.to_json())


def test_default_models_are_those_reading_a_linked_variable():
    res = linked_outcomes("us-out")
    names = [r.model for r in res.rows]
    assert "ultimatum" not in names and "guarantee" not in names
    assert {"transition", "durability", "inclusion", "alliance", "deterrence"} <= set(names)
    for r in res.rows:
        assert set(r.reads) & {"europe_capability", "us_backing", "ceasefire_cap"}


def test_linked_outcomes_come_from_the_models_own_solve():
    res = linked_outcomes("us-uncertain", ["transition", "durability", "inclusion"])
    lw = res.world
    for row in res.rows:
        assert row.own == solve_at(row.model, "us-uncertain", lw.own).outcome.key
        assert row.linked == solve_at(row.model, "us-uncertain", lw.linked).outcome.key
        for ln in lw.order:
            assert row.alone[ln] == solve_at(row.model, "us-uncertain", lw.world_alone(ln)).outcome.key


def test_bloc_rule_by_hand_at_us_uncertain():
    own = world_mod.load("us-uncertain").point(W)
    lw = linked_world("us-uncertain")
    coalition = solve_at("coalition", "us-uncertain", own)
    members = coalition.quantities["bloc_members"]
    assert members == ["Poland/Baltics", "Nordics"]
    cap = coalition.quantities["bloc_capability"]
    assert cap == Fraction(557, 400)  # E (S_0 + bloc spending) / S_0 with E = 1
    coercion = solve_at("coercion", "us-uncertain", {**own, "europe_capability": cap})
    backing = coercion.quantities["backing_after_build"]
    assert backing == Fraction(1, 2)
    assert coercion.quantities["autonomy_backing_change"] == backing - coercion.quantities["backing_after_comply"]
    step = lw.steps[0]
    assert step.link == "bloc"
    assert step.set == {"europe_capability": cap, "us_backing": backing}
    assert lw.linked["europe_capability"] == cap and lw.linked["us_backing"] == backing
    assert lw.alone["bloc"].set == step.set  # the bloc link is first: alone or chained, same world


def test_bloc_rule_moves_us_backing_only_when_a_bloc_forms():
    # us-out: a bloc forms and the US backs a Europe that builds with probability 0 (was 5%)
    lw = linked_world("us-out")
    assert lw.changed["us_backing"] == (Fraction(1, 20), Fraction(0))
    # us-uncertain-ukraine-in: no bloc forms: capability moves (states spend alone), backing does not
    lw = linked_world("us-uncertain-ukraine-in")
    assert lw.steps[0].models["coalition"]["bloc_members"] == []
    assert lw.linked["us_backing"] == lw.own["us_backing"]
    assert lw.linked["europe_capability"] == Fraction(4311, 3200)


def test_cap_rule_by_hand_no_settlement():
    # us-uncertain-ukraine-in: no cap keeps the peace, so the cap does not bind: cap = army
    lw = linked_world("us-uncertain-ukraine-in")
    r = solve_at("ceasefire", "us-uncertain-ukraine-in", lw.own)
    assert r.outcome.key == "commitment_failure"
    assert lw.alone["cap"].set == {"ceasefire_cap": lw.own["ukraine_army"]} == {"ceasefire_cap": Fraction(880)}
    assert lw.linked["ceasefire_cap"] == 880


def test_cap_rule_by_hand_settlement_keeps_the_proposed_cap():
    lw = linked_world("us-uncertain")
    r = solve_at("ceasefire", "us-uncertain", lw.linked | {"ceasefire_cap": lw.own["ceasefire_cap"]})
    assert r.outcome.key in SETTLED
    lo, hi = r.quantities["peaceful_caps"]
    assert lo <= 600 <= hi
    assert lw.linked["ceasefire_cap"] == 600


def test_cap_rule_renegotiates_to_the_nearest_peaceful_cap_and_changes_durability():
    # us-out with a 200k cap: too tight for Ukraine; the nearest peaceful cap is the interval's
    # lower end, where the ceasefire model finds a settlement; durability changes because of it
    res = linked_outcomes("us-out", ["durability", "inclusion"], set_values={"ceasefire_cap": 200})
    lw = res.world
    first = solve_at("ceasefire", "us-out", lw.own | lw.alone["bloc"].set)
    assert first.outcome.key == "cap_too_tight"
    lo, _ = first.quantities["peaceful_caps"]
    assert lo == Fraction(44880, 139)
    assert lw.linked["ceasefire_cap"] == lo
    again = solve_at("ceasefire", "us-out", lw.linked)
    assert again.outcome.key in SETTLED
    row = res.row("durability")
    assert (row.own, row.linked, row.mattered) == ("renewed_war", "fragile_peace", ("cap",))
    assert row.alone["cap"] == "fragile_peace" and row.alone["bloc"] == "renewed_war"


def test_bloc_link_changes_the_transition_window_at_a_builtin_scenario():
    res = linked_outcomes("us-uncertain", ["transition"])
    row = res.row("transition")
    assert (row.own, row.linked, row.mattered) == ("window", "no_window", ("bloc",))
    assert row.alone == {"bloc": "no_window", "cap": "window"}


def test_chain_order_is_a_dag_whatever_the_given_order():
    assert [lk.name for lk in chain_order((CAP, BLOC))] == ["bloc", "cap"]
    assert [lk.name for lk in chain_order((BLOC, CAP))] == ["bloc", "cap"]
    assert LINKS == (CAP, BLOC)
    # the ceasefire model reads what the bloc sets; the bloc's models do not read the cap
    assert set(BLOC.sets) & CAP.reads
    assert not set(CAP.sets) & BLOC.reads


def _noop(name: str, sets: tuple[str, ...]):
    def rule(world, solve):
        return LinkStep(name, {}, {v: world[v] for v in sets}, {v: world[v] for v in sets}, "no-op")
    return rule


def test_a_cycle_is_refused():
    # shaping reads us_stake and us_coercion; coercion reads both too: each link feeds the other
    a = Link("a", ("shaping",), ("us_coercion",), _noop("a", ("us_coercion",)))
    b = Link("b", ("coercion",), ("us_stake",), _noop("b", ("us_stake",)))
    with pytest.raises(LinkCycleError, match="cycle"):
        chain_order((a, b))
    with pytest.raises(LinkCycleError, match="cycle"):
        linked_world("us-uncertain", links=(CAP, BLOC, a, b))
    # two links setting the same variable are refused too
    c = Link("c", ("ultimatum",), ("ceasefire_cap",), _noop("c", ("ceasefire_cap",)))
    with pytest.raises(LinkCycleError, match="both set ceasefire_cap"):
        chain_order((CAP, c))
    assert issubclass(LinkCycleError, GameError)


def test_a_user_link_extends_the_chain():
    # a (no-op) user link setting us_stake, which the coercion model of the bloc link reads:
    # listed last, it runs first; the world is the same as without it
    extra = Link("extra", ("ultimatum",), ("us_stake",), _noop("extra", ("us_stake",)))
    lw = linked_world("us-uncertain", links=(*LINKS, extra))
    assert lw.order == ("extra", "bloc", "cap")
    assert lw.linked == linked_world("us-uncertain").linked


def test_cli_links():
    assert "links" in COMMANDS
    run = CliRunner().invoke(cli, ["links", "us-out", "--set", "ceasefire_cap=200", "--model", "durability"],
                             prog_name="gametheory")
    assert run.exit_code == 0, run.output
    assert "bloc -> cap" in run.output
    assert "ceasefire_cap: 200 thousand troops -> 323 thousand troops" in run.output
    assert "durability  renewed_war  fragile_peace  cap" in run.output
    run = CliRunner().invoke(cli, ["links", "us-uncertain", "-f", "json", "--model", "transition"],
                             prog_name="gametheory")
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert data["world"]["changed"]["europe_capability"] == {"own": "1", "linked": "557/400"}
    assert data["rows"][0]["mattered"] == ["bloc"]
    run = CliRunner().invoke(cli, ["links", "us-uncertain", "--set", "nosuch=1"], prog_name="gametheory")
    assert run.exit_code == 1 and "unknown world variable" in run.output


def test_bloc_capability_is_clipped_to_the_world_interval():
    lw = linked_world("us-uncertain", set_values={"europe_capability": 9})
    assert lw.steps[0].models["coalition"]["bloc_capability"] == Fraction(5013, 400)  # 12.5x Russia
    assert lw.changed == {"europe_capability": (Fraction(9), Fraction(10))}  # the world's upper bound
    assert lw.set_values == {"europe_capability": Fraction(9)}


def test_brief_linked_section_names_the_answers_that_change() -> None:
    """``build_brief(linked=True)`` lists the table answers that change when models feed each
    other; at us-uncertain the bloc's capability closes the transition window."""
    from gametheory.modeling.brief import Brief
    from gametheory.models.brief import build_brief

    b = build_brief(["us-uncertain", "us-committed"], draws=0, flips=False, charts=False, linked=True)
    assert any(line.startswith("us-uncertain: window: yes -> no (bloc link; europe_capability 1 -> ")
               for line in b.linked)
    assert not any(line.startswith("us-committed:") for line in b.linked)
    assert "When the models feed each other" in b.render("text")
    assert Brief.from_json(b.to_json()).linked == b.linked
    plain = build_brief(["us-uncertain"], draws=0, flips=False, charts=False)
    assert plain.linked == () and "When the models feed each other" not in plain.render("text")
