"""``gametheory links``: model results fed into the world state, and what that changes."""

from __future__ import annotations

import click

from gametheory.cli._shared import echo_json, echo_text, fail_cleanly, format_option, parse_settings


@click.command("links")
@click.argument("scenario")
@click.option("--set", "settings", multiple=True, metavar="VAR=VALUE",
              help="Set a world variable before the chain runs (repeatable), e.g. --set ceasefire_cap=200.")
@click.option("--model", "model_names", multiple=True, metavar="NAME",
              help="Only these models in the table (repeatable; default every model reading a linked variable).")
@format_option("table", "json")
@fail_cleanly
def links_command(scenario: str, settings: tuple[str, ...], model_names: tuple[str, ...], fmt: str) -> None:
    """Feed model results into SCENARIO's world (bloc, ceasefire cap) and solve the models again.

    The bloc link sets Europe's capability to the coalition's and, if a bloc forms, US backing
    to the coercion model's backing of a Europe that builds autonomy; the cap link sets the
    ceasefire cap to the cap of the settlement the ceasefire model finds (none: the cap does not
    bind). The table gives each model's outcome on the scenario's own world, on the linked world,
    and which link alone changes it.
    """
    from gametheory.models.links import linked_outcomes

    res = linked_outcomes(scenario, list(model_names) or None, set_values=parse_settings(settings))
    if fmt == "json":
        echo_json(res)
    else:
        echo_text(res.to_text(), nl=False)
