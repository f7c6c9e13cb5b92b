"""`foreign_agency`: an invented name in a dateline's agency slot.

A dateline names the place and the agency that filed the story (`TOKYO (AP) —`,
`HAMBURG (Reuters) —`). A template that wedges its brand into that slot
(`TOKYO (KORVEXA) — March 5 (AP) -`, `MONTREAL (moonboss) — —`) leaves a word the token model
reads as one more agency: agencies are short capitals and odd names, and it misses most of
them.

So in a dateline whose zone is a place of capitalised words followed by a parenthesised
name (a word, and up to two capitalised words after it: `Zylo Capital`, `Lumio & Co`), the
name is injected when its first word is no agency, place or month of the lexicons, English
at large has never seen it (no `wordfreq` frequency in the model's lexicon; the bundled
`agencies` list names the wire services and news sites it has not seen either), it is
written as a name of letters only (all capitals of `MIN_CAPITALS` letters or more, all
lower case, or a capital then lower case: `KORVEXA`, `moonboss`, `Gainly`; not `TechWeb`,
`CBS.MW` or `WKRN`, which real outlets write) or with digits (`Top10Trade`, `Bit365`; not
a station's call letters and channel, `WGN9`), or it bears a trademark sign, which no
agency writes (`Nexa™`); and the article's prose and title use it nowhere else.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spamdet.combining import MARKS
from spamdet.lexicon import TRADEMARKS, Lexicon, norm
from spamdet.normalize import compose
from spamdet.prose_rule import Counts, Found, in_prose
from spamdet.records import SegmentReport

AGENCY_RULE = "foreign_agency"
SLOT_WORDS = 3
"""Words a name in the agency slot may have (`Orbex Pro`, `Zylo Capital Group`)."""
MIN_CAPITALS = 5
"""An all-capitals word in the slot must be this long: agencies and stations are shorter
(`AP`, `AFP`, `UPI`, `KUNA`, `WKRN`)."""
_SLOT = re.compile(
    rf"^[A-Z][\w.'’{MARKS}-]*(?:,? [A-Z][\w.'’{MARKS}-]*){{0,5}},? ?"
    rf"\(((?:[^\W\d_][{MARKS}]*)+(?:\d+(?:[^\W\d_][{MARKS}]*)*)?)([{TRADEMARKS}]?)"
    rf"((?:(?: &)? [A-Z](?:[^\W\d_][{MARKS}]*)+){{0,{SLOT_WORDS - 1}}})\) ?(?:[—–]|--? )")
"""A dateline: a place of capitalised words (`SANTA ANA, Calif.`), the agency in brackets
(group 1: a word of letters, or with digits inside or after them, `Top10Trade`, `Bit365`;
group 2: a trademark sign after it, `Nexa™`; group 3: the capitalised words after it,
`Zylo Capital`, `Lumio & Co`), a dash."""


def _invented(word: str, lexicon: Lexicon) -> bool:
    """Is `word` a name no agency has: unknown to the lexicons and to English, and written
    as a name of letters, or with digits (not camel case, which tech outlets use, nor call
    letters and a channel)?"""
    if not lexicon.coined(norm(word)) or (word[-1].isdigit() and word.isupper()):
        return False  # a station's call letters and channel (`WGN9`)
    return (any(c.isdigit() for c in word) or (word.isupper() and len(word) >= MIN_CAPITALS)
            or word.islower() or (word[0].isupper() and word[1:].islower()))


def agency_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
                closed: Collection[int], token_threshold: float
                ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `foreign_agency` applied, and the token probability it stands for
    (0 when it found nothing). `closed`: segments whose tokens may not be injected."""

    def find(seg: SegmentReport, counts: Counts) -> list[Found]:
        match = _SLOT.match(seg.text) if "(" in seg.text[:80] else None
        if match is None or not (match.group(2) or _invented(match.group(1), lexicon)):
            return []
        if counts().get(compose(match.group(1)), 0) > 1:  # the article names it
            return []
        return [Found(seg.start + match.start(1), seg.start + match.end(3))]

    return in_prose(segments, closed, token_threshold, AGENCY_RULE, find)
