"""A batch of a scan's reports, rendered where the batch was scored.

With `scan --jobs N`, the worker that scored (or, in a corpus scan, rescored) a batch also
turns it into what the output needs: its JSON records as text, its totals, its error
pages. The parent process only writes and adds up: whatever it spends per page caps the
scan's pace, however many workers there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spamdet.records import Document, PageReport
from spamdet.summary import Summary
from spamdet.textsafe import to_json

if TYPE_CHECKING:
    from spamdet.detector import Detector


@dataclass
class Rendered:
    """One batch, rendered.

    records: its JSON records, one per line ending in a newline (jsonl), or each after
        ",\\n" (json array items: the first record of the array drops the comma);
    summary: its totals (`Summary.merge` adds them up); errors: its pages with errors;
    reports: all its reports, when the output needs them (the HTML report).
    """

    records: str
    summary: Summary
    errors: list[PageReport]
    reports: list[PageReport]


@dataclass(frozen=True)
class Output:
    """What a scan writes: `fmt` (table, json, jsonl or html); `all_segments`: JSON records
    list clean segments too. Called on a batch of reports, renders it."""

    fmt: str
    all_segments: bool = False

    def __call__(self, reports: list[PageReport]) -> Rendered:
        summary = Summary(keep_top=self.fmt == "table")
        for report in reports:
            summary.add(report)
        records = ""
        if self.fmt in ("json", "jsonl"):
            lines = [to_json(report.to_dict(self.all_segments)) for report in reports]
            records = ("".join(line + "\n" for line in lines) if self.fmt == "jsonl"
                       else "".join(",\n" + line for line in lines))
        errors = [report for report in reports if report.verdict == "error" or report.errors]
        return Rendered(records, summary, errors, reports if self.fmt == "html" else [])

    def scan(self, detector: Detector, docs: list[Document]) -> Rendered:
        """Score `docs` as one batch and render the reports (work for `Detector.batched`)."""
        return self(detector.scan_documents(docs))
