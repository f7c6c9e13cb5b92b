"""What the signals look at: each line's tokens and chunks, and the page around it.

A line is cut into word tokens (camel-case words into parts, so `NewsPoinbank`
gives `News` + `Poinbank`) and into chunks at separators (`:` `|` ` - ` `_` …).
The page context holds the article's own vocabulary, counted without the
suspicious positions a brand would occupy, so a brand cannot vouch for itself.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spamdet.combining import MARKS
from spamdet.lexicon import TRADEMARKS, Lexicon, norm, signed
from spamdet.normalize import MARK, compose, deconfuse, fold, has_marks
from spamdet.parse import dateline_zone
from spamdet.records import Page, Segment
from spamdet.separators import SPACED, SYMBOLS, matches

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_MARKED_WORD = re.compile(f"(?:[^\\W_][{MARKS}]*)+(?:['’](?:[^\\W_][{MARKS}]*)+)?")
"""`_WORD` for a line with combining marks: a mark belongs to the letter it follows."""
_TRADEMARK = re.compile(f"[{TRADEMARKS}]")
"""A trademark sign (`lexicon.TRADEMARKS`): a token it follows reads as a word of its own,
`nexa™`, which no lexicon knows."""
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2})")
_NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Du", "Da", "La", "Le", "Van", "Von", "O"})
# Separators between chunks of a line: a colon not inside a time, symbols (`SYMBOLS`: bars,
# underscores, bullets, arrows, brackets, emoji…), dashes with a space on at least one side,
# and runs of `*+=#^` with a space on both sides.
_SEP = re.compile(
    rf"\s*(?:(?<!\d):(?!\d)|::|[{SYMBOLS}]|\s/|/\s)+\s*"
    r"|\s+[-–—]+\s*|\s*[-–—]+\s+|\s*[—–]+\s*"
    rf"|\s+[{re.escape(SPACED)}]+(?=\s)\s*"
)
_LEAD_PAREN = re.compile(r"\([^()]{2,40}\)\s*")
_TRAIL_PAREN = re.compile(r"\s\([^()]{2,40}\)$")
GLUE_BEFORE = frozenset(",.;:!?)]}\"'”’»|>_—/")
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.-])[\w.-]+\.[a-z]{2,6}/\S*")
# The lookbehind keeps the same matches (a host starts where its run of [\w.-] starts) but
# tries each run once: without it a long word costs the square of its length.
_SEP_CORE = re.compile(rf"[{SYMBOLS}:/\-–—{re.escape(SPACED)}]")
"""A character every `_SEP` match holds (`spamdet.separators`)."""
SIDE_CHUNK_TOKENS = 5
_END = sys.maxsize
MAX_CAMEL_PARTS = 12
"""A word that splits into more camel-case parts than this stays whole: no name or brand
does, and per-part signals over a word of thousands of parts would cost its length squared."""


@dataclass(slots=True, eq=False)
class Token:
    """A word or camel-case part of a word; offsets are into the segment text.

    Read-only by convention, not `frozen`: a page builds hundreds, and a frozen dataclass
    takes about 5x as long to build (one `object.__setattr__` call per field).
    """

    text: str
    norm: str
    start: int
    end: int
    word: int
    part: int
    n_parts: int
    chunk: int
    glued: bool
    """The word touches the previous word without a space (`glued_at`), found once in `layout`."""


@dataclass(frozen=True, slots=True)
class Layout:
    """A line cut into tokens and chunks; `zone` is the dateline zone length (0 if none)."""

    tokens: tuple[Token, ...]
    chunk_sizes: tuple[int, ...]
    main_chunk: int
    zone: int
    n_words: int
    chunks: tuple[tuple[Token, ...], ...]
    words: tuple[tuple[Token, ...], ...]
    side: tuple[bool, ...]
    """Per chunk: a short chunk that is not the line's main chunk (`is_side`)."""

    def is_side(self, token: Token) -> bool:
        """True for a token in a short chunk that is not the line's main chunk."""
        return self.side[token.chunk]


ODD_SPACES = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u202f\u205f\u3000"
"""Tabs and Unicode spaces (`&nbsp;` in HTML): read as a space, one character for one, so
offsets stay those of the original line."""
_SPACES = str.maketrans(dict.fromkeys(ODD_SPACES, " "))
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")


def layout(text: str, role: str) -> Layout:
    """Tokens, chunks and dateline zone of one line (offsets into the original line)."""
    folded, back = fold(text.translate(_SPACES) if _ODD_SPACE.search(text) else text)
    bounds = sorted({m.end() for m in matches(_SEP, _SEP_CORE, folded) if 0 < m.start()}
                    | _paren_ends(folded))
    urls = [m.span() for m in _URL.finditer(folded)] if "." in folded else []
    marked = has_marks(folded)
    words = list((_MARKED_WORD if marked else _WORD).finditer(folded))
    if urls:
        words = [m for m in words if not in_spans(m.start(), urls)]
    tokens: list[Token] = []
    chunk = 0
    n_bounds = len(bounds)
    sizes = [0] * (n_bounds + 1)
    chunks: list[list[Token]] = [[] for _ in sizes]
    word_parts: list[tuple[Token, ...]] = []
    for word_index, match in enumerate(words):
        offset = match.start()
        while chunk < n_bounds and offset >= bounds[chunk]:
            chunk += 1
        word = plain = match.group()
        if not word.isascii():
            word = plain = deconfuse(word)
            if marked:  # tokens read composed (NFC), offsets count the marks
                plain = compose(word)
        # `camel_parts` has nothing to split: the loop below for one part, without its
        # per-word lists (most words; 15 % of `layout`'s time)
        if len(plain) <= 3 or word[1:].islower():
            start, end = offset, offset + len(word)
            if back is not None:
                start, end = back[start], back[end - 1] + 1
            glued = (start >= 2 and text[start - 1] in GLUE_BEFORE
                     and glued_at(text, plain, start, 0))
            tok = Token(plain, norm(plain), start, end, word_index, 0, 1, chunk, glued)
            tokens.append(tok)
            chunks[chunk].append(tok)
            word_parts.append((tok,))
            sizes[chunk] += 1
            continue
        parts = camel_parts(word)
        n_parts = len(parts)
        own: list[Token] = []
        for number, part in enumerate(parts, 1 if n_parts > 1 else 0):  # 0: a whole word
            start, end = offset, offset + len(part)
            if back is not None:
                start, end = back[start], back[end - 1] + 1
            offset += len(part)
            if marked:
                part = compose(part)
            glued = (start >= 2 and text[start - 1] in GLUE_BEFORE
                     and glued_at(text, part, start, number))
            own.append(Token(part, norm(part), start, end, word_index, number, n_parts, chunk,
                             glued))
        tokens.extend(own)
        chunks[chunk].extend(own)
        word_parts.append(tuple(own))
        sizes[chunk] += 1
    main = max(range(len(sizes)), key=lambda i: (sizes[i], -i)) if tokens else 0
    zone = dateline_zone(folded) if role in ("dateline", "body", "line") else 0
    if back is not None and zone:
        zone = back[zone - 1] + 1
    if _TRADEMARK.search(text):
        for tok in tokens:  # `Nexa™`: its owner's coinage, whatever English makes of `nexa`
            if signed(text, tok.end):
                tok.norm += TRADEMARKS[0]
    n_words = len(word_parts)
    side = tuple(len(sizes) > 1 and c != main and size <= SIDE_CHUNK_TOKENS
                 for c, size in enumerate(sizes))
    return Layout(tuple(tokens), tuple(sizes), main, zone, n_words,
                  tuple(map(tuple, chunks)), tuple(word_parts), side)


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when `pos` falls in one of `spans` (sorted, not overlapping), by bisection."""
    i = bisect_right(spans, (pos, _END)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _paren_ends(text: str) -> set[int]:
    """Chunk starts around a bracketed group that opens or closes the line (`(Brand) Title`)."""
    ends = set()
    lead = _LEAD_PAREN.match(text)
    if lead and lead.end() < len(text):
        ends.add(lead.end())
    trail = _TRAIL_PAREN.search(text)
    if trail and trail.start() > 0:
        ends.add(trail.start() + 1)
    return ends


def camel_parts(word: str) -> list[str]:
    """`NewsPoinbank` -> `News`, `Poinbank`; `McDonald`, `iPhone`, `eBay` stay whole."""
    rest = word[1:]
    if len(word) <= 3 or rest.islower() or rest == rest.lower():
        return [word]  # no upper-case letter after the first: nothing to split at
    parts = _CAMEL.split(word)
    if len(parts) > MAX_CAMEL_PARTS:
        return [word]
    if len(parts) > 1 and (parts[0] in _NAME_PREFIXES or len(parts[0]) == 1):
        parts = [parts[0] + parts[1], *parts[2:]]
    return parts


def main_key(lay: Layout) -> str:
    """The words of a line's main chunk: the headline without what was glued around it."""
    return " ".join(tok.norm for tok in lay.tokens if tok.chunk == lay.main_chunk)


def glued_at(text: str, word: str, start: int, part: int) -> bool:
    """True when `word` at `start` of `text` touches the previous word without a space.

    Numbers (`5,000`), initials (`U.S.`) and camel-case parts are not glue here.
    """
    if part > 1 or start < 2 or len(word) < 2 or not word[0].isalpha():
        return False
    if text[start - 1] not in GLUE_BEFORE:
        return False
    at = start - 2
    while at > 0 and text[at] >= "\u0300" and not text[at].isalpha() and MARK.match(text[at]):
        at -= 1  # a combining mark (NFD): the letter it sits on
    return text[at].isalpha() and (at < 1 or text[at - 1].isalnum()
                                   or MARK.match(text[at - 1]) is not None)


SUSPICIOUS_ROLES = ("title", "short", "list_item")
ARTICLE_ROLES = ("body", "dateline", "line")
"""Roles whose words make the article's vocabulary (outside suspicious positions)."""


def is_suspicious(segment: Segment, lay: Layout, token: Token) -> bool:
    """Positions where injected brands stand: title, side chunks, dateline zone, glue, tiny
    lines."""
    return (
        segment.role in SUSPICIOUS_ROLES
        or lay.is_side(token)
        or token.start < lay.zone
        or token.part > 1
        or token.glued
        or lay.n_words <= 4
    )


@dataclass(frozen=True)
class PageContext:
    """The page around a segment: article vocabulary, line counts, suspicious-position counts."""

    page: Page
    layouts: tuple[Layout, ...]
    lexicon: Lexicon
    article: Counter[str]
    suspicious: Counter[str]
    lines: Counter[str]
    mains: Counter[str]
    first_body: int
    last_body: int
    article_words: int
    headline_rows: frozenset[int]
    line_keys: tuple[str, ...]
    """Per segment: its `line_key` (the key of `lines`)."""
    main_keys: tuple[str, ...]
    """Per segment: its `main_key` (the key of `mains`)."""
    memo: dict[tuple[str, int, int], float] = field(default_factory=dict, compare=False,
                                                    repr=False)
    """Signal values shared by the tokens of one chunk, computed once (`signals.per_chunk`):
    keeps a line of thousands of glued words linear."""

    @cached_property
    def article_crypto(self) -> int:
        """How often the article uses crypto vocabulary (one count per page, not per line)."""
        return sum(self.article[w] for w in self.lexicon.crypto if w in self.article)

    @cached_property
    def page_words(self) -> int:
        """Words on the whole page."""
        return sum(lay.n_words for lay in self.layouts)

    @classmethod
    def build(cls, page: Page, lexicon: Lexicon) -> PageContext:
        layouts = tuple(layout(seg.text, seg.role) for seg in page.segments)
        article: Counter[str] = Counter()
        suspicious: Counter[str] = Counter()
        lines: Counter[str] = Counter()
        mains: Counter[str] = Counter()
        first_body, last_body = len(page.segments), -1
        line_keys = tuple(line_key(seg.text) for seg in page.segments)
        main_keys = tuple(main_key(lay) for lay in layouts)
        lines.update(line_keys)
        mains.update(main_keys)
        for seg, lay in zip(page.segments, layouts, strict=True):
            if seg.role in ("body", "dateline"):
                first_body = min(first_body, seg.index)
                last_body = seg.index
            in_article = seg.role in ARTICLE_ROLES
            whole, head_ok = "", False
            odd_line = seg.role in SUSPICIOUS_ROLES or lay.n_words <= 4
            side, zone = lay.side, lay.zone
            for tok in lay.tokens:
                odd = (odd_line or side[tok.chunk] or tok.start < zone or tok.part > 1
                       or tok.glued)  # is_suspicious, inlined: once per token of the page
                if tok.part <= 1:
                    whole, head_ok = tok.norm, in_article and not odd
                else:
                    whole += tok.norm
                if odd:
                    suspicious[tok.norm] += 1
                elif in_article:
                    article[tok.norm] += 1
                if head_ok and tok.part == tok.n_parts > 1:
                    article[whole] += 1
        return cls(page, layouts, lexicon, article, suspicious, lines, mains, first_body, last_body,
                   sum(article.values()), headline_rows(page.segments, layouts), line_keys,
                   main_keys)


HEADLINE_RUN = 3
"""Consecutive headline-shaped lines that make a list of other stories."""


def is_headline_like(seg: Segment, lay: Layout) -> bool:
    """A few words, no closing full stop, not a paragraph."""
    return 3 <= lay.n_words <= 25 and seg.text[-1] not in ".;," and seg.role != "body"


def headline_rows(segments: tuple[Segment, ...], layouts: tuple[Layout, ...]) -> frozenset[int]:
    """Indices of segments in runs of at least `HEADLINE_RUN` headline-shaped lines."""
    rows: set[int] = set()
    run: list[int] = []
    for seg, lay in zip(segments, layouts, strict=True):
        if is_headline_like(seg, lay):
            run.append(seg.index)
            continue
        if len(run) >= HEADLINE_RUN:
            rows.update(run)
        run = []
    if len(run) >= HEADLINE_RUN:
        rows.update(run)
    return frozenset(rows)


def line_key(text: str) -> str:
    """A line's identity for duplicate counting: case and spacing folded."""
    return " ".join(text.lower().split())
