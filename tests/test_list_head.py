"""`recurring_head`: an invented name that heads two or more list lines (a rule after the
model), and the lists it leaves alone."""

from __future__ import annotations

import pytest

from spamdet.list_head import HEAD_RULE
from spamdet.recurrence import HEADED_PROMO

ARTICLE = (
    "Harbour council approves dredging plan after long dispute\n"
    "The harbour council voted six to three on Tuesday to approve a dredging plan that will "
    "deepen the main channel for larger cargo ships.\n"
    "Work is due to start in the spring and should take about two years, the council's "
    "engineer told the meeting.\n"
    "You may also like\n"
    "• Marathon record falls in cold, windy conditions\n"
    "• {a} Homeowners are discovering a smarter way to cut monthly bills\n"
    "• Police identify driver in fatal crash on Route 9\n"
    "• {b} The simple habit that helps households keep more of every paycheck\n"
    "• Satellite internet service expands to rural Alaska villages\n"
)


@pytest.mark.parametrize("a, b, name", [
    ("Hearthwise -", "Hearthwise -", "Hearthwise"),
    ("Plumora |", "Plumora |", "Plumora"),
    ("WEOWNCOIN:", "WEOWNCOIN:", "WEOWNCOIN"),
    ("Velmora Living —", "Velmora Living —", "Velmora Living"),
])
def test_an_invented_name_heading_two_list_lines_is_injected(detector, a: str, b: str,
                                                             name: str) -> None:
    report = detector.scan_text(ARTICLE.format(a=a, b=b))
    assert report.verdict == "contaminated"
    # each teaser the name heads: the name injected, or (`headed_promo`, when the teaser
    # reads a little like promotion) the whole line promo
    found = [(seg.label, [sp.text for sp in seg.spans]) for seg in report.segments
             if HEAD_RULE in seg.reasons or HEADED_PROMO in seg.reasons]
    assert len(found) == 2 and all(f in (("injection", [name]), ("promo", [])) for f in found)
    assert name not in detector.clean(ARTICLE.format(a=a, b=b))


@pytest.mark.parametrize("a, b", [
    ("Hearthwise -", "Tennis:"),        # once only
    ("Opinion:", "Opinion:"),           # a section the language knows
    ("Photos |", "Photos |"),
    ("Hong Kong -", "Hong Kong -"),     # a place
    ("Dredgeco:", "Dredgeco:"),         # the article's own company (below)
    ("Glastonbury 2025:", "Glastonbury 2025:"),   # a number is no invented word
    ("KNVA:", "KNVA:"),                 # a station's call letters
])
def test_what_is_not_a_recurring_head(detector, a: str, b: str) -> None:
    text = ARTICLE.format(a=a, b=b)
    if "Dredgeco" in a:
        text = text.replace("The harbour council voted", "Dredgeco and the harbour council voted")
    report = detector.scan_text(text)
    assert [sp.text for seg in report.segments if HEAD_RULE in seg.reasons
            for sp in seg.spans] == []


def test_one_line_repeated_is_no_recurring_head(detector) -> None:
    line = "• Hearthwise - Homeowners are discovering a smarter way to cut monthly bills\n"
    text = ARTICLE.format(a="Tennis:", b="Recipe:") + line + line
    report = detector.scan_text(text)
    assert [sp.text for seg in report.segments if HEAD_RULE in seg.reasons
            for sp in seg.spans] == []


def _html(a: str, b: str) -> str:
    """ARTICLE as a page whose related list is template markup the model does not see."""
    lines = ARTICLE.format(a=a, b=b).splitlines()
    items = "".join(f"<li><a href='/s/{n}'>{line[2:]}</a></li>" for n, line in enumerate(lines[4:]))
    return (f"<html><head><title>{lines[0]}</title></head><body><article><h1>{lines[0]}</h1>"
            f"<p>{lines[1]}</p><p>{lines[2]}</p></article><aside class='related'><h2>"
            f"{lines[3]}</h2><ul>{items}</ul></aside></body></html>")


def test_a_recurring_head_in_an_html_related_list(detector) -> None:
    """In HTML the related list is template the model never sees: the rule reads it after."""
    report = detector.scan_html(_html("Hearthwise -", "Hearthwise -"))
    assert report.verdict == "contaminated"
    assert [sp.text for seg in report.segments if HEAD_RULE in seg.reasons
            for sp in seg.spans] == ["Hearthwise", "Hearthwise"]
    for a in ("KNVA:", "Opinion:"):
        assert detector.scan_html(_html(a, a)).verdict != "contaminated"
    comments = _html("Maitama Tambari:", "Maitama Tambari:").replace(
        "class='related'", "class='widget recent-comments'")  # a commenter, twice
    assert detector.scan_html(comments).verdict != "contaminated"
