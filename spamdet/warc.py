"""WARC files: one `Document` per HTML (or text) response record, read with warcio.

The record's target URI is the page id and URL; the HTTP header's charset comes first in
decoding. A file cut short (truncated gzip or record) ends with an error, after the records
read so far; a record whose payload cannot be decoded is an error for that record only.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from spamdet.ingest import decode, decode_html, header_charset, looks_html
from spamdet.records import Document

log = logging.getLogger(__name__)

PAGE_RECORDS = frozenset({"response", "resource", "conversion"})
"""Record types that carry a page; requests, metadata and warcinfo are skipped."""
_DRAIN = 1 << 16


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    if http is not None:
        return http.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]


def _kind(record: object, content_type: str, head: bytes) -> str | None:
    """`html` or `text` for a page record, None for anything else (images, redirects, ...)."""
    if record.rec_type == "conversion":  # type: ignore[attr-defined]
        return "text"
    http = getattr(record, "http_headers", None)
    if http is not None and not (http.get_statuscode() or "").startswith("2"):
        return None
    ctype = content_type.lower()
    if "html" in ctype:
        return "html"
    if ctype.startswith("text/plain"):
        return "text"
    if not ctype or "octet-stream" in ctype:
        return "html" if looks_html(head[:2000].decode("latin-1")) else None
    return None


def _document(record: object, name: str, max_bytes: int) -> Document | None:
    """One page record as a `Document` (errors included), or None when it is not a page."""
    headers = record.rec_headers  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or name
    content_type = _content_type(record)
    stream = record.content_stream()  # type: ignore[attr-defined]
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        return Document(uri, "", name, "html", (f"payload cannot be decoded: {exc}",), uri)
    kind = _kind(record, content_type, data)
    if kind is None:
        log.debug("%s: skipped %s record %s (%s)", name, record.rec_type, uri, content_type)  # type: ignore[attr-defined]
        return None
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(_DRAIN):
        pass
    errors: list[str] = []
    if len(data) > max_bytes:
        data = data[:max_bytes]
        errors.append(f"truncated: only the first {max_bytes} bytes were read")
    if getattr(raw, "limit", 0) > 0:
        errors.append("truncated: the WARC record ends early (file cut short)")
    try:
        text = decode_html(data, header_charset(content_type))[0] if kind == "html" else (
            decode(data)[0])
    except Exception as exc:  # noqa: BLE001 - undecodable payload is this record's error
        return Document(uri, "", name, kind, (f"payload cannot be decoded: {exc}",), uri)
    return Document(uri, text, name, kind, tuple(errors), uri)


def _quietly(iterator: Iterator[object]) -> Iterator[object]:
    """warcio writes its warnings to stderr; a library must not print, so they are logged.

    A record warcio cannot parse raises whatever its parser hit (a response record without
    a `WARC-Target-URI` raises `AttributeError`); that is damaged data, so it is raised as
    `ArchiveLoadFailed`, which the reader reports for the file.
    """
    from warcio.exceptions import ArchiveLoadFailed

    while True:
        sink = io.StringIO()
        try:
            with contextlib.redirect_stderr(sink):
                record = next(iterator, None)
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error):
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged record
            raise ArchiveLoadFailed(f"unreadable record ({type(exc).__name__}: {exc})") from exc
        if sink.getvalue():
            log.info("warcio: %s", " ".join(sink.getvalue().split())[:300])
        if record is None:
            return
        yield record


def _records(fh: IO[bytes], name: str, max_bytes: int, skip: int) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator

    seen = 0
    for record in _quietly(iter(ArchiveIterator(fh))):
        if record.rec_type not in PAGE_RECORDS:  # type: ignore[attr-defined]
            continue
        doc = _document(record, name, max_bytes)
        if doc is not None:
            seen += 1
            if seen > skip:
                yield doc


def _cut_short(path: Path) -> bool:
    """True when a WARC file yielded no page but is not just a warcinfo or request record."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh, contextlib.redirect_stderr(io.StringIO()):
        return not any(True for _ in ArchiveIterator(fh))


def read_warc(path: Path, max_bytes: int) -> Iterator[Document]:
    """Every page record of a `.warc` / `.warc.gz` file as a `Document`."""
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    count = 0
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            start = gzip.GzipFile(fileobj=fh).read(16) if head == b"\x1f\x8b" else fh.read(16)
            fh.seek(0)
            if not start.lstrip().startswith((b"WARC/", b"filedesc://")):
                yield Document(name, "", name, errors=(
                    "not a WARC file: it does not start with a WARC/ record header",))
                return
            try:
                for doc in _records(fh, name, max_bytes, 0):
                    count += 1
                    yield doc
                if count == 0 and _cut_short(path):
                    yield Document(name, "", name, errors=(
                        "truncated: no complete WARC record (the file is cut short)",))
                return
            except ArchiveLoadFailed as exc:
                if "non-chunked gzip" not in str(exc):
                    raise
        # gzip of the whole file rather than of each record: read it as one stream
        with gzip.open(path, "rb") as whole:
            for doc in _records(whole, name, max_bytes, count):  # type: ignore[arg-type]
                count += 1
                yield doc
            while whole.read(_DRAIN):  # warcio stops quietly at a cut; gzip raises EOFError
                pass
    except (ArchiveLoadFailed, EOFError, gzip.BadGzipFile, zlib.error, ValueError) as exc:
        message = " ".join(str(exc).split())[:200]
        yield Document(f"{name}#{count + 1}", "", name, "html", (
            f"damaged WARC data after {count} records: the rest of the file was not read "
            f"({message})",))
    except OSError as exc:
        yield Document(name, "", name, errors=(f"cannot read: {exc.strerror or exc}",))
