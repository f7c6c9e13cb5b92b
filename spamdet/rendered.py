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


def framed(line: str, fmt: str) -> str:
    """One JSON record as the output holds it: a line (`jsonl`), or an array item after
    ",\n" (`json`; the array's first item drops the comma)."""
    return line + "\n" if fmt == "jsonl" else ",\n" + line


@dataclass
class Rendered:
    """One batch, rendered.

    records: its JSON records, each `framed`;
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
            records = "".join(framed(to_json(report.to_dict(self.all_segments)), self.fmt)
                              for report in reports)
        errors = [report for report in reports if report.verdict == "error" or report.errors]
        return Rendered(records, summary, errors, reports if self.fmt == "html" else [])

    def scan(self, detector: Detector, docs: list[Document]) -> Rendered:
        """Score `docs` as one batch and render the reports (work for `Detector.batched`)."""
        return self(detector.scan_documents(docs))
