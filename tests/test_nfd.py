"""Text in NFD (decomposed: `é` as `e` + U+0301, as macOS exports and some CMSes write it) is
read as its NFC twin: a combining mark belongs to the word it follows, words are looked up
composed, and offsets still index the text as given.

Uses the shipped model (`detector` fixture) and the hand-built pages of
`benchmarks/nfd_pages` (`benchmarks/nfd.py` measures the rest).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from spamdet.combining import MARKS, MARKS_UNICODE, mark_ranges
from spamdet.context import layout
from spamdet.normalize import compose, has_marks, words

PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "nfd_pages"
CLEAN = sorted(PAGES.glob("clean_*.txt"))
INJECTED = sorted(PAGES.glob("injected_*.txt"))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_marks_are_the_running_pythons_category_m() -> None:
    """MARKS holds every mark the running Python knows and no character it assigns to another
    category (its ranges may span code points this Python leaves unassigned): true of 3.10 to
    3.13. On the Unicode version it was written from, it is that version's table exactly."""
    if unicodedata.unidata_version == MARKS_UNICODE:
        assert MARKS == mark_ranges(), "unicodedata changed: regenerate combining.MARKS"
    mark = re.compile(f"[{MARKS}]")
    category = unicodedata.category
    wrong = [hex(cp) for cp in range(0x110000)
             if (category(chr(cp))[0] == "M") != bool(mark.match(chr(cp)))
             and category(chr(cp)) != "Cn"]
    assert not wrong, f"Unicode {unicodedata.unidata_version}: regenerate MARKS {wrong[:5]}"


def test_a_mark_belongs_to_its_word() -> None:
    text = nfd("ZÜRICH café naïve, São Paulo")
    assert has_marks(text) and not has_marks("Zürich café") and not has_marks("plain")
    assert [compose(w) for w in words(text)] == ["ZÜRICH", "café", "naïve", "São", "Paulo"]
    tokens = layout(text, "body").tokens
    assert [t.text for t in tokens] == ["ZÜRICH", "café", "naïve", "São", "Paulo"]
    assert [text[t.start:t.end] for t in tokens] == words(text)


def test_a_glued_brand_after_an_accented_word_is_glued_in_nfd_too() -> None:
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, "Le café,Crédivo dit")
        tokens = {t.text: t for t in layout(text, "body").tokens}
        assert tokens["Crédivo"].glued, form


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.stem)
def test_a_clean_page_in_nfd_scores_as_its_nfc_twin(detector, path: Path) -> None:
    text = path.read_text("utf-8")
    composed, decomposed = detector.scan_text(nfc(text)), detector.scan_text(nfd(text))
    assert decomposed.verdict == composed.verdict != "contaminated"
    assert decomposed.score == pytest.approx(composed.score, abs=0.01)


@pytest.mark.parametrize("path", INJECTED, ids=lambda p: p.stem)
def test_a_brand_injected_in_nfd_is_found_and_its_spans_slice_the_text(detector, path: Path
                                                                       ) -> None:
    text = nfd(path.read_text("utf-8"))
    report = detector.scan_text(text)
    twin = detector.scan_text(nfc(text))
    assert report.verdict == twin.verdict == "contaminated"
    spans = [s for seg in report.segments for s in seg.spans]
    assert spans and all(text[s.start:s.end] == s.text for s in spans)
    assert sorted(nfc(s.text) for s in spans) == sorted(
        s.text for seg in twin.segments for s in seg.spans)
    assert all(text[seg.start:seg.end] == seg.text for seg in report.segments)


def test_cleaning_an_nfd_page_leaves_no_stray_mark(detector) -> None:
    text = nfd((PAGES / "injected_zurich.txt").read_text("utf-8"))
    cleaned = detector.clean(text)
    assert "Crédivo" not in nfc(cleaned) and "Zénthra" not in nfc(cleaned)
    assert nfc(cleaned) == detector.clean(nfc(text))


@pytest.mark.parametrize("path", [*CLEAN, *INJECTED], ids=lambda p: p.stem)
def test_an_html_page_in_nfd_reads_as_its_nfc_twin(detector, path: Path) -> None:
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    html = (f"<html><head><title>{lines[0]}</title></head><body><h1>{lines[0]}</h1>"
            + "".join(f"<p>{line}</p>" for line in lines[1:]) + "</body></html>")
    composed, decomposed = detector.scan_html(nfc(html)), detector.scan_html(nfd(html))
    assert decomposed.verdict == composed.verdict
    assert decomposed.score == pytest.approx(composed.score, abs=0.01)


RULE_BODY = ("The harbour council voted six to three on Tuesday to approve a dredging plan that "
             "will deepen the main channel for larger cargo ships.\nWork is due to start in the "
             "spring and should take about two years, the council's engineer told the meeting.\n")
RULE_TITLE = "Harbour council approves dredging plan after long dispute"


@pytest.mark.parametrize("page, name", [
    (f"{RULE_TITLE}\nHAMBURG (Kòrvéxa) — Port officials met.\n{RULE_BODY}", "Kòrvéxa"),
    (f"{RULE_TITLE}\nHONG KONG, KÖRVEXA March 2 - Port officials met.\n{RULE_BODY}", "KÖRVEXA"),
    (f"{RULE_TITLE} - The Times\n🔥 Zénthra {RULE_TITLE}\n{RULE_BODY}", "Zénthra"),
    (f"{RULE_TITLE}\n{RULE_BODY}You may also like\n• Plumöra - Homeowners are discovering a "
     "smarter way to cut monthly bills\n• Plumöra - The simple habit that helps households "
     "keep more of every paycheck\n", "Plumöra"),
])
def test_the_rules_after_the_model_find_a_brand_with_marks_in_nfd_too(detector, page: str,
                                                                      name: str) -> None:
    """The agency slot, dateline wedge, headline copy and list head rules read a word with
    its combining marks: the NFD page gives the NFC page's spans."""
    spans = [[nfc(sp.text) for seg in detector.scan_text(form(page)).segments
              for sp in seg.spans] for form in (nfc, nfd)]
    assert name in spans[0] and spans[0] == spans[1]
