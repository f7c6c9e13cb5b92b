"""The publisher a text page names itself: in its copyright line (`© 2025 WorldWire Today.
All rights reserved.`), a staff byline (`By WorldWire staff`) or a house line (`Advertise
with WorldWire`).

Most sites close their titles with their own name (`Headline | WorldWire Today`) and root
their breadcrumbs in it (`WorldWire > Markets`); a name the model does not know reads there
like an injected brand. Where the page itself names its publisher, that name, standing apart
(`apart`), is the site's: its tokens may not be labelled injected (`publisher_gate`). A
brand glued to its neighbour (`SEOUL,Poinbank`, `NewsPoinbank:`) is judged as before.

A page without such a line may still name its site twice: the name that opens or closes
its title behind a spaced separator (`Headline – WorldWire`) also roots one of its own
lines, a breadcrumb (`WorldWire > Science`) or the footer's tagline (`WorldWire Today -
Local news you can trust`) (`title_site`). A spam site's brand rotates from story to
story and is not the root of its template; a name with a crypto or finance-promotion part
(`Quillcoin Daily`) is never taken for the site's, nor a tagline that sells.

HTML pages have richer evidence of their site (`og:site_name`, the address's host, the
page's frame: `spamdet.overlay`); this is the text reading's.
"""

from __future__ import annotations

import re
from functools import cache

from spamdet.lexicon import list_words, norm
from spamdet.normalize import word_matches
from spamdet.normalize import words as words_in
from spamdet.records import Page
from spamdet.score import Gate
from spamdet.separators import CRUMBS
from spamdet.signals.segments import names_copyright
from spamdet.site_name import MAX_SITE_WORDS, apart

PUBLISHER_LINE_CHARS = 120
"""A line longer than this is prose that may mention a copyright, not the page's notice."""
_STAFF = re.compile(
    r"^by\s+(?:the\s+)?(?P<name>[^\W\d_].{1,50}?)\s+(?:staff(?:\s+(?:writers?|reporters?))?"
    r"|reporters?|newsroom|news\s+desk|desk|editors?|editorial\s+(?:staff|team|board)|team)"
    r"\W*$", re.I)
_HOUSE = re.compile(
    r"^(?:advertise\s+(?:with|on)|subscribe\s+to|contact)\s+(?:the\s+)?(?P<name>[^\W\d_].{1,50}?)"
    r"\W*$", re.I)
CRUMB_WORDS = 3
"""A breadcrumb's sections (`Science`, `Local news`) are at most this many words each."""
TAGLINE_WORDS = 8
"""A site's tagline (`Local news you can trust`) is at most this many words..."""
FOOTER_LINES = 3
"""... and stands among the page's last this many lines, the footer."""
PROMO_PARTS = ("coin", "crypt", "chain", "token", "bit", "block", "trade", "invest", "wallet",
               "yield", "profit", "wealth", "cash", "loan", "bet", "casino", "forex", "stake")
"""A name with a word that starts or ends so (`Quillcoin`, `Bit9Hub`, `Tradevixa`) is a
crypto or finance promotion's, never taken for the site's own."""
_AFFIX_SEP = re.compile(r"(?<=\s)(?:[|•·»~/]|::|[-–—]+)(?=\s)")
"""Where a title's own name stands apart: a separator with a space on both sides."""
_ROOT_SEP = re.compile(r"[>»›|]|(?<=\s)(?:/|[-–—]+)(?=\s)")
"""What roots a line in a name: a breadcrumb's arrow or bar, or a spaced slash or dash.
Spaces are looked at, not taken: `\\s+` around the core is quadratic on a run of them."""
_CRUMB = frozenset(CRUMBS)
_NOT_NAME = frozenset({"c", "copyright", "all", "rights", "reserved", "the"})


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
            words.update(w for w in map(norm, words_in(text))
                         if w not in _NOT_NAME and not w.isdigit())
            lines.add(i)
            continue
        named = _STAFF.match(text) or _HOUSE.match(text)
        if named:
            words.update(map(norm, words_in(named.group("name"))))
            lines.add(i)
    return frozenset(words), frozenset(lines)


@cache
def _selling() -> frozenset[str]:
    """Words that sell (crypto promotion, spam verticals, calls to action): no site's tagline."""
    return list_words("crypto") | list_words("commercial") | list_words("promo")


def _name_key(text: str) -> tuple[str, ...]:
    """A name as compared: its normalised words without `the` (`The Evening Post`)."""
    return tuple(w for w in map(norm, words_in(text)) if w != "the")


def _same_site(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other or begins it (`WorldWire` and `WorldWire Today`)."""
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _affixes(title: str) -> list[tuple[str, ...]]:
    """The chunks that open and close a title behind a spaced separator, when they read as a
    name: a few words, none in brackets, none with a promotion's part."""
    chunks = _AFFIX_SEP.split(title)
    if len(chunks) < 2:
        return []
    out = []
    for chunk in (chunks[0], chunks[-1]):
        key = _name_key(chunk)
        if (key and len(key) <= MAX_SITE_WORDS and not any(c in chunk for c in "[](){}")
                and not any(w.startswith(PROMO_PARTS) or w.endswith(PROMO_PARTS) for w in key)):
            out.append(key)
    return out


def _rooted(text: str, footer: bool) -> tuple[tuple[str, ...], bool] | None:
    """The name a line is rooted in and whether the line is a tagline, if it is a breadcrumb
    (`WorldWire > Science`) or, in the footer, a tagline (`WorldWire Today - Local news you
    can trust`); else None."""
    parts = _ROOT_SEP.split(text)
    root = _name_key(parts[0])
    if len(parts) < 2 or not 0 < len(root) <= MAX_SITE_WORDS:
        return None
    rest = [_name_key(part) for part in parts[1:]]
    if ({m.group().strip() for m in _ROOT_SEP.finditer(text)} <= _CRUMB
            and all(0 < len(key) <= CRUMB_WORDS for key in rest)):
        return root, False
    if (footer and len(rest) == 1 and 0 < len(rest[0]) <= TAGLINE_WORDS
            and _selling().isdisjoint(rest[0])):
        return root, True
    return None


def title_site(page: Page) -> tuple[frozenset[str], frozenset[int]]:
    """Words of the name that opens or closes the page's title and roots a breadcrumb or the
    footer's tagline, and the indices of those taglines (the site's own, not promotion)."""
    segments = page.segments
    affixes = _affixes(segments[0].text) if segments and segments[0].role == "title" else []
    words: set[str] = set()
    taglines: set[int] = set()
    for i, seg in enumerate(segments[1:] if affixes else (), 1):
        rooted = (None if len(seg.text) > PUBLISHER_LINE_CHARS
                  else _rooted(seg.text, footer=i >= len(segments) - FOOTER_LINES))
        same = [a for a in affixes if rooted and _same_site(a, rooted[0])]
        if rooted and same:
            words.update(rooted[0], *same)
            if rooted[1]:
                taglines.add(i)
    return frozenset(words), frozenset(taglines)


def publisher_gate(page: Page) -> Gate | None:
    """A gate exempting the words of the page's own publisher where they stand apart, or None
    when the page names no publisher. A line of nothing but those words (other than the
    line that names the publisher) is still judged: a brand alone on a line is injected."""
    names, lines = publisher_lines(page)
    site, taglines = title_site(page)
    names |= site
    if not names:
        return None
    exempt: list[tuple[int, int, int]] = []
    for i, seg in enumerate(page.segments):
        words = word_matches(seg.text)
        found = [m for m in words if norm(m.group()) in names]
        if not found or (len(found) == len(words) and i not in lines):
            continue
        exempt.extend((i, m.start(), m.end()) for m in found
                      if apart(seg.text, m.start(), m.end()))
    return Gate(no_promo=taglines, exempt=tuple(exempt)) if exempt or taglines else None
