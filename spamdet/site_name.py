"""A site's own name on its title: `Story | Tampa Bay Times`, `Vogue - Story`.

Sites end (or open) their titles with their own name behind a spaced bar or dash; spam
templates put a brand in the same place. The training pages name their sites from a short
list of outlets, which the model knows, so any other name there reads to it as a brand: 39 %
of the project's own clean articles were flagged with a real outlet's name on their title
(`benchmarks/site_names.py`). What parts the two is the name itself. An outlet's name is
made of words English at large knows (`Tampa Bay Times`, `Lonely Planet`, `TechCrunch`,
`Phys.org`: wordfreq has them all, camel case and address included); a brand's is coined
(`Poinbank`, `Chainkeen View`, `VitalEdge Finance Pro`: no `vitaledge`) or sells money
(`Quillcoin Daily`, `Arcwind Markets`: `data/lexicons/money.txt`). So a title chunk behind
a spaced bar or dash (`SITE_SEPARATORS`), or in brackets closing it as a feed credits its
source (`CREDIT`), whose every word English knows and none of which sells, is the site's
name: its tokens are not judged, on the title or where it stands apart in a longer line
(`site_exempt`: exempt ranges of the page's `score.Gate`).

A brand of ordinary words put there (`| Silver Harbor`) is missed so; a name glued to the
title (`-VitalEdge`, `Poinbank:`) or set off otherwise (`★`, `>>`) is still judged.
"""

from __future__ import annotations

import re
from functools import cache

from spamdet.context import camel_parts
from spamdet.lexicon import Lexicon, list_words, norm, read_list
from spamdet.prose_chunk import TLD
from spamdet.records import Page

SITE_SEPARATORS = re.compile(r" (?:\||-|–|—) ")
"""What parts a site's name from the title: a bar or a dash, spaced..."""
CREDIT = re.compile(r" \(([^()]+)\)$")
"""... or brackets closing it, as news feeds credit their source (`Story (Forbes.com)`)."""
MAX_SITE_WORDS = 4
"""A title's chunk of more words than this is a headline, not the site's name."""
MIN_TITLE_WORDS = 3
"""Words the rest of the title must have: a headline, not two names."""
_ADDRESS = re.compile(rf"({TLD})+$")
_OPENERS = "\"'“‘«©"
_CLOSERS = ")]}】"


def site_exempt(page: Page, lexicon: Lexicon) -> list[tuple[int, int, int]]:
    """Where a text page names its site, as (segment index, start, end): the name on its
    title (`site_ranges`), and the source its title credits in brackets where it stands
    apart in another line that holds more than it (a feed's credit opening the story:
    `USATODAY.com - The SEC…` under `… (USATODAY.com)`). Not a name behind a bar or dash:
    a template puts its brand there and again in the story (`Mare — …` over `Mare - The
    council…`); nor a line of the name alone, judged as a brand's would be."""
    title = page.segments[0] if page.segments else None
    if title is None or title.role != "title":
        return []
    out = [(title.index, start, end) for start, end in site_ranges(title.text, lexicon)]
    credit = _credit(title.text, lexicon)
    if credit is not None:
        name = title.text[credit[0]:credit[1]]
        for seg in page.segments[1:]:
            if seg.text.strip() == name:
                continue
            at = seg.text.find(name)
            while at >= 0:
                if apart(seg.text, at, at + len(name)):
                    out.append((seg.index, at, at + len(name)))
                at = seg.text.find(name, at + 1)
    return out


def site_ranges(title: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where `title` names its site (offsets in the title): the source in brackets closing
    it, and the chunk behind a spaced bar or dash at its end (or else its start), each when
    it reads as an outlet's name once in the title (a template may repeat its brand: `Somo
    |Unisys in marketing agreement — Somo`)."""
    return [found for found in (_credit(title, lexicon), _affix(title, lexicon)) if found]


def _credit(title: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """The source in brackets closing `title`, if it reads as an outlet's name."""
    credit = CREDIT.search(title)
    if credit and _named(title, credit.start(1), credit.end(1), lexicon):
        return credit.start(1), credit.end(1)
    return None


def _affix(title: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """The chunk behind a spaced bar or dash at the end of `title` (or else its start), if
    it reads as an outlet's name."""
    parts = list(SITE_SEPARATORS.finditer(title))
    if not parts:
        return None
    return next(((start, end) for start, end in ((parts[-1].end(), len(title)),
                                                 (0, parts[0].start()))
                 if _named(title, start, end, lexicon)), None)


def _named(title: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Does `title[start:end]` read as an outlet's name, once in the title, beside a
    headline of `MIN_TITLE_WORDS` or more?"""
    chunk, rest = title[start:end], title[:start] + title[end:]
    words = sum(any(c.isalnum() for c in w) for w in rest.split())
    return (words >= MIN_TITLE_WORDS and chunk.lower() not in rest.lower()
            and reads_as_site(chunk, lexicon))


def reads_as_site(chunk: str, lexicon: Lexicon) -> bool:
    """Is `chunk` an outlet's name: up to `MAX_SITE_WORDS` words of letters (`&` and `+`
    aside; not `★` or `🔥`, which wordfreq has), each one English at large knows (an address
    by its name: `Phys.org`; a hyphenated word by its parts), an outlet's or a stop word,
    none selling money (`_selling`)?"""
    words = chunk.split()
    if not 0 < len(words) <= MAX_SITE_WORDS or any(c.isdigit() for c in chunk):
        return False
    stop, selling = list_words("stopwords"), _selling()
    for word in (part for w in words for part in w.split("-")):
        if word in ("&", "+"):
            continue
        key = norm(_ADDRESS.sub("", word.strip("\"'“”‘’()")))
        if not key.isalpha() or key in selling or any(norm(p) in selling
                                                      for p in camel_parts(word)):
            return False
        if not (key in stop or key in lexicon.outlets or lexicon.web_of(key) > 0):
            return False
    return True


@cache
def _selling() -> frozenset[str]:
    """Words that sell money, bets or pills: the `money` list and the one-word entries of the
    promo, crypto and commercial lists (not `guest post`'s `post`)."""
    return frozenset(norm(e) for name in ("money", "promo", "crypto", "commercial")
                     for e in read_list(name) if " " not in e)


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
