"""Campaigns across pages (`spamdet.campaigns`, `Detector.scan_corpus`, `scan --summary`).

Unit tests build reports and evidence by hand (no model); the corpus tests use the shipped
model on a generated campaign site (`benchmarks/campaign_corpus.py`) made from the
project's own articles, so they need no ../shared.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, run_cli

import spamdet
from spamdet.campaigns import (
    CAMPAIGN_RECURRENCE,
    MIN_CAMPAIGN_PAGES,
    MIN_INJECTED_SHARE,
    TEMPLATE_MIN_PAGES,
    TEMPLATE_MIN_SHARE,
    BoundedCounter,
    CorpusEvidence,
    CorpusRules,
    PageEvidence,
    Sighting,
    line_hashes,
    position_of,
    span_heads,
    stable_hash,
    title_key,
)
from spamdet.model import Thresholds
from spamdet.records import PageReport, SegmentReport, Span
from spamdet.synth import Article
from spamdet.zones import TEMPLATE_RECURRENCE

sys.path.insert(0, str(ROOT / "benchmarks"))
from campaign_corpus import BRANDS, SITE_NAME, campaign_corpus  # noqa: E402

BRAND = "Zorvanta"
BODY = "The council voted on Tuesday to approve the new rail line after a long debate."
THRESHOLDS = Thresholds(token=0.8, promo=0.9)


@pytest.fixture(scope="module")
def lexicon() -> spamdet.Detector:
    return spamdet.Detector.load().model.lexicon


def _injected(n: int, brand: str = BRAND, title: str | None = None, path: str | None = None
              ) -> tuple[PageReport, PageEvidence]:
    """Page n with `brand` injected before its title (found by the model)."""
    title = title or f"Story number {n} about the harbour"
    text = f"{brand}: {title}\n{BODY}\n"
    span = Span(0, len(brand), brand, "injection")
    segments = (SegmentReport(0, 0, len(brand) + 2 + len(title), text.split("\n")[0], "title",
                              "injection", 0.99, ("rarity",), (span,)),
                SegmentReport(1, len(title) + len(brand) + 3, len(text) - 1, BODY, "body",
                              "clean", 0.99))
    report = PageReport(f"p{n}", path or f"site/p{n}.txt", "contaminated", 0.99, segments, text)
    return report, PageEvidence(0.99, 0.01, (), frozenset(), np.zeros(2, np.float32))


def _weak(brand: str = BRAND, prob: float = 0.02, benign: bool = False
          ) -> tuple[PageReport, PageEvidence]:
    """A page where `brand` fronts the title and the model found it weak."""
    title = "Harbour reopens after storm repairs"
    text = f"{brand} {title}\n{BODY}\n"
    segments = (SegmentReport(0, 0, len(brand) + 1 + len(title), f"{brand} {title}", "title",
                              "clean", 0.9),
                SegmentReport(1, len(brand) + len(title) + 2, len(text) - 1, BODY, "body",
                              "clean", 0.99))
    report = PageReport("weak", "site/weak.txt", "clean", 0.1, segments, text)
    sightings = () if benign else (Sighting(0, 0, 0, len(brand), brand.lower(), prob),)
    benign_words = frozenset({brand.lower()}) if benign else frozenset()
    return report, PageEvidence(prob, 0.01, sightings, benign_words, np.zeros(2, np.float32))


def _evidence(lexicon, n_pages: int, benign_pages: int = 0) -> CorpusEvidence:
    evidence = CorpusEvidence(lexicon)
    for n in range(n_pages):
        evidence.add(*_injected(n))
    for _ in range(benign_pages):
        evidence.add(*_weak(benign=True))
    return evidence


# --- the rules at their boundaries ----------------------------------------------------------


def test_campaign_needs_min_distinct_pages(lexicon) -> None:
    head = BRAND.lower()
    assert not _evidence(lexicon, MIN_CAMPAIGN_PAGES - 1).is_campaign(head)
    assert _evidence(lexicon, MIN_CAMPAIGN_PAGES).is_campaign(head)
    copies = CorpusEvidence(lexicon)
    for n in range(MIN_CAMPAIGN_PAGES * 2):
        copies.add(*_injected(n, title="The same story copied on every page"))
    assert not copies.is_campaign(head), "copies of one article are not unrelated pages"


def test_a_line_on_every_page_does_not_make_them_one_article() -> None:
    def page(headline: str, crumb: str = "Home > Markets") -> PageReport:
        lines = [(crumb, "residue"), (f"{BRAND}: {headline}", "injection"), (BODY, "clean")]
        segments, start = [], 0
        for i, (line, label) in enumerate(lines):
            spans = (Span(start, start + len(BRAND), BRAND, "injection"),) if i == 1 else ()
            segments.append(SegmentReport(i, start, start + len(line), line, "line", label,
                                          0.9, (), spans))
            start += len(line) + 1
        return PageReport("p", "p.txt", "contaminated", 0.9, tuple(segments),
                          "\n".join(line for line, _ in lines))

    assert title_key(page("Harbour reopens after storm")) != title_key(page("Rail line opens"))
    assert title_key(page("Harbour reopens after storm")) == title_key(
        page("Harbour reopens after storm", crumb="World > Europe"))


def test_campaign_needs_min_injected_share(lexicon) -> None:
    head, n = BRAND.lower(), MIN_CAMPAIGN_PAGES * 2
    benign_at_boundary = int(n / MIN_INJECTED_SHARE) - n
    assert _evidence(lexicon, n, benign_at_boundary).injected_share(head) == MIN_INJECTED_SHARE
    assert _evidence(lexicon, n, benign_at_boundary).is_campaign(head)
    assert not _evidence(lexicon, n, benign_at_boundary + 1).is_campaign(head)


def _rescore(rules: CorpusRules, report: PageReport, evidence: PageEvidence, lexicon
             ) -> PageReport:
    return rules.rescore(report, evidence, line_hashes(report), span_heads(report, lexicon))


def test_weak_sighting_of_a_campaign_is_raised(lexicon) -> None:
    rules = _evidence(lexicon, MIN_CAMPAIGN_PAGES).rules(THRESHOLDS)
    report, evidence = _weak(prob=0.001)
    rescored = _rescore(rules, report, evidence, lexicon)
    assert rescored.verdict == "contaminated" and rescored.score > report.score
    title = rescored.segments[0]
    assert title.label == "injection" and title.reasons[0] == CAMPAIGN_RECURRENCE
    assert [s.text for s in title.spans] == [BRAND]
    assert rescored.segments[1] is report.segments[1]


def test_benign_or_below_minimum_is_not_raised(lexicon) -> None:
    benign = _evidence(lexicon, MIN_CAMPAIGN_PAGES).rules(THRESHOLDS)
    report, evidence = _weak(benign=True)
    assert _rescore(benign, report, evidence, lexicon) is report
    few = _evidence(lexicon, MIN_CAMPAIGN_PAGES - 1).rules(THRESHOLDS)
    report, evidence = _weak()
    assert _rescore(few, report, evidence, lexicon) is report


def test_site_name_in_bylines_is_never_a_campaign(lexicon) -> None:
    evidence = CorpusEvidence(lexicon)
    for n in range(MIN_CAMPAIGN_PAGES * 2):
        evidence.add(*_injected(n, brand="Lakeside"))
    for _ in range(MIN_CAMPAIGN_PAGES * 20):
        evidence.add(*_weak(brand="Lakeside", benign=True))
    assert not evidence.is_campaign("lakeside")
    assert evidence.campaigns() == []


def _template_pages(lexicon, with_line: int, without: int) -> CorpusEvidence:
    evidence = CorpusEvidence(lexicon)
    for n in range(with_line + without):
        text = f"Story {n}\nFollow us on Telegram\n{BODY}\n" if n < with_line else \
            f"Story {n}\n{BODY}\n"
        lines = text.strip("\n").split("\n")
        segments, start = [], 0
        for i, line in enumerate(lines):
            role = "title" if i == 0 else "body" if line == BODY else "short"
            segments.append(SegmentReport(i, start, start + len(line), line, role, "clean", 0.9))
            start += len(line) + 1
        report = PageReport(f"t{n}", f"site/t{n}.txt", "clean", 0.1, tuple(segments), text)
        evidence.add(report, PageEvidence(0.0, 0.0, (), frozenset(), np.zeros(3, np.float32)))
    return evidence


def test_template_line_at_its_boundaries(lexicon) -> None:
    key = stable_hash("follow us on telegram")
    assert not _template_pages(lexicon, TEMPLATE_MIN_PAGES - 1, 0).is_template("site", key)
    assert _template_pages(lexicon, TEMPLATE_MIN_PAGES, 0).is_template("site", key)
    pages = int(TEMPLATE_MIN_PAGES / TEMPLATE_MIN_SHARE)
    at_share = _template_pages(lexicon, TEMPLATE_MIN_PAGES, pages - TEMPLATE_MIN_PAGES)
    assert at_share.is_template("site", key)
    below = _template_pages(lexicon, TEMPLATE_MIN_PAGES, pages - TEMPLATE_MIN_PAGES + 1)
    assert not below.is_template("site", key)
    rules = at_share.rules(THRESHOLDS)
    report = PageReport("x", "site/x.txt", "clean", 0.1, (
        SegmentReport(0, 0, 5, "Title", "title", "clean", 0.9),
        SegmentReport(1, 6, 27, "Follow us on Telegram", "short", "clean", 0.9)), "")
    rescored = _rescore(rules, report, PageEvidence(0.0, 0.0, (), frozenset(),
                                                    np.zeros(2, np.float32)), lexicon)
    assert rescored.segments[1].label == "residue"
    assert rescored.segments[1].reasons == (TEMPLATE_RECURRENCE,)
    assert rescored.verdict == "residue"


def test_bounded_counter_keeps_what_recurs() -> None:
    counter = BoundedCounter(max_keys=100)
    for n in range(10_000):
        counter.add("frequent" if n % 10 == 0 else f"once-{n}")
    assert len(counter) <= 100
    assert counter["frequent"] >= 1000 - counter.floor


@pytest.mark.parametrize(("line", "role", "brand", "position"), [
    ("Zorvanta: Council approves rail line", "title", "Zorvanta", "title_prefix"),
    ("Council approves rail line - Zorvanta", "title", "Zorvanta", "title_suffix"),
    ("Current:Home > NewsZorvanta:Council approves", "title", "Zorvanta", "title"),
    ("Zorvanta Daily", "short", "Zorvanta Daily", "brand_line"),
    ("SEOUL,Zorvanta South Korea (AP) — North Korea said on Friday", "dateline", "Zorvanta",
     "dateline"),
    ("Zorvanta: Council approves rail line", "body", "Zorvanta", "line_prefix"),
])
def test_positions(line: str, role: str, brand: str, position: str) -> None:
    start = line.index(brand)
    seg = SegmentReport(0, 0, len(line), line, role, "injection", 1.0)
    assert position_of(seg, Span(start, start + len(brand), brand, "injection")) == position


# --- a generated campaign site, scanned with the shipped model ------------------------------


def _bundled_articles() -> list[Article]:
    path = ROOT / "data" / "corpus" / "articles.jsonl"
    out = []
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        paragraphs = tuple(p.strip() for p in row["text"].split("\n\n") if p.strip())
        out.append(Article(row["title"], paragraphs, None))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list]:
    """60 site pages (most carrying one of four brands) and 20 pages from elsewhere."""
    articles = _bundled_articles()
    pages = campaign_corpus(articles[:60], articles[60:80], seed=3)
    root = tmp_path_factory.mktemp("corpus")
    for cp in pages:
        path = root / f"{cp.page.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cp.page.text, encoding="utf-8")
    return root, pages


def _docs(root: Path) -> list[spamdet.Document]:
    from spamdet.ingest import iter_paths, read_document

    return [read_document(path) for path in iter_paths([root])]


def test_corpus_finds_exactly_the_brands_and_raises_recall(detector, site) -> None:
    root, pages = site
    docs = _docs(root)
    plain = {Path(r.path).relative_to(root).with_suffix("").as_posix(): r
             for r in detector.scan_stream(docs)}
    with detector.scan_corpus(docs) as scan:
        rescored = {Path(r.path).relative_to(root).with_suffix("").as_posix(): r for r in scan}
        brands = sorted(c.text.lower() for c in scan.campaigns if c.kind == "brand")
        templates = {t.text for t in scan.templates}
    assert brands == sorted(b.lower() for b in BRANDS)
    assert SITE_NAME.lower() not in " ".join(brands)
    assert {"Related", "Ranking", "___"} <= templates
    once = [cp.page.id for cp in pages if cp.brand and cp.sightings == 1]
    before = sum(plain[p].contaminated for p in once)
    after = sum(rescored[p].contaminated for p in once)
    assert after > before and after == len(once), (before, after, len(once))
    unbranded = [cp.page.id for cp in pages if cp.brand is None]
    new_fp = [p for p in unbranded if rescored[p].contaminated and not plain[p].contaminated]
    assert new_fp == []


def test_workers_count_what_the_parent_would(detector, site) -> None:
    """With n_jobs=2 the workers send page tallies (line keys hashed in their own processes)
    instead of reports, and rescore the spilled batches with the rules of pass 1: campaigns
    (with the pages pass 2 added to them), templates and rescored reports are the same as in
    one process."""
    root, _ = site
    docs = _docs(root)
    small = detector.with_config(batch_pages=16)  # several tasks per worker
    with small.scan_corpus(docs) as one, small.scan_corpus(docs, n_jobs=2) as two:
        assert [r.to_dict(True) for r in two] == [r.to_dict(True) for r in one]
        assert two.to_dict() == one.to_dict()
        assert two.templates and two.campaigns
        assert any(c.added_pages for c in two.campaigns)


def test_scan_jsonl_is_pages_only_unless_summary_asked(site) -> None:
    root, pages = site
    plain = run_cli("scan", str(root), "--format", "jsonl")
    assert plain.returncode == 1, plain.stderr
    records = [json.loads(line) for line in plain.stdout.splitlines()]
    assert len(records) == len(pages) and all("verdict" in r for r in records)
    summary = run_cli("scan", str(root), "--format", "jsonl", "--summary")
    lines = [json.loads(line) for line in summary.stdout.splitlines()]
    assert lines[:-1] == records
    last = lines[-1]
    assert last["type"] == "summary" and "verdict" not in last
    assert sorted(c["text"].lower() for c in last["campaigns"] if c["kind"] == "brand") == \
        sorted(b.lower() for b in BRANDS)
    assert last["pages"] == len(pages) and last["rescored_pages"] >= 0


def test_scan_json_summary_is_the_last_array_element(site) -> None:
    root, pages = site
    result = run_cli("scan", str(root), "--format", "json", "--summary", "--no-campaigns")
    records = json.loads(result.stdout)
    assert len(records) == len(pages) + 1
    assert all("verdict" in r for r in records[:-1])
    assert records[-1]["type"] == "summary" and records[-1]["campaigns"] == []


def test_scan_table_lists_campaigns(site) -> None:
    root, _ = site
    result = run_cli("scan", str(root))
    assert result.returncode == 1
    assert "Campaigns" in result.stdout and "Template lines" in result.stdout
    for brand in BRANDS:
        assert brand in result.stdout


def test_scan_corpus_takes_a_dataset(detector) -> None:
    datasets = pytest.importorskip("datasets")
    rows = [{"id": f"r{n}", "text": f"Zorvanta: Harbour story number {n}\n{BODY}\n"}
            for n in range(8)]
    with detector.scan_corpus(datasets.Dataset.from_list(rows)) as scan:
        reports = list(scan)
    assert [r.id for r in reports] == [f"r{n}" for n in range(8)]
    assert all(r.verdict == "contaminated" for r in reports)
    assert [c.text for c in scan.campaigns if c.kind == "brand"] == ["Zorvanta"]


def test_scan_with_workers_writes_what_one_process_writes(site) -> None:
    """`scan --jobs 2` scores, rescores and renders the batches in worker processes, and the
    parent adds up their summaries: each format's output is the one of `--jobs 1`, timings
    aside."""
    root, _ = site
    timing = re.compile(r'"(seconds|pages_per_second)": [0-9.]+|pages/s\W+[0-9,.]+')
    for fmt in ("jsonl", "table"):
        outs = [run_cli("scan", str(root), "--format", fmt, "--summary", "--batch", "16",
                        "--jobs", jobs) for jobs in ("1", "2")]
        assert [r.returncode for r in outs] == [1, 1], outs[1].stderr
        one, two = (timing.sub("", r.stdout) for r in outs)
        assert two == one and all(brand in one for brand in BRANDS)


def test_records_of_one_jsonl_file_count_as_pages(site, tmp_path) -> None:
    """A corpus in one JSONL file: its records share the file's path, and each still
    counts as a page of the campaigns it carries (as the same pages one per file)."""
    root, pages = site
    dump = tmp_path / "site.jsonl"
    dump.write_text("".join(json.dumps({"id": cp.page.id, "text": cp.page.text}) + "\n"
                            for cp in pages), encoding="utf-8")

    def campaigns(path: Path) -> dict[str, int]:
        result = run_cli("scan", str(path), "--format", "jsonl", "--summary")
        return {c["text"]: c["pages"] for c in json.loads(result.stdout.splitlines()[-1])
                ["campaigns"]}

    found = campaigns(dump)
    assert found == campaigns(root) and min(found.values()) >= MIN_CAMPAIGN_PAGES


def test_a_site_name_in_every_title_and_byline_is_no_campaign(detector) -> None:
    # each page says the name benignly (byline, footer) and in its title suffix: counted as
    # benign only, so the share is not 10 injected of 20 seen
    articles = _bundled_articles()
    pages = [{"path": f"quill/p{n}.txt",
              "text": f"{a.title} - Quillora Times\nBy Jane Doe, Quillora Times\n"
                      + "\n".join(a.paragraphs[:5]) + "\n\u00a9 2025 Quillora Times. All rights "
                      "reserved.\n"} for n, a in enumerate(articles[24:34])]
    other = articles[101]
    pages.append({"path": "other/b.txt", "text": f"{other.title} Quillora Times\n"
                  + "\n".join(other.paragraphs[:5]) + "\n"})
    corpus = detector.scan_corpus(pages)
    reports = list(corpus)
    assert not [c for c in corpus.campaigns if "quillora" in str(c).lower()], corpus.campaigns
    assert not any(CAMPAIGN_RECURRENCE in s.reasons for r in reports for s in r.segments)


def test_records_of_one_crawl_file_are_sites_by_their_address(detector) -> None:
    # one JSONL file, twenty sites: the same story on five of them is no site's template
    articles = _bundled_articles()
    records = [{"id": f"https://www.site{n}.example/story", "path": "/crawl/multi.jsonl",
                "text": (a := articles[200 if n < 5 else 200 + n]).title + "\n"
                + "\n".join(a.paragraphs[:4])} for n in range(20)]
    reports = list(detector.scan_corpus(records))
    assert not any(TEMPLATE_RECURRENCE in s.reasons for r in reports for s in r.segments)
