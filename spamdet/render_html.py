"""`scan --format html`: one self-contained file to look at a scan, not read it.

A summary, a score histogram and a signal chart (inline SVG), campaigns when there are
any, a pageable, sortable, filterable list of pages, and for each flagged page its text
with the evidence highlighted by label, the reasons beside it, and the cleaned text.

Scanned text is attacker-written. It reaches the file in two ways only: through
`html.escape` into markup, or JSON-encoded inside `<script type="application/json">`
with `<`, `>` and `&` escaped so nothing can close the block; the page script puts it
on screen with `textContent`, never as markup, and a Content-Security-Policy lets only
that one script run. Pages stream to temporary files during the scan, so memory does
not grow with the corpus; `write()` assembles the file at the end.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import IO

from spamdet.clean import clean_report
from spamdet.records import PageReport
from spamdet.summary import (
    FLAGGED_LABELS,
    HISTOGRAM_BINS,
    Summary,
    evidence,
    page_name,
    page_reasons,
)
from spamdet.textsafe import safe

VERDICTS = ("contaminated", "residue", "clean", "error")
DETAIL_VERDICTS = frozenset({"contaminated", "residue"})
"""Pages whose text goes into the report; clean pages are listed without it, to stay small."""
CHART_SIGNALS = 25
"""Signals shown in the signal chart (the most frequent)."""
CAMPAIGN_ROWS = 200
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def esc(value: object) -> str:
    """Scanned or computed text as inert HTML: controls and bidi shown as escapes, then escaped."""
    return html.escape(safe(str(value)), quote=True)


def script_json(value: object) -> str:
    """JSON that cannot end a `<script>` block or open a comment inside one."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return safe_surrogates(text).translate(_SCRIPT_ESCAPES)


def safe_surrogates(text: str) -> str:
    """Lone surrogates (possible in library input) as U+FFFD, so the file is valid UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def utf16_offsets(text: str) -> list[int] | None:
    """Code-point offset -> UTF-16 offset (what the browser counts), or None when equal."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    table, pos = [0], 0
    for char in text:
        pos += 2 if ord(char) > 0xFFFF else 1
        table.append(pos)
    return table


def _asset(name: str) -> str:
    return resources.files("spamdet.assets").joinpath(name).read_text("utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def page_row(n: int, report: PageReport, has_detail: bool) -> list[object]:
    """One entry of the page list: [n, page, verdict, score, flagged segments, found, reasons,
    has text, errors] (the order `report.js` reads)."""
    flagged = sum(seg.label != "clean" for seg in report.segments)
    score = None if report.score is None else round(report.score, 4)
    return [n, page_name(report), report.verdict, score, flagged, evidence(report),
            page_reasons(report), int(has_detail), list(report.errors)]


def page_detail(report: PageReport) -> dict[str, object]:
    """A flagged page for the detail view: text, non-clean segments with spans, cleaned text.

    Segments are [start, end, label, score, reasons, weights, spans] with UTF-16 offsets.
    """
    table = utf16_offsets(report.text)

    def at(offset: int) -> int:
        return table[offset] if table else offset

    segments = [[at(seg.start), at(seg.end), seg.label, round(seg.score, 4), list(seg.reasons),
                 [w if w == w else None for w in seg.reason_weights],  # NaN (a rule): null
                 [[at(sp.start), at(sp.end)] for sp in seg.spans]]
                for seg in report.segments if seg.label != "clean"]
    cleaned = clean_report(report)
    return {"text": report.text, "segs": segments,
            "cleaned": None if cleaned == report.text else cleaned}


class HtmlReport:
    """Collects page reports into temporary files, then writes one self-contained HTML file.

    Use as a context manager: `add()` each report while scanning, `write()` once at the end.
    """

    def __init__(self, title: str = "spamdet report") -> None:
        self.title = title
        self.pages = 0
        self._index: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._details: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")

    def __enter__(self) -> HtmlReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._index.close()
        self._details.close()

    def add(self, report: PageReport) -> None:
        """Spool one page: its list entry, and its text and evidence when it is flagged."""
        n = self.pages
        self.pages += 1
        has_detail = report.verdict in DETAIL_VERDICTS
        self._index.write(("," if n else "") + script_json(page_row(n, report, has_detail)))
        if has_detail:
            self._details.write(f'<script type="application/json" id="d{n}">'
                                f"{script_json(page_detail(report))}</script>\n")

    def write(self, out: IO[str], summary: Summary, threshold: float | None = None,
              meta: Mapping[str, str] | None = None) -> None:
        """The whole report: head, summary, charts, campaigns, page list, data, script."""
        style, script = _asset("report.css"), _asset("report.js")
        csp = (f"default-src 'none'; script-src {_csp_hash(script)}; "
               f"style-src {_csp_hash(style)}; img-src data:; base-uri 'none'; "
               "form-action 'none'")
        out.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
                  f'<meta name="referrer" content="no-referrer">\n'
                  f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                  f"<title>{esc(self.title)}</title>\n<style>{style}</style>\n</head>\n<body>\n")
        out.write(f"<header><h1>{esc(self.title)}</h1>{_meta(meta or {})}</header>\n<main>\n")
        out.write(summary_section(summary))
        out.write('<section id="charts" class="charts">\n')
        out.write(histogram_svg(summary.histogram, threshold))
        out.write(signals_svg(summary))
        out.write("</section>\n")
        out.write(campaigns_section(summary.campaigns))
        out.write(_LIST_SECTION)
        out.write("</main>\n")
        out.write('<script type="application/json" id="index">[')
        self._index.seek(0)
        shutil.copyfileobj(self._index, out)
        out.write("]</script>\n")
        self._details.seek(0)
        shutil.copyfileobj(self._details, out)
        out.write(f"<script>{script}</script>\n</body>\n</html>\n")


def _meta(meta: Mapping[str, str]) -> str:
    if not meta:
        return ""
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta.items())
    return f'<dl class="meta">{items}</dl>'


def summary_section(summary: Summary) -> str:
    """Counts as cards; a verdict card filters the page list to that verdict."""
    cards = [f'<div class="card" id="count-pages"><b>{summary.pages:,}</b>'
             f"<span>pages</span></div>"]
    for verdict in VERDICTS:
        count = summary.verdicts.get(verdict, 0)
        share = f"{count / summary.pages:.1%}" if summary.pages else ""
        label = "errors" if verdict == "error" else verdict
        cards.append(f'<button type="button" class="card v-{verdict}" id="count-{verdict}" '
                     f'data-verdict="{verdict}"><b>{count:,}</b><span>{label}</span>'
                     f"<small>{share}</small></button>")
    cards.append(f'<div class="card" id="rate"><b>{summary.rate:,.0f}</b>'
                 "<span>pages/s</span></div>")
    segs = "".join(f'<li class="l-{label}">{summary.labels.get(label, 0):,} {label}</li>'
                   for label in FLAGGED_LABELS)
    return (f'<section id="summary"><div class="cards">{"".join(cards)}</div>'
            f'<ul class="segcounts">flagged segments: {segs}</ul></section>\n')


def histogram_svg(bins: Sequence[int], threshold: float | None = None) -> str:
    """Pages per page-score bin, with the verdict threshold marked."""
    width, height, left, bottom, top = 460, 190, 36, 24, 14
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(bins) if any(bins) else 1
    bar_w = plot_w / HISTOGRAM_BINS
    parts = [f'<figure><figcaption>Page scores</figcaption><svg id="histogram" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="histogram of page scores">']
    for i, count in enumerate(bins):
        h = plot_h * count / peak
        x, y = left + i * bar_w, top + plot_h - h
        lo, hi = i / HISTOGRAM_BINS, (i + 1) / HISTOGRAM_BINS
        hot = threshold is not None and lo >= threshold - 1e-9
        parts.append(f'<rect class="bar{" hot" if hot else ""}" x="{x + 1:.1f}" y="{y:.1f}" '
                     f'width="{bar_w - 2:.1f}" height="{h:.1f}"><title>{lo:.2f}–{hi:.2f}: '
                     f"{count:,} pages</title></rect>")
        if count:
            parts.append(f'<text class="n" x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}">{count:,}'
                         "</text>")
    base = top + plot_h
    parts.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{left + plot_w}" '
                 f'y2="{base}"/>')
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text class="tick" x="{left + tick * plot_w:.1f}" y="{base + 16}">'
                     f"{tick:g}</text>")
    if threshold is not None:
        x = left + threshold * plot_w
        parts.append(f'<line class="threshold" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" '
                     f'y2="{base}"/><text class="tlabel" x="{x - 4:.1f}" y="{top + 6}">'
                     f"threshold {threshold:.2f}</text>")
    parts.append("</svg></figure>\n")
    return "".join(parts)


def signals_svg(summary: Summary, n: int = CHART_SIGNALS) -> str:
    """How often each signal was a reason, stacked by the label of the segment it explained."""
    top = summary.reasons.most_common(n)
    if not top:
        return '<figure><figcaption>Signals</figcaption><p class="none">no signal fired</p>' \
               "</figure>\n"
    row, label_w, width = 18, 190, 460
    height = row * len(top) + 30
    peak = top[0][1]
    plot_w = width - label_w - 50
    parts = [f'<figure><figcaption>Signals that fired (segments)</figcaption><svg id="signals" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="signal counts">']
    for i, (reason, count) in enumerate(top):
        y = i * row + 4
        parts.append(f'<text class="sig" x="{label_w - 6}" y="{y + 12}">{esc(reason)}</text>')
        x = float(label_w)
        for label in FLAGGED_LABELS:
            part = summary.reason_labels.get((reason, label), 0)
            if part:
                w = plot_w * part / peak
                parts.append(f'<rect class="l-{label}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                             f'height="{row - 4}"><title>{esc(reason)}: {part:,} {label} '
                             f"segments</title></rect>")
                x += w
        parts.append(f'<text class="n" data-signal="{esc(reason)}" x="{x + 4:.1f}" '
                     f'y="{y + 12}">{count:,}</text>')
    y = len(top) * row + 18
    for i, label in enumerate(FLAGGED_LABELS):
        parts.append(f'<rect class="l-{label}" x="{label_w + i * 90}" y="{y - 9}" width="10" '
                     f'height="10"/><text class="key" x="{label_w + i * 90 + 14}" y="{y}">'
                     f"{label}</text>")
    parts.append("</svg></figure>\n")
    return "".join(parts)


def campaigns_section(campaigns: Sequence[Mapping[str, object]]) -> str:
    """Cross-page campaigns as a table (HOOK for issue 4: renders whatever columns it gives)."""
    if not campaigns:
        return ""
    columns: list[str] = []
    for campaign in campaigns[:CAMPAIGN_ROWS]:
        columns += [str(k) for k in campaign if str(k) not in columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for campaign in campaigns[:CAMPAIGN_ROWS]:
        cells = []
        for column in columns:
            cells.append(f"<td>{esc(_cell(campaign.get(column, '')))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = (f'<p class="none">… and {len(campaigns) - CAMPAIGN_ROWS:,} more</p>'
            if len(campaigns) > CAMPAIGN_ROWS else "")
    return (f'<section id="campaigns"><h2>Campaigns ({len(campaigns):,})</h2>'
            f'<table class="campaigns"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}</section>\n")


def _cell(value: object) -> str:
    """A campaign's field as a reader writes it: `title_prefix: 8, dateline: 3`, not a repr."""
    if isinstance(value, Mapping):
        return ", ".join(f"{_cell(k)}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return ", ".join(map(_cell, value))
    return str(value)


_LIST_SECTION = """<section id="pages">
<h2>Pages</h2>
<div class="controls">
<input id="q" type="search" placeholder="filter: page, found text, reason, error" size="40">
<select id="verdict"><option value="">all verdicts</option>
<option value="contaminated">contaminated</option><option value="residue">residue</option>
<option value="clean">clean</option><option value="error">errors</option></select>
<span id="shown"></span>
<button type="button" id="prev">‹ prev</button><button type="button" id="next">next ›</button>
</div>
<table id="page-table"><thead><tr>
<th data-col="0">#</th><th data-col="1">page</th><th data-col="2">verdict</th>
<th data-col="3">score</th><th data-col="4">flagged segments</th><th data-col="5">found</th>
<th data-col="6">reasons</th></tr></thead><tbody></tbody></table>
<noscript><p>The page list and page views need JavaScript; the summary and charts above do
not.</p></noscript>
</section>
<section id="detail" hidden></section>
"""
