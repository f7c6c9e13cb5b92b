"""Score a batch of pages: one vectorisation and one dot product per model, then aggregate.

The whole flow reads as its steps in `score_batch`: page context, features,
segment and token probabilities, spans, segment labels, template zones, page verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from spamdet.config import Config
from spamdet.context import PageContext
from spamdet.features import HASHED_TEXT, views_of
from spamdet.model import SEGMENT_CLASSES, SpamModel, Thresholds
from spamdet.records import CONTAMINATING, Page, PageReport, Segment, SegmentReport, Span
from spamdet.recurrence import BENIGN_SIGNALS, recur_on_page, sightings_of
from spamdet.signals import TokenView
from spamdet.zones import ANCHOR_SIGNALS, mark_zones

MAX_REASONS = 4
SPAN_JOINERS = frozenset(" -'’.&")
"""Characters that may stand between two injected tokens of one brand (`VitalEdge Finance`)."""
PREFER_INJECTION = 2.0
"""A promo-looking segment with token evidence this many logits stronger is an injection."""
SPAN_EXTEND = 0.5
"""A token next to an injected span joins it at this share of the token threshold."""

_PROMO = SEGMENT_CLASSES.index("promo")
_RESIDUE = SEGMENT_CLASSES.index("residue")
_CLEAN = SEGMENT_CLASSES.index("clean")


def logit(p: float) -> float:
    """log(p / (1 - p)), with p clipped away from 0 and 1."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def page_margin(token_max: float, promo_max: float, th: Thresholds) -> float:
    """How far the page's strongest evidence is past its threshold, in logits (>= 0: contaminated)."""
    return max(logit(token_max) - logit(th.token), logit(promo_max) - logit(th.promo))


def page_probability(margin: float, th: Thresholds) -> float:
    """Calibrated probability that a page is contaminated, from its margin."""
    return 1.0 / (1.0 + math.exp(-(th.page_scale * margin + th.page_offset)))


def margin_for(probability: float, th: Thresholds) -> float:
    """The margin at which the page probability equals `probability` (for `--threshold`)."""
    return (logit(probability) - th.page_offset) / th.page_scale


def merge_spans(text: str, tokens: list[tuple[int, int]], offset: int, label: str) -> list[Span]:
    """Join adjacent flagged tokens of a segment into spans with page offsets."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(tokens):
        if spans and all(c in SPAN_JOINERS for c in text[spans[-1][1] : start]) and (
            start - spans[-1][1] <= 3
        ):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return [Span(offset + s, offset + e, text[s:e], label) for s, e in spans]


def _token_spans(
    views: list[TokenView], probs: np.ndarray, threshold: float
) -> list[tuple[int, int]]:
    """Tokens at or above the threshold, plus neighbours above the lower extension threshold."""
    flagged = probs >= threshold
    extend = probs >= threshold * SPAN_EXTEND
    for _ in range(2):
        grown = flagged.copy()
        for k in range(len(views)):
            if flagged[k] or not extend[k]:
                continue
            i = views[k].i
            neighbours = [j for j in (k - 1, k + 1) if 0 <= j < len(views)]
            if any(flagged[j] and abs(views[j].i - i) == 1 for j in neighbours):
                grown[k] = True
        flagged = grown
    return [(views[k].tok.start, views[k].tok.end) for k in range(len(views)) if flagged[k]]


def _ranked(names: Sequence[str], contributions: np.ndarray) -> tuple[str, ...]:
    order = np.argsort(-contributions)
    return tuple(str(names[j]) for j in order[:MAX_REASONS] if contributions[j] > 0)


def _segment_reasons(
    model: SpamModel, row: sp.csr_matrix, cls: int, names: Sequence[str], n_signals: int
) -> tuple[str, ...]:
    """Signals that pushed the segment towards `cls` rather than clean, strongest first."""
    coef = model.segment_clf.coef_
    delta = coef[cls] - coef[_CLEAN]
    signal_part = np.asarray(row[:, :n_signals].toarray()).ravel() * delta[:n_signals]
    hashed_row = row[:, n_signals:]
    hashed = float(hashed_row.data @ delta[n_signals:][hashed_row.indices])
    return _ranked([*names, HASHED_TEXT], np.append(signal_part, hashed))


@dataclass(frozen=True)
class BatchScores:
    """Model outputs for a batch: features and probabilities, per segment and candidate token."""

    contexts: list[PageContext]
    tok_views: list[TokenView]
    X_seg: sp.csr_matrix
    X_tok: np.ndarray
    seg_p: np.ndarray
    tok_p: np.ndarray
    seg_rows: list[int]
    tokens_of: dict[tuple[int, int], list[int]]

    def evidence(self) -> list[tuple[float, float]]:
        """Per page: the strongest token probability and the strongest promo probability."""
        out = []
        for n, ctx in enumerate(self.contexts):
            row = self.seg_rows[n]
            segs = len(ctx.page.segments)
            promo = float(self.seg_p[row : row + segs, _PROMO].max()) if segs else 0.0
            toks = [k for i in range(segs) for k in self.tokens_of.get((n, i), [])]
            out.append((float(self.tok_p[toks].max()) if toks else 0.0, promo))
        return out


def batch_scores(model: SpamModel, pages: Sequence[Page]) -> BatchScores:
    """One vectorisation and one product per model for the whole batch."""
    contexts = [PageContext.build(page, model.lexicon) for page in pages]
    seg_views, tok_views = views_of(contexts)
    X_seg = model.segment_features.transform(seg_views)
    X_tok = model.token_features.transform(tok_views)
    seg_p = model.segment_proba(X_seg) if seg_views else np.zeros((0, len(SEGMENT_CLASSES)))
    tok_p = model.token_proba(X_tok) if tok_views else np.zeros(0)
    seg_rows, row = [], 0
    for ctx in contexts:
        seg_rows.append(row)
        row += len(ctx.page.segments)
    page_of = {id(ctx): n for n, ctx in enumerate(contexts)}
    tokens_of: dict[tuple[int, int], list[int]] = {}
    for k, view in enumerate(tok_views):
        tokens_of.setdefault((page_of[id(view.ctx)], view.seg.index), []).append(k)
    return BatchScores(contexts, tok_views, X_seg, X_tok, seg_p, tok_p, seg_rows, tokens_of)


def _decide_segment(model: SpamModel, scores: BatchScores, n: int, seg: Segment,
                    min_margin: float) -> SegmentReport:
    """Label one segment: promo, else injection (with spans), else residue, else clean."""
    th = model.thresholds
    row = scores.seg_rows[n] + seg.index
    p = scores.seg_p[row]
    ks = scores.tokens_of.get((n, seg.index), [])
    probs = scores.tok_p[ks]
    best_tok = float(probs.max()) if ks else 0.0
    promo_margin = logit(float(p[_PROMO])) - logit(th.promo)
    tok_margin = logit(best_tok) - logit(th.token) if ks else -math.inf
    seg_names = model.segment_features.signal_names()
    label, score = "clean", float(p[_CLEAN])
    reasons: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    if promo_margin >= min_margin and promo_margin >= tok_margin - PREFER_INJECTION:
        label, score = "promo", float(p[_PROMO])
        reasons = _segment_reasons(model, scores.X_seg[row], _PROMO, seg_names, len(seg_names))
    elif tok_margin >= min_margin:
        threshold = 1.0 / (1.0 + math.exp(-(logit(th.token) + min_margin)))
        views = [scores.tok_views[k] for k in ks]
        flagged = _token_spans(views, probs, threshold)
        spans = tuple(merge_spans(seg.text, flagged, seg.start, "injection"))
        top = ks[int(np.argmax(probs))]
        label, score = "injection", best_tok
        names = model.token_features.signal_names()
        reasons = _ranked(names, model.token_contributions(scores.X_tok[top : top + 1])[0])
    elif p[_RESIDUE] > p[_CLEAN]:
        label, score = "residue", float(p[_RESIDUE])
        reasons = _segment_reasons(model, scores.X_seg[row], _RESIDUE, seg_names, len(seg_names))
    return SegmentReport(seg.index, seg.start, seg.end, seg.text, seg.role, label, score,
                         reasons, spans)


def signal_rows(model: SpamModel, X_seg: sp.csr_matrix, at_least: dict[str, float]
                ) -> np.ndarray:
    """Per segment row: does any of the named signals reach its value?"""
    names = list(model.segment_features.signal_names())
    found = np.zeros(X_seg.shape[0], dtype=bool)
    for name, value in at_least.items():
        if name in names:
            found |= X_seg[:, names.index(name)].toarray().ravel() >= value
    return found


def score_batch(model: SpamModel, pages: Sequence[Page], config: Config
                ) -> tuple[list[PageReport], BatchScores]:
    """Score a batch of pages, and keep the model outputs (for corpus evidence)."""
    th = model.thresholds
    min_margin = 0.0 if config.threshold is None else margin_for(config.threshold, th)
    scores = batch_scores(model, pages)
    anchor = signal_rows(model, scores.X_seg, ANCHOR_SIGNALS)
    benign = signal_rows(model, scores.X_seg, BENIGN_SIGNALS)
    token_threshold = 1.0 / (1.0 + math.exp(-(logit(th.token) + min_margin)))
    promo_threshold = 1.0 / (1.0 + math.exp(-(logit(th.promo) + min_margin)))
    reports = []
    pairs = zip(scores.contexts, scores.evidence(), strict=True)
    for n, (ctx, (token_max, promo_max)) in enumerate(pairs):
        page = ctx.page
        segments = tuple(_decide_segment(model, scores, n, seg, min_margin)
                         for seg in page.segments)
        row = scores.seg_rows[n]
        if any(s.label in CONTAMINATING for s in segments):
            sightings, _ = sightings_of(scores, n, benign)
            promo_p = scores.seg_p[row : row + len(segments), _PROMO]
            segments = recur_on_page(segments, sightings, promo_p, model.lexicon,
                                     token_threshold, promo_threshold)
        anchors = {s.index for s in segments if s.label == "residue" and anchor[row + s.index]}
        segments = mark_zones(segments, anchors)
        score = page_probability(page_margin(token_max, promo_max, th), th) if segments else 0.0
        reports.append(PageReport(page.id, page.path, verdict_of(segments), score, segments,
                                  page.text, page.kind, page.errors))
    return reports, scores


def verdict_of(segments: Sequence[SegmentReport]) -> str:
    """`contaminated` with any injection or promo, `residue` with only residue, else `clean`."""
    labels = {s.label for s in segments}
    return ("contaminated" if labels & CONTAMINATING else
            "residue" if "residue" in labels else "clean")


def score_pages(model: SpamModel, pages: Sequence[Page], config: Config) -> list[PageReport]:
    """Score a batch of pages: features, probabilities, segment labels, page verdicts."""
    return score_batch(model, pages, config)[0]
