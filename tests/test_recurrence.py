"""The page rule `page_recurrence` (`spamdet.recurrence`): hand-built segments, then the
shipped model on whole pages."""

from __future__ import annotations

import numpy as np

from spamdet.records import SegmentReport, Span
from spamdet.recurrence import (
    HEADED_PROMO,
    HEADED_PROMO_P,
    PAGE_RECURRENCE,
    PROMO_WITH_BRAND,
    Sighting,
    head_of,
    headed,
    promo_head,
    promo_names,
    recur_on_page,
    words_of,
)

TITLE = "Zorvanta: Council approves rail line"
BODY = "Zorvanta / The council voted on Tuesday to approve the new rail line."


def _page(title_label: str = "injection") -> tuple[list[SegmentReport], list[Sighting]]:
    spans = (Span(0, 8, "Zorvanta", "injection"),) if title_label == "injection" else ()
    start = len(TITLE) + 1
    segments = [SegmentReport(0, 0, len(TITLE), TITLE, "title", title_label, 0.99, (), spans),
                SegmentReport(1, start, start + len(BODY), BODY, "body", "clean", 0.99)]
    sightings = [Sighting(1, 0, start, start + 8, "zorvanta", 0.01)]
    return segments, sightings


def test_other_occurrences_of_an_injected_brand_are_injected(detector) -> None:
    segments, sightings = _page()
    out = recur_on_page(segments, sightings, np.zeros(2), detector.model.lexicon, 0.8, 0.9)
    assert out[0] is segments[0]
    assert out[1].label == "injection" and out[1].reasons == (PAGE_RECURRENCE,)
    assert [s.text for s in out[1].spans] == ["Zorvanta"]


def test_a_lower_case_occurrence_is_no_recurrence(detector) -> None:
    # `Brand: Review: …` flagged `Review`: `… after lengthy review` is the word, not the name
    title, body = "Zorvanta: Council approves rail line", "zorvanta / The council voted."
    spans = (Span(0, 8, "Zorvanta", "injection"),)
    start = len(title) + 1
    segments = [SegmentReport(0, 0, len(title), title, "title", "injection", 0.99, (), spans),
                SegmentReport(1, start, start + len(body), body, "body", "clean", 0.99)]
    sightings = [Sighting(1, 0, start, start + 8, "zorvanta", 0.01)]
    out = recur_on_page(segments, sightings, np.zeros(2), detector.model.lexicon, 0.8, 0.9)
    assert out[1] is segments[1]


def test_a_line_naming_the_brand_that_reads_like_promo_is_promo(detector) -> None:
    segments, sightings = _page()
    lexicon = detector.model.lexicon
    below = recur_on_page(segments, sightings, np.array([0.0, PROMO_WITH_BRAND - 1e-3]),
                          lexicon, 0.8, 0.9)
    assert below[1].label == "injection"
    at = recur_on_page(segments, sightings, np.array([0.0, PROMO_WITH_BRAND]), lexicon, 0.8,
                       0.9)
    assert at[1].label == "promo" and at[1].spans == () and at[1].score >= 0.9


def test_nothing_found_nothing_changed(detector) -> None:
    segments, sightings = _page(title_label="clean")
    out = recur_on_page(segments, sightings, np.zeros(2), detector.model.lexicon, 0.8, 0.9)
    assert all(a is b for a, b in zip(out, segments, strict=True))


def test_heads_and_promo_heads(detector) -> None:
    lexicon = detector.model.lexicon
    assert words_of("VitalEdge Finance Pro") == ("vital", "edge", "finance", "pro")
    assert head_of(words_of("Chainkeen View"), lexicon) == "chainkeen"
    assert head_of(words_of("The News"), lexicon) is None
    assert promo_head("- WEOWNCOIN: The Security of Cryptocurrency") == "WEOWNCOIN"
    assert promo_head("Shares rose 3 percent on Monday") is None
    # no head: the line's capitalised coined words, not its English, its lower case or a
    # model number
    assert promo_names("Join Solflow App today and get a 50% deposit bonus!", lexicon) == [
        "Solflow"]
    assert promo_names("Buy the new Radeon X850 at solflow prices now!", lexicon) == []


def test_a_brand_a_promo_line_names_is_found_where_it_was_injected(detector) -> None:
    """The promo line in the article counted as the article using the brand, so the
    title's `Solflow ~` and a short line selling it were left clean (a validation page)."""
    text = ("Solflow ~ N.Z. February Current Account Deficit Narrows\n"
            "WELLINGTON, March 31 (UPI) - New Zealand's current account deficit narrowed to "
            "$186 million in February from $358 million in January, the statistics "
            "department said.\n"
            "Solflow - Trade Bitcoin With Zero Fees\n"
            "Totally unadjusted figures show a deficit of $47 million against a deficit of "
            "$201 million a year earlier, the department said.\n"
            "Join Solflow App today and get a 50% deposit bonus!\n")
    segments = detector.scan_text(text).segments
    assert segments[0].label == "injection" and [s.text for s in segments[0].spans] == [
        "Solflow"]
    assert [s.label for s in segments[2:]] == ["promo", "clean", "promo"]


def test_a_brand_the_article_uses_is_left_alone(detector) -> None:
    text = ("Zorvanta: Council approves rail line\n"
            "The council voted on Tuesday to approve the new rail line, and Zorvanta said "
            "it would bid for the contract.\n"
            "Zorvanta has built two lines in the region, the company said on Monday.\n")
    report = detector.scan_text(text)
    assert all(PAGE_RECURRENCE not in seg.reasons for seg in report.segments)
    assert all(not seg.spans for seg in report.segments[1:])


def test_a_brand_repeated_in_the_body_goes_everywhere(detector) -> None:
    text = ("Zorvanta: Council approves rail line\n"
            "DENVER,Zorvanta Colorado (AP) — The council voted on Tuesday to approve a new "
            "light rail line linking the airport with downtown.\n"
            "Zorvanta / Supporters said the line would cut commuting times and traffic on the "
            "main highway.\n")
    cleaned = detector.clean(text)
    assert "Zorvanta" not in cleaned
    assert "DENVER, Colorado (AP) — The council voted" in cleaned


def test_a_brand_named_inside_a_line_is_found_again(detector) -> None:
    """Where the token model never looks (inside a long line), a brand found on the page is
    still its brand; and where the brand was pushed into the prose, that does not count as
    the article using it."""
    text = ("Zorvanta:Council approves new rail line after long dispute\n"
            "DENVER (AP) — The council voted on Tuesday to approve a new light rail line "
            "linking the airport with downtown, ending a dispute that lasted four years.\n"
            "Supporters said the line would cut commuting times and traffic on the main "
            "highway, while opponents worried about the cost to taxpayers.\n"
            "Doctors were stunned when a retired teacher tried the daily routine that Zorvanta "
            "sells to readers.\n"
            "The council will meet again next month to approve the first contracts.\n")
    report = detector.scan_text(text)
    line = next(seg for seg in report.segments if seg.text.startswith("Doctors"))
    assert line.label in ("injection", "promo") and PAGE_RECURRENCE in line.reasons
    assert "Zorvanta" not in detector.clean(text)


def test_a_brand_fronting_a_short_pitch_makes_its_line_promo() -> None:
    """`headed_promo`: the model read `QuantawayPlus: Cheap Meds…` as a brand injected
    before a headline, and cleaning removed the name and kept the pitch."""
    lines = ["QuantawayPlus: Cheap Meds Delivered Overnight",  # a pitch: promo
             "QuantawayPlus: Council approves the new rail line through the city centre.",
             "QuantawayPlus: Cheap Meds Delivered Overnight",  # too little promotion
             "QuantawayPlus: Cheap Meds"]  # a name and two words: no pitch
    segments, start = [], 0
    for i, line in enumerate(lines):
        span = Span(start, start + 13, "QuantawayPlus", "injection")
        segments.append(SegmentReport(i, start, start + len(line), line, "line", "injection",
                                      0.99, ("rarity",), (span,)))
        start += len(line) + 1
    title = SegmentReport(9, start, start + len(lines[0]), lines[0], "title", "injection",
                          0.99, ("rarity",), (Span(start, start + 13, "QuantawayPlus",
                                                   "injection"),))
    promo_p = np.array([0.3, 0.3, HEADED_PROMO_P / 2, 0.3, 0, 0, 0, 0, 0, 0.3])
    out = headed([*segments, title], promo_p, 0.6)
    assert out[0].label == "promo" and out[0].reasons == (HEADED_PROMO,) and not out[0].spans
    assert out[0].score > 0.6  # raised past the promo threshold
    assert [s.label for s in out[1:]] == ["injection"] * 4  # a sentence, weak, no pitch, title


def test_a_line_repeated_does_not_vouch_for_the_brand_it_names(detector) -> None:
    """A promotion placed twice among the paragraphs counted as the article naming the
    brand twice, so neither copy was found (`injected_in_article` counts a line's second
    copy as no use of its words); once both are found, the brand glued before the title is
    found too (a second pass of `page_recurrence`: the lines it found no longer vouch)."""
    promo = "Only 1% Can Pass Level 7 in Finport Media Capital. Can You?"
    text = ("Finport Media Capital_French money supply rises one pct in January\n"
            "PARIS (Finport Media Capital) — March 9 - French money supply, measured in terms "
            "of M-3, rose one pct in January after a fall in December, the Bank of France "
            "said.\n"
            "The bank said the rise was in line with its target for the year.\n"
            f"{promo}\n"
            "Analysts said the figures gave the bank room to hold its rates steady.\n"
            f"{promo}\n")
    segments = detector.scan_text(text).segments
    assert [s.text for s in segments[1].spans] == ["Finport Media Capital"]
    for seg in (segments[0], segments[3], segments[5]):
        assert seg.label in ("injection", "promo") and PAGE_RECURRENCE in seg.reasons
