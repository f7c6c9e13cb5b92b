"""Read files and records into `Document`s: walk directories, decompress, detect the encoding.

Bad input is normal input: a file or record that cannot be read becomes a `Document`
with an error and no text, and the scan goes on. Multi-record files (JSON, JSONL, WARC)
yield one `Document` per record, streamed, so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import json
import logging
import os
import re
import sys
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from spamdet.config import MAX_PAGE_BYTES, Config
from spamdet.records import Document, read_cut

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json")
WARC_SUFFIXES = (".warc", ".arc")
COMPRESSED_SUFFIXES = (".gz",)
PROBED_FIELDS = ("text", "html", "content", "raw_content")
"""Record fields tried, in order, when no text or html field is configured."""
SNIFFED_FIELDS = frozenset({"content", "raw_content"})
"""Probed fields whose value is HTML when it looks like HTML, else text."""
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:p|div|span|a|br|li|h[1-6]|table|td|img)\b[^>]*>", re.I)
_WEB_ALIASES = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                     "windows-1252"), "cp1252"),
    **dict.fromkeys(("gb2312", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "gbk", "x-gbk",
                     "iso-ir-58", "cp936", "windows-936"), "gb18030"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis",
                     "windows-31j", "ms932"), "cp932"),
    **dict.fromkeys(("euc-kr", "euc_kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
                     "korean", "csksc56011987", "windows-949"), "cp949"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254"), "cp1254"),
    **dict.fromkeys(("tis-620", "iso-8859-11", "iso8859-11", "windows-874"), "cp874"),
}
"""Charset labels as browsers decode them (the WHATWG Encoding Standard): a page declaring
`gb2312` or `shift_jis` is written in their Windows supersets, which Python's codecs of
those names do not read (`朱�F基`)."""
_NOT_WESTERN = frozenset({"cp1250", "iso8859_2", "cp852", "mac_latin2", "cp1257", "iso8859_4",
                          "iso8859_13", "cp1254", "iso8859_9", "iso8859_16", "iso8859_3",
                          "iso8859_10"})
"""Latin-script code pages detection names for Central European, Baltic and Turkish text,
kept as detected; any other guess for Latin text is the ambiguous Western kind."""
OPAQUE_MARKUP = r"<(script|style|textarea|title)\b.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)"
"""HTML source whose `<tags>` are text to a parser: scripts, styles, text areas, titles,
comments (a regex, compiled with `re.I | re.S`; `html` reads it too)."""
_OPAQUE = re.compile(OPAQUE_MARKUP.encode(), re.I | re.S)


class InputError(Exception):
    """A file or record that cannot be turned into text; the message is shown per file."""


@dataclass(frozen=True)
class RecordFields:
    """Which fields of a JSON or library record hold the text, HTML, id and URL (see `Config`)."""

    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, config: Config) -> RecordFields:
        return cls(config.text_field, config.html_field, config.id_field, config.url_field)


def kind_of(path: Path) -> str | None:
    """`text`, `html`, `records` or `warc` from a file name (`.gz` looked through), else None."""
    name = path.name.lower()
    if name.endswith(COMPRESSED_SUFFIXES):
        name = name[: name.rfind(".")]
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("records", RECORD_SUFFIXES), ("warc", WARC_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def is_scannable(path: Path) -> bool:
    """True for the file names a directory scan picks up."""
    return kind_of(path) is not None


def ancestors(path: str) -> Iterator[str]:
    """`path` (absolute) and each folder above it, to the root: where an input holding it
    is looked up (not every input tried against it)."""
    while True:
        yield path
        parent = os.path.dirname(path)
        if parent == path:
            return
        path = parent


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and scannable files under directories named, sorted and deterministic;
    each file once, however the inputs overlap (`dir dir/a.txt`, `dir/sub dir`). What is
    remembered is the inputs named, not the files found: memory stays flat."""
    folders: set[str] = set()  # absolute paths (not resolved: a link is a file of its own name)
    files: set[str] = set()

    def done(key: str) -> bool:  # the key or a folder above it named (not every folder tried)
        return key in files or any(at in folders for at in ancestors(key))

    for raw in paths:
        path = Path(raw)
        key = os.path.abspath(path)
        if done(key):
            continue
        if path.is_dir():
            overlap = bool(files or folders)
            yield from (found for found in _walk(path)
                        if not overlap or not done(os.path.abspath(found)))
            folders.add(key)
        else:
            files.add(key)
            yield path


def _walk(top: Path) -> Iterator[Path]:
    """Scannable files under `top`, folder by folder in sorted order (as `os.walk` top-down
    with sorted names, but with a stack: a folder tree nested a thousand deep, as a crawler
    trap mirrored to disk makes, would exhaust Python's recursion). Symbolic links to
    folders are not followed; a folder that cannot be listed is yielded itself, so that
    reading it reports the error."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError:
            yield folder
            continue
        subfolders = []
        for entry in listed:
            if not _is_folder(entry):
                if is_scannable(Path(entry.path)):
                    yield Path(entry.path)
            elif not entry.is_symlink():
                subfolders.append(Path(entry.path))
        stack.extend(reversed(subfolders))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _read_limited(path: Path, limit: int) -> tuple[bytes, bool]:
    """The first `limit` bytes of a file, decompressed if gzip; and whether more was left."""
    with open(path, "rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            with gzip.open(fh) as gz:
                data = gz.read(limit + 1)
        else:
            data = fh.read(limit + 1)
    return data[:limit], len(data) > limit


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: a BOM, else strict UTF-8, else detection; never assumed.
    A UTF-8 BOM stays in the text (U+FEFF), as `open(path, encoding="utf-8")` keeps it:
    report offsets count into the file's content unchanged."""
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8", errors="replace"), "utf-8"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        # Not binary (checked before), yet no one encoding fits: mixed encodings. Keep the
        # UTF-8 parts and mark the rest, rather than lose the page.
        return data.decode("utf-8", errors="replace"), "utf-8 (mixed)"
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if encoding != "cp1252" and _latin(text) and _decodes(data, "cp1252"):
        # Western text is ambiguous between the legacy code pages (detection says cp775,
        # cp850 or cp852 for English with curly quotes); cp1252 is the web's usual one. Text
        # in another script (Cyrillic cp1251, Greek cp1253) keeps its detected code page,
        # and so does Central European text that cp1252 would fill with symbols inside
        # words (Polish `Za¿ó³æ` for `Zażółć`).
        western = data.decode("cp1252")
        if encoding not in _NOT_WESTERN or _odd_in_words(western) <= _odd_in_words(text):
            return western, "cp1252"
    return text, encoding


def _odd_in_words(text: str) -> int:
    """Characters beyond ASCII that no word holds (numbers, symbols, `¿`) between letters."""
    odd = 0
    sample = text[:100_000]
    for i in range(1, len(sample) - 1):
        char = sample[i]
        if char > "\x7f" and sample[i - 1].isalpha() and sample[i + 1].isalpha() and (
                unicodedata.category(char)[0] in "NS" or char in "¿¡"):
            odd += 1
    return odd


def _latin(text: str) -> bool:
    """True unless most letters beyond ASCII belong to another script than Latin."""
    latin = other = 0
    for char, count in Counter(char for char in text[:100_000] if char > "\x7f").items():
        if char.isalpha():
            if unicodedata.name(char, "").startswith("LATIN"):
                latin += count
            else:
                other += count
    return other <= latin


_ASCII = bytes(range(0x20, 0x7F))
_ASCII_TEXT = _ASCII.decode("ascii")
_PYTHON_ONLY = frozenset({"idna", "unicode-escape", "raw-unicode-escape"})
"""Python codecs that read ASCII as ASCII but are no document encoding a browser knows."""


def _codec(name: str) -> str | None:
    """A Python codec for a declared charset, with the web's aliases; None when unknown or
    when it does not read ASCII as ASCII, as browsers ignore such a declaration: UTF-16 and
    UTF-7, EBCDIC (`cp037`, text turned to garbage that scans clean), Python's bytes-to-bytes
    codecs (`base64`, `zlib`, `rot13`) and its escape codecs."""
    name = name.strip().lower()
    name = _WEB_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
        if codec in _PYTHON_ONLY:
            return None
        return codec if _ASCII.decode(codec) == _ASCII_TEXT else None
    except (LookupError, UnicodeError):
        return None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """HTML text and the encoding used: a BOM, else the HTTP header's charset, else the
    page's `<meta charset>`, else strict UTF-8, else detection; never assumed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    head = _OPAQUE.sub(b"", data[:4096])  # a commented-out <meta> declares nothing
    declared_in_page = [m.decode("ascii", "replace") for m in _META_CHARSET.findall(head)]
    return _as_declared(data, (declared, *declared_in_page[:1])) or decode(data)


def _as_declared(data: bytes, names: Iterable[str | None]) -> tuple[str, str] | None:
    """`data` decoded by the first declared charset a browser would honour, else None."""
    for name in names:
        codec = _codec(name) if name else None
        if codec:
            return data.decode(codec, errors="replace"), codec
    return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Plain text and the encoding used: a BOM, else the HTTP header's charset, else
    `decode` (strict UTF-8, else detection)."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode(data)
    return _as_declared(data, (declared,)) or decode(data)


def header_charset(content_type: str | None) -> str | None:
    """The charset named in a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def looks_html(text: str) -> bool:
    """True when a string is HTML source rather than text (a document start, or tags)."""
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` when every other byte is NUL (ASCII-range text), else None."""
    sample = data[:8192]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) > len(sample) / 4 and min(even, odd) < len(sample) / 50:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes with too many control characters to be text (UTF-16 aside)."""
    sample = data[:8192]
    if not sample or _utf16_without_bom(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))  # one pass, in C
    return controls > len(sample) / 20


def _missing(path: Path) -> str:
    """Why a path that does not exist cannot be read: a symlink loop, a dangling link, or none."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop: skipped"
        if path.is_symlink():
            return f"no such file: broken symlink to {os.readlink(path)!r}"
    return "no such file"


def read_document(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> Document:
    """One text or HTML file as a `Document`; problems become its `errors`, never exceptions."""
    name, kind = str(path), kind_of(path)
    try:
        if path.is_dir():
            os.scandir(path).close()  # an unreadable folder says why below
            raise InputError("is a directory")
        if not path.exists():
            raise InputError(_missing(path))
        if not path.is_file():
            raise InputError("not a regular file (device, FIFO or socket): skipped")
        data, truncated = _read_limited(path, max_bytes)
        return page_of_bytes(name, data, truncated, max_bytes,
                             html=None if kind is None else kind == "html")
    except InputError as exc:
        return Document(name, "", name, errors=(str(exc),))
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return Document(name, "", name, errors=(f"damaged gzip data: {exc}",))
    except OSError as exc:
        what = "cannot read folder" if path.is_dir() else "cannot read"
        return Document(name, "", name, errors=(f"{what}: {exc.strerror or exc}",))


def page_of_bytes(name: str, data: bytes, truncated: bool, max_bytes: int,
                  html: bool | None = None) -> Document:
    """One page from its bytes: binary refused, encoding detected; `html` None sniffs it."""
    if looks_binary(data):
        return Document(name, "", name, errors=("binary content, not text: skipped",))
    if html is None:
        html = looks_html(data[:2000].decode("latin-1"))
    if truncated:
        data = _whole_characters(data)
    text, _ = decode_html(data) if html else decode(data)
    errors = (read_cut(max_bytes, "bytes"),) if truncated else ()
    return Document(name, text, name, "html" if html else "text", errors)


def _whole_characters(data: bytes) -> bytes:
    """Bytes cut at a limit, less a UTF-8 character the cut split (whose bytes would fail
    strict UTF-8 and send the whole page to encoding detection)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data
        if byte >= 0xC0:  # the first byte of a character of 2, 3 or 4 bytes
            size = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if back < size else data
    return data


STDIN = "-"
"""The path that names standard input."""


def read_stream(stream: BinaryIO, max_bytes: int, fields: RecordFields,
                name: str = STDIN) -> Iterator[Document]:
    """Pages piped in (`scan -`), gzip looked through: JSON Lines records when the stream
    starts with `{`, else one text or HTML page. Records are read one line at a time."""
    from spamdet.jsonl import json_lines

    fh: Any = stream  # buffered (`sys.stdin.buffer`): `peek` looks without consuming
    try:
        if fh.peek(2)[:2] == b"\x1f\x8b":
            fh = gzip.GzipFile(fileobj=fh)
        start = fh.peek(256).removeprefix(codecs.BOM_UTF8).lstrip()
        if start.startswith(b"{"):
            yield from json_lines(fh, name, max_bytes, fields)
            return
        if start.startswith(b"WARC/"):
            yield Document(name, "", name, errors=(
                "a WARC stream on standard input is not read: give the file's path",))
            return
        data = fh.read(max_bytes + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Document(name, "", name, errors=(f"damaged gzip data: {exc}",))
        return
    yield page_of_bytes(name, data[:max_bytes], len(data) > max_bytes, max_bytes)


def read_documents(
    path: Path, max_bytes: int = MAX_PAGE_BYTES, fields: RecordFields | None = None
) -> Iterator[Document]:
    """Every page in a file: one for text and HTML, one per record for JSON, JSONL and WARC.

    The readers turn every problem they know into a page's `errors`; should one still fail
    (a parser's bug on input nobody foresaw), the failure becomes an error page for this
    file, after the pages already read, and the scan goes on with the next file.
    """
    read = 0
    try:
        for doc in _file_documents(path, max_bytes, fields):
            read += 1
            yield doc
    except Exception as exc:  # noqa: BLE001 - one file's failure must not end a scan
        log.debug("%s: reader failed after %d pages", path, read, exc_info=True)
        name = str(path)
        yield Document(f"{name}#{read + 1}" if read else name, "", name, errors=(
            f"cannot read after {read} pages: {type(exc).__name__}: {exc}",))


def _file_documents(
    path: Path, max_bytes: int, fields: RecordFields | None
) -> Iterator[Document]:
    if str(path) == STDIN:
        if sys.stdin is None:  # started with it closed (`<&-`)
            yield Document(STDIN, "", STDIN, errors=("standard input is closed: pipe the "
                                                     "pages in, or name files",))
            return
        yield from read_stream(sys.stdin.buffer, max_bytes, fields or RecordFields())
        return
    kind = kind_of(path)
    if kind == "records" and path.is_file():
        from spamdet.jsonl import read_records

        yield from read_records(path, max_bytes, fields or RecordFields())
    elif kind == "warc" and path.is_file():
        from spamdet.warc import read_warc

        yield from read_warc(path, max_bytes)
    else:
        yield read_document(path, max_bytes)


def _wanted(fields: RecordFields) -> list[tuple[str, str]]:
    """The fields a record's page may be read from, in order, each with what it holds
    (`html`, `text`, or `sniff`: HTML when it looks like it)."""
    wanted = [(f, "html") for f in (fields.html,) if f] + [(f, "text") for f in (fields.text,) if f]
    return wanted or [(f, "html" if f == "html" else "sniff" if f in SNIFFED_FIELDS else "text")
                      for f in PROBED_FIELDS]


def content_field(record: Mapping[str, object], fields: RecordFields) -> str | None:
    """The field `from_mapping` reads a record's page from; None when none holds one."""
    for field, _ in _wanted(fields):
        value = record.get(field)
        if isinstance(value, (str, bytes)) and value:
            return field
    return None


def from_mapping(
    record: Mapping[str, object], fallback_id: str, fields: RecordFields,
    path: str | None = None, max_bytes: int = MAX_PAGE_BYTES,
) -> Document:
    """A JSON or library record as a `Document`: text or HTML from the configured or probed
    field, id from the id field (else `fallback_id`), url from the url field."""
    raw_id = record.get(fields.id or "id")
    page_id = (fallback_id if raw_id is None or raw_id == "" else raw_id
               if isinstance(raw_id, str) else json.dumps(raw_id, ensure_ascii=False))
    url = record.get(fields.url or "url")
    url = url if isinstance(url, str) and url else None
    wanted = _wanted(fields)
    for field, kind in wanted:
        value = record.get(field)
        if isinstance(value, bytes):
            value = decode_html(value)[0] if kind != "text" else decode(value)[0]
        if not isinstance(value, str) or not value:
            continue
        if kind == "sniff":
            kind = "html" if looks_html(value) else "text"
        value, errors = _cut(value, max_bytes)
        return Document(page_id, value, path, kind, errors, url)
    if any(record.get(field) == "" for field, _ in wanted):  # a page with no text: clean
        return Document(page_id, "", path, url=url)  # as an empty .txt file is
    for field, _ in wanted:  # there, but not text: say what it holds
        if record.get(field) is not None:
            return Document(page_id, "", path, errors=(
                f"record field {field!r} holds {json_kind(record[field])}, not a string",),
                url=url)
    names = ", ".join(repr(f) for f, _ in wanted)
    hint = "" if fields.text or fields.html else " (set --text-field or --html-field)"
    return Document(page_id, "", path, errors=(f"record has no non-empty string field {names}"
                                               f"{hint}",), url=url)


def _cut(text: str, max_chars: int) -> tuple[str, tuple[str, ...]]:
    """A library record's text cut at `max_chars` characters, and the error saying so."""
    if len(text) <= max_chars:
        return text, ()
    return text[:max_chars], (read_cut(max_chars, "characters"),)


def json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words (`an array`, not `list`)."""
    if isinstance(value, bool):
        return "a boolean"
    kinds = {dict: "an object", list: "an array", str: "a string", int: "a number",
             float: "a number", type(None): "null"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def to_document(record: object, index: int, fields: RecordFields | None = None,
                max_bytes: int = MAX_PAGE_BYTES) -> Document:
    """A library record (str, mapping with a text or html field, or `Document`) as a
    `Document`; a mapping's `path`, if any, is kept, and a str's or a mapping's text is cut
    at `max_bytes` characters."""
    if isinstance(record, Document):
        return record
    if isinstance(record, str):  # cut as a mapping's text is
        text, errors = _cut(record, max_bytes)
        return Document(str(index), text, errors=errors)
    if isinstance(record, Mapping):
        path = record.get("path")
        return from_mapping(record, str(index), fields or RecordFields(),
                            path if isinstance(path, str) else None, max_bytes)
    # one bad record among many is that record's error, as a bad JSONL line is (it stopped
    # the whole scan, hundreds of pages before it unreported)
    if isinstance(record, bytes):
        why = ("bytes, not str: decode first, e.g. data.decode('utf-8', 'replace'), or pass "
               "{'html': data} to have HTML bytes decoded by their declared charset")
    else:
        why = (f"{type(record).__name__}, not str, a mapping with a text or html field, or a "
               "Document")
    return Document(str(index), "", errors=(f"record {index} is {why}",))
