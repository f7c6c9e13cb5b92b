"""A site's own name on its title: `Story | Tampa Bay Times`, `Vogue - Story`.

Sites end (or open) their titles with their own name behind a spaced bar or dash; spam
templates put a brand in the same place. The training pages name their sites from a short
list of outlets, which the model knows, so any other name there reads to it as a brand: 39 %
of the project's own clean articles were flagged with a real outlet's name on their title
(`benchmarks/site_names.py`). What parts the two is the name itself. An outlet's name is
made of words English at large knows (`Tampa Bay Times`, `Lonely Planet`, `TechCrunch`,
`Phys.org`: wordfreq has them all, camel case and address included); a brand's is coined
(`Poinbank`, `Chainkeen View`, `VitalEdge Finance Pro`: no `vitaledge`) or sells money
(`Quillcoin Daily`, `Arcwind Markets`: `data/lexicons/money.txt`). So a title chunk behind a spaced
bar or dash (`SITE_SEPARATORS`) whose every word English knows and none of which sells is
the site's name: its tokens are not judged (an exempt range of the page's `score.Gate`).

A brand of ordinary words put there (`| Silver Harbor`) is missed so; a name glued to the
title (`-VitalEdge`, `Poinbank:`) or set off otherwise (`★`, `>>`) is still judged.
"""

from __future__ import annotations

import re
from functools import cache

from spamdet.lexicon import Lexicon, list_words, norm, read_list
from spamdet.prose_chunk import TLD

SITE_SEPARATORS = re.compile(r" (?:\||-|–|—) ")
"""What parts a site's name from the title: a bar or a dash, spaced."""
MAX_SITE_WORDS = 4
MIN_TITLE_WORDS = 3
"""Words the rest of the title must have: a headline, not two names."""
_ADDRESS = re.compile(rf"({TLD})+$")


def site_range(title: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """Where `title` names its site, at its end or else its start (offsets in the title):
    a chunk behind a spaced bar or dash that reads as an outlet's name, once in the title
    (a template may repeat its brand: `Somo |Unisys in marketing agreement — Somo`)."""
    parts = list(SITE_SEPARATORS.finditer(title))
    if not parts:
        return None
    last, first = parts[-1], parts[0]
    for start, end, rest in ((last.end(), len(title), title[:last.start()]),
                             (0, first.start(), title[first.end():])):
        chunk = title[start:end]
        if (len(rest.split()) >= MIN_TITLE_WORDS and chunk.lower() not in rest.lower()
                and reads_as_site(chunk, lexicon)):
            return start, end
    return None


def reads_as_site(chunk: str, lexicon: Lexicon) -> bool:
    """Is `chunk` an outlet's name: up to `MAX_SITE_WORDS` words of letters (`&` and `+`
    aside; not `★` or `🔥`, which wordfreq has), each one English at large knows (an address
    by its name: `Phys.org`; a hyphenated word by its parts), an outlet's or a stop word,
    none selling money (`_selling`)?"""
    words = chunk.split()
    if not 0 < len(words) <= MAX_SITE_WORDS or any(c.isdigit() for c in chunk):
        return False
    stop = list_words("stopwords")
    for word in (part for w in words for part in w.split("-")):
        if word in ("&", "+"):
            continue
        key = norm(_ADDRESS.sub("", word.strip("\"'“”‘’()")))
        selling = _selling()
        if not key.isalpha() or key in selling or any(norm(p) in selling for p in _parts(word)):
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


def _parts(word: str) -> list[str]:
    """The camel-case parts of `word` (`CoinDesk`: Coin, Desk)."""
    return re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", word)
