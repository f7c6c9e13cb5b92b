"""Neutralise attacker-written text before any output: control, zero-width and bidi characters.

Shared by the terminal, JSON and HTML renderers so every format hides the same characters.
"""

from __future__ import annotations

import codecs
import json
import re
import sys

UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
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


ESCAPE_UNENCODABLE = "spamdet-uescape"
"""Codec error handler: a character the stream cannot encode becomes its `\\uXXXX` escape
(a surrogate pair above U+FFFF), which is also what JSON would write for it."""


def _unencodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error(ESCAPE_UNENCODABLE, _unencodable)


def escape_unencodable_output() -> None:
    """Standard streams whose encoding is not UTF (an ASCII or Latin-1 locale) write what they
    cannot encode as `\\uXXXX` escapes instead of failing: tables stay readable and JSON
    stays valid and lossless (the escapes land inside its strings)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower()
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=ESCAPE_UNENCODABLE)
