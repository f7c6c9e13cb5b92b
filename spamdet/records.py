"""The records that flow through spamdet: one input record, one segment record, one report.

A `Document` is what ingest produces; `parse` turns it into a `Page` of frozen
`Segment`s; scoring produces a `PageReport` of `SegmentReport`s and `Span`s.
No stage adds attributes to a record it received.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TypeVar

SCHEMA_VERSION = 1

LABELS = ("clean", "injection", "promo", "residue")
"""Segment labels, in the order the models use."""

CONTAMINATING = frozenset({"injection", "promo"})
"""Labels that make a page `contaminated`."""


R = TypeVar("R")


def pickled_by_fields(cls: type[R]) -> type[R]:
    """Pickle a frozen slots dataclass as its class and field values, rebuilt by `__init__`.

    The dataclass default for slots pickles through `dataclasses.fields()` once per object,
    which made the parent of `scan --jobs N` (it unpickles every segment report and every
    candidate token's sighting) the bottleneck once scoring got fast."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return type(self), values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


KINDS = ("text", "html")
"""What a `Document`'s text is: plain text (lines are segments) or HTML source (blocks are)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Document:
    """One page as read from a file or record: its text (or HTML source), or the errors that
    stopped reading it. `url` is where the page came from, when the input says so."""

    id: str
    text: str
    path: str | None = None
    kind: str = "text"
    errors: tuple[str, ...] = ()
    url: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Segment:
    """One line (or HTML block) of a page, with offsets into the page text and a layout role."""

    page_id: str
    index: int
    text: str
    start: int
    end: int
    role: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """One `<a href>` inside an HTML block: where it points and the words it shows."""

    href: str
    text: str
    host: str
    external: bool


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Markup:
    """Where an HTML block stood in the markup; one per segment of an HTML page.

    tag: the block's element (`title`, `h1`, `p`, `li`, `td`, `div`, ...), or `meta:description`
        / `meta:keywords` for head metadata, which is not visible text.
    containers: semantic ancestors, outermost first (`nav`, `header`, `footer`, `aside`,
        `main`, `article`, `form`, `figure`, `table`).
    hints: class/id/role tokens of the block and its ancestors that name what it is
        (`related`, `promo`, `sponsor`, `menu`, `cookie`, `byline`, ...; see `spamdet.html`).
    hidden: why a reader cannot see the block (`display_none`, `visibility_hidden`,
        `hidden_attr`, `tiny_font`, `offscreen`, `same_colour`, `opacity_zero`, `collapsed`:
        a box at most 1 px high or wide that hides its overflow, `clipped`: clipped to
        nothing by `clip` or `clip-path`),
        or "" when visible.
    link_chars: characters of the block's text that are inside links.
    links: the block's links, in order.
    group: identifies the nearest enclosing list or container shared with neighbouring
        blocks, so a link list split over `<li>`s can be judged as one.
    """

    tag: str
    containers: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    hidden: str = ""
    link_chars: int = 0
    links: tuple[Link, ...] = ()
    group: int = -1

    @property
    def visible(self) -> bool:
        """True for text a reader sees in the page body (not hidden, not head metadata)."""
        return not self.hidden and not self.tag.startswith("meta:")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Site:
    """What an HTML page says about the site that published it.

    url: the page address (from the input, else `<link rel=canonical>` / `og:url`).
    host: the registrable domain of `url` (`example.co.uk`), or the host most links point to.
    names: the site's names (`og:site_name`, `application-name`, host labels), lower case.
    hosts: every registrable domain the page calls its own (input URL, canonical, og:url);
        links to them are not off-site.
    """

    url: str | None = None
    host: str = ""
    names: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Page:
    """A parsed document: its text and the segments that cover it.

    For HTML, `markup` has one record per segment and `site` what the page says about its site.
    """

    id: str
    text: str
    segments: tuple[Segment, ...]
    path: str | None = None
    kind: str = "text"
    errors: tuple[str, ...] = ()
    markup: tuple[Markup, ...] = ()
    site: Site | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A located piece of contamination: page offsets, the text they cover, and its label."""

    start: int
    end: int
    text: str
    label: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SegmentReport:
    """A scored segment: label, score in [0, 1], ranked reason ids, and injected spans.

    `reason_weights[i]` is how much `reasons[i]` pushed the score, in logits (for people:
    `explain` and HTML reports; NaN for a rule, which has no weight); it stays out of
    `to_dict()` so the JSON contract is stable, and out of equality (NaN equals nothing, so
    a report would not equal its own copy).
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
    reason_weights: tuple[float, ...] = field(default=(), compare=False)

    def ruled(self, reasons: tuple[str, ...], label: str | None = None,
              score: float | None = None, spans: tuple[Span, ...] | None = None
              ) -> SegmentReport:
        """This segment after a rule layer: `reasons` may name rules, which have no weight
        (NaN; a rule decides, it adds no logits); model reasons keep theirs."""
        known = dict(zip(self.reasons, self.reason_weights, strict=False))
        weights = tuple(known.get(reason, math.nan) for reason in reasons)
        return SegmentReport(self.index, self.start, self.end, self.text, self.role,
                             self.label if label is None else label,
                             self.score if score is None else score, reasons,
                             self.spans if spans is None else spans, weights)

    def at(self, index: int) -> SegmentReport:
        """This segment as block `index` of its page (`dataclasses.replace` takes twice as long)."""
        return SegmentReport(index, self.start, self.end, self.text, self.role, self.label,
                             self.score, self.reasons, self.spans, self.reason_weights)

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


_TRUNCATED = "truncated: "
_CUT_HEAD, _CUT_TAIL = _TRUNCATED + "only the first ", " were read"
_SCORED_TAIL = " were scored"
RECORD_ENDS_EARLY = _TRUNCATED + "the WARC record ends early (file cut short)"
"""The error of a WARC record the file ends inside: its page is cut as a `read_cut` one is."""


def read_cut(count: int, unit: str) -> str:
    """The error of a page cut at the size limit when it was read (`unit`: bytes or
    characters): what follows the cut was never read, so no cleaned copy can hold it."""
    return f"{_CUT_HEAD}{count} {unit}{_CUT_TAIL}"


def cut_when_read(errors: Sequence[str]) -> bool:
    """Do a page's `errors` say it was cut as it was read: at the size limit (`read_cut`),
    or by the end of a WARC file cut short inside its record (`RECORD_ENDS_EARLY`)?"""
    return any(e.startswith(_CUT_HEAD) and e.endswith(_CUT_TAIL) or e == RECORD_ENDS_EARLY
               for e in errors)


def segments_cut(limit: int) -> str:
    """The note of a page scored only up to its first `limit` segments (the rest is kept)."""
    return f"{_CUT_HEAD}{limit} segments{_SCORED_TAIL}"


def lines_cut(count: int, max_chars: int, what: str = "lines") -> str:
    """The note of a page whose `count` lines (or blocks) were scored only up to their first
    `max_chars` characters."""
    return (f"{_TRUNCATED}{count} {what} longer than {max_chars} characters; only their "
            f"first {max_chars}{_SCORED_TAIL}")


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
    def cut(self) -> bool:
        """True when the page was cut as it was read (`cut_when_read`)."""
        return cut_when_read(self.errors)

    @property
    def scored_in_part(self) -> bool:
        """True when only part of the page was scored (`segments_cut`, `lines_cut`): the
        rest is kept as it was."""
        return any(e.startswith(_TRUNCATED) and e.endswith(_SCORED_TAIL) for e in self.errors)

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
