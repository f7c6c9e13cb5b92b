"""Reading files: encodings detected, gzip, directories, errors per file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from spamdet.ingest import iter_paths, read_document, read_documents
from spamdet.records import Document


def test_encodings_are_detected(tmp_path: Path) -> None:
    text = "Café crème — naïve résumé costs €5\n"
    cases = {"utf8.txt": text.encode("utf-8"), "bom.txt": b"\xef\xbb\xbf" + text.encode(),
             "utf16.txt": text.encode("utf-16"), "cp1252.txt": text.encode("cp1252")}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        doc = read_document(tmp_path / name)
        assert not doc.errors, (name, doc.errors)
        assert "Café crème" in doc.text, (name, doc.text)


def test_legacy_code_pages_read_as_written(tmp_path: Path) -> None:
    # undeclared cp1252 English (curly quotes, dashes) was read as the DOS code page cp775
    # ("GermanyÆs"), and Cyrillic cp1251 was turned into cp1252 letters
    english = ("BERLIN (AP) — Germany’s parliament on Friday approved a plan to "
               "speed up “urgent” rail repairs after years of delays.\n") * 4
    russian = "Москва, 3 декабря. Правительство одобрило план.\n" * 6
    german = "Grüße aus München: die Straße für Ärzte.\n" * 6
    for name, text, codec in (("en.txt", english, "cp1252"), ("ru.txt", russian, "cp1251"),
                              ("de.txt", german, "latin-1"), ("de.html", german, "cp1252")):
        (tmp_path / name).write_bytes(text.encode(codec))
        doc = read_document(tmp_path / name)
        assert (doc.text if name.endswith(".txt") else german) == text, (name, doc.text[:80])
        if name.endswith(".html"):
            assert "München" in doc.text


def test_a_utf8_byte_order_mark_stays_in_the_text(tmp_path: Path) -> None:
    # offsets count into the file's content unchanged, as `open(path, encoding="utf-8")`
    # reads it; the BOM does not change what is found
    from spamdet import Detector

    text = "Poinbank:Chinese foreign minister visits Seoul\n\nSEOUL (AP) — Talks began.\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = read_document(tmp_path / "bom.txt")
    assert doc.text == (tmp_path / "bom.txt").read_text(encoding="utf-8") == "\ufeff" + text
    report = Detector.load().scan_documents([doc])[0]
    assert [doc.text[s.start:s.end] for seg in report.segments for s in seg.spans] == ["Poinbank"]


def test_a_cut_inside_a_character_keeps_the_encoding(tmp_path: Path) -> None:
    text = "Germany’s “rail” plan\n" * 20
    data = text.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(data)
    for limit in range(len(data) - 40, len(data) - 1):
        doc = read_document(tmp_path / "a.txt", max_bytes=limit)
        assert text.startswith(doc.text) and len(doc.text) >= len(text) - 40, (limit, doc.text)


def test_gzip_and_truncation(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"hello\n" * 100))
    assert read_document(tmp_path / "a.txt.gz").text == "hello\n" * 100
    doc = read_document(tmp_path / "a.txt.gz", max_bytes=10)
    assert doc.text == "hello\nhell" and "truncated" in doc.errors[0]


def test_directory_walk_is_sorted_and_filtered(tmp_path: Path) -> None:
    for name in ("b/z.txt", "a/y.txt", "a/x.txt.gz", "a/skip.bin", "c.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["c.txt", "a/x.txt.gz", "a/y.txt", "b/z.txt"]


def test_missing_and_directory_errors(tmp_path: Path) -> None:
    assert read_document(tmp_path / "nope.txt").errors == ("no such file",)
    assert read_document(tmp_path).errors == ("is a directory",)


def test_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch) -> None:
    """A folder the walk cannot list is a page with an error (CI runs as root, so chmod
    would not do)."""
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "page.txt").write_text("inside\n")
    (tmp_path / "ok.txt").write_text("hello\n")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths = list(iter_paths([tmp_path]))
    assert paths == [tmp_path / "ok.txt", locked]
    assert read_document(locked).errors == ("cannot read folder: Permission denied",)


def test_a_reader_failure_is_an_error_page_after_the_pages_read(tmp_path: Path,
                                                                monkeypatch) -> None:
    """A reader bug on input nobody foresaw ends that file, not the scan."""
    import spamdet.jsonl

    def failing(path, max_bytes, fields):
        yield Document("first", "text", str(path))
        raise RuntimeError("parser bug")

    monkeypatch.setattr(spamdet.jsonl, "read_records", failing)
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n')
    docs = list(read_documents(tmp_path / "a.jsonl"))
    assert [d.id for d in docs] == ["first", f"{tmp_path / 'a.jsonl'}#2"]
    assert docs[1].errors == ("cannot read after 1 pages: RuntimeError: parser bug",)


def test_a_declared_charset_a_browser_would_ignore_is_ignored() -> None:
    """An attacker can declare EBCDIC (text decoded to garbage that scans clean) or a Python
    bytes codec (base64, zlib: an exception instead of a page); browsers read such pages as
    if nothing were declared, and so does the scan."""
    from spamdet.ingest import decode_html

    page = "<html><head><meta charset=\"{}\"></head><body><p>Poinbank pays 300%</p></body></html>"
    for declared in ("cp037", "base64", "zlib", "rot13", "hex", "uu", "idna", "utf-7",
                     "unicode_escape", "utf-16"):
        text, encoding = decode_html(page.format(declared).encode("ascii"))
        assert "Poinbank pays 300%" in text and encoding == "utf-8", (declared, encoding)
    text, encoding = decode_html(page.format("shift_jis").encode("ascii"))
    assert encoding == "cp932" and "Poinbank" in text  # as browsers read shift_jis


@pytest.mark.parametrize("label, text, codec", [
    ("gb2312", "朱镕基说，经济稳定增长。", "gb18030"),  # 镕 is GBK, not GB 2312
    ("shift_jis", "①番の髙橋さんが発表した。", "cp932"),  # NEC and IBM extensions
    ("euc-kr", "똠방각하 뉴스", "cp949"),
    ("iso-8859-9", "Türkçe “haber” – İstanbul", "cp1254"),
])
def test_charsets_are_read_as_browsers_read_them(label: str, text: str, codec: str) -> None:
    from spamdet.ingest import decode_html

    page = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'
    decoded, used = decode_html(page.encode(codec))
    assert text in decoded and used == codec


def test_a_commented_out_charset_declares_nothing() -> None:
    from spamdet.ingest import decode_html

    page = ('<html><head><!-- <meta charset="iso-8859-1"> --><meta charset="utf-8"></head>'
            '<body><p>Déjà vu at the café</p></body></html>')
    assert "Déjà vu at the café" in decode_html(page.encode("utf-8"))[0]


def test_undeclared_central_european_text_keeps_its_code_page() -> None:
    from spamdet.ingest import decode

    polish = ("Zażółć gęślą jaźń. Wiadomości z kraju i ze świata, dzisiaj w Warszawie "
              "minister spotkał się z przedstawicielami samorządów. ") * 3
    assert decode(polish.encode("cp1250"))[0] == polish
