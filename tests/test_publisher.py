"""The publisher a text page names itself (`spamdet.publisher`)."""

from __future__ import annotations

import pytest

from spamdet.parse import parse_text
from spamdet.publisher import apart, publisher_gate, publisher_lines
from spamdet.records import Document


def page_of(text: str):
    return parse_text(Document("p", text))


def exempt_words(text: str) -> list[str]:
    page = page_of(text)
    gate = publisher_gate(page)
    return [page.segments[i].text[s:e] for i, s, e in gate.exempt] if gate else []


@pytest.mark.parametrize("line, words", [
    ("Copyright © WorldWire Today 2025", {"worldwire", "today"}),
    ("© 2024 NewsHub24. All rights reserved.", {"newshub24"}),
    ("By the Coastline Herald staff", {"coastline", "herald"}),
    ("Advertise with MetroLedger", {"metroledger"}),
    ("By Min-ji Park and Sarah Whitfield", set()),  # a reporter's byline names no publisher
    ("The court ruled that the copyright claim against the newspaper could go ahead, "
     "overturning a lower court's decision from last year", set()),  # prose, not a notice
])
def test_publisher_lines(line: str, words: set[str]) -> None:
    assert publisher_lines(page_of(f"Headline here\n{line}"))[0] == words


def test_names_exempt_where_they_stand_apart_only() -> None:
    text = ("Bitcoin miner moves to Texas | WorldWire Today\nWorldWire > Markets\n"
            "AUSTIN,WorldWire Texas (AP) — A miner said it would move.\n"
            "[WorldWire] Miner moves\nWorldWire Today\nCopyright © WorldWire Today 2025")
    page = page_of(text)
    gate = publisher_gate(page)
    assert gate is not None
    by_line = {}
    for i, s, e in gate.exempt:
        by_line.setdefault(page.segments[i].text, []).append(page.segments[i].text[s:e])
    assert by_line == {
        "Bitcoin miner moves to Texas | WorldWire Today": ["WorldWire", "Today"],
        "WorldWire > Markets": ["WorldWire"],
        "Copyright © WorldWire Today 2025": ["WorldWire", "Today"],
    }  # glued into the dateline, in brackets, or a line of nothing else: judged


def test_no_publisher_no_gate() -> None:
    assert exempt_words("Headline | WorldWire Today\nThe story goes on here.") == []


@pytest.mark.parametrize("text, start, end, expected", [
    ("a | Name b", 4, 8, True),
    ("Name.", 0, 4, True),
    ("SEOUL,Name Korea", 6, 10, False),
    ("Name:Headline", 0, 4, False),
    ("[Name] x", 1, 5, False),
    ("“Name” said", 1, 5, True),
])
def test_apart(text: str, start: int, end: int, expected: bool) -> None:
    assert apart(text, start, end) is expected
