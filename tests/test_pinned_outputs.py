"""Speed work must not change what a scan reports: every segment's label, score, reasons and
spans, and every page's verdict and score, pinned against a snapshot made before optimising.

Pages: data/samples, the HTML fixtures, and pages generated from the bundled articles
(seed 7). Uses the shipped model. To remake the snapshot after a deliberate change of model
or features (never for a speed change): SPAMDET_PIN_UPDATE=1 python -m pytest -q
tests/test_pinned_outputs.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spamdet.records import Document, PageReport
from spamdet.training import bundled_corpus, generate, load_corpora

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "fixtures" / "pinned_outputs.json"
SAMPLES = HERE.parent / "data" / "samples"
HTML = HERE / "fixtures" / "html"
GENERATED = 24


def _documents() -> list[Document]:
    docs = [Document(p.name, p.read_text(encoding="utf-8"), str(p))
            for p in sorted(SAMPLES.glob("*.txt"))]
    docs += [Document(p.name, p.read_text(encoding="utf-8"), str(p), "html")
             for p in sorted(HTML.glob("*.html"))]
    corpora = load_corpora(bundled_corpus(), None)
    articles = [a for split in ("train", "val", "test") for a in corpora.articles[split]]
    pages = generate(corpora, "test", 7, articles[:GENERATED], prefix="pinned")
    return docs + [Document(p.id, p.text) for p in pages]


def _pinned(report: PageReport) -> dict[str, object]:
    return {
        "verdict": report.verdict,
        "score": None if report.score is None else round(report.score, 9),
        "segments": [
            [s.index, s.start, s.end, s.label, round(s.score, 9), list(s.reasons),
             [[sp.start, sp.end, sp.label] for sp in s.spans]]
            for s in report.segments
        ],
    }


@pytest.fixture(scope="module")
def outputs(detector) -> dict[str, dict[str, object]]:
    docs = _documents()
    return {r.id: _pinned(r) for r in detector.scan_stream(docs)}


def test_outputs_match_snapshot(outputs) -> None:
    if os.environ.get("SPAMDET_PIN_UPDATE"):
        SNAPSHOT.write_text(json.dumps(outputs, indent=0, sort_keys=True) + "\n", "utf-8")
    pinned = json.loads(SNAPSHOT.read_text("utf-8"))
    assert sorted(outputs) == sorted(pinned)
    for page_id, got in outputs.items():
        assert got == pinned[page_id], page_id


def test_batch_size_does_not_change_outputs(detector, outputs) -> None:
    small = detector.with_config(batch_pages=3)
    again = {r.id: _pinned(r) for r in small.scan_stream(_documents())}
    assert again == outputs


def test_workers_give_the_same_outputs_in_order(detector, outputs) -> None:
    """66 pages are two worker tasks: the results come back whole and in input order."""
    reports = list(detector.scan_stream(_documents(), n_jobs=2))
    assert [r.id for r in reports] == list(outputs)
    assert {r.id: _pinned(r) for r in reports} == outputs
