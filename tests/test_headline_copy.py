"""`added_to_headline`: a name added to the line that repeats the page's headline (a rule
after the model), and the copies it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.headline_copy import COPY_RULE

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
