"""Read files and records into `Document`s: walk directories, decompress, detect the encoding.

Bad input is normal input: a file that cannot be read becomes a `Document` with
an error and no text, and the scan goes on.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from spamdet.config import MAX_PAGE_BYTES
from spamdet.records import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
COMPRESSED_SUFFIXES = (".gz",)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SINGLE_BYTE = ("cp125", "windows-125", "latin", "iso8859", "mac_")
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


class InputError(Exception):
    """A file or record that cannot be turned into text; the message is shown per file."""


def is_scannable(path: Path) -> bool:
    """True for the file names a directory scan picks up."""
    name = path.name.lower()
    if name.endswith(COMPRESSED_SUFFIXES):
        name = name[: name.rfind(".")]
    return name.endswith(TEXT_SUFFIXES)


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and scannable files under directories named, sorted and deterministic."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root, name)
                    if is_scannable(child):
                        yield child
        else:
            yield path


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
    """Text and the encoding used: a BOM, else strict UTF-8, else detection; never assumed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("binary or undecodable content: no text encoding fits")
    encoding = best.encoding
    if encoding.startswith(_SINGLE_BYTE) and _decodes(data, "cp1252"):
        encoding = "cp1252"  # short Western text is ambiguous; cp1252 is the web's usual one
    return data.decode(encoding, errors="replace"), encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return not (max(even, odd) > len(sample) / 4 and min(even, odd) < len(sample) / 50)
    return sum(sample.count(bytes([c])) for c in _CONTROL) > len(sample) / 20


def read_document(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> Document:
    """One file as a `Document`; problems become its `errors`, never exceptions."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError("is a directory")
        if not path.exists():
            raise InputError("no such file")
        if not path.is_file():
            raise InputError("not a regular file (device, FIFO or socket): skipped")
        data, truncated = _read_limited(path, max_bytes)
        if _looks_binary(data):
            raise InputError("binary content, not text: skipped")
        text, _ = decode(data)
    except InputError as exc:
        return Document(name, "", name, errors=(str(exc),))
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        return Document(name, "", name, errors=(f"damaged gzip data: {exc}",))
    except OSError as exc:
        return Document(name, "", name, errors=(f"cannot read: {exc.strerror or exc}",))
    errors = (f"truncated: only the first {max_bytes} bytes were read",) if truncated else ()
    return Document(name, text, name, errors=errors)


def to_document(record: object, index: int, text_field: str = "text") -> Document:
    """A library record (str, mapping with a text field, or `Document`) as a `Document`."""
    if isinstance(record, Document):
        return record
    if isinstance(record, str):
        return Document(str(index), record)
    if isinstance(record, Mapping):
        text = record.get(text_field)
        page_id = str(record.get("id", index))
        if not isinstance(text, str):
            return Document(page_id, "", errors=(f"record has no string field {text_field!r}",))
        return Document(page_id, text, record.get("path"))
    if isinstance(record, bytes):
        raise TypeError(
            "expected str, got bytes: decode first, e.g. data.decode('utf-8', 'replace')"
        )
    raise TypeError(f"expected str, a mapping with {text_field!r} or a Document, got {type(record)}")
