"""Cleaning a page of many injected lines costs work in proportion to its lines, not to their
square: each cleaned line used to be compared with every other line of the page to find the
duplicates it leaves (`clean._duplicates`). Counts the work on line keys (calls), not
seconds, so it cannot flake on a slow host."""

from __future__ import annotations

from collections import Counter

import pytest

from spamdet import clean
from spamdet.context import line_key
from spamdet.records import PageReport, SegmentReport, Span

SMALL, LARGE = 500, 4000
MAX_GROWTH = 12
"""Allowed growth of the work for 8x the lines: linear gives about 8, quadratic 64."""
BRAND = "Poinbank"


class CountedKey(str):
    """A line key that counts the string work done on it."""

    calls: Counter[str] = Counter()

    def split(self, *args: object, **kwargs: object) -> list[str]:  # type: ignore[override]
        CountedKey.calls["split"] += 1
        return str.split(self, *args, **kwargs)  # type: ignore[arg-type]

    def __contains__(self, other: object) -> bool:
        CountedKey.calls["contains"] += 1
        return str.__contains__(self, other)  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        CountedKey.calls["eq"] += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def injected_page(n: int) -> PageReport:
    """n distinct article lines, each with a brand glued into its dateline (one span each)."""
    segments, start = [], 0
    for i in range(n):
        text = (f"SEOUL,{BRAND}{i} South Korea (AP) — The council met on day {i} to discuss "
                f"the rail line and budget number {i * 7}.")
        at = start + text.index(BRAND)
        span = Span(at, at + len(f"{BRAND}{i}"), f"{BRAND}{i}", "injection")
        segments.append(SegmentReport(i, start, start + len(text), text, "dateline",
                                      "injection", 0.9, ("rarity",), (span,)))
        start += len(text) + 1
    text = "\n".join(seg.text for seg in segments)
    return PageReport("p", None, "contaminated", 0.9, tuple(segments), text)


def key_work(report: PageReport, monkeypatch: pytest.MonkeyPatch) -> int:
    CountedKey.calls.clear()
    with monkeypatch.context() as patch:
        patch.setattr(clean, "line_key", lambda text: CountedKey(line_key(text)))
        clean.clean_page(report)
    return sum(CountedKey.calls.values())


def test_duplicate_search_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    small = key_work(injected_page(SMALL), monkeypatch)
    large = key_work(injected_page(LARGE), monkeypatch)
    assert small > 0
    assert large <= MAX_GROWTH * small, (small, large)


def test_many_lines_still_cleaned() -> None:
    cleaned = clean.clean_page(injected_page(LARGE))
    assert cleaned.spans == LARGE and cleaned.duplicate_lines == 0
    assert BRAND not in cleaned.text


def test_duplicates_still_found() -> None:
    """A cleaned line that repeats a clean line, or contains one, goes; the first of equal
    cleaned lines stays."""
    lines = ["The council met on Tuesday about rail.",
             "SEOUL,Poinbank The council met on Tuesday about rail.",
             "Breaking,Poinbank The mayor spoke about the new budget",
             "Breaking,Vitaledge The mayor spoke about the new budget",
             "Home,Poinbank news The council met on Tuesday about rail."]
    segments, start = [], 0
    for i, text in enumerate(lines):
        spans: tuple[Span, ...] = ()
        if i:
            at = text.index(",") + 1
            end = at + len(text[at:].split()[0])
            spans = (Span(start + at, start + end, text[at:end], "injection"),)
        segments.append(SegmentReport(i, start, start + len(text), text, "line",
                                      "injection" if i else "clean", 0.9, (), spans))
        start += len(text) + 1
    report = PageReport("p", None, "contaminated", 0.9, tuple(segments), "\n".join(lines))
    assert clean._duplicates(report.segments, clean._fates(report.segments, False)) == {1, 3, 4}
