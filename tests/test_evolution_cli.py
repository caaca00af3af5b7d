"""``gametheory dynamics``: every rule runs, JSON output, seeded reproducibility, plots, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

RULES = ("fictitious", "sfp", "br", "logit", "replicator", "introspection", "ess", "local")


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_runs_and_writes_json(rule: str) -> None:
    game = "chicken" if rule in ("ess", "local") else "battle-of-the-sexes"
    res = CliRunner().invoke(cli, ["dynamics", "--example", game, "--rule", rule,
                                   "--steps", "50", "--runs", "50", "-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert "method" in data


def test_ess_hawk_dove_inline() -> None:
    res = CliRunner().invoke(cli, ["dynamics", "--row", "-1/2 2; 0 1", "--col", "-1/2 0; 2 1", "--rule", "ess"])
    assert res.exit_code == 0, res.output
    assert "ESS: (2/3, 1/3)" in res.output


def test_moran_exact_and_simulated() -> None:
    res = CliRunner().invoke(cli, ["dynamics", "--row", "1 1; 1 1", "--col", "1 1; 1 1", "--rule", "moran",
                                   "--population", "8", "--runs", "2000", "-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["exact"]["probability"] == "1/8"
    assert abs(data["simulation"]["fixation"][0] - 0.125) < 0.04


def test_same_seed_same_output() -> None:
    args = ["dynamics", "--example", "matching-pennies", "--rule", "sfp", "--steps", "200", "--seed", "9"]
    a, b = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
    assert a.exit_code == 0 and a.output == b.output


@pytest.mark.parametrize("rule", ["fictitious", "sfp", "br", "logit", "replicator", "moran", "introspection", "local"])
def test_plot_is_written(tmp_path: Path, rule: str) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "plot.png"
    res = CliRunner().invoke(cli, ["dynamics", "--example", "shapley", "--rule", rule, "--steps", "100",
                                   "--runs", "100", "--population", "6", "--intensity", "1/10", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--example", "battle-of-the-sexes", "--rule", "ess"], "symmetric"),
        (["--example", "chicken", "--rule", "moran"], "fitness"),
        (["--example", "chicken", "--rule", "fictitious", "--steps", "-3"], "steps"),
        (["--example", "chicken", "--rule", "ess", "-o", "x.png"], "no plot"),
        (["--example", "chicken", "--rule", "local", "--grid", "5by5"], "ROWSxCOLS"),
    ],
)
def test_errors_are_one_line(args: list[str], message: str) -> None:
    res = CliRunner().invoke(cli, ["dynamics", *args])
    assert res.exit_code != 0
    assert message in res.output


def test_kmr_rule_gives_the_exact_long_run_distribution_and_refuses_a_plot() -> None:
    """KMR (Kandori, Mailath & Rob 1993): on [[4, 0], [3, 2]] the risk-dominant action (the second)
    carries almost all the long-run mass as mutations become rare; the command prints the exact
    stationary distribution next to a seeded simulation."""
    from click.testing import CliRunner

    from gametheory.cli.main import cli

    args = ["dynamics", "--rule", "kmr", "--row", "4 0; 3 2", "--col", "4 3; 0 2", "--population", "10",
            "--epsilon", "1/100", "--steps", "50", "--runs", "5"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    assert "stationary distribution (kmr_stationary_distribution, exact)" in out.output
    first = out.output.splitlines()[1]
    assert first.strip().startswith("(0, 10):") and float(first.split(":")[1]) > 0.95
    data = json.loads(CliRunner().invoke(cli, [*args, "-f", "json"]).output)
    assert set(data) == {"stationary", "simulation"}
    refused = CliRunner().invoke(cli, [*args, "--out", "kmr.png"])
    assert refused.exit_code == 2 and "has no plot" in refused.output
