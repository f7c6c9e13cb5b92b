"""Hostile input: a corpus of bad files, built here in tmp_path, run through the real CLI.

Every case names what must happen to it: an error for the file (with words from the
message), a verdict, or not being listed at all (a directory is walked, not read).
The CLI must finish in time, exit 0, 1 or 2, print no traceback, and count the errors.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from spamdet.ingest import iter_paths, read_documents

TIMEOUT = 240
NEWS = ("SEOUL, South Korea (AP) — North Korea fired a ballistic missile into the sea on "
        "Tuesday, the South's military said, in its latest weapons test this year.\n"
        "The launch came days after the allies began joint drills.\n")
SCANNED = ("clean", "contaminated", "residue")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    """One bad input: `name` (bytes allowed: a file name that is not UTF-8), how to make it,
    and what the scan must say: `error` words, a verdict, or `None` for not listed."""

    name: str | bytes
    make: Callable[[Path], None]
    outcome: str | None  # "error:<words>", "scanned", "contaminated", or None (not listed)


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1)


def _random(n: int) -> bytes:
    return random.Random(6).randbytes(n)


def _nested(path: Path) -> None:
    path.write_bytes(b"<html><body>" + b"<div>" * 100_000 + NEWS.encode() + b"</div>" * 100_000)


def _big_line(path: Path) -> None:
    with open(path, "wb") as fh:
        chunk = b"word " * 200_000
        for _ in range(50):
            fh.write(chunk)


def _many_lines(path: Path) -> None:
    path.write_bytes(b"".join(b"line %d\n" % i for i in range(1_000_000)))


def _bomb(path: Path) -> None:
    """200 MB of zeros in a gzip of about 200 kB."""
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9) as gz:
        block = b"\0" * (1 << 20)
        for _ in range(200):
            gz.write(block)


def _line_bomb(path: Path) -> None:
    """A JSONL gzip whose one line expands to 200 MB, no newline."""
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9) as gz:
        gz.write(b'{"text": "')
        block = b"a" * (1 << 20)
        for _ in range(200):
            gz.write(block)


def _warc(payload: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: %d\r\n\r\n" % len(http))
    return head + http + b"\r\n\r\n"


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _unreadable(path: Path) -> None:
    path.write_bytes(NEWS.encode())
    path.chmod(0)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dir_named_txt(path: Path) -> None:
    path.mkdir()


HTML_PAGE = b"<html><body><p>" + NEWS.encode() + b"</p></body></html>"
CASES = [
    Case("binary.txt", _bytes(_random(20_000)), "error:binary"),
    Case("nul_bytes.txt", _bytes(NEWS.encode().replace(b" ", b"\0")), "error:binary"),
    Case("some_nuls.txt", _bytes(NEWS.encode() * 20 + b"\0"), "scanned"),
    Case("invalid_utf8.txt", _bytes(NEWS.encode() + b"\xff\xfe\xc3(\xa0\xa1 end\n"), "scanned"),
    Case("utf16_bom.txt", _bytes(NEWS.encode("utf-16")), "scanned"),
    Case("utf16le_nobom.txt", _bytes(NEWS.encode("utf-16-le")), "scanned"),
    Case("utf16be_nobom.txt", _bytes(NEWS.encode("utf-16-be")), "scanned"),
    Case("latin1.html", _bytes(b'<html><head><meta charset="iso-8859-1"></head><body><p>'
                               + "Caf\u00e9 cr\u00e8me. ".encode("latin-1") * 20
                               + b"</p></body></html>"), "scanned"),
    Case("cp1252.txt", _bytes(("\u201cQuoted\u201d \u2014 na\u00efve \u20ac5. " * 30)
                              .encode("cp1252")), "scanned"),
    Case("mixed_encodings.txt", _bytes(NEWS.encode() + "Caf\u00e9 ".encode("latin-1") * 50
                                       + "caf\u00e9 ".encode() * 50), "scanned"),
    Case("one_line_50mb.txt", _big_line, "error:truncated"),
    Case("million_lines.txt", _many_lines, "error:truncated"),
    Case("empty.txt", _bytes(b""), "scanned"),
    Case("whitespace.txt", _bytes(b" \n\t\r\n   \n" * 100), "scanned"),
    Case("nested.html", _nested, "scanned"),
    Case("unclosed.html", _bytes(b"<html><body><div><p>" + NEWS.encode()
                                 + b"<b><i><!-- never closed <script>x"), "scanned"),
    Case("huge_attr.html", _bytes(b'<html><body><p title="' + b"x" * 5_000_000 + b'">'
                                  + NEWS.encode() + b"</p></body></html>"), "scanned"),
    Case("script_only.html", _bytes(b"<html><script>" + b"var a=1;" * 10_000
                                    + b"</script></html>"), "scanned"),
    Case("malformed.jsonl", _bytes(b'{"text": "ok ' + NEWS.encode()[:40] + b'"}\n{not json\n'
                                   b"[1, 2]\n\"string\"\n{\"text\": 5}\n\xff\xfe\n"),
         "error:not a JSON record"),
    Case("huge_record.jsonl", _bytes(b'{"text": "' + b"a " * 5_000_000 + b'"}\n'
                                     b'{"text": "after the big one"}\n'), "error:longer than"),
    Case("deep.jsonl", _bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n"), "error:JSON"),
    Case("surrogate.jsonl", _bytes(b'{"text": "lone \\ud800 surrogate and \\udfff too"}\n'),
         "scanned"),
    Case("truncated.json", _bytes(b'[{"text": "a"}, {"text": '), "error:JSON"),
    Case("truncated.txt.gz", _bytes(_gz(NEWS.encode() * 200)[:300]), "error:gzip"),
    Case("truncated.jsonl.gz", _bytes(_gz(b'{"text": "x"}\n' * 200)[:60]), "error:gzip"),
    Case("truncated.warc", _bytes(_warc(HTML_PAGE)[:150]), "error:truncated"),
    Case("truncated.warc.gz", _bytes(_gz(_warc(HTML_PAGE) * 50)[:400]), "error:"),
    Case("not_a_warc.warc", _bytes(NEWS.encode()), "error:not a WARC"),
    Case("no_target.warc", _bytes(_warc(HTML_PAGE) + _warc(HTML_PAGE).replace(
        b"WARC-Target-URI: http://example.com/\r\n", b"")), "error:damaged WARC data after 1"),
    Case("bomb.txt.gz", _bomb, "error:binary"),
    Case("line_bomb.jsonl.gz", _line_bomb, "error:longer than"),
    Case("loop.txt", _symlink("loop.txt"), "error:symlink loop"),
    Case("dangling.txt", _symlink("nowhere/at/all.txt"), "error:broken symlink"),
    Case("unreadable.txt", _unreadable, "scanned" if AS_ROOT else "error:permission denied"),
    Case("x.txt", _dir_named_txt, None),
    Case("fifo.txt", _fifo, "error:not a regular file"),
    Case("zero.txt", _symlink("/dev/zero"), "error:not a regular file"),
    Case("new\nline.txt", _bytes(NEWS.encode()), "scanned"),
    Case(b"bad\xff\xfename.txt", _bytes(NEWS.encode()), "scanned"),
    Case("\x1b[31mred\x1b]8;;http:\x07evil.txt", _bytes(NEWS.encode()), "scanned"),
    Case("controls.txt", _bytes(NEWS.encode() + b"\x1b[31mred\x1b[0m \x07\x08 \xc2\x9b31m "
                                b"\x1b]8;;http://evil\x07click\x1b]8;;\x07\n"), "scanned"),
    Case("bidi.txt", _bytes(("\u202eevil\u202c " + NEWS + "\u2066isolate\u2069\n").encode()),
         "scanned"),
    Case("zero_width.txt", _bytes(("SEOUL,Poin\u200bbank South Korea (AP) \u2014 North Korea "
                                   "fired a ballistic missile into the sea on Tuesday.\n"
                                   ).encode()), "contaminated"),
]


def _build(root: Path, cases: list[Case] = CASES) -> dict[str, Case]:
    """The corpus under `root`; maps each file's path as spamdet prints it to its case."""
    root.mkdir()
    built = {}
    for case in cases:
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(case.name))))
        case.make(path)
        built[str(path)] = case
    return built


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bad") / "corpus"
    built = _build(root)
    yield root, built
    for path in built:  # let pytest clean up what chmod 000 locked
        if os.path.lexists(path) and not os.path.islink(path):
            os.chmod(path, 0o700)


def _scan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spamdet", "scan", *args],
                          capture_output=True, text=True, errors="surrogateescape",
                          cwd=ROOT, timeout=TIMEOUT)


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 30


def _outcome_ok(case: Case, reports: list[dict]) -> str | None:
    """None when the reports for one file match its case, else what is wrong."""
    if case.outcome is None:
        return None if not reports else f"listed: {reports}"
    if not reports:
        return "not reported"
    kind, _, words = case.outcome.partition(":")
    verdicts = [r["verdict"] for r in reports]
    errors = " ".join(e for r in reports for e in r.get("errors", [])).lower()
    if kind == "error":
        return None if words.lower() in errors and errors else f"{verdicts} {errors!r}"
    if kind == "scanned":
        return None if all(v in SCANNED for v in verdicts) else f"{verdicts} {errors!r}"
    return None if kind in verdicts else f"{verdicts} {errors!r}"


@pytest.mark.slow
def test_cli_json_reports_every_bad_file(corpus) -> None:
    root, built = corpus
    result = _scan(str(root), "--format", "json", "--summary", "--quiet")
    assert result.returncode in (0, 1, 2), result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    records = json.loads(result.stdout)
    summary = records.pop()
    assert summary["type"] == "summary"
    by_path: dict[str, list[dict]] = {}
    for record in records:
        by_path.setdefault(record["path"], []).append(record)
    wrong = {}
    for path, case in built.items():
        problem = _outcome_ok(case, by_path.pop(path, []))
        if problem:
            wrong[repr(case.name)] = problem
    assert not wrong, wrong
    assert not by_path, f"reported but not in the corpus: {list(by_path)}"
    errors = sum(1 for r in records if r["verdict"] == "error")
    assert summary["verdicts"]["error"] == errors
    assert f"{errors} errors" in result.stderr


@pytest.mark.slow
def test_cli_table_survives_every_bad_file(corpus) -> None:
    root, built = corpus
    result = _scan(str(root), "--quiet")
    assert result.returncode in (0, 1, 2), result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    shown = re.search(r"│ error\s+│\s+(\d+) │", result.stdout)
    records = json.loads(_scan(str(root), "--format", "json", "--quiet").stdout)
    assert shown and int(shown.group(1)) == sum(r["verdict"] == "error" for r in records)


def test_library_reads_every_bad_file(corpus) -> None:
    root, built = corpus
    cheap = {p for p, c in built.items() if "50mb" not in str(c.name) and "bomb" not in str(c.name)}
    for path in iter_paths([root]):
        if str(path) in cheap:
            docs = list(read_documents(path, max_bytes=1 << 20))
            assert docs, path


def test_a_folder_tree_nested_deeper_than_python_recursion(tmp_path: Path) -> None:
    """A crawler trap mirrored to disk (`a/b/a/b/…`) nests folders by the thousand: the
    walk finds the file at the bottom instead of failing the whole scan."""
    import sys

    from spamdet.ingest import iter_paths

    deep = tmp_path
    for n in range(sys.getrecursionlimit() + 200):
        deep = deep / "ab"[n % 2]
        try:
            deep.mkdir()
        except OSError:  # the file system's path limit: as deep as it goes
            deep = deep.parent
            break
    (deep / "bottom.txt").write_text("a page", encoding="utf-8")
    try:
        assert list(iter_paths([tmp_path])) == [deep / "bottom.txt"]
    finally:  # bottom up: pytest's own clean-up (shutil.rmtree) would recurse too deep
        (deep / "bottom.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
