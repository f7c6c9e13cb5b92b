"""`glued_in_title` and `set_off_in_title`: a short name stuck on the page title by a run
of symbols.

A title's words are parted by spaces and its site name by a spaced separator. A template that
pushes a brand onto the title without a space, behind a run of ASCII symbols
(`Orbex Pro##Chrysler February U.S. Car Output Down`, `Gainly=Ford…`, `…Output Down**Gainly`),
leaves a line the layout does not cut there (`##` is no separator of the token layout, to
spare `C++` and the like), so the token model reads the brand as one more word of the title
and misses a third of them; glued behind a symbol (`Silver Harbor❯Title`), a brand of
ordinary words is missed too.

So in the title line, a chunk of one to `CHUNK_WORDS` words at its start or end that such a
run (`RUN`: two or more of `#*+~^|:>_`, two or more hyphens, `=`, or symbols) joins to the rest
without a space is injected when the chunk reads as a name (`prose_chunk.name_words`: not
page furniture, each word capitalised, with a digit or unknown to English), has two
letters or more, the rest is a title of `MIN_REST_WORDS` words or more opening (or, for an
end chunk, ending) on a letter or digit, and the article does not use the name elsewhere.

At the title's start the same run set off by spaces stands for the same thing
(`Silver Harbor ★ Merrill Lynch Fires Vaskevitch`: `set_off_in_title`); sites close their
titles with their own name, and the few that open them with it use a bar, a dash or a colon
(`Opinion | …`, `BBC News - …`), which `RUN` does not hold. Not a place alone (`UK ● …`).
So does a wire service's label, which opens its titles (`Quorbit UPDATE 1-Fed holds…`:
`_before_label`). A section's name a breadcrumb glued to the chunk's first word is left out
of it (`HomeSolchain ✦ …`: `Solchain`; `_unglued`).

At the title's end a space alone may set a brand off (`…for talks Orbex Pro`:
`coined_at_title_edge`, `_coined_edges`): the name must then open with a word English has
never seen, and stand where no title word would take it as its object; so at its start,
before a title in sentence case (`Orbex Pro Harbour council approves…`). So may spaces
wedge one between a title's words (`Chinese minister Cryptovate visits North Korea`:
`coined_in_title`, `_coined_inside`), in a title in sentence case.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from typing import NamedTuple

from spamdet.article_words import ArticleWords
from spamdet.combining import MARKS
from spamdet.context import camel_parts
from spamdet.lexicon import (
    CORPORATE,
    TRADEMARKS,
    ZIPF_SCALE,
    Lexicon,
    list_words,
    norm,
    signed,
)
from spamdet.normalize import has_marks
from spamdet.prose_chunk import CHUNK_WORDS, SET_OFF_SYMBOLS, TLD, name_words
from spamdet.prose_rule import PROSE_ROLES, Found, new_finds, prose_counts
from spamdet.records import SegmentReport
from spamdet.recurrence import raised, with_tokens
from spamdet.site_name import SITE_SEPARATORS

TITLE_RULE = "glued_in_title"
SET_OFF_RULE = "set_off_in_title"
EDGE_RULE = "coined_at_title_edge"
INSIDE_RULE = "coined_in_title"
SPLICE_RULE = "spliced_into_title"
MIN_INSIDE_WORDS, MAX_INSIDE_WORDS = 5, 16
"""A title `_coined_inside` and `_coined_start` read: shorter, it is a name or a label;
longer, a lead."""
RUN = rf"(?:[#*+~^|:>_]{{2,}}|-{{2,}}|=+|(?:(?!\|)[{SET_OFF_SYMBOLS}])+)"
"""A glue that no title puts between words without spaces: a run of ASCII symbols, or of
the symbols that set a name off in prose (bullets, arrows, shapes, emoji; not one `|`,
which some sites put before their name)."""
MIN_REST_WORDS = 3
"""Words the title must keep besides the chunk: a title, not two names joined."""
ENGLISH_PREFIXES = ("out", "over", "under", "mid", "euro", "non", "pre", "post", "anti",
                    "counter", "inter", "multi", "semi", "sub", "super", "trans", "re", "un",
                    "co", "mis", "dis", "de", "self", "cross", "mega", "micro", "mini")
"""Prefixes English makes new words with (`Outfeatured`, `Midsession`, `Eurolire`)..."""
MIN_STEM = 4
"""... before a word English knows of this many letters or more (`Outfeatured`: featured)."""
COMMON_ZIPF = 3.0
"""A title word this common in English (Zipf: `approves`, 3.4) is no part of a name before
a coined one."""
MIN_PROSE_WORDS = 80
"""Words of prose an article needs before the title word it never uses stands out."""


def _name(marks: str) -> str:
    """A name of up to `CHUNK_WORDS` words, as a regex group (hyphens only inside a word, so
    that a run of them is glue); `marks`: combining marks its words may hold (a title in NFD)."""
    word = rf"[^\W_][\w.'’&{marks}]*(?:-[\w.'’&{marks}]+)*"
    return rf"({word}(?: {word}){{0,{CHUNK_WORDS - 1}}})"


_HEAD, _MARKED_HEAD = (re.compile(rf"^\W*?{_name(m)}(?P<space> ?){RUN} ?(?=[^\W_])")
                       for m in ("", MARKS))
_TAIL, _MARKED_TAIL = (re.compile(rf"(?<={after})[.!?)\"”’]?{RUN}{_name(m)}[^\w{m}]*$")
                       for m, after in (("", r"[^\W_]"), (MARKS, rf"[^\W_]|[{MARKS}]")))
_WIRE_LABEL = re.compile(r"(?<=[ -])[A-Z][A-Z&]+(?: [A-Z][A-Z&]+)? \d{1,2}-(?=[^\W_])")
"""A wire service's label, which opens its titles (`UPDATE 2-`, `FACT CHECK 1-`)."""
_WORD = re.compile(r"[^\W_]+")
_SPACED_WORD = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W_]")
OBJECT_VERBS = frozenset({
    "buy", "buys", "bought", "acquire", "acquires", "acquired", "sell", "sells", "sold",
    "beat", "beats", "sue", "sues", "sued", "hire", "hires", "hired", "name", "names",
    "named", "back", "backs", "join", "joins", "joined", "meet", "meets", "face", "faces",
    "visit", "visits", "sign", "signs", "signed", "defeat", "defeats", "top", "tops", "use",
    "uses", "using", "launch", "launches", "invest", "invests", "target", "targets",
    "unveil", "unveils", "unveiled",
    "vs", "versus", "v"})
"""Words of a headline after which a name is its object (`Cendant reported to buy
Ebookers`, `…In Emacs Using Defadvice`), not stuck on it."""
_COINED_SHAPE = re.compile(rf"[^\W\d_][^\W_]*(?:{TLD})?")
"""A brand's word: letters and digits from a letter on, or a site's address; no compound,
no stray mark (`End-1986`, `REUTER^M`)."""
_BRANDED = re.compile(rf"[^\W\d_][\w-]{{1,40}}{TLD}|[^\W\d_]{{1,30}}\d{{1,6}}[^\W\d_]{{1,30}}")
"""A title word only a brand is shaped as, as spaced: a site's address (`newsfast.xyz`; not
an initial's abbreviation, `W.German`) or digits between letters (`Top10Trade`; not a
model's number, `A320`, `Covid19`). Lengths bounded: linear under `findall`."""
_EDGE_PUNCT = "\"'“”‘’«»()[].,;:!?"
_YEAR = re.compile(r"(?:19|20)\d\d")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")


class _Chunk(NamedTuple):
    """A chunk stuck on the title that reads as a name: where it starts in the title, its
    text, the words that make it a name, and its rule (`TITLE_RULE`, or `SET_OFF_RULE` for a
    chunk at the start set off by spaces)."""

    start: int
    text: str
    names: list[str]
    rule: str


def title_chunks(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """The chunks stuck on the title `text` that read as names."""
    found = []
    head, tail = (_MARKED_HEAD, _MARKED_TAIL) if has_marks(text) else (_HEAD, _TAIL)
    for pattern in (head, tail):
        match = pattern.search(text)
        if match is None:
            continue
        chunk = match.group(1).rstrip(".")
        rest = text[match.end():] if pattern is head else text[:match.start()]
        if len(_WORD.findall(rest)) < MIN_REST_WORDS or sum(c.isalpha() for c in chunk) < 2:
            continue
        if pattern is head and not (rest[0].isupper() or rest[0].isdigit()):
            continue
        spaced = pattern is head and bool(match.group("space"))
        names = name_words(chunk, lexicon)
        if names and not (spaced and lexicon.all_places(names)):
            rule = SET_OFF_RULE if spaced else TITLE_RULE
            found.append(_Chunk(match.start(1), chunk, names, rule))
    found = found or _before_label(text, lexicon)
    return (found or _coined_edges(text, lexicon)
            or _coined_start(text, lexicon) + _coined_inside(text, lexicon))


def _before_label(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name before the wire label that opens the title `text` (`Quorbit UPDATE 1-Fed
    holds rates`): the label opens a title, so what stands before it is stuck on."""
    label = _WIRE_LABEL.search(text)
    if label is None or len(_WORD.findall(text[label.end():])) < MIN_REST_WORDS:
        return []
    chunk = text[:label.start()].strip(_EDGE_PUNCT + " -")
    if not chunk or len(chunk.split()) > CHUNK_WORDS:
        return []
    names = name_words(chunk, lexicon)
    return [_Chunk(text.index(chunk), chunk, names, SET_OFF_RULE)] if names else []


def _coined_edges(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name a space alone sets off at the end of the title `text` (`…for talks Orbex
    Pro`): the last coined word among its last `CHUNK_WORDS` (`_coined_word`: no number,
    compound or typo) and the capitalised words after it, where it is stuck on the title
    (`_stuck_on`). Not in a line ending on a full stop (a lead, not a title); not at the
    title's start, where the story's subject stands and the article may never name it
    again (`Aequitron Medical Inc 3rd Qtr Loss` above an earnings table)."""
    if _a_lead(text):
        return []
    words = list(_SPACED_WORD.finditer(text))
    last = len(words) - 1
    tail = next((at for at in range(last, max(MIN_REST_WORDS, last - CHUNK_WORDS + 1) - 1, -1)
                 if _coined_word(words[at].group().strip(_EDGE_PUNCT), lexicon)), None)
    if tail is None or not _stuck_on(words, tail):
        return []
    chunk = text[words[tail].start():].strip(_EDGE_PUNCT + " ")
    names = name_words(chunk, lexicon)
    return [_Chunk(text.index(chunk, words[tail].start()), chunk, names, EDGE_RULE)] \
        if names else []


def _coined_start(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name a space alone sets off before a title in sentence case (`Orbex Pro Harbour
    council approves…`, `moonboss Gold hits record…`): a coined first word (`_coined_word`),
    with the capitalised words after it but the last, which opens the title, before its
    first word in lower case; or the coined word alone, which `title_rule` takes when the
    article uses the words after it (`KORVEXA Nintendo Switch 2 sales pass…`: the title
    opens on a name of its own). Not
    in a title in title case, where the story's subject heads it and the body may never
    name it (`Aequitron Medical Inc 3rd Qtr Loss` above an earnings table); not a subject
    with a company's suffix (`Acme Corp posts…`: `CORPORATE`) nor one a separator or
    colon follows (`Apexwave.io: …`, the site's name, for the model); not in a line
    ending on a full stop."""
    words = list(_SPACED_WORD.finditer(text))
    if (not _inside_read(text, words) or _title_case(words[1:])
            or not words[0].group()[-1:].isalnum()
            or not _coined_word(words[0].group().strip(_EDGE_PUNCT), lexicon)):
        return []
    lower = next((at for at, w in enumerate(words) if at and not w.group()[:1].isupper()), 0)
    if lower < 2 or lower > CHUNK_WORDS + 1 or any(norm(w.group().strip(_EDGE_PUNCT))
                                                   in CORPORATE for w in words[1:lower]):
        return []
    out = []
    for last in sorted({lower - 2, 0}, reverse=True):  # the capitalised run, the coined word
        chunk = text[words[0].start():words[last].end()].strip(_EDGE_PUNCT)
        names = name_words(chunk, lexicon)
        if names:
            out.append(_Chunk(text.index(chunk), chunk, names, EDGE_RULE))
    return out


def _coined_inside(text: str, lexicon: Lexicon) -> list[_Chunk]:
    """A name wedged into the title `text` between two of its words (`Chinese minister
    Cryptovate visits North Korea`): a capitalised coined word (`_coined_word`) and the
    capitalised words after it, in a title in sentence case of `MIN_INSIDE_WORDS` to
    `MAX_INSIDE_WORDS` words, after a word in lower case. Not in a title in title case,
    where the company a story is about often stands unnamed by the body above its earnings
    table (`Dcny Corp Hikes Qtly Dividend`); not after a capitalised word (one name with it:
    `China Minmetals in talks…`), a separator or a colon (the title's own subject, `Cricket:
    Bazball faces test`), a stop word, a verb that takes it as its object (`_attached`:
    `…aftermath of Arafats passing`, `Arm unveils Lumex chip`) or a possessive (`Firm's
    Republicbank unit`); not a known word's plural or possessive without its apostrophe
    (`Arafats`); not in a line ending on a full stop."""
    words = list(_SPACED_WORD.finditer(text))
    if not _inside_read(text, words) or _title_case(words):
        return []
    for at in range(1, len(words) - 1):
        word = words[at].group().strip(_EDGE_PUNCT)
        before = words[at - 1].group()
        if (word.islower() or not _coined_word(word, lexicon) or not before.islower()
                or before.endswith(("'s", "’s")) or _attached(before)
                or lexicon.known_plural(word)):
            continue
        end = at + 1
        while end < len(words) - 1 and end - at < CHUNK_WORDS and words[end].group()[:1].isupper():
            end += 1
        chunk = text[words[at].start():words[end - 1].end()].strip(_EDGE_PUNCT)
        names = name_words(chunk, lexicon)
        if names:
            return [_Chunk(text.index(chunk, words[at].start()), chunk, names, INSIDE_RULE)]
    return []


def _spliced(text: str, lexicon: Lexicon, segments: Sequence[SegmentReport]) -> list[_Chunk]:
    """A name spliced into a phrase of the article's, in a title of any case (`Jacobs
    Suchard Quorbit Ag 1986 Year` over `Jacobs Suchard AG said…`; `Quorbit Taco Viva Names
    New President` over `Taco Viva Inc said…`): a coined word (`_coined_word`) and up to
    `CHUNK_WORDS` - 1 capitalised words after it, between two title words that stand side by
    side in the article's prose, or at the title's start before two that stand there as a
    name (each capitalised). The phrase the article has shows where the title's own words
    join, which a name the story is about (`Aequitron Medical Inc 3rd Qtr Loss` above an
    earnings table) does not break. Inside the title, alone, a coined word also reads as
    spliced where a story of `MIN_PROSE_WORDS` or more never uses it, capitalised (not a
    word form English makes, `grubbiest`) or shaped as only a brand is (`_BRANDED`: `…Approves
    newsfast.xyz Budget…`, `Top10Trade`), after a common word (`_after_common`: `Tribune
    Says Layoff Quorbit Costs…`; headlines paraphrase), with no
    company's suffix or ticker after it (`_company_after`: `…Cleopatra Kohlique Inc
    <cleo.o>`, whose earnings table never names it), or where the prose uses every other
    title word but one (`ArticleWords.vouches`). At the title's start, such a word is left
    to the model and to corpus evidence (`campaigns`), as a story's subject may head it. Not
    a known word's plural, nor a word the article accounts for (`ArticleWords.accounted`:
    `Nyfe` for the New York Futures Exchange, `Corroon` for Carroon, `Nipsco` for Northern
    Indiana Public Service Co), nor one a colon follows (the title's label: `FOAFKey: FOAF,
    PGP…`); not in a line ending on a full stop."""
    spaced = list(_SPACED_WORD.finditer(text))
    if not _inside_read(text, spaced):
        return []
    words = [w.group().strip(_EDGE_PUNCT) for w in spaced]
    lo, hi = _headline(text)
    unknown = [at for at, w in enumerate(words) if lo <= spaced[at].start() < hi
               and (w[-1:] in TRADEMARKS or lexicon.coined_name(w))]  # cheap tests first
    if not unknown:
        return []
    lines = [s.text for s in segments if s.role in PROSE_ROLES]
    said = "\n".join(lines).lower()
    coined = [at for at in unknown if not _said(words[at], said)
              and _coined_word(words[at], lexicon) and not lexicon.known_plural(words[at])]
    if not coined:
        return []
    prose = ArticleWords.of(lines)
    stop = list_words("stopwords")
    for at in coined:
        if spaced[at].group().endswith(":") or prose.accounted(words[at], lexicon):
            continue
        for end in range(at + 1, min(at + CHUNK_WORDS, len(words) - 1) + 1):
            if end > at + 1 and (not words[end - 1][:1].isupper() or norm(words[end - 1]) in stop):
                break
            if at:
                joined = prose.side_by_side(words[at - 1], words[end])
            else:
                joined = _subject(words[end], words[at + 1:end + 2], stop) and (
                    prose.named(words[end]) or (
                    end + 1 < len(words) and prose.side_by_side(words[end], words[end + 1],
                                                                named=True)))
            if not joined and at > 0 and end == at + 1:  # the coined word alone
                bare = _bare(spaced[at].group(), lexicon)
                joined = ((bare and not words[at].islower()
                           or _BRANDED.fullmatch(spaced[at].group()) is not None)
                          and _never_used(at, words, spaced, prose, lexicon)
                          or bare and prose.vouches([w for i, w in enumerate(words)
                                                     if i != at and lo <= spaced[i].start() < hi
                                                     and norm(w) not in stop]))
            chunk = text[spaced[at].start():spaced[end - 1].end()].strip(_EDGE_PUNCT)
            names = name_words(chunk, lexicon) if joined else []
            if names:
                return [_Chunk(text.index(chunk, spaced[at].start()), chunk, names, SPLICE_RULE)]
    return []


def _headline(text: str) -> tuple[int, int]:
    """Where the title's headline stands: its longest chunk between spaced separators (a
    site's name behind one, `… - InfoNow Hub`, is the model's and the site rules' call)."""
    bounds = [0, *(x for m in SITE_SEPARATORS.finditer(text) for x in m.span()), len(text)]
    return max(zip(bounds[::2], bounds[1::2], strict=True), key=lambda span: span[1] - span[0])


def _never_used(at: int, words: Sequence[str], spaced: Sequence[re.Match[str]],
                prose: ArticleWords, lexicon: Lexicon) -> bool:
    """Does the title's coined word `words[at]` stand out inside it where a story of
    `MIN_PROSE_WORDS` or more never uses it: after a common word (`_after_common`) and
    before no company's suffix or ticker (`_company_after`)? (The caller asks that it be
    capitalised, not a word form English makes, `grubbiest`, or shaped as only a brand is,
    `_BRANDED`.)"""
    return (len(prose.words) >= MIN_PROSE_WORDS
            and _after_common(spaced[at - 1].group(), lexicon)
            and not _company_after(words[at + 1:at + 4]))


def _after_common(before: str, lexicon: Lexicon) -> bool:
    """Is the title word `before` (as spaced) a common English word (Zipf `COMMON_ZIPF` or
    more: `…Layoff`, `…to`), no part of a name at the title's start (`Den Norske
    Creditbank…`, `Baxter Travenol…`), and no label or verb taking the name as its object
    (`Cricket: Bazball…`, `Arm unveils Lumex…`: `OBJECT_VERBS`)?"""
    key = norm(before)
    return (before.isalpha() and key not in CORPORATE  # `Dep Corp Depc…`: a ticker
            and key not in OBJECT_VERBS and lexicon.web_of(key) >= COMMON_ZIPF / ZIPF_SCALE)


def _company_after(words: Sequence[str]) -> bool:
    """Do a company's suffix or a ticker follow among `words` (`Cleopatra Kohlique Inc
    <cleo.o>`: the company's name)?"""
    return any(norm(w) in CORPORATE or w[:1] in "<(" for w in words)


def _bare(word: str, lexicon: Lexicon) -> bool:
    """Is the title word `word` (as spaced) a brand's bare coinage that the prose's use of
    the words around it may show up: letters with a vowel (not `Mftg`), not in brackets (a
    ticker, `(pdi.to)`), not an English prefix before a word English knows (`Not To Be
    Outfeatured, Yahoo Adds…`)?"""
    low = word.strip(_EDGE_PUNCT).lower()
    return (word[:1] not in "(<[" and low.isalpha() and any(c in "aeiou" for c in low)
            and not any(low.startswith(p) and len(low) - len(p) >= MIN_STEM
                        and lexicon.web_of(low[len(p):]) > 0 for p in ENGLISH_PREFIXES))


def _said(word: str, text: str) -> bool:
    """Does the lower-case `text` hold `word` (any case) as a word of its own?"""
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) is not None


def _subject(first: str, words: Sequence[str], stop: Collection[str]) -> bool:
    """Can the title go on from `first` after a name at its start (`words`: the name's other
    words, `first` and the word after it): no stop word, no company's suffix (`Rexham Corp
    <rxh> 1st Qtr Net`: the company's own name)?"""
    return norm(first) not in stop and not any(norm(w) in CORPORATE for w in words)


def _a_lead(text: str) -> bool:
    """Does the title line `text` end on a full stop: a lead, not a title?"""
    return text.rstrip(" \"'”’)").endswith(".")


def _inside_read(text: str, words: Sequence[re.Match[str]]) -> bool:
    """Is the title `text` (its `words`) one `_coined_start` and `_coined_inside` read: of
    `MIN_INSIDE_WORDS` to `MAX_INSIDE_WORDS` words, and no lead?"""
    return MIN_INSIDE_WORDS <= len(words) <= MAX_INSIDE_WORDS and not _a_lead(text)


def _stuck_on(words: Sequence[re.Match[str]], tail: int) -> bool:
    """Is the name from `words[tail]` on stuck on the title: the title keeps
    `MIN_REST_WORDS` words of its own, the name's words are capitalised (only its coined
    word in a title in title case: `…to Raise Chemlawn Bid`), no separator sets the last
    words off (`… | Al Bawaba`: the site's name, the model's call), and the word before it
    does not take it in (`_attached`)?"""
    last = len(words) - 1
    return (tail >= MIN_REST_WORDS
            and all(w.group()[:1].isupper() for w in words[tail + 1:])
            and not (tail < last and _title_case(words[:tail]))
            and not _attached(words[tail - 1].group())
            and all(_LETTER.search(w.group()) for w in words[max(0, tail - CHUNK_WORDS):tail]))


def _title_case(words: Sequence[re.Match[str]]) -> bool:
    """Do most of these title words open with a capital (a coined word's capitalised
    followers are then the title's own words)?"""
    capitals = sum(w.group()[:1].isupper() for w in words)
    return 2 * capitals > len(words)


def _attached(before: str) -> bool:
    """Is `before` no word of the title that a name could be stuck after (one ending on a
    letter, digit, bracket, quote, `?` or `!`): a stop word (`…plant for Tokico`), a verb
    taking the name as its object (`OBJECT_VERBS`), a number (`…vs 18 ctsd`), a word ending
    on a comma (`…Quota, Atpc Says`) or a separator (`| MetroLedger`: the site's own name,
    for the model)?"""
    if _YEAR.fullmatch(before) or _INITIALS.fullmatch(before):
        return False  # a year or initials end a title's words (`…in 1987`, `…of U.S.`)
    return (not (before[-1:].isalnum() or before[-1:] in ")?!\"”’'") or before[:1].isdigit()
            or norm(before) in list_words("stopwords") or norm(before) in OBJECT_VERBS)


def _coined_word(word: str, lexicon: Lexicon) -> bool:
    """A brand's coined word of `_COINED_SHAPE` that is no typo (`Lexicon.invented`), or
    any word of that shape bearing a trademark sign (`Nexa™`)."""
    claimed = signed(word, len(word) - 1)
    word = word[:-1] if claimed else word
    return _COINED_SHAPE.fullmatch(word) is not None and (claimed or lexicon.invented(word))


def _unglued(chunk: _Chunk, lexicon: Lexicon) -> _Chunk:
    """`chunk` without the section's name a breadcrumb glued to its first word
    (`HomeSolchain ✦ …`: `Solchain`)."""
    parts = camel_parts(chunk.text.split(" ", 1)[0])
    if len(parts) < 2 or norm(parts[0]) not in lexicon.widgets:
        return chunk
    cut = len(parts[0])
    return chunk._replace(start=chunk.start + cut, text=chunk.text[cut:])


def _unused(chunk: _Chunk, counts: dict[str, int]) -> bool:
    """Does the article use none of the chunk's names outside the title (`counts`: its
    words)? For a name inside the title, in any case: the body may case the story's
    subject otherwise (`Republicbank` in the title, `RepublicBank Corp` in the body)."""
    if chunk.rule not in (INSIDE_RULE, SPLICE_RULE):
        return all(counts.get(w, 0) <= chunk.names.count(w) for w in chunk.names)
    folded: Counter[str] = Counter()
    for word, n in counts.items():
        folded[word.lower()] += n
    names = [w.lower() for w in chunk.names]
    return all(folded[w] <= names.count(w) for w in names)


def title_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
               closed: Collection[int], token_threshold: float
               ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `glued_in_title` applied, and the token probability it stands for
    (0 when it found nothing). `closed`: segments whose tokens may not be injected."""
    for i, seg in enumerate(segments):
        if seg.role != "title":
            continue
        if seg.label not in ("clean", "injection") or i in closed:
            break
        chunks = title_chunks(seg.text, lexicon) + _spliced(seg.text, lexicon, segments)
        if not chunks:
            break
        # the title's own words count once, and its copy in an HTML page's `<h1>` not at all
        counts = prose_counts([s for s in segments if s.role != "title" or s is seg])
        rules: dict[Found, str] = {}
        for c in [_unglued(chunk, lexicon) for chunk in chunks]:
            # of two chunks at one place, the longer the article does not use
            f = Found(seg.start + c.start, seg.start + c.start + len(c.text))
            if _unused(c, counts) and not any(g.start == f.start for g in rules):
                rules[f] = c.rule
        found = new_finds(seg, list(rules))
        if not found:
            break
        p = raised(0.0, token_threshold)
        for f in found:
            seg = with_tokens(seg, [f], p, rules[f])
        out = list(segments)
        out[i] = seg
        return tuple(out), p
    return tuple(segments), 0.0
