"""Segmentation and layout roles; thresholds tested at their boundary."""

from __future__ import annotations

import pytest

from spamdet.context import layout
from spamdet.parse import SHORT_WORDS, dateline_zone, line_role, split_lines


@pytest.mark.parametrize("line, zone", [
    ("SEOUL, South Korea (AP) — North Korea said", "SEOUL, South Korea (AP)"),
    ("WASHINGTON (AP) — The Senate", "WASHINGTON (AP)"),
    ("LONDON, Feb 26 - Britain said", "LONDON, Feb 26"),
    ("AP - A company founded by", "AP"),
    ("The UK economy - said to be slowing", ""),
    ("Analysis: Why the line costs more", ""),
])
def test_dateline_zone(line: str, zone: str) -> None:
    assert line[: dateline_zone(line)] == zone


def test_short_boundary() -> None:
    assert line_role(" ".join(["word"] * SHORT_WORDS), 3) == "short"
    assert line_role(" ".join(["word"] * (SHORT_WORDS + 1)), 3) != "short"


def test_offsets_exclude_whitespace() -> None:
    text = "  Title here  \r\n\n\tBody line one.\n"
    segments = split_lines(text, "p")
    assert [s.text for s in segments] == ["Title here", "Body line one."]
    assert all(text[s.start : s.end] == s.text for s in segments)
    assert segments[0].role == "title"


@pytest.mark.parametrize("brk", ["\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"])
def test_every_line_break_splits(brk: str) -> None:
    # the breaks `str.splitlines` knows: a brand behind U+2028 is a line of its own
    text = f"Council approves rail line{brk}Chainkeen View{brk}"
    segments = split_lines(text, "p")
    assert [s.text for s in segments] == ["Council approves rail line", "Chainkeen View"]
    assert [s.text for s in segments] == text.splitlines()


@pytest.mark.parametrize("line, chunks", [
    # separators the generator never trains on still cut a line (Unicode blocks, not a list)
    ("Cryptovate ★ Stocks rise on Fed", [["Cryptovate"], ["Stocks", "rise", "on", "Fed"]]),
    ("Quorbit ❯ Markets rally", [["Quorbit"], ["Markets", "rally"]]),
    ("Trendix🔥Oil falls", [["Trendix"], ["Oil", "falls"]]),
    ("KORVEXA ** Oil falls", [["KORVEXA"], ["Oil", "falls"]]),
    ("Oil falls｜Quorbit", [["Oil", "falls"], ["Quorbit"]]),   # East Asian bars
    ("Oil falls ︱ Quorbit", [["Oil", "falls"], ["Quorbit"]]),
    ("Quorbit ¤ Oil falls", [["Quorbit"], ["Oil", "falls"]]),
    # `*+=#^` separate only with a space on both sides
    ("Profit rose 5% to 2+2 units", [["Profit", "rose", "5", "to", "2", "2", "units"]]),
    ("Shares rose in U.S. Trading: brisk",
     [["Shares", "rose", "in", "U", "S", "Trading"], ["brisk"]]),
    ("It fell. The company said on Tuesday | it would", [
        ["It", "fell", "The", "company", "said", "on", "Tuesday"], ["it", "would"]]),
])
def test_layout_chunks(line: str, chunks: list[list[str]]) -> None:
    assert [[tok.text for tok in chunk] for chunk in layout(line, "body").chunks] == chunks


def test_a_trademark_sign_keys_only_the_word_it_follows() -> None:
    """`Nexa™` reads as a word of its own, which no lexicon knows; the line's other words,
    its last one too, keep their keys."""
    norms = [tok.norm for tok in layout("Nexa™ | Harbour council approves plan", "title").tokens]
    assert norms == ["nexa™", "harbour", "council", "approves", "plan"]
