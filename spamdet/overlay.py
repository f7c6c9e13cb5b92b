"""The rule layer for HTML pages: markup signals on top of the trained model.

The model was trained on article text, and reads an HTML page as the article a reader
sees: the `<title>`, the `<h1>` and the visible blocks outside template furniture
(`template_block`, `link_list`) and code (its training pages carry the headline twice
too). Hidden blocks, head metadata and page furniture are left out of its view, because
furniture is made of exactly the short name-only lines its injection evidence looks for,
and the markup says what furniture is better than the text can. Template and hidden
blocks with off-topic commercial words stay in view, gated: the model may call them
promo, never injected. `title_brand` judges the title's extra chunks too. In the
headline, the site's own name (or a chunk the page says elsewhere on its own) is not an
injection. On standalone short blocks (in HTML: labels, bylines, buttons, table cells,
menu items) the model may not label tokens injected. In headlines and datelines a brand
may stand apart (`Brand | Headline`); in a paragraph it stands glued to its neighbour, and
a chunk with no glued word is the writer's. Promo needs off-topic commercial words in
HTML: a site's own calls to action (`Subscribe`, `Sign up for our newsletter`) are not
spam. On pages whose words the English lexicon mostly does not know, the model's token and
promo evidence is not used.

Then every markup signal is measured on every block. A contamination signal that fires
gives the block its label (`promo`, or `injection` with spans) and puts its name first
among the reasons; a template signal turns a clean block into `residue`. The page verdict
follows the labels; a page a rule made contaminated scores at least `RULE_SCORE`. On a
contaminated page, a list item or template block that repeats a brand found injected is
promotion (`page_recurrence`): the model never saw it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spamdet.config import Config
from spamdet.lexicon import COINED_LETTERS, Lexicon
from spamdet.list_head import head_rule
from spamdet.model import SpamModel
from spamdet.normalize import compose, word_matches
from spamdet.normalize import words as text_words
from spamdet.prose_rule import Found
from spamdet.publisher import publisher_gate
from spamdet.records import CONTAMINATING, Page, PageReport, Segment, SegmentReport, Span
from spamdet.recurrence import PAGE_RECURRENCE, with_tokens
from spamdet.score import BatchScores, Gate, merge_spans
from spamdet.score import score_batch as model_score_batch
from spamdet.signals.markup import (
    CODE_TAGS,
    FIRES,
    MARKUP_LABELS,
    MARKUP_SIGNALS,
    MarkupContext,
    MarkupView,
    contamination_spans,
    is_listed,
    is_template,
    names_site,
    title_chunks,
    words_of,
)

RULE_SCORE = 0.99
"""Score of a block, and least score of a page, that a markup rule labelled contaminated."""
LABEL_ORDER = ("promo", "injection", "residue")
"""When signals of several labels fire on one block, the first label here wins."""
SHORT_ROLES = frozenset({"short", "list_item"})
"""Standalone short blocks: in HTML, labels, bylines, buttons, cells and menu items."""
GLUE_FREE_ROLES = frozenset({"title", "dateline"})
"""Where a brand needs no glue to be injected: fronting or closing a headline behind a
spaced `:`/`|`/`-` (`Trevolux | Headline`), wedged into a dateline (`NEW YORK, Brand March
6 -`). Elsewhere a chunk with no glued word is the writer's."""
SAID_HINTS = frozenset({"comment", "byline", "author"})
"""Blocks of what people said and who wrote: a commenter's name heads each of their
comments (`Maitama Tambari: Congratulations…`), not a brand's."""
CREDIT_HINTS = frozenset({"byline", "caption", "date", "tags"})
"""Article furniture that is made of names (bylines, photo credits): no token evidence."""
_CAMEL = re.compile(r"[a-z][A-Z]")
JOINERS = frozenset("-/'’.&")
"""Between two letters these make compounds (`Funck-Brentano`, `and/or`), not glue."""


def glued_words(text: str) -> list[tuple[int, int]]:
    """Words attached to a neighbour without a space: `NewsPoinbank`, `Poinbank:Chinese`,
    `SEOUL,Poinbank`, ` -VitalEdge`, as string concatenation leaves them."""
    out = []
    for match in word_matches(text):
        start, end = match.span()
        word = match.group()
        if word.isdigit():
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        glued = (
            (after in ":|,;»>_" and end + 1 < len(text) and text[end + 1].isalnum())
            or (not word[1:].islower() and _CAMEL.search(word) is not None)
        )
        if not glued and not before.isspace():  # most words follow a space: no glue before
            before2 = text[start - 2] if start > 1 else " "
            glued = ((before not in JOINERS and not before2.isspace()
                      and before not in "([{\"“‘'")
                     or (before in JOINERS and before2.isspace()))
        if glued:
            out.append((start, end))
    return out


def unattached(text: str) -> list[tuple[int, int]]:
    """Ranges of a block's chunks (between separators) in which no word is glued."""
    starts = [start for start, _ in glued_words(text)]  # in text order
    return [(s, e) for s, e in title_chunks(text)
            if (i := bisect_left(starts, s)) == len(starts) or starts[i] >= e]
TEMPLATE_SIGNALS = frozenset(n for n, label in MARKUP_LABELS.items() if label == "residue")


@dataclass(frozen=True)
class HtmlView:
    """An HTML page as the model sees it, the gate on what it may conclude, and the markup
    signals that fired on each block of the full page."""

    model_page: Page
    index: tuple[int, ...]
    gate: Gate
    fired: tuple[tuple[str, ...], ...]
    ctx: MarkupContext


def fired_signals(view: MarkupView) -> tuple[str, ...]:
    """Names of the markup signals that fire on one block, in registry order."""
    return tuple(name for name, fn in MARKUP_SIGNALS.items() if fn(view) >= FIRES)


def _site_ranges(page: Page, ctx: MarkupContext, i: int) -> list[tuple[int, int]]:
    """Chunks of a title that are the site's own name or that the page repeats elsewhere."""
    text = page.segments[i].text
    out = []
    for start, end in title_chunks(text):
        chunk = text[start:end]
        if names_site(chunk, page.site) or (len(words_of(chunk)) and (start, end) != (0, len(text))
                                           and said_apart(chunk.lower(), ctx.furniture)):
            out.append((start, end))
    return out


def said_apart(chunk: str, text: str) -> bool:
    """True when `chunk` stands in `text` on its own somewhere, not glued to a neighbour
    (`SEOUL,poinbank south korea` does not vouch for a headline's `Poinbank`: injected
    brands recur, glued, where the site's own name stands apart)."""
    at = text.find(chunk)
    while at >= 0:
        end = at + len(chunk)
        if _apart(("  " + text[max(at - 2, 0) : at])[-2:], (text[end : end + 2] + "  ")[:2]):
            return True
        at = text.find(chunk, at + 1)
    return False


def _apart(before: str, after: str) -> bool:
    """Whether the two characters each side of a phrase leave it standing apart: a space
    or a line's edge next to it, or a punctuation mark with a space beyond."""
    left = before[1] in " \n" or (not before[1].isalnum() and before[0] in " \n")
    right = after[0] in " \n" or (not after[0].isalnum() and after[1] in " \n")
    return left and right


def _vouched(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Ranges of the words of `text` that another part of the page uses."""
    return [m.span() for m in word_matches(text) if compose(m.group()).lower() in words]


def html_view(page: Page, lexicon: Lexicon | None = None) -> HtmlView:
    """The article's blocks as a page for the model, with its gate and the markup verdicts.

    The model sees the visible blocks outside template furniture and code, plus template
    and hidden blocks with off-topic commercial words, the `<title>` and the `<h1>`. On short blocks
    (labels, bylines, buttons, cells) it may not label tokens injected; it may label promo
    only where off-topic commercial words stand; and on a page the English lexicon mostly
    does not know, it may conclude neither."""
    ctx = MarkupContext.build(page, lexicon)
    fired = tuple(fired_signals(MarkupView(ctx, i)) for i in range(len(page.segments)))
    english = ctx.english()
    index: list[int] = []
    segments: list[Segment] = []
    no_tokens: set[int] = set()
    no_promo: set[int] = set()
    for i, (seg, markup) in enumerate(zip(page.segments, page.markup, strict=True)):
        if markup.tag in CODE_TAGS:
            continue
        commercial = ctx.commercial(ctx.words[i], i)
        template = bool(TEMPLATE_SIGNALS.intersection(fired[i]))
        if (template or not markup.visible) and not commercial:
            continue
        new = len(segments)
        index.append(i)
        segments.append(Segment(seg.page_id, new, seg.text, seg.start, seg.end, seg.role))
        credit = CREDIT_HINTS.intersection(markup.hints) or "figure" in markup.containers
        if template or credit or not english or seg.role in SHORT_ROLES or not markup.visible:
            no_tokens.add(new)
        if not commercial or not english:
            no_promo.add(new)
    exempt = _exemptions(page, ctx, index, no_tokens)
    model_page = replace(page, segments=tuple(segments), markup=())
    gate = Gate(frozenset(no_tokens), frozenset(no_promo), tuple(exempt))
    return HtmlView(model_page, tuple(index), gate, fired, ctx)


def _exemptions(page: Page, ctx: MarkupContext, index: list[int], closed: set[int]
                ) -> list[tuple[int, int, int]]:
    """Word ranges of the model's blocks that the page vouches for (none in the `closed`
    blocks, whose tokens are not judged): in a title, the site's own name and chunks the
    page repeats; in any block, words that the visible blocks the model does not see use
    (captions, footers: plain text, not injected), list items left out (a related-stories
    list is where promotions repeat an injected brand); in the `<title>`, words of the
    headline, which the model judges there; and, outside headlines and datelines
    (`GLUE_FREE_ROLES`), chunks (between separators) with no glued word: in a paragraph
    an injected brand is attached to its neighbour."""
    if len(closed) == len(index):
        return []
    seen = set(index)
    blocks = enumerate(zip(page.segments, page.markup, strict=True))
    rest = {w.lower() for i, (seg, markup) in blocks
            if i not in seen and markup.visible and markup.tag not in ("title", "h1")
            and not is_listed(seg, markup) for w in text_words(compose(seg.text))}
    headline = {w.lower() for i in index if page.markup[i].tag == "h1"
                and page.segments[i].role == "title"
                for w in text_words(compose(page.segments[i].text))}
    exempt: list[tuple[int, int, int]] = []
    for new, i in enumerate(index):
        if new in closed:
            continue
        seg = page.segments[i]
        vouch = rest | headline if page.markup[i].tag == "title" else rest
        exempt.extend((new, s, e) for s, e in _vouched(seg.text, vouch))
        if seg.role not in GLUE_FREE_ROLES:
            exempt.extend((new, s, e) for s, e in unattached(seg.text))
        if seg.role == "title":
            exempt.extend((new, s, e) for s, e in _site_ranges(page, ctx, i))
    return exempt


@cache
def _rule_of(fired: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The label that the markup signals `fired` give a block (the first of `LABEL_ORDER`
    among theirs), and the signals that give it."""
    label = next(lab for lab in LABEL_ORDER if any(MARKUP_LABELS[n] == lab for n in fired))
    return label, tuple(name for name in fired if MARKUP_LABELS[name] == label)


def _relabel(seg: SegmentReport, label: str, own: tuple[str, ...], view: MarkupView
             ) -> SegmentReport:
    """A block's report after the markup signals `own` gave it `label`."""
    if label == "residue" and seg.label != "clean" and seg.label != "residue":
        return seg
    reasons = tuple(dict.fromkeys((*own, *(seg.reasons if seg.label == label else ()))))
    if label == "residue":
        return seg.ruled(reasons, label="residue",
                         score=seg.score if seg.label == "residue" else max(seg.score, FIRES))
    spans: tuple[Span, ...] = ()
    if label == "injection":
        tokens = [(s.start - seg.start, s.end - seg.start) for s in seg.spans]
        for name in own:
            tokens.extend(contamination_spans(name, view))
        spans = tuple(merge_spans(seg.text, tokens, seg.start, "injection"))
    score = max(RULE_SCORE, seg.score if seg.label == label else 0.0)
    return seg.ruled(reasons, label=label, score=score, spans=spans)


def finish(page: Page, view: HtmlView, report: PageReport, config: Config) -> PageReport:
    """The model's report on the visible blocks, mapped back to every block, with the rules."""
    by_index = {view.index[seg.index]: seg for seg in report.segments}
    use_rules = config.threshold is None or RULE_SCORE >= config.threshold
    segments, rule_hit = [], False
    for i, seg in enumerate(page.segments):
        seg_report = by_index.get(i)
        if seg_report is None:
            seg_report = SegmentReport(i, seg.start, seg.end, seg.text, seg.role, "clean", 1.0)
        else:
            seg_report = seg_report.at(i)
        fired = view.fired[i] if use_rules else tuple(
            n for n in view.fired[i] if MARKUP_LABELS[n] == "residue")
        if fired:
            label, own = _rule_of(fired)
            seg_report = _relabel(seg_report, label, own, MarkupView(view.ctx, i))
            rule_hit = rule_hit or label != "residue"
        segments.append(seg_report)
    segments = _listed_repeats(page, _headline_copies(page, segments), view.ctx.lexicon)
    if use_rules and view.ctx.lexicon is not None:
        segments, headed = _list_heads(page, segments, view.ctx.lexicon)
        rule_hit = rule_hit or headed
    labels = {s.label for s in segments}
    contaminated = bool(labels & CONTAMINATING)
    score = max(report.score or 0.0, RULE_SCORE if rule_hit else 0.0)
    verdict = "contaminated" if contaminated else "residue" if "residue" in labels else "clean"
    return PageReport(page.id, page.path, verdict, score, tuple(segments), page.text, page.kind,
                      page.errors)


HEADLINE_COPY = "headline_copy"
"""Reason of a `<title>` span that repeats an injected span of the `<h1>`."""


def _headline_copies(page: Page, segments: list[SegmentReport]) -> list[SegmentReport]:
    """A brand found injected in the `<h1>` is found where the `<title>` repeats it: the
    title's own copy is vouched for by the headline's words, so the model left it alone,
    and cleaning would have kept it."""
    headline = [(sp.text, seg.score) for seg, m in zip(segments, page.markup, strict=True)
                if m.tag == "h1" and seg.label == "injection" for sp in seg.spans]
    if not headline:
        return segments
    out = []
    for seg, markup in zip(segments, page.markup, strict=True):
        if markup.tag == "title" and seg.label in ("clean", "injection", "residue"):
            have = [(s.start - seg.start, s.end - seg.start) for s in seg.spans]
            found = [(at, at + len(text)) for text, _ in headline for at in _repeats(seg.text, text)
                     if not any(s < at + len(text) and at < e for s, e in have)]
            if found:
                reasons = (HEADLINE_COPY, *(seg.reasons if seg.label == "injection" else ()))
                score = max([seg.score if seg.label == "injection" else 0.0]
                            + [score for _, score in headline])
                seg = seg.ruled(reasons, label="injection", score=score, spans=tuple(
                    merge_spans(seg.text, have + found, seg.start, "injection")))
        out.append(seg)
    return out


def _list_heads(page: Page, segments: list[SegmentReport], lexicon: Lexicon
                ) -> tuple[list[SegmentReport], bool]:
    """`recurring_head` over every block, the lists the model never saw included (every list
    line counts, `is_listed`), not over what people said (`SAID_HINTS`); and whether it
    found a name."""
    blocks = list(enumerate(zip(page.segments, page.markup, strict=True)))
    listed = {i for i, (seg, markup) in blocks if is_listed(seg, markup)}
    said = {i for i, (_, markup) in blocks if SAID_HINTS.intersection(markup.hints)}
    headed, p = head_rule(segments, lexicon, said, RULE_SCORE, listed)
    return list(headed), p > 0


def _listed_repeats(page: Page, segments: list[SegmentReport], lexicon: Lexicon | None
                    ) -> list[SegmentReport]:
    """A brand found injected on the page is promotion where a list item or the page's
    template repeats it (`Seniors Born … — Visit PEAKRISE` in a related list), whole or by
    a coined word of it (`Junwise` of `Junwise Wallet`), and injected where another block
    names it (`_brand_places`): the model does not see template blocks, nor build tokens
    for blocks the gate closed, so page recurrence (`recurrence.recur_on_page`) cannot reach
    them. Only on a
    page already contaminated: its verdict does not change, its cleaning does. Brands are
    looked up by their first word, so a page of many brands and many list items costs
    their words, not their product."""
    brands: Brands = {}
    for seg in segments:
        if seg.label == "injection":
            for span in seg.spans:
                words = tuple(_ALNUM_RUN.findall(span.text))
                names = [words] if sum(map(len, words)) >= COINED_LETTERS else []
                if lexicon is not None and len(words) > 1:
                    names += [(w,) for w in words if lexicon.coined_name(w)]
                for name in names:
                    brands.setdefault(name[0], {}).setdefault(len(name), set()).add(name)
    if not brands:
        return segments
    out = []
    for seg, markup in zip(segments, page.markup, strict=True):
        if seg.label in ("clean", "residue") and (markup.tag == "li" or is_template(markup)):
            if _names_one(_ALNUM_RUN.findall(seg.text), brands):
                seg = seg.ruled((PAGE_RECURRENCE,), label="promo", score=RULE_SCORE, spans=())
        elif seg.label == "clean" and (places := _brand_places(seg, brands)):
            seg = with_tokens(seg, places, RULE_SCORE, PAGE_RECURRENCE)
        out.append(seg)
    return out


def _brand_places(seg: SegmentReport, brands: Brands) -> list[Found]:
    """Where `seg` names one of `brands` (page offsets): a heading or a line of the article
    that repeats a brand found injected elsewhere on the page (`Solvanta: Kenyan runner…`
    under the title `Solvanta: Kenyan runner… - InfoNow Hub`, a lone `Velzara`)."""
    runs = list(_ALNUM_RUN.finditer(seg.text))
    return [Found(seg.start + runs[i].start(), seg.start + runs[i + length - 1].end())
            for i, length in _brand_runs([m.group() for m in runs], brands)]


_ALNUM_RUN = re.compile(r"[^\W_]+")
Brands = dict[str, dict[int, set[tuple[str, ...]]]]
"""Brands as word tuples, by their first word and then their length."""


def _brand_runs(words: list[str], brands: Brands) -> Iterator[tuple[int, int]]:
    """Where the run of `words` holds one of `brands` (letter case kept: an injected name
    keeps its capitals): first word and length. One set look-up per length of the brands a
    word starts."""
    for i, word in enumerate(words):
        for length, names in brands.get(word, {}).items():
            if tuple(words[i : i + length]) in names:
                yield i, length


def _names_one(words: list[str], brands: Brands) -> bool:
    """Does the run of `words` hold one of `brands`?"""
    return next(_brand_runs(words, brands), None) is not None


def _repeats(text: str, span: str) -> list[int]:
    """Where `span` stands in `text`, not as the start of a longer word."""
    out, at = [], text.find(span)
    while at >= 0:
        end = at + len(span)
        if end == len(text) or not text[end].islower():
            out.append(at)
        at = text.find(span, at + 1)
    return out


def score_batch(model: SpamModel, pages: Sequence[Page], config: Config
                ) -> tuple[list[PageReport], BatchScores]:
    """Score text and HTML pages together: one model call for the batch, rules on HTML,
    and on text pages the publisher they name (`spamdet.publisher`).

    Also returns the model outputs (for corpus evidence); for HTML pages they describe the
    page the model saw.
    """
    views = [html_view(page, model.lexicon) if page.markup else None for page in pages]
    model_pages = [view.model_page if view else page
                   for page, view in zip(pages, views, strict=True)]
    gates = [view.gate if view else publisher_gate(page)
             for page, view in zip(pages, views, strict=True)]
    reports, scores = model_score_batch(model, model_pages, config, gates)
    return [finish(page, view, report, config) if view else report
            for page, view, report in zip(pages, views, reports, strict=True)], scores
