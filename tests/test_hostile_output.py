"""Scanned text never acts: markup, terminal escapes, controls and bidi overrides in page
text and in file names reach no terminal output raw, even with colour forced on; the HTML
report of the whole bad-input corpus runs nothing in Chromium. Uses the shipped model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser import dump_dom, needs_chromium, parse_dom
from conftest import ROOT
from test_report_html import _no_script_ran

PAYLOAD = ("[bold red]Zorvanta[/] [link=http://x]click[/link] \x1b[5mblink\x1b[0m "
           "\x1b]8;;http://evil\x07here\x1b]8;;\x07 \x1b[2J \x9b5m \u202eevil\u202c \x07\x08 "
           "\x1b]0;title\x07 \u061c\u2028")
RAW = ("\x1b[5m", "\x1b]8;;", "\x1b[2J", "\x1b]0;", "\x9b", "\u202e", "\u202c", "\x07", "\x08",
       "\u061c", "\u2028")
"""What the payload would do if it reached a terminal raw; rich's own styling uses none."""
TEXT = ("SEOUL,Poinbank South Korea (AP) \u2014 North Korea fired a missile " + PAYLOAD + "\n"
        "The council voted on Tuesday to approve the new rail line, officials said today.\n")
NAMES = ["evil[bold]x[link=http:x].txt", "name\x1b[5m\x1b]8;;http:\x07\u202e.txt",
         "line\nbreak\x9b.txt"]


def _hostile_tree(root: Path) -> Path:
    pages = root / "pages"
    pages.mkdir()
    for name in NAMES:
        (pages / name).write_text(TEXT, encoding="utf-8")
    (pages / "binary\x1b[2J\u202e.txt").write_bytes(bytes(range(256)) * 40)
    return pages


def _run(*args: str, colour: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    if colour:
        env["FORCE_COLOR"] = "1"
    else:
        env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "spamdet", *args], capture_output=True,
                          text=True, errors="surrogateescape", cwd=ROOT, env=env, timeout=300)


def _assert_inert(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr
    for stream in (result.stdout, result.stderr):
        found = [seq for seq in RAW if seq in stream]
        assert not found, (found, stream[-2000:])
        assert not any("\udc80" <= c <= "\udcff" for c in stream), "raw undecodable bytes"


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "forced-colour"])
def test_scan_table_and_errors_are_inert(tmp_path: Path, colour: bool) -> None:
    pages = _hostile_tree(tmp_path)
    result = _run("scan", str(pages), colour=colour)
    _assert_inert(result)
    assert result.returncode == 1
    assert "evil[bold]x[link=http:x].txt" in result.stdout  # shown, not applied
    assert "binary content" in result.stdout and "\\u202e" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_machine_formats_are_inert_and_valid_utf8(tmp_path: Path, fmt: str) -> None:
    pages = _hostile_tree(tmp_path)
    result = _run("scan", str(pages), "--format", fmt, colour=True)
    _assert_inert(result)
    result.stdout.encode("utf-8")  # no lone surrogates: valid UTF-8


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "forced-colour"])
def test_explain_is_inert(tmp_path: Path, colour: bool) -> None:
    pages = _hostile_tree(tmp_path)
    for name in NAMES:
        result = _run("explain", str(pages / name), colour=colour)
        _assert_inert(result)
        assert "Zorvanta" in result.stdout


def test_clean_summary_and_errors_are_inert(tmp_path: Path) -> None:
    pages = _hostile_tree(tmp_path)
    manifest = tmp_path / "manifest.jsonl"
    result = _run("clean", str(pages), "--out", str(tmp_path / "out"), "--manifest",
                  str(manifest), colour=True)
    _assert_inert(result)
    assert "error:" in result.stderr and "binary content" in result.stderr
    assert not [seq for seq in RAW if seq in manifest.read_text("utf-8")]


@needs_chromium
def test_html_report_of_the_bad_input_corpus_runs_nothing(tmp_path: Path) -> None:
    from test_bad_input import CASES, _build

    root = tmp_path / "corpus"
    cheap = [c for c in CASES if "50mb" not in str(c.name) and "bomb" not in str(c.name)
             and "million" not in str(c.name)]
    _build(root, cheap)
    pages = _hostile_tree(tmp_path)
    out = tmp_path / "report.html"
    result = _run("scan", str(root), str(pages), "--format", "html", "--output", str(out),
                  colour=False)
    _assert_inert(result)
    assert result.returncode in (0, 1), result.stderr
    markup = out.read_bytes().decode("utf-8")  # valid UTF-8 whatever the file names were
    assert "\x1b" not in markup  # JSON-escaped in the data block; bidi is escaped when shown
    for n in (1, 2, 3):
        elements = parse_dom(dump_dom(f"{out.as_uri()}#p={n}", tmp_path / "profile"))
        _no_script_ran(elements)
        shown = next(e for e in elements if e.tag == "body").text
        for script in (e for e in elements if e.tag == "script"):
            shown = shown.replace(script.text, "")
        assert not [seq for seq in RAW if seq in shown], n
