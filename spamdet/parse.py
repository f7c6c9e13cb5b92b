"""Turn a document's text into a `Page` of line segments with offsets and layout roles."""

from __future__ import annotations

import re

from spamdet.config import MAX_LINE_CHARS, MAX_SEGMENTS
from spamdet.normalize import words
from spamdet.records import Document, Page, Segment, lines_cut, segments_cut
from spamdet.separators import PICTOGRAPHS

ROLES = ("title", "dateline", "body", "list_item", "short", "line")

# Line breaks as `str.splitlines` knows them: CR, LF, VT, FF, the file/group/record
# separators, NEL and the Unicode line and paragraph separators.
LINE_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(f"[^{LINE_BREAKS}]+")
_LIST_MARKER = re.compile(r"^(?:[-*•·▪►▶◆■–—>]|\d{1,3}[.)])\s")
# A dateline: up to 80 characters, then a dash with a space on at least one side, then a
# sentence (`_DATELINE`) or any word (`_DATELINE_ANY_CASE`: a brand in lower case or
# opening with emoji may stand there, `(AP) — moonboss ❯ The…`, `(AP) — 🚀MoonX ● The…`).
_DATELINE_HEAD = r"^(?P<zone>[^\n—–]{2,80}?)(?:\s*[—–]+\s*|\s+--?\s*|\s*--?\s+)"
_DATELINE = re.compile(_DATELINE_HEAD + r"(?=[\"'“‘(]?[A-Z0-9])")
_DATELINE_ANY_CASE = re.compile(_DATELINE_HEAD + rf"(?=[\"'“‘(]?[{PICTOGRAPHS}]*[^\W_])")
_AGENCY_TAG = re.compile(r"\((?:[A-Z][\w.&' -]{0,24})\)")
_ALLCAPS_WORD = re.compile(r"(?:^|[\s,])[A-Z]{3,}(?:[ .'’-][A-Z]{2,})*(?=[\s,(]|$)")
_BARE_AGENCIES = frozenset({"AP", "AFP", "UPI", "dpa", "Reuters"})

SHORT_WORDS = 6
BODY_WORDS = 12


def _dateline(text: str, pattern: re.Pattern[str] = _DATELINE) -> re.Match[str] | None:
    """The dateline (`SEOUL, South Korea (AP) —`) at the start of `text`, if it has one."""
    match = pattern.match(text)
    if match is None:
        return None
    zone = match.group("zone")
    if len(words(zone)) > 8:
        return None
    if _ALLCAPS_WORD.search(zone) or _AGENCY_TAG.search(zone) or zone.strip() in _BARE_AGENCIES:
        return match
    return None


def dateline_zone(text: str) -> int:
    """Length of the dateline zone (`SEOUL, South Korea (AP)`) at the start of `text`, or 0."""
    match = _dateline(text)
    return 0 if match is None else len(match.group("zone").rstrip())


def dateline_end(text: str) -> int:
    """Where the first word after the dateline and its dash at the start of `text` stands
    (in any case), or 0 when `text` opens with no dateline."""
    match = _dateline(text, _DATELINE_ANY_CASE)
    return 0 if match is None else match.end()


def line_role(text: str, index: int) -> str:
    """The layout role of a non-empty line at position `index` among a page's lines."""
    n_words = len(words(text))
    if index == 0 and n_words <= 40:
        return "title"
    if _LIST_MARKER.match(text):
        return "list_item"
    if n_words >= 4 and dateline_zone(text):
        return "dateline"
    if n_words <= SHORT_WORDS:
        return "short"
    if n_words >= BODY_WORDS or (n_words >= 8 and text[-1] in ".!?\"'”’"):
        return "body"
    return "line"


def split_lines(text: str, page_id: str, max_segments: int = MAX_SEGMENTS,
                max_line_chars: int = MAX_LINE_CHARS) -> list[Segment]:
    """Non-empty lines of `text` as segments; offsets exclude surrounding whitespace.

    A line longer than `max_line_chars` becomes a segment of its first `max_line_chars`
    characters (the rest is not scored), so the work per line stays bounded."""
    segments: list[Segment] = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        if len(segments) >= max_segments:
            break
        stripped = cap_line(stripped, max_line_chars)
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        role = line_role(stripped, len(segments))
        segments.append(Segment(page_id, len(segments), stripped, start, end, role))
    return segments


def cap_line(text: str, max_line_chars: int) -> str:
    """The first `max_line_chars` characters of a line, without trailing whitespace."""
    return text if len(text) <= max_line_chars else text[:max_line_chars].rstrip()


def truncation_note(cut: int, max_line_chars: int, what: str = "lines") -> tuple[str, ...]:
    """The page-report note for `cut` lines (or blocks) scored only up to `max_line_chars`."""
    return (lines_cut(cut, max_line_chars, what),) if cut else ()


def cut_note(text: str, segments: list[Segment], max_line_chars: int) -> tuple[str, ...]:
    """The page-report note for segments cut at `max_line_chars` (none when no line was)."""
    cut = 0
    for seg in segments:
        rest = _LINE.match(text, seg.end)
        cut += bool(rest and not rest.group().isspace())
    return truncation_note(cut, max_line_chars)


def parse_text(doc: Document, max_segments: int = MAX_SEGMENTS,
               max_line_chars: int = MAX_LINE_CHARS) -> Page:
    """A text document becomes one segment per non-empty line."""
    segments = split_lines(doc.text, doc.id, max_segments, max_line_chars)
    errors = (*doc.errors, *cut_note(doc.text, segments, max_line_chars))
    if len(segments) == max_segments and _LINE.search(doc.text, segments[-1].end + 1):
        errors = (*errors, segments_cut(max_segments))
    return Page(doc.id, doc.text, tuple(segments), doc.path, doc.kind, errors)
