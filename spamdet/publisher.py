"""The publisher a text page names itself: in its copyright line (`© 2025 WorldWire Today.
All rights reserved.`), a staff byline (`By WorldWire staff`) or a house line (`Advertise
with WorldWire`).

Most sites close their titles with their own name (`Headline | WorldWire Today`) and root
their breadcrumbs in it (`WorldWire > Markets`); a name the model does not know reads there
like an injected brand. Where the page itself names its publisher, that name, standing apart
(`apart`), is the site's: its tokens may not be labelled injected (`publisher_gate`). A
brand glued to its neighbour (`SEOUL,Poinbank`, `NewsPoinbank:`) is judged as before.

HTML pages have richer evidence of their site (`og:site_name`, the address's host, the
page's frame: `spamdet.overlay`); this is the text reading's.
"""

from __future__ import annotations

import re

from spamdet.lexicon import norm
from spamdet.records import Page
from spamdet.score import Gate
from spamdet.signals.segments import names_copyright

PUBLISHER_LINE_CHARS = 120
"""A line longer than this is prose that may mention a copyright, not the page's notice."""
_STAFF = re.compile(
    r"^by\s+(?:the\s+)?(?P<name>[^\W\d_].{1,50}?)\s+(?:staff(?:\s+(?:writers?|reporters?))?"
    r"|reporters?|newsroom|news\s+desk|desk|editors?|editorial\s+(?:staff|team|board)|team)"
    r"\W*$", re.I)
_HOUSE = re.compile(
    r"^(?:advertise\s+(?:with|on)|subscribe\s+to|contact)\s+(?:the\s+)?(?P<name>[^\W\d_].{1,50}?)"
    r"\W*$", re.I)
_WORD = re.compile(r"[^\W_]+")
_NOT_NAME = frozenset({"c", "copyright", "all", "rights", "reserved", "the"})
_OPENERS = "\"'“‘«©"
_CLOSERS = ")]}】"


def publisher_lines(page: Page) -> tuple[frozenset[str], frozenset[int]]:
    """Words of the names the page gives its publisher (normalised, `lexicon.norm`), and the
    indices of the lines that name it."""
    words: set[str] = set()
    lines: set[int] = set()
    for i, seg in enumerate(page.segments):
        text = seg.text
        if len(text) > PUBLISHER_LINE_CHARS:
            continue
        if names_copyright(text):  # the line `copyright_notice` fires on
            words.update(w for w in map(norm, _WORD.findall(text))
                         if w not in _NOT_NAME and not w.isdigit())
            lines.add(i)
            continue
        named = _STAFF.match(text) or _HOUSE.match(text)
        if named:
            words.update(map(norm, _WORD.findall(named.group("name"))))
            lines.add(i)
    return frozenset(words), frozenset(lines)


def apart(text: str, start: int, end: int) -> bool:
    """`text[start:end]` stands apart: after a space or an opening quote (or at the start),
    and before a space (or punctuation closing it, or the end). Not in brackets: `[Brand]`
    fronting a headline is a spam site's mark."""
    before = text[start - 1] if start else " "
    if not (before.isspace() or before in _OPENERS):
        return False
    after = text[end : end + 2]
    return (not after or after[0].isspace()
            or (not after[0].isalnum() and after[0] not in _CLOSERS
                and (len(after) == 1 or after[1].isspace())))


def publisher_gate(page: Page) -> Gate | None:
    """A gate exempting the words of the page's own publisher where they stand apart, or None
    when the page names no publisher. A line of nothing but those words (other than the
    line that names the publisher) is still judged: a brand alone on a line is injected."""
    names, lines = publisher_lines(page)
    if not names:
        return None
    exempt: list[tuple[int, int, int]] = []
    for i, seg in enumerate(page.segments):
        words = list(_WORD.finditer(seg.text))
        found = [m for m in words if norm(m.group()) in names]
        if not found or (len(found) == len(words) and i not in lines):
            continue
        exempt.extend((i, m.start(), m.end()) for m in found
                      if apart(seg.text, m.start(), m.end()))
    return Gate(exempt=tuple(exempt)) if exempt else None
