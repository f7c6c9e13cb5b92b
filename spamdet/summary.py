"""Running totals of a scan, shared by the terminal table and the HTML report.

Counts only (and the top pages), so memory does not grow with the corpus.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spamdet.records import PageReport

TOP_PAGES = 50
"""Contaminated pages kept for the terminal table (the highest scores)."""
HISTOGRAM_BINS = 20
"""Page-score histogram bins over [0, 1]."""
FLAGGED_LABELS = ("injection", "promo", "residue")


def score_bin(score: float) -> int:
    """The histogram bin of a page score; 1.0 falls in the last bin."""
    return min(HISTOGRAM_BINS - 1, max(0, int(score * HISTOGRAM_BINS)))


@dataclass
class Summary:
    """Totals of a scan: verdicts, segment labels, signal counts, the score histogram.

    reasons: how many non-clean segments list each reason id (the JSON report's `reasons`).
    reason_labels: the same counts split by segment label, keyed `(reason, label)`.
    histogram: pages per score bin (`score_bin`); error pages have no score and are not in it.
    campaigns: cross-page campaigns found by a corpus scan; each a mapping of column name to
        value. Reports render them when the list is not empty.
    corpus: counts from a corpus scan (campaigns, template_lines, rescored_pages).
    keep_top: whether `flagged` keeps the contaminated pages with the highest scores (the
        terminal table's; at most `4 * TOP_PAGES` reports at a time).
    """

    pages: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    reason_labels: Counter[tuple[str, str]] = field(default_factory=Counter)
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    errors: int = 0
    bytes: int = 0
    seconds: float = 0.0
    flagged: list[PageReport] = field(default_factory=list)
    campaigns: list[dict[str, object]] = field(default_factory=list)
    corpus: dict[str, int] = field(default_factory=dict)
    keep_top: bool = True

    def add(self, report: PageReport) -> None:
        self.pages += 1
        self.verdicts[report.verdict] += 1
        self.errors += bool(report.errors) and report.verdict == "error"
        self.bytes += len(report.text.encode("utf-8", "replace"))
        if report.score is not None:
            self.histogram[score_bin(report.score)] += 1
        reasons: list[str] = []
        reason_labels: list[tuple[str, str]] = []
        for seg in report.segments:
            if seg.label != "clean":
                self.labels[seg.label] += 1
                reasons.extend(seg.reasons)
                reason_labels.extend((reason, seg.label) for reason in seg.reasons)
        self.reasons.update(reasons)  # once per page: each `update` costs an ABC check
        self.reason_labels.update(reason_labels)
        if report.contaminated and self.keep_top:
            self.flagged.append(report)
            self._trim()

    def merge(self, other: Summary) -> None:
        """Add the totals of `other`, a summary of the pages that come after these."""
        self.pages += other.pages
        self.verdicts.update(other.verdicts)
        self.labels.update(other.labels)
        self.reasons.update(other.reasons)
        self.reason_labels.update(other.reason_labels)
        self.histogram = [a + b for a, b in zip(self.histogram, other.histogram, strict=True)]
        self.errors += other.errors
        self.bytes += other.bytes
        if self.keep_top:
            self.flagged.extend(other.flagged)
            self._trim()

    def _trim(self) -> None:
        """Keep the `TOP_PAGES` highest scores once `flagged` holds four times as many (a
        stable sort: of equal scores, the pages read first)."""
        if len(self.flagged) > 4 * TOP_PAGES:
            self.flagged.sort(key=lambda r: -(r.score or 0.0))
            del self.flagged[TOP_PAGES:]

    @property
    def rate(self) -> float:
        """Pages per second (0 before the scan is timed)."""
        return self.pages / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "pages": self.pages,
            "verdicts": dict(self.verdicts),
            "segments": dict(self.labels),
            "reasons": dict(self.reasons.most_common()),
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.rate, 1) if self.seconds else None,
        }


def page_name(report: PageReport) -> str:
    """How the reports name a page: its file, and which record of it for a file of many
    (JSONL, WARC, standard input), whose records share one path."""
    if report.path is None or report.id == report.path or report.id.startswith(report.path):
        return report.id  # a page file, a record named `file:line`, or a library record
    return f"{report.path} [{report.id}]"


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
    """What was found, briefly: up to `n` injected spans and up to `n` promo lines, strongest
    first, and how many more there are (a promo line is never hidden behind the brands)."""
    brands: list[str] = []
    promos: list[str] = []
    for seg in sorted(report.segments, key=lambda s: -s.score):
        if seg.label == "injection":
            brands.extend(span.text for span in seg.spans)
        elif seg.label == "promo":
            promos.append(seg.text[:40] + ("…" if len(seg.text) > 40 else ""))
    brands, promos = list(dict.fromkeys(brands)), list(dict.fromkeys(promos))
    shown = brands[:n] + promos[:n]
    more = len(brands) + len(promos) - len(shown)
    return ", ".join(shown) + (f" (+{more} more)" if more else "")
