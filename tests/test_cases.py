"""Labelled cases from tests/cases/pages.jsonl: positives, hard negatives, known failures."""

from __future__ import annotations

import json

import pytest
from conftest import CASES

CASE_LIST = [json.loads(line) for line in (CASES / "pages.jsonl").read_text("utf-8").splitlines()
             if line.strip()]


def _param(case: dict) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASE_LIST])
def test_case(detector, case: dict) -> None:
    report = detector.scan_text(case["text"], id=case["id"])
    if case["verdict"] == "contaminated":
        assert report.verdict == "contaminated", report.to_dict()
    else:
        assert report.verdict != "contaminated", report.to_dict()
    spans = [span.text for seg in report.segments for span in seg.spans]
    for expected in case.get("spans", []):
        assert expected in spans, (expected, spans)
    for text in case.get("promo", []):
        assert any(s.label == "promo" and text in s.text for s in report.segments), text
    for text in case.get("residue", []):
        assert any(s.label == "residue" and s.text == text for s in report.segments), text
    lines = case["text"].split("\n")
    for index in case.get("clean_lines", []):
        seg = next(s for s in report.segments if s.text == lines[index].strip())
        assert seg.label == "clean", seg
