"""`added_to_headline`: a name added to a line that repeats the page's headline.

A scraped page carries its headline twice: in the title line and again above the story
(the `<h1>`). A template that adds its brand to the copy (`🔥 NEXVORA NATO allies agree to
expand air defence training…` under the title `NATO allies agree to expand air defence
training… - The Capital Report`) leaves a line that is the headline plus a name; the token
model reads the name among a headline's capitalised words and misses it when nothing glues
it.

So when a line among the page's first `LINES` holds the title's headline (its longest
chunk between spaced separators, of `MIN_HEADLINE_WORDS` words or more) and more, what
stands before or after the headline, symbols stripped, is injected when it is one to
`CHUNK_WORDS` words that read as a name (before it, not a breadcrumb trail that ends in the
headline: `Home › Politics › …`) (`prose_chunk.name_words`), and the title and the
article do not use them (the site's own name closes the title; a kicker the writer adds,
`Analysis`, is one ordinary word).

The other way round (`added_to_title`), the title's headline may be such a line with a
name added before, after or inside it (`Quorbit Homestead Financial Ups Cash Dividend` over
`Homestead Financial Ups Cash Dividend`), which the title rules leave to the model in a title
in title case, where a coined word may be the story's subject.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spamdet.combining import MARKS
from spamdet.lexicon import Lexicon, norm
from spamdet.normalize import word_matches, words
from spamdet.prose_chunk import CHUNK_WORDS, name_words, odd
from spamdet.prose_rule import Found, new_finds, prose_counts
from spamdet.records import SegmentReport
from spamdet.recurrence import raised, with_tokens
from spamdet.separators import CRUMBS

COPY_RULE = "added_to_headline"
TITLE_COPY_RULE = "added_to_title"
LINES = 8
"""The headline's copy stands near the top: among the page's first this many lines."""
MIN_HEADLINE_WORDS = 5
"""A headline this long is not repeated by chance."""
_SPACED_SEP = re.compile(r"(?<=\s)(?:[-|–—:•·»/]|::)(?=\s)")
"""A separator with a space on both sides; the spaces are looked at, not taken (`\\s+`
around it is quadratic on a run of spaces)."""
_CRUMB = re.compile(f"[{re.escape(CRUMBS)}]")
_NAME = re.compile(rf"[^\W_][\w.'’&{MARKS}-]*(?: [^\W_][\w.'’&{MARKS}-]*)*")
"""The words of the added text, symbols around them left out (`🔥 NEXVORA`: `NEXVORA`)."""


def _headline(title: str) -> str:
    """The title's longest chunk between spaced separators, or '' if it is short."""
    chunk = max(_SPACED_SEP.split(title), key=lambda c: len(words(c)))
    return chunk.strip() if len(words(chunk)) >= MIN_HEADLINE_WORDS else ""


def _breadcrumb(before: str, lexicon: Lexicon) -> bool:
    """Is `before`, what stands before the headline, a breadcrumb trail (`Front Page »
    Transportation »`, `Home Issues`)?"""
    first = words(before)[:1]
    return bool(_CRUMB.search(before)) or (bool(first) and norm(first[0]) in lexicon.widgets)


def copy_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
              closed: Collection[int], token_threshold: float
              ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `added_to_headline` applied, and the token probability it stands
    for (0 when it found nothing). `closed`: segments whose tokens may not be injected."""
    if not segments or segments[0].role != "title":
        return tuple(segments), 0.0
    title = segments[0].text
    headline = _headline(title)
    if not headline:
        return tuple(segments), 0.0
    for i, seg in enumerate(segments[1:LINES], 1):
        at = seg.text.find(headline)
        if (at < 0 or seg.text == headline or i in closed
                or seg.label not in ("clean", "injection")):
            continue
        found = []
        counts = prose_counts(segments)
        for start, end in ((0, at), (at + len(headline), len(seg.text))):
            name = _NAME.search(seg.text, start, end)
            if name is None:
                continue
            if start == 0 and _breadcrumb(seg.text[:at], lexicon):
                continue
            names = name_words(name.group(), lexicon)
            if (not names or len(names) > CHUNK_WORDS or name.group() in title
                    or any(counts.get(w, 0) > 1 for w in names)):
                continue
            found.append(Found(seg.start + name.start(), seg.start + name.end()))
        found = new_finds(seg, found)
        if found:
            p = raised(0.0, token_threshold)
            out = list(segments)
            out[i] = with_tokens(seg, found, p, COPY_RULE)
            return tuple(out), p
    return _added_to_title(segments, lexicon, closed, token_threshold)


def _added_to_title(segments: Sequence[SegmentReport], lexicon: Lexicon,
                    closed: Collection[int], token_threshold: float
                    ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `added_to_title` applied, and the token probability it stands for:
    the title's headline is a line among the page's first `LINES` with a name added before,
    after or inside it (`Quorbit Homestead Financial Ups Cash Dividend` over the copy
    `Homestead Financial Ups Cash Dividend`): one to `CHUNK_WORDS` words that read as a
    name, one of them odd and no number (`prose_chunk.odd`: a coined word, capitals or
    digits inside it; not the date `…today, November 19` over `…today`), that the article
    does not use elsewhere, and where the model found no name (`BluupX` of
    `HealthBluupX`)."""
    title = segments[0]
    headline = _headline(title.text)
    if not headline or 0 in closed or title.label not in ("clean", "injection"):
        return tuple(segments), 0.0
    offset = title.start + title.text.index(headline)
    head = word_matches(headline)
    folded = [m.group().casefold() for m in head]
    for seg in segments[1:LINES]:
        line_words = words(seg.text)
        extra = len(folded) - len(line_words)
        if not 0 < extra <= CHUNK_WORDS or len(line_words) < MIN_HEADLINE_WORDS:
            continue  # counted first: most lines are paragraphs, far longer
        copy = [w.casefold() for w in line_words]
        lead = next((n for n, (a, b) in enumerate(zip(folded, copy, strict=False))
                     if a != b), len(copy))
        if folded[lead + extra:] != copy[lead:]:
            continue
        first, last = head[lead].start(), head[lead + extra - 1].end()
        names = name_words(headline[first:last], lexicon)
        counts = prose_counts(segments)
        if (not names or not any(odd(w, lexicon) and not w.isdigit() for w in names)
                or any(counts.get(w, 0) > 1 for w in names)):
            return tuple(segments), 0.0
        start, end = offset + first, offset + last
        if any(sp.start < end and start < sp.end for sp in title.spans):
            return tuple(segments), 0.0  # the model's find (`BluupX` of `HealthBluupX`)
        p = raised(0.0, token_threshold)
        return (with_tokens(title, [Found(start, end)], p, TITLE_COPY_RULE),
                *segments[1:]), p
    return tuple(segments), 0.0
