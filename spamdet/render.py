"""Terminal reports and JSON records: the scan's tables, its summary, and `explain`.

Scanned text is attacker-written. Everything it contributes is neutralised here:
control and bidi characters are shown as escapes (`textsafe.safe`), rich markup is never
parsed (text goes into `rich.text.Text`, not markup strings), and JSON escapes C1 controls.
"""

from __future__ import annotations

import re

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from spamdet.campaigns import Campaign, TemplateLine
from spamdet.parse import LINE_BREAKS
from spamdet.records import SCHEMA_VERSION, PageReport, SegmentReport
from spamdet.summary import (
    FLAGGED_LABELS,
    TOP_PAGES,
    Summary,
    evidence,
    page_name,
    page_reasons,
)
from spamdet.textsafe import safe, to_json

__all__ = ["Summary", "explain_view", "print_summary", "safe", "to_json"]

_BREAK = re.compile(f"\r\n|[{LINE_BREAKS}]")

LABEL_STYLES = {"injection": "bold red", "promo": "bold magenta", "residue": "yellow",
                "clean": "green"}
SPAN_STYLE = "bold white on red"
VERDICT_STYLES = {"contaminated": "bold red", "residue": "yellow", "clean": "green",
                  "error": "bold white on red"}
TABLE_ROWS = TOP_PAGES
PREVIEW_CHARS = 90
CAMPAIGN_ROWS = 20
ERROR_ROWS = TOP_PAGES
"""Pages with errors listed in the terminal report (a crawl can have thousands)."""
TEMPLATE_ROWS = 10
PAGE_VIEW_CHARS = 200_000
"""Characters of a page `explain` shows (segments starting past it are in its table)."""
NAME_CHARS = 300
"""The longest page name a table shows whole; a longer one (a record id of megabytes) keeps
its two ends around an ellipsis, as a terminal cell cannot show it anyway."""


def _name(report: PageReport) -> Text:
    name = safe(page_name(report))
    if len(name) > NAME_CHARS:
        name = f"{name[:NAME_CHARS // 2]}…{name[-(NAME_CHARS // 2):]}"
    return Text(name)


def pages_table(summary: Summary) -> Table:
    table = Table(title="Contaminated pages", title_justify="left", expand=False)
    table.add_column("page", overflow="fold")
    table.add_column("score", justify="right")
    table.add_column("found", overflow="fold")
    table.add_column("reasons", overflow="fold")
    rows = sorted(summary.flagged, key=lambda r: -(r.score or 0.0))[:TABLE_ROWS]
    for report in rows:
        table.add_row(_name(report), f"{report.score:.2f}",
                      Text(safe(evidence(report)), style="red"),
                      Text(", ".join(page_reasons(report))))
    return table


def summary_table(summary: Summary) -> Table:
    """Pages, per-verdict counts and shares, segment labels, speed."""
    table = Table(title="Summary", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_column("share", justify="right")
    table.add_row("pages", str(summary.pages), "")
    for verdict in ("contaminated", "residue", "clean", "error"):
        count = summary.verdicts.get(verdict, 0)
        share = f"{count / summary.pages:.1%}" if summary.pages else ""
        table.add_row(Text(verdict, style=VERDICT_STYLES[verdict]), str(count), share)
    for label in FLAGGED_LABELS:
        table.add_row(f"{label} segments", str(summary.labels.get(label, 0)), "")
    if summary.corpus:
        table.add_row("campaigns", str(summary.corpus.get("campaigns", 0)), "")
        table.add_row("template lines", str(summary.corpus.get("template_lines", 0)), "")
        table.add_row("verdicts changed by corpus evidence",
                      str(summary.corpus.get("rescored_pages", 0)), "")
    table.add_row("pages/s", f"{summary.rate:,.0f}", "")
    return table


def signals_table(summary: Summary) -> Table:
    """Which signals fired how often: reason ids of non-clean segments, as the JSON lists them."""
    table = Table(title="Signals that fired (reasons of non-clean segments)",
                  title_justify="left", show_footer=True)
    table.add_column("signal", footer="total")
    table.add_column("segments", justify="right", footer=str(sum(summary.reasons.values())))
    for label in FLAGGED_LABELS:
        total = sum(v for (_, lab), v in summary.reason_labels.items() if lab == label)
        table.add_column(label, justify="right", footer=str(total),
                         header_style=LABEL_STYLES[label])
    for reason, count in summary.reasons.most_common():
        table.add_row(reason, str(count), *(str(summary.reason_labels.get((reason, label), 0))
                                            for label in FLAGGED_LABELS))
    return table


def errors_table(reports: list[PageReport]) -> Table:
    table = Table(title="Errors", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("error", overflow="fold")
    for report in reports:
        table.add_row(_name(report), Text(safe("; ".join(report.errors))))
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
                  templates: list[TemplateLine] | None = None,
                  error_pages: int | None = None) -> None:
    """Contaminated pages, campaigns, template lines, errors, then the totals.

    `errors`: the first pages with errors (`ERROR_ROWS` are listed); `error_pages`: how many
    there were in all, when more than `errors` holds."""
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
        console.print(errors_table(errors[:ERROR_ROWS]))
        more = max(error_pages or 0, len(errors)) - min(ERROR_ROWS, len(errors))
        if more > 0:
            console.print(f"… and {more} more pages with errors (use --format jsonl for all)")
    if summary.reasons:
        console.print(signals_table(summary))
    console.print(summary_table(summary))


def _marked(report: PageReport, seg: SegmentReport) -> Text:
    """A segment's text in its label's colour, injected spans marked."""
    text = Text(style=LABEL_STYLES[seg.label] if seg.label != "clean" else "")
    cursor = seg.start
    for span in seg.spans:
        text.append(safe(report.text[cursor : span.start]))
        text.append(safe(span.text), style=SPAN_STYLE)
        cursor = span.end
    text.append(safe(report.text[cursor : seg.end]))
    return text


def highlighted(report: PageReport, seg_index: int) -> Text:
    """A segment's text with its injected spans marked."""
    return _marked(report, report.segments[seg_index])


def page_text(report: PageReport) -> Text:
    """The page as written, each segment in its label's colour and injected spans marked; up
    to `PAGE_VIEW_CHARS` (a terminal shows no more, and wrapping a line of megabytes took
    the renderer longer than the scan)."""
    text = Text()
    cursor = 0
    for seg in report.segments:
        if seg.start >= PAGE_VIEW_CHARS:
            break
        text.append(safe(_line_breaks(report.text[cursor : seg.start])))
        text.append(_marked(report, seg))
        cursor = seg.end
    shown = max(cursor, PAGE_VIEW_CHARS)
    text.append(safe(_line_breaks(report.text[cursor:shown])))
    if len(report.text) > shown:
        text.append(f"\n… {len(report.text) - shown:,} more characters not shown", style="dim")
    return text


def _line_breaks(gap: str) -> str:
    """The text between segments with its line breaks (CRLF, a lone CR of old Mac files, or
    any other break `parse` splits at) as newlines, which the terminal shows as such rather
    than as escapes."""
    return _BREAK.sub("\n", gap)


def weighted_reasons(seg: SegmentReport) -> Text:
    """Reason ids with their contributions in logits, strongest first."""
    text = Text()
    for n, reason in enumerate(seg.reasons):
        weight = seg.reason_weights[n] if n < len(seg.reason_weights) else None
        text.append(("\n" if n else "") + reason)
        if weight is not None and weight == weight:  # NaN: a rule, no weight
            text.append(f" {weight:+.2f}", style="dim")
        elif weight is not None:
            text.append(" (rule)", style="dim")
    return text


def legend() -> Text:
    text = Text("labels: ")
    for label in FLAGGED_LABELS:
        text.append(label, style=LABEL_STYLES[label])
        text.append("  ")
    text.append("injected span", style=SPAN_STYLE)
    return text


def explain_table(report: PageReport) -> Table:
    """Every segment of a page with its label, score and its top signals with their weights."""
    table = Table(title="Segments (signal weights are logit contributions)",
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("role")
    table.add_column("label")
    table.add_column("score", justify="right")
    table.add_column("text", overflow="fold", ratio=3)
    table.add_column("top signals", overflow="fold", ratio=1, min_width=26)
    for n, seg in enumerate(report.segments):
        table.add_row(str(seg.index), seg.role, Text(seg.label, style=LABEL_STYLES[seg.label]),
                      f"{seg.score:.2f}", highlighted(report, n), weighted_reasons(seg))
    return table


def explain_view(report: PageReport) -> Group:
    """`explain FILE`: the page with its evidence highlighted inline, then every segment."""
    title = _name(report).append(f": {report.verdict} (score {report.score or 0.0:.2f})")
    title.stylize("bold")
    return Group(title, legend(), Text(""), page_text(report), Text(""), explain_table(report))
