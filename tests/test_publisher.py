"""The publisher a text page names itself (`spamdet.publisher`)."""

from __future__ import annotations

import pytest

from spamdet.parse import parse_text
from spamdet.publisher import apart, publisher_gate, publisher_lines, title_site
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


BODY = ("The old Rialto cinema on Main Street reopened on Saturday after a six-year restoration "
        "paid for by local donations.\n"
        "Volunteers repaired the plaster ceiling, rebuilt the organ and replaced more than 400 "
        "seats, the theatre's board said.\n"
        "The first screening, a silent comedy with live organ music, sold out within an hour of "
        "tickets going on sale.\n"
        "The board plans to show classic films at weekends and host concerts and school events "
        "during the week.\n"
        "More stories\n• Wildfire smoke prompts air quality alert for weekend\n"
        "• County fair returns with pig races and a demolition derby\nPrivacy Policy\n"
        "Cookie Settings")
HEADLINE = "Restored cinema reopens with a silent comedy"


def site_page(title: str, foot: str, crumb: str = "") -> str:
    return "\n".join(filter(None, [title, crumb, HEADLINE, BODY, foot])) + "\n"


@pytest.mark.parametrize("title, crumb, foot, words", [
    (f"{HEADLINE} | Harbourside Herald", "", "Harbourside Herald - Local news you can trust",
     {"harbourside", "herald"}),
    (f"{HEADLINE} – Harbourside", "", "The Harbourside Herald — Local news you can trust",
     {"harbourside", "herald"}),  # `The` and a longer form of the title's name
    (f"Halvexo Today - {HEADLINE}", "Halvexo > Culture > Film", "Terms of Use",
     {"halvexo", "today"}),  # a breadcrumb rooted in the name, anywhere on the page
])
def test_title_name_rooting_a_line_is_the_site(title: str, crumb: str, foot: str,
                                              words: set[str]) -> None:
    page = page_of(site_page(title, foot, crumb))
    assert title_site(page)[0] == words
    assert {"Harbourside", "Halvexo"} & set(exempt_words(site_page(title, foot, crumb)))


def test_the_sites_tagline_is_not_promo() -> None:
    page = page_of(site_page(f"{HEADLINE} | Harbourside Herald", "Harbourside Herald - "
                             "Local news you can trust"))
    gate = publisher_gate(page)
    assert gate is not None and gate.no_promo == {len(page.segments) - 1}


@pytest.mark.parametrize("title, foot", [
    (f"{HEADLINE} — Crestlyx", "Terms of Use"),  # nothing else names it
    (f"{HEADLINE} | Quillcoin Daily", "Quillcoin Daily - Local news you can trust"),  # coin
    (f"{HEADLINE} | Halvexo", "Halvexo - Earn passive income with crypto today"),  # it sells
    (f"{HEADLINE} | Halvexo", "Halvexo - The simple habit that helps households keep more of "
                              "every paycheck"),  # a promo headline, not a tagline
    (f"Halvexo: {HEADLINE}", "Halvexo - Local news you can trust"),  # a colon fronts brands
    (f"{HEADLINE} -Halvexo", "Halvexo - Local news you can trust"),  # glued to the title
    (f"[Halvexo] {HEADLINE}", "Halvexo - Local news you can trust"),  # in brackets
])
def test_injection_shapes_are_not_the_site(title: str, foot: str) -> None:
    assert title_site(page_of(site_page(title, foot))) == (frozenset(), frozenset())


def test_a_tagline_outside_the_footer_confirms_nothing() -> None:
    text = site_page(f"{HEADLINE} | Halvexo", "Terms of Use",
                     crumb="Halvexo - Local news you can trust")
    assert title_site(page_of(text))[0] == frozenset()


@pytest.mark.parametrize("title, foot, verdict", [
    (f"{HEADLINE} | Harbourside Herald", "Harbourside Herald - Local news you can trust",
     "residue"),
    (f"{HEADLINE} | Halvexo", "Halvexo - Local news you can trust", "residue"),
    (f"{HEADLINE} | Halvexo", "Terms of Use", "contaminated"),
    (f"{HEADLINE} | Quillcoin Daily", "Quillcoin Daily - Local news you can trust",
     "contaminated"),
    (f"Halvexo: {HEADLINE}", "Halvexo - Local news you can trust", "contaminated"),
])
def test_site_name_in_title_with_the_shipped_model(detector, title: str, foot: str,
                                                   verdict: str) -> None:
    assert detector.scan_text(site_page(title, foot)).verdict == verdict
