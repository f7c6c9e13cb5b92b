"""Neutralise attacker-written text before any output: control, zero-width and bidi characters.

Shared by the terminal, JSON and HTML renderers so every format hides the same characters.
"""

from __future__ import annotations

import json
import re

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Characters a terminal or browser would act on or hide: shown as `\\uXXXX` escapes instead."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe(text: str) -> str:
    """Printable form of scanned text: control, zero-width and bidi characters as escapes."""
    return UNSAFE.sub(_escape, _SURROGATE.sub("\ufffd", text.replace("\t", " ")))


def to_json(record: object) -> str:
    """One JSON line; C1 controls, bidi overrides and lone surrogates (file-name bytes that
    are not UTF-8, kept by surrogateescape) as `\\uXXXX` escapes: valid UTF-8 that no
    terminal acts on, and `os.fsencode(json.loads(...))` gives the file name's bytes back."""
    return _SURROGATE.sub(_escape, UNSAFE.sub(_escape, json.dumps(record, ensure_ascii=False)))
