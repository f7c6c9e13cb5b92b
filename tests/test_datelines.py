"""The dateline rules after the model: `foreign_agency` (an invented name in a dateline's
agency slot) and `wedged_in_dateline` (one between its city and agency), and the datelines
they leave alone."""

from __future__ import annotations

import pytest

from spamdet.agency_slot import AGENCY_RULE
from spamdet.dateline_wedge import WEDGE_RULE

TITLE = "Harbour council approves dredging plan after long dispute"
REST = ("The harbour council voted six to three on Tuesday to approve a dredging plan that "
        "will deepen the main channel for larger cargo ships.\n"
        "Work is due to start in the spring and should take about two years, the council's "
        "engineer told the meeting.\n"
        "Fishing groups said they would study the plan before deciding whether to appeal.\n")


def page(dateline: str) -> str:
    lead = "Port officials said the first dredgers would arrive in May."
    return f"{TITLE}\n{dateline} {lead}\n{REST}"


def found_and_cleaned(detector, dateline: str, name: str) -> None:
    """The page with `dateline` is contaminated, `name` is a span, and cleaning removes it."""
    text = page(dateline)
    report = detector.scan_text(text)
    assert report.verdict == "contaminated"
    assert name in [sp.text for seg in report.segments for sp in seg.spans]
    cleaned = detector.clean(text)
    assert name not in cleaned and "Port officials" in cleaned


def flagged(detector, text: str, rule: str = AGENCY_RULE) -> list[str]:
    report = detector.scan_text(text)
    return [sp.text for seg in report.segments if rule in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("dateline, name", [
    ("HAMBURG (KORVEXA) —", "KORVEXA"),          # capitals no agency has
    ("MONTREAL (moonboss) —", "moonboss"),       # lower case
    ("SANTA ANA, Calif. (Gainly) -", "Gainly"),  # a place of two parts, a hyphen
    ("Boston (Top10Trade) —", "Top10Trade"),     # digits inside
    ("Boston (Bit365) —", "Bit365"),             # digits after the letters
    ("TOKYO (KORVEXA) — March 5 (AP) -", "KORVEXA"),   # before the real agency
    ("WASHINGTON (Quorbit) — —", "Quorbit"),     # the dash doubled
    ("LONDON (Orbex Pro) — —", "Orbex Pro"),     # a coined word, then capitalised words
    ("NEW YORK (Zylo Capital Group) — (dpa) —", "Zylo Capital Group"),
    ("PARIS (Nexa™) —", "Nexa™"),                # a trademark sign: no agency writes it
    ("OSLO (Lumio & Co) —", "Lumio & Co"),       # an ampersand before a capitalised word
])
def test_an_invented_name_in_the_agency_slot_is_injected(detector, dateline: str,
                                                         name: str) -> None:
    found_and_cleaned(detector, dateline, name)


def test_the_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, page("HAMBURG (KORVEXA) —")) == ["KORVEXA"]


@pytest.mark.parametrize("dateline", [
    "NEW YORK (Reuters) -", "SEOUL (AP) —", "BEIJING (Xinhua) —", "KUALA LUMPUR (Bernama) -",
    "MEXICO CITY (Notimex) —",          # agencies English at large has not seen
    "NASHVILLE (WKRN) —",               # a station's call letters
    "CHICAGO (WGN9) —",                 # ... and its channel
    "SAN FRANCISCO (TechWeb) -",        # camel case: tech outlets write so
    "NEW YORK (CBS.MW) -", "CAPE CANAVERAL (SPACE.com) -",   # addresses
    "LONDON (Reuters Health) -",        # two words
    "NEW YORK (Dow Jones & Co) -",      # ... and an ampersand
    "NEW YORK (Business Wire) —", "TORONTO (PR Newswire) —", "SEOUL (Newsis Korea) —",
    "MUMBAI (Moneycontrol News) —",     # wires and news sites, by name
    "WASHINGTON (Dredgeco) —",          # the article's own company
])
def test_what_is_not_an_invented_agency(detector, dateline: str) -> None:
    text = page(dateline)
    if "Dredgeco" in dateline:
        text += "Dredgeco won the contract last year.\n"
    assert flagged(detector, text) == []


# --- wedged_in_dateline ---------------------------------------------------------------------


@pytest.mark.parametrize("dateline, name", [
    ("HONG KONG, KORVEXA March 2 -", "KORVEXA"),                  # capitals, before the date
    ("VANCOUVER, Quorbit British Columbia (UPI) —", "Quorbit"),   # before the region
    ("NEW YORK TOP10TRADE, Mich. (AP) —", "TOP10TRADE"),          # in the city's part
    ("VANCOUVER QUORBIT, British Columbia (UPI) —", "QUORBIT"),   # after a known city
    ("SAN DIEGO ZYLO CAPITAL, Feb 26 (AP) -", "ZYLO CAPITAL"),    # ... with the word after it
    ("ALPINE, ZYLO CAPITAL Utah (Bloomberg) —", "ZYLO CAPITAL"),  # with the word after it
    ("SEOUL, Poinbank South Korea (AP) —", "Poinbank"),
    ("HONG KONG, Nexa™ March 2 -", "Nexa™"),                      # a trademark sign
    ("TOKYO (AP) moonboss —", "moonboss"),                        # after the agency
])
def test_an_invented_name_in_a_dateline_is_injected(detector, dateline: str, name: str) -> None:
    found_and_cleaned(detector, dateline, name)


def test_the_wedge_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, page("HONG KONG, KORVEXA March 2 -"), WEDGE_RULE) == ["KORVEXA"]


@pytest.mark.parametrize("dateline", [
    "SEOUL, South Korea (AP) —", "EDEN PRAIRIE, Minn., March 2 -", "NEW YORK, N.Y. (Reuters) -",
    "MURDOCHVILLE, Quebec, March 3 -",     # a town English has not seen
    "KNOKKE-HEIST, Belgium (Reuters) -",
    "NEW YORK, Macrh 3 -", "SANTA CLARA, Claif. (AP) —",   # misspelt month and state
    "HAMILTON, Bermuda (Reuters) -",       # a place the lexicon lacks
    "NASA said its Xyzzyx probe - which",  # prose after an acronym
    "NEW ZEALAND EXCHS CLOSE - April 7",   # a headline in capitals, no comma after the city
    "PARIS DOUZIECH: I try to show how plants carry the past —",   # an interview's speaker
    "TOKYO, Dredgeco March 2 -",           # the article's own company
    "LONDON (Reuters) The Xyzzyx port said -",   # prose after the agency
    "INSIGHT 1-Xyzzyx Has First Quarter Loss HOUSTON, April 8 -",  # a headline run on
])
def test_what_is_not_a_wedged_name(detector, dateline: str) -> None:
    text = page(dateline)
    if "Dredgeco" in dateline:
        text += "Dredgeco won the contract last year.\n"
    assert flagged(detector, text, WEDGE_RULE) == []
