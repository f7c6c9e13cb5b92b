"""`site_name`: a site's own name on a text page's title is not judged a brand."""

from __future__ import annotations

import pytest

from spamdet.site_name import reads_as_site, site_ranges

BODY = ("The harbour council voted six to three on Tuesday to approve a dredging plan that will "
        "deepen the main channel for larger cargo ships.\n"
        "Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.\n"
        "Fishing groups said they would study the plan before deciding whether to appeal.\n")
TITLE = "Harbour council approves dredging plan after long dispute"


@pytest.mark.parametrize("name", [
    "Tampa Bay Times", "Lonely Planet", "TechCrunch", "Phys.org", "The Verge",
    "Austin American-Statesman", "Rock Paper Shotgun", "Barron's", "Food & Wine",
])
def test_an_outlets_name_reads_as_a_site(detector, name: str) -> None:
    assert reads_as_site(name, detector.model.lexicon)


@pytest.mark.parametrize("name", [
    "VitalEdge Finance Pro",  # a coined word
    "Chainkeen View",
    "Quillcoin Daily",
    "Arcwind Markets",        # a word that sells money
    "Yield Harbor",
    "KRYVEX",
    "Vexa21",                 # a digit
    "NPR ★ Silver Harbor",    # a symbol wordfreq knows
    "Harbour council approves dredging plan",  # too long
])
def test_a_brand_does_not_read_as_a_site(detector, name: str) -> None:
    assert not reads_as_site(name, detector.model.lexicon)


def test_where_the_title_names_its_site(detector) -> None:
    lexicon = detector.model.lexicon
    title = f"{TITLE} | Tampa Bay Times"
    title = f"{TITLE} | Tampa Bay Times"
    assert site_ranges(title, lexicon) == [(len(TITLE) + 3, len(title))]
    assert site_ranges(f"Lonely Planet - {TITLE}", lexicon) == [(0, len("Lonely Planet"))]
    title = f"Lonely Planet - {TITLE} (Forbes.com)"                     # and a credit
    assert site_ranges(title, lexicon) == [(len(title) - 11, len(title) - 1),
                                           (0, len("Lonely Planet"))]
    assert site_ranges(f"{TITLE} ★ Lonely Planet", lexicon) == []   # no bar or dash
    assert site_ranges(f"{TITLE} |Lonely Planet", lexicon) == []    # glued
    assert site_ranges("Council votes | Lonely Planet", lexicon) == []  # no headline left
    assert site_ranges(f"Somo | {TITLE} — Somo", lexicon) == []       # a repeated brand
    assert site_ranges(f"{TITLE} (Crestlyx)", lexicon) == []


@pytest.mark.parametrize("title", [
    f"{TITLE} | Tampa Bay Times", f"{TITLE} - Lonely Planet", f"TechCrunch – {TITLE}",
    f"{TITLE} | Atlas Obscura", f"{TITLE} (Forbes.com)", f"{TITLE} (PC World)",
])
def test_a_page_naming_its_site_is_clean(detector, title: str) -> None:
    assert detector.scan_text(f"{title}\n{BODY}").verdict == "clean"


@pytest.mark.parametrize("title, name", [
    (f"{TITLE} | Crestlyx", "Crestlyx"),
    (f"{TITLE} - Arcwind Markets", "Arcwind Markets"),
    (f"{TITLE} -VitalEdge Finance Pro", "VitalEdge Finance Pro"),
    (f"{TITLE} (Quorbit)", "Quorbit"),
])
def test_a_brand_where_sites_put_their_name_is_still_found(detector, title: str,
                                                            name: str) -> None:
    report = detector.scan_text(f"{title}\n{BODY}")
    assert report.verdict == "contaminated"
    assert name in [sp.text for seg in report.segments for sp in seg.spans]


def test_the_site_a_feed_credits_is_its_source_in_the_story_too(detector) -> None:
    """`Story (USATODAY.com)` over `USATODAY.com - The…`: the credit the title gives opens the
    story too, standing apart; a line of the name alone is still judged."""
    from spamdet.parse import parse_text
    from spamdet.records import Document
    from spamdet.site_name import site_exempt

    text = f"{TITLE} (Forbes.com)\nForbes.com - {BODY}Forbes.com\nSEOUL,Forbes.com said"
    page = parse_text(Document("p", text))
    exempt = site_exempt(page, detector.model.lexicon)
    assert [(i, page.segments[i].text[s:e]) for i, s, e in exempt] == [
        (0, "Forbes.com"), (1, "Forbes.com")]
    assert detector.scan_text(f"{TITLE} (Forbes.com)\nForbes.com - {BODY}").verdict == "clean"
