"""Token signals: is this word a brand someone glued into good text?

A brand never seen before gives itself away by where it stands and how it is
attached, not by its spelling: glued to a neighbour, fronting or trailing a
headline behind a separator, wedged into a dateline, alone on a line, and absent
from the article's own vocabulary.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from spamdet.context import (
    GLUE_BEFORE,
    Layout,
    PageContext,
    Token,
)
from spamdet.normalize import MARK, compose
from spamdet.records import Segment

TOKEN_SIGNALS: dict[str, Callable[[TokenView], float]] = {}

COMMON_RARITY = 0.5
STUB_WORDS = 4
"""A sentence stub: at most this many words between a sentence's end and a separator."""
SEPARATOR_CHARS = frozenset(":|_-–—~•·»>/\\[]【】「」『』《》〈〉")
TERMINAL = frozenset(".!?\"'”’")


def token_signal(fn: Callable[[TokenView], float]) -> Callable[[TokenView], float]:
    TOKEN_SIGNALS[fn.__name__] = fn
    return fn


def per_chunk(fn: Callable[[TokenView], float]) -> Callable[[TokenView], float]:
    """For a signal that depends only on the token's chunk: compute it once per chunk and page
    (the chunk's other candidate tokens read it from `PageContext.memo`)."""
    name = fn.__name__

    @wraps(fn)
    def once(view: TokenView) -> float:
        key = (name, view.seg.index, view.tok.chunk)
        memo = view.ctx.memo
        value = memo.get(key)
        if value is None:
            value = memo[key] = fn(view)
        return value

    return once


@dataclass(slots=True, eq=False)
class TokenView:
    """One candidate token seen in its line and page (read-only by convention, not `frozen`:
    see `Token`)."""

    ctx: PageContext
    seg: Segment
    lay: Layout
    i: int
    tok: Token

    @property
    def prev(self) -> Token | None:
        return self.lay.tokens[self.i - 1] if self.i > 0 else None

    @property
    def next(self) -> Token | None:
        return self.lay.tokens[self.i + 1] if self.i + 1 < len(self.lay.tokens) else None

    def chunk_tokens(self) -> tuple[Token, ...]:
        return self.lay.chunks[self.tok.chunk]

    def word_parts(self) -> tuple[Token, ...]:
        return self.lay.words[self.tok.word]

    def word_norm(self) -> str:
        """The whole word this token is a part of, normalised."""
        parts = self.lay.words[self.tok.word]
        return parts[0].norm if len(parts) == 1 else "".join(t.norm for t in parts)


def candidates(ctx: PageContext, seg: Segment, lay: Layout) -> list[int]:
    """Indices of tokens worth scoring: those at positions where brands are injected.

    Lower-case common words are skipped unless glued: they are never a brand's first word,
    and a brand's later words join its span through the span extension in scoring.
    """
    everything = seg.role in ("title", "short", "list_item") or lay.n_words <= 8
    last_word = lay.n_words - 1
    rarity = ctx.lexicon.rarity
    picked = []
    for i, tok in enumerate(lay.tokens):
        if len(tok.text) < 2 or tok.text.isdigit():
            continue
        glued = tok.part > 0 or tok.glued
        if not glued and tok.text.islower() and rarity.get(tok.norm, 1.0) < COMMON_RARITY:
            continue
        if (
            everything
            or glued
            or tok.word in (0, last_word)
            or tok.start < lay.zone
            or lay.is_side(tok)
            or _before_separator(lay, tok)
        ):
            picked.append(i)
    return picked


def _before_separator(lay: Layout, tok: Token) -> bool:
    """Among the last `STUB_WORDS` words of a chunk a separator ends (`month. Brand ★ The`)."""
    last = lay.chunks[tok.chunk][-1]
    return tok.chunk < len(lay.chunks) - 1 and last.word - tok.word < STUB_WORDS


def _known(view: TokenView, word: str) -> bool:
    lex = view.ctx.lexicon
    return word in lex.places or word in lex.outlets or word in lex.months


# --- how the token is attached -------------------------------------------------------------


@token_signal
def glued_to_word(view: TokenView) -> float:
    """A capitalised part glued to a lower-case word (`NewsPoinbank`)."""
    prev = view.prev
    tok = view.tok
    if tok.part < 2 or prev is None or len(prev.text) < 3 or not tok.text[0].isupper():
        return 0.0
    return 1.0 if prev.text[-1].islower() else 0.5


@token_signal
def glued_after_punct(view: TokenView) -> float:
    """Punctuation then the token, no space (`SEOUL,Poinbank`)."""
    tok = view.tok
    if tok.part > 1 or not tok.glued:
        return 0.0
    return 1.0 if view.seg.text[tok.start - 1] in ",;)]}" else 0.7


@token_signal
def glued_to_separator(view: TokenView) -> float:
    """The token runs into a separator and the next word without a space (`Poinbank:Chinese`)."""
    text, end = view.seg.text, view.tok.end
    if end + 1 >= len(text) or text[end] not in SEPARATOR_CHARS or text[end] == "-":
        return 0.0
    return 1.0 if text[end + 1].isalnum() else 0.0


@token_signal
def hyphen_glued(view: TokenView) -> float:
    """Joined by a bare hyphen to a capitalised word (`Brand-NEW YORK`, not `well-known`)."""
    text, start, end = view.seg.text, view.tok.start, view.tok.end
    after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper()
    before = start >= 2 and text[start - 1] == "-" and (
        text[start - 2].isalpha() or MARK.match(text[start - 2]) is not None)
    return 1.0 if (after or before) and view.tok.text[0].isupper() else 0.0


@token_signal
def word_glued_to_separator(view: TokenView) -> float:
    """The whole word (all its camel parts) runs into a separator (`MavPay:Exxon`)."""
    last = view.word_parts()[-1]
    text, end = view.seg.text, last.end
    if end + 1 >= len(text) or text[end] not in SEPARATOR_CHARS or text[end] == "-":
        return 0.0
    return 1.0 if text[end + 1].isalnum() else 0.0


@token_signal
def camel_word_unknown(view: TokenView) -> float:
    """A camel-case word neither the lexicon nor the article knows (`VitalEdge`, `MavPay`)."""
    if view.tok.n_parts < 2:
        return 0.0
    return 1.0 - camel_word_known(view)


@token_signal
def separator_asymmetric(view: TokenView) -> float:
    """A separator spaced on one side only, next to the token (` -VitalEdge`, `Brand| Title`)."""
    text, start, end = view.seg.text, view.tok.start, view.tok.end
    before = start >= 2 and text[start - 1] in SEPARATOR_CHARS and text[start - 2] == " "
    after = end + 1 < len(text) and text[end] in SEPARATOR_CHARS and text[end + 1] == " "
    return 1.0 if before or (after and view.tok.word == 0) else 0.0


@token_signal
def camel_compound(view: TokenView) -> float:
    """Part of a camel-case compound of real words (`VitalEdge`), not `McDonald` or `iPhone`."""
    tok = view.tok
    if tok.n_parts < 2:
        return 0.0
    parts = view.word_parts()
    return 1.0 if all(len(t.text) >= 3 for t in parts) else 0.0


@token_signal
def camel_word_known(view: TokenView) -> float:
    """The whole camel-case word is a known word or in the article (`YouTube`, `PlayStation`)."""
    if view.tok.n_parts < 2:
        return 0.0
    word = view.word_norm()
    return 1.0 if word in view.ctx.article or word in view.ctx.lexicon.rarity else 0.0


# --- where the token stands ----------------------------------------------------------------


@token_signal
def title_line(view: TokenView) -> float:
    """In the page's first line, where titles and their injected prefixes stand."""
    return 1.0 if view.seg.role == "title" else 0.0


@token_signal
def header_area(view: TokenView) -> float:
    """Above the article's first paragraph."""
    return 1.0 if view.seg.index < view.ctx.first_body else 0.0


@token_signal
def footer_area(view: TokenView) -> float:
    """Below the article's last paragraph (related lists, widgets)."""
    return 1.0 if view.seg.index > view.ctx.last_body >= 0 else 0.0


@token_signal
def leading_side_chunk(view: TokenView) -> float:
    """In a short chunk before the line's main chunk (`Poinbank: headline`)."""
    return 1.0 if view.lay.is_side(view.tok) and view.tok.chunk < view.lay.main_chunk else 0.0


@token_signal
def trailing_side_chunk(view: TokenView) -> float:
    """In a short chunk after the line's main chunk (`headline - VitalEdge Finance Pro`)."""
    return 1.0 if view.lay.is_side(view.tok) and view.tok.chunk > view.lay.main_chunk else 0.0


@token_signal
def chunk_next_to_main(view: TokenView) -> float:
    """Its side chunk touches the main chunk (a breadcrumb further out does not)."""
    lay = view.lay
    return 1.0 if lay.is_side(view.tok) and abs(view.tok.chunk - lay.main_chunk) == 1 else 0.0


@token_signal
def main_chunk_repeated(view: TokenView) -> float:
    """The line's main chunk is another line too (a headline repeated with extras glued on)."""
    if not view.lay.is_side(view.tok):
        return 0.0
    return 1.0 if view.ctx.mains[view.ctx.main_keys[view.seg.index]] >= 2 else 0.0


@token_signal
def first_word(view: TokenView) -> float:
    return 1.0 if view.tok.word == 0 else 0.0


@token_signal
def last_word(view: TokenView) -> float:
    return 1.0 if view.tok.word == view.lay.n_words - 1 else 0.0


@token_signal
def dateline_zone(view: TokenView) -> float:
    """Inside a dateline (`SEOUL, South Korea (AP) —`)."""
    return 1.0 if view.tok.start < view.lay.zone else 0.0


@token_signal
def dateline_foreign(view: TokenView) -> float:
    """In a dateline but neither a place, a month, an agency nor an all-caps city."""
    tok = view.tok
    if tok.start >= view.lay.zone or tok.word == 0 or _known(view, tok.norm):
        return 0.0
    return 1.0 if tok.text[0].isupper() else 0.5


@token_signal
def dateline_first_word(view: TokenView) -> float:
    """The first word of a dateline: where the city stands (`Longmont, Colo. (AP) -`)."""
    return 1.0 if view.tok.start < view.lay.zone and view.tok.word == 0 else 0.0


@token_signal
def before_caps_word(view: TokenView) -> float:
    """Followed by a word in capitals (`Brand SEOUL (AP)`, `Brand-NEW YORK`)."""
    nxt = view.next
    return 1.0 if nxt is not None and len(nxt.text) >= 3 and nxt.text.isupper() else 0.0


@per_chunk
def _stub_start(view: TokenView) -> float:
    """The first word of the few capitalised words that end the token's chunk after a
    finished sentence, when a separator and a new sentence follow them; -1 if there are none.
    Speech (`Ms Brankin said: "…`) and asides (`Tromans - the reigning champion`) are no stub."""
    lay, text = view.lay, view.seg.text
    following = next((c for c in lay.chunks[view.tok.chunk + 1 :] if c), None)
    if following is None or not following[0].text[0].isupper():
        return -1.0
    chunk = lay.chunks[view.tok.chunk]
    head = text[chunk[0].start : chunk[-1].end]
    stop = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if stop < 0:
        return -1.0
    stub = [t for t in chunk if t.start > chunk[0].start + stop]
    if not stub or stub[-1].word - stub[0].word >= STUB_WORDS or "," in head[stop:]:
        return -1.0
    if any(not t.text[0].isupper() and not t.text[0].isdigit() for t in stub[1:]):
        return -1.0
    gap = text[chunk[-1].end : following[0].start]
    return -1.0 if any(q in gap for q in "\"“‘'(") else float(stub[0].word)


@token_signal
def sentence_stub(view: TokenView) -> float:
    """Among a few words between a finished sentence and a separator: a brand put before a
    sentence inside a paragraph (`… this month. Brand ★ The ministers …`)."""
    start = _stub_start(view)
    return 1.0 if 0 <= start <= view.tok.word else 0.0


@token_signal
@per_chunk
def after_finished_sentence(view: TokenView) -> float:
    """In a short chunk after a separator that follows a finished sentence: a brand put after
    a paragraph (`… investment analysts said. ⟫ Brand`)."""
    lay, tok = view.lay, view.tok
    if tok.chunk == 0 or not lay.is_side(tok):
        return 0.0
    before = next((c for c in reversed(lay.chunks[: tok.chunk]) if c), None)
    if before is None:
        return 0.0
    gap = view.seg.text[before[-1].end : lay.chunks[tok.chunk][0].start]
    return 1.0 if any(c in ".!?" for c in gap) else 0.0


@token_signal
def short_line(view: TokenView) -> float:
    """A line of four words or fewer."""
    return 1.0 if view.lay.n_words <= 4 else 0.0


@token_signal
def name_only_line(view: TokenView) -> float:
    """A line that is only a capitalised name (`Chainkeen View`)."""
    lay, text = view.lay, view.seg.text
    if lay.n_words > 5 or view.seg.role == "title" or text[-1] in TERMINAL:
        return 0.0
    return 1.0 if all(t.text[0].isupper() for t in lay.tokens if t.part <= 1) else 0.0


@token_signal
def in_headline_list(view: TokenView) -> float:
    """The line is one of a run of headline-shaped lines: a list of other stories."""
    return 1.0 if view.seg.index in view.ctx.headline_rows else 0.0


@token_signal
def list_item_line(view: TokenView) -> float:
    return 1.0 if view.seg.role == "list_item" else 0.0


@token_signal
def line_repeated(view: TokenView) -> float:
    """The whole line occurs more than once on the page (template debris)."""
    return 1.0 if view.ctx.lines[view.ctx.line_keys[view.seg.index]] >= 2 else 0.0


@token_signal
def after_byline_word(view: TokenView) -> float:
    """Preceded by `By`, `Reporting by`, `Editing by`: a byline name, not a brand."""
    prev = view.prev
    if prev is not None and prev.norm in ("by", "writer", "correspondent", "editor", "reporter"):
        return 1.0
    head = view.lay.tokens[0].norm
    return 1.0 if head in ("by", "reporting", "editing", "writing", "additional") else 0.0


# --- the token against the article and the language -----------------------------------------


@token_signal
def absent_from_article(view: TokenView) -> float:
    """Neither the token nor its whole word occurs in the article outside suspicious positions."""
    article = view.ctx.article
    if article.get(view.tok.norm) or article.get(view.word_norm()):
        return 0.0
    return 1.0


@token_signal
def article_count(view: TokenView) -> float:
    """How often the article itself uses the word (log-scaled)."""
    return min(1.0, math.log1p(view.ctx.article.get(view.tok.norm, 0)) / 3.0)


@token_signal
def article_size(view: TokenView) -> float:
    """How much article there is to compare against: with none, absence proves nothing."""
    return min(1.0, math.log1p(view.ctx.article_words) / math.log1p(300))


@token_signal
def rarity(view: TokenView) -> float:
    """Rarity in the clean-text lexicon (1 for never seen)."""
    return view.ctx.lexicon.rarity_of(view.tok.norm)


@token_signal
def web_common(view: TokenView) -> float:
    """How common the word is in English at large (wordfreq, Zipf / 8; 0 if never seen):
    venues, towns and people are, invented brand names are not."""
    return view.ctx.lexicon.web_of(view.tok.norm)


@token_signal
def unknown_word(view: TokenView) -> float:
    """Not in the clean-text lexicon at all."""
    return 0.0 if view.tok.norm in view.ctx.lexicon.rarity else 1.0


@token_signal
def common_word(view: TokenView) -> float:
    return 1.0 if view.ctx.lexicon.rarity_of(view.tok.norm) < COMMON_RARITY else 0.0


@token_signal
def place_word(view: TokenView) -> float:
    return 1.0 if view.tok.norm in view.ctx.lexicon.places else 0.0


@token_signal
def outlet_word(view: TokenView) -> float:
    return 1.0 if view.tok.norm in view.ctx.lexicon.outlets else 0.0


@token_signal
def month_word(view: TokenView) -> float:
    return 1.0 if view.tok.norm in view.ctx.lexicon.months else 0.0


@token_signal
def widget_word(view: TokenView) -> float:
    return 1.0 if view.tok.norm in view.ctx.lexicon.widgets else 0.0


@token_signal
def recurs_suspicious(view: TokenView) -> float:
    """Seen at two or more suspicious positions on the page and never in the article."""
    ctx, word = view.ctx, view.tok.norm
    return 1.0 if ctx.suspicious.get(word, 0) >= 2 and not ctx.article.get(word) else 0.0


@token_signal
@per_chunk
def chunk_absent_share(view: TokenView) -> float:
    """Share of its chunk's words that the article never uses and no list knows."""
    chunk = view.chunk_tokens()
    ctx = view.ctx
    absent = [t for t in chunk if not ctx.article.get(t.norm) and not _known(view, t.norm)]
    return len(absent) / len(chunk) if chunk else 0.0


@token_signal
@per_chunk
def chunk_glued(view: TokenView) -> float:
    """Some word of its chunk is glued or camel-case: evidence shared by a multi-word brand."""
    return 1.0 if any(t.part > 1 or t.glued for t in view.chunk_tokens()) else 0.0


@token_signal
@per_chunk
def chunk_short(view: TokenView) -> float:
    """Its chunk has at most three words."""
    return 1.0 if len({t.word for t in view.chunk_tokens()}) <= 3 else 0.0


# --- the token's shape ---------------------------------------------------------------------


@token_signal
def capitalized(view: TokenView) -> float:
    return 1.0 if view.tok.text[:1].isupper() else 0.0


@token_signal
def all_caps(view: TokenView) -> float:
    text = view.tok.text
    return 1.0 if len(text) >= 2 and text.isupper() else 0.0


@token_signal
def caps_in_mixed_line(view: TokenView) -> float:
    """All capitals in a line that is not written in capitals."""
    text = view.tok.text
    if len(text) < 3 or not text.isupper():
        return 0.0
    key = ("caps_in_mixed_line", view.seg.index, -1)
    mixed = view.ctx.memo.get(key)
    if mixed is None:  # once per line, not per capitalised token
        letters = [c for c in view.seg.text if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        mixed = view.ctx.memo[key] = 1.0 if letters and upper / len(letters) < 0.5 else 0.0
    return mixed


@token_signal
def obfuscated(view: TokenView) -> float:
    """Written with zero-width characters or look-alike letters (`Poin\u200bbank`, Cyrillic `о`)."""
    tok = view.tok
    written = view.seg.text[tok.start : tok.end]
    return 0.0 if written == tok.text or compose(written) == tok.text else 1.0


@token_signal
def has_digit(view: TokenView) -> float:
    return 1.0 if any(map(str.isdigit, view.tok.text)) else 0.0


@token_signal
def long_token(view: TokenView) -> float:
    """Length beyond four characters, scaled (brands are rarely two letters)."""
    return min(1.0, max(0, len(view.tok.text) - 3) / 8.0)


@token_signal
def lowercase_token(view: TokenView) -> float:
    return 1.0 if view.tok.text.islower() else 0.0


@token_signal
def before_agency_tag(view: TokenView) -> float:
    """Right before `(AP)`, `(Reuters)`: the place in a real dateline."""
    text, end = view.seg.text, view.tok.end
    return 1.0 if text[end : end + 2] == " (" and text[end + 2 : end + 3].isupper() else 0.0


@token_signal
def glue_context_char(view: TokenView) -> float:
    """The character before the token is punctuation of the glue kind, whatever the spacing."""
    start = view.tok.start
    return 1.0 if start and view.seg.text[start - 1] in GLUE_BEFORE else 0.0


# --- conjunctions a linear model cannot form on its own ---------------------------------------


Combo = tuple
"""`("min" | "max", part, ...)`, each part a signal name or another `Combo`."""
TOKEN_COMBOS: dict[str, Combo] = {}
"""Signals that are a min or max of other signals. A feature matrix computes them from the
columns of their parts (`features.signal_matrix`): exact, as rounding to float32 keeps order."""


def combo_value(combo: Combo, view: TokenView) -> float:
    how, *parts = combo
    values = [combo_value(p, view) if isinstance(p, tuple) else TOKEN_SIGNALS[p](view)
              for p in parts]
    return min(values) if how == "min" else max(values)


def combo_signal(name: str, combo: Combo, doc: str) -> Callable[[TokenView], float]:
    """Register signal `name` as `combo` of other signals (a conjunction a linear model cannot
    form on its own): per view it evaluates the parts, in a matrix it reads their columns."""

    def signal(view: TokenView) -> float:
        return combo_value(combo, view)

    signal.__name__ = signal.__qualname__ = name
    signal.__doc__ = doc
    TOKEN_COMBOS[name] = combo
    return token_signal(signal)


absent_side_capital = combo_signal(
    "absent_side_capital",
    ("min", "capitalized", ("max", "leading_side_chunk", "trailing_side_chunk"),
     "absent_from_article"),
    "Capitalised, in a side chunk, and absent from the article: the classic brand slot.")
absent_glued = combo_signal(
    "absent_glued",
    ("min", ("max", "glued_to_word", "glued_after_punct", "glued_to_separator"),
     "absent_from_article"),
    "Glued to a neighbour and absent from the article.")
absent_rare_title = combo_signal(
    "absent_rare_title", ("min", "title_line", "absent_from_article", "rarity"),
    "A rare word in the title that the article never uses.")
absent_name_line = combo_signal(
    "absent_name_line", ("min", "name_only_line", "chunk_absent_share"),
    "A name-only line whose words the article never uses.")
