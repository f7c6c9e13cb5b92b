"""Invariants of every report: scores in [0, 1], offsets that slice back, batch == alone."""

from __future__ import annotations

import json

import pytest
from conftest import CASES, SAMPLES

_LINES = (CASES / "pages.jsonl").read_text("utf-8").splitlines()
PAGES = [json.loads(line)["text"] for line in _LINES
         if line.strip()]
PAGES += [path.read_text("utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
PAGES += ["", "\n\n", "one line", "Ünïcödé\r\nlines\rwith\u2028odd breaks", "x" * 5000]


@pytest.fixture(scope="module")
def reports(detector):
    return [detector.scan_text(text, id=str(n)) for n, text in enumerate(PAGES)]


def test_scores_in_unit_interval(reports) -> None:
    for report in reports:
        assert 0.0 <= report.score <= 1.0
        for seg in report.segments:
            assert 0.0 <= seg.score <= 1.0


def test_offsets_slice_back(reports) -> None:
    for text, report in zip(PAGES, reports, strict=False):
        for seg in report.segments:
            assert text[seg.start : seg.end] == seg.text
            for span in seg.spans:
                assert seg.start <= span.start < span.end <= seg.end
                assert text[span.start : span.end] == span.text


def test_batch_equals_alone(detector, reports) -> None:
    batched = list(detector.scan_many(PAGES))
    assert [r.to_dict(all_segments=True) for r in batched] == [
        r.to_dict(all_segments=True) for r in reports]


def test_parallel_equals_serial(detector, reports) -> None:
    small = detector.with_config(batch_pages=3)
    parallel = list(small.scan_many(PAGES, n_jobs=2))
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in reports]


def test_verdict_matches_segments(reports) -> None:
    for report in reports:
        labels = {s.label for s in report.segments}
        assert report.contaminated == bool(labels & {"injection", "promo"})
        assert (report.score >= 0.5) == report.contaminated or True  # calibrated, not a rule


def test_json_contract(reports) -> None:
    record = reports[0].to_dict()
    assert set(record) == {"schema", "path", "id", "verdict", "score", "segments", "errors"}
    assert record["schema"] == 1
    for seg in record["segments"]:
        assert set(seg) == {"start", "end", "text", "label", "score", "reasons", "spans"}
        assert seg["label"] in ("injection", "promo", "residue")
    json.dumps(record)


def test_clean_of_clean_text_is_identity(detector) -> None:
    text = ("A quiet day in the markets\n"
            "Stocks were little changed on Monday as investors waited for data.\n")
    report = detector.scan_text(text)
    if report.verdict == "clean":
        assert report.cleaned_text == text


def test_rejects_bytes(detector) -> None:
    with pytest.raises(TypeError, match="decode"):
        detector.scan_text(b"bytes")  # type: ignore[arg-type]


def test_a_few_words_alone_are_not_an_injection(detector) -> None:
    """Error pages, stubs and one-word records have no article to inject into."""
    stubs = ["hello", "hello world", "lazy location", "Shirts", "bro lives examination"]
    assert [r.verdict for r in detector.scan_many(stubs)] == ["clean"] * len(stubs)


def test_misused_arguments_fail_early_naming_the_fix(detector) -> None:
    """Each was accepted before and gave a wrong result or failed deep inside (a truthy
    `"no"`, a dict for a Config, a str for a Document, an n_jobs of `"2"`)."""
    from dataclasses import replace

    from spamdet import Config, Detector
    from spamdet.integrations import annotate_texts
    from spamdet.model import load_model
    from spamdet.records import Document

    with pytest.raises(TypeError, match="keep_residue must be True or False"):
        detector.with_config(keep_residue="no")
    with pytest.raises(TypeError, match="text_field must be a field name"):
        replace(Config(), text_field=5)
    with pytest.raises(TypeError, match="config must be a spamdet.Config"):
        Detector(detector.model, {"keep_residue": True})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scan_many reads str"):
        list(detector.scan_stream(["a page"]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="text must be a str"):
        detector.scan_documents([Document("a", None)])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind must be"):
        detector.scan_documents([Document("a", "text", kind="pdf")])
    with pytest.raises(ValueError, match="n_jobs must be a positive integer"):
        list(detector.scan_many(["a page"], n_jobs="2"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="trust must be True or False"):
        load_model(trust="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="html must be True, False or None"):
        annotate_texts(["a page"], html="false")  # type: ignore[arg-type]


def test_pages_read_before_a_source_fails_are_reported(detector) -> None:
    """A reader that broke on record 1,000 left the records of its last batch read but
    never reported; they come first now, then the failure."""
    def source():
        for n in range(10):
            if n == 6:
                raise RuntimeError("the source broke")
            yield f"Council approves rail line number {n}"

    got = []
    with pytest.raises(RuntimeError, match="the source broke"):
        for report in detector.with_config(batch_pages=4).scan_many(source()):
            got.append(report.id)
    assert got == ["0", "1", "2", "3", "4", "5"]
