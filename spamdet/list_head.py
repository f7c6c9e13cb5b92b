"""`recurring_head`: an invented name that heads two or more lines of a page's lists.

A spam site hides its brand among the related stories, each time in front of a teaser
(`• Hearthwise - Homeowners are discovering a smarter way to cut monthly bills`, `• Plumora |
The one app retirees say changed how they shop`). The teasers sell nothing outright and the
brand is one word, so neither the promo model nor the token model calls them. A real list's
items are headed by its sections (`Opinion:`, `Photos:`, `Tennis:`), words the language
knows.

So among a page's list items and short lines, a chunk of one to `HEAD_WORDS` words that heads
a line before a separator (a dash, bar, colon or bullet, then a teaser of `MIN_TEASER_WORDS`
words or more) is injected in every line it heads when it heads two different lines or more
(a line repeated is the template's), reads as a name (`prose_chunk.name_words`), holds a
word English at large has never seen that is no place, outlet, agency or number
(`Glastonbury 2025:`), and the article's prose and title never use it.

A rule, after the model: it makes pages contaminated, so the page score rises to the token
evidence it stands for (`recurrence.raised`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence

from spamdet.agency_slot import MIN_CAPITALS
from spamdet.combining import MARKS
from spamdet.lexicon import Lexicon, norm
from spamdet.normalize import words
from spamdet.prose_chunk import name_words
from spamdet.prose_rule import Found, prose_counts
from spamdet.records import SegmentReport
from spamdet.recurrence import raised, with_tokens

HEAD_RULE = "recurring_head"
HEAD_WORDS = 3
"""Words a brand heading a line may have."""
MIN_TEASER_WORDS = 3
"""Words the teaser after the brand must have: a headline, not a name pair."""
LIST_ROLES = frozenset({"list_item", "short", "line"})
OPEN_LABELS = frozenset({"clean", "injection", "residue"})
"""Labels a headed line may have: a related list is template (`residue`) until its brand
is found."""
_HEAD = re.compile(
    r"^(?:[-*•·▪►▶◆■–—>]\s*|\d{1,3}[.)]\s+)?"
    rf"(?P<name>[^\W_][\w'’&.{MARKS}-]*(?: [^\W_][\w'’&.{MARKS}-]*){{0,{HEAD_WORDS - 1}}})"
    r"\s?(?:[-–—|:•]|::) (?=[\"'“‘]?[^\W_])")
"""A line's head: a list marker if any, the name, a separator (glued to the name or not),
then the teaser."""


def _invented(names: list[str], lexicon: Lexicon) -> bool:
    """Does the name hold a coined word (`Lexicon.coined`) that is no number, nor capitals
    shorter than `agency_slot.MIN_CAPITALS` (a station's call letters, `KNVA: FCC Public
    File`)?"""
    return any(not name.isdigit() and not (name.isupper() and len(name) < MIN_CAPITALS)
               and lexicon.coined(norm(name)) for name in names)


def head_rule(segments: Sequence[SegmentReport], lexicon: Lexicon,
              closed: Collection[int], token_threshold: float, listed: Collection[int] = ()
              ) -> tuple[tuple[SegmentReport, ...], float]:
    """`segments` with `recurring_head` applied, and the token probability it stands for
    (0 when it found nothing). `closed`: segments whose tokens may not be injected;
    `listed`: segments that are list items whatever their role (an HTML `<li>` of a dozen
    words reads as a paragraph)."""
    heads: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, seg in enumerate(segments):
        if ((seg.role not in LIST_ROLES and i not in listed) or seg.label not in OPEN_LABELS
                or i in closed):
            continue
        match = _HEAD.match(seg.text)
        if match is None or len(words(seg.text[match.end():])) < MIN_TEASER_WORDS:
            continue
        heads[match.group("name").lower()].append((i, match.start("name"), match.end("name")))
    repeated = {name: at for name, at in heads.items()
                if len({segments[i].text for i, _, _ in at}) >= 2}
    if not repeated:
        return tuple(segments), 0.0
    counts = prose_counts([s for i, s in enumerate(segments) if i not in listed])
    out = list(segments)
    found = False
    for at in repeated.values():
        i, start, end = at[0]
        chunk = segments[i].text[start:end]
        names = name_words(chunk, lexicon)
        if not names or not _invented(names, lexicon) or any(counts.get(w) for w in names):
            continue
        found = True
        for i, start, end in at:
            seg = out[i]
            out[i] = with_tokens(seg, [Found(seg.start + start, seg.start + end)],
                                 raised(0.0, token_threshold), HEAD_RULE)
    if not found:
        return tuple(segments), 0.0
    return tuple(out), raised(0.0, token_threshold)
