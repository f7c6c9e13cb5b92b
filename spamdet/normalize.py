"""Undo cheap evasions before signals run: zero-width characters and look-alike letters;
and read decomposed text (NFD) as its composed twin.

`fold(text)` returns the folded text and, when characters were removed, a map from
each folded position back to the original one, so offsets still point at the original.
Combining marks stay in the text: word patterns take them in (`WORD`, `MARKED_WORD`), and
`compose` gives the form words are looked up in.
"""

from __future__ import annotations

import re
import unicodedata

from spamdet.combining import ASTRAL_MARKS, BMP_MARKS, MARKS

ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]")
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕАВЕКМНОРСТХІЈЅοαΟΑΒΕΖΗΙΚΜΝΡΤΥΧ",
    "aeopcyxijsABEKMHOPCTXIJSoaOABEZHIKMNPTYX",
)
_LATIN = re.compile(r"[A-Za-z]")
_LOOKALIKE = re.compile("[аеорсухіјѕАВЕКМНОРСТХІЈЅοαΟΑΒΕΖΗΙΚΜΝΡΤΥΧ]")
MARK = re.compile(f"[{MARKS}]")
_BMP_MARK = re.compile(f"[{BMP_MARKS}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_MARK = re.compile(f"[{ASTRAL_MARKS}]")
WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits."""
MARKED_WORD = re.compile(f"(?:[^\\W_][{MARKS}]*)+")
"""A word with the combining marks that follow its letters (`Zu` + U+0308 + `rich`)."""


def has_marks(text: str) -> bool:
    """True when `text` holds a combining mark (decomposed accents, Indic vowel signs)."""
    if text.isascii():
        return False
    if _BMP_MARK.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and _ASTRAL_MARK.search(text) is not None


def compose(text: str) -> str:
    """`text` in NFC when it holds a combining mark, else `text` itself (no copy, no cost)."""
    return unicodedata.normalize("NFC", text) if has_marks(text) else text


def words(text: str) -> list[str]:
    """The words of `text`, marks included (`WORD` when there are none)."""
    return (MARKED_WORD if has_marks(text) else WORD).findall(text)


def word_matches(text: str) -> list[re.Match[str]]:
    """`words` with their offsets."""
    return list((MARKED_WORD if has_marks(text) else WORD).finditer(text))


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
