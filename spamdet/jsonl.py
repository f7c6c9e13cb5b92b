"""JSON Lines and JSON files of records: one `Document` per record, streamed line by line.

A line that is not JSON, or a record without a usable field, is an error for that record
only; the rest of the file is still read. A gzip stream cut short ends the file with an
error record, after the records read so far.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from spamdet.ingest import RecordFields, from_mapping, json_kind
from spamdet.records import Document

JSON_ARRAY_FACTOR = 4
"""A `.json` array is read whole, up to this many times the per-page byte limit."""
SKIP_FACTOR = 16
"""A line longer than the limit is skipped up to this many times the limit; past that (a
gzip bomb, a file with no newlines) the rest of the file is given up, so work stays bounded."""


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte-order marks of the wide encodings, UTF-32 first (its LE mark starts like UTF-16's)."""


class _Abandoned(Exception):
    """A line too long even to skip: the rest of the file is not read."""


def _open(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (by content, not by name), as UTF-8
    when it is UTF-16 or UTF-32 with a byte-order mark (PowerShell's `>` writes UTF-16)."""
    fh: IO[bytes] = open(path, "rb")
    if fh.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
        fh = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
    start = fh.peek(4)[:4]  # type: ignore[attr-defined]
    for bom, encoding in _WIDE_BOMS:
        if start.startswith(bom):
            return codecs.EncodedFile(fh, "utf-8", encoding)  # type: ignore[return-value]
    return fh


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; None for a line longer than `limit` bytes, which is skipped unread."""
    number = 0
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            skipped = len(line)
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                skipped += len(rest)
                if skipped > SKIP_FACTOR * limit:
                    raise _Abandoned(number)
            yield number, None
        else:
            yield number, line


Pair = tuple[Document, "dict[str, object] | None"]
"""A record's page, and the record itself when the line held a JSON object (`clean` writes
it back with its text cleaned)."""


def _record(value: object, record_id: str, fields: RecordFields, name: str,
            max_bytes: int, notes: tuple[str, ...] = ()) -> Pair:
    if not isinstance(value, dict):
        return Document(record_id, "", name, errors=(
            f"record is {json_kind(value)}, not a JSON object: skipped",)), None
    doc = from_mapping(value, record_id, fields, name, max_bytes)
    return (replace(doc, errors=doc.errors + notes) if notes else doc), value


def _loads(line: bytes) -> tuple[object, tuple[str, ...]]:
    """A line's JSON value; bytes that are not UTF-8 become U+FFFD (as in a text page) and
    say so, rather than losing the record."""
    try:
        return json.loads(line), ()
    except UnicodeDecodeError:
        return json.loads(line.decode("utf-8", "replace")), (BAD_UTF8,)


BAD_UTF8 = "bytes that are not UTF-8 were read as U+FFFD"


def json_lines(fh: IO[bytes], name: str, max_bytes: int,
               fields: RecordFields) -> Iterator[Document]:
    return (doc for doc, _ in record_lines(fh, name, max_bytes, fields))


def record_lines(fh: IO[bytes], name: str, max_bytes: int, fields: RecordFields
                 ) -> Iterator[Pair]:
    """Each line's page and record (see `Pair`)."""
    number = 0
    try:
        for number, line in _lines(fh, max_bytes):
            record_id = f"{name}:{number}"
            if line is None:
                yield Document(record_id, "", name, errors=(
                    f"line longer than {max_bytes} bytes: skipped (raise --max-bytes)",)), None
                continue
            if not line.strip():
                continue
            try:
                value, notes = _loads(line)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                yield Document(record_id, "", name, errors=(f"not a JSON record: {exc}",)), None
                continue
            yield _record(value, record_id, fields, name, max_bytes, notes)
    except _Abandoned as exc:
        yield Document(f"{name}:{exc.args[0]}", "", name, errors=(
            f"line longer than {SKIP_FACTOR * max_bytes} bytes: the rest of the file was not "
            "read (raise --max-bytes)",)), None
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Document(f"{name}:{number + 1}", "", name, errors=(
            f"damaged gzip data after line {number}: the rest of the file was not read "
            f"({exc})",)), None


def _json_whole(data: bytes, name: str, max_bytes: int,
                fields: RecordFields) -> Iterator[Pair] | None:
    """Records of a whole JSON document (an array, or one object); None if it is not one."""
    try:
        value, notes = _loads(data)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list):
        return (_record(item, f"{name}:{n}", fields, name, max_bytes, notes)
                for n, item in enumerate(value, 1))
    return iter([_record(value, name, fields, name, max_bytes, notes)])


def read_records(path: Path, max_bytes: int, fields: RecordFields) -> Iterator[Document]:
    """Every record of a JSONL file (or of a `.json` array or object) as a `Document`."""
    return (doc for doc, _ in read_pairs(path, max_bytes, fields))


def read_pairs(path: Path, max_bytes: int, fields: RecordFields) -> Iterator[Pair]:
    """Every record of a JSONL file (or of a `.json` array or object), with its page."""
    name = str(path)
    try:
        if path.name.lower().endswith((".json", ".json.gz")):
            limit = JSON_ARRAY_FACTOR * max_bytes
            with _open(path) as fh:
                head = fh.read(limit + 1)
            if len(head) <= limit:
                whole = _json_whole(head, name, max_bytes, fields)
                yield from whole if whole is not None else record_lines(
                    io.BytesIO(head), name, max_bytes, fields)
                return
            if head.lstrip()[:1] == b"[":
                yield Document(name, "", name, errors=(
                    f"JSON array larger than {limit} bytes: convert it to JSON Lines (one "
                    "record per line), e.g. `jq -c '.[]' in.json > out.jsonl`",)), None
                return
        with _open(path) as fh:
            yield from record_lines(fh, name, max_bytes, fields)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Document(name, "", name, errors=(f"damaged gzip data: {exc}",)), None
    except OSError as exc:
        yield Document(name, "", name, errors=(f"cannot read: {exc.strerror or exc}",)), None
