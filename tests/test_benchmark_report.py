"""The benchmark report driver (``benchmarks/report.py``): rendering, a real end-to-end run, failures.

No timing assertions: the figures themselves are never checked, only that they are measured,
stored, reported and rendered. Every run here is a real child process.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "report.py"


def _load_report():
    spec = importlib.util.spec_from_file_location("bench_report", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_report"] = mod
    spec.loader.exec_module(mod)
    return mod


report = _load_report()


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def test_docs_section_is_the_rendering_of_the_stored_results():
    """docs/benchmarks.md's generated section is exactly render_section(latest.json): edit neither by hand."""
    stored = json.loads(report.RESULTS.read_text())
    section = report.generated_section(report.DOCS)
    assert section is not None, "docs/benchmarks.md has no generated section (run benchmarks/report.py)"
    assert section == report.render_section(stored)


def test_stored_results_cover_every_benchmark():
    stored = json.loads(report.RESULTS.read_text())
    assert stored["schema"] == report.SCHEMA
    assert [b["name"] for b in stored["benchmarks"]] == report.NAMES
    for key in ("cpu_count", "versions", "python"):
        assert key in stored["machine"]
    for pkg in ("numpy", "pygambit", "quantecon", "numba"):
        assert pkg in stored["machine"]["versions"]


def test_render_only_rewrites_a_page_from_stored_json(tmp_path):
    out, page = tmp_path / "r.json", tmp_path / "page.md"
    out.write_text(report.RESULTS.read_text())
    page.write_text("# Benchmarks\n\nHand-written history.\n")
    proc = _run("--render-only", "--out", str(out), "--docs", str(page))
    assert proc.returncode == 0, proc.stderr
    text = page.read_text()
    assert text.startswith("# Benchmarks\n")
    assert text.endswith("Hand-written history.\n")  # the history below stays
    assert report.generated_section(page) == report.render_section(json.loads(out.read_text()))
    # rendering again replaces the section instead of adding a second one
    assert _run("--render-only", "--out", str(out), "--docs", str(page)).returncode == 0
    assert page.read_text() == text


def test_quick_startup_end_to_end(tmp_path):
    """A real quick run of the fastest benchmark writes valid JSON, a table row and the page section."""
    out, page = tmp_path / "latest.json", tmp_path / "page.md"
    page.write_text("# Benchmarks\n")
    proc = _run("--quick", "--only", "startup", "--out", str(out), "--docs", str(page))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(out.read_text())
    assert result["mode"] == "quick"
    (bench,) = result["benchmarks"]
    assert bench["name"] == "startup" and bench["status"] == "ok"
    (row,) = bench["rows"]
    assert row["ours_s"] > 0 and row["peer_s"] > 0 and row["ratio"] > 0
    assert row["verdict"] in ("PASS", "FAIL")
    assert len(result["load_start"]) == 3 and len(result["load_end"]) == 3
    assert "gametheory --help" in proc.stdout
    assert report.generated_section(page) == report.render_section(result)
    assert "Mode: quick" in page.read_text()


def _fake_scripts(folder: Path, body: str) -> Path:
    folder.mkdir()
    # the driver passes --json FILE to scripts whose text mentions --json
    (folder / "bench_startup.py").write_text(f"# accepts --json FILE\nimport sys, time\n{body}\n")
    return folder


def test_a_failing_benchmark_is_reported_and_the_others_still_run(tmp_path):
    fake = _fake_scripts(tmp_path / "fake", "sys.stderr.write('boom: broken benchmark\\n'); sys.exit(1)")
    out = tmp_path / "r.json"
    proc = _run("--quick", "--only", "startup,symbolic", "--script-dir", str(fake), "--out", str(out), "--no-docs")
    assert proc.returncode == 1
    result = json.loads(out.read_text())
    by = {b["name"]: b for b in result["benchmarks"]}
    assert by["startup"]["status"] == "failed" and by["startup"]["returncode"] == 1
    assert "boom: broken benchmark" in by["startup"]["note"]
    assert by["symbolic"]["status"] == "skipped"  # not part of --quick, still listed
    rows = report.table_rows(result)
    assert [r["verdict"] for r in rows] == ["SKIP", "ERROR"]  # table order: symbolic, startup
    assert "failed" in proc.stdout


def test_a_benchmark_over_its_time_limit_is_killed_and_reported(tmp_path):
    fake = _fake_scripts(tmp_path / "fake", "time.sleep(120)")
    out = tmp_path / "r.json"
    proc = _run("--quick", "--only", "startup", "--script-dir", str(fake), "--out", str(out), "--no-docs",
                "--timeout", "1", timeout=60)
    assert proc.returncode == 1
    (bench,) = json.loads(out.read_text())["benchmarks"]
    assert bench["status"] == "timeout"
    assert "timed out after 1 s" in bench["note"]


def test_a_missing_peer_gives_a_row_saying_what_to_install(tmp_path):
    bench = report.Bench("peerless", "bench_startup.py", [], [], report.rows_startup,
                         peers=("no_such_peer_package_q6",))
    rec = report.run_bench(bench, True, report.SCRIPT_DIR, None)
    assert rec["status"] == "missing peer"
    assert "pip install no_such_peer_package_q6" in rec["note"]
    (row,) = report.table_rows({"benchmarks": [rec]})
    assert row["verdict"] == "SKIP" and "pip install" in row["note"]


def test_only_keeps_the_stored_records_of_the_other_benchmarks(tmp_path):
    fake = _fake_scripts(tmp_path / "fake", "sys.exit(3)")
    out = tmp_path / "r.json"
    out.write_text(report.RESULTS.read_text())
    _run("--quick", "--only", "startup", "--script-dir", str(fake), "--out", str(out), "--no-docs")
    result = json.loads(out.read_text())
    assert [b["name"] for b in result["benchmarks"]] == report.NAMES
    by = {b["name"]: b for b in result["benchmarks"]}
    assert by["startup"]["status"] == "failed"
    stored = {b["name"]: b for b in json.loads(report.RESULTS.read_text())["benchmarks"]}
    assert by["lemke_howson"] == stored["lemke_howson"]


def test_unknown_benchmark_name_is_refused():
    proc = _run("--only", "nonesuch", "--no-docs")
    assert proc.returncode == 2 and "unknown benchmarks" in proc.stderr


# --------------------------------------------------------------------------- readers of the scripts' JSON
def test_n_player_rows_take_medians_and_ratio_of_the_records():
    recs = [
        {"shape": "3x3x3", "seed": 1, "solver": "ours_enumpoly", "status": "ok", "time": 2.0, "verified": 3,
         "complete": True},
        {"shape": "3x3x3", "seed": 1, "solver": "gambit_enumpoly", "status": "ok", "time": 1.0, "verified": 3,
         "in_ours": 3},
        {"shape": "3x3x3", "seed": 2, "solver": "ours_enumpoly", "status": "timeout"},
        {"shape": "3x3x3", "seed": 2, "solver": "gambit_enumpoly", "status": "ok", "time": 3.0, "verified": 1,
         "in_ours": 0},
    ]
    (row,) = report.rows_n_player(recs, False)
    assert row["ours_s"] == 2.0 and row["peer_s"] == 2.0 and row["ratio"] == 1.0
    assert row["verdict"] == "PASS" and "ours: 1 of 2 timeout" in row["note"]


def test_symbolic_row_read_from_printed_output_when_there_is_no_json():
    text = ("random 2x3 linear #0              0.50    0.21    2.4x        3     12    3/3  \n"
            "random 3x3 bilinear #1       >     30s    6.70 >    4x        5     40    5/5  \n"
            "[FAIL] every game under 5 s CPU: worst 6.70 s\n"
            "[PASS] every regime's sample point agrees with the exact engine\n")
    (row,) = report.rows_symbolic({"stdout": text}, False)
    assert row["ours_s"] == 6.70 and row["verdict"] == "FAIL"
    assert "2 formula games; 1 over 5 s" in row["note"] and "agree with the exact engine: yes" in row["note"]


@pytest.mark.parametrize("x, text", [(None, "-"), (5e-5, "50 us"), (0.0123, "12.3 ms"), (3.456, "3.46 s")])
def test_fmt_s(x, text):
    assert report.fmt_s(x) == text


def test_symbolic_row_prefers_the_json_file_when_it_names_the_times():
    data = {"json": {"games": [{"title": "a", "after": 1.5}, {"title": "b", "after": 5.5}], "all_ok": True},
            "stdout": "[PASS] every game under 5 s CPU: worst 0.10 s\n"}
    (row,) = report.rows_symbolic(data, False)
    assert row["ours_s"] == 5.5 and row["verdict"] == "FAIL"
    assert "2 formula games; 1 over 5 s" in row["note"]
