"""Output files and sweeps under hostile conditions (issue 14, deliverables 6 and 7).

No command overwrites an existing file without ``--force``; none writes through a symbolic
link; new files get the usual permissions; CSV text cells cannot start a spreadsheet formula;
a sweep's output file is locked while it is written, stale temporary files are cleaned, pool
workers die with their parent; total grid and draw counts are refused up front.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory._kernel.files import OutputLock, csv_text_cell, csv_text_value, write_atomic
from gametheory.cli.main import cli
from gametheory.errors import GameError
from gametheory.sensitivity import sweep
from gametheory.sensitivity.core import SweepResult

PD_NFG = 'NFG 1 R "PD" { "1" "2" } { 2 2 }\n\n3 3 0 5 5 0 1 1\n'
CLI = "import sys; from gametheory.cli.main import cli; sys.exit(cli())"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file and process semantics")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="gametheory")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"gametheory {' '.join(args)} raised") from result.exception
    return result.exit_code, result.output


def refused(*args: str) -> str:
    code, out = run(*args)
    assert code == 1, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), out
    assert "Traceback" not in out
    return lines[0]


# --------------------------------------------------------------------------- no silent overwrite
def _commands(tmp_path: Path, target: Path) -> dict[str, list[str]]:
    src = tmp_path / "pd.nfg"
    src.write_text(PD_NFG, encoding="utf-8")
    t = str(target)
    return {
        "sweep --out": ["sweep", "escalation", "--vary", "p_US=0:1:3", "--out", t.replace(".png", ".csv")],
        "sweep --plot": ["sweep", "escalation", "--vary", "p_US=0:1:3", "--plot", t],
        "regions": ["regions", "escalation", "--x", "p_US=0:1:3", "--y", "k_T=0:1:3", "--out", t],
        "thresholds": ["thresholds", "escalation", "--out", t],
        "tornado": ["tornado", "escalation", "--points", "3", "--out", t],
        "montecarlo": ["montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--draws", "10",
                       "--out", t],
        "convert": ["convert", str(src), t.replace(".png", ".json")],
        "reduce --output": ["reduce", str(src), "--output", t.replace(".png", ".json")],
    }


COMMANDS = ["sweep --out", "sweep --plot", "regions", "thresholds", "tornado", "montecarlo", "convert",
            "reduce --output"]


def _target_of(args: list[str]) -> Path:
    if args[0] == "convert":
        return Path(args[2])
    return Path(args[args.index("--plot") + 1] if "--plot" in args else args[-1])


@pytest.mark.parametrize("name", COMMANDS)
def test_existing_output_file_is_kept_without_force(tmp_path: Path, name: str) -> None:
    args = _commands(tmp_path, tmp_path / "result.png")[name]
    target = _target_of(args)
    target.write_bytes(b"precious")
    line = refused(*args)
    assert str(target) in line and "--force" in line
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pd.nfg", target.name])  # no temporary files


@pytest.mark.parametrize("name", ["sweep --plot", "thresholds", "convert", "reduce --output"])
def test_force_overwrites_and_keeps_the_mode(tmp_path: Path, name: str) -> None:
    args = _commands(tmp_path, tmp_path / "result.png")[name]
    target = _target_of(args)
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    code, out = run(*args, "--force")
    assert code == 0, out
    assert target.read_bytes() != b"old"
    assert target.stat().st_mode & 0o777 == 0o640


@POSIX
@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("dangling", [False, True], ids=["link", "dangling"])
def test_symbolic_link_target_is_refused(tmp_path: Path, name: str, force: bool, dangling: bool) -> None:
    work = tmp_path / "work"
    work.mkdir()
    outside = tmp_path / "outside.dat"
    if not dangling:
        outside.write_bytes(b"not yours")
    args = _commands(work, work / "result.png")[name]
    target = _target_of(args)
    target.symlink_to(outside)
    line = refused(*args, *(["--force"] if force else []))
    assert str(target) in line and "symbolic link" in line
    assert target.is_symlink() and os.readlink(target) == str(outside)
    if dangling:
        assert not outside.exists()
    else:
        assert outside.read_bytes() == b"not yours"


@POSIX
def test_new_sweep_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "grid.csv"
        code, out = run("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
        assert code == 0, out
        assert target.stat().st_mode & 0o777 == 0o644
        target.unlink()
        target.symlink_to(tmp_path / "nowhere.csv")  # a dangling link is refused, not replaced by a 0600 file
        refused("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
        assert target.is_symlink() and not (tmp_path / "nowhere.csv").exists()
    finally:
        os.umask(old)


def test_engine_writer_refuses_links_and_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    write_atomic(target, "one", overwrite=False)
    with pytest.raises(GameError, match="exists"):
        write_atomic(target, "two", overwrite=False)
    assert target.read_text() == "one"
    if os.name == "posix":
        link = tmp_path / "link.txt"
        link.symlink_to(target)
        with pytest.raises(GameError, match="symbolic link"):
            write_atomic(link, "three")
        with pytest.raises(GameError, match="symbolic link"):
            sweep("escalation", ["p_US=0:1:3"], out=tmp_path / "link.txt")
        assert target.read_text() == "one"


# --------------------------------------------------------------------------- CSV formulas
@pytest.mark.parametrize("text", ["=1+1", "+A1", "-cmd", "@SUM(A1)", "\tx", "\rx", "'=x", "''@x"])
def test_csv_text_cells_cannot_start_a_formula(text: str) -> None:
    cell = csv_text_cell(text)
    assert cell.startswith("'")
    assert csv_text_value(cell) == text


@pytest.mark.parametrize("text", ["-0.5", "-1/2", "+3e-2", "-7", "peace", "'quoted", ""])
def test_csv_numbers_and_plain_text_stay(text: str) -> None:
    assert csv_text_cell(text) == text
    assert csv_text_value(text) == text


def test_sweep_csv_neutralises_text_cells_and_resumes_them(tmp_path: Path) -> None:
    r = SweepResult(model="m", parameter_names=("x",), axes={"x": [Fraction(-1, 2), Fraction(1)]}, fixed={},
                    quantities=["label", "value"], method="solve", arithmetic="exact")
    for i, (o, label, err) in enumerate([("=HYPERLINK(1)", "@evil", None), (None, "-x", "+boom")]):
        r.outcome[i], r.values[i], r.errors[i] = o, {"label": label, "value": -0.5}, err
        r.done[i] = True
    text = r.csv_text()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["0", "-1/2", "'=HYPERLINK(1)", "'@evil", "-0.5", ""]
    assert rows[2] == ["1", "1", "", "'-x", "-0.5", "'+boom"]
    assert not any(c and c[0] in "=+@\t\r" for row in rows for c in row)
    assert not any(c[:1] == "-" and c not in ("-1/2", "-0.5") for row in rows for c in row)
    path = tmp_path / "r.csv"
    r.write(path)
    back = SweepResult(model="m", parameter_names=("x",), axes={"x": [Fraction(-1, 2), Fraction(1)]}, fixed={},
                       quantities=[], method="solve", arithmetic="exact")
    assert back.load(path) == 2
    assert back.outcome == ["=HYPERLINK(1)", None]
    assert back.values[0] == {"label": "@evil", "value": -0.5} and back.errors[1] == "+boom"
    assert back.csv_text() == text
    data = r.to_json()  # JSON holds the text itself, not the CSV quoting
    assert data["rows"][0]["outcome"] == "=HYPERLINK(1)" and data["rows"][0]["label"] == "@evil"


def test_solve_csv_neutralises_names_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "evil.nfg"
    path.write_text('NFG 1 R "t" { "=cmd" "@p" } { { "-A" "B" } { "C" "+D" } }\n\n1 1 0 0 0 0 1 1\n',
                    encoding="utf-8")
    code, out = run("solve", str(path), "-f", "csv")
    assert code == 0, out
    rows = list(csv.reader(io.StringIO(out)))
    assert not any(c and c[0] in "=+-@" for c in rows[0])
    assert "'=cmd:-A" in rows[0] and "'@p:+D" in rows[0]
    for row in rows[1:]:
        for c in row:
            float(Fraction(c))  # every value cell is still a number


# --------------------------------------------------------------------------- sweeps: lock, temporaries, workers
HOLD_LOCK = """
import sys, time
from gametheory._kernel.files import OutputLock
with OutputLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


@POSIX
def test_second_writer_of_a_sweep_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "grid.csv"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(target)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        line = refused("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
        assert str(target) in line and "another sweep" in line and str(holder.pid) in line
        assert not target.exists()
        with pytest.raises(GameError, match="another sweep"):
            sweep("escalation", ["p_US=0:1:3"], out=target)
    finally:
        holder.communicate("\n", timeout=60)
    # the holder is gone: the lock is free again, and its file removed after the sweep
    code, out = run("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
    assert code == 0, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.csv"]


@POSIX
def test_lock_left_by_a_killed_writer_is_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "grid.csv"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(target)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=60)
    assert (tmp_path / ".grid.csv.lock").exists()  # left behind by SIGKILL
    code, out = run("sweep", "escalation", "--vary", "p_US=0:1:3", "--out", str(target))
    assert code == 0, out
    assert not (tmp_path / ".grid.csv.lock").exists()


def test_lock_is_exclusive_within_one_process(tmp_path: Path) -> None:
    with OutputLock(tmp_path / "a.csv"):
        with pytest.raises(GameError, match="another sweep"):
            OutputLock(tmp_path / "a.csv").acquire()
    with OutputLock(tmp_path / "a.csv"):
        pass


@pytest.mark.parametrize("how", ["resume", "force"])
def test_stale_checkpoint_temporaries_are_removed(tmp_path: Path, how: str) -> None:
    target = tmp_path / "grid.csv"
    args = ["sweep", "escalation", "--vary", "p_US=0:1:5", "--method", "solve", "--out", str(target)]
    code, out = run(*args)
    assert code == 0, out
    full = target.read_bytes()
    if how == "resume":  # a partial file, as a kill leaves it
        target.write_bytes(b"".join(full.splitlines(keepends=True)[:3]))
    stale = [tmp_path / ".grid.csv.k1ll3d0000ab.tmp", tmp_path / ".grid.csv.tmpxyz.tmp"]
    for s in stale:
        s.write_text("index,half a row")
    others = [tmp_path / ".other.csv.abc123.tmp", tmp_path / ".grid.csv.bak.csv.abc123.tmp"]
    for other in others:  # other files' temporaries: not ours to remove
        other.write_text("keep")
    code, out = run(*args, f"--{how}")
    assert code == 0, out
    assert target.read_bytes() == full  # byte-identical to the uninterrupted run
    assert not any(s.exists() for s in stale)
    assert all(other.read_text() == "keep" for other in others)


def _children(pid: int) -> set[int]:
    kids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[0] != "Z" and int(fields[1]) == pid:
            kids.add(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pool_workers_die_when_the_sweep_is_killed(tmp_path: Path) -> None:
    target = tmp_path / "grid.csv"
    proc = subprocess.Popen([sys.executable, "-c", CLI, "sweep", "escalation", "--vary", "p_US=0:1:401",
                             "--vary", "e=0:1:401", "--method", "solve", "--workers", "2", "--out", str(target),
                             "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 120  # a generous bound for the pool to start, not a timing claim
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert len(workers) >= 2, workers
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    deadline = time.monotonic() + 60
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:  # do not leave them running if the test fails
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers {left} outlived their parent"


# --------------------------------------------------------------------------- sizes up front
@pytest.mark.parametrize("args", [
    ["sweep", "escalation", "--vary", "p_US=0:1:100000", "--vary", "e=0:1:100000"],
    ["regions", "escalation", "--x", "p_US=0:1:100000", "--y", "e=0:1:100000", "--out", "{tmp}/m.png"],
], ids=["sweep", "regions"])
def test_huge_grid_is_refused_up_front(tmp_path: Path, args: list[str]) -> None:
    line = refused(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert "10000000000 points" in line and "10000000 allowed" in line
    assert list(tmp_path.iterdir()) == []


def test_huge_draw_count_is_refused_up_front(tmp_path: Path) -> None:
    line = refused("montecarlo", "escalation", "--dist", "p_US=uniform(0,1)", "--draws", str(10**12))
    assert "draws" in line and "1000000000000" in line.replace(",", "")
