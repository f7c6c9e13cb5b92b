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
