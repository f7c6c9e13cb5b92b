"""The frame the rules after the model share: each reads the article's prose lines one by
one for names the token model missed (`glued_in_sentence`, `set_off_in_prose`,
`foreign_agency`, `wedged_in_dateline`), and what it finds becomes injected tokens of its
line, unless the model found them already.

A rule's finds make the page contaminated, so the page score rises to the token evidence
they stand for (`recurrence.raised`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import NamedTuple

from spamdet.normalize import compose, word_matches
from spamdet.records import SegmentReport
from spamdet.recurrence import raised, with_tokens

PROSE_ROLES = frozenset({"body", "dateline"})
"""Lines of prose: paragraphs, the first one opening with its dateline."""
COUNTED_ROLES = PROSE_ROLES | {"title"}
"""Where a found name may not appear again: in the article's prose or title the writer uses
it (a space lost before the name of the company the story is about); in a promotion or a
related list it is the brand again."""


class Found(NamedTuple):
    """A name a rule found: its place on the page (`recurrence.Placed`)."""

    start: int
    end: int


Counts = Callable[[], dict[str, int]]
"""The article's word counts (`prose_counts`), computed on first call."""
Finder = Callable[[SegmentReport, Counts], Sequence[Found]]
"""A rule's search in one prose line: the names it finds there (page offsets)."""


def prose_counts(segments: Sequence[SegmentReport]) -> dict[str, int]:
    """How often each word stands in the article's prose and title (`COUNTED_ROLES`),
    outside the spans found injected."""
    counts: Counter[str] = Counter()
    for seg in segments:
        if seg.role in COUNTED_ROLES:
            spans = tuple((sp.start - seg.start, sp.end - seg.start) for sp in seg.spans)
            counts.update(_words_outside(seg.text, spans))
    return counts


@lru_cache(maxsize=4096)
def _words_outside(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """The words of a line outside `spans` (offsets in the line). Cached: every rule asks
    for the article's counts again, and a long page's lines are many."""
    return tuple(compose(m.group()) for m in word_matches(text)
                 if not any(a <= m.start() < b for a, b in spans))


def new_finds(seg: SegmentReport, found: Sequence[Found]) -> list[Found]:
    """The names in `found` that do not start inside a span of `seg` the model (or an
    earlier rule) found already."""
    return [f for f in found if not any(sp.start <= f.start < sp.end for sp in seg.spans)]


def in_prose(segments: Sequence[SegmentReport], closed: Collection[int],
             token_threshold: float, reason: str, find: Finder
             ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with what `find` finds in each prose line (not `closed`, labelled clean or
    injection) marked injected for `reason`, and the token probability that stands for (0
    when it found nothing)."""
    out: list[SegmentReport] | None = None
    counts: dict[str, int] | None = None

    def article_counts() -> dict[str, int]:
        nonlocal counts
        if counts is None:
            counts = prose_counts(segments)
        return counts

    for i, seg in enumerate(segments):
        if seg.role not in PROSE_ROLES or seg.label not in ("clean", "injection") or i in closed:
            continue
        found = new_finds(seg, find(seg, article_counts))
        if found:
            out = out if out is not None else list(segments)
            out[i] = with_tokens(seg, found, raised(0.0, token_threshold), reason)
    if out is None:
        return tuple(segments), 0.0
    return tuple(out), raised(0.0, token_threshold)
