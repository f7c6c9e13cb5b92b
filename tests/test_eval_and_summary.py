"""`spamdet eval` (and that it reproduces the model card), the scan's signal counts, and
`explain`'s weights. Uses the shipped model; the card test needs ../shared."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, SHARED, needs_shared, run_cli

import spamdet
from spamdet.card import _labels, _row
from spamdet.evaluate import evaluate, pr_curve
from spamdet.synth import LabelledPage

LABELLED = SAMPLES.parent / "samples.labels.jsonl"
REUTERS = SHARED / "data" / "news_reuters21578.jsonl.gz"
CARD_KEYS = ("pages", "page_recall", "page_fpr", "page_precision", "span", "labels",
             "confusion")


def _table_rows(text: str, title: str) -> list[list[str]]:
    """Cells of the rich table printed under `title` (plain text, box characters)."""
    block = text[text.index(title):]
    rows = []
    for line in block.splitlines()[1:]:
        if line.startswith("└"):
            break
        if line[:1] in ("│", "┃"):
            rows.append([cell.strip() for cell in re.split("[│┃]", line.strip("│┃ "))])
    return rows


def test_eval_json_has_every_figure() -> None:
    result = run_cli("eval", str(LABELLED), "--format", "json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(CARD_KEYS) <= set(metrics)
    assert set(metrics["labels"]) == {"clean", "injection", "promo", "residue"}
    operating = [p for p in metrics["pr_curve"] if p["operating"]]
    assert len(operating) == 1 and len(metrics["pr_curve"]) >= 5
    assert operating[0]["threshold"] == metrics["threshold"]
    assert operating[0]["recall"] == metrics["page_recall"]
    assert operating[0]["fpr"] == metrics["page_fpr"]
    recalls = [p["recall"] for p in metrics["pr_curve"]]
    assert recalls == sorted(recalls, reverse=True)
    gold = sum(m["support"] for m in metrics["labels"].values())
    assert sum(metrics["confusion"].values()) == gold


def test_eval_table_matches_json() -> None:
    table = run_cli("eval", str(LABELLED))
    assert table.returncode == 0, table.stderr
    metrics = json.loads(run_cli("eval", str(LABELLED), "--format", "json").stdout)
    labels = {row[0]: row[1:] for row in
              _table_rows(table.stdout, "Segments by label, and injected spans")}
    for label, m in metrics["labels"].items():
        assert labels[label] == [f"{m['precision']:.3f}", f"{m['recall']:.3f}",
                                 f"{m['f1']:.3f}", str(m["support"])]
    assert labels["injected spans"][2] == f"{metrics['span']['f1']:.3f}"
    confusion = _table_rows(table.stdout, "Confusion matrix")
    assert {row[0]: [int(c) for c in row[1:]] for row in confusion[1:]}["injection"] == [
        metrics["confusion"].get(f"injection->{p}", 0)
        for p in ("clean", "injection", "promo", "residue")]


def test_eval_rejects_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "hello", "spans": []}\nnot json\n', encoding="utf-8")
    result = run_cli("eval", str(bad))
    assert result.returncode == 2 and "bad.jsonl:2" in result.stderr
    bad.write_text('{"id": "a", "text": "hi", "spans": [{"start": 0, "end": 9, '
                   '"label": "injection"}]}\n', encoding="utf-8")
    result = run_cli("eval", str(bad))
    assert result.returncode == 2 and "not inside the text" in result.stderr
    assert "Traceback" not in result.stderr
    bad.write_bytes(b"\xde\xad\xbe\xef" * 100)
    result = run_cli("eval", str(bad))
    assert result.returncode == 2 and "is not UTF-8 text" in result.stderr, result.stderr
    for line in ('{"id": "a", "text": null, "spans": []}', "[" * 100_000):
        bad.write_text(line + "\n", encoding="utf-8")
        result = run_cli("eval", str(bad))
        assert result.returncode == 2 and "bad.jsonl:1: not a labelled page" in result.stderr
    for missing, said in ((tmp_path / "typo.jsonl", "No such file"), (tmp_path, "directory")):
        result = run_cli("eval", str(missing))
        assert result.returncode == 2 and "cannot read: " in result.stderr, result.stderr
        assert said in result.stderr and "[Errno" not in result.stderr


def test_eval_checks_spans_and_reads_what_scan_reads(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 8, "label": "injection"}
    for spans, error in (([span, span], "overlap"),
                         ([{**span, "start": True, "end": 7.9}], "must be integers")):
        bad.write_text(json.dumps({"id": "a", "text": "Poinbank: x", "spans": spans}) + "\n")
        result = run_cli("eval", str(bad))
        assert result.returncode == 2 and error in result.stderr, result.stderr
    # a text holding U+2028 or NEL is one JSON line; stdin and gzip as every verb reads them
    record = json.dumps({"id": "a", "text": "Poinbank:Rail line opens\u2028\x85more",
                         "spans": [span]}, ensure_ascii=False)
    good = tmp_path / "good.jsonl.gz"
    good.write_bytes(gzip.compress(record.encode("utf-8") + b"\n"))
    for args, stdin in (((str(good),), None), (("-",), record + "\n")):
        result = run_cli("eval", *args, "--format", "json", input=stdin)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["pages"] == 1


def test_eval_refuses_a_gzip_bomb_before_it_fills_memory(tmp_path: Path) -> None:
    record = json.dumps({"id": "a", "text": "Poinbank: x", "spans": []}).encode() + b"\n"
    bomb = tmp_path / "bomb.jsonl.gz"  # 0.2 MB that inflates to 200 MB (was read whole)
    bomb.write_bytes(gzip.compress(record + b" " * 200 * 2**20, compresslevel=9))
    result = run_cli("eval", str(bomb))
    assert result.returncode == 2 and "a gzip bomb?" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(record * 50)[:-12])
    result = run_cli("eval", str(cut))
    assert result.returncode == 2 and "damaged gzip data" in result.stderr, result.stderr


def test_pr_curve_counts_error_pages_as_unflagged(detector: spamdet.Detector) -> None:
    pages = [LabelledPage.from_dict(json.loads(line))
             for line in LABELLED.read_text("utf-8").splitlines()]
    reports = [detector.scan_text(p.text, id=p.id) for p in pages]
    metrics = evaluate(pages, reports)
    points = pr_curve(pages, reports, (0.0, 1.01))
    assert points[0]["flagged"] == len(pages) and points[1]["flagged"] == 0
    with pytest.raises(ValueError, match="one report per page"):
        pr_curve(pages, reports[:-1])
    assert metrics["pages"] == len(pages)


@pytest.mark.slow
@needs_shared(REUTERS)
def test_eval_reproduces_the_model_card(tmp_path: Path) -> None:
    """The card's reuters_test figures, from `train --write-test-pages` and `eval`."""
    pages = tmp_path / "reuters_test.jsonl"
    written = run_cli("train", "--write-test-pages", str(pages))
    assert written.returncode == 0, written.stderr
    result = run_cli("eval", str(pages), "--format", "json", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    card = spamdet.Detector.load().model.pedigree.metrics["reuters_test"]["model"]
    assert {k: metrics[k] for k in CARD_KEYS} == {k: card[k] for k in CARD_KEYS}
    card_text = (ROOT / "models" / "MODEL_CARD.md").read_text("utf-8")
    assert _row("reuters_test / model", metrics) in card_text
    assert "\n".join(_labels(metrics)) in card_text


def test_scan_signal_counts_add_up_to_the_json(tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    table = run_cli("scan", str(SAMPLES), "--output", str(out))
    assert table.returncode == 1, table.stderr
    text = out.read_text("utf-8")
    records = json.loads(run_cli("scan", str(SAMPLES), "--format", "json").stdout)
    fired = Counter(r for rec in records for seg in rec["segments"] for r in seg["reasons"])
    by_label = Counter((r, seg["label"]) for rec in records for seg in rec["segments"]
                       for r in seg["reasons"])
    rows = _table_rows(text, "Signals that fired")
    header, body = rows[0], rows[1:]
    assert header == ["signal", "segments", "injection", "promo", "residue"]
    total = next(row for row in body if row[0] == "total")
    counts = {row[0]: [int(c) for c in row[1:]] for row in body if row[0] != "total"}
    assert {name: c[0] for name, c in counts.items()} == dict(fired)
    for name, (_, injection, promo, residue) in counts.items():
        assert (injection, promo, residue) == (by_label[(name, "injection")],
                                               by_label[(name, "promo")],
                                               by_label[(name, "residue")])
    assert int(total[1]) == sum(fired.values())
    verdicts = Counter(r["verdict"] for r in records)
    summary = {row[0]: row[1] for row in _table_rows(text, "Summary")}
    assert {v: int(summary[v]) for v in ("contaminated", "residue", "clean", "error")} == {
        v: verdicts[v] for v in ("contaminated", "residue", "clean", "error")}


def test_explain_shows_weights_and_the_page() -> None:
    path = SAMPLES / "contaminated_2.txt"
    result = run_cli("explain", str(path))
    assert result.returncode == 1, result.stderr
    assert "Lumovest" in result.stdout and "OSAKA," in result.stdout
    assert re.search(r"\b(rarity|glued_\w+|dateline_\w+) \+\d+\.\d\d", result.stdout)


def test_reason_weights_are_ranked_and_stay_out_of_json(detector: spamdet.Detector) -> None:
    report = detector.scan_text((SAMPLES / "contaminated_1.txt").read_text("utf-8"))
    flagged = [seg for seg in report.segments if seg.label != "clean"]
    assert flagged
    for seg in flagged:
        assert len(seg.reason_weights) == len(seg.reasons)
        model = [w for w in seg.reason_weights if w == w]  # NaN marks a rule's reason
        assert model == sorted(model, reverse=True)
        assert all(w > 0 for w in model)
        assert "reason_weights" not in seg.to_dict()


def test_found_column_shows_promo_lines_beside_brands() -> None:
    """Four brands do not hide the page's promo line; what is left over is counted."""
    from spamdet.records import PageReport, SegmentReport, Span
    from spamdet.summary import evidence

    names = ["Poinbank", "Zorblix", "Quantvex", "Lumora"]
    segments = [SegmentReport(i, 0, 8, name, "title", "injection", 0.99,
                              spans=(Span(0, 8, name, "injection"),))
                for i, name in enumerate(names)]
    segments.append(SegmentReport(4, 0, 30, "WEOWNCOIN: The Future of Money", "short",
                                  "promo", 0.9))
    found = evidence(PageReport("p", None, "contaminated", 1.0, tuple(segments)))
    assert "WEOWNCOIN: The Future of Money" in found
    assert found.endswith("(+1 more)")


def test_summaries_of_batches_merge_into_the_summary_of_the_scan() -> None:
    """`scan --jobs N` adds up per-batch summaries made in the workers: the totals, and the
    top pages of the table (equal scores in reading order), are those of one summary."""
    from dataclasses import replace

    from spamdet.records import PageReport, SegmentReport
    from spamdet.summary import TOP_PAGES, Summary

    def page(n: int) -> PageReport:
        label = ("clean", "residue", "injection", "promo")[n % 4]
        seg = SegmentReport(0, 0, 4, "text", "body", label, 0.9, reasons=(f"r{n % 7}",))
        verdict = "contaminated" if label in ("injection", "promo") else label
        return PageReport(f"p{n}", f"p{n}.txt", verdict, round((n * 37 % 11) / 10, 1),
                          (seg,), "text")

    pages = [page(n) for n in range(1000)] + [replace(page(0), verdict="error", score=None)]
    one = Summary()
    for report in pages:
        one.add(report)
    merged = Summary()
    for start in range(0, len(pages), 64):
        batch = Summary()
        for report in pages[start : start + 64]:
            batch.add(report)
        merged.merge(batch)
    assert merged.to_dict() == one.to_dict()
    assert (merged.histogram, merged.reason_labels, merged.bytes) == \
        (one.histogram, one.reason_labels, one.bytes)

    def top(summary: Summary) -> list[str]:
        return [r.id for r in sorted(summary.flagged, key=lambda r: -(r.score or 0.0))
                ][:TOP_PAGES]

    assert top(merged) == top(one) and len(top(one)) == TOP_PAGES


def test_span_matching_scores_only_pairs_that_could_match(monkeypatch) -> None:
    """A page of thousands of spans built every gold x predicted pair (2,000 lines: 16
    million IoUs, 8.8 GB). Counts IoUs, not seconds; the matches are those of every pair."""
    from spamdet import evaluate as ev

    calls = 0
    real = ev.iou

    def counted(a: tuple[int, int], b: tuple[int, int]) -> float:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(ev, "iou", counted)
    gold = [(100 * n, 100 * n + 8) for n in range(2_000)]
    pred = [(100 * n + 1, 100 * n + 9) for n in range(2_000)] + [(100 * n + 50, 100 * n + 70)
                                                               for n in range(2_000)]
    assert ev.match_spans(gold, pred) == 2_000
    assert calls <= 4 * len(gold)
