"""Real pages from ../shared (skipped without it): a WARC file and a JSONL file built from
them scan to the same verdicts as the pages themselves. Uses the shipped model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared
from test_records import write_warc

from spamdet.ingest import read_document, read_documents

HTML_DIRS = [SHARED / "data" / "article_extraction_benchmark" / "html",
             SHARED / "data" / "trafilatura_eval_en" / "html"]
PAGES_PER_SET = 8

pytestmark = [needs_shared(HTML_DIRS[0]), needs_shared(HTML_DIRS[1]), pytest.mark.shared]


def _pages() -> list[Path]:
    return [p for d in HTML_DIRS for p in sorted(d.glob("*.gz"))[:PAGES_PER_SET]]


def test_warc_and_jsonl_scan_like_the_pages(detector, tmp_path: Path) -> None:
    paths = _pages()
    direct = detector.scan_documents([read_document(p) for p in paths])
    raw = [gzip.decompress(p.read_bytes()) for p in paths]
    uris = [f"https://pages.test/{p.name}" for p in paths]
    write_warc(tmp_path / "pages.warc.gz",
               [(u, data, "text/html") for u, data in zip(uris, raw, strict=True)])
    from_warc = detector.scan_documents(list(read_documents(tmp_path / "pages.warc.gz")))
    jsonl = tmp_path / "pages.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for uri, report in zip(uris, direct, strict=True):
            html = read_document(Path(report.path or "")).text
            fh.write(json.dumps({"id": uri, "html": html}) + "\n")
        fh.write("{broken record\n")
    from_jsonl = detector.scan_documents(list(read_documents(jsonl)))
    assert from_jsonl[-1].verdict == "error" and len(from_jsonl) == len(paths) + 1
    for page, warc, record in zip(direct, from_warc, from_jsonl[:-1], strict=True):
        assert page.verdict == warc.verdict == record.verdict, page.id
        assert page.text == warc.text == record.text


def test_real_pages_parse_with_exact_offsets(detector) -> None:
    for path in _pages():
        page = detector.parse(read_document(path))
        assert page.kind == "html" and page.segments
        for seg in page.segments:
            assert page.text[seg.start : seg.end] == seg.text
