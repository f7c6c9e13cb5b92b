"""`added_to_headline`: a name added to the line that repeats the page's headline (a rule
after the model), and the copies it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.headline_copy import COPY_RULE, TITLE_COPY_RULE

HEADLINE = "Harbour council approves dredging plan after long dispute"
BODY = ("The harbour council voted six to three on Tuesday to approve a dredging plan that will "
        "deepen the main channel for larger cargo ships.\n"
        "Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.\n")


def flagged(detector, copy: str, title: str = f"{HEADLINE} - The Harbour Times") -> list[str]:
    report = detector.scan_text(f"{title}\nHome / Local\n{copy}\n{BODY}")
    return [sp.text for seg in report.segments if COPY_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("copy, name", [
    (f"🔥 NEXVORA {HEADLINE}", "NEXVORA"),             # before it, behind a symbol
    (f"{HEADLINE} | Maple Yield", "Maple Yield"),      # after it
    (f"Silver Harbor {HEADLINE}", "Silver Harbor"),    # ordinary words
])
def test_a_name_added_to_the_headline_copy_is_injected(detector, copy: str, name: str) -> None:
    assert name in flagged(detector, copy)


@pytest.mark.parametrize("copy", [
    HEADLINE,                                          # the copy alone
    f"Analysis: {HEADLINE}",                           # one ordinary word
    f"The Harbour Times {HEADLINE}",                   # the site's name, in the title
    f"Home › Local › {HEADLINE}",                      # a breadcrumb trail
    f"Home Local {HEADLINE}",
    f"{HEADLINE} | Video",                             # one ordinary word after it
])
def test_what_is_not_added_to_the_headline(detector, copy: str) -> None:
    assert flagged(detector, copy) == []


def test_a_short_headline_is_not_matched(detector) -> None:
    assert flagged(detector, "Kestrix Council votes", "Council votes - The Harbour Times") == []


def title_flagged(detector, title: str, copy: str = HEADLINE) -> list[str]:
    report = detector.scan_text(f"{title}\nHome / Local\n{copy}\n{BODY}")
    return [sp.text for seg in report.segments if TITLE_COPY_RULE in seg.reasons
            for sp in seg.spans]


@pytest.mark.parametrize("title, name", [
    (f"Kestrix {HEADLINE}", "Kestrix"),                        # before it, a space alone
    (f"{HEADLINE} Orbex Pro", "Orbex Pro"),                    # after it
    ("Harbour council approves Top10Trade dredging plan after long dispute", "Top10Trade"),
])
def test_a_name_added_to_the_title_over_its_copy_is_injected(detector, title: str,
                                                              name: str) -> None:
    """The title is the headline's copy below it with a name added: found by this rule, or
    by an earlier one (the rule adds nothing then)."""
    report = detector.scan_text(f"{title}\nHome / Local\n{HEADLINE}\n{BODY}")
    assert report.verdict == "contaminated"
    assert [sp.text for sp in report.segments[0].spans] == [name]


@pytest.mark.parametrize("title", [
    "Kestrix Harbour Council Approves Dredging Plan After Long Dispute",
    "Harbour Council Approves Kestrix Dredging Plan After Long Dispute",
])
def test_the_rule_finds_what_the_others_miss(detector, title: str) -> None:
    """In a title in title case, a coined word at its start or inside it may be the story's
    subject (the other rules leave it); the copy below shows it was added."""
    copy = "Harbour Council Approves Dredging Plan After Long Dispute"
    assert title_flagged(detector, title, copy) == ["Kestrix"]


@pytest.mark.parametrize("title, copy", [
    (f"{HEADLINE} - The Harbour Times", HEADLINE),             # the site's name, set off
    (f"Analysis {HEADLINE}", HEADLINE),                        # one ordinary word
    (f"{HEADLINE}, November 19", HEADLINE),                    # a date
    (f"Council {HEADLINE}", HEADLINE),
    (f"Kestrix {HEADLINE}", f"Kestrix {HEADLINE}"),            # the copy has it too
    ("Kestrix Council votes again", "Council votes again"),    # a short headline
])
def test_what_is_not_added_to_the_title(detector, title: str, copy: str) -> None:
    assert title_flagged(detector, title, copy) == []


def test_a_name_the_article_uses_is_not_added_to_the_title(detector) -> None:
    report = detector.scan_text(f"Kestrix {HEADLINE}\nHome / Local\n{HEADLINE}\n{BODY}"
                                "Kestrix, the council's dredging firm, bid for the work.\n")
    assert TITLE_COPY_RULE not in report.segments[0].reasons
