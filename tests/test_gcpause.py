"""Scoring pauses the cyclic garbage collector for a batch (`spamdet.gcpause`): the pause must
end with the batch, and a batch must leave no reference cycles behind that only the
collector would free."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from conftest import ROOT, SAMPLES

import spamdet
from spamdet.gcpause import paused_gc


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_restored_after(collector_on: None) -> None:
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error(collector_on: None) -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(collector_on: None) -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def _samples() -> list[spamdet.Document]:
    """The project's text samples and HTML fixtures."""
    texts = [spamdet.Document(p.name, p.read_text("utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    html = [spamdet.Document(p.name, p.read_text("utf-8"), kind="html")
            for p in sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))]
    return texts + html


def test_a_scan_leaves_no_cycles_and_the_collector_on(detector: spamdet.Detector,
                                                        collector_on: None) -> None:
    docs = _samples()
    assert {d.kind for d in docs} == {"text", "html"}
    detector.scan_documents(docs)  # warm-up: lazy imports make cycles of their own
    gc.collect()
    gc.disable()
    try:
        reports = detector.scan_documents(docs)
        left = gc.collect()
    finally:
        gc.enable()
    assert len(reports) == len(docs)
    assert left == 0, f"a scan left {left} objects in reference cycles: pausing gc leaks them"
    assert gc.isenabled()
