"""`wedged_in_dateline`: an invented name wedged between a dateline's city and its agency.

A dateline is a city in capitals, then its region, the date or both, then the agency
(`SEOUL, South Korea (AP) —`, `EDEN PRAIRIE, Minn., March 2 -`). A template that wedges its
brand in there (`HONG KONG, KORVEXA March 2 -`, `VANCOUVER, Quorbit British Columbia (UPI)
—`, `NEW YORK TOP10TRADE, Mich.`) leaves a word the token model reads as one more part of a
place name, and it misses most of them when a space stands before the brand.

So in a line that opens with a city in capitals, before its agency and dash or between
them (`TOKYO (AP) moonboss —`; at most `ZONE_CHARS` characters), a word is injected when
it is no place, month, agency or outlet of the lexicons, English at large has never seen
it (no `wordfreq` frequency in the model's lexicon) and it is not a misspelt month or place
(`Macrh`, `Claif`: Reuters has them), or it bears a trademark sign, which no dateline's
word does (`Nexa™`), and the article's prose and title use it nowhere else; it opens with a
letter (`INSIGHT 1-Entourage Has…` is a headline run into its dateline); the capitalised
words right after it
that are no place or month belong to it (`ZYLO CAPITAL British Columbia`: `ZYLO
CAPITAL`). Inside the city itself (before the first comma), only after the words of a
known place, with the words after it when a comma closes the city (`VANCOUVER QUORBIT`,
`SAN DIEGO ZYLO CAPITAL,`; not a headline in capitals, `NEW ZEALAND EXCHS CLOSE -`): small
towns English has never seen are cities (`MURDOCHVILLE`, `KNOKKE-HEIST`). In the Reuters
dateline zones, unknown words outside the city are misspellings (5 in 18,956); known words
there are places the lexicon lacks (`Bermuda`, `Grand Cayman`), so a wedged brand of
ordinary words (`Silver Harbor`) is left to the model.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from difflib import get_close_matches
from functools import lru_cache

from spamdet.combining import MARKS
from spamdet.lexicon import Lexicon, list_words, norm, signed
from spamdet.normalize import compose
from spamdet.prose_rule import Counts, Found, in_prose
from spamdet.records import SegmentReport

WEDGE_RULE = "wedged_in_dateline"
ZONE_CHARS = 80
"""A dateline's city, region, date and agency fit in this many characters."""
_ZONE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?=[ ,])(?P<rest>[^—–()\n]{0,70}?)"
    r" ?(?:\([^()\n]{1,30}\)(?P<after>[^—–()\n]{0,40}?) ?)?(?:[—–]|--? )")
"""A line that opens with a dateline: the city in capitals, the rest of the zone, then the
agency in brackets if any, what stands between it and the dash (nothing, in a real
dateline), and a dash."""
_WORD = re.compile(rf"[^\W_][\w'’{MARKS}-]*")
"""A word, with the combining marks of a text in NFD."""
MISSPELT = 0.75
"""How close (`difflib` ratio) an unknown word must be to a month or place of its length,
give or take a letter, to be taken for its misspelling (`Macrh`, `Juen`; not `KORVEXA`,
`Korea`)."""


def _dateline_word(word: str, lexicon: Lexicon) -> bool:
    """A word a dateline is made of: a place, a month, an agency or outlet, a number, an
    abbreviation's letter (`N.Y.`)."""
    key = norm(word)
    return (key in lexicon.places or key in lexicon.months or key in lexicon.outlets
            or key in list_words("agencies") or key.isdigit() or len(key) <= 2)


def _unknown(word: str, lexicon: Lexicon) -> bool:
    """Is `word`, no dateline word, unknown to English and no misspelt month or place?"""
    key = norm(word)
    if lexicon.web_of(key) > 0:
        return False
    heads, tails = _spellings(lexicon.months | lexicon.places)
    near = [w for w in (*heads.get(key[:1], ()), *tails.get(key[-3:], ()))
            if abs(len(w) - len(key)) <= 1]
    return not get_close_matches(key, near, 1, MISSPELT)


@lru_cache(maxsize=4)
def _spellings(names: frozenset[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """`names` by first letter and by last three letters: a misspelling keeps one or the
    other (`Macrh`, `Claif`, `Juen`; `Narch`), and `difflib` over the few that share it
    costs a tenth of a pass over all of them (a page of junk datelines: 0.5 ms a word)."""
    heads: dict[str, list[str]] = {}
    tails: dict[str, list[str]] = {}
    for name in sorted(names):
        heads.setdefault(name[:1], []).append(name)
        tails.setdefault(name[-3:], []).append(name)
    return heads, tails


def wedged(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where names are wedged into the dateline that opens `text` (start, end in `text`)."""
    match = _ZONE.match(text[:ZONE_CHARS + 10])
    if match is None:
        return []
    found = []
    city = list(_WORD.finditer(match.group("city")))
    known = 0  # the city's words that are places (`SAN DIEGO` of `SAN DIEGO ORBEX PRO`)
    while known < len(city) - 1 and norm(city[known].group()) in lexicon.places:
        known += 1
    tail_of_city = known == len(city) - 1 or text[match.end("city")] == ","  # not `…EXCHS CLOSE -`
    if (known and tail_of_city and not _dateline_word(city[known].group(), lexicon)
            and _unknown(city[known].group(), lexicon)):
        found.append((city[known].start(), city[-1].end()))
    words = [w for group in ("rest", "after") if match.start(group) >= 0
             for w in _WORD.finditer(text, match.start(group), match.end(group))
             if not _dateline_word(w.group(), lexicon)]
    i = 0
    while i < len(words):
        claimed = signed(text, words[i].end())
        if not words[i].group()[0].isalpha() or not (claimed
                                                      or _unknown(words[i].group(), lexicon)):
            return []  # prose: no dateline (`ALEXANDRIA SMITH: I try… —`, `INSIGHT 1-Entourage…`)
        end = i + 1  # the capitalised words right after it are the name's
        while (end < len(words) and words[end].group()[0].isupper()
               and text[words[end - 1].end():words[end].start()] == " "):
            end += 1
        last = words[end - 1].end()
        found.append((words[i].start(), last + signed(text, last)))
        i = end
    return found


def wedge_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
               closed: Collection[int], token_threshold: float
               ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `wedged_in_dateline` applied, and the token probability it stands
    for (0 when it found nothing). `closed`: segments whose tokens may not be injected."""

    def find(seg: SegmentReport, counts: Counts) -> list[Found]:
        spans = wedged(seg.text, lexicon) if seg.text[:2].isupper() else []  # `HONG…`
        return [Found(seg.start + a, seg.start + b) for a, b in spans  # not the article's
                if all(counts().get(compose(w.group()), 0) <= 1
                       for w in _WORD.finditer(seg.text, a, b))]

    return in_prose(segments, closed, token_threshold, WEDGE_RULE, find)
