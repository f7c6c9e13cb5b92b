"""Segment signals: is this line promotion, template residue, or the article?"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spamdet.context import ARTICLE_ROLES, Layout, PageContext, is_headline_like
from spamdet.records import Segment

SEGMENT_SIGNALS: dict[str, Callable[[SegmentView], float]] = {}

CONTENT_RARITY = 0.45

_COUNTER = re.compile(r"^[^\W\d_][\w!?.' ]{0,30}[(\[]\s*\d[\d,.]*\s*[kKmM]?\s*[)\]]$")
_TEMPLATE_DATE = re.compile(
    r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)"
)
_DATE_LABEL = re.compile(
    r"^(?:date|time|posted|published|updated|last updated|modified|released?)\b\s*(?:on|at)?\s*:?",
    re.I,
)
_BREADCRUMB = re.compile(
    r"(?:^|\s)(?:>|»|›|/|→)\s*\S|^(?:current|you are here|home)\s*[:>»›/]", re.I)
_TRAIL_SYMBOL = re.compile(r"[>»›/→]")
_TRAIL_WORD = re.compile(r"current|you are here|home", re.I)
"""Every `_BREADCRUMB` match holds a trail symbol or starts the line with a trail word."""
_RULE = re.compile(r"^[\W_]+$")
_URL = re.compile(r"https?://|www\.|\.(?:com|net|org|io|co)\b", re.I)
_URL_PARTS = ("http", "www.", ".co", ".net", ".org", ".io")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_BYLINE = re.compile(r"^(?:by|written by|reporting by|edited by|words by|story by)\s+[A-Z]", re.I)
_MONEY_GAIN = re.compile(
    r"\b\d+\s?[xX]\b|\b\d{2,}\s?%|[$€£]\s?\d+(?:[.,]\d+)?\s?[kKmM]?\b|\bx\d{2,}\b", re.I
)
_MONEY_SIGN = re.compile(r"[xX%$€£]")
"""A character every `_MONEY_GAIN` match holds besides its digits."""
_HANDLE = re.compile(r"(?:^|\s)[@#][\w]+")
_DIGIT = re.compile(r"\d")
_AD_LABEL = re.compile(
    r"^(?:[-*•·▪►▶◆■–—>]\s*)?(?:sponsored(?: content| post| links?| stories)?|advertisement|"
    r"advertorial|ads?|promoted(?: content| stories)?|promotion|partner content|paid content|"
    r"paid post|paid partnership|affiliate|from our (?:partners|sponsors))"
    r"(?:\s*[:|•·»–—-]+\s*|\s+by\s+\S+(?:\s*[:|•·»–—-]+\s*|\s+))",
    re.I,
)
_LEAD_QUESTION = re.compile(r"^(?:[-*•·▪►▶◆■–—>]\s*)?(?:[^\W_][^?.!\n]{0,40}?)\?\s+(?=\S)")
_PLAIN_WORD = re.compile(r"[^\W\d_]{2,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SECOND_PERSON = frozenset({"you", "your", "you're", "yours", "u", "ur"})


def segment_signal(fn: Callable[[SegmentView], float]) -> Callable[[SegmentView], float]:
    SEGMENT_SIGNALS[fn.__name__] = fn
    return fn


@dataclass(frozen=True, slots=True)
class SegmentView:
    """One segment seen in its page, with its whole words (normalised) computed once."""

    ctx: PageContext
    seg: Segment
    lay: Layout
    words: tuple[str, ...]
    own: Counter[str]
    """How often each of `words` occurs in this segment, if its words count in the article's
    vocabulary (`ARTICLE_ROLES`); else empty. All of them, also those at suspicious positions
    that `PageContext.article` leaves out: an approximation of what the segment added there."""

    @classmethod
    def of(cls, ctx: PageContext, seg: Segment) -> SegmentView:
        lay = ctx.layouts[seg.index]
        words: dict[int, str] = {}
        for tok in lay.tokens:
            words[tok.word] = words.get(tok.word, "") + tok.norm
        whole = tuple(words.values())
        return cls(ctx, seg, lay, whole, Counter(whole) if seg.role in ARTICLE_ROLES else Counter())

    def used_elsewhere(self, word: str) -> bool:
        """The article uses `word` outside this segment: a line cannot vouch for its own words.
        A word this line holds both at a suspicious position and in its text can read as unused
        (`own` counts both, `article` one). Exact per-segment counts from `PageContext.build`
        were tried on 2026-12-03 and not kept (README, Model and data)."""
        return self.ctx.article.get(word, 0) > self.own.get(word, 0)


# --- residue -------------------------------------------------------------------------------


@segment_signal
def counter_widget(view: SegmentView) -> float:
    """A label with a count in brackets (`veryGood! (15216)`, `Comments (12)`)."""
    return 1.0 if _COUNTER.match(view.seg.text) else 0.0


@segment_signal
def breadcrumb(view: SegmentView) -> float:
    """Navigation trail (`Home > News`, `Current: Home`)."""
    head = view.seg.text[:200]
    if _TRAIL_SYMBOL.search(head) is None and _TRAIL_WORD.match(head) is None:
        return 0.0  # cheap: most lines hold neither
    return 1.0 if _BREADCRUMB.search(head) else 0.0


@segment_signal
def template_date(view: SegmentView) -> float:
    """A short line that is a date or time stamp, or labelled as one."""
    text = view.seg.text
    if view.lay.n_words > 12:
        return 0.0
    labelled = _DATE_LABEL.match(text) is not None
    stamped = _TEMPLATE_DATE.search(text) is not None
    return 1.0 if labelled and stamped else 0.6 if stamped or labelled else 0.0


@segment_signal
def widget_header(view: SegmentView) -> float:
    """A template header such as `Related`, `Ranking`, `Read more`, `Share this article`."""
    if view.ctx.line_keys[view.seg.index].strip(" :.-|") in view.ctx.lexicon.phrases:
        return 1.0
    words = view.words
    if not words or len(words) > 5:
        return 0.0
    return sum(map(view.ctx.lexicon.widgets.__contains__, words)) / len(words)


@segment_signal
def duplicate_line(view: SegmentView) -> float:
    """The same line occurs again on the page."""
    return 1.0 if view.ctx.lines[view.ctx.line_keys[view.seg.index]] >= 2 else 0.0


@segment_signal
def list_marker(view: SegmentView) -> float:
    return 1.0 if view.seg.role == "list_item" else 0.0


@segment_signal
def headline_run(view: SegmentView) -> float:
    """One of three or more consecutive headline-shaped lines: a list of other stories."""
    return 1.0 if view.seg.index in view.ctx.headline_rows else 0.0


@segment_signal
def rule_line(view: SegmentView) -> float:
    """Only punctuation (`___`, `***`)."""
    return 1.0 if _RULE.match(view.seg.text) else 0.0


@segment_signal
def url_present(view: SegmentView) -> float:
    text = view.seg.text
    if text.isascii():  # what every `_URL` match holds, as plain substrings (4x faster),
        low = view.ctx.line_keys[view.seg.index]  # in the line lower-cased (no spaces in them)
        if not any(part in low for part in _URL_PARTS):
            return 0.0
    return 1.0 if _URL.search(text) else 0.0


def names_copyright(text: str) -> bool:
    """Does the line hold a copyright notice (`©`, `(c)`, `Copyright`, `All rights
    reserved`)?"""
    if text.isascii():  # `_COPYRIGHT` on ASCII text, as plain substrings (5x faster)
        low = text.lower()
        return "copyright" in low or "(c)" in low or "all rights reserved" in low
    return bool(_COPYRIGHT.search(text))


@segment_signal
def copyright_notice(view: SegmentView) -> float:
    return 1.0 if names_copyright(view.seg.text) else 0.0


@segment_signal
def byline(view: SegmentView) -> float:
    """`By Jane Doe`: a byline is part of the article, not residue or spam."""
    return 1.0 if _BYLINE.match(view.seg.text) and view.lay.n_words <= 12 else 0.0


@segment_signal
def widget_word_share(view: SegmentView) -> float:
    """Share of words that are template vocabulary (share, subscribe, comments …)."""
    words = view.words
    return sum(map(view.ctx.lexicon.widgets.__contains__, words)) / len(words) if words else 0.0


@segment_signal
def no_terminal_punct(view: SegmentView) -> float:
    return 0.0 if view.seg.text[-1] in ".!?\"'”’)" else 1.0


@segment_signal
def before_article(view: SegmentView) -> float:
    return 1.0 if view.seg.index < view.ctx.first_body else 0.0


@segment_signal
def after_article(view: SegmentView) -> float:
    return 1.0 if view.seg.index > view.ctx.last_body >= 0 else 0.0


@segment_signal
def between_article(view: SegmentView) -> float:
    """Between the article's first and last paragraph."""
    ctx = view.ctx
    return 1.0 if ctx.first_body < view.seg.index < ctx.last_body else 0.0


# --- promotion -----------------------------------------------------------------------------


@segment_signal
def promo_words(view: SegmentView) -> float:
    """Promotional and call-to-action vocabulary (scaled count)."""
    promo = view.ctx.lexicon.promo
    return min(1.0, sum(map(promo.__contains__, view.words)) / 4.0)


@segment_signal
def crypto_words(view: SegmentView) -> float:
    """Crypto-promotion vocabulary (scaled count)."""
    crypto = view.ctx.lexicon.crypto
    return min(1.0, sum(map(crypto.__contains__, view.words)) / 2.0)


@segment_signal
def offtopic_crypto(view: SegmentView) -> float:
    """Crypto vocabulary on a page whose article is not about crypto."""
    if view.ctx.article_crypto >= 3:
        return 0.0
    return crypto_words(view)


@segment_signal
def brand_colon_headline(view: SegmentView) -> float:
    """`WEOWNCOIN: The …`: a short capitalised lead chunk the article never uses, then any
    separator (`:`, `|`, `★`…)."""
    lay, ctx = view.lay, view.ctx
    lead = lay.chunks[0] if len(lay.chunk_sizes) > 1 else ()
    if not lead or len(lead) > 3 or lay.main_chunk == 0 or lead[-1].end <= lay.zone:
        return 0.0
    if not all(t.text[0].isupper() for t in lead):
        return 0.0
    return sum(not ctx.article.get(t.norm) for t in lead) / len(lead)


@segment_signal
def unknown_name(view: SegmentView) -> float:
    """A capitalised word English at large does not know and the article uses nowhere else:
    the brand a promotion is about (`Need cash fast? IonWave payday loans`)."""
    web, article, own = view.ctx.lexicon.web, view.ctx.article, view.own
    for parts, word in zip(view.lay.words, view.words, strict=True):
        if (parts[0].text[:1].isupper() and len(word) > 2 and not word.isdigit()
                and not web.get(word, 0.0) and article.get(word, 0) <= own.get(word, 0)):
            return 1.0  # `web_of` and `used_elsewhere`, inlined: once per word
    return 0.0


@segment_signal
def promo_headline(view: SegmentView) -> float:
    """A brand-colon headline that also speaks the promotion vocabulary."""
    vocab = max(promo_words(view), crypto_words(view))
    return min(1.0, vocab * 2.0) * brand_colon_headline(view)


@segment_signal
def promo_in_list(view: SegmentView) -> float:
    """Promotion vocabulary in a run of headlines, where promotions hide among related stories."""
    promo = max(promo_words(view), offtopic_crypto(view))
    return promo * max(headline_run(view), list_marker(view))


@segment_signal
def ad_label(view: SegmentView) -> float:
    """An advertising disclosure that heads a pitch (`Sponsored: …`, `Promoted by X • …`,
    `Partner content: …`); the label alone on its line is a widget header, not this."""
    match = _AD_LABEL.match(view.seg.text)
    if match is None:
        return 0.0
    return 1.0 if len(_PLAIN_WORD.findall(view.seg.text, match.end())) >= 3 else 0.0


@segment_signal
def question_pitch(view: SegmentView) -> float:
    """A short question, then a name the article and English at large do not know
    (`Denied by your bank? Brand says YES`, `Tired of swiping? Try Brand`)."""
    match = _LEAD_QUESTION.match(view.seg.text)
    if match is None or len(_PLAIN_WORD.findall(view.seg.text, match.end())) < 2:
        return 0.0
    return unknown_name(view)


@segment_signal
def topic_distance(view: SegmentView) -> float:
    """Share of the segment's content words the article uses nowhere else."""
    rarity = view.ctx.lexicon.rarity
    content = [w for w in view.words if rarity.get(w, 1.0) >= CONTENT_RARITY]
    if not content:
        return 0.0
    article, own = view.ctx.article, view.own  # `used_elsewhere`, inlined: once per word
    return sum(article.get(w, 0) <= own.get(w, 0) for w in content) / len(content)


@segment_signal
def exclamation(view: SegmentView) -> float:
    return min(1.0, view.seg.text.count("!") / 2.0)


@segment_signal
def symbol_share(view: SegmentView) -> float:
    """Share of characters that are emoji or other symbols."""
    text = view.seg.text[:500]
    if text.isascii():  # the only ASCII symbols of these categories are ^ and ` (Sk)
        symbols = text.count("^") + text.count("`")
    else:
        symbols = text.count("^") + text.count("`") + sum(
            unicodedata.category(c) in ("So", "Sk", "Cs") for c in _NON_ASCII.findall(text))
    return min(1.0, 5.0 * symbols / len(text)) if text else 0.0


@segment_signal
def money_gain(view: SegmentView) -> float:
    """`100x`, `500%`, `$5k`: promised gains and prices."""
    text = view.seg.text
    if _DIGIT.search(text, 0, 1000) is None:  # every form has a digit; most lines have none
        return 0.0
    head = text[:1000]
    if _MONEY_SIGN.search(head) is None:
        return 0.0
    return min(1.0, len(_MONEY_GAIN.findall(head)) / 2.0)


@segment_signal
def handles_hashtags(view: SegmentView) -> float:
    text = view.seg.text
    if "@" not in text and "#" not in text:
        return 0.0
    return min(1.0, len(_HANDLE.findall(text[:1000])) / 2.0)


@segment_signal
def second_person(view: SegmentView) -> float:
    words = view.words
    if not words:
        return 0.0
    return min(1.0, 4.0 * sum(map(_SECOND_PERSON.__contains__, words)) / len(words))


@segment_signal
def caps_share(view: SegmentView) -> float:
    """Share of words written in capitals."""
    tokens = [t for t in view.lay.tokens if len(t.text) >= 2]
    return sum(t.text.isupper() for t in tokens) / len(tokens) if tokens else 0.0


# --- shape and place -----------------------------------------------------------------------


@segment_signal
def word_count(view: SegmentView) -> float:
    return min(1.0, math.log1p(view.lay.n_words) / math.log1p(80))


@segment_signal
def relative_position(view: SegmentView) -> float:
    n = len(view.ctx.page.segments)
    return view.seg.index / (n - 1) if n > 1 else 0.0


@segment_signal
def role_title(view: SegmentView) -> float:
    return 1.0 if view.seg.role == "title" else 0.0


@segment_signal
def role_dateline(view: SegmentView) -> float:
    return 1.0 if view.seg.role == "dateline" else 0.0


@segment_signal
def role_body(view: SegmentView) -> float:
    return 1.0 if view.seg.role == "body" else 0.0


@segment_signal
def role_short(view: SegmentView) -> float:
    return 1.0 if view.seg.role == "short" else 0.0


@segment_signal
def headline_shape(view: SegmentView) -> float:
    """Headline-shaped: a few words, no closing full stop, not a paragraph."""
    return 1.0 if is_headline_like(view.seg, view.lay) else 0.0
