"""The records that flow through spamdet: one input record, one segment record, one report.

A `Document` is what ingest produces; `parse` turns it into a `Page` of frozen
`Segment`s; scoring produces a `PageReport` of `SegmentReport`s and `Span`s.
No stage adds attributes to a record it received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1

LABELS = ("clean", "injection", "promo", "residue")
"""Segment labels, in the order the models use."""

CONTAMINATING = frozenset({"injection", "promo"})
"""Labels that make a page `contaminated`."""


@dataclass(frozen=True, slots=True)
class Document:
    """One page as read from a file or record: its text, or the errors that stopped reading it."""

    id: str
    text: str
    path: str | None = None
    kind: str = "text"
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """One line (or HTML block) of a page, with offsets into the page text and a layout role."""

    page_id: str
    index: int
    text: str
    start: int
    end: int
    role: str


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed document: its text and the segments that cover it."""

    id: str
    text: str
    segments: tuple[Segment, ...]
    path: str | None = None
    kind: str = "text"
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """A located piece of contamination: page offsets, the text they cover, and its label."""

    start: int
    end: int
    text: str
    label: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@dataclass(frozen=True, slots=True)
class SegmentReport:
    """A scored segment: label, score in [0, 1], ranked reason ids, and injected spans.

    `reason_weights[i]` is how much `reasons[i]` pushed the score, in logits (for people:
    `explain` and HTML reports); it stays out of `to_dict()` so the JSON contract is stable.
    """

    index: int
    start: int
    end: int
    text: str
    role: str
    label: str
    score: float
    reasons: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    reason_weights: tuple[float, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "spans": [span.to_dict() for span in self.spans],
        }


@dataclass(frozen=True)
class PageReport:
    """The verdict on one page, with the evidence; `to_dict()` gives the JSON contract."""

    id: str
    path: str | None
    verdict: str
    score: float | None
    segments: tuple[SegmentReport, ...]
    text: str = field(repr=False, default="")
    kind: str = "text"
    errors: tuple[str, ...] = ()

    @property
    def contaminated(self) -> bool:
        return self.verdict == "contaminated"

    @property
    def cleaned_text(self) -> str:
        """The page text with injected spans, promo and residue removed (see `spamdet.clean`)."""
        from spamdet.clean import clean_report

        return clean_report(self)

    def to_dict(self, all_segments: bool = False) -> dict[str, object]:
        segments = [
            seg.to_dict() for seg in self.segments if all_segments or seg.label != "clean"
        ]
        record: dict[str, object] = {
            "schema": SCHEMA_VERSION,
            "path": self.path,
            "id": self.id,
            "verdict": self.verdict,
            "score": None if self.score is None else round(self.score, 4),
            "segments": segments,
            "errors": list(self.errors),
        }
        if self.kind != "text":
            record["text"] = self.text
        return record
