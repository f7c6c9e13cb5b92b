"""No data lost: outputs appear whole or not at all, Ctrl-C leaves no partial or temporary
files and says what was done, the input is never modified, output into it is refused."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, SAMPLES, run_cli

PAGE = ("Council approves rail line\nThe council voted on Tuesday to approve the new light "
        "rail line to the airport, officials said, after years of debate.\n")


def _tree(root: Path, pages: int) -> Path:
    src = root / "in"
    for n in range(pages):
        folder = src / f"d{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{n}.txt").write_text(f"Story {n}: " + PAGE * (1 + n % 3), encoding="utf-8")
    for sample in SAMPLES.glob("*.txt"):
        (src / sample.name).write_bytes(sample.read_bytes())
    (src / "records.jsonl").write_text('{"text": "SEOUL,Poinbank South Korea (AP) - x"}\n' * 5,
                                       encoding="utf-8")
    return src


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            + oct(p.stat().st_mode) for p in sorted(root.rglob("*")) if p.is_file()}


def test_scan_and_clean_never_modify_the_input(tmp_path: Path) -> None:
    src = _tree(tmp_path, 30)
    before = _digest(src)
    assert run_cli("scan", str(src), "--format", "json", "--output",
                   str(tmp_path / "r.json")).returncode == 1
    result = run_cli("clean", str(src), "--out", str(tmp_path / "out"), "--manifest",
                     str(tmp_path / "m.jsonl"))
    assert result.returncode == 1, result.stderr
    assert _digest(src) == before
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()], "temporary files left"


def test_output_into_the_input_tree_is_refused(tmp_path: Path) -> None:
    src = _tree(tmp_path, 3)
    before = _digest(src)
    for args in (["scan", str(src), "--format", "json", "--output", str(src / "r.json")],
                 ["scan", str(src), "--output", str(src / "d0" / "p0.txt")],
                 ["clean", str(src), "--out", str(src / "cleaned")],
                 ["clean", str(src), "--out", str(tmp_path / "o"), "--manifest",
                  str(src / "m.jsonl")]):
        result = run_cli(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "input" in result.stderr
    result = run_cli("clean", str(src / "d0" / "p0.txt"), "--out", str(src / "d1" / "p1.txt"))
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr, result.stderr
    assert _digest(src) == before


def _ctrl_c_default() -> None:
    """In the child: Ctrl-C acts, even when the tests run with SIGINT ignored (as commands
    started with `&` from a script are), which a child would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(args: list[str], started: Callable[[], bool], group: bool = False,
               sig: int = signal.SIGINT) -> subprocess.CompletedProcess[str]:
    """The CLI, sent `sig` (Ctrl-C's SIGINT) once `started()` says it is at work (its output
    has begun: a timer would race a scan that got faster); with `group`, to its whole
    process group, workers included, as a terminal's Ctrl-C does."""
    with subprocess.Popen([sys.executable, "-m", "spamdet", *args], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=group, preexec_fn=_ctrl_c_default) as proc:
        deadline = time.monotonic() + 120
        while not started() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the command ended before it could be interrupted"
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _writing(folder: Path) -> Callable[[], bool]:
    """True once a file in `folder` (or below it) has bytes: the command is at work."""
    def started() -> bool:
        try:
            return any(p.is_file() and p.stat().st_size > 0 for p in folder.rglob("*"))
        except FileNotFoundError:  # a temporary file renamed or removed meanwhile
            return False
    return started


def test_ctrl_c_mid_scan_leaves_no_report_and_says_so(tmp_path: Path) -> None:
    src = _tree(tmp_path, 3000)
    before = _digest(src)
    report = tmp_path / "out" / "report.json"
    result = _interrupt(["scan", str(src), "--format", "json", "--output", str(report),
                         "--no-campaigns"], _writing(tmp_path / "out"))
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "interrupted" in result.stderr
    assert "pages read" in result.stderr and "no report was written" in result.stderr
    assert not report.exists()
    assert not list((tmp_path / "out").iterdir()), "a temporary file was left"
    assert _digest(src) == before


def test_ctrl_c_with_workers_leaves_no_report_no_traceback(tmp_path: Path) -> None:
    src = _tree(tmp_path, 12000)  # two workers scan these small pages at ~1,000 pages/s
    report = tmp_path / "out" / "report.jsonl"
    result = _interrupt(["scan", str(src), "--format", "jsonl", "--output", str(report),
                         "--jobs", "2", "--no-campaigns"], _writing(tmp_path / "out"),
                        group=True)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert "no report was written" in result.stderr
    assert not report.exists() and not list((tmp_path / "out").iterdir())


def test_ctrl_c_mid_clean_leaves_only_whole_copies(tmp_path: Path) -> None:
    src = _tree(tmp_path, 3000)
    out = tmp_path / "out"
    manifest = tmp_path / "manifest.jsonl"
    result = _interrupt(["clean", str(src), "--out", str(out), "--manifest", str(manifest),
                         "--no-campaigns"], _writing(out))
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "pages done" in result.stderr
    assert not manifest.exists()
    left = [p for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert not left, left
    for copy in out.rglob("*.txt"):  # every copy written is whole
        assert copy.read_text("utf-8").endswith("\n"), copy
    assert not list(out.rglob("*.cleaned.jsonl"))


def test_sigterm_stops_a_scan_as_ctrl_c_does(tmp_path: Path) -> None:
    """`kill`, `timeout` or a job scheduler's SIGTERM: no partial or temporary file, the
    workers stopped, exit status 143."""
    src = _tree(tmp_path, 12000)
    report = tmp_path / "out" / "report.jsonl"
    result = _interrupt(["scan", str(src), "--format", "jsonl", "--output", str(report),
                         "--jobs", "2", "--no-campaigns"], _writing(tmp_path / "out"),
                        sig=signal.SIGTERM)
    assert result.returncode == 143, result.stderr
    assert "terminated" in result.stderr and "no report was written" in result.stderr
    assert "Traceback" not in result.stderr and "leaked" not in result.stderr
    assert not report.exists() and not list((tmp_path / "out").iterdir())


def test_a_run_that_fails_keeps_the_earlier_report(tmp_path: Path) -> None:
    """A scan or clean of a folder with nothing to read (a mistyped or empty folder in a
    cron job) stops with exit 2 and leaves yesterday's report and manifest as they were."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for fmt in ("html", "json", "table"):
        report = tmp_path / f"report.{fmt}"
        report.write_text("yesterday", encoding="utf-8")
        result = run_cli("scan", str(empty), "--format", fmt, "--output", str(report))
        assert result.returncode == 2 and "no pages to scan" in result.stderr, result.stderr
        assert report.read_text(encoding="utf-8") == "yesterday"
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("yesterday", encoding="utf-8")
    result = run_cli("clean", str(empty), "--out", str(tmp_path / "out"), "--manifest",
                     str(manifest))
    assert result.returncode == 2 and ".jsonl, .json or .warc" in result.stderr, result.stderr
    assert manifest.read_text(encoding="utf-8") == "yesterday"
