"""The command line at its edges (issue 21, item 4): a missing optional package keeps what was
computed and says what to install; claims about parameters only for parameters examined;
inadmissible points reported, never dropped silently; clean titles from file comments; help
texts that say what a command is and which models it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gametheory.cli._shared import display_comment, display_title, fail_cleanly
from gametheory.cli.main import cli

#: Runs the real command line in a fresh interpreter in which matplotlib cannot be imported
#: (an import hook refuses it, as a machine without it would).
_NO_MATPLOTLIB = textwrap.dedent("""
    import importlib.abc, sys

    class _Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "matplotlib" or name.startswith("matplotlib."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _Refuse())
    from gametheory.cli.main import main
    sys.exit(main())
""")


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), prog_name="gametheory")


def without_matplotlib(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "no_matplotlib.py"
    script.write_text(_NO_MATPLOTLIB)
    env = {**os.environ, "GAMETHEORY_CACHE": "off"}
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=600,
                          cwd=tmp_path, env=env)


# --------------------------------------------------------------------------- optional packages
@pytest.mark.parametrize("args, flag", [
    (("tornado", "escalation", "--points", "3", "-f", "json"), "--out"),
    (("thresholds", "escalation", "-f", "json"), "--out"),
    (("sweep", "escalation", "--vary", "p_US=0:1:3", "-f", "json"), "--plot"),
    (("montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--draws", "50", "-f", "json"), "--out"),
], ids=["tornado", "thresholds", "sweep", "montecarlo"])
def test_a_figure_without_matplotlib_keeps_the_computed_result(tmp_path: Path, args: tuple[str, ...],
                                                               flag: str) -> None:
    figure = tmp_path / "figure.png"
    done = without_matplotlib(tmp_path, *args, flag, str(figure))
    assert done.returncode == 1
    assert "internal error" not in done.stderr
    assert f"{flag} {figure} not drawn" in done.stderr and "pip install 'gametheory[plots]'" in done.stderr
    data = json.loads(done.stdout)  # the result is printed whole, as JSON
    assert data and not figure.exists()


def test_text_output_without_matplotlib_is_printed_before_the_note(tmp_path: Path) -> None:
    done = without_matplotlib(tmp_path, "thresholds", "escalation", "--out", str(tmp_path / "t.svg"))
    assert done.returncode == 1
    assert "outcome changes, one parameter at a time:" in done.stdout and "k_T" in done.stdout
    assert "not drawn" in done.stderr


def test_regions_needs_its_figure_and_says_so_before_any_work(tmp_path: Path) -> None:
    done = without_matplotlib(tmp_path, "regions", "escalation", "--x", "p_US=0:1:3", "--y", "e=0:1:3",
                              "--out", str(tmp_path / "r.png"))
    assert done.returncode == 1 and "pip install 'gametheory[plots]'" in done.stderr
    assert "internal error" not in done.stderr


def test_a_missing_optional_package_names_what_to_install() -> None:
    @click.command()
    @fail_cleanly
    def needs_dask() -> None:
        raise ModuleNotFoundError("No module named 'distributed'", name="distributed")

    @click.command()
    @fail_cleanly
    def broken_import() -> None:
        raise ImportError("cannot import name 'x' from 'gametheory.normal'", name="gametheory.normal")

    out = CliRunner().invoke(needs_dask, [])
    assert out.exit_code == 1 and "pip install 'gametheory[dask]'" in out.output
    out = CliRunner().invoke(broken_import, [])
    assert out.exit_code == 1 and "internal error (ImportError" in out.output  # ours: a bug, said so


# --------------------------------------------------------------------------- claims
def test_thresholds_claims_only_about_parameters_it_examined() -> None:
    """Deterrence searches flips in p_US, q_R, e and u_US only (each point is a perfect
    Bayesian enumeration). v, a_R and the others are not examined, so the output must not say
    they never change the outcome -- and indeed some do (checked below with --set)."""
    out = run("thresholds", "deterrence")
    assert out.exit_code == 0, out.output
    assert "never change the outcome alone" not in out.output
    examined_line = next(line for line in out.output.splitlines() if line.startswith("examined,"))
    skipped_line = next(line for line in out.output.splitlines() if line.startswith("not examined"))
    assert "v" not in examined_line.split(": ", 1)[1].split(", ")
    assert {"v", "a_R", "c_R"} <= set(skipped_line.split("): ", 1)[1].split(";")[0].split(", "))
    data = json.loads(run("thresholds", "deterrence", "-f", "json").output)
    assert data["examined"] == ["p_US", "q_R", "e", "u_US"]
    assert set(data["not_examined"]) >= {"v", "a_R", "c_R", "L_E"}
    # an unexamined parameter can change the outcome: the claim would have been false
    base = json.loads(run("model", "deterrence", "--no-flips", "-f", "json").output)["outcome"]
    moved = json.loads(run("model", "deterrence", "--no-flips", "--set", "c_R=0", "--set", "c_R_det=0",
                           "--set", "D_FUK=0", "--set", "D_US=0", "-f", "json").output)["outcome"]
    assert base != moved


def test_tornado_reports_inadmissible_points() -> None:
    """Ceasefire's spread may not exceed c_R (1/10 at the defaults): 19 of the 21 points of its
    sweep are inadmissible. They are counted and explained, and the row says which part of the
    sweep was admissible, instead of a silent '0..0'."""
    out = run("tornado", "ceasefire", "-q", "war_probability", "--points", "21")
    assert out.exit_code == 0, out.output
    note = next(line for line in out.output.splitlines() if line.strip().startswith("note: spread:"))
    assert "19 of 21 points rejected by the model" in note and "2 admissible" in note
    assert "must be at most c_R" in note
    from gametheory.sensitivity import tornado

    res = tornado("ceasefire", "war_probability", parameters=["spread"])
    (row,) = res.table
    assert row["inadmissible"] == 19 and row["points"] == 21
    assert row["admissible_low"] == row["low"] and row["admissible_high"] < 1


# --------------------------------------------------------------------------- titles and help
def test_titles_from_file_comments_are_clean(gambit_games_dir: Path) -> None:
    path = gambit_games_dir / "catalog" / "journals" / "dcg" / "vonstengel1999" / "6x6_game_with_75_eq.nfg"
    out = run("solve", str(path))
    assert out.exit_code == 0, out.output
    first = out.output.splitlines()[0]
    assert first.startswith("von Stengel's 6x6 bimatrix game with 75 equilibria: 6 x 6 game")
    assert ":cite:" not in out.output and ":math:" not in out.output
    from gametheory.io import read_game

    g = read_game(path)
    assert ":cite:p:`vS97`" in g.title  # the game keeps its comment as the file has it
    assert "2^6 - 1 = 63" in display_comment(g.title) and ":math:" not in display_comment(g.title)


def test_display_title_cases() -> None:
    assert display_title(None) == "" and display_title("") == ""
    assert display_title("Plain") == "Plain"
    assert display_title("T\n\ncomment") == "T" and display_comment("T\n\ncomment") == "comment"
    assert display_title("Uses :math:`x^2` and ``code``") == "Uses x^2 and code"
    assert display_title("multi\nline  title") == "multi line title"


def test_demo_help_does_not_call_itself_the_main_job_and_model_help_lists_models() -> None:
    demo = " ".join(run("demo", "--help").output.split())
    assert "main job on built-in defaults" not in demo and "the main job is `brief`" in demo
    from gametheory.models import SUITE

    text = " ".join(run("model", "--help").output.split())
    assert "Models (see `gametheory models`):" in text
    for name in SUITE:
        assert name in text
    top = run("--help").output
    assert "gametheory brief" in top
