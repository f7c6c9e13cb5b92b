"""HTML quality on real pages with no known injections: page FPR, residue P/R, article kept.

    python benchmarks/html_quality.py [--shared ../shared] [--json out.json] [--list]

Sets (from ../shared/data, never trained or tuned on):
- article_extraction_benchmark/html/*.html.gz (181 pages) with ground-truth `articleBody`;
- trafilatura_eval_en/html/*.gz (166 pages) with `with` (keep) / `without` (drop) snippets.

Figures:
- page FPR: share of pages labelled `contaminated` (every one is listed with what and why);
- residue precision/recall against the trafilatura snippets: a `without` snippet found in a
  `residue` segment is a true positive, a `with` snippet found in one a false positive;
- article kept clean: share of the benchmark's ground-truth article characters whose
  paragraphs lie in `clean` segments (paragraphs located in the extracted page text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from bisect import bisect_right
from pathlib import Path

import spamdet
from spamdet.ingest import read_document
from spamdet.records import PageReport

ROOT = Path(__file__).resolve().parent.parent
BATCH = 32


def _norm(text: str) -> str:
    return " ".join(text.split())


def scan(detector: spamdet.Detector, paths: list[Path]) -> list[PageReport]:
    reports: list[PageReport] = []
    for start in range(0, len(paths), BATCH):
        docs = [read_document(p) for p in paths[start : start + BATCH]]
        reports.extend(detector.scan_documents(docs))
    return reports


def _labels_at(report: PageReport, start: int, end: int) -> list[tuple[str, int]]:
    """(label, characters) of the segments overlapping [start, end) of the page text."""
    starts = [s.start for s in report.segments]
    out = []
    k = max(0, bisect_right(starts, start) - 1)
    while k < len(report.segments) and report.segments[k].start < end:
        seg = report.segments[k]
        overlap = min(end, seg.end) - max(start, seg.start)
        if overlap > 0:
            out.append((seg.label, overlap))
        k += 1
    return out


def _label_of_snippet(report: PageReport, snippet: str) -> str | None:
    """The label of the segment holding a snippet (most characters wins), None if absent."""
    text = _norm(snippet)
    at = report.text.find(text) if text else -1
    if at < 0:
        at = report.text.lower().find(text.lower()) if text else -1
    if at < 0:
        return None
    labels: dict[str, int] = {}
    for label, chars in _labels_at(report, at, at + len(text)):
        labels[label] = labels.get(label, 0) + chars
    return max(labels, key=labels.__getitem__) if labels else None


def residue_scores(reports: dict[str, PageReport], evaldata: dict) -> dict[str, float]:
    tp = fp = fn = tn = missing = 0
    for entry in evaldata.values():
        report = reports.get(entry["file"])
        if report is None:
            continue
        for kind in ("without", "with"):
            for snippet in entry.get(kind, []):
                label = _label_of_snippet(report, snippet)
                if label is None:
                    missing += 1
                elif kind == "without":
                    tp, fn = tp + (label == "residue"), fn + (label != "residue")
                else:
                    fp, tn = fp + (label == "residue"), tn + (label != "residue")
    return {"residue_precision": tp / (tp + fp) if tp + fp else 0.0,
            "residue_recall": tp / (tp + fn) if tp + fn else 0.0,
            "drop_snippets_found": tp + fn, "keep_snippets_found": fp + tn,
            "keep_snippets_residue": fp, "snippets_not_found": missing}


def article_kept(reports: dict[str, PageReport], truth: dict) -> dict[str, float]:
    clean = located = total = 0
    for key, entry in truth.items():
        report = reports.get(key)
        if report is None:
            continue
        lowered = report.text.lower()
        for para in entry["articleBody"].split("\n"):
            para = _norm(para)
            if len(para) < 20:
                continue
            total += len(para)
            at = lowered.find(para.lower())
            if at < 0:
                continue
            located += len(para)
            clean += sum(c for label, c in _labels_at(report, at, at + len(para))
                         if label == "clean")
    return {"article_clean_share": clean / located if located else 0.0,
            "article_located_share": located / total if total else 0.0}


def describe(report: PageReport) -> list[str]:
    lines = []
    for seg in report.segments:
        if seg.label in ("injection", "promo"):
            spans = ", ".join(repr(s.text) for s in seg.spans)
            lines.append(f"  {seg.label} [{seg.role}] {seg.text[:110]!r}"
                         f"{' spans ' + spans if spans else ''} <- {', '.join(seg.reasons[:3])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--json", help="also write the figures and flagged pages here")
    parser.add_argument("--list", action="store_true", help="list every flagged page")
    args = parser.parse_args(argv)
    data = Path(args.shared) / "data"
    zyte, traf = data / "article_extraction_benchmark", data / "trafilatura_eval_en"
    if not zyte.exists() or not traf.exists():
        print(f"needs {zyte} and {traf}", file=sys.stderr)
        return 2
    detector = spamdet.Detector.load()
    started = time.perf_counter()
    zyte_paths = sorted((zyte / "html").glob("*.html.gz"))
    traf_paths = sorted((traf / "html").glob("*.gz"))
    zyte_reports = scan(detector, zyte_paths)
    traf_reports = scan(detector, traf_paths)
    seconds = time.perf_counter() - started
    truth = json.loads(gzip.open(zyte / "ground-truth.json.gz").read())
    evaldata = json.loads((traf / "evaldata_en.json").read_text("utf-8"))
    by_zyte = {Path(r.id).name.removesuffix(".html.gz"): r for r in zyte_reports}
    by_traf = {Path(r.id).name: r for r in traf_reports}
    figures: dict[str, object] = {}
    flagged: dict[str, list[str]] = {}
    for name, reports in (("article_extraction_benchmark", zyte_reports),
                          ("trafilatura_eval_en", traf_reports)):
        bad = [r for r in reports if r.contaminated]
        errors = [r for r in reports if r.verdict == "error"]
        figures[name] = {"pages": len(reports), "contaminated": len(bad),
                         "fpr": len(bad) / len(reports), "errors": len(errors)}
        for report in bad:
            flagged[Path(report.id).name] = describe(report)
    total = len(zyte_reports) + len(traf_reports)
    figures["all"] = {"pages": total, "contaminated": len(flagged),
                      "fpr": len(flagged) / total, "seconds": round(seconds, 1)}
    figures["residue"] = residue_scores(by_traf, evaldata)
    figures["article"] = article_kept(by_zyte, truth)
    print(json.dumps(figures, indent=2))
    if args.list:
        for name, lines in flagged.items():
            print(name)
            print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": figures, "flagged": flagged},
                                              indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
