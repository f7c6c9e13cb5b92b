"""`glued_in_sentence`: an invented name glued into an article's sentence.

A brand pushed into prose stands glued to the punctuation before it (`…the lead for
good.Kestrix He then made…`, `…used as collateral,PayLumo allowing them…`). The token model
reads such a word among hundreds of ordinary ones and seldom calls it (its training pages
put brands at a line's edges). Writers leave a space there, and where a space was lost (text
joined from markup, `…in Minn.Outclassed and…`) the glued word is one the language knows.

So, in a paragraph (`parse.BODY_WORDS` words or more), a capitalised word glued after
sentence punctuation is injected when English at large has never seen it (no `wordfreq`
frequency in the model's lexicon; or it bears a trademark sign, `Nexa™`) and the article's
prose and title use it nowhere else (`prose_rule.COUNTED_ROLES`; where the model found it
injected does not count), with the invented capitalised words that follow it (`Zeta3 Hub`);
it may open with emoji (`🚀MoonX`) or be camel case after a lower-case head (`eToroZ`). So
is a name in lower case or a web address glued after a sentence's full stop and followed by
the next sentence (`…in 1986.newsfast.xyz Assuming…`, `…rose.moonboss The…`,
`…rose.TradeKing.com Fans…`), when English has never seen it; and two or three capitalised
words English knows (or words in capitals, or a compound: `GALAXY BIT`, `Coin-Wave`), glued
after a sentence's end and followed by a word that opens the next one (`…for good.Silver
Harbor The…`; `OPENERS`), when the article uses them nowhere else and they are no place or
month. An entity left in the text (`quot;Name`) is not punctuation, a web address is not a
sentence, and a line glued this way again and again (`HABIT_GLUES`) was written so.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from itertools import chain

from spamdet.context import in_spans
from spamdet.lexicon import TRADEMARKS, Lexicon, norm
from spamdet.normalize import words
from spamdet.parse import BODY_WORDS
from spamdet.prose_rule import Counts, Found, in_prose
from spamdet.records import SegmentReport
from spamdet.separators import PICTOGRAPHS

GLUE_RULE = "glued_in_sentence"
_GLUED = re.compile(r"(?:(?<=[a-z0-9%)\"'”’][.,;:!?])|(?<=[a-z0-9%][.!?][\"'”’])"
                    rf"|(?<=[A-Z]\.[A-Z]\.))[{PICTOGRAPHS}]*"
                    r"(?P<word>[A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*|[A-Z]{4,}[0-9]*"
                    r"|[a-z]+[A-Z][A-Za-z0-9]*)"
                    rf"(?P<mark>[{TRADEMARKS}]?)(?=[\s,.;:!?)]|$)")
"""A name glued after punctuation: capitalised, in capitals or camel case after a lower-case
head (`eToroZ`), with the emoji it may open with and a trademark sign after it (`🚀MoonX`,
`Nexa™`: a name its owner coined, whatever English makes of the word)."""
_LINE_GOES_ON = r"\s+\(|\s*[|—–]|\s-|\s*$"
"""Or what ends a line's prose after a glued name: a credit in brackets, after a bar or a
dash (`…the secretary.Silver Harbor —Max Hartley`, `…or more.Silver Harbor | Bloomberg`),
or the line's end."""
_LOWER_NAME = r"(?P<name>[a-z][a-z0-9]{3,}|[a-z][a-z0-9-]{3,}(?=\.[a-z]))(?:\.[a-z]{2,6})?"
"""A name in lower case, or a site's address, with hyphens only in an address (`moon-x.io`:
prose glues its compounds, `long-term`)."""
_GLUED_LOWER = re.compile(rf"(?<=[a-z0-9%)][.!?]){_LOWER_NAME}"
                          rf"(?=\s+(?:[A-Z0-9]|[a-z]+[A-Z])|{_LINE_GOES_ON})")
"""A name in lower case, or a web address, glued after a sentence's end and followed by the
next sentence (`…in 1986.newsfast.xyz Assuming…`, `…the company.moonboss On March…`,
`…said.moonboss iPhone has…`)."""
_LOWER_AFTER_INITIALS = re.compile(rf"(?<=[A-Z]\.[A-Z]\.){_LOWER_NAME}(?=[\s,;:]|$)")
"""The same glued to an initialism, whatever follows: no word opens in lower case right
after `U.S.` (`…the U.S.moonboss Senate…`; Reuters has one, `U.S.dlrs`, a word it knows)."""
OPENERS = ("The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "In", "On", "At",
           "But", "And", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our",
           "Your", "For", "As", "By", "With", "After", "Before", "If", "When", "While", "Since",
           "Although", "However", "Also", "There", "Some", "Most", "Many", "No", "One", "Other",
           "Another", "Both", "Each", "All", "Only", "More", "Last", "Earlier", "Under", "About",
           "Analysts", "Officials", "Traders", "Dealers")
"""Words that open a sentence: the commonest first words of Reuters' sentences that are no
name (two in three of its sentences open with one)."""
OPENER = rf"(?:{'|'.join(OPENERS)})(?: |(?<=[a-z]),)"
"""One of `OPENERS` as a regex, then a space, or a comma after a word (`However,`; not
`A,`, an author's initial: `Hiransuthikul A, et al.`)."""
_RUN_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,})"
_GLUED_RUN = re.compile(r"(?<=[a-z0-9%)\"'”’][.!?])"
                        rf"(?P<name>{_RUN_WORD}(?: {_RUN_WORD}){{1,2}}|[A-Z][a-z]+-[A-Z][a-z]+)"
                        rf"(?= {OPENER}|{_LINE_GOES_ON})")
"""A name of two or three capitalised words (or words in capitals, or a compound of two:
`GALAXY BIT`, `Coin-Wave`) glued after a sentence's end and followed by
the next sentence's opening word (`…for good.Silver Harbor The…`) or by the line's credit or
end (`_LINE_GOES_ON`): words the language knows, but a sentence that lost its space goes on
in lower case (`…in Minn.Outclassed and…`), and a company's name goes on with what it did
(`…6.Juli Banken A/S said…`). An outlet's name is a credit (`…this report.Associated
Press`)."""
_PUNCT_LETTER = re.compile(rf"[.,;:!?\"'”’][{PICTOGRAPHS}]*[A-Za-z]")
"""What every glue above holds, a punctuation mark then a letter: the cheap test (a tenth of
the cost of the look-behinds) before them, passed by two lines of prose in five."""
_NEXT = re.compile(r" ([A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*)(?=[\s,.;:!?)]|$)")
_ENTITY = re.compile(r"&?(?:quot|amp|apos|lt|gt|nbsp|#\d+);$")
ENTITY_CHARS = 12
"""The longest entity `_ENTITY` looks back for (`&#1114111;`): read in a window, not the whole
line before each glued name."""
_ADDRESS_MARK = re.compile(r"www\.|://|@")
_RUN = re.compile(r"\S+")
_ADDRESS_AFTER = re.compile(r"\.[a-z]{2,6}(?:[/:?#]|\s|$)")
"""A word inside a web address or e-mail (`www.DearAbby.com`): a mark before it
(`_address_runs`), or what stands after it; but a site's address glued after a sentence and
followed by the next one is a name (`…said.TradeKing.com The…`: `_ADDRESS_THEN_SENTENCE`)."""
_ADDRESS_THEN_SENTENCE = re.compile(r"\.[a-z]{2,6}(?=\s+[A-Z0-9])")
_ANY_GLUE = re.compile(r"[a-z][.,;:!?][A-Za-z]")
HABIT_GLUES = 3
"""A line glued after punctuation this often is written without those spaces (a text
message: `…news.By the grace…joined.Hope you are fine.Inshah Allah,meet…`): no evidence."""


def glued_names(seg: SegmentReport, counts: dict[str, int], lexicon: Lexicon
                ) -> list[Found]:
    """The invented names glued into `seg`'s sentences (page offsets)."""
    text = seg.text
    found: list[Found] = []
    if len(_ANY_GLUE.findall(text)) >= HABIT_GLUES:
        return found
    addresses = _address_runs(text)
    for match in _GLUED.finditer(text):
        word, end = match.group("word"), match.end()
        address = _ADDRESS_THEN_SENTENCE.match(text, end)
        if ((lexicon.web_of(norm(word)) > 0 and not match.group("mark"))
                or counts.get(word, 0) != 1
                or _ENTITY.search(text, max(0, match.start() - ENTITY_CHARS), match.start())
                or in_spans(match.start(), addresses)
                or (address is None and _ADDRESS_AFTER.match(text, end))):
            continue
        end = address.end() if address else end
        while (more := _NEXT.match(text, end)) and lexicon.web_of(norm(more.group(1))) == 0:
            end = more.end()
        found.append(Found(seg.start + match.start(), seg.start + end))
    for match in _GLUED_RUN.finditer(text):
        names = words(match.group("name"))
        if (any(counts.get(w, 0) != 1 or norm(w) in lexicon.months for w in names)
                or lexicon.all_places(names) or all(norm(w) in lexicon.outlets for w in names)
                or any(f.start == seg.start + match.start() for f in found)):
            continue
        found.append(Found(seg.start + match.start(), seg.start + match.end("name")))
    for match in chain(_GLUED_LOWER.finditer(text), _LOWER_AFTER_INITIALS.finditer(text)):
        name = match.group("name")
        if (lexicon.web_of(name) > 0 or any(counts.get(w, 0) != 1 for w in name.split("-"))
                or in_spans(match.start(), addresses)):
            continue
        found.append(Found(seg.start + match.start(), seg.start + match.end()))
    return found


def _address_runs(text: str) -> list[tuple[int, int]]:
    """Where a word starting there stands inside a web address or e-mail in `text` (after a
    mark, no space between), as sorted spans for `context.in_spans`: for each run of
    non-space characters holding a mark (`www.`, `://`, `@`), from the end of its first mark
    to the run's end, inclusive. (A search back from every mark of a long run of them took
    seconds.)"""
    if "@" not in text and "://" not in text and "www." not in text:
        return []
    return [(run.start() + mark.end(), run.end() + 1) for run in _RUN.finditer(text)
            if (mark := _ADDRESS_MARK.search(run.group()))]


def glue_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
              closed: Collection[int], token_threshold: float
              ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `glued_in_sentence` applied, and the token probability it stands for
    (0 when it found nothing). `closed`: segments whose tokens may not be injected."""

    def find(seg: SegmentReport, counts: Counts) -> list[Found]:
        if (not _PUNCT_LETTER.search(seg.text)
                or not (_GLUED.search(seg.text) or _GLUED_LOWER.search(seg.text)
                        or _LOWER_AFTER_INITIALS.search(seg.text) or _GLUED_RUN.search(seg.text))
                or len(words(seg.text)) < BODY_WORDS):
            return []
        return glued_names(seg, counts(), lexicon)

    return in_prose(segments, closed, token_threshold, GLUE_RULE, find)
