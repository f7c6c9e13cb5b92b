"""Template zones: where on a page the template sits, so cleaning drops it and keeps the article.

The model labels lines one by one; a page's template comes in stretches. After the model,
this rule layer finds the article (the run of clean or injected lines with the most words)
and the template zones around it, anchored by lines that can only be template (a date stamp,
a breadcrumb, a widget header, a counter, a rule, a copyright line, a URL):

- the head zone: residue before the article, when the head holds an anchor;
- the tail zone: everything after the article, when it holds an anchor and at least
  `ZONE_MIN_SHARE` of its lines are residue or promo. Its clean lines are relabelled
  residue too, unless the model is sure of them (`ZONE_CLEAN_SURE`): related-story
  headlines and "Follow us" lines among the widgets are the site's, not the article's.

Residue in a zone carries the reason `template_zone` (first), and cleaning drops it; residue
outside every zone (a list inside an article that merely looks like headlines) is reported
but kept by cleaning, because dropping it would cut article text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from spamdet.records import SegmentReport

TEMPLATE_ZONE = "template_zone"
"""Reason id of residue inside a template zone (cleaning drops it)."""
TEMPLATE_RECURRENCE = "template_recurrence"
"""Reason id of lines the corpus saw on many pages of one site (see `spamdet.campaigns`)."""
CONFIRMED_RESIDUE = frozenset({TEMPLATE_ZONE, TEMPLATE_RECURRENCE})
"""Residue with one of these reasons is dropped by cleaning."""

ANCHOR_SIGNALS = {
    "counter_widget": 1.0,
    "breadcrumb": 1.0,
    "template_date": 0.6,
    "widget_header": 1.0,
    "rule_line": 1.0,
    "copyright_notice": 1.0,
    "url_present": 1.0,
}
"""Segment signals, and the value each must reach, that make a residue line a template anchor."""
ZONE_MIN_SHARE = 0.5
"""Share of residue or promo lines from which a stretch after the article is a template zone."""
ZONE_CLEAN_SURE = 0.97
"""A clean line in the tail zone stays clean when the model gives it at least this
probability (reader comments mostly do; headlines of other stories mostly do not)."""


def article_block(segments: Sequence[SegmentReport]) -> tuple[int, int]:
    """First and last index of the run of clean or injected lines with the most words.

    (0, -1) when there is none.
    """
    best, best_words = (0, -1), 0
    start, words = 0, 0
    for i, seg in enumerate(segments):
        if seg.label not in ("clean", "injection"):
            words = 0
            continue
        if words == 0:
            start = i
        words += len(seg.text.split())
        if words > best_words:
            best, best_words = (start, i), words
    return best


def tail_zone(segments: Sequence[SegmentReport], anchors: Collection[int], after: int) -> int:
    """Index where the template zone after the article starts, or len(segments) if none.

    The stretch after the article is a zone when it holds an anchor and at least
    `ZONE_MIN_SHARE` of its lines are residue or promo.
    """
    zone = segments[after + 1 :]
    if not zone or not any(i in anchors for i in range(after + 1, len(segments))):
        return len(segments)
    share = sum(seg.label in ("residue", "promo") for seg in zone) / len(zone)
    return after + 1 if share >= ZONE_MIN_SHARE else len(segments)


def _confirmed(seg: SegmentReport) -> SegmentReport:
    """`seg` as confirmed template residue (the reason put first)."""
    if seg.label == "clean":
        if seg.score >= ZONE_CLEAN_SURE:
            return seg
        return seg.ruled((TEMPLATE_ZONE,), label="residue", score=1.0 - seg.score)
    if seg.label != "residue" or TEMPLATE_ZONE in seg.reasons:
        return seg
    return seg.ruled((TEMPLATE_ZONE, *seg.reasons))


def mark_zones(segments: Sequence[SegmentReport], anchors: Collection[int]
               ) -> tuple[SegmentReport, ...]:
    """Segments with their template zones marked (`anchors`: indices of anchor residue lines)."""
    if not anchors:
        return tuple(segments)
    first, last = article_block(segments)
    if last < 0:
        first = last = len(segments)
    tail = tail_zone(segments, anchors, last)
    head_anchored = any(i in anchors for i in range(first))
    out = []
    for i, seg in enumerate(segments):
        if i >= tail and seg.label in ("clean", "residue"):
            seg = _confirmed(seg)
        elif seg.label == "residue" and (i in anchors or (i < first and head_anchored)):
            seg = _confirmed(seg)
        out.append(seg)
    return tuple(out)
