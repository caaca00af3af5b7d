"""The sensitivity commands: sweep, regions, thresholds, tornado, montecarlo, elasticities."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), prog_name="gametheory")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gametheory {' '.join(args)} raised") from result.exception
    assert (result.exit_code == 0) == ok, result.output
    return result


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 5_000


def svg_text(path: Path) -> str:
    root = ET.fromstring(path.read_bytes())  # parses as XML
    assert root.tag.endswith("svg")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- sweep
def test_sweep_table_one_axis():
    out = run("sweep", "escalation", "--vary", "k_T=0:2:5").output
    assert "5 of 5 points" in out and "method compiled" in out
    assert "Deterrence holds" in out and "Fait accompli" in out
    assert "along k_T:" in out
    assert "0 <= k_T <= 1: deterrence" in out


def test_sweep_csv_with_quantity():
    out = run("sweep", "escalation", "--vary", "p_US=0:1:3", "--vary", "e=0,1",
              "-q", "russia_expected_war_payoff", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    assert rows[0]["p_US"] == "0" and rows[0]["e"] == "0" and rows[0]["outcome"] == "coercion"
    assert rows[3]["russia_expected_war_payoff"] == "-141/2"  # e = 1: -c_R - D_FUK - u_US D_US


def test_sweep_json_all_quantities_and_set():
    out = run("sweep", "extended_deterrence", "--vary", "a_R=0,5", "--set", "v=2", "--all-quantities",
              "-f", "json").output
    data = json.loads(out)
    assert data["model"] == "extended_deterrence" and data["complete"]
    assert data["fixed"]["v"] == "2"
    assert "guarantor_war_payoff" in data["quantities"]
    assert [r["a_R"] for r in data["rows"]] == ["0", "5"]


def test_sweep_solve_method_on_model_without_regimes():
    out = run("sweep", "shaping", "--vary", "k_R=0:4:3", "--workers", "1").output
    assert "method solve" in out and "3 of 3 points" in out


def test_sweep_out_and_resume(tmp_path):
    target = tmp_path / "mut.csv"
    args = ["sweep", "escalation", "--vary", "p_US=0:1:4", "--vary", "k_T=0:2:3", "--out", str(target)]
    first = run(*args).output
    assert f"wrote {target}: 12 points" in first
    full = target.read_text()
    # keep the header and 5 points, as if the first run had been interrupted
    lines = full.splitlines(keepends=True)
    target.write_text("".join(lines[:6]))
    again = run(*args, ok=False).output  # refuses to overwrite without --resume
    assert "Error:" in again and "--resume" in again
    second = run(*args, "--resume").output
    assert "12 points (5 kept from the earlier run)" in second
    assert target.read_text() == full
    assert run(*args[:-2], "--format", "csv").output == full


def test_sweep_resume_rejects_other_grid(tmp_path):
    target = tmp_path / "s.json"
    run("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
    out = run("sweep", "escalation", "--vary", "p_US=0:1:5", "--out", str(target), "--resume", ok=False)
    assert "Error: cannot resume" in out.output


def test_sweep_progress_goes_to_stderr():
    result = CliRunner().invoke(cli, ["sweep", "escalation", "--vary", "p_US=0:1:3", "--progress",
                                      "-f", "csv"], prog_name="gametheory")
    assert result.exit_code == 0
    assert "sweep escalation [" in result.stderr
    assert "sweep escalation" not in result.stdout


# --------------------------------------------------------------------------- regions
def test_regions_png(tmp_path):
    target = tmp_path / "map.png"
    out = run("regions", "escalation", "--x", "p_US=0:1:41", "--y", "a_R=0:2:41", "--set", "e=0", "--set", "c_E=2",
              "--out", str(target)).output
    assert f"wrote {target}: 41 x 41 points" in out
    assert "Coercion succeeds: Europe concedes" in out
    assert_png(target)


def test_regions_svg_has_plain_word_legend(tmp_path):
    target = tmp_path / "map.svg"
    run("regions", "extended_deterrence", "--x", "p_US=0:1:21", "--y", "v=0.5:4:21", "--set", "e=0.1",
        "--out", str(target))
    text = svg_text(target)
    assert "Extended deterrence holds" in text
    assert "Russia gets its way" in text
    assert "default assumptions" in text


def test_regions_model_without_regimes(tmp_path):
    target = tmp_path / "shaping.pdf"
    out = run("regions", "shaping", "--x", "k_R=0:3:4", "--y", "k_US=0:3:4", "--out", str(target)).output
    assert target.read_bytes()[:5] == b"%PDF-"
    assert "to grid resolution" in out


def test_regions_labels_exact_threshold_curves(tmp_path):
    target = tmp_path / "patron.svg"
    out = run("regions", "patron", "--x", "pi_US=0:7/10:36", "--y", "a_US=0:3:31", "--out", str(target),
              "--set", "pi_alone=7/10", "--set", "c_E=3/4").output
    assert "exact threshold curves" in out
    assert "a_US = pi_US + 4/5" in out and "pi_US = 1/4" in out
    text = svg_text(target)
    assert "threshold: a_US = pi_US + 4/5" in text
    data = json.loads(run("regions", "patron", "--x", "pi_US=0:7/10:36", "--y", "a_US=0:3:31", "--out", str(target),
                          "--set", "pi_alone=7/10", "--set", "c_E=3/4", "-f", "json", "--force").output)
    assert data["method"] == "compiled" and sum(data["shares"].values()) == pytest.approx(1.0)
    assert {"equation": "pi_US = 1/4"}.items() <= next(c for c in data["threshold_curves"]
                                                       if c["equation"] == "pi_US = 1/4").items()


# --------------------------------------------------------------------------- thresholds
def test_thresholds_text_and_json():
    out = run("thresholds", "escalation").output
    assert "Deterrence holds" in out
    assert "k_T" in out and "-> Fait accompli" in out
    assert "examined, no change found when moved alone across the admissible interval:" in out
    assert "not examined" not in out  # escalation searches every parameter
    data = json.loads(run("thresholds", "escalation", "--set", "a_R=0.5", "-f", "json").output)
    assert data["outcome"] == "deterrence" and data["values"]["a_R"] == "1/2"
    assert {r["parameter"] for r in data["thresholds"]} >= {"k_T", "v"}


# --------------------------------------------------------------------------- tornado
def test_tornado_text_and_chart(tmp_path):
    target = tmp_path / "tornado.png"
    out = run("tornado", "escalation", "--points", "5", "--out", str(target)).output
    ranking = re.findall(r"^\s+\d+\. (\S+)", out, flags=re.M)
    assert ranking[0] == "k_T"  # the tripwire's cost: the only parameter that changes the outcome on 5 points
    assert f"wrote {target}" in out
    assert_png(target)


def test_tornado_quantity_json_and_svg(tmp_path):
    target = tmp_path / "tornado.svg"
    out = run("tornado", "extended_deterrence", "-q", "guarantor_war_payoff", "--points", "3", "-f", "json",
              "--out", str(target)).output
    data = json.loads(out[: out.rindex("}") + 1])
    assert data["quantity"] == "guarantor_war_payoff"
    assert data["table"][0]["parameter"] == "L_G"
    assert "guarantor_war_payoff at the baseline" in svg_text(target)


# --------------------------------------------------------------------------- Monte Carlo
def test_montecarlo_text_is_reproducible():
    args = ["montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--dist", "k_T=uniform(0,2)",
            "--draws", "2000", "--seed", "3"]
    out = run(*args).output
    assert "2000 draws (seed 3), method compiled" in out
    assert "Deterrence holds" in out and "drivers of fait_accompli:" in out
    assert run(*args).output == out


def test_montecarlo_json_solve_path():
    data = json.loads(run("montecarlo", "shaping", "--dist", "k_R=uniform(0,3)", "--draws", "30",
                          "--seed", "1", "-f", "json").output)
    assert data["method"] == "solve" and data["draws"] == 30
    assert abs(sum(r["probability"] for r in data["table"]) - 1) < 1e-12
    for r in data["table"]:
        assert 0 <= r["low"] <= r["probability"] <= r["high"] <= 1


# --------------------------------------------------------------------------- elasticities
def test_elasticities_text_and_json():
    out = run("elasticities", "escalation", "-q", "russia_expected_war_payoff").output
    assert "russia_expected_war_payoff = -1839/250" in out
    first = out.splitlines()[2].split()
    assert first[0] == "e" and first[-1] == "+0.9538"
    data = json.loads(run("elasticities", "extended_deterrence", "-q", "guarantor_war_payoff", "--set", "e=0.1",
                          "-f", "json").output)
    assert data["quantity"] == "guarantor_war_payoff"
    assert len(data["table"]) == 16


# --------------------------------------------------------------------------- bad input
BAD = [
    pytest.param(["sweep", "nosuchmodel", "--vary", "p_US=0:1:3"], "unknown model", id="unknown-model"),
    pytest.param(["sweep", "escalation", "--vary", "zz=0:1:3"], "unknown parameter", id="unknown-parameter"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:2:3"], "p_US", id="range-outside-interval"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:0"], "empty grid", id="empty-grid"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:3", "--set", "zz=1"], "--set",
                 id="unknown-set"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:3", "--set", "p_US=1/2"],
                 "both varied and fixed", id="varied-and-fixed"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:3", "-q", "nope"], "no quantity",
                 id="unknown-quantity"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:3", "--out", "x.txt"], ".csv or .json",
                 id="sweep-out-extension"),
    pytest.param(["sweep", "escalation", "--vary", "p_US=0:1:3", "--scheduler", "tcp://127.0.0.1:9"],
                 "Dask scheduler", id="unreachable-scheduler"),
    pytest.param(["regions", "escalation", "--x", "p_US=0:1:3", "--y", "p_US=0:1:3", "--out", "m.png"],
                 "given twice", id="regions-same-axis"),
    pytest.param(["regions", "escalation", "--x", "p_US=0:1:3", "--y", "e=0:1:3", "--out", "m.gif"],
                 ".png", id="regions-figure-extension"),
    pytest.param(["thresholds", "escalation", "--set", "e=2"], "e", id="thresholds-outside"),
    pytest.param(["tornado", "escalation", "-q", "nope"], "no quantity", id="tornado-unknown-quantity"),
    pytest.param(["montecarlo", "escalation", "--dist", "p_US=normal(0.5,0)"], "zero variance",
                 id="zero-variance"),
    pytest.param(["montecarlo", "escalation", "--dist", "p_US=uniform(0.5,0.5)"], "zero variance",
                 id="zero-variance-uniform"),
    pytest.param(["montecarlo", "escalation", "--dist", "p_US=uniform(2,3)"], "no probability mass",
                 id="dist-outside-interval"),
    pytest.param(["montecarlo", "escalation", "--dist", "p_US"], "NAME=DIST", id="dist-syntax"),
    pytest.param(["elasticities", "escalation", "-q", "nope"], "no quantity",
                 id="elasticities-unknown-quantity"),
]


@pytest.mark.parametrize("args, words", BAD)
def test_bad_input_is_one_error_line(args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("gametheory.sensitivity.executors.CONNECT_TIMEOUT", 2.0)
    result = run(*args, ok=False)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert words in lines[0]
    assert not any(tmp_path.iterdir())  # nothing was written


def test_usage_errors_exit_2():
    assert run("sweep", "escalation", "--vary", "p_US=0:1:3", "--resume", ok=False).exit_code == 2
    assert run("sweep", "escalation", "--vary", "p_US=0:1:3", "-q", "x", "--all-quantities",
               ok=False).exit_code == 2


def test_sweep_and_montecarlo_on_a_real_dask_cluster():
    # the CLI path: --scheduler ADDRESS of a real LocalCluster (worker processes)
    distributed = pytest.importorskip("distributed")
    args = ["sweep", "escalation", "--vary", "p_US=0:1:4", "--vary", "e=0:1/2:3", "--method", "solve",
            "-f", "csv"]
    local = run(*args).output
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = run(*args, "--scheduler", cluster.scheduler_address).output
        mc = json.loads(run("montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--draws", "40",
                            "--method", "solve", "--scheduler", cluster.scheduler_address, "-f", "json").output)
    assert remote == local
    assert sum(r["count"] for r in mc["table"]) == 40


# --------------------------------------------------------------------------- charts of the other commands
def test_sweep_plot_one_and_two_parameters(tmp_path):
    one = tmp_path / "sweep.svg"
    out = run("sweep", "shaping", "--vary", "k_US=0:3:7", "-q", "bloc_probability", "--plot", str(one)).output
    assert f"wrote {one}" in out
    text = svg_text(one)
    assert "equilibrium 1" in text and "Europe builds against outside pressure" in text
    two = tmp_path / "sweep.png"
    run("sweep", "escalation", "--vary", "p_US=0:1:11", "--vary", "k_T=0:2:11", "--plot", str(two))
    assert_png(two)
    bad = run("sweep", "escalation", "--vary", "p_US=0:1:3", "--vary", "e=0:1:3", "--vary", "v=1,2",
              "--plot", str(tmp_path / "x.png"), ok=False).output
    assert "one or two varied parameters" in bad
    assert not (tmp_path / "x.png").exists()


def test_thresholds_chart(tmp_path):
    target = tmp_path / "thresholds.svg"
    out = run("thresholds", "escalation", "--out", str(target)).output
    assert f"wrote {target}" in out
    text = svg_text(target)
    assert "changes to: Fait accompli" in text


def test_montecarlo_chart(tmp_path):
    target = tmp_path / "mc.png"
    data = json.loads(run("montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--dist",
                          "k_T=beta(2,8)", "--draws", "2000", "--out", str(target), "-f", "json").stdout)
    assert data["draws"] == 2000
    assert_png(target)


def test_sweep_equilibria_column():
    rows = list(csv.DictReader(io.StringIO(run("sweep", "escalation", "--vary", "p_US=0:1:3", "--equilibria",
                                               "-f", "csv").stdout)))
    assert len(rows) == 3
    eq = json.loads(rows[0]["equilibrium"])
    assert set(eq["plan"]) >= {"Europe: posture"} and eq["max_regret"] == "0"
