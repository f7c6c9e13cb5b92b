"""Reports for people and machines: JSON/JSONL records, terminal tables, the summary.

Scanned text is attacker-written. Everything it contributes is neutralised here:
control and bidi characters are shown as escapes, rich markup is never parsed
(text goes into `rich.text.Text`, not markup strings), and JSON escapes C1 controls.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spamdet.campaigns import Campaign, TemplateLine
from spamdet.records import SCHEMA_VERSION, PageReport

LABEL_STYLES = {"injection": "bold red", "promo": "bold magenta", "residue": "yellow",
                "clean": "green"}
VERDICT_STYLES = {"contaminated": "bold red", "residue": "yellow", "clean": "green",
                  "error": "bold white on red"}
TABLE_ROWS = 50
PREVIEW_CHARS = 90
CAMPAIGN_ROWS = 20
TEMPLATE_ROWS = 10
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def safe(text: str) -> str:
    """Printable form of scanned text: control, zero-width and bidi characters as escapes."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\t", " "))


def to_json(record: object) -> str:
    """One JSON line; C1 controls and bidi overrides escaped so no terminal acts on them."""
    text = json.dumps(record, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass
class Summary:
    """Running totals of a scan, kept as counts so memory does not grow with the corpus."""

    pages: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    bytes: int = 0
    seconds: float = 0.0
    flagged: list[PageReport] = field(default_factory=list)
    corpus: dict[str, int] = field(default_factory=dict)

    def add(self, report: PageReport) -> None:
        self.pages += 1
        self.verdicts[report.verdict] += 1
        self.errors += bool(report.errors) and report.verdict == "error"
        self.bytes += len(report.text.encode("utf-8", "replace"))
        for seg in report.segments:
            if seg.label != "clean":
                self.labels[seg.label] += 1
                self.reasons.update(seg.reasons)
        if report.contaminated:
            self.flagged.append(report)
            if len(self.flagged) > 4 * TABLE_ROWS:
                self.flagged.sort(key=lambda r: -(r.score or 0.0))
                del self.flagged[TABLE_ROWS:]

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "verdicts": dict(self.verdicts),
            "segments": dict(self.labels),
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages / self.seconds, 1) if self.seconds else None,
        }


def page_reasons(report: PageReport, n: int = 3) -> list[str]:
    """The strongest reasons of a page: those of its highest-scoring contaminated segments."""
    ranked = sorted((s for s in report.segments if s.label in ("injection", "promo")),
                    key=lambda s: -s.score)
    out: list[str] = []
    for seg in ranked:
        for reason in seg.reasons:
            if reason not in out:
                out.append(reason)
    return out[:n]


def evidence(report: PageReport, n: int = 3) -> str:
    """What was found, briefly: injected spans and promo lines."""
    found: list[str] = []
    for seg in sorted(report.segments, key=lambda s: -s.score):
        if seg.label == "injection":
            found.extend(span.text for span in seg.spans)
        elif seg.label == "promo":
            found.append(seg.text[:40] + ("…" if len(seg.text) > 40 else ""))
    unique = list(dict.fromkeys(found))
    return ", ".join(unique[:n])


def pages_table(summary: Summary) -> Table:
    table = Table(title="Contaminated pages", title_justify="left", expand=False)
    table.add_column("page", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("found", overflow="fold")
    table.add_column("reasons", overflow="fold")
    rows = sorted(summary.flagged, key=lambda r: -(r.score or 0.0))[:TABLE_ROWS]
    for report in rows:
        table.add_row(Text(safe(report.path or report.id)), f"{report.score:.2f}",
                      Text(safe(evidence(report)), style="red"),
                      Text(", ".join(page_reasons(report))))
    return table


def summary_table(summary: Summary) -> Table:
    table = Table(title="Summary", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("pages", str(summary.pages))
    for verdict in ("contaminated", "residue", "clean", "error"):
        table.add_row(Text(verdict, style=VERDICT_STYLES[verdict]),
                      str(summary.verdicts.get(verdict, 0)))
    for label in ("injection", "promo", "residue"):
        table.add_row(f"{label} segments", str(summary.labels.get(label, 0)))
    if summary.corpus:
        table.add_row("campaigns", str(summary.corpus.get("campaigns", 0)))
        table.add_row("template lines", str(summary.corpus.get("template_lines", 0)))
        table.add_row("verdicts changed by corpus evidence",
                      str(summary.corpus.get("rescored_pages", 0)))
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    table.add_row("pages/s", f"{rate:,.0f}")
    return table


def errors_table(reports: list[PageReport]) -> Table:
    table = Table(title="Errors", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("error", overflow="fold")
    for report in reports:
        table.add_row(Text(safe(report.path or report.id)), Text(safe("; ".join(report.errors))))
    return table


def summary_record(summary: Summary, corpus: dict[str, object] | None = None
                   ) -> dict[str, object]:
    """The summary record of `--summary`: `"type": "summary"`, never a `verdict`."""
    record: dict[str, object] = {"type": "summary", "schema": SCHEMA_VERSION,
                                 **summary.to_dict()}
    record.update(corpus or {"campaigns": [], "templates": [], "template_lines": 0,
                             "rescored_pages": 0})
    return record


def campaigns_table(campaigns: list[Campaign]) -> Table:
    """Brands and promo lines injected across pages, most pages first."""
    table = Table(title="Campaigns", title_justify="left")
    table.add_column("kind")
    table.add_column("brand or line", overflow="fold")
    table.add_column("pages", justify="right")
    table.add_column("positions", overflow="fold")
    table.add_column("examples", overflow="fold")
    for campaign in campaigns[:CAMPAIGN_ROWS]:
        pages = str(campaign.pages) + (f" +{campaign.added_pages}" if campaign.added_pages
                                       else "")
        positions = ", ".join(f"{name} {n}" for name, n in campaign.positions[:4])
        table.add_row(campaign.kind, Text(safe(campaign.text[:PREVIEW_CHARS]), style="red"),
                      pages, positions, Text(safe(", ".join(campaign.examples[:2]))))
    return table


def templates_table(templates: list[TemplateLine]) -> Table:
    """Lines found on many pages of one site (template residue)."""
    table = Table(title="Template lines", title_justify="left")
    table.add_column("site", overflow="fold")
    table.add_column("line", overflow="fold")
    table.add_column("pages", justify="right")
    for line in templates[:TEMPLATE_ROWS]:
        table.add_row(Text(safe(line.site or ".")), Text(safe(line.text[:PREVIEW_CHARS])),
                      f"{line.pages}/{line.site_pages}")
    return table


def print_summary(console: Console, summary: Summary, errors: list[PageReport],
                  campaigns: list[Campaign] | None = None,
                  templates: list[TemplateLine] | None = None) -> None:
    """Contaminated pages, campaigns, template lines, errors, then the totals."""
    if summary.flagged:
        console.print(pages_table(summary))
        hidden = summary.verdicts["contaminated"] - min(TABLE_ROWS, len(summary.flagged))
        if hidden > 0:
            console.print(f"… and {hidden} more contaminated pages (use --format jsonl for all)")
    if campaigns:
        console.print(campaigns_table(campaigns))
        if len(campaigns) > CAMPAIGN_ROWS:
            console.print(f"… and {len(campaigns) - CAMPAIGN_ROWS} more campaigns "
                          "(use --format jsonl --summary for all)")
    if templates:
        console.print(templates_table(templates))
    if errors:
        console.print(errors_table(errors))
    console.print(summary_table(summary))


def highlighted(report: PageReport, seg_index: int) -> Text:
    """A segment's text with its injected spans marked."""
    seg = report.segments[seg_index]
    text = Text()
    cursor = seg.start
    for span in seg.spans:
        text.append(safe(report.text[cursor : span.start]))
        text.append(safe(span.text), style="bold white on red")
        cursor = span.end
    text.append(safe(report.text[cursor : seg.end]))
    if seg.label in ("promo", "residue"):
        text.stylize(LABEL_STYLES[seg.label])
    return text


def explain_table(report: PageReport) -> Table:
    """Every segment of a page with its label, score and the signals that fired."""
    table = Table(title=Text(safe(f"{report.path or report.id}: {report.verdict} "
                                  f"(score {report.score or 0.0:.2f})")), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("role")
    table.add_column("label")
    table.add_column("score", justify="right")
    table.add_column("text", overflow="fold", ratio=3)
    table.add_column("signals", overflow="fold", ratio=1)
    for n, seg in enumerate(report.segments):
        table.add_row(str(seg.index), seg.role, Text(seg.label, style=LABEL_STYLES[seg.label]),
                      f"{seg.score:.2f}", highlighted(report, n), ", ".join(seg.reasons))
    return table
