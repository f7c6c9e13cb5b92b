"""JSON, JSONL and WARC input: one page per record, per-record errors, streaming, fields."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli

from spamdet.ingest import RecordFields, iter_paths, read_documents

ARTICLE = ("<html><head><title>Council backs rail line</title></head><body><article>"
           "<h1>Council backs rail line</h1><p>DENVER, March 4 (Reuters) - The city council voted "
           "7-2 on Tuesday to approve a new light rail line linking the airport with the downtown "
           "business district.</p></article></body></html>")
TEXT = "Council backs rail line\nThe city council voted 7-2 on Tuesday to approve the line.\n"


def write_warc(path: Path, records: list[tuple[str, bytes, str]], gz: bool = True) -> None:
    """A WARC of response records (uri, payload, content type), plus a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, payload, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=headers))
            writer.write_record(writer.create_warc_record(uri, "request",
                                                          payload=io.BytesIO(b"GET / HTTP/1.1")))


def test_jsonl_fields_ids_and_broken_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": TEXT}), "{not json", json.dumps(["a", "list"]),
             "", json.dumps({"html": ARTICLE, "url": "https://x.test/1"}),
             json.dumps({"content": ARTICLE}), json.dumps({"raw_content": TEXT}),
             json.dumps({"other": "nothing"})]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_documents(path))
    assert [d.id for d in docs] == ["a", f"{path}:2", f"{path}:3", f"{path}:5", f"{path}:6",
                                    f"{path}:7", f"{path}:8"]
    assert [d.kind for d in docs] == ["text", "text", "text", "html", "html", "text", "text"]
    assert "not a JSON record" in docs[1].errors[0] and "not a JSON object" in docs[2].errors[0]
    assert docs[3].url == "https://x.test/1" and not docs[3].errors
    assert "--text-field" in docs[6].errors[0]


def test_configured_fields(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl.gz"
    record = {"doc": "k1", "body": ARTICLE, "link": "https://x.test/k1", "text": "ignored"}
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    (doc,) = read_documents(path, fields=RecordFields(html="body", id="doc", url="link"))
    assert (doc.id, doc.kind, doc.url) == ("k1", "html", "https://x.test/k1")
    (doc,) = read_documents(path, fields=RecordFields(text="missing"))
    assert doc.errors and "'missing'" in doc.errors[0]


def test_json_array_and_object(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([{"text": TEXT}, {"html": ARTICLE}, 3]), "utf-8")
    docs = list(read_documents(tmp_path / "a.json"))
    assert [d.kind for d in docs] == ["text", "html", "text"] and docs[2].errors
    (tmp_path / "b.json").write_text(json.dumps({"text": TEXT}, indent=2), "utf-8")
    (doc,) = read_documents(tmp_path / "b.json")
    assert doc.text == TEXT


def test_truncated_gzip_jsonl_keeps_records_read(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": str(n), "text": TEXT * 30}) + "\n" for n in range(200))
    data = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    docs = list(read_documents(path))
    assert len(docs) > 10 and all(not d.errors for d in docs[:-1])
    assert "damaged gzip" in docs[-1].errors[0]


def test_long_line_is_skipped_not_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": TEXT}) + "\n",
                    encoding="utf-8")
    docs = list(read_documents(path, max_bytes=1000))
    assert "longer than 1000 bytes" in docs[0].errors[0] and docs[1].text == TEXT


@pytest.mark.parametrize("gz", [True, False])
def test_warc_records(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    cp1251 = "<html><body><p>Привет, мир, это страница</p></body></html>".encode("cp1251")
    write_warc(path, [("https://x.test/1", ARTICLE.encode(), "text/html; charset=utf-8"),
                      ("https://x.test/logo.png", b"\x89PNG....", "image/png"),
                      ("https://x.test/2", cp1251, "text/html; charset=windows-1251"),
                      ("https://x.test/3", TEXT.encode(), "text/plain")], gz)
    docs = list(read_documents(path))
    assert [(d.id, d.kind) for d in docs] == [("https://x.test/1", "html"),
                                              ("https://x.test/2", "html"),
                                              ("https://x.test/3", "text")]
    assert "Привет" in docs[1].text and all(not d.errors for d in docs)
    assert docs[0].url == "https://x.test/1" and docs[0].path == str(path)


def test_truncated_warc_keeps_records_read(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(path, [(f"https://x.test/{n}", ARTICLE.encode() * 20, "text/html")
                      for n in range(6)])
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    docs = list(read_documents(cut))
    good = [d for d in docs if not d.errors]
    assert 2 <= len(good) < 6
    assert any("truncated" in e or "damaged" in e for d in docs for e in d.errors)
    garbage = tmp_path / "junk.warc"
    garbage.write_bytes(b"this is not a warc file at all\r\n" * 10)
    (doc,) = read_documents(garbage)
    assert "not a WARC file" in doc.errors[0]


def test_whole_file_gzip_warc(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    write_warc(plain, [(f"https://x.test/{n}", ARTICLE.encode(), "text/html") for n in range(3)],
               gz=False)
    whole = tmp_path / "b.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert [d.id for d in read_documents(whole)] == [f"https://x.test/{n}" for n in range(3)]


def _page_image_page(gz: bool) -> tuple[bytes, list[int]]:
    """A WARC of an HTML page, an image and another HTML page, and where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    ends = []
    for n, ctype in enumerate(["text/html", "image/png", "text/html"]):
        body = ARTICLE.encode() if ctype == "text/html" else b"\x89PNG" + bytes(2000)
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://x.test/{n}", "response", payload=io.BytesIO(body), http_headers=headers))
        ends.append(out.tell())
    return out.getvalue(), ends


CUT_STEP = 7
"""The sweeps cut their WARC every this many bytes: under a second, where every byte is 7x."""
FIRST_CUT = len(b"WARC/1.0\r\n")
"""Shorter than its first line, a file is not recognisably a WARC, and is reported so."""


def _one_cut(path: Path, data: bytes, cut: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The clean pages (id, text) and the errors read from `data` cut at `cut`."""
    path.write_bytes(data[:cut])
    docs = list(read_documents(path))
    errors = [e for d in docs for e in d.errors]
    assert all(not d.errors for d in docs[:-1]), (cut, errors)  # an error ends the file's pages
    return [(d.id, d.text) for d in docs if not d.errors], errors


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_warc_cut_anywhere_keeps_pages_then_one_error(tmp_path: Path, gz: bool) -> None:
    """A WARC cut at any offset (in a page, in the skipped image, in a record's header or
    closing lines, in a gzip member) gives the pages read before the cut, whole, then exactly
    one `truncated` error; cut between records, it is just a shorter WARC. A page whose
    record is cut after its content (closing lines, gzip trailer) may come whole before it."""
    data, ends = _page_image_page(gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    pages, errors = _one_cut(path, data, len(data))
    assert [page_id for page_id, _ in pages] == ["https://x.test/0", "https://x.test/2"]
    assert errors == []
    page_ends = [ends[0], ends[2]]
    for cut in sorted({*range(FIRST_CUT, len(data), CUT_STEP), *ends}):
        clean, errors = _one_cut(path, data, cut)
        before = sum(end <= cut for end in page_ends)
        assert clean == pages[:len(clean)] and before <= len(clean) <= before + 1, (cut, clean)
        if cut in ends:
            assert errors == [], (cut, errors)
        else:
            assert len(errors) == 1 and errors[0].startswith("truncated: "), (cut, errors)
    clean, errors = _one_cut(path, data, ends[2] - 2)  # in the last record's closing bytes
    assert clean == pages and len(errors) == 1


def test_whole_file_gzip_warc_cut_anywhere_ends_with_one_error(tmp_path: Path) -> None:
    """A WARC gzipped as one stream, cut at any offset: the pages decoded before the cut,
    then exactly one error (`truncated`, or `damaged` where warcio cannot parse the cut
    record's header), never an exception or nothing."""
    plain, _ = _page_image_page(gz=False)
    data = gzip.compress(plain)
    path = tmp_path / "whole.warc.gz"
    for cut in range(FIRST_CUT, len(data), CUT_STEP):
        clean, errors = _one_cut(path, data, cut)
        ids = [page_id for page_id, _ in clean]
        assert ids == ["https://x.test/0", "https://x.test/2"][:len(ids)], (cut, ids)
        assert len(errors) == 1 and errors[0].startswith(("truncated: ", "damaged ")), (
            cut, errors)


def test_cli_reports_warcs_cut_in_a_skipped_record_and_in_a_header(tmp_path: Path) -> None:
    """Cut in the image record, a WARC gives its first page then one error; cut in its
    first record's header, it is one error page, not absent from the report."""
    data, ends = _page_image_page(gz=False)
    (tmp_path / "in_image.warc").write_bytes(data[:ends[0] + 600])
    (tmp_path / "in_header.warc").write_bytes(data[:200])
    result = run_cli("scan", str(tmp_path), "-q", "--format", "jsonl")
    assert result.returncode in (0, 1), result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    got = {(r["id"], r["verdict"] == "error", tuple(r["errors"])) for r in records}
    in_image, in_header = tmp_path / "in_image.warc", tmp_path / "in_header.warc"
    assert got == {
        ("https://x.test/0", False, ()),
        (f"{in_image}#2", True, ("truncated: the WARC file is cut short inside the response "
                                 "record https://x.test/1, after 1 records",)),
        (str(in_header), True, ("truncated: the WARC file is cut short inside a record "
                                "header, after 0 records",))}, records


def test_directory_scan_picks_up_new_suffixes(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm.gz", "c.jsonl", "d.json", "e.warc.gz", "f.txt", "g.png"):
        (tmp_path / name).write_bytes(b"x")
    found = sorted(p.name for p in iter_paths([tmp_path]))
    assert found == ["a.html", "b.htm.gz", "c.jsonl", "d.json", "e.warc.gz", "f.txt"]


def test_scan_many_mappings_and_dataset(detector) -> None:
    records = [{"id": "t", "text": TEXT}, {"id": "h", "html": ARTICLE, "url": "https://x.test"},
               {"id": "none"}]
    reports = list(detector.scan_many(records))
    assert [(r.id, r.kind) for r in reports] == [("t", "text"), ("h", "html"), ("none", "text")]
    assert reports[2].verdict == "error"
    datasets = pytest.importorskip("datasets")
    dataset = datasets.Dataset.from_list([{"page": ARTICLE, "key": "k"}])
    (report,) = detector.scan_many(dataset, html_field="page")
    assert report.kind == "html" and report.verdict != "error"
    assert detector.scan_html(ARTICLE).to_dict()["text"].startswith("Council backs rail line")


def test_cli_jsonl_and_warc(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"key": "r1", "page": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    write_warc(tmp_path / "w.warc.gz", [("https://x.test/w", ARTICLE.encode(), "text/html")])
    result = run_cli("scan", str(tmp_path), "--format", "jsonl", "--html-field", "page",
                     "--id-field", "key")
    assert result.returncode in (0, 1), result.stderr
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"r1", f"{tmp_path / 'r.jsonl'}:2", "https://x.test/w"}
    assert records[f"{tmp_path / 'r.jsonl'}:2"]["verdict"] == "error"
    assert records["r1"]["text"].startswith("Council backs rail line")
    assert "Traceback" not in result.stderr
    out = tmp_path.parent / f"{tmp_path.name}-clean"
    result = run_cli("clean", str(tmp_path), "--out", str(out), "--html-field", "page")
    assert result.returncode in (0, 1), result.stderr
    (record,) = map(json.loads, (out / "r.jsonl.cleaned.jsonl").read_text("utf-8").splitlines())
    assert record["key"] == "r1" and record["spamdet_clean"] in ("keep", "clean")
    assert record["page"].startswith("Council backs rail line")  # the HTML field: cleaned text
    (page,) = map(json.loads, (out / "w.warc.cleaned.jsonl").read_text("utf-8").splitlines())
    assert page["id"] == "https://x.test/w" and page["text"].startswith("Council backs")


def test_clean_writes_each_record_back_whole(tmp_path: Path) -> None:
    """A cleaned JSONL record was `{"id", "action", "text"}`: a dataset's url, metadata and
    every other field were lost. Now the record comes back as it was, its text field cleaned
    and `spamdet_clean` added; records are matched to reports even when an unreadable record
    shares the id of the next one."""
    from conftest import SAMPLES

    dirty = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": "a", "text": dirty, "meta": {"lang": "en"}, "url": "https://x.test/a"},
            {"id": "b", "text": 5, "tags": ["x"]},
            {"tags": ["y"], "id": "b", "text": TEXT, "n": 2}]
    (src / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_cli("clean", str(src), "--out", str(tmp_path / "out"), "--no-campaigns")
    assert result.returncode == 1, result.stderr
    first, last = map(json.loads, (tmp_path / "out" / "r.jsonl.cleaned.jsonl").read_text(
        "utf-8").splitlines())
    assert first["meta"] == {"lang": "en"} and first["url"] == "https://x.test/a"
    assert first["spamdet_clean"] == "clean" and "Nexalto" not in first["text"]
    assert list(last) == ["tags", "id", "text", "n", "spamdet_clean"]
    assert last["tags"] == ["y"] and last["n"] == 2 and last["text"] == TEXT
    assert last["spamdet_clean"] == "keep"


def test_a_record_cut_as_it_was_read_lends_its_fields_to_no_other(tmp_path: Path) -> None:
    """A record cut at --max-bytes gets no copy; the next record with its id had its cleaned
    text written into the cut record's fields (its own url and metadata lost)."""
    from conftest import SAMPLES

    dirty = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": "x", "url": "https://x.test/first", "text": dirty * 2},
            {"id": "x", "url": "https://x.test/second", "text": dirty}]
    (src / "r.json").write_text(json.dumps(rows), encoding="utf-8")
    result = run_cli("clean", str(src), "--out", str(tmp_path / "out"), "--no-campaigns",
                     "--max-bytes", str(len(dirty) + 500))
    assert "truncated" in result.stderr, result.stderr
    (record,) = map(json.loads, (tmp_path / "out" / "r.json.cleaned.jsonl").read_text(
        "utf-8").splitlines())
    assert record["url"] == "https://x.test/second"


def test_a_record_with_bytes_that_are_not_utf8_is_read(tmp_path: Path) -> None:
    """One byte of Latin-1 in a JSONL line lost the whole record (`not a JSON record`);
    it is now read with U+FFFD in its place, as a text page's would be, and says so."""
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id": "x", "text": "Caf\xe9 owners said prices rose."}\n'
                     b'[{"text": "\xff"}]\n')
    cafe, listed = read_documents(path)
    assert cafe.text == "Caf\ufffd owners said prices rose."
    assert cafe.errors == ("bytes that are not UTF-8 were read as U+FFFD",)
    assert "not a JSON object" in listed.errors[0]


def test_reports_survive_pickling_as_workers_send_them(detector) -> None:
    """`--jobs` workers and the corpus scan's spill file pickle reports and sightings
    (`records.pickled_by_fields`): they must come back equal, and still frozen."""
    import dataclasses
    import pickle

    from spamdet.records import Document

    docs = [Document("t", "PoinbankNews: " + TEXT), Document("h", ARTICLE, kind="html")]
    scored = detector.scan_evidence(docs)
    back = pickle.loads(pickle.dumps(scored))
    assert [report for report, _ in back] == [report for report, _ in scored]
    assert [ev.sightings for _, ev in back] == [ev.sightings for _, ev in scored]
    assert any(ev.sightings for _, ev in scored)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back[0][0].segments[0].label = "clean"  # type: ignore[misc]


def test_clean_writes_a_single_record_json_file_as_records(tmp_path: Path) -> None:
    """A `.json` file holding one object names its record by the file itself; `clean`
    still writes it as records (`NAME.cleaned.jsonl`) instead of stopping the run."""
    from conftest import SAMPLES

    src = tmp_path / "in"
    src.mkdir()
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    (src / "one.json").write_text(json.dumps({"text": text}), encoding="utf-8")
    (src / "page.txt").write_text(text, encoding="utf-8")
    result = run_cli("clean", str(src), "--out", str(tmp_path / "out"), "--manifest",
                     str(tmp_path / "manifest.jsonl"))
    assert result.returncode == 1, result.stderr
    (record,) = [json.loads(line) for line in
                 (tmp_path / "out" / "one.json.cleaned.jsonl").read_text("utf-8").splitlines()]
    assert record["spamdet_clean"] == "clean" and "Nexalto" not in record["text"]
    assert (tmp_path / "out" / "page.txt").exists()
    assert len((tmp_path / "manifest.jsonl").read_text("utf-8").splitlines()) == 2


def test_a_record_whose_text_is_not_a_string_says_what_it_holds(tmp_path: Path) -> None:
    """`{"text": 5}` was told the record had 'no non-empty string field' (it has one, of the
    wrong kind), and a line of `null` was 'a JSON NoneType': errors name JSON's kinds."""
    lines = [{"id": "n", "text": 5}, {"id": "l", "text": ["a", "b"]}, {"id": "b", "text": True},
             {"id": "h", "text": {"x": 1}, "html": "<p>Council approves rail line</p>"}, None]
    path = tmp_path / "kinds.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    docs = list(read_documents(path))
    assert [d.errors for d in docs] == [
        ("record field 'text' holds a number, not a string",),
        ("record field 'text' holds an array, not a string",),
        ("record field 'text' holds a boolean, not a string",),
        (),  # the html field is read
        ("record is null, not a JSON object: skipped",)]


def test_a_page_id_or_path_that_is_not_text_is_refused(detector) -> None:
    """scan_text took any id: `id=5` gave the JSON report an int id and `id=None` a null
    one, where scan_html refused both. Now None is the default id, as for scan_html, and
    anything else that is not a str is refused."""
    assert detector.scan_text("a page", id=None).to_dict()["id"] == "text"
    for bad in ({"id": 5}, {"path": Path("a.txt")}):
        with pytest.raises(TypeError, match=f"{next(iter(bad))} must be a str"):
            detector.scan_text("a page", **bad)  # type: ignore[arg-type]


def test_one_page_given_where_many_are_expected_is_refused(detector) -> None:
    """`scan_many("text")` would scan every character as a page, and a mapping its keys."""
    for one in ("some page text", {"text": "some page text"}, b"bytes"):
        with pytest.raises(TypeError, match="iterable of pages"):
            list(detector.scan_many(one))
        with pytest.raises(TypeError, match="iterable of pages"):
            detector.scan_corpus(one)
    with pytest.raises(TypeError, match="url must be a str"):
        detector.scan_html("<p>a page</p>", url=5)  # type: ignore[arg-type]
    from spamdet.integrations import annotate_texts

    # one row of a datatrove or Ray batch whose text is no str is that row's error
    assert annotate_texts(["a page", 5])["spamdet_errors"] == [[], ["the text is int, not str"]]
    from datasets import Dataset

    from spamdet.integrations import hf

    with pytest.raises(TypeError, match="holds int64"):  # a column of numbers: refused
        hf.annotate(Dataset.from_dict({"text": [1, 2]}))


def test_a_bad_record_among_many_is_that_records_error(detector) -> None:
    """A None, number or bytes among the pages stopped the whole scan (hundreds of pages
    before it unreported), where the same as a mapping's field is that record's error."""
    pages = ["Council approves rail line", None, 5, b"bytes", "Council approves rail line"]
    reports = list(detector.scan_many(pages))
    assert [r.verdict for r in reports] == ["clean", "error", "error", "error", "clean"]
    assert reports[1].errors == ("record 1 is NoneType, not str, a mapping with a text or "
                                 "html field, or a Document",)
    assert "decode first" in reports[3].errors[0]


def test_json_lines_in_utf16_with_a_byte_order_mark(tmp_path: Path) -> None:
    """PowerShell's `>` writes UTF-16 with a BOM: every record is read, none is lost or
    made up, as from the same file in UTF-8 (gzipped or not, JSONL or a JSON array)."""
    records = [{"id": "a", "text": "Först page of text."}, {"id": "b", "text": "Second."}]
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records)
    (tmp_path / "ps.jsonl").write_bytes(lines.encode("utf-16"))
    (tmp_path / "ps.jsonl.gz").write_bytes(gzip.compress(lines.encode("utf-32")))
    (tmp_path / "ps.json").write_bytes(json.dumps(records).encode("utf-16-be").join(
        [b"\xfe\xff", b""]))
    for name in ("ps.jsonl", "ps.jsonl.gz", "ps.json"):
        docs = list(read_documents(tmp_path / name, 10_000, RecordFields()))
        assert [(d.id, d.text, d.errors) for d in docs] == \
            [(r["id"], r["text"], ()) for r in records], name


def test_config_refuses_values_of_the_wrong_type() -> None:
    import pytest

    from spamdet.config import Config

    for bad, error in (({"threshold": "0.5"}, TypeError), ({"max_segments": 2.5}, ValueError),
                       ({"batch_pages": True}, ValueError), ({"threshold": 1.5}, ValueError)):
        with pytest.raises(error):
            Config(**bad)
    assert Config(max_segments=5, threshold=1).max_segments == 5


def test_warc_payloads_that_are_not_text_are_errors_and_charsets_are_honoured(
        tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (b"<html><body><h1>Council approves rail line</h1><p>The council voted on "
            b"Tuesday to approve the new light rail line to the airport.</p></body></html>")
    polish = ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. Minister "
              "spotka\u0142 si\u0119 z rz\u0105dem w Warszawie.\n")
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)

        def response(uri: str, body: bytes, headers: list[tuple[str, str]],
                     warc: dict[str, str] | None = None) -> None:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict=warc or {}))

        response("http://a.example/ok", gzip.compress(page),
                 [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
        response("http://a.example/xgz", gzip.compress(page),
                 [("Content-Type", "text/html"), ("Content-Encoding", "x-gzip")])
        response("http://a.example/br", b"\x1b\x9b\x01\x00" + bytes(range(200)),
                 [("Content-Type", "text/html"), ("Content-Encoding", "br")])
        response("http://a.example/binary", bytes(range(256)) * 20, [("Content-Type", "text/html")])
        response("http://a.example/pl", polish.encode("iso-8859-2"),
                 [("Content-Type", "text/plain; charset=iso-8859-2")])
        response("http://a.example/cut", page[:60], [("Content-Type", "text/html")],
                 {"WARC-Truncated": "length"})
        writer.write_record(writer.create_warc_record(
            "http://a.example/png", "conversion", warc_content_type="image/png",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)))
    docs = {d.id: d for d in read_documents(path)}
    assert "http://a.example/png" not in docs  # a conversion into an image is no page
    assert "council voted" in docs["http://a.example/ok"].text and not docs[
        "http://a.example/ok"].errors
    assert docs["http://a.example/xgz"].text == docs["http://a.example/ok"].text
    assert not docs["http://a.example/xgz"].errors
    assert docs["http://a.example/br"].errors == ("payload encoded with br could not be decoded",)
    assert docs["http://a.example/binary"].errors == ("binary content, not text: skipped",)
    assert docs["http://a.example/pl"].text == polish
    cut = docs["http://a.example/cut"].errors
    assert cut[0] == "truncated: only the first 60 bytes were read" and "WARC-Truncated" in cut[1]


def test_a_record_with_empty_text_is_an_empty_page_not_an_error() -> None:
    from spamdet.ingest import from_mapping

    empty = from_mapping({"id": "a", "text": ""}, "f", RecordFields())
    assert (empty.text, empty.errors) == ("", ())  # as an empty .txt file
    html = from_mapping({"id": "b", "text": "", "html": "<p>Hi</p>"}, "f", RecordFields())
    assert html.kind == "html" and html.text == "<p>Hi</p>"
    assert from_mapping({"id": "c"}, "f", RecordFields()).errors  # no such field: an error


def test_record_ids_that_are_not_strings_read_as_json() -> None:
    from spamdet.ingest import from_mapping

    ids = [from_mapping({"id": value, "text": "x"}, "fallback", RecordFields()).id
           for value in (5, True, {"x": 1}, "a", None)]
    assert ids == ["5", "true", '{"x": 1}', "a", "fallback"]


def test_a_decoder_that_fails_loses_one_record_not_the_file(tmp_path: Path,
                                                           monkeypatch) -> None:
    # warcio with brotli 1.2 installed raises AttributeError as it builds the decoder
    from warcio.bufferedreaders import BufferedReader

    def broken() -> object:
        raise AttributeError("'brotli.Decompressor' object has no attribute 'unused_data'")

    monkeypatch.setitem(BufferedReader.DECOMPRESSORS, "br", broken)
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc"
    page = b"<html><body><p>The council voted on Tuesday to approve the line.</p></body></html>"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for uri, encoding in (("http://a.example/br", "br"), ("http://a.example/ok", "")):
            headers = [("Content-Type", "text/html")] + (
                [("Content-Encoding", encoding)] if encoding else [])
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")))
    docs = list(read_documents(path))
    assert [d.id for d in docs] == ["http://a.example/br", "http://a.example/ok"]
    assert "cannot be decoded" in docs[0].errors[0] and "council voted" in docs[1].text


def test_a_warc_record_the_file_ends_inside_gets_no_cleaned_copy(tmp_path: Path) -> None:
    """A record cut by the end of its file was scanned and its cleaned copy written as if it
    were the whole page (a record the crawler cut, or one cut at --max-bytes, is not
    written): it is scanned, and clean lists it as an error with no copy."""
    whole = tmp_path / "whole.warc"
    write_warc(whole, [(f"https://x.test/{n}", ARTICLE.encode() * 20, "text/html")
                       for n in range(2)], gz=False)
    data = whole.read_bytes()
    src = tmp_path / "in"
    src.mkdir()
    (src / "cut.warc").write_bytes(data[:data.rindex(b"</article>")])  # in the last page
    scan = run_cli("scan", str(src), "--format", "jsonl", "--no-campaigns")
    assert [json.loads(line)["id"] for line in scan.stdout.splitlines()] == [
        "https://x.test/0", "https://x.test/1"]
    out = tmp_path / "out"
    result = run_cli("clean", str(src), "--out", str(out), "--no-campaigns")
    assert "[https://x.test/1]: truncated: the WARC record ends early" in result.stderr
    assert "1 errors" in result.stderr, result.stderr
    copies = (out / "cut.warc.cleaned.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in copies] == ["https://x.test/0"]


def test_verbose_names_the_warc_records_that_are_not_pages(tmp_path: Path) -> None:
    """`-v` is to log what is skipped, but the skipped records were logged at DEBUG, which
    -v (INFO) never shows: a WARC of requests and metadata gave no page and no word why.
    Now one line per file counts them by type."""
    path = tmp_path / "a.warc.gz"
    write_warc(path, [(f"https://x.test/{n}", ARTICLE.encode(), "text/html") for n in range(2)]
               + [("https://x.test/logo", b"\x89PNG" + bytes(300), "image/png")])
    result = run_cli("-v", "scan", str(path), "--format", "jsonl", "--no-campaigns")
    assert len(result.stdout.splitlines()) == 2, result.stderr
    assert f"{path}: skipped 3 request, 1 response records that are not pages" in result.stderr


def test_a_warc_record_longer_than_its_content_length_says_is_reported(
        tmp_path: Path) -> None:
    """A Content-Length that overstates its record made warcio skip ahead to the next
    header it could read, with a warning only: the page in between was lost and the scan
    said 0 errors. The file now ends with an error that names the record."""
    import re

    plain = tmp_path / "a.warc"
    write_warc(plain, [(f"https://x.test/{n}", ARTICLE.encode(), "text/html") for n in range(3)],
               gz=False)
    data = plain.read_bytes()
    assert [d.id for d in read_documents(plain)] == [f"https://x.test/{n}" for n in range(3)]
    end = data.index(b"\r\n\r\nWARC/1.0")
    extra = data.index(b"<h1>", end) - end  # the first record now ends inside the second page
    wrong = re.sub(rb"Content-Length: (\d+)",
                   lambda m: b"Content-Length: %d" % (int(m.group(1)) + extra), data, count=1)
    plain.write_bytes(wrong)
    docs = list(read_documents(plain))
    assert [d.id for d in docs if not d.errors] == ["https://x.test/0", "https://x.test/2"]
    (error,) = [e for d in docs for e in d.errors]
    assert error.startswith("damaged WARC data: the response record https://x.test/0 does "
                            "not end where its Content-Length says"), error


def test_a_warc_record_without_content_length_is_named(tmp_path: Path) -> None:
    """A record header with no Content-Length was reported as 'the WARC file is cut short
    inside a record header', which it is not: the error names the record instead."""
    import re

    path = tmp_path / "a.warc"
    write_warc(path, [("https://x.test/1", ARTICLE.encode(), "text/html")], gz=False)
    data = path.read_bytes()
    request = data.index(b"WARC-Type: request")
    path.write_bytes(data[:request] + re.sub(rb"Content-Length: \d+\r\n", b"", data[request:]))
    docs = list(read_documents(path))
    assert [d.id for d in docs if not d.errors] == ["https://x.test/1"]
    assert docs[-1].errors == ("damaged WARC data after 1 records: the rest of the file was not "
                               "read (the request record https://x.test/1 has no "
                               "Content-Length, so where it ends is unknown)",)
