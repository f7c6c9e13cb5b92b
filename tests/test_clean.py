"""Cleaning: span repair cases (`cases/clean_spans.jsonl`), the page rules, the drop guard,
the real example page, and `spamdet clean` on disk (shipped model where a scan is needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import CASES, EXAMPLE, ROOT, SAMPLES, needs_shared, run_cli

from spamdet.clean import clean_page, clean_segment, remove_span
from spamdet.parse import split_lines
from spamdet.records import PageReport, SegmentReport, Span
from spamdet.zones import TEMPLATE_ZONE

SPAN_CASES = [json.loads(line) for line in
              (CASES / "clean_spans.jsonl").read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", SPAN_CASES, ids=[c["why"] for c in SPAN_CASES])
def test_span_removal_repairs_the_line(case: dict) -> None:
    line = case["line"]
    spans = []
    for text in case["spans"]:
        start = line.index(text)
        spans.append(Span(10 + start, 10 + start + len(text), text, "injection"))
    seg = SegmentReport(0, 10, 10 + len(line), line, "title", "injection", 1.0, (), tuple(spans))
    assert clean_segment(seg) == case["expected"]


def labelled(text: str, labels: dict[int, str], spans: dict[int, list[str]] | None = None,
             reasons: dict[int, tuple[str, ...]] | None = None) -> PageReport:
    """A report over `text` with the given line labels (others clean) and spans."""
    segments = []
    for seg in split_lines(text, "p"):
        found = []
        for piece in (spans or {}).get(seg.index, []):
            at = seg.text.index(piece)
            found.append(Span(seg.start + at, seg.start + at + len(piece), piece, "injection"))
        label = labels.get(seg.index, "clean")
        segments.append(SegmentReport(seg.index, seg.start, seg.end, seg.text, seg.role, label,
                                      0.9, (reasons or {}).get(seg.index, ()), tuple(found)))
    verdict = "contaminated" if {"injection", "promo"} & set(labels.values()) else "clean"
    return PageReport("p", None, verdict, 0.9, tuple(segments), text)


ARTICLE = ("The council voted 7-2 on Tuesday to approve a new light rail line.\r\n\r\n"
           "  Supporters said the line would cut commuting times.\t \r\n"
           "Opponents questioned the cost.\r\n")


def test_clean_lines_are_kept_byte_for_byte() -> None:
    text = "Zorvanta: Council approves rail line\r\n\r\n" + ARTICLE
    report = labelled(text, {0: "injection"}, {0: ["Zorvanta"]})
    cleaned = clean_page(report)
    assert cleaned.text == "Council approves rail line\r\n\r\n" + ARTICLE
    assert cleaned.action == "clean" and cleaned.spans == 1


def test_a_page_with_nothing_to_remove_is_returned_unchanged() -> None:
    report = labelled(ARTICLE, {})
    cleaned = clean_page(report)
    assert cleaned.text is report.text and cleaned.action == "keep"


def test_unconfirmed_residue_is_kept_confirmed_residue_goes() -> None:
    text = "Council approves rail line\n" + ARTICLE + "Winners meet in final\n___\nRelated\n"
    report = labelled(text, {4: "residue", 5: "residue", 6: "residue"},
                      reasons={5: (TEMPLATE_ZONE, "rule_line"), 6: (TEMPLATE_ZONE,)})
    cleaned = clean_page(report)
    assert cleaned.text.endswith("Winners meet in final\n") and cleaned.residue_lines == 2
    assert clean_page(report, keep_residue=True).action == "keep"


def test_brand_line_and_duplicated_headline_go() -> None:
    text = ("Home > NewsZorvanta:Council approves airport rail line\n"
            "Zorvanta:Council approves airport rail line\nKrypvex Daily\n" + ARTICLE)
    report = labelled(text, {0: "injection", 1: "injection", 2: "injection"},
                      {0: ["Zorvanta"], 1: ["Zorvanta"], 2: ["Krypvex Daily"]})
    cleaned = clean_page(report)
    assert cleaned.text == "Council approves airport rail line\n" + ARTICLE
    assert (cleaned.duplicate_lines, cleaned.brand_lines, cleaned.spans) == (1, 1, 3)


def test_drop_guard_at_its_boundary() -> None:
    # contamination 2 words ("Alpha Beta"), kept 2 words ("Gamma", "Delta"): share 0.5
    report = labelled("Alpha Beta: Gamma\nDelta\n", {0: "injection"}, {0: ["Alpha Beta"]})
    at = clean_page(report, drop_share=0.5)
    assert at.contamination_share == 0.5 and at.action == "clean" and at.text == "Gamma\nDelta\n"
    above = clean_page(report, drop_share=0.49)
    assert above.action == "drop" and above.text == "" and above.removed_words == above.words


def test_promo_lines_count_as_contamination() -> None:
    text = "Council approves rail line\nBuy ZORV coin now and get 100x\n" + ARTICLE
    cleaned = clean_page(labelled(text, {1: "promo"}))
    assert cleaned.promo_lines == 1 and cleaned.contamination_words == 7
    assert "ZORV" not in cleaned.text


@needs_shared(EXAMPLE)
def test_example_page_cleans_to_headline_and_article(detector) -> None:
    text = EXAMPLE.read_text("utf-8")
    lines = text.split("\n")
    expected = "\n".join([
        "Chinese foreign minister visits North Korea in latest diplomacy between countries",
        lines[4].replace("SEOUL,Poinbank South Korea (AP) —", "SEOUL, South Korea (AP) —"),
        *lines[5:16]])
    assert expected.split("\n")[1].startswith("SEOUL, South Korea (AP) — North Korea said")
    assert detector.clean(text) == expected
    assert detector.scan_text(text).cleaned_text == expected
    cleaned = detector.clean_text(text)
    assert cleaned.action == "clean" and cleaned.promo_lines >= 2  # both WEOWNCOIN lines


def test_clean_pages_come_back_unchanged(detector) -> None:
    rows = [json.loads(line) for line in
            (ROOT / "data" / "corpus" / "articles.jsonl").read_text("utf-8").splitlines()]
    texts = ["\n".join([r["title"], *[p.strip() for p in r["text"].split("\n\n") if p.strip()]])
             + "\n" for r in rows]
    reports = [detector.scan_text(t, id=str(n)) for n, t in enumerate(texts)]
    pairs = list(detector.clean_reports(reports))
    unchanged = [c.text == r.text for r, c in pairs]
    assert all(same for same, (r, _) in zip(unchanged, pairs, strict=True)
               if r.verdict == "clean")
    assert sum(unchanged) / len(unchanged) >= 0.95


def test_cleaned_pages_rescan_not_contaminated(detector) -> None:
    for path in sorted(SAMPLES.glob("contaminated_*.txt")):
        cleaned = detector.clean(path.read_text("utf-8"))
        assert cleaned and not detector.scan_text(cleaned).contaminated, path.name


# --- spamdet clean on disk ------------------------------------------------------------------


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "dirty.txt").write_text((SAMPLES / "contaminated_1.txt").read_text("utf-8"),
                                    encoding="utf-8")
    (root / "sub" / "zipped.txt.gz").write_bytes(
        gzip.compress((SAMPLES / "contaminated_2.txt").read_bytes()))
    (root / "sub" / "plain.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def test_clean_mirrors_the_tree(tree: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.jsonl"
    result = run_cli("clean", str(tree), "--out", str(out), "--manifest", str(manifest))
    assert result.returncode == 1, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        ["dirty.txt", "sub/plain.txt", "sub/zipped.txt.gz"]
    assert (out / "sub" / "plain.txt").read_bytes() == (tree / "sub" / "plain.txt").read_bytes()
    unzipped = gzip.decompress((out / "sub" / "zipped.txt.gz").read_bytes()).decode("utf-8")
    assert "Lumovest" not in unzipped and "Lumovest" in (SAMPLES / "contaminated_2.txt"
                                                         ).read_text("utf-8")
    records = {Path(r["path"]).name: r for r in map(json.loads, manifest.read_text().splitlines())}
    assert records["dirty.txt"]["action"] == "clean" and records["dirty.txt"]["spans"] >= 1
    assert records["plain.txt"]["action"] == "keep"
    assert "removed:" in result.stderr and "injected spans" in result.stderr


def test_dropped_pages_get_no_copy(tree: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.jsonl"
    assert run_cli("clean", str(tree), "--out", str(out), "--no-campaigns").returncode == 1
    assert (out / "dirty.txt").exists()  # an earlier run's copy, gone once the page is dropped
    result = run_cli("clean", str(tree), "--out", str(out), "--drop-share", "0.001",
                     "--manifest", str(manifest), "--no-campaigns")
    assert result.returncode == 1, result.stderr
    records = {Path(r["path"]).name: r for r in map(json.loads, manifest.read_text().splitlines())}
    assert records["dirty.txt"]["action"] == "drop" and records["dirty.txt"]["target"] is None
    assert not (out / "dirty.txt").exists() and (out / "sub" / "plain.txt").exists()
    assert "dropped" in result.stderr


def test_a_page_that_cannot_be_read_now_leaves_no_copy_of_an_earlier_run(
        tree: Path, tmp_path: Path) -> None:
    """A dropped page's earlier copy was removed, but one of a page that can no longer be
    read (or is cut at --max-bytes) stayed, passing for this run's cleaned copy."""
    out = tmp_path / "out"
    assert run_cli("clean", str(tree), "--out", str(out), "--no-campaigns").returncode == 1
    assert (out / "dirty.txt").exists()
    (tree / "dirty.txt").write_bytes(bytes(range(256)) * 40)
    result = run_cli("clean", str(tree), "--out", str(out), "--no-campaigns")
    assert "binary content" in result.stderr and "1 errors" in result.stderr, result.stderr
    assert not (out / "dirty.txt").exists() and (out / "sub" / "plain.txt").exists()


def test_linked_files_are_cleaned_under_their_own_names(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text((SAMPLES / "contaminated_1.txt").read_text("utf-8"), encoding="utf-8")
    (root / "away.txt").symlink_to(outside)
    (root / "here.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "again.txt").symlink_to("here.txt")
    out = tmp_path / "out"
    result = run_cli("clean", str(root), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["again.txt", "away.txt", "here.txt"]
    assert "Nexalto" not in (out / "away.txt").read_text("utf-8")
    one = run_cli("clean", str(root / "again.txt"), "--out", str(tmp_path / "one"))
    assert one.returncode == 0 and (tmp_path / "one" / "again.txt").exists(), one.stderr


def test_clean_refuses_to_write_into_or_over_the_input(tree: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    for args in ((str(tree), "--out", str(tree / "cleaned")),
                 (str(tree), "--out", str(tree)),
                 (str(tree), "--out", str(tmp_path)),
                 (str(tree / "dirty.txt"), "--out", str(tree))):
        result = run_cli("clean", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "choose" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert not (tree / "cleaned").exists()


def test_clean_refuses_an_out_folder_that_holds_an_input_file(tree: Path,
                                                               tmp_path: Path) -> None:
    """`clean in out/in/dirty.txt --out out` wrote in/dirty.txt's copy over the second
    input, out/in/dirty.txt: an input file inside --out is refused, as an input folder is."""
    out = tmp_path / "out"
    (out / "in").mkdir(parents=True)
    mine = out / "in" / "dirty.txt"
    mine.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("clean", str(tree), str(mine), "--out", str(out))
    assert result.returncode == 2 and "contains the input" in result.stderr, result.stderr
    assert mine.read_bytes() == ARTICLE.encode("utf-8")
    assert [p.name for p in out.rglob("*")] == ["in", "dirty.txt"]


def test_an_input_named_twice_is_cleaned_once(tree: Path, tmp_path: Path) -> None:
    """`clean in ./in/` was refused as 'two inputs have the same name'; scan reads such an
    input once, and so does clean, mirroring it as if named once."""
    out = tmp_path / "out"
    result = run_cli("clean", str(tree), str(tree) + "/", "--out", str(out), "--no-campaigns")
    assert result.returncode == 1, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        ["dirty.txt", "sub/plain.txt", "sub/zipped.txt.gz"]
    page = tree / "dirty.txt"
    again = run_cli("clean", str(page), str(page), "--out", str(tmp_path / "one"))
    assert again.returncode == 1 and (tmp_path / "one" / "dirty.txt").exists(), again.stderr


def test_a_link_in_the_out_folder_does_not_lead_the_copies_into_the_input(
        tree: Path, tmp_path: Path) -> None:
    """With `out/sub -> in/sub`, the HTML page's copy was written over the input file
    `sub/page.html.txt` and a JSONL file's copy into the input folder: a copy whose real
    place is inside an input is refused."""
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    (tree / "sub" / "page.html").write_text(
        "<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>",
        encoding="utf-8")
    (tree / "sub" / "page.html.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "sub" / "r.jsonl").write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(tree / "sub")
    result = run_cli("clean", str(tree), "--out", str(out), "--no-campaigns")
    assert result.returncode == 2 and "leads into the input" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before


def test_a_link_in_the_input_to_the_out_folder_is_not_written_over(
        tree: Path, tmp_path: Path) -> None:
    """`in/b.txt -> ../out/dirty.txt`: the copy of `in/dirty.txt` would have replaced the
    file the input link names. Refused, and the file is as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "dirty.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tree / "b.txt").symlink_to(out / "dirty.txt")
    result = run_cli("clean", str(tree), "--out", str(out), "--no-campaigns")
    assert result.returncode == 2 and "would replace the input file" in result.stderr
    assert (out / "dirty.txt").read_bytes() == ARTICLE.encode("utf-8")


def test_a_link_in_the_out_folder_does_not_lead_the_copies_out_of_it(
        tree: Path, tmp_path: Path) -> None:
    """`out/sub -> /elsewhere`: the copies of `in/sub/*` went to the other folder."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    result = run_cli("clean", str(tree), "--out", str(out), "--no-campaigns")
    assert result.returncode == 2 and "leads out of the --out folder" in result.stderr
    assert not list(elsewhere.iterdir())


def test_a_copy_name_too_long_fails_its_page_alone(tree: Path, tmp_path: Path) -> None:
    """`y…y.html` (250 letters) has a copy `….html.txt` no file system holds: the whole run
    stopped (`File name too long`); now that page alone is an error."""
    (tree / ("y" * 250 + ".html")).write_text("<p>Council approves rail line.</p>", "utf-8")
    out = tmp_path / "out"
    result = run_cli("clean", str(tree), "--out", str(out), "--no-campaigns")
    assert result.returncode == 1, result.stderr
    assert "longer than 255 bytes: rename the input" in result.stderr
    assert (out / "dirty.txt").is_file() and (out / "sub" / "plain.txt").is_file()


def test_many_inputs_named_are_looked_up_once(tmp_path: Path) -> None:
    """A shell's glob names thousands of files: each page's copy was placed and vetted
    against every input (86 s for 2,000 files). Counts look-ups, not seconds."""
    from spamdet.output import Inputs

    roots = []
    for n in range(2_000):
        (tmp_path / f"f{n}.txt").write_text("A page.", encoding="utf-8")
        roots.append(tmp_path / f"f{n}.txt")
    inputs = Inputs(roots, tmp_path / "out")
    assert inputs.mirror(roots[1234]) == tmp_path / "out" / "f1234.txt"
    inputs.check(inputs.mirror(roots[1234]))
    with pytest.raises(Exception, match="would replace the input file"):
        Inputs(roots, tmp_path).check(tmp_path / "f7.txt")


def test_the_unscored_end_of_a_long_line_stays_or_goes_with_its_line() -> None:
    """A line longer than --max-line-chars is scored on its start only. Its unscored end was
    lost when the line after it was removed (a 300,000-character article line came back
    as its first 20,000), and left glued to the line before when the line itself was
    removed: the end now keeps its line's fate."""
    kept_long = "The council voted 7-2 on Tuesday " * 20 + "to approve the line."
    promo_long = "Casino bonus spins, claim now " * 20 + "at the casino."
    text = (f"Council approves rail line\n{kept_long}\nBUY CHEAP PILLS NOW at pillshop\n"
            f"{promo_long}\r\nOpponents questioned the cost.\n")
    labels = {2: "promo", 3: "promo"}
    segments = []
    for seg in split_lines(text, "p"):
        end = seg.start + 40 if seg.index in (1, 3) else seg.end  # scored in part
        segments.append(SegmentReport(seg.index, seg.start, end, text[seg.start:end],
                                      seg.role, labels.get(seg.index, "clean"), 0.9, (), ()))
    report = PageReport("p", None, "contaminated", 0.9, tuple(segments), text)
    assert clean_page(report).text == ("Council approves rail line\n" + kept_long +
                                       "\r\nOpponents questioned the cost.\n")
    last = PageReport("p", None, "contaminated", 0.9, tuple(segments[:4]), text[:segments[3].end]
                      + promo_long[40:])  # the removed long line is the last: its end goes
    assert clean_page(last).text == "Council approves rail line\n" + kept_long


def test_a_cleaned_line_equal_to_a_clean_line_goes() -> None:
    text = ("Zoe Reeves: Indian Budget Comes in for Wide Criticism\n"
            "Indian Budget Comes in for Wide Criticism\n" + ARTICLE)
    report = labelled(text, {0: "injection"}, {0: ["Zoe Reeves"]})
    cleaned = clean_page(report)
    assert cleaned.text == "Indian Budget Comes in for Wide Criticism\n" + ARTICLE
    assert cleaned.duplicate_lines == 1


@pytest.mark.parametrize("line, brand, cleaned", [
    ("Cryptovate ★ Stocks rise", "Cryptovate", "Stocks rise"),
    ("Stocks rise ❯ Cryptovate", "Cryptovate", "Stocks rise"),
    ("KORVEXA ** Oil falls", "KORVEXA", "Oil falls"),
    ("Oil falls 🔥 KORVEXA", "KORVEXA", "Oil falls"),
    ("SEOUL (Brandex) — North Korea said", "Brandex", "SEOUL — North Korea said"),
    ("Trendix##Oil falls", "Trendix", "Oil falls"),
    ("Oil falls--Trendix", "Trendix", "Oil falls"),
])
def test_remove_span_takes_any_separator(line: str, brand: str, cleaned: str) -> None:
    start = line.index(brand)
    assert remove_span(line, start, start + len(brand)) == cleaned


def test_inputs_whose_copies_share_a_name_are_not_written_over(tmp_path: Path) -> None:
    """`page.html`, `page.html.gz` and `page.html.txt` would all be cleaned to
    `page.html.txt`: the first is written, the others are per-page errors, none lost
    silently; a manifest inside --out, where it could replace a copy, is refused."""
    text = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    html = "<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>"
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text(html, encoding="utf-8")
    (src / "page.html.gz").write_bytes(gzip.compress(html.encode()))
    (src / "page.html.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("clean", str(src), "--out", str(out), "--manifest",
                     str(tmp_path / "manifest.jsonl"))
    assert result.returncode == 1, result.stderr
    assert [p.name for p in out.iterdir()] == ["page.html.txt"]
    assert result.stderr.count("already written for") == 2 and "2 errors" in result.stderr
    refused = run_cli("clean", str(src), "--out", str(out), "--manifest",
                      str(out / "manifest.jsonl"))
    assert refused.returncode == 2 and "inside the --out folder" in refused.stderr


def test_any_file_named_is_cleaned_once_as_text(tree: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"  # named on the command line, so read as a text page
    notes.write_text((SAMPLES / "contaminated_1.txt").read_text("utf-8"), encoding="utf-8")
    out, manifest = tmp_path / "out", tmp_path / "manifest.jsonl"
    # the tree, a file inside it named again, and the page of another name
    result = run_cli("clean", str(tree), str(tree / "dirty.txt"), str(notes), "--out", str(out),
                     "--manifest", str(manifest))
    assert result.returncode == 1, result.stderr
    assert "Nexalto" not in (out / "notes.md").read_text("utf-8")
    paths = [json.loads(line)["path"] for line in manifest.read_text().splitlines()]
    assert len(paths) == len(set(paths)) == 4, paths


def test_a_page_scored_in_part_is_said_so(tree: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.jsonl"
    result = run_cli("clean", str(tree / "sub" / "plain.txt"), "--out", str(out),
                     "--max-segments", "2", "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    assert "1 scored in part" in result.stderr and "warning: " in result.stderr
    record = json.loads(manifest.read_text())
    assert record["errors"] == ["truncated: only the first 2 segments were scored"]
    assert record["rounds"] == 1 and 0 <= record["removed_words"] <= record["words"]
    assert (out / "plain.txt").read_bytes() == (tree / "sub" / "plain.txt").read_bytes()


def test_a_gz_name_on_plain_text_gives_a_plain_copy(tmp_path: Path) -> None:
    source = tmp_path / "in" / "page.txt.gz"  # misnamed: the bytes are plain text
    source.parent.mkdir()
    source.write_text((SAMPLES / "contaminated_1.txt").read_text("utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("clean", str(source.parent), "--out", str(out))
    assert result.returncode == 1, result.stderr
    copy = (out / "page.txt.gz").read_bytes()
    assert not copy.startswith(b"\x1f\x8b") and b"Nexalto" not in copy


def test_a_page_cut_at_the_size_limit_gets_no_shortened_copy(tmp_path: Path, detector) -> None:
    root = tmp_path / "in"
    root.mkdir()
    page = (SAMPLES / "contaminated_1.txt").read_text("utf-8")
    (root / "big.txt").write_text(page + "The council met on Monday.\n" * 400 + "The end.\n",
                                  encoding="utf-8")
    (root / "small.txt").write_text(page, encoding="utf-8")
    out, manifest = tmp_path / "out", tmp_path / "manifest.jsonl"
    result = run_cli("clean", str(root), "--out", str(out), "--max-bytes", "6000",
                     "--manifest", str(manifest))
    assert "big.txt: truncated" in result.stderr and "raise --max-bytes" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["small.txt"], result.stderr
    lines = {Path(r["path"]).name: r for r in map(json.loads, manifest.read_text().splitlines())}
    assert lines["big.txt"]["action"] == "error" and lines["big.txt"]["target"] is None
    assert "raise --max-bytes" in lines["big.txt"]["errors"][0]  # one line per page
    alone = run_cli("clean", str(root / "big.txt"), "--out", str(tmp_path / "o2"),
                    "--max-bytes", "6000")
    assert alone.returncode == 1, alone.stderr  # scored and contaminated, though not copied
    # the library: a record's text is cut at the configured limit, and not cleaned
    small = detector.with_config(max_page_bytes=1000)
    for record in ({"text": page * 3}, page * 3):  # a bare str too (it was scanned whole)
        report = next(iter(small.scan_many([record])))
        assert len(report.text) == 1000 and report.cut
    assert list(small.clean_reports([report])) == []


def test_a_page_scored_in_part_says_so_when_cleaned(detector) -> None:
    """Past `max_segments` lines nothing is scored, so nothing is removed: `Cleaned` said
    `clean` with no sign that the rest kept its contamination."""
    text = ("Poinbank:Council approves rail line\n"
            + "\n".join(f"The council voted {n} times on Tuesday to approve a new rail line."
                        for n in range(6))
            + "\nZorvanta: Buy crypto now and earn 500% daily returns!\n")
    assert detector.with_config(max_segments=3).clean_text(text).scored_in_part
    assert not detector.clean_text(text).scored_in_part
