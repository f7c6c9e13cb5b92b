"""`set_off_in_prose`: a short name set off by a symbol at a paragraph's start or end, or
between its sentences.

Writers end a paragraph with a full stop and part its sentences with a space. A brand that a
template pushes into prose is often set off by a symbol instead (`…said on Monday. ★ Orbex
Pro`, `…on Monday. Orbex Pro ❯ Shares rose…`, `Silver Harbor ::: NEW YORK (AP) — …`), and
the token model, reading a brand made of ordinary words (`Silver Harbor`) among hundreds of
them, seldom calls it.

So in a paragraph (`parse.BODY_WORDS` words or more), a chunk of one to `CHUNK_WORDS` words
is injected when a symbol separator (`SEPARATOR`: bars, bullets, arrows, shapes, emoji,
spaced runs of `*+=#^»:>`; not dashes or slashes, which prose uses for credits and ranges,
nor brackets and quotation marks) sets it off after a sentence's end (or the credit that
ends it: `— AP`) and it either ends the paragraph or stands before the next sentence, or
when it opens the paragraph before a sentence (a word that opens with a capital or a digit;
not a dateline's city, `LONDON ● The…`, nor the first section of a breadcrumb trail,
`Front Page » Transportation » Transit…`). Prose's own marks (a spaced dash or slash, a
tilde, a middle dot, a glued colon) set off a name at a paragraph's start only when English
has never seen a word of it (`Apexbank - Six ships…`). At a paragraph's end, a name whose
first word English has never seen needs no sentence before it (`…vs loss two cts ●
KORVEXA`), and a dash sets it off too (`…said. -- Orbex Pro`; not a credit, `— Jane
Kowalczyk`). After a dateline's dash, the same marks and a spaced colon set a name off before
the first sentence, and a coined word may be glued to the dash (`_after_dateline`). A space
alone sets off a name opening with a coined word after the last sentence, or before a
sentence's opening word or the dateline (`_spaced_coined`).

Not when the chunk is page furniture (a `widgets` phrase, or words of the `widgets`,
`outlets`, `agencies` and stop-word lists only: `| Privacy Policy`, `● Reuters`, `REUTER #`)
or a photo credit (`CREDIT_WORDS`), when it does not read as a name (`● Of major
importance`, `✔ Verified`, `☎ 555-1234`), or when the article's prose or title uses it
elsewhere (the company the story is about).

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

from spamdet.combining import MARKS
from spamdet.dateline_wedge import ZONE_CHARS
from spamdet.lexicon import CORPORATE, TRADEMARKS, ZIPF_SCALE, Lexicon, list_words, norm
from spamdet.normalize import compose, has_marks
from spamdet.normalize import words as text_words
from spamdet.parse import BODY_WORDS, dateline_end, dateline_zone
from spamdet.prose_rule import Counts, Found, in_prose
from spamdet.records import SegmentReport
from spamdet.sentence_glue import OPENER
from spamdet.separators import PICTOGRAPHS

CHUNK_RULE = "set_off_in_prose"
CHUNK_WORDS = 4
"""Words a set-off name may have: brands are short; a longer run is a sentence or a list."""
SET_OFF_SYMBOLS = ("|•●◆■▶►¦‖\u2020-\u2023\u2027\u203b-\u203e\u2190-\u245f\u2500-\u2bff"
                   "\u00a4\ufe31\ufe32\uff5c\uffe8\U0001f300-\U0001f4f6\U0001f4fa-\U0001faff")
SEPARATOR = rf"(?:[{SET_OFF_SYMBOLS}]+|(?<=\s)(?:[*+=#^»]+|:{{2,}}|>{{2,}})(?=\s))"
"""A symbol that sets a chunk off, as a regex: one of `separators.SYMBOLS` that prose and
page furniture do not use between a sentence and a name (not `_~§`, brackets, `«»‹›`
quotation marks, `>`, `·`, the circled letters of `ⓒ`, the cameras and video cameras of
photo credits), or a spaced run of `*+=#^»`, of colons or of `>`."""
CREDIT_WORDS = frozenset({"photo", "photos", "image", "images", "picture", "pictures",
                          "video", "file", "staff", "courtesy", "handout", "illustration"})
"""Words of a photo or staff credit after a paragraph (`▪ Getty Images`, `• Staff Photo`)."""


_HIDDEN = "\u00ad\u200b-\u200f\u2060-\u2064\ufeff"
"""Zero-width characters a word may hide inside (`Ivolink\u200b Media`, `P\u200bro`), as in
`normalize.ZERO_WIDTH`."""


_CLAIMED = re.compile(rf"(?<![^\W_])[{PICTOGRAPHS}]*[^\W_]+[{TRADEMARKS}]")
"""A name whose first word bears a trademark sign: its owner's coinage, whatever English
makes of the word (`Nexa™`). Matched at a word's start (a search from inside a long word
would consume the rest again)."""


def _chunk(marks: str) -> str:
    """A name of up to `CHUNK_WORDS` words, as a regex group; `marks`: combining marks its
    words may hold (`combining.MARKS` for a paragraph in NFD, else none: a faster class).
    Its first word may open with emoji (`🚀MoonX`), a word may end with a trademark sign
    (`Nexa™`), and an ampersand is a word (`Lumio & Co`)."""
    word = rf"[^\W_][\w.'’&{marks}{_HIDDEN}-]*[{TRADEMARKS}]?"
    return rf"((?:[{PICTOGRAPHS}]+(?=[^\W_]))?{word}(?: (?:&|{word})){{0,{CHUNK_WORDS - 1}}})"


_RUN_START = rf"(?<![{SET_OFF_SYMBOLS}])"
"""Separators are matched from the start of a run of symbols, and runs parted by spaces:
`(?:\\s*[★]+)*` would split a run of n stars in 2^n ways before failing (a paragraph
ending in 25 stars took 5 s), and a search from inside a run would redo it."""
_SEPARATOR_CHAR = re.compile(f"[{SET_OFF_SYMBOLS}*+=#^»:>]")
"""A character every separator holds: the cheap test before the patterns."""
_AT_END, _MARKED_AT_END = (
    re.compile(rf"{_RUN_START}{SEPARATOR}(?:\s+{SEPARATOR})*\s*{_chunk(m)}\s*$")
    for m in ("", MARKS))
TAIL = 160
"""How far from a paragraph's end a name set off at its end is looked for (four words and
their separator are shorter; the search is tried at each place, so it is kept short)."""
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")
_LAST_WORD = re.compile(r"(?<![^\W_])([^\W_]+)\W*$")
_MARKED_LAST_WORD = re.compile(rf"(?<![^\W_])(?<![{MARKS}])((?:[^\W_][{MARKS}]*)+)[^\w{MARKS}]*$")
"""The last word of a text; a search tries word starts only (from inside a long word it
would consume the rest again: quadratic)."""
_BEFORE_SENTENCE, _MARKED_BEFORE_SENTENCE = (
    re.compile(rf"(?<=[.!?\"”’]) {_chunk(m)}\s*{SEPARATOR}\s*(?=\S)") for m in ("", MARKS))
_AT_START, _MARKED_AT_START = (
    re.compile(rf"^{_chunk(m)}\s*{SEPARATOR}(?:\s+{SEPARATOR})*\s*(?=[\"“‘(]?[A-Z0-9])")
    for m in ("", MARKS))
"""A name that a symbol sets off before a paragraph's first sentence (`Silver Harbor ❯
TORONTO (AP) — …`)."""
_COINED_AT_START, _MARKED_COINED_AT_START = (
    re.compile(rf"^{_chunk(m)}(?:\s+[-–—~/·_]+\s+|\s*[~·]+\s*|[:_])(?=[\"“‘(]?[A-Z0-9])")
    for m in ("", MARKS))
"""A name that a spaced dash or slash, a tilde, a middle dot, a glued colon or an underscore
sets off before a paragraph's first sentence (`Apexbank - Six ships…`, `Elocoin / Tender
Loving Care said…`, `DELTAGOGATE:A vote…`). Prose uses these marks too (`LONDON - The…`),
so the name must hold a coined word; not a hyphen's compound (`Freudo-Marxism`), nor an
interview's speaker (`DOUZIECH: I try…`)."""
_COINED_AFTER_DATELINE, _MARKED_COINED_AFTER_DATELINE = (
    re.compile(rf"^{_chunk(m)}(?:\s+[-–—~/·_]+\s+|\s*[~·]+\s*|[:_]|:\s+)(?=[\"“‘(]?[A-Z0-9])")
    for m in ("", MARKS))
"""`_COINED_AT_START` after a dateline's dash, where a spaced colon sets a name off too
(`SEOUL (AP) — Zorvex: Chinese…`)."""
_SPACED_AT_END, _MARKED_SPACED_AT_END = (
    re.compile(rf"(?:(?<=[a-z0-9%][.!?])(?<!\.[a-z]\.)|(?<=[.!?][\"”’)])) "
               rf"(?:{_chunk(m)}|\({_chunk(m)}\)|\[{_chunk(m)}\])\s*$")
    for m in ("", MARKS))
"""A name after a paragraph's last sentence, set off by a space alone, bare or in brackets
(`…said. Zorvex`, `…said. (Zorvex)`; not after an initial, `…George A. Vonder Linden.`,
nor an abbreviation, `…e.g. erc20`): the name is the group that matched."""
_SIGNED_OFF, _MARKED_SIGNED_OFF = (
    re.compile(rf"(?:(?<=\bREUTER)|(?<=\bREUTERS)|(?<=[^\W_]\))) {_chunk(m)}\s*$")
    for m in ("", MARKS))
"""A name after the story's sign-off, a space alone setting it off (`…REUTER Zorvex`, or
a credit in brackets, `…said. (dpa) Zorvex`: `_credit_before`)."""
_CODE = re.compile(r"[A-Z]{1,5}(?: \d+)*")
"""Short capitals and numbers in brackets: a wire's story code or a ticker (`(NRGG 1458)`,
`(OFLB)`), no brand."""
_NAME_BEFORE_OPENER, _MARKED_NAME_BEFORE_OPENER = (
    re.compile(rf"(?<!\S){_chunk(m)} (?={OPENER})") for m in ("", MARKS))
"""A name followed by a word that opens a sentence (`Zorvex The visit…`); matched at a
sentence's start (a search from inside a long word would consume the rest again)."""
GLUED_OPENERS = ("The", "He", "She", "They", "This", "That", "These", "Those", "His",
                 "Her", "Their", "There", "However", "When", "While", "Although", "After",
                 "Before", "But")
"""Words that open a sentence and end no name: a name glued to one (`FeltranoThe fire…`)
was glued on (not `A` or `I`, which end acronyms and cities, `GEPLACEA sees`, `KASHIKOJIMA,
JAPAN`; not `One`, `It`, `In` or `On`, which end names, `EtherlinkOne has…`)."""
_GLUED_TO_OPENER = re.compile(rf"(?<!\S)([^\W_]{{3,40}}?)(?=(?:{'|'.join(GLUED_OPENERS)})[ ,])")
"""A name glued to the word that opens the sentence after it (`GLUED_OPENERS`)."""
NAME_ENDERS = (("The", "A", "An", "This", "These", "Those"),
               ("He", "She", "It", "They", "We", "His", "Her", "Its", "Their"))
"""Openers no name's words run on into (`Silver Harbor The vote…`, not `…Harbor One`):
articles and demonstratives; pronouns, before a word in lower case (a surname may be one,
`Agriculture Minister He Kang said…`)."""
_WORDS_BEFORE_OPENER = re.compile(
    rf"((?:[A-Z][a-z]+ ){{1,{CHUNK_WORDS - 1}}}[A-Z][a-z]+) "
    rf"(?:(?:{'|'.join(NAME_ENDERS[0])}) |(?:{'|'.join(NAME_ENDERS[1])}) (?![A-Z]))")
"""Two to `CHUNK_WORDS` words in title case before a sentence's opener (`NAME_ENDERS`)."""
TLD = r"\.[a-z]{2,6}"
"""A site's top-level domain, as a regex (`.com`, `.xyz`): what makes a word an address."""
_COINED_START = re.compile(rf"(?<![\w{PICTOGRAPHS}])([{PICTOGRAPHS}]*)"
                           rf"([^\W\d_][\w'’]*(?:{TLD})?)"
                           rf"([{TRADEMARKS}]?) [\"“‘]?([A-Z][\w'’-]*)")
"""A word at a sentence's start (with the emoji before it, a site's domain, the trademark
sign after it: groups 1-3), then a space and a capitalised word (group 4). Matched at a
word's start only (a search from inside a long word would consume the rest again)."""
CLAUSE_CHARS = 40
"""How far after the word a company's suffix or ticker makes it the company's name."""
OFFICERS = frozenset({"ceo", "cfo", "coo", "cto", "chief", "boss", "chairman", "chairwoman",
                      "president", "founder", "spokesman", "spokeswoman", "spokesperson"})
"""Who speaks for an organisation named before them (`Linspire CEO points out…`)."""
SURNAME_ZIPF = 2.5
"""After a first name, a word rarer than this in English (Zipf) is a surname (`Terumichi
Tsuchida said…`)."""
OPENER_ZIPF = 4.0
"""Inside a paragraph, a word in title case before a word this common (Zipf) opening the
sentence (`…California. Quorbit Shares rose…`) is no first name: the surnames of people a
story introduces there are rarer (`Gelete Burka`), or it names them again."""
_SURNAME_PREFIX = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von)[A-Z]")
"""A surname's prefix before a capital (`McKinsey`, `DeBartolo`; `O'Neill` is no word of
letters alone: `_no_surname`)."""
ACRONYM_LETTERS = 4
"""A word in capitals this short is an acronym or a code (`PBSY Cottonseed oil…`)."""
_LOST_SPACE = tuple(f"{c}I" for c in "abcdefghijklmnopqrstuvwxyz")
"""A word glued to the pronoun after it (`…Valentines Day RememberI …`), a typo."""
_ELIDED = re.compile("[A-Za-z]['’][A-Z]")
"""A name's elision (`De'Aaron`, `O'Neill`): a person's."""
_SENTENCE_BREAK = re.compile(r"(?:(?<=[a-z0-9%])[.!?]|[.!?][\"”’)]) ")
"""A sentence's end and the space after it (not after an initial, `A. `)."""
_SPACE = re.compile(" ")
_CITY = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?=[ ,])")
"""A dateline's city in capitals."""
_ANY_CASE_CITY = re.compile(r"([A-Z][\w.'’-]{0,30})(?: [A-Z][\w.'’-]{0,30}){0,3}(?:,| \()")
"""A dateline's city in any case (each word of a bounded length: linear under `findall`),
then a comma or the agency's bracket; its first word is the group."""
_DASH = re.compile(r" ?(?:[—–]|--?) ")
_GLUED_WORD = re.compile(rf"[^\W_][\w'’-]*(?:{TLD}(?![\w.]))?")
"""A word, or a site's address (`newsfast.xyz`), glued to a dateline's dash."""
_GLUED_NAME = re.compile(rf"([{PICTOGRAPHS}]*)({_GLUED_WORD.pattern})([{TRADEMARKS}]?)")
"""`_GLUED_WORD` with the emoji it opens with and the trademark sign it ends with, each
the mark of a name whatever English makes of its word (`🚀MoonX`, `Nexa™`)."""
_DASHED_AT_END, _MARKED_DASHED_AT_END = (
    re.compile(rf"(?:\s(?:--?|[—–])|(?<!\d)[—–])\s*{_chunk(m)}\s*$") for m in ("", MARKS))
"""A name that a dash sets off at a paragraph's end (`…the bankers said. -- Orbex Pro`):
prose ends on a dash for its credits (`— Jane Kowalczyk`), so the name's first word must
be coined; a dash between digits is a range (`194–199`)."""
TRAIL_CHARS = 60
"""How far after a chunk at a paragraph's start its separator may come again and make a
breadcrumb trail of sections (three or four short ones)."""
_SITE = re.compile(rf"(?:www\.)?[^\W_][\w-]*{TLD}")
"""A site's address by itself (`moon-x.io`, `www.tradeking.com`), matched whole."""
_ADDRESS = re.compile(r"(?<![\w-])[\w-]+(?:\.[\w-]+)+")
"""A site's address as a name (`newsfast.xyz`), matched whole (`fullmatch`: a `$` made every
search of a long dotted run quadratic; the look-behind keeps a search from starting
inside a word)."""


def name_words(chunk: str, lexicon: Lexicon) -> list[str]:
    """The words of `chunk` if it reads as a name: each word but stop words has a capital
    letter or a digit, or is one English at large has never seen (`Silver Harbor`,
    `moonboss`, not `Of major importance`), or the chunk is a web address; none for page
    furniture."""
    words = [compose(w) for w in text_words(chunk)]
    stop = list_words("stopwords")
    if (chunk.lower() in lexicon.phrases or all(norm(w) in lexicon.furniture for w in words)
            or any(norm(w) in CREDIT_WORDS for w in words)):
        return []
    if _ADDRESS.fullmatch(chunk):
        return words
    names = [w for w in words if not w.islower() or lexicon.web_of(norm(w)) == 0]
    if (any(w not in names and norm(w) not in stop for w in words)
            or not any(c.isalpha() for c in chunk)
            or (len(words) == 1 and not odd(words[0], lexicon)
                and _CLAIMED.match(chunk) is None)):
        return []
    return names


def odd(word: str, lexicon: Lexicon) -> bool:
    """A word that is a name by itself: one English at large has never seen, or capitals or
    digits inside it (`Gainly`, `KORVEXA`, `Top10Trade`; not `Verified`)."""
    return lexicon.web_of(norm(word)) == 0 or not (word[1:].islower() or word.isdigit())


def _trail(text: str, match: re.Match[str]) -> bool:
    """Does the separator after the chunk `match` found at the start of `text` come again
    soon after it: a breadcrumb trail (`Front Page » Transportation » Transit tax…`)?"""
    symbol = match.group()[match.end(1) - match.start():].strip()[:1]
    return symbol in text[match.end():match.end() + TRAIL_CHARS]


def _after_sentence(before: str, lexicon: Lexicon) -> bool:
    """Does `before` end a sentence, or a sentence's credit (`… said. — AP`, `| Reuters`)?"""
    if _SENTENCE_END.search(before):
        return True
    last = (_MARKED_LAST_WORD if has_marks(before) else _LAST_WORD).search(before)
    return last is not None and norm(last.group(1)) in lexicon.outlets


class _Chunk(NamedTuple):
    """A set-off chunk that reads as a name: where it starts in its segment, its text, and
    the words that make it a name."""

    start: int
    text: str
    names: list[str]


def set_off_chunks(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """The chunks a symbol, prose's marks or a space set off in a paragraph's `text` (at
    its start, its end, between its sentences, after its dateline) that read as names."""
    found: list[_Chunk] = []
    at_end, before = ((_MARKED_AT_END, _MARKED_BEFORE_SENTENCE) if has_marks(text)
                      else (_AT_END, _BEFORE_SENTENCE))
    if _SEPARATOR_CHAR.search(text):
        for pattern, start in ((at_end, max(0, len(text) - TAIL)), (before, 0)):
            for match in pattern.finditer(text, start):
                chunk, at = match.group(1).rstrip("."), match.start(1)
                if (pattern is at_end and not _after_sentence(text[:match.start()], lexicon)
                        and not _coined_head(chunk, lexicon.coined_name)):
                    continue  # no sentence before it (`… matches played ■ Premier League`)
                names = name_words(chunk, lexicon)
                if names:
                    found.append(_Chunk(at, chunk, names))
        found.extend(_set_off_at_start(text, lexicon))
    if not found:
        found.extend(_coined_at_start(text, lexicon))
    if not found:
        found.extend(_dashed_at_end(text, lexicon))
    if not found and (head := dateline_end(text)):
        found.extend(_after_dateline(text, head, lexicon))
    if not found:
        found.extend(_spaced_coined(text, lexicon))
    return found


def _spaced_coined(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name opening with a coined word that a space alone sets off from the paragraph
    `text`: before its first sentence or between two sentences, followed by a word that
    opens a sentence (`Zorvex The visit…`, `…on Monday. Orbex Pro It said…`;
    `sentence_glue.OPENERS`; or glued to one, `FeltranoThe fire…`: `GLUED_OPENERS`) or by
    its dateline (`KORVEXA NEW YORK, March 2 - …`), or after its last sentence, in brackets
    or not (`…the minister said. Zorvex`, `…said. (Zorvex)`)."""
    marked = has_marks(text)
    found = _before_dateline(text, lexicon)
    tail = max(0, len(text) - TAIL)
    end = (_MARKED_SPACED_AT_END if marked else _SPACED_AT_END).search(text, tail)
    if end is not None:
        at = next(i for i in (1, 2, 3) if end.group(i) is not None)
        if at == 1 or not _CODE.fullmatch(end.group(at)):  # not a wire's code, `(NRGG 1458)`
            found.extend(_coined_chunk(end.group(at).rstrip("."), end.start(at), lexicon))
    if not found:
        end = (_MARKED_SIGNED_OFF if marked else _SIGNED_OFF).search(text, tail)
        if end is not None and _credit_before(text, end.start(), lexicon):
            found.extend(_coined_chunk(end.group(1).rstrip("."), end.start(1), lexicon))
    before = _MARKED_NAME_BEFORE_OPENER if marked else _NAME_BEFORE_OPENER
    for at in (0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))):
        first = _GLUED_NAME.match(text, at)  # the cheap test: most sentences open on a
        if first is None or not (first.group(1) or first.group(3)  # word English knows
                                 or lexicon.coined_name(first.group(2))):
            found.extend(_words_before_opener(text, at, lexicon))
            continue
        match = before.match(text, at) or _GLUED_TO_OPENER.match(text, at)
        if match is not None:
            found.extend(_coined_chunk(match.group(1).rstrip("."), at, lexicon))
        elif at or not found:
            found.extend(_coined_before_capital(text, at, lexicon))
    return found


def _coined_before_capital(text: str, at: int, lexicon: Lexicon) -> list[_Chunk]:
    """The coined word that opens a sentence of the paragraph `text` at `at`, a space alone
    setting it off from the capitalised word after it (`Cryptovate UK house prices rose…`,
    `…on Monday. KORVEXA Nintendo said…`; a word glued to an opener is judged by
    `_GLUED_TO_OPENER`). A word with emoji before it or a trademark sign after it is coined
    whatever English makes of it (`🚀MoonX`, `Nexa™`); a site's address is a name inside a
    paragraph (`…said. TradeKing.com Fans…`), not at its start, where a site credits itself
    (`p2pnet.net News:- …`).

    A sentence opens on its subject, which the story names again (the caller counts the
    names on the page). Not a company's name (a company's suffix or a ticker soon after, or
    its officer: `AmVestors Financial Corp <AVFC>`, `Linspire CEO says`), an acronym, a
    line in capitals, a name with an elision (a person's, `De'Aaron`), a known word's
    plural or possessive without its apostrophe (`Costigans Pub on Washington St…`), nor a
    word glued to `I`. A word in title case may be a person's first name: only at the
    paragraph's start (a story introduces people by their full name inside it: `…this
    year. Gelete Burka then crowned…`), not before a rare word or a comma (a surname,
    `Somphol Kiatpaiboon, director…`), and the word after it must stand nowhere else on the
    page (`Bukayo Sanusi gave…`, where the story says `Sanusi` again); none of this when
    the word after it is one no surname is (`…on Monday. Quorbit BlackBerry said…`:
    `_no_surname`), the story's own subject."""
    match = _COINED_START.match(text, at)
    if match is None or not (match.group(1) or match.group(3)
                             or lexicon.invented(match.group(2))):
        return []
    word, after = match.group(2), match.group(4)
    if "." in word and not at:
        return []  # a site's address opening a paragraph credits it (`p2pnet.net News:- …`)
    if (word.isupper() and (len(word) <= ACRONYM_LETTERS or after.isupper())
            or _ELIDED.search(word) or word.endswith(_LOST_SPACE)
            or lexicon.known_plural(word)):
        return []  # an acronym, a line in capitals, a person (`De'Aaron Fulton added…`)
    clause = text_words(text[match.start(4) : match.start(4) + CLAUSE_CHARS])
    if ("<" in text[at : match.start(4) + CLAUSE_CHARS] or norm(after) in OFFICERS
            or any(norm(w) in CORPORATE for w in clause)):
        return []  # a company's name (`AmVestors Financial Corp <AVFC>`, `Linspire CEO says`)
    name = text[at:match.end(3)]
    names = name_words(name, lexicon)
    if names and word[0].isupper() and word[1:].islower() and not _no_surname(after):
        if (lexicon.web_of(norm(after)) < (OPENER_ZIPF if at else SURNAME_ZIPF) / ZIPF_SCALE
                or len(after) == 1 or text.startswith(",", match.end())):
            return []  # a person: first name, initial or surname (`Somphol Kiatpaiboon, …`)
        if norm(after) not in list_words("stopwords"):
            names.append(compose(after))
    return [_Chunk(at, name, names)] if names else []


def _no_surname(word: str) -> bool:
    """Is `word` one no surname is, so the coined word before it is no first name: camel
    case (`BlackBerry`, `iPhone`, `JPMorgan`; not a surname's prefix, `McKinsey`), or a
    name in capitals longer than an acronym (`EVERLAB`; not `FBI`, nor a grade's code,
    `Belawan SIR 20`)?"""
    if not word.isalpha():
        return False  # a double-barrelled surname (`Smith-Jones`), `O'Neill`
    if word.isupper():
        return len(word) > ACRONYM_LETTERS
    return any(c.isupper() for c in word[1:]) and _SURNAME_PREFIX.match(word) is None


def _credit_before(text: str, at: int, lexicon: Lexicon) -> bool:
    """Is what stands before `at` in `text` a sign-off: `REUTER`, or a credit in brackets
    (`(dpa)`, `(Reuters)`: page furniture's words), no name of the story's (`…by Acme
    (Zorvex) Quorbit`)?"""
    if text[at - 1:at] != ")":
        return True  # `REUTER`, which the pattern holds
    inside = text[text.rfind("(", 0, at) + 1:at - 1]
    return bool(inside) and all(norm(w) in lexicon.furniture for w in text_words(inside))


def _before_dateline(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name opening with a coined word before the dateline that opens the paragraph
    `text`, set off by a space alone (`Orbex Pro LONDON (Reuters) - …`); a name in capitals
    only before a known place (`KORVEXA NEW YORK, March 2 - …`), as a city's name may
    open with a word English has never seen."""
    for n, space in enumerate(_SPACE.finditer(text, 0, TAIL)):
        if n == CHUNK_WORDS or not text[space.start() - 1].isalnum():
            break  # the city itself, `KASHIKOJIMA, JAPAN, …`
        rest = text[space.end():]
        city = _CITY.match(rest)
        chunk = text[:space.start()]
        if city is not None and dateline_zone(rest):
            if chunk.isupper() and not lexicon.all_places(city.group().split()):
                return []  # one city in capitals (`JABALYA REFUGEE CAMP, Gaza…`)
            return _coined_chunk(chunk, 0, lexicon)
        if _known_city(rest, lexicon):
            return _coined_chunk(chunk, 0, lexicon)
    return []


def _known_city(text: str, lexicon: Lexicon) -> bool:
    """Does `text` open with a dateline whose city is a known place, in capitals or not,
    whatever opens the story after its dash (`London, March 12 - …`, `TORONTO, March 9
    (Reuters) - <Jannock Ltd> said…`)?"""
    city = _ANY_CASE_CITY.match(text)
    return (city is not None and norm(city.group(1)) in lexicon.places
            and _DASH.search(text, city.end(), ZONE_CHARS) is not None)


def _coined_chunk(chunk: str, at: int, lexicon: Lexicon) -> list[_Chunk]:
    """`chunk` (at `at` in its paragraph) if it reads as a name opening with a coined word
    that is no typo (`Lexicon.invented`), or is a site's address (`moon-x.io`, whose words
    English may know)."""
    if not (_coined_head(chunk, lexicon.invented) or _SITE.fullmatch(chunk)):
        return []
    names = name_words(chunk, lexicon)
    return [_Chunk(at, chunk, names)] if names else []


def _set_off_at_start(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name that a symbol sets off before the first sentence of `text` (`_AT_START`)."""
    match = (_MARKED_AT_START if has_marks(text) else _AT_START).match(text)
    if match is None:
        return []
    chunk, at = match.group(1).rstrip("."), match.start(1)
    if ". " in chunk:  # a sentence before it: `Money. Brand ≫`
        cut = chunk.rindex(". ") + 2
        chunk, at = chunk[cut:], at + cut
    names = name_words(chunk, lexicon)
    if not names or lexicon.all_places(names) or _trail(text, match):
        return []  # a dateline's city (`LONDON ● The…`), a breadcrumb trail
    return [_Chunk(at, chunk, names)]


def _after_dateline(text: str, head: int, lexicon: Lexicon) -> list[_Chunk]:
    """A name set off before the first sentence after a dateline that ends at `head`: by a
    symbol (`SEOUL (AP) — Zorvex ❯ Chinese…`), or holding a coined word, by prose's marks
    or a colon (`(AP) — Zorvex: Chinese…`), or a coined word glued to the dateline's dash
    (`(AP) —Zorvex Chinese…`)."""
    rest = text[head:]
    found = (_set_off_at_start(rest, lexicon) if _SEPARATOR_CHAR.search(rest) else []) \
        or _coined_at_start(rest, lexicon, after_dateline=True)
    if not found and not text[head - 1].isspace():
        found = _glued_to_dash(rest, lexicon)
    return [c._replace(start=c.start + head) for c in found]


def _glued_to_dash(rest: str, lexicon: Lexicon) -> list[_Chunk]:
    """The coined word that opens `rest`, glued to the dash before it (only the word: the
    story's own subject may follow it, `—Tradeo Tri-Star Pictures Inc said…`), or a word
    with emoji before it or a trademark sign after it (`—🚀MoonX`, `—Nexa™`)."""
    match = _GLUED_NAME.match(rest)
    if match is None or not (lexicon.coined_name(match.group(2)) or match.group(1)
                             or match.group(3)):
        return _words_before_opener(rest, 0, lexicon)
    names = name_words(match.group(), lexicon)
    return [_Chunk(0, match.group(), names)] if names else []


def _words_before_opener(text: str, at: int, lexicon: Lexicon) -> list[_Chunk]:
    """Words English knows that open a sentence of `text` at `at` as a name, before a word
    that opens a sentence and ends no name (`NAME_ENDERS`: `Silver Harbor The council
    voted…`, `—Vellum Daily A huge car bomb…`): two to `CHUNK_WORDS` in title case, no
    page furniture and not places alone (`New York The…`: a caption's place), before a
    sentence in sentence case (a word in lower case among the opener's next three)."""
    match = _WORDS_BEFORE_OPENER.match(text, at)
    if match is None or not any(w.islower() for w in text_words(text[match.end():])[:3]):
        return []  # a line in title case (`Airlines Hate This Trick — …`: an ad's headline)
    names = name_words(match.group(1), lexicon)
    return ([_Chunk(at, match.group(1), names)]
            if names and not lexicon.all_places(names)
            and not any(norm(w) in lexicon.furniture for w in names) else [])


def _coined_head(chunk: str, coined: Callable[[str], bool]) -> bool:
    """Does `chunk` open with a coined word (`coined`: `Lexicon.coined_name` or, no typo
    either, `Lexicon.invented`) (`Orbex Pro`, `KORVEXA`; not a person, `Jane Kowalczyk`,
    whose surname English may not know)?"""
    first = text_words(chunk)[:1]
    return (bool(first) and first[0][0].isalpha()
            and (coined(first[0]) or _CLAIMED.match(chunk) is not None))


def _dashed_at_end(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name opening with a coined word that a dash sets off at the end of the paragraph
    `text` (`_DASHED_AT_END`)."""
    pattern = _MARKED_DASHED_AT_END if has_marks(text) else _DASHED_AT_END
    match = pattern.search(text, max(0, len(text) - TAIL))
    if match is None or not _coined_head(match.group(1), lexicon.coined_name):
        return []
    chunk = match.group(1).rstrip(".")
    names = name_words(chunk, lexicon)
    return [_Chunk(match.start(1), chunk, names)] if names else []


def _coined_at_start(text: str, lexicon: Lexicon, after_dateline: bool = False
                     ) -> list[_Chunk]:
    """A name with a coined word that a dash, slash, tilde or colon sets off at the start
    of the paragraph `text` (`_COINED_AT_START`); `after_dateline`: `text` follows a
    dateline, where no interview's speaker stands, so a spaced colon counts too."""
    patterns = ((_MARKED_COINED_AFTER_DATELINE, _COINED_AFTER_DATELINE) if after_dateline
                else (_MARKED_COINED_AT_START, _COINED_AT_START))
    match = patterns[0 if has_marks(text) else 1].match(text)
    if match is None:
        return []
    chunk = match.group(1).rstrip(".")
    names = name_words(chunk, lexicon)
    if not any(map(lexicon.coined_name, names)):
        return []
    return [_Chunk(0, chunk, names)]


def chunk_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
               closed: Collection[int], token_threshold: float
               ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `set_off_in_prose` applied, and the token probability it stands for
    (0 when it found nothing). `closed`: segments whose tokens may not be injected."""

    def find(seg: SegmentReport, counts: Counts) -> list[Found]:
        text = seg.text
        if len(text_words(text)) < BODY_WORDS:  # a space may set a name off: every paragraph
            return []
        chunks = set_off_chunks(seg.text, lexicon)
        return [Found(seg.start + c.start, seg.start + c.start + len(c.text)) for c in chunks
                if all(counts().get(w, 0) <= c.names.count(w) for w in c.names)]

    return in_prose(segments, closed, token_threshold, CHUNK_RULE, find)
