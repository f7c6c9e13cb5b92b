"""Labelled HTML fixtures (tests/fixtures/html, labels in tests/cases/html_pages.jsonl):
every SEO-injection page flagged with the right signal named first, every risky-but-clean
page not flagged. Uses the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from spamdet.ingest import read_document
from spamdet.signals.markup import MARKUP_LABELS

FIXTURES = ROOT / "tests" / "fixtures" / "html"
CASE_LIST = [json.loads(line) for line in (CASES / "html_pages.jsonl").read_text("utf-8")
             .splitlines() if line.strip()]


@pytest.fixture(scope="module")
def reports(detector):
    docs = [read_document(FIXTURES / case["file"]) for case in CASE_LIST]
    reports = detector.scan_documents(docs)
    return {case["file"]: report for case, report in zip(CASE_LIST, reports, strict=True)}


@pytest.mark.parametrize("case", CASE_LIST, ids=[c["file"] for c in CASE_LIST])
def test_fixture(reports, case: dict) -> None:
    report = reports[case["file"]]
    if case["verdict"] != "contaminated":
        assert report.verdict != "contaminated", report.to_dict()
        return
    assert report.verdict == "contaminated", report.to_dict()
    hits = [s for s in report.segments if case["text"] in s.text and s.label == case["label"]]
    assert hits, (case, report.to_dict())
    if case.get("signal"):
        assert any(s.reasons[:1] == (case["signal"],) for s in hits), [s.reasons for s in hits]
    if case.get("span"):
        assert case["span"] in [span.text for s in hits for span in s.spans]


def test_every_contamination_signal_has_a_fixture() -> None:
    named = {c.get("signal") for c in CASE_LIST}
    wanted = {name for name, label in MARKUP_LABELS.items() if label != "residue"}
    assert wanted <= named, wanted - named


def test_template_signals_reach_reports(reports) -> None:
    reasons = {r for rep in reports.values() for s in rep.segments for r in s.reasons}
    assert {"template_block", "link_list"} <= reasons


def test_offsets_slice_back_and_text_is_reported(reports) -> None:
    for report in reports.values():
        record = report.to_dict()
        assert record["text"] == report.text
        for seg in report.segments:
            assert report.text[seg.start : seg.end] == seg.text
            for span in seg.spans:
                assert report.text[span.start : span.end] == span.text


def test_cli_scans_fixtures_with_the_same_contract(tmp_path: Path) -> None:
    from conftest import run_cli

    result = run_cli("scan", str(FIXTURES), "--format", "jsonl")
    assert result.returncode == 1, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(CASE_LIST)
    for record in records:
        assert {"schema", "path", "id", "verdict", "score", "segments", "errors", "text"} == set(
            record)
    verdicts = {Path(r["path"]).name: r["verdict"] for r in records}
    for case in CASE_LIST:
        assert (verdicts[case["file"]] == "contaminated") == (case["verdict"] == "contaminated")


def test_parallel_and_batched_equal_alone(detector, reports) -> None:
    docs = [read_document(FIXTURES / case["file"]) for case in CASE_LIST]
    small = detector.with_config(batch_pages=5)
    parallel = list(small.scan_stream(docs, n_jobs=2))
    alone = [reports[case["file"]] for case in CASE_LIST]
    assert [r.to_dict(all_segments=True) for r in parallel] == [
        r.to_dict(all_segments=True) for r in alone]


def test_the_example_page_as_html_finds_its_brands_in_title_headline_and_dateline(
        detector) -> None:
    # DESIGN's page served as HTML: the <title> is judged beside the <h1>, and a brand the
    # page repeats glued (`SEOUL,Poinbank`) does not vouch for itself in the headline
    headline = "Chinese foreign minister visits North Korea in latest diplomacy"
    page = (f"<html><head><title>Current:Home &gt; NewsPoinbank:{headline} -VitalEdge Finance "
            f"Pro</title></head><body><h1>Poinbank:{headline}</h1>"
            "<p>SEOUL,Poinbank South Korea (AP) \u2014 North Korea said Friday it was hosting a "
            "visit by a Chinese government delegation led by Vice Foreign Minister Sun Weidong, "
            "as it continues its efforts to strengthen ties with Beijing and Moscow.</p>"
            "<p>The North\u2019s official Korean Central News Agency said Sun\u2019s delegation "
            "arrived in Pyongyang on Thursday by plane.</p><p>Experts say trade between North "
            "Korea and China is gradually expanding since the North reopened its border.</p>"
            "</body></html>")
    report = detector.scan_html(page)
    spans = {(seg.role, span.text) for seg in report.segments for span in seg.spans}
    assert {("title", "Poinbank"), ("title", "VitalEdge Finance Pro"),
            ("dateline", "Poinbank")} <= spans, spans
    headline_block = next(s for s in report.segments if s.text.startswith("Poinbank:"))
    assert [s.text for s in headline_block.spans] == ["Poinbank"]


def test_a_brand_repeated_in_a_related_list_does_not_vouch_for_itself(detector) -> None:
    related = "".join(f"<li><a href='/s/{n}'>{title}</a></li>" for n, title in enumerate((
        "Council approves new budget for schools", "KelLab Wallet - The Revolution of Digital "
        "Identity", "Storm closes coastal roads for a second day")))
    page = ("<html><head><title>Bank of France cuts intervention rate</title></head><body>"
            "<h1>Bank of France cuts intervention rate</h1><p>PARIS, KelLab March 9 - The Bank "
            "of France said it cut its money market intervention rate to 7-3/4 pct from 8 pct, "
            "effective tomorrow.</p><p>The bank also said it would offer funds to the market "
            "through a tender on Tuesday, dealers said.</p><p>Dealers had expected the cut "
            "after the central bank eased conditions last week.</p>"
            f"<aside class='related'><ul>{related}</ul></aside></body></html>")
    report = detector.scan_html(page)
    assert "KelLab" in [s.text for seg in report.segments for s in seg.spans
                        if seg.role == "dateline"], report.to_dict()


def test_a_brand_in_title_and_headline_is_found_and_cleaned_in_both(detector) -> None:
    # the brand repeats, spaced, in the dateline: only the page's frame (header, footer)
    # vouches for a title chunk, and the <title>'s copy of the headline's brand is found too
    page = ("<html><head><title>Cobrello | Fed holds rates steady as inflation cools | Daily "
            "Courier</title></head><body><header><a href='/'>Daily Courier</a></header>"
            "<h1>Cobrello | Fed holds rates steady as inflation cools</h1><p>WASHINGTON, "
            "Cobrello (AP) \u2014 The Federal Reserve left its benchmark rate unchanged on "
            "Wednesday and signalled that cuts could come later this year.</p><p>Officials "
            "said inflation had eased but remained above their target.</p><p>Markets rose "
            "after the announcement, and bond yields fell.</p><footer><p>\u00a9 2024 Daily "
            "Courier</p></footer></body></html>")
    report = detector.scan_html(page)
    spans = {(seg.role, span.text) for seg in report.segments for span in seg.spans}
    assert ("title", "Cobrello") in spans and ("dateline", "Cobrello") in spans, spans
    assert sum(1 for role, text in spans if text == "Cobrello") >= 2
    assert "Cobrello" not in report.cleaned_text and "Daily Courier" in report.cleaned_text


def test_a_table_layout_names_its_site_in_masthead_and_footer(detector) -> None:
    # no <header>/<footer>: the masthead cell and the copyright line still vouch for the
    # site's name at the end of the title
    story = ("BERLIN (AP) \u2014 Kenya's Daniel Kiprotich broke the Berlin Marathon course "
             "record on Sunday, finishing in 2 hours, 1 minute and 3 seconds.<br><br>The "
             "26-year-old pulled away from his rivals after 35 kilometers and crossed the finish "
             "line nearly a minute ahead.<br><br>More than 50,000 runners took part in the race.")
    page = ("<html><head><title>Kenyan runner breaks course record at Berlin Marathon - InfoNow "
            "Hub</title></head><body><table><tr><td class='top'><b>InfoNow Hub</b><br>Latest "
            "headlines</td></tr><tr><td class='content'><b>Kenyan runner breaks course record at"
            f" Berlin Marathon</b><br>{story}</td></tr><tr><td class='foot'>(c) 2025 InfoNow "
            "Hub</td></tr></table></body></html>")
    report = detector.scan_html(page)
    assert not report.contaminated, [(s.text, s.reasons) for s in report.segments
                                     if s.label == "injection"]


def test_a_found_brand_repeated_in_a_related_list_is_promotion(reports, detector) -> None:
    """The model does not see a related list's links; where one repeats a brand found
    injected on the page, the teaser is promotion (and cleaning drops it). A page with no
    brand found keeps its lists as they were."""
    report = reports["title_brand_in_related.html"]
    teaser = next(s for s in report.segments if "Visit Komarivex" in s.text)
    assert (teaser.label, teaser.reasons) == ("promo", ("page_recurrence",))
    _, cleaned = next(detector.clean_reports([report]))
    assert "Visit Komarivex" not in cleaned.text and "dredging plan" in cleaned.text
    clean = reports["clean_title_chunk_as_heading.html"]
    assert all(s.label != "promo" for s in clean.segments)


def test_a_list_item_naming_a_coined_word_of_a_found_brand_is_promotion(detector) -> None:
    html = (FIXTURES / "title_brand_in_related.html").read_text("utf-8").replace(
        "Komarivex | Harbour", "Komarivex Wallet | Harbour")
    report = detector.scan_html(html)
    assert ["Komarivex Wallet"] == [sp.text for s in report.segments for sp in s.spans]
    teaser = next(s for s in report.segments if "Visit Komarivex" in s.text)
    assert teaser.label == "promo"
    plain = html.replace("Visit Komarivex", "Visit Wallet")  # an ordinary word of it: no
    assert all(s.label != "promo" for s in detector.scan_html(plain).segments)


def test_a_heading_repeating_a_found_brand_is_injected(detector) -> None:
    """A block the gate closed to the token model has no tokens to recur in; where it names
    a brand found injected elsewhere on the page, the name is injected there too (by the
    model here, by `page_recurrence` in `benchmarks/html_probe`'s table layout)."""
    headline = "Kenyan runner breaks course record at Berlin Marathon"
    page = (f"<html><head><title>Solvanta: {headline} - InfoNow Hub</title></head><body>"
            f"<article><h1>Solvanta: {headline}</h1><p>BERLIN (AP) — Kenya's Daniel Kiprotich "
            "broke the Berlin Marathon course record on Sunday, finishing in 2 hours, 1 minute "
            "and 3 seconds on a cool, windless morning.</p></article></body></html>")
    report = detector.scan_html(page)
    h1 = next(s for s in report.segments if s.text.startswith("Solvanta: Kenyan") and
              "InfoNow" not in s.text)
    assert (h1.label, [sp.text for sp in h1.spans]) == ("injection", ["Solvanta"])
    plain = page.replace("<h1>Solvanta: ", "<h1>")
    assert all(s.label != "injection" or "InfoNow" in s.text
               for s in detector.scan_html(plain).segments)


def test_a_table_layout_headline_repeating_a_found_brand(detector) -> None:
    """`benchmarks/html_probe`'s table page: the bold headline is closed to the token model,
    so only the page's found brand marks it."""
    page = (Path(__file__).resolve().parent.parent / "benchmarks" / "html_probe" / "pages"
            / "c05_br_berlin-marathon.html").read_text("utf-8")
    found = [(s.text[:17], s.reasons) for s in detector.scan_html(page).segments
             if s.label == "injection"]
    assert ("Solvanta: Kenyan ", ("page_recurrence",)) in found
