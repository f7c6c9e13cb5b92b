"""The real example page from DESIGN.md (needs ../shared/examples)."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE, needs_shared, run_cli

pytestmark = needs_shared(EXAMPLE)


@pytest.fixture(scope="module")
def example_report() -> dict:
    result = run_cli("scan", str(EXAMPLE), "--format", "jsonl", "--all-segments")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout.splitlines()[0])


def _line(report: dict, n: int) -> dict:
    """The segment of 1-based line n."""
    text = EXAMPLE.read_text("utf-8")
    start = sum(len(line) + 1 for line in text.split("\n")[: n - 1])
    return next(s for s in report["segments"] if s["start"] <= start + 1 and s["end"] > start)


def test_brand_spans_on_lines_1_2_5(example_report: dict) -> None:
    for n in (1, 2, 5):
        seg = _line(example_report, n)
        assert "Poinbank" in [span["text"] for span in seg["spans"]], (n, seg)
    assert "VitalEdge Finance Pro" in [span["text"] for span in _line(example_report, 1)["spans"]]


def test_brand_line_and_promo(example_report: dict) -> None:
    assert _line(example_report, 3)["label"] == "injection"
    promo = [s["text"] for s in example_report["segments"] if s["label"] == "promo"]
    assert sum("WEOWNCOIN" in text for text in promo) == 2, promo


def test_widgets_are_residue(example_report: dict) -> None:
    labels = {s["text"]: s["label"] for s in example_report["segments"]}
    for text in ("veryGood! (15216)", "Related", "Ranking", "Recommendation", "___"):
        assert labels[text] == "residue", (text, labels[text])


def test_article_lines_untouched(example_report: dict) -> None:
    for n in range(6, 17):
        assert _line(example_report, n)["label"] == "clean", n
    dateline = _line(example_report, 5)
    assert [span["text"] for span in dateline["spans"]] == ["Poinbank"]


def test_offsets_slice_back(example_report: dict) -> None:
    text = EXAMPLE.read_text("utf-8")
    for seg in example_report["segments"]:
        assert text[seg["start"] : seg["end"]] == seg["text"]
        for span in seg["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
