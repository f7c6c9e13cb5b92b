"""WARC files: one `Document` per HTML (or text) response record, read with warcio.

The record's target URI is the page id and URL; the HTTP header's charset comes first in
decoding. A file cut short (in a record, a record's header or a gzip member) ends with one
error, after the records read so far; a record whose payload cannot be decoded is an error for
that record only.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from spamdet.ingest import decode_html, decode_text, header_charset, looks_binary, looks_html
from spamdet.records import RECORD_ENDS_EARLY, Document, read_cut

log = logging.getLogger(__name__)

PAGE_RECORDS = frozenset({"response", "resource", "conversion"})
"""Record types that carry a page; requests, metadata and warcinfo are skipped."""
_DRAIN = 1 << 16
_RECORD_CLOSE = len(b"\r\n\r\n")
"""The blank lines that close every WARC record, after its Content-Length bytes."""
_GZIP_MAGIC = b"\x1f\x8b"
_HEADER_CUT = "inside a record header"
"""Where a cut is said to be when no record's type and URI can be named."""
_NOT_CHUNKED = "non-chunked gzip"
"""warcio's complaint about a gzip of the whole file, which is then read as one stream."""


class _CutShort(Exception):
    """The file ends inside a record where warcio stops without a word; says where."""


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    if http is not None:
        return http.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]


def _kind(record: object, content_type: str, head: bytes) -> str | None:
    """`html` or `text` for a page record, None for anything else (images, redirects, ...)."""
    if record.rec_type == "conversion" and not content_type:  # type: ignore[attr-defined]
        return "text"  # a conversion says what it holds when it is not text
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


def _content_encoding(record: object) -> str:
    http = getattr(record, "http_headers", None)
    return (http.get_header("Content-Encoding") or "") if http is not None else ""


def _gunzipped(data: bytes, limit: int) -> bytes:
    """The first `limit` bytes of a gzip body, or the body as it was when it is no gzip."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as body:
            return body.read(limit)
    except (OSError, EOFError, zlib.error):
        return data


def _uri(record: object, name: str) -> str:
    headers = record.rec_headers  # type: ignore[attr-defined]
    return headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or name


def _ends_early(record: object) -> bool:
    """Reads the record to its end: True when the file ends before its Content-Length does."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(_DRAIN):
        pass
    return getattr(raw, "limit", 0) > 0


def _document(record: object, name: str, max_bytes: int) -> Document | None:
    """One page record as a `Document` (errors included), or None when it is not a page."""
    uri = _uri(record, name)
    content_type = _content_type(record)
    try:
        data = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - a decoder's failure (zlib, or brotli's
        # AttributeError where warcio and brotli 1.2 disagree) is this record's error
        cut = (RECORD_ENDS_EARLY,) if _ends_early(record) else ()  # the cut is why, so it is said
        return Document(uri, "", name, "html", (*cut, f"payload cannot be decoded: {exc}"), uri)
    kind = _kind(record, content_type, data)
    if kind is None:
        log.debug("%s: skipped %s record %s (%s)", name, record.rec_type, uri, content_type)  # type: ignore[attr-defined]
        return None
    encoding = _content_encoding(record)
    if data[:2] == _GZIP_MAGIC and "gzip" in encoding.lower():  # `x-gzip`: warcio leaves it
        data = _gunzipped(data, max_bytes + 1)
    if looks_binary(data):  # an encoding warcio could not undo hands back its raw bytes
        why = (f"payload encoded with {encoding} could not be decoded" if encoding
               else "binary content, not text: skipped")
        return Document(uri, "", name, kind, (why,), uri)
    errors: list[str] = []
    if len(data) > max_bytes:
        data = data[:max_bytes]
        errors.append(read_cut(max_bytes, "bytes"))
    truncated = record.rec_headers.get_header("WARC-Truncated")  # type: ignore[attr-defined]
    if truncated and not errors:  # the crawler cut it: a cleaned copy would lose the rest
        errors += [read_cut(len(data), "bytes"), f"the crawler cut the record (WARC-Truncated: "
                                                 f"{truncated})"]
    if _ends_early(record):
        errors.append(RECORD_ENDS_EARLY)
    declared = header_charset(content_type)
    try:
        text = (decode_html(data, declared) if kind == "html" else decode_text(data, declared))[0]
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


def _records(fh: IO[bytes], name: str, max_bytes: int, skip: int,
             check_end: bool) -> Iterator[Document]:
    """The page records after the first `skip`.

    warcio stops without a word where a file is cut in a record's header, in a record that is
    not a page, in the blank lines closing a record or in a gzip member's trailer. With
    `check_end` (`fh` is the file itself, not a stream of it) such a cut raises `_CutShort`,
    unless the cut page already says so; a record warcio cannot parse because the file ends
    in its header is a cut too, not damage.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    archive = ArchiveIterator(fh)
    seen = 0
    start, record, reported = 0, None, False
    skipped: Counter[str] = Counter()
    previous, misplaced = "", ""
    try:
        for record in _quietly(iter(archive)):
            start = archive.offset  # where this record begins; warcio moves it past each one
            if getattr(archive, "err_count", 0) and not misplaced:  # warcio's warning only
                misplaced = previous
            previous = f"the {record.rec_type} record {_uri(record, name)}"  # type: ignore[attr-defined]
            doc = None
            if record.rec_type in PAGE_RECORDS:  # type: ignore[attr-defined]
                doc = _document(record, name, max_bytes)
            reported = doc is not None and RECORD_ENDS_EARLY in doc.errors
            if doc is not None:
                seen += 1
                if seen > skip:
                    yield doc
            else:
                skipped[record.rec_type or "untyped"] += 1  # type: ignore[attr-defined]
    except ArchiveLoadFailed as exc:
        if check_end and _NOT_CHUNKED not in str(exc) and _header_runs_off(fh, archive.offset):
            raise _CutShort(_HEADER_CUT) from exc
        raise
    finally:
        if skipped:  # once per file (-v): a crawl's WARC holds a request per page
            log.info("%s: skipped %s records that are not pages", name,
                     ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items())))
    where = _cut_inside(fh, start, record, name) if check_end and not reported else None
    if where:
        raise _CutShort(where)
    if misplaced:  # warcio skipped ahead to the next header it could read
        yield Document(f"{name}#{seen + 1}", "", name, "html", (
            f"damaged WARC data: {misplaced} does not end where its Content-Length says; "
            "the records after it, up to the next one that could be read, were skipped",))


def _cut_inside(fh: IO[bytes], start: int, last: object | None, name: str) -> str | None:
    """Where the file is cut, when it ends inside its last record (which begins at `start`)
    or inside a header after it: a whole record ends where its Content-Length (or its gzip
    member) says, and only blank lines may follow."""
    if last is None:
        return _HEADER_CUT
    fh.seek(start)
    gzipped = fh.read(2) == _GZIP_MAGIC
    if not gzipped and last.format != "warc":  # type: ignore[attr-defined]
        return None  # an ARC record closes with one newline or none: there is no end to measure
    end = _member_end(fh, start) if gzipped else _record_end(last, start)
    size = fh.seek(0, io.SEEK_END)
    if end is None or end > size:
        if _content_length(last) is None:  # the header was cut before it, or has none
            if not gzipped and not _header_runs_off(fh, start):
                from warcio.exceptions import ArchiveLoadFailed

                raise ArchiveLoadFailed(f"the {last.rec_type} record {_uri(last, name)} has "  # type: ignore[attr-defined]
                                        "no Content-Length, so where it ends is unknown")
            return _HEADER_CUT
        return f"inside the {last.rec_type} record {_uri(last, name)}"  # type: ignore[attr-defined]
    fh.seek(end)
    return _HEADER_CUT if fh.read(_DRAIN).strip() else None


def _header_runs_off(fh: IO[bytes], start: int) -> bool:
    """True when the record that warcio could not parse, at `start`, is cut in its header: its
    gzip member is unfinished, or no blank line ends a header before the file does."""
    fh.seek(0)
    if fh.read(2) != _GZIP_MAGIC:
        fh.seek(start)
        tail = fh.read(_DRAIN)
        return len(tail) < _DRAIN and b"\r\n\r\n" not in tail
    if start < 0:  # warcio's offset into a whole-file gzip is no member's start
        return False
    fh.seek(start)
    try:
        return fh.read(2) == _GZIP_MAGIC and _member_end(fh, start) is None
    except zlib.error:  # nor is one that happens to begin with the gzip magic
        return False


def _content_length(record: object) -> int | None:
    """The record's Content-Length; every WARC record has one unless its header was cut."""
    length = record.rec_headers.get_header("Content-Length") or ""  # type: ignore[attr-defined]
    return int(length) if length.strip().isdigit() else None


def _record_end(record: object, start: int) -> int | None:
    """Where an uncompressed WARC record that begins at `start` ends, closing lines included."""
    length = _content_length(record)
    if length is None:
        return None
    return start + record.rec_headers.total_len + length + _RECORD_CLOSE  # type: ignore[attr-defined]


def _member_end(fh: IO[bytes], start: int) -> int | None:
    """Where the gzip member that begins at `start` ends, None when the file ends inside it."""
    fh.seek(start)
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fed = 0
    while not member.eof:
        chunk = fh.read(_DRAIN)
        if not chunk:
            return None
        fed += len(chunk)
        while chunk and not member.eof:  # bounded output: a member may expand a thousandfold
            member.decompress(chunk, _DRAIN)
            chunk = member.unconsumed_tail
    return start + fed - len(member.unused_data)


def _cut_short(name: str, count: int, where: str) -> Document:
    """The file's error record, after the `count` records read before the cut."""
    return Document(f"{name}#{count + 1}" if count else name, "", name, "html", (
        f"truncated: the WARC file is cut short {where}, after {count} records",))


def read_warc(path: Path, max_bytes: int) -> Iterator[Document]:
    """Every page record of a `.warc` / `.warc.gz` file as a `Document`."""
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    count = 0
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            start = gzip.GzipFile(fileobj=fh).read(16) if head == _GZIP_MAGIC else fh.read(16)
            fh.seek(0)
            if not start.lstrip().startswith((b"WARC/", b"filedesc://")):
                yield Document(name, "", name, errors=(
                    "not a WARC file: it does not start with a WARC/ record header",))
                return
            try:
                for doc in _records(fh, name, max_bytes, 0, check_end=True):
                    count += 1
                    yield doc
                return
            except _CutShort as exc:
                yield _cut_short(name, count, str(exc))
                return
            except ArchiveLoadFailed as exc:
                if _NOT_CHUNKED not in str(exc):
                    raise
        # gzip of the whole file rather than of each record: read it as one stream
        with gzip.open(path, "rb") as whole:
            for doc in _records(whole, name, max_bytes, count,  # type: ignore[arg-type]
                                check_end=False):
                count += 1
                yield doc
            while whole.read(_DRAIN):  # warcio stops quietly at a cut; gzip raises EOFError
                pass
    except EOFError:  # only gzip raises it here: the compressed data stops mid-member
        yield _cut_short(name, count, "inside a gzip member")
    except (ArchiveLoadFailed, gzip.BadGzipFile, zlib.error, ValueError) as exc:
        message = " ".join(str(exc).split())[:200]
        yield Document(f"{name}#{count + 1}", "", name, "html", (
            f"damaged WARC data after {count} records: the rest of the file was not read "
            f"({message})",))
    except OSError as exc:
        yield Document(name, "", name, errors=(f"cannot read: {exc.strerror or exc}",))
