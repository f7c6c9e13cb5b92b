"""Undo cheap evasions before signals run: zero-width characters and look-alike letters.

`fold(text)` returns the folded text and, when characters were removed, a map from
each folded position back to the original one, so offsets still point at the original.
"""

from __future__ import annotations

import re

ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]")
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕАВЕКМНОРСТХІЈЅοαΟΑΒΕΖΗΙΚΜΝΡΤΥΧ",
    "aeopcyxijsABEKMHOPCTXIJSoaOABEZHIKMNPTYX",
)
_LATIN = re.compile(r"[A-Za-z]")
_LOOKALIKE = re.compile("[аеорсухіјѕАВЕКМНОРСТХІЈЅοαΟΑΒΕΖΗΙΚΜΝΡΤΥΧ]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` without zero-width characters; the offset map is None when nothing was removed."""
    if not ZERO_WIDTH.search(text):
        return text, None
    kept = [i for i, c in enumerate(text) if not ZERO_WIDTH.match(c)]
    return "".join(text[i] for i in kept), kept + [len(text)]


def deconfuse(word: str) -> str:
    """Latin letters for Cyrillic/Greek look-alikes, only in words that mix the scripts."""
    if not word.isascii() and _LOOKALIKE.search(word) and _LATIN.search(word):
        return word.translate(_CONFUSABLES)
    return word


def is_mixed_script(word: str) -> bool:
    return bool(_LOOKALIKE.search(word) and _LATIN.search(word))
