"""Score a batch of pages: one vectorisation and one dot product per model, then aggregate.

The whole flow reads as its steps in `score_pages`: page context, features,
segment and token probabilities, spans, segment labels, page verdicts.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate

import numpy as np

from spamdet.agency_slot import agency_rule
from spamdet.config import Config
from spamdet.context import ODD_SPACES, PageContext
from spamdet.dateline_wedge import wedge_rule
from spamdet.features import HASHED_TEXT, SegmentRows, views_of
from spamdet.gcpause import paused_gc
from spamdet.headline_copy import copy_rule
from spamdet.lexicon import Lexicon, signed
from spamdet.list_head import head_rule
from spamdet.model import SEGMENT_CLASSES, SpamModel, Thresholds
from spamdet.prose_chunk import chunk_rule
from spamdet.records import CONTAMINATING, Page, PageReport, Segment, SegmentReport, Span
from spamdet.recurrence import (
    BENIGN_SIGNALS,
    headed,
    injected_in_article,
    mentions_of,
    recur_on_page,
    sightings_of,
)
from spamdet.sentence_glue import glue_rule
from spamdet.signals import TokenView
from spamdet.site_name import site_exempt
from spamdet.title_glue import title_rule
from spamdet.zones import ANCHOR_SIGNALS, mark_zones

NAME_RULES = (glue_rule, chunk_rule, title_rule, copy_rule, agency_rule, wedge_rule,
              head_rule)
"""Rules after the model, in order, each for names a template puts where the token model
misses them: glued into a sentence, set off in prose, stuck on the title, added to the
headline's copy, in a dateline's agency slot or between its city and agency, heading list
lines again and again. Each takes and returns the page's segments, and the token
probability its finds stand for."""
MAX_REASONS = 4
SPAN_JOINERS = frozenset(" -'’.&" + ODD_SPACES)
"""Characters that may stand between two injected tokens of one brand (`VitalEdge Finance`)."""
PREFER_INJECTION = 2.0
"""A promo-looking segment with token evidence this many logits stronger is an injection."""
SPAN_EXTEND = 0.5
"""A token next to an injected span joins it at this share of the token threshold."""

_PROMO = SEGMENT_CLASSES.index("promo")
_RESIDUE = SEGMENT_CLASSES.index("residue")
_CLEAN = SEGMENT_CLASSES.index("clean")


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def page_margin(token_max: float, promo_max: float, th: Thresholds) -> float:
    """How far the page's strongest evidence is past its threshold, in logits
    (>= 0: contaminated)."""
    return max(logit(token_max) - logit(th.token), logit(promo_max) - logit(th.promo))


def page_probability(margin: float, th: Thresholds) -> float:
    """Calibrated probability that a page is contaminated, from its margin."""
    return 1.0 / (1.0 + math.exp(-(th.page_scale * margin + th.page_offset)))


def margin_for(probability: float, th: Thresholds) -> float:
    """The margin at which the page probability equals `probability` (for `--threshold`)."""
    return (logit(probability) - th.page_offset) / th.page_scale


def merge_spans(text: str, tokens: list[tuple[int, int]], offset: int, label: str) -> list[Span]:
    """Join adjacent flagged tokens of a segment into spans with page offsets; a trademark
    sign goes with the name it follows (`Nexa™`)."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(tokens):
        end += signed(text, end)
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


Reasons = tuple[tuple[str, ...], tuple[float, ...]]
"""Reason ids, strongest first, and their contributions in logits."""


def _ranked(names: Sequence[str], contributions: np.ndarray) -> Reasons:
    order = [j for j in np.argsort(-contributions)[:MAX_REASONS] if contributions[j] > 0]
    return (tuple(str(names[j]) for j in order),
            tuple(round(float(contributions[j]), 4) for j in order))


def _segment_reasons(model: SpamModel, X: SegmentRows, rows: list[int], classes: list[int]
                     ) -> list[Reasons]:
    """For each row, the signals that pushed it towards its class rather than clean."""
    coef = model.segment_clf.coef
    names = [*model.segment_features.signal_names(), HASHED_TEXT]
    n_signals = len(names) - 1
    out: dict[int, Reasons] = {}
    for cls in set(classes):
        picked = [r for r, c in zip(rows, classes, strict=True) if c == cls]
        delta = coef[cls] - coef[_CLEAN]
        signals = X.signals[picked] * delta[:n_signals]
        hashed = X.hashed_dot(delta[None, n_signals:])[picked, 0]
        for k, row in enumerate(picked):
            out[row] = _ranked(names, np.append(signals[k], hashed[k]))
    return [out[row] for row in rows]


@dataclass(frozen=True)
class Gate:
    """What the model may conclude on one page; HTML pages get one from `spamdet.overlay`.

    no_tokens: segment indices whose tokens may not be labelled injected.
    no_promo: segment indices that may not be labelled promo.
    exempt: (segment index, start, end): character ranges of a segment whose tokens may not
        be labelled injected (a title's own site name).
    """

    no_tokens: frozenset[int] = frozenset()
    no_promo: frozenset[int] = frozenset()
    exempt: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class BatchScores:
    """Model outputs for a batch: features and probabilities, per segment and candidate token."""

    contexts: list[PageContext]
    tok_views: list[TokenView]
    X_seg: SegmentRows
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


def _open_tokens(tok_views: list[TokenView], contexts: list[PageContext],
                 gates: Sequence[Gate | None]) -> list[TokenView]:
    """The candidate tokens of open segments that no exempt range rules out."""
    page_of = {id(ctx): n for n, ctx in enumerate(contexts)}
    ranges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for n, gate in enumerate(gates):
        for i, start, end in gate.exempt if gate is not None else ():
            ranges.setdefault((n, i), []).append((start, end))
    if not ranges:
        return tok_views
    inside = {key: _cover(found) for key, found in ranges.items()}
    return [view for view in tok_views
            if (test := inside.get((page_of[id(view.ctx)], view.seg.index))) is None
            or not test(view.tok.start)]


def _cover(ranges: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """`pos -> any(start <= pos < end for start, end in ranges)`, by bisection: a block of
    thousands of exempt words and candidate tokens costs their number, not its square."""
    starts, ends = zip(*sorted(ranges), strict=True)
    return partial(_inside, starts, list(accumulate(ends, max)))


def _inside(starts: Sequence[int], reach: Sequence[int], pos: int) -> bool:
    """Is `pos` in a range, given the sorted range starts and, at each, the furthest end of
    the ranges that start there or before?"""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < reach[i]


@paused_gc()
def batch_scores(model: SpamModel, pages: Sequence[Page],
                 gates: Sequence[Gate | None] | None = None) -> BatchScores:
    """One vectorisation and one product per model for the whole batch."""
    contexts = [PageContext.build(page, model.lexicon) for page in pages]
    closed = None if gates is None else [gate.no_tokens if gate else () for gate in gates]
    seg_views, tok_views = views_of(contexts, closed)
    if gates is not None:
        tok_views = _open_tokens(tok_views, contexts, gates)
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


RECURRENCE_PASSES = 2
"""`page_recurrence` runs again when it found something: the lines it found no longer vouch
for the brand as the article's word (`injected_in_article`), so its other places can be
found (a promotion placed twice among the paragraphs, then the brand glued before the
title)."""
MIN_PAGE_WORDS = 4
"""A page of fewer words has no article for a brand to be injected into: its tokens are not
evidence. One to three common words alone (`hello`, `lazy location`) read as brands to the
token model 9-14 % of the time, four or more 0-0.3 % (random words of wordfreq's top 5,000).
A scanning rule, applied after the model: training still learns from such pages' tokens."""


def with_site_gates(pages: Sequence[Page], lexicon: Lexicon,
                    gates: Sequence[Gate | None] | None) -> list[Gate | None]:
    """`gates`, with the site's own name on a text page's title, and where it stands apart
    elsewhere (`site_name.site_exempt`), exempt from token evidence. HTML pages have their
    own evidence of their site (`spamdet.overlay`)."""
    out: list[Gate | None] = list(gates) if gates is not None else [None] * len(pages)
    for n, page in enumerate(pages):
        found = site_exempt(page, lexicon) if page.kind != "html" else []
        if found:
            gate = out[n] or Gate()
            out[n] = replace(gate, exempt=(*gate.exempt, *found))
    return out


def with_stub_gates(scores: BatchScores, gates: Sequence[Gate | None] | None
                    ) -> list[Gate | None]:
    """`gates`, with every segment of a page of fewer than `MIN_PAGE_WORDS` words closed to
    token evidence."""
    out: list[Gate | None] = list(gates) if gates is not None else [None] * len(scores.contexts)
    for n, ctx in enumerate(scores.contexts):
        if ctx.page_words < MIN_PAGE_WORDS:
            out[n] = replace(out[n] or Gate(),
                             no_tokens=frozenset(range(len(ctx.page.segments))))
    return out


def close_gates(scores: BatchScores, gates: Sequence[Gate | None]) -> None:
    """Zero the evidence gates rule out, before labels and page scores are decided."""
    for n, gate in enumerate(gates):
        if gate is None:
            continue
        row = scores.seg_rows[n]
        for i in gate.no_promo:
            scores.seg_p[row + i, _PROMO] = 0.0
        for i in gate.no_tokens:
            scores.tok_p[scores.tokens_of.get((n, i), [])] = 0.0
        ranges: dict[int, list[tuple[int, int]]] = {}
        for i, start, end in gate.exempt:
            ranges.setdefault(i, []).append((start, end))
        for i, found in ranges.items():
            tokens = scores.tokens_of.get((n, i))
            if not tokens:
                continue
            inside = _cover(found)
            for k in tokens:
                if inside(scores.tok_views[k].tok.start):
                    scores.tok_p[k] = 0.0


@dataclass(frozen=True)
class _Decision:
    """A segment's label before its reasons are computed (reasons are batched)."""

    label: str
    score: float
    spans: tuple[Span, ...] = ()
    top_token: int = -1


def _decide_segment(model: SpamModel, scores: BatchScores, n: int, seg: Segment,
                    min_margin: float) -> _Decision:
    """Label one segment: promo, else injection (with spans), else residue, else clean."""
    th = model.thresholds
    p = scores.seg_p[scores.seg_rows[n] + seg.index]
    ks = scores.tokens_of.get((n, seg.index), [])
    probs = scores.tok_p[ks]
    best_tok = float(probs.max()) if ks else 0.0
    promo_margin = logit(float(p[_PROMO])) - logit(th.promo)
    tok_margin = logit(best_tok) - logit(th.token) if ks else -math.inf
    if promo_margin >= min_margin and promo_margin >= tok_margin - PREFER_INJECTION:
        return _Decision("promo", float(p[_PROMO]))
    if tok_margin >= min_margin:
        threshold = 1.0 / (1.0 + math.exp(-(logit(th.token) + min_margin)))
        views = [scores.tok_views[k] for k in ks]
        flagged = _token_spans(views, probs, threshold)
        spans = tuple(merge_spans(seg.text, flagged, seg.start, "injection"))
        return _Decision("injection", best_tok, spans, ks[int(np.argmax(probs))])
    if p[_RESIDUE] > p[_CLEAN]:
        return _Decision("residue", float(p[_RESIDUE]))
    return _Decision("clean", float(p[_CLEAN]))


def _reasons(model: SpamModel, scores: BatchScores, decisions: list[_Decision]
             ) -> list[Reasons]:
    """Ranked reason ids and weights for every decision, one model call per kind per batch."""
    out: list[Reasons] = [((), ())] * len(decisions)
    tops = [k for k, d in enumerate(decisions) if d.label == "injection"]
    if tops:
        rows = [decisions[k].top_token for k in tops]
        contributions = model.token_contributions(scores.X_tok[rows])
        names = model.token_features.signal_names()
        for k, contrib in zip(tops, contributions, strict=True):
            out[k] = _ranked(names, contrib)
    seg_kinds = [k for k, d in enumerate(decisions) if d.label in ("promo", "residue")]
    classes = [_PROMO if decisions[k].label == "promo" else _RESIDUE for k in seg_kinds]
    seg_reasons = _segment_reasons(model, scores.X_seg, seg_kinds, classes)
    for k, reasons in zip(seg_kinds, seg_reasons, strict=True):
        out[k] = reasons
    return out


def signal_rows(model: SpamModel, X_seg: SegmentRows, at_least: dict[str, float]
                ) -> np.ndarray:
    """Per segment row: does any of the named signals reach its value?"""
    names = list(model.segment_features.signal_names())
    found = np.zeros(len(X_seg), dtype=bool)
    for name, value in at_least.items():
        if name in names:
            found |= X_seg.signals[:, names.index(name)] >= value
    return found


def verdict_of(segments: Sequence[SegmentReport]) -> str:
    """`contaminated` with any injection or promo, `residue` with only residue, else `clean`."""
    labels = {s.label for s in segments}
    return ("contaminated" if labels & CONTAMINATING else
            "residue" if "residue" in labels else "clean")


@paused_gc()
def score_batch(
    model: SpamModel, pages: Sequence[Page], config: Config,
    gates: Sequence[Gate | None] | None = None,
) -> tuple[list[PageReport], BatchScores]:
    """Score a batch of pages, and keep the model outputs (for corpus evidence).

    Steps: features and probabilities for the batch, gates (HTML rule layer), segment
    labels, reasons (one model call per kind), invented names glued into sentences
    (`sentence_glue`), recurrence of a found brand on its page, template zones, page
    verdicts.
    """
    th = model.thresholds
    min_margin = 0.0 if config.threshold is None else margin_for(config.threshold, th)
    gates = with_site_gates(pages, model.lexicon, gates)
    scores = batch_scores(model, pages, gates)
    gates = with_stub_gates(scores, gates)
    close_gates(scores, gates)
    decisions = [_decide_segment(model, scores, n, seg, min_margin)
                 for n, ctx in enumerate(scores.contexts) for seg in ctx.page.segments]
    reasons = iter(_reasons(model, scores, decisions))
    decided = iter(decisions)
    anchor = signal_rows(model, scores.X_seg, ANCHOR_SIGNALS)
    benign = signal_rows(model, scores.X_seg, BENIGN_SIGNALS)
    token_threshold = 1.0 / (1.0 + math.exp(-(logit(th.token) + min_margin)))
    promo_threshold = 1.0 / (1.0 + math.exp(-(logit(th.promo) + min_margin)))
    reports = []
    pairs = zip(scores.contexts, scores.evidence(), strict=True)
    for n, (ctx, (token_max, promo_max)) in enumerate(pairs):
        page = ctx.page
        built = []
        for seg in page.segments:
            d = next(decided)
            ids, weights = next(reasons)
            built.append(SegmentReport(seg.index, seg.start, seg.end, seg.text, seg.role,
                                       d.label, d.score, ids, d.spans, weights))
        gate = gates[n]
        segments = tuple(built)
        for rule in NAME_RULES:
            segments, rule_p = rule(segments, model.lexicon,
                                    gate.no_tokens if gate else (), token_threshold)
            token_max = max(token_max, rule_p)
        row = scores.seg_rows[n]
        if any(s.label in CONTAMINATING for s in segments):
            promo_p = scores.seg_p[row : row + len(segments), _PROMO]
            segments = headed(segments, promo_p, promo_threshold)
            for _ in range(RECURRENCE_PASSES):
                before = segments
                injected = injected_in_article(ctx, segments)
                sightings, _ = sightings_of(scores, n, benign, injected)
                segments = recur_on_page(
                    segments, sightings, promo_p, model.lexicon, token_threshold,
                    promo_threshold,
                    partial(mentions_of, scores, n, closed=gate.no_tokens if gate else (),
                            benign_line=benign, injected=injected))
                if segments == before:
                    break
        anchors = {s.index for s in segments if s.label == "residue" and anchor[row + s.index]}
        segments = mark_zones(segments, anchors)
        score = page_probability(page_margin(token_max, promo_max, th), th) if segments else 0.0
        reports.append(PageReport(page.id, page.path, verdict_of(segments), score, segments,
                                  page.text, page.kind, page.errors))
    return reports, scores


def score_pages(
    model: SpamModel, pages: Sequence[Page], config: Config,
    gates: Sequence[Gate | None] | None = None,
) -> list[PageReport]:
    """Score a batch of pages: features, probabilities, segment labels, page verdicts."""
    return score_batch(model, pages, config, gates)[0]
