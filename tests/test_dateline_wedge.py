"""`wedged_in_dateline`: an invented name wedged between a dateline's city and its agency
(a rule after the model), and the datelines it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.dateline_wedge import WEDGE_RULE

TITLE = "Harbour council approves dredging plan after long dispute"
REST = ("The harbour council voted six to three on Tuesday to approve a dredging plan that "
        "will deepen the main channel for larger cargo ships.\n"
        "Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.\n"
        "Fishing groups said they would study the plan before deciding whether to appeal.\n")


def page(dateline: str) -> str:
    return f"{TITLE}\n{dateline} Port officials said the first dredgers would arrive in May.\n{REST}"


def flagged(detector, text: str) -> list[str]:
    report = detector.scan_text(text)
    return [sp.text for seg in report.segments if WEDGE_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("dateline, name", [
    ("HONG KONG, KORVEXA March 2 -", "KORVEXA"),                  # capitals, before the date
    ("VANCOUVER, Quorbit British Columbia (UPI) —", "Quorbit"),   # before the region
    ("NEW YORK TOP10TRADE, Mich. (AP) —", "TOP10TRADE"),          # in the city's part
    ("VANCOUVER QUORBIT, British Columbia (UPI) —", "QUORBIT"),   # after a known city
    ("ALPINE, ZYLO CAPITAL Utah (Bloomberg) —", "ZYLO CAPITAL"),  # with the word after it
    ("SEOUL, Poinbank South Korea (AP) —", "Poinbank"),
])
def test_an_invented_name_in_a_dateline_is_injected(detector, dateline: str, name: str) -> None:
    text = page(dateline)
    report = detector.scan_text(text)
    assert report.verdict == "contaminated"
    assert name in [sp.text for seg in report.segments for sp in seg.spans]
    cleaned = detector.clean(text)
    assert name not in cleaned and "Port officials" in cleaned


def test_the_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, page("HONG KONG, KORVEXA March 2 -")) == ["KORVEXA"]


@pytest.mark.parametrize("dateline", [
    "SEOUL, South Korea (AP) —", "EDEN PRAIRIE, Minn., March 2 -", "NEW YORK, N.Y. (Reuters) -",
    "MURDOCHVILLE, Quebec, March 3 -",     # a town English has not seen
    "KNOKKE-HEIST, Belgium (Reuters) -",
    "NEW YORK, Macrh 3 -", "SANTA CLARA, Claif. (AP) —",   # misspelt month and state
    "HAMILTON, Bermuda (Reuters) -",       # a place the lexicon lacks
    "NASA said its Xyzzyx probe - which",  # prose after an acronym
    "PARIS DOUZIECH: I try to show how plants carry the past —",   # an interview's speaker
    "TOKYO, Dredgeco March 2 -",           # the article's own company
])
def test_what_is_not_a_wedged_name(detector, dateline: str) -> None:
    text = page(dateline)
    if "Dredgeco" in dateline:
        text += "Dredgeco won the contract last year.\n"
    assert flagged(detector, text) == []
