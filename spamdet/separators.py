"""Separator regexes matched in linear time.

A pattern like `\\s*(?:[|:]|\\s-\\s)+\\s*` tried by `finditer` at every position of a long
run of spaces or hyphens costs the run's length at each one: quadratic, seconds for one
20,000-character line. Every match of such a pattern holds a *core* character with only
whitespace before it, so `matches` tries it once per core character, from the start of
that whitespace, and gets exactly the matches `finditer` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PICTOGRAPHS = "\U0001f300-\U0001faff"
"""Emoji, as a regex character class body: a separator, and what a brand may open with
(`🚀MoonX`)."""
SYMBOLS = (
    r"|_~•·»«›‹>◆■▶►\\【】「」『』《》〈〉\[\]{}¦§"
    "\u2016\u2020-\u2023\u2027\u203b-\u203e\u2190-\u2bff\u3008-\u3011\u3014-\u301b"
    "\u00a4\ufe31\ufe32\uff5c\uffe8" + PICTOGRAPHS
)
"""A regex character class body: symbols that separate a brand from a headline on their own,
spaced or not. Besides the usual bars, bullets and brackets it takes whole Unicode blocks
(arrows, maths operators, box drawing, shapes, dingbats, CJK brackets, emoji) and the bars
of East Asian typography (`｜`, `︱`, `￨`), so a separator the training pages never used
(`★`, `❯`, `→`, `🔥`, `¤`) still cuts a line into chunks."""
SPACED = "*+=#^"
"""ASCII characters that separate only as a run with a space on both sides (`Brand ** Title`)."""
CRUMBS = ">»›/|"
"""What parts a breadcrumb trail's sections (`Home › Politics`, `WorldWire > Markets`)."""


def matches(pattern: re.Pattern[str], core: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a separator `pattern` that starts with optional whitespace
    and whose every match holds a `core` character; hyphens must fail alike along a run."""
    pos = 0
    while (found := core.search(text, pos)) is not None:
        start = found.start()
        while start > pos and text[start - 1].isspace():
            start -= 1
        match = pattern.match(text, start)
        if match is not None:
            yield match
            pos = match.end()
            continue
        pos = found.start() + 1
        if text[found.start()] == "-":  # a failed try at a hyphen fails at the next one too
            while pos < len(text) and text[pos] == "-":
                pos += 1
