"""Cleaning: remove injected spans and repair what they broke; drop promo and residue lines.

Clean lines are never touched: the output keeps their bytes as they were.
"""

from __future__ import annotations

import re

from spamdet.records import PageReport, SegmentReport, Span

_SEP_AFTER = re.compile(r"^[ \t]*(?:[:|_~•·»>\-–—/\\]+|[\]】)])?[ \t]*")
_SEP_BEFORE = re.compile(r"[ \t]*(?:[:|_~•·»<\-–—/\\]+|[\[【(])?[ \t]*$")


def remove_span(line: str, start: int, end: int) -> str:
    """`line` without `line[start:end]`, and without the separator that attached it."""
    left, right = line[:start], line[end:]
    if not left.strip():
        return left + right[_SEP_AFTER.match(right).end() :]  # type: ignore[union-attr]
    if not right.strip():
        return left[: _SEP_BEFORE.search(left).start()] + right.lstrip()  # type: ignore[union-attr]
    sep = _SEP_AFTER.match(right)
    assert sep is not None
    if left[-1].isalnum() and sep.end() > 0 and not right[: sep.end()].isspace():
        right = right[sep.end() :]
        return left + " " + right if right[:1].isalnum() else left + right
    if left[-1] == " " and right[:1] == " ":
        return left + right[1:]
    return left + right


def clean_segment(seg: SegmentReport) -> str:
    """The segment text with its spans removed (right to left, so offsets stay valid)."""
    text = seg.text
    for span in sorted(seg.spans, key=lambda s: s.start, reverse=True):
        text = remove_span(text, span.start - seg.start, span.end - seg.start)
    return text


def _dropped(seg: SegmentReport, keep_residue: bool) -> bool:
    if seg.label == "promo" or (seg.label == "residue" and not keep_residue):
        return True
    return seg.label == "injection" and not clean_segment(seg).strip(" \t:|-–—_")


def clean_report(report: PageReport, keep_residue: bool = False) -> str:
    """The page text with contamination removed; a page without any is returned unchanged."""
    text = report.text
    pieces: list[str] = []
    cursor = 0
    for seg in report.segments:
        if seg.label == "clean" or (seg.label == "residue" and keep_residue):
            continue
        if _dropped(seg, keep_residue):
            line_end = text.find("\n", seg.end)
            line_end = len(text) if line_end < 0 else line_end + 1
            line_start = text.rfind("\n", 0, seg.start) + 1
            pieces.append(text[cursor:line_start])
            cursor = line_end
        else:
            pieces.append(text[cursor : seg.start])
            pieces.append(clean_segment(seg))
            cursor = seg.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def spans_of(report: PageReport) -> list[Span]:
    """Every injected span of a page, in page order."""
    return [span for seg in report.segments for span in seg.spans]
