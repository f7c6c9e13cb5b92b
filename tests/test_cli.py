"""The real CLI in a subprocess, and `main()` called directly."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLES, run_cli

from spamdet.cli import main


def test_scan_samples_jsonl() -> None:
    result = run_cli("scan", str(SAMPLES), "--format", "jsonl")
    assert result.returncode == 1, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    verdicts = {Path(r["path"]).name: r["verdict"] for r in records}
    assert len(records) == len(list(SAMPLES.glob("*.txt")))
    assert all(v == "contaminated" for k, v in verdicts.items() if k.startswith("contaminated"))
    assert all(v != "contaminated" for k, v in verdicts.items() if k.startswith("clean"))
    summary = result.stderr.splitlines()
    assert len(summary) == 1 and summary[0].endswith("pages/s"), result.stderr  # not wrapped


def test_version_names_the_bundled_model() -> None:
    from spamdet import __version__
    from spamdet.model import bundled_model_path, card_sha256

    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert f"spamdet {__version__}" in result.stdout
    assert str(card_sha256(bundled_model_path())) in result.stdout


def test_only_missing_paths_is_a_usage_error(tmp_path: Path) -> None:
    """A typo'd path alone exits 2 (it said exit 0, `clean`, with one error row); among
    paths that exist, a missing one is that input's error and the scan goes on."""
    report = tmp_path / "report.jsonl"
    report.write_text("earlier\n", encoding="utf-8")
    for args in (["scan", str(tmp_path / "tpyo.txt"), "-o", str(report)],
                 ["clean", str(tmp_path / "a.txt"), str(tmp_path / "b"), "--out",
                  str(tmp_path / "out")]):
        result = run_cli(*args)
        assert result.returncode == 2, result.stderr
        assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr
    assert report.read_text(encoding="utf-8") == "earlier\n"
    assert not (tmp_path / "out").exists()
    result = run_cli("scan", str(tmp_path / "tpyo.txt"), str(SAMPLES / "clean_1.txt"),
                     "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    assert verdicts[0] == "error" and len(verdicts) == 2


def test_an_option_the_format_ignores_is_said(tmp_path: Path) -> None:
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--summary", "--all-segments")
    assert result.returncode == 0, result.stderr
    assert "--summary applies to --format json/jsonl" in result.stderr
    assert "--all-segments applies to --format json/jsonl" in result.stderr


def test_scan_table_and_summary() -> None:
    result = run_cli("scan", str(SAMPLES))
    assert result.returncode == 1
    assert "Contaminated pages" in result.stdout
    assert "pages/s" in result.stdout


def test_clean_page_exits_zero(tmp_path: Path) -> None:
    page = tmp_path / "ok.txt"
    page.write_text((SAMPLES / "clean_1.txt").read_text("utf-8"), encoding="utf-8")
    assert run_cli("scan", str(page), "--format", "json").returncode == 0


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run_cli("scan").returncode == 2
    assert run_cli("scan", str(tmp_path), "--threshold", "7").returncode == 2
    assert run_cli("bogus").returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("scan", str(empty)).returncode == 2


def test_unreadable_files_are_reported_and_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Council approves rail line\nThe council voted on "
                                       "Tuesday to approve the new line.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(b"hello world " * 1000)[:60])
    result = run_cli("scan", str(tmp_path), "--format", "jsonl")
    assert result.returncode in (0, 1), result.stderr
    records = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["binary.txt"]["verdict"] == "error" and records["binary.txt"]["errors"]
    assert records["broken.txt.gz"]["verdict"] == "error"
    assert records["good.txt"]["verdict"] in ("clean", "residue")
    assert "Traceback" not in result.stderr


def test_output_file_is_written_and_input_protected(tmp_path: Path) -> None:
    out = tmp_path / "report.jsonl"
    result = run_cli("scan", str(SAMPLES), "--format", "jsonl", "--output", str(out))
    assert result.returncode == 1
    assert len(out.read_text("utf-8").splitlines()) == len(list(SAMPLES.glob("*.txt")))
    page = tmp_path / "page.txt"
    page.write_text("hello\n", encoding="utf-8")
    assert run_cli("scan", str(page), "--output", str(page)).returncode == 2
    assert page.read_text("utf-8") == "hello\n"


def test_explain_lists_every_segment() -> None:
    path = SAMPLES / "contaminated_1.txt"
    result = run_cli("explain", str(path), "--format", "json")
    assert result.returncode == 1
    record = json.loads(result.stdout)
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(record["segments"]) == len(lines)


def test_main_in_process(capsys) -> None:
    assert main(["scan", str(SAMPLES / "clean_1.txt"), "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] != "contaminated"
    assert main(["--help"]) == 0


def test_hostile_text_never_acts(tmp_path: Path) -> None:
    page = tmp_path / "evil.txt"
    page.write_text("[bold red]Zorvanta[/]:\x1b[31mCouncil approves rail line\x1b]8;;http://x\x07\n"
                    "The council voted on Tuesday to approve the new rail line.\n",
                    encoding="utf-8")
    result = run_cli("scan", str(page))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    explain = run_cli("explain", str(page))
    assert "\x1b" not in explain.stdout


def _piped(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "spamdet", *args], input=data,
                          capture_output=True, cwd=ROOT, timeout=300)


def test_standard_input_is_read_as_a_page_or_records() -> None:
    page = (SAMPLES / "contaminated_1.txt").read_bytes()
    one = _piped(page, "scan", "-", "--format", "jsonl", "-q")
    [report] = [json.loads(line) for line in one.stdout.splitlines()]
    assert one.returncode == 1 and report["id"] == "-" and report["verdict"] == "contaminated"
    from_file = run_cli("scan", str(SAMPLES / "contaminated_1.txt"), "--format", "jsonl")
    assert report["segments"] == json.loads(from_file.stdout)["segments"]
    records = b"".join(json.dumps({"text": p.read_text("utf-8")}).encode() + b"\n"
                       for p in sorted(SAMPLES.glob("*.txt")))
    many = _piped(gzip.compress(records), "scan", "-", "--format", "jsonl", "-q")
    reports = [json.loads(line) for line in many.stdout.splitlines()]
    assert [r["id"] for r in reports] == [f"-:{n}" for n in range(1, 9)]
    assert "contaminated" in {r["verdict"] for r in reports}
    with_bom = _piped(b"\xef\xbb\xbf" + records, "scan", "-", "--format", "jsonl", "-q")
    assert [json.loads(line) for line in with_bom.stdout.splitlines()] == reports
    junk = _piped(bytes(range(256)) * 40, "scan", "-", "--format", "jsonl", "-q")
    assert json.loads(junk.stdout)["errors"] == ["binary content, not text: skipped"]
    refused = _piped(page, "clean", "-", "--out", str(ROOT / "never"))
    assert refused.returncode == 2 and b"standard input is not a file" in refused.stderr


def test_a_terminal_that_cannot_encode_unicode_still_gets_the_report(tmp_path: Path) -> None:
    """An ASCII locale (or any non-UTF stdout) gets `\\uXXXX` escapes for what it cannot
    show, never an encoding crash: the exit status still says contaminated, and JSON Lines
    stay valid and lossless."""
    page = tmp_path / "accents.txt"
    page.write_text((SAMPLES / "contaminated_1.txt").read_text("utf-8")
                    + "\nCafé crème — naïve résumé … 🚀\n", "utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for fmt in ("table", "jsonl"):
        done = subprocess.run([sys.executable, "-m", "spamdet", "scan", str(page),
                               "--format", fmt, "--all-segments"], capture_output=True,
                              env=env, cwd=ROOT, timeout=300)
        assert done.returncode == 1, done.stderr
        assert done.stdout.isascii() and done.stderr.isascii()
    texts = [seg["text"] for seg in json.loads(done.stdout)["segments"]]
    assert "Café crème — naïve résumé … 🚀" in texts


def test_a_reader_that_goes_away_ends_the_scan_quietly(tmp_path: Path) -> None:
    """`spamdet scan … | head -1`: the scan stops with the usual SIGPIPE status (141), no
    `fatal` message and no traceback."""
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    for n in range(200):
        (tmp_path / f"p{n:03d}.txt").write_text(text, encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "spamdet", "scan", str(tmp_path),
                           "--format", "jsonl", "--batch", "8", "--no-campaigns"],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert json.loads(proc.stdout.readline())["verdict"] == "contaminated"
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 141, err
    assert "fatal" not in err and "Traceback" not in err and "Broken pipe" not in err


def test_records_of_one_file_are_named_apart(tmp_path: Path) -> None:
    """Records of a JSONL file share its path: the table and `explain` name each by its
    id (the corpus counting per record is in tests/test_campaigns.py)."""
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": f"rec-{n}", "text": text}) + "\n"
                            for n in range(3)), encoding="utf-8")
    table = run_cli("scan", str(dump))
    assert table.returncode == 1, table.stderr
    assert "[rec-0]" in table.stdout and "[rec-2]" in table.stdout
    detail = run_cli("explain", str(dump))
    assert "[rec-1]: contaminated" in " ".join(detail.stdout.split())  # rich wraps long paths


def test_a_file_name_cannot_forge_a_line_on_stderr(tmp_path: Path) -> None:
    """File names are attacker-chosen too: a newline in one is shown as an escape."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.txt\nspamdet: error: disk full, nothing written\nz.txt").write_bytes(b"\x00\x01")
    result = run_cli("clean", str(src), "--out", str(tmp_path / "out"))
    assert "\\u000a" in result.stderr, result.stderr
    assert not any(line.startswith("spamdet: error: disk full")
                   for line in result.stderr.splitlines())


def test_an_empty_path_is_refused_not_read_as_the_current_folder() -> None:
    for command in (["scan", ""], ["clean", "", "--out", str(ROOT / "never")]):
        result = run_cli(*command)
        assert result.returncode == 2 and "empty path" in result.stderr, result.stderr
    assert not (ROOT / "never").exists()


def test_closed_standard_output_still_gives_the_exit_status() -> None:
    """`spamdet scan page.txt >&-`: only the exit status is wanted."""
    result = subprocess.run(f'"{sys.executable}" -m spamdet scan '
                            f'"{SAMPLES / "contaminated_1.txt"}" >&-', shell=True, cwd=ROOT,
                            stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 1 and "fatal" not in result.stderr, result.stderr


def _stderr_on_a_terminal(*args: str, stdout: Path) -> tuple[int, bytes]:
    """The CLI with stderr on a pseudo-terminal (the progress bar shows) and stdout to a
    file: the exit status and what the terminal got."""
    import pty

    main_fd, child_fd = pty.openpty()
    with open(stdout, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "spamdet", *args], cwd=ROOT,
                                stdout=out, stderr=child_fd, stdin=subprocess.DEVNULL)
    os.close(child_fd)
    shown = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_fd)
    return proc.wait(timeout=300), shown


def test_the_report_goes_to_stdout_while_the_bar_shows_on_a_terminal(tmp_path: Path) -> None:
    # `scan dir --format jsonl > report.jsonl` at a terminal: the progress bar must not take
    # stdout over (it sent the whole report to the terminal, and the file stayed empty)
    for fmt in ("jsonl", "json"):
        report = tmp_path / f"report.{fmt}"
        status, shown = _stderr_on_a_terminal("scan", str(SAMPLES), "--format", fmt,
                                              stdout=report)
        assert status == 1, shown
        text = report.read_text(encoding="utf-8")
        pages = ([json.loads(line) for line in text.splitlines()] if fmt == "jsonl"
                 else json.loads(text))
        assert len(pages) == len(list(SAMPLES.glob("*.txt"))), text[:300]
        assert b'"verdict"' not in shown


def test_output_through_a_link_keeps_the_link_and_the_file_mode(tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    link = tmp_path / "report.json"
    link.symlink_to(private.name)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--format", "json", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and json.loads(private.read_text(encoding="utf-8"))
    assert private.stat().st_mode & 0o777 == 0o600


def test_output_to_a_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--format", "jsonl",
                     "-o", str(tmp_path / "." / "pipe"))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert fifo.is_fifo() and got and json.loads(got[0])["verdict"] != "contaminated"


def test_an_output_file_that_cannot_be_made_is_named_as_given(tmp_path: Path,
                                                              monkeypatch) -> None:
    from spamdet import output

    monkeypatch.setattr(output, "temp_beside", lambda target: tmp_path / "gone" / ".tmp")
    try:
        with output.atomic_file(tmp_path / "r.json", "w"):
            pass
    except FileNotFoundError as exc:
        assert exc.filename == str(tmp_path / "r.json")
    else:
        raise AssertionError("no error")


def test_a_long_output_name_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("r" * 250 + ".json")  # its temporary name must still fit
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--format", "json", "-o", str(target))
    assert result.returncode == 0 and json.loads(target.read_text(encoding="utf-8"))


def test_explain_names_a_bad_record_and_the_rest_decide(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    page = {"id": "good", "text": (SAMPLES / "contaminated_1.txt").read_text("utf-8")}
    dump.write_text(json.dumps(page) + "\n[1, 2]\n", encoding="utf-8")
    result = run_cli("explain", str(dump))
    assert result.returncode == 1, result.stderr  # contaminated, as scan says
    assert f"errors: {dump}:2: record is an array, not a JSON object" in result.stdout
    (tmp_path / "empty.jsonl").write_text("")
    result = run_cli("explain", str(tmp_path / "empty.jsonl"))
    assert result.returncode == 2 and "no page could be read" in result.stderr


def test_explain_reads_a_page_cut_at_its_limit() -> None:
    """`explain` takes scan's read limits; a page cut at --max-bytes ended the explanation
    with `spamdet: fatal:` (no copy of it would be written, so no cleaning line could)."""
    result = run_cli("explain", str(SAMPLES / "contaminated_1.txt"), "--max-bytes", "600",
                     "--max-segments", "50", "--max-line-chars", "500")
    assert result.returncode == 1, result.stderr
    assert "fatal" not in result.stderr
    assert "no cleaned copy, as the page was cut as it was read" in result.stdout


def test_explain_shows_the_lines_of_an_old_mac_file(tmp_path: Path) -> None:
    page = tmp_path / "cr.txt"
    page.write_bytes(b"Poinbank:Council approves rail line\rThe council voted on Tuesday to "
                     b"approve the line.\rIt opens next year.\r")
    result = run_cli("explain", str(page))
    assert result.returncode == 1, result.stderr
    assert "\\u000d" not in result.stdout and "\r" not in result.stdout
    assert "\nIt opens next year." in result.stdout


def test_the_table_lists_the_first_pages_with_errors_and_counts_the_rest(
        tmp_path: Path) -> None:
    """A file of 60 bad records listed all 60 (a crawl's thousands scrolled the report away,
    and every page with an error was held in memory whatever the format): the table lists
    the first 50 and says how many more there are, as for contaminated pages."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(f"{{not json {n}\n" for n in range(60)), encoding="utf-8")
    result = run_cli("scan", "bad.jsonl", "--no-campaigns", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bad.jsonl:50 " in result.stdout and "bad.jsonl:51 " not in result.stdout
    assert "… and 10 more pages with errors (use --format jsonl for all)" in result.stdout
    jsonl = run_cli("scan", str(bad), "--no-campaigns", "--format", "jsonl")
    assert len(jsonl.stdout.splitlines()) == 60


def test_files_that_hold_no_page_are_said_so_and_json_stays_empty(tmp_path: Path) -> None:
    """An empty JSONL file was told 'give .txt, .html, .jsonl … files', which it is, and
    `--format json` wrote a stray `[` to stdout before the error: the message now says the
    files held no page, and stdout stays empty (exit 2 as before)."""
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n")
    for fmt in ("json", "jsonl", "table"):
        result = run_cli("scan", str(tmp_path), "--format", fmt)
        assert result.returncode == 2 and result.stdout == "", (fmt, result.stdout)
        assert "the 2 files read hold no page" in result.stderr, result.stderr
    cleaned = run_cli("clean", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "out"))
    assert cleaned.returncode == 2 and "the file read holds no page" in cleaned.stderr
    none = tmp_path / "none"
    none.mkdir()
    assert "give .txt" in run_cli("scan", str(none)).stderr
    page = tmp_path / "page.txt"
    page.write_text("Council approves rail line\n", encoding="utf-8")
    assert [r["id"] for r in json.loads(run_cli("scan", str(page), "--format", "json").stdout)
            ] == [str(page)]


def test_a_missing_dependency_says_how_to_install(tmp_path: Path) -> None:
    """Run from a checkout with a Python the project was never installed into, the CLI says
    which module is missing and how to install, with exit status 2, not a traceback."""
    page = tmp_path / "page.txt"
    page.write_text("Council approves harbour plan\nThe council voted on Tuesday.\n", "utf-8")
    code = ("import sys; sys.modules['rich'] = None; from spamdet.cli import main; "
            f"sys.exit(main(['scan', {str(page)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "rich" in done.stderr and "pip install" in done.stderr
    assert "Traceback" not in done.stderr


def test_scan_of_a_closed_standard_input_says_so() -> None:
    result = subprocess.run(f"'{sys.executable}' -m spamdet scan - --format jsonl <&-",
                            shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "standard input is closed" in result.stdout, result.stdout + result.stderr


def test_a_huge_record_id_is_shortened_in_the_table(tmp_path: Path) -> None:
    """A record id of a megabyte was printed whole in the table's page column (and wrapped
    by the terminal renderer in time that grew faster than the id)."""
    dump = tmp_path / "dump.jsonl"
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    dump.write_text(json.dumps({"id": "I" * 1_000_000 + "END", "text": text}) + "\n", "utf-8")
    result = run_cli("scan", str(dump), "--format", "table")
    assert result.returncode == 1, result.stderr
    assert len(result.stdout) < 50_000 and "…" in result.stdout and "END" in result.stdout


def test_explain_shows_a_page_of_megabytes_in_part(tmp_path: Path) -> None:
    """A one-line page of megabytes was wrapped whole by the terminal renderer (19 s for 8
    MB, growing faster than the page); explain shows its start and says what it left."""
    page = tmp_path / "long.txt"
    line = (SAMPLES / "contaminated_1.txt").read_text("utf-8").replace("\n", " ")
    page.write_text((line * (1_000_000 // len(line) + 1))[:1_000_000], "utf-8")
    result = run_cli("explain", str(page))
    assert result.returncode in (0, 1), result.stderr
    assert "more characters not shown" in result.stdout and len(result.stdout) < 600_000
