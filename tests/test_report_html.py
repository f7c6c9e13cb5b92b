"""`scan --format html`: built from a real scan, opened in headless Chromium, checked for the
counts and highlights it shows and for scanned text that must never run. Uses the shipped model.

Set SPAMDET_SCREENSHOT=docs/report.png to refresh the README's screenshot.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from browser import by_id, dump_dom, needs_chromium, parse_dom, run_chromium
from conftest import ROOT, SAMPLES, run_cli

from spamdet.records import PageReport, SegmentReport, Span
from spamdet.render_html import HtmlReport, script_json, utf16_offsets
from spamdet.summary import Summary

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PAYLOADS = [
    "<script>document.title='pwned';document.body.id='pwned'</script>",
    "\"><img src=x onerror=\"document.title='pwned'\" id=pwned>",
    "<a href=\"javascript:document.title='pwned'\">read more</a>",
    "</script><script>document.title='pwned'</script><!--",
    "<svg onload=\"document.title='pwned'\"></svg>{{constructor.constructor('x')()}}",
    "<style>body{display:none}</style><iframe srcdoc=\"<script>parent.x=1</script>\">",
    "\u202egnp.exe right-to-left override \u2028 line separator",
]


def _scan_html(tmp_path: Path, *paths: Path, name: str = "report.html") -> Path:
    out = tmp_path / name
    result = run_cli("scan", *map(str, paths), "--format", "html", "--output", str(out))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return out


def _scan_json(*paths: Path) -> list[dict]:
    result = run_cli("scan", *map(str, paths), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _count(elements: list, ident: str) -> int:
    """The number a summary card shows (its `<b>`)."""
    return int(by_id(elements, ident).children[0].text.replace(",", ""))


def _no_script_ran(elements: list) -> None:
    """Only the report's own script is executable, no payload became an element, handler or
    javascript: URL, the title is the report's, and the report's script ran to its end."""
    runnable = [e for e in elements if e.tag == "script"
                and e.attrs.get("type", "text/javascript") != "application/json"]
    assert len(runnable) == 1
    titles = [e.text for e in elements if e.tag == "title"]  # the page's, then SVG tooltips
    assert titles[0] == "spamdet report" and "pwned" not in "".join(titles)
    assert len([e for e in elements if e.tag == "style"]) == 1
    assert not [e for e in elements if e.tag in ("img", "iframe", "a", "svg", "textarea")
                and e.attrs.get("id") not in ("histogram", "signals")]
    for element in elements:
        assert not any(name.startswith("on") for name in element.attrs), element
        assert element.attrs.get("id") != "pwned"
        for value in element.attrs.values():
            assert not value.strip().lower().startswith("javascript:")
    body = next(e for e in elements if e.tag == "body")
    assert "data-render-ms" in body.attrs and body.attrs.get("id") != "pwned"


def test_report_is_self_contained(tmp_path: Path) -> None:
    report = _scan_html(tmp_path, SAMPLES)
    markup = report.read_text("utf-8")
    assert markup.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in markup and "default-src 'none'" in markup
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", markup, re.I)
    assert "@import" not in markup and "url(" not in markup
    assert oct(report.stat().st_mode & 0o777) != oct(0o600)


@needs_chromium
def test_report_in_chromium_shows_counts_and_highlights(tmp_path: Path) -> None:
    samples = SAMPLES.relative_to(ROOT)  # the CLI runs in ROOT; short paths read better
    report = _scan_html(tmp_path, samples)
    records = _scan_json(samples)
    verdicts = Counter(r["verdict"] for r in records)
    reasons = Counter(reason for r in records for s in r["segments"] for reason in s["reasons"])
    top = max((r for r in records if r["verdict"] == "contaminated"),
              key=lambda r: (r["score"], sum(len(s["spans"]) for s in r["segments"])))
    number = next(n for n, r in enumerate(records, 1) if r["path"] == top["path"])
    url = f"{report.as_uri()}#p={number}"
    elements = parse_dom(dump_dom(url, tmp_path / "profile"))

    assert _count(elements, "count-pages") == len(records)
    for verdict in ("contaminated", "residue", "clean", "error"):
        assert _count(elements, f"count-{verdict}") == verdicts[verdict]
    rows = [e for e in by_id(elements, "page-table").children[1].children if e.tag == "tr"]
    assert len(rows) == len(records)
    assert [e.text for e in elements if e.tag == "td" and "verdict" in e.classes()][0] \
        == "contaminated"  # sorted by score, highest first
    shown = {e.attrs["data-signal"]: int(e.text.replace(",", "")) for e in elements
             if "data-signal" in e.attrs}
    assert shown == dict(reasons.most_common(len(shown)))

    detail = by_id(elements, "detail")
    assert "hidden" not in detail.attrs and top["path"] in detail.text
    marks = [e.text for e in elements if e.tag == "mark" and "injection" in e.classes()
             and e.text != "injected span"]
    spans = [sp["text"] for s in top["segments"] for sp in s["spans"]]
    assert marks == spans and spans
    flagged = [e for e in elements if e.tag == "span" and "seg" in e.classes()
               and e.attrs.get("id", "").startswith("seg-")]
    assert len(flagged) == len(top["segments"])
    for element, segment in zip(flagged, top["segments"], strict=True):
        assert segment["label"] in element.classes()
        assert all(reason in element.attrs["title"] for reason in segment["reasons"])
    assert "Cleaned text" in detail.text

    shot = Path(os.environ.get("SPAMDET_SCREENSHOT") or tmp_path / "report.png")
    if not shot.is_absolute():
        shot = ROOT / shot
    result = run_chromium(url, tmp_path / "profile", "--window-size=1280,2300",
                          f"--screenshot={shot}", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 50_000


@needs_chromium
def test_hostile_pages_and_names_never_run(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    sample = (SAMPLES / "contaminated_2.txt").read_text("utf-8").splitlines()
    text = "\n".join(sample[:3] + PAYLOADS + sample[3:] + PAYLOADS) + "\n"
    (pages / "<img src=x onerror=document.title=1>.txt").write_text(text, encoding="utf-8")
    (pages / "plain.txt").write_text("\n".join(PAYLOADS) + "\n", encoding="utf-8")
    report = _scan_html(tmp_path, pages)
    markup = report.read_text("utf-8")
    assert "</script><script>document.title" not in markup
    for n in (1, 2):
        elements = parse_dom(dump_dom(f"{report.as_uri()}#p={n}", tmp_path / "profile"))
        _no_script_ran(elements)
        detail = by_id(elements, "detail")
        assert "document.title='pwned'" in detail.text  # shown as text, not run
        assert "\\u202egnp.exe" in detail.text and "\u202e" not in detail.text


def _report(text: str, spans: list[tuple[str, str]]) -> PageReport:
    """A hand-made contaminated page: each (needle, label) becomes a segment with that span."""
    segments = []
    for n, (needle, label) in enumerate(spans):
        start = text.index(needle)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        span = (Span(start, start + len(needle), needle, label),) if label == "injection" else ()
        segments.append(SegmentReport(n, line_start, line_end, text[line_start:line_end],
                                      "line", label, 0.99, ("glued_to_word", "rarity"), span,
                                      (2.5, 1.25)))
    return PageReport("hand", "<b>hand</b>.txt", "contaminated", 0.99, tuple(segments), text)


@needs_chromium
def test_spans_with_payloads_and_astral_characters(tmp_path: Path) -> None:
    text = ("🙂🙂 News <b>headline</b>:Brand<script>x()</script> after\n"
            "body 🙂 line with 𝒜 \u0000 and Other</textarea>Brand tail\n")
    report = _report(text, [("Brand<script>x()</script>", "injection"),
                            ("Other</textarea>Brand", "injection")])
    summary = Summary()
    summary.add(report)
    summary.campaigns = [{"token": "<b>Brand</b>", "pages": 3, "examples": ["a<i>", "b"]}]
    out = tmp_path / "hand.html"
    with HtmlReport() as html, out.open("w", encoding="utf-8") as fh:
        html.add(report)
        html.write(fh, summary, threshold=0.5, meta={"inputs": "<i>x</i>"})
    elements = parse_dom(dump_dom(f"{out.as_uri()}#p=1", tmp_path / "profile"))
    _no_script_ran(elements)
    marks = [e.text for e in elements if e.tag == "mark" and e.text != "injected span"]
    assert marks == ["Brand<script>x()</script>", "Other</textarea>Brand"]
    campaigns = by_id(elements, "campaigns")
    assert "<b>Brand</b>" in campaigns.text and "a<i>, b" in campaigns.text


def test_script_json_cannot_close_its_block() -> None:
    encoded = script_json({"t": "</script><!-- & \u2028 \ud800"})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded)["t"].startswith("</script><!-- & \u2028")


@pytest.mark.parametrize("text, expected", [
    ("plain", None), ("é ü", None), ("a🙂b", [0, 1, 3, 4]),
])
def test_utf16_offsets(text: str, expected: list[int] | None) -> None:
    assert utf16_offsets(text) == expected


def _many_pages(tmp_path: Path, count: int = 250) -> Path:
    """A report of `count` hand-made pages with cycling verdicts and rising scores."""
    verdicts = ("contaminated", "residue", "clean")
    summary = Summary()
    out = tmp_path / "many.html"
    with HtmlReport() as html, out.open("w", encoding="utf-8") as fh:
        for n in range(count):
            name = "needle-page.txt" if n == 77 else f"page-{n:03d}.txt"
            report = PageReport(name, name, verdicts[n % 3], n / count, (), "text\n")
            summary.add(report)
            html.add(report)
        html.write(fh, summary)
    return out


def _rows(elements: list) -> list[list[str]]:
    body = by_id(elements, "page-table").children[1]
    return [[cell.text for cell in row.children] for row in body.children if row.tag == "tr"]


@needs_chromium
def test_page_list_filters_sorts_and_pages(tmp_path: Path) -> None:
    report = _many_pages(tmp_path)
    profile = tmp_path / "profile"

    elements = parse_dom(dump_dom(f"{report.as_uri()}#pg=2", profile))
    rows = _rows(elements)
    assert len(rows) == 100 and by_id(elements, "shown").text.startswith("101–200 of 250")
    scores = [float(row[3]) for row in rows]
    assert scores == sorted(scores, reverse=True)  # default: score, highest first

    elements = parse_dom(dump_dom(f"{report.as_uri()}#v=residue&s=3&d=0", profile))
    rows = _rows(elements)
    assert {row[2] for row in rows} == {"residue"} and len(rows) == 83
    assert [float(row[3]) for row in rows] == sorted(float(row[3]) for row in rows)

    elements = parse_dom(dump_dom(f"{report.as_uri()}#q=NEEDLE", profile))
    assert [row[1] for row in _rows(elements)] == ["needle-page.txt"]

    elements = parse_dom(dump_dom(f"{report.as_uri()}#s=1&d=0", profile))
    names = [row[1] for row in _rows(elements)]
    assert names == sorted(names) and names[0] == "needle-page.txt"


def test_campaign_fields_read_as_written_not_as_python() -> None:
    from spamdet.render_html import campaigns_section

    html = campaigns_section([{"text": "Bitora", "positions": {"title_prefix": 8, "dateline": 3},
                               "variants": [("Bitora", "Pro")]}])
    assert "title_prefix: 8, dateline: 3" in html and "{" not in html.split("<tbody>")[1]
