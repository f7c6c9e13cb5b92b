"""Brands that recur: the same injected brand again on its page, or across a corpus.

The model scores each occurrence of a word on its own; once it has found a brand injected,
its other occurrences are evidence too. Two rule layers use what this module provides:

- `page_recurrence` (after the model, in `score.score_batch`): where the model found a brand
  injected on a page (or fronting a promo line), the brand's other occurrences on that
  page at candidate positions are injected too, unless the article itself uses the word
  (`benign`); a line that names it and reads even a little like promotion (promo
  probability >= `PROMO_WITH_BRAND`) is promo. Only pages the model already found
  contaminated are touched: this changes spans and lines, not verdicts.
- `campaign_recurrence` (`spamdet.campaigns`): the same across the pages of a corpus.

A brand is keyed by its rarest word, its *head* (`head_of`); its other words follow as the
model marked them (`match_brands`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from spamdet.context import ARTICLE_ROLES, is_suspicious, layout
from spamdet.lexicon import COINED_LETTERS, Lexicon
from spamdet.records import CONTAMINATING, SegmentReport, pickled_by_fields

if TYPE_CHECKING:
    from spamdet.context import Layout, PageContext, Token
    from spamdet.records import Segment
    from spamdet.score import BatchScores

PAGE_RECURRENCE = "page_recurrence"
"""Reason id of an occurrence flagged because the same brand is injected elsewhere on the page."""
MIN_HEAD_RARITY = 0.5
"""Brands are keyed by their rarest word; heads commoner than this never recur as brands."""
RAISE_MARGIN = 1.0
"""How far past the token threshold (in logits) a recurring brand's probability is raised."""
PROMO_WITH_BRAND = 0.05
"""Promo probability from which a line naming a recurring brand is promo, not an injection."""
HEADED_PROMO = "headed_promo"
"""Reason id of a line the model read as a brand injected before a short pitch (`headed`)."""
HEADED_PROMO_P = 0.1
"""Promo probability from which a brand fronting a short pitch makes its line promo: on the
validation pages, of the lines labelled injection whose found brand fronts 3 to 15 words,
13 of the 15 at 0.1 or more are promo lines (`IONNEST Review: Is This Essay Writing Service
Safe?`), 2 headlines or bylines a brand was put before."""
PROMO_NAME_WORDS = 40
"""Words of a promo line `promo_names` reads for coined names (a pitch names its brand early;
each word costs a typo test, and a hostile line of thousands of coined words took 0.3 s)."""
PITCH_WORDS = (3, 15)
"""Words a pitch after its brand has: fewer is a name, more a sentence of the article."""
MAX_REASONS = 4
_LIST_MARKER = re.compile(r"^(?:[-*•·▪►▶◆■–—>]|\d{1,3}[.)])\s+")
_PROMO_HEAD = re.compile(r"^(?P<head>[^:|–—]{2,40}?)\s*(?::|\||\s[-–—]\s)")
BENIGN_SIGNALS = {"byline": 1.0, "copyright_notice": 1.0}
"""Segment signals of lines where a name stands as itself: a byline, a copyright notice."""


@pickled_by_fields  # sent back by `--jobs` workers with each page's corpus evidence
@dataclass(frozen=True, slots=True)
class Sighting:
    """A candidate token of a page: where it stands (page offsets) and what the model gave it."""

    seg: int
    tok: int
    start: int
    end: int
    norm: str
    prob: float


def words_of(text: str) -> tuple[str, ...]:
    """Normalised words of a brand as the token layout cuts them (camel-case parts apart)."""
    return tuple(tok.norm for tok in layout(text, "short").tokens)


def head_of(words: Sequence[str], lexicon: Lexicon) -> str | None:
    """The rarest word of a brand (its key), or None when every word is common or short."""
    ranked = [w for w in words if len(w) >= 3 and not w.isdigit()]
    if not ranked:
        return None
    head = max(ranked, key=lexicon.rarity_of)
    return head if lexicon.rarity_of(head) >= MIN_HEAD_RARITY else None


def promo_head(text: str) -> str | None:
    """The brand fronting a promo line (`WEOWNCOIN: The Future of …`), if it has one."""
    match = _PROMO_HEAD.match(_LIST_MARKER.sub("", text))
    if match and len(match.group("head").split()) <= 3:
        return match.group("head")
    return None


def headed(segments: Sequence[SegmentReport], promo_p: np.ndarray, promo_threshold: float
           ) -> tuple[SegmentReport, ...]:
    """`headed_promo`: a line the model read as an injected brand is promo when the brand
    fronts it (`promo_head`) before a short pitch that reads even a little like promotion
    (`HEADED_PROMO_P`): `QuantawayPlus: Cheap Meds Delivered Overnight`. Not the title (its
    headline is the article's), nor a sentence ending on a full stop (the article's: `…com
    - Arch Wireless Inc. can complete its $367 million acquisition…`). Cleaning then
    removes the line, not the name alone."""
    out = []
    for seg in segments:
        if _pitch_after_brand(seg) and promo_p[seg.index] >= HEADED_PROMO_P:
            seg = seg.ruled((HEADED_PROMO,), label="promo",
                            score=raised(float(promo_p[seg.index]), promo_threshold), spans=())
        out.append(seg)
    return tuple(out)


def _pitch_after_brand(seg: SegmentReport) -> bool:
    """Is `seg` an injection line (not the title) whose found brand fronts it before a short
    pitch (`PITCH_WORDS`) that does not end on a full stop?"""
    if seg.label != "injection" or seg.role == "title" or not seg.spans:
        return False
    head = promo_head(seg.text)
    at = seg.text.find(head) if head else -1
    if head is None or at < 0 or seg.spans[0].start - seg.start > at:
        return False
    pitch = seg.text[at + len(head):].lstrip(" :|-–—").split()
    return (PITCH_WORDS[0] <= len(pitch) <= PITCH_WORDS[1]
            and not seg.text.rstrip(" \"'”’").endswith("."))


def promo_names(text: str, lexicon: Lexicon) -> list[str]:
    """The brands a promo line names: the one fronting it, else its capitalised coined words
    (`Join Solflow App today and get a 50% deposit bonus!`: `Solflow`) among its first
    `PROMO_NAME_WORDS`, which no article writes and the line sells; of `COINED_LETTERS`
    letters or more (not a model number, `X850`)."""
    head = promo_head(text)
    if head:
        return [head]
    return [tok.text for tok in layout(text, "short").tokens[:PROMO_NAME_WORDS]
            if tok.text[0].isupper() and sum(map(str.isalpha, tok.text)) >= COINED_LETTERS
            and lexicon.invented(tok.text)]


def sightings_of(scores: BatchScores, n: int, benign_line: np.ndarray,
                 injected: Counter[str] | None = None) -> tuple[list[Sighting], set[str]]:
    """Page `n`'s candidate tokens, split into sightings and benign words.

    A word is benign where the article uses it elsewhere (not just at this occurrence, nor
    where it was found `injected`: `injected_in_article`), or in a line flagged in
    `benign_line` (by segment row: a byline, a copyright line).
    """
    ctx = scores.contexts[n]
    row = scores.seg_rows[n]
    injected = injected or Counter()
    sightings: list[Sighting] = []
    benign: set[str] = set()
    for seg in ctx.page.segments:
        lay = ctx.layouts[seg.index]
        for k in scores.tokens_of.get((n, seg.index), []):
            view = scores.tok_views[k]
            tok = view.tok
            if _article_uses(ctx, injected, seg, lay, tok) or benign_line[row + seg.index]:
                benign.add(tok.norm)
            else:
                sightings.append(Sighting(seg.index, view.i, seg.start + tok.start,
                                          seg.start + tok.end, tok.norm,
                                          float(scores.tok_p[k])))
    return sightings, benign


def _article_uses(ctx: PageContext, injected: Counter[str], seg: Segment, lay: Layout,
                  tok: Token) -> bool:
    """Does the article use `tok`'s word elsewhere than at `tok` (its vocabulary's count,
    less `tok` itself where it counts and less where the word was found `injected`)?"""
    own = 0 if is_suspicious(seg, lay, tok) else 1
    return ctx.article[tok.norm] - injected[tok.norm] > own


def injected_in_article(ctx: PageContext, segments: Sequence[SegmentReport]) -> Counter[str]:
    """How often each word the article's vocabulary counts (`PageContext.article`) stands in
    a span found injected or a line found promo (by the model or a rule after it), or in a
    second copy of a line: a brand pushed into the article's prose, or promoted in a line
    among its paragraphs (twice: `Only 1% Can Pass Level 7 in Finport Media Capital. Can
    You?`), does not vouch for itself."""
    out: Counter[str] = Counter()
    seen: set[str] = set()
    for seg in segments:
        key = ctx.line_keys[seg.index]
        again = key in seen
        seen.add(key)
        if seg.role not in ARTICLE_ROLES or not (again or seg.label in CONTAMINATING):
            continue
        lay, line = ctx.layouts[seg.index], ctx.page.segments[seg.index]
        for tok in lay.tokens:
            at = seg.start + tok.start
            if ((again or seg.label == "promo" or any(sp.start <= at < sp.end
                                                      for sp in seg.spans))
                    and not is_suspicious(line, lay, tok)):
                out[tok.norm] += 1
    return out


def mentions_of(scores: BatchScores, n: int, brand_words: AbstractSet[str],
                closed: Collection[int], benign_line: np.ndarray, injected: Counter[str]
                ) -> list[Sighting]:
    """Page `n`'s tokens the model did not score (not candidates) that spell a word of a
    brand found on the page, capitalised: a brand named inside a line (`Only 1% Can Pass
    Level 7 in Finport Media Capital. Can You?`), where brands are seldom injected alone
    but promotions name them. Probability 0; not in the `closed` segments, nor where
    `sightings_of` would find them benign (the article's words, bylines)."""
    ctx = scores.contexts[n]
    row = scores.seg_rows[n]
    out: list[Sighting] = []
    for seg in ctx.page.segments:
        if seg.index in closed or benign_line[row + seg.index]:
            continue
        low = seg.text.lower()
        if not any(w in low for w in brand_words):
            continue
        lay = ctx.layouts[seg.index]
        scored = {scores.tok_views[k].i for k in scores.tokens_of.get((n, seg.index), [])}
        for i, tok in enumerate(lay.tokens):
            if (tok.norm in brand_words and i not in scored and tok.text[:1].isupper()
                    and not _article_uses(ctx, injected, seg, lay, tok)):
                out.append(Sighting(seg.index, i, seg.start + tok.start, seg.start + tok.end,
                                    tok.norm, 0.0))
    return out


def match_brands(sightings: Sequence[Sighting],
                 variants: Mapping[str, Sequence[tuple[str, ...]]]
                 ) -> Iterator[tuple[str, list[Sighting]]]:
    """Heads among the sightings, each with the sightings of its brand's other words.

    `variants` maps a head to the word sequences it was seen in, longest first; where
    none matches around the sighting, the head stands alone. A sighting looks up the words
    around it once per shape of its head's variants (`_shapes`), not once per variant: a
    page of a thousand variants of one brand stays linear.
    """
    at = {(s.seg, s.tok): s for s in sightings}
    shapes = {head: _shapes(head, found) for head, found in variants.items()}
    for s in sightings:
        if s.norm not in shapes:
            continue
        best, words = len(variants[s.norm]), [s]
        for (offset, length), ranks in shapes[s.norm].items():
            found = [at.get((s.seg, s.tok - offset + k)) for k in range(length)]
            if all(f is not None for f in found):
                rank = ranks.get(tuple(f.norm for f in found if f is not None), best)
                if rank < best:
                    best, words = rank, [f for f in found if f is not None]
        yield s.norm, words


def _shapes(head: str, variants: Sequence[tuple[str, ...]]
            ) -> dict[tuple[int, int], dict[tuple[str, ...], int]]:
    """A head's variants by shape (where the head first stands in it, its length), each with
    its rank among the variants: the first of them that matches wins."""
    out: dict[tuple[int, int], dict[tuple[str, ...], int]] = {}
    for rank, variant in enumerate(variants):
        out.setdefault((variant.index(head), len(variant)), {}).setdefault(variant, rank)
    return out


def covered(seg: SegmentReport, s: Sighting) -> bool:
    """Is the sighting already inside a span of its segment, or the segment promo?"""
    return seg.label == "promo" or any(sp.start <= s.start and s.end <= sp.end
                                       for sp in seg.spans)


def raised(p: float, threshold: float) -> float:
    """A probability raised by recurrence evidence to `RAISE_MARGIN` logits past threshold."""
    t = min(max(threshold, 1e-6), 1 - 1e-6)
    return max(p, 1.0 / (1.0 + math.exp(-(math.log(t / (1 - t)) + RAISE_MARGIN))))


class Placed(Protocol):
    """Where a token stands on its page (a `Sighting`, or a rule's find)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def with_tokens(seg: SegmentReport, found: Sequence[Placed], p: float, reason: str
                ) -> SegmentReport:
    """`seg` as an injection with the tokens in `found` (page offsets) added to its spans."""
    from spamdet.score import merge_spans  # score imports this module

    local = [(s.start - seg.start, s.end - seg.start) for s in found]
    local += [(sp.start - seg.start, sp.end - seg.start) for sp in seg.spans]
    spans = tuple(merge_spans(seg.text, local, seg.start, "injection"))
    if seg.label == "injection":
        reasons = (reason, *[r for r in seg.reasons if r != reason])[:MAX_REASONS]
        return seg.ruled(reasons, spans=spans, score=max(seg.score, p))
    return seg.ruled((reason,), label="injection", score=p, spans=spans)


def variants_on_page(segments: Sequence[SegmentReport], lexicon: Lexicon
                     ) -> dict[str, list[tuple[str, ...]]]:
    """Brands found on a page (injected spans, promo heads): head -> word sequences."""
    variants: dict[str, list[tuple[str, ...]]] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for seg in segments:
        if seg.label == "injection":
            names = [span.text for span in seg.spans]
        elif seg.label == "promo":
            names = promo_names(seg.text, lexicon)
        else:
            continue
        for name in names:
            words = words_of(name)
            head = head_of(words, lexicon)
            if head is not None and (head, words) not in seen:
                seen.add((head, words))
                variants.setdefault(head, []).append(words)
    for found in variants.values():
        found.sort(key=len, reverse=True)
    return variants


def with_brand(seg: SegmentReport, found: Sequence[Sighting], p_token: float,
               p_promo: float, promo_threshold: float, reason: str) -> SegmentReport:
    """`seg` once a recurring brand is found in it: promo if it reads like promotion
    (`PROMO_WITH_BRAND`), else an injection with the brand's tokens as spans."""
    if seg.label != "injection" and p_promo >= PROMO_WITH_BRAND:
        return seg.ruled((reason,), label="promo", score=raised(p_promo, promo_threshold),
                         spans=())
    return with_tokens(seg, found, p_token, reason)


def recur_on_page(segments: Sequence[SegmentReport], sightings: Sequence[Sighting],
                  promo_p: np.ndarray, lexicon: Lexicon, token_threshold: float,
                  promo_threshold: float,
                  mentions: Callable[[AbstractSet[str]], list[Sighting]] | None = None
                  ) -> tuple[SegmentReport, ...]:
    """`page_recurrence`: other occurrences of a brand found on the page are contamination;
    not in lower case (`… after lengthy review` once `Brand: Review:` was flagged): an
    injected name keeps its capitals. `mentions`: the page's other tokens spelling the given
    brand words (`mentions_of`), with the sightings."""
    variants = variants_on_page(segments, lexicon)
    if not variants:
        return tuple(segments)
    if mentions is not None:
        sightings = [*sightings, *mentions({w for found in variants.values()
                                            for words in found for w in words})]
    new: dict[int, list[Sighting]] = {}
    for _, found in match_brands(sightings, variants):
        for s in found:
            seg = segments[s.seg]
            if (s.prob < token_threshold and not covered(seg, s)
                    and not seg.text[s.start - seg.start].islower()):
                new.setdefault(s.seg, []).append(s)
    if not new:
        return tuple(segments)
    out = list(segments)
    for i, found in new.items():
        p_token = raised(max(s.prob for s in found), token_threshold)
        out[i] = with_brand(out[i], found, p_token, float(promo_p[i]), promo_threshold,
                            PAGE_RECURRENCE)
    return tuple(out)
