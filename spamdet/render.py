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

from spamdet.records import PageReport

LABEL_STYLES = {"injection": "bold red", "promo": "bold magenta", "residue": "yellow",
                "clean": "green"}
VERDICT_STYLES = {"contaminated": "bold red", "residue": "yellow", "clean": "green",
                  "error": "bold white on red"}
TABLE_ROWS = 50
PREVIEW_CHARS = 90
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


def print_summary(console: Console, summary: Summary, errors: list[PageReport]) -> None:
    if summary.flagged:
        console.print(pages_table(summary))
        hidden = summary.verdicts["contaminated"] - min(TABLE_ROWS, len(summary.flagged))
        if hidden > 0:
            console.print(f"… and {hidden} more contaminated pages (use --format jsonl for all)")
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
