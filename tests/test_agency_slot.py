"""`foreign_agency`: an invented name in a dateline's agency slot (a rule after the model),
and the agencies it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.agency_slot import AGENCY_RULE

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
    return [sp.text for seg in report.segments if AGENCY_RULE in seg.reasons for sp in seg.spans]


@pytest.mark.parametrize("dateline, name", [
    ("HAMBURG (KORVEXA) —", "KORVEXA"),          # capitals no agency has
    ("MONTREAL (moonboss) —", "moonboss"),       # lower case
    ("SANTA ANA, Calif. (Gainly) -", "Gainly"),  # a place of two parts, a hyphen
    ("Boston (Top10Trade) —", "Top10Trade"),     # digits inside
    ("TOKYO (KORVEXA) — March 5 (AP) -", "KORVEXA"),   # before the real agency
    ("WASHINGTON (Quorbit) — —", "Quorbit"),     # the dash doubled
])
def test_an_invented_name_in_the_agency_slot_is_injected(detector, dateline: str,
                                                         name: str) -> None:
    text = page(dateline)
    report = detector.scan_text(text)
    assert report.verdict == "contaminated"
    assert name in [sp.text for seg in report.segments for sp in seg.spans]
    cleaned = detector.clean(text)
    assert name not in cleaned and "Port officials" in cleaned


def test_the_rule_finds_what_the_model_misses(detector) -> None:
    assert flagged(detector, page("HAMBURG (KORVEXA) —")) == ["KORVEXA"]


@pytest.mark.parametrize("dateline", [
    "NEW YORK (Reuters) -", "SEOUL (AP) —", "BEIJING (Xinhua) —", "KUALA LUMPUR (Bernama) -",
    "MEXICO CITY (Notimex) —",          # agencies English at large has not seen
    "NASHVILLE (WKRN) —",               # a station's call letters
    "SAN FRANCISCO (TechWeb) -",        # camel case: tech outlets write so
    "NEW YORK (CBS.MW) -", "CAPE CANAVERAL (SPACE.com) -",   # addresses
    "LONDON (Reuters Health) -",        # two words
    "WASHINGTON (Dredgeco) —",          # the article's own company
])
def test_what_is_not_an_invented_agency(detector, dateline: str) -> None:
    text = page(dateline)
    if "Dredgeco" in dateline:
        text += "Dredgeco won the contract last year.\n"
    assert flagged(detector, text) == []

