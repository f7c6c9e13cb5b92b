"""Metrics against labelled pages: per-label, injected-span (IoU >= 0.5) and page level.

`train.py`, the model card and `spamdet eval` all use these functions, so they agree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from spamdet.records import LABELS, PageReport
from spamdet.synth import LabelledPage

IOU_MATCH = 0.5


def gold_segment_label(start: int, end: int, spans: Sequence[tuple[int, int, str]]) -> str:
    """The label a segment carries in gold spans: promo > injection > residue > clean."""
    covered: Counter[str] = Counter()
    for s, e, label in spans:
        overlap = min(end, e) - max(start, s)
        if overlap > 0:
            covered[label] += overlap
    length = max(1, end - start)
    if covered["promo"] >= 0.5 * length:
        return "promo"
    if covered["injection"]:
        return "injection"
    if covered["residue"] >= 0.5 * length:
        return "residue"
    return "clean"


def _gold_labels(report: PageReport, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """`gold_segment_label` of each of the report's segments, the gold spans swept once in
    order of their starts (segments come in order of theirs), not all read for each."""
    todo = sorted(spans)
    labels: dict[int, str] = {}
    active: list[tuple[int, int, str]] = []
    k = 0
    furthest = 0
    for n, seg in sorted(enumerate(report.segments), key=lambda x: (x[1].start, x[1].end)):
        furthest = max(furthest, seg.end)
        while k < len(todo) and todo[k][0] < furthest:
            active.append(todo[k])
            k += 1
        active = [span for span in active if span[1] > seg.start]
        labels[n] = gold_segment_label(seg.start, seg.end, active)
    return [labels[n] for n in range(len(report.segments))]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": tp + fn}


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> int:
    """Greedy one-to-one matches with IoU >= 0.5, best pairs first. Only a predicted span
    starting within a gold span's length of its start can reach IoU 0.5 (what lies between
    the starts is in the union, not the intersection), so only those pairs are scored, not
    every pair of a page's thousands of spans."""
    order = sorted(range(len(pred)), key=lambda j: pred[j][0])
    starts = [pred[j][0] for j in order]
    pairs = sorted(((iou(g, pred[j]), i, j) for i, g in enumerate(gold)
                    for j in order[bisect_left(starts, 2 * g[0] - g[1]):
                                   bisect_right(starts, g[1])]),
                   reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for value, i, j in pairs:
        if value < IOU_MATCH:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def evaluate(pages: Sequence[LabelledPage], reports: Sequence[PageReport]) -> dict[str, object]:
    """Per-label P/R/F1 over segments, injected-span P/R/F1, page recall/FPR/precision."""
    confusion: Counter[tuple[str, str]] = Counter()
    span_tp = span_fp = span_fn = 0
    page = Counter[str]()
    for gold, report in zip(pages, reports, strict=True):
        for seg, label in zip(report.segments, _gold_labels(report, gold.spans), strict=True):
            confusion[(label, seg.label)] += 1
        gold_spans = [(s, e) for s, e, label in gold.spans if label == "injection"]
        pred_spans = [(sp.start, sp.end) for seg in report.segments for sp in seg.spans
                      if sp.label == "injection"]
        matched = match_spans(gold_spans, pred_spans)
        span_tp += matched
        span_fp += len(pred_spans) - matched
        span_fn += len(gold_spans) - matched
        if gold.contaminated:
            page["tp" if report.contaminated else "fn"] += 1
        else:
            page["fp" if report.contaminated else "tn"] += 1
    per_label = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        fp = sum(v for (g, p), v in confusion.items() if p == label and g != label)
        fn = sum(v for (g, p), v in confusion.items() if g == label and p != label)
        per_label[label] = _prf(tp, fp, fn)
    positives, negatives = page["tp"] + page["fn"], page["fp"] + page["tn"]
    return {
        "pages": len(reports),
        "page_recall": round(page["tp"] / positives, 4) if positives else 0.0,
        "page_fpr": round(page["fp"] / negatives, 4) if negatives else 0.0,
        "page_precision": round(page["tp"] / (page["tp"] + page["fp"]), 4)
        if page["tp"] + page["fp"] else 1.0,  # nothing flagged: no false alarm (as `pr_curve`)
        "span": _prf(span_tp, span_fp, span_fn),
        "labels": per_label,
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
    }


PR_THRESHOLDS = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99)
"""Page-score thresholds at which `pr_curve` reports a point (plus the operating one)."""


def pr_curve(pages: Sequence[LabelledPage], reports: Sequence[PageReport],
             thresholds: Sequence[float] = PR_THRESHOLDS) -> list[dict[str, float]]:
    """Page precision, recall and FPR if pages scoring >= t were contaminated, for each t.

    Error pages have no score and count as not flagged.
    """
    gold = [page.contaminated for page in pages]
    scores = [-1.0 if report.score is None else report.score for report in reports]
    if len(gold) != len(scores):
        raise ValueError(f"{len(gold)} labelled pages but {len(scores)} reports: give one "
                         "report per page, in the same order")
    positives = sum(gold)
    negatives = len(gold) - positives
    pairs = list(zip(gold, scores, strict=True))
    points = []
    for t in sorted(set(thresholds)):
        tp = sum(1 for g, s in pairs if g and s >= t)
        fp = sum(1 for g, s in pairs if not g and s >= t)
        points.append({
            "threshold": round(t, 4),
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / positives, 4) if positives else 0.0,
            "fpr": round(fp / negatives, 4) if negatives else 0.0,
            "flagged": tp + fp,
        })
    return points
